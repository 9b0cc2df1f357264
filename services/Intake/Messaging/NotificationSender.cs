using Microsoft.EntityFrameworkCore;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.Intake.Messaging;

/// <summary>
/// Delivers one customer notification: SMS gateway, e-mail, or WeChat template message adapters
/// implement this. The default adapter only writes the message to the log.
/// </summary>
public interface INotificationSender
{
    Task SendAsync(Notification notification, CancellationToken ct);
}

public sealed class LoggingNotificationSender(ILogger<LoggingNotificationSender> logger) : INotificationSender
{
    public Task SendAsync(Notification notification, CancellationToken ct)
    {
        logger.LogInformation("{Medium} to {Recipient} about {OrderNumber}: {Text}", notification.Medium, notification.Recipient,
            notification.OrderNumber, notification.Text);
        return Task.CompletedTask;
    }
}

/// <summary>Sends pending notifications from the notification outbox and marks them sent; a failed send is tried again.</summary>
public sealed class NotificationDispatcher(IServiceScopeFactory scopes, INotificationSender sender, TimeProvider clock,
    JobLeases leases, ILogger<NotificationDispatcher> logger) : PeriodicJob(TimeSpan.FromSeconds(1), leases, logger)
{
    private const int MaxAttempts = 10;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = await db.Notifications
            .FromSql($"SELECT * FROM notifications WHERE status = 'Pending' AND attempts < {MaxAttempts} ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        foreach (var n in pending)
        {
            try
            {
                await sender.SendAsync(n, ct);
                n.MarkSent(clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                n.MarkFailed();
                logger.LogWarning(e, "Notification {Id} for {OrderNumber} not sent (attempt {Attempts})", n.Id, n.OrderNumber, n.Attempts);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
