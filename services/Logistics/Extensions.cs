using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Messaging;
using OrderPlatform.Logistics.Api;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Logistics;

public static class Extensions
{
    public static void AddLogistics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DispatchSlaOptions>(builder.Configuration.GetSection("Logistics:DispatchSla"));
        builder.Services.AddHostedService<DispatchSlaSweep>();
        builder.AddServiceDatabase<LogisticsDb>(DemoData.SeedAsync);
        builder.AddOpenApiExample(new CarrierWebhook("SF1234567890-2", "SF1234567890", "Delivered", new DateTimeOffset(2026, 12, 4, 15, 12, 0, TimeSpan.Zero),
            "Li Wei", null, null));
        builder.AddServiceMessaging<LogisticsDb>("logistics", x =>
        {
            x.AddConsumer<OrderReadyToShipConsumer>();
            x.AddConsumer<AfterSalesShipmentConsumer>();
            x.AddConsumer<DispatchSlaConsumer>();
            x.AddConsumer<ProductWeightConsumer>();
        });
    }
}
