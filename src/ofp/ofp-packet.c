/* ofp-packet: see ofp-packet.h. */
#include "ofp/ofp-packet.h"

#include <inttypes.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-port.h"
#include "openflow/of10.h"
#include "openflow/of13.h"

#define MATCH_TYPE_OXM 1        /* ofp_match.type in 1.3. */
#define OXM_CLASS_BASIC 0x8000
#define OXM_FIELD_IN_PORT 0

static uint32_t
get_be32(const void *p)
{
    be32 x;
    memcpy(&x, p, 4);
    return ntohl(x);
}

static uint16_t
get_be16(const void *p)
{
    be16 x;
    memcpy(&x, p, 2);
    return ntohs(x);
}

/* Walks the OXM TLVs of a 1.3 packet-in match for in_port, checking that
 * every TLV lies inside 'oxm'. */
static enum ofperr
scan_oxm_in_port(struct cursor oxm, uint32_t *in_port)
{
    bool seen = false;

    *in_port = 0;
    while (oxm.size) {
        const uint8_t *h = cursor_pull(&oxm, 4);
        uint32_t header;
        const uint8_t *payload;
        uint8_t len;

        if (!h) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        header = get_be32(h);
        len = (uint8_t) header;
        payload = cursor_pull(&oxm, len);
        if (!payload) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        if (header >> 16 == OXM_CLASS_BASIC
            && (header >> 9 & 0x7f) == OXM_FIELD_IN_PORT) {
            if (header != OFP_PACKET_IN_OXM_IN_PORT) {
                /* Wrong length, or a mask (in_port is not maskable). */
                return header & 0x100 ? OFPERR_OFPBMC_BAD_MASK
                                      : OFPERR_OFPBMC_BAD_LEN;
            }
            if (seen) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
            seen = true;
            *in_port = get_be32(payload);
        }
    }
    return 0;
}

/* Makes 'm' a match on 'in_port' alone. */
static void
match_in_port_only(struct ofp_match *m, uint32_t in_port)
{
    ofp_match_init_catchall(m);
    ofp_match_set_in_port(m, in_port);
}

/* The common 1.3 packet-in match: an OXM match with exactly one TLV,
 * in_port, and zero padding. If 'c' starts with one, pulls it, stores the
 * port in '*in_port' and returns true; otherwise leaves 'c' alone. */
static bool
pull_in_port_only_match(struct cursor *c, uint32_t *in_port)
{
    static const uint8_t head[8] = {
        0x00, MATCH_TYPE_OXM, 0x00, 0x0c, 0x80, 0x00, 0x00, 0x04,
    };
    const uint8_t *p = cursor_peek(c, 16);

    if (!p || memcmp(p, head, sizeof head) || get_be32(p + 12)) {
        return false;
    }
    *in_port = get_be32(p + 8);
    cursor_pull(c, 16);
    return true;
}

/* Pulls a 1.3 OXM match (header, TLVs, zero padding) from 'c', checking
 * its framing, and sets '*oxm' to its TLVs. */
static enum ofperr
pull_raw_oxm_match(struct cursor *c, struct cursor *oxm)
{
    const uint8_t *mh = cursor_peek(c, 4);
    size_t match_len, padded, i;

    if (!mh) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (get_be16(mh) != MATCH_TYPE_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    match_len = get_be16(mh + 2);
    padded = ROUND_UP(match_len, 8);
    if (match_len < 4 || padded > c->size) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    for (i = match_len; i < padded; i++) {
        if (mh[i]) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
    }
    *oxm = cursor_make(mh + 4, match_len - 4);
    cursor_pull(c, padded);
    return 0;
}

enum ofperr
ofp_packet_in_decode(struct ofp_packet_in *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);

    memset(out, 0, sizeof *out);
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_packet_in *w = cursor_pull(&c, sizeof *w);

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->buffer_id = ntohl(w->buffer_id);
        out->total_len = ntohs(w->total_len);
        out->in_port = ofp_port_from_10(ntohs(w->in_port));
        out->reason = w->reason;
    } else if (oh->version == OFP13_VERSION) {
        const struct ofp13_packet_in *w = cursor_pull(&c, sizeof *w);
        const uint8_t *match_start;

        if (!w || !cursor_peek(&c, 4)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->buffer_id = ntohl(w->buffer_id);
        out->total_len = ntohs(w->total_len);
        out->reason = w->reason;
        out->table_id = w->table_id;
        out->cookie = ntohll(w->cookie);

        match_start = c.data;
        if (pull_in_port_only_match(&c, &out->in_port)) {
            out->match_oxm = match_start + 4;
            out->match_oxm_len = 8;
        } else {
            struct cursor oxm;
            enum ofperr error = pull_raw_oxm_match(&c, &oxm);

            if (!error) {
                error = scan_oxm_in_port(oxm, &out->in_port);
            }
            if (error) {
                return error;
            }
            out->match_oxm = oxm.data;
            out->match_oxm_len = oxm.size;
        }
        /* Two bytes of pad align the Ethernet payload's IP header. */
        if (!cursor_pull(&c, 2)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    out->data = c.data;
    out->data_len = c.size;
    return 0;
}

enum ofperr
ofp_packet_in_get_match(const struct ofp_packet_in *pin,
                        struct ofp_match *match)
{
    struct buf b;
    uint8_t stub[256];
    struct cursor c;
    enum ofperr error;

    if (!pin->match_oxm) {
        match_in_port_only(match, pin->in_port);
        return 0;
    }
    /* ofp_match_decode_oxm() wants the header and padding back: rebuild
     * them around the TLVs (on the stack for ordinary matches). */
    buf_use_stub(&b, stub, sizeof stub);
    buf_put_be16(&b, MATCH_TYPE_OXM);
    buf_put_be16(&b, (uint16_t) (4 + pin->match_oxm_len));
    buf_put(&b, pin->match_oxm, pin->match_oxm_len);
    buf_pad_to(&b, 8);
    c = cursor_make(b.data, b.size);
    error = ofp_match_decode_oxm(match, &c);
    if (error) {
        match_in_port_only(match, pin->in_port);
    }
    buf_uninit(&b);
    return error;
}

enum ofperr
ofp_packet_in_encode(const struct ofp_packet_in *pin,
                     enum ofp_version version, uint32_t xid, struct buf *out)
{
    size_t start;

    if (version == OFP10_VERSION) {
        struct ofp10_packet_in *w;

        if (!ofp_port_is_valid_10(pin->in_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        if (pin->data_len > OFP_MAX_MSG_SIZE - 18) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        start = ofp_msg_start(out, version, OFPTYPE_PACKET_IN, xid);
        w = buf_put_uninit(out, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->total_len = htons(pin->total_len);
        w->in_port = htons(ofp_port_to_10(pin->in_port));
        w->reason = pin->reason;
        w->pad = 0;
    } else if (version == OFP13_VERSION) {
        struct ofp13_packet_in *w;

        if (pin->match_oxm && pin->match_oxm_len > OFP_MAX_MSG_SIZE) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        start = ofp_msg_start(out, version, OFPTYPE_PACKET_IN, xid);
        w = buf_put_uninit(out, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->total_len = htons(pin->total_len);
        w->reason = pin->reason;
        w->table_id = pin->table_id;
        w->cookie = htonll(pin->cookie);
        if (pin->match_oxm) {
            size_t match_len = 4 + pin->match_oxm_len;

            buf_put_be16(out, MATCH_TYPE_OXM);
            buf_put_be16(out, (uint16_t) match_len);
            buf_put(out, pin->match_oxm, pin->match_oxm_len);
            buf_put_zeros(out, ROUND_UP(match_len, 8) - match_len);
        } else if (pin->match) {
            /* A copy costs a few hundred bytes of stack, no heap. */
            struct ofp_match m = *pin->match;

            ofp_match_set_in_port(&m, pin->in_port);
            ofp_match_encode_oxm(&m, out);
        } else {
            buf_put_be16(out, MATCH_TYPE_OXM);
            buf_put_be16(out, 12);
            buf_put_be32(out, OFP_PACKET_IN_OXM_IN_PORT);
            buf_put_be32(out, pin->in_port);
            buf_put_zeros(out, 4);
        }
        buf_put_zeros(out, 2);
        if (out->size - start > OFP_MAX_MSG_SIZE
            || pin->data_len > OFP_MAX_MSG_SIZE - (out->size - start)) {
            buf_truncate(out, start);
            return OFPERR_OFPBRC_BAD_LEN;
        }
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    buf_put(out, pin->data, pin->data_len);
    ofp_msg_finish(out, start);
    return 0;
}

const char *
ofp_packet_in_reason_name(uint8_t reason)
{
    switch (reason) {
    case OFPR_NO_MATCH: return "no_match";
    case OFPR_ACTION: return "action";
    case OFPR_INVALID_TTL: return "invalid_ttl";
    default: return NULL;
    }
}

void
ofp_packet_in_format(struct ds *s, const struct ofp_packet_in *pin,
                     uint8_t version)
{
    const char *reason = ofp_packet_in_reason_name(pin->reason);

    if (version != OFP10_VERSION) {
        if (pin->table_id) {
            ds_put_format(s, " table_id=%u", pin->table_id);
        }
        ds_put_format(s, " cookie=0x%"PRIx64, pin->cookie);
    }
    ds_put_format(s, " total_len=%u ", pin->total_len);
    if (pin->match_oxm_len > 8) {
        struct ofp_match match;

        if (!ofp_packet_in_get_match(pin, &match)) {
            ofp_match_format(s, &match);
        } else {
            ds_put_cstr(s, "in_port=");
            ofp_port_no_format(s, pin->in_port);
            ds_put_cstr(s, ",(undecodable match)");
        }
    } else {
        ds_put_cstr(s, "in_port=");
        ofp_port_no_format(s, pin->in_port);
    }
    if (reason) {
        ds_put_format(s, " (via %s)", reason);
    } else {
        ds_put_format(s, " (via %u)", pin->reason);
    }
    ds_put_format(s, " data_len=%zu", pin->data_len);
    if (pin->buffer_id == OFP_NO_BUFFER) {
        ds_put_cstr(s, " (unbuffered)");
        if (pin->total_len != pin->data_len) {
            ds_put_cstr(s, " (***total_len != data_len***)");
        }
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, pin->buffer_id);
    }
    ds_put_char(s, '\n');
}

/* PACKET_OUT. */

#define ACTION_OUTPUT 0         /* OFPAT_OUTPUT, both versions. */

/* Checks the framing of a wire action list: every action has a length of
 * at least 8, a multiple of 8, inside the list. */
static enum ofperr
check_actions(struct cursor actions)
{
    while (actions.size) {
        const uint8_t *ah = cursor_peek(&actions, 4);
        uint16_t len;

        if (!ah) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        len = get_be16(ah + 2);
        if (len < 8 || len % 8 || !cursor_pull(&actions, len)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
    }
    return 0;
}

enum ofperr
ofp_packet_out_decode(struct ofp_packet_out *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);
    const void *actions;
    size_t actions_len;
    enum ofperr error;

    memset(out, 0, sizeof *out);
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_packet_out *w = cursor_pull(&c, sizeof *w);

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->buffer_id = ntohl(w->buffer_id);
        out->in_port = ofp_port_from_10(ntohs(w->in_port));
        actions_len = ntohs(w->actions_len);
    } else if (oh->version == OFP13_VERSION) {
        const struct ofp13_packet_out *w = cursor_pull(&c, sizeof *w);

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->buffer_id = ntohl(w->buffer_id);
        out->in_port = ntohl(w->in_port);
        actions_len = ntohs(w->actions_len);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (actions_len % 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    actions = cursor_pull(&c, actions_len);
    if (!actions) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = check_actions(cursor_make(actions, actions_len));
    if (error) {
        return error;
    }
    out->actions = actions_len ? actions : NULL;
    out->actions_len = actions_len;
    out->data = c.size ? c.data : NULL;
    out->data_len = c.size;
    return 0;
}

enum ofperr
ofp_packet_out_decode_actions(struct ofp_packet_out *po,
                              enum ofp_version version, struct buf *actions)
{
    struct cursor c = cursor_make(po->actions, po->actions_len);
    size_t start;
    enum ofperr error;

    /* An empty list still needs a non-NULL 'ofp_actions' ("use the struct
     * list"), without touching a buffer that may not have storage yet. */
    static const struct ofp_action no_actions[1];

    if (!po->actions_len) {
        po->ofp_actions = no_actions;
        po->n_ofp_actions = 0;
        return 0;
    }
    if (actions->size % _Alignof(struct ofp_action)) {
        buf_pad_to(actions, _Alignof(struct ofp_action));
    }
    start = actions->size;
    error = ofp_actions_decode(version, &c, po->actions_len, actions);
    if (error) {
        buf_truncate(actions, start);
        return error;
    }
    po->ofp_actions = (const void *) (actions->data + start);
    po->n_ofp_actions = (actions->size - start) / sizeof(struct ofp_action);
    return 0;
}

/* Appends the fixed part of a packet-out with actions_len 0, or returns an
 * error without touching 'out'. Stores the message start in '*startp'. */
static enum ofperr
put_packet_out_header(uint32_t buffer_id, uint32_t in_port,
                      enum ofp_version version, uint32_t xid,
                      struct buf *out, size_t *startp)
{
    if (version == OFP10_VERSION) {
        struct ofp10_packet_out *w;

        if (!ofp_port_is_valid_10(in_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        *startp = ofp_msg_start(out, version, OFPTYPE_PACKET_OUT, xid);
        w = buf_put_uninit(out, sizeof *w);
        w->buffer_id = htonl(buffer_id);
        w->in_port = htons(ofp_port_to_10(in_port));
        w->actions_len = 0;
    } else if (version == OFP13_VERSION) {
        struct ofp13_packet_out *w;

        *startp = ofp_msg_start(out, version, OFPTYPE_PACKET_OUT, xid);
        w = buf_put_zeros(out, sizeof *w);
        w->buffer_id = htonl(buffer_id);
        w->in_port = htonl(in_port);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    return 0;
}

/* Finishes a packet-out started at 'start' whose actions end at the end of
 * 'out': fills in actions_len, appends the data and sets the length. On
 * error truncates 'out' to 'start'. */
static enum ofperr
finish_packet_out(struct buf *out, size_t start, const void *data,
                  size_t data_len)
{
    const uint8_t version = out->data[start];
    size_t fixed = 8 + (version == OFP10_VERSION
                        ? sizeof(struct ofp10_packet_out)
                        : sizeof(struct ofp13_packet_out));
    size_t used = out->size - start;
    size_t actions_len = used - fixed;
    be16 len16;

    if (used > OFP_MAX_MSG_SIZE || data_len > OFP_MAX_MSG_SIZE - used) {
        buf_truncate(out, start);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len16 = htons((uint16_t) actions_len);
    memcpy(out->data + start + fixed - (version == OFP10_VERSION ? 2 : 8),
           &len16, 2);
    buf_put(out, data, data_len);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_packet_out_encode(const struct ofp_packet_out *po,
                      enum ofp_version version, uint32_t xid,
                      struct buf *out)
{
    size_t start;
    enum ofperr error;

    if (!po->ofp_actions && (po->actions_len % 8
                             || po->actions_len > OFP_MAX_MSG_SIZE)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = put_packet_out_header(po->buffer_id, po->in_port, version, xid,
                                  out, &start);
    if (error) {
        return error;
    }
    if (po->ofp_actions) {
        error = ofp_actions_encode(po->ofp_actions, po->n_ofp_actions,
                                   version, out);
        if (error) {
            buf_truncate(out, start);
            return error;
        }
    } else {
        buf_put(out, po->actions, po->actions_len);
    }
    return finish_packet_out(out, start, po->data, po->data_len);
}

enum ofperr
ofp_packet_out_encode_output(uint32_t buffer_id, uint32_t in_port,
                             uint32_t out_port, const void *data,
                             size_t data_len, enum ofp_version version,
                             uint32_t xid, struct buf *out)
{
    /* Built in one piece rather than through the generic helpers: this is
     * the one message a reactive switch sends for every packet. */
    size_t fixed = version == OFP10_VERSION ? 8 + 8 + 8 : 8 + 16 + 16;
    struct ofp_header oh;
    uint8_t *p;

    if (version == OFP10_VERSION) {
        if (!ofp_port_is_valid_10(in_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        if (!ofp_port_is_valid_10(out_port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
    } else if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (data_len > OFP_MAX_MSG_SIZE - fixed) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = buf_put_zeros(out, fixed + data_len) ;
    oh.version = (uint8_t) version;
    oh.type = OFPT13_PACKET_OUT;        /* 13 in both versions. */
    oh.length = htons((uint16_t) (fixed + data_len));
    oh.xid = htonl(xid);
    memcpy(p, &oh, sizeof oh);
    if (version == OFP10_VERSION) {
        struct ofp10_packet_out *w = (void *) (p + 8);
        be16 port = htons(ofp_port_to_10(out_port));

        w->buffer_id = htonl(buffer_id);
        w->in_port = htons(ofp_port_to_10(in_port));
        w->actions_len = htons(8);
        p[19] = 8;                      /* OFPAT_OUTPUT, length 8. */
        memcpy(p + 20, &port, 2);       /* max_len stays 0. */
    } else {
        struct ofp13_packet_out *w = (void *) (p + 8);
        be32 port = htonl(out_port);

        w->buffer_id = htonl(buffer_id);
        w->in_port = htonl(in_port);
        w->actions_len = htons(16);
        p[27] = 16;                     /* OFPAT_OUTPUT, length 16. */
        memcpy(p + 28, &port, 4);       /* max_len and pad stay 0. */
    }
    if (data_len) {
        memcpy(p + fixed, data, data_len);
    }
    return 0;
}

void
ofp_packet_out_format(struct ds *s, const struct ofp_packet_out *po,
                      uint8_t version)
{
    ds_put_cstr(s, " in_port=");
    ofp_port_no_format(s, po->in_port);
    ds_put_cstr(s, " actions=");
    if (po->ofp_actions) {
        ofp_actions_format(s, po->ofp_actions, po->n_ofp_actions);
    } else {
        struct ofp_action stub[32];
        struct ofp_packet_out tmp = *po;
        struct buf b;
        enum ofperr error;

        buf_use_stub(&b, stub, sizeof stub);
        error = ofp_packet_out_decode_actions(&tmp, (enum ofp_version) version,
                                              &b);
        if (error) {
            ds_put_format(s, "(bad actions: %s)", ofperr_get_name(error));
        } else {
            ofp_actions_format(s, tmp.ofp_actions, tmp.n_ofp_actions);
        }
        buf_uninit(&b);
    }
    if (po->buffer_id == OFP_NO_BUFFER) {
        ds_put_format(s, " data_len=%zu", po->data_len);
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, po->buffer_id);
    }
    ds_put_char(s, '\n');
}
