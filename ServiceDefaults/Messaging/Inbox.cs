using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message, in the same unit of work as its
    /// effects. Returns false when the message was handled before: the consumer then does nothing.
    /// A first delivery costs no extra query: if the message was in fact handled before (the outbox
    /// published it twice, or two copies race), the inbox primary key refuses the commit, the retry
    /// comes back here, and the lookup made on every retry or broker redelivery finds the row.
    /// </summary>
    public static async Task<bool> FirstDeliveryAsync(this ServiceDbContext db, ConsumeContext context, string consumer)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Message without MessageId");
        var seenBefore = context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
        if (seenBefore && await db.Inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
            return false;
        db.Inbox.Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ReceivedAt = DateTimeOffset.UtcNow });
        return true;
    }
}
