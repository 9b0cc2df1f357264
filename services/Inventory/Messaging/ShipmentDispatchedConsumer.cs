using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// The order's goods left: each reservation of the order becomes a stock deduction. (A replacement's
/// goods were issued when picked; a return comes in, it does not go out.)
/// </summary>
public sealed class ShipmentDispatchedConsumer(InventoryDb db) : IConsumer<ShipmentDispatched>
{
    public async Task Consume(ConsumeContext<ShipmentDispatched> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (m.Purpose != ShipmentPurposes.Order) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(ShipmentDispatchedConsumer))) return;
        foreach (var (r, stock) in await db.LockReservedForOrderAsync(m.OrderId, ct))
        {
            stock.Deduct(r.Quantity);
            r.MarkDeducted();
            var lots = await db.TakeFromOldestLotsAsync(r.Sku, r.Warehouse, r.Quantity, m.OrderNumber, ct);
            db.Ledger.Add(new StockMovement { Sku = r.Sku, Warehouse = r.Warehouse, Kind = "Dispatched", OnHandChange = -r.Quantity, ReservedChange = -r.Quantity, OrderNumber = m.OrderNumber, Reference = m.ShipmentId.ToString(), Lots = lots });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
