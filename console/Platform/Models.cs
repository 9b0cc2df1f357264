namespace OrderPlatform.StaffConsole.Platform;

// The public API's answers, as the console reads them (the gateway's /openapi/v1.json describes them in full).

public sealed record OrderSummary(string OrderNumber, string Status, string CustomerId, string Channel, decimal Total,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReviewOverdueAt, IReadOnlyList<Hold> Holds);

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice, string Specification);

public sealed record Hold(string Kind, string MustAct, string Reason, DateTimeOffset Since);

public sealed record Payment(string Terms, decimal Paid, decimal Due, decimal Refunded);

public sealed record Shipment(string? Carrier, string? TrackingNumber, string? Status);

public sealed record Address(string Recipient, string Phone, string Province, string City, string Line1, string PostalCode);

public sealed record TimelineEntry(DateTimeOffset At, string Event, string By, string Detail);

public sealed record OrderView(string OrderNumber, string Status, string CustomerId, string CustomerName, string Grade, string Channel,
    string OrderType, IReadOnlyList<OrderLine> Lines, decimal Total, string Currency, DateOnly RequestedDeliveryDate, DateOnly? PromisedDate,
    IReadOnlyList<Hold> Holds, Payment Payment, Shipment Shipment, Address ShippingAddress, string Notes, DateTimeOffset SubmittedAt,
    DateTimeOffset? ReviewOverdueAt, IReadOnlyList<TimelineEntry> Timeline);

public sealed record OrderCreated(string OrderNumber, string Status);

public sealed record CustomerSummary(string CustomerId, string Name, string? Company, string Kind, string Grade, bool Active, bool IsNew, string Phone);

public sealed record Customer(string CustomerId, string Name, string? Company, string Grade, decimal CreditLimit, decimal DepositPercent,
    bool Active, bool IsNew, string PaymentTerms, decimal Exposure, decimal Available, string ContactName, string Phone, CustomerAddress? Address);

public sealed record CustomerAddress(string Province, string City, string Line1, string PostalCode);

public sealed record Product(string Sku, string Name, string? NameEn, string? Specification, decimal ListPrice, bool MadeToOrder);

public sealed record Stock(string Sku, int OnHand, int Reserved, int Available);

public sealed record CreditCase(string OrderNumber, string CustomerId, decimal Amount, string Status, string Reason, string DecidedBy,
    DateTimeOffset DecidedAt, bool Open);

public sealed record ShipmentSummary(string TrackingNumber, string Carrier, string OrderNumber, string Purpose, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? DeliveredAt, string? ExceptionCode);

public sealed record DispatchSla(string OrderNumber, DateTimeOffset ConfirmedAt, DateTimeOffset DueAt, DateTimeOffset? DispatchedAt,
    DateTimeOffset? FlaggedAt, bool Late);

public sealed record TrackingEvent(string Type, DateTimeOffset OccurredAt, string? Detail, string? Place, string? CarrierStatus);

public sealed record Tracking(string TrackingNumber, string Carrier, string OrderNumber, string Status, string DispatchNoteNumber,
    string CarrierReason, IReadOnlyList<TrackingEvent> Events);

// What the console sends.

public sealed record NewOrderLine(string Sku, int Quantity, decimal UnitPrice, string? Specification);

public sealed record OrderRequest(string CustomerId, string OrderType, IReadOnlyList<NewOrderLine> Lines, Address ShippingAddress,
    DateOnly RequestedDeliveryDate, string? Notes);

public sealed record ReasonBody(string Reason);

/// <summary>A price hold approved with a reason, at the prices given per SKU.</summary>
public sealed record PriceApproval(string Reason, IReadOnlyList<AgreedPrice> Prices);

public sealed record AgreedPrice(string Sku, decimal UnitPrice);
