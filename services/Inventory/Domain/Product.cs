using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Inventory.Domain;

/// <summary>How a product is sourced: from stock, made on our own lines when short, or made for each order.</summary>
public static class Sourcing
{
    public const string Stocked = "Stocked";
    public const string MadeInHouse = "MadeInHouse";
    public const string Custom = "Custom";
    public static readonly string[] All = [Stocked, MadeInHouse, Custom];
}

/// <summary>A catalogue entry with its list price (CNY) in force now.</summary>
public sealed class Product
{
    public required string Sku { get; init; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? Specification { get; set; }
    /// <summary>The list price in force now; <see cref="ProductPrice"/> keeps every price and when it took effect.</summary>
    public decimal ListPrice { get; set; }
    /// <summary>Never stocked: every order line goes to production.</summary>
    public bool MadeToOrder { get; init; }
    /// <summary>Made on our own lines, so a shortage goes to production instead of a purchase.</summary>
    public bool MadeInHouse { get; init; }
    public int LowStockThreshold { get; set; }
    public decimal WeightKg { get; set; }
    public decimal? VolumeM3 { get; set; }
    public DateTimeOffset? AddedAt { get; init; }
    /// <summary>Optimistic concurrency: two changes made at once do not silently overwrite each other.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public string Sourcing => MadeToOrder ? Domain.Sourcing.Custom : MadeInHouse ? Domain.Sourcing.MadeInHouse : Domain.Sourcing.Stocked;

    public static (Product Product, ProductPrice Price) Add(string sku, string name, string? nameEn, string? specification, decimal unitPrice,
        decimal weightKg, decimal? volumeM3, string sourcing, int lowStockThreshold, string by, DateTimeOffset now)
    {
        var product = new Product
        {
            Sku = sku, Name = name, NameEn = nameEn, Specification = specification, ListPrice = unitPrice, WeightKg = weightKg,
            VolumeM3 = volumeM3, MadeToOrder = sourcing == Domain.Sourcing.Custom, MadeInHouse = sourcing != Domain.Sourcing.Stocked,
            LowStockThreshold = lowStockThreshold, AddedAt = now,
        };
        return (product, new ProductPrice { Sku = sku, UnitPrice = unitPrice, EffectiveFrom = now, Reason = "Added to the catalogue", SetBy = by, SetAt = now, Applied = true });
    }

    /// <summary>New names, specification, weight, volume or low-stock threshold; returns the fields that changed (none when it already reads so).</summary>
    public IReadOnlyList<string> ChangeDetails(string name, string? nameEn, string? specification, decimal weightKg, decimal? volumeM3,
        int lowStockThreshold)
    {
        var changed = new List<string>();
        if (Name != name) changed.Add("name");
        if (NameEn != nameEn) changed.Add("nameEn");
        if (Specification != specification) changed.Add("specification");
        if (WeightKg != weightKg) changed.Add("weightKg");
        if (VolumeM3 != volumeM3) changed.Add("volumeM3");
        if (LowStockThreshold != lowStockThreshold) changed.Add("lowStockThreshold");
        (Name, NameEn, Specification, WeightKg, VolumeM3, LowStockThreshold) = (name, nameEn, specification, weightKg, volumeM3, lowStockThreshold);
        return changed;
    }

    /// <summary>
    /// A new list price from <paramref name="effectiveFrom"/> on: in force at once if that is now or past, otherwise applied
    /// when its time comes (<see cref="ProductPrice.Applied"/>). Orders keep the price they were taken under.
    /// </summary>
    public ProductPrice SetPrice(decimal unitPrice, DateTimeOffset effectiveFrom, string reason, string by, DateTimeOffset now)
    {
        if (effectiveFrom < now.AddMinutes(-5)) throw new DomainException("A price cannot take effect in the past: history is not rewritten.");
        var price = new ProductPrice { Sku = Sku, UnitPrice = unitPrice, EffectiveFrom = effectiveFrom, Reason = reason, SetBy = by, SetAt = now };
        if (effectiveFrom <= now) Apply(price);
        return price;
    }

    public void Apply(ProductPrice price)
    {
        ListPrice = price.UnitPrice;
        price.Applied = true;
    }
}

/// <summary>One list price of a SKU and the moment it took (or takes) effect, who set it and why.</summary>
public sealed class ProductPrice
{
    public long Id { get; init; }
    public required string Sku { get; init; }
    public decimal UnitPrice { get; init; }
    public DateTimeOffset EffectiveFrom { get; init; }
    public required string Reason { get; init; }
    public required string SetBy { get; init; }
    public DateTimeOffset SetAt { get; init; }
    /// <summary>Whether <see cref="Product.ListPrice"/> has taken this price (a scheduled price is applied when its time comes).</summary>
    public bool Applied { get; set; }
}

/// <summary>A price agreed with one customer for one SKU, for a period; the latest agreement covering a moment is the one in force.</summary>
public sealed class CustomerPrice
{
    public long Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Sku { get; init; }
    public decimal UnitPrice { get; init; }
    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset? ValidTo { get; init; }
    public required string Reason { get; init; }
    public required string SetBy { get; init; }
    public DateTimeOffset SetAt { get; init; }

    public bool InForceAt(DateTimeOffset at) => ValidFrom <= at && (ValidTo is null || at < ValidTo);
}
