/* Unit tests for ofp-table: table mod, table stats, table features. The
 * expected hex and text were checked with ovs-ofctl ofp-print. */
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
#include "ofp/ofp-table.h"

static void
test_table_mod(void **state)
{
    struct ofp_table_mod tm, tm2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    memset(&tm, 0, sizeof tm);
    tm.table_id = 1;
    buf_init(&b, 0);
    assert_int_equal(ofp_table_mod_encode(&tm, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_buf_hex(&b, "04110010000000010100000000000000");
    assert_int_equal(ofp_table_mod_decode(&tm2, (void *) b.data), 0);
    assert_int_equal(tm2.table_id, 1);
    assert_int_equal(tm2.config, 0);
    ofp_table_mod_format(&s, &tm2);
    assert_string_equal(ds_cstr(&s), " table_id=1");
    ds_clear(&s);

    /* All tables, deprecated config bits: round trip. */
    buf_clear(&b);
    tm.table_id = OFPTT_ALL;
    tm.config = 3;
    assert_int_equal(ofp_table_mod_encode(&tm, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_buf_hex(&b, "0411001000000001ff00000000000003");
    assert_int_equal(ofp_table_mod_decode(&tm2, (void *) b.data), 0);
    assert_memory_equal(&tm, &tm2, sizeof tm);
    ofp_table_mod_format(&s, &tm2);
    assert_string_equal(ds_cstr(&s), " table_id: ALL_TABLES, config=0x3");

    /* Undefined config bit. */
    b.data[15] = 4;
    assert_int_equal(ofp_table_mod_decode(&tm2, (void *) b.data),
                     OFPERR_OFPTMFC_BAD_CONFIG);
    /* Length lies: too short and too long. */
    ((struct ofp_header *) b.data)->length = htons(12);
    assert_int_equal(ofp_table_mod_decode(&tm2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_put_zeros(&b, 8);
    ((struct ofp_header *) b.data)->length = htons(24);
    assert_int_equal(ofp_table_mod_decode(&tm2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    /* 1.0 has no table mod. */
    buf_clear(&b);
    assert_int_equal(ofp_table_mod_encode(&tm, OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(b.size, 0);
    ds_destroy(&s);
    buf_uninit(&b);
}

static const char table_stats10_hex[] =
    "0111004c000000010003000000000000636c6173736966696572000000000000"
    "00000000000000000000000000000000003fffff000f42400000000500000000"
    "000000640000000000000032";
static const char table_stats10_text[] =
    "\n  table 0 (\"classifier\"):\n    active=5, lookup=100, matched=50\n"
    "    max_entries=1000000\n    matching:\n"
    "      exact match or wildcard: in_port eth_{src,dst,type} "
    "vlan_{vid,pcp} ip_{src,dst} nw_{proto,tos} tcp_{src,dst}";

static const char table_stats13_hex[] =
    "0413004000000001000300000000000000000000000000050000000000000064"
    "0000000000000032010000000000000000000000000000000000000000000000";
static const char table_stats13_text[] =
    "\n  table 0:\n    active=5, lookup=100, matched=50\n"
    "\n  table 1:\n    active=0, lookup=0, matched=0";

/* Decodes 'hex', checks the text, re-encodes and compares bytes. */
static void
check_table_stats(const char *hex, const char *text, size_t n_want)
{
    struct ofp_table_stats ts[4];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out;
    size_t n = 0;
    int error;

    ofp_fixture_hex(hex, &in);
    assert_int_equal(ofp_table_stats_reply_decode(&iter, (void *) in.data), 0);
    while (!(error = ofp_table_stats_next(&iter, &ts[n]))) {
        n++;
        assert_true(n < ARRAY_SIZE(ts));
    }
    assert_int_equal(error, EOF);
    assert_int_equal(n, n_want);
    buf_init(&out, 0);
    assert_int_equal(ofp_table_stats_reply_encode(ts, n, in.data[0], 1, &out),
                     0);
    assert_int_equal(out.size, in.size);
    assert_memory_equal(out.data, in.data, in.size);
    assert_int_equal(ofp_table_stats_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
}

static void
test_table_stats_ovs_samples(void **state)
{
    (void) state;
    check_table_stats(table_stats10_hex, table_stats10_text, 1);
    check_table_stats(table_stats13_hex, table_stats13_text, 2);
}

static void
test_table_stats_roundtrip_struct(void **state)
{
    struct ofp_table_stats ts, ts2;
    struct ofp_mp_iter iter;
    struct buf b;

    (void) state;
    memset(&ts, 0, sizeof ts);
    ts.table_id = 9;
    strcpy(ts.name, "t9");
    ts.wildcards = 0x3000ff;
    ts.max_entries = 77;
    ts.active_count = 1;
    ts.lookup_count = 1ull << 40;
    ts.matched_count = 12345;
    buf_init(&b, 0);
    assert_int_equal(ofp_table_stats_reply_encode(&ts, 1, OFP10_VERSION, 5,
                                                  &b), 0);
    assert_int_equal(ofp_table_stats_reply_decode(&iter, (void *) b.data), 0);
    assert_int_equal(ofp_table_stats_next(&iter, &ts2), 0);
    assert_memory_equal(&ts, &ts2, sizeof ts);
    assert_int_equal(ofp_table_stats_next(&iter, &ts2), EOF);

    /* 1.3 does not carry name, wildcards, max_entries. */
    buf_clear(&b);
    assert_int_equal(ofp_table_stats_reply_encode(&ts, 1, OFP13_VERSION, 5,
                                                  &b), 0);
    assert_int_equal(b.size, 16 + 24);
    assert_int_equal(ofp_table_stats_reply_decode(&iter, (void *) b.data), 0);
    assert_int_equal(ofp_table_stats_next(&iter, &ts2), 0);
    assert_int_equal(ts2.table_id, 9);
    assert_int_equal(ts2.lookup_count, 1ull << 40);
    assert_int_equal(ts2.max_entries, 0);
    assert_string_equal(ts2.name, "");
    buf_uninit(&b);
}

static void
test_table_stats_too_big(void **state)
{
    struct ofp_table_stats *ts = calloc(1100, sizeof *ts);
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    buf_put_u8(&b, 0xaa);
    /* 1100 * 64 bytes does not fit one 1.0 message; 1100 * 24 does in 1.3. */
    assert_int_equal(ofp_table_stats_reply_encode(ts, 1100, OFP10_VERSION, 1,
                                                  &b), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(b.size, 1);
    assert_int_equal(ofp_table_stats_reply_encode(ts, 1100, OFP13_VERSION, 1,
                                                  &b), 0);
    assert_int_equal(b.size, 1 + 16 + 1100 * 24);
    free(ts);
    buf_uninit(&b);
}

static void
test_table_stats_hostile(void **state)
{
    struct ofp_table_stats ts;
    struct ofp_mp_iter iter;
    struct buf b;

    (void) state;
    ofp_fixture_hex(table_stats13_hex, &b);
    /* Message length cuts the second entry short. */
    ((struct ofp_header *) b.data)->length = htons((uint16_t) (b.size - 1));
    assert_int_equal(ofp_table_stats_reply_decode(&iter, (void *) b.data), 0);
    assert_int_equal(ofp_table_stats_next(&iter, &ts), 0);
    assert_int_equal(ofp_table_stats_next(&iter, &ts), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_table_stats_next(&iter, &ts), EOF);
    /* Request with a body. */
    assert_int_equal(ofp_table_stats_request_decode((void *) b.data),
                     OFPERR_OFPBRC_BAD_TYPE);
    buf_clear(&b);
    assert_int_equal(ofp_table_stats_request_encode(OFP13_VERSION, 3, &b), 0);
    assert_int_equal(ofp_table_stats_request_decode((void *) b.data), 0);
    buf_put_zeros(&b, 8);
    ((struct ofp_header *) b.data)->length = htons(24);
    assert_int_equal(ofp_table_stats_request_decode((void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
}

/* Table features with an instructions property (goto_table, apply), a
 * next-tables property (tables 1, 2) and a match property (in_port OXM). */
static void
make_props(struct buf *props)
{
    buf_init(props, 0);
    /* instructions: 2 instruction headers (type, len=4). */
    buf_put_be16(props, OFPTFPT13_INSTRUCTIONS);
    buf_put_be16(props, 12);
    buf_put_be16(props, 1);
    buf_put_be16(props, 4);
    buf_put_be16(props, 4);
    buf_put_be16(props, 4);
    buf_pad_to(props, 8);
    buf_put_be16(props, OFPTFPT13_NEXT_TABLES);
    buf_put_be16(props, 6);
    buf_put_u8(props, 1);
    buf_put_u8(props, 2);
    buf_pad_to(props, 8);
    buf_put_be16(props, OFPTFPT13_MATCH);
    buf_put_be16(props, 8);
    buf_put_be32(props, 0x80000004);
}

static void
test_table_features_roundtrip(void **state)
{
    struct ofp_table_features tf, tf2, tfs[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf props, b, b2;
    bool reply;

    (void) state;
    memset(&tf, 0, sizeof tf);
    strcpy(tf.name, "main");
    tf.metadata_match = UINT64_MAX;
    tf.metadata_write = UINT64_MAX;
    tf.config = 3;
    tf.max_entries = 1000000;
    make_props(&props);
    tf.props = props.data;
    tf.props_size = props.size;
    tf.n_props = 3;
    buf_init(&b, 0);
    assert_int_equal(ofp_table_features_encode(&tf, 1, true, OFP13_VERSION,
                                               2, &b), 0);
    assert_int_equal(b.size, 16 + 64 + 32);
    assert_int_equal(ofp_table_features_decode(&iter, &reply,
                                               (void *) b.data), 0);
    assert_true(reply);
    assert_int_equal(ofp_table_features_next(&iter, &tf2), 0);
    assert_int_equal(tf2.n_props, 3);
    assert_int_equal(tf2.props_size, props.size);
    assert_memory_equal(tf2.props, props.data, props.size);
    tf2.props = tf.props;
    assert_memory_equal(&tf, &tf2, sizeof tf);
    assert_int_equal(ofp_table_features_next(&iter, &tf2), EOF);

    /* encode(decode(bytes)) == bytes, with two entries. */
    tfs[0] = tf;
    tfs[1] = tf;
    tfs[1].table_id = 1;
    tfs[1].props = NULL;
    tfs[1].props_size = 0;
    tfs[1].n_props = 0;
    buf_clear(&b);
    assert_int_equal(ofp_table_features_encode(tfs, 2, false, OFP13_VERSION,
                                               2, &b), 0);
    assert_int_equal(ofp_table_features_decode(&iter, &reply,
                                               (void *) b.data), 0);
    assert_false(reply);
    assert_int_equal(ofp_table_features_next(&iter, &tfs[0]), 0);
    assert_int_equal(ofp_table_features_next(&iter, &tfs[1]), 0);
    buf_init(&b2, 0);
    assert_int_equal(ofp_table_features_encode(tfs, 2, false, OFP13_VERSION,
                                               2, &b2), 0);
    assert_int_equal(b.size, b2.size);
    assert_memory_equal(b.data, b2.data, b.size);

    ofp_table_features_format(&s, &tfs[0]);
    assert_string_equal(ds_cstr(&s),
                        "\n  table 0 (\"main\"):\n"
                        "    metadata: match=0xffffffffffffffff"
                        " write=0xffffffffffffffff\n"
                        "    max_entries=1000000\n"
                        "    properties (3): instructions(8)"
                        " next_tables(2) match(4)");
    assert_int_equal(ofp_table_features_encode(tfs, 2, false, OFP10_VERSION,
                                               2, &b2),
                     OFPERR_OFPBRC_BAD_VERSION);
    ds_destroy(&s);
    buf_uninit(&props);
    buf_uninit(&b);
    buf_uninit(&b2);
}

static void
test_table_features_hostile(void **state)
{
    struct ofp_table_features tf = { .name = "x" }, tf2;
    struct ofp_mp_iter iter;
    struct buf props, b;
    bool reply;
    size_t entry = 16, prop = 16 + 64;

    (void) state;
    make_props(&props);
    tf.props = props.data;
    tf.props_size = props.size;
    buf_init(&b, 0);
    assert_int_equal(ofp_table_features_encode(&tf, 1, true, OFP13_VERSION,
                                               2, &b), 0);

    /* Entry length beyond the body. */
    b.data[entry + 1] += 8;
    assert_int_equal(ofp_table_features_decode(&iter, &reply,
                                               (void *) b.data), 0);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_table_features_next(&iter, &tf2), EOF);
    /* Entry length shorter than the fixed part. */
    b.data[entry] = 0;
    b.data[entry + 1] = 56;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Entry length not a multiple of 8. */
    b.data[entry + 1] = 64 + 32 - 4;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPBRC_BAD_LEN);
    b.data[entry + 1] = 64 + 32;

    /* Property length beyond the entry. */
    b.data[prop + 3] = 40;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPTFFC_BAD_LEN);
    /* Property length below its header. */
    b.data[prop + 3] = 2;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPTFFC_BAD_LEN);
    /* An instruction inside the property lying about its length. */
    b.data[prop + 3] = 12;
    b.data[prop + 7] = 16;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2),
                     OFPERR_OFPTFFC_BAD_LEN);
    b.data[prop + 7] = 4;
    ofp_table_features_decode(&iter, &reply, (void *) b.data);
    assert_int_equal(ofp_table_features_next(&iter, &tf2), 0);

    /* The encoder refuses invalid properties too. */
    props.data[3] = 200;
    buf_clear(&b);
    assert_int_equal(ofp_table_features_encode(&tf, 1, true, OFP13_VERSION,
                                               2, &b), OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&props);
    buf_uninit(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_mod),
        cmocka_unit_test(test_table_stats_ovs_samples),
        cmocka_unit_test(test_table_stats_roundtrip_struct),
        cmocka_unit_test(test_table_stats_hostile),
        cmocka_unit_test(test_table_stats_too_big),
        cmocka_unit_test(test_table_features_roundtrip),
        cmocka_unit_test(test_table_features_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
