using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Builds a service's DbContext for the <c>dotnet-ef</c> tool and the model check, without starting the
/// service or reaching a database: <c>dotnet ef migrations add Name --project services/Intake --output-dir Data/Migrations</c>.
/// Each service declares one (<c>public sealed class IntakeDbFactory : DesignTimeFactory&lt;IntakeDb&gt;;</c>).
/// </summary>
public abstract class DesignTimeFactory<TDb> : IDesignTimeDbContextFactory<TDb> where TDb : ServiceDbContext
{
    public TDb CreateDbContext(string[] args)
        => (TDb)Activator.CreateInstance(typeof(TDb),
            new DbContextOptionsBuilder<TDb>().UseNpgsql("Host=127.0.0.1;Database=design_time").Options)!;
}
