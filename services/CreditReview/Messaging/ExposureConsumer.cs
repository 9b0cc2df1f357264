using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.CreditReview.Messaging;

/// <summary>Keeps exposure current: an order counts its current total, and stops counting once it is paid in full or cancelled.</summary>
public sealed class ExposureConsumer(CreditDb db) : IConsumer<PaymentReceived>, IConsumer<OrderCancelled>, IConsumer<OrderLinesChanged>
{
    public async Task Consume(ConsumeContext<OrderLinesChanged> context)
    {
        if (!await db.FirstDeliveryAsync(context, $"{nameof(ExposureConsumer)}:{nameof(OrderLinesChanged)}")) return;
        (await db.Cases.FindAsync([context.Message.OrderId], context.CancellationToken))?.ChangeAmount(context.Message.Total);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public Task Consume(ConsumeContext<PaymentReceived> context)
        => context.Message.AmountDue == 0 ? CloseAsync(context, context.Message.OrderId) : Task.CompletedTask;

    public Task Consume(ConsumeContext<OrderCancelled> context) => CloseAsync(context, context.Message.OrderId);

    private async Task CloseAsync<T>(ConsumeContext<T> context, Guid orderId) where T : class
    {
        if (!await db.FirstDeliveryAsync(context, $"{nameof(ExposureConsumer)}:{typeof(T).Name}")) return;
        var credit = await db.Cases.FindAsync([orderId], context.CancellationToken);
        credit?.Close();
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
