#!/usr/bin/env bash
# Benchmark: builds Release, starts a platform of its own through the AppHost (ports 35080/38888, data
# under .run/bench, gateway rate limits lifted so the load generator is not throttled), runs the load,
# prints the numbers and writes them to .run/bench/bench-result.md, then stops the platform.
# Options are passed to the load generator: --orders N --concurrency C --rate R --duration S
set -euo pipefail
cd "$(dirname "$0")/../.."
./eng/install.sh
dotnet build OrderPlatform.sln -c Release --nologo --verbosity quiet
run_dir=.run/bench
rm -rf "$run_dir"
mkdir -p "$run_dir"
source eng/bench/platform.sh
apphost=$(start_platform "$PWD" 0 "$run_dir/apphost.out" --postgres-statement-stats)
trap 'kill -TERM $apphost 2>/dev/null; while kill -0 $apphost 2>/dev/null; do sleep 0.5; done' EXIT
dotnet eng/bench/bin/Release/net10.0/Bench.dll --gateway http://127.0.0.1:35080 --postgres-port 55632 --rabbitmq-port 5879 \
  --apphost-pid "$apphost" --out "$run_dir" "$@"
