using System.Diagnostics;
using System.Net.Http.Headers;
using Npgsql;

namespace OrderPlatform.IntegrationTests;

/// <summary>The AppHost's PostgreSQL, RabbitMQ and Redis resources, started and stopped on their own ports and folder.</summary>
public sealed class LocalServersTests
{
    private const int PostgresPort = 56532, RabbitMqPort = 6779, RedisPort = 56579;

    [Fact]
    public async Task Stopping_leaves_no_process_and_a_restart_finds_the_data_of_a_clean_shutdown()
    {
        var runDirectory = Path.Combine(Servers.RepositoryRoot, ".run", "it-servers");
        if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);

        var app = await Servers.StartAsync(runDirectory, PostgresPort, RabbitMqPort, RedisPort);
        var started = ServerProcesses(runDirectory);
        Assert.Contains(started, p => p.Command.Contains("postgres -D"));
        Assert.Contains(started, p => p.Command.Contains("beam.smp"));
        Assert.Contains(started, p => p.Command.StartsWith("redis-server"));
        Assert.Contains(started, p => p.Command.StartsWith("epmd"));
        await ExecuteAsync("CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (42);");
        using var management = Management();
        (await management.PutAsync("queues/%2F/kept-queue", new StringContent("""{"durable":true}""", null, "application/json"))).EnsureSuccessStatusCode();

        await app.StopAsync();
        await app.DisposeAsync();

        await AssertAllGoneAsync(runDirectory);
        NpgsqlConnection.ClearAllPools();
        var control = await ControlDataAsync(Path.Combine(runDirectory, "postgres", "data"));
        Assert.Equal("Database cluster state:               shut down", control.Split('\n').FirstOrDefault(l => l.StartsWith("Database cluster state:")));

        app = await Servers.StartAsync(runDirectory, PostgresPort, RabbitMqPort, RedisPort);
        try
        {
            Assert.Equal(42, await ExecuteAsync("SELECT id FROM kept"));
            Assert.True((await management.GetAsync("queues/%2F/kept-queue")).IsSuccessStatusCode, "the durable queue survived the restart");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await AssertAllGoneAsync(runDirectory);
    }

    /// <summary>DCP stops the servers once the application has stopped; each one gets a short grace period to exit.</summary>
    private static async Task AssertAllGoneAsync(string runDirectory)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<(int Pid, string Command)> left;
        while ((left = ServerProcesses(runDirectory)).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.True(left.Count == 0, "left running: " + string.Join("; ", left.Select(p => $"{p.Pid} {p.Command}")));
    }

    private static async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Servers.PostgresConnectionString(PostgresPort, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{RabbitMqPort + 10000}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }

    private static async Task<string> ControlDataAsync(string dataDirectory)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Order().Last();
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(bin, "bin", "pg_controldata"), [dataDirectory]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>
    /// Every process that belongs to these servers: its command line or its environment names their folder or
    /// one of their ports (a helper a server spawned, such as an Erlang port mapper, carries its environment).
    /// </summary>
    private static List<(int Pid, string Command)> ServerProcesses(string runDirectory)
    {
        string[] marks = [runDirectory, $"127.0.0.1:{RedisPort}", $"-port {RabbitMqPort + 30000}"];
        var found = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (marks.Any(command.Contains) || marks.Any(File.ReadAllText(Path.Combine(dir, "environ")).Contains)) found.Add((pid, command));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }
}
