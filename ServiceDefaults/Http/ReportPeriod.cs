namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>The whole UTC days [From, To] a report covers: the last 30 days up to today unless asked otherwise.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    /// <summary>The first moment after the period.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The period asked for, or the bad field named in <paramref name="errors"/> when <c>from</c> is after <c>to</c>.</summary>
    public static ReportPeriod? Parse(DateOnly? from, DateOnly? to, DateTimeOffset now, out Dictionary<string, string[]>? errors)
        => Parse(from, to, DateOnly.FromDateTime(now.UtcDateTime), out errors);

    /// <summary>The same, with <paramref name="today"/> as the caller counts its days (China time for a report by China days).</summary>
    public static ReportPeriod? Parse(DateOnly? from, DateOnly? to, DateOnly today, out Dictionary<string, string[]>? errors)
    {
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        errors = first > last ? new() { ["from"] = ["must not be after to"] } : null;
        return errors is null ? new ReportPeriod(first, last) : null;
    }
}
