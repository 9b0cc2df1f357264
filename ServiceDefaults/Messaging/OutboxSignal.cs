using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Hands the outbox rows a unit of work has just committed to the dispatcher, so it publishes them
/// without reading them back, and wakes it. Rows that never reach it (the process stopped first)
/// stay unsent in the table, where the dispatcher's sweep finds them.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentQueue<OutboxMessage> _committed = new();

    internal void Committed(List<OutboxMessage> messages)
    {
        foreach (var message in messages) _committed.Enqueue(message);
        Notify();
    }

    /// <summary>Takes up to <paramref name="max"/> committed rows, oldest first, for publishing.</summary>
    public List<OutboxMessage> TakeCommitted(int max)
    {
        var taken = new List<OutboxMessage>();
        while (taken.Count < max && _committed.TryDequeue(out var message)) taken.Add(message);
        return taken;
    }

    internal bool HasCommitted => !_committed.IsEmpty;

    public void Notify()
    {
        try { if (_signal.CurrentCount == 0) _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Collects the outbox rows a save adds and passes them on once they are committed: after the save itself
/// when it ran in a transaction of its own, or after the caller's explicit transaction commits. Rows of a
/// failed save or of a transaction that ended without a commit are dropped, so nothing uncommitted is
/// ever published.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext db)
        {
            if (db.Database.CurrentTransaction is null)
            {
                // The save runs in a transaction of its own; anything still held is from one that ended without a commit.
                db.PendingOutbox.Clear();
                db.SavingInOwnTransaction = true;
            }
            else db.SavingInOwnTransaction = false;
            db.PendingOutbox.AddRange(db.ChangeTracker.Entries<OutboxMessage>()
                .Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        }
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext { SavingInOwnTransaction: true } db)
        {
            db.SavingInOwnTransaction = false;
            HandOver(db);
        }
        return ValueTask.FromResult(result);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        => DropOwnTransaction(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        => DropOwnTransaction(eventData.Context);

    private static Task DropOwnTransaction(DbContext? context)
    {
        if (context is ServiceDbContext { SavingInOwnTransaction: true } db)
        {
            db.SavingInOwnTransaction = false;
            db.PendingOutbox.Clear();
        }
        return Task.CompletedTask;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result, CancellationToken cancellationToken = default)
    {
        // A caller's transaction begins: nothing held from before belongs to it.
        if (eventData.Context is ServiceDbContext { SavingInOwnTransaction: false } db) db.PendingOutbox.Clear();
        return ValueTask.FromResult(result);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext { SavingInOwnTransaction: false } db) HandOver(db);
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext db) db.PendingOutbox.Clear();
        return Task.CompletedTask;
    }

    private void HandOver(ServiceDbContext db)
    {
        if (db.PendingOutbox.Count == 0) return;
        signal.Committed([.. db.PendingOutbox]);
        db.PendingOutbox.Clear();
    }
}
