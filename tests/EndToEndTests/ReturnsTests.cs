using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class ReturnsTests(PlatformFixture platform)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string apiKey, object body)
    {
        var response = await platform.SendAsync(HttpMethod.Post, path, apiKey, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>
    /// Asks for a return. AfterSales learns of the delivery from the carrier's event a moment after the
    /// order shows it, so "not delivered yet" is polled past (with a deadline) like any other state.
    /// </summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body)> RequestReturnAsync(string apiKey, object body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, reply) = await PostAsync("/api/aftersales/returns", apiKey, body);
            if (status != HttpStatusCode.Conflict || reply?["title"]?.GetValue<string>() != "Not delivered yet" || DateTime.UtcNow > deadline)
                return (status, reply);
            await Task.Delay(200);
        }
    }

    private static object Return(string orderNumber, string kind, string sku, int quantity, string reason = "The seam split after one match")
        => new { orderNumber, kind, reason, lines = new[] { new { sku, quantity } } };

    private static string[] Steps(JsonNode r) => r["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()).ToArray();

    /// <summary>Approves the request, lets the carrier bring the goods back, and inspects them; returns the inspected request.</summary>
    private async Task<JsonNode> BringBackAndInspectAsync(string returnNumber, bool passed, string note)
    {
        var (approved, _) = await PostAsync($"/api/aftersales/returns/{returnNumber}/approve", "dev-staff-key", new { message = "Within the 7-day window" });
        Assert.Equal(HttpStatusCode.OK, approved);
        var arranged = await platform.WaitForAsync($"/api/aftersales/returns/{returnNumber}", "dev-staff-key", r => r["returnTrackingNumber"] is not null);
        var (carrier, tracking) = (arranged["returnCarrier"]!.GetValue<string>(), arranged["returnTrackingNumber"]!.GetValue<string>());
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow.AddHours(1));
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-d", DateTimeOffset.UtcNow.AddHours(2));
        await platform.WaitForAsync($"/api/aftersales/returns/{returnNumber}", "dev-staff-key", r => r["status"]!.GetValue<string>() == "Received");
        var (inspected, body) = await PostAsync($"/api/aftersales/returns/{returnNumber}/inspection", "dev-staff-key", new { passed, note });
        Assert.Equal(HttpStatusCode.OK, inspected);
        return body!;
    }

    [Fact]
    public async Task A_return_is_picked_up_inspected_refunded_through_the_payment_route_and_restocked()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "BB-GAME-7", quantity = 2, unitPrice = 259.00m, specification = "" });

        var (created, request) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "BB-GAME-7", 1));
        Assert.Equal(HttpStatusCode.Created, created);
        var rma = request!["returnNumber"]!.GetValue<string>();
        Assert.Equal(("Requested", 259m), (request["status"]!.GetValue<string>(), request["value"]!.GetValue<decimal>()));
        Assert.Equal(HttpStatusCode.Conflict, (await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "BB-GAME-7", 1))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync($"/api/aftersales/returns/{rma}/approve", "dev-web-shop-key", new { message = "self-approved" })).Status);

        var inspected = await BringBackAndInspectAsync(rma, passed: true, "Unused, original packaging");
        Assert.Equal("Accepted", inspected["status"]!.GetValue<string>());

        var settled = await platform.WaitForAsync($"/api/aftersales/returns/{rma}", "dev-web-shop-key", r => r["status"]!.GetValue<string>() == "Completed");
        Assert.Equal(259m, settled["refunded"]!.GetValue<decimal>());
        Assert.Equal(["Requested", "Approved", "PickupArranged", "Received", "InspectionPassed", "Refunded"], Steps(settled));

        var account = await platform.WaitForAsync($"/api/billing/accounts/{number}", "dev-staff-key", a => a["refunded"]!.GetValue<decimal>() == 259m);
        Assert.Equal((518m, 259m, 0m), (account["paid"]!.GetValue<decimal>(), account["returned"]!.GetValue<decimal>(), account["due"]!.GetValue<decimal>()));
        Assert.Contains(account["payments"]!.AsArray(), p => p!["route"]!.GetValue<string>() == "mockpay" && p["amount"]!.GetValue<decimal>() == -259m);

        var ledger = await platform.WaitForAsync("/api/inventory/stock/BB-GAME-7/ledger", "dev-staff-key",
            l => l.AsArray().Any(m => m!["reference"]?.GetValue<string>() == rma));
        var restock = Assert.Single(ledger.AsArray(), m => m!["reference"]?.GetValue<string>() == rma)!;
        Assert.Equal(("Returned", 1), (restock["kind"]!.GetValue<string>(), restock["onHandChange"]!.GetValue<int>()));

        var order = await platform.WaitForAsync($"/api/orders/{number}", "dev-web-shop-key",
            o => o["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == "RefundIssued"));
        Assert.Equal("Delivered", order["status"]!.GetValue<string>());
        Assert.Contains(order["timeline"]!.AsArray(), t => t!["event"]!.GetValue<string>() == "ReturnShipmentCreated");
        await platform.WaitForAsync($"/api/orders/{number}/notifications", "dev-web-shop-key",
            n => n.AsArray().Any(x => x!["milestone"]!.GetValue<string>() == "RefundIssued"));
    }

    [Fact]
    public async Task An_exchange_ships_a_replacement_once_the_returned_goods_pass_inspection()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "RS-AIR-42", quantity = 1, unitPrice = 699.00m, specification = "" });
        var (created, request) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Exchange", "RS-AIR-42", 1, "Too small"));
        Assert.Equal(HttpStatusCode.Created, created);
        var rma = request!["returnNumber"]!.GetValue<string>();

        await BringBackAndInspectAsync(rma, passed: true, "Unworn");
        var done = await platform.WaitForAsync($"/api/aftersales/returns/{rma}", "dev-web-shop-key", r => r["status"]!.GetValue<string>() == "Completed");
        Assert.Equal(["Requested", "Approved", "PickupArranged", "Received", "InspectionPassed", "ReplacementShipped"], Steps(done));
        var replacement = done["replacementTrackingNumber"]!.GetValue<string>();
        Assert.NotEqual(done["returnTrackingNumber"]!.GetValue<string>(), replacement);
        Assert.Equal(0m, done["refunded"]!.GetValue<decimal>());

        var ledger = await platform.WaitForAsync("/api/inventory/stock/RS-AIR-42/ledger", "dev-staff-key",
            l => l.AsArray().Count(m => m!["reference"]?.GetValue<string>() == rma) == 2);
        Assert.Equal(["Returned:1", "IssuedForReplacement:-1"], ledger.AsArray().Where(m => m!["reference"]?.GetValue<string>() == rma)
            .Select(m => $"{m!["kind"]}:{m["onHandChange"]}"));
        var order = await platform.WaitForAsync($"/api/orders/{number}", "dev-web-shop-key", o => o["shipment"]!["trackingNumber"]!.GetValue<string>() == replacement);
        Assert.Equal(0m, order["payment"]!["refunded"]?.GetValue<decimal>() ?? 0m);
    }

    [Fact]
    public async Task A_return_that_fails_inspection_is_refused_and_frees_the_order_for_another_request()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync();
        var (_, request) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "FB-PRO-5", 2));
        var rma = request!["returnNumber"]!.GetValue<string>();
        var refused = await BringBackAndInspectAsync(rma, passed: false, "Used; scuffed panels");
        Assert.Equal("Refused", refused["status"]!.GetValue<string>());
        var (second, _) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "FB-PRO-5", 1, "Second try"));
        Assert.Equal(HttpStatusCode.Created, second);
        var account = await platform.SendAsync(HttpMethod.Get, $"/api/billing/accounts/{number}", "dev-staff-key");
        Assert.Equal(0m, JsonNode.Parse(await account.Content.ReadAsStringAsync())!["refunded"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_return_request_names_each_bad_field_and_refuses_what_cannot_be_returned()
    {
        var (missing, problem) = await PostAsync("/api/aftersales/returns", "dev-web-shop-key", new { kind = "Swap", lines = new[] { new { sku = "", quantity = 0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var errors = problem!["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(["kind", "lines[0].quantity", "lines[0].sku", "orderNumber", "reason"], errors);

        var notDelivered = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(notDelivered, "AwaitingPayment");
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("/api/aftersales/returns", "dev-web-shop-key", Return(notDelivered, "Return", "FB-PRO-5", 1))).Status);

        var (number, _, _) = await platform.DeliveredRetailOrderAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await RequestReturnAsync("dev-wechat-key", Return(number, "Return", "FB-PRO-5", 1))).Status);
        var (tooMany, tooManyProblem) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "FB-PRO-5", 3));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany);
        Assert.Contains("at most 2", tooManyProblem!["errors"]!["lines[0].quantity"]![0]!.GetValue<string>());
        var (notOnOrder, _) = await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "RS-AIR-42", 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOnOrder);
        var list = await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/returns?orderNumber={number}", "dev-staff-key");
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray());
    }

    [Fact]
    public async Task The_after_sales_report_shows_reasons_return_rates_satisfaction_and_sla_for_staff_only()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "BB-GAME-7", quantity = 1, unitPrice = 259.00m, specification = "" });
        await PostAsync("/api/aftersales/complaints", "dev-web-shop-key", new { orderNumber = number, reason = "Valve leaks", category = "Quality" });
        Assert.Equal(HttpStatusCode.Created, (await RequestReturnAsync("dev-web-shop-key", Return(number, "Return", "BB-GAME-7", 1, "Valve leaks"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key")).StatusCode);
        await platform.WaitForAsync($"/api/aftersales/surveys/{number}", "dev-web-shop-key", _ => true);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/surveys/{number}", "dev-web-shop-key", new { score = 2, comment = "leaks" })).StatusCode);

        var report = await platform.WaitForAsync("/api/aftersales/reports", "dev-staff-key", _ => true);
        Assert.Contains(report["complaintReasons"]!.AsArray(), r => r!["category"]!.GetValue<string>() == "Quality" && r["cases"]!.GetValue<int>() >= 1);
        var basketballs = report["returns"]!["byProduct"]!.AsArray().Single(p => p!["sku"]!.GetValue<string>() == "BB-GAME-7")!;
        Assert.True(basketballs["unitsReturned"]!.GetValue<int>() >= 1);
        Assert.InRange(basketballs["returnRate"]!.GetValue<decimal>(), 0.0001m, 1m);
        Assert.Contains(report["satisfaction"]!["byProduct"]!.AsArray(), p => p!["sku"]!.GetValue<string>() == "BB-GAME-7");
        Assert.NotNull(report["firstResponseSla"]!["casesDue"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/aftersales/reports", "dev-web-shop-key")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.SendAsync(HttpMethod.Get, "/api/aftersales/reports?from=2026-12-01&to=2026-11-01", "dev-staff-key")).StatusCode);
    }
}
