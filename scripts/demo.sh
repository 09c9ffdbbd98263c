#!/usr/bin/env bash
# demo.sh - Kumo's main job in one command: three real Open vSwitch switches
# (userspace datapath, each its own ovs-vswitchd in its own network
# namespace) wired in a ring, one host on each, all controlled by kumod over
# OpenFlow 1.3. kumod discovers the ring by LLDP, learns the hosts and
# programs fabric forwarding (shortest paths, a loop-free flood tree,
# fast-failover groups); the hosts ping each other, a ring link is cut and
# traffic keeps flowing. kumoctl shows switches, topology, a path and the
# flows. Everything lives in namespaces with addresses in 198.18.0.0/15 and
# is removed at the end (DEMO_KEEP=1 keeps it running until you press
# Enter, so you can poke at it with kumoctl).
#
# Usage: scripts/demo.sh   (as root; `make demo` builds first)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export KUMO_BUILD=${KUMO_BUILD:-$here/build}
. "$here/tests/e2e/lib.sh"
e2e_init demo
e2e_kumod_bin
net=198.19.1

sw=(sw1:s1:1 sw2:s2:2 sw3:s3:3)
e2e_switches_start OpenFlow13 "${sw[@]}"
for i in 1 2 3; do
    n=$(( i % 3 + 1 ))
    e2e_link_wire "sw$i" "s$i" "sw$n" "s$n" 2 1
    e2e_host_wire "h$i" "$net.$i/24" "sw$i" "s$i" 10 "$(e2e_mac 1 "$i")"
done
e2e_ports_commit

e2e_kumod_start
e2e_set_controllers "tcp:$E2E_CTL_IP:$E2E_OF_PORT" "${sw[@]}"
for i in 1 2 3; do e2e_wait_kumod_switch "$i"; done
e2e_wait_topology 3 3 30
echo
echo "kumod listens on $E2E_CTL_IP:$E2E_OF_PORT; each bridge points at it:"
echo "  ovs-vsctl set-controller s1 tcp:$E2E_CTL_IP:$E2E_OF_PORT"
echo
echo "\$ kumoctl switches"
e2e_kumoctl switches
for src in 1 2 3; do
    for dst in 1 2 3; do
        [ "$src" = "$dst" ] || e2e_wait_ping "h$src" "$net.$dst"
    done
done
echo
echo "every host pings every other host. \$ kumoctl topology"
e2e_kumoctl topology
echo
echo "\$ kumoctl path $net.1 $net.2"
e2e_kumoctl path "$net.1" "$net.2"
echo
echo "cutting the ring link s1-s2 while h1 pings h2 (100 packets/s):"
e2e_exec h1 ping -q -i 0.01 -c 300 "$net.2" > "$E2E_DIR/demo-ping.txt" 2>&1 &
ping_pid=$!
sleep 1
e2e_link_cut sw1 s1-s2 1 2
wait "$ping_pid" || true
grep -E "packets transmitted" "$E2E_DIR/demo-ping.txt" || true
echo
echo "\$ kumoctl flows 1"
e2e_kumoctl flows 1
if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo
    echo "Testbed kept. Try:  $KUMO_BUILD/bin/kumoctl --ctl $E2E_CTL_SOCK topology"
    read -r -p "Press Enter to tear everything down. " _
fi
e2e_kumod_stop
e2e_pass
