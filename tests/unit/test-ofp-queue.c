/* Unit tests for ofp-queue: queue get-config and queue stats, 1.0 and 1.3.
 * The expected hex and text were checked with ovs-ofctl ofp-print. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ofp-fixture.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "ofp/ofp-queue.h"

static void
test_get_config_request(void **state)
{
    struct ofp_queue_get_config_request rq = { .port = 1 }, rq2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_queue_get_config_request_encode(&rq, OFP10_VERSION,
                                                         1, &b), 0);
    ofp_fixture_hex("0114000c0000000100010000", &want);
    ofp_fixture_buf_eq(&b, &want);
    buf_uninit(&want);
    assert_int_equal(ofp_queue_get_config_request_decode(&rq2,
                                                         (void *) b.data), 0);
    assert_int_equal(rq2.port, 1);

    buf_clear(&b);
    rq.port = 0xffffffff;
    assert_int_equal(ofp_queue_get_config_request_encode(&rq, OFP13_VERSION,
                                                         1, &b), 0);
    ofp_fixture_hex("0416001000000001ffffffff00000000", &want);
    ofp_fixture_buf_eq(&b, &want);
    assert_int_equal(ofp_queue_get_config_request_decode(&rq2,
                                                         (void *) b.data), 0);
    ofp_queue_get_config_request_format(&s, &rq2);
    assert_string_equal(ds_cstr(&s), " port=ANY");
    /* Reserved ports other than ANY are refused, and 1.0 has no ANY. */
    b.data[11] = 0xfd;
    assert_int_equal(ofp_queue_get_config_request_decode(&rq2,
                                                         (void *) b.data),
                     OFPERR_OFPQOFC_BAD_PORT);
    assert_int_equal(ofp_queue_get_config_request_encode(&rq, OFP10_VERSION,
                                                         1, &b),
                     OFPERR_OFPQOFC_BAD_PORT);
    buf_uninit(&want);
    ofp_fixture_hex("0114000c00000001fffc0000", &want);
    assert_int_equal(ofp_queue_get_config_request_decode(&rq2,
                                                         (void *) want.data),
                     OFPERR_OFPQOFC_BAD_PORT);
    /* Lying length. */
    ((struct ofp_header *) want.data)->length = htons(10);
    assert_int_equal(ofp_queue_get_config_request_decode(&rq2,
                                                         (void *) want.data),
                     OFPERR_OFPBRC_BAD_LEN);
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&want);
}

/* Decodes get-config reply 'hex', checks its text, and that re-encoding
 * gives the same bytes. */
static void
check_get_config_reply(const char *hex, const char *text, size_t n_want)
{
    struct ofp_queue_config qc[4];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out;
    uint32_t port;
    size_t n = 0;
    int error;

    ofp_fixture_hex(hex, &in);
    assert_int_equal(ofp_queue_get_config_reply_decode(&iter, &port,
                                                       (void *) in.data), 0);
    while (!(error = ofp_queue_config_next(&iter, &qc[n]))) {
        n++;
        assert_true(n < ARRAY_SIZE(qc));
    }
    assert_int_equal(error, EOF);
    assert_int_equal(n, n_want);
    buf_init(&out, 0);
    assert_int_equal(ofp_queue_get_config_reply_encode(port, qc, n,
                                                       in.data[0], 1, &out),
                     0);
    ofp_fixture_buf_eq(&in, &out);
    assert_int_equal(ofp_queue_get_config_reply_format(&s, (void *) in.data),
                     0);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
}

static const char qgc_reply10_hex[] =
    "011500300000000100010000000000000000000100180000000100100000000001f4"
    "0000000000000000000200080000";
static const char qgc_reply13_hex[] =
    "0417005000000001000000010000000000000001000000010030000000000000"
    "000100100000000001f4000000000000000200100000000003200000000000000000"
    "0002000000010010000000000000";
static const char qgc_reply13_exp_hex[] =
    "0417004000000001000000010000000000000001000000010030000000000000"
    "000100100000000001f4000000000000ffff0010000000000000232000000000";

static void
test_get_config_reply_samples(void **state)
{
    (void) state;
    check_get_config_reply(qgc_reply10_hex,
                           " port=1\nqueue 1: min_rate:50.0%\nqueue 2:", 2);
    check_get_config_reply(qgc_reply13_hex, " port=1\nqueue 1: "
                           "min_rate:50.0% max_rate:80.0%\nqueue 2:", 2);
    check_get_config_reply(qgc_reply13_exp_hex, " port=1\nqueue 1: "
                           "min_rate:50.0% experimenter:"
                           "ffff0010000000000000232000000000", 1);
}

static void
test_get_config_reply_disabled_and_limits(void **state)
{
    struct ofp_queue_config qc, qc2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf b;
    uint32_t port;

    (void) state;
    memset(&qc, 0, sizeof qc);
    qc.queue_id = 1;
    qc.port = 1;
    qc.has_min_rate = true;
    qc.min_rate = 1001;
    qc.has_max_rate = true;
    qc.max_rate = 5;
    buf_init(&b, 0);
    assert_int_equal(ofp_queue_get_config_reply_encode(1, &qc, 1,
                                                       OFP13_VERSION, 1, &b),
                     0);
    assert_int_equal(ofp_queue_get_config_reply_decode(&iter, &port,
                                                       (void *) b.data), 0);
    assert_int_equal(ofp_queue_config_next(&iter, &qc2), 0);
    assert_memory_equal(&qc, &qc2, sizeof qc);
    ofp_queue_config_format(&s, &qc2);
    assert_string_equal(ds_cstr(&s),
                        "\nqueue 1: min_rate:(disabled) max_rate:0.5%");
    /* 1.0 cannot carry max_rate. */
    buf_clear(&b);
    assert_int_equal(ofp_queue_get_config_reply_encode(1, &qc, 1,
                                                       OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ds_destroy(&s);
    buf_uninit(&b);
}

static int
next_after_mutation(const char *hex, size_t ofs, uint8_t value)
{
    struct ofp_queue_config qc;
    struct ofp_mp_iter iter;
    struct buf b;
    uint32_t port;
    int error;

    ofp_fixture_hex(hex, &b);
    b.data[ofs] = value;
    error = ofp_queue_get_config_reply_decode(&iter, &port, (void *) b.data);
    while (!error) {
        error = ofp_queue_config_next(&iter, &qc);
    }
    buf_uninit(&b);
    return error;
}

static void
test_get_config_reply_hostile(void **state)
{
    (void) state;
    /* Unchanged: walks to EOF. */
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 0, 4), EOF);
    /* Queue length: beyond the message, below its header. */
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 16 + 9, 0x40),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 16 + 9, 0x08),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Property length: beyond the queue, zero, not 16 for a rate. */
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 32 + 3, 0x30),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 32 + 3, 0),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 32 + 3, 8),
                     OFPERR_OFPBRC_BAD_LEN);
    /* 1.0: queue length and property length. */
    assert_int_equal(next_after_mutation(qgc_reply10_hex, 16 + 5, 0x50),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(next_after_mutation(qgc_reply10_hex, 24 + 3, 0x20),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Truncated fixed part. */
    assert_int_equal(next_after_mutation(qgc_reply13_hex, 3, 12),
                     OFPERR_OFPBRC_BAD_LEN);
}

static void
test_queue_stats_request(void **state)
{
    struct ofp_queue_stats_request rq = {
        .port_no = 0xffffffff, .queue_id = OFPQ_ALL,
    }, rq2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_queue_stats_request_encode(&rq, OFP10_VERSION, 1,
                                                    &b), 0);
    ofp_fixture_hex("011000140000000100050000fffc0000ffffffff", &want);
    ofp_fixture_buf_eq(&b, &want);
    buf_uninit(&want);
    assert_int_equal(ofp_queue_stats_request_decode(&rq2, (void *) b.data), 0);
    assert_int_equal(rq2.port_no, 0xffffffff);
    assert_int_equal(rq2.queue_id, OFPQ_ALL);
    ofp_queue_stats_request_format(&s, &rq2);
    assert_string_equal(ds_cstr(&s), " port=ANY queue=ALL");

    buf_clear(&b);
    assert_int_equal(ofp_queue_stats_request_encode(&rq, OFP13_VERSION, 1,
                                                    &b), 0);
    ofp_fixture_hex("04120018000000010005000000000000ffffffffffffffff", &want);
    ofp_fixture_buf_eq(&b, &want);
    ((struct ofp_header *) b.data)->length = htons(20);
    assert_int_equal(ofp_queue_stats_request_decode(&rq2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&want);
}

static void
check_queue_stats(const char *hex, const char *text)
{
    struct ofp_queue_stats qs[4];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out;
    size_t n = 0;
    int error;

    ofp_fixture_hex(hex, &in);
    assert_int_equal(ofp_queue_stats_reply_decode(&iter, (void *) in.data), 0);
    while (!(error = ofp_queue_stats_next(&iter, &qs[n]))) {
        n++;
        assert_true(n < ARRAY_SIZE(qs));
    }
    assert_int_equal(error, EOF);
    buf_init(&out, 0);
    assert_int_equal(ofp_queue_stats_reply_encode(qs, n, in.data[0], 1, &out),
                     0);
    ofp_fixture_buf_eq(&in, &out);
    assert_int_equal(ofp_queue_stats_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
}

static void
test_queue_stats_reply(void **state)
{
    struct ofp_queue_stats qs;
    struct ofp_mp_iter iter;
    struct buf b;

    (void) state;
    check_queue_stats("0111002c00000001000500000001000000000002000000000000"
                      "0064000000000000000a0000000000000000",
                      " 1 queues\n  port 1 queue 2: bytes=100, pkts=10, "
                      "errors=0, duration=?");
    check_queue_stats("0413006000000001000500000000000000000001000000020000"
                      "000000000064000000000000000a000000000000000000000005"
                      "00000006fffffffeffffffff0000000000000064000000000000"
                      "000a0000000000000000000000050000000" "6",
                      " 2 queues\n  port 1 queue 2: bytes=100, pkts=10, "
                      "errors=0, duration=5.000000006s\n  port LOCAL queue "
                      "ALL: bytes=100, pkts=10, errors=0, "
                      "duration=5.000000006s");
    /* A truncated second entry. */
    ofp_fixture_hex("0413004000000001000500000000000000000001000000020000"
                    "000000000064000000000000000a000000000000000000000005"
                    "0000000600000001", &b);
    assert_int_equal(ofp_queue_stats_reply_decode(&iter, (void *) b.data), 0);
    assert_int_equal(ofp_queue_stats_next(&iter, &qs), 0);
    assert_int_equal(ofp_queue_stats_next(&iter, &qs), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_queue_stats_next(&iter, &qs), EOF);
    buf_uninit(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_config_request),
        cmocka_unit_test(test_get_config_reply_samples),
        cmocka_unit_test(test_get_config_reply_disabled_and_limits),
        cmocka_unit_test(test_get_config_reply_hostile),
        cmocka_unit_test(test_queue_stats_request),
        cmocka_unit_test(test_queue_stats_reply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
