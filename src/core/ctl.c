/* ctl: see ctl.h.
 *
 * One thread, one epoll set: the listening socket, an eventfd that asks the
 * thread to stop, and up to CTL_MAX_CLIENTS connections. A connection's
 * requests are handled in order; while a reply is still being written the
 * connection is not read, so a client that never reads cannot make the
 * daemon buffer without bound. Handlers that wait on a switch ("flows")
 * block this thread (and only this thread) for at most their timeout. */
#include "core/ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/app.h"
#include "core/ctl-cmd.h"
#include "core/ctl-proto.h"
#include "core/l2switch.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"

LOG_MODULE(ctl)

#define CTL_MAX_CLIENTS 64

struct ctl_client {
    int fd;
    struct ds in;               /* Bytes read, not yet a complete line. */
    char *out;                  /* Pending reply bytes (owned), or NULL. */
    size_t out_size, out_ofs;
};

struct ctl_server {
    char *path;
    int listen_fd;
    int epoll_fd;
    int wake_fd;                /* eventfd: stop the thread. */
    pthread_t thread;
    struct ctl_client *clients[CTL_MAX_CLIENTS];
};

/* Tags in epoll data for the two non-client fds. */
#define TAG_LISTEN ((void *) 1)
#define TAG_WAKE ((void *) 2)

/* ---- Built-in commands on the core API ---- */

static bool
parse_dpid_arg(const char *arg, uint64_t *dpid, char **errorp)
{
    if (!ctl_proto_parse_dpid(arg, dpid)) {
        *errorp = xasprintf("\"%s\" is not a datapath id", arg);
        return false;
    }
    return true;
}

static struct core_snapshot *
take_snapshot(char **errorp)
{
    struct core_snapshot *snap = core_snapshot_take();

    if (!snap) {
        *errorp = xstrdup("kumod is shutting down");
    }
    return snap;
}

static json_t *
switches_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct core_snapshot *snap = take_snapshot(errorp);
    json_t *result;

    (void) n_args;
    (void) args;
    (void) aux;
    if (!snap) {
        return NULL;
    }
    result = ctl_proto_switches_json(snap, core_wall_msec());
    core_snapshot_destroy(snap);
    return result;
}

static json_t *
ports_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    const struct core_switch_info *sw;
    struct core_snapshot *snap;
    json_t *result = NULL;
    uint64_t dpid;

    (void) n_args;
    (void) aux;
    if (!parse_dpid_arg(args[0], &dpid, errorp)
        || !(snap = take_snapshot(errorp))) {
        return NULL;
    }
    sw = core_snapshot_find(snap, dpid);
    if (sw) {
        result = ctl_proto_ports_json(sw);
    } else {
        char s[17];

        ctl_proto_format_dpid(dpid, s);
        *errorp = xasprintf("no switch with datapath id %s is connected", s);
    }
    core_snapshot_destroy(snap);
    return result;
}

static json_t *
counters_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct core_snapshot *snap = take_snapshot(errorp);
    struct l2switch_stats l2;
    json_t *result;

    (void) n_args;
    (void) args;
    (void) aux;
    if (!snap) {
        return NULL;
    }
    result = ctl_proto_counters_json(snap);
    core_snapshot_destroy(snap);
    l2switch_get_total_stats(&l2);
    json_object_set_new(result, "l2switch", ctl_proto_l2switch_stats_json(&l2));
    ctl_cmd_add_counters(result);
    return result;
}

static json_t *
flows_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct ofp_flow_stats_request fsr;
    const struct core_switch_info *info;
    struct core_snapshot *snap;
    struct core_reply reply;
    enum ofp_version version;
    json_t *result = NULL;
    struct buf req;
    uint64_t dpid;
    char dpid_text[17];
    int error;

    (void) n_args;
    (void) aux;
    if (!parse_dpid_arg(args[0], &dpid, errorp)
        || !(snap = take_snapshot(errorp))) {
        return NULL;
    }
    ctl_proto_format_dpid(dpid, dpid_text);
    info = core_snapshot_find(snap, dpid);
    version = info ? info->version : 0;
    core_snapshot_destroy(snap);
    if (!info) {
        *errorp = xasprintf("no switch with datapath id %s is connected",
                            dpid_text);
        return NULL;
    }

    ofp_flow_stats_request_init(&fsr, false);
    buf_init(&req, 128);
    error = ofp_flow_stats_request_encode(&fsr, version, 0, &req);
    if (error) {
        *errorp = xasprintf("cannot encode flow stats request: %s",
                            ofperr_get_name(error));
        buf_uninit(&req);
        return NULL;
    }
    memset(&reply, 0, sizeof reply);
    error = core_switch_request(dpid, &req, CTL_FLOWS_TIMEOUT_MS, &reply);
    buf_uninit(&req);
    if (!error) {
        error = reply.error;
    }
    if (error == ENOENT || error == ENOTCONN) {
        *errorp = xasprintf("switch %s disconnected", dpid_text);
    } else if (error == ETIMEDOUT) {
        *errorp = xasprintf("switch %s did not answer the flow stats request "
                            "within %d ms", dpid_text, CTL_FLOWS_TIMEOUT_MS);
    } else if (ofperr_is_valid(error)) {
        *errorp = xasprintf("switch %s refused the flow stats request: %s",
                            dpid_text, ofperr_get_name(error));
    } else if (error) {
        *errorp = xasprintf("flow stats request to %s failed: %s", dpid_text,
                            strerror(error));
    } else if (!reply.body) {
        *errorp = xasprintf("switch %s sent no flow stats body", dpid_text);
    } else {
        result = ctl_proto_flows_json(version, reply.body->data,
                                      reply.body->size, errorp);
    }
    core_reply_uninit(&reply);
    return result;
}

/* Runs on the switch's worker: copies its MAC table into a JSON array. */
struct macs_ctx {
    json_t *array;
    bool found;
};

static void
collect_mac(const struct eth_addr *mac, uint16_t vlan, uint32_t port,
            int64_t age_ms, void *ctx_)
{
    struct macs_ctx *ctx = ctx_;

    ctl_proto_mac_json(ctx->array, mac, vlan, port, age_ms);
}

static void
macs_on_worker(struct ofswitch *sw, void *ctx_)
{
    struct macs_ctx *ctx = ctx_;

    ctx->found = l2switch_app_for_each_mac(sw, core_time_msec(), collect_mac,
                                           ctx);
}

static json_t *
macs_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct macs_ctx ctx = { json_array(), false };
    char dpid_text[17];
    uint64_t dpid;
    int error;

    (void) n_args;
    (void) aux;
    if (!parse_dpid_arg(args[0], &dpid, errorp)) {
        json_decref(ctx.array);
        return NULL;
    }
    ctl_proto_format_dpid(dpid, dpid_text);
    error = core_switch_call(dpid, macs_on_worker, &ctx);
    if (error || !ctx.found) {
        *errorp = error == ENOENT
                  ? xasprintf("no switch with datapath id %s is connected",
                              dpid_text)
                  : error ? xasprintf("cannot reach switch %s: %s",
                                      dpid_text, strerror(error))
                  : xasprintf("the learning switch has no state for %s",
                              dpid_text);
        json_decref(ctx.array);
        return NULL;
    }
    return ctx.array;
}

static json_t *
shutdown_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    (void) n_args;
    (void) args;
    (void) aux;
    (void) errorp;
    LOG_INFO("shutdown requested on the control socket");
    core_request_shutdown();
    return json_null();
}

static void
register_builtin(void)
{
    ctl_cmd_register_common();
    ctl_cmd_register("switches", "switches", 0, 0, switches_cmd, NULL);
    ctl_cmd_register("ports", "ports DPID", 1, 1, ports_cmd, NULL);
    ctl_cmd_register("flows", "flows DPID", 1, 1, flows_cmd, NULL);
    ctl_cmd_register("macs", "macs DPID", 1, 1, macs_cmd, NULL);
    ctl_cmd_register("counters", "counters", 0, 0, counters_cmd, NULL);
    ctl_cmd_register("shutdown", "shutdown", 0, 0, shutdown_cmd, NULL);
}

/* ---- Connections ---- */

static void
client_close(struct ctl_server *server, size_t i)
{
    struct ctl_client *c = server->clients[i];

    epoll_ctl(server->epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    ds_destroy(&c->in);
    free(c->out);
    free(c);
    server->clients[i] = NULL;
}

static void
client_set_events(struct ctl_server *server, struct ctl_client *c,
                  uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = c };

    epoll_ctl(server->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes pending output. Returns 0, EAGAIN if some remains, or an errno. */
static int
client_flush(struct ctl_client *c)
{
    while (c->out && c->out_ofs < c->out_size) {
        ssize_t n = send(c->fd, c->out + c->out_ofs, c->out_size - c->out_ofs,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno == EAGAIN || errno == EWOULDBLOCK ? EAGAIN : errno;
        }
        c->out_ofs += (size_t) n;
    }
    free(c->out);
    c->out = NULL;
    c->out_size = c->out_ofs = 0;
    return 0;
}

/* Handles every complete line in c->in while no output is pending.
 * Returns 0, EAGAIN (output pending), or an errno (close). */
static int
client_process(struct ctl_client *c)
{
    while (!c->out && c->in.length) {
        char *nl = memchr(c->in.string, '\n', c->in.length);
        size_t len, consumed;
        char *reply;
        int error;

        if (!nl) {
            if (c->in.length > CTL_PROTO_MAX_LINE) {
                reply = ctl_proto_reply_error("request line too long");
                c->out = reply;
                c->out_size = strlen(reply);
                ds_clear(&c->in);
                client_flush(c);
                return EMSGSIZE;
            }
            return 0;
        }
        len = (size_t) (nl - c->in.string);
        consumed = len + 1;
        if (len && c->in.string[len - 1] == '\r') {
            len--;
        }
        reply = len ? ctl_cmd_dispatch(c->in.string, len) : NULL;
        memmove(c->in.string, c->in.string + consumed,
                c->in.length - consumed);
        ds_truncate(&c->in, c->in.length - consumed);
        if (reply) {
            c->out = reply;
            c->out_size = strlen(reply);
            c->out_ofs = 0;
            error = client_flush(c);
            if (error) {
                return error;
            }
        }
    }
    return c->out ? EAGAIN : 0;
}

static void
client_run(struct ctl_server *server, size_t i, uint32_t events)
{
    struct ctl_client *c = server->clients[i];
    int error = 0;

    if (events & EPOLLOUT) {
        error = client_flush(c);
        if (!error) {
            error = client_process(c);
        }
    }
    if (!error && events & (EPOLLIN | EPOLLHUP | EPOLLERR) && !c->out) {
        char chunk[4096];
        ssize_t n = read(c->fd, chunk, sizeof chunk);

        if (n > 0) {
            ds_put_buffer(&c->in, chunk, (size_t) n);
            error = client_process(c);
        } else if (n == 0) {
            error = EPIPE;      /* Client closed. */
        } else if (errno != EAGAIN && errno != EINTR) {
            error = errno;
        }
    }
    if (error == EAGAIN) {
        client_set_events(server, c, EPOLLOUT);
    } else if (error) {
        client_close(server, i);
    } else {
        client_set_events(server, c, EPOLLIN);
    }
}

static void
accept_clients(struct ctl_server *server)
{
    for (;;) {
        int fd = accept(server->listen_fd, NULL, NULL);
        struct epoll_event ev;
        struct ctl_client *c;
        size_t i;

        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                LOG_WARN("accept on %s: %s", server->path, strerror(errno));
            }
            return;
        }
        if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0
            || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
            LOG_WARN("fcntl: %s", strerror(errno));
            close(fd);
            continue;
        }
        for (i = 0; i < CTL_MAX_CLIENTS && server->clients[i]; i++) {
            continue;
        }
        if (i == CTL_MAX_CLIENTS) {
            static struct log_ratelimit rl = LOG_RATELIMIT_INIT(6, 2);
            static const char busy[] =
                "{\"ok\":false,\"error\":\"too many control connections\"}\n";

            LOG_WARN_RL(&rl, "refusing control connection: %d already open",
                        CTL_MAX_CLIENTS);
            if (send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT)) {
                /* Best effort. */
            }
            close(fd);
            continue;
        }
        c = xzalloc(sizeof *c);
        c->fd = fd;
        ds_init(&c->in);
        ev.events = EPOLLIN;
        ev.data.ptr = c;
        if (epoll_ctl(server->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            LOG_WARN("epoll_ctl: %s", strerror(errno));
            close(fd);
            free(c);
            continue;
        }
        server->clients[i] = c;
    }
}

static void *
ctl_thread(void *server_)
{
    struct ctl_server *server = server_;

    for (;;) {
        struct epoll_event events[16];
        int n = epoll_wait(server->epoll_fd, events, ARRAY_SIZE(events), -1);
        int k;

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            LOG_ERR("epoll_wait: %s", strerror(errno));
            return NULL;
        }
        for (k = 0; k < n; k++) {
            void *tag = events[k].data.ptr;
            size_t i;

            if (tag == TAG_WAKE) {
                return NULL;
            } else if (tag == TAG_LISTEN) {
                accept_clients(server);
                continue;
            }
            for (i = 0; i < CTL_MAX_CLIENTS; i++) {
                if (server->clients[i] == tag) {
                    client_run(server, i, events[k].events);
                    break;
                }
            }
        }
    }
}

/* ---- Start and stop ---- */

/* Creates every missing directory above 'path' (mode 0755). */
static int
make_parent_dirs(const char *path)
{
    char *copy = xstrdup(path);
    char *p;
    int error = 0;

    for (p = copy + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
                error = errno;
                break;
            }
            *p = '/';
        }
    }
    free(copy);
    return error;
}

/* Removes a stale socket at 'path'. Returns NULL or an error string. */
static char *
clear_stale_socket(const char *path, const struct sockaddr_un *sun)
{
    struct stat st;
    int fd;

    if (lstat(path, &st) < 0) {
        return errno == ENOENT ? NULL
               : xasprintf("%s: %s", path, strerror(errno));
    }
    if (!S_ISSOCK(st.st_mode)) {
        return xasprintf("%s exists and is not a socket", path);
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && !connect(fd, (const struct sockaddr *) sun, sizeof *sun)) {
        close(fd);
        return xasprintf("another daemon is listening on %s", path);
    }
    if (fd >= 0) {
        close(fd);
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        return xasprintf("cannot remove stale socket %s: %s", path,
                         strerror(errno));
    }
    return NULL;
}

static void
server_free(struct ctl_server *server)
{
    size_t i;

    for (i = 0; i < CTL_MAX_CLIENTS; i++) {
        if (server->clients[i]) {
            client_close(server, i);
        }
    }
    if (server->listen_fd >= 0) {
        close(server->listen_fd);
    }
    if (server->epoll_fd >= 0) {
        close(server->epoll_fd);
    }
    if (server->wake_fd >= 0) {
        close(server->wake_fd);
    }
    free(server->path);
    free(server);
}

struct ctl_server *
ctl_server_start(const char *path, char **errorp)
{
    struct ctl_server *server;
    struct sockaddr_un sun;
    struct epoll_event ev;
    char *error;
    int err;

    *errorp = NULL;
    if (strlen(path) >= sizeof sun.sun_path) {
        *errorp = xasprintf("control socket path too long: %s", path);
        return NULL;
    }
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);

    err = make_parent_dirs(path);
    if (err) {
        *errorp = xasprintf("cannot create directory for %s: %s", path,
                            strerror(err));
        return NULL;
    }
    error = clear_stale_socket(path, &sun);
    if (error) {
        *errorp = error;
        return NULL;
    }

    server = xzalloc(sizeof *server);
    server->path = xstrdup(path);
    server->epoll_fd = server->wake_fd = -1;
    server->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK
                                        | SOCK_CLOEXEC, 0);
    if (server->listen_fd < 0) {
        *errorp = xasprintf("socket: %s", strerror(errno));
        goto error;
    }
    /* On Linux the socket file takes the socket inode's mode at bind(), so
     * set 0600 first: there is no window where others could connect. */
    if (fchmod(server->listen_fd, 0600) < 0
        || bind(server->listen_fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        *errorp = xasprintf("cannot bind %s: %s", path, strerror(errno));
        goto error;
    }
    if (chmod(path, 0600) < 0 || listen(server->listen_fd, 16) < 0) {
        *errorp = xasprintf("cannot listen on %s: %s", path, strerror(errno));
        unlink(path);
        goto error;
    }
    server->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    server->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (server->epoll_fd < 0 || server->wake_fd < 0) {
        *errorp = xasprintf("epoll/eventfd: %s", strerror(errno));
        unlink(path);
        goto error;
    }
    ev.events = EPOLLIN;
    ev.data.ptr = TAG_LISTEN;
    epoll_ctl(server->epoll_fd, EPOLL_CTL_ADD, server->listen_fd, &ev);
    ev.data.ptr = TAG_WAKE;
    epoll_ctl(server->epoll_fd, EPOLL_CTL_ADD, server->wake_fd, &ev);

    register_builtin();
    err = pthread_create(&server->thread, NULL, ctl_thread, server);
    if (err) {
        *errorp = xasprintf("cannot start control thread: %s", strerror(err));
        unlink(path);
        goto error;
    }
    LOG_INFO("control socket listening on %s", path);
    return server;

error:
    server_free(server);
    return NULL;
}

void
ctl_server_stop(struct ctl_server *server)
{
    uint64_t one = 1;

    if (!server) {
        return;
    }
    if (write(server->wake_fd, &one, sizeof one) != sizeof one) {
        LOG_WARN("cannot wake control thread: %s", strerror(errno));
    }
    pthread_join(server->thread, NULL);
    unlink(server->path);
    server_free(server);
}
