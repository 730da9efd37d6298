#!/bin/sh
# turn-cpu.sh OLD_BINARY NEW_BINARY [ROUNDS]
#
# The server's own CPU time per chat turn and per GET /healthz, of two
# builds side by side (issue #17). Requests per second on a busy machine
# measure the machine as much as the build; the CPU time the server process
# spends (utime + stime from /proc) per request moves far less with the
# load. Each round starts each binary on a fresh demo database (SQLite,
# rate limits off), warms it up with 300 turns, then runs bench/load:
# 4,000 turns from 4 clients, then 16,000 /healthz from 4 clients, reading
# the server's CPU time around each. Linux only; loopback only.
#
#	LOAD=/tmp/sk-load sh scripts/turn-cpu.sh /tmp/sk-old /tmp/sk-new 3
set -u
LOAD=${LOAD:-/tmp/sk-load}
old=$1 new=$2 rounds=${3:-3}
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; } # utime + stime
run_one() { # NAME BINARY PORT ROUND
	dir=$(mktemp -d)
	SHOPKEEPER_RATE_LIMITS=off "$2" serve --demo --addr 127.0.0.1:"$3" --db "$dir/demo.db" >"$dir/log" 2>&1 &
	pid=$!
	for _ in $(seq 1 240); do curl -sf http://127.0.0.1:"$3"/readyz >/dev/null && break; sleep 0.5; done
	"$LOAD" -url http://127.0.0.1:"$3" -mode turn -n 300 -c 1 >/dev/null
	load=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(ticks $pid)
	"$LOAD" -url http://127.0.0.1:"$3" -mode turn -n 4000 -c 4 >/dev/null
	t1=$(ticks $pid)
	"$LOAD" -url http://127.0.0.1:"$3" -mode healthz -n 16000 -c 4 >/dev/null
	t2=$(ticks $pid)
	awk -v n="$1" -v r="$4" -v l="$load" -v a="$t0" -v b="$t1" -v c="$t2" -v hz="$hz" 'BEGIN {
		turn = (b - a) / hz / 4000 * 1e6; hc = (c - b) / hz / 16000 * 1e6
		printf "%s round %s (load %s): %.0f µs CPU per turn, %.1f µs per /healthz, turn = %.1f /healthz\n", n, r, l, turn, hc, turn / hc }'
	kill "$pid"
	wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
for r in $(seq 1 "$rounds"); do
	run_one old "$old" 18503 "$r"
	run_one new "$new" 18504 "$r"
done
