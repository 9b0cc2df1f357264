extern alias apphost;
using apphost::OrderPlatform.AppHost;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace OrderPlatform.IntegrationTests;

/// <summary>
/// Real PostgreSQL and RabbitMQ servers for the integration tests, started privately (own ports, own folder
/// under .run/it) by the AppHost's own server resources through Aspire.Hosting.Testing, and stopped when the
/// tests end.
/// </summary>
public sealed class Infrastructure : IAsyncLifetime
{
    public const int PostgresPort = 56432, RabbitMqPort = 6679;
    private DistributedApplication? _app;

    public string RabbitMqConnectionString => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/";

    public async Task InitializeAsync()
    {
        var root = Path.Combine(Servers.RepositoryRoot, ".run", "it");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        _app = await Servers.StartAsync(root, PostgresPort, RabbitMqPort, redisPort: null);
    }

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A new, empty database for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "it_" + Guid.NewGuid().ToString("N")[..12];
        await using var c = new Npgsql.NpgsqlConnection(Servers.PostgresConnectionString(PostgresPort, "postgres"));
        await c.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
        await create.ExecuteNonQueryAsync();
        return Servers.PostgresConnectionString(PostgresPort, name);
    }
}

/// <summary>Starts the AppHost's PostgreSQL, RabbitMQ and (optionally) Redis resources on their own, as a small Aspire application.</summary>
public static class Servers
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PostgresConnectionString(int port, string database) => $"Host=127.0.0.1;Port={port};Username=postgres;Database={database}";

    public static async Task<DistributedApplication> StartAsync(string runDirectory, int? postgresPort, int? rabbitMqPort, int? redisPort)
    {
        // A plain Aspire application (no AppHost entry point): DCP is found through the AppHost's assembly.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [], DisableDashboard = true, AssemblyName = typeof(LocalServers).Assembly.GetName().Name,
        });
        var names = new List<string>();
        if (postgresPort is { } pg) names.Add(builder.AddLocalPostgres("postgres", pg, runDirectory).Resource.Name);
        if (rabbitMqPort is { } amqp) names.Add(builder.AddLocalRabbitMQ("rabbitmq", amqp, runDirectory).Resource.Name);
        if (redisPort is { } port) names.Add(builder.AddLocalRedis("redis", port, runDirectory).Resource.Name);
        var app = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await app.StartAsync(deadline.Token);
        try
        {
            foreach (var name in names) await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var states = names.Select(n => app.ResourceNotifications.TryGetCurrentState(n, out var e) ? $"{n}: {e.Snapshot.State?.Text}" : $"{n}: none");
            throw new TimeoutException($"The servers were not healthy within 3 minutes ({string.Join(", ", states)})");
        }
        return app;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OrderPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException("OrderPlatform.sln not found");
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<Infrastructure>
{
    public const string Name = "infrastructure";
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
