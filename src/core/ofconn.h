/* ofconn: the OpenFlow connection state machine, pure.
 *
 * One struct ofconn per switch connection.  It knows nothing of sockets,
 * threads or clocks: the caller frames received bytes into messages
 * (ofconn_frame()), feeds each to ofconn_receive() with the current time,
 * calls ofconn_run() for timers, and sends whatever the FSM appended to the
 * 'out' buffer.  Each call reports at most one event (struct ofconn_event)
 * telling the caller what happened: the handshake completed, a packet-in
 * arrived, a tracked request finished, or the connection must close.
 *
 * Handshake: HELLO (version bitmap 1.0 + 1.3) -> negotiate -> FEATURES
 * request/reply -> SET_CONFIG (+ 1.3 PORT_DESC multipart) -> UP.
 * Keepalive: after 'echo_interval_ms' without receiving anything, an echo
 * request; after 'echo_misses' unanswered ones the peer is declared dead.
 * Requests (barriers, multipart, anything with a reply) are tracked by xid
 * with a deadline; multipart replies are reassembled (bounded). */
#ifndef KUMO_CORE_OFCONN_H
#define KUMO_CORE_OFCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/app.h"
#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "openflow/openflow-common.h"

struct ofconn_options {
    uint32_t version_bitmap;        /* Bit N: version N allowed. */
    int echo_interval_ms;           /* Idle time before an echo request. */
    int echo_misses;                /* Unanswered echoes before closing. */
    int handshake_timeout_ms;       /* Hello..UP must finish in this. */
    uint16_t miss_send_len;         /* For SET_CONFIG. */
    size_t max_multipart_bytes;     /* Reassembly cap per reply. */
};

/* Fills 'o' with defaults (1.0 + 1.3, 5 s echo, 3 misses, 10 s handshake,
 * 128 bytes miss_send_len, 16 MB multipart). */
void ofconn_options_init(struct ofconn_options *o);

enum ofconn_state {
    OFCONN_HELLO,           /* Hello sent, waiting for the peer's. */
    OFCONN_FEATURES,        /* Features request sent. */
    OFCONN_PORT_DESC,       /* 1.3: port desc request sent. */
    OFCONN_UP,              /* Handshake done. */
    OFCONN_CLOSED,          /* Fatal error: flush 'out' and close. */
};

enum ofconn_event_type {
    OFCONN_EV_NONE,         /* Nothing for the caller (maybe 'out'). */
    OFCONN_EV_UP,           /* The handshake just completed. */
    OFCONN_EV_PACKET_IN,    /* 'pin' is valid. */
    OFCONN_EV_PORT_STATUS,  /* 'ps' is valid; the port list is updated. */
    OFCONN_EV_REPLY,        /* A tracked request ended: 'cb', 'aux',
                             * 'reply'. */
    OFCONN_EV_MULTIPART,    /* Untracked complete multipart reply: 'xid',
                             * 'mp_type', 'body', 'body_size'. */
    OFCONN_EV_OTHER,        /* Any other message: 'oftype', 'oh'. */
    OFCONN_EV_CLOSE,        /* Close after sending 'out': 'reason'. */
};

/* What one ofconn_receive()/ofconn_run() call produced.  Pointers are
 * borrowed from the message or the ofconn until its next call. */
struct ofconn_event {
    enum ofconn_event_type type;
    struct ofp_packet_in pin;
    struct ofp_port_status ps;
    ofswitch_reply_cb *cb;
    void *aux;
    struct ofswitch_reply reply;
    uint32_t xid;
    int mp_type;                /* enum ofp_mp_type. */
    const uint8_t *body;
    size_t body_size;
    enum ofptype oftype;
    const struct ofp_header *oh;
    const char *reason;         /* Static text, for CLOSE. */
    bool dead_peer;             /* CLOSE because of echo timeout. */
    bool hello_failed;          /* CLOSE because of no common version. */
    bool framing_error;         /* CLOSE because of unrecoverable bytes. */
    bool decode_error;          /* An OFPT_ERROR was sent for bad input. */
};

/* A tracked request. */
struct ofconn_request {
    uint32_t xid;
    int64_t deadline;
    ofswitch_reply_cb *cb;
    void *aux;
    bool multipart;             /* A multipart reply part was seen. */
    struct buf body;            /* Reassembled multipart body. */
};

/* An untracked multipart reply being reassembled. */
struct ofconn_mp {
    uint32_t xid;
    int mp_type;
    bool overflow;              /* Over the cap: discard until the end. */
    struct buf body;
};

struct ofconn {
    struct ofconn_options opts;
    enum ofconn_state state;
    enum ofp_version version;       /* 0 until negotiated. */
    uint32_t next_xid;
    int64_t created;                /* Time of ofconn_init(). */
    int64_t last_rx;                /* Time anything was last received. */
    int n_probes;                   /* Echo requests since last_rx. */
    uint32_t features_xid, port_desc_xid;
    struct ofswitch_counters *counters;     /* Borrowed; may be NULL. */

    /* From the features reply. */
    uint64_t dpid;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint32_t capabilities;

    /* Ports, sorted by port_no. */
    struct ofswitch_port *ports;
    size_t n_ports, allocated_ports;

    struct ofconn_request *requests;
    size_t n_requests, allocated_requests;
    struct ofconn_mp *mps;
    size_t n_mps;
    struct buf done_body;           /* Body of the last finished reply. */
};

/* Initializes 'c' at time 'now' and appends our HELLO to 'out'.
 * 'counters' (borrowed, may be NULL) is updated as messages flow. */
void ofconn_init(struct ofconn *c, const struct ofconn_options *opts,
                 struct ofswitch_counters *counters, int64_t now,
                 struct buf *out);
/* Frees what 'c' owns.  Tracked requests must have been taken with
 * ofconn_take_request() first if their callbacks are to run. */
void ofconn_uninit(struct ofconn *c);

/* Framing: looks at the front of 'data' ('size' bytes).  Returns 0 and
 * sets '*len' if a whole message is there, EAGAIN if more bytes are
 * needed, or EPROTO if the header is unrecoverable (length < 8). */
int ofconn_frame(const uint8_t *data, size_t size, size_t *len);

/* Checks the header of the message at the front of the input as soon as
 * its first 'size' (>= 8) bytes arrived, before waiting for the rest:
 * before the hello only a HELLO with a plausible version is accepted,
 * afterwards only the negotiated version.  Returns true if the message
 * may be received; otherwise an ERROR may be in 'out' and '*ev' is
 * OFCONN_EV_CLOSE. */
bool ofconn_check_header(struct ofconn *c, const struct ofp_header *oh,
                         size_t size, struct buf *out,
                         struct ofconn_event *ev);

/* Processes one framed message 'oh' ('len' bytes, as ofconn_frame() found)
 * received at 'now'.  Replies go to 'out'; the result goes to '*ev'. */
void ofconn_receive(struct ofconn *c, const struct ofp_header *oh,
                    size_t len, int64_t now, struct buf *out,
                    struct ofconn_event *ev);

/* Runs timers at 'now': echo probes, dead-peer and handshake timeouts,
 * request deadlines.  Call repeatedly until it reports OFCONN_EV_NONE
 * (each call reports at most one expired request). */
void ofconn_run(struct ofconn *c, int64_t now, struct buf *out,
                struct ofconn_event *ev);

/* Returns the time of the next timer that ofconn_run() must handle. */
int64_t ofconn_next_timer(const struct ofconn *c);

/* Tracks the request message that starts at offset 'ofs' of 'out' (just
 * appended by the caller): gives it a fresh xid, which is returned, and
 * remembers 'cb'/'aux' until its reply, an ERROR with that xid, or
 * 'timeout_ms'. */
uint32_t ofconn_track(struct ofconn *c, struct buf *out, size_t ofs,
                      int64_t now, int timeout_ms, ofswitch_reply_cb *cb,
                      void *aux);

/* Removes one tracked request (for failing them all at close): returns
 * true and sets '*cb', '*aux', or false if none is left. */
bool ofconn_take_request(struct ofconn *c, ofswitch_reply_cb **cb,
                         void **aux);

/* Returns a fresh xid. */
uint32_t ofconn_next_xid(struct ofconn *c);

/* Returns the port with 'port_no' or NULL. */
const struct ofswitch_port *ofconn_find_port(const struct ofconn *c,
                                             uint32_t port_no);

#endif /* ofconn.h */
