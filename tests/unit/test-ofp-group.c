/* Unit tests for ofp-group: group mod, group stats, group desc, group
 * features. The expected hex and text were checked with ovs-ofctl
 * ofp-print. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "ofp/ofp-group.h"

static void
hex_to_buf(const char *hex, struct buf *b)
{
    buf_init(b, 0);
    assert_null(hex_decode(hex, b));
}

static void
assert_buf_eq(const struct buf *a, const struct buf *b)
{
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->data, b->data, a->size);
}

static void
test_group_stats_request(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;
    uint32_t id;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_group_stats_request_encode(OFPG13_ALL, OFP13_VERSION,
                                                    1, &b), 0);
    hex_to_buf("04120018000000010006000000000000fffffffc00000000", &want);
    assert_buf_eq(&b, &want);
    assert_int_equal(ofp_group_stats_request_decode(&id, (void *) b.data), 0);
    assert_int_equal(id, OFPG13_ALL);
    ofp_group_stats_request_format(&s, id);
    ofp_group_stats_request_format(&s, 1);
    assert_string_equal(ds_cstr(&s), " group_id=ALL group_id=1");
    ((struct ofp_header *) b.data)->length = htons(20);
    assert_int_equal(ofp_group_stats_request_decode(&id, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_int_equal(ofp_group_stats_request_encode(1, OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&want);
}

static const char group_stats_hex[] =
    "0413008000000001000600000000000000480000000000010000000200000000"
    "000000000000006400000000000007d00000000a000001f40000000000000001"
    "0000000000000002000000000000000300000000000000040028000000000002"
    "0000000000000000000000000000000000000000000000000000000000000000";
static const char group_stats_text[] =
    "\n group_id=1,duration=10.0000005s,ref_count=2,packet_count=100,"
    "byte_count=2000,bucket0:packet_count=1,byte_count=2,"
    "bucket1:packet_count=3,byte_count=4"
    "\n group_id=2,duration=0s,ref_count=0,packet_count=0,byte_count=0";

static void
test_group_stats_reply(void **state)
{
    struct ofp_bucket_counter saved[2];
    struct ofp_group_stats gs[3];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out, counters;

    (void) state;
    hex_to_buf(group_stats_hex, &in);
    buf_init(&counters, 0);
    assert_int_equal(ofp_group_stats_reply_decode(&iter, (void *) in.data), 0);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[0], &counters), 0);
    assert_int_equal(gs[0].n_buckets, 2);
    memcpy(saved, gs[0].buckets, sizeof saved);
    gs[0].buckets = saved;
    assert_int_equal(ofp_group_stats_next(&iter, &gs[1], &counters), 0);
    assert_int_equal(gs[1].n_buckets, 0);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[2], &counters), EOF);
    buf_init(&out, 0);
    assert_int_equal(ofp_group_stats_reply_encode(gs, 2, OFP13_VERSION, 1,
                                                  &out), 0);
    assert_buf_eq(&in, &out);
    assert_int_equal(ofp_group_stats_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), group_stats_text);

    /* Entry lengths that lie: not 40 + 16n, past the body, below 40. */
    in.data[16 + 1] = 0x50;
    ofp_group_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[0], &counters),
                     OFPERR_OFPBRC_BAD_LEN);
    in.data[16 + 1] = 0x98;
    ofp_group_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[0], &counters),
                     OFPERR_OFPBRC_BAD_LEN);
    in.data[16 + 1] = 0x10;
    ofp_group_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[0], &counters),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_group_stats_next(&iter, &gs[0], &counters), EOF);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&counters);
}

static void
test_group_features(void **state)
{
    struct ofp_group_features gf = {
        .types = 0xf, .capabilities = 5,
        .max_groups = { 1, 2, 3, 4 },
        .actions = { 1, 0, 1, 0 },
    }, gf2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_group_features_encode(&gf, OFP13_VERSION, 1, &b), 0);
    hex_to_buf("041300380000000100080000000000000000000f0000000500000001"
               "000000020000000300000004000000010000000000000001"
               "00000000", &want);
    assert_buf_eq(&b, &want);
    assert_int_equal(ofp_group_features_decode(&gf2, (void *) b.data), 0);
    assert_memory_equal(&gf, &gf2, sizeof gf);
    ofp_group_features_format(&s, &gf2);
    assert_string_equal(ds_cstr(&s),
                        "\n Group table:\n    Types:  0xf\n"
                        "    Capabilities:  0x5\n"
                        "    all group:\n       max_groups=0x1\n"
                        "       actions: output\n"
                        "    select group:\n       max_groups=0x2\n"
                        "       actions: <none>\n"
                        "    indirect group:\n       max_groups=0x3\n"
                        "       actions: output\n"
                        "    fast failover group:\n       max_groups=0x4\n"
                        "       actions: <none>");
    ((struct ofp_header *) b.data)->length = htons(52);
    assert_int_equal(ofp_group_features_decode(&gf2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_int_equal(ofp_group_features_request_encode(OFP13_VERSION, 1, &b),
                     0);
    assert_int_equal(ofp_group_features_request_decode((void *) b.data), 0);
    buf_clear(&b);
    assert_int_equal(ofp_group_desc_request_encode(OFP13_VERSION, 1, &b), 0);
    assert_int_equal(ofp_group_desc_request_decode((void *) b.data), 0);
    assert_int_equal(ofp_group_features_decode(&gf2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_TYPE);
    assert_int_equal(ofp_group_desc_request_encode(OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_stats_request),
        cmocka_unit_test(test_group_stats_reply),
        cmocka_unit_test(test_group_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
