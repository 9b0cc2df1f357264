using System.Collections.Concurrent;
using OrderPlatform.ServiceDefaults.Coordination;
using StackExchange.Redis;

namespace OrderPlatform.Intake.Api;

/// <summary>
/// Wakes the requests that wait for an order to change (<c>GET /api/orders/{n}</c> with <c>If-None-Match</c> and
/// <c>Prefer: wait</c>, and <c>GET /api/orders/feed</c> with <c>Prefer: wait</c>). Whatever in this instance commits a
/// change of an order (its commands, its lifecycle consumer, its sweeps) reports it here; the report wakes this
/// instance's waiters and goes to every other Intake instance over Redis pub/sub, which wakes theirs. While Redis is
/// unreachable a waiter re-reads the order every second instead (<see cref="ReRead"/>), as it always must for the
/// changes other instances cannot report then.
/// </summary>
public sealed class OrderChangeFeed(SharedRedis redis, ILogger<OrderChangeFeed> logger) : BackgroundService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("intake:order-changed");
    private const string Use = "order-changes";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new();
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private TaskCompletionSource _any = NewSignal();
    private volatile bool _subscribed;

    /// <summary>How long a waiter may go without re-reading: only as long as its whole wait while other instances' changes reach it.</summary>
    public TimeSpan ReRead => _subscribed && redis.Available ? OrdersApi.MaxWait : PollingReRead;

    /// <summary>How often a waiter re-reads while Redis cannot tell it about other instances' changes.</summary>
    public static readonly TimeSpan PollingReRead = TimeSpan.FromSeconds(1);

    /// <summary>Wakes everyone waiting for this order here, and tells the other instances.</summary>
    public void Changed(string orderNumber)
    {
        Wake(orderNumber);
        if (!redis.Available)
        {
            redis.FellBack(Use);
            return;
        }
        try { redis.Connection!.GetSubscriber().Publish(Channel, $"{_instance} {orderNumber}", CommandFlags.FireAndForget); }
        catch (Exception e) when (SharedRedis.IsUnavailable(e)) { redis.FellBack(Use, e); }
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

    /// <summary>Subscribes to the other instances' reports (StackExchange.Redis renews the subscription after an outage).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (redis.Connection is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.Connection.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
                {
                    var (from, orderNumber) = message.ToString().Split(' ', 2) is [var f, var n] ? (f, n) : ("", "");
                    if (from != _instance && orderNumber.Length > 0) Wake(orderNumber);
                });
                _subscribed = true;
                return;
            }
            catch (Exception e) when (SharedRedis.IsUnavailable(e))
            {
                logger.LogDebug(e, "Subscribing to order changes failed; trying again");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Wake(string orderNumber)
    {
        if (_next.TryRemove(orderNumber, out var next)) next.TrySetResult();
        Interlocked.Exchange(ref _any, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
