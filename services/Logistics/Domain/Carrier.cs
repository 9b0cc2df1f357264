namespace OrderPlatform.Logistics.Domain;

/// <summary>A partner carrier with its coverage and rates: data, not code.</summary>
public sealed class Carrier
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public bool Express { get; set; }
    /// <summary>Takes bulky consignments (above the bulky weight).</summary>
    public bool Bulky { get; set; }
    /// <summary>The heaviest consignment the carrier takes; none when empty.</summary>
    public decimal? MaxWeightKg { get; set; }
    /// <summary>Usual days from pick-up to delivery.</summary>
    public int TransitDays { get; set; } = 3;
    public decimal BaseRate { get; set; }
    public decimal RatePerKg { get; set; }
    public string[] Provinces { get; set; } = [];
    public bool Active { get; set; } = true;
    /// <summary>Optimistic concurrency: two changes made at once do not silently overwrite each other.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public bool Covers(string province) => Provinces.Contains("*") || Provinces.Contains(province, StringComparer.OrdinalIgnoreCase);
    public bool Takes(decimal weightKg) => MaxWeightKg is null || weightKg <= MaxWeightKg;
    public decimal Cost(decimal weightKg) => BaseRate + RatePerKg * weightKg;
}

/// <summary>Weight of one unit of a SKU, for carrier choice and rating.</summary>
public sealed class SkuWeight
{
    public required string Sku { get; init; }
    public decimal WeightKg { get; set; }
}

public static class CarrierSelection
{
    public const decimal BulkyWeightKg = 30m;

    /// <summary>Urgent goes express; bulky goes to a bulky carrier; otherwise the cheapest carrier that covers the region.</summary>
    public static (Carrier Carrier, string Reason) Choose(IReadOnlyList<Carrier> carriers, string orderType, string province, decimal weightKg)
    {
        var covering = carriers.Where(c => c.Active && c.Covers(province) && c.Takes(weightKg)).ToList();
        if (covering.Count == 0) throw new InvalidOperationException($"No carrier covers {province} for {weightKg:0.#} kg");
        if (orderType == "Urgent" && covering.Where(c => c.Express).MinBy(c => c.Cost(weightKg)) is { } express)
            return (express, $"Urgent order: express carrier {express.Code}");
        if (weightKg > BulkyWeightKg && covering.Where(c => c.Bulky).MinBy(c => c.Cost(weightKg)) is { } bulky)
            return (bulky, $"Bulky consignment ({weightKg:0.#} kg > {BulkyWeightKg} kg): {bulky.Code}");
        var cheapest = covering.Where(c => !c.Bulky || weightKg > BulkyWeightKg).DefaultIfEmpty(covering[0]).MinBy(c => c.Cost(weightKg))!;
        return (cheapest, $"Cheapest carrier covering {province} for {weightKg:0.#} kg: {cheapest.Code} ({cheapest.Cost(weightKg):0.00} CNY)");
    }
}
