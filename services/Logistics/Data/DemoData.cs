using Microsoft.EntityFrameworkCore;
using OrderPlatform.Logistics.Domain;

namespace OrderPlatform.Logistics.Data;

/// <summary>The demo carriers (SF express, ZTO economy, DEPPON bulky) and unit weights; loaded with --seed.</summary>
public static class DemoData
{
    public static async Task SeedAsync(LogisticsDb db, CancellationToken ct)
    {
        if (await db.Carriers.AnyAsync(ct)) return;
        db.Carriers.AddRange(
            new Carrier { Code = "SF", Name = "SF Express", Express = true, TransitDays = 1, BaseRate = 23m, RatePerKg = 6m, Provinces = ["*"] },
            new Carrier { Code = "ZTO", Name = "ZTO Express (economy)", BaseRate = 8m, RatePerKg = 2m, Provinces = ["*"] },
            new Carrier { Code = "DEPPON", Name = "Deppon Logistics (bulky)", Bulky = true, TransitDays = 4, BaseRate = 40m, RatePerKg = 1.2m, Provinces = ["*"] });
        db.SkuWeights.AddRange(
            new SkuWeight { Sku = "FB-PRO-5", WeightKg = 0.45m },
            new SkuWeight { Sku = "BB-GAME-7", WeightKg = 0.62m },
            new SkuWeight { Sku = "RS-AIR-42", WeightKg = 1.1m },
            new SkuWeight { Sku = "JR-TEAM-CUSTOM", WeightKg = 0.25m },
            new SkuWeight { Sku = "RK-CARBON", WeightKg = 0.3m });
        await db.SaveChangesAsync(ct);
    }
}
