namespace OrderPlatform.Contracts;

// Published by Logistics.

public static class ShipmentStatuses
{
    public const string Created = "Created";
    public const string PickedUp = "PickedUp";
    public const string InTransit = "InTransit";
    public const string OutForDelivery = "OutForDelivery";
    public const string Delivered = "Delivered";
    public const string Exception = "Exception";
}

public record ShipmentCreated(Guid OrderId, string OrderNumber, Guid ShipmentId, string DispatchNoteNumber,
    string Carrier, string TrackingNumber, string CarrierReason);

/// <summary>The goods have left the warehouse (the first carrier event for the shipment).</summary>
public record ShipmentDispatched(Guid OrderId, string OrderNumber, Guid ShipmentId, IReadOnlyList<OrderLine> Lines,
    DateTimeOffset DispatchedAt);

public record ShipmentStatusChanged(Guid OrderId, string OrderNumber, Guid ShipmentId, string Carrier,
    string TrackingNumber, string Status, DateTimeOffset OccurredAt, string? SignedBy, string? ExceptionCode,
    string? Detail);
