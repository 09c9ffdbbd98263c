#!/usr/bin/env bash
# Bounded libFuzzer run of every target in build dir $1 for $2 seconds each,
# starting from the committed seed corpus (copied, so the repo stays clean).
# A crash leaves its input in tests/fuzz/regressions/TARGET/ to be committed.
# With FUZZ_RUNS=N the run is reproducible instead: N executions from seed
# FUZZ_SEED (default 1), the seconds only a cap; CI uses this so that a
# green run here is a green run there.
set -eu
build=${1:-build-fuzz}; secs=${2:-60}
limits=(-max_total_time="$secs")
if [ -n "${FUZZ_RUNS:-}" ]; then
    limits+=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
fi
src=$(cd "$(dirname "$0")" && pwd)
rc=0
for bin in "$build"/fuzz/fuzz-*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin"); corpus=${name#fuzz-}
    work=$(mktemp -d)
    cp -r "$src/corpus/$corpus/." "$work/" 2>/dev/null || true
    mkdir -p "$src/regressions/$corpus"
    echo "== $name: ${limits[*]}"
    if ! "$bin" "${limits[@]}" -max_len=65535 -print_final_stats=1 \
        -artifact_prefix="$src/regressions/$corpus/" "$work" 2>"$work.log"; then
        rc=1
        tail -n 40 "$work.log"
    fi
    grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$work.log" || true
    rm -rf "$work" "$work.log"
done
[ $rc -eq 0 ] && echo "fuzz: no crashes"
exit $rc
