using System.Diagnostics;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace OrderPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Wraps every consumer, outside its retries: the consume span and every log line written while the
/// message is handled carry the order number, and a message that fails every retry (and so goes to the
/// _error queue) is counted in <c>orderplatform.messages.dead_lettered</c>.
/// </summary>
public sealed class MessageTelemetryFilter<T>(ILogger<MessageTelemetryFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    private static readonly PropertyInfo? OrderNumberProperty = typeof(T).GetProperty("OrderNumber", typeof(string));

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var orderNumber = OrderNumberProperty?.GetValue(context.Message) as string ?? context.Headers.Get<string>("OrderNumber");
        if (orderNumber is not null) Activity.Current?.SetTag(Telemetry.OrderNumberTag, orderNumber);
        using var scope = orderNumber is null ? null : logger.BeginScope("Order {OrderNumber}", orderNumber);
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            Telemetry.RecordDeadLettered(typeof(T).Name, context.ReceiveContext.InputAddress.AbsolutePath.Trim('/'));
            logger.LogError(e, "{MessageType} {MessageId} failed every retry and goes to the error queue", typeof(T).Name, context.MessageId);
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageTelemetry");
}
