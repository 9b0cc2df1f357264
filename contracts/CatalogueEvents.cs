namespace OrderPlatform.Contracts;

// Published by Inventory, which owns products and prices.

/// <summary>A product taken into the catalogue; it can be ordered at once. Logistics keeps its weight for carrier rates.</summary>
public record ProductAdded(string Sku, string Name, string Sourcing, decimal UnitPrice, decimal WeightKg, decimal? VolumeM3, DateTimeOffset At);

/// <summary>A product's names, specification, weight, volume or low-stock threshold changed; <paramref name="Fields"/> names what.</summary>
public record ProductChanged(string Sku, string Name, decimal WeightKg, decimal? VolumeM3, IReadOnlyList<string> Fields, DateTimeOffset At);

/// <summary>A SKU's list price from <paramref name="EffectiveFrom"/> on; orders keep the price they were taken under.</summary>
public record PriceChanged(string Sku, decimal UnitPrice, DateTimeOffset EffectiveFrom, string Reason, string By);

/// <summary>A price agreed with one customer for one SKU and its period.</summary>
public record CustomerPriceAgreed(string CustomerId, string Sku, decimal UnitPrice, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo,
    string Reason, string By);
