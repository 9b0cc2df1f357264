using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Domain;

namespace OrderPlatform.Intake.Messaging;

public sealed class ReceiptOptions
{
    /// <summary>How long after delivery an unconfirmed receipt is confirmed automatically.</summary>
    public TimeSpan AutoConfirmReceiptAfter { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan AutoConfirmSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Completes orders whose receipt the customer has not confirmed in time (their OrderCompleted goes through the outbox).</summary>
public sealed class ReceiptAutoConfirmation(IServiceScopeFactory scopes, IOptions<ReceiptOptions> options, TimeProvider clock,
    ILogger<ReceiptAutoConfirmation> logger) : DatabaseSweep<IntakeDb>(scopes, options.Value.AutoConfirmSweepInterval, logger)
{
    protected override DateTimeOffset Now => clock.GetUtcNow();

    protected override async Task SweepAsync(IntakeDb db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.AutoConfirmReceiptAfter;
        var due = await db.Orders.Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt <= cutoff)
            .OrderBy(o => o.DeliveredAt).Take(Batch).ToListAsync(ct);
        foreach (var order in due.Where(o => o.AutoConfirmReceipt(options.Value.AutoConfirmReceiptAfter, now)))
            logger.LogInformation("{OrderNumber}: receipt confirmed automatically", order.OrderNumber);
    }
}
