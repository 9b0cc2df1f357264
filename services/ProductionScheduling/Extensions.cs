using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.ProductionScheduling;

public static class Extensions
{
    public static void AddProductionScheduling(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ProductionDb>(Migrations.All, DemoData.SeedAsync);
        // Work orders for short and custom lines are consumed here once production scheduling lands.
        builder.AddServiceMessaging<ProductionDb>("production-scheduling", _ => { });
    }
}
