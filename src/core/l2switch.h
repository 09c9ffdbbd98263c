/* l2switch: the reactive learning switch, kumod's baseline forwarding app.
 *
 * A PURE core: it takes decoded events (switch up, packet-in, port status)
 * plus 'now' and the per-switch state, and APPENDS the OpenFlow messages to
 * send to a caller's struct buf. It never does I/O and does not allocate
 * per packet-in: the MAC table (l2mac) starts small and only doubles (a few
 * times in a switch's life) until it fits the network. The
 * thin shell in l2switch-app.c wires it to core's app callbacks (app.h) and
 * sends the messages.
 *
 * Behaviour, for OpenFlow 1.0 and 1.3 alike:
 * - switch up (1.3 only): installs a priority-0 table-miss flow that sends
 *   packets to the controller, because 1.3 switches drop misses by default.
 * - packet-in: learns the source MAC on (VLAN, in_port) unless it is a
 *   group address. Destination known on another port: a flow-mod matching
 *   in_port + VLAN + eth_src + eth_dst with output to that port, idle and
 *   hard timeouts from the config, carrying the packet-in's buffer_id so the
 *   switch releases the buffered packet through it; an unbuffered packet is
 *   sent with a packet-out right after. Destination unknown, broadcast or
 *   multicast: packet-out to OFPP_FLOOD (no flow, so the first reply is seen
 *   and learned). Destination on the ingress port: nothing (dropped).
 *   LLDP and other IEEE link-local frames (01:80:c2:00:00:0x) are never
 *   forwarded: bridges must not relay them and topology discovery owns them.
 * - a MAC seen on a new port: the flows towards it are deleted so traffic
 *   follows the move instead of waiting for an idle timeout that the stale
 *   traffic itself keeps refreshing.
 * - port deleted or down: its MACs are forgotten and the flows that output
 *   to it or match it as in_port are deleted.
 *
 * Why match in_port + eth_src + eth_dst (+ VLAN) rather than eth_dst only
 * (what Ryu's simple_switch and POX's l2_learning also do): with eth_dst
 * alone, a new host that talks to a known host never reaches the controller
 * (its packets hit the existing flow), so it is never learned and every
 * packet back to it is flooded; and a host that moves keeps being matched by
 * the old flow. The cost is one flow per (source, destination, ingress)
 * instead of one per destination. */
#ifndef KUMO_CORE_L2SWITCH_H
#define KUMO_CORE_L2SWITCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "openflow/openflow-common.h"

struct app_ops;
struct buf;
struct l2mac;
struct ofp_packet_in;
struct ofp_port_status;
struct ofswitch;
struct eth_addr;

/* The cookie on every flow the learning switch installs; its deletes in
 * 1.3 are restricted to flows with this cookie. */
#define L2SWITCH_COOKIE UINT64_C(0x6b756d6f6c320000)    /* "kumol2\0\0" */

/* Learned flows' priority; the table-miss flow has priority 0. */
#define L2SWITCH_PRIORITY 100

struct l2switch_config {
    uint16_t idle_timeout;      /* Seconds; default 60. */
    uint16_t hard_timeout;      /* Seconds; default 0 (none). */
    uint16_t priority;          /* Default L2SWITCH_PRIORITY. */
    size_t initial_macs;        /* MAC table's initial room; default 64. */
    size_t max_macs;            /* MAC table's maximum; default 8192. */
    int64_t mac_max_age_ms;     /* Forget a MAC not seen for this long;
                                 * default 300 000 (5 min). */
    uint16_t miss_max_len;      /* Table-miss output max_len; default
                                 * OFPCML_NO_BUFFER (whole packet). */
    uint64_t dpid;              /* Names the switch in log messages;
                                 * default 0. */
};

/* What the learning switch did (all monotonically increasing). */
struct l2switch_stats {
    uint64_t packet_ins;        /* Handled. */
    uint64_t flows_added;       /* Flow-mods that install a path. */
    uint64_t flows_deleted;     /* Delete flow-mods (moves, port down). */
    uint64_t unicasts;          /* Packet-outs to a known port. */
    uint64_t floods;            /* Packet-outs to OFPP_FLOOD. */
    uint64_t same_port_drops;   /* Destination on the ingress port. */
    uint64_t bad_packets;       /* Too short to hold an Ethernet header. */
    uint64_t bad_sources;       /* Group source address: dropped. */
    uint64_t link_local;        /* LLDP / 802.1D link-local: not
                                 * forwarded. */
    uint64_t encode_errors;     /* Messages the codec refused (a bug). */
};

/* Sets 'cfg' to the defaults above. */
void l2switch_config_init(struct l2switch_config *cfg);

struct l2switch;

/* Creates the learning-switch state for one switch speaking 'version'
 * (OFP10_VERSION or OFP13_VERSION), configured by 'cfg' (copied). Counters
 * go to 'stats' if not NULL (borrowed; must outlive the switch; may be
 * shared by switches of one thread, and is updated with relaxed atomic
 * stores so other threads may read it), else to the switch's own. Returns
 * the state (caller owns; l2switch_destroy() frees). */
struct l2switch *l2switch_create(const struct l2switch_config *cfg,
                                 enum ofp_version version,
                                 struct l2switch_stats *stats);
/* Frees 'sw'. Accepts NULL. */
void l2switch_destroy(struct l2switch *sw);

/* The switch finished its handshake: appends the initial flows (the
 * priority-0 table-miss flow that sends to the controller, for OpenFlow 1.0
 * too: a 1.0 switch's built-in miss behaviour may be configured not to send)
 * to 'out'. Returns 0 or an encoding error. */
enum ofperr l2switch_switch_up(struct l2switch *sw, struct buf *out);

/* Handles 'pin' (borrowed) at 'now' (ms): learns, decides, and appends the
 * flow-mod and/or packet-out to 'out' (possibly nothing). Allocates nothing
 * unless 'out' must grow. Returns 0 or an encoding error (then 'out' holds
 * the messages completed before it). */
enum ofperr l2switch_packet_in(struct l2switch *sw,
                               const struct ofp_packet_in *pin, int64_t now,
                               struct buf *out);

/* Handles a port-status message 'ps' (borrowed): if the port was deleted
 * or is down (link or administratively), forgets its MACs and appends the
 * deletes of flows through it to 'out'. Returns 0 or an encoding error. */
enum ofperr l2switch_port_status(struct l2switch *sw,
                                 const struct ofp_port_status *ps,
                                 int64_t now, struct buf *out);

/* Periodic work at 'now': reclaims aged MAC entries. */
void l2switch_run(struct l2switch *sw, int64_t now);

/* Returns the counters (borrowed). */
const struct l2switch_stats *l2switch_get_stats(const struct l2switch *sw);
/* Returns the MAC table (borrowed; for inspection). */
const struct l2mac *l2switch_get_macs(const struct l2switch *sw);

/* True if learned flows are built by patching a pre-encoded flow-mod that
 * was verified against the codec (the fast path), false if every one is
 * encoded from scratch. For tests and diagnostics. */
bool l2switch_uses_template(const struct l2switch *sw);

/* ---- The app shell (l2switch-app.c) ---- */

/* The learning switch's callbacks for core_app_register(). */
const struct app_ops *l2switch_app(void);
/* Sets the flow timeouts used for switches that connect afterwards. */
void l2switch_set_timeouts(uint16_t idle, uint16_t hard);
/* Sets the whole configuration used for switches that connect afterwards
 * ('cfg' is copied). Call before the workers start. */
void l2switch_set_config(const struct l2switch_config *cfg);
/* Calls 'cb' for every MAC the learning switch knows on switch 'sw' at
 * 'now', newest first (see l2mac_for_each()). Returns false if the
 * learning switch has no state for 'sw'. Only on 'sw''s owning worker
 * (e.g. from a core_switch_call() function). */
bool l2switch_app_for_each_mac(struct ofswitch *sw, int64_t now,
                               void (*cb)(const struct eth_addr *mac,
                                          uint16_t vlan, uint32_t port,
                                          int64_t age_ms, void *aux),
                               void *aux);
/* Sums the counters of every learning-switch instance into '*total'
 * (approximate while workers run: each counter is read atomically but not
 * all at one instant). Safe from any thread. */
void l2switch_get_total_stats(struct l2switch_stats *total);

#endif /* l2switch.h */
