using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class CancellationTests(PlatformFixture platform)
{
    private static bool HasEvent(JsonNode order, string name) => order["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == name);

    private Task<JsonNode> WaitForTimelineAsync(string number, params string[] events)
        => platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key", order => events.All(e => HasEvent(order, e)));

    [Fact]
    public async Task Cancelling_a_paid_order_before_dispatch_releases_its_stock_and_refunds_the_payment()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Regular",
            new { sku = "RS-AIR-42", quantity = 3, unitPrice = 699.00m }));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
        await platform.PayAsync(number, 2097m, $"pay-{number}");
        await platform.WaitForStatusAsync(number, "ReadyToShip");

        var cancel = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-web-shop-key", new { reason = "ordered the wrong size" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var order = await WaitForTimelineAsync(number, "Cancelled", "StockReleased", "RefundIssued");
        Assert.Equal("Cancelled", order["status"]!.GetValue<string>());
        Assert.Equal(2097m, order["payment"]!["refunded"]!.GetValue<decimal>());

        var ledger = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/stock/RS-AIR-42/ledger", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        var mine = ledger.Where(m => m!["orderNumber"]?.GetValue<string>() == number).Select(m => (m!["kind"]!.GetValue<string>(), m["reservedChange"]!.GetValue<int>())).ToList();
        Assert.Equal(3, mine.Where(m => m.Item1 == "Reserved").Sum(m => m.Item2));
        Assert.Equal(-3, mine.Where(m => m.Item1 == "Released").Sum(m => m.Item2));

        var account = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/billing/accounts/{number}", "dev-staff-key")).Content.ReadAsStringAsync())!;
        Assert.Equal("Cancelled", account["status"]!.GetValue<string>());
        Assert.Equal(2097m, account["refunded"]!.GetValue<decimal>());

        var again = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-web-shop-key", new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var latePayment = await platform.PayAsync(number, 1m, $"late-{number}");
        Assert.Equal(HttpStatusCode.Conflict, latePayment.StatusCode);
    }

    [Fact]
    public async Task A_cancellation_after_dispatch_is_refused_with_the_reason_and_changes_nothing()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow);
        await platform.WaitForStatusAsync(number, "Shipped");

        var refused = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-phone-desk-key", new { reason = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("dispatched", await refused.Content.ReadAsStringAsync());
        var order = await platform.GetOrderAsync(number);
        Assert.Equal("Shipped", order["status"]!.GetValue<string>());
        Assert.False(HasEvent(order, "Cancelled"));
    }

    [Fact]
    public async Task A_cancellation_without_a_reason_is_400()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var response = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-web-shop-key", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
