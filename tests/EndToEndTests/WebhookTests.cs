using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class WebhookTests(PlatformFixture platform)
{
    private async Task<string> AwaitingPaymentOrderAsync()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
        return number;
    }

    private async Task<(string Number, string Carrier, string Tracking)> ReadyToShipOrderAsync()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        return (number, carrier, tracking);
    }

    private async Task<JsonNode> TrackingAsync(string tracking)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/tracking/{tracking}", "dev-staff-key")).Content.ReadAsStringAsync())!;

    [Fact]
    public async Task A_payment_with_a_forged_signature_is_401_and_changes_nothing()
    {
        var number = await AwaitingPaymentOrderAsync();
        var forged = await platform.PayAsync(number, 398m, $"forged-{number}", secret: "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var unsigned = await platform.WebhookAsync("/api/billing/webhooks/mockpay", null, new { eventId = "x", orderNumber = number });
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var order = await platform.GetOrderAsync(number);
        Assert.Equal("AwaitingPayment", order["status"]!.GetValue<string>());
        Assert.Equal(0m, order["payment"]!["paid"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_payment_webhook_replayed_after_five_minutes_or_signed_without_a_timestamp_is_401_and_changes_nothing()
    {
        var number = await AwaitingPaymentOrderAsync();
        var total = (await platform.GetOrderAsync(number))["total"]!.GetValue<decimal>();
        var body = System.Text.Json.JsonSerializer.Serialize(new
            { eventId = $"replayed-{number}", orderNumber = number, kind = "Paid", amount = total, currency = "CNY", occurredAt = DateTimeOffset.UtcNow });
        async Task<HttpResponseMessage> PostAsync(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/billing/webhooks/mockpay")
                { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Signature", signature);
            return await platform.Http.SendAsync(request);
        }

        using var replayed = await PostAsync(PlatformFixture.Sign("dev-mockpay-secret", body, DateTimeOffset.UtcNow.AddMinutes(-6)));
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("s old", JsonNode.Parse(await replayed.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        var bodyOnly = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("dev-mockpay-secret"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(body)));
        using var legacy = await PostAsync(bodyOnly);
        Assert.Equal(HttpStatusCode.Unauthorized, legacy.StatusCode);
        var order = await platform.GetOrderAsync(number);
        Assert.Equal(("AwaitingPayment", 0m), (order["status"]!.GetValue<string>(), order["payment"]!["paid"]!.GetValue<decimal>()));

        // The same body signed now is the partner's real message: taken once.
        using var fresh = await PostAsync(PlatformFixture.Sign("dev-mockpay-secret", body));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        await platform.WaitForStatusAsync(number, "ReadyToShip");
    }

    [Fact]
    public async Task A_repeated_payment_webhook_is_counted_once()
    {
        var number = await AwaitingPaymentOrderAsync();
        var first = JsonNode.Parse(await (await platform.PayAsync(number, 100m, $"dup-{number}")).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await platform.PayAsync(number, 100m, $"dup-{number}")).Content.ReadAsStringAsync())!;
        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.True(second["duplicate"]!.GetValue<bool>());
        var account = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/billing/accounts/{number}", "dev-staff-key")).Content.ReadAsStringAsync())!;
        Assert.Equal(100m, account["paid"]!.GetValue<decimal>());
        Assert.Equal(298m, account["due"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_payment_for_an_unknown_order_is_404_and_a_bad_payload_is_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await platform.PayAsync("SO-20990101-999999", 1m, Guid.NewGuid().ToString())).StatusCode);
        var bad = await platform.WebhookAsync("/api/billing/webhooks/mockpay", "dev-mockpay-secret", new { eventId = "", amount = -5, currency = "USD" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key).ToArray();
        Assert.Contains("eventId", errors);
        Assert.Contains("amount", errors);
        Assert.Contains("currency", errors);
    }

    [Fact]
    public async Task A_duplicate_and_an_out_of_order_carrier_event_leave_the_shipment_right()
    {
        var (number, carrier, tracking) = await ReadyToShipOrderAsync();
        var t0 = DateTimeOffset.UtcNow;
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-1", t0);
        var delivered = JsonNode.Parse(await (await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-3", t0.AddHours(2))).Content.ReadAsStringAsync())!;
        Assert.True(delivered["applied"]!.GetValue<bool>());

        var duplicate = JsonNode.Parse(await (await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-3", t0.AddHours(2))).Content.ReadAsStringAsync())!;
        Assert.True(duplicate["duplicate"]!.GetValue<bool>());
        var late = JsonNode.Parse(await (await platform.CarrierEventAsync(carrier, tracking, "InTransit", $"{tracking}-2", t0.AddHours(1))).Content.ReadAsStringAsync())!;
        Assert.False(late["applied"]!.GetValue<bool>());
        Assert.Equal("Delivered", late["shipmentStatus"]!.GetValue<string>());

        await platform.WaitForStatusAsync(number, "Delivered");
        var track = await TrackingAsync(tracking);
        Assert.Equal("Delivered", track["status"]!.GetValue<string>());
        Assert.Equal(["PickedUp", "InTransit", "Delivered"], track["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_forged_carrier_event_is_401_and_changes_nothing()
    {
        var (number, carrier, tracking) = await ReadyToShipOrderAsync();
        var forged = await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-forged", DateTimeOffset.UtcNow, secret: "dev-carrier-SF-secret-guess");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var other = await platform.CarrierEventAsync(carrier == "SF" ? "ZTO" : "SF", tracking, "Delivered", $"{tracking}-other", DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("ReadyToShip", (await platform.GetOrderAsync(number))["status"]!.GetValue<string>());
        Assert.Empty((await TrackingAsync(tracking))["events"]!.AsArray());
    }

    [Fact]
    public async Task A_carrier_event_for_an_unknown_tracking_number_is_404_and_a_bad_one_is_400_naming_each_field()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await platform.CarrierEventAsync("SF", "SF000", "PickedUp", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow)).StatusCode);
        var bad = await platform.WebhookAsync("/api/logistics/webhooks/SF", "dev-carrier-SF-secret",
            new { eventId = "", trackingNumber = "SF000", type = "Exception", exceptionCode = "Wet" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key).Order();
        Assert.Equal(["eventId", "exceptionCode", "occurredAt"], errors);
    }
}
