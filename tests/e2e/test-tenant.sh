#!/usr/bin/env bash
# test-tenant.sh - tenant networks on a real fabric: three OpenFlow 1.3
# switches in a triangle (each its own ovs-vswitchd), hosts in namespaces
# bound to networks through kumod's REST API (a real SQLite store). Two
# tenants with two networks each; the hosts are the table HOSTS below:
#
#   tenant A  net A1: a1 (t1 port 10, switch port), a3 (t3 port 10, switch
#                     port), am (MAC binding; plugged into t2 port 12)
#             net A2: v1 (t1 port 11, VLAN 100), v2 (t2 port 11, VLAN 200:
#                     VLAN translation at the edge)
#   tenant B  net B1: b1 (t2 port 10) and b3 (t3 port 12): the SAME IP
#                     addresses as a1 and a3 (198.19.13.1, .3)
#             net B2: w3 (t3 port 11, VLAN 100: A2's VLAN id on another
#                     switch) and bm (MAC binding, plugged into t1 port
#                     12): the same IP addresses as v1 and v2
#   (port 13 of each switch: hosts c1..c3 for tenant C, which comes and
#   goes during the hitless test; at the end am moves to t3 port 14)
#
#            t1 -2====1- t2
#              1\       /2
#                \     /
#               2 \   / 1
#                   t3
#
# The reachability matrix is exact and driven by the table: every host
# pings every other host of its network (all ordered pairs); then every
# host sends ARP requests to every other host (broadcast, and unicast to
# its MAC), and tcpdump in every host's namespace (inbound frames, LLDP
# aside) must show, for EVERY ordered pair of hosts, at least one frame
# from the sender if both are in one network and none at all otherwise
# (the number of pairs checked must be n x (n - 1)); no host sees a frame
# from a MAC outside its network or a tagged frame; a spoofing host (a1
# sending with another source MAC) reaches nobody. Then the hitless part
# of issue 5 item 4, with a 100 packets/s ping a1 -> a3 running: (1) kumod
# killed (SIGKILL) and restarted: 0 packets lost, every switch's flows and
# groups identical and none re-added; (2) tenant C's networks and ports
# (switch port, port+VLAN and MAC bindings on all three switches) created
# and deleted through the REST API, three rounds: 0 packets lost, and the
# other tenants' flows untouched. Lost packets per phase are printed
# (KUMO_E2E_LOSS_MAX, default 0). Last, the MAC-bound am moves to another
# switch and stays in A1, and the matrix is checked again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init tenant
e2e_kumod_bin
E2E_DUMP_HOOKS=(e2e_dump_fabric)
command -v curl >/dev/null || e2e_skip "curl not installed"
command -v jq >/dev/null || e2e_skip "jq not installed"
command -v tcpdump >/dev/null || e2e_skip "tcpdump not installed"
e2e_kumod_has_forwarding fabric || e2e_fail "kumod does not accept forwarding = fabric"
max_lost=${KUMO_E2E_LOSS_MAX:-0}
net=198.19.13
TOKEN=tenant-e2e-token-0123456789
OUT=$E2E_DIR/resp

sw=(t1:t1:1 t2:t2:2 t3:t3:3)
e2e_switches_start OpenFlow13 "${sw[@]}"
e2e_link_wire t1 t1 t2 t2 2 1
e2e_link_wire t2 t2 t3 t3 2 1
e2e_link_wire t3 t3 t1 t1 2 1

# host NAME SWITCH OFPORT IP MAC_BYTE [VLAN]: a host on port OFPORT. With
# VLAN, the host sits behind an access bridge in the switch's vswitchd
# (its port tagged VLAN, a patch port to the switch's OFPORT as trunk), as
# behind a top-of-rack switch or a hypervisor bridge: its frames reach the
# fabric tagged VLAN, and only frames tagged VLAN reach it. (The test
# kernel may lack VLAN netdevs; this needs none.)
declare -A MAC IP
vlan_ports=()
host() {
    local name=$1 s=$2 port=$3 ip=$4 mb=$5 vlan=${6:-}
    MAC[$name]=$(e2e_mac 13 "$mb")
    IP[$name]=$ip
    if [ -z "$vlan" ]; then
        e2e_host_wire "$name" "$ip/24" "$s" "$s" "$port" "${MAC[$name]}"
        return
    fi
    e2e_ovs "$s" ovs-vsctl add-br "x$name" -- set bridge "x$name" \
        datapath_type=netdev fail-mode=standalone \
        other_config:disable-in-band=true
    e2e_host_wire "$name" "$ip/24" "$s" "x$name" 1 "${MAC[$name]}"
    vlan_ports+=("$s:$name:$port:$vlan")
}
# vlan_commit: tag the access ports and patch the access bridges in.
vlan_commit() {
    local spec s name port vlan
    for spec in "${vlan_ports[@]}"; do
        IFS=: read -r s name port vlan <<< "$spec"
        e2e_ovs "$s" ovs-vsctl set port "$name" tag="$vlan" \
            -- add-port "x$name" "${name}a" \
            -- set interface "${name}a" type=patch options:peer="${name}s" \
            -- add-port "$s" "${name}s" \
            -- set interface "${name}s" type=patch options:peer="${name}a" \
               ofport_request="$port"
    done
}
# The hosts of tenants A and B: NAME SWITCH OFPORT IP MAC_BYTE VLAN
# NETWORK BINDING, where BINDING is "port" (switch port), "vlan" (port +
# VLAN: the host behind an access bridge tagging VLAN) or "mac" (MAC
# binding; the host is plugged into OFPORT). Everything below (ports,
# pings, the capture matrix) is derived from this table.
HOSTS='
a1 t1 10 198.19.13.1  1  -   A1 port
a3 t3 10 198.19.13.3  3  -   A1 port
am t2 12 198.19.13.4  4  -   A1 mac
v1 t1 11 198.19.13.11 11 100 A2 vlan
v2 t2 11 198.19.13.12 12 200 A2 vlan
b1 t2 10 198.19.13.1  21 -   B1 port
b3 t3 12 198.19.13.3  23 -   B1 port
w3 t3 11 198.19.13.11 41 100 B2 vlan
bm t1 12 198.19.13.12 42 -   B2 mac
'
declare -A NETOF BINDOF SWOF PORTOF VLANOF
all_hosts=()
# (The table is read on fd 3: the commands in the loop read stdin.)
while read -r -u 3 name s port ip mb vlan netname kind; do
    [ -n "$name" ] || continue
    [ "$vlan" = - ] && vlan=""
    host "$name" "$s" "$port" "$ip" "$mb" "$vlan"
    all_hosts+=("$name")
    NETOF[$name]=$netname; BINDOF[$name]=$kind; SWOF[$name]=${s#t}
    PORTOF[$name]=$port; VLANOF[$name]=$vlan
done 3<<< "$HOSTS"
networks=$(printf '%s\n' "${NETOF[@]}" | sort -u)
# Port 13 of each switch: tenant C's ports come and go there.
for i in 1 2 3; do host "c$i" "t$i" 13 "198.19.14.$i" "$((30 + i))"; done
e2e_ports_commit
vlan_commit
e2e_log "triangle with $(( ${#all_hosts[@]} + 3 )) hosts built"

cfg=$E2E_DIR/kumod.conf
cat > "$cfg" <<EOF
forwarding = fabric
api = 127.0.0.1:0
db = $E2E_DIR/tenant.db
api_token = $TOKEN
EOF
api_url() {
    grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$E2E_KUMOD_LOG" \
        | tail -n 1 | sed 's/listening on //'
}
start_kumod() {
    e2e_kumod_start --config "$cfg"
    e2e_wait_until 5 "kumod's API address in its log" api_url
    API=$(api_url)
}
# call CODE METHOD PATH [BODY]: one API request that must answer CODE.
call() {
    local want=$1 method=$2 path=$3 body=${4-} a=(-H "Authorization: Bearer $TOKEN") code
    [ -z "$body" ] || a+=(-H 'Content-Type: application/json' --data-binary "$body")
    code=$(curl -sS -m 20 -o "$OUT" -w '%{http_code}' -X "$method" "${a[@]}" \
        "$API$path") || code=000
    [ "$code" = "$want" ] || e2e_fail "$method $path $body: HTTP $code, expected $want: $(cat "$OUT")"
}
uuid() { jq -r .uuid < "$OUT"; }
tenant() { call 201 POST /v1/tenants "{\"name\":\"$1\"}"; uuid; }
network() { call 201 POST /v1/networks "{\"name\":\"$2\",\"tenant_uuid\":\"$1\"}"; uuid; }
# port NET NAME MAC BINDING_JSON
port() {
    call 201 POST /v1/ports "{\"network_uuid\":\"$1\",\"name\":\"$2\",\"mac\":\"$3\",\"binding\":$4}"
    uuid
}
sp() { echo "{\"kind\":\"switch-port\",\"dpid\":\"0x$1\",\"port_no\":$2}"; }
pv() { echo "{\"kind\":\"port-vlan\",\"dpid\":\"0x$1\",\"port_no\":$2,\"vlan\":$3}"; }
mb() { echo "{\"kind\":\"mac\",\"mac\":\"$1\"}"; }

start_kumod
e2e_log "kumod API at $API"
declare -A TEN NETU
TEN[A]=$(tenant A); TEN[B]=$(tenant B)
for n in $networks; do NETU[$n]=$(network "${TEN[${n:0:1}]}" "$n"); done
for h in "${all_hosts[@]}"; do
    case ${BINDOF[$h]} in
    port) b=$(sp "${SWOF[$h]}" "${PORTOF[$h]}") ;;
    vlan) b=$(pv "${SWOF[$h]}" "${PORTOF[$h]}" "${VLANOF[$h]}") ;;
    mac) b=$(mb "${MAC[$h]}") ;;
    *) e2e_fail "host $h: unknown binding ${BINDOF[$h]}" ;;
    esac
    port "${NETU[${NETOF[$h]}]}" "$h" "${MAC[$h]}" "$b" >/dev/null
done
e2e_log "tenants A and B, networks $(echo $networks), ${#all_hosts[@]} ports" \
    "created through the API"

# Captures: inbound frames on every host's eth0, LLDP aside.
for h in "${all_hosts[@]}"; do
    e2e_bg "$h" "cap-$h" tcpdump -l -n -e -Q in -i eth0 'not ether proto 0x88cc'
done
sleep 1

e2e_set_controllers "tcp:$E2E_CTL_IP:$E2E_OF_PORT" "${sw[@]}"
for i in 1 2 3; do e2e_wait_kumod_switch "$i"; done
e2e_wait_topology 3 3 30

# Allowed pairs: every ordered pair within each network pings.
ping_networks() {
    local n h members
    for n in $networks; do
        members=()
        for h in "${all_hosts[@]}"; do
            [ "${NETOF[$h]}" = "$n" ] && members+=("$h:${IP[$h]}")
        done
        e2e_ping_all "${members[@]}"
    done
}
ping_networks
e2e_log "allowed pairs ping (A2 across VLANs 100/200, B1 and B2 on A's addresses)"

# probe: every host sends, with its own MAC and IP, ARP requests for every
# other host's address: broadcast, and unicast to that host's MAC.
probe() {
    local h g args
    for h in "${all_hosts[@]}"; do
        args=()
        for g in "${all_hosts[@]}"; do
            [ "$g" = "$h" ] || args+=("${MAC[$g]}" "${IP[$g]}")
        done
        e2e_exec "$h" /usr/bin/python3 - "${MAC[$h]}" "${IP[$h]}" "${args[@]}" <<'PY' \
            || e2e_fail "probe sender in $h failed"
import socket, sys
def mac(m): return bytes.fromhex(m.replace(':', ''))
def ip(a): return bytes(int(x) for x in a.split('.'))
src, sip, rest = mac(sys.argv[1]), ip(sys.argv[2]), sys.argv[3:]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('eth0', 0))
for _ in range(2):
    for i in range(0, len(rest), 2):
        arp = bytes.fromhex('0001080006040001') + src + sip + b'\0' * 6 + ip(rest[i + 1])
        for dst in (b'\xff' * 6, mac(rest[i])):
            s.send(dst + src + b'\x08\x06' + arp)
PY
    done
}
probe

# Spoofing: a1 sends broadcasts and unicasts to everyone with a source MAC
# that is not its own; nothing may arrive anywhere (checked below).
spoof=02:00:c6:13:ee:01
e2e_exec a1 /usr/bin/python3 - "$spoof" "${MAC[@]}" <<'PY' || e2e_fail "spoofing sender failed"
import socket, sys
src = bytes.fromhex(sys.argv[1].replace(':', ''))
dsts = [b'\xff' * 6] + [bytes.fromhex(m.replace(':', '')) for m in sys.argv[2:]]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('eth0', 0))
for _ in range(3):
    for d in dsts:
        # An ARP request "who has 198.19.13.3" from the spoofed MAC.
        arp = bytes.fromhex('000108000604 0001'.replace(' ', '')) + src \
            + bytes([198, 19, 13, 1]) + b'\0' * 6 + bytes([198, 19, 13, 3])
        s.send(d + src + b'\x08\x06' + arp)
PY
sleep 1

# check_captures: the exact matrix over every ordered pair of hosts of the
# table (frames from the sender at the receiver: >= 1 within a network, 0
# across networks); no frame from a MAC outside the receiver's network,
# no tagged frame (every host's eth0 is untagged); no spoofed frame.
check_captures() {
    local h g allowed bad n from n_pairs=0 n_allowed=0
    for h in "${all_hosts[@]}"; do
        allowed=""
        for g in "${all_hosts[@]}"; do
            [ "${NETOF[$g]}" = "${NETOF[$h]}" ] && allowed+=" ${MAC[$g]}"
        done
        n=$(grep -c ' > ' "$E2E_DIR/bg/cap-$h.log" || true)
        bad=$(awk -v ok="$allowed" '
            BEGIN { split(ok, a, " "); for (i in a) allow[a[i]] = 1 }
            / > / {
                src = $2
                if (!(src in allow)) { print "from " src ": " $0; next }
                if ($0 ~ /vlan [0-9]+/) { print "tagged: " $0 }
            }' "$E2E_DIR/bg/cap-$h.log" | head -5)
        [ -z "$bad" ] || e2e_fail "host $h (network ${NETOF[$h]}) received foreign frames: $bad"
        # Frames per source MAC at h.
        unset counts; declare -A counts=()
        while read -r g n; do counts[$g]=$n; done < <(
            awk '/ > / { c[$2]++ } END { for (m in c) print m, c[m] }' \
                "$E2E_DIR/bg/cap-$h.log")
        for g in "${all_hosts[@]}"; do
            [ "$g" != "$h" ] || continue
            from=${counts[${MAC[$g]}]:-0}
            n_pairs=$((n_pairs + 1))
            if [ "${NETOF[$g]}" = "${NETOF[$h]}" ]; then
                n_allowed=$((n_allowed + 1))
                [ "$from" -gt 0 ] || e2e_fail "matrix: $g -> $h (both ${NETOF[$h]}): no frame arrived"
            else
                [ "$from" = 0 ] || e2e_fail "matrix: $g (${NETOF[$g]}) -> $h (${NETOF[$h]}): $from frames arrived"
            fi
        done
        n=$(grep -c ' > ' "$E2E_DIR/bg/cap-$h.log" || true)
        e2e_log "capture $h: $n frames, all from network ${NETOF[$h]}"
    done
    n=${#all_hosts[@]}
    [ "$n_pairs" = $((n * (n - 1))) ] || e2e_fail "matrix: checked $n_pairs pairs of $((n * (n - 1)))"
    if grep -q "$spoof" "$E2E_DIR"/bg/cap-*.log; then
        e2e_fail "a spoofed frame arrived somewhere"
    fi
    e2e_log "matrix: all $n_pairs ordered pairs of $n hosts as expected:" \
        "$n_allowed within a network (frames arrived), $((n_pairs - n_allowed))" \
        "across networks (0 frames)"
}
check_captures
e2e_log "isolation: no foreign frame on any host; the spoofed frames reached nobody"

# ---- Hitless: kumod restart.
tables() {
    {
        e2e_ofctl "t$1" dump-flows --no-stats "t$1" | grep -v 'reply (OF' | sed 's/^ *//'
        e2e_ofctl "t$1" dump-groups "t$1" | grep -v 'reply (OF' | sed 's/^ *//'
    } | sort
}
all_tables() { local i; for i in 1 2 3; do tables "$i" | sed "s/^/t$i /"; done; }
stable() {
    all_tables > "$E2E_DIR/before.new"
    if cmp -s "$E2E_DIR/before.new" "$E2E_DIR/before"; then return 0; fi
    mv "$E2E_DIR/before.new" "$E2E_DIR/before"
    return 1
}
: > "$E2E_DIR/before"
e2e_wait_until 20 "flow tables stable for 1 s" eval 'stable || { sleep 1; stable; }'
n_tenant=$(grep -c 'cookie=0x4b5502' "$E2E_DIR/before" || true)
[ "$n_tenant" -gt 0 ] || e2e_fail "no tenant flows (cookie 0x4b5502...) installed"
e2e_log "tables stable: $(grep -c ' cookie=' "$E2E_DIR/before") flows ($n_tenant tenant)," \
    "$(grep -c ' group_id=' "$E2E_DIR/before") groups"

all_synced() { [ "$(e2e_topo 'all(s["synced"] for s in R["switches"])')" = True ]; }
restart() {
    restart_ms=$(e2e_now_ms)
    e2e_kumod_kill
    start_kumod
    for i in 1 2 3; do e2e_wait_kumod_switch "$i" 30; done
    e2e_wait_topology 3 3 30
    e2e_wait_until 30 "every switch synced" all_synced
    e2e_log "kumod back and synced after $(( $(e2e_now_ms) - restart_ms )) ms"
    sleep 1
}
e2e_flow_event "TENANT KUMOD RESTART (a1 -> a3)" a1 "$net.3" "$max_lost" restart
all_tables > "$E2E_DIR/after"
if ! cmp -s "$E2E_DIR/before" "$E2E_DIR/after"; then
    diff "$E2E_DIR/before" "$E2E_DIR/after" >&2 || true
    e2e_fail "flows or groups changed across the kumod restart"
fi
age_s=$(( ($(e2e_now_ms) - restart_ms) / 1000 ))
for i in 1 2 3; do
    young=$(e2e_ofctl "t$i" dump-flows "t$i" | grep -o 'duration=[0-9]*' \
            | awk -F= -v a="$age_s" '$2 < a' | wc -l)
    [ "$young" = 0 ] || e2e_fail "t$i: $young flows were (re)installed after the restart"
done
e2e_log "restart: flows and groups unchanged, none re-added"

# ---- Hitless: another tenant's networks and ports come and go.
# (grep reads all its input here: "grep -q" would exit at the first match,
# and under pipefail the SIGPIPE of the writer before it, if that one was
# still writing, made this false although the flow was there.)
c_flows_on() {
    e2e_ofctl "$1" dump-flows "$1" | grep 'cookie=0x4b5502' \
        | grep "dl_src=02:00:c6:13:$2" >/dev/null
}
# round_us: how long the fabric thread's latest round took (it spaces
# rounds by twice that, at most 5 s).
round_us() {
    e2e_kumoctl --json counters | e2e_json 'R["fabric"]["last_recompute_us"]'
}
churn() {
    local round TC C1 C2 ports p t0 waits="" rounds="" r0
    r0=$(round_us)
    for round in 1 2 3; do
        TC=$(tenant "C$round")
        C1=$(network "$TC" C1); C2=$(network "$TC" C2)
        ports=()
        ports+=("$(port "$C1" c1 02:00:c6:13:cc:01 "$(sp 1 13)")")
        ports+=("$(port "$C1" c2 02:00:c6:13:cc:02 "$(pv 2 13 300)")")
        ports+=("$(port "$C2" c3 02:00:c6:13:cc:03 "$(pv 3 13 400)")")
        t0=$(e2e_now_ms)
        ports+=("$(port "$C2" c4 02:00:c6:13:cc:04 "$(mb 02:00:c6:13:cc:04)")")
        # C's classification is on the switches (its port+VLAN binding on
        # t2 matches the port's MAC).
        e2e_wait_until 30 "tenant C's flows on t2" c_flows_on t2 cc:02
        waits+=" $(( $(e2e_now_ms) - t0 ))"
        rounds+=" $(round_us)"
        for p in "${ports[@]}"; do call 204 DELETE "/v1/ports/$p"; done
        call 204 DELETE "/v1/networks/$C1"
        call 204 DELETE "/v1/networks/$C2"
        call 204 DELETE "/v1/tenants/$TC"
        sleep 0.5
    done
    e2e_log "tenant C created and deleted 3 times through the API; its" \
        "flows were on t2 after (ms from the last port's creation):$waits;" \
        "the fabric's last round then had taken (us):$rounds (before: $r0)"
}
e2e_flow_event "TENANT C CREATE/DELETE x3 (a1 -> a3)" a1 "$net.3" "$max_lost" churn
all_tables > "$E2E_DIR/after-churn"
if ! cmp -s "$E2E_DIR/before" "$E2E_DIR/after-churn"; then
    diff "$E2E_DIR/before" "$E2E_DIR/after-churn" >&2 || true
    e2e_fail "flows or groups differ after tenant C came and went"
fi
e2e_log "tenant C gone: every table back to the state before"

# A MAC-bound device moves: am's cable goes from t2 port 12 to t3 port 14;
# it stays in A1 (pings a1 and a3), and nothing else.
e2e_host_move am t2 t3 t3 14
e2e_wait_ping am "$net.1" 30
e2e_wait_ping a3 "$net.4"
e2e_no_ping am "$net.11"
e2e_log "MAC-bound am moved from t2 to t3 and stayed in A1"

# Still isolated and connected after all this: the whole matrix again.
ping_networks
probe
sleep 1
check_captures

cat "$E2E_DIR/figures" >&2
e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
