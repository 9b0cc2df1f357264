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
        var returns = await db.Returns.AsNoTracking().Where(r => r.RequestedAt >= start && r.RequestedAt < end).ToListAsync(ct);
        // Orders delivered and surveys answered, one row per order each, are counted by the database.
        var deliveredOrders = await db.KnownOrders.CountAsync(o => o.DeliveredAt >= start && o.DeliveredAt < end, ct);
        var units = await db.Database.SqlQuery<SkuUnits>($"""
            SELECT l->>'sku' AS "Sku", sum((l->>'quantity')::int)::int AS "Units"
            FROM known_orders o CROSS JOIN LATERAL jsonb_array_elements(o.lines) l
            WHERE o.delivered_at >= {start} AND o.delivered_at < {end}
            GROUP BY 1
            """).ToListAsync(ct);
        var answered = (await db.Database.SqlQuery<Scores>($"""
            SELECT count(*)::int AS "Responses", avg(score) AS "Average"
            FROM surveys WHERE answered_at >= {start} AND answered_at < {end} AND score IS NOT NULL
            """).ToListAsync(ct)).Single();
        var bySku = await db.Database.SqlQuery<SkuScores>($"""
            SELECT sku AS "Sku", count(*)::int AS "Responses", avg(s.score) AS "Average"
            FROM surveys s CROSS JOIN LATERAL jsonb_array_elements_text(s.skus) sku
            WHERE s.answered_at >= {start} AND s.answered_at < {end} AND s.score IS NOT NULL
            GROUP BY 1
            """).ToListAsync(ct);
        var delivered = new DeliveredCounts(deliveredOrders, units.ToDictionary(u => u.Sku, u => u.Units));
        var surveys = new SurveyCounts(answered.Responses, answered.Average, bySku.ConvertAll(s => new ProductSatisfaction(s.Sku, s.Responses, s.Average)));
        var claims = (await db.Cases.AsNoTracking().Where(c => c.ClaimNumber != null && c.OpenedAt < end).Select(c => c.Claim!).ToListAsync(ct))
            .Where(c => c.OpenedAt >= start && c.OpenedAt < end).ToList();
        return TypedResults.Ok(AfterSalesReports.Build(period.From, period.To, cases, delivered, returns, surveys, claims, now));
    }

    private sealed record SkuUnits(string Sku, int Units);

    private sealed record Scores(int Responses, decimal? Average);

    private sealed record SkuScores(string Sku, int Responses, decimal Average);
}
