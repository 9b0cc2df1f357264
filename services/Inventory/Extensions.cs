using OrderPlatform.Inventory.Data;
using OrderPlatform.Inventory.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Inventory;

public static class Extensions
{
    public static void AddInventory(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<InventoryDb>(Migrations.All, DemoData.SeedAsync);
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
