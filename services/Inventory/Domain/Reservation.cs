using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Inventory.Domain;

public enum ReservationStatus { Reserved, Released, Deducted }

/// <summary>Units of one SKU in one warehouse held for one order.</summary>
public sealed class Reservation
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Sku { get; init; }
    public required string Warehouse { get; init; }
    public int Quantity { get; init; }
    public ReservationStatus Status { get; private set; } = ReservationStatus.Reserved;
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public void MarkDeducted()
    {
        if (Status != ReservationStatus.Reserved) throw new DomainException($"Reservation for {OrderNumber} is {Status}.");
        Status = ReservationStatus.Deducted;
    }

    public void MarkReleased()
    {
        if (Status != ReservationStatus.Reserved) throw new DomainException($"Reservation for {OrderNumber} is {Status}.");
        Status = ReservationStatus.Released;
    }
}

/// <summary>One line of the stock ledger: why a quantity changed.</summary>
public sealed class StockMovement
{
    public long Id { get; init; }
    public required string Sku { get; init; }
    public required string Warehouse { get; init; }
    public required string Kind { get; init; }
    public int OnHandChange { get; init; }
    public int ReservedChange { get; init; }
    public string? OrderNumber { get; init; }
    public string? Reference { get; init; }
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
