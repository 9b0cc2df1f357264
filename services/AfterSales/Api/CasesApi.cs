using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.AfterSales.Messaging;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public record ComplaintRequest(string? OrderNumber, string? Reason, string? Category);

public record CaseMessage(string? Message);

public record LineRequest(string? Sku, int? Quantity);

public record ReshipmentRequest(string? Message, List<LineRequest>? Lines);

public static class CasesApi
{
    public static void MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/aftersales");
        api.MapPost("complaints", OpenComplaint).RequireRole("channel:web-shop", "channel:wechat", "channel:phone-desk", "staff:aftersales");
        api.MapGet("cases", List);
        api.MapGet("cases/{caseNumber}", Get);
        api.MapPost("cases/{caseNumber}/responses", Respond).WithSummary("Respond to a case").RequireRole("staff:aftersales");
        api.MapPost("cases/{caseNumber}/resolve", Resolve).RequireRole("staff:aftersales");
        api.MapPost("cases/{caseNumber}/reshipment", ReshipmentEndpoint.Reship).WithSummary("Reship a case's goods").RequireRole("staff:aftersales");
    }

    private static bool MaySee(Caller caller, string channel) => caller.IsStaff || channel == caller.Channel;

    private static async Task<Results<Created<CaseResponse>, ValidationProblem, NotFound>> OpenComplaint(ComplaintRequest body, Caller caller,
        AfterSalesDb db, IOptions<AfterSalesOptions> options, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("orderNumber", body.OrderNumber);
        v.Required("reason", body.Reason);
        if (body.Reason?.Length > 2000) v.Add("reason", "must be at most 2000 characters");
        var category = body.Category ?? "Other";
        if (!CaseCategories.All.Contains(category)) v.Add("category", $"must be one of {string.Join(", ", CaseCategories.All)}");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var order = await db.KnownOrders.SingleOrDefaultAsync(o => o.OrderNumber == body.OrderNumber, ct);
        if (order is null || !MaySee(caller, order.Channel)) return TypedResults.NotFound();
        var now = DateTimeOffset.UtcNow;
        var complaint = Case.Open(await db.NextCaseNumberAsync(now, ct), CaseKind.Complaint, category, order.OrderNumber, order.OrderId,
            order.Channel, body.Reason!.Trim(), caller.Client, options.Value.FirstResponseSla, now);
        db.Cases.Add(complaint);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/aftersales/cases/{complaint.CaseNumber}", CaseResponse.From(complaint));
    }

    /// <summary>Cases, those due first first, by status and order; <c>limit</c> per page (at most 500, 500 by default) from <c>offset</c>.</summary>
    private static async Task<Results<Ok<List<CaseResponse>>, ValidationProblem>> List(Caller caller, AfterSalesDb db, string? status,
        string? orderNumber, int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse<CaseStatus>(status, offset, out var wanted) is { } refused) return refused;
        var query = db.Cases.AsNoTracking();
        if (!caller.IsStaff) query = query.Where(c => c.Channel == caller.Channel);
        if (wanted is { } s) query = query.Where(c => c.Status == s);
        if (!string.IsNullOrEmpty(orderNumber)) query = query.Where(c => c.OrderNumber == orderNumber);
        return TypedResults.Ok((await query.OrderBy(c => c.FirstResponseDue).ThenBy(c => c.CaseNumber).Page(limit, offset).ToListAsync(ct))
            .ConvertAll(CaseResponse.From));
    }

    private static async Task<Results<Ok<CaseResponse>, NotFound>> Get(string caseNumber, Caller caller, AfterSalesDb db, CancellationToken ct)
        => await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.CaseNumber == caseNumber, ct) is { } c && MaySee(caller, c.Channel)
            ? TypedResults.Ok(CaseResponse.From(c)) : TypedResults.NotFound();

    private static Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem>> Respond(string caseNumber, CaseMessage body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
        => ChangeAsync(caseNumber, body, db, ct, (c, text) => c.Respond(caller.Client, text, DateTimeOffset.UtcNow));

    private static Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem>> Resolve(string caseNumber, CaseMessage body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
        => ChangeAsync(caseNumber, body, db, ct, (c, text) => c.Resolve(caller.Client, text, DateTimeOffset.UtcNow));

    private static async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem>> ChangeAsync(string caseNumber, CaseMessage body,
        AfterSalesDb db, CancellationToken ct, Action<Case, string> change)
    {
        if (string.IsNullOrWhiteSpace(body.Message))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["message"] = ["is required"] });
        var c = await db.Cases.SingleOrDefaultAsync(x => x.CaseNumber == caseNumber, ct);
        if (c is null) return TypedResults.NotFound();
        change(c, body.Message.Trim());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CaseResponse.From(c));
    }
}

public static class ReshipmentEndpoint
{
    /// <summary>
    /// Sends the order's goods again (all lines unless some are named): Inventory picks them and
    /// Logistics ships them with a new tracking number, which the case and the order then show.
    /// </summary>
    public static async Task<Results<Accepted<CaseResponse>, NotFound, ValidationProblem>> Reship(string caseNumber, ReshipmentRequest body,
        Caller caller, AfterSalesDb db, CancellationToken ct)
    {
        var c = await db.Cases.SingleOrDefaultAsync(x => x.CaseNumber == caseNumber, ct);
        if (c is null) return TypedResults.NotFound();
        var order = c.OrderId is { } id ? await db.KnownOrders.FindAsync([id], ct) : null;
        if (order is null) return TypedResults.NotFound();
        var v = new Validation();
        v.Required("message", body.Message);
        var lines = body.Lines is null or { Count: 0 } ? order.Lines : OrderLines.Pick(order.Lines, body.Lines, v);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        db.Publish(c.RequestReshipment(caller.Client, lines, body.Message!.Trim(), DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/aftersales/cases/{c.CaseNumber}", CaseResponse.From(c));
    }
}
