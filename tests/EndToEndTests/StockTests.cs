using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class StockTests(PlatformFixture platform)
{
    private async Task<JsonNode> StockAsync(string sku)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/inventory/stock/{sku}", "dev-staff-key")).Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Fifty_concurrent_orders_for_the_last_ten_units_reserve_exactly_ten_the_rest_are_short_and_a_low_stock_alert_is_raised()
    {
        const string sku = "RK-CARBON";
        var before = await StockAsync(sku);
        var topUp = 10 - before["available"]!.GetValue<int>();
        if (topUp > 0)
        {
            var receipt = await platform.SendAsync(HttpMethod.Post, "/api/inventory/receipts", "dev-staff-key",
                new { sku, warehouse = "WH-SH", quantity = topUp, reference = "top-up for the oversell test" });
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }
        var start = await StockAsync(sku);
        Assert.Equal(10, start["available"]!.GetValue<int>());

        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => platform.SubmitAsync("dev-phone-desk-key",
            PlatformFixture.NewOrder("C-A001", "Regular", new { sku, quantity = 1, unitPrice = 899.00m }))));

        var outcomes = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (outcomes.Count < numbers.Length)
        {
            foreach (var number in numbers.Where(n => !outcomes.ContainsKey(n)))
            {
                var order = await platform.GetOrderAsync(number);
                var status = order["status"]!.GetValue<string>();
                if (status == "OnHold" && order["holds"]!.AsArray().Any(h => h!["kind"]!.GetValue<string>() == "Stock")) outcomes[number] = "Short";
                else if (status is "ReadyToShip" or "Confirmed") outcomes[number] = "Reserved";
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{numbers.Length - outcomes.Count} orders undecided");
            await Task.Delay(200);
        }

        Assert.Equal(10, outcomes.Values.Count(o => o == "Reserved"));
        Assert.Equal(40, outcomes.Values.Count(o => o == "Short"));
        var end = await StockAsync(sku);
        Assert.Equal(0, end["available"]!.GetValue<int>());
        Assert.Equal(start["reserved"]!.GetValue<int>() + 10, end["reserved"]!.GetValue<int>() + (start["onHand"]!.GetValue<int>() - end["onHand"]!.GetValue<int>()));
        Assert.All(end["warehouses"]!.AsArray(), w => Assert.True(w!["available"]!.GetValue<int>() >= 0));

        // Stock at 10 met the threshold of 10; the reservations took it below, which raised one alert.
        var alerts = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/alerts", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var alert = Assert.Single(alerts.AsArray(), a => a!["sku"]!.GetValue<string>() == sku)!;
        Assert.Equal((0, 10), (alert["available"]!.GetValue<int>(), alert["threshold"]!.GetValue<int>()));
        Assert.Null(alert["clearedAt"]);
    }
}
