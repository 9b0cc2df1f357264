using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults.Messaging;

/// <summary>Wakes the outbox dispatcher as soon as a unit of work with outgoing messages commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { if (_signal.CurrentCount == 0) _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Notifies the dispatcher after a save that added outbox rows (or, inside an explicit
/// transaction, after that transaction commits). The dispatcher also polls, so a missed
/// signal only costs latency, never a message.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext db)
            db.HasPendingOutbox |= db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext { HasPendingOutbox: true } db && db.Database.CurrentTransaction is null)
        {
            db.HasPendingOutbox = false;
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext { HasPendingOutbox: true } db)
        {
            db.HasPendingOutbox = false;
            signal.Notify();
        }
        return Task.CompletedTask;
    }
}
