#!/usr/bin/env bash
# test-cli-rest.sh - kumoctl's tenant, network and port commands and
# "flows DPID" through kumod's REST API: kumod with --api on a free port, a
# temporary --db and a bearer token; tenants, networks and ports of every
# binding kind created, listed (following pagination), shown (by uuid and by
# name) and deleted through kumoctl, human and --json output checked against
# the API itself (curl); bad input exits 1 with the field named; the flow
# table of a real Open vSwitch bridge read through the API matches the
# control socket's; an unreachable API exits 3 (README.md: "daemon
# unreachable").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init cli-rest
e2e_kumod_bin
command -v curl >/dev/null || e2e_skip "curl not installed"
command -v jq >/dev/null || e2e_skip "jq not installed"

TOKEN=cli-e2e-token-0123456789abcdef
OUT=$E2E_DIR/out
ERR=$E2E_DIR/err
KUMOCTL=$KUMO_BUILD/bin/kumoctl

# kc CODE ARG...: run kumoctl ARG... (API and token from the environment);
# fails unless it exits CODE. stdout in $OUT, stderr in $ERR.
kc() {
    local want=$1 rc=0; shift
    "$KUMOCTL" "$@" > "$OUT" 2> "$ERR" || rc=$?
    LAST="kumoctl $*"
    [ "$rc" = "$want" ] \
        || e2e_fail "$LAST: exit $rc, expected $want; stdout: $(cat "$OUT"); stderr: $(cat "$ERR")"
}
# out_has TEXT / err_has TEXT: the last stdout / stderr contains TEXT.
out_has() { grep -qF -- "$1" "$OUT" || e2e_fail "$LAST: stdout lacks '$1': $(cat "$OUT")"; }
err_has() { grep -qF -- "$1" "$ERR" || e2e_fail "$LAST: stderr lacks '$1': $(cat "$ERR")"; }
# j FILTER: jq FILTER over the last stdout, raw.
j() { jq -r "$1" < "$OUT"; }
# api PATH: GET PATH from the API with curl (the reference), body on stdout.
api() { curl -sS -m 20 -H "Authorization: Bearer $TOKEN" "$API$1"; }

# One Open vSwitch bridge for "flows DPID" (connected later).
e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1 OpenFlow13
for i in 1 2; do e2e_host_add "h$i" "198.19.1.$i/24" sw1 s1 "$i" "$(e2e_mac 1 "$i")"; done
e2e_mgmt_attach sw1

api_url() {
    grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$E2E_KUMOD_LOG" \
        | tail -n 1 | sed 's/listening on //'
}
# Port 0: kumod binds a free port and logs it.
e2e_kumod_start --api 127.0.0.1:0 --db "$E2E_DIR/cli.db" --api-token "$TOKEN"
e2e_wait_until 5 "kumod's API address in its log" api_url
API=$(api_url)
e2e_log "kumod API at $API"
export KUMO_API=$API
unset KUMO_API_TOKEN KUMO_API_PAGE_SIZE KUMO_CTL

# ---- Tokens: none is 401 (exit 1 naming the header); --token, the
# environment and --token-file work.
kc 1 tenant list
err_has 'field "Authorization"'
err_has 'HTTP 401'
kc 1 --token wrong-token-0123456789abcd tenant list
echo "$TOKEN" > "$E2E_DIR/token"
kc 0 --token-file "$E2E_DIR/token" tenant list
kc 0 tenant list --token "$TOKEN"
export KUMO_API_TOKEN=$TOKEN

# ---- Tenants.
kc 0 tenant create acme --description "Acme Corp"
out_has "name:             acme"
out_has "description:      Acme Corp"
T1=$(awk '$1 == "uuid:" { print $2 }' "$OUT")
kc 0 --json tenant create globex
T2=$(j .uuid)
[ "$(j .name)" = globex ] || e2e_fail "tenant create --json: $(cat "$OUT")"
[ "$(api "/v1/tenants/$T1" | jq -r .description)" = "Acme Corp" ] \
    || e2e_fail "tenant acme not stored as kumoctl said"
kc 1 tenant create acme
err_has 'field "name" (NAME)'
err_has 'HTTP 409'
kc 2 tenant create
kc 2 tenant create a b
kc 2 tenant create x --vni 5
kc 2 tenant frobnicate
kc 0 tenant show acme --json
[ "$(j .uuid)" = "$T1" ] || e2e_fail "tenant show by name: $(cat "$OUT")"
kc 0 tenant show "${T2^^}"
out_has "uuid:             $T2"
kc 1 tenant show nobody
err_has 'no tenant named "nobody"'
kc 1 tenant show 0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11
err_has 'field "uuid"'
err_has 'HTTP 404'

# Lists follow the pagination: 7 tenants read 2 at a time.
for i in 1 2 3 4 5; do kc 0 --json tenant create "extra$i"; done
[ "$(api '/v1/tenants?limit=1' | jq .total)" = 7 ] || e2e_fail "API does not count 7 tenants"
KUMO_API_PAGE_SIZE=2 kc 0 --json tenant list
[ "$(j length)" = 7 ] || e2e_fail "tenant list (pages of 2) has $(j length) items, expected 7"
[ "$(j 'map(.name) | join(",")')" = "acme,globex,extra1,extra2,extra3,extra4,extra5" ] \
    || e2e_fail "tenant list order/content: $(j 'map(.name)')"
kc 0 tenant list
head -n 1 "$OUT" | grep -qE '^UUID +NAME +DESCRIPTION$' || e2e_fail "tenant table heading: $(head -n 1 "$OUT")"
[ "$(wc -l < "$OUT")" = 8 ] || e2e_fail "tenant table: $(cat "$OUT")"
grep -qE "^$T1  acme +Acme Corp$" "$OUT" || e2e_fail "tenant table row: $(cat "$OUT")"
for i in 1 2 3 4 5; do kc 0 tenant delete "extra$i"; out_has "deleted tenant "; done

# ---- Networks.
kc 0 --json network create acme web --vni 5001 --description "front end"
N1=$(j .uuid)
[ "$(j '"\(.tenant_uuid) \(.vni) \(.description)"')" = "$T1 5001 front end" ] \
    || e2e_fail "network create: $(cat "$OUT")"
kc 0 network create acme db
out_has "name:             db"
out_has "vni:              -"
N2=$(awk '$1 == "uuid:" { print $2 }' "$OUT")
kc 0 --json network create "$T2" web --id 4042
N3=$(j .uuid)
[ "$(j .net_id)" = 4042 ] || e2e_fail "network --id: $(cat "$OUT")"
kc 1 network create acme w2 --vni 99999999
err_has 'field "vni" (--vni)'
kc 1 network create acme w2 --vni abc
err_has 'field "vni" (--vni)'
kc 1 network create globex w2 --vni 5001
err_has 'field "vni"'
err_has 'HTTP 409'
kc 1 network create acme web
err_has 'field "name" (NAME)'
kc 1 network create initech w3
err_has 'no tenant named "initech"'
kc 2 network create acme
kc 0 network list
head -n 1 "$OUT" | grep -qE '^UUID +TENANT +NAME +NET-ID +VNI +DESCRIPTION$' \
    || e2e_fail "network table heading: $(head -n 1 "$OUT")"
grep -qE "^$N1  acme +web +[0-9]+ +5001  front end$" "$OUT" || e2e_fail "network table: $(cat "$OUT")"
grep -qE "^$N3  globex +web +4042 +-  -$" "$OUT" || e2e_fail "network table: $(cat "$OUT")"
kc 0 --json network list --tenant acme
[ "$(j 'map(.uuid) | join(" ")')" = "$N1 $N2" ] || e2e_fail "network list --tenant: $(cat "$OUT")"
kc 1 network show web
err_has 'network name "web" is ambiguous'
err_has '--tenant'
kc 0 --json network show web --tenant globex
[ "$(j .uuid)" = "$N3" ] || e2e_fail "network show --tenant: $(cat "$OUT")"
kc 0 network show "$N2"
out_has "tenant_uuid:      $T1"

# ---- Ports, every binding kind.
kc 0 --json port create web --tenant acme --name p1 --switch 0x1 --port 1
P1=$(j .uuid)
[ "$(j '"\(.binding.kind) \(.binding.dpid) \(.binding.port_no) \(.tenant_uuid)"')" \
    = "switch-port 0000000000000001 1 $T1" ] || e2e_fail "port p1: $(cat "$OUT")"
kc 0 port create "$N2" --name p2 --switch 1 --port 2 --vlan 100
out_has "binding:          switch 0000000000000001 port 2 vlan 100"
P2=$(awk '$1 == "uuid:" { print $2 }' "$OUT")
[ "$(api "/v1/ports/$P2" | jq -r '"\(.binding.kind) \(.binding.vlan) \(.network_uuid)"')" \
    = "port-vlan 100 $N2" ] || e2e_fail "port p2 as stored: $(api "/v1/ports/$P2")"
kc 0 --json port create web --tenant globex --name p3 --mac 02:00:00:00:00:03
P3=$(j .uuid)
[ "$(j '"\(.binding.kind) \(.binding.mac) \(.mac)"')" = "mac 02:00:00:00:00:03 02:00:00:00:00:03" ] \
    || e2e_fail "port p3: $(cat "$OUT")"
kc 0 --json port create "$N3" --name p4 --iface-id vm4-eth0
P4=$(j .uuid)
[ "$(j '"\(.binding.kind) \(.binding.iface_id)"')" = "iface-id vm4-eth0" ] || e2e_fail "port p4: $(cat "$OUT")"
kc 0 --json port create "$N3" --name p5
P5=$(j .uuid)
[ "$(j .binding.kind)" = none ] || e2e_fail "port p5: $(cat "$OUT")"

# Bad bindings: the API's field and the option that sets it.
kc 1 port create "$N3" --switch 0x1 --port 3 --vlan 5000
err_has 'field "binding.vlan" (--vlan)'
err_has 'HTTP 400'
kc 1 port create "$N3" --switch 0x1 --port 3 --vlan ten
err_has 'field "binding.vlan" (--vlan)'
kc 1 port create "$N3" --switch zz --port 3
err_has 'field "binding.dpid" (--switch)'
kc 1 port create "$N3" --switch 0x1 --port 2 --vlan 100
err_has 'field "binding"'
err_has 'HTTP 409'
kc 1 port create "$N1" --mac 02:00:00:00:00:03
err_has 'field "binding"'
kc 1 port create "$N3" --mac 02:00:00:00:00
err_has '(--mac)'
kc 1 port create "$N3" --iface-id vm4-eth0
err_has 'field "binding"'
kc 2 port create "$N3" --mac 02:00:00:00:00:09 --iface-id x
kc 2 port create "$N3" --switch 0x1
kc 1 port create nonet --switch 0x1 --port 9
err_has 'no network named "nonet"'

kc 0 port list
head -n 1 "$OUT" | grep -qE '^UUID +NETWORK +NAME +BINDING +MAC +ATTACHMENT$' \
    || e2e_fail "port table heading: $(head -n 1 "$OUT")"
[ "$(wc -l < "$OUT")" = 6 ] || e2e_fail "port table: $(cat "$OUT")"
grep -qE "^$P1  web +p1 +switch 0000000000000001 port 1 +- +-$" "$OUT" || e2e_fail "port table p1: $(cat "$OUT")"
grep -qE "^$P2  db +p2 +switch 0000000000000001 port 2 vlan 100 +- +-$" "$OUT" || e2e_fail "port table p2: $(cat "$OUT")"
grep -qE "^$P3  web +p3 +mac 02:00:00:00:00:03 +02:00:00:00:00:03 +-$" "$OUT" || e2e_fail "port table p3: $(cat "$OUT")"
grep -qE "^$P4  web +p4 +iface-id vm4-eth0 +- +-$" "$OUT" || e2e_fail "port table p4: $(cat "$OUT")"
grep -qE "^$P5  web +p5 +none +- +-$" "$OUT" || e2e_fail "port table p5: $(cat "$OUT")"
KUMO_API_PAGE_SIZE=1 kc 0 --json port list
[ "$(j 'map(.uuid) | join(" ")')" = "$P1 $P2 $P3 $P4 $P5" ] || e2e_fail "port list --json: $(cat "$OUT")"
[ "$(jq -c . "$OUT")" = "$(api '/v1/ports' | jq -c .items)" ] || e2e_fail "port list --json differs from the API"
kc 0 --json port list --network web --tenant globex
[ "$(j 'map(.name) | join(",")')" = "p3,p4,p5" ] || e2e_fail "port list --network: $(cat "$OUT")"
kc 0 --json port show p2
[ "$(jq -c . "$OUT")" = "$(api "/v1/ports/$P2" | jq -c .)" ] || e2e_fail "port show --json differs from the API"
kc 0 port show p4 --network web --tenant globex
out_has "binding:          iface-id vm4-eth0"
out_has "network_uuid:     $N3"

# ---- Deletes.
kc 0 port delete p5
out_has "deleted port $P5"
kc 1 port show "$P5"
err_has 'HTTP 404'
kc 1 tenant delete acme
err_has 'HTTP 409'
kc 1 network delete db --tenant acme
err_has 'HTTP 409'
kc 0 --json network delete db --tenant acme --cascade
[ "$(j .deleted)" = "$N2" ] || e2e_fail "network delete --json: $(cat "$OUT")"
[ "$(api "/v1/ports/$P2" | jq -r .error.status)" = 404 ] || e2e_fail "cascade left port p2"
kc 0 tenant delete acme --cascade
kc 0 --json network list
[ "$(j 'map(.uuid) | join(" ")')" = "$N3" ] || e2e_fail "networks after deletes: $(cat "$OUT")"
kc 0 --json port list
[ "$(j 'map(.name) | join(",")')" = "p3,p4" ] || e2e_fail "ports after deletes: $(cat "$OUT")"
kc 1 tenant delete acme
err_has 'no tenant named "acme"'
e2e_log "tenants, networks and ports of every binding kind through kumoctl"

# ---- flows DPID: through the API (--api, or $KUMO_API without --ctl)
# and through the control socket (--ctl) the same flows.
kc 1 --api "$API" flows 1
err_has 'field "dpid"'
err_has 'HTTP 404'
kc 2 --api "$API" flows not-a-dpid
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
# "table priority match actions" of each flow, sorted.
flow_keys() { jq -r '.[] | "\(.table_id) \(.priority) \(.match) \(.actions)"' | sort; }
same_flows() {
    local a b
    a=$("$KUMOCTL" --json flows 1 | flow_keys) || return 1
    b=$(e2e_kumoctl --json flows 1 | flow_keys) || return 1
    [ -n "$a" ] && [ "$a" = "$b" ]
}
e2e_wait_until 10 "the API and the control socket list the same flows" same_flows
KUMO_API_PAGE_SIZE=1 kc 0 --json --api "$API" flows 0x1
n_api=$(j length)
n_ovs=$(e2e_ofctl sw1 dump-flows s1 | grep -c 'priority=' || true)
[ "$n_api" -ge 1 ] && [ "$n_api" = "$n_ovs" ] \
    || e2e_fail "kumoctl flows (API, pages of 1) lists $n_api flows, ovs-ofctl $n_ovs"
kc 0 flows 1 --api "$API"
head -n 1 "$OUT" | grep -qE '^ *TABLE +PRIORITY +PACKETS +BYTES +AGE +IDLE +MATCH +ACTIONS$' \
    || e2e_fail "flows table heading: $(head -n 1 "$OUT")"
[ "$(wc -l < "$OUT")" = $((n_ovs + 2)) ] && [ "$(tail -n 1 "$OUT")" = "$n_ovs flows" ] \
    || e2e_fail "flows table: $(cat "$OUT")"
# Which transport answered: the control socket needs no token, the API
# does. --ctl (or, without --api and $KUMO_API, an existing socket at
# $KUMO_CTL) means the control socket; a missing socket there is an
# unreachable daemon (3).
KUMO_API_TOKEN=bad-token-0123456789abcdef kc 1 flows 1
err_has 'HTTP 401'
KUMO_API_TOKEN=bad-token-0123456789abcdef kc 0 --ctl "$E2E_CTL_SOCK" --json flows 1
[ "$(flow_keys < "$OUT")" = "$("$KUMOCTL" --json flows 1 | flow_keys)" ] \
    || e2e_fail "flows via --ctl differ from the API's"
KUMO_API_TOKEN=bad-token-0123456789abcdef KUMO_CTL=$E2E_CTL_SOCK \
    kc 0 --json flows 1 --api "$API" --token "$TOKEN"
(unset KUMO_API; KUMO_API_TOKEN=bad-token-0123456789abcdef \
    KUMO_CTL=$E2E_CTL_SOCK kc 0 flows 1) || exit 1
kc 3 --ctl "$E2E_DIR/no-such.ctl" flows 1
e2e_log "flows DPID through the API: $n_api flows, same as the control socket"

# ---- The API down: exit 3 with a hint.
e2e_kumod_stop
kc 3 tenant list
err_has "cannot reach kumod's API at $API"
err_has "is kumod running with --api?"
kc 3 --json network list
kc 3 flows 1
err_has "is kumod running with --api?"

e2e_pass
