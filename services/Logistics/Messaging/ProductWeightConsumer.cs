using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Logistics.Messaging;

/// <summary>
/// Keeps the weight of every SKU Inventory adds or re-weighs, so a shipment of it is rated and given a carrier like any other.
/// </summary>
public sealed class ProductWeightConsumer(LogisticsDb db) : IConsumer<ProductAdded>, IConsumer<ProductChanged>
{
    public Task Consume(ConsumeContext<ProductAdded> context) => KeepAsync(context, context.Message.Sku, context.Message.WeightKg);

    public Task Consume(ConsumeContext<ProductChanged> context) => KeepAsync(context, context.Message.Sku, context.Message.WeightKg);

    private async Task KeepAsync(ConsumeContext context, string sku, decimal weightKg)
    {
        if (!await db.FirstDeliveryAsync(context, nameof(ProductWeightConsumer))) return;
        var weight = await db.SkuWeights.FindAsync([sku], context.CancellationToken);
        if (weight is null) db.SkuWeights.Add(new SkuWeight { Sku = sku, WeightKg = weightKg });
        else weight.WeightKg = weightKg;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
