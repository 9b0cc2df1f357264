using OrderPlatform.ServiceDefaults.Persistence;
using OrderPlatform.ProductionScheduling.Domain;

namespace OrderPlatform.ProductionScheduling.Api;

/// <summary>A production line: what it makes, how many units a working day, on which days of the week (1 Monday … 7 Sunday), and where its goods go.</summary>
public sealed record LineResponse(string Code, string Name, int DailyCapacity, int[] WorkingDays, string[] Skus, string Warehouse)
{
    public static LineResponse From(ProductionLine l) => new(l.Code, l.Name, l.DailyCapacity, l.WorkingDays, l.Skus, l.Warehouse);
}

public sealed record LineDetailResponse(LineResponse Line, IReadOnlyList<ReferenceChangeResponse> History);

/// <summary>A SKU's routing: the lines that make it, and the raw material on hand for it (in finished units).</summary>
public sealed record RoutingResponse(string Sku, string[] Lines, int MaterialUnits);

public sealed record RoutingDetailResponse(RoutingResponse Routing, IReadOnlyList<ReferenceChangeResponse> History);

/// <summary>Raw material on hand, in units.</summary>
public sealed record MaterialResponse(string Sku, int Units)
{
    public static MaterialResponse From(RawMaterial m) => new(m.Sku, m.Units);
}

/// <summary>A work order: what is made for which order on which line, how far it is, and its history.</summary>
public sealed record WorkOrderResponse(Guid Id, string Number, Guid OrderId, string OrderNumber, string Grade, string OrderType,
    DateOnly DueDate, DateTimeOffset OrderSubmittedAt, string Sku, string Specification, int Quantity, string Line, string Warehouse,
    int Done, int Reworks, int Remaining, WorkOrderStatus Status, DateOnly EstimatedCompletion, DateTimeOffset CreatedAt,
    IReadOnlyList<WorkOrderStep> History)
{
    public static WorkOrderResponse From(WorkOrder w) => new(w.Id, w.Number, w.OrderId, w.OrderNumber, w.Grade, w.OrderType,
        w.DueDate, w.OrderSubmittedAt, w.Sku, w.Specification, w.Quantity, w.Line, w.Warehouse, w.Done, w.Reworks, w.Remaining,
        w.Status, w.EstimatedCompletion, w.CreatedAt, w.History);
}
