using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ProductionScheduling.Api;

public record LineRequest(string? Code, string? Name, int? DailyCapacity, int[]? WorkingDays, string? Warehouse, string? Reason);

public record RoutingRequest(string[]? Lines, string? Reason);

/// <summary>
/// The planner's reference data: production lines with their daily capacity and working days, and the routing of each made-in-house
/// SKU (which lines make it). Every change is kept with who, when and why; a change of capacity or days moves the schedule.
/// </summary>
public static class LinesApi
{
    private const string LineKind = "line", RoutingKind = "routing";

    public static void MapLinesApi(this RouteGroupBuilder api)
    {
        api.MapGet("lines", async (ProductionDb db, CancellationToken ct) =>
                TypedResults.Ok((await db.Lines.AsNoTracking().OrderBy(l => l.Code).ToListAsync(ct)).ConvertAll(LineResponse.From)))
            .WithName("ListLines").WithSummary("List production lines");
        api.MapGet("lines/{code}", GetLine).WithSummary("Get a production line with the history of its changes");
        api.MapPost("lines", AddLine).WithSummary("Add a production line").ProducesProblem(StatusCodes.Status409Conflict).RequireRole("staff:production");
        api.MapPut("lines/{code}", ChangeLine).WithSummary("Change a line's name, daily capacity, working days or warehouse").RequireRole("staff:production");
        api.MapGet("routings", ListRoutings).WithSummary("List the routings: which lines make each SKU, and its raw material");
        api.MapGet("routings/{sku}", GetRouting).WithSummary("Get a SKU's routing with the history of its changes");
        api.MapPut("routings/{sku}", SetRouting).WithSummary("Set the lines that make a SKU").RequireRole("staff:production");
    }

    private static async Task<Results<Ok<LineDetailResponse>, NotFound>> GetLine(string code, ProductionDb db, CancellationToken ct)
        => await db.Lines.AsNoTracking().SingleOrDefaultAsync(l => l.Code == code, ct) is { } line
            ? TypedResults.Ok(new LineDetailResponse(LineResponse.From(line), await db.HistoryAsync(LineKind, code, ct)))
            : TypedResults.NotFound();

    private static async Task<Results<Created<LineDetailResponse>, ValidationProblem, ProblemHttpResult>> AddLine(LineRequest body, Caller caller,
        ProductionDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Code("code", body.Code);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (await db.Lines.AnyAsync(l => l.Code == body.Code, ct))
            return Problems.InvalidState("Line already exists", $"A production line {body.Code} is already set up.");
        var line = new ProductionLine { Code = body.Code!, Name = "" };
        Apply(line, body);
        db.Lines.Add(line);
        db.RecordChange(LineKind, line.Code, "Added", null, LineResponse.From(line), caller.Client, body.Reason?.Trim() ?? "New line", clock.GetUtcNow());
        await db.SaveChangesAsync(ct); // a concurrent addition of the same code is the primary key's 409
        return TypedResults.Created($"/api/production/lines/{line.Code}",
            new LineDetailResponse(LineResponse.From(line), await db.HistoryAsync(LineKind, line.Code, ct)));
    }

    /// <summary>Under the lines' lock, as every schedule change is: new capacity or days re-plan the line's work orders (later dates reach the orders).</summary>
    private static async Task<Results<Ok<LineDetailResponse>, NotFound, ValidationProblem>> ChangeLine(string code, LineRequest body, Caller caller,
        ProductionDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lines = await db.LockLinesAsync(ct);
        if (lines.SingleOrDefault(l => l.Code == code) is not { } line) return TypedResults.NotFound();
        var (before, now) = (LineResponse.From(line), clock.GetUtcNow());
        Apply(line, body);
        if (db.RecordChange(LineKind, code, "Changed", before, LineResponse.From(line), caller.Client, body.Reason!.Trim(), now))
        {
            await db.RescheduleAsync(lines, $"line {code} changed: {body.Reason.Trim()}", now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return TypedResults.Ok(new LineDetailResponse(LineResponse.From(line), await db.HistoryAsync(LineKind, code, ct)));
    }

    private static async Task<Ok<List<RoutingResponse>>> ListRoutings(ProductionDb db, CancellationToken ct)
    {
        var lines = await db.Lines.AsNoTracking().OrderBy(l => l.Code).ToListAsync(ct);
        var materials = await db.Materials.AsNoTracking().ToDictionaryAsync(m => m.Sku, m => m.Units, ct);
        return TypedResults.Ok(lines.SelectMany(l => l.Skus).Concat(materials.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(sku => Routing(sku, lines, materials.GetValueOrDefault(sku))).ToList());
    }

    private static async Task<Ok<RoutingDetailResponse>> GetRouting(string sku, ProductionDb db, CancellationToken ct)
    {
        var lines = await db.Lines.AsNoTracking().OrderBy(l => l.Code).ToListAsync(ct);
        var units = (await db.Materials.AsNoTracking().SingleOrDefaultAsync(m => m.Sku == sku, ct))?.Units ?? 0;
        return TypedResults.Ok(new RoutingDetailResponse(Routing(sku, lines, units), await db.HistoryAsync(RoutingKind, sku, ct)));
    }

    /// <summary>
    /// The lines that make <paramref name="sku"/> from now on (none: no line makes it, and its orders wait on a technical hold).
    /// Work orders already on a line stay there.
    /// </summary>
    private static async Task<Results<Ok<RoutingDetailResponse>, ValidationProblem>> SetRouting(string sku, RoutingRequest body, Caller caller,
        ProductionDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Lines is null) v.Add("lines", "is required (an empty list: no line makes it)");
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lines = await db.LockLinesAsync(ct);
        var unknown = body.Lines!.Where(code => lines.All(l => l.Code != code)).ToList();
        if (unknown.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lines"] = [$"unknown line {string.Join(", ", unknown)}"] });
        var units = (await db.Materials.AsNoTracking().SingleOrDefaultAsync(m => m.Sku == sku, ct))?.Units ?? 0;
        var before = Routing(sku, lines, units);
        foreach (var line in lines)
            line.Skus = body.Lines!.Contains(line.Code) ? [.. line.Skus.Append(sku).Distinct()] : [.. line.Skus.Where(s => s != sku)];
        var after = Routing(sku, lines, units);
        if (db.RecordChange(RoutingKind, sku, before.Lines.Length == 0 ? "Routed" : "Changed", new { sku, lines = before.Lines },
                new { sku, lines = after.Lines }, caller.Client, body.Reason!.Trim(), clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return TypedResults.Ok(new RoutingDetailResponse(after, await db.HistoryAsync(RoutingKind, sku, ct)));
    }

    private static RoutingResponse Routing(string sku, IEnumerable<ProductionLine> lines, int materialUnits)
        => new(sku, lines.Where(l => l.Skus.Contains(sku)).Select(l => l.Code).ToArray(), materialUnits);

    private static Validation Check(LineRequest body)
    {
        var v = new Validation();
        v.Required("name", body.Name);
        if (body.DailyCapacity is not > 0) v.Add("dailyCapacity", "must be more than zero (units a working day)");
        if (body.WorkingDays is { } days && (days.Length == 0 || days.Any(d => d is < 1 or > 7)))
            v.Add("workingDays", "must be days of the week, 1 (Monday) to 7 (Sunday), at least one");
        v.Required("warehouse", body.Warehouse);
        return v;
    }

    private static void Apply(ProductionLine line, LineRequest body)
    {
        line.Name = body.Name!.Trim();
        line.DailyCapacity = body.DailyCapacity!.Value;
        line.WorkingDays = body.WorkingDays is { } days ? [.. days.Distinct().Order()] : ProductionLine.EveryDay;
        line.Warehouse = body.Warehouse!.Trim();
    }
}
