using OrderPlatform.Inventory.Domain;

namespace OrderPlatform.Inventory.Api;

/// <summary>A catalogue entry with its list price and how it is sourced.</summary>
public sealed record ProductResponse(string Sku, string Name, decimal ListPrice, bool MadeToOrder, bool MadeInHouse,
    int LowStockThreshold)
{
    public static ProductResponse From(Product p) => new(p.Sku, p.Name, p.ListPrice, p.MadeToOrder, p.MadeInHouse,
        p.LowStockThreshold);
}

/// <summary>A SKU whose available stock fell below its threshold, and when that ended.</summary>
public sealed record LowStockAlertResponse(Guid Id, string Sku, int Threshold, int Available, DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt)
{
    public static LowStockAlertResponse From(LowStockAlert a) => new(a.Id, a.Sku, a.Threshold, a.Available, a.RaisedAt,
        a.ClearedAt);
}

/// <summary>Goods an order waits for, filled from the next receipts.</summary>
public sealed record BackorderResponse(Guid Id, Guid OrderId, string OrderNumber, string Sku, string OrderType, string Grade,
    int Quantity, int Filled, BackorderStatus Status, DateTimeOffset CreatedAt, int Outstanding)
{
    public static BackorderResponse From(Backorder b) => new(b.Id, b.OrderId, b.OrderNumber, b.Sku, b.OrderType, b.Grade,
        b.Quantity, b.Filled, b.Status, b.CreatedAt, b.Outstanding);
}

/// <summary>A receipt of goods still (partly) in the warehouse; goods leave oldest lot first.</summary>
public sealed record StockLotResponse(long Id, string Sku, string Warehouse, DateTimeOffset ReceivedAt, string Source,
    string? Reference, int Received, string? OrderNumber, int Remaining, string Label)
{
    public static StockLotResponse From(StockLot l) => new(l.Id, l.Sku, l.Warehouse, l.ReceivedAt, l.Source, l.Reference,
        l.Received, l.OrderNumber, l.Remaining, l.Label);
}

/// <summary>One line of a SKU's stock ledger.</summary>
public sealed record StockMovementResponse(long Id, string Sku, string Warehouse, string Kind, int OnHandChange,
    int ReservedChange, string? OrderNumber, string? Reference, string? Lots, DateTimeOffset At)
{
    public static StockMovementResponse From(StockMovement m) => new(m.Id, m.Sku, m.Warehouse, m.Kind, m.OnHandChange,
        m.ReservedChange, m.OrderNumber, m.Reference, m.Lots, m.At);
}
