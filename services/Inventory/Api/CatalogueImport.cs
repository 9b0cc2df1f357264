using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Inventory.Api;

/// <summary>
/// The business's own product list and agreed prices from spreadsheets. A new SKU is added, a known one changed where the file
/// differs (a different price becomes the list price from now on, with history); a row that already matches changes nothing.
/// All rows or none.
/// </summary>
public static partial class CatalogueApi
{
    public static readonly ImportColumn[] ProductColumns =
    [
        new("sku", "商品编码", true, "The SKU, 2 to 40 letters, digits or dashes. A known SKU changes that product."),
        new("name", "商品名称", true, "The name staff and customers see."),
        new("nameEn", "英文名称", false, "The English name."),
        new("specification", "规格", false, "Size, colour, material."),
        new("unitPrice", "单价", true, "List price in CNY. A different price for a known SKU is its list price from now on."),
        new("weightKg", "重量(kg)", true, "Shipping weight of one unit."),
        new("volumeM3", "体积(m³)", false, "Shipping volume of one unit."),
        new("sourcing", "供应方式", true, "Stocked (库存), MadeInHouse (自产) or Custom (定制). Cannot change for a known SKU."),
        new("lowStockThreshold", "低库存预警", false, "Alert when available stock falls below; 0 when empty."),
    ];

    public static readonly ImportColumn[] CustomerPriceColumns =
    [
        new("customerId", "客户编号", true, "The customer's code."),
        new("sku", "商品编码", true, "A SKU in the catalogue."),
        new("unitPrice", "协议价", true, "The agreed price in CNY."),
        new("validFrom", "生效日期", false, "yyyy-MM-dd (China time); from now when empty."),
        new("validTo", "失效日期", false, "yyyy-MM-dd (China time), the first day it no longer applies; open-ended when empty."),
        new("reason", "原因", false, "Why, e.g. the contract; 'Imported from <file>' when empty."),
    ];

    private static readonly Dictionary<string, string> SourcingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        [Sourcing.Stocked] = Sourcing.Stocked, ["库存"] = Sourcing.Stocked, [Sourcing.MadeInHouse] = Sourcing.MadeInHouse,
        ["自产"] = Sourcing.MadeInHouse, [Sourcing.Custom] = Sourcing.Custom, ["定制"] = Sourcing.Custom,
    };

    private sealed record ProductRow(ImportRow Row, string Sku, string Name, string? NameEn, string? Specification, decimal UnitPrice,
        decimal WeightKg, decimal? VolumeM3, string Sourcing, int LowStockThreshold);

    private sealed record CustomerPriceRow(ImportRow Row, string CustomerId, string Sku, decimal UnitPrice, DateTimeOffset? ValidFrom,
        DateTimeOffset? ValidTo, string? Reason);

    private static void MapCatalogueImport(RouteGroupBuilder api)
    {
        api.MapPost("products/import", ImportProducts).WithSummary("Import products from an .xlsx or .csv file (all rows or none)")
            .Accepts<IFormFile>("multipart/form-data").RequireRole("staff:sales-manager");
        api.MapGet("products/import/template.xlsx", () => SpreadsheetImport.Template("products-template.xlsx", ProductColumns))
            .WithSummary("The product import template").Produces<byte[]>(200, SpreadsheetImport.XlsxContentType).RequireRole("staff:sales-manager");
        api.MapPost("customer-prices/import", ImportCustomerPrices).WithSummary("Import agreed prices from an .xlsx or .csv file (all rows or none)")
            .Accepts<IFormFile>("multipart/form-data").RequireRole("staff:sales-manager");
        api.MapGet("customer-prices/import/template.xlsx", () => SpreadsheetImport.Template("customer-prices-template.xlsx", CustomerPriceColumns))
            .WithSummary("The agreed-price import template").Produces<byte[]>(200, SpreadsheetImport.XlsxContentType).RequireRole("staff:sales-manager");
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportProducts(HttpRequest request, Caller caller, InventoryDb db,
        IOutputCacheStore cache, TimeProvider clock, CancellationToken ct)
    {
        var file = await SpreadsheetImport.ReadAsync(request, ProductColumns, ct);
        if (!file.IsValid) return file.Problem();
        var rows = file.Rows.Select(ParseProduct).ToList();
        SpreadsheetImport.RefuseRepeats(file, "sku");
        if (!file.IsValid) return file.Problem();

        var skus = rows.Select(r => r!.Sku).ToList();
        var known = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var (now, reason) = (clock.GetUtcNow(), $"Imported from {file.Name}");
        int created = 0, changed = 0;
        var thresholds = new List<string>();
        foreach (var r in rows.Select(r => r!))
        {
            if (!known.TryGetValue(r.Sku, out var product))
            {
                var (added, price) = Product.Add(r.Sku, r.Name, r.NameEn, r.Specification, r.UnitPrice, r.WeightKg, r.VolumeM3, r.Sourcing,
                    r.LowStockThreshold, caller.Client, now);
                db.Products.Add(added);
                db.Prices.Add(price);
                db.Publish(new ProductAdded(added.Sku, added.Name, added.Sourcing, added.ListPrice, added.WeightKg, added.VolumeM3, now));
                thresholds.Add(added.Sku);
                created++;
                continue;
            }
            if (product.Sourcing != r.Sourcing)
            {
                r.Row.Error("sourcing", $"{r.Sku} is {product.Sourcing}; the sourcing of a product in the catalogue cannot change");
                continue;
            }
            var fields = product.ChangeDetails(r.Name, r.NameEn, r.Specification, r.WeightKg, r.VolumeM3, r.LowStockThreshold);
            if (fields.Count > 0) db.Publish(new ProductChanged(product.Sku, product.Name, product.WeightKg, product.VolumeM3, fields, now));
            if (fields.Contains("lowStockThreshold")) thresholds.Add(product.Sku);
            var repriced = product.ListPrice != r.UnitPrice;
            if (repriced)
            {
                var price = product.SetPrice(r.UnitPrice, now, reason, caller.Client, now);
                db.Prices.Add(price);
                db.Publish(new PriceChanged(product.Sku, price.UnitPrice, price.EffectiveFrom, price.Reason, caller.Client));
            }
            if (fields.Count > 0 || repriced) changed++;
        }
        if (!file.IsValid) return file.Problem(); // nothing tracked so far is saved
        if (thresholds.Count > 0) await db.ReviewLowStockAsync(thresholds, ct);
        await db.SaveChangesAsync(ct); // one transaction: a concurrent addition of a new SKU is the primary key's 409
        if (created + changed > 0) await cache.EvictByTagAsync(InventoryApi.CatalogueTag, ct);
        return TypedResults.Ok(new ImportResult(file.Name, rows.Count, created, changed, rows.Count - created - changed));
    }

    /// <summary>One row checked as <c>POST /api/inventory/products</c> checks a new product.</summary>
    private static ProductRow? ParseProduct(ImportRow row)
    {
        var sku = row.Required("sku");
        if (sku is not null && !SkuPattern().IsMatch(sku)) row.Error("sku", "must be 2 to 40 letters, digits or dashes");
        var name = row.Required("name");
        var (price, weight, volume, threshold) = (row.Decimal("unitPrice"), row.Decimal("weightKg"), row.Decimal("volumeM3"), row.Integer("lowStockThreshold"));
        if (price is not > 0) row.Error("unitPrice", "must be more than zero");
        if (weight is not > 0) row.Error("weightKg", "must be more than zero");
        if (volume is <= 0) row.Error("volumeM3", "must be more than zero");
        if (threshold is < 0) row.Error("lowStockThreshold", "must be zero or more");
        var sourcing = row.Required("sourcing") is { } given ? SourcingNames.GetValueOrDefault(given) : null;
        if (sourcing is null && row.Text("sourcing") is { } bad) row.Error("sourcing", $"'{bad}' is not Stocked (库存), MadeInHouse (自产) or Custom (定制)");
        if (sku is null || name is null || price is not > 0 || weight is not > 0 || sourcing is null) return null;
        return new ProductRow(row, sku, name, row.Text("nameEn"), row.Text("specification"), price.Value, weight.Value, volume, sourcing, threshold ?? 0);
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportCustomerPrices(HttpRequest request, Caller caller,
        InventoryDb db, TimeProvider clock, CancellationToken ct)
    {
        var file = await SpreadsheetImport.ReadAsync(request, CustomerPriceColumns, ct);
        if (!file.IsValid) return file.Problem();
        var now = clock.GetUtcNow();
        var rows = file.Rows.Select(row => ParseCustomerPrice(row, now)).ToList();
        if (!file.IsValid) return file.Problem();

        var skus = rows.Select(r => r!.Sku).Distinct().ToList();
        var catalogue = (await db.Products.Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(ct)).ToHashSet();
        var customers = rows.Select(r => r!.CustomerId).Distinct().ToList();
        var agreed = (await db.CustomerPrices.AsNoTracking().Where(p => customers.Contains(p.CustomerId) && skus.Contains(p.Sku)).ToListAsync(ct))
            .ToLookup(p => (p.CustomerId, p.Sku));
        var created = 0;
        foreach (var r in rows.Select(r => r!))
        {
            if (!catalogue.Contains(r.Sku))
            {
                r.Row.Error("sku", $"{r.Sku} is not in the catalogue");
                continue;
            }
            // Already agreed: the same price to the same end, from the same moment (or, without one, in force now).
            if (agreed[(r.CustomerId, r.Sku)].Any(p => p.UnitPrice == r.UnitPrice && p.ValidTo == r.ValidTo
                && (r.ValidFrom is { } from ? p.ValidFrom == from : p.InForceAt(now))))
                continue;
            var price = new CustomerPrice
            {
                CustomerId = r.CustomerId, Sku = r.Sku, UnitPrice = r.UnitPrice, ValidFrom = r.ValidFrom ?? now, ValidTo = r.ValidTo,
                Reason = r.Reason ?? $"Imported from {file.Name}", SetBy = caller.Client, SetAt = now,
            };
            db.CustomerPrices.Add(price);
            db.Publish(new CustomerPriceAgreed(price.CustomerId, price.Sku, price.UnitPrice, price.ValidFrom, price.ValidTo, price.Reason, caller.Client));
            created++;
        }
        if (!file.IsValid) return file.Problem();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ImportResult(file.Name, rows.Count, created, 0, rows.Count - created));
    }

    /// <summary>One row checked as <c>PUT /api/inventory/customer-prices/{customerId}/{sku}</c> checks an agreement.</summary>
    private static CustomerPriceRow? ParseCustomerPrice(ImportRow row, DateTimeOffset now)
    {
        var (customerId, sku, price) = (row.Required("customerId"), row.Required("sku"), row.Decimal("unitPrice"));
        if (price is not > 0) row.Error("unitPrice", "must be more than zero");
        var (from, to) = (row.Moment("validFrom"), row.Moment("validTo"));
        if (to is not null && to <= (from ?? now)) row.Error("validTo", "must be after validFrom (or now, when validFrom is empty)");
        if (customerId is null || sku is null || price is not > 0) return null;
        return new CustomerPriceRow(row, customerId, sku, price.Value, from, to, row.Text("reason"));
    }
}
