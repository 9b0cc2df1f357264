using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderPlatform.AppHost;

/// <summary>
/// Ports, folders and options of one run, from configuration ("Platform:*", e.g. Platform__GatewayPort or
/// --Platform:GatewayPort=5080) and the two switches of ./eng/run.sh: --seed and --replicas intake=2,inventory=2.
/// Settings under Platform:ServiceSettings go to every service as its own configuration, e.g.
/// --Platform:ServiceSettings:Orders:ReviewSla=00:00:05 gives each service Orders__ReviewSla.
/// </summary>
public sealed record PlatformSettings(string RunDirectory, int GatewayPort, int PostgresPort, int RabbitMqPort, int RedisPort,
    bool Seed, bool PostgresStatementStats, IReadOnlyDictionary<string, int> Replicas, string? DashboardUrl,
    IReadOnlyDictionary<string, string> ServiceSettings)
{
    /// <summary>The internal token the gateway presents and every service demands; new for every run.</summary>
    public string InternalToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public int ReplicasOf(string name) => Replicas.GetValueOrDefault(name, 1);

    /// <summary>Turns --seed and --replicas X into configuration arguments; the rest passes through.</summary>
    public static string[] ConfigurationArgs(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
            result.Add(args[i] switch
            {
                "--seed" => "--Platform:Seed=true",
                "--replicas" when i + 1 < args.Length => $"--Platform:Replicas={args[++i]}",
                "--postgres-statement-stats" => "--Platform:PostgresStatementStats=true",
                var other => other,
            });
        return [.. result];
    }

    public static PlatformSettings From(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Platform");
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var replicas = (config["Replicas"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 && int.TryParse(pair[1], out var n) && n is >= 1 and <= 8
                ? n : throw new ArgumentException($"--replicas takes name=count pairs (1 to 8), e.g. intake=2,inventory=2; not '{string.Join('=', pair)}'"));
        var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0];
        var settings = new PlatformSettings(
            Path.GetFullPath(config["RunDirectory"] ?? Path.Combine(root, ".run", "dev")),
            config.GetValue("GatewayPort", 5080), config.GetValue("PostgresPort", 55432), config.GetValue("RabbitMqPort", 5679),
            config.GetValue("RedisPort", 56379), config.GetValue("Seed", false), config.GetValue("PostgresStatementStats", false),
            replicas, dashboard,
            config.GetSection("ServiceSettings").AsEnumerable(makePathsRelative: true).Where(s => s.Value is not null)
                .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!));
        PlatformExtensions.Reserve([settings.GatewayPort, settings.PostgresPort, settings.RedisPort, .. LocalRabbitMQ.PortsTaken(settings.RabbitMqPort)]);
        return settings;
    }
}

/// <summary>A service's instances: one resource each, the first named after the service.</summary>
public sealed record PlatformService(string Name, IReadOnlyList<IResourceBuilder<ProjectResource>> Instances);

public static class PlatformExtensions
{
    /// <summary>The header that carries the internal token (ServiceDefaults' Caller.TokenHeader).</summary>
    private const string InternalTokenHeader = "X-OP-Gateway-Token";

    /// <summary>
    /// A service of the platform, as <c>--replicas</c> asks: one resource per instance (<c>intake</c>, <c>intake-2</c>, …),
    /// each on its own loopback port, so the gateway sees every instance and can check each one's health.
    /// <paramref name="configure"/> gives every instance its references. The instances report telemetry as one service.
    /// </summary>
    public static PlatformService AddService<TProject>(this IDistributedApplicationBuilder builder, string name, PlatformSettings platform,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure, bool servesGrpc = false)
        where TProject : IProjectMetadata, new()
        => new(name, Enumerable.Range(1, platform.ReplicasOf(name))
            .Select(i =>
            {
                var port = FreePort();
                var instance = builder.AddPlatformProject<TProject>(i == 1 ? name : $"{name}-{i}", platform, port, proxied: false)
                    .WithEnvironment("OTEL_SERVICE_NAME", name);
                return configure(servesGrpc ? instance.WithGrpcEndpoint(port) : instance);
            })
            .ToList());

    /// <summary>
    /// A second port for gRPC: HTTP/2 without TLS needs a port of its own (Kestrel cannot tell it from HTTP/1.1 on one
    /// port without TLS), so both of the instance's endpoints are given to Kestrel by name.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithGrpcEndpoint(this IResourceBuilder<ProjectResource> instance, int httpPort)
    {
        var grpcPort = FreePort();
        return instance.WithHttpEndpoint(port: grpcPort, targetPort: grpcPort, name: "grpc", isProxied: false)
            .WithEnvironment("Kestrel__Endpoints__http__Url", "http://localhost:" + httpPort)
            .WithEnvironment("Kestrel__Endpoints__grpc__Url", "http://localhost:" + grpcPort)
            .WithEnvironment("Kestrel__Endpoints__grpc__Protocols", "Http2");
    }

    /// <summary>
    /// The caller asks <paramref name="service"/> over gRPC: every instance's gRPC endpoint, for service discovery. It does
    /// not wait for them (a question to an instance that is down is retried on another, or answered 503).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGrpcClientOf(this IResourceBuilder<ProjectResource> caller, PlatformService service)
    {
        foreach (var (instance, i) in service.Instances.Select((x, i) => (x, i)))
            caller.WithEnvironment($"services__{service.Name}__grpc__{i}", instance.GetEndpoint("grpc"));
        return caller;
    }

    /// <summary>
    /// The gateway: the platform's one public port. Its replicas share that port through DCP's proxy, which spreads
    /// the connections over them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway<TProject>(this IDistributedApplicationBuilder builder, string name,
        PlatformSettings platform) where TProject : IProjectMetadata, new()
    {
        var replicas = platform.ReplicasOf(name);
        var gateway = builder.AddPlatformProject<TProject>(name, platform, platform.GatewayPort, proxied: replicas > 1, displayText: "Gateway");
        if (replicas > 1) gateway.WithReplicas(replicas);
        return gateway;
    }

    /// <summary>
    /// What every project of the platform has: its HTTP endpoint, readiness on /health, the internal token, the demo-data
    /// switch, the service settings, a link to its API description, and a restart when it crashes.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(this IDistributedApplicationBuilder builder, string name,
        PlatformSettings platform, int port, bool proxied, string displayText = "API") where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, targetPort: proxied ? null : port, isProxied: proxied)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("Gateway__InternalToken", platform.InternalToken)
            .WithEnvironment("Seed__Demo", platform.Seed ? "true" : "false")
            .WithUrlForEndpoint("http", u => u.DisplayText = displayText)
            .WithUrlForEndpoint("http", endpoint => new ResourceUrlAnnotation { Url = $"{endpoint.Url}/openapi/v1.json", DisplayText = "OpenAPI" })
            .RestartWhenCrashed();
        foreach (var (key, value) in platform.ServiceSettings) project.WithEnvironment(key, value);
        return project;
    }

    /// <summary>
    /// The gateway's cluster for the service is <c>http://{name}</c> (gateway/appsettings.json); service discovery
    /// resolves it to every instance (<c>services__{name}__http__{i}</c>). The gateway does not wait for them: its own
    /// health checks take an instance into rotation once it answers, and a gateway that crashed starts again at once,
    /// whether or not every instance is up at that moment (waiting for all of them kept it down while any one was).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRoute(this IResourceBuilder<ProjectResource> gateway, PlatformService service)
    {
        foreach (var (instance, i) in service.Instances.Select((x, i) => (x, i)))
            gateway.WithEnvironment($"services__{service.Name}__http__{i}", instance.GetEndpoint("http"));
        return gateway;
    }

    /// <summary>
    /// A crashed service (a non-zero exit while the platform runs) is started again after a pause, doubling
    /// from 1 s to 30 s while it keeps crashing within a minute of its last start; while its start fails (a server
    /// it waits for is down) it is tried again every 5 s at most. A service stopped from the dashboard stays stopped.
    /// </summary>
    private static IResourceBuilder<ProjectResource> RestartWhenCrashed(this IResourceBuilder<ProjectResource> service)
    {
        var restarts = new Dictionary<string, (TimeSpan Pause, DateTime At)>();
        return service.OnResourceStopped((_, e, _) =>
        {
            var lifetime = e.Services.GetRequiredService<IHostApplicationLifetime>();
            if (lifetime.ApplicationStopping.IsCancellationRequested || e.ResourceEvent.Snapshot.ExitCode is null or 0) return Task.CompletedTask;
            var id = e.ResourceEvent.ResourceId;
            TimeSpan wait;
            lock (restarts)
            {
                wait = restarts.TryGetValue(id, out var last) && DateTime.UtcNow - last.At < TimeSpan.FromMinutes(1)
                    ? TimeSpan.FromSeconds(Math.Min(30, last.Pause.TotalSeconds * 2)) : TimeSpan.FromSeconds(1);
                restarts[id] = (wait, DateTime.UtcNow + wait);
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    // A start fails when a server the service waits for (WaitFor) is down at that moment, e.g. PostgreSQL
                    // restarting: it is tried again every few seconds (the pause doubling to 5 s) until it succeeds, so
                    // the service is back within seconds of the server.
                    for (var pause = wait; ; pause = TimeSpan.FromSeconds(Math.Min(5, pause.TotalSeconds * 2)))
                    {
                        await Task.Delay(pause, lifetime.ApplicationStopping);
                        if (await StartedAsync(e.Services, id, lifetime.ApplicationStopping)) break;
                    }
                }
                catch (OperationCanceledException) { /* the platform is stopping */ }
            }, CancellationToken.None);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Starts a resource instance and follows it until it runs (true) or fails to start (false): the start command
    /// succeeds as soon as the start is under way, and a dependency that is down fails the start only afterwards.
    /// </summary>
    private static async Task<bool> StartedAsync(IServiceProvider services, string id, CancellationToken stopping)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        watching.CancelAfter(TimeSpan.FromMinutes(2));
        var issuedAt = DateTime.UtcNow;
        var outcome = Task.Run(async () =>
        {
            var moved = false;
            await foreach (var change in notifications.WatchAsync(watching.Token))
            {
                if (change.ResourceId != id) continue;
                var state = change.Snapshot.State?.Text;
                if (state == KnownResourceStates.Starting || state == KnownResourceStates.Waiting) moved = true;
                else if (state == KnownResourceStates.Running && (moved || change.Snapshot.StartTimeStamp >= issuedAt)) return true;
                else if (moved && (state == KnownResourceStates.FailedToStart || state == KnownResourceStates.Exited || state == KnownResourceStates.Finished)) return false;
            }
            return false;
        }, CancellationToken.None);
        var command = await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, stopping);
        try
        {
            return command.Success && await outcome;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            await watching.CancelAsync();
        }
    }

    /// <summary>A dashboard command on the gateway that loads the demo data set into the services that have one.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoDataCommand(this IResourceBuilder<ProjectResource> gateway,
        PlatformSettings platform, params PlatformService[] services)
        => gateway.WithCommand("load-demo-data", "Load demo data", async context =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var lines = new StringBuilder();
            foreach (var service in services)
            {
                var url = service.Instances[0].GetEndpoint("http").Url;
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/dev/demo-data");
                request.Headers.Add(InternalTokenHeader, platform.InternalToken);
                using var response = await http.SendAsync(request, context.CancellationToken);
                lines.AppendLine($"{service.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(context.CancellationToken)}");
                if (!response.IsSuccessStatusCode) return CommandResults.Failure(lines.ToString());
            }
            return CommandResults.Success("Demo data loaded", lines.ToString(), CommandResultFormat.Text);
        }, new CommandOptions { IconName = "DatabaseArrowUp", Description = "Customers, products, stock, carriers and the production line of the demo data set (idempotent)." });

    /// <summary>Prints the gateway and dashboard addresses once every resource with a health check is healthy.</summary>
    public static IResourceBuilder<ProjectResource> AnnounceWhenUp(this IResourceBuilder<ProjectResource> gateway, PlatformSettings platform)
    {
        var announced = 0;
        return gateway.OnResourceReady((_, e, _) =>
        {
            if (Interlocked.Exchange(ref announced, 1) == 1) return Task.CompletedTask;
            // The gateway waits for no service, so it is ready first: the platform is up once every resource with a
            // health check is healthy (followed apart from the event, which must not hold up the orchestrator).
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var checkedResources = e.Services.GetRequiredService<DistributedApplicationModel>().Resources
                .Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).Select(r => r.Name).ToList();
            _ = Task.Run(async () =>
            {
                try
                {
                    foreach (var name in checkedResources) await notifications.WaitForResourceHealthyAsync(name, stopping);
                    Console.WriteLine($"OrderPlatform is up. Gateway: http://127.0.0.1:{platform.GatewayPort}" +
                        (platform.DashboardUrl is null ? "" : $"  Dashboard: {platform.DashboardUrl}"));
                }
                catch (OperationCanceledException) { /* stopped before it was up */ }
            }, CancellationToken.None);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Dashboard commands on the broker: list the "_error" queues that hold messages that failed every retry,
    /// and replay them to the queues they came from (a shovel that deletes itself once the error queue is empty;
    /// the consumers' inboxes make a replay harmless).
    /// </summary>
    public static IResourceBuilder<LocalRabbitMQ> WithErrorQueueCommands(this IResourceBuilder<LocalRabbitMQ> rabbitmq)
    {
        HttpClient Management() => ManagementClient(rabbitmq.Resource);
        async Task<List<(string Queue, long Messages)>> ErrorQueuesAsync(HttpClient http, CancellationToken ct)
            => (await http.GetFromJsonAsync<JsonArray>("queues/%2F?columns=name,messages", ct))!
                .Select(q => (Queue: q!["name"]!.GetValue<string>(), Messages: q["messages"]?.GetValue<long>() ?? 0))
                .Where(q => q.Queue.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0).ToList();

        return rabbitmq
            .WithCommand("list-error-queues", "List error queues", async context =>
            {
                using var http = Management();
                var queues = await ErrorQueuesAsync(http, context.CancellationToken);
                return CommandResults.Success(queues.Count == 0 ? "No failed messages" : $"{queues.Sum(q => q.Messages)} failed messages",
                    queues.Count == 0 ? "No failed messages." : string.Join('\n', queues.Select(q => $"{q.Messages,6}  {q.Queue}")),
                    CommandResultFormat.Text);
            }, new CommandOptions { IconName = "MailError", Description = "Error queues holding messages that failed every retry." })
            .WithCommand("replay-error-queues", "Replay error queues", async context =>
            {
                using var http = Management();
                var queues = await ErrorQueuesAsync(http, context.CancellationToken);
                foreach (var (queue, _) in queues)
                {
                    var target = queue[..^"_error".Length];
                    using var response = await MoveMessagesAsync(http, $"replay-{queue}", queue, target, context.CancellationToken);
                    if (!response.IsSuccessStatusCode) return CommandResults.Failure($"Replaying {queue}: {(int)response.StatusCode}");
                }
                return CommandResults.Success(queues.Count == 0 ? "Nothing to replay" : $"Replaying {queues.Sum(q => q.Messages)} messages",
                    string.Join('\n', queues.Select(q => $"{q.Queue} -> {q.Queue[..^"_error".Length]} ({q.Messages})")), CommandResultFormat.Text);
            }, new CommandOptions
            {
                IconName = "ArrowRepeatAll", Description = "Moves every failed message back to its queue to be consumed again.",
                ConfirmationMessage = "Move every message in the _error queues back to its queue?",
            });
    }

    /// <summary>A shovel that moves every message of one queue to another and deletes itself once the source is empty.</summary>
    private static Task<HttpResponseMessage> MoveMessagesAsync(HttpClient management, string shovel, string from, string to, CancellationToken ct)
        => management.PutAsJsonAsync($"parameters/shovel/%2F/{shovel}", new
        {
            value = new Dictionary<string, object>
            {
                ["src-protocol"] = "amqp091", ["src-uri"] = "amqp://", ["src-queue"] = from,
                ["dest-protocol"] = "amqp091", ["dest-uri"] = "amqp://", ["dest-queue"] = to,
                ["src-delete-after"] = "queue-length",
            },
        }, ct);

    private static HttpClient ManagementClient(LocalRabbitMQ rabbitmq)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rabbitmq.ManagementPort}/api/"), Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }

    /// <summary>
    /// The services declare their queues as quorum queues; a broker whose data predates that still has them as classic
    /// queues, which the broker refuses to redeclare (PRECONDITION_FAILED). Before any service starts, each such queue
    /// is deleted: an empty one at once; one holding messages after they are moved (a shovel) to its <c>_error</c> queue,
    /// from which "Replay error queues" hands them back once the service has declared the queue again. The error
    /// queues themselves stay classic.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMQ> WithClassicQueuesAdopted(this IResourceBuilder<LocalRabbitMQ> rabbitmq)
        => rabbitmq.OnResourceReady(async (broker, e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrderPlatform.AppHost.Queues");
            using var http = ManagementClient(broker);
            var queues = (await http.GetFromJsonAsync<JsonArray>("queues/%2F?columns=name,type,durable,auto_delete,exclusive,messages", ct))!;
            foreach (var q in queues)
            {
                var name = q!["name"]!.GetValue<string>();
                if (q["type"]?.GetValue<string>() != "classic" || q["durable"]?.GetValue<bool>() != true || q["auto_delete"]?.GetValue<bool>() == true
                    || name.StartsWith("amq.", StringComparison.Ordinal) || name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal))
                    continue;
                var messages = q["messages"]?.GetValue<long>() ?? 0;
                if (messages > 0)
                {
                    using (var moving = await MoveMessagesAsync(http, $"adopt-{name}", name, $"{name}_error", ct)) moving.EnsureSuccessStatusCode();
                    var deadline = DateTime.UtcNow.AddSeconds(60);
                    while ((await http.GetFromJsonAsync<JsonNode>($"queues/%2F/{Uri.EscapeDataString(name)}", ct))!["messages"]?.GetValue<long>() is not 0)
                    {
                        if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"The messages of the classic queue {name} could not be moved to {name}_error.");
                        await Task.Delay(250, ct);
                    }
                }
                // if-empty: a message that arrived meanwhile keeps the queue, and the service says so when it starts.
                (await http.DeleteAsync($"queues/%2F/{Uri.EscapeDataString(name)}?if-empty=true", ct)).EnsureSuccessStatusCode();
                if (messages > 0)
                    logger.LogWarning("Classic queue {Queue} replaced by a quorum queue; its {Messages} messages are in {ErrorQueue}: replay them with \"Replay error queues\" once the service is up", name, messages, $"{name}_error");
                else
                    logger.LogInformation("Classic queue {Queue} deleted; its service declares it again as a quorum queue", name);
            }
        });

    private static readonly HashSet<int> Handed = [];

    /// <summary>Ports the platform's servers take themselves (gateway, PostgreSQL, RabbitMQ's four, Redis): never handed to a service.</summary>
    public static void Reserve(params int[] ports)
    {
        lock (Handed) Handed.UnionWith(ports);
    }

    /// <summary>
    /// A loopback port free now, not reserved and not handed out before by this AppHost, below the kernel's ephemeral
    /// range: a port from that range may become the local end of some process's outgoing connection (to RabbitMQ, to
    /// the dashboard) before the service it was chosen for binds it, and the service would fail to start.
    /// </summary>
    public static int FreePort()
    {
        var ephemeralLow = EphemeralLow.Value;
        lock (Handed)
            for (var attempt = 0; ; attempt++)
            {
                var port = Random.Shared.Next(20000, ephemeralLow);
                if (attempt > 10_000) throw new InvalidOperationException($"No free loopback port between 20000 and {ephemeralLow}");
                if (Handed.Contains(port) || !IsFree(port)) continue;
                Handed.Add(port);
                return port;
            }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static readonly Lazy<int> EphemeralLow = new(EphemeralRangeStart);

    private static int EphemeralRangeStart()
    {
        try
        {
            var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
            return low > 21000 ? low : 32768;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 32768;
        }
    }
}
