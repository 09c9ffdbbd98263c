/* topo-path: forwarding decisions over a topo_graph snapshot: weighted
 * shortest paths (Dijkstra with a binary heap from every switch), next hops
 * and equal-cost next hops per destination switch (for ECMP select groups),
 * a precomputed backup next hop (for fast-failover groups) and a loop-free
 * flooding tree.
 *
 * A topo_path is an immutable snapshot: compute it from the graph, and
 * compute a new one when topo_graph_change_seq() moves on. Memory is
 * O(switches^2) for the distance matrix plus O(links).
 *
 * Backup rule (loop-free alternate): for switch S, destination D and primary
 * next hop over link L = (S, p) -> V, the backup is the neighbour U, reached
 * over a port other than p, that satisfies
 *         dist(U, D) < dist(U, S) + dist(S, D),
 * i.e. no shortest path from U to D passes through S. Then whatever U does
 * with the packet (its primary or any ECMP next hop, programmed before the
 * failure) never brings it back to S, so it never reaches the failed link
 * L either. Among valid neighbours the lowest weight(S,U) + dist(U, D) wins,
 * then the lowest port. When no neighbour qualifies (e.g. a ring switch
 * whose destination is its direct neighbour: the other way round passes
 * back through S at equal cost) there is no backup and the controller's
 * recomputation repairs the path.
 *
 * Flooding tree: a minimum spanning forest (Kruskal) over the usable links,
 * ties broken by (a_dpid, a_port, b_dpid, b_port), so every run over the
 * same graph yields the same tree. A switch floods a packet on its tree
 * ports and its edge ports (edge and designated shared-segment ports),
 * never on the in_port; a packet that arrives on a fabric port not in the
 * tree, or on a blocked/unidirectional port, is not flooded at all. That
 * keeps flooding loop-free even while tables are being updated.
 *
 * Pure: no clock, no I/O; a snapshot may be read from several threads. */
#ifndef KUMO_TOPO_PATH_H
#define KUMO_TOPO_PATH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct topo_graph;

/* Distance of an unreachable switch. */
#define TOPO_PATH_INFINITY UINT32_MAX

/* One forwarding step: out of 'port' to ('peer_dpid', 'peer_port'). */
struct topo_hop {
    uint64_t dpid;              /* Switch that forwards. */
    uint32_t port;              /* Its output port. */
    uint64_t peer_dpid;         /* Next switch. */
    uint32_t peer_port;         /* Port the packet arrives on there. */
    uint32_t weight;            /* Link weight. */
};

struct topo_path;

/* Computes paths, backups and the flooding tree for 'g' (borrowed for the
 * call only). Returns a new snapshot: free with topo_path_destroy(). */
struct topo_path *topo_path_compute(const struct topo_graph *g);

/* Like topo_path_compute(), over only the usable links of 'g' that
 * 'other' (a snapshot of an earlier state of the graph) had too: the
 * paths that are valid both before and after a change. Port roles and
 * the flooding tree are those of the common links. */
struct topo_path *topo_path_compute_common(const struct topo_graph *g,
                                           const struct topo_path *other);

/* Frees 'p'. Accepts NULL. */
void topo_path_destroy(struct topo_path *p);

/* Number of switches of 'p'. They have indexes 0..n-1 in dpid order. */
size_t topo_path_n_switches(const struct topo_path *p);

/* Returns the index of switch 'dpid' in 'p', or SIZE_MAX if unknown. */
size_t topo_path_index(const struct topo_path *p, uint64_t dpid);

/* Returns the distance between the switches with indexes 'src' and 'dst'
 * (both below topo_path_n_switches()): topo_path_distance() in O(1). */
uint32_t topo_path_distance_at(const struct topo_path *p, size_t src,
                               size_t dst);

/* Returns a new array of n x n digests (caller frees; n =
 * topo_path_n_switches()): entry [s * n + d] is a 64-bit hash of
 * whether switch d is reachable from switch s, of how many equal-cost
 * next hops s has towards d (0, 1, 2, or 3 for "3 or more"), and, when
 * there are at most 2, of their dpids in port order (not of the distance:
 * a consumer that needs it mixes it in, e.g. relative to another's). That is enough to answer "does s
 * have a next hop towards d other than these one or two switches?",
 * which is what a neighbour's compiler asks of s (fabric-compile's
 * backups and detours), without moving when a third or later next hop
 * comes or goes. Digests name switches by dpid, so they compare across
 * snapshots (barring hash collisions). O(n x links). */
uint64_t *topo_path_hop_digests(const struct topo_path *p);

/* The graph's change_seq when 'p' was computed. */
uint64_t topo_path_seq(const struct topo_path *p);

/* Returns the distance from 'src' to 'dst', TOPO_PATH_INFINITY if there is
 * no path or either switch is unknown (0 from a switch to itself). */
uint32_t topo_path_distance(const struct topo_path *p, uint64_t src,
                            uint64_t dst);

/* Stores in 'hops' up to 'max' equal-cost next hops from 'src' towards
 * 'dst', sorted by output port. Returns how many exist (may exceed 'max');
 * 0 if 'dst' is unreachable or is 'src'. */
size_t topo_path_next_hops(const struct topo_path *p, uint64_t src,
                           uint64_t dst, struct topo_hop *hops, size_t max);

/* Stores in '*hop' the primary next hop from 'src' to 'dst' (the lowest
 * port among the equal-cost ones). Returns false if there is none. */
bool topo_path_next_hop(const struct topo_path *p, uint64_t src,
                        uint64_t dst, struct topo_hop *hop);

/* Stores in '*hop' the backup next hop from 'src' to 'dst' per the rule in
 * the file comment. Returns false if there is none. */
bool topo_path_backup(const struct topo_path *p, uint64_t src, uint64_t dst,
                      struct topo_hop *hop);

/* Stores in 'hops' up to 'max' hops of the primary path from 'src' to
 * 'dst'. Returns the path's number of hops (0 if none or src == dst). */
size_t topo_path_route(const struct topo_path *p, uint64_t src, uint64_t dst,
                       struct topo_hop *hops, size_t max);

/* Stores in 'ports' up to 'max' ports on which switch 'dpid' floods a
 * packet received on 'in_port' (or injected by the controller, when
 * 'in_port' is OFPP_CONTROLLER or another non-physical port), sorted.
 * Returns how many there are (may exceed 'max'). */
size_t topo_path_flood_ports(const struct topo_path *p, uint64_t dpid,
                             uint32_t in_port, uint32_t *ports, size_t max);

/* True if (dpid, port) is one end of a flooding-tree link. */
bool topo_path_is_tree_port(const struct topo_path *p, uint64_t dpid,
                            uint32_t port);

/* Number of links in the flooding tree (forest). */
size_t topo_path_n_tree_links(const struct topo_path *p);

/* A port's flooding role in a snapshot. */
enum topo_path_role {
    TOPO_PATH_ROLE_BLOCKED,     /* Down, unidirectional, blocked segment. */
    TOPO_PATH_ROLE_NONTREE,     /* Usable fabric port outside the tree. */
    TOPO_PATH_ROLE_TREE,        /* Flooding-tree port. */
    TOPO_PATH_ROLE_EDGE,        /* Edge or designated shared port. */
};

/* One physical port of a switch and its role. */
struct topo_path_port {
    uint32_t port_no;
    enum topo_path_role role;
};

/* Stores in 'ports' up to 'max' physical ports of switch 'dpid' (every
 * port the graph had, sorted by number) with their roles. Returns how many
 * there are (may exceed 'max'); 0 for an unknown switch. */
size_t topo_path_ports(const struct topo_path *p, uint64_t dpid,
                       struct topo_path_port *ports, size_t max);

/* Stores in 'hops' up to 'max' usable links of switch 'dpid' as hops
 * (every neighbour over every usable link, sorted by port). Returns how
 * many there are (may exceed 'max'). */
size_t topo_path_links(const struct topo_path *p, uint64_t dpid,
                       struct topo_hop *hops, size_t max);

#endif /* topo-path.h */
