/* Unit tests for src/ofp/ofp-port: port numbers, port descriptions in both
 * versions, port status, port mod, port desc and port stats multiparts.
 * Expected bytes and texts were checked with `ovs-ofctl ofp-print`. */
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
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"

/* A 1.0 phy port: 1, eth0, PORT_DOWN, STP_FORWARD, 1G copper autoneg. */
#define PORT10_HEX "0001 020304050607 65746830000000000000000000000000" \
    " 00000001 00000200 000002a0 000002a0 000002bf 00000000"
#define PORT10_TEXT "1(eth0): addr:02:03:04:05:06:07\n" \
    "     config:     PORT_DOWN\n" \
    "     state:      STP_FORWARD\n" \
    "     current:    1GB-FD COPPER AUTO_NEG\n" \
    "     advertised: 1GB-FD COPPER AUTO_NEG\n" \
    "     supported:  10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-HD 1GB-FD " \
    "COPPER AUTO_NEG\n" \
    "     speed: 1000 Mbps now, 1000 Mbps max\n"
/* A 1.3 port: 1, eth0, PORT_DOWN, LIVE, 10G speeds. */
#define PORT13_HEX "00000001 00000000 020304050607 0000" \
    " 65746830000000000000000000000000 00000001 00000004 00002820" \
    " 00002820 0000287f 00000000 00989680 00989680"
#define PORT13_TEXT "1(eth0): addr:02:03:04:05:06:07\n" \
    "     config:     PORT_DOWN\n" \
    "     state:      LIVE\n" \
    "     current:    1GB-FD COPPER AUTO_NEG\n" \
    "     advertised: 1GB-FD COPPER AUTO_NEG\n" \
    "     supported:  10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-HD 1GB-FD " \
    "10GB-FD COPPER AUTO_NEG\n" \
    "     speed: 10000 Mbps now, 10000 Mbps max\n"

static void
test_port_numbers(void **state)
{
    (void) state;
    assert_int_equal(ofp_port_from_10(1), 1);
    assert_int_equal(ofp_port_from_10(0xfeff), 0xfeff);
    assert_int_equal(ofp_port_from_10(0xff00), 0xffffff00u);
    assert_int_equal(ofp_port_from_10(0xfff8), OFPP_IN_PORT);
    assert_int_equal(ofp_port_from_10(0xfffd), OFPP_CONTROLLER);
    assert_int_equal(ofp_port_from_10(0xfffe), OFPP_LOCAL);
    assert_int_equal(ofp_port_from_10(0xffff), OFPP_ANY);
    assert_int_equal(ofp_port_to_10(OFPP_FLOOD), 0xfffb);
    assert_int_equal(ofp_port_to_10(OFPP_NORMAL), 0xfffa);
    assert_int_equal(ofp_port_to_10(7), 7);
    assert_int_equal(ofp_port_to_10(0x10000), 0xffff);
    assert_true(ofp_port_is_valid_10(0xfeff));
    assert_false(ofp_port_is_valid_10(0xff00));
    assert_false(ofp_port_is_valid_10(0x10000));
    assert_true(ofp_port_is_valid_10(OFPP_TABLE));
    assert_true(ofp_port_is_valid_10(OFPP_ALL));
}

static void
test_features_conversion(void **state)
{
    uint32_t f10;

    (void) state;
    assert_int_equal(ofp_port_features_from_10(0x2a0),
                     OFPPF_1GB_FD | OFPPF_COPPER | OFPPF_AUTONEG);
    for (f10 = 0; f10 < 0x1000; f10 += 0x3b) {
        assert_int_equal(ofp_port_features_to_10(
                             ofp_port_features_from_10(f10)), f10);
    }
    /* 40G does not exist in 1.0. */
    assert_int_equal(ofp_port_features_to_10(OFPPF_40GB_FD | OFPPF_FIBER),
                     0x100);
}

static void
test_port_status_10(void **state)
{
    struct ofp_port_status ps, ps2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = ofp_fixture_msg(&b, "01 0c 0040 00000000 00 00000000000000 "
                         PORT10_HEX, OFPTYPE_PORT_STATUS);
    assert_int_equal(ofp_port_status_decode(&ps, oh), 0);
    assert_int_equal(ps.reason, OFPPR_ADD);
    assert_int_equal(ps.desc.port_no, 1);
    assert_string_equal(ps.desc.name, "eth0");
    assert_int_equal(ps.desc.config, OFPPC_PORT_DOWN);
    assert_int_equal(ps.desc.state, OFPPS10_STP_FORWARD);
    assert_int_equal(ps.desc.curr,
                     OFPPF_1GB_FD | OFPPF_COPPER | OFPPF_AUTONEG);
    assert_int_equal(ps.desc.curr_speed, 1000000);
    ofp_port_status_format(&s, &ps);
    assert_string_equal(ds_cstr(&s), " ADD: " PORT10_TEXT);
    /* encode(decode(bytes)) == bytes */
    assert_int_equal(ofp_port_status_encode(&ps, OFP10_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    /* decode(encode(x)) == x */
    assert_int_equal(ofp_port_status_decode(&ps2, (void *) out.data), 0);
    assert_memory_equal(&ps, &ps2, sizeof ps);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_port_status_13(void **state)
{
    struct ofp_port_status ps, ps2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = ofp_fixture_msg(&b, "04 0c 0050 00000000 02 00000000000000 "
                         PORT13_HEX, OFPTYPE_PORT_STATUS);
    assert_int_equal(ofp_port_status_decode(&ps, oh), 0);
    assert_int_equal(ps.reason, OFPPR_MODIFY);
    assert_int_equal(ps.desc.state, OFPPS_LIVE);
    assert_int_equal(ps.desc.max_speed, 10000000);
    ofp_port_status_format(&s, &ps);
    assert_string_equal(ds_cstr(&s), " MOD: " PORT13_TEXT);
    assert_int_equal(ofp_port_status_encode(&ps, OFP13_VERSION, 0, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_port_status_decode(&ps2, (void *) out.data), 0);
    assert_memory_equal(&ps, &ps2, sizeof ps);

    /* A 1.3 port number that 1.0 cannot express. */
    ps.desc.port_no = 0x12345;
    buf_clear(&out);
    assert_int_equal(ofp_port_status_encode(&ps, OFP10_VERSION, 0, &out),
                     OFPERR_OFPBRC_BAD_PORT);
    assert_int_equal(out.size, 0);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_port_name_edge(void **state)
{
    struct ofp_port port, dec;
    struct cursor c;
    struct buf b;

    (void) state;
    memset(&port, 0, sizeof port);
    /* A 16-character name fills the field without a terminator. */
    strcpy(port.name, "abcdefghijklmnop");
    port.port_no = OFPP_LOCAL;
    buf_init(&b, 0);
    assert_int_equal(ofp_port_put(&port, OFP10_VERSION, &b), 0);
    assert_int_equal(b.size, 48);
    assert_memory_equal(b.data + 8, "abcdefghijklmnop", 16);
    assert_int_equal(b.data[0], 0xff);
    assert_int_equal(b.data[1], 0xfe);
    c = cursor_make(b.data, b.size);
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &dec), 0);
    assert_string_equal(dec.name, "abcdefghijklmnop");
    assert_int_equal(dec.port_no, OFPP_LOCAL);
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &dec), EOF);
    /* A partial port. */
    c = cursor_make(b.data, 47);
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &dec),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
}

static void
test_port_mod(void **state)
{
    struct ofp_port_mod pm, pm2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = ofp_fixture_msg(&b, "01 0f 0020 00000003 0001 020304050607 00000001"
                         " 00000001 00000000 00000000", OFPTYPE_PORT_MOD);
    assert_int_equal(ofp_port_mod_decode(&pm, oh), 0);
    assert_int_equal(pm.port_no, 1);
    assert_int_equal(pm.config, OFPPC_PORT_DOWN);
    assert_int_equal(pm.mask, OFPPC_PORT_DOWN);
    assert_int_equal(pm.advertise, 0);
    ofp_port_mod_format(&s, &pm);
    assert_string_equal(ds_cstr(&s), " port: 1: addr:02:03:04:05:06:07\n"
                        "     config: PORT_DOWN\n"
                        "     mask:   PORT_DOWN\n"
                        "     advertise: UNCHANGED\n");
    assert_int_equal(ofp_port_mod_encode(&pm, OFP10_VERSION, 3, &out), 0);
    ofp_fixture_buf_eq(&out, &b);

    oh = ofp_fixture_msg(&b, "04 10 0028 00000003 00000001 00000000"
                         " 020304050607 0000 00000001 00000041 00000820"
                         " 00000000",
                         OFPTYPE_PORT_MOD);
    assert_int_equal(ofp_port_mod_decode(&pm, oh), 0);
    assert_int_equal(pm.mask, OFPPC_PORT_DOWN | OFPPC_NO_PACKET_IN);
    assert_int_equal(pm.advertise, OFPPF_1GB_FD | OFPPF_COPPER);
    ds_clear(&s);
    ofp_port_mod_format(&s, &pm);
    assert_string_equal(ds_cstr(&s), " port: 1: addr:02:03:04:05:06:07\n"
                        "     config: PORT_DOWN\n"
                        "     mask:   PORT_DOWN NO_PACKET_IN\n"
                        "     advertise: 1GB-FD COPPER\n");
    buf_clear(&out);
    assert_int_equal(ofp_port_mod_encode(&pm, OFP13_VERSION, 3, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    assert_int_equal(ofp_port_mod_decode(&pm2, (void *) out.data), 0);
    assert_memory_equal(&pm, &pm2, sizeof pm);
    /* 1.0 cannot express a 32-bit port. */
    pm.port_no = 70000;
    assert_int_equal(ofp_port_mod_encode(&pm, OFP10_VERSION, 3, &out),
                     OFPERR_OFPPMFC_BAD_PORT);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_port_desc(void **state)
{
    struct ofp_port ports[3];
    struct ofp_port_list list;
    struct ofp_port port;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct cursor c;
    struct buf b, out;
    const struct ofp_header *oh;
    uint16_t flags;
    size_t n;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    assert_int_equal(ofp_port_desc_request_encode(OFP13_VERSION, 2, &out), 0);
    ofp_fixture_buf_hex(&out, "04 12 0010 00000002 000d 0000 00000000");
    assert_int_equal(ofp_port_desc_request_encode(OFP10_VERSION, 2, &out),
                     OFPERR_OFPBRC_BAD_VERSION);

    oh = ofp_fixture_msg(&b, "04 13 0090 00000002 000d 0001 00000000 "
                         PORT13_HEX PORT13_HEX, OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_desc_reply_decode(&list, &flags, oh), 0);
    assert_int_equal(flags, OFPMPF_MORE);
    assert_int_equal(list.n_ports, 2);
    ofp_port_desc_reply_format(&s, &list, flags);
    assert_string_equal(ds_cstr(&s), " flags=[more]\n " PORT13_TEXT
                        " " PORT13_TEXT);
    ds_clear(&s);
    c = list.ports;
    for (n = 0; ofp_port_next(&c, list.version, &port) == 0; n++) {
        ofp_port_format(&s, &port);
        assert_string_equal(ds_cstr(&s), PORT13_TEXT);
        ds_clear(&s);
        ports[n] = port;
    }
    assert_int_equal(n, 2);
    buf_clear(&out);
    assert_int_equal(ofp_port_desc_reply_encode(ports, 2, OFPMPF_MORE,
                                                OFP13_VERSION, 2, &out), 0);
    ofp_fixture_buf_eq(&out, &b);

    /* Body not a whole number of ports. */
    oh = ofp_fixture_msg(&b, "04 13 0018 00000002 000d 0000 00000000"
                         " 0000000100000000", OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_desc_reply_decode(&list, &flags, oh),
                     OFPERR_OFPBRC_BAD_LEN);
    /* A port stats reply is not a port desc reply. */
    oh = ofp_fixture_msg(&b, "04 13 0010 00000002 0004 0000 00000000",
                         OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_desc_reply_decode(&list, &flags, oh),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    /* Too many ports for one message. */
    assert_int_equal(ofp_port_desc_reply_encode(ports, 1024, 0, OFP13_VERSION,
                                                2, &out),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_features_reply_ports(void **state)
{
    struct ofp_switch_features sf;
    struct ofp_port ports[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct cursor c;
    struct buf b, out;
    const struct ofp_header *oh;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    oh = ofp_fixture_msg(&b, "01 06 0080 00000001 0000000000000123 00000100 fe"
                         " 000000 000000c7 00000fff " PORT10_HEX PORT10_HEX,
                         OFPTYPE_FEATURES_REPLY);
    assert_int_equal(ofp_switch_features_decode(&sf, oh), 0);
    assert_int_equal(sf.n_ports, 2);
    assert_int_equal(sf.actions, 0xfff);
    ofp_switch_features_format(&s, &sf, 1);
    assert_string_equal(ds_cstr(&s), " dpid:0000000000000123\n"
        "n_tables:254, n_buffers:256\n"
        "capabilities: FLOW_STATS TABLE_STATS PORT_STATS QUEUE_STATS "
        "ARP_MATCH_IP\n"
        "actions: output set_vlan_vid set_vlan_pcp strip_vlan mod_dl_src "
        "mod_dl_dst mod_nw_src mod_nw_dst mod_nw_tos mod_tp_src mod_tp_dst "
        "enqueue\n"
        " " PORT10_TEXT " " PORT10_TEXT);
    c = sf.port_list.ports;
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &ports[0]), 0);
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &ports[1]), 0);
    assert_int_equal(ofp_port_next(&c, OFP10_VERSION, &ports[1]), EOF);
    sf.ports = ports;
    assert_int_equal(ofp_switch_features_encode(&sf, OFP10_VERSION, 1, &out),
                     0);
    ofp_fixture_buf_eq(&out, &b);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_port_stats(void **state)
{
    struct ofp_port_stats_list list;
    struct ofp_port_stats ps[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct cursor c;
    struct buf b, out;
    const struct ofp_header *oh;
    uint32_t port_no;
    uint16_t flags;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    /* Requests. */
    assert_int_equal(ofp_port_stats_request_encode(OFPP_ANY, OFP10_VERSION, 4,
                                                   &out), 0);
    ofp_fixture_buf_hex(&out,
                        "01 10 0014 00000004 0004 0000 ffff 000000000000");
    assert_int_equal(ofp_port_stats_request_decode(&port_no,
                                                   (void *) out.data), 0);
    assert_int_equal(port_no, OFPP_ANY);
    ofp_port_stats_request_format(&s, port_no);
    assert_string_equal(ds_cstr(&s), " port_no=ANY\n");
    ds_clear(&s);
    buf_clear(&out);
    assert_int_equal(ofp_port_stats_request_encode(OFPP_ANY, OFP13_VERSION, 4,
                                                   &out), 0);
    ofp_fixture_buf_hex(&out, "04 12 0018 00000004 0004 0000 00000000 ffffffff"
                        " 00000000");
    assert_int_equal(ofp_port_stats_request_decode(&port_no,
                                                   (void *) out.data), 0);
    assert_int_equal(port_no, OFPP_ANY);
    assert_int_equal(ofp_port_stats_request_encode(0x10000, OFP10_VERSION, 4,
                                                   &out),
                     OFPERR_OFPBRC_BAD_PORT);

    /* 1.3 reply. */
    oh = ofp_fixture_msg(&b, "04 13 0080 00000004 0004 0000 00000000"
                         " 00000001 00000000"
                         " 0000000000000001 0000000000000002 0000000000000003"
                         " 0000000000000004 0000000000000005 0000000000000006"
                         " 0000000000000007 0000000000000008 0000000000000009"
                         " 000000000000000a 000000000000000b 000000000000000c"
                         " 00000005 00000006", OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_stats_reply_decode(&list, &flags, oh), 0);
    assert_int_equal(list.n_entries, 1);
    c = list.entries;
    assert_int_equal(ofp_port_stats_next(&c, list.version, &ps[0]), 0);
    assert_int_equal(ofp_port_stats_next(&c, list.version, &ps[1]), EOF);
    assert_int_equal(ps[0].port_no, 1);
    assert_int_equal(ps[0].rx_packets, 1);
    assert_int_equal(ps[0].collisions, 12);
    assert_int_equal(ps[0].duration_nsec, 6);
    assert_true(ps[0].has_duration);
    ofp_port_stats_format(&s, &ps[0]);
    buf_clear(&out);
    assert_string_equal(ds_cstr(&s),
        "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=10, "
        "crc=11\n"
        "           tx pkts=2, bytes=4, drop=6, errs=8, coll=12\n"
        "           duration=5.000000006s\n");
    ds_clear(&s);
    ofp_port_stats_reply_format(&s, &list, flags);
    assert_string_equal(ds_cstr(&s), " 1 ports\n"
        "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=10, "
        "crc=11\n"
        "           tx pkts=2, bytes=4, drop=6, errs=8, coll=12\n"
        "           duration=5.000000006s\n");
    assert_int_equal(ofp_port_stats_reply_encode(ps, 1, 0, OFP13_VERSION, 4,
                                                 &out), 0);
    ofp_fixture_buf_eq(&out, &b);

    /* 1.0 reply with "unsupported" counters. */
    oh = ofp_fixture_msg(&b, "01 11 0074 00000004 0004 0000 fffe 000000000000"
                         " ffffffffffffffff ffffffffffffffff ffffffffffffffff"
                         " ffffffffffffffff ffffffffffffffff ffffffffffffffff"
                         " ffffffffffffffff ffffffffffffffff ffffffffffffffff"
                         " ffffffffffffffff ffffffffffffffff ffffffffffffffff",
                         OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_stats_reply_decode(&list, &flags, oh), 0);
    c = list.entries;
    assert_int_equal(ofp_port_stats_next(&c, list.version, &ps[0]), 0);
    assert_int_equal(ps[0].port_no, OFPP_LOCAL);
    ds_clear(&s);
    ofp_port_stats_format(&s, &ps[0]);
    assert_string_equal(ds_cstr(&s),
        "  port LOCAL: rx pkts=?, bytes=?, drop=?, errs=?, frame=?, over=?, "
        "crc=?\n"
        "           tx pkts=?, bytes=?, drop=?, errs=?, coll=?\n");
    buf_clear(&out);
    assert_int_equal(ofp_port_stats_reply_encode(ps, 1, 0, OFP10_VERSION, 4,
                                                 &out), 0);
    ofp_fixture_buf_eq(&out, &b);

    /* Partial entry. */
    oh = ofp_fixture_msg(&b, "01 11 0014 00000004 0004 0000 0001 000000000000",
                         OFPTYPE_MULTIPART_REPLY);
    assert_int_equal(ofp_port_stats_reply_decode(&list, &flags, oh),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Request with a wrong body size. */
    oh = ofp_fixture_msg(&b, "04 12 0014 00000004 0004 0000 00000000 ffffffff",
                         OFPTYPE_MULTIPART_REQUEST);
    assert_int_equal(ofp_port_stats_request_decode(&port_no, oh),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
    buf_uninit(&out);
    ds_destroy(&s);
}

static void
test_port_hostile(void **state)
{
    struct ofp_port_status ps;
    struct ofp_port_mod pm;
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    /* Decoders re-check sizes even if handed a message whose length field
     * was not validated against the type. */
    assert_null(hex_decode("04 0c 0018 00000000 02 00000000000000"
                           " 0000000100000000", &b));
    assert_int_equal(ofp_port_status_decode(&ps, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_null(hex_decode("04 10 0010 00000003 00000001 00000000", &b));
    assert_int_equal(ofp_port_mod_decode(&pm, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&b);
    assert_null(hex_decode("03 10 0010 00000003 00000001 00000000", &b));
    assert_int_equal(ofp_port_mod_decode(&pm, (void *) b.data),
                     OFPERR_OFPBRC_BAD_VERSION);
    buf_uninit(&b);
}

/* Messages captured from ovs-ofctl 3.1 (tests/golden/ovs-bytes): decoded
 * and re-encoded byte for byte. */
static void
test_ovs_captured(void **state)
{
    struct ofp_port_mod pm;
    const struct ofp_header *oh;
    struct buf b, out;
    uint32_t port_no;

    (void) state;
    buf_init(&b, 0);
    buf_init(&out, 0);
    /* mod-port 1 down, 1.0 and (up) 1.3. */
    oh = ofp_fixture_msg(&b, "010f00200000000400010200000000010000000100"
                         "00000100 00000000000000", OFPTYPE_PORT_MOD);
    assert_int_equal(ofp_port_mod_decode(&pm, oh), 0);
    assert_int_equal(pm.port_no, 1);
    assert_int_equal(pm.hw_addr.ea[0], 2);
    assert_int_equal(pm.hw_addr.ea[5], 1);
    assert_int_equal(pm.config, OFPPC_PORT_DOWN);
    assert_int_equal(ofp_port_mod_encode(&pm, OFP10_VERSION, 4, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    oh = ofp_fixture_msg(&b, "04100028000000040000000100000000020000000001"
                         "000000000000000000010000000000000000",
                         OFPTYPE_PORT_MOD);
    assert_int_equal(ofp_port_mod_decode(&pm, oh), 0);
    assert_int_equal(pm.config, 0);
    assert_int_equal(pm.mask, OFPPC_PORT_DOWN);
    buf_clear(&out);
    assert_int_equal(ofp_port_mod_encode(&pm, OFP13_VERSION, 4, &out), 0);
    ofp_fixture_buf_eq(&out, &b);
    /* dump-ports-desc. */
    buf_clear(&out);
    assert_int_equal(ofp_port_desc_request_encode(OFP13_VERSION, 2, &out), 0);
    ofp_fixture_buf_hex(&out, "0412001000000002000d000000000000");
    /* dump-ports 1, both versions. */
    oh = ofp_fixture_msg(&b, "04120018000000020004000000000000"
                         "0000000100000000", OFPTYPE_MULTIPART_REQUEST);
    assert_int_equal(ofp_port_stats_request_decode(&port_no, oh), 0);
    assert_int_equal(port_no, 1);
    buf_clear(&out);
    assert_int_equal(ofp_port_stats_request_encode(1, OFP13_VERSION, 2, &out),
                     0);
    ofp_fixture_buf_eq(&out, &b);
    oh = ofp_fixture_msg(&b, "0110001400000002000400000001000000000000",
                         OFPTYPE_MULTIPART_REQUEST);
    assert_int_equal(ofp_port_stats_request_decode(&port_no, oh), 0);
    assert_int_equal(port_no, 1);
    buf_clear(&out);
    assert_int_equal(ofp_port_stats_request_encode(1, OFP10_VERSION, 2, &out),
                     0);
    ofp_fixture_buf_eq(&out, &b);
    buf_uninit(&b);
    buf_uninit(&out);
}

static void
test_port_stats_duration_text(void **state)
{
    static const struct {
        uint32_t sec, nsec;
        const char *text;
    } cases[] = {
        { 0, 0, "duration=0s" },
        { 0, 5, "duration=0.000000005s" },
        { 2, 268435456, "duration=2.268435456s" },
        { 7, 500000000, "duration=7.5s" },
    };
    struct ofp_port_stats ps;
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t i;

    (void) state;
    memset(&ps, 0, sizeof ps);
    /* 1.0 entries have no duration line. */
    ofp_port_stats_format(&s, &ps);
    assert_null(strstr(ds_cstr(&s), "duration"));
    ps.has_duration = true;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        ps.duration_sec = cases[i].sec;
        ps.duration_nsec = cases[i].nsec;
        ds_clear(&s);
        ofp_port_stats_format(&s, &ps);
        assert_non_null(strstr(ds_cstr(&s), cases[i].text));
    }
    /* "Not supported". */
    ps.duration_sec = UINT32_MAX;
    ds_clear(&s);
    ofp_port_stats_format(&s, &ps);
    assert_null(strstr(ds_cstr(&s), "duration"));
    ds_destroy(&s);
}

/* Deterministic pseudo-random numbers for the property tests. */
static uint32_t
rnd(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t) (*state >> 33);
}

/* A random port number expressible in 'version'. */
static uint32_t
rnd_port(uint64_t *st, enum ofp_version version)
{
    uint32_t r = rnd(st);

    if (r % 4 == 0) {
        return OFPP_MAX + r % 256;     /* 0xffffff00.. incl. specials */
    }
    return version == OFP10_VERSION ? r % 0xff00 : r % OFPP_MAX;
}

/* A random feature bitmap expressible in 'version'. */
static uint32_t
rnd_features(uint64_t *st, enum ofp_version version)
{
    uint32_t f = rnd(st) & 0xffff;

    return version == OFP10_VERSION
           ? f & ~(OFPPF_40GB_FD | OFPPF_100GB_FD | OFPPF_1TB_FD | OFPPF_OTHER)
           : f;
}

static void
rnd_port_desc(uint64_t *st, enum ofp_version version, struct ofp_port *p)
{
    size_t i, n = rnd(st) % 17;

    memset(p, 0, sizeof *p);
    p->port_no = rnd_port(st, version);
    for (i = 0; i < 6; i++) {
        p->hw_addr.ea[i] = (uint8_t) rnd(st);
    }
    for (i = 0; i < n; i++) {
        p->name[i] = (char) ('a' + rnd(st) % 26);
    }
    p->config = rnd(st) & 0x7f;
    p->state = rnd(st) & (version == OFP10_VERSION ? 0x301 : 0x7);
    p->curr = rnd_features(st, version);
    p->advertised = rnd_features(st, version);
    p->supported = rnd_features(st, version);
    p->peer = rnd_features(st, version);
    if (version == OFP13_VERSION) {
        p->curr_speed = rnd(st);
        p->max_speed = rnd(st);
    }
}

/* decode(encode(x)) == x and encode(decode(bytes)) == bytes for random
 * ports, port status, port mod and port stats, in both versions. */
static void
test_round_trip_random(void **state)
{
    uint64_t st = 42;
    int iter;

    (void) state;
    for (iter = 0; iter < 2000; iter++) {
        enum ofp_version v = iter % 2 ? OFP13_VERSION : OFP10_VERSION;
        struct ofp_port_status ps, ps2;
        struct ofp_port_mod pm, pm2;
        struct ofp_port_stats stats[3], st2;
        struct ofp_port_stats_list list;
        struct buf b, b2;
        struct cursor c;
        uint16_t flags;
        size_t i, j;

        buf_init(&b, 0);
        buf_init(&b2, 0);
        memset(&ps, 0, sizeof ps);
        ps.reason = (uint8_t) (rnd(&st) % 3);
        rnd_port_desc(&st, v, &ps.desc);
        assert_int_equal(ofp_port_status_encode(&ps, v, rnd(&st), &b), 0);
        assert_int_equal(ofp_port_status_decode(&ps2, (void *) b.data), 0);
        if (v == OFP10_VERSION) {
            /* Speeds are derived from the features in 1.0. */
            ps.desc.curr_speed = ps2.desc.curr_speed;
            ps.desc.max_speed = ps2.desc.max_speed;
        }
        assert_memory_equal(&ps, &ps2, sizeof ps);
        assert_int_equal(ofp_port_status_encode(&ps2, v, ntohl(((struct
                         ofp_header *) (void *) b.data)->xid), &b2), 0);
        ofp_fixture_buf_eq(&b2, &b);

        buf_clear(&b);
        memset(&pm, 0, sizeof pm);
        pm.port_no = rnd_port(&st, v);
        for (i = 0; i < 6; i++) {
            pm.hw_addr.ea[i] = (uint8_t) rnd(&st);
        }
        pm.config = rnd(&st);
        pm.mask = rnd(&st);
        pm.advertise = rnd_features(&st, v);
        assert_int_equal(ofp_port_mod_encode(&pm, v, 1, &b), 0);
        assert_int_equal(ofp_port_mod_decode(&pm2, (void *) b.data), 0);
        assert_memory_equal(&pm, &pm2, sizeof pm);

        buf_clear(&b);
        for (i = 0; i < 3; i++) {
            memset(&stats[i], 0, sizeof stats[i]);
            stats[i].port_no = rnd_port(&st, v);
            stats[i].rx_packets = (uint64_t) rnd(&st) << 32 | rnd(&st);
            stats[i].collisions = rnd(&st);
            stats[i].rx_crc_err = UINT64_MAX;
            if (v == OFP13_VERSION) {
                stats[i].has_duration = true;
                stats[i].duration_sec = rnd(&st);
                stats[i].duration_nsec = rnd(&st) % 1000000000u;
            }
        }
        assert_int_equal(ofp_port_stats_reply_encode(stats, 3, OFPMPF_MORE, v,
                                                     1, &b), 0);
        assert_int_equal(ofp_port_stats_reply_decode(&list, &flags,
                                                     (void *) b.data), 0);
        assert_int_equal(flags, OFPMPF_MORE);
        assert_int_equal(list.n_entries, 3);
        c = list.entries;
        for (j = 0; j < 3; j++) {
            assert_int_equal(ofp_port_stats_next(&c, v, &st2), 0);
            assert_memory_equal(&stats[j], &st2, sizeof st2);
        }
        assert_int_equal(ofp_port_stats_next(&c, v, &st2), EOF);
        buf_uninit(&b);
        buf_uninit(&b2);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_port_numbers),
        cmocka_unit_test(test_features_conversion),
        cmocka_unit_test(test_port_status_10),
        cmocka_unit_test(test_port_status_13),
        cmocka_unit_test(test_port_name_edge),
        cmocka_unit_test(test_port_mod),
        cmocka_unit_test(test_port_desc),
        cmocka_unit_test(test_features_reply_ports),
        cmocka_unit_test(test_port_stats),
        cmocka_unit_test(test_port_stats_duration_text),
        cmocka_unit_test(test_round_trip_random),
        cmocka_unit_test(test_port_hostile),
        cmocka_unit_test(test_ovs_captured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
