#!/usr/bin/env bash
# Compares the platform at a commit (--base, default HEAD) with the working tree on this machine, both
# running at once and measured in turn (A, B, A, B, ...), so both see the same drift of the machine's speed.
# Usage: ./eng/bench/side-by-side.sh [--base REV] [--pairs N] [load generator options]
# Default load (each option not given): --orders 600 --concurrency 32 --rate 10 --duration 5 --follow feed. See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=HEAD
pairs=3
while [[ $# -gt 0 ]]; do
  case $1 in
    --base) base=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    *) break ;;
  esac
done
load=("$@")
# Each default the caller did not give stays: "--duration 20" alone still means 10 orders/s on the feed.
defaults=(--orders 600 --concurrency 32 --rate 10 --duration 5 --follow feed)
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  [[ " ${load[*]} " == *" ${defaults[i]} "* ]] || load+=("${defaults[i]}" "${defaults[i + 1]}")
done

./eng/install.sh
out=$PWD/.run/side-by-side
rm -rf "$out"
git worktree prune
mkdir -p "$out"
git worktree add --detach -q "$out/a" "$base"
echo "A: $(git -C "$out/a" log --oneline -1)"
echo "B: the working tree ($(git log --oneline -1 | cut -c1-7) and its uncommitted changes)"
dotnet build "$out/a/OrderPlatform.sln" -c Release --nologo --verbosity quiet
dotnet build OrderPlatform.sln -c Release --nologo --verbosity quiet

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 120); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.5
  done
  git worktree remove --force "$out/a" 2>/dev/null || true
}
trap stop EXIT

source eng/bench/platform.sh

# One load generator run against the platform shifted by $2 (AppHost pid $3), its report in $out/$1.log. Each side is
# driven by its own build of the load generator, which speaks that side's API (webhook signatures changed form once).
measure() {
  local label=$1 shift_by=$2 pid=$3 root=$PWD
  shift 3
  [[ $shift_by == 0 ]] && root="$out/a"
  dotnet "$root/eng/bench/bin/Release/net10.0/Bench.dll" --gateway http://127.0.0.1:$((35080 + shift_by)) \
    --postgres-port $((55632 + shift_by)) --rabbitmq-port $((5879 + shift_by)) --apphost-pid "$pid" \
    --out "$out/report-$label" "$@" > "$out/$label.log"
  local rate cpu raw
  rate=$(grep -o 'orders/s to ReadyToShip: [0-9.]*' "$out/$label.log" | grep -o '[0-9.]*$')
  cpu=$(awk '/^CPU seconds spent/{f=1; next} f && /^  [A-Za-z]/{s += $2; next} f{f=0} END{printf "%.1f", s}' "$out/$label.log")
  raw=$(grep -o 'raw PostgreSQL: [0-9]*' "$out/$label.log" | grep -o '[0-9]*$')
  printf '%-8s %6s orders/s   platform CPU %6s s   raw PostgreSQL %5s commits/s\n' "$label" "$rate" "$cpu" "$raw"
}

a=$(start_platform "$out/a" 0 "$out/apphost-0.out")
pids+=("$a")
b=$(start_platform "$PWD" 10 "$out/apphost-10.out")
pids+=("$b")
# Warm-up in rounds (the load generator's default), so both run at steady state, then the pairs without it.
measure warm-a 0 "$a" --orders 100 --duration 2 --follow feed
measure warm-b 10 "$b" --orders 100 --duration 2 --follow feed
for i in $(seq 1 "$pairs"); do
  measure "a$i" 0 "$a" --warmup 0 --warmup-rounds 1 "${load[@]}"
  measure "b$i" 10 "$b" --warmup 0 --warmup-rounds 1 "${load[@]}"
done
