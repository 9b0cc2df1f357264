using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>Answers Intake's price check: the list price of each SKU, or that it is unknown.</summary>
public sealed class QuotePricesConsumer(InventoryDb db) : IConsumer<QuotePrices>
{
    public async Task Consume(ConsumeContext<QuotePrices> context)
    {
        var skus = context.Message.Skus.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
            .ToDictionaryAsync(p => p.Sku, context.CancellationToken);
        await context.RespondAsync(new PricesQuoted(skus.Select(sku => products.TryGetValue(sku, out var p)
            ? new SkuPrice(sku, true, p.Name, p.ListPrice, p.MadeToOrder)
            : new SkuPrice(sku, false, "", 0m, false)).ToList()));
    }
}
