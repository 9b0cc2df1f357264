namespace OrderPlatform.Contracts;

/// <summary>One order line as every service sees it.</summary>
public record OrderLine(string Sku, int Quantity, decimal UnitPrice, string Specification);

public record Address(string Recipient, string Phone, string Province, string City, string Line1, string PostalCode);

/// <summary>How a customer pays: up front at checkout, on contract terms, or deposit + balance.</summary>
public static class PaymentTerms
{
    public const string Prepaid = "Prepaid";
    public const string OnTerms = "OnTerms";
    public const string DepositAndBalance = "DepositAndBalance";
}

public static class CustomerKinds
{
    public const string Business = "Business";
    public const string Retail = "Retail";
}
