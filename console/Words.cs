using Microsoft.Extensions.Localization;

namespace OrderPlatform.StaffConsole;

public static class Words
{
    /// <summary>
    /// A value the platform sends (a status, an event, a role) in the person's language, from the entry
    /// <c>{kind}.{value}</c>: <c>L.Term("Status", "OnHold")</c>. An event with a note ("StockShort (ignored)",
    /// "HoldReleased:Credit") has its name translated and its note kept; a value without an entry is shown as sent.
    /// </summary>
    public static string Term(this IStringLocalizer L, string kind, string value)
    {
        var end = value.IndexOfAny([' ', ':']);
        var (name, rest) = end < 0 ? (value, "") : (value[..end], value[end..]);
        var word = L[$"{kind}.{name}"];
        // "HoldReleased:Credit": the hold's kind after the colon.
        if (rest.StartsWith(':')) rest = ": " + L.Term("Hold", rest[1..]);
        return (word.ResourceNotFound ? name : word.Value) + rest;
    }
}
