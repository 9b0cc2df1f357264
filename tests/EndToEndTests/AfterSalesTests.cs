using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class AfterSalesTests(PlatformFixture platform)
{
    private async Task<JsonNode> WaitForCaseAsync(string path, string apiKey, Func<JsonNode, bool> reached, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = await platform.SendAsync(HttpMethod.Get, path, apiKey);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } node && reached(node)) return node;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not reach the expected state in {seconds} s");
            await Task.Delay(200);
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> ComplainAsync(string apiKey, string orderNumber, string reason)
    {
        var response = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/complaints", apiKey, new { orderNumber, reason });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task A_damaged_delivery_opens_an_after_sales_case_on_the_order()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-1", DateTimeOffset.UtcNow);
        var exception = await platform.CarrierEventAsync(carrier, tracking, "Exception", $"{tracking}-x", DateTimeOffset.UtcNow.AddMinutes(5), exceptionCode: "Damaged");
        Assert.Equal(HttpStatusCode.OK, exception.StatusCode);

        var cases = await WaitForCaseAsync($"/api/aftersales/cases?orderNumber={number}", "dev-staff-key", n => n.AsArray().Count == 1);
        var opened = cases[0]!;
        Assert.Equal("DeliveryException", opened["kind"]!.GetValue<string>());
        Assert.Contains("Damaged", opened["reason"]!.GetValue<string>());
        Assert.Equal("phone-desk", opened["channel"]!.GetValue<string>());
        var seenByChannel = await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/cases/{opened["caseNumber"]}", "dev-phone-desk-key");
        Assert.Equal(HttpStatusCode.OK, seenByChannel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/cases/{opened["caseNumber"]}", "dev-web-shop-key")).StatusCode);
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

        var escalated = await WaitForCaseAsync($"/api/aftersales/cases/{ignored!["caseNumber"]}", "dev-web-shop-key",
            n => n["status"]!.GetValue<string>() == "Escalated");
        Assert.Equal(["Opened", "Escalated"], escalated["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
        var stillAnswered = await WaitForCaseAsync($"/api/aftersales/cases/{answered["caseNumber"]}", "dev-web-shop-key", _ => true);
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
