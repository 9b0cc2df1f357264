using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
        => app.MapGet("api/aftersales/reports", Report).WithSummary("After-sales report").RequireRole("staff:aftersales", "staff:sales-manager");

    /// <summary>The after-sales report for [from, to] (whole days, UTC; the last 30 days by default).</summary>
    private static async Task<Results<Ok<AfterSalesReport>, ValidationProblem>> Report(DateOnly? from, DateOnly? to, AfterSalesDb db, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (ReportPeriod.Parse(from, to, now, out var errors) is not { } period) return TypedResults.ValidationProblem(errors!);
        if (period.Days > 367)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["a report covers at most a year"] });
        var (start, end) = (period.Start, period.End);
        var cases = await db.Cases.AsNoTracking().Where(c => c.OpenedAt >= start && c.OpenedAt < end).ToListAsync(ct);
        var delivered = await db.KnownOrders.AsNoTracking().Where(o => o.DeliveredAt >= start && o.DeliveredAt < end)
            .Select(o => new { o.OrderNumber, o.Lines }).ToListAsync(ct);
        var returns = await db.Returns.AsNoTracking().Where(r => r.RequestedAt >= start && r.RequestedAt < end).ToListAsync(ct);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.AnsweredAt >= start && s.AnsweredAt < end).ToListAsync(ct);
        var claims = (await db.Cases.AsNoTracking().Where(c => c.ClaimNumber != null && c.OpenedAt < end).Select(c => c.Claim!).ToListAsync(ct))
            .Where(c => c.OpenedAt >= start && c.OpenedAt < end).ToList();
        return TypedResults.Ok(AfterSalesReports.Build(period.From, period.To, cases, delivered.Select(o => (o.OrderNumber, o.Lines)).ToList(), returns,
            surveys, claims, now));
    }
}
