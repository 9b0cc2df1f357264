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
            var paid = await db.Payments.Where(p => p.OrderNumber == m.OrderNumber)
                .GroupBy(p => p.Route).Select(g => new { Route = g.Key, Amount = g.Sum(p => p.Amount) }).ToListAsync(ct);
            foreach (var refund in account.Cancel(paid.Select(p => (p.Route, p.Amount)), $"Order cancelled: {m.Reason}"))
            {
                db.Payments.Add(new Payment
                {
                    OrderNumber = m.OrderNumber, Route = refund.Route, EventId = $"refund:{m.OrderNumber}", Amount = -refund.Amount,
                    Currency = account.Currency, OccurredAt = DateTimeOffset.UtcNow,
                    RawBody = System.Text.Json.JsonSerializer.Serialize(new { refund.Reason, CancelledBy = m.CancelledBy }),
                });
                db.Publish(refund);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
