using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Messaging;
using OrderPlatform.ServiceDefaults.Persistence;
using RabbitMQ.Client;

namespace OrderPlatform.IntegrationTests;

public sealed class Tally
{
    public required string Key { get; init; }
    public int Count { get; set; }
    [System.ComponentModel.DataAnnotations.Timestamp]
    public uint Version { get; set; }
}

public sealed class TestDb(DbContextOptions<TestDb> options) : ServiceDbContext(options)
{
    public DbSet<Tally> Tallies => Set<Tally>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<Tally>(e => { e.ToTable("tallies"); e.HasKey(t => t.Key); e.Property(t => t.Version).IsXminRowVersion(); });
        UseSnakeCaseNames(b);
    }
}

public sealed class TestDbFactory : DesignTimeFactory<TestDb>;

/// <summary>What the test consumer saw, shared with the test.</summary>
public sealed class Probe
{
    public ConcurrentQueue<string> Deliveries { get; } = new();
    /// <summary>Order numbers of deliveries the inbox turned away as handled before.</summary>
    public ConcurrentQueue<string> TurnedAway { get; } = new();
    /// <summary>Order numbers whose first delivery fails right after its commit, before the ack.</summary>
    public ConcurrentDictionary<string, bool> CrashAfterCommit { get; } = new();
}

/// <summary>Counts each SurveyOpened in a tally row, guarded by the inbox.</summary>
public sealed class TallyConsumer(TestDb db, Probe probe) : IConsumer<SurveyOpened>
{
    public async Task Consume(ConsumeContext<SurveyOpened> context)
    {
        probe.Deliveries.Enqueue(context.Message.OrderNumber);
        if (!await db.FirstDeliveryAsync(context, nameof(TallyConsumer)))
        {
            probe.TurnedAway.Enqueue(context.Message.OrderNumber);
            return;
        }
        var tally = await db.Tallies.FindAsync(context.Message.OrderNumber);
        if (tally is null) db.Tallies.Add(tally = new Tally { Key = context.Message.OrderNumber });
        tally.Count++;
        await db.SaveChangesAsync();
        if (probe.CrashAfterCommit.TryRemove(context.Message.OrderNumber, out _))
            throw new InvalidOperationException("crash between commit and ack");
    }
}

[Collection(InfrastructureCollection.Name)]
public sealed class MessagingTests(Infrastructure infrastructure) : IAsyncLifetime
{
    private WebApplication _host = null!;
    private readonly Probe _probe = new();
    // A queue of its own for each test, so tests never see each other's messages.
    private readonly string _queuePrefix = "it-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The tests provoke failures on purpose (a crash after commit, a concurrency conflict); their logs are noise here.
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:db"] = await infrastructure.NewDatabaseAsync();
        builder.Configuration["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString;
        builder.Services.AddSingleton(_probe);
        builder.AddServiceDatabase<TestDb>();
        builder.AddServiceMessaging<TestDb>(_queuePrefix, x => x.AddConsumer<TallyConsumer>());
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> TallyAsync(string key)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDb>().Tallies.Where(t => t.Key == key).Select(t => t.Count).SingleOrDefaultAsync();
    }

    private async Task AddTallyAsync(string key)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Tallies.Add(new Tally { Key = key });
        await db.SaveChangesAsync();
    }

    private async Task SaveWithMessageAsync(string key, bool commit = true)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Tallies.Add(new Tally { Key = "state-" + key });
        db.Publish(new SurveyOpened(Guid.NewGuid(), key, Guid.NewGuid()));
        await db.SaveChangesAsync();
        if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
    }

    [Fact]
    public async Task A_committed_state_change_publishes_its_message_once_through_the_outbox()
    {
        await SaveWithMessageAsync("SO-A");
        await Eventually.HoldsAsync(async () => await TallyAsync("SO-A") == 1, "the message is consumed");
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        Assert.True(await db.Tallies.AnyAsync(t => t.Key == "state-SO-A"));
        await Eventually.HoldsAsync(() => db.Outbox.AllAsync(m => m.SentAt != null), "the outbox row is marked sent");
    }

    [Fact]
    public async Task A_rolled_back_state_change_publishes_nothing()
    {
        await SaveWithMessageAsync("SO-ROLLED-BACK", commit: false);
        await SaveWithMessageAsync("SO-MARKER");
        await Eventually.HoldsAsync(async () => await TallyAsync("SO-MARKER") == 1, "the marker published after it is consumed");
        Assert.DoesNotContain("SO-ROLLED-BACK", _probe.Deliveries);
        Assert.Equal(0, await TallyAsync("SO-ROLLED-BACK"));
    }

    [Fact]
    public async Task A_save_that_fails_publishes_nothing()
    {
        await AddTallyAsync("state-SO-DUPLICATE");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDb>();
            db.Tallies.Add(new Tally { Key = "state-SO-DUPLICATE" });
            db.Publish(new SurveyOpened(Guid.NewGuid(), "SO-FAILED-SAVE", Guid.NewGuid()));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await SaveWithMessageAsync("SO-AFTER-FAILED-SAVE");
        await Eventually.HoldsAsync(async () => await TallyAsync("SO-AFTER-FAILED-SAVE") == 1, "the message saved after it is consumed");
        Assert.DoesNotContain("SO-FAILED-SAVE", _probe.Deliveries);
    }

    [Fact]
    public async Task A_committed_row_its_process_never_published_is_published_by_the_sweep()
    {
        // As if a process committed the row and stopped before publishing it: the row is only in the table.
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        var id = Guid.NewGuid();
        var payload = System.Text.Json.JsonSerializer.Serialize(new SurveyOpened(Guid.NewGuid(), "SO-LEFT-BEHIND", Guid.NewGuid()),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var createdAt = DateTimeOffset.UtcNow - OutboxDispatcher<TestDb>.SweepAfter - TimeSpan.FromSeconds(1);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages (id, message_type, payload, created_at)
            VALUES ({id}, {typeof(SurveyOpened).FullName}, {payload}::jsonb, {createdAt})
            """);
        await Eventually.HoldsAsync(async () => await TallyAsync("SO-LEFT-BEHIND") == 1, "the swept message is consumed");
        await Eventually.HoldsAsync(() => db.Outbox.AnyAsync(m => m.Id == id && m.SentAt != null), "the swept row is marked sent");
    }

    [Fact]
    public async Task A_message_redelivered_after_a_crash_between_commit_and_ack_has_one_effect()
    {
        _probe.CrashAfterCommit["SO-CRASH"] = true;
        await SaveWithMessageAsync("SO-CRASH");
        // The inbox turns a delivery away only once the first one's commit is visible, so the count is final then.
        await Eventually.HoldsAsync(() => Task.FromResult(_probe.TurnedAway.Contains("SO-CRASH")), "the redelivery is turned away by the inbox");
        Assert.Equal(1, await TallyAsync("SO-CRASH"));
    }

    [Fact]
    public async Task A_message_that_kills_its_consumer_every_time_is_moved_to_the_error_queue_after_the_delivery_limit()
    {
        await _host.StopAsync();
        var queue = $"{_queuePrefix}-tally";
        var factory = new ConnectionFactory { Uri = new Uri(infrastructure.RabbitMqConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var publisher = await connection.CreateChannelAsync())
            await publisher.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, "poison"u8.ToArray());

        // A consumer that takes the message and dies before acknowledging it: its channel closes, the broker takes the
        // message back and counts the delivery. Past the limit the broker stops handing it out.
        var deliveries = 0;
        while (deliveries <= Extensions.DeliveryLimit + 2)
        {
            await using var consumer = await connection.CreateChannelAsync();
            if (await consumer.BasicGetAsync(queue, autoAck: false) is null) break;
            deliveries++;
        }
        Assert.Equal(Extensions.DeliveryLimit + 1, deliveries);

        await using var errors = await connection.CreateChannelAsync();
        BasicGetResult? dead = null;
        await Eventually.HoldsAsync(async () => (dead = await errors.BasicGetAsync($"{queue}_error", autoAck: true)) is not null, "the message is in the error queue");
        Assert.Equal("poison", System.Text.Encoding.UTF8.GetString(dead!.Body.Span));
    }

    [Fact]
    public async Task The_same_message_published_twice_by_a_restarted_dispatcher_has_one_effect()
    {
        var bus = _host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var message = new SurveyOpened(Guid.NewGuid(), "SO-TWICE", Guid.NewGuid());
        for (var i = 0; i < 2; i++)
            await bus.Publish(message, c => c.MessageId = messageId);
        // The two copies may be handled at the same time: the later commit is refused by the inbox key and
        // retried, and the retry is turned away once the first copy's commit is visible. Waiting for "both
        // delivered" is not enough: both can be in flight while neither has committed.
        await Eventually.HoldsAsync(() => Task.FromResult(_probe.TurnedAway.Contains("SO-TWICE")), "the second copy is turned away by the inbox");
        Assert.Equal(1, await TallyAsync("SO-TWICE"));
        Assert.Single(_probe.TurnedAway, n => n == "SO-TWICE");
    }

    [Fact]
    public async Task A_concurrent_update_of_the_same_row_is_refused_by_optimistic_concurrency()
    {
        await AddTallyAsync("row");
        await using var s1 = _host.Services.CreateAsyncScope();
        await using var s2 = _host.Services.CreateAsyncScope();
        var db1 = s1.ServiceProvider.GetRequiredService<TestDb>();
        var db2 = s2.ServiceProvider.GetRequiredService<TestDb>();
        var first = await db1.Tallies.SingleAsync(t => t.Key == "row");
        var second = await db2.Tallies.SingleAsync(t => t.Key == "row");
        first.Count = 1;
        second.Count = 2;
        await db1.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
        Assert.Equal(1, await TallyAsync("row"));
    }
}

[Collection(InfrastructureCollection.Name)]
public sealed class DatabaseMigratorTests(Infrastructure infrastructure)
{
    private static TestDb Context(string connectionString)
        => new(new DbContextOptionsBuilder<TestDb>().UseNpgsql(connectionString).Options);

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_exactly_once()
    {
        var connectionString = await infrastructure.NewDatabaseAsync();
        var seeded = 0;
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var db = Context(connectionString);
            return await DatabaseMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None, async () =>
            {
                // Demo data runs under the same lock: only the first instance finds the table empty.
                if (await db.Tallies.AnyAsync()) return;
                db.Tallies.Add(new Tally { Key = "seed" });
                await db.SaveChangesAsync();
                Interlocked.Increment(ref seeded);
            });
        })));
        await using var db = Context(connectionString);
        Assert.Equal(db.Database.GetMigrations(), runs.SelectMany(r => r).Order());
        Assert.Equal(1, seeded);
        Assert.Empty(await DatabaseMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_database_built_by_the_hand_written_migrations_is_adopted_as_the_baseline()
    {
        var connectionString = await infrastructure.NewDatabaseAsync();
        await using (var old = Context(connectionString))
        {
            // Today's schema, as the hand-written migrations left it: the tables, and their own history table instead of EF Core's.
            await old.Database.MigrateAsync();
            await old.Database.ExecuteSqlRawAsync("""
                DROP TABLE "__EFMigrationsHistory";
                CREATE TABLE schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO schema_migrations (id) VALUES ('0000_outbox_inbox'), ('0001_tallies');
                INSERT INTO tallies (key, count) VALUES ('kept', 7);
                """);
        }
        await using var db = Context(connectionString);
        Assert.Empty(await DatabaseMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(7, (await db.Tallies.SingleAsync(t => t.Key == "kept")).Count);
        Assert.False(await db.Database.SqlQuery<bool>($"SELECT to_regclass('schema_migrations') IS NOT NULL AS \"Value\"").SingleAsync());
    }
}

/// <summary>
/// Which outbox rows a unit of work hands to the dispatcher for immediate publishing. The host has a
/// database and no dispatcher, so what is handed over stays in the signal for the test to see.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutboxHandOverTests(Infrastructure infrastructure) : IAsyncLifetime
{
    private WebApplication _host = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:db"] = await infrastructure.NewDatabaseAsync();
        builder.AddServiceDatabase<TestDb>();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private List<string> HandedOver() => _host.Services.GetRequiredService<OutboxSignal>().TakeCommitted(100)
        .Select(m => ((SurveyOpened)m.Body!).OrderNumber).ToList();

    private async Task SaveAsync(string key)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Tallies.Add(new Tally { Key = key });
        db.Publish(new SurveyOpened(Guid.NewGuid(), key, Guid.NewGuid()));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_save_in_its_own_transaction_hands_its_rows_over_once_committed()
    {
        await SaveAsync("SO-OWN");
        Assert.Equal(["SO-OWN"], HandedOver());
    }

    [Fact]
    public async Task Rows_saved_in_a_callers_transaction_are_handed_over_at_its_commit_and_not_before()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Publish(new SurveyOpened(Guid.NewGuid(), "SO-EXPLICIT", Guid.NewGuid()));
        await db.SaveChangesAsync();
        Assert.Empty(HandedOver());
        await tx.CommitAsync();
        Assert.Equal(["SO-EXPLICIT"], HandedOver());
    }

    [Fact]
    public async Task Rows_of_a_transaction_abandoned_without_a_commit_are_never_handed_over()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        await using (await db.Database.BeginTransactionAsync())
        {
            db.Publish(new SurveyOpened(Guid.NewGuid(), "SO-ABANDONED", Guid.NewGuid()));
            await db.SaveChangesAsync();
        }
        db.ChangeTracker.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Publish(new SurveyOpened(Guid.NewGuid(), "SO-NEXT", Guid.NewGuid()));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        Assert.Equal(["SO-NEXT"], HandedOver());
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.OrderNumber == "SO-ABANDONED"));
    }
}
