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
#include "ofp/ofp-errors.h"
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
    /* 1.3: the OXM TLVs of the match (without the ofp_match header and
     * padding), borrowed from the message. When encoding 1.3, if
     * 'match_oxm' is NULL a match holding only 'in_port' is generated;
     * otherwise these bytes are copied verbatim and 'in_port' must agree
     * with them. */
    const void *match_oxm;
    size_t match_oxm_len;
    const void *data;           /* Borrowed: the (partial) frame. */
    size_t data_len;
};

/* Decodes PACKET_IN 'oh' into 'out' without allocating. For 1.3 the match
 * must be an OXM match (else OFPBMC_BAD_TYPE) whose length and TLVs lie
 * within the message (else OFPBMC_BAD_LEN; the message itself too short:
 * OFPBRC_BAD_LEN); its OXM in_port (if present, exactly 4 bytes without
 * mask, at most once: OFPBMC_BAD_LEN / OFPBMC_DUP_FIELD) sets 'in_port'
 * (0 if absent). */
enum ofperr ofp_packet_in_decode(struct ofp_packet_in *out,
                                 const struct ofp_header *oh);

/* Appends a PACKET_IN to 'out'. Returns 0, OFPBRC_BAD_PORT if 'in_port'
 * cannot be expressed in 1.0, OFPBRC_BAD_LEN if the data does not fit, or
 * OFPBRC_BAD_VERSION. On error 'out' is unchanged. */
enum ofperr ofp_packet_in_encode(const struct ofp_packet_in *pin,
                                 enum ofp_version version, uint32_t xid,
                                 struct buf *out);

/* Appends the ovs-ofctl style summary ("total_len=60 in_port=1 (via
 * no_match) data_len=60 (unbuffered)"). 'version' decides whether the 1.3
 * fields are shown. */
void ofp_packet_in_format(struct ds *s, const struct ofp_packet_in *pin,
                          uint8_t version);

/* Name of a packet-in reason ("no_match", "action", "invalid_ttl"), or
 * NULL. */
const char *ofp_packet_in_reason_name(uint8_t reason);

/* PACKET_OUT.
 *
 * The actions travel as the wire bytes of the message's version ('actions'
 * / 'actions_len': a list of 1.0 or 1.3 actions, each starting with a
 * 16-bit type and a 16-bit length that is a multiple of 8). Decoding checks
 * that list's structure (OFPBAC_BAD_LEN for an action whose length is
 * below 8, not a multiple of 8 or past the list); the flow module's
 * action decoder interprets the actions themselves. */
struct ofp_packet_out {
    uint32_t buffer_id;         /* OFP_NO_BUFFER to send 'data'. */
    uint32_t in_port;           /* 32-bit; OFPP_CONTROLLER if none. */
    const void *actions;        /* Borrowed wire actions of the version. */
    size_t actions_len;
    const void *data;           /* Borrowed frame (if unbuffered). */
    size_t data_len;
};

/* Decodes PACKET_OUT 'oh' into 'out' without allocating. Returns 0,
 * OFPBRC_BAD_LEN if actions_len runs past the message or is not a multiple
 * of 8, OFPBAC_BAD_LEN for a malformed action, or OFPBRC_BAD_VERSION. */
enum ofperr ofp_packet_out_decode(struct ofp_packet_out *out,
                                  const struct ofp_header *oh);

/* Appends a PACKET_OUT to 'out' (no allocation beyond 'out' growing).
 * Returns 0, OFPBRC_BAD_PORT if 'in_port' cannot be expressed in 1.0,
 * OFPBRC_BAD_LEN if it does not fit one message, or OFPBRC_BAD_VERSION.
 * On error 'out' is unchanged. */
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

/* Appends " in_port=1 actions=FLOOD data_len=60" (or " buffer=0x..."). The
 * actions are rendered minimally here (output actions by port, others by
 * type number); ofp-print renders them fully with the actions module. */
void ofp_packet_out_format(struct ds *s, const struct ofp_packet_out *po,
                           uint8_t version);

#endif /* ofp-packet.h */
