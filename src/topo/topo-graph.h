/* topo-graph: the controller's view of the switch fabric: switches, their
 * ports, and the directed links LLDP discovery reports between ports.
 *
 * A link is usable ("up") only when it has been seen in both directions and
 * is not part of a shared (non-OpenFlow) segment; a link seen in one
 * direction only is kept but not used. Every real change bumps a counter,
 * change_seq, which consumers (paths, vnet, the REST API) watch and then
 * pull state through the read-only accessors below.
 *
 * Shared-segment rule: a directed link S->D is "shared" when source port S
 * has live links to more than one destination port, or destination port D
 * hears more than one source port: then S and D sit on a broadcast domain
 * (a legacy switch or hub), not a point-to-point cable. Shared links are
 * never used for paths or the flooding tree. Of the ports on one segment,
 * the lowest (dpid, port) among a port and all its shared peers is the
 * "designated" port and is treated like an edge port (hosts on the legacy
 * segment are learned and flooded to there); the others are blocked, so the
 * segment is reached through exactly one OpenFlow port and cannot close a
 * loop.
 *
 * Pure: no clock (times are 'now' parameters), no I/O, not thread-safe. */
#ifndef KUMO_TOPO_GRAPH_H
#define KUMO_TOPO_GRAPH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

/* Reference bandwidth for speed-derived weights: 100 Gb/s, in kb/s (the
 * unit of OpenFlow's curr_speed). */
#define TOPO_GRAPH_REF_SPEED_KBPS 100000000u

/* Ports at or above this number (OFPP_MAX) are not physical ports. */
#define TOPO_GRAPH_PORT_MAX 0xffffff00u

enum topo_graph_weight_mode {
    TOPO_WEIGHT_HOPS,       /* Every link weighs 1. */
    TOPO_WEIGHT_SPEED,      /* REF_SPEED / min(port speeds), at least 1. */
};

struct topo_port {
    uint32_t port_no;
    struct eth_addr hw_addr;
    bool live;                  /* Link up and port not administratively down. */
    uint32_t speed_kbps;        /* 0 if unknown. */
    uint32_t n_dlinks;          /* Directed links from or to this port
                                 * (maintained by the graph). */
    uint32_t n_out;             /* ...of which leave it, */
    uint32_t n_in;              /* ...and arrive at it. */
};

struct topo_switch {
    uint64_t dpid;
    struct topo_port *ports;    /* Sorted by port_no. */
    size_t n_ports;
    size_t allocated_ports;
};

/* One direction of a link: LLDP sent from src was received on dst. */
struct topo_dlink {
    uint64_t src_dpid;
    uint32_t src_port;
    uint64_t dst_dpid;
    uint32_t dst_port;
    uint64_t last_seen;         /* 'now' of the latest sighting, in ms. */
    bool shared;                /* On a shared segment (see above). */
};

/* A usable bidirectional link, canonical: (a_dpid, a_port) < (b_dpid,
 * b_port). */
struct topo_link {
    uint64_t a_dpid;
    uint32_t a_port;
    uint64_t b_dpid;
    uint32_t b_port;
    uint32_t weight;
};

/* What a port is, for forwarding purposes. */
enum topo_port_kind {
    TOPO_PORT_UNKNOWN,          /* No such switch or port. */
    TOPO_PORT_DOWN,             /* Port not live. */
    TOPO_PORT_EDGE,             /* No link seen: hosts live here. */
    TOPO_PORT_FABRIC,           /* Bidirectional link to another switch. */
    TOPO_PORT_UNIDIR,           /* Link seen in one direction only. */
    TOPO_PORT_SHARED,           /* Designated port of a shared segment. */
    TOPO_PORT_SHARED_BLOCKED,   /* Other port of a shared segment. */
};

struct topo_graph;

/* Creates an empty graph weighing links per 'mode'. Free with
 * topo_graph_destroy(). */
struct topo_graph *topo_graph_create(enum topo_graph_weight_mode mode);

/* Frees 'g' and everything in it. Accepts NULL. */
void topo_graph_destroy(struct topo_graph *g);

/* Returns the change counter: it increases on every change that can affect
 * paths, flooding or host learning (switch, port, link or flag changes),
 * and not on mere link refreshes. */
uint64_t topo_graph_change_seq(const struct topo_graph *g);

/* Returns the loss counter: it increases on every change that can take
 * something usable away (a switch, port or link removed, a port going
 * down, a link turning shared), never on additions. A consumer that sees
 * change_seq move but not loss_seq knows the graph only grew (discovery,
 * a link coming back): old paths still work, so it may wait for the
 * graph to settle before acting. */
uint64_t topo_graph_loss_seq(const struct topo_graph *g);

/* Returns how many directed links have no reverse (seen one way only):
 * while discovery is going on, the other direction of each is usually
 * one LLDP round away. O(1). */
size_t topo_graph_n_oneway(const struct topo_graph *g);

/* Adds switch 'dpid' (no ports). Returns true if it was new. */
bool topo_graph_switch_add(struct topo_graph *g, uint64_t dpid);

/* Removes switch 'dpid' with its ports and every link touching it. Returns
 * true if it existed. */
bool topo_graph_switch_remove(struct topo_graph *g, uint64_t dpid);

/* Adds or updates port 'port_no' of switch 'dpid' (added if missing). A port
 * that is not live loses its links at once. Returns true on a change. */
bool topo_graph_port_set(struct topo_graph *g, uint64_t dpid,
                         uint32_t port_no, const struct eth_addr *hw_addr,
                         bool live, uint32_t speed_kbps);

/* Removes a port and its links. Returns true if it existed. */
bool topo_graph_port_remove(struct topo_graph *g, uint64_t dpid,
                            uint32_t port_no);

/* Records that LLDP sent from (src_dpid, src_port) arrived at (dst_dpid,
 * dst_port) at 'now': adds the directed link or refreshes its last_seen.
 * Both ports must exist and be live, and differ (returns false and changes
 * nothing otherwise). Returns true if the link was accepted. */
bool topo_graph_link_seen(struct topo_graph *g, uint64_t src_dpid,
                          uint32_t src_port, uint64_t dst_dpid,
                          uint32_t dst_port, uint64_t now);

/* Removes the directed link (src -> dst). Returns true if it existed. */
bool topo_graph_link_remove(struct topo_graph *g, uint64_t src_dpid,
                            uint32_t src_port, uint64_t dst_dpid,
                            uint32_t dst_port);

/* Removes every directed link last seen before 'deadline'. Returns how many
 * were removed. */
size_t topo_graph_links_expire(struct topo_graph *g, uint64_t deadline);

/* Read-only access. Indexes are valid until the graph next changes;
 * switches are sorted by dpid, directed links by (src, dst). */
size_t topo_graph_n_switches(const struct topo_graph *g);
const struct topo_switch *topo_graph_switch_at(const struct topo_graph *g,
                                               size_t i);
size_t topo_graph_n_dlinks(const struct topo_graph *g);
const struct topo_dlink *topo_graph_dlink_at(const struct topo_graph *g,
                                             size_t i);

/* Returns switch 'dpid' (borrowed until the graph changes), or NULL. */
const struct topo_switch *topo_graph_switch_find(const struct topo_graph *g,
                                                 uint64_t dpid);

/* Returns port 'port_no' of switch 'dpid' (borrowed), or NULL. */
const struct topo_port *topo_graph_port_find(const struct topo_graph *g,
                                             uint64_t dpid,
                                             uint32_t port_no);

/* Returns the kind of port (dpid, port_no); see enum topo_port_kind. */
enum topo_port_kind topo_graph_port_kind(const struct topo_graph *g,
                                         uint64_t dpid, uint32_t port_no);

/* True if hosts may be learned and broadcasts delivered on this port
 * (TOPO_PORT_EDGE or TOPO_PORT_SHARED). */
bool topo_graph_port_is_edge(const struct topo_graph *g, uint64_t dpid,
                             uint32_t port_no);

/* Stores in '*links' a new array (caller frees) of the usable bidirectional
 * links, each once, sorted canonically, with weights. Returns the count. */
size_t topo_graph_up_links(const struct topo_graph *g,
                           struct topo_link **links);

/* Returns the kind name ("edge", "fabric", ...) for display. */
const char *topo_port_kind_name(enum topo_port_kind kind);

#endif /* topo-graph.h */
