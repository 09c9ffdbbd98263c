#!/usr/bin/env bash
# test-testbed.sh - proves the e2e harness itself, independently of kumod:
# one OVS switch (userspace datapath) with two hosts, Debian's
# ovs-testcontroller as the controller on the management bridge. Hosts must
# NOT reach each other before a controller is set (fail-mode secure, empty
# table) and must after (the controller's learning switch installs flows).
# A failure here means the machine cannot run the e2e suite, not a kumod bug.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init testbed
command -v ovs-testcontroller >/dev/null || e2e_skip "ovs-testcontroller not installed"

e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1
e2e_host_add h1 198.19.1.1/24 sw1 s1 1
e2e_host_add h2 198.19.1.2/24 sw1 s1 2
e2e_mgmt_attach sw1
e2e_log "testbed built"

e2e_no_ping h1 198.19.1.2
e2e_exec sw1 ping -q -c 1 -W 1 "$E2E_CTL_IP" >/dev/null \
    || e2e_fail "switch namespace cannot reach the management IP $E2E_CTL_IP"

e2e_bg - tc env OVS_RUNDIR="$E2E_DIR" ovs-testcontroller \
    "ptcp:$E2E_OF_PORT:$E2E_CTL_IP" --unixctl="$E2E_DIR/tc.ctl" -vconsole:warn
e2e_wait_until 5 "ovs-testcontroller listening" e2e_listening "$E2E_CTL_IP" "$E2E_OF_PORT"
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_ovs_connected sw1 s1
e2e_log "switch connected"

e2e_wait_ping h1 198.19.1.2
e2e_wait_ping h2 198.19.1.1
n=$(e2e_ofctl sw1 dump-flows s1 | grep -c 'actions=' || true)
[ "$n" -ge 2 ] || e2e_fail "expected learned flows on s1, found $n"
e2e_log "ping through ovs-testcontroller works, $n flows"

e2e_check_log "$E2E_DIR/bg/tc.log"
e2e_pass
