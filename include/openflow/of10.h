/* OpenFlow 1.0 wire structures owned by the msgs module: switch features,
 * switch config, physical ports, port status/mod, packet-in/out, vendor
 * messages, the stats header and port stats.
 *
 * Wire structs only: no functions. Structs describe message BODIES (the
 * bytes after struct ofp_header) and are packed, so they can be read from
 * any byte offset of a receive buffer without alignment traps. Every struct
 * has a size assertion. Match, actions and the other stats bodies live in
 * of-match.h, of-actions.h and of-tables.h. */
#ifndef KUMO_OPENFLOW_OF10_H
#define KUMO_OPENFLOW_OF10_H 1

#include "openflow/openflow-common.h"

#ifndef OFP_PACKED
#define OFP_PACKED __attribute__((packed))
#endif

/* 16-bit port numbers of 1.0. */
enum ofp10_port_no {
    OFPP10_MAX = 0xff00,
    OFPP10_IN_PORT = 0xfff8,
    OFPP10_TABLE = 0xfff9,
    OFPP10_NORMAL = 0xfffa,
    OFPP10_FLOOD = 0xfffb,
    OFPP10_ALL = 0xfffc,
    OFPP10_CONTROLLER = 0xfffd,
    OFPP10_LOCAL = 0xfffe,
    OFPP10_NONE = 0xffff,
};

/* Physical port (ofp_phy_port). */
struct ofp10_phy_port {
    be16 port_no;
    uint8_t hw_addr[OFP_ETH_ALEN];
    char name[OFP_MAX_PORT_NAME_LEN];   /* NUL-padded, maybe unterminated. */
    be32 config;                        /* OFPPC_* */
    be32 state;                         /* OFPPS_* */
    be32 curr;                          /* OFPPF10_* */
    be32 advertised;
    be32 supported;
    be32 peer;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_phy_port) == 48);

/* 1.0 port feature bits (they differ from 1.3 above bit 6). */
enum ofp10_port_features {
    OFPPF10_10MB_HD = 1 << 0,
    OFPPF10_10MB_FD = 1 << 1,
    OFPPF10_100MB_HD = 1 << 2,
    OFPPF10_100MB_FD = 1 << 3,
    OFPPF10_1GB_HD = 1 << 4,
    OFPPF10_1GB_FD = 1 << 5,
    OFPPF10_10GB_FD = 1 << 6,
    OFPPF10_COPPER = 1 << 7,
    OFPPF10_FIBER = 1 << 8,
    OFPPF10_AUTONEG = 1 << 9,
    OFPPF10_PAUSE = 1 << 10,
    OFPPF10_PAUSE_ASYM = 1 << 11,
};

/* OFPT_FEATURES_REPLY body; followed by an array of ofp10_phy_port. */
struct ofp10_switch_features {
    be64 datapath_id;
    be32 n_buffers;
    uint8_t n_tables;
    uint8_t pad[3];
    be32 capabilities;          /* OFPC_* */
    be32 actions;               /* Bitmap of supported OFPAT10_*. */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_switch_features) == 24);

/* OFPT_GET_CONFIG_REPLY / OFPT_SET_CONFIG body (same in 1.3). */
struct ofp10_switch_config {
    be16 flags;                 /* OFPC_FRAG_* */
    be16 miss_send_len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_switch_config) == 4);

/* OFPT_PORT_STATUS body. */
struct ofp10_port_status {
    uint8_t reason;             /* OFPPR_* */
    uint8_t pad[7];
    struct ofp10_phy_port desc;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_port_status) == 56);

/* OFPT_PORT_MOD body. */
struct ofp10_port_mod {
    be16 port_no;
    uint8_t hw_addr[OFP_ETH_ALEN];
    be32 config;
    be32 mask;
    be32 advertise;             /* OFPPF10_*, 0 to leave unchanged. */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_port_mod) == 24);

/* OFPT_PACKET_IN body; followed by the packet. The spec's struct has 2
 * trailing bytes of C padding that are not on the wire: data starts at 10. */
struct ofp10_packet_in {
    be32 buffer_id;
    be16 total_len;
    be16 in_port;
    uint8_t reason;             /* OFPR_* */
    uint8_t pad;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_packet_in) == 10);

/* OFPT_PACKET_OUT body; followed by 'actions_len' bytes of actions, then
 * the packet (if buffer_id is OFP_NO_BUFFER). */
struct ofp10_packet_out {
    be32 buffer_id;
    be16 in_port;
    be16 actions_len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_packet_out) == 8);

/* OFPT_VENDOR body; followed by vendor-defined data. */
struct ofp10_vendor_header {
    be32 vendor;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_vendor_header) == 4);

/* OFPT_STATS_REQUEST / OFPT_STATS_REPLY body header. */
struct ofp10_stats_msg {
    be16 type;                  /* OFPST_* (== enum ofp_mp_type 0..5). */
    be16 flags;                 /* OFPSF_REPLY_MORE in replies. */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_stats_msg) == 4);

/* OFPST_PORT request body. */
struct ofp10_port_stats_request {
    be16 port_no;               /* OFPP10_NONE for all ports. */
    uint8_t pad[6];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_port_stats_request) == 8);

/* OFPST_PORT reply entry. */
struct ofp10_port_stats {
    be16 port_no;
    uint8_t pad[6];
    be64 rx_packets;
    be64 tx_packets;
    be64 rx_bytes;
    be64 tx_bytes;
    be64 rx_dropped;
    be64 tx_dropped;
    be64 rx_errors;
    be64 tx_errors;
    be64 rx_frame_err;
    be64 rx_over_err;
    be64 rx_crc_err;
    be64 collisions;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_port_stats) == 104);

#endif /* of10.h */
