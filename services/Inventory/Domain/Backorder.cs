using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Inventory.Domain;

public enum BackorderStatus { Open, Filled, Cancelled }

/// <summary>
/// The short part of one SKU on one order, waiting for a stock receipt. Receipts serve open backorders
/// in allocation order: urgent first, then grade A, B, C, then first come first served.
/// </summary>
public sealed class Backorder
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Sku { get; init; }
    public required string OrderType { get; init; }
    public required string Grade { get; init; }
    /// <summary>Units still owed to the order.</summary>
    public int Quantity { get; init; }
    public int Filled { get; private set; }
    public BackorderStatus Status { get; private set; } = BackorderStatus.Open;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>A receipt filling it and a cancellation or a partial shipment stopping it must not overwrite each other.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public int Outstanding => Quantity - Filled;

    public static IEnumerable<Backorder> InAllocationOrder(IEnumerable<Backorder> waiting) => waiting
        .Where(b => b.Status == BackorderStatus.Open)
        .OrderBy(b => b.OrderType == "Urgent" ? 0 : 1).ThenBy(b => b.Grade).ThenBy(b => b.CreatedAt).ThenBy(b => b.OrderNumber, StringComparer.Ordinal);

    public void Fill(int units)
    {
        if (Status != BackorderStatus.Open) throw new DomainException($"Backorder of {Sku} for {OrderNumber} is {Status}.");
        if (units <= 0 || units > Outstanding) throw new DomainException($"Cannot fill {units} of {Outstanding} outstanding {Sku} for {OrderNumber}.");
        Filled += units;
        if (Outstanding == 0) Status = BackorderStatus.Filled;
    }

    public void Cancel()
    {
        if (Status == BackorderStatus.Open) Status = BackorderStatus.Cancelled;
    }
}
