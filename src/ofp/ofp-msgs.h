/* ofp-msgs: OpenFlow message framing and classification.
 *
 * The bottom of the codec: turns (version, raw type) into a
 * version-independent enum ofptype, validates the header and the fixed
 * minimum size of each message, starts and finishes headers while
 * encoding, and handles the multipart (1.0 "stats") header. Every other
 * ofp-* module builds on this one. Pure: no I/O, no clock, no mutable
 * globals. */
#ifndef KUMO_OFP_MSGS_H
#define KUMO_OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "openflow/openflow-common.h"

/* Every message kind Kumo knows, independent of the version's numbering. */
enum ofptype {
    OFPTYPE_HELLO,
    OFPTYPE_ERROR,
    OFPTYPE_ECHO_REQUEST,
    OFPTYPE_ECHO_REPLY,
    OFPTYPE_EXPERIMENTER,       /* 1.0: OFPT_VENDOR. */
    OFPTYPE_FEATURES_REQUEST,
    OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST,
    OFPTYPE_GET_CONFIG_REPLY,
    OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN,
    OFPTYPE_FLOW_REMOVED,
    OFPTYPE_PORT_STATUS,
    OFPTYPE_PACKET_OUT,
    OFPTYPE_FLOW_MOD,
    OFPTYPE_GROUP_MOD,          /* 1.3 only. */
    OFPTYPE_PORT_MOD,
    OFPTYPE_TABLE_MOD,          /* 1.3 only. */
    OFPTYPE_MULTIPART_REQUEST,  /* 1.0: OFPT_STATS_REQUEST. */
    OFPTYPE_MULTIPART_REPLY,    /* 1.0: OFPT_STATS_REPLY. */
    OFPTYPE_BARRIER_REQUEST,
    OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
    OFPTYPE_QUEUE_GET_CONFIG_REPLY,
    OFPTYPE_ROLE_REQUEST,       /* 1.3 only. */
    OFPTYPE_ROLE_REPLY,         /* 1.3 only. */
    OFPTYPE_GET_ASYNC_REQUEST,  /* 1.3 only. */
    OFPTYPE_GET_ASYNC_REPLY,    /* 1.3 only. */
    OFPTYPE_SET_ASYNC,          /* 1.3 only. */
    OFPTYPE_METER_MOD,          /* 1.3 only. */
};
#define OFPTYPE_N (OFPTYPE_METER_MOD + 1)

/* Multipart (1.0 stats) subtypes, 1.3 numbering (1.0 uses the same numbers
 * for DESC..QUEUE and 0xffff for VENDOR). */
enum ofp_mp_type {
    OFPMP_DESC = 0,
    OFPMP_FLOW = 1,
    OFPMP_AGGREGATE = 2,
    OFPMP_TABLE = 3,
    OFPMP_PORT_STATS = 4,
    OFPMP_QUEUE = 5,
    OFPMP_GROUP = 6,
    OFPMP_GROUP_DESC = 7,
    OFPMP_GROUP_FEATURES = 8,
    OFPMP_METER = 9,
    OFPMP_METER_CONFIG = 10,
    OFPMP_METER_FEATURES = 11,
    OFPMP_TABLE_FEATURES = 12,
    OFPMP_PORT_DESC = 13,
    OFPMP_EXPERIMENTER = 0xffff,
};
#define OFPMPF_MORE 1   /* REQ_MORE / REPLY_MORE (1.0: OFPSF_REPLY_MORE). */

/* Size of the multipart header (ofp_header + stats/multipart header). */
#define OFP10_MP_HEADER_LEN 12
#define OFP13_MP_HEADER_LEN 16

/* Framing and classification of one received message.
 *
 * 'oh' points to 'size' readable bytes holding (at least) one message.
 * Checks that size >= 8 and 8 <= length <= size; that the version is 1.0
 * or 1.3 (else OFPBRC_BAD_VERSION), except that a HELLO or ERROR of any
 * version is accepted so that version negotiation can happen and its
 * failure be reported; that the type exists in
 * that version (else OFPBRC_BAD_TYPE); and that the length is at least the
 * fixed part of that type's body, and exactly it for bodiless or fixed-size
 * messages (else OFPBRC_BAD_LEN). On success stores the type in '*type' and
 * returns 0; later decoders may then read ntohs(oh->length) bytes. */
enum ofperr ofp_msg_decode_type(const struct ofp_header *oh, size_t size,
                                enum ofptype *type);

/* Returns true if 'type' exists in OpenFlow 'version'. */
bool ofptype_exists(enum ofptype type, enum ofp_version version);

/* Returns the wire type number of 'type' in 'version', or -1 if it does not
 * exist there. For versions other than 1.0 and 1.3 only HELLO (0) and
 * ERROR (1) exist: enough to negotiate, or to refuse, any peer. */
int ofptype_to_raw(enum ofptype type, enum ofp_version version);

/* Appends an 8-byte header for 'type' in 'version' (length filled in by
 * ofp_msg_finish()) and returns its offset in 'b'. 'type' must exist in
 * 'version' (check with ofptype_exists()); that is the caller's job, and a
 * violation aborts as a bug. */
size_t ofp_msg_start(struct buf *b, enum ofp_version version,
                     enum ofptype type, uint32_t xid);

/* Sets the length field of the message started at offset 'start' of 'b' so
 * that it reaches the end of 'b'. Aborts (a bug) if that exceeds 65535
 * bytes: encoders check user-supplied sizes first. */
void ofp_msg_finish(struct buf *b, size_t start);

/* Appends a multipart header: ofp_header + (1.0: 4-byte stats header;
 * 1.3: 8-byte multipart header) for a request, or a reply if 'reply'.
 * Returns the message's offset for ofp_msg_finish(). 'type' must exist in
 * 'version' (see ofp_mp_type_exists()). */
size_t ofp_mp_start(struct buf *b, enum ofp_version version, bool reply,
                    enum ofp_mp_type type, uint16_t flags, uint32_t xid);

/* Returns true if multipart subtype 'type' exists in 'version'. */
bool ofp_mp_type_exists(enum ofp_mp_type type, enum ofp_version version);

/* Decodes the header of a multipart request or reply 'oh' (already
 * validated by ofp_msg_decode_type()): stores the subtype, the flags and a
 * cursor over the body (borrowed from 'oh'). Returns
 * OFPBRC_BAD_MULTIPART for a subtype that does not exist in that version,
 * OFPBRC_BAD_TYPE if 'oh' is not a multipart message, OFPBRC_BAD_LEN if it
 * is shorter than the multipart header. */
enum ofperr ofp_mp_decode(const struct ofp_header *oh,
                          enum ofp_mp_type *type, uint16_t *flags,
                          struct cursor *body);

/* Returns a body cursor for 'oh': the ntohs(oh->length) - 8 bytes after the
 * header (borrowed from 'oh'). */
struct cursor ofp_msg_body(const struct ofp_header *oh);

/* Returns the spec name of 'type', e.g. "OFPT_HELLO", or "OFPT_UNKNOWN". */
const char *ofptype_name(enum ofptype type);

/* Returns the spec name of a multipart subtype ("OFPMP_PORT_DESC"), or
 * "OFPMP_UNKNOWN". */
const char *ofp_mp_type_name(enum ofp_mp_type type);

/* Returns "OpenFlow 1.0" style text for a wire version, or NULL. */
const char *ofp_version_name(uint8_t version);

#endif /* ofp-msgs.h */
