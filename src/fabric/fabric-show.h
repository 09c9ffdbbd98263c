/* fabric-show: JSON views of the fabric's state for the control socket
 * ("topology", "path", the "fabric" section of "counters") and the REST
 * API. Pure: reads a fabric_core (on the fabric thread, which owns it) and
 * returns new jansson values; time is a parameter.
 *
 * topology: {"n_switches", "n_links" (usable bidirectional links),
 *   "n_dlinks" (directed), "n_hosts", "change_seq" (graph), "host_seq",
 *   "n_tree_links" and "paths_seq" (the graph seq of the path snapshot
 *   the "tree" flags come from; may lag change_seq), "switches": [{"dpid", "synced", "ports": [{"port",
 *   "state" ("up"/"down"), "kind" (edge, fabric, unidir, shared,
 *   shared-blocked, down)}]}], "links": [{"a_dpid", "a_port", "b_dpid",
 *   "b_port", "state" ("up", "one-way", "shared"), "tree", "age_ms"}],
 *   "hosts": [{"mac", "vlan", "dpid", "port", "ipv4": [...], "ipv6":
 *   [...], "age_sec"}]}.
 *
 * path: {"src": HOST, "dst": HOST, "distance", "hops": [{"dpid",
 *   "in_port", "out_port", "ecmp": [ports], "backup": {"port",
 *   "peer_dpid"} or null}]} where HOST is a "hosts" entry. */
#ifndef KUMO_FABRIC_SHOW_H
#define KUMO_FABRIC_SHOW_H 1

#include <jansson.h>
#include <stdint.h>

struct fabric_core;
struct fabric_counters;

/* Returns the "topology" object (new reference) at 'now'. */
json_t *fabric_show_topology(struct fabric_core *fc, uint64_t now);

/* Returns the "path SRC DST" object for hosts 'src' and 'dst' (each a MAC,
 * an IPv4 or an IPv6 address), or NULL with '*errorp' set (caller frees)
 * naming the argument that is malformed or unknown. */
json_t *fabric_show_path(struct fabric_core *fc, const char *src,
                         const char *dst, uint64_t now, char **errorp);

/* Returns counters 'c' (fabric_core_get_counters()) as the "fabric"
 * section of "counters": {"n_switches", "n_synced", "n_links",
 * "n_dlinks", "n_hosts", "change_seq", "host_seq", and every fabric, LLDP
 * and host-table counter}. */
json_t *fabric_show_counters(const struct fabric_counters *c);

#endif /* fabric-show.h */
