using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.CreditReview.Api;

public record CreditDecisionRequest(string? Reason);

public static class CreditApi
{
    public static void MapCreditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/credit");
        api.MapGet("holds", ListHolds).RequireRole("staff:credit");
        api.MapPost("holds/{orderNumber}/approve", Approve).WithSummary("Approve a credit hold").RequireRole("staff:credit");
        api.MapPost("holds/{orderNumber}/reject", Reject).WithSummary("Reject a credit hold").RequireRole("staff:credit");
    }

    /// <summary>Orders held for a credit controller, the longest waiting first, paged.</summary>
    private static async Task<Results<Ok<List<CreditCaseResponse>>, ValidationProblem>> ListHolds(CreditDb db, int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        return TypedResults.Ok((await db.Cases.AsNoTracking().Where(c => c.Status == CreditStatus.Held).OrderBy(c => c.DecidedAt).ThenBy(c => c.OrderNumber)
            .Page(limit, offset).ToListAsync(ct)).ConvertAll(CreditCaseResponse.From));
    }

    private static Task<Results<Ok<CreditCaseResponse>, NotFound, ValidationProblem>> Approve(string orderNumber,
        CreditDecisionRequest body, Caller caller, CreditDb db, CancellationToken ct)
        => Decide(orderNumber, body, caller, db, approve: true, ct);

    private static Task<Results<Ok<CreditCaseResponse>, NotFound, ValidationProblem>> Reject(string orderNumber,
        CreditDecisionRequest body, Caller caller, CreditDb db, CancellationToken ct)
        => Decide(orderNumber, body, caller, db, approve: false, ct);

    private static async Task<Results<Ok<CreditCaseResponse>, NotFound, ValidationProblem>> Decide(string orderNumber,
        CreditDecisionRequest body, Caller caller, CreditDb db, bool approve, CancellationToken ct)
    {
        var validation = new Validation();
        validation.Required("reason", body.Reason);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.Errors);
        var credit = await db.Cases.SingleOrDefaultAsync(c => c.OrderNumber == orderNumber, ct);
        if (credit is null) return TypedResults.NotFound();
        var now = DateTimeOffset.UtcNow;
        if (approve)
        {
            credit.Approve(caller.Client, body.Reason!, now);
            db.Publish(new CreditApproved(credit.OrderId, credit.OrderNumber, body.Reason!, caller.Client));
        }
        else
        {
            credit.Reject(caller.Client, body.Reason!, now);
            db.Publish(new CreditRejected(credit.OrderId, credit.OrderNumber, body.Reason!, caller.Client));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CreditCaseResponse.From(credit));
    }
}
