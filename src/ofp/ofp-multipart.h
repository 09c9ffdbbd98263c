/* ofp-multipart: walking and reassembling multipart (OpenFlow 1.0: stats)
 * bodies.
 *
 * A multipart reply (or request) may be split by the sender across several
 * messages with the same xid, every one but the last carrying the MORE flag
 * (OFPSF_REPLY_MORE / OFPMPF_REPLY_MORE, OFPMPF_REQ_MORE). 'struct
 * ofp_mp_reassembly' glues their bodies together, bounded in size, and hands
 * back one body; 'struct ofp_mp_iter' then walks the entries of a body
 * without allocating (the per-type modules, e.g. ofp-group, ofp-meter,
 * decode one entry per call from it).
 *
 * Where this fits: pure codec, no I/O. The connection layer owns one
 * reassembly per direction per switch and feeds it every MULTIPART message. */
#ifndef KUMO_OFP_MULTIPART_H
#define KUMO_OFP_MULTIPART_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-msgs.h"
#include "openflow/openflow-common.h"

struct ofp_header;

/* A cursor over the entries of one multipart body. Plain value: copy it,
 * keep it on the stack. The bytes are borrowed from the message or the
 * reassembly that produced them. */
struct ofp_mp_iter {
    struct cursor body;     /* Entries not yet returned. */
    uint8_t version;        /* OFP10_VERSION or OFP13_VERSION. */
    uint16_t flags;         /* OFPMPF_* of the message; 0 when reassembled. */
    uint32_t aux;           /* Context for the entry decoder (e.g. the port
                             * of a 1.0 queue config reply). */
};

/* Starts 'iter' on 'size' bytes of entries at 'body' (borrowed) for
 * 'version'. */
void ofp_mp_iter_init(struct ofp_mp_iter *iter, uint8_t version,
                      const void *body, size_t size);

/* Starts 'iter' on the body of multipart message 'oh' (whole message,
 * length already validated), checking that it is a reply (if 'reply') or a
 * request of subtype 'mp_type' (OFPMP_*). Returns 0 or OFPBRC_BAD_LEN,
 * OFPBRC_BAD_VERSION, OFPBRC_BAD_TYPE (not multipart, or the wrong
 * direction), OFPBRC_BAD_MULTIPART (another subtype). */
enum ofperr ofp_mp_iter_init_msg(struct ofp_mp_iter *iter,
                                 const struct ofp_header *oh, bool reply,
                                 enum ofp_mp_type mp_type);

/* Returns true if every entry of 'iter' was consumed. */
static inline bool
ofp_mp_iter_done(const struct ofp_mp_iter *iter)
{
    return iter->body.size == 0;
}

/* The entry iterators (ofp_X_next()) return int: 0 with an entry, EOF
 * (from <stdio.h>) after the last one, or an enum ofperr. */

/* Pulls the next fixed-size entry of 'size' bytes into '*entry' (borrowed).
 * Returns 0, EOF at the end of the body, or OFPBRC_BAD_LEN if fewer than
 * 'size' bytes remain (then the iterator is exhausted). */
int ofp_mp_iter_pull_fixed(struct ofp_mp_iter *iter, size_t size,
                           const void **entry);

/* Pulls the next variable-size entry whose own length is the be16 at byte
 * 'len_ofs' and which is at least 'min_size' bytes long (and, if 'align8',
 * a multiple of 8). Returns 0 and sets '*entry' to all of its bytes
 * (borrowed), EOF at the end of the body, or 'bad_len' (the error the spec
 * names for that entry) on a lying length; then the iterator is exhausted,
 * so a caller that ignores the error still stops. */
int ofp_mp_iter_pull_var(struct ofp_mp_iter *iter, size_t min_size,
                         size_t len_ofs, bool align8, enum ofperr bad_len,
                         struct cursor *entry);

/* ---- Message framing helpers (on top of ofp-msgs) ---- */

/* Like ofp_msg_finish(), but if the message grew beyond 65535 bytes removes
 * it from 'b' and returns OFPBRC_BAD_LEN; otherwise 0. */
enum ofperr ofp_multipart_msg_end(struct buf *b, size_t start);

/* Appends a multipart request of 'type' with an empty body (DESC, TABLE,
 * PORT_DESC, GROUP_DESC, GROUP_FEATURES, METER_FEATURES...). With
 * 'only_13', OpenFlow 1.0 is refused with OFPBRC_BAD_VERSION; otherwise
 * 1.0 and 1.3 are accepted. */
enum ofperr ofp_mp_empty_request_encode(enum ofp_version version,
                                        bool only_13, uint16_t type,
                                        uint32_t xid, struct buf *out);
/* Checks that 'oh' is a multipart request of 'type' with an empty body
 * (OFPBRC_BAD_LEN otherwise), in 1.3 if 'only_13'. */
enum ofperr ofp_mp_empty_request_decode(const struct ofp_header *oh,
                                        bool only_13, uint16_t type);
/* Decodes the multipart header of 'oh' (whole message, length validated):
 * '*reply' true for replies, the subtype, the flags and the body (borrowed).
 * Returns 0, OFPBRC_BAD_VERSION, OFPBRC_BAD_TYPE (not a multipart
 * message), OFPBRC_BAD_MULTIPART (subtype not in that version) or
 * OFPBRC_BAD_LEN. */
enum ofperr ofp_multipart_decode(const struct ofp_header *oh, bool *reply,
                                 uint16_t *mp_type, uint16_t *flags,
                                 struct cursor *body);
/* Checks that 'oh' is a message of 'type' with a length
 * of at least 'min_len' bytes (exactly, if 'exact'). Returns 0,
 * OFPBRC_BAD_VERSION (unsupported version, or 'type' does not exist in
 * it), OFPBRC_BAD_TYPE or OFPBRC_BAD_LEN. */
enum ofperr ofp_multipart_check_msg(const struct ofp_header *oh,
                                    enum ofptype type, size_t min_len,
                                    bool exact);

/* ---- Reassembly ---- */

/* Default bound on a reassembled body: a full flow table dump of a large
 * switch fits; a peer streaming MORE parts forever does not. */
#define OFP_MP_REASSEMBLY_DEFAULT_MAX (16u * 1024 * 1024)

/* One complete multipart body, from one message or several. */
struct ofp_mp_body {
    uint8_t version;
    bool reply;             /* Reply (true) or request. */
    uint16_t type;          /* OFPMP_* subtype. */
    uint32_t xid;
    unsigned int n_parts;   /* Messages glued together. */
    const uint8_t *data;    /* Borrowed, see ofp_mp_reassembly_add(). */
    size_t size;
};

/* Collects the parts of one multipart sequence at a time. */
struct ofp_mp_reassembly {
    struct buf body;        /* Bodies of the parts so far. */
    size_t max_size;        /* Bound on body.size. */
    bool active;            /* A sequence is in progress. */
    uint8_t version;        /* Of the sequence in progress. */
    bool reply;
    uint16_t type;
    uint32_t xid;
    unsigned int n_parts;
};

/* Initializes 'r' to accept bodies up to 'max_size' bytes in total
 * (0 selects OFP_MP_REASSEMBLY_DEFAULT_MAX). */
void ofp_mp_reassembly_init(struct ofp_mp_reassembly *r, size_t max_size);
/* Frees what 'r' holds. */
void ofp_mp_reassembly_uninit(struct ofp_mp_reassembly *r);
/* Drops any sequence in progress (and its memory). */
void ofp_mp_reassembly_reset(struct ofp_mp_reassembly *r);
/* Returns true if a sequence is in progress. */
static inline bool
ofp_mp_reassembly_busy(const struct ofp_mp_reassembly *r)
{
    return r->active;
}

/* Feeds multipart message 'oh' (whole message, length validated; borrowed
 * for the call only) to 'r'.
 *
 * Returns 0 and sets '*complete' to false while more parts are expected.
 * Returns 0 with '*complete' true when the sequence ended: '*out' then
 * describes the whole body. Its 'data' points into 'oh' for a lone part
 * (no copy) or into 'r' for a reassembled one; either way it is valid until
 * 'oh' is released or 'r' is next fed, reset or uninitialized.
 *
 * Errors (the sequence in progress, if any, is dropped; 'r' is ready for a
 * new sequence): OFPBRC_BAD_TYPE (not multipart), OFPBRC_BAD_LEN,
 * OFPBRC_BAD_VERSION (version changed mid-sequence), OFPBRC_BAD_MULTIPART
 * (xid, subtype or direction differs from the sequence in progress),
 * OFPBRC_MULTIPART_BUFFER_OVERFLOW (bodies exceed the bound). */
enum ofperr ofp_mp_reassembly_add(struct ofp_mp_reassembly *r,
                                  const struct ofp_header *oh,
                                  struct ofp_mp_body *out, bool *complete);

/* Starts 'iter' on the entries of 'body'. */
void ofp_mp_iter_init_body(struct ofp_mp_iter *iter,
                           const struct ofp_mp_body *body);

#endif /* ofp-multipart.h */
