/* ofp-match: the version-independent flow match and its OpenFlow 1.0
 * (12-tuple with wildcards) and 1.3 (OXM TLV) encodings.
 *
 * A struct ofp_match holds, for every field Kumo knows (enum mf_field), a
 * value and a mask in network byte order, and a bitmap of the fields that
 * take part in the match. Invariants kept by every setter and decoder: a
 * field that is not present has zero value and zero mask; a present field
 * has a nonzero mask and no value bits outside it. Fields are stored with
 * OXM semantics (e.g. vlan_vid carries OFPVID_PRESENT, ip_dscp is 6 bits).
 *
 * Pure codec: no allocation, no globals that change. */
#ifndef KUMO_OFP_MATCH_H
#define KUMO_OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "openflow/of-match.h"

struct buf;
struct cursor;
struct ds;

/* Every match field. The first 40 equal their OFPXMT_OFB_* numbers. */
enum mf_field {
    MFF_IN_PORT, MFF_IN_PHY_PORT, MFF_METADATA, MFF_ETH_DST, MFF_ETH_SRC,
    MFF_ETH_TYPE, MFF_VLAN_VID, MFF_VLAN_PCP, MFF_IP_DSCP, MFF_IP_ECN,
    MFF_IP_PROTO, MFF_IPV4_SRC, MFF_IPV4_DST, MFF_TCP_SRC, MFF_TCP_DST,
    MFF_UDP_SRC, MFF_UDP_DST, MFF_SCTP_SRC, MFF_SCTP_DST, MFF_ICMPV4_TYPE,
    MFF_ICMPV4_CODE, MFF_ARP_OP, MFF_ARP_SPA, MFF_ARP_TPA, MFF_ARP_SHA,
    MFF_ARP_THA, MFF_IPV6_SRC, MFF_IPV6_DST, MFF_IPV6_FLABEL,
    MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE, MFF_IPV6_ND_TARGET, MFF_IPV6_ND_SLL,
    MFF_IPV6_ND_TLL, MFF_MPLS_LABEL, MFF_MPLS_TC, MFF_MPLS_BOS,
    MFF_PBB_ISID, MFF_TUNNEL_ID, MFF_IPV6_EXTHDR,
    /* Nicira extensions (OXM class NXM_1). */
    MFF_TUN_IPV4_SRC, MFF_TUN_IPV4_DST,
    MFF_N_IDS
};

/* What must be matched exactly before a field may be matched. */
enum mf_prereq {
    MFP_NONE,
    MFP_IN_PORT,        /* in_port present. */
    MFP_VLAN,           /* vlan_vid with OFPVID_PRESENT. */
    MFP_IP_ANY,         /* eth_type 0x0800 or 0x86dd. */
    MFP_IPV4,           /* eth_type 0x0800. */
    MFP_IPV6,           /* eth_type 0x86dd. */
    MFP_ARP,            /* eth_type 0x0806. */
    MFP_MPLS,           /* eth_type 0x8847 or 0x8848. */
    MFP_PBB,            /* eth_type 0x88e7. */
    MFP_TCP,            /* IP and ip_proto 6. */
    MFP_UDP,            /* IP and ip_proto 17. */
    MFP_SCTP,           /* IP and ip_proto 132. */
    MFP_ICMPV4,         /* IPv4 and ip_proto 1. */
    MFP_ICMPV6,         /* IPv6 and ip_proto 58. */
    MFP_ND,             /* ICMPv6 and icmpv6_type 135 or 136. */
    MFP_ND_SOLICIT,     /* ICMPv6 and icmpv6_type 135. */
    MFP_ND_ADVERT,      /* ICMPv6 and icmpv6_type 136. */
};

/* How a field's value reads as text. */
enum mf_format {
    MFF_FMT_DEC,        /* Unsigned decimal. */
    MFF_FMT_HEX,        /* 0x-prefixed hex. */
    MFF_FMT_ETH,        /* Ethernet address. */
    MFF_FMT_IPV4,
    MFF_FMT_IPV6,
    MFF_FMT_PORT,       /* OpenFlow port number (names for special ports). */
};

/* Static facts about one field. */
struct mf_field_info {
    enum mf_field id;
    const char *name;           /* As ovs-ofctl prints it in a match. */
    const char *oxm_name;       /* As in set_field ("eth_src", "tun_dst"). */
    uint16_t oxm_class;         /* OFPXMC_*. */
    uint8_t oxm_field;          /* Field number within the class. */
    uint8_t size;               /* Bytes of the value on the wire. */
    unsigned int n_bits;        /* Significant low-order bits of the value. */
    bool maskable;
    enum mf_prereq prereq;
    enum mf_format format;
    uint16_t offset;            /* Of the value in struct ofp_match_fields. */
};

/* Returns the facts about 'field' (never NULL for a valid field). */
const struct mf_field_info *ofp_match_field_info(enum mf_field field);
/* Finds a field by OXM class and field number; NULL if unknown. */
const struct mf_field_info *ofp_match_field_from_oxm(uint16_t oxm_class,
                                              uint8_t oxm_field);
/* Finds a field by either of its names; NULL if unknown. */
const struct mf_field_info *ofp_match_field_from_name(const char *name);

/* A field value or mask in network byte order, 'size' bytes used. */
union mf_value {
    uint8_t u8;
    be16 be16;
    be32 be32;
    be64 be64;
    struct eth_addr mac;
    uint8_t ipv6[16];
    uint8_t bytes[16];
};

/* Field storage: one member per enum mf_field, network byte order. */
struct ofp_match_fields {
    be32 in_port;
    be32 in_phy_port;
    be64 metadata;
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    be16 eth_type;
    be16 vlan_vid;              /* OFPVID_PRESENT | vid, or OFPVID_NONE. */
    uint8_t vlan_pcp;
    uint8_t ip_dscp;            /* 6 bits. */
    uint8_t ip_ecn;             /* 2 bits. */
    uint8_t ip_proto;
    be32 ipv4_src;
    be32 ipv4_dst;
    be16 tcp_src;
    be16 tcp_dst;
    be16 udp_src;
    be16 udp_dst;
    be16 sctp_src;
    be16 sctp_dst;
    uint8_t icmpv4_type;
    uint8_t icmpv4_code;
    be16 arp_op;
    be32 arp_spa;
    be32 arp_tpa;
    struct eth_addr arp_sha;
    struct eth_addr arp_tha;
    uint8_t ipv6_src[16];
    uint8_t ipv6_dst[16];
    be32 ipv6_flabel;           /* 20 bits. */
    uint8_t icmpv6_type;
    uint8_t icmpv6_code;
    uint8_t ipv6_nd_target[16];
    struct eth_addr ipv6_nd_sll;
    struct eth_addr ipv6_nd_tll;
    be32 mpls_label;            /* 20 bits. */
    uint8_t mpls_tc;            /* 3 bits. */
    uint8_t mpls_bos;           /* 1 bit. */
    uint8_t pbb_isid[3];        /* 24 bits. */
    be64 tunnel_id;
    be16 ipv6_exthdr;           /* OFPIEH_* bits. */
    be32 tun_ipv4_src;
    be32 tun_ipv4_dst;
};

/* A version-independent match. */
struct ofp_match {
    uint64_t present;           /* Bit (1 << mf_field) per matched field. */
    struct ofp_match_fields v;  /* Values. */
    struct ofp_match_fields m;  /* Masks: all ones = exact match. */
};

/* Makes 'm' match every packet. */
void ofp_match_init_catchall(struct ofp_match *m);
/* True if 'field' takes part in 'm'. */
static inline bool
ofp_match_has(const struct ofp_match *m, enum mf_field field)
{
    return (m->present >> field) & 1;
}
/* True if 'a' and 'b' match the same packets with the same fields. */
bool ofp_match_equal(const struct ofp_match *a, const struct ofp_match *b);

/* Generic setter: matches 'field' against 'value' under 'mask' (both
 * network order, ofp_match_field_info(field)->size bytes; 'mask' NULL = exact).
 * Value bits outside the mask are cleared; an all-zero mask removes the
 * field. Returns 0, OFPERR_OFPBMC_BAD_MASK if the field is not maskable and
 * 'mask' is not all ones, or OFPERR_OFPBMC_BAD_VALUE if the value has bits
 * beyond the field's width. */
enum ofperr ofp_match_set_field(struct ofp_match *m, enum mf_field field,
                                const union mf_value *value,
                                const union mf_value *mask);
/* Removes 'field' from 'm'. */
void ofp_match_clear_field(struct ofp_match *m, enum mf_field field);
/* Copies the value and mask of 'field' to 'value'/'mask' (either may be
 * NULL); zeros if the field is not present. */
void ofp_match_get_field(const struct ofp_match *m, enum mf_field field,
                         union mf_value *value, union mf_value *mask);

/* Typed setters for the fields everyone uses: host byte order arguments,
 * exact match unless a mask is taken. */
void ofp_match_set_in_port(struct ofp_match *, uint32_t port);
void ofp_match_set_metadata_masked(struct ofp_match *, uint64_t value,
                                   uint64_t mask);
void ofp_match_set_eth_dst(struct ofp_match *, const struct eth_addr *);
void ofp_match_set_eth_dst_masked(struct ofp_match *, const struct eth_addr *,
                                  const struct eth_addr *mask);
void ofp_match_set_eth_src(struct ofp_match *, const struct eth_addr *);
void ofp_match_set_eth_type(struct ofp_match *, uint16_t eth_type);
/* 'vid' with OXM semantics: OFPVID_PRESENT | vid for packets tagged with
 * 'vid', OFPVID_NONE for untagged packets. */
void ofp_match_set_vlan_vid(struct ofp_match *, uint16_t vid);
void ofp_match_set_vlan_vid_masked(struct ofp_match *, uint16_t vid,
                                   uint16_t mask);
void ofp_match_set_vlan_pcp(struct ofp_match *, uint8_t pcp);
void ofp_match_set_ip_proto(struct ofp_match *, uint8_t proto);
/* 'addr' and 'mask' in network byte order. */
void ofp_match_set_ipv4_src_masked(struct ofp_match *, be32 addr, be32 mask);
void ofp_match_set_ipv4_dst_masked(struct ofp_match *, be32 addr, be32 mask);
void ofp_match_set_tcp_src(struct ofp_match *, uint16_t port);
void ofp_match_set_tcp_dst(struct ofp_match *, uint16_t port);
void ofp_match_set_udp_src(struct ofp_match *, uint16_t port);
void ofp_match_set_udp_dst(struct ofp_match *, uint16_t port);
void ofp_match_set_tunnel_id(struct ofp_match *, uint64_t tun_id);
/* Nicira tunnel endpoint addresses (network byte order). */
void ofp_match_set_tun_ipv4_src_masked(struct ofp_match *, be32 addr,
                                       be32 mask);
void ofp_match_set_tun_ipv4_dst_masked(struct ofp_match *, be32 addr,
                                       be32 mask);

/* Returns 0 if every present field's prerequisites are matched exactly in
 * 'm', else OFPERR_OFPBMC_BAD_PREREQ. */
enum ofperr ofp_match_check_prereqs(const struct ofp_match *m);
/* True if 'm' matches the prerequisites of 'field'. */
bool ofp_match_prereqs_ok(const struct ofp_match *m, enum mf_field field);

/* ---- OpenFlow 1.0 ---- */

/* Converts a 1.0 match to 'out'. Fields that 1.0 defines only for some
 * dl_type/nw_proto (e.g. nw_src without dl_type=0x0800) are dropped, as
 * the 1.0 spec tells a switch to ignore them; nw_src/nw_dst/nw_proto map to
 * arp_spa/arp_tpa/arp_op for ARP. Returns 0 (every bit pattern of a 1.0
 * match has a meaning). */
enum ofperr ofp_match_from_ofp10(struct ofp_match *out,
                                 const struct ofp10_match *in);
/* Converts 'in' to a 1.0 match. Returns 0, OFPERR_OFPBMC_BAD_FIELD if 'in'
 * has a field 1.0 cannot express, OFPERR_OFPBMC_BAD_NW_ADDR_MASK for a
 * non-CIDR IPv4 mask, OFPERR_OFPBMC_BAD_MASK for any other mask 1.0 cannot
 * express. */
enum ofperr ofp_match_to_ofp10(const struct ofp_match *in,
                               struct ofp10_match *out);

/* ---- OXM ---- */

/* Appends one OXM TLV for 'field' (with a mask if 'mask' is not NULL and
 * not all ones) to 'out'. */
void ofp_match_oxm_put(struct buf *out, enum mf_field field,
                 const union mf_value *value, const union mf_value *mask);
/* Pulls one OXM TLV from 'c'. Sets *field, *value and *mask (all ones if
 * the TLV has no mask). Returns 0, OFPERR_OFPBMC_BAD_LEN (truncated TLV or
 * a length that does not fit the field), OFPERR_OFPBMC_BAD_FIELD (unknown
 * class/field), OFPERR_OFPBMC_BAD_MASK (mask on a non-maskable field),
 * OFPERR_OFPBMC_BAD_WILDCARDS (value bits outside the mask),
 * OFPERR_OFPBMC_BAD_VALUE (value beyond the field's width). */
enum ofperr ofp_match_oxm_pull(struct cursor *c, enum mf_field *field,
                         union mf_value *value, union mf_value *mask);

/* Appends 'm' as a 1.3 OXM match: header, TLVs in canonical order (the
 * order Open vSwitch uses, every field after its prerequisites), zeros to
 * a multiple of 8. */
void ofp_match_encode_oxm(const struct ofp_match *m, struct buf *out);
/* Pulls a 1.3 OXM match (with its padding) from 'c' into 'out'. Returns 0
 * or OFPERR_OFPBMC_{BAD_LEN,BAD_TYPE,BAD_FIELD,BAD_MASK,BAD_WILDCARDS,
 * BAD_VALUE,BAD_PREREQ,DUP_FIELD}. Prerequisites must come before the
 * fields that need them. */
enum ofperr ofp_match_decode_oxm(struct ofp_match *out, struct cursor *c);

/* Version dispatch: appends 'm' as the match of 'version' (1.0: 40 bytes;
 * 1.3: padded OXM). Returns 0, OFPERR_OFPBRC_BAD_VERSION, or a
 * ofp_match_to_ofp10() error. */
enum ofperr ofp_match_encode(const struct ofp_match *m,
                             enum ofp_version version, struct buf *out);
/* Pulls the match of 'version' from 'c'. */
enum ofperr ofp_match_decode(struct ofp_match *out, enum ofp_version version,
                             struct cursor *c);

/* ---- Text ---- */

/* Appends 'm' in ovs-ofctl syntax ("tcp,in_port=1,nw_src=10.0.0.0/8"),
 * without a trailing comma; nothing for a catch-all match. */
void ofp_match_format(struct ds *s, const struct ofp_match *m);
/* Same, for a match of 'version': ovs-ofctl shows a few things differently
 * for OpenFlow 1.0 (e.g. "vlan_tci=0x0000" for "no tag"). */
void ofp_match_format_version(struct ds *s, const struct ofp_match *m,
                              enum ofp_version version);
/* Appends one field value (and "/mask" if 'mask' is not NULL and not all
 * ones) in the field's text format. */
void ofp_match_format_value(struct ds *s, enum mf_field field,
                            const union mf_value *value,
                            const union mf_value *mask);
/* Appends the name of OpenFlow port 'port' ("LOCAL", "CONTROLLER", ...)
 * or its number. */
void ofp_match_format_port(struct ds *s, uint32_t port);

#endif /* ofp-match.h */
