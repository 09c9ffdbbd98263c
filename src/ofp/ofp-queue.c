/* ofp-queue: see ofp-queue.h. */
#include "ofp/ofp-queue.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-meter.h"


/* 1.0 values of the reserved ports queue messages use. */
#define PORT10_MAX 0xff00u
#define PORT10_ALL 0xfffcu

static bool
version_ok(enum ofp_version version)
{
    return version == OFP10_VERSION || version == OFP13_VERSION;
}

/* Narrows 'port' for 1.0 into '*port10'; false if it has no 1.0 form. */
static bool
port_to_10(uint32_t port, uint16_t *port10)
{
    *port10 = ofp_port_to_10(port);
    return ofp_port_is_valid_10(port);
}

void
ofp_queue_format_port(struct ds *s, uint32_t port)
{
    ofp_port_no_format(s, port);
}

/* ---- QUEUE_GET_CONFIG ---- */

enum ofperr
ofp_queue_get_config_request_encode(
    const struct ofp_queue_get_config_request *rq, enum ofp_version version,
    uint32_t xid, struct buf *out)
{
    size_t start;

    if (version == OFP10_VERSION) {
        struct ofp10_queue_get_config_request *o;

        if (rq->port >= PORT10_MAX) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
        start = ofp_msg_start(out, version,
                                        OFPTYPE_QUEUE_GET_CONFIG_REQUEST, xid);
        o = buf_put_zeros(out, sizeof *o);
        o->port = htons((uint16_t) rq->port);
    } else if (version == OFP13_VERSION) {
        struct ofp13_queue_get_config_request *o;

        if (rq->port > OFPP_MAX && rq->port != OFPP_ANY) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
        start = ofp_msg_start(out, version,
                                        OFPTYPE_QUEUE_GET_CONFIG_REQUEST, xid);
        o = buf_put_zeros(out, sizeof *o);
        o->port = htonl(rq->port);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    return ofp_multipart_msg_end(out, start);
}

enum ofperr
ofp_queue_get_config_request_decode(struct ofp_queue_get_config_request *rq,
                                    const struct ofp_header *oh)
{
    enum ofperr error;

    if (oh->version == OFP10_VERSION) {
        const struct ofp10_queue_get_config_request *o;

        error = ofp_multipart_check_msg(oh, OFPTYPE_QUEUE_GET_CONFIG_REQUEST, sizeof *oh + sizeof *o, true);
        if (error) {
            return error;
        }
        o = (const void *) (oh + 1);
        rq->port = ntohs(o->port);
        if (rq->port >= PORT10_MAX) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
    } else {
        const struct ofp13_queue_get_config_request *o;

        error = ofp_multipart_check_msg(oh, OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
                                        sizeof *oh + sizeof *o, true);
        if (error) {
            return error;
        }
        o = (const void *) (oh + 1);
        rq->port = ntohl(o->port);
        if (rq->port > OFPP_MAX && rq->port != OFPP_ANY) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
    }
    return 0;
}

void
ofp_queue_get_config_request_format(
    struct ds *s, const struct ofp_queue_get_config_request *rq)
{
    ds_put_cstr(s, " port=");
    ofp_queue_format_port(s, rq->port);
}

enum ofperr
ofp_queue_get_config_reply_decode(struct ofp_mp_iter *iter, uint32_t *port,
                                  const struct ofp_header *oh)
{
    const uint8_t *body = (const uint8_t *) (oh + 1);
    size_t hdr = sizeof *oh + sizeof(struct ofp10_queue_get_config_reply);
    enum ofperr error;

    error = ofp_multipart_check_msg(oh, OFPTYPE_QUEUE_GET_CONFIG_REPLY, hdr,
                                    false);
    if (error) {
        return error;
    }
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_queue_get_config_reply *o = (const void *) body;
        *port = ofp_port_from_10(ntohs(o->port));
    } else {
        const struct ofp13_queue_get_config_reply *o = (const void *) body;
        *port = ntohl(o->port);
    }
    ofp_mp_iter_init(iter, oh->version, body + 8, ntohs(oh->length) - hdr);
    /* Remember the reply's port for 1.0 queues, which carry none. */
    iter->aux = *port;
    return 0;
}

/* Checks the 'size' bytes of 1.3 experimenter properties at 'p': each one
 * an OFPQT13_EXPERIMENTER of at least 16 bytes, a multiple of 8. */
static bool
exp_props_ok(const uint8_t *p, size_t size)
{
    while (size) {
        const struct ofp_queue_prop_header *ph = (const void *) p;
        size_t len;

        if (size < sizeof(struct ofp13_queue_prop_experimenter)) {
            return false;
        }
        len = ntohs(ph->len);
        if (ntohs(ph->property) != OFPQT13_EXPERIMENTER
            || len < sizeof(struct ofp13_queue_prop_experimenter)
            || len > size || len % 8) {
            return false;
        }
        p += len;
        size -= len;
    }
    return true;
}

int
ofp_queue_config_next(struct ofp_mp_iter *iter, struct ofp_queue_config *qc)
{
    struct cursor entry, props;
    const uint8_t *exp_end = NULL;
    int error;

    memset(qc, 0, sizeof *qc);
    if (iter->version == OFP10_VERSION) {
        const struct ofp10_packet_queue *o;

        error = ofp_mp_iter_pull_var(iter, sizeof *o, 4, false,
                                     OFPERR_OFPBRC_BAD_LEN, &entry);
        if (error) {
            return error;
        }
        o = (const void *) entry.data;
        qc->queue_id = ntohl(o->queue_id);
        qc->port = iter->aux;
        props = cursor_make(entry.data + sizeof *o, entry.size - sizeof *o);
    } else {
        const struct ofp13_packet_queue *o;

        error = ofp_mp_iter_pull_var(iter, sizeof *o, 8, false,
                                     OFPERR_OFPBRC_BAD_LEN, &entry);
        if (error) {
            return error;
        }
        o = (const void *) entry.data;
        qc->queue_id = ntohl(o->queue_id);
        qc->port = ntohl(o->port);
        props = cursor_make(entry.data + sizeof *o, entry.size - sizeof *o);
    }

    while (props.size) {
        const struct ofp_queue_prop_header *ph;
        uint16_t type;
        size_t len;

        ph = cursor_peek(&props, sizeof *ph);
        if (!ph) {
            goto bad_len;
        }
        type = ntohs(ph->property);
        len = ntohs(ph->len);
        if (len < sizeof *ph || len > props.size || len % 8) {
            goto bad_len;
        }
        if (type == OFPQT_MIN_RATE
            || (type == OFPQT13_MAX_RATE && iter->version != OFP10_VERSION)) {
            const struct ofp_queue_prop_rate *r = (const void *) ph;

            if (len != sizeof *r) {
                goto bad_len;
            }
            if (type == OFPQT_MIN_RATE) {
                qc->has_min_rate = true;
                qc->min_rate = ntohs(r->rate);
            } else {
                qc->has_max_rate = true;
                qc->max_rate = ntohs(r->rate);
            }
        } else if (type == OFPQT13_EXPERIMENTER
                   && iter->version != OFP10_VERSION) {
            if (len < sizeof(struct ofp13_queue_prop_experimenter)) {
                goto bad_len;
            }
            /* Keep the run of experimenter properties as raw bytes; a run
             * split by other properties keeps only its first part. */
            if (!qc->exp_props) {
                qc->exp_props = props.data;
                exp_end = props.data + len;
            } else if (exp_end == props.data) {
                exp_end += len;
            }
            qc->exp_props_size = (size_t) (exp_end - qc->exp_props);
        }
        /* OFPQT10_NONE and unknown properties: skipped. */
        cursor_pull(&props, len);
    }
    return 0;

bad_len:
    iter->body.size = 0;
    return OFPERR_OFPBRC_BAD_LEN;
}

static void
put_rate_prop(struct buf *out, uint16_t type, uint16_t rate)
{
    struct ofp_queue_prop_rate *r = buf_put_zeros(out, sizeof *r);

    r->prop_header.property = htons(type);
    r->prop_header.len = htons(sizeof *r);
    r->rate = htons(rate);
}

enum ofperr
ofp_queue_get_config_reply_encode(uint32_t port,
                                  const struct ofp_queue_config *qc, size_t n,
                                  enum ofp_version version, uint32_t xid,
                                  struct buf *out)
{
    size_t start, i;
    uint16_t port10 = 0;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (version == OFP10_VERSION && !port_to_10(port, &port10)) {
        return OFPERR_OFPQOFC_BAD_PORT;
    }
    for (i = 0; i < n; i++) {
        if (version == OFP10_VERSION
            && (qc[i].has_max_rate || qc[i].exp_props_size)) {
            return OFPERR_OFPBRC_BAD_VERSION;
        }
        if (qc[i].exp_props_size > 4096
            || !exp_props_ok(qc[i].exp_props, qc[i].exp_props_size)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }

    start = ofp_msg_start(out, version,
                                    version == OFP10_VERSION
                                    ? OFPTYPE_QUEUE_GET_CONFIG_REPLY
                                    : OFPTYPE_QUEUE_GET_CONFIG_REPLY, xid);
    if (version == OFP10_VERSION) {
        struct ofp10_queue_get_config_reply *o = buf_put_zeros(out, sizeof *o);
        o->port = htons(port10);
    } else {
        struct ofp13_queue_get_config_reply *o = buf_put_zeros(out, sizeof *o);
        o->port = htonl(port);
    }
    for (i = 0; i < n; i++) {
        size_t ofs = out->size;

        if (version == OFP10_VERSION) {
            struct ofp10_packet_queue *o = buf_put_zeros(out, sizeof *o);
            o->queue_id = htonl(qc[i].queue_id);
        } else {
            struct ofp13_packet_queue *o = buf_put_zeros(out, sizeof *o);
            o->queue_id = htonl(qc[i].queue_id);
            o->port = htonl(qc[i].port);
        }
        if (qc[i].has_min_rate) {
            put_rate_prop(out, OFPQT_MIN_RATE, qc[i].min_rate);
        }
        if (qc[i].has_max_rate) {
            put_rate_prop(out, OFPQT13_MAX_RATE, qc[i].max_rate);
        }
        buf_put(out, qc[i].exp_props, qc[i].exp_props_size);
        if (out->size - start > UINT16_MAX) {
            buf_truncate(out, start);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        /* 'len' sits at byte 4 (1.0) or 8 (1.3) of the queue. */
        {
            uint8_t *len = buf_at(out, ofs + (version == OFP10_VERSION
                                              ? 4 : 8), 2);
            size_t qlen = out->size - ofs;

            len[0] = (uint8_t) (qlen >> 8);
            len[1] = (uint8_t) qlen;
        }
    }
    return ofp_multipart_msg_end(out, start);
}

static void
format_rate(struct ds *s, const char *name, uint16_t rate)
{
    if (rate > OFPQ_RATE_MAX) {
        ds_put_format(s, " %s:(disabled)", name);
    } else {
        ds_put_format(s, " %s:%u.%u%%", name, rate / 10, rate % 10);
    }
}

void
ofp_queue_config_format(struct ds *s, const struct ofp_queue_config *qc)
{
    ds_put_format(s, "\nqueue %"PRIu32":", qc->queue_id);
    if (qc->has_min_rate) {
        format_rate(s, "min_rate", qc->min_rate);
    }
    if (qc->has_max_rate) {
        format_rate(s, "max_rate", qc->max_rate);
    }
    if (qc->exp_props_size) {
        ds_put_cstr(s, " experimenter:");
        ds_put_hex(s, qc->exp_props, qc->exp_props_size);
    }
}

enum ofperr
ofp_queue_get_config_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_queue_config qc;
    struct ofp_mp_iter iter;
    uint32_t port;
    int error;

    error = ofp_queue_get_config_reply_decode(&iter, &port, oh);
    if (error) {
        return error;
    }
    ds_put_cstr(s, " port=");
    ofp_queue_format_port(s, port);
    while (!(error = ofp_queue_config_next(&iter, &qc))) {
        ofp_queue_config_format(s, &qc);
    }
    return error == EOF ? 0 : error;
}

/* ---- Queue statistics ---- */

enum ofperr
ofp_queue_stats_request_encode(const struct ofp_queue_stats_request *rq,
                               enum ofp_version version, uint32_t xid,
                               struct buf *out)
{
    size_t start;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (version == OFP10_VERSION) {
        struct ofp10_queue_stats_request *o;
        uint16_t port10;

        if (rq->port_no == OFPP_ANY) {
            port10 = PORT10_ALL;
        } else if (!port_to_10(rq->port_no, &port10)) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
        start = ofp_mp_start(out, version, false, OFPMP_QUEUE, 0,
                                    xid);
        o = buf_put_zeros(out, sizeof *o);
        o->port_no = htons(port10);
        o->queue_id = htonl(rq->queue_id);
    } else {
        struct ofp13_queue_stats_request *o;

        start = ofp_mp_start(out, version, false, OFPMP_QUEUE, 0,
                                    xid);
        o = buf_put_zeros(out, sizeof *o);
        o->port_no = htonl(rq->port_no);
        o->queue_id = htonl(rq->queue_id);
    }
    return ofp_multipart_msg_end(out, start);
}

enum ofperr
ofp_queue_stats_request_decode(struct ofp_queue_stats_request *rq,
                               const struct ofp_header *oh)
{
    struct ofp_mp_iter iter;
    enum ofperr error;

    error = ofp_mp_iter_init_msg(&iter, oh, false, OFPMP_QUEUE);
    if (error) {
        return error;
    }
    /* Both versions' request bodies are 8 bytes. */
    if (iter.body.size != sizeof(struct ofp13_queue_stats_request)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_queue_stats_request *o = (const void *)
                                                    iter.body.data;
        uint16_t port10 = ntohs(o->port_no);

        rq->port_no = port10 == PORT10_ALL ? OFPP_ANY : ofp_port_from_10(port10);
        rq->queue_id = ntohl(o->queue_id);
    } else {
        const struct ofp13_queue_stats_request *o = (const void *)
                                                    iter.body.data;
        rq->port_no = ntohl(o->port_no);
        rq->queue_id = ntohl(o->queue_id);
    }
    return 0;
}

static void
format_queue_id(struct ds *s, uint32_t queue_id)
{
    if (queue_id == OFPQ_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%"PRIu32, queue_id);
    }
}

void
ofp_queue_stats_request_format(struct ds *s,
                               const struct ofp_queue_stats_request *rq)
{
    ds_put_cstr(s, " port=");
    ofp_queue_format_port(s, rq->port_no);
    ds_put_cstr(s, " queue=");
    format_queue_id(s, rq->queue_id);
}

enum ofperr
ofp_queue_stats_reply_decode(struct ofp_mp_iter *iter,
                             const struct ofp_header *oh)
{
    return ofp_mp_iter_init_msg(iter, oh, true, OFPMP_QUEUE);
}

int
ofp_queue_stats_next(struct ofp_mp_iter *iter, struct ofp_queue_stats *qs)
{
    const void *p;
    int error;

    memset(qs, 0, sizeof *qs);
    if (iter->version == OFP10_VERSION) {
        const struct ofp10_queue_stats *o;

        error = ofp_mp_iter_pull_fixed(iter, sizeof *o, &p);
        if (error) {
            return error;
        }
        o = p;
        qs->port_no = ofp_port_from_10(ntohs(o->port_no));
        qs->queue_id = ntohl(o->queue_id);
        qs->tx_bytes = ntohll(o->tx_bytes);
        qs->tx_packets = ntohll(o->tx_packets);
        qs->tx_errors = ntohll(o->tx_errors);
        qs->duration_sec = qs->duration_nsec = UINT32_MAX;
    } else {
        const struct ofp13_queue_stats *o;

        error = ofp_mp_iter_pull_fixed(iter, sizeof *o, &p);
        if (error) {
            return error;
        }
        o = p;
        qs->port_no = ntohl(o->port_no);
        qs->queue_id = ntohl(o->queue_id);
        qs->tx_bytes = ntohll(o->tx_bytes);
        qs->tx_packets = ntohll(o->tx_packets);
        qs->tx_errors = ntohll(o->tx_errors);
        qs->duration_sec = ntohl(o->duration_sec);
        qs->duration_nsec = ntohl(o->duration_nsec);
    }
    return 0;
}

enum ofperr
ofp_queue_stats_reply_encode(const struct ofp_queue_stats *qs, size_t n,
                             enum ofp_version version, uint32_t xid,
                             struct buf *out)
{
    size_t start, i;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_QUEUE, 0, xid);
    for (i = 0; i < n; i++) {
        if (version == OFP10_VERSION) {
            struct ofp10_queue_stats *o;
            uint16_t port10;

            if (!port_to_10(qs[i].port_no, &port10)) {
                buf_truncate(out, start);
                return OFPERR_OFPQOFC_BAD_PORT;
            }
            o = buf_put_zeros(out, sizeof *o);
            o->port_no = htons(port10);
            o->queue_id = htonl(qs[i].queue_id);
            o->tx_bytes = htonll(qs[i].tx_bytes);
            o->tx_packets = htonll(qs[i].tx_packets);
            o->tx_errors = htonll(qs[i].tx_errors);
        } else {
            struct ofp13_queue_stats *o = buf_put_zeros(out, sizeof *o);

            o->port_no = htonl(qs[i].port_no);
            o->queue_id = htonl(qs[i].queue_id);
            o->tx_bytes = htonll(qs[i].tx_bytes);
            o->tx_packets = htonll(qs[i].tx_packets);
            o->tx_errors = htonll(qs[i].tx_errors);
            o->duration_sec = htonl(qs[i].duration_sec);
            o->duration_nsec = htonl(qs[i].duration_nsec);
        }
    }
    return ofp_multipart_msg_end(out, start);
}

void
ofp_queue_stats_format(struct ds *s, const struct ofp_queue_stats *qs)
{
    ds_put_cstr(s, "\n  port ");
    ofp_queue_format_port(s, qs->port_no);
    ds_put_cstr(s, " queue ");
    format_queue_id(s, qs->queue_id);
    ds_put_format(s, ": bytes=%"PRIu64", pkts=%"PRIu64", errors=%"PRIu64
                  ", duration=", qs->tx_bytes, qs->tx_packets,
                  qs->tx_errors);
    if (qs->duration_sec == UINT32_MAX) {
        ds_put_char(s, '?');
    } else {
        ofp_meter_format_duration(s, qs->duration_sec, qs->duration_nsec);
    }
}

enum ofperr
ofp_queue_stats_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_queue_stats qs;
    struct ofp_mp_iter iter, count;
    size_t n = 0;
    int error;

    error = ofp_queue_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    count = iter;
    while (!ofp_queue_stats_next(&count, &qs)) {
        n++;
    }
    ds_put_format(s, " %zu queues", n);
    while (!(error = ofp_queue_stats_next(&iter, &qs))) {
        ofp_queue_stats_format(s, &qs);
    }
    return error == EOF ? 0 : error;
}
