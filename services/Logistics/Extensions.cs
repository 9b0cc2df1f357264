using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Logistics;

public static class Extensions
{
    public static void AddLogistics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DispatchSlaOptions>(builder.Configuration.GetSection("Logistics:DispatchSla"));
        builder.Services.AddHostedService<DispatchSlaSweep>();
        builder.AddServiceDatabase<LogisticsDb>(Migrations.All, DemoData.SeedAsync);
        builder.AddServiceMessaging<LogisticsDb>("logistics", x =>
        {
            x.AddConsumer<OrderReadyToShipConsumer>();
            x.AddConsumer<AfterSalesShipmentConsumer>();
            x.AddConsumer<DispatchSlaConsumer>();
        });
    }
}
