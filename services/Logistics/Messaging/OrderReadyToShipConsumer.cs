using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Data;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Logistics.Messaging;

/// <summary>Billing has cleared the order: issue the dispatch note, choose a carrier, assign a tracking number.</summary>
public sealed class OrderReadyToShipConsumer(LogisticsDb db, ILogger<OrderReadyToShipConsumer> logger) : IConsumer<OrderReadyToShip>
{
    public async Task Consume(ConsumeContext<OrderReadyToShip> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderReadyToShipConsumer))) return;
        if (await db.Shipments.AnyAsync(s => s.OrderId == m.OrderId && s.Purpose == ShipmentPurposes.Order, ct)) return;
        var shipment = await db.PlanShipmentAsync(m.OrderId, m.OrderNumber, m.Channel, ShipmentPurposes.Order, null, m.OrderType, m.ShippingAddress, m.Lines, ct);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Shipment for {OrderNumber}: {Carrier} {TrackingNumber} ({Reason})", m.OrderNumber, shipment.Carrier, shipment.TrackingNumber, shipment.CarrierReason);
    }
}

/// <summary>
/// After-sales work that moves goods: a return or exchange is picked up from the customer's address,
/// and a replacement (reshipment or exchange) goes to it once Inventory has picked the goods.
/// </summary>
public sealed class AfterSalesShipmentConsumer(LogisticsDb db, ILogger<AfterSalesShipmentConsumer> logger) :
    IConsumer<ReturnApproved>, IConsumer<ReplacementPicked>
{
    public Task Consume(ConsumeContext<ReturnApproved> context)
    {
        var m = context.Message;
        return PlanAsync(context, m.OrderId, m.OrderNumber, ShipmentPurposes.Return, m.ReturnNumber, m.Lines);
    }

    public Task Consume(ConsumeContext<ReplacementPicked> context)
    {
        var m = context.Message;
        return PlanAsync(context, m.OrderId, m.OrderNumber, ShipmentPurposes.Replacement, m.Reference, m.Lines);
    }

    private async Task PlanAsync<T>(ConsumeContext<T> context, Guid orderId, string orderNumber, string purpose, string reference,
        IReadOnlyList<OrderLine> lines) where T : class
    {
        var ct = context.CancellationToken;
        if (!await db.FirstDeliveryAsync(context, $"{nameof(AfterSalesShipmentConsumer)}:{typeof(T).Name}")) return;
        if (await db.Shipments.AnyAsync(s => s.Purpose == purpose && s.Reference == reference, ct)) return;
        // The original shipment must exist: goods are returned or replaced only after they were sent.
        var original = await db.FindOrderShipmentAsync(orderId, ct)
            ?? throw new InvalidOperationException($"{orderNumber} has no shipment to return or replace.");
        var shipment = await db.PlanShipmentAsync(orderId, orderNumber, original.Channel, purpose, reference, "Regular", original.Address, lines, ct);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Purpose} shipment for {OrderNumber} ({Reference}): {Carrier} {TrackingNumber}", purpose, orderNumber, reference,
            shipment.Carrier, shipment.TrackingNumber);
    }
}
