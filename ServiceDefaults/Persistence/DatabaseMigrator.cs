using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Applies a service's EF Core migrations (generated with dotnet-ef, in the service's <c>Data/Migrations</c>)
/// at start-up under a PostgreSQL advisory lock, and runs the demo data while still holding it, so replicas
/// starting together neither migrate nor load the same rows twice. EF Core's own migration lock would cover
/// the migrations alone.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The table the hand-written SQL migrations kept before EF Core migrations replaced them.</summary>
    private const string HandWrittenHistory = "schema_migrations";

    /// <summary>Applies the migrations not applied yet, then <paramref name="thenUnderLock"/>; returns the ones it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DbContext db, ILogger logger, CancellationToken cancellationToken,
        Func<Task>? thenUnderLock = null)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext('schema_migrations'))", cancellationToken);
        try
        {
            await AdoptHandWrittenSchemaAsync(db, connection, logger, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var id in pending) logger.LogInformation("Applied migration {MigrationId}", id);
            if (thenUnderLock is not null) await thenUnderLock();
            return pending;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext('schema_migrations'))", CancellationToken.None);
        }
    }

    /// <summary>
    /// A database the hand-written SQL migrations built has today's schema, which the first EF Core migration
    /// (the baseline) describes: it is recorded as applied instead of being run, and the old history table goes.
    /// </summary>
    private static async Task AdoptHandWrittenSchemaAsync(DbContext db, NpgsqlConnection connection, ILogger logger, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{HandWrittenHistory}') IS NOT NULL", connection))
            if (await exists.ExecuteScalarAsync(ct) is not true) return;
        var history = db.GetService<IHistoryRepository>();
        var baseline = db.Database.GetMigrations().First();
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var adopt = new NpgsqlCommand(history.GetCreateIfNotExistsScript()
            + history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion()))
            + $"DROP TABLE {HandWrittenHistory};", connection, tx))
            await adopt.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogWarning("Database built by the hand-written SQL migrations: recorded {Baseline} as applied", baseline);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
