using Microsoft.EntityFrameworkCore;
using OrderPlatform.Billing.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Billing.Data;

public sealed class BillingDb(DbContextOptions<BillingDb> options) : ServiceDbContext(options)
{
    public DbSet<BillingAccount> Accounts => Set<BillingAccount>();
    public DbSet<Payment> Payments => Set<Payment>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<BillingAccount>(e =>
        {
            e.ToTable("billing_accounts");
            e.HasKey(a => a.OrderId);
            e.Property(a => a.Status).HasConversion<string>();
            e.Property(a => a.Version).IsXminRowVersion();
            e.Ignore(a => a.Due);
            e.Ignore(a => a.DepositAmount);
        });
        b.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.Property(p => p.RawBody).HasColumnType("jsonb");
        });
        UseSnakeCaseNames(b);
    }
}
