using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderPlatform.Chaos;

/// <summary>
/// One fault: when it was made, when what it hit was healthy again (the killed instance, the restarted server), and
/// when every resource of the platform was healthy at once again (later faults may keep it from that).
/// </summary>
public sealed record Fault(string Name, DateTimeOffset Injected, DateTimeOffset? Back, DateTimeOffset? Recovered, string Detail)
{
    /// <summary>How long after the fault what it hit was healthy again.</summary>
    public TimeSpan? BackAfter => Back - Injected;
    /// <summary>How long after the fault the whole platform was healthy again.</summary>
    public TimeSpan? Recovery => Recovered - Injected;
}

/// <summary>
/// Makes the faults of the run against the platform the AppHost started: kill -9 of a service's process (the AppHost
/// starts it again), and stop/start of PostgreSQL, RabbitMQ and Redis through the AppHost's resource commands, as a
/// developer would from the dashboard. Watches every resource's state to see when the platform has recovered.
/// </summary>
public sealed class Faults
{
    private readonly DistributedApplication _app;
    private readonly ConcurrentDictionary<string, ResourceEvent> _state = new();
    private readonly ResourceCommandService _commands;
    public ConcurrentQueue<Fault> Made { get; } = new();

    /// <summary>A resource that stopped running: killed by the run, restarted by it, or on its own.</summary>
    public sealed record Stop(DateTimeOffset At, string Id, bool IsService, string State, int? ExitCode);

    /// <summary>Every time a resource stopped running, to tell the run's own faults from a crash it did not make.</summary>
    public ConcurrentQueue<Stop> Stops { get; } = new();
    private Action<string> _say = _ => { };

    private void Record(Fault fault)
    {
        Made.Enqueue(fault);
        var states = fault.Recovered is null
            ? "; now: " + string.Join(", ", _state.Values.Where(e => !e.Snapshot.IsHidden).Select(e => $"{e.ResourceId} {e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus}"))
            : "";
        _say($"           {fault.Name}: {(fault.BackAfter is { } b ? $"back in {b.TotalSeconds:0.0} s" : "NOT BACK")}, "
             + $"{(fault.Recovery is { } r ? $"platform healthy {r.TotalSeconds:0.0} s after it" : "platform NOT HEALTHY")} ({fault.Detail}){states}");
    }

    public Faults(DistributedApplication app, CancellationToken stop)
    {
        _app = app;
        _commands = app.Services.GetRequiredService<ResourceCommandService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(stop))
                {
                    if (_state.TryGetValue(e.ResourceId, out var before) && !Stopped(before) && Stopped(e))
                        Stops.Enqueue(new(DateTimeOffset.UtcNow, e.ResourceId, e.Resource is ProjectResource, e.Snapshot.State?.Text ?? "", e.Snapshot.ExitCode));
                    _state[e.ResourceId] = e;
                }
            }
            catch (OperationCanceledException) { }
        }, CancellationToken.None);
    }

    /// <summary>Every instance of a service (projects: the gateway, the seven services and their replicas), by resource id.</summary>
    public IReadOnlyList<(string Id, string Name)> ServiceInstances()
        => _state.Values.Where(e => e.Resource is ProjectResource && !e.Snapshot.IsHidden)
            .Select(e => (e.ResourceId, e.Resource.Name)).OrderBy(x => x.ResourceId).ToList();

    private static int? Pid(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } v && int.TryParse(v.ToString(), out var pid) ? pid : null;

    private static bool Stopped(ResourceEvent e)
        => e.Snapshot.State?.Text == KnownResourceStates.Exited || e.Snapshot.State?.Text == KnownResourceStates.Finished;

    private static bool Healthy(ResourceEvent e)
        => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>True when every resource with a health check is running and healthy.</summary>
    private bool AllHealthy()
        => _state.Values.Where(e => !e.Snapshot.IsHidden && e.Resource.Annotations.OfType<HealthCheckAnnotation>().Any()).All(Healthy);

    /// <summary>
    /// Waits until what a fault hit is healthy again (<paramref name="back"/>; at most <see cref="BackWithin"/>), then
    /// until every resource is (at most <see cref="HealthyWithin"/> after the fault, which later faults may delay).
    /// </summary>
    private async Task<(DateTimeOffset? Back, DateTimeOffset? Recovered)> RecoveredAsync(DateTimeOffset at, Func<bool> back)
    {
        DateTimeOffset? isBack = null;
        while (DateTimeOffset.UtcNow < at + HealthyWithin && (isBack is not null || DateTimeOffset.UtcNow < at + BackWithin))
        {
            isBack ??= back() ? DateTimeOffset.UtcNow : null;
            if (isBack is not null && AllHealthy()) return (isBack, DateTimeOffset.UtcNow);
            await Task.Delay(100);
        }
        return (isBack, null);
    }

    /// <summary>How long a killed instance or a restarted server may take to be healthy again.</summary>
    public static readonly TimeSpan BackWithin = TimeSpan.FromMinutes(5);
    /// <summary>How long after a fault the run waits for the whole platform to be healthy (the verdict is on the last fault).</summary>
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A killed instance is back when its resource is healthy and runs as a process that was not killed (a kill is seen by
    /// the orchestrator a moment later; until then the old process still looks healthy).
    /// </summary>
    private bool InstanceBack(string id, List<int> killed)
        => _state.TryGetValue(id, out var e) && Healthy(e) && ProcessesOf(id).Except(killed).Any(p => Name(p) != "dotnet");

    private bool ServerBack(string resource)
        => _state.Values.Where(e => e.Resource.Name == resource && !e.Snapshot.IsHidden).All(Healthy);

    /// <summary>
    /// The process of a service instance: the orchestrator gives each one the suffix of its resource id as its
    /// OpenTelemetry service.instance.id (the snapshot's pid is not the service's own).
    /// </summary>
    private static List<int> ProcessesOf(string id)
    {
        var instance = id[(id.LastIndexOf('-') + 1)..];
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains($"service.instance.id={instance}\0", StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public async Task KillAsync(string id, string name)
    {
        // The service's own process, not the launcher (dotnet) the orchestrator started it with.
        var pids = ProcessesOf(id).Where(p => Name(p) != "dotnet").ToList();
        if (pids.Count == 0)
        {
            Record(new($"kill -9 {name}", DateTimeOffset.UtcNow, null, null, $"{id}: no process to kill"));
            return;
        }
        var names = string.Join(", ", pids.Select(p => $"{p} {Name(p)}"));
        var at = DateTimeOffset.UtcNow;
        foreach (var pid in pids)
        {
            try { Process.GetProcessById(pid).Kill(); }
            catch (ArgumentException) { }
        }
        var (back, recovered) = await RecoveredAsync(at, () => InstanceBack(id, pids));
        Record(new($"kill -9 {name}", at, back, recovered, $"{id}: {names}"));
    }

    /// <summary>
    /// Stops a server, keeps it down for <paramref name="down"/>, and starts it again through the AppHost. Redis is stopped
    /// through the AppHost too; PostgreSQL and RabbitMQ are sent the signal of their own clean shutdown (SIGINT, PostgreSQL's
    /// fast shutdown, to the server; SIGTERM to the broker's launcher, which hands it on), as a service manager restarting
    /// them would: the orchestrator's stop waits only a few seconds, less than a broker with connections takes to stop.
    /// </summary>
    public async Task StopAndStartAsync(string resource, TimeSpan down, string name)
    {
        var at = DateTimeOffset.UtcNow;
        var stopped = resource switch
        {
            "postgres" => Signal(resource, "INT", child: "postgres"),
            "rabbitmq" => Signal(resource, "TERM", child: null),
            _ => (await _commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand)).Message ?? "",
        };
        var giveUp = DateTimeOffset.UtcNow.AddSeconds(90);
        while (_state.Values.Any(e => e.Resource.Name == resource && !Stopped(e)))
        {
            if (DateTimeOffset.UtcNow > giveUp)
            {
                Record(new(name, at, null, null, $"did not stop: {stopped}"));
                return;
            }
            await Task.Delay(100);
        }
        var stoppedAfter = DateTimeOffset.UtcNow - at;
        await Task.Delay(down);
        for (var attempt = 1; !(await _commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand)).Success; attempt++)
        {
            if (attempt == 10)
            {
                Record(new(name, at, null, null, "could not be started again"));
                return;
            }
            await Task.Delay(1000);
        }
        // The server's own health check turns healthy only once it answers; the services after it.
        await Task.Delay(500);
        var (back, recovered) = await RecoveredAsync(at, () => ServerBack(resource));
        Record(new(name, at, back, recovered, $"stopped in {stoppedAfter.TotalSeconds:0.0} s, down {down.TotalSeconds:0} s more"));
    }

    /// <summary>Sends a signal to a server resource's launcher, or to the launcher's child called <paramref name="child"/>.</summary>
    private string Signal(string resource, string signal, string? child)
    {
        var launcher = _state.Values.Where(e => e.Resource.Name == resource).Select(Pid).FirstOrDefault();
        if (launcher is null) return "no process";
        var target = child is null ? launcher.Value : Children(launcher.Value).FirstOrDefault(p => Name(p) == child);
        if (target == 0) return $"no {child} process under {launcher}";
        using var kill = Process.Start("kill", [$"-{signal}", target.ToString()]);
        kill.WaitForExit();
        return $"SIG{signal} to {target}";
    }

    private static IEnumerable<int> Children(int parent)
        => Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parent);

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException) { return 0; }
    }

    private static string Name(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return ""; }
    }

    /// <summary>Service processes of this platform still running (after it stopped, there must be none).</summary>
    public IReadOnlyList<int> Leftovers() => ServiceInstances().SelectMany(i => ProcessesOf(i.Id)).ToList();

    public Task ReplayErrorQueuesAsync() => _commands.ExecuteCommandAsync("rabbitmq", "replay-error-queues");

    /// <summary>
    /// The run's faults at their moments within <paramref name="duration"/>: the servers at fixed points, one at a time,
    /// each service instance killed once at a random moment.
    /// </summary>
    public async Task RunAsync(TimeSpan duration, Random random, Action<string> say)
    {
        _say = say;
        var plan = new List<(TimeSpan At, string What, Func<Task> Make)>
        {
            (duration * 0.20, "restart RabbitMQ", () => StopAndStartAsync("rabbitmq", TimeSpan.FromSeconds(2), "restart RabbitMQ")),
            (duration * 0.45, "restart PostgreSQL", () => StopAndStartAsync("postgres", TimeSpan.FromSeconds(2), "restart PostgreSQL")),
            (duration * 0.65, "stop Redis for 30 s", () => StopAndStartAsync("redis", TimeSpan.FromSeconds(30), "stop Redis for 30 s")),
        };
        foreach (var (id, name) in ServiceInstances())
            plan.Add((duration * (0.1 + 0.8 * random.NextDouble()), $"kill -9 {name} ({id})", () => KillAsync(id, name)));
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        foreach (var (at, what, make) in plan.OrderBy(p => p.At))
        {
            if (at > clock.Elapsed) await Task.Delay(at - clock.Elapsed);
            say($"  {clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
            running.Add(make());
        }
        await Task.WhenAll(running);
    }
}
