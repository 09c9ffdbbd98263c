/* Unit tests for the incremental recompile of tenant networks
 * (src/fabric/fabric-tenant-fp, as fabric-core uses it).
 *
 * Random fabrics (a ring plus random chords, edge ports 10..13 on every
 * switch) go through random tenant-model changes: networks created and
 * deleted, ports bound (switch port, port + VLAN, MAC) and removed, MAC
 * bindings moved (the device seen on another edge port), untenanted
 * devices seen (maybe on ports bound later), and now and then
 * a cable cut or restored. After every change each switch is compiled
 * from scratch (fabric and tenant parts, the full recompile) and, like
 * fabric-core, "incrementally": its state is reused when its fingerprint
 * (the fabric's, the tenant one and the graph/path/host generations) did
 * not move. The two must be equal for every switch after every change,
 * and model changes must actually skip switches. */
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
#include "fabric/fabric-tenant.h"
#include "fabric/fabric-tenant-fp.h"
#include "fabric-fixture.h"
#include "lib/util.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define MAX_SW 16
#define MAX_NETS 6
#define MAX_PORTS 64
#define MAX_CABLES 48

struct world {
    struct topo_graph *g;
    struct topo_host_table *hosts;
    struct vnet_db *db;
    size_t n_sw;
    struct fabric_fixture_cable cables[MAX_CABLES];
    size_t n_cables;
    uint32_t last_port[MAX_SW + 1]; /* Cables on ports 1..last_port. */
    char tenant[VNET_UUID_SIZE];
    char nets[MAX_NETS][VNET_UUID_SIZE];
    bool net_live[MAX_NETS];
    struct fabric_fixture_mport ports[MAX_PORTS];
    size_t n_ports;
    uint64_t now;
    uint64_t graph_gen, host_gen;   /* Bumped on topology / host changes. */
    uint32_t mac_seq;
};

static void
port_set(struct world *w, uint64_t dpid, uint32_t port, bool live)
{
    struct eth_addr ea = { { 0x06, 0, 0, (uint8_t) dpid,
                             (uint8_t) (port >> 8), (uint8_t) port } };

    topo_graph_port_set(w->g, dpid, port, &ea, live, 10000000);
}

static void
cable_see(struct world *w, const struct fabric_fixture_cable *c)
{
    topo_graph_link_seen(w->g, c->a, c->pa, c->b, c->pb, w->now);
    topo_graph_link_seen(w->g, c->b, c->pb, c->a, c->pa, w->now);
}

static void
cable_add(struct world *w, uint64_t a, uint64_t b)
{
    const struct fabric_fixture_cable *c;

    c = fabric_fixture_cable_add(w->cables, &w->n_cables, MAX_CABLES,
                                 a, &w->last_port[a], b, &w->last_port[b]);
    if (!c) {
        return;
    }
    port_set(w, a, c->pa, true);
    port_set(w, b, c->pb, true);
    cable_see(w, c);
}

static void
world_init(struct world *w, size_t n_sw, size_t chords)
{
    struct vnet_error err;
    uint64_t d;
    uint32_t p;
    size_t i;

    memset(w, 0, sizeof *w);
    w->n_sw = n_sw;
    w->now = 1000;
    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(1000);
    for (d = 1; d <= n_sw; d++) {
        topo_graph_switch_add(w->g, d);
        for (p = 10; p <= 13; p++) {
            port_set(w, d, p, true);
        }
    }
    for (d = 1; d <= n_sw; d++) {
        cable_add(w, d, d % n_sw + 1);
    }
    for (i = 0; i < chords; i++) {
        cable_add(w, 1 + fabric_fixture_rng_below((uint32_t) n_sw),
                  1 + fabric_fixture_rng_below((uint32_t) n_sw));
    }
    memset(&err, 0, sizeof err);
    w->db = vnet_db_open(":memory:", &err);
    assert_non_null(w->db);
    fabric_fixture_tenant(w->db, "t", w->tenant);
}

static void
world_uninit(struct world *w)
{
    topo_host_destroy(w->hosts);
    topo_graph_destroy(w->g);
    vnet_db_close(w->db);
}

/* Device 'mac' seen on (dpid, port). */
static void
learn(struct world *w, struct eth_addr mac, uint64_t dpid, uint32_t port)
{
    struct topo_host_obs obs;

    memset(&obs, 0, sizeof obs);
    obs.mac = mac;
    obs.dpid = dpid;
    obs.port = port;
    w->now += 10;
    topo_host_learn(w->hosts, w->g, &obs, w->now, NULL);
    w->host_gen++;
}

/* Creates a port of a random live network: a switch-port, port + VLAN or
 * MAC binding on a random edge port. */
static void
port_create(struct world *w)
{
    struct vnet_port p;
    struct fabric_fixture_mport *m;
    size_t net;
    uint64_t dpid = 1 + fabric_fixture_rng_below((uint32_t) w->n_sw);
    uint32_t port = 10 + fabric_fixture_rng_below(4);
    uint32_t kind = fabric_fixture_rng_below(3);

    if (w->n_ports >= MAX_PORTS
        || !fabric_fixture_net_pick(w->net_live, MAX_NETS, &net)) {
        return;
    }
    fabric_fixture_vnet_port_init(&p, w->nets[net], &w->mac_seq);
    p.has_mac = fabric_fixture_rng_below(2);
    if (kind == 2) {
        p.binding.kind = VNET_BIND_MAC;
        p.binding.mac = p.mac;
    } else {
        p.binding.kind = kind ? VNET_BIND_PORT_VLAN : VNET_BIND_SWITCH_PORT;
        p.binding.dpid = dpid;
        p.binding.port_no = port;
        p.binding.vlan = kind ? (uint16_t) (100
                                            + fabric_fixture_rng_below(3))
                              : 0;
    }
    if (!fabric_fixture_mport_create(w->db, &p, w->ports, &w->n_ports)) {
        return;                 /* Conflicting binding: fine, no change. */
    }
    m = &w->ports[w->n_ports - 1];
    if (m->mac_bound && fabric_fixture_rng_below(2)) {
        learn(w, m->mac, dpid, port);
    }
}

static void
world_change(struct world *w)
{
    uint32_t r = fabric_fixture_rng_below(100);
    size_t i;

    if (r < 10) {
        fabric_fixture_net_flip(w->db, w->tenant, w->nets, w->net_live,
                                MAX_NETS, w->now, w->ports, &w->n_ports);
    } else if (r < 55) {
        port_create(w);
    } else if (r < 80) {
        fabric_fixture_mport_delete(w->db, w->ports, &w->n_ports);
    } else if (r < 86) {
        /* An untenanted device is seen (maybe on a port bound later). */
        learn(w,
              fabric_fixture_mac_seq(0x800000 + fabric_fixture_rng_below(16)),
              1 + fabric_fixture_rng_below((uint32_t) w->n_sw),
              10 + fabric_fixture_rng_below(4));
    } else if (r < 93) {
        /* A MAC-bound device moves. */
        for (i = 0; i < w->n_ports; i++) {
            if (w->ports[i].mac_bound && fabric_fixture_rng_below(2)) {
                learn(w, w->ports[i].mac,
                      1 + fabric_fixture_rng_below((uint32_t) w->n_sw),
                      10 + fabric_fixture_rng_below(4));
                break;
            }
        }
    } else if (w->n_cables) {
        struct fabric_fixture_cable *c
            = &w->cables[fabric_fixture_rng_below((uint32_t) w->n_cables)];

        c->up = !c->up;
        w->now += 10;
        if (c->up) {
            port_set(w, c->a, c->pa, true);
            port_set(w, c->b, c->pb, true);
            cable_see(w, c);
        } else {
            port_set(w, c->a, c->pa, false);
        }
        w->graph_gen++;
    }
}

struct incr {
    struct fabric_state *state[MAX_SW + 1];
    bool valid[MAX_SW + 1];
    uint64_t fp[MAX_SW + 1];
    size_t skipped, compiled;
};

/* Compiles switch 'dpid' whole (fabric part, minus the tenant ports,
 * plus the tenant part) into 'out'. */
static void
compile_whole(struct fabric_view *view, struct fabric_tenant_view *tv,
              uint64_t dpid, struct fabric_state *out)
{
    struct fabric_state *t = fabric_state_create();
    size_t i;

    fabric_compile_switch(view, dpid, out);
    fabric_tenant_compile_switch(tv, dpid, out, t);
    for (i = 0; i < fabric_state_n_flows(t); i++) {
        fabric_state_add_flow(out, fabric_state_flow_at(t, i));
    }
    for (i = 0; i < fabric_state_n_groups(t); i++) {
        fabric_state_add_group(out, fabric_state_group_at(t, i));
    }
    fabric_state_destroy(t);
}

/* Brings every switch up to date both ways and compares. */
static void
compile_both(struct world *w, struct incr *in, struct topo_path *path)
{
    const struct vnet_snapshot *snap = vnet_db_snapshot(w->db);
    struct fabric_state *full = fabric_state_create();
    struct fabric_tenant_view tv;
    struct fabric_tenant_fp tfp;
    struct fabric_view view;
    uint64_t seed = w->graph_gen * UINT64_C(0x9e3779b97f4a7c15)
                    ^ w->host_gen * UINT64_C(0xc4ceb9fe1a85ec53)
                    ^ topo_path_seq(path);
    uint64_t dpid;

    fabric_view_init(&view, w->g, path, NULL, w->hosts, NULL);
    fabric_tenant_view_init(&tv, snap, &view);
    fabric_tenant_fp_init(&tfp, &tv);
    for (dpid = 1; dpid <= w->n_sw; dpid++) {
        uint64_t fp = fabric_view_fingerprint(&view, dpid)
                      ^ (fabric_tenant_fp_switch(&tfp, &tv, dpid) ^ seed)
                        * UINT64_C(0xff51afd7ed558ccd);

        compile_whole(&view, &tv, dpid, full);
        if (in->valid[dpid] && in->fp[dpid] == fp) {
            in->skipped++;
        } else {
            compile_whole(&view, &tv, dpid, in->state[dpid]);
            in->fp[dpid] = fp;
            in->valid[dpid] = true;
            in->compiled++;
        }
        if (!fabric_state_equal(full, in->state[dpid])) {
            fail_msg("switch %"PRIu64": incremental state differs from the "
                     "full compile", dpid);
        }
    }
    fabric_tenant_fp_uninit(&tfp);
    fabric_tenant_view_uninit(&tv);
    fabric_view_uninit(&view);
    vnet_snapshot_destroy(snap);
    fabric_state_destroy(full);
}

static void
run(uint64_t seed, size_t n_sw, size_t chords, size_t steps)
{
    struct topo_path *path = NULL;
    uint64_t path_gen = UINT64_MAX;
    struct incr in;
    struct world w;
    size_t i, step;

    fabric_fixture_rng_seed(seed);
    world_init(&w, n_sw, chords);
    memset(&in, 0, sizeof in);
    for (i = 0; i <= n_sw; i++) {
        in.state[i] = fabric_state_create();
    }
    fabric_fixture_net_create(w.db, w.tenant, w.nets, w.net_live, 0,
                              w.now);
    fabric_fixture_net_create(w.db, w.tenant, w.nets, w.net_live, 1,
                              w.now);
    for (step = 0; step < steps; step++) {
        if (step) {
            world_change(&w);
        }
        if (w.graph_gen != path_gen) {
            topo_path_destroy(path);
            path = topo_path_compute(w.g);
            path_gen = w.graph_gen;
        }
        compile_both(&w, &in, path);
        {
            size_t compiled = in.compiled;

            compile_both(&w, &in, path);
            assert_int_equal(in.compiled, compiled);
            in.skipped -= n_sw;     /* Count changes' skips only. */
        }
    }
    /* The test means something only if changes left switches alone. */
    if (getenv("TINCR_VERBOSE")) {
        fprintf(stderr, "seed %"PRIu64": %zu compiled, %zu skipped\n",
                seed, in.compiled, in.skipped);
    }
    assert_true(in.skipped > in.compiled / 10);
    for (i = 0; i <= n_sw; i++) {
        fabric_state_destroy(in.state[i]);
    }
    topo_path_destroy(path);
    world_uninit(&w);
}

static void
test_tenant_incremental_small(void **state)
{
    (void) state;
    run(1, 6, 2, 80);
}

static void
test_tenant_incremental_random(void **state)
{
    uint64_t seed;

    (void) state;
    for (seed = 20; seed < 32; seed++) {
        run(seed, 8 + (size_t) (seed % 3) * 4, 6, 60);
    }
}

int
main(int argc, char *argv[])
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tenant_incremental_small),
        cmocka_unit_test(test_tenant_incremental_random),
    };

    (void) argc;
    (void) argv;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
