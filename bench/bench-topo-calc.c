/* bench-topo-calc: see bench-topo-calc.h. */
#include "bench-topo-calc.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-ofp.h"
#include "bench-stats.h"
#include "bench-frame.h"
#include "bench-topo.h"
#include "fabric/fabric-compile.h"
#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-lldp.h"
#include "topo/topo-path.h"

#define MAX_HOPS 256

/* This thread's CPU time. */
uint64_t
bench_topo_calc_cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Heap in use. */
size_t
bench_topo_calc_heap(void)
{
    struct mallinfo2 mi = mallinfo2();

    return mi.uordblks + mi.hblkhd;
}

static double
ms_between(uint64_t t0, uint64_t t1)
{
    return (t1 - t0) / 1e6;
}

/* A graph with every switch and port of 't', all live, no links. */
static struct topo_graph *
build_graph(const struct bench_topo *t)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct ofp_port *ports = NULL;
    size_t allocated = 0;
    uint32_t s, p;

    for (s = 0; s < t->n_switches; s++) {
        uint64_t dpid = bench_topo_dpid(s);

        if (t->n_ports[s] > allocated) {
            allocated = t->n_ports[s];
            ports = xrealloc(ports, allocated * sizeof *ports);
        }
        bench_ofp_make_ports(ports, t->n_ports[s], dpid);
        topo_graph_switch_add(g, dpid);
        for (p = 0; p < t->n_ports[s]; p++) {
            topo_graph_port_set(g, dpid, ports[p].port_no, &ports[p].hw_addr,
                                true, ports[p].curr_speed);
        }
    }
    free(ports);
    return g;
}

/* One discovery round over 't' into 'g' at 'now' (ms). Stores the time
 * spent inside topo_lldp in '*lldp_ns'. Returns the number of probes. */
static size_t
discovery_round(const struct bench_topo *t, struct topo_lldp *lldp,
                struct topo_graph *g, uint64_t now, uint64_t *lldp_ns)
{
    struct topo_lldp_probes probes;
    struct bench_topo_wire_stats ws;
    struct buf po, pi;
    size_t i, n;
    uint64_t t0;

    memset(&ws, 0, sizeof ws);
    topo_lldp_probes_init(&probes);
    buf_init(&po, 256);
    buf_init(&pi, 256);
    t0 = bench_topo_calc_cpu_ns();
    n = topo_lldp_run(lldp, g, now, &probes);
    *lldp_ns = bench_topo_calc_cpu_ns() - t0;
    for (i = 0; i < probes.n; i++) {
        const struct topo_lldp_probe *pr = &probes.probes[i];
        struct bench_topo_delivery d[4];
        int j, n_d, error;

        buf_clear(&po);
        if (ofp_packet_out_encode_output(OFP_NO_BUFFER, OFPP_CONTROLLER,
                                         pr->port,
                                         topo_lldp_probe_frame(&probes, i),
                                         pr->size, OFP13_VERSION, i, &po)) {
            continue;
        }
        n_d = bench_topo_wire(t, bench_topo_sw(t, pr->dpid),
                              (const struct ofp_header *) (void *) po.data,
                              d, ARRAY_SIZE(d), &ws, &error);
        for (j = 0; j < n_d; j++) {
            struct ofp_packet_in pin;

            memset(&pin, 0, sizeof pin);
            pin.buffer_id = OFP_NO_BUFFER;
            pin.total_len = d[j].size;
            pin.in_port = d[j].port;
            pin.reason = OFPR_ACTION;   /* A flow sent it up. */
            pin.data = d[j].frame;
            pin.data_len = d[j].size;
            buf_clear(&pi);
            if (ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &pi)
                || ofp_packet_in_decode(&pin, (const struct ofp_header *)
                                                   (void *) pi.data)) {
                continue;
            }
            t0 = bench_topo_calc_cpu_ns();
            topo_lldp_rx(lldp, g, bench_topo_dpid(d[j].sw), pin.in_port,
                         pin.data, pin.data_len, now + 1, NULL);
            *lldp_ns += bench_topo_calc_cpu_ns() - t0;
        }
    }
    buf_uninit(&po);
    buf_uninit(&pi);
    topo_lldp_probes_uninit(&probes);
    return n;
}

/* Classifies every port of 'g' once; returns the number of fabric
 * ports. */
static size_t
classify_ports(const struct topo_graph *g)
{
    size_t i, j, n_fabric = 0;

    for (i = 0; i < topo_graph_n_switches(g); i++) {
        const struct topo_switch *sw = topo_graph_switch_at(g, i);

        for (j = 0; j < sw->n_ports; j++) {
            n_fabric += topo_graph_port_kind(g, sw->dpid,
                                             sw->ports[j].port_no)
                        == TOPO_PORT_FABRIC;
        }
    }
    return n_fabric;
}

static size_t
count_up_links(const struct topo_graph *g)
{
    struct topo_link *links;
    size_t n = topo_graph_up_links(g, &links);

    free(links);
    return n;
}

static void
set_link_live(const struct bench_topo *t, struct topo_graph *g,
              uint32_t link, bool live)
{
    const struct bench_topo_end *ends[2] = { &t->links[link].a,
                                             &t->links[link].b };
    size_t i;

    for (i = 0; i < 2; i++) {
        uint64_t dpid = bench_topo_dpid(ends[i]->sw);
        const struct topo_port *p = topo_graph_port_find(g, dpid,
                                                         ends[i]->port);
        struct eth_addr hw = p->hw_addr;

        topo_graph_port_set(g, dpid, ends[i]->port, &hw, live,
                            p->speed_kbps);
    }
}

/* Walks the route and backups of every pair; fills the pair figures. */
static void
walk_pairs(const struct bench_topo *t, const struct topo_path *p,
           const uint32_t *pairs, size_t n_pairs,
           struct bench_topo_calc_result *res)
{
    static struct topo_hop hops[MAX_HOPS];
    size_t i, total_hops = 0, backups = 0;

    res->unreachable = 0;
    for (i = 0; i < n_pairs; i++) {
        const struct bench_topo_end *src = &t->hosts[pairs[2 * i]];
        const struct bench_topo_end *dst = &t->hosts[pairs[2 * i + 1]];
        uint64_t s = bench_topo_dpid(src->sw), d = bench_topo_dpid(dst->sw);
        size_t n, j;

        if (s == d) {
            continue;                   /* Same switch: no fabric hop. */
        }
        n = topo_path_route(p, s, d, hops, MAX_HOPS);
        if (!n) {
            res->unreachable++;
            continue;
        }
        total_hops += n;
        for (j = 0; j < n && j < MAX_HOPS; j++) {
            struct topo_hop b;

            backups += topo_path_backup(p, hops[j].dpid, d, &b);
        }
    }
    res->hops_mean = n_pairs ? (double) total_hops / n_pairs : 0;
    res->backup_share = total_hops ? (double) backups / total_hops : 0;
}

/* Compares every (switch, destination) primary next hop of 'a' and 'b'. */
static void
compare_paths(const struct bench_topo *t, const struct topo_path *a,
              const struct topo_path *b, struct bench_topo_calc_result *res)
{
    uint32_t s, d;

    res->changed_next_hops = res->changed_switches = 0;
    res->fail_unreachable = 0;
    for (s = 0; s < t->n_switches; s++) {
        uint64_t sd = bench_topo_dpid(s);
        bool changed = false;

        for (d = 0; d < t->n_switches; d++) {
            uint64_t dd = bench_topo_dpid(d);
            struct topo_hop ha, hb;
            bool in_a, in_b;

            if (s == d) {
                continue;
            }
            in_a = topo_path_next_hop(a, sd, dd, &ha);
            in_b = topo_path_next_hop(b, sd, dd, &hb);
            if (!in_b) {
                res->fail_unreachable++;
            }
            if (in_a != in_b || (in_a && ha.port != hb.port)) {
                res->changed_next_hops++;
                changed = true;
            }
        }
        res->changed_switches += changed;
    }
}

/* A host table with every host of 't', as the fabric learns them from
 * their first frame on an edge port of 'g'. */
static struct topo_host_table *
learn_hosts(const struct bench_topo *t, const struct topo_graph *g)
{
    struct topo_host_table *ht = topo_host_create(t->n_hosts + 1);
    size_t h;

    for (h = 0; h < t->n_hosts; h++) {
        struct topo_host_obs obs;

        memset(&obs, 0, sizeof obs);
        bench_frame_mac(t->hosts[h].sw, t->hosts[h].port, &obs.mac);
        obs.dpid = bench_topo_dpid(t->hosts[h].sw);
        obs.port = t->hosts[h].port;
        obs.has_ipv4 = true;
        obs.ipv4 = htonl(0xc6120000u + h + 1);
        topo_host_learn(ht, g, &obs, 0, NULL);
    }
    return ht;
}

/* The pure fabric work for 't' with every host known: compiles every
 * switch's desired state from 'g' + 'path' (initial programming), then
 * from 'g_after' + 'path_after' (the failure link down) and diffs each
 * switch's two states into OpenFlow messages (what the fabric sends). */
static void
compile_fabric(const struct bench_topo *t, const struct topo_graph *g,
               const struct topo_path *path, const struct topo_graph *g_after,
               const struct topo_path *path_after,
               struct bench_topo_calc_result *res)
{
    struct topo_host_table *ht = learn_hosts(t, g);
    struct fabric_view view, view_after;
    struct fabric_sync_options sync_opts;
    struct fabric_state *old_state = fabric_state_create();
    struct fabric_state *new_state = fabric_state_create();
    uint64_t compile_ns = 0, react_ns = 0, incr_ns = 0;
    struct buf msgs;
    uint32_t s, xid = 0;

    buf_init(&msgs, 0);
    fabric_sync_options_init(&sync_opts, FABRIC_APP_FABRIC);
    fabric_view_init(&view, g, path, NULL, ht, NULL);
    fabric_view_init(&view_after, g_after, path_after, NULL, ht, NULL);
    res->flows = res->groups = res->flows_max = res->groups_max = 0;
    res->state_bytes = 0;
    res->fail_msgs = res->fail_msg_switches = res->fail_msg_bytes = 0;
    res->incr_switches = res->incr_missed = 0;
    for (s = 0; s < t->n_switches; s++) {
        uint64_t dpid = bench_topo_dpid(s), t0, fp_before, fp_after;
        struct fabric_sync_counts counts;
        size_t heap0, n;
        bool moved;

        fabric_state_destroy(old_state);
        heap0 = bench_topo_calc_heap();
        old_state = fabric_state_create();
        t0 = bench_topo_calc_cpu_ns();
        fabric_compile_switch(&view, dpid, old_state);
        compile_ns += bench_topo_calc_cpu_ns() - t0;
        res->state_bytes += bench_topo_calc_heap() - heap0;
        n = fabric_state_n_flows(old_state);
        res->flows += n;
        res->flows_max = MAX(res->flows_max, n);
        n = fabric_state_n_groups(old_state);
        res->groups += n;
        res->groups_max = MAX(res->groups_max, n);

        /* The reaction to the failure: the new state, and the messages
         * from the old one to it. kumod (fabric-core) compiles and diffs
         * only the switches whose fingerprint moved: that is 'incr'
         * (fingerprints of every switch + those compiles and diffs). */
        fp_before = fabric_view_fingerprint(&view, dpid);
        t0 = bench_topo_calc_cpu_ns();
        fp_after = fabric_view_fingerprint(&view_after, dpid);
        incr_ns += bench_topo_calc_cpu_ns() - t0;
        moved = fp_before != fp_after;
        buf_clear(&msgs);
        t0 = bench_topo_calc_cpu_ns();
        fabric_compile_switch(&view_after, dpid, new_state);
        fabric_sync_diff(old_state, new_state, &sync_opts, &xid, &msgs,
                         &counts);
        react_ns += bench_topo_calc_cpu_ns() - t0;
        if (moved) {
            incr_ns += bench_topo_calc_cpu_ns() - t0;
            res->incr_switches++;
        } else if (counts.n_msgs) {
            res->incr_missed++;         /* Would be a bug. */
        }
        res->fail_msgs += counts.n_msgs;
        res->fail_msg_switches += counts.n_msgs > 0;
        res->fail_msg_bytes += msgs.size;
    }
    res->compile_ms = compile_ns / 1e6;
    res->fail_compile_ms = react_ns / 1e6;
    res->incr_ms = incr_ns / 1e6;
    fabric_view_uninit(&view);
    fabric_view_uninit(&view_after);
    fabric_state_destroy(old_state);
    fabric_state_destroy(new_state);
    buf_uninit(&msgs);
    topo_host_destroy(ht);
}

/* Runs the micro-benchmarks. */
char *
bench_topo_calc(const struct bench_topo *t, uint32_t n_pairs, uint64_t seed,
                uint32_t reps, bool compile,
                struct bench_topo_calc_result *res)
{
    static const struct topo_lldp_config lldp_cfg = {
        .interval_ms = 1000, .miss_limit = 3, .secret = 0x6b756d6f,
    };
    double *graph_ms = xcalloc(reps, sizeof *graph_ms);
    double *lldp_ms = xcalloc(reps, sizeof *lldp_ms);
    double *lldp_total_ms = xcalloc(reps, sizeof *lldp_total_ms);
    double *lldp_refresh_ms = xcalloc(reps, sizeof *lldp_refresh_ms);
    double *path_ms = xcalloc(reps, sizeof *path_ms);
    double *kinds_ms = xcalloc(reps, sizeof *kinds_ms);
    double *pairs_ms = xcalloc(reps, sizeof *pairs_ms);
    double *fail_ms = xcalloc(reps, sizeof *fail_ms);
    uint32_t *pairs = NULL;
    char *error = NULL;
    uint64_t state = seed;
    uint32_t r;
    size_t i;

    memset(res, 0, sizeof *res);
    res->fail_link = bench_topo_pick_link(t, seed);
    if (t->n_hosts >= 2) {
        res->n_pairs = n_pairs;
        pairs = xmalloc(2 * (size_t) n_pairs * sizeof *pairs);
        for (i = 0; i < n_pairs; i++) {
            uint32_t a = bench_topo_rng(&state) % t->n_hosts, b;

            do {
                b = bench_topo_rng(&state) % t->n_hosts;
            } while (b == a);
            pairs[2 * i] = a;
            pairs[2 * i + 1] = b;
        }
    }
    for (r = 0; r < reps && !error; r++) {
        struct topo_path *path, *after;
        struct topo_graph *g;
        struct topo_lldp *lldp;
        uint64_t t0, t1, lldp_ns;
        size_t heap0;

        heap0 = bench_topo_calc_heap();
        t0 = bench_topo_calc_cpu_ns();
        g = build_graph(t);
        graph_ms[r] = ms_between(t0, bench_topo_calc_cpu_ns());

        lldp = topo_lldp_create(&lldp_cfg);
        t0 = bench_topo_calc_cpu_ns();
        res->lldp_probes = discovery_round(t, lldp, g, 1000, &lldp_ns);
        t1 = bench_topo_calc_cpu_ns();
        lldp_total_ms[r] = ms_between(t0, t1);
        lldp_ms[r] = lldp_ns / 1e6;
        discovery_round(t, lldp, g, 1000 + lldp_cfg.interval_ms, &lldp_ns);
        lldp_refresh_ms[r] = lldp_ns / 1e6;
        res->links_found = count_up_links(g);
        res->graph_bytes = bench_topo_calc_heap() - heap0;
        if (res->links_found != t->n_links) {
            error = xasprintf("%s: one discovery round found %zu links, "
                              "the topology has %zu", t->name,
                              res->links_found, t->n_links);
        }

        t0 = bench_topo_calc_cpu_ns();
        if (classify_ports(g) != 2 * t->n_links && !error) {
            error = xasprintf("%s: topo_graph_port_kind() does not find "
                              "%zu fabric ports", t->name, 2 * t->n_links);
        }
        kinds_ms[r] = ms_between(t0, bench_topo_calc_cpu_ns());

        heap0 = bench_topo_calc_heap();
        t0 = bench_topo_calc_cpu_ns();
        path = topo_path_compute(g);
        path_ms[r] = ms_between(t0, bench_topo_calc_cpu_ns());
        res->path_bytes = bench_topo_calc_heap() - heap0;

        t0 = bench_topo_calc_cpu_ns();
        if (pairs) {
            walk_pairs(t, path, pairs, n_pairs, res);
        }
        pairs_ms[r] = ms_between(t0, bench_topo_calc_cpu_ns());
        if (!error && res->unreachable) {
            error = xasprintf("%s: %zu of %u host pairs have no route",
                              t->name, res->unreachable, n_pairs);
        }

        if (res->fail_link != BENCH_TOPO_NONE) {
            struct topo_graph *g_after = g;

            if (r == 0 && compile) {
                /* The compiler reads the graph too: keep 'g' as it was
                 * and fail the link in a second discovered graph. */
                struct topo_lldp *l2 = topo_lldp_create(&lldp_cfg);

                g_after = build_graph(t);
                discovery_round(t, l2, g_after, 1000, &lldp_ns);
                topo_lldp_destroy(l2);
            }
            t0 = bench_topo_calc_cpu_ns();
            set_link_live(t, g_after, res->fail_link, false);
            after = topo_path_compute(g_after);
            fail_ms[r] = ms_between(t0, bench_topo_calc_cpu_ns());
            if (r == 0) {
                compare_paths(t, path, after, res);
                if (compile) {
                    compile_fabric(t, g, path, g_after, after, res);
                }
            }
            topo_path_destroy(after);
            if (g_after != g) {
                topo_graph_destroy(g_after);
            }
        }
        topo_path_destroy(path);
        topo_lldp_destroy(lldp);
        topo_graph_destroy(g);
    }
    res->graph_ms = bench_stats_median(graph_ms, reps);
    res->lldp_ms = bench_stats_median(lldp_ms, reps);
    res->lldp_total_ms = bench_stats_median(lldp_total_ms, reps);
    res->lldp_refresh_ms = bench_stats_median(lldp_refresh_ms, reps);
    res->path_ms = bench_stats_median(path_ms, reps);
    res->kinds_ms = bench_stats_median(kinds_ms, reps);
    res->pairs_ms = bench_stats_median(pairs_ms, reps);
    res->fail_ms = bench_stats_median(fail_ms, reps);
    free(graph_ms);
    free(lldp_ms);
    free(lldp_total_ms);
    free(lldp_refresh_ms);
    free(path_ms);
    free(kinds_ms);
    free(pairs_ms);
    free(fail_ms);
    free(pairs);
    return error;
}
