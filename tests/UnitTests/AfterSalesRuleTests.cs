using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public class ReturnRequestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly OrderLine Ball = new("FB-PRO-5", 2, 199m, "");

    private static ReturnRequest Requested(string kind = ReturnKinds.Return) =>
        ReturnRequest.Request("RMA-1", kind, Guid.NewGuid(), "SO-1", "web-shop", [Ball], "seam split", "web-shop", T0);

    private static ReturnRequest Received(string kind = ReturnKinds.Return)
    {
        var r = Requested(kind);
        r.Approve("agent", "ok", T0);
        r.OnPickupArranged("ZTO", "ZTO1", T0);
        r.OnReceived("clerk", T0, T0);
        r.DequeueMessages();
        return r;
    }

    [Fact]
    public void A_request_is_valued_at_the_ordered_price_and_approval_asks_logistics_for_a_pickup()
    {
        var r = Requested();
        Assert.Equal(398m, r.Value);
        r.Approve("agent", "within 7 days", T0);
        var approved = Assert.IsType<ReturnApproved>(Assert.Single(r.DequeueMessages()));
        Assert.Equal(("RMA-1", 2), (approved.ReturnNumber, approved.Lines[0].Quantity));
        Assert.Equal(ReturnStatus.Approved, r.Status);
    }

    [Fact]
    public void A_return_moves_through_pickup_arrival_and_inspection_to_a_refund()
    {
        var r = Requested();
        r.Approve("agent", "ok", T0);
        r.OnPickupArranged("ZTO", "ZTO1", T0);
        r.OnPickupArranged("ZTO", "ZTO2", T0);
        Assert.Equal(("ZTO1", ReturnStatus.PickupArranged), (r.ReturnTrackingNumber, r.Status));
        r.OnReceived("clerk", T0, T0);
        r.DequeueMessages();
        r.Inspect("qc", true, "as new", T0);
        var inspected = Assert.IsType<ReturnInspected>(Assert.Single(r.DequeueMessages()));
        Assert.Equal((true, 398m), (inspected.Passed, inspected.RefundAmount));
        r.OnSettled(398m, "refunded", T0);
        Assert.Equal((ReturnStatus.Completed, 398m), (r.Status, r.Refunded));
        Assert.Equal(["Requested", "Approved", "PickupArranged", "Received", "InspectionPassed", "Refunded"], r.Steps.Select(s => s.Action));
    }

    [Fact]
    public void A_passed_exchange_asks_for_a_replacement_and_no_refund()
    {
        var r = Received(ReturnKinds.Exchange);
        r.Inspect("qc", true, "wrong size, unworn", T0);
        var messages = r.DequeueMessages();
        Assert.Equal(0m, Assert.IsType<ReturnInspected>(messages[0]).RefundAmount);
        Assert.Equal("RMA-1", Assert.IsType<ReplacementRequested>(messages[1]).Reference);
        r.OnSettled(0m, "not for an exchange", T0);
        Assert.Equal(ReturnStatus.Accepted, r.Status);
        r.OnReplacementShipped("ZTO", "ZTO9", T0);
        Assert.Equal((ReturnStatus.Completed, "ZTO9"), (r.Status, r.ReplacementTrackingNumber));
    }

    [Fact]
    public void A_failed_inspection_refuses_the_return_without_refund_or_replacement()
    {
        var r = Received(ReturnKinds.Exchange);
        r.Inspect("qc", false, "used and dirty", T0);
        var inspected = Assert.IsType<ReturnInspected>(Assert.Single(r.DequeueMessages()));
        Assert.False(inspected.Passed);
        Assert.Equal(ReturnStatus.Refused, r.Status);
        Assert.False(r.IsOpen);
        Assert.False(r.HoldsQuantity);
    }

    [Fact]
    public void Steps_out_of_turn_are_refused()
    {
        var r = Requested();
        Assert.Throws<DomainException>(() => r.Inspect("qc", true, "too early", T0));
        r.Reject("agent", "outside the return window", T0);
        Assert.Throws<DomainException>(() => r.Approve("agent", "changed my mind", T0));
        Assert.Throws<DomainException>(() => r.Reject("agent", "again", T0));
        Assert.Empty(r.DequeueMessages());
        Assert.Throws<DomainException>(() => ReturnRequest.Request("RMA-2", "Swap", Guid.NewGuid(), "SO-1", "web-shop", [Ball], "x", "x", T0));
        Assert.Throws<DomainException>(() => ReturnRequest.Request("RMA-2", ReturnKinds.Return, Guid.NewGuid(), "SO-1", "web-shop", [], "x", "x", T0));
    }
}

public class ReshipmentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Case DeliveryException() =>
        Case.Open("AS-1", CaseKind.DeliveryException, "Delivery", "SO-1", Guid.NewGuid(), "web-shop", "ZTO1: Damaged", "carrier:ZTO", TimeSpan.FromHours(24), T0);

    [Fact]
    public void A_reshipment_is_requested_once_and_counts_as_the_first_response()
    {
        var c = DeliveryException();
        var request = c.RequestReshipment("agent", [new OrderLine("FB-PRO-5", 1, 199m, "")], "box crushed", T0.AddHours(1));
        Assert.Equal(("AS-1", "SO-1"), (request.Reference, request.OrderNumber));
        Assert.Equal((CaseStatus.Responded, T0.AddHours(1)), (c.Status, c.FirstRespondedAt));
        Assert.Throws<DomainException>(() => c.RequestReshipment("agent", [new OrderLine("FB-PRO-5", 1, 199m, "")], "again", T0));
        c.OnReshipped("ZTO", "ZTO2", T0.AddHours(2));
        c.OnReshipped("ZTO", "ZTO3", T0.AddHours(3));
        Assert.Equal("ZTO2", c.ReplacementTrackingNumber);
        Assert.Equal(["Opened", "ReshipmentRequested", "Reshipped"], c.Steps.Select(s => s.Action));
    }

    [Fact]
    public void A_resolved_case_or_one_without_an_order_cannot_reship()
    {
        var resolved = DeliveryException();
        resolved.Resolve("agent", "compensated", T0);
        Assert.Throws<DomainException>(() => resolved.RequestReshipment("agent", [new OrderLine("FB-PRO-5", 1, 199m, "")], "x", T0));
        var orphan = Case.Open("AS-2", CaseKind.Complaint, "Other", "SO-9", null, "", "?", "agent", TimeSpan.FromHours(24), T0);
        Assert.Throws<DomainException>(() => orphan.RequestReshipment("agent", [new OrderLine("FB-PRO-5", 1, 199m, "")], "x", T0));
        Assert.Throws<DomainException>(() => Case.Open("AS-3", CaseKind.Complaint, "Weather", "SO-1", null, "", "?", "agent", TimeSpan.FromHours(24), T0));
    }
}

public class ReturnSettlementTests
{
    private static BillingAccount Paid(string terms, decimal paid)
    {
        var (account, _) = BillingAccount.Open(new OrderConfirmed(Guid.NewGuid(), "SO-1", "C", "A", terms, 0m, 1000m, DateTimeOffset.UtcNow, true));
        if (paid > 0) account.RecordPayment(paid, "mockpay", DateTimeOffset.UtcNow);
        return account;
    }

    [Fact]
    public void A_prepaid_return_is_refunded_through_the_route_the_money_came()
    {
        var account = Paid(PaymentTerms.Prepaid, 1000m);
        var refund = Assert.Single(account.AcceptReturn("RMA-1", 398m, [("mockpay", 1000m)], "return"));
        Assert.Equal((398m, "mockpay", "RMA-1"), (refund.Amount, refund.Route, refund.Reference));
        Assert.Equal((398m, 398m, 0m), (account.Refunded, account.Returned, account.Due));
    }

    [Fact]
    public void A_return_on_terms_with_nothing_paid_is_credited_not_refunded()
    {
        var account = Paid(PaymentTerms.OnTerms, 0m);
        Assert.Empty(account.AcceptReturn("RMA-1", 398m, [], "return"));
        Assert.Equal((0m, 602m), (account.Refunded, account.Due));
    }

    [Fact]
    public void A_part_paid_order_refunds_only_what_was_paid_beyond_what_is_still_owed()
    {
        var account = Paid(PaymentTerms.OnTerms, 800m);
        var refund = Assert.Single(account.AcceptReturn("RMA-1", 398m, [("bank-transfer", 800m)], "return"));
        Assert.Equal(198m, refund.Amount);
        Assert.Equal(0m, account.Due);
    }

    [Fact]
    public void Returns_beyond_the_order_total_or_on_a_cancelled_order_are_refused()
    {
        var account = Paid(PaymentTerms.Prepaid, 1000m);
        account.AcceptReturn("RMA-1", 900m, [("mockpay", 1000m)], "return");
        Assert.Throws<DomainException>(() => account.AcceptReturn("RMA-2", 200m, [("mockpay", 100m)], "return"));
        Assert.Throws<DomainException>(() => account.AcceptReturn("RMA-2", 0m, [("mockpay", 100m)], "return"));
        var cancelled = Paid(PaymentTerms.Prepaid, 1000m);
        cancelled.Cancel([("mockpay", 1000m)], "cancelled");
        Assert.Throws<DomainException>(() => cancelled.AcceptReturn("RMA-1", 100m, [], "return"));
    }
}

public class StockIssueTests
{
    [Fact]
    public void Issuing_takes_only_available_stock()
    {
        var stock = StockItem.Create("FB-PRO-5", "WH-SH", 10);
        stock.ReserveUpTo(8);
        stock.Issue(2);
        Assert.Equal((8, 8, 0), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Throws<DomainException>(() => stock.Issue(1));
        Assert.Throws<DomainException>(() => stock.Issue(0));
    }
}

public class LowStockAlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stock_below_its_threshold_raises_one_alert_that_clears_once_stock_is_back()
    {
        Assert.Null(LowStockAlert.RaiseIfLow("RK-CARBON", 10, 10, null, T0));
        var alert = LowStockAlert.RaiseIfLow("RK-CARBON", 10, 9, null, T0)!;
        Assert.Equal((9, 10), (alert.Available, alert.Threshold));
        Assert.Null(LowStockAlert.RaiseIfLow("RK-CARBON", 10, 3, alert, T0));
        Assert.False(alert.Update(3, T0));
        Assert.Equal(3, alert.Available);
        Assert.True(alert.Update(12, T0.AddHours(1)));
        Assert.Equal(T0.AddHours(1), alert.ClearedAt);
        Assert.False(alert.Update(0, T0.AddHours(2)));
        Assert.Null(LowStockAlert.RaiseIfLow("JR-TEAM-CUSTOM", 0, 0, null, T0));
    }
}

public class DispatchSlaTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly HashSet<DateOnly> NoHolidays = [];

    [Fact]
    public void Three_working_days_skip_the_weekend()
    {
        var friday = new DateTimeOffset(2026, 11, 20, 15, 0, 0, China);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 15, 0, 0, China), WorkingDays.Add(friday, 3, NoHolidays));
        var saturday = new DateTimeOffset(2026, 11, 21, 10, 0, 0, China);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, China), WorkingDays.Add(saturday, 3, NoHolidays));
    }

    [Fact]
    public void Public_holidays_are_not_working_days()
    {
        var monday = new DateTimeOffset(2026, 9, 28, 9, 0, 0, China);
        HashSet<DateOnly> golden = [new(2026, 10, 1), new(2026, 10, 2), new(2026, 10, 5), new(2026, 10, 6), new(2026, 10, 7)];
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 9, 0, 0, China), WorkingDays.Add(monday, 3, golden));
    }

    [Fact]
    public void An_order_still_in_the_warehouse_when_due_is_flagged_once_and_a_dispatched_or_cancelled_one_never()
    {
        var confirmed = new DateTimeOffset(2026, 11, 23, 9, 0, 0, China);
        var late = DispatchSla.Start(Guid.NewGuid(), "SO-1", confirmed, 3, NoHolidays);
        Assert.False(late.FlagIfOverdue(late.DueAt.AddMinutes(-1)));
        Assert.True(late.FlagIfOverdue(late.DueAt));
        Assert.False(late.FlagIfOverdue(late.DueAt.AddHours(1)));
        Assert.True(late.Late);

        var onTime = DispatchSla.Start(Guid.NewGuid(), "SO-2", confirmed, 3, NoHolidays);
        onTime.Dispatched(confirmed.AddDays(1));
        Assert.False(onTime.FlagIfOverdue(onTime.DueAt.AddDays(1)));
        Assert.False(onTime.Late);

        var cancelled = DispatchSla.Start(Guid.NewGuid(), "SO-3", confirmed, 3, NoHolidays);
        cancelled.Cancel();
        Assert.False(cancelled.FlagIfOverdue(cancelled.DueAt.AddDays(1)));
    }
}

public class LogisticsReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<DateOnly> NoHolidays = [];

    private static Shipment Shipment(string carrier, string purpose = ShipmentPurposes.Order) => new()
    {
        OrderNumber = "SO-1", DispatchNoteNumber = "DN-1", Carrier = carrier, CarrierReason = "rule", TrackingNumber = Guid.NewGuid().ToString(),
        Lines = [], Address = new Address("a", "b", "c", "d", "e", "f"), Purpose = purpose,
    };

    [Fact]
    public void The_logistics_report_rates_compliance_against_dispatched_and_overdue_and_exceptions_per_carrier()
    {
        // Three confirmed from stock: one dispatched on time, one late, one still waiting past its due moment.
        var report = LogisticsReports.Build(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), new DispatchCounts(3, 2, 1, 1),
            [new CarrierCounts("ZTO", 2, 1, 1), new CarrierCounts("SF", 1, 0, 0)]);

        Assert.Equal(new DispatchFigures(ConfirmedFromStock: 3, Dispatched: 2, DispatchedOnTime: 1, DispatchedLate: 1, WaitingOverdue: 1, Compliance: 0.3333m), report.Dispatch);
        Assert.Equal([new CarrierFigures("SF", 1, 0, 0, 0m), new CarrierFigures("ZTO", 2, 1, 1, 0.5m)], report.Carriers);
        Assert.Null(LogisticsReports.Build(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), new DispatchCounts(0, 0, 0, 0), []).Dispatch.Compliance);
    }
}

public class AfterSalesReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_report_counts_reasons_return_rates_satisfaction_by_product_and_sla_compliance()
    {
        var answeredInTime = Case.Open("AS-1", CaseKind.Complaint, "Quality", "SO-1", null, "web-shop", "seam", "c", TimeSpan.FromHours(24), T0);
        answeredInTime.Respond("agent", "sorry", T0.AddHours(2));
        var escalated = Case.Open("AS-2", CaseKind.Complaint, "Quality", "SO-2", null, "web-shop", "seam", "c", TimeSpan.FromHours(24), T0);
        escalated.EscalateIfOverdue(T0.AddHours(25));
        var notYetDue = Case.Open("AS-3", CaseKind.DeliveryException, "Delivery", "SO-3", null, "web-shop", "lost", "c", TimeSpan.FromHours(24), T0.AddDays(2));
        OrderLine balls = new("FB-PRO-5", 10, 199m, ""), shoes = new("RS-AIR-42", 1, 699m, "");
        var returned = ReturnRequest.Request("RMA-1", ReturnKinds.Return, Guid.NewGuid(), "SO-1", "web-shop", [balls with { Quantity = 2 }], "x", "c", T0);
        var rejected = ReturnRequest.Request("RMA-2", ReturnKinds.Return, Guid.NewGuid(), "SO-2", "web-shop", [shoes], "x", "c", T0);
        rejected.Reject("agent", "outside the window", T0);
        // Two surveys answered: 5 for a ball and shoes, 2 for a ball (the database's averages, unrounded).
        var surveys = new SurveyCounts(2, 3.5m, [new ProductSatisfaction("RS-AIR-42", 1, 5m), new ProductSatisfaction("FB-PRO-5", 2, 3.5000000001m)]);

        var claimed = Case.OpenDeliveryException("AS-4", "SO-1", Guid.NewGuid(), "web-shop", "SF", "SF1", DeliveryExceptionCodes.Damaged, "box crushed",
            TimeSpan.FromHours(24), T0);
        claimed.OpenClaim("CL-1", "agent", [balls with { Quantity = 2 }], 398m, null, T0);
        claimed.DecideClaim("agent", true, 300m, null, T0);
        claimed.OnClaimPayment(300m, 300m, true, "SF-PAY-1", T0);
        var refused = Case.OpenDeliveryException("AS-5", "SO-2", Guid.NewGuid(), "web-shop", "SF", "SF2", DeliveryExceptionCodes.Lost, "lost",
            TimeSpan.FromHours(24), T0);
        refused.OpenClaim("CL-2", "agent", [shoes], 699m, null, T0);
        refused.DecideClaim("agent", false, null, "not insured", T0);
        var pending = Case.OpenDeliveryException("AS-6", "SO-3", Guid.NewGuid(), "web-shop", "ZTO", "ZTO1", DeliveryExceptionCodes.Damaged, "wet",
            TimeSpan.FromHours(24), T0);
        pending.OpenClaim("CL-3", "agent", [balls], 100m, null, T0);

        var report = AfterSalesReports.Build(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), [answeredInTime, escalated, notYetDue],
            new DeliveredCounts(2, new Dictionary<string, int> { ["FB-PRO-5"] = 10, ["RS-AIR-42"] = 1 }), [returned, rejected], surveys,
            [claimed.Claim!, refused.Claim!, pending.Claim!],
            T0.AddDays(2).AddHours(1));

        Assert.Equal([new ReasonCount("Quality", 2), new ReasonCount("Delivery", 1)], report.ComplaintReasons);
        Assert.Equal((2, 1, 0.5m), (report.Returns.OrdersDelivered, report.Returns.OrdersWithReturns, report.Returns.ReturnRate));
        Assert.Equal([new ProductReturns("FB-PRO-5", 10, 2, 0.2m), new ProductReturns("RS-AIR-42", 1, 0, 0m)], report.Returns.ByProduct);
        Assert.Equal((2, 3.5m), (report.Satisfaction.Responses, report.Satisfaction.AverageScore));
        Assert.Equal([new ProductSatisfaction("FB-PRO-5", 2, 3.5m), new ProductSatisfaction("RS-AIR-42", 1, 5m)], report.Satisfaction.ByProduct);
        Assert.Equal(new SlaFigures(CasesDue: 2, RespondedInTime: 1, RespondedLate: 0, Unanswered: 1, Escalated: 1, Compliance: 0.5m), report.FirstResponseSla);
        Assert.Equal([new CarrierClaimFigures("SF", 2, 1, 1, 0, 1097m, 300m, 300m), new CarrierClaimFigures("ZTO", 1, 0, 0, 1, 100m, 0m, 0m)],
            report.CarrierClaims.ByCarrier);
        Assert.Equal((3, 1197m, 300m, 300m), (report.CarrierClaims.Claims, report.CarrierClaims.AmountClaimed, report.CarrierClaims.AmountAccepted,
            report.CarrierClaims.AmountRecovered));
    }
}
