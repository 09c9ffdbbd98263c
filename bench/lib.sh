# bench/lib.sh: shell helpers that the benchmark scripts share (compare.sh,
# scale.sh, tenant.sh, overlay-scale.sh); sourced, not run. It sets $src,
# the source tree. Processes are started by the scripts themselves and
# stopped by the pids they record, never by name.

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_help: prints the calling script's header comment (line 2 up to
# "set -euo pipefail") as its help.
bench_help() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# bench_build NAME TARGET...: unless $build is set, makes an optimized
# build of the TARGETs in $src/build-release and sets $build to it; on a
# failure prints the build's output and exits 1. NAME (the script's)
# starts the progress line and names the log, $build/NAME-build.log.
bench_build() {
    local name=$1 target
    shift
    [ -z "$build" ] || return 0
    build=$src/build-release
    echo "$name: building $* in $build (Release)" >&2
    [ -f "$build/CMakeCache.txt" ] \
        || cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
    for target in "$@"; do
        if ! cmake --build "$build" -j "$(nproc)" --target "$target" \
                > "$build/$name-build.log" 2>&1; then
            cat "$build/$name-build.log" >&2
            exit 1
        fi
    done
}

# bench_tmpdir NAME: makes $tmp, a new directory /tmp/kumo-NAME.XXXXXX,
# and empty arrays $pids (processes to stop) and $rm_dirs (more
# directories to remove); on exit, every pid in $pids is stopped and
# waited for, then $tmp and $rm_dirs are removed. INT and TERM exit 130.
bench_tmpdir() {
    tmp=$(mktemp -d "/tmp/kumo-$1.XXXXXX")
    pids=()
    rm_dirs=()
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in ${pids[@]+"${pids[@]}"}; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp" ${rm_dirs[@]+"${rm_dirs[@]}"}
}

# json FIELD <<< LINE: prints the numeric FIELD of a flat JSON line.
json() {
    sed -n "s/.*\"$1\":\(-\{0,1\}[0-9.]*\).*/\1/p"
}

# free_port N: prints the first TCP port from N up that nothing listens on
# (other people's daemons may be using ports on a shared machine).
free_port() {
    local p=$1
    while ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; do
        p=$((p + 1))
    done
    echo "$p"
}

# wait_listen PORT PID: waits up to 10 s for process PID to listen on PORT.
wait_listen() {
    local i
    for i in $(seq 100); do
        if ss -Hltnp "sport = :$1" 2>/dev/null | grep -q "pid=$2,"; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# stop_pid PID: stops one process we started and waits for it.
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# kumod_warnings LOG: shows the last 5 warnings and errors of kumod's LOG
# on stderr, if it has any.
kumod_warnings() {
    if grep -qiE '\|(err|warn)\|' "$1"; then
        echo "  kumod log:" >&2
        grep -iE '\|(err|warn)\|' "$1" | tail -n 5 | sed 's/^/    /' >&2
    fi
}
