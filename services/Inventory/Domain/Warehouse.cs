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
}
