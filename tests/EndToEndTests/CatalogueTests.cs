using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>Products and prices the sales manager keeps: a new SKU, a price change, a price agreed with one customer.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CatalogueTests(PlatformFixture platform)
{
    private static object Line(string sku, decimal unitPrice) => new { sku, quantity = 1, unitPrice, specification = "" };

    private async Task<JsonNode> SettledAsync(string orderNumber)
        => await platform.WaitForAsync($"/api/orders/{orderNumber}", "dev-staff-key", o => o["status"]!.GetValue<string>() != "Submitted");

    private static bool PriceHeld(JsonNode order) => order["holds"]!.AsArray().Any(h => h!["kind"]!.GetValue<string>() == "Price");

    [Fact]
    public async Task A_product_added_by_the_sales_manager_can_be_ordered_at_once_and_a_new_price_counts_from_its_moment()
    {
        var sku = $"FB-TRAIN-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var added = await platform.SendAsync(HttpMethod.Post, "/api/inventory/products", "dev-staff-key",
            new { sku, name = "Training football, size 4", nameEn = "Training football", unitPrice = 99m, weightKg = 0.4m, sourcing = "Stocked" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var catalogue = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/products", "dev-web-shop-key")).Content.ReadAsStringAsync())!;
        Assert.Equal(99m, catalogue.AsArray().Single(p => p!["sku"]!.GetValue<string>() == sku)!["listPrice"]!.GetValue<decimal>());
        Assert.False(PriceHeld(await SettledAsync(await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Regular", Line(sku, 99m))))));

        var changed = await platform.SendAsync(HttpMethod.Put, $"/api/inventory/products/{sku}/price", "dev-staff-key", new { unitPrice = 119m, reason = "New season" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var history = JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["prices"]!.AsArray();
        Assert.Equal([99m, 119m], history.Select(p => p!["unitPrice"]!.GetValue<decimal>()));
        // The cached catalogue is cleared by the change; an order at the old price now waits for the sales manager.
        catalogue = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/products", "dev-web-shop-key")).Content.ReadAsStringAsync())!;
        Assert.Equal(119m, catalogue.AsArray().Single(p => p!["sku"]!.GetValue<string>() == sku)!["listPrice"]!.GetValue<decimal>());
        Assert.True(PriceHeld(await SettledAsync(await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Regular", Line(sku, 99m))))));

        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Put, $"/api/inventory/products/{sku}/price", "dev-phone-desk-key",
            new { unitPrice = 1m, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await platform.SendAsync(HttpMethod.Post, "/api/inventory/products", "dev-staff-key",
            new { sku, name = "again", unitPrice = 1m, weightKg = 1m, sourcing = "Stocked" })).StatusCode);
    }

    [Fact]
    public async Task A_product_added_with_a_low_stock_threshold_and_no_stock_yet_is_on_the_low_stock_alerts_at_once()
    {
        var (watched, unwatched) = ($"BB-MINI-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}", $"BB-MINI-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}");
        foreach (var (sku, threshold) in new[] { (watched, 20), (unwatched, 0) })
            Assert.Equal(HttpStatusCode.Created, (await platform.SendAsync(HttpMethod.Post, "/api/inventory/products", "dev-staff-key",
                new { sku, name = "Mini basketball", unitPrice = 59m, weightKg = 0.3m, sourcing = "Stocked", lowStockThreshold = threshold })).StatusCode);
        var open = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/alerts", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        var alert = Assert.Single(open, a => a!["sku"]!.GetValue<string>() == watched)!;
        Assert.Equal((0, 20), (alert["available"]!.GetValue<int>(), alert["threshold"]!.GetValue<int>()));
        Assert.DoesNotContain(open, a => a!["sku"]!.GetValue<string>() == unwatched);
    }

    [Fact]
    public async Task An_order_line_at_the_customers_agreed_price_passes_the_price_check_and_other_customers_pay_the_list_price()
    {
        var agreed = await platform.SendAsync(HttpMethod.Put, "/api/inventory/customer-prices/C-A001/BB-GAME-7", "dev-staff-key",
            new { unitPrice = 199m, validTo = DateTimeOffset.UtcNow.AddDays(30), reason = "Season contract 2027" });
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        var listed = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/customer-prices/C-A001", "dev-staff-key")).Content.ReadAsStringAsync())!;
        Assert.Contains(listed.AsArray(), p => p!["sku"]!.GetValue<string>() == "BB-GAME-7" && p["inForce"]!.GetValue<bool>());

        Assert.False(PriceHeld(await SettledAsync(await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular", Line("BB-GAME-7", 199m))))));
        Assert.True(PriceHeld(await SettledAsync(await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Regular", Line("BB-GAME-7", 199m))))));
    }
}
