/* core: see core.h.  Also implements the control-thread half of app.h. */
#include "core/core.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/ofswitch.h"
#include "core/worker.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(core);

#define CORE_MAX_APPS 8

/* One datapath id's current session. */
struct dpid_entry {
    uint64_t dpid;
    struct worker *worker;
    struct ofswitch *sw;
    uint64_t conn_id;
    struct dpid_entry *next;        /* In its hash bucket. */
};

struct core {
    struct core_options opts;
    struct pstream **listeners;
    size_t n_listeners;
    struct worker **workers;
    size_t n_workers;
    size_t rr;                      /* Round-robin start for ties. */
    int epfd;                       /* Acceptor's epoll. */
    int shutdown_fd;                /* eventfd written by shutdown. */
    atomic_bool shutdown;

    const struct app_ops *apps[CORE_MAX_APPS];
    size_t n_apps;

    /* Datapath-id registry: touched at handshake, disconnect and by the
     * control thread; never on the packet-in path. */
    pthread_mutex_t dpid_mutex;
    struct dpid_entry **buckets;
    size_t n_buckets;               /* Power of 2. */
    size_t n_dpids;
};

/* The one core of this process (for core_request_shutdown() from signal
 * handlers and for the app.h control-thread functions). */
static struct core *the_core;
/* Apps registered before core_create(). */
static const struct app_ops *pending_apps[CORE_MAX_APPS];
static size_t n_pending_apps;

int64_t
core_time_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
core_wall_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
core_options_init(struct core_options *o)
{
    memset(o, 0, sizeof *o);
    ofconn_options_init(&o->ofconn);
    o->send_queue_soft = 256 * 1024;
    o->send_queue_hard = 1024 * 1024;
    o->packet_in_budget = 1024;
}

int
core_app_register(const struct app_ops *ops)
{
    struct core *core = the_core;

    if (core) {
        if (core->n_apps >= CORE_MAX_APPS) {
            return ENOSPC;
        }
        core->apps[core->n_apps++] = ops;
    } else {
        if (n_pending_apps >= CORE_MAX_APPS) {
            return ENOSPC;
        }
        pending_apps[n_pending_apps++] = ops;
    }
    return 0;
}

const struct app_ops *const *
core_get_apps(const struct core *core, size_t *n)
{
    *n = core->n_apps;
    return core->apps;
}

const struct core_options *
core_get_options(const struct core *core)
{
    return &core->opts;
}

size_t
core_get_n_listeners(const struct core *core)
{
    return core->n_listeners;
}

const char *
core_get_listener_name(const struct core *core, size_t i)
{
    return pstream_get_name(core->listeners[i]);
}

int
core_create(const struct core_options *o, struct core **corep, char **errorp)
{
    struct core *core;
    size_t i;
    int n_workers;

    *corep = NULL;
    *errorp = NULL;
    if (the_core) {
        *errorp = xstrdup("a core already exists");
        return EBUSY;
    }
    core = xzalloc(sizeof *core);
    core->opts = *o;
    core->opts.listens = NULL;
    core->opts.n_listens = 0;
    memset(&core->opts.ssl, 0, sizeof core->opts.ssl);
    if (core->opts.packet_in_budget < 1) {
        core->opts.packet_in_budget = 1;
    }
    atomic_init(&core->shutdown, false);
    pthread_mutex_init(&core->dpid_mutex, NULL);
    core->n_buckets = 64;
    core->buckets = xcalloc(core->n_buckets, sizeof *core->buckets);
    memcpy(core->apps, pending_apps, sizeof pending_apps);
    core->n_apps = n_pending_apps;
    n_pending_apps = 0;

    core->epfd = epoll_create1(EPOLL_CLOEXEC);
    core->shutdown_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (core->epfd < 0 || core->shutdown_fd < 0) {
        int error = errno;
        *errorp = xasprintf("epoll/eventfd: %s", strerror(error));
        core_destroy(core);
        return error;
    }
    {
        struct epoll_event ev;
        memset(&ev, 0, sizeof ev);
        ev.events = EPOLLIN;
        ev.data.ptr = NULL;
        epoll_ctl(core->epfd, EPOLL_CTL_ADD, core->shutdown_fd, &ev);
    }

    core->listeners = xcalloc(o->n_listens ? o->n_listens : 1,
                              sizeof *core->listeners);
    for (i = 0; i < o->n_listens; i++) {
        struct epoll_event ev;
        struct pstream *ps;
        int error = pstream_open(o->listens[i], &o->ssl, &ps, errorp);
        if (error) {
            core_destroy(core);
            return error;
        }
        core->listeners[core->n_listeners++] = ps;
        memset(&ev, 0, sizeof ev);
        ev.events = EPOLLIN;
        ev.data.ptr = ps;
        epoll_ctl(core->epfd, EPOLL_CTL_ADD, pstream_get_fd(ps), &ev);
        LOG_INFO("listening on %s", pstream_get_name(ps));
    }

    n_workers = o->n_workers > 0 ? o->n_workers
                                 : (int) sysconf(_SC_NPROCESSORS_ONLN);
    if (n_workers < 1) {
        n_workers = 1;
    }
    core->workers = xcalloc(n_workers, sizeof *core->workers);
    the_core = core;
    for (i = 0; i < (size_t) n_workers; i++) {
        core->workers[i] = worker_create(core, (int) i);
        core->n_workers++;
    }
    for (i = 0; i < core->n_workers; i++) {
        worker_start(core->workers[i]);
    }
    LOG_INFO("%zu worker thread%s", core->n_workers,
             core->n_workers == 1 ? "" : "s");
    *corep = core;
    return 0;
}

/* Picks the least loaded worker; ties go round-robin. */
static struct worker *
pick_worker(struct core *core)
{
    struct worker *best = NULL;
    size_t best_load = SIZE_MAX;
    size_t i;

    for (i = 0; i < core->n_workers; i++) {
        struct worker *w = core->workers[(core->rr + i) % core->n_workers];
        size_t load = worker_get_load(w);
        if (load < best_load) {
            best = w;
            best_load = load;
        }
    }
    core->rr++;
    return best;
}

static struct log_ratelimit accept_rl = LOG_RATELIMIT_INIT(60, 10);

void
core_run(struct core *core)
{
    int64_t paused_until = 0;

    while (!atomic_load(&core->shutdown)) {
        struct epoll_event events[64];
        int timeout = paused_until ? 100 : -1;
        int n, i;

        n = epoll_wait(core->epfd, events, ARRAY_SIZE(events), timeout);
        if (paused_until && core_time_msec() >= paused_until) {
            /* Out of descriptors earlier: listen again. */
            for (i = 0; i < (int) core->n_listeners; i++) {
                struct epoll_event ev;
                memset(&ev, 0, sizeof ev);
                ev.events = EPOLLIN;
                ev.data.ptr = core->listeners[i];
                epoll_ctl(core->epfd, EPOLL_CTL_MOD,
                          pstream_get_fd(core->listeners[i]), &ev);
            }
            paused_until = 0;
        }
        for (i = 0; i < n; i++) {
            struct pstream *ps = events[i].data.ptr;
            int accepted = 0;

            if (!ps) {
                continue;       /* Shutdown: the loop condition sees it. */
            }
            while (accepted++ < 256) {
                struct stream *s;
                int error = pstream_accept(ps, &s);
                if (error == EAGAIN) {
                    break;
                } else if (error) {
                    LOG_WARN_RL(&accept_rl, "%s: accept: %s",
                                pstream_get_name(ps), strerror(error));
                    if (error == EMFILE || error == ENFILE
                        || error == ENOBUFS || error == ENOMEM) {
                        struct epoll_event ev;
                        memset(&ev, 0, sizeof ev);
                        ev.data.ptr = ps;
                        epoll_ctl(core->epfd, EPOLL_CTL_MOD,
                                  pstream_get_fd(ps), &ev);
                        paused_until = core_time_msec() + 100;
                    }
                    break;
                }
                worker_add_stream(pick_worker(core), s);
            }
        }
    }
}

void
core_request_shutdown(void)
{
    struct core *core = the_core;

    if (core) {
        uint64_t one = 1;
        ssize_t n;

        atomic_store(&core->shutdown, true);
        n = write(core->shutdown_fd, &one, sizeof one);
        (void) n;
    }
}

void
core_destroy(struct core *core)
{
    size_t i;

    if (!core) {
        return;
    }
    atomic_store(&core->shutdown, true);
    for (i = 0; i < core->n_listeners; i++) {
        pstream_close(core->listeners[i]);
    }
    for (i = 0; i < core->n_workers; i++) {
        worker_destroy(core->workers[i]);
    }
    for (i = 0; i < core->n_buckets; i++) {
        struct dpid_entry *e, *next;
        for (e = core->buckets[i]; e; e = next) {
            next = e->next;
            free(e);
        }
    }
    if (the_core == core) {
        the_core = NULL;
    }
    free(core->buckets);
    free(core->workers);
    free(core->listeners);
    if (core->epfd >= 0) {
        close(core->epfd);
    }
    if (core->shutdown_fd >= 0) {
        close(core->shutdown_fd);
    }
    pthread_mutex_destroy(&core->dpid_mutex);
    free(core);
}

/* ---- Datapath-id registry. ---- */

static size_t
dpid_hash(uint64_t dpid)
{
    dpid ^= dpid >> 33;
    dpid *= UINT64_C(0xff51afd7ed558ccd);
    dpid ^= dpid >> 33;
    return (size_t) dpid;
}

static struct dpid_entry **
dpid_slot(struct core *core, uint64_t dpid)
{
    struct dpid_entry **slot;

    slot = &core->buckets[dpid_hash(dpid) & (core->n_buckets - 1)];
    while (*slot && (*slot)->dpid != dpid) {
        slot = &(*slot)->next;
    }
    return slot;
}

static void
dpid_grow(struct core *core)
{
    size_t n = core->n_buckets * 2;
    struct dpid_entry **b = xcalloc(n, sizeof *b);
    size_t i;

    for (i = 0; i < core->n_buckets; i++) {
        struct dpid_entry *e, *next;
        for (e = core->buckets[i]; e; e = next) {
            size_t h = dpid_hash(e->dpid) & (n - 1);
            next = e->next;
            e->next = b[h];
            b[h] = e;
        }
    }
    free(core->buckets);
    core->buckets = b;
    core->n_buckets = n;
}

void
core_dpid_register(struct core *core, uint64_t dpid, struct worker *w,
                   struct ofswitch *sw, uint64_t conn_id)
{
    struct worker *old_w = NULL;
    struct ofswitch *old_sw = NULL;
    uint64_t old_id = 0;
    struct dpid_entry **slot;

    pthread_mutex_lock(&core->dpid_mutex);
    slot = dpid_slot(core, dpid);
    if (*slot) {
        old_w = (*slot)->worker;
        old_sw = (*slot)->sw;
        old_id = (*slot)->conn_id;
    } else {
        if (core->n_dpids >= core->n_buckets) {
            dpid_grow(core);
            slot = dpid_slot(core, dpid);
        }
        *slot = xzalloc(sizeof **slot);
        (*slot)->dpid = dpid;
        core->n_dpids++;
    }
    (*slot)->worker = w;
    (*slot)->sw = sw;
    (*slot)->conn_id = conn_id;
    pthread_mutex_unlock(&core->dpid_mutex);

    if (old_sw && old_sw != sw) {
        if (old_w == w) {
            /* Same thread: close it directly (reaped at end of turn). */
            old_sw->registered = false;
            w->counters.dpid_replaced++;
            LOG_INFO("switch %016"PRIx64" reconnected; closing the stale "
                     "session", dpid);
            ofswitch_close(old_sw, "replaced by a new session for its "
                           "datapath id");
        } else {
            worker_kill(old_w, old_sw, old_id);
        }
    }
}

void
core_dpid_unregister(struct core *core, uint64_t dpid,
                     const struct ofswitch *sw)
{
    struct dpid_entry **slot;

    pthread_mutex_lock(&core->dpid_mutex);
    slot = dpid_slot(core, dpid);
    if (*slot && (*slot)->sw == sw) {
        struct dpid_entry *e = *slot;
        *slot = e->next;
        free(e);
        core->n_dpids--;
    }
    pthread_mutex_unlock(&core->dpid_mutex);
}

/* Finds 'dpid''s session.  Returns false if none. */
static bool
dpid_lookup(struct core *core, uint64_t dpid, struct worker **w,
            struct ofswitch **sw, uint64_t *conn_id)
{
    struct dpid_entry **slot;
    bool found;

    pthread_mutex_lock(&core->dpid_mutex);
    slot = dpid_slot(core, dpid);
    found = *slot != NULL;
    if (found) {
        *w = (*slot)->worker;
        *sw = (*slot)->sw;
        *conn_id = (*slot)->conn_id;
    }
    pthread_mutex_unlock(&core->dpid_mutex);
    return found;
}

/* ---- app.h: control-thread functions. ---- */

int
core_switch_call(uint64_t dpid, void (*fn)(struct ofswitch *, void *),
                 void *arg)
{
    struct core *core = the_core;
    struct ofswitch *sw;
    struct worker *w;
    uint64_t id;

    if (!core || atomic_load(&core->shutdown)) {
        return ESHUTDOWN;
    }
    if (!dpid_lookup(core, dpid, &w, &sw, &id)) {
        return ENOENT;
    }
    return worker_call(w, sw, id, fn, arg);
}

int
core_switch_send(uint64_t dpid, struct buf *msg)
{
    struct core *core = the_core;
    struct ofswitch *sw;
    struct worker *w;
    uint64_t id;

    if (!core || atomic_load(&core->shutdown)) {
        buf_clear(msg);
        return ESHUTDOWN;
    }
    if (!dpid_lookup(core, dpid, &w, &sw, &id)) {
        buf_clear(msg);
        return ENOENT;
    }
    return worker_send(w, sw, id, msg);
}

/* State shared between the control thread and the worker for
 * core_switch_request(). */
struct request_ctx {
    const struct buf *msg;
    int timeout_ms;
    struct core_reply *reply;
    bool queued;
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    bool done;
};

static void
request_reply_cb(struct ofswitch *sw, const struct ofswitch_reply *r,
                 void *ctx_)
{
    struct request_ctx *ctx = ctx_;

    (void) sw;
    ctx->reply->error = r->error;
    if (r->msg) {
        size_t len = ntohs(r->msg->length);
        ctx->reply->msg = buf_create(len);
        buf_put(ctx->reply->msg, r->msg, len);
    }
    if (r->body) {
        ctx->reply->body = buf_create(r->body_size);
        buf_put(ctx->reply->body, r->body, r->body_size);
    }
    pthread_mutex_lock(&ctx->mutex);
    ctx->done = true;
    pthread_cond_signal(&ctx->cond);
    pthread_mutex_unlock(&ctx->mutex);
}

static void
request_start(struct ofswitch *sw, void *ctx_)
{
    struct request_ctx *ctx = ctx_;
    struct buf copy;

    buf_init(&copy, ctx->msg->size);
    buf_put(&copy, ctx->msg->data, ctx->msg->size);
    ctx->queued = ofswitch_request(sw, &copy, ctx->timeout_ms,
                                   request_reply_cb, ctx) != 0;
    buf_uninit(&copy);
}

int
core_switch_request(uint64_t dpid, const struct buf *msg, int timeout_ms,
                    struct core_reply *reply)
{
    struct request_ctx ctx;
    int error;

    memset(reply, 0, sizeof *reply);
    memset(&ctx, 0, sizeof ctx);
    ctx.msg = msg;
    ctx.timeout_ms = timeout_ms;
    ctx.reply = reply;
    pthread_mutex_init(&ctx.mutex, NULL);
    pthread_cond_init(&ctx.cond, NULL);
    error = core_switch_call(dpid, request_start, &ctx);
    if (!error && !ctx.queued) {
        reply->error = ENOBUFS;
    } else if (!error) {
        /* The callback always runs: reply, error, timeout or ENOTCONN. */
        pthread_mutex_lock(&ctx.mutex);
        while (!ctx.done) {
            pthread_cond_wait(&ctx.cond, &ctx.mutex);
        }
        pthread_mutex_unlock(&ctx.mutex);
    }
    pthread_cond_destroy(&ctx.cond);
    pthread_mutex_destroy(&ctx.mutex);
    return error;
}

void
core_reply_uninit(struct core_reply *reply)
{
    if (reply) {
        buf_destroy(reply->msg);
        buf_destroy(reply->body);
        reply->msg = reply->body = NULL;
    }
}

static int
compare_info(const void *a_, const void *b_)
{
    const struct core_switch_info *a = a_, *b = b_;
    return a->dpid < b->dpid ? -1 : a->dpid > b->dpid;
}

/* add_global() treats the struct as an array of counters. */
static_assert(sizeof(struct core_global_counters) % sizeof(uint64_t) == 0,
              "struct core_global_counters must hold only uint64_t");

static void
add_global(struct core_global_counters *sum,
           const struct core_global_counters *c)
{
    uint64_t *s = (uint64_t *) sum;
    const uint64_t *x = (const uint64_t *) c;
    size_t i;

    for (i = 0; i < sizeof *c / sizeof(uint64_t); i++) {
        s[i] += x[i];
    }
}

struct core_snapshot *
core_snapshot_take(void)
{
    struct core *core = the_core;
    struct worker_snapshot *parts;
    struct core_snapshot *snap;
    size_t i, j, n = 0;

    if (!core || atomic_load(&core->shutdown)) {
        return NULL;
    }
    parts = xcalloc(core->n_workers, sizeof *parts);
    for (i = 0; i < core->n_workers; i++) {
        if (worker_snapshot(core->workers[i], &parts[i])) {
            for (j = 0; j <= i; j++) {
                size_t k;
                for (k = 0; k < parts[j].n_infos; k++) {
                    free(parts[j].infos[k].ports);
                }
                free(parts[j].infos);
            }
            free(parts);
            return NULL;
        }
        n += parts[i].n_infos;
    }

    snap = xzalloc(sizeof *snap);
    snap->switches = n ? xcalloc(n, sizeof *snap->switches) : NULL;
    snap->n_workers = core->n_workers;
    for (i = 0; i < core->n_workers; i++) {
        for (j = 0; j < parts[i].n_infos; j++) {
            snap->switches[snap->n_switches] = parts[i].infos[j];
            ofswitch_counters_add(&snap->total,
                                  &parts[i].infos[j].counters);
            snap->n_switches++;
        }
        add_global(&snap->global, &parts[i].global);
        ofswitch_counters_add(&snap->total, &parts[i].closed);
        snap->n_connections += parts[i].n_conns;
        free(parts[i].infos);
    }
    free(parts);
    if (snap->n_switches) {     /* qsort(NULL, 0) is undefined. */
        qsort(snap->switches, snap->n_switches, sizeof *snap->switches,
              compare_info);
    }
    return snap;
}

void
core_snapshot_destroy(struct core_snapshot *snap)
{
    size_t i;

    if (snap) {
        for (i = 0; i < snap->n_switches; i++) {
            free(snap->switches[i].ports);
        }
        free(snap->switches);
        free(snap);
    }
}

const struct core_switch_info *
core_snapshot_find(const struct core_snapshot *snap, uint64_t dpid)
{
    struct core_switch_info key;

    key.dpid = dpid;
    return snap->n_switches
           ? bsearch(&key, snap->switches, snap->n_switches,
                     sizeof *snap->switches, compare_info)
           : NULL;
}
