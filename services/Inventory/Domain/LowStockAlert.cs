namespace OrderPlatform.Inventory.Domain;

/// <summary>
/// A SKU whose available stock (all warehouses) fell below its threshold. One alert is open per SKU
/// at a time; it clears when stock is back at or above the threshold.
/// </summary>
public sealed class LowStockAlert
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Sku { get; init; }
    public int Threshold { get; init; }
    public int Available { get; private set; }
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset? ClearedAt { get; private set; }

    /// <summary>Raises an alert when available stock is below the threshold and none is open; null otherwise.</summary>
    public static LowStockAlert? RaiseIfLow(string sku, int threshold, int available, LowStockAlert? open, DateTimeOffset now)
        => threshold > 0 && available < threshold && open is null
            ? new LowStockAlert { Sku = sku, Threshold = threshold, Available = available, RaisedAt = now }
            : null;

    /// <summary>Follows the available figure while open; clears once it is back at the threshold. True when it cleared.</summary>
    public bool Update(int available, DateTimeOffset now)
    {
        if (ClearedAt is not null) return false;
        Available = available;
        if (available < Threshold) return false;
        ClearedAt = now;
        return true;
    }
}
