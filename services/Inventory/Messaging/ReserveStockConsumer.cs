using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>Reserves what an order needs, warehouse by warehouse, never beyond what is on hand.</summary>
public sealed class ReserveStockConsumer(InventoryDb db, ILogger<ReserveStockConsumer> logger) : IConsumer<ReserveStock>
{
    public async Task Consume(ConsumeContext<ReserveStock> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(ReserveStockConsumer))) return;
        if (await db.Reservations.AnyAsync(r => r.OrderId == m.OrderId, ct)) return;

        var skus = m.Lines.Select(l => l.Sku).Distinct().ToList();
        var products = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var stock = await db.LockStockAsync(skus, ct);

        var reserved = new List<ReservedLine>();
        var shortLines = new List<ShortLine>();
        foreach (var line in m.Lines.GroupBy(l => l.Sku).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))))
        {
            var got = 0;
            var madeToOrder = products.TryGetValue(line.Sku, out var product) && product.MadeToOrder;
            if (!madeToOrder && m.OrderType != "Custom")
            {
                foreach (var item in stock.Where(s => s.Sku == line.Sku).OrderByDescending(s => s.Available))
                {
                    if (got == line.Quantity) break;
                    var take = item.Available > 0 ? item.ReserveUpTo(line.Quantity - got) : 0;
                    if (take == 0) continue;
                    got += take;
                    reserved.Add(new ReservedLine(line.Sku, take, item.Warehouse));
                    db.Reservations.Add(new Reservation { OrderId = m.OrderId, OrderNumber = m.OrderNumber, Sku = line.Sku, Warehouse = item.Warehouse, Quantity = take });
                    db.Ledger.Add(new StockMovement { Sku = line.Sku, Warehouse = item.Warehouse, Kind = "Reserved", ReservedChange = take, OrderNumber = m.OrderNumber });
                }
            }
            if (got < line.Quantity) shortLines.Add(new ShortLine(line.Sku, line.Quantity, got));
        }

        if (shortLines.Count == 0) db.Publish(new StockReserved(m.OrderId, m.OrderNumber, reserved));
        else db.Publish(new StockShort(m.OrderId, m.OrderNumber, reserved, shortLines));
        await db.CheckLowStockAsync(skus, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Stock for {OrderNumber}: {Reserved} lines reserved, {Short} short", m.OrderNumber, reserved.Count, shortLines.Count);
    }
}
