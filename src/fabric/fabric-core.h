/* fabric-core: the pure "brain" of fabric forwarding. It owns the global
 * state: the topology graph (topo-graph), LLDP discovery (topo-lldp), the
 * host table (topo-host), the current path snapshot (topo-path), and per
 * switch the flows and groups Kumo believes are installed. The fabric
 * thread (fabric.c) feeds it events copied from the workers (switch up and
 * down, port status, packet-ins, table read-back) with the time 'now' as
 * a parameter, calls fabric_core_run() for timers, and sends the OpenFlow
 * messages the core queued per switch (fabric_core_take_output()).
 *
 * What the core does:
 * - discovery: LLDP probes as packet-outs on every live port each
 *   interval (and at once on a port that comes up), LLDP packet-ins to
 *   topo_lldp_rx(); port status and switch up/down update the graph;
 * - hosts: frames from edge ports (ARP, IPv4, IPv6 sources) are learned
 *   in the host table; then the frame is sent on ONCE by packet-out: to
 *   the destination host's edge port if it is known, else to every edge
 *   port of every fabric switch except the one it came from, so one ARP
 *   request reaches every host exactly once;
 * - forwarding: when the graph's or the host table's change counter moves
 *   (rate-limited by 'recompute_ms'), new paths are computed and every
 *   synchronised switch's desired flows/groups are compiled and the
 *   difference to what it has is queued (see fabric_core_run()); a
 *   tenant-model change recompiles only the switches whose tenant inputs
 *   moved, and where only other switches' destinations did, just the
 *   destination entries that changed (counter delta_compiles). A
 *   switch's fabric and tenant entries are kept as two states, never
 *   merged.
 *
 * A switch is synchronised once its actual Kumo flows and groups were
 * read back (fabric_core_readback()); before that nothing but probes and
 * packet-outs is sent to it, so a kumod restart or a reconnect never
 * disturbs installed flows: the first diff is taken against what the
 * switch really has.  The same holds after lost messages: when the
 * shell reports that a switch's send queue dropped some
 * (fabric_core_send_lost()), the switch is read back again and only the
 * difference is sent, so it never drifts from what the core records.
 * Every non-empty diff is followed by a BARRIER_REQUEST; its reply marks
 * the switch's changes confirmed (fabric_core_switch_confirmed(),
 * counters n_unconfirmed).  Output is paced: at most a window of bytes
 * per switch is handed to the shell before a barrier covering it is
 * answered (fabric_core_take_output()), so a big diff never overflows
 * the switch's send queue.
 *
 * Pure: no clock, threads or sockets; not thread-safe (the fabric thread
 * owns it). */
#ifndef KUMO_FABRIC_CORE_H
#define KUMO_FABRIC_CORE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "topo/topo-host.h"
#include "topo/topo-lldp.h"

/* A select group a switch's new state no longer has is deleted this long
 * (ms) after the change, not with it: Open vSwitch may still send a
 * packet into it from a cached datapath flow (fabric-core.c, "Retired
 * select groups"). */
#define FABRIC_CORE_RETIRE_MS 2000

struct topo_graph;
struct topo_host_table;
struct topo_path;
struct fabric_state;
struct vnet_snapshot;

/* Tenant networks (issue 5): how the fabric thread (fabric.c) reads the
 * tenant model; all NULL: no tenant networks. Set by kumod from its vnet
 * db; called on the fabric thread only. */
struct fabric_vnet_source {
    void *aux;
    uint64_t (*seq)(void *aux);         /* Change counter. */
    const struct vnet_snapshot *(*snapshot)(void *aux);  /* New ref. */
    void (*release)(const struct vnet_snapshot *);
};

/* Overlay networks (issue 6): how the fabric thread (fabric.c) reads the
 * hypervisors' facts (fabric-overlay.h); NULL 'seq': no overlay. Set by
 * kumod from its chassis manager; called on the fabric thread only. */
struct fabric_overlay;
struct fabric_overlay_source {
    void *aux;
    uint64_t (*seq)(void *aux);         /* Change counter. */
    struct fabric_overlay *(*get)(void *aux);   /* New finished facts;
                                                 * the caller owns them. */
};

struct fabric_config {
    uint64_t lldp_interval_ms;  /* Probe period (0: 1000). */
    unsigned int lldp_miss_limit;   /* Rounds before a link ages (0: 3). */
    uint64_t secret;            /* LLDP probe key. */
    size_t max_hosts;           /* Host table bound (0: 65536). */
    uint64_t host_idle_ms;      /* Forget hosts silent this long (0:
                                 * only when their port or switch goes
                                 * down). Once a host's flows are in, its
                                 * frames bypass us: activity is then read
                                 * from its source entry's packet count,
                                 * polled every host_idle_ms / 3 (at least
                                 * 1 s) per switch. */
    uint64_t recompute_ms;      /* At most one path recomputation per
                                 * this period (0: 50). */
    uint64_t settle_ms;         /* After a switch is read back, wait this
                                 * long for discovery before the first
                                 * diff (0: 2 LLDP intervals). */
    struct fabric_vnet_source vnet;     /* Tenant networks, if set. */
    struct fabric_overlay_source overlay;   /* Hypervisors, if set. */
};

/* Fills 'cfg' with the defaults. */
void fabric_config_init(struct fabric_config *cfg);

/* One port as the workers report it (OpenFlow 1.3 bits). */
struct fabric_port {
    uint32_t port_no;
    struct eth_addr hw_addr;
    uint32_t config;            /* OFPPC_*. */
    uint32_t state;             /* OFPPS_*. */
    uint32_t curr_speed;        /* kb/s. */
};

/* Counters (monotonic). */
struct fabric_core_stats {
    uint64_t switch_ups, switch_downs, port_status;
    uint64_t stale_events;      /* For a session that has been replaced. */
    uint64_t packet_ins;        /* Every packet-in handled. */
    uint64_t lldp_rx;           /* LLDP packet-ins. */
    uint64_t host_frames;       /* Non-LLDP packet-ins. */
    uint64_t non_edge_frames;   /* ...from a port that is not an edge. */
    uint64_t bad_frames;        /* Shorter than an Ethernet header. */
    uint64_t unicast_outs;      /* Frames sent on to a known host. */
    uint64_t flood_outs;        /* Frames flooded to the edge ports. */
    uint64_t probes_tx;         /* LLDP packet-outs. */
    uint64_t recomputes;        /* Path computations. */
    uint64_t last_recompute_us; /* Duration of the latest one (set by the
                                 * shell, which has a clock). */
    uint64_t compiles;          /* Per-switch compilations. */
    uint64_t compiles_skipped;  /* ...not needed: the switch's inputs had
                                 * not changed since its last one. */
    uint64_t delta_compiles;    /* ...instead of which only the tenant
                                 * destination entries that changed were
                                 * compiled (other switches' ports added,
                                 * removed or moved). */
    uint64_t flow_mods;         /* FLOW_MODs queued by diffs. */
    uint64_t group_mods;        /* GROUP_MODs queued by diffs. */
    uint64_t transitions;       /* Transitional flooding rounds. */
    uint64_t msgs_tx;           /* OpenFlow messages queued. */
    uint64_t readbacks;         /* Switches read back. */
    uint64_t readback_errors;
    uint64_t encode_errors;     /* Messages the codec refused (bug). */
    uint64_t host_polls;        /* Host activity polls sent. */
    uint64_t host_refreshes;    /* Hosts found active by a poll. */
    uint64_t poll_errors;       /* Poll replies that did not decode. */
    uint64_t sends_lost;        /* Reports that a switch's send queue
                                 * dropped messages (acted upon). */
    uint64_t resyncs;           /* Read-backs asked for to resynchronise
                                 * a switch after lost messages. */
    uint64_t diff_barriers;     /* BARRIER_REQUESTs after a non-empty
                                 * diff. */
    uint64_t diff_confirms;     /* ...whose reply came (every mod before
                                 * it processed by the switch). */
};

/* Everything "counters" shows, copied at one moment (so the fabric thread
 * can publish it for other threads to read without waiting for it). */
struct fabric_counters {
    struct fabric_core_stats core;
    struct topo_lldp_stats lldp;
    struct topo_host_stats hosts;
    uint64_t n_switches;        /* Fabric (OpenFlow 1.3) sessions. */
    uint64_t n_synced;          /* ...of which synchronised. */
    uint64_t n_unconfirmed;     /* ...whose last diff's barrier has not
                                 * been answered yet. */
    uint64_t n_resyncing;       /* ...being read back after lost
                                 * messages. */
    uint64_t n_links;           /* Usable bidirectional links. */
    uint64_t n_dlinks;          /* Directed links seen. */
    uint64_t n_hosts;
    uint64_t change_seq;        /* Topology graph's change counter. */
    uint64_t host_seq;          /* Host table's change counter. */
};

struct fabric_core;

/* Creates the core with 'cfg' (copied). */
struct fabric_core *fabric_core_create(const struct fabric_config *cfg);
/* Frees 'fc'. Accepts NULL. */
void fabric_core_destroy(struct fabric_core *fc);

/* Switch 'dpid' finished its handshake as session 'session' (unique per
 * connection), with 'n_ports' ports (borrowed). A newer session replaces
 * an older one of the same dpid. */
void fabric_core_switch_up(struct fabric_core *fc, uint64_t dpid,
                           uint64_t session, const struct fabric_port *ports,
                           size_t n_ports, uint64_t now);

/* Session 'session' of switch 'dpid' went away; ignored if a newer session
 * has taken over. */
void fabric_core_switch_down(struct fabric_core *fc, uint64_t dpid,
                             uint64_t session, uint64_t now);

/* Port status: 'reason' is OFPPR_ADD, _DELETE or _MODIFY. */
void fabric_core_port_status(struct fabric_core *fc, uint64_t dpid,
                             uint64_t session, uint8_t reason,
                             const struct fabric_port *port, uint64_t now);

/* A packet-in of switch 'dpid' on 'in_port': 'frame'/'size' (borrowed). */
void fabric_core_packet_in(struct fabric_core *fc, uint64_t dpid,
                           uint64_t session, uint32_t in_port,
                           const void *frame, size_t size, uint64_t now);

/* The read-back of session 'session': 'error' is 0 and 'flows'/'groups'
 * are the reassembled FLOW and GROUP_DESC multipart reply bodies
 * (borrowed), or 'error' says why there are none (the switch is then
 * treated as having no Kumo flows). */
void fabric_core_readback(struct fabric_core *fc, uint64_t dpid,
                          uint64_t session, int error, const void *flows,
                          size_t flows_size, const void *groups,
                          size_t groups_size, uint64_t now);

/* The FLOW multipart reply body 'body'/'size' (borrowed) that session
 * 'session' of 'dpid' sent for request 'xid' (a host activity poll;
 * others are ignored). */
void fabric_core_flow_stats(struct fabric_core *fc, uint64_t dpid,
                            uint64_t session, uint32_t xid, const void *body,
                            size_t size, uint64_t now);

/* A BARRIER_REPLY with 'xid' from session 'session' of 'dpid' (the
 * transitional round of a tree change waits for them; every non-empty
 * diff is followed by one, and its reply marks the diff confirmed). */
void fabric_core_barrier_reply(struct fabric_core *fc, uint64_t dpid,
                               uint64_t session, uint32_t xid);

/* Session 'session' of 'dpid' lost messages: its send queue dropped some
 * (the shell learns it from the switch's tx_drops), so what the core
 * records as installed may not be what the switch has.  The core stops
 * sending it anything but packet-outs, forgets its installed state and
 * asks for a new read-back (fabric_core_take_readbacks()); when that
 * arrives the switch is synchronised again like after switch up: only the
 * difference between what it has and what it should have is sent.
 * Ignored while a read-back of the session is outstanding (it is queued
 * behind every message sent before, so it sees their loss). */
void fabric_core_send_lost(struct fabric_core *fc, uint64_t dpid,
                           uint64_t session, uint64_t now);

/* Calls 'cb(dpid, session, aux)' once for each switch whose read-back the
 * core wants now (after fabric_core_send_lost(), or again after a failed
 * one).  The shell must ask the switch's worker for it after sending the
 * output taken before (so the request follows every message sent), and
 * deliver it with fabric_core_readback(). */
void fabric_core_take_readbacks(struct fabric_core *fc, uint64_t now,
                                void (*cb)(uint64_t dpid, uint64_t session,
                                           void *aux),
                                void *aux);

/* True if switch 'dpid''s last non-empty diff was confirmed by a barrier
 * (or it had none); false while one is on its way or if unknown. */
bool fabric_core_switch_confirmed(const struct fabric_core *fc,
                                  uint64_t dpid);

/* Tenant networks: from now on, compile the model 'snap' (borrowed until
 * the next call or fabric_core_destroy(); NULL: an empty model) into every
 * switch next to the fabric's own flows (fabric-tenant.h), and keep
 * untenanted frames the core sends on (packet-outs) off tenant ports.
 * Until the first call the core has no tenant part at all. */
void fabric_core_set_vnet(struct fabric_core *fc,
                          const struct vnet_snapshot *snap);

/* Overlay networks: from now on, compile the hypervisors' facts 'ov'
 * (owned by the core from now on; NULL: none) with the tenant model: VIF
 * bindings, SSP attachments and the br-int pipeline (fabric-tenant.h). */
void fabric_core_set_overlay(struct fabric_core *fc,
                             struct fabric_overlay *ov);

/* Does the periodic work due at 'now': LLDP probes and link aging, host
 * aging, and, when the topology or the hosts changed and 'recompute_ms'
 * has passed since the last time, a synchronisation round: new paths,
 * then each ready switch's desired state compiled from a frozen copy of
 * the graph and the difference queued. A round is spread over several
 * calls (a bounded number of flows per call; fabric_core_next_wake() is
 * then "now"), so events keep being handled on big fabrics. Returns true
 * when a round finished in this call. */
bool fabric_core_run(struct fabric_core *fc, uint64_t now);

/* Tells the core that the round fabric_core_run() reported finished took
 * 'us' microseconds in all: rounds are then spaced by at least
 * twice that (at least 'recompute_ms', at most 5 s), so a burst of changes
 * on a big fabric (discovery of thousands of links) costs a bounded share
 * of the fabric thread. */
void fabric_core_note_duration(struct fabric_core *fc, uint64_t us);

/* True while a round is in progress (fabric_core_run() has started one
 * and not finished it): the caller times only the calls made then, and
 * the call that starts or finishes one, for fabric_core_note_duration(). */
bool fabric_core_round_active(const struct fabric_core *fc);

/* Returns when fabric_core_run() next has work. */
uint64_t fabric_core_next_wake(const struct fabric_core *fc);

/* Calls 'cb(dpid, msgs, aux)' for every switch with queued messages, at
 * most a window's worth per switch (the rest is handed out after the
 * pacing barrier that follows is answered);
 * 'msgs' holds them back to back and may be consumed (cleared) by 'cb';
 * it is cleared after the call either way. */
void fabric_core_take_output(struct fabric_core *fc,
                             void (*cb)(uint64_t dpid, struct buf *msgs,
                                        void *aux),
                             void *aux);

/* Read-only access for views (valid until the core next changes). */
const struct topo_graph *fabric_core_graph(const struct fabric_core *fc);
const struct topo_host_table *fabric_core_hosts(const struct fabric_core *fc);
/* The current path snapshot; computed now if the graph moved since. */
const struct topo_path *fabric_core_paths(struct fabric_core *fc);
/* The latest path snapshot, possibly older than the graph (computed now
 * only if there is none): cheap, for views polled during discovery. */
const struct topo_path *fabric_core_last_paths(struct fabric_core *fc);
/* Fills '*c' with the current counters: O(switches + links log links). */
void fabric_core_get_counters(const struct fabric_core *fc,
                              struct fabric_counters *c);
const struct fabric_core_stats *fabric_core_get_stats(
    const struct fabric_core *fc);
struct fabric_core_stats *fabric_core_stats_rw(struct fabric_core *fc);
/* Number of fabric switches (OpenFlow 1.3 sessions known) and how many of
 * them are synchronised. */
size_t fabric_core_n_switches(const struct fabric_core *fc);
size_t fabric_core_n_synced(const struct fabric_core *fc);
/* True if switch 'dpid' is known and synchronised. */
bool fabric_core_switch_synced(const struct fabric_core *fc, uint64_t dpid);
/* The flows and groups switch 'dpid' has as far as the core knows
 * (borrowed until the core changes), or NULL before its read-back. */
const struct fabric_state *fabric_core_switch_state(
    const struct fabric_core *fc, uint64_t dpid);

#endif /* fabric-core.h */
