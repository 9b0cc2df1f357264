using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class ChangeTests(PlatformFixture platform)
{
    private static readonly object Ningbo = new { recipient = "Li Wei", phone = "13800000000", province = "Zhejiang", city = "Ningbo", line1 = "9 Zhongshan Rd", postalCode = "315000" };

    [Fact]
    public async Task An_address_change_before_dispatch_is_approved_and_one_after_dispatch_is_refused_with_the_reason()
    {
        var open = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(open, "AwaitingPayment");
        var approved = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{open}/changes", "dev-web-shop-key", new { shippingAddress = Ningbo, reason = "moved office" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var changed = JsonNode.Parse(await approved.Content.ReadAsStringAsync())!;
        Assert.Equal("Ningbo", changed["shippingAddress"]!["city"]!.GetValue<string>());
        Assert.Contains(changed["timeline"]!.AsArray(), t => t!["event"]!.GetValue<string>() == "ChangeApproved" && t["by"]!.GetValue<string>() == "web-shop");

        var (delivered, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        var refused = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{delivered}/changes", "dev-web-shop-key", new { shippingAddress = Ningbo, reason = "moved office" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("dispatched", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        var order = await platform.GetOrderAsync(delivered);
        Assert.Equal("Hangzhou", order["shippingAddress"]!["city"]!.GetValue<string>());
        Assert.Equal("ChangeRefused", order["timeline"]!.AsArray().Last()!["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_without_a_reason_or_with_a_bad_field_is_answered_400_naming_each_field()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var response = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/changes", "dev-web-shop-key",
            new { requestedDeliveryDate = "2020-01-01", lines = new[] { new { sku = "FB-PRO-5", quantity = 0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("reason") && errors.ContainsKey("requestedDeliveryDate") && errors.ContainsKey("lines[0].quantity"), errors.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/changes", "dev-wechat-key",
            new { shippingAddress = Ningbo, reason = "not mine" })).StatusCode);
    }

    [Fact]
    public async Task A_quantity_cut_before_payment_releases_the_excess_stock_lowers_the_deposit_and_the_exposure_and_more_is_refused()
    {
        // C-B001 (grade B, deposit 30 %): 100 footballs = 19900.00, deposit 5970.00.
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Regular",
            new { sku = "FB-PRO-5", quantity = 100, unitPrice = 199.00m }));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
        var exposure = (await platform.WaitForAsync("/api/credit/customers/C-B001", "dev-staff-key", _ => true))["exposure"]!.GetValue<decimal>();

        var more = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/changes", "dev-phone-desk-key",
            new { lines = new[] { new { sku = "FB-PRO-5", quantity = 120 } }, reason = "club grew" });
        Assert.Equal(HttpStatusCode.Conflict, more.StatusCode);
        Assert.Contains("additional order", JsonNode.Parse(await more.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());

        var cut = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/changes", "dev-phone-desk-key",
            new { lines = new[] { new { sku = "FB-PRO-5", quantity = 60 } }, reason = "budget cut" });
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(11940.00m, JsonNode.Parse(await cut.Content.ReadAsStringAsync())!["total"]!.GetValue<decimal>());

        var account = await platform.WaitForAsync($"/api/billing/accounts/{number}", "dev-staff-key", a => a["total"]!.GetValue<decimal>() == 11940.00m);
        Assert.Equal(3582.00m, account["depositAmount"]!.GetValue<decimal>());
        await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key",
            o => o["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == "PaymentRequested" && t["detail"]!.GetValue<string>().Contains("3582.00")));
        var ledger = await platform.WaitForAsync("/api/inventory/stock/FB-PRO-5/ledger", "dev-staff-key",
            l => l.AsArray().Any(m => m!["orderNumber"]?.GetValue<string>() == number && m["kind"]!.GetValue<string>() == "Released"));
        Assert.Equal(-40, ledger.AsArray().Where(m => m!["orderNumber"]?.GetValue<string>() == number && m["kind"]!.GetValue<string>() == "Released")
            .Sum(m => m!["reservedChange"]!.GetValue<int>()));
        await platform.WaitForAsync("/api/credit/customers/C-B001", "dev-staff-key", c => c["exposure"]!.GetValue<decimal>() == exposure - 7960.00m);
        await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-phone-desk-key", new { reason = "test clean-up" });
    }
}
