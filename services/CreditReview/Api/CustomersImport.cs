using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.CreditReview.Api;

/// <summary>
/// The business's own customer list from a spreadsheet: a row with a new code registers the customer, a row with a known code
/// changes what differs (with history), a row that already matches changes nothing. All rows or none.
/// </summary>
public static partial class CustomersApi
{
    public static readonly ImportColumn[] ImportColumns =
    [
        new("customerId", "客户编号", true, "Your customer code, 2 to 40 letters, digits or dashes. A known code changes that customer."),
        new("name", "客户名称", true, "The customer's name."),
        new("kind", "客户类型", true, "Business (企业) or Retail (个人)."),
        new("company", "公司名称", false, "Required for a business customer."),
        new("taxId", "税号", false, "Unified social credit code, for invoices."),
        new("contactName", "联系人", true, "Who to call."),
        new("contactPhone", "联系电话", true, "Their phone number."),
        new("province", "省份", true, "Province of the registered address."),
        new("city", "城市", true, "City."),
        new("address", "详细地址", true, "Street and number."),
        new("postalCode", "邮编", false, "Postal code."),
        new("grade", "客户等级", false, "A, B or C. With creditLimit and depositPercent, the credit terms (staff:credit only). Empty: a new business customer's first order waits for a credit controller."),
        new("creditLimit", "信用额度", false, "CNY, zero or more."),
        new("depositPercent", "定金比例", false, "0 to 100."),
        new("paymentTermsDays", "账期天数", false, "0 to 180; 30 when empty."),
    ];

    private sealed record CustomerRow(ImportRow Row, string CustomerId, string Name, string Kind, string? Company, string? TaxId,
        string ContactName, string Phone, CustomerAddress Address, CustomerTerms? Terms);

    private static void MapCustomerImport(RouteGroupBuilder api)
    {
        api.MapPost("import", Import).WithSummary("Import customers from an .xlsx or .csv file (all rows or none)")
            .Accepts<IFormFile>("multipart/form-data").RequireRole("staff:sales-manager", "staff:credit");
        api.MapGet("import/template.xlsx", () => SpreadsheetImport.Template("customers-template.xlsx", ImportColumns))
            .WithSummary("The customer import template").Produces<byte[]>(200, SpreadsheetImport.XlsxContentType)
            .RequireRole("staff:sales-manager", "staff:credit");
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> Import(HttpRequest request, Caller caller, CreditDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var file = await SpreadsheetImport.ReadAsync(request, ImportColumns, ct);
        if (!file.IsValid) return file.Problem();
        var rows = file.Rows.Select(ParseCustomer).ToList();
        SpreadsheetImport.RefuseRepeats(file, "customerId");
        if (!file.IsValid) return file.Problem();

        var ids = rows.Select(r => r!.CustomerId).ToList();
        var known = await db.Customers.Where(c => ids.Contains(c.CustomerId)).ToDictionaryAsync(c => c.CustomerId, ct);
        var (now, reason, mayChangeTerms) = (clock.GetUtcNow(), $"Imported from {file.Name}", caller.Has("staff:credit"));
        int created = 0, changed = 0;
        foreach (var r in rows.Select(r => r!))
        {
            var customer = known.GetValueOrDefault(r.CustomerId);
            var termsChange = r.Terms is not null && r.Terms != customer?.Terms;
            if (termsChange && !mayChangeTerms) r.Row.Error("grade", "only a credit controller (staff:credit) may set terms");
            if (customer is null)
            {
                customer = Customer.Register(r.CustomerId, r.Name, r.Kind, r.Company, r.TaxId, r.ContactName, r.Phone, r.Address, caller.Client, now);
                db.Customers.Add(customer);
                db.Publish(new CustomerRegistered(customer.CustomerId, customer.Name, customer.Kind, customer.Grade, customer.CreditLimit,
                    customer.DepositPercent, customer.IsNew, caller.Client, now));
                created++;
            }
            else
            {
                if (customer.Kind != r.Kind) r.Row.Error("kind", $"{r.CustomerId} is a {customer.Kind} customer; the kind cannot change");
                if (termsChange && !customer.Active) r.Row.Error("grade", $"{r.CustomerId} is inactive; reactivate them before changing terms");
                if (!file.IsValid) continue;
                var fields = customer.ChangeDetails(r.Name, r.Company, r.TaxId, r.ContactName, r.Phone, r.Address, caller.Client, reason, now);
                if (fields.Count > 0) db.Publish(new CustomerDetailsChanged(customer.CustomerId, customer.Name, customer.Company, fields, caller.Client, now));
                if (fields.Count > 0 || termsChange) changed++;
            }
            if (termsChange && file.IsValid)
            {
                customer.ChangeTerms(r.Terms!, caller.Client, reason, now);
                db.Publish(new CustomerTermsChanged(customer.CustomerId, r.Terms!.Grade, r.Terms.CreditLimit, r.Terms.DepositPercent,
                    r.Terms.PaymentTermsDays, reason, caller.Client, now));
            }
        }
        if (!file.IsValid) return file.Problem(); // nothing tracked so far is saved
        await db.SaveChangesAsync(ct); // one transaction: a concurrent registration of a new code is the primary key's 409
        return TypedResults.Ok(new ImportResult(file.Name, rows.Count, created, changed, rows.Count - created - changed));
    }

    /// <summary>One row checked as <c>POST /api/credit/customers</c> checks a registration, and its terms as a credit controller's.</summary>
    private static CustomerRow? ParseCustomer(ImportRow row)
    {
        var id = row.Required("customerId");
        if (id is not null && !CustomerIdPattern().IsMatch(id)) row.Error("customerId", "must be 2 to 40 letters, digits or dashes, starting with a letter or digit");
        var kind = row.Required("kind") switch
        {
            null => null,
            "Business" or "business" or "企业" => CustomerKinds.Business,
            "Retail" or "retail" or "个人" => CustomerKinds.Retail,
            var other => Invalid(row, "kind", $"'{other}' is not Business (企业) or Retail (个人)"),
        };
        var (name, company) = (row.Required("name"), row.Text("company"));
        if (kind == CustomerKinds.Business && company is null) row.Error("company", "is required for a business customer");
        var (contact, phone) = (row.Required("contactName"), row.Required("contactPhone"));
        var (province, city, line1) = (row.Required("province"), row.Required("city"), row.Required("address"));

        var (grade, limit, deposit, days) = (row.Text("grade"), row.Decimal("creditLimit"), row.Decimal("depositPercent"), row.Integer("paymentTermsDays"));
        CustomerTerms? terms = null;
        if (grade is not null || row.Text("creditLimit") is not null || row.Text("depositPercent") is not null || days is not null)
        {
            if (kind == CustomerKinds.Retail) row.Error("grade", "a retail customer pays up front; leave the terms empty");
            if (!Customer.Grades.Contains(grade)) row.Error("grade", "must be A, B or C when terms are given");
            if (limit is not >= 0) row.Error("creditLimit", "must be zero or more when terms are given");
            if (deposit is not (>= 0 and <= 100)) row.Error("depositPercent", "must be from 0 to 100 when terms are given");
            if (days is < 0 or > 180) row.Error("paymentTermsDays", "must be from 0 to 180");
            if (Customer.Grades.Contains(grade) && limit is >= 0 && deposit is >= 0 and <= 100) terms = new CustomerTerms(grade!, limit.Value, deposit.Value, days ?? 30);
        }
        if (id is null || kind is null || name is null || contact is null || phone is null || province is null || city is null || line1 is null)
            return null;
        return new CustomerRow(row, id, name, kind, company, row.Text("taxId"), contact, phone,
            new CustomerAddress(province, city, line1, row.Text("postalCode") ?? ""), terms);
    }

    private static string? Invalid(ImportRow row, string column, string message)
    {
        row.Error(column, message);
        return null;
    }
}
