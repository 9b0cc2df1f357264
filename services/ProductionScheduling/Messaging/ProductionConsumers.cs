using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.ProductionScheduling.Messaging;

/// <summary>
/// Production's side of the order: plan work orders after the technical check, release them when the
/// order's gates are passed, and stop the unstarted ones when the order is cancelled. Each runs with
/// the production lines locked, so the schedule changes one step at a time.
/// </summary>
public sealed class ProductionConsumers(ProductionDb db, ILogger<ProductionConsumers> logger) :
    IConsumer<RequestProduction>, IConsumer<ReleaseProduction>, IConsumer<OrderCancelled>, IConsumer<CancelProduction>
{
    public async Task Consume(ConsumeContext<RequestProduction> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(RequestProduction))) return;
        if (await db.WorkOrders.AnyAsync(w => w.OrderId == m.OrderId, ct)) return;
        var lines = await db.LockLinesAsync(ct);
        var skus = m.Items.Select(i => i.Sku).Distinct().ToList();
        var materials = await db.Materials.Where(r => skus.Contains(r.Sku)).ToDictionaryAsync(r => r.Sku, ct);

        var check = TechnicalCheck.Run(m.Items, lines, materials);
        if (!check.Passed)
        {
            db.Publish(new TechnicalCheckFailed(m.OrderId, m.OrderNumber, string.Join("; ", check.Problems)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("{OrderNumber}: technical check failed: {Problems}", m.OrderNumber, check.Problems);
            return;
        }

        var created = new List<WorkOrder>();
        foreach (var (item, line) in check.Assigned)
        {
            materials[item.Sku].Allocate(item.Quantity);
            var workOrder = new WorkOrder
            {
                Number = await db.NextWorkOrderNumberAsync(now, ct), OrderId = m.OrderId, OrderNumber = m.OrderNumber, Grade = m.Grade,
                OrderType = m.OrderType, DueDate = m.DueDate, OrderSubmittedAt = m.SubmittedAt, Sku = item.Sku,
                Specification = item.Specification, Quantity = item.Quantity, Line = line.Code, Warehouse = line.Warehouse, CreatedAt = now,
            };
            workOrder.History.Add(new(now, "Planned", "production-scheduling", $"{item.Quantity} x {item.Sku} on {line.Code}; technical check passed"));
            db.WorkOrders.Add(workOrder);
            created.Add(workOrder);
        }
        await db.RescheduleAsync(lines, $"{m.OrderNumber} ({m.OrderType}, grade {m.Grade}) was scheduled ahead", now, ct, quiet: m.OrderId);
        db.Publish(new ProductionPlanned(m.OrderId, m.OrderNumber,
            created.Select(w => new PlannedWorkOrder(w.Number, w.Sku, w.Quantity, w.Line, w.EstimatedCompletion)).ToList(),
            created.Max(w => w.EstimatedCompletion)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("{OrderNumber}: {Count} work order(s) planned", m.OrderNumber, created.Count);
    }

    public async Task Consume(ConsumeContext<ReleaseProduction> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(ReleaseProduction))) return;
        var now = DateTimeOffset.UtcNow;
        foreach (var workOrder in await db.WorkOrders.Where(w => w.OrderId == m.OrderId).ToListAsync(context.CancellationToken))
            workOrder.Release(m.Reason, now);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public Task Consume(ConsumeContext<OrderCancelled> context) => StopAsync(context, context.Message.OrderId, context.Message.OrderNumber, context.Message.Reason);

    public Task Consume(ConsumeContext<CancelProduction> context) => StopAsync(context, context.Message.OrderId, context.Message.OrderNumber, context.Message.Reason);

    /// <summary>The order is cancelled: unstarted work orders are cancelled and their material freed; started ones finish into stock.</summary>
    private async Task StopAsync<T>(ConsumeContext<T> context, Guid orderId, string orderNumber, string reason) where T : class
    {
        var ct = context.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, $"{nameof(ProductionConsumers)}:{typeof(T).Name}")) return;
        var workOrders = await db.WorkOrders.Where(w => w.OrderId == orderId).ToListAsync(ct);
        var open = workOrders.Where(w => w.IsOpen).ToList();
        if (open.Count == 0) return;
        var lines = await db.LockLinesAsync(ct);
        var cancelled = new List<string>();
        foreach (var workOrder in open.Where(w => w.CancelIfUnstarted($"Order cancelled: {reason}", now)))
        {
            cancelled.Add(workOrder.Number);
            (await db.Materials.FindAsync([workOrder.Sku], ct))?.Receive(workOrder.Quantity);
        }
        await db.RescheduleAsync(lines, $"{orderNumber} was cancelled and its work left the schedule", now, ct, quiet: orderId);
        db.Publish(new ProductionStopped(orderId, orderNumber, cancelled, open.Where(w => w.IsOpen).Select(w => w.Number).ToList()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
