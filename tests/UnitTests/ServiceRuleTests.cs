using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public class CreditPolicyTests
{
    private static Customer Business(decimal limit, bool isNew = false) => new()
        { CustomerId = "C-B001", Name = "b", Kind = CustomerKinds.Business, Grade = "B", CreditLimit = limit, IsNew = isNew };

    [Fact]
    public void Retail_customers_pay_up_front_and_skip_credit_review()
        => Assert.Equal(CreditStatus.Approved, CreditPolicy.Decide(new Customer { CustomerId = "R", Name = "r", Kind = CustomerKinds.Retail, Grade = "C" }, 0m, 1_000_000m).Status);

    [Fact]
    public void A_business_order_within_the_limit_is_approved()
        => Assert.Equal(CreditStatus.Approved, CreditPolicy.Decide(Business(100_000m), 60_000m, 40_000m).Status);

    [Fact]
    public void Exposure_plus_the_order_over_the_limit_goes_on_hold()
    {
        var (status, reason) = CreditPolicy.Decide(Business(100_000m), 60_000m, 40_000.01m);
        Assert.Equal(CreditStatus.Held, status);
        Assert.Contains("Over credit limit", reason);
    }

    [Fact]
    public void A_new_business_customer_goes_on_hold()
        => Assert.Equal(CreditStatus.Held, CreditPolicy.Decide(Business(100_000m, isNew: true), 0m, 10m).Status);

    [Fact]
    public void Only_a_held_case_can_be_approved_or_rejected()
    {
        var approved = CreditCase.Decide(Business(100m), Guid.NewGuid(), "SO-1", 10m, 0m, DateTimeOffset.UtcNow);
        Assert.Throws<DomainException>(() => approved.Approve("c", "r", DateTimeOffset.UtcNow));
        var held = CreditCase.Decide(Business(100m), Guid.NewGuid(), "SO-2", 1000m, 0m, DateTimeOffset.UtcNow);
        Assert.False(held.Open);
        held.Approve("controller", "known customer", DateTimeOffset.UtcNow);
        Assert.True(held.Open);
        Assert.Throws<DomainException>(() => held.Reject("c", "r", DateTimeOffset.UtcNow));
    }
}

public class ExposureTests
{
    [Fact]
    public void An_approved_business_order_counts_towards_exposure_until_it_is_closed()
    {
        var customer = new Customer { CustomerId = "C-B001", Name = "b", Kind = CustomerKinds.Business, Grade = "B", CreditLimit = 100m };
        var credit = CreditCase.Decide(customer, Guid.NewGuid(), "SO-1", 10m, 0m, DateTimeOffset.UtcNow);
        Assert.True(credit.Open);
        credit.Close();
        Assert.False(credit.Open);
    }

    [Fact]
    public void A_retail_order_never_counts_towards_exposure()
        => Assert.False(CreditCase.Decide(new Customer { CustomerId = "R", Name = "r", Kind = CustomerKinds.Retail, Grade = "C" },
            Guid.NewGuid(), "SO-2", 10m, 0m, DateTimeOffset.UtcNow).Open);
}

public class StockItemTests
{
    [Fact]
    public void Reservation_takes_at_most_what_is_available()
    {
        var stock = StockItem.Create("FB-PRO-5", "WH-SH", 10);
        Assert.Equal(7, stock.ReserveUpTo(7));
        Assert.Equal(3, stock.ReserveUpTo(5));
        Assert.Equal(0, stock.Available);
        Assert.Equal(10, stock.Reserved);
    }

    [Fact]
    public void Dispatch_turns_a_reservation_into_a_deduction_and_cancel_releases_it()
    {
        var stock = StockItem.Create("FB-PRO-5", "WH-SH", 10);
        stock.ReserveUpTo(6);
        stock.Deduct(4);
        stock.Release(2);
        Assert.Equal((6, 0, 6), (stock.OnHand, stock.Reserved, stock.Available));
    }

    [Fact]
    public void Releasing_or_deducting_more_than_reserved_is_refused()
    {
        var stock = StockItem.Create("FB-PRO-5", "WH-SH", 10);
        stock.ReserveUpTo(2);
        Assert.Throws<DomainException>(() => stock.Release(3));
        Assert.Throws<DomainException>(() => stock.Deduct(3));
        Assert.Throws<DomainException>(() => stock.Receive(0));
    }
}

public class BillingAccountTests
{
    private static OrderConfirmed Confirmed(string terms, decimal deposit = 0m) =>
        new(Guid.NewGuid(), "SO-1", "C", "B", terms, deposit, 1000m, DateTimeOffset.UtcNow, FromStock: true);

    [Fact]
    public void A_prepaid_order_asks_for_the_full_amount_and_clears_when_paid()
    {
        var (account, first) = BillingAccount.Open(Confirmed(PaymentTerms.Prepaid));
        Assert.Equal(1000m, Assert.IsType<PaymentRequested>(first).Amount);
        var messages = account.RecordPayment(1000m, "mockpay", DateTimeOffset.UtcNow);
        // The payment that settles the order carries the clearance itself: one message, not two.
        var paid = Assert.IsType<PaymentReceived>(Assert.Single(messages));
        Assert.Equal("Paid in full (1000.00 CNY)", paid.ClearedReason);
        Assert.Equal(BillingStatus.Cleared, account.Status);
    }

    [Fact]
    public void An_under_payment_does_not_clear_and_asks_for_what_is_missing()
    {
        var (account, _) = BillingAccount.Open(Confirmed(PaymentTerms.Prepaid));
        var messages = account.RecordPayment(400m, "mockpay", DateTimeOffset.UtcNow);
        Assert.Equal(2, messages.Count);
        Assert.Equal(600m, Assert.IsType<PaymentReceived>(messages[0]).AmountDue);
        Assert.Null(((PaymentReceived)messages[0]).ClearedReason);
        var request = Assert.IsType<PaymentRequested>(messages[1]);
        Assert.Equal((PaymentKinds.Full, 600m), (request.Kind, request.Amount));
        Assert.Equal(BillingStatus.AwaitingPayment, account.Status);
    }

    [Fact]
    public void An_over_payment_clears_and_refunds_the_excess_through_the_route_it_came_by()
    {
        var (account, _) = BillingAccount.Open(Confirmed(PaymentTerms.Prepaid));
        var messages = account.RecordPayment(1100m, "mockpay", DateTimeOffset.UtcNow);
        Assert.NotNull(Assert.IsType<PaymentReceived>(messages[0]).ClearedReason);
        var refund = Assert.IsType<RefundIssued>(messages[1]);
        Assert.Equal((100m, "mockpay"), (refund.Amount, refund.Route));
        Assert.Equal((1100m, 100m, 0m), (account.Paid, account.Refunded, account.Due));
    }

    [Fact]
    public void A_deposit_short_of_the_percentage_asks_for_the_rest_of_the_deposit()
    {
        var (account, _) = BillingAccount.Open(Confirmed(PaymentTerms.DepositAndBalance, 30m));
        var messages = account.RecordPayment(100m, "bank-transfer", DateTimeOffset.UtcNow);
        var request = Assert.IsType<PaymentRequested>(messages[1]);
        Assert.Equal((PaymentKinds.Deposit, 200m), (request.Kind, request.Amount));
        Assert.DoesNotContain(messages, m => m is DepositReceived);
        Assert.Equal(BillingStatus.AwaitingDeposit, account.Status);
    }

    [Fact]
    public void A_grade_A_order_on_terms_clears_at_once()
    {
        var (account, first) = BillingAccount.Open(Confirmed(PaymentTerms.OnTerms));
        Assert.IsType<BillingCleared>(first);
        Assert.Equal(BillingStatus.Cleared, account.Status);
    }

    [Fact]
    public void Deposit_then_balance_are_requested_in_turn()
    {
        var (account, first) = BillingAccount.Open(Confirmed(PaymentTerms.DepositAndBalance, 30m));
        Assert.Equal((PaymentKinds.Deposit, 300m), (((PaymentRequested)first).Kind, ((PaymentRequested)first).Amount));
        var afterDeposit = account.RecordPayment(300m, "bank-transfer", DateTimeOffset.UtcNow);
        Assert.Equal(300m, Assert.IsType<DepositReceived>(afterDeposit[1]).Deposit);
        var balance = Assert.IsType<PaymentRequested>(afterDeposit[2]);
        Assert.Equal((PaymentKinds.Balance, 700m), (balance.Kind, balance.Amount));
        Assert.NotNull(Assert.IsType<PaymentReceived>(Assert.Single(account.RecordPayment(700m, "bank-transfer", DateTimeOffset.UtcNow))).ClearedReason);
    }

    [Fact]
    public void A_cut_total_asks_for_a_smaller_deposit_and_refunds_what_was_paid_beyond_it()
    {
        var (account, _) = BillingAccount.Open(Confirmed(PaymentTerms.DepositAndBalance, 30m));
        var cut = account.ChangeTotal(500m, [], "order changed");
        var request = Assert.IsType<PaymentRequested>(Assert.Single(cut));
        Assert.Equal((PaymentKinds.Deposit, 150m), (request.Kind, request.Amount));

        var (paid, _) = BillingAccount.Open(Confirmed(PaymentTerms.Prepaid));
        paid.RecordPayment(600m, "mockpay", DateTimeOffset.UtcNow);
        var messages = paid.ChangeTotal(400m, [("mockpay", 600m)], "order changed");
        var refund = Assert.IsType<RefundIssued>(messages[0]);
        Assert.Equal((200m, "mockpay"), (refund.Amount, refund.Route));
        Assert.IsType<BillingCleared>(messages[^1]);
        Assert.Equal((400m, 0m), (paid.Total, paid.Due));
    }

    [Fact]
    public void A_payment_must_be_positive()
        => Assert.Throws<DomainException>(() => BillingAccount.Open(Confirmed(PaymentTerms.Prepaid)).Account.RecordPayment(0m, "x", DateTimeOffset.UtcNow));
}

public class ShipmentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Shipment NewShipment() => new()
    {
        OrderId = Guid.NewGuid(), OrderNumber = "SO-1", DispatchNoteNumber = "DN-1", Carrier = "ZTO", CarrierReason = "cheapest",
        TrackingNumber = "ZTO1", Lines = [new OrderLine("FB-PRO-5", 1, 199m, "")], Address = new("a", "1", "p", "c", "l", "310000"),
    };

    [Fact]
    public void The_first_carrier_event_dispatches_the_goods_once()
    {
        var shipment = NewShipment();
        var first = shipment.Apply(ShipmentStatuses.PickedUp, T0, null, null, null);
        Assert.IsType<ShipmentDispatched>(first[0]);
        var second = shipment.Apply(ShipmentStatuses.InTransit, T0.AddHours(1), null, null, null);
        Assert.IsType<ShipmentStatusChanged>(Assert.Single(second));
    }

    [Fact]
    public void An_event_older_than_the_current_state_never_moves_the_shipment_backwards()
    {
        var shipment = NewShipment();
        shipment.Apply(ShipmentStatuses.Delivered, T0.AddHours(5), "Li Wei", null, null);
        Assert.Empty(shipment.Apply(ShipmentStatuses.InTransit, T0.AddHours(1), null, null, null));
        Assert.Equal(ShipmentStatuses.Delivered, shipment.Status);
        Assert.Equal("Li Wei", shipment.SignedBy);
    }

    [Fact]
    public void An_unknown_event_type_is_refused()
        => Assert.Throws<DomainException>(() => NewShipment().Apply("Teleported", T0, null, null, null));
}

public class CarrierSelectionTests
{
    private static readonly Carrier[] Carriers =
    [
        new() { Code = "SF", Name = "SF", Express = true, BaseRate = 23m, RatePerKg = 6m, Provinces = ["*"] },
        new() { Code = "ZTO", Name = "ZTO", BaseRate = 8m, RatePerKg = 2m, Provinces = ["*"] },
        new() { Code = "DEPPON", Name = "DEPPON", Bulky = true, BaseRate = 40m, RatePerKg = 1.2m, Provinces = ["*"] },
    ];

    [Theory]
    [InlineData("Urgent", 2, "SF")]
    [InlineData("Regular", 2, "ZTO")]
    [InlineData("Regular", 80, "DEPPON")]
    public void The_carrier_follows_urgency_then_bulk_then_cost(string orderType, decimal weightKg, string expected)
    {
        var (carrier, reason) = CarrierSelection.Choose(Carriers, orderType, "Zhejiang", weightKg);
        Assert.Equal(expected, carrier.Code);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void A_carrier_is_not_given_a_consignment_above_its_weight_limit()
    {
        var cheapLight = new Carrier { Code = "LIGHT", Name = "Light", BaseRate = 1m, RatePerKg = 0.5m, MaxWeightKg = 1m, Provinces = ["*"] };
        Assert.Equal("LIGHT", CarrierSelection.Choose([.. Carriers, cheapLight], "Regular", "Zhejiang", 1m).Carrier.Code);
        Assert.Equal("ZTO", CarrierSelection.Choose([.. Carriers, cheapLight], "Regular", "Zhejiang", 1.2m).Carrier.Code);
    }

    [Fact]
    public void A_region_no_carrier_covers_is_an_error()
        => Assert.Throws<InvalidOperationException>(() => CarrierSelection.Choose(
            [new Carrier { Code = "X", Name = "X", Provinces = ["Tibet"] }], "Regular", "Zhejiang", 1m));
}

public class SurveyTests
{
    [Fact]
    public void A_survey_is_answered_once_with_a_score_from_1_to_5()
    {
        var survey = new Survey { OrderNumber = "SO-1", CustomerId = "R", Channel = "web-shop", Skus = ["FB-PRO-5"] };
        Assert.Throws<DomainException>(() => survey.Answer(6, null, DateTimeOffset.UtcNow));
        survey.Answer(5, "great", DateTimeOffset.UtcNow);
        Assert.Throws<DomainException>(() => survey.Answer(4, "again", DateTimeOffset.UtcNow));
        Assert.Equal(5, survey.Score);
    }
}

public class CaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Case Complaint() => Case.Open("AS-1", CaseKind.Complaint, "Service", "SO-1", null, "web-shop", "late", "web-shop", TimeSpan.FromHours(24), T0);

    [Fact]
    public void A_case_unanswered_past_its_first_response_sla_is_escalated_once()
    {
        var c = Complaint();
        Assert.False(c.EscalateIfOverdue(T0.AddHours(23)));
        Assert.True(c.EscalateIfOverdue(T0.AddHours(24)));
        Assert.False(c.EscalateIfOverdue(T0.AddHours(25)));
        Assert.Equal(CaseStatus.Escalated, c.Status);
        Assert.Equal(["Opened", "Escalated"], c.Steps.Select(s => s.Action));
    }

    [Fact]
    public void A_case_answered_in_time_is_not_escalated()
    {
        var c = Complaint();
        c.Respond("agent", "sorry, looking into it", T0.AddHours(1));
        Assert.False(c.EscalateIfOverdue(T0.AddHours(30)));
        Assert.Equal(CaseStatus.Responded, c.Status);
        Assert.Equal(T0.AddHours(1), c.FirstRespondedAt);
    }

    [Fact]
    public void A_resolved_case_takes_no_more_responses()
    {
        var c = Complaint();
        c.Resolve("agent", "refunded shipping", T0.AddHours(2));
        Assert.Throws<DomainException>(() => c.Respond("agent", "again", T0.AddHours(3)));
        Assert.Throws<DomainException>(() => c.Resolve("agent", "again", T0.AddHours(3)));
    }
}

public class InvoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_tax_is_the_VAT_part_of_the_amount_and_the_net_the_rest()
    {
        var invoice = Invoice.Issue("INV-2026-000001", InvoiceTypes.Normal, "R-0001", "SO-1", null, "Li Wei", null, "goods", 398m, 0.13m, "finance", Now);
        Assert.Equal((45.79m, 352.21m), (invoice.Tax, invoice.Net));
    }

    [Fact]
    public void A_special_VAT_invoice_needs_the_tax_id_and_nothing_owed_is_not_invoiced()
    {
        Assert.Throws<DomainException>(() => Invoice.Issue("INV-1", InvoiceTypes.SpecialVat, "C-A001", "SO-1", null, "Co", null, "goods", 100m, 0.13m, "f", Now));
        Assert.Throws<DomainException>(() => Invoice.Issue("INV-1", InvoiceTypes.Normal, "R-0001", "SO-1", null, "Li", null, "goods", 0m, 0.13m, "f", Now));
    }

    private static BillingAccount OnTerms(string number, decimal total)
        => BillingAccount.Open(new OrderConfirmed(Guid.NewGuid(), number, "C-A001", "A", PaymentTerms.OnTerms, 0m, total, Now, true)).Account;

    [Fact]
    public void A_statement_lists_the_orders_on_terms_once_and_a_second_finds_none()
    {
        var accounts = new[] { OnTerms("SO-1", 1000m), OnTerms("SO-2", 500m) };
        var statement = Statement.Build("ST-1", "C-A001", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), accounts, "finance", Now);
        Assert.Equal((2, 1500m, 1500m), (statement.Lines.Count, statement.Total, statement.Due));
        Assert.All(accounts, a => Assert.Equal("ST-1", a.StatementNumber));
        Assert.Throws<DomainException>(() => Statement.Build("ST-2", "C-A001", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), accounts, "finance", Now));
    }
}
