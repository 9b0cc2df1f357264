using MassTransit;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Billing.Messaging;

/// <summary>A claim the carrier accepted is money due from it.</summary>
public sealed class CarrierClaimAcceptedConsumer(BillingDb db) : IConsumer<CarrierClaimAccepted>
{
    public async Task Consume(ConsumeContext<CarrierClaimAccepted> context)
    {
        if (!await db.FirstDeliveryAsync(context, nameof(CarrierClaimAcceptedConsumer))) return;
        if (await db.CarrierReceivables.FindAsync([context.Message.ClaimNumber], context.CancellationToken) is not null) return;
        db.CarrierReceivables.Add(CarrierReceivable.From(context.Message));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
