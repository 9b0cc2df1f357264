using MassTransit;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Billing.Messaging;

/// <summary>A confirmed order gets its billing account: a payment request, or clearance on terms.</summary>
public sealed class OrderConfirmedConsumer(BillingDb db) : IConsumer<OrderConfirmed>
{
    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        if (!await db.FirstDeliveryAsync(context, nameof(OrderConfirmedConsumer))) return;
        if (await db.Accounts.FindAsync([context.Message.OrderId], context.CancellationToken) is not null) return;
        var (account, first) = BillingAccount.Open(context.Message);
        db.Accounts.Add(account);
        db.Publish(first);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
