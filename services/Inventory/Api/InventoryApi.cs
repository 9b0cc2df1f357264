using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Inventory.Api;

public record StockReceiptRequest(string? Sku, string? Warehouse, int? Quantity, string? Reference);

public record WarehouseStock(string Warehouse, int OnHand, int Reserved, int Available);

public record StockView(string Sku, string Name, int OnHand, int Reserved, int Available, int LowStockThreshold,
    IReadOnlyList<WarehouseStock> Warehouses);

public static class InventoryApi
{
    /// <summary>The output-cache tag of every answer drawn from the catalogue and price list; a change to them evicts it.</summary>
    public const string CatalogueTag = "catalogue";

    public static void MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/inventory");
        api.MapGet("products", ListProducts).CacheOutput(p => p.Tag(CatalogueTag).Expire(TimeSpan.FromMinutes(10)));
        api.MapGet("stock", ListStock).WithSummary("List stock per SKU and warehouse")
            .RequireRole("staff:production", "staff:logistics", "staff:sales-manager", "staff:warehouse");
        api.MapGet("stock/{sku}", GetStock).RequireRole("channel:phone-desk", "staff:production", "staff:logistics", "staff:sales-manager", "staff:warehouse", "staff:finance", "staff:credit", "staff:aftersales");
        api.MapGet("stock/{sku}/lots", GetLots).RequireRole("staff:production", "staff:logistics", "staff:warehouse");
        api.MapGet("stock/{sku}/ledger", GetLedger).RequireRole("staff:production", "staff:logistics", "staff:warehouse");
        api.MapPost("receipts", Receive).WithSummary("Receive stock into a warehouse").RequireRole("staff:production", "staff:warehouse");
        api.MapGet("backorders", ListBackorders).RequireRole("staff:production", "staff:logistics", "staff:sales-manager", "staff:warehouse");
        api.MapGet("alerts", ListAlerts).RequireRole("staff:production", "staff:logistics", "staff:sales-manager", "staff:warehouse");
    }

    private static async Task<Ok<List<ProductResponse>>> ListProducts(InventoryDb db, CancellationToken ct)
        => TypedResults.Ok((await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(ct)).ConvertAll(ProductResponse.From));

    /// <summary>Open low-stock alerts, oldest first; <c>?all=true</c> also lists cleared ones (newest first); paged.</summary>
    private static async Task<Results<Ok<List<LowStockAlertResponse>>, ValidationProblem>> ListAlerts(InventoryDb db, bool? all, int? limit, int? offset,
        CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        var alerts = all == true
            ? db.LowStockAlerts.AsNoTracking().OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id)
            : db.LowStockAlerts.AsNoTracking().Where(a => a.ClearedAt == null).OrderBy(a => a.RaisedAt).ThenBy(a => a.Id);
        return TypedResults.Ok((await alerts.Page(limit, offset).ToListAsync(ct)).ConvertAll(LowStockAlertResponse.From));
    }

    /// <summary>
    /// Open backorders in the order the next receipt serves them (urgent, grade, arrival), paged; <c>?sku=</c> narrows to one
    /// SKU. The order is the allocation rule's, so the open ones are read and ordered before the page is taken.
    /// </summary>
    private static async Task<Results<Ok<List<BackorderResponse>>, ValidationProblem>> ListBackorders(InventoryDb db, string? sku, int? limit, int? offset,
        CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        var query = db.Backorders.AsNoTracking().Where(b => b.Status == BackorderStatus.Open);
        if (!string.IsNullOrEmpty(sku)) query = query.Where(b => b.Sku == sku);
        return TypedResults.Ok(Backorder.InAllocationOrder(await query.ToListAsync(ct))
            .Page(limit, offset).Select(BackorderResponse.From).ToList());
    }

    /// <summary>
    /// Stock per SKU (by SKU, with each warehouse holding it), filtered and paged in the database: by the beginning of the
    /// SKU, by a warehouse, and <c>low=true</c> for those whose available stock is below their low-stock threshold;
    /// <c>limit</c> per page (at most 500) from <c>offset</c>.
    /// </summary>
    private static async Task<Results<Ok<List<StockView>>, ValidationProblem>> ListStock(InventoryDb db, string? sku, string? warehouse, bool? low,
        int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku)) products = products.Where(p => p.Sku.StartsWith(sku.Trim().ToUpperInvariant()));
        var code = string.IsNullOrWhiteSpace(warehouse) ? null : warehouse.Trim().ToUpperInvariant();
        if (code is not null) products = products.Where(p => db.Stock.Any(s => s.Sku == p.Sku && s.Warehouse == code));
        if (low == true) products = products.Where(p => db.Stock.Where(s => s.Sku == p.Sku).Sum(s => s.OnHand - s.Reserved) < p.LowStockThreshold);
        var rows = await products.OrderBy(p => p.Sku).Page(limit, offset, 50)
            .Select(p => new
            {
                p.Sku, p.Name, p.LowStockThreshold,
                Items = db.Stock.Where(s => s.Sku == p.Sku && (code == null || s.Warehouse == code)).OrderBy(s => s.Warehouse)
                    .Select(s => new WarehouseStock(s.Warehouse, s.OnHand, s.Reserved, s.OnHand - s.Reserved)).ToList(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => new StockView(r.Sku, r.Name, r.Items.Sum(i => i.OnHand), r.Items.Sum(i => i.Reserved),
            r.Items.Sum(i => i.Available), r.LowStockThreshold, r.Items)));
    }

    private static async Task<Results<Ok<StockView>, NotFound>> GetStock(string sku, InventoryDb db, CancellationToken ct)
    {
        var product = await db.Products.FindAsync([sku], ct);
        if (product is null) return TypedResults.NotFound();
        var items = await db.Stock.AsNoTracking().Where(s => s.Sku == sku).OrderBy(s => s.Warehouse).ToListAsync(ct);
        return TypedResults.Ok(new StockView(sku, product.Name, items.Sum(i => i.OnHand), items.Sum(i => i.Reserved),
            items.Sum(i => i.Available), product.LowStockThreshold,
            items.Select(i => new WarehouseStock(i.Warehouse, i.OnHand, i.Reserved, i.Available)).ToList()));
    }

    /// <summary>The SKU's lots still holding goods, oldest first: the order they leave in.</summary>
    private static async Task<Results<Ok<List<StockLotResponse>>, NotFound>> GetLots(string sku, InventoryDb db, CancellationToken ct)
    {
        if (await db.Products.FindAsync([sku], ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await db.Lots.AsNoTracking().Where(l => l.Sku == sku && l.Remaining > 0).OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id).ToListAsync(ct))
            .ConvertAll(StockLotResponse.From));
    }

    private static async Task<Results<Ok<List<StockMovementResponse>>, NotFound>> GetLedger(string sku, InventoryDb db, CancellationToken ct)
    {
        if (await db.Products.FindAsync([sku], ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await db.Ledger.AsNoTracking().Where(m => m.Sku == sku).OrderBy(m => m.Id).ToListAsync(ct))
            .ConvertAll(StockMovementResponse.From));
    }

    private static async Task<Results<Ok<StockView>, ValidationProblem, NotFound>> Receive(StockReceiptRequest body,
        Caller caller, InventoryDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("sku", body.Sku);
        v.Required("warehouse", body.Warehouse);
        if (body.Quantity is null or <= 0) v.Add("quantity", "must be a positive whole number");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (await db.Products.FindAsync([body.Sku!], ct) is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = [$"unknown SKU {body.Sku}"] });
        if (await db.Warehouses.FindAsync([body.Warehouse!], ct) is not { Active: true })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["warehouse"] = [$"{body.Warehouse} is not an active warehouse"] });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stock = (await db.LockStockAsync([body.Sku!], ct)).SingleOrDefault(s => s.Warehouse == body.Warehouse);
        if (stock is null) db.Stock.Add(stock = StockItem.Create(body.Sku!, body.Warehouse!, 0));
        db.PutOnHand(stock, body.Quantity!.Value, "Received", null, $"{body.Reference} by {caller.Client}".Trim());
        await db.ServeBackordersAsync(body.Sku!, [.. db.Stock.Local.Where(s => s.Sku == body.Sku)], ct);
        await db.CheckLowStockAsync([body.Sku!], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await GetStock(body.Sku!, db, ct)).Result switch { Ok<StockView> ok => ok, _ => TypedResults.NotFound() };
    }
}
