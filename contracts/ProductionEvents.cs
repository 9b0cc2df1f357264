namespace OrderPlatform.Contracts;

// Published by ProductionScheduling.

public record PlannedWorkOrder(string WorkOrderNumber, string Sku, int Quantity, string Line, DateOnly EstimatedCompletion);

/// <summary>The technical check passed and work orders are scheduled; the latest estimated completion becomes the promised date.</summary>
public record ProductionPlanned(Guid OrderId, string OrderNumber, IReadOnlyList<PlannedWorkOrder> WorkOrders, DateOnly EstimatedCompletion);

/// <summary>The goods cannot be made (no routing, or not enough raw material): sales must decide.</summary>
public record TechnicalCheckFailed(Guid OrderId, string OrderNumber, string Reason);

/// <summary>A change to the schedule moved the order's estimated completion.</summary>
public record ProductionRescheduled(Guid OrderId, string OrderNumber, DateOnly Previous, DateOnly EstimatedCompletion, string Reason);

/// <summary>Quantity done on a work order; <paramref name="Delay"/> names a delay or production exception, if one was reported,
/// and <paramref name="ReportedBy"/> who reported it.</summary>
public record ProductionProgressed(Guid OrderId, string OrderNumber, string WorkOrderNumber, int Done, int Quantity, string? Delay,
    string? ReportedBy = null);

/// <summary>QC of a finished batch: passed goods go to stock for the order; failed goods go back to rework.</summary>
public record QualityInspected(Guid OrderId, string OrderNumber, string WorkOrderNumber, bool Passed, int Quantity, string Note, string InspectedBy);

/// <summary>A work order passed QC: Inventory receives its goods and reserves them for the order.</summary>
public record ProductionCompleted(Guid OrderId, string OrderNumber, string WorkOrderNumber, string Sku, int Quantity, string Warehouse);

/// <summary>The order was cancelled: its unstarted work orders are cancelled; started ones finish into stock.</summary>
public record ProductionStopped(Guid OrderId, string OrderNumber, IReadOnlyList<string> Cancelled, IReadOnlyList<string> Continuing);
