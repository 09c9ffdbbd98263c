/* ofswitch: see ofswitch.h. */
#include "core/ofswitch.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/stream.h"
#include "core/worker.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-switch.h"

LOG_MODULE(ofswitch);

static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);

/* OFPT_PACKET_IN and OFPT_PACKET_OUT have the same numbers in 1.0 and 1.3,
 * so the hot path can classify a message by its header byte alone. */
#define RAW_PACKET_IN 10
#define RAW_PACKET_OUT 13
#define RAW_FLOW_MOD 14

/* Received bytes kept for a partial message above this are released once
 * the buffer drains (most switches are idle most of the time). */
#define RX_KEEP_BYTES 16384

static void dispatch(struct ofswitch *, struct ofconn_event *, int64_t now);

struct ofswitch *
ofswitch_create(struct worker *w, struct stream *s, uint64_t id, int64_t now)
{
    const struct core_options *o = core_get_options(w->core);
    struct ofswitch *sw = xzalloc(sizeof *sw);

    sw->worker = w;
    sw->id = id;
    list_init(&sw->node);
    list_init(&sw->ready_node);
    list_init(&sw->dirty_node);
    list_init(&sw->dead_node);
    sw->stream = s;
    sw->fd = stream_get_fd(s);
    sw->tls_pending = true;
    sw->need_read = true;
    sendq_init(&sw->sendq, o->send_queue_soft, o->send_queue_hard);
    buf_init(&sw->rx, 0);
    sw->role = OFSWITCH_ROLE_EQUAL;
    sw->next_tick = now + 1000;
    sw->pin_tokens = o->packet_in_rate;
    sw->pin_refill = now;

    buf_clear(&w->out);
    ofconn_init(&sw->conn, &o->ofconn, &sw->counters, now, &w->out);
    ofswitch_send(sw, &w->out);
    worker_note_timer(w, ofconn_next_timer(&sw->conn));
    return sw;
}

void
ofswitch_destroy(struct ofswitch *sw, int64_t now)
{
    struct worker *w = sw->worker;
    ofswitch_reply_cb *cb;
    void *aux;

    while (ofconn_take_request(&sw->conn, &cb, &aux)) {
        struct ofswitch_reply reply = { ENOTCONN, NULL, NULL, 0 };
        cb(NULL, &reply, aux);
    }
    if (sw->up) {
        const struct app_ops *const *apps;
        size_t n_apps, i;

        apps = core_get_apps(w->core, &n_apps);
        for (i = 0; i < n_apps; i++) {
            if (apps[i]->switch_down) {
                apps[i]->switch_down(sw, now);
            }
        }
        LOG_INFO("%s: switch %016"PRIx64" disconnected: %s",
                 stream_get_name(sw->stream), sw->conn.dpid,
                 sw->close_reason ? sw->close_reason : "shutting down");
    } else {
        w->counters.handshake_failures++;
        LOG_INFO_RL(&rl, "%s: connection closed before handshake "
                    "completed: %s", stream_get_name(sw->stream),
                    sw->close_reason ? sw->close_reason : "shutting down");
    }
    if (sw->registered) {
        core_dpid_unregister(w->core, sw->conn.dpid, sw);
    }
    w->counters.closed++;
    ofswitch_counters_add(&w->closed_counters, &sw->counters);

    list_remove(&sw->node);
    list_remove(&sw->ready_node);
    list_remove(&sw->dirty_node);
    list_remove(&sw->dead_node);
    stream_close(sw->stream);
    ofconn_uninit(&sw->conn);
    sendq_uninit(&sw->sendq);
    buf_uninit(&sw->rx);
    free(sw);
}

void
ofswitch_close(struct ofswitch *sw, const char *reason)
{
    if (!sw->closing) {
        sw->closing = true;
        sw->close_reason = reason;
        worker_mark_dead(sw->worker, sw);
    }
}

bool
ofswitch_handshake(struct ofswitch *sw)
{
    int error;

    if (!sw->tls_pending) {
        return true;
    }
    error = stream_handshake(sw->stream);
    if (!error) {
        sw->tls_pending = false;
        sw->need_read = true;
        worker_mark_dirty(sw->worker, sw);      /* Our hello waits. */
        return true;
    }
    if (error == EAGAIN) {
        worker_set_want_out(sw->worker, sw, stream_want_write(sw->stream));
        return false;
    }
    sw->worker->counters.tls_failures++;
    ofswitch_close(sw, "TLS handshake failed");
    return false;
}

/* Token bucket: returns true if a packet-in may go through at 'now'. */
static bool
take_pin_token(struct ofswitch *sw, int rate, int64_t now)
{
    if (now > sw->pin_refill) {
        sw->pin_tokens += (double) (now - sw->pin_refill) * rate / 1000.0;
        if (sw->pin_tokens > rate) {
            sw->pin_tokens = rate;
        }
        sw->pin_refill = now;
    }
    if (sw->pin_tokens >= 1.0) {
        sw->pin_tokens -= 1.0;
        return true;
    }
    return false;
}

/* Processes the complete messages at the front of 'data'.  Stops early
 * when the packet-in budget is used up or the switch is closing.  Returns
 * the number of bytes consumed. */
static size_t
process_bytes(struct ofswitch *sw, const uint8_t *data, size_t size,
              int *pins, int64_t now)
{
    struct worker *w = sw->worker;
    const struct core_options *o = core_get_options(w->core);
    size_t off = 0;

    while (!sw->closing) {
        const struct ofp_header *oh;
        size_t len;
        int error;

        if (size - off >= sizeof *oh) {
            struct ofp_header h;

            /* Judge the header before waiting for a body it announces: a
             * garbage header must not make us wait for 64 kB. */
            memcpy(&h, data + off, sizeof h);
            if (KUMO_UNLIKELY(h.version != sw->conn.version
                              || sw->conn.state == OFCONN_HELLO)
                && !ofconn_check_header(&sw->conn, &h, sizeof h, &w->out,
                                        &w->ev)) {
                if (w->out.size) {
                    ofswitch_send(sw, &w->out);
                }
                dispatch(sw, &w->ev, now);
                break;
            }
        }
        error = ofconn_frame(data + off, size - off, &len);
        if (error == EAGAIN) {
            break;
        } else if (error) {
            w->counters.framing_errors++;
            LOG_WARN_RL(&rl, "%s: message length below 8: closing",
                        stream_get_name(sw->stream));
            ofswitch_close(sw, "unrecoverable framing error");
            break;
        }
        oh = (const void *) (data + off);
        if (data[off + 1] == RAW_PACKET_IN && sw->up) {     /* Type. */
            if (*pins >= o->packet_in_budget) {
                break;
            }
            (*pins)++;
            if (o->packet_in_rate && !take_pin_token(sw, o->packet_in_rate,
                                                     now)) {
                sw->counters.packet_ins++;
                sw->counters.packet_in_drops++;
                sw->counters.rx_msgs++;
                sw->counters.rx_bytes += len;
                off += len;
                continue;
            }
        }
        if ((uintptr_t) oh % 8) {
            /* Codec structs need alignment, and OpenFlow lengths need not
             * be multiples of 8 (a 1.0 packet-in is 18 bytes plus the
             * frame): copy such a message to an aligned buffer. */
            static _Thread_local uint64_t aligned[65536 / 8];
            memcpy(aligned, oh, len);
            oh = (const void *) aligned;
        }
        off += len;
        ofconn_receive(&sw->conn, oh, len, now, &w->out, &w->ev);
        if (w->out.size) {
            ofswitch_send(sw, &w->out);
        }
        if (w->ev.type != OFCONN_EV_NONE || w->ev.decode_error) {
            dispatch(sw, &w->ev, now);
        }
    }
    return off;
}

static void
rx_shift(struct ofswitch *sw, size_t used)
{
    if (used) {
        memmove(sw->rx.data, sw->rx.data + used, sw->rx.size - used);
        sw->rx.size -= used;
    }
}

bool
ofswitch_process(struct ofswitch *sw, int64_t now)
{
    struct worker *w = sw->worker;
    int budget = core_get_options(w->core)->packet_in_budget;
    int pins = 0;
    int reads;

    if (sw->closing || !ofswitch_handshake(sw)) {
        return false;
    }
    if (sw->rx.size) {
        rx_shift(sw, process_bytes(sw, sw->rx.data, sw->rx.size, &pins, now));
        if (pins >= budget) {
            return !sw->closing;
        }
    }
    for (reads = 0; sw->need_read && !sw->closing && reads < 4; reads++) {
        size_t asked;
        ssize_t n;

        if (!sw->rx.size) {
            asked = WORKER_RXBUF_SIZE;
            n = stream_recv(sw->stream, w->rxbuf, asked);
            if (n > 0) {
                size_t used = process_bytes(sw, w->rxbuf, n, &pins, now);
                if (used < (size_t) n) {
                    buf_put(&sw->rx, w->rxbuf + used, n - used);
                }
            }
        } else {
            buf_reserve(&sw->rx, 65536);
            asked = sw->rx.allocated - sw->rx.size;
            n = stream_recv(sw->stream, sw->rx.data + sw->rx.size, asked);
            if (n > 0) {
                sw->rx.size += n;
                rx_shift(sw, process_bytes(sw, sw->rx.data, sw->rx.size,
                                           &pins, now));
            }
        }
        if (n > 0) {
            if ((size_t) n < asked && !stream_is_buffered(sw->stream)) {
                /* Drained: save the recv that would say EAGAIN; the
                 * level-triggered epoll reports anything new. */
                sw->need_read = false;
            }
            if (pins >= budget) {
                break;
            }
        } else if (n == -EAGAIN) {
            sw->need_read = false;
        } else if (n == 0) {
            ofswitch_close(sw, "connection closed by peer");
        } else {
            LOG_DBG("%s: receive error: %s", stream_get_name(sw->stream),
                    strerror((int) -n));
            ofswitch_close(sw, "receive error");
        }
    }
    if (!sw->rx.size && sw->rx.allocated > RX_KEEP_BYTES) {
        buf_uninit(&sw->rx);
        buf_init(&sw->rx, 0);
    }
    return !sw->closing && (sw->need_read || pins >= budget);
}

void
ofswitch_flush(struct ofswitch *sw)
{
    const void *data;
    size_t size;
    bool want;

    if (sw->tls_pending) {
        return;
    }
    while ((data = sendq_peek(&sw->sendq, &size)) != NULL) {
        ssize_t n = stream_send(sw->stream, data, size);
        if (n > 0) {
            sendq_consume(&sw->sendq, n);
        } else if (n == -EAGAIN) {
            break;
        } else {
            LOG_DBG("%s: send error: %s", stream_get_name(sw->stream),
                    strerror((int) -n));
            sendq_consume(&sw->sendq, size);
            ofswitch_close(sw, "send error");
            break;
        }
    }
    want = sendq_size(&sw->sendq) > 0 || stream_want_write(sw->stream);
    if (want != sw->want_out && !sw->closing) {
        worker_set_want_out(sw->worker, sw, want);
    }
}

static void
on_up(struct ofswitch *sw, int64_t now)
{
    struct worker *w = sw->worker;
    const struct app_ops *const *apps;
    size_t n_apps, i;

    sw->up = true;
    sw->connected_since = core_wall_msec();
    w->counters.handshakes++;
    core_dpid_register(w->core, sw->conn.dpid, w, sw, sw->id);
    sw->registered = true;
    LOG_INFO("%s: switch %016"PRIx64" connected (%s, %zu ports, %"PRIu32
             " buffers, %u tables)", stream_get_name(sw->stream),
             sw->conn.dpid, ofp_version_name(sw->conn.version),
             sw->conn.n_ports, sw->conn.n_buffers, sw->conn.n_tables);
    apps = core_get_apps(w->core, &n_apps);
    for (i = 0; i < n_apps && !sw->closing; i++) {
        if (apps[i]->switch_up) {
            apps[i]->switch_up(sw, now);
        }
    }
}

static void
dispatch(struct ofswitch *sw, struct ofconn_event *ev, int64_t now)
{
    struct worker *w = sw->worker;
    const struct app_ops *const *apps;
    size_t n_apps, i;

    if (ev->decode_error) {
        w->counters.decode_errors++;
        LOG_WARN_RL(&rl, "%s: malformed message from switch answered with "
                    "an error", stream_get_name(sw->stream));
    }
    apps = core_get_apps(w->core, &n_apps);
    switch (ev->type) {
    case OFCONN_EV_NONE:
        break;
    case OFCONN_EV_UP:
        on_up(sw, now);
        break;
    case OFCONN_EV_PACKET_IN:
        sw->counters.packet_ins_handled++;
        for (i = 0; i < n_apps; i++) {
            if (apps[i]->packet_in) {
                apps[i]->packet_in(sw, &ev->pin, now);
            }
        }
        break;
    case OFCONN_EV_PORT_STATUS:
        for (i = 0; i < n_apps; i++) {
            if (apps[i]->port_status) {
                apps[i]->port_status(sw, &ev->ps, now);
            }
        }
        break;
    case OFCONN_EV_REPLY:
        if (ev->cb) {
            ev->cb(sw, &ev->reply, ev->aux);
        }
        break;
    case OFCONN_EV_MULTIPART:
        for (i = 0; i < n_apps; i++) {
            if (apps[i]->multipart_reply) {
                apps[i]->multipart_reply(sw, ev->xid, ev->mp_type, ev->body,
                                         ev->body_size, now);
            }
        }
        break;
    case OFCONN_EV_OTHER:
        for (i = 0; i < n_apps; i++) {
            if (apps[i]->other_msg) {
                apps[i]->other_msg(sw, ev->oftype, ev->oh, now);
            }
        }
        break;
    case OFCONN_EV_CLOSE:
        if (ev->hello_failed) {
            w->counters.hello_failures++;
        }
        if (ev->dead_peer) {
            w->counters.echo_timeouts++;
        }
        if (ev->framing_error) {
            w->counters.framing_errors++;
        }
        LOG_WARN_RL(&rl, "%s: closing connection: %s",
                    stream_get_name(sw->stream), ev->reason);
        ofswitch_close(sw, ev->reason);
        break;
    }
}

void
ofswitch_run(struct ofswitch *sw, int64_t now)
{
    struct worker *w = sw->worker;
    const struct core_options *o = core_get_options(w->core);

    if (sw->closing) {
        return;
    }
    if (now >= ofconn_next_timer(&sw->conn)) {
        do {
            ofconn_run(&sw->conn, now, &w->out, &w->ev);
            if (w->out.size) {
                ofswitch_send(sw, &w->out);
            }
            dispatch(sw, &w->ev, now);
        } while (w->ev.type != OFCONN_EV_NONE && !sw->closing);
    }
    if (sw->closing) {
        return;
    }
    /* A switch that stops reading while we have a lot to say for as long
     * as it takes to declare a dead peer is treated as one. */
    if (sendq_size(&sw->sendq) > o->send_queue_soft) {
        if (!sw->stuck_since) {
            sw->stuck_since = now;
        } else if (now - sw->stuck_since
                   > (int64_t) (o->ofconn.echo_misses + 1)
                     * o->ofconn.echo_interval_ms) {
            LOG_WARN_RL(&rl, "%s: switch does not read its messages",
                        stream_get_name(sw->stream));
            ofswitch_close(sw, "send queue stuck over its cap");
            return;
        }
    } else {
        sw->stuck_since = 0;
    }
    if (sw->up && now >= sw->next_tick) {
        const struct app_ops *const *apps;
        size_t n_apps, i;

        sw->next_tick = now + 1000;
        apps = core_get_apps(w->core, &n_apps);
        for (i = 0; i < n_apps && !sw->closing; i++) {
            if (apps[i]->tick) {
                apps[i]->tick(sw, now);
            }
        }
    }
}

int64_t
ofswitch_next_timer(const struct ofswitch *sw)
{
    int64_t next = ofconn_next_timer(&sw->conn);

    if (sw->up) {
        next = MIN(next, sw->next_tick);
    }
    if (sw->stuck_since) {
        next = MIN(next, sw->stuck_since + 1000);
    }
    return next;
}

/* ofswitch_counters_add() treats the struct as an array of counters. */
static_assert(sizeof(struct ofswitch_counters) % sizeof(uint64_t) == 0,
              "struct ofswitch_counters must hold only uint64_t");

void
ofswitch_counters_add(struct ofswitch_counters *sum,
                      const struct ofswitch_counters *c)
{
    uint64_t max = MAX(sum->send_queue_max, c->send_queue_max);
    uint64_t *s = (uint64_t *) sum;
    const uint64_t *x = (const uint64_t *) c;
    size_t i;

    for (i = 0; i < sizeof *c / sizeof(uint64_t); i++) {
        s[i] += x[i];
    }
    sum->send_queue_max = max;
}

void
ofswitch_get_info(const struct ofswitch *sw, struct core_switch_info *info)
{
    memset(info, 0, sizeof *info);
    info->dpid = sw->conn.dpid;
    info->version = sw->conn.version;
    info->n_buffers = sw->conn.n_buffers;
    info->n_tables = sw->conn.n_tables;
    info->capabilities = sw->conn.capabilities;
    info->role = sw->role;
    snprintf(info->remote, sizeof info->remote, "%s",
             stream_get_name(sw->stream));
    info->connected_since = sw->connected_since;
    info->worker = sw->worker->idx;
    info->send_queue_bytes = sendq_size(&sw->sendq);
    info->counters = sw->counters;
    info->n_ports = sw->conn.n_ports;
    info->ports = info->n_ports
                  ? xmemdup(sw->conn.ports,
                            info->n_ports * sizeof *info->ports)
                  : NULL;
}

/* ---- app.h: struct ofswitch accessors and sending. ---- */

uint64_t
ofswitch_get_dpid(const struct ofswitch *sw)
{
    return sw->conn.dpid;
}

enum ofp_version
ofswitch_get_version(const struct ofswitch *sw)
{
    return sw->conn.version;
}

uint32_t
ofswitch_get_n_buffers(const struct ofswitch *sw)
{
    return sw->conn.n_buffers;
}

uint8_t
ofswitch_get_n_tables(const struct ofswitch *sw)
{
    return sw->conn.n_tables;
}

uint32_t
ofswitch_get_capabilities(const struct ofswitch *sw)
{
    return sw->conn.capabilities;
}

size_t
ofswitch_get_n_ports(const struct ofswitch *sw)
{
    return sw->conn.n_ports;
}

const struct ofswitch_port *
ofswitch_get_port(const struct ofswitch *sw, size_t i)
{
    return i < sw->conn.n_ports ? &sw->conn.ports[i] : NULL;
}

const struct ofswitch_port *
ofswitch_find_port(const struct ofswitch *sw, uint32_t port_no)
{
    return ofconn_find_port(&sw->conn, port_no);
}

const char *
ofswitch_get_remote(const struct ofswitch *sw)
{
    return stream_get_name(sw->stream);
}

int64_t
ofswitch_get_connected_since(const struct ofswitch *sw)
{
    return sw->connected_since;
}

enum ofswitch_role
ofswitch_get_role(const struct ofswitch *sw)
{
    return sw->role;
}

void
ofswitch_set_role(struct ofswitch *sw, enum ofswitch_role role)
{
    sw->role = role;
}

uint16_t
ofswitch_get_miss_send_len(const struct ofswitch *sw)
{
    return sw->conn.opts.miss_send_len;
}

const struct ofswitch_counters *
ofswitch_get_counters(const struct ofswitch *sw)
{
    return &sw->counters;
}

void *
ofswitch_get_app_data(const struct ofswitch *sw)
{
    return sw->app_data;
}

void
ofswitch_set_app_data(struct ofswitch *sw, void *data)
{
    sw->app_data = data;
}

/* Returns the registration index of 'app', or -1. */
static int
app_index(const struct ofswitch *sw, const struct app_ops *app)
{
    const struct app_ops *const *apps;
    size_t n_apps, i;

    apps = core_get_apps(sw->worker->core, &n_apps);
    for (i = 0; i < n_apps && i < ARRAY_SIZE(sw->app_slots); i++) {
        if (apps[i] == app) {
            return (int) i;
        }
    }
    return -1;
}

void *
ofswitch_get_app_slot(const struct ofswitch *sw, const struct app_ops *app)
{
    int i = app_index(sw, app);

    return i >= 0 ? sw->app_slots[i] : NULL;
}

void
ofswitch_set_app_slot(struct ofswitch *sw, const struct app_ops *app,
                      void *data)
{
    int i = app_index(sw, app);

    if (i >= 0) {
        sw->app_slots[i] = data;
    }
}

uint32_t
ofswitch_next_xid(struct ofswitch *sw)
{
    return ofconn_next_xid(&sw->conn);
}

int
ofswitch_send(struct ofswitch *sw, struct buf *msg)
{
    size_t off = 0;
    int retval = 0;

    if (sw->closing) {
        buf_clear(msg);
        return ENOTCONN;
    }
    while (msg->size - off >= sizeof(struct ofp_header)) {
        const uint8_t *p = msg->data + off;
        size_t len = ((size_t) p[2] << 8) | p[3];
        bool droppable = p[1] == RAW_PACKET_OUT;

        if (len < sizeof(struct ofp_header) || len > msg->size - off) {
            kumo_fatal("ofswitch_send: malformed message in buffer "
                       "(length %zu at offset %zu of %zu)", len, off,
                       msg->size);
        }
        if (!sendq_push(&sw->sendq, p, len, droppable)) {
            sw->counters.tx_msgs++;
            sw->counters.tx_bytes += len;
            if (droppable) {
                sw->counters.packet_outs++;
            } else if (p[1] == RAW_FLOW_MOD) {
                sw->counters.flow_mods++;
            }
        } else {
            sw->counters.send_queue_full++;
            if (droppable) {
                sw->counters.packet_out_drops++;
            } else {
                sw->counters.tx_drops++;
            }
            retval = ENOBUFS;
        }
        off += len;
    }
    if (sendq_size(&sw->sendq) > sw->counters.send_queue_max) {
        sw->counters.send_queue_max = sendq_size(&sw->sendq);
    }
    buf_clear(msg);
    worker_mark_dirty(sw->worker, sw);
    return retval;
}

uint32_t
ofswitch_request(struct ofswitch *sw, struct buf *msg, int timeout_ms,
                 ofswitch_reply_cb *cb, void *aux)
{
    struct worker *w = sw->worker;
    uint32_t xid;

    if (sw->closing || msg->size < sizeof(struct ofp_header)
        || !sendq_can_push(&sw->sendq, msg->size, false)) {
        buf_clear(msg);
        return 0;
    }
    xid = ofconn_track(&sw->conn, msg, 0, w->now, timeout_ms, cb, aux);
    ofswitch_send(sw, msg);
    worker_note_timer(w, w->now + timeout_ms);
    return xid;
}

uint32_t
ofswitch_barrier(struct ofswitch *sw, int timeout_ms, ofswitch_reply_cb *cb,
                 void *aux)
{
    uint64_t stub[2];
    struct buf b;
    uint32_t xid;

    buf_use_stub(&b, stub, sizeof stub);
    ofp_barrier_request_encode(sw->conn.version, 0, &b);
    xid = ofswitch_request(sw, &b, timeout_ms, cb, aux);
    buf_uninit(&b);
    return xid;
}
