using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Intake.Domain;

/// <summary>
/// The order and its lifecycle: the process manager of the platform. Commands (from people) refuse
/// what the current state does not allow; reactions to other services' events never move the order
/// backwards and record late or stale news in the timeline. Every step adds a timeline entry, and
/// the messages it causes wait in <see cref="DequeueMessages"/> for the outbox.
/// </summary>
public sealed class Order
{
    private readonly List<object> _messages = [];

    public Guid Id { get; init; }
    public required string OrderNumber { get; init; }
    public required string Channel { get; init; }
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required string CustomerKind { get; init; }
    public required string Grade { get; init; }
    public required string PaymentTerms { get; init; }
    public decimal DepositPercent { get; init; }
    public required string OrderType { get; init; }
    public required List<OrderLine> Lines { get; init; }
    public required Address ShippingAddress { get; init; }
    public DateOnly RequestedDeliveryDate { get; init; }
    public DateOnly? PromisedDate { get; private set; }
    public string Notes { get; init; } = "";
    public decimal Total { get; init; }
    public OrderStatus Status { get; private set; }
    public List<Hold> Holds { get; private set; } = [];
    public decimal AmountPaid { get; private set; }
    public decimal AmountDue { get; private set; }
    public decimal AmountRefunded { get; private set; }
    public string? Carrier { get; private set; }
    public string? TrackingNumber { get; private set; }
    public string? ShipmentStatus { get; private set; }
    /// <summary>When the carrier says the goods were delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset SubmittedAt { get; init; }
    /// <summary>When the order was flagged for not being reviewed within the review SLA (4 hours of receipt).</summary>
    public DateTimeOffset? ReviewOverdueAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }
    public List<TimelineEntry> Timeline { get; init; } = [];

    public IReadOnlyList<object> DequeueMessages()
    {
        var messages = _messages.ToList();
        _messages.Clear();
        return messages;
    }

    public static Order Submit(string orderNumber, string channel, string by, CustomerSnapshot customer, string orderType,
        IReadOnlyList<OrderLine> lines, Address address, DateOnly requestedDeliveryDate, string? notes,
        IReadOnlyList<PriceMismatch> priceMismatches, DateTimeOffset now)
    {
        var order = new Order
        {
            Id = Guid.NewGuid(), OrderNumber = orderNumber, Channel = channel, CustomerId = customer.CustomerId,
            CustomerName = customer.Name, CustomerKind = customer.Kind, Grade = customer.Grade, PaymentTerms = customer.PaymentTerms,
            DepositPercent = customer.DepositPercent, OrderType = orderType, Lines = lines.ToList(), ShippingAddress = address,
            RequestedDeliveryDate = requestedDeliveryDate, Notes = notes ?? "", Total = lines.Sum(l => l.Quantity * l.UnitPrice),
            Status = OrderStatus.Submitted, SubmittedAt = now,
        };
        order.AmountDue = order.Total;
        order.Record(now, "Submitted", by, $"{lines.Count} line(s), total {order.Total:0.00} CNY, via {channel}");
        if (priceMismatches.Count > 0)
            order.PlaceOnHold(now, HoldKinds.Price, "staff:sales-manager", "Price differs from the price list: " +
                string.Join("; ", priceMismatches.Select(p => $"{p.Sku} offered {p.Offered:0.00}, list {p.ListPrice:0.00}")), "intake");
        else
            order.StartReview();
        return order;
    }

    // ---- commands (people) ----

    public void ApprovePriceHold(string by, string reason, DateTimeOffset now)
    {
        RequireHold(HoldKinds.Price);
        ReleaseHold(now, HoldKinds.Price, by, $"Price approved: {reason}");
        StartReview();
    }

    public void RejectPriceHold(string by, string reason, DateTimeOffset now)
    {
        RequireHold(HoldKinds.Price);
        Holds = Holds.Where(h => h.Kind != HoldKinds.Price).ToList();
        Reject(now, by, $"Price rejected: {reason}");
    }

    public void ConfirmReceipt(string by, DateTimeOffset now) => Complete(by, "Customer confirmed receipt", now);

    /// <summary>The customer did not confirm receipt within <paramref name="after"/> of delivery: confirm it for them.</summary>
    public bool AutoConfirmReceipt(TimeSpan after, DateTimeOffset now)
    {
        if (Status != OrderStatus.Delivered || DeliveredAt is null || DeliveredAt + after > now) return false;
        Complete("intake", $"Receipt confirmed automatically {after.TotalDays:0.##} day(s) after delivery", now);
        return true;
    }

    private void Complete(string by, string detail, DateTimeOffset now)
    {
        if (Status != OrderStatus.Delivered)
            throw new DomainException($"Order {OrderNumber} is {Status}; receipt can be confirmed only once it is Delivered.");
        MoveTo(OrderStatus.Completed, now, "Completed", by, detail);
        _messages.Add(new OrderCompleted(Id, OrderNumber, CustomerId, Channel, Lines, now));
    }

    public void Cancel(string by, string reason, DateTimeOffset now)
    {
        if (Status is OrderStatus.Rejected or OrderStatus.Cancelled or OrderStatus.Completed)
            throw new DomainException($"Order {OrderNumber} is already {Status}.");
        if (Status is OrderStatus.Shipped or OrderStatus.Delivered || ShipmentStatus is not (null or ShipmentStatuses.Created))
            throw new DomainException($"Order {OrderNumber} has been dispatched; it can no longer be cancelled. Ask for a return instead.");
        Holds = [];
        MoveTo(OrderStatus.Cancelled, now, "Cancelled", by, reason);
        _messages.Add(new OrderCancelled(Id, OrderNumber, reason, by, AmountPaid));
    }

    /// <summary>
    /// Still under review (price, credit or stock) <paramref name="sla"/> after receipt: flag it, once.
    /// Returns false when nothing is due.
    /// </summary>
    public bool FlagReviewOverdue(TimeSpan sla, DateTimeOffset now)
    {
        if (!IsUnderReview || ReviewOverdueAt is not null || SubmittedAt + sla > now) return false;
        ReviewOverdueAt = now;
        var waiting = Holds.Count == 0 ? "credit review and stock" : string.Join(", ", Holds.Select(h => $"{h.Kind} hold for {h.MustAct}"));
        Record(now, "ReviewOverdue", "intake", $"Not reviewed within {sla.TotalHours:0.##} h of receipt; waiting for {waiting}");
        return true;
    }

    // ---- reactions (other services) ----

    public void OnCreditApproved(string by, string reason, DateTimeOffset now)
    {
        if (!IsUnderReview) { Record(now, "CreditApproved (ignored)", by, $"Order is {Status}: {reason}"); return; }
        if (HasHold(HoldKinds.Credit)) ReleaseHold(now, HoldKinds.Credit, by, $"Credit approved: {reason}");
        else Record(now, "CreditApproved", by, reason);
        _messages.Add(new ReserveStock(Id, OrderNumber, OrderType, Grade, Lines));
    }

    public void OnCreditHeld(string reason, DateTimeOffset now)
    {
        if (!IsUnderReview) { Record(now, "CreditHeld (ignored)", "credit-review", $"Order is {Status}: {reason}"); return; }
        PlaceOnHold(now, HoldKinds.Credit, "staff:credit", reason, "credit-review");
    }

    public void OnCreditRejected(string by, string reason, DateTimeOffset now)
    {
        if (!IsUnderReview) { Record(now, "CreditRejected (ignored)", by, $"Order is {Status}: {reason}"); return; }
        Holds = [];
        Reject(now, by, $"Credit rejected: {reason}");
    }

    public void OnStockReserved(IReadOnlyList<ReservedLine> reserved, DateTimeOffset now)
    {
        var detail = string.Join("; ", reserved.Select(r => $"{r.Quantity} x {r.Sku} in {r.Warehouse}"));
        if (Status == OrderStatus.Cancelled)
        {
            // The reservation crossed the cancellation: give it back.
            Record(now, "StockReserved (releasing)", "inventory", $"Order is Cancelled: {detail}");
            _messages.Add(new ReleaseStock(Id, OrderNumber, "Order cancelled"));
            return;
        }
        if (Status != OrderStatus.Submitted) { Record(now, "StockReserved (ignored)", "inventory", $"Order is {Status}: {detail}"); return; }
        Record(now, "StockReserved", "inventory", detail);
        PromisedDate = RequestedDeliveryDate;
        MoveTo(OrderStatus.Confirmed, now, "Confirmed", "intake", $"Order confirmed; promised for {PromisedDate:yyyy-MM-dd}, terms {PaymentTerms}");
        // Confirmation follows a full reservation, so the goods are in stock.
        _messages.Add(new OrderConfirmed(Id, OrderNumber, CustomerId, Grade, PaymentTerms, DepositPercent, Total, now, FromStock: true));
    }

    public void OnStockShort(IReadOnlyList<ShortLine> shortLines, DateTimeOffset now)
    {
        var detail = string.Join("; ", shortLines.Select(s => $"{s.Sku}: {s.Reserved} of {s.Requested} reserved"));
        if (Status != OrderStatus.Submitted) { Record(now, "StockShort (ignored)", "inventory", $"Order is {Status}: {detail}"); return; }
        PlaceOnHold(now, HoldKinds.Stock, "customer", $"Short of stock: {detail}. Choose: wait, ship the available part, or cancel", "inventory");
    }

    public void OnPaymentRequested(string kind, decimal amount, DateTimeOffset now)
    {
        Record(now, "PaymentRequested", "billing", $"{kind} payment of {amount:0.00} CNY requested");
        if (Status == OrderStatus.Confirmed) MoveTo(OrderStatus.AwaitingPayment, now, "AwaitingPayment", "billing", $"Waiting for {kind.ToLowerInvariant()} payment");
    }

    public void OnPaymentReceived(decimal amount, decimal totalPaid, decimal due, string route, DateTimeOffset now)
    {
        UpdatePayment(totalPaid, due);
        Record(now, "PaymentReceived", route, $"{amount:0.00} CNY received; paid {totalPaid:0.00}, due {due:0.00}");
    }

    public void OnStockReleased(IReadOnlyList<ReservedLine> released, DateTimeOffset now)
        => Record(now, "StockReleased", "inventory", string.Join("; ", released.Select(r => $"{r.Quantity} x {r.Sku} in {r.Warehouse}")));

    public void OnRefundIssued(decimal amount, string route, DateTimeOffset now)
    {
        AmountRefunded += amount;
        Record(now, "RefundIssued", "billing", $"{amount:0.00} CNY refunded via {route}");
    }

    public void OnBillingCleared(string reason, decimal totalPaid, decimal due, DateTimeOffset now)
    {
        UpdatePayment(totalPaid, due);
        if (Status is not (OrderStatus.Confirmed or OrderStatus.AwaitingPayment or OrderStatus.InProduction))
        {
            Record(now, "BillingCleared (ignored)", "billing", $"Order is {Status}: {reason}");
            return;
        }
        Record(now, "BillingCleared", "billing", reason);
        MoveTo(OrderStatus.ReadyToShip, now, "ReadyToShip", "intake", "Released to the warehouse for dispatch");
        _messages.Add(new OrderReadyToShip(Id, OrderNumber, CustomerId, OrderType, ShippingAddress, Lines, Total));
    }

    public void OnShipmentCreated(string carrier, string trackingNumber, string dispatchNote, string reason, string purpose,
        string? reference, DateTimeOffset now)
    {
        switch (purpose)
        {
            case ShipmentPurposes.Return:
                Record(now, "ReturnShipmentCreated", "logistics", $"Return {reference}: pickup note {dispatchNote}; {carrier} tracking {trackingNumber}");
                return;
            case ShipmentPurposes.Replacement:
                // The replacement is now the shipment the customer waits for.
                (Carrier, TrackingNumber, ShipmentStatus) = (carrier, trackingNumber, ShipmentStatuses.Created);
                Record(now, "ReplacementShipmentCreated", "logistics", $"Replacement for {reference}: dispatch note {dispatchNote}; {carrier} tracking {trackingNumber}");
                return;
        }
        if (TrackingNumber is null || TrackingNumber == trackingNumber) (Carrier, TrackingNumber) = (carrier, trackingNumber);
        ShipmentStatus ??= ShipmentStatuses.Created;
        Record(now, "ShipmentCreated", "logistics", $"Dispatch note {dispatchNote}; {carrier} tracking {trackingNumber}. {reason}");
    }

    public void OnShipmentStatusChanged(string carrier, string trackingNumber, string status, DateTimeOffset occurredAt,
        string? signedBy, string? exceptionCode, string? detail, string purpose, DateTimeOffset now)
    {
        var text = status switch
        {
            ShipmentStatuses.Delivered => $"Delivered, signed by {signedBy}",
            ShipmentStatuses.Exception => $"Delivery exception {exceptionCode}: {detail}",
            _ => detail is { Length: > 0 } && detail != status ? $"{status}: {detail}" : status,
        };
        var prefix = purpose == ShipmentPurposes.Order ? "Carrier" : purpose;
        Record(now, $"{prefix}{status}", $"carrier:{carrier}", $"{carrier} {trackingNumber}: {text} (at {occurredAt:u})");
        if (purpose == ShipmentPurposes.Return || status == ShipmentStatuses.Exception) return;
        // A carrier event may overtake the ShipmentCreated event; a replacement supersedes the first shipment.
        if (TrackingNumber is null) (Carrier, TrackingNumber) = (carrier, trackingNumber);
        if (TrackingNumber != trackingNumber) return;
        ShipmentStatus = status;
        if (status == ShipmentStatuses.Delivered && Status is OrderStatus.ReadyToShip or OrderStatus.Shipped)
        {
            DeliveredAt = occurredAt;
            MoveTo(OrderStatus.Delivered, now, "Delivered", $"carrier:{carrier}", $"Signed by {signedBy}");
        }
        else if (status != ShipmentStatuses.Delivered && Status == OrderStatus.ReadyToShip)
            MoveTo(OrderStatus.Shipped, now, "Shipped", $"carrier:{carrier}", $"{carrier} tracking {trackingNumber}");
    }

    /// <summary>Logistics says the order has not left the warehouse within its dispatch SLA.</summary>
    public void OnDispatchOverdue(DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (Status is not (OrderStatus.Confirmed or OrderStatus.AwaitingPayment or OrderStatus.InProduction or OrderStatus.ReadyToShip))
        {
            Record(now, "DispatchOverdue (ignored)", "logistics", $"Order is {Status}");
            return;
        }
        Record(now, "DispatchOverdue", "logistics", $"Not dispatched by {dueAt:u} (3 working days after confirmation)");
    }

    // ---- internals ----

    /// <summary>Billing's events may arrive in any order: the figures only ever move forward.</summary>
    private void UpdatePayment(decimal totalPaid, decimal due)
    {
        if (totalPaid < AmountPaid) return;
        (AmountPaid, AmountDue) = (totalPaid, due);
    }

    private bool IsUnderReview => Status is OrderStatus.Submitted or OrderStatus.OnHold;

    private bool HasHold(string kind) => Holds.Any(h => h.Kind == kind);

    private void RequireHold(string kind)
    {
        if (Status != OrderStatus.OnHold || !HasHold(kind))
            throw new DomainException($"Order {OrderNumber} is {Status} and has no {kind} hold.");
    }

    /// <summary>Price is agreed: the order goes to credit review.</summary>
    private void StartReview()
        => _messages.Add(new OrderSubmitted(Id, OrderNumber, CustomerId, CustomerKind, Grade, Channel, OrderType, Total, Lines, SubmittedAt));

    private void PlaceOnHold(DateTimeOffset now, string kind, string mustAct, string reason, string by)
    {
        Holds = [.. Holds.Where(h => h.Kind != kind), new Hold(kind, mustAct, reason, now)];
        MoveTo(OrderStatus.OnHold, now, $"OnHold:{kind}", by, $"{reason} (waiting for {mustAct})");
    }

    private void ReleaseHold(DateTimeOffset now, string kind, string by, string detail)
    {
        Holds = Holds.Where(h => h.Kind != kind).ToList();
        if (Holds.Count == 0) MoveTo(OrderStatus.Submitted, now, $"HoldReleased:{kind}", by, detail);
        else Record(now, $"HoldReleased:{kind}", by, detail);
    }

    private void Reject(DateTimeOffset now, string by, string reason)
    {
        MoveTo(OrderStatus.Rejected, now, "Rejected", by, reason);
        _messages.Add(new OrderRejected(Id, OrderNumber, reason));
    }

    private void MoveTo(OrderStatus status, DateTimeOffset now, string @event, string by, string detail)
    {
        Status = status;
        Record(now, @event, by, detail);
    }

    private void Record(DateTimeOffset now, string @event, string by, string detail)
    {
        UpdatedAt = now;
        Timeline.Add(new TimelineEntry { OrderId = Id, At = now, Event = @event, By = by, Detail = detail });
    }
}
