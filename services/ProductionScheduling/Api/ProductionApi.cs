using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.ProductionScheduling.Api;

public record ProgressRequest(int? Quantity, string? Delay);

public record InspectionRequest(bool? Passed, string? Note);

public record MaterialReceiptRequest(string? Sku, int? Units, string? Reference);

public record ScheduledWorkOrder(int Position, string Number, string OrderNumber, string OrderType, string Grade, DateOnly DueDate,
    string Sku, int Quantity, int Done, string Status, DateOnly EstimatedCompletion);

/// <summary>A line's schedule: <see cref="OpenWorkOrders"/> in all, of which <see cref="WorkOrders"/> is the page asked for.</summary>
public record LineSchedule(string Line, string Name, int DailyCapacity, int OpenWorkOrders, IReadOnlyList<ScheduledWorkOrder> WorkOrders, IReadOnlyList<DayLoad> Days);

public static class ProductionApi
{
    public static void MapProductionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/production").RequireRole("staff:production", "staff:sales-manager");
        api.MapLinesApi();
        api.MapGet("schedule", GetSchedule).WithSummary("Each line's schedule: open work orders in sequence (paged per line) and the load per working day");
        api.MapGet("materials", async (ProductionDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Materials.AsNoTracking().OrderBy(m => m.Sku).ToListAsync(ct)).ConvertAll(MaterialResponse.From)))
            .WithName("ListMaterials").WithSummary("List raw materials");
        api.MapPost("materials", ReceiveMaterial).RequireRole("staff:production");
        api.MapGet("work-orders", List).WithSummary("List work orders");
        api.MapGet("work-orders/{number}", Get).WithSummary("Get a work order");
        api.MapPost("work-orders/{number}/progress", ReportProgress).RequireRole("staff:production");
        api.MapPost("work-orders/{number}/inspection", Inspect).WithSummary("Record a work order's quality inspection").RequireRole("staff:production");
    }

    /// <summary>
    /// Each line's open work orders in the order they will be made, with their estimated completion, and the units planned
    /// on each of its next working days (China time) against its capacity. The sequence and the load count every open
    /// work order; <paramref name="limit"/> and <paramref name="offset"/> page each line's list.
    /// </summary>
    private static async Task<Results<Ok<List<LineSchedule>>, ValidationProblem>> GetSchedule(ProductionDb db, string? line, int? limit, int? offset, CancellationToken ct)
    {
        var v = new Validation();
        Paging.Check(v, offset);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var lines = await db.Lines.AsNoTracking().Where(l => line == null || l.Code == line).OrderBy(l => l.Code).ToListAsync(ct);
        var open = await db.WorkOrders.AsNoTracking().Where(w => w.Status != WorkOrderStatus.Passed && w.Status != WorkOrderStatus.Cancelled).ToListAsync(ct);
        var today = ChinaTime.DateOf(DateTimeOffset.UtcNow);
        var (skip, take) = (offset ?? 0, Math.Clamp(limit ?? Paging.MaxLimit, 1, Paging.MaxLimit));
        return TypedResults.Ok(lines.Select(l =>
        {
            var sequence = Schedule.Sequence(open.Where(w => w.Line == l.Code)).ToList();
            return new LineSchedule(l.Code, l.Name, l.DailyCapacity, sequence.Count,
                sequence.Select((w, i) => new ScheduledWorkOrder(i + 1, w.Number, w.OrderNumber, w.OrderType, w.Grade, w.DueDate, w.Sku,
                    w.Quantity, w.Done, w.Status.ToString(), w.EstimatedCompletion)).Skip(skip).Take(take).ToList(),
                Schedule.Load(open, l, today));
        }).ToList());
    }

    /// <summary>Raw material received, counted in finished units of the SKU it makes.</summary>
    private static async Task<Results<Ok<MaterialResponse>, ValidationProblem>> ReceiveMaterial(MaterialReceiptRequest body, ProductionDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("sku", body.Sku);
        if (body.Units is null or <= 0) v.Add("units", "must be a positive whole number (finished units the material is enough for)");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockLinesAsync(ct);
        var material = await db.Materials.FindAsync([body.Sku!.Trim()], ct);
        if (material is null) db.Materials.Add(material = RawMaterial.Create(body.Sku.Trim(), 0));
        material.Receive(body.Units!.Value);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(MaterialResponse.From(material));
    }

    private static async Task<Results<Ok<List<WorkOrderResponse>>, ValidationProblem>> List(ProductionDb db, string? orderNumber, string? status,
        int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse<WorkOrderStatus>(status, offset, out var wanted) is { } refused) return refused;
        var query = db.WorkOrders.AsNoTracking();
        if (!string.IsNullOrEmpty(orderNumber)) query = query.Where(w => w.OrderNumber == orderNumber);
        if (wanted is { } s) query = query.Where(w => w.Status == s);
        return TypedResults.Ok((await query.OrderByDescending(w => w.CreatedAt).ThenBy(w => w.Number).Page(limit, offset).ToListAsync(ct))
            .ConvertAll(WorkOrderResponse.From));
    }

    private static async Task<Results<Ok<WorkOrderResponse>, NotFound>> Get(string number, ProductionDb db, CancellationToken ct)
        => await db.WorkOrders.AsNoTracking().SingleOrDefaultAsync(w => w.Number == number, ct) is { } w ? TypedResults.Ok(WorkOrderResponse.From(w)) : TypedResults.NotFound();

    /// <summary>Units made since the last report; a delay or production exception, if any, goes to the order at once.</summary>
    private static async Task<Results<Ok<WorkOrderResponse>, ValidationProblem, NotFound>> ReportProgress(string number, ProgressRequest body,
        Caller caller, ProductionDb db, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Quantity is null or <= 0) v.Add("quantity", "must be a positive whole number (units made since the last report)");
        if (body.Delay?.Length > 1000) v.Add("delay", "must be at most 1000 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var delay = string.IsNullOrWhiteSpace(body.Delay) ? null : body.Delay.Trim();
        return await ChangeAsync(number, db, ct, (w, now) =>
        {
            w.ReportProgress(body.Quantity!.Value, caller.Client, delay, now);
            db.Publish(new ProductionProgressed(w.OrderId, w.OrderNumber, w.Number, w.Done, w.Quantity, delay, caller.Client));
        });
    }

    /// <summary>QC of a finished batch: pass (goods go to stock for the order) or fail (back to rework), with a note.</summary>
    private static async Task<Results<Ok<WorkOrderResponse>, ValidationProblem, NotFound>> Inspect(string number, InspectionRequest body,
        Caller caller, ProductionDb db, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Passed is null) v.Add("passed", "is required (true or false)");
        if (body.Passed == false && string.IsNullOrWhiteSpace(body.Note)) v.Add("note", "is required when the batch fails: say what is wrong");
        if (body.Note?.Length > 1000) v.Add("note", "must be at most 1000 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var note = string.IsNullOrWhiteSpace(body.Note) ? "QC passed" : body.Note.Trim();
        return await ChangeAsync(number, db, ct, (w, now) =>
        {
            w.Inspect(body.Passed!.Value, note, caller.Client, now);
            db.Publish(new QualityInspected(w.OrderId, w.OrderNumber, w.Number, body.Passed.Value, w.Quantity, note, caller.Client));
            if (w.Status == WorkOrderStatus.Passed)
                db.Publish(new ProductionCompleted(w.OrderId, w.OrderNumber, w.Number, w.Sku, w.Quantity, w.Warehouse));
        });
    }

    /// <summary>Applies a change to one work order with the lines locked, then reschedules: remaining work moved.</summary>
    private static async Task<Results<Ok<WorkOrderResponse>, ValidationProblem, NotFound>> ChangeAsync(string number, ProductionDb db,
        CancellationToken ct, Action<WorkOrder, DateTimeOffset> change)
    {
        var now = DateTimeOffset.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lines = await db.LockLinesAsync(ct);
        var workOrder = await db.WorkOrders.SingleOrDefaultAsync(w => w.Number == number, ct);
        if (workOrder is null) return TypedResults.NotFound();
        change(workOrder, now);
        await db.RescheduleAsync(lines, $"work order {workOrder.Number} of {workOrder.OrderNumber}: {workOrder.History[^1].Event}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(WorkOrderResponse.From(workOrder));
    }
}
