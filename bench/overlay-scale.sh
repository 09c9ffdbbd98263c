#!/usr/bin/env bash
# overlay-scale.sh: N emulated hypervisors fully configured by one kumod
# (issue 6 item 8): OVSDB and the overlay pipeline on OpenFlow together.
#
# - N real ovsdb-servers with the Open_vSwitch schema, each on a unix
#   socket (no ovs-vswitchd, no namespace), one per hypervisor.
# - A tenant with --networks networks and --vms ports per hypervisor bound
#   by iface-id (VM j of hypervisor i: iface-id hvI-vmJ, network
#   (I*VMS+J) mod NETWORKS), POSTed through the REST API first.
# - "kumo-bench --tenant --topo hv:N --tunnel-ports" connects N emulated
#   OpenFlow 1.3 br-ints (dpids 1..N; ports 1..VMS are the VMs, VMS+1..
#   VMS+3 are named kumo-vxlan, kumo-geneve, kumo-gre) and lets them
#   settle (a plain switch's pipeline: kumod does not know them as br-ints
#   yet).
# - Then the N chassis are POSTed (/v1/chassis, all three encaps); right
#   after the last POST the clock starts (kumo-bench's --wait-file). Once
#   kumoctl chassis shows all N converged (br-int, controller, fail-mode,
#   3 tunnel ports), the script does per hypervisor what ovs-vswitchd and
#   the VM's hypervisor would do, in one ovs-vsctl transaction: br-int's
#   datapath_id (= i), Interface.ofport of kumo-vxlan/geneve/gre (VMS+1..
#   VMS+3, as the emulated switch numbers them) and the VMS VIF ports
#   (ofport J, external_ids:iface-id, attached-mac).
# - Done when every emulated br-int is synchronised, every mod kumod sent
#   has arrived, none came for 1 s, and every br-int holds actions that set
#   tun_dst (unicast to remote VMs, flood-group buckets toward the other
#   hypervisors). Time from the last chassis POST to the last mod; flows,
#   groups and tun_dst actions per br-int; kumod RSS per hypervisor.
# Everything started is stopped by recorded pid at the end.
#
# Usage: bench/overlay-scale.sh [--build DIR] [--n N] [--vms N] [--networks N]
#   --build DIR    binaries (default: an optimized build in build-release)
#   --n N          hypervisors (100)
#   --vms N        VIFs (VMs) per hypervisor (2)
#   --networks N   tenant networks the VMs are spread over (10)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=
n=100
vms=2
networks=10
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift ;;
        --n) n=$2; shift ;;
        --vms) vms=$2; shift ;;
        --networks) networks=$2; shift ;;
        -h|--help) bench_help; exit 0 ;;
        *) echo "overlay-scale.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

bench_build overlay-scale.sh kumo-bench kumod kumoctl
schema=/usr/share/openvswitch/vswitch.ovsschema
for tool in ovsdb-server ovsdb-tool ovs-vsctl curl python3; do
    command -v "$tool" > /dev/null \
        || { echo "overlay-scale.sh: $tool not installed" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/kumo-ovl-scale.XXXXXX)
pidfiles=()
kpid=
bpid=
cleanup() {
    local f
    [ -z "$bpid" ] || { kill "$bpid" 2>/dev/null || true; wait "$bpid" 2>/dev/null || true; }
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

api() {  # METHOD PATH BODY -> prints the new object's uuid
    local out
    out=$(curl -sS -m 20 -X "$1" -H 'Content-Type: application/json' \
        --data-binary "$3" "http://127.0.0.1:$api_port$2")
    out=$(sed -n 's/^ *"uuid": *"\([0-9a-f-]\{36\}\)".*/\1/p' <<< "$out")
    [ -n "$out" ] || { echo "$1 $2: no uuid in the reply" >&2; exit 1; }
    echo "$out"
}
vm_mac() { printf '02:00:%02x:%02x:00:%02x' $(($1 >> 8)) $(($1 & 255)) "$2"; }

tm=$(now_ms)
tenant=$(api POST /v1/tenants '{"name":"ovl-scale"}')
nets=()
for k in $(seq 0 $((networks - 1))); do
    nets+=("$(api POST /v1/networks "{\"tenant_uuid\":\"$tenant\",\"name\":\"net$k\",\"vni\":$((5000 + k))}")")
done
for i in $(seq "$n"); do
    for j in $(seq "$vms"); do
        net=${nets[$(( (i * vms + j) % networks ))]}
        api POST /v1/ports "{\"network_uuid\":\"$net\",\"name\":\"hv$i-vm$j\",\"mac\":\"$(vm_mac "$i" "$j")\",\"binding\":{\"kind\":\"iface-id\",\"iface_id\":\"hv$i-vm$j\"}}" > /dev/null
    done
done
rss_m=$(rss)
echo "model: 1 tenant, $networks networks, $((n * vms)) iface-id ports POSTed in $(( $(now_ms) - tm )) ms; kumod RSS $rss0 -> $rss_m kB" >&2

go=$tmp/go
"$build/bin/kumo-bench" --tenant --topo "hv:$n" --hosts $((vms + 3)) \
    --tunnel-ports -c "127.0.0.1:$of_port" --api "127.0.0.1:$api_port" \
    --ctl "$tmp/kumod.ctl" --pid "$kpid" --posts 0 --wait-file "$go" \
    --timeout 600000 --json -q > "$tmp/bench.out" 2> "$tmp/bench.err" &
bpid=$!
for _ in $(seq 1200); do
    [ -e "$go.ready" ] && break
    kill -0 "$bpid" 2>/dev/null || break
    sleep 0.1
done
[ -e "$go.ready" ] || { cat "$tmp/bench.err" >&2; echo "kumo-bench did not settle" >&2; exit 1; }
rss_b=$(rss)
echo "OpenFlow: $n emulated br-ints connected and settled (plain pipeline); kumod RSS $rss_m -> $rss_b kB" >&2

t0=$(now_ms)
for i in $(seq "$n"); do
    code=$(curl -sS -m 20 -o /dev/null -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' \
        --data-binary "{\"name\":\"hv$i\",\"ovsdb_addr\":\"unix:$tmp/hv$i/db.sock\",\"tunnel_ip\":\"198.18.$((i / 250)).$((i % 250 + 1))\",\"encaps\":[\"vxlan\",\"geneve\",\"gre\"]}" \
        "http://127.0.0.1:$api_port/v1/chassis")
    [ "$code" = 201 ] || { echo "POST chassis hv$i: HTTP $code" >&2; exit 1; }
done
t1=$(now_ms)
touch "$go"
c=0
for _ in $(seq 1200); do
    c=$(converged)
    [ "$c" = "$n" ] && break
    sleep 0.1
done
t2=$(now_ms)
[ "$c" = "$n" ] || { echo "only $c of $n chassis converged" >&2; exit 1; }

# What ovs-vswitchd (datapath_id, ofport) and the hypervisor (VIFs) do.
set_ok=0
for i in $(seq "$n"); do
    args=(set Bridge br-int "datapath_id=\"$(printf %016x "$i")\""
          -- set Interface kumo-vxlan ofport=$((vms + 1))
          -- set Interface kumo-geneve ofport=$((vms + 2))
          -- set Interface kumo-gre ofport=$((vms + 3)))
    for j in $(seq "$vms"); do
        args+=(-- add-port br-int "vm$j" -- set Interface "vm$j" "ofport=$j"
               "external_ids:iface-id=hv$i-vm$j"
               "external_ids:attached-mac=\"$(vm_mac "$i" "$j")\"")
    done
    if vsctl "$i" "${args[@]}" 2>> "$tmp/vsctl.err"; then
        set_ok=$((set_ok + 1))
    fi
done
t3=$(now_ms)
touch "$go.done"
[ "$set_ok" = "$n" ] || { echo "ovs-vsctl failed on $((n - set_ok)) of $n hypervisors:" >&2; tail -n 3 "$tmp/vsctl.err" >&2; exit 1; }
wait "$bpid" || true
bpid=
t4=$(now_ms)
rss_e=$(rss)
c_end=$(converged)
sed 's/^/  /' "$tmp/bench.err" >&2
line=$(cat "$tmp/bench.out")
[ -n "$line" ] || { echo "kumo-bench failed" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9.]*\).*/\1/p" <<< "$line"; }
to=$(sed -n 's/.*"timed_out":"\([^"]*\)".*/\1/p' <<< "$line")
[ -z "$to" ] || { echo "kumo-bench timed out in: $to" >&2; exit 1; }
echo "chassis: $n POSTed in $((t1 - t0)) ms; all converged $((t2 - t1)) ms after the last POST;" \
     "datapath_id + tunnel ofports + $vms VIFs written on all in $((t3 - t2)) ms more"
echo "overlay: every br-int synchronised with tun_dst actions and quiet" \
     "$(field overlay_ms) ms after the last chassis POST ($(field overlay_mods) mods);" \
     "per br-int $(field ov_flows_min)-$(field ov_flows_max) flows," \
     "$(field ov_groups_min)-$(field ov_groups_max) groups," \
     "$(field ov_tun_min)-$(field ov_tun_max) tun_dst actions;" \
     "$c_end of $n chassis still converged at the end"
echo "kumod RSS: $rss0 kB empty, $rss_m kB with the model, $rss_b kB with $n plain sessions," \
     "$rss_e kB at the end: $(( (rss_e - rss_m) / n )) kB per hypervisor (OVSDB + OpenFlow)," \
     "$(( (rss_e - rss0) / n )) kB per hypervisor with its share of the model"
echo "$line"
if grep -qiE '\|(err|warn)\|' "$tmp/kumod.log"; then
    echo "kumod log:" >&2
    grep -iE '\|(err|warn)\|' "$tmp/kumod.log" | tail -n 5 | sed 's/^/  /' >&2
fi
