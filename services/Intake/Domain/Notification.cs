namespace OrderPlatform.Intake.Domain;

public enum NotificationStatus { Pending, Sent }

/// <summary>A message to the customer about a milestone of their order, kept until it has been sent.</summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Channel { get; init; }
    public required string Milestone { get; init; }
    /// <summary>SMS or WeChat template message, by the channel the order came from.</summary>
    public required string Medium { get; init; }
    public required string Recipient { get; init; }
    public required string Text { get; init; }
    public NotificationStatus Status { get; private set; } = NotificationStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; private set; }

    public void MarkSent(DateTimeOffset at) => (Status, SentAt, Attempts) = (NotificationStatus.Sent, at, Attempts + 1);

    public void MarkFailed() => Attempts++;

    /// <summary>The milestones a customer hears about, by the timeline event that marks them.</summary>
    public static Notification? ForMilestone(Order order, TimelineEntry entry)
    {
        var text = entry.Event switch
        {
            "Confirmed" => $"Order {order.OrderNumber} is confirmed, promised for {order.PromisedDate:yyyy-MM-dd}.",
            "Shipped" => $"Order {order.OrderNumber} has shipped with {order.Carrier}, tracking number {order.TrackingNumber}.",
            "Delivered" => $"Order {order.OrderNumber} was delivered. {entry.Detail}.",
            "RefundIssued" => $"Refund for order {order.OrderNumber}: {entry.Detail}.",
            "Cancelled" => $"Order {order.OrderNumber} is cancelled: {entry.Detail}",
            "Rejected" => $"Order {order.OrderNumber} could not be accepted: {entry.Detail}",
            "OnHold:Stock" => $"Part of order {order.OrderNumber} is out of stock; we will contact you about waiting, a partial delivery or cancelling.",
            "ReplacementShipmentCreated" => $"A replacement for order {order.OrderNumber} is on its way with {order.Carrier}, tracking number {order.TrackingNumber}.",
            "InvoiceIssued" => $"Invoice for order {order.OrderNumber}: {entry.Detail}.",
            "PromisedDateSlipped" => $"Order {order.OrderNumber} is now promised for {order.PromisedDate:yyyy-MM-dd}: the signed confirmation came back late.",
            "Rescheduled" => $"Order {order.OrderNumber} is delayed in production; it is now promised for {order.PromisedDate:yyyy-MM-dd}.",
            "ProductionDelayed" => $"Production of order {order.OrderNumber} is delayed: {entry.Detail}. We will keep you informed.",
            "DispatchOverdue" => $"Order {order.OrderNumber} is taking longer than promised to leave our warehouse; we are on it and will tell you when it ships.",
            "CarrierException" => $"There is a problem delivering order {order.OrderNumber}; our after-sales team will contact you.",
            _ => null,
        };
        return text is null ? null : new Notification
        {
            OrderId = order.Id, OrderNumber = order.OrderNumber, Channel = order.Channel, Milestone = entry.Event,
            Medium = order.Channel == "wechat" ? "WeChat" : "SMS", Recipient = order.ShippingAddress.Phone, Text = text,
            CreatedAt = entry.At,
        };
    }
}
