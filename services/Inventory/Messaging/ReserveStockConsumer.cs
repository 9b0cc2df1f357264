using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// Reserves what an order needs, warehouse by warehouse, never beyond what is on hand. What is short
/// is either made by production (made-in-house SKUs and custom lines) or waits as a backorder for
/// the next stock receipt.
/// </summary>
public sealed class ReserveStockConsumer(InventoryDb db, ILogger<ReserveStockConsumer> logger) : IConsumer<ReserveStock>
{
    public async Task Consume(ConsumeContext<ReserveStock> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, nameof(ReserveStockConsumer))) return;
        if (await db.Reservations.AnyAsync(r => r.OrderId == m.OrderId, ct) || await db.Backorders.AnyAsync(b => b.OrderId == m.OrderId, ct)) return;

        var skus = m.Lines.Select(l => l.Sku).Distinct().ToList();
        var products = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var stock = await db.LockStockAsync(skus, ct);

        var reserved = new List<ReservedLine>();
        var shortLines = new List<ShortLine>();
        foreach (var line in m.Lines.GroupBy(l => l.Sku).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))))
        {
            var product = products.GetValueOrDefault(line.Sku);
            // Custom lines and made-to-order SKUs are always made for the order, never taken from stock.
            var custom = m.OrderType == "Custom" || product?.MadeToOrder == true;
            var taken = custom ? [] : db.Reserve(m.OrderId, m.OrderNumber, line.Sku, line.Quantity, stock);
            reserved.AddRange(taken);
            var got = taken.Sum(t => t.Quantity);
            if (got < line.Quantity) shortLines.Add(new ShortLine(line.Sku, line.Quantity, got, Producible: custom || product?.MadeInHouse == true));
        }

        if (shortLines.Count == 0) db.Publish(new StockReserved(m.OrderId, m.OrderNumber, reserved));
        else
        {
            // Goods that must be bought in wait for a receipt; the whole shortage then waits with them.
            if (shortLines.Any(s => !s.Producible))
                foreach (var s in shortLines)
                    db.Backorders.Add(new Backorder
                    {
                        OrderId = m.OrderId, OrderNumber = m.OrderNumber, Sku = s.Sku, OrderType = m.OrderType, Grade = m.Grade,
                        Quantity = s.Requested - s.Reserved, CreatedAt = DateTimeOffset.UtcNow,
                    });
            db.Publish(new StockShort(m.OrderId, m.OrderNumber, reserved, shortLines));
        }
        await db.CheckLowStockAsync(skus, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Stock for {OrderNumber}: {Reserved} lines reserved, {Short} short", m.OrderNumber, reserved.Count, shortLines.Count);
    }
}
