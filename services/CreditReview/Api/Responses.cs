using OrderPlatform.CreditReview.Domain;

namespace OrderPlatform.CreditReview.Api;

/// <summary>A customer as the credit controller sees them: terms, and what the open orders already use of the limit.</summary>
public sealed record CustomerResponse(string CustomerId, string Name, string? Company, string Kind, string Grade,
    decimal CreditLimit, decimal DepositPercent, bool Active, bool IsNew, string PaymentTerms, decimal Exposure, decimal Available)
{
    public static CustomerResponse From(Customer c, decimal exposure) => new(c.CustomerId, c.Name, c.Company, c.Kind,
        c.Grade, c.CreditLimit, c.DepositPercent, c.Active, c.IsNew, c.PaymentTerms, exposure, c.CreditLimit - exposure);
}

/// <summary>An order's credit decision: held, approved or rejected, why, and by whom.</summary>
public sealed record CreditCaseResponse(Guid OrderId, string OrderNumber, string CustomerId, decimal Amount, CreditStatus Status,
    string Reason, string DecidedBy, DateTimeOffset DecidedAt, bool Open)
{
    public static CreditCaseResponse From(CreditCase c)
        => new(c.OrderId, c.OrderNumber, c.CustomerId, c.Amount, c.Status, c.Reason, c.DecidedBy, c.DecidedAt, c.Open);
}
