/* fabric-app: see fabric-app.h. Runs on the worker threads. */
#include "fabric/fabric-app.h"

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/l2switch.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"
#include "openflow/of-tables.h"

LOG_MODULE(fabric_app);

static const struct app_ops fabric_ops;

/* Sessions are numbered process-wide so the fabric thread can tell a
 * switch's new connection from a replaced one. */
static atomic_uint_fast64_t next_session = 1;

/* Per-switch state of a fabric (OpenFlow 1.3) switch. */
struct fabric_app_sw {
    uint64_t dpid;
    uint64_t session;
    struct buf flows;           /* Read-back: flow stats body. */
    bool flows_done;
    uint64_t tx_drops;          /* The switch's tx_drops last seen. */
};

static struct fabric_app_sw *
get_sw(const struct ofswitch *sw)
{
    return ofswitch_get_app_slot(sw, &fabric_ops);
}

static void
port_from_ofswitch(struct fabric_port *fp, const struct ofswitch_port *p)
{
    memset(fp, 0, sizeof *fp);
    fp->port_no = p->port_no;
    fp->hw_addr = p->hw_addr;
    fp->config = p->config;
    fp->state = p->state;
    fp->curr_speed = p->curr_speed;
}

static void
groups_reply(struct ofswitch *sw, const struct ofswitch_reply *r, void *d_)
{
    struct fabric_app_sw *d = d_;

    (void) sw;
    if (r->error) {
        fabric_post_readback(d->dpid, d->session, r->error, NULL, 0, NULL,
                             0);
    } else {
        fabric_post_readback(d->dpid, d->session, 0, d->flows.data,
                             d->flows.size, r->body,
                             r->body ? r->body_size : 0);
    }
    buf_uninit(&d->flows);
    buf_init(&d->flows, 0);
}

static void
flows_reply(struct ofswitch *sw, const struct ofswitch_reply *r, void *d_)
{
    struct fabric_app_sw *d = d_;
    struct buf req;

    if (r->error || !sw) {
        fabric_post_readback(d->dpid, d->session, r->error ? r->error : -1,
                             NULL, 0, NULL, 0);
        return;
    }
    buf_clear(&d->flows);
    if (r->body) {
        buf_put(&d->flows, r->body, r->body_size);
    }
    d->flows_done = true;
    buf_init(&req, 64);
    ofp_group_desc_request_encode(OFP13_VERSION, 0, &req);
    if (!ofswitch_request(sw, &req, FABRIC_APP_READBACK_TIMEOUT_MS,
                          groups_reply, d)) {
        fabric_post_readback(d->dpid, d->session, ENOBUFS, NULL, 0, NULL, 0);
    }
    buf_uninit(&req);
}

/* Asks the switch for its fabric flows, then its groups (flows_reply()
 * chains the second request). */
static void
start_readback(struct ofswitch *sw, struct fabric_app_sw *d)
{
    struct ofp_flow_stats_request fsr;
    struct buf req;

    ofp_flow_stats_request_init(&fsr, false);
    /* Every Kumo app's flows (the fabric and tenant networks share the
     * switch; each diff owns only its app's entries). */
    fsr.cookie = FABRIC_COOKIE_KU;
    fsr.cookie_mask = FABRIC_COOKIE_KU_MASK;
    buf_init(&req, 128);
    if (ofp_flow_stats_request_encode(&fsr, OFP13_VERSION, 0, &req)
        || !ofswitch_request(sw, &req, FABRIC_APP_READBACK_TIMEOUT_MS,
                             flows_reply, d)) {
        fabric_post_readback(d->dpid, d->session, ENOBUFS, NULL, 0, NULL, 0);
    }
    buf_uninit(&req);
}

static void
app_switch_up(struct ofswitch *sw, int64_t now)
{
    size_t n_ports = ofswitch_get_n_ports(sw);
    struct fabric_port *ports;
    struct fabric_app_sw *d;
    size_t i;

    if (ofswitch_get_version(sw) != OFP13_VERSION) {
        LOG_INFO("switch %016"PRIx64" speaks OpenFlow %s: fabric forwarding "
                 "needs 1.3, so it gets the learning switch",
                 ofswitch_get_dpid(sw),
                 ofswitch_get_version(sw) == OFP10_VERSION ? "1.0" : "?");
        l2switch_app()->switch_up(sw, now);
        return;
    }
    d = xzalloc(sizeof *d);
    d->dpid = ofswitch_get_dpid(sw);
    d->session = atomic_fetch_add(&next_session, 1);
    buf_init(&d->flows, 0);
    d->tx_drops = ofswitch_get_counters(sw)->tx_drops;
    ofswitch_set_app_slot(sw, &fabric_ops, d);

    ports = xcalloc(n_ports ? n_ports : 1, sizeof *ports);
    for (i = 0; i < n_ports; i++) {
        port_from_ofswitch(&ports[i], ofswitch_get_port(sw, i));
    }
    fabric_post_switch_up(d->dpid, d->session, ports, n_ports);
    free(ports);
    start_readback(sw, d);
}

static void
app_packet_in(struct ofswitch *sw, const struct ofp_packet_in *pin,
              int64_t now)
{
    struct fabric_app_sw *d = get_sw(sw);

    if (!d) {
        if (ofswitch_get_version(sw) != OFP13_VERSION) {
            l2switch_app()->packet_in(sw, pin, now);
        }
        return;
    }
    fabric_post_packet_in(d->dpid, d->session, pin->in_port, pin->data,
                          pin->data_len);
}

static void
app_port_status(struct ofswitch *sw, const struct ofp_port_status *ps,
                int64_t now)
{
    struct fabric_app_sw *d = get_sw(sw);
    struct fabric_port fp;

    if (!d) {
        if (ofswitch_get_version(sw) != OFP13_VERSION) {
            l2switch_app()->port_status(sw, ps, now);
        }
        return;
    }
    memset(&fp, 0, sizeof fp);
    fp.port_no = ps->desc.port_no;
    fp.hw_addr = ps->desc.hw_addr;
    fp.config = ps->desc.config;
    fp.state = ps->desc.state;
    fp.curr_speed = ps->desc.curr_speed;
    fabric_post_port_status(d->dpid, d->session, ps->reason, &fp);
}

static void
app_other_msg(struct ofswitch *sw, int type, const struct ofp_header *oh,
              int64_t now)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(30, 10);
    struct fabric_app_sw *d = get_sw(sw);

    (void) now;
    if (!d) {
        return;
    }
    if (type == OFPTYPE_BARRIER_REPLY) {
        fabric_post_barrier_reply(d->dpid, d->session, ntohl(oh->xid));
    } else if (type == OFPTYPE_ERROR) {
        struct ofp_error err;

        if (!ofp_error_decode(&err, oh)) {
            LOG_WARN_RL(&rl, "switch %016"PRIx64" refused a fabric message "
                        "(xid %"PRIu32"): %s (type %"PRIu16" code %"PRIu16
                        ")", d->dpid, ntohl(oh->xid),
                        err.error ? ofperr_get_name(err.error) : "unknown",
                        err.type, err.code);
        }
    }
}

static void
app_multipart_reply(struct ofswitch *sw, uint32_t xid, int type,
                    const uint8_t *body, size_t body_size, int64_t now)
{
    struct fabric_app_sw *d = get_sw(sw);

    (void) now;
    if (d && type == OFPMP_FLOW) {
        fabric_post_flow_stats(d->dpid, d->session, xid, body, body_size);
    }
}

static void
app_tick(struct ofswitch *sw, int64_t now)
{
    struct fabric_app_sw *d = get_sw(sw);

    if (!d) {
        if (ofswitch_get_version(sw) != OFP13_VERSION) {
            l2switch_app()->tick(sw, now);
        }
        return;
    }
    if (ofswitch_get_counters(sw)->tx_drops != d->tx_drops) {
        /* Flow-mods or group-mods may be among them: the fabric must
         * not believe the switch has them. */
        d->tx_drops = ofswitch_get_counters(sw)->tx_drops;
        fabric_post_send_lost(d->dpid, d->session);
    }
}

/* fabric_app_readback() on the worker. */
static void
readback_on_worker(struct ofswitch *sw, void *session_)
{
    const uint64_t *session = session_;
    struct fabric_app_sw *d = get_sw(sw);

    if (d && d->session == *session) {
        start_readback(sw, d);
    } else {
        *(uint64_t *) session_ = 0;
    }
}

int
fabric_app_readback(uint64_t dpid, uint64_t session)
{
    uint64_t s = session;
    int error = core_switch_call(dpid, readback_on_worker, &s);

    return error ? error : s ? 0 : ENOENT;
}

static void
app_switch_down(struct ofswitch *sw, int64_t now)
{
    struct fabric_app_sw *d = get_sw(sw);

    if (!d) {
        if (ofswitch_get_version(sw) != OFP13_VERSION) {
            l2switch_app()->switch_down(sw, now);
        }
        return;
    }
    fabric_post_switch_down(d->dpid, d->session);
    ofswitch_set_app_slot(sw, &fabric_ops, NULL);
    buf_uninit(&d->flows);
    free(d);
}

static const struct app_ops fabric_ops = {
    .name = "fabric",
    .switch_up = app_switch_up,
    .packet_in = app_packet_in,
    .port_status = app_port_status,
    .multipart_reply = app_multipart_reply,
    .other_msg = app_other_msg,
    .tick = app_tick,
    .switch_down = app_switch_down,
};

const struct app_ops *
fabric_app(void)
{
    return &fabric_ops;
}
