/* topo-host: the host table: MAC (+ VLAN) -> attachment point (dpid, port),
 * learned only on edge ports of a topo_graph (never on inter-switch, unidir
 * or blocked ports, where a host's frames arrive second-hand), with the
 * IPv4/IPv6 addresses seen from it, last-seen time, move detection and
 * aging. Bounded: when full, a new host evicts the least recently seen one
 * (counted).
 *
 * Hosts go away when silent for the idle timeout (topo_host_run()) and at
 * once when their port goes down or their switch leaves
 * (topo_host_port_down(), topo_host_switch_down()).
 *
 * Pure: no clock ('now' in ms is a parameter), no I/O, not thread-safe. */
#ifndef KUMO_TOPO_HOST_H
#define KUMO_TOPO_HOST_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct topo_graph;

#define TOPO_HOST_MAX_ADDRS 4   /* Per family; the oldest is replaced. */

struct topo_host {
    struct eth_addr mac;
    uint16_t vlan;              /* 0 if untagged. */
    uint64_t dpid;              /* Attachment point. */
    uint32_t port;
    uint64_t first_seen;
    uint64_t last_seen;
    be32 ipv4[TOPO_HOST_MAX_ADDRS];
    size_t n_ipv4;
    uint8_t ipv6[TOPO_HOST_MAX_ADDRS][16];
    size_t n_ipv6;
    struct topo_host *next;     /* Hash chain (private). */
};

/* One observation of a host, from a packet-in. */
struct topo_host_obs {
    struct eth_addr mac;        /* Source MAC. */
    uint16_t vlan;
    uint64_t dpid;              /* Where the packet entered. */
    uint32_t port;
    bool has_ipv4;              /* Sender address (ARP or IPv4 source). */
    be32 ipv4;
    bool has_ipv6;              /* IPv6 source or ND target. */
    uint8_t ipv6[16];
};

enum topo_host_result {
    TOPO_HOST_IGNORED,          /* Not an edge port, or not a unicast MAC. */
    TOPO_HOST_REFRESHED,        /* Known host, same place. */
    TOPO_HOST_NEW,
    TOPO_HOST_MOVED,            /* Known host, new attachment point. */
};

/* What topo_host_learn() did; on TOPO_HOST_MOVED the old_* fields say
 * where the host was. */
struct topo_host_event {
    enum topo_host_result result;
    uint64_t old_dpid;
    uint32_t old_port;
    uint64_t new_dpid;
    uint32_t new_port;
};

struct topo_host_stats {
    uint64_t learned;
    uint64_t moves;
    uint64_t ignored;
    uint64_t evicted;           /* Pushed out by a full table. */
    uint64_t expired;           /* Silent too long, or port/switch down. */
};

struct topo_host_table;

/* Creates an empty table holding at most 'max_hosts' (at least 1). */
struct topo_host_table *topo_host_create(size_t max_hosts);

/* Frees 't' and its hosts. Accepts NULL. */
void topo_host_destroy(struct topo_host_table *t);

/* Learns from 'obs' at 'now', if (obs->dpid, obs->port) is an edge port of
 * 'g'. Fills '*ev' (if nonnull) and returns what happened. */
enum topo_host_result topo_host_learn(struct topo_host_table *t,
                                      const struct topo_graph *g,
                                      const struct topo_host_obs *obs,
                                      uint64_t now,
                                      struct topo_host_event *ev);

/* Returns the host with 'mac' on 'vlan' (borrowed until the table
 * changes), or NULL. */
const struct topo_host *topo_host_find(const struct topo_host_table *t,
                                       const struct eth_addr *mac,
                                       uint16_t vlan);

/* Returns the most recently seen host that used IPv4 'ip' (borrowed), or
 * NULL. Linear in the number of hosts. */
const struct topo_host *topo_host_find_ipv4(const struct topo_host_table *t,
                                            be32 ip);

/* Same for IPv6 address 'ip' (16 bytes). */
const struct topo_host *topo_host_find_ipv6(const struct topo_host_table *t,
                                            const uint8_t ip[16]);

/* Removes hosts silent since before now - idle_ms. Returns how many. */
size_t topo_host_run(struct topo_host_table *t, uint64_t now,
                     uint64_t idle_ms);

/* Removes hosts attached to (dpid, port). Returns how many. */
size_t topo_host_port_down(struct topo_host_table *t, uint64_t dpid,
                           uint32_t port);

/* Removes hosts attached to switch 'dpid'. Returns how many. */
size_t topo_host_switch_down(struct topo_host_table *t, uint64_t dpid);

/* Number of hosts; change counter bumped on every add, move and removal. */
size_t topo_host_count(const struct topo_host_table *t);
uint64_t topo_host_change_seq(const struct topo_host_table *t);

/* Calls 'cb' with every host (no changes to 't' from 'cb'). */
void topo_host_foreach(const struct topo_host_table *t,
                       void (*cb)(const struct topo_host *, void *aux),
                       void *aux);

const struct topo_host_stats *
topo_host_get_stats(const struct topo_host_table *t);

#endif /* topo-host.h */
