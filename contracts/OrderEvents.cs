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

/// <summary>Billing has cleared the order for dispatch; <paramref name="Channel"/> (absent in messages of older versions) is whose order it is.</summary>
public record OrderReadyToShip(Guid OrderId, string OrderNumber, string CustomerId, string OrderType,
    Address ShippingAddress, IReadOnlyList<OrderLine> Lines, decimal Total, string? Channel = null);

public record OrderCompleted(Guid OrderId, string OrderNumber, string CustomerId, string Channel,
    IReadOnlyList<OrderLine> Lines, DateTimeOffset CompletedAt);

public record OrderRejected(Guid OrderId, string OrderNumber, string Reason);

public record OrderCancelled(Guid OrderId, string OrderNumber, string Reason, string CancelledBy, decimal AmountPaid);

/// <summary>Command to Inventory: give back whatever is reserved for the order (it was cancelled).</summary>
public record ReleaseStock(Guid OrderId, string OrderNumber, string Reason);

/// <summary>Command to Inventory: the customer of a short order chose to take the part in stock now; reserve nothing more.</summary>
public record ShipAvailablePart(Guid OrderId, string OrderNumber, string RequestedBy);

/// <summary>Command to ProductionScheduling: make the short or custom lines of an order (technical check first).</summary>
public record RequestProduction(Guid OrderId, string OrderNumber, string CustomerId, string Grade, string OrderType,
    DateOnly DueDate, DateTimeOffset SubmittedAt, IReadOnlyList<ProductionItem> Items);

public record ProductionItem(string Sku, int Quantity, string Specification);

/// <summary>Command to ProductionScheduling: the order's gates are passed (grade A at once; B/C with the signed
/// confirmation and the deposit; retail when paid); its work orders may start.</summary>
public record ReleaseProduction(Guid OrderId, string OrderNumber, string Reason);

/// <summary>Command to ProductionScheduling: the order was cancelled while its production was being planned; stop its unstarted work orders.</summary>
public record CancelProduction(Guid OrderId, string OrderNumber, string Reason);

/// <summary>An approved change cut the order's lines (quantities lowered or lines dropped): release the excess, bill the new total.</summary>
public record OrderLinesChanged(Guid OrderId, string OrderNumber, IReadOnlyList<OrderLine> Lines, decimal Total, decimal PreviousTotal, string Reason);
