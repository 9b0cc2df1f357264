using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Intake.Data;

/// <summary>
/// The order business metrics on the dashboard, read off each unit of work as it is saved: orders submitted
/// by channel, time spent in each stage, holds opened and decided; and orders by status, counted in the
/// database every 15 seconds.
/// </summary>
public static class OrderMetrics
{
    private static readonly Counter<long> Submitted = Telemetry.Meter.CreateCounter<long>("orderplatform.orders.submitted",
        description: "Orders taken, by channel");
    private static readonly Histogram<double> StageDuration = Telemetry.Meter.CreateHistogram<double>("orderplatform.orders.stage.duration",
        unit: "s", description: "Time an order spent in a status before it moved on, by that status");
    private static readonly Counter<long> HoldsOpened = Telemetry.Meter.CreateCounter<long>("orderplatform.holds.opened",
        description: "Holds placed on orders, by kind");
    private static readonly Counter<long> HoldsDecided = Telemetry.Meter.CreateCounter<long>("orderplatform.holds.decided",
        description: "Holds released or ended by a rejection or cancellation, by kind and decision");

    internal static IReadOnlyDictionary<string, long> ByStatus { get; set; } = new Dictionary<string, long>();

    static OrderMetrics() => Telemetry.Meter.CreateObservableGauge("orderplatform.orders.by_status",
        () => ByStatus.Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("status", s.Key))),
        description: "Orders in each status");

    /// <summary>Records what one order's unit of work did: its new timeline entries and a change of status.</summary>
    public static void Record(EntityEntry<Order> tracked, IEnumerable<TimelineEntry> added)
    {
        var order = tracked.Entity;
        if (tracked.State == EntityState.Added) Submitted.Add(1, new KeyValuePair<string, object?>("channel", order.Channel));
        foreach (var entry in added)
        {
            if (entry.Event.StartsWith("OnHold:", StringComparison.Ordinal))
                HoldsOpened.Add(1, new KeyValuePair<string, object?>("kind", entry.Event["OnHold:".Length..]));
            else if (entry.Event.StartsWith("HoldReleased:", StringComparison.Ordinal))
                HoldsDecided.Add(1, new("kind", entry.Event["HoldReleased:".Length..]), new("decision", "Released"));
        }
        if (tracked.State != EntityState.Modified) return;
        var status = tracked.Property(o => o.Status);
        if (!status.IsModified || Equals(status.OriginalValue, status.CurrentValue)) return;
        var from = (OrderStatus)status.OriginalValue!;
        var since = tracked.Property(o => o.StatusSince).OriginalValue ?? order.SubmittedAt;
        StageDuration.Record(((order.StatusSince ?? order.UpdatedAt) - since).TotalSeconds, new KeyValuePair<string, object?>("stage", from.ToString()));
        if (from == OrderStatus.OnHold && order.Status is OrderStatus.Rejected or OrderStatus.Cancelled)
            foreach (var hold in tracked.Property(o => o.Holds).OriginalValue ?? [])
                HoldsDecided.Add(1, new("kind", hold.Kind), new("decision", order.Status.ToString()));
    }
}

/// <summary>Counts orders by status in the database for <c>orderplatform.orders.by_status</c>.</summary>
public sealed class OrderStatusCounter(IServiceScopeFactory scopes, ILogger<OrderStatusCounter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
                OrderMetrics.ByStatus = await db.Orders.GroupBy(o => o.Status)
                    .Select(g => new { Status = g.Key, Count = g.LongCount() })
                    .ToDictionaryAsync(g => g.Status.ToString(), g => g.Count, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Counting orders by status failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
