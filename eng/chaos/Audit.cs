using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace OrderPlatform.Chaos;

/// <summary>What the platform's own databases and broker say after the run, checked against what the clients did.</summary>
public sealed class Audit(int postgresPort, int rabbitManagementPort)
{
    public static readonly string[] Databases = ["intake", "credit_review", "inventory", "production_scheduling", "billing", "logistics", "after_sales"];

    private NpgsqlConnection Open(string database)
    {
        var c = new NpgsqlConnection($"Host=127.0.0.1;Port={postgresPort};Username=postgres;Database={database};Timeout=10;Command Timeout=60");
        c.Open();
        return c;
    }

    /// <summary>Runs a query; while the server is unreachable (a restart not recovered yet), tries again for a minute.</summary>
    public async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await TryQueryAsync(database, sql, read, parameters); }
            catch (NpgsqlException e) when (e.IsTransient && attempt < 60) { await Task.Delay(1000); }
        }
    }

    private async Task<List<T>> TryQueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, object[] parameters)
    {
        await using var c = Open(database);
        await using var command = new NpgsqlCommand(sql, c);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public async Task<long> CountAsync(string database, string sql, params object[] parameters)
        => (await QueryAsync(database, sql, r => Convert.ToInt64(r.GetValue(0)), parameters)).Single();

    /// <summary>Outbox rows not yet published, summed over every service database.</summary>
    public async Task<long> UnsentOutboxAsync()
    {
        long unsent = 0;
        foreach (var db in Databases) unsent += await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
        return unsent;
    }

    private HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rabbitManagementPort}/api/"), Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }

    /// <summary>Messages waiting in the broker: (in consumers' queues, in _error queues, the _error queues holding any).</summary>
    public async Task<(long Waiting, long Failed, List<string> ErrorQueues)> QueuesAsync()
    {
        using var http = Management();
        var queues = (await http.GetFromJsonAsync<JsonArray>("queues/%2F?columns=name,messages"))!;
        long waiting = 0, failed = 0;
        var errorQueues = new List<string>();
        foreach (var q in queues)
        {
            var (name, messages) = (q!["name"]!.GetValue<string>(), q["messages"]?.GetValue<long>() ?? 0);
            if (name.EndsWith("_error", StringComparison.Ordinal)) { failed += messages; if (messages > 0) errorQueues.Add($"{name} ({messages})"); }
            else if (!name.EndsWith("_skipped", StringComparison.Ordinal)) waiting += messages;
        }
        return (waiting, failed, errorQueues);
    }

    /// <summary>Waits (at most <paramref name="limit"/>) until every outbox row is sent and no consumer queue holds a message.</summary>
    public async Task<bool> QuietAsync(TimeSpan limit)
    {
        var giveUp = DateTimeOffset.UtcNow + limit;
        var quietSince = (DateTimeOffset?)null;
        while (DateTimeOffset.UtcNow < giveUp)
        {
            var quiet = await UnsentOutboxAsync() == 0 && (await QueuesAsync()).Waiting == 0;
            quietSince = quiet ? quietSince ?? DateTimeOffset.UtcNow : null;
            // The management API's counts lag a few seconds: quiet twice, 6 s apart.
            if (quietSince is { } since && DateTimeOffset.UtcNow - since > TimeSpan.FromSeconds(6)) return true;
            await Task.Delay(1000);
        }
        return false;
    }

    /// <summary>On-hand and reserved stock of a SKU over every warehouse.</summary>
    public async Task<(long OnHand, long Reserved)> StockAsync(string sku)
        => (await QueryAsync("inventory", "SELECT coalesce(sum(on_hand),0), coalesce(sum(reserved),0) FROM stock_items WHERE sku = $1",
            r => (r.GetInt64(0), r.GetInt64(1)), sku)).Single();

    /// <summary>Each check of the run's end: name, the count found, and what it lists when not zero.</summary>
    public sealed record Check(string Name, long Found, string Detail = "");

    public async Task<List<Check>> DoubledEffectsAsync(IReadOnlyCollection<Order> orders)
    {
        var numbers = orders.Where(o => o.Number is not null).Select(o => o.Number!).ToArray();
        async Task<Check> Groups(string name, string database, string sql)
        {
            var rows = await QueryAsync(database, sql, r => r.GetString(0), (object)numbers);
            return new(name, rows.Count, string.Join(", ", rows.Take(5)));
        }
        return
        [
            await Groups("orders made twice from one Idempotency-Key", "intake",
                "SELECT key FROM idempotency_records WHERE order_number = ANY($1) GROUP BY client, key HAVING count(DISTINCT order_number) > 1"),
            new("orders the clients did not ask for", await CountAsync("intake", "SELECT count(*) FROM orders WHERE NOT (order_number = ANY($1))", (object)numbers)),
            await Groups("reservations made twice", "inventory",
                "SELECT order_number || ' ' || sku FROM reservations WHERE order_number = ANY($1) GROUP BY order_number, sku, warehouse HAVING count(*) > 1"),
            await Groups("payments charged twice", "billing",
                "SELECT event_id FROM payments WHERE order_number = ANY($1) GROUP BY event_id HAVING count(*) > 1"),
            await Groups("shipments made twice", "logistics",
                "SELECT order_number || ' ' || purpose FROM shipments WHERE order_number = ANY($1) GROUP BY order_number, purpose HAVING count(*) > 1"),
            await Groups("invoices issued twice", "billing",
                "SELECT order_number FROM invoices WHERE order_number = ANY($1) GROUP BY order_number HAVING count(*) > 1"),
            await Groups("surveys opened twice", "after_sales",
                "SELECT order_number FROM surveys WHERE order_number = ANY($1) GROUP BY order_number HAVING count(*) > 1"),
            await Groups("returns opened twice", "after_sales",
                "SELECT order_number FROM returns WHERE order_number = ANY($1) GROUP BY order_number HAVING count(*) > 1"),
            await Groups("timeline events recorded twice", "intake",
                "SELECT o.order_number || ' ' || t.event FROM order_timeline t JOIN orders o ON o.id = t.order_id " +
                "WHERE o.order_number = ANY($1) GROUP BY o.order_number, t.event, t.detail HAVING count(*) > 1"),
        ];
    }

    /// <summary>Orders whose final state is not what their flow leads to: status, money, shipment, invoice, survey, return.</summary>
    public async Task<List<string>> WrongFinalStatesAsync(IReadOnlyCollection<Order> orders)
    {
        var numbers = orders.Where(o => o.Number is not null).Select(o => o.Number!).ToArray();
        var status = (await QueryAsync("intake", "SELECT order_number, status FROM orders WHERE order_number = ANY($1)", r => (r.GetString(0), r.GetString(1)), (object)numbers))
            .ToDictionary(x => x.Item1, x => x.Item2);
        var money = (await QueryAsync("billing", "SELECT order_number, paid, refunded FROM billing_accounts WHERE order_number = ANY($1)",
            r => (r.GetString(0), r.GetDecimal(1), r.GetDecimal(2)), (object)numbers)).ToDictionary(x => x.Item1, x => (Paid: x.Item2, Refunded: x.Item3));
        var shipments = (await QueryAsync("logistics", "SELECT order_number, count(*) FROM shipments WHERE order_number = ANY($1) AND purpose = 'Order' AND dispatched_at IS NOT NULL GROUP BY order_number",
            r => (r.GetString(0), r.GetInt64(1)), (object)numbers)).ToDictionary(x => x.Item1, x => x.Item2);
        var invoices = (await QueryAsync("billing", "SELECT DISTINCT order_number FROM invoices WHERE order_number = ANY($1)", r => r.GetString(0), (object)numbers)).ToHashSet();
        var surveys = (await QueryAsync("after_sales", "SELECT DISTINCT order_number FROM surveys WHERE order_number = ANY($1)", r => r.GetString(0), (object)numbers)).ToHashSet();
        var returns = (await QueryAsync("after_sales", "SELECT order_number, status FROM returns WHERE order_number = ANY($1)", r => (r.GetString(0), r.GetString(1)), (object)numbers))
            .ToDictionary(x => x.Item1, x => x.Item2);
        var wrong = new List<string>();
        foreach (var o in orders.Where(o => o.Number is not null))
        {
            var n = o.Number!;
            var problems = new StringBuilder();
            if (status.GetValueOrDefault(n) != o.ExpectedStatus) problems.Append($" status {status.GetValueOrDefault(n) ?? "missing"}, expected {o.ExpectedStatus};");
            var (paid, refunded) = money.GetValueOrDefault(n);
            if (paid != o.Paid) problems.Append($" paid {paid}, expected {o.Paid};");
            if (refunded != o.Refunded) problems.Append($" refunded {refunded}, expected {o.Refunded};");
            if (shipments.GetValueOrDefault(n) != (o.Ships ? 1 : 0)) problems.Append($" {shipments.GetValueOrDefault(n)} shipments dispatched;");
            if (invoices.Contains(n) != o.Invoiced) problems.Append(o.Invoiced ? " no invoice;" : " an invoice nobody asked for;");
            if (surveys.Contains(n) != (o.ExpectedStatus == "Completed")) problems.Append(" survey missing or unexpected;");
            if (o.Kind == Kind.Returned && returns.GetValueOrDefault(n) != "Completed") problems.Append($" return {returns.GetValueOrDefault(n) ?? "missing"};");
            if (problems.Length > 0) wrong.Add($"{n} ({o.Kind}):{problems}");
        }
        return wrong;
    }

    /// <summary>Stock rows that went negative or reserved more than was on hand (the CHECK constraint should make this impossible).</summary>
    public Task<long> ImpossibleStockAsync()
        => CountAsync("inventory", "SELECT count(*) FROM stock_items WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand");
}
