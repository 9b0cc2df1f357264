using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class AppHostTests(PlatformFixture platform)
{
    private static readonly HttpClient Dashboard = new() { BaseAddress = PlatformFixture.Dashboard };

    private static async Task<JsonArray> ResourcesAsync()
        => JsonNode.Parse(await Dashboard.GetStringAsync("/api/resources"))!.AsArray();

    [Fact]
    public async Task The_dashboard_lists_every_resource_healthy_with_pid_url_and_log()
    {
        var resources = await ResourcesAsync();
        Assert.Equal(["postgres", "rabbitmq", "intake", "credit-review", "inventory", "production-scheduling", "billing", "logistics", "after-sales", "gateway"],
            resources.Select(r => r!["name"]!.GetValue<string>()));
        Assert.All(resources, r =>
        {
            Assert.Equal("Healthy", r!["state"]!.GetValue<string>());
            Assert.NotNull(r["pid"]);
            Assert.NotNull(r["url"]);
        });
        Assert.Contains("<title>OrderPlatform dashboard</title>", await Dashboard.GetStringAsync("/"));
        Assert.Contains("info:", await Dashboard.GetStringAsync("/api/resources/intake/logs"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Dashboard.GetAsync("/api/resources/nobody/logs")).StatusCode);
    }

    [Fact]
    public async Task Every_service_serves_its_openapi_document_and_health()
    {
        foreach (var r in (await ResourcesAsync()).Where(r => r!["kind"]!.GetValue<string>() == "project"))
        {
            var url = r!["url"]!.GetValue<string>();
            using var http = new HttpClient();
            Assert.True((await http.GetAsync($"{url}/health")).IsSuccessStatusCode, $"{url}/health");
            Assert.True((await http.GetAsync($"{url}/alive")).IsSuccessStatusCode, $"{url}/alive");
            Assert.Contains("\"openapi\"", await http.GetStringAsync($"{url}/openapi/v1.json"));
        }
    }

    [Fact]
    public async Task A_crashed_service_is_restarted_and_the_platform_keeps_taking_orders()
    {
        var afterSales = (await ResourcesAsync()).Single(r => r!["name"]!.GetValue<string>() == "after-sales")!;
        var pid = afterSales["pid"]!.GetValue<int>();
        Process.GetProcessById(pid).Kill();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode current;
        do
        {
            await Task.Delay(200);
            current = (await ResourcesAsync()).Single(r => r!["name"]!.GetValue<string>() == "after-sales")!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"after-sales not restarted: {current.ToJsonString()}");
        } while (current["state"]!.GetValue<string>() != "Healthy" || current["pid"]!.GetValue<int>() == pid);
        Assert.True(current["restarts"]!.GetValue<int>() >= 1);

        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");
    }
}
