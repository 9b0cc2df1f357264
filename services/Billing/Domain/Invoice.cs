using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Billing.Domain;

public static class InvoiceTypes
{
    /// <summary>普通发票: for anyone.</summary>
    public const string Normal = "Normal";
    /// <summary>增值税专用发票: for companies, needs the buyer's tax id; the buyer may deduct the tax.</summary>
    public const string SpecialVat = "SpecialVat";
    public static readonly string[] All = [Normal, SpecialVat];
}

/// <summary>
/// An issued invoice: numbered without gaps, never changed afterwards (the database refuses updates
/// and deletes). The amount includes VAT; the tax is the part of it at the rate.
/// </summary>
public sealed class Invoice
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Number { get; init; }
    public required string Type { get; init; }
    public required string CustomerId { get; init; }
    public string? OrderNumber { get; init; }
    public string? StatementNumber { get; init; }
    public required string BuyerName { get; init; }
    public string? BuyerTaxId { get; init; }
    public required string Content { get; init; }
    public decimal Amount { get; init; }
    public decimal TaxRate { get; init; }
    public decimal Tax { get; init; }
    public decimal Net { get; init; }
    public string Currency { get; init; } = "CNY";
    public DateTimeOffset IssuedAt { get; init; }
    public required string IssuedBy { get; init; }

    public static Invoice Issue(string number, string type, string customerId, string? orderNumber, string? statementNumber,
        string buyerName, string? buyerTaxId, string content, decimal amount, decimal taxRate, string by, DateTimeOffset now)
    {
        if (!InvoiceTypes.All.Contains(type)) throw new DomainException($"Unknown invoice type {type}.");
        if (type == InvoiceTypes.SpecialVat && string.IsNullOrWhiteSpace(buyerTaxId))
            throw new DomainException("A special VAT invoice needs the buyer's tax id.");
        if (amount <= 0) throw new DomainException("There is nothing to invoice: the amount owed for the goods is zero.");
        var tax = Math.Round(amount * taxRate / (1 + taxRate), 2, MidpointRounding.AwayFromZero);
        return new Invoice
        {
            Number = number, Type = type, CustomerId = customerId, OrderNumber = orderNumber, StatementNumber = statementNumber,
            BuyerName = buyerName, BuyerTaxId = buyerTaxId, Content = content, Amount = amount, TaxRate = taxRate, Tax = tax,
            Net = amount - tax, IssuedAt = now, IssuedBy = by,
        };
    }
}

public sealed record StatementLine(string OrderNumber, DateTimeOffset OpenedAt, decimal Total, decimal Returned, decimal Paid, decimal Due);

/// <summary>
/// A grade-A customer's statement for a period: every order shipped on terms in it (each on one
/// statement only), what each came to, and what is still owed.
/// </summary>
public sealed class Statement
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Number { get; init; }
    public required string CustomerId { get; init; }
    public DateOnly PeriodFrom { get; init; }
    public DateOnly PeriodTo { get; init; }
    public List<StatementLine> Lines { get; init; } = [];
    public decimal Total { get; init; }
    public decimal Due { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public required string IssuedBy { get; init; }

    public static Statement Build(string number, string customerId, DateOnly from, DateOnly to, IReadOnlyList<BillingAccount> accounts, string by, DateTimeOffset now)
    {
        var lines = accounts.Where(a => a.Terms == Contracts.PaymentTerms.OnTerms && a.Status != BillingStatus.Cancelled && a.StatementNumber is null)
            .OrderBy(a => a.OpenedAt)
            .Select(a => new StatementLine(a.OrderNumber, a.OpenedAt, a.Total, a.Returned, a.Paid - a.Refunded, a.Due)).ToList();
        if (lines.Count == 0)
            throw new DomainException($"Customer {customerId} has no orders on terms from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} that are not on a statement yet.");
        var statement = new Statement
        {
            Number = number, CustomerId = customerId, PeriodFrom = from, PeriodTo = to, Lines = lines,
            Total = lines.Sum(l => l.Total - l.Returned), Due = lines.Sum(l => l.Due), IssuedAt = now, IssuedBy = by,
        };
        foreach (var account in accounts.Where(a => lines.Any(l => l.OrderNumber == a.OrderNumber))) account.PutOnStatement(number);
        return statement;
    }
}
