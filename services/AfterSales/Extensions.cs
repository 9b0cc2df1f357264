using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.AfterSales;

public static class Extensions
{
    public static void AddAfterSales(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AfterSalesOptions>(builder.Configuration.GetSection("AfterSales"));
        builder.Services.AddHostedService<EscalationSweep>();
        builder.AddServiceDatabase<AfterSalesDb>();
        builder.AddServiceMessaging<AfterSalesDb>("after-sales", x =>
        {
            x.AddConsumer<OrderCompletedConsumer>();
            x.AddConsumer<OrderSubmittedConsumer>();
            x.AddConsumer<ShipmentEventsConsumer>();
            x.AddConsumer<SettlementConsumer>();
        });
    }
}
