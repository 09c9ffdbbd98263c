/* ofp-flow: flow messages of OpenFlow 1.0 and 1.3 — flow-mod,
 * flow-removed, flow stats request/reply and aggregate stats
 * request/reply — as version-independent structs.
 *
 * Decoded structs borrow from the message and from a caller's action
 * buffer (see each function). Encoders append one complete message to a
 * caller's struct buf and allocate nothing when it starts on a large
 * enough stub: flow-mod encode is on the reactive hot path. */
#ifndef KUMO_OFP_FLOW_H
#define KUMO_OFP_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-actions.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-match.h"
#include "openflow/of-flow.h"

struct buf;
struct cursor;
struct ds;

/* ---- Decoded messages ---- */

/* A flow-mod. In 1.0 the actions are instructions.apply_actions alone;
 * cookie_mask, table_id (1.0 has none: 0 on decode) and out_group are
 * ignored when encoding 1.0. */
struct ofp_flow_mod {
    struct ofp_match match;
    uint64_t cookie;
    uint64_t cookie_mask;
    uint8_t table_id;
    enum ofp_flow_mod_command command;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t priority;
    uint32_t buffer_id;             /* OFP_NO_BUFFER if none. */
    uint32_t out_port;              /* 32-bit; OFPP_ANY if none. */
    uint32_t out_group;             /* OFPG_ANY if none. */
    uint16_t flags;                 /* OFPFF_*; 1.0 EMERG kept as bit 2. */
    struct ofp_instructions instructions;
};

/* Sets defaults: catch-all match, ADD, priority 0x8000, no buffer,
 * out_port OFPP_ANY, out_group OFPG_ANY, no instructions. */
void ofp_flow_mod_init(struct ofp_flow_mod *fm);
/* Appends 'fm' as a FLOW_MOD of 'version' with 'xid' to 'out'. Returns 0,
 * OFPERR_OFPBRC_BAD_VERSION (unknown version), OFPERR_OFPBIC_UNSUP_INST
 * (1.0 with instructions other than apply_actions), or a match/action
 * encoding error; on error 'out' is restored to its size on entry. */
enum ofperr ofp_flow_mod_encode(const struct ofp_flow_mod *fm,
                                enum ofp_version version, uint32_t xid,
                                struct buf *out);
/* Decodes the FLOW_MOD 'oh' into 'fm'; actions are appended to 'actions'
 * and fm->instructions points into it (valid until 'actions' changes).
 * Returns 0, OFPERR_OFPBRC_BAD_LEN, OFPERR_OFPFMFC_BAD_COMMAND, or a
 * match/action/instruction error. */
enum ofperr ofp_flow_mod_decode(struct ofp_flow_mod *fm,
                                const struct ofp_header *oh,
                                struct buf *actions);
/* Format functions append the text ovs-ofctl prints after the message's
 * "OFPT_X (xid=0x1):" prefix, starting with a space (or a newline for the
 * entries of a reply).
 *
 * Appends 'fm' like ovs-ofctl: " ADD priority=100,in_port=1 actions=..."
 * (version-specific details per 'version'). */
void ofp_flow_mod_format(struct ds *s, const struct ofp_flow_mod *fm,
                         enum ofp_version version);

/* A flow-removed notification. */
struct ofp_flow_removed {
    struct ofp_match match;
    uint64_t cookie;
    uint16_t priority;
    uint8_t reason;                 /* OFPRR_*. */
    uint8_t table_id;               /* 1.3; 0 for 1.0. */
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;          /* 1.3; 0 for 1.0. */
    uint64_t packet_count;
    uint64_t byte_count;
};

/* Appends 'fr' as a FLOW_REMOVED of 'version' with 'xid' to 'out'.
 * Returns 0, OFPERR_OFPBRC_BAD_VERSION or a match encoding error ('out'
 * unchanged on error). */
enum ofperr ofp_flow_removed_encode(const struct ofp_flow_removed *fr,
                                    enum ofp_version version, uint32_t xid,
                                    struct buf *out);
/* Returns 0, OFPERR_OFPBRC_BAD_LEN or a match error. */
enum ofperr ofp_flow_removed_decode(struct ofp_flow_removed *fr,
                                    const struct ofp_header *oh);
/* Appends " priority=100,in_port=1 reason=idle ...". */
void ofp_flow_removed_format(struct ds *s, const struct ofp_flow_removed *fr,
                             enum ofp_version version);

/* A flow stats or aggregate stats request (same body). */
struct ofp_flow_stats_request {
    bool aggregate;                 /* AGGREGATE instead of FLOW. */
    struct ofp_match match;
    uint8_t table_id;               /* OFPTT_ALL for all. */
    uint32_t out_port;              /* OFPP_ANY for any. */
    uint32_t out_group;             /* OFPG_ANY for any (1.3). */
    uint64_t cookie;                /* 1.3 */
    uint64_t cookie_mask;           /* 1.3 */
};

/* Sets defaults: catch-all, all tables, any port, any group. */
void ofp_flow_stats_request_init(struct ofp_flow_stats_request *req,
                                 bool aggregate);
/* Appends a FLOW (or AGGREGATE, per req->aggregate) stats request of
 * 'version' with 'xid' to 'out'. Returns 0, OFPERR_OFPBRC_BAD_VERSION,
 * OFPERR_OFPBRC_BAD_PORT (out_port 1.0 cannot express) or a match error
 * ('out' unchanged on error). */
enum ofperr ofp_flow_stats_request_encode(
    const struct ofp_flow_stats_request *req, enum ofp_version version,
    uint32_t xid, struct buf *out);
/* Decodes a FLOW or AGGREGATE multipart request. Returns 0,
 * OFPERR_OFPBRC_BAD_LEN, OFPERR_OFPBRC_BAD_MULTIPART (not one of these), or a
 * match error. */
enum ofperr ofp_flow_stats_request_decode(struct ofp_flow_stats_request *req,
                                          const struct ofp_header *oh);
/* Appends " table=1 out_port=2 in_port=1" (as ovs-ofctl: without
 * out_group and cookie). */
void ofp_flow_stats_request_format(struct ds *s,
                                   const struct ofp_flow_stats_request *req,
                                   enum ofp_version version);

/* One flow stats reply entry. */
struct ofp_flow_stats {
    uint8_t table_id;
    struct ofp_match match;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t priority;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t flags;                 /* 1.3 */
    uint64_t cookie;
    uint64_t packet_count;
    uint64_t byte_count;
    struct ofp_instructions instructions;   /* Points into caller's buf. */
};

/* Encoding a flow stats reply: start with ofp_flow_stats_reply_start(),
 * append entries with ofp_flow_stats_reply_append(), end with
 * ofp_flow_stats_reply_finish(). One message only (the caller splits long
 * replies with OFPMPF_MORE by starting another). */
size_t ofp_flow_stats_reply_start(struct buf *out, enum ofp_version version,
                                  uint16_t flags, uint32_t xid);
enum ofperr ofp_flow_stats_reply_append(struct buf *out,
                                        enum ofp_version version,
                                        const struct ofp_flow_stats *fs);
void ofp_flow_stats_reply_finish(struct buf *out, size_t start);

/* Iterating a FLOW multipart reply: ofp_flow_stats_reply_init() checks the
 * message and sets *body and *flags; then ofp_flow_stats_next() pulls one
 * entry at a time, its actions replacing the contents of 'actions'.
 * Returns 0 with an entry, EOF when the body is exhausted, or an
 * enum ofperr (OFPERR_OFPBRC_BAD_LEN, match/instruction errors). */
enum ofperr ofp_flow_stats_reply_init(const struct ofp_header *oh,
                                      struct cursor *body, uint16_t *flags);
int ofp_flow_stats_next(struct cursor *body, enum ofp_version version,
                        struct ofp_flow_stats *fs, struct buf *actions);
/* Appends one entry as ovs-ofctl dump-flows prints it
 * (" cookie=0x0, duration=1.000s, table=0, ..."), no newline. */
void ofp_flow_stats_format(struct ds *s, const struct ofp_flow_stats *fs,
                           enum ofp_version version);
/* Appends " flags=[more]" if REPLY_MORE is set, then every entry of the
 * FLOW stats reply 'oh' on its own line ("\n cookie=..."). Allocates
 * nothing for up to 32 actions per entry. Returns 0 or the first decode
 * error (entries before it are printed). */
enum ofperr ofp_flow_stats_reply_format(struct ds *s,
                                        const struct ofp_header *oh);

/* Aggregate reply. */
struct ofp_aggregate_stats {
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t flow_count;
};

/* Appends an AGGREGATE stats reply of 'version' with 'xid' to 'out'.
 * Returns 0 or OFPERR_OFPBRC_BAD_VERSION. */
enum ofperr ofp_flow_aggregate_reply_encode(const struct ofp_aggregate_stats *as,
                                       enum ofp_version version, uint32_t xid,
                                       struct buf *out);
/* Returns 0 or OFPERR_OFPBRC_BAD_LEN / OFPERR_OFPBRC_BAD_MULTIPART. */
enum ofperr ofp_flow_aggregate_reply_decode(struct ofp_aggregate_stats *as,
                                       const struct ofp_header *oh);
/* Appends " packet_count=1 byte_count=2 flow_count=3". */
void ofp_flow_aggregate_reply_format(struct ds *s,
                                     const struct ofp_aggregate_stats *as);

#endif /* ofp-flow.h */
