using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public class OrderLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly CustomerSnapshot Retail = new("R-0001", "Li Wei", CustomerKinds.Retail, "C", PaymentTerms.Prepaid, 0m);
    private static readonly Address Address = new("Li Wei", "13800000000", "Zhejiang", "Hangzhou", "1 Wensan Rd", "310000");

    private static Order NewOrder(params PriceMismatch[] mismatches) => Order.Submit("SO-20261122-000001", "web-shop", "web-shop",
        Retail, OrderTypes.Regular, [new OrderLine("FB-PRO-5", 2, 199m, "")], Address, new DateOnly(2026, 12, 1), null, mismatches, Now);

    private static Order ConfirmedOrder()
    {
        var order = NewOrder();
        order.OnCreditApproved("credit-review", "retail", Now);
        order.OnStockReserved([new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        order.DequeueMessages();
        return order;
    }

    private static Order DeliveredOrder()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.Delivered, Now, "Li Wei", null, null, ShipmentPurposes.Order, Now);
        order.DequeueMessages();
        return order;
    }

    [Fact]
    public void Submitting_an_order_at_list_prices_starts_credit_review()
    {
        var order = NewOrder();
        Assert.Equal(OrderStatus.Submitted, order.Status);
        Assert.Equal(398m, order.Total);
        var submitted = Assert.IsType<OrderSubmitted>(Assert.Single(order.DequeueMessages()));
        Assert.Equal(order.OrderNumber, submitted.OrderNumber);
        Assert.Equal("Submitted", Assert.Single(order.Timeline).Event);
    }

    [Fact]
    public void A_price_off_the_list_puts_the_order_on_a_price_hold_for_the_sales_manager_without_credit_review()
    {
        var order = NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m));
        Assert.Equal(OrderStatus.OnHold, order.Status);
        var hold = Assert.Single(order.Holds);
        Assert.Equal((HoldKinds.Price, "staff:sales-manager"), (hold.Kind, hold.MustAct));
        Assert.Empty(order.DequeueMessages());
    }

    [Fact]
    public void Approving_a_price_hold_releases_the_order_to_credit_review()
    {
        var order = NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m));
        order.ApprovePriceHold("manager", "agreed discount", Now);
        Assert.Equal(OrderStatus.Submitted, order.Status);
        Assert.Empty(order.Holds);
        Assert.IsType<OrderSubmitted>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void The_sales_manager_can_approve_with_the_price_to_use_and_the_total_follows()
    {
        var order = NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m));
        order.ApprovePriceHold("manager", "list price applies", Now, new Dictionary<string, decimal> { ["FB-PRO-5"] = 199m });
        Assert.Equal((199m, 398m), (order.Lines.Single().UnitPrice, order.Total));
        Assert.Equal(398m, Assert.IsType<OrderSubmitted>(Assert.Single(order.DequeueMessages())).Total);
        Assert.Throws<DomainException>(() => NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m))
            .ApprovePriceHold("manager", "x", Now, new Dictionary<string, decimal> { ["RS-AIR-42"] = 1m }));
    }

    [Fact]
    public void Rejecting_a_price_hold_rejects_the_order()
    {
        var order = NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m));
        order.RejectPriceHold("manager", "no discount", Now);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.IsType<OrderRejected>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void Approving_a_price_hold_on_an_order_without_one_is_refused()
        => Assert.Throws<DomainException>(() => NewOrder().ApprovePriceHold("manager", "ok", Now));

    [Fact]
    public void Credit_approval_asks_inventory_to_reserve_stock()
    {
        var order = NewOrder();
        order.DequeueMessages();
        order.OnCreditApproved("credit-review", "retail", Now);
        Assert.IsType<ReserveStock>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void A_credit_hold_waits_for_the_credit_controller_and_approval_releases_it()
    {
        var order = NewOrder();
        order.OnCreditHeld("over limit", Now);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Equal("staff:credit", Assert.Single(order.Holds).MustAct);
        order.DequeueMessages();
        order.OnCreditApproved("controller", "ok", Now);
        Assert.Equal(OrderStatus.Submitted, order.Status);
        Assert.Empty(order.Holds);
        Assert.IsType<ReserveStock>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void Credit_rejection_rejects_the_order()
    {
        var order = NewOrder();
        order.OnCreditHeld("new customer", Now);
        order.OnCreditRejected("controller", "bad history", Now);
        Assert.Equal(OrderStatus.Rejected, order.Status);
    }

    [Fact]
    public void Reserved_stock_confirms_the_order_with_a_promised_date()
    {
        var order = ConfirmedOrder();
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(new DateOnly(2026, 12, 1), order.PromisedDate);
    }

    [Fact]
    public void A_stock_shortage_puts_the_order_on_hold_for_the_customer_choice()
    {
        var order = NewOrder();
        order.OnStockShort([new ShortLine("FB-PRO-5", 2, 1)], Now);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Equal(HoldKinds.Stock, Assert.Single(order.Holds).Kind);
    }

    [Fact]
    public void A_payment_request_moves_a_confirmed_order_to_awaiting_payment_and_clearance_to_ready_to_ship()
    {
        var order = ConfirmedOrder();
        order.OnPaymentRequested(PaymentKinds.Full, 398m, Now);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        order.OnBillingCleared("paid in full", 398m, 0m, Now);
        order.OnPaymentReceived(398m, 398m, 0m, "mockpay", Now);
        Assert.Equal(OrderStatus.ReadyToShip, order.Status);
        Assert.Equal((398m, 0m), (order.AmountPaid, order.AmountDue));
        Assert.IsType<OrderReadyToShip>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void A_payment_that_settles_the_order_makes_it_ready_to_ship_in_the_same_step()
    {
        var order = ConfirmedOrder();
        order.OnPaymentRequested(PaymentKinds.Full, 398m, Now);
        order.DequeueMessages();
        order.OnPaymentReceived(398m, 398m, 0m, "mockpay", Now, clearedReason: "Paid in full (398.00 CNY)");
        Assert.Equal(OrderStatus.ReadyToShip, order.Status);
        Assert.Equal(["PaymentReceived", "BillingCleared", "ReadyToShip"], order.Timeline.TakeLast(3).Select(t => t.Event));
        Assert.IsType<OrderReadyToShip>(Assert.Single(order.DequeueMessages()));

        var partly = ConfirmedOrder();
        partly.OnPaymentRequested(PaymentKinds.Full, 398m, Now);
        partly.OnPaymentReceived(100m, 100m, 298m, "mockpay", Now);
        Assert.Equal(OrderStatus.AwaitingPayment, partly.Status);
    }

    [Fact]
    public void A_late_part_payment_notice_does_not_lower_what_the_order_shows_as_paid()
    {
        var order = ConfirmedOrder();
        order.OnPaymentReceived(398m, 398m, 0m, "mockpay", Now);
        order.OnPaymentReceived(100m, 100m, 298m, "mockpay", Now);
        Assert.Equal((398m, 0m), (order.AmountPaid, order.AmountDue));
    }

    [Fact]
    public void A_late_payment_request_after_clearance_does_not_move_the_order_back()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("on terms", 398m, 0m, Now);
        order.OnPaymentRequested(PaymentKinds.Full, 398m, Now);
        Assert.Equal(OrderStatus.ReadyToShip, order.Status);
    }

    [Fact]
    public void Clearance_before_confirmation_is_recorded_but_ignored()
    {
        var order = NewOrder();
        order.DequeueMessages();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        Assert.Equal(OrderStatus.Submitted, order.Status);
        Assert.Empty(order.DequeueMessages());
        Assert.Contains(order.Timeline, t => t.Event == "BillingCleared (ignored)");
    }

    [Fact]
    public void Carrier_events_ship_and_then_deliver_the_order()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        Assert.Equal(OrderStatus.Shipped, order.Status);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.Delivered, Now, "Li Wei", null, null, ShipmentPurposes.Order, Now);
        Assert.Equal(OrderStatus.Delivered, order.Status);
    }

    [Fact]
    public void A_delivery_exception_is_recorded_without_changing_the_order_status()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.Exception, Now, null, "Damaged", "box crushed", ShipmentPurposes.Order, Now);
        Assert.Equal(OrderStatus.ReadyToShip, order.Status);
        Assert.Contains(order.Timeline, t => t.Detail.Contains("Damaged"));
    }

    [Fact]
    public void A_replacement_after_a_damaged_delivery_becomes_the_shipment_that_delivers_the_order()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentCreated("ZTO", "ZTO1", "DN-1", "cheapest", ShipmentPurposes.Order, null, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.Exception, Now, null, "Damaged", "crushed", ShipmentPurposes.Order, Now);
        order.OnShipmentCreated("ZTO", "ZTO2", "DN-2", "cheapest", ShipmentPurposes.Replacement, "AS-1", Now);
        Assert.Equal(("ZTO2", ShipmentStatuses.Created), (order.TrackingNumber, order.ShipmentStatus));
        // A late event of the first shipment no longer speaks for the order.
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.InTransit, Now, null, null, null, ShipmentPurposes.Order, Now);
        Assert.Equal(ShipmentStatuses.Created, order.ShipmentStatus);
        order.OnShipmentStatusChanged("ZTO", "ZTO2", ShipmentStatuses.Delivered, Now, "Li Wei", null, null, ShipmentPurposes.Replacement, Now);
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Contains(order.Timeline, t => t.Event == "ReplacementShipmentCreated" && t.Detail.Contains("AS-1"));
    }

    [Fact]
    public void A_return_shipment_is_recorded_but_never_moves_the_order()
    {
        var order = DeliveredOrder();
        order.OnShipmentCreated("ZTO", "ZTO5", "RP-1", "cheapest", ShipmentPurposes.Return, "RMA-1", Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO5", ShipmentStatuses.Delivered, Now, "clerk", null, null, ShipmentPurposes.Return, Now);
        Assert.Equal((OrderStatus.Delivered, "ZTO1"), (order.Status, order.TrackingNumber));
        Assert.Equal(["ReturnShipmentCreated", "ReturnDelivered"], order.Timeline.TakeLast(2).Select(t => t.Event));
    }

    [Fact]
    public void A_dispatch_overdue_notice_is_recorded_while_the_order_waits_to_ship_and_ignored_after()
    {
        var order = ConfirmedOrder();
        order.OnDispatchOverdue(Now, Now);
        Assert.Equal("DispatchOverdue", order.Timeline[^1].Event);
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        order.OnDispatchOverdue(Now, Now);
        Assert.Equal("DispatchOverdue (ignored)", order.Timeline[^1].Event);
    }

    [Fact]
    public void An_order_still_under_review_after_the_review_sla_is_flagged_once_and_a_reviewed_one_never()
    {
        var held = NewOrder(new PriceMismatch("FB-PRO-5", 150m, 199m));
        Assert.False(held.FlagReviewOverdue(TimeSpan.FromHours(4), Now.AddHours(3)));
        Assert.True(held.FlagReviewOverdue(TimeSpan.FromHours(4), Now.AddHours(4)));
        Assert.False(held.FlagReviewOverdue(TimeSpan.FromHours(4), Now.AddHours(5)));
        Assert.Contains("Price hold for staff:sales-manager", held.Timeline[^1].Detail);
        Assert.Equal(Now.AddHours(4), held.ReviewOverdueAt);
        Assert.False(ConfirmedOrder().FlagReviewOverdue(TimeSpan.FromHours(4), Now.AddHours(5)));
    }

    [Fact]
    public void Confirming_receipt_of_a_delivered_order_completes_it()
    {
        var order = DeliveredOrder();
        order.ConfirmReceipt("web-shop", Now);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.IsType<OrderCompleted>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void Receipt_is_confirmed_automatically_only_once_the_waiting_time_after_delivery_has_passed()
    {
        var order = DeliveredOrder();
        Assert.False(order.AutoConfirmReceipt(TimeSpan.FromDays(7), Now.AddDays(6)));
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.True(order.AutoConfirmReceipt(TimeSpan.FromDays(7), Now.AddDays(7)));
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal("intake", order.Timeline[^1].By);
        Assert.IsType<OrderCompleted>(Assert.Single(order.DequeueMessages()));
        Assert.False(order.AutoConfirmReceipt(TimeSpan.FromDays(7), Now.AddDays(8)));
    }

    [Fact]
    public void Confirming_receipt_before_delivery_is_refused()
        => Assert.Throws<DomainException>(() => ConfirmedOrder().ConfirmReceipt("web-shop", Now));

    [Fact]
    public void Cancelling_before_dispatch_cancels_and_announces_it()
    {
        var order = ConfirmedOrder();
        order.Cancel("web-shop", "changed my mind", Now);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.IsType<OrderCancelled>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void Cancelling_after_dispatch_is_refused()
    {
        var order = ConfirmedOrder();
        order.OnBillingCleared("paid", 398m, 0m, Now);
        order.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        var refusal = Assert.Throws<DomainException>(() => order.Cancel("web-shop", "too late", Now));
        Assert.Contains("dispatched", refusal.Message);
    }

    [Fact]
    public void Cancelling_a_completed_order_is_refused()
    {
        var order = DeliveredOrder();
        order.ConfirmReceipt("web-shop", Now);
        Assert.Throws<DomainException>(() => order.Cancel("web-shop", "x", Now));
    }

    [Fact]
    public void Customers_are_notified_of_milestones_only()
    {
        var order = DeliveredOrder();
        var notices = order.Timeline.Select(t => Notification.ForMilestone(order, t)).OfType<Notification>().ToList();
        Assert.Equal(["Confirmed", "Delivered"], notices.Select(n => n.Milestone));
        Assert.All(notices, n => Assert.Equal(("SMS", "13800000000", NotificationStatus.Pending), (n.Medium, n.Recipient, n.Status)));
    }

    [Fact]
    public void Every_step_is_recorded_in_the_timeline_with_who_did_it()
    {
        var order = DeliveredOrder();
        Assert.Equal(["Submitted", "CreditApproved", "StockReserved", "Confirmed", "BillingCleared", "ReadyToShip", "CarrierDelivered", "Delivered"],
            order.Timeline.Select(t => t.Event));
        Assert.All(order.Timeline, t => Assert.False(string.IsNullOrEmpty(t.By)));
    }
}

public class OrderCancellationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Order SubmittedOrder()
    {
        var order = Order.Submit("SO-20261122-000002", "web-shop", "web-shop",
            new CustomerSnapshot("R-0001", "Li Wei", CustomerKinds.Retail, "C", PaymentTerms.Prepaid, 0m), OrderTypes.Regular,
            [new OrderLine("FB-PRO-5", 2, 199m, "")], new Address("Li Wei", "13800000000", "Zhejiang", "Hangzhou", "1 Wensan Rd", "310000"),
            new DateOnly(2026, 12, 1), null, [], Now);
        order.DequeueMessages();
        return order;
    }

    [Fact]
    public void A_reservation_that_lands_after_the_cancellation_is_given_back()
    {
        var order = SubmittedOrder();
        order.Cancel("web-shop", "changed my mind", Now);
        order.DequeueMessages();
        order.OnStockReserved([new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.IsType<ReleaseStock>(Assert.Single(order.DequeueMessages()));
    }

    [Fact]
    public void A_refund_is_recorded_on_the_order()
    {
        var order = SubmittedOrder();
        order.Cancel("web-shop", "changed my mind", Now);
        order.OnRefundIssued(398m, "mockpay", Now);
        Assert.Equal(398m, order.AmountRefunded);
        Assert.Equal("RefundIssued", order.Timeline[^1].Event);
    }
}

public class BillingCancellationTests
{
    [Fact]
    public void Cancelling_refunds_each_route_what_it_paid_and_refuses_later_payments()
    {
        var (account, _) = BillingAccount.Open(new OrderConfirmed(Guid.NewGuid(), "SO-1", "C", "B", PaymentTerms.Prepaid, 0m, 1000m, DateTimeOffset.UtcNow, true));
        account.RecordPayment(300m, "mockpay", DateTimeOffset.UtcNow);
        account.RecordPayment(200m, "bank-transfer", DateTimeOffset.UtcNow);
        var refunds = account.Cancel([("mockpay", 300m), ("bank-transfer", 200m)], "cancelled");
        Assert.Equal([("mockpay", 300m), ("bank-transfer", 200m)], refunds.Select(r => (r.Route, r.Amount)));
        Assert.Equal(500m, account.Refunded);
        Assert.Throws<DomainException>(() => account.RecordPayment(10m, "mockpay", DateTimeOffset.UtcNow));
        Assert.Throws<DomainException>(() => account.Cancel([], "again"));
    }
}
