/* ofp-multipart: see ofp-multipart.h. */
#include "ofp/ofp-multipart.h"

#include <string.h>

#include "lib/util.h"
#include "ofp/ofp-msgs.h"

/* Buffer capacity kept between sequences. */
#define OFP_MP_REASSEMBLY_KEEP (64u * 1024)

/* The MORE flag, same bit in both versions and both directions. */
#define MP_MORE OFPMPF_MORE

void
ofp_mp_iter_init(struct ofp_mp_iter *iter, uint8_t version,
                 const void *body, size_t size)
{
    iter->body = cursor_make(body, size);
    iter->version = version;
    iter->flags = 0;
    iter->aux = 0;
}

enum ofperr
ofp_mp_iter_init_msg(struct ofp_mp_iter *iter, const struct ofp_header *oh,
                     bool reply, enum ofp_mp_type mp_type)
{
    uint16_t type, flags;
    struct cursor body;
    bool is_reply;
    enum ofperr error;

    error = ofp_multipart_decode(oh, &is_reply, &type, &flags, &body);
    if (error) {
        return error;
    }
    if (is_reply != reply) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (type != mp_type) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_mp_iter_init(iter, oh->version, body.data, body.size);
    iter->flags = flags;
    return 0;
}

void
ofp_mp_iter_init_body(struct ofp_mp_iter *iter,
                      const struct ofp_mp_body *body)
{
    ofp_mp_iter_init(iter, body->version, body->data, body->size);
}

int
ofp_mp_iter_pull_fixed(struct ofp_mp_iter *iter, size_t size,
                       const void **entry)
{
    *entry = NULL;
    if (iter->body.size == 0) {
        return EOF;
    }
    *entry = cursor_pull(&iter->body, size);
    if (!*entry) {
        iter->body.size = 0;
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

int
ofp_mp_iter_pull_var(struct ofp_mp_iter *iter, size_t min_size,
                     size_t len_ofs, bool align8, enum ofperr bad_len,
                     struct cursor *entry)
{
    const uint8_t *p = iter->body.data;
    size_t len;

    *entry = cursor_make(NULL, 0);
    if (iter->body.size == 0) {
        return EOF;
    }
    if (iter->body.size < min_size || iter->body.size < len_ofs + 2) {
        goto bad;
    }
    len = ((size_t) p[len_ofs] << 8) | p[len_ofs + 1];
    if (len < min_size || len > iter->body.size || (align8 && len % 8)) {
        goto bad;
    }
    *entry = cursor_make(p, len);
    cursor_pull(&iter->body, len);
    return 0;

bad:
    iter->body.size = 0;
    return bad_len;
}

enum ofperr
ofp_multipart_msg_end(struct buf *b, size_t start)
{
    if (b->size - start > UINT16_MAX) {
        buf_truncate(b, start);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_msg_finish(b, start);
    return 0;
}

enum ofperr
ofp_mp_empty_request_encode(enum ofp_version version, bool only_13,
                            uint16_t type, uint32_t xid, struct buf *out)
{
    if (version != OFP13_VERSION && (only_13 || version != OFP10_VERSION)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_finish(out, ofp_mp_start(out, version, false, type, 0, xid));
    return 0;
}

enum ofperr
ofp_mp_empty_request_decode(const struct ofp_header *oh, bool only_13,
                            uint16_t type)
{
    struct ofp_mp_iter iter;
    enum ofperr error;

    error = ofp_mp_iter_init_msg(&iter, oh, false, type);
    if (!error && only_13 && oh->version != OFP13_VERSION) {
        error = OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!error && !ofp_mp_iter_done(&iter)) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

enum ofperr
ofp_multipart_decode(const struct ofp_header *oh, bool *reply,
                     uint16_t *mp_type, uint16_t *flags, struct cursor *body)
{
    enum ofp_mp_type type;
    enum ofperr error;

    error = ofp_mp_decode(oh, &type, flags, body);
    if (error) {
        return error;
    }
    *reply = oh->type == ofptype_to_raw(OFPTYPE_MULTIPART_REPLY,
                                        (enum ofp_version) oh->version);
    *mp_type = (uint16_t) type;
    return 0;
}

enum ofperr
ofp_multipart_check_msg(const struct ofp_header *oh, enum ofptype type,
                        size_t min_len, bool exact)
{
    size_t len = ntohs(oh->length);
    int raw;

    if (oh->version != OFP10_VERSION && oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    raw = ofptype_to_raw(type, (enum ofp_version) oh->version);
    if (raw < 0) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (oh->type != raw) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (len < min_len || (exact && len != min_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

void
ofp_mp_reassembly_init(struct ofp_mp_reassembly *r, size_t max_size)
{
    buf_init(&r->body, 0);
    r->max_size = max_size ? max_size : OFP_MP_REASSEMBLY_DEFAULT_MAX;
    r->active = false;
    r->version = 0;
    r->reply = false;
    r->type = 0;
    r->xid = 0;
    r->n_parts = 0;
}

void
ofp_mp_reassembly_uninit(struct ofp_mp_reassembly *r)
{
    if (r) {
        buf_uninit(&r->body);
        buf_init(&r->body, 0);
        r->active = false;
    }
}

void
ofp_mp_reassembly_reset(struct ofp_mp_reassembly *r)
{
    /* Give the memory back: a huge dump should not pin its buffer for the
     * life of the connection. */
    buf_uninit(&r->body);
    buf_init(&r->body, 0);
    r->active = false;
    r->n_parts = 0;
}

static void
fill_body(struct ofp_mp_body *out, uint8_t version, bool reply,
          uint16_t type, uint32_t xid, unsigned int n_parts,
          const uint8_t *data, size_t size)
{
    out->version = version;
    out->reply = reply;
    out->type = type;
    out->xid = xid;
    out->n_parts = n_parts;
    out->data = data;
    out->size = size;
}

enum ofperr
ofp_mp_reassembly_add(struct ofp_mp_reassembly *r,
                      const struct ofp_header *oh, struct ofp_mp_body *out,
                      bool *complete)
{
    uint16_t type, flags;
    struct cursor body;
    uint32_t xid = ntohl(oh->xid);
    bool reply, more;
    enum ofperr error;

    *complete = false;
    memset(out, 0, sizeof *out);

    /* A finished sequence's buffer stayed readable until this call. Keep
     * a small one for reuse; give a big one back rather than pin the
     * largest dump ever seen for the life of the connection. */
    if (!r->active) {
        if (r->body.allocated > OFP_MP_REASSEMBLY_KEEP) {
            ofp_mp_reassembly_reset(r);
        } else {
            buf_clear(&r->body);
        }
    }

    error = ofp_multipart_decode(oh, &reply, &type, &flags, &body);
    if (error) {
        goto drop;
    }
    more = (flags & MP_MORE) != 0;

    if (!r->active) {
        if (!more) {
            /* A lone part: no copy. */
            fill_body(out, oh->version, reply, type, xid, 1,
                      body.data, body.size);
            *complete = true;
            return 0;
        }
        r->active = true;
        r->version = oh->version;
        r->reply = reply;
        r->type = type;
        r->xid = xid;
        r->n_parts = 0;
        buf_clear(&r->body);
    } else if (oh->version != r->version) {
        error = OFPERR_OFPBRC_BAD_VERSION;
        goto drop;
    } else if (xid != r->xid || type != r->type || reply != r->reply) {
        error = OFPERR_OFPBRC_BAD_MULTIPART;
        goto drop;
    }

    if (body.size > r->max_size - r->body.size) {
        error = OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW;
        goto drop;
    }
    buf_put(&r->body, body.data, body.size);
    r->n_parts++;

    if (!more) {
        fill_body(out, r->version, r->reply, r->type, r->xid, r->n_parts,
                  r->body.data, r->body.size);
        r->active = false;
        *complete = true;
    }
    return 0;

drop:
    ofp_mp_reassembly_reset(r);
    return error;
}
