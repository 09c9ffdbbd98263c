/* worker: see worker.h. */
#include "core/worker.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/core.h"
#include "core/ofswitch.h"
#include "core/stream.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(worker);

/* A blocking caller waits on one of these. */
struct completion {
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    bool done;
};

enum worker_cmd_type {
    CMD_NEW_STREAM,             /* Fire and forget; heap allocated. */
    CMD_KILL,                   /* Fire and forget; heap allocated. */
    CMD_CALL,                   /* Blocking; on the caller's stack. */
    CMD_SNAPSHOT,               /* Blocking; on the caller's stack. */
    CMD_SEND,                   /* Fire and forget; heap allocated with
                                 * the bytes to send after it. */
};

struct worker_cmd {
    enum worker_cmd_type type;
    struct worker_cmd *next;
    struct stream *stream;
    struct ofswitch *sw;
    uint64_t conn_id;
    void (*fn)(struct ofswitch *, void *);
    void *arg;
    struct worker_snapshot *snap;
    int result;
    struct completion *completion;
    size_t size;                /* CMD_SEND: bytes in 'data'. */
    uint8_t data[];             /* CMD_SEND: the messages. */
};

static void *worker_main(void *);

static void
completion_init(struct completion *c)
{
    pthread_mutex_init(&c->mutex, NULL);
    pthread_cond_init(&c->cond, NULL);
    c->done = false;
}

static void
completion_wait(struct completion *c)
{
    pthread_mutex_lock(&c->mutex);
    while (!c->done) {
        pthread_cond_wait(&c->cond, &c->mutex);
    }
    pthread_mutex_unlock(&c->mutex);
    pthread_cond_destroy(&c->cond);
    pthread_mutex_destroy(&c->mutex);
}

static void
completion_signal(struct completion *c)
{
    pthread_mutex_lock(&c->mutex);
    c->done = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->mutex);
}

struct worker *
worker_create(struct core *core, int idx)
{
    struct worker *w = xzalloc(sizeof *w);
    struct epoll_event ev;

    w->core = core;
    w->idx = idx;
    w->epfd = epoll_create1(EPOLL_CLOEXEC);
    w->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w->epfd < 0 || w->evfd < 0) {
        kumo_fatal("worker: epoll/eventfd: %s", strerror(errno));
    }
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = NULL;
    epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->evfd, &ev);
    pthread_mutex_init(&w->mutex, NULL);
    w->cmds_tail = &w->cmds;
    list_init(&w->switches);
    list_init(&w->ready);
    list_init(&w->dirty);
    list_init(&w->dead);
    atomic_init(&w->n_conns, 0);
    atomic_init(&w->stop, false);
    w->next_conn_id = ((uint64_t) idx << 48) + 1;
    w->rxbuf = xmalloc(WORKER_RXBUF_SIZE);
    buf_init(&w->out, 4096);
    return w;
}

void
worker_start(struct worker *w)
{
    int error = pthread_create(&w->thread, NULL, worker_main, w);
    if (error) {
        kumo_fatal("worker: pthread_create: %s", strerror(error));
    }
}

static void
wake(struct worker *w)
{
    uint64_t one = 1;
    ssize_t n = write(w->evfd, &one, sizeof one);
    (void) n;       /* EAGAIN: the counter is already nonzero. */
}

/* Queues 'cmd'.  Returns false if the worker no longer takes commands.
 * Wakes the worker only when the queue was empty: run_commands() takes
 * the whole queue, so a queue that already holds a command has a wake-up
 * pending for it (the fabric thread posts ~100 sends in a burst: one
 * eventfd write instead of one per switch). */
static bool
post(struct worker *w, struct worker_cmd *cmd)
{
    bool ok, was_empty = false;

    cmd->next = NULL;
    pthread_mutex_lock(&w->mutex);
    ok = !w->stopped;
    if (ok) {
        was_empty = !w->cmds;
        *w->cmds_tail = cmd;
        w->cmds_tail = &cmd->next;
    }
    pthread_mutex_unlock(&w->mutex);
    if (was_empty) {
        wake(w);
    }
    return ok;
}

void
worker_destroy(struct worker *w)
{
    if (!w) {
        return;
    }
    atomic_store(&w->stop, true);
    wake(w);
    pthread_join(w->thread, NULL);
    close(w->epfd);
    close(w->evfd);
    pthread_mutex_destroy(&w->mutex);
    free(w->rxbuf);
    buf_uninit(&w->out);
    free(w);
}

void
worker_add_stream(struct worker *w, struct stream *s)
{
    struct worker_cmd *cmd = xzalloc(sizeof *cmd);

    cmd->type = CMD_NEW_STREAM;
    cmd->stream = s;
    atomic_fetch_add(&w->n_conns, 1);
    if (!post(w, cmd)) {
        atomic_fetch_sub(&w->n_conns, 1);
        stream_close(s);
        free(cmd);
    }
}

size_t
worker_get_load(const struct worker *w)
{
    return atomic_load(&((struct worker *) w)->n_conns);
}

int
worker_call(struct worker *w, struct ofswitch *sw, uint64_t conn_id,
            void (*fn)(struct ofswitch *, void *), void *arg)
{
    struct completion done;
    struct worker_cmd cmd;

    memset(&cmd, 0, sizeof cmd);
    cmd.type = CMD_CALL;
    cmd.sw = sw;
    cmd.conn_id = conn_id;
    cmd.fn = fn;
    cmd.arg = arg;
    cmd.completion = &done;
    completion_init(&done);
    if (!post(w, &cmd)) {
        pthread_cond_destroy(&done.cond);
        pthread_mutex_destroy(&done.mutex);
        return ESHUTDOWN;
    }
    completion_wait(&done);
    return cmd.result;
}

void
worker_kill(struct worker *w, struct ofswitch *sw, uint64_t conn_id)
{
    struct worker_cmd *cmd = xzalloc(sizeof *cmd);

    cmd->type = CMD_KILL;
    cmd->sw = sw;
    cmd->conn_id = conn_id;
    if (!post(w, cmd)) {
        free(cmd);
    }
}

int
worker_send(struct worker *w, struct ofswitch *sw, uint64_t conn_id,
            struct buf *msg)
{
    struct worker_cmd *cmd = xmalloc(sizeof *cmd + msg->size);

    memset(cmd, 0, sizeof *cmd);
    cmd->type = CMD_SEND;
    cmd->sw = sw;
    cmd->conn_id = conn_id;
    cmd->size = msg->size;
    if (msg->size) {
        memcpy(cmd->data, msg->data, msg->size);
    }
    buf_clear(msg);
    if (!post(w, cmd)) {
        free(cmd);
        return ESHUTDOWN;
    }
    return 0;
}

int
worker_snapshot(struct worker *w, struct worker_snapshot *snap)
{
    struct completion done;
    struct worker_cmd cmd;

    memset(&cmd, 0, sizeof cmd);
    memset(snap, 0, sizeof *snap);
    cmd.type = CMD_SNAPSHOT;
    cmd.snap = snap;
    cmd.completion = &done;
    completion_init(&done);
    if (!post(w, &cmd)) {
        pthread_cond_destroy(&done.cond);
        pthread_mutex_destroy(&done.mutex);
        return ESHUTDOWN;
    }
    completion_wait(&done);
    return cmd.result;
}

void
worker_mark_ready(struct worker *w, struct ofswitch *sw)
{
    if (list_is_empty(&sw->ready_node) && !sw->closing) {
        list_push_back(&w->ready, &sw->ready_node);
    }
}

void
worker_mark_dirty(struct worker *w, struct ofswitch *sw)
{
    if (list_is_empty(&sw->dirty_node)) {
        list_push_back(&w->dirty, &sw->dirty_node);
    }
}

void
worker_mark_dead(struct worker *w, struct ofswitch *sw)
{
    list_remove(&sw->ready_node);
    if (list_is_empty(&sw->dead_node)) {
        list_push_back(&w->dead, &sw->dead_node);
    }
}

void
worker_note_timer(struct worker *w, int64_t when)
{
    if (when < w->next_timer) {
        w->next_timer = when;
    }
}

void
worker_set_want_out(struct worker *w, struct ofswitch *sw, bool out)
{
    struct epoll_event ev;

    if (sw->want_out == out) {
        return;
    }
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN | (out ? EPOLLOUT : 0);
    ev.data.ptr = sw;
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, sw->fd, &ev);
    sw->want_out = out;
}

/* Finds 'sw' among the worker's switches, checking 'conn_id' so that a
 * freed and reused address is never mistaken for it. */
static struct ofswitch *
find_switch(struct worker *w, const struct ofswitch *target, uint64_t id)
{
    struct list *node, *next;
    struct ofswitch *sw;

    LIST_FOR_EACH_SAFE (sw, node, next, node, &w->switches) {
        if (sw == target && sw->id == id) {
            return sw;
        }
    }
    return NULL;
}

static void
new_stream(struct worker *w, struct stream *s)
{
    struct ofswitch *sw = ofswitch_create(w, s, w->next_conn_id++, w->now);
    struct epoll_event ev;

    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = sw;
    list_push_back(&w->switches, &sw->node);
    w->counters.accepted++;
    if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, sw->fd, &ev) < 0) {
        LOG_ERR("epoll_ctl: %s", strerror(errno));
        ofswitch_close(sw, "epoll registration failed");
        return;
    }
    worker_mark_ready(w, sw);
}

static void
fill_snapshot(struct worker *w, struct worker_snapshot *snap)
{
    struct list *node, *next;
    struct ofswitch *sw;
    size_t n = 0;

    LIST_FOR_EACH_SAFE (sw, node, next, node, &w->switches) {
        snap->n_conns++;
        if (sw->up && !sw->closing) {
            n++;
        }
    }
    snap->infos = n ? xcalloc(n, sizeof *snap->infos) : NULL;
    LIST_FOR_EACH_SAFE (sw, node, next, node, &w->switches) {
        if (sw->up && !sw->closing) {
            ofswitch_get_info(sw, &snap->infos[snap->n_infos++]);
        }
    }
    snap->global = w->counters;
    snap->closed = w->closed_counters;
}

static void
run_command(struct worker *w, struct worker_cmd *cmd)
{
    struct ofswitch *sw;

    switch (cmd->type) {
    case CMD_NEW_STREAM:
        new_stream(w, cmd->stream);
        free(cmd);
        return;
    case CMD_KILL:
        sw = find_switch(w, cmd->sw, cmd->conn_id);
        if (sw) {
            w->counters.dpid_replaced++;
            LOG_INFO("%s: switch %016"PRIx64" reconnected elsewhere; "
                     "closing the stale session", stream_get_name(sw->stream),
                     sw->conn.dpid);
            ofswitch_close(sw, "replaced by a new session for its "
                           "datapath id");
        }
        free(cmd);
        return;
    case CMD_CALL:
        sw = find_switch(w, cmd->sw, cmd->conn_id);
        if (sw && sw->up && !sw->closing) {
            cmd->fn(sw, cmd->arg);
            cmd->result = 0;
        } else {
            cmd->result = ENOENT;
        }
        completion_signal(cmd->completion);
        return;
    case CMD_SNAPSHOT:
        fill_snapshot(w, cmd->snap);
        cmd->result = 0;
        completion_signal(cmd->completion);
        return;
    case CMD_SEND:
        sw = find_switch(w, cmd->sw, cmd->conn_id);
        if (sw && sw->up && !sw->closing && cmd->size) {
            struct buf b;

            /* ofswitch_send() only reads and clears the buffer. */
            buf_use_stub(&b, cmd->data, cmd->size);
            b.size = cmd->size;
            ofswitch_send(sw, &b);
            buf_uninit(&b);
        }
        free(cmd);
        return;
    }
}

/* Takes the whole command queue and runs it. */
static void
run_commands(struct worker *w)
{
    struct worker_cmd *cmd, *next;
    uint64_t count;
    ssize_t n = read(w->evfd, &count, sizeof count);

    (void) n;
    pthread_mutex_lock(&w->mutex);
    cmd = w->cmds;
    w->cmds = NULL;
    w->cmds_tail = &w->cmds;
    pthread_mutex_unlock(&w->mutex);
    for (; cmd; cmd = next) {
        next = cmd->next;
        run_command(w, cmd);
    }
}

static void
reap(struct worker *w)
{
    struct ofswitch *sw;

    while (!list_is_empty(&w->dead)) {
        sw = CONTAINER_OF(w->dead.next, struct ofswitch, dead_node);
        /* One last best-effort write: an ERROR explaining the close. */
        ofswitch_flush(sw);
        epoll_ctl(w->epfd, EPOLL_CTL_DEL, sw->fd, NULL);
        ofswitch_destroy(sw, w->now);
        atomic_fetch_sub(&w->n_conns, 1);
    }
}

static void
run_timers(struct worker *w)
{
    struct list *node, *next;
    struct ofswitch *sw;

    w->next_timer = w->now + 1000;
    LIST_FOR_EACH_SAFE (sw, node, next, node, &w->switches) {
        ofswitch_run(sw, w->now);
        if (!sw->closing) {
            worker_note_timer(w, ofswitch_next_timer(sw));
        }
    }
    /* Timers are scanned, not kept in a heap: with thousands of switches
     * whose deadlines spread out, scan at most every 10 ms (a timer fires
     * up to 10 ms late, which no OpenFlow timeout notices). */
    if (w->next_timer < w->now + 10) {
        w->next_timer = w->now + 10;
    }
}

static void
worker_loop(struct worker *w)
{
    struct epoll_event events[256];

    w->now = core_time_msec();
    w->next_timer = w->now + 1000;
    while (!atomic_load(&w->stop)) {
        struct ofswitch *sw;
        int timeout;
        int n, i;

        if (!list_is_empty(&w->ready)) {
            timeout = 0;
        } else {
            int64_t wait = w->next_timer - w->now;
            timeout = wait < 0 ? 0 : wait > 1000 ? 1000 : (int) wait;
        }
        n = epoll_wait(w->epfd, events, ARRAY_SIZE(events), timeout);
        w->now = core_time_msec();
        if (n < 0 && errno != EINTR) {
            LOG_ERR("epoll_wait: %s", strerror(errno));
        }
        for (i = 0; i < n; i++) {
            sw = events[i].data.ptr;
            if (!sw) {
                run_commands(w);
                continue;
            }
            if (sw->closing) {
                continue;
            }
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                sw->need_read = true;
                worker_mark_ready(w, sw);
            }
            if (events[i].events & EPOLLOUT) {
                if (sw->tls_pending) {
                    worker_mark_ready(w, sw);
                } else {
                    worker_mark_dirty(w, sw);
                }
            }
        }

        /* Every ready switch gets one budgeted turn; those with work left
         * move to the back and keep their place for the next turn. */
        {
            struct list turn;

            list_init(&turn);
            if (!list_is_empty(&w->ready)) {
                /* Splice the ready list into 'turn'. */
                turn.next = w->ready.next;
                turn.prev = w->ready.prev;
                turn.next->prev = &turn;
                turn.prev->next = &turn;
                list_init(&w->ready);
            }
            /* Pop from the front: processing one switch may close another
             * (a replaced session), which unlinks it from 'turn'. */
            while (!list_is_empty(&turn)) {
                sw = CONTAINER_OF(turn.next, struct ofswitch, ready_node);
                list_remove(&sw->ready_node);
                if (ofswitch_process(sw, w->now)) {
                    worker_mark_ready(w, sw);
                }
                /* Write this switch's answers at once rather than after
                 * every other switch's turn: still one send per switch per
                 * iteration, but the peer can work on them while we read
                 * the next switch (latency mode: 0.63x -> see
                 * docs/performance.md).  Output made for other switches
                 * goes out in the loop below. */
                if (!list_is_empty(&sw->dirty_node) && !sw->closing) {
                    list_remove(&sw->dirty_node);
                    ofswitch_flush(sw);
                }
            }
        }

        if (w->now >= w->next_timer) {
            run_timers(w);
        }
        while (!list_is_empty(&w->dirty)) {
            sw = CONTAINER_OF(w->dirty.next, struct ofswitch, dirty_node);
            list_remove(&sw->dirty_node);
            ofswitch_flush(sw);
        }
        reap(w);
    }
}

static void *
worker_main(void *w_)
{
    struct worker *w = w_;
    struct list *node, *next;
    struct ofswitch *sw;
    struct worker_cmd *cmd, *cmd_next;

    worker_loop(w);

    /* Stop taking commands, then fail or drop whatever is queued. */
    pthread_mutex_lock(&w->mutex);
    w->stopped = true;
    cmd = w->cmds;
    w->cmds = NULL;
    w->cmds_tail = &w->cmds;
    pthread_mutex_unlock(&w->mutex);
    for (; cmd; cmd = cmd_next) {
        cmd_next = cmd->next;
        if (cmd->type == CMD_NEW_STREAM) {
            stream_close(cmd->stream);
            atomic_fetch_sub(&w->n_conns, 1);
            free(cmd);
        } else if (cmd->type == CMD_KILL || cmd->type == CMD_SEND) {
            free(cmd);
        } else {
            cmd->result = ESHUTDOWN;
            completion_signal(cmd->completion);
        }
    }
    LIST_FOR_EACH_SAFE (sw, node, next, node, &w->switches) {
        ofswitch_close(sw, "kumod shutting down");
    }
    reap(w);
    return NULL;
}
