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

    /// <summary>Estimated completion of every open work order, line by line.</summary>
    public static Dictionary<string, DateOnly> Plan(IEnumerable<WorkOrder> open, IReadOnlyDictionary<string, int> dailyCapacity, DateOnly today)
    {
        var estimates = new Dictionary<string, DateOnly>();
        foreach (var line in open.Where(w => w.IsOpen).GroupBy(w => w.Line))
        {
            var capacity = dailyCapacity[line.Key];
            var units = 0;
            foreach (var workOrder in Sequence(line))
            {
                units += workOrder.Remaining;
                // Units 1..capacity are made today, the next capacity tomorrow, and so on.
                var day = units == 0 ? 0 : (units - 1) / capacity;
                estimates[workOrder.Number] = today.AddDays(day);
            }
        }
        return estimates;
    }
}
