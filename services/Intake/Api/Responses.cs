using OrderPlatform.Intake.Domain;

namespace OrderPlatform.Intake.Api;

/// <summary>A message to the customer at a milestone of their order, and whether it went out.</summary>
public sealed record NotificationResponse(Guid Id, Guid OrderId, string OrderNumber, string Channel, string Milestone,
    string Medium, string Recipient, string Text, NotificationStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt)
{
    public static NotificationResponse From(Notification n) => new(n.Id, n.OrderId, n.OrderNumber, n.Channel, n.Milestone,
        n.Medium, n.Recipient, n.Text, n.Status, n.Attempts, n.CreatedAt, n.SentAt);
}
