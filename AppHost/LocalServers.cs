using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OrderPlatform.AppHost;

/// <summary>A PostgreSQL server from Debian's package; each service gets a database on it.</summary>
public sealed class LocalPostgres(string name, string dataRoot, int port)
    : ExecutableResource(name, LocalServers.Launcher, dataRoot), IResourceWithConnectionString
{
    public int Port => port;

    // The services reach the server over its Unix socket in the data folder (a socket path may be at most
    // 107 bytes; a longer one falls back to TCP on loopback). Auto-prepare: the services run the same few
    // statements over and over. No reset on close: no service keeps session state on a connection.
    public string Host => Path.Combine(WorkingDirectory, $".s.PGSQL.{port}").Length <= 107 ? WorkingDirectory : "127.0.0.1";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Host};Port={port.ToString()};Username=postgres;Maximum Pool Size=40;Timeout=15;Max Auto Prepare=64;Auto Prepare Min Usages=2;No Reset On Close=true");

    public List<LocalPostgresDatabase> Databases { get; } = [];

    /// <summary>
    /// The AppHost's own connection to a database of the server (TCP: it may run before the socket exists). Not pooled:
    /// after a restart of the server a pooled connection is dead, and the health checks every service waits for failed on it.
    /// </summary>
    public string AdminConnectionString(string database) => $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Timeout=3;Pooling=false";
}

/// <summary>One service's database on a <see cref="LocalPostgres"/> server; created when the server is ready.</summary>
public sealed class LocalPostgresDatabase(string name, string databaseName, LocalPostgres server)
    : Resource(name), IResourceWithParent<LocalPostgres>, IResourceWithConnectionString
{
    public LocalPostgres Parent => server;
    public string DatabaseName => databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{server.ConnectionStringExpression};Database={databaseName}");
}

/// <summary>A RabbitMQ node from Debian's package, with its management UI.</summary>
public sealed class LocalRabbitMQ(string name, string dataRoot, int port)
    : ExecutableResource(name, LocalServers.Launcher, dataRoot), IResourceWithConnectionString
{
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>The ports a node on AMQP port <paramref name="port"/> takes: AMQP, management UI, Erlang distribution, port mapper.</summary>
    public static int[] PortsTaken(int port) => [port, port + 10000, port + 20000, port + 30000];

    public int Port => port;
    public int ManagementPort => PortsTaken(port)[1];
    public int DistributionPort => PortsTaken(port)[2];
    public int PortMapperPort => PortsTaken(port)[3];
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{port.ToString()}/");
}

/// <summary>A Redis server from Debian's package; nothing is persisted (limits, notifications, caches, leases).</summary>
public sealed class LocalRedis(string name, string dataRoot, int port)
    : ExecutableResource(name, "redis-server", dataRoot), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"127.0.0.1:{port.ToString()}");
}

/// <summary>
/// PostgreSQL, RabbitMQ and Redis as Aspire executable resources: no container engine runs here. Each
/// listens on loopback on a fixed port with its data under the run folder, gets a health check that
/// speaks its protocol, and stops fast and clean with the AppHost. They run as the user who runs the
/// AppHost, except PostgreSQL, which refuses root: as root it runs as the postgres user, with the one
/// capability it needs to reach a checkout under a home folder that only root may enter (mode 0700),
/// which stays as it is. (RabbitMQ checks its data folder with access(2), which ignores capabilities,
/// so it could not run as its own user there; it runs as the AppHost's user, root on these machines.)
/// </summary>
public static class LocalServers
{
    public const string Launcher = "/bin/sh";

    // Runs "$@" as a child and turns the SIGTERM that stops an executable into SIGINT, which is
    // PostgreSQL's fast shutdown (SIGTERM is its "smart" one, which waits for every client to leave).
    private const string SigtermAsSigint =
        "trap 'kill -INT $child 2>/dev/null' TERM INT; \"$@\" & child=$!; wait $child; " +
        "while kill -0 $child 2>/dev/null; do wait $child; done";

    // Runs the broker "$@" with an Erlang port mapper of its own on ERL_EPMD_PORT, passes the SIGTERM that stops
    // the resource on to the broker, and stops the mapper only once the broker is gone: RabbitMQ starts a mapper
    // daemon whenever it finds none, and a daemon would outlive the AppHost. "epmd -kill" stops whichever mapper
    // holds the port.
    private const string WithPortMapper =
        "epmd -port $ERL_EPMD_PORT -address 127.0.0.1 & mapper=$!; " +
        "trap 'kill -TERM $broker 2>/dev/null' TERM INT; \"$@\" & broker=$!; wait $broker; " +
        "while kill -0 $broker 2>/dev/null; do wait $broker; done; " +
        "epmd -port $ERL_EPMD_PORT -kill >/dev/null 2>&1; kill $mapper 2>/dev/null; wait $mapper";

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The arguments for <see cref="Launcher"/> that run <paramref name="program"/> as <paramref name="user"/>.</summary>
    private static string[] AsUser(string user, string script, params string[] program) =>
        IsRoot
            ? ["-c", $"exec setpriv --reuid={user} --regid={user} --init-groups --inh-caps=+dac_read_search " +
                     $"--ambient-caps=+dac_read_search -- /bin/sh -c '{script.Replace("'", "'\\''")}' sh \"$@\"", "sh", .. program]
            : ["-c", script, "sh", .. program];

    public static IResourceBuilder<LocalPostgres> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name,
        int port, string runDirectory, bool statementStats = false)
    {
        var root = Path.Combine(runDirectory, name);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed: ./eng/install.sh installs it.");
        var server = new LocalPostgres(name, root, port);
        string[] settings = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400", "-c", "shared_buffers=128MB",
            "-c", "log_min_messages=warning", .. statementStats ? new[] { "-c", "shared_preload_libraries=pg_stat_statements" } : []];
        var check = $"{name}-protocol";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct => CanConnectAsync(server.AdminConnectionString("postgres"), ct));
        return builder.AddResource(server)
            .WithArgs(AsUser("postgres", SigtermAsSigint, [Path.Combine(bin, "postgres"), "-D", Path.Combine(root, "data"), "-p", port.ToString(), "-k", root, .. settings]))
            .WithEndpoint("tcp", e => { e.Port = port; e.TargetPort = port; e.UriScheme = "tcp"; e.IsProxied = false; })
            .WithHealthCheck(check)
            .OnBeforeResourceStarted(async (pg, _, ct) =>
            {
                Directory.CreateDirectory(root);
                await ChownAsync(root, "postgres", ct);
                if (!File.Exists(Path.Combine(root, "data", "PG_VERSION")))
                    await RunAsync(Launcher, AsUser("postgres", "exec \"$@\"", Path.Combine(bin, "initdb"), "-D", Path.Combine(root, "data"),
                        "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"), ct);
            })
            .OnResourceReady(async (pg, e, ct) =>
            {
                var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
                await using var connection = new NpgsqlConnection(pg.AdminConnectionString("postgres"));
                await connection.OpenAsync(ct);
                foreach (var db in pg.Databases)
                {
                    await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = db.DatabaseName } } };
                    if (await exists.ExecuteScalarAsync(ct) is null)
                    {
                        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{db.DatabaseName}\"", connection);
                        await create.ExecuteNonQueryAsync(ct);
                    }
                    await notifications.PublishUpdateAsync(db, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
                }
            });
    }

    public static IResourceBuilder<LocalPostgresDatabase> AddDatabase(this IResourceBuilder<LocalPostgres> server, string name, string databaseName)
    {
        var db = new LocalPostgresDatabase(name, databaseName, server.Resource);
        server.Resource.Databases.Add(db);
        var check = $"{name}-exists";
        server.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(check, ct => CanConnectAsync(server.Resource.AdminConnectionString(databaseName), ct));
        return server.ApplicationBuilder.AddResource(db).WithHealthCheck(check)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Database", State = KnownResourceStates.Waiting, Properties = [] });
    }

    public static IResourceBuilder<LocalRabbitMQ> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder, string name, int port, string runDirectory)
    {
        var root = Path.Combine(runDirectory, name);
        if (!File.Exists(LocalRabbitMQ.Server)) throw new InvalidOperationException("RabbitMQ is not installed: ./eng/install.sh installs it.");
        var rabbit = new LocalRabbitMQ(name, root, port);
        var check = $"{name}-protocol";
        // The broker answers the AMQP 0-9-1 protocol header with a Connection.Start method frame (type 1).
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct => TcpCheckAsync(port, "AMQP\0\0\u0009\u0001", "\u0001", ct));
        return builder.AddResource(rabbit)
            .WithArgs("-c", WithPortMapper, "sh", LocalRabbitMQ.Server)
            .WithEnvironment(e =>
            {
                foreach (var (key, value) in new Dictionary<string, string>
                {
                    ["RABBITMQ_NODENAME"] = $"op{port}@localhost", ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                    ["RABBITMQ_NODE_PORT"] = port.ToString(), ["RABBITMQ_DIST_PORT"] = rabbit.DistributionPort.ToString(),
                    ["ERL_EPMD_PORT"] = rabbit.PortMapperPort.ToString(), ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
                    // Distribution on loopback only, through the port mapper the resource starts (WithPortMapper).
                    ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
                    ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"), ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
                    ["RABBITMQ_LOGS"] = "-", ["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbitmq.pid"),
                    ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq"),
                    ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"), ["HOME"] = root,
                })
                    e.EnvironmentVariables[key] = value;
            })
            .WithEndpoint("amqp", e => { e.Port = port; e.TargetPort = port; e.UriScheme = "amqp"; e.IsProxied = false; })
            .WithHttpEndpoint(port: rabbit.ManagementPort, targetPort: rabbit.ManagementPort, name: "management", isProxied: false)
            .WithUrlForEndpoint("management", u => u.DisplayText = "Management UI (guest/guest)")
            .WithUrlForEndpoint("amqp", u => u.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithHealthCheck(check)
            .OnBeforeResourceStarted(async (_, _, ct) =>
            {
                Directory.CreateDirectory(Path.Combine(root, "log"));
                await File.WriteAllTextAsync(Path.Combine(root, "rabbitmq.conf"), $"""
                    listeners.tcp.default = 127.0.0.1:{port}
                    management.tcp.port = {rabbit.ManagementPort}
                    management.tcp.ip = 127.0.0.1
                    """, ct);
                await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].", ct);
            });
    }

    public static IResourceBuilder<LocalRedis> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, int port, string runDirectory)
    {
        var root = Path.Combine(runDirectory, name);
        Directory.CreateDirectory(root);
        var check = $"{name}-protocol";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct => TcpCheckAsync(port, "PING\r\n", "+PONG", ct));
        return builder.AddResource(new LocalRedis(name, root, port))
            .WithArgs("--port", port.ToString(), "--bind", "127.0.0.1", "--dir", root, "--save", "", "--appendonly", "no", "--daemonize", "no")
            .WithEndpoint("tcp", e => { e.Port = port; e.TargetPort = port; e.UriScheme = "redis"; e.IsProxied = false; })
            .WithHealthCheck(check);
    }

    private static async Task<HealthCheckResult> CanConnectAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return HealthCheckResult.Healthy();
    }

    /// <summary>Healthy when the port answers <paramref name="send"/> with a reply starting with <paramref name="expect"/>.</summary>
    private static async Task<HealthCheckResult> TcpCheckAsync(int port, string send, string expect, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(send), timeout.Token);
        var buffer = new byte[expect.Length];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        var reply = Encoding.Latin1.GetString(buffer);
        return reply == expect ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"unexpected reply {reply}");
    }

    private static Task ChownAsync(string path, string user, CancellationToken ct)
        => IsRoot ? RunAsync("chown", ["-R", $"{user}:{user}", path], ct) : Task.CompletedTask;

    private static async Task RunAsync(string file, string[] args, CancellationToken ct)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args)
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await errors}");
    }
}
