#!/usr/bin/env bash
# reconcile-peer.sh: the peer figure for "reconcile a reconnecting switch
# holding 50,000 flows" (issue 5 item 10): Open vSwitch's own
# reconciliation tool, "ovs-ofctl replace-flows", against a real
# ovs-vswitchd (userspace datapath, its own namespace, set up by the e2e
# harness tests/e2e/lib.sh, which removes everything at the end).
#
# The bridge gets N flows shaped like Kumo's tenant L2 table (table 21,
# metadata = network, eth_dst = MAC, a Kumo cookie, output to a port);
# then, timed: replace-flows with the same N flows (reads the table back,
# diffs, sends nothing), and with 1% of them different (every 100th: one
# missing from the switch, the next with another cookie, in turn), with
# the number of changes diff-flows reports before.
#
# Usage: bench/reconcile-peer.sh [N]      (N = 50000)
set -euo pipefail
N=${1:-50000}
. "$(dirname "$0")/../tests/e2e/lib.sh"
e2e_init reconcile-peer

e2e_ovs_start p1
e2e_bridge_add p1 br0 1 OpenFlow13
ofctl() { e2e_ovs p1 ovs-ofctl -O OpenFlow13 "$@"; }

# flows FILE CHANGE: N tenant-like flows; with CHANGE, every 100th from the
# 51st alternately left out and given another cookie.
flows() {
    awk -v n="$N" -v change="$2" 'BEGIN {
        for (i = 0; i < n; i++) {
            cookie = "0x4b55020000000001"
            if (change && i >= 50 && (i - 50) % 100 == 0) {
                k = (i - 50) / 100
                if (k % 2 == 0) continue
                cookie = "0x4b55020000005a5b"
            }
            net = 1 + i % 4094
            printf "table=21,priority=30000,cookie=%s,metadata=0x%x00000000/0xffffffff00000000,dl_dst=02:6b:%02x:%02x:%02x:%02x,actions=output:%d\n", \
                cookie, net, int(i / 16777216) % 256, int(i / 65536) % 256, \
                int(i / 256) % 256, i % 256, 1 + i % 8
        }
    }' > "$1"
}

flows "$E2E_DIR/same.txt" 0
flows "$E2E_DIR/changed.txt" 1
t0=$(e2e_now_ms)
ofctl add-flows br0 "$E2E_DIR/same.txt"
t1=$(e2e_now_ms)
have=$(ofctl dump-aggregate br0 | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
e2e_log "installed $have flows with add-flows in $((t1 - t0)) ms"

t0=$(e2e_now_ms)
ofctl replace-flows br0 "$E2E_DIR/same.txt"
t1=$(e2e_now_ms)
e2e_log "replace-flows, identical: $((t1 - t0)) ms"

# The switch now holds the "changed" table; reconcile it back.
ofctl replace-flows br0 "$E2E_DIR/changed.txt"
d=$(ofctl diff-flows br0 "$E2E_DIR/same.txt" | grep -c '^[-+]' || true)
t0=$(e2e_now_ms)
ofctl replace-flows br0 "$E2E_DIR/same.txt"
t1=$(e2e_now_ms)
e2e_log "replace-flows, 1% different ($d diff-flows lines): $((t1 - t0)) ms"
d=$(ofctl diff-flows br0 "$E2E_DIR/same.txt" | grep -c '^[-+]' || true)
[ "$d" = 0 ] || e2e_fail "$d differences left after replace-flows"
e2e_pass
