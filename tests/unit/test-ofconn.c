/* Unit tests for src/core/ofconn.c: the OpenFlow connection FSM, driven
 * with hand-built switch messages and explicit times (no sockets). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/ofconn.h"
#include "lib/buf.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"

/* A test fixture: the FSM, its output and counters. */
struct fx {
    struct ofconn c;
    struct ofconn_options opts;
    struct ofswitch_counters counters;
    struct buf out;             /* What the FSM sent. */
    struct ofconn_event ev;     /* Last event. */
    int n_events[OFCONN_EV_CLOSE + 1];
};

static void
fx_init(struct fx *f, int64_t now)
{
    memset(f, 0, sizeof *f);
    ofconn_options_init(&f->opts);
    buf_init(&f->out, 0);
    ofconn_init(&f->c, &f->opts, &f->counters, now, &f->out);
}

static void
fx_uninit(struct fx *f)
{
    ofconn_uninit(&f->c);
    buf_uninit(&f->out);
}

/* Feeds every message in 'in' (then clears it) at 'now'. */
static void
fx_feed(struct fx *f, struct buf *in, int64_t now)
{
    size_t off = 0;

    while (off < in->size) {
        size_t len;
        assert_int_equal(ofconn_frame(in->data + off, in->size - off, &len),
                         0);
        ofconn_receive(&f->c, (const void *) (in->data + off), len, now,
                       &f->out, &f->ev);
        f->n_events[f->ev.type]++;
        off += len;
    }
    buf_clear(in);
}

/* Returns the type of the message at '*ofs' in f->out and advances. */
static enum ofptype
fx_next_out(struct fx *f, size_t *ofs, const struct ofp_header **ohp)
{
    const struct ofp_header *oh = (const void *) (f->out.data + *ofs);
    enum ofptype type;

    assert_true(*ofs + sizeof *oh <= f->out.size);
    assert_int_equal(ofp_msg_decode_type(oh, f->out.size - *ofs, &type), 0);
    *ofs += ntohs(oh->length);
    if (ohp) {
        *ohp = oh;
    }
    return type;
}

static void
make_port(struct ofp_port *p, uint32_t port_no)
{
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    snprintf(p->name, sizeof p->name, "eth%u", port_no);
    p->hw_addr.ea[5] = (uint8_t) port_no;
}

/* Drives the handshake for 'version' (1.0 or 1.3) to UP. */
static void
handshake(struct fx *f, enum ofp_version version, uint64_t dpid)
{
    struct ofp_switch_features sf;
    struct ofp_port ports[3];
    const struct ofp_header *oh;
    struct ofp_switch_config cfg;
    struct buf in;
    size_t ofs = 0;

    buf_init(&in, 0);
    fx_init(f, 1000);
    assert_int_equal(fx_next_out(f, &ofs, &oh), OFPTYPE_HELLO);
    assert_int_equal(oh->version, OFP13_VERSION);

    /* The switch's hello: only its own version. */
    ofp_hello_encode(1u << version, 7, &in);
    fx_feed(f, &in, 1001);
    assert_int_equal(f->ev.type, OFCONN_EV_NONE);
    assert_int_equal(f->c.version, version);
    assert_int_equal(fx_next_out(f, &ofs, &oh), OFPTYPE_FEATURES_REQUEST);
    assert_int_equal(oh->version, version);

    make_port(&ports[0], 1);
    make_port(&ports[1], 2);
    make_port(&ports[2], OFPP_LOCAL);
    memset(&sf, 0, sizeof sf);
    sf.datapath_id = dpid;
    sf.n_buffers = 256;
    sf.n_tables = 254;
    if (version == OFP10_VERSION) {
        sf.ports = ports;
        sf.n_ports = 3;
    }
    assert_int_equal(ofp_switch_features_encode(&sf, version, ntohl(oh->xid),
                                                &in), 0);
    fx_feed(f, &in, 1002);
    assert_int_equal(fx_next_out(f, &ofs, &oh), OFPTYPE_SET_CONFIG);
    assert_int_equal(ofp_switch_config_decode(&cfg, oh), 0);
    assert_int_equal(cfg.miss_send_len, 128);

    if (version == OFP13_VERSION) {
        enum ofp_mp_type mp;
        struct cursor body;
        uint16_t flags;
        uint32_t xid;

        assert_int_equal(f->ev.type, OFCONN_EV_NONE);
        assert_int_equal(f->c.state, OFCONN_PORT_DESC);
        assert_int_equal(fx_next_out(f, &ofs, &oh),
                         OFPTYPE_MULTIPART_REQUEST);
        assert_int_equal(ofp_mp_decode(oh, &mp, &flags, &body), 0);
        assert_int_equal(mp, OFPMP_PORT_DESC);
        xid = ntohl(oh->xid);
        /* Two parts: REPLY_MORE then the last one. */
        ofp_port_desc_reply_encode(ports, 2, OFPMPF_MORE, version, xid, &in);
        fx_feed(f, &in, 1003);
        assert_int_equal(f->ev.type, OFCONN_EV_NONE);
        ofp_port_desc_reply_encode(&ports[2], 1, 0, version, xid, &in);
        fx_feed(f, &in, 1004);
    }
    assert_int_equal(f->ev.type, OFCONN_EV_UP);
    assert_int_equal(f->c.state, OFCONN_UP);
    assert_int_equal(ofs, f->out.size);
    assert_true(f->c.dpid == dpid);
    assert_int_equal(f->c.n_buffers, 256);
    assert_int_equal(f->c.n_tables, 254);
    assert_int_equal(f->c.n_ports, 3);
    assert_non_null(ofconn_find_port(&f->c, 2));
    assert_string_equal(ofconn_find_port(&f->c, 2)->name, "eth2");
    assert_non_null(ofconn_find_port(&f->c, OFPP_LOCAL));
    assert_null(ofconn_find_port(&f->c, 3));
    buf_clear(&f->out);
    buf_uninit(&in);
}

static void
test_handshake_10(void **state)
{
    struct fx f;

    (void) state;
    handshake(&f, OFP10_VERSION, 0x1122334455667788ull);
    fx_uninit(&f);
}

static void
test_handshake_13(void **state)
{
    struct fx f;

    (void) state;
    handshake(&f, OFP13_VERSION, 42);
    fx_uninit(&f);
}

/* A peer offering both picks 1.3; a peer offering only 1.1 fails. */
static void
test_negotiation(void **state)
{
    const struct ofp_header *oh;
    struct ofp_error err;
    struct buf in;
    struct fx f;
    size_t ofs = 0;

    (void) state;
    buf_init(&in, 0);
    fx_init(&f, 0);
    ofp_hello_encode((1u << 1) | (1u << 4) | (1u << 6), 1, &in);
    fx_feed(&f, &in, 0);
    assert_int_equal(f.c.version, OFP13_VERSION);
    fx_uninit(&f);

    /* No bitmap: the smaller header version, if we speak it. */
    {
        static const struct {
            uint8_t version;
            enum ofp_version expect;
        } cases[] = {
            { 1, OFP10_VERSION }, { 2, 0 }, { 3, 0 }, { 4, OFP13_VERSION },
            { 6, OFP13_VERSION },
        };
        size_t i;

        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            struct ofp_header h = { cases[i].version, 0, htons(8), 0 };
            fx_init(&f, 0);
            buf_put(&in, &h, sizeof h);
            fx_feed(&f, &in, 0);
            assert_int_equal(f.c.version, cases[i].expect);
            assert_int_equal(f.ev.type, cases[i].expect ? OFCONN_EV_NONE
                                                        : OFCONN_EV_CLOSE);
            fx_uninit(&f);
        }
    }

    fx_init(&f, 0);
    fx_next_out(&f, &ofs, NULL);
    ofp_hello_encode((1u << 5) | (1u << 6), 1, &in);
    fx_feed(&f, &in, 0);
    assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
    assert_true(f.ev.hello_failed);
    assert_int_equal(f.c.state, OFCONN_CLOSED);
    assert_int_equal(fx_next_out(&f, &ofs, &oh), OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, OFPERR_OFPHFC_INCOMPATIBLE);
    assert_int_equal(f.counters.errors_tx, 1);
    fx_uninit(&f);
    buf_uninit(&in);
}

/* Before the hello: a non-hello gets HELLO_FAILED and a close; a garbage
 * version closes without a reply. */
static void
test_bad_first_message(void **state)
{
    static const uint8_t garbage[8] = { 0x00, 0x05, 0x00, 0x08, 0, 0, 0, 1 };
    const struct ofp_header *oh;
    struct ofp_error err;
    struct buf in;
    struct fx f;
    size_t ofs = 0;

    (void) state;
    buf_init(&in, 0);
    fx_init(&f, 0);
    fx_next_out(&f, &ofs, NULL);
    ofp_echo_encode(false, "x", 1, OFP10_VERSION, 5, &in);
    fx_feed(&f, &in, 0);
    assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
    assert_int_equal(fx_next_out(&f, &ofs, &oh), OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, OFPERR_OFPHFC_EPERM);
    assert_int_equal(ntohl(oh->xid), 5);
    fx_uninit(&f);

    fx_init(&f, 0);
    ofs = 0;
    fx_next_out(&f, &ofs, NULL);
    buf_put(&in, garbage, sizeof garbage);
    fx_feed(&f, &in, 0);
    assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
    assert_true(f.ev.framing_error);
    assert_int_equal(ofs, f.out.size);     /* Nothing sent. */
    fx_uninit(&f);
    buf_uninit(&in);
}

static void
test_frame(void **state)
{
    static const uint8_t short_len[8] = { 4, 0, 0, 4, 0, 0, 0, 0 };
    static const uint8_t partial[12] = { 4, 0, 0, 16, 0, 0, 0, 0, 1, 2, 3, 4 };
    size_t len = 0;

    (void) state;
    assert_int_equal(ofconn_frame(short_len, 4, &len), EAGAIN);
    assert_int_equal(ofconn_frame(short_len, 8, &len), EPROTO);
    assert_int_equal(ofconn_frame(partial, 12, &len), EAGAIN);
    assert_int_equal(ofconn_frame(partial, 8, &len), EAGAIN);
    assert_int_equal(ofconn_frame(partial, 12 - 4, &len), EAGAIN);
    {
        uint8_t whole[16] = { 4, 0, 0, 16 };
        assert_int_equal(ofconn_frame(whole, 16, &len), 0);
        assert_int_equal(len, 16);
    }
}

/* Expects the last thing in f->out to be an ERROR for 'error' and the
 * connection to stay up. */
static void
expect_error_reply(struct fx *f, enum ofperr error)
{
    const struct ofp_header *oh;
    struct ofp_error err;
    size_t ofs = 0;

    assert_true(f->ev.decode_error);
    assert_int_equal(f->c.state, OFCONN_UP);
    assert_int_equal(fx_next_out(f, &ofs, &oh), OFPTYPE_ERROR);
    assert_int_equal(ofs, f->out.size);
    assert_int_equal(oh->version, f->c.version);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, error);
    buf_clear(&f->out);
}

static void
test_malformed(void **state)
{
    struct ofp_packet_in pin;
    uint8_t frame[60];
    struct buf in;
    struct fx f;

    (void) state;
    buf_init(&in, 0);
    handshake(&f, OFP13_VERSION, 9);

    /* A valid packet-in first. */
    memset(&pin, 0, sizeof pin);
    memset(frame, 0xab, sizeof frame);
    pin.buffer_id = OFP_NO_BUFFER;
    pin.total_len = sizeof frame;
    pin.in_port = 3;
    pin.data = frame;
    pin.data_len = sizeof frame;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &in), 0);
    fx_feed(&f, &in, 2000);
    assert_int_equal(f.ev.type, OFCONN_EV_PACKET_IN);
    assert_int_equal(f.ev.pin.in_port, 3);
    assert_int_equal(f.ev.pin.data_len, sizeof frame);
    assert_int_equal(f.out.size, 0);

    /* Truncated: a packet-in whose length is just a header. */
    {
        struct ofp_header oh = { OFP13_VERSION, OFPT13_PACKET_IN,
                                 htons(8), htonl(77) };
        buf_put(&in, &oh, sizeof oh);
        fx_feed(&f, &in, 2001);
        expect_error_reply(&f, OFPERR_OFPBRC_BAD_LEN);
    }
    /* Unknown type. */
    {
        struct ofp_header oh = { OFP13_VERSION, 200, htons(8), htonl(79) };
        buf_put(&in, &oh, sizeof oh);
        fx_feed(&f, &in, 2003);
        expect_error_reply(&f, OFPERR_OFPBRC_BAD_TYPE);
    }
    /* Port status with a body too short. */
    {
        struct ofp_header oh = { OFP13_VERSION, OFPT13_PORT_STATUS,
                                 htons(16), htonl(80) };
        buf_put(&in, &oh, sizeof oh);
        buf_put_zeros(&in, 8);
        fx_feed(&f, &in, 2004);
        expect_error_reply(&f, OFPERR_OFPBRC_BAD_LEN);
    }
    assert_int_equal(f.counters.errors_tx, 3);

    /* Wrong version after negotiation: error, then close (the length of
     * such a header cannot be trusted). */
    {
        struct ofp_header oh = { OFP10_VERSION, OFPT10_ECHO_REQUEST,
                                 htons(8), htonl(78) };
        const struct ofp_header *reply;
        struct ofp_error err;
        size_t ofs = 0;

        assert_false(ofconn_check_header(&f.c, &oh, 8, &f.out, &f.ev));
        assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
        assert_int_equal(fx_next_out(&f, &ofs, &reply), OFPTYPE_ERROR);
        assert_int_equal(ofp_error_decode(&err, reply), 0);
        assert_int_equal(err.error, OFPERR_OFPBRC_BAD_VERSION);
        assert_int_equal(f.c.state, OFCONN_CLOSED);
    }
    assert_int_equal(f.counters.packet_ins, 1);  /* Framing failed first. */
    fx_uninit(&f);
    buf_uninit(&in);
}

static void
test_echo(void **state)
{
    const struct ofp_header *oh;
    struct buf in;
    struct fx f;
    size_t ofs = 0;

    (void) state;
    buf_init(&in, 0);
    handshake(&f, OFP10_VERSION, 1);       /* last_rx = 1002 */

    /* The switch's echo request is answered with the same xid/payload. */
    ofp_echo_encode(false, "ping", 4, OFP10_VERSION, 99, &in);
    fx_feed(&f, &in, 2000);
    assert_int_equal(fx_next_out(&f, &ofs, &oh), OFPTYPE_ECHO_REPLY);
    assert_int_equal(ntohl(oh->xid), 99);
    assert_int_equal(ntohs(oh->length), 12);
    assert_memory_equal(oh + 1, "ping", 4);
    buf_clear(&f.out);
    ofs = 0;

    /* Quiet until one interval after the last message. */
    assert_int_equal(ofconn_next_timer(&f.c), 7000);
    ofconn_run(&f.c, 6999, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    assert_int_equal(f.out.size, 0);
    /* Three probes, 5 s apart... */
    ofconn_run(&f.c, 7000, &f.out, &f.ev);
    assert_int_equal(fx_next_out(&f, &ofs, NULL), OFPTYPE_ECHO_REQUEST);
    ofconn_run(&f.c, 7001, &f.out, &f.ev);
    assert_int_equal(ofs, f.out.size);     /* Not twice. */
    ofconn_run(&f.c, 12000, &f.out, &f.ev);
    assert_int_equal(fx_next_out(&f, &ofs, NULL), OFPTYPE_ECHO_REQUEST);
    ofconn_run(&f.c, 17000, &f.out, &f.ev);
    assert_int_equal(fx_next_out(&f, &ofs, NULL), OFPTYPE_ECHO_REQUEST);
    assert_int_equal(f.counters.echo_requests_tx, 3);
    ofconn_run(&f.c, 21999, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    /* ...then the peer is dead. */
    ofconn_run(&f.c, 22000, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
    assert_true(f.ev.dead_peer);
    fx_uninit(&f);

    /* An echo reply resets the probe count. */
    handshake(&f, OFP13_VERSION, 2);
    ofconn_run(&f.c, 7002, &f.out, &f.ev);
    ofconn_run(&f.c, 12002, &f.out, &f.ev);
    assert_int_equal(f.counters.echo_requests_tx, 2);
    ofp_echo_encode(true, NULL, 0, OFP13_VERSION, 3, &in);
    fx_feed(&f, &in, 13000);
    assert_int_equal(f.counters.echo_replies_rx, 1);
    ofconn_run(&f.c, 22001, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    assert_int_equal(ofconn_next_timer(&f.c), 18000 + 5000);
    fx_uninit(&f);
    buf_uninit(&in);
}

static void
test_handshake_timeout(void **state)
{
    struct fx f;

    (void) state;
    fx_init(&f, 100);
    assert_int_equal(ofconn_next_timer(&f.c), 100 + 10000);
    ofconn_run(&f.c, 10099, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    ofconn_run(&f.c, 10100, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_CLOSE);
    fx_uninit(&f);
}

static int n_cb;
static void
count_cb(struct ofswitch *sw, const struct ofswitch_reply *r, void *aux)
{
    (void) sw;
    (void) r;
    (void) aux;
    n_cb++;
}

/* Barrier tracking by xid, a timeout, and a reassembled tracked
 * multipart reply. */
static void
test_requests(void **state)
{
    struct ofp_port ports[2];
    struct buf in, req;
    struct fx f;
    uint32_t xid1, xid2, xid3;
    int aux1, aux2, aux3;

    (void) state;
    buf_init(&in, 0);
    buf_init(&req, 0);
    handshake(&f, OFP13_VERSION, 5);

    ofp_barrier_request_encode(OFP13_VERSION, 0, &req);
    xid1 = ofconn_track(&f.c, &req, 0, 2000, 1000, count_cb, &aux1);
    assert_int_equal(ntohl(((struct ofp_header *) req.data)->xid), xid1);
    buf_clear(&req);
    ofp_barrier_request_encode(OFP13_VERSION, 0, &req);
    xid2 = ofconn_track(&f.c, &req, 0, 2000, 500, count_cb, &aux2);
    buf_clear(&req);
    ofp_port_desc_request_encode(OFP13_VERSION, 0, &req);
    xid3 = ofconn_track(&f.c, &req, 0, 2000, 5000, count_cb, &aux3);
    assert_true(xid1 != xid2 && xid2 != xid3);
    assert_int_equal(ofconn_next_timer(&f.c), 2500);

    /* Reply to the first barrier. */
    ofp_barrier_reply_encode(OFP13_VERSION, xid1, &in);
    fx_feed(&f, &in, 2100);
    assert_int_equal(f.ev.type, OFCONN_EV_REPLY);
    assert_ptr_equal(f.ev.aux, &aux1);
    assert_int_equal(f.ev.reply.error, 0);
    assert_int_equal(f.counters.barriers, 1);
    /* A reply nobody waits for. */
    ofp_barrier_reply_encode(OFP13_VERSION, 12345, &in);
    fx_feed(&f, &in, 2100);
    assert_int_equal(f.ev.type, OFCONN_EV_OTHER);
    assert_int_equal(f.counters.unknown_xid, 1);

    /* The second times out. */
    ofconn_run(&f.c, 2500, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_REPLY);
    assert_ptr_equal(f.ev.aux, &aux2);
    assert_int_equal(f.ev.reply.error, ETIMEDOUT);
    ofconn_run(&f.c, 2500, &f.out, &f.ev);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);

    /* The multipart one arrives in two parts, reassembled. */
    make_port(&ports[0], 10);
    make_port(&ports[1], 11);
    ofp_port_desc_reply_encode(&ports[0], 1, OFPMPF_MORE, OFP13_VERSION,
                               xid3, &in);
    fx_feed(&f, &in, 2600);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    ofp_port_desc_reply_encode(&ports[1], 1, 0, OFP13_VERSION, xid3, &in);
    fx_feed(&f, &in, 2601);
    assert_int_equal(f.ev.type, OFCONN_EV_REPLY);
    assert_ptr_equal(f.ev.aux, &aux3);
    assert_int_equal(f.ev.reply.body_size, 2 * 64);
    {
        struct cursor c = cursor_make(f.ev.reply.body, f.ev.reply.body_size);
        struct ofp_port p;
        assert_int_equal(ofp_port_next(&c, OFP13_VERSION, &p), 0);
        assert_int_equal(p.port_no, 10);
        assert_int_equal(ofp_port_next(&c, OFP13_VERSION, &p), 0);
        assert_int_equal(p.port_no, 11);
    }

    /* Requests still pending at close are handed back. */
    ofp_barrier_request_encode(OFP13_VERSION, 0, &req);
    ofconn_track(&f.c, &req, 0, 3000, 1000, count_cb, &aux1);
    {
        ofswitch_reply_cb *cb;
        void *aux;
        assert_true(ofconn_take_request(&f.c, &cb, &aux));
        assert_ptr_equal(aux, &aux1);
        assert_false(ofconn_take_request(&f.c, &cb, &aux));
    }
    fx_uninit(&f);
    buf_uninit(&in);
    buf_uninit(&req);
}

static void
test_port_status(void **state)
{
    struct ofp_port_status ps;
    struct buf in;
    struct fx f;

    (void) state;
    buf_init(&in, 0);
    handshake(&f, OFP10_VERSION, 3);
    memset(&ps, 0, sizeof ps);
    ps.reason = OFPPR_ADD;
    make_port(&ps.desc, 7);
    ofp_port_status_encode(&ps, OFP10_VERSION, 0, &in);
    fx_feed(&f, &in, 2000);
    assert_int_equal(f.ev.type, OFCONN_EV_PORT_STATUS);
    assert_int_equal(f.c.n_ports, 4);
    assert_non_null(ofconn_find_port(&f.c, 7));

    ps.reason = OFPPR_MODIFY;
    ps.desc.config = OFPPC_PORT_DOWN;
    ofp_port_status_encode(&ps, OFP10_VERSION, 0, &in);
    fx_feed(&f, &in, 2001);
    assert_int_equal(f.c.n_ports, 4);
    assert_int_equal(ofconn_find_port(&f.c, 7)->config, OFPPC_PORT_DOWN);

    ps.reason = OFPPR_DELETE;
    ofp_port_status_encode(&ps, OFP10_VERSION, 0, &in);
    fx_feed(&f, &in, 2002);
    assert_int_equal(f.c.n_ports, 3);
    assert_null(ofconn_find_port(&f.c, 7));
    assert_int_equal(f.counters.port_status, 3);
    fx_uninit(&f);
    buf_uninit(&in);
}

/* An untracked multipart reply split over parts is reassembled, and one
 * over the cap is dropped. */
static void
test_untracked_multipart(void **state)
{
    struct ofp_port ports[2];
    struct buf in;
    struct fx f;

    (void) state;
    buf_init(&in, 0);
    handshake(&f, OFP13_VERSION, 4);
    make_port(&ports[0], 1);
    make_port(&ports[1], 2);
    ofp_port_desc_reply_encode(ports, 2, OFPMPF_MORE, OFP13_VERSION, 500,
                               &in);
    fx_feed(&f, &in, 2000);
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    ofp_port_desc_reply_encode(ports, 1, 0, OFP13_VERSION, 500, &in);
    fx_feed(&f, &in, 2000);
    assert_int_equal(f.ev.type, OFCONN_EV_MULTIPART);
    assert_int_equal(f.ev.xid, 500);
    assert_int_equal(f.ev.mp_type, OFPMP_PORT_DESC);
    assert_int_equal(f.ev.body_size, 3 * 64);

    f.c.opts.max_multipart_bytes = 100;
    ofp_port_desc_reply_encode(ports, 1, OFPMPF_MORE, OFP13_VERSION, 501,
                               &in);
    fx_feed(&f, &in, 2000);
    ofp_port_desc_reply_encode(ports, 2, OFPMPF_MORE, OFP13_VERSION, 501,
                               &in);
    fx_feed(&f, &in, 2000);     /* Over the cap: dropped... */
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    ofp_port_desc_reply_encode(ports, 1, 0, OFP13_VERSION, 501, &in);
    fx_feed(&f, &in, 2000);     /* ...to the end, not passed on as whole. */
    assert_int_equal(f.ev.type, OFCONN_EV_NONE);
    assert_int_equal(f.c.n_mps, 0);
    /* A single-part reply under the cap still goes through. */
    ofp_port_desc_reply_encode(ports, 1, 0, OFP13_VERSION, 502, &in);
    fx_feed(&f, &in, 2000);
    assert_int_equal(f.ev.type, OFCONN_EV_MULTIPART);
    assert_int_equal(f.ev.body_size, 64);
    fx_uninit(&f);
    buf_uninit(&in);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_10),
        cmocka_unit_test(test_handshake_13),
        cmocka_unit_test(test_negotiation),
        cmocka_unit_test(test_bad_first_message),
        cmocka_unit_test(test_frame),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_echo),
        cmocka_unit_test(test_handshake_timeout),
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_port_status),
        cmocka_unit_test(test_untracked_multipart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
