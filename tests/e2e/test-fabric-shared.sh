#!/usr/bin/env bash
# test-fabric-shared.sh - a non-OpenFlow segment shared by several switch
# ports. Three OpenFlow 1.3 switches in a line, and a Linux bridge (a
# legacy switch, in namespace "seg", forwarding LLDP: group_fwd_mask
# 0x4000) that joins port 3 of all three and a legacy host hs:
#
#      h1 -10- a1 -2====1- a2 -2====1- a3 -10- h3
#              |3          |3 \10      |3
#              |           |   h2      |
#              +---------- lb ---------+
#                          |
#                          hs  (host on the legacy segment)
#
# Each port 3 hears two others through lb: kumod must see a shared
# segment, keep it out of paths and the flooding tree, treat one port of
# it as an edge port (hs is reached through it) and block the others, so
# the loops a1-a2-lb and a2-a3-lb never carry a broadcast around.
# Checks: topology (2 point-to-point links, the segment's links listed as
# shared), all-pairs ping including hs, and one ARP request from h1 and
# one from hs: exactly one copy at every other host, none back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init fabric-shared
e2e_kumod_bin
E2E_DUMP_HOOKS=(e2e_dump_fabric)
net=198.19.14

sw=(a1:a1:1 a2:a2:2 a3:a3:3)
e2e_switches_start OpenFlow13 "${sw[@]}"
e2e_link_wire a1 a1 a2 a2 2 1
e2e_link_wire a2 a2 a3 a3 2 1
e2e_ns_add seg
seg=$(e2e_ns seg)
ip -n "$seg" link add lb type bridge group_fwd_mask 0x4000
ip -n "$seg" link set lb up
for i in 1 2 3; do
    ip link add name "a$i-lb" netns "$(e2e_ns "a$i")" type veth peer name "lb-a$i" netns "$seg"
    ip -n "$(e2e_ns "a$i")" link set "a$i-lb" up
    ip -n "$seg" link set "lb-a$i" master lb up
    e2e__queue_port "a$i" "a$i" "a$i-lb" 3
done
hosts=()
for i in 1 2 3; do
    e2e_host_wire "h$i" "$net.$i/24" "a$i" "a$i" 10 "$(e2e_mac 14 "$i")"
    hosts+=("h$i:$net.$i")
done
# hs: a host namespace whose eth0 is a port of lb.
e2e_ns_add hs
ip link add name eth0 netns "$(e2e_ns hs)" type veth peer name lb-hs netns "$seg"
ip -n "$seg" link set lb-hs master lb up
e2e_exec hs ip link set eth0 address "$(e2e_mac 14 9)"
e2e_exec hs ip addr add "$net.9/24" dev eth0
e2e_exec hs ip link set eth0 up
hosts+=("hs:$net.9")
e2e_ports_commit
e2e_log "line + shared segment built"

e2e_kumod_start
e2e_set_controllers "tcp:$E2E_CTL_IP:$E2E_OF_PORT" "${sw[@]}"
for i in 1 2 3; do e2e_wait_kumod_switch "$i"; done
e2e_wait_topology 3 2 30
n_shared() { e2e_topo 'len([l for l in R["links"] if l["state"] == "shared"])'; }
shared_seen() { [ "$(n_shared)" -ge 3 ]; }
e2e_wait_until 20 "the segment's links listed as shared" shared_seen
e2e_log "topology: 2 links, $(n_shared) shared"
kinds=$(e2e_topo '" ".join(sorted("%x:%s" % (dp(s["dpid"]), p["kind"])
    for s in R["switches"] for p in s["ports"] if p["port"] == 3))')
e2e_log "segment ports: $kinds"
if [ "$(grep -o ':shared-blocked' <<< "$kinds" | wc -l)" != 2 ] \
   || [ "$(grep -oE ':shared( |$)' <<< "$kinds" | wc -l)" != 1 ]; then
    e2e_fail "want one designated (shared) and two blocked segment ports: $kinds"
fi
designated=$(grep -oE '[0-9a-f]+:shared( |$)' <<< "$kinds" | cut -d: -f1)

e2e_ping_all "${hosts[@]}"
e2e_wait_host_at "$(e2e_mac 14 9)" "$designated" 3 10
e2e_log "hs attached at switch $designated port 3 (the designated port)"
e2e_check_arp_copies h1 "$net.200" h1 h2 h3 hs
e2e_check_arp_copies hs "$net.201" h1 h2 h3 hs
e2e_check_arp_copies h3 "$net.202" h1 h2 h3 hs

e2e_kumod_stop
e2e_kumod_check_log
e2e_pass
