using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPlatform.ServiceDefaults.Persistence;

public static class JsonColumn
{
    /// <summary>Stores a value object (or a list of them) as one jsonb column, compared by its JSON.</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        property.HasConversion(
                v => JsonSerializer.Serialize(v, ServiceDbContext.Json),
                s => JsonSerializer.Deserialize<T>(s, ServiceDbContext.Json)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, ServiceDbContext.Json) == JsonSerializer.Serialize(b, ServiceDbContext.Json),
                    v => JsonSerializer.Serialize(v, ServiceDbContext.Json).GetHashCode(),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ServiceDbContext.Json), ServiceDbContext.Json)!))
            .HasColumnType("jsonb");
        return property;
    }
}

public static class ConcurrencyToken
{
    /// <summary>Optimistic concurrency on PostgreSQL's xmin system column: no column to add, changes on every update.</summary>
    public static PropertyBuilder<uint> IsXminRowVersion(this PropertyBuilder<uint> property)
        => property.HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
}
