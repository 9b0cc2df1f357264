# Sourced by run.sh and side-by-side.sh: starts one platform for the load generator.
# start_platform REPO SHIFT LOG [APPHOST ARGS...] starts the Release AppHost of REPO with the demo data on
# the bench ports shifted by SHIFT (gateway 35080, dashboard 38888, PostgreSQL 55632, RabbitMQ 5879,
# Redis 56679), with its data under LOG's folder and the gateway's rate limits lifted, waits until it is
# up and prints the AppHost's pid. A commit from before the Aspire AppHost takes the launcher's options.
# BENCH_APPHOST_ARGS adds AppHost options, e.g. a share of traces to keep:
#   BENCH_APPHOST_ARGS=--Platform:ServiceSettings:Telemetry:TraceSampleRatio=0.05

start_platform() {
  local repo=$1 shift_by=$2 log=$3
  shift 3
  local run_dir
  run_dir=$(dirname "$log")/run-$shift_by
  rm -rf "$run_dir"
  if grep -q 'Aspire.AppHost.Sdk' "$repo/AppHost/AppHost.csproj"; then
    (cd "$repo" && DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
      ASPNETCORE_URLS=http://127.0.0.1:$((38888 + shift_by)) \
      ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:$((38889 + shift_by)) \
      ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:$((38887 + shift_by)) \
      ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
      exec dotnet AppHost/bin/Release/net10.0/AppHost.dll --seed "--Platform:RunDirectory=$run_dir" \
      --Platform:GatewayPort=$((35080 + shift_by)) --Platform:PostgresPort=$((55632 + shift_by)) \
      --Platform:RabbitMqPort=$((5879 + shift_by)) --Platform:RedisPort=$((56679 + shift_by)) \
      --Platform:ServiceSettings:Gateway:RateLimit:PermitsPerSecond=1000000 \
      --Platform:ServiceSettings:Gateway:RateLimit:Burst=1000000 ${BENCH_APPHOST_ARGS:-} "$@" > "$log" 2>&1) &
  else
    (cd "$repo" && Gateway__RateLimit__PermitsPerSecond=1000000 Gateway__RateLimit__Burst=1000000 \
      exec dotnet AppHost/bin/Release/net10.0/AppHost.dll --seed --run-dir "$run_dir" \
      --gateway-port $((35080 + shift_by)) --dashboard-port $((38888 + shift_by)) \
      --postgres-port $((55632 + shift_by)) --rabbitmq-port $((5879 + shift_by)) "$@" > "$log" 2>&1) &
  fi
  local pid=$!
  for _ in $(seq 1 360); do
    grep -q "OrderPlatform is up" "$log" && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  cat "$log" >&2
  echo "The platform from $repo did not start." >&2
  exit 1
}
