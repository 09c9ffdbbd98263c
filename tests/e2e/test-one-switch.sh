#!/usr/bin/env bash
# test-one-switch.sh - kumod's reactive learning switch on real Open vSwitch,
# OpenFlow 1.3 and 1.0 side by side: one ovs-vswitchd with bridge s1
# (dpid 1, OpenFlow13 only, hosts h1 h2 h3) and bridge s2 (dpid 2,
# OpenFlow10 only, hosts h4 h5), both connected to one kumod over TCP.
# Checks: no traffic before the controller (fail-mode secure), kumoctl
# switches/ports show both switches with the right version and ports,
# hosts ping each other through kumod, learned flows appear in
# `kumoctl flows` and in the switch's table, SIGTERM stops kumod cleanly,
# kumoctl then fails with a clear error, and kumod logged no warning or
# error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init one-switch
e2e_kumod_bin

e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1 OpenFlow13
e2e_bridge_add sw1 s2 2 OpenFlow10
for i in 1 2 3; do e2e_host_add "h$i" "198.19.1.$i/24" sw1 s1 "$i" "$(e2e_mac 1 "$i")"; done
for i in 4 5; do e2e_host_add "h$i" "198.19.2.$i/24" sw1 s2 "$i" "$(e2e_mac 2 "$i")"; done
e2e_mgmt_attach sw1
e2e_no_ping h1 198.19.1.2

e2e_kumod_start
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_set_controller sw1 s2 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
e2e_wait_kumod_switch 2
e2e_log "both switches connected to kumod"

# kumoctl switches: version, address, port count.
v=$(e2e_kumod_switch 1 version)
[ "$v" = 1.3 ] || e2e_fail "s1 should speak OpenFlow 1.3, kumoctl says '$v'"
v=$(e2e_kumod_switch 2 version)
[ "$v" = 1.0 ] || e2e_fail "s2 should speak OpenFlow 1.0, kumoctl says '$v'"
a=$(e2e_kumod_switch 1 address)
[[ $a == *"$E2E_MGMT_IP"* ]] || e2e_fail "s1's address '$a' does not name $E2E_MGMT_IP"
out=$(e2e_kumoctl switches) || e2e_fail "kumoctl switches (table) failed"
grep -q 0000000000000001 <<< "$out" || e2e_fail "kumoctl switches table lacks dpid 1: $out"
grep -q 0000000000000002 <<< "$out" || e2e_fail "kumoctl switches table lacks dpid 2: $out"

# kumoctl ports: every host port by name (the port list is read at the
# handshake; wait in case the port-desc reply is still being processed).
has_ports() {
    local dpid=$1 p json; shift
    json=$(e2e_kumoctl --json ports "$dpid") || return 1
    for p in "$@"; do
        [ "$(e2e_json "len([x for x in R if x['name'] == '$p'])" <<< "$json")" = 1 ] || return 1
    done
}
e2e_wait_until 5 "kumoctl ports 1 lists h1 h2 h3" has_ports 1 h1 h2 h3
e2e_wait_until 5 "kumoctl ports 2 lists h4 h5" has_ports 2 h4 h5
e2e_kumoctl ports 1 | grep -q h2 || e2e_fail "kumoctl ports 1 (table) lacks h2"

# Traffic through the learning switch, both versions.
e2e_wait_ping h1 198.19.1.2
e2e_wait_ping h2 198.19.1.3
e2e_wait_ping h3 198.19.1.1
e2e_wait_ping h4 198.19.2.5
e2e_log "hosts ping through kumod (OF1.3 and OF1.0)"

# Learned flows, as kumod reads them back and as the switch has them.
has_flow_to() {
    local json
    json=$(e2e_kumoctl --json flows "$1") || return 1
    grep -qi "$2" <<< "$json"
}
e2e_wait_until 5 "kumoctl flows 1 shows a flow to h2" has_flow_to 1 "$(e2e_mac 1 2)"
e2e_wait_until 5 "kumoctl flows 1 shows a flow to h1" has_flow_to 1 "$(e2e_mac 1 1)"
e2e_wait_until 5 "kumoctl flows 2 shows a flow to h5" has_flow_to 2 "$(e2e_mac 2 5)"
n=$(e2e_kumoctl --json flows 1 | e2e_json 'len(R)')
[ "$n" -ge 2 ] || e2e_fail "kumoctl flows 1 lists $n flows, expected >= 2"
e2e_ofctl sw1 dump-flows s1 | grep -qi "dl_dst=$(e2e_mac 1 2)" \
    || e2e_fail "s1 has no flow for h2's MAC: $(e2e_ofctl sw1 dump-flows s1)"
e2e_ovs sw1 ovs-ofctl -O OpenFlow10 dump-flows s2 | grep -qi "dl_dst=$(e2e_mac 2 5)" \
    || e2e_fail "s2 has no flow for h5's MAC"
e2e_kumoctl flows 1 >/dev/null || e2e_fail "kumoctl flows 1 (table) failed"
e2e_log "learned flows visible ($n on s1)"

e2e_kumoctl counters >/dev/null || e2e_fail "kumoctl counters failed"
e2e_kumod_stop
# kumoctl without a daemon: non-zero exit and a clear error.
rc=0; out=$(e2e_kumoctl switches 2>&1) || rc=$?
[ "$rc" != 0 ] || e2e_fail "kumoctl switches succeeded with kumod stopped: $out"
grep -qiE 'kumod|running|connect' <<< "$out" \
    || e2e_fail "kumoctl's error without a daemon is unclear: $out"
e2e_kumod_check_log
e2e_pass
