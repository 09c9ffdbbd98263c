/* Unit tests for ofp-meter: meter mod, meter stats/config/features. The
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
#include "ofp/ofp-meter.h"

/* ADD meter=7 kbps burst stats, drop 1000/100, dscp_remark 2000/200/1. */
static const char meter_mod_hex[] =
    "041d0030000000010000000d0000000700010010000003e80000006400000000"
    "00020010000007d0000000c801000000";
static const char meter_mod_text[] =
    " ADD meter=7 kbps burst stats bands=\n"
    "type=drop rate=1000 burst_size=100\n"
    "type=dscp_remark rate=2000 burst_size=200 prec_level=1";

static void
test_meter_mod_ovs_sample(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_meter_mod mm;
    struct buf in, out, bands;

    (void) state;
    ofp_fixture_hex(meter_mod_hex, &in);
    buf_init(&bands, 0);
    assert_int_equal(ofp_meter_mod_decode(&mm, (void *) in.data, &bands), 0);
    assert_int_equal(mm.command, OFPMC13_ADD);
    assert_int_equal(mm.meter_id, 7);
    assert_int_equal(mm.n_bands, 2);
    assert_int_equal(mm.bands[1].type, OFPMBT13_DSCP_REMARK);
    assert_int_equal(mm.bands[1].prec_level, 1);
    ofp_meter_mod_format(&s, &mm);
    assert_string_equal(ds_cstr(&s), meter_mod_text);
    buf_init(&out, 0);
    assert_int_equal(ofp_meter_mod_encode(&mm, OFP13_VERSION, 1, &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&bands);
}

static void
test_meter_mod_roundtrip_experimenter(void **state)
{
    static const uint8_t exp_data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    struct ofp_meter_band bands[3];
    struct ofp_meter_mod mm, mm2;
    struct buf b, b2, store;
    size_t i;

    (void) state;
    memset(bands, 0, sizeof bands);
    bands[0].type = OFPMBT13_DROP;
    bands[0].rate = 5;
    bands[1].type = OFPMBT13_EXPERIMENTER;
    bands[1].rate = 6;
    bands[1].burst_size = 7;
    bands[1].experimenter = 0x2320;
    bands[1].exp_data = exp_data;
    bands[1].exp_data_size = sizeof exp_data;
    bands[2].type = OFPMBT13_EXPERIMENTER;
    bands[2].experimenter = 0xabcd;
    memset(&mm, 0, sizeof mm);
    mm.command = OFPMC13_MODIFY;
    mm.flags = OFPMF13_PKTPS | OFPMF13_BURST;
    mm.meter_id = OFPM13_CONTROLLER;
    mm.bands = bands;
    mm.n_bands = 3;

    buf_init(&b, 0);
    buf_init(&store, 0);
    assert_int_equal(ofp_meter_mod_encode(&mm, OFP13_VERSION, 9, &b), 0);
    assert_int_equal(b.size, 16 + 16 + 24 + 16);
    assert_int_equal(ofp_meter_mod_decode(&mm2, (void *) b.data, &store), 0);
    assert_int_equal(mm2.command, mm.command);
    assert_int_equal(mm2.flags, mm.flags);
    assert_int_equal(mm2.meter_id, mm.meter_id);
    assert_int_equal(mm2.n_bands, 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(mm2.bands[i].type, bands[i].type);
        assert_int_equal(mm2.bands[i].rate, bands[i].rate);
        assert_int_equal(mm2.bands[i].burst_size, bands[i].burst_size);
        assert_int_equal(mm2.bands[i].experimenter, bands[i].experimenter);
        assert_int_equal(mm2.bands[i].exp_data_size, bands[i].exp_data_size);
    }
    assert_memory_equal(mm2.bands[1].exp_data, exp_data, sizeof exp_data);
    buf_init(&b2, 0);
    assert_int_equal(ofp_meter_mod_encode(&mm2, OFP13_VERSION, 9, &b2), 0);
    ofp_fixture_buf_eq(&b, &b2);

    /* Not expressible: 1.0, and experimenter data not a multiple of 8. */
    buf_clear(&b2);
    assert_int_equal(ofp_meter_mod_encode(&mm, OFP10_VERSION, 9, &b2),
                     OFPERR_OFPBRC_BAD_VERSION);
    bands[1].exp_data_size = 3;
    assert_int_equal(ofp_meter_mod_encode(&mm, OFP13_VERSION, 9, &b2),
                     OFPERR_OFPMMFC_BAD_BAND);
    assert_int_equal(b2.size, 0);
    buf_uninit(&b);
    buf_uninit(&b2);
    buf_uninit(&store);
}

static enum ofperr
decode_mutated(const char *hex, size_t ofs, uint8_t value)
{
    struct ofp_meter_mod mm;
    struct buf b, bands;
    enum ofperr error;

    ofp_fixture_hex(hex, &b);
    buf_init(&bands, 0);
    b.data[ofs] = value;
    error = ofp_meter_mod_decode(&mm, (void *) b.data, &bands);
    buf_uninit(&b);
    buf_uninit(&bands);
    return error;
}

static void
test_meter_mod_hostile(void **state)
{
    (void) state;
    /* Band lengths that lie: beyond the message, short, misaligned, 0. */
    assert_int_equal(decode_mutated(meter_mod_hex, 16 + 3, 0x20),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_mutated(meter_mod_hex, 16 + 3, 0x08),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_mutated(meter_mod_hex, 32 + 3, 0x12),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_mutated(meter_mod_hex, 32 + 3, 0),
                     OFPERR_OFPBRC_BAD_LEN);
    /* DSCP band claiming 24 bytes (fits in the message, wrong for the type
     * once the message is longer). */
    assert_int_equal(decode_mutated(meter_mod_hex, 32 + 3, 0x18),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Message length cuts into the last band. */
    assert_int_equal(decode_mutated(meter_mod_hex, 3, 0x2c),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Shorter than the fixed part. */
    assert_int_equal(decode_mutated(meter_mod_hex, 3, 0x0c),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Unknown band type, command, flags; wrong version. */
    assert_int_equal(decode_mutated(meter_mod_hex, 17, 9),
                     OFPERR_OFPMMFC_BAD_BAND);
    assert_int_equal(decode_mutated(meter_mod_hex, 9, 3),
                     OFPERR_OFPMMFC_BAD_COMMAND);
    assert_int_equal(decode_mutated(meter_mod_hex, 11, 0x1d),
                     OFPERR_OFPMMFC_BAD_FLAGS);
    assert_int_equal(decode_mutated(meter_mod_hex, 0, 1),
                     OFPERR_OFPBRC_BAD_VERSION);
    /* Meter ids: 0; ALL outside a delete; a reserved id below SLOWPATH. */
    assert_int_equal(decode_mutated(meter_mod_hex, 15, 0),
                     OFPERR_OFPMMFC_INVALID_METER);
    assert_int_equal(decode_mutated("041d00100000000100000000ffffffff", 0, 4),
                     OFPERR_OFPMMFC_INVALID_METER);
    assert_int_equal(decode_mutated("041d00100000000100010000fffffff0", 0, 4),
                     OFPERR_OFPMMFC_INVALID_METER);
    assert_int_equal(decode_mutated("041d00100000000100010000fffffffe", 0, 4),
                     0);
    assert_int_equal(decode_mutated(meter_mod_hex, 1, 15),
                     OFPERR_OFPBRC_BAD_TYPE);
}

static void
test_meter_mod_delete_format(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_meter_mod mm;
    struct buf b, bands;

    (void) state;
    ofp_fixture_hex("041d00100000000100020000ffffffff", &b);
    buf_init(&bands, 0);
    assert_int_equal(ofp_meter_mod_decode(&mm, (void *) b.data, &bands), 0);
    assert_int_equal(mm.n_bands, 0);
    ofp_meter_mod_format(&s, &mm);
    assert_string_equal(ds_cstr(&s), " DEL meter=all bands=");
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&bands);
}

static void
test_meter_requests(void **state)
{
    struct ofp_meter_request mr = { .config = false, .meter_id = OFPM13_ALL };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_meter_request_encode(&mr, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_hex("04120018000000010009000000000000ffffffff00000000", &want);
    ofp_fixture_buf_eq(&b, &want);
    buf_uninit(&want);
    mr.meter_id = 0;
    assert_int_equal(ofp_meter_request_decode(&mr, (void *) b.data), 0);
    assert_false(mr.config);
    assert_int_equal(mr.meter_id, OFPM13_ALL);
    ofp_meter_request_format(&s, &mr);
    assert_string_equal(ds_cstr(&s), " meter=all");

    buf_clear(&b);
    mr.config = true;
    mr.meter_id = 5;
    assert_int_equal(ofp_meter_request_encode(&mr, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_hex("0412001800000001000a0000000000000000000500000000", &want);
    ofp_fixture_buf_eq(&b, &want);
    buf_uninit(&want);
    memset(&mr, 0, sizeof mr);
    assert_int_equal(ofp_meter_request_decode(&mr, (void *) b.data), 0);
    assert_true(mr.config);
    assert_int_equal(mr.meter_id, 5);
    /* Body too short. */
    ((struct ofp_header *) b.data)->length = htons(20);
    assert_int_equal(ofp_meter_request_decode(&mr, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_int_equal(ofp_meter_request_encode(&mr, OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(ofp_meter_features_request_encode(OFP13_VERSION, 1, &b),
                     0);
    assert_int_equal(ofp_meter_features_request_decode((void *) b.data), 0);
    ds_destroy(&s);
    buf_uninit(&b);
}

static const char meter_stats_hex[] =
    "0413005800000001000900000000000000000007004800000000000000000002"
    "000000000000006400000000000007d00000000a000001f40000000000000001"
    "000000000000000200000000000000030000000000000004";
static const char meter_stats_text[] =
    "\nmeter:7 flow_count:2 packet_in_count:100 byte_in_count:2000 "
    "duration:10.0000005s bands:\n"
    "0: packet_count:1 byte_count:2\n1: packet_count:3 byte_count:4";

static void
test_meter_stats(void **state)
{
    struct ofp_meter_stats ms[2];
    struct ofp_meter_band_stats saved[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out, bands;

    (void) state;
    ofp_fixture_hex(meter_stats_hex, &in);
    buf_init(&bands, 0);
    assert_int_equal(ofp_meter_stats_reply_decode(&iter, (void *) in.data), 0);
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[0], &bands), 0);
    assert_int_equal(ms[0].n_bands, 2);
    memcpy(saved, ms[0].bands, sizeof saved);
    ms[0].bands = saved;
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[1], &bands), EOF);
    buf_init(&out, 0);
    assert_int_equal(ofp_meter_stats_reply_encode(ms, 1, OFP13_VERSION, 1,
                                                  &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    assert_int_equal(ofp_meter_stats_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), meter_stats_text);

    /* Entry length: not 40 + 16n, beyond the body, below 40. */
    in.data[16 + 5] = 0x44;
    ofp_meter_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[0], &bands),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[0], &bands), EOF);
    in.data[16 + 5] = 0x58;
    ofp_meter_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[0], &bands),
                     OFPERR_OFPBRC_BAD_LEN);
    in.data[16 + 5] = 0x20;
    ofp_meter_stats_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_meter_stats_next(&iter, &ms[0], &bands),
                     OFPERR_OFPBRC_BAD_LEN);
    /* 1.0 has no meter stats: an unknown stats type there. */
    in.data[0] = OFP10_VERSION;
    in.data[1] = OFPT10_STATS_REPLY;
    assert_int_equal(ofp_meter_stats_reply_decode(&iter, (void *) in.data),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&bands);
}

static const char meter_config_hex[] =
    "0413005000000001000a0000000000000028000d0000000700010010000003e8"
    "000000640000000000020010000007d0000000c8010000000018000200000008"
    "00010010000000050000000000000000";
static const char meter_config_text[] =
    "\nmeter=7 kbps burst stats bands=\n"
    "type=drop rate=1000 burst_size=100\n"
    "type=dscp_remark rate=2000 burst_size=200 prec_level=1\n"
    "\nmeter=8 pktps bands=\ntype=drop rate=5";

static void
test_meter_config(void **state)
{
    struct ofp_meter_band saved[2][2];
    struct ofp_meter_config mc[3];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_iter iter;
    struct buf in, out, bands;
    size_t i;

    (void) state;
    ofp_fixture_hex(meter_config_hex, &in);
    buf_init(&bands, 0);
    assert_int_equal(ofp_meter_config_reply_decode(&iter, (void *) in.data),
                     0);
    for (i = 0; i < 2; i++) {
        assert_int_equal(ofp_meter_config_next(&iter, &mc[i], &bands), 0);
        memcpy(saved[i], mc[i].bands, mc[i].n_bands * sizeof *mc[i].bands);
        mc[i].bands = saved[i];
    }
    assert_int_equal(mc[0].n_bands, 2);
    assert_int_equal(mc[1].n_bands, 1);
    assert_int_equal(ofp_meter_config_next(&iter, &mc[2], &bands), EOF);
    buf_init(&out, 0);
    assert_int_equal(ofp_meter_config_reply_encode(mc, 2, OFP13_VERSION, 1,
                                                   &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    assert_int_equal(ofp_meter_config_reply_format(&s, (void *) in.data), 0);
    assert_string_equal(ds_cstr(&s), meter_config_text);

    /* A band inside the second entry lies about its length. */
    in.data[16 + 40 + 8 + 3] = 0x18;
    ofp_meter_config_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_meter_config_next(&iter, &mc[0], &bands), 0);
    assert_int_equal(ofp_meter_config_next(&iter, &mc[1], &bands),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_meter_config_next(&iter, &mc[1], &bands), EOF);
    /* The first entry's length lies. */
    in.data[16 + 1] = 0x30;
    ofp_meter_config_reply_decode(&iter, (void *) in.data);
    assert_int_equal(ofp_meter_config_next(&iter, &mc[0], &bands),
                     OFPERR_OFPBRC_BAD_LEN);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
    buf_uninit(&bands);
}

static void
test_meter_features(void **state)
{
    struct ofp_meter_features mf = {
        .max_meter = 100, .band_types = 6, .capabilities = 0xf,
        .max_bands = 2, .max_color = 0,
    }, mf2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, want;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_meter_features_encode(&mf, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_hex("0413002000000001000b00000000000000000064000000060000000f"
                    "02000000", &want);
    ofp_fixture_buf_eq(&b, &want);
    memset(&mf2, 0, sizeof mf2);
    assert_int_equal(ofp_meter_features_decode(&mf2, (void *) b.data), 0);
    assert_int_equal(mf2.max_meter, 100);
    assert_int_equal(mf2.band_types, 6);
    assert_int_equal(mf2.capabilities, 0xf);
    assert_int_equal(mf2.max_bands, 2);
    ofp_meter_features_format(&s, &mf2);
    assert_string_equal(ds_cstr(&s),
                        "\nmax_meter:100 max_bands:2 max_color:0\n"
                        "band_types: drop dscp_remark\n"
                        "capabilities: kbps pktps burst stats");
    ((struct ofp_header *) b.data)->length = htons(28);
    assert_int_equal(ofp_meter_features_decode(&mf2, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_int_equal(ofp_meter_features_encode(&mf, OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ds_destroy(&s);
    buf_uninit(&b);
    buf_uninit(&want);
}

static void
test_meter_duration_format(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    (void) state;
    ofp_meter_format_duration(&s, 0, 0);
    ds_put_char(&s, ' ');
    ofp_meter_format_duration(&s, 5, 6);
    ds_put_char(&s, ' ');
    ofp_meter_format_duration(&s, 1, 500000000);
    assert_string_equal(ds_cstr(&s), "0s 5.000000006s 1.5s");
    ds_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meter_mod_ovs_sample),
        cmocka_unit_test(test_meter_mod_roundtrip_experimenter),
        cmocka_unit_test(test_meter_mod_hostile),
        cmocka_unit_test(test_meter_mod_delete_format),
        cmocka_unit_test(test_meter_requests),
        cmocka_unit_test(test_meter_stats),
        cmocka_unit_test(test_meter_config),
        cmocka_unit_test(test_meter_features),
        cmocka_unit_test(test_meter_duration_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
