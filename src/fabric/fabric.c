/* fabric: see fabric.h. */
#include "fabric/fabric.h"

#include "fabric/fabric-app.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric-show.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/app.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(fabric);

enum fabric_event_type {
    FEV_SWITCH_UP,
    FEV_SWITCH_DOWN,
    FEV_PORT_STATUS,
    FEV_PACKET_IN,
    FEV_READBACK,
    FEV_BARRIER,
    FEV_SEND_LOST,
    FEV_FLOW_STATS,
    FEV_CALL,
};

/* A blocking fabric_call() waits on this. */
struct completion {
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    bool done;
};

/* One queued event; heap allocated with its bytes after it (ports,
 * frame, or the read-back bodies), except FEV_CALL, which lives on the
 * caller's stack. */
struct fabric_event {
    struct fabric_event *next;
    enum fabric_event_type type;
    uint64_t dpid;
    uint64_t session;
    uint8_t reason;                 /* PORT_STATUS. */
    struct fabric_port port;        /* PORT_STATUS. */
    uint32_t in_port;               /* PACKET_IN. */
    uint32_t xid;                   /* BARRIER, FLOW_STATS. */
    size_t n_ports;                 /* SWITCH_UP: ports in 'data'. */
    int error;                      /* READBACK. */
    size_t size;                    /* Bytes in 'data' (PACKET_IN: the
                                     * frame; READBACK: flows then
                                     * groups). */
    size_t flows_size;              /* READBACK. */
    void (*fn)(struct fabric_core *, void *, uint64_t);    /* CALL. */
    void *aux;                      /* CALL. */
    struct completion *completion;  /* CALL. */
    uint64_t data[];                /* 8-byte aligned. */
};

struct fabric {
    struct fabric_core *core;
    pthread_t thread;
    int evfd;
    atomic_bool stop;

    pthread_mutex_t mutex;          /* Protects the queue and 'running'. */
    struct fabric_event *head, **tail;
    size_t n_pins;                  /* Packet-ins in the queue. */
    bool running;                   /* Takes events. */

    struct fabric_stats stats;      /* Under 'mutex'. */

    /* Tenant networks (fabric thread only). */
    struct fabric_vnet_source vnet;
    const struct vnet_snapshot *vnet_snap;  /* Handed to the core. */
    uint64_t vnet_seq;
    bool vnet_loaded;

    /* Overlay facts (fabric thread only). */
    struct fabric_overlay_source overlay;
    struct fabric_overlay *overlay_facts;   /* A copy of what the core
                                             * has, to skip no-op
                                             * changes. */
    uint64_t overlay_seq;
    bool overlay_loaded;
    struct fabric_counters counters;    /* Published copy, under 'mutex'. */
    bool have_counters;
};

/* Set before the workers start and cleared after they stopped (see
 * fabric_stop()), so the packet-in path reads it without a lock. */
static struct fabric *_Atomic the_fabric;

static int64_t
now_ms(void)
{
    return core_time_msec();
}

static void
wake(struct fabric *f)
{
    uint64_t one = 1;
    ssize_t n = write(f->evfd, &one, sizeof one);

    (void) n;       /* EAGAIN: already signalled. */
}

/* Queues 'ev'. Returns false (and frees nothing) if the fabric is not
 * running or, for a packet-in, the queue is full. */
static bool
post(struct fabric_event *ev)
{
    struct fabric *f = atomic_load(&the_fabric);
    bool was_empty, ok;

    if (!f) {
        return false;
    }
    ev->next = NULL;
    pthread_mutex_lock(&f->mutex);
    ok = f->running;
    if (ok && ev->type == FEV_PACKET_IN) {
        if (f->n_pins >= FABRIC_MAX_QUEUED_PINS) {
            f->stats.pin_drops++;
            ok = false;
        } else {
            f->n_pins++;
        }
    }
    was_empty = !f->head;
    if (ok) {
        *f->tail = ev;
        f->tail = &ev->next;
    }
    pthread_mutex_unlock(&f->mutex);
    if (ok && was_empty) {
        wake(f);
    }
    return ok;
}

static struct fabric_event *
event_create(enum fabric_event_type type, uint64_t dpid, uint64_t session,
             size_t size)
{
    struct fabric_event *ev = xmalloc(sizeof *ev + ROUND_UP(size, 8));

    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->dpid = dpid;
    ev->session = session;
    ev->size = size;
    return ev;
}

static void
post_or_free(struct fabric_event *ev)
{
    if (!post(ev)) {
        free(ev);
    }
}

void
fabric_post_switch_up(uint64_t dpid, uint64_t session,
                      const struct fabric_port *ports, size_t n_ports)
{
    struct fabric_event *ev = event_create(FEV_SWITCH_UP, dpid, session,
                                           n_ports * sizeof *ports);

    ev->n_ports = n_ports;
    if (n_ports) {
        memcpy(ev->data, ports, n_ports * sizeof *ports);
    }
    post_or_free(ev);
}

void
fabric_post_switch_down(uint64_t dpid, uint64_t session)
{
    post_or_free(event_create(FEV_SWITCH_DOWN, dpid, session, 0));
}

void
fabric_post_port_status(uint64_t dpid, uint64_t session, uint8_t reason,
                        const struct fabric_port *port)
{
    struct fabric_event *ev = event_create(FEV_PORT_STATUS, dpid, session,
                                           0);

    ev->reason = reason;
    ev->port = *port;
    post_or_free(ev);
}

bool
fabric_post_packet_in(uint64_t dpid, uint64_t session, uint32_t in_port,
                      const void *frame, size_t size)
{
    struct fabric_event *ev = event_create(FEV_PACKET_IN, dpid, session,
                                           size);

    ev->in_port = in_port;
    if (size) {
        memcpy(ev->data, frame, size);
    }
    if (!post(ev)) {
        free(ev);
        return false;
    }
    return true;
}

void
fabric_post_readback(uint64_t dpid, uint64_t session, int error,
                     const void *flows, size_t flows_size,
                     const void *groups, size_t groups_size)
{
    struct fabric_event *ev = event_create(FEV_READBACK, dpid, session,
                                           flows_size + groups_size);
    uint8_t *p = (uint8_t *) ev->data;

    ev->error = error;
    ev->flows_size = flows_size;
    if (flows_size) {
        memcpy(p, flows, flows_size);
    }
    if (groups_size) {
        memcpy(p + flows_size, groups, groups_size);
    }
    post_or_free(ev);
}

void
fabric_post_barrier_reply(uint64_t dpid, uint64_t session, uint32_t xid)
{
    struct fabric_event *ev = event_create(FEV_BARRIER, dpid, session, 0);

    ev->xid = xid;
    post_or_free(ev);
}

void
fabric_post_send_lost(uint64_t dpid, uint64_t session)
{
    post_or_free(event_create(FEV_SEND_LOST, dpid, session, 0));
}

void
fabric_post_flow_stats(uint64_t dpid, uint64_t session, uint32_t xid,
                       const void *body, size_t size)
{
    struct fabric_event *ev = event_create(FEV_FLOW_STATS, dpid, session,
                                           size);

    ev->xid = xid;
    if (size) {
        memcpy(ev->data, body, size);
    }
    post_or_free(ev);
}

/* ---- The fabric thread. ---- */

static void
send_output(uint64_t dpid, struct buf *msgs, void *send_errors_)
{
    uint64_t *send_errors = send_errors_;

    if (core_switch_send(dpid, msgs)) {
        /* The switch left; its switch-down event is on its way. */
        (*send_errors)++;
    }
}

/* Asks for a read-back the core wants (fabric_core_take_readbacks()). */
static void
request_readback(uint64_t dpid, uint64_t session, void *aux)
{
    (void) aux;
    if (fabric_app_readback(dpid, session)) {
        /* The session is gone; its switch-down event is on its way. */
        LOG_DBG("switch %016"PRIx64": no read-back: session gone", dpid);
    }
}

static void
handle_event(struct fabric *f, struct fabric_event *ev, uint64_t now)
{
    const uint8_t *data = (const uint8_t *) ev->data;

    switch (ev->type) {
    case FEV_SWITCH_UP:
        fabric_core_switch_up(f->core, ev->dpid, ev->session,
                              (const struct fabric_port *) ev->data,
                              ev->n_ports, now);
        break;
    case FEV_SWITCH_DOWN:
        fabric_core_switch_down(f->core, ev->dpid, ev->session, now);
        break;
    case FEV_PORT_STATUS:
        fabric_core_port_status(f->core, ev->dpid, ev->session, ev->reason,
                                &ev->port, now);
        break;
    case FEV_PACKET_IN:
        fabric_core_packet_in(f->core, ev->dpid, ev->session, ev->in_port,
                              data, ev->size, now);
        break;
    case FEV_READBACK:
        fabric_core_readback(f->core, ev->dpid, ev->session, ev->error,
                             data, ev->flows_size, data + ev->flows_size,
                             ev->size - ev->flows_size, now);
        break;
    case FEV_BARRIER:
        fabric_core_barrier_reply(f->core, ev->dpid, ev->session, ev->xid);
        break;
    case FEV_SEND_LOST:
        fabric_core_send_lost(f->core, ev->dpid, ev->session, now);
        break;
    case FEV_FLOW_STATS:
        fabric_core_flow_stats(f->core, ev->dpid, ev->session, ev->xid, data,
                               ev->size, now);
        break;
    case FEV_CALL:
        ev->fn(f->core, ev->aux, now);
        pthread_mutex_lock(&ev->completion->mutex);
        ev->completion->done = true;
        pthread_cond_signal(&ev->completion->cond);
        pthread_mutex_unlock(&ev->completion->mutex);
        return;     /* Not ours to free. */
    }
    free(ev);
}

/* Hands a new tenant model to the core when its change counter moved. */
static void
refresh_vnet(struct fabric *f)
{
    uint64_t seq;

    if (!f->vnet.seq) {
        return;
    }
    seq = f->vnet.seq(f->vnet.aux);
    if (!f->vnet_loaded || seq != f->vnet_seq) {
        const struct vnet_snapshot *old = f->vnet_snap;

        f->vnet_snap = f->vnet.snapshot(f->vnet.aux);
        f->vnet_seq = seq;
        f->vnet_loaded = true;
        fabric_core_set_vnet(f->core, f->vnet_snap);
        if (old) {
            f->vnet.release(old);
        }
    }
}

/* Hands the hypervisors' facts to the core when they changed (the change
 * counter moved and the copy differs: a VIF's statistics or a chassis'
 * OVSDB state do not recompile anything). */
static void
refresh_overlay(struct fabric *f)
{
    struct fabric_overlay *ov;
    uint64_t seq;

    if (!f->overlay.seq) {
        return;
    }
    seq = f->overlay.seq(f->overlay.aux);
    if (f->overlay_loaded && seq == f->overlay_seq) {
        return;
    }
    f->overlay_seq = seq;
    ov = f->overlay.get(f->overlay.aux);
    fabric_overlay_keep_known(ov, f->overlay_facts);
    if (f->overlay_loaded && fabric_overlay_equal(ov, f->overlay_facts)) {
        fabric_overlay_destroy(ov);
        return;
    }
    f->overlay_loaded = true;
    fabric_overlay_destroy(f->overlay_facts);
    f->overlay_facts = fabric_overlay_clone(ov);
    LOG_INFO("overlay: %zu hypervisors, %zu VM interfaces",
             ov->n_chassis, ov->n_vifs);
    fabric_core_set_overlay(f->core, ov);
}

void
fabric_vnet_changed(void *aux)
{
    struct fabric *f = atomic_load(&the_fabric);

    (void) aux;
    if (f) {
        wake(f);
    }
}

static void *
fabric_main(void *f_)
{
    struct fabric *f = f_;
    uint64_t n_events = 0, send_errors = 0, next_publish = 0;
    int64_t round_ms = 0;

    while (!atomic_load(&f->stop)) {
        struct fabric_event *ev, *next;
        struct pollfd pfd = { .fd = f->evfd, .events = POLLIN };
        uint64_t now = (uint64_t) now_ms();
        uint64_t wake_at = MIN(fabric_core_next_wake(f->core), next_publish);
        int timeout = wake_at <= now ? 0
                      : wake_at - now > 1000 ? 1000 : (int) (wake_at - now);

        if (poll(&pfd, 1, timeout) > 0) {
            uint64_t count;
            ssize_t n = read(f->evfd, &count, sizeof count);

            (void) n;
        }
        pthread_mutex_lock(&f->mutex);
        f->stats.wakeups++;
        f->stats.events += n_events;
        f->stats.send_errors += send_errors;
        n_events = send_errors = 0;
        ev = f->head;
        f->head = NULL;
        f->tail = &f->head;
        f->n_pins = 0;
        pthread_mutex_unlock(&f->mutex);

        now = (uint64_t) now_ms();
        refresh_vnet(f);
        refresh_overlay(f);
        for (; ev; ev = next) {
            next = ev->next;
            n_events++;
            handle_event(f, ev, now);
        }
        {
            bool busy = fabric_core_round_active(f->core);
            int64_t t0 = now_ms();
            bool finished = fabric_core_run(f->core, now);

            /* A round may span several turns: time all of it, and only
             * it. (Timing every call also counted the idle turns between
             * rounds, LLDP and wake-ups, preemption included, into the
             * next round: on a busy machine its "duration" grew towards
             * the 5 s cap on the spacing of rounds, and a tenant change
             * right after waited that long for its flows.) */
            if (busy || finished || fabric_core_round_active(f->core)) {
                round_ms += now_ms() - t0;
            }
            if (finished) {
                fabric_core_note_duration(f->core, (uint64_t) round_ms * 1000);
                round_ms = 0;
            }
        }
        fabric_core_take_output(f->core, send_output, &send_errors);
        fabric_core_take_readbacks(f->core, now, request_readback, NULL);
        if (now >= next_publish) {
            struct fabric_counters c;

            /* Readers of "counters" (kumo-bench polls discovery) never
             * wait for a busy fabric thread: they read this copy. */
            fabric_core_get_counters(f->core, &c);
            pthread_mutex_lock(&f->mutex);
            f->counters = c;
            f->have_counters = true;
            pthread_mutex_unlock(&f->mutex);
            next_publish = now + FABRIC_PUBLISH_MS;
        }
    }
    return NULL;
}

struct fabric *
fabric_start(const struct fabric_config *cfg_)
{
    struct fabric_config cfg = *cfg_;
    struct fabric *f;
    int error;

    if (!cfg.secret
        && getrandom(&cfg.secret, sizeof cfg.secret, 0)
           != (ssize_t) sizeof cfg.secret) {
        cfg.secret = (uint64_t) now_ms() * UINT64_C(0x9e3779b97f4a7c15)
                     ^ (uint64_t) getpid();
    }
    f = xzalloc(sizeof *f);
    f->core = fabric_core_create(&cfg);
    f->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (f->evfd < 0) {
        kumo_fatal("fabric: eventfd: %s", strerror(errno));
    }
    atomic_init(&f->stop, false);
    pthread_mutex_init(&f->mutex, NULL);
    f->tail = &f->head;
    f->running = true;
    f->vnet = cfg.vnet;
    f->overlay = cfg.overlay;

    if (atomic_load(&the_fabric)) {
        kumo_fatal("fabric: started twice");
    }
    atomic_store(&the_fabric, f);

    error = pthread_create(&f->thread, NULL, fabric_main, f);
    if (error) {
        kumo_fatal("fabric: pthread_create: %s", strerror(error));
    }
    LOG_INFO("fabric forwarding started (LLDP every %"PRIu64" ms)",
             cfg.lldp_interval_ms ? cfg.lldp_interval_ms : 1000);
    return f;
}

void
fabric_stop(struct fabric *f)
{
    struct fabric_event *ev, *next;

    if (!f) {
        return;
    }
    atomic_store(&the_fabric, NULL);
    atomic_store(&f->stop, true);
    wake(f);
    pthread_join(f->thread, NULL);

    pthread_mutex_lock(&f->mutex);
    f->running = false;
    ev = f->head;
    f->head = NULL;
    f->tail = &f->head;
    pthread_mutex_unlock(&f->mutex);
    for (; ev; ev = next) {
        next = ev->next;
        if (ev->type == FEV_CALL) {
            /* Only if the control thread still runs (it should have
             * stopped first): let the caller go. */
            pthread_mutex_lock(&ev->completion->mutex);
            ev->completion->done = true;
            pthread_cond_signal(&ev->completion->cond);
            pthread_mutex_unlock(&ev->completion->mutex);
        } else {
            free(ev);
        }
    }
    close(f->evfd);
    pthread_mutex_destroy(&f->mutex);
    fabric_core_destroy(f->core);
    if (f->vnet_snap) {
        f->vnet.release(f->vnet_snap);
    }
    fabric_overlay_destroy(f->overlay_facts);
    free(f);
}

int
fabric_call(void (*fn)(struct fabric_core *, void *, uint64_t), void *aux)
{
    struct completion done;
    struct fabric_event ev;

    memset(&ev, 0, sizeof ev);
    ev.type = FEV_CALL;
    ev.fn = fn;
    ev.aux = aux;
    ev.completion = &done;
    pthread_mutex_init(&done.mutex, NULL);
    pthread_cond_init(&done.cond, NULL);
    done.done = false;
    if (!post(&ev)) {
        pthread_cond_destroy(&done.cond);
        pthread_mutex_destroy(&done.mutex);
        return ESHUTDOWN;
    }
    pthread_mutex_lock(&done.mutex);
    while (!done.done) {
        pthread_cond_wait(&done.cond, &done.mutex);
    }
    pthread_mutex_unlock(&done.mutex);
    pthread_cond_destroy(&done.cond);
    pthread_mutex_destroy(&done.mutex);
    return 0;
}

bool
fabric_get_stats(struct fabric_stats *stats)
{
    struct fabric *f = atomic_load(&the_fabric);

    if (!f) {
        return false;
    }
    pthread_mutex_lock(&f->mutex);
    *stats = f->stats;
    pthread_mutex_unlock(&f->mutex);
    return true;
}

bool
fabric_get_counters(struct fabric_counters *c)
{
    struct fabric *f = atomic_load(&the_fabric);
    bool ok = false;

    if (f) {
        pthread_mutex_lock(&f->mutex);
        ok = f->have_counters;
        *c = f->counters;
        pthread_mutex_unlock(&f->mutex);
    }
    return ok;
}

bool
fabric_is_running(void)
{
    return atomic_load(&the_fabric) != NULL;
}

/* fabric_run_topology() / fabric_run_path(). */
struct view_ctx {
    const char *src, *dst;
    json_t *result;
    char *error;
};

static void
topology_on_fabric(struct fabric_core *fc, void *ctx_, uint64_t now)
{
    struct view_ctx *ctx = ctx_;

    ctx->result = fabric_show_topology(fc, now);
}

static void
path_on_fabric(struct fabric_core *fc, void *ctx_, uint64_t now)
{
    struct view_ctx *ctx = ctx_;

    ctx->result = fabric_show_path(fc, ctx->src, ctx->dst, now, &ctx->error);
}

static json_t *
run_view(void (*fn)(struct fabric_core *, void *, uint64_t),
         struct view_ctx *ctx, bool *not_running, char **errorp)
{
    *not_running = false;
    *errorp = NULL;
    if (fabric_call(fn, ctx)) {
        *not_running = true;
        return NULL;
    }
    if (!ctx->result) {
        *errorp = ctx->error;
        return NULL;
    }
    free(ctx->error);
    return ctx->result;
}

json_t *
fabric_run_topology(bool *not_running, char **errorp)
{
    struct view_ctx ctx = { NULL, NULL, NULL, NULL };

    return run_view(topology_on_fabric, &ctx, not_running, errorp);
}

json_t *
fabric_run_path(const char *src, const char *dst, bool *not_running,
                char **errorp)
{
    struct view_ctx ctx = { src, dst, NULL, NULL };

    return run_view(path_on_fabric, &ctx, not_running, errorp);
}
