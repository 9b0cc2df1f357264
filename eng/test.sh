#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit, integration (real PostgreSQL and
# RabbitMQ started privately under .run/), end-to-end (the whole platform through the AppHost
# launcher, driven over HTTP through the gateway). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install.sh
echo "== build"
dotnet build OrderPlatform.sln --no-restore --verbosity quiet --nologo
status=0
for project in tests/UnitTests tests/IntegrationTests tests/EndToEndTests; do
  echo "== $project"
  dotnet test "$project" --no-build --nologo --verbosity quiet --logger "console;verbosity=normal" || status=1
done
if [ $status -ne 0 ]; then echo "Some tests failed." >&2; fi
exit $status
