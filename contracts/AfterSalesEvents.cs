namespace OrderPlatform.Contracts;

// Published by AfterSales.

public record SurveyOpened(Guid OrderId, string OrderNumber, Guid SurveyId);

public static class ReturnKinds
{
    /// <summary>The goods come back and the money goes back.</summary>
    public const string Return = "Return";
    /// <summary>The goods come back and the same goods go out again.</summary>
    public const string Exchange = "Exchange";
}

/// <summary>After-sales approved a return or exchange: Logistics arranges the pickup from the customer.</summary>
public record ReturnApproved(Guid OrderId, string OrderNumber, string ReturnNumber, string Kind, IReadOnlyList<OrderLine> Lines);

/// <summary>
/// The returned goods were inspected. When they pass, Inventory restocks them and, for a return,
/// Billing refunds <paramref name="RefundAmount"/>; an exchange asks for a replacement instead.
/// </summary>
public record ReturnInspected(Guid OrderId, string OrderNumber, string ReturnNumber, string Kind, bool Passed,
    IReadOnlyList<OrderLine> Lines, decimal RefundAmount, string Note);

/// <summary>
/// Send these goods to the customer again: a reshipment after a delivery exception (the case number is
/// the reference) or an exchange's replacement (the return number).
/// </summary>
public record ReplacementRequested(Guid OrderId, string OrderNumber, string Reference, IReadOnlyList<OrderLine> Lines, string Reason);

/// <summary>
/// The carrier accepted a claim for goods damaged or lost in its hands: <paramref name="AmountAccepted"/> is due
/// from the carrier, and Billing follows it until it is paid.
/// </summary>
public record CarrierClaimAccepted(string ClaimNumber, string CaseNumber, Guid OrderId, string OrderNumber, string Carrier,
    string TrackingNumber, decimal AmountClaimed, decimal AmountAccepted, DateTimeOffset DecidedAt);
