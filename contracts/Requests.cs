namespace OrderPlatform.Contracts;

// Synchronous questions answered over the broker (request/response with a timeout).

/// <summary>Asked of CreditReview: who is this customer?</summary>
public record GetCustomer(string CustomerId);

public record CustomerFound(string CustomerId, string Name, string Kind, string Grade, bool Active,
    string PaymentTerms, decimal DepositPercent);

public record CustomerNotFound(string CustomerId);

/// <summary>Asked of Inventory: the list price of each SKU for this customer.</summary>
public record QuotePrices(string CustomerId, IReadOnlyList<string> Skus);

public record SkuPrice(string Sku, bool Known, string Name, decimal ListPrice, bool MadeToOrder);

public record PricesQuoted(IReadOnlyList<SkuPrice> Prices);
