using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent.
/// <para>
/// The rows a unit of work of this process commits are handed over in memory (<see cref="OutboxSignal"/>): they are
/// published at once, without being read back, and marked sent many at a time. Marking is committed without
/// waiting for the disk: if the mark is lost in a crash, the row is published again and consumers' inboxes make
/// that harmless.
/// </para>
/// <para>
/// A sweep every second publishes any row left unsent for a few seconds: one whose process stopped before
/// publishing it, or whose publish failed. Sweeps claim rows with FOR UPDATE SKIP LOCKED, so several instances
/// of a service share them without doubling the work.
/// </para>
/// </summary>
public sealed class OutboxDispatcher<TDb>(IServiceScopeFactory scopes, OutboxSignal signal, IBusControl bus, IConfiguration configuration,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService where TDb : ServiceDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    /// <summary>How long a row may stay unsent before the sweep takes it from the process that committed it.</summary>
    public static readonly TimeSpan SweepAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepSent = TimeSpan.FromDays(2);
    private DateTimeOffset _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(1);

    private readonly NpgsqlDataSource _marks = new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("db")) { Options = "-c synchronous_commit=off" }
            .ConnectionString).Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        var nextSweep = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (signal.HasCommitted) await PublishCommittedAsync(stoppingToken);
                if (DateTimeOffset.UtcNow >= nextSweep)
                {
                    nextSweep = DateTimeOffset.UtcNow + SweepInterval;
                    while (await SweepAsync(stoppingToken) == BatchSize) { }
                }
                if (DateTimeOffset.UtcNow >= _nextCleanup) await CleanupAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch failed; the sweep will publish what is left");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            await signal.WaitAsync(SweepInterval, stoppingToken);
        }
    }

    public override void Dispose()
    {
        _marks.Dispose();
        base.Dispose();
    }

    /// <summary>Publishes rows this process has just committed and marks them sent in one statement.</summary>
    private async Task PublishCommittedAsync(CancellationToken ct)
    {
        var batch = signal.TakeCommitted(BatchSize);
        await Task.WhenAll(batch.Select(m => PublishAsync(m, ct)));
        await using var mark = _marks.CreateCommand("UPDATE outbox_messages SET sent_at = $1 WHERE id = ANY($2) AND sent_at IS NULL");
        mark.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
        mark.Parameters.Add(new NpgsqlParameter { Value = batch.Select(m => m.Id).ToArray() });
        await mark.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Publishes one batch of rows left unsent for longer than <see cref="SweepAfter"/>; returns how many it sent.</summary>
    private async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = DateTimeOffset.UtcNow - SweepAfter;
        var batch = await db.Outbox
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND created_at < {before} ORDER BY seq LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        await Task.WhenAll(batch.Select(m => PublishAsync(m, ct)));
        var now = DateTimeOffset.UtcNow;
        foreach (var message in batch) message.SentAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return batch.Count;
    }

    /// <summary>Publishes one row inside a span that continues the trace of the work that wrote it.</summary>
    private async Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = message.Body?.GetType() ?? typeof(OrderSubmitted).Assembly.GetType(message.MessageType)
                   ?? throw new InvalidOperationException($"Unknown message type {message.MessageType}");
        var body = message.Body ?? JsonSerializer.Deserialize(message.Payload, type, ServiceDbContext.Json)!;
        using var activity = ActivityContext.TryParse(message.TraceParent, null, out var parent)
            ? Telemetry.Source.StartActivity($"outbox {type.Name}", ActivityKind.Internal, parent)
            : null;
        if (message.OrderNumber is not null) activity?.SetTag(Telemetry.OrderNumberTag, message.OrderNumber);
        await bus.Publish(body, type, Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = message.Id;
            context.CorrelationId = message.CorrelationId;
            if (message.OrderNumber is not null) context.Headers.Set("OrderNumber", message.OrderNumber);
        }), ct);
    }

    private async Task CleanupAsync(CancellationToken ct)
    {
        _nextCleanup = DateTimeOffset.UtcNow.AddHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var before = DateTimeOffset.UtcNow - KeepSent;
        await db.Outbox.Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
        await db.Inbox.Where(m => m.ReceivedAt < before.AddDays(-5)).ExecuteDeleteAsync(ct);
    }
}
