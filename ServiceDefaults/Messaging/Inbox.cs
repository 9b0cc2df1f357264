using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message, in the same unit of work as its
    /// effects. Returns false when the message was handled before (a redelivery): the consumer then
    /// does nothing. Two concurrent deliveries both passing the check collide on the inbox primary key
    /// at commit; the loser is retried and then sees the row.
    /// </summary>
    public static async Task<bool> FirstDeliveryAsync(this ServiceDbContext db, ConsumeContext context, string consumer)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Message without MessageId");
        if (await db.Inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
            return false;
        db.Inbox.Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ReceivedAt = DateTimeOffset.UtcNow });
        return true;
    }
}
