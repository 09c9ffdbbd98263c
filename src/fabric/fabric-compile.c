/* fabric-compile: see fabric-compile.h and docs/pipeline.md.
 *
 * Everything a switch needs is read from the topo_path snapshot (port
 * roles, usable links, distances, loop-free alternates) and from the host
 * list the view copied; the graph is only used for the set of switches. */
#include "fabric/fabric-compile.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "openflow/of-actions.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"

#define N_SLOTS 65536u
#define ETH_TYPE_LLDP 0x88cc
#define MAX_BUCKETS 16          /* Group id field for bucket indexes. */

void
fabric_options_init(struct fabric_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->cookie = FABRIC_COOKIE(FABRIC_APP_FABRIC);
    opts->app = FABRIC_APP_FABRIC;
    opts->max_ecmp = 8;
    opts->backups = true;
}

/* ---- View ---- */

static void
collect_host(const struct topo_host *h, void *aux)
{
    struct fabric_view *view = aux;
    struct fabric_host *fh = &view->hosts[view->n_hosts++];

    fh->mac = h->mac;
    fh->vlan = h->vlan;
    fh->dpid = h->dpid;
    fh->port = h->port;
}

static int
host_cmp(const void *a_, const void *b_)
{
    const struct fabric_host *a = a_, *b = b_;
    int c;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    c = memcmp(&a->mac, &b->mac, sizeof a->mac);
    if (c) {
        return c;
    }
    return (a->vlan > b->vlan) - (a->vlan < b->vlan);
}

/* The slot a switch prefers: its dpid folded to 16 bits (so small dpids
 * keep their number, which reads well in dumps). */
static uint32_t
preferred_slot(uint64_t dpid)
{
    return (uint32_t) ((dpid ^ dpid >> 16 ^ dpid >> 32 ^ dpid >> 48)
                       & (N_SLOTS - 1));
}

void
fabric_view_init(struct fabric_view *view, const struct topo_graph *graph,
                 const struct topo_path *path,
                 const struct topo_path *prev_path,
                 const struct topo_host_table *hosts,
                 const struct fabric_options *opts)
{
    size_t n_switches = topo_graph_n_switches(graph);
    uint8_t *used;
    size_t i;

    memset(view, 0, sizeof *view);
    view->graph = graph;
    view->path = path;
    view->prev_path = prev_path;
    view->common_path = prev_path ? topo_path_compute_common(graph, prev_path)
                                  : NULL;
    if (opts) {
        view->opts = *opts;
    } else {
        fabric_options_init(&view->opts);
    }
    view->opts.max_ecmp = MIN(MAX(view->opts.max_ecmp, 1), MAX_BUCKETS - 2);

    if (hosts) {
        view->hosts = xcalloc(topo_host_count(hosts) + 1,
                              sizeof *view->hosts);
        topo_host_foreach(hosts, collect_host, view);
        qsort(view->hosts, view->n_hosts, sizeof *view->hosts, host_cmp);
    }

    /* Slots: switches in dpid order take their preferred slot or the next
     * free one. */
    view->slots = xcalloc(n_switches + 1, sizeof *view->slots);
    used = xcalloc(N_SLOTS / 8, 1);
    for (i = 0; i < n_switches && i < N_SLOTS; i++) {
        uint64_t dpid = topo_graph_switch_at(graph, i)->dpid;
        uint32_t slot = preferred_slot(dpid);

        while (used[slot / 8] & (1u << (slot % 8))) {
            slot = (slot + 1) & (N_SLOTS - 1);
        }
        used[slot / 8] |= 1u << (slot % 8);
        view->slots[i].dpid = dpid;
        view->slots[i].slot = slot;
    }
    view->n_slots = i;
    free(used);
}

void
fabric_view_uninit(struct fabric_view *view)
{
    free(view->hosts);
    free(view->slots);
    free(view->fp_digests);
    view->fp_digests = NULL;
    view->fp_ready = false;
    topo_path_destroy(view->common_path);
    view->common_path = NULL;
    view->hosts = NULL;
    view->slots = NULL;
    view->n_hosts = view->n_slots = 0;
}

uint32_t
fabric_view_slot(const struct fabric_view *view, uint64_t dpid)
{
    size_t lo = 0, hi = view->n_slots;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (view->slots[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < view->n_slots && view->slots[lo].dpid == dpid
           ? view->slots[lo].slot : UINT32_MAX;
}

/* ---- Emitting flows and groups ---- */

/* A port of the switch being compiled, with its role in the current
 * snapshot and in the previous one (the same when there is none). */
struct cport {
    uint32_t port_no;
    enum topo_path_role role;       /* Now. */
    enum topo_path_role old_role;   /* In view->prev_path. */
};

/* The switch being compiled. */
struct ctx {
    const struct fabric_view *view;
    uint64_t dpid;
    struct fabric_state *out;
    const struct topo_path *upath;  /* Unicast paths come from here. */
    struct cport *ports;            /* Sorted by number. */
    size_t n_ports;
    struct topo_hop *links;         /* Of 'upath'. */
    size_t n_links;
};

static void
put_flow(struct ctx *c, uint8_t table_id, uint16_t priority,
         const struct ofp_match *match, const struct ofp_instructions *ins)
{
    struct fabric_flow flow;

    memset(&flow, 0, sizeof flow);
    flow.table_id = table_id;
    flow.priority = priority;
    memcpy(&flow.match, match, sizeof flow.match);
    flow.cookie = c->view->opts.cookie;
    flow.idle_timeout = c->view->opts.idle_timeout;
    flow.hard_timeout = c->view->opts.hard_timeout;
    flow.flags = c->view->opts.flow_flags;
    flow.instructions = *ins;
    fabric_state_add_flow(c->out, &flow);
}

/* A flow whose instructions are apply_actions('a', 'n') ('n' 0: drop). */
static void
put_flow_actions(struct ctx *c, uint8_t table_id, uint16_t priority,
                 const struct ofp_match *match, const struct ofp_action *a,
                 size_t n)
{
    struct ofp_instructions ins;

    ofp_instructions_init(&ins);
    if (n) {
        ofp_instructions_set_apply(&ins, a, n);
    }
    put_flow(c, table_id, priority, match, &ins);
}

static void
put_flow_goto(struct ctx *c, uint8_t table_id, uint16_t priority,
              const struct ofp_match *match, uint8_t goto_table)
{
    struct ofp_instructions ins;

    ofp_instructions_init(&ins);
    ins.present = OFPINST_GOTO_TABLE;
    ins.goto_table = goto_table;
    put_flow(c, table_id, priority, match, &ins);
}

static void
put_flow_group(struct ctx *c, uint8_t table_id, uint16_t priority,
               const struct ofp_match *match, uint32_t group_id)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPACT_GROUP;
    a.group_id = group_id;
    put_flow_actions(c, table_id, priority, match, &a, 1);
}

/* Returns the id of a group of 'type' whose bucket i outputs to ports[i]
 * (watching it for select and fast-failover groups; OFPP13_IN_PORT watches
 * 'in_port'), adding the group to the switch's state unless one with the
 * same type and buckets is already there: destinations reached the same
 * way share one group. The id is a hash of the content (kind in bits
 * 23..20, hash in 19..0, the next free value on a collision), so it does
 * not depend on which destinations use the group, nor on the order they
 * are compiled in beyond the rare collisions. */
static uint32_t
put_group(struct ctx *c, uint8_t type, const uint32_t *ports, size_t n,
          uint32_t in_port)
{
    struct ofp_bucket *buckets = xcalloc(n + 1, sizeof *buckets);
    struct ofp_action *actions = xcalloc(n + 1, sizeof *actions);
    enum fabric_group_kind kind = (type == OFPGT13_SELECT
                                   ? FABRIC_GROUP_SELECT : FABRIC_GROUP_FF);
    uint32_t h = 2166136261u;
    struct fabric_group g;
    size_t i;

    for (i = 0; i < n; i++) {
        actions[i] = ofp_action_output(ports[i], 0);
        buckets[i].weight = type == OFPGT13_SELECT ? 1 : 0;
        buckets[i].watch_port = (type == OFPGT13_ALL ? OFPP13_ANY
                                 : ports[i] == OFPP13_IN_PORT ? in_port
                                 : ports[i]);
        buckets[i].watch_group = OFPG13_ANY;
        buckets[i].actions = &actions[i];
        buckets[i].n_actions = 1;
        h = (h ^ ports[i]) * 16777619u;
        h = (h ^ buckets[i].watch_port) * 16777619u;
    }
    h ^= h >> 20;
    g.type = type;
    g.buckets = buckets;
    g.n_buckets = n;
    for (i = 0; i < FABRIC_GROUP_HASH_MASK; i++) {
        const struct fabric_group *other;

        g.group_id = fabric_group_id(c->view->opts.app, kind,
                                     (uint32_t) (h + i));
        other = fabric_state_find_group(c->out, g.group_id);
        if (!other) {
            fabric_state_add_group(c->out, &g);
            break;
        }
        if (fabric_group_equal(other, &g)) {
            break;
        }
    }
    free(buckets);
    free(actions);
    return g.group_id;
}

/* Adds the flood group (a fixed id: one per switch) and returns its id. */
static uint32_t
put_flood_group(struct ctx *c, const uint32_t *ports, size_t n)
{
    struct ofp_bucket *buckets = xcalloc(n + 1, sizeof *buckets);
    struct ofp_action *actions = xcalloc(n + 1, sizeof *actions);
    struct fabric_group g;
    size_t i;

    for (i = 0; i < n; i++) {
        actions[i] = ofp_action_output(ports[i], 0);
        buckets[i].watch_port = OFPP13_ANY;
        buckets[i].watch_group = OFPG13_ANY;
        buckets[i].actions = &actions[i];
        buckets[i].n_actions = 1;
    }
    g.group_id = fabric_group_id(c->view->opts.app, FABRIC_GROUP_FLOOD, 0);
    g.type = OFPGT13_ALL;
    g.buckets = buckets;
    g.n_buckets = n;
    fabric_state_add_group(c->out, &g);
    free(buckets);
    free(actions);
    return g.group_id;
}

static void
match_vlan(struct ofp_match *m, uint16_t vlan)
{
    ofp_match_set_vlan_vid(m, vlan ? (uint16_t) (OFPVID_PRESENT | vlan)
                                   : (uint16_t) OFPVID_NONE);
}

static bool
role_fabric(enum topo_path_role role)
{
    return role == TOPO_PATH_ROLE_TREE || role == TOPO_PATH_ROLE_NONTREE;
}

/* True if frames arriving on 'cp' are accepted as fabric traffic: it is
 * an inter-switch port now or was one in the previous snapshot (so a
 * neighbour on either snapshot can send through it). */
static bool
port_accepts(const struct cport *cp)
{
    return role_fabric(cp->role) || role_fabric(cp->old_role);
}

/* True if the switch floods out of 'cp', and floods what arrives on it:
 * an edge port, or a tree port, in both snapshots. */
static bool
port_floods(const struct cport *cp)
{
    return cp->role == cp->old_role
           && (cp->role == TOPO_PATH_ROLE_EDGE
               || cp->role == TOPO_PATH_ROLE_TREE);
}

/* True if hosts live on 'cp' now. */
static bool
port_is_edge(const struct ctx *c, uint32_t port_no)
{
    size_t i;

    for (i = 0; i < c->n_ports; i++) {
        if (c->ports[i].port_no == port_no) {
            return c->ports[i].role == TOPO_PATH_ROLE_EDGE;
        }
    }
    return false;
}

/* ---- Tables 0, 10, 20 ---- */

static void
compile_classify(struct ctx *c)
{
    const struct fabric_view *view = c->view;
    struct ofp_action to_ctl = ofp_action_output(OFPP13_CONTROLLER,
                                                 OFPCML_NO_BUFFER);
    struct ofp_match m;
    size_t i;

    ofp_match_init_catchall(&m);
    ofp_match_set_eth_type(&m, ETH_TYPE_LLDP);
    put_flow_actions(c, FABRIC_TABLE_CLASSIFY, FABRIC_PRIO_LLDP, &m,
                     &to_ctl, 1);

    for (i = 0; i < view->n_hosts; i++) {
        const struct fabric_host *h = &view->hosts[i];

        if (h->dpid == c->dpid && port_is_edge(c, h->port)) {
            ofp_match_init_catchall(&m);
            ofp_match_set_in_port(&m, h->port);
            ofp_match_set_eth_src(&m, &h->mac);
            match_vlan(&m, h->vlan);
            put_flow_goto(c, FABRIC_TABLE_CLASSIFY, FABRIC_PRIO_HOST_SRC, &m,
                          FABRIC_TABLE_POLICY);
        }
    }

    for (i = 0; i < c->n_ports; i++) {
        const struct cport *cp = &c->ports[i];

        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, cp->port_no);
        if (port_accepts(cp)) {
            put_flow_goto(c, FABRIC_TABLE_CLASSIFY, FABRIC_PRIO_PORT, &m,
                          FABRIC_TABLE_POLICY);
        } else if (cp->role == TOPO_PATH_ROLE_EDGE) {
            put_flow_actions(c, FABRIC_TABLE_CLASSIFY, FABRIC_PRIO_PORT, &m,
                             &to_ctl, 1);
        }
    }

    ofp_match_init_catchall(&m);
    put_flow_actions(c, FABRIC_TABLE_CLASSIFY, FABRIC_PRIO_MISS, &m, NULL, 0);
}

static void
compile_policy(struct ctx *c)
{
    struct ofp_match m;

    ofp_match_init_catchall(&m);
    put_flow_goto(c, FABRIC_TABLE_POLICY, FABRIC_PRIO_MISS, &m,
                  FABRIC_TABLE_L2);
}

/* True if switch 'dpid' has a destination group on the switch being
 * compiled. */
static bool
dest_reachable(const struct ctx *c, uint64_t dpid)
{
    return dpid != c->dpid
           && topo_path_distance(c->upath, c->dpid, dpid)
              != TOPO_PATH_INFINITY
           && fabric_view_slot(c->view, dpid) != UINT32_MAX;
}

static void
compile_l2(struct ctx *c)
{
    const struct fabric_view *view = c->view;
    uint32_t *flood = xcalloc(c->n_ports + 1, sizeof *flood);
    size_t n_flood = 0;
    struct ofp_match m;
    size_t i;

    for (i = 0; i < view->n_hosts; i++) {
        const struct fabric_host *h = &view->hosts[i];

        ofp_match_init_catchall(&m);
        ofp_match_set_eth_dst(&m, &h->mac);
        match_vlan(&m, h->vlan);
        if (h->dpid == c->dpid) {
            if (port_is_edge(c, h->port)) {
                struct ofp_action out = ofp_action_output(h->port, 0);

                put_flow_actions(c, FABRIC_TABLE_L2, FABRIC_PRIO_HOST_DST,
                                 &m, &out, 1);
            }
        } else if (dest_reachable(c, h->dpid)) {
            struct ofp_instructions ins;

            ofp_instructions_init(&ins);
            ins.present = OFPINST_WRITE_METADATA | OFPINST_GOTO_TABLE;
            ins.metadata = FABRIC_META_DEST
                           | fabric_view_slot(view, h->dpid);
            ins.metadata_mask = FABRIC_META_MASK;
            ins.goto_table = FABRIC_TABLE_PATH;
            put_flow(c, FABRIC_TABLE_L2, FABRIC_PRIO_HOST_DST, &m, &ins);
        } else {
            /* Known but out of reach (partition): drop rather than flood
             * it to every host we can reach. */
            put_flow_actions(c, FABRIC_TABLE_L2, FABRIC_PRIO_HOST_DST, &m,
                             NULL, 0);
        }
    }

    for (i = 0; i < c->n_ports; i++) {
        const struct cport *cp = &c->ports[i];

        if (port_floods(cp)) {
            flood[n_flood++] = cp->port_no;
        } else if (port_accepts(cp)) {
            /* Never flood what arrives off the tree. */
            ofp_match_init_catchall(&m);
            ofp_match_set_in_port(&m, cp->port_no);
            put_flow_actions(c, FABRIC_TABLE_L2, FABRIC_PRIO_NO_FLOOD, &m,
                             NULL, 0);
        }
    }
    ofp_match_init_catchall(&m);
    put_flow_group(c, FABRIC_TABLE_L2, FABRIC_PRIO_MISS, &m,
                   put_flood_group(c, flood, n_flood));
    free(flood);
}

/* ---- Table 30 ---- */

/* A neighbour as a way towards one destination. */
struct cand {
    uint32_t port;
    uint64_t peer;
    uint64_t cost;              /* Link weight + peer's distance. */
};

static int
cand_cmp(const void *a_, const void *b_)
{
    const struct cand *a = a_, *b = b_;

    if (a->cost != b->cost) {
        return a->cost < b->cost ? -1 : 1;
    }
    return (a->port > b->port) - (a->port < b->port);
}

static bool
port_in(const uint32_t *ports, size_t n, uint32_t port)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (ports[i] == port) {
            return true;
        }
    }
    return false;
}

/* True if neighbour 'peer' is farther from 'dst' than this switch: a
 * packet it sent us towards 'dst' may then be sent back to it (it never
 * sends it back to us: by the same rule we are nearer).
 *
 * A transitional state (see fabric_view_init()) also sends back what
 * comes from a neighbour that is farther in the previous or in the new
 * snapshot: such a neighbour may still (or already) forward by that
 * snapshot, over links we may not use yet. With several snapshots the
 * rule no longer rules out a packet going back and forth between two
 * switches that both lost every other way, until the final state lands
 * (one packet, not a storm). */
static bool
uphill(const struct ctx *c, uint64_t peer, uint64_t dst)
{
    const struct topo_path *paths[3] = {
        c->upath, c->view->prev_path,
        c->view->prev_path ? c->view->path : NULL
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(paths); i++) {
        if (paths[i]) {
            uint32_t mine = topo_path_distance(paths[i], c->dpid, dst);
            uint32_t theirs = topo_path_distance(paths[i], peer, dst);

            if (theirs != TOPO_PATH_INFINITY && mine != TOPO_PATH_INFINITY
                && theirs > mine) {
                return true;
            }
        }
    }
    return false;
}

/* True if 'peer' has a shortest next hop towards 'dst' other than this
 * switch. */
static bool
has_alternative(const struct ctx *c, uint64_t peer, uint64_t dst)
{
    struct topo_hop hops[MAX_BUCKETS];
    size_t n = topo_path_next_hops(c->upath, peer, dst, hops, MAX_BUCKETS);
    size_t i;

    for (i = 0; i < MIN(n, MAX_BUCKETS); i++) {
        if (hops[i].peer_dpid != c->dpid) {
            return true;
        }
    }
    return false;
}

/* Returns the backup port towards 'dst' when no loop-free alternate
 * exists: a neighbour that can go on without us (its bounce entry avoids
 * us) is preferred, then the cheapest, then the lowest port. 'cands' are
 * sorted by cost and port. */
static uint32_t
pick_backup(const struct ctx *c, uint64_t dst, const struct cand *cands,
            size_t n_cands, uint32_t primary)
{
    size_t i;

    for (i = 0; i < n_cands; i++) {
        if (cands[i].port != primary
            && has_alternative(c, cands[i].peer, dst)) {
            return cands[i].port;
        }
    }
    for (i = 0; i < n_cands; i++) {
        if (cands[i].port != primary) {
            return cands[i].port;
        }
    }
    return primary;
}

/* Returns the port of the neighbour a packet from 'from' (over 'in_port')
 * towards 'dst' takes a detour to when everything better is dead, or 0 for
 * none: the cheapest one not already in 'used' that can go on without us
 * and without 'from', else the cheapest one. */
static uint32_t
pick_detour(const struct ctx *c, uint64_t dst, const struct cand *cands,
            size_t n_cands, uint32_t in_port, uint64_t from,
            const uint32_t *used, size_t n_used)
{
    size_t pass, i;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < n_cands; i++) {
            const struct cand *cd = &cands[i];
            struct topo_hop hops[MAX_BUCKETS];
            size_t n, k;
            bool ok = pass == 1;

            if (cd->port == in_port || port_in(used, n_used, cd->port)) {
                continue;
            }
            if (!ok) {
                n = topo_path_next_hops(c->upath, cd->peer, dst, hops,
                                        MAX_BUCKETS);
                for (k = 0; k < MIN(n, MAX_BUCKETS) && !ok; k++) {
                    ok = hops[k].peer_dpid != c->dpid
                         && hops[k].peer_dpid != from;
                }
            }
            if (ok) {
                return cd->port;
            }
        }
    }
    return 0;
}

/* Emits the group and flows of table 30 for destination switch 'dst'. */
static void
compile_dest(struct ctx *c, uint64_t dst, struct cand *cands)
{
    const struct fabric_view *view = c->view;
    const struct fabric_options *opts = &view->opts;
    uint32_t dist = topo_path_distance(c->upath, c->dpid, dst);
    uint32_t slot = fabric_view_slot(view, dst);
    uint32_t ecmp[MAX_BUCKETS], gports[MAX_BUCKETS];
    size_t n_cands = 0, n_ecmp = 0, n_gports = 0, i, j;
    uint8_t type;
    struct topo_hop lfa;
    struct ofp_match m;
    uint32_t group_id;

    for (i = 0; i < c->n_links; i++) {
        uint32_t rest = topo_path_distance(c->upath, c->links[i].peer_dpid,
                                           dst);

        if (rest != TOPO_PATH_INFINITY) {
            cands[n_cands].port = c->links[i].port;
            cands[n_cands].peer = c->links[i].peer_dpid;
            cands[n_cands].cost = (uint64_t) c->links[i].weight + rest;
            n_cands++;
        }
    }
    qsort(cands, n_cands, sizeof *cands, cand_cmp);
    for (i = 0; i < n_cands && cands[i].cost == dist
                && n_ecmp < opts->max_ecmp; i++) {
        ecmp[n_ecmp++] = cands[i].port;
    }
    if (!n_ecmp) {
        return;
    }

    /* The destination's own group. */
    if (n_ecmp >= 2) {
        type = OFPGT13_SELECT;
        memcpy(gports, ecmp, n_ecmp * sizeof *ecmp);
        n_gports = n_ecmp;
    } else {
        type = OFPGT13_FF;
        gports[n_gports++] = ecmp[0];
        if (opts->backups) {
            if (topo_path_backup(c->upath, c->dpid, dst, &lfa)
                && lfa.port != ecmp[0]) {
                gports[n_gports++] = lfa.port;
            } else if (n_cands > 1) {
                gports[n_gports++] = pick_backup(c, dst, cands, n_cands,
                                                 ecmp[0]);
            }
        }
    }
    group_id = put_group(c, type, gports, n_gports, 0);
    ofp_match_init_catchall(&m);
    ofp_match_set_metadata_masked(&m, FABRIC_META_DEST | slot,
                                  FABRIC_META_MASK);
    put_flow_group(c, FABRIC_TABLE_PATH, FABRIC_PRIO_DEST, &m, group_id);

    if (!opts->backups) {
        return;
    }

    /* Bounce entries: a packet that arrives over one of the group's ports
     * goes to a group without that port. */
    for (j = 0; j < n_gports; j++) {
        uint32_t in_port = gports[j];
        uint32_t bports[MAX_BUCKETS];
        size_t n_bports = 0;
        uint64_t peer = 0;
        uint32_t detour;

        for (i = 0; i < n_ecmp; i++) {
            if (ecmp[i] != in_port) {
                bports[n_bports++] = ecmp[i];
            }
        }
        if (n_bports >= 2) {
            type = OFPGT13_SELECT;
        } else {
            type = OFPGT13_FF;
            /* The sender was farther from the destination than we are, so
             * it has other ways (and a bounce entry of its own that avoids
             * us): hand the packet back before trying a detour. */
            for (i = 0; i < n_cands; i++) {
                if (cands[i].port == in_port) {
                    peer = cands[i].peer;
                }
            }
            if (uphill(c, peer, dst)) {
                bports[n_bports++] = OFPP13_IN_PORT;
            }
            detour = pick_detour(c, dst, cands, n_cands, in_port, peer,
                                 bports, n_bports);
            if (detour) {
                bports[n_bports++] = detour;
            }
        }

        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, in_port);
        ofp_match_set_metadata_masked(&m, FABRIC_META_DEST | slot,
                                      FABRIC_META_MASK);
        if (!n_bports) {
            put_flow_actions(c, FABRIC_TABLE_PATH, FABRIC_PRIO_BOUNCE, &m,
                             NULL, 0);
            continue;
        }
        group_id = put_group(c, type, bports, n_bports, in_port);
        put_flow_group(c, FABRIC_TABLE_PATH, FABRIC_PRIO_BOUNCE, &m,
                       group_id);
    }
}

static void
compile_path(struct ctx *c)
{
    const struct fabric_view *view = c->view;
    struct cand *cands = xcalloc(c->n_links + 1, sizeof *cands);
    struct ofp_match m;
    size_t i;

    for (i = 0; i < view->n_slots; i++) {
        if (dest_reachable(c, view->slots[i].dpid)) {
            compile_dest(c, view->slots[i].dpid, cands);
        }
    }
    ofp_match_init_catchall(&m);
    put_flow_actions(c, FABRIC_TABLE_PATH, FABRIC_PRIO_MISS, &m, NULL, 0);
    free(cands);
}

/* Returns the ports of switch 'dpid' in 'path' (caller frees), their
 * number in '*n'. */
static struct topo_path_port *
get_ports(const struct topo_path *path, uint64_t dpid, size_t *n)
{
    struct topo_path_port *ports;

    *n = topo_path_ports(path, dpid, NULL, 0);
    ports = xcalloc(*n + 1, sizeof *ports);
    topo_path_ports(path, dpid, ports, *n);
    return ports;
}

/* Merges the ports of the current and the previous snapshot (both sorted
 * by number) into c->ports. A port missing from one snapshot is blocked
 * there. */
static void
collect_ports(struct ctx *c)
{
    const struct fabric_view *view = c->view;
    struct topo_path_port *now, *old;
    size_t n_now, n_old, i = 0, j = 0;

    now = get_ports(view->path, c->dpid, &n_now);
    old = view->prev_path ? get_ports(view->prev_path, c->dpid, &n_old)
                          : NULL;
    if (!old) {
        n_old = 0;
    }
    c->ports = xcalloc(n_now + n_old + 1, sizeof *c->ports);
    c->n_ports = 0;
    while (i < n_now || j < n_old) {
        struct cport *cp = &c->ports[c->n_ports++];

        if (j >= n_old || (i < n_now && now[i].port_no < old[j].port_no)) {
            cp->port_no = now[i].port_no;
            cp->role = now[i].role;
            cp->old_role = old ? TOPO_PATH_ROLE_BLOCKED : now[i].role;
            i++;
        } else if (i >= n_now || old[j].port_no < now[i].port_no) {
            cp->port_no = old[j].port_no;
            cp->role = TOPO_PATH_ROLE_BLOCKED;
            cp->old_role = old[j].role;
            j++;
        } else {
            cp->port_no = now[i].port_no;
            cp->role = now[i].role;
            cp->old_role = old[j].role;
            i++;
            j++;
        }
    }
    free(now);
    free(old);
}

/* ---- Fingerprints ---- */

/* One step of the fingerprint hash. */
static uint64_t
fp_mix(uint64_t h, uint64_t v)
{
    h = (h << 27 | h >> 37) ^ v;
    h *= UINT64_C(0x9e3779b97f4a7c15);
    return h ^ h >> 32;
}

/* The part of every switch's fingerprint that is the same for all. */
static uint64_t
fp_global(const struct fabric_view *view)
{
    const struct fabric_options *o = &view->opts;
    uint64_t h = 0x6b756d6f;
    size_t i;

    h = fp_mix(h, o->cookie);
    h = fp_mix(h, (uint64_t) o->app << 48 | (uint64_t) o->idle_timeout << 32
                  | (uint64_t) o->hard_timeout << 16 | o->flow_flags);
    h = fp_mix(h, (uint64_t) o->max_ecmp << 1 | o->backups);
    h = fp_mix(h, view->n_slots);
    for (i = 0; i < view->n_slots; i++) {
        h = fp_mix(h, view->slots[i].dpid);
        h = fp_mix(h, view->slots[i].slot);
    }
    h = fp_mix(h, view->n_hosts);
    for (i = 0; i < view->n_hosts; i++) {
        const struct fabric_host *fh = &view->hosts[i];
        uint64_t mac = 0;
        size_t k;

        for (k = 0; k < 6; k++) {
            mac = mac << 8 | fh->mac.ea[k];
        }
        h = fp_mix(h, mac << 16 | fh->vlan);
        h = fp_mix(h, fh->dpid);
        h = fp_mix(h, fh->port);
    }
    return h;
}

/* Mixes the ports of 'dpid' in 'path' and their roles into 'h'. */
static uint64_t
fp_ports(uint64_t h, const struct topo_path *path, uint64_t dpid)
{
    size_t n, i;
    struct topo_path_port *ports = get_ports(path, dpid, &n);

    h = fp_mix(h, n);
    for (i = 0; i < n; i++) {
        h = fp_mix(h, (uint64_t) ports[i].port_no << 8 | ports[i].role);
    }
    free(ports);
    return h;
}

/* Distance in 'p' between indexes 'a' and 'b', either possibly
 * SIZE_MAX (unknown switch). */
static uint32_t
fp_dist(const struct topo_path *p, size_t a, size_t b)
{
    return a == SIZE_MAX || b == SIZE_MAX ? TOPO_PATH_INFINITY
           : topo_path_distance_at(p, a, b);
}

/* A neighbour's distance 'theirs' relative to ours, 'mine', as the
 * compiler compares them (costs, equal-cost sets, "uphill"): their
 * difference, or a marker for an unreachable side. A change far away
 * that moves both by the same amount moves nothing here. */
static uint64_t
fp_rel(uint32_t theirs, uint32_t mine)
{
    if (theirs == TOPO_PATH_INFINITY || mine == TOPO_PATH_INFINITY) {
        return UINT64_MAX - (theirs == TOPO_PATH_INFINITY)
               - 2 * (mine == TOPO_PATH_INFINITY);
    }
    return (uint64_t) ((int64_t) theirs - (int64_t) mine);
}

uint64_t
fabric_view_fingerprint(struct fabric_view *view, uint64_t dpid)
{
    const struct topo_path *up = view->common_path ? view->common_path
                                                   : view->path;
    /* A final view reads as a transitional one whose previous snapshot is
     * the current one (old roles = roles, common paths = paths), and
     * compiles to the same state: so is it fingerprinted, and a switch
     * that a change does not reach is skipped in both kinds of round. */
    const struct topo_path *pp = view->path;
    const struct topo_path *qp = view->prev_path ? view->prev_path
                                                 : view->path;
    size_t n_up = topo_path_n_switches(up);
    size_t n_links, i, j;
    size_t s_up, s_p, s_q;
    size_t *peer_up, *peer_p, *peer_q;
    struct topo_hop *links;
    uint64_t h;

    if (!view->fp_ready) {
        view->fp_global = fp_global(view);
        view->fp_digests = topo_path_hop_digests(up);
        view->fp_ready = true;
    }
    h = fp_mix(view->fp_global, dpid);
    if (fabric_view_slot(view, dpid) == UINT32_MAX) {
        return fp_mix(h, 0);
    }

    /* Ports and their roles (collect_ports()). */
    h = fp_ports(h, pp, dpid);
    h = fp_ports(h, qp, dpid);

    /* Links (candidates), and the neighbours' distance back to us
     * (topo_path_backup()'s loop-free test). */
    n_links = topo_path_links(up, dpid, NULL, 0);
    links = xcalloc(n_links + 1, sizeof *links);
    topo_path_links(up, dpid, links, n_links);
    peer_up = xcalloc(n_links + 1, sizeof *peer_up);
    s_up = topo_path_index(up, dpid);
    peer_p = xcalloc(n_links + 1, sizeof *peer_p);
    peer_q = xcalloc(n_links + 1, sizeof *peer_q);
    s_p = topo_path_index(pp, dpid);
    s_q = topo_path_index(qp, dpid);
    h = fp_mix(h, n_links);
    for (i = 0; i < n_links; i++) {
        peer_up[i] = topo_path_index(up, links[i].peer_dpid);
        h = fp_mix(h, links[i].port);
        h = fp_mix(h, links[i].peer_dpid);
        h = fp_mix(h, links[i].weight);
        h = fp_mix(h, fp_dist(up, peer_up[i], s_up));
        peer_p[i] = topo_path_index(pp, links[i].peer_dpid);
        peer_q[i] = topo_path_index(qp, links[i].peer_dpid);
    }

    /* Per destination: whether we reach it (table 20, table 30), our
     * neighbours' distances relative to ours (candidate costs, equal-cost
     * sets, backups: the compiler only compares them) and their next-hop
     * digests (backups and detours ask whether they have another way),
     * and for a transitional view the relative distances in both
     * snapshots too (uphill()). Absolute distances are never compared:
     * a failure far away that lengthens every path through a region by
     * the same amount leaves the switches beyond it alone. */
    for (j = 0; j < view->n_slots; j++) {
        uint64_t dst = view->slots[j].dpid;
        size_t d_up = topo_path_index(up, dst);
        size_t d_p = topo_path_index(pp, dst);
        size_t d_q = topo_path_index(qp, dst);
        uint32_t mine_up = fp_dist(up, s_up, d_up);
        uint32_t mine_p = fp_dist(pp, s_p, d_p);
        uint32_t mine_q = fp_dist(qp, s_q, d_q);

        h = fp_mix(h, (uint64_t) (mine_up == TOPO_PATH_INFINITY)
                      | (uint64_t) (mine_p == TOPO_PATH_INFINITY) << 1
                      | (uint64_t) (mine_q == TOPO_PATH_INFINITY) << 2);
        for (i = 0; i < n_links; i++) {
            h = fp_mix(h, fp_rel(fp_dist(up, peer_up[i], d_up), mine_up));
            h = fp_mix(h, peer_up[i] == SIZE_MAX || d_up == SIZE_MAX
                          ? UINT64_MAX
                          : view->fp_digests[peer_up[i] * n_up + d_up]);
            h = fp_mix(h, fp_rel(fp_dist(pp, peer_p[i], d_p), mine_p));
            h = fp_mix(h, fp_rel(fp_dist(qp, peer_q[i], d_q), mine_q));
        }
    }
    free(links);
    free(peer_up);
    free(peer_p);
    free(peer_q);
    return h;
}

bool
fabric_compile_switch(const struct fabric_view *view, uint64_t dpid,
                      struct fabric_state *out)
{
    struct ctx c;

    fabric_state_clear(out);
    if (fabric_view_slot(view, dpid) == UINT32_MAX) {
        return false;
    }
    memset(&c, 0, sizeof c);
    c.view = view;
    c.dpid = dpid;
    c.out = out;
    c.upath = view->common_path ? view->common_path : view->path;
    collect_ports(&c);
    c.n_links = topo_path_links(c.upath, dpid, NULL, 0);
    c.links = xcalloc(c.n_links + 1, sizeof *c.links);
    topo_path_links(c.upath, dpid, c.links, c.n_links);

    compile_classify(&c);
    compile_policy(&c);
    compile_l2(&c);
    compile_path(&c);

    free(c.ports);
    free(c.links);
    return true;
}
