using Microsoft.EntityFrameworkCore;
using OrderPlatform.Inventory.Domain;

namespace OrderPlatform.Inventory.Data;

/// <summary>The demo warehouses, catalogue, price list and opening stock of ARCHITECTURE.md; loaded with --seed, idempotently.</summary>
public static class DemoData
{
    public static async Task SeedAsync(InventoryDb db, CancellationToken ct)
    {
        if (!await db.Warehouses.AnyAsync(ct))
            db.Warehouses.AddRange(
                new Warehouse { Code = "WH-SH", Name = "Shanghai warehouse", Province = "Shanghai", City = "Shanghai", Address = "88 Jiangchang Road, Jing'an" },
                new Warehouse { Code = "WH-GZ", Name = "Guangzhou warehouse", Province = "Guangdong", City = "Guangzhou", Address = "16 Huangpu Avenue, Tianhe" });
        if (await db.Products.AnyAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        db.Products.AddRange(
            new Product { Sku = "FB-PRO-5", WeightKg = 0.45m, Name = "Pro match football, size 5", ListPrice = 199.00m, LowStockThreshold = 100 },
            new Product { Sku = "BB-GAME-7", WeightKg = 0.62m, Name = "Game basketball, size 7", ListPrice = 259.00m, LowStockThreshold = 50 },
            new Product { Sku = "RS-AIR-42", WeightKg = 1.1m, Name = "Air running shoes, EU 42", ListPrice = 699.00m, LowStockThreshold = 20 },
            new Product { Sku = "JR-TEAM-CUSTOM", WeightKg = 0.25m, Name = "Custom-printed team jersey", ListPrice = 129.00m, MadeToOrder = true, MadeInHouse = true },
            new Product { Sku = "RK-CARBON", WeightKg = 0.3m, Name = "Carbon badminton racket", ListPrice = 899.00m, MadeInHouse = true, LowStockThreshold = 10 });
        (string Sku, string Warehouse, int OnHand)[] opening =
        [
            ("FB-PRO-5", "WH-SH", 50000), ("FB-PRO-5", "WH-GZ", 30000),
            ("BB-GAME-7", "WH-SH", 800), ("BB-GAME-7", "WH-GZ", 400),
            ("RS-AIR-42", "WH-SH", 300), ("RS-AIR-42", "WH-GZ", 150),
            ("RK-CARBON", "WH-SH", 6),
        ];
        foreach (var (sku, warehouse, onHand) in opening)
        {
            db.Stock.Add(StockItem.Create(sku, warehouse, onHand));
            db.Ledger.Add(new StockMovement { Sku = sku, Warehouse = warehouse, Kind = "OpeningBalance", OnHandChange = onHand, Reference = "demo data" });
            db.Lots.Add(StockLot.Arrive(sku, warehouse, onHand, "OpeningBalance", "demo data", DateTimeOffset.UtcNow));
        }
        // Opening stock already below a threshold (RK-CARBON: 6 of 10) is an alert from the start.
        await db.CheckLowStockAsync(opening.Select(o => o.Sku).Distinct().ToList(), ct);
        await db.SaveChangesAsync(ct);
    }
}
