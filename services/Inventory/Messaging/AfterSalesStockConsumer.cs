using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// After-sales stock: a replacement is picked and issued from available stock (all of it or none),
/// and returned goods that passed inspection go back into the warehouse they left from.
/// </summary>
public sealed class AfterSalesStockConsumer(InventoryDb db, ILogger<AfterSalesStockConsumer> logger) :
    IConsumer<ReplacementRequested>, IConsumer<ReturnInspected>
{
    public async Task Consume(ConsumeContext<ReplacementRequested> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, $"{nameof(AfterSalesStockConsumer)}:{nameof(ReplacementRequested)}")) return;
        var wanted = m.Lines.GroupBy(l => l.Sku).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        var stock = await db.LockStockAsync(wanted.Select(w => w.Sku).ToList(), ct);
        var shortLines = wanted.Select(w => new ShortLine(w.Sku, w.Quantity, Math.Min(w.Quantity, stock.Where(s => s.Sku == w.Sku).Sum(s => s.Available))))
            .Where(s => s.Reserved < s.Requested).ToList();
        if (shortLines.Count > 0)
        {
            db.Publish(new ReplacementShort(m.OrderId, m.OrderNumber, m.Reference, shortLines));
            logger.LogWarning("Replacement {Reference} for {OrderNumber} is short of stock", m.Reference, m.OrderNumber);
        }
        else
        {
            var picked = new List<ReservedLine>();
            foreach (var (sku, quantity) in wanted)
            {
                var left = quantity;
                foreach (var item in stock.Where(s => s.Sku == sku && s.Available > 0).OrderByDescending(s => s.Available))
                {
                    var take = Math.Min(left, item.Available);
                    item.Issue(take);
                    left -= take;
                    picked.Add(new ReservedLine(sku, take, item.Warehouse));
                    var lots = await db.TakeFromOldestLotsAsync(sku, item.Warehouse, take, m.OrderNumber, ct);
                    db.Ledger.Add(new StockMovement { Sku = sku, Warehouse = item.Warehouse, Kind = "IssuedForReplacement", OnHandChange = -take, OrderNumber = m.OrderNumber, Reference = m.Reference, Lots = lots });
                    if (left == 0) break;
                }
            }
            db.Publish(new ReplacementPicked(m.OrderId, m.OrderNumber, m.Reference, m.Lines, picked, m.Reason));
            await db.CheckLowStockAsync(wanted.Select(w => w.Sku).ToList(), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task Consume(ConsumeContext<ReturnInspected> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!m.Passed) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.FirstDeliveryAsync(context, $"{nameof(AfterSalesStockConsumer)}:{nameof(ReturnInspected)}")) return;
        var skus = m.Lines.Select(l => l.Sku).Distinct().ToList();
        var stock = await db.LockStockAsync(skus, ct);
        var shippedFrom = await db.Reservations.Where(r => r.OrderId == m.OrderId && skus.Contains(r.Sku) && r.Status == ReservationStatus.Deducted)
            .GroupBy(r => r.Sku).Select(g => new { Sku = g.Key, Warehouse = g.Min(r => r.Warehouse)! }).ToDictionaryAsync(x => x.Sku, x => x.Warehouse, ct);
        foreach (var line in m.Lines)
        {
            var item = stock.FirstOrDefault(s => s.Sku == line.Sku && s.Warehouse == shippedFrom.GetValueOrDefault(line.Sku))
                ?? stock.Where(s => s.Sku == line.Sku).OrderBy(s => s.Warehouse).First();
            db.PutOnHand(item, line.Quantity, "Returned", m.OrderNumber, m.ReturnNumber);
        }
        await db.CheckLowStockAsync(skus, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Return {ReturnNumber} of {OrderNumber} restocked", m.ReturnNumber, m.OrderNumber);
    }
}
