using OrderPlatform.Billing.Domain;

namespace OrderPlatform.Billing.Api;

/// <summary>What a carrier owes for an accepted claim, and what it has paid.</summary>
public sealed record CarrierReceivableResponse(string ClaimNumber, string CaseNumber, string OrderNumber, string Carrier,
    string TrackingNumber, decimal AmountDue, decimal Received, ReceivableStatus Status, DateTimeOffset AcceptedAt,
    DateTimeOffset? SettledAt, IReadOnlyList<ClaimPayment> Payments, string Currency, decimal Outstanding)
{
    public static CarrierReceivableResponse From(CarrierReceivable r) => new(r.ClaimNumber, r.CaseNumber, r.OrderNumber,
        r.Carrier, r.TrackingNumber, r.AmountDue, r.Received, r.Status, r.AcceptedAt, r.SettledAt, r.Payments, r.Currency,
        r.Outstanding);
}

/// <summary>An issued invoice (fapiao): for one order or one statement.</summary>
public sealed record InvoiceResponse(Guid Id, string Number, string Type, string CustomerId, string? OrderNumber,
    string? StatementNumber, string BuyerName, string? BuyerTaxId, string Content, decimal Amount, decimal TaxRate,
    decimal Tax, decimal Net, string Currency, DateTimeOffset IssuedAt, string IssuedBy)
{
    public static InvoiceResponse From(Invoice i) => new(i.Id, i.Number, i.Type, i.CustomerId, i.OrderNumber,
        i.StatementNumber, i.BuyerName, i.BuyerTaxId, i.Content, i.Amount, i.TaxRate, i.Tax, i.Net, i.Currency, i.IssuedAt,
        i.IssuedBy);
}

/// <summary>A customer's statement of account for a period.</summary>
public sealed record StatementResponse(Guid Id, string Number, string CustomerId, DateOnly PeriodFrom, DateOnly PeriodTo,
    IReadOnlyList<StatementLine> Lines, decimal Total, decimal Due, DateTimeOffset IssuedAt, string IssuedBy)
{
    public static StatementResponse From(Statement s) => new(s.Id, s.Number, s.CustomerId, s.PeriodFrom, s.PeriodTo, s.Lines,
        s.Total, s.Due, s.IssuedAt, s.IssuedBy);
}
