using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderPlatform.Bench;

/// <summary>The raw ceilings of the two servers the platform runs on, measured in the same run.</summary>
public static class Infrastructure
{
    /// <summary>Single-row INSERT transactions from <paramref name="connections"/> connections for a few seconds.</summary>
    public static async Task<double> PostgresCommitsPerSecondAsync(int port, int connections = 8, double seconds = 5)
    {
        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size={connections + 2}";
        await using (var setup = new NpgsqlConnection(cs))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, payload text NOT NULL)", setup).ExecuteNonQueryAsync();
        }
        var stop = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var n = 0;
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commits (payload) VALUES ('order-platform-bench')", c);
            while (stop.Elapsed.TotalSeconds < seconds) { await insert.ExecuteNonQueryAsync(); n++; }
            return n;
        }));
        return counts.Sum() / stop.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Messages RabbitMQ has delivered to consumers since it started (its management API's deliver_get), read after
    /// one statistics interval (5 s) so that the deliveries just made are counted.
    /// </summary>
    public static async Task<long> RabbitDeliveriesAsync(int port)
    {
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 10000}/api/") };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var overview = await http.GetFromJsonAsync<JsonNode>("overview");
        return overview?["message_stats"]?["deliver_get"]?.GetValue<long>() ?? 0;
    }

    /// <summary>Persistent messages published with confirms and consumed with acks through one durable queue.</summary>
    public static async Task<double> RabbitPublishConsumePerSecondAsync(int port, int messages = 20000, int inFlight = 200)
    {
        var factory = new ConnectionFactory { Uri = new Uri($"amqp://guest:guest@127.0.0.1:{port}/") };
        await using var connection = await factory.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumerChannel = await connection.CreateChannelAsync();
        var queue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
        await consumerChannel.BasicQosAsync(0, 500, false);

        var received = 0;
        var done = new TaskCompletionSource();
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
            if (Interlocked.Increment(ref received) == messages) done.TrySetResult();
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var body = Encoding.UTF8.GetBytes(new string('x', 512));
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>(inFlight);
        for (var i = 0; i < messages; i++)
        {
            pending.Add(publisher.BasicPublishAsync("", queue, false, properties, body).AsTask());
            if (pending.Count == inFlight) { await Task.WhenAll(pending); pending.Clear(); }
        }
        await Task.WhenAll(pending);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Messages written to the outbox (summed over every service database) and WAL flushes of the
    /// server (each one a durable commit, or a group of commits flushed together).
    /// </summary>
    public static async Task<(long OutboxRows, long WalSyncs)> PlatformCountersAsync(int port, IEnumerable<string> databases)
    {
        long rows = 0, syncs = 0;
        foreach (var db in databases)
        {
            await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database={db}");
            await c.OpenAsync();
            rows += (long)(await new NpgsqlCommand("SELECT count(*) FROM outbox_messages", c).ExecuteScalarAsync())!;
            syncs = (long)(await new NpgsqlCommand("SELECT wal_sync FROM pg_stat_wal", c).ExecuteScalarAsync())!;
        }
        return (rows, syncs);
    }

    /// <summary>Clears PostgreSQL's statement statistics (the platform was started with --postgres-statement-stats); false if they are not loaded.</summary>
    public static async Task<bool> ResetStatementStatsAsync(int port)
    {
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        await c.OpenAsync();
        try
        {
            await new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", c).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT pg_stat_statements_reset()", c).ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException) { return false; }
    }

    /// <summary>The statements that took the most server time since the reset, each as calls per order and mean time.</summary>
    public static async Task<List<string>> TopStatementsAsync(int port, int orders, int top = 12)
    {
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        await c.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT d.datname, s.calls, s.total_exec_time, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname <> 'postgres' ORDER BY s.total_exec_time DESC LIMIT $1
            """, c);
        query.Parameters.AddWithValue(top);
        var lines = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (db, calls, ms, sql) = (reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetString(3));
            lines.Add($"  {ms / 1000,6:0.0} s  {calls / (double)orders,5:0.0}/order  {ms / calls,7:0.00} ms  {db,-14} {(sql.Length > 90 ? sql[..90] + "…" : sql)}");
        }
        return lines;
    }
}

/// <summary>Memory (PSS) and CPU of the platform: every process descended from the AppHost, read from /proc.</summary>
public static class ProcessTree
{
    public sealed record Sample(int Pid, string Name, long PssKb, double CpuSeconds);

    /// <summary>CPU seconds used so far by the whole platform (cheap: no memory read).</summary>
    public static double CpuSeconds(int rootPid) => Read(rootPid, withMemory: false).Sum(s => s.CpuSeconds);

    public static IReadOnlyList<Sample> Read(int rootPid, bool withMemory = true)
    {
        var parents = new Dictionary<int, int>();
        var stats = new Dictionary<int, (string Name, long Ticks)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
                // utime + stime, and cutime + cstime: a child that has exited (a PostgreSQL backend whose
                // connection the pool closed) keeps counting through its parent.
                stats[pid] = (stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')], fields[11..15].Sum(long.Parse));
            }
            catch (IOException) { }
        }
        // The AppHost's orchestrator (DCP) runs detached, its API server watching the AppHost ("--monitor <pid>"):
        // it and everything it started (servers, services, the dashboard) belong to the platform too.
        var roots = new HashSet<int> { rootPid };
        foreach (var pid in parents.Keys)
        {
            try { if (File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains($"--monitor {rootPid} ")) roots.Add(pid); }
            catch (IOException) { }
        }
        bool Descends(int pid) { for (var p = pid; p > 1; p = parents.GetValueOrDefault(p)) if (roots.Contains(p)) return true; return false; }
        var ticks = 100.0;
        var result = new List<Sample>();
        foreach (var pid in parents.Keys.Where(Descends))
        {
            long rss = 0;
            if (withMemory)
            {
                try
                {
                    // PSS: shared pages (PostgreSQL's shared buffers, the .NET runtime) counted once across processes.
                    var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:"));
                    if (line is not null) rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                }
                catch (IOException) { continue; }
            }
            var name = stats[pid].Name;
            if (name == "dotnet")
            {
                try { name = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Skip(1).FirstOrDefault() is { } dll ? Path.GetFileNameWithoutExtension(dll) : name; }
                catch (IOException) { }
            }
            result.Add(new Sample(pid, name, rss, stats[pid].Ticks / ticks));
        }
        return result;
    }

    /// <summary>Groups by program (all postgres backends together, all Erlang processes together).</summary>
    public static Dictionary<string, (long PssKb, double CpuSeconds)> ByProgram(IReadOnlyList<Sample> samples)
        => samples.GroupBy(s => s.Name.StartsWith("postgres") ? "postgres" : s.Name is "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost" or "sh" ? "rabbitmq" : s.Name)
            .ToDictionary(g => g.Key, g => (g.Sum(s => s.PssKb), g.Sum(s => s.CpuSeconds)));
}
