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
    ];
}
