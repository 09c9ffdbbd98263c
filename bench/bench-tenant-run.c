/* bench-tenant-run: see bench-tenant-run.h. */
#include "bench-tenant-run.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench-emu.h"
#include "bench-io.h"
#include "bench-ofp.h"
#include "bench-run.h"
#include "bench-stats.h"
#include "bench-tenant.h"
#include "bench-topo.h"
#include "core/ctl-proto.h"
#include "fabric/fabric-sync.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-switch.h"

#define SCRATCH_SIZE (1024 * 1024)
#define HTTP_TOKEN (UINT64_MAX - 1)
#define MAX_DELIVERIES 64
#define SETTLE_QUIET_MS 1000
#define CTL_POLL_MS 100

/* One emulated switch. */
struct esw {
    struct bench_io io;
    uint32_t index;
    uint8_t version;            /* 0 before the hello. */
    bool connected;
    bool closed;
    bool up;                    /* Features reply sent. */
    struct fabric_state *table; /* Its flows and groups. */
    uint32_t post_tag;          /* POST that last counted it. */
    bool mod_unconfirmed;       /* A mod came since the last barrier. */
    uint64_t n_mods;            /* Flow + group mods received, ever. */
    uint64_t last_mod_ns;
    uint64_t connect_ns;        /* When this connection started. */
    uint64_t readback_ns;       /* Flow stats request of this session. */
    uint64_t replied_ns;
};

/* The one HTTP request in flight. */
struct http {
    int fd;
    struct buf out;
    size_t out_ofs;
    struct buf in;
    bool busy;
    bool done;
    int status;
    uint64_t sent_ns, done_ns;
};

struct trun {
    const struct bench_tenant_config *cfg;
    const struct bench_topo *t;
    struct bench_tenant_result *res;
    int epfd;
    struct esw *sws;
    uint8_t *scratch;
    uint64_t t0, now;
    uint32_t n_up;
    struct bench_topo_wire_stats ws;
    struct http http;

    /* Mods since the current mark (a POST or a reconnection). */
    uint64_t mark_ns;
    uint32_t post_tag;
    uint64_t last_mod_ns;       /* Any switch, any time. */
    uint64_t first_mod_ns;      /* First since the mark, or 0. */
    uint64_t confirmed_ns;      /* Latest barrier reply after a mod. */
    uint64_t mods, group_mods_mark, barriers_mark;
    uint32_t switches_mark;
    uint64_t next_ctl_ns;
    uint64_t synced_ns;         /* Reconnection: all synchronised since. */
    char *done_path;            /* --wait-file's PATH.done, or NULL. */
};

/* Sets defaults. */
void
bench_tenant_config_init(struct bench_tenant_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    bench_emu_default_controller(&cfg->controller);
    cfg->api.sin_family = AF_INET;
    cfg->api.sin_port = htons(8181);
    cfg->api.sin_addr.s_addr = htonl(0x7f000001);
    cfg->n_posts = 200;
    cfg->quiet_ms = 100;
    cfg->timeout_ms = 60000;
    cfg->seed = 1;
}

static double
ms_between(uint64_t a, uint64_t b)
{
    return b >= a ? (b - a) / 1e6 : -1;
}

static void
progress(const struct trun *r, const char *what)
{
    if (!r->cfg->quiet) {
        fprintf(stderr, "kumo-bench: %.3f s: %s\n", (r->now - r->t0) / 1e9,
                what);
    }
}

/* ---- Emulated switches. ---- */

static void
sw_close(struct trun *r, struct esw *sw, bool counted)
{
    if (sw->closed) {
        return;
    }
    sw->closed = true;
    if (sw->up) {
        r->n_up--;
    }
    sw->up = false;
    bench_io_close(&sw->io);
    if (counted) {
        r->res->disconnects++;
    }
}

static void
sw_flush(struct trun *r, struct esw *sw)
{
    int error;

    if (sw->closed) {
        return;
    }
    error = bench_io_flush(&sw->io, r->epfd, sw->index);
    if (error) {
        if (r->res->disconnects < 5) {
            fprintf(stderr, "kumo-bench: switch %u: %s\n", sw->index + 1,
                    strerror(error));
        }
        sw_close(r, sw, true);
    }
}

/* Multipart requests: flow stats and group desc from the table, group
 * stats and features as a switch without groups, the rest as kumo-bench's
 * other switches answer. */
static void
multipart_reply(struct trun *r, struct esw *sw, const struct ofp_header *oh,
                size_t size)
{
    uint32_t xid = ntohl(oh->xid);
    enum ofp_mp_type type;
    struct cursor body;
    uint16_t flags;

    if (ofp_mp_decode(oh, &type, &flags, &body)) {
        bench_ofp_multipart_reply(&sw->io.tx, oh, size,
                                  bench_topo_dpid(sw->index),
                                  r->t->n_ports[sw->index]);
    } else if (type == OFPMP_FLOW) {
        if (!sw->readback_ns) {
            sw->readback_ns = r->now;
        }
        /* A host activity poll asks for less: the whole table is a
         * larger but valid answer for the emulation. */
        bench_tenant_readback_encode(sw->table, xid, 0, &sw->io.tx, NULL);
        sw->replied_ns = bench_io_now_ns();
    } else if (type == OFPMP_GROUP_DESC) {
        bench_tenant_readback_encode(sw->table, 0, xid, NULL, &sw->io.tx);
    } else if (!bench_emu_group_reply(&sw->io.tx, sw->version, type, xid)) {
        bench_ofp_multipart_reply(&sw->io.tx, oh, size,
                                  bench_topo_dpid(sw->index),
                                  r->t->n_ports[sw->index]);
    }
}

static void
packet_out(struct trun *r, struct esw *sw, const struct ofp_header *oh)
{
    struct bench_topo_delivery d[MAX_DELIVERIES];
    int i, n, error;

    n = bench_topo_wire(r->t, sw->index, oh, d, ARRAY_SIZE(d), &r->ws,
                        &error);
    for (i = 0; i < n; i++) {
        struct esw *peer = &r->sws[d[i].sw];

        if (peer->closed || !peer->up) {
            continue;
        }
        bench_emu_packet_in(&peer->io.tx, peer->version, d[i].port,
                            d[i].frame, d[i].size);
        if (peer != sw) {
            sw_flush(r, peer);
        }
    }
}

static void
note_mod(struct trun *r, struct esw *sw, const struct ofp_header *oh)
{
    enum ofperr error = bench_tenant_apply(sw->table, oh);

    if (error && ++r->res->bad_msgs <= 5) {
        fprintf(stderr, "kumo-bench: switch %u: mod not applied: %s\n",
                sw->index + 1, ofperr_get_name(error));
    }
    if (oh->type == OFPT13_GROUP_MOD) {
        r->res->group_mods++;
        r->group_mods_mark++;
    } else {
        r->res->flow_mods++;
    }
    if (!r->mods) {
        r->first_mod_ns = r->now;
    }
    r->mods++;
    r->last_mod_ns = r->now;
    sw->n_mods++;
    sw->last_mod_ns = r->now;
    sw->mod_unconfirmed = true;
    if (sw->post_tag != r->post_tag) {
        sw->post_tag = r->post_tag;
        r->switches_mark++;
    }
}

static void
on_msg(void *r_, struct bench_io *io, const struct ofp_header *oh,
       size_t size)
{
    struct trun *r = r_;
    struct esw *sw = CONTAINER_OF(io, struct esw, io);
    uint32_t xid = ntohl(oh->xid);
    enum ofptype type;

    if (!bench_emu_receive(io, &sw->version, 1u << OFP13_VERSION, sw->index,
                           oh, size, &r->res->bad_msgs, &type)) {
        return;
    }
    switch ((int) type) {
    case OFPTYPE_FEATURES_REQUEST:
        bench_emu_features_reply(&io->tx, sw->version, xid,
                                 bench_topo_dpid(sw->index));
        if (!sw->up) {
            sw->up = true;
            r->n_up++;
        }
        break;
    case OFPTYPE_MULTIPART_REQUEST:
        multipart_reply(r, sw, oh, size);
        break;
    case OFPTYPE_BARRIER_REQUEST:
        if (sw->mod_unconfirmed) {
            sw->mod_unconfirmed = false;
            r->confirmed_ns = r->now;
            r->barriers_mark++;
        }
        break;
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_GROUP_MOD:
        note_mod(r, sw, oh);
        break;
    case OFPTYPE_PACKET_OUT:
        packet_out(r, sw, oh);
        break;
    case OFPTYPE_ERROR:
        r->res->errors++;
        break;
    default:
        break;
    }
}

static char *
sw_connect(struct trun *r, struct esw *sw)
{
    char *error = bench_emu_connect(&sw->io, &r->cfg->controller,
                                    1u << OFP13_VERSION, r->epfd, sw->index);

    if (error) {
        return error;
    }
    sw->version = 0;
    sw->connected = sw->closed = sw->up = false;
    sw->connect_ns = r->now;
    sw->readback_ns = sw->replied_ns = 0;
    return NULL;
}

static void
sw_event(struct trun *r, struct esw *sw, uint32_t events)
{
    int error;

    if (sw->closed) {
        return;
    }
    if (!sw->connected) {
        error = bench_emu_connect_done(&sw->io, events);
        if (error == EINPROGRESS) {
            return;
        }
        if (error) {
            if (r->res->disconnects < 5) {
                fprintf(stderr, "kumo-bench: switch %u: connect: %s\n",
                        sw->index + 1, strerror(error));
            }
            sw_close(r, sw, true);
            return;
        }
        sw->connected = true;
    }
    error = bench_emu_read(&sw->io, events, r->scratch, SCRATCH_SIZE, on_msg,
                           r, r->epfd, sw->index);
    if (error) {
        if (r->res->disconnects < 5) {
            fprintf(stderr, "kumo-bench: switch %u: %s\n", sw->index + 1,
                    error == EPIPE ? "connection closed by kumod"
                    : strerror(error));
        }
        sw_close(r, sw, true);
        return;
    }
    sw_flush(r, sw);
}

/* ---- HTTP client: one request at a time, on one persistent connection
 * (reopened if the server closed it), or a new connection per request
 * with --http-close. ---- */

/* Forgets the last request; closes the connection unless 'keep'. */
static void
http_clear(struct trun *r, bool keep)
{
    struct http *h = &r->http;

    if (h->fd >= 0 && !keep) {
        epoll_ctl(r->epfd, EPOLL_CTL_DEL, h->fd, NULL);
        close(h->fd);
        h->fd = -1;
    }
    buf_clear(&h->out);
    buf_clear(&h->in);
    h->out_ofs = 0;
    h->busy = h->done = false;
    h->status = 0;
}

static void
http_reset(struct trun *r)
{
    http_clear(r, false);
}

/* Returns the first occurrence of the 'n'-byte 'needle' in the 'size'
 * bytes at 'data', ignoring ASCII case, or NULL. */
static const char *
find_nocase(const char *data, size_t size, const char *needle, size_t n)
{
    size_t i, j;

    for (i = 0; i + n <= size; i++) {
        for (j = 0; j < n; j++) {
            char a = data[i + j], b = needle[j];

            if ((a >= 'A' && a <= 'Z' ? a + 32 : a)
                != (b >= 'A' && b <= 'Z' ? b + 32 : b)) {
                break;
            }
        }
        if (j == n) {
            return data + i;
        }
    }
    return NULL;
}

/* If 'h->in' holds a whole reply with a Content-Length, returns true. */
static bool
http_reply_complete(const struct http *h)
{
    const char *data = (const char *) h->in.data;
    const char *end, *cl;
    size_t head;
    unsigned long len;

    if (!h->in.size) {
        return false;
    }
    end = find_nocase(data, h->in.size, "\r\n\r\n", 4);
    if (!end) {
        return false;
    }
    head = (size_t) (end - data) + 4;
    cl = find_nocase(data, head, "\r\nContent-Length:", 17);
    if (!cl || sscanf(cl + 17, " %lu", &len) != 1) {
        return false;           /* Read until the server closes. */
    }
    return h->in.size >= head + len;
}

static char *
http_start(struct trun *r, const char *method, const char *path,
           const char *body)
{
    struct http *h = &r->http;
    struct epoll_event ev;
    char *head;
    int fd;

    http_clear(r, !r->cfg->http_close);
    r->now = bench_io_now_ns();
    h->sent_ns = r->now;
    if (h->fd < 0) {
        fd = bench_io_connect(&r->cfg->api);
        if (fd < 0) {
            return xasprintf("API connect: %s", strerror(-fd));
        }
        h->fd = fd;
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = HTTP_TOKEN;
        if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev)) {
            return xasprintf("epoll_ctl: %s", strerror(errno));
        }
    } else {
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = HTTP_TOKEN;
        epoll_ctl(r->epfd, EPOLL_CTL_MOD, h->fd, &ev);
    }
    head = xasprintf("%s %s HTTP/1.1\r\nHost: bench\r\nConnection: %s\r\n"
                     "Content-Type: application/json\r\n"
                     "Content-Length: %zu\r\n%s%s%s\r\n", method, path,
                     r->cfg->http_close ? "close" : "keep-alive",
                     strlen(body), r->cfg->token ? "Authorization: Bearer "
                     : "", r->cfg->token ? r->cfg->token : "",
                     r->cfg->token ? "\r\n" : "");
    buf_put(&h->out, head, strlen(head));
    buf_put(&h->out, body, strlen(body));
    free(head);
    h->busy = true;
    return NULL;
}

/* Ends the request in flight. 'complete': the whole reply (by its
 * Content-Length) arrived on a connection that stays open; it is kept
 * for the next request unless --http-close or the server said "close". */
static void
http_finish(struct trun *r, bool complete)
{
    struct http *h = &r->http;
    int status = 0;

    h->done_ns = r->now;
    h->done = true;
    h->busy = false;
    buf_put(&h->in, "", 1);             /* NUL-terminate. */
    if (sscanf((const char *) h->in.data, "HTTP/1.%*d %d", &status) != 1) {
        status = -1;
    }
    h->status = status;
    if (complete && !r->cfg->http_close
        && !find_nocase((const char *) h->in.data, h->in.size,
                        "\r\nConnection: close", 19)) {
        struct epoll_event ev = { .events = EPOLLIN, .data.u64 = HTTP_TOKEN };

        /* Idle: any event now is the server closing it (http_event()). */
        epoll_ctl(r->epfd, EPOLL_CTL_MOD, h->fd, &ev);
        return;
    }
    epoll_ctl(r->epfd, EPOLL_CTL_DEL, h->fd, NULL);
    close(h->fd);
    h->fd = -1;
}

static void
http_event(struct trun *r, uint32_t events)
{
    struct http *h = &r->http;

    if (!h->busy) {
        if (h->fd >= 0) {
            http_reset(r);      /* The server closed an idle connection. */
        }
        return;
    }
    if ((events & EPOLLOUT) && h->out_ofs < h->out.size) {
        ssize_t n = send(h->fd, (uint8_t *) h->out.data + h->out_ofs,
                         h->out.size - h->out_ofs, MSG_NOSIGNAL);

        if (n > 0) {
            h->out_ofs += n;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR
                   && errno != ENOTCONN) {
            http_finish(r, false);
            return;
        }
        if (h->out_ofs == h->out.size) {
            struct epoll_event ev = { .events = EPOLLIN,
                                      .data.u64 = HTTP_TOKEN };

            epoll_ctl(r->epfd, EPOLL_CTL_MOD, h->fd, &ev);
        }
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        for (;;) {
            ssize_t n = recv(h->fd, r->scratch, SCRATCH_SIZE, 0);

            if (n > 0) {
                buf_put(&h->in, r->scratch, n);
                if (http_reply_complete(h)) {
                    http_finish(r, true);
                    return;
                }
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            http_finish(r, false);  /* End of the reply (or an error). */
            return;
        }
    }
}

/* The JSON body of the finished reply, or NULL. */
static json_t *
http_json(const struct trun *r)
{
    const char *body = strstr((const char *) r->http.in.data, "\r\n\r\n");

    return body ? json_loads(body + 4, 0, NULL) : NULL;
}

/* ---- Control socket: blocking "counters" (kumod answers from a copy
 * its fabric thread publishes, so it never waits for a busy fabric). ---- */

struct ctl_counters {
    long n_switches, n_synced, n_links;
    long mods;                  /* Flow + group mods the fabric sent. */
    long tx_drops;              /* Messages kumod's send queues dropped
                                 * (over the hard cap), all switches. */
};

static bool
ctl_counters(const char *path, struct ctl_counters *c)
{
    static const char req[] = "{\"cmd\":\"counters\",\"args\":[]}\n";
    struct sockaddr_un sun;
    json_t *result = NULL;
    char *error, *derror = NULL;
    struct buf in;
    bool ok = false;
    int fd;

    memset(c, 0xff, sizeof *c);
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    if (!path || strlen(path) >= sizeof sun.sun_path) {
        return false;
    }
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    buf_init(&in, 4096);
    if (!connect(fd, (struct sockaddr *) &sun, sizeof sun)
        && write(fd, req, strlen(req)) == (ssize_t) strlen(req)) {
        for (;;) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            char chunk[4096];
            ssize_t n;

            if (poll(&pfd, 1, 2000) <= 0) {
                break;
            }
            n = read(fd, chunk, sizeof chunk);
            if (n <= 0) {
                break;
            }
            buf_put(&in, chunk, n);
            if (memchr(chunk, '\n', n)) {
                bool okp;

                error = ctl_proto_parse_reply((const char *) in.data, in.size - 1, &okp,
                                              &result, &derror);
                if (!error && okp) {
                    const json_t *f = json_object_get(result, "fabric");

                    c->n_switches = json_integer_value(
                        json_object_get(f, "n_switches"));
                    c->n_synced = json_integer_value(
                        json_object_get(f, "n_synced"));
                    c->n_links = json_integer_value(
                        json_object_get(f, "n_links"));
                    c->mods = json_integer_value(
                        json_object_get(f, "flow_mods"))
                              + json_integer_value(
                                  json_object_get(f, "group_mods"));
                    c->tx_drops = json_integer_value(json_object_get(
                        json_object_get(result, "total"), "tx_drops"));
                    ok = f != NULL;
                }
                free(error);
                free(derror);
                json_decref(result);
                break;
            }
        }
    }
    buf_uninit(&in);
    close(fd);
    return ok;
}

/* ---- Loop. ---- */

static void
poll_once(struct trun *r, int timeout_ms)
{
    struct epoll_event events[256];
    int i, n;

    n = epoll_wait(r->epfd, events, ARRAY_SIZE(events), timeout_ms);
    r->now = bench_io_now_ns();
    for (i = 0; i < n; i++) {
        if (events[i].data.u64 == HTTP_TOKEN) {
            http_event(r, events[i].events);
        } else {
            sw_event(r, &r->sws[events[i].data.u64], events[i].events);
        }
    }
    r->now = bench_io_now_ns();
}

/* Runs the loop until 'done' or the timeout. */
static bool
run_until(struct trun *r, bool (*done)(struct trun *), const char *what)
{
    uint64_t deadline = r->now + r->cfg->timeout_ms * 1000000ull;

    while (!done(r)) {
        if (r->now >= deadline) {
            fprintf(stderr, "kumo-bench: %s timed out\n", what);
            r->res->timed_out = what;
            return false;
        }
        poll_once(r, 2);
    }
    return true;
}

/* Polls the control socket at most every CTL_POLL_MS. */
static bool
ctl_due(struct trun *r, struct ctl_counters *c)
{
    if (r->now < r->next_ctl_ns) {
        return false;
    }
    r->next_ctl_ns = r->now + CTL_POLL_MS * 1000000ull;
    return ctl_counters(r->cfg->ctl_path, c);
}

static bool
discovered(struct trun *r)
{
    struct ctl_counters c;

    return ctl_due(r, &c) && c.n_links == (long) r->t->n_links;
}

static bool
quiet_for(const struct trun *r, uint64_t ms)
{
    return r->now - MAX(r->last_mod_ns, r->mark_ns) >= ms * 1000000ull;
}

/* True if every mod the fabric counts as sent has arrived. */
static bool
caught_up(const struct trun *r, const struct ctl_counters *c)
{
    return c->mods == (long) (r->res->flow_mods + r->res->group_mods);
}

static bool
all_synced(struct trun *r)
{
    struct ctl_counters c;

    return (quiet_for(r, SETTLE_QUIET_MS) && ctl_due(r, &c)
            && c.n_synced == (long) r->t->n_switches && caught_up(r, &c));
}

static void mark(struct trun *);

/* Number of set_field actions on tun_dst in switch 'sw''s table (flows
 * and group buckets). */
static size_t
count_tun_dst(const struct esw *sw)
{
    const char *p;
    struct ds ds;
    size_t n = 0;

    ds_init(&ds);
    fabric_state_format(&ds, sw->table);
    for (p = ds_cstr(&ds); (p = strstr(p, "tun_dst")) != NULL; p++) {
        n++;
    }
    ds_destroy(&ds);
    return n;
}

static bool
wait_file_seen(struct trun *r)
{
    return !access(r->cfg->wait_file, F_OK);
}

/* Overlay phase done: the caller has created PATH.done (configuration
 * complete), all synchronised and quiet, every mod arrived, and every
 * switch holds tun_dst actions (toward the other hypervisors). */
static bool
overlay_done(struct trun *r)
{
    struct ctl_counters c;
    uint32_t i;

    if (!quiet_for(r, SETTLE_QUIET_MS) || !ctl_due(r, &c)
        || c.n_synced != (long) r->t->n_switches || !caught_up(r, &c)) {
        return false;
    }
    if (!r->done_path) {
        r->done_path = xasprintf("%s.done", r->cfg->wait_file);
    }
    if (access(r->done_path, F_OK)) {
        return false;           /* The caller is still configuring. */
    }
    for (i = 0; i < r->t->n_switches; i++) {
        if (!count_tun_dst(&r->sws[i])) {
            return false;
        }
    }
    return true;
}

/* With --wait-file: once the initial settle is over, creates
 * "WAIT_FILE.ready", waits for WAIT_FILE (the caller configures the
 * hypervisors meanwhile), then until overlay_done(). */
static char *
overlay_phase(struct trun *r)
{
    struct bench_tenant_result *res = r->res;
    uint64_t mods0, t_file;
    char *ready = xasprintf("%s.ready", r->cfg->wait_file);
    uint32_t i;
    FILE *f = fopen(ready, "w");

    if (!f) {
        char *error = xasprintf("%s: %s", ready, strerror(errno));

        free(ready);
        return error;
    }
    fclose(f);
    free(ready);
    progress(r, "waiting for the overlay");
    if (!run_until(r, wait_file_seen, "wait for --wait-file")) {
        return NULL;
    }
    t_file = r->now;
    mods0 = res->flow_mods + res->group_mods;
    mark(r);
    progress(r, "overlay");
    if (!run_until(r, overlay_done, "overlay")) {
        return NULL;
    }
    res->overlay_ms = ms_between(t_file, MAX(r->last_mod_ns, t_file));
    res->overlay_mods = res->flow_mods + res->group_mods - mods0;
    res->ov_flows_min = res->ov_groups_min = res->ov_tun_min = SIZE_MAX;
    for (i = 0; i < r->t->n_switches; i++) {
        const struct esw *sw = &r->sws[i];
        size_t fl = fabric_state_n_flows(sw->table);
        size_t gr = fabric_state_n_groups(sw->table);
        size_t tun = count_tun_dst(sw);

        res->ov_flows_min = MIN(res->ov_flows_min, fl);
        res->ov_flows_max = MAX(res->ov_flows_max, fl);
        res->ov_groups_min = MIN(res->ov_groups_min, gr);
        res->ov_groups_max = MAX(res->ov_groups_max, gr);
        res->ov_tun_min = MIN(res->ov_tun_min, tun);
        res->ov_tun_max = MAX(res->ov_tun_max, tun);
    }
    return NULL;
}

static bool
http_done(struct trun *r)
{
    return !r->http.busy;
}

/* A POST is done when its reply has come, mods have come and settled
 * (none for 'quiet_ms'), and the fabric has sent no more than arrived
 * (its counters are published every 100 ms: a mod still on its way, or a
 * round spaced out by the fabric's recompute gap, would show there). */
static bool
post_done(struct trun *r)
{
    struct ctl_counters c;

    return (!r->http.busy && r->mods && quiet_for(r, r->cfg->quiet_ms)
            && ctl_due(r, &c) && caught_up(r, &c));
}

static void
mark(struct trun *r)
{
    r->now = bench_io_now_ns();
    r->mark_ns = r->now;
    r->post_tag++;
    r->mods = r->group_mods_mark = r->barriers_mark = 0;
    r->switches_mark = 0;
    r->confirmed_ns = 0;
    r->first_mod_ns = 0;
}

/* POSTs 'body' to 'path' and waits for the reply; stores the new object's
 * uuid in 'uuid' (37 bytes). */
static char *
api_create(struct trun *r, const char *path, const char *body, char *uuid,
           double *ms)
{
    json_t *j;
    char *error = http_start(r, "POST", path, body);

    if (error) {
        return error;
    }
    if (!run_until(r, http_done, path)) {
        return xasprintf("%s: no reply", path);
    }
    *ms = ms_between(r->http.sent_ns, r->http.done_ns);
    j = http_json(r);
    if (r->http.status != 201 || !json_is_string(json_object_get(j,
                                                                 "uuid"))) {
        const char *b = strstr((const char *) r->http.in.data, "\r\n\r\n");

        error = xasprintf("%s: HTTP %d: %s", path, r->http.status,
                          b ? b + 4 : "(no body)");
    } else {
        snprintf(uuid, 37, "%s", json_string_value(json_object_get(j,
                                                                   "uuid")));
    }
    json_decref(j);
    return error;
}

static char *
posts(struct trun *r)
{
    struct bench_tenant_result *res = r->res;
    struct bench_tenant_binder *b = bench_tenant_binder_create(r->t,
                                                               r->cfg->seed);
    char tenant[37], network[37];
    char *error;
    uint32_t i;

    error = api_create(r, "/v1/tenants", "{\"name\": \"bench-live\"}", tenant,
                       &res->tenant_ms);
    if (!error) {
        char *body = xasprintf("{\"tenant_uuid\": \"%s\", \"name\": "
                               "\"bench-net\"}", tenant);

        error = api_create(r, "/v1/networks", body, network,
                           &res->network_ms);
        free(body);
    }
    if (!error) {
        mark(r);
        run_until(r, all_synced, "settle after the network");
    }
    res->http_ms = xcalloc(r->cfg->n_posts + 1, sizeof *res->http_ms);
    res->flows_ms = xcalloc(r->cfg->n_posts + 1, sizeof *res->flows_ms);
    res->first_ms = xcalloc(r->cfg->n_posts + 1, sizeof *res->first_ms);
    res->post_mods = xcalloc(r->cfg->n_posts + 1, sizeof *res->post_mods);
    res->post_switches = xcalloc(r->cfg->n_posts + 1,
                                 sizeof *res->post_switches);
    progress(r, "ports");
    for (i = 0; i < r->cfg->n_posts && !error && !res->timed_out; i++) {
        struct eth_addr mac;
        uint32_t sw, port;
        uint16_t vlan;
        char *body;

        if (!bench_tenant_binder_next(b, &sw, &port, &vlan, &mac)) {
            error = xstrdup("no port binding left");
            break;
        }
        body = xasprintf("{\"network_uuid\": \"%s\", \"mac\": "
                         "\"%02x:%02x:%02x:%02x:%02x:%02x\", \"binding\": "
                         "{\"kind\": \"port-vlan\", \"dpid\": %llu, "
                         "\"port_no\": %u, \"vlan\": %u}}", network,
                         mac.ea[0], mac.ea[1], mac.ea[2], mac.ea[3],
                         mac.ea[4], mac.ea[5],
                         (unsigned long long) bench_topo_dpid(sw), port,
                         vlan);
        mark(r);
        error = http_start(r, "POST", "/v1/ports", body);
        free(body);
        if (error || !run_until(r, post_done, "port POST")) {
            break;
        }
        if (r->http.status != 201) {
            const char *rb = strstr((const char *) r->http.in.data, "\r\n\r\n");

            error = xasprintf("POST /v1/ports: HTTP %d: %s", r->http.status,
                              rb ? rb + 4 : "(no body)");
            break;
        }
        res->http_ms[i] = ms_between(r->http.sent_ns, r->http.done_ns);
        res->flows_ms[i] = r->mods
            ? ms_between(r->http.sent_ns, MAX(r->last_mod_ns,
                                              r->confirmed_ns)) : -1;
        res->first_ms[i] = r->mods ? ms_between(r->http.sent_ns,
                                                r->first_mod_ns) : -1;
        res->post_mods[i] = r->mods;
        res->post_switches[i] = r->switches_mark;
        res->post_barriers += r->barriers_mark;
        res->n_posts++;
    }
    bench_tenant_binder_destroy(b);
    return error;
}

/* ---- Reconnection. ---- */

/* Every switch still connected is synchronised and the mods settled. */
static bool
all_up_synced(struct trun *r)
{
    struct ctl_counters c;

    return (quiet_for(r, SETTLE_QUIET_MS) && ctl_due(r, &c)
            && c.n_synced == c.n_switches && caught_up(r, &c));
}

/* Once the read-back is answered: polls the control socket, noting when
 * it first shows every switch synchronised; done when that holds, every
 * mod has arrived and none came for a while. */
static bool
readback_and_quiet(struct trun *r)
{
    const struct esw *sw = &r->sws[r->res->rec_sw];
    struct ctl_counters c;
    bool synced;

    if (!sw->replied_ns || !ctl_due(r, &c)) {
        return false;
    }
    synced = c.n_synced == (long) r->t->n_switches;
    if (synced && !r->synced_ns) {
        r->synced_ns = r->now;
    } else if (!synced) {
        r->synced_ns = 0;
    }
    return synced && caught_up(r, &c) && quiet_for(r, SETTLE_QUIET_MS);
}

static char *
reconnect(struct trun *r, struct bench_tenant_reconnect *rc, bool change)
{
    struct esw *sw = &r->sws[r->res->rec_sw];
    struct fabric_state *before = fabric_state_clone(sw->table);
    uint64_t start, synced_seen = 0;
    char *error;

    uint64_t sw_mods0;

    sw_close(r, sw, false);
    if (change) {
        rc->changed = bench_tenant_perturb(sw->table);
    }
    rc->flows = fabric_state_n_flows(sw->table);
    rc->groups = fabric_state_n_groups(sw->table);
    /* Let kumod notice the disconnection and reprogram the neighbours
     * (the switch's links are gone) before the new session. */
    mark(r);
    run_until(r, all_up_synced, "after the disconnection");
    mark(r);
    sw_mods0 = sw->n_mods;
    start = r->now;
    error = sw_connect(r, sw);
    if (error) {
        fabric_state_destroy(before);
        return error;
    }
    r->synced_ns = 0;
    run_until(r, readback_and_quiet, change ? "reconnect (1% different)"
                                            : "reconnect (identical)");
    synced_seen = r->synced_ns;
    rc->readback_ms = sw->readback_ns ? ms_between(start, sw->readback_ns)
                                      : -1;
    rc->replied_ms = sw->replied_ns ? ms_between(start, sw->replied_ns) : -1;
    rc->last_mod_ms = r->mods ? ms_between(start, r->last_mod_ns) : -1;
    rc->synced_ms = synced_seen ? ms_between(start, synced_seen) : -1;
    rc->flow_mods = r->mods - r->group_mods_mark;
    rc->group_mods = r->group_mods_mark;
    rc->sw_mods = sw->n_mods - sw_mods0;
    rc->sw_last_mod_ms = rc->sw_mods ? ms_between(start, sw->last_mod_ns)
                                     : -1;
    rc->equal_after = fabric_state_equal(before, sw->table);
    fabric_state_destroy(before);
    return NULL;
}

/* ---- The run. ---- */

char *
bench_tenant_run(const struct bench_tenant_config *cfg,
                 const struct bench_topo *t, struct bench_tenant_result *res)
{
    double cpu0 = -1;
    struct trun r;
    char *error = NULL;
    uint32_t i;

    memset(res, 0, sizeof *res);
    res->rec_sw = UINT32_MAX;
    res->rss_settled_kb = res->rss_end_kb = res->hwm_end_kb = -1;
    res->ctl_cpu_s = -1;
    res->overlay_ms = -1;
    if (!cfg->ctl_path) {
        return xstrdup("--tenant needs --ctl (discovery is read from "
                       "kumod's counters)");
    }
    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.t = t;
    r.res = res;
    r.http.fd = -1;
    buf_init(&r.http.out, 1024);
    buf_init(&r.http.in, 4096);
    r.scratch = xmalloc(SCRATCH_SIZE);
    r.sws = xcalloc(t->n_switches, sizeof *r.sws);
    for (i = 0; i < t->n_switches; i++) {
        r.sws[i].index = i;
        r.sws[i].closed = true;
        r.sws[i].table = fabric_state_create();
        bench_io_init(&r.sws[i].io, -1);
    }
    bench_io_raise_fd_limit();
    r.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (cfg->pid) {
        cpu0 = bench_run_read_cpu_s(cfg->pid);
    }
    r.t0 = r.now = bench_io_now_ns();
    for (i = 0; i < t->n_switches && !error; i++) {
        error = sw_connect(&r, &r.sws[i]);
    }
    if (error) {
        goto out;
    }
    progress(&r, "discovery");
    if (!run_until(&r, discovered, "discovery")) {
        goto done;
    }
    res->discovered_ms = ms_between(r.t0, r.now);
    res->n_ready = r.n_up;
    progress(&r, "settle");
    mark(&r);
    if (!run_until(&r, all_synced, "settle")) {
        goto done;
    }
    res->settled_ms = ms_between(r.t0, r.last_mod_ns);
    res->n_ready = r.n_up;
    res->settle_mods = res->flow_mods + res->group_mods;
    if (cfg->pid) {
        res->rss_settled_kb = bench_run_read_status_kb(cfg->pid, "VmRSS");
    }
    error = posts(&r);
    if (!error && !res->timed_out && cfg->wait_file) {
        error = overlay_phase(&r);
    }
    if (!error && !res->timed_out && cfg->reconnect) {
        size_t most = 0;

        for (i = 0; i < t->n_switches; i++) {
            size_t n = fabric_state_n_flows(r.sws[i].table);

            if (res->rec_sw == UINT32_MAX || n > most) {
                res->rec_sw = i;
                most = n;
            }
        }
        progress(&r, "reconnect, identical table");
        error = reconnect(&r, &res->rec[0], false);
        if (!error && !res->timed_out) {
            progress(&r, "reconnect, 1% different");
            error = reconnect(&r, &res->rec[1], true);
        }
    }
done:
    {
        struct ctl_counters c;

        res->tx_drops = ctl_counters(cfg->ctl_path, &c) ? c.tx_drops : -1;
    }
    r.now = bench_io_now_ns();
    res->run_s = ms_between(r.t0, r.now) / 1e3;
    if (cfg->pid) {
        double cpu1 = bench_run_read_cpu_s(cfg->pid);

        res->ctl_cpu_s = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
        res->rss_end_kb = bench_run_read_status_kb(cfg->pid, "VmRSS");
        res->hwm_end_kb = bench_run_read_status_kb(cfg->pid, "VmHWM");
    }
out:
    http_reset(&r);
    buf_uninit(&r.http.out);
    buf_uninit(&r.http.in);
    for (i = 0; i < t->n_switches; i++) {
        bench_io_close(&r.sws[i].io);
        fabric_state_destroy(r.sws[i].table);
    }
    if (r.epfd >= 0) {
        close(r.epfd);
    }
    free(r.sws);
    free(r.scratch);
    free(r.done_path);
    return error;
}

/* ---- Output. ---- */

struct pct {
    double p50, p90, max;
    size_t n;
};

static struct pct
percentiles(const double *v, size_t n)
{
    double *s = xcalloc(n + 1, sizeof *s);
    struct pct p = { -1, -1, -1, 0 };
    size_t i;

    for (i = 0; i < n; i++) {
        if (v[i] >= 0) {
            s[p.n++] = v[i];
        }
    }
    if (p.n) {
        size_t j;

        /* Insertion sort: a few hundred samples. */
        for (i = 1; i < p.n; i++) {
            double x = s[i];

            for (j = i; j > 0 && s[j - 1] > x; j--) {
                s[j] = s[j - 1];
            }
            s[j] = x;
        }
        p.p50 = s[(p.n - 1) / 2];
        p.p90 = s[(p.n - 1) * 9 / 10];
        p.max = s[p.n - 1];
    }
    free(s);
    return p;
}

void
bench_tenant_result_print(const struct bench_topo *t,
                          const struct bench_tenant_config *cfg,
                          const struct bench_tenant_result *res, bool json)
{
    struct pct http = percentiles(res->http_ms, res->n_posts);
    struct pct flows = percentiles(res->flows_ms, res->n_posts);
    struct pct first = percentiles(res->first_ms, res->n_posts);
    double mods = 0, sws = 0;
    uint32_t i;

    (void) cfg;
    for (i = 0; i < res->n_posts; i++) {
        mods += res->post_mods[i];
        sws += res->post_switches[i];
    }
    if (res->n_posts) {
        mods /= res->n_posts;
        sws /= res->n_posts;
    }
    if (json) {
        printf("{\"mode\":\"tenant\",\"topo\":\"%s\",\"switches\":%u,"
               "\"links\":%zu,\"up\":%u,\"discovered_ms\":%.1f,"
               "\"settled_ms\":%.1f,\"settle_mods\":%llu,"
               "\"tenant_ms\":%.3f,\"network_ms\":%.3f,\"posts\":%u,"
               "\"http_p50_ms\":%.3f,\"http_p90_ms\":%.3f,"
               "\"http_max_ms\":%.3f,\"flows_n\":%zu,"
               "\"flows_p50_ms\":%.3f,\"flows_p90_ms\":%.3f,"
               "\"flows_max_ms\":%.3f,\"mods_per_post\":%.2f,"
               "\"switches_per_post\":%.2f,\"post_barriers\":%llu,"
               "\"first_p50_ms\":%.3f,\"first_p90_ms\":%.3f,",
               t->name, t->n_switches, t->n_links, res->n_ready,
               res->discovered_ms, res->settled_ms,
               (unsigned long long) res->settle_mods, res->tenant_ms,
               res->network_ms, res->n_posts, http.p50, http.p90, http.max,
               flows.n, flows.p50, flows.p90, flows.max, mods, sws,
               (unsigned long long) res->post_barriers, first.p50,
               first.p90);
        printf("\"overlay_ms\":%.1f,\"overlay_mods\":%llu,"
               "\"ov_flows_min\":%zu,\"ov_flows_max\":%zu,"
               "\"ov_groups_min\":%zu,\"ov_groups_max\":%zu,"
               "\"ov_tun_min\":%zu,\"ov_tun_max\":%zu,",
               res->overlay_ms, (unsigned long long) res->overlay_mods,
               res->ov_flows_min, res->ov_flows_max, res->ov_groups_min,
               res->ov_groups_max, res->ov_tun_min, res->ov_tun_max);
        printf("\"rec_switch\":%ld,", res->rec_sw == UINT32_MAX ? -1L
                                         : (long) res->rec_sw + 1);
        for (i = 0; i < 2; i++) {
            const struct bench_tenant_reconnect *rc = &res->rec[i];

            printf("\"rec%u_flows\":%zu,\"rec%u_groups\":%zu,"
                   "\"rec%u_changed\":%zu,\"rec%u_readback_ms\":%.1f,"
                   "\"rec%u_replied_ms\":%.1f,\"rec%u_last_mod_ms\":%.1f,"
                   "\"rec%u_synced_ms\":%.1f,\"rec%u_flow_mods\":%llu,"
                   "\"rec%u_group_mods\":%llu,\"rec%u_sw_mods\":%llu,"
                   "\"rec%u_sw_last_mod_ms\":%.1f,\"rec%u_equal\":%s,",
                   i, rc->flows, i, rc->groups, i, rc->changed, i,
                   rc->readback_ms, i, rc->replied_ms, i, rc->last_mod_ms,
                   i, rc->synced_ms, i, (unsigned long long) rc->flow_mods,
                   i, (unsigned long long) rc->group_mods, i,
                   (unsigned long long) rc->sw_mods, i, rc->sw_last_mod_ms,
                   i, rc->equal_after ? "true" : "false");
        }
        printf("\"flow_mods\":%llu,\"group_mods\":%llu,\"bad_msgs\":%llu,"
               "\"errors\":%llu,\"disconnects\":%llu,"
               "\"rss_settled_kb\":%ld,\"rss_end_kb\":%ld,"
               "\"hwm_end_kb\":%ld,\"ctl_cpu_s\":%.2f,\"run_s\":%.1f,"
               "\"kumod_tx_drops\":%ld,"
               "\"timed_out\":\"%s\"}\n",
               (unsigned long long) res->flow_mods,
               (unsigned long long) res->group_mods,
               (unsigned long long) res->bad_msgs,
               (unsigned long long) res->errors,
               (unsigned long long) res->disconnects, res->rss_settled_kb,
               res->rss_end_kb, res->hwm_end_kb, res->ctl_cpu_s, res->run_s,
               res->tx_drops, res->timed_out ? res->timed_out : "");
        return;
    }
    printf("topology %s: %u switches, %zu links; %u up; discovered at "
           "%.0f ms, settled at %.0f ms (%llu mods)\n", t->name,
           t->n_switches, t->n_links, res->n_ready, res->discovered_ms,
           res->settled_ms, (unsigned long long) res->settle_mods);
    printf("POST tenant %.2f ms, POST network %.2f ms\n", res->tenant_ms,
           res->network_ms);
    if (res->overlay_ms >= 0) {
        printf("overlay: every switch synchronised with tun_dst actions "
               "%.0f ms after --wait-file (%llu mods); per switch %zu-%zu "
               "flows, %zu-%zu groups, %zu-%zu tun_dst actions\n",
               res->overlay_ms, (unsigned long long) res->overlay_mods,
               res->ov_flows_min, res->ov_flows_max, res->ov_groups_min,
               res->ov_groups_max, res->ov_tun_min, res->ov_tun_max);
    }
    printf("%u port POSTs: HTTP reply p50 %.2f ms, p90 %.2f ms, max %.2f ms\n",
           res->n_posts, http.p50, http.p90, http.max);
    printf("  POST -> last flow-mod (or its barrier reply) on every "
           "affected switch: p50 %.2f ms, p90 %.2f ms, max %.2f ms "
           "(%zu POSTs with mods); %.1f mods to %.1f switches per POST; "
           "%llu barriers after mods\n", flows.p50, flows.p90, flows.max,
           flows.n, mods, sws, (unsigned long long) res->post_barriers);
    printf("  POST -> first mod: p50 %.2f ms, p90 %.2f ms\n", first.p50,
           first.p90);
    for (i = 0; i < 2 && res->rec_sw != UINT32_MAX; i++) {
        const struct bench_tenant_reconnect *rc = &res->rec[i];

        printf("reconnect of switch %u holding %zu flows, %zu groups "
               "(%zu made different): read-back asked at %.1f ms, answered "
               "at %.1f ms; to this switch %llu mods, the last at %.1f ms; "
               "fabric-wide last mod at %.1f ms, all synchronised seen at "
               "%.1f ms; %llu flow-mods, %llu group-mods fabric-wide; "
               "table %s\n",
               res->rec_sw + 1, rc->flows, rc->groups, rc->changed,
               rc->readback_ms, rc->replied_ms,
               (unsigned long long) rc->sw_mods, rc->sw_last_mod_ms,
               rc->last_mod_ms, rc->synced_ms,
               (unsigned long long) rc->flow_mods,
               (unsigned long long) rc->group_mods,
               rc->equal_after ? "as before" : "CHANGED");
    }
    printf("totals: %llu flow-mods, %llu group-mods, %llu bad, %llu errors, "
           "%llu disconnects; kumod RSS %ld kB settled, %ld kB at the end "
           "(peak %ld kB), CPU %.2f s over %.1f s; kumod's send queues "
           "dropped %ld messages%s%s\n",
           (unsigned long long) res->flow_mods,
           (unsigned long long) res->group_mods,
           (unsigned long long) res->bad_msgs,
           (unsigned long long) res->errors,
           (unsigned long long) res->disconnects, res->rss_settled_kb,
           res->rss_end_kb, res->hwm_end_kb, res->ctl_cpu_s, res->run_s,
           res->tx_drops, res->timed_out ? "; TIMED OUT: " : "",
           res->timed_out ? res->timed_out : "");
}

void
bench_tenant_result_uninit(struct bench_tenant_result *res)
{
    free(res->http_ms);
    free(res->flows_ms);
    free(res->first_ms);
    free(res->post_mods);
    free(res->post_switches);
    res->http_ms = res->flows_ms = res->first_ms = NULL;
    res->post_mods = res->post_switches = NULL;
}
