using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Billing.Domain;

public enum ReceivableStatus { Open, Settled }

/// <summary>One payment from a carrier against a claim, as finance recorded it.</summary>
public sealed record ClaimPayment(string Reference, decimal Amount, DateTimeOffset ReceivedAt, string RecordedBy);

/// <summary>
/// Money due from a carrier on a claim it accepted: what it owes, what it has paid (each payment once, by its
/// reference), and when it settled.
/// </summary>
public sealed class CarrierReceivable
{
    public required string ClaimNumber { get; init; }
    public required string CaseNumber { get; init; }
    public required string OrderNumber { get; init; }
    public required string Carrier { get; init; }
    public required string TrackingNumber { get; init; }
    public decimal AmountDue { get; init; }
    public decimal Received { get; private set; }
    public ReceivableStatus Status { get; private set; } = ReceivableStatus.Open;
    public DateTimeOffset AcceptedAt { get; init; }
    public DateTimeOffset? SettledAt { get; private set; }
    public List<ClaimPayment> Payments { get; private set; } = [];
    public string Currency { get; init; } = "CNY";
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public decimal Outstanding => AmountDue - Received;

    public static CarrierReceivable From(CarrierClaimAccepted m) => new()
    {
        ClaimNumber = m.ClaimNumber, CaseNumber = m.CaseNumber, OrderNumber = m.OrderNumber, Carrier = m.Carrier,
        TrackingNumber = m.TrackingNumber, AmountDue = m.AmountAccepted, AcceptedAt = m.DecidedAt,
    };

    /// <summary>
    /// Records a payment from the carrier; a reference already recorded changes nothing (null back). More than is
    /// outstanding is refused.
    /// </summary>
    public CarrierClaimPaymentReceived? Receive(string reference, decimal amount, string by, DateTimeOffset now)
    {
        if (Payments.Any(p => p.Reference == reference)) return null;
        if (amount <= 0 || amount > Outstanding)
            throw new DomainException($"Claim {ClaimNumber} has {Outstanding:0.00} outstanding; a payment must be positive and at most that.");
        Payments = [.. Payments, new ClaimPayment(reference, amount, now, by)];
        Received += amount;
        if (Received == AmountDue) (Status, SettledAt) = (ReceivableStatus.Settled, now);
        return new CarrierClaimPaymentReceived(ClaimNumber, CaseNumber, amount, Received, Status == ReceivableStatus.Settled, reference, now);
    }
}
