#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit, integration (real PostgreSQL and
# RabbitMQ started privately under .run/), end-to-end (the whole platform through the AppHost
# launcher, driven over HTTP through the gateway), and then the shortened fault run (eng/chaos: 200 orders while every
# service is killed and RabbitMQ, PostgreSQL and Redis are restarted or stopped). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install.sh
echo "== build"
dotnet build OrderPlatform.sln --no-restore --nologo --verbosity quiet
log=$(mktemp)
status=0
start_failure=.run/e2e-start-failure.txt
rm -f "$start_failure"
# The check that the servers stop cleanly runs in a test process of its own: after the other integration tests
# in the same process, PostgreSQL's fast shutdown was cut short (state "in production"), which alone it never is.
runs=("tests/UnitTests" "tests/IntegrationTests|FullyQualifiedName!~LocalServersTests"
      "tests/IntegrationTests|FullyQualifiedName~LocalServersTests" "tests/EndToEndTests")
for run in "${runs[@]}"; do
  project=${run%%|*}
  filter=(); [[ $run == *"|"* ]] && filter=(--filter "${run#*|}")
  echo "== $project ${filter[*]}"
  set +e
  dotnet test "$project" --no-build --nologo --verbosity quiet --logger "console;verbosity=normal" "${filter[@]}" 2>&1 | tee -a "$log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || status=1
done
passed=$(awk '/^ +Passed: +[0-9]+/ {s+=$2} END {print s+0}' "$log")
failed=$(awk '/^ +Failed: +[0-9]+/ {s+=$2} END {print s+0}' "$log")
rm -f "$log"
echo "tests: $passed passed, $failed failed"
# When the platform could not be started for the end-to-end tests, why (written by their fixture).
[ ! -f "$start_failure" ] || cat "$start_failure"
if [ "$passed" -eq 0 ]; then echo "No test ran." >&2; status=1; fi
# The shortened fault run (docs/RELIABILITY.md): a platform of its own on other ports, the faults of a full run
# squeezed into 100 s; it prints its account and exits non-zero when an order is lost or doubled, stock is wrong, a
# message is left behind, a client saw a 5xx outside an outage, or the platform did not recover.
echo "== fault run (shortened): 200 orders at 2/s, seed 7"
set +e
dotnet eng/chaos/bin/Debug/net10.0/Chaos.dll --orders 200 --rate 2 --seed 7 --report .run/chaos-short.md
fault=$?
set -e
[ "$fault" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed; fault run: $([ "$fault" -eq 0 ] && echo "every promise kept" || echo "FAILED (exit $fault)")"
exit $status
