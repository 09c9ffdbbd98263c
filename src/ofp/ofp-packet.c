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
