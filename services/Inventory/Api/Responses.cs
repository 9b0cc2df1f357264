using OrderPlatform.Inventory.Domain;

namespace OrderPlatform.Inventory.Api;

/// <summary>A catalogue entry with its list price in force and how it is sourced.</summary>
public sealed record ProductResponse(string Sku, string Name, string? NameEn, string? Specification, decimal ListPrice, string Sourcing,
    bool MadeToOrder, bool MadeInHouse, int LowStockThreshold, decimal WeightKg, decimal? VolumeM3)
{
    public static ProductResponse From(Product p) => new(p.Sku, p.Name, p.NameEn, p.Specification, p.ListPrice, p.Sourcing,
        p.MadeToOrder, p.MadeInHouse, p.LowStockThreshold, p.WeightKg, p.VolumeM3);
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

/// <summary>One list price of a SKU: from when, set by whom and why; <c>applied</c> once it is the price in force or was.</summary>
public sealed record PriceResponse(decimal UnitPrice, DateTimeOffset EffectiveFrom, string Reason, string SetBy, DateTimeOffset SetAt, bool Applied)
{
    public static PriceResponse From(ProductPrice p) => new(p.UnitPrice, p.EffectiveFrom, p.Reason, p.SetBy, p.SetAt, p.Applied);
}

/// <summary>A product with every list price it has had or will have.</summary>
public sealed record ProductDetailResponse(ProductResponse Product, IReadOnlyList<PriceResponse> Prices)
{
    public static ProductDetailResponse From(Product p, IEnumerable<ProductPrice> prices)
        => new(ProductResponse.From(p), prices.Select(PriceResponse.From).ToList());
}

/// <summary>A price agreed with a customer for a SKU, its period, and whether it is the one in force now.</summary>
public sealed record CustomerPriceResponse(string CustomerId, string Sku, decimal UnitPrice, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo,
    string Reason, string SetBy, DateTimeOffset SetAt, bool InForce)
{
    public static CustomerPriceResponse From(CustomerPrice p, DateTimeOffset now)
        => new(p.CustomerId, p.Sku, p.UnitPrice, p.ValidFrom, p.ValidTo, p.Reason, p.SetBy, p.SetAt, p.InForceAt(now));
}
