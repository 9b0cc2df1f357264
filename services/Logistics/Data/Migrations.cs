using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Logistics.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_carriers_and_shipments", """
            CREATE TABLE carriers (
                code text PRIMARY KEY,
                name text NOT NULL,
                express boolean NOT NULL,
                bulky boolean NOT NULL,
                base_rate numeric(10,2) NOT NULL,
                rate_per_kg numeric(10,2) NOT NULL,
                provinces text[] NOT NULL,
                active boolean NOT NULL);
            CREATE TABLE sku_weights (
                sku text PRIMARY KEY,
                weight_kg numeric(8,3) NOT NULL);
            CREATE SEQUENCE dispatch_note_seq;
            CREATE SEQUENCE tracking_seq START 100000001;
            CREATE TABLE shipments (
                id uuid PRIMARY KEY,
                order_id uuid NOT NULL UNIQUE,
                order_number text NOT NULL,
                dispatch_note_number text NOT NULL UNIQUE,
                carrier text NOT NULL REFERENCES carriers,
                carrier_reason text NOT NULL,
                tracking_number text NOT NULL UNIQUE,
                lines jsonb NOT NULL,
                address jsonb NOT NULL,
                weight_kg numeric(10,3) NOT NULL,
                status text NOT NULL,
                dispatched_at timestamptz NULL,
                delivered_at timestamptz NULL,
                signed_by text NULL,
                exception_code text NULL,
                created_at timestamptz NOT NULL);
            CREATE INDEX ix_shipments_order_number ON shipments (order_number);
            CREATE TABLE carrier_events (
                id bigserial PRIMARY KEY,
                carrier text NOT NULL,
                event_id text NOT NULL,
                tracking_number text NOT NULL,
                type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                applied boolean NOT NULL,
                raw_body jsonb NOT NULL,
                received_at timestamptz NOT NULL,
                CONSTRAINT ux_carrier_events_carrier_event UNIQUE (carrier, event_id));
            CREATE INDEX ix_carrier_events_tracking ON carrier_events (tracking_number, occurred_at);
            """),
        new("0002_shipment_purposes_and_dispatch_sla", """
            ALTER TABLE shipments ADD COLUMN purpose text NOT NULL DEFAULT 'Order';
            ALTER TABLE shipments ADD COLUMN reference text NULL;
            ALTER TABLE shipments DROP CONSTRAINT shipments_order_id_key;
            CREATE UNIQUE INDEX ux_shipments_order ON shipments (order_id) WHERE purpose = 'Order';
            CREATE UNIQUE INDEX ux_shipments_purpose_reference ON shipments (purpose, reference) WHERE reference IS NOT NULL;
            CREATE INDEX ix_shipments_order_id ON shipments (order_id);
            CREATE TABLE dispatch_slas (
                order_id uuid PRIMARY KEY,
                order_number text NOT NULL,
                confirmed_at timestamptz NOT NULL,
                due_at timestamptz NOT NULL,
                dispatched_at timestamptz NULL,
                flagged_at timestamptz NULL,
                cancelled boolean NOT NULL);
            CREATE INDEX ix_dispatch_slas_waiting ON dispatch_slas (due_at) WHERE dispatched_at IS NULL AND NOT cancelled;
            """),
        new("0003_carrier_routes", """
            ALTER TABLE carrier_events ADD COLUMN carrier_status text NULL;
            ALTER TABLE carrier_events ADD COLUMN detail text NULL;
            ALTER TABLE carrier_events ADD COLUMN place text NULL;
            ALTER TABLE carrier_events ADD COLUMN matched boolean NOT NULL DEFAULT true;
            UPDATE carrier_events SET detail = raw_body->>'detail';
            CREATE INDEX ix_carrier_events_unmatched ON carrier_events (received_at) WHERE NOT matched;
            """),
    ];
}
