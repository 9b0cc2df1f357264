using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Intake.Data;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Intake.Api;

/// <summary>
/// Where a reader of the order feed stands: it has seen every change up to and including (<see cref="Xid"/>,
/// <see cref="OrderId"/>), in the feed's order (the writing transaction, then the order's id). Opaque to clients.
/// </summary>
public readonly record struct FeedCursor(ulong Xid, Guid OrderId)
{
    public static readonly FeedCursor Start = new(0, Guid.Empty);

    private static readonly Guid Last = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    /// <summary>Everything written by transactions older than <paramref name="horizon"/>, none of which is still running.</summary>
    public static FeedCursor Before(ulong horizon) => new(horizon - 1, Last);

    public override string ToString() => $"{Xid}.{OrderId:N}";

    public static bool TryParse(string? text, out FeedCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text)) return true;
        var parts = text.Split('.');
        if (parts.Length != 2 || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var xid)
            || !Guid.TryParseExact(parts[1], "N", out var id)) return false;
        cursor = new FeedCursor(xid, id);
        return true;
    }

    /// <summary>
    /// The cursor after a page: its last row when the page is full (more may follow at once), otherwise everything
    /// before the horizon, and never behind where the reader already stood.
    /// </summary>
    public FeedCursor After(IReadOnlyList<FeedCursor> page, int limit, ulong horizon)
        => page.Count == limit ? page[^1] : horizon - 1 >= Xid ? Before(horizon) : this;
}

/// <summary>An order as the feed shows it: enough for a shop to follow it without reading each order.</summary>
public record OrderChange(string OrderNumber, string Status, uint Version, string CustomerId, decimal Total, decimal AmountPaid,
    decimal AmountDue, string? Carrier, string? TrackingNumber, string? ShipmentStatus, DateTimeOffset UpdatedAt);

/// <summary>The orders changed since the reader's cursor, oldest change first, and the cursor to ask with next.</summary>
public record OrderFeedPage(string Cursor, IReadOnlyList<OrderChange> Orders);

public static class OrderFeed
{
    /// <summary>
    /// <c>GET /api/orders/feed?after=&lt;cursor&gt;&amp;limit=N</c>: the caller's orders changed since the cursor
    /// (staff: every order), each once with its latest state, and the next cursor. No cursor: from the first order.
    /// With <c>Prefer: wait=N</c> (seconds, at most 5) an empty answer is held until an order changes, so a shop
    /// follows all its orders with one request at a time.
    /// </summary>
    public static async Task<Results<Ok<OrderFeedPage>, ValidationProblem>> Read(string? after, int? limit, Caller caller,
        IntakeDb db, OrderChangeFeed changes, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!FeedCursor.TryParse(after, out var cursor))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["must be a cursor this feed returned"] });
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var wait = OrdersApi.RequestedWait(http.Request.Headers["Prefer"]);
        var deadline = clock.GetUtcNow() + wait;
        OrdersApi.ApplyWait(http.Response, wait);
        var recheck = changes.ReRead;
        while (true)
        {
            var nextChange = changes.NextAnyChange();
            var (page, next) = await ReadPageAsync(db, caller, cursor, take, ct);
            var left = deadline - clock.GetUtcNow();
            if (page.Count > 0 || left <= TimeSpan.Zero) return TypedResults.Ok(new OrderFeedPage(next.ToString(), page));
            cursor = next;
            // A reported change may still sit behind a transaction running elsewhere on the server: after a wake-up
            // that found nothing, look again soon rather than at the next change or the next re-read.
            try { await nextChange.WaitAsync(left < recheck ? left : recheck, clock, ct); recheck = Soon; }
            catch (TimeoutException) { recheck = changes.ReRead; }
        }
    }

    /// <summary>How soon a reader woken by a change that was not yet below the horizon looks again.</summary>
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(50);

    private sealed record Row(Guid? OrderId, string? OrderNumber, string? Status, long? Version, string? CustomerId, decimal? Total,
        decimal? AmountPaid, decimal? AmountDue, string? Carrier, string? TrackingNumber, string? ShipmentStatus, DateTimeOffset? UpdatedAt,
        string? ChangeXid, string Horizon);

    /// <summary>
    /// One statement, so its rows and its horizon come from one snapshot: the horizon is the oldest transaction still
    /// running anywhere on the server, so every order written below it is committed (or rolled back) and in the rows.
    /// </summary>
    private static async Task<(List<OrderChange> Page, FeedCursor Next)> ReadPageAsync(IntakeDb db, Caller caller, FeedCursor cursor,
        int limit, CancellationToken ct)
    {
        var xid = cursor.Xid.ToString(CultureInfo.InvariantCulture);
        var everyChannel = caller.IsStaff;
        var channel = caller.Channel ?? "";
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT o.id AS "OrderId", o.order_number AS "OrderNumber", o.status AS "Status", o.row_version::text::bigint AS "Version",
                   o.customer_id AS "CustomerId", o.total AS "Total", o.amount_paid AS "AmountPaid", o.amount_due AS "AmountDue",
                   o.carrier AS "Carrier", o.tracking_number AS "TrackingNumber", o.shipment_status AS "ShipmentStatus",
                   o.updated_at AS "UpdatedAt", o.change_xid::text AS "ChangeXid", h.horizon::text AS "Horizon"
            FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h
            LEFT JOIN LATERAL (
                SELECT xmin AS row_version, * FROM orders
                WHERE (change_xid, id) > (CAST({xid} AS xid8), {cursor.OrderId})
                  AND change_xid < h.horizon AND ({everyChannel} OR channel = {channel})
                ORDER BY change_xid, id
                LIMIT {limit}) o ON true
            ORDER BY o.change_xid, o.id
            """).ToListAsync(ct);
        var page = rows.Where(r => r.OrderId is not null).ToList();
        var horizon = ulong.Parse(rows[0].Horizon, CultureInfo.InvariantCulture);
        var next = cursor.After(page.Select(r => new FeedCursor(ulong.Parse(r.ChangeXid!, CultureInfo.InvariantCulture), r.OrderId!.Value)).ToList(),
            limit, horizon);
        return (page.Select(r => new OrderChange(r.OrderNumber!, r.Status!, (uint)r.Version!.Value, r.CustomerId!, r.Total!.Value,
            r.AmountPaid!.Value, r.AmountDue!.Value, r.Carrier, r.TrackingNumber, r.ShipmentStatus, r.UpdatedAt!.Value)).ToList(), next);
    }
}
