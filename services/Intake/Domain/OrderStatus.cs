namespace OrderPlatform.Intake.Domain;

public enum OrderStatus
{
    Submitted, OnHold, Confirmed, InProduction, AwaitingPayment, ReadyToShip, Shipped, Delivered, Completed, Rejected, Cancelled,
}

public static class OrderTypes
{
    public const string Regular = "Regular";
    public const string Custom = "Custom";
    public const string Urgent = "Urgent";
    public static readonly string[] All = [Regular, Custom, Urgent];
}

public static class HoldKinds
{
    public const string Price = "Price";
    public const string Credit = "Credit";
    public const string Stock = "Stock";
    /// <summary>Production cannot make the goods (routing or raw material): sales decides.</summary>
    public const string Technical = "Technical";
    /// <summary>Grades B/C: production waits for the signed confirmation and the deposit. The order is confirmed meanwhile.</summary>
    public const string Confirmation = "Confirmation";
    public static readonly string[] All = [Price, Credit, Stock, Technical, Confirmation];
}

/// <summary>The customer's answer when part of the order is out of stock.</summary>
public static class ShortageChoices
{
    public const string Wait = "Wait";
    public const string ShipAvailable = "ShipAvailable";
    public const string Cancel = "Cancel";
    public static readonly string[] All = [Wait, ShipAvailable, Cancel];
}

/// <summary>A work order making goods for the order, as Intake follows it.</summary>
public sealed record WorkOrderRef(string Number, string Sku, int Quantity, string Status)
{
    public const string Planned = "Planned";
    public const string Reserved = "Reserved";
}

/// <summary>Why an order waits, and who must act.</summary>
public sealed record Hold(string Kind, string MustAct, string Reason, DateTimeOffset Since);

/// <summary>One step in an order's history: who did what, when, and why.</summary>
public sealed class TimelineEntry
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Event { get; init; }
    public required string By { get; init; }
    public required string Detail { get; init; }
}

/// <summary>What Intake knows of the customer when the order arrives (from CreditReview).</summary>
public sealed record CustomerSnapshot(string CustomerId, string Name, string Kind, string Grade, string PaymentTerms, decimal DepositPercent);

/// <summary>A line whose price differs from the list price by more than the tolerance.</summary>
public sealed record PriceMismatch(string Sku, decimal Offered, decimal ListPrice);
