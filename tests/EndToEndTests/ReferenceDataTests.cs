using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>The reference data planners, warehouse and logistics staff keep: warehouses, carriers, production lines and routings, each with its history.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReferenceDataTests(PlatformFixture platform)
{
    private static string Code(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, string key = "dev-staff-key")
    {
        using var response = await platform.SendAsync(method, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static string[] Actions(JsonNode detail) => detail["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task A_warehouse_added_by_warehouse_staff_takes_receipts_until_it_is_deactivated_and_keeps_its_history()
    {
        var code = Code("WH");
        var warehouse = new { code, name = "Chengdu warehouse", province = "Sichuan", city = "Chengdu", address = "1 Tianfu Avenue" };
        var (status, added) = await SendAsync(HttpMethod.Post, "/api/inventory/warehouses", warehouse);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["Added"], Actions(added!));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, "/api/inventory/warehouses", warehouse)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/inventory/warehouses", warehouse with { code = Code("WH") }, "dev-phone-desk-key")).Status);

        var receipt = new { sku = "FB-PRO-5", warehouse = code, quantity = 10, reference = "PO-1" };
        var (received, stock) = await SendAsync(HttpMethod.Post, "/api/inventory/receipts", receipt);
        Assert.Equal(HttpStatusCode.OK, received);
        Assert.Contains(stock!["warehouses"]!.AsArray(), w => w!["warehouse"]!.GetValue<string>() == code && w["onHand"]!.GetValue<int>() == 10);

        var (changedStatus, changed) = await SendAsync(HttpMethod.Put, $"/api/inventory/warehouses/{code}",
            new { name = "Chengdu warehouse", province = "Sichuan", city = "Chengdu", address = "1 Tianfu Avenue", active = false, reason = "Lease ended" });
        Assert.Equal(HttpStatusCode.OK, changedStatus);
        Assert.Equal(["Added", "Changed"], Actions(changed!));
        var change = changed!["history"]![1]!;
        Assert.Equal((true, false, "Lease ended"), (change["from"]!["active"]!.GetValue<bool>(), change["to"]!["active"]!.GetValue<bool>(), change["reason"]!.GetValue<string>()));
        var (refused, problem) = await SendAsync(HttpMethod.Post, "/api/inventory/receipts", receipt);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("warehouse", problem!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains(code, (await SendAsync(HttpMethod.Get, "/api/inventory/warehouses")).Body!.AsArray().Select(w => w!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_carrier_added_for_a_region_is_chosen_for_it_until_its_weight_limit_is_lowered()
    {
        var (code, province) = (Code("CR"), Code("Province"));
        var carrier = new { code, name = "Plateau Express", baseRate = 1m, ratePerKg = 0.5m, provinces = new[] { province }, transitDays = 2 };
        var (status, added) = await SendAsync(HttpMethod.Post, "/api/logistics/carriers", carrier);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, added!["carrier"]!["transitDays"]!.GetValue<int>());
        var (bad, problem) = await SendAsync(HttpMethod.Post, "/api/logistics/carriers", new { code = "x", provinces = Array.Empty<string>(), baseRate = -1m });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Superset(new HashSet<string> { "code", "name", "provinces", "baseRate", "ratePerKg" }, problem!["errors"]!.AsObject().Select(e => e.Key).ToHashSet());

        Assert.Equal(code, await ShippedWithAsync(province));
        var (changedStatus, changed) = await SendAsync(HttpMethod.Put, $"/api/logistics/carriers/{code}",
            new { carrier.name, carrier.baseRate, carrier.ratePerKg, carrier.provinces, carrier.transitDays, maxWeightKg = 0.1m, reason = "Motorbike couriers only" });
        Assert.Equal(HttpStatusCode.OK, changedStatus);
        Assert.Equal(["Added", "Changed"], Actions(changed!));
        Assert.Equal(0.1m, changed!["history"]![1]!["to"]!["maxWeightKg"]!.GetValue<decimal>());
        Assert.NotEqual(code, await ShippedWithAsync(province)); // two footballs weigh 0.9 kg
    }

    private async Task<string> ShippedWithAsync(string province)
    {
        var order = new
        {
            customerId = "R-0001", orderType = "Regular",
            lines = new[] { new { sku = "FB-PRO-5", quantity = 2, unitPrice = 199.00m, specification = "" } },
            shippingAddress = new { recipient = "Zhaxi", phone = "13800000000", province, city = "Lhasa", line1 = "1 Beijing Rd", postalCode = "850000" },
            requestedDeliveryDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"), notes = "",
        };
        var number = await platform.SubmitAsync("dev-web-shop-key", order);
        var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        await platform.PayAsync(number, awaiting["total"]!.GetValue<decimal>(), $"pay-{number}");
        return (await platform.WaitForShipmentAsync(number)).Carrier;
    }

    [Fact]
    public async Task A_new_custom_sku_waits_on_a_technical_hold_until_the_planner_routes_it_to_a_line_that_works_weekdays()
    {
        var (sku, line) = (Code("JR-CLUB"), Code("LINE"));
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/inventory/products",
            new { sku, name = "Club polo, embroidered", unitPrice = 89m, weightKg = 0.3m, sourcing = "Custom" })).Status);
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Custom", new { sku, quantity = 20, unitPrice = 89m, specification = "club crest" }));
        var held = await platform.WaitForStatusAsync(number, "OnHold");
        Assert.Contains("no production line has a routing", held["holds"]![0]!["reason"]!.GetValue<string>());

        var (added, _) = await SendAsync(HttpMethod.Post, "/api/production/lines",
            new { code = line, name = "Embroidery line", dailyCapacity = 10, workingDays = new[] { 1, 2, 3, 4, 5 }, warehouse = "WH-SH" });
        Assert.Equal(HttpStatusCode.Created, added);
        var (routed, routing) = await SendAsync(HttpMethod.Put, $"/api/production/routings/{sku}", new { lines = new[] { line }, reason = "Embroidery line makes polos" });
        Assert.Equal(HttpStatusCode.OK, routed);
        Assert.Equal([line], routing!["routing"]!["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["Routed"], Actions(routing));
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, $"/api/production/routings/{sku}", new { lines = new[] { "NO-SUCH-LINE" }, reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/production/materials", new { sku, units = 100, reference = "polo blanks" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/orders/{number}/technical-hold/retry", new { reason = "routed today" })).Status);

        var planned = await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key", o => o["workOrders"]!.AsArray().Count == 1);
        var workOrder = (await SendAsync(HttpMethod.Get, $"/api/production/work-orders/{planned["workOrders"]![0]!["number"]}")).Body!;
        Assert.Equal(line, workOrder["line"]!.GetValue<string>());
        var finish = DateOnly.Parse(workOrder["estimatedCompletion"]!.GetValue<string>());
        Assert.True(finish.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{finish} is a weekend");

        var (changedStatus, changed) = await SendAsync(HttpMethod.Put, $"/api/production/lines/{line}",
            new { name = "Embroidery line", dailyCapacity = 20, workingDays = new[] { 1, 2, 3, 4, 5, 6 }, warehouse = "WH-SH", reason = "Second shift" });
        Assert.Equal(HttpStatusCode.OK, changedStatus);
        Assert.Equal(["Added", "Changed"], Actions(changed!));
        Assert.Equal((10, 20), (changed!["history"]![1]!["from"]!["dailyCapacity"]!.GetValue<int>(), changed["history"]![1]!["to"]!["dailyCapacity"]!.GetValue<int>()));

        await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/cancel", "dev-web-shop-key", new { reason = "test clean-up" });
        await platform.WaitForAsync($"/api/production/work-orders/{workOrder["number"]}", "dev-staff-key", w => w["status"]!.GetValue<string>() == "Cancelled");
    }
}
