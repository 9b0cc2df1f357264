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
/// (RedisRateLimiting's token bucket) so that two gateways give a client one limit, not two. A gateway takes the
/// shared bucket's tokens a batch at a time (a tenth of a second's refill, at most <see cref="MaxBatch"/>) and hands
/// them out itself, so Redis runs its script once per batch, not once per request; a client may get at most one
/// batch more than its limit from each gateway. While Redis is unreachable each gateway keeps a bucket of its own for
/// the client, so the limit holds per instance.
/// </summary>
public static class RateLimits
{
    public const int MaxBatch = 20;

    public static PartitionedRateLimiter<HttpContext> PerClient(RateLimitOptions limits, SharedRedis redis)
    {
        // Refilled ten times a second, or once a second for limits under ten a second.
        var (period, tokens) = limits.PermitsPerSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), limits.PermitsPerSecond / 10) : (TimeSpan.FromSeconds(1), Math.Max(1, limits.PermitsPerSecond));
        var batch = Math.Clamp(Math.Min(tokens, limits.Burst / 4), 1, MaxBatch);
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
                redis, batch));
        });
    }

    /// <summary>
    /// The shared bucket while Redis answers; this instance's own bucket while it does not. Tokens taken from the shared
    /// bucket a batch at a time are handed out here, the synchronous first try included. The shared bucket itself is
    /// asked only asynchronously: RedisRateLimiting answers <c>AttemptAcquire</c> with a blocking Redis call, which held
    /// a thread-pool thread for every request through the gateway. Refused here, the request goes on to
    /// <see cref="AcquireAsyncCore"/>, which the rate-limiting middleware calls next.
    /// </summary>
    private sealed class SharedOrLocal(RateLimiter? shared, RateLimiter local, SharedRedis redis, int batch) : RateLimiter
    {
        private const string Use = "rate-limit";
        private static readonly RateLimitLease AskAsynchronously = new Lease(acquired: false);
        private static readonly RateLimitLease Granted = new Lease(acquired: true);
        private readonly SemaphoreSlim _refill = new(1, 1);
        private int _taken;

        public override TimeSpan? IdleDuration => local.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            if (shared is not null && redis.Available) return Take(permitCount) ? Granted : AskAsynchronously;
            redis.FellBack(Use);
            return local.AttemptAcquire(permitCount);
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (shared is not null && redis.Available)
            {
                try { return await TakeSharedAsync(permitCount, cancellationToken); }
                catch (Exception e) when (SharedRedis.IsUnavailable(e)) { redis.FellBack(Use, e); }
            }
            else redis.FellBack(Use);
            return await local.AcquireAsync(permitCount, cancellationToken);
        }

        /// <summary>One refill from Redis at a time: a batch when the bucket has one, else just what this request needs.</summary>
        private async ValueTask<RateLimitLease> TakeSharedAsync(int permitCount, CancellationToken cancellationToken)
        {
            if (Take(permitCount)) return Granted;
            await _refill.WaitAsync(cancellationToken);
            try
            {
                if (Take(permitCount)) return Granted;
                var wanted = Math.Max(batch, permitCount);
                var lease = await shared!.AcquireAsync(wanted, cancellationToken);
                if (lease.IsAcquired)
                {
                    lease.Dispose();
                    Interlocked.Add(ref _taken, wanted - permitCount);
                    return Granted;
                }
                if (wanted == permitCount) return lease; // refused, with its Retry-After
                lease.Dispose();
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            finally { _refill.Release(); }
        }

        /// <summary>Hands out <paramref name="count"/> of the tokens this gateway took from the shared bucket, if it has them.</summary>
        private bool Take(int count)
        {
            var left = Volatile.Read(ref _taken);
            while (left >= count)
            {
                var seen = Interlocked.CompareExchange(ref _taken, left - count, left);
                if (seen == left) return true;
                left = seen;
            }
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) { shared?.Dispose(); local.Dispose(); _refill.Dispose(); }
            base.Dispose(disposing);
        }

        private sealed class Lease(bool acquired) : RateLimitLease
        {
            public override bool IsAcquired => acquired;
            public override IEnumerable<string> MetadataNames => [];
            public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }
        }
    }
}
