using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.AfterSales.Messaging;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public record ComplaintRequest(string? OrderNumber, string? Reason);

public record CaseMessage(string? Message);

public static class CasesApi
{
    public static void MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/aftersales");
        api.MapPost("complaints", OpenComplaint).RequireRole("channel:web-shop", "channel:wechat", "channel:phone-desk", "staff:aftersales");
        api.MapGet("cases", List);
        api.MapGet("cases/{caseNumber}", Get);
        api.MapPost("cases/{caseNumber}/responses", Respond).RequireRole("staff:aftersales");
        api.MapPost("cases/{caseNumber}/resolve", Resolve).RequireRole("staff:aftersales");
    }

    private static bool MaySee(Caller caller, string channel) => caller.IsStaff || channel == caller.Channel;

    private static async Task<Results<Created<Case>, ValidationProblem, NotFound>> OpenComplaint(ComplaintRequest body, Caller caller,
        AfterSalesDb db, IOptions<AfterSalesOptions> options, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("orderNumber", body.OrderNumber);
        v.Required("reason", body.Reason);
        if (body.Reason?.Length > 2000) v.Add("reason", "must be at most 2000 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var order = await db.KnownOrders.SingleOrDefaultAsync(o => o.OrderNumber == body.OrderNumber, ct);
        if (order is null || !MaySee(caller, order.Channel)) return TypedResults.NotFound();
        var now = DateTimeOffset.UtcNow;
        var complaint = Case.Open(await db.NextCaseNumberAsync(now, ct), CaseKind.Complaint, order.OrderNumber, order.OrderId,
            order.Channel, body.Reason!.Trim(), caller.Client, options.Value.FirstResponseSla, now);
        db.Cases.Add(complaint);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/aftersales/cases/{complaint.CaseNumber}", complaint);
    }

    private static async Task<Ok<List<Case>>> List(Caller caller, AfterSalesDb db, string? status, string? orderNumber, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking();
        if (!caller.IsStaff) query = query.Where(c => c.Channel == caller.Channel);
        if (Enum.TryParse<CaseStatus>(status, out var s)) query = query.Where(c => c.Status == s);
        if (!string.IsNullOrEmpty(orderNumber)) query = query.Where(c => c.OrderNumber == orderNumber);
        return TypedResults.Ok(await query.OrderBy(c => c.FirstResponseDue).Take(500).ToListAsync(ct));
    }

    private static async Task<Results<Ok<Case>, NotFound>> Get(string caseNumber, Caller caller, AfterSalesDb db, CancellationToken ct)
        => await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.CaseNumber == caseNumber, ct) is { } c && MaySee(caller, c.Channel)
            ? TypedResults.Ok(c) : TypedResults.NotFound();

    private static Task<Results<Ok<Case>, NotFound, ValidationProblem>> Respond(string caseNumber, CaseMessage body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
        => ChangeAsync(caseNumber, body, db, ct, (c, text) => c.Respond(caller.Client, text, DateTimeOffset.UtcNow));

    private static Task<Results<Ok<Case>, NotFound, ValidationProblem>> Resolve(string caseNumber, CaseMessage body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
        => ChangeAsync(caseNumber, body, db, ct, (c, text) => c.Resolve(caller.Client, text, DateTimeOffset.UtcNow));

    private static async Task<Results<Ok<Case>, NotFound, ValidationProblem>> ChangeAsync(string caseNumber, CaseMessage body,
        AfterSalesDb db, CancellationToken ct, Action<Case, string> change)
    {
        if (string.IsNullOrWhiteSpace(body.Message))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["message"] = ["is required"] });
        var c = await db.Cases.SingleOrDefaultAsync(x => x.CaseNumber == caseNumber, ct);
        if (c is null) return TypedResults.NotFound();
        change(c, body.Message.Trim());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(c);
    }
}
