using System.Diagnostics;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using OrderPlatform.Contracts.Grpc.Credit;
using OrderPlatform.Contracts.Grpc.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class AppHostTests(PlatformFixture platform)
{
    private static readonly string[] Services =
        ["intake", "credit-review", "inventory", "production-scheduling", "billing", "logistics", "after-sales", "gateway"];

    [Fact]
    public async Task Every_service_serves_its_health_liveness_and_openapi_document()
    {
        foreach (var name in Services)
        {
            using var http = new HttpClient { BaseAddress = platform.App.GetEndpoint(name, "http") };
            Assert.Equal("Healthy", await http.GetStringAsync("/health"));
            Assert.True((await http.GetAsync("/alive")).IsSuccessStatusCode, $"{name} /alive");
            Assert.Contains("\"openapi\"", await http.GetStringAsync("/openapi/v1.json"));
        }
    }

    [Fact]
    public async Task The_dashboard_shows_telemetry_from_every_service_and_both_replicas_of_the_scaled_ones()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var resources = JsonNode.Parse(await platform.Dashboard.GetStringAsync("/api/telemetry/resources"))!.AsArray()
                .GroupBy(r => r!["name"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
            var missing = Services.Where(s => resources.GetValueOrDefault(s) < (PlatformFixture.Replicated.Contains(s) ? 2 : 1)).ToList();
            if (missing.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No telemetry (or not from two replicas) from {string.Join(", ", missing)}; seen: {string.Join(", ", resources)}");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task One_order_is_one_trace_across_the_services_and_its_log_lines_carry_its_number()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(number, "AwaitingPayment");

        string[] expected = ["gateway", "intake", "credit-review", "inventory", "billing"];
        var trace = await Telemetry.WaitForAsync(async () =>
        {
            var spans = await Telemetry.SpansAsync(platform.Dashboard);
            var traceIds = spans.Where(s => s.Attributes.GetValueOrDefault("order.number") == number).Select(s => s.TraceId).ToHashSet();
            return traceIds.Select(id => spans.Where(s => s.TraceId == id).ToList())
                .FirstOrDefault(t => expected.All(service => t.Any(s => s.Service == service))
                    // Redis's spans come in batches, some seconds after the commands.
                    && t.Any(s => s.Service == "intake" && s.Scope.Contains("StackExchangeRedis")));
        }, $"a trace of {number} through {string.Join(", ", expected)}, with Intake's Redis commands");
        // HTTP in, messages through RabbitMQ (published from the outbox, consumed through the inbox), SQL.
        foreach (var scope in new[] { "Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "Npgsql", "OrderPlatform" })
            Assert.Contains(trace, s => s.Scope == scope);
        Assert.Single(trace, s => s.ParentSpanId is null);
        // Intake asked CreditReview and Inventory over gRPC while taking the order, not over the broker.
        Assert.Contains(trace, s => s.Service == "credit-review" && s.Name.Contains("Customers/GetCustomer"));
        Assert.Contains(trace, s => s.Service == "inventory" && s.Name.Contains("Catalogue/QuotePrices"));
        // Intake told the other Intake instances of the new order through Redis (pub/sub), within the order's trace. (The
        // gateway takes the client's rate-limit tokens from Redis a batch at a time, so one request's trace may have none.)
        Assert.Contains(trace, s => s.Service == "intake" && s.Scope.Contains("StackExchangeRedis") && s.ParentSpanId is not null);

        var logs = await Telemetry.WaitForAsync(async () =>
        {
            var lines = (await Telemetry.LogsAsync(platform.Dashboard)).Where(l => l.Attributes.GetValueOrDefault("OrderNumber") == number).ToList();
            return lines.Select(l => l.Service).Distinct().Count() >= 3 ? lines : null;
        }, $"log lines of {number} from three services");
        Assert.Contains(logs, l => l.Service == "credit-review" && l.Body.Contains("Credit for"));
    }

    [Fact]
    public async Task The_dashboard_commands_list_the_error_queues_and_load_the_demo_data_again()
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var list = await commands.ExecuteCommandAsync("rabbitmq", "list-error-queues");
        Assert.True(list.Success, list.Message);
        Assert.Equal("No failed messages", list.Message);

        var productsBefore = await ProductCountAsync();
        var load = await commands.ExecuteCommandAsync("gateway", "load-demo-data");
        Assert.True(load.Success, load.Message);
        Assert.Equal(productsBefore, await ProductCountAsync());
    }

    private async Task<int> ProductCountAsync()
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/inventory/products", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray().Count;

    [Fact]
    public async Task CreditReview_and_Inventory_answer_over_gRPC_only_with_the_internal_token_and_report_their_health()
    {
        using var credit = GrpcChannel.ForAddress(platform.App.GetEndpoint("credit-review", "grpc"));
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Customers.CustomersClient(credit).GetCustomerAsync(new GetCustomerRequest { CustomerId = "C-A001" }));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var forged = new Metadata { { "x-op-gateway-token", "not-the-token" } };
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () =>
            await new Customers.CustomersClient(credit).GetCustomerAsync(new GetCustomerRequest { CustomerId = "C-A001" }, forged))).StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(credit).CheckAsync(new HealthCheckRequest())).Status);

        using var inventory = GrpcChannel.ForAddress(platform.App.GetEndpoint("inventory", "grpc"));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(inventory).CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () =>
            await new Catalogue.CatalogueClient(inventory).QuotePricesAsync(new QuotePricesRequest { CustomerId = "C-A001", Skus = { "FB-PRO-5" } }))).StatusCode);
    }

    [Fact]
    public async Task A_crashed_service_is_restarted_and_the_platform_keeps_taking_orders()
    {
        var found = ServiceProcesses("AfterSales");
        Assert.True(found.Count == 1, $"after-sales processes of this run: {found.Count} (pid {Environment.ProcessId})");
        var crashed = found[0];
        crashed.Kill();
        await crashed.WaitForExitAsync();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (ServiceProcesses("AfterSales").Count(p => p.Id != crashed.Id) == 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("after-sales was not started again within 90 s");
            await Task.Delay(250);
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("after-sales", wait.Token);

        // The restarted after-sales consumes again: a completed order gets its satisfaction survey.
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        var receipt = await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key");
        Assert.True(receipt.IsSuccessStatusCode, await receipt.Content.ReadAsStringAsync());
        await platform.WaitForAsync($"/api/aftersales/surveys/{number}", "dev-web-shop-key", s => s["status"]?.GetValue<string>() == "Open");
    }

    /// <summary>
    /// The running processes of a service's executable that this test run started: descendants of this process
    /// or of the orchestrator (DCP) that watches it (DCP runs detached, with "--monitor" naming its AppHost).
    /// </summary>
    private static List<Process> ServiceProcesses(string executable)
        => Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ExecutableOf(pid)?.EndsWith($"/{executable}", StringComparison.Ordinal) == true && DescendsFromUs(pid))
            .Select(Process.GetProcessById).ToList();

    private static string? ExecutableOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/exe").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static bool DescendsFromUs(int pid)
    {
        for (var current = pid; current > 1;)
        {
            if (current == Environment.ProcessId) return true;
            try
            {
                if (File.ReadAllText($"/proc/{current}/cmdline").Replace('\0', ' ').Contains($"--monitor {Environment.ProcessId} ")) return true;
                var stat = File.ReadAllText($"/proc/{current}/stat");
                current = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
            catch (IOException) { return false; }
        }
        return false;
    }
}
