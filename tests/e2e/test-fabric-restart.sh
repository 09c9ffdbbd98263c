#!/usr/bin/env bash
# test-fabric-restart.sh - a kumod crash and restart must not disturb the
# fabric's installed forwarding. Three OpenFlow 1.3 switches in a
# triangle (a loop), each its own ovs-vswitchd, one host each:
#
#            h1 -10- t1 -2====1- t2 -10- h2
#                      1\      /2
#                        \    /
#                       2 \  / 1
#                          t3 -10- h3
#
# kumod (default forwarding: fabric) learns the topology and the hosts;
# then, while a 100 packets/s flow h1 -> h3 runs, kumod is killed with
# SIGKILL and started again. The switches keep their flows (fail-mode
# secure); the new kumod reads them back and must find nothing to change
# although it starts with an empty topology. Checks: lost echoes printed
# (fails above KUMO_E2E_LOSS_MAX, default 25; the target is 0), every
# switch's flows and groups identical before and after (match, priority,
# cookie, actions, buckets), and no flow re-added (every flow's duration
# covers the whole restart), the ARP broadcast check and all-pairs ping
# after the restart.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init fabric-restart
e2e_kumod_bin
E2E_DUMP_HOOKS=(e2e_dump_fabric)
e2e_kumod_has_forwarding fabric || e2e_fail "kumod does not accept forwarding = fabric"
max_lost=${KUMO_E2E_LOSS_MAX:-25}
net=198.19.12

sw=(t1:t1:1 t2:t2:2 t3:t3:3)
e2e_switches_start OpenFlow13 "${sw[@]}"
e2e_link_wire t1 t1 t2 t2 2 1
e2e_link_wire t2 t2 t3 t3 2 1
e2e_link_wire t3 t3 t1 t1 2 1
hosts=()
for i in 1 2 3; do
    e2e_host_wire "h$i" "$net.$i/24" "t$i" "t$i" 10 "$(e2e_mac 12 "$i")"
    hosts+=("h$i:$net.$i")
done
e2e_ports_commit
e2e_log "triangle built"

e2e_kumod_start
e2e_set_controllers "tcp:$E2E_CTL_IP:$E2E_OF_PORT" "${sw[@]}"
for i in 1 2 3; do e2e_wait_kumod_switch "$i"; done
e2e_wait_topology 3 3 30
e2e_ping_all "${hosts[@]}"

# tables NAME: t$NAME's flows (no statistics) and groups, sorted.
tables() {
    {
        e2e_ofctl "t$1" dump-flows --no-stats "t$1" | grep -v 'reply (OF' | sed 's/^ *//'
        e2e_ofctl "t$1" dump-groups "t$1" | grep -v 'reply (OF' | sed 's/^ *//'
    } | sort
}
# all_tables: every switch's tables, each line prefixed with its switch.
all_tables() { local i; for i in 1 2 3; do tables "$i" | sed "s/^/t$i /"; done; }
# Let the fabric settle (it has just installed the hosts' paths): the
# tables must be stable before the restart for the comparison to mean
# anything.
stable() {
    all_tables > "$E2E_DIR/before.new"
    if cmp -s "$E2E_DIR/before.new" "$E2E_DIR/before"; then return 0; fi
    mv "$E2E_DIR/before.new" "$E2E_DIR/before"
    return 1
}
: > "$E2E_DIR/before"
e2e_wait_until 20 "flow tables stable for 1 s" eval 'stable || { sleep 1; stable; }'
for i in 1 2 3; do
    [ "$(grep -c "^t$i cookie=" "$E2E_DIR/before")" -gt 0 ] \
        || e2e_fail "t$i has no flows before the restart"
done
e2e_log "tables stable: $(grep -c ' cookie=' "$E2E_DIR/before") flows," \
    "$(grep -c ' group_id=' "$E2E_DIR/before") groups"

all_synced() { [ "$(e2e_topo 'all(s["synced"] for s in R["switches"])')" = True ]; }

restart() {
    restart_ms=$(e2e_now_ms)
    e2e_kumod_kill
    e2e_kumod_start
    for i in 1 2 3; do e2e_wait_kumod_switch "$i" 30; done
    e2e_wait_topology 3 3 30
    e2e_wait_until 30 "every switch synced" all_synced
    e2e_log "kumod back, topology and sync complete after $(( $(e2e_now_ms) - restart_ms )) ms"
    sleep 1     # Anything the new kumod still sends would show now.
}
e2e_flow_event "KUMOD RESTART fabric-restart" h1 "$net.3" "$max_lost" restart

all_tables > "$E2E_DIR/after"
if ! cmp -s "$E2E_DIR/before" "$E2E_DIR/after"; then
    diff "$E2E_DIR/before" "$E2E_DIR/after" >&2 || true
    e2e_fail "flows or groups changed across the kumod restart"
fi
# No flow was deleted and added again: each is older than the restart.
age_s=$(( ($(e2e_now_ms) - restart_ms) / 1000 ))
for i in 1 2 3; do
    young=$(e2e_ofctl "t$i" dump-flows "t$i" | grep -o 'duration=[0-9]*' \
            | awk -F= -v a="$age_s" '$2 < a' | wc -l)
    [ "$young" = 0 ] || e2e_fail "t$i: $young flows were (re)installed after the restart"
done
e2e_log "flows and groups unchanged, none re-added"

e2e_check_arp_copies h1 "$net.200" h1 h2 h3
e2e_ping_all "${hosts[@]}"

cat "$E2E_DIR/figures" >&2
e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
