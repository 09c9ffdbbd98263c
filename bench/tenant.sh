#!/usr/bin/env bash
# tenant.sh: the tenant-network benchmarks of issue 5 item 10 in one
# invocation (figures in docs/performance.md, "Tenant networks").
#
# 1. In-process micro-benchmarks ("kumo-bench --tenant-calc",
#    bench/bench-tenant-calc.h) for each model NETWORKS:PORTS on a
#    100-switch fabric: store, snapshot, full recompute of every switch
#    (time, flows, groups, heap), one port added (what kumod redoes for
#    it), and the reconciliation of the busiest switch (identical and 1%
#    different). CPU time of one thread.
# 2. Live: a fresh kumod (fabric forwarding, 1 worker, REST API on a free
#    port, its store in a temp dir) and "kumo-bench --tenant" emulating
#    every switch with a flow table: discovery, settle, a tenant and a
#    network, then --posts port POSTs one at a time: POST -> HTTP reply,
#    and POST -> last flow-mod on every affected switch (p50/p90/max).
# 3. Live reconnection: kumod starts on a store pre-filled with a model
#    big enough that one switch holds about 50,000 flows (--rec-model);
#    that switch disconnects and reconnects holding its table, identical
#    and then with 1% of its flows different: time to the read-back, to
#    the last mod, the mods sent (0 for identical).
#
# Usage: bench/tenant.sh [OPTIONS]
#   --build DIR        binaries of this build directory (default: an
#                      optimized build in build-release)
#   --models "N:P..."  micro-benchmark models, networks:ports (default
#                      "1000:10000 4094:40000 10000:100000"; about 1, 3
#                      and 7 minutes and 0.5, 2 and 2.2 GB on the test VM)
#   --topo SPEC        fabric (random:100:4), --hosts N edge ports per
#                      switch (8)
#   --posts N          live port POSTs (200)
#   --http-close       a new API connection per POST (default: one
#                      persistent HTTP/1.1 connection, as an
#                      orchestrator's client keeps)
#   --rec-topo SPEC    fabric of the reconnection run (random:10:3)
#   --rec-model N:P:S  its model: networks:ports:switches per network
#                      (4094:12000:3)
#   --db-dir DIR       where kumod's store lives (a temp dir under /tmp;
#                      give /dev/shm to take fsync out of the figures)
#   --malloc-tune      run kumod with glibc's mmap threshold at 64 MB and
#                      trim threshold at 256 MB (GLIBC_TUNABLES): its
#                      per-switch flow tables then stop being mapped and
#                      unmapped (page faults) on every recompilation
#   --kumod-arg ARG    extra kumod argument (repeatable), e.g.
#                      "--send-queue-hard=256m"
#   --no-calc, --no-live, --no-reconnect   skip a part
#   --out FILE         also write the raw JSON lines to FILE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=
models="1000:10000 4094:40000 10000:100000"
topo=random:100:4
hosts=8
posts=200
rec_topo=random:10:3
rec_model=4094:12000:3
db_dir=
calc=1
live=1
rec=1
out=
tunables=
kumod_args=()
bench_args=()

while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift ;;
        --models) models=$2; shift ;;
        --topo) topo=$2; shift ;;
        --hosts) hosts=$2; shift ;;
        --posts) posts=$2; shift ;;
        --http-close) bench_args+=(--http-close) ;;
        --rec-topo) rec_topo=$2; shift ;;
        --rec-model) rec_model=$2; shift ;;
        --db-dir) db_dir=$2; shift ;;
        --malloc-tune) tunables=glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=268435456 ;;
        --kumod-arg) kumod_args+=("$2"); shift ;;
        --no-calc) calc= ;;
        --no-live) live= ;;
        --no-reconnect) rec= ;;
        --out) out=$2; shift ;;
        -h|--help) bench_help; exit 0 ;;
        *) echo "tenant.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

bench_build tenant.sh kumo-bench kumod
bench=$build/bin/kumo-bench
kumod=$build/bin/kumod
[ -x "$bench" ] && [ -x "$kumod" ] || { echo "tenant.sh: not built" >&2; exit 1; }

bench_tmpdir tenant
dbd=$tmp
if [ -n "$db_dir" ]; then
    dbd=$(mktemp -d "$db_dir/kumo-tenant.XXXXXX")
    rm_dirs+=("$dbd")
fi
results=$tmp/results
: > "$results"

# start_kumod DB: starts kumod on free ports; sets cpid, of_port, api_port.
start_kumod() {
    of_port=$(free_port 17753)
    api_port=$(free_port $((of_port + 1)))
    rm -f "$tmp/kumod.ctl"
    env ${tunables:+GLIBC_TUNABLES=$tunables} \
    "$kumod" --listen "ptcp:$of_port:127.0.0.1" --workers 1 \
        --ctl "$tmp/kumod.ctl" --log-level warn --forwarding fabric \
        --api "127.0.0.1:$api_port" --db "$1" ${kumod_args[@]+"${kumod_args[@]}"} \
        > "$tmp/kumod.log" 2>&1 &
    cpid=$!
    pids+=("$cpid")
    if ! wait_listen "$of_port" "$cpid" || ! wait_listen "$api_port" "$cpid"
    then
        echo "tenant.sh: kumod did not start: $(tail -n 3 "$tmp/kumod.log")" >&2
        exit 1
    fi
}

stop_kumod() {
    stop_pid "$cpid"
    kumod_warnings "$tmp/kumod.log"
}

echo "Kumo tenant networks ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
     "git $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$tunables" ] || echo "kumod runs with GLIBC_TUNABLES=$tunables"

if [ -n "$calc" ]; then
    echo
    echo "== micro-benchmarks (kumo-bench --tenant-calc --topo $topo --hosts $hosts)"
    for m in $models; do
        echo "-- $m" >&2
        if line=$("$bench" --tenant-calc --topo "$topo" --hosts "$hosts" \
                  --networks "${m%%:*}" --ports "${m#*:}" --json \
                  2> "$tmp/bench.err"); then
            echo "calc $m $line" >> "$results"
            "$bench" --tenant-calc --topo "$topo" --hosts "$hosts" \
                --networks "${m%%:*}" --ports "${m#*:}" 2> /dev/null \
                | sed 's/^/  /' || true
        else
            echo "  $m FAILED: $(tail -n 3 "$tmp/bench.err")" >&2
        fi
    done
fi

if [ -n "$live" ]; then
    echo
    echo "== live: $posts port POSTs, kumod + kumo-bench --tenant --topo $topo"
    start_kumod "$dbd/live.db"
    if line=$("$bench" --tenant --topo "$topo" --hosts "$hosts" \
              -c "127.0.0.1:$of_port" --api "127.0.0.1:$api_port" \
              --ctl "$tmp/kumod.ctl" --pid "$cpid" --posts "$posts" \
              ${bench_args[@]+"${bench_args[@]}"} \
              --json -q 2> "$tmp/bench.err"); then
        echo "live $line" >> "$results"
    fi
    sed 's/^/  /' "$tmp/bench.err" >&2
    stop_kumod
    [ -n "${line:-}" ] && echo "$line"
fi

if [ -n "$rec" ]; then
    IFS=: read -r rn rp rs <<< "$rec_model"
    echo
    echo "== live reconnection: $rec_topo, model $rn networks, $rp ports," \
         "$rs switches per network"
    "$bench" --tenant-calc --topo "$rec_topo" --hosts "$hosts" \
        --networks "$rn" --ports "$rp" --spread "$rs" \
        --fill-db "$dbd/rec.db" 2> "$tmp/fill.err" \
        || { cat "$tmp/fill.err" >&2; exit 1; }
    start_kumod "$dbd/rec.db"
    line=
    if line=$("$bench" --tenant --topo "$rec_topo" --hosts "$hosts" \
              -c "127.0.0.1:$of_port" --api "127.0.0.1:$api_port" \
              --ctl "$tmp/kumod.ctl" --pid "$cpid" --posts 0 --reconnect \
              --timeout 120000 --json -q 2> "$tmp/bench.err"); then
        echo "reconnect $line" >> "$results"
    fi
    sed 's/^/  /' "$tmp/bench.err" >&2
    stop_kumod
    [ -n "$line" ] && echo "$line"
fi

if [ -n "$out" ]; then
    cp "$results" "$out"
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
