using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace OrderPlatform.StaffConsole;

public static partial class Words
{
    /// <summary>The parcels whose carrier reports the order's timeline records: the order's own, a replacement, a return.</summary>
    public static readonly string[] ParcelKinds = ["Carrier", "Replacement", "Return"];

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
        if (word.ResourceNotFound && kind == "Event" && Parcel(L, name) is { } parcel) return parcel + rest;
        return (word.ResourceNotFound ? name : word.Value) + rest;
    }

    /// <summary>A text a service wrote (a timeline's detail, a hold's reason, a refusal) in the person's language: see <see cref="Sayings"/>.</summary>
    public static string Say(this IStringLocalizer L, string? text) => Sayings.Of(L).Say(L, text);

    /// <summary>Who acted or must act ("billing", "staff:credit", "carrier:SF") in the person's language; a person's name as sent.</summary>
    public static string Who(this IStringLocalizer L, string by) => Sayings.Who(L, by);

    /// <summary>A carrier's report as the order's timeline names it ("CarrierPickedUp", "ReturnDelivered"): the parcel, then its status.</summary>
    private static string? Parcel(IStringLocalizer L, string name)
    {
        foreach (var parcel in ParcelKinds)
        {
            if (!name.StartsWith(parcel, StringComparison.Ordinal)) continue;
            var (which, status) = (L[$"Parcel.{parcel}"], L[$"Shipment.{name[parcel.Length..]}"]);
            if (!which.ResourceNotFound && !status.ResourceNotFound) return $"{which.Value}: {status.Value}";
        }
        return null;
    }

    /// <summary>
    /// A validation message of the API ("is required", "must be at most 200 characters") in the person's language: the
    /// entry <c>Api.{message}</c>, or <c>Api.{the message with each number as {n}}</c> with the numbers put back in order;
    /// a message without an entry is shown as sent.
    /// </summary>
    public static string Message(this IStringLocalizer L, string message)
    {
        var exact = L[$"Api.{message}"];
        if (!exact.ResourceNotFound) return exact.Value;
        var numbers = Number().Matches(message).Select(m => m.Value).ToArray();
        var shaped = L[$"Api.{Number().Replace(message, "{n}")}"];
        if (numbers.Length == 0 || shaped.ResourceNotFound) return message;
        var next = 0;
        return Placeholder().Replace(shaped.Value, _ => next < numbers.Length ? numbers[next++] : "");
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{n\}")]
    private static partial Regex Placeholder();
}
