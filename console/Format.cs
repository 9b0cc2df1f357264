using System.Globalization;

namespace OrderPlatform.StaffConsole;

/// <summary>Amounts in yuan and moments in China time, written the way the person's language writes them.</summary>
public static class Format
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    public static string Money(decimal amount) => "¥" + amount.ToString("N2", CultureInfo.CurrentCulture);

    public static string Time(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("g", CultureInfo.CurrentCulture);

    public static string Date(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>Time left until <paramref name="due"/> as h:mm, negative (and marked by the caller) when it has passed.</summary>
    public static string Left(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        var sign = left < TimeSpan.Zero ? "-" : "";
        left = left.Duration();
        return $"{sign}{(int)left.TotalHours}:{left.Minutes:00}";
    }

    /// <summary>A length of time in its largest whole unit: "4 h", "90 min", "30 s".</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (int)Math.Round(span.TotalSeconds);
        return seconds % 3600 == 0 && seconds > 0 ? $"{seconds / 3600} h" : seconds % 60 == 0 && seconds > 0 ? $"{seconds / 60} min" : $"{seconds} s";
    }

    /// <summary>A search field as the page's address carries it: trimmed, or left out when blank.</summary>
    public static string? Filter(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
