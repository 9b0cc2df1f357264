using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>The order list as the console's search uses it: filtered and paged by Intake's database, not by the caller.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OrderSearchTests(PlatformFixture platform)
{
    private async Task<JsonArray> ListAsync(string query, string apiKey = "dev-staff-key")
    {
        var response = await platform.SendAsync(HttpMethod.Get, $"/api/orders?{query}", apiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static List<string> Numbers(JsonArray orders) => orders.Select(o => o!["orderNumber"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Orders_are_found_by_channel_customer_hold_number_and_day_and_paged_newest_first()
    {
        var desk = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        var shop = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("C-A001"));
        var priced = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "FB-PRO-5", quantity = 3, unitPrice = 150.00m }));
        await platform.WaitForStatusAsync(priced, "OnHold");

        // The customer's phone-desk orders: not the web shop's.
        var byDesk = Numbers(await ListAsync("customerId=C-A001&channel=phone-desk&limit=500"));
        Assert.Contains(desk, byDesk);
        Assert.Contains(priced, byDesk);
        Assert.DoesNotContain(shop, byDesk);

        // Waiting for the sales manager's price decision: every order listed has a price hold, and the hold travels with it.
        var onPriceHold = await ListAsync("hold=Price&limit=500");
        Assert.Contains(priced, Numbers(onPriceHold));
        Assert.DoesNotContain(desk, Numbers(onPriceHold));
        Assert.All(onPriceHold, o => Assert.Contains(o!["holds"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "Price"));

        // The beginning of a number is enough; today's orders (China time) include it, yesterday's do not.
        Assert.Contains(priced, Numbers(await ListAsync($"number={priced[..^2].ToLowerInvariant()}&limit=500")));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.Contains(priced, Numbers(await ListAsync($"from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&customerId=C-A001&limit=500")));
        Assert.DoesNotContain(priced, Numbers(await ListAsync($"to={today.AddDays(-1):yyyy-MM-dd}&customerId=C-A001&limit=500")));

        // Pages follow one another without a gap or an overlap, newest first.
        var all = Numbers(await ListAsync("customerId=C-A001&limit=4"));
        var first = Numbers(await ListAsync("customerId=C-A001&limit=2&offset=0"));
        var second = Numbers(await ListAsync("customerId=C-A001&limit=2&offset=2"));
        Assert.Equal(all, first.Concat(second).ToList());
        Assert.Equal(priced, first[0]);
    }

    [Fact]
    public async Task A_bad_filter_is_named_and_not_ignored()
    {
        var response = await platform.SendAsync(HttpMethod.Get, "/api/orders?status=Shipping&hold=Colour&from=2026-12-05&to=2026-12-01&offset=-1", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["hold", "offset", "status", "to"], errors.Select(e => e.Key).Order().ToArray());
    }

    [Fact]
    public async Task A_channel_searching_by_another_channel_finds_nothing_of_it()
    {
        var desk = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        Assert.DoesNotContain(desk, Numbers(await ListAsync("channel=phone-desk&limit=500", "dev-web-shop-key")));
        Assert.Contains(desk, Numbers(await ListAsync("channel=phone-desk&limit=500", "dev-phone-desk-key")));
    }
}
