#!/usr/bin/env bash
# Runs every fuzz target (every FuzzXxx in internal/) for FUZZTIME each
# (default 60s). The inputs the fuzzer finds interesting are kept in .fuzz/
# (one folder per package and target, not committed), so each run goes on
# from where the last one stopped; an input that fails is written by Go to
# the package's testdata/fuzz/ and becomes a regression test: commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-60s}"
keep="$PWD/.fuzz"
mkdir -p "$keep"
for pkg in $(grep -rl --include='*_test.go' '^func Fuzz' internal | xargs -n1 dirname | sort -u); do
  for f in $(grep -h '^func Fuzz' "$pkg"/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do
    echo "-- $pkg $f ($fuzztime)"
    go test -run '^$' -fuzz "^${f}\$" -fuzztime "$fuzztime" "./$pkg" -test.fuzzcachedir="$keep/${pkg//\//_}" >/dev/null
  done
done
echo "all fuzz targets ran for $fuzztime each; corpus kept in .fuzz/"
