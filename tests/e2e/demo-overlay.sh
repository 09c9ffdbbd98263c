#!/usr/bin/env bash
# demo-overlay.sh - the newcomer's tour of Kumo's overlays: two tenants
# across three emulated hypervisors, driven only through kumod's REST API
# and kumoctl, then cleaned up.
#
# Each "hypervisor" is a network namespace with its own ovsdb-server and
# ovs-vswitchd (userspace datapath) and an underlay NIC on a shared
# underlay bridge; nothing is configured on it by hand except that
# underlay (tests/e2e/lib.sh, e2e_hv_start). Then, as an operator and an
# orchestrator would:
#   1. kumod starts (REST API on a free loopback port);
#   2. the three hypervisors are registered (kumoctl chassis add, i.e.
#      POST /v1/chassis): kumod
#      creates br-int, its controller and the VXLAN/Geneve tunnel ports on
#      each over OVSDB (kumoctl chassis shows them);
#   3. tenants "acme" and "globex" each get a network "web" with the SAME
#      subnet 198.19.10.0/24, and ports bound to interface ids;
#   4. VMs are plugged into br-int with those interface ids (what
#      Nova/libvirt do), and kumod binds them;
#   5. pings: every acme VM reaches the others across hypervisors, globex
#      likewise on the same addresses, and neither sees the other.
# Everything is removed at the end (also on Ctrl-C or an error).
#
# Usage (root, after "make"):
#   sudo KUMO_BUILD=$PWD/build tests/e2e/demo-overlay.sh [keep]
# "keep" leaves the demo running and prints how to look around and how to
# remove it.
set -euo pipefail
KEEP=${1:-}
[ "$KEEP" != keep ] || export KUMO_E2E_KEEP=1
. "$(dirname "$0")/lib.sh"
e2e_init demo-overlay
e2e_kumod_bin
KUMOCTL=$KUMO_BUILD/bin/kumoctl

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# run CMD...: show a command, then run it.
run() { printf '$ %s\n' "$*" | sed "s|$E2E_DIR|\$STATE|g; s|$KUMO_BUILD/bin/||g"; "$@"; }
kumoctl() { "$KUMOCTL" --api "$E2E_API" "$@"; }

say "Three hypervisors: hv1, hv2, hv3 (namespaces $E2E_PREFIX-hvN, each its own ovsdb-server + ovs-vswitchd, tunnel IPs $E2E_UL_NET.1-3)"
for i in 1 2 3; do e2e_hv_start "hv$i" "$i"; done

say "kumod: fabric forwarding, REST API, chassis manager"
e2e_kumod_overlay_conf "$E2E_DIR/kumod.conf"
sed 's/^/    /' "$E2E_DIR/kumod.conf"
e2e_kumod_api_start "$E2E_DIR/kumod.conf"
echo "kumod is up; its API is $E2E_API (export KUMO_API=$E2E_API for kumoctl)"

say "Register the hypervisors (kumoctl chassis add = POST /v1/chassis)"
for i in 1 2 3; do
    run kumoctl chassis add "hv$i" --ovsdb "unix:$E2E_DIR/hv$i/db.sock" \
        --tunnel-ip "$E2E_UL_NET.$i" --encaps vxlan,geneve
done
for i in 1 2 3; do e2e_wait_chassis "hv$i" 30; done
say "kumod configured br-int, its controller and the tunnel ports on each"
run "$KUMOCTL" --ctl "$E2E_CTL_SOCK" chassis
echo "(hv1's Open vSwitch, as the hypervisor sees it:)"
e2e_ovs hv1 ovs-vsctl show | sed 's/^/    /'

say "Two tenants, each with a network \"web\" on the same subnet 198.19.10.0/24"
run kumoctl tenant create acme
run kumoctl tenant create globex
run kumoctl network create acme web --vni 5001
run kumoctl network create globex web --vni 5002
declare -A HV=([acme1]=hv1 [acme2]=hv2 [acme3]=hv3 [globex1]=hv1 [globex2]=hv3)
declare -A IP=([acme1]=198.19.10.1 [acme2]=198.19.10.2 [acme3]=198.19.10.3
               [globex1]=198.19.10.1 [globex2]=198.19.10.2)
for vm in acme1 acme2 acme3 globex1 globex2; do
    run kumoctl port create web --tenant "${vm%[0-9]}" --name "$vm" --iface-id "vif-$vm" >/dev/null
done
run kumoctl port list

say "Plug the VMs into br-int with their interface ids (as Nova/libvirt do)"
i=0
for vm in acme1 acme2 acme3 globex1 globex2; do
    i=$((i + 1))
    printf '%s on %s: ovs-vsctl add-port br-int %s -- set interface %s external_ids:iface-id=vif-%s external_ids:attached-mac=%s\n' \
        "$vm" "${HV[$vm]}" "$vm" "$vm" "$vm" "$(e2e_mac 10 "$i")"
    e2e_vm_add "$vm" "${IP[$vm]}/24" "${HV[$vm]}" "$(e2e_mac 10 "$i")" "vif-$vm"
done
vifs5() { [ "$(e2e_kumoctl --json chassis | e2e_json 'sum(len(c["vifs"]) for c in R)')" = 5 ]; }
e2e_wait_until 20 "kumod sees the 5 VM interfaces" vifs5
run "$KUMOCTL" --ctl "$E2E_CTL_SOCK" chassis

say "Pings across hypervisors (VXLAN/Geneve tunnels, one VNI per network)"
# vping VM IP: ping from VM (namespace $E2E_PREFIX-VM), show the summary.
vping() {
    local out
    printf '%s (%s) -> %s: ' "$1" "${HV[$1]}" "$2"
    e2e_poll 15 e2e_exec "$1" ping -q -n -c 1 -W 1 "$2" || true
    out=$(e2e_exec "$1" ping -q -n -c 3 -i 0.2 -W 1 "$2" 2>&1 | grep -E 'packets transmitted' || true)
    echo "${out:-no answer}"
}
vping acme1 198.19.10.2
vping acme1 198.19.10.3
vping acme3 198.19.10.2
vping globex1 198.19.10.2
vping globex2 198.19.10.1
say "Isolation: globex has no 198.19.10.3; acme3 has, on the same hypervisor as globex2, which cannot reach it"
printf 'globex2 (hv3) -> 198.19.10.3: '
if e2e_exec globex2 ping -q -n -c 2 -W 1 198.19.10.3 >/dev/null 2>&1; then
    echo "ANSWERED (isolation broken!)"
else
    echo "no answer (as expected)"
fi

if [ "$KEEP" = keep ]; then
    say "Left running. Look around:"
    echo "  export KUMO_API=$E2E_API"
    echo "  $KUMOCTL tenant list; $KUMOCTL port list; $KUMOCTL --ctl $E2E_CTL_SOCK chassis"
    echo "  ip netns exec $E2E_PREFIX-acme1 ping 198.19.10.3"
    echo "  OVS_RUNDIR=$E2E_DIR/hv1 ovs-ofctl -O OpenFlow13 dump-flows br-int"
    echo "Remove it all with:"
    echo "  bash -c '. $E2E_HERE/lib.sh; E2E_DIR=$E2E_DIR; e2e_teardown'"
    exit 0
fi
say "Cleaning up (kumod, 3 hypervisors, 5 VMs, the underlay)"
e2e_kumod_stop
e2e_pass
