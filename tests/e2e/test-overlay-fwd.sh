#!/usr/bin/env bash
# test-overlay-fwd.sh - overlay forwarding across two real hypervisors.
# Two hypervisors, each its own namespace with ovsdb-server + ovs-vswitchd
# (userspace datapath); their underlay bridges br-phy (198.18.0.1, .2)
# are joined by one veth with MTU 9000. kumod configures br-int and the
# flow-based VXLAN port on each over OVSDB (chassis registered through the
# REST API), learns the VM interfaces (iface-id), and compiles overlay
# forwarding: two tenants with the SAME IP addresses and MACs, one VM of
# each on each hypervisor, ports bound by iface-id. Checked: each tenant's
# VMs ping each other across the tunnel; the other tenant's VM with the
# same addresses never sees a frame (interface counters); br-int's flows
# set tun_id (the VNI) and tun_dst as Open vSwitch shows them
# (ovs-ofctl dump-flows), and the VXLAN port carried the traffic.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init overlay-fwd
e2e_kumod_bin
command -v curl >/dev/null || e2e_skip "curl not installed"

OUT=$E2E_DIR/resp
call() {
    local want=$1 method=$2 path=$3 body=${4-} a=() code
    [ -n "$body" ] && a=(-H 'Content-Type: application/json' --data-binary "$body")
    code=$(curl -sS -m 20 -o "$OUT" -w '%{http_code}' -X "$method" "${a[@]}" \
        "$API$path") || code=000
    [ "$code" = "$want" ] || e2e_fail "$method $path $body: HTTP $code, expected $want: $(cat "$OUT" 2>/dev/null)"
}
uuid() { e2e_json 'R["uuid"]' < "$OUT"; }
chf() {
    e2e_kumoctl --json chassis | e2e_json \
        "(lambda l: (lambda c: $2)(l[0]) if l else None)([x for x in R if x['name'] == '$1'])"
}
ch_true() { [ "$(chf "$1" "$2")" = True ]; }

# --- Two hypervisors with an underlay between them.
for i in 1 2; do
    e2e_ovs_start "hv$i"
    e2e_mgmt_attach "hv$i"
done
e2e_veth hv1 ul0 hv2 ul0
for i in 1 2; do
    hv=hv$i
    e2e_exec "$hv" ip link set ul0 mtu 9000
    e2e_exec "$hv" ip link set ul0 arp off
    e2e_bridge_add "$hv" br-phy "$((0xf0 + i))"
    e2e_vsctl "$hv" set bridge br-phy fail-mode=standalone
    e2e_port_add "$hv" br-phy ul0
    e2e_exec "$hv" ip addr add "198.18.0.$i/24" dev br-phy
    e2e_exec "$hv" ip link set br-phy mtu 9000 up
done

cat > "$E2E_DIR/kumod.conf" <<EOC
api = 127.0.0.1:0
db = $E2E_DIR/kumo.db
overlay_controller = tcp:$E2E_CTL_IP:$E2E_OF_PORT
EOC
e2e_kumod_start --config "$E2E_DIR/kumod.conf"
e2e_wait_until 5 "kumod's API address in its log" e2e_kumod_api_url
API=$(e2e_kumod_api_url)

for i in 1 2; do
    call 201 POST /v1/chassis "{\"name\":\"hv$i\",\"ovsdb_addr\":\"unix:$E2E_DIR/hv$i/db.sock\",\"tunnel_ip\":\"198.18.0.$i\",\"encaps\":[\"vxlan\"]}"
done
for i in 1 2; do
    e2e_wait_until 20 "hv$i converged" ch_true "hv$i" 'c["converged"] and c["synced"]'
    e2e_wait_ovs_connected "hv$i" br-int 0 30
done
e2e_log "two hypervisors configured, br-int connected"

# --- Two tenants, same addresses. VMs: (tenant, hypervisor) -> name.
MAC1=$(e2e_mac 1 1); MAC2=$(e2e_mac 1 2)
call 201 POST /v1/tenants '{"name":"A"}'; TA=$(uuid)
call 201 POST /v1/tenants '{"name":"B"}'; TB=$(uuid)
call 201 POST /v1/networks "{\"name\":\"net\",\"tenant_uuid\":\"$TA\",\"vni\":5001}"; NA=$(uuid)
call 201 POST /v1/networks "{\"name\":\"net\",\"tenant_uuid\":\"$TB\"}"; NB=$(uuid)
vm() {   # vm NAME HV OFPORT IP MAC NETWORK
    e2e_host_add "$1" "$4/24" "$2" br-int "$3" "$5"
    e2e_vsctl "$2" set Interface "$1" external_ids:iface-id="$1" \
        external_ids:attached-mac="$5"
    call 201 POST /v1/ports "{\"network_uuid\":\"$6\",\"name\":\"$1\",\"binding\":{\"kind\":\"iface-id\",\"iface_id\":\"$1\"}}"
}
vm a1 hv1 10 198.19.0.1 "$MAC1" "$NA"
vm a2 hv2 10 198.19.0.2 "$MAC2" "$NA"
vm b1 hv1 11 198.19.0.1 "$MAC1" "$NB"
vm b2 hv2 11 198.19.0.2 "$MAC2" "$NB"
e2e_log "tenants A and B, same IPs and MACs, one VM each on each hypervisor"

rx() { e2e_exec "$1" cat /sys/class/net/eth0/statistics/rx_packets; }

# --- Tenant A across the tunnel; tenant B's twins see nothing.
B1=$(rx b1); B2=$(rx b2)
e2e_wait_ping a1 198.19.0.2 30
e2e_wait_ping a2 198.19.0.1 10
[ "$(rx b1)" = "$B1" ] && [ "$(rx b2)" = "$B2" ] \
    || e2e_fail "tenant B's VMs received frames of tenant A: b1 $B1 -> $(rx b1), b2 $B2 -> $(rx b2)"
e2e_log "tenant A: a1 <-> a2 across the tunnel; b1, b2 received nothing"

# --- Tenant B the same way; tenant A sees nothing.
A1=$(rx a1); A2=$(rx a2)
e2e_wait_ping b1 198.19.0.2 20
e2e_wait_ping b2 198.19.0.1 10
[ "$(rx a1)" = "$A1" ] && [ "$(rx a2)" = "$A2" ] \
    || e2e_fail "tenant A's VMs received frames of tenant B: a1 $A1 -> $(rx a1), a2 $A2 -> $(rx a2)"
e2e_log "tenant B: b1 <-> b2 across the tunnel; a1, a2 received nothing"

# --- What Open vSwitch has: tun_id/tun_dst set_fields to the other side,
# classification by tun_id, and traffic on the VXLAN port.
F1=$(e2e_ofctl hv1 dump-flows br-int)
echo "$F1" > "$E2E_DIR/hv1-flows.txt"
grep -q 'set_field:0x1389->tun_id,set_field:198.18.0.2->tun_dst' <<< "$F1" \
    || e2e_fail "hv1: no flow setting tun_id 5001 and tun_dst 198.18.0.2 (see hv1-flows.txt)"
grep -q 'tun_id=0x1389,in_port=' <<< "$F1" || grep -q 'in_port=[0-9]*,tun_id=0x1389' <<< "$F1" \
    || e2e_fail "hv1: no classification of tun_id 5001 (see hv1-flows.txt)"
# (ovs-vswitchd writes interface statistics to its database every 5 s.)
vxlan_rx() {
    local n
    n=$(e2e_vsctl hv2 get Interface kumo-vxlan statistics:rx_packets 2>/dev/null)
    [ "${n:-0}" -gt 0 ]
}
e2e_poll 15 vxlan_rx || e2e_fail "hv2's kumo-vxlan received nothing in 15 s"
VX=$(e2e_vsctl hv2 get Interface kumo-vxlan statistics:rx_packets)
e2e_log "flows: tun_id 0x1389 + tun_dst 198.18.0.2 accepted by OVS; kumo-vxlan rx $VX"

# --- kumod restarted under traffic: the br-ints keep their flows (the
# first diff waits for the chassis manager's facts) and no ping is lost.
flows() { e2e_ofctl "$1" dump-flows br-int --no-stats | sort; }
FL1=$(flows hv1); FL2=$(flows hv2)
e2e_flow_start fa a1 198.19.0.2 0.02
e2e_flow_wait fa 20
e2e_kumod_stop
e2e_kumod_start --config "$E2E_DIR/kumod.conf"
e2e_wait_until 5 "kumod's API address in its log" e2e_kumod_api_url
API=$(e2e_kumod_api_url)
e2e_wait_ovs_connected hv1 br-int 1 30
e2e_wait_ovs_connected hv2 br-int 1 30
# Past the settle time, the hold and a full round.
e2e_wait_until 30 "both br-ints synchronised" eval \
    '[ "$(e2e_kumoctl --json counters | e2e_json "R.get(\"fabric\", {}).get(\"n_synced\")")" = 2 ]'
sleep 3
e2e_flow_stop fa
[ "$E2E_FLOW_LOST" = 0 ] || e2e_fail "kumod restart: $E2E_FLOW_LOST of $E2E_FLOW_SENT pings lost (gap $E2E_FLOW_GAP_MS ms)"
[ "$(flows hv1)" = "$FL1" ] && [ "$(flows hv2)" = "$FL2" ] \
    || { diff <(echo "$FL1") <(flows hv1) >&2 || true; e2e_fail "br-int flows changed across kumod's restart"; }
e2e_log "kumod restart: $E2E_FLOW_SENT pings, 0 lost, longest gap $E2E_FLOW_GAP_MS ms, flows unchanged"

e2e_kumod_check_log
e2e_pass
