#!/usr/bin/env bash
# test-overlay-chassis.sh - kumod configures hypervisors over OVSDB.
# Three hypervisors, each its own namespace with ovsdb-server +
# ovs-vswitchd (userspace datapath) and an underlay bridge br-phy; kumod
# reaches their databases over unix sockets in the test directory and the
# switches reach kumod over the management network. Chassis are
# registered through the REST API; then, checked with ovs-vsctl in each
# namespace: br-int (netdev, fail_mode secure, OpenFlow13, Kumo's
# controller, kumo-owned), flow-based tunnel ports for exactly the allowed
# encapsulations, the switch connected to kumod; a hand-added port and a
# VM interface survive everything and the VM interface is published
# (iface-id, ofport, MAC); an underlay MTU too small is reported; an
# encapsulation change and a chassis removal touch only Kumo's rows and
# leave the other hypervisors byte-for-byte unchanged; an ovsdb-server
# kill + restart and a kumod restart resynchronise without a single
# transaction or duplicated row.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init overlay-chassis
e2e_kumod_bin
command -v curl >/dev/null || e2e_skip "curl not installed"

CTL_TARGET=
OUT=$E2E_DIR/resp

# call CODE METHOD PATH [BODY]: one REST request that must answer CODE;
# the body is left in $OUT.
call() {
    local want=$1 method=$2 path=$3 body=${4-} a=() code
    [ -n "$body" ] && a=(-H 'Content-Type: application/json' --data-binary "$body")
    code=$(curl -sS -m 20 -o "$OUT" -w '%{http_code}' -X "$method" "${a[@]}" \
        "$API$path") || code=000
    [ "$code" = "$want" ] || e2e_fail "$method $path $body: HTTP $code, expected $want: $(cat "$OUT" 2>/dev/null)"
}

# chf NAME EXPR: Python EXPR over chassis NAME's object 'c' in "kumoctl
# chassis --json" (prints None if kumod does not list NAME).
chf() {
    e2e_kumoctl --json chassis | e2e_json \
        "(lambda l: (lambda c: $2)(l[0]) if l else None)([x for x in R if x['name'] == '$1'])"
}
ch_true() { [ "$(chf "$1" "$2")" = True ]; }

# ports_of HV: every Port row (uuid,name), sorted: a fingerprint of churn.
ports_of() { e2e_vsctl "$1" --format=csv --no-headings --columns=_uuid,name list Port | sort; }
# rows_of HV TABLE: the whole table, sorted, without status columns that
# ovs-vswitchd updates by itself.
ifaces_of() {
    e2e_vsctl "$1" --format=csv --no-headings \
        --columns=_uuid,name,type,options,external_ids list Interface | sort
}
has_port() { e2e_vsctl "$1" --if-exists get Port "$2" name >/dev/null 2>&1 \
    && [ -n "$(e2e_vsctl "$1" --if-exists get Port "$2" name)" ]; }
no_port() { ! has_port "$@"; }

# check_hv HV ENCAP...: br-int and exactly the tunnel ports of ENCAPs.
check_hv() {
    local hv=$1 e got want; shift
    e2e_vsctl "$hv" br-exists br-int || e2e_fail "$hv: no br-int"
    [ "$(e2e_vsctl "$hv" get Bridge br-int fail_mode)" = secure ] \
        || e2e_fail "$hv: fail_mode $(e2e_vsctl "$hv" get Bridge br-int fail_mode)"
    [ "$(e2e_vsctl "$hv" get Bridge br-int protocols | tr -d '"')" = '[OpenFlow13]' ] \
        || e2e_fail "$hv: protocols $(e2e_vsctl "$hv" get Bridge br-int protocols)"
    [ "$(e2e_vsctl "$hv" get Bridge br-int datapath_type)" = netdev ] \
        || e2e_fail "$hv: datapath_type"
    [ "$(e2e_vsctl "$hv" get Bridge br-int external_ids:kumo-owned)" = '"true"' ] \
        || e2e_fail "$hv: br-int not marked kumo-owned"
    [ "$(e2e_vsctl "$hv" get-controller br-int)" = "$CTL_TARGET" ] \
        || e2e_fail "$hv: controller '$(e2e_vsctl "$hv" get-controller br-int)', expected $CTL_TARGET"
    want=""
    for e in "$@"; do
        want="$want kumo-$e"
        [ "$(e2e_vsctl "$hv" get Interface "kumo-$e" type)" = "$e" ] \
            || e2e_fail "$hv: kumo-$e type $(e2e_vsctl "$hv" get Interface "kumo-$e" type)"
        [ "$(e2e_vsctl "$hv" get Interface "kumo-$e" options)" = '{key=flow, remote_ip=flow}' ] \
            || e2e_fail "$hv: kumo-$e options $(e2e_vsctl "$hv" get Interface "kumo-$e" options)"
        [ "$(e2e_vsctl "$hv" get Port "kumo-$e" external_ids:kumo-owned)" = '"true"' ] \
            || e2e_fail "$hv: port kumo-$e not marked kumo-owned"
    done
    got=$(e2e_vsctl "$hv" list-ports br-int | grep '^kumo-' | sort | tr '\n' ' ')
    want=$(tr ' ' '\n' <<< "$want" | grep . | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || e2e_fail "$hv: tunnel ports '$got', expected '$want'"
    # One br-int, one Kumo controller, never duplicated.
    [ "$(e2e_vsctl "$hv" --format=csv --no-headings --columns=name find Bridge name=br-int | wc -l)" = 1 ] \
        || e2e_fail "$hv: several br-int rows"
    [ "$(e2e_vsctl "$hv" --format=csv --no-headings --columns=target list Controller | wc -l)" = 1 ] \
        || e2e_fail "$hv: Controller rows: $(e2e_vsctl "$hv" list Controller)"
}

# --- Hypervisors: OVS, management link, underlay bridge br-phy whose NIC
# has MTU 9000 (hv1, hv2) or 1500 (hv3: too small for VXLAN + 1500).
for i in 1 2 3; do
    hv=hv$i
    e2e_ovs_start "$hv"
    e2e_mgmt_attach "$hv"
    mtu=9000; [ "$i" = 3 ] && mtu=1500
    e2e_veth "$hv" ul0 "$hv" ulp0
    e2e_exec "$hv" ip link set ul0 mtu "$mtu"
    e2e_exec "$hv" ip link set ulp0 mtu "$mtu"
    e2e_bridge_add "$hv" br-phy "$((0xf0 + i))"
    e2e_port_add "$hv" br-phy ul0
    e2e_exec "$hv" ip link set br-phy mtu "$mtu" 2>/dev/null || true
done

CTL_TARGET=tcp:$E2E_CTL_IP:$E2E_OF_PORT
cat > "$E2E_DIR/kumod.conf" <<EOF
api = 127.0.0.1:0
db = $E2E_DIR/kumo.db
overlay_controller = $CTL_TARGET
EOF
start_kumod() {
    e2e_kumod_start --config "$E2E_DIR/kumod.conf"
    e2e_wait_until 5 "kumod's API address in its log" e2e_kumod_api_url
    API=$(e2e_kumod_api_url)
}
start_kumod
e2e_log "three hypervisors and kumod up"

# --- Register the chassis (hv3 allows VXLAN only).
declare -A CH
register() {
    call 201 POST /v1/chassis "{\"name\":\"$1\",\"ovsdb_addr\":\"unix:$E2E_DIR/$1/db.sock\",\"tunnel_ip\":\"198.18.0.$2\",\"encaps\":$3}"
    CH[$1]=$(e2e_json 'R["uuid"]' < "$OUT")
}
register hv1 1 '["vxlan","geneve","gre"]'
register hv2 2 '["vxlan","geneve","gre"]'
register hv3 3 '["vxlan"]'
for hv in hv1 hv2 hv3; do
    e2e_wait_until 20 "$hv converged" ch_true "$hv" 'c["converged"] and c["synced"]'
done
check_hv hv1 vxlan geneve gre
check_hv hv2 vxlan geneve gre
check_hv hv3 vxlan
e2e_log "br-int, controller and tunnel ports on all three hypervisors"

# --- The switches connect to kumod (OpenFlow) and kumod sees it.
for hv in hv1 hv2 hv3; do
    e2e_wait_ovs_connected "$hv" br-int 0 30
done
for hv in hv1 hv2 hv3; do
    e2e_wait_until 30 "$hv's Controller is_connected" ch_true "$hv" 'c["controller"]["connected"]'
done
e2e_log "the three br-int connected to kumod"

# --- A port by hand and a VM interface on hv1: never touched, and the VM
# interface is published with its ofport and MAC.
e2e_vsctl hv1 add-port br-int foreign0 -- set Interface foreign0 type=internal
e2e_vsctl hv1 add-port br-int vif1 -- set Interface vif1 type=internal \
    external_ids:iface-id=vm-1 external_ids:attached-mac=02:00:C6:13:00:01
vif_ok() {
    [ "$(chf hv1 '[(v["iface_id"], v["mac"], v["ofport"] > 0) for v in c["vifs"]]')" \
        = '[["vm-1", "02:00:c6:13:00:01", true]]' ]
}
e2e_wait_until 20 "vm-1 published with ofport and MAC" vif_ok
e2e_wait_until 10 "hv1 converged with foreign ports" ch_true hv1 'c["converged"]'
[ "$(chf hv2 'len(c["vifs"])')" = 0 ] || e2e_fail "hv2 lists VIFs it does not have"
e2e_log "foreign port kept, VIF vm-1 published: $(chf hv1 'c["vifs"]')"

# --- MTU: hv3's underlay (1500) cannot carry VXLAN with MTU 1500 frames.
e2e_wait_until 10 "hv3 MTU error" ch_true hv3 '"vxlan needs 1550" in (c["mtu_error"] or "")'
[ "$(chf hv1 'c["mtu_error"]')" = None ] \
    || e2e_fail "hv1 (underlay $(chf hv1 'c["underlay_mtu"]')) reports an MTU error: $(chf hv1 'c["mtu_error"]')"
grep -q 'chassis hv3: underlay MTU 1500 cannot carry network MTU 1500' "$E2E_KUMOD_LOG" \
    || e2e_fail "no MTU error in kumod's log"
e2e_kumoctl chassis >&2
e2e_log "MTU: hv3 reported ($(chf hv3 'c["mtu_error"]'))"

# --- Encapsulations of hv2 reduced to VXLAN: geneve and gre ports go, the
# vxlan port's rows stay; hv1 and hv3 untouched.
P1=$(ports_of hv1); I1=$(ifaces_of hv1)
P3=$(ports_of hv3)
VX2=$(e2e_vsctl hv2 get Port kumo-vxlan _uuid)
call 200 PUT "/v1/chassis/${CH[hv2]}" "{\"name\":\"hv2\",\"ovsdb_addr\":\"unix:$E2E_DIR/hv2/db.sock\",\"tunnel_ip\":\"198.18.0.2\",\"encaps\":[\"vxlan\"]}"
e2e_wait_until 10 "hv2's geneve and gre ports removed" eval 'no_port hv2 kumo-geneve && no_port hv2 kumo-gre'
e2e_wait_until 10 "hv2 converged" ch_true hv2 'c["converged"]'
check_hv hv2 vxlan
[ "$(e2e_vsctl hv2 get Port kumo-vxlan _uuid)" = "$VX2" ] || e2e_fail "hv2's kumo-vxlan was recreated"
[ "$(ports_of hv1)" = "$P1" ] && [ "$(ifaces_of hv1)" = "$I1" ] || e2e_fail "hv1 changed when hv2 did"
[ "$(ports_of hv3)" = "$P3" ] || e2e_fail "hv3 changed when hv2 did"
e2e_log "hv2 down to VXLAN in place; the others unchanged"

# --- hv3 leaves: Kumo's tunnel and controller withdrawn there (br-int
# stays for its VMs); the others keep their flow-based ports unchanged.
e2e_vsctl hv3 add-port br-int vif3 -- set Interface vif3 type=internal external_ids:iface-id=vm-3
P2=$(ports_of hv2)
call 204 DELETE "/v1/chassis/${CH[hv3]}"
e2e_wait_until 10 "hv3's tunnel port withdrawn" no_port hv3 kumo-vxlan
e2e_wait_until 10 "hv3's controller withdrawn" eval '[ -z "$(e2e_vsctl hv3 get-controller br-int)" ]'
has_port hv3 vif3 || e2e_fail "hv3's VM port went with the chassis"
e2e_vsctl hv3 br-exists br-int || e2e_fail "hv3's br-int was deleted"
[ "$(chf hv3 'c')" = None ] || e2e_fail "kumod still lists hv3"
[ "$(ports_of hv1)" = "$P1" ] || e2e_fail "hv1 changed when hv3 left"
[ "$(ports_of hv2)" = "$P2" ] || e2e_fail "hv2 changed when hv3 left"
e2e_log "hv3 removed: its tunnel and controller withdrawn, hv1/hv2 unchanged"

# --- ovsdb-server of hv1 killed and restarted: kumod reconnects,
# resynchronises, and changes nothing.
T1=$(chf hv1 'c["transactions"]')
e2e_ovsdb_stop hv1 KILL
e2e_wait_until 10 "kumod notices hv1's OVSDB is gone" ch_true hv1 'not c["connected"]'
e2e_ovsdb_start hv1
e2e_wait_until 20 "hv1 resynchronised" ch_true hv1 'c["ovsdb_connects"] >= 2 and c["synced"] and c["converged"]'
sleep 1
[ "$(chf hv1 'c["transactions"]')" = "$T1" ] || e2e_fail "hv1: $(chf hv1 'c["transactions"]') transactions after the restart, expected $T1"
[ "$(ports_of hv1)" = "$P1" ] || e2e_fail "hv1's ports changed across the ovsdb-server restart: $(ports_of hv1)"
check_hv hv1 vxlan geneve gre
e2e_log "hv1 ovsdb-server restart: resynchronised, 0 transactions, no duplicate"

# --- kumod restarted: every chassis converged without a transaction.
n1=$(e2e_ovs_conn_count hv1 br-int)
e2e_kumod_stop
start_kumod
for hv in hv1 hv2; do
    e2e_wait_until 20 "$hv converged after kumod's restart" ch_true "$hv" 'c["converged"]'
    [ "$(chf "$hv" 'c["transactions"]')" = 0 ] \
        || e2e_fail "$hv: $(chf "$hv" 'c["transactions"]') transactions after kumod's restart"
done
[ "$(ports_of hv1)" = "$P1" ] && [ "$(ports_of hv2)" = "$P2" ] \
    || e2e_fail "ports changed across kumod's restart"
e2e_wait_ovs_connected hv1 br-int "$n1" 30
e2e_log "kumod restart: no transaction, switches back"

# --- hv3 joins again at run time.
register hv3 3 '["vxlan","gre"]'
e2e_wait_until 20 "hv3 converged again" ch_true hv3 'c["converged"]'
check_hv hv3 vxlan gre
has_port hv3 vif3 || e2e_fail "hv3's VM port lost"
e2e_log "hv3 rejoined with vxlan + gre"

e2e_kumod_check_log 'chassis hv3: underlay MTU 1500 cannot carry'
e2e_pass
