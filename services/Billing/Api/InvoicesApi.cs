using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Billing.Api;

public sealed class InvoiceOptions
{
    /// <summary>The VAT rate on goods (13 % in China), included in every price.</summary>
    public decimal VatRate { get; set; } = 0.13m;
}

public record IssueInvoiceRequest(string? OrderNumber, string? StatementNumber, string? Type, string? BuyerName, string? BuyerTaxId);

public record StatementRequest(string? CustomerId, DateOnly? From, DateOnly? To);

public static class InvoicesApi
{
    public static void MapInvoicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/billing").RequireRole("staff:finance");
        api.MapPost("invoices", Issue).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("invoices", List);
        api.MapGet("invoices/{number}", Get);
        api.MapPost("statements", CreateStatement);
        api.MapGet("statements/{number}", GetStatement);
    }

    /// <summary>
    /// Issues the invoice of one order (prepaid and deposit orders) or of one statement (grade A, on
    /// terms): once each; a second request is 409 naming the invoice already issued.
    /// </summary>
    private static async Task<Results<Created<InvoiceResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Issue(
        IssueInvoiceRequest body, Caller caller, BillingDb db, IOptions<InvoiceOptions> options, CancellationToken ct)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(body.OrderNumber) == string.IsNullOrWhiteSpace(body.StatementNumber))
            v.Add("orderNumber", "give exactly one of orderNumber or statementNumber");
        if (!InvoiceTypes.All.Contains(body.Type)) v.Add("type", $"must be one of {string.Join(", ", InvoiceTypes.All)}");
        v.Required("buyerName", body.BuyerName);
        if (body.Type == InvoiceTypes.SpecialVat && string.IsNullOrWhiteSpace(body.BuyerTaxId)) v.Add("buyerTaxId", "is required for a special VAT invoice");
        else if (body.BuyerTaxId is { Length: > 0 } id && (id.Length is < 15 or > 20 || !id.All(char.IsAsciiLetterOrDigit)))
            v.Add("buyerTaxId", "must be 15 to 20 letters or digits (the unified social credit code)");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        var now = DateTimeOffset.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        string customerId, content;
        decimal amount;
        Guid? orderId = null;
        if (body.OrderNumber is { Length: > 0 } orderNumber)
        {
            var account = await db.Accounts.SingleOrDefaultAsync(a => a.OrderNumber == orderNumber, ct);
            if (account is null) return TypedResults.NotFound();
            if (await db.Invoices.FirstOrDefaultAsync(i => i.OrderNumber == orderNumber, ct) is { } issued)
                return Conflict($"Order {orderNumber} already has invoice {issued.Number}; an issued invoice is never issued again or changed.");
            if (account.Status == BillingStatus.Cancelled) return Conflict($"Order {orderNumber} was cancelled; there is nothing to invoice.");
            if (account.Terms == PaymentTerms.OnTerms)
                return Conflict($"Order {orderNumber} is on terms (grade A): it is invoiced by its statement.");
            (customerId, amount, orderId, content) = (account.CustomerId, account.Total - account.Returned, account.OrderId, $"Goods of order {orderNumber}");
        }
        else
        {
            var statement = await db.Statements.SingleOrDefaultAsync(s => s.Number == body.StatementNumber, ct);
            if (statement is null) return TypedResults.NotFound();
            if (await db.Invoices.FirstOrDefaultAsync(i => i.StatementNumber == statement.Number, ct) is { } issued)
                return Conflict($"Statement {statement.Number} already has invoice {issued.Number}; an issued invoice is never issued again or changed.");
            (customerId, amount, content) = (statement.CustomerId, statement.Total,
                $"Goods of {statement.Lines.Count} order(s) on statement {statement.Number} ({statement.PeriodFrom:yyyy-MM-dd} to {statement.PeriodTo:yyyy-MM-dd})");
        }
        var invoice = Invoice.Issue(await db.NextInvoiceNumberAsync(now, ct), body.Type!, customerId, body.OrderNumber is { Length: > 0 } ? body.OrderNumber : null,
            body.StatementNumber is { Length: > 0 } ? body.StatementNumber : null, body.BuyerName!.Trim(), body.BuyerTaxId?.Trim(), content, amount,
            options.Value.VatRate, caller.Client, now);
        db.Invoices.Add(invoice);
        db.Publish(new InvoiceIssued(orderId, invoice.OrderNumber, invoice.StatementNumber, invoice.Number, invoice.Type, invoice.Amount, invoice.Tax, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/billing/invoices/{invoice.Number}", InvoiceResponse.From(invoice));
    }

    private static ProblemHttpResult Conflict(string detail) => Problems.InvalidState("Not allowed in the current state", detail);

    private static async Task<Results<Ok<List<InvoiceResponse>>, ValidationProblem>> List(BillingDb db, string? orderNumber, string? customerId,
        int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        var query = db.Invoices.AsNoTracking();
        if (!string.IsNullOrEmpty(orderNumber))
        {
            // An order's invoice is its own, or its statement's.
            var statement = await db.Accounts.Where(a => a.OrderNumber == orderNumber).Select(a => a.StatementNumber).SingleOrDefaultAsync(ct);
            query = query.Where(i => i.OrderNumber == orderNumber || (statement != null && i.StatementNumber == statement));
        }
        if (!string.IsNullOrEmpty(customerId)) query = query.Where(i => i.CustomerId == customerId);
        return TypedResults.Ok((await query.OrderByDescending(i => i.Number).Page(limit, offset).ToListAsync(ct)).ConvertAll(InvoiceResponse.From));
    }

    private static async Task<Results<Ok<InvoiceResponse>, NotFound>> Get(string number, BillingDb db, CancellationToken ct)
        => await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == number, ct) is { } i
            ? TypedResults.Ok(InvoiceResponse.From(i)) : TypedResults.NotFound();

    /// <summary>A grade-A customer's statement of the orders shipped on terms in the period (UTC days), each on one statement only.</summary>
    private static async Task<Results<Created<StatementResponse>, ValidationProblem>> CreateStatement(StatementRequest body, Caller caller,
        BillingDb db, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var v = new Validation();
        v.Required("customerId", body.CustomerId);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (ReportPeriod.Parse(body.From, body.To, now, out var errors) is not { } period) return TypedResults.ValidationProblem(errors!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (start, end) = (period.Start, period.End);
        var accounts = await db.Accounts.FromSql($"SELECT *, xmin FROM billing_accounts WHERE customer_id = {body.CustomerId} AND opened_at >= {start} AND opened_at < {end} FOR UPDATE")
            .ToListAsync(ct);
        var statement = Statement.Build(await db.NextStatementNumberAsync(now, ct), body.CustomerId!, period.From, period.To, accounts, caller.Client, now);
        db.Statements.Add(statement);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/billing/statements/{statement.Number}", StatementResponse.From(statement));
    }

    private static async Task<Results<Ok<StatementResponse>, NotFound>> GetStatement(string number, BillingDb db, CancellationToken ct)
        => await db.Statements.AsNoTracking().SingleOrDefaultAsync(s => s.Number == number, ct) is { } s
            ? TypedResults.Ok(StatementResponse.From(s)) : TypedResults.NotFound();
}
