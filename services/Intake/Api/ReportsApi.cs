using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Messaging;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Intake.Api;

/// <summary>Orders submitted on one China-time day through one channel, and their value.</summary>
public sealed record ChannelDay(DateOnly Day, string Channel, int Orders, decimal Amount);

/// <summary>How many orders took from <paramref name="FromDays"/> up to (not including) <paramref name="ToDays"/> days; the last bucket has no end.</summary>
public sealed record CycleBucket(int FromDays, int? ToDays, int Orders);

/// <summary>Time from submission to a milestone, over the orders of the period that reached it: a distribution, the median and the 90th percentile.</summary>
public sealed record CycleTime(int Orders, double? MedianHours, double? P90Hours, IReadOnlyList<CycleBucket> Buckets);

/// <summary>
/// The review SLA over the orders submitted in the period: reviewed (confirmed or rejected) in time, late, and those still
/// waiting past it; <paramref name="Compliance"/> is the share in time among those whose SLA has come (null when none has).
/// </summary>
public sealed record ReviewFigures(double SlaHours, int ReviewedInTime, int ReviewedLate, int WaitingOverdue, int Waiting, decimal? Compliance);

public sealed record OrdersReport(DateOnly From, DateOnly To, IReadOnlyList<ChannelDay> OrdersPerDay, CycleTime SubmittedToShipped,
    CycleTime SubmittedToCompleted, ReviewFigures Review);

/// <summary>The order KPIs, computed in the database (no order is loaded): per day and channel, cycle times, the review SLA.</summary>
public static class ReportsApi
{
    /// <summary>Bucket edges in days: under 1, 1–2, 2–3, 3–5, 5–7, 7–14, 14–30, 30 and more.</summary>
    private static readonly int[] Edges = [0, 1, 2, 3, 5, 7, 14, 30];

    public static void MapReportsApi(this IEndpointRouteBuilder app)
        => app.MapGet("api/orders/reports", Report).WithName("GetOrdersReport").WithSummary("Order KPIs for a period")
            .WithDescription("Orders per China-time day and channel, submitted-to-shipped and submitted-to-completed times, and the review SLA, " +
                "for the orders submitted from `from` to `to` (China-time days, both included; the last 30 days by default).")
            .RequireRole("staff:sales-manager", "staff:credit", "staff:logistics");

    private sealed record DayRow(DateOnly Day, string Channel, int Orders, decimal Amount);

    private sealed record CycleRow(string Measure, int Bucket, int Orders, double? Median, double? P90);

    private sealed record ReviewRow(int InTime, int Late, int WaitingOverdue, int Waiting);

    private static async Task<Results<Ok<OrdersReport>, ValidationProblem>> Report(DateOnly? from, DateOnly? to, IntakeDb db,
        IOptions<ReceiptOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (ReportPeriod.Parse(from, to, ChinaTime.DateOf(now), out var errors) is not { } period) return TypedResults.ValidationProblem(errors!);
        if (period.Days > 367)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["a report covers at most a year"] });
        var (start, end) = (ChinaTime.StartOf(period.From), ChinaTime.StartOf(period.To.AddDays(1)));
        var sla = options.Value.ReviewSla;

        var days = await db.Database.SqlQuery<DayRow>($"""
            SELECT ((submitted_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS "Day", channel AS "Channel", count(*)::int AS "Orders",
                   sum(total) AS "Amount"
            FROM orders WHERE submitted_at >= {start} AND submitted_at < {end}
            GROUP BY 1, 2 ORDER BY 1, 2
            """).ToListAsync(ct);

        // Each order's first Shipped and Completed, in hours after submission; then per measure the bucket counts, with
        // the median and 90th percentile repeated on every row of the measure.
        var cycles = await db.Database.SqlQuery<CycleRow>($"""
            WITH hours AS (
                SELECT m.measure, extract(epoch FROM m.at - o.submitted_at) / 3600 AS h
                FROM orders o
                CROSS JOIN LATERAL (
                    SELECT t.event AS measure, min(t.at) AS at FROM order_timeline t
                    WHERE t.order_id = o.id AND t.event IN ('Shipped', 'Completed') GROUP BY t.event) m
                WHERE o.submitted_at >= {start} AND o.submitted_at < {end}),
            stats AS (
                SELECT measure, percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY h) AS p90
                FROM hours GROUP BY measure)
            SELECT h.measure AS "Measure", width_bucket(h.h / 24, {Edges}::float8[]) AS "Bucket", count(*)::int AS "Orders",
                   s.median AS "Median", s.p90 AS "P90"
            FROM hours h JOIN stats s USING (measure)
            GROUP BY h.measure, 2, s.median, s.p90
            """).ToListAsync(ct);

        // Review ends when the order is confirmed or rejected (a hold keeps it under review, as the SLA sweep counts it).
        var review = (await db.Database.SqlQuery<ReviewRow>($"""
            SELECT count(*) FILTER (WHERE r.at IS NOT NULL AND r.at - o.submitted_at <= {sla})::int AS "InTime",
                   count(*) FILTER (WHERE r.at IS NOT NULL AND r.at - o.submitted_at > {sla})::int AS "Late",
                   count(*) FILTER (WHERE r.at IS NULL AND o.status IN ('Submitted', 'OnHold') AND o.submitted_at + {sla} <= {now})::int AS "WaitingOverdue",
                   count(*) FILTER (WHERE r.at IS NULL AND o.status IN ('Submitted', 'OnHold') AND o.submitted_at + {sla} > {now})::int AS "Waiting"
            FROM orders o
            LEFT JOIN LATERAL (
                SELECT min(t.at) AS at FROM order_timeline t WHERE t.order_id = o.id AND t.event IN ('Confirmed', 'Rejected')) r ON true
            WHERE o.submitted_at >= {start} AND o.submitted_at < {end}
            """).ToListAsync(ct)).Single();

        var due = review.InTime + review.Late + review.WaitingOverdue;
        return TypedResults.Ok(new OrdersReport(period.From, period.To,
            days.ConvertAll(d => new ChannelDay(d.Day, d.Channel, d.Orders, d.Amount)),
            Cycle(cycles, "Shipped"), Cycle(cycles, "Completed"),
            new ReviewFigures(sla.TotalHours, review.InTime, review.Late, review.WaitingOverdue, review.Waiting,
                due == 0 ? null : Math.Round((decimal)review.InTime / due, 4))));
    }

    private static CycleTime Cycle(List<CycleRow> rows, string measure)
    {
        var mine = rows.Where(r => r.Measure == measure).ToList();
        // width_bucket numbers the buckets from 1 (0 would be below the first edge, which no duration is).
        var buckets = Edges.Select((edge, i) => new CycleBucket(edge, i + 1 < Edges.Length ? Edges[i + 1] : null,
            mine.Where(r => r.Bucket == i + 1).Sum(r => r.Orders))).ToList();
        return new CycleTime(mine.Sum(r => r.Orders), mine.FirstOrDefault()?.Median is { } m ? Math.Round(m, 2) : null,
            mine.FirstOrDefault()?.P90 is { } p ? Math.Round(p, 2) : null, buckets);
    }
}
