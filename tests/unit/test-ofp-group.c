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

#include "ofp-fixture.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-group.h"

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
    ofp_fixture_hex("04120018000000010006000000000000fffffffc00000000", &want);
    ofp_fixture_buf_eq(&b, &want);
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
    ofp_fixture_hex(group_stats_hex, &in);
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
    ofp_fixture_buf_eq(&in, &out);
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
    ofp_fixture_hex("041300380000000100080000000000000000000f0000000500000001"
                    "000000020000000300000004000000010000000000000001"
                    "00000000", &want);
    ofp_fixture_buf_eq(&b, &want);
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

/* ---- Group mod and group desc (buckets with actions) ---- */

/* Decodes group mod 'hex', checks the text, re-encodes to the same bytes. */
static void
check_group_mod(const char *hex, const char *text)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf in, out, buckets, actions;
    struct ofp_group_mod gm;

    ofp_fixture_hex(hex, &in);
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    assert_int_equal(ofp_group_mod_decode(&gm, (void *) in.data, &buckets,
                                          &actions), 0);
    ofp_group_mod_format(&s, &gm);
    assert_string_equal(ds_cstr(&s), text);
    buf_init(&out, 0);
    assert_int_equal(ofp_group_mod_encode(&gm, OFP13_VERSION, 1, &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&buckets);
    buf_uninit(&actions);
}

static const char group_mod_select_hex[] =
    "040f00500000000100000100000000010020000affffffffffffffff0000000000"
    "00001000000001ffff0000000000000020000affffffffffffffff000000000000"
    "001000000001ffff000000000000";

static void
test_group_mod_ovs_samples(void **state)
{
    (void) state;
    check_group_mod(group_mod_select_hex,
                    "\n ADD group_id=1,type=select,bucket=weight:10,"
                    "actions=output:1,bucket=weight:10,actions=output:1");
    check_group_mod("040f00300000000100010300000000020020000000000005000000"
                    "07000000000000001000000001ffff000000000000",
                    "\n MOD group_id=2,type=ff,bucket=watch_port:5,"
                    "watch_group:7,actions=output:1");
    check_group_mod("040f00100000000100020000fffffffc",
                    "\n DEL group_id=4294967292,type=all");
    check_group_mod("040f002000000001000002000000000300100000ffffffffffffff"
                    "ff00000000",
                    "\n ADD group_id=3,type=indirect,bucket=actions=drop");
}

static void
test_group_mod_roundtrip_struct(void **state)
{
    struct ofp_action a0[2], a2[1];
    struct ofp_bucket bk[3];
    struct ofp_group_mod gm, gm2;
    struct buf b, b2, buckets, actions;
    size_t i;

    (void) state;
    memset(a0, 0, sizeof a0);
    a0[0] = ofp_action_output(2, 0);
    a0[1].type = OFPACT_GROUP;
    a0[1].group_id = 9;
    memset(a2, 0, sizeof a2);
    a2[0] = ofp_action_output(0xfffffffeu, 128);
    memset(bk, 0, sizeof bk);
    bk[0].weight = 0;
    bk[0].watch_port = 1;
    bk[0].watch_group = OFPG13_ANY;
    bk[0].actions = a0;
    bk[0].n_actions = 2;
    bk[1].watch_port = 0xffffffffu;
    bk[1].watch_group = 4;
    bk[2].watch_port = 3;
    bk[2].watch_group = OFPG13_ANY;
    bk[2].actions = a2;
    bk[2].n_actions = 1;
    memset(&gm, 0, sizeof gm);
    gm.command = OFPGC13_ADD;
    gm.type = OFPGT13_FF;
    gm.group_id = 77;
    gm.buckets = bk;
    gm.n_buckets = 3;

    buf_init(&b, 0);
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    assert_int_equal(ofp_group_mod_encode(&gm, OFP13_VERSION, 5, &b), 0);
    assert_int_equal(ofp_group_mod_decode(&gm2, (void *) b.data, &buckets,
                                          &actions), 0);
    assert_int_equal(gm2.command, gm.command);
    assert_int_equal(gm2.type, gm.type);
    assert_int_equal(gm2.group_id, gm.group_id);
    assert_int_equal(gm2.n_buckets, 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(gm2.buckets[i].weight, bk[i].weight);
        assert_int_equal(gm2.buckets[i].watch_port, bk[i].watch_port);
        assert_int_equal(gm2.buckets[i].watch_group, bk[i].watch_group);
        assert_true(ofp_actions_equal(gm2.buckets[i].actions,
                                      gm2.buckets[i].n_actions,
                                      bk[i].actions, bk[i].n_actions));
    }
    buf_init(&b2, 0);
    assert_int_equal(ofp_group_mod_encode(&gm2, OFP13_VERSION, 5, &b2), 0);
    ofp_fixture_buf_eq(&b, &b2);

    /* 1.0 has no groups; an action 1.3 cannot carry fails cleanly. */
    buf_clear(&b2);
    assert_int_equal(ofp_group_mod_encode(&gm, OFP10_VERSION, 5, &b2),
                     OFPERR_OFPBRC_BAD_VERSION);
    a2[0].type = OFPACT_SET_TP_SRC;
    assert_int_not_equal(ofp_group_mod_encode(&gm, OFP13_VERSION, 5, &b2), 0);
    assert_int_equal(b2.size, 0);
    buf_uninit(&b);
    buf_uninit(&b2);
    buf_uninit(&buckets);
    buf_uninit(&actions);
}

static enum ofperr
group_mod_mutated(const char *hex, size_t ofs, uint8_t value)
{
    struct buf b, buckets, actions;
    struct ofp_group_mod gm;
    enum ofperr error;

    ofp_fixture_hex(hex, &b);
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    b.data[ofs] = value;
    error = ofp_group_mod_decode(&gm, (void *) b.data, &buckets, &actions);
    buf_uninit(&b);
    buf_uninit(&buckets);
    buf_uninit(&actions);
    return error;
}

static void
test_group_mod_hostile(void **state)
{
    const char *h = group_mod_select_hex;

    (void) state;
    assert_int_equal(group_mod_mutated(h, 0, 4), 0);
    /* Bucket length: past the message, below the bucket header, not a
     * multiple of 8, zero; in the first and in the last bucket. */
    assert_int_equal(group_mod_mutated(h, 16 + 1, 0x48),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(group_mod_mutated(h, 16 + 1, 0x08),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(group_mod_mutated(h, 16 + 1, 0x1c),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(group_mod_mutated(h, 16 + 1, 0),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(group_mod_mutated(h, 48 + 1, 0x28),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    /* Message length cutting into a bucket. */
    assert_int_equal(group_mod_mutated(h, 3, 0x48),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(group_mod_mutated(h, 3, 0x0c), OFPERR_OFPBRC_BAD_LEN);
    /* An action inside a bucket lying about its length. */
    assert_int_equal(group_mod_mutated(h, 32 + 3, 0x18),
                     OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(group_mod_mutated(h, 32 + 3, 0x08),
                     OFPERR_OFPBAC_BAD_LEN);
    /* Command, type, group id. */
    assert_int_equal(group_mod_mutated(h, 9, 3), OFPERR_OFPGMFC_BAD_COMMAND);
    assert_int_equal(group_mod_mutated(h, 10, 4), OFPERR_OFPGMFC_BAD_TYPE);
    /* Reserved group ids: ADD of ALL, DELETE of ANY. */
    assert_int_equal(group_mod_mutated("040f00100000000100000100fffffffc", 0,
                                       4), OFPERR_OFPGMFC_INVALID_GROUP);
    assert_int_equal(group_mod_mutated("040f00100000000100020000ffffffff", 0,
                                       4), OFPERR_OFPGMFC_INVALID_GROUP);
    assert_int_equal(group_mod_mutated("040f00100000000100000100ffffff00", 0,
                                       4), 0);
    assert_int_equal(group_mod_mutated(h, 0, 1), OFPERR_OFPBRC_BAD_VERSION);
}

static const char group_desc_hex[] =
    "0413005800000001000700000000000000480100000000010020000affffffff"
    "ffffffff000000000000001000000001ffff0000000000000020000affffffff"
    "ffffffff000000000000001000000001ffff000000000000";

static void
test_group_desc(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_group_desc gd[2];
    struct ofp_mp_iter iter;
    struct buf in, out, buckets, actions;

    (void) state;
    ofp_fixture_hex(group_desc_hex, &in);
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    assert_int_equal(ofp_group_desc_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), "\n group_id=1,type=select,bucket="
                        "weight:10,actions=output:1,bucket=weight:10,"
                        "actions=output:1");
    assert_int_equal(ofp_group_desc_reply_decode(&iter, (void *) in.data), 0);
    assert_int_equal(ofp_group_desc_next(&iter, &gd[0], &buckets, &actions),
                     0);
    assert_int_equal(gd[0].n_buckets, 2);
    buf_init(&out, 0);
    assert_int_equal(ofp_group_desc_reply_encode(gd, 1, OFP13_VERSION, 1,
                                                 &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    assert_int_equal(ofp_group_desc_next(&iter, &gd[1], &buckets, &actions),
                     EOF);

    /* Entry length past the body; a bucket length that lies. */
    in.data[16 + 1] = 0x50;
    ofp_group_desc_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_group_desc_next(&iter, &gd[0], &buckets, &actions),
                     OFPERR_OFPBRC_BAD_LEN);
    in.data[16 + 1] = 0x48;
    in.data[24 + 1] = 0x48;
    ofp_group_desc_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_group_desc_next(&iter, &gd[0], &buckets, &actions),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_int_equal(ofp_group_desc_next(&iter, &gd[0], &buckets, &actions),
                     EOF);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&buckets);
    buf_uninit(&actions);
}

static void
test_group_desc_two_entries(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf in;

    (void) state;
    ofp_fixture_hex("0413003000000001000700000000000000180200000000010010"
                    "0000ffffffffffffffff000000000008000000000002", &in);
    assert_int_equal(ofp_group_desc_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s),
                        "\n group_id=1,type=indirect,bucket=actions=drop"
                        "\n group_id=2,type=all");
    ds_destroy(&s);
    buf_uninit(&in);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_stats_request),
        cmocka_unit_test(test_group_stats_reply),
        cmocka_unit_test(test_group_features),
        cmocka_unit_test(test_group_mod_ovs_samples),
        cmocka_unit_test(test_group_mod_roundtrip_struct),
        cmocka_unit_test(test_group_mod_hostile),
        cmocka_unit_test(test_group_desc),
        cmocka_unit_test(test_group_desc_two_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
