using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Messaging;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.Logistics.Messaging;

public sealed class DispatchSlaOptions
{
    /// <summary>In-stock orders leave within this many working days of confirmation.</summary>
    public int WorkingDays { get; set; } = 3;
    /// <summary>Public holidays (yyyy-MM-dd) that are not working days.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
    /// <summary>Extra time allowed on top of the working days (none by default).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.Zero;
    /// <summary>How often orders past their dispatch SLA are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Starts the dispatch clock when an in-stock order is confirmed, and stops it if the order is cancelled.</summary>
public sealed class DispatchSlaConsumer(LogisticsDb db, IOptions<DispatchSlaOptions> options) : IConsumer<OrderConfirmed>, IConsumer<OrderCancelled>
{
    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var m = context.Message;
        if (!m.FromStock || !await db.FirstDeliveryAsync(context, $"{nameof(DispatchSlaConsumer)}:{nameof(OrderConfirmed)}")) return;
        if (await db.DispatchSlas.FindAsync([m.OrderId], context.CancellationToken) is null)
            db.DispatchSlas.Add(DispatchSla.Start(m.OrderId, m.OrderNumber, m.ConfirmedAt, options.Value.WorkingDays, options.Value.Holidays.ToHashSet(),
                options.Value.Grace));
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<OrderCancelled> context)
    {
        if (!await db.FirstDeliveryAsync(context, $"{nameof(DispatchSlaConsumer)}:{nameof(OrderCancelled)}")) return;
        (await db.DispatchSlas.FindAsync([context.Message.OrderId], context.CancellationToken))?.Cancel();
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Flags every in-stock order still in the warehouse after its dispatch SLA, and tells Intake.</summary>
public sealed class DispatchSlaSweep(IServiceScopeFactory scopes, IOptions<DispatchSlaOptions> options, JobLeases leases,
    ILogger<DispatchSlaSweep> logger) : DatabaseSweep<LogisticsDb>(scopes, options.Value.SweepInterval, leases, logger)
{
    protected override async Task SweepAsync(LogisticsDb db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.DispatchSlas.Where(s => s.DispatchedAt == null && !s.Cancelled && s.FlaggedAt == null && s.DueAt <= now)
            .OrderBy(s => s.DueAt).Take(Batch).ToListAsync(ct);
        foreach (var sla in due.Where(s => s.FlagIfOverdue(now)))
        {
            db.Publish(new DispatchOverdue(sla.OrderId, sla.OrderNumber, sla.ConfirmedAt, sla.DueAt));
            logger.LogWarning("{OrderNumber} not dispatched by {Due} (confirmed {Confirmed})", sla.OrderNumber, sla.DueAt, sla.ConfirmedAt);
        }
    }
}
