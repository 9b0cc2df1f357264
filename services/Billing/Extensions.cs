using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Billing;

public static class Extensions
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OrderPlatform.Billing.Api.InvoiceOptions>(builder.Configuration.GetSection("Billing"));
        builder.AddServiceDatabase<BillingDb>(Migrations.All);
        builder.AddServiceMessaging<BillingDb>("billing", x =>
        {
            x.AddConsumer<OrderConfirmedConsumer>();
            x.AddConsumer<OrderCancelledConsumer>();
            x.AddConsumer<ReturnInspectedConsumer>();
            x.AddConsumer<OrderLinesChangedConsumer>();
            x.AddConsumer<CarrierClaimAcceptedConsumer>();
        });
    }
}
