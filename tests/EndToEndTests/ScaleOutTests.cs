using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>The platform runs two replicas of Intake, Inventory and Logistics (PlatformFixture): competing consumers on the same queues.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ScaleOutTests(PlatformFixture platform)
{
    [Fact]
    public async Task Two_replicas_of_intake_inventory_and_logistics_share_the_work_and_nothing_is_doubled()
    {
        var line = new { sku = "BB-GAME-7", quantity = 1, unitPrice = 259.00m, specification = "" };
        var numbers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Regular", line))));
        await Task.WhenAll(numbers.Select(async n =>
        {
            await platform.WaitForStatusAsync(n, "AwaitingPayment", 60);
            await platform.PayAsync(n, 259.00m, $"pay-{n}");
            await platform.WaitForShipmentAsync(n, 60);
        }));

        var ledger = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/stock/BB-GAME-7/ledger", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
        foreach (var n in numbers)
        {
            Assert.Single(ledger, m => m!["orderNumber"]?.GetValue<string>() == n && m["kind"]!.GetValue<string>() == "Reserved");
            var shipments = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/shipments/{n}", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();
            Assert.Single(shipments);
            var timeline = (await platform.GetOrderAsync(n))["timeline"]!.AsArray().Select(t => (t!["event"]!.GetValue<string>(), t["detail"]!.GetValue<string>())).ToList();
            Assert.Equal(timeline.Distinct().Count(), timeline.Count);
            Assert.Single(timeline, t => t.Item1 == "StockReserved");
            Assert.Single(timeline, t => t.Item1 == "ShipmentCreated");
        }

        // Both replicas of each scaled service consumed messages about these orders.
        var mine = numbers.ToHashSet();
        await Telemetry.WaitForAsync(async () =>
        {
            var consumers = (await Telemetry.SpansAsync(platform.Dashboard))
                .Where(s => s.Scope == "MassTransit" && s.Attributes.GetValueOrDefault("order.number") is { } n && mine.Contains(n))
                .GroupBy(s => s.Service).ToDictionary(g => g.Key, g => g.Select(s => s.Instance).Distinct().Count());
            return PlatformFixture.Replicated.All(s => consumers.GetValueOrDefault(s) == 2) ? consumers : null;
        }, "messages about these orders consumed by both replicas of intake, inventory and logistics");
    }
}
