using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// A cancelled order gives its reservations back and stops waiting for receipts. Intake also sends ReleaseStock when a reservation
/// lands after the cancellation, so stock never stays held for a cancelled order.
/// </summary>
public sealed class ReleaseStockConsumer(InventoryDb db) : IConsumer<OrderCancelled>, IConsumer<ReleaseStock>
{
    public Task Consume(ConsumeContext<OrderCancelled> context) => ReleaseAsync(context, context.Message.OrderId, context.Message.OrderNumber);

    public Task Consume(ConsumeContext<ReleaseStock> context) => ReleaseAsync(context, context.Message.OrderId, context.Message.OrderNumber);

    private async Task ReleaseAsync<T>(ConsumeContext<T> context, Guid orderId, string orderNumber) where T : class
    {
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, $"{nameof(ReleaseStockConsumer)}:{typeof(T).Name}")) return;
        foreach (var backorder in await db.Backorders.Where(b => b.OrderId == orderId && b.Status == BackorderStatus.Open).ToListAsync(ct))
            backorder.Cancel();
        var reserved = await db.LockReservedForOrderAsync(orderId, ct);
        if (reserved.Count > 0)
        {
            foreach (var (r, stock) in reserved)
            {
                stock.Release(r.Quantity);
                r.MarkReleased();
                db.Ledger.Add(new StockMovement { Sku = r.Sku, Warehouse = r.Warehouse, Kind = "Released", ReservedChange = -r.Quantity, OrderNumber = orderNumber });
            }
            db.Publish(new StockReleased(orderId, orderNumber, reserved.Select(x => new ReservedLine(x.Reservation.Sku, x.Reservation.Quantity, x.Reservation.Warehouse)).ToList()));
            await db.CheckLowStockAsync(reserved.Select(x => x.Reservation.Sku).Distinct().ToList(), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
