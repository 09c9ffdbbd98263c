/* ofp-match: see ofp-match.h.
 *
 * One table (fields[]) drives everything: setters, OXM encode/decode,
 * prerequisite checks and the text format all look fields up by enum
 * mf_field, so adding a field is one table row and one struct member. */
#include "ofp/ofp-match.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-port.h"

#define F(ID, NAME, OXM_NAME, CLASS, FIELD, MEMBER, BITS, MASKABLE, PREREQ, \
          FMT)                                                          \
    [ID] = { ID, NAME, OXM_NAME, CLASS, FIELD,                          \
             sizeof ((struct ofp_match_fields *) 0)->MEMBER, BITS,      \
             MASKABLE, PREREQ, FMT,                                     \
             offsetof(struct ofp_match_fields, MEMBER) }
#define OFB OFPXMC_OPENFLOW_BASIC

static const struct mf_field_info fields[MFF_N_IDS] = {
    F(MFF_IN_PORT, "in_port", "in_port", OFB, 0, in_port, 32, false,
      MFP_NONE, MFF_FMT_PORT),
    F(MFF_IN_PHY_PORT, "in_phy_port", "in_phy_port", OFB, 1, in_phy_port,
      32, false, MFP_IN_PORT, MFF_FMT_PORT),
    F(MFF_METADATA, "metadata", "metadata", OFB, 2, metadata, 64, true,
      MFP_NONE, MFF_FMT_HEX),
    F(MFF_ETH_DST, "dl_dst", "eth_dst", OFB, 3, eth_dst, 48, true, MFP_NONE,
      MFF_FMT_ETH),
    F(MFF_ETH_SRC, "dl_src", "eth_src", OFB, 4, eth_src, 48, true, MFP_NONE,
      MFF_FMT_ETH),
    F(MFF_ETH_TYPE, "dl_type", "eth_type", OFB, 5, eth_type, 16, false,
      MFP_NONE, MFF_FMT_HEX),
    F(MFF_VLAN_VID, "dl_vlan", "vlan_vid", OFB, 6, vlan_vid, 13, true,
      MFP_NONE, MFF_FMT_DEC),
    F(MFF_VLAN_PCP, "dl_vlan_pcp", "vlan_pcp", OFB, 7, vlan_pcp, 3, false,
      MFP_VLAN, MFF_FMT_DEC),
    F(MFF_IP_DSCP, "nw_tos", "ip_dscp", OFB, 8, ip_dscp, 6, false,
      MFP_IP_ANY, MFF_FMT_DEC),
    F(MFF_IP_ECN, "nw_ecn", "nw_ecn", OFB, 9, ip_ecn, 2, false, MFP_IP_ANY,
      MFF_FMT_DEC),
    F(MFF_IP_PROTO, "nw_proto", "nw_proto", OFB, 10, ip_proto, 8, false,
      MFP_IP_ANY, MFF_FMT_DEC),
    F(MFF_IPV4_SRC, "nw_src", "ip_src", OFB, 11, ipv4_src, 32, true,
      MFP_IPV4, MFF_FMT_IPV4),
    F(MFF_IPV4_DST, "nw_dst", "ip_dst", OFB, 12, ipv4_dst, 32, true,
      MFP_IPV4, MFF_FMT_IPV4),
    F(MFF_TCP_SRC, "tp_src", "tcp_src", OFB, 13, tcp_src, 16, false,
      MFP_TCP, MFF_FMT_DEC),
    F(MFF_TCP_DST, "tp_dst", "tcp_dst", OFB, 14, tcp_dst, 16, false,
      MFP_TCP, MFF_FMT_DEC),
    F(MFF_UDP_SRC, "tp_src", "udp_src", OFB, 15, udp_src, 16, false,
      MFP_UDP, MFF_FMT_DEC),
    F(MFF_UDP_DST, "tp_dst", "udp_dst", OFB, 16, udp_dst, 16, false,
      MFP_UDP, MFF_FMT_DEC),
    F(MFF_SCTP_SRC, "tp_src", "sctp_src", OFB, 17, sctp_src, 16, false,
      MFP_SCTP, MFF_FMT_DEC),
    F(MFF_SCTP_DST, "tp_dst", "sctp_dst", OFB, 18, sctp_dst, 16, false,
      MFP_SCTP, MFF_FMT_DEC),
    F(MFF_ICMPV4_TYPE, "icmp_type", "icmp_type", OFB, 19, icmpv4_type, 8,
      false, MFP_ICMPV4, MFF_FMT_DEC),
    F(MFF_ICMPV4_CODE, "icmp_code", "icmp_code", OFB, 20, icmpv4_code, 8,
      false, MFP_ICMPV4, MFF_FMT_DEC),
    F(MFF_ARP_OP, "arp_op", "arp_op", OFB, 21, arp_op, 16, false, MFP_ARP,
      MFF_FMT_DEC),
    F(MFF_ARP_SPA, "arp_spa", "arp_spa", OFB, 22, arp_spa, 32, true,
      MFP_ARP, MFF_FMT_IPV4),
    F(MFF_ARP_TPA, "arp_tpa", "arp_tpa", OFB, 23, arp_tpa, 32, true,
      MFP_ARP, MFF_FMT_IPV4),
    F(MFF_ARP_SHA, "arp_sha", "arp_sha", OFB, 24, arp_sha, 48, true,
      MFP_ARP, MFF_FMT_ETH),
    F(MFF_ARP_THA, "arp_tha", "arp_tha", OFB, 25, arp_tha, 48, true,
      MFP_ARP, MFF_FMT_ETH),
    F(MFF_IPV6_SRC, "ipv6_src", "ipv6_src", OFB, 26, ipv6_src, 128, true,
      MFP_IPV6, MFF_FMT_IPV6),
    F(MFF_IPV6_DST, "ipv6_dst", "ipv6_dst", OFB, 27, ipv6_dst, 128, true,
      MFP_IPV6, MFF_FMT_IPV6),
    F(MFF_IPV6_FLABEL, "ipv6_label", "ipv6_label", OFB, 28, ipv6_flabel, 20,
      true, MFP_IPV6, MFF_FMT_HEX),
    F(MFF_ICMPV6_TYPE, "icmp_type", "icmpv6_type", OFB, 29, icmpv6_type, 8,
      false, MFP_ICMPV6, MFF_FMT_DEC),
    F(MFF_ICMPV6_CODE, "icmp_code", "icmpv6_code", OFB, 30, icmpv6_code, 8,
      false, MFP_ICMPV6, MFF_FMT_DEC),
    F(MFF_IPV6_ND_TARGET, "nd_target", "nd_target", OFB, 31, ipv6_nd_target,
      128, false, MFP_ND, MFF_FMT_IPV6),
    F(MFF_IPV6_ND_SLL, "nd_sll", "nd_sll", OFB, 32, ipv6_nd_sll, 48, false,
      MFP_ND_SOLICIT, MFF_FMT_ETH),
    F(MFF_IPV6_ND_TLL, "nd_tll", "nd_tll", OFB, 33, ipv6_nd_tll, 48, false,
      MFP_ND_ADVERT, MFF_FMT_ETH),
    F(MFF_MPLS_LABEL, "mpls_label", "mpls_label", OFB, 34, mpls_label, 20,
      false, MFP_MPLS, MFF_FMT_DEC),
    F(MFF_MPLS_TC, "mpls_tc", "mpls_tc", OFB, 35, mpls_tc, 3, false,
      MFP_MPLS, MFF_FMT_DEC),
    F(MFF_MPLS_BOS, "mpls_bos", "mpls_bos", OFB, 36, mpls_bos, 1, false,
      MFP_MPLS, MFF_FMT_DEC),
    F(MFF_PBB_ISID, "pbb_isid", "pbb_isid", OFB, 37, pbb_isid, 24, true,
      MFP_PBB, MFF_FMT_DEC),
    F(MFF_TUNNEL_ID, "tun_id", "tun_id", OFB, 38, tunnel_id, 64, true,
      MFP_NONE, MFF_FMT_HEX),
    F(MFF_IPV6_EXTHDR, "ipv6_exthdr", "ipv6_exthdr", OFB, 39, ipv6_exthdr, 9,
      true, MFP_IPV6, MFF_FMT_HEX),
    F(MFF_TUN_IPV4_SRC, "tun_src", "tun_src", OFPXMC_NXM_1,
      NXM_NX_TUN_IPV4_SRC_FIELD, tun_ipv4_src, 32, true, MFP_NONE,
      MFF_FMT_IPV4),
    F(MFF_TUN_IPV4_DST, "tun_dst", "tun_dst", OFPXMC_NXM_1,
      NXM_NX_TUN_IPV4_DST_FIELD, tun_ipv4_dst, 32, true, MFP_NONE,
      MFF_FMT_IPV4),
};
#undef F
#undef OFB

/* Returns the facts about 'field'. */
const struct mf_field_info *
ofp_match_field_info(enum mf_field field)
{
    return (unsigned int) field < MFF_N_IDS ? &fields[field] : NULL;
}

/* Finds a field by OXM class and field number; NULL if unknown. */
const struct mf_field_info *
ofp_match_field_from_oxm(uint16_t oxm_class, uint8_t oxm_field)
{
    if (oxm_class == OFPXMC_OPENFLOW_BASIC && oxm_field <= MFF_IPV6_EXTHDR) {
        return &fields[oxm_field];
    }
    if (oxm_class == OFPXMC_NXM_1) {
        if (oxm_field == NXM_NX_TUN_IPV4_SRC_FIELD) {
            return &fields[MFF_TUN_IPV4_SRC];
        } else if (oxm_field == NXM_NX_TUN_IPV4_DST_FIELD) {
            return &fields[MFF_TUN_IPV4_DST];
        }
    }
    return NULL;
}

/* Finds a field by its OXM name or, if unique, its match name. */
const struct mf_field_info *
ofp_match_field_from_name(const char *name)
{
    size_t i;

    for (i = 0; i < MFF_N_IDS; i++) {
        if (!strcmp(fields[i].oxm_name, name)) {
            return &fields[i];
        }
    }
    for (i = 0; i < MFF_N_IDS; i++) {
        if (!strcmp(fields[i].name, name)) {
            return &fields[i];
        }
    }
    return NULL;
}

static uint8_t *
field_ptr(struct ofp_match_fields *f, const struct mf_field_info *info)
{
    return (uint8_t *) f + info->offset;
}

static const uint8_t *
field_cptr(const struct ofp_match_fields *f, const struct mf_field_info *info)
{
    return (const uint8_t *) f + info->offset;
}

/* Sets 'mask' to the exact-match mask of 'info': the low n_bits ones. */
static void
full_mask(const struct mf_field_info *info, union mf_value *mask)
{
    unsigned int extra = info->size * 8 - info->n_bits;
    unsigned int i;

    memset(mask, 0, sizeof *mask);
    memset(mask->bytes, 0xff, info->size);
    if (KUMO_LIKELY(!extra)) {
        return;
    }
    /* Clear 'extra' high-order bits, big-endian. */
    for (i = 0; extra > 0; i++) {
        unsigned int n = MIN(extra, 8u);
        mask->bytes[i] &= (uint8_t) (0xff >> n);
        extra -= n;
    }
}

/* memcmp() for the few bytes of a field value, without a libc call. */
static inline bool
bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* Checks 'value'/'mask' against the field's width and maskability.
 * Returns 0, OFPERR_OFPBMC_BAD_MASK, OFPERR_OFPBMC_BAD_WILDCARDS or
 * OFPERR_OFPBMC_BAD_VALUE. */
static enum ofperr
check_value_mask(const struct mf_field_info *info, const union mf_value *value,
                 const union mf_value *mask)
{
    union mf_value full;
    bool exact = true;
    unsigned int i;

    full_mask(info, &full);
    for (i = 0; i < info->size; i++) {
        if (mask->bytes[i] & ~full.bytes[i]) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
        if (mask->bytes[i] != full.bytes[i]) {
            exact = false;
        }
    }
    if (!exact && !info->maskable) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    for (i = 0; i < info->size; i++) {
        if (value->bytes[i] & ~full.bytes[i]) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        if (value->bytes[i] & ~mask->bytes[i]) {
            return OFPERR_OFPBMC_BAD_WILDCARDS;
        }
    }
    if (info->id == MFF_VLAN_VID) {
        /* A VLAN id without OFPVID_PRESENT means nothing. */
        uint16_t v = ntohs(value->be16), m = ntohs(mask->be16);
        if ((m & OFPVID_PRESENT) && !(v & OFPVID_PRESENT) && (v & 0xfff)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
    }
    return 0;
}

/* Stores a checked value/mask pair; an all-zero mask removes the field. */
static void
store_field(struct ofp_match *m, const struct mf_field_info *info,
            const union mf_value *value, const union mf_value *mask)
{
    uint8_t *v = field_ptr(&m->v, info);
    uint8_t *mk = field_ptr(&m->m, info);
    unsigned int i;

    if (is_zero(mask->bytes, info->size)) {
        ofp_match_clear_field(m, info->id);
        return;
    }
    for (i = 0; i < info->size; i++) {
        v[i] = value->bytes[i] & mask->bytes[i];
        mk[i] = mask->bytes[i];
    }
    m->present |= UINT64_C(1) << info->id;
}

/* Makes 'm' match every packet. */
void
ofp_match_init_catchall(struct ofp_match *m)
{
    memset(m, 0, sizeof *m);
}

/* True if 'a' and 'b' have the same fields, values and masks. */
bool
ofp_match_equal(const struct ofp_match *a, const struct ofp_match *b)
{
    return a->present == b->present
           && !memcmp(&a->v, &b->v, sizeof a->v)
           && !memcmp(&a->m, &b->m, sizeof a->m);
}

/* Sets 'field' to 'value'/'mask' (see ofp-match.h). Value bits outside the
 * mask are cleared rather than rejected: this is for our own callers. */
enum ofperr
ofp_match_set_field(struct ofp_match *m, enum mf_field field,
                    const union mf_value *value, const union mf_value *mask)
{
    const struct mf_field_info *info = ofp_match_field_info(field);
    union mf_value v, mk;
    enum ofperr error;
    unsigned int i;

    if (!info) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    memset(&v, 0, sizeof v);
    memcpy(v.bytes, value->bytes, info->size);
    full_mask(info, &mk);
    for (i = 0; i < info->size; i++) {
        if (v.bytes[i] & ~mk.bytes[i]) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
    }
    if (mask) {
        memcpy(mk.bytes, mask->bytes, info->size);
    }
    for (i = 0; i < info->size; i++) {
        v.bytes[i] &= mk.bytes[i];
    }
    error = check_value_mask(info, &v, &mk);
    if (error) {
        return error;
    }
    store_field(m, info, &v, &mk);
    return 0;
}

/* Removes 'field' from 'm'. */
void
ofp_match_clear_field(struct ofp_match *m, enum mf_field field)
{
    const struct mf_field_info *info = ofp_match_field_info(field);

    if (info) {
        memset(field_ptr(&m->v, info), 0, info->size);
        memset(field_ptr(&m->m, info), 0, info->size);
        m->present &= ~(UINT64_C(1) << field);
    }
}

/* Copies out the value and mask of 'field' (zeros if absent). */
void
ofp_match_get_field(const struct ofp_match *m, enum mf_field field,
                    union mf_value *value, union mf_value *mask)
{
    const struct mf_field_info *info = ofp_match_field_info(field);

    if (value) {
        memset(value, 0, sizeof *value);
        if (info) {
            memcpy(value->bytes, field_cptr(&m->v, info), info->size);
        }
    }
    if (mask) {
        memset(mask, 0, sizeof *mask);
        if (info) {
            memcpy(mask->bytes, field_cptr(&m->m, info), info->size);
        }
    }
}

/* Typed setters: internal values never fail the checks, so the result of
 * ofp_match_set_field() can be ignored (asserted in debug builds). */
static void
set_be16(struct ofp_match *m, enum mf_field f, uint16_t v)
{
    union mf_value x;
    memset(&x, 0, sizeof x);
    x.be16 = htons(v);
    ofp_match_set_field(m, f, &x, NULL);
}

static void
set_be32_masked(struct ofp_match *m, enum mf_field f, be32 v, be32 mask)
{
    union mf_value x, y;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.be32 = v;
    y.be32 = mask;
    ofp_match_set_field(m, f, &x, &y);
}

static void
set_u8(struct ofp_match *m, enum mf_field f, uint8_t v)
{
    union mf_value x;
    memset(&x, 0, sizeof x);
    x.u8 = v;
    ofp_match_set_field(m, f, &x, NULL);
}

/* Stores an exact match on a field whose every bit is significant (so no
 * check can fail): the typed setters below are on the flow-mod hot path. */
#define SET_EXACT(M, FIELD, MEMBER, VALUE)                              \
    do {                                                                \
        (M)->v.MEMBER = (VALUE);                                        \
        memset(&(M)->m.MEMBER, 0xff, sizeof (M)->m.MEMBER);             \
        (M)->present |= UINT64_C(1) << (FIELD);                         \
    } while (0)

/* Matches the ingress port 'port' (32-bit). */
void
ofp_match_set_in_port(struct ofp_match *m, uint32_t port)
{
    SET_EXACT(m, MFF_IN_PORT, in_port, htonl(port));
}

/* Matches metadata 'value' under 'mask'. */
void
ofp_match_set_metadata_masked(struct ofp_match *m, uint64_t value,
                              uint64_t mask)
{
    union mf_value x, y;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.be64 = htonll(value);
    y.be64 = htonll(mask);
    ofp_match_set_field(m, MFF_METADATA, &x, &y);
}

/* Matches the Ethernet destination 'ea'. */
void
ofp_match_set_eth_dst(struct ofp_match *m, const struct eth_addr *ea)
{
    SET_EXACT(m, MFF_ETH_DST, eth_dst, *ea);
}

/* Matches the Ethernet destination 'ea' under 'mask'. */
void
ofp_match_set_eth_dst_masked(struct ofp_match *m, const struct eth_addr *ea,
                             const struct eth_addr *mask)
{
    union mf_value x, y;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.mac = *ea;
    y.mac = *mask;
    ofp_match_set_field(m, MFF_ETH_DST, &x, &y);
}

/* Matches the Ethernet source 'ea'. */
void
ofp_match_set_eth_src(struct ofp_match *m, const struct eth_addr *ea)
{
    SET_EXACT(m, MFF_ETH_SRC, eth_src, *ea);
}

/* Matches Ethertype 'eth_type'. */
void
ofp_match_set_eth_type(struct ofp_match *m, uint16_t eth_type)
{
    SET_EXACT(m, MFF_ETH_TYPE, eth_type, htons(eth_type));
}

/* Matches VLAN 'vid' (OXM semantics, see ofp-match.h). */
void
ofp_match_set_vlan_vid(struct ofp_match *m, uint16_t vid)
{
    if (vid <= (OFPVID_PRESENT | 0xfff) && (vid & OFPVID_PRESENT || !vid)) {
        m->v.vlan_vid = htons(vid);
        m->m.vlan_vid = htons(0x1fff);
        m->present |= UINT64_C(1) << MFF_VLAN_VID;
    }
}

/* Matches VLAN 'vid' under 'mask' (e.g. OFPVID_PRESENT/OFPVID_PRESENT for
 * any tagged packet). */
void
ofp_match_set_vlan_vid_masked(struct ofp_match *m, uint16_t vid,
                              uint16_t mask)
{
    union mf_value x, y;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.be16 = htons(vid);
    y.be16 = htons(mask);
    ofp_match_set_field(m, MFF_VLAN_VID, &x, &y);
}

/* Matches VLAN priority 'pcp'. */
void
ofp_match_set_vlan_pcp(struct ofp_match *m, uint8_t pcp)
{
    set_u8(m, MFF_VLAN_PCP, pcp);
}

/* Matches IP protocol 'proto'. */
void
ofp_match_set_ip_proto(struct ofp_match *m, uint8_t proto)
{
    SET_EXACT(m, MFF_IP_PROTO, ip_proto, proto);
}

/* Matches IPv4 source 'addr' under 'mask'. */
void
ofp_match_set_ipv4_src_masked(struct ofp_match *m, be32 addr, be32 mask)
{
    set_be32_masked(m, MFF_IPV4_SRC, addr, mask);
}

/* Matches IPv4 destination 'addr' under 'mask'. */
void
ofp_match_set_ipv4_dst_masked(struct ofp_match *m, be32 addr, be32 mask)
{
    set_be32_masked(m, MFF_IPV4_DST, addr, mask);
}

/* Matches TCP source port 'port'. */
void
ofp_match_set_tcp_src(struct ofp_match *m, uint16_t port)
{
    SET_EXACT(m, MFF_TCP_SRC, tcp_src, htons(port));
}

/* Matches TCP destination port 'port'. */
void
ofp_match_set_tcp_dst(struct ofp_match *m, uint16_t port)
{
    SET_EXACT(m, MFF_TCP_DST, tcp_dst, htons(port));
}

/* Matches UDP source port 'port'. */
void
ofp_match_set_udp_src(struct ofp_match *m, uint16_t port)
{
    SET_EXACT(m, MFF_UDP_SRC, udp_src, htons(port));
}

/* Matches UDP destination port 'port'. */
void
ofp_match_set_udp_dst(struct ofp_match *m, uint16_t port)
{
    SET_EXACT(m, MFF_UDP_DST, udp_dst, htons(port));
}

/* Matches tunnel id 'tun_id' exactly. */
void
ofp_match_set_tunnel_id(struct ofp_match *m, uint64_t tun_id)
{
    union mf_value x;
    memset(&x, 0, sizeof x);
    x.be64 = htonll(tun_id);
    ofp_match_set_field(m, MFF_TUNNEL_ID, &x, NULL);
}

/* Matches the tunnel's outer IPv4 source 'addr' under 'mask'. */
void
ofp_match_set_tun_ipv4_src_masked(struct ofp_match *m, be32 addr, be32 mask)
{
    set_be32_masked(m, MFF_TUN_IPV4_SRC, addr, mask);
}

/* Matches the tunnel's outer IPv4 destination 'addr' under 'mask'. */
void
ofp_match_set_tun_ipv4_dst_masked(struct ofp_match *m, be32 addr, be32 mask)
{
    set_be32_masked(m, MFF_TUN_IPV4_DST, addr, mask);
}

/* ---- Prerequisites ---- */

static bool
field_is_exact(const struct ofp_match *m, enum mf_field field)
{
    const struct mf_field_info *info = &fields[field];
    union mf_value full;

    if (!ofp_match_has(m, field)) {
        return false;
    }
    full_mask(info, &full);
    return bytes_equal(field_cptr(&m->m, info), full.bytes, info->size);
}

static bool
eth_type_is(const struct ofp_match *m, uint16_t eth_type)
{
    return field_is_exact(m, MFF_ETH_TYPE) && m->v.eth_type == htons(eth_type);
}

static bool
is_ip_any(const struct ofp_match *m)
{
    return eth_type_is(m, 0x0800) || eth_type_is(m, 0x86dd);
}

static bool
ip_proto_is(const struct ofp_match *m, uint8_t proto)
{
    return field_is_exact(m, MFF_IP_PROTO) && m->v.ip_proto == proto;
}

static bool
is_icmpv6(const struct ofp_match *m)
{
    return eth_type_is(m, 0x86dd) && ip_proto_is(m, 58);
}

static bool
icmpv6_type_is(const struct ofp_match *m, uint8_t type)
{
    return is_icmpv6(m) && field_is_exact(m, MFF_ICMPV6_TYPE)
           && m->v.icmpv6_type == type;
}

static bool
prereq_ok(const struct ofp_match *m, enum mf_prereq p)
{
    switch (p) {
    case MFP_NONE:
        return true;
    case MFP_IN_PORT:
        return ofp_match_has(m, MFF_IN_PORT);
    case MFP_VLAN:
        return (ntohs(m->m.vlan_vid) & OFPVID_PRESENT)
               && (ntohs(m->v.vlan_vid) & OFPVID_PRESENT);
    case MFP_IP_ANY:
        return is_ip_any(m);
    case MFP_IPV4:
        return eth_type_is(m, 0x0800);
    case MFP_IPV6:
        return eth_type_is(m, 0x86dd);
    case MFP_ARP:
        return eth_type_is(m, 0x0806);
    case MFP_MPLS:
        return eth_type_is(m, 0x8847) || eth_type_is(m, 0x8848);
    case MFP_PBB:
        return eth_type_is(m, 0x88e7);
    case MFP_TCP:
        return is_ip_any(m) && ip_proto_is(m, 6);
    case MFP_UDP:
        return is_ip_any(m) && ip_proto_is(m, 17);
    case MFP_SCTP:
        return is_ip_any(m) && ip_proto_is(m, 132);
    case MFP_ICMPV4:
        return eth_type_is(m, 0x0800) && ip_proto_is(m, 1);
    case MFP_ICMPV6:
        return is_icmpv6(m);
    case MFP_ND:
        return icmpv6_type_is(m, 135) || icmpv6_type_is(m, 136);
    case MFP_ND_SOLICIT:
        return icmpv6_type_is(m, 135);
    case MFP_ND_ADVERT:
        return icmpv6_type_is(m, 136);
    }
    return false;
}

/* True if 'm' matches the prerequisites of 'field'. */
bool
ofp_match_prereqs_ok(const struct ofp_match *m, enum mf_field field)
{
    const struct mf_field_info *info = ofp_match_field_info(field);
    return info && prereq_ok(m, info->prereq);
}

/* Checks every present field's prerequisites. */
enum ofperr
ofp_match_check_prereqs(const struct ofp_match *m)
{
    int f;

    for (f = 0; f < MFF_N_IDS; f++) {
        if (ofp_match_has(m, f) && !prereq_ok(m, fields[f].prereq)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
    }
    return 0;
}

/* ---- OpenFlow 1.0 ---- */

/* Returns the prefix length of CIDR mask 'mask', or -1 if not CIDR. */
static int
cidr_len(be32 mask)
{
    uint32_t x = ntohl(mask);
    int n = x ? 32 - __builtin_ctz(x) : 0;

    if (n && x != (UINT32_MAX << (32 - n))) {
        return -1;
    }
    return n;
}

/* Mask for 1.0 'wild' wildcarded low-order bits. */
static be32
mask_from_wild(unsigned int wild)
{
    return wild >= 32 ? 0 : htonl(UINT32_MAX << wild);
}

/* Converts a 1.0 match (see ofp-match.h). */
enum ofperr
ofp_match_from_ofp10(struct ofp_match *out, const struct ofp10_match *in)
{
    uint32_t wc = ntohl(in->wildcards) & OFPFW10_ALL;
    union mf_value x;
    be32 src_mask = mask_from_wild((wc & OFPFW10_NW_SRC_MASK)
                                   >> OFPFW10_NW_SRC_SHIFT);
    be32 dst_mask = mask_from_wild((wc & OFPFW10_NW_DST_MASK)
                                   >> OFPFW10_NW_DST_SHIFT);

    ofp_match_init_catchall(out);
    if (!(wc & OFPFW10_IN_PORT)) {
        ofp_match_set_in_port(out, ofp_port_from_10(ntohs(in->in_port)));
    }
    if (!(wc & OFPFW10_DL_DST)) {
        memset(&x, 0, sizeof x);
        memcpy(x.mac.ea, in->dl_dst, 6);
        ofp_match_set_field(out, MFF_ETH_DST, &x, NULL);
    }
    if (!(wc & OFPFW10_DL_SRC)) {
        memset(&x, 0, sizeof x);
        memcpy(x.mac.ea, in->dl_src, 6);
        ofp_match_set_field(out, MFF_ETH_SRC, &x, NULL);
    }
    if (!(wc & OFPFW10_DL_TYPE)) {
        ofp_match_set_eth_type(out, ntohs(in->dl_type));
    }
    if (!(wc & OFPFW10_DL_VLAN)) {
        uint16_t vid = ntohs(in->dl_vlan);
        if (vid == OFP10_VLAN_NONE) {
            ofp_match_set_vlan_vid(out, OFPVID_NONE);
        } else {
            ofp_match_set_vlan_vid(out, OFPVID_PRESENT | (vid & 0xfff));
            if (!(wc & OFPFW10_DL_VLAN_PCP)) {
                ofp_match_set_vlan_pcp(out, in->dl_vlan_pcp & 7);
            }
        }
    } else if (!(wc & OFPFW10_DL_VLAN_PCP)) {
        /* A priority implies a tag. */
        ofp_match_set_vlan_vid_masked(out, OFPVID_PRESENT, OFPVID_PRESENT);
        ofp_match_set_vlan_pcp(out, in->dl_vlan_pcp & 7);
    }
    if (eth_type_is(out, 0x0800)) {
        if (!(wc & OFPFW10_NW_TOS)) {
            set_u8(out, MFF_IP_DSCP, in->nw_tos >> 2);
        }
        if (!(wc & OFPFW10_NW_PROTO)) {
            ofp_match_set_ip_proto(out, in->nw_proto);
        }
        if (src_mask) {
            set_be32_masked(out, MFF_IPV4_SRC, in->nw_src, src_mask);
        }
        if (dst_mask) {
            set_be32_masked(out, MFF_IPV4_DST, in->nw_dst, dst_mask);
        }
        if (ofp_match_has(out, MFF_IP_PROTO)) {
            enum mf_field fs = MFF_N_IDS, fd = MFF_N_IDS;

            switch (in->nw_proto) {
            case 6:
                fs = MFF_TCP_SRC, fd = MFF_TCP_DST;
                break;
            case 17:
                fs = MFF_UDP_SRC, fd = MFF_UDP_DST;
                break;
            case 132:
                fs = MFF_SCTP_SRC, fd = MFF_SCTP_DST;
                break;
            case 1:
                if (!(wc & OFPFW10_TP_SRC)) {
                    set_u8(out, MFF_ICMPV4_TYPE, ntohs(in->tp_src) & 0xff);
                }
                if (!(wc & OFPFW10_TP_DST)) {
                    set_u8(out, MFF_ICMPV4_CODE, ntohs(in->tp_dst) & 0xff);
                }
                break;
            }
            if (fs != MFF_N_IDS && !(wc & OFPFW10_TP_SRC)) {
                set_be16(out, fs, ntohs(in->tp_src));
            }
            if (fd != MFF_N_IDS && !(wc & OFPFW10_TP_DST)) {
                set_be16(out, fd, ntohs(in->tp_dst));
            }
        }
    } else if (eth_type_is(out, 0x0806)) {
        if (!(wc & OFPFW10_NW_PROTO)) {
            set_be16(out, MFF_ARP_OP, in->nw_proto);
        }
        if (src_mask) {
            set_be32_masked(out, MFF_ARP_SPA, in->nw_src, src_mask);
        }
        if (dst_mask) {
            set_be32_masked(out, MFF_ARP_TPA, in->nw_dst, dst_mask);
        }
    }
    return 0;
}

/* Bits of the fields 1.0 can express. */
#define OFP10_FIELDS                                                    \
    ((UINT64_C(1) << MFF_IN_PORT) | (UINT64_C(1) << MFF_ETH_DST)        \
     | (UINT64_C(1) << MFF_ETH_SRC) | (UINT64_C(1) << MFF_ETH_TYPE)     \
     | (UINT64_C(1) << MFF_VLAN_VID) | (UINT64_C(1) << MFF_VLAN_PCP)    \
     | (UINT64_C(1) << MFF_IP_DSCP) | (UINT64_C(1) << MFF_IP_PROTO)     \
     | (UINT64_C(1) << MFF_IPV4_SRC) | (UINT64_C(1) << MFF_IPV4_DST)    \
     | (UINT64_C(1) << MFF_TCP_SRC) | (UINT64_C(1) << MFF_TCP_DST)      \
     | (UINT64_C(1) << MFF_UDP_SRC) | (UINT64_C(1) << MFF_UDP_DST)      \
     | (UINT64_C(1) << MFF_SCTP_SRC) | (UINT64_C(1) << MFF_SCTP_DST)    \
     | (UINT64_C(1) << MFF_ICMPV4_TYPE) | (UINT64_C(1) << MFF_ICMPV4_CODE) \
     | (UINT64_C(1) << MFF_ARP_OP) | (UINT64_C(1) << MFF_ARP_SPA)       \
     | (UINT64_C(1) << MFF_ARP_TPA))

/* Sets the 1.0 nw_src/nw_dst value and wildcard bits for 'field'. */
static enum ofperr
put_nw_addr10(const struct ofp_match *in, enum mf_field field, be32 *addr,
              uint32_t *wc, int shift)
{
    union mf_value v, mk;
    int n;

    if (!ofp_match_has(in, field)) {
        return 0;
    }
    ofp_match_get_field(in, field, &v, &mk);
    n = cidr_len(mk.be32);
    if (n < 0) {
        return OFPERR_OFPBMC_BAD_NW_ADDR_MASK;
    }
    *addr = v.be32;
    *wc &= ~(uint32_t) (0x3f << shift);
    *wc |= (uint32_t) (32 - n) << shift;
    return 0;
}

/* Converts 'in' to a 1.0 match (see ofp-match.h). */
enum ofperr
ofp_match_to_ofp10(const struct ofp_match *in, struct ofp10_match *out)
{
    uint32_t wc = OFPFW10_ALL & ~(OFPFW10_NW_SRC_MASK | OFPFW10_NW_DST_MASK);
    enum ofperr error;
    int f;

    memset(out, 0, sizeof *out);
    wc |= OFPFW10_NW_SRC_ALL | OFPFW10_NW_DST_ALL;
    if (in->present & ~OFP10_FIELDS) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    for (f = 0; f < MFF_N_IDS; f++) {
        if (ofp_match_has(in, f) && !field_is_exact(in, f)
            && f != MFF_IPV4_SRC && f != MFF_IPV4_DST && f != MFF_ARP_SPA
            && f != MFF_ARP_TPA && f != MFF_VLAN_VID) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
    }
    if (ofp_match_has(in, MFF_IN_PORT)) {
        uint32_t port = ntohl(in->v.in_port);
        if (!ofp_port_is_valid_10(port)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        out->in_port = htons(ofp_port_to_10(port));
        wc &= ~OFPFW10_IN_PORT;
    }
    if (ofp_match_has(in, MFF_ETH_SRC)) {
        memcpy(out->dl_src, in->v.eth_src.ea, 6);
        wc &= ~OFPFW10_DL_SRC;
    }
    if (ofp_match_has(in, MFF_ETH_DST)) {
        memcpy(out->dl_dst, in->v.eth_dst.ea, 6);
        wc &= ~OFPFW10_DL_DST;
    }
    if (ofp_match_has(in, MFF_ETH_TYPE)) {
        out->dl_type = in->v.eth_type;
        wc &= ~OFPFW10_DL_TYPE;
    }
    if (ofp_match_has(in, MFF_VLAN_VID)) {
        uint16_t v = ntohs(in->v.vlan_vid), mk = ntohs(in->m.vlan_vid);
        if (mk == 0x1fff) {
            out->dl_vlan = htons(v & OFPVID_PRESENT ? v & 0xfff
                                 : OFP10_VLAN_NONE);
            wc &= ~OFPFW10_DL_VLAN;
            /* For "no tag" Open vSwitch also matches priority 0 exactly;
             * Kumo leaves the priority wildcarded (the same packets), so
             * that tagged and untagged matches differ only in dl_vlan. */
        } else if (!(mk == OFPVID_PRESENT && v == OFPVID_PRESENT
                     && ofp_match_has(in, MFF_VLAN_PCP))) {
            /* 1.0 says "any tag" only through a priority. */
            return OFPERR_OFPBMC_BAD_MASK;
        }
    }
    if (ofp_match_has(in, MFF_VLAN_PCP)) {
        out->dl_vlan_pcp = in->v.vlan_pcp;
        wc &= ~OFPFW10_DL_VLAN_PCP;
    }
    if (ofp_match_has(in, MFF_IP_DSCP)) {
        out->nw_tos = (uint8_t) (in->v.ip_dscp << 2);
        wc &= ~OFPFW10_NW_TOS;
    }
    if (ofp_match_has(in, MFF_IP_PROTO)) {
        out->nw_proto = in->v.ip_proto;
        wc &= ~OFPFW10_NW_PROTO;
    }
    if (ofp_match_has(in, MFF_ARP_OP)) {
        if (ntohs(in->v.arp_op) > 0xff) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        out->nw_proto = (uint8_t) ntohs(in->v.arp_op);
        wc &= ~OFPFW10_NW_PROTO;
    }
    error = put_nw_addr10(in, MFF_IPV4_SRC, &out->nw_src, &wc,
                          OFPFW10_NW_SRC_SHIFT);
    error = error ? error : put_nw_addr10(in, MFF_IPV4_DST, &out->nw_dst,
                                          &wc, OFPFW10_NW_DST_SHIFT);
    error = error ? error : put_nw_addr10(in, MFF_ARP_SPA, &out->nw_src,
                                          &wc, OFPFW10_NW_SRC_SHIFT);
    error = error ? error : put_nw_addr10(in, MFF_ARP_TPA, &out->nw_dst,
                                          &wc, OFPFW10_NW_DST_SHIFT);
    if (error) {
        return error;
    }
    static const enum mf_field tp_src[] = {
        MFF_TCP_SRC, MFF_UDP_SRC, MFF_SCTP_SRC,
    };
    static const enum mf_field tp_dst[] = {
        MFF_TCP_DST, MFF_UDP_DST, MFF_SCTP_DST,
    };
    for (size_t i = 0; i < ARRAY_SIZE(tp_src); i++) {
        if (ofp_match_has(in, tp_src[i])) {
            memcpy(&out->tp_src, field_cptr(&in->v, &fields[tp_src[i]]), 2);
            wc &= ~OFPFW10_TP_SRC;
        }
        if (ofp_match_has(in, tp_dst[i])) {
            memcpy(&out->tp_dst, field_cptr(&in->v, &fields[tp_dst[i]]), 2);
            wc &= ~OFPFW10_TP_DST;
        }
    }
    if (ofp_match_has(in, MFF_ICMPV4_TYPE)) {
        out->tp_src = htons(in->v.icmpv4_type);
        wc &= ~OFPFW10_TP_SRC;
    }
    if (ofp_match_has(in, MFF_ICMPV4_CODE)) {
        out->tp_dst = htons(in->v.icmpv4_code);
        wc &= ~OFPFW10_TP_DST;
    }
    out->wildcards = htonl(wc);
    return 0;
}

/* ---- OXM ---- */

/* Appends one OXM TLV (see ofp-match.h). */
void
ofp_match_oxm_put(struct buf *out, enum mf_field field,
                  const union mf_value *value, const union mf_value *mask)
{
    const struct mf_field_info *info = &fields[field];
    union mf_value full;
    bool masked = false;

    if (mask) {
        full_mask(info, &full);
        masked = !bytes_equal(mask->bytes, full.bytes, info->size);
    }
    buf_put_be32(out, OXM_HEADER__(info->oxm_class, info->oxm_field, masked,
                                   info->size * (masked ? 2 : 1)));
    buf_put(out, value->bytes, info->size);
    if (masked) {
        buf_put(out, mask->bytes, info->size);
    }
}

/* Pulls one OXM TLV (see ofp-match.h). */
enum ofperr
ofp_match_oxm_pull(struct cursor *c, enum mf_field *fieldp,
                   union mf_value *value, union mf_value *mask)
{
    const struct mf_field_info *info;
    const uint8_t *p;
    uint32_t header;
    unsigned int len;
    be32 h;

    p = cursor_pull(c, 4);
    if (!p) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    memcpy(&h, p, 4);
    header = ntohl(h);
    len = OXM_LENGTH(header);
    p = cursor_pull(c, len);
    if (!p) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    info = ofp_match_field_from_oxm(OXM_CLASS(header), OXM_FIELD(header));
    if (!info) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    if (len != info->size * (OXM_HASMASK(header) ? 2u : 1u)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    memset(value, 0, sizeof *value);
    memcpy(value->bytes, p, info->size);
    if (OXM_HASMASK(header)) {
        memset(mask, 0, sizeof *mask);
        memcpy(mask->bytes, p + info->size, info->size);
        if (!info->maskable) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
    } else {
        full_mask(info, mask);
    }
    *fieldp = info->id;
    return check_value_mask(info, value, mask);
}

/* The order in which OXM TLVs are encoded: the order Open vSwitch uses,
 * so that the same flow gives the same bytes from Kumo and from
 * ovs-ofctl. Every field comes after its prerequisites. */
static const enum mf_field encode_order[] = {
    MFF_IN_PORT, MFF_IN_PHY_PORT, MFF_ETH_SRC, MFF_ETH_DST, MFF_ETH_TYPE,
    MFF_VLAN_VID, MFF_VLAN_PCP, MFF_MPLS_TC, MFF_MPLS_BOS, MFF_MPLS_LABEL,
    MFF_PBB_ISID, MFF_IPV4_SRC, MFF_IPV4_DST, MFF_IPV6_SRC, MFF_IPV6_DST,
    MFF_IPV6_FLABEL, MFF_IPV6_EXTHDR, MFF_IP_DSCP, MFF_IP_ECN, MFF_IP_PROTO,
    MFF_TCP_SRC, MFF_TCP_DST, MFF_UDP_SRC, MFF_UDP_DST, MFF_SCTP_SRC,
    MFF_SCTP_DST, MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE, MFF_ICMPV6_TYPE,
    MFF_ICMPV6_CODE, MFF_IPV6_ND_TARGET, MFF_IPV6_ND_SLL, MFF_IPV6_ND_TLL,
    MFF_ARP_OP, MFF_ARP_SPA, MFF_ARP_TPA, MFF_ARP_SHA, MFF_ARP_THA,
    MFF_TUNNEL_ID, MFF_TUN_IPV4_SRC, MFF_TUN_IPV4_DST, MFF_METADATA,
};
OFP_ASSERT(ARRAY_SIZE(encode_order) == MFF_N_IDS);

/* Appends 'm' as a 1.3 OXM match (see ofp-match.h). */
void
ofp_match_encode_oxm(const struct ofp_match *m, struct buf *out)
{
    size_t start = out->size;
    struct ofp13_match_header hdr;
    size_t len, i;

    buf_put_zeros(out, sizeof hdr);
    for (i = 0; i < ARRAY_SIZE(encode_order); i++) {
        enum mf_field f = encode_order[i];
        if (ofp_match_has(m, f)) {
            union mf_value v, mk;
            ofp_match_get_field(m, f, &v, &mk);
            ofp_match_oxm_put(out, f, &v, &mk);
        }
    }
    len = out->size - start;
    hdr.type = htons(OFPMT_OXM);
    hdr.length = htons((uint16_t) len);
    memcpy(out->data + start, &hdr, sizeof hdr);
    buf_put_zeros(out, ROUND_UP(len, 8) - len);
}

/* Pulls a 1.3 OXM match (see ofp-match.h). */
enum ofperr
ofp_match_decode_oxm(struct ofp_match *out, struct cursor *c)
{
    struct ofp13_match_header mh;
    struct cursor tlvs;
    const uint8_t *p;
    uint64_t seen = 0;
    size_t len, padded;

    ofp_match_init_catchall(out);
    p = cursor_peek(c, sizeof mh);
    if (!p) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    memcpy(&mh, p, sizeof mh);
    if (ntohs(mh.type) != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    len = ntohs(mh.length);
    padded = ROUND_UP(len, 8);
    if (len < sizeof mh || padded > c->size) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    p = cursor_pull(c, padded);
    if (!is_zero(p + len, padded - len)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    tlvs = cursor_make(p + sizeof mh, len - sizeof mh);
    while (tlvs.size > 0) {
        union mf_value v, mk;
        enum mf_field f;
        enum ofperr error = ofp_match_oxm_pull(&tlvs, &f, &v, &mk);

        if (error) {
            return error;
        }
        if (seen & (UINT64_C(1) << f)) {
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        seen |= UINT64_C(1) << f;
        if (!prereq_ok(out, fields[f].prereq)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
        store_field(out, &fields[f], &v, &mk);
    }
    return 0;
}

/* Appends 'm' as the match of 'version' (see ofp-match.h). */
enum ofperr
ofp_match_encode(const struct ofp_match *m, enum ofp_version version,
                 struct buf *out)
{
    enum ofperr error = ofp_match_check_prereqs(m);

    if (error) {
        return error;
    }
    if (version == OFP10_VERSION) {
        struct ofp10_match m10;
        error = ofp_match_to_ofp10(m, &m10);
        if (!error) {
            buf_put(out, &m10, sizeof m10);
        }
        return error;
    } else if (version == OFP13_VERSION) {
        ofp_match_encode_oxm(m, out);
        return 0;
    }
    return OFPERR_OFPBRC_BAD_VERSION;
}

/* Pulls the match of 'version' from 'c' (see ofp-match.h). */
enum ofperr
ofp_match_decode(struct ofp_match *out, enum ofp_version version,
                 struct cursor *c)
{
    if (version == OFP10_VERSION) {
        struct ofp10_match m10;
        const void *p = cursor_pull(c, sizeof m10);

        if (!p) {
            ofp_match_init_catchall(out);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        memcpy(&m10, p, sizeof m10);
        return ofp_match_from_ofp10(out, &m10);
    } else if (version == OFP13_VERSION) {
        return ofp_match_decode_oxm(out, c);
    }
    ofp_match_init_catchall(out);
    return OFPERR_OFPBRC_BAD_VERSION;
}

/* ---- Text ---- */

/* Appends the name of 'port' or its number. */
void
ofp_match_format_port(struct ds *s, uint32_t port)
{
    ofp_port_no_format(s, port);
}

static uint64_t
bytes_to_u64(const uint8_t *p, size_t n)
{
    uint64_t x = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        x = (x << 8) | p[i];
    }
    return x;
}

/* Appends an IPv6 mask as "/N" if it is a prefix, else "/ADDR". */
static void
put_ipv6_mask(struct ds *s, const uint8_t *mask)
{
    int n = 0, i;

    while (n < 128 && (mask[n / 8] & (0x80 >> (n % 8)))) {
        n++;
    }
    for (i = n; i < 128; i++) {
        if (mask[i / 8] & (0x80 >> (i % 8))) {
            ds_put_char(s, '/');
            ds_put_ipv6(s, mask);
            return;
        }
    }
    ds_put_format(s, "/%d", n);
}

/* Appends one value (and "/mask" unless exact; see ofp-match.h). */
void
ofp_match_format_value(struct ds *s, enum mf_field field,
                       const union mf_value *value,
                       const union mf_value *mask)
{
    const struct mf_field_info *info = &fields[field];
    union mf_value full;
    bool masked = false;

    if (mask) {
        full_mask(info, &full);
        masked = memcmp(mask->bytes, full.bytes, info->size) != 0;
    }
    switch (info->format) {
    case MFF_FMT_PORT:
        ofp_match_format_port(s, ntohl(value->be32));
        break;
    case MFF_FMT_ETH:
        ds_put_eth_addr(s, &value->mac);
        if (masked) {
            ds_put_char(s, '/');
            ds_put_eth_addr(s, &mask->mac);
        }
        break;
    case MFF_FMT_IPV4:
        ds_put_ipv4(s, value->be32);
        if (masked) {
            int n = cidr_len(mask->be32);
            if (n >= 0) {
                ds_put_format(s, "/%d", n);
            } else {
                ds_put_char(s, '/');
                ds_put_ipv4(s, mask->be32);
            }
        }
        break;
    case MFF_FMT_IPV6:
        ds_put_ipv6(s, value->ipv6);
        if (masked) {
            put_ipv6_mask(s, mask->ipv6);
        }
        break;
    case MFF_FMT_HEX:
        if (field == MFF_IPV6_FLABEL) {
            /* ovs-ofctl shows all 20 bits. */
            ds_put_format(s, "0x%05"PRIx64,
                          bytes_to_u64(value->bytes, info->size));
            if (masked) {
                ds_put_format(s, "/0x%05"PRIx64,
                              bytes_to_u64(mask->bytes, info->size));
            }
            break;
        }
        ds_put_format(s, "%#"PRIx64, bytes_to_u64(value->bytes, info->size));
        if (masked) {
            ds_put_format(s, "/%#"PRIx64,
                          bytes_to_u64(mask->bytes, info->size));
        }
        break;
    case MFF_FMT_DEC:
        if (masked) {
            ds_put_format(s, "%#"PRIx64"/%#"PRIx64,
                          bytes_to_u64(value->bytes, info->size),
                          bytes_to_u64(mask->bytes, info->size));
        } else {
            ds_put_format(s, "%"PRIu64,
                          bytes_to_u64(value->bytes, info->size));
        }
        break;
    }
}

/* The protocol shorthand ovs-ofctl prints for 'm' ("tcp", "arp"), which
 * stands for the eth_type (and ip_proto) it implies; NULL if none. */
static const char *
protocol_name(const struct ofp_match *m, bool *absorbs_proto)
{
    static const struct {
        uint16_t eth_type;
        int proto;              /* -1: any. */
        const char *name;
    } protos[] = {
        { 0x0800, 6, "tcp" }, { 0x0800, 17, "udp" }, { 0x0800, 132, "sctp" },
        { 0x0800, 1, "icmp" }, { 0x86dd, 6, "tcp6" }, { 0x86dd, 17, "udp6" },
        { 0x86dd, 132, "sctp6" }, { 0x86dd, 58, "icmp6" },
        { 0x0800, -1, "ip" }, { 0x86dd, -1, "ipv6" }, { 0x0806, -1, "arp" },
        { 0x8035, -1, "rarp" }, { 0x8847, -1, "mpls" }, { 0x8848, -1, "mplsm" },
    };
    size_t i;

    *absorbs_proto = false;
    if (!field_is_exact(m, MFF_ETH_TYPE)) {
        return NULL;
    }
    for (i = 0; i < ARRAY_SIZE(protos); i++) {
        if (m->v.eth_type != htons(protos[i].eth_type)) {
            continue;
        }
        if (protos[i].proto < 0) {
            return protos[i].name;
        }
        if (ip_proto_is(m, (uint8_t) protos[i].proto)) {
            *absorbs_proto = true;
            return protos[i].name;
        }
    }
    return NULL;
}

static void
put_field(struct ds *s, const struct ofp_match *m, enum mf_field f)
{
    union mf_value v, mk;

    if (!ofp_match_has(m, f)) {
        return;
    }
    ofp_match_get_field(m, f, &v, &mk);
    ds_put_format(s, "%s=", fields[f].name);
    ofp_match_format_value(s, f, &v, &mk);
    ds_put_char(s, ',');
}

/* Appends the VLAN part as ovs-ofctl does: dl_vlan/dl_vlan_pcp for the
 * common cases, vlan_tci for the rest. */
static void
put_vlan(struct ds *s, const struct ofp_match *m, enum ofp_version version)
{
    uint16_t v = ntohs(m->v.vlan_vid), mk = ntohs(m->m.vlan_vid);

    if (!ofp_match_has(m, MFF_VLAN_VID)) {
        return;
    }
    if (mk == 0x1fff && !(v & OFPVID_PRESENT)) {
        /* 1.0 matches "no tag" with the whole TCI (priority 0 too). */
        ds_put_cstr(s, version == OFP10_VERSION ? "vlan_tci=0x0000,"
                    : "vlan_tci=0x0000/0x1fff,");
    } else if (mk == 0x1fff) {
        ds_put_format(s, "dl_vlan=%u,", v & 0xfff);
    } else if (mk == OFPVID_PRESENT && v == OFPVID_PRESENT) {
        if (!ofp_match_has(m, MFF_VLAN_PCP)) {
            ds_put_cstr(s, "vlan_tci=0x1000/0x1000,");
        }
    } else {
        ds_put_format(s, "vlan_vid=%#x/%#x,", v, mk);
    }
}

/* Appends 'm' in ovs-ofctl syntax, as OpenFlow 1.3 (see ofp-match.h). */
void
ofp_match_format(struct ds *s, const struct ofp_match *m)
{
    ofp_match_format_version(s, m, OFP13_VERSION);
}

/* Appends 'm' in ovs-ofctl syntax as decoded from 'version'. */
void
ofp_match_format_version(struct ds *s, const struct ofp_match *m,
                         enum ofp_version version)
{
    static const enum mf_field order[] = {
        MFF_TUNNEL_ID, MFF_TUN_IPV4_SRC, MFF_TUN_IPV4_DST, MFF_METADATA,
        MFF_IN_PORT, MFF_IN_PHY_PORT, MFF_VLAN_VID, MFF_VLAN_PCP,
        MFF_ETH_SRC, MFF_ETH_DST, MFF_ETH_TYPE, MFF_IPV6_SRC, MFF_IPV6_DST,
        MFF_IPV6_FLABEL, MFF_ARP_SPA, MFF_ARP_TPA, MFF_IPV4_SRC,
        MFF_IPV4_DST, MFF_IP_PROTO, MFF_ARP_OP, MFF_ARP_SHA, MFF_ARP_THA,
        MFF_IP_DSCP, MFF_IP_ECN, MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE,
        MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE, MFF_IPV6_ND_TARGET,
        MFF_IPV6_ND_SLL, MFF_IPV6_ND_TLL, MFF_TCP_SRC, MFF_TCP_DST,
        MFF_UDP_SRC, MFF_UDP_DST, MFF_SCTP_SRC, MFF_SCTP_DST,
        MFF_MPLS_LABEL, MFF_MPLS_TC, MFF_MPLS_BOS, MFF_PBB_ISID,
        MFF_IPV6_EXTHDR,
    };
    size_t start = s->length;
    bool absorbs_proto;
    const char *proto = protocol_name(m, &absorbs_proto);
    size_t i;

    if (proto) {
        ds_put_format(s, "%s,", proto);
    }
    for (i = 0; i < ARRAY_SIZE(order); i++) {
        enum mf_field f = order[i];

        if (f == MFF_VLAN_VID) {
            put_vlan(s, m, version);
        } else if (f == MFF_ETH_TYPE && proto) {
            continue;
        } else if (f == MFF_IP_PROTO && absorbs_proto) {
            continue;
        } else if (f == MFF_IP_DSCP && ofp_match_has(m, f)) {
            ds_put_format(s, "nw_tos=%u,", m->v.ip_dscp << 2);
        } else {
            put_field(s, m, f);
        }
    }
    if (s->length > start) {
        ds_chomp(s, ',');
    }
}
