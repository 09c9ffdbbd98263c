/* fabric: the fabric thread, the one thread that owns kumod's global
 * forwarding state (a fabric_core: topology, LLDP, hosts, paths, every
 * switch's installed flows and groups).
 *
 * Threads:
 * - Workers (through fabric-app.c) post copies of events with the
 *   fabric_post_*() functions: a mutex held only to link the event onto
 *   the queue, plus an eventfd write when the queue was empty. Packet-ins
 *   are bounded (FABRIC_MAX_QUEUED_PINS queued at once; more are dropped
 *   and counted); the other events are rare and always queued.
 * - The fabric thread takes the whole queue at once, feeds it to the core,
 *   runs the core's timers, and sends the messages the core queued for
 *   each switch with core_switch_send() (never blocking on a worker);
 *   then, for a switch whose send queue dropped messages, asks its worker
 *   for a new read-back (fabric_app_readback(), which waits for the
 *   worker to queue it behind those messages).
 * - The control thread runs read-only views on the fabric thread with
 *   fabric_call(), which blocks until the function has run there.
 *
 * One fabric per process (the workers' app callbacks have no context). */
#ifndef KUMO_FABRIC_H
#define KUMO_FABRIC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fabric/fabric-core.h"

/* How often the fabric thread publishes its counters (ms). */
#define FABRIC_PUBLISH_MS 100

/* Packet-ins waiting for the fabric thread at most. */
#define FABRIC_MAX_QUEUED_PINS 8192

struct fabric;

/* Shell counters (the core keeps its own). */
struct fabric_stats {
    uint64_t events;            /* Events handled. */
    uint64_t pin_drops;         /* Packet-ins dropped: queue full. */
    uint64_t send_errors;       /* core_switch_send() refused (switch
                                 * gone). */
    uint64_t wakeups;           /* Loop turns. */
};

/* Creates the fabric with 'cfg' (copied) and starts its thread. Aborts if
 * a fabric already exists or the thread cannot start. */
struct fabric *fabric_start(const struct fabric_config *cfg);
/* Stops and joins the thread, frees everything. Accepts NULL. Call it
 * after the workers and the control thread have stopped (core_destroy(),
 * ctl_server_stop()): they reach the fabric without a lock. */
void fabric_stop(struct fabric *);

/* ---- For the workers (fabric-app.c); no-ops without a fabric. ---- */

/* Switch 'dpid' is up as 'session' with 'n_ports' ports (copied). */
void fabric_post_switch_up(uint64_t dpid, uint64_t session,
                           const struct fabric_port *ports, size_t n_ports);
void fabric_post_switch_down(uint64_t dpid, uint64_t session);
void fabric_post_port_status(uint64_t dpid, uint64_t session, uint8_t reason,
                             const struct fabric_port *port);
/* Copies 'size' bytes of 'frame'. Returns false if dropped (queue full). */
bool fabric_post_packet_in(uint64_t dpid, uint64_t session, uint32_t in_port,
                           const void *frame, size_t size);
/* The read-back of a session (see fabric_core_readback()); copies the
 * bodies. */
void fabric_post_readback(uint64_t dpid, uint64_t session, int error,
                          const void *flows, size_t flows_size,
                          const void *groups, size_t groups_size);

/* Session 'session' of 'dpid' had messages dropped by its send queue
 * (see fabric_core_send_lost()). */
void fabric_post_send_lost(uint64_t dpid, uint64_t session);

/* A BARRIER_REPLY no request was waiting for (the fabric's own). */
void fabric_post_barrier_reply(uint64_t dpid, uint64_t session, uint32_t xid);

/* A FLOW multipart reply no request was waiting for (the fabric's host
 * activity polls); copies the body. */
void fabric_post_flow_stats(uint64_t dpid, uint64_t session, uint32_t xid,
                            const void *body, size_t size);

/* ---- For the control thread. ---- */

/* Runs 'fn(core, aux, now)' on the fabric thread and waits for it.
 * Returns 0, or ESHUTDOWN if there is no running fabric. */
int fabric_call(void (*fn)(struct fabric_core *, void *aux, uint64_t now),
                void *aux);

/* Runs the "topology" view, or the "path SRC DST" view, on the fabric
 * thread for another thread (control socket, HTTP API) and returns its new
 * JSON value.  On failure returns NULL with '*not_running' true if there
 * is no fabric, else '*errorp' set to the view's own error (caller frees;
 * NULL if it gave none). */
json_t *fabric_run_topology(bool *not_running, char **errorp);
json_t *fabric_run_path(const char *src, const char *dst, bool *not_running,
                        char **errorp);

/* Copies the shell's counters. Returns false if there is no fabric. */
bool fabric_get_stats(struct fabric_stats *);

/* Copies the fabric's counters as published at most FABRIC_PUBLISH_MS
 * ago (never waits for the fabric thread). Returns false if there is no
 * fabric or nothing was published yet. */
bool fabric_get_counters(struct fabric_counters *);

/* For vnet_db_set_notify(): wakes the fabric thread, which then reads
 * the tenant model again (fabric_config.vnet). Any thread; 'aux' unused;
 * a no-op without a fabric. */
void fabric_vnet_changed(void *aux);

/* True if a fabric is running (forwarding = fabric). */
bool fabric_is_running(void);

#endif /* fabric.h */
