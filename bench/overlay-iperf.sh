#!/usr/bin/env bash
# overlay-iperf.sh - TCP throughput across a Kumo-managed tunnel vs the
# same tunnel with hand-installed flows (issue 6, item 8), in one run.
#
# Two hypervisors built with the e2e harness (tests/e2e/lib.sh: each its
# own namespace, ovsdb-server and ovs-vswitchd with the userspace datapath,
# underlay bridge br-phy, MTU 9000), registered with kumod through the
# REST API with one encapsulation; kumod creates br-int and its tunnel
# port. One tenant network (VNI 5001), VM v1 on hv1 and v2 on hv2 bound by
# iface-id. Then ROUNDS rounds, each:
#   kumo: iperf3 v1 -> v2 for SECONDS through the flows kumod installed;
#   hand: the same with hand-installed flows (ovs-ofctl add-flow, cookie
#         0x1, priority 65000 in table 0, above everything kumod has):
#           in_port=VM  -> set_field:PEER->tun_dst, set_field:5001->tun_id,
#                          output:kumo-ENCAP
#           in_port=kumo-ENCAP, tun_id=5001 -> output:VM
#         then removed again (del-flows cookie=0x1/-1). kumod keeps
#         running: it never removes flows it does not own.
# The two kinds alternate so that machine load hits both alike. Prints
# every run, the medians and the ratio kumo/hand, and one line
# "OVERLAY IPERF ..." to quote.
#
# Usage (root): bench/overlay-iperf.sh [ROUNDS=5] [SECONDS=5] [ENCAP=vxlan]
#   KUMO_BUILD=DIR   kumod/kumoctl build (default ./build)
#   hand-only: ENCAP given as "vxlan:hand" skips the Kumo runs (checks the
#              testbed alone, before Kumo forwards overlays).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$HERE/../tests/e2e/lib.sh"
ROUNDS=${1:-5}
SECS=${2:-5}
ENCAP=${3:-vxlan}
MODES="kumo hand"
case $ENCAP in *:hand) ENCAP=${ENCAP%:hand}; MODES=hand ;; esac
case $ENCAP in vxlan|geneve|gre) ;; *) echo "ENCAP: vxlan, geneve or gre" >&2; exit 2 ;; esac
e2e_init overlay-iperf
e2e_kumod_bin
command -v iperf3 >/dev/null || e2e_skip "iperf3 not installed"
command -v curl >/dev/null || e2e_skip "curl not installed"

e2e_hv_start hv1 1
e2e_hv_start hv2 2
e2e_kumod_overlay_conf "$E2E_DIR/kumod.conf"
e2e_kumod_api_start "$E2E_DIR/kumod.conf"
e2e_chassis_register hv1 "$ENCAP"
e2e_chassis_register hv2 "$ENCAP"
e2e_wait_chassis hv1
e2e_wait_chassis hv2
T=$(e2e_tenant bench)
N=$(e2e_network "$T" net 5001)
e2e_iface_port "$N" v1 vif-v1 >/dev/null
e2e_iface_port "$N" v2 vif-v2 >/dev/null
e2e_vm_add v1 198.19.0.1/24 hv1 "$(e2e_mac 0 1)" vif-v1
e2e_vm_add v2 198.19.0.2/24 hv2 "$(e2e_mac 0 2)" vif-v2

ofport() { e2e_vsctl "$1" get Interface "$2" ofport; }
# hand_on HV VM PEER_HV: the hand-made flows of HV.
hand_on() {
    local hv=$1 vm=$2 peer tun port
    peer=$(e2e_hv_ip "$3")
    tun=$(ofport "$hv" "kumo-$ENCAP")
    port=$(ofport "$hv" "$vm")
    e2e_ofctl "$hv" add-flow br-int \
        "cookie=0x1,table=0,priority=65000,in_port=$port,actions=set_field:$peer->tun_dst,set_field:5001->tun_id,output:$tun"
    e2e_ofctl "$hv" add-flow br-int \
        "cookie=0x1,table=0,priority=65000,in_port=$tun,tun_id=5001,actions=output:$port"
}
hand_off() { e2e_ofctl "$1" del-flows br-int cookie=0x1/-1; }
kumo_flows() { e2e_ofctl "$1" dump-flows br-int | grep -c 'cookie=0x4b55' || true; }

declare -A RES=([kumo]="" [hand]="")
for r in $(seq "$ROUNDS"); do
    for m in $MODES; do
        if [ "$m" = hand ]; then hand_on hv1 v1 hv2; hand_on hv2 v2 hv1; fi
        e2e_wait_ping v1 198.19.0.2 30
        mbps=$(e2e_iperf v1 v2 198.19.0.2 "$SECS")
        if [ "$m" = hand ]; then
            # The hand flows carried it (their packet counters moved).
            n=$(e2e_ofctl hv1 dump-flows br-int cookie=0x1/-1 | grep -o 'n_packets=[0-9]*' \
                | cut -d= -f2 | sort -n | tail -n 1)
            [ "${n:-0}" -gt 1000 ] || e2e_fail "hand flows carried only ${n:-0} packets"
            hand_off hv1; hand_off hv2
        fi
        RES[$m]="${RES[$m]} $mbps"
        e2e_log "round $r $m: $mbps Mbit/s"
    done
done
if [[ " $MODES " == *" kumo "* ]]; then
    for hv in hv1 hv2; do
        [ "$(kumo_flows "$hv")" -gt 0 ] || e2e_fail "$hv: no Kumo flow on br-int"
    done
fi

median() { tr ' ' '\n' | awk NF | sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
mk=$(median <<< "${RES[kumo]}")
mh=$(median <<< "${RES[hand]}")
echo "kumo runs (Mbit/s):${RES[kumo]:- none}"
echo "hand runs (Mbit/s):${RES[hand]}"
if [ -n "$mk" ]; then
    ratio=$(awk -v a="$mk" -v b="$mh" 'BEGIN { printf "%.2f", a / b }')
    echo "OVERLAY IPERF $ENCAP: Kumo-managed median $mk Mbit/s, hand-installed median $mh Mbit/s, ratio $ratio ($ROUNDS rounds x ${SECS} s, alternating)"
else
    echo "OVERLAY IPERF $ENCAP: hand-installed median $mh Mbit/s ($ROUNDS runs x ${SECS} s)"
fi
e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
