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
    /// <summary>For a delivery exception: the carrier, the parcel and what the carrier reported.</summary>
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public string? ExceptionCode { get; init; }
    public CarrierClaim? Claim { get; private set; }
    /// <summary>The claim's number, as a column of its own so Billing's messages find the case.</summary>
    public string? ClaimNumber { get; private set; }
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

    /// <summary>A case for a carrier's delivery exception on a parcel.</summary>
    public static Case OpenDeliveryException(string caseNumber, string orderNumber, Guid orderId, string channel, string carrier,
        string trackingNumber, string? exceptionCode, string? detail, TimeSpan firstResponseSla, DateTimeOffset now)
    {
        var reason = $"{carrier} {trackingNumber}: {exceptionCode} — {detail}. Options: reship, compensate, claim against the carrier";
        var c = new Case
        {
            CaseNumber = caseNumber, Kind = CaseKind.DeliveryException, Category = "Delivery", OrderNumber = orderNumber, OrderId = orderId,
            Channel = channel, Reason = reason, OpenedAt = now, FirstResponseDue = now + firstResponseSla,
            Carrier = carrier, TrackingNumber = trackingNumber, ExceptionCode = exceptionCode,
        };
        c.Step(now, $"carrier:{carrier}", "Opened", reason);
        return c;
    }

    /// <summary>
    /// Claims against the carrier for goods it damaged or lost: once per case, from a delivery exception of a kind a
    /// carrier answers for, for lines of the order and at most their value. It counts as the first response.
    /// </summary>
    public void OpenClaim(string claimNumber, string by, IReadOnlyList<OrderLine> lines, decimal amount, string? note, DateTimeOffset now)
    {
        if (Kind != CaseKind.DeliveryException || Carrier is null || TrackingNumber is null)
            throw new DomainException($"Case {CaseNumber} is not a carrier's delivery exception; only those can be claimed against a carrier.");
        if (!DeliveryExceptionCodes.Claimable.Contains(ExceptionCode))
            throw new DomainException($"The carrier reported {ExceptionCode}; a claim is for goods damaged, lost or short in the carrier's hands.");
        if (Status == CaseStatus.Resolved) throw new DomainException($"Case {CaseNumber} is resolved.");
        if (Claim is not null) throw new DomainException($"Case {CaseNumber} already has claim {Claim.ClaimNumber}.");
        if (lines.Count == 0) throw new DomainException("A claim needs at least one line.");
        if (amount <= 0 || amount > CarrierClaim.ValueOf(lines))
            throw new DomainException($"The amount claimed must be positive and at most the lines' value, {CarrierClaim.ValueOf(lines):0.00}.");
        Claim = new CarrierClaim
        {
            ClaimNumber = claimNumber, Carrier = Carrier, TrackingNumber = TrackingNumber, Lines = lines.ToList(), AmountClaimed = amount,
            Note = note, OpenedAt = now, OpenedBy = by,
        };
        ClaimNumber = claimNumber;
        FirstRespondedAt ??= now;
        if (Status == CaseStatus.Open) Status = CaseStatus.Responded;
        Step(now, by, "ClaimOpened", $"{claimNumber} against {Carrier} for {amount:0.00}: {ReturnRequest.Describe(lines)}{(note is null ? "" : $" — {note}")}");
    }

    /// <summary>Records the carrier's answer to the claim, once. An accepted claim becomes money due from the carrier in Billing.</summary>
    public CarrierClaimAccepted? DecideClaim(string by, bool accepted, decimal? amount, string? reason, DateTimeOffset now)
    {
        if (Claim is null) throw new DomainException($"Case {CaseNumber} has no claim.");
        if (Claim.Status != ClaimStatus.Open) throw new DomainException($"The carrier's decision on claim {Claim.ClaimNumber} is already recorded ({Claim.Status}).");
        if (!accepted)
        {
            Claim = Claim with { Status = ClaimStatus.Refused, DecidedAt = now, RefusalReason = reason };
            Step(now, by, "ClaimRefused", $"{Claim.Carrier} refused claim {Claim.ClaimNumber}: {reason}");
            return null;
        }
        if (amount is not { } granted || granted <= 0 || granted > Claim.AmountClaimed)
            throw new DomainException($"The amount accepted must be positive and at most the amount claimed, {Claim.AmountClaimed:0.00}.");
        Claim = Claim with { Status = ClaimStatus.Accepted, DecidedAt = now, AmountAccepted = granted };
        Step(now, by, "ClaimAccepted", $"{Claim.Carrier} accepted claim {Claim.ClaimNumber}: {granted:0.00} of {Claim.AmountClaimed:0.00}{(reason is null ? "" : $" — {reason}")}");
        return new CarrierClaimAccepted(Claim.ClaimNumber, CaseNumber, OrderId!.Value, OrderNumber, Claim.Carrier, Claim.TrackingNumber,
            Claim.AmountClaimed, granted, now);
    }

    /// <summary>Billing received money from the carrier against the claim.</summary>
    public void OnClaimPayment(decimal amount, decimal received, bool settled, string reference, DateTimeOffset now)
    {
        if (Claim is null || Claim.AmountRecovered >= received) return;
        Claim = Claim with
        {
            AmountRecovered = received, Status = settled ? ClaimStatus.Settled : Claim.Status, SettledAt = settled ? now : Claim.SettledAt,
        };
        Step(now, "billing", settled ? "ClaimSettled" : "ClaimPaymentReceived",
            $"{Claim.Carrier} paid {amount:0.00} ({reference}); {received:0.00} of {Claim.AmountAccepted:0.00} received");
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
