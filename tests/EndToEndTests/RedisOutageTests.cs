using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OrderPlatform.EndToEndTests;

/// <summary>Redis is only where instances must agree: with it stopped, the platform still takes and moves orders.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task With_Redis_stopped_orders_are_taken_and_moved_each_fallback_is_logged_and_all_is_shared_again_once_it_is_back()
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            await HealthIsAsync("Degraded");

            // An order is taken, paid and shipped; the shop waits on it and reads the catalogue as usual.
            var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
            var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
            Assert.Equal(HttpStatusCode.OK, (await platform.PayAsync(number, awaiting["total"]!.GetValue<decimal>(), $"pay-{number}")).StatusCode);
            var wait = PlatformFixture.Request(HttpMethod.Get, $"/api/orders/{number}", "dev-web-shop-key");
            wait.Headers.TryAddWithoutValidation("If-None-Match", (await platform.Http.SendAsync(PlatformFixture.Request(HttpMethod.Get, $"/api/orders/{number}", "dev-web-shop-key"))).Headers.ETag!.Tag);
            wait.Headers.TryAddWithoutValidation("Prefer", "wait=5");
            Assert.True((await platform.Http.SendAsync(wait)).IsSuccessStatusCode);
            await platform.WaitForShipmentAsync(number);
            Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Get, "/api/inventory/products", "dev-web-shop-key")).StatusCode);

            // Each use that fell back said so once, on the dashboard's structured logs.
            var fallbacks = await Telemetry.WaitForAsync(async () =>
            {
                var lines = (await Telemetry.LogsAsync(platform.Dashboard)).Where(l => l.Body.StartsWith("Redis unavailable for", StringComparison.Ordinal)).ToList();
                return new[] { "gateway", "intake", "inventory" }.All(s => lines.Any(l => l.Service == s)) ? lines : null;
            }, "fallback warnings from the gateway, Intake and Inventory");
            Assert.Contains(fallbacks, l => l.Service == "gateway" && l.Body.Contains("rate-limit"));
            Assert.Contains(fallbacks, l => l.Service == "intake" && l.Body.Contains("order-changes"));
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand);
            Assert.True(started.Success, started.Message);
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", deadline.Token);
        await HealthIsAsync("Healthy");
    }

    /// <summary>Waits until the gateway and every instance of Intake and Inventory report <paramref name="status"/>.</summary>
    private async Task HealthIsAsync(string status)
    {
        string[] resources = ["gateway", "intake", "intake-2", "inventory", "inventory-2"];
        await Telemetry.WaitForAsync(async () =>
        {
            foreach (var resource in resources)
            {
                using var http = new HttpClient { BaseAddress = platform.App.GetEndpoint(resource, "http") };
                if (await http.GetStringAsync("/health") != status) return null;
            }
            return resources;
        }, $"{string.Join(", ", resources)} {status}");
    }
}
