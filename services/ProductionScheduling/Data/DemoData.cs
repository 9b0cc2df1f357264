using Microsoft.EntityFrameworkCore;
using OrderPlatform.ProductionScheduling.Domain;

namespace OrderPlatform.ProductionScheduling.Data;

/// <summary>The demo production line LINE-1 (200 units a day); loaded with --seed.</summary>
public static class DemoData
{
    public static async Task SeedAsync(ProductionDb db, CancellationToken ct)
    {
        if (await db.Lines.AnyAsync(ct)) return;
        db.Lines.Add(new ProductionLine { Code = "LINE-1", Name = "Line 1 (print and assembly)", DailyCapacity = 200, Skus = ["JR-TEAM-CUSTOM", "RK-CARBON"] });
        await db.SaveChangesAsync(ct);
    }
}
