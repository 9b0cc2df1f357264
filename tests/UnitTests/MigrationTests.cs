using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.UnitTests;

/// <summary>
/// Each service's EF Core model against its migrations: a model change without a migration
/// (<c>dotnet ef migrations add Name --project services/X --output-dir Data/Migrations</c>) fails here.
/// </summary>
public sealed class MigrationTests
{
    public static TheoryData<Type> Factories =>
    [
        typeof(Intake.Data.IntakeDbFactory), typeof(CreditReview.Data.CreditDbFactory), typeof(Inventory.Data.InventoryDbFactory),
        typeof(ProductionScheduling.Data.ProductionDbFactory), typeof(Logistics.Data.LogisticsDbFactory),
        typeof(Billing.Data.BillingDbFactory), typeof(AfterSales.Data.AfterSalesDbFactory),
    ];

    [Theory]
    [MemberData(nameof(Factories))]
    public void Every_model_change_has_a_migration(Type factory)
    {
        using var db = (DbContext)factory.GetMethod(nameof(IDesignTimeDbContextFactory<ServiceDbContext>.CreateDbContext))!
            .Invoke(Activator.CreateInstance(factory), [Array.Empty<string>()])!;
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration");
    }
}
