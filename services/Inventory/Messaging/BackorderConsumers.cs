using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// The short order's customer takes the part in stock now: its backorders stop waiting, and what is
/// reserved at this moment (a receipt may have filled more meanwhile) is what the order ships.
/// </summary>
public sealed class ShipAvailablePartConsumer(InventoryDb db) : IConsumer<ShipAvailablePart>
{
    public async Task Consume(ConsumeContext<ShipAvailablePart> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(ShipAvailablePartConsumer))) return;
        var open = await db.Backorders.FromSql($"SELECT *, xmin FROM backorders WHERE order_id = {m.OrderId} AND status = 'Open' FOR UPDATE").ToListAsync(ct);
        foreach (var backorder in open) backorder.Cancel();
        // When the last backorder was filled before this arrived, StockReserved has gone out already.
        if (open.Count > 0) db.Publish(new StockReserved(m.OrderId, m.OrderNumber, await db.ReservedForOrderAsync(m.OrderId, ct)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>
/// Goods that passed QC are received into the line's warehouse and reserved for the order they were
/// made for, both in the stock ledger.
/// </summary>
public sealed class ProductionCompletedConsumer(InventoryDb db) : IConsumer<ProductionCompleted>
{
    public async Task Consume(ConsumeContext<ProductionCompleted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(ProductionCompletedConsumer))) return;
        var stock = await db.LockStockAsync([m.Sku], ct);
        var item = stock.SingleOrDefault(s => s.Warehouse == m.Warehouse);
        if (item is null) db.Stock.Add(item = StockItem.Create(m.Sku, m.Warehouse, 0));
        db.PutOnHand(item, m.Quantity, "Produced", m.OrderNumber, m.WorkOrderNumber, madeForOrder: true);
        db.Reserve(m.OrderId, m.OrderNumber, m.Sku, m.Quantity, [item], m.WorkOrderNumber);
        db.Publish(new ProducedGoodsReserved(m.OrderId, m.OrderNumber, m.WorkOrderNumber, m.Sku, m.Quantity, m.Warehouse));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
