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
        new("0003_returns_reshipments_reports", """
            ALTER TABLE known_orders ADD COLUMN lines jsonb NOT NULL DEFAULT '[]';
            ALTER TABLE known_orders ADD COLUMN delivered_at timestamptz NULL;
            ALTER TABLE cases ADD COLUMN category text NOT NULL DEFAULT 'Other';
            ALTER TABLE cases ADD COLUMN reshipment_requested_at timestamptz NULL;
            ALTER TABLE cases ADD COLUMN replacement_carrier text NULL;
            ALTER TABLE cases ADD COLUMN replacement_tracking_number text NULL;
            CREATE INDEX ix_cases_opened_at ON cases (opened_at);
            CREATE INDEX ix_surveys_answered_at ON surveys (answered_at) WHERE answered_at IS NOT NULL;
            CREATE INDEX ix_known_orders_delivered_at ON known_orders (delivered_at) WHERE delivered_at IS NOT NULL;
            CREATE SEQUENCE return_number_seq;
            CREATE TABLE returns (
                id uuid PRIMARY KEY,
                return_number text NOT NULL,
                kind text NOT NULL,
                order_id uuid NOT NULL,
                order_number text NOT NULL,
                channel text NOT NULL,
                lines jsonb NOT NULL,
                reason text NOT NULL,
                status text NOT NULL,
                value numeric(14,2) NOT NULL,
                return_carrier text NULL,
                return_tracking_number text NULL,
                replacement_carrier text NULL,
                replacement_tracking_number text NULL,
                refunded numeric(14,2) NOT NULL,
                requested_at timestamptz NOT NULL,
                steps jsonb NOT NULL);
            CREATE UNIQUE INDEX ix_returns_return_number ON returns (return_number);
            CREATE INDEX ix_returns_order_id ON returns (order_id);
            CREATE UNIQUE INDEX ux_returns_one_open_per_order ON returns (order_id) WHERE status NOT IN ('Rejected', 'Refused', 'Completed');
            CREATE INDEX ix_returns_requested_at ON returns (requested_at);
            """),
        new("0004_carrier_claims", """
            ALTER TABLE cases ADD COLUMN carrier text NULL;
            ALTER TABLE cases ADD COLUMN tracking_number text NULL;
            ALTER TABLE cases ADD COLUMN exception_code text NULL;
            ALTER TABLE cases ADD COLUMN claim_number text NULL;
            ALTER TABLE cases ADD COLUMN claim jsonb NULL;
            CREATE UNIQUE INDEX ix_cases_claim_number ON cases (claim_number) WHERE claim_number IS NOT NULL;
            CREATE SEQUENCE claim_number_seq;
            """),
    ];
}
