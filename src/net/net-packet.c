/* net-packet: see net-packet.h. Every header is pulled through a bounds-
 * checked cursor, so a frame that lies (short IHL, truncated tag) stops the
 * parse at the last complete header instead of reading past the end. */
#include "net/net-packet.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "net/net-proto.h"

/* Reads a big-endian 16-bit value from possibly unaligned 'p'. */
static uint16_t
get_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t) ((b[0] << 8) | b[1]);
}

static be32
get_be32_raw(const void *p)
{
    be32 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Parses TCP/UDP/SCTP ports or ICMP type/code at 'c' for 'proto'. */
static void
parse_l4(struct cursor *c, const uint8_t *frame, uint8_t proto,
         struct net_key *key)
{
    const uint8_t *p;
    size_t need;

    switch (proto) {
    case NET_IPPROTO_TCP:
        need = NET_TCP_HEADER_LEN;
        break;
    case NET_IPPROTO_UDP:
        need = NET_UDP_HEADER_LEN;
        break;
    case NET_IPPROTO_SCTP:
        need = NET_SCTP_HEADER_LEN;
        break;
    case NET_IPPROTO_ICMP:
    case NET_IPPROTO_ICMPV6:
        need = NET_ICMP_HEADER_LEN;
        break;
    default:
        return;
    }
    p = cursor_pull(c, need);
    if (!p) {
        key->truncated = true;
        return;
    }
    key->l4_ofs = (uint16_t) (p - frame);
    if (proto == NET_IPPROTO_ICMP || proto == NET_IPPROTO_ICMPV6) {
        key->l4_src = p[0];
        key->l4_dst = p[1];
    } else {
        key->l4_src = get_be16(p);
        key->l4_dst = get_be16(p + 2);
    }
    key->layers |= NET_L_L4;
}

static void
parse_ipv4(struct cursor *c, const uint8_t *frame, struct net_key *key)
{
    const struct net_ip_header *ip = cursor_peek(c, sizeof *ip);
    size_t ihl;
    uint16_t frag;

    if (!ip) {
        key->truncated = true;
        return;
    }
    ihl = (size_t) (ip->ihl_ver & 0x0f) * 4;
    if ((ip->ihl_ver >> 4) != 4 || ihl < sizeof *ip || !cursor_pull(c, ihl)) {
        /* A bad version or IHL is as unusable as a cut-off header. */
        key->truncated = true;
        return;
    }
    key->l3_ofs = (uint16_t) ((const uint8_t *) ip - frame);
    key->ipv4_src = get_be32_raw(&ip->src);
    key->ipv4_dst = get_be32_raw(&ip->dst);
    key->ip_proto = ip->proto;
    key->ip_tos = ip->tos;
    key->ip_ttl = ip->ttl;
    frag = get_be16(&ip->frag_off);
    if (frag & NET_IP_FRAG_OFF_MASK) {
        key->ip_frag = NET_FRAG_LATER;
    } else if (frag & NET_IP_MF) {
        key->ip_frag = NET_FRAG_FIRST;
    }
    key->layers |= NET_L_IPV4;
    if (key->ip_frag != NET_FRAG_LATER) {
        parse_l4(c, frame, key->ip_proto, key);
    }
}

static void
parse_ipv6(struct cursor *c, const uint8_t *frame, struct net_key *key)
{
    const struct net_ipv6_header *ip6 = cursor_pull(c, sizeof *ip6);
    uint8_t next;
    int n_ext;

    if (!ip6) {
        key->truncated = true;
        return;
    }
    if ((((const uint8_t *) ip6)[0] >> 4) != 6) {
        key->truncated = true;
        return;
    }
    key->l3_ofs = (uint16_t) ((const uint8_t *) ip6 - frame);
    memcpy(key->ipv6_src, ip6->src, 16);
    memcpy(key->ipv6_dst, ip6->dst, 16);
    key->ip_tos = (uint8_t) ((get_be16(&ip6->ver_tc_flow) >> 4) & 0xff);
    key->ip_ttl = ip6->hop_limit;
    key->layers |= NET_L_IPV6;

    /* Walk a bounded number of extension headers to the upper layer. */
    next = ip6->next_header;
    for (n_ext = 0; n_ext < 8; n_ext++) {
        const uint8_t *ext;

        if (next == NET_IPPROTO_HOPOPTS || next == NET_IPPROTO_ROUTING
            || next == NET_IPPROTO_DSTOPTS) {
            ext = cursor_peek(c, 2);
            if (!ext || !cursor_pull(c, ((size_t) ext[1] + 1) * 8)) {
                key->truncated = true;
                key->ip_proto = next;
                return;
            }
            next = ext[0];
        } else if (next == NET_IPPROTO_FRAGMENT) {
            uint16_t off;

            ext = cursor_pull(c, 8);
            if (!ext) {
                key->truncated = true;
                key->ip_proto = next;
                return;
            }
            off = get_be16(ext + 2);
            next = ext[0];
            if (off & 0xfff8) {
                key->ip_frag = NET_FRAG_LATER;
                key->ip_proto = next;
                return;
            }
            if (off & 1) {
                key->ip_frag = NET_FRAG_FIRST;
            }
        } else {
            break;
        }
    }
    key->ip_proto = next;
    parse_l4(c, frame, next, key);
}

static void
parse_arp(struct cursor *c, struct net_key *key)
{
    const struct net_arp_header *arp = cursor_pull(c, sizeof *arp);

    if (!arp) {
        key->truncated = true;
        return;
    }
    if (get_be16(&arp->hrd) != NET_ARP_HRD_ETHERNET
        || get_be16(&arp->pro) != NET_ETH_TYPE_IP
        || arp->hln != NET_ETH_ALEN || arp->pln != 4) {
        return;                 /* Not Ethernet/IPv4 ARP: L2 only. */
    }
    key->arp_op = get_be16(&arp->op);
    memcpy(key->arp_sha.ea, arp->sha, NET_ETH_ALEN);
    memcpy(key->arp_tha.ea, arp->tha, NET_ETH_ALEN);
    key->arp_spa = get_be32_raw(&arp->spa);
    key->arp_tpa = get_be32_raw(&arp->tpa);
    key->layers |= NET_L_ARP;
}

int
net_packet_parse(const void *frame_, size_t size, struct net_key *key)
{
    const uint8_t *frame = frame_;
    struct cursor c = cursor_make(frame, size);
    const struct net_eth_header *eth;
    uint16_t type;

    memset(key, 0, sizeof *key);
    eth = cursor_pull(&c, sizeof *eth);
    if (!eth) {
        return EINVAL;
    }
    memcpy(key->eth_dst.ea, eth->dst, NET_ETH_ALEN);
    memcpy(key->eth_src.ea, eth->src, NET_ETH_ALEN);
    key->layers = NET_L_ETH;
    type = get_be16(&eth->type);

    while (type == NET_ETH_TYPE_VLAN || type == NET_ETH_TYPE_VLAN_8021AD) {
        const struct net_vlan_header *vh;

        if (key->n_vlans >= 2) {
            break;              /* Deeper stacks: report the third TPID. */
        }
        vh = cursor_pull(&c, sizeof *vh);
        if (!vh) {
            key->truncated = true;
            key->eth_type = type;
            return 0;
        }
        if (!key->n_vlans) {
            key->vlan_tci = get_be16(&vh->tci);
        }
        key->n_vlans++;
        key->layers |= NET_L_VLAN;
        type = get_be16(&vh->inner_type);
    }

    if (type < NET_ETH_TYPE_MIN) {
        key->eth_type = NET_ETH_TYPE_NONE;
        return 0;
    }
    key->eth_type = type;
    switch (type) {
    case NET_ETH_TYPE_ARP:
        key->l3_ofs = (uint16_t) (size - c.size);
        parse_arp(&c, key);
        break;
    case NET_ETH_TYPE_IP:
        parse_ipv4(&c, frame, key);
        break;
    case NET_ETH_TYPE_IPV6:
        parse_ipv6(&c, frame, key);
        break;
    case NET_ETH_TYPE_LLDP:
        key->l3_ofs = (uint16_t) (size - c.size);
        key->layers |= NET_L_LLDP;
        break;
    default:
        break;
    }
    if (!(key->layers & (NET_L_ARP | NET_L_IPV4 | NET_L_IPV6))
        && type != NET_ETH_TYPE_LLDP) {
        key->l3_ofs = 0;
    }
    return 0;
}

int
net_packet_parse_eth(const void *frame_, size_t size, struct net_eth_key *key)
{
    const uint8_t *frame = frame_;
    size_t ofs = NET_ETH_HEADER_LEN;
    uint16_t type;
    int n_vlans = 0;

    if (size < NET_ETH_HEADER_LEN) {
        memset(key, 0, sizeof *key);
        return EINVAL;
    }
    memcpy(key->eth_dst.ea, frame, NET_ETH_ALEN);
    memcpy(key->eth_src.ea, frame + NET_ETH_ALEN, NET_ETH_ALEN);
    key->vlan_tci = 0;
    key->vlan = false;
    type = (uint16_t) (frame[12] << 8 | frame[13]);
    /* Same walk as net_packet_parse(): at most two tags; a cut-short tag
     * leaves its TPID as the type. */
    while ((type == NET_ETH_TYPE_VLAN || type == NET_ETH_TYPE_VLAN_8021AD)
           && n_vlans < 2 && size - ofs >= 4) {
        if (!n_vlans) {
            key->vlan_tci = (uint16_t) (frame[ofs] << 8 | frame[ofs + 1]);
        }
        n_vlans++;
        key->vlan = true;
        type = (uint16_t) (frame[ofs + 2] << 8 | frame[ofs + 3]);
        ofs += 4;
    }
    key->eth_type = type < NET_ETH_TYPE_MIN ? NET_ETH_TYPE_NONE : type;
    return 0;
}

static void
format_proto(struct ds *s, const struct net_key *key)
{
    switch (key->ip_proto) {
    case NET_IPPROTO_TCP:
        ds_put_cstr(s, " tcp");
        break;
    case NET_IPPROTO_UDP:
        ds_put_cstr(s, " udp");
        break;
    case NET_IPPROTO_SCTP:
        ds_put_cstr(s, " sctp");
        break;
    case NET_IPPROTO_ICMP:
        ds_put_cstr(s, " icmp");
        break;
    case NET_IPPROTO_ICMPV6:
        ds_put_cstr(s, " icmp6");
        break;
    default:
        ds_put_format(s, " proto=%u", key->ip_proto);
        break;
    }
    if (key->layers & NET_L_L4) {
        if (key->ip_proto == NET_IPPROTO_ICMP
            || key->ip_proto == NET_IPPROTO_ICMPV6) {
            ds_put_format(s, " type=%u code=%u", key->l4_src, key->l4_dst);
        } else {
            ds_put_format(s, " %u>%u", key->l4_src, key->l4_dst);
        }
    }
    if (key->ip_frag) {
        ds_put_cstr(s, key->ip_frag == NET_FRAG_FIRST ? " frag=first"
                                                       : " frag=later");
    }
}

void
net_packet_format(struct ds *s, const struct net_key *key)
{
    ds_put_eth_addr(s, &key->eth_src);
    ds_put_char(s, '>');
    ds_put_eth_addr(s, &key->eth_dst);
    if (key->layers & NET_L_VLAN) {
        ds_put_format(s, " vlan=%u", key->vlan_tci & NET_VLAN_VID_MASK);
        if (key->vlan_tci >> NET_VLAN_PCP_SHIFT) {
            ds_put_format(s, " pcp=%u", key->vlan_tci >> NET_VLAN_PCP_SHIFT);
        }
    }
    if (key->layers & NET_L_ARP) {
        ds_put_format(s, " arp op=%u ", key->arp_op);
        ds_put_ipv4(s, key->arp_spa);
        ds_put_char(s, '>');
        ds_put_ipv4(s, key->arp_tpa);
    } else if (key->layers & NET_L_IPV4) {
        ds_put_cstr(s, " ip ");
        ds_put_ipv4(s, key->ipv4_src);
        ds_put_char(s, '>');
        ds_put_ipv4(s, key->ipv4_dst);
        format_proto(s, key);
    } else if (key->layers & NET_L_IPV6) {
        ds_put_cstr(s, " ipv6 ");
        ds_put_ipv6(s, key->ipv6_src);
        ds_put_char(s, '>');
        ds_put_ipv6(s, key->ipv6_dst);
        format_proto(s, key);
    } else if (key->layers & NET_L_LLDP) {
        ds_put_cstr(s, " lldp");
    } else {
        ds_put_format(s, " type=0x%04x", key->eth_type);
    }
    if (key->truncated) {
        ds_put_cstr(s, " (truncated)");
    }
}

bool
net_eth_is_broadcast(const struct eth_addr *ea)
{
    static const struct eth_addr bcast = { { 0xff, 0xff, 0xff,
                                             0xff, 0xff, 0xff } };
    return !memcmp(ea, &bcast, sizeof *ea);
}

bool
net_eth_is_zero(const struct eth_addr *ea)
{
    static const struct eth_addr zero;
    return !memcmp(ea, &zero, sizeof *ea);
}

bool
net_eth_addr_parse(const char *s, struct eth_addr *ea)
{
    unsigned int b[6];
    int n = 0;
    int i;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &n) != 6 || s[n] != '\0' || n != 17) {
        return false;
    }
    for (i = 0; i < 6; i++) {
        ea->ea[i] = (uint8_t) b[i];
    }
    return true;
}

void
net_packet_put_eth(struct buf *b, const struct eth_addr *dst,
                   const struct eth_addr *src, uint16_t vlan_vid,
                   uint16_t eth_type)
{
    buf_put(b, dst->ea, NET_ETH_ALEN);
    buf_put(b, src->ea, NET_ETH_ALEN);
    if (vlan_vid) {
        buf_put_be16(b, NET_ETH_TYPE_VLAN);
        buf_put_be16(b, vlan_vid & NET_VLAN_VID_MASK);
    }
    buf_put_be16(b, eth_type);
}

void
net_packet_build_arp(struct buf *b, const struct net_arp *arp)
{
    size_t start = b->size;

    net_packet_put_eth(b, &arp->eth_dst, &arp->eth_src, arp->vlan_vid,
                       NET_ETH_TYPE_ARP);
    buf_put_be16(b, NET_ARP_HRD_ETHERNET);
    buf_put_be16(b, NET_ETH_TYPE_IP);
    buf_put_u8(b, NET_ETH_ALEN);
    buf_put_u8(b, 4);
    buf_put_be16(b, arp->op);
    buf_put(b, arp->sha.ea, NET_ETH_ALEN);
    buf_put(b, &arp->spa, 4);
    buf_put(b, arp->tha.ea, NET_ETH_ALEN);
    buf_put(b, &arp->tpa, 4);
    if (b->size - start < NET_ETH_MIN_FRAME) {
        buf_put_zeros(b, NET_ETH_MIN_FRAME - (b->size - start));
    }
}
