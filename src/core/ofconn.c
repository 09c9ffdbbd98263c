/* ofconn: see ofconn.h. */
#include "core/ofconn.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-switch.h"

LOG_MODULE(ofconn);

static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);

#define OFCONN_MAX_MPS 8        /* Untracked reassemblies at once. */

void
ofconn_options_init(struct ofconn_options *o)
{
    o->version_bitmap = OFP_SUPPORTED_VERSIONS;
    o->echo_interval_ms = 5000;
    o->echo_misses = 3;
    o->handshake_timeout_ms = 10000;
    o->miss_send_len = 128;
    o->max_multipart_bytes = 16 * 1024 * 1024;
}

uint32_t
ofconn_next_xid(struct ofconn *c)
{
    uint32_t xid = c->next_xid++;
    if (!c->next_xid) {
        c->next_xid = 1;        /* Skip 0: some peers treat it specially. */
    }
    return xid;
}

void
ofconn_init(struct ofconn *c, const struct ofconn_options *opts,
            struct ofswitch_counters *counters, int64_t now, struct buf *out)
{
    memset(c, 0, sizeof *c);
    c->opts = *opts;
    c->state = OFCONN_HELLO;
    c->next_xid = 1;
    c->created = c->last_rx = now;
    c->counters = counters;
    buf_init(&c->done_body, 0);
    ofp_hello_encode(opts->version_bitmap, ofconn_next_xid(c), out);
}

void
ofconn_uninit(struct ofconn *c)
{
    size_t i;

    for (i = 0; i < c->n_requests; i++) {
        buf_uninit(&c->requests[i].body);
    }
    for (i = 0; i < c->n_mps; i++) {
        buf_uninit(&c->mps[i].body);
    }
    free(c->requests);
    free(c->mps);
    free(c->ports);
    buf_uninit(&c->done_body);
    memset(c, 0, sizeof *c);
}

int
ofconn_frame(const uint8_t *data, size_t size, size_t *len)
{
    size_t l;

    if (size < sizeof(struct ofp_header)) {
        return EAGAIN;
    }
    l = ((size_t) data[2] << 8) | data[3];
    if (l < sizeof(struct ofp_header)) {
        return EPROTO;
    }
    if (l > size) {
        return EAGAIN;
    }
    *len = l;
    return 0;
}

/* The version to use for an ERROR before negotiation. */
static uint8_t
error_version(const struct ofconn *c, const struct ofp_header *oh)
{
    if (c->version) {
        return c->version;
    }
    return oh->version >= OFP13_VERSION ? OFP13_VERSION : OFP10_VERSION;
}

static void
send_error(struct ofconn *c, enum ofperr error, const struct ofp_header *oh,
           size_t len, struct buf *out, struct ofconn_event *ev)
{
    ofp_error_reply_encode(error, oh, len, error_version(c, oh), out);
    if (c->counters) {
        c->counters->errors_tx++;
    }
    ev->decode_error = true;
}

static void
close_conn(struct ofconn *c, struct ofconn_event *ev, const char *reason)
{
    c->state = OFCONN_CLOSED;
    ev->type = OFCONN_EV_CLOSE;
    ev->reason = reason;
}

static void
port_from_ofp(struct ofswitch_port *dst, const struct ofp_port *src)
{
    dst->port_no = src->port_no;
    dst->hw_addr = src->hw_addr;
    memcpy(dst->name, src->name, sizeof dst->name);
    dst->name[sizeof dst->name - 1] = '\0';
    dst->config = src->config;
    dst->state = src->state;
    dst->curr = src->curr;
    dst->advertised = src->advertised;
    dst->supported = src->supported;
    dst->peer = src->peer;
    dst->curr_speed = src->curr_speed;
    dst->max_speed = src->max_speed;
}

/* Binary search: index of 'port_no' or of where it would go. */
static size_t
port_index(const struct ofconn *c, uint32_t port_no, bool *found)
{
    size_t lo = 0, hi = c->n_ports;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->ports[mid].port_no < port_no) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = lo < c->n_ports && c->ports[lo].port_no == port_no;
    return lo;
}

const struct ofswitch_port *
ofconn_find_port(const struct ofconn *c, uint32_t port_no)
{
    bool found;
    size_t i = port_index(c, port_no, &found);
    return found ? &c->ports[i] : NULL;
}

static void
port_upsert(struct ofconn *c, const struct ofp_port *p)
{
    bool found;
    size_t i = port_index(c, p->port_no, &found);

    if (!found) {
        if (c->n_ports >= c->allocated_ports) {
            c->allocated_ports = c->allocated_ports ? 2 * c->allocated_ports
                                                    : 8;
            c->ports = xrealloc(c->ports,
                                c->allocated_ports * sizeof *c->ports);
        }
        memmove(&c->ports[i + 1], &c->ports[i],
                (c->n_ports - i) * sizeof *c->ports);
        c->n_ports++;
    }
    port_from_ofp(&c->ports[i], p);
}

static void
port_delete(struct ofconn *c, uint32_t port_no)
{
    bool found;
    size_t i = port_index(c, port_no, &found);

    if (found) {
        memmove(&c->ports[i], &c->ports[i + 1],
                (c->n_ports - i - 1) * sizeof *c->ports);
        c->n_ports--;
    }
}

/* Adds every port of 'list' (1.0 features reply or port desc reply). */
static enum ofperr
ports_add_list(struct ofconn *c, const struct ofp_port_list *list)
{
    struct cursor cur = list->ports;
    struct ofp_port p;
    int error;

    while ((error = ofp_port_next(&cur, list->version, &p)) == 0) {
        port_upsert(c, &p);
    }
    return error == EOF ? 0 : (enum ofperr) error;
}

static struct ofconn_request *
find_request(struct ofconn *c, uint32_t xid)
{
    size_t i;

    for (i = 0; i < c->n_requests; i++) {
        if (c->requests[i].xid == xid) {
            return &c->requests[i];
        }
    }
    return NULL;
}

/* Removes request 'r' and reports it in 'ev' with 'error'.  A multipart
 * body moves to done_body so that it outlives the removal. */
static void
finish_request(struct ofconn *c, struct ofconn_request *r, int error,
               const struct ofp_header *oh, struct ofconn_event *ev)
{
    ev->type = OFCONN_EV_REPLY;
    ev->cb = r->cb;
    ev->aux = r->aux;
    ev->xid = r->xid;
    ev->reply.error = error;
    ev->reply.msg = oh;
    ev->reply.body = NULL;
    ev->reply.body_size = 0;
    buf_uninit(&c->done_body);
    c->done_body = r->body;
    if (r->multipart && !error) {
        ev->reply.body = c->done_body.data;
        ev->reply.body_size = c->done_body.size;
    }
    *r = c->requests[--c->n_requests];
}

uint32_t
ofconn_track(struct ofconn *c, struct buf *out, size_t ofs, int64_t now,
             int timeout_ms, ofswitch_reply_cb *cb, void *aux)
{
    struct ofp_header *oh = buf_at(out, ofs, sizeof *oh);
    struct ofconn_request *r;
    uint32_t xid = ofconn_next_xid(c);

    oh->xid = htonl(xid);
    if (c->n_requests >= c->allocated_requests) {
        c->allocated_requests = c->allocated_requests
                                ? 2 * c->allocated_requests : 4;
        c->requests = xrealloc(c->requests,
                               c->allocated_requests * sizeof *c->requests);
    }
    r = &c->requests[c->n_requests++];
    r->xid = xid;
    r->deadline = now + (timeout_ms > 0 ? timeout_ms : 1);
    r->cb = cb;
    r->aux = aux;
    r->multipart = false;
    buf_init(&r->body, 0);
    return xid;
}

bool
ofconn_take_request(struct ofconn *c, ofswitch_reply_cb **cb, void **aux)
{
    struct ofconn_request *r;

    if (!c->n_requests) {
        return false;
    }
    r = &c->requests[--c->n_requests];
    *cb = r->cb;
    *aux = r->aux;
    buf_uninit(&r->body);
    return true;
}

/* Appends a multipart part's body to 'b', bounded. */
static bool
append_bounded(const struct ofconn *c, struct buf *b, const struct cursor *body)
{
    if (body->size > c->opts.max_multipart_bytes - MIN(b->size,
                                           c->opts.max_multipart_bytes)) {
        return false;
    }
    buf_put(b, body->data, body->size);
    return true;
}

bool
ofconn_check_header(struct ofconn *c, const struct ofp_header *oh,
                    size_t size, struct buf *out, struct ofconn_event *ev)
{
    size_t len = MIN(size, (size_t) ntohs(oh->length));

    ev->type = OFCONN_EV_NONE;
    ev->decode_error = false;
    ev->framing_error = false;
    ev->hello_failed = false;
    ev->dead_peer = false;
    if (c->state == OFCONN_CLOSED) {
        return false;
    }
    if (c->state == OFCONN_HELLO) {
        if (oh->version == 0 || oh->version > 0x7f) {
            ev->framing_error = true;
            close_conn(c, ev, "bad version before hello");
            return false;
        }
        if (oh->type != 0 /* OFPT_HELLO in every version */) {
            send_error(c, OFPERR_OFPHFC_EPERM, oh, len, out, ev);
            close_conn(c, ev, "first message is not a hello");
            return false;
        }
        return true;
    }
    if (oh->version != c->version) {
        /* Open vSwitch does the same: once a header lies about the
         * version, its length cannot be trusted to find the next one. */
        send_error(c, OFPERR_OFPBRC_BAD_VERSION, oh, len, out, ev);
        ev->framing_error = true;
        close_conn(c, ev, "message with the wrong OpenFlow version");
        return false;
    }
    return true;
}

/* The codec ignores the body of a pre-1.3 hello (those versions define
 * none); a body that is there must still be well-formed elements, so that
 * garbage is refused the same way whatever version the peer claims. */
static enum ofperr
check_hello_elements(const struct ofp_header *oh, size_t len)
{
    const uint8_t *p = (const uint8_t *) oh + sizeof *oh;
    size_t left = len - sizeof *oh;

    while (left >= 4) {
        size_t elen = ((size_t) p[2] << 8) | p[3];
        size_t padded = ROUND_UP(elen, 8);
        if (elen < 4 || elen > left) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        padded = MIN(padded, left);
        p += padded;
        left -= padded;
    }
    return left ? OFPERR_OFPBRC_BAD_LEN : 0;
}

static void
handle_hello(struct ofconn *c, const struct ofp_header *oh, size_t len,
             struct buf *out, struct ofconn_event *ev)
{
    struct ofp_hello hello;
    enum ofp_version v;
    enum ofptype type;
    enum ofperr error;

    if (!ofconn_check_header(c, oh, len, out, ev)) {
        return;
    }
    error = ofp_msg_decode_type(oh, len, &type);
    if (!error) {
        error = ofp_hello_decode(&hello, oh);
    }
    if (!error && oh->version < OFP13_VERSION) {
        error = check_hello_elements(oh, len);
    }
    if (error) {
        send_error(c, error, oh, len, out, ev);
        ev->hello_failed = true;
        close_conn(c, ev, "malformed hello");
        return;
    }
    if (hello.has_bitmap) {
        v = ofp_negotiate_version(c->opts.version_bitmap, &hello);
    } else {
        /* OpenFlow 1.3.5 section 6.3.1: without a bitmap the version is the
         * smaller of the two header versions, and it must be one we
         * speak.  (Open vSwitch is laxer and would fall back to any lower
         * version we share; a 1.1-only peer would then be offered 1.0.) */
        int ours = 31;
        while (ours > 0 && !(c->opts.version_bitmap & (1u << ours))) {
            ours--;
        }
        v = MIN(oh->version, ours);
        if (!(c->opts.version_bitmap & (1u << v))) {
            v = 0;
        }
    }
    if (!v) {
        send_error(c, OFPERR_OFPHFC_INCOMPATIBLE, oh, len, out, ev);
        ev->hello_failed = true;
        close_conn(c, ev, "no common OpenFlow version");
        return;
    }
    c->version = v;
    c->features_xid = ofconn_next_xid(c);
    ofp_features_request_encode(v, c->features_xid, out);
    c->state = OFCONN_FEATURES;
}

static void
go_up(struct ofconn *c, struct ofconn_event *ev)
{
    c->state = OFCONN_UP;
    ev->type = OFCONN_EV_UP;
}

static void
handle_features_reply(struct ofconn *c, const struct ofp_header *oh,
                      size_t len, struct buf *out, struct ofconn_event *ev)
{
    struct ofp_switch_features sf;
    struct ofp_switch_config cfg;
    enum ofperr error;

    error = ofp_switch_features_decode(&sf, oh);
    if (!error && c->version == OFP10_VERSION) {
        error = ports_add_list(c, &sf.port_list);
    }
    if (error) {
        send_error(c, error, oh, len, out, ev);
        close_conn(c, ev, "malformed features reply");
        return;
    }
    c->dpid = sf.datapath_id;
    c->n_buffers = sf.n_buffers;
    c->n_tables = sf.n_tables;
    c->capabilities = sf.capabilities;

    cfg.flags = OFPC_FRAG_NORMAL;
    cfg.miss_send_len = c->opts.miss_send_len;
    ofp_switch_config_encode(&cfg, false, c->version, ofconn_next_xid(c),
                             out);
    if (c->version == OFP10_VERSION) {
        go_up(c, ev);
    } else {
        c->port_desc_xid = ofconn_next_xid(c);
        ofp_port_desc_request_encode(c->version, c->port_desc_xid, out);
        c->state = OFCONN_PORT_DESC;
    }
}

static void
handle_multipart_reply(struct ofconn *c, const struct ofp_header *oh,
                       size_t len, struct buf *out, struct ofconn_event *ev)
{
    uint32_t xid = ntohl(oh->xid);
    struct ofconn_request *r;
    enum ofp_mp_type type;
    struct cursor body;
    uint16_t flags;
    enum ofperr error;
    size_t i;

    error = ofp_mp_decode(oh, &type, &flags, &body);
    if (error) {
        send_error(c, error, oh, len, out, ev);
        return;
    }
    if (c->state == OFCONN_PORT_DESC && xid == c->port_desc_xid) {
        struct ofp_port_list list;
        uint16_t f;

        error = ofp_port_desc_reply_decode(&list, &f, oh);
        if (!error) {
            error = ports_add_list(c, &list);
        }
        if (error) {
            send_error(c, error, oh, len, out, ev);
            close_conn(c, ev, "malformed port description");
        } else if (!(flags & OFPMPF_MORE)) {
            go_up(c, ev);
        }
        return;
    }

    r = find_request(c, xid);
    if (r) {
        r->multipart = true;
        if (!append_bounded(c, &r->body, &body)) {
            LOG_WARN_RL(&rl, "multipart reply xid %#x over %zu bytes", xid,
                        c->opts.max_multipart_bytes);
            finish_request(c, r, EMSGSIZE, oh, ev);
        } else if (!(flags & OFPMPF_MORE)) {
            if (c->counters) {
                c->counters->multipart_replies++;
            }
            finish_request(c, r, 0, oh, ev);
        }
        return;
    }

    /* Untracked. */
    for (i = 0; i < c->n_mps; i++) {
        if (c->mps[i].xid == xid) {
            break;
        }
    }
    if (i == c->n_mps && !(flags & OFPMPF_MORE)) {
        /* Single part: hand it over without copying. */
        if (c->counters) {
            c->counters->multipart_replies++;
        }
        ev->type = OFCONN_EV_MULTIPART;
        ev->xid = xid;
        ev->mp_type = type;
        ev->body = body.data;
        ev->body_size = body.size;
        return;
    }
    if (i == c->n_mps) {
        if (c->n_mps >= OFCONN_MAX_MPS) {
            LOG_WARN_RL(&rl, "too many multipart replies in progress; "
                        "dropping xid %#x", xid);
            return;
        }
        if (!c->mps) {
            c->mps = xmalloc(OFCONN_MAX_MPS * sizeof *c->mps);
        }
        c->mps[i].xid = xid;
        c->mps[i].mp_type = type;
        c->mps[i].overflow = false;
        buf_init(&c->mps[i].body, 0);
        c->n_mps++;
    }
    if (!c->mps[i].overflow && !append_bounded(c, &c->mps[i].body, &body)) {
        /* Keep the entry until the last part so that the rest of the
         * reply is not mistaken for a complete one. */
        LOG_WARN_RL(&rl, "multipart reply xid %#x over %zu bytes; dropped",
                    xid, c->opts.max_multipart_bytes);
        buf_uninit(&c->mps[i].body);
        buf_init(&c->mps[i].body, 0);
        c->mps[i].overflow = true;
    }
    if (!(flags & OFPMPF_MORE) && c->mps[i].overflow) {
        buf_uninit(&c->mps[i].body);
        c->mps[i] = c->mps[--c->n_mps];
    } else if (!(flags & OFPMPF_MORE)) {
        if (c->counters) {
            c->counters->multipart_replies++;
        }
        buf_uninit(&c->done_body);
        c->done_body = c->mps[i].body;
        ev->type = OFCONN_EV_MULTIPART;
        ev->xid = xid;
        ev->mp_type = c->mps[i].mp_type;
        ev->body = c->done_body.data;
        ev->body_size = c->done_body.size;
        c->mps[i] = c->mps[--c->n_mps];
    }
}

static void
handle_error_msg(struct ofconn *c, const struct ofp_header *oh, size_t len,
                 struct ofconn_event *ev)
{
    uint32_t xid = ntohl(oh->xid);
    struct ofconn_request *r;
    struct ofp_error err;

    if (c->counters) {
        c->counters->errors_rx++;
    }
    if (ofp_error_decode(&err, oh)) {
        memset(&err, 0, sizeof err);
    }
    r = find_request(c, xid);
    if (r) {
        finish_request(c, r, err.error ? (int) err.error
                       : (int) OFPERR_OFPBRC_EPERM, oh, ev);
        return;
    }
    if (c->state != OFCONN_UP
        && (xid == c->features_xid || xid == c->port_desc_xid)) {
        LOG_WARN_RL(&rl, "switch refused handshake request: %s",
                    err.error ? ofperr_get_name(err.error) : "unknown error");
        close_conn(c, ev, "handshake request refused");
        return;
    }
    LOG_INFO_RL(&rl, "error from switch %#"PRIx64" (xid %#x): %s (type %u "
                "code %u)", c->dpid, xid,
                err.error ? ofperr_get_name(err.error) : "unknown",
                err.type, err.code);
    ev->type = OFCONN_EV_OTHER;
    ev->oftype = OFPTYPE_ERROR;
    ev->oh = oh;
}

void
ofconn_receive(struct ofconn *c, const struct ofp_header *oh, size_t len,
               int64_t now, struct buf *out, struct ofconn_event *ev)
{
    struct ofconn_request *r;
    enum ofptype type;
    enum ofperr error;

    ev->type = OFCONN_EV_NONE;
    ev->decode_error = false;
    ev->framing_error = false;
    ev->hello_failed = false;
    ev->dead_peer = false;
    c->last_rx = now;
    c->n_probes = 0;
    if (c->counters) {
        c->counters->rx_msgs++;
        c->counters->rx_bytes += len;
    }

    if (c->state == OFCONN_CLOSED) {
        return;
    }
    if (c->state == OFCONN_HELLO) {
        handle_hello(c, oh, len, out, ev);
        return;
    }
    if (!ofconn_check_header(c, oh, len, out, ev)) {
        return;
    }
    error = ofp_msg_decode_type(oh, len, &type);
    if (error) {
        send_error(c, error, oh, len, out, ev);
        return;
    }

    switch (type) {
    case OFPTYPE_PACKET_IN:
        if (c->counters) {
            c->counters->packet_ins++;
        }
        error = ofp_packet_in_decode(&ev->pin, oh);
        if (error) {
            send_error(c, error, oh, len, out, ev);
            return;
        }
        if (c->state == OFCONN_UP) {
            ev->type = OFCONN_EV_PACKET_IN;
        }       /* Else: before the handshake, nobody to tell. */
        return;

    case OFPTYPE_ECHO_REQUEST:
        if (c->counters) {
            c->counters->echo_requests_rx++;
        }
        ofp_echo_reply_from_request(oh, out);
        return;

    case OFPTYPE_ECHO_REPLY:
        if (c->counters) {
            c->counters->echo_replies_rx++;
        }
        return;

    case OFPTYPE_HELLO:
        return;                 /* A repeated hello is harmless. */

    case OFPTYPE_ERROR:
        handle_error_msg(c, oh, len, ev);
        return;

    case OFPTYPE_FEATURES_REPLY:
        if (c->state == OFCONN_FEATURES) {
            /* Some switches do not echo our xid; the first features
             * reply is the answer either way. */
            handle_features_reply(c, oh, len, out, ev);
            return;
        } else {
            struct ofp_switch_features sf;
            error = ofp_switch_features_decode(&sf, oh);
            if (error) {
                send_error(c, error, oh, len, out, ev);
                return;
            }
        }
        break;

    case OFPTYPE_MULTIPART_REPLY:
        handle_multipart_reply(c, oh, len, out, ev);
        return;

    case OFPTYPE_PORT_STATUS:
        error = ofp_port_status_decode(&ev->ps, oh);
        if (error) {
            send_error(c, error, oh, len, out, ev);
            return;
        }
        if (c->counters) {
            c->counters->port_status++;
        }
        if (ev->ps.reason == OFPPR_DELETE) {
            port_delete(c, ev->ps.desc.port_no);
        } else {
            port_upsert(c, &ev->ps.desc);
        }
        if (c->state == OFCONN_UP) {
            ev->type = OFCONN_EV_PORT_STATUS;
        }
        return;

    case OFPTYPE_BARRIER_REPLY:
        if (c->counters) {
            c->counters->barriers++;
        }
        break;

    default:
        break;
    }

    /* Any other reply: a tracked request, or the app's business. */
    r = find_request(c, ntohl(oh->xid));
    if (r) {
        finish_request(c, r, 0, oh, ev);
        return;
    }
    if (type == OFPTYPE_BARRIER_REPLY && c->counters) {
        c->counters->unknown_xid++;
    }
    if (c->state == OFCONN_UP) {
        ev->type = OFCONN_EV_OTHER;
        ev->oftype = type;
        ev->oh = oh;
    }
}

void
ofconn_run(struct ofconn *c, int64_t now, struct buf *out,
           struct ofconn_event *ev)
{
    size_t i;

    ev->type = OFCONN_EV_NONE;
    ev->dead_peer = false;
    ev->hello_failed = false;
    ev->framing_error = false;
    ev->decode_error = false;
    if (c->state == OFCONN_CLOSED) {
        return;
    }
    if (c->state != OFCONN_UP) {
        if (now - c->created >= c->opts.handshake_timeout_ms) {
            close_conn(c, ev, c->state == OFCONN_HELLO
                       ? "handshake timeout (no hello)"
                       : "handshake timeout");
            return;
        }
    } else {
        int64_t idle = now - c->last_rx;
        int64_t interval = c->opts.echo_interval_ms;

        if (idle >= (int64_t) (c->opts.echo_misses + 1) * interval) {
            ev->dead_peer = true;
            close_conn(c, ev, "no reply to echo requests (dead peer)");
            return;
        }
        if (idle >= (int64_t) (c->n_probes + 1) * interval) {
            ofp_echo_encode(false, NULL, 0, c->version, ofconn_next_xid(c),
                            out);
            c->n_probes++;
            if (c->counters) {
                c->counters->echo_requests_tx++;
            }
        }
    }
    for (i = 0; i < c->n_requests; i++) {
        if (c->requests[i].deadline <= now) {
            finish_request(c, &c->requests[i], ETIMEDOUT, NULL, ev);
            return;
        }
    }
}

int64_t
ofconn_next_timer(const struct ofconn *c)
{
    int64_t next;
    size_t i;

    if (c->state == OFCONN_CLOSED) {
        return INT64_MAX;
    }
    if (c->state != OFCONN_UP) {
        next = c->created + c->opts.handshake_timeout_ms;
    } else {
        next = c->last_rx
               + (int64_t) (c->n_probes + 1) * c->opts.echo_interval_ms;
    }
    for (i = 0; i < c->n_requests; i++) {
        next = MIN(next, c->requests[i].deadline);
    }
    return next;
}
