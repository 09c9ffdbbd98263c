/* topo-graph: see topo-graph.h.
 *
 * Switches and directed links live in sorted arrays searched by bisection:
 * cheap to iterate deterministically, and an insert costs a memmove, which
 * is fine at the rate links appear (discovery, not the packet path).
 *
 * Per-port index: every port counts the directed links that leave it
 * (n_out) and arrive at it (n_in). The links leaving a port are one run
 * of the sorted array (found by bisection); those arriving at a port of a
 * point-to-point cable are the reverses of the links leaving it (found by
 * bisection too). Only when a port hears more sources than it has
 * reverses (a shared segment, a unidirectional link) is the array
 * scanned. So a port's kind and a link's shared flag cost O(log L) on a
 * fabric of cables, not O(L). */
#include "topo/topo-graph.h"

#include <stdlib.h>
#include <string.h>

struct topo_graph {
    enum topo_graph_weight_mode mode;
    uint64_t change_seq;
    uint64_t loss_seq;              /* See topo_graph_loss_seq(). */
    size_t n_oneway;                /* See topo_graph_n_oneway(). */
    struct topo_switch *switches;   /* Sorted by dpid. */
    size_t n_switches, allocated_switches;
    struct topo_dlink *dlinks;      /* Sorted by (src, dst). */
    size_t n_dlinks, allocated_dlinks;
};

struct topo_graph *
topo_graph_create(enum topo_graph_weight_mode mode)
{
    struct topo_graph *g = xzalloc(sizeof *g);

    g->mode = mode;
    return g;
}

void
topo_graph_destroy(struct topo_graph *g)
{
    size_t i;

    if (!g) {
        return;
    }
    for (i = 0; i < g->n_switches; i++) {
        free(g->switches[i].ports);
    }
    free(g->switches);
    free(g->dlinks);
    free(g);
}

uint64_t
topo_graph_change_seq(const struct topo_graph *g)
{
    return g->change_seq;
}

uint64_t
topo_graph_loss_seq(const struct topo_graph *g)
{
    return g->loss_seq;
}

size_t
topo_graph_n_oneway(const struct topo_graph *g)
{
    return g->n_oneway;
}

/* Returns the index of the first switch with dpid >= 'dpid'. */
static size_t
switch_lower_bound(const struct topo_graph *g, uint64_t dpid)
{
    size_t lo = 0, hi = g->n_switches;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->switches[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static struct topo_switch *
switch_lookup(const struct topo_graph *g, uint64_t dpid)
{
    size_t i = switch_lower_bound(g, dpid);

    return i < g->n_switches && g->switches[i].dpid == dpid
           ? &g->switches[i] : NULL;
}

static size_t
port_lower_bound(const struct topo_switch *sw, uint32_t port_no)
{
    size_t lo = 0, hi = sw->n_ports;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sw->ports[mid].port_no < port_no) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static struct topo_port *
port_lookup(const struct topo_graph *g, uint64_t dpid, uint32_t port_no)
{
    struct topo_switch *sw = switch_lookup(g, dpid);
    size_t i;

    if (!sw) {
        return NULL;
    }
    i = port_lower_bound(sw, port_no);
    return i < sw->n_ports && sw->ports[i].port_no == port_no
           ? &sw->ports[i] : NULL;
}

/* Adjusts the link tallies of both ends of 'l' by 'delta'. */
static void
tally(const struct topo_graph *g, const struct topo_dlink *l, int delta)
{
    struct topo_port *src = port_lookup(g, l->src_dpid, l->src_port);
    struct topo_port *dst = port_lookup(g, l->dst_dpid, l->dst_port);

    if (src) {
        src->n_dlinks += (uint32_t) delta;
        src->n_out += (uint32_t) delta;
    }
    if (dst) {
        dst->n_dlinks += (uint32_t) delta;
        dst->n_in += (uint32_t) delta;
    }
}

/* Orders (dpid, port) pairs. */
static int
pp_cmp(uint64_t d1, uint32_t p1, uint64_t d2, uint32_t p2)
{
    if (d1 != d2) {
        return d1 < d2 ? -1 : 1;
    }
    return p1 < p2 ? -1 : p1 > p2;
}

static int
dlink_key_cmp(const struct topo_dlink *l, uint64_t sd, uint32_t sp,
              uint64_t dd, uint32_t dp)
{
    int c = pp_cmp(l->src_dpid, l->src_port, sd, sp);

    return c ? c : pp_cmp(l->dst_dpid, l->dst_port, dd, dp);
}

/* Index of the first directed link >= key. */
static size_t
dlink_lower_bound(const struct topo_graph *g, uint64_t sd, uint32_t sp,
                  uint64_t dd, uint32_t dp)
{
    size_t lo = 0, hi = g->n_dlinks;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dlink_key_cmp(&g->dlinks[mid], sd, sp, dd, dp) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static struct topo_dlink *
dlink_lookup(const struct topo_graph *g, uint64_t sd, uint32_t sp,
             uint64_t dd, uint32_t dp)
{
    size_t i = dlink_lower_bound(g, sd, sp, dd, dp);

    return i < g->n_dlinks && !dlink_key_cmp(&g->dlinks[i], sd, sp, dd, dp)
           ? &g->dlinks[i] : NULL;
}

/* Index of the first directed link leaving port (dpid, port); the
 * port's n_out links follow it. */
static size_t
from_begin(const struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    return dlink_lower_bound(g, dpid, port, 0, 0);
}

/* Number of directed links leaving port (dpid, port). */
static size_t
count_from(const struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    const struct topo_port *p = port_lookup(g, dpid, port);

    return p ? p->n_out : 0;
}

/* Number of directed links arriving at port (dpid, port). */
static size_t
count_to(const struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    const struct topo_port *p = port_lookup(g, dpid, port);

    return p ? p->n_in : 0;
}

/* Calls 'cb(g, l, aux)' for every directed link arriving at port (dpid,
 * port) (per the file comment: reverses first, the array scanned only if
 * they are not all). */
static void
for_each_to(const struct topo_graph *g, uint64_t dpid, uint32_t port,
            void (*cb)(const struct topo_graph *, struct topo_dlink *,
                       void *aux),
            void *aux)
{
    size_t n_in = count_to(g, dpid, port);
    size_t i, found = 0, n_out;

    if (!n_in) {
        return;
    }
    n_out = count_from(g, dpid, port);
    for (i = from_begin(g, dpid, port); n_out-- > 0 && i < g->n_dlinks;
         i++) {
        const struct topo_dlink *l = &g->dlinks[i];
        struct topo_dlink *r = dlink_lookup(g, l->dst_dpid, l->dst_port,
                                            dpid, port);

        if (r) {
            found++;
        }
    }
    if (found == n_in) {
        n_out = count_from(g, dpid, port);
        for (i = from_begin(g, dpid, port); n_out-- > 0 && i < g->n_dlinks;
             i++) {
            const struct topo_dlink *l = &g->dlinks[i];
            struct topo_dlink *r = dlink_lookup(g, l->dst_dpid, l->dst_port,
                                                dpid, port);

            if (r) {
                cb(g, r, aux);
            }
        }
        return;
    }
    for (i = 0; i < g->n_dlinks; i++) {
        if (g->dlinks[i].dst_dpid == dpid && g->dlinks[i].dst_port == port) {
            cb(g, &g->dlinks[i], aux);
        }
    }
}

/* Recomputes the shared flag of 'l'; returns true if it changed. */
static bool
refresh_shared(const struct topo_graph *g, struct topo_dlink *l)
{
    bool shared = count_from(g, l->src_dpid, l->src_port) > 1
                  || count_to(g, l->dst_dpid, l->dst_port) > 1;
    bool changed = shared != l->shared;

    l->shared = shared;
    return changed;
}

/* Like refresh_shared(), counting the change in 'g' (a link that turns
 * shared is lost). */
static void
refresh_shared_count(struct topo_graph *g, struct topo_dlink *l)
{
    if (refresh_shared(g, l)) {
        g->change_seq++;
        if (l->shared) {
            g->loss_seq++;
        }
    }
}

static void
refresh_to_cb(const struct topo_graph *g_, struct topo_dlink *l, void *aux)
{
    struct topo_graph *g = aux;

    (void) g_;
    refresh_shared_count(g, l);
}

/* After links from port S or to port D appeared or vanished, recomputes
 * the flags of the links whose counts that can change: those leaving S and
 * those arriving at D. */
static void
refresh_shared_around(struct topo_graph *g, uint64_t sd, uint32_t sp,
                      uint64_t dd, uint32_t dp)
{
    size_t i, n = count_from(g, sd, sp);

    for (i = from_begin(g, sd, sp); n-- > 0 && i < g->n_dlinks; i++) {
        refresh_shared_count(g, &g->dlinks[i]);
    }
    for_each_to(g, dd, dp, refresh_to_cb, g);
}

static void
refresh_shared_all(struct topo_graph *g)
{
    size_t i;

    for (i = 0; i < g->n_dlinks; i++) {
        refresh_shared_count(g, &g->dlinks[i]);
    }
}

/* Removes every directed link for which 'pred' holds; returns how many. */
static size_t
dlinks_remove_if(struct topo_graph *g,
                 bool (*pred)(const struct topo_dlink *, const void *aux),
                 const void *aux)
{
    size_t i, j = 0, n = g->n_dlinks;

    for (i = 0; i < n; i++) {
        if (!pred(&g->dlinks[i], aux)) {
            g->dlinks[j++] = g->dlinks[i];
        } else {
            tally(g, &g->dlinks[i], -1);
        }
    }
    g->n_dlinks = j;
    if (j != n) {
        g->change_seq++;
        g->loss_seq++;
        g->n_oneway = 0;
        for (i = 0; i < g->n_dlinks; i++) {
            const struct topo_dlink *l = &g->dlinks[i];

            g->n_oneway += !dlink_lookup(g, l->dst_dpid, l->dst_port,
                                         l->src_dpid, l->src_port);
        }
        refresh_shared_all(g);
    }
    return n - j;
}

struct port_ref {
    uint64_t dpid;
    uint32_t port;
    bool any_port;              /* Match every port of 'dpid'. */
};

static bool
dlink_touches(const struct topo_dlink *l, const void *aux_)
{
    const struct port_ref *r = aux_;

    return (l->src_dpid == r->dpid && (r->any_port || l->src_port == r->port))
           || (l->dst_dpid == r->dpid
               && (r->any_port || l->dst_port == r->port));
}

static bool
dlink_older(const struct topo_dlink *l, const void *aux)
{
    return l->last_seen < *(const uint64_t *) aux;
}

bool
topo_graph_switch_add(struct topo_graph *g, uint64_t dpid)
{
    size_t i = switch_lower_bound(g, dpid);

    if (i < g->n_switches && g->switches[i].dpid == dpid) {
        return false;
    }
    if (g->n_switches == g->allocated_switches) {
        g->allocated_switches = g->allocated_switches * 2 + 8;
        g->switches = xrealloc(g->switches,
                               g->allocated_switches * sizeof *g->switches);
    }
    memmove(&g->switches[i + 1], &g->switches[i],
            (g->n_switches - i) * sizeof *g->switches);
    memset(&g->switches[i], 0, sizeof g->switches[i]);
    g->switches[i].dpid = dpid;
    g->n_switches++;
    g->change_seq++;
    return true;
}

bool
topo_graph_switch_remove(struct topo_graph *g, uint64_t dpid)
{
    size_t i = switch_lower_bound(g, dpid);
    struct port_ref r = { dpid, 0, true };

    if (i >= g->n_switches || g->switches[i].dpid != dpid) {
        return false;
    }
    dlinks_remove_if(g, dlink_touches, &r);
    free(g->switches[i].ports);
    memmove(&g->switches[i], &g->switches[i + 1],
            (g->n_switches - i - 1) * sizeof *g->switches);
    g->n_switches--;
    g->change_seq++;
    g->loss_seq++;
    return true;
}

bool
topo_graph_port_set(struct topo_graph *g, uint64_t dpid, uint32_t port_no,
                    const struct eth_addr *hw_addr, bool live,
                    uint32_t speed_kbps)
{
    struct topo_switch *sw;
    struct topo_port *p;
    bool changed;
    size_t i;

    changed = topo_graph_switch_add(g, dpid);
    sw = switch_lookup(g, dpid);
    i = port_lower_bound(sw, port_no);
    if (i >= sw->n_ports || sw->ports[i].port_no != port_no) {
        if (sw->n_ports == sw->allocated_ports) {
            sw->allocated_ports = sw->allocated_ports * 2 + 4;
            sw->ports = xrealloc(sw->ports,
                                 sw->allocated_ports * sizeof *sw->ports);
        }
        memmove(&sw->ports[i + 1], &sw->ports[i],
                (sw->n_ports - i) * sizeof *sw->ports);
        memset(&sw->ports[i], 0, sizeof sw->ports[i]);
        sw->ports[i].port_no = port_no;
        sw->n_ports++;
        changed = true;
    }
    p = &sw->ports[i];
    if (p->live && !live) {
        g->loss_seq++;
    }
    if (memcmp(&p->hw_addr, hw_addr, sizeof p->hw_addr)
        || p->live != live || p->speed_kbps != speed_kbps) {
        changed = true;
    }
    p->hw_addr = *hw_addr;
    p->live = live;
    p->speed_kbps = speed_kbps;
    if (!live) {
        struct port_ref r = { dpid, port_no, false };
        dlinks_remove_if(g, dlink_touches, &r);
    }
    if (changed) {
        g->change_seq++;
    }
    return changed;
}

bool
topo_graph_port_remove(struct topo_graph *g, uint64_t dpid, uint32_t port_no)
{
    struct topo_switch *sw = switch_lookup(g, dpid);
    struct port_ref r = { dpid, port_no, false };
    size_t i;

    if (!sw) {
        return false;
    }
    i = port_lower_bound(sw, port_no);
    if (i >= sw->n_ports || sw->ports[i].port_no != port_no) {
        return false;
    }
    dlinks_remove_if(g, dlink_touches, &r);
    memmove(&sw->ports[i], &sw->ports[i + 1],
            (sw->n_ports - i - 1) * sizeof *sw->ports);
    sw->n_ports--;
    g->change_seq++;
    g->loss_seq++;
    return true;
}

bool
topo_graph_link_seen(struct topo_graph *g, uint64_t sd, uint32_t sp,
                     uint64_t dd, uint32_t dp, uint64_t now)
{
    const struct topo_port *src = port_lookup(g, sd, sp);
    const struct topo_port *dst = port_lookup(g, dd, dp);
    struct topo_dlink *l;
    size_t i;

    if (!src || !dst || !src->live || !dst->live || (sd == dd && sp == dp)) {
        return false;
    }
    l = dlink_lookup(g, sd, sp, dd, dp);
    if (l) {
        if (now > l->last_seen) {
            l->last_seen = now;
        }
        return true;
    }
    if (g->n_dlinks == g->allocated_dlinks) {
        g->allocated_dlinks = g->allocated_dlinks * 2 + 16;
        g->dlinks = xrealloc(g->dlinks,
                             g->allocated_dlinks * sizeof *g->dlinks);
    }
    i = dlink_lower_bound(g, sd, sp, dd, dp);
    memmove(&g->dlinks[i + 1], &g->dlinks[i],
            (g->n_dlinks - i) * sizeof *g->dlinks);
    g->dlinks[i] = (struct topo_dlink) {
        .src_dpid = sd, .src_port = sp, .dst_dpid = dd, .dst_port = dp,
        .last_seen = now, .shared = false,
    };
    g->n_dlinks++;
    if (dlink_lookup(g, dd, dp, sd, sp)) {
        g->n_oneway--;
    } else {
        g->n_oneway++;
    }
    tally(g, &g->dlinks[i], 1);
    g->change_seq++;
    refresh_shared_around(g, sd, sp, dd, dp);
    return true;
}

bool
topo_graph_link_remove(struct topo_graph *g, uint64_t sd, uint32_t sp,
                       uint64_t dd, uint32_t dp)
{
    struct topo_dlink *l = dlink_lookup(g, sd, sp, dd, dp);
    size_t i;

    if (!l) {
        return false;
    }
    i = (size_t) (l - g->dlinks);
    tally(g, l, -1);
    memmove(&g->dlinks[i], &g->dlinks[i + 1],
            (g->n_dlinks - i - 1) * sizeof *g->dlinks);
    g->n_dlinks--;
    g->change_seq++;
    g->loss_seq++;
    if (dlink_lookup(g, dd, dp, sd, sp)) {
        g->n_oneway++;
    } else {
        g->n_oneway--;
    }
    refresh_shared_around(g, sd, sp, dd, dp);
    return true;
}

size_t
topo_graph_links_expire(struct topo_graph *g, uint64_t deadline)
{
    return dlinks_remove_if(g, dlink_older, &deadline);
}

size_t
topo_graph_n_switches(const struct topo_graph *g)
{
    return g->n_switches;
}

const struct topo_switch *
topo_graph_switch_at(const struct topo_graph *g, size_t i)
{
    return i < g->n_switches ? &g->switches[i] : NULL;
}

size_t
topo_graph_n_dlinks(const struct topo_graph *g)
{
    return g->n_dlinks;
}

const struct topo_dlink *
topo_graph_dlink_at(const struct topo_graph *g, size_t i)
{
    return i < g->n_dlinks ? &g->dlinks[i] : NULL;
}

const struct topo_switch *
topo_graph_switch_find(const struct topo_graph *g, uint64_t dpid)
{
    return switch_lookup(g, dpid);
}

const struct topo_port *
topo_graph_port_find(const struct topo_graph *g, uint64_t dpid,
                     uint32_t port_no)
{
    return port_lookup(g, dpid, port_no);
}

/* True if the directed link 'l' and its reverse both exist, unshared. */
static bool
dlink_is_up(const struct topo_graph *g, const struct topo_dlink *l)
{
    const struct topo_dlink *r;

    if (l->shared) {
        return false;
    }
    r = dlink_lookup(g, l->dst_dpid, l->dst_port, l->src_dpid, l->src_port);
    return r && !r->shared;
}

/* What the links of one port say about it (topo_graph_port_kind()). */
struct kind_acc {
    uint64_t dpid;
    uint32_t port_no;
    bool any, shared, designated, up;
};

/* Accounts directed link 'l' that leaves ('from') or arrives at the
 * port of 'acc'. */
static void
kind_visit(const struct topo_graph *g, const struct topo_dlink *l,
           bool from, struct kind_acc *acc)
{
    acc->any = true;
    if (l->shared) {
        uint64_t peer_dpid = from ? l->dst_dpid : l->src_dpid;
        uint32_t peer_port = from ? l->dst_port : l->src_port;

        acc->shared = true;
        if (pp_cmp(peer_dpid, peer_port, acc->dpid, acc->port_no) < 0) {
            acc->designated = false;
        }
    } else if (from && dlink_is_up(g, l)) {
        acc->up = true;
    }
}

static void
kind_to_cb(const struct topo_graph *g, struct topo_dlink *l, void *acc)
{
    kind_visit(g, l, false, acc);
}

enum topo_port_kind
topo_graph_port_kind(const struct topo_graph *g, uint64_t dpid,
                     uint32_t port_no)
{
    const struct topo_port *p = port_lookup(g, dpid, port_no);
    struct kind_acc acc = { dpid, port_no, false, false, true, false };
    size_t i, n;

    if (!p) {
        return TOPO_PORT_UNKNOWN;
    }
    if (!p->live) {
        return TOPO_PORT_DOWN;
    }
    if (!p->n_dlinks) {
        return TOPO_PORT_EDGE;  /* The common case, in O(log n). */
    }
    n = p->n_out;
    for (i = from_begin(g, dpid, port_no); n-- > 0 && i < g->n_dlinks; i++) {
        kind_visit(g, &g->dlinks[i], true, &acc);
    }
    for_each_to(g, dpid, port_no, kind_to_cb, &acc);
    if (!acc.any) {
        return TOPO_PORT_EDGE;
    }
    if (acc.shared) {
        return acc.designated ? TOPO_PORT_SHARED : TOPO_PORT_SHARED_BLOCKED;
    }
    return acc.up ? TOPO_PORT_FABRIC : TOPO_PORT_UNIDIR;
}

bool
topo_graph_port_is_edge(const struct topo_graph *g, uint64_t dpid,
                        uint32_t port_no)
{
    enum topo_port_kind k = topo_graph_port_kind(g, dpid, port_no);

    return port_no < TOPO_GRAPH_PORT_MAX
           && (k == TOPO_PORT_EDGE || k == TOPO_PORT_SHARED);
}

static uint32_t
port_weight(enum topo_graph_weight_mode mode, const struct topo_port *a,
            const struct topo_port *b)
{
    uint32_t speed;

    if (mode == TOPO_WEIGHT_HOPS) {
        return 1;
    }
    speed = a->speed_kbps && b->speed_kbps ? MIN(a->speed_kbps, b->speed_kbps)
            : MAX(a->speed_kbps, b->speed_kbps);
    if (!speed) {
        speed = 1000000;        /* Unknown: assume 1 Gb/s. */
    }
    return MAX(1u, TOPO_GRAPH_REF_SPEED_KBPS / speed);
}

size_t
topo_graph_up_links(const struct topo_graph *g, struct topo_link **linksp)
{
    struct topo_link *links = xmalloc((g->n_dlinks / 2 + 1) * sizeof *links);
    size_t i, n = 0;

    /* Each usable link appears once as its canonical direction a -> b;
     * dlinks are sorted by source, so the result is sorted too. */
    for (i = 0; i < g->n_dlinks; i++) {
        const struct topo_dlink *l = &g->dlinks[i];

        if (pp_cmp(l->src_dpid, l->src_port, l->dst_dpid, l->dst_port) < 0
            && dlink_is_up(g, l)) {
            links[n++] = (struct topo_link) {
                .a_dpid = l->src_dpid, .a_port = l->src_port,
                .b_dpid = l->dst_dpid, .b_port = l->dst_port,
                .weight = port_weight(g->mode,
                                      port_lookup(g, l->src_dpid, l->src_port),
                                      port_lookup(g, l->dst_dpid,
                                                  l->dst_port)),
            };
        }
    }
    *linksp = links;
    return n;
}

const char *
topo_port_kind_name(enum topo_port_kind kind)
{
    switch (kind) {
    case TOPO_PORT_UNKNOWN: return "unknown";
    case TOPO_PORT_DOWN: return "down";
    case TOPO_PORT_EDGE: return "edge";
    case TOPO_PORT_FABRIC: return "fabric";
    case TOPO_PORT_UNIDIR: return "unidirectional";
    case TOPO_PORT_SHARED: return "shared";
    case TOPO_PORT_SHARED_BLOCKED: return "shared-blocked";
    }
    return "?";
}
