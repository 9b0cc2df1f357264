using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Inventory.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_catalogue_and_stock", """
            CREATE TABLE products (
                sku text PRIMARY KEY,
                name text NOT NULL,
                list_price numeric(14,2) NOT NULL,
                made_to_order boolean NOT NULL,
                made_in_house boolean NOT NULL,
                low_stock_threshold integer NOT NULL);
            CREATE TABLE stock_items (
                sku text NOT NULL REFERENCES products,
                warehouse text NOT NULL,
                on_hand integer NOT NULL,
                reserved integer NOT NULL,
                PRIMARY KEY (sku, warehouse),
                CONSTRAINT ck_stock_items_no_oversell CHECK (reserved >= 0 AND reserved <= on_hand));
            CREATE TABLE reservations (
                id uuid PRIMARY KEY,
                order_id uuid NOT NULL,
                order_number text NOT NULL,
                sku text NOT NULL,
                warehouse text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                status text NOT NULL,
                created_at timestamptz NOT NULL);
            CREATE INDEX ix_reservations_order_id ON reservations (order_id);
            CREATE TABLE stock_movements (
                id bigserial PRIMARY KEY,
                sku text NOT NULL,
                warehouse text NOT NULL,
                kind text NOT NULL,
                on_hand_change integer NOT NULL,
                reserved_change integer NOT NULL,
                order_number text NULL,
                reference text NULL,
                at timestamptz NOT NULL);
            CREATE INDEX ix_stock_movements_sku ON stock_movements (sku, at);
            """),
        new("0002_low_stock_alerts", """
            CREATE TABLE low_stock_alerts (
                id uuid PRIMARY KEY,
                sku text NOT NULL,
                threshold integer NOT NULL,
                available integer NOT NULL,
                raised_at timestamptz NOT NULL,
                cleared_at timestamptz NULL);
            CREATE UNIQUE INDEX ux_low_stock_alerts_open ON low_stock_alerts (sku) WHERE cleared_at IS NULL;
            """),
        new("0003_backorders", """
            CREATE TABLE backorders (
                id uuid PRIMARY KEY,
                order_id uuid NOT NULL,
                order_number text NOT NULL,
                sku text NOT NULL,
                order_type text NOT NULL,
                grade text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                filled integer NOT NULL CHECK (filled >= 0 AND filled <= quantity),
                status text NOT NULL,
                created_at timestamptz NOT NULL);
            CREATE INDEX ix_backorders_open ON backorders (sku, created_at) WHERE status = 'Open';
            CREATE INDEX ix_backorders_order_id ON backorders (order_id);
            """),
        new("0004_stock_lots", """
            CREATE TABLE stock_lots (
                id bigserial PRIMARY KEY,
                sku text NOT NULL,
                warehouse text NOT NULL,
                received_at timestamptz NOT NULL,
                source text NOT NULL,
                reference text NULL,
                received integer NOT NULL CHECK (received > 0),
                remaining integer NOT NULL CHECK (remaining >= 0 AND remaining <= received),
                order_number text NULL);
            ALTER TABLE stock_movements ADD COLUMN lots text NULL;
            CREATE INDEX ix_stock_lots_open ON stock_lots (sku, warehouse, received_at) WHERE remaining > 0;
            -- Stock on hand before lots were kept becomes one lot per SKU and warehouse.
            INSERT INTO stock_lots (sku, warehouse, received_at, source, reference, received, remaining)
                SELECT sku, warehouse, now(), 'OpeningBalance', 'stock before lots were kept', on_hand, on_hand
                FROM stock_items WHERE on_hand > 0;
            """),
    ];
}
