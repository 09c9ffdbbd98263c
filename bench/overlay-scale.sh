#!/usr/bin/env bash
# overlay-scale.sh: N emulated hypervisors fully configured by one kumod
# (issue 6 item 8), both halves of what a hypervisor gets from Kumo:
#
# 1. OVSDB: N real ovsdb-servers with the Open_vSwitch schema, each on a
#    unix socket (no ovs-vswitchd, no namespace), registered as chassis
#    through the REST API; time until every chassis is converged (br-int,
#    controller, fail-mode, 3 tunnel ports), as kumoctl chassis reports.
#    Then each br-int gets datapath_id N (what ovs-vswitchd would write),
#    so hypervisor i's bridge is the OpenFlow switch of dpid i below.
# 2. OpenFlow: "kumo-bench --tenant --topo hv:N" connects N emulated
#    OpenFlow 1.3 switches with those dpids (each with a flow table and 4
#    edge ports, no cables: hypervisors meet over the underlay) to the
#    same kumod; time until every session is handshaked, read back and
#    synchronised with the pipeline kumod compiles for it, then --posts
#    port POSTs (port-vlan on a random hypervisor's port).
# kumod's RSS is read before, after part 1 and after part 2: memory per
# hypervisor. Everything started is stopped by recorded pid at the end.
#
# Usage: bench/overlay-scale.sh [--build DIR] [--n N] [--posts N]
#   --build DIR   binaries (default: an optimized build in build-release)
#   --n N         hypervisors (100)
#   --posts N     port POSTs in part 2 (20; 0: none)
set -euo pipefail

build=
n=100
posts=20
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift ;;
        --n) n=$2; shift ;;
        --posts) posts=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "overlay-scale.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

src=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$build" ]; then
    build=$src/build-release
    [ -f "$build/CMakeCache.txt" ] \
        || cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
    for target in kumo-bench kumod kumoctl; do
        cmake --build "$build" --target "$target" > /dev/null
    done
fi
schema=/usr/share/openvswitch/vswitch.ovsschema
for tool in ovsdb-server ovsdb-tool ovs-vsctl curl python3; do
    command -v "$tool" > /dev/null \
        || { echo "overlay-scale.sh: $tool not installed" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/kumo-ovl-scale.XXXXXX)
pidfiles=()
kpid=
cleanup() {
    local f
    [ -z "$kpid" ] || { kill "$kpid" 2>/dev/null || true; wait "$kpid" 2>/dev/null || true; }
    for f in "${pidfiles[@]}"; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$kpid/status"; }
free_port() {
    local p=$1
    while ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; do p=$((p + 1)); done
    echo "$p"
}
vsctl() { local i=$1; shift; ovs-vsctl --db="unix:$tmp/hv$i/db.sock" --no-wait --timeout=10 "$@"; }

t=$(now_ms)
for i in $(seq "$n"); do
    d=$tmp/hv$i
    mkdir -p "$d"
    ovsdb-tool create "$d/conf.db" "$schema"
    pidfiles+=("$d/ovsdb-server.pid")
    ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
        --pidfile="$d/ovsdb-server.pid" --log-file="$d/ovsdb-server.log" \
        --unixctl="$d/ovsdb-server.ctl" -vconsole:off --detach --no-chdir \
        2>> "$d/start.err"
    vsctl "$i" init
done
echo "$n ovsdb-servers up in $(( $(now_ms) - t )) ms" >&2

of_port=$(free_port 17953)
api_port=$(free_port $((of_port + 1)))
cat > "$tmp/kumod.conf" <<EOF
overlay_controller = tcp:127.0.0.1:$of_port
EOF
"$build/bin/kumod" --config "$tmp/kumod.conf" --listen "ptcp:$of_port:127.0.0.1" \
    --workers 1 --ctl "$tmp/kumod.ctl" --api "127.0.0.1:$api_port" \
    --db "$tmp/kumo.db" --log-level warn > "$tmp/kumod.log" 2>&1 &
kpid=$!
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$api_port/v1/tenants" && break
    sleep 0.1
done
rss0=$(rss)

converged() {
    "$build/bin/kumoctl" --ctl "$tmp/kumod.ctl" --json chassis | python3 -c '
import json, sys
j = json.load(sys.stdin)
R = j["result"] if isinstance(j, dict) and "result" in j else j
print(sum(1 for c in R if c["converged"] and len(c["tunnels"]) == 3))'
}

t0=$(now_ms)
for i in $(seq "$n"); do
    code=$(curl -sS -m 20 -o /dev/null -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' \
        --data-binary "{\"name\":\"hv$i\",\"ovsdb_addr\":\"unix:$tmp/hv$i/db.sock\",\"tunnel_ip\":\"198.18.$((i / 250)).$((i % 250 + 1))\",\"encaps\":[\"vxlan\",\"geneve\",\"gre\"]}" \
        "http://127.0.0.1:$api_port/v1/chassis")
    [ "$code" = 201 ] || { echo "POST chassis hv$i: HTTP $code" >&2; exit 1; }
done
t1=$(now_ms)
c=0
for _ in $(seq 1200); do
    c=$(converged)
    [ "$c" = "$n" ] && break
    sleep 0.1
done
t2=$(now_ms)
rss1=$(rss)
[ "$c" = "$n" ] || { echo "only $c of $n chassis converged" >&2; exit 1; }
echo "OVSDB: $n chassis registered in $((t1 - t0)) ms, all converged" \
     "$((t2 - t0)) ms after the first POST ($((t2 - t1)) ms after the last);" \
     "kumod RSS $rss0 kB -> $rss1 kB ($(( (rss1 - rss0) / n )) kB per hypervisor)"

# What ovs-vswitchd would do: the bridge's datapath id.
dpid_set=0
for i in $(seq "$n"); do
    if vsctl "$i" set Bridge br-int "datapath_id=\"$(printf %016x "$i")\"" 2>/dev/null
    then
        dpid_set=$((dpid_set + 1))
    fi
done
echo "datapath_id written on $dpid_set of $n br-int bridges" >&2

line=$("$build/bin/kumo-bench" --tenant --topo "hv:$n" --hosts 4 \
       -c "127.0.0.1:$of_port" --api "127.0.0.1:$api_port" \
       --ctl "$tmp/kumod.ctl" --pid "$kpid" --posts "$posts" --json -q \
       2> "$tmp/bench.err") || true
sed 's/^/  /' "$tmp/bench.err" >&2
rss2=$(rss)
[ -n "$line" ] || { echo "kumo-bench failed" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9.]*\).*/\1/p" <<< "$line"; }
echo "OpenFlow: $n br-int sessions handshaked, read back and synchronised" \
     "$(field settled_ms) ms after the first connect ($(field settle_mods)" \
     "mods); kumod RSS $rss1 kB -> $rss2 kB" \
     "($(( (rss2 - rss1) / n )) kB per hypervisor);" \
     "total $(( (rss2 - rss0) / n )) kB per hypervisor"
if [ "$posts" -gt 0 ]; then
    echo "port POSTs on hypervisor ports: HTTP p50 $(field http_p50_ms) ms," \
         "POST -> last mod p50 $(field flows_p50_ms) ms, p90" \
         "$(field flows_p90_ms) ms, max $(field flows_max_ms) ms" \
         "($(field mods_per_post) mods to $(field switches_per_post) switches per POST)"
fi
echo "$line"
if grep -qiE '\|(err|warn)\|' "$tmp/kumod.log"; then
    echo "kumod log:" >&2
    grep -iE '\|(err|warn)\|' "$tmp/kumod.log" | tail -n 5 | sed 's/^/  /' >&2
fi
