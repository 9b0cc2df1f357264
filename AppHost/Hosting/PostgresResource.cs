using System.Diagnostics;
using Npgsql;

namespace OrderPlatform.AppHost.Hosting;

/// <summary>
/// A private PostgreSQL server (Debian's package) on its own port and data folder, or the one already
/// listening there from an earlier run. Each service gets its own database on it.
/// </summary>
public sealed class PostgresResource(string name, int port, string dataRoot) : Resource(name), IResourceWithEnvironment
{
    private const string OsUser = "postgres";
    private readonly List<PostgresDatabase> _databases = [];
    private Process? _process;

    public override string Kind => "postgres";
    public int Port => port;

    /// <summary>Loads pg_stat_statements (Debian's server package ships it), so a profile can say which statements cost what.</summary>
    public bool StatementStats { get; init; }

    public PostgresDatabase AddDatabase(string databaseName)
    {
        var db = new PostgresDatabase(this, databaseName);
        _databases.Add(db);
        return db;
    }

    public string ConnectionString(string database) =>
        // The Unix socket of a server this AppHost started: every statement is a round trip, and a local socket
        // spares both sides the TCP stack (docs/BENCHMARKS.md, side-by-side round). A server reused from
        // elsewhere is reached over TCP. Auto-prepare: the services run the same few statements over and over,
        // so PostgreSQL parses and plans each once per connection. No reset on close: no service keeps session
        // state on a connection.
        $"Host={(HasSocket ? SocketDirectory : "127.0.0.1")};Port={port};Username=postgres;Database={database};Maximum Pool Size=40;Timeout=15;" +
        "Max Auto Prepare=64;Auto Prepare Min Usages=2;No Reset On Close=true";

    // PostgreSQL names the socket .s.PGSQL.<port> in the folder given by -k; a socket path may be at most 107 bytes.
    private string SocketDirectory => Path.GetFullPath(dataRoot);
    private string SocketPath => Path.Combine(SocketDirectory, $".s.PGSQL.{port}");
    private bool HasSocket => _process is { HasExited: false } && SocketPath.Length <= 107 && File.Exists(SocketPath);

    public IEnumerable<KeyValuePair<string, string>> EnvironmentFor(Resource consumer) => [];

    public override async Task StartAsync(CancellationToken ct)
    {
        State = ResourceState.Starting;
        Url = $"postgresql://127.0.0.1:{port}";
        if (ProcessRunner.IsListening(port))
        {
            Log($"Port {port} is already serving: reusing that server.");
            await CreateDatabasesAsync(ct);
            State = ResourceState.Reused;
            Health = "Healthy";
            return;
        }
        var bin = FindBinaries();
        var data = Path.Combine(dataRoot, "data");
        Directory.CreateDirectory(dataRoot);
        await ProcessRunner.ChownAsync(dataRoot, OsUser);
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            Log($"initdb {data}");
            var (code, output) = await ProcessRunner.RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"], runAsUser: OsUser);
            Log(output);
            if (code != 0) { State = ResourceState.Failed; throw new InvalidOperationException($"initdb failed: {output}"); }
        }
        _process = ProcessRunner.Start(Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(), "-k", dataRoot, "-c", "listen_addresses=127.0.0.1",
             "-c", "max_connections=400", "-c", "shared_buffers=128MB", "-c", "log_min_messages=warning",
             .. (StatementStats ? ["-c", "shared_preload_libraries=pg_stat_statements"] : Array.Empty<string>())],
            dataRoot, [], Log, OsUser);
        Pid = _process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        State = ResourceState.Running;
        await WaitForConnectionAsync(ct);
        await CreateDatabasesAsync(ct);
        State = ResourceState.Healthy;
        Health = "Healthy";
    }

    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    public override Task StopAsync() => StopProcessAsync(_process, ProcessRunner.SIGINT, TimeSpan.FromSeconds(30));

    private async Task WaitForConnectionAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var c = new NpgsqlConnection(ConnectionString("postgres"));
                await c.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !_process!.HasExited)
            {
                await Task.Delay(250, ct);
            }
            catch (Exception) when (_process!.HasExited)
            {
                State = ResourceState.Failed;
                throw new InvalidOperationException($"PostgreSQL exited with code {_process.ExitCode}; see its log.");
            }
        }
    }

    private async Task CreateDatabasesAsync(CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(ConnectionString("postgres"));
        await c.OpenAsync(ct);
        foreach (var db in _databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", c);
            exists.Parameters.AddWithValue(db.DatabaseName);
            if (await exists.ExecuteScalarAsync(ct) is not null) continue;
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{db.DatabaseName}\"", c);
            await create.ExecuteNonQueryAsync(ct);
            Log($"Created database {db.DatabaseName}");
        }
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var version = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(Path.GetFileName).OrderByDescending(v => int.TryParse(v, out var n) ? n : 0).FirstOrDefault()
            : null;
        return version is null
            ? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql); ./eng/install.sh does it.")
            : Path.Combine(root, version, "bin");
    }
}

/// <summary>One service's database on the shared server; referencing it gives ConnectionStrings__db.</summary>
public sealed class PostgresDatabase(PostgresResource server, string databaseName) : IResourceWithEnvironment
{
    public PostgresResource Server => server;
    public string DatabaseName => databaseName;
    public string ConnectionString => server.ConnectionString(databaseName);

    public IEnumerable<KeyValuePair<string, string>> EnvironmentFor(Resource consumer) => [new("ConnectionStrings__db", ConnectionString)];
}
