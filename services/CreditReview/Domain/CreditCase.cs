using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.CreditReview.Domain;

public enum CreditStatus { Approved, Held, Rejected }

/// <summary>The credit decision on one order, and the exposure the order adds while unpaid.</summary>
public sealed class CreditCase
{
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string CustomerId { get; init; }
    public decimal Amount { get; private set; }
    public CreditStatus Status { get; private set; }
    public required string Reason { get; set; }
    public string DecidedBy { get; private set; } = "system";
    public DateTimeOffset DecidedAt { get; private set; }
    /// <summary>Counts towards exposure: approved and not yet paid or cancelled.</summary>
    public bool Open { get; private set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public static CreditCase Decide(Customer customer, Guid orderId, string orderNumber, decimal amount, decimal exposure,
        DateTimeOffset now)
    {
        var (status, reason) = CreditPolicy.Decide(customer, exposure, amount);
        return new CreditCase
        {
            OrderId = orderId, OrderNumber = orderNumber, CustomerId = customer.CustomerId, Amount = amount,
            Status = status, Reason = reason, DecidedAt = now,
            Open = status == CreditStatus.Approved && customer.Kind == CustomerKinds.Business,
        };
    }

    public void Approve(string by, string reason, DateTimeOffset now)
    {
        if (Status != CreditStatus.Held) throw new DomainException($"Credit for {OrderNumber} is {Status}, not on hold.");
        (Status, Reason, DecidedBy, DecidedAt, Open) = (CreditStatus.Approved, reason, by, now, true);
    }

    /// <summary>The order's total changed (its lines were cut): it adds the new amount to exposure.</summary>
    public void ChangeAmount(decimal amount)
    {
        if (amount < 0) throw new DomainException($"An order amount of {amount:0.00} is not possible.");
        Amount = amount;
    }

    /// <summary>The order no longer adds to exposure: it is paid in full, or cancelled.</summary>
    public void Close() => Open = false;

    public void Reject(string by, string reason, DateTimeOffset now)
    {
        if (Status != CreditStatus.Held) throw new DomainException($"Credit for {OrderNumber} is {Status}, not on hold.");
        (Status, Reason, DecidedBy, DecidedAt, Open) = (CreditStatus.Rejected, reason, by, now, false);
    }
}

public static class CreditPolicy
{
    /// <summary>Retail pays up front; a new or over-limit business customer goes on hold for a credit controller.</summary>
    public static (CreditStatus Status, string Reason) Decide(Customer customer, decimal exposure, decimal amount)
    {
        if (customer.Kind == CustomerKinds.Retail) return (CreditStatus.Approved, "Retail customer pays up front");
        if (!customer.Active) return (CreditStatus.Held, "Customer account is inactive");
        if (customer.IsNew) return (CreditStatus.Held, "New customer: first order needs a credit controller");
        if (exposure + amount > customer.CreditLimit)
            return (CreditStatus.Held, $"Over credit limit: exposure {exposure:0.00} + order {amount:0.00} > limit {customer.CreditLimit:0.00}");
        return (CreditStatus.Approved, $"Within credit limit: exposure {exposure:0.00} + order {amount:0.00} <= limit {customer.CreditLimit:0.00}");
    }
}
