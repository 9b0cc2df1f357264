using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.AfterSales.Domain;

public enum ReturnStatus { Requested, Approved, Rejected, PickupArranged, Received, Accepted, Refused, Completed }

/// <summary>
/// A return (goods back, money back) or an exchange (goods back, the same goods out again):
/// request → approval → return shipment → inspection → refund, or replacement and restock.
/// Every step is recorded; each method refuses what the current state does not allow, and
/// the messages it causes wait in <see cref="DequeueMessages"/> for the outbox.
/// </summary>
public sealed class ReturnRequest
{
    private readonly List<object> _messages = [];

    public Guid Id { get; init; } = Guid.NewGuid();
    public required string ReturnNumber { get; init; }
    public required string Kind { get; init; }
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Channel { get; init; }
    public required List<OrderLine> Lines { get; init; }
    public required string Reason { get; init; }
    public ReturnStatus Status { get; private set; } = ReturnStatus.Requested;
    public decimal Value { get; init; }
    public string? ReturnCarrier { get; private set; }
    public string? ReturnTrackingNumber { get; private set; }
    public string? ReplacementCarrier { get; private set; }
    public string? ReplacementTrackingNumber { get; private set; }
    public decimal Refunded { get; private set; }
    public DateTimeOffset RequestedAt { get; init; }
    public List<CaseStep> Steps { get; private set; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    /// <summary>Still in progress: a second request for the same order waits until this one ends.</summary>
    public bool IsOpen => Status is not (ReturnStatus.Rejected or ReturnStatus.Refused or ReturnStatus.Completed);

    /// <summary>Counts against what may still be returned of the order.</summary>
    public bool HoldsQuantity => Status is not (ReturnStatus.Rejected or ReturnStatus.Refused);

    public IReadOnlyList<object> DequeueMessages()
    {
        var messages = _messages.ToList();
        _messages.Clear();
        return messages;
    }

    public static ReturnRequest Request(string returnNumber, string kind, Guid orderId, string orderNumber, string channel,
        IReadOnlyList<OrderLine> lines, string reason, string by, DateTimeOffset now)
    {
        if (kind is not (ReturnKinds.Return or ReturnKinds.Exchange)) throw new DomainException($"Unknown return kind {kind}.");
        if (lines.Count == 0 || lines.Any(l => l.Quantity <= 0)) throw new DomainException("A return needs at least one line with a positive quantity.");
        var r = new ReturnRequest
        {
            ReturnNumber = returnNumber, Kind = kind, OrderId = orderId, OrderNumber = orderNumber, Channel = channel,
            Lines = lines.ToList(), Reason = reason, Value = lines.Sum(l => l.Quantity * l.UnitPrice), RequestedAt = now,
        };
        r.Step(now, by, "Requested", $"{kind} of {Describe(lines)}: {reason}");
        return r;
    }

    public void Approve(string by, string note, DateTimeOffset now)
    {
        Require(ReturnStatus.Requested, "approved");
        Status = ReturnStatus.Approved;
        Step(now, by, "Approved", note);
        _messages.Add(new ReturnApproved(OrderId, OrderNumber, ReturnNumber, Kind, Lines));
    }

    public void Reject(string by, string reason, DateTimeOffset now)
    {
        Require(ReturnStatus.Requested, "rejected");
        Status = ReturnStatus.Rejected;
        Step(now, by, "Rejected", reason);
    }

    /// <summary>Logistics booked the pickup; a repeated notice changes nothing.</summary>
    public void OnPickupArranged(string carrier, string trackingNumber, DateTimeOffset now)
    {
        if (ReturnTrackingNumber is not null) return;
        (ReturnCarrier, ReturnTrackingNumber) = (carrier, trackingNumber);
        if (Status == ReturnStatus.Approved) Status = ReturnStatus.PickupArranged;
        Step(now, "logistics", "PickupArranged", $"{carrier} tracking {trackingNumber}");
    }

    /// <summary>The return shipment was delivered to the warehouse: the goods wait for inspection.</summary>
    public void OnReceived(string? signedBy, DateTimeOffset at, DateTimeOffset now)
    {
        if (Status is not (ReturnStatus.Approved or ReturnStatus.PickupArranged)) return;
        Status = ReturnStatus.Received;
        Step(now, $"carrier:{ReturnCarrier}", "Received", $"At the warehouse {at:u}, signed by {signedBy}; waiting for inspection");
    }

    public void Inspect(string by, bool passed, string note, DateTimeOffset now)
    {
        Require(ReturnStatus.Received, "inspected");
        Status = passed ? ReturnStatus.Accepted : ReturnStatus.Refused;
        Step(now, by, passed ? "InspectionPassed" : "InspectionFailed", note);
        _messages.Add(new ReturnInspected(OrderId, OrderNumber, ReturnNumber, Kind, passed, Lines, passed && Kind == ReturnKinds.Return ? Value : 0m, note));
        if (passed && Kind == ReturnKinds.Exchange)
            _messages.Add(new ReplacementRequested(OrderId, OrderNumber, ReturnNumber, Lines, $"Exchange {ReturnNumber}"));
    }

    /// <summary>Billing settled a return: the value is credited and what was paid for it refunded.</summary>
    public void OnSettled(decimal refunded, string detail, DateTimeOffset now)
    {
        if (Status != ReturnStatus.Accepted || Kind != ReturnKinds.Return) return;
        Refunded = refunded;
        Status = ReturnStatus.Completed;
        Step(now, "billing", "Refunded", detail);
    }

    /// <summary>The exchange's replacement is on its way.</summary>
    public void OnReplacementShipped(string carrier, string trackingNumber, DateTimeOffset now)
    {
        if (Status != ReturnStatus.Accepted || Kind != ReturnKinds.Exchange) return;
        (ReplacementCarrier, ReplacementTrackingNumber) = (carrier, trackingNumber);
        Status = ReturnStatus.Completed;
        Step(now, "logistics", "ReplacementShipped", $"{carrier} tracking {trackingNumber}");
    }

    public void OnReplacementShort(string detail, DateTimeOffset now)
    {
        if (Status == ReturnStatus.Accepted) Step(now, "inventory", "ReplacementWaitingForStock", detail);
    }

    public static string Describe(IEnumerable<OrderLine> lines) => string.Join(", ", lines.Select(l => $"{l.Quantity} x {l.Sku}"));

    private void Require(ReturnStatus status, string what)
    {
        if (Status != status) throw new DomainException($"Return {ReturnNumber} is {Status}; only a {status} return can be {what}.");
    }

    private void Step(DateTimeOffset at, string by, string action, string detail) => Steps = [.. Steps, new CaseStep(at, by, action, detail)];
}
