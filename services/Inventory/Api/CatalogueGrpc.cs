using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts.Grpc.Inventory;
using OrderPlatform.Inventory.Data;

namespace OrderPlatform.Inventory.Api;

/// <summary>
/// Answers Intake's price check while it takes an order (contracts/Protos/inventory.proto): the list price in force now
/// (a scheduled price counts from its moment, whether or not the catalogue has taken it yet), the price agreed with the
/// customer, made to order or not, and stock available.
/// </summary>
public sealed class CatalogueGrpc(InventoryDb db, TimeProvider clock) : Catalogue.CatalogueBase
{
    public override async Task<QuotePricesReply> QuotePrices(QuotePricesRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var skus = request.Skus.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var available = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, Available = g.Sum(s => s.OnHand - s.Reserved) }).ToDictionaryAsync(x => x.Sku, x => x.Available, ct);
        var now = clock.GetUtcNow();
        var scheduled = await db.Prices.AsNoTracking().Where(p => skus.Contains(p.Sku) && !p.Applied && p.EffectiveFrom <= now)
            .GroupBy(p => p.Sku).Select(g => g.OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Id).First())
            .ToDictionaryAsync(p => p.Sku, p => p.UnitPrice, ct);
        var agreed = await db.CustomerPrices.AsNoTracking()
            .Where(p => p.CustomerId == request.CustomerId && skus.Contains(p.Sku) && p.ValidFrom <= now && (p.ValidTo == null || now < p.ValidTo))
            .GroupBy(p => p.Sku).Select(g => g.OrderByDescending(p => p.Id).First())
            .ToDictionaryAsync(p => p.Sku, p => p.UnitPrice, ct);
        var reply = new QuotePricesReply();
        reply.Prices.AddRange(skus.Select(sku => products.TryGetValue(sku, out var p)
            ? new SkuQuote
            {
                Sku = sku, Known = true, Name = p.Name, MadeToOrder = p.MadeToOrder, Available = available.GetValueOrDefault(sku),
                ListPrice = scheduled.GetValueOrDefault(sku, p.ListPrice).ToString(CultureInfo.InvariantCulture),
                AgreedPrice = agreed.TryGetValue(sku, out var price) ? price.ToString(CultureInfo.InvariantCulture) : "",
            }
            : new SkuQuote { Sku = sku, Known = false }));
        return reply;
    }
}
