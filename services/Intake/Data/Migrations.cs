using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Intake.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_orders", """
            CREATE SEQUENCE order_number_seq;
            CREATE TABLE orders (
                id uuid PRIMARY KEY,
                order_number text NOT NULL,
                channel text NOT NULL,
                customer_id text NOT NULL,
                customer_name text NOT NULL,
                customer_kind text NOT NULL,
                grade text NOT NULL,
                payment_terms text NOT NULL,
                deposit_percent numeric(5,2) NOT NULL,
                order_type text NOT NULL,
                lines jsonb NOT NULL,
                shipping_address jsonb NOT NULL,
                requested_delivery_date date NOT NULL,
                promised_date date NULL,
                notes text NOT NULL,
                total numeric(14,2) NOT NULL,
                status text NOT NULL,
                holds jsonb NOT NULL,
                amount_paid numeric(14,2) NOT NULL,
                amount_due numeric(14,2) NOT NULL,
                carrier text NULL,
                tracking_number text NULL,
                shipment_status text NULL,
                submitted_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL);
            CREATE UNIQUE INDEX ix_orders_order_number ON orders (order_number);
            CREATE INDEX ix_orders_status ON orders (status, submitted_at);
            CREATE INDEX ix_orders_customer ON orders (customer_id, submitted_at);
            CREATE TABLE order_timeline (
                id bigserial PRIMARY KEY,
                order_id uuid NOT NULL REFERENCES orders ON DELETE CASCADE,
                at timestamptz NOT NULL,
                event text NOT NULL,
                by text NOT NULL,
                detail text NOT NULL);
            CREATE INDEX ix_order_timeline_order_id ON order_timeline (order_id, id);
            CREATE TABLE idempotency_records (
                client text NOT NULL,
                key text NOT NULL,
                request_hash text NOT NULL,
                order_number text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (client, key));
            """),
        new("0002_refunds", """
            ALTER TABLE orders ADD COLUMN amount_refunded numeric(14,2) NOT NULL DEFAULT 0;
            """),
        new("0003_delivered_at", """
            ALTER TABLE orders ADD COLUMN delivered_at timestamptz NULL;
            CREATE INDEX ix_orders_delivered_at ON orders (delivered_at) WHERE status = 'Delivered';
            """),
        new("0004_notifications", """
            CREATE TABLE notifications (
                id uuid PRIMARY KEY,
                order_id uuid NOT NULL REFERENCES orders ON DELETE CASCADE,
                order_number text NOT NULL,
                channel text NOT NULL,
                milestone text NOT NULL,
                medium text NOT NULL,
                recipient text NOT NULL,
                text text NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL,
                created_at timestamptz NOT NULL,
                sent_at timestamptz NULL);
            CREATE INDEX ix_notifications_order_id ON notifications (order_id);
            CREATE INDEX ix_notifications_pending ON notifications (created_at) WHERE status = 'Pending';
            """),
        new("0005_review_sla", """
            ALTER TABLE orders ADD COLUMN review_overdue_at timestamptz NULL;
            CREATE INDEX ix_orders_under_review ON orders (submitted_at) WHERE status IN ('Submitted', 'OnHold');
            """),
        new("0006_production_and_confirmation", """
            ALTER TABLE orders
                ADD COLUMN confirmed_at timestamptz NULL,
                ADD COLUMN signed_confirmation_at timestamptz NULL,
                ADD COLUMN promised_date_slip_days integer NOT NULL DEFAULT 0,
                ADD COLUMN deposit_paid boolean NOT NULL DEFAULT false,
                ADD COLUMN billing_cleared_at timestamptz NULL,
                ADD COLUMN work_orders jsonb NOT NULL DEFAULT '[]',
                ADD COLUMN production_released boolean NOT NULL DEFAULT false,
                ADD COLUMN shortage jsonb NOT NULL DEFAULT '[]',
                ADD COLUMN shortage_choice text NULL;
            """),
        // The order feed: each order row carries the transaction that last wrote it (a trigger, so no writer can
        // forget it). Readers take rows only below the oldest running transaction, so a commit that lands late is
        // still ahead of every cursor handed out.
        new("0007_order_feed", """
            ALTER TABLE orders ADD COLUMN change_xid xid8 NOT NULL DEFAULT '0';
            CREATE FUNCTION orders_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.change_xid := pg_current_xact_id();
                RETURN NEW;
            END $$;
            CREATE TRIGGER orders_stamp_change BEFORE INSERT OR UPDATE ON orders
                FOR EACH ROW EXECUTE FUNCTION orders_stamp_change();
            CREATE INDEX ix_orders_change ON orders (change_xid, id);
            """),
        // When the order entered its status: the time spent in each stage is measured from it.
        new("0008_status_since", "ALTER TABLE orders ADD COLUMN status_since timestamptz NULL;"),
    ];
}
