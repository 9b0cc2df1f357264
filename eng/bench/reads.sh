#!/usr/bin/env bash
# The staff console's reads with many orders: against a platform started with ./eng/run.sh (gateway 5080, PostgreSQL
# 55432), adds N synthetic orders (default 10,000; numbers SO-BENCH-…) spread over the last 30 days, each with a
# timeline like a real one (submitted, confirmed, shipped, completed for most), times the order searches and the
# order report through the gateway (7 calls each, median and max), then deletes the synthetic orders again.
# Usage: eng/bench/reads.sh [N]
set -euo pipefail
n=${1:-10000}
gateway=http://127.0.0.1:5080
sql() { psql -h 127.0.0.1 -p 55432 -U postgres -d intake -v ON_ERROR_STOP=1 -q "$@"; }
cleanup() {
  sql -c "DELETE FROM order_timeline WHERE order_id IN (SELECT id FROM orders WHERE order_number LIKE 'SO-BENCH-%');
          DELETE FROM orders WHERE order_number LIKE 'SO-BENCH-%';"
}
trap cleanup EXIT
cleanup
# A real order is the template (the README's flows make some); the synthetic ones differ in number, channel, time and status.
sql <<SQL
BEGIN;
CREATE TEMP TABLE gen AS
SELECT gen_random_uuid() AS id, 'SO-BENCH-' || lpad(g::text, 6, '0') AS order_number,
       (ARRAY['web-shop','wechat','phone-desk'])[1 + g % 3] AS channel, now() - random() * interval '30 days' AS submitted_at, random() AS r
FROM generate_series(1, $n) g;
INSERT INTO orders (id, order_number, channel, customer_id, customer_name, customer_kind, grade, payment_terms, deposit_percent, order_type,
  lines, shipping_address, requested_delivery_date, notes, total, status, status_since, holds, amount_paid, amount_due, submitted_at, updated_at, confirmed_at)
SELECT gen.id, gen.order_number, gen.channel, t.customer_id, t.customer_name, t.customer_kind, t.grade, t.payment_terms, t.deposit_percent,
  t.order_type, t.lines, t.shipping_address, t.requested_delivery_date, t.notes, t.total,
  CASE WHEN r < 0.6 THEN 'Completed' WHEN r < 0.75 THEN 'Shipped' WHEN r < 0.9 THEN 'ReadyToShip' WHEN r < 0.97 THEN 'OnHold' ELSE 'Submitted' END,
  gen.submitted_at, '[]'::jsonb, 0, t.total, gen.submitted_at, gen.submitted_at, gen.submitted_at + interval '10 minutes'
FROM gen CROSS JOIN (SELECT * FROM orders WHERE order_number NOT LIKE 'SO-BENCH-%' LIMIT 1) t;
INSERT INTO order_timeline (order_id, at, event, by, detail)
SELECT id, submitted_at + s.after, s.event, 'bench', 'synthetic'
FROM gen CROSS JOIN LATERAL (VALUES
  ('Submitted', interval '0', true), ('CreditApproved', interval '1 minute', r < 0.97), ('StockReserved', interval '1 minute', r < 0.9),
  ('Confirmed', random() * interval '6 hours', r < 0.9), ('PaymentRequested', interval '7 hours', r < 0.9),
  ('BillingCleared', interval '8 hours', r < 0.9), ('ReadyToShip', interval '8 hours', r < 0.9), ('ShipmentCreated', interval '8 hours', r < 0.9),
  ('Shipped', random() * interval '8 days', r < 0.75), ('CarrierDelivered', interval '9 days', r < 0.6),
  ('Completed', interval '8 days' + random() * interval '10 days', r < 0.6)) s(event, after, happened)
WHERE s.happened;
COMMIT;
ANALYZE orders;
ANALYZE order_timeline;
SQL
echo "orders: $(sql -Atc 'SELECT count(*) FROM orders'), timeline rows: $(sql -Atc 'SELECT count(*) FROM order_timeline')"
day() { date -u -d "$1" +%F; }
time_it() {
  for _ in 1 2 3 4 5 6 7; do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$gateway$1" -H 'X-Api-Key: dev-staff-key'; done \
    | sort -k2 -n | awk -v path="$1" '{ status = $1; t[NR] = $2 } END { printf "%-78s %s  median %4.0f ms  max %4.0f ms\n", path, status, t[4] * 1000, t[NR] * 1000 }'
}
time_it "/api/orders?limit=51"
time_it "/api/orders?status=Completed&limit=51&offset=500"
time_it "/api/orders?channel=wechat&from=$(day '-10 days')&to=$(day '-5 days')&limit=51"
time_it "/api/orders?number=SO-BENCH-0099&limit=51"
time_it "/api/orders?hold=Price&limit=51"
time_it "/api/orders?customerId=C-A001&limit=51"
time_it "/api/orders/reports"
time_it "/api/orders/reports?from=$(day '-14 days')&to=$(day today)"
