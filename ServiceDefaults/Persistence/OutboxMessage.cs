namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>A message waiting to be published; saved in the same transaction as the state change that caused it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public long Seq { get; init; }
    public required string MessageType { get; init; }
    public required string Payload { get; init; }
    public Guid? CorrelationId { get; init; }
    public string? OrderNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The W3C trace context of the work that wrote the row, so the consumers' spans join its trace.</summary>
    public string? TraceParent { get; init; }
    /// <summary>The message itself while the unit of work that wrote the row is in memory; not stored.</summary>
    public object? Body { get; init; }
}

/// <summary>A message a consumer has handled; saved in the same transaction as the consumer's effects.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
