#!/usr/bin/env bash
# test-overlay-join.sh - overlay networks while hypervisors come and go,
# and driven through the Stratosphere SSP API (issue 6, item 7).
#
# Three hypervisors (namespace + ovsdb-server + ovs-vswitchd each, underlay
# bridge br-phy) registered through the REST API with all three
# encapsulations; tenant A's network A1 has VMs a1@hv1, a2@hv2, a3@hv3
# bound by iface-id (198.19.1.1-3/16).
#
# 1. A fourth hypervisor joins at run time: hv4 is started, registered
#    with "kumoctl chassis add" (VXLAN only), kumod configures it; VM a4@hv4 joins A1 and every pair
#    of a1..a4 pings; the other hypervisors got flows towards hv4's tunnel
#    IP.
# 2. hv4 leaves: "kumoctl chassis delete hv4"; kumod withdraws
#    from it (tunnel port, controller), every flow towards its tunnel IP
#    disappears from hv1..hv3, a4 reaches nobody, a1..a3 still ping; then
#    hv4 is shut down.
# 3. The SSP sequence, as CloudStack drives it: login (a wrong password
#    is 401, a call without the cookie is 401), a tenant network, three
#    tenant ports, VifAttachment of port p0 and s1 to hv1's tunnel IP and
#    s3 to hv3's: the answers' vlan_id are local to each hypervisor (hv1
#    gives p0 and s1 different ids; s3's id on hv3 is independent). VMs
#    s1@hv1 and s3@hv3 sit behind access bridges tagging their frames with
#    those ids and use A1's addresses (198.19.1.1, .3): they ping each
#    other across the overlay; they do not reach A1's a2 (.2); no A1 VM
#    captures a frame of theirs and vice versa; the access bridges do not
#    count as underlay (no MTU error); s3 detached is cut off.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init overlay-join
e2e_kumod_bin
E2E_DUMP_HOOKS=(e2e_dump_fabric)
for t in curl tcpdump; do
    command -v "$t" >/dev/null || e2e_skip "$t not installed"
done
e2e_kumod_has_forwarding fabric || e2e_fail "kumod does not accept forwarding = fabric"

for i in 1 2 3; do e2e_hv_start "hv$i" "$i"; done
e2e_kumod_overlay_conf "$E2E_DIR/kumod.conf" "ssp_username = cloudstack" \
    "ssp_password = ssp-e2e-password"
e2e_kumod_api_start "$E2E_DIR/kumod.conf"
for hv in hv1 hv2 hv3; do e2e_chassis_register "$hv" vxlan geneve gre; done
for hv in hv1 hv2 hv3; do e2e_wait_chassis "$hv" 30; done

declare -A IP=([a1]=198.19.1.1 [a2]=198.19.1.2 [a3]=198.19.1.3 [a4]=198.19.1.4
               [s1]=198.19.1.1 [s3]=198.19.1.3)
declare -A MAC=([a1]=$(e2e_mac 2 1) [a2]=$(e2e_mac 2 2) [a3]=$(e2e_mac 2 3)
                [a4]=$(e2e_mac 2 4) [s1]=$(e2e_mac 2 11) [s3]=$(e2e_mac 2 13))
TA=$(e2e_tenant A)
A1=$(e2e_network "$TA" A1)
for vm in a1 a2 a3 a4; do e2e_iface_port "$A1" "$vm" "vif-$vm" >/dev/null; done
for i in 1 2 3; do e2e_vm_add "a$i" "${IP[a$i]}/16" "hv$i" "${MAC[a$i]}" "vif-a$i"; done
e2e_capture_start a1 a2 a3
pairs() { local vm; for vm in "$@"; do echo "$vm:${IP[$vm]}"; done; }
# shellcheck disable=SC2046  # one pair per word
e2e_ping_all $(pairs a1 a2 a3)

# towards HV TUNNEL_IP: how many flows and group buckets of HV's br-int
# send to TUNNEL_IP.
towards() { e2e_br_tables "$1" | grep -o -- "$2->tun_dst" | wc -l; }
towards_all_gt0() { local hv; for hv in hv1 hv2 hv3; do [ "$(towards "$hv" "$1")" -gt 0 ] || return 1; done; }
towards_all_0() { local hv; for hv in hv1 hv2 hv3; do [ "$(towards "$hv" "$1")" = 0 ] || return 1; done; }

# --- 1. hv4 joins at run time.
t0=$(e2e_now_ms)
e2e_hv_start hv4 4
e2e_kumoctl --api "$E2E_API" chassis add hv4 --ovsdb "unix:$E2E_DIR/hv4/db.sock" \
    --tunnel-ip "$(e2e_hv_ip hv4)" --encaps vxlan >&2
e2e_wait_chassis hv4 30
e2e_vm_add a4 "${IP[a4]}/16" hv4 "${MAC[a4]}" vif-a4
# shellcheck disable=SC2046
e2e_ping_all $(pairs a1 a2 a3 a4)
e2e_log "hv4 joined, a4 reached by all in $(( $(e2e_now_ms) - t0 )) ms from its start"
HV4=$(e2e_hv_ip hv4)
towards_all_gt0 "$HV4" || e2e_fail "some hypervisor has no flow towards hv4 ($HV4)"

# --- 2. hv4 leaves.
e2e_kumoctl --api "$E2E_API" chassis delete hv4 >&2
e2e_wait_until 15 "hv4's tunnel port withdrawn" \
    eval '! e2e_vsctl hv4 list-ports br-int | grep -q "^kumo-"'
e2e_wait_until 15 "hv4's controller withdrawn" eval '[ -z "$(e2e_vsctl hv4 get-controller br-int)" ]'
e2e_wait_until 15 "no flow towards hv4 ($HV4) left on hv1..hv3" towards_all_0 "$HV4"
e2e_no_ping a4 "${IP[a1]}"
# shellcheck disable=SC2046
e2e_ping_all $(pairs a1 a2 a3)
e2e_hv_stop hv4
# shellcheck disable=SC2046
e2e_ping_all $(pairs a1 a2 a3)
e2e_log "hv4 left: withdrawn there, forgotten elsewhere; A1 on hv1..hv3 still works"

# --- 3. The SSP API.
e2e_api 401 POST /ws.v1/login "form:username=cloudstack&password=wrong"
e2e_api 200 POST /ws.v1/login "form:username=cloudstack&password=ssp-e2e-password"
grep -q kumo_ssp_session "$E2E_DIR/ssp.jar" || e2e_fail "no session cookie after login"
e2e_api 201 POST /ssp.v1/tenant-networks '{"name":"guest","tenant_uuid":"5a3f6d0e-1111-4222-8333-444455556666"}'
SN=$(e2e_api_get 'R["uuid"]')
ssp_port() {
    e2e_api 201 POST /ssp.v1/tenant-ports "{\"network_uuid\":\"$SN\",\"attachment_type\":\"NoAttachment\"}"
    e2e_api_get 'R["uuid"]'
}
P0=$(ssp_port); S1=$(ssp_port); S3=$(ssp_port)
attach() {
    e2e_api 200 PUT "/ssp.v1/tenant-ports/$1" \
        "{\"attachment_type\":\"VifAttachment\",\"attachment_ip_address\":\"$(e2e_hv_ip "$2")\"}"
    e2e_api_get 'R["vlan_id"]'
}
V0=$(attach "$P0" hv1); V1=$(attach "$S1" hv1); V3=$(attach "$S3" hv3)
[[ $V1 =~ ^[0-9]+$ && $V3 =~ ^[0-9]+$ ]] || e2e_fail "vlan_id not an integer: '$V1' '$V3'"
[ "$V0" != "$V1" ] || e2e_fail "two ports on hv1 got the same vlan_id $V1"
e2e_log "SSP: network $SN, ports attached: p0 hv1 vlan $V0, s1 hv1 vlan $V1, s3 hv3 vlan $V3"
# Without the cookie: 401.
mv "$E2E_DIR/ssp.jar" "$E2E_DIR/ssp.jar.saved"
e2e_api 401 POST /ssp.v1/tenant-ports "{\"network_uuid\":\"$SN\",\"attachment_type\":\"NoAttachment\"}"
mv "$E2E_DIR/ssp.jar.saved" "$E2E_DIR/ssp.jar"

e2e_vm_access_add s1 "${IP[s1]}/16" hv1 "$V1" "${MAC[s1]}"
e2e_vm_access_add s3 "${IP[s3]}/16" hv3 "$V3" "${MAC[s3]}"
e2e_capture_start s1 s3
# shellcheck disable=SC2046
e2e_ping_all $(pairs s1 s3)
e2e_no_ping s1 "${IP[a2]}"
e2e_no_ping s3 "${IP[a2]}"
e2e_log "SSP VMs s1@hv1 (VLAN $V1) and s3@hv3 (VLAN $V3) ping each other, not A1"

# Isolation by capture: A1 and the SSP network never see each other.
check_cap() {
    local vm=$1 out; shift
    out=$(e2e_capture_foreign "$vm" "$@")
    [ "$(wc -l <<< "$out")" = 1 ] || e2e_fail "VM $vm received foreign frames: $(head -n -1 <<< "$out")"
    [ "$(tail -n 1 <<< "$out")" -gt 0 ] || e2e_fail "VM $vm captured nothing"
}
sleep 0.5
for vm in a1 a2 a3; do check_cap "$vm" "${MAC[a1]}" "${MAC[a2]}" "${MAC[a3]}" "${MAC[a4]}"; done
for vm in s1 s3; do check_cap "$vm" "${MAC[s1]}" "${MAC[s3]}"; done
e2e_log "captures: no frame crossed between A1 and the SSP network"

# The access bridges (VM-side, MTU 1500, patched to br-int) are not the
# underlay: the chassis keep reporting br-phy's 9000 and no MTU error.
for hv in hv1 hv3; do
    [ "$(e2e_chassis "$hv" 'c["underlay_mtu"]')" = 9000 ] && [ "$(e2e_chassis "$hv" 'c["mtu_error"]')" = None ] \
        || e2e_fail "$hv: underlay MTU $(e2e_chassis "$hv" 'c["underlay_mtu"]'), MTU error '$(e2e_chassis "$hv" 'c["mtu_error"]')' once a VM-side access bridge is patched to br-int (its 1500-byte ports are taken for the underlay)"
done

# Detach s3: it is cut off; delete the ports and the network.
e2e_api 200 PUT "/ssp.v1/tenant-ports/$S3" '{"attachment_type":"NoAttachment"}'
e2e_wait_until 15 "s3 cut off after detach" eval "! e2e_exec s1 ping -q -n -c 1 -W 1 ${IP[s3]}"
for p in "$P0" "$S1" "$S3"; do e2e_api 204 DELETE "/ssp.v1/tenant-ports/$p"; done
e2e_api 204 DELETE "/ssp.v1/tenant-networks/$SN"

e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
