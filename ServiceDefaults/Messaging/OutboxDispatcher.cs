using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED, so several instances of a service share the work without doubling it.
/// A crash after publishing but before marking sent republishes the same MessageId; consumers'
/// inboxes make that harmless.
/// </summary>
public sealed class OutboxDispatcher<TDb>(IServiceScopeFactory scopes, OutboxSignal signal, IBusControl bus,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService where TDb : ServiceDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepSent = TimeSpan.FromDays(2);
    private DateTimeOffset _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int sent;
                do sent = await DispatchBatchAsync(stoppingToken);
                while (sent == BatchSize);
                if (DateTimeOffset.UtcNow >= _nextCleanup) await CleanupAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    /// <summary>Publishes one batch; returns how many rows it sent.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Outbox
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY seq LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        await Task.WhenAll(batch.Select(m => PublishAsync(m, ct)));
        var now = DateTimeOffset.UtcNow;
        foreach (var message in batch) message.SentAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return batch.Count;
    }

    private Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = typeof(OrderSubmitted).Assembly.GetType(message.MessageType)
                   ?? throw new InvalidOperationException($"Unknown message type {message.MessageType}");
        var body = JsonSerializer.Deserialize(message.Payload, type, ServiceDbContext.Json)!;
        return bus.Publish(body, type, Pipe.Execute<PublishContext>(context =>
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
