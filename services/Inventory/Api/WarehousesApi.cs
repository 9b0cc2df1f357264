using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Inventory.Api;

public record WarehouseRequest(string? Code, string? Name, string? Province, string? City, string? Address, bool? Active, string? Reason);

public sealed record WarehouseResponse(string Code, string Name, string Province, string City, string Address, bool Active)
{
    public static WarehouseResponse From(Warehouse w) => new(w.Code, w.Name, w.Province, w.City, w.Address, w.Active);
}

public sealed record WarehouseDetailResponse(WarehouseResponse Warehouse, IReadOnlyList<ReferenceChangeResponse> History);

/// <summary>The warehouses stock is kept in, kept by warehouse staff, with the history of every change.</summary>
public static class WarehousesApi
{
    private const string Kind = "warehouse";

    public static void MapWarehousesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/inventory/warehouses");
        api.MapGet("", async (InventoryDb db, CancellationToken ct) =>
                TypedResults.Ok((await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).ToListAsync(ct)).ConvertAll(WarehouseResponse.From)))
            .WithName("ListWarehouses").WithSummary("List warehouses").RequireRole("staff:warehouse", "staff:production", "staff:logistics");
        api.MapGet("{code}", Get).WithSummary("Get a warehouse with the history of its changes")
            .RequireRole("staff:warehouse", "staff:production", "staff:logistics");
        api.MapPost("", Add).WithSummary("Add a warehouse").ProducesProblem(StatusCodes.Status409Conflict).RequireRole("staff:warehouse");
        api.MapPut("{code}", Change).WithSummary("Change a warehouse's name or address, or (de)activate it").RequireRole("staff:warehouse");
    }

    private static async Task<Results<Ok<WarehouseDetailResponse>, NotFound>> Get(string code, InventoryDb db, CancellationToken ct)
        => await db.Warehouses.AsNoTracking().SingleOrDefaultAsync(w => w.Code == code, ct) is { } warehouse
            ? TypedResults.Ok(new WarehouseDetailResponse(WarehouseResponse.From(warehouse), await db.HistoryAsync(Kind, code, ct)))
            : TypedResults.NotFound();

    private static async Task<Results<Created<WarehouseDetailResponse>, ValidationProblem, ProblemHttpResult>> Add(WarehouseRequest body,
        Caller caller, InventoryDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Code("code", body.Code);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (await db.Warehouses.AnyAsync(w => w.Code == body.Code, ct))
            return Problems.InvalidState("Warehouse already exists", $"A warehouse {body.Code} is already set up.");
        var warehouse = new Warehouse { Code = body.Code!, Name = "" };
        Apply(warehouse, body);
        db.Warehouses.Add(warehouse);
        db.RecordChange(Kind, warehouse.Code, "Added", null, WarehouseResponse.From(warehouse), caller.Client, body.Reason?.Trim() ?? "New warehouse",
            clock.GetUtcNow());
        await db.SaveChangesAsync(ct); // a concurrent addition of the same code is the primary key's 409
        return TypedResults.Created($"/api/inventory/warehouses/{warehouse.Code}",
            new WarehouseDetailResponse(WarehouseResponse.From(warehouse), await db.HistoryAsync(Kind, warehouse.Code, ct)));
    }

    private static async Task<Results<Ok<WarehouseDetailResponse>, NotFound, ValidationProblem>> Change(string code, WarehouseRequest body,
        Caller caller, InventoryDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var warehouse = await db.Warehouses.SingleOrDefaultAsync(w => w.Code == code, ct);
        if (warehouse is null) return TypedResults.NotFound();
        var before = WarehouseResponse.From(warehouse);
        Apply(warehouse, body);
        if (db.RecordChange(Kind, code, "Changed", before, WarehouseResponse.From(warehouse), caller.Client, body.Reason!.Trim(), clock.GetUtcNow()))
            await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WarehouseDetailResponse(WarehouseResponse.From(warehouse), await db.HistoryAsync(Kind, code, ct)));
    }

    private static Validation Check(WarehouseRequest body)
    {
        var v = new Validation();
        v.Required("name", body.Name);
        v.Required("province", body.Province);
        v.Required("city", body.City);
        v.Required("address", body.Address);
        return v;
    }

    private static void Apply(Warehouse warehouse, WarehouseRequest body)
    {
        (warehouse.Name, warehouse.Province, warehouse.City, warehouse.Address) = (body.Name!.Trim(), body.Province!.Trim(), body.City!.Trim(), body.Address!.Trim());
        warehouse.Active = body.Active ?? true;
    }
}
