/* ovsdb-proto: pure OVSDB client protocol core (see ovsdb-proto.h). */
#include "ovsdb/ovsdb-proto.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-schema.h"

LOG_MODULE(ovsdb);

static struct log_ratelimit proto_rl = LOG_RATELIMIT_INIT(60, 20);

enum request_kind {
    REQ_SCHEMA,
    REQ_MONITOR,
    REQ_MONITOR_CANCEL,
    REQ_ECHO,
    REQ_TRANSACT,
    REQ_RAW,
};

struct pending {
    uint64_t id;
    enum request_kind kind;
    size_t n_ops;               /* REQ_TRANSACT. */
};

struct monitored_table {
    char *name;
    char **columns;             /* NULL: all columns. */
    size_t n_columns;
};

enum monitor_state {
    MON_NONE,                   /* No monitor on this connection. */
    MON_REQUESTED,              /* "monitor" sent, no reply yet. */
    MON_LIVE,                   /* Result applied; updates flow. */
    MON_CANCELLING,             /* "monitor_cancel" sent. */
};

struct ovsdb_proto {
    char *name;
    char *database;
    bool row_events;            /* Queue OVSDB_EV_ROW events. */
    int64_t probe_interval;
    int64_t min_backoff, max_backoff;
    int64_t connect_timeout;

    enum ovsdb_proto_state state;
    int64_t next_attempt;       /* BACKOFF: when to connect. */
    int64_t connect_started;    /* CONNECTING. */
    int64_t backoff;            /* Delay after the next failure. */
    bool session_good;          /* This session reached a usable state. */

    /* ACTIVE. */
    struct ovsdb_jsonrpc_framer framer;
    struct buf out;
    int64_t last_rx;
    bool echo_outstanding;
    int64_t echo_sent;
    uint64_t next_id;
    struct pending *pending;
    size_t n_pending, allocated_pending;

    /* Schema and monitor. */
    struct ovsdb_schema *schema;
    bool have_schema;           /* Received on this connection. */
    struct monitored_table *tables;
    size_t n_tables;
    bool monitor_wanted;        /* Cleared by monitor_cancel. */
    enum monitor_state mon;
    json_t *monitor_id;         /* Of the current monitor request. */
    uint64_t n_monitors;        /* For unique monitor ids. */
    bool synced_once;           /* Any monitor result ever applied. */

    struct ovsdb_replica replica;
    struct ovsdb_event *events, **events_tail;
    struct ovsdb_proto_stats stats;
};

/* ---- Events. ---- */

void
ovsdb_event_destroy(struct ovsdb_event *ev)
{
    if (ev) {
        free(ev->table);
        free(ev->uuid);
        json_decref(ev->old);
        json_decref(ev->new);
        if (ev->type == OVSDB_EV_TXN) {
            ovsdb_txn_result_uninit(&ev->txn);
        }
        json_decref(ev->result);
        free(ev->text);
        free(ev);
    }
}

static const char *
change_name(enum ovsdb_row_change c)
{
    return c == OVSDB_ROW_INSERT ? "insert"
           : c == OVSDB_ROW_MODIFY ? "modify" : "delete";
}

static void
put_json(struct ds *ds, const json_t *json)
{
    char *s = ovsdb_jsonrpc_to_string(json);
    ds_put_cstr(ds, s);
    free(s);
}

void
ovsdb_event_format(const struct ovsdb_event *ev, struct ds *ds)
{
    switch (ev->type) {
    case OVSDB_EV_CONNECTED:
        ds_put_cstr(ds, "connected");
        break;
    case OVSDB_EV_CONNECT_FAILED:
        ds_put_format(ds, "connect-failed %s", ev->text);
        break;
    case OVSDB_EV_DISCONNECTED:
        ds_put_format(ds, "disconnected %s", ev->text);
        break;
    case OVSDB_EV_SCHEMA:
        ds_put_format(ds, "schema %s", ev->text);
        break;
    case OVSDB_EV_ROW:
        ds_put_format(ds, "%s %s %s", change_name(ev->change), ev->table,
                      ev->uuid);
        if (ev->old) {
            ds_put_cstr(ds, " old=");
            put_json(ds, ev->old);
        }
        if (ev->new) {
            ds_put_cstr(ds, " new=");
            put_json(ds, ev->new);
        }
        break;
    case OVSDB_EV_SYNCED:
        ds_put_cstr(ds, ev->resync ? "synced resync" : "synced initial");
        break;
    case OVSDB_EV_MONITOR_CANCELED:
        ds_put_cstr(ds, "monitor-canceled");
        break;
    case OVSDB_EV_TXN:
        ds_put_format(ds, "txn %"PRIu64" ", ev->id);
        ovsdb_txn_result_format(&ev->txn, ds);
        if (ev->txn.reply) {
            ds_put_cstr(ds, " result=");
            put_json(ds, ev->txn.reply);
        }
        break;
    case OVSDB_EV_REPLY:
        ds_put_format(ds, "reply %"PRIu64" ", ev->id);
        if (ev->result) {
            put_json(ds, ev->result);
        } else {
            ds_put_format(ds, "error %s", ev->text);
        }
        break;
    case OVSDB_EV_ERROR:
        ds_put_format(ds, "error %s", ev->text);
        break;
    }
}

static struct ovsdb_event *
event_push(struct ovsdb_proto *p, enum ovsdb_event_type type)
{
    struct ovsdb_event *ev = xzalloc(sizeof *ev);

    ev->type = type;
    *p->events_tail = ev;
    p->events_tail = &ev->next;
    return ev;
}

static void
event_push_text(struct ovsdb_proto *p, enum ovsdb_event_type type,
                const char *text)
{
    event_push(p, type)->text = xstrdup(text);
}

struct ovsdb_event *
ovsdb_proto_pop_event(struct ovsdb_proto *p)
{
    struct ovsdb_event *ev = p->events;

    if (ev) {
        p->events = ev->next;
        if (!p->events) {
            p->events_tail = &p->events;
        }
        ev->next = NULL;
    }
    return ev;
}

static void
row_cb(void *p_, enum ovsdb_row_change change, const char *table,
       const char *uuid, json_t *old, json_t *new)
{
    struct ovsdb_proto *p = p_;
    struct ovsdb_event *ev;

    if (!p->row_events) {
        return;
    }
    ev = event_push(p, OVSDB_EV_ROW);

    ev->change = change;
    ev->table = xstrdup(table);
    ev->uuid = xstrdup(uuid);
    ev->old = json_incref(old);
    ev->new = json_incref(new);
}

/* ---- Lifecycle. ---- */

struct ovsdb_proto *
ovsdb_proto_create(const struct ovsdb_proto_config *cfg)
{
    struct ovsdb_proto *p = xzalloc(sizeof *p);

    p->name = xstrdup(cfg->name ? cfg->name : "ovsdb");
    p->database = xstrdup(cfg->database ? cfg->database : "Open_vSwitch");
    p->row_events = !cfg->no_row_events;
    p->probe_interval = (cfg->probe_interval_ms < 0 ? 0
                         : cfg->probe_interval_ms ? cfg->probe_interval_ms
                         : 5000);
    p->min_backoff = cfg->min_backoff_ms > 0 ? cfg->min_backoff_ms : 1000;
    p->max_backoff = cfg->max_backoff_ms > 0 ? cfg->max_backoff_ms : 8000;
    p->max_backoff = MAX(p->max_backoff, p->min_backoff);
    p->connect_timeout = cfg->connect_timeout_ms > 0
                         ? cfg->connect_timeout_ms : 5000;
    p->state = OVSDB_PROTO_BACKOFF;
    p->next_attempt = 0;        /* At once: any monotonic time >= 0. */
    p->backoff = p->min_backoff;
    ovsdb_jsonrpc_framer_init(&p->framer, cfg->max_message_size);
    buf_init(&p->out, 4096);
    p->next_id = 1;
    p->monitor_wanted = true;
    ovsdb_replica_init(&p->replica);
    p->events_tail = &p->events;
    return p;
}

static void
fail_pending(struct ovsdb_proto *p, const char *why)
{
    size_t i;

    for (i = 0; i < p->n_pending; i++) {
        struct pending *r = &p->pending[i];
        struct ovsdb_event *ev;

        if (r->kind == REQ_TRANSACT) {
            ev = event_push(p, OVSDB_EV_TXN);
            ev->id = r->id;
            ovsdb_txn_result_set_error(&ev->txn, r->n_ops, why);
        } else if (r->kind == REQ_RAW) {
            ev = event_push(p, OVSDB_EV_REPLY);
            ev->id = r->id;
            ev->text = xstrdup(why);
        }
    }
    p->n_pending = 0;
}

void
ovsdb_proto_destroy(struct ovsdb_proto *p)
{
    size_t i, j;

    if (!p) {
        return;
    }
    while (p->events) {
        ovsdb_event_destroy(ovsdb_proto_pop_event(p));
    }
    for (i = 0; i < p->n_tables; i++) {
        for (j = 0; j < p->tables[i].n_columns; j++) {
            free(p->tables[i].columns[j]);
        }
        free(p->tables[i].columns);
        free(p->tables[i].name);
    }
    free(p->tables);
    free(p->pending);
    json_decref(p->monitor_id);
    ovsdb_schema_destroy(p->schema);
    ovsdb_replica_uninit(&p->replica);
    ovsdb_jsonrpc_framer_uninit(&p->framer);
    buf_uninit(&p->out);
    free(p->name);
    free(p->database);
    free(p);
}

/* ---- Sending. ---- */

static void
send_json(struct ovsdb_proto *p, json_t *msg)
{
    ovsdb_jsonrpc_encode(msg, &p->out);
    if (LOG_IS_DBG()) {
        char *s = ovsdb_jsonrpc_to_string(msg);
        LOG_DBG("%s: send %s", p->name, s);
        free(s);
    }
    json_decref(msg);
}

/* Sends request 'method' (params taken) and records it.  Returns its id. */
static uint64_t
send_request(struct ovsdb_proto *p, const char *method, json_t *params,
             enum request_kind kind, size_t n_ops)
{
    uint64_t id = p->next_id++;
    struct pending *r;

    if (p->n_pending == p->allocated_pending) {
        p->allocated_pending = MAX(8, p->allocated_pending * 2);
        p->pending = xrealloc(p->pending,
                              p->allocated_pending * sizeof *p->pending);
    }
    r = &p->pending[p->n_pending++];
    r->id = id;
    r->kind = kind;
    r->n_ops = n_ops;
    send_json(p, ovsdb_jsonrpc_request(method, params, json_integer(id)));
    return id;
}

const struct buf *
ovsdb_proto_output(const struct ovsdb_proto *p)
{
    return &p->out;
}

void
ovsdb_proto_output_consumed(struct ovsdb_proto *p, size_t n)
{
    if (n >= p->out.size) {
        buf_clear(&p->out);
    } else {
        memmove(p->out.data, p->out.data + n, p->out.size - n);
        buf_truncate(&p->out, p->out.size - n);
    }
}

/* ---- Connection FSM. ---- */

static void
go_backoff(struct ovsdb_proto *p, int64_t now)
{
    p->state = OVSDB_PROTO_BACKOFF;
    if (p->session_good) {
        p->backoff = p->min_backoff;
    }
    p->next_attempt = now + p->backoff;
    p->backoff = MIN(p->backoff * 2, p->max_backoff);
    p->session_good = false;
}

void
ovsdb_proto_disconnected(struct ovsdb_proto *p, int64_t now,
                         const char *reason)
{
    if (p->state == OVSDB_PROTO_ACTIVE) {
        p->stats.n_disconnects++;
        LOG_INFO("%s: disconnected (%s)", p->name, reason);
        event_push_text(p, OVSDB_EV_DISCONNECTED, reason);
        fail_pending(p, "connection lost before the reply: outcome "
                     "unknown");
    } else if (p->state == OVSDB_PROTO_CONNECTING) {
        p->stats.n_connect_failures++;
        LOG_INFO_RL(&proto_rl, "%s: connection failed (%s)", p->name,
                    reason);
        event_push_text(p, OVSDB_EV_CONNECT_FAILED, reason);
    } else {
        return;
    }
    p->mon = MON_NONE;
    p->have_schema = false;
    p->echo_outstanding = false;
    buf_clear(&p->out);
    ovsdb_jsonrpc_framer_reset(&p->framer);
    go_backoff(p, now);
    LOG_DBG("%s: next attempt in %"PRId64" ms", p->name,
            p->next_attempt - now);
}

void
ovsdb_proto_connected(struct ovsdb_proto *p, int64_t now)
{
    json_t *params;

    if (p->state != OVSDB_PROTO_CONNECTING) {
        return;
    }
    p->state = OVSDB_PROTO_ACTIVE;
    p->stats.n_connects++;
    p->last_rx = now;
    p->echo_outstanding = false;
    p->have_schema = false;
    p->mon = MON_NONE;
    ovsdb_jsonrpc_framer_reset(&p->framer);
    buf_clear(&p->out);
    LOG_INFO("%s: connected", p->name);
    event_push(p, OVSDB_EV_CONNECTED);

    params = json_array();
    json_array_append_new(params, json_string(p->database));
    send_request(p, "get_schema", params, REQ_SCHEMA, 0);
}

enum ovsdb_proto_action
ovsdb_proto_run(struct ovsdb_proto *p, int64_t now)
{
    switch (p->state) {
    case OVSDB_PROTO_BACKOFF:
        if (now >= p->next_attempt) {
            p->state = OVSDB_PROTO_CONNECTING;
            p->connect_started = now;
            return OVSDB_ACT_CONNECT;
        }
        break;
    case OVSDB_PROTO_CONNECTING:
        if (now - p->connect_started >= p->connect_timeout) {
            char *why = xasprintf("connection attempt timed out after "
                                  "%"PRId64" ms", p->connect_timeout);
            ovsdb_proto_disconnected(p, now, why);
            free(why);
            return OVSDB_ACT_DISCONNECT;
        }
        break;
    case OVSDB_PROTO_ACTIVE:
        if (!p->probe_interval) {
            break;
        }
        if (p->echo_outstanding) {
            if (now - p->echo_sent >= p->probe_interval) {
                char *why = xasprintf("no reply to echo for %"PRId64" ms",
                                      now - p->echo_sent);
                p->stats.n_probe_timeouts++;
                ovsdb_proto_disconnected(p, now, why);
                free(why);
                return OVSDB_ACT_DISCONNECT;
            }
        } else if (now - p->last_rx >= p->probe_interval) {
            p->echo_outstanding = true;
            p->echo_sent = now;
            p->stats.n_echo_sent++;
            send_request(p, "echo", json_array(), REQ_ECHO, 0);
        }
        break;
    }
    return OVSDB_ACT_NONE;
}

int64_t
ovsdb_proto_next_wake(const struct ovsdb_proto *p)
{
    switch (p->state) {
    case OVSDB_PROTO_BACKOFF:
        return p->next_attempt;
    case OVSDB_PROTO_CONNECTING:
        return p->connect_started + p->connect_timeout;
    case OVSDB_PROTO_ACTIVE:
        if (!p->probe_interval) {
            return INT64_MAX;
        }
        return p->echo_outstanding ? p->echo_sent + p->probe_interval
                                   : p->last_rx + p->probe_interval;
    }
    return INT64_MAX;
}

/* ---- Monitor. ---- */

void
ovsdb_proto_monitor_table(struct ovsdb_proto *p, const char *table,
                          const char *const *columns, size_t n_columns)
{
    struct monitored_table *t;
    size_t i;

    p->tables = xrealloc(p->tables, (p->n_tables + 1) * sizeof *p->tables);
    t = &p->tables[p->n_tables++];
    t->name = xstrdup(table);
    t->columns = NULL;
    t->n_columns = 0;
    if (columns) {
        t->columns = xcalloc(n_columns + 1, sizeof *t->columns);
        for (i = 0; i < n_columns; i++) {
            t->columns[i] = xstrdup(columns[i]);
        }
        t->n_columns = n_columns;
    }
}

/* Sends the monitor request for the configured tables, dropping (with an
 * error event) tables and columns the schema does not have. */
static void
send_monitor(struct ovsdb_proto *p)
{
    json_t *requests = json_object();
    json_t *params;
    size_t i, j;

    for (i = 0; i < p->n_tables; i++) {
        const struct monitored_table *t = &p->tables[i];
        const struct ovsdb_schema_table *st
            = ovsdb_schema_find_table(p->schema, t->name);
        json_t *req, *cols;

        if (!st) {
            char *e = xasprintf("monitor: database %s has no table %s",
                                p->database, t->name);
            LOG_WARN_RL(&proto_rl, "%s: %s", p->name, e);
            event_push_text(p, OVSDB_EV_ERROR, e);
            free(e);
            continue;
        }
        req = json_object();
        cols = json_array();
        for (j = 0; j < (t->columns ? t->n_columns : st->n_columns); j++) {
            const char *c = t->columns ? t->columns[j] : st->columns[j].name;
            if (!ovsdb_schema_find_column(st, c)) {
                char *e = xasprintf("monitor: table %s has no column %s",
                                    t->name, c);
                LOG_WARN_RL(&proto_rl, "%s: %s", p->name, e);
                event_push_text(p, OVSDB_EV_ERROR, e);
                free(e);
                continue;
            }
            json_array_append_new(cols, json_string(c));
        }
        if (!json_array_size(cols)) {
            json_decref(cols);
            json_decref(req);
            continue;           /* Every column was unknown. */
        }
        json_object_set_new(req, "columns", cols);
        json_object_set_new(requests, t->name, req);
    }
    if (!json_object_size(requests)) {
        /* Not an error of the session: it stays up, unmonitored. */
        event_push_text(p, OVSDB_EV_ERROR, "monitor: nothing left to "
                        "monitor");
        json_decref(requests);
        p->session_good = true;
        return;
    }
    json_decref(p->monitor_id);
    p->monitor_id = json_sprintf("kumo-%"PRIu64, ++p->n_monitors);
    params = json_array();
    json_array_append_new(params, json_string(p->database));
    json_array_append(params, p->monitor_id);
    json_array_append_new(params, requests);
    p->mon = MON_REQUESTED;
    send_request(p, "monitor", params, REQ_MONITOR, 0);
}

/* Sends the monitor request if it is wanted and possible now. */
static void
maybe_monitor(struct ovsdb_proto *p)
{
    if (p->state == OVSDB_PROTO_ACTIVE && p->have_schema
        && p->monitor_wanted && p->n_tables && p->mon == MON_NONE) {
        send_monitor(p);
    }
}

void
ovsdb_proto_monitor_start(struct ovsdb_proto *p)
{
    p->monitor_wanted = true;
    maybe_monitor(p);
}

void
ovsdb_proto_monitor_cancel(struct ovsdb_proto *p)
{
    p->monitor_wanted = false;
    if (p->state == OVSDB_PROTO_ACTIVE
        && (p->mon == MON_LIVE || p->mon == MON_REQUESTED)) {
        json_t *params = json_array();
        json_array_append(params, p->monitor_id);
        p->mon = MON_CANCELLING;
        send_request(p, "monitor_cancel", params, REQ_MONITOR_CANCEL, 0);
    }
}

/* ---- Receiving. ---- */

/* Drops the session after a protocol error. */
static int
protocol_error(struct ovsdb_proto *p, int64_t now, int error,
               const char *what)
{
    char *why = xasprintf("protocol error: %s", what);

    p->stats.n_protocol_errors++;
    LOG_WARN_RL(&proto_rl, "%s: %s", p->name, why);
    ovsdb_proto_disconnected(p, now, why);
    free(why);
    return error;
}

static int
handle_schema_reply(struct ovsdb_proto *p, int64_t now,
                    const struct ovsdb_jsonrpc_msg *msg)
{
    struct ovsdb_schema *schema;
    char *error;
    int retval;

    if (msg->type == OVSDB_JSONRPC_ERROR) {
        char *e = ovsdb_jsonrpc_to_string(msg->error);
        char *why = xasprintf("get_schema %s failed: %s", p->database, e);
        free(e);
        event_push_text(p, OVSDB_EV_ERROR, why);
        retval = protocol_error(p, now, EPROTO, why);
        free(why);
        return retval;
    }
    schema = ovsdb_schema_parse(msg->result, &error);
    if (!schema) {
        char *why = xasprintf("bad schema: %s", error);
        free(error);
        retval = protocol_error(p, now, EPROTO, why);
        free(why);
        return retval;
    }
    ovsdb_schema_destroy(p->schema);
    p->schema = schema;
    p->have_schema = true;
    {
        char *text = xasprintf("%s %s (%zu tables)", schema->name,
                               schema->version, schema->n_tables);
        event_push_text(p, OVSDB_EV_SCHEMA, text);
        free(text);
    }
    if (!p->n_tables || !p->monitor_wanted) {
        p->session_good = true;
    }
    maybe_monitor(p);
    return 0;
}

static int
handle_monitor_reply(struct ovsdb_proto *p, int64_t now,
                     const struct ovsdb_jsonrpc_msg *msg)
{
    char *error;
    int retval;

    if (p->mon != MON_REQUESTED) {
        /* Cancelled before the result came: ignore the result. */
        return 0;
    }
    if (msg->type == OVSDB_JSONRPC_ERROR) {
        char *e = ovsdb_jsonrpc_to_string(msg->error);
        char *why = xasprintf("monitor failed: %s", e);
        free(e);
        event_push_text(p, OVSDB_EV_ERROR, why);
        retval = protocol_error(p, now, EPROTO, why);
        free(why);
        return retval;
    }
    error = ovsdb_replica_resync(&p->replica, msg->result, row_cb, p);
    if (error) {
        char *why = xasprintf("bad monitor result: %s", error);
        free(error);
        retval = protocol_error(p, now, EPROTO, why);
        free(why);
        return retval;
    }
    p->mon = MON_LIVE;
    p->session_good = true;
    event_push(p, OVSDB_EV_SYNCED)->resync = p->synced_once;
    if (p->synced_once) {
        p->stats.n_resyncs++;
    }
    p->synced_once = true;
    return 0;
}

static int
handle_reply(struct ovsdb_proto *p, int64_t now,
             const struct ovsdb_jsonrpc_msg *msg)
{
    struct pending r;
    struct ovsdb_event *ev;
    size_t i;

    if (!json_is_integer(msg->id)) {
        p->stats.n_unexpected_replies++;
        LOG_WARN_RL(&proto_rl, "%s: reply with non-integer id dropped",
                    p->name);
        return 0;
    }
    for (i = 0; i < p->n_pending; i++) {
        if ((json_int_t) p->pending[i].id == json_integer_value(msg->id)) {
            break;
        }
    }
    if (i == p->n_pending) {
        p->stats.n_unexpected_replies++;
        LOG_WARN_RL(&proto_rl, "%s: reply to unknown id %"JSON_INTEGER_FORMAT
                    " dropped", p->name, json_integer_value(msg->id));
        return 0;
    }
    r = p->pending[i];
    p->pending[i] = p->pending[--p->n_pending];

    switch (r.kind) {
    case REQ_SCHEMA:
        return handle_schema_reply(p, now, msg);
    case REQ_MONITOR:
        return handle_monitor_reply(p, now, msg);
    case REQ_MONITOR_CANCEL:
        if (p->mon == MON_CANCELLING) {
            p->mon = MON_NONE;
        }
        if (msg->type == OVSDB_JSONRPC_ERROR) {
            char *e = ovsdb_jsonrpc_to_string(msg->error);
            char *text = xasprintf("monitor_cancel failed: %s", e);
            event_push_text(p, OVSDB_EV_ERROR, text);
            free(text);
            free(e);
        } else {
            event_push(p, OVSDB_EV_MONITOR_CANCELED);
        }
        /* Monitoring may have been re-enabled meanwhile. */
        maybe_monitor(p);
        return 0;
    case REQ_ECHO:
        return 0;
    case REQ_TRANSACT:
        ev = event_push(p, OVSDB_EV_TXN);
        ev->id = r.id;
        if (msg->type == OVSDB_JSONRPC_ERROR) {
            char *e = ovsdb_jsonrpc_to_string(msg->error);
            char *text = xasprintf("transact request failed: %s", e);
            ovsdb_txn_result_set_error(&ev->txn, r.n_ops, text);
            free(text);
            free(e);
        } else {
            ovsdb_txn_result_parse(&ev->txn, msg->result, r.n_ops);
        }
        return 0;
    case REQ_RAW:
        ev = event_push(p, OVSDB_EV_REPLY);
        ev->id = r.id;
        if (msg->type == OVSDB_JSONRPC_ERROR) {
            ev->text = ovsdb_jsonrpc_to_string(msg->error);
        } else {
            ev->result = json_incref(msg->result);
        }
        return 0;
    }
    return 0;
}

static int
handle_update(struct ovsdb_proto *p, int64_t now,
              const struct ovsdb_jsonrpc_msg *msg)
{
    json_t *id = json_array_get(msg->params, 0);
    json_t *updates = json_array_get(msg->params, 1);
    char *error;
    int retval;

    if (json_array_size(msg->params) != 2) {
        return protocol_error(p, now, EPROTO,
                              "\"update\" params are not [id, updates]");
    }
    if (p->mon != MON_LIVE || !json_equal(id, p->monitor_id)) {
        p->stats.n_stale_updates++;
        return 0;
    }
    error = ovsdb_replica_apply(&p->replica, updates, row_cb, p);
    if (error) {
        char *why = xasprintf("bad update: %s", error);
        free(error);
        retval = protocol_error(p, now, EPROTO, why);
        free(why);
        return retval;
    }
    p->stats.n_updates++;
    return 0;
}

static int
handle_message(struct ovsdb_proto *p, int64_t now, json_t *json)
{
    struct ovsdb_jsonrpc_msg msg;
    char *error = ovsdb_jsonrpc_msg_parse(json, &msg);
    int retval;

    if (error) {
        retval = protocol_error(p, now, EPROTO, error);
        free(error);
        return retval;
    }
    switch (msg.type) {
    case OVSDB_JSONRPC_REQUEST:
        if (!strcmp(msg.method, "echo")) {
            p->stats.n_echo_answered++;
            send_json(p, ovsdb_jsonrpc_reply(json_incref(msg.params),
                                             msg.id));
        } else {
            /* We offer no other methods (RFC 7047 servers only echo). */
            json_t *reply = json_object();
            json_object_set_new(reply, "result", json_null());
            json_object_set_new(reply, "error",
                                json_string("unknown method"));
            json_object_set(reply, "id", msg.id);
            send_json(p, reply);
        }
        return 0;
    case OVSDB_JSONRPC_NOTIFY:
        if (!strcmp(msg.method, "update")) {
            return handle_update(p, now, &msg);
        }
        LOG_DBG("%s: ignoring notification %s", p->name, msg.method);
        return 0;
    case OVSDB_JSONRPC_REPLY:
    case OVSDB_JSONRPC_ERROR:
        return handle_reply(p, now, &msg);
    }
    return 0;
}

int
ovsdb_proto_receive(struct ovsdb_proto *p, const void *data, size_t size,
                    int64_t now)
{
    if (p->state != OVSDB_PROTO_ACTIVE || !size) {
        return 0;
    }
    p->last_rx = now;
    p->echo_outstanding = false;
    ovsdb_jsonrpc_framer_push(&p->framer, data, size);
    for (;;) {
        json_t *json;
        char *error;
        int retval = ovsdb_jsonrpc_framer_next(&p->framer, &json, &error);

        if (retval == EAGAIN) {
            return 0;
        } else if (retval) {
            retval = protocol_error(p, now, retval, error);
            free(error);
            return retval;
        }
        if (LOG_IS_DBG()) {
            char *s = ovsdb_jsonrpc_to_string(json);
            LOG_DBG("%s: recv %s", p->name, s);
            free(s);
        }
        retval = handle_message(p, now, json);
        json_decref(json);
        if (retval) {
            return retval;
        }
    }
}

/* ---- Requests from the user. ---- */

uint64_t
ovsdb_proto_transact(struct ovsdb_proto *p, struct ovsdb_txn *txn)
{
    uint64_t id = 0;

    if (p->state == OVSDB_PROTO_ACTIVE) {
        size_t n_ops = ovsdb_txn_n_ops(txn);
        id = send_request(p, "transact", json_incref(txn->params),
                          REQ_TRANSACT, n_ops);
    }
    ovsdb_txn_destroy(txn);
    return id;
}

uint64_t
ovsdb_proto_request(struct ovsdb_proto *p, const char *method,
                    json_t *params)
{
    if (p->state != OVSDB_PROTO_ACTIVE) {
        json_decref(params);
        return 0;
    }
    return send_request(p, method, params, REQ_RAW, 0);
}

/* ---- Accessors. ---- */

enum ovsdb_proto_state
ovsdb_proto_get_state(const struct ovsdb_proto *p)
{
    return p->state;
}

bool
ovsdb_proto_is_synced(const struct ovsdb_proto *p)
{
    return p->state == OVSDB_PROTO_ACTIVE && p->mon == MON_LIVE;
}

const struct ovsdb_replica *
ovsdb_proto_get_replica(const struct ovsdb_proto *p)
{
    return &p->replica;
}

const struct ovsdb_schema *
ovsdb_proto_get_schema(const struct ovsdb_proto *p)
{
    return p->schema;
}

int64_t
ovsdb_proto_get_backoff(const struct ovsdb_proto *p)
{
    return p->backoff;
}

const struct ovsdb_proto_stats *
ovsdb_proto_get_stats(const struct ovsdb_proto *p)
{
    return &p->stats;
}

const char *
ovsdb_proto_get_name(const struct ovsdb_proto *p)
{
    return p->name;
}
