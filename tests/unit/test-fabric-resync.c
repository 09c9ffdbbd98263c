/* Unit tests for the fabric core's handling of lost messages
 * (fabric_core_send_lost(), fabric_core_take_readbacks()) and of the
 * barrier that follows every non-empty diff.  A small harness plays two
 * switches joined by a cable, each with a flow table (a fabric_state the
 * FLOW_MODs and GROUP_MODs it receives are applied to), and can make a
 * switch's "send queue" drop every mod past a budget, as kumod's does past
 * its hard cap.  Checks: a dropped send leaves the switch short of what
 * the core records; once told, the core sends no mod to it until it has
 * read it back, then sends exactly the missing entries and the table
 * converges to the desired state (no message silently lost); a failed
 * read-back during a resynchronisation is retried, never taken as "the
 * switch has none of ours"; a diff is followed by a barrier whose reply
 * marks the switch confirmed; a diff bigger than the send window is
 * handed out in window-sized pieces, each after the previous barrier's
 * reply. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "fabric-fixture.h"
#include "fabric/fabric-core.h"
#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "openflow/openflow-common.h"

#define N_SW 2
#define EDGE_PORT 3             /* Each switch's host port. */

/* One emulated switch. */
struct tsw {
    uint64_t session;
    struct fabric_state *table;     /* What the switch has. */
    size_t mods;                    /* Mods received (applied). */
    size_t barriers;                /* BARRIER_REQUESTs received. */
    uint32_t barrier_xid;           /* The last one. */
    size_t drop_after;              /* Mods to apply before dropping the
                                     * rest (SIZE_MAX: never drop). */
    size_t dropped;                 /* Mods dropped. */
    size_t bytes;                   /* Bytes received in the last turn. */
    size_t max_bytes;               /* Most bytes received in one turn. */
};

struct harness {
    struct fabric_core *fc;
    struct tsw sw[N_SW + 1];        /* By dpid 1..N_SW. */
    uint64_t now;
    struct fabric_fixture_probes probes;    /* LLDP frames to deliver. */
    uint64_t readback_dpid;         /* Last read-back wanted, or 0. */
    uint64_t readback_session;
    size_t n_readbacks;
};

/* The switches' output: what the core queued for 'dpid'. */
static void
take_cb(uint64_t dpid, struct buf *msgs, void *h_)
{
    struct harness *h = h_;
    struct tsw *s = &h->sw[dpid];
    size_t ofs = 0;

    assert_true(dpid >= 1 && dpid <= N_SW);
    s->bytes += msgs->size;
    s->max_bytes = MAX(s->max_bytes, s->bytes);
    while (ofs < msgs->size) {
        const struct ofp_header *oh = (const void *) (msgs->data + ofs);
        size_t len = ntohs(oh->length);

        if (fabric_fixture_probe_take(&h->probes, dpid, oh)) {
            /* An LLDP probe, recorded. */
        } else if (oh->type == OFPT13_FLOW_MOD
                   || oh->type == OFPT13_GROUP_MOD) {
            if (s->mods < s->drop_after) {
                /* Entries missing after drops: no assertion. */
                fabric_fixture_apply_mod(s->table, oh, false);
                s->mods++;
            } else {
                s->dropped++;
            }
        } else if (oh->type == OFPT13_BARRIER_REQUEST) {
            s->barriers++;
            s->barrier_xid = ntohl(oh->xid);
        }
        /* Host activity polls (MULTIPART_REQUEST) go unanswered. */
        ofs += len;
    }
}

static void
readback_cb(uint64_t dpid, uint64_t session, void *h_)
{
    struct harness *h = h_;

    h->readback_dpid = dpid;
    h->readback_session = session;
    h->n_readbacks++;
}

/* The cable: port 1 of switch 1 to port 1 of switch 2. */
static bool
peer_of(void *h_, uint64_t dpid, uint32_t port, uint64_t *peer,
        uint32_t *peer_port, uint64_t *peer_session)
{
    const struct harness *h = h_;

    if (port != 1) {
        return false;
    }
    *peer = dpid == 1 ? 2 : 1;
    *peer_port = 1;
    *peer_session = h->sw[*peer].session;
    return true;
}

/* Runs the core, collects its output, delivers LLDP over the cable and
 * answers the last barrier of each switch (its mods are applied). */
static void
turn(struct harness *h)
{
    uint64_t d;

    for (d = 1; d <= N_SW; d++) {
        h->sw[d].barriers = 0;
        h->sw[d].bytes = 0;
    }
    fabric_core_run(h->fc, h->now);
    fabric_core_take_output(h->fc, take_cb, h);
    fabric_core_take_readbacks(h->fc, h->now, readback_cb, h);
    fabric_fixture_probes_deliver(&h->probes, h->fc, peer_of, h, h->now);
    for (d = 1; d <= N_SW; d++) {
        if (h->sw[d].barriers) {
            fabric_core_barrier_reply(h->fc, d, h->sw[d].session,
                                      h->sw[d].barrier_xid);
        }
    }
    h->now += 20;
}

static void
settle(struct harness *h, uint64_t ms)
{
    uint64_t end = h->now + ms;

    while (h->now < end) {
        turn(h);
    }
}

/* Encodes 't' as the bodies of the read-back replies and hands them to
 * the core for switch 'dpid'. */
static void
deliver_readback(struct harness *h, uint64_t dpid)
{
    struct buf flows, groups;

    buf_init(&flows, 0);
    buf_init(&groups, 0);
    fabric_fixture_readback(h->sw[dpid].table, &flows, &groups);
    fabric_core_readback(h->fc, dpid, h->sw[dpid].session, 0, flows.data,
                         flows.size, groups.data, groups.size, h->now);
    buf_uninit(&flows);
    buf_uninit(&groups);
}

/* Returns how many mods would turn switch 'dpid''s table into what the
 * core records for it (0: identical, as far as the fabric owns). */
static size_t
n_diff_from(struct harness *h, const struct fabric_state *have,
            uint64_t dpid)
{
    const struct fabric_state *want = fabric_core_switch_state(h->fc, dpid);
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    uint32_t xid = 1;
    struct buf out;

    assert_non_null(want);
    buf_init(&out, 0);
    opts.cookie_match = 0;
    opts.cookie_mask = 0;           /* Every flow. */
    opts.group_match = 0;
    opts.group_mask = 0;
    opts.remove_foreign = true;
    assert_int_equal(fabric_sync_diff(have, want, &opts, &xid, &out,
                                      &counts), 0);
    buf_uninit(&out);
    return counts.n_msgs;
}

static size_t
n_diff(struct harness *h, uint64_t dpid)
{
    return n_diff_from(h, h->sw[dpid].table, dpid);
}

static void
harness_init(struct harness *h, size_t drop_after_1)
{
    struct fabric_port ports[2];
    struct fabric_config cfg;
    uint64_t d;

    memset(h, 0, sizeof *h);
    fabric_config_init(&cfg);
    cfg.secret = 0x1234;
    cfg.recompute_ms = 10;
    cfg.settle_ms = 500;
    h->fc = fabric_core_create(&cfg);
    h->now = 1000;
    for (d = 1; d <= N_SW; d++) {
        h->sw[d].session = 10 + d;
        h->sw[d].table = fabric_state_create();
        h->sw[d].drop_after = d == 1 ? drop_after_1 : SIZE_MAX;
        memset(ports, 0, sizeof ports);
        ports[0].port_no = 1;
        ports[1].port_no = EDGE_PORT;
        ports[0].hw_addr = (struct eth_addr) { { 2, 0xaa, 0, 0, (uint8_t) d, 1 } };
        ports[1].hw_addr = (struct eth_addr) { { 2, 0xaa, 0, 0, (uint8_t) d, 3 } };
        ports[0].curr_speed = ports[1].curr_speed = 10000000;
        fabric_core_switch_up(h->fc, d, h->sw[d].session, ports, 2, h->now);
        deliver_readback(h, d);
    }
}

static void
harness_uninit(struct harness *h)
{
    uint64_t d;

    fabric_core_destroy(h->fc);
    for (d = 1; d <= N_SW; d++) {
        fabric_state_destroy(h->sw[d].table);
    }
}

/* Sends an ARP request from a host on switch 'dpid''s edge port, so the
 * switches get host entries too. */
static void
host_arp(struct harness *h, uint64_t dpid, uint16_t id)
{
    struct net_arp arp;
    struct buf b;

    memset(&arp, 0, sizeof arp);
    (void) id;
    arp.eth_dst = (struct eth_addr) { { 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff } };
    arp.eth_src = (struct eth_addr) { { 0x02, 0, 0, 0, (uint8_t) (id >> 8),
                                        (uint8_t) id } };
    arp.op = NET_ARP_OP_REQUEST;
    arp.sha = arp.eth_src;
    arp.spa = htonl(0xc6120000 | id);
    arp.tpa = htonl(0xc6130000 | 250);
    buf_init(&b, 64);
    net_packet_build_arp(&b, &arp);
    fabric_core_packet_in(h->fc, dpid, h->sw[dpid].session, EDGE_PORT,
                          b.data, b.size, h->now);
    buf_uninit(&b);
}

static void
test_dropped_send_resyncs(void **state KUMO_UNUSED)
{
    struct fabric_counters c;
    struct fabric_state *had;
    struct harness h;
    size_t dropped, mods_before, missing;

    /* Switch 1's queue takes 3 mods of its first diff, drops the rest. */
    harness_init(&h, 3);
    host_arp(&h, 1, 1);
    host_arp(&h, 2, 2);
    settle(&h, 1500);
    assert_int_equal(fabric_core_n_synced(h.fc), 2);
    dropped = h.sw[1].dropped;
    assert_true(dropped > 0);
    /* The core believes it installed everything: the drift (dropped
     * mods, some superseded by later ones also dropped). */
    missing = n_diff(&h, 1);
    assert_true(missing > 0);
    assert_true(missing <= dropped);
    assert_int_equal(n_diff(&h, 2), 0);

    /* The shell reports the drop (tx_drops moved). */
    h.sw[1].drop_after = SIZE_MAX;
    fabric_core_send_lost(h.fc, 1, h.sw[1].session, h.now);
    assert_false(fabric_core_switch_synced(h.fc, 1));
    fabric_core_get_counters(h.fc, &c);
    assert_int_equal(c.n_resyncing, 1);
    assert_int_equal(c.core.resyncs, 1);
    /* A second report while the read-back is outstanding changes
     * nothing. */
    mods_before = h.sw[1].mods;
    turn(&h);
    assert_int_equal(h.n_readbacks, 1);
    assert_int_equal(h.readback_dpid, 1);
    assert_int_equal(h.readback_session, h.sw[1].session);
    fabric_core_send_lost(h.fc, 1, h.sw[1].session, h.now);
    host_arp(&h, 2, 3);         /* A change while switch 1 is read back. */
    settle(&h, 400);
    assert_int_equal(h.n_readbacks, 1);
    assert_int_equal(h.sw[1].mods, mods_before);    /* Nothing sent. */

    /* The read-back: what the switch really has. Then only the missing
     * entries (and host 3's) go out, followed by a barrier. */
    had = fabric_state_clone(h.sw[1].table);
    deliver_readback(&h, 1);
    settle(&h, 600);
    assert_true(fabric_core_switch_synced(h.fc, 1));
    assert_int_equal(n_diff(&h, 1), 0);
    assert_int_equal(n_diff(&h, 2), 0);
    /* Exactly the difference went out: no more, no fewer mods. */
    assert_int_equal(h.sw[1].mods - mods_before, n_diff_from(&h, had, 1));
    assert_true(h.sw[1].mods - mods_before >= missing);
    fabric_state_destroy(had);
    assert_int_equal(h.sw[1].dropped, dropped);
    assert_true(fabric_core_switch_confirmed(h.fc, 1));
    fabric_core_get_counters(h.fc, &c);
    assert_int_equal(c.n_resyncing, 0);
    assert_int_equal(c.n_unconfirmed, 0);
    assert_int_equal(c.core.sends_lost, 1);
    assert_true(c.core.diff_barriers >= 3);
    assert_int_equal(c.core.diff_confirms, c.core.diff_barriers);
    harness_uninit(&h);
}

static void
test_resync_readback_error_retries(void **state KUMO_UNUSED)
{
    struct harness h;
    size_t dropped;

    harness_init(&h, 2);
    settle(&h, 1500);
    dropped = h.sw[1].dropped;
    assert_true(dropped > 0);
    h.sw[1].drop_after = SIZE_MAX;
    fabric_core_send_lost(h.fc, 1, h.sw[1].session, h.now);
    turn(&h);
    assert_int_equal(h.n_readbacks, 1);
    /* The read-back request found the queue full. */
    fabric_core_readback(h.fc, 1, h.sw[1].session, 105 /* ENOBUFS */, NULL, 0,
                         NULL, 0, h.now);
    turn(&h);
    assert_int_equal(h.n_readbacks, 1);         /* Not at once... */
    assert_false(fabric_core_switch_synced(h.fc, 1));
    assert_true(fabric_core_next_wake(h.fc) <= h.now + 500);
    settle(&h, 600);
    assert_int_equal(h.n_readbacks, 2);         /* ...but again. */
    assert_false(fabric_core_switch_synced(h.fc, 1));
    deliver_readback(&h, 1);
    settle(&h, 600);
    assert_true(fabric_core_switch_synced(h.fc, 1));
    assert_int_equal(n_diff(&h, 1), 0);
    assert_int_equal(h.sw[1].dropped, dropped);
    harness_uninit(&h);
}

static void
test_diff_confirmed_by_barrier(void **state KUMO_UNUSED)
{
    struct fabric_counters c;
    struct harness h;

    harness_init(&h, SIZE_MAX);
    settle(&h, 1500);
    /* Now one change, its barrier not answered yet. */
    host_arp(&h, 1, 7);
    fabric_core_run(h.fc, h.now);
    fabric_core_take_output(h.fc, take_cb, &h);
    h.now += 20;
    assert_false(fabric_core_switch_confirmed(h.fc, 1));
    fabric_core_get_counters(h.fc, &c);
    assert_true(c.n_unconfirmed >= 1);
    /* An unrelated xid confirms nothing. */
    fabric_core_barrier_reply(h.fc, 1, h.sw[1].session,
                              h.sw[1].barrier_xid + 1000);
    assert_false(fabric_core_switch_confirmed(h.fc, 1));
    fabric_core_barrier_reply(h.fc, 1, h.sw[1].session, h.sw[1].barrier_xid);
    assert_true(fabric_core_switch_confirmed(h.fc, 1));
    harness_uninit(&h);
}

/* A diff bigger than the send window goes out in pieces, each after the
 * previous one's barrier was answered: never more than the window on its
 * way, nothing lost, everything in the end. */
static void
test_output_paced(void **state KUMO_UNUSED)
{
    struct harness h;
    uint16_t id;

    harness_init(&h, SIZE_MAX);
    settle(&h, 1500);
    for (id = 1; id <= 4000; id++) {
        host_arp(&h, 2, id);
    }
    h.sw[1].max_bytes = 0;
    settle(&h, 3000);
    assert_true(h.sw[1].max_bytes > 0);
    assert_true(h.sw[1].max_bytes <= 400 * 1024);
    assert_true(h.sw[1].mods >= 4000);
    assert_int_equal(n_diff(&h, 1), 0);
    assert_int_equal(n_diff(&h, 2), 0);
    assert_int_equal(h.sw[1].dropped, 0);
    assert_true(fabric_core_switch_confirmed(h.fc, 1));
    harness_uninit(&h);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dropped_send_resyncs),
        cmocka_unit_test(test_resync_readback_error_retries),
        cmocka_unit_test(test_diff_confirmed_by_barrier),
        cmocka_unit_test(test_output_paced),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
