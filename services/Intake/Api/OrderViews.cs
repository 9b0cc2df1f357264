using OrderPlatform.Contracts;
using OrderPlatform.Intake.Domain;

namespace OrderPlatform.Intake.Api;

public record OrderCreated(string OrderNumber, string Status);

public record PaymentView(string Terms, decimal Paid, decimal Due, decimal Refunded);

public record ShipmentView(string? Carrier, string? TrackingNumber, string? Status);

/// <summary>The order confirmation: when it went out, when the signed copy came back, and what production waits for.</summary>
public record ConfirmationView(DateTimeOffset? ConfirmedAt, DateTimeOffset? SignedAt, int PromisedDateSlipDays, bool DepositPaid, bool ProductionReleased);

public record ShortageView(IReadOnlyList<ShortLine> Lines, string? Choice);

public record TimelineView(DateTimeOffset At, string Event, string By, string Detail);

public record OrderView(string OrderNumber, string Status, string CustomerId, string CustomerName, string Grade, string Channel,
    string OrderType, IReadOnlyList<OrderLine> Lines, decimal Total, string Currency, DateOnly RequestedDeliveryDate,
    DateOnly? PromisedDate, IReadOnlyList<Hold> Holds, PaymentView Payment, ShipmentView Shipment, Address ShippingAddress,
    string Notes, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewOverdueAt, DateTimeOffset UpdatedAt, ConfirmationView Confirmation,
    IReadOnlyList<WorkOrderRef> WorkOrders, ShortageView? Shortage, IReadOnlyList<TimelineView> Timeline)
{
    public static OrderView From(Order o, IEnumerable<TimelineEntry> timeline) => new(
        o.OrderNumber, o.Status.ToString(), o.CustomerId, o.CustomerName, o.Grade, o.Channel, o.OrderType, o.Lines, o.Total, "CNY",
        o.RequestedDeliveryDate, o.PromisedDate, o.Holds, new PaymentView(o.PaymentTerms, o.AmountPaid, o.AmountDue, o.AmountRefunded),
        new ShipmentView(o.Carrier, o.TrackingNumber, o.ShipmentStatus), o.ShippingAddress, o.Notes, o.SubmittedAt, o.ReviewOverdueAt, o.UpdatedAt,
        new ConfirmationView(o.ConfirmedAt, o.SignedConfirmationAt, o.PromisedDateSlipDays, o.DepositPaid, o.ProductionReleased),
        o.WorkOrders, o.Shortage.Count == 0 ? null : new ShortageView(o.Shortage, o.ShortageChoice),
        timeline.OrderBy(t => t.Id).Select(t => new TimelineView(t.At, t.Event, t.By, t.Detail)).ToList());
}

public record OrderSummary(string OrderNumber, string Status, string CustomerId, string Channel, decimal Total, DateTimeOffset SubmittedAt,
    DateTimeOffset? ReviewOverdueAt, IReadOnlyList<Hold> Holds);
