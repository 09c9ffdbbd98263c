/* ofp-packet: PACKET_IN and PACKET_OUT for OpenFlow 1.0 and 1.3.
 *
 * The hot path of a reactive controller: decoding a packet-in and encoding
 * a packet-out allocate nothing (decoded fields point into the message;
 * encoders append to a caller's buffer, which may live on a stack stub).
 *
 * Format functions append the text ovs-ofctl prints after the message's
 * "OFPT_X (xid=0x1):" prefix: it starts with a space or a newline and ends
 * with a newline. */
#ifndef KUMO_OFP_PACKET_H
#define KUMO_OFP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-match.h"
#include "openflow/openflow-common.h"

struct ds;

/* Packet-in reasons. */
enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,       /* 1.3 only. */
};

/* OXM in_port as it appears in a 1.3 packet-in match: class 0x8000
 * (OPENFLOW_BASIC), field 0, no mask, 4 bytes. */
#define OFP_PACKET_IN_OXM_IN_PORT 0x80000004u

struct ofp_packet_in {
    uint32_t buffer_id;         /* OFP_NO_BUFFER if not buffered. */
    uint16_t total_len;         /* Full length of the frame. */
    uint32_t in_port;           /* 32-bit; 1.0 special ports widened. */
    uint8_t reason;             /* enum ofp_packet_in_reason. */
    uint8_t table_id;           /* 1.3 only. */
    uint64_t cookie;            /* 1.3 only. */
    /* 1.3 match, raw: the OXM TLVs (without the ofp_match header and
     * padding), borrowed from the message; NULL for 1.0. Decoding checks
     * their framing and pulls in_port from them; the other pipeline fields
     * are decoded on demand by ofp_packet_in_get_match(), so that a
     * reactive switch that only needs in_port never pays for a full match
     * decode. Encoding 1.3 sends these bytes verbatim when non-NULL (they
     * must agree with 'in_port'). */
    const void *match_oxm;
    size_t match_oxm_len;
    /* Encoding 1.3 only, when 'match_oxm' is NULL: extra pipeline fields to
     * send (borrowed; in_port always comes from 'in_port'); NULL for
     * in_port alone. Decoding sets it to NULL. */
    const struct ofp_match *match;
    const void *data;           /* Borrowed: the (partial) frame. */
    size_t data_len;
};

/* Decodes PACKET_IN 'oh' into 'out' without allocating. For 1.3 the match
 * must be an OXM match (else OFPBMC_BAD_TYPE) whose length, zero padding
 * and TLV lengths lie within the message (else OFPBMC_BAD_LEN; a message
 * too short for its fixed part or the 2-byte pad: OFPBRC_BAD_LEN), with at
 * most one in_port, unmasked and 4 bytes long (OFPBMC_DUP_FIELD,
 * OFPBMC_BAD_MASK, OFPBMC_BAD_LEN). 'in_port' is 0 if the match lacks it.
 * The other fields are not interpreted: see ofp_packet_in_get_match(). */
enum ofperr ofp_packet_in_decode(struct ofp_packet_in *out,
                                 const struct ofp_header *oh);

/* Decodes the full match of a decoded packet-in 'pin' into '*match': for
 * 1.3 every OXM field (ofp_match_decode_oxm() errors: OFPBMC_BAD_FIELD for
 * a field Kumo does not know, BAD_PREREQ, ...), for 1.0 in_port alone.
 * On error '*match' holds in_port alone. */
enum ofperr ofp_packet_in_get_match(const struct ofp_packet_in *pin,
                                    struct ofp_match *match);

/* Appends a PACKET_IN to 'out'. Returns 0, OFPBRC_BAD_PORT if 'in_port'
 * cannot be expressed in 1.0, OFPBRC_BAD_LEN if the data does not fit, or
 * OFPBRC_BAD_VERSION. On error 'out' is unchanged. */
enum ofperr ofp_packet_in_encode(const struct ofp_packet_in *pin,
                                 enum ofp_version version, uint32_t xid,
                                 struct buf *out);

/* Appends the ovs-ofctl style summary ("total_len=60 in_port=1 (via
 * no_match) data_len=60 (unbuffered)"; 1.3 matches with more fields print
 * them all, "tun_id=0x5,in_port=1"). 'version' decides whether the 1.3
 * fields are shown. */
void ofp_packet_in_format(struct ds *s, const struct ofp_packet_in *pin,
                          uint8_t version);

/* Name of a packet-in reason ("no_match", "action", "invalid_ttl"), or
 * NULL. */
const char *ofp_packet_in_reason_name(uint8_t reason);

/* PACKET_OUT.
 *
 * Actions come in two forms. 'actions' / 'actions_len' are the wire
 * actions of the message's version (borrowed): decoding fills them after
 * checking the list's framing, and encoding copies them when 'ofp_actions'
 * is NULL. 'ofp_actions' / 'n_ofp_actions' are struct ofp_action (see
 * ofp-actions.h): encoding uses them when non-NULL; decoding leaves them
 * NULL, and ofp_packet_out_decode_actions() fills them from the wire
 * actions into a caller's buffer. */
struct ofp_packet_out {
    uint32_t buffer_id;         /* OFP_NO_BUFFER to send 'data'. */
    uint32_t in_port;           /* 32-bit; OFPP_CONTROLLER if none. */
    const void *actions;        /* Borrowed wire actions of the version. */
    size_t actions_len;
    const struct ofp_action *ofp_actions;   /* Borrowed; see above. */
    size_t n_ofp_actions;
    const void *data;           /* Borrowed frame (if unbuffered). */
    size_t data_len;
};

/* Decodes PACKET_OUT 'oh' into 'out' without allocating ('ofp_actions' is
 * set to NULL). Returns 0, OFPBRC_BAD_LEN if actions_len runs past the message
 * or is not a multiple of 8, OFPBAC_BAD_LEN for an action whose length is
 * below 8, not a multiple of 8 or past the list, or OFPBRC_BAD_VERSION. */
enum ofperr ofp_packet_out_decode(struct ofp_packet_out *out,
                                  const struct ofp_header *oh);

/* Decodes the wire actions of 'po' (from a message of 'version') as
 * struct ofp_action appended to 'actions' (caller's buffer, aligned for
 * struct ofp_action; a stack stub avoids allocation) and points
 * po->ofp_actions / po->n_ofp_actions at them (valid until 'actions' next
 * changes). Returns 0 or an OFPBAC_* error from
 * ofp_actions_decode(). */
enum ofperr ofp_packet_out_decode_actions(struct ofp_packet_out *po,
                                          enum ofp_version version,
                                          struct buf *actions);

/* Appends a PACKET_OUT to 'out' (no allocation beyond 'out' growing).
 * Returns 0, OFPBRC_BAD_PORT if 'in_port' cannot be expressed in 1.0,
 * OFPBRC_BAD_LEN if it does not fit one message, an OFPBAC_* error from
 * ofp_actions_encode(), or OFPBRC_BAD_VERSION. On error 'out' is
 * unchanged. */
enum ofperr ofp_packet_out_encode(const struct ofp_packet_out *po,
                                  enum ofp_version version, uint32_t xid,
                                  struct buf *out);

/* The hot path of a learning switch: appends a PACKET_OUT whose only action
 * is "output to 'out_port'" (max_len 0), releasing 'buffer_id' or carrying
 * 'data' / 'data_len' if buffer_id is OFP_NO_BUFFER. Same errors as
 * ofp_packet_out_encode() (OFPBAC_BAD_OUT_PORT if 'out_port' cannot be
 * expressed in 1.0). */
enum ofperr ofp_packet_out_encode_output(uint32_t buffer_id, uint32_t in_port,
                                         uint32_t out_port, const void *data,
                                         size_t data_len,
                                         enum ofp_version version,
                                         uint32_t xid, struct buf *out);

/* Appends " in_port=1 actions=FLOOD data_len=60" (or " buffer=0x...").
 * The actions are 'ofp_actions' if set, else 'actions' decoded for
 * 'version' (without allocating for up to 32 actions; an undecodable list
 * prints as "(bad actions: ERROR)"). */
void ofp_packet_out_format(struct ds *s, const struct ofp_packet_out *po,
                           uint8_t version);

#endif /* ofp-packet.h */
