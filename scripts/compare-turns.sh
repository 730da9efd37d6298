#!/bin/sh
# compare-turns.sh OLD_BINARY NEW_BINARY [ROUNDS]
#
# Chat-turn cost of two builds measured side by side (issue #17): each round
# starts each binary on a fresh demo database (SQLite, rate limits off),
# warms it up with 300 turns, then runs bench/load: 2,000 turns from one
# client, and the ratio mode (16,000 /healthz then 4,000 turns, 4 clients).
# The binaries alternate so that a busy machine weighs on both. Loopback only.
#
#	git -C /path/to/old/tree archive OLD | tar -x -C /tmp/old && (cd /tmp/old && go build -o /tmp/sk-old ./cmd/shopkeeper)
#	go build -o /tmp/sk-new ./cmd/shopkeeper && go build -o /tmp/sk-load ./bench/load
#	LOAD=/tmp/sk-load sh scripts/compare-turns.sh /tmp/sk-old /tmp/sk-new 3
set -u
LOAD=${LOAD:-/tmp/sk-load}
old=$1 new=$2 rounds=${3:-3}
run_one() { # NAME BINARY PORT ROUND
	dir=$(mktemp -d)
	SHOPKEEPER_RATE_LIMITS=off "$2" serve --demo --addr 127.0.0.1:"$3" --db "$dir/demo.db" >"$dir/log" 2>&1 &
	pid=$!
	for _ in $(seq 1 240); do curl -sf http://127.0.0.1:"$3"/readyz >/dev/null && break; sleep 0.5; done
	"$LOAD" -url http://127.0.0.1:"$3" -mode turn -n 300 -c 1 >/dev/null
	echo "== $1 round $4 load: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$LOAD" -url http://127.0.0.1:"$3" -mode turn -n 2000 -c 1
	"$LOAD" -url http://127.0.0.1:"$3" -mode ratio -n 4000 -c 4
	kill "$pid"
	wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
for r in $(seq 1 "$rounds"); do
	run_one old "$old" 18501 "$r"
	run_one new "$new" 18502 "$r"
done
