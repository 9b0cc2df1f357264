using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Billing.Api;

public record ClaimPaymentRequest(decimal? Amount, string? Reference);

/// <summary>What carriers owe on accepted claims, and finance recording the money as it comes in.</summary>
public static class CarrierClaimsApi
{
    public static void MapCarrierClaimsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/billing/carrier-claims").RequireRole("staff:finance");
        api.MapGet("", List);
        api.MapGet("{claimNumber}", Get);
        api.MapPost("{claimNumber}/payments", RecordPayment).WithSummary("Record a carrier's payment of a claim");
    }

    /// <summary>Receivables from carriers, oldest first, paged; <c>?carrier=</c> and <c>?status=</c> (Open, Settled) narrow it.</summary>
    private static async Task<Results<Ok<List<CarrierReceivableResponse>>, ValidationProblem>> List(string? carrier, string? status, int? limit, int? offset,
        BillingDb db, CancellationToken ct)
    {
        if (Paging.Refuse<ReceivableStatus>(status, offset, out var wanted) is { } refused) return refused;
        var query = db.CarrierReceivables.AsNoTracking();
        if (wanted is { } s) query = query.Where(r => r.Status == s);
        if (!string.IsNullOrEmpty(carrier)) query = query.Where(r => r.Carrier == carrier);
        return TypedResults.Ok((await query.OrderBy(r => r.AcceptedAt).ThenBy(r => r.ClaimNumber).Page(limit, offset).ToListAsync(ct))
            .ConvertAll(CarrierReceivableResponse.From));
    }

    private static async Task<Results<Ok<CarrierReceivableResponse>, NotFound>> Get(string claimNumber, BillingDb db, CancellationToken ct)
        => await db.CarrierReceivables.AsNoTracking().SingleOrDefaultAsync(r => r.ClaimNumber == claimNumber, ct) is { } r
            ? TypedResults.Ok(CarrierReceivableResponse.From(r)) : TypedResults.NotFound();

    /// <summary>Money from the carrier against the claim; the same reference twice is recorded once.</summary>
    private static async Task<Results<Ok<CarrierReceivableResponse>, NotFound, ValidationProblem>> RecordPayment(string claimNumber, ClaimPaymentRequest body,
        Caller caller, BillingDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("reference", body.Reference);
        if (body.Amount is null or <= 0) v.Add("amount", "must be a positive amount");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var receivable = await db.CarrierReceivables.SingleOrDefaultAsync(r => r.ClaimNumber == claimNumber, ct);
        if (receivable is null) return TypedResults.NotFound();
        var reference = body.Reference!.Trim();
        if (!receivable.Payments.Any(p => p.Reference == reference) && body.Amount > receivable.Outstanding)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [$"must be at most the {receivable.Outstanding:0.00} outstanding"] });
        if (receivable.Receive(reference, body.Amount!.Value, caller.Client, DateTimeOffset.UtcNow) is { } received) db.Publish(received);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CarrierReceivableResponse.From(receivable));
    }
}
