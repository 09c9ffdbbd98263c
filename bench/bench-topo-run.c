/* bench-topo-run: see bench-topo-run.h. */
#include "bench-topo-run.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench-emu.h"
#include "bench-frame.h"
#include "bench-io.h"
#include "bench-ofp.h"
#include "bench-run.h"
#include "core/ctl-proto.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"

#define SCRATCH_SIZE (1024 * 1024)
#define PROBE_XID_BASE 0xe0000000u
#define CTL_TOKEN UINT64_MAX        /* epoll token of the control socket. */
#define MAX_DELIVERIES 64
#define ARP_FRAME_SIZE 60
#define SLOW_ANSWER_NS (500 * 1000000ull)  /* kumod was busy. */
#define MAX_RECOMPUTE_GAP_MS 5000

/* One emulated switch. */
struct tsw {
    struct bench_io io;
    uint32_t index;
    uint8_t version;            /* 0 before the hello. */
    bool connected;
    bool features_sent;
    bool ready;
    bool closed;
    uint32_t probe_xid;
    const struct bench_topo_mods *mod_tag;  /* Phase counters that
                                             * have counted it. */
};

enum phase {
    PH_CONNECT = 1, PH_DISCOVER, PH_SETTLE, PH_HOSTS, PH_FAIL, PH_RESTORE,
};

struct trun {
    const struct bench_topo_config *cfg;
    struct bench_topo *t;
    struct bench_topo_result *res;
    int epfd;
    struct tsw *sws;
    uint8_t *scratch;
    uint64_t t0, now;
    uint32_t n_connected, n_ready, n_open, probe_seq;
    enum phase phase;
    uint64_t phase_start;
    struct bench_topo_fail *fail;   /* Failure test under way. */
    struct bench_topo_mods *mods;   /* Of the current phase, or NULL. */
    uint64_t last_mod_ns;
    struct bench_topo_wire_stats ws;

    /* LLDP seen per port (emulator's view of discovery). */
    bool *lldp_in;
    size_t n_lldp_ports, lldp_ports_want;

    /* Control socket client: one request at a time. */
    int ctl_fd;
    bool ctl_busy;
    bool ctl_dead;              /* Gave up on it. */
    bool ctl_wanted;            /* The phase waits for an answer. */
    struct buf ctl_in;
    uint64_t ctl_next_ns;
    uint64_t ctl_sent_ns;       /* When the pending request was sent. */
    uint64_t ctl_asked_ns;      /* When the latest answered one was. */
    uint64_t ctl_reply_ns;      /* When the latest reply arrived. */
    long ctl_links, ctl_hosts;  /* From the latest reply, or -1. */
    uint64_t ctl_mods;          /* Flow + group mods the fabric sent. */
    uint64_t ctl_recompute_us;  /* Its latest path recomputation took. */
    uint64_t ctl_busy_until;    /* Arrival of the latest slow answer, or
                                 * of the latest answer whose work
                                 * counters had moved. */
    long ctl_work;              /* Fabric work counters (compiles,
                                 * recomputes, transitions) summed. */
    bool ctl_view;              /* Ask "topology" next, once. */
    bool ctl_sent_view;         /* The pending request is that one. */
};

/* Sets defaults. */
void
bench_topo_config_init(struct bench_topo_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    bench_emu_default_controller(&cfg->controller);
    cfg->quiet_ms = 1000;
    cfg->poll_ms = 50;
    cfg->timeout_ms = 60000;
    cfg->seed = 1;
    cfg->hosts = true;
    cfg->fail = true;
}

static double
ms_since(const struct trun *r, uint64_t t)
{
    return (r->now - t) / 1e6;
}

static void
check(enum ofperr error, const char *what)
{
    if (error) {
        kumo_fatal("bench: encoding %s failed: %s", what,
                   ofperr_get_name(error));
    }
}

static void
sw_fail(struct trun *r, struct tsw *sw, int error)
{
    static int n_logged;

    if (sw->closed) {
        return;
    }
    if (n_logged++ < 5) {
        fprintf(stderr, "kumo-bench: switch %u: %s\n", sw->index + 1,
                error == EPIPE ? "connection closed by controller"
                : strerror(error));
    }
    sw->closed = true;
    if (sw->ready) {
        r->n_ready--;
    }
    sw->ready = false;
    bench_io_close(&sw->io);
    r->n_open--;
    r->res->disconnects++;
}

static void
sw_flush(struct trun *r, struct tsw *sw)
{
    int error;

    if (sw->closed) {
        return;
    }
    error = bench_io_flush(&sw->io, r->epfd, sw->index);
    if (error) {
        sw_fail(r, sw, error);
    }
}

static void
probe(struct trun *r, struct tsw *sw)
{
    if (sw->features_sent && !sw->ready) {
        sw->probe_xid = PROBE_XID_BASE | (++r->probe_seq & 0x0fffffff);
        bench_ofp_echo(&sw->io.tx, sw->version, false, sw->probe_xid,
                       NULL, 0);
    }
}

/* Answers the multipart request 'oh': group requests here, the rest as
 * kumo-bench's other switches do. */
static void
multipart_reply(struct trun *r, struct tsw *sw, const struct ofp_header *oh,
                size_t size)
{
    uint32_t xid = ntohl(oh->xid);
    enum ofp_mp_type type;
    struct cursor body;
    uint16_t flags;

    if (ofp_mp_decode(oh, &type, &flags, &body)
        || !bench_emu_group_reply(&sw->io.tx, sw->version, type, xid)) {
        bench_ofp_multipart_reply(&sw->io.tx, oh, size,
                                  bench_topo_dpid(sw->index),
                                  r->t->n_ports[sw->index]);
    }
}

/* Queues on 'sw' a packet-in of 'frame' received on 'in_port'. */
static void
packet_in(struct trun *r, struct tsw *sw, uint32_t in_port,
          const void *frame, size_t size)
{
    bench_emu_packet_in(&sw->io.tx, sw->version, in_port, frame, size);
    r->res->packet_ins++;
}

static void
note_mod(struct trun *r, struct tsw *sw, bool group)
{
    r->last_mod_ns = r->now;
    if (group) {
        r->res->group_mods++;
    } else {
        r->res->flow_mods++;
    }
    if (r->mods) {
        if (group) {
            r->mods->group_mods++;
        } else {
            r->mods->flow_mods++;
        }
        if (sw->mod_tag != r->mods) {
            sw->mod_tag = r->mods;
            r->mods->switches++;
        }
    }
}

/* Decodes flow-mod or group-mod 'oh' fully; counts failures. */
static void
verify_mod(struct trun *r, struct tsw *sw, const struct ofp_header *oh,
           bool group)
{
    uint64_t stub1[2048 / 8], stub2[2048 / 8];
    struct buf b1, b2;
    enum ofperr error;

    buf_use_stub(&b1, stub1, sizeof stub1);
    buf_use_stub(&b2, stub2, sizeof stub2);
    if (group) {
        struct ofp_group_mod gm;

        error = ofp_group_mod_decode(&gm, oh, &b1, &b2);
    } else {
        struct ofp_flow_mod fm;

        error = ofp_flow_mod_decode(&fm, oh, &b1);
    }
    if (error && ++r->res->bad_mods <= 5) {
        fprintf(stderr, "kumo-bench: switch %u: bad %s: %s\n",
                sw->index + 1, group ? "group-mod" : "flow-mod",
                ofperr_get_name(error));
    }
    buf_uninit(&b1);
    buf_uninit(&b2);
}

static void
packet_out(struct trun *r, struct tsw *sw, const struct ofp_header *oh)
{
    struct bench_topo_delivery d[MAX_DELIVERIES];
    int i, n, error;

    r->res->packet_outs++;
    n = bench_topo_wire(r->t, sw->index, oh, d, ARRAY_SIZE(d), &r->ws,
                        &error);
    if (n < 0) {
        if (++r->res->bad_mods <= 5) {
            fprintf(stderr, "kumo-bench: switch %u: bad packet-out: %s\n",
                    sw->index + 1, ofperr_get_name(error));
        }
        return;
    }
    for (i = 0; i < n; i++) {
        struct tsw *peer = &r->sws[d[i].sw];
        size_t pi = r->t->port_base[d[i].sw] + d[i].port - 1;

        if (peer->closed || !peer->version) {
            r->res->lldp_peer_down++;
            continue;
        }
        if (!r->lldp_in[pi]) {
            r->lldp_in[pi] = true;
            if (++r->n_lldp_ports == r->lldp_ports_want) {
                r->res->lldp_ms = ms_since(r, r->t0);
            }
        }
        packet_in(r, peer, d[i].port, d[i].frame, d[i].size);
        if (peer != sw) {
            sw_flush(r, peer);
        }
    }
}

static void
on_msg(void *r_, struct bench_io *io, const struct ofp_header *oh,
       size_t size)
{
    struct trun *r = r_;
    struct tsw *sw = CONTAINER_OF(io, struct tsw, io);
    uint32_t xid = ntohl(oh->xid);
    enum ofptype type;

    if (!bench_emu_receive(io, &sw->version, 1u << OFP13_VERSION, sw->index,
                           oh, size, &r->res->bad_mods, &type)) {
        return;
    }
    switch ((int) type) {
    case OFPTYPE_ECHO_REPLY:
        if (!sw->ready && xid == sw->probe_xid) {
            sw->ready = true;
            if (++r->n_ready == r->t->n_switches) {
                r->res->ready_ms = ms_since(r, r->t0);
            }
        }
        break;
    case OFPTYPE_FEATURES_REQUEST:
        bench_emu_features_reply(&io->tx, sw->version, xid,
                                 bench_topo_dpid(sw->index));
        sw->features_sent = true;
        probe(r, sw);
        break;
    case OFPTYPE_MULTIPART_REQUEST:
        multipart_reply(r, sw, oh, size);
        probe(r, sw);
        break;
    case OFPTYPE_BARRIER_REQUEST:
        r->res->barriers++;
        probe(r, sw);
        break;
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_SET_CONFIG:
    case OFPTYPE_ROLE_REQUEST:
        probe(r, sw);
        break;
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_GROUP_MOD:
        note_mod(r, sw, type == OFPTYPE_GROUP_MOD);
        verify_mod(r, sw, oh, type == OFPTYPE_GROUP_MOD);
        break;
    case OFPTYPE_PACKET_OUT:
        packet_out(r, sw, oh);
        break;
    case OFPTYPE_ERROR:
        bench_emu_log_error(oh, size, &r->res->errors);
        break;
    default:
        break;
    }
}

/* ---- Control socket client. ---- */

static void
ctl_close(struct trun *r)
{
    if (r->ctl_fd >= 0) {
        epoll_ctl(r->epfd, EPOLL_CTL_DEL, r->ctl_fd, NULL);
        close(r->ctl_fd);
        r->ctl_fd = -1;
    }
    r->ctl_busy = false;
    buf_clear(&r->ctl_in);
}

static void
ctl_give_up(struct trun *r, const char *why)
{
    fprintf(stderr, "kumo-bench: control socket %s: %s; discovery is "
            "judged by LLDP delivery only\n", r->cfg->ctl_path, why);
    ctl_close(r);
    r->ctl_dead = true;
}

/* Sends a request if one is due: "counters" (its "fabric" section is
 * cheap for kumod to make), or "topology" once when 'ctl_view' is set. */
static void
ctl_poll(struct trun *r)
{
    static const char counters[] = "{\"cmd\":\"counters\",\"args\":[]}\n";
    static const char topology[] = "{\"cmd\":\"topology\",\"args\":[]}\n";
    const char *request = r->ctl_view ? topology : counters;
    struct epoll_event ev;

    if (!r->cfg->ctl_path || r->ctl_dead || r->ctl_busy || !r->ctl_wanted
        || r->now < r->ctl_next_ns) {
        return;
    }
    if (r->ctl_fd < 0) {
        struct sockaddr_un sun;
        int fd;

        memset(&sun, 0, sizeof sun);
        sun.sun_family = AF_UNIX;
        if (strlen(r->cfg->ctl_path) >= sizeof sun.sun_path) {
            ctl_give_up(r, "path too long");
            return;
        }
        strcpy(sun.sun_path, r->cfg->ctl_path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun)) {
            int error = errno;

            if (fd >= 0) {
                close(fd);
            }
            ctl_give_up(r, strerror(error));
            return;
        }
        r->ctl_fd = fd;
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        ev.events = EPOLLIN;
        ev.data.u64 = CTL_TOKEN;
        epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev);
    }
    /* A request line is short: a blocking write goes through at once. */
    if (write(r->ctl_fd, request, strlen(request))
        != (ssize_t) strlen(request)) {
        ctl_give_up(r, "write failed");
        return;
    }
    r->ctl_busy = true;
    r->ctl_sent_ns = r->now;
    r->ctl_sent_view = r->ctl_view;
}

static long
get_long(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_integer(v) ? (long) json_integer_value(v) : -1;
}

static void
ctl_reply(struct trun *r, const char *line, size_t size)
{
    char *error, *daemon_error = NULL;
    const json_t *fabric;
    json_t *result = NULL;
    bool ok;

    error = ctl_proto_parse_reply(line, size, &ok, &result, &daemon_error);
    if (error || !ok) {
        char *why = xasprintf("%s: %s", r->ctl_sent_view ? "topology"
                              : "counters", error ? error : daemon_error);

        ctl_give_up(r, why);
        free(why);
        free(error);
        free(daemon_error);
        return;
    }
    if (r->ctl_sent_view) {
        /* The one timed "topology" answer: only its time matters. */
        r->res->topology_ms = (r->now - r->ctl_sent_ns) / 1e6;
        r->ctl_view = false;
        json_decref(result);
        return;
    }
    fabric = json_object_get(result, "fabric");
    r->ctl_links = get_long(fabric, "n_links");
    r->ctl_hosts = get_long(fabric, "n_hosts");
    if (r->ctl_links < 0 || r->ctl_hosts < 0
        || get_long(fabric, "flow_mods") < 0
        || get_long(fabric, "group_mods") < 0) {
        json_decref(result);
        ctl_give_up(r, "counters: no \"fabric\" section with n_links, "
                    "n_hosts, flow_mods and group_mods (forwarding = "
                    "fabric?)");
        return;
    }
    r->ctl_mods = get_long(fabric, "flow_mods") + get_long(fabric,
                                                          "group_mods");
    r->ctl_recompute_us = MAX(0, get_long(fabric, "last_recompute_us"));
    {
        /* The fabric compiled or recomputed since the last answer: it
         * was working (a round on a big fabric spans seconds): not
         * quiet, whatever the mods so far. */
        long work = get_long(fabric, "compiles") + get_long(fabric,
                                                            "recomputes")
                    + get_long(fabric, "transitions");

        if (work != r->ctl_work) {
            r->ctl_busy_until = r->now;
        }
        r->ctl_work = work;
    }
    r->res->links_reported = r->ctl_links;
    r->res->hosts_reported = r->ctl_hosts;
    json_decref(result);
    r->ctl_reply_ns = r->now;
    r->ctl_asked_ns = r->ctl_sent_ns;
    if (r->now - r->ctl_sent_ns > SLOW_ANSWER_NS) {
        r->ctl_busy_until = r->now;
    }
    r->res->ctl_polls++;
    r->res->ctl_max_ms = MAX(r->res->ctl_max_ms,
                             (r->now - r->ctl_sent_ns) / 1e6);
}

static void
ctl_read(struct trun *r)
{
    for (;;) {
        uint8_t *nl;
        ssize_t n = read(r->ctl_fd, r->scratch, SCRATCH_SIZE);

        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            ctl_give_up(r, n ? strerror(errno) : "closed by the daemon");
            return;
        }
        buf_put(&r->ctl_in, r->scratch, n);
        nl = memchr(r->ctl_in.data, '\n', r->ctl_in.size);
        if (nl) {
            size_t len = nl - (uint8_t *) r->ctl_in.data;

            ctl_reply(r, (const char *) r->ctl_in.data, len);
            if (r->ctl_dead) {
                return;
            }
            buf_clear(&r->ctl_in);
            r->ctl_busy = false;
            /* Polling must not become the controller's main work: wait at
             * least twice as long as the answer took. */
            r->ctl_next_ns = r->now + MAX(r->cfg->poll_ms * 1000000ull,
                                          2 * (r->now - r->ctl_sent_ns));
            return;
        }
        if ((size_t) n < SCRATCH_SIZE) {
            return;
        }
    }
}

/* ---- Event loop. ---- */

static void
handle_event(struct trun *r, struct tsw *sw, uint32_t events)
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
            sw_fail(r, sw, error);
            return;
        }
        sw->connected = true;
        if (++r->n_connected == r->t->n_switches) {
            r->res->connect_ms = ms_since(r, r->t0);
        }
    }
    error = bench_emu_read(&sw->io, events, r->scratch, SCRATCH_SIZE, on_msg,
                           r, r->epfd, sw->index);
    if (error) {
        sw_fail(r, sw, error);
        return;
    }
    sw_flush(r, sw);
}

static void
poll_once(struct trun *r, int timeout_ms)
{
    struct epoll_event events[256];
    int i, n;

    n = epoll_wait(r->epfd, events, ARRAY_SIZE(events), timeout_ms);
    r->now = bench_io_now_ns();
    for (i = 0; i < n; i++) {
        if (events[i].data.u64 == CTL_TOKEN) {
            if (r->ctl_fd >= 0) {
                ctl_read(r);
            }
        } else {
            handle_event(r, &r->sws[events[i].data.u64], events[i].events);
        }
    }
    r->now = bench_io_now_ns();
    ctl_poll(r);
}

static bool
ctl_usable(const struct trun *r)
{
    return r->cfg->ctl_path && !r->ctl_dead;
}

/* Runs the loop until 'done' holds or the phase times out. Returns false
 * on timeout. */
static bool
run_until(struct trun *r, bool (*done)(struct trun *), uint64_t start,
          const char *what)
{
    uint64_t deadline = start + r->cfg->timeout_ms * 1000000ull;

    if (r->cfg->max_run_ms) {
        deadline = MIN(deadline, r->t0 + r->cfg->max_run_ms * 1000000ull);
    }

    while (!done(r)) {
        if (r->now >= deadline || !r->n_open) {
            fprintf(stderr, "kumo-bench: %s: %s after %.1f s\n", what,
                    r->n_open ? "timed out" : "every switch disconnected",
                    (r->now - start) / 1e9);
            r->res->timed_out = what;
            return false;
        }
        poll_once(r, 10);
    }
    return true;
}

static bool
all_ready(struct trun *r)
{
    return r->n_ready == r->n_open;
}

/* A reply only counts for a phase if it was asked for after the phase
 * began. */
static bool
fresh_reply(const struct trun *r)
{
    return r->ctl_asked_ns >= r->phase_start;
}

/* Links: the controller's view when it has a control socket, else LLDP
 * delivery. */
static bool
all_links(struct trun *r)
{
    if (ctl_usable(r)) {
        return fresh_reply(r) && r->ctl_links == (long) r->t->n_links;
    }
    return r->n_lldp_ports == r->lldp_ports_want;
}

/* True once every mod the fabric says it sent has arrived and none has
 * come for the quiet period. The quiet period is 'quiet_ms' plus twice
 * the fabric's latest path recomputation (it spaces recomputations that
 * far apart, up to 5 s), and time in which kumod was working does not
 * count: until the latest answer of the control socket whose fabric
 * work counters (compiles, recomputes, transitions) had moved, or that
 * took over 500 ms. Without a
 * usable control socket: no mod for 'quiet_ms'. */
static bool
quiet_for(const struct trun *r)
{
    uint64_t last = MAX(r->last_mod_ns, r->phase_start);
    uint64_t quiet = r->cfg->quiet_ms * 1000000ull;

    if (ctl_usable(r)) {
        uint64_t gap_ms = MIN(2 * r->ctl_recompute_us / 1000,
                              MAX_RECOMPUTE_GAP_MS);

        if (r->ctl_busy && r->now - r->ctl_sent_ns > SLOW_ANSWER_NS) {
            return false;
        }
        if (!fresh_reply(r)
            || r->ctl_mods > r->res->flow_mods + r->res->group_mods) {
            return false;           /* Mods on their way. */
        }
        last = MAX(last, r->ctl_busy_until);
        quiet += gap_ms * 1000000ull;
    }
    return r->now - last >= quiet;
}

/* The initial programming is done when every switch that is up has had
 * mods and then none came for a while. */
static bool
settled(struct trun *r)
{
    return r->res->settle.switches >= r->n_ready && quiet_for(r);
}

/* With a usable control socket: true once a reply asked for in this
 * phase satisfies 'ok' ('*seen_ms' then holds when that reply came);
 * without one, true. */
static bool
ctl_saw(struct trun *r, bool ok, double *seen_ms)
{
    if (!ctl_usable(r) || *seen_ms >= 0) {
        return true;
    }
    if (!fresh_reply(r) || !ok) {
        return false;
    }
    *seen_ms = (r->ctl_reply_ns - r->phase_start) / 1e6;
    return true;
}

static bool
hosts_done(struct trun *r)
{
    if (r->ctl_hosts >= 0
        && !ctl_saw(r, r->ctl_hosts >= (long) r->t->n_hosts,
                    &r->res->hosts_learned_ms)) {
        return false;
    }
    return quiet_for(r);
}

static bool
fail_done(struct trun *r)
{
    return (ctl_saw(r, r->ctl_links == (long) r->t->n_links - 1,
                    &r->fail->seen_ms)
            && quiet_for(r));
}

static bool
restore_done(struct trun *r)
{
    return (ctl_saw(r, r->ctl_links == (long) r->t->n_links,
                    &r->fail->restore_seen_ms)
            && quiet_for(r));
}

static void
start_phase(struct trun *r, enum phase phase, struct bench_topo_mods *mods)
{
    r->now = bench_io_now_ns();
    r->phase = phase;
    r->mods = mods;
    r->phase_start = r->now;
    r->ctl_next_ns = MIN(r->ctl_next_ns, r->now);   /* Ask at once. */
    r->ctl_wanted = phase != PH_CONNECT;
    if (!r->cfg->quiet) {
        static const char *names[] = {
            [PH_CONNECT] = "connect", [PH_DISCOVER] = "discovery",
            [PH_SETTLE] = "settle", [PH_HOSTS] = "hosts",
            [PH_FAIL] = "link failure", [PH_RESTORE] = "restore",
        };
        fprintf(stderr, "kumo-bench: %.3f s: %s\n", ms_since(r, r->t0) / 1e3,
                names[phase]);
    }
}

/* Time from the phase start to its last mod, or 0 if none came. */
static double
last_mod_ms(const struct trun *r)
{
    return r->last_mod_ns > r->phase_start
           ? (r->last_mod_ns - r->phase_start) / 1e6 : 0;
}

static char *
connect_all(struct trun *r)
{
    uint32_t i;

    for (i = 0; i < r->t->n_switches; i++) {
        struct tsw *sw = &r->sws[i];
        char *error;

        sw->index = i;
        error = bench_emu_connect(&sw->io, &r->cfg->controller,
                                  1u << OFP13_VERSION, r->epfd, i);
        if (error) {
            return error;
        }
        r->n_open++;
    }
    run_until(r, all_ready, r->t0, "handshakes");
    r->res->n_ready = r->n_ready;
    if (!r->n_ready) {
        return xasprintf("no switch completed its handshake (%u of %u "
                         "connected)", r->n_connected, r->t->n_switches);
    }
    return NULL;
}

/* Every host port sends a gratuitous ARP for its address. */
static void
announce_hosts(struct trun *r)
{
    size_t h;

    for (h = 0; h < r->t->n_hosts; h++) {
        const struct bench_topo_end *e = &r->t->hosts[h];
        struct tsw *sw = &r->sws[e->sw];
        uint8_t f[ARP_FRAME_SIZE];
        struct eth_addr mac;
        uint32_t ip = 0xc6120000u + h + 1;      /* 198.18.0.0/15. */

        if (sw->closed || !sw->ready) {
            continue;
        }
        bench_frame_mac(e->sw, e->port, &mac);
        memset(f, 0, sizeof f);
        memset(f, 0xff, 6);                     /* Broadcast. */
        memcpy(f + 6, mac.ea, 6);
        f[12] = 0x08, f[13] = 0x06;             /* ARP. */
        f[14] = 0x00, f[15] = 0x01;             /* Ethernet. */
        f[16] = 0x08, f[17] = 0x00;             /* IPv4. */
        f[18] = 6, f[19] = 4;
        f[20] = 0x00, f[21] = 0x01;             /* Request. */
        memcpy(f + 22, mac.ea, 6);
        f[28] = ip >> 24, f[29] = ip >> 16, f[30] = ip >> 8, f[31] = ip;
        memcpy(f + 38, f + 28, 4);              /* Gratuitous. */
        packet_in(r, sw, e->port, f, sizeof f);
    }
    for (h = 0; h < r->t->n_switches; h++) {
        sw_flush(r, &r->sws[h]);
    }
}

/* Sends port-status for both ends of 'link', down or up, and cuts or
 * mends the cable. */
static void
set_link(struct trun *r, uint32_t link, bool up)
{
    const struct bench_topo_end *ends[2] = { &r->t->links[link].a,
                                             &r->t->links[link].b };
    size_t i;

    r->t->cut[link] = !up;
    for (i = 0; i < 2; i++) {
        struct tsw *sw = &r->sws[ends[i]->sw];
        uint32_t n = r->t->n_ports[ends[i]->sw];
        struct ofp_port *ports = xmalloc(n * sizeof *ports);
        struct ofp_port_status ps;

        if (!sw->closed && sw->version) {
            bench_ofp_make_ports(ports, n, bench_topo_dpid(ends[i]->sw));
            ps.reason = OFPPR_MODIFY;
            ps.desc = ports[ends[i]->port - 1];
            if (!up) {
                ps.desc.state |= OFPPS_LINK_DOWN;
            }
            check(ofp_port_status_encode(&ps, sw->version, 0, &sw->io.tx),
                  "port status");
            sw_flush(r, sw);
        }
        free(ports);
    }
}

static void
read_rss(const struct trun *r, long *kb)
{
    if (r->cfg->pid) {
        *kb = bench_run_read_status_kb(r->cfg->pid, "VmRSS");
    }
}

/* Phases 4 and 6: cuts the failure link and mends it. Returns false if a
 * phase timed out. */
static bool
fail_test(struct trun *r, struct bench_topo_fail *f, const char *fail_name,
          const char *restore_name)
{
    r->fail = f;
    start_phase(r, PH_FAIL, &f->mods);
    set_link(r, r->res->fail_link, false);
    if (!run_until(r, fail_done, r->now, fail_name)) {
        return false;
    }
    f->ms = last_mod_ms(r);

    start_phase(r, PH_RESTORE, &f->restore_mods);
    set_link(r, r->res->fail_link, true);
    if (!run_until(r, restore_done, r->now, restore_name)) {
        return false;
    }
    f->restore_ms = last_mod_ms(r);
    return true;
}

static bool
view_done(struct trun *r)
{
    return !r->ctl_view || !ctl_usable(r);
}

/* Times one "topology" answer with the whole fabric known. */
static void
time_topology_view(struct trun *r)
{
    if (!ctl_usable(r)) {
        return;
    }
    r->ctl_view = true;
    r->ctl_wanted = true;
    r->ctl_next_ns = r->now;
    run_until(r, view_done, r->now, "topology answer");
}

static void
phases(struct trun *r)
{
    const struct bench_topo_config *cfg = r->cfg;
    struct bench_topo_result *res = r->res;
    bool fail = cfg->fail;

    read_rss(r, &res->rss_ready_kb);
    start_phase(r, PH_DISCOVER, &res->settle);
    r->phase_start = r->t0;
    if (!run_until(r, all_links, r->t0, "discovery")) {
        return;
    }
    if (ctl_usable(r)) {
        res->discovered_ms = (r->ctl_reply_ns - r->t0) / 1e6;
        res->discovered_asked_ms = (r->ctl_asked_ns - r->t0) / 1e6;
    }
    read_rss(r, &res->rss_discovered_kb);

    start_phase(r, PH_SETTLE, &res->settle);
    if (!run_until(r, settled, r->now, "settle")) {
        return;
    }
    res->settled_ms = r->last_mod_ns > r->t0
                      ? (r->last_mod_ns - r->t0) / 1e6 : 0;

    if (fail) {
        res->fail_link = bench_topo_pick_link(r->t, cfg->seed);
        if (res->fail_link == BENCH_TOPO_NONE) {
            fprintf(stderr, "kumo-bench: every link is a bridge: no link "
                    "failure test\n");
            fail = false;
        }
    }
    if (fail && cfg->bare_fail
        && !fail_test(r, &res->fail0, "link failure (no hosts)",
                      "restore (no hosts)")) {
        return;
    }

    if (cfg->hosts && r->t->n_hosts) {
        start_phase(r, PH_HOSTS, &res->host_mods);
        announce_hosts(r);
        if (!run_until(r, hosts_done, r->now, "hosts")) {
            return;
        }
        res->hosts_ms = last_mod_ms(r);
        read_rss(r, &res->rss_hosts_kb);
        if (fail) {
            fail_test(r, &res->fail, "link failure", "restore");
        }
    }
}

/* Runs topology mode. */
char *
bench_topo_run(const struct bench_topo_config *cfg, struct bench_topo *t,
               struct bench_topo_result *res)
{
    double cpu0 = -1, gen_cpu0;
    struct trun r;
    char *error = NULL;
    uint32_t i;
    size_t p;

    memset(res, 0, sizeof *res);
    res->discovered_ms = res->hosts_learned_ms = res->lldp_ms = -1;
    res->discovered_asked_ms = res->topology_ms = -1;
    res->fail0.seen_ms = res->fail0.restore_seen_ms = -1;
    res->fail0.ms = res->fail0.restore_ms = -1;
    res->fail = res->fail0;
    res->hosts_ms = res->settled_ms = -1;
    res->links_reported = res->hosts_reported = -1;
    res->rss_ready_kb = res->rss_discovered_kb = res->rss_hosts_kb = -1;
    res->rss_end_kb = res->hwm_end_kb = -1;
    res->ctl_cpu_s = -1;
    res->fail_link = BENCH_TOPO_NONE;

    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.t = t;
    r.res = res;
    r.ctl_fd = -1;
    r.ctl_links = r.ctl_hosts = -1;
    buf_init(&r.ctl_in, 0);
    r.scratch = xmalloc(SCRATCH_SIZE);
    r.sws = xcalloc(t->n_switches, sizeof *r.sws);
    for (i = 0; i < t->n_switches; i++) {
        bench_io_init(&r.sws[i].io, -1);
    }
    r.lldp_in = xcalloc(t->n_port_total ? t->n_port_total : 1,
                        sizeof *r.lldp_in);
    for (p = 0; p < t->n_port_total; p++) {
        r.lldp_ports_want += t->peers[p].sw != BENCH_TOPO_NONE;
    }
    bench_io_raise_fd_limit();
    r.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (r.epfd < 0) {
        error = xasprintf("epoll_create1: %s", strerror(errno));
        goto out;
    }
    if (cfg->pid) {
        cpu0 = bench_run_read_cpu_s(cfg->pid);
    }
    gen_cpu0 = bench_run_read_cpu_s(0);
    r.t0 = r.now = bench_io_now_ns();
    start_phase(&r, PH_CONNECT, &res->settle);
    error = connect_all(&r);
    if (!error) {
        phases(&r);
        if (!res->timed_out) {
            time_topology_view(&r);
        }
    }
    r.now = bench_io_now_ns();
    res->run_s = ms_since(&r, r.t0) / 1e3;
    res->gen_cpu_s = bench_run_read_cpu_s(0) - gen_cpu0;
    if (cfg->pid) {
        double cpu1 = bench_run_read_cpu_s(cfg->pid);

        res->ctl_cpu_s = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
        res->rss_end_kb = bench_run_read_status_kb(cfg->pid, "VmRSS");
        res->hwm_end_kb = bench_run_read_status_kb(cfg->pid, "VmHWM");
    }
    res->lldp_delivered = r.ws.lldp;
    res->lldp_cut = r.ws.cut;
    res->out_to_host = r.ws.to_host;
    res->out_not_lldp = r.ws.not_lldp;
    res->out_other = r.ws.other;

out:
    for (i = 0; i < t->n_switches; i++) {
        bench_io_close(&r.sws[i].io);
    }
    ctl_close(&r);
    buf_uninit(&r.ctl_in);
    if (r.epfd >= 0) {
        close(r.epfd);
    }
    free(r.lldp_in);
    free(r.sws);
    free(r.scratch);
    return error;
}
