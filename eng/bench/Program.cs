using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderPlatform.Bench;

// Pushes retail orders through the gateway with their payment and carrier webhooks, the way the
// web shop, the payment provider and a carrier would, and prints what the platform sustains.
// Started by eng/bench/run.sh against a platform of its own; not a test: it never fails on time.

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args.ElementAtOrDefault(x.i + 1) ?? "");
string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
var gateway = new Uri(Opt("gateway", "http://127.0.0.1:35080"));
var postgresPort = int.Parse(Opt("postgres-port", "55632"));
var rabbitPort = int.Parse(Opt("rabbitmq-port", "5879"));
var appHostPid = int.Parse(Opt("apphost-pid", "0"));
var throughputOrders = int.Parse(Opt("orders", "400"));
var concurrency = int.Parse(Opt("concurrency", "32"));
var rate = double.Parse(Opt("rate", "20"), CultureInfo.InvariantCulture);
var rateSeconds = double.Parse(Opt("duration", "30"), CultureInfo.InvariantCulture);
var warmupOrders = int.Parse(Opt("warmup", "600"));
var warmupRounds = Math.Max(1, int.Parse(Opt("warmup-rounds", "3")));
PollMs = int.Parse(Opt("poll-ms", "100"));
Conditional = bool.Parse(Opt("conditional", "false"));
var follow = Opt("follow", "order");
if (follow is not ("order" or "feed"))
{
    Console.Error.WriteLine($"--follow: {follow} is neither 'order' (each order read on its own) nor 'feed' (one order feed for all).");
    return 2;
}
var asking = follow == "feed"
    ? (PollMs == 0 ? "the web shop follows all its orders through the order feed, waiting for changes (Prefer: wait=5)"
        : $"the web shop reads the order feed for all its orders every {PollMs} ms")
    : PollMs == 0 ? "the web shop waits on the order's version (If-None-Match, Prefer: wait=5)"
    : $"the web shop polls every {PollMs} ms" + (Conditional ? " with the version it has (If-None-Match)" : "");
// Which SKUs the orders buy, in turn (one line each). One SKU is the hardest case: every reservation queues for the same stock rows.
string[] skus = Opt("skus", "FB-PRO-5").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var orderCount = 0;
string[] databases = ["intake", "credit_review", "inventory", "production_scheduling", "billing", "logistics", "after_sales"];

var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
var report = new StringBuilder();
var runClock = Stopwatch.StartNew();
var runStartUtc = DateTimeOffset.UtcNow;
void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

Say($"# OrderPlatform benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Say($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

// The shop sells at the list price, as the price list says.
var priceRequest = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/products");
priceRequest.Headers.Add("X-Api-Key", "dev-web-shop-key");
var priceList = (await (await http.SendAsync(priceRequest)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonArray>())!;
var prices = priceList.ToDictionary(p => p!["sku"]!.GetValue<string>(), p => p!["listPrice"]!.GetValue<decimal>());
if (skus.FirstOrDefault(sku => !prices.ContainsKey(sku)) is { } unknownSku)
{
    Console.Error.WriteLine($"--skus: {unknownSku} is not in the price list ({string.Join(", ", prices.Keys)}).");
    return 2;
}

// Enough stock of every SKU for the whole run, received the way a warehouse would.
var ordersInRun = 10 + warmupOrders + throughputOrders + (int)Math.Ceiling(rate * rateSeconds);
foreach (var sku in skus)
{
    var receipt = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/receipts")
        { Content = JsonContent.Create(new { sku, warehouse = "WH-SH", quantity = ordersInRun, reference = "benchmark stock" }) };
    receipt.Headers.Add("X-Api-Key", "dev-staff-key");
    (await http.SendAsync(receipt)).EnsureSuccessStatusCode();
}

using var stopFeed = new CancellationTokenSource();
var feedReader = follow == "feed" ? FollowFeedAsync(stopFeed.Token) : Task.CompletedTask;

// A first few orders open the connection pools and request clients; the platform's idle memory is read after them.
await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RunOrderAsync()));
var idle = appHostPid > 0 ? ProcessTree.Read(appHostPid) : [];
Say($"platform memory idle (PSS, all processes): {idle.Sum(s => s.PssKb) / 1024.0:0} MiB in {idle.Count} processes");
foreach (var part in idle.GroupBy(s => s.Name).OrderByDescending(g => g.Sum(s => s.PssKb)))
    Say($"  {part.Key,-22} {part.Count(),3} process(es)  {part.Sum(s => s.PssKb) / 1024.0,6:0} MiB");

// Warm-up. .NET compiles a method quickly at first and again, optimised, once it is hot, on one background
// thread per process. Under steady load most of that second compilation waits: the runtime starts counting
// calls only after a spell with no first-time compilation, and load keeps producing those. So the warm-up
// runs in rounds, each followed by a wait until the platform's CPU falls back to idle, when the
// recompilation the round set off is done. Without it the measured run pays for the compiler (perf found
// it at 10-33 % of the machine in runs warmed up in one go).
for (var round = 1; round <= warmupRounds; round++)
{
    var roundOrders = warmupOrders / warmupRounds + (round <= warmupOrders % warmupRounds ? 1 : 0);
    var roundClock = Stopwatch.StartNew();
    await RunClosedLoopAsync(roundOrders);
    var roundRate = roundOrders / roundClock.Elapsed.TotalSeconds;
    var (settled, cores) = await WaitForQuietAsync();
    Say($"warm-up round {round}: {roundOrders} orders at {roundRate:0.0} orders/s, then {settled.TotalSeconds:0} s until the platform was quiet ({cores:0.00} cores)");
}

// 1. Raw ceilings of the servers.
var commitsPerSecond = await Infrastructure.PostgresCommitsPerSecondAsync(postgresPort);
var messagesPerSecond = await Infrastructure.RabbitPublishConsumePerSecondAsync(rabbitPort);
Say($"raw PostgreSQL: {commitsPerSecond:0} commits/s (8 connections, single-row INSERT transactions)");
Say($"raw RabbitMQ:   {messagesPerSecond:0} messages/s published (confirms, persistent) and consumed (acks)");

// 2. Throughput: as many orders as the platform takes, `concurrency` at a time, to Completed.
var statementStats = await Infrastructure.ResetStatementStatsAsync(postgresPort);
var (rowsBefore, commitsBefore) = await Infrastructure.PlatformCountersAsync(postgresPort, databases);
var deliveriesBefore = await Infrastructure.RabbitDeliveriesAsync(rabbitPort);
var cpuBefore = appHostPid > 0 ? ProcessTree.ByProgram(ProcessTree.Read(appHostPid)) : [];
long peakPss = 0;
using var sampler = new CancellationTokenSource();
var sampling = Task.Run(async () =>
{
    while (!sampler.IsCancellationRequested && appHostPid > 0)
    {
        peakPss = Math.Max(peakPss, ProcessTree.Read(appHostPid).Sum(s => s.PssKb));
        // Reading PSS walks every process's page tables: every 2 s it took 2 % of the machine (perf), CPU the
        // platform under test then lacked. Memory moves slowly; a sample every 5 s still sees the peak.
        try { await Task.Delay(5000, sampler.Token); } catch (OperationCanceledException) { }
    }
});
var phaseStart = runClock.Elapsed;
var clock = Stopwatch.StartNew();
var results = await RunClosedLoopAsync(throughputOrders);
var elapsed = clock.Elapsed.TotalSeconds;
await sampler.CancelAsync();
await sampling;
var (rowsAfter, commitsAfter) = await Infrastructure.PlatformCountersAsync(postgresPort, databases);
var deliveriesAfter = await Infrastructure.RabbitDeliveriesAsync(rabbitPort);
var cpuAfter = appHostPid > 0 ? ProcessTree.ByProgram(ProcessTree.Read(appHostPid)) : [];
var readyRate = results.Count / (results.Max(r => r.ReadyAt) - phaseStart).TotalSeconds;
Say("");
Say($"## Throughput: {throughputOrders} orders, {concurrency} at a time, each submitted, paid, picked up, delivered, received; one line of {string.Join(" or ", skus)}; {asking}");
Say($"orders/s to ReadyToShip: {readyRate:0.0}; to Completed: {results.Count / elapsed:0.0} ({elapsed:0.0} s in all)");
Say($"latency submit->ReadyToShip under saturation: {Percentiles(results.Select(r => r.ToReady))}");
var messagesPerOrder = (rowsAfter - rowsBefore) / (double)throughputOrders;
var syncsPerOrder = (commitsAfter - commitsBefore) / (double)throughputOrders;
var deliveriesPerOrder = (deliveriesAfter - deliveriesBefore) / (double)throughputOrders;
Say($"per order: {messagesPerOrder:0.0} messages published, {deliveriesPerOrder:0.0} deliveries from RabbitMQ, {syncsPerOrder:0.0} WAL flushes (durable commits, grouped)");
Say($"ratio: platform {results.Count / elapsed * messagesPerOrder:0} messages/s = {results.Count / elapsed * messagesPerOrder / messagesPerSecond:P0} of raw RabbitMQ; " +
    $"{results.Count / elapsed * syncsPerOrder:0} WAL flushes/s = {results.Count / elapsed * syncsPerOrder / commitsPerSecond:P0} of raw PostgreSQL commits/s");
Say($"platform memory under load (PSS, peak): {peakPss / 1024.0:0} MiB");
if (cpuAfter.Count > 0)
{
    Say("CPU seconds spent during the throughput run, by process (the profile of where the time goes):");
    var total = cpuAfter.Sum(c => c.Value.CpuSeconds - cpuBefore.GetValueOrDefault(c.Key).CpuSeconds);
    foreach (var (name, (pss, cpu)) in cpuAfter.OrderByDescending(c => c.Value.CpuSeconds - cpuBefore.GetValueOrDefault(c.Key).CpuSeconds))
    {
        var used = cpu - cpuBefore.GetValueOrDefault(name).CpuSeconds;
        Say($"  {name,-22} {used,7:0.0} s  {used / total,5:P0}  ({used / elapsed / Environment.ProcessorCount:P0} of the machine)  PSS {pss / 1024.0,5:0} MiB");
    }
}
if (statementStats)
{
    Say("PostgreSQL statements with the most server time during the throughput run (time includes waiting for row locks):");
    foreach (var line in await Infrastructure.TopStatementsAsync(postgresPort, throughputOrders)) Say(line);
}

// 3. Latency at a steady rate: open loop, one new order every 1/rate seconds.
var steady = new ConcurrentBag<OrderTiming>();
var inFlight = new List<Task>();
var started = Stopwatch.StartNew();
for (var i = 0; i < (int)(rate * rateSeconds); i++)
{
    var due = TimeSpan.FromSeconds(i / rate);
    if (due > started.Elapsed) await Task.Delay(due - started.Elapsed);
    inFlight.Add(Task.Run(async () => steady.Add(await RunOrderAsync())));
}
await Task.WhenAll(inFlight);
Say("");
Say($"## Latency at {rate:0} orders/s for {rateSeconds:0} s ({steady.Count} orders): POST to the order's ReadyToShip / Completed ({asking})");
Say($"POST /api/orders answered: {Percentiles(steady.Select(r => r.ToAccepted))}");
Say($"submit->ReadyToShip: {Percentiles(steady.Select(r => r.ToReady))}");
Say($"submit->Completed:   {Percentiles(steady.Select(r => r.ToCompleted))}");
Say($"Intake's Submitted->ReadyToShip (server timeline, includes the immediate payment): {Percentiles(steady.Select(r => r.ServerToReady))}");

stopFeed.Cancel();
await feedReader;

Directory.CreateDirectory(Opt("out", "."));
await File.WriteAllTextAsync(Path.Combine(Opt("out", "."), "bench-result.md"), report.ToString());
return 0;

// Waits (at most 90 s) until the platform uses less than a fifth of a core over two seconds;
// returns how long that took and the CPU it was using at the end.
async Task<(TimeSpan Waited, double Cores)> WaitForQuietAsync()
{
    var waited = Stopwatch.StartNew();
    if (appHostPid <= 0) return (TimeSpan.Zero, 0);
    var before = ProcessTree.CpuSeconds(appHostPid);
    while (true)
    {
        await Task.Delay(2000);
        var now = ProcessTree.CpuSeconds(appHostPid);
        var cores = (now - before) / 2;
        if (cores < 0.2 || waited.Elapsed > TimeSpan.FromSeconds(90)) return (waited.Elapsed, cores);
        before = now;
    }
}

// ---- one order, as the web shop, the payment provider and the carrier would drive it ----

// `count` orders, `concurrency` at a time: each worker starts its next order as soon as its last one completes.
async Task<IReadOnlyCollection<OrderTiming>> RunClosedLoopAsync(int count)
{
    var queue = new ConcurrentQueue<int>(Enumerable.Range(0, count));
    var done = new ConcurrentBag<OrderTiming>();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (queue.TryDequeue(out var __)) done.Add(await RunOrderAsync());
    }));
    return done;
}

async Task<OrderTiming> RunOrderAsync()
{
    var sku = skus[Interlocked.Increment(ref orderCount) % skus.Length];
    var submitted = Stopwatch.StartNew();
    var submittedAt = DateTimeOffset.UtcNow;
    var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
    {
        Content = JsonContent.Create(new
        {
            customerId = "R-0001", orderType = "Regular",
            lines = new[] { new { sku, quantity = 1, unitPrice = prices[sku], specification = "" } },
            shippingAddress = new { recipient = "Li Wei", phone = "13800000000", province = "Zhejiang", city = "Hangzhou", line1 = "1 Wensan Rd", postalCode = "310000" },
            requestedDeliveryDate = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"),
        }),
    };
    request.Headers.Add("X-Api-Key", "dev-web-shop-key");
    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    var created = await http.SendAsync(request);
    created.EnsureSuccessStatusCode();
    var toAccepted = submitted.Elapsed;
    var number = (await created.Content.ReadFromJsonAsync<JsonNode>())!["orderNumber"]!.GetValue<string>();

    // The shop shows the payment page once the order asks for payment; the customer pays and the provider
    // posts its webhook once (retrying, as providers do, only if it is not accepted).
    var awaiting = await WaitForAsync(number, o => o["status"]!.GetValue<string>() == "AwaitingPayment");
    var due = awaiting["total"]!.GetValue<decimal>(); // retail pays in full
    while (true)
    {
        var paid = await SignedPostAsync("/api/billing/webhooks/mockpay", "dev-mockpay-secret", new
            { eventId = $"pay-{number}", orderNumber = number, kind = "Paid", amount = due, currency = "CNY", occurredAt = DateTimeOffset.UtcNow });
        if (paid.IsSuccessStatusCode) break;
        await Task.Delay(RetryMs);
    }
    // The carrier is booked by Logistics; the shop learns the tracking number from the order.
    var ready = await WaitForAsync(number, o => o["shipment"]!["trackingNumber"] is not null);
    var carrier = ready["shipment"]!["carrier"]!.GetValue<string>();
    var tracking = ready["shipment"]!["trackingNumber"]!.GetValue<string>();
    var now = DateTimeOffset.UtcNow;
    foreach (var (type, i) in new[] { ("PickedUp", 1), ("Delivered", 2) })
        (await SignedPostAsync($"/api/logistics/webhooks/{carrier}", $"dev-carrier-{carrier}-secret", new
            { eventId = $"{tracking}-{i}", trackingNumber = tracking, type, occurredAt = now.AddSeconds(i), signedBy = "Li Wei" })).EnsureSuccessStatusCode();
    // The customer confirms receipt once the shop shows the parcel delivered (409 if asked before).
    await WaitForAsync(number, o => o["status"]!.GetValue<string>() == "Delivered");
    while (true)
    {
        var receipt = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{number}/receipt");
        receipt.Headers.Add("X-Api-Key", "dev-web-shop-key");
        var answer = await http.SendAsync(receipt);
        if (answer.IsSuccessStatusCode) break;
        if ((int)answer.StatusCode != 409) answer.EnsureSuccessStatusCode();
        await Task.Delay(RetryMs);
    }
    var toCompleted = submitted.Elapsed;
    // Latencies from the order's own timeline (same machine clock): when it really became ReadyToShip.
    var final = await ReadOrderUntilAsync(number, _ => true);
    var timeline = final["timeline"]!.AsArray();
    DateTimeOffset At(string e) => timeline.First(t => t!["event"]!.GetValue<string>() == e)!["at"]!.GetValue<DateTimeOffset>();
    var toReady = At("ReadyToShip") - submittedAt;
    var serverToReady = At("ReadyToShip") - At("Submitted");
    return new OrderTiming(toAccepted, toReady, toCompleted, At("ReadyToShip") - runStartUtc, serverToReady);
}

// With --follow feed, one reader follows all the shop's orders through GET /api/orders/feed (every --poll-ms ms, or
// waiting for changes with --poll-ms 0) and the orders wait on what it has seen.
async Task FollowFeedAsync(CancellationToken stop)
{
    string? cursor = null;
    while (!stop.IsCancellationRequested)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/feed?limit={FeedPage}" + (cursor is null ? "" : $"&after={cursor}"));
        request.Headers.Add("X-Api-Key", "dev-web-shop-key");
        if (PollMs == 0) request.Headers.TryAddWithoutValidation("Prefer", "wait=5");
        JsonNode page;
        try { page = (await (await http.SendAsync(request, stop)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonNode>(stop))!; }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
        cursor = page["cursor"]!.GetValue<string>();
        var orders = page["orders"]!.AsArray();
        foreach (var o in orders)
            seen[o!["orderNumber"]!.GetValue<string>()] = new JsonObject
            {
                ["status"] = o["status"]!.GetValue<string>(), ["total"] = o["total"]!.GetValue<decimal>(),
                ["shipment"] = new JsonObject { ["carrier"] = o["carrier"]?.GetValue<string>(), ["trackingNumber"] = o["trackingNumber"]?.GetValue<string>() },
            };
        if (orders.Count > 0) Interlocked.Exchange(ref feedChanged, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (orders.Count < FeedPage && PollMs > 0) await Task.Delay(PollMs, stop).ContinueWith(_ => { });
    }
}

async Task<JsonNode> WaitInFeedAsync(string number, Func<JsonNode, bool> reached)
{
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (true)
    {
        var next = Volatile.Read(ref feedChanged).Task;
        if (seen.TryGetValue(number, out var order) && reached(order)) return order;
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"{number} stuck in {order?["status"]}");
        await next.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }
}

// The shop asks for the order every --poll-ms ms (default 100); with --conditional true it sends the version it has
// seen (If-None-Match), so an unchanged order is answered 304 without a body. With --poll-ms 0 it asks with the
// version and waits up to 5 s for a change (Prefer: wait=5), so it asks once per change of the order.
async Task<JsonNode> WaitForAsync(string number, Func<JsonNode, bool> reached)
    => follow == "feed" ? await WaitInFeedAsync(number, reached) : await ReadOrderUntilAsync(number, reached);

async Task<JsonNode> ReadOrderUntilAsync(string number, Func<JsonNode, bool> reached)
{
    var deadline = DateTime.UtcNow.AddMinutes(2);
    JsonNode? order = null;
    string? version = null;
    while (true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{number}");
        request.Headers.Add("X-Api-Key", "dev-web-shop-key");
        if (version is not null && (Conditional || PollMs == 0))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", version);
            if (PollMs == 0) request.Headers.TryAddWithoutValidation("Prefer", "wait=5");
        }
        var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            response.EnsureSuccessStatusCode();
            order = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
            version = response.Headers.ETag?.Tag;
            if (reached(order)) return order;
        }
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"{number} stuck in {order?["status"]}");
        if (PollMs > 0) await Task.Delay(PollMs);
    }
}

async Task<HttpResponseMessage> SignedPostAsync(string path, string secret, object payload)
{
    var body = JsonSerializer.Serialize(payload);
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    request.Headers.Add("X-Signature", $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")))}");
    return await http.SendAsync(request);
}

static string Percentiles(IEnumerable<TimeSpan> values)
{
    var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
    double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    return $"p50 {P(0.50):0} ms, p95 {P(0.95):0} ms, p99 {P(0.99):0} ms, max {sorted[^1]:0} ms (n={sorted.Length})";
}

partial class Program
{
    /// <summary>How often the simulated web shop asks for the order's state; 0: it waits on the order's version instead.</summary>
    private static int PollMs = 100;

    /// <summary>Whether the polling shop sends the version it has seen (If-None-Match).</summary>
    private static bool Conditional;

    /// <summary>With --follow feed: the latest state of each order the feed reader has seen, and a signal for its next page.</summary>
    private static readonly ConcurrentDictionary<string, JsonNode> seen = new();
    private static TaskCompletionSource feedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The most orders the feed reader asks for at once (the feed's own maximum); a full page is followed at once.</summary>
    private const int FeedPage = 500;

    /// <summary>How soon a refused webhook or receipt is sent again.</summary>
    private const int RetryMs = 100;
}

record OrderTiming(TimeSpan ToAccepted, TimeSpan ToReady, TimeSpan ToCompleted, TimeSpan ReadyAt, TimeSpan ServerToReady);
