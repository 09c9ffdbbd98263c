/* worker: one thread with its own epoll loop, owning a shard of the
 * switch connections.
 *
 * Each loop iteration: wait for events; run queued commands from other
 * threads (new connection, call a function on a switch, snapshot, kill a
 * replaced session); let every ready switch read and process messages
 * within its packet-in budget, round-robin (a switch with backlog left
 * keeps its place for the next iteration, so one flooding switch cannot
 * starve the others); run timers; then write every switch's queued output
 * with one send call each; reap closed switches.  Nothing on this path
 * takes a lock: other threads reach a worker only through its command
 * queue (a mutex held for a pointer swap, plus an eventfd). */
#ifndef KUMO_CORE_WORKER_H
#define KUMO_CORE_WORKER_H 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/app.h"
#include "core/list.h"
#include "core/ofconn.h"
#include "lib/buf.h"

struct core;
struct stream;
struct ofswitch;
struct worker_cmd;

/* Size of the per-worker read buffer: one read takes up to this much. */
#define WORKER_RXBUF_SIZE (256 * 1024)

/* A worker's part of a snapshot. */
struct worker_snapshot {
    struct core_switch_info *infos;
    size_t n_infos;
    struct core_global_counters global;
    struct ofswitch_counters closed;    /* Sum over closed switches. */
    size_t n_conns;
};

struct worker {
    struct core *core;
    int idx;
    pthread_t thread;
    int epfd;                       /* epoll instance. */
    int evfd;                       /* eventfd: commands are queued. */

    pthread_mutex_t mutex;          /* Protects the command queue only. */
    struct worker_cmd *cmds, **cmds_tail;
    bool stopped;                   /* No more commands accepted. */
    atomic_bool stop;               /* Asked to stop. */

    /* Owned by the worker thread. */
    struct list switches;           /* All connections. */
    struct list ready;              /* Have input to process. */
    struct list dirty;              /* Have output to write. */
    struct list dead;               /* Closing: reap at end of iteration. */
    atomic_size_t n_conns;          /* Read by the acceptor (load). */
    uint64_t next_conn_id;
    int64_t now;                    /* Time of this iteration. */
    int64_t next_timer;             /* Earliest timer of any switch. */
    uint8_t *rxbuf;                 /* WORKER_RXBUF_SIZE bytes. */
    struct buf out;                 /* Scratch for FSM output. */
    struct ofconn_event ev;         /* Scratch event. */
    struct core_global_counters counters;
    struct ofswitch_counters closed_counters;   /* Of closed switches. */
};

/* Creates worker 'idx' (thread not started).  Aborts on failure to create
 * the epoll/eventfd descriptors (out of resources at startup). */
struct worker *worker_create(struct core *, int idx);
/* Starts the thread. */
void worker_start(struct worker *);
/* Asks the thread to stop, joins it (every switch is closed), frees.
 * Accepts NULL. */
void worker_destroy(struct worker *);

/* Hands accepted stream 's' (taken) to the worker. */
void worker_add_stream(struct worker *, struct stream *s);
/* Number of connections the worker owns (approximate, lock-free). */
size_t worker_get_load(const struct worker *);

/* Runs 'fn(sw, arg)' on the worker if 'sw' with 'conn_id' is still one of
 * its live, handshaked switches; blocks until done.  Returns 0, ENOENT or
 * ESHUTDOWN. */
int worker_call(struct worker *, struct ofswitch *sw, uint64_t conn_id,
                void (*fn)(struct ofswitch *, void *), void *arg);
/* Asks the worker to close 'sw' (if 'conn_id' still matches) because a new
 * session took over its datapath id.  Does not wait. */
void worker_kill(struct worker *, struct ofswitch *sw, uint64_t conn_id);
/* Copies the messages in 'msg' into a command that makes the worker send
 * them to 'sw' (if 'conn_id' still matches and it is up), and clears
 * 'msg'.  Does not wait.  Returns 0 or ESHUTDOWN. */
int worker_send(struct worker *, struct ofswitch *sw, uint64_t conn_id,
                struct buf *msg);
/* Fills 'snap' from the worker's thread; blocks.  Returns 0 or
 * ESHUTDOWN. */
int worker_snapshot(struct worker *, struct worker_snapshot *snap);

/* For ofswitch.c, on the worker thread: schedule 'sw' for processing or
 * writing in this or the next iteration; lower the next timer. */
void worker_mark_ready(struct worker *, struct ofswitch *);
void worker_mark_dirty(struct worker *, struct ofswitch *);
void worker_mark_dead(struct worker *, struct ofswitch *);
void worker_note_timer(struct worker *, int64_t when);
/* Sets the epoll events for 'sw's fd (EPOLLIN plus EPOLLOUT if 'out'). */
void worker_set_want_out(struct worker *, struct ofswitch *, bool out);

#endif /* worker.h */
