#!/usr/bin/env bash
# Captures the bytes Open vSwitch's own encoder produces, for the OVS -> Kumo
# golden test. For each command in the table below it starts of-capture (a
# minimal OpenFlow listener) on a unix socket, runs `ovs-ofctl ... unix:SOCK`
# against it and writes every message ovs-ofctl sent, one hex line each, to
# OUTDIR/NAME.hex under a header naming the command and the OVS version.
#
#   tests/golden/capture.sh [BUILD_DIR [OUTDIR]]
#
# BUILD_DIR defaults to $KUMO_BUILD or ./build; OUTDIR to the committed
# tests/golden/ovs-bytes. Review `git diff` after regenerating.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
build=${1:-${KUMO_BUILD:-build}}
out=${2:-$src/ovs-bytes}
capture=$build/bin/of-capture
[ -x "$capture" ] || { echo "capture.sh: $capture not built" >&2; exit 1; }
command -v ovs-ofctl >/dev/null || { echo "capture.sh: ovs-ofctl not installed" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sock=$tmp/sw.sock
ovsver=$(ovs-ofctl --version | head -n1)

# An Ethernet/IPv4/UDP frame for packet-out.
pkt=0000000000020000000000010800450000240000000040110000c0a80001c0a800020035003500100000deadbeefcafef00d

# NAME  then the ovs-ofctl arguments (SOCK stands for the switch).
commands() {
cat <<'LIST'
of10-add-flow-simple	-O OpenFlow10 -F OpenFlow10 add-flow SOCK "priority=100,in_port=1,actions=output:2"
of10-add-flow-l2	-O OpenFlow10 -F OpenFlow10 add-flow SOCK "priority=200,in_port=3,dl_src=00:11:22:33:44:55,dl_dst=66:77:88:99:aa:bb,dl_vlan=10,dl_vlan_pcp=3,actions=mod_vlan_vid:20,mod_vlan_pcp:5,mod_dl_src:0a:0b:0c:0d:0e:0f,mod_dl_dst:01:02:03:04:05:06,output:1,strip_vlan,output:CONTROLLER,normal,flood,all,in_port,LOCAL"
of10-add-flow-l4	-O OpenFlow10 -F OpenFlow10 add-flow SOCK "cookie=0x1234,idle_timeout=30,hard_timeout=60,priority=300,tcp,nw_src=10.0.0.0/8,nw_dst=192.168.1.1,nw_tos=16,tp_src=80,tp_dst=8080,actions=mod_nw_src:1.2.3.4,mod_nw_dst:5.6.7.8,mod_nw_tos:32,mod_tp_src:1000,mod_tp_dst:2000,enqueue:2:7,controller:128"
of10-add-flow-arp	-O OpenFlow10 -F OpenFlow10 add-flow SOCK "arp,nw_src=10.1.1.1,nw_dst=10.1.1.0/24,arp_op=1,actions=drop"
of10-add-flow-icmp	-O OpenFlow10 -F OpenFlow10 add-flow SOCK "send_flow_rem,check_overlap,icmp,icmp_type=8,icmp_code=0,udp_src=0,actions=output:4"
of10-mod-flows-strict	-O OpenFlow10 -F OpenFlow10 --strict mod-flows SOCK "priority=5,udp,tp_dst=53,actions=output:3"
of10-del-flows	-O OpenFlow10 -F OpenFlow10 del-flows SOCK "in_port=2,out_port=3"
of10-del-flows-strict	-O OpenFlow10 -F OpenFlow10 --strict del-flows SOCK "priority=7,dl_type=0x88cc"
of10-dump-flows	-O OpenFlow10 -F OpenFlow10 dump-flows SOCK "in_port=1,dl_vlan=0xffff"
of10-dump-aggregate	-O OpenFlow10 -F OpenFlow10 dump-aggregate SOCK "ip,nw_dst=10.0.0.1"
of10-dump-tables	-O OpenFlow10 dump-tables SOCK
of10-dump-ports	-O OpenFlow10 dump-ports SOCK 1
of10-dump-desc	-O OpenFlow10 dump-desc SOCK
of10-queue-stats	-O OpenFlow10 queue-stats SOCK 1 2
of10-queue-get-config	-O OpenFlow10 queue-get-config SOCK 1
of10-mod-port	-O OpenFlow10 mod-port SOCK 1 down
of10-mod-port-noflood	-O OpenFlow10 mod-port SOCK 2 no-flood
of10-get-frags	-O OpenFlow10 get-frags SOCK
of10-set-frags	-O OpenFlow10 set-frags SOCK drop
of10-probe	-O OpenFlow10 probe SOCK
of10-packet-out	-O OpenFlow10 packet-out SOCK 1 "output:2,mod_vlan_vid:3,output:ALL" PKT
of10-packet-out-controller	-O OpenFlow10 packet-out SOCK CONTROLLER "output:IN_PORT" PKT
of13-add-flow-simple	-O OpenFlow13 add-flow SOCK "priority=100,in_port=1,actions=output:2"
of13-add-flow-l2	-O OpenFlow13 add-flow SOCK "table=1,cookie=0x8877665544332211,priority=200,in_port=3,dl_src=00:11:22:33:44:55/ff:ff:ff:00:00:00,dl_dst=66:77:88:99:aa:bb,dl_vlan=10,dl_vlan_pcp=3,actions=push_vlan:0x8100,set_field:4101->vlan_vid,set_field:5->vlan_pcp,pop_vlan,set_field:0a:0b:0c:0d:0e:0f->eth_src,set_field:01:02:03:04:05:06->eth_dst,output:1,output:CONTROLLER,output:NORMAL,output:FLOOD,output:ALL,output:IN_PORT,output:LOCAL"
of13-add-flow-ipv4	-O OpenFlow13 add-flow SOCK "priority=300,idle_timeout=30,hard_timeout=60,send_flow_rem,tcp,nw_src=10.0.0.0/8,nw_dst=192.168.1.1,ip_dscp=12,ip_ecn=1,tcp_src=80,tcp_dst=8080,actions=set_field:1.2.3.4->ip_src,set_field:5.6.7.8->ip_dst,set_field:46->ip_dscp,set_field:2->ip_ecn,set_field:1000->tcp_src,set_field:2000->tcp_dst,dec_ttl,set_nw_ttl:9,set_queue:3,group:5"
of13-add-flow-udp-sctp	-O OpenFlow13 add-flow SOCK "udp,udp_src=53,udp_dst=5353,actions=set_field:1->udp_src,set_field:2->udp_dst,output:1"
of13-add-flow-sctp	-O OpenFlow13 add-flow SOCK "sctp,sctp_src=1,sctp_dst=2,actions=set_field:3->sctp_src,set_field:4->sctp_dst,output:2"
of13-add-flow-icmp	-O OpenFlow13 add-flow SOCK "icmp,icmp_type=8,icmp_code=0,actions=output:3"
of13-add-flow-arp	-O OpenFlow13 add-flow SOCK "arp,arp_op=2,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,arp_sha=00:00:00:00:00:01,arp_tha=00:00:00:00:00:00/ff:ff:ff:00:00:00,actions=set_field:1->arp_op,set_field:10.9.9.9->arp_spa,set_field:10.8.8.8->arp_tpa,set_field:00:00:00:00:00:07->arp_sha,set_field:00:00:00:00:00:08->arp_tha,output:IN_PORT"
of13-add-flow-ipv6	-O OpenFlow13 add-flow SOCK "ipv6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::/32,ipv6_label=0x12345,ip_proto=17,actions=set_field:2001:db8::2->ipv6_src,set_field:2001:db8::3->ipv6_dst,set_field:7->ipv6_label,output:1"
of13-add-flow-nd	-O OpenFlow13 add-flow SOCK "icmp6,icmpv6_type=135,icmpv6_code=0,nd_target=fe80::1,nd_sll=00:00:00:00:00:05,actions=output:2"
of13-add-flow-nd-tll	-O OpenFlow13 add-flow SOCK "icmp6,icmpv6_type=136,nd_target=fe80::2,nd_tll=00:00:00:00:00:06,actions=output:2"
of13-add-flow-mpls	-O OpenFlow13 add-flow SOCK "mpls,mpls_label=100,mpls_tc=3,mpls_bos=1,actions=set_mpls_ttl:7,dec_mpls_ttl,set_field:200->mpls_label,set_field:5->mpls_tc,pop_mpls:0x0800,output:1"
of13-add-flow-push-mpls	-O OpenFlow13 add-flow SOCK "ip,actions=push_mpls:0x8847,output:2"
of13-add-flow-metadata	-O OpenFlow13 add-flow SOCK "table=2,metadata=0x1234/0xffff,tun_id=0x55,actions=write_metadata:0xab/0xff,goto_table:3"
of13-add-flow-tunnel	-O OpenFlow13 add-flow SOCK "tun_src=192.168.0.1,tun_dst=192.168.0.2,actions=set_field:0x66->tun_id,set_field:1.1.1.1->tun_dst,output:5"
of13-add-flow-vlan-masked	-O OpenFlow13 add-flow SOCK "vlan_tci=0x1000/0x1000,actions=meter:3,clear_actions,write_actions(output:3,group:2),goto_table:4"
of13-add-flow-novlan	-O OpenFlow13 add-flow SOCK "vlan_tci=0,ipv6,nw_tos=4,actions=drop"
of13-mod-flows-strict	-O OpenFlow13 --strict mod-flows SOCK "table=0,priority=5,udp,udp_dst=53,actions=output:3"
of13-del-flows	-O OpenFlow13 del-flows SOCK "cookie=0x10/0xff,in_port=2,out_port=3"
of13-del-flows-strict	-O OpenFlow13 --strict del-flows SOCK "priority=7,dl_type=0x88cc"
of13-dump-flows	-O OpenFlow13 dump-flows SOCK "table=1,in_port=1,cookie=0x5/-1"
of13-dump-aggregate	-O OpenFlow13 dump-aggregate SOCK "ip,nw_dst=10.0.0.1"
of13-dump-tables	-O OpenFlow13 dump-tables SOCK
of13-dump-table-features	-O OpenFlow13 dump-table-features SOCK
of13-dump-ports	-O OpenFlow13 dump-ports SOCK 1
of13-dump-ports-all	-O OpenFlow13 dump-ports SOCK
of13-dump-ports-desc	-O OpenFlow13 dump-ports-desc SOCK
of13-dump-desc	-O OpenFlow13 dump-desc SOCK
of13-queue-stats	-O OpenFlow13 queue-stats SOCK 1 2
of13-queue-get-config	-O OpenFlow13 queue-get-config SOCK 1
of13-mod-port	-O OpenFlow13 mod-port SOCK 1 up
of13-get-frags	-O OpenFlow13 get-frags SOCK
of13-set-frags	-O OpenFlow13 set-frags SOCK normal
of13-probe	-O OpenFlow13 probe SOCK
of13-packet-out	-O OpenFlow13 packet-out SOCK 1 "output:2,push_vlan:0x8100,set_field:4099->vlan_vid,output:ALL" PKT
of13-packet-out-controller	-O OpenFlow13 packet-out SOCK CONTROLLER "output:IN_PORT" PKT
of13-add-group-all	-O OpenFlow13 add-group SOCK "group_id=1,type=all,bucket=output:1,bucket=output:2,bucket=set_field:5->vlan_vid,output:3"
of13-add-group-select	-O OpenFlow13 add-group SOCK "group_id=2,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2"
of13-add-group-indirect	-O OpenFlow13 add-group SOCK "group_id=3,type=indirect,bucket=actions=dec_ttl,output:4"
of13-add-group-ff	-O OpenFlow13 add-group SOCK "group_id=4,type=fast_failover,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,watch_group:9,actions=output:2"
of13-mod-group	-O OpenFlow13 mod-group SOCK "group_id=1,type=all,bucket=output:7"
of13-del-groups	-O OpenFlow13 del-groups SOCK "group_id=1"
of13-del-groups-all	-O OpenFlow13 del-groups SOCK
of13-dump-groups	-O OpenFlow13 dump-groups SOCK
of13-dump-group-stats	-O OpenFlow13 dump-group-stats SOCK group_id=1
of13-dump-group-features	-O OpenFlow13 dump-group-features SOCK
of13-add-meter-drop	-O OpenFlow13 add-meter SOCK "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100"
of13-add-meter-remark	-O OpenFlow13 add-meter SOCK "meter=2,pktps,bands=type=dscp_remark,rate=500,prec_level=1,type=drop,rate=2000"
of13-mod-meter	-O OpenFlow13 mod-meter SOCK "meter=1,kbps,bands=type=drop,rate=5000"
of13-del-meters	-O OpenFlow13 del-meters SOCK "meter=2"
of13-dump-meters	-O OpenFlow13 dump-meters SOCK
of13-meter-stats	-O OpenFlow13 meter-stats SOCK "meter=1"
of13-meter-features	-O OpenFlow13 meter-features SOCK
LIST
}

rc=0
while IFS=$'\t' read -r name args; do
    args=${args//SOCK/unix:$sock}
    args=${args//PKT/$pkt}
    rm -f "$sock"
    "$capture" "$sock" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.05; done
    if ! eval "timeout 10 ovs-ofctl --no-names $args" >"$tmp/ofctl" 2>&1; then
        echo "capture.sh: $name: ovs-ofctl failed:" >&2
        cat "$tmp/ofctl" >&2
        rc=1
    fi
    wait "$pid" || { echo "capture.sh: $name: of-capture failed" >&2; cat "$tmp/err" >&2; rc=1; }
    {
        echo "# ovs-ofctl --no-names ${args//unix:$sock/unix:SOCK}"
        echo "# $ovsver"
        cat "$tmp/out"
    } >"$out/$name.hex"
done < <(commands)
exit $rc
