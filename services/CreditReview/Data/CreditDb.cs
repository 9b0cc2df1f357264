using Microsoft.EntityFrameworkCore;
using OrderPlatform.CreditReview.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.CreditReview.Data;

public sealed class CreditDb(DbContextOptions<CreditDb> options) : ServiceDbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CreditCase> Cases => Set<CreditCase>();

    /// <summary>Unpaid amounts of the customer's approved open orders.</summary>
    public Task<decimal> ExposureAsync(string customerId, CancellationToken ct)
        => Cases.Where(c => c.CustomerId == customerId && c.Open).SumAsync(c => c.Amount, ct);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("customer_number_seq");
        b.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.HasKey(c => c.CustomerId);
            e.Property(c => c.CreditLimit).HasPrecision(14, 2);
            e.Property(c => c.Address).HasJsonConversion();
            e.Property(c => c.History).HasJsonConversion().HasDefaultValueSql("'[]'").ValueGeneratedNever();
            e.Property(c => c.ContactName).HasDefaultValue("").ValueGeneratedNever();
            e.Property(c => c.PaymentTermsDays).HasDefaultValue(30).ValueGeneratedNever();
            e.Property(c => c.DepositPercent).HasPrecision(5, 2);
            e.Property(c => c.Version).IsXminRowVersion();
            e.Ignore(c => c.PaymentTerms);
            e.Ignore(c => c.Terms);
        });
        b.Entity<CreditCase>(e =>
        {
            e.ToTable("credit_cases");
            e.HasKey(c => c.OrderId);
            e.HasAlternateKey(c => c.OrderNumber);
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(c => c.CustomerId, "ix_credit_cases_customer_open").HasFilter("open");
            e.Property(c => c.Amount).HasPrecision(14, 2);
            e.Property(c => c.Status).HasConversion<string>();
            e.Property(c => c.Version).IsXminRowVersion();
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class CreditDbFactory : DesignTimeFactory<CreditDb>;
