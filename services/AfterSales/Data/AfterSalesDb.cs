using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.AfterSales.Data;

/// <summary>
/// What AfterSales knows of each order, from the other services' events: who may open a case on it,
/// what was ordered, and when it was delivered.
/// </summary>
public sealed class KnownOrder
{
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string Channel { get; init; }
    public required string CustomerId { get; init; }
    public List<OrderLine> Lines { get; init; } = [];
    public DateTimeOffset? DeliveredAt { get; set; }
}

public sealed class AfterSalesDb(DbContextOptions<AfterSalesDb> options) : ServiceDbContext(options)
{
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<KnownOrder> KnownOrders => Set<KnownOrder>();
    public DbSet<ReturnRequest> Returns => Set<ReturnRequest>();

    /// <summary>AS-yyyyMMdd-nnnnnn from a database sequence.</summary>
    public Task<string> NextCaseNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("case_number_seq", "AS", now, ct);

    /// <summary>RMA-yyyyMMdd-nnnnnn from a database sequence.</summary>
    public Task<string> NextReturnNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("return_number_seq", "RMA", now, ct);

    /// <summary>CL-yyyyMMdd-nnnnnn from a database sequence.</summary>
    public Task<string> NextClaimNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("claim_number_seq", "CL", now, ct);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("case_number_seq");
        b.HasSequence("return_number_seq");
        b.HasSequence("claim_number_seq");
        b.Entity<Survey>(e =>
        {
            e.ToTable("surveys", t => t.HasCheckConstraint("surveys_score_check", "score >= 1 AND score <= 5"));
            e.HasAlternateKey(s => s.OrderId);
            e.HasAlternateKey(s => s.OrderNumber);
            e.HasIndex(s => s.AnsweredAt).HasFilter("answered_at IS NOT NULL");
            e.Property(s => s.Status).HasConversion<string>();
            e.Property(s => s.Skus).HasJsonConversion();
            e.Property(s => s.Version).IsXminRowVersion();
        });
        b.Entity<KnownOrder>(e =>
        {
            e.ToTable("known_orders");
            e.HasKey(o => o.OrderId);
            e.HasIndex(o => o.OrderNumber).IsUnique();
            e.HasIndex(o => o.DeliveredAt).HasFilter("delivered_at IS NOT NULL");
            e.Property(o => o.Lines).HasJsonConversion().HasDefaultValueSql("'[]'").ValueGeneratedNever();
        });
        b.Entity<ReturnRequest>(e =>
        {
            e.ToTable("returns");
            e.HasIndex(r => r.ReturnNumber).IsUnique();
            e.HasIndex(r => r.OrderId);
            // At most one return in progress per order.
            e.HasIndex(r => r.OrderId, "ux_returns_one_open_per_order").IsUnique()
                .HasFilter("status NOT IN ('Rejected', 'Refused', 'Completed')");
            e.HasIndex(r => r.RequestedAt);
            e.Property(r => r.Value).HasPrecision(14, 2);
            e.Property(r => r.Refunded).HasPrecision(14, 2);
            e.Property(r => r.Status).HasConversion<string>();
            e.Property(r => r.Lines).HasJsonConversion();
            e.Property(r => r.Steps).HasJsonConversion();
            e.Property(r => r.Version).IsXminRowVersion();
            e.Ignore(r => r.IsOpen);
            e.Ignore(r => r.HoldsQuantity);
        });
        b.Entity<Case>(e =>
        {
            e.ToTable("cases");
            e.HasIndex(c => c.CaseNumber).IsUnique();
            e.HasIndex(c => c.FirstResponseDue, "ix_cases_open_due").HasFilter("status = 'Open'");
            e.HasIndex(c => c.OrderNumber);
            e.HasIndex(c => c.OpenedAt);
            e.HasIndex(c => c.ClaimNumber).IsUnique().HasFilter("claim_number IS NOT NULL");
            e.Property(c => c.Kind).HasConversion<string>();
            e.Property(c => c.Status).HasConversion<string>();
            e.Property(c => c.Category).HasDefaultValue("Other").ValueGeneratedNever();
            e.Property(c => c.Steps).HasJsonConversion();
            e.Property(c => c.Claim).HasJsonConversion();
            e.Property(c => c.Version).IsXminRowVersion();
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class AfterSalesDbFactory : DesignTimeFactory<AfterSalesDb>;
