using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Inventory.Api;

public record AddProductRequest(string? Sku, string? Name, string? NameEn, string? Specification, decimal? UnitPrice, decimal? WeightKg,
    decimal? VolumeM3, string? Sourcing, int? LowStockThreshold);
public record PriceRequest(decimal? UnitPrice, DateTimeOffset? EffectiveFrom, string? Reason);
public record CustomerPriceRequest(decimal? UnitPrice, DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo, string? Reason);

/// <summary>Products and prices the business keeps itself: new SKUs, list prices from a moment on, prices agreed with customers.</summary>
public static partial class CatalogueApi
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")]
    private static partial System.Text.RegularExpressions.Regex SkuPattern();

    public static void MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/inventory");
        api.MapPost("products", Add).WithSummary("Add a product to the catalogue").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole("staff:sales-manager");
        api.MapGet("products/{sku}", Get).WithSummary("Get a product with its price history");
        api.MapPut("products/{sku}/price", SetPrice).WithSummary("Set a product's list price from a moment on").RequireRole("staff:sales-manager");
        api.MapPut("customer-prices/{customerId}/{sku}", AgreePrice).WithSummary("Agree a price with a customer for a SKU")
            .RequireRole("staff:sales-manager");
        api.MapGet("customer-prices/{customerId}", ListAgreed).WithSummary("List the prices agreed with a customer")
            .RequireRole("staff:sales-manager", "staff:credit", "staff:finance", "channel:phone-desk");
        MapCatalogueImport(api);
    }

    private static async Task<Results<Created<ProductDetailResponse>, ValidationProblem, ProblemHttpResult>> Add(AddProductRequest body,
        Caller caller, InventoryDb db, IOutputCacheStore cache, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("sku", body.Sku);
        if (body.Sku is { } sku && !SkuPattern().IsMatch(sku.Trim()))
            v.Add("sku", "must be 2 to 40 letters, digits or dashes");
        v.Required("name", body.Name);
        if (body.UnitPrice is not > 0) v.Add("unitPrice", "must be more than zero");
        if (body.WeightKg is not > 0) v.Add("weightKg", "must be more than zero");
        if (body.VolumeM3 is <= 0) v.Add("volumeM3", "must be more than zero");
        if (!Sourcing.All.Contains(body.Sourcing)) v.Add("sourcing", $"must be one of {string.Join(", ", Sourcing.All)}");
        if (body.LowStockThreshold is < 0) v.Add("lowStockThreshold", "must be zero or more");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var code = body.Sku!.Trim();
        if (await db.Products.AnyAsync(p => p.Sku == code, ct))
            return Problems.InvalidState("Product already exists", $"SKU {code} is already in the catalogue.");
        var now = clock.GetUtcNow();
        var (product, price) = Product.Add(code, body.Name!.Trim(), body.NameEn?.Trim(), body.Specification?.Trim(), body.UnitPrice!.Value,
            body.WeightKg!.Value, body.VolumeM3, body.Sourcing!, body.LowStockThreshold ?? 0, caller.Client, now);
        db.Products.Add(product);
        db.Prices.Add(price);
        db.Publish(new ProductAdded(product.Sku, product.Name, product.Sourcing, product.ListPrice, product.WeightKg, product.VolumeM3, now));
        await db.ReviewLowStockAsync([product.Sku], ct);
        await db.SaveChangesAsync(ct); // a concurrent addition of the same SKU is the primary key's 409
        await cache.EvictByTagAsync(InventoryApi.CatalogueTag, ct);
        return TypedResults.Created($"/api/inventory/products/{product.Sku}", ProductDetailResponse.From(product, [price]));
    }

    private static async Task<Results<Ok<ProductDetailResponse>, NotFound>> Get(string sku, InventoryDb db, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, ct);
        if (product is null) return TypedResults.NotFound();
        var prices = await PriceHistoryAsync(db, sku, ct);
        return TypedResults.Ok(ProductDetailResponse.From(product, prices));
    }

    private static async Task<Results<Ok<ProductDetailResponse>, NotFound, ValidationProblem>> SetPrice(string sku, PriceRequest body,
        Caller caller, InventoryDb db, IOutputCacheStore cache, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        if (body.UnitPrice is not > 0) v.Add("unitPrice", "must be more than zero");
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == sku, ct);
        if (product is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var price = product.SetPrice(body.UnitPrice!.Value, body.EffectiveFrom?.ToUniversalTime() ?? now, body.Reason!.Trim(), caller.Client, now);
        db.Prices.Add(price);
        db.Publish(new PriceChanged(sku, price.UnitPrice, price.EffectiveFrom, price.Reason, caller.Client));
        await db.SaveChangesAsync(ct);
        if (price.Applied) await cache.EvictByTagAsync(InventoryApi.CatalogueTag, ct);
        var prices = await PriceHistoryAsync(db, sku, ct);
        return TypedResults.Ok(ProductDetailResponse.From(product, prices));
    }

    /// <summary>Every list price of the SKU, in the order they took (or take) effect.</summary>
    private static Task<List<ProductPrice>> PriceHistoryAsync(InventoryDb db, string sku, CancellationToken ct)
        => db.Prices.AsNoTracking().Where(p => p.Sku == sku).OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id).ToListAsync(ct);

    private static async Task<Results<Ok<CustomerPriceResponse>, NotFound, ValidationProblem>> AgreePrice(string customerId, string sku,
        CustomerPriceRequest body, Caller caller, InventoryDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (from, to) = (body.ValidFrom?.ToUniversalTime() ?? now, body.ValidTo?.ToUniversalTime()); // PostgreSQL keeps moments in UTC
        var v = new Validation();
        if (body.UnitPrice is not > 0) v.Add("unitPrice", "must be more than zero");
        if (to is not null && to <= from) v.Add("validTo", "must be after validFrom");
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (!await db.Products.AnyAsync(p => p.Sku == sku, ct)) return TypedResults.NotFound();
        var agreed = new CustomerPrice
        {
            CustomerId = customerId, Sku = sku, UnitPrice = body.UnitPrice!.Value, ValidFrom = from, ValidTo = to,
            Reason = body.Reason!.Trim(), SetBy = caller.Client, SetAt = now,
        };
        db.CustomerPrices.Add(agreed);
        db.Publish(new CustomerPriceAgreed(customerId, sku, agreed.UnitPrice, from, to, agreed.Reason, caller.Client));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CustomerPriceResponse.From(agreed, now));
    }

    /// <summary>Every price agreed with the customer, newest first; <c>inForce</c> marks the one that counts now per SKU.</summary>
    private static async Task<Ok<List<CustomerPriceResponse>>> ListAgreed(string customerId, InventoryDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.CustomerPrices.AsNoTracking().Where(p => p.CustomerId == customerId).OrderByDescending(p => p.Id).ToListAsync(ct);
        var inForce = rows.Where(p => p.InForceAt(now)).GroupBy(p => p.Sku).Select(g => g.First().Id).ToHashSet();
        return TypedResults.Ok(rows.Select(p => CustomerPriceResponse.From(p, now) with { InForce = inForce.Contains(p.Id) }).ToList());
    }
}
