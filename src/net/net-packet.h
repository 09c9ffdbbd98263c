/* net-packet: parses an Ethernet frame into a flow key (the header fields an
 * OpenFlow match can name) and builds the frames the controller originates
 * (ARP). Pure and allocation-free: parsing fills a caller's struct and never
 * reads past the frame; building appends to a struct buf.
 *
 * Used on the packet-in hot path (src/core/l2switch.c) and by discovery and
 * host tracking (src/topo). LLDP has its own module, net-lldp. */
#ifndef KUMO_NET_PACKET_H
#define KUMO_NET_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct buf;
struct ds;

/* Which headers net_packet_parse() found complete ('layers' bits). */
enum net_layer {
    NET_L_ETH = 1 << 0,         /* Ethernet header (always, if parsed). */
    NET_L_VLAN = 1 << 1,        /* At least one 802.1Q/802.1ad tag. */
    NET_L_ARP = 1 << 2,         /* Ethernet/IPv4 ARP body. */
    NET_L_IPV4 = 1 << 3,
    NET_L_IPV6 = 1 << 4,
    NET_L_L4 = 1 << 5,          /* TCP, UDP, SCTP ports or ICMP type/code. */
    NET_L_LLDP = 1 << 6,        /* Ethertype is LLDP (body not parsed). */
};

/* IP fragment state ('ip_frag'). */
enum net_frag {
    NET_FRAG_NONE = 0,
    NET_FRAG_FIRST = 1,         /* Offset 0 with more fragments. */
    NET_FRAG_LATER = 2,         /* Nonzero offset: no L4 header here. */
};

/* The parsed header fields of one frame. Integers are host order except IPv4
 * addresses, which stay big-endian (as on the wire and in ds_put_ipv4()).
 * Fields of layers not in 'layers' are zero. */
struct net_key {
    uint32_t layers;            /* enum net_layer bits. */
    bool truncated;             /* A header the ethertype/protocol announced
                                 * did not fit in the frame. */

    /* L2. */
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    uint16_t eth_type;          /* After VLAN tags; NET_ETH_TYPE_NONE for
                                 * 802.3 length frames. */
    uint16_t vlan_tci;          /* Outer tag's TCI (PCP, DEI, VID). */
    uint8_t n_vlans;            /* Tags seen (at most 2 are skipped). */

    /* ARP (NET_L_ARP). */
    uint16_t arp_op;
    be32 arp_spa;
    be32 arp_tpa;
    struct eth_addr arp_sha;
    struct eth_addr arp_tha;

    /* IP (NET_L_IPV4 or NET_L_IPV6). */
    be32 ipv4_src;
    be32 ipv4_dst;
    uint8_t ipv6_src[16];
    uint8_t ipv6_dst[16];
    uint8_t ip_proto;           /* IPv6: the upper-layer next header. */
    uint8_t ip_tos;             /* IPv4 TOS / IPv6 traffic class. */
    uint8_t ip_ttl;             /* IPv4 TTL / IPv6 hop limit. */
    uint8_t ip_frag;            /* enum net_frag. */

    /* L4 (NET_L_L4): TCP/UDP/SCTP ports, or ICMP/ICMPv6 type and code. */
    uint16_t l4_src;
    uint16_t l4_dst;

    /* Offsets of the headers within the frame (0 if absent). */
    uint16_t l3_ofs;
    uint16_t l4_ofs;
};

/* Parses the 'size' bytes of Ethernet frame 'frame' (borrowed) into 'key'.
 * Returns 0 if the Ethernet header was present (deeper headers that are cut
 * short set key->truncated and are left out of key->layers), or EINVAL if
 * the frame is shorter than an Ethernet header (then only 'key' is zeroed).
 * Never reads outside 'frame'/'size' and never allocates. */
int net_packet_parse(const void *frame, size_t size, struct net_key *key);

/* The Ethernet-level fields of a frame: all a learning switch reads, so the
 * packet-in path need not parse (nor zero) the deeper layers. Same values
 * as the fields of 'struct net_key' with these names. */
struct net_eth_key {
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    uint16_t eth_type;          /* As net_key's. */
    uint16_t vlan_tci;          /* Outer tag's TCI; 0 if untagged. */
    bool vlan;                  /* At least one tag (net_key's NET_L_VLAN). */
};

/* Parses only the Ethernet header and VLAN tags of the 'size' bytes at
 * 'frame' (borrowed) into 'key', with net_packet_parse()'s rules. Returns 0,
 * or EINVAL if the frame is shorter than an Ethernet header (then 'key' is
 * zeroed). Never reads outside 'frame'/'size'. */
int net_packet_parse_eth(const void *frame, size_t size,
                         struct net_eth_key *key);

/* Appends a one-line description of 'key' to 's' (for logs and tests), e.g.
 * "00:00:00:00:00:01>ff:ff:ff:ff:ff:ff vlan=10 arp op=1 10.0.0.1>10.0.0.2". */
void net_packet_format(struct ds *s, const struct net_key *key);

/* True if 'ea' is a group (multicast or broadcast) address. */
static inline bool
net_eth_is_multicast(const struct eth_addr *ea)
{
    return ea->ea[0] & 1;
}

/* True if 'ea' is ff:ff:ff:ff:ff:ff. */
bool net_eth_is_broadcast(const struct eth_addr *ea);
/* True if 'ea' is 00:00:00:00:00:00. */
bool net_eth_is_zero(const struct eth_addr *ea);

/* Parses "xx:xx:xx:xx:xx:xx" into 'ea'. Returns true on success. */
bool net_eth_addr_parse(const char *s, struct eth_addr *ea);

/* An ARP packet to build (Ethernet + IPv4 ARP). */
struct net_arp {
    struct eth_addr eth_dst;    /* Frame destination (broadcast for
                                 * requests). */
    struct eth_addr eth_src;    /* Frame source. */
    uint16_t vlan_vid;          /* 802.1Q VID to tag with, or 0 for none. */
    uint16_t op;                /* NET_ARP_OP_REQUEST or _REPLY. */
    struct eth_addr sha;        /* Sender hardware address. */
    be32 spa;                   /* Sender protocol address. */
    struct eth_addr tha;        /* Target hardware address (zero in
                                 * requests). */
    be32 tpa;                   /* Target protocol address. */
};

/* Appends an Ethernet II header (with an 802.1Q tag if 'vlan_vid' is nonzero)
 * to 'b'. */
void net_packet_put_eth(struct buf *b, const struct eth_addr *dst,
                        const struct eth_addr *src, uint16_t vlan_vid,
                        uint16_t eth_type);

/* Appends the complete ARP frame described by 'arp' to 'b', zero-padded to
 * the 60-byte Ethernet minimum. */
void net_packet_build_arp(struct buf *b, const struct net_arp *arp);

#endif /* net-packet.h */
