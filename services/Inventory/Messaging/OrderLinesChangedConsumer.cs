using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>The order's lines were cut: what is reserved beyond the new quantities goes back to stock, in the ledger.</summary>
public sealed class OrderLinesChangedConsumer(InventoryDb db) : IConsumer<OrderLinesChanged>
{
    public async Task Consume(ConsumeContext<OrderLinesChanged> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(OrderLinesChangedConsumer))) return;
        var wanted = m.Lines.GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var released = new List<ReservedLine>();
        foreach (var sku in (await db.LockReservedForOrderAsync(m.OrderId, ct)).GroupBy(x => x.Reservation.Sku))
        {
            var excess = sku.Sum(x => x.Reservation.Quantity) - wanted.GetValueOrDefault(sku.Key);
            foreach (var (reservation, stock) in sku.OrderBy(x => x.Stock.Available))
            {
                if (excess <= 0) break;
                var give = Math.Min(excess, reservation.Quantity);
                reservation.Reduce(give);
                stock.Release(give);
                excess -= give;
                released.Add(new ReservedLine(sku.Key, give, reservation.Warehouse));
                db.Ledger.Add(new StockMovement { Sku = sku.Key, Warehouse = reservation.Warehouse, Kind = "Released", ReservedChange = -give, OrderNumber = m.OrderNumber, Reference = "order changed" });
            }
        }
        if (released.Count > 0)
        {
            db.Publish(new StockReleased(m.OrderId, m.OrderNumber, released));
            await db.CheckLowStockAsync(released.Select(r => r.Sku).Distinct().ToList(), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
