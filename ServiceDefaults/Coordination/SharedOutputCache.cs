using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace OrderPlatform.ServiceDefaults.Coordination;

public static class SharedOutputCacheExtensions
{
    /// <summary>
    /// ASP.NET Core output caching, its entries kept in Redis (one cache for every instance, so an eviction by tag
    /// reaches them all). While Redis is unreachable, answers come from the database and evictions are kept until
    /// Redis is back, so no stale entry outlives a change made during the outage.
    /// </summary>
    public static WebApplicationBuilder AddSharedOutputCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache();
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis"))) return builder;
        builder.Services.AddStackExchangeRedisOutputCache(_ => { });
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IConnectionMultiplexer>((o, connection) =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult(connection);
            o.InstanceName = builder.Environment.ApplicationName + ":";
        });
        var redisStore = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.Remove(redisStore);
        builder.Services.AddSingleton<IOutputCacheStore>(sp => new FallbackOutputCacheStore(
            (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, redisStore.ImplementationType!), sp.GetRequiredService<SharedRedis>()));
        return builder;
    }
}

/// <summary>Redis's output cache store, or no cache at all while Redis is unreachable.</summary>
public sealed class FallbackOutputCacheStore(IOutputCacheStore redisStore, SharedRedis redis) : IOutputCacheStore
{
    private const string Use = "output-cache";
    private readonly ConcurrentDictionary<string, bool> _unevicted = new();

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            if (!redis.Available || !await EvictPendingAsync(cancellationToken)) return Miss();
            return await redisStore.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (SharedRedis.IsUnavailable(e)) { return Miss(e); }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            if (redis.Available && await EvictPendingAsync(cancellationToken)) await redisStore.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (SharedRedis.IsUnavailable(e)) { redis.FellBack(Use, e); }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        _unevicted[tag] = true;
        try { await EvictPendingAsync(cancellationToken); }
        catch (Exception e) when (SharedRedis.IsUnavailable(e)) { redis.FellBack(Use, e); }
    }

    /// <summary>Evicts the tags whose eviction is still owed; false while some remain (then nothing may be read or stored).</summary>
    private async ValueTask<bool> EvictPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var tag in _unevicted.Keys)
        {
            if (!redis.Available) return false;
            await redisStore.EvictByTagAsync(tag, cancellationToken);
            _unevicted.TryRemove(tag, out _);
        }
        return true;
    }

    private byte[]? Miss(Exception? e = null)
    {
        redis.FellBack(Use, e);
        return null;
    }
}
