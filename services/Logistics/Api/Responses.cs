using OrderPlatform.ServiceDefaults.Persistence;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Domain;

namespace OrderPlatform.Logistics.Api;

/// <summary>A partner carrier: what it carries, where, and at what rates.</summary>
public sealed record CarrierResponse(string Code, string Name, bool Express, bool Bulky, decimal? MaxWeightKg, int TransitDays,
    decimal BaseRate, decimal RatePerKg, string[] Provinces, bool Active)
{
    public static CarrierResponse From(Carrier c) => new(c.Code, c.Name, c.Express, c.Bulky, c.MaxWeightKg, c.TransitDays, c.BaseRate,
        c.RatePerKg, c.Provinces, c.Active);
}

/// <summary>A carrier with every change made to it.</summary>
public sealed record CarrierDetailResponse(CarrierResponse Carrier, IReadOnlyList<ReferenceChangeResponse> History);

/// <summary>A parcel sent for an order (or a replacement or return pick-up), with its carrier and status.</summary>
/// <summary>A shipment as a list shows it.</summary>
public sealed record ShipmentSummary(string TrackingNumber, string Carrier, string OrderNumber, string Purpose, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? DeliveredAt, string? ExceptionCode);

public sealed record ShipmentResponse(Guid Id, Guid OrderId, string OrderNumber, string Purpose, string? Reference,
    string DispatchNoteNumber, string Carrier, string CarrierReason, string TrackingNumber, IReadOnlyList<OrderLine> Lines,
    Address Address, decimal WeightKg, string Status, DateTimeOffset? DispatchedAt, DateTimeOffset? DeliveredAt,
    string? SignedBy, string? ExceptionCode, DateTimeOffset CreatedAt)
{
    public static ShipmentResponse From(Shipment s) => new(s.Id, s.OrderId, s.OrderNumber, s.Purpose, s.Reference,
        s.DispatchNoteNumber, s.Carrier, s.CarrierReason, s.TrackingNumber, s.Lines, s.Address, s.WeightKg, s.Status,
        s.DispatchedAt, s.DeliveredAt, s.SignedBy, s.ExceptionCode, s.CreatedAt);
}
