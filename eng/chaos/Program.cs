using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderPlatform.Chaos;

// The fault run: starts the platform through the AppHost with two replicas of the gateway, Intake and Inventory,
// drives orders of every kind at a steady rate with their payment and carrier webhooks while every service
// process is killed once, RabbitMQ and PostgreSQL are restarted and Redis is stopped for 30 s; then checks from
// the services' own databases and the broker that no accepted order was lost or handled twice. Not a test:
// it prints figures, and exits 1 when a promise was broken. Started by eng/chaos/run.sh.

var options = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
    if (args[i].StartsWith("--")) options[args[i][2..]] = args.ElementAtOrDefault(i + 1) ?? ""; // a later option wins (run.sh gives --report first)
string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
var orderCount = int.Parse(Opt("orders", "1000"));
var rate = double.Parse(Opt("rate", "2"), CultureInfo.InvariantCulture);
var seed = int.Parse(Opt("seed", Environment.TickCount.ToString()));
var reportPath = Opt("report", "");
Client.GiveUpAfter = TimeSpan.FromSeconds(int.Parse(Opt("give-up", "300")));
const int GatewayPort = 45080, PostgresPort = 55732, RabbitMqPort = 5979, RedisPort = 56779;
var root = FindRoot();
var runDirectory = Path.Combine(root, ".run", "chaos");

var report = new StringBuilder();
void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }
var runClock = Stopwatch.StartNew();
Say($"# OrderPlatform fault run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Say($"{orderCount} orders at {rate:0.##} orders/s, seed {seed}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
string[] platformArgs =
[
    "--seed", "--replicas", "gateway=2,intake=2,inventory=2",
    $"--Platform:RunDirectory={runDirectory}", $"--Platform:GatewayPort={GatewayPort}", $"--Platform:PostgresPort={PostgresPort}",
    $"--Platform:RabbitMqPort={RabbitMqPort}", $"--Platform:RedisPort={RedisPort}",
];
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(new DistributedApplicationTestingBuilderOptions { EnableDashboard = false }, platformArgs);
// The gateway's two replicas share its port through the orchestrator's proxy: that port is the one given, not a random one.
builder.Configuration["DcpPublisher:RandomizePorts"] = "false";
// The faults make the orchestrator, health checks and resources complain on purpose; the run prints its own account.
builder.Services.AddLogging(logging => logging.ClearProviders());
var app = await builder.BuildAsync();
using var stopWatching = new CancellationTokenSource();
using (var starting = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
{
    await app.StartAsync(starting.Token);
    foreach (var resource in builder.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()))
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, starting.Token);
}
Say($"platform up in {runClock.Elapsed.TotalSeconds:0} s");
var faults = new Faults(app, stopWatching.Token);
try
{
    return await RunAsync();
}
catch (Exception e)
{
    Say($"RESULT: broken: the run failed: {e}");
    if (reportPath.Length > 0) await File.WriteAllTextAsync(reportPath, report.ToString());
    return 1;
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    // A service the orchestrator failed to stop would go on consuming from the next run's servers on the same ports.
    foreach (var pid in faults.Leftovers())
    {
        Console.WriteLine($"service process {pid} outlived the platform: killed");
        System.Diagnostics.Process.GetProcessById(pid).Kill();
    }
    await stopWatching.CancelAsync();
}

async Task<int> RunAsync()
{
    var log = new ClientLog();
    var client = new Client(new Uri($"http://127.0.0.1:{GatewayPort}"), log);
    var audit = new Audit(PostgresPort, RabbitMqPort + 10000);

    // Enough stock for the run, received as a warehouse would; the stock the run starts from.
    string[] stocked = ["FB-PRO-5", "BB-GAME-7"];
    foreach (var sku in stocked)
        await client.PostAsync("/api/inventory/receipts", Client.Staff, new { sku, warehouse = "WH-SH", quantity = orderCount * 2, reference = "fault run stock" }, "receipt");
    await client.PostAsync("/api/production/materials", Client.Staff, new { sku = "JR-TEAM-CUSTOM", units = orderCount, reference = "fault run material" }, "material");
    var stockBefore = new Dictionary<string, (long OnHand, long Reserved)>();
    foreach (var sku in stocked) stockBefore[sku] = await audit.StockAsync(sku);

    // The load: one new order every 1/rate seconds, each followed to its end by its clients; the faults meanwhile.
    var duration = TimeSpan.FromSeconds(orderCount / rate);
    var random = new Random(seed);
    var flows = new Flows(client);
    var orders = Enumerable.Range(0, orderCount).Select(i => new Order(i, Flows.KindOf(i))).OrderBy(_ => random.Next()).ToList();
    Say($"load for {duration.TotalSeconds:0} s; faults:");
    var loadStart = DateTimeOffset.UtcNow;
    var faultRun = faults.RunAsync(duration, random, Say);
    var running = new List<Task>();
    var pace = Stopwatch.StartNew();
    for (var i = 0; i < orders.Count; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate);
        if (due > pace.Elapsed) await Task.Delay(due - pace.Elapsed);
        var order = orders[i];
        running.Add(Task.Run(() => flows.RunAsync(order)));
}
await faultRun;
await Task.WhenAll(running);
var loadEnd = DateTimeOffset.UtcNow;
Say($"every flow ended {(loadEnd - loadStart).TotalSeconds:0} s after the first order");

// Quiet: every outbox row published and every queue drained; then the failed messages replayed, as an operator would.
var quiet = await audit.QuietAsync(TimeSpan.FromMinutes(3));
var (_, failedBefore, errorQueuesBefore) = await audit.QueuesAsync();
if (failedBefore > 0)
{
    await faults.ReplayErrorQueuesAsync();
    quiet = await audit.QuietAsync(TimeSpan.FromMinutes(3)) && quiet;
}
var (waiting, failedAfter, errorQueuesAfter) = await audit.QueuesAsync();

// The account.
var accepted = orders.Where(o => o.Number is not null).ToList();
var failedFlows = orders.Where(o => o.Failure is not null).ToList();
var wrong = await audit.WrongFinalStatesAsync(accepted);
var lost = (await audit.QueryAsync("intake", "SELECT count(*) FROM orders WHERE order_number = ANY($1)", r => r.GetInt64(0), (object)accepted.Select(o => o.Number!).ToArray())).Single();
var doubled = await audit.DoubledEffectsAsync(accepted);
var unsent = await audit.UnsentOutboxAsync();
var impossibleStock = await audit.ImpossibleStockAsync();
var stockMismatches = new List<string>();
foreach (var sku in stocked)
{
    var shipped = accepted.Where(o => o.Sku == sku && o.Ships && o.Failure is null).Sum(o => o.Quantity);
    var returned = accepted.Where(o => o.Sku == sku).Sum(o => o.ReturnedUnits);
    var (onHand, reserved) = await audit.StockAsync(sku);
    var expected = stockBefore[sku].OnHand - shipped + returned;
    if (onHand != expected || reserved != stockBefore[sku].Reserved)
        stockMismatches.Add($"{sku}: on hand {onHand} (expected {expected}), reserved {reserved} (expected {stockBefore[sku].Reserved})");
}
var made = faults.Made.OrderBy(f => f.Injected).ToList();
// An outage window: from a fault until the platform was healthy again, and 5 s more for connections to settle.
var windows = made.Select(f => (From: f.Injected, To: (f.Recovered ?? loadEnd) + TimeSpan.FromSeconds(5))).ToList();
var failures = log.Failures.ToList();
var outside = failures.Where(f => f.Outcome.StartsWith('5') && !windows.Any(w => f.Sent <= w.To && f.Answered >= w.From)).ToList();

Say("");
Say("## Faults and recovery (what a fault hit healthy again; then every resource healthy at once)");
foreach (var f in made)
    Say($"  {(f.Injected - loadStart).TotalSeconds,6:0.0} s  {f.Name,-32} back in {(f.BackAfter is { } b ? $"{b.TotalSeconds:0.0} s" : "NEVER")}, "
        + $"platform healthy {(f.Recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "NEVER")} after it  ({f.Detail})");
// The platform's recovery from the whole run of faults: from the last fault until every resource was healthy at once.
var lastFault = made.Count == 0 ? (DateTimeOffset?)null : made.Max(f => f.Injected);
var healthyAfterLast = made.Any(f => f.Recovered is null) ? null : made.Max(f => f.Recovered) - lastFault;
Say($"platform healthy again {(healthyAfterLast is { } h ? $"{h.TotalSeconds:0.0} s" : "NEVER")} after the last fault (limit {Faults.BackWithin.TotalSeconds:0} s)");
// A service instance that stopped when the run had not just killed it crashed on its own (or was stopped by the AppHost).
var crashes = faults.Stops.Where(x => x.IsService && !made.Any(f => f.Detail.StartsWith(x.Id + ":") && x.At >= f.Injected && x.At - f.Injected < TimeSpan.FromMinutes(2)))
    .OrderBy(x => x.At).ToList();
Say($"service instances that stopped: {faults.Stops.Count(x => x.IsService)}, of them without a fault of the run: {crashes.Count}");
foreach (var c in crashes) Say($"  {(c.At - loadStart).TotalSeconds,6:0.0} s  {c.Id}: {c.State}{(c.ExitCode is { } code ? $", exit code {code}" : "")}");
Say("");
Say("## Orders");
Say($"orders accepted: {accepted.Count} of {orders.Count} ({string.Join(", ", accepted.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))})");
Say($"orders in their expected final state: {accepted.Count - wrong.Count} of {accepted.Count}");
Say($"orders lost: {accepted.Count - lost}");
Say($"flows that could not finish: {failedFlows.Count}");
foreach (var f in failedFlows.Take(10)) Say($"  {f.Number ?? "(not accepted)"} {f.Kind}: {f.Failure}");
foreach (var w in wrong.Take(10)) Say($"  {w}");
Say("");
Say("## Effects doubled");
foreach (var d in doubled) Say($"{d.Name}: {d.Found}{(d.Found > 0 ? $" ({d.Detail})" : "")}");
Say("");
Say("## Messages and stock");
Say($"unsent outbox rows: {unsent}; messages waiting in consumer queues: {waiting}{(quiet ? "" : " (the platform did not fall quiet)")}");
Say($"messages in _error queues: {failedBefore} before the replay{(errorQueuesBefore.Count > 0 ? $" ({string.Join(", ", errorQueuesBefore)})" : "")}, {failedAfter} after");
Say($"stock negative or oversold: {impossibleStock}; stock not matching what shipped and came back: {stockMismatches.Count}");
foreach (var m in stockMismatches) Say($"  {m}");
Say("");
Say("## What clients saw");
Say($"requests: {log.Requests}; webhooks sent twice: {log.WebhooksResent}; Retry-After honoured: {log.RetryAfterHonoured}");
Say($"failed answers (5xx, timeouts, connections refused) in the outage windows: {failures.Count - outside.Count}; 5xx outside them: {outside.Count}");
Say($"  by answer: {string.Join(", ", failures.GroupBy(f => f.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))}");
Say($"  by request: {string.Join(", ", failures.GroupBy(f => string.Join(' ', f.What.Split(' ').Where(w => !w.Any(char.IsDigit)))).OrderByDescending(g => g.Count()).Take(6).Select(g => $"{g.Key} {g.Count()}"))}");
Say("  5xx by what they said:");
foreach (var g in failures.Where(f => f.Outcome.StartsWith('5')).GroupBy(f => (f.Outcome, f.Detail)).OrderByDescending(g => g.Count()).Take(8))
    Say($"    {g.Count(),6}  {g.Key.Outcome} {g.Key.Detail}");
foreach (var f in outside.OrderBy(f => f.Sent).Take(10)) Say($"  {(f.Sent - loadStart).TotalSeconds,6:0.0} s  {f.What}: {f.Outcome} {f.Detail}");

var broken = new List<string>();
if (accepted.Count - lost > 0) broken.Add("orders lost");
if (wrong.Count > 0 || failedFlows.Count > 0) broken.Add("orders not in their final state");
if (doubled.Any(d => d.Found > 0)) broken.Add("effects doubled");
if (unsent > 0) broken.Add("unsent outbox rows");
if (failedAfter > 0) broken.Add("messages in _error queues after the replay");
if (impossibleStock > 0 || stockMismatches.Count > 0) broken.Add("stock");
if (outside.Count > 0) broken.Add("5xx outside the outage windows");
if (made.Any(f => f.Back is null)) broken.Add($"a killed instance or restarted server not healthy again within {Faults.BackWithin.TotalMinutes:0} min");
if (made.Count > 0 && !(healthyAfterLast <= Faults.BackWithin)) broken.Add($"the platform not healthy within {Faults.BackWithin.TotalMinutes:0} min of the last fault");
Say("");
Say(broken.Count == 0 ? $"RESULT: every promise kept ({runClock.Elapsed.TotalMinutes:0.0} min)" : $"RESULT: broken: {string.Join(", ", broken)}");
if (reportPath.Length > 0) await File.WriteAllTextAsync(reportPath, report.ToString());
return broken.Count == 0 ? 0 : 1;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "OrderPlatform.sln"))) return dir.FullName;
    throw new InvalidOperationException("OrderPlatform.sln not found above " + AppContext.BaseDirectory);
}
