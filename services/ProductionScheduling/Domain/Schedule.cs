namespace OrderPlatform.ProductionScheduling.Domain;

/// <summary>
/// The capacity calendar: on each line, open work orders are sequenced by urgency, grade, due date,
/// then arrival, and fill the line's daily capacity from today on. A work order's estimated completion
/// is the day its last unit is made (a finished batch waiting for QC is done today).
/// </summary>
public static class Schedule
{
    /// <summary>The sequence of work orders on one line: urgent first, then grade A, B, C, then the earliest due date, then arrival.</summary>
    public static IEnumerable<WorkOrder> Sequence(IEnumerable<WorkOrder> workOrders) => workOrders
        .OrderBy(w => w.OrderType == "Urgent" ? 0 : 1)
        .ThenBy(w => w.Grade)
        .ThenBy(w => w.DueDate)
        .ThenBy(w => w.OrderSubmittedAt)
        .ThenBy(w => w.Number, StringComparer.Ordinal);

    /// <summary>Estimated completion of every open work order, line by line, on each line's working days.</summary>
    public static Dictionary<string, DateOnly> Plan(IEnumerable<WorkOrder> open, IReadOnlyDictionary<string, ProductionLine> lines, DateOnly today)
    {
        var estimates = new Dictionary<string, DateOnly>();
        foreach (var workOrders in open.Where(w => w.IsOpen).GroupBy(w => w.Line))
        {
            var line = lines[workOrders.Key];
            var units = 0;
            foreach (var workOrder in Sequence(workOrders))
            {
                units += workOrder.Remaining;
                // Units 1..capacity are made on the first working day, the next capacity on the one after, and so on.
                estimates[workOrder.Number] = line.WorkingDay(today, units == 0 ? 0 : (units - 1) / line.DailyCapacity);
            }
        }
        return estimates;
    }

    /// <summary>
    /// The units each of the line's next working days will make, as <see cref="Plan"/> fills them: the open work in
    /// sequence fills each working day to capacity (at most <paramref name="days"/> days).
    /// </summary>
    public static IReadOnlyList<DayLoad> Load(IEnumerable<WorkOrder> open, ProductionLine line, DateOnly today, int days = 60)
    {
        var units = open.Where(w => w.IsOpen && w.Line == line.Code).Sum(w => w.Remaining);
        var load = new List<DayLoad>();
        for (var n = 0; units > 0 && n < days; n++)
        {
            var made = Math.Min(units, line.DailyCapacity);
            load.Add(new DayLoad(line.WorkingDay(today, n), made, line.DailyCapacity));
            units -= made;
        }
        return load;
    }
}

/// <summary>One working day of a line: the units planned on it against what the line can make in a day.</summary>
public sealed record DayLoad(DateOnly Day, int Units, int Capacity);
