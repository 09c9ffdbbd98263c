/* topo-path: see topo-path.h.
 *
 * Switches are numbered 0..n-1 in dpid order; the adjacency is a compressed
 * array of half-edges grouped by switch and sorted by port; distances form
 * an n x n matrix filled by one Dijkstra run per source. */
#include "topo/topo-path.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "topo/topo-graph.h"

/* Half of a usable link, as seen from its switch. */
struct path_edge {
    uint32_t port;
    uint32_t peer;              /* Switch index. */
    uint32_t peer_port;
    uint32_t weight;
    bool tree;                  /* In the flooding tree. */
};

enum path_port_role {
    ROLE_BLOCKED,               /* Down, unidirectional, blocked segment. */
    ROLE_NONTREE,               /* Usable fabric port outside the tree. */
    ROLE_TREE,                  /* Flooding-tree port. */
    ROLE_EDGE,                  /* Edge or designated shared port. */
};

struct path_port {
    uint32_t port_no;
    enum path_port_role role;
};

struct path_switch {
    uint64_t dpid;
    size_t first_edge, n_edges;
    size_t first_port, n_ports;
};

struct topo_path {
    uint64_t seq;
    size_t n;                       /* Switches. */
    struct path_switch *switches;   /* Sorted by dpid. */
    struct path_edge *edges;
    size_t n_edges;
    struct path_port *ports;
    uint32_t *dist;                 /* dist[src * n + dst]. */
    size_t n_tree_links;
};

/* A binary min-heap of (distance, switch) with lazy deletion. */
struct heap_entry {
    uint32_t dist;
    uint32_t node;
};

struct heap {
    struct heap_entry *e;
    size_t n;
};

static void
heap_push(struct heap *h, uint32_t dist, uint32_t node)
{
    size_t i = h->n++;

    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (h->e[parent].dist <= dist) {
            break;
        }
        h->e[i] = h->e[parent];
        i = parent;
    }
    h->e[i] = (struct heap_entry) { dist, node };
}

static struct heap_entry
heap_pop(struct heap *h)
{
    struct heap_entry top = h->e[0];
    struct heap_entry last = h->e[--h->n];
    size_t i = 0;

    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) {
            break;
        }
        if (c + 1 < h->n && h->e[c + 1].dist < h->e[c].dist) {
            c++;
        }
        if (last.dist <= h->e[c].dist) {
            break;
        }
        h->e[i] = h->e[c];
        i = c;
    }
    if (h->n) {
        h->e[i] = last;
    }
    return top;
}

/* Fills 'dist' (n entries) with distances from switch 'src'. 'h' has room
 * for n_edges + 1 entries: each relaxation pushes at most once per
 * half-edge. */
static void
dijkstra(const struct topo_path *p, uint32_t src, uint32_t *dist,
         struct heap *h)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        dist[i] = TOPO_PATH_INFINITY;
    }
    dist[src] = 0;
    h->n = 0;
    heap_push(h, 0, src);
    while (h->n) {
        struct heap_entry top = heap_pop(h);
        const struct path_switch *sw = &p->switches[top.node];

        if (top.dist != dist[top.node]) {
            continue;               /* Stale entry. */
        }
        for (i = 0; i < sw->n_edges; i++) {
            const struct path_edge *e = &p->edges[sw->first_edge + i];
            uint32_t d = top.dist + e->weight;

            if (d < dist[e->peer]) {
                dist[e->peer] = d;
                heap_push(h, d, e->peer);
            }
        }
    }
}

/* Returns the index of switch 'dpid', or SIZE_MAX. */
static size_t
switch_index(const struct topo_path *p, uint64_t dpid)
{
    size_t lo = 0, hi = p->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->switches[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < p->n && p->switches[lo].dpid == dpid ? lo : SIZE_MAX;
}

static struct path_edge *
edge_find(const struct topo_path *p, size_t s, uint32_t port)
{
    const struct path_switch *sw = &p->switches[s];
    size_t i;

    for (i = 0; i < sw->n_edges; i++) {
        if (p->edges[sw->first_edge + i].port == port) {
            return &p->edges[sw->first_edge + i];
        }
    }
    return NULL;
}

static int
edge_cmp(const void *a_, const void *b_)
{
    const struct path_edge *a = a_, *b = b_;

    return a->port < b->port ? -1 : a->port > b->port;
}

static int
link_cmp(const void *a_, const void *b_)
{
    const struct topo_link *a = a_, *b = b_;

    if (a->weight != b->weight) {
        return a->weight < b->weight ? -1 : 1;
    }
    if (a->a_dpid != b->a_dpid) {
        return a->a_dpid < b->a_dpid ? -1 : 1;
    }
    if (a->a_port != b->a_port) {
        return a->a_port < b->a_port ? -1 : 1;
    }
    if (a->b_dpid != b->b_dpid) {
        return a->b_dpid < b->b_dpid ? -1 : 1;
    }
    return a->b_port < b->b_port ? -1 : a->b_port > b->b_port;
}

static size_t
uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Builds the half-edge arrays from the usable links. */
static void
build_edges(struct topo_path *p, const struct topo_link *links, size_t n)
{
    size_t *fill = xcalloc(p->n + 1, sizeof *fill);
    size_t i, total = 0;

    for (i = 0; i < n; i++) {
        p->switches[switch_index(p, links[i].a_dpid)].n_edges++;
        p->switches[switch_index(p, links[i].b_dpid)].n_edges++;
    }
    for (i = 0; i < p->n; i++) {
        p->switches[i].first_edge = total;
        fill[i] = total;
        total += p->switches[i].n_edges;
    }
    p->n_edges = total;
    p->edges = xcalloc(total + 1, sizeof *p->edges);
    for (i = 0; i < n; i++) {
        const struct topo_link *l = &links[i];
        size_t a = switch_index(p, l->a_dpid), b = switch_index(p, l->b_dpid);

        p->edges[fill[a]++] = (struct path_edge) {
            .port = l->a_port, .peer = (uint32_t) b, .peer_port = l->b_port,
            .weight = l->weight,
        };
        p->edges[fill[b]++] = (struct path_edge) {
            .port = l->b_port, .peer = (uint32_t) a, .peer_port = l->a_port,
            .weight = l->weight,
        };
    }
    for (i = 0; i < p->n; i++) {
        qsort(&p->edges[p->switches[i].first_edge], p->switches[i].n_edges,
              sizeof *p->edges, edge_cmp);
    }
    free(fill);
}

/* Kruskal over 'links' (reordered here): marks tree half-edges. */
static void
build_tree(struct topo_path *p, struct topo_link *links, size_t n)
{
    size_t *parent = xmalloc((p->n + 1) * sizeof *parent);
    size_t i;

    for (i = 0; i < p->n; i++) {
        parent[i] = i;
    }
    qsort(links, n, sizeof *links, link_cmp);
    for (i = 0; i < n; i++) {
        size_t a = switch_index(p, links[i].a_dpid);
        size_t b = switch_index(p, links[i].b_dpid);
        size_t ra = uf_find(parent, a), rb = uf_find(parent, b);

        if (ra != rb) {
            parent[ra] = rb;
            edge_find(p, a, links[i].a_port)->tree = true;
            edge_find(p, b, links[i].b_port)->tree = true;
            p->n_tree_links++;
        }
    }
    free(parent);
}

/* Records every physical port's flooding role. */
static void
build_ports(struct topo_path *p, const struct topo_graph *g)
{
    size_t i, j, total = 0;

    for (i = 0; i < p->n; i++) {
        total += topo_graph_switch_at(g, i)->n_ports;
    }
    p->ports = xcalloc(total + 1, sizeof *p->ports);
    total = 0;
    for (i = 0; i < p->n; i++) {
        const struct topo_switch *sw = topo_graph_switch_at(g, i);

        p->switches[i].first_port = total;
        for (j = 0; j < sw->n_ports; j++) {
            uint32_t port_no = sw->ports[j].port_no;
            enum path_port_role role = ROLE_BLOCKED;
            const struct path_edge *e;

            if (port_no >= TOPO_GRAPH_PORT_MAX) {
                continue;
            }
            switch (topo_graph_port_kind(g, sw->dpid, port_no)) {
            case TOPO_PORT_EDGE:
            case TOPO_PORT_SHARED:
                role = ROLE_EDGE;
                break;
            case TOPO_PORT_FABRIC:
                e = edge_find(p, i, port_no);
                role = e && e->tree ? ROLE_TREE : ROLE_NONTREE;
                break;
            case TOPO_PORT_UNKNOWN:
            case TOPO_PORT_DOWN:
            case TOPO_PORT_UNIDIR:
            case TOPO_PORT_SHARED_BLOCKED:
                role = ROLE_BLOCKED;
                break;
            }
            p->ports[total++] = (struct path_port) { port_no, role };
        }
        p->switches[i].n_ports = total - p->switches[i].first_port;
    }
}

/* True if 'p' has a usable link from (a_dpid, a_port) to (b_dpid,
 * b_port). */
static bool
has_link(const struct topo_path *p, uint64_t a_dpid, uint32_t a_port,
         uint64_t b_dpid, uint32_t b_port)
{
    size_t s = switch_index(p, a_dpid);
    const struct path_edge *e = s == SIZE_MAX ? NULL
                                : edge_find(p, s, a_port);

    return e && e->peer_port == b_port
           && p->switches[e->peer].dpid == b_dpid;
}

/* Computes a snapshot of 'g' using only the links that 'common' (if
 * nonnull) also has. */
static struct topo_path *
compute(const struct topo_graph *g, const struct topo_path *common)
{
    struct topo_path *p = xzalloc(sizeof *p);
    struct topo_link *links;
    struct heap heap;
    size_t i, n_links;

    p->seq = topo_graph_change_seq(g);
    p->n = topo_graph_n_switches(g);
    p->switches = xcalloc(p->n + 1, sizeof *p->switches);
    for (i = 0; i < p->n; i++) {
        p->switches[i].dpid = topo_graph_switch_at(g, i)->dpid;
    }

    n_links = topo_graph_up_links(g, &links);
    if (common) {
        size_t j = 0;

        for (i = 0; i < n_links; i++) {
            if (has_link(common, links[i].a_dpid, links[i].a_port,
                         links[i].b_dpid, links[i].b_port)) {
                links[j++] = links[i];
            }
        }
        n_links = j;
    }
    build_edges(p, links, n_links);
    build_tree(p, links, n_links);
    free(links);
    build_ports(p, g);

    p->dist = xmalloc((p->n * p->n + 1) * sizeof *p->dist);
    heap.e = xmalloc((p->n_edges + 1) * sizeof *heap.e);
    for (i = 0; i < p->n; i++) {
        dijkstra(p, (uint32_t) i, &p->dist[i * p->n], &heap);
    }
    free(heap.e);
    return p;
}

struct topo_path *
topo_path_compute(const struct topo_graph *g)
{
    return compute(g, NULL);
}

struct topo_path *
topo_path_compute_common(const struct topo_graph *g,
                         const struct topo_path *other)
{
    return compute(g, other);
}

void
topo_path_destroy(struct topo_path *p)
{
    if (p) {
        free(p->switches);
        free(p->edges);
        free(p->ports);
        free(p->dist);
        free(p);
    }
}

uint64_t
topo_path_seq(const struct topo_path *p)
{
    return p->seq;
}

static uint32_t
dist_at(const struct topo_path *p, size_t a, size_t b)
{
    return p->dist[a * p->n + b];
}

uint32_t
topo_path_distance(const struct topo_path *p, uint64_t src, uint64_t dst)
{
    size_t s = switch_index(p, src), d = switch_index(p, dst);

    return s == SIZE_MAX || d == SIZE_MAX ? TOPO_PATH_INFINITY
           : dist_at(p, s, d);
}

static void
make_hop(const struct topo_path *p, size_t s, const struct path_edge *e,
         struct topo_hop *hop)
{
    hop->dpid = p->switches[s].dpid;
    hop->port = e->port;
    hop->peer_dpid = p->switches[e->peer].dpid;
    hop->peer_port = e->peer_port;
    hop->weight = e->weight;
}

/* Like topo_path_next_hops() with switch indexes. */
static size_t
next_hops(const struct topo_path *p, size_t s, size_t d,
          struct topo_hop *hops, size_t max)
{
    const struct path_switch *sw = &p->switches[s];
    uint32_t total = dist_at(p, s, d);
    size_t i, n = 0;

    if (s == d || total == TOPO_PATH_INFINITY) {
        return 0;
    }
    for (i = 0; i < sw->n_edges; i++) {
        const struct path_edge *e = &p->edges[sw->first_edge + i];
        uint32_t rest = dist_at(p, e->peer, d);

        if (rest != TOPO_PATH_INFINITY && e->weight + rest == total) {
            if (n < max) {
                make_hop(p, s, e, &hops[n]);
            }
            n++;
        }
    }
    return n;
}

size_t
topo_path_n_switches(const struct topo_path *p)
{
    return p->n;
}

size_t
topo_path_index(const struct topo_path *p, uint64_t dpid)
{
    return switch_index(p, dpid);
}

uint32_t
topo_path_distance_at(const struct topo_path *p, size_t src, size_t dst)
{
    return dist_at(p, src, dst);
}

/* One step of the digest hash (a multiply-xorshift mix of 'v' into 'h'). */
static uint64_t
digest_mix(uint64_t h, uint64_t v)
{
    h = (h << 27 | h >> 37) ^ v;
    h *= UINT64_C(0x9e3779b97f4a7c15);
    return h ^ h >> 32;
}

uint64_t *
topo_path_hop_digests(const struct topo_path *p)
{
    uint64_t *out = xmalloc((p->n * p->n + 1) * sizeof *out);
    size_t s, d, i;

    for (s = 0; s < p->n; s++) {
        const struct path_switch *sw = &p->switches[s];

        for (d = 0; d < p->n; d++) {
            uint32_t total = dist_at(p, s, d);
            uint64_t h = digest_mix(0, total == TOPO_PATH_INFINITY);
            uint64_t hops[2];
            size_t n = 0;

            if (s != d && total != TOPO_PATH_INFINITY) {
                for (i = 0; i < sw->n_edges; i++) {
                    const struct path_edge *e = &p->edges[sw->first_edge + i];
                    uint32_t rest = dist_at(p, e->peer, d);

                    if (rest != TOPO_PATH_INFINITY
                        && e->weight + rest == total) {
                        if (n < 2) {
                            hops[n] = p->switches[e->peer].dpid;
                        }
                        n++;
                    }
                }
            }
            h = digest_mix(h, MIN(n, 3));
            for (i = 0; i < n && n <= 2; i++) {
                h = digest_mix(h, hops[i]);
            }
            out[s * p->n + d] = h;
        }
    }
    return out;
}

size_t
topo_path_next_hops(const struct topo_path *p, uint64_t src, uint64_t dst,
                    struct topo_hop *hops, size_t max)
{
    size_t s = switch_index(p, src), d = switch_index(p, dst);

    return s == SIZE_MAX || d == SIZE_MAX ? 0 : next_hops(p, s, d, hops, max);
}

bool
topo_path_next_hop(const struct topo_path *p, uint64_t src, uint64_t dst,
                   struct topo_hop *hop)
{
    return topo_path_next_hops(p, src, dst, hop, 1) > 0;
}

bool
topo_path_backup(const struct topo_path *p, uint64_t src, uint64_t dst,
                 struct topo_hop *hop)
{
    size_t s = switch_index(p, src), d = switch_index(p, dst);
    const struct path_edge *best = NULL;
    uint64_t best_cost = UINT64_MAX;
    const struct path_switch *sw;
    struct topo_hop primary;
    size_t i;

    if (s == SIZE_MAX || d == SIZE_MAX || !next_hops(p, s, d, &primary, 1)) {
        return false;
    }
    sw = &p->switches[s];
    for (i = 0; i < sw->n_edges; i++) {
        const struct path_edge *e = &p->edges[sw->first_edge + i];
        uint64_t via_s, u_d, cost;

        if (e->port == primary.port) {
            continue;
        }
        u_d = dist_at(p, e->peer, d);
        if (u_d == TOPO_PATH_INFINITY) {
            continue;
        }
        /* Loop-free alternate: no shortest path from U to D through S. */
        via_s = (uint64_t) dist_at(p, e->peer, s) + dist_at(p, s, d);
        if (u_d >= via_s) {
            continue;
        }
        cost = e->weight + u_d;
        if (cost < best_cost) {     /* Edges are in port order: ties keep
                                     * the lowest port. */
            best_cost = cost;
            best = e;
        }
    }
    if (!best) {
        return false;
    }
    make_hop(p, s, best, hop);
    return true;
}

size_t
topo_path_route(const struct topo_path *p, uint64_t src, uint64_t dst,
                struct topo_hop *hops, size_t max)
{
    size_t s = switch_index(p, src), d = switch_index(p, dst);
    size_t n = 0;

    if (s == SIZE_MAX || d == SIZE_MAX) {
        return 0;
    }
    /* Each primary hop strictly lowers the distance (weights >= 1), so this
     * ends within n steps. */
    while (s != d) {
        struct topo_hop hop;

        if (!next_hops(p, s, d, &hop, 1)) {
            return 0;
        }
        if (n < max) {
            hops[n] = hop;
        }
        n++;
        s = switch_index(p, hop.peer_dpid);
    }
    return n;
}

static const struct path_port *
port_find(const struct topo_path *p, size_t s, uint32_t port_no)
{
    const struct path_switch *sw = &p->switches[s];
    size_t i;

    for (i = 0; i < sw->n_ports; i++) {
        if (p->ports[sw->first_port + i].port_no == port_no) {
            return &p->ports[sw->first_port + i];
        }
    }
    return NULL;
}

size_t
topo_path_flood_ports(const struct topo_path *p, uint64_t dpid,
                      uint32_t in_port, uint32_t *ports, size_t max)
{
    size_t s = switch_index(p, dpid);
    const struct path_switch *sw;
    size_t i, n = 0;

    if (s == SIZE_MAX) {
        return 0;
    }
    if (in_port < TOPO_GRAPH_PORT_MAX) {
        const struct path_port *in = port_find(p, s, in_port);

        /* Only packets entering through the tree or the edge may be
         * flooded; anything else is a copy a loop would produce. */
        if (!in || (in->role != ROLE_TREE && in->role != ROLE_EDGE)) {
            return 0;
        }
    }
    sw = &p->switches[s];
    for (i = 0; i < sw->n_ports; i++) {
        const struct path_port *pp = &p->ports[sw->first_port + i];

        if ((pp->role == ROLE_TREE || pp->role == ROLE_EDGE)
            && pp->port_no != in_port) {
            if (n < max) {
                ports[n] = pp->port_no;
            }
            n++;
        }
    }
    return n;
}

bool
topo_path_is_tree_port(const struct topo_path *p, uint64_t dpid,
                       uint32_t port)
{
    size_t s = switch_index(p, dpid);
    const struct path_edge *e = s == SIZE_MAX ? NULL : edge_find(p, s, port);

    return e && e->tree;
}

size_t
topo_path_n_tree_links(const struct topo_path *p)
{
    return p->n_tree_links;
}

size_t
topo_path_ports(const struct topo_path *p, uint64_t dpid,
                struct topo_path_port *ports, size_t max)
{
    size_t s = switch_index(p, dpid);
    const struct path_switch *sw;
    size_t i;

    if (s == SIZE_MAX) {
        return 0;
    }
    sw = &p->switches[s];
    for (i = 0; i < sw->n_ports && i < max; i++) {
        const struct path_port *pp = &p->ports[sw->first_port + i];

        ports[i].port_no = pp->port_no;
        ports[i].role = (pp->role == ROLE_TREE ? TOPO_PATH_ROLE_TREE
                         : pp->role == ROLE_NONTREE ? TOPO_PATH_ROLE_NONTREE
                         : pp->role == ROLE_EDGE ? TOPO_PATH_ROLE_EDGE
                         : TOPO_PATH_ROLE_BLOCKED);
    }
    return sw->n_ports;
}

size_t
topo_path_links(const struct topo_path *p, uint64_t dpid,
                struct topo_hop *hops, size_t max)
{
    size_t s = switch_index(p, dpid);
    const struct path_switch *sw;
    size_t i;

    if (s == SIZE_MAX) {
        return 0;
    }
    sw = &p->switches[s];
    for (i = 0; i < sw->n_edges && i < max; i++) {
        make_hop(p, s, &p->edges[sw->first_edge + i], &hops[i]);
    }
    return sw->n_edges;
}
