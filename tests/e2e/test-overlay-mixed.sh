#!/usr/bin/env bash
# test-overlay-mixed.sh - a mixed network (issue 6, item 5): one tenant
# network with ports on a physical OpenFlow switch and on hypervisors,
# bridged at the gateway, with real Open vSwitch.
#
# Two hypervisors (namespace + ovsdb-server + ovs-vswitchd each, underlay
# bridge br-phy, VXLAN): hv1 is the gateway, its br-int cabled (veth) to
# port 10 of physical switch s1 (own namespace and ovs-vswitchd, OpenFlow
# 1.3, controller kumod; LLDP finds the link); hv2 is tunnel-only.
#   N1 (tenant A): h1 on s1 port 1 (switch-port binding), v1@hv1 and
#                  v2@hv2 (iface-id): 198.19.1.1-3/16;
#   N2 (tenant B): g1 on s1 port 2 (switch-port binding), w2@hv2
#                  (iface-id): the same addresses as h1 and v2.
# Checks: kumod sees 3 switches and 1 link; every N1 pair pings (h1 <->
# v2 crosses s1, the gateway and the tunnel); the N2 pair pings; no frame
# crosses between N1 and N2 (captures); one ARP request from each of h1,
# v1, v2 reaches every other N1 endpoint exactly once (and not g1, w2);
# hv2 tunnels frames for h1 to the gateway's tunnel IP (dump-flows).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init overlay-mixed
e2e_kumod_bin
E2E_DUMP_HOOKS=(e2e_dump_fabric)
for t in curl tcpdump python3; do
    command -v "$t" >/dev/null || e2e_skip "$t not installed"
done
e2e_kumod_has_forwarding fabric || e2e_fail "kumod does not accept forwarding = fabric"

declare -A IP=([h1]=198.19.1.1 [v1]=198.19.1.2 [v2]=198.19.1.3
               [g1]=198.19.1.1 [w2]=198.19.1.3)
declare -A MAC=([h1]=$(e2e_mac 3 1) [v1]=$(e2e_mac 3 2) [v2]=$(e2e_mac 3 3)
                [g1]=$(e2e_mac 3 11) [w2]=$(e2e_mac 3 13))
S1_DPID=51

# The physical switch and its hosts.
e2e_switches_start OpenFlow13 "s1:s1:$S1_DPID"
e2e_host_wire h1 "${IP[h1]}/16" s1 s1 1 "${MAC[h1]}"
e2e_host_wire g1 "${IP[g1]}/16" s1 s1 2 "${MAC[g1]}"
e2e_ports_commit

# The hypervisors and kumod.
for i in 1 2; do e2e_hv_start "hv$i" "$i"; done
e2e_kumod_overlay_conf "$E2E_DIR/kumod.conf"
e2e_kumod_api_start "$E2E_DIR/kumod.conf"
for hv in hv1 hv2; do e2e_chassis_register "$hv" vxlan; done
for hv in hv1 hv2; do e2e_wait_chassis "$hv" 30; done

# The cable: hv1's br-int port 10 <-> s1 port 10.
e2e_link hv1 br-int s1 s1 10 10
e2e_set_controllers "tcp:$E2E_CTL_IP:$E2E_OF_PORT" s1:s1
e2e_wait_kumod_switch "$S1_DPID"
e2e_wait_topology 3 1 30
e2e_log "s1 + 2 br-ints, link s1:10 <-> hv1 br-int:10 discovered"

# Tenants, networks, ports.
TA=$(e2e_tenant A); TB=$(e2e_tenant B)
N1=$(e2e_network "$TA" N1); N2=$(e2e_network "$TB" N2)
sp_port() {
    e2e_api 201 POST /v1/ports "{\"network_uuid\":\"$1\",\"name\":\"$2\",\"mac\":\"${MAC[$2]}\",\"binding\":{\"kind\":\"switch-port\",\"dpid\":\"0x$S1_DPID\",\"port_no\":$3}}"
}
sp_port "$N1" h1 1
sp_port "$N2" g1 2
for vm in v1 v2; do e2e_iface_port "$N1" "$vm" "vif-$vm" >/dev/null; done
e2e_iface_port "$N2" w2 vif-w2 >/dev/null
e2e_vm_add v1 "${IP[v1]}/16" hv1 "${MAC[v1]}" vif-v1
e2e_vm_add v2 "${IP[v2]}/16" hv2 "${MAC[v2]}" vif-v2
e2e_vm_add w2 "${IP[w2]}/16" hv2 "${MAC[w2]}" vif-w2

all=(h1 v1 v2 g1 w2)
e2e_capture_start "${all[@]}"
pairs() { local h; for h in "$@"; do echo "$h:${IP[$h]}"; done; }
# shellcheck disable=SC2046  # one pair per word
e2e_ping_all $(pairs h1 v1 v2)
# shellcheck disable=SC2046
e2e_ping_all $(pairs g1 w2)
e2e_log "N1 (s1 host, gateway VM, tunnel-only VM) and N2 (s1 host, VM) ping"

# One broadcast from each N1 endpoint (s1 host, gateway VM, tunnel-only
# VM): every other N1 endpoint gets exactly one copy, the sender and N2
# none.
arp_once() {
    local sender=$1 target=$2 out h n bad=""
    out=$(e2e_arp_copies "$sender" "$target" "${all[@]}")
    e2e_log "ARP copies of one request from $sender: $(tr '\n' ' ' <<< "$out")"
    while read -r h n; do
        case $h in
        "$sender"|g1|w2) [ "$n" = 0 ] || bad="$bad $h:$n(want 0)" ;;
        *) [ "$n" = 1 ] || bad="$bad $h:$n(want 1)" ;;
        esac
    done <<< "$out"
    [ -z "$bad" ] || e2e_fail "broadcast from $sender: copies wrong:$bad"
}
arp_once h1 198.19.200.1
arp_once v1 198.19.200.2
arp_once v2 198.19.200.3

# The tunnel-only hypervisor sends fabric destinations to the gateway:
# hv2's br-int has a flow towards h1's MAC tunnelled to hv1's IP.
HV1=$(e2e_hv_ip hv1)
e2e_ofctl hv2 dump-flows br-int | grep -i "dl_dst=${MAC[h1]}" | grep -q "$HV1->tun_dst" \
    || e2e_fail "hv2's br-int has no flow sending ${MAC[h1]} to the gateway ($HV1): $(e2e_ofctl hv2 dump-flows br-int | grep -i "${MAC[h1]}")"

# Isolation by capture: N1 and N2 never see each other's frames.
check_cap() {
    local h=$1 out; shift
    out=$(e2e_capture_foreign "$h" "$@")
    [ "$(wc -l <<< "$out")" = 1 ] || e2e_fail "$h received foreign frames: $(head -n -1 <<< "$out")"
    [ "$(tail -n 1 <<< "$out")" -gt 0 ] || e2e_fail "$h captured nothing"
}
sleep 0.5
for h in h1 v1 v2; do check_cap "$h" "${MAC[h1]}" "${MAC[v1]}" "${MAC[v2]}"; done
for h in g1 w2; do check_cap "$h" "${MAC[g1]}" "${MAC[w2]}"; done
e2e_log "captures: no frame crossed between N1 and N2"

e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
