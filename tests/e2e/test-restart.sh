#!/usr/bin/env bash
# test-restart.sh - failures and reconnects:
# 1. kumod is killed with SIGKILL and started again: both switches
#    reconnect by themselves and traffic that needs the controller (flow
#    tables flushed) works again;
# 2. one ovs-vswitchd dies in a way that kumod never sees the old TCP
#    connection close (its address is gone first) and comes back from a new
#    address: it reconnects with the same datapath id, kumod replaces the
#    stale session (kumod's echo interval is 60 s, so only duplicate-dpid
#    handling can do it in time) and lists exactly one session for it;
#    its traffic works;
# 3. deterministic duplicate-datapath-id check with two fake switches
#    (of-evil) claiming the same dpid: the older session is closed, one
#    remains.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init restart
e2e_kumod_bin
evil=$(e2e_build_evil)

e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1 OpenFlow13
e2e_host_add h1 198.19.5.1/24 sw1 s1 1 "$(e2e_mac 5 1)"
e2e_host_add h2 198.19.5.2/24 sw1 s1 2 "$(e2e_mac 5 2)"
e2e_mgmt_attach sw1
e2e_ovs_start sw2
e2e_bridge_add sw2 s2 2 OpenFlow10
e2e_host_add h3 198.19.6.3/24 sw2 s2 1 "$(e2e_mac 6 3)"
e2e_host_add h4 198.19.6.4/24 sw2 s2 2 "$(e2e_mac 6 4)"
e2e_mgmt_attach sw2

# A long echo interval: a stale session must be replaced because its
# switch came back, not because echo requests went unanswered.
kumod_args=(--echo-interval 60s)
e2e_kumod_start "${kumod_args[@]}"
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_set_controller sw2 s2 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
e2e_wait_kumod_switch 2
e2e_wait_ping h1 198.19.5.2
e2e_wait_ping h3 198.19.6.4
e2e_log "phase 0: both switches up, traffic flows"

# 1. kumod crash and restart.
old_pid=$(e2e_kumod_pid)
e2e_kumod_kill
e2e_alive "$old_pid" && e2e_fail "kumod survived SIGKILL"
e2e_kumod_start "${kumod_args[@]}"
t0=$(e2e_now_ms)
e2e_wait_kumod_switch 1 30
e2e_wait_kumod_switch 2 30
e2e_log "phase 1: switches back $(( $(e2e_now_ms) - t0 )) ms after kumod restart"
# Forget the learned flows: from now on traffic needs the new kumod.
e2e_forget sw1 s1 OpenFlow13 "$(e2e_mac 5 1)" "$(e2e_mac 5 2)"
e2e_forget sw2 s2 OpenFlow10 "$(e2e_mac 6 3)" "$(e2e_mac 6 4)"
e2e_wait_ping h1 198.19.5.2
e2e_wait_ping h4 198.19.6.3
n=$(e2e_kumoctl --json flows 1 | e2e_json 'len(R)')
[ "$n" -ge 2 ] || e2e_fail "after the restart kumod lists $n flows on s1, expected >= 2"
e2e_log "phase 1: traffic resumed through the new kumod"

# 2. ovs-vswitchd of sw2 dies without its TCP close ever reaching kumod:
# its management address is removed first (so the FIN has no source and
# no route), then it is killed and comes back with a new address.
old_addr=$(e2e_kumod_switch 2 address)
new_ip=$E2E_MGMT_NET.200
e2e_exec sw2 ip addr flush dev mgmt0
e2e_vswitchd_stop sw2 KILL
e2e_exec sw2 ip addr add "$new_ip/24" dev mgmt0
e2e_vswitchd_start sw2
new_session() {
    local a
    [ "$(e2e_kumod_sessions 2)" = 1 ] || return 1
    a=$(e2e_kumod_switch 2 address) || return 1
    [[ $a == *"$new_ip:"* ]]
}
t0=$(e2e_now_ms)
e2e_wait_until 30 "kumod replaces s2's session (was $old_addr)" new_session
e2e_log "phase 2: s2's session replaced after $(( $(e2e_now_ms) - t0 )) ms:" \
    "$old_addr -> $(e2e_kumod_switch 2 address)"
e2e_log "kumod: $(grep -F "${old_addr#*:}" "$E2E_KUMOD_LOG" | tail -n 1)"
e2e_wait_ping h3 198.19.6.4
n=$(e2e_kumoctl --json switches | e2e_json 'len(R)')
[ "$n" = 2 ] || e2e_fail "kumod lists $n sessions, expected 2"
e2e_ping h1 198.19.5.2 || e2e_fail "s1's traffic broke while s2 restarted"
e2e_log "phase 2: traffic on the restarted switch works"

# 3. Two fake switches with the same dpid: the newer one wins.
e2e_bg - dup1 "$evil" "$E2E_CTL_IP" "$E2E_OF_PORT" switch 77 30
e2e_wait_kumod_switch 77 10
e2e_bg - dup2 "$evil" "$E2E_CTL_IP" "$E2E_OF_PORT" switch 77 30
rc=0; e2e_bg_wait dup1 10 || rc=$?
[ "$rc" = 3 ] || e2e_fail "the older session for dpid 77 was not closed (of-evil status $rc: $(cat "$E2E_DIR/bg/dup1.log"))"
e2e_wait_kumod_switch 77 5
e2e_alive "$(cat "$E2E_DIR/bg/dup2.pid")" \
    || e2e_fail "the newer session for dpid 77 was closed: $(cat "$E2E_DIR/bg/dup2.log")"
n=$(e2e_kumoctl --json switches | e2e_json 'len(R)')
[ "$n" = 3 ] || e2e_fail "kumod lists $n sessions, expected 3"
e2e_log "phase 3: duplicate dpid: older session closed, one left"
e2e_kill_pidfile "$E2E_DIR/bg/dup2.pid"

e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
