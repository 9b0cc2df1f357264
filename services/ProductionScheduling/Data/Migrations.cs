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
    ];
}
