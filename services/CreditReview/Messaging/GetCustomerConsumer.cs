using MassTransit;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Data;

namespace OrderPlatform.CreditReview.Messaging;

/// <summary>Answers Intake's question "who is this customer?" (read-only, so no inbox).</summary>
public sealed class GetCustomerConsumer(CreditDb db) : IConsumer<GetCustomer>
{
    public async Task Consume(ConsumeContext<GetCustomer> context)
    {
        var c = await db.Customers.FindAsync([context.Message.CustomerId], context.CancellationToken);
        if (c is null)
            await context.RespondAsync(new CustomerNotFound(context.Message.CustomerId));
        else
            await context.RespondAsync(new CustomerFound(c.CustomerId, c.Name, c.Kind, c.Grade, c.Active,
                c.PaymentTerms, c.DepositPercent));
    }
}
