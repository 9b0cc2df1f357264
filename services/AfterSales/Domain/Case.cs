using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.AfterSales.Domain;

public enum CaseKind { Complaint, DeliveryException }

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
    public CaseStatus Status { get; private set; } = CaseStatus.Open;
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset FirstResponseDue { get; init; }
    public DateTimeOffset? FirstRespondedAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public string? Resolution { get; private set; }
    public List<CaseStep> Steps { get; private set; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public static Case Open(string caseNumber, CaseKind kind, string orderNumber, Guid? orderId, string channel, string reason,
        string by, TimeSpan firstResponseSla, DateTimeOffset now)
    {
        var c = new Case
        {
            CaseNumber = caseNumber, Kind = kind, OrderNumber = orderNumber, OrderId = orderId, Channel = channel, Reason = reason,
            OpenedAt = now, FirstResponseDue = now + firstResponseSla,
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
