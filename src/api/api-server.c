/* api-server: see api-server.h.
 *
 * Per request, libmicrohttpd calls on_request() several times: first with
 * no body (we allocate the request state), then once per body chunk (we
 * append, up to API_MAX_BODY, then only count), then a last time with no
 * data, when we dispatch and queue the response.  on_completed() frees
 * the state whatever happened to the connection. */
#include "api/api-server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/api-auth.h"
#include "api/api-proto.h"
#include "api/api-router.h"
#include "api/api-topo.h"
#include "core/app.h"
#include "core/ctl.h"
#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(api)

struct api_server {
    struct MHD_Daemon *daemon;
    struct api_ctx ctx;
    char *address;                  /* Bound address, "IP:PORT". */
};

/* One request being received. */
struct request_state {
    struct ds body;
    bool too_large;
    struct api_param *query;
    size_t n_query;
};

char *
api_server_parse_address(const char *s, struct sockaddr_storage *ss,
                         size_t *len)
{
    const char *colon, *port_text;
    char host[INET6_ADDRSTRLEN + 1];
    unsigned long port;
    size_t host_len;
    char *end;

    memset(ss, 0, sizeof *ss);
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':') {
            return xasprintf("\"%s\": expected [IPV6]:PORT", s);
        }
        host_len = (size_t) (close - s - 1);
        if (host_len >= sizeof host) {
            return xasprintf("\"%s\": bad IPv6 address", s);
        }
        memcpy(host, s + 1, host_len);
        port_text = close + 2;
    } else {
        colon = strrchr(s, ':');
        if (!colon || strchr(s, ':') != colon) {
            return xasprintf("\"%s\": expected IPV4:PORT or [IPV6]:PORT", s);
        }
        host_len = (size_t) (colon - s);
        if (host_len >= sizeof host) {
            return xasprintf("\"%s\": bad IPv4 address", s);
        }
        memcpy(host, s, host_len);
        port_text = colon + 1;
    }
    host[host_len] = '\0';
    errno = 0;
    port = strtoul(port_text, &end, 10);
    if (!port_text[0] || *end || errno || port > 65535
        || port_text[0] == '-' || port_text[0] == '+') {
        return xasprintf("\"%s\": bad port \"%s\" (0 to 65535)", s, port_text);
    }
    if (s[0] == '[') {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
        if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1) {
            return xasprintf("\"%s\": bad IPv6 address \"%s\"", s, host);
        }
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) port);
        *len = sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *) ss;
        if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
            return xasprintf("\"%s\": bad IPv4 address \"%s\"", s, host);
        }
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) port);
        *len = sizeof *sin;
    }
    return NULL;
}

static char *
format_address(const struct sockaddr_storage *ss)
{
    char host[INET6_ADDRSTRLEN];

    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        return xasprintf("[%s]:%u", host, ntohs(sin6->sin6_port));
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        return xasprintf("%s:%u", host, ntohs(sin->sin_port));
    }
}

/* Opens the listening socket on 'address'; returns the fd or -1 with
 * '*errorp' set.  Stores the bound address in '*boundp'. */
static int
open_listener(const char *address, char **boundp, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    size_t len;
    int fd, one = 1;

    *errorp = api_server_parse_address(address, &ss, &len);
    if (*errorp) {
        return -1;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *errorp = xasprintf("%s: socket: %s", address, strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ss.ss_family == AF_INET6) {
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    if (bind(fd, (struct sockaddr *) &ss, (socklen_t) len) < 0
        || listen(fd, 64) < 0) {
        *errorp = xasprintf("%s: %s", address, strerror(errno));
        close(fd);
        return -1;
    }
    sslen = sizeof ss;
    getsockname(fd, (struct sockaddr *) &ss, &sslen);
    *boundp = format_address(&ss);
    return fd;
}

static enum MHD_Result
collect_query(void *state_, enum MHD_ValueKind kind, const char *key,
              const char *value)
{
    struct request_state *state = state_;

    (void) kind;
    if (state->n_query < 64) {
        state->query = xrealloc(state->query,
                                (state->n_query + 1) * sizeof *state->query);
        state->query[state->n_query].name = xstrdup(key);
        state->query[state->n_query].value = xstrdup(value ? value : "");
        state->n_query++;
    }
    return MHD_YES;
}

static void
add_header(struct MHD_Response *response, const char *name,
           const char *value)
{
    if (value) {
        MHD_add_response_header(response, name, value);
    }
}

static enum MHD_Result
send_response(struct MHD_Connection *conn, const struct api_response *r)
{
    struct MHD_Response *response;
    enum MHD_Result ret;
    char *text = NULL;
    size_t size = 0;

    if (r->body && r->status != 204) {
        char *json = json_dumps(r->body, JSON_INDENT(2) | JSON_SORT_KEYS
                                         | JSON_ENCODE_ANY);
        if (json) {
            text = xasprintf("%s\n", json);
            free(json);
            size = strlen(text);
        }
    }
    response = MHD_create_response_from_buffer(size, text,
                                               MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(text);
        return MHD_NO;
    }
    if (text) {
        add_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                   "application/json");
    }
    add_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    add_header(response, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
    add_header(response, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->challenge) {
        add_header(response, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                   "Bearer realm=\"kumo\"");
    }
    ret = MHD_queue_response(conn, (unsigned int) r->status, response);
    MHD_destroy_response(response);
    return ret;
}

static enum MHD_Result
on_request(void *server_, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **con_cls)
{
    struct api_server *server = server_;
    struct request_state *state = *con_cls;
    struct api_response resp;
    struct api_request req;
    enum MHD_Result ret;

    (void) version;
    if (!state) {
        state = xzalloc(sizeof *state);
        *con_cls = state;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (state->body.length + *upload_data_size > API_MAX_BODY) {
            state->too_large = true;
        } else {
            ds_put_buffer(&state->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query,
                              state);
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = url;
    req.query = state->query;
    req.n_query = state->n_query;
    req.authorization = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req.cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_COOKIE);
    req.content_type = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.body = state->too_large ? NULL : state->body.string;
    req.body_size = state->too_large ? 0 : state->body.length;
    req.body_too_large = state->too_large;
    req.now = core_time_msec();

    api_response_init(&resp);
    api_router_dispatch(&server->ctx, &req, &resp);
    LOG_DBG("%s %s -> %d", method, url, resp.status);
    ret = send_response(conn, &resp);
    api_response_uninit(&resp);
    return ret;
}

static void
on_completed(void *server_, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    struct request_state *state = *con_cls;

    (void) server_;
    (void) conn;
    (void) toe;
    if (state) {
        ds_destroy(&state->body);
        api_params_free(state->query, state->n_query);
        free(state);
        *con_cls = NULL;
    }
}

static void
on_mhd_log(void *aux, const char *format, va_list args)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 10);
    char *message = xvasprintf(format, args);
    size_t len = strlen(message);

    (void) aux;
    while (len && (message[len - 1] == '\n' || message[len - 1] == '\r')) {
        message[--len] = '\0';
    }
    /* Mostly about misbehaving clients: informational, rate-limited. */
    LOG_INFO_RL(&rl, "http: %s", message);
    free(message);
}

struct api_server *
api_server_start(const struct api_server_options *o, char **errorp)
{
    struct api_server *server = xzalloc(sizeof *server);
    int fd;

    *errorp = NULL;
    fd = open_listener(o->address, &server->address, errorp);
    if (fd < 0) {
        free(server);
        return NULL;
    }
    server->ctx.db = o->db;
    server->ctx.auth = api_auth_create(o->tokens, o->n_tokens, o->ssp_user,
                                       o->ssp_password,
                                       API_AUTH_SESSION_TTL_MS);
    server->ctx.snapshot_take = core_snapshot_take;
    server->ctx.switch_request = core_switch_request;
    server->ctx.flows_timeout_ms = CTL_FLOWS_TIMEOUT_MS;
    server->ctx.topology = api_topo_fabric_topology;
    server->ctx.path = api_topo_fabric_path;
    server->ctx.chassis_states = o->chassis_states;
    server->ctx.chassis_aux = o->chassis_aux;

    server->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION
        | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_ITC,
        0, NULL, NULL, on_request, server,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, server,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) API_SERVER_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) API_SERVER_IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, server,
        MHD_OPTION_END);
    if (!server->daemon) {
        *errorp = xasprintf("%s: cannot start the HTTP server",
                            server->address);
        close(fd);
        api_auth_destroy(server->ctx.auth);
        free(server->address);
        free(server);
        return NULL;
    }
    LOG_INFO("listening on http://%s (%s)", server->address,
             api_auth_has_tokens(server->ctx.auth)
             ? "bearer tokens required" : "no api_token configured: open");
    return server;
}

const char *
api_server_get_address(const struct api_server *server)
{
    return server->address;
}

void
api_server_stop(struct api_server *server)
{
    if (server) {
        MHD_stop_daemon(server->daemon);
        api_auth_destroy(server->ctx.auth);
        free(server->address);
        free(server);
    }
}
