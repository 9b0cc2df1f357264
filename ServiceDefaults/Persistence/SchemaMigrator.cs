using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>One schema change, applied once, in order, in its own transaction.</summary>
public sealed record Migration(string Id, string Sql);

/// <summary>
/// Applies a service's SQL migrations at start-up under a PostgreSQL advisory lock, so several
/// instances starting together apply each migration exactly once. Written here because the EF Core
/// design-time package (for generated migrations) does not restore in this environment.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Outbox and inbox tables every service has.</summary>
    public static readonly Migration Messaging = new("0000_outbox_inbox", """
        CREATE TABLE outbox_messages (
            id uuid PRIMARY KEY,
            seq bigserial NOT NULL,
            message_type text NOT NULL,
            payload jsonb NOT NULL,
            correlation_id uuid NULL,
            order_number text NULL,
            created_at timestamptz NOT NULL,
            sent_at timestamptz NULL);
        CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (seq) WHERE sent_at IS NULL;
        CREATE TABLE inbox_messages (
            message_id uuid NOT NULL,
            consumer text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (message_id, consumer));
        """);

    /// <summary>Each outbox row carries the trace context of the work that wrote it (W3C traceparent).</summary>
    public static readonly Migration MessagingTraceContext = new("0000_outbox_trace_parent",
        "ALTER TABLE outbox_messages ADD COLUMN trace_parent text NULL;");

    /// <summary>
    /// Applies the migrations not applied yet, then runs <paramref name="thenUnderLock"/> (demo data) while still
    /// holding the lock, so replicas starting together neither migrate nor load the same rows twice.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, IEnumerable<Migration> migrations,
        ILogger logger, CancellationToken cancellationToken, Func<Task>? thenUnderLock = null)
    {
        var applied = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(hashtext('schema_migrations'))", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var done = new HashSet<string>();
            await using (var read = new NpgsqlCommand("SELECT id FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) done.Add(reader.GetString(0));

            foreach (var migration in migrations.Where(m => !done.Contains(m.Id)))
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, tx, migration.Sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1)", connection, tx);
                record.Parameters.AddWithValue(migration.Id);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {MigrationId}", migration.Id);
                applied.Add(migration.Id);
            }
            if (thenUnderLock is not null) await thenUnderLock();
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(hashtext('schema_migrations'))", CancellationToken.None);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
