using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.AfterSales.Messaging;

public sealed class AfterSalesOptions
{
    /// <summary>How long after a case opens its first response is due (24 hours by the service rules).</summary>
    public TimeSpan FirstResponseSla { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often overdue cases are looked for.</summary>
    public TimeSpan EscalationSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Remembers each order's channel, so a channel can open cases on its own orders only.</summary>
public sealed class OrderSubmittedConsumer(AfterSalesDb db) : IConsumer<OrderSubmitted>
{
    public async Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderSubmittedConsumer))) return;
        if (await db.KnownOrders.FindAsync([m.OrderId], context.CancellationToken) is null)
            db.KnownOrders.Add(new KnownOrder { OrderId = m.OrderId, OrderNumber = m.OrderNumber, Channel = m.Channel, CustomerId = m.CustomerId });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>A carrier reports a delivery exception (damaged, short, refused, bad address…): a case opens for after-sales.</summary>
public sealed class DeliveryExceptionConsumer(AfterSalesDb db, IOptions<AfterSalesOptions> options) : IConsumer<ShipmentStatusChanged>
{
    public async Task Consume(ConsumeContext<ShipmentStatusChanged> context)
    {
        var m = context.Message;
        if (m.Status != ShipmentStatuses.Exception) return;
        if (!await db.FirstDeliveryAsync(context, nameof(DeliveryExceptionConsumer))) return;
        var order = await db.KnownOrders.FindAsync([m.OrderId], context.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        db.Cases.Add(Case.Open(await db.NextCaseNumberAsync(now, context.CancellationToken), CaseKind.DeliveryException,
            m.OrderNumber, m.OrderId, order?.Channel ?? "", $"{m.Carrier} {m.TrackingNumber}: {m.ExceptionCode} — {m.Detail}",
            $"carrier:{m.Carrier}", options.Value.FirstResponseSla, now));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Escalates every case whose first response is overdue.</summary>
public sealed class EscalationSweep(IServiceScopeFactory scopes, IOptions<AfterSalesOptions> options, ILogger<EscalationSweep> logger)
    : PeriodicJob(options.Value.EscalationSweepInterval, logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AfterSalesDb>();
        var now = DateTimeOffset.UtcNow;
        var overdue = await db.Cases.Where(c => c.Status == CaseStatus.Open && c.FirstResponseDue <= now)
            .OrderBy(c => c.FirstResponseDue).Take(100).ToListAsync(ct);
        foreach (var c in overdue.Where(c => c.EscalateIfOverdue(now)))
            logger.LogWarning("Case {CaseNumber} on {OrderNumber} escalated: no first response by {Due}", c.CaseNumber, c.OrderNumber, c.FirstResponseDue);
        await db.SaveChangesAsync(ct);
    }
}
