using System.Collections.Concurrent;

namespace OrderPlatform.Intake.Api;

/// <summary>
/// Wakes the requests that wait for an order to change (<c>GET /api/orders/{n}</c> with <c>If-None-Match</c> and
/// <c>Prefer: wait</c>, and <c>GET /api/orders/feed</c> with <c>Prefer: wait</c>). This instance's lifecycle consumer
/// and commands report each change they commit. A change this instance does not report (another instance's, a
/// periodic job's) is found by the waiter's own re-read, which it does at least once a second.
/// </summary>
public sealed class OrderChangeFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new();
    private TaskCompletionSource _any = NewSignal();

    /// <summary>Wakes everyone waiting for this order, and the readers of the order feed.</summary>
    public void Changed(string orderNumber)
    {
        if (_next.TryRemove(orderNumber, out var next)) next.TrySetResult();
        Interlocked.Exchange(ref _any, NewSignal()).TrySetResult();
    }

    /// <summary>Completes at the next reported change of any order; take it before reading, like <see cref="NextChange"/>.</summary>
    public Task NextAnyChange() => Volatile.Read(ref _any).Task;

    /// <summary>
    /// Completes at the order's next reported change. Take it before reading the order, so that a change made
    /// between the read and the wait still wakes the waiter.
    /// </summary>
    public Task NextChange(string orderNumber)
        => _next.GetOrAdd(orderNumber, _ => NewSignal()).Task;

    /// <summary>Drops an order's signal once its waiter gave up, so orders nobody changes do not pile up here.</summary>
    public void Forget(string orderNumber, Task nextChange)
    {
        if (_next.TryGetValue(orderNumber, out var next) && next.Task == nextChange) _next.TryRemove(new(orderNumber, next));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
