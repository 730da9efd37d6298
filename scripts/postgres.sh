#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the tests and prints its URL.
# Installs Debian's postgresql package when no server binaries are found.
set -euo pipefail

port="${SHOPKEEPER_TEST_PG_PORT:-54329}"
dir="${SHOPKEEPER_TEST_PG_DIR:-/tmp/shopkeeper-test-pg}"
url="postgres://postgres@127.0.0.1:${port}/shopkeeper_test?sslmode=disable"

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(bindir)" ]; then
  echo "postgres.sh: installing PostgreSQL (Debian package)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin="$(bindir)"
[ -n "$bin" ] || { echo "postgres.sh: no PostgreSQL binaries after install" >&2; exit 1; }

# initdb refuses to run as root: run the server as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  echo "$url"
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres shopkeeper_test
echo "$url"
