using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public record SurveyAnswer(int? Score, string? Comment);

public static class AfterSalesApi
{
    public static void MapAfterSalesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/aftersales");
        api.MapGet("surveys", ListSurveys).WithSummary("List surveys").RequireRole("staff:aftersales", "staff:sales-manager");
        api.MapGet("surveys/{orderNumber}", GetSurvey);
        api.MapPost("surveys/{orderNumber}", AnswerSurvey);
    }

    /// <summary>A channel sees only surveys of its own orders; another's is 404, as for orders.</summary>
    private static async Task<Survey?> FindAsync(AfterSalesDb db, string orderNumber, Caller caller, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.OrderNumber == orderNumber, ct);
        return survey is not null && (caller.IsStaff || survey.Channel == caller.Channel) ? survey : null;
    }

    /// <summary>
    /// Surveys, answered ones newest answer first (then open ones newest first), paged in the database: <c>status</c>
    /// Open or Answered, <c>maxScore</c> for the answers at or below a score (the unhappy ones); <c>limit</c> (at most 500) from <c>offset</c>.
    /// </summary>
    private static async Task<Results<Ok<List<SurveyResponse>>, ValidationProblem>> ListSurveys(AfterSalesDb db, string? status, int? maxScore,
        int? limit, int? offset, CancellationToken ct)
    {
        var v = new Validation();
        var wanted = Paging.Status<SurveyStatus>(v, status);
        if (maxScore is < 1 or > 5) v.Add("maxScore", "must be from 1 to 5");
        Paging.Check(v, offset);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var query = db.Surveys.AsNoTracking();
        if (wanted is { } w) query = query.Where(s => s.Status == w);
        if (maxScore is { } max) query = query.Where(s => s.Score != null && s.Score <= max);
        var rows = await query.OrderByDescending(s => s.AnsweredAt != null).ThenByDescending(s => s.AnsweredAt).ThenByDescending(s => s.OpenedAt)
            .Page(limit, offset, 50).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(SurveyResponse.From));
    }

    private static async Task<Results<Ok<SurveyResponse>, NotFound>> GetSurvey(string orderNumber, Caller caller, AfterSalesDb db, CancellationToken ct)
        => await FindAsync(db, orderNumber, caller, ct) is { } s ? TypedResults.Ok(SurveyResponse.From(s)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SurveyResponse>, NotFound, ValidationProblem>> AnswerSurvey(string orderNumber, SurveyAnswer body,
        Caller caller, AfterSalesDb db, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Score is null or < 1 or > 5) v.Add("score", "must be a whole number from 1 to 5");
        if (body.Comment?.Length > 2000) v.Add("comment", "must be at most 2000 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var survey = await FindAsync(db, orderNumber, caller, ct);
        if (survey is null) return TypedResults.NotFound();
        survey.Answer(body.Score!.Value, body.Comment, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SurveyResponse.From(survey));
    }
}
