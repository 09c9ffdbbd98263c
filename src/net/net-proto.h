/* net-proto: wire layouts and constants of the packet headers Kumo parses
 * and builds (Ethernet, 802.1Q, ARP, IPv4, IPv6, TCP/UDP/ICMP, LLDP).
 * Wire structs and constants only: no functions. Multi-byte fields are
 * big-endian; structs are packed to their on-wire sizes and asserted. */
#ifndef KUMO_NET_PROTO_H
#define KUMO_NET_PROTO_H 1

#include <assert.h>
#include <stdint.h>

#include "lib/util.h"

#define NET_ETH_ALEN 6
#define NET_ETH_HEADER_LEN 14
#define NET_VLAN_HEADER_LEN 4
#define NET_ETH_MIN_FRAME 60        /* Minimum frame size, without FCS. */

/* Ethertypes. Values below NET_ETH_TYPE_MIN are 802.3 lengths. */
#define NET_ETH_TYPE_MIN 0x0600
#define NET_ETH_TYPE_NONE 0x05ff    /* OpenFlow's "not Ethernet II". */
#define NET_ETH_TYPE_IP 0x0800
#define NET_ETH_TYPE_ARP 0x0806
#define NET_ETH_TYPE_VLAN 0x8100    /* 802.1Q C-tag. */
#define NET_ETH_TYPE_VLAN_8021AD 0x88a8 /* 802.1ad S-tag. */
#define NET_ETH_TYPE_IPV6 0x86dd
#define NET_ETH_TYPE_LLDP 0x88cc
#define NET_ETH_TYPE_MPLS 0x8847

/* Ethernet II header. */
struct net_eth_header {
    uint8_t dst[NET_ETH_ALEN];
    uint8_t src[NET_ETH_ALEN];
    be16 type;
} __attribute__((packed));
static_assert(sizeof(struct net_eth_header) == NET_ETH_HEADER_LEN,
              "eth header size");

/* 802.1Q tag as it follows the source MAC (TPID is the preceding type). */
struct net_vlan_header {
    be16 tci;                   /* PCP (3 bits), DEI (1), VID (12). */
    be16 inner_type;            /* Ethertype of what follows. */
} __attribute__((packed));
static_assert(sizeof(struct net_vlan_header) == NET_VLAN_HEADER_LEN,
              "vlan header size");

#define NET_VLAN_VID_MASK 0x0fff
#define NET_VLAN_PCP_SHIFT 13

/* ARP for Ethernet + IPv4. */
struct net_arp_header {
    be16 hrd;                   /* 1 = Ethernet. */
    be16 pro;                   /* 0x0800 = IPv4. */
    uint8_t hln;                /* 6 */
    uint8_t pln;                /* 4 */
    be16 op;                    /* NET_ARP_OP_*. */
    uint8_t sha[NET_ETH_ALEN];
    be32 spa;
    uint8_t tha[NET_ETH_ALEN];
    be32 tpa;
} __attribute__((packed));
static_assert(sizeof(struct net_arp_header) == 28, "arp header size");

#define NET_ARP_HRD_ETHERNET 1
#define NET_ARP_OP_REQUEST 1
#define NET_ARP_OP_REPLY 2

/* IPv4 header without options. */
struct net_ip_header {
    uint8_t ihl_ver;            /* Version (4 bits) and IHL in 32-bit words. */
    uint8_t tos;
    be16 tot_len;
    be16 id;
    be16 frag_off;              /* Flags (3 bits) and offset in 8 bytes. */
    uint8_t ttl;
    uint8_t proto;
    be16 csum;
    be32 src;
    be32 dst;
} __attribute__((packed));
static_assert(sizeof(struct net_ip_header) == 20, "ipv4 header size");

#define NET_IP_MF 0x2000
#define NET_IP_FRAG_OFF_MASK 0x1fff

/* IPv6 fixed header. */
struct net_ipv6_header {
    be32 ver_tc_flow;           /* Version (4), traffic class (8), label (20). */
    be16 payload_len;
    uint8_t next_header;
    uint8_t hop_limit;
    uint8_t src[16];
    uint8_t dst[16];
} __attribute__((packed));
static_assert(sizeof(struct net_ipv6_header) == 40, "ipv6 header size");

/* IP protocol numbers / IPv6 next headers. */
#define NET_IPPROTO_HOPOPTS 0
#define NET_IPPROTO_ICMP 1
#define NET_IPPROTO_TCP 6
#define NET_IPPROTO_UDP 17
#define NET_IPPROTO_ROUTING 43
#define NET_IPPROTO_FRAGMENT 44
#define NET_IPPROTO_ICMPV6 58
#define NET_IPPROTO_NONE 59
#define NET_IPPROTO_DSTOPTS 60
#define NET_IPPROTO_SCTP 132

#define NET_TCP_HEADER_LEN 20
#define NET_UDP_HEADER_LEN 8
#define NET_ICMP_HEADER_LEN 4       /* Type, code, checksum. */
#define NET_SCTP_HEADER_LEN 12

/* LLDP (IEEE 802.1AB). A TLV header is 7 bits of type, 9 bits of length. */
#define NET_LLDP_TLV_END 0
#define NET_LLDP_TLV_CHASSIS_ID 1
#define NET_LLDP_TLV_PORT_ID 2
#define NET_LLDP_TLV_TTL 3
#define NET_LLDP_TLV_PORT_DESC 4
#define NET_LLDP_TLV_SYSTEM_NAME 5
#define NET_LLDP_TLV_ORG_SPECIFIC 127
#define NET_LLDP_TLV_MAX_LEN 511

/* Chassis ID subtypes. */
#define NET_LLDP_CHASSIS_MAC 4
#define NET_LLDP_CHASSIS_LOCAL 7
/* Port ID subtypes. */
#define NET_LLDP_PORT_NAME 5        /* Interface name. */
#define NET_LLDP_PORT_LOCAL 7

#endif /* net-proto.h */
