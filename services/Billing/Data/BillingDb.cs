using Microsoft.EntityFrameworkCore;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Billing.Data;

public sealed class BillingDb(DbContextOptions<BillingDb> options) : ServiceDbContext(options)
{
    public DbSet<BillingAccount> Accounts => Set<BillingAccount>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Statement> Statements => Set<Statement>();
    public DbSet<CarrierReceivable> CarrierReceivables => Set<CarrierReceivable>();

    /// <summary>
    /// The next invoice number of the year, <c>INV-yyyy-nnnnnn</c>, from a counter row updated in the
    /// caller's transaction: concurrent issuers queue on the row, and a rolled-back issue gives its
    /// number back, so the numbers have no gaps (a database sequence would leave them).
    /// </summary>
    public async Task<string> NextInvoiceNumberAsync(DateTimeOffset now, CancellationToken ct)
    {
        var year = now.ToOffset(OrderPlatform.ServiceDefaults.ChinaTime.Offset).Year;
        var last = await Database.SqlQuery<int>($"""
            INSERT INTO invoice_counters (year, last) VALUES ({year}, 1)
            ON CONFLICT (year) DO UPDATE SET last = invoice_counters.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(ct);
        return $"INV-{year}-{last.Single():D6}";
    }

    public Task<string> NextStatementNumberAsync(DateTimeOffset now, CancellationToken ct)
        => NextDocumentNumberAsync("statement_number_seq", "ST", now, ct);

    /// <summary>What the order has paid through each route, less what went back that way.</summary>
    public async Task<List<(string Route, decimal NetPaid)>> NetPaidByRouteAsync(string orderNumber, CancellationToken ct)
        => (await Payments.Where(p => p.OrderNumber == orderNumber).GroupBy(p => p.Route)
            .Select(g => new { Route = g.Key, Net = g.Sum(p => p.Amount) }).ToListAsync(ct)).Select(x => (x.Route, x.Net)).ToList();

    /// <summary>Records a refund as a negative payment on its route (once per event id and route) and publishes it.</summary>
    public void RecordRefund(RefundIssued refund, string eventId, string currency, object detail)
    {
        Payments.Add(new Payment
        {
            OrderNumber = refund.OrderNumber, Route = refund.Route, EventId = eventId, Amount = -refund.Amount,
            Currency = currency, OccurredAt = DateTimeOffset.UtcNow, RawBody = System.Text.Json.JsonSerializer.Serialize(detail),
        });
        Publish(refund);
    }

    /// <summary>Records a payment received on the account and everything it causes (requests, clearance, an over-payment refund).</summary>
    public void RecordPayment(BillingAccount account, decimal amount, string route, string eventId, DateTimeOffset occurredAt, string rawBody,
        string? recordedBy = null)
    {
        Payments.Add(new Payment
        {
            OrderNumber = account.OrderNumber, Route = route, EventId = eventId, Amount = amount, Currency = account.Currency,
            OccurredAt = occurredAt, RawBody = rawBody,
        });
        PublishAll(account.RecordPayment(amount, route, occurredAt, recordedBy), account.Currency, refund => $"overpayment:{eventId}");
    }

    /// <summary>Publishes what an account change caused; a refund among it is also recorded on its route, under <paramref name="refundEventId"/>.</summary>
    public void PublishAll(IEnumerable<object> messages, string currency, Func<RefundIssued, string> refundEventId)
    {
        foreach (var message in messages)
            if (message is RefundIssued refund) RecordRefund(refund, refundEventId(refund), currency, new { refund.Reason });
            else Publish(message);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasSequence("statement_number_seq");
        // invoice_counters (gapless invoice numbers) and the trigger that keeps issued invoices unchanged are created
        // by the Baseline migration in SQL: EF Core cannot express the trigger, and the counter is written in SQL only.
        b.Entity<BillingAccount>(e =>
        {
            e.ToTable("billing_accounts");
            e.HasKey(a => a.OrderId);
            e.HasAlternateKey(a => a.OrderNumber);
            e.Property(a => a.Total).HasPrecision(14, 2);
            e.Property(a => a.DepositPercent).HasPrecision(5, 2);
            e.Property(a => a.Paid).HasPrecision(14, 2);
            e.Property(a => a.Refunded).HasPrecision(14, 2).HasDefaultValueSql("0").ValueGeneratedNever();
            e.Property(a => a.Returned).HasPrecision(14, 2).HasDefaultValueSql("0").ValueGeneratedNever();
            e.Property(a => a.Status).HasConversion<string>();
            e.Property(a => a.Version).IsXminRowVersion();
            e.Ignore(a => a.Due);
            e.Ignore(a => a.DepositAmount);
        });
        b.Entity<Invoice>(e =>
        {
            e.ToTable("invoices", t =>
            {
                t.HasCheckConstraint("invoices_amount_check", "amount > 0");
                t.HasCheckConstraint("ck_invoices_one_subject", "(order_number IS NULL) <> (statement_number IS NULL)");
            });
            e.HasAlternateKey(i => i.Number);
            e.HasIndex(i => i.OrderNumber, "ux_invoices_order").IsUnique().HasFilter("order_number IS NOT NULL");
            e.HasIndex(i => i.StatementNumber, "ux_invoices_statement").IsUnique().HasFilter("statement_number IS NOT NULL");
            e.HasIndex(i => new { i.CustomerId, i.IssuedAt }, "ix_invoices_customer");
            e.Property(i => i.Amount).HasPrecision(14, 2);
            e.Property(i => i.TaxRate).HasPrecision(5, 4);
            e.Property(i => i.Tax).HasPrecision(14, 2);
            e.Property(i => i.Net).HasPrecision(14, 2);
        });
        b.Entity<Statement>(e =>
        {
            e.ToTable("statements");
            e.HasAlternateKey(x => x.Number);
            e.HasIndex(x => new { x.CustomerId, x.IssuedAt }, "ix_statements_customer");
            e.Property(x => x.Lines).HasJsonConversion();
            e.Property(x => x.Total).HasPrecision(14, 2);
            e.Property(x => x.Due).HasPrecision(14, 2);
        });
        b.Entity<CarrierReceivable>(e =>
        {
            e.ToTable("carrier_receivables", t =>
            {
                t.HasCheckConstraint("carrier_receivables_amount_due_check", "amount_due > 0");
                t.HasCheckConstraint("ck_carrier_receivables_received", "received >= 0 AND received <= amount_due");
            });
            e.HasKey(r => r.ClaimNumber);
            e.HasIndex(r => new { r.Carrier, r.AcceptedAt }, "ix_carrier_receivables_carrier");
            e.Property(r => r.AmountDue).HasPrecision(14, 2);
            e.Property(r => r.Received).HasPrecision(14, 2);
            e.Property(r => r.Status).HasConversion<string>();
            e.Property(r => r.Payments).HasJsonConversion();
            e.Property(r => r.Version).IsXminRowVersion();
            e.Ignore(r => r.Outstanding);
        });
        b.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.HasAlternateKey(p => new { p.Route, p.EventId }).HasName("ux_payments_route_event");
            e.HasIndex(p => p.OrderNumber);
            e.Property(p => p.Amount).HasPrecision(14, 2);
            e.Property(p => p.RawBody).HasColumnType("jsonb");
        });
        UseSnakeCaseNames(b);
    }
}

public sealed class BillingDbFactory : DesignTimeFactory<BillingDb>;
