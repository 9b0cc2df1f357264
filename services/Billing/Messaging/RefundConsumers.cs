using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Billing.Messaging;

/// <summary>A cancelled order gets back what it paid, through the route each payment came by.</summary>
public sealed class OrderCancelledConsumer(BillingDb db) : IConsumer<OrderCancelled>
{
    public async Task Consume(ConsumeContext<OrderCancelled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderCancelledConsumer))) return;
        var account = await db.Accounts.FindAsync([m.OrderId], ct);
        if (account is not null && account.Status != BillingStatus.Cancelled)
        {
            var paid = await db.NetPaidByRouteAsync(m.OrderNumber, ct);
            foreach (var refund in account.Cancel(paid, $"Order cancelled: {m.Reason}"))
                db.RecordRefund(refund, $"refund:{m.OrderNumber}", account.Currency, new { refund.Reason, CancelledBy = m.CancelledBy });
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Returned goods passed inspection: for a return (not an exchange), the money goes back.</summary>
public sealed class ReturnInspectedConsumer(BillingDb db) : IConsumer<ReturnInspected>
{
    public async Task Consume(ConsumeContext<ReturnInspected> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!m.Passed || m.Kind != ReturnKinds.Return || m.RefundAmount <= 0) return;
        if (!await db.FirstDeliveryAsync(context, nameof(ReturnInspectedConsumer))) return;
        var account = await db.Accounts.FindAsync([m.OrderId], ct)
            ?? throw new InvalidOperationException($"No billing account for {m.OrderNumber}");
        var paid = await db.NetPaidByRouteAsync(m.OrderNumber, ct);
        var refunds = account.AcceptReturn(m.ReturnNumber, m.RefundAmount, paid, $"Return {m.ReturnNumber} accepted: {m.Note}");
        foreach (var refund in refunds)
            db.RecordRefund(refund, $"refund:{m.ReturnNumber}", account.Currency, new { refund.Reason, refund.Reference });
        var refunded = refunds.Sum(r => r.Amount);
        var detail = refunds.Count == 0
            ? $"{m.RefundAmount:0.00} CNY credited against what is owed (nothing was paid for it)"
            : $"{m.RefundAmount:0.00} CNY credited; {string.Join(", ", refunds.Select(r => $"{r.Amount:0.00} refunded via {r.Route}"))}";
        db.Publish(new ReturnSettled(m.OrderId, m.OrderNumber, m.ReturnNumber, m.RefundAmount, refunded, detail));
        await db.SaveChangesAsync(ct);
    }
}
