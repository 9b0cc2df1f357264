using System.Diagnostics;

namespace OrderPlatform.AppHost.Hosting;

/// <summary>
/// A .NET project of the repository, launched from its build output with its configuration in
/// environment variables, watched through /health, and restarted with back-off when it crashes.
/// </summary>
public sealed class ProjectResource(string name, string dllPath, string workingDirectory, int port, DistributedApplication app)
    : Resource(name), IResourceWithEnvironment
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly List<IResourceWithEnvironment> _references = [];
    private readonly Dictionary<string, string> _environment = [];
    private Process? _process;
    private volatile bool _stopping;
    private Task? _supervisor;

    public override string Kind => "project";
    public int Port => port;
    public string Endpoint => $"http://127.0.0.1:{port}";

    /// <summary>Gives this project the connection settings of <paramref name="resource"/> and starts it after it.</summary>
    public ProjectResource WithReference(IResourceWithEnvironment resource)
    {
        _references.Add(resource);
        switch (resource)
        {
            case Resource r: DependsOn.Add(r); break;
            case PostgresDatabase db: DependsOn.Add(db.Server); break;
        }
        return this;
    }

    public ProjectResource WithEnvironment(string key, string value)
    {
        _environment[key] = value;
        return this;
    }

    /// <summary>A project referenced by the gateway becomes a destination of the gateway's cluster of the same name.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentFor(Resource consumer)
        => [new($"ReverseProxy__Clusters__{Name}__Destinations__d1__Address", Endpoint)];

    public override async Task StartAsync(CancellationToken ct)
    {
        if (!File.Exists(dllPath))
        {
            State = ResourceState.Failed;
            throw new FileNotFoundException($"{dllPath} is missing: build the solution first (dotnet build OrderPlatform.sln).");
        }
        Url = Endpoint;
        Launch();
        _supervisor = SuperviseAsync(app.Stopping);
        await Task.CompletedTask;
    }

    private void Launch()
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Endpoint,
            ["ASPNETCORE_ENVIRONMENT"] = app.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = app.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            ["OP_PARENT_PID"] = Environment.ProcessId.ToString(),
            ["Gateway__InternalToken"] = app.InternalToken,
            ["Seed__Demo"] = app.SeedDemoData ? "true" : "false",
        };
        foreach (var reference in _references)
            foreach (var (k, v) in reference.EnvironmentFor(this)) env[k] = v;
        foreach (var (k, v) in _environment) env[k] = v;

        State = ResourceState.Starting;
        Health = null;
        _process = ProcessRunner.Start("dotnet", [dllPath], workingDirectory, env, Log);
        Pid = _process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        Log($"Started pid {Pid} on {Endpoint}");
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested && !_stopping)
        {
            try { await Task.Delay(TimeSpan.FromMilliseconds(State == ResourceState.Healthy ? 2000 : 300), stopping); }
            catch (OperationCanceledException) { return; }
            if (_stopping) return;

            if (_process!.HasExited)
            {
                State = ResourceState.Restarting;
                Health = $"Exited with code {_process.ExitCode}";
                Log($"Exited with code {_process.ExitCode}; restarting in {backoff.TotalSeconds:0} s");
                try { await Task.Delay(backoff, stopping); } catch (OperationCanceledException) { return; }
                if (_stopping) return;
                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
                Restarts++;
                Launch();
                continue;
            }
            var healthy = await CheckHealthAsync(stopping);
            if (healthy && State != ResourceState.Healthy && StartedAt < DateTimeOffset.UtcNow.AddSeconds(-30))
                backoff = TimeSpan.FromSeconds(1);
            State = healthy ? ResourceState.Healthy : State == ResourceState.Starting ? ResourceState.Starting : ResourceState.Unhealthy;
        }
    }

    private async Task<bool> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            using var response = await Http.GetAsync($"{Endpoint}/health", ct);
            Health = response.IsSuccessStatusCode ? "Healthy" : $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Health = "Not answering";
            return false;
        }
    }

    public override Task StopAsync()
    {
        _stopping = true;
        return StopProcessAsync(_process, ProcessRunner.SIGTERM, TimeSpan.FromSeconds(15), async () =>
        {
            if (_supervisor is not null) await _supervisor;
        });
    }
}
