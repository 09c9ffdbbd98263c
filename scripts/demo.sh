#!/usr/bin/env bash
# demo.sh - Kumo's main job in one command: a real Open vSwitch bridge
# (userspace datapath, in its own network namespace) with three hosts,
# controlled by kumod over OpenFlow 1.3. The hosts ping each other through
# kumod's learning switch; kumoctl shows the switch, its ports and the flows
# kumod installed. Everything lives in namespaces with addresses in
# 198.18.0.0/15 and is removed at the end (DEMO_KEEP=1 keeps it running
# until you press Enter, so you can poke at it with kumoctl).
#
# Usage: scripts/demo.sh   (as root; `make demo` builds first)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export KUMO_BUILD=${KUMO_BUILD:-$here/build}
. "$here/tests/e2e/lib.sh"
e2e_init demo
e2e_kumod_bin

e2e_ovs_start hv1
e2e_bridge_add hv1 br0 1 OpenFlow13
for i in 1 2 3; do
    e2e_host_add "h$i" "198.19.1.$i/24" hv1 br0 "$i" "$(e2e_mac 1 "$i")"
done
e2e_mgmt_attach hv1

e2e_kumod_start
e2e_set_controller hv1 br0 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
echo
echo "kumod listens on $E2E_CTL_IP:$E2E_OF_PORT; bridge br0 points at it:"
echo "  ovs-vsctl set-controller br0 tcp:$E2E_CTL_IP:$E2E_OF_PORT"
echo
echo "\$ kumoctl switches"
e2e_kumoctl switches
echo
echo "\$ kumoctl ports 1"
e2e_kumoctl ports 1
echo
for dst in 2 3; do
    e2e_wait_ping h1 "198.19.1.$dst"
    echo "h1 -> 198.19.1.$dst:"
    e2e_exec h1 ping -c 3 -i 0.2 "198.19.1.$dst" | tail -n 2
done
echo
echo "\$ kumoctl flows 1"
e2e_kumoctl flows 1
echo
echo "\$ kumoctl counters"
e2e_kumoctl counters
if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo
    echo "Testbed kept. Try:  $KUMO_BUILD/bin/kumoctl --ctl $E2E_CTL_SOCK switches"
    read -r -p "Press Enter to tear everything down. " _
fi
e2e_kumod_stop
e2e_pass
