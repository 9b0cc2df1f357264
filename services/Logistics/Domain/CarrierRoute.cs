using System.Text.RegularExpressions;
using OrderPlatform.Contracts;

namespace OrderPlatform.Logistics.Domain;

/// <summary>
/// One carrier report about one parcel, whatever form it came in: the shipment status it means
/// (<see cref="Status"/>, null for a scan that moves nothing), and the carrier's own code, wording and
/// place for the tracking timeline. <see cref="Raw"/> is the report as the carrier sent it.
/// </summary>
public sealed record CarrierRoute(string EventId, string TrackingNumber, string? Status, DateTimeOffset OccurredAt,
    string? SignedBy, string? ExceptionCode, string? Detail, string? Place, string? CarrierStatus, string Raw)
{
    /// <summary>The wording passed on with the status change: the place, then what the carrier said.</summary>
    public string? Describe() => (Place, Detail) switch
    {
        (null or "", _) => Detail,
        (_, null or "") => Place,
        _ => $"{Place}: {Detail}",
    };
}

/// <summary>What one carrier route did.</summary>
public enum RouteOutcome
{
    /// <summary>It moved the shipment on (or reported an exception).</summary>
    Applied,
    /// <summary>It is on the tracking timeline, but was older than the shipment's state or a scan that moves nothing.</summary>
    Recorded,
    /// <summary>The same route came before; nothing changed.</summary>
    Duplicate,
    /// <summary>No shipment of this carrier has the tracking number: kept for staff, nothing changed.</summary>
    UnknownParcel,
}

/// <summary>Reads what kind of delivery exception a carrier's free text describes.</summary>
public static partial class ExceptionWording
{
    /// <summary>
    /// Carriers report damage or loss under a generic exception code and say what happened in words:
    /// damaged, lost, refused and bad address are recognised in Chinese and English; otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string Classify(string? text, string fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (Damaged().IsMatch(text)) return DeliveryExceptionCodes.Damaged;
        if (Lost().IsMatch(text)) return DeliveryExceptionCodes.Lost;
        if (Refused().IsMatch(text)) return DeliveryExceptionCodes.Refused;
        if (Address().IsMatch(text)) return DeliveryExceptionCodes.BadAddress;
        return fallback;
    }

    [GeneratedRegex("破损|损坏|破裂|damaged|broken", RegexOptions.IgnoreCase)]
    private static partial Regex Damaged();

    [GeneratedRegex("丢失|遗失|丢件|lost", RegexOptions.IgnoreCase)]
    private static partial Regex Lost();

    [GeneratedRegex("拒收|拒签|refused", RegexOptions.IgnoreCase)]
    private static partial Regex Refused();

    [GeneratedRegex("地址|address", RegexOptions.IgnoreCase)]
    private static partial Regex Address();
}
