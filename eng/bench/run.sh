#!/usr/bin/env bash
# Benchmark: builds Release, starts a platform of its own (ports 35080/38888, data under .run/bench,
# gateway rate limits lifted so the load generator is not throttled), runs the load, prints the
# numbers and writes them to .run/bench/bench-result.md, then stops the platform.
# Options are passed to the load generator: --orders N --concurrency C --rate R --duration S
set -euo pipefail
cd "$(dirname "$0")/../.."
./eng/install.sh
dotnet build OrderPlatform.sln -c Release --nologo --verbosity quiet
run_dir=.run/bench
rm -rf "$run_dir"
mkdir -p "$run_dir"
export Gateway__RateLimit__PermitsPerSecond=1000000 Gateway__RateLimit__Burst=1000000
dotnet AppHost/bin/Release/net10.0/AppHost.dll --seed --run-dir "$run_dir" --gateway-port 35080 --dashboard-port 38888 \
  --postgres-port 55632 --rabbitmq-port 5879 --postgres-statement-stats > "$run_dir/apphost.out" 2>&1 &
apphost=$!
trap 'kill -TERM $apphost 2>/dev/null; wait $apphost 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  grep -q "OrderPlatform is up" "$run_dir/apphost.out" && break
  kill -0 $apphost 2>/dev/null || { cat "$run_dir/apphost.out"; echo "The platform did not start." >&2; exit 1; }
  sleep 0.5
done
grep -q "OrderPlatform is up" "$run_dir/apphost.out" || { echo "The platform did not start in time." >&2; exit 1; }
dotnet eng/bench/bin/Release/net10.0/Bench.dll --gateway http://127.0.0.1:35080 --postgres-port 55632 --rabbitmq-port 5879 \
  --apphost-pid $apphost --out "$run_dir" "$@"
