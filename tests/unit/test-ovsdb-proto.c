/* Unit tests for the OVSDB client's replica and pure protocol core:
 * connection FSM and exponential backoff with explicit time, echo both
 * ways and dead-server detection, JSON-RPC id matching, get_schema +
 * monitor on connect, "update" notifications into the replica, the
 * resynchronisation diff after a reconnect, monitor_cancel, transactions
 * and framing through the core.  No sockets, no sleeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "lib/ds.h"
#include "lib/log.h"
#include "ovsdb/ovsdb-datum.h"
#include "ovsdb/ovsdb-proto.h"
#include "ovsdb/ovsdb-schema.h"

#define U1 "11111111-1111-1111-1111-111111111111"
#define U2 "22222222-2222-2222-2222-222222222222"
#define U3 "33333333-3333-3333-3333-333333333333"
#define U4 "44444444-4444-4444-4444-444444444444"

static const char schema_text[] =
    "{\"name\":\"Open_vSwitch\",\"version\":\"8.3.1\",\"tables\":{"
    "\"Bridge\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "  \"ports\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":"
    "  \"Port\"},\"min\":0,\"max\":\"unlimited\"}}}},"
    "\"Port\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "  \"tag\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}}}}}}";

/* Parses what the core sent, one JSON value at a time. */
static struct ovsdb_jsonrpc_framer sent_framer;

static int
setup(void **state)
{
    (void) state;
    ovsdb_jsonrpc_framer_init(&sent_framer, 0);
    return 0;
}

static int
teardown(void **state)
{
    (void) state;
    ovsdb_jsonrpc_framer_uninit(&sent_framer);
    return 0;
}

/* True if 'json' equals the JSON built by 'expect' (taken). */
static bool
json_eq_new(const json_t *json, json_t *expect)
{
    bool eq;

    assert_non_null(expect);
    eq = json_equal((json_t *) json, expect);
    json_decref(expect);
    return eq;
}

static struct ovsdb_proto *
proto_new(void)
{
    struct ovsdb_proto_config cfg = {
        .name = "test", .database = "Open_vSwitch",
        .probe_interval_ms = 5000, .min_backoff_ms = 1000,
        .max_backoff_ms = 8000, .connect_timeout_ms = 5000,
    };
    return ovsdb_proto_create(&cfg);
}

/* The next message the core sent (caller owns), or NULL. */
static json_t *
sent_next(struct ovsdb_proto *p)
{
    const struct buf *out = ovsdb_proto_output(p);
    json_t *json;
    char *error;
    int retval;

    if (out->size) {
        ovsdb_jsonrpc_framer_push(&sent_framer, out->data, out->size);
        ovsdb_proto_output_consumed(p, out->size);
    }
    retval = ovsdb_jsonrpc_framer_next(&sent_framer, &json, &error);
    if (retval == EAGAIN) {
        return NULL;
    }
    assert_int_equal(retval, 0);
    return json;
}

static void
assert_nothing_sent(struct ovsdb_proto *p)
{
    json_t *json = sent_next(p);
    if (json) {
        fail_msg("unexpected message %s", ovsdb_jsonrpc_to_string(json));
    }
}

/* Expects a request for 'method'; returns its id, stores its params
 * (caller owns) in '*paramsp' if not NULL. */
static json_int_t
expect_request(struct ovsdb_proto *p, const char *method, json_t **paramsp)
{
    json_t *json = sent_next(p);
    json_int_t id;

    if (!json) {
        fail_msg("no %s request sent", method);
    }
    assert_string_equal(json_string_value(json_object_get(json, "method")),
                        method);
    assert_true(json_is_integer(json_object_get(json, "id")));
    id = json_integer_value(json_object_get(json, "id"));
    if (paramsp) {
        *paramsp = json_incref(json_object_get(json, "params"));
    }
    json_decref(json);
    return id;
}

static void
feed(struct ovsdb_proto *p, const char *text, int64_t now)
{
    assert_int_equal(ovsdb_proto_receive(p, text, strlen(text), now), 0);
}

static void
reply(struct ovsdb_proto *p, json_int_t id, const char *result, int64_t now)
{
    char *text = xasprintf("{\"id\":%"JSON_INTEGER_FORMAT",\"error\":null,"
                           "\"result\":%s}", id, result);
    feed(p, text, now);
    free(text);
}

static struct ovsdb_event *
expect_event(struct ovsdb_proto *p, enum ovsdb_event_type type)
{
    struct ovsdb_event *ev = ovsdb_proto_pop_event(p);
    if (!ev) {
        fail_msg("no event, expected type %d", type);
    }
    if (ev->type != type) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ovsdb_event_format(ev, &ds);
        fail_msg("event \"%s\" (type %d), expected type %d", ds_cstr(&ds),
                 ev->type, type);
    }
    return ev;
}

/* Expects and frees an event of 'type'; returns its formatted text in a
 * static buffer for string checks. */
static const char *
expect_event_text(struct ovsdb_proto *p, enum ovsdb_event_type type)
{
    static char text[4096];
    struct ovsdb_event *ev = expect_event(p, type);
    struct ds ds = DS_EMPTY_INITIALIZER;

    ovsdb_event_format(ev, &ds);
    snprintf(text, sizeof text, "%s", ds_cstr(&ds));
    ds_destroy(&ds);
    ovsdb_event_destroy(ev);
    return text;
}

static void
assert_no_event(struct ovsdb_proto *p)
{
    struct ovsdb_event *ev = ovsdb_proto_pop_event(p);
    if (ev) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ovsdb_event_format(ev, &ds);
        fail_msg("unexpected event \"%s\"", ds_cstr(&ds));
    }
}

/* Connects at 'now', answers get_schema; returns the monitor request id
 * and stores its params in '*paramsp' if not NULL. */
static json_int_t
connect_to_monitor(struct ovsdb_proto *p, int64_t now, json_t **paramsp)
{
    json_t *params;
    json_int_t id;

    assert_int_equal(ovsdb_proto_run(p, now), OVSDB_ACT_CONNECT);
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_CONNECTING);
    ovsdb_proto_connected(p, now);
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_ACTIVE);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    id = expect_request(p, "get_schema", &params);
    assert_string_equal(json_string_value(json_array_get(params, 0)),
                        "Open_vSwitch");
    json_decref(params);
    reply(p, id, schema_text, now);
    assert_string_equal(expect_event_text(p, OVSDB_EV_SCHEMA),
                        "schema Open_vSwitch 8.3.1 (2 tables)");
    return expect_request(p, "monitor", paramsp);
}

static void
test_backoff(void **state)
{
    struct ovsdb_proto *p = proto_new();
    static const int64_t expect[] = { 1000, 3000, 7000, 15000, 23000,
                                      31000 };
    int64_t now = 0;
    size_t i;

    (void) state;
    /* The first attempt is immediate. */
    assert_int_equal(ovsdb_proto_next_wake(p), 0);
    for (i = 0; i < ARRAY_SIZE(expect); i++) {
        assert_int_equal(ovsdb_proto_run(p, now), OVSDB_ACT_CONNECT);
        ovsdb_proto_disconnected(p, now, "Connection refused");
        assert_string_equal(expect_event_text(p, OVSDB_EV_CONNECT_FAILED),
                            "connect-failed Connection refused");
        /* 1 s, then doubling, capped at 8 s. */
        assert_int_equal(ovsdb_proto_next_wake(p), expect[i]);
        assert_int_equal(ovsdb_proto_run(p, expect[i] - 1), OVSDB_ACT_NONE);
        now = expect[i];
    }
    assert_int_equal(ovsdb_proto_get_stats(p)->n_connect_failures, 6);

    /* A connection attempt that hangs times out after 5 s. */
    assert_int_equal(ovsdb_proto_run(p, now), OVSDB_ACT_CONNECT);
    assert_int_equal(ovsdb_proto_next_wake(p), now + 5000);
    assert_int_equal(ovsdb_proto_run(p, now + 4999), OVSDB_ACT_NONE);
    assert_int_equal(ovsdb_proto_run(p, now + 5000), OVSDB_ACT_DISCONNECT);
    assert_string_equal(expect_event_text(p, OVSDB_EV_CONNECT_FAILED),
                        "connect-failed connection attempt timed out after "
                        "5000 ms");
    now += 5000;
    assert_int_equal(ovsdb_proto_next_wake(p), now + 8000);
    now += 8000;

    /* A session that synchronised resets the backoff to 1 s. */
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    reply(p, connect_to_monitor(p, now, NULL), "{}", now);
    expect_event_text(p, OVSDB_EV_SYNCED);
    ovsdb_proto_disconnected(p, now + 100, "Connection reset by peer");
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected Connection reset by peer");
    assert_int_equal(ovsdb_proto_next_wake(p), now + 1100);
    assert_int_equal(ovsdb_proto_run(p, now + 1100), OVSDB_ACT_CONNECT);
    ovsdb_proto_disconnected(p, now + 1100, "refused");
    expect_event_text(p, OVSDB_EV_CONNECT_FAILED);
    assert_int_equal(ovsdb_proto_next_wake(p), now + 3100);

    /* A session that connected but never synchronised does not reset it:
     * a server that accepts and then fails is not hammered. */
    now += 3100;
    connect_to_monitor(p, now, NULL);
    ovsdb_proto_disconnected(p, now, "closed");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    assert_int_equal(ovsdb_proto_next_wake(p), now + 4000);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_connects, 2);
    ovsdb_proto_destroy(p);
}

static void
test_echo(void **state)
{
    struct ovsdb_proto *p = proto_new();
    json_t *json;
    uint64_t txn_id;
    struct ovsdb_event *ev;
    json_int_t echo_id;

    (void) state;
    assert_int_equal(ovsdb_proto_run(p, 0), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 0);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    reply(p, expect_request(p, "get_schema", NULL), schema_text, 0);
    expect_event_text(p, OVSDB_EV_SCHEMA);
    assert_nothing_sent(p);     /* Nothing to monitor. */

    /* The server's echo is answered with its params and id. */
    feed(p, "{\"method\":\"echo\",\"params\":[\"hi\",1],\"id\":\"echo\"}", 100);
    json = sent_next(p);
    assert_non_null(json);
    assert_true(json_eq_new(json, json_pack("{s:[s,i],s:n,s:s}", "result",
                                           "hi", 1, "error", "id",
                                           "echo")));
    json_decref(json);
    /* Other methods get a JSON-RPC error, not silence. */
    feed(p, "{\"method\":\"lock\",\"params\":[],\"id\":5}", 100);
    json = sent_next(p);
    assert_string_equal(json_string_value(json_object_get(json, "error")),
                        "unknown method");
    json_decref(json);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_echo_answered, 1);

    /* Our probe: 5 s after the last input. */
    assert_int_equal(ovsdb_proto_next_wake(p), 5100);
    assert_int_equal(ovsdb_proto_run(p, 5099), OVSDB_ACT_NONE);
    assert_nothing_sent(p);
    assert_int_equal(ovsdb_proto_run(p, 5100), OVSDB_ACT_NONE);
    echo_id = expect_request(p, "echo", NULL);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_echo_sent, 1);
    /* The reply (any input) proves the server alive. */
    reply(p, echo_id, "[]", 6000);
    assert_int_equal(ovsdb_proto_next_wake(p), 11000);
    assert_int_equal(ovsdb_proto_run(p, 11000), OVSDB_ACT_NONE);
    expect_request(p, "echo", NULL);
    assert_no_event(p);

    /* A transaction in flight when the server dies completes with an
     * error saying the outcome is unknown. */
    txn_id = ovsdb_proto_transact(p, ovsdb_txn_create("Open_vSwitch"));
    assert_true(txn_id > 0);
    expect_request(p, "transact", NULL);

    /* No answer for another 5 s: dead. */
    assert_int_equal(ovsdb_proto_next_wake(p), 16000);
    assert_int_equal(ovsdb_proto_run(p, 15999), OVSDB_ACT_NONE);
    assert_int_equal(ovsdb_proto_run(p, 16000), OVSDB_ACT_DISCONNECT);
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_BACKOFF);
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected no reply to echo for 5000 ms");
    ev = expect_event(p, OVSDB_EV_TXN);
    assert_int_equal(ev->id, txn_id);
    assert_false(ovsdb_txn_result_ok(&ev->txn));
    assert_non_null(strstr(ev->txn.error, "outcome unknown"));
    ovsdb_event_destroy(ev);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_probe_timeouts, 1);
    /* Not connected: requests are refused at once, with no event. */
    assert_int_equal(ovsdb_proto_transact(p, ovsdb_txn_create("x")), 0);
    assert_int_equal(ovsdb_proto_request(p, "list_dbs", json_array()), 0);
    assert_no_event(p);
    ovsdb_proto_destroy(p);
}

static void
test_id_matching(void **state)
{
    struct ovsdb_proto *p = proto_new();
    struct ovsdb_txn *txn;
    uint64_t t1, t2, r1;
    json_int_t w1, w2, w3;
    struct ovsdb_event *ev;

    (void) state;
    assert_int_equal(ovsdb_proto_run(p, 0), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 0);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    reply(p, expect_request(p, "get_schema", NULL), schema_text, 0);
    expect_event_text(p, OVSDB_EV_SCHEMA);

    txn = ovsdb_txn_create("Open_vSwitch");
    ovsdb_txn_insert(txn, "Port", json_pack("{s:s}", "name", "p1"), NULL);
    t1 = ovsdb_proto_transact(p, txn);
    txn = ovsdb_txn_create("Open_vSwitch");
    ovsdb_txn_delete(txn, "Port", NULL);
    ovsdb_txn_delete(txn, "Bridge", NULL);
    t2 = ovsdb_proto_transact(p, txn);
    r1 = ovsdb_proto_request(p, "list_dbs", json_array());
    w1 = expect_request(p, "transact", NULL);
    w2 = expect_request(p, "transact", NULL);
    w3 = expect_request(p, "list_dbs", NULL);
    assert_int_equal(w1, t1);
    assert_int_equal(w2, t2);
    assert_int_equal(w3, r1);
    assert_true(t1 != t2 && t2 != r1 && t1 != r1);

    /* Replies out of order, plus ones nobody asked for. */
    reply(p, w3, "[\"Open_vSwitch\"]", 1);
    reply(p, 9999, "[]", 1);
    feed(p, "{\"id\":\"foo\",\"error\":null,\"result\":[]}", 1);
    reply(p, w2, "[{\"count\":2},{\"error\":\"referential integrity "
          "violation\",\"details\":\"in use\"}]", 1);
    feed(p, "{\"id\":", 1);     /* The rest arrives later. */
    {
        char *want = xasprintf("reply %"JSON_INTEGER_FORMAT
                               " [\"Open_vSwitch\"]", w3);
        assert_string_equal(expect_event_text(p, OVSDB_EV_REPLY), want);
        free(want);
    }
    ev = expect_event(p, OVSDB_EV_TXN);
    assert_int_equal(ev->id, t2);
    assert_int_equal(ev->txn.ops[0].count, 2);
    assert_int_equal(ev->txn.failed_op, 1);
    ovsdb_event_destroy(ev);
    assert_no_event(p);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_unexpected_replies, 2);

    /* The first transaction gets a JSON-RPC error. */
    {
        char *text = xasprintf("%"JSON_INTEGER_FORMAT",\"result\":null,"
                               "\"error\":{\"error\":\"unknown database\"}}",
                               w1);
        feed(p, text, 2);
        free(text);
    }
    ev = expect_event(p, OVSDB_EV_TXN);
    assert_int_equal(ev->id, t1);
    assert_false(ovsdb_txn_result_ok(&ev->txn));
    assert_string_equal(ev->txn.error, "transact request failed: "
                        "{\"error\":\"unknown database\"}");
    ovsdb_event_destroy(ev);
    /* A duplicate reply to an answered id is unexpected too. */
    reply(p, w1, "[{}]", 2);
    assert_no_event(p);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_unexpected_replies, 3);
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_ACTIVE);
    ovsdb_proto_destroy(p);
}

/* Collects formatted row events, sorted, one per line. */
static char *
drain_rows(struct ovsdb_proto *p)
{
    char *lines[64];
    size_t n = 0, i;
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct ovsdb_event *ev;

    while ((ev = ovsdb_proto_pop_event(p)) != NULL) {
        struct ds line = DS_EMPTY_INITIALIZER;
        assert_true(n < ARRAY_SIZE(lines));
        ovsdb_event_format(ev, &line);
        lines[n++] = ds_steal_cstr(&line);
        ovsdb_event_destroy(ev);
    }
    for (i = 0; i < n; i++) {
        ds_put_format(&ds, "%s\n", lines[i]);
        free(lines[i]);
    }
    return ds_steal_cstr(&ds);
}

static void
assert_rows(struct ovsdb_proto *p, const char *expect)
{
    char *got = drain_rows(p);
    if (strcmp(got, expect)) {
        fail_msg("events:\n%s\nexpected:\n%s", got, expect);
    }
    free(got);
}

static void
test_monitor_and_updates(void **state)
{
    struct ovsdb_proto *p = proto_new();
    static const char *const bridge_cols[] = { "name", "ports", "nope" };
    const struct ovsdb_replica *r = ovsdb_proto_get_replica(p);
    json_t *params;
    json_int_t id;
    uint64_t seq;
    const char *uuid;

    (void) state;
    ovsdb_proto_monitor_table(p, "Bridge", bridge_cols, 3);
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    ovsdb_proto_monitor_table(p, "Interface", NULL, 0);
    id = connect_to_monitor(p, 0, &params);
    /* Unknown tables and columns are dropped with a clear error. */
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error monitor: table Bridge has no column nope");
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error monitor: database Open_vSwitch has no table "
                        "Interface");
    assert_true(json_eq_new(params, json_loads(
        "[\"Open_vSwitch\",\"kumo-1\",{"
        "\"Bridge\":{\"columns\":[\"name\",\"ports\"]},"
        "\"Port\":{\"columns\":[\"name\",\"tag\"]}}]", 0, NULL)));
    json_decref(params);
    assert_false(ovsdb_proto_is_synced(p));

    reply(p, id, "{\"Bridge\":{\"" U1 "\":{\"new\":{\"name\":\"br0\","
          "\"ports\":[\"uuid\",\"" U2 "\"]}}},"
          "\"Port\":{\"" U2 "\":{\"new\":{\"name\":\"p1\",\"tag\":[\"set\","
          "[]]}}}}", 10);
    assert_rows(p,
        "insert Bridge " U1 " new={\"name\":\"br0\",\"ports\":[\"uuid\",\""
        U2 "\"]}\n"
        "insert Port " U2 " new={\"name\":\"p1\",\"tag\":[\"set\",[]]}\n"
        "synced initial\n");
    assert_true(ovsdb_proto_is_synced(p));
    assert_int_equal(ovsdb_replica_count(r, "Bridge"), 1);
    assert_non_null(ovsdb_replica_find(r, "Port", "name", "p1", &uuid));
    assert_string_equal(uuid, U2);
    seq = r->change_seq;

    /* Modify: "old" has the changed columns, "new" the row; the event has
     * both full rows. */
    feed(p, "{\"method\":\"update\",\"id\":null,\"params\":[\"kumo-1\","
         "{\"Port\":{\"" U2 "\":{\"old\":{\"tag\":[\"set\",[]]},\"new\":"
         "{\"name\":\"p1\",\"tag\":10}},\"" U3 "\":{\"new\":{\"name\":\"p2\","
         "\"tag\":[\"set\",[]]}}},\"Bridge\":{\"" U1 "\":{\"old\":{\"ports\":"
         "[\"uuid\",\"" U2 "\"]},\"new\":{\"name\":\"br0\",\"ports\":"
         "[\"set\",[[\"uuid\",\"" U2 "\"],[\"uuid\",\"" U3 "\"]]]}}}}]}", 20);
    assert_rows(p,
        "modify Port " U2 " old={\"name\":\"p1\",\"tag\":[\"set\",[]]} "
        "new={\"name\":\"p1\",\"tag\":10}\n"
        "insert Port " U3 " new={\"name\":\"p2\",\"tag\":[\"set\",[]]}\n"
        "modify Bridge " U1 " old={\"name\":\"br0\",\"ports\":[\"uuid\",\""
        U2 "\"]} new={\"name\":\"br0\",\"ports\":[\"set\",[[\"uuid\",\"" U2
        "\"],[\"uuid\",\"" U3 "\"]]]}\n");
    assert_int_equal(r->change_seq, seq + 3);
    assert_true(ovsdb_datum_set_contains_uuid(
        json_object_get(ovsdb_replica_get_row(r, "Bridge", U1), "ports"),
        U3));

    /* Delete: only "old". */
    feed(p, "{\"method\":\"update\",\"id\":null,\"params\":[\"kumo-1\","
         "{\"Port\":{\"" U2 "\":{\"old\":{\"name\":\"p1\",\"tag\":10}}}}]}",
         30);
    assert_rows(p, "delete Port " U2 " old={\"name\":\"p1\",\"tag\":10}\n");
    assert_null(ovsdb_replica_get_row(r, "Port", U2));
    assert_int_equal(ovsdb_replica_count(r, "Port"), 1);

    /* Updates for another monitor id are ignored and counted. */
    feed(p, "{\"method\":\"update\",\"id\":null,\"params\":[\"other\","
         "{\"Port\":{\"" U4 "\":{\"new\":{\"name\":\"x\"}}}}]}", 40);
    assert_no_event(p);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_stale_updates, 1);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_updates, 2);

    /* A malformed update is a protocol error: reconnect and resync. */
    {
        static const char bad[] = "{\"method\":\"update\",\"params\":"
            "[\"kumo-1\",{\"Port\":{\"not-a-uuid\":{}}}]}";
        assert_int_equal(ovsdb_proto_receive(p, bad, strlen(bad), 50),
                         EPROTO);
    }
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected protocol error: bad update: table "
                        "Port: bad row UUID \"not-a-uuid\"");
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_BACKOFF);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_protocol_errors, 1);
    /* The replica survives the disconnect for the resync diff. */
    assert_int_equal(ovsdb_replica_count(r, "Port"), 1);
    ovsdb_proto_destroy(p);
}

static void
test_resync(void **state)
{
    struct ovsdb_proto *p = proto_new();
    const struct ovsdb_replica *r = ovsdb_proto_get_replica(p);
    json_t *params;
    json_int_t id;

    (void) state;
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    id = connect_to_monitor(p, 0, NULL);
    reply(p, id, "{\"Port\":{"
          "\"" U1 "\":{\"new\":{\"name\":\"a\",\"tag\":1}},"
          "\"" U2 "\":{\"new\":{\"name\":\"b\",\"tag\":2}},"
          "\"" U3 "\":{\"new\":{\"name\":\"c\",\"tag\":3}}}}", 0);
    free(drain_rows(p));

    /* The server restarts; meanwhile b changed, c went, d appeared. */
    ovsdb_proto_disconnected(p, 100, "connection closed by peer");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    assert_int_equal(ovsdb_proto_run(p, 500), OVSDB_ACT_NONE);
    id = connect_to_monitor(p, 1100, &params);
    /* A new monitor id per request. */
    assert_string_equal(json_string_value(json_array_get(params, 1)),
                        "kumo-2");
    json_decref(params);
    /* Until the result arrives, the old replica stays visible. */
    assert_int_equal(ovsdb_replica_count(r, "Port"), 3);
    reply(p, id, "{\"Port\":{"
          "\"" U1 "\":{\"new\":{\"name\":\"a\",\"tag\":1}},"
          "\"" U2 "\":{\"new\":{\"name\":\"b\",\"tag\":20}},"
          "\"" U4 "\":{\"new\":{\"name\":\"d\",\"tag\":4}}}}", 1100);
    assert_rows(p,
        "delete Port " U3 " old={\"name\":\"c\",\"tag\":3}\n"
        "modify Port " U2 " old={\"name\":\"b\",\"tag\":2} "
        "new={\"name\":\"b\",\"tag\":20}\n"
        "insert Port " U4 " new={\"name\":\"d\",\"tag\":4}\n"
        "synced resync\n");
    assert_int_equal(ovsdb_replica_count(r, "Port"), 3);
    assert_int_equal(ovsdb_proto_get_stats(p)->n_resyncs, 1);

    /* A fresh (empty) database after a restart: everything is deleted. */
    ovsdb_proto_disconnected(p, 2000, "closed");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    id = connect_to_monitor(p, 3000, NULL);
    reply(p, id, "{}", 3000);
    assert_rows(p,
        "delete Port " U1 " old={\"name\":\"a\",\"tag\":1}\n"
        "delete Port " U2 " old={\"name\":\"b\",\"tag\":20}\n"
        "delete Port " U4 " old={\"name\":\"d\",\"tag\":4}\n"
        "synced resync\n");
    assert_int_equal(ovsdb_replica_count(r, "Port"), 0);

    /* A bad monitor result leaves the replica alone and disconnects. */
    ovsdb_proto_disconnected(p, 4000, "closed");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    id = connect_to_monitor(p, 5000, NULL);
    {
        char *text = xasprintf("{\"id\":%"JSON_INTEGER_FORMAT",\"error\":null,"
                               "\"result\":{\"Port\":{\"" U1 "\":{\"old\":"
                               "{}}}}}", id);
        assert_int_equal(ovsdb_proto_receive(p, text, strlen(text), 5000),
                         EPROTO);
        free(text);
    }
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected protocol error: bad monitor result: "
                        "table Port row " U1 ": initial row without \"new\"");
    ovsdb_proto_destroy(p);
}

static void
test_monitor_cancel(void **state)
{
    struct ovsdb_proto *p = proto_new();
    json_t *params;
    json_int_t id;

    (void) state;
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    id = connect_to_monitor(p, 0, NULL);
    reply(p, id, "{\"Port\":{\"" U1 "\":{\"new\":{\"name\":\"a\"}}}}", 0);
    free(drain_rows(p));

    ovsdb_proto_monitor_cancel(p);
    id = expect_request(p, "monitor_cancel", &params);
    assert_true(json_eq_new(params, json_pack("[s]", "kumo-1")));
    json_decref(params);
    assert_false(ovsdb_proto_is_synced(p));
    /* Updates that cross the cancel are ignored. */
    feed(p, "{\"method\":\"update\",\"id\":null,\"params\":[\"kumo-1\","
         "{\"Port\":{\"" U2 "\":{\"new\":{\"name\":\"b\"}}}}]}", 1);
    reply(p, id, "{}", 1);
    assert_string_equal(expect_event_text(p, OVSDB_EV_MONITOR_CANCELED),
                        "monitor-canceled");
    assert_no_event(p);
    assert_int_equal(ovsdb_replica_count(ovsdb_proto_get_replica(p), "Port"),
                     1);

    /* Not re-monitored on reconnect until asked. */
    ovsdb_proto_disconnected(p, 2, "closed");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    assert_int_equal(ovsdb_proto_run(p, 2000), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 2000);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    reply(p, expect_request(p, "get_schema", NULL), schema_text, 2000);
    expect_event_text(p, OVSDB_EV_SCHEMA);
    assert_nothing_sent(p);

    /* Monitoring again diffs against the frozen replica. */
    ovsdb_proto_monitor_start(p);
    id = expect_request(p, "monitor", &params);
    assert_string_equal(json_string_value(json_array_get(params, 1)),
                        "kumo-2");
    json_decref(params);
    reply(p, id, "{\"Port\":{\"" U2 "\":{\"new\":{\"name\":\"b\"}}}}", 2001);
    assert_rows(p,
        "delete Port " U1 " old={\"name\":\"a\"}\n"
        "insert Port " U2 " new={\"name\":\"b\"}\n"
        "synced resync\n");
    ovsdb_proto_destroy(p);
}

static void
test_framing_through_core(void **state)
{
    struct ovsdb_proto *p = proto_new();
    char *text;
    json_int_t id;
    size_t i;

    (void) state;
    assert_int_equal(ovsdb_proto_run(p, 0), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 0);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    id = expect_request(p, "get_schema", NULL);
    /* The schema reply a byte at a time, followed in the same read by an
     * echo request. */
    text = xasprintf("{\"id\":%"JSON_INTEGER_FORMAT",\"error\":null,"
                     "\"result\":%s}{\"method\":\"echo\",\"params\":[],"
                     "\"id\":\"e\"}", id, schema_text);
    for (i = 0; text[i]; i++) {
        assert_int_equal(ovsdb_proto_receive(p, &text[i], 1, 1), 0);
    }
    free(text);
    expect_event_text(p, OVSDB_EV_SCHEMA);
    assert_non_null(ovsdb_proto_get_schema(p));
    json_decref(sent_next(p));      /* The echo reply. */

    /* Garbage: clean error, session dropped. */
    assert_int_equal(ovsdb_proto_receive(p, "HTTP/1.1 200 OK\r\n", 17, 2),
                     EPROTO);
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected protocol error: unexpected byte 0x48 "
                        "('H') where a JSON value should start");
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_BACKOFF);
    /* Unsent output of the dead session is dropped. */
    assert_int_equal(ovsdb_proto_output(p)->size, 0);
    /* Bytes after the disconnect are ignored. */
    assert_int_equal(ovsdb_proto_receive(p, "xx", 2, 3), 0);

    /* A valid JSON value that is not JSON-RPC. */
    ovsdb_jsonrpc_framer_reset(&sent_framer);
    assert_int_equal(ovsdb_proto_run(p, 1002), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 1002);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    assert_int_equal(ovsdb_proto_receive(p, "[1,2]", 5, 1003), EPROTO);
    assert_string_equal(expect_event_text(p, OVSDB_EV_DISCONNECTED),
                        "disconnected protocol error: JSON-RPC message is "
                        "not an object");

    /* get_schema refused (wrong database): error event + disconnect. */
    ovsdb_jsonrpc_framer_reset(&sent_framer);
    assert_int_equal(ovsdb_proto_run(p, 4000), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 4000);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    id = expect_request(p, "get_schema", NULL);
    text = xasprintf("{\"id\":%"JSON_INTEGER_FORMAT",\"result\":null,"
                     "\"error\":\"unknown database\"}", id);
    assert_int_equal(ovsdb_proto_receive(p, text, strlen(text), 4001),
                     EPROTO);
    free(text);
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error get_schema Open_vSwitch failed: \"unknown "
                        "database\"");
    expect_event_text(p, OVSDB_EV_DISCONNECTED);
    ovsdb_proto_destroy(p);
}

static void
test_nothing_to_monitor(void **state)
{
    struct ovsdb_proto *p = proto_new();
    static const char *const cols[] = { "nope" };

    (void) state;
    ovsdb_proto_monitor_table(p, "Port", cols, 1);
    ovsdb_proto_monitor_table(p, "Nope", NULL, 0);
    /* One failure first, so the backoff is at 2 s. */
    assert_int_equal(ovsdb_proto_run(p, 0), OVSDB_ACT_CONNECT);
    ovsdb_proto_disconnected(p, 0, "refused");
    expect_event_text(p, OVSDB_EV_CONNECT_FAILED);
    assert_int_equal(ovsdb_proto_run(p, 1000), OVSDB_ACT_CONNECT);
    ovsdb_proto_connected(p, 1000);
    expect_event_text(p, OVSDB_EV_CONNECTED);
    reply(p, expect_request(p, "get_schema", NULL), schema_text, 1000);
    expect_event_text(p, OVSDB_EV_SCHEMA);
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error monitor: table Port has no column nope");
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error monitor: database Open_vSwitch has no table "
                        "Nope");
    assert_string_equal(expect_event_text(p, OVSDB_EV_ERROR),
                        "error monitor: nothing left to monitor");
    assert_nothing_sent(p);
    assert_no_event(p);
    assert_int_equal(ovsdb_proto_get_state(p), OVSDB_PROTO_ACTIVE);
    assert_false(ovsdb_proto_is_synced(p));
    /* The session counts as good: the backoff is back to 1 s. */
    ovsdb_proto_disconnected(p, 1010, "closed");
    assert_int_equal(ovsdb_proto_next_wake(p), 2010);
    ovsdb_proto_destroy(p);
}

static void
test_no_row_events(void **state)
{
    struct ovsdb_proto_config cfg = { .name = "quiet",
                                      .no_row_events = true };
    struct ovsdb_proto *p = ovsdb_proto_create(&cfg);
    const struct ovsdb_replica *r = ovsdb_proto_get_replica(p);
    json_int_t id;

    (void) state;
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    id = connect_to_monitor(p, 0, NULL);
    reply(p, id, "{\"Port\":{\"" U1 "\":{\"new\":{\"name\":\"a\"}}}}", 0);
    /* Only the state events; the replica and its counter still move. */
    assert_rows(p, "synced initial\n");
    assert_int_equal(r->change_seq, 1);
    feed(p, "{\"method\":\"update\",\"id\":null,\"params\":[\"kumo-1\","
         "{\"Port\":{\"" U1 "\":{\"new\":{\"name\":\"b\"}}}}]}", 1);
    assert_no_event(p);
    assert_int_equal(r->change_seq, 2);
    assert_string_equal(json_string_value(json_object_get(
        ovsdb_replica_get_row(r, "Port", U1), "name")), "b");
    ovsdb_proto_destroy(p);
}

static void
test_replica_direct(void **state)
{
    struct ovsdb_replica r;
    json_t *u;
    char *error;

    (void) state;
    ovsdb_replica_init(&r);
    /* A modify whose "new" carries only some columns keeps the rest. */
    u = json_loads("{\"T\":{\"" U1 "\":{\"new\":{\"a\":1,\"b\":2}}}}", 0,
                   NULL);
    assert_null(ovsdb_replica_apply(&r, u, NULL, NULL));
    json_decref(u);
    u = json_loads("{\"T\":{\"" U1 "\":{\"old\":{\"b\":2},\"new\":"
                   "{\"b\":3}}}}", 0, NULL);
    assert_null(ovsdb_replica_apply(&r, u, NULL, NULL));
    json_decref(u);
    assert_true(json_eq_new(ovsdb_replica_get_row(&r, "T", U1),
                           json_pack("{s:i,s:i}", "a", 1, "b", 3)));
    /* A no-op modify reports nothing; deleting an unknown row neither. */
    u = json_loads("{\"T\":{\"" U1 "\":{\"new\":{\"b\":3}}},"
                   "\"X\":{\"" U2 "\":{\"old\":{}}}}", 0, NULL);
    assert_int_equal(r.change_seq, 2);
    assert_null(ovsdb_replica_apply(&r, u, NULL, NULL));
    assert_int_equal(r.change_seq, 2);
    json_decref(u);
    /* Malformed updates. */
    u = json_loads("{\"T\":[]}", 0, NULL);
    error = ovsdb_replica_apply(&r, u, NULL, NULL);
    assert_string_equal(error, "table T: updates are not a JSON object");
    free(error);
    json_decref(u);
    u = json_loads("{\"T\":{\"" U1 "\":{\"new\":5}}}", 0, NULL);
    error = ovsdb_replica_apply(&r, u, NULL, NULL);
    assert_string_equal(error, "table T row " U1 ": malformed row update");
    free(error);
    json_decref(u);
    /* Lookup by a map key, as for Interface external_ids:iface-id. */
    u = json_loads("{\"I\":{\"" U2 "\":{\"new\":{\"external_ids\":[\"map\","
                   "[[\"iface-id\",\"vm1\"],[\"x\",\"y\"]]]}},\"" U3 "\":{\"new\":"
                   "{\"external_ids\":[\"map\",[[\"iface-id\",\"vm2\"]]]}}}}", 0,
                   NULL);
    assert_null(ovsdb_replica_apply(&r, u, NULL, NULL));
    json_decref(u);
    {
        const char *uuid = NULL;
        assert_non_null(ovsdb_replica_find_by_map(&r, "I", "external_ids",
                                                  "iface-id", "vm2", &uuid));
        assert_string_equal(uuid, U3);
        assert_null(ovsdb_replica_find_by_map(&r, "I", "external_ids",
                                              "iface-id", "vm3", NULL));
        assert_null(ovsdb_replica_find_by_map(&r, "I", "external_ids",
                                              "x", "vm1", NULL));
        assert_null(ovsdb_replica_find_by_map(&r, "Z", "external_ids",
                                              "iface-id", "vm1", NULL));
    }
    ovsdb_replica_clear(&r, NULL, NULL);
    assert_int_equal(ovsdb_replica_count(&r, "T"), 0);
    assert_int_equal(r.change_seq, 7);   /* 4 changes + 3 deletes. */
    ovsdb_replica_uninit(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_echo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_matching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monitor_and_updates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_resync, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monitor_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_framing_through_core, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_monitor, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_row_events, setup, teardown),
        cmocka_unit_test(test_replica_direct),
    };
    log_set_all(KLOG_ERR);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
