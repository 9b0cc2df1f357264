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
        new("0004_invoices_and_statements", """
            ALTER TABLE billing_accounts ADD COLUMN statement_number text NULL;
            CREATE TABLE invoice_counters (
                year integer PRIMARY KEY,
                last integer NOT NULL);
            CREATE TABLE invoices (
                id uuid PRIMARY KEY,
                number text NOT NULL UNIQUE,
                type text NOT NULL,
                customer_id text NOT NULL,
                order_number text NULL,
                statement_number text NULL,
                buyer_name text NOT NULL,
                buyer_tax_id text NULL,
                content text NOT NULL,
                amount numeric(14,2) NOT NULL CHECK (amount > 0),
                tax_rate numeric(5,4) NOT NULL,
                tax numeric(14,2) NOT NULL,
                net numeric(14,2) NOT NULL,
                currency text NOT NULL,
                issued_at timestamptz NOT NULL,
                issued_by text NOT NULL,
                CONSTRAINT ck_invoices_one_subject CHECK ((order_number IS NULL) <> (statement_number IS NULL)));
            CREATE UNIQUE INDEX ux_invoices_order ON invoices (order_number) WHERE order_number IS NOT NULL;
            CREATE UNIQUE INDEX ux_invoices_statement ON invoices (statement_number) WHERE statement_number IS NOT NULL;
            CREATE INDEX ix_invoices_customer ON invoices (customer_id, issued_at);
            CREATE FUNCTION invoices_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'invoice % is issued and cannot be changed or deleted', OLD.number;
            END $$;
            CREATE TRIGGER tr_invoices_immutable BEFORE UPDATE OR DELETE ON invoices
                FOR EACH ROW EXECUTE FUNCTION invoices_are_immutable();
            CREATE SEQUENCE statement_number_seq;
            CREATE TABLE statements (
                id uuid PRIMARY KEY,
                number text NOT NULL UNIQUE,
                customer_id text NOT NULL,
                period_from date NOT NULL,
                period_to date NOT NULL,
                lines jsonb NOT NULL,
                total numeric(14,2) NOT NULL,
                due numeric(14,2) NOT NULL,
                issued_at timestamptz NOT NULL,
                issued_by text NOT NULL);
            CREATE INDEX ix_statements_customer ON statements (customer_id, issued_at);
            """),
        new("0005_carrier_receivables", """
            CREATE TABLE carrier_receivables (
                claim_number text PRIMARY KEY,
                case_number text NOT NULL,
                order_number text NOT NULL,
                carrier text NOT NULL,
                tracking_number text NOT NULL,
                amount_due numeric(14,2) NOT NULL CHECK (amount_due > 0),
                received numeric(14,2) NOT NULL,
                status text NOT NULL,
                accepted_at timestamptz NOT NULL,
                settled_at timestamptz NULL,
                payments jsonb NOT NULL,
                currency text NOT NULL,
                CONSTRAINT ck_carrier_receivables_received CHECK (received >= 0 AND received <= amount_due));
            CREATE INDEX ix_carrier_receivables_carrier ON carrier_receivables (carrier, accepted_at);
            """),
    ];
}
