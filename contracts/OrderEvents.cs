namespace OrderPlatform.Contracts;

// Published by Intake, the owner of the order lifecycle.

public record OrderSubmitted(Guid OrderId, string OrderNumber, string CustomerId, string CustomerKind,
    string Grade, string Channel, string OrderType, decimal Total, IReadOnlyList<OrderLine> Lines,
    DateTimeOffset SubmittedAt);

/// <summary>Command to Inventory: reserve what the order needs.</summary>
public record ReserveStock(Guid OrderId, string OrderNumber, string OrderType, string Grade,
    IReadOnlyList<OrderLine> Lines);

/// <summary>The order is confirmed. <paramref name="FromStock"/>: every line is reserved from stock (the dispatch SLA applies).</summary>
public record OrderConfirmed(Guid OrderId, string OrderNumber, string CustomerId, string Grade,
    string PaymentTerms, decimal DepositPercent, decimal Total, DateTimeOffset ConfirmedAt, bool FromStock);

public record OrderReadyToShip(Guid OrderId, string OrderNumber, string CustomerId, string OrderType,
    Address ShippingAddress, IReadOnlyList<OrderLine> Lines, decimal Total);

public record OrderCompleted(Guid OrderId, string OrderNumber, string CustomerId, string Channel,
    IReadOnlyList<OrderLine> Lines, DateTimeOffset CompletedAt);

public record OrderRejected(Guid OrderId, string OrderNumber, string Reason);

public record OrderCancelled(Guid OrderId, string OrderNumber, string Reason, string CancelledBy, decimal AmountPaid);

/// <summary>Command to Inventory: give back whatever is reserved for the order (it was cancelled).</summary>
public record ReleaseStock(Guid OrderId, string OrderNumber, string Reason);
