using System.Collections.Concurrent;

namespace OrderPlatform.Intake.Api;

/// <summary>
/// Wakes the requests that wait for an order to change (<c>GET /api/orders/{n}</c> with <c>If-None-Match</c> and
/// <c>Prefer: wait</c>). This instance's lifecycle consumer and commands report each change they commit. A change
/// this instance does not report (another instance's, a periodic job's) is found by the waiter's own re-read,
/// which it does at least once a second.
/// </summary>
public sealed class OrderChangeFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new();

    /// <summary>Wakes everyone waiting for this order.</summary>
    public void Changed(string orderNumber)
    {
        if (_next.TryRemove(orderNumber, out var next)) next.TrySetResult();
    }

    /// <summary>
    /// Completes at the order's next reported change. Take it before reading the order, so that a change made
    /// between the read and the wait still wakes the waiter.
    /// </summary>
    public Task NextChange(string orderNumber)
        => _next.GetOrAdd(orderNumber, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Drops an order's signal once its waiter gave up, so orders nobody changes do not pile up here.</summary>
    public void Forget(string orderNumber, Task nextChange)
    {
        if (_next.TryGetValue(orderNumber, out var next) && next.Task == nextChange) _next.TryRemove(new(orderNumber, next));
    }
}
