using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class ProductionTests(PlatformFixture platform)
{
    private static object Jerseys(int quantity) => new { sku = "JR-TEAM-CUSTOM", quantity, unitPrice = 129.00m, specification = "club crest, names and numbers" };

    private static IEnumerable<string> Events(JsonNode order) => order["timeline"]!.AsArray().Select(t => t!["event"]!.GetValue<string>());

    private static DateOnly Promised(JsonNode order) => DateOnly.Parse(order["promisedDate"]!.GetValue<string>());

    private async Task<JsonNode> WorkOrderAsync(string number)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/production/work-orders/{number}", "dev-staff-key")).Content.ReadAsStringAsync())!;

    private async Task<HttpResponseMessage> ProduceAsync(string workOrder, int quantity)
        => await platform.SendAsync(HttpMethod.Post, $"/api/production/work-orders/{workOrder}/progress", "dev-staff-key", new { quantity });

    private async Task<HttpResponseMessage> InspectAsync(string workOrder, bool passed, string note)
        => await platform.SendAsync(HttpMethod.Post, $"/api/production/work-orders/{workOrder}/inspection", "dev-staff-key", new { passed, note });

    [Fact]
    public async Task Grade_B_custom_order_with_a_late_signed_confirmation_slips_waits_for_the_deposit_is_made_fails_QC_passes_after_rework_and_ships_once_the_balance_is_paid()
    {
        // 20 jerseys = 2580.00; C-B001 pays a 30 % deposit (774.00) before production and the balance (1806.00) before shipment.
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Custom", Jerseys(20)));
        var confirmed = await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key",
            o => o["status"]!.GetValue<string>() == "AwaitingPayment" && o["workOrders"]!.AsArray().Count == 1);
        var hold = Assert.Single(confirmed["holds"]!.AsArray())!;
        Assert.Equal(("Confirmation", "customer"), (hold["kind"]!.GetValue<string>(), hold["mustAct"]!.GetValue<string>()));
        var promised = Promised(confirmed);
        var workOrder = confirmed["workOrders"]![0]!["number"]!.GetValue<string>();
        Assert.Equal("Planned", (await WorkOrderAsync(workOrder))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await ProduceAsync(workOrder, 5)).StatusCode);

        // The signed confirmation is due 2 s after confirmation in this platform (the same day in production): let it be late.
        var due = confirmed["confirmation"]!["confirmedAt"]!.GetValue<DateTimeOffset>().AddSeconds(2);
        var wait = due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var signed = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/confirmation", "dev-phone-desk-key", new { signedBy = "Zhang San", reference = "fax" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var afterSigning = JsonNode.Parse(await signed.Content.ReadAsStringAsync())!;
        Assert.Equal(promised.AddDays(1), Promised(afterSigning));
        Assert.Contains("PromisedDateSlipped", Events(afterSigning));
        Assert.Equal("AwaitingPayment", afterSigning["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(number, 774.00m, $"deposit-{number}")).StatusCode);
        var inProduction = await platform.WaitForStatusAsync(number, "InProduction");
        Assert.Empty(inProduction["holds"]!.AsArray());
        await platform.WaitForAsync($"/api/production/work-orders/{workOrder}", "dev-staff-key", w => w["status"]!.GetValue<string>() == "Released");

        Assert.Equal(HttpStatusCode.OK, (await ProduceAsync(workOrder, 12)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ProduceAsync(workOrder, 8)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await InspectAsync(workOrder, false, "crest misprinted")).StatusCode);
        Assert.Equal("Rework", (await WorkOrderAsync(workOrder))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await ProduceAsync(workOrder, 20)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await InspectAsync(workOrder, true, "all 20 checked")).StatusCode);

        // Production's own history is in order; the order's timeline hears both inspections (events may arrive in either order).
        var history = (await WorkOrderAsync(workOrder))["history"]!.AsArray().Select(h => h!["event"]!.GetValue<string>()).ToList();
        Assert.Equal(["Planned", "Released", "Progress", "Finished", "QcFailed", "Finished", "QcPassed"], history);
        var made = await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key",
            o => new[] { "QcFailed", "QcPassed", "ProducedGoodsReserved" }.All(Events(o).Contains));
        Assert.Equal("AwaitingPayment", made["status"]!.GetValue<string>());
        var ledger = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/stock/JR-TEAM-CUSTOM/ledger", "dev-staff-key")).Content.ReadAsStringAsync())!;
        Assert.Contains(ledger.AsArray(), m => m!["kind"]!.GetValue<string>() == "Produced" && m["reference"]?.GetValue<string>() == workOrder && m["onHandChange"]!.GetValue<int>() == 20);

        Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(number, 1806.00m, $"balance-{number}")).StatusCode);
        var ready = await platform.WaitForStatusAsync(number, "ReadyToShip");
        Assert.Equal((2580.00m, 0m), (ready["payment"]!["paid"]!.GetValue<decimal>(), ready["payment"]!["due"]!.GetValue<decimal>()));
        var notifications = await platform.WaitForAsync($"/api/orders/{number}/notifications", "dev-staff-key",
            n => n.AsArray().Any(x => x!["milestone"]!.GetValue<string>() == "PromisedDateSlipped"));
        Assert.Contains(promised.AddDays(1).ToString("yyyy-MM-dd"), notifications.AsArray().First(x => x!["milestone"]!.GetValue<string>() == "PromisedDateSlipped")!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_custom_jersey_order_is_scheduled_behind_a_later_urgent_order_and_is_told_of_its_new_date()
    {
        var jersey = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Custom", Jerseys(150)));
        // Grade A goes to production without waiting for the signed confirmation.
        var planned = await platform.WaitForStatusAsync(jersey, "InProduction");
        var promised = Promised(planned);
        var jerseyWork = planned["workOrders"]![0]!["number"]!.GetValue<string>();

        // 200 urgent jerseys fill a whole day of LINE-1 (200 a day) and go first.
        var urgent = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Urgent", Jerseys(200)));
        var urgentOrder = await platform.WaitForStatusAsync(urgent, "InProduction");
        var urgentWork = urgentOrder["workOrders"]![0]!["number"]!.GetValue<string>();

        var moved = await platform.WaitForAsync($"/api/orders/{jersey}", "dev-staff-key", o => Events(o).Contains("Rescheduled"));
        Assert.Equal(promised.AddDays(1), Promised(moved));
        var schedule = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/production/schedule", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var line = schedule.AsArray().Single(l => l!["line"]!.GetValue<string>() == "LINE-1")!["workOrders"]!.AsArray();
        int Position(string wo) => line.Single(w => w!["number"]!.GetValue<string>() == wo)!["position"]!.GetValue<int>();
        Assert.True(Position(urgentWork) < Position(jerseyWork));
        // The schedule pages each line's sequence (the positions count every open work order); the work-order list refuses
        // what it does not know, naming the field.
        var second = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/production/schedule?line=LINE-1&limit=1&offset=1", "dev-staff-key"))
            .Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Equal(line.Count, second["openWorkOrders"]!.GetValue<int>());
        Assert.Equal(2, Assert.Single(second["workOrders"]!.AsArray())!["position"]!.GetValue<int>());
        var bad = await platform.SendAsync(HttpMethod.Get, "/api/production/work-orders?status=Finished&offset=-1", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var named = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(named.ContainsKey("status") && named.ContainsKey("offset"));
        await platform.WaitForAsync($"/api/orders/{jersey}/notifications", "dev-staff-key",
            n => n.AsArray().Any(x => x!["milestone"]!.GetValue<string>() == "Rescheduled"));

        // Cancelling the urgent order before its work starts cancels its work order.
        var cancel = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{urgent}/cancel", "dev-phone-desk-key", new { reason = "customer found stock elsewhere" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await platform.WaitForAsync($"/api/production/work-orders/{urgentWork}", "dev-staff-key", w => w["status"]!.GetValue<string>() == "Cancelled");
        await platform.WaitForAsync($"/api/orders/{urgent}", "dev-staff-key", o => Events(o).Contains("ProductionStopped"));
    }

    [Fact]
    public async Task A_custom_order_nobody_can_make_goes_on_a_technical_hold_for_sales()
    {
        // Footballs have no routing on any production line.
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Custom",
            new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "gold print" }));
        var held = await platform.WaitForStatusAsync(number, "OnHold");
        var hold = Assert.Single(held["holds"]!.AsArray())!;
        Assert.Equal(("Technical", "staff:sales-manager"), (hold["kind"]!.GetValue<string>(), hold["mustAct"]!.GetValue<string>()));
        Assert.Contains("no production line has a routing", hold["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_short_of_raw_material_is_held_for_sales_and_planned_once_material_arrives_and_sales_retries()
    {
        var materials = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/production/materials", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var units = materials.AsArray().Single(m => m!["sku"]!.GetValue<string>() == "JR-TEAM-CUSTOM")!["units"]!.GetValue<int>();
        // A retail order (no credit review) for one jersey more than the material covers.
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Custom", Jerseys(units + 1)));
        var held = await platform.WaitForStatusAsync(number, "OnHold");
        Assert.Contains($"raw material for {units} units, {units + 1} needed", held["holds"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/technical-hold/retry", "dev-web-shop-key", new { reason = "x" })).StatusCode);

        var received = await platform.SendAsync(HttpMethod.Post, "/api/production/materials", "dev-staff-key", new { sku = "JR-TEAM-CUSTOM", units = 500, reference = "fabric PO-7" });
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/technical-hold/retry", "dev-staff-key", new { reason = "fabric delivered" })).StatusCode);
        var planned = await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key", o => o["workOrders"]!.AsArray().Count == 1);
        Assert.Equal(units + 1, planned["workOrders"]![0]!["quantity"]!.GetValue<int>());
        Assert.Empty(planned["holds"]!.AsArray());
        // Clean up, and let the schedule settle before the next test reads it.
        await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-web-shop-key", new { reason = "test clean-up" });
        await platform.WaitForAsync($"/api/production/work-orders/{planned["workOrders"]![0]!["number"]}", "dev-staff-key", w => w["status"]!.GetValue<string>() == "Cancelled");
    }
}
