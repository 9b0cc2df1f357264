using MassTransit;
using OrderPlatform.Billing.Data;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Billing.Messaging;

/// <summary>The order's lines were cut: bill the new total, and pay back what was paid beyond it.</summary>
public sealed class OrderLinesChangedConsumer(BillingDb db) : IConsumer<OrderLinesChanged>
{
    public async Task Consume(ConsumeContext<OrderLinesChanged> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderLinesChangedConsumer))) return;
        // No account yet: the order is confirmed with the new total and the account opens with it.
        var account = await db.Accounts.FindAsync([m.OrderId], ct);
        if (account is not null)
        {
            var paid = await db.NetPaidByRouteAsync(m.OrderNumber, ct);
            db.PublishAll(account.ChangeTotal(m.Total, paid, $"Order changed: {m.Reason}"), account.Currency,
                refund => $"change:{context.MessageId}:{refund.Route}");
        }
        await db.SaveChangesAsync(ct);
    }
}
