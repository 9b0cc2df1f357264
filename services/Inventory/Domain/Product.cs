namespace OrderPlatform.Inventory.Domain;

/// <summary>A catalogue entry with its list price (CNY).</summary>
public sealed class Product
{
    public required string Sku { get; init; }
    public required string Name { get; set; }
    public decimal ListPrice { get; set; }
    /// <summary>Never stocked: every order line goes to production.</summary>
    public bool MadeToOrder { get; init; }
    /// <summary>Made on our own lines, so a shortage goes to production instead of a purchase.</summary>
    public bool MadeInHouse { get; init; }
    public int LowStockThreshold { get; set; }
}
