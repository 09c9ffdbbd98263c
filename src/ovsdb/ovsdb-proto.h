/* ovsdb-proto: the pure protocol core of Kumo's OVSDB client (RFC 7047).
 *
 * No sockets and no clock: the I/O shell (ovsdb-client.h, or a test)
 * feeds it bytes and connection events with the current time 'now'
 * (monotonic milliseconds) and sends the bytes it produces.  The core
 * owns everything else:
 *  - the connection FSM: BACKOFF -> CONNECTING -> ACTIVE -> BACKOFF ...
 *    with exponential backoff between attempts (min_backoff, doubling up
 *    to max_backoff; back to min_backoff after a session that reached a
 *    synchronised monitor) and a connect timeout;
 *  - liveness: answers the server's "echo" requests, and sends its own
 *    "echo" after probe_interval ms without input; a server silent for
 *    another probe_interval is declared dead (disconnect + backoff);
 *  - JSON-RPC ids: every request gets an integer id; replies are matched
 *    to their request, unknown ids are counted and dropped;
 *  - on every connection: "get_schema", then (if tables were configured)
 *    "monitor" of those tables/columns (checked against the schema); the
 *    monitor result is diffed against the local replica, so after a
 *    reconnect the user sees exactly the deletes/inserts/modifies that
 *    happened while disconnected; "update" notifications then keep the
 *    replica current;
 *  - "transact" and raw requests, whose replies come back as events; on a
 *    disconnect, every request still waiting completes with an error
 *    saying the outcome is unknown;
 *  - "monitor_cancel", and re-monitoring later.
 *
 * Output is pull-based: the user pops events (ovsdb_proto_pop_event()),
 * reads the replica, and watches ovsdb_proto_get_replica()->change_seq.
 *
 * Threads: one thread owns a struct ovsdb_proto (not thread-safe). */
#ifndef KUMO_OVSDB_PROTO_H
#define KUMO_OVSDB_PROTO_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ovsdb/ovsdb-jsonrpc.h"
#include "ovsdb/ovsdb-replica.h"
#include "ovsdb/ovsdb-txn.h"

struct ovsdb_schema;

struct ovsdb_proto_config {
    const char *name;           /* For logs, e.g. the target (copied). */
    const char *database;       /* e.g. "Open_vSwitch" (copied). */
    int64_t probe_interval_ms;  /* 0: default 5000; < 0: never probe. */
    int64_t min_backoff_ms;     /* 0: default 1000. */
    int64_t max_backoff_ms;     /* 0: default 8000. */
    int64_t connect_timeout_ms; /* 0: default 5000. */
    size_t max_message_size;    /* 0: OVSDB_JSONRPC_MAX_SIZE_DEFAULT. */
    bool no_row_events;         /* Queue no OVSDB_EV_ROW events: the user
                                 * reads the replica when its change_seq
                                 * moves (saves memory on big syncs). */
};

enum ovsdb_proto_state {
    OVSDB_PROTO_BACKOFF,        /* Waiting to (re)connect. */
    OVSDB_PROTO_CONNECTING,     /* The shell is connecting. */
    OVSDB_PROTO_ACTIVE,         /* Connected. */
};

/* What the shell must do after ovsdb_proto_run(). */
enum ovsdb_proto_action {
    OVSDB_ACT_NONE,
    OVSDB_ACT_CONNECT,          /* Start connecting; then report
                                 * ovsdb_proto_connected() or
                                 * ovsdb_proto_disconnected(). */
    OVSDB_ACT_DISCONNECT,       /* Close the connection (the core already
                                 * went to BACKOFF). */
};

enum ovsdb_event_type {
    OVSDB_EV_CONNECTED,         /* Session up. */
    OVSDB_EV_CONNECT_FAILED,    /* An attempt failed ('text'). */
    OVSDB_EV_DISCONNECTED,      /* Session lost ('text' says why). */
    OVSDB_EV_SCHEMA,            /* Schema known (ovsdb_proto_get_schema). */
    OVSDB_EV_ROW,               /* Replica row change. */
    OVSDB_EV_SYNCED,            /* A monitor result was applied: the replica
                                 * is current ('resync': not the first). */
    OVSDB_EV_MONITOR_CANCELED,  /* monitor_cancel acknowledged. */
    OVSDB_EV_TXN,               /* Reply to ovsdb_proto_transact(). */
    OVSDB_EV_REPLY,             /* Reply to ovsdb_proto_request(). */
    OVSDB_EV_ERROR,             /* Something failed ('text'); the session
                                 * may go on. */
};

struct ovsdb_event {
    struct ovsdb_event *next;   /* Queue link (internal). */
    enum ovsdb_event_type type;
    /* OVSDB_EV_ROW. */
    enum ovsdb_row_change change;
    char *table;
    char *uuid;
    json_t *old;                /* Full row before (modify, delete). */
    json_t *new;                /* Full row after (insert, modify). */
    /* OVSDB_EV_TXN and OVSDB_EV_REPLY. */
    uint64_t id;                /* The id the request function returned. */
    struct ovsdb_txn_result txn;    /* OVSDB_EV_TXN. */
    json_t *result;             /* OVSDB_EV_REPLY: result, or NULL with
                                 * 'text' set on error. */
    /* Others. */
    char *text;
    bool resync;                /* OVSDB_EV_SYNCED. */
};

/* Frees 'ev'.  Accepts NULL. */
void ovsdb_event_destroy(struct ovsdb_event *ev);
/* Appends a one-line description of 'ev' to 'ds' (rows as compact JSON
 * with sorted keys). */
struct ds;
void ovsdb_event_format(const struct ovsdb_event *ev, struct ds *ds);

/* Counters (never reset). */
struct ovsdb_proto_stats {
    uint64_t n_connects;        /* Sessions established. */
    uint64_t n_connect_failures;
    uint64_t n_disconnects;     /* Sessions lost. */
    uint64_t n_echo_sent;
    uint64_t n_echo_answered;   /* Server echoes we replied to. */
    uint64_t n_probe_timeouts;
    uint64_t n_protocol_errors;
    uint64_t n_unexpected_replies;
    uint64_t n_updates;         /* "update" notifications applied. */
    uint64_t n_stale_updates;   /* For an old/unknown monitor id. */
    uint64_t n_resyncs;         /* Monitor results after the first. */
};

struct ovsdb_proto;

/* Creates a core in BACKOFF state whose first connection attempt is due
 * at once.  'cfg' is copied. */
struct ovsdb_proto *ovsdb_proto_create(const struct ovsdb_proto_config *cfg);
/* Frees 'p' and every queued event.  Accepts NULL. */
void ovsdb_proto_destroy(struct ovsdb_proto *p);

/* Adds 'table' to what each connection monitors: 'columns' (n_columns
 * names, copied) or every column if 'columns' is NULL.  Takes effect at
 * the next monitor request (the next connection, or
 * ovsdb_proto_monitor_start()). */
void ovsdb_proto_monitor_table(struct ovsdb_proto *p, const char *table,
                               const char *const *columns,
                               size_t n_columns);
/* (Re)issues the monitor request now if connected and the schema is known
 * (otherwise it is sent when it can be), re-enabling monitoring after
 * ovsdb_proto_monitor_cancel(); the result is diffed against the
 * replica. */
void ovsdb_proto_monitor_start(struct ovsdb_proto *p);
/* Sends "monitor_cancel" for the live monitor, stops maintaining the
 * replica (its rows stay as they were) and does not monitor again on
 * reconnect until ovsdb_proto_monitor_start(). */
void ovsdb_proto_monitor_cancel(struct ovsdb_proto *p);

/* Advances timers to 'now'.  Returns what the shell must do. */
enum ovsdb_proto_action ovsdb_proto_run(struct ovsdb_proto *p, int64_t now);
/* The time (ms) by which ovsdb_proto_run() must be called again, or
 * INT64_MAX. */
int64_t ovsdb_proto_next_wake(const struct ovsdb_proto *p);
/* The connection asked for by OVSDB_ACT_CONNECT is established. */
void ovsdb_proto_connected(struct ovsdb_proto *p, int64_t now);
/* The connection (or the attempt) ended; 'reason' (copied) says why. */
void ovsdb_proto_disconnected(struct ovsdb_proto *p, int64_t now,
                              const char *reason);
/* Feeds 'size' received bytes.  Returns 0, or EPROTO/EMSGSIZE if the
 * input is unusable: the core has then already gone to BACKOFF (as by
 * ovsdb_proto_disconnected()) and the shell must close the
 * connection. */
int ovsdb_proto_receive(struct ovsdb_proto *p, const void *data,
                        size_t size, int64_t now);
/* Bytes waiting to be sent (borrowed; valid until the next call into
 * 'p').  After sending 'n' of them call ovsdb_proto_output_consumed(). */
const struct buf *ovsdb_proto_output(const struct ovsdb_proto *p);
void ovsdb_proto_output_consumed(struct ovsdb_proto *p, size_t n);

/* Sends 'txn' (ownership taken, freed in all cases).  Returns the request
 * id, answered later by one OVSDB_EV_TXN event with the same id; or 0 if
 * not connected (then no event follows). */
uint64_t ovsdb_proto_transact(struct ovsdb_proto *p, struct ovsdb_txn *txn);
/* Sends request 'method' with 'params' (an array, ownership taken).
 * Returns the id for the OVSDB_EV_REPLY event, or 0 if not connected. */
uint64_t ovsdb_proto_request(struct ovsdb_proto *p, const char *method,
                             json_t *params);

/* Removes and returns the oldest event (caller frees with
 * ovsdb_event_destroy()), or NULL. */
struct ovsdb_event *ovsdb_proto_pop_event(struct ovsdb_proto *p);

enum ovsdb_proto_state ovsdb_proto_get_state(const struct ovsdb_proto *p);
/* True if connected with a live monitor whose result has been applied. */
bool ovsdb_proto_is_synced(const struct ovsdb_proto *p);
/* The replica (borrowed). */
const struct ovsdb_replica *ovsdb_proto_get_replica(
    const struct ovsdb_proto *p);
/* The last schema received, or NULL (borrowed). */
const struct ovsdb_schema *ovsdb_proto_get_schema(
    const struct ovsdb_proto *p);
/* The delay (ms) the next failed attempt's backoff would use. */
int64_t ovsdb_proto_get_backoff(const struct ovsdb_proto *p);
const struct ovsdb_proto_stats *ovsdb_proto_get_stats(
    const struct ovsdb_proto *p);
const char *ovsdb_proto_get_name(const struct ovsdb_proto *p);

#endif /* ovsdb-proto.h */
