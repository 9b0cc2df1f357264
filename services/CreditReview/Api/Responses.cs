using OrderPlatform.CreditReview.Domain;

namespace OrderPlatform.CreditReview.Api;

/// <summary>
/// A customer as the credit controller sees them: contact, terms, what the open orders already use of the limit, and the
/// history of every registration, terms change and (de)activation.
/// </summary>
public sealed record CustomerResponse(string CustomerId, string Name, string? Company, string Kind, string? TaxId,
    string ContactName, string Phone, CustomerAddress? Address, string Grade, decimal CreditLimit, decimal DepositPercent,
    int PaymentTermsDays, bool Active, bool IsNew, string PaymentTerms, decimal Exposure, decimal Available,
    DateTimeOffset? RegisteredAt, IReadOnlyList<CustomerChange> History)
{
    public static CustomerResponse From(Customer c, decimal exposure) => new(c.CustomerId, c.Name, c.Company, c.Kind, c.TaxId,
        c.ContactName, c.Phone, c.Address, c.Grade, c.CreditLimit, c.DepositPercent, c.PaymentTermsDays, c.Active, c.IsNew,
        c.PaymentTerms, exposure, c.CreditLimit - exposure, c.RegisteredAt, c.History);
}

/// <summary>A customer in a list: enough to pick the right one.</summary>
public sealed record CustomerSummary(string CustomerId, string Name, string? Company, string Kind, string Grade, bool Active, bool IsNew, string Phone);

/// <summary>An order's credit decision: held, approved or rejected, why, and by whom.</summary>
public sealed record CreditCaseResponse(Guid OrderId, string OrderNumber, string CustomerId, decimal Amount, CreditStatus Status,
    string Reason, string DecidedBy, DateTimeOffset DecidedAt, bool Open)
{
    public static CreditCaseResponse From(CreditCase c)
        => new(c.OrderId, c.OrderNumber, c.CustomerId, c.Amount, c.Status, c.Reason, c.DecidedBy, c.DecidedAt, c.Open);
}
