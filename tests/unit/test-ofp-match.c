/* Unit tests for src/ofp/ofp-match: field table, setters, OpenFlow 1.0
 * match conversion, OXM encode/decode byte for byte, round trips, and every
 * error a hostile match can provoke. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-match.h"

/* Decodes 'hex' into 'b' (which the caller uninits). */
static void
hex_to_buf(const char *hex, struct buf *b)
{
    buf_init(b, 0);
    assert_null(hex_decode(hex, b));
}

/* Asserts that 'b' holds exactly the bytes spelled by 'hex'. */
static void
assert_buf_hex(const struct buf *b, const char *hex)
{
    struct buf want;
    struct ds got = DS_EMPTY_INITIALIZER;

    hex_to_buf(hex, &want);
    ds_put_hex(&got, b->data, b->size);
    if (want.size != b->size || memcmp(want.data, b->data, b->size)) {
        struct ds w = DS_EMPTY_INITIALIZER;
        ds_put_hex(&w, want.data, want.size);
        print_error("want %s\n got %s\n", ds_cstr(&w), ds_cstr(&got));
        ds_destroy(&w);
        fail();
    }
    ds_destroy(&got);
    buf_uninit(&want);
}

/* Decodes OXM match 'hex' and returns the error. */
static enum ofperr
decode_oxm_hex(const char *hex, struct ofp_match *m)
{
    struct buf b;
    struct cursor c;
    enum ofperr error;

    hex_to_buf(hex, &b);
    c = cursor_make(b.data, b.size);
    error = ofp_match_decode_oxm(m, &c);
    if (!error) {
        assert_int_equal(c.size, 0);
    }
    buf_uninit(&b);
    return error;
}

static void
assert_format(const struct ofp_match *m, const char *want)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_match_format(&s, m);
    assert_string_equal(ds_cstr(&s), want);
    ds_destroy(&s);
}

/* Encodes 'm' as OXM, compares with 'hex', decodes back, compares. */
static void
check_oxm(const struct ofp_match *m, const char *hex)
{
    struct ofp_match back;
    struct buf b;
    struct cursor c;

    buf_init(&b, 0);
    assert_int_equal(ofp_match_encode(m, OFP13_VERSION, &b), 0);
    assert_buf_hex(&b, hex);
    c = cursor_make(b.data, b.size);
    assert_int_equal(ofp_match_decode(&back, OFP13_VERSION, &c), 0);
    assert_int_equal(c.size, 0);
    assert_true(ofp_match_equal(m, &back));
    buf_uninit(&b);
}

static void
test_field_table(void **state)
{
    int f;

    (void) state;
    for (f = 0; f < MFF_N_IDS; f++) {
        const struct mf_field_info *info = ofp_match_field_info(f);
        assert_non_null(info);
        assert_int_equal(info->id, f);
        assert_true(info->size >= 1 && info->size <= 16);
        assert_true(info->n_bits <= info->size * 8u);
        assert_true(info->n_bits >= 1);
        assert_ptr_equal(ofp_match_field_from_oxm(info->oxm_class,
                                                  info->oxm_field), info);
        assert_ptr_equal(ofp_match_field_from_name(info->oxm_name), info);
        if (f <= MFF_IPV6_EXTHDR) {
            assert_int_equal(info->oxm_class, OFPXMC_OPENFLOW_BASIC);
            assert_int_equal(info->oxm_field, f);
        }
    }
    assert_null(ofp_match_field_from_oxm(OFPXMC_OPENFLOW_BASIC, 40));
    assert_null(ofp_match_field_from_oxm(0x1234, 1));
    assert_null(ofp_match_field_from_name("nonesuch"));
    assert_int_equal(ofp_match_field_from_name("dl_dst")->id, MFF_ETH_DST);
    assert_int_equal(NXM_NX_TUN_IPV4_DST, 0x00014004);
    assert_int_equal(NXM_NX_TUN_IPV4_SRC, 0x00013e04);
    assert_true(ofp_match_field_info(MFF_TUN_IPV4_DST)->maskable);
    assert_false(ofp_match_field_info(MFF_IN_PORT)->maskable);
}

static void
test_oxm_in_port_eth(void **state)
{
    struct ofp_match m;
    struct eth_addr dst = { { 0, 0, 0, 0, 0, 1 } };

    (void) state;
    ofp_match_init_catchall(&m);
    check_oxm(&m, "0001 0004 00000000");
    assert_format(&m, "");

    ofp_match_set_in_port(&m, 1);
    ofp_match_set_eth_dst(&m, &dst);
    check_oxm(&m, "0001 0016"
              "80000004 00000001"
              "80000606 000000000001"
              "0000");
    assert_format(&m, "in_port=1,dl_dst=00:00:00:00:00:01");
}

static void
test_oxm_tcp_masked(void **state)
{
    struct ofp_match m;

    (void) state;
    ofp_match_init_catchall(&m);
    ofp_match_set_eth_type(&m, 0x0800);
    ofp_match_set_ip_proto(&m, 6);
    ofp_match_set_ipv4_src_masked(&m, htonl(0x0a000000), htonl(0xff000000));
    ofp_match_set_tcp_dst(&m, 80);
    check_oxm(&m, "0001 0021"
              "80000a02 0800"
              "80001401 06"
              "80001708 0a000000 ff000000"
              "80001c02 0050"
              "00000000 000000");
    assert_format(&m, "tcp,nw_src=10.0.0.0/8,tp_dst=80");
}

static void
test_oxm_tunnel_fields(void **state)
{
    struct ofp_match m;

    (void) state;
    ofp_match_init_catchall(&m);
    ofp_match_set_tun_ipv4_dst_masked(&m, htonl(0x01020304), htonl(~0u));
    check_oxm(&m, "0001 000c 00014004 01020304 00000000");
    ofp_match_set_tun_ipv4_src_masked(&m, htonl(0x0a000000),
                                      htonl(0xffff0000));
    check_oxm(&m, "0001 0018 00013f08 0a000000 ffff0000"
              " 00014004 01020304");
    assert_format(&m, "tun_src=10.0.0.0/16,tun_dst=1.2.3.4");
}

static void
test_ofp10_roundtrip(void **state)
{
    struct ofp_match m, back;
    struct ofp10_match w;
    struct eth_addr src = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };

    (void) state;
    ofp_match_init_catchall(&m);
    assert_int_equal(ofp_match_to_ofp10(&m, &w), 0);
    assert_int_equal(ntohl(w.wildcards), 0x003820ff);
    assert_int_equal(ofp_match_from_ofp10(&back, &w), 0);
    assert_true(ofp_match_equal(&m, &back));

    ofp_match_set_in_port(&m, 0xfffffffe);
    ofp_match_set_eth_src(&m, &src);
    ofp_match_set_eth_type(&m, 0x0800);
    ofp_match_set_ip_proto(&m, 17);
    ofp_match_set_ipv4_dst_masked(&m, htonl(0xc0a80100), htonl(0xffffff00));
    ofp_match_set_udp_src(&m, 53);
    assert_int_equal(ofp_match_to_ofp10(&m, &w), 0);
    /* in_port, dl_src, dl_type, nw_proto, tp_src exact; nw_dst /24. */
    assert_int_equal(ntohl(w.wildcards),
                     OFPFW10_DL_VLAN | OFPFW10_DL_DST | OFPFW10_TP_DST
                     | OFPFW10_NW_SRC_ALL | (8 << OFPFW10_NW_DST_SHIFT)
                     | OFPFW10_DL_VLAN_PCP | OFPFW10_NW_TOS);
    assert_int_equal(ntohs(w.in_port), 0xfffe);
    assert_int_equal(ntohs(w.tp_src), 53);
    assert_int_equal(ofp_match_from_ofp10(&back, &w), 0);
    assert_true(ofp_match_equal(&m, &back));
    assert_format(&back, "udp,in_port=LOCAL,dl_src=00:11:22:33:44:55,"
                  "nw_dst=192.168.1.0/24,tp_src=53");
}

static void
test_oxm_errors(void **state)
{
    struct ofp_match m;

    (void) state;
    /* Truncated header, lying lengths. */
    assert_int_equal(decode_oxm_hex("0001", &m), OFPERR_OFPBMC_BAD_LEN);
    assert_int_equal(decode_oxm_hex("0001 0003 00000000", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    assert_int_equal(decode_oxm_hex("0001 000c 80000004 00000001", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* OXM TLV length overruns the match. */
    assert_int_equal(decode_oxm_hex("0001 000a 80000004 0000 000000000000", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* Wrong payload length for the field. */
    assert_int_equal(decode_oxm_hex("0001 0009 80000001 01 000000 00000000",
                                    &m), OFPERR_OFPBMC_BAD_LEN);
    /* Nonzero padding. */
    assert_int_equal(decode_oxm_hex("0001 0004 00000001", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* Wrong match type. */
    assert_int_equal(decode_oxm_hex("0000 0004 00000000", &m),
                     OFPERR_OFPBMC_BAD_TYPE);
    /* Unknown field. */
    assert_int_equal(decode_oxm_hex("0001 0008 80005000 00000000", &m),
                     OFPERR_OFPBMC_BAD_FIELD);
    /* Mask on a non-maskable field (in_port). */
    assert_int_equal(decode_oxm_hex("0001 0010 80000108 00000001 ffffffff",
                                    &m), OFPERR_OFPBMC_BAD_MASK);
    /* Value bits outside the mask. */
    assert_int_equal(decode_oxm_hex("0001 0010 80001708 0a000001 ff000000",
                                    &m), OFPERR_OFPBMC_BAD_WILDCARDS);
    assert_int_equal(decode_oxm_hex("0001 0016 80000a02 0800"
                                    " 80001708 0a000001 ff000000 0000", &m),
                     OFPERR_OFPBMC_BAD_WILDCARDS);
    /* Prerequisite missing: tcp_dst without ip_proto. */
    assert_int_equal(decode_oxm_hex("0001 0010 80000a02 0800 80001c02 0050",
                                    &m), OFPERR_OFPBMC_BAD_PREREQ);
    /* Duplicate field. */
    assert_int_equal(decode_oxm_hex("0001 0014 80000004 00000001"
                                    " 80000004 00000002 00000000", &m),
                     OFPERR_OFPBMC_DUP_FIELD);
    /* Value wider than the field: vlan_pcp 8. */
    assert_int_equal(decode_oxm_hex("0001 000f 80000c02 1005 80000e01 08"
                                    " 00", &m), OFPERR_OFPBMC_BAD_VALUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_oxm_in_port_eth),
        cmocka_unit_test(test_oxm_tcp_masked),
        cmocka_unit_test(test_oxm_tunnel_fields),
        cmocka_unit_test(test_ofp10_roundtrip),
        cmocka_unit_test(test_oxm_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
