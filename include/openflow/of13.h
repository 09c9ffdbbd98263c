/* OpenFlow 1.3 (1.3.5) wire structures owned by the msgs module: hello
 * elements, switch features, switch config, ports, port status/mod,
 * packet-in/out, experimenter messages, the multipart header and port
 * stats.
 *
 * Wire structs only: no functions. Structs describe message BODIES (the
 * bytes after struct ofp_header) and are packed, so they can be read from
 * any byte offset of a receive buffer without alignment traps. Every struct
 * has a size assertion. Match/OXM, actions, instructions and the other
 * multipart bodies live in of-match.h, of-actions.h and of-tables.h. */
#ifndef KUMO_OPENFLOW_OF13_H
#define KUMO_OPENFLOW_OF13_H 1

#include "openflow/openflow-common.h"

#ifndef OFP_PACKED
#define OFP_PACKED __attribute__((packed))
#endif

/* 32-bit port numbers (also used, widened, for 1.0 in decoded structs). */
enum ofp13_port_no {
    OFPP13_MAX = 0xffffff00,
    OFPP13_IN_PORT = 0xfffffff8,
    OFPP13_TABLE = 0xfffffff9,
    OFPP13_NORMAL = 0xfffffffa,
    OFPP13_FLOOD = 0xfffffffb,
    OFPP13_ALL = 0xfffffffc,
    OFPP13_CONTROLLER = 0xfffffffd,
    OFPP13_LOCAL = 0xfffffffe,
    OFPP13_ANY = 0xffffffff,
};

/* OFPHET_VERSIONBITMAP hello element: header, then length-4 bytes of
 * 32-bit bitmap words (bit N of word W = version 32*W+N), padded to 8. */
struct ofp13_hello_elem_versionbitmap {
    be16 type;                  /* OFPHET_VERSIONBITMAP */
    be16 length;                /* 4 + 4 * number of words. */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_hello_elem_versionbitmap) == 4);

/* Port description. */
struct ofp13_port {
    be32 port_no;
    uint8_t pad[4];
    uint8_t hw_addr[OFP_ETH_ALEN];
    uint8_t pad2[2];
    char name[OFP_MAX_PORT_NAME_LEN];   /* NUL-padded, maybe unterminated. */
    be32 config;                /* OFPPC_* */
    be32 state;                 /* OFPPS_* */
    be32 curr;                  /* OFPPF_* */
    be32 advertised;
    be32 supported;
    be32 peer;
    be32 curr_speed;            /* kbps. */
    be32 max_speed;             /* kbps. */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port) == 64);

/* OFPT_FEATURES_REPLY body (no ports in 1.3: see OFPMP_PORT_DESC). */
struct ofp13_switch_features {
    be64 datapath_id;
    be32 n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;
    uint8_t pad[2];
    be32 capabilities;          /* OFPC_* */
    be32 reserved;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_switch_features) == 24);

/* OFPT_GET_CONFIG_REPLY / OFPT_SET_CONFIG body. */
struct ofp13_switch_config {
    be16 flags;
    be16 miss_send_len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_switch_config) == 4);

/* OFPT_PORT_STATUS body. */
struct ofp13_port_status {
    uint8_t reason;             /* OFPPR_* */
    uint8_t pad[7];
    struct ofp13_port desc;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port_status) == 72);

/* OFPT_PORT_MOD body. */
struct ofp13_port_mod {
    be32 port_no;
    uint8_t pad[4];
    uint8_t hw_addr[OFP_ETH_ALEN];
    uint8_t pad2[2];
    be32 config;
    be32 mask;
    be32 advertise;
    uint8_t pad3[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port_mod) == 32);

/* OFPT_PACKET_IN body up to the match. Followed by an OXM match
 * (struct ofp_match header: type 1, length; TLVs; padded to 8), 2 bytes of
 * zero pad, then the packet. */
struct ofp13_packet_in {
    be32 buffer_id;
    be16 total_len;
    uint8_t reason;             /* OFPR_* */
    uint8_t table_id;
    be64 cookie;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_packet_in) == 16);

/* OFPT_PACKET_OUT body; followed by 'actions_len' bytes of actions, then
 * the packet. */
struct ofp13_packet_out {
    be32 buffer_id;
    be32 in_port;
    be16 actions_len;
    uint8_t pad[6];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_packet_out) == 16);

/* OFPT_EXPERIMENTER body; followed by experimenter-defined data. */
struct ofp13_experimenter_header {
    be32 experimenter;
    be32 exp_type;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_experimenter_header) == 8);

/* OFPT_MULTIPART_REQUEST / OFPT_MULTIPART_REPLY body header. */
struct ofp13_multipart_msg {
    be16 type;                  /* OFPMP_* */
    be16 flags;                 /* OFPMPF_REQ_MORE / OFPMPF_REPLY_MORE */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_multipart_msg) == 8);

/* OFPMP_PORT_STATS request body. */
struct ofp13_port_stats_request {
    be32 port_no;               /* OFPP13_ANY for all ports. */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port_stats_request) == 8);

/* OFPMP_PORT_STATS reply entry. */
struct ofp13_port_stats {
    be32 port_no;
    uint8_t pad[4];
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
    be32 duration_sec;
    be32 duration_nsec;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port_stats) == 112);

#endif /* of13.h */
