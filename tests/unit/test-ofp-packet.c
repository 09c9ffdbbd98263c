/* Unit tests for src/ofp/ofp-packet: packet-in decode/encode (1.0, 1.3
 * with OXM match) and its hostile cases. Expected bytes and texts were
 * checked with `ovs-ofctl ofp-print`. */
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
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"

/* A 42-byte ARP request. */
#define ARP_HEX "ffffffffffff 000102030405 0806 0001080006040001" \
    " 000102030405 0a000001 000000000000 0a000002"

/* Fills 'b' from 'hex' and returns it as a message (no framing check). */
static const struct ofp_header *
raw_from_hex(struct buf *b, const char *hex)
{
    buf_clear(b);
    assert_null(hex_decode(hex, b));
    return (const void *) b->data;
}

/* Fills 'b' from 'hex', checks it frames as a packet-in and returns it. */
static const struct ofp_header *
pin_from_hex(struct buf *b, const char *hex)
{
    return ofp_fixture_msg(b, hex, OFPTYPE_PACKET_IN);
}

static void
test_packet_in_10(void **state)
{
    struct ofp_packet_in pin, pin2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = pin_from_hex(&b, "01 0a 003c 00000000 ffffffff 002a 0003 00 00 "
                      ARP_HEX);
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.buffer_id, OFP_NO_BUFFER);
    assert_int_equal(pin.total_len, 42);
    assert_int_equal(pin.in_port, 3);
    assert_int_equal(pin.reason, OFPR_NO_MATCH);
    assert_int_equal(pin.data_len, 42);
    assert_ptr_equal(pin.data, b.data + 18);
    ofp_packet_in_format(&s, &pin, 1);
    assert_string_equal(ds_cstr(&s), " total_len=42 in_port=3 (via no_match)"
                        " data_len=42 (unbuffered)\n");
    assert_int_equal(ofp_packet_in_encode(&pin, OFP10_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_packet_in_decode(&pin2, (void *) out.data), 0);
    pin2.data = pin.data;       /* Different buffers, same bytes. */
    assert_memory_equal(&pin, &pin2, sizeof pin);

    /* Special ports widen. */
    oh = pin_from_hex(&b, "01 0a 0012 00000000 00000100 0000 fffe 01 00");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.in_port, OFPP_LOCAL);
    assert_int_equal(pin.reason, OFPR_ACTION);
    assert_int_equal(pin.data_len, 0);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_packet_in_13(void **state)
{
    struct ofp_packet_in pin, pin2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = pin_from_hex(&b, "04 0a 0054 00000000 00000100 002a 01 02"
                      " 0102030405060708 0001 000c 80000004 00000003 00000000"
                      " 0000 " ARP_HEX);
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.buffer_id, 0x100);
    assert_int_equal(pin.total_len, 42);
    assert_int_equal(pin.reason, OFPR_ACTION);
    assert_int_equal(pin.table_id, 2);
    assert_int_equal(pin.cookie, 0x0102030405060708ull);
    assert_int_equal(pin.in_port, 3);
    assert_int_equal(pin.match_oxm_len, 8);
    assert_int_equal(pin.data_len, 42);
    assert_ptr_equal(pin.data, b.data + 42);
    ofp_packet_in_format(&s, &pin, 4);
    assert_string_equal(ds_cstr(&s), " table_id=2 cookie=0x102030405060708"
                        " total_len=42 in_port=3 (via action) data_len=42"
                        " buffer=0x00000100\n");
    /* encode(decode(bytes)) == bytes, with the decoded raw match... */
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    /* ...and with a match generated from in_port. */
    pin.match_oxm = NULL;
    pin.match_oxm_len = 0;
    buf_clear(&out);
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_packet_in_decode(&pin2, (void *) out.data), 0);
    assert_int_equal(pin2.in_port, 3);
    assert_int_equal(pin2.cookie, pin.cookie);
    assert_int_equal(pin2.data_len, 42);
    assert_memory_equal(pin2.data, pin.data, 42);

    /* A larger match: in_port then eth_type (0x80000a02 0806), TLVs 14
     * bytes, match length 18, padded to 24. */
    oh = pin_from_hex(&b, "04 0a 0034 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 0012 80000a02 0806 80000004"
                      " fffffffe 000000000000 0000 abcd");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.in_port, OFPP_LOCAL);
    assert_int_equal(pin.match_oxm_len, 14);
    assert_int_equal(pin.data_len, 2);
    buf_clear(&out);
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);

    /* An empty match (length 4) is allowed; in_port then reads 0. */
    oh = pin_from_hex(&b, "04 0a 0022 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 0004 00000000 0000");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.in_port, 0);
    assert_int_equal(pin.data_len, 0);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_packet_in_hostile(void **state)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Match type STANDARD (0) is not allowed in 1.3. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0000 000c 80000004 00000003 00000000 0000", OFPERR_OFPBMC_BAD_TYPE },
        /* Match length below its header. */
        { "04 0a 0022 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 0003 00000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* Match length past the end of the message. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 0030 80000004 00000003 00000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* Match fits but its padding does not. */
        { "04 0a 0024 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 000c 80000004 00000003", OFPERR_OFPBMC_BAD_LEN },
        /* Match and padding fit, the 2-byte pad does not. */
        { "04 0a 0028 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 000c 80000004 00000003 00000000", OFPERR_OFPBRC_BAD_LEN },
        /* OXM TLV whose length runs past the match. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 000c 80000008 00000003 00000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* OXM payload cut by the match length. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 000a 80000004 0000 000000000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* OXM header cut by the match length. */
        { "04 0a 0022 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 0006 8000 0000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* in_port with the wrong length. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 000a 80000002 0003 000000000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* in_port with a mask. */
        { "04 0a 002a 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 0010 80000108 00000003 ffffffff 0000", OFPERR_OFPBMC_BAD_MASK },
        /* in_port twice. */
        { "04 0a 0032 00000000 ffffffff 0000 00 00 0000000000000000"
          " 0001 0014 80000004 00000003 80000004 00000004 00000000 0000",
          OFPERR_OFPBMC_DUP_FIELD },
        /* 1.0 packet-in shorter than its fixed part. */
        { "01 0a 0011 00000000 ffffffff 0000 0003 00", OFPERR_OFPBRC_BAD_LEN },
        /* Unsupported version. */
        { "02 0a 0012 00000000 ffffffff 0000 0003 00 00",
          OFPERR_OFPBRC_BAD_VERSION },
    };
    struct ofp_packet_in pin;
    struct buf b;
    size_t i;

    (void) state;
    buf_init(&b, 0);
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct ofp_header *oh = raw_from_hex(&b, cases[i].hex);

        assert_int_equal(ntohs(oh->length), b.size);
        if (ofp_packet_in_decode(&pin, oh) != cases[i].error) {
            fprintf(stderr, "case %zu: got %s\n", i,
                    ofperr_get_name(ofp_packet_in_decode(&pin, oh)));
            fail();
        }
    }
    buf_uninit(&b);
}

static void
test_packet_in_encode_limits(void **state)
{
    struct ofp_packet_in pin;
    uint8_t stub[128];
    struct buf b;

    (void) state;
    memset(&pin, 0, sizeof pin);
    buf_use_stub(&b, stub, sizeof stub);
    pin.in_port = 0x10000;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP10_VERSION, 0, &b),
                     OFPERR_OFPBRC_BAD_PORT);
    pin.in_port = 1;
    pin.data = stub;
    pin.data_len = 65535 - 17;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP10_VERSION, 0, &b),
                     OFPERR_OFPBRC_BAD_LEN);
    pin.data_len = 65535 - 41;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &b),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_packet_in_encode(&pin, OFP12_VERSION, 0, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(b.size, 0);
    /* Small messages stay on the stub: no allocation. */
    pin.data_len = 42;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &b), 0);
    assert_ptr_equal(b.data, stub);
    assert_int_equal(b.size, 34 + 8 + 42);
    buf_uninit(&b);
}

/* Captured from ovs-ofctl 3.1 (tests/golden/ovs-bytes). */
#define UDP_HEX "0000000000020000000000010800450000240000000040110000c0a80001" \
    "c0a800020035003500100000deadbeefcafef00d"
#define OVS_PO10_HEX "010d004a00000002fffffffffffd000800000008fff80000" \
    UDP_HEX
#define OVS_PO13_HEX "040d008200000002ffffffff0000000100380000000000000000" \
    "001000000002000000000000000000110008810000000019001080000c021003" \
    "00000000000000000010fffffffc0000000000000000" UDP_HEX

static void
test_packet_out_ovs_bytes(void **state)
{
    struct ofp_packet_out po, po2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    enum ofptype type;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    raw_from_hex(&b, OVS_PO10_HEX);
    assert_int_equal(ofp_msg_decode_type((void *) b.data, b.size, &type), 0);
    assert_int_equal(type, OFPTYPE_PACKET_OUT);
    assert_int_equal(ofp_packet_out_decode(&po, (void *) b.data), 0);
    assert_int_equal(po.buffer_id, OFP_NO_BUFFER);
    assert_int_equal(po.in_port, OFPP_CONTROLLER);
    assert_int_equal(po.actions_len, 8);
    assert_int_equal(po.data_len, 50);
    ofp_packet_out_format(&s, &po, 1);
    assert_string_equal(ds_cstr(&s),
                        " in_port=CONTROLLER actions=IN_PORT data_len=50\n");
    assert_int_equal(ofp_packet_out_encode(&po, OFP10_VERSION, 2, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_packet_out_decode(&po2, (void *) out.data), 0);
    assert_int_equal(po2.in_port, po.in_port);
    assert_int_equal(po2.actions_len, po.actions_len);
    assert_memory_equal(po2.actions, po.actions, po.actions_len);

    raw_from_hex(&b, OVS_PO13_HEX);
    assert_int_equal(ofp_msg_decode_type((void *) b.data, b.size, &type), 0);
    assert_int_equal(ofp_packet_out_decode(&po, (void *) b.data), 0);
    assert_int_equal(po.in_port, 1);
    assert_int_equal(po.actions_len, 0x38);
    assert_int_equal(po.data_len, 50);
    ds_clear(&s);
    ofp_packet_out_format(&s, &po, 4);
    assert_string_equal(ds_cstr(&s), " in_port=1 actions=output:2,"
                        "push_vlan:0x8100,set_field:4099->vlan_vid,ALL"
                        " data_len=50\n");
    buf_clear(&out);
    assert_int_equal(ofp_packet_out_encode(&po, OFP13_VERSION, 2, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_packet_out_output(void **state)
{
    struct ofp_packet_out po;
    struct ds s = DS_EMPTY_INITIALIZER;
    uint8_t stub[256];
    struct buf b, want;

    (void) state;
    buf_use_stub(&b, stub, sizeof stub);
    buf_init(&want, 0);
    /* Checked with ovs-ofctl: "in_port=1 actions=FLOOD buffer=0x00000100". */
    assert_int_equal(ofp_packet_out_encode_output(0x100, 1, OFPP_FLOOD, NULL, 0,
                                                  OFP10_VERSION, 2, &b), 0);
    assert_null(hex_decode("010d0018 00000002 00000100 0001 0008"
                           " 00000008 fffb 0000", &want));
    ofp_fixture_buf_eq(&b, &want);
    assert_int_equal(ofp_packet_out_decode(&po, (void *) b.data), 0);
    ofp_packet_out_format(&s, &po, 1);
    assert_string_equal(ds_cstr(&s),
                        " in_port=1 actions=FLOOD buffer=0x00000100\n");

    buf_clear(&b);
    buf_clear(&want);
    assert_int_equal(ofp_packet_out_encode_output(OFP_NO_BUFFER, 3, 2,
                                                  "\x01\x02\x03\x04", 4,
                                                  OFP13_VERSION, 9, &b), 0);
    assert_null(hex_decode("040d002c 00000009 ffffffff 00000003 0010"
                           " 000000000000 0000 0010 00000002 0000"
                           " 000000000000 01020304", &want));
    ofp_fixture_buf_eq(&b, &want);
    /* Stayed on the stub: the hot path does not allocate. */
    assert_ptr_equal(b.data, stub);
    assert_int_equal(ofp_packet_out_decode(&po, (void *) b.data), 0);
    assert_int_equal(po.in_port, 3);
    assert_int_equal(po.data_len, 4);
    ds_clear(&s);
    ofp_packet_out_format(&s, &po, 4);
    assert_string_equal(ds_cstr(&s),
                        " in_port=3 actions=output:2 data_len=4\n");

    /* Ports 1.0 cannot express. */
    buf_clear(&b);
    assert_int_equal(ofp_packet_out_encode_output(OFP_NO_BUFFER, 3, 0x10000,
                                                  NULL, 0, OFP10_VERSION, 9,
                                                  &b),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    assert_int_equal(ofp_packet_out_encode_output(OFP_NO_BUFFER, 0x10000, 1,
                                                  NULL, 0, OFP10_VERSION, 9,
                                                  &b),
                     OFPERR_OFPBRC_BAD_PORT);
    /* Too much data. */
    assert_int_equal(ofp_packet_out_encode_output(OFP_NO_BUFFER, 1, 2, stub,
                                                  65535 - 39, OFP13_VERSION,
                                                  9, &b),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(b.size, 0);
    /* An empty action list is "drop". */
    memset(&po, 0, sizeof po);
    po.buffer_id = 7;
    assert_int_equal(ofp_packet_out_encode(&po, OFP13_VERSION, 1, &b), 0);
    assert_int_equal(ofp_packet_out_decode(&po, (void *) b.data), 0);
    ds_clear(&s);
    ofp_packet_out_format(&s, &po, 4);
    assert_string_equal(ds_cstr(&s), " in_port=0 actions=drop"
                        " buffer=0x00000007\n");
    buf_uninit(&b);
    buf_uninit(&want);
    ds_destroy(&s);
}

static void
test_packet_out_hostile(void **state)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* actions_len past the end of the message. */
        { "010d0018 00000001 ffffffff 0001 0010 00000008 00010000",
          OFPERR_OFPBRC_BAD_LEN },
        { "040d0028 00000001 ffffffff 00000001 0018 000000000000"
          " 0000 0010 00000002 0000 000000000000", OFPERR_OFPBRC_BAD_LEN },
        /* actions_len not a multiple of 8. */
        { "010d0018 00000001 ffffffff 0001 0004 00000008 00010000",
          OFPERR_OFPBRC_BAD_LEN },
        /* Action of length 0 (would loop forever if trusted). */
        { "010d0018 00000001 ffffffff 0001 0008 00000000 00010000",
          OFPERR_OFPBAC_BAD_LEN },
        /* Action length not a multiple of 8. */
        { "010d0020 00000001 ffffffff 0001 0010 0000000c 00010000"
          " 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        /* Action runs past actions_len (into the data). */
        { "010d0020 00000001 ffffffff 0001 0008 00000010 00010000"
          " 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        /* Second action runs past actions_len. */
        { "040d0030 00000001 ffffffff 00000001 0018 000000000000"
          " 0000 0010 00000002 0000 000000000000 0000 0010 00000000",
          OFPERR_OFPBAC_BAD_LEN },
        /* Unsupported version. */
        { "050d0010 00000001 ffffffff 0001 0000", OFPERR_OFPBRC_BAD_VERSION },
        /* Shorter than the fixed part. */
        { "040d0014 00000001 ffffffff 00000001 0000 0000",
          OFPERR_OFPBRC_BAD_LEN },
    };
    struct ofp_packet_out po;
    struct buf b;
    size_t i;

    (void) state;
    buf_init(&b, 0);
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct ofp_header *oh = raw_from_hex(&b, cases[i].hex);
        enum ofperr error;

        assert_int_equal(ntohs(oh->length), b.size);
        error = ofp_packet_out_decode(&po, oh);
        if (error != cases[i].error) {
            fprintf(stderr, "case %zu: got %s\n", i, ofperr_get_name(error));
            fail();
        }
    }
    buf_uninit(&b);
}

static void
test_packet_in_match_fields(void **state)
{
    struct ofp_packet_in pin, pin2;
    struct ofp_match match, match2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    /* in_port and tunnel_id; text checked with ovs-ofctl. */
    oh = pin_from_hex(&b, "040a0034 00000000 ffffffff 002a 00 00"
                      " 0000000000000000 0001 0018 80000004 00000003"
                      " 80004c08 0000000000000005 0000 abcd");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.in_port, 3);
    assert_null(pin.match);
    assert_int_equal(ofp_packet_in_get_match(&pin, &match), 0);
    assert_true(ofp_match_has(&match, MFF_TUNNEL_ID));
    assert_true(ofp_match_has(&match, MFF_IN_PORT));
    assert_int_equal(ntohll(match.v.tunnel_id), 5);
    ofp_packet_in_format(&s, &pin, 4);
    assert_string_equal(ds_cstr(&s), " cookie=0x0 total_len=42"
                        " tun_id=0x5,in_port=3 (via no_match) data_len=2"
                        " (unbuffered) (***total_len != data_len***)\n");
    /* Re-encoded from the decoded match, not the raw bytes. */
    pin.match_oxm = NULL;
    pin.match = &match;
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_packet_in_decode(&pin2, (void *) out.data), 0);
    assert_int_equal(ofp_packet_in_get_match(&pin2, &match2), 0);
    assert_true(ofp_match_equal(&match, &match2));

    /* A field Kumo does not know (NXM reg0, class 0x0001): the packet-in
     * still decodes, with in_port, and re-encodes verbatim; only the full
     * match cannot be had. */
    oh = pin_from_hex(&b, "040a0032 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 0014 00010004 00000007"
                      " 80000004 00000009 00000000 0000");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_int_equal(pin.in_port, 9);
    assert_int_equal(pin.match_oxm_len, 16);
    assert_int_equal(ofp_packet_in_get_match(&pin, &match),
                     OFPERR_OFPBMC_BAD_FIELD);
    assert_true(ofp_match_has(&match, MFF_IN_PORT));
    assert_int_equal(ntohl(match.v.in_port), 9);
    buf_clear(&out);
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    /* ...but its TLVs must still be well formed. */
    oh = pin_from_hex(&b, "040a0032 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 0014 00010008 00000007"
                      " 80000004 00000009 00000000 0000");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), OFPERR_OFPBMC_BAD_LEN);

    /* Nonzero match padding, after the common in_port-only match and
     * after a longer one. */
    oh = pin_from_hex(&b, "040a002a 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 000c 80000004 00000003"
                      " 00000001 0000");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), OFPERR_OFPBMC_BAD_LEN);
    oh = pin_from_hex(&b, "040a0032 00000000 ffffffff 0000 00 00"
                      " 0000000000000000 0001 0014 00010004 00000007"
                      " 80000004 00000009 00000100 0000");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), OFPERR_OFPBMC_BAD_LEN);

    /* A zeroed struct with only in_port set encodes an in_port match. */
    memset(&pin, 0, sizeof pin);
    pin.in_port = 3;
    pin.buffer_id = OFP_NO_BUFFER;
    buf_clear(&out);
    assert_int_equal(ofp_packet_in_encode(&pin, OFP13_VERSION, 0, &out), 0);
    buf_clear(&b);
    assert_null(hex_decode("040a002a 00000000 ffffffff 0000 00 00"
                           " 0000000000000000 0001 000c 80000004 00000003"
                           " 00000000 0000", &b));
    ofp_fixture_buf_eq(&out, &b);

    /* 1.0: the match is in_port alone. */
    oh = pin_from_hex(&b, "01 0a 0012 00000000 00000100 0000 fffe 01 00");
    assert_int_equal(ofp_packet_in_decode(&pin, oh), 0);
    assert_null(pin.match_oxm);
    assert_int_equal(ofp_packet_in_get_match(&pin, &match), 0);
    assert_true(ofp_match_has(&match, MFF_IN_PORT));
    assert_int_equal(ntohl(match.v.in_port), OFPP_LOCAL);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_packet_out_struct_actions(void **state)
{
    struct ofp_action actions[2];
    struct ofp_action stub[8];
    struct ofp_packet_out po, dec;
    struct buf b, want, abuf;
    int v;

    (void) state;
    buf_init(&b, 0);
    buf_init(&want, 0);
    for (v = 0; v < 2; v++) {
        enum ofp_version version = v ? OFP13_VERSION : OFP10_VERSION;

        memset(&po, 0, sizeof po);
        actions[0] = ofp_action_output(OFPP_FLOOD, 0);
        po.buffer_id = 0x100;
        po.in_port = 1;
        po.ofp_actions = actions;
        po.n_ofp_actions = 1;
        buf_clear(&b);
        buf_clear(&want);
        assert_int_equal(ofp_packet_out_encode(&po, version, 2, &b), 0);
        assert_int_equal(ofp_packet_out_encode_output(0x100, 1, OFPP_FLOOD,
                                                      NULL, 0, version, 2,
                                                      &want), 0);
        ofp_fixture_buf_eq(&b, &want);

        assert_int_equal(ofp_packet_out_decode(&dec, (void *) b.data), 0);
        assert_null(dec.ofp_actions);
        buf_use_stub(&abuf, stub, sizeof stub);
        assert_int_equal(ofp_packet_out_decode_actions(&dec, version, &abuf),
                         0);
        assert_ptr_equal(abuf.data, stub);
        assert_int_equal(dec.n_ofp_actions, 1);
        assert_true(ofp_actions_equal(dec.ofp_actions, dec.n_ofp_actions,
                                      po.ofp_actions, po.n_ofp_actions));
        buf_uninit(&abuf);
    }
    /* An empty list decodes to an empty struct list without touching a
     * buffer that has no storage yet (found by fuzzing: NULL + 0). */
    memset(&po, 0, sizeof po);
    po.buffer_id = 5;
    buf_clear(&b);
    assert_int_equal(ofp_packet_out_encode(&po, OFP13_VERSION, 2, &b), 0);
    assert_int_equal(ofp_packet_out_decode(&dec, (void *) b.data), 0);
    buf_init(&abuf, 0);
    assert_int_equal(ofp_packet_out_decode_actions(&dec, OFP13_VERSION,
                                                   &abuf), 0);
    assert_non_null(dec.ofp_actions);
    assert_int_equal(dec.n_ofp_actions, 0);
    assert_null(abuf.data);
    buf_clear(&want);
    assert_int_equal(ofp_packet_out_encode(&dec, OFP13_VERSION, 2, &want), 0);
    ofp_fixture_buf_eq(&want, &b);
    buf_uninit(&abuf);

    /* An action 1.0 cannot express: error, buffer unchanged. */
    po.ofp_actions = actions;
    actions[1].type = OFPACT_GROUP;
    actions[1].group_id = 1;
    po.n_ofp_actions = 2;
    buf_clear(&b);
    assert_int_not_equal(ofp_packet_out_encode(&po, OFP10_VERSION, 2, &b), 0);
    assert_int_equal(b.size, 0);
    assert_int_equal(ofp_packet_out_encode(&po, OFP13_VERSION, 2, &b), 0);
    assert_int_equal(b.size, 24 + 16 + 8);
    buf_uninit(&b);
    buf_uninit(&want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packet_in_10),
        cmocka_unit_test(test_packet_in_13),
        cmocka_unit_test(test_packet_in_hostile),
        cmocka_unit_test(test_packet_in_encode_limits),
        cmocka_unit_test(test_packet_out_ovs_bytes),
        cmocka_unit_test(test_packet_out_output),
        cmocka_unit_test(test_packet_out_hostile),
        cmocka_unit_test(test_packet_in_match_fields),
        cmocka_unit_test(test_packet_out_struct_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
