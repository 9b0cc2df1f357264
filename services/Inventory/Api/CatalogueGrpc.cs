using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts.Grpc.Inventory;
using OrderPlatform.Inventory.Data;

namespace OrderPlatform.Inventory.Api;

/// <summary>Answers Intake's price check while it takes an order: list prices, made to order or not, and stock available (contracts/Protos/inventory.proto).</summary>
public sealed class CatalogueGrpc(InventoryDb db) : Catalogue.CatalogueBase
{
    public override async Task<QuotePricesReply> QuotePrices(QuotePricesRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var skus = request.Skus.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var available = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, Available = g.Sum(s => s.OnHand - s.Reserved) }).ToDictionaryAsync(x => x.Sku, x => x.Available, ct);
        var reply = new QuotePricesReply();
        reply.Prices.AddRange(skus.Select(sku => products.TryGetValue(sku, out var p)
            ? new SkuQuote
            {
                Sku = sku, Known = true, Name = p.Name, ListPrice = p.ListPrice.ToString(CultureInfo.InvariantCulture), MadeToOrder = p.MadeToOrder,
                Available = available.GetValueOrDefault(sku),
            }
            : new SkuQuote { Sku = sku, Known = false }));
        return reply;
    }
}
