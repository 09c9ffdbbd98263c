/* core: kumod's switch-facing engine.  Owns the listeners (accepted on the
 * calling thread), the worker threads that own switch connections, the
 * registered apps, and the datapath-id registry; implements the
 * control-thread half of app.h (core_switch_call, snapshots, shutdown).
 *
 * Life cycle: core_create() -> core_app_register()... -> core_run()
 * (blocks until core_request_shutdown()) -> core_destroy(). */
#ifndef KUMO_CORE_CORE_H
#define KUMO_CORE_CORE_H 1

#include <stddef.h>
#include <stdint.h>

#include "core/app.h"
#include "core/ofconn.h"
#include "core/stream.h"

struct core;
struct worker;
struct ofswitch;

struct core_options {
    char **listens;                 /* Borrowed for core_create(). */
    size_t n_listens;
    struct stream_ssl_options ssl;  /* Borrowed for core_create(). */
    int n_workers;                  /* 0: one per core. */
    struct ofconn_options ofconn;
    size_t send_queue_soft, send_queue_hard;
    int packet_in_budget;           /* Per switch per loop iteration. */
    int packet_in_rate;             /* Per switch per second, 0: none. */
};

/* Fills 'o' with defaults (no listeners). */
void core_options_init(struct core_options *o);

/* Opens every listener and starts the worker threads.  Returns 0 and
 * stores the core in '*corep', or an errno and an error message in
 * '*errorp' (caller frees).  Only one core may exist at a time. */
int core_create(const struct core_options *o, struct core **corep,
                char **errorp);

/* Accepts connections and hands them to workers until shutdown is
 * requested.  Returns when core_request_shutdown() was called. */
void core_run(struct core *);

/* Stops and joins the workers (closing every switch), closes listeners and
 * frees everything.  Accepts NULL. */
void core_destroy(struct core *);

/* Returns the bound names of the listeners (e.g. to print the port chosen
 * for "ptcp:0"). */
size_t core_get_n_listeners(const struct core *);
const char *core_get_listener_name(const struct core *, size_t i);

/* For ofswitch.c (worker threads): the datapath-id registry.  Registering
 * a dpid that another live session holds makes that session close
 * ("replaced").  Unregister only removes the entry if it is still 'sw's. */
void core_dpid_register(struct core *, uint64_t dpid, struct worker *,
                        struct ofswitch *, uint64_t conn_id);
void core_dpid_unregister(struct core *, uint64_t dpid,
                          const struct ofswitch *);
/* The registered apps (immutable once the workers run). */
const struct app_ops *const *core_get_apps(const struct core *, size_t *n);
const struct core_options *core_get_options(const struct core *);

#endif /* core.h */
