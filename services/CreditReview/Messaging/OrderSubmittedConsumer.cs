using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.CreditReview.Messaging;

/// <summary>Reviews the credit of every submitted order: approve, or hold for a credit controller.</summary>
public sealed class OrderSubmittedConsumer(CreditDb db, ILogger<OrderSubmittedConsumer> logger) : IConsumer<OrderSubmitted>
{
    public async Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderSubmittedConsumer))) return;
        if (await db.Cases.FindAsync([m.OrderId], context.CancellationToken) is not null) return;

        var customer = await db.Customers.FindAsync([m.CustomerId], context.CancellationToken)
            ?? throw new InvalidOperationException($"Order {m.OrderNumber} names unknown customer {m.CustomerId}");
        var exposure = await db.ExposureAsync(m.CustomerId, context.CancellationToken);
        var decision = CreditCase.Decide(customer, m.OrderId, m.OrderNumber, m.Total, exposure, DateTimeOffset.UtcNow);
        db.Cases.Add(decision);
        if (decision.Status == CreditStatus.Approved)
            db.Publish(new CreditApproved(m.OrderId, m.OrderNumber, decision.Reason, "credit-review"));
        else
            db.Publish(new CreditHeld(m.OrderId, m.OrderNumber, decision.Reason, exposure, customer.CreditLimit));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Credit for {OrderNumber}: {Status} ({Reason})", m.OrderNumber, decision.Status, decision.Reason);
    }
}
