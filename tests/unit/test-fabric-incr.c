/* Unit tests for incremental compilation (fabric_view_fingerprint() in
 * src/fabric/fabric-compile, as fabric-core uses it) and the per-port link
 * index of src/topo/topo-graph.
 *
 * Random graphs go through random changes (links cut and added, ports
 * down and up, switches leaving and coming back, hosts learned, moved and
 * forgotten); after every change each switch is compiled from scratch
 * (the full recompile) and, like fabric-core, "incrementally": its state
 * is reused when its fingerprint did not move. The two must be equal for
 * every switch after every change, for final and for transitional views
 * (prev_path set), and the incremental side must actually skip switches
 * (else the test proves nothing). The port index (and the count of
 * one-way links) is checked against a brute-force classification of
 * every port after every change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fabric/fabric-compile.h"
#include "fabric/fabric-sync.h"
#include "fabric-fixture.h"
#include "lib/util.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"

#define MAX_SW 24
#define PORTS 8                 /* Ports 1..PORTS per switch. */
#define HOST_PORT 50            /* Edge ports 50, 51. */

struct world {
    struct topo_graph *g;
    struct topo_host_table *hosts;
    size_t n_sw;
    bool sw_up[MAX_SW + 1];
    struct fabric_fixture_cable cables[MAX_SW * PORTS];
    size_t n_cables;
    uint32_t next_port[MAX_SW + 1];
    uint64_t now;
};

static void
add_ports(struct world *w, uint64_t dpid)
{
    struct eth_addr ea = { { 0x02, 0, 0, 0, 0, (uint8_t) dpid } };
    uint32_t p;

    topo_graph_switch_add(w->g, dpid);
    for (p = 1; p <= PORTS; p++) {
        topo_graph_port_set(w->g, dpid, p, &ea, true, 10000000);
    }
    topo_graph_port_set(w->g, dpid, HOST_PORT, &ea, true, 1000000);
    topo_graph_port_set(w->g, dpid, HOST_PORT + 1, &ea, true, 1000000);
}

/* Both directions of cable 'c', seen now (if both ends are up). */
static void
see_cable(struct world *w, const struct fabric_fixture_cable *c)
{
    if (c->up && w->sw_up[c->a] && w->sw_up[c->b]) {
        topo_graph_link_seen(w->g, c->a, c->pa, c->b, c->pb, w->now);
        topo_graph_link_seen(w->g, c->b, c->pb, c->a, c->pa, w->now);
    }
}

static bool
add_cable(struct world *w, uint64_t a, uint64_t b)
{
    struct fabric_fixture_cable *c;

    if (a == b || w->next_port[a] > PORTS || w->next_port[b] > PORTS) {
        return false;
    }
    c = &w->cables[w->n_cables++];
    c->a = a;
    c->b = b;
    c->pa = w->next_port[a]++;
    c->pb = w->next_port[b]++;
    c->up = true;
    see_cable(w, c);
    return true;
}

static void
learn_host(struct world *w, uint32_t id, uint64_t dpid, uint32_t port)
{
    struct topo_host_obs obs;

    memset(&obs, 0, sizeof obs);
    obs.mac = (struct eth_addr) { { 0x0a, 0, 0, 0, (uint8_t) (id >> 8),
                                    (uint8_t) id } };
    obs.vlan = id % 3 == 0 ? 10 : 0;
    obs.dpid = dpid;
    obs.port = port;
    topo_host_learn(w->hosts, w->g, &obs, w->now, NULL);
}

static void
world_init(struct world *w, size_t n_sw, size_t extra)
{
    size_t i;

    memset(w, 0, sizeof *w);
    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(1000);
    w->n_sw = n_sw;
    w->now = 1000;
    for (i = 1; i <= n_sw; i++) {
        w->sw_up[i] = true;
        w->next_port[i] = 1;
        add_ports(w, i);
    }
    /* A random spanning tree, then extra links. */
    for (i = 2; i <= n_sw; i++) {
        uint64_t peer = 1 + fabric_fixture_rng_below((uint32_t) i - 1);
        int tries = 0;

        while (!add_cable(w, i, peer) && tries++ < 20) {
            peer = 1 + fabric_fixture_rng_below((uint32_t) i - 1);
        }
    }
    for (i = 0; i < extra; i++) {
        add_cable(w, 1 + fabric_fixture_rng_below((uint32_t) n_sw),
                  1 + fabric_fixture_rng_below((uint32_t) n_sw));
    }
    for (i = 0; i < n_sw; i++) {
        learn_host(w, (uint32_t) i, 1 + i, HOST_PORT);
    }
}

static void
world_uninit(struct world *w)
{
    topo_host_destroy(w->hosts);
    topo_graph_destroy(w->g);
}

/* Applies one random change; returns its name. */
static const char *
world_change(struct world *w)
{
    uint32_t what = fabric_fixture_rng_below(8);
    uint64_t dpid = 1 + fabric_fixture_rng_below((uint32_t) w->n_sw);
    struct eth_addr ea = { { 0x02, 0, 0, 0, 0, (uint8_t) dpid } };
    struct fabric_fixture_cable *c
        = w->n_cables ? &w->cables[fabric_fixture_rng_below(
                                       (uint32_t) w->n_cables)]
                      : NULL;

    w->now += 100;
    switch (what) {
    case 0:                     /* A cable cut (both ports down). */
        if (c && c->up && w->sw_up[c->a] && w->sw_up[c->b]) {
            c->up = false;
            topo_graph_port_set(w->g, c->a, c->pa, &ea, false, 10000000);
            topo_graph_port_set(w->g, c->b, c->pb, &ea, false, 10000000);
            topo_host_port_down(w->hosts, c->a, c->pa);
            topo_host_port_down(w->hosts, c->b, c->pb);
            return "cable cut";
        }
        return "nothing";
    case 1:                     /* A cut cable comes back. */
        if (c && !c->up && w->sw_up[c->a] && w->sw_up[c->b]) {
            c->up = true;
            topo_graph_port_set(w->g, c->a, c->pa, &ea, true, 10000000);
            topo_graph_port_set(w->g, c->b, c->pb, &ea, true, 10000000);
            see_cable(w, c);
            return "cable back";
        }
        return "nothing";
    case 2:                     /* A new cable. */
        add_cable(w, dpid, 1 + fabric_fixture_rng_below((uint32_t) w->n_sw));
        return "new cable";
    case 3:                     /* One direction only (unidirectional). */
        if (c && c->up && w->sw_up[c->a] && w->sw_up[c->b]) {
            topo_graph_link_remove(w->g, c->a, c->pa, c->b, c->pb);
            c->up = false;
            return "one direction lost";
        }
        return "nothing";
    case 4:                     /* A switch leaves or comes back. */
        if (w->sw_up[dpid]) {
            w->sw_up[dpid] = false;
            topo_host_switch_down(w->hosts, dpid);
            topo_graph_switch_remove(w->g, dpid);
            return "switch down";
        } else {
            size_t i;

            w->sw_up[dpid] = true;
            add_ports(w, dpid);
            for (i = 0; i < w->n_cables; i++) {
                if (w->cables[i].a == dpid || w->cables[i].b == dpid) {
                    see_cable(w, &w->cables[i]);
                }
            }
            return "switch up";
        }
    case 5:                     /* A new host. */
        if (w->sw_up[dpid]) {
            learn_host(w, 100 + fabric_fixture_rng_below(50), dpid,
                       HOST_PORT + fabric_fixture_rng_below(2));
            return "host";
        }
        return "nothing";
    case 6:                     /* An edge port down and up: its hosts go. */
        if (w->sw_up[dpid]) {
            topo_graph_port_set(w->g, dpid, HOST_PORT, &ea, false, 1000000);
            topo_host_port_down(w->hosts, dpid, HOST_PORT);
            topo_graph_port_set(w->g, dpid, HOST_PORT, &ea, true, 1000000);
            return "edge port flap";
        }
        return "nothing";
    default:                    /* A shared segment: a third port hears. */
        if (c && c->up && w->sw_up[c->a] && w->sw_up[dpid]
            && dpid != c->a && dpid != c->b) {
            topo_graph_link_seen(w->g, c->a, c->pa, dpid, HOST_PORT + 1,
                                 w->now);
            return "shared segment";
        }
        return "nothing";
    }
}

/* ---- The port index against brute force ---- */

/* topo_graph_port_kind() computed from every directed link (the
 * definition in topo-graph.h). */
static enum topo_port_kind
brute_kind(const struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    const struct topo_port *p = topo_graph_port_find(g, dpid, port);
    bool any = false, shared = false, designated = true, up = false;
    size_t i, j;

    if (!p) {
        return TOPO_PORT_UNKNOWN;
    }
    if (!p->live) {
        return TOPO_PORT_DOWN;
    }
    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        const struct topo_dlink *l = topo_graph_dlink_at(g, i);
        bool from = l->src_dpid == dpid && l->src_port == port;
        bool to = l->dst_dpid == dpid && l->dst_port == port;
        size_t n_from = 0, n_to = 0;

        if (!from && !to) {
            continue;
        }
        any = true;
        /* Shared: the source sends to several, or the destination hears
         * several. */
        for (j = 0; j < topo_graph_n_dlinks(g); j++) {
            const struct topo_dlink *o = topo_graph_dlink_at(g, j);

            n_from += o->src_dpid == l->src_dpid
                      && o->src_port == l->src_port;
            n_to += o->dst_dpid == l->dst_dpid && o->dst_port == l->dst_port;
        }
        assert_int_equal(l->shared, n_from > 1 || n_to > 1);
        if (l->shared) {
            uint64_t pd = from ? l->dst_dpid : l->src_dpid;
            uint32_t pp = from ? l->dst_port : l->src_port;

            shared = true;
            if (pd < dpid || (pd == dpid && pp < port)) {
                designated = false;
            }
        } else if (from) {
            for (j = 0; j < topo_graph_n_dlinks(g); j++) {
                const struct topo_dlink *r = topo_graph_dlink_at(g, j);

                if (r->src_dpid == l->dst_dpid && r->src_port == l->dst_port
                    && r->dst_dpid == dpid && r->dst_port == port
                    && !r->shared) {
                    up = true;
                }
            }
        }
    }
    if (!any) {
        return TOPO_PORT_EDGE;
    }
    if (shared) {
        return designated ? TOPO_PORT_SHARED : TOPO_PORT_SHARED_BLOCKED;
    }
    return up ? TOPO_PORT_FABRIC : TOPO_PORT_UNIDIR;
}

static void
check_port_index(const struct topo_graph *g)
{
    size_t i, j, n_oneway = 0;

    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        const struct topo_dlink *l = topo_graph_dlink_at(g, i);
        bool rev = false;

        for (j = 0; j < topo_graph_n_dlinks(g); j++) {
            const struct topo_dlink *r = topo_graph_dlink_at(g, j);

            rev |= r->src_dpid == l->dst_dpid && r->src_port == l->dst_port
                   && r->dst_dpid == l->src_dpid && r->dst_port == l->src_port;
        }
        n_oneway += !rev;
    }
    assert_int_equal(topo_graph_n_oneway(g), n_oneway);

    for (i = 0; i < topo_graph_n_switches(g); i++) {
        const struct topo_switch *ts = topo_graph_switch_at(g, i);

        for (j = 0; j < ts->n_ports; j++) {
            const struct topo_port *tp = &ts->ports[j];
            size_t k, n_out = 0, n_in = 0;

            for (k = 0; k < topo_graph_n_dlinks(g); k++) {
                const struct topo_dlink *l = topo_graph_dlink_at(g, k);

                n_out += l->src_dpid == ts->dpid && l->src_port == tp->port_no;
                n_in += l->dst_dpid == ts->dpid && l->dst_port == tp->port_no;
            }
            assert_int_equal(tp->n_out, n_out);
            assert_int_equal(tp->n_in, n_in);
            assert_int_equal(tp->n_dlinks, n_out + n_in);
            assert_int_equal(topo_graph_port_kind(g, ts->dpid, tp->port_no),
                             brute_kind(g, ts->dpid, tp->port_no));
        }
    }
}

/* ---- Incremental against full compilation ---- */

struct incr {
    struct fabric_state *state[MAX_SW + 1];     /* Incremental side. */
    bool valid[MAX_SW + 1];
    uint64_t fp[MAX_SW + 1];
    size_t skipped, compiled;
};

/* Brings every switch of 'view' up to date both ways and compares. */
static void
compile_both(struct incr *in, struct fabric_view *view, size_t n_sw)
{
    struct fabric_state *full = fabric_state_create();
    uint64_t dpid;

    for (dpid = 1; dpid <= n_sw; dpid++) {
        uint64_t fp = fabric_view_fingerprint(view, dpid);

        fabric_compile_switch(view, dpid, full);
        if (in->valid[dpid] && in->fp[dpid] == fp) {
            in->skipped++;
        } else {
            fabric_compile_switch(view, dpid, in->state[dpid]);
            in->fp[dpid] = fp;
            in->valid[dpid] = true;
            in->compiled++;
        }
        if (!fabric_state_equal(full, in->state[dpid])) {
            fail_msg("switch %"PRIu64": incremental state differs from the "
                     "full compile", dpid);
        }
    }
    fabric_state_destroy(full);
}

static void
run_incremental(uint64_t seed, size_t n_sw, size_t extra, size_t steps,
                bool backups)
{
    struct fabric_options opts;
    struct topo_path *base;
    struct incr in;
    struct world w;
    size_t i, step;

    fabric_fixture_rng_seed(seed);
    fabric_options_init(&opts);
    opts.backups = backups;
    world_init(&w, n_sw, extra);
    memset(&in, 0, sizeof in);
    for (i = 0; i <= n_sw; i++) {
        in.state[i] = fabric_state_create();
    }
    base = topo_path_compute(w.g);
    for (step = 0; step < steps; step++) {
        struct topo_path *now;
        struct fabric_view view;

        if (step) {
            world_change(&w);
        }
        check_port_index(w.g);
        now = topo_path_compute(w.g);
        /* Half of the changes go through a transitional state first, as
         * fabric-core does when the tree may have moved. */
        if (step % 2) {
            fabric_view_init(&view, w.g, now, base, w.hosts, &opts);
            compile_both(&in, &view, n_sw);
            fabric_view_uninit(&view);
        }
        fabric_view_init(&view, w.g, now, NULL, w.hosts, &opts);
        compile_both(&in, &view, n_sw);
        /* The same view again: nothing to compile. */
        {
            size_t compiled = in.compiled;

            compile_both(&in, &view, n_sw);
            assert_int_equal(in.compiled, compiled);
        }
        fabric_view_uninit(&view);
        topo_path_destroy(base);
        base = now;
    }
    /* The test means something only if changes left switches alone. */
    assert_true(in.skipped > in.compiled / 4);
    for (i = 0; i <= n_sw; i++) {
        fabric_state_destroy(in.state[i]);
    }
    topo_path_destroy(base);
    world_uninit(&w);
}

static void
test_incremental_small(void **state)
{
    (void) state;
    run_incremental(1, 8, 4, 60, true);
    run_incremental(2, 6, 2, 60, false);
}

static void
test_incremental_random(void **state)
{
    uint64_t seed;

    (void) state;
    for (seed = 10; seed < 16; seed++) {
        run_incremental(seed, 12 + (size_t) (seed % 4) * 3, 10, 40, true);
    }
}

/* A change far away leaves a switch alone; a change of its own links does
 * not. */
static void
test_fingerprint_locality(void **state)
{
    struct eth_addr ea = { { 0x02, 0, 0, 0, 0, 1 } };
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct topo_path *p0, *p1;
    struct fabric_view v0, v1;
    uint64_t i;

    (void) state;
    /* A line 1-2-3-...-8 plus a triangle 6-7-8: cutting 7-8 changes
     * nothing switch 1 forwards by... except distances, which it does
     * not: 7 and 8 stay at the same distance from 1 and 2. */
    for (i = 1; i <= 8; i++) {
        topo_graph_port_set(g, i, 1, &ea, true, 0);
        topo_graph_port_set(g, i, 2, &ea, true, 0);
        topo_graph_port_set(g, i, 3, &ea, true, 0);
    }
    for (i = 1; i < 8; i++) {
        topo_graph_link_seen(g, i, 2, i + 1, 1, 1);
        topo_graph_link_seen(g, i + 1, 1, i, 2, 1);
    }
    topo_graph_link_seen(g, 6, 3, 8, 3, 1);
    topo_graph_link_seen(g, 8, 3, 6, 3, 1);
    p0 = topo_path_compute(g);
    fabric_view_init(&v0, g, p0, NULL, NULL, NULL);
    assert_int_equal(fabric_view_fingerprint(&v0, 1),
                     fabric_view_fingerprint(&v0, 1));
    {
        uint64_t f1 = fabric_view_fingerprint(&v0, 1);
        uint64_t f7 = fabric_view_fingerprint(&v0, 7);

        topo_graph_link_remove(g, 7, 2, 8, 1);
        topo_graph_link_remove(g, 8, 1, 7, 2);
        p1 = topo_path_compute(g);
        fabric_view_init(&v1, g, p1, NULL, NULL, NULL);
        assert_int_equal(fabric_view_fingerprint(&v1, 1), f1);
        assert_int_not_equal(fabric_view_fingerprint(&v1, 7), f7);
        fabric_view_uninit(&v1);
    }
    fabric_view_uninit(&v0);
    topo_path_destroy(p0);
    topo_path_destroy(p1);
    topo_graph_destroy(g);
}

/* The loss counter moves on losses only. */
static void
test_loss_seq(void **state)
{
    struct eth_addr ea = { { 0x02, 0, 0, 0, 0, 1 } };
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    uint64_t loss;

    (void) state;
    topo_graph_port_set(g, 1, 1, &ea, true, 0);
    topo_graph_port_set(g, 2, 1, &ea, true, 0);
    topo_graph_port_set(g, 3, 1, &ea, true, 0);
    topo_graph_link_seen(g, 1, 1, 2, 1, 1);
    topo_graph_link_seen(g, 2, 1, 1, 1, 1);
    assert_int_equal(topo_graph_loss_seq(g), 0);
    /* A third port on the segment: both links turn shared. */
    topo_graph_link_seen(g, 1, 1, 3, 1, 2);
    loss = topo_graph_loss_seq(g);
    assert_true(loss > 0);
    topo_graph_link_remove(g, 1, 1, 3, 1);
    assert_true(topo_graph_loss_seq(g) > loss);
    loss = topo_graph_loss_seq(g);
    topo_graph_port_set(g, 2, 1, &ea, false, 0);
    assert_true(topo_graph_loss_seq(g) > loss);
    loss = topo_graph_loss_seq(g);
    topo_graph_port_set(g, 2, 1, &ea, true, 0);
    topo_graph_link_seen(g, 2, 1, 1, 1, 3);
    assert_int_equal(topo_graph_loss_seq(g), loss);
    topo_graph_switch_remove(g, 3);
    assert_true(topo_graph_loss_seq(g) > loss);
    topo_graph_destroy(g);
}

int
main(int argc, char *argv[])
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incremental_small),
        cmocka_unit_test(test_incremental_random),
        cmocka_unit_test(test_fingerprint_locality),
        cmocka_unit_test(test_loss_seq),
    };

    (void) argc;
    (void) argv;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
