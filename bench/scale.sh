#!/usr/bin/env bash
# scale.sh: the topology scale benchmark (issue 4 item 7) in one
# invocation: how kumod's fabric copes with large topologies, and how the
# cost grows with switches and links.
#
# 1. In-process micro-benchmarks on every generated topology
#    ("kumo-bench --topo SPEC --calc", bench/bench-topo-calc.h): one LLDP
#    discovery round through topo_lldp and the steady round after it,
#    port classification, topo_path_compute, routes + backups for 10,000
#    host pairs, recomputation after a link failure (medians of --reps),
#    and the fabric's compiler and differ with every host known (once).
#    These time the code kumod's fabric thread runs, not kumod.
# 2. Live runs: for every topology (up to --reps times, within --budget)
#    a fresh kumod (forwarding = fabric, one worker) and kumo-bench
#    emulating every switch and answering kumod's LLDP packet-outs along
#    the topology's cables: time until kumod's "topology" lists every
#    link, the initial programming, kumod's RSS, every host announcing
#    itself, convergence after a link failure and after its restoration
#    (bench/bench-topo-run.h). Skipped, with a message, if this kumod has
#    no fabric forwarding.
# Prints one table per part (medians) and the raw JSON lines.
#
# Usage: bench/scale.sh [OPTIONS]
#   --build DIR        use this build directory's binaries as they are
#                      (default: an optimized build in build-release)
#   --topos "SPEC..."  topologies, smallest first (default "fattree:4
#                      fattree:8 fattree:12 random:250:4 fattree:16
#                      random:500:4 random:1000:4")
#   --reps N           repetitions of each live run and calc timing (3)
#   --quiet-ms MS      settled = no flow/group mod for MS (1000)
#   --timeout MS       time allowed per phase of a live run, at least
#                      (15000)
#   --timeout-per-switch MS
#                      ...and at least this much per switch of the
#                      topology (150: 48 s at 320 switches, 150 s at
#                      1,000; the initial programming of 3 M flows on
#                      the loaded 2-CPU VM needs it)
#   --max-run MS       time allowed for a whole live run, at least
#                      (45000; at least 4 phase timeouts)
#   --hosts-max N      live runs of topologies with more than N switches
#                      skip the host phases (--no-hosts: a new host
#                      recompiles every switch, minutes at 1,000); 0 = no
#                      limit (400)
#   --budget S         start no further repetition of a live run once
#                      scale.sh has run this long (150); every topology
#                      gets at least one run, in the order given
#   --compile-max N    run the compiler micro-benchmark only on
#                      topologies of at most N switches (300; it takes
#                      about 2 s of CPU at 320 switches and 8 s at 1,000,
#                      several times that in wall time on a busy machine)
#   --kumod-conf LINE  extra kumod config line, e.g. "log_level = info"
#                      (repeatable)
#   --pin              pin kumod to CPU 0 and kumo-bench to CPU 1 (as
#                      compare.sh does; default: no pinning)
#   --no-live          only the micro-benchmarks
#   --no-calc          only the live runs
#   --port-base N      first TCP port tried (17653); ports in use skipped
#   --out FILE         also write the raw JSON lines to FILE
#   --quick            fattree:4 and random:50:4, one repetition
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=
topos="fattree:4 fattree:8 fattree:12 random:250:4 fattree:16 random:500:4 random:1000:4"
reps=3
quiet_ms=1000
timeout_ms=15000
timeout_per_switch=150
max_run_ms=45000
hosts_max=400
budget=150
compile_max=300
kumod_conf=()
live=1
calc=1
pin=
port_base=17653
out=

while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift ;;
        --topos) topos=$2; shift ;;
        --reps) reps=$2; shift ;;
        --quiet-ms) quiet_ms=$2; shift ;;
        --timeout) timeout_ms=$2; shift ;;
        --max-run) max_run_ms=$2; shift ;;
        --timeout-per-switch) timeout_per_switch=$2; shift ;;
        --hosts-max) hosts_max=$2; shift ;;
        --budget) budget=$2; shift ;;
        --compile-max) compile_max=$2; shift ;;
        --kumod-conf) kumod_conf+=("$2"); shift ;;
        --pin) pin=1 ;;
        --no-live) live= ;;
        --no-calc) calc= ;;
        --port-base) port_base=$2; shift ;;
        --out) out=$2; shift ;;
        --quick) topos="fattree:4 random:50:4"; reps=1 ;;
        -h|--help) bench_help; exit 0 ;;
        *) echo "scale.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

bench_build scale.sh kumo-bench kumod
bench=$build/bin/kumo-bench
kumod=$build/bin/kumod
[ -x "$bench" ] || { echo "scale.sh: $bench not built" >&2; exit 1; }

# Not pinned by default: kumod's worker, fabric and control threads all
# work here, and kumo-bench needs little CPU (its CPU time is reported).
ctl_cpu=()
gen_cpu=()
if [ -n "$pin" ] && [ "$(nproc)" -ge 2 ]; then
    ctl_cpu=(taskset -c 0)
    gen_cpu=(taskset -c 1)
fi

bench_tmpdir scale

results=$tmp/results
: > "$results"
started=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# n_switches TOPO: the number of switches of TOPO (0 if unknown).
n_switches() {
    local t=$1 k n
    case $t in
        fattree:*) k=${t#fattree:}; n=$((5 * k * k / 4)) ;;
        random:*|ring:*|line:*) n=${t#*:}; n=${n%%:*} ;;
        leafspine:*) n=${t#leafspine:}; n=$((${n%%:*} + ${n#*:})) ;;
        *) n=0 ;;
    esac
    echo "${n:-0}"
}

# 1. Micro-benchmarks.
if [ -n "$calc" ]; then
    for t in $topos; do
        echo "== calc $t" >&2
        compile=()
        n=$(n_switches "$t")
        if [ "${n:-0}" -gt "$compile_max" ]; then
            compile=(--no-compile)
            echo "  (no compiler micro-benchmark: $n switches >" \
                 "--compile-max $compile_max)" >&2
        fi
        if line=$("$bench" --topo "$t" --calc --reps "$reps" \
                  "${compile[@]}" --json 2> "$tmp/bench.err"); then
            echo "calc $t $line" >> "$results"
        else
            echo "  FAILED: $(tail -n 3 "$tmp/bench.err")" >&2
        fi
    done
fi

# 2. Live runs against kumod with fabric forwarding.
fabric=
if [ -n "$live" ]; then
    if [ ! -x "$kumod" ]; then
        echo "scale.sh: $kumod not built: no live runs" >&2
    else
        printf 'forwarding = fabric\n' > "$tmp/kumod.conf"
        for l in "${kumod_conf[@]}"; do
            printf '%s\n' "$l" >> "$tmp/kumod.conf"
        done
        if "$kumod" --config "$tmp/kumod.conf" --check-config \
                > "$tmp/check.log" 2>&1; then
            fabric=1
            # A kumod with the tenant store and the HTTP API: its own
            # database under the temp dir, no API (no shared port or
            # /var/lib/kumo lock).
            extra=()
            if "$kumod" --help 2>&1 | grep -q -- '--api '; then
                extra+=(--api off)
            fi
            if "$kumod" --help 2>&1 | grep -q -- '--db '; then
                extra+=(--db "$tmp/kumo.db")
            fi
        else
            echo "scale.sh: this kumod does not take 'forwarding = fabric'" \
                 "($(head -n 1 "$tmp/check.log")): no live runs" >&2
        fi
    fi
fi
if [ -n "$fabric" ]; then
    next_port=$port_base
    declare -A skip
    # Every topology once at least; no repetition beyond the first starts
    # past the time budget (so put the small topologies first).
    for t in $topos; do
        for r in $(seq "$reps"); do
            [ -n "${skip[$t]:-}" ] && continue
            if [ "$r" -gt 1 ] \
               && [ $(( $(date +%s) - started )) -gt "$budget" ]; then
                echo "scale.sh: past the ${budget} s budget: no run $r of $t" >&2
                continue
            fi
            port=$(free_port "$next_port")
            next_port=$((port + 1))
            rm -f "$tmp/kumod.ctl" "$tmp"/kumo.db*
            "${ctl_cpu[@]}" "$kumod" --config "$tmp/kumod.conf" \
                --listen "ptcp:$port:127.0.0.1" --workers 1 \
                --ctl "$tmp/kumod.ctl" --log-level warn "${extra[@]}" \
                > "$tmp/kumod.log" 2>&1 &
            cpid=$!
            pids+=("$cpid")
            if ! wait_listen "$port" "$cpid"; then
                echo "scale.sh: kumod did not start listening on $port:" \
                     "$(tail -n 3 "$tmp/kumod.log")" >&2
                exit 1
            fi
            n=$(n_switches "$t")
            t_ms=$(( n * timeout_per_switch > timeout_ms
                     ? n * timeout_per_switch : timeout_ms ))
            run_ms=$(( 4 * t_ms > max_run_ms ? 4 * t_ms : max_run_ms ))
            hosts_opt=()
            if [ "$hosts_max" -gt 0 ] && [ "$n" -gt "$hosts_max" ]; then
                hosts_opt=(--no-hosts)
            fi
            echo "== live $t, run $r (kumod pid $cpid, port $port," \
                 "${t_ms} ms per phase${hosts_opt:+, no hosts})" >&2
            line=$("${gen_cpu[@]}" "$bench" --topo "$t" -c "127.0.0.1:$port" \
                   --ctl "$tmp/kumod.ctl" --pid "$cpid" \
                   --quiet-ms "$quiet_ms" --timeout "$t_ms" \
                   --max-run "$run_ms" --bare-fail "${hosts_opt[@]}" \
                   --json -q 2> "$tmp/bench.err") || true
            [ -n "$line" ] && echo "live $t $line" >> "$results"
            sed 's/^/    /' "$tmp/bench.err" >&2
            stop_pid "$cpid"
            kumod_warnings "$tmp/kumod.log"
            if [ -z "$line" ]; then
                echo "  kumo-bench FAILED: no more runs of $t" >&2
                skip[$t]=1
                continue
            fi
            phase=$(sed -n 's/.*"timed_out":"\([^"]*\)".*/\1/p' <<< "$line")
            if [ -n "$phase" ]; then
                echo "  timed out in phase \"$phase\" (${t_ms} ms):" \
                     "no more runs of $t" >&2
                skip[$t]=1
            fi
        done
    done
fi

[ -n "$out" ] && cp "$results" "$out"

# med KIND TOPO FIELD: the median of FIELD over the matching lines (values
# below 0 mean "not measured" and are left out), or "-".
med() {
    awk -v k="$1" -v t="$2" '$1 == k && $2 == t { $1 = $2 = ""; print }' \
        "$results" | json "$3" | awk '$1 >= 0' | sort -g \
        | awk '{ v[NR] = $1 }
               END { if (!NR) { print "-"; exit }
                     m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                     printf (m == int(m) && m < 1e15 ? "%d\n" : "%.1f\n"), m }'
}

# total KIND TOPO FIELD: the sum of FIELD over the matching lines.
total() {
    awk -v k="$1" -v t="$2" '$1 == k && $2 == t { $1 = $2 = ""; print }' \
        "$results" | json "$3" | awk '{ s += $1 } END { print s + 0 }'
}

# phases TOPO: the phases the live runs of TOPO timed out in.
phases() {
    awk -v t="$1" '$1 == "live" && $2 == t' "$results" \
        | sed -n 's/.*"timed_out":"\([^"]*\)".*/\1/p' | grep . | sort -u \
        | paste -sd, - || true
}

# count KIND TOPO: number of result lines.
count() {
    awk -v k="$1" -v t="$2" '$1 == k && $2 == t' "$results" | wc -l
}

echo
echo "Kumo topology scale ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
     "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)," \
     "git $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "load average at the start: $load0; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$calc" ]; then
    echo
    echo "In-process micro-benchmarks of src/topo (kumo-bench --topo SPEC" \
         "--calc), medians of $reps:"
    printf '%-15s %6s %6s %6s %8s %8s %8s %8s %8s %9s %8s %8s %8s\n' \
        topology switch links hosts "lldp" "refresh" "kinds" "path" \
        "path kB" "10k pairs" "us/pair" "fail" "changed"
    for t in $topos; do
        printf '%-15s %6s %6s %6s %8s %8s %8s %8s %8s %9s %8s %8s %8s\n' "$t" \
            "$(med calc "$t" switches)" "$(med calc "$t" links)" \
            "$(med calc "$t" hosts)" "$(med calc "$t" lldp_ms)" \
            "$(med calc "$t" lldp_refresh_ms)" "$(med calc "$t" kinds_ms)" \
            "$(med calc "$t" path_ms)" "$(med calc "$t" path_kb)" \
            "$(med calc "$t" pairs_ms)" "$(med calc "$t" pair_us)" \
            "$(med calc "$t" fail_ms)" "$(med calc "$t" changed_next_hops)"
    done
    echo "(ms of CPU time; lldp: the first discovery round inside topo_lldp, a probe" \
         "per port; refresh: the next round, every link known; kinds:" \
         "topo_graph_port_kind of every port once; path: topo_path_compute;" \
         "10k pairs: route + backup at every hop of 10,000 random host" \
         "pairs; fail: both ports of one link down + topo_path_compute;" \
         "changed: (switch, destination) next hops the failure changed)"
    echo
    echo "The fabric's compiler and differ (fabric-compile, fabric-sync)" \
         "with every host known, one run, ms of CPU time:"
    printf '%-15s %10s %9s %9s %8s %8s %10s %10s %8s %6s %8s %6s\n' \
        topology "compile ms" "flows" "groups" "max fl" "max gr" \
        "state kB" "fail ms" "mods" "sw" "incr ms" "recomp"
    for t in $topos; do
        printf '%-15s %10s %9s %9s %8s %8s %10s %10s %8s %6s %8s %6s\n' \
            "$t" \
            "$(med calc "$t" compile_ms)" "$(med calc "$t" flows)" \
            "$(med calc "$t" groups)" "$(med calc "$t" flows_max)" \
            "$(med calc "$t" groups_max)" "$(med calc "$t" state_kb)" \
            "$(med calc "$t" fail_compile_ms)" "$(med calc "$t" fail_msgs)" \
            "$(med calc "$t" fail_msg_switches)" "$(med calc "$t" incr_ms)" \
            "$(med calc "$t" incr_switches)"
    done
    echo "(compile: fabric_compile_switch for every switch; flows/groups:" \
         "in total and on the busiest switch; state: their heap; fail:" \
         "after the failure, every switch recompiled and diffed" \
         "(fabric_sync_diff) against its old state; mods: the flow-mods" \
         "and group-mods that diff makes, for 'sw' switches; incr: what" \
         "kumod does instead: every switch's fingerprint, then compile" \
         "and diff only the 'recomp' switches whose fingerprint moved)"
fi
if [ -n "$fabric" ]; then
    echo
    echo "Live: kumod (forwarding = fabric, 1 worker) + kumo-bench" \
         "emulating every switch${pin:+ (pinned: CPU 0 / CPU 1)}; medians" \
         "of the runs; times in ms" \
         "from the first connect:"
    printf '%-15s %4s %6s %6s %7s %7s %8s %7s %8s %8s %8s %8s %s\n' \
        topology runs hshake lldp "listed" "progr" "mods" "RSS kB" \
        "+hosts" "end kB" "kumod s" "topo ms" "timed out in"
    for t in $topos; do
        printf '%-15s %4s %6s %6s %7s %7s %8s %7s %8s %8s %8s %8s %s\n' "$t" \
            "$(count live "$t")" "$(med live "$t" ready_ms)" \
            "$(med live "$t" lldp_ms)" "$(med live "$t" discovered_ms)" \
            "$(med live "$t" settled_ms)" "$(med live "$t" settle_mods)" \
            "$(med live "$t" rss_discovered_kb)" \
            "$(med live "$t" rss_hosts_kb)" "$(med live "$t" rss_end_kb)" \
            "$(med live "$t" ctl_cpu_s)" "$(med live "$t" topology_ms)" \
            "$(phases "$t")"
    done
    echo "(hshake: every switch handshaked; lldp: kumod's LLDP crossed every" \
         "cable both ways; listed: kumod's fabric counters show every link" \
         "(50 ms poll, or twice the answer time); progr: last mod of the" \
         "initial programming; mods: its" \
         "flow+group mods; RSS: kumod after discovery, after the hosts, at" \
         "the end; kumod s: kumod CPU seconds over the whole run; topo ms:" \
         "one \"topology\" (kumoctl topology) answer at the end)"
    echo
    echo "Link failure and hosts, ms after the event (medians):"
    printf '%-15s %7s %8s %5s %7s %7s %8s %8s %7s %8s %5s %7s\n' topology \
        "fail" "mods" "sw" "restore" "hosts" "mods" "fail+h" "dropped" \
        "mods" "sw" "restore"
    for t in $topos; do
        printf '%-15s %7s %8s %5s %7s %7s %8s %8s %7s %8s %5s %7s\n' "$t" \
            "$(med live "$t" fail0_ms)" "$(med live "$t" fail0_mods)" \
            "$(med live "$t" fail0_switches)" \
            "$(med live "$t" fail0_restore_ms)" \
            "$(med live "$t" hosts_ms)" "$(med live "$t" hosts_mods)" \
            "$(med live "$t" fail_ms)" "$(med live "$t" fail_seen_ms)" \
            "$(med live "$t" fail_mods)" "$(med live "$t" fail_switches)" \
            "$(med live "$t" fail_restore_ms)"
    done
    echo "(fail: port-status link-down on both ends of one link, before any" \
         "host is known: time to the last flow/group mod before the mods" \
         "settled (every mod kumod sent arrived, then ${quiet_ms} ms plus" \
         "twice its last path recomputation without any, not counted)," \
         "the mods and the switches that got any; restore: port-status" \
         "up, the same;" \
         "hosts: every host sends one gratuitous ARP, time to the last mod" \
         "that follows and the mods; fail+h: the same failure with every" \
         "host known; dropped: kumod's counters no longer count the link)"
    echo "bad messages + errors over all runs: $(for t in $topos; do
        echo $(( $(total live "$t" bad_msgs) + $(total live "$t" errors) )); done | awk '{ s += $1 } END { print s + 0 }')"
fi
# ratio A B: B / A to one decimal, or "-" if either is missing.
ratio() {
    if [ "$1" = - ] || [ "$2" = - ]; then
        echo -
    else
        awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) print "-";
                                         else printf "%.1f\n", b / a }'
    fi
}

# How the cost grows: consecutive sizes of one family (fattree:K,
# random:N:DEGREE with the same degree), as ratios of the medians.
echo
echo "How the cost grows: ratios between consecutive sizes of one family" \
     "(larger / smaller; medians; - = not measured at both):"
printf '%-29s %6s %6s %7s %7s %7s %7s %7s %7s %7s %7s\n' "from -> to" \
    switch links "lldp" "path" "10k" "incr" "listed" "progr" "fail" "RSS"
declare -A last_of
for t in $topos; do
    fam=${t%%:*}
    [ "$fam" = random ] && fam=random:$(cut -d: -f3 <<< "$t")
    prev=${last_of[$fam]:-}
    last_of[$fam]=$t
    if [ -n "$prev" ]; then
        printf '%-29s %6s %6s %7s %7s %7s %7s %7s %7s %7s %7s\n' \
            "$prev -> $t" \
            "$(ratio "$(med calc "$prev" switches)" "$(med calc "$t" switches)")" \
            "$(ratio "$(med calc "$prev" links)" "$(med calc "$t" links)")" \
            "$(ratio "$(med calc "$prev" lldp_ms)" "$(med calc "$t" lldp_ms)")" \
            "$(ratio "$(med calc "$prev" path_ms)" "$(med calc "$t" path_ms)")" \
            "$(ratio "$(med calc "$prev" pairs_ms)" "$(med calc "$t" pairs_ms)")" \
            "$(ratio "$(med calc "$prev" incr_ms)" "$(med calc "$t" incr_ms)")" \
            "$(ratio "$(med live "$prev" discovered_ms)" "$(med live "$t" discovered_ms)")" \
            "$(ratio "$(med live "$prev" settled_ms)" "$(med live "$t" settled_ms)")" \
            "$(ratio "$(med live "$prev" fail0_ms)" "$(med live "$t" fail0_ms)")" \
            "$(ratio "$(med live "$prev" rss_end_kb)" "$(med live "$t" rss_end_kb)")"
    fi
done
echo "(lldp, path, 10k: the micro-benchmarks above; incr: kumod's" \
     "incremental reaction to the failure, pure; listed, progr, fail, RSS:" \
     "live discovery, initial programming, failure convergence before" \
     "hosts, kumod's RSS at the end)"

echo
echo "scale.sh took $(( $(date +%s) - started )) s"
echo
echo "raw results (KIND TOPOLOGY JSON):"
cat "$results"
