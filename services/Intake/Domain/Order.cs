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
    public List<OrderLine> Lines { get; private set; } = [];
    public Address ShippingAddress { get; private set; } = null!;
    public DateOnly RequestedDeliveryDate { get; private set; }
    public DateOnly? PromisedDate { get; private set; }
    public string Notes { get; init; } = "";
    public decimal Total { get; private set; }
    public OrderStatus Status { get; private set; }
    /// <summary>When the order entered its current status (null on orders older than this field: their submission).</summary>
    public DateTimeOffset? StatusSince { get; private set; }
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
    /// <summary>When review ended with the order confirmed (the order confirmation went to the customer).</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }
    /// <summary>When the customer's signed order confirmation came back (business customers).</summary>
    public DateTimeOffset? SignedConfirmationAt { get; private set; }
    /// <summary>Days the promised date slipped because the signed confirmation came back late.</summary>
    public int PromisedDateSlipDays { get; private set; }
    public bool DepositPaid { get; private set; }
    public DateTimeOffset? BillingClearedAt { get; private set; }
    /// <summary>The work orders making the short or custom lines, as production planned them.</summary>
    public List<WorkOrderRef> WorkOrders { get; private set; } = [];
    public bool ProductionReleased { get; private set; }
    /// <summary>What was short when stock was checked, and what the customer chose (wait, ship the available part).</summary>
    public List<ShortLine> Shortage { get; private set; } = [];
    public string? ShortageChoice { get; private set; }
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
            Status = OrderStatus.Submitted, SubmittedAt = now, StatusSince = now,
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

    /// <summary>
    /// The sales manager approves the order's prices, or sets the price to use for some SKUs (the total
    /// follows); credit review then runs on the approved total.
    /// </summary>
    public void ApprovePriceHold(string by, string reason, DateTimeOffset now, IReadOnlyDictionary<string, decimal>? prices = null)
    {
        RequireHold(HoldKinds.Price);
        var unknown = prices?.Keys.Where(sku => Lines.All(l => l.Sku != sku)).ToList() ?? [];
        if (unknown.Count > 0) throw new DomainException($"Order {OrderNumber} has no line for {string.Join(", ", unknown)}.");
        var detail = $"Price approved: {reason}";
        if (prices is { Count: > 0 })
        {
            var before = ReplaceLines(Lines.Select(l => prices.TryGetValue(l.Sku, out var price) ? l with { UnitPrice = price } : l).ToList());
            detail += $"; prices set: {string.Join(", ", prices.Select(p => $"{p.Key} {p.Value:0.00}"))}; total {before:0.00} -> {Total:0.00} CNY";
        }
        ReleaseHold(now, HoldKinds.Price, by, detail);
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
        if (IsDispatched)
            throw new DomainException($"Order {OrderNumber} has been dispatched; it can no longer be cancelled. Ask for a return instead.");
        Holds = [];
        MoveTo(OrderStatus.Cancelled, now, "Cancelled", by, reason);
        _messages.Add(new OrderCancelled(Id, OrderNumber, reason, by, AmountPaid));
    }

    /// <summary>
    /// A change asked for by the customer or a clerk, assessed against where the order is: dispatch,
    /// stock, production and price. Approved changes apply at once; every request, approved or refused,
    /// is in the timeline with who, what and why. Returns the refusal's reason, or null when approved.
    /// </summary>
    public string? RequestChange(Address? address, DateOnly? deliveryDate, IReadOnlyList<OrderLine>? lines, string by, string why, DateTimeOffset now)
    {
        var asked = string.Join("; ", new[]
        {
            address is null ? null : $"address to {address.Recipient}, {address.Line1}, {address.City}",
            deliveryDate is null ? null : $"delivery date to {deliveryDate:yyyy-MM-dd}",
            lines is null ? null : "lines to " + string.Join(", ", lines.Select(l => $"{l.Quantity} x {l.Sku}")),
        }.Where(x => x is not null));
        var refusal = AssessChange(address, deliveryDate, lines);
        if (refusal is not null)
        {
            Record(now, "ChangeRefused", by, $"Asked: {asked} ({why}). Refused: {refusal}");
            return refusal;
        }
        if (address is not null) ShippingAddress = address;
        if (lines is not null) CutLines(QuantityBySku(lines.Select(l => (l.Sku, l.Quantity))), $"Order changed by {by}: {why}", now);
        if (deliveryDate is { } date)
        {
            RequestedDeliveryDate = date;
            // A stock order is promised for the requested date; a made-to-order one keeps its production estimate.
            if (PromisedDate is not null && WorkOrders.Count == 0) PromisedDate = date;
        }
        Record(now, "ChangeApproved", by, $"Changed: {asked} ({why})");
        return null;
    }

    /// <summary>
    /// Lines may be cut (lower quantities, dropped lines) once the order is confirmed from stock and
    /// until it goes to the warehouse: the excess stock is released and the total falls. Anything
    /// that needs new stock, price or credit review, or undoes production, is refused with the reason.
    /// </summary>
    private string? AssessLineChange(IReadOnlyList<OrderLine> lines)
    {
        if (WorkOrders.Count > 0)
            return $"Production has planned work orders {string.Join(", ", WorkOrders.Select(w => w.Number))} for the current lines; cancel the order and place a new one.";
        if (ConfirmedAt is null)
            return "Price, credit and stock are being reviewed on the submitted lines; wait for the review, or cancel and place a new one.";
        if (Status is not (OrderStatus.Confirmed or OrderStatus.AwaitingPayment))
            return "The order is released to the warehouse for dispatch; its lines can no longer change.";
        var current = QuantityBySku(Lines.Select(l => (l.Sku, l.Quantity)));
        var asked = QuantityBySku(lines.Select(l => (l.Sku, l.Quantity)));
        var more = asked.Where(a => a.Value > current.GetValueOrDefault(a.Key)).Select(a => a.Key).ToList();
        if (more.Count > 0)
            return $"More of {string.Join(", ", more)} than ordered needs new stock, price and credit review: place an additional order.";
        if (asked.Values.Sum() == 0) return "Removing every line cancels the order: use cancel.";
        return null;
    }

    private string? AssessChange(Address? address, DateOnly? deliveryDate, IReadOnlyList<OrderLine>? lines)
    {
        if (Status is OrderStatus.Cancelled or OrderStatus.Rejected or OrderStatus.Completed)
            return $"Order {OrderNumber} is {Status}.";
        if (IsDispatched)
            return $"Order {OrderNumber} has been dispatched ({Carrier} {TrackingNumber}); changes are possible only until dispatch. Ask for a return instead.";
        if (lines is not null && AssessLineChange(lines) is { } lineRefusal) return lineRefusal;
        if (address is not null && Status == OrderStatus.ReadyToShip)
            return "The dispatch note for the current address is with the warehouse; ask logistics to re-route, or cancel before pickup.";
        if (deliveryDate is { } date && WorkOrders.Count > 0 && PromisedDate > date)
            return $"Production estimates the goods ready on {PromisedDate:yyyy-MM-dd}; the delivery date cannot be earlier.";
        return null;
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
            GiveBackStock("StockReserved", detail, now);
            return;
        }
        if (Status == OrderStatus.OnHold && HasHold(HoldKinds.Stock))
        {
            // A receipt filled the backorder, or the customer took the part in stock.
            if (ShortageChoice == ShortageChoices.ShipAvailable) ReduceToReserved(reserved, now);
            ReleaseHold(now, HoldKinds.Stock, "inventory", ShortageChoice == ShortageChoices.ShipAvailable
                ? "The part in stock ships; the rest is no longer ordered" : "The short goods arrived and are reserved");
        }
        if (Status != OrderStatus.Submitted) { Record(now, "StockReserved (ignored)", "inventory", $"Order is {Status}: {detail}"); return; }
        Record(now, "StockReserved", "inventory", detail);
        PromisedDate = RequestedDeliveryDate;
        Confirm(now, $"Order confirmed; promised for {PromisedDate:yyyy-MM-dd}, terms {PaymentTerms}", fromStock: true);
    }

    public void OnStockShort(IReadOnlyList<ShortLine> shortLines, DateTimeOffset now)
    {
        var detail = string.Join("; ", shortLines.Select(s => $"{s.Sku}: {s.Reserved} of {s.Requested} reserved"));
        if (Status != OrderStatus.Submitted) { Record(now, "StockShort (ignored)", "inventory", $"Order is {Status}: {detail}"); return; }
        Shortage = shortLines.ToList();
        if (shortLines.All(s => s.Producible))
        {
            Record(now, "StockShort", "inventory", $"{detail}; made on our own lines, so production makes the rest");
            RequestProductionOfShortage(now);
            return;
        }
        PlaceOnHold(now, HoldKinds.Stock, "customer", $"Short of stock: {detail}. Choose: wait, ship the available part, or cancel", "inventory");
    }

    /// <summary>The customer's answer to a shortage: wait for the goods, take the part in stock now, or cancel.</summary>
    public void ChooseShortageOption(string choice, string by, DateTimeOffset now)
    {
        RequireHold(HoldKinds.Stock);
        if (ShortageChoice is not null)
            throw new DomainException($"The customer already chose {ShortageChoice} for order {OrderNumber}.");
        switch (choice)
        {
            case ShortageChoices.Wait:
                ShortageChoice = choice;
                Holds = [.. Holds.Where(h => h.Kind != HoldKinds.Stock), new Hold(HoldKinds.Stock, "inventory",
                    "Waiting for a stock receipt of " + string.Join(", ", Shortage.Select(s => $"{s.Requested - s.Reserved} x {s.Sku}")), now)];
                Record(now, "ShortageChoice", by, "Customer waits for the short goods (backorder); receipts serve waiting orders by urgency, grade and arrival");
                break;
            case ShortageChoices.ShipAvailable:
                if (Shortage.Sum(s => s.Reserved) == 0 && Lines.All(l => Shortage.Any(s => s.Sku == l.Sku)))
                    throw new DomainException($"Nothing of order {OrderNumber} is in stock yet; the customer can wait or cancel.");
                ShortageChoice = choice;
                _messages.Add(new ShipAvailablePart(Id, OrderNumber, by));
                Record(now, "ShortageChoice", by, "Customer takes the part in stock now; the short rest is dropped from the order");
                break;
            case ShortageChoices.Cancel:
                Cancel(by, "Customer chose to cancel: short of stock", now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, "unknown shortage choice");
        }
    }

    // ---- production ----

    public void OnProductionPlanned(IReadOnlyList<PlannedWorkOrder> workOrders, DateOnly estimatedCompletion, DateTimeOffset now)
    {
        var detail = string.Join("; ", workOrders.Select(w => $"{w.WorkOrderNumber}: {w.Quantity} x {w.Sku} on {w.Line}, ready {w.EstimatedCompletion:yyyy-MM-dd}"));
        if (Status == OrderStatus.Cancelled)
        {
            Record(now, "ProductionPlanned (cancelling)", "production-scheduling", $"Order is Cancelled: {detail}");
            _messages.Add(new CancelProduction(Id, OrderNumber, "Order cancelled"));
            return;
        }
        if (Status != OrderStatus.Submitted) { Record(now, "ProductionPlanned (ignored)", "production-scheduling", $"Order is {Status}: {detail}"); return; }
        WorkOrders = workOrders.Select(w => new WorkOrderRef(w.WorkOrderNumber, w.Sku, w.Quantity, WorkOrderRef.Planned)).ToList();
        Record(now, "ProductionPlanned", "production-scheduling", $"Technical check passed; {detail}");
        PromisedDate = estimatedCompletion;
        Confirm(now, $"Order confirmed; promised for {PromisedDate:yyyy-MM-dd} (estimated completion of production), terms {PaymentTerms}", fromStock: false);
        var waiting = ProductionWaitsFor();
        if (waiting.Count > 0 && CustomerKind == CustomerKinds.Business)
            Holds = [.. Holds, new Hold(HoldKinds.Confirmation, "customer", $"Production starts when {string.Join(" and ", waiting)} {(waiting.Count > 1 ? "are" : "is")} in", now)];
        TryReleaseProduction(now);
    }

    /// <summary>Sales had what was missing put right (raw material received, routing added): production checks again.</summary>
    public void RetryTechnicalCheck(string by, string reason, DateTimeOffset now)
    {
        RequireHold(HoldKinds.Technical);
        ReleaseHold(now, HoldKinds.Technical, by, $"Technical check to be run again: {reason}");
        RequestProductionOfShortage(now);
    }

    private void RequestProductionOfShortage(DateTimeOffset now)
    {
        var items = Shortage.Select(s => new ProductionItem(s.Sku, s.Requested - s.Reserved,
            string.Join("; ", Lines.Where(l => l.Sku == s.Sku).Select(l => l.Specification).Where(x => x.Length > 0).Distinct()))).ToList();
        _messages.Add(new RequestProduction(Id, OrderNumber, CustomerId, Grade, OrderType, RequestedDeliveryDate, SubmittedAt, items));
        Record(now, "ProductionRequested", "intake", string.Join("; ", items.Select(i => $"{i.Quantity} x {i.Sku}")) + " to be made (technical check first)");
    }

    public void OnTechnicalCheckFailed(string reason, DateTimeOffset now)
    {
        if (Status != OrderStatus.Submitted) { Record(now, "TechnicalCheckFailed (ignored)", "production-scheduling", $"Order is {Status}: {reason}"); return; }
        PlaceOnHold(now, HoldKinds.Technical, "staff:sales-manager", $"Cannot be made: {reason}", "production-scheduling");
    }

    /// <summary>The signed order confirmation is back; if it is late, the promised date slips a day for each day.</summary>
    /// <param name="dueAfter">How long the customer has; null: until the end of the day of confirmation (China time).</param>
    public void RecordSignedConfirmation(string signedBy, string by, TimeSpan? dueAfter, DateTimeOffset now)
    {
        if (CustomerKind != CustomerKinds.Business)
            throw new DomainException($"Order {OrderNumber} is a retail order; only business customers return a signed confirmation.");
        if (Status is OrderStatus.Cancelled or OrderStatus.Rejected)
            throw new DomainException($"Order {OrderNumber} is {Status}.");
        if (ConfirmedAt is not { } confirmedAt)
            throw new DomainException($"Order {OrderNumber} is {Status}; there is no order confirmation to sign until it is confirmed.");
        if (SignedConfirmationAt is not null) return; // recorded already: a repeat changes nothing
        SignedConfirmationAt = now;
        var due = dueAfter is { } d ? confirmedAt + d : ChinaTime.EndOfDay(confirmedAt);
        var daysLate = now > due ? 1 + (int)((now - due).Ticks / TimeSpan.TicksPerDay) : 0;
        Record(now, "SignedConfirmationReceived", by, $"Signed by {signedBy}" + (daysLate > 0 ? $", {daysLate} day(s) late (due {due:u})" : ", on time"));
        // The slip matters where the signed confirmation holds production back (grades B and C).
        if (daysLate > 0 && PromisedDate is { } promised && WorkOrders.Count > 0 && Grade != "A")
        {
            PromisedDateSlipDays += daysLate;
            PromisedDate = promised.AddDays(daysLate);
            Record(now, "PromisedDateSlipped", "intake", $"Promised date moves from {promised:yyyy-MM-dd} to {PromisedDate:yyyy-MM-dd}: the signed confirmation came back {daysLate} day(s) late");
        }
        TryReleaseProduction(now);
    }

    public void OnDepositReceived(decimal deposit, decimal totalPaid, DateTimeOffset now)
    {
        DepositPaid = true;
        Record(now, "DepositReceived", "billing", $"Deposit of {deposit:0.00} CNY paid (paid {totalPaid:0.00} in all)");
        TryReleaseProduction(now);
    }

    public void OnProductionRescheduled(DateOnly previous, DateOnly estimatedCompletion, string reason, DateTimeOffset now)
    {
        var promised = estimatedCompletion.AddDays(PromisedDateSlipDays);
        if (Status is not (OrderStatus.Confirmed or OrderStatus.AwaitingPayment or OrderStatus.InProduction) || PromisedDate >= promised)
        {
            Record(now, "ProductionRescheduled (no change)", "production-scheduling", $"Estimated completion {previous:yyyy-MM-dd} -> {estimatedCompletion:yyyy-MM-dd}; order is {Status}, promised {PromisedDate:yyyy-MM-dd}");
            return;
        }
        var before = PromisedDate;
        PromisedDate = promised;
        Record(now, "Rescheduled", "production-scheduling", $"Production rescheduled: {reason}. Estimated completion {previous:yyyy-MM-dd} -> {estimatedCompletion:yyyy-MM-dd}; promised date {before:yyyy-MM-dd} -> {PromisedDate:yyyy-MM-dd}");
    }

    public void OnProductionProgressed(string workOrder, int done, int quantity, string? delay, DateTimeOffset now, string? reportedBy = null)
        => Record(now, delay is null ? "ProductionProgress" : "ProductionDelayed", reportedBy ?? "production-scheduling",
            $"{workOrder}: {done} of {quantity} made" + (delay is null ? "" : $"; delay: {delay}"));

    public void OnQualityInspected(string workOrder, bool passed, int quantity, string note, string by, DateTimeOffset now)
        => Record(now, passed ? "QcPassed" : "QcFailed", by, passed
            ? $"{workOrder}: {quantity} units passed QC ({note})"
            : $"{workOrder}: {quantity} units failed QC ({note}); back to rework");

    public void OnProducedGoodsReserved(string workOrder, string sku, int quantity, string warehouse, DateTimeOffset now)
    {
        var detail = $"{workOrder}: {quantity} x {sku} received into {warehouse} and reserved";
        if (Status == OrderStatus.Cancelled)
        {
            GiveBackStock("ProducedGoodsReserved", detail, now);
            return;
        }
        WorkOrders = WorkOrders.Select(w => w.Number == workOrder ? w with { Status = WorkOrderRef.Reserved } : w).ToList();
        Record(now, "ProducedGoodsReserved", "inventory", detail);
        if (Status != OrderStatus.InProduction || WorkOrders.Any(w => w.Status == WorkOrderRef.Planned)) return;
        if (BillingClearedAt is not null) ReleaseForDispatch(now);
        else MoveTo(OrderStatus.AwaitingPayment, now, "ProductionDone", "intake", "All goods made and reserved; waiting for the balance payment before shipment");
    }

    public void OnProductionStopped(IReadOnlyList<string> cancelled, IReadOnlyList<string> continuing, DateTimeOffset now)
        => Record(now, "ProductionStopped", "production-scheduling",
            (cancelled.Count > 0 ? $"Work orders cancelled: {string.Join(", ", cancelled)}. " : "") +
            (continuing.Count > 0 ? $"Already started, finishing into stock: {string.Join(", ", continuing)}" : "No work order had started"));

    public void OnPaymentRequested(string kind, decimal amount, DateTimeOffset now)
    {
        Record(now, "PaymentRequested", "billing", $"{kind} payment of {amount:0.00} CNY requested");
        if (Status == OrderStatus.Confirmed) MoveTo(OrderStatus.AwaitingPayment, now, "AwaitingPayment", "billing", $"Waiting for {kind.ToLowerInvariant()} payment");
    }

    /// <summary>Money received; <paramref name="clearedReason"/>: it settled the order, which clears it as <see cref="OnBillingCleared"/> would.</summary>
    public void OnPaymentReceived(decimal amount, decimal totalPaid, decimal due, string route, DateTimeOffset now, string? clearedReason = null,
        string? recordedBy = null)
    {
        UpdatePayment(totalPaid, due);
        // A payment entered by hand is the person's; the route is kept in the detail.
        Record(now, "PaymentReceived", recordedBy ?? route, recordedBy is null
            ? $"{amount:0.00} CNY received; paid {totalPaid:0.00}, due {due:0.00}"
            : $"{amount:0.00} CNY received by {route}; paid {totalPaid:0.00}, due {due:0.00}");
        if (clearedReason is not null) OnBillingCleared(clearedReason, totalPaid, due, now);
    }

    public void OnInvoiceIssued(string invoiceNumber, string type, decimal amount, decimal tax, DateTimeOffset now)
        => Record(now, "InvoiceIssued", "billing", type == "SpecialVat"
            ? $"Special VAT invoice {invoiceNumber}: {amount:0.00} CNY incl. VAT {tax:0.00}"
            : $"Normal invoice {invoiceNumber}: {amount:0.00} CNY incl. VAT {tax:0.00}");

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
        BillingClearedAt = now;
        if (WorkOrders.Any(w => w.Status == WorkOrderRef.Planned))
        {
            Record(now, "BillingCleared", "billing", $"{reason}; the goods leave once production has made them");
            TryReleaseProduction(now);
            return;
        }
        Record(now, "BillingCleared", "billing", reason);
        ReleaseForDispatch(now);
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

    private void Confirm(DateTimeOffset now, string detail, bool fromStock)
    {
        ConfirmedAt = now;
        MoveTo(OrderStatus.Confirmed, now, "Confirmed", "intake", detail);
        _messages.Add(new OrderConfirmed(Id, OrderNumber, CustomerId, Grade, PaymentTerms, DepositPercent, Total, now, fromStock));
    }

    private void ReleaseForDispatch(DateTimeOffset now)
    {
        MoveTo(OrderStatus.ReadyToShip, now, "ReadyToShip", "intake", "Released to the warehouse for dispatch");
        _messages.Add(new OrderReadyToShip(Id, OrderNumber, CustomerId, OrderType, ShippingAddress, Lines, Total, Channel));
    }

    /// <summary>
    /// What production still waits for: grade A starts at once; business grades B and C need the signed
    /// confirmation and the deposit; retail orders are paid in full first.
    /// </summary>
    private List<string> ProductionWaitsFor()
    {
        if (CustomerKind != CustomerKinds.Business) return BillingClearedAt is null ? ["payment in full"] : [];
        if (Grade == "A") return [];
        var waiting = new List<string>();
        if (SignedConfirmationAt is null) waiting.Add("the signed order confirmation");
        if (DepositPercent > 0 && !DepositPaid) waiting.Add($"the {DepositPercent:0.##} % deposit");
        return waiting;
    }

    private void TryReleaseProduction(DateTimeOffset now)
    {
        if (WorkOrders.Count == 0 || ProductionReleased || ProductionWaitsFor().Count > 0) return;
        if (Status is not (OrderStatus.Confirmed or OrderStatus.AwaitingPayment)) return;
        ProductionReleased = true;
        Holds = Holds.Where(h => h.Kind != HoldKinds.Confirmation).ToList();
        var reason = CustomerKind != CustomerKinds.Business ? "Paid in full"
            : Grade == "A" ? "Grade A: production starts without waiting for the signed confirmation"
            : "Signed confirmation and deposit are in";
        _messages.Add(new ReleaseProduction(Id, OrderNumber, reason));
        MoveTo(OrderStatus.InProduction, now, "ProductionReleased", "intake", $"{reason}; work orders {string.Join(", ", WorkOrders.Select(w => w.Number))} may start");
    }

    /// <summary>The customer takes only what is reserved.</summary>
    private void ReduceToReserved(IReadOnlyList<ReservedLine> reserved, DateTimeOffset now)
        => CutLines(QuantityBySku(reserved.Select(r => (r.Sku, r.Quantity))), "Reduced to the goods in stock", now);

    /// <summary>
    /// Keeps at most <paramref name="quantities"/> of each SKU, line by line in order (prices unchanged);
    /// the total falls, and the other services hear the new lines.
    /// </summary>
    private void CutLines(IReadOnlyDictionary<string, int> quantities, string reason, DateTimeOffset now)
    {
        var left = quantities.ToDictionary();
        var lines = new List<OrderLine>();
        foreach (var line in Lines)
        {
            var take = Math.Min(line.Quantity, left.GetValueOrDefault(line.Sku));
            if (take == 0) continue;
            left[line.Sku] -= take;
            lines.Add(line with { Quantity = take });
        }
        var before = ReplaceLines(lines);
        Record(now, "OrderReduced", "intake", $"{reason}: {string.Join("; ", lines.Select(l => $"{l.Quantity} x {l.Sku}"))}; total {before:0.00} -> {Total:0.00} CNY");
        _messages.Add(new OrderLinesChanged(Id, OrderNumber, Lines, Total, before, reason));
    }

    /// <summary>Billing's events may arrive in any order: the figures only ever move forward.</summary>
    private void UpdatePayment(decimal totalPaid, decimal due)
    {
        if (totalPaid < AmountPaid) return;
        (AmountPaid, AmountDue) = (totalPaid, due);
    }

    private bool IsUnderReview => Status is OrderStatus.Submitted or OrderStatus.OnHold;

    /// <summary>The goods have left: the carrier has them (a dispatch note alone is not dispatch).</summary>
    private bool IsDispatched => Status is OrderStatus.Shipped or OrderStatus.Delivered || ShipmentStatus is not (null or ShipmentStatuses.Created);

    private static Dictionary<string, int> QuantityBySku(IEnumerable<(string Sku, int Quantity)> items)
        => items.GroupBy(i => i.Sku).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity));

    /// <summary>New lines (prices set, or quantities cut): the total and what is due follow. Returns the previous total.</summary>
    private decimal ReplaceLines(List<OrderLine> lines)
    {
        var before = Total;
        Lines = lines;
        Total = lines.Sum(l => l.Quantity * l.UnitPrice);
        AmountDue = Math.Max(0m, Total - AmountPaid);
        return before;
    }

    /// <summary>Something arrived for an order already cancelled: record it and give the stock back.</summary>
    private void GiveBackStock(string @event, string detail, DateTimeOffset now)
    {
        Record(now, $"{@event} (releasing)", "inventory", $"Order is Cancelled: {detail}");
        _messages.Add(new ReleaseStock(Id, OrderNumber, "Order cancelled"));
    }

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
        if (status != Status) StatusSince = now;
        Status = status;
        Record(now, @event, by, detail);
    }

    private void Record(DateTimeOffset now, string @event, string by, string detail)
    {
        UpdatedAt = now;
        Timeline.Add(new TimelineEntry { OrderId = Id, At = now, Event = @event, By = by, Detail = detail });
    }
}
