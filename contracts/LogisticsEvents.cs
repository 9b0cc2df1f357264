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

/// <summary>What went wrong with a delivery, as carriers report it.</summary>
public static class DeliveryExceptionCodes
{
    public const string Damaged = "Damaged";
    public const string Lost = "Lost";
    public const string Refused = "Refused";
    public const string BadAddress = "BadAddress";
    /// <summary>The courier could not deliver (nobody in, closed): it will try again.</summary>
    public const string DeliveryFailed = "DeliveryFailed";
    /// <summary>The carrier holds the parcel (a depot, customs, a dispute).</summary>
    public const string Held = "Held";
    /// <summary>The carrier is sending the parcel back to us.</summary>
    public const string Returned = "Returned";

    public static readonly string[] All = [Damaged, "Short", "Over", Refused, BadAddress, Lost, DeliveryFailed, Held, Returned];

    /// <summary>What a carrier can be claimed against: goods damaged or lost in its hands.</summary>
    public static readonly string[] Claimable = [Damaged, Lost, "Short"];
}

/// <summary>What a shipment is for: the order's goods, goods sent again, or goods coming back from the customer.</summary>
public static class ShipmentPurposes
{
    public const string Order = "Order";
    /// <summary>Goods sent again: a reshipment after a delivery exception, or an exchange's replacement.</summary>
    public const string Replacement = "Replacement";
    /// <summary>A return or exchange on its way back to the warehouse.</summary>
    public const string Return = "Return";
}

/// <summary>A shipment exists. <paramref name="Reference"/> names the case or return it serves, for a replacement or a return.</summary>
public record ShipmentCreated(Guid OrderId, string OrderNumber, Guid ShipmentId, string DispatchNoteNumber,
    string Carrier, string TrackingNumber, string CarrierReason, string Purpose, string? Reference);

/// <summary>The goods have left the warehouse (the first carrier event for the shipment).</summary>
public record ShipmentDispatched(Guid OrderId, string OrderNumber, Guid ShipmentId, IReadOnlyList<OrderLine> Lines,
    DateTimeOffset DispatchedAt, string Purpose, string? Reference);

public record ShipmentStatusChanged(Guid OrderId, string OrderNumber, Guid ShipmentId, string Carrier,
    string TrackingNumber, string Status, DateTimeOffset OccurredAt, string? SignedBy, string? ExceptionCode,
    string? Detail, string Purpose, string? Reference);

/// <summary>An in-stock order was not dispatched within its dispatch SLA (3 working days of confirmation).</summary>
public record DispatchOverdue(Guid OrderId, string OrderNumber, DateTimeOffset ConfirmedAt, DateTimeOffset DueAt);
