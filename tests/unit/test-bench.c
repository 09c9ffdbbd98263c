/* Unit tests for kumo-bench's pure parts: the traffic model (MAC scheme,
 * peers, ports, frames), the statistics, and the message helpers.
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
#include "../../bench/bench-ofp.c"
#include "../../bench/bench-stats.c"

static void
test_mac_scheme_round_trips(void **state)
{
    static const uint32_t sws[] = { 0, 1, 255, 256, 65535 };
    static const uint32_t idxs[] = { 0, 1, 2, 999, 65536, (1u << 24) - 1 };
    size_t i, j;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(sws); i++) {
        for (j = 0; j < ARRAY_SIZE(idxs); j++) {
            struct eth_addr mac;
            uint32_t sw, idx;

            bench_frame_mac(sws[i], idxs[j], &mac);
            assert_int_equal(mac.ea[0] & 1, 0);         /* Unicast. */
            assert_true(bench_frame_mac_parse(&mac, &sw, &idx));
            assert_int_equal(sw, sws[i]);
            assert_int_equal(idx, idxs[j]);
        }
    }
}

static void
test_macs_distinct_across_switches(void **state)
{
    struct eth_addr a, b;

    (void) state;
    bench_frame_mac(1, 5, &a);
    bench_frame_mac(2, 5, &b);
    assert_memory_not_equal(&a, &b, sizeof a);
    bench_frame_mac(1, 6, &b);
    assert_memory_not_equal(&a, &b, sizeof a);
    assert_int_equal(bench_frame_dpid(0), 1);
}

static void
test_peer_is_another_mac_on_another_port(void **state)
{
    static const uint32_t counts[] = { 2, 3, 4, 7, 100, 1001 };
    static const uint32_t port_counts[] = { 2, 4, 6, 48 };
    size_t i, j;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(counts); i++) {
        for (j = 0; j < ARRAY_SIZE(port_counts); j++) {
            uint32_t n = counts[i], np = port_counts[j], idx;

            for (idx = 0; idx < n; idx++) {
                uint32_t peer = bench_frame_peer(idx, n);
                uint32_t port = bench_frame_port(idx, np);

                assert_true(peer < n);
                assert_int_not_equal(peer, idx);
                assert_true(port >= 1 && port <= np);
                assert_int_not_equal(bench_frame_port(peer, np), port);
            }
        }
    }
}

static void
test_frame_is_valid_ipv4_udp(void **state)
{
    uint8_t frame[BENCH_FRAME_SIZE];
    struct eth_addr src, dst, dst2;

    (void) state;
    bench_frame_mac(3, 10, &src);
    bench_frame_mac(3, 11, &dst);
    bench_frame_build(frame, &dst, &src, 10, 11);
    assert_memory_equal(frame + BENCH_FRAME_DST_OFS, dst.ea, 6);
    assert_memory_equal(frame + BENCH_FRAME_SRC_OFS, src.ea, 6);
    assert_int_equal(frame[12], 0x08);
    assert_int_equal(frame[13], 0x00);
    assert_int_equal(frame[14], 0x45);
    assert_int_equal(frame[23], 17);
    assert_int_equal(bench_frame_ip_csum(frame + 14, 20), 0);
    assert_int_equal(frame[26], 198);                   /* 198.18/15 */
    assert_int_equal(frame[27] & 0xfe, 18);
    assert_int_equal(frame[14 + 2] << 8 | frame[14 + 3], 46);

    /* Patching the MACs leaves the IPv4 header valid. */
    bench_frame_mac(9, 1, &dst2);
    bench_frame_set_macs(frame, &dst2, &src);
    assert_memory_equal(frame, dst2.ea, 6);
    assert_int_equal(bench_frame_ip_csum(frame + 14, 20), 0);
}

static void
test_ip_checksum_known_value(void **state)
{
    /* Header from RFC 1071-style worked examples: sum of words folded. */
    static const uint8_t hdr[20] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };

    (void) state;
    assert_int_equal(bench_frame_ip_csum(hdr, sizeof hdr), 0xb861);
}

static void
test_median_odd_even_empty(void **state)
{
    static const double odd[] = { 5, 1, 9, 3, 7 };
    static const double even[] = { 4, 1, 3, 2 };
    struct bench_stats_summary s;

    (void) state;
    bench_stats_summarize(odd, ARRAY_SIZE(odd), &s);
    assert_int_equal(s.n, 5);
    assert_true(s.median == 5);
    assert_true(s.min == 1 && s.max == 9 && s.mean == 5);
    assert_true(odd[0] == 5);                   /* Input left unsorted. */
    assert_true(bench_stats_median(even, ARRAY_SIZE(even)) == 2.5);
    bench_stats_summarize(NULL, 0, &s);
    assert_int_equal(s.n, 0);
    assert_true(s.median == 0);
}

static void
test_latency_percentiles(void **state)
{
    struct bench_stats_lat lat;
    uint32_t i;

    (void) state;
    bench_stats_lat_init(&lat);
    assert_int_equal(bench_stats_lat_percentile(&lat, 50), 0);
    for (i = 100; i >= 1; i--) {
        bench_stats_lat_add(&lat, i * 1000);
    }
    bench_stats_lat_add(&lat, UINT64_MAX);      /* Clamped. */
    assert_int_equal(lat.n, 101);
    assert_int_equal(bench_stats_lat_percentile(&lat, 0), 1000);
    assert_int_equal(bench_stats_lat_percentile(&lat, 50), 51000);
    assert_int_equal(bench_stats_lat_percentile(&lat, 99), 100000);
    assert_int_equal(bench_stats_lat_percentile(&lat, 100), UINT32_MAX);
    bench_stats_lat_uninit(&lat);
}

static void
test_hello_negotiation(void **state)
{
    struct buf b;
    const struct ofp_header *oh;
    enum ofptype type;

    (void) state;
    buf_init(&b, 0);
    bench_ofp_hello(&b, (1u << OFP10_VERSION) | (1u << OFP13_VERSION));
    oh = (const void *) b.data;
    assert_int_equal(oh->version, OFP13_VERSION);
    assert_int_equal(ntohs(oh->length), 16);
    assert_int_equal(bench_ofp_classify(oh, b.size, &type), 0);
    assert_int_equal(type, OFPTYPE_HELLO);
    assert_int_equal(bench_ofp_negotiate(oh, b.size, 1u << OFP10_VERSION),
                     OFP10_VERSION);
    assert_int_equal(bench_ofp_negotiate(oh, b.size, 1u << OFP13_VERSION),
                     OFP13_VERSION);
    assert_int_equal(bench_ofp_negotiate(oh, b.size, 1u << OFP12_VERSION),
                     0);

    /* A bare 1.0 hello implies version 1.0 only. */
    buf_clear(&b);
    bench_ofp_hello(&b, 1u << OFP10_VERSION);
    oh = (const void *) b.data;
    assert_int_equal(ntohs(oh->length), 8);
    assert_int_equal(bench_ofp_negotiate(oh, b.size,
                                         (1u << OFP10_VERSION)
                                         | (1u << OFP13_VERSION)),
                     OFP10_VERSION);
    buf_uninit(&b);
}

static void
test_packet_in_and_responder_packet_out(void **state)
{
    static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t frame[BENCH_FRAME_SIZE];
        struct eth_addr src, dst;
        const struct ofp_header *oh;
        enum ofptype type;
        struct buf pi, po;
        size_t ofs;

        bench_frame_mac(0, 0, &src);
        bench_frame_mac(0, 1, &dst);
        bench_frame_build(frame, &dst, &src, 0, 1);
        buf_init(&pi, 0);
        ofs = bench_ofp_packet_in(&pi, versions[i], 7, 1234, 3, frame,
                                  sizeof frame);
        assert_int_equal(ofs + sizeof frame, pi.size);
        assert_memory_equal(pi.data + ofs, frame, sizeof frame);
        oh = (const void *) pi.data;
        assert_int_equal(ntohs(oh->length), pi.size);
        assert_int_equal(bench_ofp_classify(oh, pi.size, &type), 0);
        assert_int_equal(type, OFPTYPE_PACKET_IN);

        buf_init(&po, 0);
        assert_int_equal(bench_ofp_packet_out_for(&po, oh, pi.size), 0);
        oh = (const void *) po.data;
        assert_int_equal(ntohs(oh->length), po.size);
        assert_int_equal(bench_ofp_classify(oh, po.size, &type), 0);
        assert_int_equal(type, OFPTYPE_PACKET_OUT);
        assert_int_equal(bench_ofp_buffer_id(oh, po.size, type), 1234);
        assert_int_equal(bench_ofp_verify(oh, type, 0, 4), 0);

        /* A packet-in whose length cuts its fixed part is refused. */
        buf_clear(&po);
        pi.data[2] = 0;
        pi.data[3] = 12;
        assert_int_not_equal(bench_ofp_packet_out_for(&po, (const void *)
                                                      pi.data, 12), 0);
        assert_int_equal(po.size, 0);
        buf_uninit(&po);
        buf_uninit(&pi);
    }
}

static void
test_verify_checks_flow_destination(void **state)
{
    static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(versions); i++) {
        uint32_t right = bench_frame_port(5, 4), wrong = right % 4 + 1;
        const struct ofp_header *oh;
        struct ofp_flow_mod fm;
        struct ofp_action out;
        struct eth_addr dst;
        struct buf b;

        buf_init(&b, 0);
        bench_frame_mac(2, 5, &dst);
        ofp_flow_mod_init(&fm);
        ofp_match_set_eth_dst(&fm.match, &dst);
        fm.buffer_id = 77;
        out = ofp_action_output(right, 0);
        ofp_instructions_set_apply(&fm.instructions, &out, 1);
        assert_int_equal(ofp_flow_mod_encode(&fm, versions[i], 1, &b), 0);
        oh = (const void *) b.data;
        assert_int_equal(bench_ofp_buffer_id(oh, b.size, OFPTYPE_FLOW_MOD),
                         77);
        assert_int_equal(bench_ofp_verify(oh, OFPTYPE_FLOW_MOD, 2, 4), 0);
        /* Another switch's MAC is not checked against this switch. */
        assert_int_equal(bench_ofp_verify(oh, OFPTYPE_FLOW_MOD, 3, 4), 0);

        buf_clear(&b);
        out = ofp_action_output(wrong, 0);
        ofp_instructions_set_apply(&fm.instructions, &out, 1);
        assert_int_equal(ofp_flow_mod_encode(&fm, versions[i], 1, &b), 0);
        oh = (const void *) b.data;
        assert_int_equal(bench_ofp_verify(oh, OFPTYPE_FLOW_MOD, 2, 4),
                         EINVAL);
        buf_uninit(&b);
    }
}

int
main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_scheme_round_trips),
        cmocka_unit_test(test_macs_distinct_across_switches),
        cmocka_unit_test(test_peer_is_another_mac_on_another_port),
        cmocka_unit_test(test_frame_is_valid_ipv4_udp),
        cmocka_unit_test(test_ip_checksum_known_value),
        cmocka_unit_test(test_median_odd_even_empty),
        cmocka_unit_test(test_latency_percentiles),
        cmocka_unit_test(test_hello_negotiation),
        cmocka_unit_test(test_packet_in_and_responder_packet_out),
        cmocka_unit_test(test_verify_checks_flow_destination),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
