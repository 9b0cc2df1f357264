using OrderPlatform.Contracts.Grpc.Credit;
using OrderPlatform.Contracts.Grpc.Inventory;
using OrderPlatform.Intake.Api;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Messaging;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Intake;

public static class Extensions
{
    public static void AddIntake(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PricingOptions>(builder.Configuration.GetSection("Pricing"));
        builder.Services.AddSingleton<OrderChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OrderChangeFeed>());
        builder.Services.Configure<ReceiptOptions>(builder.Configuration.GetSection("Orders"));
        builder.Services.AddHostedService<ReceiptAutoConfirmation>();
        builder.Services.AddHostedService<ReviewSlaSweep>();
        builder.Services.AddHostedService<OrderStatusCounter>();
        builder.Services.AddSingleton<INotificationSender, LoggingNotificationSender>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        builder.AddServiceDatabase<IntakeDb>();
        builder.AddOpenApiExample(new SubmitOrderRequest("R-0001", "Regular", [new OrderLineRequest("FB-PRO-5", 2, 199.00m, "")],
            new AddressRequest("Li Wei", "13800000000", "Zhejiang", "Hangzhou", "1 Wensan Rd", "310000"), new DateOnly(2026, 12, 20), "Leave with the concierge"));
        builder.AddServiceMessaging<IntakeDb>("intake", x =>
        {
            x.AddConsumer<OrderLifecycleConsumer>();
        });
        // Taking an order asks CreditReview for the customer and Inventory for prices and stock, over gRPC.
        builder.AddInternalGrpcClient<Customers.CustomersClient>("credit-review");
        builder.AddInternalGrpcClient<Catalogue.CatalogueClient>("inventory");
    }
}
