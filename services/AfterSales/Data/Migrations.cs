using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.AfterSales.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_surveys", """
            CREATE TABLE surveys (
                id uuid PRIMARY KEY,
                order_id uuid NOT NULL UNIQUE,
                order_number text NOT NULL UNIQUE,
                customer_id text NOT NULL,
                channel text NOT NULL,
                skus jsonb NOT NULL,
                status text NOT NULL,
                score integer NULL CHECK (score BETWEEN 1 AND 5),
                comment text NULL,
                opened_at timestamptz NOT NULL,
                answered_at timestamptz NULL);
            """),
        new("0002_cases", """
            CREATE SEQUENCE case_number_seq;
            CREATE TABLE cases (
                id uuid PRIMARY KEY,
                case_number text NOT NULL,
                kind text NOT NULL,
                order_number text NOT NULL,
                order_id uuid NULL,
                channel text NOT NULL,
                reason text NOT NULL,
                status text NOT NULL,
                opened_at timestamptz NOT NULL,
                first_response_due timestamptz NOT NULL,
                first_responded_at timestamptz NULL,
                escalated_at timestamptz NULL,
                resolution text NULL,
                steps jsonb NOT NULL);
            CREATE UNIQUE INDEX ix_cases_case_number ON cases (case_number);
            CREATE INDEX ix_cases_open_due ON cases (first_response_due) WHERE status = 'Open';
            CREATE INDEX ix_cases_order_number ON cases (order_number);
            CREATE TABLE known_orders (
                order_id uuid PRIMARY KEY,
                order_number text NOT NULL,
                channel text NOT NULL,
                customer_id text NOT NULL);
            CREATE UNIQUE INDEX ix_known_orders_order_number ON known_orders (order_number);
            """),
    ];
}
