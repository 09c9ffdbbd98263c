/* Unit tests for the OVSDB client's pure helpers: JSON value framing on a
 * byte stream (split, merged, oversized, garbage), JSON-RPC message
 * classification, datum encodings, schema parsing and transaction
 * building / result reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ovsdb/ovsdb-datum.h"
#include "ovsdb/ovsdb-jsonrpc.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-txn.h"

/* Compares 'json' with the JSON text 'expect' (semantic equality). */
static void
assert_json_eq(const json_t *json, const char *expect)
{
    json_error_t err;
    json_t *e = json_loads(expect, JSON_DECODE_ANY, &err);

    if (!e) {
        fail_msg("bad expected JSON %s: %s", expect, err.text);
    }
    if (!json_equal((json_t *) json, e)) {
        char *got = ovsdb_jsonrpc_to_string(json);
        fail_msg("got %s\nwant %s", got, expect);
    }
    json_decref(e);
}

/* Feeds 'text' to a framer in pieces of 'step' bytes and returns the
 * number of values extracted; each must be an object with "n" = index. */
static int
frame_in_steps(const char *text, size_t step)
{
    struct ovsdb_jsonrpc_framer f;
    size_t len = strlen(text), ofs;
    int n = 0;

    ovsdb_jsonrpc_framer_init(&f, 0);
    for (ofs = 0; ofs < len; ofs += step) {
        json_t *v;
        char *error;
        int retval;

        ovsdb_jsonrpc_framer_push(&f, text + ofs, MIN(step, len - ofs));
        while (!(retval = ovsdb_jsonrpc_framer_next(&f, &v, &error))) {
            assert_int_equal(json_integer_value(json_object_get(v, "n")), n);
            n++;
            json_decref(v);
        }
        assert_int_equal(retval, EAGAIN);
        assert_null(error);
    }
    assert_int_equal(ovsdb_jsonrpc_framer_pending(&f), 0);
    ovsdb_jsonrpc_framer_uninit(&f);
    return n;
}

static void
test_framer_split_merged(void **state)
{
    /* Strings with braces, brackets, escaped quotes and backslashes must
     * not confuse the depth count. */
    static const char text[] =
        " {\"n\":0,\"s\":\"}]{[\\\"\\\\\",\"a\":[1,{\"b\":[]}]}\n"
        "{\"n\":1,\"u\":\"\\u00e9\\\"}\"}{\"n\":2}\r\n\t"
        "{\"n\":3,\"nested\":{\"x\":{\"y\":[[],[{}]]}}}  ";
    size_t step;

    (void) state;
    for (step = 1; step <= sizeof text; step++) {
        assert_int_equal(frame_in_steps(text, step), 4);
    }
}

static void
test_framer_errors(void **state)
{
    static const struct {
        const char *input;
        int error;
        const char *text;
    } cases[] = {
        { "x", EPROTO, "unexpected byte 0x78 ('x')" },
        { "{\"n\":0} 42", EPROTO, "unexpected byte 0x34" },
        { "\"str\"", EPROTO, "where a JSON value should start" },
        { "{\"a\":}", EPROTO, "bad JSON" },
        { "[1,2,]", EPROTO, "bad JSON" },
        { "{\"a\":1]", EPROTO, "bad JSON" },
        { "{\"a\":\"\xff\xfe\"}", EPROTO, "bad JSON" },
        { "\x00", EPROTO, "unexpected byte 0x00" },
    };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ovsdb_jsonrpc_framer f;
        json_t *v;
        char *error;
        int retval;
        size_t len = strlen(cases[i].input);

        ovsdb_jsonrpc_framer_init(&f, 0);
        ovsdb_jsonrpc_framer_push(&f, cases[i].input, len ? len : 1);
        do {
            retval = ovsdb_jsonrpc_framer_next(&f, &v, &error);
            json_decref(v);
        } while (!retval);
        if (retval != cases[i].error || !error
            || !strstr(error, cases[i].text)) {
            fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, retval,
                     error ? error : "", cases[i].error, cases[i].text);
        }
        free(error);
        /* The error sticks: no resynchronisation inside a byte stream. */
        ovsdb_jsonrpc_framer_push(&f, "{}", 2);
        assert_int_equal(ovsdb_jsonrpc_framer_next(&f, &v, &error), EPROTO);
        free(error);
        /* A reset (new connection) starts clean. */
        ovsdb_jsonrpc_framer_reset(&f);
        ovsdb_jsonrpc_framer_push(&f, "{}", 2);
        assert_int_equal(ovsdb_jsonrpc_framer_next(&f, &v, &error), 0);
        json_decref(v);
        ovsdb_jsonrpc_framer_uninit(&f);
    }
}

static void
test_framer_oversized(void **state)
{
    struct ovsdb_jsonrpc_framer f;
    char big[200];
    json_t *v;
    char *error;
    size_t i;

    (void) state;
    ovsdb_jsonrpc_framer_init(&f, 64);
    /* Exactly at the limit passes. */
    memset(big, ' ', sizeof big);
    memcpy(big, "{\"k\":\"", 6);
    memcpy(big + 62, "\"}", 2);
    ovsdb_jsonrpc_framer_push(&f, big, 64);
    assert_int_equal(ovsdb_jsonrpc_framer_next(&f, &v, &error), 0);
    json_decref(v);
    /* One more byte fails, even though the value never completes, and
     * even when it arrives a byte at a time. */
    memcpy(big + 62, "  \"}", 4);
    for (i = 0; i < 65; i++) {
        ovsdb_jsonrpc_framer_push(&f, big + i, 1);
        if (i < 64) {
            assert_int_equal(ovsdb_jsonrpc_framer_next(&f, &v, &error),
                             EAGAIN);
        }
    }
    assert_int_equal(ovsdb_jsonrpc_framer_next(&f, &v, &error), EMSGSIZE);
    assert_non_null(strstr(error, "64-byte limit"));
    free(error);
    ovsdb_jsonrpc_framer_uninit(&f);
}

static void
test_msg_parse(void **state)
{
    static const struct {
        const char *text;
        int type;               /* -1: error expected. */
        const char *error;
    } cases[] = {
        { "{\"method\":\"echo\",\"params\":[],\"id\":\"echo\"}",
          OVSDB_JSONRPC_REQUEST, NULL },
        { "{\"method\":\"update\",\"params\":[null,{}],\"id\":null}",
          OVSDB_JSONRPC_NOTIFY, NULL },
        { "{\"method\":\"update\",\"params\":[]}", OVSDB_JSONRPC_NOTIFY,
          NULL },
        { "{\"result\":[],\"error\":null,\"id\":3}", OVSDB_JSONRPC_REPLY,
          NULL },
        { "{\"result\":null,\"error\":\"unknown database\",\"id\":3}",
          OVSDB_JSONRPC_ERROR, NULL },
        { "[1]", -1, "not an object" },
        { "{\"method\":1,\"params\":[],\"id\":1}", -1, "not a string" },
        { "{\"method\":\"x\",\"params\":{},\"id\":1}", -1,
          "\"params\" is not an array" },
        { "{\"id\":1}", -1, "neither" },
        { "{\"result\":1,\"error\":null}", -1, "no \"id\"" },
        { "{\"method\":\"x\",\"params\":[],\"result\":1,\"id\":1}", -1,
          "also has" },
    };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        json_t *json = json_loads(cases[i].text, 0, NULL);
        struct ovsdb_jsonrpc_msg msg;
        char *error;

        assert_non_null(json);
        error = ovsdb_jsonrpc_msg_parse(json, &msg);
        if (cases[i].type < 0) {
            if (!error || !strstr(error, cases[i].error)) {
                fail_msg("case %zu: got \"%s\", want \"%s\"", i,
                         error ? error : "(none)", cases[i].error);
            }
        } else {
            if (error) {
                fail_msg("case %zu: unexpected error %s", i, error);
            }
            assert_int_equal(msg.type, cases[i].type);
        }
        free(error);
        json_decref(json);
    }
}

static void
test_build_messages(void **state)
{
    json_t *req, *reply, *id;
    struct buf b;

    (void) state;
    req = ovsdb_jsonrpc_request("get_schema",
                                json_pack("[s]", "Open_vSwitch"),
                                json_integer(7));
    assert_json_eq(req, "{\"method\":\"get_schema\",\"params\":"
                   "[\"Open_vSwitch\"],\"id\":7}");
    buf_init(&b, 0);
    ovsdb_jsonrpc_encode(req, &b);
    assert_int_equal(b.size, strlen("{\"method\":\"get_schema\",\"params\":"
                                    "[\"Open_vSwitch\"],\"id\":7}"));
    buf_uninit(&b);
    json_decref(req);

    id = json_string("echo");
    reply = ovsdb_jsonrpc_reply(json_pack("[s]", "x"), id);
    json_decref(id);
    assert_json_eq(reply, "{\"result\":[\"x\"],\"error\":null,"
                   "\"id\":\"echo\"}");
    json_decref(reply);
}

static void
test_datum(void **state)
{
    json_t *set, *map, *one, *where, *atom;
    static const char u1[] = "2f3bc6a5-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    (void) state;
    assert_true(ovsdb_uuid_is_valid(u1));
    assert_false(ovsdb_uuid_is_valid("2f3bc6a5-1c2d-4e5f-8a9b-0c1d2e3f4a5"));
    assert_false(ovsdb_uuid_is_valid("2f3bc6a5x1c2d-4e5f-8a9b-0c1d2e3f4a5b"));
    assert_false(ovsdb_uuid_is_valid("2f3bc6a5-1c2d-4e5f-8a9b-0c1d2e3f4a5g"));

    set = ovsdb_datum_set_new();
    ovsdb_datum_set_add(set, ovsdb_datum_uuid(u1));
    ovsdb_datum_set_add(set, ovsdb_datum_named_uuid("port0"));
    assert_json_eq(set, "[\"set\",[[\"uuid\",\"2f3bc6a5-1c2d-4e5f-8a9b-"
                   "0c1d2e3f4a5b\"],[\"named-uuid\",\"port0\"]]]");
    assert_int_equal(ovsdb_datum_set_size(set), 2);
    assert_true(ovsdb_datum_set_contains_uuid(set, u1));
    atom = ovsdb_datum_named_uuid("port0");
    assert_true(ovsdb_datum_set_contains(set, atom));
    json_decref(atom);
    assert_string_equal(ovsdb_datum_get_uuid(ovsdb_datum_set_get(set, 0)), u1);
    assert_null(ovsdb_datum_get_uuid(ovsdb_datum_set_get(set, 1)));
    assert_null(ovsdb_datum_set_get(set, 2));
    json_decref(set);

    /* A one-element set may be the bare atom. */
    one = ovsdb_datum_uuid(u1);
    assert_int_equal(ovsdb_datum_set_size(one), 1);
    assert_true(ovsdb_datum_set_contains_uuid(one, u1));
    assert_ptr_equal(ovsdb_datum_set_get(one, 0), one);
    json_decref(one);
    one = json_string("x");
    assert_int_equal(ovsdb_datum_set_size(one), 1);
    json_decref(one);
    one = json_pack("[s,[]]", "set");
    assert_int_equal(ovsdb_datum_set_size(one), 0);
    json_decref(one);
    one = json_pack("{}");
    assert_int_equal(ovsdb_datum_set_size(one), 0);
    json_decref(one);

    map = ovsdb_datum_map_new();
    ovsdb_datum_map_add_string(map, "iface-id", "vm1-port");
    ovsdb_datum_map_add(map, json_string("n"), json_integer(3));
    assert_json_eq(map, "[\"map\",[[\"iface-id\",\"vm1-port\"],"
                   "[\"n\",3]]]");
    assert_int_equal(ovsdb_datum_map_size(map), 2);
    assert_string_equal(ovsdb_datum_map_get_string(map, "iface-id"),
                        "vm1-port");
    assert_null(ovsdb_datum_map_get_string(map, "n"));
    assert_int_equal(json_integer_value(ovsdb_datum_map_get(map, "n")), 3);
    assert_null(ovsdb_datum_map_get(map, "absent"));
    json_decref(map);

    where = ovsdb_where_uuid(u1);
    assert_json_eq(where, "[[\"_uuid\",\"==\",[\"uuid\",\"2f3bc6a5-1c2d-"
                   "4e5f-8a9b-0c1d2e3f4a5b\"]]]");
    json_decref(where);
}

static const char small_schema[] =
    "{\"name\":\"Open_vSwitch\",\"version\":\"8.3.1\",\"tables\":{"
    "\"Bridge\":{\"isRoot\":true,\"columns\":{"
    "  \"name\":{\"type\":\"string\",\"mutable\":false},"
    "  \"ports\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":\"Port\"},"
    "     \"min\":0,\"max\":\"unlimited\"}},"
    "  \"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\","
    "     \"min\":0,\"max\":\"unlimited\"}},"
    "  \"datapath_type\":{\"type\":{\"key\":{\"type\":\"string\"},"
    "     \"min\":0,\"max\":1}}}},"
    "\"Port\":{\"columns\":{\"name\":{\"type\":\"string\"}}}}}";

static void
test_schema(void **state)
{
    const struct ovsdb_schema_table *t;
    const struct ovsdb_schema_column *c;
    struct ovsdb_schema *s;
    json_t *json;
    char *error;
    static const struct {
        const char *text;
        const char *error;
    } bad[] = {
        { "[]", "not a JSON object" },
        { "{\"tables\":{}}", "no \"name\"" },
        { "{\"name\":\"x\"}", "no \"tables\"" },
        { "{\"name\":\"x\",\"tables\":{\"T\":{}}}", "table T: no \"columns\"" },
        { "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{}}}}}",
          "table T column c: no \"type\"" },
        { "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":"
          "{\"key\":\"string\",\"max\":0}}}}}}", "table T column c: bad "
          "\"max\"" },
    };
    size_t i;

    (void) state;
    json = json_loads(small_schema, 0, NULL);
    assert_non_null(json);
    s = ovsdb_schema_parse(json, &error);
    json_decref(json);
    assert_null(error);
    assert_non_null(s);
    assert_string_equal(s->name, "Open_vSwitch");
    assert_string_equal(s->version, "8.3.1");
    assert_int_equal(s->n_tables, 2);
    t = ovsdb_schema_find_table(s, "Bridge");
    assert_non_null(t);
    assert_true(t->is_root);
    assert_int_equal(t->n_columns, 4);
    c = ovsdb_schema_find_column(t, "ports");
    assert_non_null(c);
    assert_string_equal(c->key_type, "uuid");
    assert_string_equal(c->ref_table, "Port");
    assert_int_equal(c->min, 0);
    assert_int_equal(c->max, OVSDB_SCHEMA_UNLIMITED);
    c = ovsdb_schema_find_column(t, "external_ids");
    assert_string_equal(c->value_type, "string");
    c = ovsdb_schema_find_column(t, "datapath_type");
    assert_int_equal(c->max, 1);
    assert_null(c->value_type);
    c = ovsdb_schema_find_column(t, "name");
    assert_int_equal(c->min, 1);
    assert_null(ovsdb_schema_find_column(t, "nope"));
    assert_false(ovsdb_schema_find_table(s, "Port")->is_root);
    assert_null(ovsdb_schema_find_table(s, "Interface"));
    ovsdb_schema_destroy(s);

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        json = json_loads(bad[i].text, JSON_DECODE_ANY, NULL);
        assert_non_null(json);
        s = ovsdb_schema_parse(json, &error);
        json_decref(json);
        assert_null(s);
        if (!error || !strstr(error, bad[i].error)) {
            fail_msg("case %zu: got \"%s\", want \"%s\"", i,
                     error ? error : "(none)", bad[i].error);
        }
        free(error);
    }

    /* The real Open_vSwitch schema, when installed, parses too. */
    json = json_load_file("/usr/share/openvswitch/vswitch.ovsschema", 0,
                          NULL);
    if (json) {
        s = ovsdb_schema_parse(json, &error);
        assert_null(error);
        t = ovsdb_schema_find_table(s, "Interface");
        assert_non_null(t);
        assert_non_null(ovsdb_schema_find_column(t, "external_ids"));
        ovsdb_schema_destroy(s);
        json_decref(json);
    }
}

static void
test_txn_build(void **state)
{
    struct ovsdb_txn *txn = ovsdb_txn_create("Open_vSwitch");
    json_t *row, *ports, *where, *muts;

    (void) state;
    row = json_pack("{s:s}", "name", "br0");
    ports = ovsdb_datum_set_new();
    ovsdb_datum_set_add(ports, ovsdb_datum_named_uuid("p"));
    json_object_set_new(row, "ports", ports);
    assert_int_equal(ovsdb_txn_insert(txn, "Bridge", row, "b"), 0);
    muts = json_array();
    json_array_append_new(muts, ovsdb_mutation("bridges", "insert",
                                               ovsdb_datum_named_uuid("b")));
    assert_int_equal(ovsdb_txn_mutate(txn, "Open_vSwitch", NULL, muts), 1);
    where = json_array();
    json_array_append_new(where, ovsdb_condition("name", "==",
                                                 json_string("br0")));
    assert_int_equal(ovsdb_txn_wait(txn, "Bridge", where,
                                    json_pack("[s]", "name"), "==",
                                    json_array(), 0), 2);
    assert_int_equal(ovsdb_txn_select(txn, "Bridge", NULL, NULL), 3);
    assert_int_equal(ovsdb_txn_update(txn, "Bridge", NULL,
                                      json_pack("{s:b}", "stp_enable", 0)),
                     4);
    assert_int_equal(ovsdb_txn_delete(txn, "Port",
                                      ovsdb_where_uuid(
                                      "00000000-0000-0000-0000-000000000001")),
                     5);
    assert_int_equal(ovsdb_txn_comment(txn, "kumo"), 6);
    assert_int_equal(ovsdb_txn_n_ops(txn), 7);
    assert_json_eq(txn->params,
        "[\"Open_vSwitch\","
        "{\"op\":\"insert\",\"table\":\"Bridge\",\"uuid-name\":\"b\","
        " \"row\":{\"name\":\"br0\",\"ports\":[\"set\",[[\"named-uuid\","
        "  \"p\"]]]}},"
        "{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],"
        " \"mutations\":[[\"bridges\",\"insert\",[\"named-uuid\",\"b\"]]]},"
        "{\"op\":\"wait\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\","
        "  \"br0\"]],\"columns\":[\"name\"],\"until\":\"==\",\"rows\":[],"
        "  \"timeout\":0},"
        "{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[]},"
        "{\"op\":\"update\",\"table\":\"Bridge\",\"where\":[],"
        " \"row\":{\"stp_enable\":false}},"
        "{\"op\":\"delete\",\"table\":\"Port\",\"where\":[[\"_uuid\",\"==\","
        "  [\"uuid\",\"00000000-0000-0000-0000-000000000001\"]]]},"
        "{\"op\":\"comment\",\"comment\":\"kumo\"}]");
    ovsdb_txn_destroy(txn);
}

static void
parse_result(struct ovsdb_txn_result *res, const char *text, size_t n_ops)
{
    json_t *json = json_loads(text, JSON_DECODE_ANY, NULL);

    assert_non_null(json);
    ovsdb_txn_result_parse(res, json, n_ops);
    json_decref(json);
}

static void
assert_format(const struct ovsdb_txn_result *res, const char *expect)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ovsdb_txn_result_format(res, &ds);
    assert_string_equal(ds_cstr(&ds), expect);
    ds_destroy(&ds);
}

static void
test_txn_result(void **state)
{
    struct ovsdb_txn_result res;

    (void) state;
    /* All ops succeed. */
    parse_result(&res, "[{\"uuid\":[\"uuid\",\"2f3bc6a5-1c2d-4e5f-8a9b-"
                 "0c1d2e3f4a5b\"]},{\"count\":2},{\"rows\":[{\"name\":"
                 "\"br0\"}]},{}]", 4);
    assert_true(ovsdb_txn_result_ok(&res));
    assert_string_equal(res.ops[0].uuid,
                        "2f3bc6a5-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    assert_int_equal(res.ops[0].count, -1);
    assert_int_equal(res.ops[1].count, 2);
    assert_int_equal(json_array_size(res.ops[2].rows), 1);
    assert_true(res.ops[3].executed);
    assert_format(&res, "ok");
    ovsdb_txn_result_uninit(&res);

    /* Op 1 fails: later ops are null (not executed). */
    parse_result(&res, "[{\"uuid\":[\"uuid\",\"2f3bc6a5-1c2d-4e5f-8a9b-"
                 "0c1d2e3f4a5b\"]},{\"error\":\"constraint violation\","
                 "\"details\":\"no row\"},null]", 3);
    assert_false(ovsdb_txn_result_ok(&res));
    assert_int_equal(res.failed_op, 1);
    assert_string_equal(res.ops[1].error, "constraint violation");
    assert_false(res.ops[2].executed);
    assert_format(&res, "operation 1 failed: constraint violation: no row");
    ovsdb_txn_result_uninit(&res);

    /* Every op succeeded but the commit failed: one extra element. */
    parse_result(&res, "[{},{\"error\":\"referential integrity violation\","
                 "\"details\":\"row is referenced\"}]", 1);
    assert_false(ovsdb_txn_result_ok(&res));
    assert_int_equal(res.failed_op, SIZE_MAX);
    assert_format(&res, "commit failed: referential integrity violation: "
                  "row is referenced");
    ovsdb_txn_result_uninit(&res);

    /* A wait that timed out. */
    parse_result(&res, "[{\"error\":\"timed out\"}]", 1);
    assert_format(&res, "operation 0 failed: timed out");
    ovsdb_txn_result_uninit(&res);

    /* Malformed results. */
    parse_result(&res, "[{}]", 2);
    assert_false(ovsdb_txn_result_ok(&res));
    assert_format(&res, "transaction result has 1 elements for 2 "
                  "operations");
    ovsdb_txn_result_uninit(&res);
    parse_result(&res, "{}", 1);
    assert_format(&res, "transaction result is not an array");
    ovsdb_txn_result_uninit(&res);
    parse_result(&res, "[{},null]", 2);
    assert_format(&res, "operation 1 was not executed but no operation "
                  "failed");
    ovsdb_txn_result_uninit(&res);
    parse_result(&res, "[3]", 1);
    assert_format(&res, "operation 0: result is not an object");
    ovsdb_txn_result_uninit(&res);

    ovsdb_txn_result_set_error(&res, 2, "connection lost");
    assert_false(ovsdb_txn_result_ok(&res));
    assert_format(&res, "connection lost");
    ovsdb_txn_result_uninit(&res);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framer_split_merged),
        cmocka_unit_test(test_framer_errors),
        cmocka_unit_test(test_framer_oversized),
        cmocka_unit_test(test_msg_parse),
        cmocka_unit_test(test_build_messages),
        cmocka_unit_test(test_datum),
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_txn_build),
        cmocka_unit_test(test_txn_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
