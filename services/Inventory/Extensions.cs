using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Messaging;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.Inventory;

public static class Extensions
{
    public static void AddInventory(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<InventoryDb>(DemoData.SeedAsync);
        // The catalogue, the same for every caller, from one cache shared by the instances (InventoryApi.CatalogueTag).
        builder.AddSharedOutputCache();
        builder.Services.AddHostedService<ScheduledPrices>();
        builder.AddServiceMessaging<InventoryDb>("inventory", x =>
        {
            x.AddConsumer<ReserveStockConsumer>();
            x.AddConsumer<ShipmentDispatchedConsumer>();
            x.AddConsumer<ReleaseStockConsumer>();
            x.AddConsumer<AfterSalesStockConsumer>();
            x.AddConsumer<ShipAvailablePartConsumer>();
            x.AddConsumer<ProductionCompletedConsumer>();
            x.AddConsumer<OrderLinesChangedConsumer>();
        });
    }
}
