using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class ShippingTests(PlatformFixture platform)
{
    /// <summary>The platform under test allows 0 working days plus 15 s for dispatch (see the fixture).</summary>
    [Fact]
    public async Task An_in_stock_order_not_dispatched_within_its_sla_is_flagged_to_logistics_the_order_and_the_customer_and_reported()
    {
        var late = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        var prompt = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(late, "ReadyToShip");
        await platform.WaitForStatusAsync(prompt, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(prompt);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow);

        var overdue = await platform.WaitForAsync("/api/logistics/dispatch-sla?overdue=true", "dev-staff-key",
            l => l.AsArray().Any(s => s!["orderNumber"]!.GetValue<string>() == late), seconds: 60);
        Assert.DoesNotContain(overdue.AsArray(), s => s!["orderNumber"]!.GetValue<string>() == prompt);
        var all = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/logistics/dispatch-sla", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var onTime = all.AsArray().Single(s => s!["orderNumber"]!.GetValue<string>() == prompt)!;
        Assert.False(onTime["late"]!.GetValue<bool>());
        Assert.NotNull(onTime["dispatchedAt"]);

        var order = await platform.WaitForAsync($"/api/orders/{late}", "dev-phone-desk-key",
            o => o["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == "DispatchOverdue"));
        Assert.Equal("ReadyToShip", order["status"]!.GetValue<string>());
        await platform.WaitForAsync($"/api/orders/{late}/notifications", "dev-phone-desk-key",
            n => n.AsArray().Any(x => x!["milestone"]!.GetValue<string>() == "DispatchOverdue"));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/logistics/dispatch-sla", "dev-phone-desk-key")).StatusCode);

        var report = await platform.WaitForAsync("/api/logistics/reports", "dev-staff-key", _ => true);
        Assert.True(report["dispatch"]!["waitingOverdue"]!.GetValue<int>() >= 1);
        Assert.True(report["dispatch"]!["dispatchedOnTime"]!.GetValue<int>() >= 1);
        Assert.InRange(report["dispatch"]!["compliance"]!.GetValue<decimal>(), 0.0001m, 0.9999m);
        Assert.Contains(report["carriers"]!.AsArray(), c => c!["carrier"]!.GetValue<string>() == carrier && c["shipments"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task Shipments_are_listed_by_order_carrier_and_status_and_a_bad_filter_is_named()
    {
        var (number, carrier, tracking) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var found = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get,
            $"/api/logistics/shipments?orderNumber={number}&carrier={carrier.ToLowerInvariant()}&status=Delivered&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}",
            "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(tracking, Assert.Single(found)!["trackingNumber"]!.GetValue<string>());
        var notYet = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/shipments?orderNumber={number}&status=InTransit",
            "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Empty(notYet);

        var bad = await platform.SendAsync(HttpMethod.Get, "/api/logistics/shipments?status=Lost&offset=-5", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["offset", "status"], errors.Select(e => e.Key).Order().ToArray());
    }
}
