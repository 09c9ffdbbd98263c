/* Unit tests for the model routes of kumod's HTTP APIs, without sockets,
 * over an in-memory store (vnet_db_open(":memory:")): the native /v1 CRUD
 * of tenants, networks, ports (every binding kind), chassis and the
 * unknown-MAC policy, with field-naming errors; and the Stratosphere SSP
 * tenant networks and ports (tenant creation, name clashes, VifAttachment
 * VLAN ids, detach, 404s). */
#include <setjmp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/api-auth.h"
#include "api/api-proto.h"
#include "api/api-router.h"
#include "lib/util.h"
#include "vnet/vnet.h"

static struct api_ctx ctx;
static char *cookie;            /* "kumo_ssp_session=..." */

static int
setup(void **state)
{
    struct vnet_error err;

    (void) state;
    memset(&ctx, 0, sizeof ctx);
    ctx.auth = api_auth_create(NULL, 0, "cs", "pw", 60000);
    ctx.db = vnet_db_open(":memory:", &err);
    assert_non_null(ctx.db);
    cookie = NULL;
    return 0;
}

static int
teardown(void **state)
{
    (void) state;
    vnet_db_close(ctx.db);
    api_auth_destroy(ctx.auth);
    free(cookie);
    return 0;
}

/* The response of the last request (valid until the next one). */
static struct api_response resp;
static char last[256];

/* Runs METHOD PATH (with "?query" split off) and BODY; checks the status
 * and returns the body (borrowed until the next request). */
static json_t *
req(int status, const char *method, const char *path, const char *body)
{
    struct api_param *query = NULL;
    struct api_request r;
    size_t n_query = 0;
    char *p = xstrdup(path);
    char *q = strchr(p, '?');

    if (q) {
        *q++ = '\0';
        assert_true(api_form_parse(q, strlen(q), &query, &n_query));
    }
    memset(&r, 0, sizeof r);
    r.method = method;
    r.path = p;
    r.query = query;
    r.n_query = n_query;
    r.cookie = cookie;
    r.body = body;
    r.body_size = body ? strlen(body) : 0;
    api_response_uninit(&resp);
    api_response_init(&resp);
    api_router_dispatch(&ctx, &r, &resp);
    snprintf(last, sizeof last, "%s %s", method, path);
    api_params_free(query, n_query);
    free(p);
    if (resp.status != status) {
        char *s = json_dumps(resp.body, 0);
        fail_msg("%s: status %d, expected %d: %s", last, resp.status, status,
                 s ? s : "(no body)");
    }
    return resp.body;
}

/* Like req(), for an error naming 'field' (NULL: none). */
static void
req_error(int status, const char *field, const char *method,
          const char *path, const char *body)
{
    json_t *b = req(status, method, path, body);
    json_t *f = json_object_get(json_object_get(b, "error"), "field");

    if (field ? !json_is_string(f) || strcmp(json_string_value(f), field)
              : !json_is_null(f)) {
        char *s = json_dumps(b, 0);
        fail_msg("%s: error should name %s: %s", last,
                 field ? field : "no field", s);
    }
}

static const char *
str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    if (!s) {
        fail_msg("%s: no string \"%s\"", last, key);
    }
    return s;
}

static long long
num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    if (!json_is_integer(v)) {
        fail_msg("%s: no integer \"%s\"", last, key);
    }
    return json_integer_value(v);
}

/* Creates an object; returns its uuid (caller frees). */
static char *
create(const char *path, const char *body)
{
    return xstrdup(str(req(201, "POST", path, body), "uuid"));
}

static char *
fmt(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    s = xvasprintf(format, args);
    va_end(args);
    return s;
}

/* Like req(), with the body printf'd from 'format'. */
static json_t * KUMO_PRINTF(4, 5)
reqf(int status, const char *method, const char *path, const char *format,
     ...)
{
    va_list args;
    json_t *b;
    char *body;

    va_start(args, format);
    body = xvasprintf(format, args);
    va_end(args);
    b = req(status, method, path, body);
    free(body);
    return b;
}

/* Like req_error(), with the body printf'd from 'format'. */
static void KUMO_PRINTF(5, 6)
req_errorf(int status, const char *field, const char *method,
           const char *path, const char *format, ...)
{
    va_list args;
    char *body;

    va_start(args, format);
    body = xvasprintf(format, args);
    va_end(args);
    req_error(status, field, method, path, body);
    free(body);
}

/* Like create(), with the body printf'd from 'format'. */
static char * KUMO_PRINTF(2, 3)
createf(const char *path, const char *format, ...)
{
    va_list args;
    char *body, *uuid;

    va_start(args, format);
    body = xvasprintf(format, args);
    va_end(args);
    uuid = create(path, body);
    free(body);
    return uuid;
}

/* A port POST that must fail: the members after "network_uuid" in its
 * body, and the error status and field. */
struct port_case {
    int status;
    const char *field;
    const char *members;
};

/* POSTs each of the 'n' ports of 'cases' on network 'net' and checks the
 * error each answers. */
static void
port_errors(const char *net, const struct port_case *cases, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        req_errorf(cases[i].status, cases[i].field, "POST", "/v1/ports",
                   "{\"network_uuid\": \"%s\", %s}", net, cases[i].members);
    }
}

static void
test_no_store(void **state)
{
    struct vnet_db *db = ctx.db;

    (void) state;
    ctx.db = NULL;
    req_error(503, NULL, "GET", "/v1/tenants", NULL);
    req_error(503, NULL, "POST", "/v1/networks", "{}");
    ctx.db = db;
    api_response_uninit(&resp);
}

static void
test_tenants(void **state)
{
    char *t1, *t2, *p;
    json_t *b;

    (void) state;
    t1 = create("/v1/tenants", "{\"name\": \"acme\", \"description\": "
                "\"Acme\"}");
    t2 = create("/v1/tenants", "{\"name\": \"globex\"}");
    req_error(409, "name", "POST", "/v1/tenants", "{\"name\": \"acme\"}");
    req_error(400, "name", "POST", "/v1/tenants", "{}");
    req_error(400, "name", "POST", "/v1/tenants", "{\"name\": \"\"}");
    req_error(400, "name", "POST", "/v1/tenants", "{\"name\": null}");
    req_error(400, "description", "POST", "/v1/tenants",
              "{\"name\": \"x\", \"description\": 5}");
    req_error(400, "extra", "POST", "/v1/tenants",
              "{\"name\": \"x\", \"extra\": 5}");
    req_error(400, "x", "POST", "/v1/tenants?x=1", "{\"name\": \"x\"}");
    req_error(400, "uuid", "POST", "/v1/tenants",
              "{\"name\": \"x\", \"uuid\": \"nope\"}");
    {
        char name[200];

        memset(name, 'n', sizeof name - 1);
        name[sizeof name - 1] = '\0';
        req_errorf(400, "name", "POST", "/v1/tenants",
                   "{\"name\": \"%s\"}", name);
    }

    p = fmt("/v1/tenants/%s", t1);
    b = req(200, "GET", p, NULL);
    assert_string_equal(str(b, "name"), "acme");
    assert_string_equal(str(b, "description"), "Acme");
    b = req(200, "PUT", p, "{\"name\": \"acme2\"}");
    assert_string_equal(str(b, "name"), "acme2");
    assert_string_equal(str(b, "description"), "Acme");
    b = req(200, "PUT", p, "{\"description\": null}");
    assert_string_equal(str(b, "description"), "");
    req_error(409, "name", "PUT", p, "{\"name\": \"globex\"}");
    req_error(400, NULL, "PUT", p, NULL);
    free(p);

    b = req(200, "GET", "/v1/tenants?limit=1&offset=1", NULL);
    assert_int_equal(num(b, "total"), 2);
    assert_int_equal(json_array_size(json_object_get(b, "items")), 1);
    assert_string_equal(str(json_array_get(json_object_get(b, "items"), 0),
                            "uuid"), t2);
    req_error(400, "tenant_uuid", "GET", "/v1/tenants?tenant_uuid=x", NULL);

    p = fmt("/v1/tenants/%s", t2);
    req(204, "DELETE", p, NULL);
    assert_null(resp.body);
    req_error(404, "uuid", "DELETE", p, NULL);
    req_error(404, "uuid", "GET", p, NULL);
    req_error(404, "uuid", "PUT", p, "{\"name\": \"z\"}");
    free(p);
    req_error(400, "uuid", "GET", "/v1/tenants/not-a-uuid", NULL);
    free(t1);
    free(t2);
    api_response_uninit(&resp);
}

static void
test_networks_and_ports(void **state)
{
    static const struct port_case taken[] = {
        { 409, "binding", "\"binding\": {\"kind\": \"port-vlan\", "
          "\"dpid\": 31, \"port_no\": 3, \"vlan\": 10}" },
        { 409, "binding", "\"binding\": {\"kind\": \"switch-port\", "
          "\"dpid\": \"000000000000001f\", \"port_no\": 3}" },
    };
    static const struct port_case bad[] = {
        { 400, "binding.kind", "\"binding\": {\"kind\": \"x\"}" },
        { 400, "binding", "\"binding\": 5" },
        { 400, "binding.dpid", "\"binding\": {\"kind\": \"switch-port\", "
          "\"dpid\": \"q\", \"port_no\": 1}" },
        { 400, "binding.port_no", "\"binding\": {\"kind\": \"switch-port\", "
          "\"dpid\": 1, \"port_no\": \"1\"}" },
        { 400, "binding.vlan", "\"binding\": {\"kind\": \"port-vlan\", "
          "\"dpid\": 1, \"port_no\": 1, \"vlan\": 4095}" },
        { 400, "binding.mac", "\"binding\": {\"kind\": \"mac\", "
          "\"mac\": \"zz\"}" },
        { 400, "ips", "\"ips\": [\"1.2.3\"]" },
        { 400, "ips", "\"ips\": [\"1.1.1.1\", \"1.1.1.2\", \"1.1.1.3\", "
          "\"1.1.1.4\", \"1.1.1.5\"]" },
        { 400, "mac", "\"mac\": 1" },
        { 400, "attachment_type", "\"attachment_type\": \"Wifi\"" },
    };
    char *t1, *t2, *n1, *n2, *p1, *p2, *body, *path;
    json_t *b, *binding;

    (void) state;
    t1 = create("/v1/tenants", "{\"name\": \"a\"}");
    t2 = create("/v1/tenants", "{\"name\": \"b\"}");
    n1 = createf("/v1/networks", "{\"name\": \"web\", \"tenant_uuid\": "
                 "\"%s\", \"vni\": 7}", t1);
    n2 = createf("/v1/networks",
                 "{\"name\": \"web\", \"tenant_uuid\": \"%s\", "
                 "\"net_id\": 42, \"description\": \"B's\"}", t2);

    path = fmt("/v1/networks/%s", n2);
    b = req(200, "GET", path, NULL);
    assert_int_equal(num(b, "net_id"), 42);
    assert_true(json_is_null(json_object_get(b, "vni")));
    assert_string_equal(str(b, "tenant_uuid"), t2);
    b = req(200, "PUT", path, "{\"vni\": 9}");
    assert_int_equal(num(b, "vni"), 9);
    assert_int_equal(num(b, "net_id"), 42);
    req_errorf(400, "tenant_uuid", "PUT", path,
               "{\"tenant_uuid\": \"%s\"}", t1);
    reqf(200, "PUT", path,
         "{\"tenant_uuid\": \"%s\", \"name\": \"web2\"}", t2);
    req_error(409, "vni", "PUT", path, "{\"vni\": 7}");
    req_error(400, "vni", "PUT", path, "{\"vni\": 0}");
    req_error(400, "net_id", "PUT", path, "{\"net_id\": -1}");
    req_error(400, "net_id", "PUT", path, "{\"net_id\": 1.5}");
    free(path);
    req_error(400, "tenant_uuid", "POST", "/v1/networks",
              "{\"name\": \"x\"}");
    req_error(404, "tenant_uuid", "POST", "/v1/networks",
              "{\"name\": \"x\", \"tenant_uuid\": "
              "\"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11\"}");
    path = fmt("/v1/networks?tenant_uuid=%s", t1);
    b = req(200, "GET", path, NULL);
    assert_int_equal(num(b, "total"), 1);
    free(path);

    /* Ports: every binding kind reads back as written. */
    b = reqf(201, "POST", "/v1/ports",
             "{\"network_uuid\": \"%s\", \"name\": \"p1\", \"mac\": "
             "\"02:00:00:00:00:01\", \"ips\": [\"198.19.0.1\", "
             "\"2001:db8::1\"], \"binding\": {\"kind\": \"port-vlan\", "
             "\"dpid\": \"0x1f\", \"port_no\": 3, \"vlan\": 10}}", n1);
    p1 = xstrdup(str(b, "uuid"));
    assert_string_equal(str(b, "tenant_uuid"), t1);
    assert_string_equal(str(b, "mac"), "02:00:00:00:00:01");
    assert_int_equal(json_array_size(json_object_get(b, "ips")), 2);
    binding = json_object_get(b, "binding");
    assert_string_equal(str(binding, "kind"), "port-vlan");
    assert_string_equal(str(binding, "dpid"), "000000000000001f");
    assert_int_equal(num(binding, "port_no"), 3);
    assert_int_equal(num(binding, "vlan"), 10);
    assert_string_equal(str(b, "attachment_type"), "NoAttachment");
    assert_true(json_is_null(json_object_get(b, "vlan_id")));

    /* The same (dpid, port, vlan) elsewhere is a conflict naming the
     * binding; the same port whole, too. */
    port_errors(n2, taken, ARRAY_SIZE(taken));
    p2 = createf("/v1/ports",
                 "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
                 "\"mac\", \"mac\": \"02:00:00:00:00:09\"}}", n2);
    req_errorf(409, "binding", "POST", "/v1/ports",
               "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
               "\"mac\", \"mac\": \"02:00:00:00:00:09\"}}", n1);
    body = fmt("{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
               "\"iface-id\", \"iface_id\": \"vm-1\"}}", n2);
    b = req(201, "POST", "/v1/ports", body);
    assert_string_equal(str(json_object_get(b, "binding"), "iface_id"),
                        "vm-1");
    free(body);

    /* Bad input names the field. */
    port_errors(n2, bad, ARRAY_SIZE(bad));
    req_error(400, "network_uuid", "POST", "/v1/ports", "{}");

    /* PUT keeps absent fields, null clears, output-only fields are
     * ignored, the network cannot change. */
    path = fmt("/v1/ports/%s", p1);
    b = req(200, "PUT", path, "{\"mac\": null, \"vlan_id\": 99, "
            "\"tenant_uuid\": \"whatever\"}");
    assert_true(json_is_null(json_object_get(b, "mac")));
    assert_int_equal(json_array_size(json_object_get(b, "ips")), 2);
    assert_string_equal(str(json_object_get(b, "binding"), "kind"),
                        "port-vlan");
    b = req(200, "PUT", path, "{\"binding\": null}");
    assert_string_equal(str(json_object_get(b, "binding"), "kind"), "none");
    req_errorf(400, "network_uuid", "PUT", path,
               "{\"network_uuid\": \"%s\"}", n2);
    req_errorf(400, "uuid", "PUT", path, "{\"uuid\": \"%s\"}", p2);
    free(path);

    path = fmt("/v1/ports?network_uuid=%s&limit=1", n2);
    b = req(200, "GET", path, NULL);
    assert_int_equal(num(b, "total"), 2);
    assert_int_equal(json_array_size(json_object_get(b, "items")), 1);
    free(path);

    /* Deletes: a network with ports needs cascade. */
    path = fmt("/v1/networks/%s", n2);
    req_error(409, "uuid", "DELETE", path, NULL);
    free(path);
    path = fmt("/v1/networks/%s?cascade=yes", n2);
    req_error(400, "cascade", "DELETE", path, NULL);
    free(path);
    path = fmt("/v1/ports/%s?cascade=true", p2);
    req_error(400, "cascade", "DELETE", path, NULL);
    free(path);
    path = fmt("/v1/networks/%s?cascade=true", n2);
    req(204, "DELETE", path, NULL);
    free(path);
    path = fmt("/v1/ports/%s", p2);
    req_error(404, "uuid", "GET", path, NULL);
    free(path);
    path = fmt("/v1/tenants/%s?cascade=1", t1);
    req(204, "DELETE", path, NULL);
    free(path);
    b = req(200, "GET", "/v1/ports", NULL);
    assert_int_equal(num(b, "total"), 0);

    free(t1);
    free(t2);
    free(n1);
    free(n2);
    free(p1);
    free(p2);
    api_response_uninit(&resp);
}

/* A fake chassis manager for ctx.chassis_states: 'aux' is the uuid it
 * knows; its state says connected, with an MTU error. */
static json_t *
fake_chassis_states(void *aux)
{
    return json_pack("{s:{s:b, s:b, s:s}}", (const char *) aux, "connected",
                     1, "converged", 0, "mtu_error", "vxlan needs 1550");
}

static void
test_chassis_and_config(void **state)
{
    char *c1, *t, *n, *path;
    json_t *b, *encaps;

    (void) state;
    c1 = create("/v1/chassis", "{\"name\": \"hv1\", \"ovsdb_addr\": "
                "\"tcp:198.19.0.1:6640\", \"tunnel_ip\": \"198.19.0.1\", "
                "\"encaps\": [\"geneve\", \"vxlan\"], \"datapath_type\": "
                "\"netdev\"}");
    path = fmt("/v1/chassis/%s", c1);
    b = req(200, "GET", path, NULL);
    encaps = json_object_get(b, "encaps");
    assert_int_equal(json_array_size(encaps), 2);
    assert_string_equal(json_string_value(json_array_get(encaps, 0)),
                        "vxlan");
    assert_string_equal(json_string_value(json_array_get(encaps, 1)),
                        "geneve");
    assert_string_equal(str(b, "datapath_type"), "netdev");
    /* No chassis manager: "state" is null. */
    assert_true(json_is_null(json_object_get(b, "state")));
    /* The manager's live state, on GET of one and in lists; "state" in a
     * PUT body is ignored (output only). */
    ctx.chassis_states = fake_chassis_states;
    ctx.chassis_aux = c1;
    b = req(200, "GET", path, NULL);
    assert_true(json_is_true(json_object_get(json_object_get(b, "state"),
                                             "connected")));
    assert_string_equal(str(json_object_get(b, "state"), "mtu_error"),
                        "vxlan needs 1550");
    b = req(200, "GET", "/v1/chassis", NULL);
    b = json_array_get(json_object_get(b, "items"), 0);
    assert_true(json_is_false(json_object_get(json_object_get(b, "state"),
                                              "converged")));
    b = req(200, "PUT", path, "{\"state\": {\"connected\": false}, "
            "\"tunnel_ip\": \"198.19.0.9\"}");
    assert_string_equal(str(b, "tunnel_ip"), "198.19.0.9");
    assert_true(json_is_true(json_object_get(json_object_get(b, "state"),
                                             "connected")));
    ctx.chassis_aux = (void *) "00000000-0000-4000-8000-000000000000";
    b = req(200, "GET", path, NULL);
    assert_true(json_is_null(json_object_get(b, "state")));
    ctx.chassis_states = NULL;
    b = req(200, "PUT", path, "{\"encaps\": [\"gre\"]}");
    assert_int_equal(json_array_size(json_object_get(b, "encaps")), 1);
    req_error(400, "encaps", "PUT", path, "{\"encaps\": \"gre\"}");
    req_error(400, "encaps", "PUT", path, "{\"encaps\": [\"ipip\"]}");
    req(204, "DELETE", path, NULL);
    free(path);
    req_error(400, "name", "POST", "/v1/chassis", "{\"ovsdb_addr\": "
              "\"tcp:198.19.0.2:6640\", \"tunnel_ip\": \"198.19.0.2\", "
              "\"encaps\": [\"vxlan\"]}");

    b = req(200, "GET", "/v1/config", NULL);
    assert_string_equal(str(b, "unknown_mac"), "drop");
    assert_true(json_is_null(json_object_get(b, "quarantine_network")));
    req_error(400, "unknown_mac", "PUT", "/v1/config",
              "{\"unknown_mac\": \"flood\"}");
    req_error(400, "x", "PUT", "/v1/config", "{\"x\": 1}");
    t = create("/v1/tenants", "{\"name\": \"q\"}");
    n = createf("/v1/networks",
                "{\"name\": \"quarantine\", \"tenant_uuid\": \"%s\"}", t);
    b = reqf(200, "PUT", "/v1/config",
             "{\"unknown_mac\": \"quarantine\", \"quarantine_network\": "
             "\"%s\"}", n);
    assert_string_equal(str(b, "quarantine_network"), n);
    b = req(200, "PUT", "/v1/config", "{\"unknown_mac\": \"drop\"}");
    assert_string_equal(str(b, "unknown_mac"), "drop");
    free(c1);
    free(t);
    free(n);
    api_response_uninit(&resp);
}

/* ---- SSP ---- */

static void
ssp_login(void)
{
    struct api_request r;
    char *semi;

    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.path = "/ws.v1/login";
    r.body = "username=cs&password=pw";
    r.body_size = strlen(r.body);
    api_response_uninit(&resp);
    api_response_init(&resp);
    api_router_dispatch(&ctx, &r, &resp);
    assert_int_equal(resp.status, 200);
    free(cookie);
    cookie = xstrdup(resp.set_cookie);
    semi = strchr(cookie, ';');
    *semi = '\0';
}

static void
test_ssp(void **state)
{
    static const char tenant[] = "5a3f6d0e-1111-4222-8333-444455556666";
    char *sn, *sn2, *sp1, *sp2, *sp3, *body, *path;
    long long v1, v2;
    json_t *b;

    (void) state;
    req(401, "POST", "/ssp.v1/tenant-networks", "{\"name\": \"n\"}");
    ssp_login();

    b = reqf(201, "POST", "/ssp.v1/tenant-networks",
             "{\"name\": \"guest\", \"tenant_uuid\": \"%s\"}", tenant);
    sn = xstrdup(str(b, "uuid"));
    assert_string_equal(str(b, "name"), "guest");
    assert_string_equal(str(b, "tenant_uuid"), tenant);
    /* The tenant was created, and shows in the native API. */
    path = fmt("/v1/tenants/%s", tenant);
    b = req(200, "GET", path, NULL);
    assert_non_null(strstr(str(b, "name"), tenant));
    free(path);
    /* The same name again: stored under a unique name. */
    b = reqf(201, "POST", "/ssp.v1/tenant-networks",
             "{\"name\": \"guest\", \"tenant_uuid\": \"%s\"}", tenant);
    sn2 = xstrdup(str(b, "uuid"));
    assert_int_equal(strncmp(str(b, "name"), "guest-", 6), 0);
    /* No tenant: the "ssp" tenant. */
    b = req(201, "POST", "/ssp.v1/tenant-networks", "{\"name\": \"x\"}");
    b = req(200, "GET", "/v1/tenants", NULL);
    assert_int_equal(num(b, "total"), 2);
    assert_string_equal(str(json_array_get(json_object_get(b, "items"), 1),
                            "name"), "ssp");
    req_error(400, "tenant_uuid", "POST", "/ssp.v1/tenant-networks",
              "{\"name\": \"y\", \"tenant_uuid\": \"zone-1\"}");
    req_error(400, "name", "POST", "/ssp.v1/tenant-networks", "{}");
    req_error(400, "color", "POST", "/ssp.v1/tenant-networks",
              "{\"name\": \"y\", \"color\": 1}");

    body = fmt("{\"network_uuid\": \"%s\", \"attachment_type\": "
               "\"NoAttachment\"}", sn);
    b = req(201, "POST", "/ssp.v1/tenant-ports", body);
    sp1 = xstrdup(str(b, "uuid"));
    assert_string_equal(str(b, "network_uuid"), sn);
    assert_string_equal(str(b, "attachment_type"), "NoAttachment");
    assert_null(json_object_get(b, "vlan_id"));
    b = req(201, "POST", "/ssp.v1/tenant-ports", body);
    sp2 = xstrdup(str(b, "uuid"));
    free(body);
    sp3 = createf("/ssp.v1/tenant-ports", "{\"network_uuid\": \"%s\"}", sn2);
    req_error(404, "network_uuid", "POST", "/ssp.v1/tenant-ports",
              "{\"network_uuid\": \"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11\"}");
    req_error(400, "network_uuid", "POST", "/ssp.v1/tenant-ports",
              "{\"network_uuid\": \"n1\"}");

    /* VifAttachment: an integer VLAN, distinct per hypervisor. */
    path = fmt("/ssp.v1/tenant-ports/%s", sp1);
    b = req(200, "PUT", path, "{\"attachment_type\": \"VifAttachment\", "
            "\"attachment_ip_address\": \"198.19.7.1\"}");
    v1 = num(b, "vlan_id");
    assert_string_equal(str(b, "attachment_ip_address"), "198.19.7.1");
    assert_string_equal(str(b, "uuid"), sp1);
    req_error(400, "attachment_ip_address", "PUT", path,
              "{\"attachment_type\": \"VifAttachment\"}");
    req_error(400, "attachment_ip_address", "PUT", path,
              "{\"attachment_type\": \"VifAttachment\", "
              "\"attachment_ip_address\": \"hv-1\"}");
    req_error(400, "attachment_type", "PUT", path, "{}");
    free(path);
    path = fmt("/ssp.v1/tenant-ports/%s", sp2);
    b = req(200, "PUT", path, "{\"attachment_type\": \"VifAttachment\", "
            "\"attachment_ip_address\": \"198.19.7.1\", \"name\": "
            "\"ignored\", \"vlan_id\": 4000}");
    v2 = num(b, "vlan_id");
    assert_true(v1 >= 1 && v1 <= 4094 && v2 >= 1 && v2 <= 4094);
    assert_true(v1 != v2);
    free(path);
    path = fmt("/v1/ports/%s", sp2);
    b = req(200, "GET", path, NULL);
    assert_int_equal(num(b, "vlan_id"), v2);
    assert_string_equal(str(b, "attachment_ip"), "198.19.7.1");
    free(path);

    /* Attached at creation: the VLAN comes with the 201. */
    b = reqf(201, "POST", "/ssp.v1/tenant-ports",
             "{\"network_uuid\": \"%s\", \"attachment_type\": "
             "\"VifAttachment\", \"attachment_ip_address\": "
             "\"198.19.7.1\"}", sn);
    assert_true(num(b, "vlan_id") != v1 && num(b, "vlan_id") != v2);
    path = fmt("/ssp.v1/tenant-ports/%s", str(b, "uuid"));
    req(204, "DELETE", path, NULL);
    free(path);

    /* Detach, delete; unknown or malformed uuids are 404. */
    path = fmt("/ssp.v1/tenant-ports/%s", sp1);
    b = req(200, "PUT", path, "{\"attachment_type\": \"NoAttachment\"}");
    assert_null(json_object_get(b, "vlan_id"));
    assert_string_equal(str(b, "attachment_type"), "NoAttachment");
    req(204, "DELETE", path, NULL);
    req(404, "DELETE", path, NULL);
    req(404, "PUT", path, "{\"attachment_type\": \"NoAttachment\"}");
    free(path);
    req(404, "DELETE", "/ssp.v1/tenant-ports/garbage", NULL);
    req(404, "PUT", "/ssp.v1/tenant-ports/garbage",
        "{\"attachment_type\": \"NoAttachment\"}");
    path = fmt("/ssp.v1/tenant-networks/%s", sn2);
    req_error(409, "uuid", "DELETE", path, NULL);   /* sp3 is in it. */
    free(path);
    path = fmt("/ssp.v1/tenant-ports/%s", sp3);
    req(204, "DELETE", path, NULL);
    free(path);
    path = fmt("/ssp.v1/tenant-networks/%s", sn2);
    req(204, "DELETE", path, NULL);
    req(404, "DELETE", path, NULL);
    free(path);
    req(404, "DELETE", "/ssp.v1/tenant-networks/garbage", NULL);

    /* A stale session is refused. */
    free(cookie);
    cookie = xstrdup(API_AUTH_COOKIE "=0123");
    req(401, "DELETE", "/ssp.v1/tenant-networks/garbage", NULL);

    free(sn);
    free(sn2);
    free(sp1);
    free(sp2);
    free(sp3);
    api_response_uninit(&resp);
}

/* Network ids above 4094 and the physical fabric: fabric bindings are
 * refused with 409 naming binding.kind (or net_id when the network would
 * move above 4094) and saying why (the transport VLAN); iface-id ports
 * and unbound ports are fine (hypervisors carry the network by VNI), and
 * a refused PUT changes nothing. */
static void
test_fabric_net_ids(void **state)
{
    static const struct port_case fabric_only[] = {
        { 409, "binding.kind", "\"binding\": {\"kind\": \"switch-port\", "
          "\"dpid\": 1, \"port_no\": 3}" },
        { 409, "binding.kind", "\"binding\": {\"kind\": \"mac\", "
          "\"mac\": \"02:00:00:00:00:09\"}" },
    };
    char *t, *big, *low, *path;
    json_t *b;

    (void) state;
    t = create("/v1/tenants", "{\"name\": \"a\"}");
    big = createf("/v1/networks",
                  "{\"name\": \"big\", \"tenant_uuid\": \"%s\", "
                  "\"net_id\": 5000}", t);
    low = createf("/v1/networks",
                  "{\"name\": \"low\", \"tenant_uuid\": \"%s\"}", t);

    port_errors(big, fabric_only, ARRAY_SIZE(fabric_only));
    b = reqf(409, "POST", "/v1/ports",
             "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
             "\"mac\", \"mac\": \"02:00:00:00:00:09\"}}", big);
    assert_non_null(strstr(json_string_value(json_object_get(
        json_object_get(b, "error"), "message")), "transport VLAN"));
    reqf(201, "POST", "/v1/ports",
         "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
         "\"iface-id\", \"iface_id\": \"vm-1\"}}", big);
    b = reqf(201, "POST", "/v1/ports",
             "{\"network_uuid\": \"%s\", \"attachment_type\": "
             "\"VifAttachment\", \"attachment_ip\": \"192.0.2.7\"}", big);
    assert_int_equal(num(b, "vlan_id"), 1);
    reqf(201, "POST", "/v1/ports", "{\"network_uuid\": \"%s\"}", big);
    reqf(201, "POST", "/v1/ports",
         "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
         "\"port-vlan\", \"dpid\": 1, \"port_no\": 3, "
         "\"vlan\": 7}}", low);

    path = fmt("/v1/networks/%s", low);
    req_error(409, "net_id", "PUT", path,
              "{\"net_id\": 4095, \"name\": \"renamed\"}");
    b = req(200, "GET", path, NULL);
    assert_true(num(b, "net_id") <= 4094);
    assert_string_equal(str(b, "name"), "low");
    free(path);
    path = fmt("/v1/networks/%s", big);
    b = req(200, "PUT", path, "{\"net_id\": 70000}");
    assert_int_equal(num(b, "net_id"), 70000);
    free(path);
    free(t);
    free(big);
    free(low);
    api_response_uninit(&resp);
}

/* A PUT that the API or the store refuses changes nothing: for each kind
 * of object, bodies that pair a valid change with a bad value (a wrong
 * type, a value out of range, a conflict with another object) answer an
 * error, and the object reads back exactly as before. */
static void
test_put_refused_changes_nothing(void **state)
{
    struct {
        const char *path;       /* Printf format with the object's uuid. */
        const char *body;
        int status;
        const char *field;
    } cases[] = {
        { "/v1/tenants/%s", "{\"name\": \"t-new\", \"description\": 5}",
          400, "description" },
        { "/v1/tenants/%s", "{\"description\": \"x\", \"name\": \"other\"}",
          409, "name" },
        { "/v1/networks/%s", "{\"description\": \"x\", \"vni\": 0}",
          400, "vni" },
        { "/v1/networks/%s", "{\"description\": \"x\", \"vni\": 77}",
          409, "vni" },
        { "/v1/networks/%s", "{\"name\": \"n-new\", \"net_id\": 1.5}",
          400, "net_id" },
        { "/v1/ports/%s", "{\"name\": \"p-new\", \"mac\": \"zz\"}",
          400, "mac" },
        { "/v1/ports/%s", "{\"name\": \"p-new\", \"binding\": {\"kind\": "
          "\"port-vlan\", \"dpid\": 1, \"port_no\": 3, \"vlan\": 5000}}",
          400, "binding.vlan" },
        { "/v1/ports/%s", "{\"name\": \"p-new\", \"binding\": {\"kind\": "
          "\"switch-port\", \"dpid\": 1, \"port_no\": 9}}", 409, "binding" },
        { "/v1/ports/%s", "{\"name\": \"p-new\", \"ips\": [\"10.0.0.1\", "
          "\"10.0.0.1\"]}", 400, "ips" },
        { "/v1/chassis/%s", "{\"name\": \"hv-new\", \"tunnel_ip\": "
          "\"nope\"}", 400, "tunnel_ip" },
        { "/v1/chassis/%s", "{\"name\": \"hv-new\", \"encaps\": []}",
          400, "encaps" },
        { "/v1/config", "{\"unknown_mac\": \"quarantine\"}",
          400, "quarantine_network" },
        { "/v1/config", "{\"unknown_mac\": \"quarantine\", "
          "\"quarantine_network\": \"0b0e2f38-1a4f-4b8e-9c1d-2f0e0a9b7c11\"}",
          404, "quarantine_network" },
    };
    char *t, *t2, *n, *n2, *p, *p2, *c;
    size_t i;

    (void) state;
    t = create("/v1/tenants", "{\"name\": \"t\", \"description\": \"d\"}");
    t2 = create("/v1/tenants", "{\"name\": \"other\"}");
    n = createf("/v1/networks",
                "{\"name\": \"n\", \"tenant_uuid\": \"%s\", \"vni\": 5}", t);
    n2 = createf("/v1/networks", "{\"name\": \"n2\", \"tenant_uuid\": "
                 "\"%s\", \"vni\": 77}", t);
    p = createf("/v1/ports",
                "{\"network_uuid\": \"%s\", \"name\": \"p\", \"mac\": "
                "\"02:00:00:00:00:01\", \"binding\": {\"kind\": "
                "\"port-vlan\", \"dpid\": 1, \"port_no\": 3, \"vlan\": 10}}",
                n);
    p2 = createf("/v1/ports",
                 "{\"network_uuid\": \"%s\", \"binding\": {\"kind\": "
                 "\"switch-port\", \"dpid\": 1, \"port_no\": 9}}", n2);
    c = create("/v1/chassis", "{\"name\": \"hv1\", \"ovsdb_addr\": "
               "\"tcp:198.19.0.1:6640\", \"tunnel_ip\": \"198.19.0.1\", "
               "\"encaps\": [\"vxlan\"]}");

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const char *path = cases[i].path;
        const char *uuid = strstr(path, "tenants") ? t
                           : strstr(path, "networks") ? n
                           : strstr(path, "ports") ? p : c;
        char *full = fmt(path, uuid);
        json_t *before = json_deep_copy(req(200, "GET", full, NULL));
        json_t *after;

        req_error(cases[i].status, cases[i].field, "PUT", full,
                  cases[i].body);
        after = req(200, "GET", full, NULL);
        if (!json_equal(before, after)) {
            char *a = json_dumps(before, JSON_SORT_KEYS);
            char *b = json_dumps(after, JSON_SORT_KEYS);

            fail_msg("PUT %s %s was refused but changed %s into %s", full,
                     cases[i].body, a, b);
        }
        json_decref(before);
        free(full);
    }
    free(t);
    free(t2);
    free(n);
    free(n2);
    free(p);
    free(p2);
    free(c);
    api_response_uninit(&resp);
}

/* Concurrent PUTs of one object, each naming only its own field: no
 * update is lost (each writer reads its own latest value back after every
 * write, and both values are there at the end). */
#define N_RACERS 3
#define N_RACE_PUTS 150

struct racer {
    const char *uuid;
    const char *field;          /* "name", "description" or "vni". */
    int index;
    int lost;                   /* Reads that missed our latest write. */
    int errors;                 /* Unexpected statuses. */
};

static int
racer_do(const char *method, const char *path, const char *body,
         json_t **got)
{
    struct api_request r;
    struct api_response rs;
    int status;

    memset(&r, 0, sizeof r);
    r.method = method;
    r.path = path;
    r.body = body;
    r.body_size = body ? strlen(body) : 0;
    api_response_init(&rs);
    api_router_dispatch(&ctx, &r, &rs);
    status = rs.status;
    if (got) {
        *got = json_incref(rs.body);
    }
    api_response_uninit(&rs);
    return status;
}

static void *
racer_main(void *r_)
{
    struct racer *r = r_;
    char *path = fmt("/v1/networks/%s", r->uuid);
    int k;

    for (k = 1; k <= N_RACE_PUTS; k++) {
        char value[32], *body;
        json_t *got = NULL;
        const json_t *v;
        bool is_vni = !strcmp(r->field, "vni");

        snprintf(value, sizeof value, "%s-%d", r->field, k);
        body = is_vni ? fmt("{\"vni\": %d}", 1000 * (r->index + 1) + k)
                      : fmt("{\"%s\": \"%s\"}", r->field, value);
        if (racer_do("PUT", path, body, NULL) != 200) {
            r->errors++;
        }
        free(body);
        if (racer_do("GET", path, NULL, &got) != 200) {
            r->errors++;
        }
        v = json_object_get(got, r->field);
        if (is_vni ? json_integer_value(v) != 1000 * (r->index + 1) + k
                   : !json_is_string(v)
                     || strcmp(json_string_value(v), value)) {
            r->lost++;
        }
        json_decref(got);
    }
    free(path);
    return NULL;
}

static void
test_concurrent_puts(void **state)
{
    static const char *const fields[N_RACERS] = {
        "name", "description", "vni",
    };
    struct racer racers[N_RACERS];
    pthread_t threads[N_RACERS];
    char *t, *n, *path;
    json_t *b;
    size_t i;

    (void) state;
    t = create("/v1/tenants", "{\"name\": \"race\"}");
    n = createf("/v1/networks",
                "{\"name\": \"n\", \"tenant_uuid\": \"%s\"}", t);
    for (i = 0; i < N_RACERS; i++) {
        memset(&racers[i], 0, sizeof racers[i]);
        racers[i].uuid = n;
        racers[i].field = fields[i];
        racers[i].index = (int) i;
        assert_int_equal(pthread_create(&threads[i], NULL, racer_main,
                                        &racers[i]), 0);
    }
    for (i = 0; i < N_RACERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(racers[i].errors, 0);
        if (racers[i].lost) {
            fail_msg("%d of %d updates of \"%s\" were lost to concurrent "
                     "PUTs", racers[i].lost, N_RACE_PUTS, racers[i].field);
        }
    }
    path = fmt("/v1/networks/%s", n);
    b = req(200, "GET", path, NULL);
    assert_string_equal(str(b, "name"), "name-150");
    assert_string_equal(str(b, "description"), "description-150");
    assert_int_equal(num(b, "vni"), 3000 + N_RACE_PUTS);
    free(path);
    free(t);
    free(n);
    api_response_uninit(&resp);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tenants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_networks_and_ports, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_chassis_and_config, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ssp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fabric_net_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_put_refused_changes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_puts, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
