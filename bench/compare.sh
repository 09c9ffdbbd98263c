#!/usr/bin/env bash
# compare.sh: benchmarks kumod against Debian's ovs-testcontroller (and
# kumo-bench's do-nothing responder as the latency reference) in one
# invocation, with identical kumo-bench settings, and prints both figures and
# their ratio.
#
# Controllers run pinned to CPU 0, kumo-bench to CPU 1 (the issue's "the load
# generator takes one core"). Everything listens on 127.0.0.1 only; every
# process this script starts is stopped by its recorded pid.
#
# Usage: bench/compare.sh [OPTIONS]
#   --build DIR        use this build directory's bin/kumod and bin/kumo-bench
#                      as they are (default: make an optimized build in
#                      build-release first: the default build is -O0 Debug)
#   --port-base N      first TCP port tried (16653); ports in use are skipped
#   -s N               switches in throughput/latency runs (16)
#   -M N               MACs per switch (1000)
#   -l N               measured loops (10)
#   -m MS              ms per loop (1000)
#   -w N               warm-up loops (2)
#   -W N               throughput window per switch (256)
#   --storm-switches N switches for the storm + memory run (1000); the
#                      storm also runs with 16 switches, the most
#                      ovs-testcontroller serves (its MAX_SWITCHES)
#   --versions "V..."  OpenFlow versions to run ("1.0 1.3")
#   --only NAMES       subset of "kumod ovs responder" to run
#   --out FILE         also write the raw JSON lines to FILE
#   --quick            -l 3 -m 500 -w 1 (a smoke run)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=
port_base=16653
switches=16
macs=1000
loops=10
loop_ms=1000
warmup=2
window=256
storm_switches=1000
versions="1.0 1.3"
only="kumod ovs responder"
out=

while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift ;;
        --port-base) port_base=$2; shift ;;
        -s) switches=$2; shift ;;
        -M) macs=$2; shift ;;
        -l) loops=$2; shift ;;
        -m) loop_ms=$2; shift ;;
        -w) warmup=$2; shift ;;
        -W) window=$2; shift ;;
        --storm-switches) storm_switches=$2; shift ;;
        --versions) versions=$2; shift ;;
        --only) only=$2; shift ;;
        --out) out=$2; shift ;;
        --quick) loops=3; loop_ms=500; warmup=1 ;;
        -h|--help) bench_help; exit 0 ;;
        *) echo "compare.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

bench_build compare.sh kumo-bench kumod
bench=$build/bin/kumo-bench
kumod=$build/bin/kumod
[ -x "$bench" ] || { echo "compare.sh: $bench not built (run make)" >&2; exit 1; }

ncpu=$(nproc)
if [ "$ncpu" -ge 2 ]; then
    ctl_cpu=(taskset -c 0)
    gen_cpu=(taskset -c 1)
else
    ctl_cpu=()
    gen_cpu=()
    echo "compare.sh: only $ncpu CPU: running without pinning" >&2
fi

bench_tmpdir compare

results=$tmp/results
: > "$results"

# start NAME: starts controller NAME on the next free port from
# $next_port; sets $cpid and $port.
start() {
    local name=$1
    port=$(free_port "$next_port")
    next_port=$((port + 1))
    case $name in
        kumod)
            "${ctl_cpu[@]}" "$kumod" --listen "ptcp:$port:127.0.0.1" \
                --workers 1 --ctl "$tmp/kumod.ctl" --log-level warn \
                --forwarding learning --api off --db "$tmp/kumo.db" \
                > "$tmp/kumod.log" 2>&1 &
            ;;
        ovs)
            # Learning switch, exact-match flows with a 60 s idle timeout
            # (its defaults: no -n, -H, -N or -w).
            "${ctl_cpu[@]}" ovs-testcontroller "ptcp:$port:127.0.0.1" \
                --unixctl="$tmp/ovs-testcontroller.ctl" --max-idle=60 \
                -vconsole:off --log-file="$tmp/ovs-testcontroller.log" \
                -vfile:warn > /dev/null 2>&1 &
            ;;
        responder)
            "${ctl_cpu[@]}" "$bench" --responder "ptcp:$port:127.0.0.1" \
                > "$tmp/responder.log" 2>&1 &
            ;;
    esac
    cpid=$!
    pids+=("$cpid")
    if ! wait_listen "$port" "$cpid"; then
        echo "compare.sh: $name did not start listening on $port" >&2
        return 1
    fi
}

# run NAME TAG ARGS...: runs kumo-bench, records "NAME TAG JSON".
run() {
    local name=$1 tag=$2 line
    shift 2
    echo "  $name (pid $cpid, port $port) $tag: kumo-bench $*" >&2
    if line=$("${gen_cpu[@]}" "$bench" --json -q "$@" 2> "$tmp/bench.err"); then
        echo "$name $tag $line" >> "$results"
    else
        echo "  $name $tag: FAILED: $(tail -n 3 "$tmp/bench.err")" >&2
        echo "$name $tag {}" >> "$results"
    fi
    grep -v '^kumo-bench: loop' "$tmp/bench.err" | sed 's/^/    /' >&2 || true
}

next_port=$port_base
names=()
for name in kumod ovs responder; do
    case " $only " in *" $name "*) ;; *) continue ;; esac
    if [ "$name" = kumod ] && [ ! -x "$kumod" ]; then
        echo "compare.sh: $kumod not built: kumod figures pending" >&2
        continue
    fi
    names+=("$name")
done

# Storms and memory first, each on a fresh process.
for name in "${names[@]}"; do
    [ "$name" = responder ] && continue
    echo "== $name: storms and memory" >&2
    start "$name"
    idle_kb=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$cpid/status")
    echo "$name idle {\"rss_idle_kb\":$idle_kb}" >> "$results"
    run "$name" storm16 -c "127.0.0.1:$port" -s 16 --storm --pid "$cpid"
    stop_pid "$cpid"
    start "$name"
    # ovs-testcontroller never serves more than 16: do not wait long.
    timeout=60000
    [ "$name" = ovs ] && timeout=5000
    run "$name" storm -c "127.0.0.1:$port" -s "$storm_switches" --storm \
        --pid "$cpid" --timeout "$timeout"
    stop_pid "$cpid"
    if [ "$name" = kumod ]; then
        # Memory once every switch has learned 100 MACs and seen traffic.
        start "$name"
        run "$name" storm-load -c "127.0.0.1:$port" -s "$storm_switches" \
            -M 100 -W 16 -l 1 -m 1000 -w 0 --pid "$cpid" --timeout 60000
        stop_pid "$cpid"
    fi
done

# Then every controller runs side by side (idle ones sleep) and each
# measurement is taken from all of them in turn, so that the load other
# users put on a shared machine spreads over all of them alike.
declare -A pid_of port_of
for name in "${names[@]}"; do
    start "$name"
    pid_of[$name]=$cpid
    port_of[$name]=$port
done
for v in $versions; do
    for mode in verify tput lat; do
        echo "== OpenFlow $v, $mode" >&2
        for name in "${names[@]}"; do
            cpid=${pid_of[$name]}
            port=${port_of[$name]}
            common=(-c "127.0.0.1:$port" -O "$v" -s "$switches" -M "$macs")
            case $mode in
                verify)
                    # Decodes every response and checks each flow's output
                    # port, so the figures are known to be real work.
                    run "$name" "verify-$v" "${common[@]}" -l 1 -m 500 -w 0 \
                        --verify ;;
                tput)
                    run "$name" "tput-$v" "${common[@]}" -l "$loops" \
                        -m "$loop_ms" -w "$warmup" -W "$window" --pid "$cpid" ;;
                lat)
                    run "$name" "lat-$v" "${common[@]}" -l "$loops" \
                        -m "$loop_ms" -w "$warmup" -t --pid "$cpid" ;;
            esac
        done
    done
done
for name in "${names[@]}"; do
    stop_pid "${pid_of[$name]}"
done

[ -n "$out" ] && cp "$results" "$out"

# get NAME TAG FIELD: a number from the results, or "-".
get() {
    local v
    v=$(awk -v n="$1" -v t="$2" '$1 == n && $2 == t { $1 = $2 = ""; print }' \
        "$results" | json "$3")
    echo "${v:--}"
}

# ratio A B: A / B to two decimals, or "-".
ratio() {
    if ! [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] \
       || awk -v b="$2" 'BEGIN { exit !(b == 0) }'; then
        echo -
    else
        awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
    fi
}

# cpu_pct NAME TAG [FIELD]: CPU time FIELD (ctl_cpu_s) over the measured
# wall time, in percent of one core.
cpu_pct() {
    local c w
    c=$(get "$1" "$2" "${3:-ctl_cpu_s}"); w=$(get "$1" "$2" measured_s)
    if [[ $c =~ ^[0-9.]+$ && $w =~ ^[0-9.]+$ ]] \
       && awk -v w="$w" 'BEGIN { exit !(w > 0) }'; then
        awk -v c="$c" -v w="$w" 'BEGIN { printf "%.0f", 100 * c / w }'
    else
        echo -
    fi
}

row() {
    printf '%-36s %14s %20s %8s %12s\n' "$@"
}

echo
echo "kumo-bench comparison ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
     "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1))"
echo "settings: $switches switches, $macs MACs/switch, $loops x ${loop_ms} ms" \
     "loops after $warmup warm-up, window $window; storm $storm_switches switches"
echo
row "figure" "kumod" "ovs-testcontroller" "ratio" "responder"
for v in $versions; do
    k=$(get kumod "tput-$v" median); o=$(get ovs "tput-$v" median)
    r=$(get responder "tput-$v" median)
    row "OF$v throughput, responses/s" "$k" "$o" "$(ratio "$k" "$o")" "$r"
    k=$(get kumod "tput-$v" per_ctl_cpu_s); o=$(get ovs "tput-$v" per_ctl_cpu_s)
    r=$(get responder "tput-$v" per_ctl_cpu_s)
    row "  per controller CPU-second" "$k" "$o" "$(ratio "$k" "$o")" "$r"
    k=$(cpu_pct kumod "tput-$v"); o=$(cpu_pct ovs "tput-$v")
    r=$(cpu_pct responder "tput-$v")
    row "  controller CPU use, % of a core" "$k" "$o" "" "$r"
    k=$(cpu_pct kumod "tput-$v" gen_cpu_s); o=$(cpu_pct ovs "tput-$v" gen_cpu_s)
    r=$(cpu_pct responder "tput-$v" gen_cpu_s)
    row "  kumo-bench CPU use, % of a core" "$k" "$o" "" "$r"
    k=$(get kumod "lat-$v" median); o=$(get ovs "lat-$v" median)
    r=$(get responder "lat-$v" median)
    row "OF$v latency mode, responses/s" "$k" "$o" "$(ratio "$k" "$o")" "$r"
    k=$(get kumod "lat-$v" lat_p50_us); o=$(get ovs "lat-$v" lat_p50_us)
    r=$(get responder "lat-$v" lat_p50_us)
    row "OF$v latency median, us" "$k" "$o" "$(ratio "$k" "$o")" "$r"
    k=$(get kumod "lat-$v" lat_p99_us); o=$(get ovs "lat-$v" lat_p99_us)
    r=$(get responder "lat-$v" lat_p99_us)
    row "OF$v latency p99, us" "$k" "$o" "$(ratio "$k" "$o")" "$r"
done
for v in $versions; do
    k=$(get kumod "verify-$v" verify_errors); o=$(get ovs "verify-$v" verify_errors)
    r=$(get responder "verify-$v" verify_errors)
    row "OF$v responses failing --verify" "$k" "$o" "" "$r"
done
k=$(get kumod storm16 ready_ms); o=$(get ovs storm16 ready_ms)
row "storm 16 switches, ms" "$k" "$o" "$(ratio "$k" "$o")" ""
k=$(get kumod storm ready_ms); o=$(get ovs storm ready_ms)
[ "$o" = 0.000 ] && o="n/a"
row "storm $storm_switches switches, ms" "$k" "$o" "$(ratio "$k" "$o")" ""
k=$(get kumod storm handshaked); o=$(get ovs storm handshaked)
row "  switches handshaked" "$k" "$o" "" ""
k=$(get kumod storm ctl_cpu_s); o=$(get ovs storm ctl_cpu_s)
[ "$(get ovs storm ready_ms)" = 0.000 ] && o="n/a"
row "  controller CPU for the storm, s" "$k" "$o" "" ""
k=$(get kumod idle rss_idle_kb); o=$(get ovs idle rss_idle_kb)
row "RSS idle, kB" "$k" "$o" "$(ratio "$k" "$o")" ""
k=$(get kumod storm rss_ready_kb); o=$(get ovs storm rss_ready_kb)
row "RSS with $storm_switches switches, kB" "$k" "$o" "$(ratio "$k" "$o")" ""
k=$(get kumod storm-load rss_end_kb)
row "  after traffic, 100 MACs each, kB" "$k" "" "" ""
for v in $versions; do
    k=$(get kumod "tput-$v" hwm_end_kb); o=$(get ovs "tput-$v" hwm_end_kb)
    row "RSS peak after OF$v runs, kB" "$k" "$o" "$(ratio "$k" "$o")" ""
done
echo
for v in $versions; do
    k=$(get kumod "lat-$v" median); r=$(get responder "lat-$v" median)
    echo "OF$v latency mode: kumod / do-nothing responder = $(ratio "$k" "$r")" \
         "in responses/s (target >= 0.90);" \
         "$(ratio "$(get kumod "lat-$v" lat_p50_us)" \
                  "$(get responder "lat-$v" lat_p50_us)")" \
         "in median latency (target <= 1.10)"
done
echo
echo "raw results (NAME TAG JSON):"
cat "$results"
