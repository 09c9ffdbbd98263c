/* Unit tests for src/topo/topo-graph and topo-path: link states, change
 * counter, shortest paths, ECMP, backups and the flooding tree on a line, a
 * ring, a leaf-spine, a mesh and a k=8 fat-tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/util.h"
#include "topo/topo-graph.h"
#include "topo/topo-path.h"

#define EDGE_PORT 100           /* Every test switch has a host port 100. */

static struct eth_addr
mac_of(uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = { { 0x02, (uint8_t) (dpid >> 16), (uint8_t) (dpid >> 8),
                             (uint8_t) dpid, (uint8_t) (port >> 8),
                             (uint8_t) port } };
    return ea;
}

static void
port_up(struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = mac_of(dpid, port);

    topo_graph_port_set(g, dpid, port, &ea, true, 10000000);
}

/* Adds switch 'dpid' with its edge port. */
static void
add_switch(struct topo_graph *g, uint64_t dpid)
{
    topo_graph_switch_add(g, dpid);
    port_up(g, dpid, EDGE_PORT);
}

/* Cables (a, pa) to (b, pb) and reports LLDP both ways. */
static void
cable(struct topo_graph *g, uint64_t a, uint32_t pa, uint64_t b, uint32_t pb)
{
    port_up(g, a, pa);
    port_up(g, b, pb);
    assert_true(topo_graph_link_seen(g, a, pa, b, pb, 1000));
    assert_true(topo_graph_link_seen(g, b, pb, a, pa, 1000));
}

/* Ring of n switches 1..n: port 1 towards i+1, port 2 towards i-1. */
static struct topo_graph *
make_ring(size_t n)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t i;

    for (i = 1; i <= n; i++) {
        add_switch(g, i);
    }
    for (i = 1; i <= n; i++) {
        cable(g, i, 1, i % n + 1, 2);
    }
    return g;
}

/* Leaf-spine: spines 1..n_spines, leaves 101..100+n_leaves; leaf port s
 * goes to spine s, spine port l goes to leaf 100+l. */
static struct topo_graph *
make_leaf_spine(size_t n_spines, size_t n_leaves)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t s, l;

    for (s = 1; s <= n_spines; s++) {
        topo_graph_switch_add(g, s);
    }
    for (l = 1; l <= n_leaves; l++) {
        add_switch(g, 100 + l);
        for (s = 1; s <= n_spines; s++) {
            cable(g, 100 + l, (uint32_t) s, s, (uint32_t) l);
        }
    }
    return g;
}

static struct topo_graph *
make_line(size_t n)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t i;

    for (i = 1; i <= n; i++) {
        add_switch(g, i);
    }
    for (i = 1; i < n; i++) {
        cable(g, i, 1, i + 1, 2);
    }
    return g;
}

/* Full mesh of n: switch i port j goes to switch j. */
static struct topo_graph *
make_mesh(size_t n)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t i, j;

    for (i = 1; i <= n; i++) {
        add_switch(g, i);
    }
    for (i = 1; i <= n; i++) {
        for (j = i + 1; j <= n; j++) {
            cable(g, i, (uint32_t) j, j, (uint32_t) i);
        }
    }
    return g;
}

/* Fat-tree with k pods: (k/2)^2 cores, k pods of k/2 aggregation and k/2
 * edge switches; every edge switch has host port EDGE_PORT. */
static struct topo_graph *
make_fat_tree(size_t k, size_t *n_switches, size_t *n_links)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t h = k / 2, pod, a, e, c;

    *n_links = 0;
    for (c = 0; c < h * h; c++) {
        topo_graph_switch_add(g, 1 + c);
    }
    for (pod = 0; pod < k; pod++) {
        for (a = 0; a < h; a++) {
            uint64_t agg = 1000 + pod * 100 + a;

            topo_graph_switch_add(g, agg);
            /* Aggregation a connects to cores a*h .. a*h+h-1. */
            for (c = 0; c < h; c++) {
                cable(g, agg, (uint32_t) (1 + c), 1 + a * h + c,
                      (uint32_t) (1 + pod));
                (*n_links)++;
            }
        }
        for (e = 0; e < h; e++) {
            uint64_t edge = 2000 + pod * 100 + e;

            add_switch(g, edge);
            for (a = 0; a < h; a++) {
                cable(g, edge, (uint32_t) (1 + a), 1000 + pod * 100 + a,
                      (uint32_t) (h + 1 + e));
                (*n_links)++;
            }
        }
    }
    *n_switches = h * h + k * k;
    return g;
}

/* Asserts the flooding tree is a spanning tree: |E| = |V| - 1 and every
 * switch is reached from the first through tree ports. */
static void
assert_spanning_tree(const struct topo_graph *g, const struct topo_path *p)
{
    size_t n = topo_graph_n_switches(g);
    struct topo_link *links;
    size_t n_links = topo_graph_up_links(g, &links);
    bool *seen = xcalloc(n, sizeof *seen);
    size_t *stack = xmalloc(n * sizeof *stack);
    size_t sp = 0, n_seen = 1, n_tree = 0, i;

    for (i = 0; i < n_links; i++) {
        bool ta = topo_path_is_tree_port(p, links[i].a_dpid, links[i].a_port);
        bool tb = topo_path_is_tree_port(p, links[i].b_dpid, links[i].b_port);
        assert_int_equal(ta, tb);
        n_tree += ta;
    }
    assert_int_equal(n_tree, n - 1);
    assert_int_equal(topo_path_n_tree_links(p), n - 1);

    seen[0] = true;
    stack[sp++] = 0;
    while (sp) {
        uint64_t dpid = topo_graph_switch_at(g, stack[--sp])->dpid;

        for (i = 0; i < n_links; i++) {
            const struct topo_link *l = &links[i];
            uint64_t peer;
            size_t j;

            if (l->a_dpid == dpid
                && topo_path_is_tree_port(p, dpid, l->a_port)) {
                peer = l->b_dpid;
            } else if (l->b_dpid == dpid
                       && topo_path_is_tree_port(p, dpid, l->b_port)) {
                peer = l->a_dpid;
            } else {
                continue;
            }
            for (j = 0; j < n; j++) {
                if (topo_graph_switch_at(g, j)->dpid == peer && !seen[j]) {
                    seen[j] = true;
                    n_seen++;
                    stack[sp++] = j;
                }
            }
        }
    }
    assert_int_equal(n_seen, n);
    free(seen);
    free(stack);
    free(links);
}

/* Finds the other end of the usable link at (dpid, port). */
static bool
link_peer(const struct topo_link *links, size_t n, uint64_t dpid,
          uint32_t port, uint64_t *peer, uint32_t *peer_port)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (links[i].a_dpid == dpid && links[i].a_port == port) {
            *peer = links[i].b_dpid;
            *peer_port = links[i].b_port;
            return true;
        }
        if (links[i].b_dpid == dpid && links[i].b_port == port) {
            *peer = links[i].a_dpid;
            *peer_port = links[i].a_port;
            return true;
        }
    }
    return false;
}

/* Simulates flooding a packet that enters switch 'dpid' at 'in_port':
 * every copy is followed across links; asserts each switch receives
 * exactly one copy and returns how many copies leave through edge ports. */
static size_t
simulate_flood(const struct topo_graph *g, const struct topo_path *p,
               uint64_t dpid, uint32_t in_port)
{
    size_t n = topo_graph_n_switches(g), i;
    struct topo_link *links;
    size_t n_links = topo_graph_up_links(g, &links);
    size_t *visits = xcalloc(n, sizeof *visits);
    struct { uint64_t dpid; uint32_t port; } *queue;
    size_t head = 0, tail = 0, n_edge_out = 0, max_q = 4 * n + 4;

    queue = xmalloc(max_q * sizeof *queue);
    queue[tail].dpid = dpid;
    queue[tail++].port = in_port;
    while (head < tail) {
        uint64_t sw = queue[head].dpid;
        uint32_t port = queue[head++].port;
        uint32_t out[64];
        size_t n_out, j;

        for (i = 0; i < n; i++) {
            if (topo_graph_switch_at(g, i)->dpid == sw) {
                visits[i]++;
                assert_int_equal(visits[i], 1);
            }
        }
        n_out = topo_path_flood_ports(p, sw, port, out, ARRAY_SIZE(out));
        assert_true(n_out <= ARRAY_SIZE(out));
        for (j = 0; j < n_out; j++) {
            uint64_t peer;
            uint32_t peer_port;

            assert_int_not_equal(out[j], port);
            if (link_peer(links, n_links, sw, out[j], &peer, &peer_port)) {
                assert_true(tail < max_q);
                queue[tail].dpid = peer;
                queue[tail++].port = peer_port;
            } else {
                assert_true(topo_graph_port_is_edge(g, sw, out[j]));
                n_edge_out++;
            }
        }
    }
    for (i = 0; i < n; i++) {
        assert_int_equal(visits[i], 1);
    }
    free(queue);
    free(visits);
    free(links);
    return n_edge_out;
}

/* For every (s, d) with a backup: the backup neighbour U's forwarding
 * (every ECMP branch, programmed before the failure) reaches d without
 * ever returning to s, hence never over the failed primary link; and d is
 * still reachable once the primary link is gone. Returns how many backups
 * were checked. */
static size_t
check_backups(struct topo_graph *g, const struct topo_path *p)
{
    size_t n = topo_graph_n_switches(g), si, di, n_checked = 0;
    uint64_t *dpids = xmalloc(n * sizeof *dpids);

    for (si = 0; si < n; si++) {
        dpids[si] = topo_graph_switch_at(g, si)->dpid;
    }
    for (si = 0; si < n; si++) {
        for (di = 0; di < n; di++) {
            uint64_t s = dpids[si], d = dpids[di];
            struct topo_hop primary, backup;
            uint64_t *stack = xmalloc(n * n * sizeof *stack + 8);
            size_t sp = 0;

            if (!topo_path_backup(p, s, d, &backup)) {
                free(stack);
                continue;
            }
            assert_true(topo_path_next_hop(p, s, d, &primary));
            assert_int_not_equal(backup.port, primary.port);
            assert_int_equal(backup.dpid, s);

            /* Walk every ECMP branch from U. */
            stack[sp++] = backup.peer_dpid;
            while (sp) {
                uint64_t u = stack[--sp];
                struct topo_hop hops[32];
                size_t k, nh;

                assert_true(u != s);
                if (u == d) {
                    continue;
                }
                nh = topo_path_next_hops(p, u, d, hops, ARRAY_SIZE(hops));
                assert_true(nh > 0 && nh <= ARRAY_SIZE(hops));
                for (k = 0; k < nh; k++) {
                    assert_true(sp < n * n);
                    stack[sp++] = hops[k].peer_dpid;
                }
            }
            free(stack);

            /* Cut the primary link: d stays reachable from s. */
            {
                struct topo_graph *cut;
                struct topo_path *p2;
                uint64_t seq = topo_graph_change_seq(g);

                assert_true(topo_graph_link_remove(g, s, primary.port,
                                                   primary.peer_dpid,
                                                   primary.peer_port));
                assert_true(topo_graph_change_seq(g) > seq);
                cut = g;
                p2 = topo_path_compute(cut);
                assert_int_not_equal(topo_path_distance(p2, s, d),
                                     TOPO_PATH_INFINITY);
                assert_int_not_equal(topo_path_distance(p2, backup.peer_dpid,
                                                        d),
                                     TOPO_PATH_INFINITY);
                topo_path_destroy(p2);
                assert_true(topo_graph_link_seen(g, s, primary.port,
                                                 primary.peer_dpid,
                                                 primary.peer_port, 1000));
            }
            n_checked++;
        }
    }
    free(dpids);
    return n_checked;
}

static void
test_line(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_line(4);
    struct topo_path *p = topo_path_compute(g);
    struct topo_hop hops[8];

    assert_int_equal(topo_path_distance(p, 1, 4), 3);
    assert_int_equal(topo_path_distance(p, 4, 1), 3);
    assert_int_equal(topo_path_distance(p, 2, 2), 0);
    assert_int_equal(topo_path_route(p, 1, 4, hops, ARRAY_SIZE(hops)), 3);
    assert_int_equal(hops[0].dpid, 1);
    assert_int_equal(hops[0].port, 1);
    assert_int_equal(hops[1].dpid, 2);
    assert_int_equal(hops[1].peer_port, 2);
    assert_int_equal(hops[2].peer_dpid, 4);
    assert_false(topo_path_backup(p, 1, 4, &hops[0]));
    assert_spanning_tree(g, p);
    assert_int_equal(simulate_flood(g, p, 1, EDGE_PORT), 3);
    assert_int_equal(topo_graph_port_kind(g, 1, 1), TOPO_PORT_FABRIC);
    assert_int_equal(topo_graph_port_kind(g, 1, EDGE_PORT), TOPO_PORT_EDGE);
    assert_int_equal(topo_graph_port_kind(g, 1, 7), TOPO_PORT_UNKNOWN);
    assert_true(topo_graph_port_is_edge(g, 2, EDGE_PORT));
    assert_false(topo_graph_port_is_edge(g, 2, 1));
    topo_path_destroy(p);

    /* Cutting the middle partitions the line: a forest, no path. */
    topo_graph_link_remove(g, 2, 1, 3, 2);
    assert_int_equal(topo_graph_port_kind(g, 2, 1), TOPO_PORT_UNIDIR);
    assert_int_equal(topo_graph_port_kind(g, 3, 2), TOPO_PORT_UNIDIR);
    p = topo_path_compute(g);
    assert_int_equal(topo_path_distance(p, 1, 4), TOPO_PATH_INFINITY);
    assert_int_equal(topo_path_route(p, 1, 4, hops, ARRAY_SIZE(hops)), 0);
    assert_int_equal(topo_path_n_tree_links(p), 2);
    /* Nothing is flooded into or out of a unidirectional port. */
    {
        uint32_t out[8];
        assert_int_equal(topo_path_flood_ports(p, 3, 2, out, 8), 0);
        assert_int_equal(topo_path_flood_ports(p, 3, EDGE_PORT, out, 8), 1);
        assert_int_equal(out[0], 1);
    }
    topo_path_destroy(p);
    topo_graph_destroy(g);
}

static void
test_ring(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_ring(4);
    struct topo_path *p = topo_path_compute(g);
    struct topo_hop hops[4], hop;
    uint64_t seq;

    assert_int_equal(topo_graph_n_dlinks(g), 8);
    assert_int_equal(topo_path_distance(p, 1, 3), 2);
    /* Opposite switch: two equal-cost next hops (ports 1 and 2). */
    assert_int_equal(topo_path_next_hops(p, 1, 3, hops, 4), 2);
    assert_int_equal(hops[0].port, 1);
    assert_int_equal(hops[0].peer_dpid, 2);
    assert_int_equal(hops[1].port, 2);
    assert_int_equal(hops[1].peer_dpid, 4);
    /* Backup for 1 -> 3 is the other branch, via 4. */
    assert_true(topo_path_backup(p, 1, 3, &hop));
    assert_int_equal(hop.port, 2);
    assert_int_equal(hop.peer_dpid, 4);
    /* Adjacent: 4 reaches 2 through 1 at equal cost, so no loop-free
     * alternate exists (documented limitation). */
    assert_int_equal(topo_path_next_hops(p, 1, 2, hops, 4), 1);
    assert_false(topo_path_backup(p, 1, 2, &hop));
    assert_int_equal(check_backups(g, p), 4);   /* Each switch, opposite. */
    assert_spanning_tree(g, p);
    assert_int_equal(simulate_flood(g, p, 3, EDGE_PORT), 3);
    /* Tree is deterministic: equal weights, so the link with the highest
     * canonical key, (3,1)-(4,2), is the one left out. */
    assert_true(topo_path_is_tree_port(p, 1, 2));
    assert_true(topo_path_is_tree_port(p, 4, 1));
    assert_false(topo_path_is_tree_port(p, 3, 1));
    assert_false(topo_path_is_tree_port(p, 4, 2));
    {
        uint32_t out[8];
        /* Arriving on the non-tree link: dropped, not flooded. */
        assert_int_equal(topo_path_flood_ports(p, 4, 2, out, 8), 0);
        assert_int_equal(topo_path_flood_ports(p, 3, 1, out, 8), 0);
        /* From the controller: every tree and edge port. */
        assert_int_equal(topo_path_flood_ports(p, 1, 0xfffffffdu, out, 8), 3);
        assert_int_equal(out[0], 1);
        assert_int_equal(out[1], 2);
        assert_int_equal(out[2], EDGE_PORT);
        /* From the tree: never back out of the in_port. */
        assert_int_equal(topo_path_flood_ports(p, 1, 2, out, 8), 2);
        assert_int_equal(out[0], 1);
        assert_int_equal(out[1], EDGE_PORT);
        /* Truncated output still reports the full count. */
        assert_int_equal(topo_path_flood_ports(p, 1, EDGE_PORT, out, 1), 2);
    }
    topo_path_destroy(p);

    /* Link down changes the counter, the paths and the tree. */
    seq = topo_graph_change_seq(g);
    {
        struct eth_addr ea = mac_of(2, 2);
        assert_true(topo_graph_port_set(g, 2, 2, &ea, false, 10000000));
    }
    assert_true(topo_graph_change_seq(g) > seq);
    assert_int_equal(topo_graph_n_dlinks(g), 6);
    assert_int_equal(topo_graph_port_kind(g, 1, 1), TOPO_PORT_EDGE);
    p = topo_path_compute(g);
    assert_int_equal(topo_path_seq(p), topo_graph_change_seq(g));
    assert_int_equal(topo_path_distance(p, 1, 2), 3);
    assert_true(topo_path_next_hop(p, 1, 2, &hop));
    assert_int_equal(hop.port, 2);
    assert_spanning_tree(g, p);
    /* Port 1 of switch 1 is now an edge port (no link): the flood leaves
     * through it as well as through the four host ports. */
    assert_int_equal(simulate_flood(g, p, 1, EDGE_PORT), 4);
    topo_path_destroy(p);

    /* A refresh is not a change; link up again is. */
    seq = topo_graph_change_seq(g);
    assert_true(topo_graph_link_seen(g, 3, 2, 2, 1, 2000));
    assert_int_equal(topo_graph_change_seq(g), seq);
    port_up(g, 2, 2);
    assert_true(topo_graph_change_seq(g) > seq);
    topo_graph_link_seen(g, 1, 1, 2, 2, 3000);
    topo_graph_link_seen(g, 2, 2, 1, 1, 3000);
    p = topo_path_compute(g);
    assert_int_equal(topo_path_distance(p, 1, 2), 1);
    topo_path_destroy(p);
    topo_graph_destroy(g);
}

static void
test_leaf_spine(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_leaf_spine(2, 4);
    struct topo_path *p = topo_path_compute(g);
    struct topo_hop hops[4], hop;
    size_t l;

    assert_int_equal(topo_graph_n_switches(g), 6);
    assert_int_equal(topo_path_distance(p, 101, 104), 2);
    assert_int_equal(topo_path_next_hops(p, 101, 104, hops, 4), 2);
    assert_int_equal(hops[0].peer_dpid, 1);
    assert_int_equal(hops[1].peer_dpid, 2);
    assert_true(topo_path_backup(p, 101, 104, &hop));
    assert_int_equal(hop.peer_dpid, 2);
    /* Spine to leaf: every alternative leaf reaches the target through the
     * spine at equal cost, so no loop-free alternate. */
    assert_false(topo_path_backup(p, 1, 102, &hop));
    /* Leaf to spine: the other spine reaches spine 1 through this leaf or
     * another at equal cost (2), so it is not loop-free either. */
    assert_false(topo_path_backup(p, 101, 1, &hop));
    /* Leaf to leaf: 4 x 3 pairs, each with the other spine as backup;
     * spine to spine: 2 pairs, via a leaf that is not on the primary. */
    assert_int_equal(check_backups(g, p), 4 * 3 + 2);
    assert_true(topo_path_backup(p, 1, 2, &hop));
    assert_true(topo_path_next_hop(p, 1, 2, &hops[0]));
    assert_int_equal(hops[0].peer_dpid, 101);
    assert_int_equal(hop.peer_dpid, 102);
    assert_spanning_tree(g, p);
    for (l = 101; l <= 104; l++) {
        assert_int_equal(simulate_flood(g, p, l, EDGE_PORT), 3);
    }
    topo_path_destroy(p);

    /* Speed-derived weights: a slow uplink is avoided. */
    {
        struct topo_graph *w = topo_graph_create(TOPO_WEIGHT_SPEED);
        struct eth_addr ea = mac_of(1, 1);

        add_switch(w, 101);
        add_switch(w, 102);
        cable(w, 101, 1, 1, 1);
        cable(w, 102, 1, 1, 2);
        cable(w, 101, 2, 2, 1);
        cable(w, 102, 2, 2, 2);
        topo_graph_port_set(w, 1, 1, &ea, true, 1000000);   /* 1 Gb/s */
        p = topo_path_compute(w);
        assert_int_equal(topo_path_distance(p, 101, 102), 20);
        assert_int_equal(topo_path_next_hops(p, 101, 102, hops, 4), 1);
        assert_int_equal(hops[0].peer_dpid, 2);
        assert_int_equal(hops[0].weight, 10);
        topo_path_destroy(p);
        topo_graph_destroy(w);
    }
    topo_graph_destroy(g);
}

static void
test_mesh(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_mesh(5);
    struct topo_path *p = topo_path_compute(g);
    struct topo_hop hop;
    size_t i;

    assert_int_equal(topo_path_distance(p, 1, 5), 1);
    /* Every pair has a loop-free alternate through any third switch. */
    assert_int_equal(check_backups(g, p), 5 * 4);
    assert_true(topo_path_backup(p, 1, 5, &hop));
    assert_int_equal(hop.peer_dpid, 2);
    assert_spanning_tree(g, p);
    for (i = 1; i <= 5; i++) {
        assert_int_equal(simulate_flood(g, p, i, EDGE_PORT), 4);
    }
    topo_path_destroy(p);

    /* Removing a switch removes its links. */
    assert_true(topo_graph_switch_remove(g, 3));
    assert_false(topo_graph_switch_remove(g, 3));
    assert_int_equal(topo_graph_n_dlinks(g), 4 * 3);
    assert_int_equal(topo_graph_port_kind(g, 1, 3), TOPO_PORT_EDGE);
    p = topo_path_compute(g);
    assert_spanning_tree(g, p);
    topo_path_destroy(p);
    topo_graph_destroy(g);
}

static void
test_shared_segment(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_line(3);
    struct topo_path *p;
    uint64_t seq;
    uint32_t out[8];

    /* Ports (1,5), (2,5) and (3,5) hang off one legacy switch: each hears
     * the other two. */
    port_up(g, 1, 5);
    port_up(g, 2, 5);
    port_up(g, 3, 5);
    topo_graph_link_seen(g, 1, 5, 2, 5, 1000);
    topo_graph_link_seen(g, 2, 5, 1, 5, 1000);
    /* Only two ports so far: a point-to-point link through the segment. */
    assert_int_equal(topo_graph_port_kind(g, 1, 5), TOPO_PORT_FABRIC);
    seq = topo_graph_change_seq(g);
    topo_graph_link_seen(g, 1, 5, 3, 5, 1000);
    topo_graph_link_seen(g, 3, 5, 1, 5, 1000);
    topo_graph_link_seen(g, 2, 5, 3, 5, 1000);
    topo_graph_link_seen(g, 3, 5, 2, 5, 1000);
    assert_true(topo_graph_change_seq(g) > seq);
    assert_true(topo_graph_dlink_at(g, 0)->shared
                || topo_graph_dlink_at(g, 0)->src_port != 5);
    assert_int_equal(topo_graph_port_kind(g, 1, 5), TOPO_PORT_SHARED);
    assert_int_equal(topo_graph_port_kind(g, 2, 5), TOPO_PORT_SHARED_BLOCKED);
    assert_int_equal(topo_graph_port_kind(g, 3, 5), TOPO_PORT_SHARED_BLOCKED);
    assert_true(topo_graph_port_is_edge(g, 1, 5));
    assert_false(topo_graph_port_is_edge(g, 2, 5));

    p = topo_path_compute(g);
    /* The segment carries no path: 1 -> 3 still goes along the line. */
    assert_int_equal(topo_path_distance(p, 1, 3), 2);
    assert_spanning_tree(g, p);
    /* Flooding reaches the segment once, through its designated port. */
    assert_int_equal(simulate_flood(g, p, 2, EDGE_PORT), 3);
    assert_int_equal(topo_path_flood_ports(p, 1, EDGE_PORT, out, 8), 2);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 5);
    assert_int_equal(topo_path_flood_ports(p, 2, 5, out, 8), 0);
    topo_path_destroy(p);

    /* The segment shrinks back to two ports when 3 is unplugged. */
    {
        struct eth_addr ea = mac_of(3, 5);
        topo_graph_port_set(g, 3, 5, &ea, false, 0);
    }
    assert_int_equal(topo_graph_port_kind(g, 1, 5), TOPO_PORT_FABRIC);
    assert_int_equal(topo_graph_port_kind(g, 2, 5), TOPO_PORT_FABRIC);
    assert_int_equal(topo_graph_port_kind(g, 3, 5), TOPO_PORT_DOWN);

    /* Expiry removes links not seen since the deadline. */
    topo_graph_link_seen(g, 1, 5, 2, 5, 5000);
    assert_int_equal(topo_graph_links_expire(g, 2000), 4 + 1);
    assert_int_equal(topo_graph_n_dlinks(g), 1);
    assert_int_equal(topo_graph_port_kind(g, 1, 5), TOPO_PORT_UNIDIR);
    assert_false(topo_graph_link_seen(g, 1, 5, 1, 5, 5000));
    assert_false(topo_graph_link_seen(g, 1, 5, 9, 5, 5000));
    topo_graph_destroy(g);
}

static void
test_fat_tree(void **state KUMO_UNUSED)
{
    size_t n_switches, n_links, i, j, n_pairs = 0;
    struct topo_graph *g = make_fat_tree(8, &n_switches, &n_links);
    struct topo_path *p = topo_path_compute(g);
    struct topo_link *links;

    assert_int_equal(n_switches, 80);
    assert_int_equal(n_links, 256);
    assert_int_equal(topo_graph_n_switches(g), 80);
    assert_int_equal(topo_graph_up_links(g, &links), 256);
    free(links);
    assert_spanning_tree(g, p);
    /* All pairs connected; edge-to-edge in different pods is 4 hops with
     * 16 equal-cost paths (4 first hops). */
    for (i = 0; i < n_switches; i++) {
        for (j = 0; j < n_switches; j++) {
            uint64_t a = topo_graph_switch_at(g, i)->dpid;
            uint64_t b = topo_graph_switch_at(g, j)->dpid;
            struct topo_hop hops[16];

            assert_true(topo_path_distance(p, a, b) <= 4);
            if (a != b) {
                assert_true(topo_path_next_hops(p, a, b, hops, 16) > 0);
                assert_true(topo_path_route(p, a, b, hops, 16)
                            == topo_path_distance(p, a, b));
                n_pairs++;
            }
        }
    }
    assert_int_equal(n_pairs, 80 * 79);
    {
        struct topo_hop hops[8];
        assert_int_equal(topo_path_distance(p, 2000, 2700), 4);
        assert_int_equal(topo_path_next_hops(p, 2000, 2700, hops, 8), 4);
    }
    assert_int_equal(simulate_flood(g, p, 2000, EDGE_PORT), 31);
    assert_true(check_backups(g, p) > 0);
    topo_path_destroy(p);
    topo_graph_destroy(g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_ring),
        cmocka_unit_test(test_leaf_spine),
        cmocka_unit_test(test_mesh),
        cmocka_unit_test(test_shared_segment),
        cmocka_unit_test(test_fat_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
