/* bench-topo: the topologies of kumo-bench's topology mode, pure.
 *
 * A topology is a set of emulated switches (switch 's', 0-based, has
 * datapath id s + 1, as in bench-frame.h) whose ports 1..n_ports(s) each
 * either lead to a port of another switch (a cable) or carry one emulated
 * host (an edge port). Generators:
 *
 *   fattree:K          K-ary fat-tree (K even, 2..64): (K/2)^2 core, K pods
 *                      of K/2 aggregation and K/2 edge switches, every edge
 *                      switch with K/2 hosts. 5K^2/4 switches, K^3/2 links
 *                      (K=16: 320 switches, 2,048 links, 1,024 hosts).
 *   random:N:D[:SEED]  N switches, a random connected graph with average
 *                      degree D (N*D/2 links rounded, at least N - 1): a
 *                      random spanning tree, then random extra links, no
 *                      parallel links or loops; SEED (default 1) makes it
 *                      reproducible. 'hosts' hosts on every switch.
 *   ring:N, line:N     N switches in a ring (N >= 3) or a line (N >= 2),
 *                      'hosts' hosts on every switch.
 *   leafspine:S:L      S spines, L leaves, every leaf linked to every spine,
 *                      'hosts' hosts on every leaf.
 *
 * Ports are numbered in the order the generator wires them; in a fat-tree
 * an edge switch's ports 1..K/2 go up to the aggregation switches of its
 * pod (port j + 1 to aggregation switch j) and K/2+1..K to hosts; an
 * aggregation switch's ports 1..K/2 go down to the edge switches and
 * K/2+1..K up to the core; core switch c's port p + 1 goes to pod p.
 *
 * The "wire" (bench_topo_wire()) turns a packet-out on switch A into what
 * the cable delivers: an LLDP frame sent out of A's port p arrives, the same
 * bytes, at the peer port q of switch B, unless the link is cut. Only LLDP
 * crosses: other frames would be forwarded by B's flow table, which
 * kumo-bench does not emulate, so they are counted and dropped.
 *
 * No I/O, no clock, no randomness beyond the seeded generator. */
#ifndef KUMO_BENCH_TOPO_H
#define KUMO_BENCH_TOPO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "openflow/openflow-common.h"

#define BENCH_TOPO_NONE UINT32_MAX      /* "No peer switch": a host port. */

/* One end of a cable: switch index and port number. */
struct bench_topo_end {
    uint32_t sw;
    uint32_t port;
};

/* A cable between two switch ports. */
struct bench_topo_link {
    struct bench_topo_end a, b;
};

struct bench_topo {
    char *name;                 /* The spec it was made from (owned). */
    uint32_t n_switches;
    uint32_t *n_ports;          /* Per switch. */
    size_t *port_base;          /* Per switch: index of its port 1 below. */
    size_t n_port_total;
    struct bench_topo_end *peers;   /* [port_base[s] + port - 1]; sw is
                                     * BENCH_TOPO_NONE for a host port. */
    uint32_t *port_link;        /* Same index: link index or NONE. */
    bool *cut;                  /* Per link: cable cut (runtime state). */
    struct bench_topo_link *links;
    size_t n_links;
    struct bench_topo_end *hosts;   /* Host ports, by switch then port. */
    size_t n_hosts;
};

/* Parses topology spec 's' (see above) and generates it into '*t', with
 * 'hosts' hosts per switch where the kind takes that parameter. Returns
 * NULL, or an error string (caller frees) naming what was wrong. */
char *bench_topo_parse(const char *s, uint32_t hosts, struct bench_topo *t);

/* Frees what 't' owns. */
void bench_topo_uninit(struct bench_topo *t);

/* Returns the datapath id of switch 'sw'. */
uint64_t bench_topo_dpid(uint32_t sw);

/* Returns the switch index of datapath id 'dpid', or BENCH_TOPO_NONE. */
uint32_t bench_topo_sw(const struct bench_topo *t, uint64_t dpid);

/* Returns the peer of port 'port' of switch 'sw' (sw = BENCH_TOPO_NONE for
 * a host port or a port that does not exist). */
struct bench_topo_end bench_topo_peer(const struct bench_topo *t, uint32_t sw,
                                      uint32_t port);

/* Returns the index of the link on port 'port' of switch 'sw', or
 * BENCH_TOPO_NONE. */
uint32_t bench_topo_port_link(const struct bench_topo *t, uint32_t sw,
                              uint32_t port);

/* True if the topology without link 'link' is still connected. */
bool bench_topo_connected_without(const struct bench_topo *t, size_t link);

/* splitmix64: returns the next value of the seeded generator whose state
 * is '*state' (small, seedable, good enough to place cables, pick hosts
 * and switches); the same seed, the same sequence. */
uint64_t bench_topo_rng(uint64_t *state);

/* Returns a link whose loss leaves the topology connected, chosen from
 * 'seed' (the same seed, the same link; for a fat-tree, an aggregation-core
 * link of pod 0, which lies on the paths of every host pair that leaves
 * the pod), or BENCH_TOPO_NONE if every link is a bridge. */
uint32_t bench_topo_pick_link(const struct bench_topo *t, uint64_t seed);

/* One frame the wire delivers. */
struct bench_topo_delivery {
    uint32_t sw;                /* Receiving switch. */
    uint32_t port;              /* Its in_port. */
    const void *frame;          /* Borrowed from the packet-out. */
    size_t size;
};

/* What bench_topo_wire() did with the outputs it could not deliver. */
struct bench_topo_wire_stats {
    uint64_t lldp;              /* LLDP frames delivered. */
    uint64_t cut;               /* LLDP on a cut cable: lost. */
    uint64_t to_host;           /* Any frame out of a host port. */
    uint64_t not_lldp;          /* Non-LLDP out of a linked port. */
    uint64_t other;             /* Buffered, flood/all/controller/table
                                 * outputs, bad port numbers. */
};

/* Plays the wire for packet-out 'oh' (whole message, framing checked)
 * received by switch 'sw': stores at most 'max' deliveries in 'out' and
 * returns their number, counting in '*stats'. Returns -1 with '*error'
 * set if 'oh' does not decode as a packet-out. */
int bench_topo_wire(const struct bench_topo *t, uint32_t sw,
                    const struct ofp_header *oh,
                    struct bench_topo_delivery *out, size_t max,
                    struct bench_topo_wire_stats *stats, int *error);

#endif /* bench-topo.h */
