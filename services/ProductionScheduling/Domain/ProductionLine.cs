namespace OrderPlatform.ProductionScheduling.Domain;

/// <summary>A production line: what it can make (its routings), how many units a day, and the warehouse it delivers to.</summary>
public sealed class ProductionLine
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public int DailyCapacity { get; set; }
    public string[] Skus { get; set; } = [];
    public string Warehouse { get; set; } = "WH-SH";
}

/// <summary>Raw material on hand for a SKU, counted in finished units it is enough for.</summary>
public sealed class RawMaterial
{
    public required string Sku { get; init; }
    public int Units { get; private set; }

    public static RawMaterial Create(string sku, int units) => new() { Sku = sku, Units = units };

    public bool CanSupply(int units) => Units >= units;

    public void Allocate(int units) => Units -= units;

    public void Receive(int units) => Units += units;
}
