/* Unit tests for kumoctl's REST client and tenant-network commands
 * (src/cli/cli-rest.c, src/cli/cli-vnet.c): URL parsing, request text,
 * response parsing, error text and exit statuses, pagination, command-line
 * parsing, request bodies, tables and views, and the choice between the
 * API and the control socket for "flows". No sockets.
 *
 * src/cli is one program, not a library, so the sources under test are
 * compiled into this test directly (as test-bench.c does for bench/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/cli/cli-ctl.c"
#include "../../src/cli/cli-rest.c"
#include "../../src/cli/cli-vnet.c"

/* ---- URLs. */

static void
test_url_parse(void **state)
{
    static const struct {
        const char *url, *host, *port, *prefix;
    } good[] = {
        { "http://127.0.0.1:8181", "127.0.0.1", "8181", "" },
        { "http://127.0.0.1:8181/", "127.0.0.1", "8181", "" },
        { "HTTP://localhost", "localhost", "80", "" },
        { "http://[::1]:9000/kumo//", "::1", "9000", "/kumo" },
        { "127.0.0.1:8181", "127.0.0.1", "8181", "" },
        { "[fe80::1]:1", "fe80::1", "1", "" },
    };
    static const struct {
        const char *url, *error;
    } bad[] = {
        { "https://127.0.0.1:8181", "https is not supported" },
        { "ftp://h:1", "not an http:// URL" },
        { "127.0.0.1", "expected http://HOST[:PORT] or HOST:PORT" },
        { "http://h:0", "bad port \"0\"" },
        { "http://h:65536", "bad port" },
        { "http://h:8x", "bad port" },
        { "http://:80", "no host" },
        { "http://[::1", "bad [IPv6] address" },
        { "http://h:1/v?x=1", "must not have a query" },
    };
    struct cli_rest rest;
    size_t i;

    (void) state;
    memset(&rest, 0, sizeof rest);
    for (i = 0; i < ARRAY_SIZE(good); i++) {
        char *error = cli_rest_url_parse(&rest, good[i].url);

        if (error) {
            fail_msg("%s: %s", good[i].url, error);
        }
        assert_string_equal(rest.url, good[i].url);
        assert_string_equal(rest.host, good[i].host);
        assert_string_equal(rest.port, good[i].port);
        assert_string_equal(rest.prefix, good[i].prefix);
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        char *error = cli_rest_url_parse(&rest, bad[i].url);

        assert_non_null(error);
        if (!strstr(error, bad[i].error)) {
            fail_msg("%s: got \"%s\"", bad[i].url, error);
        }
        free(error);
        /* A failed parse keeps the last good URL. */
        assert_string_equal(rest.host, "fe80::1");
    }
    cli_rest_uninit(&rest);
}

static void
test_init_from_options_and_environment(void **state)
{
    struct cli_options opts = { .json = false };
    struct cli_rest rest;
    char path[] = "/tmp/test-cli-token.XXXXXX";
    int fd;

    (void) state;
    unsetenv("KUMO_API");
    unsetenv("KUMO_API_TOKEN");
    unsetenv("KUMO_API_PAGE_SIZE");
    assert_int_equal(cli_rest_init(&rest, &opts), 0);
    assert_string_equal(rest.url, CLI_REST_DEFAULT_URL);
    assert_null(rest.token);
    assert_int_equal(rest.page_size, CLI_REST_PAGE_SIZE);
    cli_rest_uninit(&rest);

    setenv("KUMO_API", "http://127.0.0.2:1234", 1);
    setenv("KUMO_API_TOKEN", "env-token", 1);
    setenv("KUMO_API_PAGE_SIZE", "2", 1);
    assert_int_equal(cli_rest_init(&rest, &opts), 0);
    assert_string_equal(rest.host, "127.0.0.2");
    assert_string_equal(rest.token, "env-token");
    assert_int_equal(rest.page_size, 2);
    cli_rest_uninit(&rest);

    /* Options beat the environment; a token file's first line, trimmed. */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "file-token  \r\nsecond\n", 21), 21);
    close(fd);
    opts.api_url = "[::1]:8181";
    opts.token_file = path;
    assert_int_equal(cli_rest_init(&rest, &opts), 0);
    assert_string_equal(rest.host, "::1");
    assert_string_equal(rest.token, "file-token");
    cli_rest_uninit(&rest);
    opts.token = "option-token";
    assert_int_equal(cli_rest_init(&rest, &opts), 0);
    assert_string_equal(rest.token, "option-token");
    cli_rest_uninit(&rest);

    /* Usage errors. */
    opts.token = NULL;
    opts.token_file = "/nonexistent/token";
    assert_int_equal(cli_rest_init(&rest, &opts), CLI_REST_USAGE);
    opts.token_file = NULL;
    opts.api_url = "https://h";
    assert_int_equal(cli_rest_init(&rest, &opts), CLI_REST_USAGE);
    opts.api_url = NULL;
    setenv("KUMO_API_PAGE_SIZE", "1001", 1);
    assert_int_equal(cli_rest_init(&rest, &opts), CLI_REST_USAGE);
    opts.token = "a\nb";
    unsetenv("KUMO_API_PAGE_SIZE");
    assert_int_equal(cli_rest_init(&rest, &opts), CLI_REST_USAGE);
    unlink(path);
    unsetenv("KUMO_API");
    unsetenv("KUMO_API_TOKEN");
}

/* ---- Requests and replies. */

static void
test_request_build(void **state)
{
    struct cli_rest rest;
    char *req;

    (void) state;
    memset(&rest, 0, sizeof rest);
    assert_null(cli_rest_url_parse(&rest, "http://[::1]:8181/p/"));
    req = cli_rest_request_build(&rest, "GET", "/v1/tenants?offset=0", NULL);
    assert_string_equal(req, "GET /p/v1/tenants?offset=0 HTTP/1.1\r\n"
                        "Host: [::1]:8181\r\n"
                        "User-Agent: kumoctl\r\n"
                        "Accept: application/json\r\n"
                        "Connection: close\r\n\r\n");
    free(req);
    assert_null(cli_rest_url_parse(&rest, "127.0.0.1:80"));
    rest.token = xstrdup("tok");
    req = cli_rest_request_build(&rest, "POST", "/v1/tenants",
                                 "{\"name\":\"a\"}");
    assert_string_equal(req, "POST /v1/tenants HTTP/1.1\r\n"
                        "Host: 127.0.0.1:80\r\n"
                        "User-Agent: kumoctl\r\n"
                        "Accept: application/json\r\n"
                        "Connection: close\r\n"
                        "Authorization: Bearer tok\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 12\r\n\r\n{\"name\":\"a\"}");
    free(req);
    cli_rest_uninit(&rest);
}

/* Feeds 'text' to the parser one byte more at a time: it must ask for more
 * until the whole response is there, then return 'want'. */
static void
check_reply(const char *text, bool eof_at_end, int want, int status,
            const char *body)
{
    size_t size = strlen(text), i;
    struct cli_rest_reply reply;
    char *error;
    int r = 0;

    for (i = 0; i <= size; i++) {
        bool eof = eof_at_end && i == size;

        r = cli_rest_reply_parse(text, i, eof, &reply, &error);
        if (r) {
            break;
        }
        assert_null(error);
    }
    assert_int_equal(r, want);
    if (r == 1) {
        assert_int_equal(reply.status, status);
        assert_string_equal(reply.body, body);
        assert_int_equal(reply.body_size, strlen(body));
        cli_rest_reply_uninit(&reply);
    } else if (r < 0) {
        assert_non_null(error);
        free(error);
    }
}

static void
test_reply_parse(void **state)
{
    (void) state;
    check_reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Content-Length: 2\r\n\r\n{}", false, 1, 200, "{}");
    check_reply("HTTP/1.0 201 Created\r\ncontent-length:  7 \r\n\r\n[1,2,3]",
                false, 1, 201, "[1,2,3]");
    check_reply("HTTP/1.1 204 No Content\r\n\r\n", false, 1, 204, "");
    /* No length: the body runs to the close. */
    check_reply("HTTP/1.1 200 OK\r\n\r\n{\"a\":1}", true, 1, 200, "{\"a\":1}");
    /* Extra bytes after Content-Length are ignored. */
    check_reply("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}xx",
                false, 1, 404, "{}");

    /* Refused: chunked, garbage, bad status line or length, short body. */
    check_reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                "2\r\n{}\r\n0\r\n\r\n", false, -1, 0, NULL);
    check_reply("SSH-2.0-OpenSSH_9.2\r\n", false, -1, 0, NULL);
    check_reply("HTTP/2 200\r\n\r\n", false, -1, 0, NULL);
    check_reply("HTTP/1.1 2000 OK\r\n\r\n", false, -1, 0, NULL);
    check_reply("HTTP/1.1 20 OK\r\n\r\n", false, -1, 0, NULL);
    check_reply("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, -1, 0,
                NULL);
    check_reply("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", true, -1, 0,
                NULL);
    check_reply("HTTP/1.1 200 OK\r\nContent-Le", true, -1, 0, NULL);
    check_reply("", true, -1, 0, NULL);
}

static void
test_exit_status_and_error_text(void **state)
{
    static const struct cli_rest_hint hints[] = {
        { "binding.vlan", "--vlan" },
        { NULL, NULL },
    };
    json_t *body;
    char *text;

    (void) state;
    assert_int_equal(cli_rest_exit_status(200), 0);
    assert_int_equal(cli_rest_exit_status(201), 0);
    assert_int_equal(cli_rest_exit_status(204), 0);
    assert_int_equal(cli_rest_exit_status(400), CLI_REST_API_ERROR);
    assert_int_equal(cli_rest_exit_status(404), CLI_REST_API_ERROR);
    assert_int_equal(cli_rest_exit_status(409), CLI_REST_API_ERROR);
    assert_int_equal(cli_rest_exit_status(503), CLI_REST_API_ERROR);
    assert_int_equal(cli_rest_exit_status(302), CLI_REST_API_ERROR);

    body = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", 400, "field",
                     "binding.vlan", "message", "binding.vlan 5000 is out of "
                     "range 1..4094");
    text = cli_rest_error_format(400, body, hints);
    assert_string_equal(text, "field \"binding.vlan\" (--vlan): binding.vlan "
                        "5000 is out of range 1..4094 (HTTP 400 Bad "
                        "Request)");
    free(text);
    /* A field without a hint. */
    text = cli_rest_error_format(400, body, NULL);
    assert_string_equal(text, "field \"binding.vlan\": binding.vlan 5000 is "
                        "out of range 1..4094 (HTTP 400 Bad Request)");
    free(text);
    json_decref(body);

    body = json_pack("{s:{s:i, s:n, s:s}}", "error", "status", 404, "field",
                     "message", "no such route");
    text = cli_rest_error_format(404, body, hints);
    assert_string_equal(text, "no such route (HTTP 404 Not Found)");
    free(text);
    json_decref(body);

    text = cli_rest_error_format(401, NULL, hints);
    assert_string_equal(text, "the API refused the request (HTTP 401 "
                        "Unauthorized); give a token with --token, "
                        "--token-file or KUMO_API_TOKEN");
    free(text);
}

static void
test_pagination(void **state)
{
    json_t *items = json_array();
    json_t *page;
    size_t offset = 0;

    (void) state;
    page = json_pack("{s:[i,i], s:i, s:i, s:i}", "items", 1, 2, "total", 5,
                     "offset", 0, "limit", 2);
    assert_int_equal(cli_rest_page_next(page, items, &offset), 1);
    json_decref(page);
    assert_int_equal(offset, 2);
    page = json_pack("{s:[i,i], s:i}", "items", 3, 4, "total", 5);
    assert_int_equal(cli_rest_page_next(page, items, &offset), 1);
    json_decref(page);
    page = json_pack("{s:[i], s:i}", "items", 5, "total", 5);
    assert_int_equal(cli_rest_page_next(page, items, &offset), 0);
    json_decref(page);
    assert_int_equal(offset, 5);
    page = json_pack("[i,i,i,i,i]", 1, 2, 3, 4, 5);
    assert_true(json_equal(items, page));
    json_decref(page);

    /* The collection shrank: an empty page before 'total' ends the walk. */
    page = json_pack("{s:[], s:i}", "items", "total", 9);
    assert_int_equal(cli_rest_page_next(page, items, &offset), 0);
    json_decref(page);
    /* Not a list page. */
    page = json_pack("{s:i}", "total", 3);
    assert_int_equal(cli_rest_page_next(page, items, &offset), -1);
    json_decref(page);
    page = json_pack("{s:[], s:s}", "items", "total", "3");
    assert_int_equal(cli_rest_page_next(page, items, &offset), -1);
    json_decref(page);
    assert_int_equal(json_array_size(items), 5);
    json_decref(items);
}

/* ---- Command lines and bodies. */

static void
test_parse_args(void **state)
{
    struct cli_options opts = { .json = false, .api_url = "http://g:1" };
    char *argv1[] = { "web", "--json", "--vni", "5001", "acme",
                      "--api", "http://h:2", "--description", "Front end" };
    char *argv2[] = { "a", "--vlan", "3" };
    char *argv3[] = { "a", "--vni" };
    char *argv4[] = { "a", "b" };
    char *argv5[] = { "a", "--cascade", "--", "-b" };
    struct vnet_args a;
    char *error;

    (void) state;
    error = vnet_parse_args(&opts, ARRAY_SIZE(argv1), argv1,
                            " --id --vni --description ", 2, &a);
    assert_null(error);
    assert_int_equal(a.n_pos, 2);
    assert_string_equal(a.pos[0], "web");
    assert_string_equal(a.pos[1], "acme");
    assert_true(a.opts.json);
    assert_false(opts.json);
    assert_string_equal(a.opts.api_url, "http://h:2");
    assert_string_equal(a.vni, "5001");
    assert_string_equal(a.description, "Front end");
    assert_null(a.id);

    error = vnet_parse_args(&opts, ARRAY_SIZE(argv2), argv2,
                            " --id --vni --description ", 2, &a);
    assert_string_equal(error, "unknown option \"--vlan\"");
    free(error);
    /* An option must not match a longer one that starts with it. */
    error = vnet_parse_args(&opts, ARRAY_SIZE(argv2), argv2, " --vlanx ", 2,
                            &a);
    assert_string_equal(error, "unknown option \"--vlan\"");
    free(error);
    error = vnet_parse_args(&opts, ARRAY_SIZE(argv3), argv3, " --vni ", 2,
                            &a);
    assert_string_equal(error, "option \"--vni\" needs a value");
    free(error);
    error = vnet_parse_args(&opts, ARRAY_SIZE(argv4), argv4, " ", 1, &a);
    assert_string_equal(error, "unexpected argument \"b\"");
    free(error);
    error = vnet_parse_args(&opts, ARRAY_SIZE(argv5), argv5, " --cascade ",
                            2, &a);
    assert_null(error);
    assert_true(a.cascade);
    assert_string_equal(a.pos[1], "-b");
}

/* Checks that vnet_port_body() for 'a' gives the JSON 'want' (NULL: a
 * usage error). */
static void
check_port_body(const struct vnet_args *a, const char *want)
{
    char *error;
    json_t *body = vnet_port_body(a, "net-uuid", &error);

    if (!want) {
        assert_null(body);
        assert_non_null(error);
        free(error);
        return;
    }
    assert_null(error);
    assert_non_null(body);
    {
        json_t *w = json_loads(want, 0, NULL);
        char *got = json_dumps(body, JSON_SORT_KEYS);

        assert_non_null(w);
        if (!json_equal(w, body)) {
            fail_msg("got %s, want %s", got, want);
        }
        free(got);
        json_decref(w);
    }
    json_decref(body);
}

static void
test_port_bodies(void **state)
{
    struct vnet_args a;

    (void) state;
    memset(&a, 0, sizeof a);
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\"}");
    a.name = "p1";
    a.sw = "0x1";
    a.port = "3";
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\",\"name\":\"p1\","
                    "\"binding\":{\"kind\":\"switch-port\",\"dpid\":\"0x1\","
                    "\"port_no\":3}}");
    a.vlan = "100";
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\",\"name\":\"p1\","
                    "\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"0x1\","
                    "\"port_no\":3,\"vlan\":100}}");
    /* Not a number: passed as typed, for the API to name the field. */
    a.vlan = "ten";
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\",\"name\":\"p1\","
                    "\"binding\":{\"kind\":\"port-vlan\",\"dpid\":\"0x1\","
                    "\"port_no\":3,\"vlan\":\"ten\"}}");
    a.mac = "02:00:00:00:00:01";
    check_port_body(&a, NULL);          /* Two bindings. */
    a.sw = a.port = a.vlan = NULL;
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\",\"name\":\"p1\","
                    "\"mac\":\"02:00:00:00:00:01\",\"binding\":{\"kind\":"
                    "\"mac\",\"mac\":\"02:00:00:00:00:01\"}}");
    a.iface_id = "vm1-eth0";
    check_port_body(&a, NULL);
    a.mac = a.name = NULL;
    check_port_body(&a, "{\"network_uuid\":\"net-uuid\",\"binding\":"
                    "{\"kind\":\"iface-id\",\"iface_id\":\"vm1-eth0\"}}");
    a.iface_id = NULL;
    a.vlan = "100";                     /* --vlan alone. */
    check_port_body(&a, NULL);
    a.vlan = NULL;
    a.sw = "1";                         /* --switch without --port. */
    check_port_body(&a, NULL);
}

static void
test_int_or_string(void **state)
{
    static const struct {
        const char *text;
        bool integer;
    } cases[] = {
        { "0", true }, { "5001", true }, { "-1", true },
        { "", false }, { "12a", false }, { "0x10", false }, { " 1", false },
        { "99999999999999999999999", false },
    };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        json_t *v = vnet_int_or_string(cases[i].text);

        if (json_is_integer(v) != cases[i].integer) {
            fail_msg("\"%s\"", cases[i].text);
        }
        if (!cases[i].integer) {
            assert_string_equal(json_string_value(v), cases[i].text);
        }
        json_decref(v);
    }
}

/* ---- Output. */

static void
check_render(void (*render)(struct ds *, const json_t *), const char *json,
             const char *want)
{
    json_t *v = json_loads(json, 0, NULL);
    struct ds s = DS_EMPTY_INITIALIZER;

    assert_non_null(v);
    render(&s, v);
    assert_string_equal(ds_cstr(&s), want);
    ds_destroy(&s);
    json_decref(v);
}

static void
test_render_tenants_and_object(void **state)
{
    (void) state;
    check_render(vnet_render_tenants,
                 "[{\"uuid\":\"u1\",\"name\":\"acme\",\"description\":"
                 "\"Acme Corp\"},{\"uuid\":\"u2\",\"name\":\"globex\","
                 "\"description\":\"\"}]",
                 "UUID  NAME    DESCRIPTION\n"
                 "u1    acme    Acme Corp\n"
                 "u2    globex  -\n");
    check_render(vnet_render_tenants, "[]", "UUID  NAME  DESCRIPTION\n");
    /* Known members first in a fixed order, then the others. */
    check_render(vnet_render_object,
                 "{\"vlan_id\":7,\"zeta\":[1,\"a\"],\"ips\":[\"10.0.0.1\","
                 "\"10.0.0.2\"],\"binding\":{\"kind\":\"port-vlan\","
                 "\"dpid\":\"0000000000000002\",\"port_no\":1,\"vlan\":100},"
                 "\"name\":\"p2\",\"uuid\":\"u\",\"mac\":null,"
                 "\"attachment_ip\":\"\"}",
                 "uuid:             u\n"
                 "name:             p2\n"
                 "binding:          switch 0000000000000002 port 1 vlan 100\n"
                 "mac:              -\n"
                 "ips:              10.0.0.1,10.0.0.2\n"
                 "attachment_ip:    -\n"
                 "vlan_id:          7\n"
                 "zeta:             1,a\n");
}

static void
test_render_networks_and_ports(void **state)
{
    json_t *names = json_loads("[{\"uuid\":\"t1\",\"name\":\"acme\"},"
                               "{\"uuid\":\"n1\",\"name\":\"web\"}]", 0,
                               NULL);
    json_t *nets = json_loads("[{\"uuid\":\"n1\",\"tenant_uuid\":\"t1\","
                              "\"name\":\"web\",\"net_id\":1,\"vni\":5001,"
                              "\"description\":\"front\"},{\"uuid\":\"n2\","
                              "\"tenant_uuid\":\"t9\",\"name\":\"db\","
                              "\"net_id\":12,\"vni\":null,"
                              "\"description\":\"\"}]", 0, NULL);
    json_t *ports = json_loads(
        "[{\"uuid\":\"p1\",\"network_uuid\":\"n1\",\"name\":\"a\","
        "\"mac\":null,\"binding\":{\"kind\":\"switch-port\",\"dpid\":"
        "\"0000000000000001\",\"port_no\":3},\"attachment_type\":"
        "\"NoAttachment\"},"
        "{\"uuid\":\"p2\",\"network_uuid\":\"n1\",\"name\":\"\","
        "\"mac\":\"02:00:00:00:00:07\",\"binding\":{\"kind\":\"mac\","
        "\"mac\":\"02:00:00:00:00:07\"},\"attachment_type\":"
        "\"NoAttachment\"},"
        "{\"uuid\":\"p3\",\"network_uuid\":\"n7\",\"name\":\"c\","
        "\"mac\":null,\"binding\":{\"kind\":\"iface-id\",\"iface_id\":"
        "\"vm-1\"},\"attachment_type\":\"NoAttachment\"},"
        "{\"uuid\":\"p4\",\"network_uuid\":\"n1\",\"name\":\"d\","
        "\"mac\":null,\"binding\":{\"kind\":\"none\"},\"attachment_type\":"
        "\"VifAttachment\",\"attachment_ip\":\"198.19.7.1\",\"vlan_id\":2}]",
        0, NULL);
    struct ds s = DS_EMPTY_INITIALIZER;

    (void) state;
    assert_non_null(names);
    assert_non_null(nets);
    assert_non_null(ports);
    vnet_render_networks(&s, nets, names);
    assert_string_equal(ds_cstr(&s),
                        "UUID  TENANT  NAME  NET-ID   VNI  DESCRIPTION\n"
                        "n1    acme    web        1  5001  front\n"
                        "n2    t9      db        12     -  -\n");
    ds_clear(&s);
    vnet_render_ports(&s, ports, names);
    assert_string_equal(ds_cstr(&s),
        "UUID  NETWORK  NAME  BINDING                         MAC"
        "                ATTACHMENT\n"
        "p1    web      a     switch 0000000000000001 port 3  -"
        "                  -\n"
        "p2    web      -     mac 02:00:00:00:00:07           "
        "02:00:00:00:00:07  -\n"
        "p3    n7       c     iface-id vm-1                   -"
        "                  -\n"
        "p4    web      d     none                            -"
        "                  vif 198.19.7.1 vlan 2\n");
    ds_destroy(&s);
    json_decref(names);
    json_decref(nets);
    json_decref(ports);
}

static void
test_flows_transport_choice(void **state)
{
    struct cli_options o = { .json = false };

    (void) state;
    unsetenv("KUMO_API");
    /* No socket at the control path: the API. */
    setenv("KUMO_CTL", "/nonexistent/kumod.ctl", 1);
    assert_true(vnet_flows_use_api(&o));
    /* Something there (a stand-in for the socket): the control socket. */
    setenv("KUMO_CTL", "/", 1);
    assert_false(vnet_flows_use_api(&o));
    setenv("KUMO_API", "http://127.0.0.1:1", 1);
    assert_true(vnet_flows_use_api(&o));
    /* --ctl beats $KUMO_API; --api beats everything. */
    o.ctl_path = "/nonexistent";
    assert_false(vnet_flows_use_api(&o));
    o.api_url = "http://127.0.0.1:1";
    assert_true(vnet_flows_use_api(&o));
    unsetenv("KUMO_API");
    unsetenv("KUMO_CTL");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_parse),
        cmocka_unit_test(test_init_from_options_and_environment),
        cmocka_unit_test(test_request_build),
        cmocka_unit_test(test_reply_parse),
        cmocka_unit_test(test_exit_status_and_error_text),
        cmocka_unit_test(test_pagination),
        cmocka_unit_test(test_parse_args),
        cmocka_unit_test(test_port_bodies),
        cmocka_unit_test(test_int_or_string),
        cmocka_unit_test(test_render_tenants_and_object),
        cmocka_unit_test(test_render_networks_and_ports),
        cmocka_unit_test(test_flows_transport_choice),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
