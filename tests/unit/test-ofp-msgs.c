/* Unit tests for src/ofp/ofp-msgs: framing, type classification, header
 * start/finish, multipart headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-msgs.h"

/* Builds a message of 'size' bytes (zero body) with the given header. */
static const struct ofp_header *
make_msg(uint8_t *space, uint8_t version, uint8_t type, size_t size)
{
    struct ofp_header *oh = (struct ofp_header *) (void *) space;

    memset(space, 0, size);
    oh->version = version;
    oh->type = type;
    oh->length = htons((uint16_t) size);
    oh->xid = htonl(0x12345678);
    return oh;
}

/* Asserts that 'b' holds exactly the bytes spelled by 'hex'. */
static void
assert_bytes(const struct buf *b, const char *hex)
{
    struct buf want;

    buf_init(&want, 64);
    assert_null(hex_decode(hex, &want));
    if (b->size != want.size || memcmp(b->data, want.data, b->size)) {
        size_t i;
        fprintf(stderr, "got  ");
        for (i = 0; i < b->size; i++) {
            fprintf(stderr, "%02x", b->data[i]);
        }
        fprintf(stderr, "\nwant ");
        for (i = 0; i < want.size; i++) {
            fprintf(stderr, "%02x", want.data[i]);
        }
        fprintf(stderr, "\n");
        fail();
    }
    buf_uninit(&want);
}

struct type_case {
    enum ofptype type;
    int raw10, min10;           /* raw10 < 0: not in 1.0 */
    int raw13, min13;
    bool exact;                 /* Fixed-size in 1.3. */
};

/* Expected numbering and minimum sizes, written out from the 1.0 and 1.3.5
 * specifications (independently of the table in ofp-msgs.c). */
static const struct type_case cases[] = {
    { OFPTYPE_HELLO, 0, 8, 0, 8, false },
    { OFPTYPE_ERROR, 1, 12, 1, 12, false },
    { OFPTYPE_ECHO_REQUEST, 2, 8, 2, 8, false },
    { OFPTYPE_ECHO_REPLY, 3, 8, 3, 8, false },
    { OFPTYPE_EXPERIMENTER, 4, 12, 4, 16, false },
    { OFPTYPE_FEATURES_REQUEST, 5, 8, 5, 8, true },
    { OFPTYPE_FEATURES_REPLY, 6, 32, 6, 32, true },
    { OFPTYPE_GET_CONFIG_REQUEST, 7, 8, 7, 8, true },
    { OFPTYPE_GET_CONFIG_REPLY, 8, 12, 8, 12, true },
    { OFPTYPE_SET_CONFIG, 9, 12, 9, 12, true },
    { OFPTYPE_PACKET_IN, 10, 18, 10, 34, false },
    { OFPTYPE_FLOW_REMOVED, 11, 88, 11, 56, false },
    { OFPTYPE_PORT_STATUS, 12, 64, 12, 80, true },
    { OFPTYPE_PACKET_OUT, 13, 16, 13, 24, false },
    { OFPTYPE_FLOW_MOD, 14, 72, 14, 56, false },
    { OFPTYPE_GROUP_MOD, -1, 0, 15, 16, false },
    { OFPTYPE_PORT_MOD, 15, 32, 16, 40, true },
    { OFPTYPE_TABLE_MOD, -1, 0, 17, 16, true },
    { OFPTYPE_MULTIPART_REQUEST, 16, 12, 18, 16, false },
    { OFPTYPE_MULTIPART_REPLY, 17, 12, 19, 16, false },
    { OFPTYPE_BARRIER_REQUEST, 18, 8, 20, 8, true },
    { OFPTYPE_BARRIER_REPLY, 19, 8, 21, 8, true },
    { OFPTYPE_QUEUE_GET_CONFIG_REQUEST, 20, 12, 22, 16, true },
    { OFPTYPE_QUEUE_GET_CONFIG_REPLY, 21, 16, 23, 16, false },
    { OFPTYPE_ROLE_REQUEST, -1, 0, 24, 24, true },
    { OFPTYPE_ROLE_REPLY, -1, 0, 25, 24, true },
    { OFPTYPE_GET_ASYNC_REQUEST, -1, 0, 26, 8, true },
    { OFPTYPE_GET_ASYNC_REPLY, -1, 0, 27, 32, true },
    { OFPTYPE_SET_ASYNC, -1, 0, 28, 32, true },
    { OFPTYPE_METER_MOD, -1, 0, 29, 16, false },
};

static void
test_every_type_classified(void **state)
{
    uint8_t space[128];
    size_t i;

    (void) state;
    assert_int_equal(ARRAY_SIZE(cases), OFPTYPE_N);
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct type_case *tc = &cases[i];
        const struct ofp_header *oh;
        enum ofptype type;

        if (tc->raw10 >= 0) {
            oh = make_msg(space, 1, (uint8_t) tc->raw10, (size_t) tc->min10);
            assert_int_equal(ofp_msg_decode_type(oh, (size_t) tc->min10,
                                                 &type), 0);
            assert_int_equal(type, tc->type);
            assert_int_equal(ofptype_to_raw(tc->type, OFP10_VERSION),
                             tc->raw10);
            /* One byte short of the fixed part. */
            if (tc->min10 > 8) {
                oh = make_msg(space, 1, (uint8_t) tc->raw10,
                              (size_t) tc->min10 - 1);
                assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type),
                                 OFPERR_OFPBRC_BAD_LEN);
            }
        } else {
            assert_false(ofptype_exists(tc->type, OFP10_VERSION));
        }
        oh = make_msg(space, 4, (uint8_t) tc->raw13, (size_t) tc->min13);
        assert_int_equal(ofp_msg_decode_type(oh, (size_t) tc->min13, &type),
                         0);
        assert_int_equal(type, tc->type);
        assert_int_equal(ofptype_to_raw(tc->type, OFP13_VERSION), tc->raw13);
        if (tc->min13 > 8) {
            oh = make_msg(space, 4, (uint8_t) tc->raw13,
                          (size_t) tc->min13 - 1);
            assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type),
                             OFPERR_OFPBRC_BAD_LEN);
        }
        /* One byte more than a fixed-size message. */
        oh = make_msg(space, 4, (uint8_t) tc->raw13, (size_t) tc->min13 + 1);
        assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type),
                         tc->exact ? OFPERR_OFPBRC_BAD_LEN : 0);
        assert_string_not_equal(ofptype_name(tc->type), "OFPT_UNKNOWN");
    }
}

static void
test_framing_errors(void **state)
{
    uint8_t space[64];
    const struct ofp_header *oh;
    enum ofptype type;

    (void) state;
    oh = make_msg(space, 4, 2, 8);
    /* Fewer than 8 bytes received. */
    assert_int_equal(ofp_msg_decode_type(oh, 7, &type), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_msg_decode_type(oh, 0, &type), OFPERR_OFPBRC_BAD_LEN);
    /* Length field below the header size. */
    oh = make_msg(space, 4, 2, 8);
    ((struct ofp_header *) (void *) space)->length = htons(7);
    assert_int_equal(ofp_msg_decode_type(oh, 8, &type), OFPERR_OFPBRC_BAD_LEN);
    ((struct ofp_header *) (void *) space)->length = htons(0);
    assert_int_equal(ofp_msg_decode_type(oh, 8, &type), OFPERR_OFPBRC_BAD_LEN);
    /* Length field that lies past what was received. */
    oh = make_msg(space, 4, 2, 16);
    assert_int_equal(ofp_msg_decode_type(oh, 15, &type),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_msg_decode_type(oh, 16, &type), 0);
    /* More received than the length says: fine (a stream). */
    assert_int_equal(ofp_msg_decode_type(oh, 64, &type), 0);
    assert_int_equal(type, OFPTYPE_ECHO_REQUEST);
}

static void
test_bad_version_and_type(void **state)
{
    uint8_t space[64];
    const struct ofp_header *oh;
    enum ofptype type;
    uint8_t v;

    (void) state;
    for (v = 0; v < 10; v++) {
        if (v == 1 || v == 4) {
            continue;
        }
        oh = make_msg(space, v, 2, 8);
        assert_int_equal(ofp_msg_decode_type(oh, 8, &type),
                         OFPERR_OFPBRC_BAD_VERSION);
        /* HELLO gets through at any nonzero version, for negotiation. */
        oh = make_msg(space, v, 0, 16);
        assert_int_equal(ofp_msg_decode_type(oh, 16, &type),
                         v ? 0 : OFPERR_OFPBRC_BAD_VERSION);
    }
    /* Types beyond each version's range, and 1.3-only types in 1.0. */
    oh = make_msg(space, 1, 22, 8);
    assert_int_equal(ofp_msg_decode_type(oh, 8, &type), OFPERR_OFPBRC_BAD_TYPE);
    oh = make_msg(space, 4, 30, 8);
    assert_int_equal(ofp_msg_decode_type(oh, 8, &type), OFPERR_OFPBRC_BAD_TYPE);
    oh = make_msg(space, 4, 255, 8);
    assert_int_equal(ofp_msg_decode_type(oh, 8, &type), OFPERR_OFPBRC_BAD_TYPE);
    assert_int_equal(ofptype_to_raw(OFPTYPE_METER_MOD, OFP10_VERSION), -1);
    assert_int_equal(ofptype_to_raw((enum ofptype) 99, OFP13_VERSION), -1);
    assert_string_equal(ofptype_name((enum ofptype) 99), "OFPT_UNKNOWN");
}

static void
test_features_reply_port_multiple(void **state)
{
    uint8_t space[200];
    const struct ofp_header *oh;
    enum ofptype type;

    (void) state;
    oh = make_msg(space, 1, 6, 32 + 48 * 2);
    assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type), 0);
    oh = make_msg(space, 1, 6, 32 + 47);
    assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type),
                     OFPERR_OFPBRC_BAD_LEN);
    /* 1.3 features reply carries no ports. */
    oh = make_msg(space, 4, 6, 32 + 64);
    assert_int_equal(ofp_msg_decode_type(oh, sizeof space, &type),
                     OFPERR_OFPBRC_BAD_LEN);
}

static void
test_msg_start_finish(void **state)
{
    struct buf b;
    size_t start;

    (void) state;
    buf_init(&b, 0);
    buf_put_u8(&b, 0xaa);       /* Messages may start at any offset. */
    start = ofp_msg_start(&b, OFP13_VERSION, OFPTYPE_ECHO_REQUEST, 0x01020304);
    assert_int_equal(start, 1);
    buf_put_be32(&b, 0xdeadbeef);
    ofp_msg_finish(&b, start);
    assert_bytes(&b, "aa 04 02 000c 01020304 deadbeef");
    buf_clear(&b);
    start = ofp_msg_start(&b, OFP10_VERSION, OFPTYPE_BARRIER_REQUEST, 7);
    ofp_msg_finish(&b, start);
    assert_bytes(&b, "01 12 0008 00000007");
    buf_clear(&b);
    start = ofp_msg_start(&b, OFP13_VERSION, OFPTYPE_BARRIER_REPLY, 7);
    ofp_msg_finish(&b, start);
    assert_bytes(&b, "04 15 0008 00000007");
    buf_uninit(&b);
}

static void
test_mp_start_decode(void **state)
{
    struct buf b;
    size_t start;
    enum ofp_mp_type type;
    uint16_t flags;
    struct cursor body;
    enum ofptype ot;

    (void) state;
    buf_init(&b, 0);
    start = ofp_mp_start(&b, OFP10_VERSION, false, OFPMP_PORT_STATS, 0, 9);
    buf_put_be32(&b, 0x11223344);
    ofp_msg_finish(&b, start);
    assert_bytes(&b, "01 10 0010 00000009 0004 0000 11223344");
    assert_int_equal(ofp_msg_decode_type((void *) b.data, b.size, &ot), 0);
    assert_int_equal(ot, OFPTYPE_MULTIPART_REQUEST);
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body), 0);
    assert_int_equal(type, OFPMP_PORT_STATS);
    assert_int_equal(flags, 0);
    assert_int_equal(body.size, 4);
    assert_int_equal(body.data[0], 0x11);

    buf_clear(&b);
    start = ofp_mp_start(&b, OFP13_VERSION, true, OFPMP_PORT_DESC,
                         OFPMPF_MORE, 9);
    ofp_msg_finish(&b, start);
    assert_bytes(&b, "04 13 0010 00000009 000d 0001 00000000");
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body), 0);
    assert_int_equal(type, OFPMP_PORT_DESC);
    assert_int_equal(flags, OFPMPF_MORE);
    assert_int_equal(body.size, 0);

    /* 1.0 has no port desc (subtype 13): BAD_MULTIPART (1.0 BAD_STAT). */
    b.data[1] = 17;
    b.data[2] = 0;
    b.data[3] = 12;
    b.data[0] = 1;
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    /* Unknown subtype in 1.3. */
    buf_clear(&b);
    assert_null(hex_decode("04 12 0010 00000001 000e 0000 00000000", &b));
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    /* Experimenter subtype is known in both. */
    buf_clear(&b);
    assert_null(hex_decode("01 10 000c 00000001 ffff 0000", &b));
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body), 0);
    assert_int_equal(type, OFPMP_EXPERIMENTER);
    /* Not a multipart message. */
    buf_clear(&b);
    assert_null(hex_decode("04 02 0010 00000001 000d 0000 00000000", &b));
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body),
                     OFPERR_OFPBRC_BAD_TYPE);
    /* Shorter than the multipart header. */
    buf_clear(&b);
    assert_null(hex_decode("04 12 000c 00000001 000d 0000", &b));
    assert_int_equal(ofp_mp_decode((void *) b.data, &type, &flags, &body),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
}

static void
test_names(void **state)
{
    (void) state;
    assert_string_equal(ofptype_name(OFPTYPE_HELLO), "OFPT_HELLO");
    assert_string_equal(ofptype_name(OFPTYPE_METER_MOD), "OFPT_METER_MOD");
    assert_string_equal(ofp_mp_type_name(OFPMP_PORT_DESC), "OFPMP_PORT_DESC");
    assert_string_equal(ofp_mp_type_name(OFPMP_EXPERIMENTER),
                        "OFPMP_EXPERIMENTER");
    assert_string_equal(ofp_mp_type_name((enum ofp_mp_type) 14),
                        "OFPMP_UNKNOWN");
    assert_string_equal(ofp_version_name(4), "OpenFlow 1.3");
    assert_null(ofp_version_name(9));
    assert_true(ofp_mp_type_exists(OFPMP_QUEUE, OFP10_VERSION));
    assert_false(ofp_mp_type_exists(OFPMP_GROUP, OFP10_VERSION));
    assert_true(ofp_mp_type_exists(OFPMP_PORT_DESC, OFP13_VERSION));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_classified),
        cmocka_unit_test(test_framing_errors),
        cmocka_unit_test(test_bad_version_and_type),
        cmocka_unit_test(test_features_reply_port_multiple),
        cmocka_unit_test(test_msg_start_finish),
        cmocka_unit_test(test_mp_start_decode),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
