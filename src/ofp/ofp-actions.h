/* ofp-actions: version-independent actions and instructions, and their
 * OpenFlow 1.0 and 1.3 encodings.
 *
 * A decoded action list is an array of struct ofp_action. Decoders append
 * the array to a caller-provided struct buf (start it on a stub of struct
 * ofp_action for a malloc-free hot path); encoders append wire bytes to a
 * caller's buf. Experimenter payloads are borrowed from the message.
 *
 * Pure codec: no allocation of its own, no globals that change. */
#ifndef KUMO_OFP_ACTIONS_H
#define KUMO_OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-match.h"
#include "openflow/of-actions.h"

struct buf;
struct cursor;
struct ds;

/* Action kinds. The 1.0-only kinds are encoded in 1.3 as their 1.3
 * equivalent (set_field, pop_vlan) where one exists; the 1.3-only kinds
 * fail to encode in 1.0 unless they have a 1.0 equivalent. */
enum ofp_action_type {
    OFPACT_OUTPUT,          /* both */
    OFPACT_SET_VLAN_VID,    /* 1.0 (1.3: set_field vlan_vid) */
    OFPACT_SET_VLAN_PCP,    /* 1.0 (1.3: set_field vlan_pcp) */
    OFPACT_STRIP_VLAN,      /* 1.0 (1.3: pop_vlan) */
    OFPACT_SET_DL_SRC,      /* 1.0 (1.3: set_field eth_src) */
    OFPACT_SET_DL_DST,      /* 1.0 (1.3: set_field eth_dst) */
    OFPACT_SET_NW_SRC,      /* 1.0 (1.3: set_field ipv4_src) */
    OFPACT_SET_NW_DST,      /* 1.0 (1.3: set_field ipv4_dst) */
    OFPACT_SET_NW_TOS,      /* 1.0 (1.3: set_field ip_dscp) */
    OFPACT_SET_TP_SRC,      /* 1.0 only */
    OFPACT_SET_TP_DST,      /* 1.0 only */
    OFPACT_ENQUEUE,         /* 1.0 only */
    OFPACT_COPY_TTL_OUT,    /* 1.3 */
    OFPACT_COPY_TTL_IN,     /* 1.3 */
    OFPACT_SET_MPLS_TTL,    /* 1.3 */
    OFPACT_DEC_MPLS_TTL,    /* 1.3 */
    OFPACT_PUSH_VLAN,       /* 1.3 */
    OFPACT_POP_VLAN,        /* 1.3 (1.0: strip_vlan) */
    OFPACT_PUSH_MPLS,       /* 1.3 */
    OFPACT_POP_MPLS,        /* 1.3 */
    OFPACT_SET_QUEUE,       /* 1.3 */
    OFPACT_GROUP,           /* 1.3 */
    OFPACT_SET_NW_TTL,      /* 1.3 */
    OFPACT_DEC_NW_TTL,      /* 1.3 */
    OFPACT_SET_FIELD,       /* 1.3 (1.0: the set_* action for the field) */
    OFPACT_PUSH_PBB,        /* 1.3 */
    OFPACT_POP_PBB,         /* 1.3 */
    OFPACT_EXPERIMENTER,    /* both (1.0: vendor) */
    OFPACT_N_TYPES
};

/* One action. Host byte order except where noted. */
struct ofp_action {
    enum ofp_action_type type;
    union {
        struct {
            uint32_t port;          /* 32-bit port (1.0 specials widened). */
            uint16_t max_len;       /* Bytes to the controller. */
        } output;
        struct {
            uint32_t port;
            uint32_t queue_id;
        } enqueue;
        uint16_t vlan_vid;          /* SET_VLAN_VID: 12-bit vid. */
        uint8_t vlan_pcp;           /* SET_VLAN_PCP: 0..7. */
        struct eth_addr dl_addr;    /* SET_DL_SRC/DST. */
        be32 nw_addr;               /* SET_NW_SRC/DST (network order). */
        uint8_t nw_tos;             /* SET_NW_TOS: DSCP << 2. */
        uint16_t tp_port;           /* SET_TP_SRC/DST. */
        uint8_t ttl;                /* SET_MPLS_TTL, SET_NW_TTL. */
        uint16_t ethertype;         /* PUSH_VLAN/MPLS/PBB, POP_MPLS. */
        uint32_t queue_id;          /* SET_QUEUE. */
        uint32_t group_id;          /* GROUP. */
        struct {
            enum mf_field field;
            union mf_value value;   /* Network order, field size bytes. */
        } set_field;
        struct {
            uint32_t experimenter;  /* Vendor / experimenter id. */
            const uint8_t *data;    /* Bytes after the id; borrowed. */
            size_t size;
        } experimenter;
    };
};

/* Returns an output action to 'port' sending 'max_len' bytes to the
 * controller (use OFPCML_NO_BUFFER for the whole packet). */
struct ofp_action ofp_action_output(uint32_t port, uint16_t max_len);
/* Returns a set_field action for 'field' = 'value' (network order). */
struct ofp_action ofp_action_set_field(enum mf_field field,
                                       const union mf_value *value);

/* Appends the wire form of 'n' actions in 'version' to 'out'. Returns 0,
 * or OFPERR_OFPBAC_BAD_TYPE if an action has no form in 'version',
 * OFPERR_OFPBAC_BAD_SET_TYPE for a set_field 'version' cannot express,
 * OFPERR_OFPBAC_BAD_ARGUMENT for an out-of-range argument,
 * OFPERR_OFPBRC_BAD_VERSION for an unknown version. On error 'out' is
 * restored to its size on entry. */
enum ofperr ofp_actions_encode(const struct ofp_action *actions, size_t n,
                               enum ofp_version version, struct buf *out);
/* Pulls 'size' bytes of 'version' actions from 'c' and appends them as
 * struct ofp_action to 'out'. Returns 0 or OFPERR_OFPBAC_BAD_LEN (zero,
 * short, misaligned or overrunning lengths), OFPERR_OFPBAC_BAD_TYPE,
 * OFPERR_OFPBAC_BAD_ARGUMENT, OFPERR_OFPBAC_BAD_SET_TYPE,
 * OFPERR_OFPBAC_BAD_SET_LEN, OFPERR_OFPBAC_BAD_SET_ARGUMENT,
 * OFPERR_OFPBAC_BAD_OUT_PORT. Experimenter payloads point into 'c'. */
enum ofperr ofp_actions_decode(enum ofp_version version, struct cursor *c,
                               size_t size, struct buf *out);
/* True if the two lists are equal. */
bool ofp_actions_equal(const struct ofp_action *a, size_t n_a,
                       const struct ofp_action *b, size_t n_b);
/* Appends one action in ovs-ofctl syntax ("output:2", "mod_vlan_vid:5"). */
void ofp_action_format(struct ds *s, const struct ofp_action *a);
/* Appends "a,b,c", or "drop" for an empty list. */
void ofp_actions_format(struct ds *s, const struct ofp_action *actions,
                        size_t n);

/* ---- Instructions (1.3) ---- */

/* Bits of ofp_instructions.present, by instruction. */
enum ofp_inst_bit {
    OFPINST_GOTO_TABLE = 1 << 0,
    OFPINST_WRITE_METADATA = 1 << 1,
    OFPINST_WRITE_ACTIONS = 1 << 2,
    OFPINST_APPLY_ACTIONS = 1 << 3,
    OFPINST_CLEAR_ACTIONS = 1 << 4,
    OFPINST_METER = 1 << 5,
    OFPINST_EXPERIMENTER = 1 << 6,
};

/* A flow's instruction set. At most one of each kind (the spec's rule).
 * An OpenFlow 1.0 action list is an apply_actions instruction alone. */
struct ofp_instructions {
    uint32_t present;               /* OFPINST_* bits. */
    uint8_t goto_table;
    uint64_t metadata;
    uint64_t metadata_mask;
    uint32_t meter_id;
    const struct ofp_action *apply_actions;   /* Borrowed. */
    size_t n_apply_actions;
    const struct ofp_action *write_actions;   /* Borrowed. */
    size_t n_write_actions;
    uint32_t experimenter;
    const uint8_t *experimenter_data;         /* Borrowed. */
    size_t experimenter_size;
};

/* Makes 'ins' empty. */
void ofp_instructions_init(struct ofp_instructions *ins);
/* Makes 'ins' hold only apply_actions('actions', 'n'), borrowed. */
void ofp_instructions_set_apply(struct ofp_instructions *ins,
                                const struct ofp_action *actions, size_t n);

/* Appends 'ins' as 1.3 instructions in canonical order (meter, apply,
 * clear, write, metadata, goto, experimenter) to 'out'. Returns 0 or an
 * ofp_actions_encode() error. */
enum ofperr ofp_instructions_encode(const struct ofp_instructions *ins,
                                    struct buf *out);
/* Pulls 'size' bytes of 1.3 instructions from 'c' into 'ins'; their
 * actions are appended to 'actions' (both lists; 'ins' points into
 * 'actions', valid until it next changes). Returns 0, OFPERR_OFPBIC_BAD_LEN,
 * OFPERR_OFPBIC_UNKNOWN_INST, OFPERR_OFPBIC_UNSUP_INST (a duplicate instruction; 1.3 has no
 * DUP_INST code), or an
 * action error. */
enum ofperr ofp_instructions_decode(struct ofp_instructions *ins,
                                    struct cursor *c, size_t size,
                                    struct buf *actions);
/* True if the two sets are equal (including their action lists). */
bool ofp_instructions_equal(const struct ofp_instructions *a,
                            const struct ofp_instructions *b);
/* Appends 'ins' as ovs-ofctl prints a 1.3 flow's actions
 * ("meter:1,output:2,write_actions(...),goto_table:1"), "drop" if empty. */
void ofp_instructions_format(struct ds *s, const struct ofp_instructions *ins);

#endif /* ofp-actions.h */
