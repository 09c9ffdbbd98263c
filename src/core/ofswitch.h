/* ofswitch: one switch connection as the worker sees it: the stream, the
 * OpenFlow FSM (ofconn), the bounded receive buffer and send queue, the
 * counters and the app state.  Also implements the struct ofswitch part of
 * app.h.  Everything here runs on the owning worker thread. */
#ifndef KUMO_CORE_OFSWITCH_H
#define KUMO_CORE_OFSWITCH_H 1

#include <stdbool.h>
#include <stdint.h>

#include "core/app.h"
#include "core/list.h"
#include "core/ofconn.h"
#include "core/sendq.h"
#include "lib/buf.h"

struct stream;
struct worker;

struct ofswitch {
    struct worker *worker;
    uint64_t id;                    /* Unique per process. */
    struct list node;               /* In worker->switches. */
    struct list ready_node;         /* In worker->ready, or unlinked. */
    struct list dirty_node;         /* In worker->dirty, or unlinked. */
    struct list dead_node;          /* In worker->dead, or unlinked. */

    struct stream *stream;
    int fd;
    bool tls_pending;               /* Stream handshake not done yet. */
    bool need_read;                 /* The stream may have more input. */
    bool want_out;                  /* EPOLLOUT registered. */
    bool closing;                   /* Flush what we can, then close. */
    const char *close_reason;       /* Static text. */
    bool up;                        /* OFCONN_EV_UP was reported. */
    bool registered;                /* In the core's dpid registry. */

    struct ofconn conn;
    struct sendq sendq;
    struct buf rx;                  /* Received bytes not yet processed. */

    struct ofswitch_counters counters;
    enum ofswitch_role role;
    int64_t connected_since;        /* Wall clock ms (at UP). */
    int64_t next_tick;              /* Monotonic ms of the next app tick. */
    int64_t stuck_since;            /* Send queue over soft cap since. */
    double pin_tokens;              /* Packet-in rate limiter. */
    int64_t pin_refill;             /* Last refill time. */
    void *app_data;
    void *app_slots[8];             /* ofswitch_get/set_app_slot(), by
                                     * registration index. */
};

/* Creates a switch for accepted stream 's' (taken) on 'w' at 'now' and
 * queues our HELLO. */
struct ofswitch *ofswitch_create(struct worker *w, struct stream *s,
                                 uint64_t id, int64_t now);
/* Tells the apps the switch is down (if it was up), fails its pending
 * requests, unregisters its dpid, closes the stream and frees it. */
void ofswitch_destroy(struct ofswitch *sw, int64_t now);

/* Reads and processes input within the packet-in budget.  Returns true if
 * work is left (the switch must stay ready). */
bool ofswitch_process(struct ofswitch *sw, int64_t now);
/* Handles EPOLLOUT / EPOLLIN readiness during a TLS handshake.  Returns
 * true when the stream is usable. */
bool ofswitch_handshake(struct ofswitch *sw);
/* Runs timers (echo, request deadlines, app ticks). */
void ofswitch_run(struct ofswitch *sw, int64_t now);
/* Returns when ofswitch_run() next has work. */
int64_t ofswitch_next_timer(const struct ofswitch *sw);
/* Writes as much queued output as the stream takes. */
void ofswitch_flush(struct ofswitch *sw);
/* Starts closing 'sw' for 'reason' (static text). */
void ofswitch_close(struct ofswitch *sw, const char *reason);
/* Adds 'c' to 'sum' (send_queue_max: the larger). */
void ofswitch_counters_add(struct ofswitch_counters *sum,
                           const struct ofswitch_counters *c);
/* Copies the switch's state into 'info' (allocates info->ports). */
void ofswitch_get_info(const struct ofswitch *sw,
                       struct core_switch_info *info);

#endif /* ofswitch.h */
