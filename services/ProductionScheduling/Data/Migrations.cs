using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ProductionScheduling.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_production_lines", """
            CREATE TABLE production_lines (
                code text PRIMARY KEY,
                name text NOT NULL,
                daily_capacity integer NOT NULL CHECK (daily_capacity > 0),
                skus text[] NOT NULL);
            """),
        new("0002_work_orders", """
            ALTER TABLE production_lines ADD COLUMN warehouse text NOT NULL DEFAULT 'WH-SH';
            CREATE TABLE raw_materials (
                sku text PRIMARY KEY,
                units integer NOT NULL CHECK (units >= 0));
            CREATE SEQUENCE work_order_number_seq;
            CREATE TABLE work_orders (
                id uuid PRIMARY KEY,
                number text NOT NULL UNIQUE,
                order_id uuid NOT NULL,
                order_number text NOT NULL,
                grade text NOT NULL,
                order_type text NOT NULL,
                due_date date NOT NULL,
                order_submitted_at timestamptz NOT NULL,
                sku text NOT NULL,
                specification text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                line text NOT NULL REFERENCES production_lines,
                warehouse text NOT NULL,
                done integer NOT NULL CHECK (done >= 0 AND done <= quantity),
                reworks integer NOT NULL,
                status text NOT NULL,
                estimated_completion date NOT NULL,
                created_at timestamptz NOT NULL,
                history jsonb NOT NULL);
            CREATE INDEX ix_work_orders_order_id ON work_orders (order_id);
            CREATE INDEX ix_work_orders_open ON work_orders (line) WHERE status NOT IN ('Passed', 'Cancelled');
            """),
    ];
}
