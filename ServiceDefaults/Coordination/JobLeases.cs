using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace OrderPlatform.ServiceDefaults.Coordination;

/// <summary>
/// Leases for periodic jobs that one instance of a service should run at a time (SLA sweeps, receipt
/// confirmation, notices). The holder renews its lease on each pass and keeps the job; the lease lapses after three
/// missed passes, and then another instance takes it. Redis's own lock commands (SET NX PX and a compare-and-extend)
/// hold it. Without Redis every instance runs its passes, as each pass's changes are guarded by optimistic
/// concurrency anyway; that is counted and logged as a fallback.
/// </summary>
public sealed class JobLeases(SharedRedis redis, IHostEnvironment environment)
{
    /// <summary>Who holds a lease: this process, unique across the instances and restarts.</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>True when this instance should run the job's pass now: it holds (or just took) the lease, or Redis is down.</summary>
    public async Task<bool> TryHoldAsync(string job, TimeSpan interval)
    {
        if (!redis.Available)
        {
            redis.FellBack("lease");
            return true;
        }
        var key = Key(job);
        var term = TimeSpan.FromTicks(Math.Max(interval.Ticks * 3, TimeSpan.FromSeconds(3).Ticks));
        try
        {
            var db = redis.Connection!.GetDatabase();
            return await db.LockExtendAsync(key, Holder, term) || await db.LockTakeAsync(key, Holder, term);
        }
        catch (Exception e) when (SharedRedis.IsUnavailable(e))
        {
            redis.FellBack("lease", e);
            return true;
        }
    }

    /// <summary>Gives the lease up (on shutdown), so another instance need not wait for it to lapse.</summary>
    public async Task ReleaseAsync(string job)
    {
        if (!redis.Available) return;
        try { await redis.Connection!.GetDatabase().LockReleaseAsync(Key(job), Holder); }
        catch (Exception e) when (SharedRedis.IsUnavailable(e)) { /* it lapses on its own */ }
    }

    private string Key(string job) => $"lease:{environment.ApplicationName}:{job}";
}
