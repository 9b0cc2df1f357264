using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Logistics.Messaging;

/// <summary>Billing has cleared the order: issue the dispatch note, choose a carrier, assign a tracking number.</summary>
public sealed class OrderReadyToShipConsumer(LogisticsDb db, ILogger<OrderReadyToShipConsumer> logger) : IConsumer<OrderReadyToShip>
{
    private const decimal DefaultUnitWeightKg = 0.5m;

    public async Task Consume(ConsumeContext<OrderReadyToShip> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderReadyToShipConsumer))) return;
        if (await db.Shipments.AnyAsync(s => s.OrderId == m.OrderId, ct)) return;

        var skus = m.Lines.Select(l => l.Sku).ToList();
        var weights = await db.SkuWeights.Where(w => skus.Contains(w.Sku)).ToDictionaryAsync(w => w.Sku, w => w.WeightKg, ct);
        var weight = m.Lines.Sum(l => l.Quantity * weights.GetValueOrDefault(l.Sku, DefaultUnitWeightKg));
        var carriers = await db.Carriers.ToListAsync(ct);
        var (carrier, reason) = CarrierSelection.Choose(carriers, m.OrderType, m.ShippingAddress.Province, weight);

        var noteSeq = await db.Database.SqlQuery<long>($"SELECT nextval('dispatch_note_seq') AS \"Value\"").SingleAsync(ct);
        var trackingSeq = await db.Database.SqlQuery<long>($"SELECT nextval('tracking_seq') AS \"Value\"").SingleAsync(ct);
        var shipment = new Shipment
        {
            OrderId = m.OrderId, OrderNumber = m.OrderNumber, DispatchNoteNumber = $"DN-{DateTime.UtcNow:yyyyMMdd}-{noteSeq:D6}",
            Carrier = carrier.Code, CarrierReason = reason, TrackingNumber = $"{carrier.Code}{trackingSeq}",
            Lines = m.Lines.ToList(), Address = m.ShippingAddress, WeightKg = weight,
        };
        db.Shipments.Add(shipment);
        db.Publish(new ShipmentCreated(m.OrderId, m.OrderNumber, shipment.Id, shipment.DispatchNoteNumber, carrier.Code,
            shipment.TrackingNumber, reason));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Shipment for {OrderNumber}: {Carrier} {TrackingNumber} ({Reason})", m.OrderNumber, carrier.Code, shipment.TrackingNumber, reason);
    }
}
