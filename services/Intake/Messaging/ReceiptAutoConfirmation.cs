using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.Intake.Api;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.Intake.Messaging;

public sealed class ReceiptOptions
{
    /// <summary>How long after delivery an unconfirmed receipt is confirmed automatically.</summary>
    public TimeSpan AutoConfirmReceiptAfter { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan AutoConfirmSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>An order still under review this long after receipt is flagged overdue (4 hours by the review rules).</summary>
    public TimeSpan ReviewSla { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan ReviewSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How long a business customer has to return the signed confirmation; unset: the same day (China time).</summary>
    public TimeSpan? SignedConfirmationDue { get; set; }
}

/// <summary>Completes orders whose receipt the customer has not confirmed in time (their OrderCompleted goes through the outbox).</summary>
public sealed class ReceiptAutoConfirmation(IServiceScopeFactory scopes, IOptions<ReceiptOptions> options, TimeProvider clock,
    OrderChangeFeed changes, JobLeases leases, ILogger<ReceiptAutoConfirmation> logger) : DatabaseSweep<IntakeDb>(scopes, options.Value.AutoConfirmSweepInterval, leases, logger)
{
    protected override DateTimeOffset Now => clock.GetUtcNow();

    protected override async Task SweepAsync(IntakeDb db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.AutoConfirmReceiptAfter;
        var due = await db.Orders.Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt <= cutoff)
            .OrderBy(o => o.DeliveredAt).Take(Batch).ToListAsync(ct);
        var confirmed = due.Where(o => o.AutoConfirmReceipt(options.Value.AutoConfirmReceiptAfter, now)).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var order in confirmed)
        {
            logger.LogInformation("{OrderNumber}: receipt confirmed automatically", order.OrderNumber);
            changes.Changed(order.OrderNumber);
        }
    }
}

/// <summary>Flags orders still under review past the review SLA; they show in <c>GET /api/orders?reviewOverdue=true</c>.</summary>
public sealed class ReviewSlaSweep(IServiceScopeFactory scopes, IOptions<ReceiptOptions> options, TimeProvider clock,
    OrderChangeFeed changes, JobLeases leases, ILogger<ReviewSlaSweep> logger) : DatabaseSweep<IntakeDb>(scopes, options.Value.ReviewSweepInterval, leases, logger)
{
    protected override DateTimeOffset Now => clock.GetUtcNow();

    protected override async Task SweepAsync(IntakeDb db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.ReviewSla;
        var due = await db.Orders.Where(o => (o.Status == OrderStatus.Submitted || o.Status == OrderStatus.OnHold)
                && o.ReviewOverdueAt == null && o.SubmittedAt <= cutoff)
            .OrderBy(o => o.SubmittedAt).Take(Batch).ToListAsync(ct);
        var overdue = due.Where(o => o.FlagReviewOverdue(options.Value.ReviewSla, now)).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var order in overdue)
        {
            logger.LogWarning("{OrderNumber}: not reviewed within {Sla} of receipt", order.OrderNumber, options.Value.ReviewSla);
            changes.Changed(order.OrderNumber);
        }
    }
}
