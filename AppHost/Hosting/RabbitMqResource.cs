using System.Diagnostics;

namespace OrderPlatform.AppHost.Hosting;

/// <summary>
/// A private RabbitMQ node (Debian's package) with its own ports, Erlang port mapper and data folder,
/// or the broker already listening on that port. Management UI on port + 10000.
/// </summary>
public sealed class RabbitMqResource(string name, int port, string dataRoot) : Resource(name), IResourceWithEnvironment
{
    private const string OsUser = "rabbitmq";
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private Process? _process;

    public override string Kind => "rabbitmq";
    public int Port => port;
    public int ManagementPort => port + 10000;
    private int DistributionPort => port + 20000;
    private int EpmdPort => port + 30000;
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{port}/";

    public IEnumerable<KeyValuePair<string, string>> EnvironmentFor(Resource consumer) => [new("ConnectionStrings__rabbitmq", ConnectionString)];

    private Dictionary<string, string> NodeEnvironment() => new()
    {
        ["RABBITMQ_NODENAME"] = $"op{port}@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = port.ToString(),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dataRoot, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(dataRoot, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_PID_FILE"] = Path.Combine(dataRoot, "rabbitmq.pid"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dataRoot, "rabbitmq"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dataRoot, "enabled_plugins"),
        ["HOME"] = dataRoot,
    };

    public override async Task StartAsync(CancellationToken ct)
    {
        State = ResourceState.Starting;
        Url = $"http://127.0.0.1:{ManagementPort}";
        if (ProcessRunner.IsListening(port))
        {
            Log($"Port {port} is already serving: reusing that broker.");
            State = ResourceState.Reused;
            Health = "Healthy";
            return;
        }
        if (!File.Exists(Server))
            throw new InvalidOperationException("RabbitMQ is not installed (apt-get install rabbitmq-server); ./eng/install.sh does it.");
        Directory.CreateDirectory(Path.Combine(dataRoot, "log"));
        await File.WriteAllTextAsync(Path.Combine(dataRoot, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{port}
            management.tcp.port = {ManagementPort}
            management.tcp.ip = 127.0.0.1
            """, ct);
        await File.WriteAllTextAsync(Path.Combine(dataRoot, "enabled_plugins"), "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].", ct);
        await ProcessRunner.ChownAsync(dataRoot, OsUser);

        _process = ProcessRunner.Start(Server, [], dataRoot, NodeEnvironment(), Log, OsUser);
        Pid = _process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        State = ResourceState.Running;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!ProcessRunner.IsListening(port))
        {
            if (_process.HasExited) { State = ResourceState.Failed; throw new InvalidOperationException($"RabbitMQ exited with code {_process.ExitCode}; see its log."); }
            if (DateTime.UtcNow > deadline) { State = ResourceState.Failed; throw new TimeoutException("RabbitMQ did not open its port in 90 s."); }
            await Task.Delay(250, ct);
        }
        State = ResourceState.Healthy;
        Health = "Healthy";
    }

    // The node started its own Erlang port mapper on a private port: stop it too, so nothing is left behind.
    public override Task StopAsync() => StopProcessAsync(_process, ProcessRunner.SIGTERM, TimeSpan.FromSeconds(30), async () =>
        await ProcessRunner.RunAsync("epmd", ["-kill"], new Dictionary<string, string> { ["ERL_EPMD_PORT"] = EpmdPort.ToString() }));
}
