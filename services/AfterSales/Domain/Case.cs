using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.AfterSales.Domain;

public enum CaseKind { Complaint, DeliveryException }

/// <summary>What a case is about, for the complaint-reasons report.</summary>
public static class CaseCategories
{
    public static readonly string[] All = ["Quality", "Delivery", "WrongItem", "Service", "Price", "Other"];
}

public enum CaseStatus { Open, Responded, Escalated, Resolved }

/// <summary>One step in a case: who did what, when.</summary>
public sealed record CaseStep(DateTimeOffset At, string By, string Action, string Detail);

/// <summary>
/// An after-sales case: a customer's complaint, or a carrier's delivery exception. The first response
/// is due within the SLA; a case still unanswered then is escalated. Every step is recorded.
/// </summary>
public sealed class Case
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string CaseNumber { get; init; }
    public CaseKind Kind { get; init; }
    public required string OrderNumber { get; init; }
    public Guid? OrderId { get; init; }
    public required string Channel { get; init; }
    public required string Reason { get; init; }
    public string Category { get; init; } = "Other";
    public CaseStatus Status { get; private set; } = CaseStatus.Open;
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset FirstResponseDue { get; init; }
    public DateTimeOffset? FirstRespondedAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public string? Resolution { get; private set; }
    public DateTimeOffset? ReshipmentRequestedAt { get; private set; }
    public string? ReplacementCarrier { get; private set; }
    public string? ReplacementTrackingNumber { get; private set; }
    public List<CaseStep> Steps { get; private set; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public static Case Open(string caseNumber, CaseKind kind, string category, string orderNumber, Guid? orderId, string channel, string reason,
        string by, TimeSpan firstResponseSla, DateTimeOffset now)
    {
        if (!CaseCategories.All.Contains(category)) throw new DomainException($"Unknown case category {category}.");
        var c = new Case
        {
            CaseNumber = caseNumber, Kind = kind, Category = category, OrderNumber = orderNumber, OrderId = orderId, Channel = channel,
            Reason = reason, OpenedAt = now, FirstResponseDue = now + firstResponseSla,
        };
        c.Step(now, by, "Opened", reason);
        return c;
    }

    public void Respond(string by, string message, DateTimeOffset now)
    {
        if (Status == CaseStatus.Resolved) throw new DomainException($"Case {CaseNumber} is resolved.");
        FirstRespondedAt ??= now;
        if (Status == CaseStatus.Open) Status = CaseStatus.Responded;
        Step(now, by, "Responded", message);
    }

    /// <summary>The first response is overdue: escalate, once. Returns false when nothing is due.</summary>
    public bool EscalateIfOverdue(DateTimeOffset now)
    {
        if (Status != CaseStatus.Open || FirstRespondedAt is not null || now < FirstResponseDue) return false;
        Status = CaseStatus.Escalated;
        EscalatedAt = now;
        Step(now, "after-sales", "Escalated", $"No first response by {FirstResponseDue:u}");
        return true;
    }

    /// <summary>
    /// Sends the goods again (after a damaged, short or lost delivery): once per case, and it counts as
    /// the first response. Returns the request for Inventory to pick the goods.
    /// </summary>
    public ReplacementRequested RequestReshipment(string by, IReadOnlyList<OrderLine> lines, string note, DateTimeOffset now)
    {
        if (Status == CaseStatus.Resolved) throw new DomainException($"Case {CaseNumber} is resolved.");
        if (ReshipmentRequestedAt is not null) throw new DomainException($"A reshipment was already requested for case {CaseNumber}.");
        if (OrderId is not { } orderId) throw new DomainException($"Case {CaseNumber} is not about a known order.");
        if (lines.Count == 0) throw new DomainException("A reshipment needs at least one line.");
        ReshipmentRequestedAt = now;
        FirstRespondedAt ??= now;
        if (Status == CaseStatus.Open) Status = CaseStatus.Responded;
        Step(now, by, "ReshipmentRequested", $"{ReturnRequest.Describe(lines)}: {note}");
        return new ReplacementRequested(orderId, OrderNumber, CaseNumber, lines, $"Reshipment for case {CaseNumber}: {note}");
    }

    public void OnReshipped(string carrier, string trackingNumber, DateTimeOffset now)
    {
        if (ReplacementTrackingNumber is not null) return;
        (ReplacementCarrier, ReplacementTrackingNumber) = (carrier, trackingNumber);
        Step(now, "logistics", "Reshipped", $"{carrier} tracking {trackingNumber}");
    }

    public void OnReshipmentShort(string detail, DateTimeOffset now) => Step(now, "inventory", "ReshipmentWaitingForStock", detail);

    public void Resolve(string by, string resolution, DateTimeOffset now)
    {
        if (Status == CaseStatus.Resolved) throw new DomainException($"Case {CaseNumber} is already resolved.");
        FirstRespondedAt ??= now;
        Status = CaseStatus.Resolved;
        Resolution = resolution;
        Step(now, by, "Resolved", resolution);
    }

    private void Step(DateTimeOffset at, string by, string action, string detail) => Steps = [.. Steps, new CaseStep(at, by, action, detail)];
}
