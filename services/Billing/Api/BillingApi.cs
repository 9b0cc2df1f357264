using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Billing.Api;

public record PaymentWebhook(string? EventId, string? OrderNumber, string? Kind, decimal? Amount, string? Currency, DateTimeOffset? OccurredAt);

public record ManualPaymentRequest(string? OrderNumber, decimal? Amount, string? Reference);

public record WebhookAccepted(string EventId, bool Duplicate);

/// <summary>One order's account in a list: what it owes and has paid.</summary>
public record AccountSummary(string OrderNumber, string CustomerId, string Terms, decimal Total, decimal Paid, decimal Refunded,
    decimal Returned, decimal Due, decimal DepositAmount, BillingStatus Status, string? StatementNumber, DateTimeOffset OpenedAt);

public static class BillingApi
{
    public static void MapBillingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/billing");
        api.MapGet("accounts", ListAccounts).WithSummary("List order accounts")
            .RequireRole("staff:finance", "staff:credit", "staff:sales-manager");
        api.MapGet("accounts/{orderNumber}", GetAccount).RequireRole("staff:finance", "staff:credit", "staff:sales-manager");
        api.MapPost("payments", RecordManualPayment).RequireRole("staff:finance");
        // The gateway has verified the provider's signature and says who the provider is.
        // The body is read raw (its signature was checked over the raw bytes); this declares its shape.
        api.MapPost("webhooks/{provider}", ReceiveWebhook).WithSummary("Receive a payment provider's signed event").Accepts<PaymentWebhook>("application/json");
    }

    /// <summary>
    /// Order accounts, newest first, filtered and paged in the database: by the beginning of the order number, the customer,
    /// the status, and <c>owing=true</c> for those that still owe money; <c>limit</c> per page (at most 500) from <c>offset</c>.
    /// </summary>
    private static async Task<Results<Ok<List<AccountSummary>>, ValidationProblem>> ListAccounts(BillingDb db, string? orderNumber,
        string? customerId, string? status, bool? owing, int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Refuse<BillingStatus>(status, offset, out var wanted) is { } refused) return refused;

        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(orderNumber)) query = query.Where(a => a.OrderNumber.StartsWith(orderNumber.Trim().ToUpperInvariant()));
        if (!string.IsNullOrWhiteSpace(customerId)) query = query.Where(a => a.CustomerId == customerId.Trim().ToUpperInvariant());
        if (wanted is { } w) query = query.Where(a => a.Status == w);
        if (owing == true) query = query.Where(a => a.Status != BillingStatus.Cancelled && a.Total - a.Returned - (a.Paid - a.Refunded) > 0);
        var rows = await query.OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.OrderNumber).Page(limit, offset, 50).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(a => new AccountSummary(a.OrderNumber, a.CustomerId, a.Terms, a.Total, a.Paid, a.Refunded,
            a.Returned, a.Due, a.DepositAmount, a.Status, a.StatementNumber, a.OpenedAt)));
    }

    private static async Task<Results<Ok<object>, NotFound>> GetAccount(string orderNumber, BillingDb db, CancellationToken ct)
    {
        var a = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(x => x.OrderNumber == orderNumber, ct);
        if (a is null) return TypedResults.NotFound();
        var payments = await db.Payments.AsNoTracking().Where(p => p.OrderNumber == orderNumber).OrderBy(p => p.ReceivedAt)
            .Select(p => new { p.Route, p.EventId, p.Amount, p.Currency, p.OccurredAt, p.ReceivedAt }).ToListAsync(ct);
        return TypedResults.Ok<object>(new
        {
            a.OrderNumber, a.CustomerId, a.Terms, a.Total, a.Paid, a.Refunded, a.Returned, a.Due, a.DepositAmount, Status = a.Status.ToString(),
            a.Currency, Payments = payments,
        });
    }

    private static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, NotFound, ProblemHttpResult>> ReceiveWebhook(
        string provider, HttpRequest request, Caller caller, BillingDb db, CancellationToken ct)
    {
        if (!caller.Has($"payment-provider:{provider}"))
            return TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: $"Only {provider} may post its own events.");
        var (raw, body, error) = await RawJson.ReadAsync<PaymentWebhook>(request, ct);
        if (error is not null) return TypedResults.ValidationProblem(error);

        var v = new Validation();
        v.Required("eventId", body?.EventId);
        v.Required("orderNumber", body?.OrderNumber);
        if (body?.Kind is not "Paid" and not "Refunded") v.Add("kind", "must be Paid or Refunded");
        if (body?.Amount is null or <= 0) v.Add("amount", "must be a positive amount");
        if (body?.Currency is not "CNY") v.Add("currency", "must be CNY");
        if (body?.OccurredAt is null) v.Add("occurredAt", "is required");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        if (await db.Payments.AnyAsync(p => p.Route == provider && p.EventId == body!.EventId, ct))
            return TypedResults.Ok(new WebhookAccepted(body!.EventId!, Duplicate: true));
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.OrderNumber == body!.OrderNumber, ct);
        if (account is null) return TypedResults.NotFound();
        if (body!.Kind == "Refunded")
            return TypedResults.Problem(statusCode: 422, title: "Not supported yet", detail: "Refund notifications are not handled yet.");

        db.RecordPayment(account, body.Amount!.Value, provider, body.EventId!, body.OccurredAt!.Value, raw);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WebhookAccepted(body.EventId!, Duplicate: false));
    }

    private static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, NotFound>> RecordManualPayment(
        ManualPaymentRequest body, Caller caller, BillingDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("orderNumber", body.OrderNumber);
        v.Required("reference", body.Reference);
        if (body.Amount is null or <= 0) v.Add("amount", "must be a positive amount");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var eventId = $"bank:{body.Reference}";
        if (await db.Payments.AnyAsync(p => p.Route == "bank-transfer" && p.EventId == eventId, ct))
            return TypedResults.Ok(new WebhookAccepted(eventId, Duplicate: true));
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.OrderNumber == body.OrderNumber, ct);
        if (account is null) return TypedResults.NotFound();
        var now = DateTimeOffset.UtcNow;
        db.RecordPayment(account, body.Amount!.Value, "bank-transfer", eventId, now, JsonSerializer.Serialize(new { body.Reference, RecordedBy = caller.Client }),
            caller.Client);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WebhookAccepted(eventId, Duplicate: false));
    }
}
