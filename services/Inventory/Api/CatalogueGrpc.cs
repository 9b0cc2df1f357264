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
        var now = clock.GetUtcNow();
        // One round trip on the order's path: each product with its stock, a scheduled price already due, and the agreed price.
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new
        {
            p.Sku, p.Name, p.MadeToOrder, p.ListPrice,
            Due = db.Prices.Where(s => s.Sku == p.Sku && !s.Applied && s.EffectiveFrom <= now)
                .OrderByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.Id).Select(s => (decimal?)s.UnitPrice).FirstOrDefault(),
            Agreed = db.CustomerPrices.Where(c => c.CustomerId == request.CustomerId && c.Sku == p.Sku && c.ValidFrom <= now
                    && (c.ValidTo == null || now < c.ValidTo))
                .OrderByDescending(c => c.Id).Select(c => (decimal?)c.UnitPrice).FirstOrDefault(),
            Available = db.Stock.Where(s => s.Sku == p.Sku).Sum(s => (int?)(s.OnHand - s.Reserved)) ?? 0,
        }).ToDictionaryAsync(p => p.Sku, ct);
        var reply = new QuotePricesReply();
        reply.Prices.AddRange(skus.Select(sku => products.TryGetValue(sku, out var p)
            ? new SkuQuote
            {
                Sku = sku, Known = true, Name = p.Name, MadeToOrder = p.MadeToOrder, Available = p.Available,
                ListPrice = (p.Due ?? p.ListPrice).ToString(CultureInfo.InvariantCulture),
                AgreedPrice = p.Agreed?.ToString(CultureInfo.InvariantCulture) ?? "",
            }
            : new SkuQuote { Sku = sku, Known = false }));
        return reply;
    }
}
