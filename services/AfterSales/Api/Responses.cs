using OrderPlatform.Contracts;
using OrderPlatform.AfterSales.Domain;

namespace OrderPlatform.AfterSales.Api;

/// <summary>The satisfaction survey of a delivered order, and its answer.</summary>
public sealed record SurveyResponse(Guid Id, Guid OrderId, string OrderNumber, string CustomerId, string Channel,
    IReadOnlyList<string> Skus, SurveyStatus Status, int? Score, string? Comment, DateTimeOffset OpenedAt,
    DateTimeOffset? AnsweredAt)
{
    public static SurveyResponse From(Survey s) => new(s.Id, s.OrderId, s.OrderNumber, s.CustomerId, s.Channel, s.Skus,
        s.Status, s.Score, s.Comment, s.OpenedAt, s.AnsweredAt);
}

/// <summary>A complaint or carrier-exception case, its SLA times, steps and any claim against the carrier.</summary>
public sealed record CaseResponse(Guid Id, string CaseNumber, CaseKind Kind, string OrderNumber, Guid? OrderId,
    string Channel, string Reason, string Category, CaseStatus Status, DateTimeOffset OpenedAt,
    DateTimeOffset FirstResponseDue, DateTimeOffset? FirstRespondedAt, DateTimeOffset? EscalatedAt, string? Resolution,
    DateTimeOffset? ReshipmentRequestedAt, string? ReplacementCarrier, string? ReplacementTrackingNumber, string? Carrier,
    string? TrackingNumber, string? ExceptionCode, CarrierClaim? Claim, string? ClaimNumber, IReadOnlyList<CaseStep> Steps)
{
    public static CaseResponse From(Case c) => new(c.Id, c.CaseNumber, c.Kind, c.OrderNumber, c.OrderId, c.Channel, c.Reason,
        c.Category, c.Status, c.OpenedAt, c.FirstResponseDue, c.FirstRespondedAt, c.EscalatedAt, c.Resolution,
        c.ReshipmentRequestedAt, c.ReplacementCarrier, c.ReplacementTrackingNumber, c.Carrier, c.TrackingNumber,
        c.ExceptionCode, c.Claim, c.ClaimNumber, c.Steps);
}

/// <summary>A return or exchange: its lines, value, parcels and steps.</summary>
public sealed record ReturnResponse(Guid Id, string ReturnNumber, string Kind, Guid OrderId, string OrderNumber,
    string Channel, IReadOnlyList<OrderLine> Lines, string Reason, ReturnStatus Status, decimal Value, string? ReturnCarrier,
    string? ReturnTrackingNumber, string? ReplacementCarrier, string? ReplacementTrackingNumber, decimal Refunded,
    DateTimeOffset RequestedAt, IReadOnlyList<CaseStep> Steps)
{
    public static ReturnResponse From(ReturnRequest r) => new(r.Id, r.ReturnNumber, r.Kind, r.OrderId, r.OrderNumber,
        r.Channel, r.Lines, r.Reason, r.Status, r.Value, r.ReturnCarrier, r.ReturnTrackingNumber, r.ReplacementCarrier,
        r.ReplacementTrackingNumber, r.Refunded, r.RequestedAt, r.Steps);
}
