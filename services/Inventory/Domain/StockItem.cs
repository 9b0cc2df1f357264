using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Inventory.Domain;

/// <summary>
/// Stock of one SKU in one warehouse. Reserved never exceeds on hand: the methods refuse it, and a
/// CHECK constraint in the database refuses it again.
/// </summary>
public sealed class StockItem
{
    public required string Sku { get; init; }
    public required string Warehouse { get; init; }
    public int OnHand { get; private set; }
    public int Reserved { get; private set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public int Available => OnHand - Reserved;

    public static StockItem Create(string sku, string warehouse, int onHand)
        => new() { Sku = sku, Warehouse = warehouse, OnHand = onHand };

    /// <summary>Reserves up to <paramref name="wanted"/> units; returns how many it could.</summary>
    public int ReserveUpTo(int wanted)
    {
        if (wanted <= 0) throw new DomainException("Quantity to reserve must be positive.");
        var take = Math.Min(wanted, Available);
        Reserved += take;
        return take;
    }

    public void Release(int quantity)
    {
        if (quantity <= 0 || quantity > Reserved) throw new DomainException($"Cannot release {quantity} of {Reserved} reserved {Sku} in {Warehouse}.");
        Reserved -= quantity;
    }

    /// <summary>Goods left the warehouse: the reservation becomes a deduction.</summary>
    public void Deduct(int quantity)
    {
        if (quantity <= 0 || quantity > Reserved) throw new DomainException($"Cannot deduct {quantity} of {Reserved} reserved {Sku} in {Warehouse}.");
        Reserved -= quantity;
        OnHand -= quantity;
    }

    /// <summary>Takes units straight from the available stock (picked for a replacement); never more than is available.</summary>
    public void Issue(int quantity)
    {
        if (quantity <= 0 || quantity > Available) throw new DomainException($"Cannot issue {quantity} of {Available} available {Sku} in {Warehouse}.");
        OnHand -= quantity;
    }

    public void Receive(int quantity)
    {
        if (quantity <= 0) throw new DomainException("Received quantity must be positive.");
        OnHand += quantity;
    }
}
