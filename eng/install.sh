#!/usr/bin/env bash
# Installs what OrderPlatform needs on a Debian machine: the PostgreSQL, RabbitMQ and Redis servers
# (Debian packages, started privately by the AppHost and the tests, never as system services), Chromium for the
# console's browser tests, the NuGet packages (.NET Aspire's orchestrator and dashboard come with them) and Redocly CLI from npm. Safe to run again: it
# installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v setpriv >/dev/null || need+=(util-linux)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
command -v npm >/dev/null || need+=(nodejs npm)
# Debian's Chromium, which the staff console's browser tests drive through Playwright (never a downloaded browser).
[ -x /usr/bin/chromium ] || need+=(chromium)
# A Chinese font, so that the console's screenshots show its Chinese pages as they are.
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi
dotnet restore OrderPlatform.sln --verbosity quiet
# Redocly CLI, which the end-to-end tests run on the gateway's OpenAPI document (versions pinned by the lock file).
if [ ! -x eng/openapi/node_modules/.bin/redocly ]; then
  npm ci --prefix eng/openapi --no-audit --no-fund --loglevel=error >/dev/null
fi
