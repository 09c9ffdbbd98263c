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
#    Then SSP ports on a network above 4094 (tunnels only): network "big"
#    is created in the SSP tenant through the native API with net_id 5000
#    (the SSP API takes no id); a port-vlan binding on it is 409 naming
#    binding.kind; SSP tenant ports g2, g3 on it are VifAttached to hv2's
#    and hv3's tunnel IPs, VMs g2@hv2 and g3@hv3 (198.19.1.22, .23) sit
#    behind access bridges tagging with those vlan_ids and ping each other;
#    every marked echo on hv2's underlay link is in a tunnel with id 5000
#    (tcpdump there); hv2's and hv3's br-int classify and send tun_id
#    0x1388 and tag only with their local vlan_id, hv1 has no flow of it;
#    g2 and g3 reach neither A1 nor the guest network (s3 sits on hv3 too)
#    and the captures of all VMs show no frame across the three networks.
#    Last, the guest network itself is moved to net_id 5002 through the
#    native API (200): s1 and s3 ping again, hv1 uses tun_id 0x138a.
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
               [s1]=198.19.1.1 [s3]=198.19.1.3 [g2]=198.19.1.22 [g3]=198.19.1.23)
declare -A MAC=([a1]=$(e2e_mac 2 1) [a2]=$(e2e_mac 2 2) [a3]=$(e2e_mac 2 3)
                [a4]=$(e2e_mac 2 4) [s1]=$(e2e_mac 2 11) [s3]=$(e2e_mac 2 13)
                [g2]=$(e2e_mac 2 22) [g3]=$(e2e_mac 2 23))
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
ST=5a3f6d0e-1111-4222-8333-444455556666
e2e_api 201 POST /ssp.v1/tenant-networks "{\"name\":\"guest\",\"tenant_uuid\":\"$ST\"}"
SN=$(e2e_api_get 'R["uuid"]')
# ssp_port [NETWORK_UUID]: a tenant port of NETWORK_UUID (default $SN).
ssp_port() {
    e2e_api 201 POST /ssp.v1/tenant-ports "{\"network_uuid\":\"${1:-$SN}\",\"attachment_type\":\"NoAttachment\"}"
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

# --- 3b. SSP ports on a network above 4094: "big", created through the
# native API with net_id 5000 in the SSP tenant (the SSP API has no id
# field), carried between hypervisors by tunnels only with tun_id 5000.
e2e_api 201 POST /v1/networks "{\"tenant_uuid\":\"$ST\",\"name\":\"big\",\"net_id\":5000}"
BIG=$(e2e_api_get 'R["uuid"]')
[ "$(e2e_api_get 'R["net_id"], R["vni"], R["tenant_uuid"]')" = "(5000, None, '$ST')" ] \
    || e2e_fail "network big: $(cat "$E2E_DIR/api.out")"
# A fabric binding on it is refused: its id cannot be a transport VLAN.
e2e_api 409 POST /v1/ports "{\"network_uuid\":\"$BIG\",\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"0x$(e2e_chassis_dpid hv2)\",\"port_no\":1,\"vlan\":100}}"
[ "$(e2e_api_get 'R["error"]["field"]')" = binding.kind ] \
    || e2e_fail "port-vlan binding on network 5000: $(cat "$E2E_DIR/api.out")"
G2=$(ssp_port "$BIG"); G3=$(ssp_port "$BIG")
VG2=$(attach "$G2" hv2); VG3=$(attach "$G3" hv3)
[[ $VG2 =~ ^[0-9]+$ && $VG3 =~ ^[0-9]+$ ]] || e2e_fail "vlan_id not an integer: '$VG2' '$VG3'"
[ "$VG3" != "$V3" ] || e2e_fail "s3 and g3 on hv3 got the same vlan_id $V3"
e2e_log "SSP on network 5000 ($BIG): g2 hv2 vlan $VG2, g3 hv3 vlan $VG3; port-vlan binding refused"
e2e_vm_access_add g2 "${IP[g2]}/16" hv2 "$VG2" "${MAC[g2]}"
e2e_vm_access_add g3 "${IP[g3]}/16" hv3 "$VG3" "${MAC[g3]}"
# hv2's underlay link (in the underlay namespace): every tunnel packet.
e2e_bg ul cap-ul-hv2 tcpdump -l -n -i hv2 'udp port 4789 or udp port 6081 or ip proto 47'
e2e_capture_start g2 g3
e2e_wait_until 10 "tcpdump on hv2's underlay link" grep -q 'listening on' "$E2E_DIR/bg/cap-ul-hv2.log"
# shellcheck disable=SC2046
e2e_ping_all $(pairs g2 g3)
# 20 echo requests of a marked size g2 -> g3: each crosses hv2's underlay
# link twice (request, reply), all in tunnels with id 5000. tcpdump prints
# the tunnel header (VXLAN "vni 5000", Geneve "vni 0x1388", GRE
# "key=0x1388") and then the inner packet, on the same line or the next.
# tun_ids: "ID COUNT" per tunnel id of the marked packets hv2's link saw.
tun_ids() {
    local id n
    awk -v re='ICMP echo (request|reply), .*length 341' '
        /VXLAN|Geneve|GRE/ {
            id = "none"
            if (match($0, /vni (0x[0-9a-f]+|[0-9]+)/)) id = substr($0, RSTART + 4, RLENGTH - 4)
            else if (match($0, /key=0x[0-9a-f]+/)) id = substr($0, RSTART + 4, RLENGTH - 4)
        }
        $0 ~ re { n[id]++ }
        END { for (i in n) print i, n[i] }' "$E2E_DIR/bg/cap-ul-hv2.log" |
    while read -r id n; do
        [[ $id =~ ^(0x[0-9a-f]+|[0-9]+)$ ]] && id=$((id))
        echo "$id $n"
    done
}
e2e_exec g2 ping -q -n -c 20 -i 0.02 -s 333 -W 1 "${IP[g3]}" >/dev/null || e2e_fail "g2 -> g3: pings lost"
sleep 0.3
ids=$(tun_ids)
n_mark=0
[[ $ids =~ ^5000\ ([0-9]+)$ ]] && n_mark=${BASH_REMATCH[1]}
[ "$n_mark" -ge 40 ] \
    || e2e_fail "g2 -> g3: 20 marked echo requests and replies on hv2's underlay link by tunnel id (COUNT per ID, expected 5000 only, >= 40): '$ids'"
# Its flows: hv2 and hv3 take its VLAN from the access trunk into network
# 5000 (metadata 0x1388 << 32), classify and send tun_id 0x1388, and tag
# only with their local vlan_id (never 5000's low 12 bits, 904); hv1 (no
# port of it) has none. Flood groups 0x02001388 = 33559432, 0x02101388 =
# 34608008.
big_lines() {
    e2e_br_tables "$1" | grep -E 'tun_id=0x1388[^0-9a-f]|metadata[:=]0x138800000000/|group_id=(33559432|34608008),|0x1388->tun_id' || true
}
for hv in hv1 hv2 hv3; do big_lines "$hv" > "$E2E_DIR/big-$hv"; done
[ ! -s "$E2E_DIR/big-hv1" ] || e2e_fail "hv1 (no port of network 5000) has its flows: $(cat "$E2E_DIR/big-hv1")"
for hv in hv2 hv3; do
    v=$VG2; [ "$hv" = hv2 ] || v=$VG3
    f=$E2E_DIR/big-$hv
    grep -q "dl_vlan=$v actions=pop_vlan,write_metadata:0x138800000000/" "$f" \
        || e2e_fail "$hv: no flow taking VLAN $v into network 5000: $(cat "$f")"
    grep -q 'tun_id=0x1388,' "$f" && grep -q 'set_field:0x1388->tun_id' "$f" \
        || e2e_fail "$hv: network 5000 not classified or sent with tun_id 0x1388: $(cat "$f")"
    bad=$(grep -oE 'set_field:[0-9]+->vlan_vid|mod_vlan_vid:[0-9]+' "$f" | grep -vx "set_field:$((4096 + v))->vlan_vid" || true)
    [ -z "$bad" ] || e2e_fail "$hv: network 5000 tagged other than with its local VLAN $v: $bad"
done
e2e_no_ping g2 "${IP[a1]}"
e2e_no_ping g3 "${IP[s3]}"
e2e_no_ping s3 "${IP[g3]}"
e2e_log "network 5000: g2@hv2 and g3@hv3 ping each other ($n_mark marked packets on hv2's underlay, all in tunnels with id 5000), not A1 nor the SSP guest network (s3, same hypervisor as g3)"

# Isolation by capture: A1, the SSP guest network and network 5000 never
# see each other.
check_cap() {
    local vm=$1 out; shift
    out=$(e2e_capture_foreign "$vm" "$@")
    [ "$(wc -l <<< "$out")" = 1 ] || e2e_fail "VM $vm received foreign frames: $(head -n -1 <<< "$out")"
    [ "$(tail -n 1 <<< "$out")" -gt 0 ] || e2e_fail "VM $vm captured nothing"
}
sleep 0.5
for vm in a1 a2 a3; do check_cap "$vm" "${MAC[a1]}" "${MAC[a2]}" "${MAC[a3]}" "${MAC[a4]}"; done
for vm in s1 s3; do check_cap "$vm" "${MAC[s1]}" "${MAC[s3]}"; done
for vm in g2 g3; do check_cap "$vm" "${MAC[g2]}" "${MAC[g3]}"; done
e2e_log "captures: no frame crossed between A1, the SSP network and network 5000"

# The access bridges (VM-side, MTU 1500, patched to br-int) are not the
# underlay: the chassis keep reporting br-phy's 9000 and no MTU error.
for hv in hv1 hv3; do
    [ "$(e2e_chassis "$hv" 'c["underlay_mtu"]')" = 9000 ] && [ "$(e2e_chassis "$hv" 'c["mtu_error"]')" = None ] \
        || e2e_fail "$hv: underlay MTU $(e2e_chassis "$hv" 'c["underlay_mtu"]'), MTU error '$(e2e_chassis "$hv" 'c["mtu_error"]')' once a VM-side access bridge is patched to br-int (its 1500-byte ports are taken for the underlay)"
done

# The other way to a network above 4094: the SSP-created guest network,
# with its attachments, moved to net_id 5002 through the native API (200:
# its ports are all on hypervisors). s1 and s3 ping again, hv1 now
# classifies and sends tun_id 0x138a, and nothing of the old id is left.
e2e_api 200 GET "/v1/networks/$SN"
old_id=$(e2e_api_get 'R["net_id"]')
e2e_api 200 PUT "/v1/networks/$SN" '{"net_id":5002}'
[ "$(e2e_api_get 'R["net_id"]')" = 5002 ] || e2e_fail "guest network moved: $(cat "$E2E_DIR/api.out")"
moved() {
    e2e_br_tables hv1 > "$E2E_DIR/hv1.moved"
    grep -q 'tun_id=0x138a,' "$E2E_DIR/hv1.moved" && grep -q 'set_field:0x138a->tun_id' "$E2E_DIR/hv1.moved" \
        && ! grep -qE "tun_id=$(printf '0x%x' "$old_id")[,: ]" "$E2E_DIR/hv1.moved"
}
e2e_wait_until 15 "hv1 carries the guest network as tun_id 5002 (was $old_id)" moved
# shellcheck disable=SC2046
e2e_ping_all $(pairs s1 s3)
e2e_log "guest network moved from net_id $old_id to 5002: s1 and s3 ping, hv1 uses tun_id 0x138a"

# Detach s3: it is cut off; delete the ports and the network.
e2e_api 200 PUT "/ssp.v1/tenant-ports/$S3" '{"attachment_type":"NoAttachment"}'
e2e_wait_until 15 "s3 cut off after detach" eval "! e2e_exec s1 ping -q -n -c 1 -W 1 ${IP[s3]}"
for p in "$P0" "$S1" "$S3" "$G2" "$G3"; do e2e_api 204 DELETE "/ssp.v1/tenant-ports/$p"; done
e2e_api 204 DELETE "/ssp.v1/tenant-networks/$SN"
e2e_api 204 DELETE "/ssp.v1/tenant-networks/$BIG"

e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
