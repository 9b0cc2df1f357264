using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.CreditReview.Domain;

/// <summary>Where a customer is: their registered address (orders carry their own shipping address).</summary>
public sealed record CustomerAddress(string Province, string City, string Line1, string PostalCode);

/// <summary>What a credit controller decides for a customer.</summary>
public sealed record CustomerTerms(string Grade, decimal CreditLimit, decimal DepositPercent, int PaymentTermsDays);

/// <summary>One entry of a customer's history: who did what when, the terms before and after, and why.</summary>
public sealed record CustomerChange(DateTimeOffset At, string By, string Action, CustomerTerms? From, CustomerTerms? To, string Reason);

public sealed class Customer
{
    /// <summary>A new business customer's deposit until a credit controller sets their terms.</summary>
    public const decimal NewBusinessDepositPercent = 30m;
    public static readonly string[] Grades = ["A", "B", "C"];

    public required string CustomerId { get; init; }
    public required string Name { get; set; }
    public required string Kind { get; init; }
    /// <summary>A, B or C; retail customers are graded C and pay up front.</summary>
    public required string Grade { get; set; }
    public string? Company { get; set; }
    public string? TaxId { get; set; }
    public string ContactName { get; set; } = "";
    public string Phone { get; set; } = "";
    public CustomerAddress? Address { get; set; }
    public decimal CreditLimit { get; set; }
    public decimal DepositPercent { get; set; }
    /// <summary>Days a grade-A customer has to pay a statement.</summary>
    public int PaymentTermsDays { get; set; } = 30;
    public bool Active { get; set; } = true;
    /// <summary>A business customer without terms set by a credit controller: their orders need one.</summary>
    public bool IsNew { get; set; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public List<CustomerChange> History { get; private set; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public string PaymentTerms => Kind == CustomerKinds.Retail ? Contracts.PaymentTerms.Prepaid
        : Grade == "A" ? Contracts.PaymentTerms.OnTerms
        : Contracts.PaymentTerms.DepositAndBalance;

    public CustomerTerms Terms => new(Grade, CreditLimit, DepositPercent, PaymentTermsDays);

    /// <summary>
    /// A customer taken on by the phone desk or sales. A business customer starts as new, graded C, without a credit limit
    /// and with the standard deposit, so their first order waits for a credit controller; a retail customer pays up front.
    /// </summary>
    public static Customer Register(string customerId, string name, string kind, string? company, string? taxId,
        string contactName, string phone, CustomerAddress address, string by, DateTimeOffset now)
    {
        var business = kind == CustomerKinds.Business;
        var customer = new Customer
        {
            CustomerId = customerId, Name = name, Kind = kind, Company = company, TaxId = taxId, ContactName = contactName,
            Phone = phone, Address = address, Grade = "C", CreditLimit = 0m, DepositPercent = business ? NewBusinessDepositPercent : 0m,
            IsNew = business, RegisteredAt = now,
        };
        customer.History.Add(new CustomerChange(now, by, "Registered", null, customer.Terms,
            business ? "New business customer: terms to be set by a credit controller" : "Retail customer: pays up front"));
        return customer;
    }

    /// <summary>A credit controller's terms; the customer is no longer new. Returns the change, also kept in the history.</summary>
    public CustomerChange ChangeTerms(CustomerTerms terms, string by, string reason, DateTimeOffset now)
    {
        if (!Active) throw new DomainException($"Customer {CustomerId} is inactive; reactivate them first.");
        if (Kind == CustomerKinds.Retail) throw new DomainException($"Customer {CustomerId} is a retail customer and pays up front; terms apply to business customers.");
        var change = new CustomerChange(now, by, "TermsChanged", Terms, terms, reason);
        (Grade, CreditLimit, DepositPercent, PaymentTermsDays, IsNew) = (terms.Grade, terms.CreditLimit, terms.DepositPercent, terms.PaymentTermsDays, false);
        History.Add(change);
        return change;
    }

    /// <summary>
    /// New name, contact or address (an import from the business's own list, say). Returns the fields that changed, kept in the
    /// history with <paramref name="reason"/>; nothing when the customer already reads so.
    /// </summary>
    public IReadOnlyList<string> ChangeDetails(string name, string? company, string? taxId, string contactName, string phone,
        CustomerAddress address, string by, string reason, DateTimeOffset now)
    {
        var changed = new List<string>();
        if (Name != name) changed.Add("name");
        if (Company != company) changed.Add("company");
        if (TaxId != taxId) changed.Add("taxId");
        if (ContactName != contactName) changed.Add("contactName");
        if (Phone != phone) changed.Add("phone");
        if (Address != address) changed.Add("address");
        if (changed.Count == 0) return changed;
        (Name, Company, TaxId, ContactName, Phone, Address) = (name, company, taxId, contactName, phone, address);
        History.Add(new CustomerChange(now, by, "DetailsChanged", null, null, $"{reason} ({string.Join(", ", changed)})"));
        return changed;
    }

    /// <summary>No new orders are taken for an inactive customer; the customer and their history stay.</summary>
    public void Deactivate(string by, string reason, DateTimeOffset now)
    {
        if (!Active) throw new DomainException($"Customer {CustomerId} is already inactive.");
        Active = false;
        History.Add(new CustomerChange(now, by, "Deactivated", null, null, reason));
    }

    public void Reactivate(string by, string reason, DateTimeOffset now)
    {
        if (Active) throw new DomainException($"Customer {CustomerId} is already active.");
        Active = true;
        History.Add(new CustomerChange(now, by, "Reactivated", null, null, reason));
    }
}
