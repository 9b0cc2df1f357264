using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Inventory.Data;

public sealed class InventoryDb(DbContextOptions<InventoryDb> options) : ServiceDbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<StockItem> Stock => Set<StockItem>();
    public DbSet<Reservation> Reservations => Set<Reservation>();
    public DbSet<StockMovement> Ledger => Set<StockMovement>();
    public DbSet<LowStockAlert> LowStockAlerts => Set<LowStockAlert>();
    public DbSet<Backorder> Backorders => Set<Backorder>();
    public DbSet<StockLot> Lots => Set<StockLot>();
    public DbSet<ProductPrice> Prices => Set<ProductPrice>();
    public DbSet<CustomerPrice> CustomerPrices => Set<CustomerPrice>();

    /// <summary>Goods arrive in a warehouse (row locked): on hand goes up, a new lot records when and why, and the ledger says so.</summary>
    public void PutOnHand(StockItem item, int quantity, string kind, string? orderNumber, string? reference, bool madeForOrder = false)
    {
        var now = DateTimeOffset.UtcNow;
        item.Receive(quantity);
        Lots.Add(StockLot.Arrive(item.Sku, item.Warehouse, quantity, kind, reference, now, madeForOrder ? orderNumber : null));
        Ledger.Add(new StockMovement { Sku = item.Sku, Warehouse = item.Warehouse, Kind = kind, OnHandChange = quantity, OrderNumber = orderNumber, Reference = reference, At = now });
    }

    /// <summary>
    /// Goods leave a warehouse (its stock row locked by the caller): they come from the oldest lots
    /// first. Returns which lots, for the ledger.
    /// </summary>
    public async Task<string> TakeFromOldestLotsAsync(string sku, string warehouse, int quantity, string? orderNumber, CancellationToken ct)
    {
        await Lots.Where(l => l.Sku == sku && l.Warehouse == warehouse && l.Remaining > 0).LoadAsync(ct);
        var taken = StockLot.TakeOldest(Lots.Local.Where(l => l.Sku == sku && l.Warehouse == warehouse), quantity, orderNumber);
        return string.Join("; ", taken.Select(t => $"{t.Quantity} from {t.Lot?.Label ?? "stock without a lot"}"));
    }

    /// <summary>Reserves stock for the order in the warehouse with the most available first (rows locked); returns what it took.</summary>
    public List<ReservedLine> Reserve(Guid orderId, string orderNumber, string sku, int wanted, IEnumerable<StockItem> lockedStock, string? reference = null)
    {
        var taken = new List<ReservedLine>();
        var got = 0;
        foreach (var item in lockedStock.Where(s => s.Sku == sku && s.Available > 0).OrderByDescending(s => s.Available))
        {
            if (got == wanted) break;
            var take = item.ReserveUpTo(wanted - got);
            got += take;
            taken.Add(new ReservedLine(sku, take, item.Warehouse));
            Reservations.Add(Reservation.For(orderId, orderNumber, sku, item.Warehouse, take));
            Ledger.Add(new StockMovement { Sku = sku, Warehouse = item.Warehouse, Kind = "Reserved", ReservedChange = take, OrderNumber = orderNumber, Reference = reference });
        }
        return taken;
    }

    /// <summary>Everything held for the order now, including reservations added in this transaction.</summary>
    public async Task<List<ReservedLine>> ReservedForOrderAsync(Guid orderId, CancellationToken ct)
    {
        await Reservations.Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved).LoadAsync(ct);
        return Reservations.Local.Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved)
            .Select(r => new ReservedLine(r.Sku, r.Quantity, r.Warehouse)).ToList();
    }

    /// <summary>
    /// After a receipt of <paramref name="sku"/> (stock rows locked): serves the open backorders in allocation
    /// order from what is available, and publishes StockReserved for each order whose backorders are all filled.
    /// </summary>
    public async Task ServeBackordersAsync(string sku, IReadOnlyList<StockItem> lockedStock, CancellationToken ct)
    {
        var waiting = await Backorders.Where(b => b.Sku == sku && b.Status == BackorderStatus.Open).ToListAsync(ct);
        foreach (var backorder in Backorder.InAllocationOrder(waiting))
        {
            if (lockedStock.Where(s => s.Sku == sku).Sum(s => s.Available) == 0) break;
            var taken = Reserve(backorder.OrderId, backorder.OrderNumber, sku, backorder.Outstanding, lockedStock, "backorder");
            backorder.Fill(taken.Sum(t => t.Quantity));
            if (backorder.Status != BackorderStatus.Filled) continue;
            var stillOpen = await Backorders.AnyAsync(b => b.OrderId == backorder.OrderId && b.Id != backorder.Id && b.Status == BackorderStatus.Open, ct);
            if (!stillOpen) Publish(new StockReserved(backorder.OrderId, backorder.OrderNumber, await ReservedForOrderAsync(backorder.OrderId, ct)));
        }
    }

    /// <summary>
    /// After a change to these SKUs' stock (rows loaded and locked in this transaction, not yet saved): raises a
    /// low-stock alert for each now below its threshold, and clears the alert of each back above it.
    /// An alert can be open only for a SKU that was below its threshold when last checked, so a SKU that was at or
    /// above it before this change and still is needs no look at the alerts: the common case of a reservation asks
    /// the database nothing more while it holds the stock rows.
    /// </summary>
    public async Task CheckLowStockAsync(IReadOnlyCollection<string> skus, CancellationToken ct) => await CheckLowStockAsync(skus, review: false, ct);

    /// <summary>
    /// A product added, or its threshold set: an alert for each of these SKUs below its threshold that has none open — a
    /// new product with no stock yet is below it too. Their stock rows are read here (nothing about them changed).
    /// </summary>
    public async Task ReviewLowStockAsync(IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        await Stock.Where(s => skus.Contains(s.Sku)).LoadAsync(ct);
        await CheckLowStockAsync(skus, review: true, ct);
    }

    private async Task CheckLowStockAsync(IReadOnlyCollection<string> skus, bool review, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var levels = new List<(string Sku, int Available, int Threshold)>();
        foreach (var sku in skus.Distinct())
        {
            var items = Stock.Local.Where(s => s.Sku == sku).ToList();
            var available = items.Sum(s => s.Available);
            var before = items.Sum(AvailableBeforeThisChange);
            // The products are usually tracked already (the reservation priced them): Find asks the database only if not.
            var threshold = (await Products.FindAsync([sku], ct))?.LowStockThreshold ?? 0;
            if (available < threshold || before < threshold || review) levels.Add((sku, available, threshold));
        }
        if (levels.Count == 0) return;

        var watched = levels.Select(l => l.Sku).ToList();
        var open = await LowStockAlerts.Where(a => watched.Contains(a.Sku) && a.ClearedAt == null).ToDictionaryAsync(a => a.Sku, ct);
        foreach (var (sku, available, threshold) in levels)
        {
            var current = open.GetValueOrDefault(sku);
            current?.Update(available, now);
            if (LowStockAlert.RaiseIfLow(sku, threshold, available, current, now) is { } raised)
            {
                LowStockAlerts.Add(raised);
                Publish(new LowStockAlerted(sku, available, raised.Threshold, now));
            }
        }
    }

    private int AvailableBeforeThisChange(StockItem item)
    {
        var entry = Entry(item);
        return entry.State == EntityState.Added ? 0
            : entry.Property(s => s.OnHand).OriginalValue - entry.Property(s => s.Reserved).OriginalValue;
    }

    /// <summary>
    /// The stock rows of these SKUs, locked for this transaction in a fixed order (no deadlocks),
    /// so concurrent reservations of the same SKU queue instead of overselling.
    /// </summary>
    public Task<List<StockItem>> LockStockAsync(IReadOnlyCollection<string> skus, CancellationToken ct)
        => Stock.FromSql($"SELECT *, xmin FROM stock_items WHERE sku = ANY({skus.ToArray()}) ORDER BY sku, warehouse FOR UPDATE")
            .ToListAsync(ct);

    /// <summary>The order's reservations still held, each with its stock row locked for this transaction.</summary>
    public async Task<List<(Reservation Reservation, StockItem Stock)>> LockReservedForOrderAsync(Guid orderId, CancellationToken ct)
    {
        var reservations = await Reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved).ToListAsync(ct);
        if (reservations.Count == 0) return [];
        var stock = await LockStockAsync(reservations.Select(r => r.Sku).Distinct().ToList(), ct);
        return reservations.Select(r => (r, stock.Single(s => s.Sku == r.Sku && s.Warehouse == r.Warehouse))).ToList();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.MapReferenceChanges();
        b.Entity<Warehouse>(e =>
        {
            e.ToTable("warehouses");
            e.HasKey(w => w.Code);
            e.Property(w => w.Version).IsXminRowVersion();
            e.Property(w => w.Active).HasDefaultValue(true).ValueGeneratedNever();
        });
        b.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.HasKey(p => p.Sku);
            e.Property(p => p.Version).IsXminRowVersion();
            e.Property(p => p.ListPrice).HasPrecision(14, 2);
            e.Property(p => p.WeightKg).HasPrecision(8, 3).HasDefaultValueSql("0").ValueGeneratedNever();
            e.Property(p => p.VolumeM3).HasPrecision(8, 4);
            e.Ignore(p => p.Sourcing);
        });
        b.Entity<ProductPrice>(e =>
        {
            e.ToTable("product_prices", t => t.HasCheckConstraint("product_prices_unit_price_check", "unit_price > 0"));
            e.Property(p => p.Id).ValueGeneratedOnAdd();
            e.HasOne<Product>().WithMany().HasForeignKey(p => p.Sku).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(p => new { p.Sku, p.EffectiveFrom });
            e.HasIndex(p => p.EffectiveFrom, "ix_product_prices_scheduled").HasFilter("NOT applied");
            e.Property(p => p.UnitPrice).HasPrecision(14, 2);
        });
        b.Entity<CustomerPrice>(e =>
        {
            e.ToTable("customer_prices", t => t.HasCheckConstraint("customer_prices_unit_price_check", "unit_price > 0"));
            e.Property(p => p.Id).ValueGeneratedOnAdd();
            e.HasOne<Product>().WithMany().HasForeignKey(p => p.Sku).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(p => new { p.CustomerId, p.Sku });
            e.Property(p => p.UnitPrice).HasPrecision(14, 2);
        });
        b.Entity<StockItem>(e =>
        {
            // The database itself refuses an oversold or negative stock row, whatever code writes it.
            e.ToTable("stock_items", t => t.HasCheckConstraint("ck_stock_items_no_oversell", "reserved >= 0 AND reserved <= on_hand"));
            e.HasKey(s => new { s.Sku, s.Warehouse });
            e.HasOne<Product>().WithMany().HasForeignKey(s => s.Sku).OnDelete(DeleteBehavior.NoAction);
            e.Property(s => s.Version).IsXminRowVersion();
            e.Ignore(s => s.Available);
        });
        b.Entity<Reservation>(e =>
        {
            e.ToTable("reservations", t => t.HasCheckConstraint("reservations_quantity_check", "quantity > 0"));
            e.HasIndex(r => r.OrderId);
            e.Property(r => r.Status).HasConversion<string>();
        });
        b.Entity<LowStockAlert>(e =>
        {
            e.ToTable("low_stock_alerts");
            e.HasIndex(a => a.Sku, "ux_low_stock_alerts_open").IsUnique().HasFilter("cleared_at IS NULL");
        });
        b.Entity<StockLot>(e =>
        {
            e.ToTable("stock_lots", t =>
            {
                t.HasCheckConstraint("stock_lots_received_check", "received > 0");
                t.HasCheckConstraint("stock_lots_check", "remaining >= 0 AND remaining <= received");
            });
            e.Property(l => l.Id).ValueGeneratedOnAdd();
            e.HasIndex(l => new { l.Sku, l.Warehouse, l.ReceivedAt }, "ix_stock_lots_open").HasFilter("remaining > 0");
            e.Ignore(l => l.Label);
        });
        b.Entity<Backorder>(e =>
        {
            e.ToTable("backorders", t =>
            {
                t.HasCheckConstraint("backorders_quantity_check", "quantity > 0");
                t.HasCheckConstraint("backorders_check", "filled >= 0 AND filled <= quantity");
            });
            e.HasIndex(o => new { o.Sku, o.CreatedAt }, "ix_backorders_open").HasFilter("status = 'Open'");
            e.HasIndex(o => o.OrderId);
            e.Property(o => o.Status).HasConversion<string>();
            e.Property(o => o.Version).IsXminRowVersion();
            e.Ignore(o => o.Outstanding);
        });
        b.Entity<StockMovement>(e =>
        {
            e.ToTable("stock_movements");
            e.Property(m => m.Id).ValueGeneratedOnAdd();
            e.HasIndex(m => new { m.Sku, m.At }, "ix_stock_movements_sku");
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class InventoryDbFactory : DesignTimeFactory<InventoryDb>;
