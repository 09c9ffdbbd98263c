/* Unit tests for src/fabric/fabric-core (the fabric thread's pure brain)
 * and fabric-show (its JSON views). A small harness plays the switches:
 * it delivers every LLDP packet-out along a cable list back to the core as
 * a packet-in, answers the read-back, and classifies what the core sends.
 * Checks: discovery of a ring, one copy per host for a flooded frame from
 * an unknown source, unicast to a known host, no learning on fabric ports,
 * stale sessions, hitless restart (a new core reading back the previous
 * core's flows sends no flow or group change), transitional flooding
 * rounds gated by barriers, read-back bodies over 64 kB, the views, and
 * host aging driven by polled packet counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "fabric-fixture.h"
#include "fabric/fabric-compile.h"
#include "fabric/fabric-core.h"
#include "fabric/fabric-show.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-tenant.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "openflow/openflow-common.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "vnet/vnet.h"

#define MAX_SW 8
#define EDGE_PORT 3             /* Every test switch's host port. */

struct cable {
    uint64_t a;
    uint32_t pa;
    uint64_t b;
    uint32_t pb;
};

/* What the core sent to one switch in one harness turn. */
struct sent {
    size_t packet_outs, flow_mods, group_mods, barriers, lldp, polls;
    uint32_t barrier_xid, poll_xid;
    /* Non-LLDP packet-out output ports, in order. */
    uint32_t out_ports[64];
    size_t n_out_ports;
};

struct harness {
    struct fabric_core *fc;
    const struct cable *cables;
    size_t n_cables;
    size_t n_sw;
    uint64_t session[MAX_SW + 1];   /* By dpid (1..n_sw). */
    struct sent sent[MAX_SW + 1];
    uint64_t now;
    struct buf pending;             /* LLDP frames to deliver. */
    struct {
        uint64_t dpid;
        uint32_t port;
        size_t ofs, size;
    } probes[256];
    size_t n_probes;
};

static void
fabric_config(struct fabric_config *cfg)
{
    fabric_config_init(cfg);
    cfg->secret = 0x1234;
    cfg->recompute_ms = 10;
    cfg->settle_ms = 500;
}

/* Finds the cable end opposite (dpid, port). */
static bool
peer_of(const struct harness *h, uint64_t dpid, uint32_t port,
        uint64_t *peer, uint32_t *peer_port)
{
    size_t i;

    for (i = 0; i < h->n_cables; i++) {
        const struct cable *c = &h->cables[i];

        if (c->a == dpid && c->pa == port) {
            *peer = c->b;
            *peer_port = c->pb;
            return true;
        } else if (c->b == dpid && c->pb == port) {
            *peer = c->a;
            *peer_port = c->pa;
            return true;
        }
    }
    return false;
}

/* Classifies the messages in 'msgs' for switch 'dpid'. */
static void
take_cb(uint64_t dpid, struct buf *msgs, void *h_)
{
    struct harness *h = h_;
    struct sent *s = &h->sent[dpid];
    size_t ofs = 0;

    assert_true(dpid >= 1 && dpid <= h->n_sw);
    while (ofs < msgs->size) {
        const struct ofp_header *oh = (const void *) (msgs->data + ofs);
        size_t len = ntohs(oh->length);

        assert_int_equal(oh->version, OFP13_VERSION);
        if (oh->type == 13) {               /* PACKET_OUT */
            struct ofp_packet_out po;
            struct net_eth_key eth;
            uint64_t stub[64];
            struct buf actions;
            size_t i;

            buf_use_stub(&actions, stub, sizeof stub);
            assert_int_equal(ofp_packet_out_decode(&po, oh), 0);
            assert_int_equal(ofp_packet_out_decode_actions(&po, OFP13_VERSION,
                                                           &actions), 0);
            assert_int_equal(net_packet_parse_eth(po.data, po.data_len,
                                                  &eth), 0);
            s->packet_outs++;
            for (i = 0; i < po.n_ofp_actions; i++) {
                uint32_t port = po.ofp_actions[i].output.port;

                assert_int_equal(po.ofp_actions[i].type, OFPACT_OUTPUT);
                if (eth.eth_type == NET_ETH_TYPE_LLDP) {
                    s->lldp++;
                    assert_true(h->n_probes < ARRAY_SIZE(h->probes));
                    h->probes[h->n_probes].dpid = dpid;
                    h->probes[h->n_probes].port = port;
                    h->probes[h->n_probes].ofs = h->pending.size;
                    h->probes[h->n_probes].size = po.data_len;
                    h->n_probes++;
                    buf_put(&h->pending, po.data, po.data_len);
                } else {
                    assert_true(s->n_out_ports < ARRAY_SIZE(s->out_ports));
                    s->out_ports[s->n_out_ports++] = port;
                }
            }
            buf_uninit(&actions);
        } else if (oh->type == 14) {        /* FLOW_MOD */
            s->flow_mods++;
        } else if (oh->type == 15) {        /* GROUP_MOD */
            s->group_mods++;
        } else if (oh->type == 18) {        /* MULTIPART_REQUEST */
            s->polls++;
            s->poll_xid = ntohl(oh->xid);
        } else if (oh->type == 20) {        /* BARRIER_REQUEST */
            s->barriers++;
            s->barrier_xid = ntohl(oh->xid);
        } else {
            fail_msg("unexpected message type %d", oh->type);
        }
        ofs += len;
    }
}

static void
clear_sent(struct harness *h)
{
    memset(h->sent, 0, sizeof h->sent);
}

/* Runs the core at h->now, collects its output, and delivers LLDP probes
 * over the cables (their packet-ins are handled at the same 'now'). */
static void
turn(struct harness *h)
{
    size_t i;

    fabric_core_run(h->fc, h->now);
    fabric_core_take_output(h->fc, take_cb, h);
    for (i = 0; i < h->n_probes; i++) {
        uint64_t peer;
        uint32_t peer_port;

        if (peer_of(h, h->probes[i].dpid, h->probes[i].port, &peer,
                    &peer_port)) {
            fabric_core_packet_in(h->fc, peer, h->session[peer], peer_port,
                                  h->pending.data + h->probes[i].ofs,
                                  h->probes[i].size, h->now);
        }
    }
    h->n_probes = 0;
    buf_clear(&h->pending);
}

static void
ports_of(const struct harness *h, uint64_t dpid, struct fabric_port *ports,
         size_t *n)
{
    uint32_t p;

    *n = 0;
    for (p = 1; p <= EDGE_PORT; p++) {
        uint64_t peer;
        uint32_t peer_port;

        if (p != EDGE_PORT && !peer_of(h, dpid, p, &peer, &peer_port)) {
            continue;
        }
        memset(&ports[*n], 0, sizeof ports[*n]);
        ports[*n].port_no = p;
        ports[*n].hw_addr = (struct eth_addr) {
            { 0x02, 0xaa, 0, 0, (uint8_t) dpid, (uint8_t) p } };
        ports[*n].curr_speed = 10000000;
        (*n)++;
    }
}

/* Brings switch 'dpid' up with session 'session' and its read-back
 * ('flows'/'groups' bodies, may be empty). */
static void
switch_up(struct harness *h, uint64_t dpid, uint64_t session,
          const struct buf *flows, const struct buf *groups)
{
    struct fabric_port ports[EDGE_PORT];
    size_t n;

    h->session[dpid] = session;
    ports_of(h, dpid, ports, &n);
    fabric_core_switch_up(h->fc, dpid, session, ports, n, h->now);
    fabric_core_readback(h->fc, dpid, session, 0,
                         flows ? flows->data : NULL, flows ? flows->size : 0,
                         groups ? groups->data : NULL,
                         groups ? groups->size : 0, h->now);
}

static uint64_t host_idle_ms;      /* For the next harness_init(). */

static void
harness_init(struct harness *h, const struct cable *cables, size_t n_cables,
             size_t n_sw)
{
    struct fabric_config cfg;

    memset(h, 0, sizeof *h);
    fabric_config(&cfg);
    cfg.host_idle_ms = host_idle_ms;
    h->fc = fabric_core_create(&cfg);
    h->cables = cables;
    h->n_cables = n_cables;
    h->n_sw = n_sw;
    h->now = 1000;
    buf_init(&h->pending, 0);
}

static void
harness_uninit(struct harness *h)
{
    fabric_core_destroy(h->fc);
    buf_uninit(&h->pending);
}

/* Answers every outstanding barrier. */
static void
answer_barriers(struct harness *h)
{
    size_t i;

    for (i = 1; i <= h->n_sw; i++) {
        if (h->sent[i].barriers) {
            fabric_core_barrier_reply(h->fc, i, h->session[i],
                                      h->sent[i].barrier_xid);
        }
    }
}

/* Runs turns 20 ms apart for 'ms', answering barriers. */
static void
settle(struct harness *h, uint64_t ms)
{
    uint64_t end = h->now + ms;

    while (h->now < end) {
        clear_sent(h);
        turn(h);
        answer_barriers(h);
        h->now += 20;
    }
}

static size_t
n_up_links(struct fabric_core *fc)
{
    struct topo_link *links;
    size_t n = topo_graph_up_links(fabric_core_graph(fc), &links);

    free(links);
    return n;
}

/* Ring 1-2-3-4-1: port 1 to the left neighbour, 2 to the right; 3: host. */
static const struct cable ring4[] = {
    { 1, 2, 2, 1 }, { 2, 2, 3, 1 }, { 3, 2, 4, 1 }, { 4, 2, 1, 1 },
};

static void
ring_up(struct harness *h)
{
    uint64_t d;

    harness_init(h, ring4, ARRAY_SIZE(ring4), 4);
    for (d = 1; d <= 4; d++) {
        switch_up(h, d, 10 + d, NULL, NULL);
    }
    settle(h, 1000);
}

/* An ARP request from host 'id' (MAC 02:00:00:00:00:id, 198.19.0.id)
 * for 198.19.0.'target'. */
static void
arp_request(struct buf *b, uint8_t id, uint8_t target)
{
    struct net_arp arp;

    memset(&arp, 0, sizeof arp);
    arp.eth_dst = (struct eth_addr) { { 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff } };
    arp.eth_src = (struct eth_addr) { { 0x02, 0, 0, 0, 0, id } };
    arp.op = NET_ARP_OP_REQUEST;
    arp.sha = arp.eth_src;
    arp.spa = htonl(0xc6130000 | id);
    arp.tpa = htonl(0xc6130000 | target);
    net_packet_build_arp(b, &arp);
}

static void
unicast_frame(struct buf *b, uint8_t src, uint8_t dst)
{
    struct eth_addr d = { { 0x02, 0, 0, 0, 0, dst } };
    struct eth_addr s = { { 0x02, 0, 0, 0, 0, src } };

    net_packet_put_eth(b, &d, &s, 0, NET_ETH_TYPE_IP);
    buf_put_zeros(b, 46);
}

static void
test_discovery_ring(void **state KUMO_UNUSED)
{
    struct harness h;
    size_t d;

    ring_up(&h);
    assert_int_equal(n_up_links(h.fc), 4);
    assert_int_equal(fabric_core_n_switches(h.fc), 4);
    assert_int_equal(fabric_core_n_synced(h.fc), 4);
    /* The steady state is quiet: only probes. */
    clear_sent(&h);
    h.now += 1000;
    turn(&h);
    for (d = 1; d <= 4; d++) {
        assert_int_equal(h.sent[d].flow_mods, 0);
        assert_int_equal(h.sent[d].group_mods, 0);
        assert_int_equal(h.sent[d].lldp, 3);   /* Two cables + host. */
    }
    harness_uninit(&h);
}

static void
test_flood_once(void **state KUMO_UNUSED)
{
    const struct topo_host *host;
    struct eth_addr mac = { { 0x02, 0, 0, 0, 0, 1 } };
    struct harness h;
    struct buf frame;
    size_t d;

    ring_up(&h);
    buf_init(&frame, 64);
    arp_request(&frame, 1, 3);
    clear_sent(&h);
    fabric_core_packet_in(h.fc, 1, h.session[1], EDGE_PORT, frame.data,
                          frame.size, h.now);
    fabric_core_take_output(h.fc, take_cb, &h);
    /* Exactly one copy to every other host port, none back, none on a
     * fabric port. */
    assert_int_equal(h.sent[1].n_out_ports, 0);
    for (d = 2; d <= 4; d++) {
        assert_int_equal(h.sent[d].n_out_ports, 1);
        assert_int_equal(h.sent[d].out_ports[0], EDGE_PORT);
    }
    host = topo_host_find(fabric_core_hosts(h.fc), &mac, 0);
    assert_non_null(host);
    assert_int_equal(host->dpid, 1);
    assert_int_equal(host->port, EDGE_PORT);
    assert_int_equal(host->n_ipv4, 1);
    assert_int_equal(ntohl(host->ipv4[0]), 0xc6130001);

    /* The new host gets its flows on every switch. */
    clear_sent(&h);
    h.now += 20;
    turn(&h);
    for (d = 1; d <= 4; d++) {
        assert_true(h.sent[d].flow_mods > 0);
    }
    buf_uninit(&frame);
    harness_uninit(&h);
}

static void
test_unicast_known(void **state KUMO_UNUSED)
{
    struct harness h;
    struct buf frame;
    size_t d;

    ring_up(&h);
    buf_init(&frame, 64);
    arp_request(&frame, 3, 1);
    fabric_core_packet_in(h.fc, 3, h.session[3], EDGE_PORT, frame.data,
                          frame.size, h.now);
    fabric_core_take_output(h.fc, take_cb, &h);
    buf_clear(&frame);
    unicast_frame(&frame, 1, 3);
    clear_sent(&h);
    fabric_core_packet_in(h.fc, 1, h.session[1], EDGE_PORT, frame.data,
                          frame.size, h.now);
    fabric_core_take_output(h.fc, take_cb, &h);
    for (d = 1; d <= 4; d++) {
        assert_int_equal(h.sent[d].n_out_ports, d == 3 ? 1 : 0);
    }
    assert_int_equal(h.sent[3].out_ports[0], EDGE_PORT);
    assert_int_equal(fabric_core_get_stats(h.fc)->unicast_outs, 1);
    buf_uninit(&frame);
    harness_uninit(&h);
}

static void
test_fabric_port_not_learned(void **state KUMO_UNUSED)
{
    struct harness h;
    struct buf frame;
    size_t d;

    ring_up(&h);
    buf_init(&frame, 64);
    arp_request(&frame, 7, 1);
    clear_sent(&h);
    fabric_core_packet_in(h.fc, 2, h.session[2], 1, frame.data, frame.size,
                          h.now);
    fabric_core_take_output(h.fc, take_cb, &h);
    assert_int_equal(topo_host_count(fabric_core_hosts(h.fc)), 0);
    assert_int_equal(fabric_core_get_stats(h.fc)->non_edge_frames, 1);
    for (d = 1; d <= 4; d++) {
        assert_int_equal(h.sent[d].packet_outs, 0);
    }
    buf_uninit(&frame);
    harness_uninit(&h);
}

static void
test_stale_session(void **state KUMO_UNUSED)
{
    struct harness h;

    ring_up(&h);
    /* Switch 2 reconnects (session 99); the old session's down arrives
     * afterwards and must not remove it. */
    switch_up(&h, 2, 99, NULL, NULL);
    fabric_core_switch_down(h.fc, 2, 12, h.now);
    assert_int_equal(fabric_core_n_switches(h.fc), 4);
    assert_true(fabric_core_get_stats(h.fc)->stale_events > 0);
    fabric_core_switch_down(h.fc, 2, 99, h.now);
    assert_int_equal(fabric_core_n_switches(h.fc), 3);
    settle(&h, 200);
    assert_int_equal(n_up_links(h.fc), 2);
    harness_uninit(&h);
}

static void
test_hitless_restart(void **state KUMO_UNUSED)
{
    struct buf flows[5], groups[5];
    struct fabric_config cfg;
    struct harness h;
    struct buf frame;
    uint64_t d;

    ring_up(&h);
    buf_init(&frame, 64);
    for (d = 1; d <= 4; d++) {
        buf_clear(&frame);
        arp_request(&frame, (uint8_t) d, 1);
        fabric_core_packet_in(h.fc, d, h.session[d], EDGE_PORT, frame.data,
                              frame.size, h.now);
    }
    settle(&h, 200);
    for (d = 1; d <= 4; d++) {
        buf_init(&flows[d], 0);
        buf_init(&groups[d], 0);
        fabric_fixture_readback(fabric_core_switch_state(h.fc, d), &flows[d],
                        &groups[d]);
        assert_true(flows[d].size > 0);
    }

    /* "Restart": a new core reads the switches back. */
    fabric_core_destroy(h.fc);
    fabric_config(&cfg);
    h.fc = fabric_core_create(&cfg);
    for (d = 1; d <= 4; d++) {
        switch_up(&h, d, 20 + d, &flows[d], &groups[d]);
    }
    /* The hosts come back from the read-back source entries. */
    assert_int_equal(topo_host_count(fabric_core_hosts(h.fc)), 4);
    for (; h.now < 5000; h.now += 20) {
        clear_sent(&h);
        turn(&h);
        answer_barriers(&h);
        for (d = 1; d <= 4; d++) {
            assert_int_equal(h.sent[d].flow_mods, 0);
            assert_int_equal(h.sent[d].group_mods, 0);
        }
    }
    assert_int_equal(fabric_core_n_synced(h.fc), 4);
    assert_int_equal(n_up_links(h.fc), 4);
    for (d = 1; d <= 4; d++) {
        buf_uninit(&flows[d]);
        buf_uninit(&groups[d]);
    }
    buf_uninit(&frame);
    harness_uninit(&h);
}

static void
test_transition_waits_for_barriers(void **state KUMO_UNUSED)
{
    struct fabric_port port;
    uint32_t xids[5];
    struct harness h;
    size_t d, n_barriers = 0, n_mods = 0;
    uint64_t transitions;

    ring_up(&h);
    transitions = fabric_core_get_stats(h.fc)->transitions;
    /* Cable 1:2-2:1 goes down: the flooding tree changes. */
    memset(&port, 0, sizeof port);
    port.port_no = 2;
    port.state = OFPPS_LINK_DOWN;
    fabric_core_port_status(h.fc, 1, h.session[1], OFPPR_MODIFY, &port,
                            h.now);
    port.port_no = 1;
    fabric_core_port_status(h.fc, 2, h.session[2], OFPPR_MODIFY, &port,
                            h.now);
    clear_sent(&h);
    h.now += 20;
    turn(&h);
    for (d = 1; d <= 4; d++) {
        n_barriers += h.sent[d].barriers;
        xids[d] = h.sent[d].barrier_xid;
    }
    assert_int_equal(n_barriers, 4);
    assert_int_equal(fabric_core_get_stats(h.fc)->transitions,
                     transitions + 1);

    /* Nothing more until every switch confirmed (a wrong xid does not
     * count). */
    fabric_core_barrier_reply(h.fc, 1, h.session[1], xids[1]);
    fabric_core_barrier_reply(h.fc, 2, h.session[2], xids[2] + 1000);
    clear_sent(&h);
    h.now += 20;
    turn(&h);
    for (d = 1; d <= 4; d++) {
        assert_int_equal(h.sent[d].flow_mods + h.sent[d].group_mods, 0);
    }
    for (d = 2; d <= 4; d++) {
        fabric_core_barrier_reply(h.fc, d, h.session[d], xids[d]);
    }
    clear_sent(&h);
    h.now += 20;
    turn(&h);
    for (d = 1; d <= 4; d++) {
        size_t mods = h.sent[d].flow_mods + h.sent[d].group_mods;

        n_mods += mods;
        /* The final state: no transitional barrier, only the one that
         * follows every non-empty diff. */
        assert_int_equal(h.sent[d].barriers, mods ? 1 : 0);
    }
    assert_true(n_mods > 0);
    harness_uninit(&h);
}

static void
test_big_readback(void **state KUMO_UNUSED)
{
    struct fabric_state *st = fabric_state_create();
    struct buf flows, groups;
    struct harness h;
    size_t i;

    /* 3000 source entries: a FLOW body well over 64 kB. */
    for (i = 0; i < 3000; i++) {
        struct eth_addr mac = { { 0x02, 0x10, 0, 0, (uint8_t) (i >> 8),
                                  (uint8_t) i } };
        struct fabric_flow f;

        memset(&f, 0, sizeof f);
        f.table_id = FABRIC_TABLE_CLASSIFY;
        f.priority = FABRIC_PRIO_HOST_SRC;
        ofp_match_init_catchall(&f.match);
        ofp_match_set_in_port(&f.match, EDGE_PORT);
        ofp_match_set_eth_src(&f.match, &mac);
        f.cookie = FABRIC_COOKIE(FABRIC_APP_FABRIC);
        ofp_instructions_init(&f.instructions);
        f.instructions.present = OFPINST_GOTO_TABLE;
        f.instructions.goto_table = FABRIC_TABLE_POLICY;
        fabric_state_add_flow(st, &f);
    }
    buf_init(&flows, 0);
    buf_init(&groups, 0);
    fabric_fixture_readback(st, &flows, &groups);
    assert_true(flows.size > 65536);

    harness_init(&h, ring4, ARRAY_SIZE(ring4), 4);
    switch_up(&h, 1, 11, &flows, &groups);
    assert_int_equal(fabric_core_get_stats(h.fc)->readback_errors, 0);
    assert_int_equal(fabric_state_n_flows(fabric_core_switch_state(h.fc, 1)),
                     3000);
    assert_int_equal(topo_host_count(fabric_core_hosts(h.fc)), 3000);

    /* A truncated body is an error: treated as empty. */
    switch_up(&h, 1, 12, &flows, NULL);
    flows.size -= 3;
    switch_up(&h, 1, 13, &flows, &groups);
    assert_int_equal(fabric_core_get_stats(h.fc)->readback_errors, 1);
    assert_int_equal(fabric_state_n_flows(fabric_core_switch_state(h.fc, 1)),
                     0);
    buf_uninit(&flows);
    buf_uninit(&groups);
    fabric_state_destroy(st);
    harness_uninit(&h);
}

static void
test_views(void **state KUMO_UNUSED)
{
    struct harness h;
    struct buf frame;
    json_t *topo, *path, *counters;
    char *error = NULL;
    uint64_t d;

    ring_up(&h);
    buf_init(&frame, 64);
    for (d = 1; d <= 4; d++) {
        buf_clear(&frame);
        arp_request(&frame, (uint8_t) d, 1);
        fabric_core_packet_in(h.fc, d, h.session[d], EDGE_PORT, frame.data,
                              frame.size, h.now);
    }
    topo = fabric_show_topology(h.fc, h.now);
    assert_int_equal(json_integer_value(json_object_get(topo, "n_links")), 4);
    assert_int_equal(json_integer_value(json_object_get(topo, "n_hosts")), 4);
    assert_int_equal(json_array_size(json_object_get(topo, "links")), 4);
    assert_int_equal(json_array_size(json_object_get(topo, "switches")), 4);
    assert_string_equal(json_string_value(json_object_get(
        json_array_get(json_object_get(topo, "links"), 0), "state")), "up");
    json_decref(topo);

    /* 1 -> 3 is two hops either way round the ring. */
    path = fabric_show_path(h.fc, "02:00:00:00:00:01", "198.19.0.3", h.now,
                            &error);
    assert_non_null(path);
    assert_int_equal(json_integer_value(json_object_get(path, "distance")),
                     2);
    assert_int_equal(json_array_size(json_object_get(path, "hops")), 3);
    assert_int_equal(json_array_size(json_object_get(
        json_array_get(json_object_get(path, "hops"), 0), "ecmp")), 2);
    json_decref(path);

    assert_null(fabric_show_path(h.fc, "198.19.0.1", "198.19.0.99", h.now,
                                 &error));
    assert_non_null(strstr(error, "198.19.0.99"));
    free(error);
    error = NULL;
    assert_null(fabric_show_path(h.fc, "nonsense", "198.19.0.1", h.now,
                                 &error));
    assert_non_null(strstr(error, "nonsense"));
    free(error);

    {
        struct fabric_counters c;

        fabric_core_get_counters(h.fc, &c);
        counters = fabric_show_counters(&c);
    }
    assert_int_equal(json_integer_value(json_object_get(counters, "n_links")),
                     4);
    assert_true(json_integer_value(json_object_get(counters, "change_seq"))
                > 0);
    json_decref(counters);
    buf_uninit(&frame);
    harness_uninit(&h);
}

/* The FLOW stats body switch 'dpid' would answer a poll with: its host
 * source entries, each with 'packets' packets. */
static void
poll_body(struct harness *h, uint64_t dpid, uint64_t packets,
          struct buf *body)
{
    const struct fabric_state *st = fabric_core_switch_state(h->fc, dpid);
    struct buf msg;
    size_t i;

    buf_init(&msg, 0);
    for (i = 0; i < fabric_state_n_flows(st); i++) {
        const struct fabric_flow *f = fabric_state_flow_at(st, i);
        struct ofp_flow_stats fs;
        size_t start;

        if (f->table_id != FABRIC_TABLE_CLASSIFY
            || f->priority != FABRIC_PRIO_HOST_SRC) {
            continue;
        }
        memset(&fs, 0, sizeof fs);
        fs.table_id = f->table_id;
        fs.match = f->match;
        fs.priority = f->priority;
        fs.cookie = f->cookie;
        fs.instructions = f->instructions;
        fs.packet_count = packets;
        buf_clear(&msg);
        start = ofp_flow_stats_reply_start(&msg, OFP13_VERSION, 0, 1);
        assert_int_equal(ofp_flow_stats_reply_append(&msg, OFP13_VERSION,
                                                     &fs), 0);
        ofp_flow_stats_reply_finish(&msg, start);
        buf_put(body, msg.data + 16, msg.size - 16);
    }
    buf_uninit(&msg);
}

static void
test_host_aging(void **state KUMO_UNUSED)
{
    struct eth_addr mac = { { 0x02, 0, 0, 0, 0, 1 } };
    uint64_t packets = 0, t_quiet, gone_at = 0;
    struct harness h;
    struct buf frame, body;

    host_idle_ms = 3000;
    ring_up(&h);
    host_idle_ms = 0;
    buf_init(&frame, 64);
    buf_init(&body, 0);
    arp_request(&frame, 1, 2);
    fabric_core_packet_in(h.fc, 1, h.session[1], EDGE_PORT, frame.data,
                          frame.size, h.now);

    /* Active (its source entry counts packets) for 10 s: kept. */
    t_quiet = h.now + 10000;
    while (h.now < t_quiet + 8000 && !gone_at) {
        clear_sent(&h);
        turn(&h);
        answer_barriers(&h);
        if (h.sent[1].polls) {
            if (h.now < t_quiet) {
                packets += 5;
            }
            buf_clear(&body);
            poll_body(&h, 1, packets, &body);
            fabric_core_flow_stats(h.fc, 1, h.session[1],
                                   h.sent[1].poll_xid, body.data, body.size,
                                   h.now);
        }
        if (!topo_host_find(fabric_core_hosts(h.fc), &mac, 0)) {
            gone_at = h.now;
        }
        h.now += 100;
    }
    /* Forgotten within idle time + a poll period after going quiet. */
    assert_true(gone_at > t_quiet);
    assert_true(gone_at <= t_quiet + 3000 + 1000 + 200);
    assert_true(fabric_core_get_stats(h.fc)->host_refreshes > 0);
    /* A reply to no poll of ours is ignored. */
    fabric_core_flow_stats(h.fc, 1, h.session[1], 12345, body.data,
                           body.size, h.now);
    buf_uninit(&frame);
    buf_uninit(&body);
    harness_uninit(&h);
}

/* Tenant networks through the core (fabric-tenant.h): a model with port
 * bindings on switches 1 and 3 and a MAC binding for host 2. The MAC-bound
 * host's frames are learned but never sent on, untenanted frames are
 * never flooded to tenant ports, every switch gets tenant flows, the
 * MAC-bound host's location comes back from the read-back after a
 * restart, and the restarted core sends nothing. */
static void
add_port(struct vnet_db *db, const char *net, enum vnet_binding_kind kind,
         uint64_t dpid, uint8_t id)
{
    struct vnet_error err;
    struct vnet_port p;

    memset(&p, 0, sizeof p);
    memcpy(p.network_uuid, net, VNET_UUID_SIZE);
    p.has_mac = true;
    p.mac = (struct eth_addr) { { 0x02, 0, 0, 0, 0, id } };
    p.binding.kind = kind;
    if (kind == VNET_BIND_MAC) {
        p.binding.mac = p.mac;
    } else {
        p.binding.dpid = dpid;
        p.binding.port_no = EDGE_PORT;
    }
    assert_int_equal(vnet_db_port_create(db, &p, NULL, &err), 0);
}

static void
test_tenant_hitless_restart(void **state KUMO_UNUSED)
{
    struct eth_addr mac2 = { { 0x02, 0, 0, 0, 0, 2 } };
    struct buf flows[5], groups[5], frame;
    const struct vnet_snapshot *snap;
    struct vnet_network net, net_out;
    struct vnet_tenant t, t_out;
    struct fabric_config cfg;
    struct vnet_error err;
    struct vnet_db *db;
    struct harness h;
    uint64_t d;
    size_t i;

    db = vnet_db_open(":memory:", &err);
    assert_non_null(db);
    memset(&t, 0, sizeof t);
    strcpy(t.name, "A");
    assert_int_equal(vnet_db_tenant_create(db, &t, &t_out, &err), 0);
    memset(&net, 0, sizeof net);
    memcpy(net.tenant_uuid, t_out.uuid, VNET_UUID_SIZE);
    strcpy(net.name, "A1");
    assert_int_equal(vnet_db_network_create(db, &net, &net_out, &err), 0);
    add_port(db, net_out.uuid, VNET_BIND_SWITCH_PORT, 1, 1);
    add_port(db, net_out.uuid, VNET_BIND_SWITCH_PORT, 3, 3);
    add_port(db, net_out.uuid, VNET_BIND_MAC, 0, 2);
    snap = vnet_db_snapshot(db);

    ring_up(&h);
    fabric_core_set_vnet(h.fc, snap);
    settle(&h, 200);
    buf_init(&frame, 64);
    for (d = 2; d <= 4; d += 2) {
        /* Host 2 (MAC-bound) and host 4 (on a claimed port: MAC mode). */
        buf_clear(&frame);
        arp_request(&frame, (uint8_t) d, 1);
        clear_sent(&h);
        fabric_core_packet_in(h.fc, d, h.session[d], EDGE_PORT, frame.data,
                              frame.size, h.now);
        turn(&h);
        for (i = 1; i <= 4; i++) {
            assert_int_equal(h.sent[i].n_out_ports, 0);
        }
    }
    settle(&h, 200);
    assert_non_null(topo_host_find(fabric_core_hosts(h.fc), &mac2, 0));
    for (d = 1; d <= 4; d++) {
        const struct fabric_state *st = fabric_core_switch_state(h.fc, d);
        size_t n_tenant = 0, n_here = 0;

        for (i = 0; i < fabric_state_n_flows(st); i++) {
            const struct fabric_flow *f = fabric_state_flow_at(st, i);

            n_tenant += f->cookie == FABRIC_COOKIE(FABRIC_APP_VNET);
            n_here += f->priority == FABRIC_TENANT_PRIO_MAC_HERE;
        }
        assert_true(n_tenant > 0);
        assert_int_equal(n_here, d == 2);
        buf_init(&flows[d], 0);
        buf_init(&groups[d], 0);
        fabric_fixture_readback(st, &flows[d], &groups[d]);
    }

    /* "Restart": a new core gets the model, then reads the switches. */
    fabric_core_destroy(h.fc);
    fabric_config(&cfg);
    h.fc = fabric_core_create(&cfg);
    fabric_core_set_vnet(h.fc, snap);
    for (d = 1; d <= 4; d++) {
        switch_up(&h, d, 20 + d, &flows[d], &groups[d]);
    }
    assert_non_null(topo_host_find(fabric_core_hosts(h.fc), &mac2, 0));
    for (; h.now < 5000; h.now += 20) {
        clear_sent(&h);
        turn(&h);
        answer_barriers(&h);
        for (d = 1; d <= 4; d++) {
            assert_int_equal(h.sent[d].flow_mods, 0);
            assert_int_equal(h.sent[d].group_mods, 0);
        }
    }
    assert_int_equal(fabric_core_n_synced(h.fc), 4);
    for (d = 1; d <= 4; d++) {
        buf_uninit(&flows[d]);
        buf_uninit(&groups[d]);
    }
    buf_uninit(&frame);
    harness_uninit(&h);
    vnet_snapshot_destroy(snap);
    vnet_db_close(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discovery_ring),
        cmocka_unit_test(test_flood_once),
        cmocka_unit_test(test_unicast_known),
        cmocka_unit_test(test_fabric_port_not_learned),
        cmocka_unit_test(test_stale_session),
        cmocka_unit_test(test_hitless_restart),
        cmocka_unit_test(test_transition_waits_for_barriers),
        cmocka_unit_test(test_big_readback),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_host_aging),
        cmocka_unit_test(test_tenant_hitless_restart),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
