/* Match wire formats: the OpenFlow 1.0 12-tuple (struct ofp10_match) and the
 * OpenFlow 1.3 OXM match (struct ofp13_match_header followed by OXM TLVs),
 * plus the Nicira (NXM) extension fields Open vSwitch uses for overlays.
 * Wire structs and constants only; the codec lives in src/ofp/ofp-match.c. */
#ifndef KUMO_OPENFLOW_OF_MATCH_H
#define KUMO_OPENFLOW_OF_MATCH_H 1

#include "openflow/openflow-common.h"

/* ---- OpenFlow 1.0 ---- */

/* Wildcard bits of ofp10_match.wildcards. */
enum ofp10_flow_wildcards {
    OFPFW10_IN_PORT = 1 << 0,
    OFPFW10_DL_VLAN = 1 << 1,
    OFPFW10_DL_SRC = 1 << 2,
    OFPFW10_DL_DST = 1 << 3,
    OFPFW10_DL_TYPE = 1 << 4,
    OFPFW10_NW_PROTO = 1 << 5,
    OFPFW10_TP_SRC = 1 << 6,
    OFPFW10_TP_DST = 1 << 7,
    /* 6-bit counts of wildcarded low-order bits of nw_src/nw_dst; 32 or
     * more wildcards the whole address. */
    OFPFW10_NW_SRC_SHIFT = 8,
    OFPFW10_NW_SRC_BITS = 6,
    OFPFW10_NW_SRC_MASK = ((1 << 6) - 1) << 8,
    OFPFW10_NW_SRC_ALL = 32 << 8,
    OFPFW10_NW_DST_SHIFT = 14,
    OFPFW10_NW_DST_BITS = 6,
    OFPFW10_NW_DST_MASK = ((1 << 6) - 1) << 14,
    OFPFW10_NW_DST_ALL = 32 << 14,
    OFPFW10_DL_VLAN_PCP = 1 << 20,
    OFPFW10_NW_TOS = 1 << 21,
    OFPFW10_ALL = (1 << 22) - 1,
};

/* dl_vlan value meaning "no 802.1Q header". */
#define OFP10_VLAN_NONE 0xffff

/* The OpenFlow 1.0 match. */
struct ofp10_match {
    be32 wildcards;             /* OFPFW10_*. */
    be16 in_port;
    uint8_t dl_src[OFP_ETH_ALEN];
    uint8_t dl_dst[OFP_ETH_ALEN];
    be16 dl_vlan;               /* VLAN id, or OFP10_VLAN_NONE. */
    uint8_t dl_vlan_pcp;
    uint8_t pad1[1];
    be16 dl_type;
    uint8_t nw_tos;             /* DSCP in the upper 6 bits. */
    uint8_t nw_proto;           /* IP protocol, or low 8 bits of ARP opcode. */
    uint8_t pad2[2];
    be32 nw_src;
    be32 nw_dst;
    be16 tp_src;                /* Or ICMP type. */
    be16 tp_dst;                /* Or ICMP code. */
};
OFP_ASSERT(sizeof(struct ofp10_match) == 40);

/* ---- OpenFlow 1.3 ---- */

/* ofp13_match_header.type. */
enum ofp13_match_type {
    OFPMT_STANDARD = 0,         /* 1.1 only; rejected. */
    OFPMT_OXM = 1,
};

/* The fixed start of a 1.3 match. 'length' counts this header and the OXM
 * TLVs that follow, not the zero padding to a multiple of 8 after them. */
struct ofp13_match_header {
    be16 type;                  /* OFPMT_OXM. */
    be16 length;
};
OFP_ASSERT(sizeof(struct ofp13_match_header) == 4);

/* OXM classes. */
enum ofp_oxm_class {
    OFPXMC_NXM_0 = 0x0000,      /* Nicira extensible match, old fields. */
    OFPXMC_NXM_1 = 0x0001,      /* Nicira extensible match, newer fields. */
    OFPXMC_OPENFLOW_BASIC = 0x8000,
    OFPXMC_EXPERIMENTER = 0xffff,
};

/* An OXM TLV header: class (16 bits), field (7), hasmask (1), payload
 * length in bytes (8; value plus mask if any). */
#define OXM_HEADER__(CLASS, FIELD, HASMASK, LENGTH)                     \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9)             \
     | ((uint32_t) (HASMASK) << 8) | (uint32_t) (LENGTH))
#define OXM_HEADER(CLASS, FIELD, LENGTH) OXM_HEADER__(CLASS, FIELD, 0, LENGTH)
#define OXM_HEADER_W(CLASS, FIELD, LENGTH)                              \
    OXM_HEADER__(CLASS, FIELD, 1, (LENGTH) * 2)
#define OXM_CLASS(HEADER) ((HEADER) >> 16)
#define OXM_FIELD(HEADER) (((HEADER) >> 9) & 0x7f)
#define OXM_HASMASK(HEADER) (((HEADER) >> 8) & 1)
#define OXM_LENGTH(HEADER) ((HEADER) & 0xff)

/* OpenFlow basic OXM field numbers (class OFPXMC_OPENFLOW_BASIC). */
enum oxm_ofb_match_fields {
    OFPXMT_OFB_IN_PORT = 0,
    OFPXMT_OFB_IN_PHY_PORT = 1,
    OFPXMT_OFB_METADATA = 2,
    OFPXMT_OFB_ETH_DST = 3,
    OFPXMT_OFB_ETH_SRC = 4,
    OFPXMT_OFB_ETH_TYPE = 5,
    OFPXMT_OFB_VLAN_VID = 6,
    OFPXMT_OFB_VLAN_PCP = 7,
    OFPXMT_OFB_IP_DSCP = 8,
    OFPXMT_OFB_IP_ECN = 9,
    OFPXMT_OFB_IP_PROTO = 10,
    OFPXMT_OFB_IPV4_SRC = 11,
    OFPXMT_OFB_IPV4_DST = 12,
    OFPXMT_OFB_TCP_SRC = 13,
    OFPXMT_OFB_TCP_DST = 14,
    OFPXMT_OFB_UDP_SRC = 15,
    OFPXMT_OFB_UDP_DST = 16,
    OFPXMT_OFB_SCTP_SRC = 17,
    OFPXMT_OFB_SCTP_DST = 18,
    OFPXMT_OFB_ICMPV4_TYPE = 19,
    OFPXMT_OFB_ICMPV4_CODE = 20,
    OFPXMT_OFB_ARP_OP = 21,
    OFPXMT_OFB_ARP_SPA = 22,
    OFPXMT_OFB_ARP_TPA = 23,
    OFPXMT_OFB_ARP_SHA = 24,
    OFPXMT_OFB_ARP_THA = 25,
    OFPXMT_OFB_IPV6_SRC = 26,
    OFPXMT_OFB_IPV6_DST = 27,
    OFPXMT_OFB_IPV6_FLABEL = 28,
    OFPXMT_OFB_ICMPV6_TYPE = 29,
    OFPXMT_OFB_ICMPV6_CODE = 30,
    OFPXMT_OFB_IPV6_ND_TARGET = 31,
    OFPXMT_OFB_IPV6_ND_SLL = 32,
    OFPXMT_OFB_IPV6_ND_TLL = 33,
    OFPXMT_OFB_MPLS_LABEL = 34,
    OFPXMT_OFB_MPLS_TC = 35,
    OFPXMT_OFB_MPLS_BOS = 36,
    OFPXMT_OFB_PBB_ISID = 37,
    OFPXMT_OFB_TUNNEL_ID = 38,
    OFPXMT_OFB_IPV6_EXTHDR = 39,
};

/* Nicira extension fields (class OFPXMC_NXM_1) for overlay tunnels. */
#define NXM_NX_TUN_IPV4_SRC_FIELD 31
#define NXM_NX_TUN_IPV4_DST_FIELD 32
#define NXM_NX_TUN_IPV4_SRC OXM_HEADER(OFPXMC_NXM_1, 31, 4)     /* 0x00013e04 */
#define NXM_NX_TUN_IPV4_SRC_W OXM_HEADER_W(OFPXMC_NXM_1, 31, 4) /* 0x00013f08 */
#define NXM_NX_TUN_IPV4_DST OXM_HEADER(OFPXMC_NXM_1, 32, 4)     /* 0x00014004 */
#define NXM_NX_TUN_IPV4_DST_W OXM_HEADER_W(OFPXMC_NXM_1, 32, 4) /* 0x00014108 */

/* VLAN_VID values: OFPVID_PRESENT is set for any tagged packet. */
enum ofp_vlan_id {
    OFPVID_PRESENT = 0x1000,
    OFPVID_NONE = 0x0000,
};

/* Bits of the IPV6_EXTHDR pseudo-field. */
enum ofp_ipv6exthdr_flags {
    OFPIEH_NONEXT = 1 << 0,
    OFPIEH_ESP = 1 << 1,
    OFPIEH_AUTH = 1 << 2,
    OFPIEH_DEST = 1 << 3,
    OFPIEH_FRAG = 1 << 4,
    OFPIEH_ROUTER = 1 << 5,
    OFPIEH_HOP = 1 << 6,
    OFPIEH_UNREP = 1 << 7,
    OFPIEH_UNSEQ = 1 << 8,
};

#endif /* of-match.h */
