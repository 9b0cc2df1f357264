using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>
/// One change to a service's reference data (a warehouse, a carrier, a production line, a routing): who made it and when,
/// the record before and after (as JSON), and why. Never updated or deleted.
/// </summary>
public sealed class ReferenceChange
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Key { get; init; }
    public DateTimeOffset At { get; init; }
    public required string By { get; init; }
    public required string Action { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public required string Reason { get; init; }
}

/// <summary>A change as the API shows it.</summary>
public sealed record ReferenceChangeResponse(DateTimeOffset At, string By, string Action, JsonElement? From, JsonElement? To, string Reason);

public static class ReferenceChanges
{
    /// <summary>Maps <c>reference_changes</c> in a service that keeps reference data.</summary>
    public static void MapReferenceChanges(this ModelBuilder b) => b.Entity<ReferenceChange>(e =>
    {
        e.ToTable("reference_changes");
        e.HasKey(c => c.Id);
        e.Property(c => c.From).HasColumnType("jsonb");
        e.Property(c => c.To).HasColumnType("jsonb");
        e.HasIndex(c => new { c.Kind, c.Key, c.Id }).HasDatabaseName("ix_reference_changes_kind_key");
    });

    /// <summary>
    /// Records a change in the same unit of work as the change itself (<paramref name="from"/> null for a creation); a change
    /// that leaves the record as it was is not one, and false is returned.
    /// </summary>
    public static bool RecordChange<T>(this ServiceDbContext db, string kind, string key, string action, T? from, T to, string by,
        string reason, DateTimeOffset at) where T : class
    {
        var (before, after) = (from is null ? null : JsonSerializer.Serialize(from, ServiceDbContext.Json), JsonSerializer.Serialize(to, ServiceDbContext.Json));
        if (before == after) return false;
        db.Set<ReferenceChange>().Add(new ReferenceChange { Kind = kind, Key = key, At = at, By = by, Action = action, Reason = reason, From = before, To = after });
        return true;
    }

    /// <summary>Every change to one record, oldest first.</summary>
    public static async Task<List<ReferenceChangeResponse>> HistoryAsync(this ServiceDbContext db, string kind, string key, CancellationToken ct)
        => (await db.Set<ReferenceChange>().AsNoTracking().Where(c => c.Kind == kind && c.Key == key).OrderBy(c => c.Id).ToListAsync(ct))
            .ConvertAll(c => new ReferenceChangeResponse(c.At, c.By, c.Action, Parse(c.From), Parse(c.To), c.Reason));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
