using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrderPlatform.ServiceDefaults.Coordination;

/// <summary>
/// Redis, where the instances of a service must agree: the gateway's rate limits, order-change notices, the
/// catalogue's output cache, leases for jobs that run once. Redis is never needed to take or move an order: while
/// it is unreachable (or not configured) each use falls back to what one instance can do alone, logs a warning
/// once per outage and counts every fallback (<c>orderplatform.redis.fallbacks</c>, by use), and the service's
/// health says Degraded (still answering 200, so the gateway keeps sending it traffic).
/// </summary>
public sealed class SharedRedis
{
    private static readonly Counter<long> Fallbacks = Telemetry.Meter.CreateCounter<long>("orderplatform.redis.fallbacks",
        description: "Times a use of Redis fell back to what this instance can do alone (use: rate-limit, order-changes, output-cache, lease)");

    private readonly ILogger<SharedRedis> _logger;
    private readonly ConcurrentDictionary<string, bool> _warned = new();

    public SharedRedis(ILogger<SharedRedis> logger, IConnectionMultiplexer? connection = null)
    {
        _logger = logger;
        Connection = connection;
        if (connection is null) return;
        connection.ConnectionFailed += (_, e) =>
            _logger.LogWarning("Redis is unreachable ({FailureType}): rate limits per instance, order waits poll, output cache off, jobs run without a lease", e.FailureType);
        connection.ConnectionRestored += (_, _) =>
        {
            _warned.Clear();
            _logger.LogInformation("Redis is reachable again: shared limits, notices, cache and leases are back");
        };
    }

    /// <summary>The connection, or null when no Redis is configured for this service.</summary>
    public IConnectionMultiplexer? Connection { get; }

    /// <summary>Whether Redis can be used now; when false, every use takes its fallback.</summary>
    public bool Available => Connection?.IsConnected == true;

    /// <summary>Counts a fallback of <paramref name="use"/>, and logs the first of each outage.</summary>
    public void FellBack(string use, Exception? error = null)
    {
        Fallbacks.Add(1, new KeyValuePair<string, object?>("use", use));
        if (_warned.TryAdd(use, true))
            _logger.LogWarning(error, "Redis unavailable for {Use}: falling back to this instance alone until it is back", use);
    }

    /// <summary>Whether an exception means Redis could not be used (as opposed to a bug).</summary>
    public static bool IsUnavailable(Exception e) => e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
        || (e is RedisServerException s && s.Message.StartsWith("LOADING", StringComparison.Ordinal));
}

public static class SharedRedisExtensions
{
    /// <summary>
    /// The Redis connection the AppHost gives the service (ConnectionStrings:redis), through Aspire's client
    /// integration (tracing, logging); without one, <see cref="SharedRedis"/> is there and always falls back.
    /// </summary>
    public static WebApplicationBuilder AddSharedRedis(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
        {
            // Aspire's own check would report Unhealthy and take the instance out of the gateway's rotation; ours says Degraded.
            builder.AddRedisClient("redis", s => s.DisableHealthChecks = true, o =>
            {
                o.ConnectTimeout = 2000;
                o.SyncTimeout = o.AsyncTimeout = 1000;
            });
            builder.Services.AddSingleton(sp => new SharedRedis(sp.GetRequiredService<ILogger<SharedRedis>>(), sp.GetRequiredService<IConnectionMultiplexer>()));
        }
        else builder.Services.AddSingleton(sp => new SharedRedis(sp.GetRequiredService<ILogger<SharedRedis>>()));
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}

internal sealed class RedisHealthCheck(SharedRedis redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(redis.Connection is null ? HealthCheckResult.Healthy("no Redis configured: this instance works alone")
            : redis.Available ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Redis unreachable: limits, waits, cache and leases fall back to this instance"));
}
