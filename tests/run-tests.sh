#!/usr/bin/env bash
# Runs every registered test of build directory $1 with ctest and ends with
# the one-line summary "N passed, N failed". Zero tests run is a failure.
# Extra arguments go to ctest (e.g. -L unit, -LE e2e).
set -u
build=${1:-build}; shift || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ctest --test-dir "$build" --output-on-failure "$@" 2>&1 | tee "$log"
total=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\2/p' "$log" | tail -n1)
failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\1/p' "$log" | tail -n1)
total=${total:-0}; failed=${failed:-0}
passed=$((total - failed))
echo "$passed passed, $failed failed"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
