using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public record ReturnRequestBody(string? OrderNumber, string? Kind, string? Reason, List<LineRequest>? Lines);

public record InspectionBody(bool? Passed, string? Note);

/// <summary>Returns and exchanges: a channel asks for its own delivered orders; after-sales approves, inspects and settles.</summary>
public static class ReturnsApi
{
    public static void MapReturnsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/aftersales/returns");
        api.MapPost("", RequestReturn).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).RequireRole("channel:web-shop", "channel:wechat", "channel:phone-desk", "staff:aftersales");
        api.MapGet("", List);
        api.MapGet("{returnNumber}", Get);
        api.MapPost("{returnNumber}/approve", (string returnNumber, CaseMessage body, Caller caller, AfterSalesDb db, CancellationToken ct)
            => ChangeAsync(returnNumber, body.Message, db, ct, (r, text) => r.Approve(caller.Client, text, DateTimeOffset.UtcNow)))
            .WithName("ReturnsApprove").WithSummary("Approve a return").RequireRole("staff:aftersales");
        api.MapPost("{returnNumber}/reject", (string returnNumber, CaseMessage body, Caller caller, AfterSalesDb db, CancellationToken ct)
            => ChangeAsync(returnNumber, body.Message, db, ct, (r, text) => r.Reject(caller.Client, text, DateTimeOffset.UtcNow)))
            .WithName("ReturnsReject").WithSummary("Reject a return").RequireRole("staff:aftersales");
        api.MapPost("{returnNumber}/inspection", Inspect).RequireRole("staff:aftersales");
    }

    private static bool MaySee(Caller caller, string channel) => caller.IsStaff || channel == caller.Channel;

    private static async Task<Results<Created<ReturnResponse>, ValidationProblem, NotFound, ProblemHttpResult>>
        RequestReturn(ReturnRequestBody body, Caller caller, AfterSalesDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("orderNumber", body.OrderNumber);
        if (body.Kind is not (ReturnKinds.Return or ReturnKinds.Exchange)) v.Add("kind", "must be Return or Exchange");
        v.Required("reason", body.Reason);
        if (body.Reason?.Length > 2000) v.Add("reason", "must be at most 2000 characters");
        if (body.Lines is null or { Count: 0 }) v.Add("lines", "name at least one line to return");
        else
            for (var i = 0; i < body.Lines.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(body.Lines[i]?.Sku)) v.Add($"lines[{i}].sku", "is required");
                if (body.Lines[i]?.Quantity is null or <= 0) v.Add($"lines[{i}].quantity", "must be a positive whole number");
            }
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        var order = await db.KnownOrders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderNumber == body.OrderNumber, ct);
        if (order is null || !MaySee(caller, order.Channel)) return TypedResults.NotFound();
        if (order.DeliveredAt is null)
            return TypedResults.Problem(statusCode: 409, title: "Not delivered yet",
                detail: $"Order {order.OrderNumber} has not been delivered; before dispatch cancel it instead, after dispatch wait for delivery.");
        var earlier = await db.Returns.AsNoTracking().Where(r => r.OrderId == order.OrderId).ToListAsync(ct);
        if (earlier.FirstOrDefault(r => r.IsOpen) is { } open)
            return TypedResults.Problem(statusCode: 409, title: "A return is already open",
                detail: $"Return {open.ReturnNumber} for order {order.OrderNumber} is {open.Status}; finish it before asking for another.");

        var returned = earlier.Where(r => r.HoldsQuantity).SelectMany(r => r.Lines).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var lines = OrderLines.Pick(order.Lines, body.Lines!, v,
            sku => order.Lines.Where(l => l.Sku == sku).Sum(l => l.Quantity) - returned.GetValueOrDefault(sku));
        if (!v.IsValid)
            return Problems.Unprocessable("These lines cannot be returned", v.Errors);

        var now = DateTimeOffset.UtcNow;
        var request = ReturnRequest.Request(await db.NextReturnNumberAsync(now, ct), body.Kind!, order.OrderId, order.OrderNumber, order.Channel,
            lines, body.Reason!.Trim(), caller.Client, now);
        db.Returns.Add(request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/aftersales/returns/{request.ReturnNumber}", ReturnResponse.From(request));
    }

    /// <summary>Returns, oldest request first, by status and order; <c>limit</c> per page (at most 500, 500 by default) from <c>offset</c>.</summary>
    private static async Task<Results<Ok<List<ReturnResponse>>, ValidationProblem>> List(Caller caller, AfterSalesDb db, string? status,
        string? orderNumber, int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse<ReturnStatus>(status, offset, out var wanted) is { } refused) return refused;
        var query = db.Returns.AsNoTracking();
        if (!caller.IsStaff) query = query.Where(r => r.Channel == caller.Channel);
        if (wanted is { } s) query = query.Where(r => r.Status == s);
        if (!string.IsNullOrEmpty(orderNumber)) query = query.Where(r => r.OrderNumber == orderNumber);
        return TypedResults.Ok((await query.OrderBy(r => r.RequestedAt).ThenBy(r => r.ReturnNumber).Page(limit, offset).ToListAsync(ct))
            .ConvertAll(ReturnResponse.From));
    }

    private static async Task<Results<Ok<ReturnResponse>, NotFound>> Get(string returnNumber, Caller caller, AfterSalesDb db, CancellationToken ct)
        => await db.Returns.AsNoTracking().SingleOrDefaultAsync(r => r.ReturnNumber == returnNumber, ct) is { } r && MaySee(caller, r.Channel)
            ? TypedResults.Ok(ReturnResponse.From(r)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ReturnResponse>, NotFound, ValidationProblem>> Inspect(string returnNumber, InspectionBody body,
        Caller caller, AfterSalesDb db, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Passed is null) v.Add("passed", "is required (true or false)");
        v.Required("note", body.Note);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        return await ChangeAsync(returnNumber, body.Note, db, ct, (r, note) => r.Inspect(caller.Client, body.Passed!.Value, note, DateTimeOffset.UtcNow));
    }

    private static async Task<Results<Ok<ReturnResponse>, NotFound, ValidationProblem>> ChangeAsync(string returnNumber, string? text,
        AfterSalesDb db, CancellationToken ct, Action<ReturnRequest, string> change)
    {
        if (string.IsNullOrWhiteSpace(text))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["message"] = ["is required"] });
        var r = await db.Returns.SingleOrDefaultAsync(x => x.ReturnNumber == returnNumber, ct);
        if (r is null) return TypedResults.NotFound();
        change(r, text.Trim());
        foreach (var message in r.DequeueMessages()) db.Publish(message);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ReturnResponse.From(r));
    }
}
