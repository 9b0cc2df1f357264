using OrderPlatform.Contracts;

namespace OrderPlatform.Logistics.Domain;

public record DispatchFigures(int ConfirmedFromStock, int Dispatched, int DispatchedOnTime, int DispatchedLate, int WaitingOverdue, decimal? Compliance);

public record CarrierFigures(string Carrier, int Shipments, int Delivered, int Exceptions, decimal? ExceptionRate);

public record LogisticsReport(DateOnly From, DateOnly To, DispatchFigures Dispatch, IReadOnlyList<CarrierFigures> Carriers);

/// <summary>What the database counted of the dispatch SLAs of in-stock orders confirmed in the period (cancelled ones left out).</summary>
public record DispatchCounts(int Confirmed, int Dispatched, int DispatchedOnTime, int WaitingOverdue);

/// <summary>What the database counted of one carrier's order shipments created in the period.</summary>
public record CarrierCounts(string Carrier, int Shipments, int Delivered, int Exceptions);

/// <summary>
/// Dispatch SLA compliance for in-stock orders confirmed in the period (dispatched on time, against those
/// dispatched or already overdue), and per carrier the order shipments created in the period, how many
/// were delivered and how many met an exception. Counted by the database; rates are fractions rounded to 4 places.
/// </summary>
public static class LogisticsReports
{
    public static LogisticsReport Build(DateOnly from, DateOnly to, DispatchCounts d, IReadOnlyList<CarrierCounts> carriers)
    {
        var dispatch = new DispatchFigures(d.Confirmed, d.Dispatched, d.DispatchedOnTime, d.Dispatched - d.DispatchedOnTime, d.WaitingOverdue,
            Rate(d.DispatchedOnTime, d.Dispatched + d.WaitingOverdue));
        return new LogisticsReport(from, to, dispatch, carriers.OrderBy(c => c.Carrier, StringComparer.Ordinal)
            .Select(c => new CarrierFigures(c.Carrier, c.Shipments, c.Delivered, c.Exceptions, Rate(c.Exceptions, c.Shipments))).ToList());
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
