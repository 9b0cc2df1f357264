using Microsoft.EntityFrameworkCore;
using OrderPlatform.ProductionScheduling.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ProductionScheduling.Data;

public sealed class ProductionDb(DbContextOptions<ProductionDb> options) : ServiceDbContext(options)
{
    public DbSet<ProductionLine> Lines => Set<ProductionLine>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<ProductionLine>(e => { e.ToTable("production_lines"); e.HasKey(l => l.Code); });
        UseSnakeCaseNames(b);
    }
}
