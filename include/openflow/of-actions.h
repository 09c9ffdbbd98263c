/* Action and instruction wire formats of OpenFlow 1.0 and 1.3.
 * Wire structs and constants only; the codec lives in src/ofp/ofp-actions.c.
 * Every action starts with struct ofp_action_header's type and len; 'len'
 * counts the whole action and is a multiple of 8. */
#ifndef KUMO_OPENFLOW_OF_ACTIONS_H
#define KUMO_OPENFLOW_OF_ACTIONS_H 1

#include "openflow/openflow-common.h"

/* ---- OpenFlow 1.0 actions ---- */

enum ofp10_action_type {
    OFPAT10_OUTPUT = 0,
    OFPAT10_SET_VLAN_VID = 1,
    OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3,
    OFPAT10_SET_DL_SRC = 4,
    OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6,
    OFPAT10_SET_NW_DST = 7,
    OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9,
    OFPAT10_SET_TP_DST = 10,
    OFPAT10_ENQUEUE = 11,
    OFPAT10_VENDOR = 0xffff,
};

/* The common start of every action, both versions (with the padding of the
 * 8-byte header-only actions of 1.3). */
struct ofp_action_header {
    be16 type;
    be16 len;
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp_action_header) == 8);

struct ofp10_action_output {
    be16 type;                  /* OFPAT10_OUTPUT. */
    be16 len;                   /* 8. */
    be16 port;
    be16 max_len;               /* Bytes to send to the controller. */
};
OFP_ASSERT(sizeof(struct ofp10_action_output) == 8);

struct ofp10_action_vlan_vid {
    be16 type;                  /* OFPAT10_SET_VLAN_VID. */
    be16 len;                   /* 8. */
    be16 vlan_vid;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp10_action_vlan_vid) == 8);

struct ofp10_action_vlan_pcp {
    be16 type;                  /* OFPAT10_SET_VLAN_PCP. */
    be16 len;                   /* 8. */
    uint8_t vlan_pcp;
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp10_action_vlan_pcp) == 8);

struct ofp10_action_dl_addr {
    be16 type;                  /* OFPAT10_SET_DL_SRC/DST. */
    be16 len;                   /* 16. */
    uint8_t dl_addr[OFP_ETH_ALEN];
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct ofp10_action_dl_addr) == 16);

struct ofp10_action_nw_addr {
    be16 type;                  /* OFPAT10_SET_NW_SRC/DST. */
    be16 len;                   /* 8. */
    be32 nw_addr;
};
OFP_ASSERT(sizeof(struct ofp10_action_nw_addr) == 8);

struct ofp10_action_nw_tos {
    be16 type;                  /* OFPAT10_SET_NW_TOS. */
    be16 len;                   /* 8. */
    uint8_t nw_tos;             /* DSCP in the upper 6 bits. */
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp10_action_nw_tos) == 8);

struct ofp10_action_tp_port {
    be16 type;                  /* OFPAT10_SET_TP_SRC/DST. */
    be16 len;                   /* 8. */
    be16 tp_port;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp10_action_tp_port) == 8);

struct ofp10_action_enqueue {
    be16 type;                  /* OFPAT10_ENQUEUE. */
    be16 len;                   /* 16. */
    be16 port;
    uint8_t pad[6];
    be32 queue_id;
};
OFP_ASSERT(sizeof(struct ofp10_action_enqueue) == 16);

struct ofp10_action_vendor_header {
    be16 type;                  /* OFPAT10_VENDOR. */
    be16 len;                   /* Multiple of 8, at least 8. */
    be32 vendor;
};
OFP_ASSERT(sizeof(struct ofp10_action_vendor_header) == 8);

/* ---- OpenFlow 1.3 actions ---- */

enum ofp13_action_type {
    OFPAT13_OUTPUT = 0,
    OFPAT13_COPY_TTL_OUT = 11,
    OFPAT13_COPY_TTL_IN = 12,
    OFPAT13_SET_MPLS_TTL = 15,
    OFPAT13_DEC_MPLS_TTL = 16,
    OFPAT13_PUSH_VLAN = 17,
    OFPAT13_POP_VLAN = 18,
    OFPAT13_PUSH_MPLS = 19,
    OFPAT13_POP_MPLS = 20,
    OFPAT13_SET_QUEUE = 21,
    OFPAT13_GROUP = 22,
    OFPAT13_SET_NW_TTL = 23,
    OFPAT13_DEC_NW_TTL = 24,
    OFPAT13_SET_FIELD = 25,
    OFPAT13_PUSH_PBB = 26,
    OFPAT13_POP_PBB = 27,
    OFPAT13_EXPERIMENTER = 0xffff,
};

/* max_len value: send the whole packet to the controller, unbuffered. */
#define OFPCML_NO_BUFFER 0xffff
#define OFPCML_MAX 0xffe5

struct ofp13_action_output {
    be16 type;                  /* OFPAT13_OUTPUT. */
    be16 len;                   /* 16. */
    be32 port;
    be16 max_len;
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct ofp13_action_output) == 16);

/* COPY_TTL_OUT/IN, DEC_MPLS_TTL, POP_VLAN, DEC_NW_TTL, POP_PBB are a bare
 * struct ofp_action_header. */

struct ofp13_action_mpls_ttl {
    be16 type;                  /* OFPAT13_SET_MPLS_TTL. */
    be16 len;                   /* 8. */
    uint8_t mpls_ttl;
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp13_action_mpls_ttl) == 8);

struct ofp13_action_push {
    be16 type;                  /* OFPAT13_PUSH_VLAN/MPLS/PBB. */
    be16 len;                   /* 8. */
    be16 ethertype;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp13_action_push) == 8);

struct ofp13_action_pop_mpls {
    be16 type;                  /* OFPAT13_POP_MPLS. */
    be16 len;                   /* 8. */
    be16 ethertype;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp13_action_pop_mpls) == 8);

struct ofp13_action_set_queue {
    be16 type;                  /* OFPAT13_SET_QUEUE. */
    be16 len;                   /* 8. */
    be32 queue_id;
};
OFP_ASSERT(sizeof(struct ofp13_action_set_queue) == 8);

struct ofp13_action_group {
    be16 type;                  /* OFPAT13_GROUP. */
    be16 len;                   /* 8. */
    be32 group_id;
};
OFP_ASSERT(sizeof(struct ofp13_action_group) == 8);

struct ofp13_action_nw_ttl {
    be16 type;                  /* OFPAT13_SET_NW_TTL. */
    be16 len;                   /* 8. */
    uint8_t nw_ttl;
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp13_action_nw_ttl) == 8);

/* Followed by exactly one OXM TLV (no mask), then zeros to a multiple of
 * 8 bytes. */
struct ofp13_action_set_field {
    be16 type;                  /* OFPAT13_SET_FIELD. */
    be16 len;                   /* ROUND_UP(4 + OXM TLV size, 8). */
};
OFP_ASSERT(sizeof(struct ofp13_action_set_field) == 4);

struct ofp13_action_experimenter_header {
    be16 type;                  /* OFPAT13_EXPERIMENTER. */
    be16 len;                   /* Multiple of 8, at least 8. */
    be32 experimenter;
};
OFP_ASSERT(sizeof(struct ofp13_action_experimenter_header) == 8);

/* ---- OpenFlow 1.3 instructions ---- */

enum ofp13_instruction_type {
    OFPIT13_GOTO_TABLE = 1,
    OFPIT13_WRITE_METADATA = 2,
    OFPIT13_WRITE_ACTIONS = 3,
    OFPIT13_APPLY_ACTIONS = 4,
    OFPIT13_CLEAR_ACTIONS = 5,
    OFPIT13_METER = 6,
    OFPIT13_EXPERIMENTER = 0xffff,
};

struct ofp13_instruction {
    be16 type;
    be16 len;
};
OFP_ASSERT(sizeof(struct ofp13_instruction) == 4);

struct ofp13_instruction_goto_table {
    be16 type;                  /* OFPIT13_GOTO_TABLE. */
    be16 len;                   /* 8. */
    uint8_t table_id;
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp13_instruction_goto_table) == 8);

struct ofp13_instruction_write_metadata {
    be16 type;                  /* OFPIT13_WRITE_METADATA. */
    be16 len;                   /* 24. */
    uint8_t pad[4];
    be64 metadata;
    be64 metadata_mask;
};
OFP_ASSERT(sizeof(struct ofp13_instruction_write_metadata) == 24);

/* WRITE_ACTIONS, APPLY_ACTIONS, CLEAR_ACTIONS (no actions). */
struct ofp13_instruction_actions {
    be16 type;
    be16 len;                   /* 8 + size of the actions. */
    uint8_t pad[4];
    /* Followed by actions. */
};
OFP_ASSERT(sizeof(struct ofp13_instruction_actions) == 8);

struct ofp13_instruction_meter {
    be16 type;                  /* OFPIT13_METER. */
    be16 len;                   /* 8. */
    be32 meter_id;
};
OFP_ASSERT(sizeof(struct ofp13_instruction_meter) == 8);

struct ofp13_instruction_experimenter {
    be16 type;                  /* OFPIT13_EXPERIMENTER. */
    be16 len;                   /* Multiple of 8, at least 8. */
    be32 experimenter;
};
OFP_ASSERT(sizeof(struct ofp13_instruction_experimenter) == 8);

#endif /* of-actions.h */
