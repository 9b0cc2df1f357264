using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public record ClaimRequest(List<LineRequest>? Lines, decimal? Amount, string? Note);

public record ClaimDecisionRequest(bool? Accepted, decimal? Amount, string? Reason);

/// <summary>A claim with the case it belongs to, for the claims list.</summary>
public record ClaimView(string CaseNumber, string OrderNumber, CarrierClaim Claim);

public static class ClaimsApi
{
    public static void MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/aftersales");
        api.MapPost("cases/{caseNumber}/claim", Open).WithSummary("Open a claim against the carrier").RequireRole("staff:aftersales");
        api.MapPost("cases/{caseNumber}/claim/decision", Decide).WithSummary("Record the carrier's decision on a claim").RequireRole("staff:aftersales");
        api.MapGet("claims", List).RequireRole("staff:aftersales", "staff:finance", "staff:sales-manager");
    }

    /// <summary>
    /// Opens the case's claim against the carrier: the damaged or lost lines (all of the order's unless named) and the
    /// amount claimed, at most their value as ordered.
    /// </summary>
    private static async Task<Results<Created<CaseResponse>, NotFound, ValidationProblem>> Open(string caseNumber, ClaimRequest body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
    {
        var c = await db.Cases.SingleOrDefaultAsync(x => x.CaseNumber == caseNumber, ct);
        var order = c?.OrderId is { } id ? await db.KnownOrders.FindAsync([id], ct) : null;
        if (c is null || order is null) return TypedResults.NotFound();
        var v = new Validation();
        var lines = body.Lines is null or { Count: 0 } ? order.Lines : OrderLines.Pick(order.Lines, body.Lines, v);
        if (body.Amount is null or <= 0) v.Add("amount", "must be a positive amount");
        else if (v.IsValid && body.Amount > CarrierClaim.ValueOf(lines))
            v.Add("amount", $"must be at most the claimed lines' value as ordered, {CarrierClaim.ValueOf(lines):0.00}");
        if (body.Note?.Length > 2000) v.Add("note", "must be at most 2000 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var now = DateTimeOffset.UtcNow;
        c.OpenClaim(await db.NextClaimNumberAsync(now, ct), caller.Client, lines, body.Amount!.Value, body.Note?.Trim(), now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/aftersales/cases/{c.CaseNumber}", CaseResponse.From(c));
    }

    /// <summary>Records the carrier's decision: accepted with the amount it will pay, or refused with its reason.</summary>
    private static async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem>> Decide(string caseNumber, ClaimDecisionRequest body, Caller caller,
        AfterSalesDb db, CancellationToken ct)
    {
        var c = await db.Cases.SingleOrDefaultAsync(x => x.CaseNumber == caseNumber, ct);
        if (c?.Claim is null) return TypedResults.NotFound();
        var v = new Validation();
        if (body.Accepted is null) v.Add("accepted", "is required: true when the carrier accepted the claim, false when it refused");
        if (body.Accepted == true && body.Amount is null or <= 0) v.Add("amount", "must be the positive amount the carrier accepted");
        else if (body.Accepted == true && body.Amount > c.Claim.AmountClaimed) v.Add("amount", $"must be at most the amount claimed, {c.Claim.AmountClaimed:0.00}");
        if (body.Accepted == false) v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (c.DecideClaim(caller.Client, body.Accepted!.Value, body.Amount, body.Reason?.Trim(), DateTimeOffset.UtcNow) is { } accepted)
            db.Publish(accepted);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CaseResponse.From(c));
    }

    /// <summary>
    /// Claims against carriers, newest first, paged; <c>?carrier=</c> and <c>?status=</c> (Open, Accepted, Refused, Settled)
    /// narrow it. A claim's status is inside its case's claim, so the cases with claims are read and the page taken after.
    /// </summary>
    private static async Task<Results<Ok<List<ClaimView>>, ValidationProblem>> List(string? carrier, string? status, int? limit, int? offset,
        AfterSalesDb db, CancellationToken ct)
    {
        if (Paging.Refuse<ClaimStatus>(status, offset, out var wanted) is { } refused) return refused;
        var query = db.Cases.AsNoTracking().Where(c => c.ClaimNumber != null);
        if (!string.IsNullOrEmpty(carrier)) query = query.Where(c => c.Carrier == carrier);
        var cases = await query.OrderByDescending(c => c.OpenedAt).ThenBy(c => c.CaseNumber).ToListAsync(ct);
        return TypedResults.Ok(cases.Where(c => wanted is null || c.Claim!.Status == wanted).Page(limit, offset)
            .Select(c => new ClaimView(c.CaseNumber, c.OrderNumber, c.Claim!)).ToList());
    }
}
