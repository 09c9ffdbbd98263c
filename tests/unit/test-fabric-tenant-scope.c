/* Unit tests for the per-switch scoping of tenant networks in
 * src/fabric/fabric-tenant (fabric_tenant_carries()), over random fabrics.
 *
 * For many seeds: a random connected graph of 3..10 switches (a random
 * spanning tree plus random extra and parallel links), two tenants with
 * two networks each and, in some seeds, a quarantine network, bound by
 * switch port, by port + VLAN (several networks on one port) and by MAC
 * (located devices), plus unbound hosts. Every switch is compiled twice:
 * scoped (what kumod does) and unscoped (every switch carrying every
 * network, the reference). Then
 *   - every frame from every endpoint (broadcast, unknown unicast, unicast
 *     to every endpoint) is delivered exactly where the reference delivers
 *     it (same ports, VLANs, copies, controller copies), and the delivery
 *     is exact: each same-network endpoint gets a broadcast once, unicast
 *     arrives on every possible path, nothing reaches another network;
 *   - the switches that carry a network are exactly those a separate,
 *     brute-force computation finds: switches with the network's ports,
 *     on the flooding tree between two of them, or on an equal-cost or
 *     backup path from one to another; every other switch has no entry of
 *     the network but its table-10 guard, and flood buckets tagged with a
 *     network only lead to neighbours that carry it;
 *   - after every single link cut: with the old flows (dead link), with
 *     every mix of old and transitional states on random switch subsets,
 *     and of transitional and final ones, no frame reaches another network
 *     or loops; after recompilation, the same equality with the reference. */
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
#include "lib/util.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define MAX_SW 10
#define MAX_LINKS 24
#define MAX_EP 40
#define EDGE_FIRST 20           /* Edge ports 20..23 on every switch. */
#define N_EDGE 4
#define N_NETS 5                /* 4 + an optional quarantine network. */

struct ep {
    char name[16];
    uint64_t dpid;
    uint32_t port;
    uint16_t vlan;
    struct eth_addr mac;
    uint32_t net_id;            /* 0: unbound. */
};

struct link {
    uint64_t a, b;
    uint32_t pa, pb;
    bool live;
};

/* One compiled generation: per switch the fabric's, the tenant's and the
 * merged state. */
struct gen {
    struct fabric_state *fabric[MAX_SW];
    struct fabric_state *tenant[MAX_SW];
    struct fabric_state *merged[MAX_SW];
};

struct world {
    uint64_t rng;
    uint64_t seed;
    const char *phase;          /* For failure messages. */
    size_t n_sw;
    struct topo_graph *g;
    struct topo_host_table *hosts;
    struct topo_path *path;
    struct link links[MAX_LINKS];
    size_t n_links;
    uint32_t next_port[MAX_SW + 1];
    uint8_t edge_use[MAX_SW + 1][N_EDGE];   /* 0 free, 1 whole, 2 vlans. */
    struct vnet_db *db;
    char tenants[2][VNET_UUID_SIZE];
    char net_uuid[N_NETS][VNET_UUID_SIZE];
    uint32_t net_ids[N_NETS];
    uint32_t quarantine_net;
    struct ep eps[MAX_EP];
    size_t n_eps;
    uint64_t now;
    struct fabric_sim *sim;     /* Runs 'run' states. */
    struct fabric_state *run[MAX_SW];
};

static uint32_t
rnd(struct world *w, uint32_t n)
{
    w->rng = w->rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t) (w->rng >> 33) % n;
}

static void
gen_init(struct gen *gn, size_t n_sw)
{
    size_t i;

    memset(gn, 0, sizeof *gn);
    for (i = 0; i < n_sw; i++) {
        gn->fabric[i] = fabric_state_create();
        gn->tenant[i] = fabric_state_create();
        gn->merged[i] = fabric_state_create();
    }
}

static void
gen_uninit(struct gen *gn, size_t n_sw)
{
    size_t i;

    for (i = 0; i < n_sw; i++) {
        fabric_state_destroy(gn->fabric[i]);
        fabric_state_destroy(gn->tenant[i]);
        fabric_state_destroy(gn->merged[i]);
    }
}

static void
link_add(struct world *w, uint64_t a, uint64_t b)
{
    struct link *l = &w->links[w->n_links++];

    l->a = a;
    l->b = b;
    l->pa = w->next_port[a]++;
    l->pb = w->next_port[b]++;
    l->live = true;
    fabric_fixture_port_set(w->g, a, l->pa, true);
    fabric_fixture_port_set(w->g, b, l->pb, true);
    assert_true(topo_graph_link_seen(w->g, a, l->pa, b, l->pb, w->now));
    assert_true(topo_graph_link_seen(w->g, b, l->pb, a, l->pa, w->now));
    fabric_sim_cable(w->sim, a, l->pa, b, l->pb);
}

static void
link_set_live(struct world *w, struct link *l, bool live)
{
    l->live = live;
    fabric_sim_set_link_live(w->sim, l->a, l->pa, live);
    fabric_fixture_port_set(w->g, l->a, l->pa, live);
    fabric_fixture_port_set(w->g, l->b, l->pb, live);
    if (live) {
        w->now += 10;
        assert_true(topo_graph_link_seen(w->g, l->a, l->pa, l->b, l->pb,
                                         w->now));
        assert_true(topo_graph_link_seen(w->g, l->b, l->pb, l->a, l->pa,
                                         w->now));
    }
}

/* ---- The model ---- */

static void
mk_net(struct world *w, size_t idx, const char *tenant, const char *name)
{
    w->net_ids[idx] = fabric_fixture_network(w->db, tenant, name, 0, 0,
                                             w->net_uuid[idx]);
}

static void
learn(struct world *w, struct eth_addr mac, uint64_t dpid, uint32_t port)
{
    w->now += 10;
    fabric_fixture_learn(w->hosts, w->g, mac, dpid, port, 0, w->now);
}

/* Picks a random edge port usable as 'use' (1: whole port, 2: VLANs);
 * returns false if none is free. */
static bool
pick_edge(struct world *w, uint8_t use, uint64_t *dpid, uint32_t *port)
{
    size_t tries;

    for (tries = 0; tries < 64; tries++) {
        uint64_t d = rnd(w, (uint32_t) w->n_sw) + 1;
        uint32_t e = rnd(w, N_EDGE);

        if (!w->edge_use[d][e] || (use == 2 && w->edge_use[d][e] == 2)) {
            w->edge_use[d][e] = use;
            *dpid = d;
            *port = EDGE_FIRST + e;
            return true;
        }
    }
    return false;
}

/* One endpoint of network 'idx' bound by a random kind. */
static void
mk_endpoint(struct world *w, size_t idx, bool macs_ok)
{
    struct ep *e = &w->eps[w->n_eps];
    uint32_t kind = rnd(w, macs_ok ? 3 : 2);
    struct vnet_port p;
    struct vnet_error err;

    memset(&p, 0, sizeof p);
    memset(e, 0, sizeof *e);
    e->mac = fabric_fixture_mac((uint8_t) (0x10 + idx), (uint8_t) w->n_eps);
    e->net_id = w->net_ids[idx];
    if (!pick_edge(w, kind == 1 ? 2 : 1, &e->dpid, &e->port)) {
        return;
    }
    snprintf(e->name, sizeof e->name, "n%zu-%zu", idx, w->n_eps);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[idx]);
    snprintf(p.name, sizeof p.name, "%s", e->name);
    p.has_mac = true;
    p.mac = e->mac;
    if (kind == 0) {
        p.binding.kind = VNET_BIND_SWITCH_PORT;
    } else if (kind == 1) {
        size_t i;

        /* A VLAN no other binding uses on that port. */
        e->vlan = (uint16_t) (100 + rnd(w, 4) * 10);
        for (i = 0; i < w->n_eps; i++) {
            if (w->eps[i].dpid == e->dpid && w->eps[i].port == e->port
                && w->eps[i].vlan == e->vlan) {
                e->vlan++;
                i = (size_t) -1;
            }
        }
        p.binding.kind = VNET_BIND_PORT_VLAN;
        p.binding.vlan = e->vlan;
    } else {
        p.binding.kind = VNET_BIND_MAC;
        p.binding.mac = e->mac;
        p.has_mac = false;
    }
    if (kind != 2) {
        p.binding.dpid = e->dpid;
        p.binding.port_no = e->port;
    }
    assert_int_equal(vnet_db_port_create(w->db, &p, NULL, &err), 0);
    if (kind == 2) {
        learn(w, e->mac, e->dpid, e->port);
    }
    w->n_eps++;
}

static struct world *
world_create(uint64_t seed)
{
    struct world *w = xzalloc(sizeof *w);
    struct vnet_error err;
    size_t i, n_extra, n_macs_ok;
    uint64_t d;
    uint32_t e;

    w->seed = seed;
    w->rng = seed * 2654435761u + 1;
    w->now = 1000;
    w->n_sw = 3 + rnd(w, MAX_SW - 2);
    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(1000);
    w->sim = fabric_sim_create();
    for (d = 1; d <= w->n_sw; d++) {
        topo_graph_switch_add(w->g, d);
        w->next_port[d] = 1;
        for (e = 0; e < N_EDGE; e++) {
            fabric_fixture_port_set(w->g, d, EDGE_FIRST + e, true);
        }
    }
    for (d = 2; d <= w->n_sw; d++) {
        link_add(w, d, rnd(w, (uint32_t) d - 1) + 1);
    }
    n_extra = rnd(w, (uint32_t) w->n_sw);
    for (i = 0; i < n_extra && w->n_links < MAX_LINKS; i++) {
        uint64_t a = rnd(w, (uint32_t) w->n_sw) + 1;
        uint64_t b = rnd(w, (uint32_t) w->n_sw) + 1;

        if (a != b && w->next_port[a] < EDGE_FIRST
            && w->next_port[b] < EDGE_FIRST) {
            link_add(w, a, b);
        }
    }

    memset(&err, 0, sizeof err);
    w->db = vnet_db_open(":memory:", &err);
    assert_non_null(w->db);
    for (i = 0; i < 2; i++) {
        char name[8];

        snprintf(name, sizeof name, "T%zu", i);
        fabric_fixture_tenant(w->db, name, w->tenants[i]);
    }
    for (i = 0; i < 4; i++) {
        char name[8];

        snprintf(name, sizeof name, "N%zu", i);
        mk_net(w, i, w->tenants[i / 2], name);
    }
    /* MAC bindings in half the seeds (they switch every unbound edge port
     * to classification by MAC); a quarantine network in some of those. */
    n_macs_ok = rnd(w, 2);
    for (i = 0; i < 4; i++) {
        size_t n = 1 + rnd(w, 3), k;

        for (k = 0; k < n; k++) {
            mk_endpoint(w, i, n_macs_ok);
        }
    }
    if (n_macs_ok && rnd(w, 2)) {
        struct vnet_config cfg;

        mk_net(w, 4, w->tenants[1], "Q");
        memset(&cfg, 0, sizeof cfg);
        cfg.unknown_mac = VNET_UNKNOWN_MAC_QUARANTINE;
        memcpy(cfg.quarantine_network, w->net_uuid[4], VNET_UUID_SIZE);
        assert_int_equal(vnet_db_config_set(w->db, &cfg, &err), 0);
        w->quarantine_net = w->net_ids[4];
    }
    /* Unbound hosts (quarantined, dropped, or the default fabric). */
    for (i = 0; i < 2; i++) {
        struct ep *u = &w->eps[w->n_eps];

        memset(u, 0, sizeof *u);
        if (pick_edge(w, 1, &u->dpid, &u->port)) {
            snprintf(u->name, sizeof u->name, "u%zu", i);
            u->mac = fabric_fixture_mac(0x55, (uint8_t) i);
            u->net_id = w->quarantine_net;
            learn(w, u->mac, u->dpid, u->port);
            w->n_eps++;
        }
    }
    return w;
}

static void
world_destroy(struct world *w)
{
    fabric_sim_destroy(w->sim);
    topo_path_destroy(w->path);
    topo_host_destroy(w->hosts);
    topo_graph_destroy(w->g);
    vnet_db_close(w->db);
    free(w);
}

/* Compiles 'gn' over 'path' (transitional from 'prev' if nonnull), scoped
 * or not; if 'check' is nonnull, checks the scope against it (see
 * check_scope()). */
static void check_scope(struct world *, const struct fabric_tenant_view *,
                        const struct gen *);

static void
compile(struct world *w, struct gen *gn, const struct topo_path *path,
        const struct topo_path *prev, bool scoped, bool check)
{
    const struct vnet_snapshot *snap = vnet_db_snapshot(w->db);
    struct fabric_tenant_view tv;
    struct fabric_view view;
    size_t i;

    fabric_view_init(&view, w->g, path, prev, w->hosts, NULL);
    fabric_tenant_view_init(&tv, snap, &view);
    assert_int_equal(tv.n_skipped, 0);
    if (!scoped) {
        tv.scoped = false;
    }
    for (i = 0; i < w->n_sw; i++) {
        assert_true(fabric_compile_switch(&view, i + 1, gn->fabric[i]));
        fabric_tenant_compile_switch(&tv, i + 1, gn->fabric[i],
                                     gn->tenant[i]);
        fabric_state_clear(gn->merged[i]);
        fabric_fixture_merge(gn->merged[i], gn->fabric[i]);
        fabric_fixture_merge(gn->merged[i], gn->tenant[i]);
    }
    if (check) {
        check_scope(w, &tv, gn);
    }
    fabric_tenant_view_uninit(&tv);
    fabric_view_uninit(&view);
    vnet_snapshot_destroy(snap);
}

static void
run_gen(struct world *w, const struct gen *gn)
{
    size_t i;

    for (i = 0; i < w->n_sw; i++) {
        fabric_sim_set_switch(w->sim, i + 1, gn->merged[i]);
    }
}

/* ---- The independent scope ---- */

static size_t
links_of(const struct topo_path *p, uint64_t dpid, struct topo_hop *hops)
{
    size_t n = topo_path_links(p, dpid, hops, 2 * MAX_LINKS);

    assert_true(n <= 2 * MAX_LINKS);
    return n;
}

/* Marks in 'on' the switches of the flooding-tree path from 'a' to 'b'. */
static bool
tree_walk(const struct topo_path *p, uint64_t at, uint64_t from, uint64_t b,
          bool *on)
{
    struct topo_hop hops[2 * MAX_LINKS];
    size_t n = links_of(p, at, hops), i;

    if (at == b) {
        on[at] = true;
        return true;
    }
    for (i = 0; i < n; i++) {
        if (hops[i].peer_dpid != from
            && topo_path_is_tree_port(p, at, hops[i].port)
            && tree_walk(p, hops[i].peer_dpid, at, b, on)) {
            on[at] = true;
            return true;
        }
    }
    return false;
}

/* Marks in 'on' every switch reachable from 'at' towards 'b' over
 * equal-cost and backup next hops. */
static void
path_walk(const struct topo_path *p, uint64_t at, uint64_t b, bool *on,
          size_t depth)
{
    struct topo_hop hops[2 * MAX_LINKS + 1], backup;
    size_t n, i;

    on[at] = true;
    if (at == b || depth > 2 * MAX_SW) {
        return;
    }
    n = topo_path_next_hops(p, at, b, hops, 2 * MAX_LINKS);
    assert_true(n <= 2 * MAX_LINKS);
    if (topo_path_backup(p, at, b, &backup)) {
        hops[n++] = backup;
    }
    for (i = 0; i < n; i++) {
        path_walk(p, hops[i].peer_dpid, b, on, depth + 1);
    }
}

/* True if flow 'f' of the tenant app concerns network 'net'. */
static bool
flow_mentions(const struct fabric_flow *f, uint32_t net)
{
    const struct ofp_instructions *ins = &f->instructions;
    size_t i;

    if (ofp_match_has(&f->match, MFF_METADATA)
        && (ntohll(f->match.v.metadata) >> 32) == net) {
        return true;
    }
    if (ofp_match_has(&f->match, MFF_VLAN_VID)
        && ntohs(f->match.v.vlan_vid) == (OFPVID_PRESENT | net)
        && f->table_id != FABRIC_TABLE_POLICY) {
        return true;
    }
    if (ins->present & OFPINST_WRITE_METADATA
        && ins->metadata_mask == FABRIC_TENANT_META_MASK
        && (ins->metadata >> 32) == net) {
        return true;
    }
    for (i = 0; ins->present & OFPINST_APPLY_ACTIONS
                && i < ins->n_apply_actions; i++) {
        const struct ofp_action *a = &ins->apply_actions[i];

        if ((a->type == OFPACT_GROUP
             && a->group_id == fabric_tenant_flood_group(net))) {
            return true;
        }
    }
    return false;
}

/* The switches that carry each network are exactly the members, the tree
 * between them and the paths between them (over both path snapshots of a
 * transitional view); the others have nothing of it but the guard; flood
 * buckets only lead to switches that carry the network. */
static void
check_scope(struct world *w, const struct fabric_tenant_view *tv,
            const struct gen *gn)
{
    const struct topo_path *paths[2] = { tv->fview->path,
                                         tv->fview->common_path };
    size_t ni, i, j, k, pi;

    for (ni = 0; ni < N_NETS; ni++) {
        uint32_t net = w->net_ids[ni];
        bool member[MAX_SW + 1], on[MAX_SW + 1];
        uint64_t a, b;

        if (!net) {
            continue;
        }
        memset(member, 0, sizeof member);
        memset(on, 0, sizeof on);
        for (i = 0; i < w->n_eps; i++) {
            if (w->eps[i].net_id == net) {
                member[w->eps[i].dpid] = true;
            }
        }
        if (net == w->quarantine_net) {
            for (a = 1; a <= w->n_sw; a++) {
                for (k = 0; k < N_EDGE; k++) {
                    member[a] |= w->edge_use[a][k] == 0;
                }
            }
        }
        for (a = 1; a <= w->n_sw; a++) {
            for (b = 1; member[a] && b <= w->n_sw; b++) {
                if (!member[b] || a == b) {
                    on[a] = on[a] || member[a];
                    continue;
                }
                tree_walk(paths[0], a, 0, b, on);
                for (pi = 0; pi < 2; pi++) {
                    if (paths[pi]
                        && topo_path_distance(paths[pi], a, b)
                           != TOPO_PATH_INFINITY) {
                        path_walk(paths[pi], a, b, on, 0);
                    }
                }
            }
        }
        for (a = 1; a <= w->n_sw; a++) {
            const struct fabric_state *t = gn->tenant[a - 1];
            uint32_t gid = fabric_tenant_flood_group(net);

            if (fabric_tenant_carries(tv, a, net) != on[a]) {
                fail_msg("seed %"PRIu64": switch %"PRIu64" %s network %"
                         PRIu32" (expected %s)", w->seed, a,
                         on[a] ? "does not carry" : "carries", net,
                         on[a] ? "yes" : "no");
            }
            if (on[a]) {
                continue;
            }
            assert_null(fabric_state_find_group(t, gid));
            for (j = 0; j < fabric_state_n_flows(t); j++) {
                const struct fabric_flow *f = fabric_state_flow_at(t, j);

                if (flow_mentions(f, net)) {
                    fail_msg("switch %"PRIu64" does not carry network %"
                             PRIu32" but has a flow of it in table %u",
                             a, net, f->table_id);
                }
            }
        }
        /* Flood buckets tagged 'net' lead to carrying neighbours. */
        for (a = 1; a <= w->n_sw; a++) {
            const struct fabric_group *g = fabric_state_find_group(
                gn->tenant[a - 1], fabric_tenant_flood_group(net));
            struct topo_hop hops[2 * MAX_LINKS];
            size_t n = links_of(paths[0], a, hops);

            for (j = 0; g && j < g->n_buckets; j++) {
                const struct ofp_bucket *bk = &g->buckets[j];
                uint32_t port = bk->actions[bk->n_actions - 1].output.port;

                for (k = 0; k < n; k++) {
                    if (hops[k].port == port) {
                        assert_true(fabric_tenant_carries(
                                        tv, hops[k].peer_dpid, net));
                    }
                }
            }
        }
    }
}

/* ---- Traffic ---- */

static const struct ep *
ep_at(const struct world *w, uint64_t dpid, uint32_t port, uint16_t vid)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        const struct ep *e = &w->eps[i];
        uint16_t want = e->vlan ? (uint16_t) (OFPVID_PRESENT | e->vlan)
                                : (uint16_t) OFPVID_NONE;

        if (e->dpid == dpid && e->port == port && want == vid) {
            return e;
        }
    }
    return NULL;
}

static bool
tenant_port(const struct world *w, uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        if (w->eps[i].net_id && w->eps[i].net_id != w->quarantine_net
            && w->eps[i].dpid == dpid && w->eps[i].port == port) {
            return true;
        }
    }
    return false;
}

/* Runs a frame from 'src' to 'dst' through the switches' current states
 * into 'r'. Returns true if some copy looped (or the simulator stopped
 * following the copies and paths: a loop through select groups). */
static bool
send_from(const struct world *w, const struct ep *src, struct eth_addr dst,
          struct fabric_sim_result *r)
{
    fabric_fixture_send(w->sim, src->dpid, src->port, dst, src->mac,
                        src->vlan, 4 * MAX_SW, r);
    return r->truncated || fabric_sim_count(r, FABRIC_SIM_LOOP, 0, 0) > 0;
}

/* Checks that no delivery of a frame from 'src' leaves its network;
 * returns the deliveries to 'to'. */
static size_t
check_isolated(const struct world *w, const struct ep *src,
               const struct fabric_sim_result *r, const struct ep *to)
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
            continue;
        }
        if (!d || d->net_id != src->net_id || e->n_tags > 1) {
            fail_msg("seed %"PRIu64" (%s): from %s delivered at %"PRIu64
                     ":%"PRIu32" vlan %#x: %s", w->seed, w->phase, src->name, e->dpid,
                     e->port, e->vlan_vid, d ? d->name : "no endpoint");
        }
        n_to += d == to;
    }
    return n_to;
}

static int
event_cmp(const void *a_, const void *b_)
{
    const struct fabric_sim_event *a = a_, *b = b_;

    if (a->type != b->type) {
        return a->type < b->type ? -1 : 1;
    }
    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    if (a->vlan_vid != b->vlan_vid) {
        return a->vlan_vid < b->vlan_vid ? -1 : 1;
    }
    return (a->n_tags > b->n_tags) - (a->n_tags < b->n_tags);
}

/* The deliveries and controller copies of 'r', sorted, into 'out' (room
 * for r->n_events); returns how many. */
static size_t
outcome(const struct fabric_sim_result *r, struct fabric_sim_event *out)
{
    size_t i, n = 0;

    for (i = 0; i < r->n_events; i++) {
        const struct fabric_sim_event *e = &r->events[i];

        if (e->type == FABRIC_SIM_DELIVER
            || e->type == FABRIC_SIM_CONTROLLER) {
            out[n] = *e;
            out[n].n_hops = 0;
            if (e->type == FABRIC_SIM_CONTROLLER) {
                out[n].vlan_vid = 0;
                out[n].n_tags = 0;
            }
            n++;
        }
    }
    qsort(out, n, sizeof *out, event_cmp);
    return n;
}

/* How check_traffic() compares with the unscoped states. */
enum cmp {
    CMP_EQUAL,                  /* The same deliveries, no loop. */
    CMP_LOOPS,                  /* A frame loops only where it loops
                                 * unscoped (the fabric's failover groups
                                 * bounce frames for a switch a cut made
                                 * unreachable until recompilation). */
};

/* Sends every frame of the matrix through 'gn' and 'ref' (the same
 * switches unscoped), checks isolation, compares per 'cmp'; 'complete':
 * delivery must also be exact. */
static void
check_traffic(struct world *w, const struct gen *gn, const struct gen *ref,
              enum cmp cmp, bool complete)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct eth_addr unknown = fabric_fixture_mac(0xee, 0xee);
    struct fabric_sim_result r, rr;
    size_t i, j;

    fabric_sim_result_init(&r);
    fabric_sim_result_init(&rr);
    for (i = 0; i < w->n_eps; i++) {
        const struct ep *s = &w->eps[i];

        for (j = 0; j <= w->n_eps + 1; j++) {
            const struct ep *d = j < w->n_eps ? &w->eps[j] : NULL;
            struct eth_addr dst = d ? d->mac : j == w->n_eps ? bcast
                                                              : unknown;
            struct fabric_sim_event *a, *b;
            bool loop, ref_loop;
            size_t k, na, nb;

            if (d == s) {
                continue;
            }
            run_gen(w, gn);
            loop = send_from(w, s, dst, &r);
            for (k = 0; k < w->n_eps; k++) {
                const struct ep *to = &w->eps[k];
                size_t n = check_isolated(w, s, &r, to);
                bool same = to != s && to->net_id == s->net_id && s->net_id
                            && (to->dpid != s->dpid || to->port != s->port)
                            && topo_path_distance(w->path, s->dpid, to->dpid)
                               != TOPO_PATH_INFINITY;

                if (complete && same && j == w->n_eps && n != 1) {
                    fail_msg("seed %"PRIu64" (%s): broadcast from %s reached "
                             "%s %zu times", w->seed, w->phase, s->name,
                             to->name, n);
                }
                if (complete && same && to == d && !n) {
                    fail_msg("seed %"PRIu64" (%s): unicast from %s never "
                             "reached %s", w->seed, w->phase, s->name,
                             to->name);
                }
            }

            run_gen(w, ref);
            ref_loop = send_from(w, s, dst, &rr);
            if (loop && (cmp == CMP_EQUAL || !ref_loop)) {
                fail_msg("seed %"PRIu64" (%s): frame %zu from %s loops "
                         "(unscoped: %s)", w->seed, w->phase, j, s->name,
                         ref_loop ? "too" : "no");
            }
            if (cmp != CMP_EQUAL) {
                continue;
            }
            a = xcalloc(r.n_events + 1, sizeof *a);
            b = xcalloc(rr.n_events + 1, sizeof *b);
            na = outcome(&r, a);
            nb = outcome(&rr, b);
            for (k = 0; na == nb && k < na; k++) {
                if (event_cmp(&a[k], &b[k])) {
                    nb = SIZE_MAX;
                }
            }
            if (na != nb) {
                fail_msg("seed %"PRIu64" (%s): frame %zu from %s: %zu "
                         "outcomes scoped, %zu unscoped", w->seed, w->phase,
                         j, s->name, na, nb);
            }
            free(a);
            free(b);
        }
    }
    fabric_sim_result_uninit(&r);
    fabric_sim_result_uninit(&rr);
}

/* ---- Tests ---- */

/* Scoped = unscoped delivery, exact scope, on random fabrics, before and
 * after every link cut; isolation in every mix of generations. */
static void
test_scope_random(void **state)
{
    uint64_t seed;
    size_t n_carried = 0, n_pairs = 0;

    (void) state;
    for (seed = 1; seed <= 24; seed++) {
        struct world *w = world_create(seed);
        struct gen cur, ref;
        size_t l, i;

        gen_init(&cur, w->n_sw);
        gen_init(&ref, w->n_sw);
        w->path = topo_path_compute(w->g);
        compile(w, &cur, w->path, NULL, true, true);
        compile(w, &ref, w->path, NULL, false, false);
        w->phase = "initial";
        check_traffic(w, &cur, &ref, CMP_EQUAL, true);
        for (i = 0; i < w->n_sw; i++) {
            size_t ni;

            for (ni = 0; ni < 4; ni++) {
                const struct fabric_state *t = cur.tenant[i];

                n_pairs++;
                n_carried += fabric_state_find_group(
                    t, fabric_tenant_flood_group(w->net_ids[ni])) != NULL;
            }
        }

        for (l = 0; l < w->n_links; l++) {
            struct topo_path *old = w->path;
            struct gen trans, fin, rtrans, rfin;
            size_t mix;

            /* The cut, before the controller reacts. */
            link_set_live(w, &w->links[l], false);
            w->phase = "cut, old flows";
            check_traffic(w, &cur, &ref, CMP_LOOPS, false);

            /* Transitional states, then final ones, each mixed with the
             * generation before on random switches. */
            w->path = topo_path_compute(w->g);
            gen_init(&trans, w->n_sw);
            gen_init(&fin, w->n_sw);
            gen_init(&rtrans, w->n_sw);
            gen_init(&rfin, w->n_sw);
            compile(w, &trans, w->path, old, true, true);
            compile(w, &fin, w->path, NULL, true, true);
            compile(w, &rtrans, w->path, old, false, false);
            compile(w, &rfin, w->path, NULL, false, false);
            for (mix = 0; mix < 3; mix++) {
                struct gen m1, m2, r1, r2;

                memset(&m1, 0, sizeof m1);
                memset(&m2, 0, sizeof m2);
                memset(&r1, 0, sizeof r1);
                memset(&r2, 0, sizeof r2);
                for (i = 0; i < w->n_sw; i++) {
                    bool pick = rnd(w, 2);

                    m1.merged[i] = pick ? trans.merged[i] : cur.merged[i];
                    m2.merged[i] = pick ? fin.merged[i] : trans.merged[i];
                    r1.merged[i] = pick ? rtrans.merged[i] : ref.merged[i];
                    r2.merged[i] = pick ? rfin.merged[i] : rtrans.merged[i];
                }
                w->phase = "old + transitional";
                check_traffic(w, &m1, &r1, CMP_LOOPS, false);
                w->phase = "transitional + final";
                check_traffic(w, &m2, &r2, CMP_LOOPS, false);
            }
            w->phase = "final after cut";
            check_traffic(w, &fin, &rfin, CMP_EQUAL, true);

            /* Back up. */
            link_set_live(w, &w->links[l], true);
            gen_uninit(&trans, w->n_sw);
            gen_uninit(&fin, w->n_sw);
            gen_uninit(&rtrans, w->n_sw);
            gen_uninit(&rfin, w->n_sw);
            topo_path_destroy(old);
            topo_path_destroy(w->path);
            w->path = topo_path_compute(w->g);
            compile(w, &cur, w->path, NULL, true, true);
            compile(w, &ref, w->path, NULL, false, false);
            w->phase = "restored";
            check_traffic(w, &cur, &ref, CMP_EQUAL, true);
        }
        gen_uninit(&cur, w->n_sw);
        gen_uninit(&ref, w->n_sw);
        world_destroy(w);
    }
    /* Scoping did something: some switches carry fewer networks. */
    assert_true(n_carried < n_pairs);
    print_message("scope: %zu of %zu (switch, network) pairs carry a flood "
                  "group\n", n_carried, n_pairs);
}

/* A line 1-2-3-4-5: a network with ports on 1 and 3 is carried by 1..3
 * only; switches 4 and 5 have nothing of it but the guard. */
static void
test_scope_line(void **state)
{
    struct world *w = xzalloc(sizeof *w);
    char tenant[VNET_UUID_SIZE];
    struct vnet_error err;
    struct vnet_port p;
    struct gen gn;
    uint64_t d;
    size_t i, j;

    (void) state;
    w->now = 1000;
    w->n_sw = 5;
    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(1000);
    w->sim = fabric_sim_create();
    for (d = 1; d <= 5; d++) {
        topo_graph_switch_add(w->g, d);
        w->next_port[d] = 1;
        fabric_fixture_port_set(w->g, d, EDGE_FIRST, true);
    }
    for (d = 1; d < 5; d++) {
        link_add(w, d, d + 1);
    }
    w->db = vnet_db_open(":memory:", &err);
    fabric_fixture_tenant(w->db, "A", tenant);
    mk_net(w, 0, tenant, "A1");
    for (d = 1; d <= 3; d += 2) {
        memset(&p, 0, sizeof p);
        snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[0]);
        snprintf(p.name, sizeof p.name, "p%"PRIu64, d);
        p.binding.kind = VNET_BIND_SWITCH_PORT;
        p.binding.dpid = d;
        p.binding.port_no = EDGE_FIRST;
        assert_int_equal(vnet_db_port_create(w->db, &p, NULL, &err), 0);
    }
    w->path = topo_path_compute(w->g);
    gen_init(&gn, w->n_sw);
    compile(w, &gn, w->path, NULL, true, false);
    for (i = 0; i < 5; i++) {
        size_t n_net = 0;

        for (j = 0; j < fabric_state_n_flows(gn.tenant[i]); j++) {
            n_net += flow_mentions(fabric_state_flow_at(gn.tenant[i], j),
                                   w->net_ids[0]);
        }
        if (i < 3) {
            assert_true(n_net > 0);
            assert_non_null(fabric_state_find_group(
                gn.tenant[i], fabric_tenant_flood_group(w->net_ids[0])));
        } else {
            assert_int_equal(n_net, 0);
            assert_null(fabric_state_find_group(
                gn.tenant[i], fabric_tenant_flood_group(w->net_ids[0])));
        }
    }
    gen_uninit(&gn, w->n_sw);
    world_destroy(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope_line),
        cmocka_unit_test(test_scope_random),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
