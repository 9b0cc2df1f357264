using Microsoft.EntityFrameworkCore;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Intake.Data;

/// <summary>A channel's request, remembered so that a retry returns the same order instead of a second one.</summary>
public sealed class IdempotencyRecord
{
    public required string Client { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public required string OrderNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class IntakeDb(DbContextOptions<IntakeDb> options) : ServiceDbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>SO-yyyyMMdd-nnnnnn from a database sequence: never the same number twice.</summary>
    public Task<string> NextOrderNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("order_number_seq", "SO", now, ct);

    /// <summary>
    /// Moves the messages of every changed order into the outbox, and a customer notification for each
    /// new milestone into the notification outbox, in the same transaction as the change.
    /// </summary>
    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        foreach (var tracked in ChangeTracker.Entries<Order>().ToList())
        {
            var order = tracked.Entity;
            OrderMetrics.Record(tracked, order.Timeline.Where(t => Entry(t).State == EntityState.Added));
            foreach (var message in order.DequeueMessages())
                Publish(message);
            foreach (var entry in order.Timeline.Where(t => Entry(t).State == EntityState.Added))
                if (Notification.ForMilestone(order, entry) is { } notification)
                    Notifications.Add(notification);
        }
        return base.SaveChangesAsync(cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("order_number_seq");
        // orders.change_xid (the order feed's cursor), stamped by a trigger, is created by the Baseline migration
        // in SQL and stays out of the model: no code writes or maps it.
        b.Entity<Order>(e =>
        {
            e.ToTable("orders");
            e.HasIndex(o => o.OrderNumber).IsUnique();
            e.HasIndex(o => new { o.Status, o.SubmittedAt }, "ix_orders_status");
            e.HasIndex(o => new { o.CustomerId, o.SubmittedAt }, "ix_orders_customer");
            e.HasIndex(o => o.DeliveredAt).HasFilter("status = 'Delivered'");
            e.HasIndex(o => o.SubmittedAt, "ix_orders_under_review").HasFilter("status IN ('Submitted', 'OnHold')");
            e.Property(o => o.Status).HasConversion<string>();
            e.Property(o => o.Lines).HasJsonConversion();
            e.Property(o => o.ShippingAddress).HasJsonConversion();
            e.Property(o => o.Holds).HasJsonConversion();
            e.Property(o => o.WorkOrders).HasJsonConversion().HasDefaultValueSql("'[]'").ValueGeneratedNever();
            e.Property(o => o.Shortage).HasJsonConversion().HasDefaultValueSql("'[]'").ValueGeneratedNever();
            e.Property(o => o.DepositPercent).HasPrecision(5, 2);
            e.Property(o => o.Total).HasPrecision(14, 2);
            e.Property(o => o.AmountPaid).HasPrecision(14, 2);
            e.Property(o => o.AmountDue).HasPrecision(14, 2);
            e.Property(o => o.AmountRefunded).HasPrecision(14, 2).HasDefaultValueSql("0").ValueGeneratedNever();
            e.Property(o => o.PromisedDateSlipDays).HasDefaultValue(0).ValueGeneratedNever();
            e.Property(o => o.DepositPaid).HasDefaultValue(false).ValueGeneratedNever();
            e.Property(o => o.ProductionReleased).HasDefaultValue(false).ValueGeneratedNever();
            e.Property(o => o.Version).IsXminRowVersion();
            e.HasMany(o => o.Timeline).WithOne().HasForeignKey(t => t.OrderId);
        });
        b.Entity<TimelineEntry>(e =>
        {
            e.ToTable("order_timeline");
            e.Property(t => t.Id).ValueGeneratedOnAdd();
            e.HasIndex(t => new { t.OrderId, t.Id }, "ix_order_timeline_order_id");
        });
        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.Status).HasConversion<string>();
            e.HasOne<Order>().WithMany().HasForeignKey(n => n.OrderId);
            e.HasIndex(n => n.OrderId);
            e.HasIndex(n => n.CreatedAt, "ix_notifications_pending").HasFilter("status = 'Pending'");
        });
        b.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => new { r.Client, r.Key });
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class IntakeDbFactory : DesignTimeFactory<IntakeDb>;
