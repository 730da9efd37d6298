#!/bin/sh
# pg-turns.sh BINARY ADMIN_DSN [ROUNDS]
#
# One instance on PostgreSQL (issue #17): what a chat turn costs the
# database, from PostgreSQL's own counters. Each round drops and creates a
# database of its own (shopkeeper_turns on the server of ADMIN_DSN, so the
# counters see no other client), starts BINARY on it with the demo shop
# (rate limits off), warms it up with 300 turns, then runs bench/load with 1
# and with 4 clients (2,000 turns each) and prints, per turn: transactions
# committed (every statement outside a transaction is one: the round trips
# that are not inside BEGIN … COMMIT), rows read, inserted and updated, and
# the server process's CPU (utime + stime from /proc). Linux; loopback only.
# With PGWIRE set (bench/pgwire built), the server talks to PostgreSQL
# through it, and the script prints instead the messages of the protocol
# the server sent per turn: round trips (Sync + simple Query), Parse, Bind.
#
#	LOAD=/tmp/sk-load sh scripts/pg-turns.sh /tmp/sk-new 'postgres://postgres@127.0.0.1:54329/postgres?sslmode=disable' 3
#	PGWIRE=/tmp/pgwire LOAD=/tmp/sk-load sh scripts/pg-turns.sh /tmp/sk-new 'postgres://postgres@127.0.0.1:54329/postgres?sslmode=disable'
set -u
LOAD=${LOAD:-/tmp/sk-load}
PGWIRE=${PGWIRE:-}
bin=$1 admin=$2 rounds=${3:-1}
db=shopkeeper_turns
dsn=$(echo "$admin" | sed "s#/postgres?#/$db?#; s#/postgres\$#/$db#")
if [ -n "$PGWIRE" ]; then
	up=$(echo "$admin" | sed 's#^postgres://[^@]*@##; s#/.*##')
	"$PGWIRE" -listen 127.0.0.1:54399 -upstream "$up" -stats 127.0.0.1:54398 &
	wire=$!
	trap 'kill $wire' EXIT
	dsn=$(echo "$dsn" | sed "s#@$up/#@127.0.0.1:54399/#")
	sleep 0.5
fi
wirecounts() { curl -s http://127.0.0.1:54398/counts; }
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
stats() { psql "$admin" -Atc "SELECT xact_commit, tup_fetched, tup_inserted, tup_updated FROM pg_stat_database WHERE datname = '$db'"; }
for r in $(seq 1 "$rounds"); do
	psql "$admin" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	dir=$(mktemp -d)
	SHOPKEEPER_RATE_LIMITS=off "$bin" serve --demo --addr 127.0.0.1:18511 --db "$dsn" >"$dir/log" 2>&1 &
	pid=$!
	for _ in $(seq 1 240); do curl -sf http://127.0.0.1:18511/readyz >/dev/null && break; sleep 0.5; done
	"$LOAD" -url http://127.0.0.1:18511 -mode turn -n 300 -c 1 >/dev/null
	for c in 1 4; do
		sleep 1 # the statistics collector reports at most every half second
		s0=$(stats) t0=$(ticks $pid)
		[ -n "$PGWIRE" ] && w0=$(wirecounts)
		echo "== round $r, $c client(s), load $(cut -d' ' -f1 /proc/loadavg)"
		"$LOAD" -url http://127.0.0.1:18511 -mode turn -n 2000 -c "$c"
		t1=$(ticks $pid)
		if [ -n "$PGWIRE" ]; then
			w1=$(wirecounts)
			echo "$w0 $w1" | python3 -c 'import json,sys; a,b=sys.stdin.read().split(); a,b=json.loads(a),json.loads(b); d=lambda k:(b.get(k,0)-a.get(k,0))/2000; print("per turn: %.2f round trips (Sync %.2f + Query %.2f), Parse %.2f, Bind %.2f" % (d("S")+d("Q"), d("S"), d("Q"), d("P"), d("B")))'
		fi
		sleep 1
		s1=$(stats)
		echo "$s0 $s1" | awk -F'[| ]' -v a="$t0" -v b="$t1" -v hz="$hz" '{
			printf "per turn: %.2f transactions, %.1f rows read, %.2f inserted, %.2f updated; server CPU %.0f µs\n",
				($5-$1)/2000, ($6-$2)/2000, ($7-$3)/2000, ($8-$4)/2000, (b-a)/hz/2000*1e6 }'
	done
	kill "$pid"
	wait "$pid" 2>/dev/null
	rm -rf "$dir"
done
psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
