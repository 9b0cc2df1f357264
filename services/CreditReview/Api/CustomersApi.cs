using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.CreditReview.Api;

public record ContactRequest(string? Name, string? Phone);
public record AddressRequest(string? Province, string? City, string? Line1, string? PostalCode);
public record RegisterCustomerRequest(string? CustomerId, string? Name, string? Kind, string? Company, string? TaxId,
    ContactRequest? Contact, AddressRequest? Address);
public record CustomerTermsRequest(string? Grade, decimal? CreditLimit, decimal? DepositPercent, int? PaymentTermsDays, string? Reason);
public record CustomerReasonRequest(string? Reason);

/// <summary>Customers the business takes on itself: registration, a credit controller's terms with history, deactivation.</summary>
public static partial class CustomersApi
{
    public static void MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/credit/customers");
        api.MapGet("", List).WithSummary("Find customers").RequireRole("channel:phone-desk", "staff:credit", "staff:sales-manager", "staff:finance");
        api.MapPost("", Register).WithSummary("Register a customer").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole("channel:phone-desk", "staff:sales-manager", "staff:credit");
        MapCustomerImport(api);
        api.MapGet("{customerId}", Get).WithSummary("Get a customer with their terms, exposure and history")
            .RequireRole("channel:phone-desk", "staff:credit", "staff:sales-manager", "staff:finance");
        api.MapPut("{customerId}/terms", ChangeTerms).WithSummary("Set a customer's grade, credit limit, deposit and payment terms")
            .RequireRole("staff:credit");
        api.MapPost("{customerId}/deactivate", Deactivate).WithSummary("Deactivate a customer").RequireRole("staff:credit", "staff:sales-manager");
        api.MapPost("{customerId}/reactivate", Reactivate).WithSummary("Reactivate a customer").RequireRole("staff:credit", "staff:sales-manager");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")]
    private static partial Regex CustomerIdPattern();

    /// <summary>Customers whose id, name, company or phone contains <c>search</c>, by id; at most <c>limit</c> (50, up to 500).</summary>
    private static async Task<Ok<List<CustomerSummary>>> List(CreditDb db, string? search, int? limit, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            query = query.Where(c => EF.Functions.ILike(c.CustomerId, pattern) || EF.Functions.ILike(c.Name, pattern)
                || (c.Company != null && EF.Functions.ILike(c.Company, pattern)) || EF.Functions.ILike(c.Phone, pattern));
        }
        return TypedResults.Ok(await query.OrderBy(c => c.CustomerId).Take(Math.Clamp(limit ?? 50, 1, 500))
            .Select(c => new CustomerSummary(c.CustomerId, c.Name, c.Company, c.Kind, c.Grade, c.Active, c.IsNew, c.Phone)).ToListAsync(ct));
    }

    private static async Task<Results<Ok<CustomerResponse>, NotFound>> Get(string customerId, CreditDb db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.CustomerId == customerId, ct);
        if (customer is null) return TypedResults.NotFound();
        return TypedResults.Ok(CustomerResponse.From(customer, await db.ExposureAsync(customerId, ct)));
    }

    private static async Task<Results<Created<CustomerResponse>, ValidationProblem, ProblemHttpResult>> Register(RegisterCustomerRequest body,
        Caller caller, CreditDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        if (body.CustomerId is { } id && !CustomerIdPattern().IsMatch(id.Trim()))
            v.Add("customerId", "must be 2 to 40 letters, digits or dashes, starting with a letter or digit");
        v.Required("name", body.Name);
        if (body.Kind is not (CustomerKinds.Business or CustomerKinds.Retail)) v.Add("kind", "must be Business or Retail");
        if (body.Kind == CustomerKinds.Business) v.Required("company", body.Company);
        if (body.Contact is null) v.Add("contact", "is required");
        else
        {
            v.Required("contact.name", body.Contact.Name);
            v.Required("contact.phone", body.Contact.Phone);
        }
        if (body.Address is null) v.Add("address", "is required");
        else
        {
            v.Required("address.province", body.Address.Province);
            v.Required("address.city", body.Address.City);
            v.Required("address.line1", body.Address.Line1);
        }
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        var customerId = body.CustomerId?.Trim()
            ?? $"{(body.Kind == CustomerKinds.Business ? "C" : "R")}-{await db.NextValueAsync("customer_number_seq", ct):D6}";
        if (await db.Customers.AnyAsync(c => c.CustomerId == customerId, ct))
            return Problems.InvalidState("Customer already exists", $"A customer {customerId} is already registered.");
        var now = clock.GetUtcNow();
        var a = body.Address!;
        var customer = Customer.Register(customerId, body.Name!.Trim(), body.Kind!, body.Company?.Trim(), body.TaxId?.Trim(),
            body.Contact!.Name!.Trim(), body.Contact.Phone!.Trim(),
            new CustomerAddress(a.Province!.Trim(), a.City!.Trim(), a.Line1!.Trim(), a.PostalCode?.Trim() ?? ""), caller.Client, now);
        db.Customers.Add(customer);
        db.Publish(new CustomerRegistered(customer.CustomerId, customer.Name, customer.Kind, customer.Grade, customer.CreditLimit,
            customer.DepositPercent, customer.IsNew, caller.Client, now));
        await db.SaveChangesAsync(ct); // a concurrent registration of the same id is the primary key's 409
        return TypedResults.Created($"/api/credit/customers/{customer.CustomerId}", CustomerResponse.From(customer, 0m));
    }

    private static async Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> ChangeTerms(string customerId,
        CustomerTermsRequest body, Caller caller, CreditDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        if (!Customer.Grades.Contains(body.Grade)) v.Add("grade", "must be A, B or C");
        if (body.CreditLimit is not >= 0) v.Add("creditLimit", "must be zero or more");
        if (body.DepositPercent is not (>= 0 and <= 100)) v.Add("depositPercent", "must be from 0 to 100");
        if (body.PaymentTermsDays is < 0 or > 180) v.Add("paymentTermsDays", "must be from 0 to 180");
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.CustomerId == customerId, ct);
        if (customer is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var terms = new CustomerTerms(body.Grade!, body.CreditLimit!.Value, body.DepositPercent!.Value,
            body.PaymentTermsDays ?? customer.PaymentTermsDays);
        customer.ChangeTerms(terms, caller.Client, body.Reason!.Trim(), now);
        db.Publish(new CustomerTermsChanged(customer.CustomerId, terms.Grade, terms.CreditLimit, terms.DepositPercent, terms.PaymentTermsDays,
            body.Reason.Trim(), caller.Client, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CustomerResponse.From(customer, await db.ExposureAsync(customerId, ct)));
    }

    private static Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> Deactivate(string customerId, CustomerReasonRequest body,
        Caller caller, CreditDb db, TimeProvider clock, CancellationToken ct)
        => SetActiveAsync(customerId, active: false, body, caller, db, clock, ct);

    private static Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> Reactivate(string customerId, CustomerReasonRequest body,
        Caller caller, CreditDb db, TimeProvider clock, CancellationToken ct)
        => SetActiveAsync(customerId, active: true, body, caller, db, clock, ct);

    private static async Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> SetActiveAsync(string customerId, bool active,
        CustomerReasonRequest body, Caller caller, CreditDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.CustomerId == customerId, ct);
        if (customer is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        if (active) customer.Reactivate(caller.Client, body.Reason!.Trim(), now);
        else customer.Deactivate(caller.Client, body.Reason!.Trim(), now);
        db.Publish(new CustomerActivationChanged(customerId, active, body.Reason!.Trim(), caller.Client, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CustomerResponse.From(customer, await db.ExposureAsync(customerId, ct)));
    }
}
