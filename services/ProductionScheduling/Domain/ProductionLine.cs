namespace OrderPlatform.ProductionScheduling.Domain;

/// <summary>A production line and how many units it makes a day.</summary>
public sealed class ProductionLine
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public int DailyCapacity { get; set; }
    public string[] Skus { get; set; } = [];
}
