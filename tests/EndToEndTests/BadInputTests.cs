using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform)
{
    private async Task<int> OrderCountAsync()
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/orders?limit=500", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray().Count;

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostOrderAsync(object body, string? key = "k", string apiKey = "dev-web-shop-key")
    {
        var request = PlatformFixture.Request(HttpMethod.Post, "/api/orders", apiKey, body);
        if (key is not null) request.Headers.Add("Idempotency-Key", key == "k" ? Guid.NewGuid().ToString() : key);
        var response = await platform.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task An_incomplete_order_is_400_naming_each_bad_field_and_nothing_is_stored()
    {
        var before = await OrderCountAsync();
        var (status, body) = await PostOrderAsync(new
        {
            customerId = "", orderType = "Whenever",
            lines = new[] { new { sku = "FB-PRO-5", quantity = 0, unitPrice = -1m } },
            shippingAddress = new { recipient = "Li Wei", phone = "call me", province = "Zhejiang", city = "Hangzhou", line1 = "1 Wensan Rd", postalCode = "31" },
            requestedDeliveryDate = "2020-01-01",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fields = body["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(new[] { "customerId", "lines[0].quantity", "lines[0].unitPrice", "orderType", "requestedDeliveryDate",
            "shippingAddress.phone", "shippingAddress.postalCode" }.Order(), fields);
        Assert.Equal(before, await OrderCountAsync());
    }

    [Fact]
    public async Task A_malformed_body_is_400_not_500()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("""{"customerId": "R-0001", "lines": [{"quantity": "many"}]}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", "dev-web-shop-key");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await platform.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lines[0].quantity", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_order_without_an_idempotency_key_is_400()
    {
        var (status, body) = await PostOrderAsync(PlatformFixture.NewOrder("R-0001"), key: null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body["errors"]!["Idempotency-Key"]);
    }

    [Fact]
    public async Task An_unknown_customer_or_sku_is_422_and_nothing_is_stored()
    {
        var before = await OrderCountAsync();
        var (customerStatus, customerBody) = await PostOrderAsync(PlatformFixture.NewOrder("R-9999"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, customerStatus);
        Assert.NotNull(customerBody["errors"]!["customerId"]);
        var (skuStatus, skuBody) = await PostOrderAsync(PlatformFixture.NewOrder("R-0001", "Regular",
            new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199m }, new { sku = "NO-SUCH-SKU", quantity = 1, unitPrice = 1m }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, skuStatus);
        Assert.NotNull(skuBody["errors"]!["lines[1].sku"]);
        Assert.Equal(before, await OrderCountAsync());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_return_the_same_order_and_another_body_is_409()
    {
        var key = Guid.NewGuid().ToString();
        var order = PlatformFixture.NewOrder("R-0001");
        var (first, firstBody) = await PostOrderAsync(order, key);
        var (again, againBody) = await PostOrderAsync(order, key);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(firstBody["orderNumber"]!.GetValue<string>(), againBody["orderNumber"]!.GetValue<string>());

        var (conflict, conflictBody) = await PostOrderAsync(PlatformFixture.NewOrder("R-0001", "Regular", new { sku = "FB-PRO-5", quantity = 9, unitPrice = 199m }), key);
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Contains(firstBody["orderNumber"]!.GetValue<string>(), conflictBody["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_create_one_order()
    {
        var key = Guid.NewGuid().ToString();
        var order = PlatformFixture.NewOrder("R-0001");
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostOrderAsync(order, key)));
        Assert.Single(results.Select(r => r.Body["orderNumber"]!.GetValue<string>()).Distinct());
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
    }

    /// <summary>The staff's work lists page like every list: a negative offset is named, a limit gives at most that many rows.</summary>
    [Theory]
    [InlineData("/api/credit/holds")]
    [InlineData("/api/logistics/dispatch-sla?overdue=true")]
    [InlineData("/api/inventory/alerts")]
    [InlineData("/api/inventory/backorders")]
    [InlineData("/api/billing/invoices")]
    [InlineData("/api/billing/carrier-claims?status=Open")]
    [InlineData("/api/aftersales/claims")]
    public async Task A_work_list_pages_and_a_negative_offset_is_400_naming_it(string list)
    {
        var join = list.Contains('?') ? '&' : '?';
        var bad = await platform.SendAsync(HttpMethod.Get, $"{list}{join}offset=-1", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().ContainsKey("offset"));
        var all = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, list, "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        var page = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"{list}{join}limit=1&offset=1", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        Assert.True(page.Count <= 1 && (all.Count < 2 || page.Count == 1), $"{all.Count} in all, {page.Count} on the page");
    }

    [Fact]
    public async Task An_unknown_order_number_is_404()
        => Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, "/api/orders/SO-20990101-999999", "dev-staff-key")).StatusCode);

    [Fact]
    public async Task One_channel_cannot_see_another_channels_order()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, $"/api/orders/{number}", "dev-wechat-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-wechat-key", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Get, $"/api/orders/{number}", "dev-web-shop-key")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_key_are_401_and_staff_routes_refuse_channels_with_403()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.SendAsync(HttpMethod.Get, "/api/orders", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.SendAsync(HttpMethod.Get, "/api/orders", "wrong-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/credit/holds", "dev-web-shop-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/inventory/stock/FB-PRO-5", "dev-web-shop-key")).StatusCode);
    }

    [Fact]
    public async Task Receipt_before_delivery_is_409_with_the_reason()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var response = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Delivered", await response.Content.ReadAsStringAsync());
    }
}
