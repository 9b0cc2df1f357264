using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Logistics.Messaging;

/// <summary>Keeps the weight of every SKU Inventory adds, so a shipment of it is rated and given a carrier like any other.</summary>
public sealed class ProductAddedConsumer(LogisticsDb db) : IConsumer<ProductAdded>
{
    public async Task Consume(ConsumeContext<ProductAdded> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(ProductAddedConsumer))) return;
        var weight = await db.SkuWeights.FindAsync([m.Sku], context.CancellationToken);
        if (weight is null) db.SkuWeights.Add(new SkuWeight { Sku = m.Sku, WeightKg = m.WeightKg });
        else weight.WeightKg = m.WeightKg;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
