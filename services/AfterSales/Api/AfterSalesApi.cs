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
        api.MapGet("surveys/{orderNumber}", GetSurvey);
        api.MapPost("surveys/{orderNumber}", AnswerSurvey);
    }

    /// <summary>A channel sees only surveys of its own orders; another's is 404, as for orders.</summary>
    private static async Task<Survey?> FindAsync(AfterSalesDb db, string orderNumber, Caller caller, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.OrderNumber == orderNumber, ct);
        return survey is not null && (caller.IsStaff || survey.Channel == caller.Channel) ? survey : null;
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
