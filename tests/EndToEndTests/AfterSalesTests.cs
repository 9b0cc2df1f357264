using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class AfterSalesTests(PlatformFixture platform)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> ComplainAsync(string apiKey, string orderNumber, string reason)
    {
        var response = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/complaints", apiKey, new { orderNumber, reason });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task Answered_surveys_are_listed_newest_answer_first_the_unhappy_ones_by_score_and_a_bad_filter_is_named()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key")).StatusCode);
        await platform.WaitForAsync($"/api/aftersales/surveys/{number}", "dev-web-shop-key", s => s["status"]?.GetValue<string>() == "Open");
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/surveys/{number}", "dev-web-shop-key",
            new { score = 2, comment = "the ball lost air in a week" })).StatusCode);

        async Task<JsonArray> ListAsync(string query)
        {
            var response = await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/surveys?{query}", "dev-staff-key");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        }
        var answered = await ListAsync("status=Answered&limit=500");
        Assert.Equal(number, answered[0]!["orderNumber"]!.GetValue<string>());
        Assert.All(answered, s => Assert.Equal("Answered", s!["status"]!.GetValue<string>()));
        var unhappy = await ListAsync("maxScore=2&limit=500");
        Assert.Contains(unhappy, s => s!["orderNumber"]!.GetValue<string>() == number && s["comment"]!.GetValue<string>() == "the ball lost air in a week");
        Assert.All(unhappy, s => Assert.True(s!["score"]!.GetValue<int>() <= 2));
        Assert.DoesNotContain(await ListAsync("status=Open&limit=500"), s => s!["orderNumber"]!.GetValue<string>() == number);

        var bad = await platform.SendAsync(HttpMethod.Get, "/api/aftersales/surveys?status=Closed&maxScore=9", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("status") && errors.ContainsKey("maxScore"));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/aftersales/surveys", "dev-web-shop-key")).StatusCode);
        // The case and return lists name a status they do not know, too.
        foreach (var list in new[] { "cases", "returns" })
        {
            var unknown = await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/{list}?status=Closed&offset=-1", "dev-staff-key");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            var named = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            Assert.True(named.ContainsKey("status") && named.ContainsKey("offset"), list);
        }
    }

    [Fact]
    public async Task A_damaged_delivery_opens_a_case_and_a_reshipment_delivers_the_order()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-1", DateTimeOffset.UtcNow);
        var exception = await platform.CarrierEventAsync(carrier, tracking, "Exception", $"{tracking}-x", DateTimeOffset.UtcNow.AddMinutes(5), exceptionCode: "Damaged");
        Assert.Equal(HttpStatusCode.OK, exception.StatusCode);

        var cases = await platform.WaitForAsync($"/api/aftersales/cases?orderNumber={number}", "dev-staff-key", n => n.AsArray().Count == 1);
        var opened = cases[0]!;
        var caseNumber = opened["caseNumber"]!.GetValue<string>();
        Assert.Equal("DeliveryException", opened["kind"]!.GetValue<string>());
        Assert.Contains("Damaged", opened["reason"]!.GetValue<string>());
        Assert.Contains("reship", opened["reason"]!.GetValue<string>());
        Assert.Equal("phone-desk", opened["channel"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/cases/{caseNumber}", "dev-phone-desk-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/cases/{caseNumber}", "dev-web-shop-key")).StatusCode);

        // The after-sales agent reships; the channel may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/cases/{caseNumber}/reshipment",
            "dev-phone-desk-key", new { message = "send again" })).StatusCode);
        var reship = await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/cases/{caseNumber}/reshipment", "dev-staff-key",
            new { message = "Box crushed in transit; sending a new one" });
        Assert.Equal(HttpStatusCode.Accepted, reship.StatusCode);
        var again = await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/cases/{caseNumber}/reshipment", "dev-staff-key", new { message = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var reshipped = await platform.WaitForAsync($"/api/aftersales/cases/{caseNumber}", "dev-staff-key", n => n["replacementTrackingNumber"] is not null);
        var replacement = reshipped["replacementTrackingNumber"]!.GetValue<string>();
        Assert.NotEqual(tracking, replacement);
        Assert.Equal(["Opened", "ReshipmentRequested", "Reshipped"], reshipped["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
        Assert.Equal("Responded", reshipped["status"]!.GetValue<string>());

        // The order now follows the replacement, which delivers it.
        var shown = await platform.WaitForAsync($"/api/orders/{number}", "dev-phone-desk-key", o => o["shipment"]!["trackingNumber"]!.GetValue<string>() == replacement);
        Assert.Contains(shown["timeline"]!.AsArray(), t => t!["event"]!.GetValue<string>() == "ReplacementShipmentCreated");
        var replacementCarrier = reshipped["replacementCarrier"]!.GetValue<string>();
        await platform.CarrierEventAsync(replacementCarrier, replacement, "PickedUp", $"{replacement}-1", DateTimeOffset.UtcNow.AddMinutes(10));
        await platform.CarrierEventAsync(replacementCarrier, replacement, "Delivered", $"{replacement}-2", DateTimeOffset.UtcNow.AddMinutes(20));
        await platform.WaitForStatusAsync(number, "Delivered");
        var ledger = await platform.WaitForAsync("/api/inventory/stock/FB-PRO-5/ledger", "dev-staff-key",
            l => l.AsArray().Any(m => m!["reference"]?.GetValue<string>() == caseNumber));
        Assert.Equal(-2, ledger.AsArray().Where(m => m!["reference"]?.GetValue<string>() == caseNumber).Sum(m => m!["onHandChange"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_complaint_without_a_first_response_in_its_sla_is_escalated_and_an_answered_one_is_not()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");

        var (answeredStatus, answered) = await ComplainAsync("dev-web-shop-key", number, "the confirmation e-mail never came");
        var (ignoredStatus, ignored) = await ComplainAsync("dev-web-shop-key", number, "nobody answers the phone");
        Assert.Equal(HttpStatusCode.Created, answeredStatus);
        Assert.Equal(HttpStatusCode.Created, ignoredStatus);
        var respond = await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/cases/{answered!["caseNumber"]}/responses", "dev-staff-key",
            new { message = "Sorry, resending it now." });
        Assert.Equal(HttpStatusCode.OK, respond.StatusCode);

        var escalated = await platform.WaitForAsync($"/api/aftersales/cases/{ignored!["caseNumber"]}", "dev-web-shop-key",
            n => n["status"]!.GetValue<string>() == "Escalated");
        Assert.Equal(["Opened", "Escalated"], escalated["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
        var stillAnswered = await platform.WaitForAsync($"/api/aftersales/cases/{answered["caseNumber"]}", "dev-web-shop-key", _ => true);
        Assert.Equal("Responded", stillAnswered["status"]!.GetValue<string>());
        Assert.Equal(["Opened", "Responded"], stillAnswered["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_channel_cannot_complain_about_another_channels_order_and_a_complaint_needs_a_reason()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
        Assert.Equal(HttpStatusCode.NotFound, (await ComplainAsync("dev-wechat-key", number, "not mine")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ComplainAsync("dev-web-shop-key", number, "")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ComplainAsync("dev-web-shop-key", "SO-20990101-999999", "no such order")).Status);
    }
}
