using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.AfterSales.Data;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Messaging;

namespace OrderPlatform.AfterSales.Messaging;

/// <summary>A completed order gets its satisfaction survey.</summary>
public sealed class OrderCompletedConsumer(AfterSalesDb db) : IConsumer<OrderCompleted>
{
    public async Task Consume(ConsumeContext<OrderCompleted> context)
    {
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context, nameof(OrderCompletedConsumer))) return;
        if (await db.Surveys.AnyAsync(s => s.OrderId == m.OrderId, context.CancellationToken)) return;
        var survey = new Survey
        {
            OrderId = m.OrderId, OrderNumber = m.OrderNumber, CustomerId = m.CustomerId, Channel = m.Channel,
            Skus = m.Lines.Select(l => l.Sku).Distinct().ToList(),
        };
        db.Surveys.Add(survey);
        db.Publish(new SurveyOpened(m.OrderId, m.OrderNumber, survey.Id));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
