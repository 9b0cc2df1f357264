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

public sealed record DayLoad(DateOnly Day, int Units, int Capacity);

public sealed record ScheduledWorkOrder(int Position, string Number, string OrderNumber, string OrderType, string Grade, DateOnly DueDate,
    string Sku, int Quantity, int Done, string Status, DateOnly EstimatedCompletion);

public sealed record LineSchedule(string Line, string Name, int DailyCapacity, int OpenWorkOrders, IReadOnlyList<ScheduledWorkOrder> WorkOrders, IReadOnlyList<DayLoad> Days);

public sealed record WorkOrderStep(DateTimeOffset At, string Event, string By, string Detail);

public sealed record WorkOrder(string Number, string OrderNumber, string Grade, string OrderType, DateOnly DueDate, string Sku,
    string Specification, int Quantity, string Line, string Warehouse, int Done, int Reworks, int Remaining, string Status,
    DateOnly EstimatedCompletion, IReadOnlyList<WorkOrderStep> History);

public sealed record Material(string Sku, int Units);

public sealed record AccountSummary(string OrderNumber, string CustomerId, string Terms, decimal Total, decimal Paid, decimal Refunded,
    decimal Returned, decimal Due, decimal DepositAmount, string Status, string? StatementNumber, DateTimeOffset OpenedAt);

public sealed record PaymentRecorded(string EventId, bool Duplicate);

public sealed record Invoice(string Number, string Type, string CustomerId, string? OrderNumber, string? StatementNumber, string BuyerName,
    string? BuyerTaxId, string Content, decimal Amount, decimal TaxRate, decimal Tax, decimal Net, DateTimeOffset IssuedAt, string IssuedBy);

public sealed record ChannelDay(DateOnly Day, string Channel, int Orders, decimal Amount);

public sealed record CycleBucket(int FromDays, int? ToDays, int Orders);

public sealed record CycleTime(int Orders, double? MedianHours, double? P90Hours, IReadOnlyList<CycleBucket> Buckets);

public sealed record ReviewFigures(double SlaHours, int ReviewedInTime, int ReviewedLate, int WaitingOverdue, int Waiting, decimal? Compliance);

public sealed record OrdersReport(DateOnly From, DateOnly To, IReadOnlyList<ChannelDay> OrdersPerDay, CycleTime SubmittedToShipped,
    CycleTime SubmittedToCompleted, ReviewFigures Review);

public sealed record DispatchFigures(int ConfirmedFromStock, int Dispatched, int DispatchedOnTime, int DispatchedLate, int WaitingOverdue, decimal? Compliance);

public sealed record LogisticsReport(DateOnly From, DateOnly To, DispatchFigures Dispatch);

public sealed record ReasonCount(string Category, int Cases);

public sealed record ProductReturns(string Sku, int UnitsDelivered, int UnitsReturned, decimal ReturnRate);

public sealed record ReturnFigures(int OrdersDelivered, int OrdersWithReturns, decimal ReturnRate, IReadOnlyList<ProductReturns> ByProduct);

public sealed record ProductSatisfaction(string Sku, int Responses, decimal AverageScore);

public sealed record SatisfactionFigures(int Responses, decimal? AverageScore, IReadOnlyList<ProductSatisfaction> ByProduct);

public sealed record SlaFigures(int CasesDue, int RespondedInTime, int RespondedLate, int Unanswered, int Escalated, decimal? Compliance);

public sealed record AfterSalesReport(DateOnly From, DateOnly To, IReadOnlyList<ReasonCount> ComplaintReasons, ReturnFigures Returns,
    SatisfactionFigures Satisfaction, SlaFigures FirstResponseSla);

public sealed record WarehouseStock(string Warehouse, int OnHand, int Reserved, int Available);

public sealed record SkuStock(string Sku, string Name, int OnHand, int Reserved, int Available, int LowStockThreshold, IReadOnlyList<WarehouseStock> Warehouses);

public sealed record Warehouse(string Code, string Name, string City, bool Active);

public sealed record StockLot(long Id, string Sku, string Warehouse, DateTimeOffset ReceivedAt, string Source, string? Reference, int Received,
    string? OrderNumber, int Remaining, string Label);

public sealed record StockMovement(long Id, string Sku, string Warehouse, string Kind, int OnHandChange, int ReservedChange, string? OrderNumber,
    string? Reference, DateTimeOffset At);

public sealed record LowStockAlert(string Sku, int Threshold, int Available, DateTimeOffset RaisedAt);

public sealed record Backorder(string OrderNumber, string Sku, string OrderType, string Grade, int Quantity, int Filled, int Outstanding, DateTimeOffset CreatedAt);

public sealed record CaseStep(DateTimeOffset At, string By, string Action, string Detail);

public sealed record AfterSalesCase(string CaseNumber, string Kind, string OrderNumber, string Reason, string Category, string Status,
    DateTimeOffset OpenedAt, DateTimeOffset FirstResponseDue, DateTimeOffset? FirstRespondedAt, DateTimeOffset? EscalatedAt, string? Resolution,
    string? Carrier, string? TrackingNumber, IReadOnlyList<CaseStep> Steps);

public sealed record ReturnCase(string ReturnNumber, string Kind, string OrderNumber, IReadOnlyList<OrderLine> Lines, string Reason, string Status,
    decimal Value, decimal Refunded, DateTimeOffset RequestedAt, IReadOnlyList<CaseStep> Steps);

public sealed record SurveyAnswer(string OrderNumber, string CustomerId, IReadOnlyList<string> Skus, string Status, int? Score, string? Comment,
    DateTimeOffset OpenedAt, DateTimeOffset? AnsweredAt);

public sealed record StatementLine(string OrderNumber, DateTimeOffset OpenedAt, decimal Total, decimal Returned, decimal Paid, decimal Due);

public sealed record Statement(string Number, string CustomerId, DateOnly PeriodFrom, DateOnly PeriodTo, IReadOnlyList<StatementLine> Lines,
    decimal Total, decimal Due, DateTimeOffset IssuedAt, string IssuedBy);

// What the console sends.

public sealed record MessageBody(string? Message);

public sealed record StockReceipt(string? Sku, string? Warehouse, int? Quantity, string? Reference);


public sealed record ProgressReport(int Quantity, string? Delay);

public sealed record Inspection(bool Passed, string? Note);

public sealed record BankTransfer(string OrderNumber, decimal Amount, string Reference);

public sealed record InvoiceRequest(string? OrderNumber, string? StatementNumber, string Type, string BuyerName, string? BuyerTaxId);

public sealed record NewOrderLine(string Sku, int Quantity, decimal UnitPrice, string? Specification);

public sealed record OrderRequest(string CustomerId, string OrderType, IReadOnlyList<NewOrderLine> Lines, Address ShippingAddress,
    DateOnly RequestedDeliveryDate, string? Notes);

public sealed record ReasonBody(string Reason);

/// <summary>A price hold approved with a reason, at the prices given per SKU.</summary>
public sealed record PriceApproval(string Reason, IReadOnlyList<AgreedPrice> Prices);

public sealed record AgreedPrice(string Sku, decimal UnitPrice);
