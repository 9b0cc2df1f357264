using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Logistics.Domain;

/// <summary>
/// The dispatch promise of one in-stock order: it leaves the warehouse within a number of working
/// days of confirmation. An order still not dispatched when that is due is flagged, once.
/// </summary>
public sealed class DispatchSla
{
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public DateTimeOffset ConfirmedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    public DateTimeOffset? FlaggedAt { get; private set; }
    public bool Cancelled { get; private set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public bool Late => DispatchedAt is { } d ? d > DueAt : FlaggedAt is not null;

    /// <summary>Due <paramref name="workingDays"/> working days after confirmation, plus any <paramref name="grace"/> allowed on top.</summary>
    public static DispatchSla Start(Guid orderId, string orderNumber, DateTimeOffset confirmedAt, int workingDays, IReadOnlySet<DateOnly> holidays,
        TimeSpan grace = default)
        => new() { OrderId = orderId, OrderNumber = orderNumber, ConfirmedAt = confirmedAt, DueAt = WorkingDays.Add(confirmedAt, workingDays, holidays) + grace };

    public void Dispatched(DateTimeOffset at) => DispatchedAt ??= at;

    public void Cancel() => Cancelled = true;

    /// <summary>Flags the order if it is due and still in the warehouse; true the first time only.</summary>
    public bool FlagIfOverdue(DateTimeOffset now)
    {
        if (DispatchedAt is not null || Cancelled || FlaggedAt is not null || now < DueAt) return false;
        FlaggedAt = now;
        return true;
    }
}

/// <summary>Working days in China Standard Time: Monday to Friday, less the configured public holidays.</summary>
public static class WorkingDays
{
    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays)
        => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    /// <summary>The same time of day, <paramref name="days"/> working days later.</summary>
    public static DateTimeOffset Add(DateTimeOffset from, int days, IReadOnlySet<DateOnly> holidays)
    {
        if (days < 0) throw new ArgumentOutOfRangeException(nameof(days), "Working days must not be negative.");
        var local = from.ToOffset(ChinaTime.Offset);
        while (days > 0)
        {
            local = local.AddDays(1);
            if (IsWorkingDay(DateOnly.FromDateTime(local.DateTime), holidays)) days--;
        }
        return local.ToUniversalTime();
    }
}
