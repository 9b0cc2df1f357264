using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Billing.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_accounts_and_payments", """
            CREATE TABLE billing_accounts (
                order_id uuid PRIMARY KEY,
                order_number text NOT NULL UNIQUE,
                customer_id text NOT NULL,
                terms text NOT NULL,
                total numeric(14,2) NOT NULL,
                deposit_percent numeric(5,2) NOT NULL,
                paid numeric(14,2) NOT NULL,
                status text NOT NULL,
                currency text NOT NULL,
                opened_at timestamptz NOT NULL);
            CREATE TABLE payments (
                id uuid PRIMARY KEY,
                order_number text NOT NULL,
                route text NOT NULL,
                event_id text NOT NULL,
                amount numeric(14,2) NOT NULL,
                currency text NOT NULL,
                occurred_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                raw_body jsonb NOT NULL,
                CONSTRAINT ux_payments_route_event UNIQUE (route, event_id));
            CREATE INDEX ix_payments_order_number ON payments (order_number);
            """),
        new("0002_refunds", """
            ALTER TABLE billing_accounts ADD COLUMN refunded numeric(14,2) NOT NULL DEFAULT 0;
            """),
        new("0003_returns", """
            ALTER TABLE billing_accounts ADD COLUMN returned numeric(14,2) NOT NULL DEFAULT 0;
            """),
    ];
}
