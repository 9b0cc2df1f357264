using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Logistics.Api;

public record CarrierWebhook(string? EventId, string? TrackingNumber, string? Type, DateTimeOffset? OccurredAt,
    string? SignedBy, string? ExceptionCode, string? Detail);

public record CarrierEventAccepted(string EventId, bool Duplicate, bool Applied, string ShipmentStatus);

public record TrackingEvent(string Type, DateTimeOffset OccurredAt, string? Detail);

public record TrackingView(string TrackingNumber, string Carrier, string OrderNumber, string Status, string DispatchNoteNumber,
    string CarrierReason, IReadOnlyList<TrackingEvent> Events);

public static class LogisticsApi
{
    public static void MapLogisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/logistics");
        api.MapGet("carriers", async (LogisticsDb db, CancellationToken ct) => TypedResults.Ok(await db.Carriers.AsNoTracking().ToListAsync(ct)))
            .RequireRole("staff:logistics");
        api.MapGet("shipments/{orderNumber}", GetShipments).RequireRole("staff:logistics", "staff:aftersales");
        api.MapGet("dispatch-sla", ListDispatchSla).RequireRole("staff:logistics");
        api.MapGet("reports", Report).RequireRole("staff:logistics", "staff:sales-manager");
        api.MapGet("tracking/{trackingNumber}", Track);
        // The gateway has verified the carrier's signature and says which carrier is calling.
        api.MapPost("webhooks/{carrierCode}", ReceiveWebhook);
    }

    /// <summary>Every shipment of the order: its goods, then any replacements and returns, in the order they were created.</summary>
    private static async Task<Results<Ok<List<Shipment>>, NotFound>> GetShipments(string orderNumber, LogisticsDb db, CancellationToken ct)
        => await db.Shipments.AsNoTracking().Where(s => s.OrderNumber == orderNumber).OrderBy(s => s.CreatedAt).ToListAsync(ct) is { Count: > 0 } s
            ? TypedResults.Ok(s) : TypedResults.NotFound();

    public record DispatchSlaView(string OrderNumber, DateTimeOffset ConfirmedAt, DateTimeOffset DueAt, DateTimeOffset? DispatchedAt,
        DateTimeOffset? FlaggedAt, bool Late);

    /// <summary>In-stock orders and their dispatch SLA; <c>?overdue=true</c> lists those flagged and still in the warehouse.</summary>
    private static async Task<Ok<List<DispatchSlaView>>> ListDispatchSla(LogisticsDb db, bool? overdue, CancellationToken ct)
    {
        var query = db.DispatchSlas.AsNoTracking().Where(s => !s.Cancelled);
        if (overdue == true) query = query.Where(s => s.FlaggedAt != null && s.DispatchedAt == null);
        var rows = await query.OrderBy(s => s.DueAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(s => new DispatchSlaView(s.OrderNumber, s.ConfirmedAt, s.DueAt, s.DispatchedAt, s.FlaggedAt, s.Late)).ToList());
    }

    /// <summary>Dispatch SLA compliance and carrier exception rates for [from, to] (whole days, UTC; the last 30 days by default).</summary>
    private static async Task<Results<Ok<LogisticsReport>, ValidationProblem>> Report(DateOnly? from, DateOnly? to, LogisticsDb db, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (ReportPeriod.Parse(from, to, now, out var errors) is not { } period) return TypedResults.ValidationProblem(errors!);
        var (start, end) = (period.Start, period.End);
        var slas = await db.DispatchSlas.AsNoTracking().Where(s => s.ConfirmedAt >= start && s.ConfirmedAt < end).ToListAsync(ct);
        var shipments = await db.Shipments.AsNoTracking().Where(s => s.CreatedAt >= start && s.CreatedAt < end).ToListAsync(ct);
        return TypedResults.Ok(LogisticsReports.Build(period.From, period.To, slas, shipments, now));
    }

    private static async Task<Results<Ok<TrackingView>, NotFound>> Track(string trackingNumber, LogisticsDb db, CancellationToken ct)
    {
        var s = await db.Shipments.AsNoTracking().SingleOrDefaultAsync(x => x.TrackingNumber == trackingNumber, ct);
        if (s is null) return TypedResults.NotFound();
        var events = await db.CarrierEvents.AsNoTracking().Where(e => e.TrackingNumber == trackingNumber)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => new { e.Type, e.OccurredAt, e.RawBody }).ToListAsync(ct);
        return TypedResults.Ok(new TrackingView(s.TrackingNumber, s.Carrier, s.OrderNumber, s.Status, s.DispatchNoteNumber, s.CarrierReason,
            events.Select(e => new TrackingEvent(e.Type, e.OccurredAt, JsonSerializer.Deserialize<CarrierWebhook>(e.RawBody, JsonSerializerOptions.Web)?.Detail)).ToList()));
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
        if (await db.CarrierEvents.AnyAsync(e => e.Carrier == carrierCode && e.EventId == body!.EventId, ct))
            return TypedResults.Ok(new CarrierEventAccepted(body!.EventId!, Duplicate: true, Applied: false, shipment.Status));

        var messages = shipment.Apply(body!.Type!, body.OccurredAt!.Value, body.SignedBy, body.ExceptionCode, body.Detail);
        db.CarrierEvents.Add(new CarrierEvent
        {
            Carrier = carrierCode, EventId = body.EventId!, TrackingNumber = shipment.TrackingNumber, Type = body.Type!,
            OccurredAt = body.OccurredAt.Value, Applied = messages.Count > 0, RawBody = raw,
        });
        foreach (var message in messages) db.Publish(message);
        if (messages.OfType<ShipmentDispatched>().FirstOrDefault() is { Purpose: ShipmentPurposes.Order } dispatched)
            (await db.DispatchSlas.FindAsync([shipment.OrderId], ct))?.Dispatched(dispatched.DispatchedAt);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CarrierEventAccepted(body.EventId!, Duplicate: false, Applied: messages.Count > 0, shipment.Status));
    }
}
