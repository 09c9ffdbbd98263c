/* bench-run: see bench-run.h. */
#include "bench-run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-emu.h"
#include "bench-frame.h"
#include "bench-io.h"
#include "bench-ofp.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"

#define SCRATCH_SIZE (1024 * 1024)
#define N_BUFFERS (1u << 16)            /* Buffer ids cycle below this. */
#define PROBE_XID_BASE 0xe0000000u      /* Echo probes' xids. */
#define STALL_NS (1000 * 1000000ull)    /* No answer this long: lost. */
#define LEARN_TIMEOUT_NS (10 * 1000000000ull)
#define MAX_TX_BACKLOG (256 * 1024)     /* Bytes queued per switch. */

enum phase {
    PHASE_CONNECT,
    PHASE_LEARN,
    PHASE_LOAD,
};

/* One emulated switch. */
struct sw {
    struct bench_io io;
    uint32_t index;
    uint8_t version;            /* Negotiated; 0 before the hello. */
    bool connected;             /* TCP connection established. */
    bool features_sent;
    bool ready;                 /* Handshaked (see bench-run.h). */
    bool closed;
    uint32_t probe_xid;         /* Latest handshake echo probe. */
    uint32_t xid;               /* Next packet-in xid. */
    uint32_t next_buffer;       /* Next packet-in buffer id. */
    uint32_t epoch_buffer;      /* First buffer id sent since the window
                                 * was last reset: answers to older ones
                                 * no longer count against the window. */
    uint32_t next_mac;          /* MAC index of the next packet-in. */
    uint32_t learn_sent;        /* MACs announced in the learning phase. */
    uint32_t outstanding;       /* Packet-ins not answered yet. */
    uint32_t pending_buffer;    /* Latency mode: the outstanding one. */
    uint64_t sent_ns;           /* Latency mode: when it was sent. */
    uint64_t progress_ns;       /* Last answer, or first send after none. */
    uint64_t answered;          /* Packet-ins answered while measuring. */
};

struct run {
    const struct bench_config *cfg;
    struct bench_result *res;
    int epfd;
    struct sw *sws;
    uint8_t *scratch;
    uint8_t **templates;        /* One packet-in per port, patched on use. */
    size_t tmpl_size;
    size_t tmpl_frame_ofs;
    enum phase phase;
    bool measuring;
    uint64_t t0;
    uint64_t now;
    uint32_t n_connected, n_features, n_ready, n_open;
    uint32_t probe_seq;

    /* Counters of the current loop. */
    uint64_t loop_flow_mods, loop_packet_outs, loop_answered;
    struct bench_stats_lat lat;
};

static void switch_fail(struct run *, struct sw *, int error);

/* Sets defaults. */
void
bench_run_config_init(struct bench_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    bench_emu_default_controller(&cfg->controller);
    cfg->mode = BENCH_THROUGHPUT;
    cfg->version = OFP10_VERSION;
    cfg->n_switches = 16;
    cfg->n_macs = 1000;
    cfg->n_ports = 4;
    cfg->loops = 10;
    cfg->loop_ms = 1000;
    cfg->warmup = 1;
    cfg->window = 256;
    cfg->ready_timeout_ms = 30000;
}

/* Reads /proc/PID/status field 'field' in kB. */
long
bench_run_read_status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    size_t len = strlen(field);
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/status", (long) pid);
    f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, field, len) && line[len] == ':') {
            kb = strtol(line + len + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* Reads utime + stime of 'pid' (0 = self). */
double
bench_run_read_cpu_s(pid_t pid)
{
    unsigned long long utime, stime;
    char path[64], line[1024];
    const char *p;
    FILE *f;
    int i;

    if (pid) {
        snprintf(path, sizeof path, "/proc/%ld/stat", (long) pid);
    } else {
        snprintf(path, sizeof path, "/proc/self/stat");
    }
    f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    p = fgets(line, sizeof line, f);
    fclose(f);
    /* The command name may hold spaces and parentheses: skip past the
     * last ')'; utime and stime are fields 14 and 15. */
    p = p ? strrchr(line, ')') : NULL;
    for (i = 2; p && i < 14; i++) {
        p = strchr(p + 1, ' ');
    }
    if (!p || sscanf(p, " %llu %llu", &utime, &stime) != 2) {
        return -1;
    }
    return (double) (utime + stime) / sysconf(_SC_CLK_TCK);
}

static double
ms_since(const struct run *r, uint64_t t)
{
    return (r->now - t) / 1e6;
}

static void
build_templates(struct run *r)
{
    const struct bench_config *cfg = r->cfg;
    uint32_t p;

    r->templates = xcalloc(cfg->n_ports, sizeof *r->templates);
    for (p = 0; p < cfg->n_ports; p++) {
        uint8_t frame[BENCH_FRAME_SIZE];
        struct eth_addr src, dst;
        struct buf b;

        bench_frame_mac(0, p, &src);
        bench_frame_mac(0, bench_frame_peer(p, cfg->n_ports), &dst);
        bench_frame_build(frame, &dst, &src, p, p ^ 1);
        buf_init(&b, 128);
        r->tmpl_frame_ofs = bench_ofp_packet_in(&b, cfg->version, 0, 0,
                                                p + 1, frame, sizeof frame);
        r->tmpl_size = b.size;
        r->templates[p] = buf_steal(&b, &r->tmpl_size);
    }
}

static void
put_be32_at(uint8_t *p, uint32_t v)
{
    v = htonl(v);
    memcpy(p, &v, 4);
}

/* Queues a packet-in from MAC 'idx' of 'sw' to its peer (or to broadcast
 * when 'learn'). Returns its buffer id. */
static uint32_t
send_packet_in(struct run *r, struct sw *sw, uint32_t idx, bool learn)
{
    static const struct eth_addr broadcast = { { 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff } };
    const struct bench_config *cfg = r->cfg;
    uint32_t port = bench_frame_port(idx, cfg->n_ports);
    uint8_t *msg = buf_put_uninit(&sw->io.tx, r->tmpl_size);
    uint32_t buffer_id = sw->next_buffer;
    struct eth_addr src, dst;

    sw->next_buffer = (sw->next_buffer + 1) % N_BUFFERS;
    /* Keep the "still counts" span short: once 2^16 ids have been sent
     * since the epoch, the modular comparison in handle_response() would
     * wrap and discard every answer. No answer can be older than a few
     * windows (at most 'window' packet-ins are outstanding), so trail the
     * epoch 4 windows behind. */
    if ((sw->next_buffer - sw->epoch_buffer) % N_BUFFERS > 4 * cfg->window) {
        sw->epoch_buffer = (sw->next_buffer - 4 * cfg->window) % N_BUFFERS;
    }
    memcpy(msg, r->templates[port - 1], r->tmpl_size);
    put_be32_at(msg + 4, sw->xid++);
    put_be32_at(msg + BENCH_OFP_PI_BUFFER_ID_OFS, buffer_id);
    bench_frame_mac(sw->index, idx, &src);
    if (learn) {
        dst = broadcast;
    } else {
        bench_frame_mac(sw->index, bench_frame_peer(idx, cfg->n_macs), &dst);
    }
    bench_frame_set_macs(msg + r->tmpl_frame_ofs, &dst, &src);

    if (!sw->outstanding) {
        sw->progress_ns = r->now;
    }
    sw->outstanding++;
    if (r->measuring) {
        r->res->packet_ins++;
    }
    return buffer_id;
}

/* Queues as many packet-ins as the mode allows on 'sw'. */
static void
refill(struct run *r, struct sw *sw)
{
    const struct bench_config *cfg = r->cfg;

    if (!sw->ready || sw->closed) {
        return;
    }
    if (r->phase == PHASE_LEARN) {
        while (sw->learn_sent < cfg->n_macs && sw->outstanding < cfg->window
               && bench_io_pending(&sw->io) < MAX_TX_BACKLOG) {
            send_packet_in(r, sw, sw->learn_sent++, true);
        }
    } else if (r->phase == PHASE_LOAD) {
        if (cfg->mode == BENCH_LATENCY) {
            if (!sw->outstanding) {
                sw->pending_buffer = send_packet_in(r, sw, sw->next_mac,
                                                    false);
                sw->sent_ns = bench_io_now_ns();
                sw->next_mac = (sw->next_mac + 1) % cfg->n_macs;
            }
        } else {
            while (sw->outstanding < cfg->window
                   && bench_io_pending(&sw->io) < MAX_TX_BACKLOG) {
                send_packet_in(r, sw, sw->next_mac, false);
                sw->next_mac = (sw->next_mac + 1) % cfg->n_macs;
            }
        }
    }
}

/* Sends an echo request whose reply proves the controller has processed
 * everything 'sw' sent so far. */
static void
probe(struct run *r, struct sw *sw)
{
    if (sw->features_sent && !sw->ready) {
        sw->probe_xid = PROBE_XID_BASE | (++r->probe_seq & 0x0fffffff);
        bench_ofp_echo(&sw->io.tx, sw->version, false, sw->probe_xid,
                       NULL, 0);
    }
}

static void
set_ready(struct run *r, struct sw *sw)
{
    sw->ready = true;
    if (++r->n_ready == r->cfg->n_switches) {
        r->res->ready_ms = ms_since(r, r->t0);
    }
}

static void
handle_response(struct run *r, struct sw *sw, const struct ofp_header *oh,
                size_t size, enum ofptype type)
{
    uint32_t buffer_id = bench_ofp_buffer_id(oh, size, type);
    bool final = buffer_id != OFP_NO_BUFFER || type == OFPTYPE_PACKET_OUT;

    if (type == OFPTYPE_FLOW_MOD) {
        r->loop_flow_mods++;
    } else {
        r->loop_packet_outs++;
    }
    if (r->cfg->verify) {
        int error = bench_ofp_verify(oh, type, sw->index, r->cfg->n_ports);

        if (error && ++r->res->verify_errors <= 5) {
            fprintf(stderr, "kumo-bench: switch %u: %s %s\n", sw->index + 1,
                    ofptype_name(type), (error == EINVAL
                                         ? "outputs to the wrong port"
                                         : ofperr_get_name(error)));
        }
    }
    if (!final || !sw->outstanding) {
        return;
    }
    if (buffer_id != OFP_NO_BUFFER
        && ((buffer_id - sw->epoch_buffer) % N_BUFFERS
            >= (sw->next_buffer - sw->epoch_buffer) % N_BUFFERS)) {
        return;                         /* Answer to a packet-in given up. */
    }
    if (r->cfg->mode == BENCH_LATENCY && r->phase == PHASE_LOAD) {
        if (buffer_id != OFP_NO_BUFFER && buffer_id != sw->pending_buffer) {
            return;                     /* Late answer to a lost one. */
        }
        if (r->measuring) {
            bench_stats_lat_add(&r->lat, r->now - sw->sent_ns);
        }
    }
    sw->outstanding--;
    sw->progress_ns = r->now;
    r->loop_answered++;
    if (r->measuring) {
        sw->answered++;
    }
}

/* Handles message 'oh' from the controller to switch 'sw_'. */
static void
on_msg(void *r_, struct bench_io *io, const struct ofp_header *oh,
       size_t size)
{
    struct run *r = r_;
    struct sw *sw = CONTAINER_OF(io, struct sw, io);
    const struct bench_config *cfg = r->cfg;
    uint32_t xid = ntohl(oh->xid);
    enum ofptype type;

    if (!bench_emu_receive(io, &sw->version, 1u << cfg->version, sw->index,
                           oh, size, &r->res->bad_msgs, &type)) {
        return;
    }
    switch ((int) type) {
    case OFPTYPE_ECHO_REPLY:
        if (!sw->ready && xid == sw->probe_xid) {
            set_ready(r, sw);
            refill(r, sw);
        }
        break;
    case OFPTYPE_FEATURES_REQUEST:
        bench_ofp_features_reply(&io->tx, sw->version, xid,
                                 bench_frame_dpid(sw->index), N_BUFFERS,
                                 cfg->n_ports);
        if (!sw->features_sent) {
            sw->features_sent = true;
            if (++r->n_features == cfg->n_switches) {
                r->res->features_ms = ms_since(r, r->t0);
            }
        }
        probe(r, sw);
        break;
    case OFPTYPE_MULTIPART_REQUEST:
        bench_ofp_multipart_reply(&io->tx, oh, size,
                                  bench_frame_dpid(sw->index), cfg->n_ports);
        probe(r, sw);
        break;
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_SET_CONFIG:
    case OFPTYPE_BARRIER_REQUEST:
    case OFPTYPE_ROLE_REQUEST:
        probe(r, sw);
        break;
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_PACKET_OUT:
        handle_response(r, sw, oh, size, type);
        break;
    case OFPTYPE_ERROR:
        bench_emu_log_error(oh, size, &r->res->errors);
        break;
    default:
        break;
    }
}

static void
switch_fail(struct run *r, struct sw *sw, int error)
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
    if (r->phase != PHASE_CONNECT || error != ECONNREFUSED) {
        r->res->disconnects++;
    }
}

static void
handle_event(struct run *r, struct sw *sw, uint32_t events)
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
            switch_fail(r, sw, error);
            return;
        }
        sw->connected = true;
        r->now = bench_io_now_ns();
        if (++r->n_connected == r->cfg->n_switches) {
            r->res->connect_ms = ms_since(r, r->t0);
        }
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        r->now = bench_io_now_ns();
        error = bench_emu_read(&sw->io, events, r->scratch, SCRATCH_SIZE,
                               on_msg, r, r->epfd, sw->index);
        if (error) {
            switch_fail(r, sw, error);
            return;
        }
        refill(r, sw);
    }
    error = bench_io_flush(&sw->io, r->epfd, sw->index);
    if (error) {
        switch_fail(r, sw, error);
    }
}

static void
poll_once(struct run *r, int timeout_ms)
{
    struct epoll_event events[256];
    int i, n;

    n = epoll_wait(r->epfd, events, ARRAY_SIZE(events), timeout_ms);
    for (i = 0; i < n; i++) {
        handle_event(r, &r->sws[events[i].data.u64], events[i].events);
    }
    r->now = bench_io_now_ns();
}

/* Gives up on answers that never came (the controller may drop packet-ins
 * under load): resets the window of every switch silent for STALL_NS. */
static void
check_stalls(struct run *r)
{
    uint32_t i;

    for (i = 0; i < r->cfg->n_switches; i++) {
        struct sw *sw = &r->sws[i];

        if (sw->ready && sw->outstanding
            && r->now - sw->progress_ns > STALL_NS) {
            r->res->stalls++;
            sw->outstanding = 0;
            sw->epoch_buffer = sw->next_buffer;
            refill(r, sw);
            if (bench_io_flush(&sw->io, r->epfd, sw->index)) {
                switch_fail(r, sw, EPIPE);
            }
        }
    }
}

static char *
connect_all(struct run *r)
{
    const struct bench_config *cfg = r->cfg;
    uint64_t deadline;
    uint32_t i;

    r->t0 = r->now = bench_io_now_ns();
    for (i = 0; i < cfg->n_switches; i++) {
        struct sw *sw = &r->sws[i];
        char *error;

        sw->index = i;
        error = bench_emu_connect(&sw->io, &cfg->controller,
                                  1u << cfg->version, r->epfd, i);
        if (error) {
            return error;
        }
        r->n_open++;
    }

    deadline = r->t0 + cfg->ready_timeout_ms * 1000000ull;
    while (r->n_ready < r->n_open && r->now < deadline) {
        poll_once(r, 10);
    }
    if (!r->n_ready) {
        return xasprintf("no switch completed its handshake (%u of %u "
                         "connected)", r->n_connected, cfg->n_switches);
    }
    if (r->n_ready < cfg->n_switches) {
        fprintf(stderr, "kumo-bench: only %u of %u switches handshaked; "
                "going on with those\n", r->n_ready, cfg->n_switches);
    }
    return NULL;
}

static bool
learning_done(const struct run *r)
{
    uint32_t i;

    for (i = 0; i < r->cfg->n_switches; i++) {
        const struct sw *sw = &r->sws[i];

        if (sw->ready && (sw->learn_sent < r->cfg->n_macs
                          || sw->outstanding)) {
            return false;
        }
    }
    return true;
}

static void
start_phase(struct run *r, enum phase phase)
{
    uint32_t i;

    r->phase = phase;
    for (i = 0; i < r->cfg->n_switches; i++) {
        struct sw *sw = &r->sws[i];

        if (sw->ready) {
            sw->outstanding = 0;
            sw->epoch_buffer = sw->next_buffer;
            refill(r, sw);
            if (bench_io_flush(&sw->io, r->epfd, sw->index)) {
                switch_fail(r, sw, EPIPE);
            }
        }
    }
}

static void
learn(struct run *r)
{
    uint64_t start = r->now;

    start_phase(r, PHASE_LEARN);
    while (!learning_done(r) && r->now - start < LEARN_TIMEOUT_NS
           && r->n_ready) {
        poll_once(r, 10);
        check_stalls(r);
    }
    r->res->learn_ms = ms_since(r, start);
}

static void
load(struct run *r)
{
    const struct bench_config *cfg = r->cfg;
    struct bench_result *res = r->res;
    uint32_t n_loops = cfg->warmup + cfg->loops;
    uint64_t loop_ns = cfg->loop_ms * 1000000ull;
    uint32_t loop;

    double ctl_cpu0 = -1, gen_cpu0 = -1;
    uint64_t measure_start = 0;

    res->rates = xcalloc(cfg->loops ? cfg->loops : 1, sizeof *res->rates);
    res->answered = xcalloc(cfg->loops ? cfg->loops : 1,
                            sizeof *res->answered);
    start_phase(r, PHASE_LOAD);
    for (loop = 0; loop < n_loops && r->n_ready; loop++) {
        uint64_t start = r->now, end = start + loop_ns;
        double secs, rate, answered;

        r->measuring = loop >= cfg->warmup;
        if (loop == cfg->warmup) {
            measure_start = r->now;
            ctl_cpu0 = cfg->pid ? bench_run_read_cpu_s(cfg->pid) : -1;
            gen_cpu0 = bench_run_read_cpu_s(0);
        }
        r->loop_flow_mods = r->loop_packet_outs = r->loop_answered = 0;
        while (r->now < end) {
            uint64_t left_ms = (end - r->now + 999999) / 1000000;

            poll_once(r, MIN(left_ms, 50));
            check_stalls(r);
        }
        secs = (r->now - start) / 1e9;
        rate = (r->loop_flow_mods + r->loop_packet_outs) / secs;
        answered = r->loop_answered / secs;
        if (r->measuring) {
            res->rates[res->n_loops] = rate;
            res->answered[res->n_loops++] = answered;
            res->flow_mods += r->loop_flow_mods;
            res->packet_outs += r->loop_packet_outs;
        }
        if (!cfg->quiet) {
            fprintf(stderr, "kumo-bench: loop %u/%u%s: %.0f responses/s "
                    "(%llu flow-mods, %llu packet-outs, %.0f answered/s)\n",
                    loop + 1, n_loops, r->measuring ? "" : " (warm-up)",
                    rate, (unsigned long long) r->loop_flow_mods,
                    (unsigned long long) r->loop_packet_outs, answered);
        }
    }
    r->measuring = false;
    if (res->n_loops) {
        uint32_t i, n = 0;

        res->sw_answered_min = UINT64_MAX;
        for (i = 0; i < cfg->n_switches; i++) {
            if (r->sws[i].ready) {
                res->sw_answered_min = MIN(res->sw_answered_min,
                                           r->sws[i].answered);
                res->sw_answered_max = MAX(res->sw_answered_max,
                                           r->sws[i].answered);
                n++;
            }
        }
        if (!n) {
            res->sw_answered_min = 0;
        }
    }
    if (measure_start) {
        double ctl_cpu1 = cfg->pid ? bench_run_read_cpu_s(cfg->pid) : -1;

        res->measured_s = (r->now - measure_start) / 1e9;
        res->ctl_cpu_s = (ctl_cpu0 >= 0 && ctl_cpu1 >= 0
                          ? ctl_cpu1 - ctl_cpu0 : -1);
        res->gen_cpu_s = bench_run_read_cpu_s(0) - gen_cpu0;
    }
}

/* Runs the benchmark described by 'cfg'. */
char *
bench_run(const struct bench_config *cfg, struct bench_result *res)
{
    double ctl_cpu0, gen_cpu0;
    struct run r;
    char *error = NULL;
    uint32_t i;

    memset(res, 0, sizeof *res);
    res->ctl_cpu_s = -1;
    res->rss_ready_kb = res->rss_end_kb = res->hwm_end_kb = -1;
    if (cfg->n_macs < 2 || cfg->n_macs > BENCH_FRAME_MAX_MACS
        || !cfg->n_switches || cfg->n_switches > BENCH_FRAME_MAX_SWITCHES
        || cfg->n_ports < 2 || cfg->n_ports % 2 || !cfg->window) {
        return xstrdup("bad configuration (need 2 <= macs, an even port "
                       "count, 1 <= switches <= 65536, window >= 1)");
    }

    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.res = res;
    r.phase = PHASE_CONNECT;
    bench_stats_lat_init(&r.lat);
    r.scratch = xmalloc(SCRATCH_SIZE);
    r.sws = xcalloc(cfg->n_switches, sizeof *r.sws);
    for (i = 0; i < cfg->n_switches; i++) {
        bench_io_init(&r.sws[i].io, -1);
    }
    build_templates(&r);
    bench_io_raise_fd_limit();
    r.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (r.epfd < 0) {
        error = xasprintf("epoll_create1: %s", strerror(errno));
        goto out;
    }

    ctl_cpu0 = cfg->pid ? bench_run_read_cpu_s(cfg->pid) : -1;
    gen_cpu0 = bench_run_read_cpu_s(0);
    error = connect_all(&r);
    if (error) {
        goto out;
    }
    if (cfg->mode == BENCH_STORM) {
        /* The CPU the handshakes cost, for the storm. */
        double ctl_cpu1 = cfg->pid ? bench_run_read_cpu_s(cfg->pid) : -1;

        res->measured_s = (r.now - r.t0) / 1e9;
        res->ctl_cpu_s = (ctl_cpu0 >= 0 && ctl_cpu1 >= 0
                          ? ctl_cpu1 - ctl_cpu0 : -1);
        res->gen_cpu_s = bench_run_read_cpu_s(0) - gen_cpu0;
    }
    res->n_ready = r.n_ready;
    if (cfg->pid) {
        res->rss_ready_kb = bench_run_read_status_kb(cfg->pid, "VmRSS");
    }
    if (cfg->mode != BENCH_STORM) {
        learn(&r);
        load(&r);
        bench_stats_summarize(res->rates, res->n_loops, &res->rate);
        bench_stats_summarize(res->answered, res->n_loops,
                              &res->answer_rate);
        if (cfg->mode == BENCH_LATENCY) {
            double sum = 0;
            size_t j;

            for (j = 0; j < r.lat.n; j++) {
                sum += r.lat.ns[j];
            }
            res->lat_n = r.lat.n;
            res->lat_mean_ns = r.lat.n ? sum / r.lat.n : 0;
            res->lat_p50_ns = bench_stats_lat_percentile(&r.lat, 50);
            res->lat_p99_ns = bench_stats_lat_percentile(&r.lat, 99);
        }
    }
    if (cfg->pid) {
        res->rss_end_kb = bench_run_read_status_kb(cfg->pid, "VmRSS");
        res->hwm_end_kb = bench_run_read_status_kb(cfg->pid, "VmHWM");
    }

out:
    for (i = 0; i < cfg->n_switches; i++) {
        bench_io_close(&r.sws[i].io);
    }
    if (r.epfd >= 0) {
        close(r.epfd);
    }
    for (i = 0; i < cfg->n_ports; i++) {
        free(r.templates[i]);
    }
    free(r.templates);
    free(r.sws);
    free(r.scratch);
    bench_stats_lat_uninit(&r.lat);
    return error;
}

/* Frees 'res''s samples. */
void
bench_run_result_uninit(struct bench_result *res)
{
    free(res->rates);
    free(res->answered);
    res->rates = res->answered = NULL;
}
