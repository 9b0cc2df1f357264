using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public sealed class CustomerRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly CustomerAddress Address = new("Zhejiang", "Hangzhou", "1 Wensan Road", "310000");

    private static Customer Business() => Customer.Register("C-000001", "Xihu Running Club", CustomerKinds.Business, "Xihu Running Club Ltd.",
        "91330100MA2XXXXX1", "Chen Jie", "13900000001", Address, "desk", Now);

    [Fact]
    public void A_new_business_customer_has_no_credit_limit_and_their_first_order_waits_for_a_credit_controller()
    {
        var customer = Business();
        Assert.Equal(("C", 0m, Customer.NewBusinessDepositPercent, true), (customer.Grade, customer.CreditLimit, customer.DepositPercent, customer.IsNew));
        Assert.Equal(CreditStatus.Held, CreditPolicy.Decide(customer, 0m, 100m).Status);
        var registered = Assert.Single(customer.History);
        Assert.Equal(("Registered", "desk", (CustomerTerms?)null), (registered.Action, registered.By, registered.From));
    }

    [Fact]
    public void A_retail_customer_pays_up_front_and_has_no_terms_to_set()
    {
        var customer = Customer.Register("R-000001", "Zhao Min", CustomerKinds.Retail, null, null, "Zhao Min", "13900000002", Address, "desk", Now);
        Assert.False(customer.IsNew);
        Assert.Equal(PaymentTerms.Prepaid, customer.PaymentTerms);
        Assert.Equal(CreditStatus.Approved, CreditPolicy.Decide(customer, 0m, 100m).Status);
        Assert.Throws<DomainException>(() => customer.ChangeTerms(new CustomerTerms("A", 1000m, 0m, 30), "credit", "x", Now));
    }

    [Fact]
    public void Terms_set_by_a_credit_controller_end_the_new_status_and_are_kept_with_what_they_replaced()
    {
        var customer = Business();
        var change = customer.ChangeTerms(new CustomerTerms("B", 50000m, 30m, 30), "credit", "Bank reference checked", Now.AddHours(1));
        Assert.False(customer.IsNew);
        Assert.Equal(("B", 50000m), (customer.Grade, customer.CreditLimit));
        Assert.Equal(new CustomerTerms("C", 0m, Customer.NewBusinessDepositPercent, 30), change.From);
        Assert.Equal(new CustomerTerms("B", 50000m, 30m, 30), change.To);
        Assert.Equal(change, customer.History[^1]);
        Assert.Equal(CreditStatus.Approved, CreditPolicy.Decide(customer, 10000m, 100m).Status);
    }

    [Fact]
    public void An_inactive_customer_is_held_cannot_get_terms_and_is_deactivated_once()
    {
        var customer = Business();
        customer.Deactivate("credit", "Company closed", Now);
        Assert.False(customer.Active);
        Assert.Throws<DomainException>(() => customer.Deactivate("credit", "again", Now));
        Assert.Throws<DomainException>(() => customer.ChangeTerms(new CustomerTerms("A", 1m, 0m, 30), "credit", "x", Now));
        customer.Reactivate("credit", "Reopened", Now);
        Assert.Equal(["Registered", "Deactivated", "Reactivated"], customer.History.Select(h => h.Action));
    }
}
