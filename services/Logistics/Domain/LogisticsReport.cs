using OrderPlatform.Contracts;

namespace OrderPlatform.Logistics.Domain;

public record DispatchFigures(int ConfirmedFromStock, int Dispatched, int DispatchedOnTime, int DispatchedLate, int WaitingOverdue, decimal? Compliance);

public record CarrierFigures(string Carrier, int Shipments, int Delivered, int Exceptions, decimal? ExceptionRate);

public record LogisticsReport(DateOnly From, DateOnly To, DispatchFigures Dispatch, IReadOnlyList<CarrierFigures> Carriers);

/// <summary>
/// Dispatch SLA compliance for in-stock orders confirmed in the period (dispatched on time, against those
/// dispatched or already overdue), and per carrier the order shipments created in the period, how many
/// were delivered and how many met an exception. Rates are fractions rounded to 4 places.
/// </summary>
public static class LogisticsReports
{
    public static LogisticsReport Build(DateOnly from, DateOnly to, IReadOnlyList<DispatchSla> slas, IReadOnlyList<Shipment> shipments, DateTimeOffset now)
    {
        var open = slas.Where(s => !s.Cancelled).ToList();
        var dispatched = open.Where(s => s.DispatchedAt is not null).ToList();
        var onTime = dispatched.Count(s => !s.Late);
        var waitingOverdue = open.Count(s => s.DispatchedAt is null && s.DueAt <= now);
        var dispatch = new DispatchFigures(open.Count, dispatched.Count, onTime, dispatched.Count - onTime, waitingOverdue,
            Rate(onTime, dispatched.Count + waitingOverdue));
        var carriers = shipments.Where(s => s.Purpose == ShipmentPurposes.Order).GroupBy(s => s.Carrier).OrderBy(g => g.Key)
            .Select(g => new CarrierFigures(g.Key, g.Count(), g.Count(s => s.Status == ShipmentStatuses.Delivered),
                g.Count(s => s.ExceptionCode is not null), Rate(g.Count(s => s.ExceptionCode is not null), g.Count()))).ToList();
        return new LogisticsReport(from, to, dispatch, carriers);
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
