/* Unit tests for src/ofp/ofp-switch: hello + negotiation, error, echo,
 * experimenter, features, config, barrier. Expected bytes were checked with
 * `ovs-ofctl ofp-print`. */
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
#include "lib/util.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-switch.h"

/* Returns the decode-type error of the message in 'hex'. */
static enum ofperr
frame_error(const char *hex)
{
    struct buf b;
    enum ofptype got;
    enum ofperr error;

    buf_init(&b, 64);
    assert_null(hex_decode(hex, &b));
    error = ofp_msg_decode_type((void *) b.data, b.size, &got);
    buf_uninit(&b);
    return error;
}

static void
test_hello_encode(void **state)
{
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_hello_encode((1u << 1) | (1u << 4), 1, &b), 0);
    ofp_fixture_buf_hex(&b, "04 00 0010 00000001 0001 0008 00000012");
    buf_clear(&b);
    /* A 1.0-only hello is the plain 8-byte one. */
    assert_int_equal(ofp_hello_encode(1u << 1, 2, &b), 0);
    ofp_fixture_buf_hex(&b, "01 00 0008 00000002");
    buf_clear(&b);
    assert_int_equal(ofp_hello_encode(0, 2, &b), OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(ofp_hello_encode(1u, 2, &b), OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(b.size, 0);
    buf_uninit(&b);
}

static void
test_hello_decode_and_negotiate(void **state)
{
    const uint32_t ours = (1u << 1) | (1u << 4);
    const struct ofp_header *oh;
    struct ofp_hello h;
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    /* Round trip of our own hello. */
    assert_int_equal(ofp_hello_encode(ours, 1, &b), 0);
    oh = (const void *) b.data;
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_true(h.has_bitmap);
    assert_int_equal(h.version_bitmap, ours);
    assert_int_equal(h.version, 4);
    assert_int_equal(ofp_negotiate_version(ours, &h), OFP13_VERSION);

    /* A 1.0 peer: plain hello, negotiates 1.0. */
    oh = ofp_fixture_msg(&b, "01 00 0008 00000001", OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_false(h.has_bitmap);
    assert_int_equal(ofp_negotiate_version(ours, &h), OFP10_VERSION);
    assert_int_equal(ofp_negotiate_version(1u << 4, &h), 0);

    /* A 1.5 peer with a bitmap of 1.0, 1.3, 1.4, 1.5 and an unknown
     * element before it; bitmap element with two words. */
    oh = ofp_fixture_msg(&b, "06 00 0020 00000001 0009 0005 aa000000"
                         "0001 000c 0000007a 00000001 00000000",
                         OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_true(h.has_bitmap);
    assert_int_equal(h.version_bitmap, 0x7a);
    assert_int_equal(ofp_negotiate_version(ours, &h), OFP13_VERSION);

    /* A 1.3 peer with a 1.1-only bitmap: nothing in common. */
    oh = ofp_fixture_msg(&b, "04 00 0010 00000001 0001 0008 00000004",
                         OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_int_equal(ofp_negotiate_version(ours, &h), 0);

    /* A 1.3 hello without elements means "1.3 and below". */
    oh = ofp_fixture_msg(&b, "04 00 0008 00000001", OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_false(h.has_bitmap);
    assert_int_equal(ofp_negotiate_version(ours, &h), OFP13_VERSION);
    assert_int_equal(ofp_negotiate_version(1u << 1, &h), OFP10_VERSION);

    /* A 1.2 peer without bitmap: we pick 1.0. */
    oh = ofp_fixture_msg(&b, "03 00 0008 00000001", OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_int_equal(ofp_negotiate_version(ours, &h), OFP10_VERSION);

    /* The last element may lack its padding. */
    oh = ofp_fixture_msg(&b, "04 00 000c 00000001 0002 0004", OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_false(h.has_bitmap);
    buf_uninit(&b);
}

static void
test_hello_hostile(void **state)
{
    static const char *const bad[] = {
        /* Element header cut short. */
        "04 00 000a 00000001 0001",
        /* Element length 0 and 3 (below its own header). */
        "04 00 0010 00000001 0001 0000 00000012",
        "04 00 0010 00000001 0001 0003 00000012",
        /* Element length runs past the message. */
        "04 00 0010 00000001 0001 0010 00000012",
        /* Bitmap element that is not whole 32-bit words. */
        "04 00 0010 00000001 0001 0006 00120000",
        /* Bitmap element with no word at all. */
        "04 00 0010 00000001 0001 0004 00000000",
    };
    struct ofp_hello h;
    struct buf b;
    size_t i;

    (void) state;
    buf_init(&b, 0);
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        const struct ofp_header *oh = ofp_fixture_msg(&b, bad[i],
                                                      OFPTYPE_HELLO);
        assert_int_equal(ofp_hello_decode(&h, oh), OFPERR_OFPBRC_BAD_LEN);
    }
    /* 1.0 hellos have no elements: a body is ignored. */
    assert_int_equal(ofp_hello_decode(&h, ofp_fixture_msg(
                         &b, "01 00 000a 00000001 0001", OFPTYPE_HELLO)), 0);
    buf_uninit(&b);
}

static void
test_hello_format(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_hello h = { 4, true, 0x12 };
    struct ofp_hello h10 = { 1, false, 0 };

    (void) state;
    ofp_hello_format(&s, &h);
    assert_string_equal(ds_cstr(&s), "\n version bitmap: 0x01, 0x04\n");
    ds_clear(&s);
    ofp_hello_format(&s, &h10);
    assert_string_equal(ds_cstr(&s), "\n version bitmap: 0x01\n");
    ds_destroy(&s);
}

static void
test_error_reply(void **state)
{
    struct buf req, b;
    struct ofp_error err;
    struct ds s = DS_EMPTY_INITIALIZER;
    const struct ofp_header *oh;
    size_t i;

    (void) state;
    buf_init(&req, 0);
    buf_init(&b, 0);
    assert_null(hex_decode("04 05 0008 00000009", &req));
    assert_int_equal(ofp_error_reply_encode(OFPERR_OFPBRC_BAD_LEN,
                                            (void *) req.data, req.size, 4,
                                            &b), 0);
    ofp_fixture_buf_hex(&b, "04 01 0014 00000009 0001 0006 04050008 00000009");
    oh = ofp_fixture_msg(&b, "04 01 0014 00000009 0001 0006 04050008 00000009",
                         OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(err.type, 1);
    assert_int_equal(err.code, 6);
    assert_int_equal(err.data_len, 8);
    assert_ptr_equal(err.data, b.data + 12);
    ofp_error_format(&s, &err, 4);
    assert_string_equal(ds_cstr(&s), " OFPBRC_BAD_LEN\n"
        "00000000  04 05 00 08 00 00 00 09-                        "
        "|........        |\n");

    /* Data is the first 64 bytes of a long request. */
    buf_clear(&req);
    buf_put_zeros(&req, 100);
    req.data[0] = 1;
    req.data[1] = 13;
    req.data[3] = 100;
    buf_clear(&b);
    assert_int_equal(ofp_error_reply_encode(OFPERR_OFPBAC_BAD_TYPE,
                                            (void *) req.data, req.size, 1,
                                            &b), 0);
    assert_int_equal(b.size, 12 + 64);
    assert_int_equal(b.data[3], 76);
    assert_int_equal(b.data[9], 2);     /* BAD_ACTION */
    assert_int_equal(b.data[11], 0);    /* BAD_TYPE */
    for (i = 0; i < 64; i++) {
        assert_int_equal(b.data[12 + i], req.data[i]);
    }

    /* An error 1.0 does not have goes out as BAD_REQUEST/EPERM. */
    buf_clear(&b);
    assert_int_equal(ofp_error_reply_encode(OFPERR_OFPBMC_BAD_PREREQ, NULL, 0,
                                            1, &b), 0);
    ofp_fixture_buf_hex(&b, "01 01 000c 00000000 0001 0005");
    /* A 1.5 peer we cannot talk to hears HELLO_FAILED in 1.5. */
    buf_clear(&req);
    assert_null(hex_decode("06 00 0008 0000002a", &req));
    buf_clear(&b);
    assert_int_equal(ofp_error_reply_encode(OFPERR_OFPHFC_INCOMPATIBLE,
                                            (void *) req.data, req.size,
                                            req.data[0], &b), 0);
    ofp_fixture_buf_hex(&b, "06 01 0014 0000002a 0000 0000 06000008 0000002a");
    buf_uninit(&req);
    buf_uninit(&b);
    ds_destroy(&s);
}

static void
test_error_decode_variants(void **state)
{
    struct ofp_error err;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, b2;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&b2, 0);
    /* HELLO_FAILED with text. */
    oh = ofp_fixture_msg(&b, "04 01 0010 00000005 0000 0000 68656c6c",
                         OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, OFPERR_OFPHFC_INCOMPATIBLE);
    ofp_error_format(&s, &err, 4);
    assert_string_equal(ds_cstr(&s), " OFPHFC_INCOMPATIBLE\nhell\n");
    /* Round trip of raw fields. */
    assert_int_equal(ofp_error_encode(&err, 4, 5, &b2), 0);
    assert_int_equal(b2.size, b.size);
    assert_memory_equal(b2.data, b.data, b.size);

    /* 1.3 experimenter error. */
    oh = ofp_fixture_msg(&b, "04 01 0014 00000005 ffff 0007 00002320 41424344",
                         OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, 0);
    assert_int_equal(err.type, 0xffff);
    assert_int_equal(err.code, 7);
    assert_int_equal(err.experimenter, 0x2320);
    assert_int_equal(err.data_len, 4);
    buf_clear(&b2);
    assert_int_equal(ofp_error_encode(&err, 4, 5, &b2), 0);
    assert_memory_equal(b2.data, b.data, b.size);
    /* ...cannot be expressed in 1.0. */
    assert_int_equal(ofp_error_encode(&err, 1, 5, &b2),
                     OFPERR_OFPBRC_BAD_VERSION);
    /* ...and must carry its experimenter id. */
    oh = ofp_fixture_msg(&b, "04 01 000e 00000005 ffff 0007 0000",
                         OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), OFPERR_OFPBRC_BAD_LEN);

    /* Unknown (type, code) is kept raw. */
    oh = ofp_fixture_msg(&b, "01 01 000c 00000005 0009 0001", OFPTYPE_ERROR);
    assert_int_equal(ofp_error_decode(&err, oh), 0);
    assert_int_equal(err.error, 0);
    assert_int_equal(err.type, 9);
    ds_clear(&s);
    ofp_error_format(&s, &err, 1);
    assert_string_equal(ds_cstr(&s), " type=9 code=1\n");

    /* Too short for type and code: caught by framing. */
    assert_int_equal(frame_error("04 01 000a 00000005 0001"),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
    buf_uninit(&b2);
    ds_destroy(&s);
}

static void
test_echo(void **state)
{
    static const uint8_t payload[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_echo echo;
    struct buf b, reply;

    (void) state;
    buf_init(&b, 0);
    buf_init(&reply, 0);
    assert_int_equal(ofp_echo_encode(false, payload, sizeof payload, 4, 5,
                                     &b), 0);
    ofp_fixture_buf_hex(&b, "04 02 0010 00000005 0102030405060708");
    assert_int_equal(ofp_echo_decode(&echo, (void *) b.data), 0);
    assert_int_equal(echo.data_len, 8);
    assert_memory_equal(echo.data, payload, 8);
    ofp_echo_format(&s, &echo);
    assert_string_equal(ds_cstr(&s), " 8 bytes of payload\n"
        "00000000  01 02 03 04 05 06 07 08-                        "
        "|........        |\n");
    ds_destroy(&s);
    assert_int_equal(ofp_echo_reply_from_request((void *) b.data, &reply), 0);
    ofp_fixture_buf_hex(&reply, "04 03 0010 00000005 0102030405060708");
    buf_clear(&b);
    assert_int_equal(ofp_echo_encode(true, NULL, 0, 1, 5, &b), 0);
    ofp_fixture_buf_hex(&b, "01 03 0008 00000005");
    assert_int_equal(ofp_echo_encode(true, payload, 65535 - 7, 1, 5, &b),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(b.size, 8);
    buf_uninit(&b);
    buf_uninit(&reply);
}

static void
test_experimenter(void **state)
{
    struct ofp_experimenter exp = { 0x2320, 7, "AB", 2 }, dec;
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_experimenter_encode(&exp, OFP13_VERSION, 3, &b), 0);
    ofp_fixture_buf_hex(&b, "04 04 0012 00000003 00002320 00000007 4142");
    assert_int_equal(ofp_experimenter_decode(&dec, (void *) b.data), 0);
    assert_int_equal(dec.experimenter, 0x2320);
    assert_int_equal(dec.exp_type, 7);
    assert_int_equal(dec.data_len, 2);
    assert_memory_equal(dec.data, "AB", 2);
    buf_clear(&b);
    assert_int_equal(ofp_experimenter_encode(&exp, OFP10_VERSION, 3, &b), 0);
    ofp_fixture_buf_hex(&b, "01 04 000e 00000003 00002320 4142");
    assert_int_equal(ofp_experimenter_decode(&dec, (void *) b.data), 0);
    assert_int_equal(dec.exp_type, 0);
    assert_int_equal(frame_error("04 04 000c 00000003 00002320"),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
}

static void
test_features(void **state)
{
    struct ofp_switch_features sf, dec;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_features_request_encode(OFP13_VERSION, 5, &b), 0);
    ofp_fixture_buf_hex(&b, "04 05 0008 00000005");

    memset(&sf, 0, sizeof sf);
    sf.datapath_id = 0x123;
    sf.n_buffers = 256;
    sf.n_tables = 254;
    sf.auxiliary_id = 1;
    sf.capabilities = 0x4f;
    buf_clear(&b);
    assert_int_equal(ofp_switch_features_encode(&sf, OFP13_VERSION, 1, &b), 0);
    ofp_fixture_buf_hex(&b, "04 06 0020 00000001 0000000000000123 00000100"
                        " fe 01 0000 0000004f 00000000");
    assert_int_equal(ofp_switch_features_decode(&dec, (void *) b.data), 0);
    assert_int_equal(dec.datapath_id, 0x123);
    assert_int_equal(dec.n_buffers, 256);
    assert_int_equal(dec.n_tables, 254);
    assert_int_equal(dec.auxiliary_id, 1);
    assert_int_equal(dec.capabilities, 0x4f);
    assert_int_equal(dec.n_ports, 0);
    ofp_switch_features_format(&s, &dec, 4);
    assert_string_equal(ds_cstr(&s), " dpid:0000000000000123\n"
                        "n_tables:254, n_buffers:256, auxiliary_id:1\n"
                        "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                        "GROUP_STATS QUEUE_STATS\n");
    /* 1.3 cannot carry ports. */
    sf.n_ports = 1;
    sf.ports = NULL;
    assert_int_equal(ofp_switch_features_encode(&sf, OFP13_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    buf_uninit(&b);
    ds_destroy(&s);
}

static void
test_config_and_barrier(void **state)
{
    struct ofp_switch_config cfg = { OFPC_FRAG_NORMAL, 128 }, dec;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_switch_config_encode(&cfg, false, OFP10_VERSION, 5,
                                              &b), 0);
    ofp_fixture_buf_hex(&b, "01 09 000c 00000005 0000 0080");
    assert_int_equal(ofp_switch_config_decode(&dec, (void *) b.data), 0);
    assert_int_equal(dec.flags, 0);
    assert_int_equal(dec.miss_send_len, 128);
    ofp_switch_config_format(&s, &dec);
    assert_string_equal(ds_cstr(&s), " frags=normal miss_send_len=128\n");
    cfg.flags = OFPC_FRAG_DROP;
    cfg.miss_send_len = OFPCML_NO_BUFFER;
    buf_clear(&b);
    assert_int_equal(ofp_switch_config_encode(&cfg, true, OFP13_VERSION, 5,
                                              &b), 0);
    ofp_fixture_buf_hex(&b, "04 08 000c 00000005 0001 ffff");
    buf_clear(&b);
    assert_int_equal(ofp_get_config_request_encode(OFP13_VERSION, 5, &b), 0);
    ofp_fixture_buf_hex(&b, "04 07 0008 00000005");
    buf_clear(&b);
    assert_int_equal(ofp_barrier_request_encode(OFP13_VERSION, 6, &b), 0);
    assert_int_equal(ofp_barrier_reply_encode(OFP10_VERSION, 6, &b), 0);
    ofp_fixture_buf_hex(&b, "04 14 0008 00000006 01 13 0008 00000006");
    /* GET_ASYNC does not exist in 1.0. */
    assert_int_equal(ofp_empty_msg_encode(OFPTYPE_GET_ASYNC_REQUEST,
                                          OFP10_VERSION, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    /* Config of the wrong size never reaches the decoder. */
    assert_int_equal(frame_error("04 08 0008 00000005"),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(frame_error("04 09 000e 00000005 0000 0080 0000"),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
    ds_destroy(&s);
}

/* Messages captured from ovs-ofctl 3.1 talking to a listener
 * (tests/golden/ovs-bytes): Kumo decodes them and re-encodes the same
 * bytes. */
static void
test_ovs_captured(void **state)
{
    struct ofp_hello h;
    struct ofp_switch_config cfg;
    const struct ofp_header *oh;
    struct buf b, out;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    /* ovs-ofctl -O OpenFlow13 hello: bitmap element with only 1.3. */
    oh = ofp_fixture_msg(&b, "04000010000000010001000800000010",
                         OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_true(h.has_bitmap);
    assert_int_equal(h.version_bitmap, 1u << 4);
    assert_int_equal(ofp_negotiate_version(OFP_SUPPORTED_VERSIONS, &h),
                     OFP13_VERSION);
    assert_int_equal(ofp_hello_encode(h.version_bitmap, 1, &out), 0);
    ofp_fixture_buf_hex(&out, "04000010000000010001000800000010");
    /* ovs-ofctl -O OpenFlow10 hello. */
    oh = ofp_fixture_msg(&b, "0100000800000001", OFPTYPE_HELLO);
    assert_int_equal(ofp_hello_decode(&h, oh), 0);
    assert_int_equal(ofp_negotiate_version(OFP_SUPPORTED_VERSIONS, &h),
                     OFP10_VERSION);
    buf_clear(&out);
    assert_int_equal(ofp_hello_encode(1u << 1, 1, &out), 0);
    ofp_fixture_buf_hex(&out, "0100000800000001");
    /* set-frags drop. */
    oh = ofp_fixture_msg(&b, "0109000c0000000300010080", OFPTYPE_SET_CONFIG);
    assert_int_equal(ofp_switch_config_decode(&cfg, oh), 0);
    assert_int_equal(cfg.flags, OFPC_FRAG_DROP);
    assert_int_equal(cfg.miss_send_len, 128);
    buf_clear(&out);
    assert_int_equal(ofp_switch_config_encode(&cfg, false, OFP10_VERSION, 3,
                                              &out), 0);
    ofp_fixture_buf_hex(&out, "0109000c0000000300010080");
    /* Bodiless requests. */
    ofp_fixture_msg(&b, "0107000800000002", OFPTYPE_GET_CONFIG_REQUEST);
    ofp_fixture_msg(&b, "0105000800000002", OFPTYPE_FEATURES_REQUEST);
    ofp_fixture_msg(&b, "0102000800000000", OFPTYPE_ECHO_REQUEST);
    ofp_fixture_msg(&b, "0414000800000005", OFPTYPE_BARRIER_REQUEST);
    buf_clear(&out);
    assert_int_equal(ofp_get_config_request_encode(OFP13_VERSION, 2, &out),
                     0);
    assert_int_equal(ofp_features_request_encode(OFP10_VERSION, 2, &out), 0);
    assert_int_equal(ofp_echo_encode(false, NULL, 0, 1, 0, &out), 0);
    assert_int_equal(ofp_barrier_request_encode(OFP13_VERSION, 5, &out), 0);
    ofp_fixture_buf_hex(&out, "0407000800000002 0105000800000002"
                        " 0102000800000000 0414000800000005");
    buf_uninit(&b);
    buf_uninit(&out);
}

static uint32_t
rnd(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t) (*state >> 33);
}

/* decode(encode(x)) == x and encode(decode(bytes)) == bytes for random
 * hellos, features, configs, errors, echoes and experimenter messages. */
static void
test_round_trip_random(void **state)
{
    uint8_t payload[300];
    uint64_t st = 7;
    int iter;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof payload; i++) {
        payload[i] = (uint8_t) (i * 7);
    }
    for (iter = 0; iter < 2000; iter++) {
        enum ofp_version v = iter % 2 ? OFP13_VERSION : OFP10_VERSION;
        uint32_t xid = rnd(&st);
        struct ofp_switch_features sf, sf2;
        struct ofp_switch_config cfg, cfg2;
        struct ofp_error err, err2;
        struct ofp_echo echo;
        struct ofp_experimenter exp, exp2;
        struct ofp_hello h;
        uint32_t bitmap;
        struct buf b, b2;

        buf_init(&b, 0);
        buf_init(&b2, 0);

        bitmap = (rnd(&st) & 0x7e) | (1u << 1);
        assert_int_equal(ofp_hello_encode(bitmap, xid, &b), 0);
        assert_int_equal(ofp_hello_decode(&h, (void *) b.data), 0);
        if (bitmap >= (1u << OFP13_VERSION)) {
            assert_true(h.has_bitmap);
            assert_int_equal(h.version_bitmap, bitmap);
        }
        assert_int_equal(ofp_negotiate_version(bitmap, &h),
                         31 - __builtin_clz(bitmap));

        buf_clear(&b);
        memset(&sf, 0, sizeof sf);
        sf.datapath_id = (uint64_t) rnd(&st) << 32 | rnd(&st);
        sf.n_buffers = rnd(&st);
        sf.n_tables = (uint8_t) rnd(&st);
        sf.capabilities = rnd(&st);
        if (v == OFP10_VERSION) {
            sf.actions = rnd(&st);
        } else {
            sf.auxiliary_id = (uint8_t) rnd(&st);
        }
        assert_int_equal(ofp_switch_features_encode(&sf, v, xid, &b), 0);
        assert_int_equal(ofp_switch_features_decode(&sf2, (void *) b.data), 0);
        sf.port_list = sf2.port_list;   /* Decode output only. */
        assert_memory_equal(&sf, &sf2, sizeof sf);
        assert_int_equal(ofp_switch_features_encode(&sf2, v, xid, &b2), 0);
        ofp_fixture_buf_eq(&b2, &b);

        buf_clear(&b);
        cfg.flags = (uint16_t) rnd(&st);
        cfg.miss_send_len = (uint16_t) rnd(&st);
        assert_int_equal(ofp_switch_config_encode(&cfg, iter % 3 == 0, v, xid,
                                                  &b), 0);
        assert_int_equal(ofp_switch_config_decode(&cfg2, (void *) b.data), 0);
        assert_memory_equal(&cfg, &cfg2, sizeof cfg);

        buf_clear(&b);
        memset(&err, 0, sizeof err);
        err.type = (uint16_t) (rnd(&st) % 16);
        err.code = (uint16_t) (rnd(&st) % 16);
        if (v == OFP13_VERSION && iter % 5 == 0) {
            err.type = OFPET_EXPERIMENTER;
            err.experimenter = rnd(&st);
        }
        err.error = err.type == OFPET_EXPERIMENTER ? 0
                    : ofperr_decode_type_code(v, err.type, err.code);
        err.data = payload;
        err.data_len = rnd(&st) % sizeof payload;
        assert_int_equal(ofp_error_encode(&err, v, xid, &b), 0);
        assert_int_equal(ofp_error_decode(&err2, (void *) b.data), 0);
        assert_int_equal(err2.error, err.error);
        assert_int_equal(err2.type, err.type);
        assert_int_equal(err2.code, err.code);
        assert_int_equal(err2.experimenter, err.experimenter);
        assert_int_equal(err2.data_len, err.data_len);
        assert_memory_equal(err2.data, payload, err.data_len);
        buf_clear(&b2);
        assert_int_equal(ofp_error_encode(&err2, v, xid, &b2), 0);
        ofp_fixture_buf_eq(&b2, &b);

        buf_clear(&b);
        assert_int_equal(ofp_echo_encode(iter % 2, payload,
                                         rnd(&st) % sizeof payload, v, xid,
                                         &b), 0);
        assert_int_equal(ofp_echo_decode(&echo, (void *) b.data), 0);
        assert_int_equal(echo.data_len + 8, b.size);

        buf_clear(&b);
        memset(&exp, 0, sizeof exp);
        exp.experimenter = rnd(&st);
        exp.exp_type = v == OFP13_VERSION ? rnd(&st) : 0;
        exp.data = payload;
        exp.data_len = rnd(&st) % sizeof payload;
        assert_int_equal(ofp_experimenter_encode(&exp, v, xid, &b), 0);
        assert_int_equal(ofp_experimenter_decode(&exp2, (void *) b.data), 0);
        assert_int_equal(exp2.experimenter, exp.experimenter);
        assert_int_equal(exp2.exp_type, exp.exp_type);
        assert_int_equal(exp2.data_len, exp.data_len);
        assert_memory_equal(exp2.data, payload, exp.data_len);
        buf_uninit(&b);
        buf_uninit(&b2);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_encode),
        cmocka_unit_test(test_hello_decode_and_negotiate),
        cmocka_unit_test(test_hello_hostile),
        cmocka_unit_test(test_hello_format),
        cmocka_unit_test(test_error_reply),
        cmocka_unit_test(test_error_decode_variants),
        cmocka_unit_test(test_echo),
        cmocka_unit_test(test_experimenter),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_config_and_barrier),
        cmocka_unit_test(test_ovs_captured),
        cmocka_unit_test(test_round_trip_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
