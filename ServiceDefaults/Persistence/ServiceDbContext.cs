using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using OrderPlatform.Contracts;

namespace OrderPlatform.ServiceDefaults.Persistence;

/// <summary>
/// The base of every service's DbContext: the outbox and inbox tables, and snake_case names for
/// every table and column (written here because no naming-convention package restores for EF Core 10).
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<Type, (PropertyInfo? Id, PropertyInfo? Number)> OrderKeys = new();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    /// <summary>Outbox rows saved in this unit of work, waiting for their transaction to commit.</summary>
    internal List<OutboxMessage> PendingOutbox { get; } = [];

    /// <summary>Set while SaveChanges runs in a transaction of its own (no caller's transaction is open).</summary>
    internal bool SavingInOwnTransaction { get; set; }

    /// <summary>Queues a message in the outbox; it is published only if this unit of work commits.</summary>
    public void Publish(object message)
    {
        var type = message.GetType();
        if (type.Namespace != typeof(OrderSubmitted).Namespace)
            throw new ArgumentException($"{type.Name} is not a contract in {typeof(OrderSubmitted).Namespace}.");
        var (idProp, numberProp) = OrderKeys.GetOrAdd(type,
            t => (t.GetProperty("OrderId"), t.GetProperty("OrderNumber")));
        Outbox.Add(new OutboxMessage
        {
            Id = Guid.NewGuid(),
            MessageType = type.FullName!,
            Payload = JsonSerializer.Serialize(message, type, Json),
            CorrelationId = idProp?.GetValue(message) as Guid?,
            OrderNumber = numberProp?.GetValue(message) as string,
            CreatedAt = DateTimeOffset.UtcNow,
            TraceParent = Activity.Current?.Id,
            Body = message,
        });
    }

    /// <summary>The next value of a database sequence: never the same twice, whichever instance asks.</summary>
    public Task<long> NextValueAsync(string sequence, CancellationToken ct)
        => Database.SqlQuery<long>($"SELECT nextval({sequence}::regclass) AS \"Value\"").SingleAsync(ct);

    /// <summary>A document number <c>PREFIX-yyyyMMdd-nnnnnn</c> (order, case, return, dispatch note) from a database sequence.</summary>
    public async Task<string> NextDocumentNumberAsync(string sequence, string prefix, DateTimeOffset now, CancellationToken ct)
        => $"{prefix}-{now.UtcDateTime:yyyyMMdd}-{await NextValueAsync(sequence, ct):D6}";

    /// <summary>Indexes are declared where a query needs them, not added for every foreign key.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Generated numbers come from a sequence of their own (bigserial), as the schema had them before EF Core migrations.
        modelBuilder.UseSerialColumns();
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Seq).ValueGeneratedOnAdd();
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.Ignore(m => m.Body);
            e.HasIndex(m => m.Seq, "ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
        });
    }

    /// <summary>
    /// Call last in a derived OnModelCreating: every table, column and index in snake_case, and keys and foreign keys
    /// named as PostgreSQL names them itself (<c>orders_pkey</c>, <c>work_orders_number_key</c>, <c>credit_cases_customer_id_fkey</c>).
    /// </summary>
    protected static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(SnakeCase(table));
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.GetColumnName()));
        }
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var key in entity.GetKeys().Where(k => k.FindAnnotation(RelationalAnnotationNames.Name) is null))
                key.SetName(key.IsPrimaryKey() ? $"{table}_pkey" : $"{table}_{string.Join('_', key.Properties.Select(p => p.GetColumnName()))}_key");
            foreach (var fk in entity.GetForeignKeys().Where(k => k.FindAnnotation(RelationalAnnotationNames.Name) is null))
                fk.SetConstraintName($"{table}_{string.Join('_', fk.Properties.Select(p => p.GetColumnName()))}_fkey");
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
        }
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var startsNewWordInAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (previousIsLowerOrDigit || startsNewWordInAcronym) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
