using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderPlatform.ServiceDefaults;

/// <summary>
/// Work a service does on a timer (sweeps for overdue cases, receipts to confirm, notices to send).
/// A failed pass is logged and the next pass tries again; a concurrency conflict just waits for it.
/// </summary>
public abstract class PeriodicJob(TimeSpan interval, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await RunOnceAsync(stoppingToken); }
                catch (DbUpdateConcurrencyException) { /* a row this pass read was changed meanwhile: the next pass sees it */ }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "{Job} failed; trying again next pass", GetType().Name); }
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
    }
}
