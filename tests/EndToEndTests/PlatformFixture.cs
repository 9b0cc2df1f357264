using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>
/// The whole platform, started once for the end-to-end tests by the real AppHost through
/// Aspire.Hosting.Testing, with the demo data, two replicas of Intake, Inventory and Logistics (so every
/// test also runs against competing consumers), the Aspire dashboard (whose telemetry API the tracing
/// tests read), its own ports and run folder; stopped when the tests end.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const int GatewayPort = 25080, PostgresPort = 55532;
    public static readonly Uri Gateway = new($"http://127.0.0.1:{GatewayPort}");
    public static readonly string[] Replicated = ["intake", "inventory", "logistics"];
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(5);

    public HttpClient Http { get; } = new() { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
    public DistributedApplication App { get; private set; } = null!;
    /// <summary>The Aspire dashboard of this run (its port is chosen by the testing host), for its telemetry API.</summary>
    public HttpClient Dashboard { get; private set; } = null!;
    public static string RunDirectory => Path.Combine(FindRoot(), ".run", "e2e");

    public async Task InitializeAsync()
    {
        if (Directory.Exists(RunDirectory)) Directory.Delete(RunDirectory, recursive: true);
        string[] args =
        [
            "--seed", "--replicas", string.Join(',', Replicated.Select(r => $"{r}=2")),
            $"--Platform:RunDirectory={RunDirectory}", $"--Platform:GatewayPort={GatewayPort}",
            $"--Platform:PostgresPort={PostgresPort}", "--Platform:RabbitMqPort=5779", "--Platform:RedisPort=56479",
            "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true", "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            // Short after-sales SLAs so the tests can watch a case escalate.
            "--Platform:ServiceSettings:AfterSales:FirstResponseSla=00:00:03",
            "--Platform:ServiceSettings:AfterSales:EscalationSweepInterval=00:00:01",
            "--Platform:ServiceSettings:Orders:AutoConfirmReceiptAfter=00:00:10",
            "--Platform:ServiceSettings:Orders:AutoConfirmSweepInterval=00:00:01",
            "--Platform:ServiceSettings:Orders:ReviewSla=00:00:05",
            "--Platform:ServiceSettings:Orders:ReviewSweepInterval=00:00:01",
            // A signed confirmation is late 2 s after the order is confirmed (a day, in production).
            "--Platform:ServiceSettings:Orders:SignedConfirmationDue=00:00:02",
            // Orders not picked up within 15 s of confirmation are overdue for dispatch.
            "--Platform:ServiceSettings:Logistics:DispatchSla:WorkingDays=0",
            "--Platform:ServiceSettings:Logistics:DispatchSla:Grace=00:00:15",
            "--Platform:ServiceSettings:Logistics:DispatchSla:SweepInterval=00:00:01",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, args);
        // The dashboard's telemetry API is read without a login, as in a developer's run.
        builder.Configuration["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        // The resources' own console output is on the dashboard; the test log keeps to the tests.
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.None));
        App = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(StartDeadline);
        using var watching = new CancellationTokenSource();
        var consoles = WatchConsoles(App, watching.Token);
        Directory.CreateDirectory(Path.GetDirectoryName(StartFailureReport)!);
        File.Delete(StartFailureReport);
        try
        {
            await App.StartAsync(deadline.Token);
            await WaitUntilHealthyAsync(App, builder.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).Select(r => r.Name), deadline.Token);
            var dashboard = await App.GetDashboardUrlAsync(deadline.Token);
            Dashboard = new HttpClient { BaseAddress = new Uri(dashboard.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
            Console.WriteLine($"Dashboard: {dashboard}");
        }
        catch (Exception e)
        {
            await File.WriteAllTextAsync(StartFailureReport, DescribeStart(App, builder.Resources, consoles, e));
            throw;
        }
        finally
        {
            await watching.CancelAsync();
        }
    }

    /// <summary>
    /// Where a failed start is described (every resource's state and the last lines of the console of each one that
    /// is not healthy); eng/test.sh prints it after the test summary.
    /// </summary>
    public static string StartFailureReport => Path.Combine(FindRoot(), ".run", "e2e-start-failure.txt");

    /// <summary>Keeps the last lines each resource instance wrote to its console, for <see cref="DescribeStart"/>.</summary>
    private static Dictionary<string, Queue<string>> WatchConsoles(DistributedApplication app, CancellationToken stop)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var consoles = new Dictionary<string, Queue<string>>();
        _ = Task.Run(async () =>
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(stop).WithCancellation(stop))
            {
                Queue<string> lines;
                lock (consoles)
                {
                    if (consoles.ContainsKey(change.ResourceId)) continue;
                    lines = consoles[change.ResourceId] = new Queue<string>();
                }
                _ = Task.Run(async () =>
                {
                    await foreach (var batch in loggers.WatchAsync(change.ResourceId).WithCancellation(stop))
                        lock (lines)
                            foreach (var line in batch)
                            {
                                lines.Enqueue(line.Content);
                                if (lines.Count > 25) lines.Dequeue();
                            }
                }, CancellationToken.None);
            }
        }, CancellationToken.None);
        return consoles;
    }

    private static string DescribeStart(DistributedApplication app, IEnumerable<IResource> resources, Dictionary<string, Queue<string>> consoles, Exception failure)
    {
        var report = new StringBuilder($"The platform did not start for the end-to-end tests: {failure.GetType().Name}: {failure.Message}\n");
        foreach (var resource in resources)
        {
            if (!app.ResourceNotifications.TryGetCurrentState(resource.Name, out var e) || e.Snapshot.IsHidden) continue;
            var snapshot = e.Snapshot;
            report.Append($"- {resource.Name}: {snapshot.State?.Text ?? "no state"}, health {snapshot.HealthStatus?.ToString() ?? "unknown"}");
            report.AppendLine(snapshot.ExitCode is { } code ? $", exit code {code}" : "");
            if (snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy) continue;
            Queue<string>? lines;
            lock (consoles) consoles.TryGetValue(e.ResourceId, out lines);
            if (lines is not null)
                lock (lines)
                    foreach (var line in lines) report.AppendLine($"    | {line}");
        }
        return report.ToString();
    }

    /// <summary>Waits for each resource to be healthy; past the deadline, names the ones that are not, with their state.</summary>
    public static async Task WaitUntilHealthyAsync(DistributedApplication app, IEnumerable<string> resources, CancellationToken deadline)
    {
        var pending = resources.ToList();
        try
        {
            foreach (var name in pending.ToList())
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline);
                pending.Remove(name);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var states = pending.Select(name => app.ResourceNotifications.TryGetCurrentState(name, out var e)
                ? $"{name} ({e.Snapshot.State?.Text}, health {e.Snapshot.HealthStatus?.ToString() ?? "unknown"})" : $"{name} (no state)");
            throw new TimeoutException($"Not healthy within {StartDeadline.TotalMinutes:0} minutes: {string.Join(", ", states)}");
        }
    }

    /// <summary>Stops the AppHost; every process of the platform must be gone within a minute (else the run fails).</summary>
    public async Task DisposeAsync()
    {
        if (App is null) return;
        await App.StopAsync();
        await App.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> left;
        while ((left = PlatformProcesses()).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(500);
        if (left.Count > 0) throw new InvalidOperationException("Left running after the AppHost stopped: " + string.Join("; ", left));
    }

    /// <summary>
    /// The processes of this run: the servers' command lines name its folder or ports, and the services'
    /// environment names them too (their connection strings, the gateway's port).
    /// </summary>
    private static List<string> PlatformProcesses()
    {
        string[] marks = [RunDirectory, $":{GatewayPort}", "127.0.0.1:56479", "-port 35779"];
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (marks.Any(command.Contains) || marks.Any(File.ReadAllText(Path.Combine(dir, "environ")).Contains))
                    found.Add($"{pid} {command}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OrderPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException("OrderPlatform.sln not found");
    }

    // ---- helpers the tests share ----

    public static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey, object? body = null)
        => await Http.SendAsync(Request(method, path, apiKey, body));

    public static object NewOrder(string customerId, string orderType = "Regular", params object[] lines) => new
    {
        customerId, orderType,
        lines = lines.Length > 0 ? lines : [new { sku = "FB-PRO-5", quantity = 2, unitPrice = 199.00m, specification = "" }],
        shippingAddress = new { recipient = "Li Wei", phone = "13800000000", province = "Zhejiang", city = "Hangzhou", line1 = "1 Wensan Rd", postalCode = "310000" },
        requestedDeliveryDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"),
        notes = "",
    };

    /// <summary>
    /// POST /api/orders with a fresh Idempotency-Key; returns the order number. Like a channel, it retries
    /// a 503 ("retry shortly", e.g. a cold platform under a burst) with the same key, which yields one order.
    /// </summary>
    public async Task<string> SubmitAsync(string apiKey, object order)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            var request = Request(HttpMethod.Post, "/api/orders", apiKey, order);
            request.Headers.Add("Idempotency-Key", key);
            var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < 3) continue;
            if ((int)response.StatusCode is not (201 or 200)) throw new InvalidOperationException($"Submit: {(int)response.StatusCode} {body}");
            return JsonNode.Parse(body)!["orderNumber"]!.GetValue<string>();
        }
    }

    public async Task<JsonNode> GetOrderAsync(string orderNumber, string apiKey = "dev-staff-key")
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/orders/{orderNumber}", apiKey);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Polls the order until it reaches <paramref name="status"/> (with a deadline); returns it.</summary>
    public Task<JsonNode> WaitForStatusAsync(string orderNumber, string status, int seconds = 30)
        => WaitForAsync($"/api/orders/{orderNumber}", "dev-staff-key", o => o["status"]!.GetValue<string>() == status, seconds);

    /// <summary>
    /// Polls the order until it is delivered. Delivered by the carrier's clock minutes ago, its receipt may be confirmed
    /// automatically at once, so Completed (which follows Delivered only) counts too.
    /// </summary>
    public Task<JsonNode> WaitForDeliveredAsync(string orderNumber)
        => WaitForAsync($"/api/orders/{orderNumber}", "dev-staff-key", o => o["status"]!.GetValue<string>() is "Delivered" or "Completed");

    /// <summary>Polls a GET until it succeeds with a body that satisfies <paramref name="reached"/> (with a deadline); returns the body.</summary>
    public async Task<JsonNode> WaitForAsync(string path, string apiKey, Func<JsonNode, bool> reached, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = await SendAsync(HttpMethod.Get, path, apiKey);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && JsonNode.Parse(text) is { } node && reached(node)) return node;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not reach the expected state in {seconds} s; last: {(int)response.StatusCode} {text}");
            await Task.Delay(100);
        }
    }

    /// <summary>A retail web-shop order for these lines, paid in full and delivered by its carrier; returns its number and shipment.</summary>
    public async Task<(string OrderNumber, string Carrier, string TrackingNumber)> DeliveredRetailOrderAsync(params object[] lines)
    {
        var number = await SubmitAsync("dev-web-shop-key", NewOrder("R-0001", "Regular", lines));
        var awaiting = await WaitForStatusAsync(number, "AwaitingPayment");
        await PayAsync(number, awaiting["total"]!.GetValue<decimal>(), $"pay-{number}");
        await WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await WaitForShipmentAsync(number);
        await CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow);
        await CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-d", DateTimeOffset.UtcNow.AddMinutes(1));
        await WaitForStatusAsync(number, "Delivered");
        return (number, carrier, tracking);
    }

    /// <summary>A partner's signature of <paramref name="body"/> made at <paramref name="at"/> (now by default): <c>t=…,v1=…</c>.</summary>
    public static string Sign(string secret, string body, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")))}";
    }

    /// <summary>Posts a partner webhook signed with <paramref name="secret"/> (or not signed at all when null).</summary>
    public async Task<HttpResponseMessage> WebhookAsync(string path, string? secret, object payload)
    {
        var body = JsonSerializer.Serialize(payload);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Signature", Sign(secret, body));
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PayAsync(string orderNumber, decimal amount, string eventId, string secret = "dev-mockpay-secret")
        => WebhookAsync("/api/billing/webhooks/mockpay", secret, new
        {
            eventId, orderNumber, kind = "Paid", amount, currency = "CNY", occurredAt = DateTimeOffset.UtcNow,
        });

    public Task<HttpResponseMessage> CarrierEventAsync(string carrier, string trackingNumber, string type, string eventId,
        DateTimeOffset occurredAt, string? secret = null, string? exceptionCode = null)
        => WebhookAsync($"/api/logistics/webhooks/{carrier}", secret ?? $"dev-carrier-{carrier}-secret", new
        {
            eventId, trackingNumber, type, occurredAt, signedBy = type == "Delivered" ? "Li Wei" : null, exceptionCode,
            detail = $"{type} at the depot",
        });

    /// <summary>Waits until Logistics has assigned a carrier and tracking number to the order.</summary>
    public async Task<(string Carrier, string TrackingNumber)> WaitForShipmentAsync(string orderNumber, int seconds = 30)
    {
        var shipment = (await WaitForAsync($"/api/orders/{orderNumber}", "dev-staff-key", o => o["shipment"]!["trackingNumber"] is not null, seconds))["shipment"]!;
        return (shipment["carrier"]!.GetValue<string>(), shipment["trackingNumber"]!.GetValue<string>());
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
