/* ovsdb-client: the thin I/O shell around the pure OVSDB protocol core
 * (ovsdb-proto.h): one non-blocking connection to an ovsdb-server over
 * tcp:IP:PORT, ssl:IP:PORT or unix:PATH (src/core/stream), opened,
 * closed and re-opened as the core says.
 *
 * Event-loop friendly: register ovsdb_client_get_fd() for input (and for
 * output while ovsdb_client_want_write()), and call ovsdb_client_run()
 * when the fd is ready, when ovsdb_client_next_wake() has passed, and
 * after queuing requests through the core.  The fd changes across
 * reconnects (-1 while there is no connection).  Everything else
 * (events, replica, transactions) goes through ovsdb_client_get_proto().
 *
 * Threads: one thread owns a client. */
#ifndef KUMO_OVSDB_CLIENT_H
#define KUMO_OVSDB_CLIENT_H 1

#include <stdbool.h>
#include <stdint.h>

#include "core/stream.h"
#include "ovsdb/ovsdb-proto.h"

struct ovsdb_client_config {
    const char *target;             /* Where ovsdb-server listens. */
    struct stream_ssl_options ssl;  /* ssl: only: our key and certificate,
                                     * and the CA that signs the server. */
    struct ovsdb_proto_config proto;    /* 'name' defaults to 'target'. */
};

struct ovsdb_client;

/* Creates a client for 'cfg' (copied); the first connection attempt
 * happens in the first ovsdb_client_run().  Returns NULL with an error
 * message in '*errorp' (caller frees) if the target is malformed. */
struct ovsdb_client *ovsdb_client_create(const struct ovsdb_client_config *cfg,
                                         char **errorp);
/* Closes the connection and frees 'c'.  Accepts NULL. */
void ovsdb_client_destroy(struct ovsdb_client *c);
/* The protocol core (borrowed). */
struct ovsdb_proto *ovsdb_client_get_proto(struct ovsdb_client *c);
/* Does all pending work at time 'now': timers, connecting, reading,
 * writing. */
void ovsdb_client_run(struct ovsdb_client *c, int64_t now);
/* The connection's fd, or -1. */
int ovsdb_client_get_fd(const struct ovsdb_client *c);
/* True if the fd should also be watched for writability. */
bool ovsdb_client_want_write(const struct ovsdb_client *c);
/* When ovsdb_client_run() must run again at the latest (ms), or
 * INT64_MAX. */
int64_t ovsdb_client_next_wake(const struct ovsdb_client *c);
/* Blocks in poll() until the client has work or 'max_ms' passed (for
 * tools and tests; event loops use the fd instead). */
void ovsdb_client_wait(const struct ovsdb_client *c, int64_t now,
                       int64_t max_ms);
/* Monotonic time in milliseconds. */
int64_t ovsdb_client_time_ms(void);

#endif /* ovsdb-client.h */
