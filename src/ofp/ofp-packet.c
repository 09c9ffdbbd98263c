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
        const uint8_t *mh;
        uint16_t match_len;
        enum ofperr error;
        struct cursor oxm;

        mh = w ? cursor_pull(&c, 4) : NULL;
        if (!mh) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->buffer_id = ntohl(w->buffer_id);
        out->total_len = ntohs(w->total_len);
        out->reason = w->reason;
        out->table_id = w->table_id;
        out->cookie = ntohll(w->cookie);

        if (get_be16(mh) != MATCH_TYPE_OXM) {
            return OFPERR_OFPBMC_BAD_TYPE;
        }
        match_len = get_be16(mh + 2);
        if (match_len < 4 || ROUND_UP((size_t) match_len, 8) - 4 > c.size) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        oxm = cursor_make(c.data, match_len - 4u);
        cursor_pull(&c, ROUND_UP((size_t) match_len, 8) - 4);
        error = scan_oxm_in_port(oxm, &out->in_port);
        if (error) {
            return error;
        }
        out->match_oxm = oxm.data;
        out->match_oxm_len = oxm.size;
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
        size_t oxm_len = pin->match_oxm ? pin->match_oxm_len : 8;
        size_t match_len = 4 + oxm_len;

        if (oxm_len > OFP_MAX_MSG_SIZE
            || pin->data_len > OFP_MAX_MSG_SIZE - 26
                               - ROUND_UP(match_len, 8)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        start = ofp_msg_start(out, version, OFPTYPE_PACKET_IN, xid);
        w = buf_put_uninit(out, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->total_len = htons(pin->total_len);
        w->reason = pin->reason;
        w->table_id = pin->table_id;
        w->cookie = htonll(pin->cookie);
        buf_put_be16(out, MATCH_TYPE_OXM);
        buf_put_be16(out, (uint16_t) match_len);
        if (pin->match_oxm) {
            buf_put(out, pin->match_oxm, pin->match_oxm_len);
        } else {
            buf_put_be32(out, OFP_PACKET_IN_OXM_IN_PORT);
            buf_put_be32(out, pin->in_port);
        }
        buf_put_zeros(out, ROUND_UP(match_len, 8) - match_len + 2);
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
    ds_put_format(s, " total_len=%u in_port=", pin->total_len);
    ofp_port_no_format(s, pin->in_port);
    if (reason) {
        ds_put_format(s, " (via %s)", reason);
    } else {
        ds_put_format(s, " (via %u)", pin->reason);
    }
    ds_put_format(s, " data_len=%zu", pin->data_len);
    if (pin->buffer_id == OFP_NO_BUFFER) {
        ds_put_cstr(s, " (unbuffered)");
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

/* Appends the fixed part of a packet-out, or returns an error without
 * touching 'out'. Stores the message start in '*startp'. */
static enum ofperr
put_packet_out_header(uint32_t buffer_id, uint32_t in_port,
                      size_t actions_len, size_t data_len,
                      enum ofp_version version, uint32_t xid,
                      struct buf *out, size_t *startp)
{
    size_t fixed;

    if (version == OFP10_VERSION) {
        fixed = 8 + sizeof(struct ofp10_packet_out);
        if (!ofp_port_is_valid_10(in_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
    } else if (version == OFP13_VERSION) {
        fixed = 8 + sizeof(struct ofp13_packet_out);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (actions_len % 8 || actions_len > OFP_MAX_MSG_SIZE - fixed
        || data_len > OFP_MAX_MSG_SIZE - fixed - actions_len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *startp = ofp_msg_start(out, version, OFPTYPE_PACKET_OUT, xid);
    if (version == OFP10_VERSION) {
        struct ofp10_packet_out *w = buf_put_uninit(out, sizeof *w);

        w->buffer_id = htonl(buffer_id);
        w->in_port = htons(ofp_port_to_10(in_port));
        w->actions_len = htons((uint16_t) actions_len);
    } else {
        struct ofp13_packet_out *w = buf_put_zeros(out, sizeof *w);

        w->buffer_id = htonl(buffer_id);
        w->in_port = htonl(in_port);
        w->actions_len = htons((uint16_t) actions_len);
    }
    return 0;
}

enum ofperr
ofp_packet_out_encode(const struct ofp_packet_out *po,
                      enum ofp_version version, uint32_t xid,
                      struct buf *out)
{
    size_t start;
    enum ofperr error;

    error = put_packet_out_header(po->buffer_id, po->in_port,
                                  po->actions_len, po->data_len, version, xid,
                                  out, &start);
    if (error) {
        return error;
    }
    buf_put(out, po->actions, po->actions_len);
    buf_put(out, po->data, po->data_len);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_packet_out_encode_output(uint32_t buffer_id, uint32_t in_port,
                             uint32_t out_port, const void *data,
                             size_t data_len, enum ofp_version version,
                             uint32_t xid, struct buf *out)
{
    size_t actions_len = version == OFP10_VERSION ? 8 : 16;
    size_t start;
    enum ofperr error;

    if (version == OFP10_VERSION && !ofp_port_is_valid_10(out_port)) {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    error = put_packet_out_header(buffer_id, in_port, actions_len, data_len,
                                  version, xid, out, &start);
    if (error) {
        return error;
    }
    buf_put_be16(out, ACTION_OUTPUT);
    buf_put_be16(out, (uint16_t) actions_len);
    if (version == OFP10_VERSION) {
        buf_put_be16(out, ofp_port_to_10(out_port));
        buf_put_be16(out, 0);                   /* max_len */
    } else {
        buf_put_be32(out, out_port);
        buf_put_be16(out, 0);                   /* max_len */
        buf_put_zeros(out, 6);
    }
    buf_put(out, data, data_len);
    ofp_msg_finish(out, start);
    return 0;
}

/* Renders the actions of a packet-out in the simple form described in
 * ofp-packet.h. The list was checked by the decoder. */
static void
format_actions_minimal(struct ds *s, struct cursor c, uint8_t version)
{
    bool first = true;

    if (!c.size) {
        ds_put_cstr(s, "drop");
        return;
    }
    while (c.size >= 8) {
        const uint8_t *a = c.data;
        uint16_t type = get_be16(a), len = get_be16(a + 2);

        if (len < 8 || len > c.size) {
            break;
        }
        if (!first) {
            ds_put_char(s, ',');
        }
        first = false;
        if (type == ACTION_OUTPUT && len >= 8) {
            uint32_t port = version == OFP10_VERSION
                            ? ofp_port_from_10(get_be16(a + 4))
                            : get_be32(a + 4);
            if (port < OFPP_MAX) {
                ds_put_format(s, "output:%"PRIu32, port);
            } else {
                ofp_port_no_format(s, port);
            }
        } else {
            ds_put_format(s, "action_type=%u", type);
        }
        cursor_pull(&c, len);
    }
}

void
ofp_packet_out_format(struct ds *s, const struct ofp_packet_out *po,
                      uint8_t version)
{
    ds_put_cstr(s, " in_port=");
    ofp_port_no_format(s, po->in_port);
    ds_put_cstr(s, " actions=");
    format_actions_minimal(s, cursor_make(po->actions, po->actions_len),
                           version);
    if (po->buffer_id == OFP_NO_BUFFER) {
        ds_put_format(s, " data_len=%zu", po->data_len);
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, po->buffer_id);
    }
    ds_put_char(s, '\n');
}
