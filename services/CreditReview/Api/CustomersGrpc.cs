using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts.Grpc.Credit;
using OrderPlatform.CreditReview.Data;

namespace OrderPlatform.CreditReview.Api;

/// <summary>Answers "who is this customer?" for Intake taking an order (contracts/Protos/credit.proto).</summary>
public sealed class CustomersGrpc(CreditDb db) : Customers.CustomersBase
{
    public override async Task<CustomerReply> GetCustomer(GetCustomerRequest request, ServerCallContext context)
    {
        var c = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == request.CustomerId, context.CancellationToken);
        return c is null
            ? new CustomerReply { Found = false, CustomerId = request.CustomerId }
            : new CustomerReply
            {
                Found = true, CustomerId = c.CustomerId, Name = c.Name, Kind = c.Kind, Grade = c.Grade, Active = c.Active,
                PaymentTerms = c.PaymentTerms, DepositPercent = c.DepositPercent.ToString(CultureInfo.InvariantCulture),
            };
    }
}
