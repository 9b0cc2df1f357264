using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Billing.Domain;

public enum BillingStatus { AwaitingDeposit, AwaitingPayment, Cleared, Cancelled }

/// <summary>
/// What one order owes and has paid. Prepaid orders clear when paid in full; deposit-and-balance
/// orders ask for the deposit, then the balance; orders on terms clear at once and are settled later.
/// </summary>
public sealed class BillingAccount
{
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string Terms { get; init; }
    public decimal Total { get; private set; }
    public decimal DepositPercent { get; init; }
    public decimal Paid { get; private set; }
    public decimal Refunded { get; private set; }
    /// <summary>The value of goods returned and accepted: the customer no longer owes it.</summary>
    public decimal Returned { get; private set; }
    public BillingStatus Status { get; private set; }
    /// <summary>The statement this order (on terms) is settled by, once it is on one.</summary>
    public string? StatementNumber { get; private set; }
    public string Currency { get; init; } = "CNY";
    public DateTimeOffset OpenedAt { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public decimal Due => Math.Max(0m, Total - Returned - (Paid - Refunded));
    public decimal DepositAmount => Math.Round(Total * DepositPercent / 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>Opens the account and says what it needs first: a payment request or clearance.</summary>
    public static (BillingAccount Account, object FirstMessage) Open(OrderConfirmed order)
    {
        var account = new BillingAccount
        {
            OrderId = order.OrderId, OrderNumber = order.OrderNumber, CustomerId = order.CustomerId,
            Terms = order.PaymentTerms, Total = order.Total, DepositPercent = order.DepositPercent, OpenedAt = DateTimeOffset.UtcNow,
        };
        switch (order.PaymentTerms)
        {
            case PaymentTerms.OnTerms:
                account.Status = BillingStatus.Cleared;
                return (account, new BillingCleared(order.OrderId, order.OrderNumber, "Grade A ships on contract terms (net 30), settled by statement", 0m, account.Total));
            case PaymentTerms.DepositAndBalance when account.DepositAmount > 0:
                account.Status = BillingStatus.AwaitingDeposit;
                return (account, new PaymentRequested(order.OrderId, order.OrderNumber, PaymentKinds.Deposit, account.DepositAmount, account.Currency));
            default:
                account.Status = BillingStatus.AwaitingPayment;
                return (account, new PaymentRequested(order.OrderId, order.OrderNumber, PaymentKinds.Full, account.Total, account.Currency));
        }
    }

    public void PutOnStatement(string statementNumber)
    {
        if (StatementNumber is not null) throw new DomainException($"Order {OrderNumber} is already on statement {StatementNumber}.");
        StatementNumber = statementNumber;
    }

    /// <summary>Cancels the account and refunds what was paid, through the route each payment came by.</summary>
    public IReadOnlyList<RefundIssued> Cancel(IEnumerable<(string Route, decimal Amount)> paidByRoute, string reason)
    {
        if (Status == BillingStatus.Cancelled) throw new DomainException($"Billing for {OrderNumber} is already cancelled.");
        Status = BillingStatus.Cancelled;
        var refunds = paidByRoute.Where(p => p.Amount > 0)
            .Select(p => new RefundIssued(OrderId, OrderNumber, p.Amount, p.Route, reason)).ToList();
        Refunded += refunds.Sum(r => r.Amount);
        return refunds;
    }

    /// <summary>
    /// Returned goods passed inspection: their value is no longer owed, and what was paid beyond what is
    /// still owed goes back through the route it came by, the largest first. Returns the refunds.
    /// </summary>
    public IReadOnlyList<RefundIssued> AcceptReturn(string returnNumber, decimal value, IEnumerable<(string Route, decimal NetPaid)> paidByRoute, string reason)
    {
        if (value <= 0) throw new DomainException("A returned value must be positive.");
        if (Status == BillingStatus.Cancelled) throw new DomainException($"Order {OrderNumber} was cancelled; there is nothing to return against.");
        if (Returned + value > Total) throw new DomainException($"Returns of {Returned + value:0.00} would exceed the order total {Total:0.00}.");
        Returned += value;
        return RefundBeyondOwed(paidByRoute, reason, returnNumber);
    }

    /// <summary>Pays back what was paid beyond what the order still owes, through the route it came by, the largest first.</summary>
    private List<RefundIssued> RefundBeyondOwed(IEnumerable<(string Route, decimal NetPaid)> paidByRoute, string reason, string? reference)
    {
        var toRefund = Math.Max(0m, (Paid - Refunded) - (Total - Returned));
        var refunds = new List<RefundIssued>();
        foreach (var (route, netPaid) in paidByRoute.Where(p => p.NetPaid > 0).OrderByDescending(p => p.NetPaid))
        {
            if (toRefund == 0) break;
            var amount = Math.Min(toRefund, netPaid);
            refunds.Add(new RefundIssued(OrderId, OrderNumber, amount, route, reason, reference));
            toRefund -= amount;
        }
        Refunded += refunds.Sum(r => r.Amount);
        return refunds;
    }

    /// <summary>
    /// Records money received; returns the messages it causes, in order. Nothing is silently absorbed:
    /// an under-payment is answered with a request for what is still missing of the current stage, and
    /// an over-payment beyond what the order owes is refunded through the route it came by.
    /// </summary>
    public IReadOnlyList<object> RecordPayment(decimal amount, string route, DateTimeOffset at, string? recordedBy = null)
    {
        if (amount <= 0) throw new DomainException("A payment must be a positive amount.");
        if (Status == BillingStatus.Cancelled)
            throw new DomainException($"Order {OrderNumber} was cancelled; the payment is not taken and should be returned to the payer.");
        Paid += amount;
        var messages = new List<object>();
        // The payment that settles the order says so itself, instead of a BillingCleared right behind it.
        var cleared = Advance(messages);
        messages.Insert(0, new PaymentReceived(OrderId, OrderNumber, amount, Paid, Due, route, at, cleared, recordedBy));
        var excess = Math.Min(amount, (Paid - Refunded) - (Total - Returned));
        if (excess > 0)
        {
            Refunded += excess;
            messages.Add(new RefundIssued(OrderId, OrderNumber, excess, route, $"Over-payment: {excess:0.00} {Currency} more than the order owes"));
        }
        return messages;
    }

    /// <summary>
    /// The order's lines were cut: the new total applies, what was paid beyond it goes back through the
    /// route it came by (the largest first), and the payment stage is looked at again (the deposit is a
    /// share of the new total).
    /// </summary>
    public IReadOnlyList<object> ChangeTotal(decimal total, IEnumerable<(string Route, decimal NetPaid)> paidByRoute, string reason)
    {
        if (Status == BillingStatus.Cancelled) throw new DomainException($"Order {OrderNumber} was cancelled.");
        if (total <= 0 || total < Returned) throw new DomainException($"A total of {total:0.00} is not possible for order {OrderNumber}.");
        var messages = new List<object>();
        if (total == Total) return messages;
        Total = total;
        messages.AddRange(RefundBeyondOwed(paidByRoute, reason, null));
        if (Advance(messages) is { } cleared) messages.Add(new BillingCleared(OrderId, OrderNumber, cleared, Paid, Due));
        return messages;
    }

    /// <summary>
    /// Moves the account to its next payment stage after money or the total changed: a deposit paid
    /// asks for the balance, a shortfall is asked for again, nothing left to pay clears the goods. Returns
    /// the reason when this step cleared them; the caller says so (on the payment, or as BillingCleared).
    /// </summary>
    private string? Advance(List<object> messages)
    {
        var net = Paid - Refunded;
        if (Status == BillingStatus.AwaitingDeposit)
        {
            if (net >= DepositAmount)
            {
                Status = BillingStatus.AwaitingPayment;
                messages.Add(new DepositReceived(OrderId, OrderNumber, DepositAmount, Paid));
                if (Due > 0) messages.Add(new PaymentRequested(OrderId, OrderNumber, PaymentKinds.Balance, Due, Currency));
            }
            else messages.Add(new PaymentRequested(OrderId, OrderNumber, PaymentKinds.Deposit, DepositAmount - net, Currency));
        }
        else if (Status == BillingStatus.AwaitingPayment && Due > 0)
            messages.Add(new PaymentRequested(OrderId, OrderNumber, Terms == PaymentTerms.DepositAndBalance ? PaymentKinds.Balance : PaymentKinds.Full, Due, Currency));
        if (Status == BillingStatus.Cleared || Due != 0) return null;
        Status = BillingStatus.Cleared;
        return $"Paid in full ({Paid:0.00} {Currency})";
    }
}

/// <summary>Money received (or, with a negative amount, refunded), once per provider event.</summary>
public sealed class Payment
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string OrderNumber { get; init; }
    public required string Route { get; init; }
    public required string EventId { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;
    public required string RawBody { get; init; }
}
