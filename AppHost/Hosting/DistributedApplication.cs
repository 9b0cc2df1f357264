using System.Security.Cryptography;
using OrderPlatform.AppHost.Dashboard;

namespace OrderPlatform.AppHost.Hosting;

/// <summary>Ports and folders of one run of the platform; every one can be changed on the command line.</summary>
public sealed record HostSettings(int GatewayPort, int DashboardPort, int PostgresPort, int RabbitMqPort, string RunDirectory,
    bool SeedDemoData, string RepositoryRoot, string BuildConfiguration, bool PostgresStatementStats = false)
{
    public static HostSettings FromArgs(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Port(string name, int fallback) => int.TryParse(Value(name), out var p) ? p : fallback;
        var root = FindRepositoryRoot();
        var runDir = Value("--run-dir") ?? Path.Combine(root, ".run", "dev");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return new HostSettings(Port("--gateway-port", 5080), Port("--dashboard-port", 18888), Port("--postgres-port", 55432),
            Port("--rabbitmq-port", 5679), Path.GetFullPath(runDir), args.Contains("--seed"), root, configuration,
            args.Contains("--postgres-statement-stats"));
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OrderPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException("OrderPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// The platform's topology and its lifetime: the resources declared in Program.cs, started in
/// dependency order, shown on the dashboard, stopped in reverse order on Ctrl+C. Shaped like
/// .NET Aspire's DistributedApplication, which does not restore here, so Program.cs reads the same.
/// </summary>
public sealed class DistributedApplication
{
    private readonly CancellationTokenSource _stopping = new();

    private DistributedApplication(HostSettings settings)
    {
        Settings = settings;
        InternalToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    }

    public HostSettings Settings { get; }
    public List<Resource> Resources { get; } = [];
    public string InternalToken { get; }
    public string EnvironmentName => "Development";
    public bool SeedDemoData => Settings.SeedDemoData;
    public CancellationToken Stopping => _stopping.Token;

    public static DistributedApplication CreateBuilder(string[] args) => new(HostSettings.FromArgs(args));

    public PostgresResource AddPostgres(string name)
        => Add(new PostgresResource(name, Settings.PostgresPort, Path.Combine(Settings.RunDirectory, name))
            { StatementStats = Settings.PostgresStatementStats });

    public RabbitMqResource AddRabbitMQ(string name)
        => Add(new RabbitMqResource(name, Settings.RabbitMqPort, Path.Combine(Settings.RunDirectory, name)));

    /// <summary>A project under the repository root, e.g. "services/Intake"; port 0 means any free loopback port.</summary>
    public ProjectResource AddProject(string name, string projectDirectory, int port = 0)
    {
        var dir = Path.Combine(Settings.RepositoryRoot, projectDirectory);
        var project = Directory.GetFiles(dir, "*.csproj").Single();
        var assembly = Path.GetFileNameWithoutExtension(project);
        var dll = Path.Combine(dir, "bin", Settings.BuildConfiguration, "net10.0", assembly + ".dll");
        return Add(new ProjectResource(name, dll, dir, port == 0 ? ProcessRunner.FreePort() : port, this));
    }

    private T Add<T>(T resource) where T : Resource
    {
        Resources.Add(resource);
        return resource;
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops every resource; returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        foreach (var (port, what) in new[] { (Settings.DashboardPort, "dashboard"), (Settings.GatewayPort, "gateway") })
            if (ProcessRunner.IsListening(port))
            {
                Console.Error.WriteLine($"Port {port} ({what}) is already in use: is OrderPlatform already running? " +
                    $"See http://127.0.0.1:{Settings.DashboardPort}, stop it with Ctrl+C, or choose other ports (--{what}-port).");
                return 2;
            }
        Directory.CreateDirectory(Path.Combine(Settings.RunDirectory, "logs"));
        foreach (var r in Resources) r.LogFile = new StreamWriter(Path.Combine(Settings.RunDirectory, "logs", r.Name + ".log"), append: true);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; _stopping.Cancel(); };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; _stopping.Cancel(); });

        await using var dashboard = await DashboardServer.StartAsync(this, Settings.DashboardPort);
        Console.WriteLine($"Dashboard: http://127.0.0.1:{Settings.DashboardPort}");
        var exitCode = 0;
        try
        {
            await StartAllAsync(_stopping.Token);
            Console.WriteLine($"OrderPlatform is up. Gateway: http://127.0.0.1:{Settings.GatewayPort}  Dashboard: http://127.0.0.1:{Settings.DashboardPort}");
            Console.WriteLine("Press Ctrl+C to stop everything.");
            await Task.Delay(Timeout.Infinite, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Start-up failed: {e.Message}");
            exitCode = 1;
        }
        Console.WriteLine("Stopping...");
        await _stopping.CancelAsync();
        await StopAllAsync();
        foreach (var r in Resources) await r.LogFile!.DisposeAsync();
        Console.WriteLine("Stopped.");
        return exitCode;
    }

    /// <summary>Starts each resource once everything it depends on is ready; independent resources start together.</summary>
    private async Task StartAllAsync(CancellationToken ct)
    {
        // Every task is created here, on this thread, dependencies first, so each resource starts exactly once.
        var started = new Dictionary<Resource, Task>();
        Task StartOne(Resource r)
        {
            if (started.TryGetValue(r, out var existing)) return existing;
            var dependencies = r.DependsOn.Select(StartOne).ToList();
            return started[r] = Task.Run(async () =>
            {
                await Task.WhenAll(dependencies);
                foreach (var d in r.DependsOn) await d.WaitReadyAsync(TimeSpan.FromSeconds(120), ct);
                Console.WriteLine($"  starting {r.Name}");
                await r.StartAsync(ct);
            }, ct);
        }
        foreach (var r in Resources) _ = StartOne(r);
        await Task.WhenAll(started.Values);
        foreach (var r in Resources) await r.WaitReadyAsync(TimeSpan.FromSeconds(120), ct);
    }

    private async Task StopAllAsync()
    {
        // Dependents first: the gateway, then the services, then the servers they use.
        var remaining = Resources.ToList();
        while (remaining.Count > 0)
        {
            var leaves = remaining.Where(r => !remaining.Any(o => o.DependsOn.Contains(r))).ToList();
            await Task.WhenAll(leaves.Select(async r =>
            {
                try { await r.StopAsync(); }
                catch (Exception e) { Console.Error.WriteLine($"Stopping {r.Name}: {e.Message}"); }
            }));
            remaining.RemoveAll(leaves.Contains);
        }
    }
}
