/* app: the interface between kumod's core (switch connections, worker
 * threads) and the applications that run on it (the reactive learning switch
 * in src/core/l2switch.*, the control socket server in src/core/ctl.*).
 *
 * Threading model
 * ---------------
 * Every switch connection is owned by exactly one worker thread, which runs
 * its own epoll loop. All struct ofswitch functions and all app callbacks
 * run on that owning worker thread and need no locks; per-switch app state
 * (ofswitch_set_app_data) is therefore only ever touched by one thread.
 * The control thread (ctl server) must never touch a struct ofswitch
 * directly: it reads state through core_snapshot_take() and acts on a switch
 * through core_switch_call() / core_switch_request(), which run code on the
 * owning worker and block the caller until it is done.
 *
 * Time
 * ----
 * 'now' is milliseconds on the monotonic clock (core_time_msec()), passed
 * to every callback so that apps stay pure and testable.
 *
 * Wiring (daemon main calls these; the app engineer defines them):
 *   src/core/l2switch.h:
 *     const struct app_ops *l2switch_app(void);
 *         The learning switch's callbacks, registered with core_app_register().
 *     (optional) void l2switch_set_timeouts(uint16_t idle, uint16_t hard);
 *   src/core/ctl.h:
 *     struct ctl_server *ctl_server_start(const char *path, char **errorp);
 *         Creates the directory of 'path' if needed, listens on the unix
 *         socket and serves it from its own thread. Returns NULL and sets
 *         '*errorp' (caller frees) on failure.
 *     void ctl_server_stop(struct ctl_server *);
 *         Stops and joins the thread, unlinks the socket, frees. Accepts NULL.
 *   The ctl server's "shutdown" command calls core_request_shutdown().
 */
#ifndef KUMO_CORE_APP_H
#define KUMO_CORE_APP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"
#include "openflow/openflow-common.h"

struct app_ops;
struct buf;
struct ofp_header;
struct ofp_packet_in;
struct ofp_port_status;
struct ofswitch;

/* Returns the current time in milliseconds on the monotonic clock. */
int64_t core_time_msec(void);
/* Returns the current wall-clock time in milliseconds since the epoch. */
int64_t core_wall_msec(void);

/* ---------------------------------------------------------------------- */
/* A connected, handshaked switch.  Only valid on its owning worker thread,
 * from on_switch_up until on_switch_down returns. */

/* OpenFlow 1.3 controller roles; OF1.0 switches are always EQUAL. */
enum ofswitch_role {
    OFSWITCH_ROLE_EQUAL,
    OFSWITCH_ROLE_MASTER,
    OFSWITCH_ROLE_SLAVE,
};

/* One switch port as learned from the features reply (1.0), the port
 * description multipart reply (1.3) and later port-status messages.
 * Version independent: 1.0 port numbers are widened as in ofp-port.h
 * (0xff00+x -> 0xffffff00+x); speeds in kbps (1.3 only, 0 for 1.0). */
struct ofswitch_port {
    uint32_t port_no;
    struct eth_addr hw_addr;
    char name[OFP_MAX_PORT_NAME_LEN + 1];   /* Always NUL-terminated. */
    uint32_t config;        /* OFPPC_* bits as on the wire for the version. */
    uint32_t state;         /* OFPPS_* bits as on the wire for the version. */
    uint32_t curr, advertised, supported, peer;     /* OFPPF_* bits, 1.3
                                                     * layout (as ofp-port.h). */
    uint32_t curr_speed, max_speed;
};

/* Per-switch counters (all monotonically increasing). */
struct ofswitch_counters {
    uint64_t rx_msgs, tx_msgs;          /* OpenFlow messages. */
    uint64_t rx_bytes, tx_bytes;
    uint64_t packet_ins;                /* Packet-ins received. */
    uint64_t packet_ins_handled;        /* Passed to the app. */
    uint64_t packet_in_drops;           /* Dropped by the rate limit. */
    uint64_t packet_outs;               /* Packet-outs queued for sending. */
    uint64_t packet_out_drops;          /* Dropped: send queue over its cap. */
    uint64_t flow_mods;                 /* Flow-mods queued for sending. */
    uint64_t tx_drops;                  /* Other messages refused (queue full). */
    uint64_t port_status;               /* Port-status messages received. */
    uint64_t errors_rx;                 /* OFPT_ERROR received from switch. */
    uint64_t errors_tx;                 /* OFPT_ERROR sent for bad input. */
    uint64_t echo_requests_tx, echo_replies_rx;
    uint64_t echo_requests_rx;
    uint64_t barriers;                  /* Barrier replies received. */
    uint64_t multipart_replies;         /* Reassembled multipart replies. */
    uint64_t unknown_xid;               /* Replies matching no request. */
    uint64_t send_queue_full;           /* Times the send queue hit its cap. */
    uint64_t send_queue_max;            /* High-water mark, bytes. */
};

uint64_t ofswitch_get_dpid(const struct ofswitch *);
enum ofp_version ofswitch_get_version(const struct ofswitch *);
uint32_t ofswitch_get_n_buffers(const struct ofswitch *);
uint8_t ofswitch_get_n_tables(const struct ofswitch *);
uint32_t ofswitch_get_capabilities(const struct ofswitch *);
/* Returns the number of ports and the port at index 'i' (0 <= i < n),
 * borrowed until the switch's next port-status or the callback returns. */
size_t ofswitch_get_n_ports(const struct ofswitch *);
const struct ofswitch_port *ofswitch_get_port(const struct ofswitch *,
                                              size_t i);
/* Looks up a port by number; returns NULL if unknown. Borrowed, as above. */
const struct ofswitch_port *ofswitch_find_port(const struct ofswitch *,
                                               uint32_t port_no);
/* Peer address as text, e.g. "tcp:198.18.255.1:43210" (borrowed). */
const char *ofswitch_get_remote(const struct ofswitch *);
/* Wall-clock time (ms since the epoch) when the handshake completed. */
int64_t ofswitch_get_connected_since(const struct ofswitch *);
enum ofswitch_role ofswitch_get_role(const struct ofswitch *);
/* Records the role the app negotiated with a role request (1.3). */
void ofswitch_set_role(struct ofswitch *, enum ofswitch_role);
/* The miss_send_len that was sent in SET_CONFIG. */
uint16_t ofswitch_get_miss_send_len(const struct ofswitch *);
/* Borrowed pointer to the switch's counters. */
const struct ofswitch_counters *ofswitch_get_counters(const struct ofswitch *);

/* Per-switch app state slot: NULL until the app sets it (usually in
 * on_switch_up); the app frees it in on_switch_down. */
void *ofswitch_get_app_data(const struct ofswitch *);
void ofswitch_set_app_data(struct ofswitch *, void *);

/* Per-app state slots, one per registered app, so several apps can keep
 * per-switch state side by side: 'app' is the app's registered ops (the
 * same pointer given to core_app_register()).  NULL until set; the app
 * frees its state in its switch_down.  Returns NULL (get) or does nothing
 * (set) for an app that is not registered. */
void *ofswitch_get_app_slot(const struct ofswitch *, const struct app_ops *app);
void ofswitch_set_app_slot(struct ofswitch *, const struct app_ops *app,
                           void *data);

/* Returns a fresh transaction id for a message to this switch. */
uint32_t ofswitch_next_xid(struct ofswitch *);

/* Queues every complete OpenFlow message in 'msg' (one or more, back to
 * back, each with its final length) for sending to the switch, then clears
 * 'msg' (buf_clear): the bytes are consumed, the struct buf and its storage
 * stay the caller's, so a stub buffer can be reused for the next packet-in
 * with no allocation.  Sending is batched: bytes go out at the end of the
 * current loop iteration, one write per switch.
 *
 * The send queue is bounded.  When it is over its cap, packet-outs are
 * dropped (counted in packet_out_drops) and other messages are refused
 * (tx_drops) once the hard cap is reached; a switch that does not read never
 * makes memory grow and never blocks other switches.
 *
 * Returns 0, or ENOBUFS if any message was dropped, or ENOTCONN if the
 * connection is closing. */
int ofswitch_send(struct ofswitch *, struct buf *msg);

/* The result of a tracked request (ofswitch_request). */
struct ofswitch_reply {
    int error;                      /* 0, or ETIMEDOUT, ENOTCONN (switch
                                     * disconnected), or an enum ofperr from
                                     * an OFPT_ERROR the switch sent. */
    const struct ofp_header *msg;   /* The reply (for multipart: the last
                                     * part), or the ERROR, or NULL. */
    const uint8_t *body;            /* Multipart only: every part's body
                                     * (after the multipart header)
                                     * concatenated; else NULL. */
    size_t body_size;
};

/* Called once per tracked request, on the owning worker.  'sw' is NULL if
 * the switch has gone (error ENOTCONN).  'reply' and everything it points
 * to are borrowed for the call. */
typedef void ofswitch_reply_cb(struct ofswitch *sw,
                               const struct ofswitch_reply *reply, void *aux);

/* Sends the single message in 'msg' (its xid is replaced by a fresh one)
 * and calls 'cb' with the reply that carries the same xid: a BARRIER_REPLY,
 * a (reassembled) MULTIPART_REPLY, any other reply, or an ERROR; or with
 * ETIMEDOUT after 'timeout_ms', or ENOTCONN when the switch disconnects.
 * Clears 'msg' like ofswitch_send().  Returns the xid used, or 0 if the
 * message could not be queued (then 'cb' is never called). */
uint32_t ofswitch_request(struct ofswitch *, struct buf *msg,
                          int timeout_ms, ofswitch_reply_cb *cb, void *aux);

/* Sends a BARRIER_REQUEST and calls 'cb' with its reply (see above). */
uint32_t ofswitch_barrier(struct ofswitch *, int timeout_ms,
                          ofswitch_reply_cb *cb, void *aux);

/* ---------------------------------------------------------------------- */
/* Callbacks an app registers.  Every member may be NULL.  All are called on
 * the switch's owning worker thread; borrowed arguments are valid for the
 * call only.  A callback may call ofswitch_send(); it must not free 'sw'. */
struct app_ops {
    const char *name;

    /* The handshake finished (features, port description, set-config). */
    void (*switch_up)(struct ofswitch *sw, int64_t now);

    /* A packet-in within the switch's budget.  'pin' is decoded by
     * ofp_packet_in_decode(); its data points into the receive buffer. */
    void (*packet_in)(struct ofswitch *sw, const struct ofp_packet_in *pin,
                      int64_t now);

    /* A port-status message (the switch's port list is already updated). */
    void (*port_status)(struct ofswitch *sw,
                        const struct ofp_port_status *ps, int64_t now);

    /* A complete multipart (1.0 stats) reply that no ofswitch_request()
     * is waiting for: 'type' is the OFPMP_* subtype (enum ofp_mp_type),
     * 'body' the concatenation of every part's body. */
    void (*multipart_reply)(struct ofswitch *sw, uint32_t xid, int type,
                            const uint8_t *body, size_t body_size,
                            int64_t now);

    /* Any other message core does not consume itself (flow-removed, error
     * not matching a request, experimenter, role reply...). 'type' is an
     * enum ofptype. */
    void (*other_msg)(struct ofswitch *sw, int type,
                      const struct ofp_header *oh, int64_t now);

    /* Called about once a second per switch, for aging and timers. */
    void (*tick)(struct ofswitch *sw, int64_t now);

    /* The connection is going away (closed, dead peer, or replaced by a
     * new session with the same datapath id).  Free the app data here. */
    void (*switch_down)(struct ofswitch *sw, int64_t now);
};

/* Registers 'ops' (borrowed; must stay valid until core_destroy()).  Up to
 * 8 apps may be registered, before the workers start; callbacks are called
 * in registration order.  Returns 0 or ENOSPC. */
int core_app_register(const struct app_ops *ops);

/* ---------------------------------------------------------------------- */
/* For the control thread (never call these from a worker thread). */

/* Runs 'fn(sw, arg)' on the worker that owns the switch with datapath id
 * 'dpid' and blocks until it has returned.  Returns 0, ENOENT if no such
 * switch is connected, or ESHUTDOWN while the daemon stops. */
int core_switch_call(uint64_t dpid,
                     void (*fn)(struct ofswitch *sw, void *arg), void *arg);

/* Queues the complete OpenFlow messages in 'msg' (one or more, back to
 * back, each with its final length; their xids are kept) for sending to
 * switch 'dpid' by its owning worker, and clears 'msg' (the struct buf
 * and its storage stay the caller's).  Does not wait: the bytes are
 * copied into a command for the worker, which sends them with
 * ofswitch_send() at its next loop turn (so the send queue's caps apply
 * there).  Messages queued by one thread to one switch keep their order.
 * For threads other than workers (e.g. the fabric thread).  Returns 0,
 * ENOENT if no switch with 'dpid' is connected, or ESHUTDOWN while the
 * daemon stops; the bytes are dropped on error. */
int core_switch_send(uint64_t dpid, struct buf *msg);

/* A complete reply copied out for the control thread. */
struct core_reply {
    int error;              /* As in struct ofswitch_reply. */
    struct buf *msg;        /* Copy of the reply message (or ERROR), or
                             * NULL. Caller owns. */
    struct buf *body;       /* Multipart: copy of the reassembled body, or
                             * NULL. Caller owns. */
};

/* Sends the message in 'msg' (borrowed; its xid is replaced) to switch
 * 'dpid' as a tracked request and waits up to 'timeout_ms' for the reply.
 * Fills '*reply' (caller frees with core_reply_uninit()).  Returns 0 (then
 * see reply->error too), ENOENT or ESHUTDOWN. */
int core_switch_request(uint64_t dpid, const struct buf *msg, int timeout_ms,
                        struct core_reply *reply);
void core_reply_uninit(struct core_reply *);

/* A point-in-time copy of one switch, for listing. */
struct core_switch_info {
    uint64_t dpid;
    enum ofp_version version;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint32_t capabilities;
    enum ofswitch_role role;
    char remote[64];
    int64_t connected_since;        /* Wall clock, ms since the epoch. */
    int worker;                     /* Index of the owning worker. */
    size_t send_queue_bytes;        /* Currently queued. */
    struct ofswitch_counters counters;
    size_t n_ports;
    struct ofswitch_port *ports;    /* Array of 'n_ports'. */
};

/* Daemon-wide counters (not tied to one switch). */
struct core_global_counters {
    uint64_t accepted;              /* Connections accepted. */
    uint64_t closed;                /* Connections closed. */
    uint64_t handshakes;            /* Handshakes completed. */
    uint64_t handshake_failures;    /* Closed before switch_up. */
    uint64_t hello_failures;        /* No common version. */
    uint64_t tls_failures;          /* TLS handshake / verify errors. */
    uint64_t echo_timeouts;         /* Dead peers detected. */
    uint64_t dpid_replaced;         /* Stale sessions replaced. */
    uint64_t framing_errors;        /* Closed for unrecoverable framing. */
    uint64_t decode_errors;         /* Malformed messages answered. */
};

/* All switches and counters, copied from every worker at one moment
 * (each worker fills its part between two loop iterations; the packet-in
 * path takes no lock). */
struct core_snapshot {
    size_t n_switches;
    struct core_switch_info *switches;  /* Sorted by dpid. */
    struct core_global_counters global;
    struct ofswitch_counters total;     /* Sum over every switch since
                                         * kumod started, connected or
                                         * not (send_queue_max: highest). */
    size_t n_workers;
    size_t n_connections;               /* Including not yet handshaked. */
};

/* Returns a new snapshot (caller frees with core_snapshot_destroy()), or
 * NULL while the daemon is shutting down. */
struct core_snapshot *core_snapshot_take(void);
void core_snapshot_destroy(struct core_snapshot *);   /* Accepts NULL. */
/* Returns the switch with 'dpid' in 'snap' (borrowed), or NULL. */
const struct core_switch_info *
core_snapshot_find(const struct core_snapshot *snap, uint64_t dpid);

/* Asks the daemon to shut down cleanly (as SIGTERM does).  Safe from any
 * thread and from signal handlers. */
void core_request_shutdown(void);

#endif /* app.h */
