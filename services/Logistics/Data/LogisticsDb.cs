using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Logistics.Data;

public sealed class LogisticsDb(DbContextOptions<LogisticsDb> options) : ServiceDbContext(options)
{
    public DbSet<Carrier> Carriers => Set<Carrier>();
    public DbSet<SkuWeight> SkuWeights => Set<SkuWeight>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<CarrierEvent> CarrierEvents => Set<CarrierEvent>();
    public DbSet<DispatchSla> DispatchSlas => Set<DispatchSla>();

    private const decimal DefaultUnitWeightKg = 0.5m;

    /// <summary>
    /// Issues a dispatch note (or, for a return, a pickup note), chooses the carrier by the rules table,
    /// assigns a tracking number and publishes <see cref="ShipmentCreated"/>; the caller saves.
    /// </summary>
    public async Task<Shipment> PlanShipmentAsync(Guid orderId, string orderNumber, string? channel, string purpose, string? reference,
        string orderType, Address address, IReadOnlyList<OrderLine> lines, CancellationToken ct)
    {
        var skus = lines.Select(l => l.Sku).ToList();
        var weights = await SkuWeights.Where(w => skus.Contains(w.Sku)).ToDictionaryAsync(w => w.Sku, w => w.WeightKg, ct);
        var weight = lines.Sum(l => l.Quantity * weights.GetValueOrDefault(l.Sku, DefaultUnitWeightKg));
        var (carrier, reason) = CarrierSelection.Choose(await Carriers.ToListAsync(ct), orderType, address.Province, weight);
        var note = await NextDocumentNumberAsync("dispatch_note_seq", purpose == ShipmentPurposes.Return ? "RP" : "DN", DateTimeOffset.UtcNow, ct);
        var trackingSeq = await NextValueAsync("tracking_seq", ct);
        var shipment = new Shipment
        {
            OrderId = orderId, OrderNumber = orderNumber, Channel = channel, Purpose = purpose, Reference = reference, DispatchNoteNumber = note,
            Carrier = carrier.Code, CarrierReason = reason, TrackingNumber = $"{carrier.Code}{trackingSeq}",
            Lines = lines.ToList(), Address = address, WeightKg = weight,
        };
        Shipments.Add(shipment);
        Publish(new ShipmentCreated(orderId, orderNumber, shipment.Id, shipment.DispatchNoteNumber, carrier.Code,
            shipment.TrackingNumber, reason, purpose, reference));
        return shipment;
    }

    /// <summary>
    /// Records one carrier route (once per carrier and event id) and applies it to <paramref name="shipment"/>,
    /// publishing what it causes; the caller saves. A route for no known shipment is kept for staff and changes nothing.
    /// </summary>
    public async Task<RouteOutcome> RecordRouteAsync(string carrier, CarrierRoute route, Shipment? shipment, CancellationToken ct)
    {
        if (CarrierEvents.Local.Any(e => e.Carrier == carrier && e.EventId == route.EventId)
            || await CarrierEvents.AnyAsync(e => e.Carrier == carrier && e.EventId == route.EventId, ct))
            return RouteOutcome.Duplicate;
        IReadOnlyList<object> messages = shipment is null || route.Status is null
            ? []
            : shipment.Apply(route.Status, route.OccurredAt, route.SignedBy, route.ExceptionCode, route.Describe());
        CarrierEvents.Add(new CarrierEvent
        {
            Carrier = carrier, EventId = route.EventId, TrackingNumber = route.TrackingNumber, Type = route.Status ?? CarrierEvent.Other,
            OccurredAt = route.OccurredAt, Applied = messages.Count > 0, Matched = shipment is not null, CarrierStatus = route.CarrierStatus,
            Detail = route.Detail, Place = route.Place, RawBody = route.Raw,
        });
        foreach (var message in messages) Publish(message);
        if (messages.OfType<ShipmentDispatched>().FirstOrDefault() is { Purpose: ShipmentPurposes.Order } dispatched)
            (await DispatchSlas.FindAsync([shipment!.OrderId], ct))?.Dispatched(dispatched.DispatchedAt);
        return shipment is null ? RouteOutcome.UnknownParcel : messages.Count > 0 ? RouteOutcome.Applied : RouteOutcome.Recorded;
    }

    /// <summary>The shipment that took the order's goods out: the address a return is picked up from and a replacement goes to.</summary>
    public Task<Shipment?> FindOrderShipmentAsync(Guid orderId, CancellationToken ct)
        => Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId && s.Purpose == ShipmentPurposes.Order, ct);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("dispatch_note_seq");
        b.HasSequence("tracking_seq").StartsAt(100000001);
        b.Entity<Carrier>(e =>
        {
            e.ToTable("carriers");
            e.HasKey(c => c.Code);
            e.Property(c => c.Version).IsXminRowVersion();
            e.Property(c => c.BaseRate).HasPrecision(10, 2);
            e.Property(c => c.RatePerKg).HasPrecision(10, 2);
            e.Property(c => c.MaxWeightKg).HasPrecision(10, 3);
            e.Property(c => c.TransitDays).HasDefaultValue(3).ValueGeneratedNever();
        });
        b.MapReferenceChanges();
        b.Entity<SkuWeight>(e =>
        {
            e.ToTable("sku_weights");
            e.HasKey(w => w.Sku);
            e.Property(w => w.WeightKg).HasPrecision(8, 3);
        });
        b.Entity<Shipment>(e =>
        {
            e.ToTable("shipments");
            e.HasAlternateKey(s => s.DispatchNoteNumber);
            e.HasAlternateKey(s => s.TrackingNumber);
            e.HasOne<Carrier>().WithMany().HasForeignKey(s => s.Carrier).OnDelete(DeleteBehavior.NoAction);
            // One shipment per order; replacements and return pick-ups are told apart by their purpose and reference.
            e.HasIndex(s => s.OrderId, "ux_shipments_order").IsUnique().HasFilter("purpose = 'Order'");
            e.HasIndex(s => new { s.Purpose, s.Reference }, "ux_shipments_purpose_reference").IsUnique().HasFilter("reference IS NOT NULL");
            e.HasIndex(s => s.OrderId, "ix_shipments_order_id");
            e.HasIndex(s => s.OrderNumber);
            e.Property(s => s.Purpose).HasDefaultValue("Order").ValueGeneratedNever();
            e.Property(s => s.WeightKg).HasPrecision(10, 3);
            e.Property(s => s.Lines).HasJsonConversion();
            e.Property(s => s.Address).HasJsonConversion();
            e.Property(s => s.Version).IsXminRowVersion();
        });
        b.Entity<DispatchSla>(e =>
        {
            e.ToTable("dispatch_slas");
            e.HasKey(x => x.OrderId);
            e.HasIndex(x => x.DueAt, "ix_dispatch_slas_waiting").HasFilter("dispatched_at IS NULL AND NOT cancelled");
            e.Ignore(x => x.Late);
            e.Property(x => x.Version).IsXminRowVersion();
        });
        b.Entity<CarrierEvent>(e =>
        {
            e.ToTable("carrier_events");
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.HasAlternateKey(x => new { x.Carrier, x.EventId }).HasName("ux_carrier_events_carrier_event");
            e.HasIndex(x => new { x.TrackingNumber, x.OccurredAt }, "ix_carrier_events_tracking");
            e.HasIndex(x => x.ReceivedAt, "ix_carrier_events_unmatched").HasFilter("NOT matched");
            e.Property(x => x.Matched).HasDefaultValue(true).ValueGeneratedNever();
            e.Property(x => x.RawBody).HasColumnType("jsonb");
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class LogisticsDbFactory : DesignTimeFactory<LogisticsDb>;
