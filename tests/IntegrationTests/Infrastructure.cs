extern alias apphost;
using apphost::OrderPlatform.AppHost.Hosting;

namespace OrderPlatform.IntegrationTests;

/// <summary>
/// Real PostgreSQL and RabbitMQ servers for the integration tests, started privately (own ports, own
/// folder under .run/it) by the same launchers the AppHost uses, and stopped when the tests end.
/// </summary>
public sealed class Infrastructure : IAsyncLifetime
{
    private static readonly string Root = Path.Combine(HostSettings.FindRepositoryRoot(), ".run", "it");

    public PostgresResource Postgres { get; } = new("postgres", 56432, Path.Combine(Root, "postgres"));
    public RabbitMqResource RabbitMq { get; } = new("rabbitmq", 6679, Path.Combine(Root, "rabbitmq"));

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Task.WhenAll(Postgres.StartAsync(timeout.Token), RabbitMq.StartAsync(timeout.Token));
    }

    public async Task DisposeAsync() => await Task.WhenAll(Postgres.StopAsync(), RabbitMq.StopAsync());

    /// <summary>A new, empty database for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "it_" + Guid.NewGuid().ToString("N")[..12];
        await using var c = new Npgsql.NpgsqlConnection(Postgres.ConnectionString("postgres"));
        await c.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
        await create.ExecuteNonQueryAsync();
        return Postgres.ConnectionString(name);
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
