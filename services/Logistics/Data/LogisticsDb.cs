using Microsoft.EntityFrameworkCore;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Logistics.Data;

public sealed class LogisticsDb(DbContextOptions<LogisticsDb> options) : ServiceDbContext(options)
{
    public DbSet<Carrier> Carriers => Set<Carrier>();
    public DbSet<SkuWeight> SkuWeights => Set<SkuWeight>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<CarrierEvent> CarrierEvents => Set<CarrierEvent>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<Carrier>(e => { e.ToTable("carriers"); e.HasKey(c => c.Code); });
        b.Entity<SkuWeight>(e => { e.ToTable("sku_weights"); e.HasKey(w => w.Sku); });
        b.Entity<Shipment>(e =>
        {
            e.ToTable("shipments");
            e.Property(s => s.Lines).HasJsonConversion();
            e.Property(s => s.Address).HasJsonConversion();
            e.Property(s => s.Version).IsXminRowVersion();
        });
        b.Entity<CarrierEvent>(e =>
        {
            e.ToTable("carrier_events");
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.RawBody).HasColumnType("jsonb");
        });
        UseSnakeCaseNames(b);
    }
}
