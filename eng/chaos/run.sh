#!/usr/bin/env bash
# The fault run (docs/RELIABILITY.md): builds, starts a platform of its own through the AppHost (gateway
# 127.0.0.1:45080, PostgreSQL 55732, RabbitMQ 5979, Redis 56779, data under .run/chaos) with two replicas of the
# gateway, Intake and Inventory, drives orders of every kind while it kills every service process once, restarts
# RabbitMQ and PostgreSQL and stops Redis for 30 s, then prints what was lost or doubled (nothing, or it exits 1).
# Options: --orders N (1000) --rate R (orders/s, 2) --seed S (random) --give-up SECONDS (300) --report FILE
# The account is also written to .run/chaos-result.md unless --report says otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
./eng/install.sh
dotnet build OrderPlatform.sln --nologo --verbosity quiet
exec dotnet eng/chaos/bin/Debug/net10.0/Chaos.dll --report .run/chaos-result.md "$@"
