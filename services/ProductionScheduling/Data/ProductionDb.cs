using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ProductionScheduling.Data;

public sealed class ProductionDb(DbContextOptions<ProductionDb> options) : ServiceDbContext(options)
{
    public DbSet<ProductionLine> Lines => Set<ProductionLine>();
    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();
    public DbSet<RawMaterial> Materials => Set<RawMaterial>();

    public Task<string> NextWorkOrderNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("work_order_number_seq", "WO", now, ct);

    /// <summary>
    /// Every production line, locked for this transaction: whatever changes the schedule (planning,
    /// progress, QC, cancellation) takes this lock first, so the schedule is computed one change at a time.
    /// </summary>
    public Task<List<ProductionLine>> LockLinesAsync(CancellationToken ct)
        => Lines.FromSql($"SELECT * FROM production_lines ORDER BY code FOR UPDATE").ToListAsync(ct);

    /// <summary>
    /// Recomputes the schedule (lines locked by <see cref="LockLinesAsync"/>) and publishes
    /// <see cref="ProductionRescheduled"/> for every order whose estimated completion moved later, except
    /// <paramref name="quiet"/> (an order just planned, which hears its date in ProductionPlanned).
    /// </summary>
    public async Task RescheduleAsync(IReadOnlyList<ProductionLine> lines, string reason, DateTimeOffset now, CancellationToken ct, Guid? quiet = null)
    {
        await WorkOrders.Where(w => w.Status != WorkOrderStatus.Passed && w.Status != WorkOrderStatus.Cancelled).LoadAsync(ct);
        // Tracked entities carry this transaction's changes (new, passed or cancelled work orders) not yet saved.
        var open = WorkOrders.Local.Where(w => w.IsOpen).ToList();
        var estimates = Schedule.Plan(open, lines.ToDictionary(l => l.Code), ChinaTime.DateOf(now));
        foreach (var order in open.GroupBy(w => (w.OrderId, w.OrderNumber)))
        {
            var before = order.Max(w => w.EstimatedCompletion);
            foreach (var workOrder in order) workOrder.EstimatedCompletion = estimates[workOrder.Number];
            var after = order.Max(w => w.EstimatedCompletion);
            if (after > before && order.Key.OrderId != quiet && before != default)
                Publish(new ProductionRescheduled(order.Key.OrderId, order.Key.OrderNumber, before, after, reason));
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("work_order_number_seq");
        b.Entity<ProductionLine>(e =>
        {
            e.ToTable("production_lines", t => t.HasCheckConstraint("production_lines_daily_capacity_check", "daily_capacity > 0"));
            e.HasKey(l => l.Code);
            e.Property(l => l.Warehouse).HasDefaultValue("WH-SH");
            e.Property(l => l.WorkingDays).HasDefaultValueSql("'{1,2,3,4,5,6,7}'::integer[]").ValueGeneratedNever();
        });
        b.MapReferenceChanges();
        b.Entity<RawMaterial>(e =>
        {
            e.ToTable("raw_materials", t => t.HasCheckConstraint("raw_materials_units_check", "units >= 0"));
            e.HasKey(m => m.Sku);
        });
        b.Entity<WorkOrder>(e =>
        {
            e.ToTable("work_orders", t =>
            {
                t.HasCheckConstraint("work_orders_quantity_check", "quantity > 0");
                t.HasCheckConstraint("work_orders_check", "done >= 0 AND done <= quantity");
            });
            e.HasAlternateKey(w => w.Number);
            e.HasOne<ProductionLine>().WithMany().HasForeignKey(w => w.Line).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(w => w.OrderId);
            e.HasIndex(w => w.Line, "ix_work_orders_open").HasFilter("status NOT IN ('Passed', 'Cancelled')");
            e.Property(w => w.Status).HasConversion<string>();
            e.Property(w => w.History).HasJsonConversion();
            e.Property(w => w.Version).IsXminRowVersion();
            e.Ignore(w => w.Remaining);
            e.Ignore(w => w.IsOpen);
            e.Ignore(w => w.IsUnstarted);
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class ProductionDbFactory : DesignTimeFactory<ProductionDb>;
