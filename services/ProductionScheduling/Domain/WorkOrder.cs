using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.ProductionScheduling.Domain;

public enum WorkOrderStatus { Planned, Released, InProgress, AwaitingInspection, Rework, Passed, Cancelled }

/// <summary>One step in a work order's history: who did what, when.</summary>
public sealed record WorkOrderStep(DateTimeOffset At, string Event, string By, string Detail);

/// <summary>
/// Making one SKU for one order on one line. Planned when scheduled; released when the order's gates
/// are passed (grade, signed confirmation, deposit); progress is reported until the batch is done;
/// QC passes it (goods go to stock for the order) or fails it back to rework.
/// </summary>
public sealed class WorkOrder
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Number { get; init; }
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Grade { get; init; }
    public required string OrderType { get; init; }
    public DateOnly DueDate { get; init; }
    /// <summary>When the order arrived: the last tie-breaker of the sequence.</summary>
    public DateTimeOffset OrderSubmittedAt { get; init; }
    public required string Sku { get; init; }
    public string Specification { get; init; } = "";
    public int Quantity { get; init; }
    public required string Line { get; init; }
    public required string Warehouse { get; init; }
    public int Done { get; private set; }
    public int Reworks { get; private set; }
    public WorkOrderStatus Status { get; private set; } = WorkOrderStatus.Planned;
    public DateOnly EstimatedCompletion { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<WorkOrderStep> History { get; init; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    /// <summary>Units still to make: what the line's capacity is spent on.</summary>
    public int Remaining => Status is WorkOrderStatus.Passed or WorkOrderStatus.Cancelled or WorkOrderStatus.AwaitingInspection ? 0 : Quantity - Done;

    public bool IsOpen => Status is not (WorkOrderStatus.Passed or WorkOrderStatus.Cancelled);

    /// <summary>Not started: nothing made yet, so cancelling it wastes nothing.</summary>
    public bool IsUnstarted => Status is WorkOrderStatus.Planned or WorkOrderStatus.Released && Done == 0;

    public void Release(string reason, DateTimeOffset now)
    {
        if (Status != WorkOrderStatus.Planned) return;
        Status = WorkOrderStatus.Released;
        History.Add(new(now, "Released", "intake", reason));
    }

    /// <summary>Records <paramref name="quantity"/> more units made; the batch goes to QC once all are made.</summary>
    public void ReportProgress(int quantity, string by, string? delay, DateTimeOffset now)
    {
        if (Status is WorkOrderStatus.Planned)
            throw new DomainException($"Work order {Number} is not released yet: order {OrderNumber} waits for its signed confirmation or deposit.");
        if (Status is not (WorkOrderStatus.Released or WorkOrderStatus.InProgress or WorkOrderStatus.Rework))
            throw new DomainException($"Work order {Number} is {Status}; progress can be reported only while it is being made or reworked.");
        if (quantity <= 0) throw new DomainException("Progress must be a positive quantity.");
        if (Done + quantity > Quantity)
            throw new DomainException($"Work order {Number} has {Quantity - Done} of {Quantity} units left to make; {quantity} is too many.");
        Done += quantity;
        var detail = $"{quantity} made, {Done} of {Quantity} done" + (delay is null ? "" : $"; delay: {delay}");
        if (Done == Quantity)
        {
            Status = WorkOrderStatus.AwaitingInspection;
            History.Add(new(now, "Finished", by, $"{detail}; waiting for QC"));
        }
        else
        {
            if (Status == WorkOrderStatus.Released) Status = WorkOrderStatus.InProgress;
            History.Add(new(now, delay is null ? "Progress" : "Delayed", by, detail));
        }
    }

    /// <summary>QC of the finished batch: a pass completes the work order, a failure sends the whole batch back to rework.</summary>
    public void Inspect(bool passed, string note, string by, DateTimeOffset now)
    {
        if (Status != WorkOrderStatus.AwaitingInspection)
            throw new DomainException($"Work order {Number} is {Status}; only a finished batch waiting for QC can be inspected.");
        if (passed)
        {
            Status = WorkOrderStatus.Passed;
            History.Add(new(now, "QcPassed", by, note));
            return;
        }
        Status = WorkOrderStatus.Rework;
        Done = 0;
        Reworks++;
        History.Add(new(now, "QcFailed", by, $"{note}; {Quantity} units back to rework (rework {Reworks})"));
    }

    /// <summary>Cancels the work order if nothing has been made yet; returns false (and keeps it) if it has started.</summary>
    public bool CancelIfUnstarted(string reason, DateTimeOffset now)
    {
        if (!IsUnstarted) return false;
        Status = WorkOrderStatus.Cancelled;
        History.Add(new(now, "Cancelled", "intake", reason));
        return true;
    }
}
