using OrderPlatform.Billing.Data;
using OrderPlatform.Billing.Messaging;
using OrderPlatform.Billing.Api;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Billing;

public static class Extensions
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OrderPlatform.Billing.Api.InvoiceOptions>(builder.Configuration.GetSection("Billing"));
        builder.AddServiceDatabase<BillingDb>();
        builder.AddOpenApiExample(new PaymentWebhook("pay-7f3a9c", "SO-20261203-000042", "Paid", 398.00m, "CNY", new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero)));
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
