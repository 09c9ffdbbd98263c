#!/usr/bin/env bash
# test-api.sh - kumod's HTTP APIs driven with curl: the native REST API
# (/v1: OpenAPI document, bearer tokens, tenants, networks, ports with every
# binding kind, chassis, the unknown-MAC policy, switches, links, hosts,
# paths; pagination; bad input answered 4xx with the field named) and the
# Stratosphere SSP-compatible API (/ws.v1/login, session cookie,
# tenant networks and ports, VifAttachment with a per-hypervisor VLAN id),
# on a real SQLite file. Then kill -9 in the middle of a stream of writes:
# after a restart every acknowledged write is there. Finally one real Open
# vSwitch bridge: /v1/switches, its ports and its flows read from the
# switch. kumod must log no warning or error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init api
e2e_kumod_bin
command -v curl >/dev/null || e2e_skip "curl not installed"
command -v jq >/dev/null || e2e_skip "jq not installed"

TOKEN=e2e-token-0123456789abcdef
TOKEN2=second-token-abcdefghijklmnop
DB=$E2E_DIR/api.db
JAR=$E2E_DIR/cookies
OUT=$E2E_DIR/resp
cfg=$E2E_DIR/kumod.conf
cat > "$cfg" <<EOF
api = 127.0.0.1:0
db = $DB
api_token = $TOKEN
api_token = $TOKEN2
ssp_username = cloudstack
ssp_password = "s3cret pass"
EOF
kumod_args=(--config "$cfg")
# The learning switch first (no fabric: /v1/links answers 503), the fabric
# at the end.
if e2e_kumod_has_forwarding learning; then
    echo "forwarding = learning" >> "$cfg"
fi

# The API's port (port 0 in the config: kumod picks one and logs it; the
# last start's line wins).
api_url() {
    grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$E2E_KUMOD_LOG" \
        | tail -n 1 | sed 's/listening on //'
}
start_kumod() {
    e2e_kumod_start "${kumod_args[@]}" "$@"
    e2e_wait_until 5 "kumod's API address in its log" api_url
    API=$(api_url)
    e2e_log "kumod API at $API"
}

# call CODE AUTH METHOD PATH [BODY]: one request; AUTH is "token", "none",
# "ssp" (the cookie jar) or a literal Authorization header value. Fails
# unless the status is CODE. The body is in $OUT, headers in $OUT.h.
call() {
    local want=$1 auth=$2 method=$3 path=$4 body=${5-} a=() code
    case $auth in
        token) a=(-H "Authorization: Bearer $TOKEN") ;;
        none) ;;
        ssp) a=(-b "$JAR" -c "$JAR") ;;
        *) a=(-H "Authorization: $auth") ;;
    esac
    if [ -n "$body" ]; then
        a+=(-H 'Content-Type: application/json' --data-binary "$body")
    fi
    code=$(curl -sS -m 20 -o "$OUT" -D "$OUT.h" -w '%{http_code}' \
        -X "$method" "${a[@]}" "$API$path") || code=000
    LAST="$method $path"
    [ "$code" = "$want" ] \
        || e2e_fail "$LAST${body:+ $body}: HTTP $code, expected $want: $(cat "$OUT" 2>/dev/null)"
}
# j FILTER: jq FILTER over the last response body, raw output.
j() { jq -r "$1" < "$OUT"; }
# err CODE FIELD AUTH METHOD PATH [BODY]: an error answer with status CODE
# whose body names FIELD ("null": no field) and has a message.
err() {
    local code=$1 field=$2 got; shift 2
    call "$code" "$@"
    got=$(j '"\(.error.status) \(.error.field) \(.error.message | length > 0)"')
    [ "$got" = "$code $field true" ] \
        || e2e_fail "$LAST: expected error $code naming '$field': $(cat "$OUT")"
}
header_has() {
    grep -qi "$1" "$OUT.h" || e2e_fail "$LAST: no header matching '$1': $(cat "$OUT.h")"
}

# One Open vSwitch bridge (connected to kumod at the end) and the
# management network kumod's OpenFlow listener lives on.
e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1 OpenFlow13
for i in 1 2; do e2e_host_add "h$i" "198.19.1.$i/24" sw1 s1 "$i" "$(e2e_mac 1 "$i")"; done
e2e_mgmt_attach sw1

start_kumod

# ---- The OpenAPI document is open and every documented operation is
# served (never 404/405) by the running daemon.
call 200 none GET /v1/openapi.json
[ "$(j .openapi)" = 3.0.3 ] || e2e_fail "openapi.json: not an OpenAPI 3.0.3 document"
cp "$OUT" "$E2E_DIR/openapi.json"
n_ops=0
while read -r method path; do
    path=${path//\{uuid\}/00000000-0000-4000-8000-000000000000}
    path=${path//\{dpid\}/0x1}
    code=$(curl -s -m 20 -o /dev/null -w '%{http_code}' -X "$method" "$API$path")
    case $code in
        404|405|000) e2e_fail "documented $method $path answers $code" ;;
    esac
    n_ops=$((n_ops + 1))
done < <(jq -r '.paths | to_entries[] | .key as $p
                | .value | keys[] | "\(ascii_upcase) \($p)"' "$E2E_DIR/openapi.json")
[ "$n_ops" -ge 36 ] || e2e_fail "only $n_ops operations documented"
e2e_log "OpenAPI document: $n_ops operations, all served"

# ---- Bearer tokens.
err 401 Authorization none GET /v1/tenants
header_has '^WWW-Authenticate: Bearer'
err 401 Authorization "Bearer wrong-token-0123456789" GET /v1/tenants
err 401 Authorization "Basic $TOKEN" POST /v1/tenants '{"name":"x"}'
call 200 "Bearer $TOKEN2" GET /v1/tenants
err 404 null token GET /v1/nothing
err 405 null token DELETE /v1/tenants
header_has '^Allow: GET, POST'

# ---- Tenants.
call 201 token POST /v1/tenants '{"name":"acme","description":"Acme Corp"}'
T1=$(j .uuid)
call 201 token POST /v1/tenants '{"name":"globex"}'
T2=$(j .uuid)
call 200 token GET "/v1/tenants/$T1"
[ "$(j .description)" = "Acme Corp" ] || e2e_fail "tenant description not stored"
err 409 name token POST /v1/tenants '{"name":"acme"}'
err 400 name token POST /v1/tenants '{"description":"no name"}'
err 400 bogus token POST /v1/tenants '{"name":"x","bogus":1}'
err 400 name token POST /v1/tenants '{"name":42}'
err 400 null token POST /v1/tenants '{"name":'
err 400 null token POST /v1/tenants '["name"]'
err 400 uuid token POST /v1/tenants '{"name":"y","uuid":"not-a-uuid"}'
err 404 uuid token GET /v1/tenants/0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11
err 400 uuid token GET /v1/tenants/xyz
big="{\"name\": \"$(head -c 70000 /dev/zero | tr '\0' x)\"}"
err 413 null token POST /v1/tenants "$big"
call 200 token PUT "/v1/tenants/$T2" '{"description":"Globex"}'
[ "$(j .name)/$(j .description)" = globex/Globex ] \
    || e2e_fail "PUT must keep absent fields: $(cat "$OUT")"
err 400 uuid token PUT "/v1/tenants/$T2" "{\"uuid\":\"$T1\"}"
call 201 token POST /v1/tenants \
    '{"name":"chosen","uuid":"11111111-2222-4333-8444-555555555555"}'
[ "$(j .uuid)" = 11111111-2222-4333-8444-555555555555 ] || e2e_fail "caller's uuid not kept"
call 204 token DELETE /v1/tenants/11111111-2222-4333-8444-555555555555
err 404 uuid token DELETE /v1/tenants/11111111-2222-4333-8444-555555555555

# ---- Networks.
call 201 token POST /v1/networks "{\"name\":\"web\",\"tenant_uuid\":\"$T1\",\"vni\":5001}"
N1=$(j .uuid)
[ "$(j '.net_id > 0')" = true ] || e2e_fail "no net_id allocated"
call 201 token POST /v1/networks "{\"name\":\"db\",\"tenant_uuid\":\"$T1\"}"
N2=$(j .uuid)
call 201 token POST /v1/networks "{\"name\":\"web\",\"tenant_uuid\":\"$T2\"}"
N3=$(j .uuid)
err 409 name token POST /v1/networks "{\"name\":\"web\",\"tenant_uuid\":\"$T1\"}"
err 409 vni token POST /v1/networks "{\"name\":\"w2\",\"tenant_uuid\":\"$T2\",\"vni\":5001}"
err 400 vni token POST /v1/networks "{\"name\":\"w3\",\"tenant_uuid\":\"$T2\",\"vni\":16777216}"
err 400 vni token POST /v1/networks "{\"name\":\"w3\",\"tenant_uuid\":\"$T2\",\"vni\":\"7\"}"
err 400 tenant_uuid token POST /v1/networks '{"name":"w4"}'
err 404 tenant_uuid token POST /v1/networks \
    '{"name":"w4","tenant_uuid":"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11"}'
err 400 tenant_uuid token PUT "/v1/networks/$N1" "{\"tenant_uuid\":\"$T2\"}"
call 200 token PUT "/v1/networks/$N1" '{"vni":null,"description":"front end"}'
[ "$(j .vni)/$(j .description)" = "null/front end" ] || e2e_fail "network PUT: $(cat "$OUT")"
call 200 token GET "/v1/networks?tenant_uuid=$T1"
[ "$(j .total)" = 2 ] || e2e_fail "tenant filter: $(cat "$OUT")"
err 404 tenant_uuid token GET "/v1/networks?tenant_uuid=0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11"
err 400 color token GET "/v1/networks?color=red"

# ---- Ports, every binding kind, conflicts named.
port() { call 201 token POST /v1/ports "$1"; j .uuid; }
P1=$(port "{\"network_uuid\":\"$N1\",\"name\":\"p1\",\"binding\":{\"kind\":\"switch-port\",\"dpid\":\"0x1\",\"port_no\":1}}")
P2=$(port "{\"network_uuid\":\"$N1\",\"name\":\"p2\",\"mac\":\"02:00:00:00:00:02\",\"ips\":[\"198.19.9.2\"],\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"00:00:00:00:00:00:00:01\",\"port_no\":2,\"vlan\":100}}")
P3=$(port "{\"network_uuid\":\"$N2\",\"name\":\"p3\",\"binding\":{\"kind\":\"port-vlan\",\"dpid\":1,\"port_no\":2,\"vlan\":200}}")
P4=$(port "{\"network_uuid\":\"$N3\",\"name\":\"p4\",\"binding\":{\"kind\":\"mac\",\"mac\":\"02:00:00:00:00:04\"}}")
P5=$(port "{\"network_uuid\":\"$N3\",\"name\":\"p5\",\"binding\":{\"kind\":\"iface-id\",\"iface_id\":\"vm5-eth0\"}}")
call 200 token GET "/v1/ports/$P2"
[ "$(j '"\(.binding.dpid)/\(.binding.vlan)/\(.tenant_uuid)"')" = "0000000000000001/100/$T1" ] \
    || e2e_fail "port p2 read back wrong: $(cat "$OUT")"
err 409 binding token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"0x1\",\"port_no\":2,\"vlan\":100}}"
err 409 binding token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"switch-port\",\"dpid\":\"0x1\",\"port_no\":2}}"
err 409 binding token POST /v1/ports "{\"network_uuid\":\"$N1\",\"binding\":{\"kind\":\"mac\",\"mac\":\"02:00:00:00:00:04\"}}"
err 400 binding.vlan token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"0x1\",\"port_no\":3,\"vlan\":4095}}"
err 400 binding.kind token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"wifi\"}}"
err 400 binding.dpid token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"switch-port\",\"dpid\":\"zz\",\"port_no\":3}}"
err 400 binding.color token POST /v1/ports "{\"network_uuid\":\"$N3\",\"binding\":{\"kind\":\"mac\",\"color\":1}}"
err 400 mac token POST /v1/ports "{\"network_uuid\":\"$N3\",\"mac\":\"02:00:00:00:00\"}"
err 400 ips token POST /v1/ports "{\"network_uuid\":\"$N3\",\"ips\":[\"198.19.300.1\"]}"
err 404 network_uuid token POST /v1/ports '{"network_uuid":"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11"}'
err 400 network_uuid token PUT "/v1/ports/$P1" "{\"network_uuid\":\"$N2\"}"
call 200 token PUT "/v1/ports/$P1" '{"binding":{"kind":"switch-port","dpid":"0x1","port_no":5}}'
[ "$(j '"\(.binding.port_no)/\(.name)"')" = 5/p1 ] || e2e_fail "port PUT: $(cat "$OUT")"
call 200 token GET "/v1/ports?network_uuid=$N1"
[ "$(j .total)" = 2 ] || e2e_fail "network filter: $(cat "$OUT")"

# Pagination over ports (5 of them).
call 200 token GET "/v1/ports?offset=1&limit=2"
[ "$(j '[.total, .offset, .limit, (.items | length)] | @csv')" = 5,1,2,2 ] \
    || e2e_fail "page offset=1 limit=2: $(cat "$OUT")"
[ "$(j '.items[0].uuid')" = "$P2" ] || e2e_fail "page is not in creation order"
call 200 token GET "/v1/ports?offset=4&limit=1000"
[ "$(j '.items | length')" = 1 ] || e2e_fail "last page"
err 400 limit token GET "/v1/ports?limit=1001"
err 400 offset token GET "/v1/ports?offset=x"

# ---- Chassis and the unknown-MAC policy.
# kumod really connects to a chassis' OVSDB: give it a socket path in this
# run's directory that nothing listens on (never an address outside it).
call 201 token POST /v1/chassis "{\"name\":\"hv1\",\"ovsdb_addr\":\"unix:$E2E_DIR/hv1-ovsdb.sock\",\"tunnel_ip\":\"198.19.8.1\",\"encaps\":[\"vxlan\",\"geneve\"]}"
C1=$(j .uuid)
err 409 tunnel_ip token POST /v1/chassis '{"name":"hv2","ovsdb_addr":"tcp:198.19.8.2:6640","tunnel_ip":"198.19.8.1","encaps":["vxlan"]}'
err 400 encaps token POST /v1/chassis '{"name":"hv3","ovsdb_addr":"tcp:198.19.8.3:6640","tunnel_ip":"198.19.8.3","encaps":["ipip"]}'
call 200 token GET /v1/chassis
[ "$(j .total)" = 1 ] || e2e_fail "chassis list: $(cat "$OUT")"
call 200 token GET /v1/config
[ "$(j .unknown_mac)" = drop ] || e2e_fail "default unknown-MAC policy is not drop"
err 400 unknown_mac token PUT /v1/config '{"unknown_mac":"flood"}'
call 200 token PUT /v1/config "{\"unknown_mac\":\"quarantine\",\"quarantine_network\":\"$N3\"}"
[ "$(j .quarantine_network)" = "$N3" ] || e2e_fail "config PUT: $(cat "$OUT")"
err 409 uuid token DELETE "/v1/networks/$N3?cascade=true"
call 200 token PUT /v1/config '{"unknown_mac":"drop","quarantine_network":null}'

# ---- Deletes: children first unless cascade.
err 409 uuid token DELETE "/v1/tenants/$T2"
err 400 cascade token DELETE "/v1/tenants/$T2?cascade=maybe"
call 204 token DELETE "/v1/tenants/$T2?cascade=true"
err 404 uuid token GET "/v1/ports/$P4"
call 204 token DELETE "/v1/ports/$P3"
err 404 uuid token DELETE "/v1/ports/$P3"
e2e_log "native API: tenants, networks, ports, chassis, config checked"

# ---- Switches, links, hosts without switches / without the fabric.
call 200 token GET /v1/switches
[ "$(j .total)" = 0 ] || e2e_fail "switches before any switch: $(cat "$OUT")"
err 404 dpid token GET /v1/switches/0x1
err 400 dpid token GET /v1/switches/sw1/ports
err 404 dpid token GET /v1/switches/0x1/flows
err 503 null token GET /v1/links
err 503 null token GET /v1/hosts
err 400 dst token GET "/v1/path?src=02:00:00:00:00:01"

# ---- Stratosphere SSP API.
rm -f "$JAR"
for r in "POST /ssp.v1/tenant-networks" "POST /ssp.v1/tenant-ports" \
         "DELETE /ssp.v1/tenant-networks/$N1" "PUT /ssp.v1/tenant-ports/$P1" \
         "DELETE /ssp.v1/tenant-ports/$P1"; do
    call 401 ssp ${r% *} "${r#* }" '{}'
    call 401 token ${r% *} "${r#* }" '{}'
done
ssp_login() {
    local code
    code=$(curl -sS -m 20 -o "$OUT" -D "$OUT.h" -w '%{http_code}' -c "$JAR" \
        -X POST --data-urlencode "username=$1" --data-urlencode "password=$2" \
        "$API/ws.v1/login") || code=000
    LAST="POST /ws.v1/login ($1)"
    [ "$code" = "$3" ] || e2e_fail "$LAST: HTTP $code, expected $3: $(cat "$OUT")"
}
ssp_login cloudstack wrong 401
ssp_login admin "s3cret pass" 401
ssp_login cloudstack "s3cret pass" 200
header_has '^Set-Cookie: kumo_ssp_session=[0-9a-f]\{64\}; Path=/'
SSP_TENANT=5a3f6d0e-1111-4222-8333-444455556666
call 201 ssp POST /ssp.v1/tenant-networks "{\"name\":\"guest-net\",\"tenant_uuid\":\"$SSP_TENANT\"}"
SN=$(j .uuid)
[ "$(j '"\(.name)/\(.tenant_uuid)"')" = "guest-net/$SSP_TENANT" ] || e2e_fail "tenant network: $(cat "$OUT")"
call 201 ssp POST /ssp.v1/tenant-networks '{"name":"guest-net"}'
SN2=$(j .uuid)
err 400 name ssp POST /ssp.v1/tenant-networks '{"tenant_uuid":"5a3f6d0e-1111-4222-8333-444455556666"}'
sport() {
    call 201 ssp POST /ssp.v1/tenant-ports "{\"network_uuid\":\"$1\",\"attachment_type\":\"NoAttachment\"}"
    j .uuid
}
SP1=$(sport "$SN")
SP2=$(sport "$SN")
SP3=$(sport "$SN2")
err 404 network_uuid ssp POST /ssp.v1/tenant-ports '{"network_uuid":"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11","attachment_type":"NoAttachment"}'
vif() {
    call 200 ssp PUT "/ssp.v1/tenant-ports/$1" "{\"attachment_type\":\"VifAttachment\",\"attachment_ip_address\":\"$2\"}"
    [ "$(j '.vlan_id | type == "number" and floor == .')" = true ] \
        || e2e_fail "vlan_id is not an integer: $(cat "$OUT")"
    j .vlan_id
}
V1=$(vif "$SP1" 198.19.7.1)
V2=$(vif "$SP2" 198.19.7.1)
V3=$(vif "$SP3" 198.19.7.2)
[ "$V1" != "$V2" ] || e2e_fail "two ports on hypervisor 198.19.7.1 got the same VLAN $V1"
[ "$(vif "$SP1" 198.19.7.1)" = "$V1" ] || e2e_fail "re-attaching to the same hypervisor changed the VLAN"
e2e_log "SSP VLANs: hv 198.19.7.1 -> $V1, $V2; hv 198.19.7.2 -> $V3"
err 400 attachment_ip_address ssp PUT "/ssp.v1/tenant-ports/$SP1" '{"attachment_type":"VifAttachment"}'
err 400 attachment_type ssp PUT "/ssp.v1/tenant-ports/$SP1" '{"attachment_type":"Wired"}'
err 404 uuid ssp PUT /ssp.v1/tenant-ports/0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11 '{"attachment_type":"NoAttachment"}'
# The native API shows the SSP objects.
call 200 token GET "/v1/ports/$SP2"
[ "$(j '"\(.attachment_type)/\(.attachment_ip)/\(.vlan_id)"')" = "VifAttachment/198.19.7.1/$V2" ] \
    || e2e_fail "native view of SSP port: $(cat "$OUT")"
call 200 token GET "/v1/networks/$SN"
[ "$(j .tenant_uuid)" = "$SSP_TENANT" ] || e2e_fail "native view of SSP network"
# Detach, delete.
call 200 ssp PUT "/ssp.v1/tenant-ports/$SP3" '{"attachment_type":"NoAttachment"}'
[ "$(j '"\(has("vlan_id"))/\(.attachment_type)"')" = false/NoAttachment ] || e2e_fail "detach: $(cat "$OUT")"
call 204 ssp DELETE "/ssp.v1/tenant-ports/$SP3"
call 404 ssp DELETE "/ssp.v1/tenant-ports/$SP3"
call 404 ssp DELETE /ssp.v1/tenant-ports/not-a-uuid
call 204 ssp DELETE "/ssp.v1/tenant-networks/$SN2"
call 404 ssp DELETE "/ssp.v1/tenant-networks/$SN2"
e2e_log "SSP API sequence checked"

# ---- kill -9 during streams of writes (three clients at once): every
# acknowledged write survives.
acked=$E2E_DIR/acked
: > "$acked"
writer() {
    local w=$1 i=0 r
    while [ "$i" -lt 2000 ]; do
        i=$((i + 1))
        r=$(curl -s -m 5 -w '\n%{http_code}' -H "Authorization: Bearer $TOKEN" \
            -X POST --data-binary "{\"name\":\"stream-$w-$i\"}" "$API/v1/tenants") || return 0
        [ "${r##*$'\n'}" = 201 ] || return 0
        sed -n 's/.*"uuid": "\([0-9a-f-]*\)".*/\1/p' <<< "$r" >> "$acked.$w"
    done
}
wpids=()
for w in 1 2 3; do
    : > "$acked.$w"
    writer "$w" &
    wpids+=($!)
done
e2e_wait_until 30 "30 acknowledged writes" eval '[ "$(cat "$acked".? | wc -l)" -ge 30 ]'
e2e_kumod_kill
for p in "${wpids[@]}"; do wait "$p" || true; done
cat "$acked".? > "$acked"
n_acked=$(wc -l < "$acked")
for w in 1 2 3; do
    [ -s "$acked.$w" ] || e2e_fail "writer $w got no write acknowledged"
done
e2e_log "kumod killed (-9) after $n_acked acknowledged tenant creations"
start_kumod
missing=0
while read -r u; do
    code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$API/v1/tenants/$u")
    [ "$code" = 200 ] || { echo "acknowledged tenant $u: HTTP $code" >&2; missing=$((missing + 1)); }
done < "$acked"
[ "$missing" = 0 ] || e2e_fail "$missing of $n_acked acknowledged writes lost after kill -9"
# Everything from before is there too, VLAN ids unchanged.
call 200 token GET "/v1/ports/$SP2"
[ "$(j .vlan_id)" = "$V2" ] || e2e_fail "SSP port's VLAN changed across the restart"
call 200 token GET "/v1/ports/$P2"
call 200 token GET "/v1/chassis/$C1"
# Sessions do not survive a restart: SSP clients log in again on 401.
call 401 ssp PUT "/ssp.v1/tenant-ports/$SP1" '{"attachment_type":"NoAttachment"}'
ssp_login cloudstack "s3cret pass" 200
call 200 ssp PUT "/ssp.v1/tenant-ports/$SP1" '{"attachment_type":"NoAttachment"}'
e2e_log "all $n_acked acknowledged writes and the earlier objects survived kill -9"

# ---- A real switch: /v1/switches, ports, flows read from the switch.
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
e2e_wait_ping h1 198.19.1.2
call 200 token GET /v1/switches
[ "$(j '"\(.total) \(.items[0].dpid) \(.items[0].version)"')" = "1 0000000000000001 1.3" ] \
    || e2e_fail "switch list: $(cat "$OUT")"
call 200 token GET /v1/switches/1
[ "$(j '.counters.rx_msgs > 0')" = true ] || e2e_fail "switch counters: $(cat "$OUT")"
call 200 token GET "/v1/switches/0x1/ports"
[ "$(j '[.items[].name | select(startswith("h"))] | sort | join(",")')" = h1,h2 ] \
    || e2e_fail "switch ports: $(cat "$OUT")"
call 200 token GET "/v1/switches/0000000000000001/flows"
n_flows=$(j .total)
ovs_flows=$(e2e_ofctl sw1 dump-flows s1 | grep -c 'priority=' || true)
[ "$n_flows" -ge 1 ] || e2e_fail "no flows read from the switch: $(cat "$OUT")"
[ "$n_flows" = "$ovs_flows" ] || e2e_fail "API lists $n_flows flows, ovs-ofctl $ovs_flows"
call 200 token GET "/v1/switches/0x1/flows?limit=1"
[ "$(j '.items | length')" = 1 ] || e2e_fail "flows page"
e2e_log "switch, ports and $n_flows flows served"

# ---- With the fabric: links, hosts and paths come from the fabric thread.
e2e_kumod_stop
if e2e_kumod_has_forwarding fabric; then
    start_kumod --forwarding fabric
    e2e_wait_kumod_switch 1
    call 200 token GET /v1/links
    [ "$(j '.total | type')" = number ] || e2e_fail "links: $(cat "$OUT")"
    call 200 token GET "/v1/hosts?limit=5"
    [ "$(j '.limit')" = 5 ] || e2e_fail "hosts: $(cat "$OUT")"
    err 404 src token GET "/v1/path?src=02:00:00:00:99:99&dst=02:00:00:00:99:98"
    err 400 src token GET "/v1/path?src=nonsense&dst=02:00:00:00:99:98"
    e2e_log "links, hosts and path served by the fabric"
    e2e_kumod_stop
fi
e2e_kumod_check_log
e2e_pass
