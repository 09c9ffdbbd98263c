/* topo-lldp: the pure core of LLDP link discovery. It decides, as a function
 * of 'now', which probes to send (one LLDP frame per live physical port of
 * every switch in a topo_graph, every probe interval), validates received
 * LLDP and records the directed link it proves in the graph, and ages out
 * links not confirmed for 'miss_limit' intervals. The daemon sends the
 * probes as packet-outs and feeds LLDP packet-ins to topo_lldp_rx();
 * port-status "down" goes to topo_graph_port_set(), which drops that port's
 * links at once.
 *
 * Probe format (built by net_lldp_build()): chassis ID subtype "locally
 * assigned" = "dpid:%016x", port ID subtype "locally assigned" = the port
 * number as 4 bytes big-endian, TTL = miss_limit * interval in seconds, the
 * datapath-id TLV, and the system name "kumo:%016x" carrying a keyed tag of
 * (secret, dpid, port). A frame is ours only if every one of those agrees;
 * anything else is counted as foreign (another controller's, or a replay
 * from a different port) or malformed and ignored. The tag is a keyed mix,
 * not a cryptographic MAC: it separates controllers and catches spoofed or
 * misrouted probes, not a determined attacker who can capture our probes.
 *
 * Pure: no sockets, threads or clock. */
#ifndef KUMO_TOPO_LLDP_H
#define KUMO_TOPO_LLDP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct topo_graph;

struct topo_lldp_config {
    uint64_t interval_ms;       /* Probe period; 0 selects 1000. */
    unsigned int miss_limit;    /* Intervals before a link ages out; 0: 3. */
    uint64_t secret;            /* Per-controller key for the probe tag. */
};

struct topo_lldp_stats {
    uint64_t tx_probes;         /* Probes returned by run/probe_port. */
    uint64_t rx_links;          /* Valid probes that proved a link. */
    uint64_t rx_malformed;      /* Not parseable as LLDP. */
    uint64_t rx_foreign;        /* LLDP, but not ours (format or tag). */
    uint64_t rx_unknown;        /* Ours, but unknown/dead source port. */
    uint64_t rx_bad_in_port;    /* Received on an unknown/dead port, or on
                                 * the very port that sent it. */
    uint64_t links_expired;     /* Directed links aged out. */
};

/* One probe to send: packet-out 'size' bytes at 'ofs' in the frames buffer
 * on ('dpid', 'port'). */
struct topo_lldp_probe {
    uint64_t dpid;
    uint32_t port;
    size_t ofs;
    size_t size;
};

/* A list of probes; 'frames' holds their bytes back to back. */
struct topo_lldp_probes {
    struct buf frames;
    struct topo_lldp_probe *probes;
    size_t n, allocated;
};

/* Outcome of topo_lldp_rx(). */
enum topo_lldp_rx_result {
    TOPO_LLDP_LINK,             /* A link was recorded. */
    TOPO_LLDP_MALFORMED,
    TOPO_LLDP_FOREIGN,
    TOPO_LLDP_UNKNOWN_SOURCE,
    TOPO_LLDP_BAD_IN_PORT,
};

/* A directed link proved by one probe. */
struct topo_lldp_link {
    uint64_t src_dpid;
    uint32_t src_port;
    uint64_t dst_dpid;
    uint32_t dst_port;
    uint64_t seen;              /* 'now' of the reception. */
};

void topo_lldp_probes_init(struct topo_lldp_probes *);
void topo_lldp_probes_clear(struct topo_lldp_probes *);
void topo_lldp_probes_uninit(struct topo_lldp_probes *);

/* Returns a pointer to the bytes of probe 'i' (valid until 'probes'
 * changes). */
const void *topo_lldp_probe_frame(const struct topo_lldp_probes *probes,
                                  size_t i);

struct topo_lldp;

/* Creates a discovery engine with 'cfg' (copied). The first call to
 * topo_lldp_run() probes at once. */
struct topo_lldp *topo_lldp_create(const struct topo_lldp_config *cfg);

/* Frees 'l'. Accepts NULL. */
void topo_lldp_destroy(struct topo_lldp *l);

/* Does the periodic work at 'now' (ms): when a probe round is due, appends
 * a probe for every live physical port of every switch in 'g' to 'probes';
 * removes from 'g' directed links not seen for miss_limit intervals.
 * Returns the number of probes appended. */
size_t topo_lldp_run(struct topo_lldp *l, struct topo_graph *g, uint64_t now,
                     struct topo_lldp_probes *probes);

/* Returns the time at which topo_lldp_run() next has work to do. */
uint64_t topo_lldp_next_wake(const struct topo_lldp *l);

/* Appends a probe for port ('dpid', 'port') to 'probes' now (e.g. when a
 * port comes up, for fast discovery). Returns false if the port is not in
 * 'g' or not live. */
bool topo_lldp_probe_port(struct topo_lldp *l, const struct topo_graph *g,
                          uint64_t dpid, uint32_t port,
                          struct topo_lldp_probes *probes);

/* Handles the frame 'frame'/'size' (borrowed) that switch 'dpid' received
 * on 'in_port' at 'now'. If it is one of our probes from a known live port,
 * records the directed link in 'g', stores it in '*link' (if nonnull) and
 * returns TOPO_LLDP_LINK; otherwise counts and returns why not. */
enum topo_lldp_rx_result topo_lldp_rx(struct topo_lldp *l,
                                      struct topo_graph *g, uint64_t dpid,
                                      uint32_t in_port, const void *frame,
                                      size_t size, uint64_t now,
                                      struct topo_lldp_link *link);

/* Returns the counters (borrowed). */
const struct topo_lldp_stats *topo_lldp_get_stats(const struct topo_lldp *l);

#endif /* topo-lldp.h */
