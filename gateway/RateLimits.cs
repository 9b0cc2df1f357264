using System.Security.Claims;
using System.Threading.RateLimiting;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.ServiceDefaults.Coordination;
using RedisRateLimiting;

namespace OrderPlatform.Gateway;

public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 200;
    public int Burst { get; set; } = 400;
}

/// <summary>
/// Each client's token bucket (<see cref="RateLimitOptions"/>), one for all gateway instances: kept in Redis
/// (RedisRateLimiting's token bucket) so that two gateways give a client one limit, not two. While Redis is
/// unreachable each gateway keeps a bucket of its own for the client, so the limit holds per instance.
/// </summary>
public static class RateLimits
{
    public static PartitionedRateLimiter<HttpContext> PerClient(RateLimitOptions limits, SharedRedis redis)
    {
        // Refilled ten times a second, or once a second for limits under ten a second.
        var (period, tokens) = limits.PermitsPerSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), limits.PermitsPerSecond / 10) : (TimeSpan.FromSeconds(1), Math.Max(1, limits.PermitsPerSecond));
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var client = context.User.FindFirstValue(Principals.ClientClaim) ?? $"ip:{context.Connection.RemoteIpAddress}";
            return RateLimitPartition.Get(client, key => new SharedOrLocal(
                redis.Connection is { } connection ? new RedisTokenBucketRateLimiter<string>($"gateway:{key}", new RedisTokenBucketRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => connection, TokenLimit = limits.Burst,
                    ReplenishmentPeriod = period, TokensPerPeriod = tokens,
                }) : null,
                new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst, QueueLimit = 0, AutoReplenishment = true,
                    ReplenishmentPeriod = period, TokensPerPeriod = tokens,
                }),
                redis));
        });
    }

    /// <summary>
    /// The shared bucket while Redis answers; this instance's own bucket while it does not. The shared bucket is asked
    /// only asynchronously: RedisRateLimiting answers <c>AttemptAcquire</c> with a blocking Redis call, which held a
    /// thread-pool thread for every request through the gateway. Refused here, the request goes on to
    /// <see cref="AcquireAsyncCore"/>, which the rate-limiting middleware calls next.
    /// </summary>
    private sealed class SharedOrLocal(RateLimiter? shared, RateLimiter local, SharedRedis redis) : RateLimiter
    {
        private const string Use = "rate-limit";
        private static readonly RateLimitLease AskAsynchronously = new NotAcquired();

        public override TimeSpan? IdleDuration => local.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            if (shared is not null && redis.Available) return AskAsynchronously;
            redis.FellBack(Use);
            return local.AttemptAcquire(permitCount);
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (shared is not null && redis.Available)
            {
                try { return await shared.AcquireAsync(permitCount, cancellationToken); }
                catch (Exception e) when (SharedRedis.IsUnavailable(e)) { redis.FellBack(Use, e); }
            }
            else redis.FellBack(Use);
            return await local.AcquireAsync(permitCount, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) { shared?.Dispose(); local.Dispose(); }
            base.Dispose(disposing);
        }

        private sealed class NotAcquired : RateLimitLease
        {
            public override bool IsAcquired => false;
            public override IEnumerable<string> MetadataNames => [];
            public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }
        }
    }
}
