using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.ServiceDefaults;

/// <summary>
/// Work a service does on a timer (sweeps for overdue cases, receipts to confirm, notices to send).
/// Of several instances, the one holding the job's lease runs it (<see cref="JobLeases"/>).
/// A failed pass is logged and the next pass tries again; a concurrency conflict just waits for it.
/// </summary>
public abstract class PeriodicJob(TimeSpan interval, JobLeases leases, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        var job = GetType().Name;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await leases.TryHoldAsync(job, interval)) await RunOnceAsync(stoppingToken);
                }
                catch (DbUpdateConcurrencyException) { /* a row this pass read was changed meanwhile: the next pass sees it */ }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "{Job} failed; trying again next pass", GetType().Name); }
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
        await leases.ReleaseAsync(job);
    }
}

/// <summary>
/// A periodic pass over the service's own database: each pass gets a fresh context and the time, and
/// what it changes (and publishes through the outbox) is saved in one transaction at the end.
/// </summary>
public abstract class DatabaseSweep<TDb>(IServiceScopeFactory scopes, TimeSpan interval, JobLeases leases, ILogger logger)
    : PeriodicJob(interval, leases, logger)
    where TDb : DbContext
{
    /// <summary>How many rows one pass takes at most; the next pass takes the rest.</summary>
    protected const int Batch = 100;

    protected abstract Task SweepAsync(TDb db, DateTimeOffset now, CancellationToken ct);

    protected virtual DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected sealed override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await SweepAsync(db, Now, ct);
        await db.SaveChangesAsync(ct);
    }
}
