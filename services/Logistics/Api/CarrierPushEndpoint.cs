using Microsoft.EntityFrameworkCore;
using OrderPlatform.Logistics.Api.CarrierFormats;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;

namespace OrderPlatform.Logistics.Api;

/// <summary>
/// <c>POST /api/logistics/webhooks/{carrier}/{format}</c>: a carrier's push in its own format. The carrier's adapter
/// authenticates and reads it; its routes are applied oldest first, all in one transaction, so a push is taken whole or
/// not at all and the carrier, getting no acknowledgement, pushes it again. Routes for unknown parcels are acknowledged
/// (the carrier would push them for ever otherwise) and kept for staff.
/// </summary>
public static class CarrierPushEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<IResult> ReceiveAsync(string carrierCode, string format, HttpRequest request, LogisticsDb db,
        IConfiguration configuration, ILoggerFactory loggers, CancellationToken ct)
    {
        if (CarrierFormat.Find(carrierCode, format) is not { } adapter)
            return TypedResults.Problem(statusCode: 404, title: "Not found",
                detail: $"No push format {format} for carrier {carrierCode}; carriers without one post signed JSON to /api/logistics/webhooks/{carrierCode}.");
        var logger = loggers.CreateLogger(typeof(CarrierPushEndpoint));
        try
        {
            if (configuration[$"Logistics:CarrierPush:{carrierCode}:Secret"] is not { Length: > 0 } secret)
            {
                logger.LogError("A {Carrier} {Format} arrived but Logistics:CarrierPush:{Carrier}:Secret is not configured", carrierCode, format, carrierCode);
                throw new CarrierPushRefused(401, "push not enabled for this carrier");
            }
            var routes = adapter.Read(request, await ReadBodyAsync(request, ct), secret);
            var outcomes = new List<RouteOutcome>();
            var shipments = new Dictionary<string, Shipment?>();
            foreach (var route in routes.Select((r, i) => (r, i)).OrderBy(x => x.r.OccurredAt).ThenBy(x => x.i).Select(x => x.r))
            {
                if (!shipments.TryGetValue(route.TrackingNumber, out var shipment))
                    shipments[route.TrackingNumber] = shipment = await db.Shipments
                        .SingleOrDefaultAsync(s => s.TrackingNumber == route.TrackingNumber && s.Carrier == carrierCode, ct);
                outcomes.Add(await db.RecordRouteAsync(carrierCode, route, shipment, ct));
            }
            await db.SaveChangesAsync(ct);
            var summary = string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
            foreach (var parcel in shipments.Where(s => s.Value is null).Select(s => s.Key))
                logger.LogWarning("{Carrier} pushed routes for tracking number {TrackingNumber}, which no {Carrier} shipment has; kept for staff",
                    carrierCode, parcel, carrierCode);
            logger.LogInformation("{Carrier} {Format}: {Routes} routes, {Summary}", carrierCode, format, routes.Count, summary);
            return adapter.Taken($"成功 ({summary})");
        }
        catch (CarrierPushRefused e)
        {
            logger.LogWarning("{Carrier} {Format} refused ({Status}): {Reason}", carrierCode, format, e.Status, e.Message);
            return adapter.Refused(e.Status, e.Message);
        }
        catch (DbUpdateException e)
        {
            // Another push for the same parcel, or the same route, was applied at the same moment: nothing of this one was
            // stored, and the carrier pushes it again.
            logger.LogWarning(e, "{Carrier} {Format} met a concurrent change; refused so the carrier pushes again", carrierCode, format);
            return adapter.Refused(409, "并发冲突，请重推 (changed concurrently; push again)");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) throw new CarrierPushRefused(413, $"报文超过 {MaxBodyBytes / 1024} KB (push larger than {MaxBodyBytes / 1024} KiB)");
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw new CarrierPushRefused(413, $"报文超过 {MaxBodyBytes / 1024} KB (push larger than {MaxBodyBytes / 1024} KiB)");
        }
        return buffer.ToArray();
    }
}
