#!/usr/bin/env bash
# Measures what docs/benchmarks.md records: start-up, import rate, search and
# turn latency over HTTP, idle memory, checkouts per second. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/shopkeeper" ./cmd/shopkeeper
# One loopback client at full speed is exactly what the rate limits refuse;
# the benchmarks measure the server, not the limits.
export SHOPKEEPER_RATE_LIMITS=off
go run ./bench/catalog -n 10000 > "$tmp/catalog-10k.csv"

wait_for() { # ADDR PATH
  for _ in $(seq 1 2000); do
    curl -fs "http://$1$2" >/dev/null 2>&1 && return 0
    sleep 0.002
  done
  return 1
}
wait_healthy() { wait_for "$1" /healthz; }

echo "== start-up to healthy (demo, fresh database; then the same database again), 5 runs each"
for run in 1 2 3 4 5; do
  rm -f "$tmp/demo.db"*
  for phase in fresh warm; do
    start=$(date +%s%N)
    "$tmp/shopkeeper" serve --demo --addr 127.0.0.1:18080 --db "$tmp/demo.db" >/dev/null 2>&1 &
    pid=$!
    wait_healthy 127.0.0.1:18080
    healthy=$(( ($(date +%s%N) - start) / 1000000 ))
    wait_for 127.0.0.1:18080 /readyz
    echo "$phase healthy ${healthy} ms, ready (NLU trained) $(( ($(date +%s%N) - start) / 1000000 )) ms"
    kill -TERM $pid; wait $pid || true
  done
done

echo "== import of 10,000 products / 40,000 variants (SQLite)"
"$tmp/shopkeeper" import --db "$tmp/big.db" "$tmp/catalog-10k.csv"
echo "== re-import (nothing changes)"
"$tmp/shopkeeper" import --db "$tmp/big.db" "$tmp/catalog-10k.csv"

if [ -n "${SHOPKEEPER_TEST_POSTGRES:-}" ]; then
  echo "== import of the same file (PostgreSQL)"
  psql "$SHOPKEEPER_TEST_POSTGRES" -qc "DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench" >/dev/null
  "$tmp/shopkeeper" import --db "${SHOPKEEPER_TEST_POSTGRES}&search_path=bench" "$tmp/catalog-10k.csv"
fi

echo "== search over HTTP at 10,000 products"
"$tmp/shopkeeper" serve --addr 127.0.0.1:18081 --db "$tmp/big.db" --public-url http://127.0.0.1:18081 \
  --admin-key bench-key-Vq8LmX2rTz7pWn4 >/dev/null 2>&1 &
pid=$!
wait_healthy 127.0.0.1:18081
sleep 1
echo "idle RSS: $(ps -o rss= -p $pid) KiB (10k products loaded)"
go run ./bench/load -url http://127.0.0.1:18081 -mode search -n 5000 -c 4
go run ./bench/load -url http://127.0.0.1:18081 -mode search -n 5000 -c 1
kill -TERM $pid; wait $pid || true

echo "== chat turns over HTTP (demo shop)"
rm -f "$tmp/demo.db"*
"$tmp/shopkeeper" serve --demo --addr 127.0.0.1:18082 --db "$tmp/demo.db" >/dev/null 2>&1 &
pid=$!
wait_healthy 127.0.0.1:18082
sleep 1
echo "idle RSS: $(ps -o rss= -p $pid) KiB (demo shop)"
go run ./bench/load -url http://127.0.0.1:18082 -mode turn -n 3000 -c 4
go run ./bench/load -url http://127.0.0.1:18082 -mode turn -n 3000 -c 1
kill -TERM $pid; wait $pid || true

echo "== checkouts per second (Go benchmark, both databases)"
go test -run '^$' -bench Checkout -benchtime 3s ./internal/payment/
