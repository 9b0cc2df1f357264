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
        b.Entity<Order>(e =>
        {
            e.ToTable("orders");
            e.HasIndex(o => o.OrderNumber).IsUnique();
            e.Property(o => o.Status).HasConversion<string>();
            e.Property(o => o.Lines).HasJsonConversion();
            e.Property(o => o.ShippingAddress).HasJsonConversion();
            e.Property(o => o.Holds).HasJsonConversion();
            e.Property(o => o.WorkOrders).HasJsonConversion();
            e.Property(o => o.Shortage).HasJsonConversion();
            e.Property(o => o.Version).IsXminRowVersion();
            e.HasMany(o => o.Timeline).WithOne().HasForeignKey(t => t.OrderId);
        });
        b.Entity<TimelineEntry>(e =>
        {
            e.ToTable("order_timeline");
            e.Property(t => t.Id).ValueGeneratedOnAdd();
        });
        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.Status).HasConversion<string>();
            e.HasIndex(n => n.OrderId);
        });
        b.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => new { r.Client, r.Key });
        });
        UseSnakeCaseNames(b);
    }
}
