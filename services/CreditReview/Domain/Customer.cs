using OrderPlatform.Contracts;

namespace OrderPlatform.CreditReview.Domain;

public sealed class Customer
{
    public required string CustomerId { get; init; }
    public required string Name { get; set; }
    public required string Kind { get; init; }
    /// <summary>A, B or C; retail customers are graded C and pay up front.</summary>
    public required string Grade { get; set; }
    public string? Company { get; set; }
    public string Phone { get; set; } = "";
    public decimal CreditLimit { get; set; }
    public decimal DepositPercent { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>A business customer without trading history: their first orders need a credit controller.</summary>
    public bool IsNew { get; set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public string PaymentTerms => Kind == CustomerKinds.Retail ? Contracts.PaymentTerms.Prepaid
        : Grade == "A" ? Contracts.PaymentTerms.OnTerms
        : Contracts.PaymentTerms.DepositAndBalance;
}
