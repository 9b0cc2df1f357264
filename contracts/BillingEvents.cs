namespace OrderPlatform.Contracts;

// Published by Billing.

public static class PaymentKinds
{
    public const string Full = "Full";
    public const string Deposit = "Deposit";
    public const string Balance = "Balance";
}

public record PaymentRequested(Guid OrderId, string OrderNumber, string Kind, decimal Amount, string Currency);

/// <summary>
/// Money received. <paramref name="ClearedReason"/> is set when this payment settled the order, so the goods may
/// leave: it stands for the <see cref="BillingCleared"/> that would otherwise follow in the same commit, and saves
/// every order paid in full a second message and a second transaction in Intake. <paramref name="RecordedBy"/> names the
/// person who recorded a payment by hand (a bank transfer entered by finance); a provider's payment has none.
/// </summary>
public record PaymentReceived(Guid OrderId, string OrderNumber, decimal Amount, decimal TotalPaid,
    decimal AmountDue, string Route, DateTimeOffset ReceivedAt, string? ClearedReason = null, string? RecordedBy = null);

/// <summary>Money is settled without a payment just now (terms allow it, or the total was cut to what was paid): the goods may leave.</summary>
public record BillingCleared(Guid OrderId, string OrderNumber, string Reason, decimal AmountPaid, decimal AmountDue);

/// <summary>Money goes back through the route it came by (the payment provider, or a bank transfer by finance).
/// <paramref name="Reference"/> names the return it pays back, if any.</summary>
public record RefundIssued(Guid OrderId, string OrderNumber, decimal Amount, string Route, string Reason, string? Reference = null);

/// <summary>A return is settled: its value is no longer owed and <paramref name="Refunded"/> went back to the payer.</summary>
public record ReturnSettled(Guid OrderId, string OrderNumber, string ReturnNumber, decimal Value, decimal Refunded, string Detail);

/// <summary>The deposit a deposit-and-balance order needs before production is paid.</summary>
public record DepositReceived(Guid OrderId, string OrderNumber, decimal Deposit, decimal TotalPaid);

/// <summary>An invoice was issued for an order (or, with no order, for a statement) and sent to the customer.</summary>
public record InvoiceIssued(Guid? OrderId, string? OrderNumber, string? StatementNumber, string InvoiceNumber, string Type,
    decimal Amount, decimal Tax, DateTimeOffset IssuedAt);

/// <summary>
/// Money from a carrier against an accepted claim. <paramref name="Received"/> is everything received on the claim
/// so far; <paramref name="Settled"/> is true once it covers the amount accepted.
/// </summary>
public record CarrierClaimPaymentReceived(string ClaimNumber, string CaseNumber, decimal Amount, decimal Received, bool Settled,
    string Reference, DateTimeOffset ReceivedAt);
