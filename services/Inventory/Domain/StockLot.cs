namespace OrderPlatform.Inventory.Domain;

/// <summary>
/// Goods of one SKU that arrived in one warehouse at one time (a receipt, a production batch, a
/// return, the opening balance). Goods leave from the oldest lots first (FIFO), so stock rotates.
/// </summary>
public sealed class StockLot
{
    public long Id { get; init; }
    public required string Sku { get; init; }
    public required string Warehouse { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    /// <summary>How the goods came: Received, Produced, Returned, OpeningBalance.</summary>
    public required string Source { get; init; }
    public string? Reference { get; init; }
    public int Received { get; init; }
    /// <summary>Made for this order (a production batch): it leaves with that order first, and with others only when nothing else is left.</summary>
    public string? OrderNumber { get; init; }
    public int Remaining { get; private set; }

    public static StockLot Arrive(string sku, string warehouse, int quantity, string source, string? reference, DateTimeOffset at, string? madeFor = null)
        => new() { Sku = sku, Warehouse = warehouse, ReceivedAt = at, Source = source, Reference = reference, Received = quantity, Remaining = quantity, OrderNumber = madeFor };

    public string Label => $"{Source} {Reference} of {ReceivedAt:yyyy-MM-dd HH:mm}".Replace("  ", " ");

    /// <summary>
    /// Takes <paramref name="quantity"/> for <paramref name="orderNumber"/>: first the lots made for that
    /// order, then the oldest lots first, and lots made for other orders only last. Returns what came from
    /// which lot; if the lots hold less (stock that predates lots), the rest is reported with no lot.
    /// </summary>
    public static List<(StockLot? Lot, int Quantity)> TakeOldest(IEnumerable<StockLot> lots, int quantity, string? orderNumber)
    {
        var taken = new List<(StockLot?, int)>();
        foreach (var lot in lots.Where(l => l.Remaining > 0)
                     .OrderBy(l => l.OrderNumber is null ? 1 : l.OrderNumber == orderNumber ? 0 : 2).ThenBy(l => l.ReceivedAt).ThenBy(l => l.Id))
        {
            if (quantity == 0) break;
            var take = Math.Min(quantity, lot.Remaining);
            lot.Remaining -= take;
            quantity -= take;
            taken.Add((lot, take));
        }
        if (quantity > 0) taken.Add((null, quantity));
        return taken;
    }
}
