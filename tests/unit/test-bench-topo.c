/* Unit tests for kumo-bench's topology mode, pure parts: the generators
 * (sizes, symmetric cabling, connectivity, seeds), the spec parser, the
 * link picker, the wire (packet-out -> delivery, cut cables, non-LLDP, host
 * ports), one full discovery round through Kumo's own topo_lldp that
 * must find exactly the generated links, and the fabric compiler run over
 * the result.
 *
 * bench/ is one program, not a library, so the sources under test are
 * compiled into this test directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../bench/bench-frame.c"
#include "../../bench/bench-io.c"
#include "../../bench/bench-ofp.c"
#include "../../bench/bench-stats.c"
#include "../../bench/bench-topo.c"
#include "../../bench/bench-topo-calc.c"

static void
parse_ok(const char *spec, uint32_t hosts, struct bench_topo *t)
{
    char *error = bench_topo_parse(spec, hosts, t);

    if (error) {
        fail_msg("%s: %s", spec, error);
    }
}

/* Every cable is seen the same from both ends, every port is either a
 * cable end or a host, and the port counts add up. */
static void
check_consistent(const struct bench_topo *t)
{
    size_t cable_ends = 0, host_ports = 0, i;
    uint32_t s, p;

    for (s = 0; s < t->n_switches; s++) {
        for (p = 1; p <= t->n_ports[s]; p++) {
            struct bench_topo_end peer = bench_topo_peer(t, s, p), back;

            if (peer.sw == BENCH_TOPO_NONE) {
                host_ports++;
                assert_int_equal(bench_topo_port_link(t, s, p),
                                 BENCH_TOPO_NONE);
                continue;
            }
            cable_ends++;
            assert_int_not_equal(peer.sw, s);           /* No loops. */
            back = bench_topo_peer(t, peer.sw, peer.port);
            assert_int_equal(back.sw, s);
            assert_int_equal(back.port, p);
            assert_int_equal(bench_topo_port_link(t, s, p),
                             bench_topo_port_link(t, peer.sw, peer.port));
        }
    }
    assert_int_equal(cable_ends, 2 * t->n_links);
    assert_int_equal(host_ports, t->n_hosts);
    for (i = 0; i < t->n_hosts; i++) {
        assert_int_equal(bench_topo_peer(t, t->hosts[i].sw,
                                         t->hosts[i].port).sw,
                         BENCH_TOPO_NONE);
    }
    assert_true(bench_topo_connected_without(t, SIZE_MAX));
}

static void
test_fattree_sizes(void **state)
{
    static const uint32_t ks[] = { 2, 4, 8, 16 };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(ks); i++) {
        uint32_t k = ks[i];
        struct bench_topo t;
        char spec[32];

        snprintf(spec, sizeof spec, "fattree:%u", k);
        parse_ok(spec, 99, &t);             /* 'hosts' does not apply. */
        assert_int_equal(t.n_switches, 5 * k * k / 4);
        assert_int_equal(t.n_links, k * k * k / 2);
        assert_int_equal(t.n_hosts, k * k * k / 4);
        check_consistent(&t);
        bench_topo_uninit(&t);
    }
}

static void
test_fattree_wiring(void **state)
{
    struct bench_topo t;
    struct bench_topo_end e;

    (void) state;
    parse_ok("fattree:4", 1, &t);
    /* 4 cores (0-3); pod 0: aggregation 4, 5; edge 6, 7. */
    e = bench_topo_peer(&t, 6, 1);          /* Edge 0, port 1: agg 0. */
    assert_int_equal(e.sw, 4);
    assert_int_equal(e.port, 1);
    e = bench_topo_peer(&t, 7, 2);          /* Edge 1, port 2: agg 1. */
    assert_int_equal(e.sw, 5);
    assert_int_equal(e.port, 2);
    e = bench_topo_peer(&t, 6, 3);          /* Host ports. */
    assert_int_equal(e.sw, BENCH_TOPO_NONE);
    e = bench_topo_peer(&t, 5, 3);          /* Agg 1, up 0: core 2. */
    assert_int_equal(e.sw, 2);
    assert_int_equal(e.port, 1);            /* Core's port 1: pod 0. */
    e = bench_topo_peer(&t, 3, 4);          /* Core 3, port 4: pod 3. */
    assert_int_equal(e.sw, 4 + 3 * 4 + 1);  /* Its aggregation switch 1. */
    assert_int_equal(e.port, 4);
    bench_topo_uninit(&t);
}

static void
test_random_graph(void **state)
{
    struct bench_topo a, b, c;
    size_t i;

    (void) state;
    parse_ok("random:200:4:7", 2, &a);
    parse_ok("random:200:4:7", 2, &b);
    parse_ok("random:200:4:8", 2, &c);
    assert_int_equal(a.n_switches, 200);
    assert_int_equal(a.n_links, 400);
    assert_int_equal(a.n_hosts, 400);
    check_consistent(&a);
    check_consistent(&c);
    for (i = 0; i < a.n_links; i++) {           /* Same seed, same graph. */
        assert_memory_equal(&a.links[i], &b.links[i], sizeof a.links[i]);
    }
    assert_memory_not_equal(a.links, c.links, 400 * sizeof *a.links);
    bench_topo_uninit(&a);
    bench_topo_uninit(&b);
    bench_topo_uninit(&c);

    parse_ok("random:50:1", 0, &a);             /* A tree at least. */
    assert_int_equal(a.n_links, 49);
    assert_int_equal(a.n_hosts, 0);
    check_consistent(&a);
    assert_int_equal(bench_topo_pick_link(&a, 1), BENCH_TOPO_NONE);
    bench_topo_uninit(&a);
}

static void
test_small_kinds(void **state)
{
    struct bench_topo t;

    (void) state;
    parse_ok("ring:5", 1, &t);
    assert_int_equal(t.n_links, 5);
    check_consistent(&t);
    bench_topo_uninit(&t);
    parse_ok("line:3", 2, &t);
    assert_int_equal(t.n_links, 2);
    assert_int_equal(t.n_hosts, 6);
    check_consistent(&t);
    assert_int_equal(bench_topo_pick_link(&t, 3), BENCH_TOPO_NONE);
    bench_topo_uninit(&t);
    parse_ok("leafspine:2:4", 3, &t);
    assert_int_equal(t.n_switches, 6);
    assert_int_equal(t.n_links, 8);
    assert_int_equal(t.n_hosts, 12);
    check_consistent(&t);
    bench_topo_uninit(&t);
}

static void
test_bad_specs(void **state)
{
    static const char *bad[] = {
        "", "fattree", "fattree:3", "fattree:0", "fattree:66", "ring:2",
        "line:1", "random:10", "random:10:20", "random:10:x",
        "random:10:2:-1", "leafspine:2", "mesh:4", "ring:4:4", "ring:4x",
        "fattree:4:1:2:3:4",
    };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        struct bench_topo t;
        char *error = bench_topo_parse(bad[i], 1, &t);

        if (!error) {
            fail_msg("\"%s\" was accepted", bad[i]);
        }
        assert_non_null(strstr(error, "topology"));
        free(error);
    }
}

static void
test_pick_link_keeps_connectivity(void **state)
{
    static const char *specs[] = { "ring:6", "fattree:4", "random:100:3:5",
                                   "leafspine:2:3" };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(specs); i++) {
        struct bench_topo t;
        uint32_t link;

        parse_ok(specs[i], 1, &t);
        link = bench_topo_pick_link(&t, 42);
        assert_int_not_equal(link, BENCH_TOPO_NONE);
        assert_true(bench_topo_connected_without(&t, link));
        assert_int_equal(link, bench_topo_pick_link(&t, 42));
        bench_topo_uninit(&t);
    }
}

/* Appends a packet-out of 'frame' to 'port'; returns the message. */
static const struct ofp_header *
packet_out(struct buf *b, uint32_t port, const void *frame, size_t size)
{
    buf_clear(b);
    assert_int_equal(ofp_packet_out_encode_output(OFP_NO_BUFFER,
                                                  OFPP_CONTROLLER, port,
                                                  frame, size,
                                                  OFP13_VERSION, 1, b), 0);
    return (const struct ofp_header *) (void *) b->data;
}

static void
test_wire(void **state)
{
    struct bench_topo_delivery d[4];
    struct bench_topo_wire_stats ws;
    struct bench_topo t;
    uint8_t lldp[64], ip[64];
    struct buf b;
    uint32_t link;
    int n, error;

    (void) state;
    memset(&ws, 0, sizeof ws);
    memset(lldp, 0, sizeof lldp);
    lldp[12] = 0x88, lldp[13] = 0xcc;
    memset(ip, 0, sizeof ip);
    ip[12] = 0x08;
    buf_init(&b, 128);
    parse_ok("line:3", 1, &t);              /* s0:1-s1:1, s1:2-s2:1. */

    n = bench_topo_wire(&t, 1, packet_out(&b, 2, lldp, sizeof lldp), d, 4,
                        &ws, &error);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].sw, 2);
    assert_int_equal(d[0].port, 1);
    assert_int_equal(d[0].size, sizeof lldp);
    assert_memory_equal(d[0].frame, lldp, sizeof lldp);

    n = bench_topo_wire(&t, 1, packet_out(&b, 2, ip, sizeof ip), d, 4, &ws,
                        &error);
    assert_int_equal(n, 0);
    assert_int_equal(ws.not_lldp, 1);
    n = bench_topo_wire(&t, 1, packet_out(&b, 3, lldp, sizeof lldp), d, 4,
                        &ws, &error);                   /* Host port. */
    assert_int_equal(n, 0);
    assert_int_equal(ws.to_host, 1);
    n = bench_topo_wire(&t, 1, packet_out(&b, 9, lldp, sizeof lldp), d, 4,
                        &ws, &error);                   /* No such port. */
    assert_int_equal(n, 0);
    assert_int_equal(ws.other, 1);

    link = bench_topo_port_link(&t, 1, 2);
    t.cut[link] = true;
    n = bench_topo_wire(&t, 1, packet_out(&b, 2, lldp, sizeof lldp), d, 4,
                        &ws, &error);
    assert_int_equal(n, 0);
    assert_int_equal(ws.cut, 1);
    t.cut[link] = false;
    assert_int_equal(ws.lldp, 1);

    buf_clear(&b);                                      /* Not a packet-out. */
    assert_int_equal(ofp_barrier_reply_encode(OFP13_VERSION, 1, &b), 0);
    n = bench_topo_wire(&t, 1, (const struct ofp_header *) (void *) b.data,
                        d, 4, &ws, &error);
    assert_int_equal(n, -1);
    assert_int_not_equal(error, 0);
    buf_uninit(&b);
    bench_topo_uninit(&t);
}

/* A discovery round through topo_lldp over the wire finds every link, the
 * host pairs all route, and a failure changes some next hops. */
static void
test_calc_discovers_every_link(void **state)
{
    static const char *specs[] = { "ring:5", "fattree:4", "random:60:3:9",
                                   "leafspine:2:4" };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(specs); i++) {
        struct bench_topo_calc_result res;
        struct bench_topo t;
        char *error;

        parse_ok(specs[i], 1, &t);
        error = bench_topo_calc(&t, 200, 3, 1, true, &res);
        if (error) {
            fail_msg("%s", error);
        }
        assert_int_equal(res.links_found, t.n_links);
        assert_int_equal(res.lldp_probes, t.n_port_total);
        assert_int_equal(res.unreachable, 0);
        assert_int_equal(res.n_pairs, 200);
        assert_true(res.hops_mean > 0);
        assert_int_not_equal(res.fail_link, BENCH_TOPO_NONE);
        assert_true(res.changed_next_hops > 0);
        assert_int_equal(res.fail_unreachable, 0);
        /* The compiler gives every switch flows and groups, and the
         * failure changes some switches, not more than exist. */
        assert_true(res.flows >= t.n_switches);
        assert_true(res.groups >= t.n_switches);
        assert_true(res.flows_max <= res.flows);
        assert_true(res.fail_msgs > 0);
        assert_true(res.fail_msg_switches > 0);
        assert_true(res.fail_msg_switches <= t.n_switches);
        bench_topo_uninit(&t);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fattree_sizes),
        cmocka_unit_test(test_fattree_wiring),
        cmocka_unit_test(test_random_graph),
        cmocka_unit_test(test_small_kinds),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_pick_link_keeps_connectivity),
        cmocka_unit_test(test_wire),
        cmocka_unit_test(test_calc_discovers_every_link),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
