namespace OrderPlatform.Inventory.Domain;

/// <summary>A place stock is kept: goods are received into, reserved in and dispatched from a warehouse.</summary>
public sealed class Warehouse
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public string Province { get; set; } = "";
    public string City { get; set; } = "";
    public string Address { get; set; } = "";
    /// <summary>An inactive warehouse takes no new receipts; the stock it holds stays.</summary>
    public bool Active { get; set; } = true;
    /// <summary>Optimistic concurrency: two changes made at once do not silently overwrite each other.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }
}
