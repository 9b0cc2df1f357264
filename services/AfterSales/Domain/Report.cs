using OrderPlatform.Contracts;

namespace OrderPlatform.AfterSales.Domain;

public record ReasonCount(string Category, int Cases);

public record ProductReturns(string Sku, int UnitsDelivered, int UnitsReturned, decimal ReturnRate);

public record ReturnFigures(int OrdersDelivered, int OrdersWithReturns, decimal ReturnRate, IReadOnlyList<ProductReturns> ByProduct);

public record ProductSatisfaction(string Sku, int Responses, decimal AverageScore);

public record SatisfactionFigures(int Responses, decimal? AverageScore, IReadOnlyList<ProductSatisfaction> ByProduct);

public record SlaFigures(int CasesDue, int RespondedInTime, int RespondedLate, int Unanswered, int Escalated, decimal? Compliance);

/// <summary>Claims against one carrier: how many, how they were decided, and the money claimed, accepted and recovered.</summary>
public record CarrierClaimFigures(string Carrier, int Claims, int Accepted, int Refused, int Pending, decimal AmountClaimed,
    decimal AmountAccepted, decimal AmountRecovered);

public record ClaimFigures(int Claims, decimal AmountClaimed, decimal AmountAccepted, decimal AmountRecovered, IReadOnlyList<CarrierClaimFigures> ByCarrier);

public record AfterSalesReport(DateOnly From, DateOnly To, IReadOnlyList<ReasonCount> ComplaintReasons, ReturnFigures Returns,
    SatisfactionFigures Satisfaction, SlaFigures FirstResponseSla, ClaimFigures CarrierClaims);

/// <summary>What the database counted of the orders delivered in the period: how many, and the units of each SKU.</summary>
public record DeliveredCounts(int Orders, IReadOnlyDictionary<string, int> UnitsBySku);

/// <summary>What the database counted of the surveys answered in the period: their number and average score, overall and per SKU.</summary>
public record SurveyCounts(int Responses, decimal? AverageScore, IReadOnlyList<ProductSatisfaction> ByProduct);

/// <summary>
/// The after-sales report over a period: complaint reasons (cases opened in it, by category), return
/// rate (units asked back, less rejected or refused requests, against units delivered in it), satisfaction
/// by product (surveys answered in it), first-response SLA compliance (cases opened in it whose
/// response is due by now) and claims against carriers (opened in it) by carrier. Orders delivered and surveys answered
/// are counted by the database (one row per order each); cases, returns and claims, far fewer, are read. Rates are
/// fractions rounded to 4 places, scores to 2.
/// </summary>
public static class AfterSalesReports
{
    public static AfterSalesReport Build(DateOnly from, DateOnly to, IReadOnlyList<Case> cases, DeliveredCounts delivered,
        IReadOnlyList<ReturnRequest> returns, SurveyCounts surveys, IReadOnlyList<CarrierClaim> claims, DateTimeOffset now)
    {
        var reasons = cases.GroupBy(c => c.Category).Select(g => new ReasonCount(g.Key, g.Count()))
            .OrderByDescending(r => r.Cases).ThenBy(r => r.Category).ToList();

        var counted = returns.Where(r => r.HoldsQuantity).ToList();
        var unitsDelivered = delivered.UnitsBySku;
        var unitsReturned = counted.SelectMany(r => r.Lines).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var byProduct = unitsDelivered.Keys.Union(unitsReturned.Keys).Order(StringComparer.Ordinal)
            .Select(sku => new ProductReturns(sku, unitsDelivered.GetValueOrDefault(sku), unitsReturned.GetValueOrDefault(sku),
                Rate(unitsReturned.GetValueOrDefault(sku), unitsDelivered.GetValueOrDefault(sku)) ?? 0m)).ToList();
        var ordersWithReturns = counted.Select(r => r.OrderNumber).Distinct().Count();
        var returnFigures = new ReturnFigures(delivered.Orders, ordersWithReturns, Rate(ordersWithReturns, delivered.Orders) ?? 0m, byProduct);

        var satisfaction = new SatisfactionFigures(surveys.Responses, surveys.AverageScore is { } average ? Math.Round(average, 2) : null,
            surveys.ByProduct.OrderBy(p => p.Sku, StringComparer.Ordinal).Select(p => p with { AverageScore = Math.Round(p.AverageScore, 2) }).ToList());

        var due = cases.Where(c => c.FirstResponseDue <= now || c.FirstRespondedAt is not null).ToList();
        var inTime = due.Count(c => c.FirstRespondedAt is { } at && at <= c.FirstResponseDue);
        var late = due.Count(c => c.FirstRespondedAt is { } at && at > c.FirstResponseDue);
        var sla = new SlaFigures(due.Count, inTime, late, due.Count(c => c.FirstRespondedAt is null), cases.Count(c => c.EscalatedAt is not null),
            Rate(inTime, due.Count));

        var byCarrier = claims.GroupBy(c => c.Carrier).OrderBy(g => g.Key).Select(g => new CarrierClaimFigures(g.Key, g.Count(),
            g.Count(c => c.Status is ClaimStatus.Accepted or ClaimStatus.Settled), g.Count(c => c.Status == ClaimStatus.Refused),
            g.Count(c => c.Status == ClaimStatus.Open), g.Sum(c => c.AmountClaimed), g.Sum(c => c.AmountAccepted ?? 0m), g.Sum(c => c.AmountRecovered))).ToList();
        var claimFigures = new ClaimFigures(claims.Count, byCarrier.Sum(c => c.AmountClaimed), byCarrier.Sum(c => c.AmountAccepted),
            byCarrier.Sum(c => c.AmountRecovered), byCarrier);

        return new AfterSalesReport(from, to, reasons, returnFigures, satisfaction, sla, claimFigures);
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
