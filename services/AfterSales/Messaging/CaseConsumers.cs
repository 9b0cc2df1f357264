using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.AfterSales.Messaging;

public sealed class AfterSalesOptions
{
    /// <summary>How long after a case opens its first response is due (24 hours by the service rules).</summary>
    public TimeSpan FirstResponseSla { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often overdue cases are looked for.</summary>
    public TimeSpan EscalationSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Remembers each order's channel and lines, so a channel can open cases and returns on its own orders only.</summary>
public sealed class OrderSubmittedConsumer(AfterSalesDb db) : IConsumer<OrderSubmitted>
{
    public async Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderSubmittedConsumer))) return;
        if (await db.KnownOrders.FindAsync([m.OrderId], context.CancellationToken) is null)
            db.KnownOrders.Add(new KnownOrder { OrderId = m.OrderId, OrderNumber = m.OrderNumber, Channel = m.Channel, CustomerId = m.CustomerId, Lines = m.Lines.ToList() });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// What the carriers and Logistics report, as after-sales needs it: a delivery exception opens a case;
/// a delivery makes the order returnable; a return's pickup and arrival move the return; a replacement
/// shipment completes an exchange or a reshipment.
/// </summary>
public sealed class ShipmentEventsConsumer(AfterSalesDb db, IOptions<AfterSalesOptions> options) :
    IConsumer<ShipmentStatusChanged>, IConsumer<ShipmentCreated>
{
    public async Task Consume(ConsumeContext<ShipmentStatusChanged> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var relevant = m.Status is ShipmentStatuses.Exception or ShipmentStatuses.Delivered;
        if (!relevant || !await db.FirstDeliveryAsync(context, $"{nameof(ShipmentEventsConsumer)}:{nameof(ShipmentStatusChanged)}")) return;
        var now = DateTimeOffset.UtcNow;
        var order = await db.KnownOrders.FindAsync([m.OrderId], ct);
        if (m.Status == ShipmentStatuses.Exception)
            db.Cases.Add(Case.OpenDeliveryException(await db.NextCaseNumberAsync(now, ct), m.OrderNumber, m.OrderId, order?.Channel ?? "",
                m.Carrier, m.TrackingNumber, m.ExceptionCode, m.Detail, options.Value.FirstResponseSla, now));
        else if (m.Purpose != ShipmentPurposes.Return && order is not null)
            order.DeliveredAt ??= m.OccurredAt;
        else if (m.Purpose == ShipmentPurposes.Return && await db.Returns.SingleOrDefaultAsync(r => r.ReturnNumber == m.Reference, ct) is { } ret)
            ret.OnReceived(m.SignedBy, m.OccurredAt, now);
        await db.SaveChangesAsync(ct);
    }

    public async Task Consume(ConsumeContext<ShipmentCreated> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (m.Purpose == ShipmentPurposes.Order || m.Reference is null) return;
        if (!await db.FirstDeliveryAsync(context, $"{nameof(ShipmentEventsConsumer)}:{nameof(ShipmentCreated)}")) return;
        var now = DateTimeOffset.UtcNow;
        if (await db.Returns.SingleOrDefaultAsync(r => r.ReturnNumber == m.Reference, ct) is { } ret)
        {
            if (m.Purpose == ShipmentPurposes.Return) ret.OnPickupArranged(m.Carrier, m.TrackingNumber, now);
            else ret.OnReplacementShipped(m.Carrier, m.TrackingNumber, now);
        }
        else if (m.Purpose == ShipmentPurposes.Replacement && await db.Cases.SingleOrDefaultAsync(c => c.CaseNumber == m.Reference, ct) is { } c)
            c.OnReshipped(m.Carrier, m.TrackingNumber, now);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Billing settled a return or received a carrier's money on a claim; or Inventory could not pick a replacement yet.</summary>
public sealed class SettlementConsumer(AfterSalesDb db) : IConsumer<ReturnSettled>, IConsumer<ReplacementShort>, IConsumer<CarrierClaimPaymentReceived>
{
    public async Task Consume(ConsumeContext<CarrierClaimPaymentReceived> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, $"{nameof(SettlementConsumer)}:{nameof(CarrierClaimPaymentReceived)}")) return;
        (await db.Cases.SingleOrDefaultAsync(c => c.ClaimNumber == m.ClaimNumber, context.CancellationToken))
            ?.OnClaimPayment(m.Amount, m.Received, m.Settled, m.Reference, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<ReturnSettled> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, $"{nameof(SettlementConsumer)}:{nameof(ReturnSettled)}")) return;
        (await db.Returns.SingleOrDefaultAsync(r => r.ReturnNumber == m.ReturnNumber, context.CancellationToken))?.OnSettled(m.Refunded, m.Detail, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<ReplacementShort> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, $"{nameof(SettlementConsumer)}:{nameof(ReplacementShort)}")) return;
        var detail = "Short of stock: " + string.Join("; ", m.Short.Select(s => $"{s.Sku} {s.Reserved} of {s.Requested} available"));
        var now = DateTimeOffset.UtcNow;
        (await db.Returns.SingleOrDefaultAsync(r => r.ReturnNumber == m.Reference, ct))?.OnReplacementShort(detail, now);
        (await db.Cases.SingleOrDefaultAsync(c => c.CaseNumber == m.Reference, ct))?.OnReshipmentShort(detail, now);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Escalates every case whose first response is overdue.</summary>
public sealed class EscalationSweep(IServiceScopeFactory scopes, IOptions<AfterSalesOptions> options, JobLeases leases,
    ILogger<EscalationSweep> logger) : DatabaseSweep<AfterSalesDb>(scopes, options.Value.EscalationSweepInterval, leases, logger)
{
    protected override async Task SweepAsync(AfterSalesDb db, DateTimeOffset now, CancellationToken ct)
    {
        var overdue = await db.Cases.Where(c => c.Status == CaseStatus.Open && c.FirstResponseDue <= now)
            .OrderBy(c => c.FirstResponseDue).Take(Batch).ToListAsync(ct);
        foreach (var c in overdue.Where(c => c.EscalateIfOverdue(now)))
            logger.LogWarning("Case {CaseNumber} on {OrderNumber} escalated: no first response by {Due}", c.CaseNumber, c.OrderNumber, c.FirstResponseDue);
    }
}
