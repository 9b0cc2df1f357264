namespace OrderPlatform.ServiceDefaults;

/// <summary>The company's business day is China Standard Time (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>Midnight in China at the start of <paramref name="day"/>, as UTC (the only offset timestamptz parameters take).</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>Midnight in China at the end of the China calendar day containing <paramref name="at"/>.</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset at)
        => new(DateOf(at).AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);
}
