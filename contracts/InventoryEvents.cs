namespace OrderPlatform.Contracts;

// Published by Inventory.

public record ReservedLine(string Sku, int Quantity, string Warehouse);

/// <summary>A line not fully reserved. <paramref name="Producible"/>: made on our own lines (made in house, or a
/// custom line), so production makes the rest instead of waiting for a purchase.</summary>
public record ShortLine(string Sku, int Requested, int Reserved, bool Producible = false);

public record StockReserved(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Lines);

public record StockShort(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Reserved,
    IReadOnlyList<ShortLine> Short);

public record StockReleased(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Lines);

/// <summary>The goods for a replacement are picked and issued from stock: Logistics ships them.</summary>
public record ReplacementPicked(Guid OrderId, string OrderNumber, string Reference, IReadOnlyList<OrderLine> Lines,
    IReadOnlyList<ReservedLine> Picked, string Reason);

/// <summary>A replacement cannot be picked (not enough available); nothing was taken.</summary>
public record ReplacementShort(Guid OrderId, string OrderNumber, string Reference, IReadOnlyList<ShortLine> Short);

/// <summary>Available stock of a SKU (all warehouses) fell below its low-stock threshold: time to buy or make more.</summary>
public record LowStockAlerted(string Sku, int Available, int Threshold, DateTimeOffset RaisedAt);

/// <summary>Goods that production made and QC passed are received into stock and reserved for their order.</summary>
public record ProducedGoodsReserved(Guid OrderId, string OrderNumber, string WorkOrderNumber, string Sku, int Quantity, string Warehouse);
