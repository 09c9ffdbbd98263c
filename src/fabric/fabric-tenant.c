/* fabric-tenant: see fabric-tenant.h and docs/pipeline.md ("Tenant
 * networks").
 *
 * The fabric's compiled state of the switch is the source of the port
 * roles the tenant pipeline follows (which ports accept fabric traffic,
 * which flood along the tree, which drop floods), so tenant flooding takes
 * the fabric's transitional states through tree changes for free. */
#include "fabric/fabric-tenant.h"

#include <stdlib.h>
#include <string.h>

#include "fabric/fabric-compile.h"
#include "fabric/fabric-sync.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define ETH_TYPE_VLAN 0x8100

/* The store's limits are the compiler's: ids it accepts never share a
 * flood group, fabric bindings stay within the transport VLANs, VNIs fit
 * tun_id's 24 bits. */
_Static_assert(VNET_NETWORK_ID_MAX <= FABRIC_TENANT_MAX_OVERLAY_NET_ID,
               "network ids must fit the flood group ids");
_Static_assert(VNET_FABRIC_NET_ID_MAX == FABRIC_TENANT_MAX_NET_ID,
               "fabric network ids are transport VLANs");
_Static_assert(VNET_VNI_MAX <= FABRIC_TENANT_MAX_VNI, "VNIs are 24 bits");

/* ---- View ---- */

static bool
mac_equal(const struct eth_addr *a, const struct eth_addr *b)
{
    return !memcmp(a, b, sizeof *a);
}

static int
u32_cmp(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_, b = *(const uint32_t *) b_;

    return (a > b) - (a < b);
}

static int
bind_cmp(const void *a_, const void *b_)
{
    const struct fabric_tenant_bind *a = a_, *b = b_;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    return (a->vlan > b->vlan) - (a->vlan < b->vlan);
}

static bool
net_carried(const struct fabric_tenant_view *tv, uint32_t net_id)
{
    return net_id && tv->n_nets
           && bsearch(&net_id, tv->nets, tv->n_nets, sizeof *tv->nets,
                      u32_cmp);
}

/* A network by uuid (the snapshot's own lookup is linear, and this
 * library does not link the store). */
struct net_ref {
    const char *uuid;
    uint32_t net_id;
};

static int
net_ref_cmp(const void *a_, const void *b_)
{
    const struct net_ref *a = a_, *b = b_;

    return strcmp(a->uuid, b->uuid);
}

/* Returns the id of the carried network with 'uuid' in 'refs' (sorted),
 * or 0. */
static uint32_t
net_of(const struct fabric_tenant_view *tv, const struct net_ref *refs,
       size_t n_refs, const char *uuid)
{
    struct net_ref key = { uuid, 0 };
    const struct net_ref *r = bsearch(&key, refs, n_refs, sizeof *refs,
                                      net_ref_cmp);

    return r && net_carried(tv, r->net_id) ? r->net_id : 0;
}

/* True if (dpid, port) has a switch-port or port+VLAN binding. */
static bool
port_bound(const struct fabric_tenant_view *tv, uint64_t dpid, uint32_t port)
{
    size_t lo = 0, hi = tv->n_binds;

    /* First binding at or after (dpid, port, 0). */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct fabric_tenant_bind *b = &tv->binds[mid];

        if (b->dpid < dpid || (b->dpid == dpid && b->port < port)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < tv->n_binds && tv->binds[lo].dpid == dpid
           && tv->binds[lo].port == port;
}

/* The bindings of switch 'dpid' (tv->binds is sorted by dpid): stores
 * how many in '*n' and returns the first. */
static const struct fabric_tenant_bind *
binds_of(const struct fabric_tenant_view *tv, uint64_t dpid, size_t *n)
{
    size_t lo = 0, hi = tv->n_binds, first;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (tv->binds[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    first = lo;
    while (lo < tv->n_binds && tv->binds[lo].dpid == dpid) {
        lo++;
    }
    *n = lo - first;
    return tv->binds + first;
}

static void
add_host(struct fabric_tenant_view *tv, size_t *allocated, uint32_t net_id,
         const struct eth_addr *mac, uint64_t dpid, uint32_t port,
         uint16_t vlan)
{
    struct fabric_tenant_host *h;

    if (tv->n_hosts == *allocated) {
        *allocated = *allocated * 2 + 8;
        tv->hosts = xrealloc(tv->hosts, *allocated * sizeof *tv->hosts);
    }
    h = &tv->hosts[tv->n_hosts++];
    h->net_id = net_id;
    h->mac = *mac;
    h->dpid = dpid;
    h->port = port;
    h->vlan = vlan;
}

static const struct fabric_tenant_chassis *chassis_of(
    const struct fabric_tenant_view *, uint64_t dpid);

/* ---- Scope: the switches that carry each network ---- */

static int
scope_cmp(const void *a_, const void *b_)
{
    const struct fabric_tenant_scope *a = a_, *b = b_;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    return (a->net_id > b->net_id) - (a->net_id < b->net_id);
}

/* Membership of one switch (an index into the view's slots) in one
 * network; sorted by network then switch. */
struct scope_member {
    uint32_t net_id;
    uint32_t sw;
};

static int
member_cmp(const void *a_, const void *b_)
{
    const struct scope_member *a = a_, *b = b_;

    if (a->net_id != b->net_id) {
        return a->net_id < b->net_id ? -1 : 1;
    }
    return (a->sw > b->sw) - (a->sw < b->sw);
}

/* What the scope computation of every network shares: switches are
 * indexes into fview->slots; the flooding tree as adjacency lists
 * (tree_first[i]..tree_first[i + 1] in tree_adj); work areas. */
struct scope_ctx {
    const struct fabric_view *fv;
    size_t n_sw;
    size_t *tree_first;
    uint32_t *tree_adj;
    size_t *deg;                /* Remaining tree degree (pruning). */
    uint8_t *state;             /* SC_* of the current network. */
    uint32_t *queue;
    struct topo_hop *hops;
    size_t max_hops;
    struct scope_member *members;
    size_t n_members, allocated_members;
};

enum {
    SC_OUT = 0,                 /* Pruned, or not reached. */
    SC_MEMBER = 1,              /* Has ports of the network. */
    SC_IN = 2,                  /* Carries it (member or between). */
    SC_QUEUED = 4,
};

/* Index of switch 'dpid' in the view's slots, or UINT32_MAX. */
static uint32_t
sw_index(const struct fabric_view *fv, uint64_t dpid)
{
    size_t lo = 0, hi = fv->n_slots;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (fv->slots[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < fv->n_slots && fv->slots[lo].dpid == dpid
           ? (uint32_t) lo : UINT32_MAX;
}

/* Stores the usable links of switch 'dpid' in 'path' in sc->hops (grown
 * as needed); returns how many. */
static size_t
scope_links(struct scope_ctx *sc, const struct topo_path *path,
            uint64_t dpid)
{
    size_t n = topo_path_links(path, dpid, sc->hops, sc->max_hops);

    if (n > sc->max_hops) {
        sc->max_hops = n;
        sc->hops = xrealloc(sc->hops, n * sizeof *sc->hops);
        n = topo_path_links(path, dpid, sc->hops, sc->max_hops);
    }
    return n;
}

/* The same for the equal-cost next hops from 'src' towards 'dst'. */
static size_t
scope_next_hops(struct scope_ctx *sc, const struct topo_path *path,
                uint64_t src, uint64_t dst)
{
    size_t n = topo_path_next_hops(path, src, dst, sc->hops, sc->max_hops);

    if (n > sc->max_hops) {
        sc->max_hops = n;
        sc->hops = xrealloc(sc->hops, n * sizeof *sc->hops);
        n = topo_path_next_hops(path, src, dst, sc->hops, sc->max_hops);
    }
    return n;
}

static void
scope_add_member(struct scope_ctx *sc, uint32_t net_id, uint64_t dpid)
{
    uint32_t sw = sw_index(sc->fv, dpid);

    if (sw == UINT32_MAX) {
        return;
    }
    if (sc->n_members == sc->allocated_members) {
        sc->allocated_members = sc->allocated_members * 2 + 16;
        sc->members = xrealloc(sc->members, sc->allocated_members
                                            * sizeof *sc->members);
    }
    sc->members[sc->n_members].net_id = net_id;
    sc->members[sc->n_members].sw = sw;
    sc->n_members++;
}

/* The flooding tree's adjacency over the view's switches. */
static void
scope_build_tree(struct scope_ctx *sc)
{
    const struct fabric_view *fv = sc->fv;
    size_t i, j, n_adj = 0, allocated = 0;

    sc->tree_first = xcalloc(sc->n_sw + 1, sizeof *sc->tree_first);
    for (i = 0; i < sc->n_sw; i++) {
        uint64_t dpid = fv->slots[i].dpid;
        size_t n = scope_links(sc, fv->path, dpid);

        sc->tree_first[i] = n_adj;
        for (j = 0; j < n; j++) {
            uint32_t peer = sw_index(fv, sc->hops[j].peer_dpid);

            if (peer == UINT32_MAX
                || !topo_path_is_tree_port(fv->path, dpid, sc->hops[j].port)) {
                continue;
            }
            if (n_adj == allocated) {
                allocated = allocated * 2 + 16;
                sc->tree_adj = xrealloc(sc->tree_adj,
                                        allocated * sizeof *sc->tree_adj);
            }
            sc->tree_adj[n_adj++] = peer;
        }
    }
    sc->tree_first[sc->n_sw] = n_adj;
}

/* Marks SC_IN every switch of the flooding tree between the members of
 * the current network (sc->state has SC_MEMBER set): the tree with
 * non-member leaves pruned until none is left. (A cycle, which a tree
 * does not have, would simply stay: more switches, never fewer.) */
static void
scope_tree(struct scope_ctx *sc)
{
    size_t head = 0, tail = 0, i, k;

    for (i = 0; i < sc->n_sw; i++) {
        sc->deg[i] = sc->tree_first[i + 1] - sc->tree_first[i];
        if (!(sc->state[i] & SC_MEMBER) && sc->deg[i] <= 1) {
            sc->state[i] |= SC_QUEUED;
            sc->queue[tail++] = (uint32_t) i;
        }
    }
    while (head < tail) {
        uint32_t v = sc->queue[head++];

        for (k = sc->tree_first[v]; k < sc->tree_first[v + 1]; k++) {
            uint32_t u = sc->tree_adj[k];

            if (sc->deg[u] && !(sc->state[u] & SC_QUEUED)) {
                sc->deg[u]--;
                if (!(sc->state[u] & SC_MEMBER) && sc->deg[u] <= 1) {
                    sc->state[u] |= SC_QUEUED;
                    sc->queue[tail++] = u;
                }
            }
        }
    }
    for (i = 0; i < sc->n_sw; i++) {
        if (!(sc->state[i] & SC_QUEUED)) {
            sc->state[i] |= SC_IN;
        }
        sc->state[i] &= (uint8_t) ~SC_QUEUED;
    }
}

/* Marks SC_IN every switch on a path of 'path' (every equal-cost next hop
 * and the backup next hop, hop after hop) from a member of the current
 * network 'm' .. 'm + n' to member 'dst'. */
static void
scope_paths(struct scope_ctx *sc, const struct topo_path *path,
            const struct scope_member *m, size_t n, uint32_t dst)
{
    uint64_t dst_dpid = sc->fv->slots[dst].dpid;
    size_t head = 0, tail = 0, i, k;

    for (i = 0; i < n; i++) {
        if (m[i].sw != dst) {
            sc->state[m[i].sw] |= SC_QUEUED;
            sc->queue[tail++] = m[i].sw;
        }
    }
    while (head < tail) {
        uint64_t dpid = sc->fv->slots[sc->queue[head++]].dpid;
        size_t n_hops = scope_next_hops(sc, path, dpid, dst_dpid);
        struct topo_hop backup;

        if (topo_path_backup(path, dpid, dst_dpid, &backup)) {
            if (n_hops == sc->max_hops) {
                sc->max_hops++;
                sc->hops = xrealloc(sc->hops,
                                    sc->max_hops * sizeof *sc->hops);
            }
            sc->hops[n_hops++] = backup;
        }
        for (k = 0; k < n_hops; k++) {
            uint32_t u = sw_index(sc->fv, sc->hops[k].peer_dpid);

            if (u != UINT32_MAX && u != dst
                && !(sc->state[u] & SC_QUEUED)) {
                sc->state[u] |= SC_QUEUED | SC_IN;
                sc->queue[tail++] = u;
            }
        }
    }
    for (i = 0; i < tail; i++) {
        sc->state[sc->queue[i]] &= (uint8_t) ~SC_QUEUED;
    }
}

static void
scope_push(struct fabric_tenant_view *tv, size_t *allocated, uint64_t dpid,
           uint32_t net_id)
{
    if (tv->n_scope == *allocated) {
        *allocated = *allocated * 2 + 16;
        tv->scope = xrealloc(tv->scope, *allocated * sizeof *tv->scope);
    }
    tv->scope[tv->n_scope].dpid = dpid;
    tv->scope[tv->n_scope].net_id = net_id;
    tv->n_scope++;
}

/* True if a MAC-bound device was located at (dpid, port) ('located' is
 * sorted). */
static bool
located_at(const struct fabric_tenant_host *located, size_t n,
           uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (located[i].dpid == dpid && located[i].port == port) {
            return true;
        }
    }
    return false;
}

static void push_u32(uint32_t **array, size_t *n, uint32_t v);

/* Orders scope members by (network, dpid). */
static int
member_key_cmp(const void *a_, const void *b_)
{
    const struct fabric_tenant_scope *a = a_, *b = b_;

    if (a->net_id != b->net_id) {
        return a->net_id < b->net_id ? -1 : 1;
    }
    return (a->dpid > b->dpid) - (a->dpid < b->dpid);
}

/* True if 'prev' (built over a fabric view like tv's) had exactly the
 * 'n' members 'm' (of the current network, distinct, by switch) for
 * network 'net_id': its scope of that network is then tv's. */
static bool
scope_same_members(const struct fabric_tenant_view *prev,
                   const struct fabric_view *fv, uint32_t net_id,
                   const struct scope_member *m, size_t n)
{
    struct fabric_tenant_scope key = { 0, net_id };
    size_t lo = 0, hi = prev->n_scope_members, k;

    while (lo < hi) {           /* First member of 'net_id'. */
        size_t mid = lo + (hi - lo) / 2;

        if (member_key_cmp(&prev->scope_members[mid], &key) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (k = 0; k < n; k++, lo++) {
        if (lo >= prev->n_scope_members
            || prev->scope_members[lo].net_id != net_id
            || prev->scope_members[lo].dpid != fv->slots[m[k].sw].dpid) {
            return false;
        }
    }
    return lo >= prev->n_scope_members
           || prev->scope_members[lo].net_id != net_id;
}

/* Computes tv->scope from the bindings, located devices and the view's
 * paths (see fabric_tenant_carries()); a network whose members are those
 * it had in 'prev' (if nonnull: a view over the same fabric view) keeps
 * its scope from there. */
static void
compute_scope(struct fabric_tenant_view *tv,
              const struct fabric_tenant_view *prev)
{
    const struct fabric_view *fv = tv->fview;
    struct fabric_tenant_host *located;
    struct scope_ctx sc;
    size_t i, j, n_located = 0, allocated = 0, n_reused = 0;
    uint32_t *reused = NULL;

    memset(&sc, 0, sizeof sc);
    sc.fv = fv;
    sc.n_sw = fv->n_slots;
    sc.deg = xcalloc(sc.n_sw + 1, sizeof *sc.deg);
    sc.state = xcalloc(sc.n_sw + 1, sizeof *sc.state);
    sc.queue = xcalloc(sc.n_sw + 1, sizeof *sc.queue);
    sc.max_hops = 16;
    sc.hops = xcalloc(sc.max_hops, sizeof *sc.hops);

    /* Members: the same ports the compiler gives flood buckets to. */
    for (i = 0; i < tv->n_binds; i++) {
        const struct fabric_tenant_bind *b = &tv->binds[i];

        if (topo_graph_port_is_edge(fv->graph, b->dpid, b->port)) {
            scope_add_member(&sc, b->net_id, b->dpid);
        }
    }
    located = xcalloc(tv->n_macs + 1, sizeof *located);
    for (i = 0; i < tv->n_macs; i++) {
        if (tv->macs[i].dpid) {
            scope_add_member(&sc, tv->macs[i].net_id, tv->macs[i].dpid);
            located[n_located].dpid = tv->macs[i].dpid;
            located[n_located].port = tv->macs[i].port;
            n_located++;
        }
    }
    for (i = 0; tv->quarantine_net && i < sc.n_sw; i++) {
        const struct topo_switch *ts
            = topo_graph_switch_find(fv->graph, fv->slots[i].dpid);

        for (j = 0; ts && j < ts->n_ports; j++) {
            uint32_t port = ts->ports[j].port_no;

            if (topo_graph_port_is_edge(fv->graph, ts->dpid, port)
                && !port_bound(tv, ts->dpid, port)
                && !located_at(located, n_located, ts->dpid, port)) {
                scope_add_member(&sc, tv->quarantine_net, ts->dpid);
                break;
            }
        }
    }
    free(located);
    /* Overlay: SSP attachments' br-ints, and the gateway for a network
     * that has both hypervisors without fabric links and a fabric side. */
    for (i = 0; i < tv->n_attaches; i++) {
        scope_add_member(&sc, tv->attaches[i].net_id, tv->attaches[i].dpid);
    }
    for (i = 0; tv->gateway && tv->net_info && i < tv->n_nets; i++) {
        const struct fabric_tenant_net *ni = &tv->net_info[i];

        for (j = 0; ni->fabric_side && j < ni->n_chassis; j++) {
            const struct fabric_tenant_chassis *ch
                = chassis_of(tv, ni->chassis[j]);

            if (ch && !ch->fabric_attached) {
                scope_add_member(&sc, tv->nets[i], tv->gateway);
                break;
            }
        }
    }
    if (sc.n_members) {
        qsort(sc.members, sc.n_members, sizeof *sc.members, member_cmp);
    }

    scope_build_tree(&sc);
    tv->scope_members = xcalloc(sc.n_members + 1, sizeof *tv->scope_members);
    for (i = 0; i < sc.n_members; i = j) {
        const struct scope_member *m = &sc.members[i];
        uint32_t net_id = m->net_id;
        size_t n_distinct = 0, k;

        /* Members of this network, without duplicates. */
        for (j = i; j < sc.n_members && sc.members[j].net_id == net_id;
             j++) {
            if (j == i || sc.members[j].sw != sc.members[j - 1].sw) {
                sc.members[i + n_distinct++] = sc.members[j];
            }
        }
        for (k = 0; k < n_distinct; k++) {
            struct fabric_tenant_scope *sm
                = &tv->scope_members[tv->n_scope_members++];

            sm->dpid = fv->slots[m[k].sw].dpid;
            sm->net_id = net_id;
        }
        if (prev && prev->scoped
            && scope_same_members(prev, fv, net_id, m, n_distinct)) {
            push_u32(&reused, &n_reused, net_id);   /* Sorted. */
            continue;
        }
        memset(sc.state, 0, sc.n_sw * sizeof *sc.state);
        for (k = 0; k < n_distinct; k++) {
            sc.state[m[k].sw] = SC_MEMBER | SC_IN;
        }
        /* A tunnels-only network lives on its br-ints alone: nothing
         * between them belongs to the fabric. */
        if (n_distinct > 1 && n_distinct < sc.n_sw
            && fabric_tenant_has_transport(net_id)) {
            scope_tree(&sc);
            for (k = 0; k < n_distinct; k++) {
                scope_paths(&sc, fv->path, m, n_distinct, m[k].sw);
                if (fv->common_path) {
                    scope_paths(&sc, fv->common_path, m, n_distinct,
                                m[k].sw);
                }
            }
        }
        for (k = 0; k < sc.n_sw; k++) {
            if (sc.state[k] & SC_IN) {
                scope_push(tv, &allocated, fv->slots[k].dpid, net_id);
            }
        }
    }
    for (i = 0; n_reused && i < prev->n_scope; i++) {
        if (bsearch(&prev->scope[i].net_id, reused, n_reused,
                    sizeof *reused, u32_cmp)) {
            scope_push(tv, &allocated, prev->scope[i].dpid,
                       prev->scope[i].net_id);
        }
    }
    free(reused);
    if (tv->n_scope) {
        qsort(tv->scope, tv->n_scope, sizeof *tv->scope, scope_cmp);
    }
    tv->scoped = true;

    free(sc.tree_first);
    free(sc.tree_adj);
    free(sc.deg);
    free(sc.state);
    free(sc.queue);
    free(sc.hops);
    free(sc.members);
}

bool
fabric_tenant_carries(const struct fabric_tenant_view *tv, uint64_t dpid,
                      uint32_t net_id)
{
    struct fabric_tenant_scope key = { dpid, net_id };

    if (!net_carried(tv, net_id)) {
        return false;
    }
    return !tv->scoped
           || (tv->n_scope
               && bsearch(&key, tv->scope, tv->n_scope, sizeof *tv->scope,
                          scope_cmp));
}

/* Index of carried network 'net_id' in tv->nets, or SIZE_MAX. */
static size_t
net_index(const struct fabric_tenant_view *tv, uint32_t net_id)
{
    const uint32_t *p = net_id && tv->n_nets
                        ? bsearch(&net_id, tv->nets, tv->n_nets,
                                  sizeof *tv->nets, u32_cmp)
                        : NULL;

    return p ? (size_t) (p - tv->nets) : SIZE_MAX;
}

/* The br-int 'dpid' of the view's overlay, or NULL. */
static const struct fabric_tenant_chassis *
chassis_of(const struct fabric_tenant_view *tv, uint64_t dpid)
{
    size_t lo = 0, hi = tv->n_chassis;

    while (dpid && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (tv->chassis[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return dpid && lo < tv->n_chassis && tv->chassis[lo].dpid == dpid
           ? &tv->chassis[lo] : NULL;
}

/* Records that network 'net_id' has a port on switch 'dpid'. */
static void
note_presence(struct fabric_tenant_view *tv, uint32_t net_id, uint64_t dpid)
{
    size_t i = net_index(tv, net_id);
    const struct fabric_tenant_chassis *ch = chassis_of(tv, dpid);
    struct fabric_tenant_net *ni;
    size_t j;

    if (i == SIZE_MAX) {
        return;
    }
    ni = &tv->net_info[i];
    if (!ch || ch->fabric_attached) {
        ni->fabric_side = true;
    }
    if (!ch) {
        return;
    }
    for (j = 0; j < ni->n_chassis; j++) {
        if (ni->chassis[j] == dpid) {
            return;
        }
    }
    ni->chassis = xrealloc(ni->chassis, (ni->n_chassis + 1)
                                        * sizeof *ni->chassis);
    ni->chassis[ni->n_chassis++] = dpid;
}

/* True if switch 'dpid' has a link to another switch in 'graph'. */
static bool
has_fabric_port(const struct topo_graph *graph, uint64_t dpid)
{
    const struct topo_switch *ts = graph ? topo_graph_switch_find(graph, dpid)
                                         : NULL;
    size_t i;

    for (i = 0; ts && i < ts->n_ports; i++) {
        if (topo_graph_port_kind(graph, dpid, ts->ports[i].port_no)
            == TOPO_PORT_FABRIC) {
            return true;
        }
    }
    return false;
}

/* Copies the br-ints of 'ov' (those with a datapath id) into 'tv'. */
static void
load_chassis(struct fabric_tenant_view *tv, const struct fabric_overlay *ov,
             const struct topo_graph *graph)
{
    size_t i;

    tv->chassis = xcalloc(ov->n_chassis + 1, sizeof *tv->chassis);
    for (i = 0; i < ov->n_chassis; i++) {
        const struct fabric_overlay_chassis *oc = &ov->chassis[i];
        struct fabric_tenant_chassis *tc;

        if (!oc->dpid || (tv->n_chassis
                          && tv->chassis[tv->n_chassis - 1].dpid == oc->dpid)) {
            continue;
        }
        tc = &tv->chassis[tv->n_chassis++];
        tc->dpid = oc->dpid;
        tc->tunnel_ip = oc->tunnel_ip;
        tc->encaps = oc->encaps;
        memcpy(tc->tunnel_ports, oc->tunnel_ports, sizeof tc->tunnel_ports);
        tc->fabric_attached = has_fabric_port(graph, oc->dpid);
        if (tc->fabric_attached && !tv->gateway) {
            tv->gateway = oc->dpid;     /* Sorted: the lowest dpid. */
        }
    }
}

/* The br-int whose tunnel IP is 'ip_text', or NULL. */
static const struct fabric_tenant_chassis *
chassis_by_ip(const struct fabric_tenant_view *tv, const char *ip_text)
{
    be32 ip;
    size_t i;

    if (!fabric_overlay_parse_ipv4(ip_text, &ip)) {
        return NULL;
    }
    for (i = 0; i < tv->n_chassis; i++) {
        if (tv->chassis[i].tunnel_ip == ip) {
            return &tv->chassis[i];
        }
    }
    return NULL;
}

static int
vif_port_cmp(const void *a_, const void *b_)
{
    const struct fabric_tenant_vif_port *a = a_, *b = b_;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    return (a->port > b->port) - (a->port < b->port);
}

/* True if (dpid, port) carries a VM interface (tv->vif_ports is
 * sorted). */
static bool
vif_port_known(const struct fabric_tenant_view *tv, uint64_t dpid,
               uint32_t port)
{
    struct fabric_tenant_vif_port key = { dpid, port };

    return tv->n_vif_ports
           && bsearch(&key, tv->vif_ports, tv->n_vif_ports,
                      sizeof *tv->vif_ports, vif_port_cmp);
}

/* A network as carried: id and VNI, sorted by id. */
struct net_vni {
    uint32_t net_id, vni;
};

static int
net_vni_by_vni(const void *a_, const void *b_)
{
    const struct net_vni *a = a_, *b = b_;

    if (a->vni != b->vni) {
        return a->vni < b->vni ? -1 : 1;
    }
    return (a->net_id > b->net_id) - (a->net_id < b->net_id);
}

/* Takes the networks of 'vnis' (n, sorted by VNI then id) whose VNI is
 * another's out, keeping the lowest id of each VNI: two networks on one
 * tun_id would reach each other between hypervisors. The store keeps
 * VNIs (a network's vni, else its id) unique; this guards older stores.
 * Returns the new count. */
static size_t
drop_shared_vnis(struct fabric_tenant_view *tv, struct net_vni *vnis,
                 size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        if (k && vnis[k - 1].vni == vnis[i].vni) {
            tv->n_skipped++;
            continue;
        }
        vnis[k++] = vnis[i];
    }
    return k;
}

/* Stops carrying the networks above FABRIC_TENANT_MAX_NET_ID that have a
 * fabric side (their id cannot be a transport VLAN): they leave tv->nets
 * and tv->net_info, and their bindings, MAC bindings, SSP attachments and
 * hosts leave the view (each counted in n_skipped). */
static void
drop_fabric_side_big_nets(struct fabric_tenant_view *tv)
{
    size_t i, k;

#define KEEP_CARRIED(ARRAY, N)                                          \
    do {                                                                \
        for (i = k = 0; i < tv->N; i++) {                               \
            if (net_carried(tv, tv->ARRAY[i].net_id)) {                 \
                tv->ARRAY[k++] = tv->ARRAY[i];                          \
            } else {                                                    \
                tv->n_skipped++;                                        \
            }                                                           \
        }                                                               \
        tv->N = k;                                                      \
    } while (0)

    for (i = k = 0; i < tv->n_nets; i++) {
        if (tv->nets[i] > FABRIC_TENANT_MAX_NET_ID
            && tv->net_info[i].fabric_side) {
            free(tv->net_info[i].chassis);
            tv->n_skipped++;
            continue;
        }
        tv->nets[k] = tv->nets[i];
        tv->net_info[k++] = tv->net_info[i];
    }
    if (k == tv->n_nets) {
        return;
    }
    tv->n_nets = k;
    KEEP_CARRIED(binds, n_binds);
    KEEP_CARRIED(macs, n_macs);
    KEEP_CARRIED(attaches, n_attaches);
    for (i = k = 0; i < tv->n_hosts; i++) {
        if (net_carried(tv, tv->hosts[i].net_id)) {
            tv->hosts[k++] = tv->hosts[i];
        }
    }
    tv->n_hosts = k;
#undef KEEP_CARRIED
}

static void view_init(struct fabric_tenant_view *,
                      const struct vnet_snapshot *,
                      const struct fabric_view *,
                      const struct fabric_overlay *,
                      const struct fabric_tenant_view *prev);

void
fabric_tenant_view_init_overlay(struct fabric_tenant_view *tv,
                                const struct vnet_snapshot *snap,
                                const struct fabric_view *fview,
                                const struct fabric_overlay *ov)
{
    view_init(tv, snap, fview, ov, NULL);
}

void
fabric_tenant_view_init_reuse(struct fabric_tenant_view *tv,
                              const struct vnet_snapshot *snap,
                              const struct fabric_view *fview,
                              const struct fabric_overlay *ov,
                              const struct fabric_tenant_view *prev)
{
    view_init(tv, snap, fview, ov, prev);
}

static void
view_init(struct fabric_tenant_view *tv, const struct vnet_snapshot *snap,
          const struct fabric_view *fview, const struct fabric_overlay *ov,
          const struct fabric_tenant_view *prev)
{
    size_t i, n_ports, n_vnis = 0, host_alloc = 0;
    struct net_ref *refs;
    struct net_vni *vnis;

    memset(tv, 0, sizeof *tv);
    tv->snap = snap;
    tv->fview = fview;
    tv->graph = fview ? fview->graph : NULL;
    if (!snap) {
        return;
    }
    if (ov) {
        load_chassis(tv, ov, tv->graph);
        tv->vif_ports = xcalloc(ov->n_vifs + 1, sizeof *tv->vif_ports);
        for (i = 0; i < ov->n_vifs; i++) {
            if (ov->vifs[i].dpid && ov->vifs[i].ofport) {
                tv->vif_ports[tv->n_vif_ports].dpid = ov->vifs[i].dpid;
                tv->vif_ports[tv->n_vif_ports++].port = ov->vifs[i].ofport;
            }
        }
        if (tv->n_vif_ports) {
            qsort(tv->vif_ports, tv->n_vif_ports, sizeof *tv->vif_ports,
                  vif_port_cmp);
        }
    }

    tv->nets = xcalloc(snap->n_networks + 1, sizeof *tv->nets);
    tv->net_info = xcalloc(snap->n_networks + 1, sizeof *tv->net_info);
    vnis = xcalloc(snap->n_networks + 1, sizeof *vnis);
    refs = xcalloc(snap->n_networks + 1, sizeof *refs);
    for (i = 0; i < snap->n_networks; i++) {
        const struct vnet_network *net = &snap->networks[i];
        uint32_t id = net->net_id;

        uint32_t vni = net->has_vni ? net->vni : id;

        refs[i].uuid = net->uuid;
        refs[i].net_id = id;

        /* Ids above FABRIC_TENANT_MAX_NET_ID are candidates for now: they
         * stay carried only if tunnels-only (drop_fabric_side_big_nets()
         * once their ports are known). */
        if (id && id <= FABRIC_TENANT_MAX_OVERLAY_NET_ID
            && vni && vni <= FABRIC_TENANT_MAX_VNI) {
            vnis[n_vnis].net_id = id;
            vnis[n_vnis++].vni = vni;
        } else {
            tv->n_skipped++;
        }
    }
    qsort(vnis, n_vnis, sizeof *vnis, net_vni_by_vni);
    n_vnis = drop_shared_vnis(tv, vnis, n_vnis);
    qsort(vnis, n_vnis, sizeof *vnis, u32_cmp);     /* net_id first. */
    for (i = 0; i < n_vnis; i++) {
        tv->nets[i] = vnis[i].net_id;
        tv->net_info[i].vni = vnis[i].vni;
    }
    tv->n_nets = n_vnis;
    free(vnis);
    qsort(refs, snap->n_networks, sizeof *refs, net_ref_cmp);

    n_ports = snap->n_ports;
    tv->binds = xcalloc(n_ports + 1, sizeof *tv->binds);
    tv->macs = xcalloc(n_ports + 1, sizeof *tv->macs);
    tv->attaches = xcalloc(n_ports + 1, sizeof *tv->attaches);
    for (i = 0; i < n_ports; i++) {
        const struct vnet_port *p = &snap->ports[i];
        const struct vnet_binding *b = &p->binding;
        bool attach = b->kind == VNET_BIND_NONE
                      && p->attachment_type == VNET_ATTACH_VIF
                      && p->vlan_id;
        uint32_t net_id;

        if (b->kind != VNET_BIND_SWITCH_PORT && b->kind != VNET_BIND_PORT_VLAN
            && b->kind != VNET_BIND_MAC && b->kind != VNET_BIND_IFACE_ID
            && !attach) {
            continue;
        }
        net_id = net_of(tv, refs, snap->n_networks, p->network_uuid);
        if (!net_id) {
            tv->n_skipped++;
            continue;
        }
        if (b->kind == VNET_BIND_MAC) {
            struct fabric_tenant_mac *m = &tv->macs[tv->n_macs++];

            m->mac = b->mac;
            m->net_id = net_id;
            note_presence(tv, net_id, 0);
        } else if (attach) {
            const struct fabric_tenant_chassis *ch
                = chassis_by_ip(tv, p->attachment_ip);
            struct fabric_tenant_attach *a;

            if (!ch) {
                tv->n_unresolved++;
                continue;
            }
            a = &tv->attaches[tv->n_attaches++];
            a->dpid = ch->dpid;
            a->vlan = p->vlan_id;
            a->net_id = net_id;
            a->has_mac = p->has_mac;
            a->mac = p->mac;
            note_presence(tv, net_id, ch->dpid);
            if (p->has_mac) {
                add_host(tv, &host_alloc, net_id, &p->mac, ch->dpid, 0,
                         p->vlan_id);
            }
        } else {
            struct fabric_tenant_bind *fb;
            const struct fabric_overlay_vif *vif = NULL;

            if (b->kind == VNET_BIND_IFACE_ID) {
                vif = fabric_overlay_find_vif(ov, b->iface_id);
                if (!vif || !vif->dpid || !vif->ofport) {
                    tv->n_unresolved++;
                    continue;
                }
            }
            fb = &tv->binds[tv->n_binds++];
            fb->dpid = vif ? vif->dpid : b->dpid;
            fb->port = vif ? vif->ofport : b->port_no;
            fb->vlan = b->kind == VNET_BIND_PORT_VLAN ? b->vlan : 0;
            fb->net_id = net_id;
            fb->has_mac = p->has_mac;
            fb->mac = p->mac;
            note_presence(tv, net_id, fb->dpid);
            if (p->has_mac || (vif && vif->has_mac)) {
                add_host(tv, &host_alloc, net_id,
                         p->has_mac ? &p->mac : &vif->mac, fb->dpid,
                         fb->port, fb->vlan);
            }
        }
    }
    qsort(tv->binds, tv->n_binds, sizeof *tv->binds, bind_cmp);

    if (snap->config.unknown_mac == VNET_UNKNOWN_MAC_QUARANTINE) {
        tv->quarantine_net = net_of(tv, refs, snap->n_networks,
                                    snap->config.quarantine_network);
        note_presence(tv, tv->quarantine_net, 0);
    }
    free(refs);
    drop_fabric_side_big_nets(tv);
    if (!net_carried(tv, tv->quarantine_net)) {
        tv->quarantine_net = 0;
    }
    tv->mac_mode = tv->n_macs || tv->quarantine_net;

    /* Locate the MAC-bound devices: the fabric learns them (untagged) on
     * unbound edge ports. */
    for (i = 0; i < tv->n_macs; i++) {
        struct fabric_tenant_mac *m = &tv->macs[i];
        size_t j;

        for (j = 0; fview && j < fview->n_hosts; j++) {
            const struct fabric_host *h = &fview->hosts[j];

            if (!h->vlan && mac_equal(&h->mac, &m->mac)
                && topo_graph_port_is_edge(fview->graph, h->dpid, h->port)) {
                /* A port with port bindings decides by port, not MAC. */
                if (!port_bound(tv, h->dpid, h->port)
                    && !chassis_of(tv, h->dpid)) {
                    m->dpid = h->dpid;
                    m->port = h->port;
                    add_host(tv, &host_alloc, m->net_id, &m->mac, h->dpid,
                             h->port, 0);
                }
                break;
            }
        }
    }
    if (fview && fview->path) {
        compute_scope(tv, prev);
    }
}

void
fabric_tenant_view_init(struct fabric_tenant_view *tv,
                        const struct vnet_snapshot *snap,
                        const struct fabric_view *fview)
{
    fabric_tenant_view_init_overlay(tv, snap, fview, NULL);
}

void
fabric_tenant_view_init_claims_overlay(struct fabric_tenant_view *tv,
                                       const struct vnet_snapshot *snap,
                                       const struct topo_graph *graph,
                                       const struct fabric_overlay *ov)
{
    fabric_tenant_view_init_overlay(tv, snap, NULL, ov);
    tv->graph = graph;
}

void
fabric_tenant_view_init_claims(struct fabric_tenant_view *tv,
                               const struct vnet_snapshot *snap,
                               const struct topo_graph *graph)
{
    fabric_tenant_view_init_claims_overlay(tv, snap, graph, NULL);
}

void
fabric_tenant_view_uninit(struct fabric_tenant_view *tv)
{
    size_t i;

    for (i = 0; tv->net_info && i < tv->n_nets; i++) {
        free(tv->net_info[i].chassis);
    }
    free(tv->net_info);
    free(tv->vif_ports);
    free(tv->chassis);
    free(tv->attaches);
    free(tv->nets);
    free(tv->binds);
    free(tv->macs);
    free(tv->hosts);
    free(tv->scope);
    free(tv->scope_members);
    memset(tv, 0, sizeof *tv);
}

bool
fabric_tenant_port_is_overlay(const struct fabric_tenant_view *tv,
                              uint64_t dpid, uint32_t port)
{
    const struct fabric_tenant_chassis *ch = chassis_of(tv, dpid);
    size_t i;

    for (i = 0; ch && i < FABRIC_OVERLAY_N_ENCAPS; i++) {
        if (ch->tunnel_ports[i] == port) {
            return true;
        }
    }
    return vif_port_known(tv, dpid, port);
}

bool
fabric_tenant_port_claimed(const struct fabric_tenant_view *tv,
                           uint64_t dpid, uint32_t port)
{
    const struct fabric_tenant_chassis *ch;

    if (port_bound(tv, dpid, port)) {
        return true;
    }
    ch = chassis_of(tv, dpid);
    if (ch) {
        size_t i;

        for (i = 0; i < FABRIC_OVERLAY_N_ENCAPS; i++) {
            if (ch->tunnel_ports[i] == port) {
                return true;
            }
        }
        return tv->graph && topo_graph_port_is_edge(tv->graph, dpid, port);
    }
    return tv->mac_mode && tv->graph
           && topo_graph_port_is_edge(tv->graph, dpid, port);
}

/* ---- Compiling one switch ---- */

struct tctx {
    const struct fabric_tenant_view *tv;
    uint64_t dpid;
    struct fabric_state *out;
    uint32_t *fabric_ports;     /* Accept fabric traffic (table 0). */
    size_t n_fabric_ports;
    uint32_t *tree_ports;       /* Flood along the tree. */
    size_t n_tree_ports;
    uint32_t *no_flood_ports;   /* Floods arriving there are dropped. */
    size_t n_no_flood_ports;
    uint32_t *nets;             /* Networks this switch carries, sorted. */
    size_t n_nets;
    struct topo_hop *links;     /* The switch's usable links (peers of its
                                 * tree ports). */
    size_t n_links;
    const struct fabric_tenant_chassis *me;     /* This br-int, or NULL. */
    const struct fabric_tenant_bind *binds;     /* This switch's bindings
                                                 * (in tv->binds). */
    size_t n_binds;
    uint32_t *attach_ports;     /* br-int: non-tunnel edge ports without
                                 * port bindings. */
    size_t n_attach_ports;
};

static void
push_u32(uint32_t **array, size_t *n, uint32_t v)
{
    *array = xrealloc(*array, (*n + 1) * sizeof **array);
    (*array)[(*n)++] = v;
}

static bool
has_u64(const uint64_t *array, size_t n, uint64_t v)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (array[i] == v) {
            return true;
        }
    }
    return false;
}

static bool
has_u32(const uint32_t *array, size_t n, uint32_t v)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (array[i] == v) {
            return true;
        }
    }
    return false;
}

static void
put_flow(struct tctx *c, uint8_t table_id, uint16_t priority,
         const struct ofp_match *match, const struct ofp_instructions *ins)
{
    struct fabric_flow flow;

    memset(&flow, 0, sizeof flow);
    flow.table_id = table_id;
    flow.priority = priority;
    memcpy(&flow.match, match, sizeof flow.match);
    flow.cookie = FABRIC_COOKIE(FABRIC_APP_VNET);
    flow.instructions = *ins;
    fabric_state_add_flow(c->out, &flow);
}

/* apply_actions('a', 'n') (none: drop), then write_metadata (if 'md_mask')
 * and goto 'goto_table' (if nonzero). */
static void
put_flow_full(struct tctx *c, uint8_t table_id, uint16_t priority,
              const struct ofp_match *m, const struct ofp_action *a, size_t n,
              uint64_t md, uint64_t md_mask, uint8_t goto_table)
{
    struct ofp_instructions ins;

    ofp_instructions_init(&ins);
    if (n) {
        ofp_instructions_set_apply(&ins, a, n);
    }
    if (md_mask) {
        ins.present |= OFPINST_WRITE_METADATA;
        ins.metadata = md;
        ins.metadata_mask = md_mask;
    }
    if (goto_table) {
        ins.present |= OFPINST_GOTO_TABLE;
        ins.goto_table = goto_table;
    }
    put_flow(c, table_id, priority, m, &ins);
}

static void
put_drop(struct tctx *c, uint8_t table_id, uint16_t priority,
         const struct ofp_match *m)
{
    put_flow_full(c, table_id, priority, m, NULL, 0, 0, 0, 0);
}

/* Classifies into 'net_id': [actions], metadata, goto table 21. */
static void
put_classify(struct tctx *c, uint16_t priority, const struct ofp_match *m,
             uint32_t net_id, bool pop)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPACT_POP_VLAN;
    put_flow_full(c, FABRIC_TABLE_CLASSIFY, priority, m, &a, pop ? 1 : 0,
                  (uint64_t) net_id << FABRIC_TENANT_META_SHIFT,
                  FABRIC_TENANT_META_MASK, FABRIC_TENANT_TABLE_L2);
}

static uint64_t
net_meta(uint32_t net_id)
{
    return (uint64_t) net_id << FABRIC_TENANT_META_SHIFT;
}

static void
match_vid(struct ofp_match *m, uint16_t vlan)
{
    ofp_match_set_vlan_vid(m, vlan ? (uint16_t) (OFPVID_PRESENT | vlan)
                                   : (uint16_t) OFPVID_NONE);
}

/* Appends push_vlan + set_field vlan_vid=vlan to 'a' (at 'n'). */
static size_t
put_push(struct ofp_action *a, size_t n, uint16_t vlan)
{
    union mf_value v;

    memset(&a[n], 0, sizeof a[n]);
    a[n].type = OFPACT_PUSH_VLAN;
    a[n].ethertype = ETH_TYPE_VLAN;
    memset(&v, 0, sizeof v);
    v.be16 = htons((uint16_t) (OFPVID_PRESENT | vlan));
    a[n + 1] = ofp_action_set_field(MFF_VLAN_VID, &v);
    return n + 2;
}

/* Reads the fabric's port roles for this switch from its state. */
static void
read_fabric_roles(struct tctx *c, const struct fabric_state *fabric)
{
    uint32_t flood_id = fabric_group_id(FABRIC_APP_FABRIC, FABRIC_GROUP_FLOOD,
                                        0);
    const struct fabric_group *g;
    size_t i, n = fabric_state_n_flows(fabric);

    for (i = 0; i < n; i++) {
        const struct fabric_flow *f = fabric_state_flow_at(fabric, i);

        if (!ofp_match_has(&f->match, MFF_IN_PORT)) {
            continue;
        }
        if (f->table_id == FABRIC_TABLE_CLASSIFY
            && f->priority == FABRIC_PRIO_PORT
            && f->instructions.present & OFPINST_GOTO_TABLE) {
            push_u32(&c->fabric_ports, &c->n_fabric_ports,
                     ntohl(f->match.v.in_port));
        } else if (f->table_id == FABRIC_TABLE_L2
                   && f->priority == FABRIC_PRIO_NO_FLOOD) {
            push_u32(&c->no_flood_ports, &c->n_no_flood_ports,
                     ntohl(f->match.v.in_port));
        }
    }
    g = fabric_state_find_group(fabric, flood_id);
    for (i = 0; g && i < g->n_buckets; i++) {
        const struct ofp_bucket *b = &g->buckets[i];
        size_t j;

        for (j = 0; j < b->n_actions; j++) {
            if (b->actions[j].type == OFPACT_OUTPUT
                && has_u32(c->fabric_ports, c->n_fabric_ports,
                           b->actions[j].output.port)) {
                push_u32(&c->tree_ports, &c->n_tree_ports,
                         b->actions[j].output.port);
            }
        }
    }
}

/* The networks this switch carries (tv->scope), and its links. */
static void
read_scope(struct tctx *c)
{
    const struct fabric_tenant_view *tv = c->tv;
    size_t lo = 0, hi = tv->n_scope, n;

    c->binds = binds_of(tv, c->dpid, &c->n_binds);
    if (!tv->scoped) {
        size_t i;

        /* Every network, but a tunnels-only one only on its br-ints. */
        c->nets = xcalloc(tv->n_nets + 1, sizeof *c->nets);
        for (i = 0; i < tv->n_nets; i++) {
            const struct fabric_tenant_net *ni = tv->net_info
                                                 ? &tv->net_info[i] : NULL;

            if (fabric_tenant_has_transport(tv->nets[i])
                || (ni && has_u64(ni->chassis, ni->n_chassis, c->dpid))) {
                c->nets[c->n_nets++] = tv->nets[i];
            }
        }
        return;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (tv->scope[mid].dpid < c->dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (; lo < tv->n_scope && tv->scope[lo].dpid == c->dpid; lo++) {
        push_u32(&c->nets, &c->n_nets, tv->scope[lo].net_id);
    }
    n = topo_path_links(tv->fview->path, c->dpid, NULL, 0);
    c->links = xcalloc(n + 1, sizeof *c->links);
    c->n_links = topo_path_links(tv->fview->path, c->dpid, c->links, n);
    c->n_links = MIN(c->n_links, n);
}

/* True if this switch carries 'net_id'. */
static bool
here(const struct tctx *c, uint32_t net_id)
{
    return c->n_nets
           && bsearch(&net_id, c->nets, c->n_nets, sizeof *c->nets, u32_cmp);
}

/* True if the flood of 'net_id' goes out of tree port 'port': a
 * neighbour there carries the network. */
static bool
tree_port_carries(const struct tctx *c, uint32_t port, uint32_t net_id)
{
    size_t i;

    if (!c->tv->scoped) {
        return true;
    }
    for (i = 0; i < c->n_links; i++) {
        if (c->links[i].port == port
            && fabric_tenant_carries(c->tv, c->links[i].peer_dpid, net_id)) {
            return true;
        }
    }
    return false;
}

/* True if 'a' outputs to a port claimed on this switch. */
static bool
actions_reach_claimed(const struct tctx *c, const struct ofp_action *a,
                      size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i].type == OFPACT_OUTPUT
            && fabric_tenant_port_claimed(c->tv, c->dpid, a[i].output.port)) {
            return true;
        }
    }
    return false;
}

/* True if 'mac' is a destination the fabric must not deliver to: a
 * MAC-bound device, or a host the fabric learned on a claimed port. */
static bool
mac_is_tenants(const struct tctx *c, const struct eth_addr *mac)
{
    const struct fabric_view *fv = c->tv->fview;
    size_t i;

    for (i = 0; i < c->tv->n_macs; i++) {
        if (mac_equal(&c->tv->macs[i].mac, mac)) {
            return true;
        }
    }
    for (i = 0; fv && i < fv->n_hosts; i++) {
        if (mac_equal(&fv->hosts[i].mac, mac)
            && fabric_tenant_port_claimed(c->tv, fv->hosts[i].dpid,
                                          fv->hosts[i].port)) {
            return true;
        }
    }
    return false;
}

/* Takes the claimed ports out of the fabric's default forwarding. */
static void
restrict_fabric(struct tctx *c, struct fabric_state *fabric)
{
    uint32_t flood_id = fabric_group_id(FABRIC_APP_FABRIC, FABRIC_GROUP_FLOOD,
                                        0);
    const struct fabric_group *g;
    size_t i = fabric_state_n_flows(fabric);

    /* Backwards: a removal moves the last flow (already seen) to 'i'. */
    while (i-- > 0) {
        const struct fabric_flow *f = fabric_state_flow_at(fabric, i);
        const struct ofp_instructions *ins = &f->instructions;
        bool remove = false;

        if (f->table_id == FABRIC_TABLE_CLASSIFY
            && ofp_match_has(&f->match, MFF_IN_PORT)) {
            remove = fabric_tenant_port_claimed(c->tv, c->dpid,
                                                ntohl(f->match.v.in_port));
        } else if (f->table_id == FABRIC_TABLE_L2
                   && f->priority == FABRIC_PRIO_HOST_DST
                   && ofp_match_has(&f->match, MFF_ETH_DST)) {
            remove = mac_is_tenants(c, &f->match.v.eth_dst)
                     || (ins->present & OFPINST_APPLY_ACTIONS
                         && actions_reach_claimed(c, ins->apply_actions,
                                                  ins->n_apply_actions));
        }
        if (remove) {
            struct ofp_match m = f->match;

            fabric_state_remove_flow(fabric, f->table_id, f->priority, &m);
        }
    }

    g = fabric_state_find_group(fabric, flood_id);
    if (g) {
        struct ofp_bucket *buckets = xcalloc(g->n_buckets + 1,
                                             sizeof *buckets);
        struct fabric_group ng = *g;
        size_t n = 0;

        for (i = 0; i < g->n_buckets; i++) {
            if (!actions_reach_claimed(c, g->buckets[i].actions,
                                       g->buckets[i].n_actions)) {
                buckets[n++] = g->buckets[i];
            }
        }
        if (n != g->n_buckets) {
            ng.buckets = buckets;
            ng.n_buckets = n;
            fabric_state_add_group(fabric, &ng);
        }
        free(buckets);
    }
}

/* True if 'port' is one of this br-int's tunnel ports. */
static bool
is_tunnel_port(const struct tctx *c, uint32_t port)
{
    size_t i;

    for (i = 0; c->me && i < FABRIC_OVERLAY_N_ENCAPS; i++) {
        if (c->me->tunnel_ports[i] == port) {
            return true;
        }
    }
    return false;
}

/* True if this br-int takes network 'i' (index in tv->nets) from
 * tunnels: it has ports of it, or it is the gateway and the network has
 * ports on the fabric side. */
static bool
net_here(const struct tctx *c, size_t i)
{
    const struct fabric_tenant_net *ni = &c->tv->net_info[i];

    return has_u64(ni->chassis, ni->n_chassis, c->dpid)
           || (c->dpid == c->tv->gateway && ni->fabric_side);
}

/* Table 0 of a br-int: SSP attachments on the attachment ports, frames
 * from tunnels by tun_id, nothing else from its edge and tunnel ports. */
static void
compile_overlay_classify(struct tctx *c)
{
    const struct fabric_tenant_view *tv = c->tv;
    struct ofp_match m;
    size_t i, j;

    for (i = 0; i < tv->n_attaches; i++) {
        const struct fabric_tenant_attach *a = &tv->attaches[i];

        for (j = 0; a->dpid == c->dpid && j < c->n_attach_ports; j++) {
            ofp_match_init_catchall(&m);
            ofp_match_set_in_port(&m, c->attach_ports[j]);
            match_vid(&m, a->vlan);
            if (a->has_mac) {
                ofp_match_set_eth_src(&m, &a->mac);
            }
            put_classify(c, FABRIC_TENANT_PRIO_BIND, &m, a->net_id, true);
        }
    }
    for (i = 0; i < c->n_attach_ports; i++) {
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, c->attach_ports[i]);
        put_drop(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_BOUND_PORT, &m);
    }
    for (j = 0; j < FABRIC_OVERLAY_N_ENCAPS; j++) {
        uint32_t port = c->me->tunnel_ports[j];

        if (!port || !(c->me->encaps & (1u << j))) {
            continue;
        }
        for (i = 0; i < tv->n_nets; i++) {
            union mf_value v;

            if (!net_here(c, i)) {
                continue;
            }
            ofp_match_init_catchall(&m);
            ofp_match_set_in_port(&m, port);
            memset(&v, 0, sizeof v);
            v.be64 = htonll(tv->net_info[i].vni);
            ofp_match_set_field(&m, MFF_TUNNEL_ID, &v, NULL);
            put_flow_full(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_TUNNEL,
                          &m, NULL, 0, net_meta(tv->nets[i]),
                          FABRIC_TENANT_META_MASK,
                          FABRIC_TENANT_TABLE_FROM_TUNNEL);
        }
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, port);
        put_drop(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_BOUND_PORT, &m);
    }
}

/* Table 0: transport VLANs on fabric ports, bindings, MAC classification;
 * table 1: transport VLAN -> network; table 10: the guard. */
static void
compile_classify(struct tctx *c)
{
    const struct fabric_tenant_view *tv = c->tv;
    const struct topo_switch *ts = topo_graph_switch_find(tv->fview->graph,
                                                          c->dpid);
    struct ofp_match m;
    size_t i;

    for (i = 0; i < c->n_fabric_ports; i++) {
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, c->fabric_ports[i]);
        ofp_match_set_vlan_vid_masked(&m, OFPVID_PRESENT, OFPVID_PRESENT);
        put_flow_full(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_TRANSPORT,
                      &m, NULL, 0, 0, 0, FABRIC_TENANT_TABLE_TRANSPORT);
    }
    if (c->n_fabric_ports) {
        ofp_match_init_catchall(&m);
        put_flow_full(c, FABRIC_TENANT_TABLE_TRANSPORT, FABRIC_PRIO_MISS, &m,
                      NULL, 0, 0, 0, FABRIC_TABLE_POLICY);
    }
    for (i = 0; i < tv->n_nets; i++) {
        if (!fabric_tenant_has_transport(tv->nets[i])) {
            continue;   /* Tunnels-only: no transport VLAN to take in or
                         * guard (a 12-bit VLAN would alias another). */
        }
        ofp_match_init_catchall(&m);
        match_vid(&m, (uint16_t) tv->nets[i]);
        if (c->n_fabric_ports && here(c, tv->nets[i])) {
            struct ofp_action a;

            memset(&a, 0, sizeof a);
            a.type = OFPACT_POP_VLAN;
            put_flow_full(c, FABRIC_TENANT_TABLE_TRANSPORT,
                          FABRIC_TENANT_PRIO_NET_VLAN, &m, &a, 1,
                          net_meta(tv->nets[i]), FABRIC_TENANT_META_MASK,
                          FABRIC_TENANT_TABLE_L2);
        }
        /* Untenanted frames must not pose as a network's transport;
         * and on a switch that does not carry the network, its frames
         * (a failover detour, a neighbour not yet updated) stop here:
         * the fabric's untenanted forwarding never sees them. */
        put_drop(c, FABRIC_TABLE_POLICY, FABRIC_TENANT_PRIO_GUARD, &m);
    }

    /* Port and port+VLAN bindings of this switch. */
    for (i = 0; i < c->n_binds; i++) {
        const struct fabric_tenant_bind *b = &c->binds[i];

        if (!topo_graph_port_is_edge(tv->fview->graph, b->dpid, b->port)) {
            continue;
        }
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, b->port);
        match_vid(&m, b->vlan);
        if (b->has_mac) {
            ofp_match_set_eth_src(&m, &b->mac);
        }
        put_classify(c, FABRIC_TENANT_PRIO_BIND, &m, b->net_id, b->vlan != 0);
        /* Anything else on the port (other sources, other VLANs). */
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, b->port);
        put_drop(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_BOUND_PORT, &m);
    }

    if (c->me) {
        compile_overlay_classify(c);
        return;     /* No MAC classification on hypervisors. */
    }
    if (!tv->mac_mode) {
        return;
    }
    /* MAC bindings: the device's frames go to the controller wherever
     * they show up (the fabric learns its location, and the move), and
     * into its network where it was seen. */
    for (i = 0; i < tv->n_macs; i++) {
        const struct fabric_tenant_mac *mb = &tv->macs[i];
        struct ofp_action to_ctl = ofp_action_output(OFPP13_CONTROLLER,
                                                     OFPCML_NO_BUFFER);

        ofp_match_init_catchall(&m);
        ofp_match_set_eth_src(&m, &mb->mac);
        match_vid(&m, 0);
        put_flow_full(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_MAC_LEARN,
                      &m, &to_ctl, 1, 0, 0, 0);
        if (mb->dpid == c->dpid) {
            ofp_match_set_in_port(&m, mb->port);
            put_classify(c, FABRIC_TENANT_PRIO_MAC_HERE, &m, mb->net_id,
                         false);
        }
    }
    /* Unknown MACs on unbound edge ports. */
    for (i = 0; ts && i < ts->n_ports; i++) {
        uint32_t port = ts->ports[i].port_no;

        if (!topo_graph_port_is_edge(tv->fview->graph, c->dpid, port)
            || port_bound(tv, c->dpid, port)) {
            continue;
        }
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, port);
        if (tv->quarantine_net) {
            match_vid(&m, 0);
            put_classify(c, FABRIC_TENANT_PRIO_UNKNOWN_MAC, &m,
                         tv->quarantine_net, false);
        } else {
            put_drop(c, FABRIC_TABLE_CLASSIFY, FABRIC_TENANT_PRIO_UNKNOWN_MAC,
                     &m);
        }
    }
}

/* True if a MAC-bound device was located on (this switch, 'port'). */
static bool
port_has_mac_host(const struct tctx *c, uint32_t port)
{
    size_t i;

    for (i = 0; i < c->tv->n_macs; i++) {
        if (c->tv->macs[i].dpid == c->dpid && c->tv->macs[i].port == port) {
            return true;
        }
    }
    return false;
}

/* Appends set_field tun_id, set_field tun_dst and output to the tunnel
 * port towards br-int 'to' to 'a' (at 'n'); returns the new count, or 'n'
 * if there is no encapsulation both ends have. */
static size_t
put_tunnel(const struct tctx *c, struct ofp_action *a, size_t n,
           const struct fabric_tenant_chassis *to, uint32_t vni)
{
    struct fabric_overlay_chassis x, y;
    union mf_value v;
    int e;

    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.encaps = c->me->encaps;
    memcpy(x.tunnel_ports, c->me->tunnel_ports, sizeof x.tunnel_ports);
    y.encaps = to->encaps;
    memcpy(y.tunnel_ports, to->tunnel_ports, sizeof y.tunnel_ports);
    e = fabric_overlay_common_encap(&x, &y);
    if (e < 0 || !to->tunnel_ip || to == c->me) {
        return n;
    }
    memset(&v, 0, sizeof v);
    v.be64 = htonll(vni);
    a[n++] = ofp_action_set_field(MFF_TUNNEL_ID, &v);
    memset(&v, 0, sizeof v);
    v.be32 = to->tunnel_ip;
    a[n++] = ofp_action_set_field(MFF_TUN_IPV4_DST, &v);
    a[n++] = ofp_action_output(c->me->tunnel_ports[e], 0);
    return n;
}

/* The flood group of 'net_id' on this switch (for frames from a tunnel if
 * 'from_tunnel'); returns false if it would have no bucket. */
static bool
put_flood_group(struct tctx *c, uint32_t net_id, bool from_tunnel)
{
    const struct fabric_tenant_view *tv = c->tv;
    const struct topo_switch *ts = topo_graph_switch_find(tv->fview->graph,
                                                          c->dpid);
    size_t ni = net_index(tv, net_id);
    size_t max = c->n_tree_ports + c->n_binds + tv->n_macs
                 + (ts ? ts->n_ports : 0) + tv->n_chassis
                 + tv->n_attaches * (c->n_attach_ports + 1) + 1;
    struct ofp_bucket *buckets = xcalloc(max, sizeof *buckets);
    struct ofp_action *actions = xcalloc(3 * max, sizeof *actions);
    uint32_t *used = xcalloc(max, sizeof *used);
    size_t n = 0, n_actions = 0, n_used = 0, i, j;
    struct fabric_group g;
    bool tree = (!from_tunnel || c->dpid == tv->gateway)
                && fabric_tenant_has_transport(net_id);

#define ADD_BUCKET(PORT, VLAN)                                          \
    do {                                                                \
        size_t first_ = n_actions;                                      \
        if (VLAN) {                                                     \
            n_actions = put_push(actions, n_actions, (VLAN));           \
        }                                                               \
        actions[n_actions++] = ofp_action_output((PORT), 0);            \
        buckets[n].watch_port = OFPP13_ANY;                             \
        buckets[n].watch_group = OFPG13_ANY;                            \
        buckets[n].actions = &actions[first_];                          \
        buckets[n].n_actions = n_actions - first_;                      \
        n++;                                                            \
    } while (0)

    for (i = 0; tree && i < c->n_tree_ports; i++) {
        if (tree_port_carries(c, c->tree_ports[i], net_id)) {
            ADD_BUCKET(c->tree_ports[i], (uint16_t) net_id);
        }
    }
    for (i = 0; i < c->n_binds; i++) {
        const struct fabric_tenant_bind *b = &c->binds[i];

        if (b->net_id == net_id
            && topo_graph_port_is_edge(tv->fview->graph, b->dpid, b->port)) {
            ADD_BUCKET(b->port, b->vlan);
        }
    }
    for (i = 0; i < tv->n_attaches; i++) {
        const struct fabric_tenant_attach *a = &tv->attaches[i];

        for (j = 0; a->dpid == c->dpid && a->net_id == net_id
                    && j < c->n_attach_ports; j++) {
            ADD_BUCKET(c->attach_ports[j], a->vlan);
        }
    }
    for (i = 0; !c->me && i < tv->n_macs; i++) {
        const struct fabric_tenant_mac *mb = &tv->macs[i];

        if (mb->dpid == c->dpid && mb->net_id == net_id
            && !has_u32(used, n_used, mb->port)) {
            used[n_used++] = mb->port;
            ADD_BUCKET(mb->port, 0);
        }
    }
    if (net_id == tv->quarantine_net && !c->me) {
        for (i = 0; ts && i < ts->n_ports; i++) {
            uint32_t port = ts->ports[i].port_no;

            if (topo_graph_port_is_edge(tv->fview->graph, c->dpid, port)
                && !port_bound(tv, c->dpid, port)
                && !port_has_mac_host(c, port)) {
                ADD_BUCKET(port, 0);
            }
        }
    }
#undef ADD_BUCKET

    /* Head-end replication: one copy per br-int that needs it (see
     * docs/pipeline.md, "Overlay", for who sends to whom). */
    if (c->me && !from_tunnel && ni != SIZE_MAX
        && (!c->me->fabric_attached || c->dpid == tv->gateway)) {
        const struct fabric_tenant_net *info = &tv->net_info[ni];

        for (i = 0; i < tv->n_chassis; i++) {
            const struct fabric_tenant_chassis *to = &tv->chassis[i];
            bool wanted;
            size_t first = n_actions;

            if (to == c->me) {
                continue;
            }
            if (to->fabric_attached) {
                /* Only the gateway, from a hypervisor without fabric
                 * links, and only if the network has a fabric side. */
                wanted = to->dpid == tv->gateway && !c->me->fabric_attached
                         && info->fabric_side;
            } else {
                wanted = has_u64(info->chassis, info->n_chassis, to->dpid);
            }
            if (!wanted) {
                continue;
            }
            n_actions = put_tunnel(c, actions, n_actions, to, info->vni);
            if (n_actions == first) {
                continue;       /* No common encapsulation. */
            }
            buckets[n].watch_port = OFPP13_ANY;
            buckets[n].watch_group = OFPG13_ANY;
            buckets[n].actions = &actions[first];
            buckets[n].n_actions = n_actions - first;
            n++;
        }
    }

    if (n) {
        memset(&g, 0, sizeof g);
        g.group_id = from_tunnel ? fabric_tenant_tunnel_flood_group(net_id)
                                 : fabric_tenant_flood_group(net_id);
        g.type = OFPGT13_ALL;
        g.buckets = buckets;
        g.n_buckets = n;
        fabric_state_add_group(c->out, &g);
    }
    free(buckets);
    free(actions);
    free(used);
    return n > 0;
}

/* Hands the frame to the fabric towards switch 'dpid' in 'a' (transport
 * VLAN, then table 30 with the destination slot). Returns false if this
 * switch cannot (no fabric ports, unknown switch). */
static bool
route_fabric(const struct tctx *c, uint64_t dpid, uint32_t net_id,
             struct ofp_action *a, size_t *n, uint64_t *md)
{
    uint32_t slot = fabric_view_slot(c->tv->fview, dpid);

    if (slot == UINT32_MAX || !c->n_fabric_ports || dpid == c->dpid
        || !fabric_tenant_has_transport(net_id)) {
        return false;
    }
    *n = put_push(a, *n, (uint16_t) net_id);
    *md = FABRIC_META_DEST | slot;
    return true;
}

/* The entry of table 'table' for destination 'h'. 'from_tunnel': table
 * 22 of a br-int, which delivers locally (and, on the gateway, to the
 * fabric side) but never into a tunnel. */
static void
put_host(struct tctx *c, uint8_t table, const struct fabric_tenant_host *h,
         bool from_tunnel)
{
    const struct fabric_tenant_view *tv = c->tv;
    const struct fabric_tenant_chassis *hc = chassis_of(tv, h->dpid);
    size_t ni = net_index(tv, h->net_id);
    struct ofp_action a[8 + 2 * 64];
    struct ofp_match m;
    uint64_t md = 0;
    size_t n = 0, i;

    ofp_match_init_catchall(&m);
    ofp_match_set_metadata_masked(&m, net_meta(h->net_id),
                                  FABRIC_TENANT_META_MASK);
    ofp_match_set_eth_dst(&m, &h->mac);

    if (h->dpid == c->dpid) {
        if (h->vlan) {
            n = put_push(a, n, h->vlan);
        }
        if (h->port) {
            a[n++] = ofp_action_output(h->port, 0);
        }
        for (i = 0; !h->port && i < c->n_attach_ports && n < ARRAY_SIZE(a);
             i++) {
            a[n++] = ofp_action_output(c->attach_ports[i], 0);
        }
        if (!h->port && !c->n_attach_ports) {
            n = 0;
        }
    } else if (from_tunnel) {
        /* Never back into a tunnel; the gateway hands the fabric side its
         * destinations. */
        if (hc && !hc->fabric_attached) {
            return;
        }
        if (c->dpid != tv->gateway
            || !route_fabric(c, h->dpid, h->net_id, a, &n, &md)) {
            return;
        }
    } else if (c->me && hc) {
        n = put_tunnel(c, a, n, hc, ni != SIZE_MAX ? tv->net_info[ni].vni
                                                   : h->net_id);
    } else if (c->me && !c->n_fabric_ports) {
        /* A fabric destination from a hypervisor: via the gateway. */
        const struct fabric_tenant_chassis *gw = chassis_of(tv, tv->gateway);

        if (gw && ni != SIZE_MAX) {
            n = put_tunnel(c, a, n, gw, tv->net_info[ni].vni);
        }
    } else {
        /* A fabric switch (or the gateway) towards a fabric destination;
         * br-ints without fabric links are reached through the gateway. */
        uint64_t to = hc && !hc->fabric_attached ? tv->gateway : h->dpid;

        if (!to || !route_fabric(c, to, h->net_id, a, &n, &md)) {
            n = 0;
        }
    }
    if (!n) {
        put_drop(c, table, FABRIC_TENANT_PRIO_DST, &m);
    } else if (md) {
        put_flow_full(c, table, FABRIC_TENANT_PRIO_DST, &m, a, n, md,
                      FABRIC_META_MASK, FABRIC_TABLE_PATH);
    } else {
        put_flow_full(c, table, FABRIC_TENANT_PRIO_DST, &m, a, n, 0, 0, 0);
    }
}

/* Table 21: known destinations, no flooding from non-tree ports, each
 * network's flood group; on a br-int, table 22 for frames from tunnels. */
static void
compile_l2(struct tctx *c)
{
    const struct fabric_tenant_view *tv = c->tv;
    struct ofp_match m;
    size_t i;

    for (i = 0; i < tv->n_hosts; i++) {
        if (!here(c, tv->hosts[i].net_id)) {
            continue;
        }
        put_host(c, FABRIC_TENANT_TABLE_L2, &tv->hosts[i], false);
        if (c->me) {
            put_host(c, FABRIC_TENANT_TABLE_FROM_TUNNEL, &tv->hosts[i], true);
        }
    }
    for (i = 0; i < c->n_no_flood_ports; i++) {
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, c->no_flood_ports[i]);
        put_drop(c, FABRIC_TENANT_TABLE_L2, FABRIC_TENANT_PRIO_NO_FLOOD, &m);
    }
    for (i = 0; i < c->n_nets; i++) {
        uint32_t net_id = c->nets[i];
        struct ofp_action a;

        ofp_match_init_catchall(&m);
        ofp_match_set_metadata_masked(&m, net_meta(net_id),
                                      FABRIC_TENANT_META_MASK);
        memset(&a, 0, sizeof a);
        a.type = OFPACT_GROUP;
        if (put_flood_group(c, net_id, false)) {
            a.group_id = fabric_tenant_flood_group(net_id);
            put_flow_full(c, FABRIC_TENANT_TABLE_L2, FABRIC_TENANT_PRIO_FLOOD,
                          &m, &a, 1, 0, 0, 0);
        } else {
            put_drop(c, FABRIC_TENANT_TABLE_L2, FABRIC_TENANT_PRIO_FLOOD, &m);
        }
        if (!c->me || !net_here(c, net_index(tv, net_id))) {
            continue;
        }
        if (put_flood_group(c, net_id, true)) {
            a.group_id = fabric_tenant_tunnel_flood_group(net_id);
            put_flow_full(c, FABRIC_TENANT_TABLE_FROM_TUNNEL,
                          FABRIC_TENANT_PRIO_FLOOD, &m, &a, 1, 0, 0, 0);
        }
    }
    ofp_match_init_catchall(&m);
    put_drop(c, FABRIC_TENANT_TABLE_L2, FABRIC_PRIO_MISS, &m);
    if (c->me) {
        put_drop(c, FABRIC_TENANT_TABLE_FROM_TUNNEL, FABRIC_PRIO_MISS, &m);
    }
}

/* True if 'tenant' (a switch's tenant state) has the table-1 miss entry
 * compile_classify() gives a switch with fabric ports (whenever the view
 * has networks). */
static bool
tenant_has_fabric_ports(const struct fabric_state *tenant)
{
    struct ofp_match m;

    ofp_match_init_catchall(&m);
    return fabric_state_find_flow(tenant, FABRIC_TENANT_TABLE_TRANSPORT,
                                  FABRIC_PRIO_MISS, &m) != NULL;
}

static void find_attach_ports(struct tctx *c);

void
fabric_tenant_compile_hosts(const struct fabric_tenant_view *tv,
                            uint64_t dpid, const struct fabric_state *tenant,
                            const struct fabric_tenant_host *hosts,
                            size_t n_hosts, struct fabric_state *out)
{
    struct tctx c;
    size_t i;

    fabric_state_clear(out);
    if (!tv->snap || !tv->fview || !tv->graph || !tv->n_nets
        || !topo_graph_switch_find(tv->fview->graph, dpid)) {
        return;
    }
    memset(&c, 0, sizeof c);
    c.tv = tv;
    c.dpid = dpid;
    c.out = out;
    c.me = chassis_of(tv, dpid);
    /* put_host() reads only whether there are fabric ports. */
    c.n_fabric_ports = tenant_has_fabric_ports(tenant) ? 1 : 0;
    read_scope(&c);
    if (c.me) {
        find_attach_ports(&c);
    }
    for (i = 0; i < n_hosts; i++) {
        if (!here(&c, hosts[i].net_id)) {
            continue;
        }
        put_host(&c, FABRIC_TENANT_TABLE_L2, &hosts[i], false);
        if (c.me) {
            put_host(&c, FABRIC_TENANT_TABLE_FROM_TUNNEL, &hosts[i], true);
        }
    }
    free(c.attach_ports);
    free(c.nets);
    free(c.links);
}

void
fabric_tenant_find_hosts(const struct fabric_state *tenant,
                         const struct fabric_tenant_host *hosts,
                         size_t n_hosts, struct fabric_state *out)
{
    static const uint8_t tables[] = { FABRIC_TENANT_TABLE_L2,
                                      FABRIC_TENANT_TABLE_FROM_TUNNEL };
    size_t i, j;

    for (i = 0; i < n_hosts; i++) {
        struct ofp_match m;

        ofp_match_init_catchall(&m);
        ofp_match_set_metadata_masked(&m, net_meta(hosts[i].net_id),
                                      FABRIC_TENANT_META_MASK);
        ofp_match_set_eth_dst(&m, &hosts[i].mac);
        for (j = 0; j < ARRAY_SIZE(tables); j++) {
            const struct fabric_flow *f
                = fabric_state_find_flow(tenant, tables[j],
                                         FABRIC_TENANT_PRIO_DST, &m);

            if (f) {
                fabric_state_add_flow(out, f);
            }
        }
    }
}

/* True if (this br-int, 'port') carries a VM interface. */
static bool
is_vif_port(const struct tctx *c, uint32_t port)
{
    return vif_port_known(c->tv, c->dpid, port);
}

/* This br-int's attachment ports: edge ports that are neither tunnel
 * ports, nor VM interfaces, nor held by a port binding. */
static void
find_attach_ports(struct tctx *c)
{
    const struct topo_switch *ts = topo_graph_switch_find(c->tv->graph,
                                                          c->dpid);
    size_t i;

    for (i = 0; ts && i < ts->n_ports; i++) {
        uint32_t port = ts->ports[i].port_no;

        if (topo_graph_port_is_edge(c->tv->graph, c->dpid, port)
            && !is_tunnel_port(c, port) && !is_vif_port(c, port)
            && !port_bound(c->tv, c->dpid, port)) {
            push_u32(&c->attach_ports, &c->n_attach_ports, port);
        }
    }
}

void
fabric_tenant_compile_switch(const struct fabric_tenant_view *tv,
                             uint64_t dpid, struct fabric_state *fabric,
                             struct fabric_state *out)
{
    struct tctx c;

    fabric_state_clear(out);
    if (!tv->snap || !tv->fview || !tv->graph
        || !topo_graph_switch_find(tv->fview->graph, dpid)) {
        return;
    }
    memset(&c, 0, sizeof c);
    c.tv = tv;
    c.dpid = dpid;
    c.out = out;
    c.me = chassis_of(tv, dpid);
    read_fabric_roles(&c, fabric);
    read_scope(&c);
    if (c.me) {
        find_attach_ports(&c);
    }
    if (tv->n_nets) {
        compile_classify(&c);
        compile_l2(&c);
    }
    restrict_fabric(&c, fabric);
    free(c.fabric_ports);
    free(c.tree_ports);
    free(c.no_flood_ports);
    free(c.attach_ports);
    free(c.nets);
    free(c.links);
}
