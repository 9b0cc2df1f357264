extern alias intake;
using System.Net;
using System.Diagnostics;
using intake::OrderPlatform.Intake.Api;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using OrderPlatform.ServiceDefaults.Coordination;
using StackExchange.Redis;

namespace OrderPlatform.IntegrationTests;

/// <summary>
/// A Redis server of Debian's package on a port of its own for <see cref="SharedRedisTests"/>, which stop it (as a crash
/// would) and start it again.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const int Port = 56779;
    private Process? _process;

    public RedisServer() => Start();

    public void Start()
    {
        var folder = Path.Combine(Servers.RepositoryRoot, ".run", "it-redis");
        Directory.CreateDirectory(folder);
        _process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", folder,
            "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })!;
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new TimeoutException($"redis-server did not answer on {Port}");
            Thread.Sleep(50);
        }
    }

    public void Stop()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public void Dispose() => Stop();

    private static bool Answers()
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient("127.0.0.1", Port);
            var stream = tcp.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            return stream.Read(buffer) > 0 && System.Text.Encoding.ASCII.GetString(buffer).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (System.Net.Sockets.SocketException) { return false; }
    }
}

/// <summary>
/// What Redis makes the instances agree on, and what each use falls back to when the test stops Redis (started
/// again before the test ends).
/// </summary>
public sealed class SharedRedisTests(EchoBackend backend, RedisServer server) : IClassFixture<EchoBackend>, IClassFixture<RedisServer>, IDisposable
{
    private static readonly string Redis = $"127.0.0.1:{RedisServer.Port}";
    private readonly EchoBackend _backend = backend;
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }

    [Fact]
    public async Task Two_gateways_give_a_client_one_limit_through_Redis_and_each_their_own_while_Redis_is_down()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "6",
        };
        foreach (var client in new[] { "first", "second" })
        {
            settings[$"Gateway:ApiKeys:{client}-key:Client"] = client;
            settings[$"Gateway:ApiKeys:{client}-key:Roles:0"] = "channel:web-shop";
        }
        var gateways = new[] { Own(GatewayTests.NewGateway(_backend.Address, settings, Redis)), Own(GatewayTests.NewGateway(_backend.Address, settings, Redis)) };
        var clients = gateways.Select(g => Own(g.CreateClient())).ToArray();
        var shared = gateways.Select(g => g.Services.GetRequiredService<SharedRedis>()).ToArray();
        await Eventually.HoldsAsync(() => Task.FromResult(shared.All(s => s.Available)), "both gateways connected to Redis");

        // Twenty requests in turn to the two gateways: one bucket of six (a second's refill at most) between them.
        Assert.InRange(await AllowedAsync(clients, "first-key", 20), 6, 7);

        await StopRedisAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(shared.All(s => !s.Available)), "both gateways saw Redis go");
        // Each gateway now keeps its own bucket of six, and says it is degraded while still serving.
        Assert.InRange(await AllowedAsync(clients, "second-key", 20), 12, 14);
        var health = await clients[0].GetAsync("/health");
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        await StartRedisAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(shared.All(s => s.Available)), "both gateways reconnected", seconds: 30);
    }

    [Fact]
    public async Task The_gateway_asks_Redis_for_rate_limit_tokens_only_asynchronously_and_a_batch_at_a_time()
    {
        var shared = NewShared();
        await Eventually.HoldsAsync(() => Task.FromResult(shared.Available), "connected to Redis");
        // 100 a second: a tenth of a second's refill, 10 tokens, is the batch.
        using var limiter = OrderPlatform.Gateway.RateLimits.PerClient(new() { PermitsPerSecond = 100, Burst = 100 }, shared);
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var before = await ScriptCallsAsync();

        // The middleware's synchronous first try does not reach Redis (it would block a thread for the round trip) ...
        using (var attempt = limiter.AttemptAcquire(request)) Assert.False(attempt.IsAcquired);
        Assert.Equal(before, await ScriptCallsAsync());
        // ... its asynchronous second one takes ten tokens from the shared bucket in one call ...
        using (var lease = await limiter.AcquireAsync(request)) Assert.True(lease.IsAcquired);
        Assert.Equal(before + 1, await ScriptCallsAsync());
        // ... so the next nine requests are let through by the gateway alone, the synchronous try included, and the
        // tenth goes back to Redis.
        for (var i = 0; i < 9; i++)
            using (var next = limiter.AttemptAcquire(request)) Assert.True(next.IsAcquired, $"request {i + 2}");
        Assert.Equal(before + 1, await ScriptCallsAsync());
        using (var attempt = limiter.AttemptAcquire(request)) Assert.False(attempt.IsAcquired);
        using (var lease = await limiter.AcquireAsync(request)) Assert.True(lease.IsAcquired);
        Assert.Equal(before + 2, await ScriptCallsAsync());
    }

    /// <summary>Lua scripts Redis has run (the token bucket is one), from its command statistics.</summary>
    private static async Task<long> ScriptCallsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{Redis},allowAdmin=true");
        var stats = (await admin.GetServer(Redis).InfoAsync("commandstats")).SelectMany(g => g)
            .Where(kv => kv.Key is "cmdstat_evalsha" or "cmdstat_eval").ToList();
        return stats.Sum(kv => long.Parse(kv.Value.Split(',')[0].Split('=')[1]));
    }

    [Fact]
    public async Task An_order_change_reported_by_one_Intake_instance_wakes_the_waiters_of_another_and_without_Redis_they_poll()
    {
        var (one, two) = (NewShared(), NewShared());
        var first = new OrderChangeFeed(one, NullLogger<OrderChangeFeed>.Instance);
        var second = new OrderChangeFeed(two, NullLogger<OrderChangeFeed>.Instance);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(first.ReRead == OrdersApi.MaxWait && second.ReRead == OrdersApi.MaxWait),
            "both instances subscribed, so their waiters need not re-read");

        var waiter = second.NextChange("SO-1");
        var bystander = second.NextChange("SO-2");
        first.Changed("SO-1");
        await waiter.WaitAsync(TimeSpan.FromSeconds(5)); // nothing but Redis can complete it
        Assert.False(bystander.IsCompleted);

        await StopRedisAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(!one.Available && !two.Available), "both instances saw Redis go");
        Assert.Equal(OrderChangeFeed.PollingReRead, second.ReRead);
        var local = first.NextChange("SO-3");
        first.Changed("SO-3");
        Assert.True(local.IsCompleted);
        await StartRedisAsync();
        await first.StopAsync(CancellationToken.None);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task One_instance_holds_a_jobs_lease_until_it_lets_go_and_without_Redis_every_instance_runs_the_job()
    {
        var environment = new HostingEnvironment { ApplicationName = "it" };
        var shared = new[] { NewShared(), NewShared() };
        var one = new JobLeases(shared[0], environment);
        var two = new JobLeases(shared[1], environment);
        var interval = TimeSpan.FromSeconds(10);

        Assert.True(await one.TryHoldAsync("Sweep", interval));
        Assert.False(await two.TryHoldAsync("Sweep", interval));
        Assert.True(await one.TryHoldAsync("Sweep", interval)); // the holder renews and keeps it
        Assert.True(await two.TryHoldAsync("Other", interval)); // each job has its own lease
        await one.ReleaseAsync("Sweep");
        Assert.True(await two.TryHoldAsync("Sweep", interval));
        Assert.False(await one.TryHoldAsync("Sweep", interval));

        await StopRedisAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(shared.All(s => !s.Available)), "both instances saw Redis go");
        Assert.True(await one.TryHoldAsync("Sweep", interval));
        Assert.True(await two.TryHoldAsync("Sweep", interval));
        await StartRedisAsync();
    }

    [Fact]
    public async Task The_output_cache_is_shared_and_an_eviction_Redis_could_not_take_is_made_before_the_cache_is_read_again()
    {
        var (one, two) = (NewShared(), NewShared());
        IOutputCacheStore Store(SharedRedis shared)
        {
            var services = new ServiceCollection().AddLogging()
                .AddStackExchangeRedisOutputCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult(shared.Connection!)).BuildServiceProvider();
            _owned.Add(services);
            return new FallbackOutputCacheStore(services.GetRequiredService<IOutputCacheStore>(), shared);
        }
        var (first, second) = (Store(one), Store(two));
        byte[] catalogue = [1, 2, 3];

        await first.SetAsync("products", catalogue, ["catalogue"], TimeSpan.FromMinutes(1), default);
        Assert.Equal(catalogue, await second.GetAsync("products", default));

        // Redis stops answering for a while (paused, its data kept): the eviction cannot be made then.
        using var admin = await ConnectionMultiplexer.ConnectAsync($"{Redis},allowAdmin=true,asyncTimeout=10000");
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2500", "ALL");
        await first.EvictByTagAsync("catalogue", default);
        await admin.GetDatabase().PingAsync(); // answered once the pause is over
        Assert.Equal(catalogue, await second.GetAsync("products", default)); // not evicted yet
        // The instance that owes the eviction makes it before it reads; then the entry is gone for every instance.
        Assert.Null(await first.GetAsync("products", default));
        Assert.Null(await second.GetAsync("products", default));

        await StopRedisAsync();
        Assert.Null(await second.GetAsync("products", default)); // served from the database instead
        await second.SetAsync("products", catalogue, ["catalogue"], TimeSpan.FromMinutes(1), default);
        await StartRedisAsync();
    }

    private async Task<int> AllowedAsync(HttpClient[] clients, string apiKey, int requests)
    {
        var allowed = 0;
        for (var i = 0; i < requests; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders/SO-1");
            request.Headers.Add("X-Api-Key", apiKey);
            if ((await clients[i % clients.Length].SendAsync(request)).StatusCode != HttpStatusCode.TooManyRequests) allowed++;
        }
        return allowed;
    }

    private SharedRedis NewShared()
        => new(NullLogger<SharedRedis>.Instance, Own(ConnectionMultiplexer.Connect($"{Redis},abortConnect=false,connectTimeout=2000,asyncTimeout=1000,syncTimeout=1000")));

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private Task StopRedisAsync()
    {
        server.Stop();
        return Task.CompletedTask;
    }

    private Task StartRedisAsync()
    {
        server.Start();
        return Task.CompletedTask;
    }
}
