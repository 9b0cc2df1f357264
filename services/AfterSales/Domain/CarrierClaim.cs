using OrderPlatform.Contracts;

namespace OrderPlatform.AfterSales.Domain;

public enum ClaimStatus { Open, Accepted, Refused, Settled }

/// <summary>
/// A claim against the carrier for goods damaged or lost in its hands, opened from the delivery-exception case:
/// the lines and the amount claimed, the carrier's decision, and what the carrier has paid so far (Billing follows
/// the money; the claim is settled once the amount accepted has come in).
/// </summary>
public sealed record CarrierClaim
{
    public required string ClaimNumber { get; init; }
    public required string Carrier { get; init; }
    public required string TrackingNumber { get; init; }
    public required List<OrderLine> Lines { get; init; }
    public decimal AmountClaimed { get; init; }
    public string? Note { get; init; }
    public ClaimStatus Status { get; init; } = ClaimStatus.Open;
    public DateTimeOffset OpenedAt { get; init; }
    public required string OpenedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public decimal? AmountAccepted { get; init; }
    public string? RefusalReason { get; init; }
    public decimal AmountRecovered { get; init; }
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>The value of the lines, at the prices ordered: the most a claim may ask.</summary>
    public static decimal ValueOf(IEnumerable<OrderLine> lines) => lines.Sum(l => l.Quantity * l.UnitPrice);
}
