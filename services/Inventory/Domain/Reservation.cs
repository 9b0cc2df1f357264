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
    public int Quantity { get; private set; }
    public ReservationStatus Status { get; private set; } = ReservationStatus.Reserved;
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public void MarkDeducted()
    {
        if (Status != ReservationStatus.Reserved) throw new DomainException($"Reservation for {OrderNumber} is {Status}.");
        Status = ReservationStatus.Deducted;
    }

    public static Reservation For(Guid orderId, string orderNumber, string sku, string warehouse, int quantity)
        => new() { OrderId = orderId, OrderNumber = orderNumber, Sku = sku, Warehouse = warehouse, Quantity = quantity };

    /// <summary>Gives back <paramref name="units"/> of the reservation (the order was cut); all of it releases the reservation.</summary>
    public void Reduce(int units)
    {
        if (Status != ReservationStatus.Reserved || units <= 0 || units > Quantity)
            throw new DomainException($"Cannot give back {units} of the {Quantity} {Sku} reserved for {OrderNumber} ({Status}).");
        if (units == Quantity) { Status = ReservationStatus.Released; return; }
        Quantity -= units;
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
    /// <summary>For goods leaving: which lots they came from (oldest first).</summary>
    public string? Lots { get; init; }
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
