using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Logistics.Domain;

/// <summary>
/// One consignment against a dispatch note: the order's goods, a replacement, or a return coming back
/// (its <see cref="Purpose"/>). Carrier events may arrive twice or out of order: an
/// event older than the current state is kept but never moves the shipment backwards.
/// </summary>
public sealed class Shipment
{
    private static readonly string[] Progress =
        [ShipmentStatuses.Created, ShipmentStatuses.PickedUp, ShipmentStatuses.InTransit, ShipmentStatuses.OutForDelivery, ShipmentStatuses.Delivered];

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    /// <summary>The channel whose order it is (web-shop, wechat, phone-desk): the only channel that may track the parcel.</summary>
    public string? Channel { get; init; }
    public string Purpose { get; init; } = ShipmentPurposes.Order;
    /// <summary>The case or return a replacement or a return serves.</summary>
    public string? Reference { get; init; }
    public required string DispatchNoteNumber { get; init; }
    public required string Carrier { get; init; }
    public required string CarrierReason { get; init; }
    public required string TrackingNumber { get; init; }
    public required List<OrderLine> Lines { get; init; }
    public required Address Address { get; init; }
    public decimal WeightKg { get; init; }
    public string Status { get; private set; } = ShipmentStatuses.Created;
    public DateTimeOffset? DispatchedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public string? SignedBy { get; private set; }
    public string? ExceptionCode { get; private set; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    /// <summary>Every status a shipment can have: its progress, or an exception the carrier reported.</summary>
    public static readonly string[] Statuses = [.. Progress, ShipmentStatuses.Exception];

    public static bool IsKnownEvent(string type) => Progress.Skip(1).Contains(type) || type == ShipmentStatuses.Exception;

    /// <summary>
    /// Applies a carrier event; returns the messages it causes (none for an event that is older than
    /// what the shipment already knows).
    /// </summary>
    public IReadOnlyList<object> Apply(string type, DateTimeOffset occurredAt, string? signedBy, string? exceptionCode, string? detail)
    {
        if (!IsKnownEvent(type)) throw new DomainException($"Unknown carrier event type {type}.");
        var messages = new List<object>();
        if (type == ShipmentStatuses.Exception)
        {
            if (Status == ShipmentStatuses.Delivered) return messages;
            ExceptionCode = exceptionCode;
        }
        else
        {
            if (Array.IndexOf(Progress, type) <= Array.IndexOf(Progress, Status)) return messages;
            if (type == ShipmentStatuses.Delivered) (DeliveredAt, SignedBy) = (occurredAt, signedBy);
        }
        if (DispatchedAt is null)
        {
            DispatchedAt = occurredAt;
            messages.Add(new ShipmentDispatched(OrderId, OrderNumber, Id, Lines, occurredAt, Purpose, Reference));
        }
        if (type != ShipmentStatuses.Exception) Status = type;
        messages.Add(new ShipmentStatusChanged(OrderId, OrderNumber, Id, Carrier, TrackingNumber, type, occurredAt, signedBy, exceptionCode, detail,
            Purpose, Reference));
        return messages;
    }
}

/// <summary>
/// A carrier route, stored verbatim whether or not it moved the shipment, and also when no shipment has
/// its tracking number (<see cref="Matched"/> false: staff look into those).
/// </summary>
public sealed class CarrierEvent
{
    /// <summary>The type recorded for a carrier scan that means no shipment status.</summary>
    public const string Other = "Other";

    public long Id { get; init; }
    public required string Carrier { get; init; }
    public required string EventId { get; init; }
    public required string TrackingNumber { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public bool Applied { get; init; }
    public bool Matched { get; init; } = true;
    /// <summary>The carrier's own code for the scan (SF opCode, ZTO scanType), for a carrier-format push.</summary>
    public string? CarrierStatus { get; init; }
    public string? Detail { get; init; }
    public string? Place { get; init; }
    public required string RawBody { get; init; }
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;
}
