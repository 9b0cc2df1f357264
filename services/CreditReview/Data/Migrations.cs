using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.CreditReview.Data;

public static class Migrations
{
    public static readonly Migration[] All =
    [
        new("0001_customers_and_cases", """
            CREATE TABLE customers (
                customer_id text PRIMARY KEY,
                name text NOT NULL,
                kind text NOT NULL,
                grade text NOT NULL,
                company text NULL,
                phone text NOT NULL,
                credit_limit numeric(14,2) NOT NULL,
                deposit_percent numeric(5,2) NOT NULL,
                active boolean NOT NULL,
                is_new boolean NOT NULL);
            CREATE TABLE credit_cases (
                order_id uuid PRIMARY KEY,
                order_number text NOT NULL UNIQUE,
                customer_id text NOT NULL REFERENCES customers,
                amount numeric(14,2) NOT NULL,
                status text NOT NULL,
                reason text NOT NULL,
                decided_by text NOT NULL,
                decided_at timestamptz NOT NULL,
                open boolean NOT NULL);
            CREATE INDEX ix_credit_cases_customer_open ON credit_cases (customer_id) WHERE open;
            """),
    ];
}
