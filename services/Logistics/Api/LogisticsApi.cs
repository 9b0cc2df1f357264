using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Logistics.Api;

public record CarrierWebhook(string? EventId, string? TrackingNumber, string? Type, DateTimeOffset? OccurredAt,
    string? SignedBy, string? ExceptionCode, string? Detail);

public record CarrierEventAccepted(string EventId, bool Duplicate, bool Applied, string ShipmentStatus);

/// <summary>One route on a parcel's timeline: our status (Other for a scan that means none), and the carrier's own code, words and place.</summary>
public record TrackingEvent(string Type, DateTimeOffset OccurredAt, string? Detail, string? Place, string? CarrierStatus, bool Applied);

/// <summary>A route for a tracking number no shipment of the carrier has: acknowledged to the carrier and kept for staff.</summary>
public record UnmatchedRoute(string Carrier, string EventId, string TrackingNumber, string? CarrierStatus, string? Detail, string? Place,
    DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt);

/// <summary>A parcel as staff see it: the order, the dispatch note, why this carrier, and every route with whether it moved the shipment.</summary>
public record TrackingView(string TrackingNumber, string Carrier, string OrderNumber, string Status, string DispatchNoteNumber,
    string CarrierReason, IReadOnlyList<TrackingEvent> Events);

/// <summary>A parcel as its channel may show it to the customer: the carrier's own events, nothing internal.</summary>
public record ParcelTracking(string TrackingNumber, string Carrier, string Status, IReadOnlyList<ParcelEvent> Events);

public record ParcelEvent(string Type, DateTimeOffset OccurredAt, string? Detail, string? Place, string? CarrierStatus);

public static class LogisticsApi
{
    public static void MapLogisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/logistics");
        api.MapCarriersApi();
        api.MapGet("shipments", ListShipments).WithSummary("List shipments, newest first, filtered and paged")
            .RequireRole("staff:logistics", "staff:aftersales");
        api.MapGet("shipments/{orderNumber}", GetShipments).RequireRole("staff:logistics", "staff:aftersales");
        api.MapGet("dispatch-sla", ListDispatchSla).WithSummary("List orders past their dispatch SLA").RequireRole("staff:logistics");
        api.MapGet("reports", Report).WithSummary("Logistics report").RequireRole("staff:logistics", "staff:sales-manager");
        api.MapGet("tracking/{trackingNumber}", Track).WithSummary("Track a parcel");
        api.MapGet("carrier-routes/unmatched", ListUnmatched).WithSummary("List carrier routes for parcels nobody shipped").RequireRole("staff:logistics");
        // The gateway has verified the carrier's signature and says which carrier is calling.
        // The body is read raw (its signature was checked over the raw bytes); this declares its shape.
        api.MapPost("webhooks/{carrierCode}", ReceiveWebhook).WithSummary("Receive a carrier's signed event").Accepts<CarrierWebhook>("application/json");
        // A carrier's own format: its adapter proves who sent it (the gateway lets these through unauthenticated).
        api.MapPost("webhooks/{carrierCode}/{format}", CarrierPushEndpoint.ReceiveAsync)
            .WithSummary("Receive a carrier's push in its own format")
            .WithDescription("SF's route push (`/api/logistics/webhooks/SF/route-push?token=…`, JSON, the token configured with SF in the address) and ZTO's trace push (form fields `data` and `data_digest`, an MD5 digest), answered in each carrier's own form. See docs/CARRIERS.md.");
    }

    /// <summary>Every shipment of the order: its goods, then any replacements and returns, in the order they were created.</summary>
    private static async Task<Results<Ok<List<ShipmentResponse>>, NotFound>> GetShipments(string orderNumber, LogisticsDb db, CancellationToken ct)
        => await db.Shipments.AsNoTracking().Where(s => s.OrderNumber == orderNumber).OrderBy(s => s.CreatedAt).ToListAsync(ct) is { Count: > 0 } s
            ? TypedResults.Ok(s.ConvertAll(ShipmentResponse.From)) : TypedResults.NotFound();

    /// <summary>
    /// Shipments, newest first, filtered and paged in the database: by the beginning of the order number, carrier, status and
    /// the China-time days they were created on (<c>from</c> to <c>to</c>, both included); <c>limit</c> per page (at most 500)
    /// from <c>offset</c>.
    /// </summary>
    private static async Task<Results<Ok<List<ShipmentSummary>>, ValidationProblem>> ListShipments(LogisticsDb db, string? orderNumber,
        string? carrier, string? status, DateOnly? from, DateOnly? to, int? limit, int? offset, CancellationToken ct)
    {
        var v = new Validation();
        if (!string.IsNullOrEmpty(status) && !Shipment.Statuses.Contains(status)) v.Add("status", $"must be one of {string.Join(", ", Shipment.Statuses)}");
        if (from > to) v.Add("to", "must not be before from");
        Paging.Check(v, offset);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        var query = db.Shipments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(orderNumber)) query = query.Where(s => s.OrderNumber.StartsWith(orderNumber.Trim().ToUpperInvariant()));
        if (!string.IsNullOrWhiteSpace(carrier)) query = query.Where(s => s.Carrier == carrier.Trim().ToUpperInvariant());
        if (!string.IsNullOrEmpty(status)) query = query.Where(s => s.Status == status);
        query = query.OnChinaDays(s => s.CreatedAt, from, to);
        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.TrackingNumber)
            .Page(limit, offset, 50)
            .Select(s => new ShipmentSummary(s.TrackingNumber, s.Carrier, s.OrderNumber, s.Purpose, s.Status, s.CreatedAt, s.DispatchedAt,
                s.DeliveredAt, s.ExceptionCode))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    public record DispatchSlaView(string OrderNumber, DateTimeOffset ConfirmedAt, DateTimeOffset DueAt, DateTimeOffset? DispatchedAt,
        DateTimeOffset? FlaggedAt, bool Late);

    /// <summary>In-stock orders and their dispatch SLA, due first first, paged; <c>?overdue=true</c> lists those flagged and still in the warehouse.</summary>
    private static async Task<Results<Ok<List<DispatchSlaView>>, ValidationProblem>> ListDispatchSla(LogisticsDb db, bool? overdue, int? limit, int? offset,
        CancellationToken ct)
    {
        if (Paging.Refuse(offset) is { } refused) return refused;
        var query = db.DispatchSlas.AsNoTracking().Where(s => !s.Cancelled);
        if (overdue == true) query = query.Where(s => s.FlaggedAt != null && s.DispatchedAt == null);
        var rows = await query.OrderBy(s => s.DueAt).ThenBy(s => s.OrderNumber).Page(limit, offset).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(s => new DispatchSlaView(s.OrderNumber, s.ConfirmedAt, s.DueAt, s.DispatchedAt, s.FlaggedAt, s.Late)).ToList());
    }

    /// <summary>Dispatch SLA compliance and carrier exception rates for [from, to] (whole days, UTC; the last 30 days by default).</summary>
    private static async Task<Results<Ok<LogisticsReport>, ValidationProblem>> Report(DateOnly? from, DateOnly? to, LogisticsDb db, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (ReportPeriod.Parse(from, to, now, out var errors) is not { } period) return TypedResults.ValidationProblem(errors!);
        var (start, end) = (period.Start, period.End);
        // Counted by the database, not by loading the period's orders: on time is dispatched by the due moment.
        var dispatch = await db.DispatchSlas.AsNoTracking().Where(s => s.ConfirmedAt >= start && s.ConfirmedAt < end && !s.Cancelled)
            .GroupBy(s => 1)
            .Select(g => new DispatchCounts(g.Count(), g.Count(s => s.DispatchedAt != null), g.Count(s => s.DispatchedAt != null && s.DispatchedAt <= s.DueAt),
                g.Count(s => s.DispatchedAt == null && s.DueAt <= now)))
            .SingleOrDefaultAsync(ct) ?? new DispatchCounts(0, 0, 0, 0);
        var carriers = await db.Shipments.AsNoTracking().Where(s => s.CreatedAt >= start && s.CreatedAt < end && s.Purpose == ShipmentPurposes.Order)
            .GroupBy(s => s.Carrier)
            .Select(g => new CarrierCounts(g.Key, g.Count(), g.Count(s => s.Status == ShipmentStatuses.Delivered), g.Count(s => s.ExceptionCode != null)))
            .ToListAsync(ct);
        return TypedResults.Ok(LogisticsReports.Build(period.From, period.To, dispatch, carriers));
    }

    /// <summary>
    /// Staff see the whole story; a channel sees only parcels of its own orders (any other is 404, as if it did not exist: tracking
    /// numbers are sequential) and only what the carrier reported.
    /// </summary>
    private static async Task<Results<Ok<TrackingView>, Ok<ParcelTracking>, NotFound>> Track(string trackingNumber, Caller caller, LogisticsDb db,
        CancellationToken ct)
    {
        var s = await db.Shipments.AsNoTracking().SingleOrDefaultAsync(x => x.TrackingNumber == trackingNumber, ct);
        if (s is null) return TypedResults.NotFound();
        // A return or replacement parcel belongs to the channel of the order's own shipment.
        var channel = s.Channel ?? (await db.FindOrderShipmentAsync(s.OrderId, ct))?.Channel;
        if (!caller.IsStaff && (channel is null || channel != caller.Channel)) return TypedResults.NotFound();
        var events = await db.CarrierEvents.AsNoTracking().Where(e => e.TrackingNumber == trackingNumber && e.Carrier == s.Carrier)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new TrackingEvent(e.Type, e.OccurredAt, e.Detail, e.Place, e.CarrierStatus, e.Applied)).ToListAsync(ct);
        if (!caller.IsStaff)
            return TypedResults.Ok(new ParcelTracking(s.TrackingNumber, s.Carrier, s.Status,
                events.Select(e => new ParcelEvent(e.Type, e.OccurredAt, e.Detail, e.Place, e.CarrierStatus)).ToList()));
        return TypedResults.Ok(new TrackingView(s.TrackingNumber, s.Carrier, s.OrderNumber, s.Status, s.DispatchNoteNumber, s.CarrierReason, events));
    }

    /// <summary>Routes carriers pushed for tracking numbers no shipment of theirs has, newest first.</summary>
    private static async Task<Ok<List<UnmatchedRoute>>> ListUnmatched(string? carrier, LogisticsDb db, CancellationToken ct)
    {
        var query = db.CarrierEvents.AsNoTracking().Where(e => !e.Matched);
        if (!string.IsNullOrEmpty(carrier)) query = query.Where(e => e.Carrier == carrier);
        return TypedResults.Ok(await query.OrderByDescending(e => e.ReceivedAt).Take(500)
            .Select(e => new UnmatchedRoute(e.Carrier, e.EventId, e.TrackingNumber, e.CarrierStatus, e.Detail, e.Place, e.OccurredAt, e.ReceivedAt))
            .ToListAsync(ct));
    }

    private static async Task<Results<Ok<CarrierEventAccepted>, ValidationProblem, NotFound, ProblemHttpResult>> ReceiveWebhook(
        string carrierCode, HttpRequest request, Caller caller, LogisticsDb db, CancellationToken ct)
    {
        if (!caller.Has($"carrier:{carrierCode}"))
            return TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: $"Only carrier {carrierCode} may post its events.");
        var (raw, body, error) = await RawJson.ReadAsync<CarrierWebhook>(request, ct);
        if (error is not null) return TypedResults.ValidationProblem(error);

        var v = new Validation();
        v.Required("eventId", body?.EventId);
        v.Required("trackingNumber", body?.TrackingNumber);
        if (body?.Type is null || !Shipment.IsKnownEvent(body.Type))
            v.Add("type", "must be one of PickedUp, InTransit, OutForDelivery, Delivered, Exception");
        if (body?.OccurredAt is null) v.Add("occurredAt", "is required");
        if (body?.Type == "Delivered") v.Required("signedBy", body.SignedBy);
        if (body?.Type == "Exception" && !DeliveryExceptionCodes.All.Contains(body.ExceptionCode ?? ""))
            v.Add("exceptionCode", $"must be one of {string.Join(", ", DeliveryExceptionCodes.All)}");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        var shipment = await db.Shipments.SingleOrDefaultAsync(s => s.TrackingNumber == body!.TrackingNumber && s.Carrier == carrierCode, ct);
        if (shipment is null) return TypedResults.NotFound();
        var route = new CarrierRoute(body!.EventId!, shipment.TrackingNumber, body.Type, body.OccurredAt!.Value, body.SignedBy, body.ExceptionCode,
            body.Detail, Place: null, CarrierStatus: null, raw);
        var outcome = await db.RecordRouteAsync(carrierCode, route, shipment, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CarrierEventAccepted(body.EventId!, outcome == RouteOutcome.Duplicate, outcome == RouteOutcome.Applied, shipment.Status));
    }
}
