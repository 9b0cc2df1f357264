using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.Intake.Api;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Messaging;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Intake;

public static class Extensions
{
    public static void AddIntake(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PricingOptions>(builder.Configuration.GetSection("Pricing"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderChangeFeed>();
        builder.Services.Configure<ReceiptOptions>(builder.Configuration.GetSection("Orders"));
        builder.Services.AddHostedService<ReceiptAutoConfirmation>();
        builder.Services.AddHostedService<ReviewSlaSweep>();
        builder.Services.AddHostedService<OrderStatusCounter>();
        builder.Services.AddSingleton<INotificationSender, LoggingNotificationSender>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        builder.AddServiceDatabase<IntakeDb>(Migrations.All);
        builder.AddServiceMessaging<IntakeDb>("intake", x =>
        {
            x.AddConsumer<OrderLifecycleConsumer>();
            x.AddRequestClient<GetCustomer>(RequestTimeout.After(s: 10));
            x.AddRequestClient<QuotePrices>(RequestTimeout.After(s: 10));
        });
    }
}
