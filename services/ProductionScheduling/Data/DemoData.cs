using Microsoft.EntityFrameworkCore;
using OrderPlatform.ProductionScheduling.Domain;

namespace OrderPlatform.ProductionScheduling.Data;

/// <summary>The demo production line LINE-1 (200 units a day, delivering to WH-SH) and its raw material; loaded with --seed.</summary>
public static class DemoData
{
    public static async Task SeedAsync(ProductionDb db, CancellationToken ct)
    {
        if (!await db.Lines.AnyAsync(ct))
            db.Lines.Add(new ProductionLine { Code = "LINE-1", Name = "Line 1 (print and assembly)", DailyCapacity = 200, Skus = ["JR-TEAM-CUSTOM", "RK-CARBON"], Warehouse = "WH-SH" });
        if (!await db.Materials.AnyAsync(ct))
            db.Materials.AddRange(RawMaterial.Create("JR-TEAM-CUSTOM", 5000), RawMaterial.Create("RK-CARBON", 1000));
        await db.SaveChangesAsync(ct);
    }
}
