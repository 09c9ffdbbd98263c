/* Flow message wire formats of OpenFlow 1.0 and 1.3: flow-mod,
 * flow-removed, flow and aggregate stats bodies. Wire structs and constants
 * only; the codec lives in src/ofp/ofp-flow.c. */
#ifndef KUMO_OPENFLOW_OF_FLOW_H
#define KUMO_OPENFLOW_OF_FLOW_H 1

#include "openflow/of-match.h"
#include "openflow/of-tables.h"
#include "openflow/openflow-common.h"

enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};

/* Flow-mod flags (version-independent bits = the 1.3 values). */
enum ofp_flow_mod_flags {
    OFPFF_SEND_FLOW_REM = 1 << 0,
    OFPFF_CHECK_OVERLAP = 1 << 1,
    OFPFF_RESET_COUNTS = 1 << 2,    /* 1.3; 1.0's bit 2 is EMERG. */
    OFPFF_NO_PKT_COUNTS = 1 << 3,   /* 1.3 */
    OFPFF_NO_BYT_COUNTS = 1 << 4,   /* 1.3 */
};
#define OFPFF10_EMERG (1 << 2)

/* Table numbers OFPTT_MAX and OFPTT_ALL come from of-tables.h. */
/* 1.3 group wildcard for out_group. */
#define OFPG_ANY 0xffffffffu

struct ofp10_flow_mod {
    struct ofp_header header;
    struct ofp10_match match;
    be64 cookie;
    be16 command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be16 out_port;
    be16 flags;
    /* Followed by actions. */
};
OFP_ASSERT(sizeof(struct ofp10_flow_mod) == 72);

struct ofp13_flow_mod {
    struct ofp_header header;
    be64 cookie;
    be64 cookie_mask;
    uint8_t table_id;
    uint8_t command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be32 out_port;
    be32 out_group;
    be16 flags;
    uint8_t pad[2];
    /* Followed by a padded OXM match, then instructions. */
};
OFP_ASSERT(sizeof(struct ofp13_flow_mod) == 48);

enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,         /* 1.3 */
    OFPRR_METER_DELETE = 4,         /* 1.4 */
};

struct ofp10_flow_removed {
    struct ofp_header header;
    struct ofp10_match match;
    be64 cookie;
    be16 priority;
    uint8_t reason;
    uint8_t pad[1];
    be32 duration_sec;
    be32 duration_nsec;
    be16 idle_timeout;
    uint8_t pad2[2];
    be64 packet_count;
    be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp10_flow_removed) == 88);

struct ofp13_flow_removed {
    struct ofp_header header;
    be64 cookie;
    be16 priority;
    uint8_t reason;
    uint8_t table_id;
    be32 duration_sec;
    be32 duration_nsec;
    be16 idle_timeout;
    be16 hard_timeout;
    be64 packet_count;
    be64 byte_count;
    /* Followed by a padded OXM match. */
};
OFP_ASSERT(sizeof(struct ofp13_flow_removed) == 48);

/* Flow and aggregate stats request bodies. */
struct ofp10_flow_stats_request {
    struct ofp10_match match;
    uint8_t table_id;               /* OFPTT_ALL for all tables. */
    uint8_t pad;
    be16 out_port;                  /* OFPP_NONE (0xffff) for any. */
};
OFP_ASSERT(sizeof(struct ofp10_flow_stats_request) == 44);

struct ofp13_flow_stats_request {
    uint8_t table_id;
    uint8_t pad[3];
    be32 out_port;
    be32 out_group;
    uint8_t pad2[4];
    be64 cookie;
    be64 cookie_mask;
    /* Followed by a padded OXM match. */
};
OFP_ASSERT(sizeof(struct ofp13_flow_stats_request) == 32);

/* One flow stats reply entry. */
struct ofp10_flow_stats {
    be16 length;                    /* Of this entry, with its actions. */
    uint8_t table_id;
    uint8_t pad;
    struct ofp10_match match;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    uint8_t pad2[6];
    be64 cookie;
    be64 packet_count;
    be64 byte_count;
    /* Followed by actions. */
};
OFP_ASSERT(sizeof(struct ofp10_flow_stats) == 88);

struct ofp13_flow_stats {
    be16 length;                    /* Of this entry, match and instructions. */
    uint8_t table_id;
    uint8_t pad;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 flags;
    uint8_t pad2[4];
    be64 cookie;
    be64 packet_count;
    be64 byte_count;
    /* Followed by a padded OXM match, then instructions. */
};
OFP_ASSERT(sizeof(struct ofp13_flow_stats) == 48);

/* Aggregate reply body (both versions; 1.0 has the same layout). */
struct ofp_aggregate_stats_reply {
    be64 packet_count;
    be64 byte_count;
    be32 flow_count;
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp_aggregate_stats_reply) == 24);

#endif /* of-flow.h */
