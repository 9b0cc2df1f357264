namespace OrderPlatform.AppHost.Hosting;

public enum ResourceState { Pending, Starting, Running, Healthy, Unhealthy, Reused, Restarting, Stopping, Stopped, Failed }

/// <summary>Something the AppHost runs and shows on the dashboard: a server, a service, the gateway.</summary>
public abstract class Resource(string name)
{
    private const int LogLines = 1000;
    private readonly LinkedList<string> _log = new();

    public string Name { get; } = name;
    public abstract string Kind { get; }
    public ResourceState State { get; protected set; } = ResourceState.Pending;
    public int? Pid { get; protected set; }
    public string? Url { get; protected set; }
    public string? Health { get; protected set; }
    public int Restarts { get; protected set; }
    public DateTimeOffset? StartedAt { get; protected set; }
    public List<Resource> DependsOn { get; } = [];
    public TextWriter? LogFile { get; set; }

    public abstract Task StartAsync(CancellationToken ct);
    public abstract Task StopAsync();

    public void Log(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_log)
        {
            _log.AddLast(stamped);
            if (_log.Count > LogLines) _log.RemoveFirst();
            LogFile?.WriteLine(stamped);
            LogFile?.Flush();
        }
    }

    /// <summary>Stops a server process with its own shutdown signal, killing it if it outlives the grace period.</summary>
    protected async Task StopProcessAsync(System.Diagnostics.Process? process, int signal, TimeSpan grace, Func<Task>? afterExit = null)
    {
        if (process is null) { State = ResourceState.Stopped; return; }
        State = ResourceState.Stopping;
        await ProcessRunner.StopAsync(process, signal, grace);
        if (afterExit is not null) await afterExit();
        Log($"Stopped (exit {process.ExitCode}).");
        State = ResourceState.Stopped;
        Pid = null;
    }

    public IReadOnlyList<string> Tail(int lines)
    {
        lock (_log) return _log.Skip(Math.Max(0, _log.Count - lines)).ToList();
    }

    /// <summary>Waits until the resource is ready for its dependents (healthy, reused, or running without a health check).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (State is not (ResourceState.Healthy or ResourceState.Reused))
        {
            if (State == ResourceState.Failed) throw new InvalidOperationException($"{Name} failed to start; see its log on the dashboard.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s (state {State}).");
            await Task.Delay(200, ct);
        }
    }
}

/// <summary>A resource that hands connection settings to the resources that reference it.</summary>
public interface IResourceWithEnvironment
{
    /// <summary>Environment variables a referencing process gets.</summary>
    IEnumerable<KeyValuePair<string, string>> EnvironmentFor(Resource consumer);
}
