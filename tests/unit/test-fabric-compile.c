/* Unit tests for src/fabric/fabric-compile (with fabric-sim): builds rings,
 * leaf-spines, meshes and a line with topo_graph + topo_path + topo_host,
 * compiles every switch, and checks forwarding by walking packets through
 * the compiled tables and groups hop by hop: every host pair delivered
 * exactly once on a shortest path, with every single link cut before the
 * controller reacts (fast-failover and bounce entries alone) and after it
 * recomputes, while switches are updated one by one after a restoration,
 * broadcasts reaching every host exactly once, never a loop or a storm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fabric-fixture.h"
#include "fabric/fabric-compile.h"
#include "fabric/fabric-sim.h"
#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"

#define EDGE_PORT 100
#define EDGE_PORT2 101
#define ETH_TYPE_IP 0x0800

/* ---- Building networks ---- */

struct host {
    struct eth_addr mac;
    uint64_t dpid;
    uint32_t port;
};

struct cable_rec {
    uint64_t a;
    uint32_t pa;
    uint64_t b;
    uint32_t pb;
};

struct net {
    struct topo_graph *g;
    struct topo_host_table *hosts;
    struct topo_path *path;
    uint64_t dpids[64];
    size_t n_sw;
    struct fabric_state *states[64];
    struct fabric_sim *sim;
    struct host h[64];
    size_t n_h;
    struct cable_rec cables[128];
    size_t n_cables;
    uint64_t now;
    uint64_t down;              /* A switch that is down (0: none): checks
                                 * skip its hosts. */
};

static struct eth_addr
mac_of(uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = { { 0x02, (uint8_t) (dpid >> 16),
                             (uint8_t) (dpid >> 8), (uint8_t) dpid,
                             (uint8_t) (port >> 8), (uint8_t) port } };
    return ea;
}

static struct eth_addr
host_mac(uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = mac_of(dpid, port);

    ea.ea[0] = 0x0a;
    return ea;
}

static void
port_set(struct net *n, uint64_t dpid, uint32_t port, bool live)
{
    struct eth_addr ea = mac_of(dpid, port);

    topo_graph_port_set(n->g, dpid, port, &ea, live, 10000000);
}

static struct net *
net_create(void)
{
    struct net *n = xzalloc(sizeof *n);

    n->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    n->hosts = topo_host_create(1000);
    n->sim = fabric_sim_create();
    n->now = 1000;
    return n;
}

static void
net_destroy(struct net *n)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        fabric_state_destroy(n->states[i]);
    }
    fabric_sim_destroy(n->sim);
    topo_path_destroy(n->path);
    topo_host_destroy(n->hosts);
    topo_graph_destroy(n->g);
    free(n);
}

static void
add_switch(struct net *n, uint64_t dpid)
{
    assert_true(n->n_sw < ARRAY_SIZE(n->dpids));
    topo_graph_switch_add(n->g, dpid);
    n->dpids[n->n_sw] = dpid;
    n->states[n->n_sw] = fabric_state_create();
    fabric_sim_set_switch(n->sim, dpid, n->states[n->n_sw]);
    n->n_sw++;
}

/* Adds a host on (dpid, port); the fabric learns it later. */
static void
add_host(struct net *n, uint64_t dpid, uint32_t port)
{
    assert_true(n->n_h < ARRAY_SIZE(n->h));
    port_set(n, dpid, port, true);
    n->h[n->n_h].mac = host_mac(dpid, port);
    n->h[n->n_h].dpid = dpid;
    n->h[n->n_h].port = port;
    n->n_h++;
}

static void
link_seen(struct net *n, const struct cable_rec *c)
{
    assert_true(topo_graph_link_seen(n->g, c->a, c->pa, c->b, c->pb, n->now));
    assert_true(topo_graph_link_seen(n->g, c->b, c->pb, c->a, c->pa, n->now));
}

static void
cable(struct net *n, uint64_t a, uint32_t pa, uint64_t b, uint32_t pb)
{
    struct cable_rec *c = &n->cables[n->n_cables++];

    *c = (struct cable_rec) { a, pa, b, pb };
    port_set(n, a, pa, true);
    port_set(n, b, pb, true);
    link_seen(n, c);
    fabric_sim_cable(n->sim, a, pa, b, pb);
}

/* Learns every host (as the fabric does from their first packet-in). */
static void
learn_hosts(struct net *n)
{
    size_t i;

    for (i = 0; i < n->n_h; i++) {
        struct topo_host_obs obs;

        memset(&obs, 0, sizeof obs);
        obs.mac = n->h[i].mac;
        obs.dpid = n->h[i].dpid;
        obs.port = n->h[i].port;
        assert_int_equal(topo_host_learn(n->hosts, n->g, &obs, n->now, NULL),
                         TOPO_HOST_NEW);
    }
}

/* Recomputes paths; compiles every switch with 'prev' (may be NULL) as
 * the previous snapshot. */
static void
net_compile_prev(struct net *n, const struct topo_path *prev)
{
    struct fabric_view view;
    size_t i;

    topo_path_destroy(n->path);
    n->path = topo_path_compute(n->g);
    fabric_view_init(&view, n->g, n->path, prev, n->hosts, NULL);
    for (i = 0; i < n->n_sw; i++) {
        assert_true(fabric_compile_switch(&view, n->dpids[i], n->states[i]));
    }
    fabric_view_uninit(&view);
}

static void
net_compile(struct net *n)
{
    net_compile_prev(n, NULL);
}

/* Ring of k switches 1..k: port 1 towards i+1, port 2 towards i-1; a host
 * on port 100 of each. */
static struct net *
make_ring(size_t k)
{
    struct net *n = net_create();
    size_t i;

    for (i = 1; i <= k; i++) {
        add_switch(n, i);
        add_host(n, i, EDGE_PORT);
    }
    for (i = 1; i <= k; i++) {
        cable(n, i, 1, i % k + 1, 2);
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

/* Leaf-spine: spines 1..s, leaves 101..100+l; leaf port j goes to spine j,
 * spine port i to leaf 100+i; two hosts per leaf (ports 100 and 101). */
static struct net *
make_leaf_spine(size_t s, size_t l)
{
    struct net *n = net_create();
    size_t i, j;

    for (j = 1; j <= s; j++) {
        add_switch(n, j);
    }
    for (i = 1; i <= l; i++) {
        add_switch(n, 100 + i);
        add_host(n, 100 + i, EDGE_PORT);
        add_host(n, 100 + i, EDGE_PORT2);
        for (j = 1; j <= s; j++) {
            cable(n, 100 + i, (uint32_t) j, j, (uint32_t) i);
        }
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

/* Full mesh of k: switch i port j goes to switch j. */
static struct net *
make_mesh(size_t k)
{
    struct net *n = net_create();
    size_t i, j;

    for (i = 1; i <= k; i++) {
        add_switch(n, i);
        add_host(n, i, EDGE_PORT);
    }
    for (i = 1; i <= k; i++) {
        for (j = i + 1; j <= k; j++) {
            cable(n, i, (uint32_t) j, j, (uint32_t) i);
        }
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

static struct net *
make_line(size_t k)
{
    struct net *n = net_create();
    size_t i;

    for (i = 1; i <= k; i++) {
        add_switch(n, i);
        add_host(n, i, EDGE_PORT);
    }
    for (i = 1; i < k; i++) {
        cable(n, i, 1, i + 1, 2);
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

/* A 3x3 grid (torus-free): switch (r,c) = 10r+c; port 1 east, 2 west,
 * 3 south, 4 north. Many equal-cost paths of length > 1. */
static struct net *
make_grid(void)
{
    struct net *n = net_create();
    int r, c;

    for (r = 1; r <= 3; r++) {
        for (c = 1; c <= 3; c++) {
            add_switch(n, (uint64_t) (10 * r + c));
            add_host(n, (uint64_t) (10 * r + c), EDGE_PORT);
        }
    }
    for (r = 1; r <= 3; r++) {
        for (c = 1; c <= 3; c++) {
            uint64_t me = (uint64_t) (10 * r + c);

            if (c < 3) {
                cable(n, me, 1, me + 1, 2);
            }
            if (r < 3) {
                cable(n, me, 3, me + 10, 4);
            }
        }
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

/* A random connected graph of 'k' switches from 'seed': a random tree
 * plus 'extra' random links (no duplicates), ports numbered in order of
 * creation; a host on port 100 of each switch. */
static struct net *
make_random(size_t k, size_t extra, uint32_t seed)
{
    struct net *n = net_create();
    uint32_t next_port[33];
    bool linked[33][33];
    uint32_t x = seed * 2654435761u + 1;
    size_t i, e;

    assert_true(k <= 32);
    memset(linked, 0, sizeof linked);
    for (i = 1; i <= k; i++) {
        add_switch(n, i);
        add_host(n, i, EDGE_PORT);
        next_port[i] = 1;
    }
    for (i = 2; i <= k; i++) {
        size_t j;

        x = x * 1103515245u + 12345u;
        j = 1 + (x >> 8) % (i - 1);
        cable(n, i, next_port[i]++, j, next_port[j]++);
        linked[i][j] = linked[j][i] = true;
    }
    for (e = 0; e < extra * 20 && extra; e++) {
        size_t a, b;

        x = x * 1103515245u + 12345u;
        a = 1 + (x >> 8) % k;
        x = x * 1103515245u + 12345u;
        b = 1 + (x >> 8) % k;
        if (a != b && !linked[a][b]) {
            cable(n, a, next_port[a]++, b, next_port[b]++);
            linked[a][b] = linked[b][a] = true;
            if (!--extra) {
                break;
            }
        }
    }
    learn_hosts(n);
    net_compile(n);
    return n;
}

/* Takes cable 'c' down in the graph (port-status on both ends). */
static void
graph_cut(struct net *n, const struct cable_rec *c)
{
    port_set(n, c->a, c->pa, false);
    port_set(n, c->b, c->pb, false);
}

/* Brings cable 'c' back in the graph (port up, LLDP both ways). */
static void
graph_restore(struct net *n, const struct cable_rec *c)
{
    port_set(n, c->a, c->pa, true);
    port_set(n, c->b, c->pb, true);
    link_seen(n, c);
}

/* ---- Checks ---- */

static struct fabric_sim_packet
packet(uint32_t in_port, struct eth_addr src, struct eth_addr dst,
       uint16_t eth_type)
{
    return fabric_fixture_packet(in_port, src, dst, eth_type);
}

/* Prints the trace of 'pkt' from 'dpid' (for a failing check). */
static void
print_trace(const struct net *n, uint64_t dpid,
            const struct fabric_sim_packet *pkt)
{
    struct fabric_sim_result r;
    struct ds trace = DS_EMPTY_INITIALIZER;

    fabric_sim_result_init(&r);
    fabric_sim_run(n->sim, dpid, pkt, 4 * n->n_sw, &r, &trace);
    fprintf(stderr, "trace from %#"PRIx64":\n%s", dpid, ds_cstr(&trace));
    ds_destroy(&trace);
    fabric_sim_result_uninit(&r);
}

struct ucast_stats {
    size_t paths;               /* Possible paths explored. */
    size_t delivered;
    size_t dropped;
    size_t max_hops;
};

/* Sends a unicast from every host to every other one. Every possible path
 * must end at the destination (if 'all'), or at the destination or in a
 * drop; never at another host, the controller, or in a loop. If
 * 'shortest', every path must take exactly topo_path_distance() hops. */
static void
check_unicast(const struct net *n, bool all, bool shortest,
              struct ucast_stats *st)
{
    struct fabric_sim_result r;
    size_t i, j, k;

    memset(st, 0, sizeof *st);
    fabric_sim_result_init(&r);
    for (i = 0; i < n->n_h; i++) {
        for (j = 0; j < n->n_h; j++) {
            const struct host *src = &n->h[i], *dst = &n->h[j];
            struct fabric_sim_packet p = packet(src->port, src->mac, dst->mac,
                                                ETH_TYPE_IP);
            bool ok = true;

            if (i == j || src->dpid == n->down || dst->dpid == n->down) {
                continue;
            }
            fabric_sim_result_clear(&r);
            fabric_sim_run(n->sim, src->dpid, &p, 4 * n->n_sw, &r, NULL);
            ok = !r.ambiguous && !r.truncated && r.n_events > 0;
            for (k = 0; k < r.n_events; k++) {
                const struct fabric_sim_event *e = &r.events[k];

                st->paths++;
                st->max_hops = MAX(st->max_hops, e->n_hops);
                if (e->type == FABRIC_SIM_DELIVER && e->dpid == dst->dpid
                    && e->port == dst->port) {
                    st->delivered++;
                    if (shortest
                        && e->n_hops != topo_path_distance(n->path, src->dpid,
                                                           dst->dpid)) {
                        ok = false;
                    }
                } else if (e->type == FABRIC_SIM_DROP && !all) {
                    st->dropped++;
                } else {
                    ok = false;
                }
            }
            if (!ok) {
                fprintf(stderr, "unicast %zu -> %zu failed\n", i, j);
                print_trace(n, src->dpid, &p);
                fail();
            }
        }
    }
    fabric_sim_result_uninit(&r);
}

/* Floods from every host (to 'dst', broadcast or unknown): each other host
 * receives exactly one copy if 'all', at most one otherwise; the sender
 * none; never the controller (unless 'ctl_ok'); no loop. */
static void
check_flood(const struct net *n, struct eth_addr dst, bool all,
            bool ctl_ok)
{
    struct fabric_sim_result r;
    size_t i, j;

    fabric_sim_result_init(&r);
    for (i = 0; i < n->n_h; i++) {
        const struct host *src = &n->h[i];
        struct fabric_sim_packet p = packet(src->port, src->mac, dst,
                                            ETH_TYPE_IP);
        size_t n_deliver;

        if (src->dpid == n->down) {
            continue;
        }
        fabric_sim_result_clear(&r);
        fabric_sim_run(n->sim, src->dpid, &p, 4 * n->n_sw, &r, NULL);
        assert_false(r.ambiguous);
        assert_false(r.truncated);
        assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_LOOP, 0, 0), 0);
        if (!ctl_ok) {
            assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_CONTROLLER, 0,
                                              0), 0);
        }
        n_deliver = fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0);
        for (j = 0; j < n->n_h; j++) {
            size_t got = fabric_sim_count(&r, FABRIC_SIM_DELIVER,
                                          n->h[j].dpid, n->h[j].port);

            if (i == j || n->h[j].dpid == n->down) {
                assert_int_equal(got, 0);
            } else if (all) {
                if (got != 1) {
                    fprintf(stderr, "flood %zu -> %zu: %zu copies\n", i, j,
                            got);
                    print_trace(n, src->dpid, &p);
                }
                assert_int_equal(got, 1);
            } else {
                assert_true(got <= 1);
            }
            n_deliver -= got;
        }
        assert_int_equal(n_deliver, 0);     /* Nothing anywhere else. */
    }
    fabric_sim_result_uninit(&r);
}

static const struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff } };
static const struct eth_addr unknown = { { 0x0a, 0xee, 0xee, 0xee, 0xee,
                                           0xee } };

/* The per-state checks every topology passes with all links up. */
static void
check_intact(struct net *n)
{
    struct ucast_stats st;

    check_unicast(n, true, true, &st);
    assert_int_equal(st.delivered, st.paths);
    check_flood(n, bcast, true, false);
    check_flood(n, unknown, true, false);
}

/* Every single cable cut, before the controller reacts (the data plane
 * alone) and after it recomputes. 'heals' says whether the data plane
 * alone must deliver every pair. */
static void
check_cuts(struct net *n, bool heals)
{
    size_t c;

    for (c = 0; c < n->n_cables; c++) {
        const struct cable_rec *cr = &n->cables[c];
        struct ucast_stats st;

        fabric_sim_set_link_live(n->sim, cr->a, cr->pa, false);
        check_unicast(n, heals, false, &st);

        graph_cut(n, cr);
        net_compile(n);
        if (topo_path_distance(n->path, cr->a, cr->b) != TOPO_PATH_INFINITY) {
            check_unicast(n, true, true, &st);
            check_flood(n, bcast, true, false);
        } else {
            check_unicast(n, false, false, &st);
            check_flood(n, bcast, false, false);
        }

        graph_restore(n, cr);
        fabric_sim_set_link_live(n->sim, cr->a, cr->pa, true);
        net_compile(n);
    }
    check_intact(n);
}

/* Every switch in turn goes down: its neighbours' ports go dead at once
 * (the data plane alone must then deliver every pair of surviving hosts
 * if 'heals', and never loop or misdeliver), then the controller hears
 * about it (port-status, its hosts gone) and recomputes. */
static void
check_switch_down(struct net *n, bool heals)
{
    size_t d, c, i;

    for (d = 0; d < n->n_sw; d++) {
        uint64_t dpid = n->dpids[d];
        struct ucast_stats st;

        n->down = dpid;
        for (c = 0; c < n->n_cables; c++) {
            const struct cable_rec *cr = &n->cables[c];

            if (cr->a == dpid || cr->b == dpid) {
                fabric_sim_set_link_live(n->sim, cr->a, cr->pa, false);
            }
        }
        check_unicast(n, heals, false, &st);

        for (c = 0; c < n->n_cables; c++) {
            const struct cable_rec *cr = &n->cables[c];

            if (cr->a == dpid) {
                port_set(n, cr->b, cr->pb, false);
            } else if (cr->b == dpid) {
                port_set(n, cr->a, cr->pa, false);
            }
        }
        topo_host_switch_down(n->hosts, dpid);
        net_compile(n);
        check_unicast(n, heals, heals, &st);
        check_flood(n, bcast, heals, false);

        for (c = 0; c < n->n_cables; c++) {
            const struct cable_rec *cr = &n->cables[c];

            if (cr->a == dpid || cr->b == dpid) {
                graph_restore(n, cr);
                fabric_sim_set_link_live(n->sim, cr->a, cr->pa, true);
            }
        }
        for (i = 0; i < n->n_h; i++) {
            if (n->h[i].dpid == dpid) {
                struct topo_host_obs obs;

                memset(&obs, 0, sizeof obs);
                obs.mac = n->h[i].mac;
                obs.dpid = dpid;
                obs.port = n->h[i].port;
                assert_int_equal(topo_host_learn(n->hosts, n->g, &obs, n->now,
                                                 NULL), TOPO_HOST_NEW);
            }
        }
        n->down = 0;
        net_compile(n);
    }
    check_intact(n);
}

/* Copies every state of 'n' into 'saved' (caller destroys). */
static void
save_states(const struct net *n, struct fabric_state **saved)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        saved[i] = fabric_state_clone(n->states[i]);
    }
}

/* Makes the switches in 'mask' run 'b' and the others 'a'. */
static void
mix_states(struct net *n, struct fabric_state **a, struct fabric_state **b,
           uint64_t mask)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        fabric_sim_set_switch(n->sim, n->dpids[i],
                              mask & (1ull << i) ? b[i] : a[i]);
    }
}

static void
unmix_states(struct net *n)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        fabric_sim_set_switch(n->sim, n->dpids[i], n->states[i]);
    }
}

static void
destroy_states(const struct net *n, struct fabric_state **s)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        fabric_state_destroy(s[i]);
    }
}

/* Number of switch subsets to try: all of them for small networks. */
static uint64_t
n_masks(const struct net *n)
{
    return n->n_sw <= 6 ? 1ull << n->n_sw : 24;
}

static uint64_t
mask_at(const struct net *n, uint64_t i)
{
    /* Large networks: a fixed pseudo-random sample. */
    return n->n_sw <= 6 ? i : (i * 0x9e3779b97f4a7c15ull) >> 20;
}

/* Stages of a cable's life the fabric goes through. */
enum stage {
    CUT,                        /* Port-status down on both ends. */
    UP_AS_EDGE,                 /* Ports up again, no LLDP seen yet. */
    DISCOVERED,                 /* LLDP seen both ways. */
};

static void
apply_stage(struct net *n, const struct cable_rec *cr, enum stage stage)
{
    switch (stage) {
    case CUT:
        fabric_sim_set_link_live(n->sim, cr->a, cr->pa, false);
        graph_cut(n, cr);
        break;
    case UP_AS_EDGE:
        fabric_sim_set_link_live(n->sim, cr->a, cr->pa, true);
        port_set(n, cr->a, cr->pa, true);
        port_set(n, cr->b, cr->pb, true);
        break;
    case DISCOVERED:
        link_seen(n, cr);
        break;
    }
}

/* Walks every cable through cut, up, discovered. At each change the
 * fabric installs the transitional state (fabric_view prev_path) on
 * every switch, then the final one, one switch at a time: with any subset
 * of switches on the old state and the rest on the transitional one, or
 * any subset on the transitional and the rest on the new one, every pair
 * is delivered (if 'heals') or at least never misdelivered, and floods
 * never loop or duplicate (they may reach the controller, through a port
 * not yet known to be inter-switch). */
static void
check_transitions(struct net *n, bool heals)
{
    struct fabric_state *old[64], *trans[64], *new[64];
    size_t c;

    for (c = 0; c < n->n_cables; c++) {
        const struct cable_rec *cr = &n->cables[c];
        enum stage stage;

        for (stage = CUT; stage <= DISCOVERED; stage++) {
            struct topo_path *old_path;
            struct ucast_stats st;
            bool all;
            uint64_t i;

            save_states(n, old);
            old_path = n->path;
            n->path = NULL;
            apply_stage(n, cr, stage);
            net_compile_prev(n, old_path);
            save_states(n, trans);
            net_compile(n);
            save_states(n, new);
            all = heals;

            for (i = 0; i < n_masks(n); i++) {
                uint64_t mask = mask_at(n, i);

                mix_states(n, old, trans, mask);
                check_unicast(n, all, false, &st);
                check_flood(n, bcast, false, true);
                mix_states(n, trans, new, mask);
                check_unicast(n, all, false, &st);
                check_flood(n, bcast, false, true);
            }
            unmix_states(n);
            destroy_states(n, old);
            destroy_states(n, trans);
            destroy_states(n, new);
            topo_path_destroy(old_path);
        }
    }
    check_intact(n);
}

/* Frames the fabric must send to the controller, and only there. */
static void
check_controller(const struct net *n)
{
    struct fabric_sim_result r;
    struct eth_addr lldp_dst = { { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e } };
    size_t i;

    fabric_sim_result_init(&r);
    for (i = 0; i < n->n_h; i++) {
        const struct host *h = &n->h[i];
        struct eth_addr stranger = h->mac;
        struct fabric_sim_packet p;

        /* Unknown source on an edge port: controller only. */
        stranger.ea[5] ^= 0x55;
        stranger.ea[4] ^= 0x55;
        p = packet(h->port, stranger, bcast, ETH_TYPE_IP);
        fabric_sim_result_clear(&r);
        fabric_sim_run(n->sim, h->dpid, &p, 4 * n->n_sw, &r, NULL);
        assert_int_equal(r.n_events, 1);
        assert_int_equal(r.events[0].type, FABRIC_SIM_CONTROLLER);

        /* A known host on another port (it moved): controller only. */
        if (n->n_h > 1) {
            const struct host *other = &n->h[(i + 1) % n->n_h];

            p = packet(h->port, other->mac, n->h[(i + 2) % n->n_h].mac,
                       ETH_TYPE_IP);
            fabric_sim_result_clear(&r);
            fabric_sim_run(n->sim, h->dpid, &p, 4 * n->n_sw, &r, NULL);
            assert_int_equal(r.n_events, 1);
            assert_int_equal(r.events[0].type, FABRIC_SIM_CONTROLLER);
        }
    }
    /* LLDP from every cabled port and every host port. */
    for (i = 0; i < n->n_cables; i++) {
        const struct cable_rec *c = &n->cables[i];
        struct fabric_sim_packet p = packet(c->pa, mac_of(c->b, c->pb),
                                            lldp_dst, 0x88cc);

        fabric_sim_result_clear(&r);
        fabric_sim_run(n->sim, c->a, &p, 4 * n->n_sw, &r, NULL);
        assert_int_equal(r.n_events, 1);
        assert_int_equal(r.events[0].type, FABRIC_SIM_CONTROLLER);
    }
    for (i = 0; i < n->n_h; i++) {
        struct fabric_sim_packet p = packet(n->h[i].port, n->h[i].mac,
                                            lldp_dst, 0x88cc);

        fabric_sim_result_clear(&r);
        fabric_sim_run(n->sim, n->h[i].dpid, &p, 4 * n->n_sw, &r, NULL);
        assert_int_equal(r.n_events, 1);
        assert_int_equal(r.events[0].type, FABRIC_SIM_CONTROLLER);
    }
    fabric_sim_result_uninit(&r);
}

/* A broadcast or unknown unicast entering a fabric port that is not on
 * the flooding tree is dropped at once; one entering a tree port floods
 * (but is never sent back). */
static void
check_nontree(const struct net *n)
{
    struct fabric_sim_result r;
    size_t i;

    fabric_sim_result_init(&r);
    for (i = 0; i < n->n_cables; i++) {
        const struct cable_rec *c = &n->cables[i];
        struct fabric_sim_packet p = packet(c->pa, n->h[0].mac, bcast,
                                            ETH_TYPE_IP);
        bool tree = topo_path_is_tree_port(n->path, c->a, c->pa);

        assert_int_equal(tree, topo_path_is_tree_port(n->path, c->b, c->pb));
        fabric_sim_result_clear(&r);
        fabric_sim_run(n->sim, c->a, &p, 4 * n->n_sw, &r, NULL);
        if (tree) {
            assert_true(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0) > 0);
        } else {
            assert_int_equal(r.n_events, 1);
            assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);
        }
        assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_LOOP, 0, 0), 0);
    }
    fabric_sim_result_uninit(&r);
}

/* Flows and groups stay within O(hosts + switches x buckets). */
static void
check_sizes(const struct net *n)
{
    size_t i;

    for (i = 0; i < n->n_sw; i++) {
        size_t n_ports = topo_path_ports(n->path, n->dpids[i], NULL, 0);
        size_t n_links = topo_path_links(n->path, n->dpids[i], NULL, 0);
        size_t buckets = MAX(n_links, 2);

        assert_true(fabric_state_n_flows(n->states[i])
                    <= 5 + 2 * n->n_h + 2 * n_ports
                       + (n->n_sw - 1) * (1 + buckets));
        assert_true(fabric_state_n_groups(n->states[i])
                    <= 1 + (n->n_sw - 1) * (1 + buckets));
    }
}

static void
check_all(struct net *n, bool heals)
{
    check_intact(n);
    check_controller(n);
    check_nontree(n);
    check_sizes(n);
    check_cuts(n, heals);
    check_switch_down(n, heals);
    check_transitions(n, heals);
}

/* ---- Tests ---- */

static void
test_ring4(void **state)
{
    struct net *n = make_ring(4);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_ring5(void **state)
{
    struct net *n = make_ring(5);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_ring8(void **state)
{
    struct net *n = make_ring(8);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_leaf_spine(void **state)
{
    struct net *n = make_leaf_spine(2, 4);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_leaf_spine3(void **state)
{
    struct net *n = make_leaf_spine(3, 3);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_mesh(void **state)
{
    struct net *n = make_mesh(5);

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

static void
test_grid(void **state)
{
    struct net *n = make_grid();

    (void) state;
    check_all(n, true);
    net_destroy(n);
}

/* Sends every pair once; counts the pairs with a path that ends in a
 * loop, or in a drop, in '*loops' and '*drops'; fails on anything
 * misdelivered or sent to the controller. */
static void
count_unicast(const struct net *n, size_t *loops, size_t *drops)
{
    struct fabric_sim_result r;
    size_t i, j, k;

    fabric_sim_result_init(&r);
    for (i = 0; i < n->n_h; i++) {
        for (j = 0; j < n->n_h; j++) {
            const struct host *src = &n->h[i], *dst = &n->h[j];
            struct fabric_sim_packet p = packet(src->port, src->mac, dst->mac,
                                                ETH_TYPE_IP);
            bool loop = false, drop = false;

            if (i == j) {
                continue;
            }
            fabric_sim_result_clear(&r);
            fabric_sim_run(n->sim, src->dpid, &p, 4 * n->n_sw, &r, NULL);
            assert_false(r.ambiguous);
            for (k = 0; k < r.n_events; k++) {
                const struct fabric_sim_event *e = &r.events[k];

                loop |= e->type == FABRIC_SIM_LOOP;
                drop |= e->type == FABRIC_SIM_DROP;
                assert_true(e->type != FABRIC_SIM_CONTROLLER);
                assert_true(e->type != FABRIC_SIM_DELIVER
                            || (e->dpid == dst->dpid
                                && e->port == dst->port));
            }
            *loops += loop;
            *drops += drop;
        }
    }
    fabric_sim_result_uninit(&r);
}

/* Random connected graphs (a random tree plus a few links): the compiled
 * states deliver every pair on shortest paths, floods reach everyone once,
 * and after any cut and recomputation again. Before the recomputation the
 * data plane never misdelivers; unlike on the regular topologies above,
 * the bounce rules do not guarantee delivery nor loop-freedom on
 * arbitrary graphs: the counts are printed (see docs/pipeline.md). */
static void
test_random(void **state)
{
    size_t pairs = 0, loops = 0, drops = 0, cuts = 0;
    uint32_t seed;

    (void) state;
    for (seed = 1; seed <= 30; seed++) {
        struct net *n = make_random(6 + seed % 5, 3 + seed % 4, seed);
        size_t c;

        check_intact(n);
        check_controller(n);
        check_nontree(n);
        for (c = 0; c < n->n_cables; c++) {
            const struct cable_rec *cr = &n->cables[c];
            struct ucast_stats st;
            bool connected;

            fabric_sim_set_link_live(n->sim, cr->a, cr->pa, false);
            count_unicast(n, &loops, &drops);
            pairs += n->n_h * (n->n_h - 1);
            cuts++;

            graph_cut(n, cr);
            net_compile(n);
            connected = topo_path_distance(n->path, cr->a, cr->b)
                        != TOPO_PATH_INFINITY;
            check_unicast(n, connected, connected, &st);
            check_flood(n, bcast, connected, false);

            graph_restore(n, cr);
            fabric_sim_set_link_live(n->sim, cr->a, cr->pa, true);
            net_compile(n);
        }
        net_destroy(n);
    }
    print_message("random graphs: %zu cuts, %zu host pairs before "
                  "recomputation: %zu with a looping path, %zu with a "
                  "dropping one\n", cuts, pairs, loops, drops);
}

/* A line cannot heal a cut: packets are dropped, never looped or
 * misdelivered, and the rest keeps working. */
static void
test_line(void **state)
{
    struct net *n = make_line(4);

    (void) state;
    check_all(n, false);
    net_destroy(n);
}

/* Leaf-spine, the spine-leaf link on the active path dies: the spine
 * bounces the packet through another leaf (a path of 4 hops) until the
 * controller moves the traffic off it. */
static void
test_leaf_spine_bounce(void **state)
{
    struct net *n = make_leaf_spine(2, 4);
    struct fabric_sim_result r;
    /* Host on leaf 101 to host on leaf 102 through spine 1 (select may
     * choose it); spine 1 port 2 is the link to leaf 102. */
    struct fabric_sim_packet p = packet(EDGE_PORT, host_mac(101, EDGE_PORT),
                                        host_mac(102, EDGE_PORT),
                                        ETH_TYPE_IP);
    size_t k, max_hops = 0;

    (void) state;
    fabric_sim_set_link_live(n->sim, 1, 2, false);
    fabric_sim_result_init(&r);
    fabric_sim_run(n->sim, 101, &p, 16, &r, NULL);
    assert_int_equal(r.n_events, 2);        /* Via spine 1 and spine 2. */
    for (k = 0; k < r.n_events; k++) {
        assert_int_equal(r.events[k].type, FABRIC_SIM_DELIVER);
        assert_int_equal(r.events[k].dpid, 102);
        max_hops = MAX(max_hops, r.events[k].n_hops);
    }
    assert_int_equal(max_hops, 4);
    fabric_sim_result_uninit(&r);
    net_destroy(n);
}

/* Ring of 4: the link between a switch and its neighbour on the path dies
 * one hop further: the packet is sent back (IN_PORT) and goes round. */
static void
test_ring_uturn(void **state)
{
    struct net *n = make_ring(4);
    struct fabric_sim_result r;
    struct fabric_sim_packet p = packet(EDGE_PORT, host_mac(1, EDGE_PORT),
                                        host_mac(3, EDGE_PORT), ETH_TYPE_IP);
    size_t k;

    (void) state;
    /* 1 -> 3 is 2 hops via 2 or via 4; cut 2-3 (switch 2 port 1). */
    fabric_sim_set_link_live(n->sim, 2, 1, false);
    fabric_sim_result_init(&r);
    fabric_sim_run(n->sim, 1, &p, 16, &r, NULL);
    assert_int_equal(r.n_events, 2);
    for (k = 0; k < r.n_events; k++) {
        assert_int_equal(r.events[k].type, FABRIC_SIM_DELIVER);
        assert_int_equal(r.events[k].dpid, 3);
    }
    /* One path is 2 hops (via 4), the other 1->2->1->4->3. */
    assert_int_equal(r.events[0].n_hops + r.events[1].n_hops, 6);
    fabric_sim_result_uninit(&r);
    net_destroy(n);
}

/* Same input, same output: compiling twice, or from hosts learned in
 * another order, gives equal states; the view's slots are the dpids. */
static void
test_deterministic(void **state)
{
    struct net *a = make_leaf_spine(2, 3);
    struct net *b = net_create();
    struct fabric_view view;
    struct fabric_state *s = fabric_state_create();
    size_t i, j;

    (void) state;
    /* Same network, switches and hosts added in reverse order. */
    for (i = a->n_sw; i-- > 0;) {
        add_switch(b, a->dpids[i]);
    }
    for (i = a->n_h; i-- > 0;) {
        add_host(b, a->h[i].dpid, a->h[i].port);
    }
    for (i = a->n_cables; i-- > 0;) {
        const struct cable_rec *c = &a->cables[i];

        cable(b, c->a, c->pa, c->b, c->pb);
    }
    learn_hosts(b);
    net_compile(b);
    for (i = 0; i < a->n_sw; i++) {
        for (j = 0; j < b->n_sw; j++) {
            if (b->dpids[j] == a->dpids[i]) {
                assert_true(fabric_state_equal(a->states[i], b->states[j]));
            }
        }
    }
    fabric_view_init(&view, a->g, a->path, NULL, a->hosts, NULL);
    for (i = 0; i < a->n_sw; i++) {
        assert_int_equal(fabric_view_slot(&view, a->dpids[i]), a->dpids[i]);
        assert_true(fabric_compile_switch(&view, a->dpids[i], s));
        assert_true(fabric_state_equal(s, a->states[i]));
    }
    assert_int_equal(fabric_view_slot(&view, 999), UINT32_MAX);
    assert_false(fabric_compile_switch(&view, 999, s));
    assert_int_equal(fabric_state_n_flows(s), 0);
    fabric_view_uninit(&view);
    fabric_state_destroy(s);
    net_destroy(a);
    net_destroy(b);
}

/* Colliding dpids get distinct slots, in dpid order. */
static void
test_slots(void **state)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct topo_path *p;
    struct fabric_view view;

    (void) state;
    topo_graph_switch_add(g, 1);
    topo_graph_switch_add(g, 0x20003);      /* Folds to 1 too. */
    topo_graph_switch_add(g, 2);
    topo_graph_switch_add(g, 0xaabbccddeeff0011ull);
    p = topo_path_compute(g);
    fabric_view_init(&view, g, p, NULL, NULL, NULL);
    assert_int_equal(fabric_view_slot(&view, 1), 1);
    assert_int_equal(fabric_view_slot(&view, 2), 2);
    assert_int_equal(fabric_view_slot(&view, 0x20003), 3);
    assert_int_equal(fabric_view_slot(&view, 0xaabbccddeeff0011ull),
                     (0x0011 ^ 0xeeff ^ 0xccdd ^ 0xaabb) & 0xffff);
    fabric_view_uninit(&view);
    topo_path_destroy(p);
    topo_graph_destroy(g);
}

/* Returns the group that table 30 of 's' uses for destination slot
 * 'slot', for packets from 'in_port' (0: the destination entry). */
static const struct fabric_group *
dest_group(const struct fabric_state *s, uint32_t slot, uint32_t in_port)
{
    const struct fabric_flow *f;
    struct ofp_match m;

    ofp_match_init_catchall(&m);
    ofp_match_set_metadata_masked(&m, FABRIC_META_DEST | slot,
                                  FABRIC_META_MASK);
    if (in_port) {
        ofp_match_set_in_port(&m, in_port);
    }
    f = fabric_state_find_flow(s, FABRIC_TABLE_PATH,
                               in_port ? FABRIC_PRIO_BOUNCE : FABRIC_PRIO_DEST,
                               &m);
    if (!f || f->instructions.n_apply_actions != 1
        || f->instructions.apply_actions[0].type != OFPACT_GROUP) {
        return NULL;
    }
    return fabric_state_find_group(s,
                                   f->instructions.apply_actions[0].group_id);
}

/* The pipeline's shape on one switch: table-miss entries, LLDP, groups
 * with watch ports, all encodable as OpenFlow 1.3. */
static void
test_shape(void **state)
{
    struct net *n = make_ring(4);
    const struct fabric_state *s = n->states[0];       /* Switch 1. */
    const struct fabric_group *g;
    struct fabric_options opts;
    struct fabric_sync_counts counts;
    struct fabric_sync_options so;
    struct ofp_match m;
    struct buf out;
    uint32_t xid = 1;
    struct ds ds = DS_EMPTY_INITIALIZER;

    (void) state;
    fabric_options_init(&opts);
    ofp_match_init_catchall(&m);
    assert_non_null(fabric_state_find_flow(s, FABRIC_TABLE_CLASSIFY, 0, &m));
    assert_non_null(fabric_state_find_flow(s, FABRIC_TABLE_POLICY, 0, &m));
    assert_non_null(fabric_state_find_flow(s, FABRIC_TABLE_L2, 0, &m));
    assert_non_null(fabric_state_find_flow(s, FABRIC_TABLE_PATH, 0, &m));
    ofp_match_set_eth_type(&m, 0x88cc);
    assert_non_null(fabric_state_find_flow(s, FABRIC_TABLE_CLASSIFY,
                                           FABRIC_PRIO_LLDP, &m));

    /* Flood group: edge port 100 and the two tree ports of switch 1. */
    g = fabric_state_find_group(s, fabric_group_id(1, FABRIC_GROUP_FLOOD,
                                                   0));
    assert_non_null(g);
    assert_int_equal(g->type, OFPGT13_ALL);
    assert_int_equal(g->n_buckets, 3);
    /* Switch 1 -> 2: fast failover, port 1 then port 2 (non-LFA backup). */
    g = dest_group(s, 2, 0);
    assert_non_null(g);
    assert_int_equal(g->group_id >> 20, 0x10 | FABRIC_GROUP_FF);
    assert_int_equal(g->type, OFPGT13_FF);
    assert_int_equal(g->n_buckets, 2);
    assert_int_equal(g->buckets[0].watch_port, 1);
    assert_int_equal(g->buckets[1].watch_port, 2);
    /* ... and what comes back from 2 (in_port 1) heads for 4 at once. */
    g = dest_group(s, 2, 1);
    assert_non_null(g);
    assert_int_equal(g->n_buckets, 1);
    assert_int_equal(g->buckets[0].watch_port, 2);
    /* Switch 1 -> 3: select over both ways. */
    g = dest_group(s, 3, 0);
    assert_non_null(g);
    assert_int_equal(g->group_id >> 20, 0x10 | FABRIC_GROUP_SELECT);
    assert_int_equal(g->type, OFPGT13_SELECT);
    assert_int_equal(g->n_buckets, 2);
    /* Groups with the same buckets are shared: what comes back from 2
     * for 2 and for 3 both leave by port 2 alone. */
    assert_int_equal(dest_group(s, 3, 1)->group_id,
                     dest_group(s, 2, 1)->group_id);
    assert_true(fabric_state_n_groups(s) < 1 + 3 * 3);

    fabric_state_format(&ds, s);
    assert_non_null(strstr(ds_cstr(&ds), ",type=select,"
                                         "bucket=weight:1,watch_port:1,"
                                         "actions=output:1,bucket=weight:1,"
                                         "watch_port:2,actions=output:2\n"));
    assert_non_null(strstr(ds_cstr(&ds), "table=0, priority=60000, cookie="
                                         "0x4b55010000000000, "
                                         "dl_type=0x88cc actions="
                                         "CONTROLLER:65535"));

    buf_init(&out, 0);
    fabric_sync_options_init(&so, FABRIC_APP_FABRIC);
    assert_int_equal(fabric_sync_diff(NULL, s, &so, &xid, &out, &counts), 0);
    assert_int_equal(counts.flow_adds, fabric_state_n_flows(s));
    assert_int_equal(counts.group_adds, fabric_state_n_groups(s));
    assert_int_equal(xid, 1 + counts.n_msgs);
    buf_uninit(&out);
    ds_destroy(&ds);
    net_destroy(n);
}

/* VLAN-tagged hosts are matched with their tag: the same MAC untagged
 * is a stranger, and tagged floods from it reach everyone once. */
static void
test_vlan_host(void **state)
{
    struct net *n = make_ring(3);
    struct topo_host_obs obs;
    struct fabric_sim_result r;
    struct fabric_sim_packet p;
    struct ofp_match m;
    size_t i;

    (void) state;
    memset(&obs, 0, sizeof obs);
    obs.mac = host_mac(9, 9);
    obs.vlan = 10;
    obs.dpid = 2;
    obs.port = EDGE_PORT;
    assert_int_equal(topo_host_learn(n->hosts, n->g, &obs, n->now, NULL),
                     TOPO_HOST_NEW);
    net_compile(n);

    ofp_match_init_catchall(&m);
    ofp_match_set_in_port(&m, EDGE_PORT);
    ofp_match_set_eth_src(&m, &obs.mac);
    ofp_match_set_vlan_vid(&m, OFPVID_PRESENT | 10);
    assert_non_null(fabric_state_find_flow(n->states[1],
                                           FABRIC_TABLE_CLASSIFY,
                                           FABRIC_PRIO_HOST_SRC, &m));
    ofp_match_init_catchall(&m);
    ofp_match_set_eth_dst(&m, &obs.mac);
    ofp_match_set_vlan_vid(&m, OFPVID_PRESENT | 10);
    for (i = 0; i < n->n_sw; i++) {
        assert_non_null(fabric_state_find_flow(n->states[i], FABRIC_TABLE_L2,
                                               FABRIC_PRIO_HOST_DST, &m));
    }

    fabric_sim_result_init(&r);
    p = packet(EDGE_PORT, obs.mac, bcast, ETH_TYPE_IP);
    fabric_sim_run(n->sim, 2, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_CONTROLLER);

    p.vlan_vid = OFPVID_PRESENT | 10;
    fabric_sim_result_clear(&r);
    fabric_sim_run(n->sim, 2, &p, 8, &r, NULL);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 2);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 1, EDGE_PORT),
                     1);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 3, EDGE_PORT),
                     1);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_CONTROLLER, 0, 0), 0);
    fabric_sim_result_uninit(&r);
    net_destroy(n);
}

/* The topo-path helpers the compiler uses: ports with roles, links, and
 * paths over the links two snapshots share. */
static void
test_topo_path_helpers(void **state)
{
    struct net *n = make_ring(4);
    struct topo_path_port ports[8];
    struct topo_hop hops[8];
    struct topo_path *before, *common;
    size_t k;

    (void) state;
    assert_int_equal(topo_path_ports(n->path, 1, ports, 8), 3);
    assert_int_equal(ports[0].port_no, 1);
    assert_int_equal(ports[1].port_no, 2);
    assert_int_equal(ports[2].port_no, EDGE_PORT);
    assert_int_equal(ports[2].role, TOPO_PATH_ROLE_EDGE);
    for (k = 0; k < 2; k++) {
        assert_int_equal(ports[k].role,
                         topo_path_is_tree_port(n->path, 1, ports[k].port_no)
                         ? TOPO_PATH_ROLE_TREE : TOPO_PATH_ROLE_NONTREE);
    }
    assert_int_equal(topo_path_ports(n->path, 1, ports, 1), 3);
    assert_int_equal(topo_path_ports(n->path, 77, ports, 8), 0);

    assert_int_equal(topo_path_links(n->path, 1, hops, 8), 2);
    assert_int_equal(hops[0].port, 1);
    assert_int_equal(hops[0].peer_dpid, 2);
    assert_int_equal(hops[0].peer_port, 2);
    assert_int_equal(hops[1].port, 2);
    assert_int_equal(hops[1].peer_dpid, 4);
    assert_int_equal(hops[1].peer_port, 1);
    assert_int_equal(topo_path_links(n->path, 77, hops, 8), 0);

    /* Cut 1-2: the common paths avoid it whichever way round. */
    before = n->path;
    n->path = NULL;
    graph_cut(n, &n->cables[0]);
    net_compile(n);
    common = topo_path_compute_common(n->g, before);
    assert_int_equal(topo_path_distance(common, 1, 2), 3);
    assert_int_equal(topo_path_links(common, 1, hops, 8), 1);
    topo_path_destroy(common);
    graph_restore(n, &n->cables[0]);
    common = topo_path_compute_common(n->g, n->path);
    assert_int_equal(topo_path_distance(common, 1, 2), 3);
    topo_path_destroy(common);
    common = topo_path_compute_common(n->g, before);
    assert_int_equal(topo_path_distance(common, 1, 2), 1);
    assert_int_equal(topo_path_distance(common, 1, 3), 2);
    topo_path_destroy(common);
    topo_path_destroy(before);
    net_destroy(n);
}

int
main(int argc, char *argv[])
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring4),
        cmocka_unit_test(test_ring5),
        cmocka_unit_test(test_ring8),
        cmocka_unit_test(test_leaf_spine),
        cmocka_unit_test(test_leaf_spine3),
        cmocka_unit_test(test_mesh),
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_leaf_spine_bounce),
        cmocka_unit_test(test_ring_uturn),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_slots),
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_vlan_host),
        cmocka_unit_test(test_topo_path_helpers),
    };

    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);    /* e.g. "test_ring*" */
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
