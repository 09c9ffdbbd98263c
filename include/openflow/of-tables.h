/* Wire structures for groups, meters, tables, queues, switch description,
 * controller roles and asynchronous-message configuration, OpenFlow 1.0
 * and 1.3 (1.3.5), including their multipart (1.0: stats) bodies.
 *
 * Wire structs only: no functions. Every struct carries its version in its
 * name (ofp10_, ofp13_; plain ofp_ when the layout is the same in both) and
 * has a size assertion. Multipart/stats headers themselves live in of10.h /
 * of13.h (msgs). */
#ifndef KUMO_OPENFLOW_OF_TABLES_H
#define KUMO_OPENFLOW_OF_TABLES_H 1

#include "openflow/openflow-common.h"

/* Every struct here is packed: multipart bodies start 12 bytes into a 1.0
 * message and entries may follow hostile lengths, so a be64 (or be32) field
 * may sit at any address. Packing makes the compiler read and write them
 * byte-safely, so decoders can overlay these structs on received bytes at
 * any alignment. Sizes are unchanged (the assertions prove it). */
#define OFP_TABLES_PACKED __attribute__((packed))

/* ---- Switch description (OFPMP_DESC reply body, both versions) ---- */

struct ofp_desc_stats {
    char mfr_desc[DESC_STR_LEN];        /* Manufacturer. */
    char hw_desc[DESC_STR_LEN];         /* Hardware. */
    char sw_desc[DESC_STR_LEN];         /* Software. */
    char serial_num[SERIAL_NUM_LEN];    /* Serial number. */
    char dp_desc[DESC_STR_LEN];         /* Datapath description. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp_desc_stats) == 1056);

/* ---- Tables ---- */

/* Special table ids. */
#define OFPTT_MAX 0xfe
#define OFPTT_ALL 0xff

/* OFPT_TABLE_MOD body (1.3). */
struct ofp13_table_mod {
    uint8_t table_id;       /* OFPTT_ALL for every table. */
    uint8_t pad[3];
    be32 config;            /* Deprecated in 1.3: bits reserved. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_table_mod) == 8);

/* 1.3 reserves every table config bit; 3 was OFPTC_TABLE_MISS_MASK in 1.1. */
#define OFPTC13_DEPRECATED_MASK 3u

/* OFPST_TABLE reply entry (1.0). */
struct ofp10_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    char name[OFP_MAX_TABLE_NAME_LEN];
    be32 wildcards;         /* OFPFW10_* this table supports. */
    be32 max_entries;
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_table_stats) == 64);

/* OFPMP_TABLE reply entry (1.3). */
struct ofp13_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_table_stats) == 24);

/* OFPMP_TABLE_FEATURES request/reply entry (1.3), followed by properties. */
struct ofp13_table_features {
    be16 length;            /* Including properties. */
    uint8_t table_id;
    uint8_t pad[5];
    char name[OFP_MAX_TABLE_NAME_LEN];
    be64 metadata_match;
    be64 metadata_write;
    be32 config;
    be32 max_entries;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_table_features) == 64);

/* Table feature property types (1.3). */
enum ofp13_table_feature_prop_type {
    OFPTFPT13_INSTRUCTIONS = 0,
    OFPTFPT13_INSTRUCTIONS_MISS = 1,
    OFPTFPT13_NEXT_TABLES = 2,
    OFPTFPT13_NEXT_TABLES_MISS = 3,
    OFPTFPT13_WRITE_ACTIONS = 4,
    OFPTFPT13_WRITE_ACTIONS_MISS = 5,
    OFPTFPT13_APPLY_ACTIONS = 6,
    OFPTFPT13_APPLY_ACTIONS_MISS = 7,
    OFPTFPT13_MATCH = 8,
    OFPTFPT13_WILDCARDS = 10,
    OFPTFPT13_WRITE_SETFIELD = 12,
    OFPTFPT13_WRITE_SETFIELD_MISS = 13,
    OFPTFPT13_APPLY_SETFIELD = 14,
    OFPTFPT13_APPLY_SETFIELD_MISS = 15,
    OFPTFPT13_EXPERIMENTER = 0xfffe,
    OFPTFPT13_EXPERIMENTER_MISS = 0xffff,
};

/* Header of every table feature property; 'length' excludes the padding
 * to a multiple of 8 that follows each property. */
struct ofp13_table_feature_prop_header {
    be16 type;
    be16 length;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_table_feature_prop_header) == 4);

/* ---- Meters (1.3 only) ---- */

/* Meter ids. */
#define OFPM13_MAX 0xffff0000u
#define OFPM13_SLOWPATH 0xfffffffdu
#define OFPM13_CONTROLLER 0xfffffffeu
#define OFPM13_ALL 0xffffffffu

enum ofp13_meter_mod_command {
    OFPMC13_ADD = 0,
    OFPMC13_MODIFY = 1,
    OFPMC13_DELETE = 2,
};

enum ofp13_meter_flags {
    OFPMF13_KBPS = 1 << 0,
    OFPMF13_PKTPS = 1 << 1,
    OFPMF13_BURST = 1 << 2,
    OFPMF13_STATS = 1 << 3,
};

enum ofp13_meter_band_type {
    OFPMBT13_DROP = 1,
    OFPMBT13_DSCP_REMARK = 2,
    OFPMBT13_EXPERIMENTER = 0xffff,
};

/* OFPT_METER_MOD body, followed by bands. */
struct ofp13_meter_mod {
    be16 command;           /* OFPMC13_*. */
    be16 flags;             /* OFPMF13_*. */
    be32 meter_id;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_mod) == 8);

/* Common head of every meter band. */
struct ofp13_meter_band_header {
    be16 type;              /* OFPMBT13_*. */
    be16 len;               /* Including this header. */
    be32 rate;
    be32 burst_size;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_band_header) == 12);

struct ofp13_meter_band_drop {
    be16 type;
    be16 len;               /* 16. */
    be32 rate;
    be32 burst_size;
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_band_drop) == 16);

struct ofp13_meter_band_dscp_remark {
    be16 type;
    be16 len;               /* 16. */
    be32 rate;
    be32 burst_size;
    uint8_t prec_level;     /* Drop precedence increase. */
    uint8_t pad[3];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_band_dscp_remark) == 16);

struct ofp13_meter_band_experimenter {
    be16 type;
    be16 len;               /* 16 + experimenter data, multiple of 8. */
    be32 rate;
    be32 burst_size;
    be32 experimenter;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_band_experimenter) == 16);

/* OFPMP_METER and OFPMP_METER_CONFIG request body. */
struct ofp13_meter_multipart_request {
    be32 meter_id;          /* OFPM13_ALL for all meters. */
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_multipart_request) == 8);

/* OFPMP_METER reply entry, followed by band stats. */
struct ofp13_meter_stats {
    be32 meter_id;
    be16 len;               /* Including band stats. */
    uint8_t pad[6];
    be32 flow_count;
    be64 packet_in_count;
    be64 byte_in_count;
    be32 duration_sec;
    be32 duration_nsec;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_stats) == 40);

struct ofp13_meter_band_stats {
    be64 packet_band_count;
    be64 byte_band_count;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_band_stats) == 16);

/* OFPMP_METER_CONFIG reply entry, followed by bands. */
struct ofp13_meter_config {
    be16 length;            /* Including bands. */
    be16 flags;
    be32 meter_id;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_config) == 8);

/* OFPMP_METER_FEATURES reply body. */
struct ofp13_meter_features {
    be32 max_meter;
    be32 band_types;        /* Bitmap of 1 << OFPMBT13_*. */
    be32 capabilities;      /* Bitmap of OFPMF13_*. */
    uint8_t max_bands;
    uint8_t max_color;
    uint8_t pad[2];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_meter_features) == 16);

/* ---- Groups (1.3 only) ---- */

#define OFPG13_MAX 0xffffff00u
#define OFPG13_ALL 0xfffffffcu
#define OFPG13_ANY 0xffffffffu

enum ofp13_group_mod_command {
    OFPGC13_ADD = 0,
    OFPGC13_MODIFY = 1,
    OFPGC13_DELETE = 2,
};

enum ofp13_group_type {
    OFPGT13_ALL = 0,
    OFPGT13_SELECT = 1,
    OFPGT13_INDIRECT = 2,
    OFPGT13_FF = 3,
};

/* OFPT_GROUP_MOD body, followed by buckets. */
struct ofp13_group_mod {
    be16 command;           /* OFPGC13_*. */
    uint8_t type;           /* OFPGT13_*. */
    uint8_t pad;
    be32 group_id;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_group_mod) == 8);

/* A bucket, followed by actions. */
struct ofp13_bucket {
    be16 len;               /* Including actions; multiple of 8. */
    be16 weight;            /* Select groups only. */
    be32 watch_port;        /* Fast-failover groups only. */
    be32 watch_group;       /* Fast-failover groups only. */
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_bucket) == 16);

/* OFPMP_GROUP request body. */
struct ofp13_group_stats_request {
    be32 group_id;          /* OFPG13_ALL for all groups. */
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_group_stats_request) == 8);

/* OFPMP_GROUP reply entry, followed by bucket counters. */
struct ofp13_group_stats {
    be16 length;            /* Including bucket counters. */
    uint8_t pad[2];
    be32 group_id;
    be32 ref_count;
    uint8_t pad2[4];
    be64 packet_count;
    be64 byte_count;
    be32 duration_sec;
    be32 duration_nsec;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_group_stats) == 40);

struct ofp13_bucket_counter {
    be64 packet_count;
    be64 byte_count;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_bucket_counter) == 16);

/* OFPMP_GROUP_DESC reply entry, followed by buckets. */
struct ofp13_group_desc_stats {
    be16 length;            /* Including buckets. */
    uint8_t type;           /* OFPGT13_*. */
    uint8_t pad;
    be32 group_id;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_group_desc_stats) == 8);

/* Group capabilities. */
enum ofp13_group_capabilities {
    OFPGFC13_SELECT_WEIGHT = 1 << 0,
    OFPGFC13_SELECT_LIVENESS = 1 << 1,
    OFPGFC13_CHAINING = 1 << 2,
    OFPGFC13_CHAINING_CHECKS = 1 << 3,
};

/* OFPMP_GROUP_FEATURES reply body. */
struct ofp13_group_features {
    be32 types;             /* Bitmap of 1 << OFPGT13_*. */
    be32 capabilities;      /* OFPGFC13_*. */
    be32 max_groups[4];     /* Per group type. */
    be32 actions[4];        /* Bitmaps of 1 << OFPAT13_*, per group type. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_group_features) == 40);

/* ---- Queues ---- */

#define OFPQ_ALL 0xffffffffu
/* A min/max rate above 1000 (in 1/10 %) means "disabled". */
#define OFPQ_RATE_MAX 1000

enum ofp_queue_properties {
    OFPQT10_NONE = 0,           /* 1.0 only. */
    OFPQT_MIN_RATE = 1,
    OFPQT13_MAX_RATE = 2,
    OFPQT13_EXPERIMENTER = 0xffff,
};

/* OFPT_QUEUE_GET_CONFIG_REQUEST body (1.0). */
struct ofp10_queue_get_config_request {
    be16 port;
    uint8_t pad[2];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_queue_get_config_request) == 4);

/* OFPT_QUEUE_GET_CONFIG_REPLY body (1.0), followed by queues. */
struct ofp10_queue_get_config_reply {
    be16 port;
    uint8_t pad[6];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_queue_get_config_reply) == 8);

/* A queue (1.0), followed by properties. */
struct ofp10_packet_queue {
    be32 queue_id;
    be16 len;               /* Including properties. */
    uint8_t pad[2];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_packet_queue) == 8);

/* OFPT_QUEUE_GET_CONFIG_REQUEST body (1.3). */
struct ofp13_queue_get_config_request {
    be32 port;              /* OFPP_ANY for all ports. */
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_queue_get_config_request) == 8);

/* OFPT_QUEUE_GET_CONFIG_REPLY body (1.3), followed by queues. */
struct ofp13_queue_get_config_reply {
    be32 port;
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_queue_get_config_reply) == 8);

/* A queue (1.3), followed by properties. */
struct ofp13_packet_queue {
    be32 queue_id;
    be32 port;
    be16 len;               /* Including properties. */
    uint8_t pad[6];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_packet_queue) == 16);

/* Header of every queue property (both versions). */
struct ofp_queue_prop_header {
    be16 property;          /* OFPQT_*. */
    be16 len;               /* Including this header. */
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp_queue_prop_header) == 8);

/* OFPQT_MIN_RATE (both versions) and OFPQT13_MAX_RATE. */
struct ofp_queue_prop_rate {
    struct ofp_queue_prop_header prop_header;
    be16 rate;              /* In 1/10 of a percent; > 1000 disabled. */
    uint8_t pad[6];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp_queue_prop_rate) == 16);

/* OFPQT13_EXPERIMENTER, followed by experimenter data. */
struct ofp13_queue_prop_experimenter {
    struct ofp_queue_prop_header prop_header;
    be32 experimenter;
    uint8_t pad[4];
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_queue_prop_experimenter) == 16);

/* OFPST_QUEUE request body (1.0). */
struct ofp10_queue_stats_request {
    be16 port_no;           /* OFPP10_ALL for all ports. */
    uint8_t pad[2];
    be32 queue_id;          /* OFPQ_ALL for all queues. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_queue_stats_request) == 8);

/* OFPST_QUEUE reply entry (1.0). */
struct ofp10_queue_stats {
    be16 port_no;
    uint8_t pad[2];
    be32 queue_id;
    be64 tx_bytes;
    be64 tx_packets;
    be64 tx_errors;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp10_queue_stats) == 32);

/* OFPMP_QUEUE request body (1.3). */
struct ofp13_queue_stats_request {
    be32 port_no;           /* OFPP_ANY for all ports. */
    be32 queue_id;          /* OFPQ_ALL for all queues. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_queue_stats_request) == 8);

/* OFPMP_QUEUE reply entry (1.3). */
struct ofp13_queue_stats {
    be32 port_no;
    be32 queue_id;
    be64 tx_bytes;
    be64 tx_packets;
    be64 tx_errors;
    be32 duration_sec;
    be32 duration_nsec;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_queue_stats) == 40);

/* ---- Controller roles and asynchronous configuration (1.3) ---- */

enum ofp13_controller_role {
    OFPCR13_ROLE_NOCHANGE = 0,
    OFPCR13_ROLE_EQUAL = 1,
    OFPCR13_ROLE_MASTER = 2,
    OFPCR13_ROLE_SLAVE = 3,
};

/* OFPT_ROLE_REQUEST and OFPT_ROLE_REPLY body. */
struct ofp13_role_request {
    be32 role;              /* OFPCR13_ROLE_*. */
    uint8_t pad[4];
    be64 generation_id;
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_role_request) == 16);

/* OFPT_GET_ASYNC_REPLY and OFPT_SET_ASYNC body. Element 0 of each pair
 * applies in master/equal role, element 1 in slave role. */
struct ofp13_async_config {
    be32 packet_in_mask[2];     /* Bitmaps of 1 << OFPR_*. */
    be32 port_status_mask[2];   /* Bitmaps of 1 << OFPPR_*. */
    be32 flow_removed_mask[2];  /* Bitmaps of 1 << OFPRR_*. */
} OFP_TABLES_PACKED;
OFP_ASSERT(sizeof(struct ofp13_async_config) == 24);

#endif /* of-tables.h */
