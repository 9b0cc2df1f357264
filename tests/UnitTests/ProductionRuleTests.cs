using OrderPlatform.Contracts;
using OrderPlatform.Intake.Domain;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public class ProductionOrderTests
{
    // 09:00 UTC is 17:00 in China: the signed confirmation is due by midnight China time, 7 hours later.
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Address Address = new("Wang Fang", "13900000000", "Jiangsu", "Nanjing", "8 Zhongshan Rd", "210000");
    private static readonly DateOnly Estimate = new(2026, 11, 25);

    private static Order SubmittedOrder(string grade, string kind = CustomerKinds.Business, string orderType = OrderTypes.Custom)
    {
        var terms = kind == CustomerKinds.Retail ? PaymentTerms.Prepaid : grade == "A" ? PaymentTerms.OnTerms : PaymentTerms.DepositAndBalance;
        var customer = new CustomerSnapshot($"C-{grade}001", "Team", kind, grade, terms, grade == "A" || kind == CustomerKinds.Retail ? 0m : 30m);
        var order = Order.Submit("SO-20261122-000009", "phone-desk", "phone-desk", customer, orderType,
            [new OrderLine("JR-TEAM-CUSTOM", 100, 129m, "club crest, numbers 1-100")], Address, new DateOnly(2026, 12, 10), null, [], Now);
        order.OnCreditApproved("credit-review", "ok", Now);
        order.OnStockShort([new ShortLine("JR-TEAM-CUSTOM", 100, 0, Producible: true)], Now);
        return order;
    }

    private static Order PlannedOrder(string grade, string kind = CustomerKinds.Business)
    {
        var order = SubmittedOrder(grade, kind);
        order.OnProductionPlanned([new PlannedWorkOrder("WO-1", "JR-TEAM-CUSTOM", 100, "LINE-1", Estimate)], Estimate, Now);
        return order;
    }

    [Fact]
    public void A_short_made_in_house_line_asks_production_to_make_it_with_its_specification()
    {
        var order = SubmittedOrder("B");
        var request = Assert.IsType<RequestProduction>(order.DequeueMessages().Last());
        var item = Assert.Single(request.Items);
        Assert.Equal(("JR-TEAM-CUSTOM", 100, "club crest, numbers 1-100"), (item.Sku, item.Quantity, item.Specification));
        Assert.Equal(OrderStatus.Submitted, order.Status);
    }

    [Fact]
    public void A_short_bought_in_line_puts_the_order_on_a_stock_hold_for_the_customer()
    {
        var fresh = Order.Submit("SO-2", "phone-desk", "desk", new CustomerSnapshot("C-C001", "x", CustomerKinds.Business, "C", PaymentTerms.DepositAndBalance, 30m),
            OrderTypes.Regular, [new OrderLine("RS-AIR-42", 10, 699m, "")], Address, new DateOnly(2026, 12, 10), null, [], Now);
        fresh.OnCreditApproved("credit-review", "ok", Now);
        fresh.OnStockShort([new ShortLine("RS-AIR-42", 10, 4)], Now);
        Assert.Equal(OrderStatus.OnHold, fresh.Status);
        Assert.Equal((HoldKinds.Stock, "customer"), (fresh.Holds[0].Kind, fresh.Holds[0].MustAct));
    }

    [Fact]
    public void Planned_production_confirms_the_order_with_the_estimated_completion_as_promised_date()
    {
        var order = PlannedOrder("B");
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(Estimate, order.PromisedDate);
        Assert.False(Assert.Single(order.DequeueMessages().OfType<OrderConfirmed>()).FromStock);
    }

    [Fact]
    public void Grade_A_goes_to_production_without_waiting_for_the_signed_confirmation()
    {
        var order = PlannedOrder("A");
        Assert.Equal(OrderStatus.InProduction, order.Status);
        Assert.Single(order.DequeueMessages().OfType<ReleaseProduction>());
        Assert.Empty(order.Holds);
    }

    [Fact]
    public void Grade_B_waits_for_both_the_signed_confirmation_and_the_deposit()
    {
        var order = PlannedOrder("B");
        Assert.Equal(HoldKinds.Confirmation, Assert.Single(order.Holds).Kind);
        order.RecordSignedConfirmation("Zhang San", "desk", null, Now.AddHours(1));
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Empty(order.DequeueMessages().OfType<ReleaseProduction>());
        order.OnDepositReceived(3870m, 3870m, Now.AddHours(2));
        Assert.Equal(OrderStatus.InProduction, order.Status);
        Assert.Single(order.DequeueMessages().OfType<ReleaseProduction>());
        Assert.Empty(order.Holds);
    }

    [Fact]
    public void A_signed_confirmation_back_the_same_day_keeps_the_promised_date()
    {
        var order = PlannedOrder("B");
        order.RecordSignedConfirmation("Zhang San", "desk", null, Now.AddHours(6));
        Assert.Equal(Estimate, order.PromisedDate);
    }

    [Theory]
    [InlineData(8, 1)]   // 01:00 China time the next day: one day late
    [InlineData(30, 1)]  // 23:00 China time the next day
    [InlineData(32, 2)]  // the day after
    public void A_late_signed_confirmation_slips_the_promised_date_a_day_for_each_day_late(int hoursAfter, int slip)
    {
        var order = PlannedOrder("B");
        order.RecordSignedConfirmation("Zhang San", "desk", null, Now.AddHours(hoursAfter));
        Assert.Equal(Estimate.AddDays(slip), order.PromisedDate);
        Assert.Contains(order.Timeline, t => t.Event == "PromisedDateSlipped");
    }

    [Fact]
    public void The_slip_carries_into_a_later_reschedule()
    {
        var order = PlannedOrder("B");
        order.RecordSignedConfirmation("Zhang San", "desk", TimeSpan.FromHours(1), Now.AddHours(2));
        order.OnProductionRescheduled(Estimate, Estimate.AddDays(2), "urgent order ahead", Now.AddHours(3));
        Assert.Equal(Estimate.AddDays(3), order.PromisedDate);
    }

    [Fact]
    public void A_repeated_signed_confirmation_has_no_second_effect()
    {
        var order = PlannedOrder("B");
        order.RecordSignedConfirmation("Zhang San", "desk", TimeSpan.FromHours(1), Now.AddHours(30));
        var promised = order.PromisedDate;
        var entries = order.Timeline.Count;
        order.RecordSignedConfirmation("Zhang San", "desk", TimeSpan.FromHours(1), Now.AddHours(80));
        Assert.Equal((promised, entries), (order.PromisedDate, order.Timeline.Count));
    }

    [Fact]
    public void A_retail_order_has_no_signed_confirmation_and_one_before_confirmation_is_refused()
    {
        Assert.Throws<DomainException>(() => PlannedOrder("C", CustomerKinds.Retail).RecordSignedConfirmation("x", "desk", null, Now));
        Assert.Throws<DomainException>(() => SubmittedOrder("B").RecordSignedConfirmation("x", "desk", null, Now));
    }

    [Fact]
    public void A_retail_custom_order_goes_to_production_once_paid_in_full()
    {
        var order = PlannedOrder("C", CustomerKinds.Retail);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        order.OnBillingCleared("paid", 12900m, 0m, Now);
        Assert.Equal(OrderStatus.InProduction, order.Status);
    }

    [Fact]
    public void Produced_goods_make_a_paid_order_ready_to_ship_and_an_unpaid_one_wait_for_the_balance()
    {
        var paid = PlannedOrder("A");
        paid.OnBillingCleared("terms", 0m, 12900m, Now);
        Assert.Equal(OrderStatus.InProduction, paid.Status);
        paid.OnProducedGoodsReserved("WO-1", "JR-TEAM-CUSTOM", 100, "WH-SH", Now);
        Assert.Equal(OrderStatus.ReadyToShip, paid.Status);

        var unpaid = PlannedOrder("B");
        unpaid.RecordSignedConfirmation("Zhang San", "desk", null, Now);
        unpaid.OnDepositReceived(3870m, 3870m, Now);
        unpaid.OnProducedGoodsReserved("WO-1", "JR-TEAM-CUSTOM", 100, "WH-SH", Now);
        Assert.Equal(OrderStatus.AwaitingPayment, unpaid.Status);
        unpaid.OnBillingCleared("balance paid", 12900m, 0m, Now);
        Assert.Equal(OrderStatus.ReadyToShip, unpaid.Status);
    }

    [Fact]
    public void A_failed_technical_check_puts_the_order_on_hold_for_sales()
    {
        var order = SubmittedOrder("B");
        order.OnTechnicalCheckFailed("JR-TEAM-CUSTOM: raw material for 10 units, 100 needed", Now);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Equal((HoldKinds.Technical, "staff:sales-manager"), (order.Holds[0].Kind, order.Holds[0].MustAct));
    }

    [Fact]
    public void Sales_can_have_the_technical_check_run_again_once_what_was_missing_is_put_right()
    {
        var order = SubmittedOrder("B");
        order.OnTechnicalCheckFailed("JR-TEAM-CUSTOM: raw material for 10 units, 100 needed", Now);
        order.DequeueMessages();
        order.RetryTechnicalCheck("manager", "fabric delivered", Now);
        Assert.Equal(OrderStatus.Submitted, order.Status);
        Assert.Equal(100, Assert.Single(Assert.IsType<RequestProduction>(Assert.Single(order.DequeueMessages())).Items).Quantity);
        Assert.Throws<DomainException>(() => order.RetryTechnicalCheck("manager", "again", Now));
    }

    [Fact]
    public void Production_planned_after_a_cancellation_is_cancelled_too()
    {
        var order = SubmittedOrder("B");
        order.Cancel("desk", "customer changed mind", Now);
        order.DequeueMessages();
        order.OnProductionPlanned([new PlannedWorkOrder("WO-1", "JR-TEAM-CUSTOM", 100, "LINE-1", Estimate)], Estimate, Now);
        Assert.IsType<CancelProduction>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void Goods_finished_for_a_cancelled_order_are_released_back_to_stock()
    {
        var order = PlannedOrder("A");
        order.Cancel("desk", "no longer needed", Now);
        order.DequeueMessages();
        order.OnProducedGoodsReserved("WO-1", "JR-TEAM-CUSTOM", 100, "WH-SH", Now);
        Assert.IsType<ReleaseStock>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void A_later_reschedule_moves_the_promised_date_and_an_earlier_one_does_not()
    {
        var order = PlannedOrder("A");
        order.OnProductionRescheduled(Estimate, Estimate.AddDays(1), "urgent order ahead", Now);
        Assert.Equal(Estimate.AddDays(1), order.PromisedDate);
        Assert.Contains(order.Timeline, t => t.Event == "Rescheduled");
        order.OnProductionRescheduled(Estimate.AddDays(1), Estimate, "ahead of plan", Now);
        Assert.Equal(Estimate.AddDays(1), order.PromisedDate);
    }
}

public class ShortageChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Order ShortOrder(int reserved)
    {
        var order = Order.Submit("SO-3", "phone-desk", "desk", new CustomerSnapshot("C-C001", "x", CustomerKinds.Business, "C", PaymentTerms.DepositAndBalance, 30m),
            OrderTypes.Regular, [new OrderLine("RS-AIR-42", 10, 699m, ""), new OrderLine("FB-PRO-5", 2, 199m, "")],
            new Address("a", "13900000000", "p", "c", "l", "210000"), new DateOnly(2026, 12, 10), null, [], Now);
        order.OnCreditApproved("credit-review", "ok", Now);
        order.OnStockShort([new ShortLine("RS-AIR-42", 10, reserved)], Now);
        order.DequeueMessages();
        return order;
    }

    [Fact]
    public void Waiting_keeps_the_hold_until_a_receipt_fills_the_backorder_then_the_whole_order_is_confirmed()
    {
        var order = ShortOrder(4);
        order.ChooseShortageOption(ShortageChoices.Wait, "desk", Now);
        Assert.Equal(("inventory", OrderStatus.OnHold), (order.Holds[0].MustAct, order.Status));
        order.OnStockReserved([new ReservedLine("RS-AIR-42", 10, "WH-SH"), new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(7388m, order.Total);
    }

    [Fact]
    public void Shipping_the_available_part_reduces_the_order_to_what_is_reserved()
    {
        var order = ShortOrder(4);
        order.ChooseShortageOption(ShortageChoices.ShipAvailable, "desk", Now);
        Assert.IsType<ShipAvailablePart>(Assert.Single(order.DequeueMessages()));
        order.OnStockReserved([new ReservedLine("RS-AIR-42", 4, "WH-SH"), new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(4, order.Lines.Single(l => l.Sku == "RS-AIR-42").Quantity);
        Assert.Equal(4 * 699m + 2 * 199m, order.Total);
        var messages = order.DequeueMessages();
        Assert.Equal(order.Total, Assert.Single(messages.OfType<OrderLinesChanged>()).Total);
        Assert.Equal(order.Total, Assert.Single(messages.OfType<OrderConfirmed>()).Total);
    }

    [Fact]
    public void Cancelling_on_a_shortage_cancels_the_order()
    {
        var order = ShortOrder(4);
        order.ChooseShortageOption(ShortageChoices.Cancel, "desk", Now);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Fact]
    public void A_second_choice_or_a_choice_without_a_shortage_is_refused()
    {
        var order = ShortOrder(4);
        order.ChooseShortageOption(ShortageChoices.Wait, "desk", Now);
        Assert.Throws<DomainException>(() => order.ChooseShortageOption(ShortageChoices.ShipAvailable, "desk", Now));
        var confirmed = ShortOrder(4);
        confirmed.OnStockReserved([new ReservedLine("RS-AIR-42", 10, "WH-SH")], Now);
        Assert.Throws<DomainException>(() => confirmed.ChooseShortageOption(ShortageChoices.Wait, "desk", Now));
    }
}

public class WorkOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static WorkOrder New(string number = "WO-1", string type = "Regular", string grade = "B", int quantity = 100, DateOnly? due = null, int minutes = 0) => new()
    {
        Number = number, OrderNumber = $"SO-{number}", Grade = grade, OrderType = type, DueDate = due ?? new DateOnly(2026, 12, 10),
        OrderSubmittedAt = Now.AddMinutes(minutes), Sku = "JR-TEAM-CUSTOM", Quantity = quantity, Line = "LINE-1", Warehouse = "WH-SH", CreatedAt = Now,
    };

    [Fact]
    public void Progress_before_release_is_refused()
        => Assert.Throws<DomainException>(() => New().ReportProgress(10, "planner", null, Now));

    [Fact]
    public void A_finished_batch_waits_for_QC_a_failure_goes_back_to_rework_and_a_pass_completes_it()
    {
        var w = New();
        w.Release("deposit in", Now);
        w.ReportProgress(60, "planner", null, Now);
        Assert.Equal(WorkOrderStatus.InProgress, w.Status);
        Assert.Throws<DomainException>(() => w.Inspect(true, "ok", "qc", Now));
        w.ReportProgress(40, "planner", null, Now);
        Assert.Equal(WorkOrderStatus.AwaitingInspection, w.Status);
        w.Inspect(false, "crest misprinted", "qc", Now);
        Assert.Equal((WorkOrderStatus.Rework, 0, 1), (w.Status, w.Done, w.Reworks));
        w.ReportProgress(100, "planner", null, Now);
        w.Inspect(true, "ok", "qc", Now);
        Assert.Equal(WorkOrderStatus.Passed, w.Status);
    }

    [Fact]
    public void More_progress_than_is_left_is_refused()
    {
        var w = New();
        w.Release("ok", Now);
        w.ReportProgress(90, "planner", null, Now);
        Assert.Throws<DomainException>(() => w.ReportProgress(11, "planner", null, Now));
    }

    [Fact]
    public void Only_an_unstarted_work_order_is_cancelled()
    {
        var unstarted = New();
        unstarted.Release("ok", Now);
        Assert.True(unstarted.CancelIfUnstarted("order cancelled", Now));
        var started = New();
        started.Release("ok", Now);
        started.ReportProgress(1, "planner", null, Now);
        Assert.False(started.CancelIfUnstarted("order cancelled", Now));
        Assert.Equal(WorkOrderStatus.InProgress, started.Status);
    }

    [Fact]
    public void The_schedule_puts_urgent_first_then_grade_then_due_date_then_arrival()
    {
        var order = Schedule.Sequence([
            New("WO-late-due", grade: "A", due: new DateOnly(2026, 12, 20), minutes: 0),
            New("WO-C", grade: "C", minutes: -10),
            New("WO-urgent", type: "Urgent", grade: "C", minutes: 30),
            New("WO-early-due", grade: "A", due: new DateOnly(2026, 12, 1), minutes: 20),
            New("WO-A-later", grade: "A", due: new DateOnly(2026, 12, 20), minutes: 5),
        ]).Select(w => w.Number);
        Assert.Equal(["WO-urgent", "WO-early-due", "WO-late-due", "WO-A-later", "WO-C"], order);
    }

    private static readonly Dictionary<string, ProductionLine> Line1 = new() { ["LINE-1"] = new ProductionLine { Code = "LINE-1", Name = "Line 1", DailyCapacity = 200 } };

    [Fact]
    public void A_line_that_does_not_work_on_weekends_finishes_on_its_next_working_day()
    {
        var saturday = new DateOnly(2026, 11, 21);
        var weekdays = new Dictionary<string, ProductionLine>
            { ["LINE-1"] = new ProductionLine { Code = "LINE-1", Name = "Line 1", DailyCapacity = 200, WorkingDays = [1, 2, 3, 4, 5] } };
        var plan = Schedule.Plan([New("WO-1", quantity: 150, minutes: 0), New("WO-2", quantity: 100, minutes: 1), New("WO-3", quantity: 400, minutes: 2)],
            weekdays, saturday);
        Assert.Equal(new DateOnly(2026, 11, 23), plan["WO-1"]); // Monday: units 1-150
        Assert.Equal(new DateOnly(2026, 11, 24), plan["WO-2"]); // Tuesday: units 151-250
        Assert.Equal(new DateOnly(2026, 11, 26), plan["WO-3"]); // units 251-650: the last 50 on Thursday, the fourth working day
    }

    [Fact]
    public void A_lines_load_fills_each_working_day_to_capacity_in_the_days_the_plan_uses()
    {
        var saturday = new DateOnly(2026, 11, 21);
        var line = new ProductionLine { Code = "LINE-1", Name = "Line 1", DailyCapacity = 200, WorkingDays = [1, 2, 3, 4, 5] };
        var load = Schedule.Load([New("WO-1", quantity: 150, minutes: 0), New("WO-2", quantity: 100, minutes: 1), New("WO-3", quantity: 400, minutes: 2)],
            line, saturday);
        // 650 units: Monday to Wednesday full, 50 on Thursday; no weekend day.
        Assert.Equal([(new DateOnly(2026, 11, 23), 200), (new DateOnly(2026, 11, 24), 200), (new DateOnly(2026, 11, 25), 200), (new DateOnly(2026, 11, 26), 50)],
            load.Select(d => (d.Day, d.Units)));
        Assert.All(load, d => Assert.Equal(200, d.Capacity));
        Assert.Empty(Schedule.Load([], line, saturday));
    }

    [Fact]
    public void Estimated_completion_fills_the_daily_capacity_from_today()
    {
        var today = new DateOnly(2026, 11, 22);
        var plan = Schedule.Plan([New("WO-1", quantity: 150, minutes: 0), New("WO-2", quantity: 100, minutes: 1), New("WO-3", quantity: 150, minutes: 2)],
            Line1, today);
        Assert.Equal(today, plan["WO-1"]);              // units 1-150
        Assert.Equal(today.AddDays(1), plan["WO-2"]);   // units 151-250
        Assert.Equal(today.AddDays(1), plan["WO-3"]);   // units 251-400
    }

    [Fact]
    public void An_urgent_work_order_pushes_the_others_back()
    {
        var today = new DateOnly(2026, 11, 22);
        var jersey = New("WO-jersey", quantity: 150);
        var before = Schedule.Plan([jersey], Line1, today);
        var after = Schedule.Plan([jersey, New("WO-urgent", type: "Urgent", quantity: 200, minutes: 10)], Line1, today);
        Assert.Equal((today, today.AddDays(1)), (before["WO-jersey"], after["WO-jersey"]));
        Assert.Equal(today, after["WO-urgent"]);
    }

    [Fact]
    public void The_technical_check_needs_a_routing_and_enough_raw_material()
    {
        var lines = new List<ProductionLine> { new() { Code = "LINE-1", Name = "l", DailyCapacity = 200, Skus = ["JR-TEAM-CUSTOM"] } };
        var materials = new Dictionary<string, RawMaterial> { ["JR-TEAM-CUSTOM"] = RawMaterial.Create("JR-TEAM-CUSTOM", 120) };
        Assert.True(TechnicalCheck.Run([new ProductionItem("JR-TEAM-CUSTOM", 120, "")], lines, materials).Passed);
        var tooMany = TechnicalCheck.Run([new ProductionItem("JR-TEAM-CUSTOM", 121, "")], lines, materials);
        Assert.Contains("raw material for 120 units, 121 needed", Assert.Single(tooMany.Problems));
        var noRouting = TechnicalCheck.Run([new ProductionItem("FB-PRO-5", 1, "")], lines, materials);
        Assert.Contains(noRouting.Problems, p => p.Contains("no production line has a routing"));
    }
}

public class BackorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Backorder New(string order, string type, string grade, int minutes) => new()
    {
        OrderNumber = order, Sku = "RS-AIR-42", OrderType = type, Grade = grade, Quantity = 5, CreatedAt = Now.AddMinutes(minutes),
    };

    [Fact]
    public void Receipts_serve_urgent_first_then_grade_then_arrival()
    {
        var order = Backorder.InAllocationOrder([New("SO-C-first", "Regular", "C", 0), New("SO-A", "Regular", "A", 5), New("SO-urgent-C", "Urgent", "C", 9), New("SO-C-second", "Regular", "C", 1)])
            .Select(b => b.OrderNumber);
        Assert.Equal(["SO-urgent-C", "SO-A", "SO-C-first", "SO-C-second"], order);
    }

    [Fact]
    public void A_backorder_fills_in_parts_and_refuses_more_than_is_outstanding()
    {
        var b = New("SO-1", "Regular", "C", 0);
        b.Fill(3);
        Assert.Equal((BackorderStatus.Open, 2), (b.Status, b.Outstanding));
        Assert.Throws<DomainException>(() => b.Fill(3));
        b.Fill(2);
        Assert.Equal(BackorderStatus.Filled, b.Status);
    }
}

public class OrderChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Address NewAddress = new("Li Wei", "13800000000", "Zhejiang", "Ningbo", "9 Zhongshan Rd", "315000");

    private static Order Confirmed()
    {
        var order = Order.Submit("SO-4", "web-shop", "web-shop", new CustomerSnapshot("R-0001", "Li Wei", CustomerKinds.Retail, "C", PaymentTerms.Prepaid, 0m),
            OrderTypes.Regular, [new OrderLine("FB-PRO-5", 2, 199m, "")], new Address("Li Wei", "13800000000", "Zhejiang", "Hangzhou", "1 Wensan Rd", "310000"),
            new DateOnly(2026, 12, 1), null, [], Now);
        order.OnCreditApproved("credit-review", "retail", Now);
        order.OnStockReserved([new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        return order;
    }

    [Fact]
    public void An_address_and_delivery_date_change_before_dispatch_is_approved_and_recorded()
    {
        var order = Confirmed();
        Assert.Null(order.RequestChange(NewAddress, new DateOnly(2026, 12, 5), null, "web-shop", "moved office", Now));
        Assert.Equal(("Ningbo", new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 5)), (order.ShippingAddress.City, order.RequestedDeliveryDate, order.PromisedDate!.Value));
        Assert.Contains("moved office", order.Timeline.Last(t => t.Event == "ChangeApproved").Detail);
    }

    [Fact]
    public void A_change_after_dispatch_is_refused_with_the_reason_and_changes_nothing_but_the_timeline()
    {
        var order = Confirmed();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        var refusal = order.RequestChange(NewAddress, null, null, "web-shop", "moved office", Now);
        Assert.Contains("dispatched", refusal);
        Assert.Equal("Hangzhou", order.ShippingAddress.City);
        Assert.Equal("ChangeRefused", order.Timeline.Last().Event);
    }

    [Fact]
    public void More_than_was_ordered_or_a_new_product_is_refused_and_changes_nothing()
    {
        var order = Confirmed();
        Assert.Contains("additional order", order.RequestChange(null, null, [new OrderLine("FB-PRO-5", 5, 0m, "")], "web-shop", "need more", Now));
        Assert.Contains("additional order", order.RequestChange(null, null, [new OrderLine("FB-PRO-5", 2, 0m, ""), new OrderLine("BB-GAME-7", 1, 0m, "")], "web-shop", "add a ball", Now));
        Assert.Contains("cancel", order.RequestChange(null, null, [new OrderLine("FB-PRO-5", 0, 0m, "")], "web-shop", "none", Now));
        Assert.Equal((2, 398m), (order.Lines.Single().Quantity, order.Total));
        Assert.Empty(order.DequeueMessages().OfType<OrderLinesChanged>());
    }

    [Fact]
    public void A_quantity_cut_on_a_confirmed_order_is_approved_at_the_ordered_price_and_told_to_the_other_services()
    {
        var order = Confirmed();
        order.DequeueMessages();
        Assert.Null(order.RequestChange(null, null, [new OrderLine("FB-PRO-5", 1, 1m, "")], "web-shop", "one is enough", Now));
        Assert.Equal((1, 199m, 199m), (order.Lines.Single().Quantity, order.Lines.Single().UnitPrice, order.Total));
        var changed = Assert.IsType<OrderLinesChanged>(Assert.Single(order.DequeueMessages()));
        Assert.Equal((199m, 398m), (changed.Total, changed.PreviousTotal));
    }

    [Fact]
    public void A_line_change_before_confirmation_or_after_release_to_the_warehouse_is_refused()
    {
        var submitted = Order.Submit("SO-6", "web-shop", "web-shop", new CustomerSnapshot("R-0001", "Li Wei", CustomerKinds.Retail, "C", PaymentTerms.Prepaid, 0m),
            OrderTypes.Regular, [new OrderLine("FB-PRO-5", 2, 199m, "")], NewAddress, new DateOnly(2026, 12, 1), null, [], Now);
        Assert.Contains("being reviewed", submitted.RequestChange(null, null, [new OrderLine("FB-PRO-5", 1, 0m, "")], "web-shop", "x", Now));
        var ready = Confirmed();
        ready.OnBillingCleared("paid", 398m, 0m, Now);
        Assert.Contains("released to the warehouse", ready.RequestChange(null, null, [new OrderLine("FB-PRO-5", 1, 0m, "")], "web-shop", "x", Now));
    }

    [Fact]
    public void A_delivery_date_before_the_production_estimate_is_refused()
    {
        var order = Order.Submit("SO-5", "phone-desk", "desk", new CustomerSnapshot("C-A001", "x", CustomerKinds.Business, "A", PaymentTerms.OnTerms, 0m),
            OrderTypes.Custom, [new OrderLine("JR-TEAM-CUSTOM", 10, 129m, "")], NewAddress, new DateOnly(2026, 12, 10), null, [], Now);
        order.OnCreditApproved("credit-review", "ok", Now);
        order.OnStockShort([new ShortLine("JR-TEAM-CUSTOM", 10, 0, Producible: true)], Now);
        order.OnProductionPlanned([new PlannedWorkOrder("WO-1", "JR-TEAM-CUSTOM", 10, "LINE-1", new DateOnly(2026, 12, 3))], new DateOnly(2026, 12, 3), Now);
        Assert.Contains("2026-12-03", order.RequestChange(null, new DateOnly(2026, 12, 2), null, "desk", "event moved", Now));
        Assert.Null(order.RequestChange(null, new DateOnly(2026, 12, 4), null, "desk", "event moved", Now));
    }
}

public class ReservationTests
{
    [Fact]
    public void A_reservation_gives_back_part_and_all_of_it_releases_it_but_never_more_than_it_holds()
    {
        var r = OrderPlatform.Inventory.Domain.Reservation.For(Guid.NewGuid(), "SO-1", "FB-PRO-5", "WH-SH", 10);
        r.Reduce(4);
        Assert.Equal((6, ReservationStatus.Reserved), (r.Quantity, r.Status));
        Assert.Throws<DomainException>(() => r.Reduce(7));
        r.Reduce(6);
        Assert.Equal(ReservationStatus.Released, r.Status);
    }
}

public class StockLotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Goods_leave_from_the_oldest_lots_first_and_an_order_takes_what_was_made_for_it_before_anything_else()
    {
        var old = StockLot.Arrive("RK-CARBON", "WH-SH", 3, "OpeningBalance", "demo", T0);
        var newer = StockLot.Arrive("RK-CARBON", "WH-SH", 5, "Received", "PO-1", T0.AddDays(3));
        var madeForA = StockLot.Arrive("RK-CARBON", "WH-SH", 2, "Produced", "WO-1", T0.AddDays(5), madeFor: "SO-A");
        var taken = StockLot.TakeOldest([newer, madeForA, old], 4, "SO-B");
        Assert.Equal([(old, 3), (newer, 1)], taken.Select(t => (t.Lot!, t.Quantity)));
        var forA = StockLot.TakeOldest([newer, madeForA, old], 3, "SO-A");
        Assert.Equal([(madeForA, 2), (newer, 1)], forA.Select(t => (t.Lot!, t.Quantity)));
    }

    [Fact]
    public void Goods_beyond_the_lots_are_reported_as_stock_without_a_lot()
    {
        var lot = StockLot.Arrive("FB-PRO-5", "WH-SH", 2, "Received", "PO-1", T0);
        var taken = StockLot.TakeOldest([lot], 5, null);
        Assert.Equal((lot, 2), (taken[0].Lot, taken[0].Quantity));
        Assert.Equal((null, 3), (taken[1].Lot, taken[1].Quantity));
        Assert.Equal(0, lot.Remaining);
    }
}
