using OrderPlatform.CreditReview.Data;
using OrderPlatform.CreditReview.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.CreditReview;

public static class Extensions
{
    public static void AddCreditReview(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CreditDb>(DemoData.SeedAsync);
        builder.AddServiceMessaging<CreditDb>("credit-review", x =>
        {
            x.AddConsumer<OrderSubmittedConsumer>();
            x.AddConsumer<ExposureConsumer>();
        });
    }
}
