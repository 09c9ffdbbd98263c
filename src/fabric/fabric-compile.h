/* fabric-compile: the pure heart of fabric forwarding. Turns the fabric
 * thread's view of the network (a topo_graph, the topo_path snapshot
 * computed from it, and the topo_host_table) into one switch's desired
 * OpenFlow 1.3 state: flows and groups (a struct fabric_state), which
 * fabric-sync then diffs against what the switch has.
 *
 * The pipeline is documented table by table in docs/pipeline.md. In
 * short:
 *   table 0  classification: LLDP -> controller; frames from an edge port
 *            with a known (in_port, eth_src, vlan) -> table 10; other
 *            edge-port frames -> controller only; frames from fabric
 *            ports -> table 10; anything else (blocked, unidirectional,
 *            unknown ports) dropped.
 *   table 10 ingress policy: empty (table-miss -> table 20), kept for
 *            ACLs and tenant networks.
 *   table 20 L2 lookup: known host on this switch -> output its port;
 *            known host elsewhere -> metadata = destination switch slot,
 *            -> table 30; frames from a fabric port outside the flooding
 *            tree are dropped (never flooded); the rest (broadcast,
 *            multicast, unknown unicast) -> the switch's flood group.
 *   table 30 path: metadata = destination -> that destination's group
 *            (select over equal-cost next hops, or fast-failover primary
 *            + backup); "bounce" entries (in_port, destination) use a
 *            group without the in_port, so a packet a neighbour sent back
 *            on its backup path is never returned to it.
 *
 * Flows per switch: O(hosts + switches x buckets), where buckets <=
 * max_ecmp + 1 (typically 2). Groups: one per distinct way out (the same
 * bucket list serves every destination that uses it), at most 1 +
 * switches x (1 + buckets), typically a few per neighbour.
 *
 * Metadata names the destination switch by a 16-bit "slot" derived from
 * its dpid (a hash, collisions resolved in dpid order); group ids are a
 * hash of their content. Both stay the same across recompilations and
 * kumod restarts.
 *
 * Pure: no I/O, no clock, no globals; a view is read-only once built and
 * may be used for many switches (not concurrently with changes to the
 * graph, paths or hosts it borrows). */
#ifndef KUMO_FABRIC_COMPILE_H
#define KUMO_FABRIC_COMPILE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fabric/fabric-sync.h"
#include "lib/util.h"

struct topo_graph;
struct topo_host_table;
struct topo_path;

/* Tables. Gaps leave room for the tenant-network tables (issue 5). */
enum fabric_table {
    FABRIC_TABLE_CLASSIFY = 0,
    FABRIC_TABLE_POLICY = 10,
    FABRIC_TABLE_L2 = 20,
    FABRIC_TABLE_PATH = 30,
};

/* Priorities, per table. */
enum fabric_priority {
    FABRIC_PRIO_LLDP = 60000,           /* Table 0. */
    FABRIC_PRIO_HOST_SRC = 30000,       /* Table 0: known source. */
    FABRIC_PRIO_PORT = 20000,           /* Table 0: per in_port. */
    FABRIC_PRIO_HOST_DST = 30000,       /* Table 20: known destination. */
    FABRIC_PRIO_NO_FLOOD = 20000,       /* Table 20: non-tree fabric port. */
    FABRIC_PRIO_BOUNCE = 20000,         /* Table 30: in_port + dest. */
    FABRIC_PRIO_DEST = 10000,           /* Table 30: dest. */
    FABRIC_PRIO_MISS = 0,               /* Every table's miss entry. */
};

/* Metadata written by table 20 for table 30: FABRIC_META_DEST | slot, in
 * the bits of FABRIC_META_MASK (the other bits stay free for tenant
 * networks). */
#define FABRIC_META_DEST 0x10000ull
#define FABRIC_META_MASK 0x1ffffull

/* Group id layout (low 24 bits; the high 8 are the app): kind << 20 |
 * a value in bits 19..0: 0 for the flood group, else a hash of the
 * group's buckets. Destinations reached the same way share one group. */
enum fabric_group_kind {
    FABRIC_GROUP_FLOOD = 0,             /* ALL: tree + edge ports. */
    FABRIC_GROUP_SELECT = 1,            /* SELECT: equal-cost next hops. */
    FABRIC_GROUP_FF = 2,                /* FAST_FAILOVER: in order. */
};

#define FABRIC_GROUP_HASH_MASK 0xfffffu

/* Returns the group id of 'kind' for app 'app' with 'value' in the low 20
 * bits. */
static inline uint32_t
fabric_group_id(uint8_t app, enum fabric_group_kind kind, uint32_t value)
{
    return (uint32_t) app << 24 | (uint32_t) kind << 20
           | (value & FABRIC_GROUP_HASH_MASK);
}

/* Compilation options. */
struct fabric_options {
    uint64_t cookie;            /* Every flow's cookie. */
    uint8_t app;                /* High byte of group ids. */
    uint16_t idle_timeout;      /* Proactive flows: 0. */
    uint16_t hard_timeout;      /* 0. */
    uint16_t flow_flags;        /* OFPFF_* for every flow (0). */
    size_t max_ecmp;            /* Buckets of a select group, 1..14. */
    bool backups;               /* Fast-failover backups and bounce
                                 * entries (false: primary paths only). */
};

/* Defaults: cookie FABRIC_COOKIE(FABRIC_APP_FABRIC), app FABRIC_APP_FABRIC,
 * timeouts and flags 0, max_ecmp 8, backups on. */
void fabric_options_init(struct fabric_options *opts);

/* One host as the compiler sees it. */
struct fabric_host {
    struct eth_addr mac;
    uint16_t vlan;              /* 0 = untagged. */
    uint64_t dpid;
    uint32_t port;
};

/* A switch's slot. */
struct fabric_slot {
    uint64_t dpid;
    uint32_t slot;
};

/* What the compiler reads. Build with fabric_view_init(); the members are
 * read-only for callers. */
struct fabric_view {
    const struct topo_graph *graph;     /* Borrowed. */
    const struct topo_path *path;       /* Borrowed; computed from 'graph'. */
    const struct topo_path *prev_path;  /* Borrowed, may be NULL; see
                                         * fabric_view_init(). */
    struct topo_path *common_path;      /* Owned, if 'prev_path': paths over
                                         * the links of both snapshots. */
    struct fabric_options opts;
    struct fabric_host *hosts;          /* Sorted by (dpid, port, mac, vlan);
                                         * owned. */
    size_t n_hosts;
    struct fabric_slot *slots;          /* Owned; one per switch of the
                                         * graph, sorted by dpid. */
    size_t n_slots;

    /* Built by the first fabric_view_fingerprint() call; owned. */
    bool fp_ready;
    uint64_t fp_global;                 /* Options, slots, hosts. */
    uint64_t *fp_digests;               /* topo_path_hop_digests() of the
                                         * unicast paths. */
};

/* Builds 'view' over 'graph', 'path' (computed from 'graph') and the hosts
 * of 'hosts' (copied: the table may change afterwards; 'hosts' may be
 * NULL). 'opts' NULL means defaults. 'graph' and 'path' are borrowed until
 * fabric_view_uninit().
 *
 * 'prev_path', if nonnull, is the snapshot the switches were last compiled
 * from, and the compiler produces a TRANSITIONAL state, safe next to
 * switches still on the previous state and next to switches already on
 * the new one:
 *   - frames are accepted from every port that is an inter-switch port in
 *     either snapshot (so no neighbour's traffic is refused);
 *   - flooding uses only ports with the same flooding role (edge or tree)
 *     in both snapshots, and drops floods from every other inter-switch
 *     port (any mix of old and transitional, or of transitional and new,
 *     floods along a subset of one tree: no loop);
 *   - unicast follows paths over the links both snapshots have
 *     (topo_path_compute_common()), which both kinds of neighbour accept.
 * For a hitless change, install the transitional state on every affected
 * switch, wait for barriers, then install the final state (compiled
 * without prev_path). */
void fabric_view_init(struct fabric_view *view,
                      const struct topo_graph *graph,
                      const struct topo_path *path,
                      const struct topo_path *prev_path,
                      const struct topo_host_table *hosts,
                      const struct fabric_options *opts);

/* Frees what 'view' owns. */
void fabric_view_uninit(struct fabric_view *view);

/* Returns the slot of switch 'dpid' (0..65535), or UINT32_MAX if it is not
 * in the graph. */
uint32_t fabric_view_slot(const struct fabric_view *view, uint64_t dpid);

/* Returns a 64-bit fingerprint of everything fabric_compile_switch()
 * reads to compile switch 'dpid' from 'view': the options, the slots and
 * the hosts; the switch's ports and their roles (now and, for a
 * transitional view, before); its links; and per destination switch its
 * own and its neighbours' distances and whether they have next hops
 * other than one or two given switches (topo_path_hop_digests()), and,
 * for a transitional view, their distances in both snapshots. Two views that
 * give a switch the same fingerprint compile it to the same state
 * (barring a 64-bit hash collision), so a caller that remembers the
 * fingerprint of the state it installed need not recompile, nor diff, a
 * switch whose fingerprint did not move. Fingerprints compare across
 * views, whatever their graphs' other switches, and across final and
 * transitional views (a final view is fingerprinted as a transitional
 * one whose previous snapshot is its own: it compiles the same).
 *
 * The first call on a view builds a table of per-pair digests (O(S x
 * links) time, S^2 x 8 bytes until fabric_view_uninit()); each call then
 * costs O(S x the switch's links). Not thread-safe on one view. */
uint64_t fabric_view_fingerprint(struct fabric_view *view, uint64_t dpid);

/* Replaces the contents of 'out' with the desired flows and groups of
 * switch 'dpid'. Returns false (and leaves 'out' empty) if 'dpid' is not
 * in the view's graph. */
bool fabric_compile_switch(const struct fabric_view *view, uint64_t dpid,
                           struct fabric_state *out);

#endif /* fabric-compile.h */
