using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class OrderFlowTests(PlatformFixture platform)
{
    private static string[] Events(JsonNode order) => order["timeline"]!.AsArray().Select(t => t!["event"]!.GetValue<string>()).ToArray();

    private async Task<int> OnHandAsync(string sku)
    {
        var stock = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/inventory/stock/{sku}", "dev-staff-key")).Content.ReadAsStringAsync())!;
        return stock["onHand"]!.GetValue<int>();
    }

    [Fact]
    public async Task A_retail_web_shop_order_is_paid_shipped_delivered_completed_and_surveyed()
    {
        var onHandBefore = await OnHandAsync("FB-PRO-5");
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        Assert.Matches(@"^SO-\d{8}-\d{6}$", number);

        var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        Assert.Equal(398m, awaiting["payment"]!["due"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(number, 398m, $"pay-{number}")).StatusCode);

        var ready = await platform.WaitForStatusAsync(number, "ReadyToShip");
        Assert.Equal(398m, ready["payment"]!["paid"]!.GetValue<decimal>());
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        Assert.Equal("ZTO", carrier);

        var t0 = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{number}-1", t0)).StatusCode);
        await platform.WaitForStatusAsync(number, "Shipped");
        await platform.CarrierEventAsync(carrier, tracking, "InTransit", $"{number}-2", t0.AddMinutes(1));
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{number}-3", t0.AddMinutes(2));
        await platform.WaitForStatusAsync(number, "Delivered");

        var receipt = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        var completed = await platform.WaitForStatusAsync(number, "Completed");
        Assert.Equal(
            ["Submitted", "CreditApproved", "StockReserved", "Confirmed", "PaymentRequested", "AwaitingPayment", "BillingCleared", "ReadyToShip"],
            Events(completed).Where(e => e is not ("PaymentReceived" or "ShipmentCreated") && !e.StartsWith("Carrier")).Take(8));
        Assert.Contains("PaymentReceived", Events(completed));
        Assert.All(completed["timeline"]!.AsArray(), t => Assert.False(string.IsNullOrEmpty(t!["by"]!.GetValue<string>())));

        await platform.WaitForAsync($"/api/aftersales/surveys/{number}", "dev-web-shop-key", _ => true);
        var answer = await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/surveys/{number}", "dev-web-shop-key", new { score = 5, comment = "fast" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await platform.WaitForAsync("/api/inventory/stock/FB-PRO-5", "dev-staff-key", s => s["onHand"]!.GetValue<int>() == onHandBefore - 2);

        // The customer heard of each milestone, by SMS for the web shop, and every notice was sent.
        var notices = (await platform.WaitForAsync($"/api/orders/{number}/notifications", "dev-web-shop-key",
            n => n.AsArray().Count >= 3 && n.AsArray().All(x => x!["status"]!.GetValue<string>() == "Sent"))).AsArray();
        Assert.Equal(["Confirmed", "Shipped", "Delivered"], notices.Select(n => n!["milestone"]!.GetValue<string>()));
        Assert.Contains(tracking, notices[1]!["text"]!.GetValue<string>());
        Assert.All(notices, n => Assert.Equal(("SMS", "13800000000"), (n!["medium"]!.GetValue<string>(), n["recipient"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_grade_A_phone_desk_order_is_credit_approved_within_its_limit_and_ships_on_terms_without_prepayment()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "BB-GAME-7", quantity = 20, unitPrice = 259.00m }, new { sku = "RS-AIR-42", quantity = 5, unitPrice = 699.00m }));
        var ready = await platform.WaitForStatusAsync(number, "ReadyToShip");
        Assert.Equal("OnTerms", ready["payment"]!["terms"]!.GetValue<string>());
        Assert.Equal(0m, ready["payment"]!["paid"]!.GetValue<decimal>());
        Assert.Equal(8675m, ready["total"]!.GetValue<decimal>());
        var credit = ready["timeline"]!.AsArray().Single(t => t!["event"]!.GetValue<string>() == "CreditApproved")!;
        Assert.Contains("Within credit limit", credit["detail"]!.GetValue<string>());
        Assert.DoesNotContain("AwaitingPayment", Events(ready));

        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{number}-d", DateTimeOffset.UtcNow);
        await platform.WaitForStatusAsync(number, "Delivered");
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-phone-desk-key")).StatusCode);
        await platform.WaitForStatusAsync(number, "Completed");
    }

    [Fact]
    public async Task The_carrier_is_chosen_by_the_rules_urgent_express_bulky_deppon_otherwise_the_cheapest_with_the_reason()
    {
        var urgent = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Urgent"));
        var bulky = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "FB-PRO-5", quantity = 80, unitPrice = 199.00m }));
        var regular = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        foreach (var (number, carrier, reason) in new[] { (urgent, "SF", "Urgent"), (bulky, "DEPPON", "Bulky consignment (36 kg"), (regular, "ZTO", "Cheapest") })
        {
            await platform.WaitForStatusAsync(number, "ReadyToShip");
            Assert.Equal(carrier, (await platform.WaitForShipmentAsync(number)).Carrier);
            var shipments = await platform.WaitForAsync($"/api/logistics/shipments/{number}", "dev-staff-key", s => s.AsArray().Count == 1);
            Assert.StartsWith(reason, shipments[0]!["carrierReason"]!.GetValue<string>());
            Assert.StartsWith("DN-", shipments[0]!["dispatchNoteNumber"]!.GetValue<string>());
        }
        var carriers = await platform.SendAsync(HttpMethod.Get, "/api/logistics/carriers", "dev-staff-key");
        var codes = JsonNode.Parse(await carriers.Content.ReadAsStringAsync())!.AsArray().Select(c => c!["code"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "SF", "ZTO", "DEPPON" }, codes); // and any a test has added
    }

    [Fact]
    public async Task An_order_priced_off_the_list_waits_for_the_sales_manager_then_continues()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "FB-PRO-5", quantity = 10, unitPrice = 150.00m }));
        var held = await platform.WaitForStatusAsync(number, "OnHold");
        Assert.Equal("Price", held["holds"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("staff:sales-manager", held["holds"]![0]!["mustAct"]!.GetValue<string>());

        var byChannel = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/price-hold/approve", "dev-phone-desk-key", new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, byChannel.StatusCode);
        var approved = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/price-hold/approve", "dev-staff-key",
            new { reason = "club discount agreed at 180", prices = new[] { new { sku = "FB-PRO-5", unitPrice = 180.00m } } });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var ready = await platform.WaitForStatusAsync(number, "ReadyToShip");
        Assert.Equal((180.00m, 1800.00m), (ready["lines"]![0]!["unitPrice"]!.GetValue<decimal>(), ready["total"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task An_order_priced_off_the_list_is_rejected_by_the_sales_manager_with_the_reason()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "RS-AIR-42", quantity = 2, unitPrice = 399.00m }));
        await platform.WaitForStatusAsync(number, "OnHold");
        var rejected = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/price-hold/reject", "dev-staff-key", new { reason = "no discount on shoes" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var order = await platform.WaitForStatusAsync(number, "Rejected");
        Assert.Contains("no discount on shoes", order["timeline"]!.AsArray().Last(t => t!["event"]!.GetValue<string>() == "Rejected")!["detail"]!.GetValue<string>());
        Assert.Empty(order["holds"]!.AsArray());
    }

    [Fact]
    public async Task A_delivered_order_whose_receipt_is_not_confirmed_is_completed_automatically_and_surveyed()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-auto", DateTimeOffset.UtcNow);
        await platform.WaitForStatusAsync(number, "Delivered");

        // The test platform confirms receipt 10 s after delivery (7 days by default).
        var completed = await platform.WaitForStatusAsync(number, "Completed", seconds: 40);
        var last = completed["timeline"]!.AsArray().Last(t => t!["event"]!.GetValue<string>() == "Completed")!;
        Assert.Equal("intake", last["by"]!.GetValue<string>());
        Assert.Contains("automatically", last["detail"]!.GetValue<string>());
        await platform.WaitForAsync($"/api/aftersales/surveys/{number}", "dev-phone-desk-key", _ => true);
    }

    [Fact]
    public async Task A_shop_asking_with_the_orders_version_gets_304_until_it_changes_and_a_waiting_ask_returns_the_change()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
        var first = await platform.SendAsync(HttpMethod.Get, $"/api/orders/{number}", "dev-web-shop-key");
        var version = first.Headers.ETag!.Tag;

        Task<HttpResponseMessage> Ask(string tag, int? wait)
        {
            var request = PlatformFixture.Request(HttpMethod.Get, $"/api/orders/{number}", "dev-web-shop-key");
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
            if (wait is not null) request.Headers.TryAddWithoutValidation("Prefer", $"wait={wait}");
            return platform.Http.SendAsync(request);
        }

        // Every answer is 304 with the version asked about, or 200 with the order at a newer version. Events still
        // landing after AwaitingPayment may move the version on, so the test follows it as a shop would.
        void AssertAnswer(HttpResponseMessage answer, string asked)
        {
            if (answer.StatusCode == HttpStatusCode.NotModified) Assert.Equal(asked, answer.Headers.ETag!.Tag);
            else
            {
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.NotEqual(asked, answer.Headers.ETag!.Tag);
            }
        }

        // Unchanged: 304 at once, or after the wait asked for, which the answer names.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await Ask(version, null);
            AssertAnswer(answer, version);
            if (answer.StatusCode == HttpStatusCode.NotModified) break;
            version = answer.Headers.ETag!.Tag;
            Assert.True(DateTime.UtcNow < deadline, $"{number} kept changing");
        }
        var waited = await Ask(version, 1);
        AssertAnswer(waited, version);
        Assert.Equal("wait=1", string.Join(",", waited.Headers.GetValues("Preference-Applied")));
        if (waited.StatusCode == HttpStatusCode.OK) version = waited.Headers.ETag!.Tag;

        // Waiting asks return each change as it is committed, the payment among them: a handful of asks, not a poll loop.
        var waiting = Ask(version, 5);
        Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(number, 398m, $"pay-{number}")).StatusCode);
        var asks = 1;
        JsonNode? paid = null;
        while (paid is null)
        {
            var answer = await waiting;
            AssertAnswer(answer, version);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                version = answer.Headers.ETag!.Tag;
                var order = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
                if (Events(order).Contains("PaymentReceived")) paid = order;
            }
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(30), $"{number}: no PaymentReceived after {asks} asks");
            if (paid is null) { waiting = Ask(version, 5); asks++; }
        }
        Assert.InRange(asks, 1, 10);

        // Another channel's order stays invisible, version or not.
        var foreign = PlatformFixture.Request(HttpMethod.Get, $"/api/orders/{number}", "dev-wechat-key");
        foreign.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        foreign.Headers.TryAddWithoutValidation("Prefer", "wait=1");
        var hidden = await platform.Http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.False(hidden.Headers.Contains("Preference-Applied"));
    }

    private async Task<JsonNode> FeedAsync(string apiKey, string? after, int? wait = null)
    {
        var request = PlatformFixture.Request(HttpMethod.Get, "/api/orders/feed?limit=500" + (after is null ? "" : $"&after={after}"), apiKey);
        if (wait is not null) request.Headers.TryAddWithoutValidation("Prefer", $"wait={wait}");
        var response = await platform.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static List<JsonNode> Orders(JsonNode page) => page["orders"]!.AsArray().Select(o => o!).ToList();

    [Fact]
    public async Task A_shop_follows_its_orders_through_the_feed_each_change_once_and_no_other_channels_orders()
    {
        // Read to the end of what is there, as a shop does on its first start.
        var cursor = (string?)null;
        JsonNode page;
        do { page = await FeedAsync("dev-web-shop-key", cursor); cursor = page["cursor"]!.GetValue<string>(); }
        while (Orders(page).Count == 500);

        var mine = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var foreign = await platform.SubmitAsync("dev-wechat-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(foreign, "AwaitingPayment");

        // Waiting reads return changes as they are committed; each page names an order at most once, in its latest state.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? awaiting = null;
        while (awaiting is null)
        {
            page = await FeedAsync("dev-web-shop-key", cursor, wait: 5);
            cursor = page["cursor"]!.GetValue<string>();
            var numbers = Orders(page).Select(o => o["orderNumber"]!.GetValue<string>()).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            Assert.DoesNotContain(foreign, numbers);
            awaiting = Orders(page).FirstOrDefault(o => o["orderNumber"]!.GetValue<string>() == mine && o["status"]!.GetValue<string>() == "AwaitingPayment");
            Assert.True(DateTime.UtcNow < deadline, $"{mine} never showed AwaitingPayment in the feed");
        }
        Assert.Equal(398m, awaiting["amountDue"]!.GetValue<decimal>());
        var order = await platform.SendAsync(HttpMethod.Get, $"/api/orders/{mine}", "dev-web-shop-key");
        Assert.Equal($"\"{awaiting["version"]!.GetValue<uint>()}\"", order.Headers.ETag!.Tag);

        // The staff key sees every channel's orders, the wechat one among them.
        var all = (string?)null;
        var staffSaw = new HashSet<string>();
        do { page = await FeedAsync("dev-staff-key", all); all = page["cursor"]!.GetValue<string>(); staffSaw.UnionWith(Orders(page).Select(o => o["orderNumber"]!.GetValue<string>())); }
        while (Orders(page).Count == 500);
        Assert.Contains(foreign, staffSaw);
        Assert.Contains(mine, staffSaw);

        // A waiting read returns the payment when it lands.
        var waiting = FeedAsync("dev-web-shop-key", cursor, wait: 5);
        Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(mine, 398m, $"pay-{mine}")).StatusCode);
        JsonNode? paid = null;
        while (paid is null)
        {
            page = await waiting;
            cursor = page["cursor"]!.GetValue<string>();
            paid = Orders(page).FirstOrDefault(o => o["orderNumber"]!.GetValue<string>() == mine && o["amountPaid"]!.GetValue<decimal>() == 398m);
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(30), $"{mine}: the payment never showed in the feed");
            if (paid is null) waiting = FeedAsync("dev-web-shop-key", cursor, wait: 5);
        }
        Assert.Equal(0m, paid["amountDue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_feed_cursor_the_feed_did_not_give_out_is_refused_naming_it()
    {
        var response = await platform.SendAsync(HttpMethod.Get, "/api/orders/feed?after=yesterday", "dev-web-shop-key");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["after"]);
    }
}
