/* Unit tests for kumod's HTTP API layer without sockets: the router
 * (matching, 404/405, path parameters), authentication (bearer tokens, SSP
 * login and session cookies), JSON body validation, pagination, form and
 * cookie parsing, and the switch routes over a fake core snapshot and a
 * fake flow stats exchange. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "api/api-auth.h"
#include "api/api-proto.h"
#include "api/api-router.h"
#include "api/api-server.h"
#include "core/app.h"
#include "core/kumod-config.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"

#define TOKEN "0123456789abcdef-token"

/* ---- Fakes for the core ---- */

static size_t fake_n_switches = 3;
static bool fake_core_down;

static struct core_snapshot *
fake_snapshot_take(void)
{
    struct core_snapshot *snap;
    size_t i, j;

    if (fake_core_down) {
        return NULL;
    }
    snap = xzalloc(sizeof *snap);
    snap->n_switches = fake_n_switches;
    snap->switches = xcalloc(fake_n_switches ? fake_n_switches : 1,
                             sizeof *snap->switches);
    for (i = 0; i < fake_n_switches; i++) {
        struct core_switch_info *sw = &snap->switches[i];

        sw->dpid = 0x10 + i;
        sw->version = i ? OFP13_VERSION : OFP10_VERSION;
        sw->n_tables = 254;
        snprintf(sw->remote, sizeof sw->remote, "tcp:198.18.0.%zu:1234",
                 i + 1);
        sw->connected_since = 1000;
        sw->counters.rx_msgs = 42 + i;
        sw->n_ports = 3;
        sw->ports = xcalloc(3, sizeof *sw->ports);
        for (j = 0; j < 3; j++) {
            sw->ports[j].port_no = (uint32_t) j + 1;
            snprintf(sw->ports[j].name, sizeof sw->ports[j].name, "p%zu",
                     j + 1);
        }
    }
    return snap;
}

static int fake_request_error;
static size_t fake_n_flows = 5;
static uint64_t fake_request_dpid;

static int
fake_switch_request(uint64_t dpid, const struct buf *msg, int timeout_ms,
                    struct core_reply *reply)
{
    const struct ofp_header *oh = (const void *) msg->data;
    struct ofp_action out = ofp_action_output(2, 0);
    struct ofp_flow_stats fs;
    struct cursor c;
    struct buf rmsg;
    uint16_t flags;
    size_t start, i;

    (void) timeout_ms;
    memset(reply, 0, sizeof *reply);
    fake_request_dpid = dpid;
    if (fake_request_error) {
        reply->error = fake_request_error;
        return fake_request_error == ENOENT ? ENOENT : 0;
    }
    buf_init(&rmsg, 0);
    start = ofp_flow_stats_reply_start(&rmsg, oh->version, 0, 1);
    for (i = 0; i < fake_n_flows; i++) {
        memset(&fs, 0, sizeof fs);
        ofp_match_init_catchall(&fs.match);
        ofp_match_set_in_port(&fs.match, (uint32_t) i + 1);
        fs.priority = (uint16_t) (100 + i);
        ofp_instructions_init(&fs.instructions);
        ofp_instructions_set_apply(&fs.instructions, &out, 1);
        assert_int_equal(ofp_flow_stats_reply_append(&rmsg, oh->version,
                                                     &fs), 0);
    }
    ofp_flow_stats_reply_finish(&rmsg, start);
    assert_int_equal(ofp_flow_stats_reply_init((const void *) rmsg.data, &c,
                                               &flags), 0);
    reply->body = buf_create(c.size);
    buf_put(reply->body, c.data, c.size);
    buf_uninit(&rmsg);
    return 0;
}

static bool fake_no_fabric;

static json_t *
fake_topology(char **errorp, int *statusp)
{
    json_t *links, *hosts;
    int i;

    if (fake_no_fabric) {
        *errorp = xstrdup("the fabric is not running");
        *statusp = 503;
        return NULL;
    }
    links = json_array();
    hosts = json_array();
    for (i = 0; i < 4; i++) {
        json_array_append_new(links, json_pack("{s:s, s:i, s:s, s:i}",
                                               "a_dpid", "0000000000000001",
                                               "a_port", i + 1,
                                               "b_dpid", "0000000000000002",
                                               "b_port", i + 1));
    }
    json_array_append_new(hosts, json_pack("{s:s, s:s, s:i}", "mac",
                                           "02:00:00:00:00:01", "dpid",
                                           "0000000000000001", "port", 9));
    return json_pack("{s:o, s:o, s:i}", "links", links, "hosts", hosts,
                     "n_switches", 2);
}

static json_t *
fake_path(const char *src, const char *dst, char **errorp, int *statusp)
{
    if (fake_no_fabric) {
        *errorp = xstrdup("the fabric is not running");
        *statusp = 503;
        return NULL;
    }
    if (strcmp(src, "02:00:00:00:00:01")) {
        *errorp = xasprintf("source host %s is not known", src);
        *statusp = 404;
        return NULL;
    }
    if (!strcmp(dst, "bad")) {
        *errorp = xasprintf("destination \"%s\" is not a MAC, IPv4 or "
                            "IPv6 address", dst);
        *statusp = 400;
        return NULL;
    }
    return json_pack("{s:i, s:[]}", "distance", 1, "hops");
}

/* ---- Helpers ---- */

static struct api_ctx ctx;

static int
setup(void **state)
{
    char *tokens[] = { (char *) TOKEN, (char *) "second-token-0123456789" };

    (void) state;
    memset(&ctx, 0, sizeof ctx);
    ctx.auth = api_auth_create(tokens, 2, "admin", "s3cret", 1000);
    ctx.snapshot_take = fake_snapshot_take;
    ctx.switch_request = fake_switch_request;
    ctx.flows_timeout_ms = 100;
    ctx.topology = fake_topology;
    ctx.path = fake_path;
    fake_no_fabric = false;
    fake_n_switches = 3;
    fake_core_down = false;
    fake_request_error = 0;
    fake_n_flows = 5;
    return 0;
}

static int
teardown(void **state)
{
    (void) state;
    api_auth_destroy(ctx.auth);
    return 0;
}

/* A request: 'query' is "a=1&b=2" or NULL (parsed as a form). */
struct call {
    struct api_request req;
    struct api_param *query;
    size_t n_query;
    struct api_response resp;
};

static void
call_full(struct call *c, const char *method, const char *path,
          const char *query, const char *auth, const char *cookie,
          const char *body, int64_t now)
{
    memset(c, 0, sizeof *c);
    if (query) {
        assert_true(api_form_parse(query, strlen(query), &c->query,
                                   &c->n_query));
    }
    c->req.method = method;
    c->req.path = path;
    c->req.query = c->query;
    c->req.n_query = c->n_query;
    c->req.authorization = auth;
    c->req.cookie = cookie;
    c->req.body = body;
    c->req.body_size = body ? strlen(body) : 0;
    c->req.now = now;
    api_response_init(&c->resp);
    api_router_dispatch(&ctx, &c->req, &c->resp);
}

static void
call(struct call *c, const char *method, const char *path, const char *query,
     const char *body)
{
    call_full(c, method, path, query, "Bearer " TOKEN, NULL, body, 0);
}

static void
call_done(struct call *c)
{
    api_params_free(c->query, c->n_query);
    api_response_uninit(&c->resp);
}

/* Checks that 'c' answered 'status' with an error naming 'field' (NULL:
 * field null) and a message containing 'text' (may be NULL). */
static void
check_error(const struct call *c, int status, const char *field,
            const char *text)
{
    const json_t *err = json_object_get(c->resp.body, "error");
    const json_t *f = json_object_get(err, "field");

    if (c->resp.status != status) {
        char *s = json_dumps(c->resp.body, 0);
        fail_msg("%s %s: status %d, expected %d: %s", c->req.method,
                 c->req.path, c->resp.status, status, s);
    }
    assert_non_null(err);
    assert_int_equal(json_integer_value(json_object_get(err, "status")),
                     status);
    if (field) {
        assert_true(json_is_string(f));
        assert_string_equal(json_string_value(f), field);
    } else {
        assert_true(json_is_null(f));
    }
    if (text) {
        const char *m = json_string_value(json_object_get(err, "message"));
        assert_non_null(m);
        if (!strstr(m, text)) {
            fail_msg("message \"%s\" lacks \"%s\"", m, text);
        }
    }
}

/* ---- Router ---- */

static void
test_match(void **state)
{
    char *args[API_MAX_PATH_ARGS];
    size_t n;

    (void) state;
    assert_true(api_router_match("/v1/tenants", "/v1/tenants", args, &n));
    assert_int_equal(n, 0);
    assert_false(api_router_match("/v1/tenants", "/v1/tenant", args, &n));
    assert_false(api_router_match("/v1/tenants", "/v1/tenants/x", args, &n));
    assert_false(api_router_match("/v1/tenants/{uuid}", "/v1/tenants", args,
                                  &n));
    assert_false(api_router_match("/v1/tenants/{uuid}", "/v1/tenants/", args,
                                  &n));
    assert_true(api_router_match("/v1/switches/{dpid}/flows",
                                 "/v1/switches/0x1f/flows", args, &n));
    assert_int_equal(n, 1);
    assert_string_equal(args[0], "0x1f");
    free(args[0]);
    assert_false(api_router_match("/v1/switches/{dpid}/flows",
                                  "/v1/switches/0x1f/ports", args, &n));
    assert_false(api_router_match("/v1/switches/{dpid}/flows",
                                  "/v1/switches//flows", args, &n));
    assert_false(api_router_match("/v1/x", "v1/x", args, &n));
}

static void
test_not_found_and_method(void **state)
{
    struct call c;

    (void) state;
    call(&c, "GET", "/v2/switches", NULL, NULL);
    check_error(&c, 404, NULL, "/v2/switches");
    call_done(&c);

    call(&c, "DELETE", "/v1/switches", NULL, NULL);
    check_error(&c, 405, NULL, "DELETE");
    assert_string_equal(c.resp.allow, "GET");
    call_done(&c);

    /* A trailing slash names the same resource. */
    call(&c, "GET", "/v1/switches/", NULL, NULL);
    assert_int_equal(c.resp.status, 200);
    call_done(&c);
}

/* ---- Authentication ---- */

static void
test_bearer(void **state)
{
    struct call c;

    (void) state;
    call_full(&c, "GET", "/v1/switches", NULL, NULL, NULL, NULL, 0);
    check_error(&c, 401, "Authorization", "Bearer");
    assert_true(c.resp.challenge);
    call_done(&c);

    call_full(&c, "GET", "/v1/switches", NULL, "Bearer wrong-token-000000",
              NULL, NULL, 0);
    check_error(&c, 401, "Authorization", "not valid");
    assert_true(c.resp.challenge);
    call_done(&c);

    /* A prefix of a token is not the token. */
    call_full(&c, "GET", "/v1/switches", NULL, "Bearer 0123456789abcdef",
              NULL, NULL, 0);
    assert_int_equal(c.resp.status, 401);
    call_done(&c);

    call_full(&c, "GET", "/v1/switches", NULL, "Basic " TOKEN, NULL, NULL,
              0);
    assert_int_equal(c.resp.status, 401);
    call_done(&c);

    /* Either configured token; the scheme is case-insensitive. */
    call_full(&c, "GET", "/v1/switches", NULL,
              "bearer second-token-0123456789", NULL, NULL, 0);
    assert_int_equal(c.resp.status, 200);
    assert_false(c.resp.challenge);
    call_done(&c);

    /* The OpenAPI document is open. */
    call_full(&c, "GET", "/v1/openapi.json", NULL, NULL, NULL, NULL, 0);
    assert_int_equal(c.resp.status, 200);
    assert_string_equal(json_string_value(json_object_get(c.resp.body,
                                                          "openapi")),
                        "3.0.3");
    call_done(&c);
}

static void
test_no_tokens_is_open(void **state)
{
    struct api_auth *auth = api_auth_create(NULL, 0, NULL, NULL, 1000);

    (void) state;
    assert_false(api_auth_has_tokens(auth));
    assert_true(api_auth_check_bearer(auth, NULL));
    /* No SSP credentials: every login fails. */
    assert_false(api_auth_check_password(auth, "admin", "s3cret"));
    assert_false(api_auth_check_password(auth, "", ""));
    api_auth_destroy(auth);
}

static char *
login(const char *body, int expect_status)
{
    struct call c;
    char *cookie = NULL;

    call_full(&c, "POST", "/ws.v1/login", NULL, NULL, NULL, body, 0);
    assert_int_equal(c.resp.status, expect_status);
    if (expect_status == 200) {
        char *semi;

        assert_non_null(c.resp.set_cookie);
        assert_non_null(strstr(c.resp.set_cookie, "; Path=/"));
        cookie = xstrdup(c.resp.set_cookie);
        semi = strchr(cookie, ';');
        *semi = '\0';
    } else {
        assert_null(c.resp.set_cookie);
    }
    call_done(&c);
    return cookie;
}

static void
test_ssp_login(void **state)
{
    char *cookie, *value;

    (void) state;
    assert_null(login("username=admin&password=wrong", 401));
    assert_null(login("username=root&password=s3cret", 401));
    assert_null(login("username=admin", 400));
    assert_null(login("password=s3cret", 400));
    assert_null(login("username=admin&password=%zz", 400));
    cookie = login("username=admin&password=s3cret", 200);
    assert_int_equal(strncmp(cookie, API_AUTH_COOKIE "=",
                             strlen(API_AUTH_COOKIE) + 1), 0);
    value = api_cookie_get(cookie, API_AUTH_COOKIE);
    assert_int_equal(strlen(value), 64);
    assert_true(api_auth_session_check(ctx.auth, value, 500));
    /* Renewed at 500: still valid at 1400 (ttl 1000), gone at 2500. */
    assert_true(api_auth_session_check(ctx.auth, value, 1400));
    assert_false(api_auth_session_check(ctx.auth, value, 2500));
    assert_int_equal(api_auth_n_sessions(ctx.auth, 2500), 0);
    assert_false(api_auth_session_check(ctx.auth, "abc", 0));
    assert_false(api_auth_session_check(ctx.auth, NULL, 0));
    free(value);
    free(cookie);

    /* Form values are decoded ('+' and %XX). */
    {
        struct api_auth *a = api_auth_create(NULL, 0, "ops team", "p&ss=1",
                                             1000);
        struct api_auth *saved = ctx.auth;

        ctx.auth = a;
        cookie = login("username=ops+team&password=p%26ss%3D1", 200);
        free(cookie);
        ctx.auth = saved;
        api_auth_destroy(a);
    }
}

static void
test_session_cap(void **state)
{
    char *first, *s;
    size_t i;

    (void) state;
    first = api_auth_session_open(ctx.auth, 0);
    for (i = 1; i < API_AUTH_MAX_SESSIONS; i++) {
        s = api_auth_session_open(ctx.auth, (int64_t) i / 4 + 1);
        free(s);
    }
    assert_int_equal(api_auth_n_sessions(ctx.auth, 300),
                     API_AUTH_MAX_SESSIONS);
    assert_true(api_auth_session_check(ctx.auth, first, 1));
    /* The least recently used one goes when the table is full. */
    s = api_auth_session_open(ctx.auth, 300);
    assert_int_equal(api_auth_n_sessions(ctx.auth, 300),
                     API_AUTH_MAX_SESSIONS);
    assert_true(api_auth_session_check(ctx.auth, s, 300));
    free(s);
    free(first);
}

static void
test_ssp_needs_session(void **state)
{
    static const char *const paths[][2] = {
        { "POST", "/ssp.v1/tenant-networks" },
        { "DELETE", "/ssp.v1/tenant-networks/"
                    "0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11" },
        { "POST", "/ssp.v1/tenant-ports" },
        { "PUT", "/ssp.v1/tenant-ports/0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11" },
        { "DELETE", "/ssp.v1/tenant-ports/"
                    "0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11" },
    };
    struct call c;
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(paths); i++) {
        /* Neither a bearer token nor a stale or foreign cookie helps. */
        call_full(&c, paths[i][0], paths[i][1], NULL, "Bearer " TOKEN, NULL,
                  "{}", 0);
        check_error(&c, 401, "Cookie", NULL);
        call_done(&c);
        call_full(&c, paths[i][0], paths[i][1], NULL, NULL,
                  "other=1; " API_AUTH_COOKIE "=00ff", "{}", 0);
        check_error(&c, 401, "Cookie", NULL);
        call_done(&c);
    }
}

/* ---- Parsing helpers ---- */

static void
test_form_and_cookie(void **state)
{
    struct api_param *p;
    size_t n;
    char *v;

    (void) state;
    assert_true(api_form_parse("a=1&b=x+y%2Fz&&c&d=", 19, &p, &n));
    assert_int_equal(n, 4);
    assert_string_equal(api_params_get(p, n, "a"), "1");
    assert_string_equal(api_params_get(p, n, "b"), "x y/z");
    assert_string_equal(api_params_get(p, n, "c"), "");
    assert_string_equal(api_params_get(p, n, "d"), "");
    assert_null(api_params_get(p, n, "e"));
    api_params_free(p, n);
    assert_false(api_form_parse("a=%4", 4, &p, &n));
    assert_false(api_form_parse("a=%00", 5, &p, &n));
    assert_false(api_form_parse("a=\0b", 4, &p, &n));
    assert_true(api_form_parse("", 0, &p, &n));
    assert_int_equal(n, 0);
    api_params_free(p, n);

    v = api_cookie_get("a=1; sess=abc ;b=\"q\"", "sess");
    assert_string_equal(v, "abc");
    free(v);
    v = api_cookie_get("a=1; sess=abc ;b=\"q\"", "b");
    assert_string_equal(v, "q");
    free(v);
    assert_null(api_cookie_get("xsess=1; sessx=2", "sess"));
    assert_null(api_cookie_get("", "sess"));

    assert_true(api_is_uuid("0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11"));
    assert_true(api_is_uuid("0B0E2F38-1A4F-4B8E-9C1D-2F0E0A9B7C11"));
    assert_false(api_is_uuid("0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c1"));
    assert_false(api_is_uuid("0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c111"));
    assert_false(api_is_uuid("0b0e2f38x1a4f-4b8e-9c1d-2f0e0a9b7c11"));
    assert_false(api_is_uuid("gb0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11"));
}

static void
test_body_validation(void **state)
{
    static const char *const allowed[] = { "name", "vlan", NULL };
    struct api_response r;
    struct api_request req;
    const char *s;
    long long v;
    bool present;
    json_t *obj;

    (void) state;
    memset(&req, 0, sizeof req);
    api_response_init(&r);

    assert_null(api_body_object(&req, &r));
    assert_int_equal(r.status, 400);

    req.body = "{\"name\": 1,";
    req.body_size = strlen(req.body);
    assert_null(api_body_object(&req, &r));
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(json_string_value(json_object_get(
        json_object_get(r.body, "error"), "message")), "line 1"));

    req.body = "[1]";
    req.body_size = 3;
    assert_null(api_body_object(&req, &r));
    assert_int_equal(r.status, 400);

    req.body = "{\"a\":1,\"a\":2}";
    req.body_size = strlen(req.body);
    assert_null(api_body_object(&req, &r));
    assert_int_equal(r.status, 400);

    req.body_too_large = true;
    assert_null(api_body_object(&req, &r));
    assert_int_equal(r.status, 413);
    req.body_too_large = false;

    req.body = "{\"name\": \"n1\", \"vlan\": 10, \"bogus\": true}";
    req.body_size = strlen(req.body);
    obj = api_body_object(&req, &r);
    assert_non_null(obj);
    assert_false(api_json_check_keys(obj, allowed, &r));
    assert_int_equal(r.status, 400);
    assert_string_equal(json_string_value(json_object_get(
        json_object_get(r.body, "error"), "field")), "bogus");
    json_object_del(obj, "bogus");
    assert_true(api_json_check_keys(obj, allowed, &r));

    assert_true(api_json_get_string(obj, "name", true, &s, &r));
    assert_string_equal(s, "n1");
    assert_false(api_json_get_string(obj, "vlan", true, &s, &r));
    assert_string_equal(json_string_value(json_object_get(
        json_object_get(r.body, "error"), "field")), "vlan");
    assert_true(api_json_get_string(obj, "missing", false, &s, &r));
    assert_null(s);
    assert_false(api_json_get_string(obj, "missing", true, &s, &r));

    assert_true(api_json_get_int(obj, "vlan", true, 1, 4094, &v, &present,
                                 &r));
    assert_true(present);
    assert_int_equal(v, 10);
    assert_false(api_json_get_int(obj, "vlan", true, 20, 4094, &v, NULL,
                                  &r));
    assert_non_null(strstr(json_string_value(json_object_get(
        json_object_get(r.body, "error"), "message")), "from 20 to 4094"));
    assert_false(api_json_get_int(obj, "name", false, 0, 1, &v, &present,
                                  &r));
    assert_true(api_json_get_int(obj, "nope", false, 0, 1, &v, &present,
                                 &r));
    assert_false(present);
    json_decref(obj);

    req.body = "{\"name\": \"\"}";
    req.body_size = strlen(req.body);
    obj = api_body_object(&req, &r);
    assert_false(api_json_get_string(obj, "name", false, &s, &r));
    json_decref(obj);
    req.body = "{\"name\": \"a\\u0001b\"}";
    req.body_size = strlen(req.body);
    obj = api_body_object(&req, &r);
    assert_false(api_json_get_string(obj, "name", false, &s, &r));
    assert_non_null(strstr(json_string_value(json_object_get(
        json_object_get(r.body, "error"), "message")), "control"));
    json_decref(obj);

    api_response_uninit(&r);
}

/* ---- Pagination and the switch routes ---- */

static void
check_page(const struct call *c, size_t total, size_t offset, size_t limit,
           size_t n_items)
{
    const json_t *b = c->resp.body;

    assert_int_equal(c->resp.status, 200);
    assert_int_equal(json_integer_value(json_object_get(b, "total")), total);
    assert_int_equal(json_integer_value(json_object_get(b, "offset")),
                     offset);
    assert_int_equal(json_integer_value(json_object_get(b, "limit")), limit);
    assert_int_equal(json_array_size(json_object_get(b, "items")), n_items);
}

static void
test_pagination(void **state)
{
    struct call c;

    (void) state;
    call(&c, "GET", "/v1/switches", NULL, NULL);
    check_page(&c, 3, 0, API_DEFAULT_LIMIT, 3);
    call_done(&c);

    call(&c, "GET", "/v1/switches", "offset=1&limit=1", NULL);
    check_page(&c, 3, 1, 1, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(c.resp.body, "items"), 0), "dpid")),
        "0000000000000011");
    call_done(&c);

    call(&c, "GET", "/v1/switches", "offset=5", NULL);
    check_page(&c, 3, 5, API_DEFAULT_LIMIT, 0);
    call_done(&c);

    call(&c, "GET", "/v1/switches", "limit=0", NULL);
    check_error(&c, 400, "limit", NULL);
    call_done(&c);
    call(&c, "GET", "/v1/switches", "limit=1001", NULL);
    check_error(&c, 400, "limit", "1000");
    call_done(&c);
    call(&c, "GET", "/v1/switches", "offset=-1", NULL);
    check_error(&c, 400, "offset", NULL);
    call_done(&c);
    call(&c, "GET", "/v1/switches", "offset=1x", NULL);
    check_error(&c, 400, "offset", NULL);
    call_done(&c);
    call(&c, "GET", "/v1/switches", "sort=dpid", NULL);
    check_error(&c, 400, "sort", "unknown query parameter");
    call_done(&c);

    fake_core_down = true;
    call(&c, "GET", "/v1/switches", NULL, NULL);
    check_error(&c, 503, NULL, NULL);
    call_done(&c);
}

static void
test_switch_routes(void **state)
{
    struct call c;

    (void) state;
    call(&c, "GET", "/v1/switches/0x11", NULL, NULL);
    assert_int_equal(c.resp.status, 200);
    assert_string_equal(json_string_value(json_object_get(c.resp.body,
                                                          "address")),
                        "tcp:198.18.0.2:1234");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(
        c.resp.body, "counters"), "rx_msgs")), 43);
    call_done(&c);

    call(&c, "GET", "/v1/switches/00:00:00:00:00:00:00:12", NULL, NULL);
    assert_int_equal(c.resp.status, 200);
    call_done(&c);

    call(&c, "GET", "/v1/switches/0x99", NULL, NULL);
    check_error(&c, 404, "dpid", "0000000000000099");
    call_done(&c);
    call(&c, "GET", "/v1/switches/zz", NULL, NULL);
    check_error(&c, 400, "dpid", "zz");
    call_done(&c);

    call(&c, "GET", "/v1/switches/16/ports", "limit=2", NULL);
    check_page(&c, 3, 0, 2, 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(c.resp.body, "items"), 1), "name")), "p2");
    call_done(&c);
    call(&c, "GET", "/v1/switches/0x99/ports", NULL, NULL);
    check_error(&c, 404, "dpid", NULL);
    call_done(&c);

    /* Flows, in both OpenFlow versions (switch 0x10 speaks 1.0). */
    call(&c, "GET", "/v1/switches/0x10/flows", "offset=3", NULL);
    check_page(&c, 5, 3, API_DEFAULT_LIMIT, 2);
    assert_int_equal(fake_request_dpid, 0x10);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(
        json_object_get(c.resp.body, "items"), 0), "priority")), 103);
    call_done(&c);
    call(&c, "GET", "/v1/switches/0x12/flows", "limit=1", NULL);
    check_page(&c, 5, 0, 1, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(c.resp.body, "items"), 0), "match")), "in_port=1");
    call_done(&c);

    fake_request_error = ETIMEDOUT;
    call(&c, "GET", "/v1/switches/0x11/flows", NULL, NULL);
    check_error(&c, 504, NULL, "did not answer");
    call_done(&c);
    fake_request_error = ENOTCONN;
    call(&c, "GET", "/v1/switches/0x11/flows", NULL, NULL);
    check_error(&c, 404, "dpid", "disconnected");
    call_done(&c);
    fake_request_error = ENOENT;
    call(&c, "GET", "/v1/switches/0x11/flows", NULL, NULL);
    check_error(&c, 404, "dpid", NULL);
    call_done(&c);
    fake_request_error = 0;
    call(&c, "GET", "/v1/switches/0x99/flows", NULL, NULL);
    check_error(&c, 404, "dpid", NULL);
    call_done(&c);
}

static void
test_topology_routes(void **state)
{
    struct call c;

    (void) state;
    call(&c, "GET", "/v1/links", "offset=1&limit=2", NULL);
    check_page(&c, 4, 1, 2, 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(
        json_object_get(c.resp.body, "items"), 0), "a_port")), 2);
    call_done(&c);
    call(&c, "GET", "/v1/hosts", NULL, NULL);
    check_page(&c, 1, 0, API_DEFAULT_LIMIT, 1);
    call_done(&c);
    call(&c, "GET", "/v1/hosts", "limit=x", NULL);
    check_error(&c, 400, "limit", NULL);
    call_done(&c);

    call(&c, "GET", "/v1/path", "src=02:00:00:00:00:01&dst=10.0.0.2",
         NULL);
    assert_int_equal(c.resp.status, 200);
    assert_int_equal(json_integer_value(json_object_get(c.resp.body,
                                                        "distance")), 1);
    call_done(&c);
    call(&c, "GET", "/v1/path", "src=10.0.0.9&dst=10.0.0.2", NULL);
    check_error(&c, 404, "src", "not known");
    call_done(&c);
    call(&c, "GET", "/v1/path", "src=02:00:00:00:00:01&dst=bad", NULL);
    check_error(&c, 400, "dst", "not a MAC");
    call_done(&c);
    call(&c, "GET", "/v1/path", "dst=10.0.0.2", NULL);
    check_error(&c, 400, "src", "required");
    call_done(&c);
    call(&c, "GET", "/v1/path", "src=a&dst=b&via=c", NULL);
    check_error(&c, 400, "via", NULL);
    call_done(&c);

    fake_no_fabric = true;
    call(&c, "GET", "/v1/links", NULL, NULL);
    check_error(&c, 503, NULL, "not running");
    call_done(&c);
    call(&c, "GET", "/v1/path", "src=a&dst=b", NULL);
    check_error(&c, 503, NULL, "not running");
    call_done(&c);
}

static void
test_parse_address(void **state)
{
    struct sockaddr_storage ss;
    size_t len;
    char *error;

    (void) state;
    assert_null(api_server_parse_address("127.0.0.1:8181", &ss, &len));
    assert_null(api_server_parse_address("[::1]:0", &ss, &len));
    error = api_server_parse_address("localhost:8181", &ss, &len);
    assert_non_null(error);
    free(error);
    error = api_server_parse_address("127.0.0.1:65536", &ss, &len);
    assert_non_null(strstr(error, "port"));
    free(error);
    error = api_server_parse_address("127.0.0.1", &ss, &len);
    assert_non_null(error);
    free(error);
    error = api_server_parse_address("[::1:80", &ss, &len);
    assert_non_null(error);
    free(error);
}

/* The kumod config keys of the APIs and the store. */
static char *
config_error(const char *text)
{
    struct kumod_config c;
    char *error;

    kumod_config_init(&c);
    error = kumod_config_parse_text(&c, text, "t.conf");
    if (!error) {
        error = kumod_config_validate(&c);
    }
    kumod_config_uninit(&c);
    return error;
}

static void
expect_config_error(const char *text, const char *substring)
{
    char *error = config_error(text);

    if (!error || !strstr(error, substring)) {
        fail_msg("config \"%s\": expected an error with \"%s\", got "
                 "\"%s\"", text, substring, error ? error : "(none)");
    }
    free(error);
}

static void
test_config(void **state)
{
    struct kumod_config c;
    char *error;

    (void) state;
    kumod_config_init(&c);
    assert_string_equal(c.api, KUMOD_DEFAULT_API);
    assert_string_equal(c.db_path, KUMOD_DEFAULT_DB);
    assert_int_equal(c.n_api_tokens, 0);
    assert_null(kumod_config_validate(&c));
    error = kumod_config_parse_text(&c,
        "api = [::1]:9000\n"
        "db = /tmp/x.db\n"
        "api_token = aaaaaaaaaaaaaaaa\n"
        "api_token = bbbbbbbbbbbbbbbb\n"
        "ssp_username = cs\n"
        "ssp_password = \"p w\"\n", "t.conf");
    assert_null(error);
    assert_null(kumod_config_validate(&c));
    assert_string_equal(c.api, "[::1]:9000");
    assert_string_equal(c.db_path, "/tmp/x.db");
    assert_int_equal(c.n_api_tokens, 2);
    assert_string_equal(c.api_tokens[1], "bbbbbbbbbbbbbbbb");
    assert_string_equal(c.ssp_password, "p w");
    kumod_config_uninit(&c);

    assert_null(config_error("api = off\n"));
    assert_null(config_error("api = 127.0.0.2:0\n"));
    assert_null(config_error("api = 198.18.0.1:8181\n"
                             "api_token = 0123456789abcdef\n"));
    expect_config_error("api = 198.18.0.1:8181\n", "api_token");
    expect_config_error("api = [::]:8181\n", "loopback");
    expect_config_error("api = localhost:8181\n", "t.conf:1");
    expect_config_error("api = 127.0.0.1\n", "api");
    expect_config_error("api = 127.0.0.1:65536\n", "port");
    expect_config_error("api = [::1:80\n", "api");
    expect_config_error("api_token = short\n", "16 characters");
    expect_config_error("api_token = has space in it 0123\n", "api_token");
    expect_config_error("db = /a\ndb = /b\n", "given twice");
    expect_config_error("ssp_username = cs\n", "ssp_password");
    expect_config_error("ssp_password = pw\n", "ssp_username");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_found_and_method, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bearer, setup, teardown),
        cmocka_unit_test(test_no_tokens_is_open),
        cmocka_unit_test_setup_teardown(test_ssp_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ssp_needs_session, setup,
                                        teardown),
        cmocka_unit_test(test_form_and_cookie),
        cmocka_unit_test(test_body_validation),
        cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_switch_routes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_topology_routes, setup,
                                        teardown),
        cmocka_unit_test(test_parse_address),
        cmocka_unit_test(test_config),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
