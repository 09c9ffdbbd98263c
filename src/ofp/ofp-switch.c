/* ofp-switch: see ofp-switch.h. */
#include "ofp/ofp-switch.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/of10.h"
#include "openflow/of13.h"

static uint32_t
get_be32(const void *p_)
{
    be32 x;
    memcpy(&x, p_, 4);
    return ntohl(x);
}

static uint16_t
get_be16(const void *p_)
{
    be16 x;
    memcpy(&x, p_, 2);
    return ntohs(x);
}

/* Appends a hex + ASCII dump of 'data' in the layout ovs-ofctl uses. */
static void
format_hex_dump(struct ds *s, const void *data_, size_t size)
{
    const uint8_t *data = data_;
    size_t ofs, i;

    for (ofs = 0; ofs < size; ofs += 16) {
        size_t n = MIN(size - ofs, (size_t) 16);

        ds_put_format(s, "%08zx  ", ofs);
        for (i = 0; i < 16; i++) {
            if (i < n) {
                ds_put_format(s, "%02x", data[ofs + i]);
            } else {
                ds_put_cstr(s, "  ");
            }
            ds_put_char(s, i == 7 ? '-' : ' ');
        }
        ds_put_char(s, '|');
        for (i = 0; i < 16; i++) {
            uint8_t c = i < n ? data[ofs + i] : ' ';
            ds_put_char(s, isprint(c) ? (char) c : '.');
        }
        ds_put_cstr(s, "|\n");
    }
}

/* HELLO. */

static int
highest_bit(uint32_t x)
{
    return x ? 31 - __builtin_clz(x) : -1;
}

enum ofperr
ofp_hello_encode(uint32_t version_bitmap, uint32_t xid, struct buf *out)
{
    int max = highest_bit(version_bitmap & ~1u);
    struct ofp_header oh;
    size_t start = out->size;

    if (max < 1) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    /* Built by hand: the header may carry a version Kumo does not decode. */
    oh.version = (uint8_t) max;
    oh.type = 0;
    oh.length = 0;
    oh.xid = htonl(xid);
    buf_put(out, &oh, sizeof oh);
    if (max >= OFP13_VERSION) {
        buf_put_be16(out, OFPHET_VERSIONBITMAP);
        buf_put_be16(out, 8);
        buf_put_be32(out, version_bitmap & ~1u);
    }
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_hello_decode(struct ofp_hello *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);

    memset(out, 0, sizeof *out);
    out->version = oh->version;
    if (oh->version < OFP13_VERSION) {
        return 0;
    }
    while (c.size) {
        const uint8_t *eh = cursor_peek(&c, sizeof(struct ofp_hello_elem_header));
        uint16_t type, len;
        const uint8_t *elem;

        if (!eh) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        type = get_be16(eh);
        len = get_be16(eh + 2);
        if (len < sizeof(struct ofp_hello_elem_header) || len > c.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        elem = cursor_pull(&c, len);
        /* The padding to 8 may be missing after the last element. */
        cursor_pull(&c, MIN((size_t) (ROUND_UP(len, 8) - len), c.size));
        if (type == OFPHET_VERSIONBITMAP) {
            if (len < 8 || (len - 4) % 4) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            if (!out->has_bitmap) {
                out->has_bitmap = true;
                out->version_bitmap = get_be32(elem + 4);
            }
        }
    }
    return 0;
}

enum ofp_version
ofp_negotiate_version(uint32_t our_bitmap, const struct ofp_hello *peer)
{
    uint32_t theirs;
    int v;

    if (peer->has_bitmap) {
        theirs = peer->version_bitmap;
    } else if (peer->version >= 31) {
        theirs = UINT32_MAX;
    } else {
        theirs = (2u << peer->version) - 1;
    }
    v = highest_bit(our_bitmap & theirs & ~1u);
    return v < 1 ? 0 : (enum ofp_version) v;
}

void
ofp_hello_format(struct ds *s, const struct ofp_hello *hello)
{
    uint32_t bitmap = hello->version_bitmap;
    bool first = true;
    int v;

    if (!hello->has_bitmap) {
        bitmap = hello->version >= 31 ? UINT32_MAX
                                      : (2u << hello->version) - 1;
    }
    bitmap &= ~1u;
    ds_put_cstr(s, "\n version bitmap: ");
    for (v = 1; v < 32; v++) {
        if (bitmap & (1u << v)) {
            ds_put_format(s, "%s0x%02x", first ? "" : ", ", v);
            first = false;
        }
    }
    if (first) {
        ds_put_cstr(s, "(none)");
    }
    ds_put_char(s, '\n');
}

/* ERROR. */

enum ofperr
ofp_error_encode(const struct ofp_error *err, uint8_t version, uint32_t xid,
                 struct buf *out)
{
    size_t fixed = 4 + (err->type == OFPET_EXPERIMENTER ? 4 : 0);
    size_t start;

    if (!version || version > OFP15_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (err->type == OFPET_EXPERIMENTER && version == OFP10_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (err->data_len > OFP_MAX_MSG_SIZE - sizeof(struct ofp_header) - fixed) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_msg_start(out, version, OFPTYPE_ERROR, xid);
    buf_put_be16(out, err->type);
    buf_put_be16(out, err->code);
    if (err->type == OFPET_EXPERIMENTER) {
        buf_put_be32(out, err->experimenter);
    }
    buf_put(out, err->data, err->data_len);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_error_reply_encode(enum ofperr error, const struct ofp_header *request,
                       size_t request_size, uint8_t version, struct buf *out)
{
    struct ofp_error err;

    memset(&err, 0, sizeof err);
    if (!version || version > OFP15_VERSION) {
        /* No version to answer in: use our best one. */
        version = OFP13_VERSION;
    }
    /* 1.1, 1.2, 1.4 and 1.5 share 1.3's numbering for the errors Kumo
     * sends to peers of those versions (HELLO_FAILED, BAD_REQUEST). */
    ofperr_encode_type_code(error, version == OFP10_VERSION ? OFP10_VERSION
                            : OFP13_VERSION, &err.type, &err.code);
    err.error = error;
    if (request) {
        err.data = request;
        err.data_len = MIN(request_size, (size_t) 64);
    }
    return ofp_error_encode(&err, version, request ? get_be32(&request->xid) : 0,
                            out);
}

enum ofperr
ofp_error_decode(struct ofp_error *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);
    const uint8_t *p = cursor_pull(&c, 4);

    memset(out, 0, sizeof *out);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    out->type = get_be16(p);
    out->code = get_be16(p + 2);
    if (out->type == OFPET_EXPERIMENTER && oh->version >= OFP13_VERSION) {
        p = cursor_pull(&c, 4);
        if (!p) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->experimenter = get_be32(p);
    } else {
        out->error = ofperr_decode_type_code(oh->version, out->type,
                                             out->code);
    }
    out->data = c.data;
    out->data_len = c.size;
    return 0;
}

void
ofp_error_format(struct ds *s, const struct ofp_error *err, uint8_t version)
{
    ds_put_char(s, ' ');
    if (err->error) {
        ds_put_cstr(s, ofperr_get_name(err->error));
    } else if (err->type == OFPET_EXPERIMENTER) {
        ds_put_format(s, "experimenter=0x%08"PRIx32" exp_type=%"PRIu16,
                      err->experimenter, err->code);
    } else {
        const char *tname = ofperr_type_name(version, err->type);
        if (tname) {
            ds_put_format(s, "%s code=%"PRIu16, tname, err->code);
        } else {
            ds_put_format(s, "type=%"PRIu16" code=%"PRIu16, err->type,
                          err->code);
        }
    }
    ds_put_char(s, '\n');
    if (!err->data_len) {
        return;
    }
    if (err->type == 0 && err->error) {
        /* HELLO_FAILED carries ASCII text. */
        const char *text = err->data;
        size_t i;

        for (i = 0; i < err->data_len; i++) {
            ds_put_char(s, isprint((unsigned char) text[i]) ? text[i] : '.');
        }
        ds_put_char(s, '\n');
    } else {
        format_hex_dump(s, err->data, err->data_len);
    }
}

/* ECHO. */

enum ofperr
ofp_echo_encode(bool reply, const void *payload, size_t size,
                uint8_t version, uint32_t xid, struct buf *out)
{
    size_t start;

    if (version != OFP10_VERSION && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (size > OFP_MAX_MSG_SIZE - sizeof(struct ofp_header)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_msg_start(out, version, reply ? OFPTYPE_ECHO_REPLY
                          : OFPTYPE_ECHO_REQUEST, xid);
    buf_put(out, payload, size);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_echo_decode(struct ofp_echo *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);

    out->data = c.data;
    out->data_len = c.size;
    return 0;
}

void
ofp_echo_format(struct ds *s, const struct ofp_echo *echo)
{
    ds_put_format(s, " %zu bytes of payload\n", echo->data_len);
    format_hex_dump(s, echo->data, echo->data_len);
}

enum ofperr
ofp_echo_reply_from_request(const struct ofp_header *request,
                            struct buf *out)
{
    struct ofp_echo echo;

    ofp_echo_decode(&echo, request);
    return ofp_echo_encode(true, echo.data, echo.data_len, request->version,
                           get_be32(&request->xid), out);
}

/* EXPERIMENTER. */

enum ofperr
ofp_experimenter_encode(const struct ofp_experimenter *exp,
                        enum ofp_version version, uint32_t xid,
                        struct buf *out)
{
    size_t fixed = version == OFP10_VERSION ? 4 : 8;
    size_t start;

    if (version != OFP10_VERSION && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (exp->data_len > OFP_MAX_MSG_SIZE - sizeof(struct ofp_header) - fixed) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_msg_start(out, version, OFPTYPE_EXPERIMENTER, xid);
    buf_put_be32(out, exp->experimenter);
    if (version != OFP10_VERSION) {
        buf_put_be32(out, exp->exp_type);
    }
    buf_put(out, exp->data, exp->data_len);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_experimenter_decode(struct ofp_experimenter *out,
                        const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);
    const uint8_t *p;

    memset(out, 0, sizeof *out);
    p = cursor_pull(&c, oh->version == OFP10_VERSION ? 4 : 8);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    out->experimenter = get_be32(p);
    if (oh->version != OFP10_VERSION) {
        out->exp_type = get_be32(p + 4);
    }
    out->data = c.data;
    out->data_len = c.size;
    return 0;
}

void
ofp_experimenter_format(struct ds *s, const struct ofp_experimenter *exp)
{
    ds_put_format(s, " experimenter=0x%08"PRIx32" exp_type=%"PRIu32
                  " (%zu bytes of data)\n", exp->experimenter, exp->exp_type,
                  exp->data_len);
    format_hex_dump(s, exp->data, exp->data_len);
}

/* FEATURES. */

enum ofperr
ofp_empty_msg_encode(enum ofptype type, enum ofp_version version,
                     uint32_t xid, struct buf *out)
{
    size_t start;

    if (!ofptype_exists(type, version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, type, xid);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_features_request_encode(enum ofp_version version, uint32_t xid,
                            struct buf *out)
{
    return ofp_empty_msg_encode(OFPTYPE_FEATURES_REQUEST, version, xid, out);
}

enum ofperr
ofp_switch_features_encode(const struct ofp_switch_features *sf,
                           enum ofp_version version, uint32_t xid,
                           struct buf *out)
{
    size_t start, i;

    if (version == OFP10_VERSION) {
        struct ofp10_switch_features *w;

        if (sf->n_ports > (OFP_MAX_MSG_SIZE - 32)
                          / sizeof(struct ofp10_phy_port)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        start = ofp_msg_start(out, version, OFPTYPE_FEATURES_REPLY, xid);
        w = buf_put_zeros(out, sizeof *w);
        w->datapath_id = htonll(sf->datapath_id);
        w->n_buffers = htonl(sf->n_buffers);
        w->n_tables = sf->n_tables;
        w->capabilities = htonl(sf->capabilities);
        w->actions = htonl(sf->actions);
        for (i = 0; i < sf->n_ports; i++) {
            enum ofperr error = ofp_port_put(&sf->ports[i], version, out);
            if (error) {
                buf_truncate(out, start);
                return error;
            }
        }
    } else if (version == OFP13_VERSION) {
        struct ofp13_switch_features *w;

        if (sf->n_ports) {
            return OFPERR_OFPBRC_BAD_VERSION;
        }
        start = ofp_msg_start(out, version, OFPTYPE_FEATURES_REPLY, xid);
        w = buf_put_zeros(out, sizeof *w);
        w->datapath_id = htonll(sf->datapath_id);
        w->n_buffers = htonl(sf->n_buffers);
        w->n_tables = sf->n_tables;
        w->auxiliary_id = sf->auxiliary_id;
        w->capabilities = htonl(sf->capabilities);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_switch_features_decode(struct ofp_switch_features *out,
                           const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);

    memset(out, 0, sizeof *out);
    out->port_list.version = (enum ofp_version) oh->version;
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_switch_features *w = cursor_pull(&c, sizeof *w);

        if (!w || c.size % sizeof(struct ofp10_phy_port)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->datapath_id = ntohll(w->datapath_id);
        out->n_buffers = ntohl(w->n_buffers);
        out->n_tables = w->n_tables;
        out->capabilities = ntohl(w->capabilities);
        out->actions = ntohl(w->actions);
        out->port_list.ports = c;
        out->port_list.n_ports = c.size / sizeof(struct ofp10_phy_port);
        out->n_ports = out->port_list.n_ports;
    } else if (oh->version == OFP13_VERSION) {
        const struct ofp13_switch_features *w = cursor_pull(&c, sizeof *w);

        if (!w || c.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->datapath_id = ntohll(w->datapath_id);
        out->n_buffers = ntohl(w->n_buffers);
        out->n_tables = w->n_tables;
        out->auxiliary_id = w->auxiliary_id;
        out->capabilities = ntohl(w->capabilities);
        out->port_list.ports = c;
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    return 0;
}

static void
format_names(struct ds *s, uint32_t bits, const char *const names[],
             size_t n_names)
{
    size_t i;

    for (i = 0; i < 32; i++) {
        if (bits & (1u << i)) {
            if (i < n_names && names[i]) {
                ds_put_format(s, " %s", names[i]);
            } else {
                ds_put_format(s, " 0x%"PRIx32, 1u << i);
            }
        }
    }
}

void
ofp_switch_features_format(struct ds *s, const struct ofp_switch_features *sf,
                           uint8_t version)
{
    static const char *const caps10[] = {
        "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "STP", NULL, "IP_REASM",
        "QUEUE_STATS", "ARP_MATCH_IP",
    };
    static const char *const caps13[] = {
        "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", NULL,
        "IP_REASM", "QUEUE_STATS", NULL, "PORT_BLOCKED",
    };
    static const char *const actions10[] = {
        "output", "set_vlan_vid", "set_vlan_pcp", "strip_vlan", "mod_dl_src",
        "mod_dl_dst", "mod_nw_src", "mod_nw_dst", "mod_nw_tos", "mod_tp_src",
        "mod_tp_dst", "enqueue",
    };
    struct cursor c = sf->port_list.ports;
    struct ofp_port port;

    ds_put_format(s, " dpid:%016"PRIx64"\n", sf->datapath_id);
    ds_put_format(s, "n_tables:%u, n_buffers:%"PRIu32, sf->n_tables,
                  sf->n_buffers);
    if (version != OFP10_VERSION && sf->auxiliary_id) {
        ds_put_format(s, ", auxiliary_id:%u", sf->auxiliary_id);
    }
    ds_put_cstr(s, "\ncapabilities:");
    if (version == OFP10_VERSION) {
        format_names(s, sf->capabilities, caps10, ARRAY_SIZE(caps10));
        ds_put_cstr(s, "\nactions:");
        format_names(s, sf->actions, actions10, ARRAY_SIZE(actions10));
    } else {
        format_names(s, sf->capabilities, caps13, ARRAY_SIZE(caps13));
    }
    ds_put_char(s, '\n');
    while (ofp_port_next(&c, sf->port_list.version, &port) == 0) {
        ds_put_char(s, ' ');
        ofp_port_format(s, &port);
    }
}

/* CONFIG. */

enum ofperr
ofp_get_config_request_encode(enum ofp_version version, uint32_t xid,
                              struct buf *out)
{
    return ofp_empty_msg_encode(OFPTYPE_GET_CONFIG_REQUEST, version, xid, out);
}

enum ofperr
ofp_switch_config_encode(const struct ofp_switch_config *cfg, bool reply,
                         enum ofp_version version, uint32_t xid,
                         struct buf *out)
{
    size_t start;

    if (version != OFP10_VERSION && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, reply ? OFPTYPE_GET_CONFIG_REPLY
                          : OFPTYPE_SET_CONFIG, xid);
    buf_put_be16(out, cfg->flags);
    buf_put_be16(out, cfg->miss_send_len);
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_switch_config_decode(struct ofp_switch_config *out,
                         const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);
    const uint8_t *p = cursor_pull(&c, 4);

    if (!p || c.size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    out->flags = get_be16(p);
    out->miss_send_len = get_be16(p + 2);
    return 0;
}

void
ofp_switch_config_format(struct ds *s, const struct ofp_switch_config *cfg)
{
    static const char *const frags[] = { "normal", "drop", "reassemble",
                                         "nx-match" };
    uint16_t extra = cfg->flags & (uint16_t) ~OFPC_FRAG_MASK;

    ds_put_format(s, " frags=%s", frags[cfg->flags & OFPC_FRAG_MASK]);
    if (extra) {
        ds_put_format(s, " flags=0x%"PRIx16, extra);
    }
    ds_put_format(s, " miss_send_len=%"PRIu16"\n", cfg->miss_send_len);
}

/* BARRIER. */

enum ofperr
ofp_barrier_request_encode(enum ofp_version version, uint32_t xid,
                           struct buf *out)
{
    return ofp_empty_msg_encode(OFPTYPE_BARRIER_REQUEST, version, xid, out);
}

enum ofperr
ofp_barrier_reply_encode(enum ofp_version version, uint32_t xid,
                         struct buf *out)
{
    return ofp_empty_msg_encode(OFPTYPE_BARRIER_REPLY, version, xid, out);
}
