/* Unit tests for the control-socket protocol (ctl-proto), its dispatcher
 * (ctl-cmd) and kumoctl's table rendering (ctl-table): no sockets, fake
 * snapshots in, exact JSON and text out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/app.h"
#include "core/ctl-cmd.h"
#include "core/ctl-proto.h"
#include "core/ctl-table.h"
#include "core/l2switch.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/log.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-port.h"

LOG_MODULE(test_ctl)

static void
parse_request_ok(const char *line, const char *cmd, size_t n_args)
{
    struct ctl_request req;
    char *error = ctl_proto_parse_request(line, strlen(line), &req);

    if (error) {
        fail_msg("%s: %s", line, error);
    }
    assert_string_equal(req.cmd, cmd);
    assert_int_equal(req.n_args, n_args);
    ctl_request_uninit(&req);
}

static void
parse_request_bad(const char *line, const char *expect_substring)
{
    struct ctl_request req;
    char *error = ctl_proto_parse_request(line, strlen(line), &req);

    assert_non_null(error);
    if (!strstr(error, expect_substring)) {
        fail_msg("\"%s\" does not contain \"%s\"", error, expect_substring);
    }
    assert_null(req.cmd);
    free(error);
}

static void
test_parse_request(void **state)
{
    struct ctl_request req;
    char *error;

    (void) state;
    parse_request_ok("{\"cmd\":\"switches\"}", "switches", 0);
    parse_request_ok("{\"cmd\":\"switches\",\"args\":[]}", "switches", 0);
    parse_request_ok("{\"args\":[\"a\",\"b\"],\"cmd\":\"log-level\"}",
                     "log-level", 2);
    parse_request_bad("", "not valid JSON");
    parse_request_bad("{\"cmd\":", "not valid JSON");
    parse_request_bad("[1]", "must be a JSON object");
    parse_request_bad("{}", "no \"cmd\"");
    parse_request_bad("{\"cmd\":5}", "\"cmd\" must be a string");
    parse_request_bad("{\"cmd\":\"x\",\"args\":\"a\"}", "array of strings");
    parse_request_bad("{\"cmd\":\"x\",\"args\":[\"a\",1]}", "\"args\"[1]");
    parse_request_bad("{\"cmd\":\"x\",\"extra\":1}", "unknown key \"extra\"");
    parse_request_bad("{\"cmd\":\"x\",\"cmd\":\"y\"}", "not valid JSON");

    error = ctl_proto_parse_request("{\"cmd\":\"ports\",\"args\":[\"1\"]}",
                                    28, &req);
    assert_null(error);
    assert_string_equal(req.args[0], "1");
    ctl_request_uninit(&req);
}

static void
test_build_and_reply_round_trip(void **state)
{
    char *args[] = { "vconn", "dbg" };
    char *line, *error, *derror;
    struct ctl_request req;
    json_t *result;
    bool ok;

    (void) state;
    line = ctl_proto_build_request("log-level", 2, args);
    assert_string_equal(line, "{\"cmd\":\"log-level\",\"args\":[\"vconn\","
                        "\"dbg\"]}\n");
    assert_null(ctl_proto_parse_request(line, strlen(line) - 1, &req));
    assert_string_equal(req.args[1], "dbg");
    ctl_request_uninit(&req);
    free(line);

    line = ctl_proto_reply_ok(json_pack("{s:i}", "n", 3));
    assert_string_equal(line, "{\"ok\":true,\"result\":{\"n\":3}}\n");
    assert_null(ctl_proto_parse_reply(line, strlen(line), &ok, &result,
                                      &derror));
    assert_true(ok);
    assert_int_equal(json_integer_value(json_object_get(result, "n")), 3);
    json_decref(result);
    free(line);

    line = ctl_proto_reply_ok(NULL);
    assert_string_equal(line, "{\"ok\":true,\"result\":null}\n");
    free(line);

    line = ctl_proto_reply_error("no switch \"x\"");
    assert_string_equal(line, "{\"ok\":false,\"error\":\"no switch \\\"x\\\"\"}\n");
    assert_null(ctl_proto_parse_reply(line, strlen(line), &ok, &result,
                                      &derror));
    assert_false(ok);
    assert_null(result);
    assert_string_equal(derror, "no switch \"x\"");
    free(derror);
    free(line);

    error = ctl_proto_parse_reply("{\"result\":1}", 12, &ok, &result, &derror);
    assert_non_null(strstr(error, "\"ok\""));
    free(error);
    error = ctl_proto_parse_reply("{\"ok\":false}", 12, &ok, &result, &derror);
    assert_non_null(error);
    free(error);
    error = ctl_proto_parse_reply("garbage", 7, &ok, &result, &derror);
    assert_non_null(strstr(error, "not valid JSON"));
    free(error);
}

static void
test_dpid(void **state)
{
    uint64_t dpid;
    char s[17];

    (void) state;
    assert_true(ctl_proto_parse_dpid("1", &dpid));
    assert_true(dpid == 1);
    assert_true(ctl_proto_parse_dpid("18446744073709551615", &dpid));
    assert_true(dpid == UINT64_MAX);
    assert_false(ctl_proto_parse_dpid("18446744073709551616", &dpid));
    assert_true(ctl_proto_parse_dpid("0x1A", &dpid));
    assert_true(dpid == 0x1a);
    assert_true(ctl_proto_parse_dpid("0xffffffffffffffff", &dpid));
    assert_true(dpid == UINT64_MAX);
    assert_false(ctl_proto_parse_dpid("0x1ffffffffffffffff", &dpid));
    assert_true(ctl_proto_parse_dpid("000000000000001a", &dpid));
    assert_true(dpid == 0x1a);
    /* 16 digits are hex even when they look decimal. */
    assert_true(ctl_proto_parse_dpid("0000000000000010", &dpid));
    assert_true(dpid == 16);
    assert_true(ctl_proto_parse_dpid("00:00:00:00:00:00:01:0a", &dpid));
    assert_true(dpid == 0x10a);
    assert_false(ctl_proto_parse_dpid("00:00:00:00:00:00:01-0a", &dpid));
    assert_false(ctl_proto_parse_dpid("", &dpid));
    assert_false(ctl_proto_parse_dpid("0x", &dpid));
    assert_false(ctl_proto_parse_dpid("12a", &dpid));
    assert_false(ctl_proto_parse_dpid("-1", &dpid));
    assert_false(ctl_proto_parse_dpid("000000000000001g", &dpid));
    ctl_proto_format_dpid(0x1a, s);
    assert_string_equal(s, "000000000000001a");
}

/* A snapshot with two switches for the renderers. */
struct fake {
    struct core_snapshot snap;
    struct core_switch_info sw[2];
    struct ofswitch_port ports[3];
};

static void
fake_init(struct fake *f)
{
    memset(f, 0, sizeof *f);
    f->ports[0] = (struct ofswitch_port) {
        .port_no = 1, .hw_addr = { { 0xaa, 0, 0, 0, 0, 1 } },
        .name = "s1-eth1", .curr_speed = 10000000,
    };
    f->ports[1] = (struct ofswitch_port) {
        .port_no = 2, .hw_addr = { { 0xaa, 0, 0, 0, 0, 2 } },
        .name = "s1-eth2", .config = 1 | 4, .state = 1,
    };
    f->ports[2] = (struct ofswitch_port) {
        .port_no = 0xfffffffe, .hw_addr = { { 0xaa, 0, 0, 0, 0, 3 } },
        .name = "s1",
    };
    f->sw[0] = (struct core_switch_info) {
        .dpid = 1, .version = OFP13_VERSION, .n_buffers = 0, .n_tables = 254,
        .role = OFSWITCH_ROLE_EQUAL, .remote = "tcp:127.0.0.1:40001",
        .connected_since = INT64_C(1700000000000), .worker = 0,
        .n_ports = 3, .ports = f->ports,
    };
    f->sw[0].counters.packet_ins = 10;
    f->sw[0].counters.flow_mods = 4;
    f->sw[1] = (struct core_switch_info) {
        .dpid = 0xabcdef, .version = OFP10_VERSION, .n_buffers = 256,
        .role = OFSWITCH_ROLE_MASTER, .remote = "ssl:10.0.0.2:6653",
        .connected_since = INT64_C(1700000000000) - 3723000, .worker = 1,
    };
    f->sw[1].counters.packet_ins = 5;
    f->snap.n_switches = 2;
    f->snap.switches = f->sw;
    f->snap.n_workers = 2;
    f->snap.n_connections = 3;
    f->snap.global.accepted = 3;
    f->snap.total.packet_ins = 15;
}

static void
test_switches_json_and_table(void **state)
{
    struct fake f;
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *result;
    char *text;

    (void) state;
    fake_init(&f);
    result = ctl_proto_switches_json(&f.snap, INT64_C(1700000000000) + 65000);
    text = json_dumps(json_array_get(result, 0), JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text,
        "{\"address\":\"tcp:127.0.0.1:40001\",\"connected_secs\":65,"
        "\"connected_since\":\"2023-11-14T22:13:20Z\","
        "\"dpid\":\"0000000000000001\",\"n_buffers\":0,\"n_ports\":3,"
        "\"n_tables\":254,\"role\":\"equal\",\"version\":\"1.3\","
        "\"worker\":0}");
    free(text);
    assert_null(ctl_table_render(&s, "switches", result));
    assert_string_equal(ds_cstr(&s),
        "DPID              ADDRESS              VERSION       PORTS  "
        "CONNECTED SINCE          UP  ROLE\n"
        "0000000000000001  tcp:127.0.0.1:40001  OpenFlow 1.3      3  "
        "2023-11-14T22:13:20Z  1m05s  equal\n"
        "0000000000abcdef  ssl:10.0.0.2:6653    OpenFlow 1.0      0  "
        "2023-11-14T21:11:17Z  1h03m  master\n"
        "2 switches\n");
    json_decref(result);

    /* Empty list: just the heading. */
    ds_clear(&s);
    f.snap.n_switches = 0;
    result = ctl_proto_switches_json(&f.snap, 0);
    assert_null(ctl_table_render(&s, "switches", result));
    assert_string_equal(ds_cstr(&s), "DPID  ADDRESS  VERSION  PORTS  "
                        "CONNECTED SINCE  UP  ROLE\n0 switches\n");
    json_decref(result);
    ds_destroy(&s);
}

static void
test_ports_json_and_table(void **state)
{
    struct fake f;
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *result;
    char *text;

    (void) state;
    fake_init(&f);
    result = ctl_proto_ports_json(&f.sw[0]);
    assert_int_equal(json_array_size(result), 3);
    text = json_dumps(json_array_get(result, 1), JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text,
        "{\"admin_down\":true,\"config\":[\"port_down\",\"no_recv\"],"
        "\"curr_speed_kbps\":0,\"hw_addr\":\"aa:00:00:00:00:02\","
        "\"link_down\":true,\"max_speed_kbps\":0,\"name\":\"s1-eth2\","
        "\"port\":\"2\",\"port_no\":2,\"state\":\"down\"}");
    free(text);
    assert_null(ctl_table_render(&s, "ports", result));
    assert_string_equal(ds_cstr(&s),
        " PORT  NAME     MAC                STATE  SPEED  CONFIG\n"
        "    1  s1-eth1  aa:00:00:00:00:01  up       10G  -\n"
        "    2  s1-eth2  aa:00:00:00:00:02  down       -  port_down,no_recv\n"
        "LOCAL  s1       aa:00:00:00:00:03  up         -  -\n");
    json_decref(result);
    ds_destroy(&s);
}

static void
test_counters_json_and_table(void **state)
{
    struct fake f;
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *result;

    (void) state;
    fake_init(&f);
    result = ctl_proto_counters_json(&f.snap);
    assert_int_equal(json_integer_value(
        json_object_get(json_object_get(result, "total"), "packet_ins")), 15);
    assert_int_equal(json_integer_value(
        json_object_get(json_object_get(result, "global"), "accepted")), 3);
    assert_int_equal(json_array_size(json_object_get(result, "switches")), 2);
    assert_null(ctl_table_render(&s, "counters", result));
    assert_non_null(strstr(ds_cstr(&s), "workers: 2  connections: 3  "
                           "switches: 2\n"));
    assert_non_null(strstr(ds_cstr(&s), "\naccepted                3\n"));
    assert_non_null(strstr(ds_cstr(&s),
        "DPID              PACKET-INS  IN-DROPS  FLOW-MODS  PACKET-OUTS  "
        "OUT-DROPS  ERRORS-RX  QUEUE-MAX\n"
        "0000000000000001          10         0          4            0  "
        "        0          0          0\n"));
    json_decref(result);
    ds_destroy(&s);
}

static void
test_flows_table(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *result;

    (void) state;
    result = json_pack(
        "[{s:i,s:i,s:i,s:i,s:i,s:i,s:s,s:s},{s:i,s:i,s:i,s:i,s:i,s:i,s:s,s:s}]",
        "table_id", 0, "priority", 32768, "n_packets", 12, "n_bytes", 1176,
        "duration_sec", 7, "idle_timeout", 60,
        "match", "in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02",
        "actions", "output:2",
        "table_id", 0, "priority", 0, "n_packets", 3, "n_bytes", 180,
        "duration_sec", 4000, "idle_timeout", 0, "match", "",
        "actions", "CONTROLLER:65535");
    assert_null(ctl_table_render(&s, "flows", result));
    assert_string_equal(ds_cstr(&s),
        "TABLE  PRIORITY  PACKETS  BYTES    AGE  IDLE  MATCH"
        "                                                        ACTIONS\n"
        "    0     32768       12   1176     7s   60s  "
        "in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02  "
        "output:2\n"
        "    0         0        3    180  1h06m     -  *"
        "                                                            "
        "CONTROLLER:65535\n"
        "2 flows\n");
    json_decref(result);
    ds_destroy(&s);
}

/* Encodes a flow stats reply with two flows in 'version' and returns its
 * body (after the multipart header) in 'body' (a copy). */
static void
make_flow_stats_body(enum ofp_version version, struct buf *body)
{
    struct ofp_action out2 = ofp_action_output(2, 0);
    struct ofp_action to_ctl = ofp_action_output(OFPP_CONTROLLER, 0xffff);
    struct eth_addr a = { { 2, 0, 0, 0, 0, 1 } };
    struct ofp_flow_stats fs;
    struct buf msg;
    struct cursor c;
    uint16_t flags;
    size_t start;

    buf_init(&msg, 0);
    start = ofp_flow_stats_reply_start(&msg, version, 0, 7);
    memset(&fs, 0, sizeof fs);
    ofp_match_init_catchall(&fs.match);
    ofp_match_set_in_port(&fs.match, 1);
    ofp_match_set_eth_dst(&fs.match, &a);
    fs.priority = 100;
    fs.idle_timeout = 60;
    fs.duration_sec = 12;
    fs.cookie = L2SWITCH_COOKIE;
    fs.packet_count = 5;
    fs.byte_count = 490;
    ofp_instructions_init(&fs.instructions);
    ofp_instructions_set_apply(&fs.instructions, &out2, 1);
    assert_int_equal(ofp_flow_stats_reply_append(&msg, version, &fs), 0);
    memset(&fs, 0, sizeof fs);
    ofp_match_init_catchall(&fs.match);
    ofp_instructions_init(&fs.instructions);
    ofp_instructions_set_apply(&fs.instructions, &to_ctl, 1);
    fs.duration_sec = 3700;
    assert_int_equal(ofp_flow_stats_reply_append(&msg, version, &fs), 0);
    ofp_flow_stats_reply_finish(&msg, start);
    assert_int_equal(ofp_flow_stats_reply_init((const void *) msg.data, &c,
                                               &flags), 0);
    buf_init(body, 0);
    buf_put(body, c.data, c.size);
    buf_uninit(&msg);
}

static void
test_flows_json(void **state)
{
    enum ofp_version versions[] = { OFP10_VERSION, OFP13_VERSION };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(versions); i++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        struct buf body;
        json_t *result, *f;
        char *error = NULL;

        make_flow_stats_body(versions[i], &body);
        result = ctl_proto_flows_json(versions[i], body.data, body.size,
                                      &error);
        assert_null(error);
        assert_int_equal(json_array_size(result), 2);
        f = json_array_get(result, 0);
        assert_int_equal(json_integer_value(json_object_get(f, "priority")),
                         100);
        assert_int_equal(json_integer_value(json_object_get(f, "n_packets")),
                         5);
        assert_string_equal(json_string_value(json_object_get(f, "cookie")),
                            "0x6b756d6f6c320000");
        assert_string_equal(json_string_value(json_object_get(f, "match")),
                            "in_port=1,dl_dst=02:00:00:00:00:01");
        assert_string_equal(json_string_value(json_object_get(f, "actions")),
                            "output:2");
        assert_non_null(strstr(json_string_value(json_object_get(f, "text")),
                               "n_packets=5"));
        f = json_array_get(result, 1);
        assert_string_equal(json_string_value(json_object_get(f, "match")),
                            "");
        assert_non_null(strstr(json_string_value(json_object_get(f,
                                                                 "actions")),
                               "CONTROLLER"));
        assert_null(ctl_table_render(&s, "flows", result));
        assert_non_null(strstr(ds_cstr(&s), "    0       100        5    490"
                               "    12s   60s  in_port=1,dl_dst=02:00:00:00"
                               ":00:01  output:2\n"));
        assert_non_null(strstr(ds_cstr(&s), "2 flows\n"));
        json_decref(result);

        /* A body cut mid-entry is an error, not a crash. */
        result = ctl_proto_flows_json(versions[i], body.data, body.size - 8,
                                      &error);
        assert_null(result);
        assert_non_null(strstr(error, "cannot decode flow stats"));
        free(error);
        error = NULL;
        /* An empty body is an empty table. */
        result = ctl_proto_flows_json(versions[i], body.data, 0, &error);
        assert_int_equal(json_array_size(result), 0);
        json_decref(result);
        buf_uninit(&body);
        ds_destroy(&s);
    }
}

static void
test_l2switch_counters(void **state)
{
    struct l2switch_stats st;
    struct fake f;
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *result;

    (void) state;
    memset(&st, 0, sizeof st);
    st.floods = 9;
    st.flows_added = 4;
    fake_init(&f);
    result = ctl_proto_counters_json(&f.snap);
    json_object_set_new(result, "l2switch", ctl_proto_l2switch_stats_json(&st));
    assert_null(ctl_table_render(&s, "counters", result));
    assert_non_null(strstr(ds_cstr(&s), "\nlearning switch:\nCOUNTER"));
    assert_non_null(strstr(ds_cstr(&s), "\nfloods               9\n"));
    json_decref(result);
    ds_destroy(&s);
}

static void
test_macs(void **state)
{
    struct eth_addr a = { { 0x02, 0, 0, 0, 0, 0x0a } };
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *array = json_array();

    (void) state;
    ctl_proto_mac_json(array, &a, 0, 3, 1500);
    a.ea[5] = 0x0b;
    ctl_proto_mac_json(array, &a, 100, OFPP_LOCAL, 125000);
    assert_null(ctl_table_render(&s, "macs", array));
    assert_string_equal(ds_cstr(&s),
                        "VLAN  MAC                 PORT    AGE\n"
                        "   0  02:00:00:00:00:0a      3     1s\n"
                        " 100  02:00:00:00:00:0b  LOCAL  2m05s\n"
                        "2 MACs\n");
    json_decref(array);
    ds_destroy(&s);
}

static void
test_table_rejects_bad_shapes(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *bad;
    char *error;

    (void) state;
    bad = json_pack("{s:i}", "x", 1);
    error = ctl_table_render(&s, "switches", bad);
    assert_string_equal(error, "result is not an array");
    free(error);
    json_decref(bad);

    bad = json_pack("[{s:s}]", "dpid", "1");
    error = ctl_table_render(&s, "switches", bad);
    assert_string_equal(error, "result entry has no string \"address\"");
    free(error);
    json_decref(bad);

    bad = json_pack("[{s:s,s:s,s:s,s:s,s:i,s:o}]", "port", "1", "name", "x",
                    "hw_addr", "m", "state", "up", "curr_speed_kbps", 0,
                    "config", json_pack("[i]", 3));
    error = ctl_table_render(&s, "ports", bad);
    assert_non_null(strstr(error, "non-string"));
    free(error);
    json_decref(bad);

    bad = json_pack("[i]", 1);
    error = ctl_table_render(&s, "flows", bad);
    assert_string_equal(error, "result[0] is not an object");
    free(error);
    json_decref(bad);

    /* Unknown commands fall back to JSON; null prints nothing. */
    ds_clear(&s);
    assert_null(ctl_table_render(&s, "shutdown", json_null()));
    assert_int_equal(s.length, 0);
    bad = json_pack("{s:i}", "a", 1);
    assert_null(ctl_table_render(&s, "other", bad));
    assert_string_equal(ds_cstr(&s), "{\n  \"a\": 1\n}\n");
    json_decref(bad);
    ds_destroy(&s);
}

static json_t *
echo_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    json_t *array = json_array();
    size_t i;

    assert_ptr_equal(aux, (void *) test_parse_request);
    if (n_args && !strcmp(args[0], "fail")) {
        *errorp = xstrdup("asked to fail");
        json_decref(array);
        return NULL;
    }
    for (i = 0; i < n_args; i++) {
        json_array_append_new(array, json_string(args[i]));
    }
    return array;
}

static void
check_dispatch(const char *line, const char *expect)
{
    char *reply = ctl_cmd_dispatch(line, strlen(line));

    assert_string_equal(reply, expect);
    free(reply);
}

static void
test_dispatch(void **state)
{
    (void) state;
    ctl_cmd_register_common();
    ctl_cmd_register("echo", "echo [ARG [ARG]]", 0, 2, echo_cmd,
                     (void *) test_parse_request);
    check_dispatch("{\"cmd\":\"echo\",\"args\":[\"a\",\"b\"]}",
                   "{\"ok\":true,\"result\":[\"a\",\"b\"]}\n");
    check_dispatch("{\"cmd\":\"echo\"}", "{\"ok\":true,\"result\":[]}\n");
    check_dispatch("{\"cmd\":\"echo\",\"args\":[\"fail\"]}",
                   "{\"ok\":false,\"error\":\"asked to fail\"}\n");
    check_dispatch("{\"cmd\":\"echo\",\"args\":[\"1\",\"2\",\"3\"]}",
                   "{\"ok\":false,\"error\":\"wrong number of arguments: "
                   "usage: echo [ARG [ARG]]\"}\n");
    check_dispatch("{\"cmd\":\"nope\"}",
                   "{\"ok\":false,\"error\":\"unknown command \\\"nope\\\" "
                   "(try \\\"help\\\")\"}\n");
    check_dispatch("nope", "{\"ok\":false,\"error\":\"request is not valid "
                   "JSON: '[' or '{' expected near 'nope'\"}\n");

    /* log-level reaches the log registry. */
    check_dispatch("{\"cmd\":\"log-level\",\"args\":[\"test_ctl\",\"dbg\"]}",
                   "{\"ok\":true,\"result\":null}\n");
    assert_true(LOG_IS_DBG());
    check_dispatch("{\"cmd\":\"log-level\",\"args\":[\"test_ctl\",\"warn\"]}",
                   "{\"ok\":true,\"result\":null}\n");
    assert_false(LOG_IS_DBG());
    check_dispatch("{\"cmd\":\"log-level\",\"args\":[\"nosuch\",\"dbg\"]}",
                   "{\"ok\":false,\"error\":\"unknown log module "
                   "\\\"nosuch\\\"\"}\n");
    check_dispatch("{\"cmd\":\"log-level\",\"args\":[\"test_ctl\",\"loud\"]}",
                   "{\"ok\":false,\"error\":\"unknown log level \\\"loud\\\" "
                   "(use off, err, warn, info or dbg)\"}\n");
    ctl_cmd_unregister_all();
    check_dispatch("{\"cmd\":\"echo\"}",
                   "{\"ok\":false,\"error\":\"unknown command \\\"echo\\\" "
                   "(try \\\"help\\\")\"}\n");
}

static void
test_log_levels(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    json_t *levels;
    const json_t *m;
    const char *prev = "";
    bool found = false;
    size_t i;

    (void) state;
    assert_null(log_set_level("test_ctl", "err"));
    levels = ctl_proto_log_levels_json();
    json_array_foreach(levels, i, m) {
        const char *name = json_string_value(json_object_get(m, "module"));

        assert_true(strcmp(prev, name) <= 0);
        prev = name;
        if (!strcmp(name, "test_ctl")) {
            found = true;
            assert_string_equal(json_string_value(json_object_get(m, "level")),
                                "err");
        }
    }
    assert_true(found);
    assert_null(ctl_table_render(&s, "log-levels", levels));
    assert_non_null(strstr(ds_cstr(&s), "MODULE"));
    assert_non_null(strstr(ds_cstr(&s), "test_ctl"));
    json_decref(levels);
    ds_destroy(&s);
}

static void
test_table_basics(void **state)
{
    static const char *const headings[] = { "A", ">NUM", "LAST" };
    struct ctl_table t;
    struct ds s = DS_EMPTY_INITIALIZER;
    int i;

    (void) state;
    ctl_table_init(&t, 3, headings);
    for (i = 0; i < 20; i++) {
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "r%d", i);
        ctl_table_set(&t, 1, "%d", i * i);
    }
    ctl_table_format(&t, &s);
    assert_true(!strncmp(ds_cstr(&s), "A    NUM  LAST\nr0     0\nr1     1\n",
                         33));
    assert_non_null(strstr(ds_cstr(&s), "\nr19  361\n"));
    ctl_table_uninit(&t);
    ds_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_request),
        cmocka_unit_test(test_build_and_reply_round_trip),
        cmocka_unit_test(test_dpid),
        cmocka_unit_test(test_switches_json_and_table),
        cmocka_unit_test(test_ports_json_and_table),
        cmocka_unit_test(test_counters_json_and_table),
        cmocka_unit_test(test_flows_table),
        cmocka_unit_test(test_flows_json),
        cmocka_unit_test(test_l2switch_counters),
        cmocka_unit_test(test_macs),
        cmocka_unit_test(test_table_rejects_bad_shapes),
        cmocka_unit_test(test_dispatch),
        cmocka_unit_test(test_log_levels),
        cmocka_unit_test(test_table_basics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
