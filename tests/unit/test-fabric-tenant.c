/* Unit tests for src/fabric/fabric-tenant (with fabric-compile and
 * fabric-sim): a ring of 4 switches carrying two tenants with two networks
 * each, bound by switch port, by port + VLAN (different VLANs for one
 * network on different edges, and networks of both tenants split by VLAN
 * on one port), and by MAC; the same MAC in two tenants; unbound hosts.
 * Every endpoint sends broadcasts, unknown unicast and unicast to every
 * other endpoint through the compiled tables (the simulator walks every
 * path select groups may choose), and the test checks that nothing ever
 * arrives at an endpoint of another network or an unbound port, that every
 * endpoint of the same network gets each broadcast exactly once with its
 * own VLAN, with every single link cut (before and after recomputation);
 * spoofed sources and VLANs reach nothing; a MAC-bound device moved to
 * another switch stays in its network; unknown MACs go to the quarantine
 * network or nowhere; and adding then deleting a tenant changes no flow
 * of the other tenant (a diff of pure additions, then back to identical). */
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
#include "fabric/fabric-tenant.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define N_SW 4
#define MAX_EP 32

/* An attachment point traffic can come from and go to. */
struct ep {
    const char *name;
    uint64_t dpid;
    uint32_t port;
    uint16_t vlan;              /* Tag on the wire at this edge, or 0. */
    struct eth_addr mac;
    uint32_t net_id;            /* 0: unbound (default fabric realm). */
    bool active;
};

struct world {
    struct topo_graph *g;
    struct topo_host_table *hosts;
    struct topo_path *path;
    struct fabric_sim *sim;
    struct fabric_state *fabric[N_SW];      /* Fabric app's part. */
    struct fabric_state *tenant[N_SW];      /* Tenant app's part. */
    struct fabric_state *merged[N_SW];      /* What the switch runs. */
    struct vnet_db *db;
    struct ep eps[MAX_EP];
    size_t n_eps;
    uint64_t now;
    char tenant_a[VNET_UUID_SIZE], tenant_b[VNET_UUID_SIZE];
    char net_uuid[8][VNET_UUID_SIZE];
    uint32_t net_ids[8];
    uint32_t quarantine_net;
};

/* Ring 1-2-3-4-1: switch i port 1 to i+1, port 2 to i-1; edge ports
 * 10..14 on each. */
static struct world *
world_create(void)
{
    struct world *w = xzalloc(sizeof *w);
    struct vnet_error err;
    size_t i;
    uint32_t p;

    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(1000);
    w->sim = fabric_sim_create();
    w->now = 1000;
    for (i = 0; i < N_SW; i++) {
        topo_graph_switch_add(w->g, i + 1);
        w->fabric[i] = fabric_state_create();
        w->tenant[i] = fabric_state_create();
        w->merged[i] = fabric_state_create();
        fabric_sim_set_switch(w->sim, i + 1, w->merged[i]);
        for (p = 10; p <= 14; p++) {
            fabric_fixture_port_set(w->g, i + 1, p, true);
        }
    }
    for (i = 1; i <= N_SW; i++) {
        uint64_t j = i % N_SW + 1;

        fabric_fixture_port_set(w->g, i, 1, true);
        fabric_fixture_port_set(w->g, j, 2, true);
        assert_true(topo_graph_link_seen(w->g, i, 1, j, 2, w->now));
        assert_true(topo_graph_link_seen(w->g, j, 2, i, 1, w->now));
        fabric_sim_cable(w->sim, i, 1, j, 2);
    }
    memset(&err, 0, sizeof err);
    w->db = vnet_db_open(":memory:", &err);
    assert_non_null(w->db);
    return w;
}

static void
world_destroy(struct world *w)
{
    size_t i;

    for (i = 0; i < N_SW; i++) {
        fabric_state_destroy(w->fabric[i]);
        fabric_state_destroy(w->tenant[i]);
        fabric_state_destroy(w->merged[i]);
    }
    fabric_sim_destroy(w->sim);
    topo_path_destroy(w->path);
    topo_host_destroy(w->hosts);
    topo_graph_destroy(w->g);
    vnet_db_close(w->db);
    free(w);
}

/* Compiles every switch from the current graph, hosts and model. If
 * 'recompute' is false the path snapshot (and the switches' states) stay
 * as they were: the moment right after a cut, before the controller
 * reacts. */
static void
world_compile(struct world *w)
{
    const struct vnet_snapshot *snap = vnet_db_snapshot(w->db);
    struct fabric_tenant_view tv;
    struct fabric_view view;
    size_t i;

    topo_path_destroy(w->path);
    w->path = topo_path_compute(w->g);
    fabric_view_init(&view, w->g, w->path, NULL, w->hosts, NULL);
    fabric_tenant_view_init(&tv, snap, &view);
    for (i = 0; i < N_SW; i++) {
        assert_true(fabric_compile_switch(&view, i + 1, w->fabric[i]));
        fabric_tenant_compile_switch(&tv, i + 1, w->fabric[i], w->tenant[i]);
        fabric_state_clear(w->merged[i]);
        fabric_fixture_merge(w->merged[i], w->fabric[i]);
        fabric_fixture_merge(w->merged[i], w->tenant[i]);
    }
    fabric_tenant_view_uninit(&tv);
    fabric_view_uninit(&view);
    vnet_snapshot_destroy(snap);
}

/* ---- The model ---- */

/* Creates network 'idx' of 'tenant'. */
static void
mk_net(struct world *w, size_t idx, const char *tenant, const char *name)
{
    w->net_ids[idx] = fabric_fixture_network(w->db, tenant, name, 0, 0,
                                             w->net_uuid[idx]);
}

/* Binds an endpoint of network 'idx': kind switch-port (vlan 0), port +
 * VLAN, or MAC (dpid 0: located by the fabric's host table later).
 * 'has_mac': the port's own address is 'mac' (anti-spoofing). */
static struct ep *
mk_port(struct world *w, size_t idx, const char *name,
        enum vnet_binding_kind kind, uint64_t dpid, uint32_t port,
        uint16_t vlan, struct eth_addr mac, bool has_mac)
{
    struct vnet_port p;
    struct vnet_error err;
    struct ep *e = &w->eps[w->n_eps++];

    memset(&p, 0, sizeof p);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[idx]);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.has_mac = has_mac;
    p.mac = mac;
    p.binding.kind = kind;
    if (kind == VNET_BIND_MAC) {
        p.binding.mac = mac;
    } else {
        p.binding.dpid = dpid;
        p.binding.port_no = port;
        p.binding.vlan = vlan;
    }
    assert_int_equal(vnet_db_port_create(w->db, &p, NULL, &err), 0);
    e->name = name;
    e->dpid = dpid;
    e->port = port;
    e->vlan = vlan;
    e->mac = mac;
    e->net_id = w->net_ids[idx];
    e->active = true;
    return e;
}

/* The fabric sees 'mac' on (dpid, port) (a packet-in). */
static void
learn(struct world *w, struct eth_addr mac, uint64_t dpid, uint32_t port,
      uint16_t vlan)
{
    w->now += 10;
    fabric_fixture_learn(w->hosts, w->g, mac, dpid, port, vlan, w->now);
}

static struct ep *
mk_unbound(struct world *w, const char *name, uint64_t dpid, uint32_t port,
           struct eth_addr mac)
{
    struct ep *e = &w->eps[w->n_eps++];

    memset(e, 0, sizeof *e);
    e->name = name;
    e->dpid = dpid;
    e->port = port;
    e->mac = mac;
    e->active = true;
    learn(w, mac, dpid, port, 0);
    return e;
}

/* Two tenants, two networks each:
 *   A1 (net 0): switch-port (1,10) mac X; switch-port (3,10) no mac;
 *               MAC binding M1 on (2,12).
 *   A2 (net 1): port+VLAN (1,11,100) mac a2a; (3,11,200) mac a2b.
 *   B1 (net 2): switch-port (2,10) mac X (same MAC as A1's, other tenant);
 *               port+VLAN (1,11,300) (same port as A2's, other VLAN).
 *   B2 (net 3): port+VLAN (2,11,100), (4,11,100) (same VLAN as A2);
 *               switch-port (4,10) mac b2c. */
static void
build_tenants(struct world *w, bool with_mac_binding)
{
    struct eth_addr x = fabric_fixture_mac(0xaa, 0x01);

    fabric_fixture_tenant(w->db, "A", w->tenant_a);
    fabric_fixture_tenant(w->db, "B", w->tenant_b);
    mk_net(w, 0, w->tenant_a, "A1");
    mk_net(w, 1, w->tenant_a, "A2");
    mk_net(w, 2, w->tenant_b, "B1");
    mk_net(w, 3, w->tenant_b, "B2");
    mk_port(w, 0, "a1-p1", VNET_BIND_SWITCH_PORT, 1, 10, 0, x, true);
    mk_port(w, 0, "a1-p3", VNET_BIND_SWITCH_PORT, 3, 10, 0,
            fabric_fixture_mac(0xa1, 0x03), false);
    mk_port(w, 1, "a2-v1", VNET_BIND_PORT_VLAN, 1, 11, 100,
            fabric_fixture_mac(0xa2, 0x01), true);
    mk_port(w, 1, "a2-v3", VNET_BIND_PORT_VLAN, 3, 11, 200,
            fabric_fixture_mac(0xa2, 0x03), true);
    mk_port(w, 2, "b1-p2", VNET_BIND_SWITCH_PORT, 2, 10, 0, x, true);
    mk_port(w, 2, "b1-v1", VNET_BIND_PORT_VLAN, 1, 11, 300,
            fabric_fixture_mac(0xb1, 0x01), true);
    mk_port(w, 3, "b2-v2", VNET_BIND_PORT_VLAN, 2, 11, 100,
            fabric_fixture_mac(0xb2, 0x02), true);
    mk_port(w, 3, "b2-v4", VNET_BIND_PORT_VLAN, 4, 11, 100,
            fabric_fixture_mac(0xb2, 0x04), true);
    mk_port(w, 3, "b2-p4", VNET_BIND_SWITCH_PORT, 4, 10, 0,
            fabric_fixture_mac(0xb2, 0x14), true);
    if (with_mac_binding) {
        struct ep *e = mk_port(w, 0, "a1-mac", VNET_BIND_MAC, 2, 12, 0,
                               fabric_fixture_mac(0xa1, 0x99), false);

        learn(w, e->mac, 2, 12, 0);
    }
}

/* ---- Checks ---- */

static const struct ep *
ep_at(const struct world *w, uint64_t dpid, uint32_t port, uint16_t vid)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        const struct ep *e = &w->eps[i];
        uint16_t want = e->vlan ? (uint16_t) (OFPVID_PRESENT | e->vlan)
                                : (uint16_t) OFPVID_NONE;

        if (e->active && e->dpid == dpid && e->port == port
            && want == vid) {
            return e;
        }
    }
    return NULL;
}

/* True if a tenant endpoint uses (dpid, port). */
static bool
tenant_port(const struct world *w, uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        if (w->eps[i].active && w->eps[i].net_id && w->eps[i].dpid == dpid
            && w->eps[i].port == port) {
            return true;
        }
    }
    return false;
}

static void
send_from(const struct world *w, const struct ep *src, struct eth_addr dst,
          struct eth_addr eth_src, uint16_t vlan,
          struct fabric_sim_result *r)
{
    fabric_fixture_send(w->sim, src->dpid, src->port, dst, eth_src, vlan, 32,
                        r);
    assert_false(r->truncated);
    assert_int_equal(fabric_sim_count(r, FABRIC_SIM_LOOP, 0, 0), 0);
}

/* Every delivery of a frame from 'src' lands on an endpoint of the same
 * network (tenant frames) or on an unbound port (untenanted frames), with
 * the VLAN that endpoint uses. Returns the number of deliveries to 'to'
 * (NULL: none counted). */
static size_t
check_deliveries(const struct world *w, const struct ep *src,
                 const struct fabric_sim_result *r, const struct ep *to,
                 const char *what)
{
    size_t i, n_to = 0;

    for (i = 0; i < r->n_events; i++) {
        const struct fabric_sim_event *e = &r->events[i];
        const struct ep *d;

        if (e->type != FABRIC_SIM_DELIVER) {
            continue;
        }
        d = ep_at(w, e->dpid, e->port, e->vlan_vid);
        if ((!src->net_id || src->net_id == w->quarantine_net) && !d
            && !tenant_port(w, e->dpid, e->port)) {
            continue;           /* Untenanted or quarantined, to an
                                 * unbound port. */
        }
        if (!d || d->net_id != src->net_id || e->n_tags > 1) {
            fail_msg("%s from %s: delivered at switch %"PRIu64" port %"PRIu32
                     " vlan %#x (%zu tags): %s", what, src->name, e->dpid,
                     e->port, e->vlan_vid, e->n_tags,
                     d ? d->name : "no endpoint there");
        }
        n_to += d == to;
    }
    return n_to;
}

/* The full matrix: from every active endpoint, a broadcast (exactly once
 * to every other endpoint of its network if 'complete'), an unknown
 * unicast, unicast to every endpoint's MAC. */
static void
check_matrix(const struct world *w, bool complete)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct eth_addr unknown = fabric_fixture_mac(0xee, 0xee);
    struct fabric_sim_result r;
    size_t i, j;

    fabric_sim_result_init(&r);
    for (i = 0; i < w->n_eps; i++) {
        const struct ep *s = &w->eps[i];

        if (!s->active) {
            continue;
        }
        send_from(w, s, bcast, s->mac, s->vlan, &r);
        for (j = 0; j < w->n_eps; j++) {
            const struct ep *d = &w->eps[j];
            size_t n = check_deliveries(w, s, &r, d, "broadcast");

            if (complete && d != s && d->active
                && d->net_id == s->net_id && s->net_id && n != 1) {
                fail_msg("broadcast from %s reached %s %zu times", s->name,
                         d->name, n);
            }
        }
        send_from(w, s, unknown, s->mac, s->vlan, &r);
        check_deliveries(w, s, &r, NULL, "unknown unicast");
        for (j = 0; j < w->n_eps; j++) {
            const struct ep *d = &w->eps[j];
            size_t n;

            if (d == s || !d->active) {
                continue;
            }
            send_from(w, s, d->mac, s->mac, s->vlan, &r);
            n = check_deliveries(w, s, &r, d, "unicast");
            if (complete && d->net_id == s->net_id && s->net_id && !n
                && (d->dpid != s->dpid || d->port != s->port)) {
                fail_msg("unicast from %s never reached %s", s->name,
                         d->name);
            }
        }
    }
    fabric_sim_result_uninit(&r);
}

static struct ep *
ep_named(struct world *w, const char *name)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        if (!strcmp(w->eps[i].name, name)) {
            return &w->eps[i];
        }
    }
    fail_msg("no endpoint %s", name);
    return NULL;
}

/* Nothing at all may come out of a frame from 'src' with this source MAC
 * and VLAN: no delivery, not even to the controller. */
static void
check_blocked(const struct world *w, const struct ep *src,
              struct eth_addr eth_src, uint16_t vlan)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct fabric_sim_result r;
    size_t i;

    fabric_sim_result_init(&r);
    for (i = 0; i <= w->n_eps; i++) {
        struct eth_addr dst = i < w->n_eps ? w->eps[i].mac : bcast;

        send_from(w, src, dst, eth_src, vlan, &r);
        assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
        assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_CONTROLLER, 0, 0),
                         0);
    }
    fabric_sim_result_uninit(&r);
}

/* ---- Tests ---- */

/* Port and port+VLAN bindings, unbound hosts keeping the default fabric
 * behaviour, every link cut. */
static void
test_isolation_ports(void **state)
{
    struct world *w = world_create();
    size_t c;

    (void) state;
    build_tenants(w, false);
    mk_unbound(w, "u3", 3, 13, fabric_fixture_mac(0x55, 0x03));
    mk_unbound(w, "u4", 4, 13, fabric_fixture_mac(0x55, 0x04));
    world_compile(w);
    check_matrix(w, true);

    /* Every single cut: right after it (old flows, dead port), then once
     * the controller recomputed. */
    for (c = 1; c <= N_SW; c++) {
        uint64_t j = c % N_SW + 1;

        fabric_sim_set_link_live(w->sim, c, 1, false);
        check_matrix(w, false);
        fabric_fixture_port_set(w->g, c, 1, false);
        fabric_fixture_port_set(w->g, j, 2, false);
        world_compile(w);
        check_matrix(w, true);
        fabric_sim_set_link_live(w->sim, c, 1, true);
        fabric_fixture_port_set(w->g, c, 1, true);
        fabric_fixture_port_set(w->g, j, 2, true);
        assert_true(topo_graph_link_seen(w->g, c, 1, j, 2, w->now));
        assert_true(topo_graph_link_seen(w->g, j, 2, c, 1, w->now));
        world_compile(w);
        check_matrix(w, true);
    }
    world_destroy(w);
}

/* A bound host cannot send with another source MAC or VLAN; an unbound
 * host cannot inject into a network by tagging with its transport VLAN. */
static void
test_anti_spoofing(void **state)
{
    struct world *w = world_create();
    struct ep *a1 = NULL, *a2 = NULL, *u = NULL;
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct fabric_sim_result r;

    (void) state;
    build_tenants(w, false);
    u = mk_unbound(w, "u3", 3, 13, fabric_fixture_mac(0x55, 0x03));
    /* The unbound host also uses network A1's transport VLAN. */
    learn(w, u->mac, 3, 13, (uint16_t) w->net_ids[0]);
    world_compile(w);
    a1 = ep_named(w, "a1-p1");
    a2 = ep_named(w, "a2-v1");

    check_blocked(w, a1, fabric_fixture_mac(0xa1, 0x42), 0);  /* Other MAC. */
    check_blocked(w, a1, a1->mac, 7);                         /* Tagged. */
    check_blocked(w, a2, fabric_fixture_mac(0xa2, 0x42), 100); /* Other MAC. */
    check_blocked(w, a2, a2->mac, 101);                       /* Other VLAN. */
    check_blocked(w, a2, a2->mac, 0);                         /* Untagged. */

    fabric_sim_result_init(&r);
    send_from(w, u, bcast, u->mac, (uint16_t) w->net_ids[0], &r);
    check_deliveries(w, u, &r, NULL, "tagged broadcast");
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    send_from(w, u, bcast, u->mac, 0, &r);
    check_deliveries(w, u, &r, NULL, "untagged broadcast");
    fabric_sim_result_uninit(&r);
    world_destroy(w);
}

/* MAC bindings: the device joins its network where it plugs in, also
 * after a move; unknown MACs go to the quarantine network, or nowhere. */
static void
test_mac_binding(void **state)
{
    struct world *w = world_create();
    struct vnet_config cfg;
    struct vnet_error err;
    struct ep *m, *q1, *q2;
    size_t i;

    (void) state;
    build_tenants(w, true);
    world_compile(w);
    check_matrix(w, true);

    /* Unknown MACs on unbound edge ports are dropped (policy drop). */
    q1 = mk_unbound(w, "q1", 3, 13, fabric_fixture_mac(0x77, 0x01));
    world_compile(w);
    check_blocked(w, q1, q1->mac, 0);
    q1->active = false;

    /* Quarantine: unknown MACs reach each other, never a tenant. */
    mk_net(w, 4, w->tenant_b, "quarantine");
    memset(&cfg, 0, sizeof cfg);
    cfg.unknown_mac = VNET_UNKNOWN_MAC_QUARANTINE;
    memcpy(cfg.quarantine_network, w->net_uuid[4], VNET_UUID_SIZE);
    assert_int_equal(vnet_db_config_set(w->db, &cfg, &err), 0);
    w->quarantine_net = w->net_ids[4];
    q1->active = true;
    q1->net_id = w->net_ids[4];
    q2 = mk_unbound(w, "q2", 1, 13, fabric_fixture_mac(0x77, 0x02));
    q2->net_id = w->net_ids[4];
    world_compile(w);
    check_matrix(w, true);

    /* The MAC-bound device moves from switch 2 to switch 4. */
    m = ep_named(w, "a1-mac");
    m->dpid = 4;
    m->port = 12;
    learn(w, m->mac, 4, 12, 0);
    world_compile(w);
    check_matrix(w, true);
    /* Its old port is now an ordinary unbound port (quarantine). */
    for (i = 0; i < N_SW; i++) {
        assert_non_null(w->merged[i]);
    }
    world_destroy(w);
}

/* Flows of tenant A never change while tenant B comes and goes: the diff
 * is made of additions only, and deleting B restores the exact state. */
static void
test_hitless_other_tenant(void **state)
{
    struct world *w = world_create();
    struct fabric_state *before[N_SW], *before_t[N_SW], *before_f[N_SW];
    struct fabric_sync_options opts, fopts;
    struct vnet_error err;
    size_t i;

    (void) state;
    fabric_fixture_tenant(w->db, "A", w->tenant_a);
    mk_net(w, 0, w->tenant_a, "A1");
    mk_port(w, 0, "a1-p1", VNET_BIND_SWITCH_PORT, 1, 10, 0,
            fabric_fixture_mac(0xa1, 1), true);
    mk_port(w, 0, "a1-p3", VNET_BIND_PORT_VLAN, 3, 10, 42,
            fabric_fixture_mac(0xa1, 3), true);
    world_compile(w);
    check_matrix(w, true);
    for (i = 0; i < N_SW; i++) {
        before[i] = fabric_state_clone(w->merged[i]);
        before_t[i] = fabric_state_clone(w->tenant[i]);
        before_f[i] = fabric_state_clone(w->fabric[i]);
    }

    fabric_fixture_tenant(w->db, "B", w->tenant_b);
    mk_net(w, 1, w->tenant_b, "B1");
    mk_net(w, 2, w->tenant_b, "B2");
    mk_port(w, 1, "b1-p2", VNET_BIND_SWITCH_PORT, 2, 10, 0,
            fabric_fixture_mac(0xa1, 1), true);
    mk_port(w, 1, "b1-p4", VNET_BIND_PORT_VLAN, 4, 10, 42,
            fabric_fixture_mac(0xb1, 4), true);
    mk_port(w, 2, "b2-p4", VNET_BIND_PORT_VLAN, 4, 10, 43,
            fabric_fixture_mac(0xb2, 4), true);
    world_compile(w);
    check_matrix(w, true);

    fabric_sync_options_init(&opts, FABRIC_APP_VNET);
    fabric_sync_options_init(&fopts, FABRIC_APP_FABRIC);
    for (i = 0; i < N_SW; i++) {
        struct fabric_sync_counts counts;
        uint32_t xid = 1;
        struct buf out;
        size_t j;

        buf_init(&out, 0);
        assert_int_equal(fabric_sync_diff(before_t[i], w->tenant[i], &opts,
                                          &xid, &out, &counts), 0);
        assert_int_equal(counts.flow_modifies, 0);
        assert_int_equal(counts.flow_deletes, 0);
        assert_int_equal(counts.group_modifies, 0);
        assert_int_equal(counts.group_deletes, 0);
        /* The fabric's part: B's ports leave its flooding and its table
         * 0 (deletes, one group modify), nothing else changes. */
        assert_int_equal(fabric_sync_diff(before_f[i], w->fabric[i], &fopts,
                                          &xid, &out, &counts), 0);
        assert_int_equal(counts.flow_modifies, 0);
        assert_int_equal(counts.flow_adds, 0);
        assert_int_equal(counts.group_adds + counts.group_deletes, 0);
        buf_uninit(&out);
        /* Every tenant flow and group that existed is there, unchanged. */
        for (j = 0; j < fabric_state_n_flows(before[i]); j++) {
            const struct fabric_flow *f = fabric_state_flow_at(before[i], j);
            const struct fabric_flow *g;

            if (f->cookie != FABRIC_COOKIE(FABRIC_APP_VNET)) {
                continue;
            }
            g = fabric_state_find_flow(w->merged[i], f->table_id,
                                       f->priority, &f->match);
            assert_non_null(g);
            assert_true(fabric_flow_equal(f, g));
        }
    }

    /* Delete B (cascade): back to the identical state. */
    assert_int_equal(vnet_db_tenant_delete(w->db, w->tenant_b, true, &err),
                     0);
    w->eps[2].active = w->eps[3].active = w->eps[4].active = false;
    world_compile(w);
    for (i = 0; i < N_SW; i++) {
        assert_true(fabric_state_equal(before[i], w->merged[i]));
        fabric_state_destroy(before[i]);
        fabric_state_destroy(before_t[i]);
        fabric_state_destroy(before_f[i]);
    }
    check_matrix(w, true);
    world_destroy(w);
}

/* Without tenants the fabric's state is untouched and nothing is added. */
static void
test_no_tenants(void **state)
{
    struct world *w = world_create();
    struct fabric_view view;
    struct fabric_state *plain = fabric_state_create();
    size_t i;

    (void) state;
    mk_unbound(w, "u1", 1, 13, fabric_fixture_mac(0x55, 0x01));
    mk_unbound(w, "u3", 3, 13, fabric_fixture_mac(0x55, 0x03));
    world_compile(w);
    topo_path_destroy(w->path);
    w->path = topo_path_compute(w->g);
    fabric_view_init(&view, w->g, w->path, NULL, w->hosts, NULL);
    for (i = 0; i < N_SW; i++) {
        assert_true(fabric_compile_switch(&view, i + 1, plain));
        assert_true(fabric_state_equal(plain, w->merged[i]));
        assert_int_equal(fabric_state_n_flows(w->tenant[i]), 0);
    }
    fabric_view_uninit(&view);
    fabric_state_destroy(plain);
    check_matrix(w, true);
    world_destroy(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_tenants),
        cmocka_unit_test(test_isolation_ports),
        cmocka_unit_test(test_anti_spoofing),
        cmocka_unit_test(test_mac_binding),
        cmocka_unit_test(test_hitless_other_tenant),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
