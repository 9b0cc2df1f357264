using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>
/// A channel never reads or changes another channel's orders: every route of the public API description is called with the other
/// channels' keys, naming a web-shop order (its number, tracking number, case and return) in the path, the query and the body.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ChannelIsolationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_route_called_by_another_channel_with_a_web_shop_orders_numbers_reveals_and_changes_nothing()
    {
        var (number, _, tracking) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        using var complained = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/complaints", "dev-web-shop-key", new { orderNumber = number, reason = "Scuffed" });
        var caseNumber = JsonNode.Parse(await complained.Content.ReadAsStringAsync())!["caseNumber"]!.GetValue<string>();
        var returnNumber = await RequestReturnAsync(number);
        var before = await platform.GetOrderAsync(number);

        var ids = new Dictionary<string, string>
        {
            ["orderNumber"] = number, ["n"] = number, ["trackingNumber"] = tracking, ["caseNumber"] = caseNumber, ["returnNumber"] = returnNumber,
            ["rma"] = returnNumber,
        };
        var secrets = new[] { number, tracking, caseNumber, returnNumber };
        var document = JsonNode.Parse(await platform.Http.GetStringAsync("/openapi/v1.json"))!;
        var leaks = new List<string>();
        var walked = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            if (path.Contains("/webhooks/")) continue; // partners' routes, signed by them, not by channels
            foreach (var (method, _) in operations!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "delete")) continue;
                var names = System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
                var concrete = names.Aggregate(path, (p, name) => p.Replace($"{{{name}}}", ids.GetValueOrDefault(name, "FB-PRO-5")));
                var namesOrder = names.Any(ids.ContainsKey);
                foreach (var key in new[] { "dev-wechat-key", "dev-phone-desk-key" })
                {
                    using var request = PlatformFixture.Request(new HttpMethod(method.ToUpperInvariant()), $"{concrete}?orderNumber={number}&customerId=R-0001", key);
                    if (method is "post" or "put")
                        request.Content = JsonContent.Create(new
                        {
                            orderNumber = number, reason = "walked by another channel", message = "walked", category = "Quality", kind = "Return",
                            choice = "Cancel", signedBy = "x", reference = "x", lines = new[] { new { sku = "FB-PRO-5", quantity = 1 } }, rating = 1,
                        });
                    using var response = await platform.Http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    walked++;
                    // A refusal may repeat what the caller sent; an answer that is not one is a leak if it names the order, or acts.
                    var said = secrets.Where(text.Contains).ToList();
                    if (response.IsSuccessStatusCode && (said.Count > 0 || namesOrder || method != "get"))
                        leaks.Add($"{method.ToUpperInvariant()} {path} with {key}: {(int)response.StatusCode} {string.Join(", ", said)}");
                }
            }
        }
        Assert.True(walked > 100, $"only {walked} calls");
        // The channel whose parcel it is sees the carrier's events, and nothing internal.
        using var own = await platform.SendAsync(HttpMethod.Get, $"/api/logistics/tracking/{tracking}", "dev-web-shop-key");
        var parcel = JsonNode.Parse(await own.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(["carrier", "events", "status", "trackingNumber"], parcel.Select(p => p.Key).Order());
        Assert.Contains(parcel["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Delivered");
        Assert.Empty(leaks);
        var after = await platform.GetOrderAsync(number);
        Assert.Equal((before["status"]!.GetValue<string>(), before["timeline"]!.AsArray().Count),
            (after["status"]!.GetValue<string>(), after["timeline"]!.AsArray().Count));
    }

    /// <summary>AfterSales learns of the delivery from the carrier's event a moment after the order shows it: "not delivered yet" is polled past.</summary>
    private async Task<string> RequestReturnAsync(string number)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/returns", "dev-web-shop-key",
                new { orderNumber = number, kind = "Return", reason = "Too small", lines = new[] { new { sku = "FB-PRO-5", quantity = 1 } } });
            var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (response.IsSuccessStatusCode) return reply["returnNumber"]!.GetValue<string>();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict && DateTime.UtcNow < deadline, reply.ToJsonString());
            await Task.Delay(200);
        }
    }
}
