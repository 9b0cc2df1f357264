namespace OrderPlatform.Contracts;

// Published by Inventory.

public record ReservedLine(string Sku, int Quantity, string Warehouse);

public record ShortLine(string Sku, int Requested, int Reserved);

public record StockReserved(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Lines);

public record StockShort(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Reserved,
    IReadOnlyList<ShortLine> Short);

public record StockReleased(Guid OrderId, string OrderNumber, IReadOnlyList<ReservedLine> Lines);
