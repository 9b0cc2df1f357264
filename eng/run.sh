#!/usr/bin/env bash
# Installs what is missing, builds, and starts the whole platform with the demo data through the
# .NET Aspire AppHost. Gateway http://127.0.0.1:5080, dashboard http://127.0.0.1:18888.
# Ctrl+C stops everything. Replicas: ./eng/run.sh --replicas intake=2,inventory=2
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install.sh
exec dotnet run --project AppHost -- --seed "$@"
