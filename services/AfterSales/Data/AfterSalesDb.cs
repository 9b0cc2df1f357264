using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.AfterSales.Data;

public sealed class AfterSalesDb(DbContextOptions<AfterSalesDb> options) : ServiceDbContext(options)
{
    public DbSet<Survey> Surveys => Set<Survey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<Survey>(e =>
        {
            e.ToTable("surveys");
            e.Property(s => s.Status).HasConversion<string>();
            e.Property(s => s.Skus).HasJsonConversion();
            e.Property(s => s.Version).IsXminRowVersion();
        });
        UseSnakeCaseNames(b);
    }
}
