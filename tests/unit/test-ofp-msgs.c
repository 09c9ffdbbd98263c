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

#include "ofp-fixture.h"
#include "lib/buf.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"

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
        /* HELLO and ERROR get through at any nonzero version. */
        oh = make_msg(space, v, 0, 16);
        assert_int_equal(ofp_msg_decode_type(oh, 16, &type),
                         v ? 0 : OFPERR_OFPBRC_BAD_VERSION);
        oh = make_msg(space, v, 1, 12);
        assert_int_equal(ofp_msg_decode_type(oh, 12, &type),
                         v ? 0 : OFPERR_OFPBRC_BAD_VERSION);
        if (v) {
            assert_int_equal(type, OFPTYPE_ERROR);
        }
        oh = make_msg(space, v, 1, 11);
        assert_int_equal(ofp_msg_decode_type(oh, 11, &type),
                         v ? OFPERR_OFPBRC_BAD_LEN
                           : OFPERR_OFPBRC_BAD_VERSION);
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
    ofp_fixture_buf_hex(&b, "aa 04 02 000c 01020304 deadbeef");
    buf_clear(&b);
    start = ofp_msg_start(&b, OFP10_VERSION, OFPTYPE_BARRIER_REQUEST, 7);
    ofp_msg_finish(&b, start);
    ofp_fixture_buf_hex(&b, "01 12 0008 00000007");
    buf_clear(&b);
    start = ofp_msg_start(&b, OFP13_VERSION, OFPTYPE_BARRIER_REPLY, 7);
    ofp_msg_finish(&b, start);
    ofp_fixture_buf_hex(&b, "04 15 0008 00000007");
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
    ofp_fixture_buf_hex(&b, "01 10 0010 00000009 0004 0000 11223344");
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
    ofp_fixture_buf_hex(&b, "04 13 0010 00000009 000d 0001 00000000");
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

static void
test_raw_type_maps_agree(void **state)
{
    uint8_t space[16];
    int raw;

    (void) state;
    for (raw = 0; raw < 256; raw++) {
        uint8_t version;

        for (version = 1; version <= 4; version += 3) {
            const struct ofp_header *oh;
            enum ofptype type;
            enum ofperr error;

            oh = make_msg(space, version, (uint8_t) raw, sizeof space);
            error = ofp_msg_decode_type(oh, sizeof space, &type);
            if (error == OFPERR_OFPBRC_BAD_TYPE) {
                continue;
            }
            /* Known: maps back to the same number (length may be wrong). */
            assert_true(error == 0 || error == OFPERR_OFPBRC_BAD_LEN);
            assert_int_equal(ofptype_to_raw(type, (enum ofp_version) version),
                             raw);
        }
    }
}

/* Hostile input: every decoder of this module, on every truncation, every
 * lying length field and single-byte corruptions of valid messages. Each
 * attempt runs on an exactly-sized heap copy so that ASan flags any read
 * past the end. Results are not checked here (the other tests do that):
 * this asserts that nothing crashes or reads out of bounds, and that a
 * decoder that succeeds leaves walkable lists. */
static const char *const corpus[] = {
    "04 00 0010 00000001 0001 0008 00000012",
    "06 00 0020 00000001 0009 0005 aa000000 0001 000c 0000007a 00000001"
    " 00000000",
    "04 01 0014 00000009 0001 0006 04050008 00000009",
    "04 01 0014 00000005 ffff 0007 00002320 41424344",
    "01 01 0010 00000005 0000 0000 68656c6c",
    "04 02 0010 00000005 0102030405060708",
    "04 04 0012 00000003 00002320 00000007 4142",
    "01 04 000e 00000003 00002320 4142",
    "04 06 0020 00000001 0000000000000123 00000100 fe 01 0000 0000004f"
    " 00000000",
    "01 06 0050 00000001 0000000000000123 00000100 fe 000000 000000c7"
    " 00000fff 0001 020304050607 65746830000000000000000000000000"
    " 00000001 00000200 000002a0 000002a0 000002bf 00000000",
    "01 09 000c 00000005 0000 0080",
    "04 08 000c 00000005 0001 ffff",
    "01 0c 0040 00000000 00 00000000000000 0001 020304050607"
    " 65746830000000000000000000000000 00000001 00000200 000002a0"
    " 000002a0 000002bf 00000000",
    "04 0c 0050 00000000 02 00000000000000 00000001 00000000 020304050607"
    " 0000 65746830000000000000000000000000 00000001 00000004 00002820"
    " 00002820 0000287f 00000000 00989680 00989680",
    "01 0f 0020 00000003 0001 020304050607 00000001 00000001 00000000"
    " 00000000",
    "04 10 0028 00000003 00000001 00000000 020304050607 0000 00000001"
    " 00000041 00000820 00000000",
    "04 13 0050 00000002 000d 0001 00000000 00000001 00000000 020304050607"
    " 0000 65746830000000000000000000000000 00000001 00000004 00002820"
    " 00002820 0000287f 00000000 00989680 00989680",
    "01 10 0014 00000004 0004 0000 ffff 000000000000",
    "04 12 0018 00000004 0004 0000 00000000 ffffffff 00000000",
    "01 11 0074 00000004 0004 0000 fffe 000000000000"
    " 0000000000000001 0000000000000002 0000000000000003 0000000000000004"
    " 0000000000000005 0000000000000006 0000000000000007 0000000000000008"
    " 0000000000000009 000000000000000a 000000000000000b 000000000000000c",
    "04 13 0080 00000004 0004 0000 00000000 00000001 00000000"
    " 0000000000000001 0000000000000002 0000000000000003 0000000000000004"
    " 0000000000000005 0000000000000006 0000000000000007 0000000000000008"
    " 0000000000000009 000000000000000a 000000000000000b 000000000000000c"
    " 00000005 00000006",
    "01 0a 0016 00000000 ffffffff 002a 0003 00 00 01020304",
    "04 0a 0034 00000000 ffffffff 0000 00 00 0000000000000000 0001 0012"
    " 80000a02 0806 80000004 fffffffe 000000000000 0000 abcd",
    "01 0d 0020 00000001 ffffffff 0001 0008 00000008 fffb0000 01020304"
    " 05060708",
    "04 0d 0030 00000001 ffffffff 00000001 0010 000000000000 0000 0010"
    " 00000002 0000 000000000000 01020304 05060708",
};

static void
decode_any(const uint8_t *data, size_t size)
{
    const struct ofp_header *oh = (const void *) data;
    struct ds s = DS_EMPTY_INITIALIZER;
    enum ofptype type;
    uint8_t v;

    if (ofp_msg_decode_type(oh, size, &type)) {
        return;
    }
    v = oh->version;
    switch (type) {
    case OFPTYPE_HELLO: {
        struct ofp_hello h;
        if (!ofp_hello_decode(&h, oh)) {
            ofp_hello_format(&s, &h);
            ofp_negotiate_version(0x12, &h);
        }
        break;
    }
    case OFPTYPE_ERROR: {
        struct ofp_error e;
        if (!ofp_error_decode(&e, oh)) {
            ofp_error_format(&s, &e, v);
        }
        break;
    }
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY: {
        struct ofp_echo e;
        struct buf b;
        buf_init(&b, 0);
        if (!ofp_echo_decode(&e, oh) && type == OFPTYPE_ECHO_REQUEST) {
            ofp_echo_reply_from_request(oh, &b);
        }
        buf_uninit(&b);
        break;
    }
    case OFPTYPE_EXPERIMENTER: {
        struct ofp_experimenter e;
        if (!ofp_experimenter_decode(&e, oh)) {
            ofp_experimenter_format(&s, &e);
        }
        break;
    }
    case OFPTYPE_FEATURES_REPLY: {
        struct ofp_switch_features f;
        if (!ofp_switch_features_decode(&f, oh)) {
            ofp_switch_features_format(&s, &f, v);
        }
        break;
    }
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG: {
        struct ofp_switch_config c;
        if (!ofp_switch_config_decode(&c, oh)) {
            ofp_switch_config_format(&s, &c);
        }
        break;
    }
    case OFPTYPE_PORT_STATUS: {
        struct ofp_port_status ps;
        if (!ofp_port_status_decode(&ps, oh)) {
            ofp_port_status_format(&s, &ps);
        }
        break;
    }
    case OFPTYPE_PORT_MOD: {
        struct ofp_port_mod pm;
        if (!ofp_port_mod_decode(&pm, oh)) {
            ofp_port_mod_format(&s, &pm);
        }
        break;
    }
    case OFPTYPE_PACKET_IN: {
        struct ofp_packet_in pin;
        struct ofp_match match;
        if (!ofp_packet_in_decode(&pin, oh)) {
            ofp_packet_in_format(&s, &pin, v);
            ofp_packet_in_get_match(&pin, &match);
        }
        break;
    }
    case OFPTYPE_PACKET_OUT: {
        struct ofp_packet_out po;
        if (!ofp_packet_out_decode(&po, oh)) {
            struct buf actions;

            ofp_packet_out_format(&s, &po, v);
            buf_init(&actions, 0);
            if (!ofp_packet_out_decode_actions(&po, (enum ofp_version) v,
                                               &actions)) {
                ofp_packet_out_format(&s, &po, v);
            }
            buf_uninit(&actions);
        }
        break;
    }
    case OFPTYPE_MULTIPART_REQUEST: {
        uint32_t port_no;
        ofp_port_stats_request_decode(&port_no, oh);
        break;
    }
    case OFPTYPE_MULTIPART_REPLY: {
        struct ofp_port_list pl;
        struct ofp_port_stats_list sl;
        struct ofp_port port;
        struct ofp_port_stats st;
        uint16_t flags;

        if (!ofp_port_desc_reply_decode(&pl, &flags, oh)) {
            struct cursor c = pl.ports;
            size_t n = 0;
            while (!ofp_port_next(&c, pl.version, &port)) {
                ofp_port_format(&s, &port);
                n++;
            }
            assert_int_equal(n, pl.n_ports);
        }
        if (!ofp_port_stats_reply_decode(&sl, &flags, oh)) {
            struct cursor c = sl.entries;
            size_t n = 0;
            while (!ofp_port_stats_next(&c, sl.version, &st)) {
                ofp_port_stats_format(&s, &st);
                n++;
            }
            assert_int_equal(n, sl.n_entries);
        }
        break;
    }
    case OFPTYPE_FEATURES_REQUEST:
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_FLOW_REMOVED:
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_GROUP_MOD:
    case OFPTYPE_TABLE_MOD:
    case OFPTYPE_BARRIER_REQUEST:
    case OFPTYPE_BARRIER_REPLY:
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
    case OFPTYPE_QUEUE_GET_CONFIG_REPLY:
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY:
    case OFPTYPE_GET_ASYNC_REQUEST:
    case OFPTYPE_GET_ASYNC_REPLY:
    case OFPTYPE_SET_ASYNC:
    case OFPTYPE_METER_MOD:
    default:
        break;
    }
    ds_destroy(&s);
}

/* Runs decode_any() on an exact heap copy of 'data'/'size'. */
static void
decode_copy(const uint8_t *data, size_t size)
{
    uint8_t *copy = xmalloc(size ? size : 1);

    memcpy(copy, data, size);
    decode_any(copy, size);
    free(copy);
}

static void
test_decoders_survive_hostile_input(void **state)
{
    static const uint8_t flips[] = { 0x00, 0xff, 0x80, 0x01, 0x07 };
    struct buf b;
    size_t i;

    (void) state;
    buf_init(&b, 0);
    for (i = 0; i < ARRAY_SIZE(corpus); i++) {
        size_t len, ofs, f;
        enum ofptype type;

        buf_clear(&b);
        assert_null(hex_decode(corpus[i], &b));
        /* The corpus itself is valid. */
        assert_int_equal(ofp_msg_decode_type((void *) b.data, b.size, &type),
                         0);
        for (len = 0; len <= b.size; len++) {
            /* Truncated, with the original (now lying) length field. */
            decode_copy(b.data, len);
            /* Truncated, with a length field that agrees. */
            if (len >= 4) {
                uint8_t *copy = xmemdup(b.data, len);
                copy[2] = (uint8_t) (len >> 8);
                copy[3] = (uint8_t) len;
                decode_copy(copy, len);
                free(copy);
            }
        }
        for (ofs = 0; ofs < b.size; ofs++) {
            for (f = 0; f < ARRAY_SIZE(flips); f++) {
                uint8_t *copy = xmemdup(b.data, b.size);
                copy[ofs] = flips[f] == 0x01 || flips[f] == 0x07
                            ? copy[ofs] ^ flips[f] : flips[f];
                decode_copy(copy, b.size);
                free(copy);
            }
        }
    }
    buf_uninit(&b);
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
        cmocka_unit_test(test_raw_type_maps_agree),
        cmocka_unit_test(test_decoders_survive_hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
