using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.Intake.Api;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.Intake.Messaging;

/// <summary>
/// Every event the order lifecycle reacts to, in one place: each loads the order, lets the
/// aggregate decide, and saves the change, its timeline entry, its outgoing messages and the
/// inbox record in one transaction.
/// </summary>
public sealed class OrderLifecycleConsumer(IntakeDb db, OrderChangeFeed changes, ILogger<OrderLifecycleConsumer> logger) :
    IConsumer<CreditApproved>, IConsumer<CreditHeld>, IConsumer<CreditRejected>,
    IConsumer<StockReserved>, IConsumer<StockShort>,
    IConsumer<PaymentRequested>, IConsumer<PaymentReceived>, IConsumer<BillingCleared>,
    IConsumer<ShipmentCreated>, IConsumer<ShipmentStatusChanged>, IConsumer<StockReleased>, IConsumer<RefundIssued>, IConsumer<DispatchOverdue>,
    IConsumer<DepositReceived>, IConsumer<ProductionPlanned>, IConsumer<TechnicalCheckFailed>, IConsumer<ProductionRescheduled>,
    IConsumer<ProductionProgressed>, IConsumer<QualityInspected>, IConsumer<ProducedGoodsReserved>, IConsumer<ProductionStopped>,
    IConsumer<InvoiceIssued>
{
    public Task Consume(ConsumeContext<InvoiceIssued> c) => c.Message.OrderId is { } orderId
        ? Apply(c, orderId, (o, now) => o.OnInvoiceIssued(c.Message.InvoiceNumber, c.Message.Type, c.Message.Amount, c.Message.Tax, now))
        : Task.CompletedTask;

    public Task Consume(ConsumeContext<DepositReceived> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnDepositReceived(c.Message.Deposit, c.Message.TotalPaid, now));

    public Task Consume(ConsumeContext<ProductionPlanned> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnProductionPlanned(c.Message.WorkOrders, c.Message.EstimatedCompletion, now));

    public Task Consume(ConsumeContext<TechnicalCheckFailed> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnTechnicalCheckFailed(c.Message.Reason, now));

    public Task Consume(ConsumeContext<ProductionRescheduled> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnProductionRescheduled(c.Message.Previous, c.Message.EstimatedCompletion, c.Message.Reason, now));

    public Task Consume(ConsumeContext<ProductionProgressed> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnProductionProgressed(c.Message.WorkOrderNumber, c.Message.Done, c.Message.Quantity, c.Message.Delay, now,
            c.Message.ReportedBy));

    public Task Consume(ConsumeContext<QualityInspected> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnQualityInspected(c.Message.WorkOrderNumber, c.Message.Passed, c.Message.Quantity, c.Message.Note, c.Message.InspectedBy, now));

    public Task Consume(ConsumeContext<ProducedGoodsReserved> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnProducedGoodsReserved(c.Message.WorkOrderNumber, c.Message.Sku, c.Message.Quantity, c.Message.Warehouse, now));

    public Task Consume(ConsumeContext<ProductionStopped> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnProductionStopped(c.Message.Cancelled, c.Message.Continuing, now));

    public Task Consume(ConsumeContext<CreditApproved> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnCreditApproved(c.Message.ApprovedBy, c.Message.Reason, now));

    public Task Consume(ConsumeContext<CreditHeld> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnCreditHeld(c.Message.Reason, now));

    public Task Consume(ConsumeContext<CreditRejected> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnCreditRejected(c.Message.RejectedBy, c.Message.Reason, now));

    public Task Consume(ConsumeContext<StockReserved> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnStockReserved(c.Message.Lines, now));

    public Task Consume(ConsumeContext<StockShort> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnStockShort(c.Message.Short, now));

    public Task Consume(ConsumeContext<StockReleased> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnStockReleased(c.Message.Lines, now));

    public Task Consume(ConsumeContext<RefundIssued> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnRefundIssued(c.Message.Amount, c.Message.Route, now));

    public Task Consume(ConsumeContext<PaymentRequested> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnPaymentRequested(c.Message.Kind, c.Message.Amount, now));

    public Task Consume(ConsumeContext<PaymentReceived> c) => Apply(c, c.Message.OrderId, (o, now) =>
        o.OnPaymentReceived(c.Message.Amount, c.Message.TotalPaid, c.Message.AmountDue, c.Message.Route, now, c.Message.ClearedReason,
            c.Message.RecordedBy));

    public Task Consume(ConsumeContext<BillingCleared> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnBillingCleared(c.Message.Reason, c.Message.AmountPaid, c.Message.AmountDue, now));

    public Task Consume(ConsumeContext<ShipmentCreated> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnShipmentCreated(c.Message.Carrier, c.Message.TrackingNumber, c.Message.DispatchNoteNumber,
            c.Message.CarrierReason, c.Message.Purpose, c.Message.Reference, now));

    public Task Consume(ConsumeContext<DispatchOverdue> c) =>
        Apply(c, c.Message.OrderId, (o, now) => o.OnDispatchOverdue(c.Message.DueAt, now));

    public Task Consume(ConsumeContext<ShipmentStatusChanged> c)
    {
        var m = c.Message;
        return Apply(c, m.OrderId, (o, now) => o.OnShipmentStatusChanged(m.Carrier, m.TrackingNumber, m.Status, m.OccurredAt, m.SignedBy, m.ExceptionCode, m.Detail, m.Purpose, now));
    }

    private async Task Apply<T>(ConsumeContext<T> context, Guid orderId, Action<Order, DateTimeOffset> change) where T : class
    {
        if (!await db.FirstDeliveryAsync(context, $"{nameof(OrderLifecycleConsumer)}:{typeof(T).Name}")) return;
        // Events about one order often arrive together (Billing's PaymentReceived and RefundIssued come from one
        // commit). The row lock makes the second wait for the first instead of failing on the version check and
        // going round the retry policy; the version check still guards every other writer.
        await using var tx = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var order = (await db.Orders.FromSql($"SELECT *, xmin FROM orders WHERE id = {orderId} FOR UPDATE")
            .ToListAsync(context.CancellationToken)).Single();
        var before = order.Status;
        change(order, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
        changes.Changed(order.OrderNumber);
        logger.LogInformation("{OrderNumber}: {Message} ({Before} -> {After})", order.OrderNumber, typeof(T).Name, before, order.Status);
    }
}
