using Microsoft.EntityFrameworkCore;
using OrderPlatform.Contracts;
using OrderPlatform.CreditReview.Domain;

namespace OrderPlatform.CreditReview.Data;

/// <summary>The fixed demo customers of ARCHITECTURE.md; loaded with --seed, idempotently.</summary>
public static class DemoData
{
    public static async Task SeedAsync(CreditDb db, CancellationToken ct)
    {
        Customer[] customers =
        [
            new() { CustomerId = "C-A001", Name = "Hangzhou Sports Club", Company = "Hangzhou Sports Club Co., Ltd.",
                Kind = CustomerKinds.Business, Grade = "A", CreditLimit = 500000m, DepositPercent = 0m, Phone = "13800000001" },
            new() { CustomerId = "C-B001", Name = "Ningbo Team Outfitters", Company = "Ningbo Team Outfitters Ltd.",
                Kind = CustomerKinds.Business, Grade = "B", CreditLimit = 100000m, DepositPercent = 30m, Phone = "13800000002" },
            new() { CustomerId = "C-C001", Name = "Wenzhou School Supplies", Company = "Wenzhou School Supplies Ltd.",
                Kind = CustomerKinds.Business, Grade = "C", CreditLimit = 20000m, DepositPercent = 30m, Phone = "13800000003" },
            new() { CustomerId = "R-0001", Name = "Li Wei", Kind = CustomerKinds.Retail, Grade = "C",
                CreditLimit = 0m, DepositPercent = 0m, Phone = "13800000000" },
        ];
        var existing = await db.Customers.Select(c => c.CustomerId).ToListAsync(ct);
        db.Customers.AddRange(customers.Where(c => !existing.Contains(c.CustomerId)));
        await db.SaveChangesAsync(ct);
    }
}
