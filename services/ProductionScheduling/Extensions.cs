using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ProductionScheduling.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.ProductionScheduling;

public static class Extensions
{
    public static void AddProductionScheduling(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ProductionDb>(DemoData.SeedAsync);
        builder.AddServiceMessaging<ProductionDb>("production-scheduling", x => x.AddConsumer<ProductionConsumers>());
    }
}
