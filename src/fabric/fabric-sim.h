/* fabric-sim: an in-process model of OpenFlow 1.3 switches running the
 * flows and groups of struct fabric_state, cabled together, for testing
 * what a compiled pipeline DOES rather than what bytes it holds ("does a
 * packet from host A reach host B, exactly once, with link L cut?").
 *
 * What is modelled: multiple tables with priorities, matches on any field
 * of struct ofp_match (the packet carries in_port, metadata, eth_dst,
 * eth_src, eth_type and vlan_vid), the instructions apply_actions,
 * write_metadata and goto_table, output (to a port, IN_PORT, CONTROLLER),
 * group (ALL: every bucket; SELECT: every live bucket, see below;
 * FAST_FAILOVER: the first bucket whose watch_port is live), port liveness
 * (a dead port neither sends nor gates a bucket), and the OpenFlow rule
 * that an output to the packet's own in_port is dropped (only IN_PORT
 * sends it back). A packet output on a cabled port enters the peer switch
 * with metadata 0; on an uncabled port it is delivered there (a host).
 *
 * Select groups are explored in EVERY live bucket: a run follows every
 * choice the switch could make, so a unicast packet gives one terminal
 * event per possible path, and a test can demand that all of them arrive.
 *
 * VLAN tags are modelled: push_vlan (the new tag copies the outer VID),
 * pop_vlan and set_field vlan_vid change the packet for the rest of the
 * action list and, in apply_actions, for the following tables; a group
 * bucket works on its own copy; a delivered packet reports its outer VLAN
 * and number of tags.
 *
 * Flow-based tunnels (issue 6) are modelled: a port registered with
 * fabric_sim_add_tunnel() is a tunnel endpoint of one kind (VXLAN, ...)
 * with the local underlay IP of its switch; set_field tun_id / tun_dst
 * change the packet, and a packet output on a tunnel port with tun_dst X
 * enters the switch whose tunnel port of the same kind has IP X, on that
 * port, carrying tun_id (tun_src = the sender's IP, tun_dst = X, metadata
 * 0, its VLAN tags unchanged). No such endpoint, or no tun_dst: dropped.
 * Every tunnel arrival is recorded in the result.
 *
 * Not modelled: write_actions/action sets, set-field of fields other than
 * vlan_vid, tun_id, tun_dst and Ethernet addresses (ignored: the packet is
 * not changed), meters, counters, timeouts.
 *
 * Pure; for tests and diagnostics. */
#ifndef KUMO_FABRIC_SIM_H
#define KUMO_FABRIC_SIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct ds;
struct fabric_state;

/* A packet entering a switch. */
struct fabric_sim_packet {
    uint32_t in_port;
    struct eth_addr eth_src;
    struct eth_addr eth_dst;
    uint16_t eth_type;
    uint16_t vlan_vid;          /* OXM style: OFPVID_NONE or
                                 * OFPVID_PRESENT | vid. */
};

enum fabric_sim_event_type {
    FABRIC_SIM_DELIVER,         /* Left on an uncabled port. */
    FABRIC_SIM_CONTROLLER,      /* Output to the controller. */
    FABRIC_SIM_DROP,            /* No flow, drop flow, dead port or group
                                 * without a live bucket, output to
                                 * in_port. */
    FABRIC_SIM_LOOP,            /* Exceeded the hop limit. */
};

/* Where one copy (or one possible path) of the packet ended. */
struct fabric_sim_event {
    enum fabric_sim_event_type type;
    uint64_t dpid;
    uint32_t port;              /* DELIVER: the port; else 0. */
    size_t n_hops;              /* Switch-to-switch hops taken. */
    uint16_t vlan_vid;          /* Outer VLAN as it left (OXM style). */
    size_t n_tags;              /* VLAN tags it carried. */
    uint64_t tun_id;            /* DELIVER: tun_id it carried (0: none). */
};

/* A copy that entered switch 'dpid' from a tunnel. */
struct fabric_sim_tunnel_rx {
    uint64_t dpid;
    uint32_t port;
    uint64_t tun_id;
    uint64_t from_dpid;
};

struct fabric_sim_result {
    struct fabric_sim_event *events;    /* Owned. */
    size_t n_events, allocated_events;
    bool ambiguous;             /* Two flows of equal priority matched. */
    bool truncated;             /* Too many events: stopped. */
    struct fabric_sim_tunnel_rx *tunnel_rx;     /* Owned. */
    size_t n_tunnel_rx, allocated_tunnel_rx;
};

struct fabric_sim;

/* Creates an empty network. */
struct fabric_sim *fabric_sim_create(void);

/* Frees 'sim' (not the states it borrows). Accepts NULL. */
void fabric_sim_destroy(struct fabric_sim *sim);

/* Makes switch 'dpid' run 'state' (borrowed until replaced or the sim is
 * destroyed). */
void fabric_sim_set_switch(struct fabric_sim *sim, uint64_t dpid,
                           const struct fabric_state *state);

/* Cables (a_dpid, a_port) to (b_dpid, b_port). */
void fabric_sim_cable(struct fabric_sim *sim, uint64_t a_dpid,
                      uint32_t a_port, uint64_t b_dpid, uint32_t b_port);

/* Sets port liveness (ports are live unless set otherwise). */
void fabric_sim_set_port_live(struct fabric_sim *sim, uint64_t dpid,
                              uint32_t port, bool live);

/* Cuts (live = false) or restores the cable at (dpid, port): both ends. */
void fabric_sim_set_link_live(struct fabric_sim *sim, uint64_t dpid,
                              uint32_t port, bool live);

/* Makes (dpid, port) a flow-based tunnel port of kind 'kind' (any
 * number: only ports of the same kind talk) whose switch has underlay
 * address 'ip' (network order). */
void fabric_sim_add_tunnel(struct fabric_sim *sim, uint64_t dpid,
                           uint32_t port, unsigned int kind, be32 ip);

/* Runs 'pkt' into switch 'dpid' and appends where it ends up to 'result'
 * (initialise it with fabric_sim_result_init()). A path longer than
 * 'max_hops' switch-to-switch hops ends in FABRIC_SIM_LOOP. If 'trace' is
 * nonnull, appends a line per step. */
void fabric_sim_run(const struct fabric_sim *sim, uint64_t dpid,
                    const struct fabric_sim_packet *pkt, size_t max_hops,
                    struct fabric_sim_result *result, struct ds *trace);

/* Makes 'result' empty (init), empties it keeping its memory (clear), or
 * frees what it holds (uninit). */
void fabric_sim_result_init(struct fabric_sim_result *result);
void fabric_sim_result_clear(struct fabric_sim_result *result);
void fabric_sim_result_uninit(struct fabric_sim_result *result);

/* Number of events of 'type' in 'result' (at (dpid, port) for DELIVER if
 * 'dpid' is nonzero). */
size_t fabric_sim_count(const struct fabric_sim_result *result,
                        enum fabric_sim_event_type type, uint64_t dpid,
                        uint32_t port);

/* Number of copies in 'result' that entered switch 'dpid' from a tunnel
 * (all switches if 'dpid' is 0). */
size_t fabric_sim_count_tunnel_rx(const struct fabric_sim_result *result,
                                  uint64_t dpid);

#endif /* fabric-sim.h */
