/* Unit tests for src/ofp/ofp-actions: every action of both versions
 * encoded and compared to bytes, decoded back, formatted; instructions;
 * and the errors hostile action lists must get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ofp-fixture.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"

/* Encodes 'a' in 'version', compares with 'hex' and 'text', decodes back
 * and compares with 'a' (or with 'decoded' if not NULL). */
static void
check_action(const struct ofp_action *a, enum ofp_version version,
             const char *hex, const char *text,
             const struct ofp_action *decoded)
{
    struct ofp_action stub[4];
    struct buf b, acts;
    struct cursor c;
    struct ds s = DS_EMPTY_INITIALIZER;

    buf_init(&b, 0);
    assert_int_equal(ofp_actions_encode(a, 1, version, &b), 0);
    ofp_fixture_buf_hex(&b, hex);
    buf_use_stub(&acts, stub, sizeof stub);
    c = cursor_make(b.data, b.size);
    assert_int_equal(ofp_actions_decode(version, &c, b.size, &acts), 0);
    assert_int_equal(c.size, 0);
    assert_int_equal(acts.size, sizeof(struct ofp_action));
    assert_true(ofp_actions_equal(decoded ? decoded : a, 1,
                                  (const void *) acts.data, 1));
    ofp_actions_format(&s, (const void *) acts.data, 1);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);
    buf_uninit(&acts);
    buf_uninit(&b);
}

/* Decodes 'hex' as actions of 'version'; returns the error. */
static enum ofperr
decode_hex(enum ofp_version version, const char *hex)
{
    struct buf b, acts;
    struct cursor c;
    enum ofperr error;

    ofp_fixture_hex(hex, &b);
    buf_init(&acts, 0);
    c = cursor_make(b.data, b.size);
    error = ofp_actions_decode(version, &c, b.size, &acts);
    if (error) {
        assert_int_equal(acts.size, 0);
    }
    buf_uninit(&acts);
    buf_uninit(&b);
    return error;
}

static void
test_output(void **state)
{
    struct ofp_action a = ofp_action_output(2, 0);

    (void) state;
    check_action(&a, OFP10_VERSION, "0000 0008 0002 0000", "output:2", NULL);
    check_action(&a, OFP13_VERSION, "0000 0010 00000002 0000 000000000000",
                 "output:2", NULL);
    a = ofp_action_output(0xfffffffd, 0xffff);
    check_action(&a, OFP10_VERSION, "0000 0008 fffd ffff",
                 "CONTROLLER:65535", NULL);
    check_action(&a, OFP13_VERSION, "0000 0010 fffffffd ffff 000000000000",
                 "CONTROLLER:65535", NULL);
}

static void
test_output_errors(void **state)
{
    struct ofp_action a = ofp_action_output(0x10000, 0);
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    /* A 32-bit port 1.0 cannot carry. */
    assert_int_equal(ofp_actions_encode(&a, 1, OFP10_VERSION, &b),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    assert_int_equal(b.size, 0);
    a = ofp_action_output(0xffffffff, 0);
    assert_int_equal(ofp_actions_encode(&a, 1, OFP13_VERSION, &b),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    buf_uninit(&b);

    /* Zero, short, misaligned and overrunning lengths. */
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 0000 0002 0000"),
                     OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 0004 0002 0000"),
                     OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 000c 0002 0000 0000"
                                "0000"), OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 0010 0002 0000"),
                     OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 0008 0002"),
                     OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode_hex(OFP13_VERSION, "0000 0008 00000002"),
                     OFPERR_OFPBAC_BAD_LEN);
    /* Unknown type. */
    assert_int_equal(decode_hex(OFP10_VERSION, "000c 0008 00000000"),
                     OFPERR_OFPBAC_BAD_TYPE);
    assert_int_equal(decode_hex(OFP13_VERSION, "0001 0008 00000000"),
                     OFPERR_OFPBAC_BAD_TYPE);
    /* Output to ANY. */
    assert_int_equal(decode_hex(OFP13_VERSION,
                                "0000 0010 ffffffff 0000 000000000000"),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    /* Good list of two. */
    assert_int_equal(decode_hex(OFP10_VERSION, "0000 0008 0002 0000"
                                " 0000 0008 0003 0000"), 0);
}

static struct ofp_action
act(enum ofp_action_type type)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    return a;
}

static const uint8_t exp_data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* Every 1.0 action: bytes from the 1.0 spec layouts, text as ovs-ofctl
 * prints it (checked with ovs-ofctl ofp-print on these bytes). */
static void
test_actions10(void **state)
{
    struct ofp_action a;

    (void) state;
    a = ofp_action_output(0xfffffffd, 128);
    check_action(&a, OFP10_VERSION, "0000 0008 fffd 0080", "CONTROLLER:128",
                 NULL);
    a = ofp_action_output(0xfffffffa, 0);
    check_action(&a, OFP10_VERSION, "0000 0008 fffa 0000", "NORMAL", NULL);
    a = ofp_action_output(0xfffffff8, 0);
    check_action(&a, OFP10_VERSION, "0000 0008 fff8 0000", "IN_PORT", NULL);
    a = ofp_action_output(0xfffffffe, 0);
    check_action(&a, OFP10_VERSION, "0000 0008 fffe 0000", "LOCAL", NULL);
    a = ofp_action_output(0xfffffffb, 0);
    check_action(&a, OFP10_VERSION, "0000 0008 fffb 0000", "FLOOD", NULL);
    a = ofp_action_output(0xfffffffc, 0);
    check_action(&a, OFP10_VERSION, "0000 0008 fffc 0000", "ALL", NULL);
    a = act(OFPACT_SET_VLAN_VID);
    a.vlan_vid = 10;
    check_action(&a, OFP10_VERSION, "0001 0008 000a 0000", "mod_vlan_vid:10",
                 NULL);
    a = act(OFPACT_SET_VLAN_PCP);
    a.vlan_pcp = 3;
    check_action(&a, OFP10_VERSION, "0002 0008 03 000000", "mod_vlan_pcp:3",
                 NULL);
    a = act(OFPACT_STRIP_VLAN);
    check_action(&a, OFP10_VERSION, "0003 0008 00000000", "strip_vlan",
                 NULL);
    a = act(OFPACT_SET_DL_SRC);
    a.dl_addr.ea[5] = 1;
    check_action(&a, OFP10_VERSION, "0004 0010 000000000001 000000000000",
                 "mod_dl_src:00:00:00:00:00:01", NULL);
    a = act(OFPACT_SET_DL_DST);
    a.dl_addr.ea[5] = 2;
    check_action(&a, OFP10_VERSION, "0005 0010 000000000002 000000000000",
                 "mod_dl_dst:00:00:00:00:00:02", NULL);
    a = act(OFPACT_SET_NW_SRC);
    a.nw_addr = htonl(0x01020304);
    check_action(&a, OFP10_VERSION, "0006 0008 01020304",
                 "mod_nw_src:1.2.3.4", NULL);
    a = act(OFPACT_SET_NW_DST);
    a.nw_addr = htonl(0x05060708);
    check_action(&a, OFP10_VERSION, "0007 0008 05060708",
                 "mod_nw_dst:5.6.7.8", NULL);
    a = act(OFPACT_SET_NW_TOS);
    a.nw_tos = 32;
    check_action(&a, OFP10_VERSION, "0008 0008 20 000000", "mod_nw_tos:32",
                 NULL);
    a = act(OFPACT_SET_TP_SRC);
    a.tp_port = 80;
    check_action(&a, OFP10_VERSION, "0009 0008 0050 0000", "mod_tp_src:80",
                 NULL);
    a = act(OFPACT_SET_TP_DST);
    a.tp_port = 443;
    check_action(&a, OFP10_VERSION, "000a 0008 01bb 0000", "mod_tp_dst:443",
                 NULL);
    a = act(OFPACT_ENQUEUE);
    a.enqueue.port = 3;
    a.enqueue.queue_id = 7;
    check_action(&a, OFP10_VERSION, "000b 0010 0003 000000000000 00000007",
                 "enqueue:3:7", NULL);
    a = act(OFPACT_EXPERIMENTER);
    a.experimenter.experimenter = 0x2320;
    a.experimenter.data = exp_data;
    a.experimenter.size = sizeof exp_data;
    check_action(&a, OFP10_VERSION, "ffff 0010 00002320 0102030405060708",
                 "experimenter(0x2320,0102030405060708)", NULL);
}

/* Every 1.3 action (set_field separately below). */
static void
test_actions13(void **state)
{
    struct ofp_action a;
    union mf_value v;

    (void) state;
    a = ofp_action_output(7, 0);
    check_action(&a, OFP13_VERSION, "0000 0010 00000007 0000 000000000000",
                 "output:7", NULL);
    a = act(OFPACT_COPY_TTL_OUT);
    check_action(&a, OFP13_VERSION, "000b 0008 00000000", "copy_ttl_out",
                 NULL);
    a = act(OFPACT_COPY_TTL_IN);
    check_action(&a, OFP13_VERSION, "000c 0008 00000000", "copy_ttl_in",
                 NULL);
    a = act(OFPACT_SET_MPLS_TTL);
    a.ttl = 9;
    check_action(&a, OFP13_VERSION, "000f 0008 09 000000", "set_mpls_ttl(9)",
                 NULL);
    a = act(OFPACT_DEC_MPLS_TTL);
    check_action(&a, OFP13_VERSION, "0010 0008 00000000", "dec_mpls_ttl",
                 NULL);
    a = act(OFPACT_PUSH_VLAN);
    a.ethertype = 0x8100;
    check_action(&a, OFP13_VERSION, "0011 0008 8100 0000",
                 "push_vlan:0x8100", NULL);
    a.ethertype = 0x88a8;
    check_action(&a, OFP13_VERSION, "0011 0008 88a8 0000",
                 "push_vlan:0x88a8", NULL);
    a = act(OFPACT_POP_VLAN);
    check_action(&a, OFP13_VERSION, "0012 0008 00000000", "pop_vlan", NULL);
    a = act(OFPACT_PUSH_MPLS);
    a.ethertype = 0x8847;
    check_action(&a, OFP13_VERSION, "0013 0008 8847 0000",
                 "push_mpls:0x8847", NULL);
    a = act(OFPACT_POP_MPLS);
    a.ethertype = 0x0800;
    check_action(&a, OFP13_VERSION, "0014 0008 0800 0000",
                 "pop_mpls:0x0800", NULL);
    a = act(OFPACT_SET_QUEUE);
    a.queue_id = 4;
    check_action(&a, OFP13_VERSION, "0015 0008 00000004", "set_queue:4",
                 NULL);
    a = act(OFPACT_GROUP);
    a.group_id = 5;
    check_action(&a, OFP13_VERSION, "0016 0008 00000005", "group:5", NULL);
    a = act(OFPACT_SET_NW_TTL);
    a.ttl = 6;
    check_action(&a, OFP13_VERSION, "0017 0008 06 000000", "mod_nw_ttl:6",
                 NULL);
    a = act(OFPACT_DEC_NW_TTL);
    check_action(&a, OFP13_VERSION, "0018 0008 00000000", "dec_ttl", NULL);
    a = act(OFPACT_PUSH_PBB);
    a.ethertype = 0x88e7;
    check_action(&a, OFP13_VERSION, "001a 0008 88e7 0000",
                 "push_pbb:0x88e7", NULL);
    a = act(OFPACT_POP_PBB);
    check_action(&a, OFP13_VERSION, "001b 0008 00000000", "pop_pbb", NULL);
    a = act(OFPACT_EXPERIMENTER);
    a.experimenter.experimenter = 0x2320;
    a.experimenter.data = exp_data;
    a.experimenter.size = sizeof exp_data;
    check_action(&a, OFP13_VERSION, "ffff 0010 00002320 0102030405060708",
                 "experimenter(0x2320,0102030405060708)", NULL);
    /* An experimenter payload that is not a multiple of 8 is padded. */
    a.experimenter.size = 3;
    {
        struct buf b;
        buf_init(&b, 0);
        assert_int_equal(ofp_actions_encode(&a, 1, OFP13_VERSION, &b), 0);
        ofp_fixture_buf_hex(&b, "ffff 0010 00002320 0102030000000000");
        buf_uninit(&b);
    }

    /* set_field texts as ovs-ofctl prints them. */
    memset(&v, 0, sizeof v);
    v.be16 = htons(OFPVID_PRESENT | 20);
    a = ofp_action_set_field(MFF_VLAN_VID, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 80000c02 1014 000000000000",
                 "set_field:4116->vlan_vid", NULL);
    memset(&v, 0, sizeof v);
    v.be32 = htonl(0x0a000001);
    a = ofp_action_set_field(MFF_TUN_IPV4_SRC, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 00013e04 0a000001 00000000",
                 "set_field:10.0.0.1->tun_src", NULL);
    a = ofp_action_set_field(MFF_TUN_IPV4_DST, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 00014004 0a000001 00000000",
                 "set_field:10.0.0.1->tun_dst", NULL);
    a = ofp_action_set_field(MFF_IPV4_SRC, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 80001604 0a000001 00000000",
                 "set_field:10.0.0.1->ip_src", NULL);
    memset(&v, 0, sizeof v);
    v.be64 = htonll(77);
    a = ofp_action_set_field(MFF_TUNNEL_ID, &v);
    check_action(&a, OFP13_VERSION,
                 "0019 0010 80004c08 000000000000004d",
                 "set_field:0x4d->tun_id", NULL);
    memset(&v, 0, sizeof v);
    v.be32 = htonl(0x12345);
    a = ofp_action_set_field(MFF_IPV6_FLABEL, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 80003804 00012345 00000000",
                 "set_field:0x12345->ipv6_label", NULL);
    a = ofp_action_set_field(MFF_MPLS_LABEL, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 80004404 00012345 00000000",
                 "set_field:74565->mpls_label", NULL);
    memset(&v, 0, sizeof v);
    v.ipv6[15] = 1;
    a = ofp_action_set_field(MFF_IPV6_SRC, &v);
    check_action(&a, OFP13_VERSION,
                 "0019 0018 80003410 00000000000000000000000000000001",
                 "set_field:::1->ipv6_src", NULL);
    memset(&v, 0, sizeof v);
    v.u8 = 2;
    a = ofp_action_set_field(MFF_IP_ECN, &v);
    check_action(&a, OFP13_VERSION, "0019 0010 80001201 02 00000000000000",
                 "set_field:2->nw_ecn", NULL);
}

/* set_field of every field it may write, bytes built independently from
 * the field's OXM class, number and size. */
static void
test_set_field_every_field(void **state)
{
    int f;

    (void) state;
    for (f = 0; f < MFF_N_IDS; f++) {
        const struct mf_field_info *info = ofp_match_field_info(f);
        struct ofp_action a, stub[2];
        union mf_value v;
        struct buf b, want, acts;
        struct cursor c;
        uint32_t header;
        size_t len;

        memset(&v, 0, sizeof v);
        v.bytes[info->size - 1] = 1;
        if (f == MFF_VLAN_VID) {
            v.be16 = htons(OFPVID_PRESENT | 1);
        }
        a = ofp_action_set_field(f, &v);
        buf_init(&b, 0);
        if (f == MFF_IN_PHY_PORT || f == MFF_IPV6_EXTHDR) {
            assert_int_equal(ofp_actions_encode(&a, 1, OFP13_VERSION, &b),
                             OFPERR_OFPBAC_BAD_SET_TYPE);
            buf_uninit(&b);
            continue;
        }
        assert_int_equal(ofp_actions_encode(&a, 1, OFP13_VERSION, &b), 0);
        header = ((uint32_t) info->oxm_class << 16)
                 | ((uint32_t) info->oxm_field << 9) | info->size;
        len = (8 + info->size + 7) / 8 * 8;
        buf_init(&want, 0);
        buf_put_be16(&want, 25);
        buf_put_be16(&want, (uint16_t) len);
        buf_put_be32(&want, header);
        buf_put(&want, v.bytes, info->size);
        buf_put_zeros(&want, len - want.size);
        assert_int_equal(b.size, want.size);
        assert_memory_equal(b.data, want.data, b.size);

        buf_use_stub(&acts, stub, sizeof stub);
        c = cursor_make(b.data, b.size);
        assert_int_equal(ofp_actions_decode(OFP13_VERSION, &c, b.size,
                                            &acts), 0);
        assert_true(ofp_actions_equal(&a, 1, (const void *) acts.data, 1));
        buf_uninit(&acts);
        buf_uninit(&want);
        buf_uninit(&b);
    }
}

/* Encodes 'a' in 'version' and compares with 'hex' (no decode). */
static void
check_encode(const struct ofp_action *a, enum ofp_version version,
             enum ofperr want_error, const char *hex)
{
    struct buf b;

    buf_init(&b, 0);
    buf_put_u8(&b, 0xaa);
    assert_int_equal(ofp_actions_encode(a, 1, version, &b), want_error);
    if (want_error) {
        /* The buffer is left as it was. */
        assert_int_equal(b.size, 1);
    } else {
        struct buf want;
        ofp_fixture_hex(hex, &want);
        assert_int_equal(b.size - 1, want.size);
        assert_memory_equal(b.data + 1, want.data, want.size);
        buf_uninit(&want);
    }
    buf_uninit(&b);
}

static void
test_cross_version(void **state)
{
    struct ofp_action a;
    union mf_value v;

    (void) state;
    /* 1.0 kinds in 1.3. */
    a = act(OFPACT_SET_VLAN_VID);
    a.vlan_vid = 10;
    check_encode(&a, OFP13_VERSION, 0, "0019 0010 80000c02 100a 000000000000");
    a = act(OFPACT_SET_VLAN_PCP);
    a.vlan_pcp = 5;
    check_encode(&a, OFP13_VERSION, 0, "0019 0010 80000e01 05 00000000000000");
    a = act(OFPACT_STRIP_VLAN);
    check_encode(&a, OFP13_VERSION, 0, "0012 0008 00000000");
    a = act(OFPACT_SET_DL_SRC);
    a.dl_addr.ea[0] = 0xaa;
    check_encode(&a, OFP13_VERSION, 0,
                 "0019 0010 80000806 aa0000000000 0000");
    a = act(OFPACT_SET_NW_DST);
    a.nw_addr = htonl(0x0a000002);
    check_encode(&a, OFP13_VERSION, 0, "0019 0010 80001804 0a000002 00000000");
    a = act(OFPACT_SET_NW_TOS);
    a.nw_tos = 32;
    check_encode(&a, OFP13_VERSION, 0, "0019 0010 80001001 08 00000000000000");
    a = act(OFPACT_SET_TP_SRC);
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_TYPE, NULL);
    a = act(OFPACT_ENQUEUE);
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_TYPE, NULL);

    /* 1.3 kinds in 1.0. */
    a = act(OFPACT_POP_VLAN);
    check_encode(&a, OFP10_VERSION, 0, "0003 0008 00000000");
    memset(&v, 0, sizeof v);
    v.mac.ea[5] = 9;
    a = ofp_action_set_field(MFF_ETH_DST, &v);
    check_encode(&a, OFP10_VERSION, 0, "0005 0010 000000000009 000000000000");
    memset(&v, 0, sizeof v);
    v.be16 = htons(8080);
    a = ofp_action_set_field(MFF_UDP_SRC, &v);
    check_encode(&a, OFP10_VERSION, 0, "0009 0008 1f90 0000");
    memset(&v, 0, sizeof v);
    v.be16 = htons(OFPVID_PRESENT | 7);
    a = ofp_action_set_field(MFF_VLAN_VID, &v);
    check_encode(&a, OFP10_VERSION, 0, "0001 0008 0007 0000");
    v.be16 = htons(7);
    a = ofp_action_set_field(MFF_VLAN_VID, &v);
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_SET_ARGUMENT, NULL);
    memset(&v, 0, sizeof v);
    v.u8 = 8;
    a = ofp_action_set_field(MFF_IP_DSCP, &v);
    check_encode(&a, OFP10_VERSION, 0, "0008 0008 20 000000");
    a = ofp_action_set_field(MFF_METADATA, &v);
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_SET_TYPE, NULL);
    a = act(OFPACT_GROUP);
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_TYPE, NULL);
    a = act(OFPACT_PUSH_VLAN);
    a.ethertype = 0x8100;
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_TYPE, NULL);
    a = ofp_action_output(0x10000, 0);
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_OUT_PORT, NULL);
    a = act(OFPACT_ENQUEUE);
    a.enqueue.port = 0xffffffff;
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_OUT_PORT, NULL);

    /* Arguments out of range. */
    a = act(OFPACT_SET_VLAN_VID);
    a.vlan_vid = 0x1000;
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_SET_VLAN_PCP);
    a.vlan_pcp = 8;
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_SET_NW_TOS);
    a.nw_tos = 0x21;
    check_encode(&a, OFP10_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_PUSH_VLAN);
    a.ethertype = 0x0800;
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_PUSH_MPLS);
    a.ethertype = 0x8100;
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_PUSH_PBB);
    a.ethertype = 0x8100;
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_ARGUMENT, NULL);
    a = act(OFPACT_GROUP);
    a.group_id = 0xfffffffc;
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_OUT_GROUP, NULL);
    memset(&v, 0, sizeof v);
    v.u8 = 8;
    a = ofp_action_set_field(MFF_VLAN_PCP, &v);
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_SET_ARGUMENT, NULL);
    a = act(OFPACT_N_TYPES);
    check_encode(&a, OFP13_VERSION, OFPERR_OFPBAC_BAD_TYPE, NULL);
    a = ofp_action_output(1, 0);
    check_encode(&a, OFP12_VERSION, OFPERR_OFPBRC_BAD_VERSION, NULL);

    /* An error in the middle of a list leaves the buffer untouched. */
    {
        struct ofp_action list[3];
        struct buf b;

        list[0] = ofp_action_output(1, 0);
        list[1] = act(OFPACT_SET_TP_DST);
        list[2] = ofp_action_output(2, 0);
        buf_init(&b, 0);
        assert_int_equal(ofp_actions_encode(list, 3, OFP13_VERSION, &b),
                         OFPERR_OFPBAC_BAD_TYPE);
        assert_int_equal(b.size, 0);
        buf_uninit(&b);
    }
}

static void
test_decode_errors(void **state)
{
    static const struct {
        enum ofp_version version;
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Fixed-size actions with the wrong length, both versions. */
        { OFP10_VERSION, "0001 0010 000a 0000 00000000 00000000",
          OFPERR_OFPBAC_BAD_LEN },
        { OFP10_VERSION, "0004 0008 000000000001", OFPERR_OFPBAC_BAD_LEN },
        { OFP10_VERSION, "000b 0008 0003 0000", OFPERR_OFPBAC_BAD_LEN },
        { OFP10_VERSION, "0003 0010 00000000 00000000 00000000",
          OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0012 0010 00000000 00000000 00000000",
          OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0016 0010 00000005 00000000 00000000",
          OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0000 0018 00000002 0000 000000000000 0000000000000000",
          OFPERR_OFPBAC_BAD_LEN },
        /* Lengths that lie about the list. */
        { OFP13_VERSION, "0000 0020 00000002 0000 000000000000",
          OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0012 0008 00000000 0012", OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0012 0000 00000000", OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "0012 0006 00000000", OFPERR_OFPBAC_BAD_LEN },
        { OFP13_VERSION, "ffff 0004 00002320", OFPERR_OFPBAC_BAD_LEN },
        /* Unknown types. */
        { OFP10_VERSION, "000c 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { OFP10_VERSION, "0011 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { OFP13_VERSION, "0001 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { OFP13_VERSION, "000d 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { OFP13_VERSION, "001c 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        /* Arguments. */
        { OFP10_VERSION, "0001 0008 1000 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFP10_VERSION, "0002 0008 08 000000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFP10_VERSION, "0008 0008 21 000000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFP13_VERSION, "0011 0008 0800 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFP13_VERSION, "0013 0008 0800 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFP13_VERSION, "001a 0008 8100 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        /* Ports and groups. */
        { OFP10_VERSION, "0000 0008 ff00 0000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { OFP10_VERSION, "0000 0008 ffff 0000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { OFP10_VERSION, "000b 0010 ffff 000000000000 00000001",
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { OFP13_VERSION, "0000 0010 fffffff0 0000 000000000000",
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { OFP13_VERSION, "0016 0008 fffffffc", OFPERR_OFPBAC_BAD_OUT_GROUP },
        /* set_field. */
        { OFP13_VERSION, "0019 0008 80005000", OFPERR_OFPBAC_BAD_SET_TYPE },
        { OFP13_VERSION, "0019 0010 ffff0004 00002320 00000000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { OFP13_VERSION, "0019 0010 80000204 00000001 00000000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { OFP13_VERSION, "0019 0010 80000c03 1001 00 0000000000",
          OFPERR_OFPBAC_BAD_SET_LEN },
        { OFP13_VERSION, "0019 0018 80000c02 1001 000000000000 0000000000000000",
          OFPERR_OFPBAC_BAD_SET_LEN },
        { OFP13_VERSION, "0019 0008 80000c02", OFPERR_OFPBAC_BAD_SET_LEN },
        { OFP13_VERSION, "0019 0010 80000d04 1001 1fff 00000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { OFP13_VERSION, "0019 0010 80000c02 1001 000000000001",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { OFP13_VERSION, "0019 0010 80000e01 08 00000000000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { OFP13_VERSION, "0019 0010 80000c02 2001 000000000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        /* A good action followed by a bad one: nothing is kept. */
        { OFP10_VERSION, "0000 0008 0001 0000 0000 0004 0001 0000",
          OFPERR_OFPBAC_BAD_LEN },
    };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        enum ofperr error = decode_hex(cases[i].version, cases[i].hex);
        if (error != cases[i].error) {
            print_error("case %zu (%s): got %s, want %s\n", i, cases[i].hex,
                        ofperr_get_name(error),
                        ofperr_get_name(cases[i].error));
            fail();
        }
    }
    assert_int_equal(decode_hex(OFP12_VERSION, "0012 0008 00000000"),
                     OFPERR_OFPBRC_BAD_VERSION);
    /* A size beyond the cursor. */
    {
        static const uint8_t pop[8] = { 0, 0x12, 0, 8 };
        struct cursor c = cursor_make(pop, sizeof pop);
        struct buf acts;

        buf_init(&acts, 0);
        assert_int_equal(ofp_actions_decode(OFP13_VERSION, &c, 16, &acts),
                         OFPERR_OFPBAC_BAD_LEN);
        assert_int_equal(c.size, 8);
        buf_uninit(&acts);
    }
}

/* Decodes 'hex' as instructions; returns the error and leaves the result
 * in *ins (actions in 'acts', which the caller uninits). */
static enum ofperr
decode_ins_hex(const char *hex, struct ofp_instructions *ins,
               struct buf *acts, struct buf *msg)
{
    struct cursor c;

    ofp_fixture_hex(hex, msg);
    buf_init(acts, 0);
    c = cursor_make(msg->data, msg->size);
    return ofp_instructions_decode(ins, &c, msg->size, acts);
}

static void
test_instructions(void **state)
{
    struct ofp_action out2 = ofp_action_output(2, 0);
    struct ofp_action grp = act(OFPACT_GROUP);
    struct ofp_instructions ins, back;
    struct buf b, acts, msg;
    struct ds s = DS_EMPTY_INITIALIZER;

    (void) state;
    grp.group_id = 9;
    ofp_instructions_init(&ins);
    buf_init(&b, 0);
    assert_int_equal(ofp_instructions_encode(&ins, &b), 0);
    assert_int_equal(b.size, 0);
    ofp_instructions_format(&s, &ins);
    assert_string_equal(ds_cstr(&s), "drop");
    ds_clear(&s);

    ofp_instructions_set_apply(&ins, &out2, 1);
    ins.present |= (OFPINST_GOTO_TABLE | OFPINST_WRITE_METADATA
                    | OFPINST_WRITE_ACTIONS | OFPINST_CLEAR_ACTIONS
                    | OFPINST_METER | OFPINST_EXPERIMENTER);
    ins.goto_table = 3;
    ins.metadata = 0xab;
    ins.metadata_mask = 0xff;
    ins.write_actions = &grp;
    ins.n_write_actions = 1;
    ins.meter_id = 7;
    ins.experimenter = 0x2320;
    ins.experimenter_data = exp_data;
    ins.experimenter_size = sizeof exp_data;
    assert_int_equal(ofp_instructions_encode(&ins, &b), 0);
    ofp_fixture_buf_hex(&b, "0006 0008 00000007"
                        "0004 0018 00000000 0000 0010 00000002 0000 "
                        "000000000000"
                        "0005 0008 00000000"
                        "0003 0010 00000000 0016 0008 00000009"
                        "0002 0018 00000000 00000000000000ab 00000000000000ff"
                        "0001 0008 03 000000"
                        "ffff 0010 00002320 0102030405060708");
    ofp_instructions_format(&s, &ins);
    assert_string_equal(ds_cstr(&s),
                        "meter:7,output:2,clear_actions,write_actions(group:9),"
                        "write_metadata:0xab/0xff,goto_table:3,"
                        "experimenter(0x2320,0102030405060708)");
    ds_destroy(&s);
    {
        struct cursor c = cursor_make(b.data, b.size);
        buf_init(&acts, 0);
        assert_int_equal(ofp_instructions_decode(&back, &c, b.size, &acts),
                         0);
        assert_true(ofp_instructions_equal(&ins, &back));
        buf_uninit(&acts);
    }
    buf_uninit(&b);

    /* Any order decodes; duplicates do not. */
    assert_int_equal(decode_ins_hex("0001 0008 03 000000 0006 0008 00000007",
                                    &back, &acts, &msg), 0);
    assert_int_equal(back.present, OFPINST_GOTO_TABLE | OFPINST_METER);
    assert_int_equal(back.goto_table, 3);
    assert_int_equal(back.meter_id, 7);
    buf_uninit(&acts);
    buf_uninit(&msg);
    /* An empty apply_actions is allowed. */
    assert_int_equal(decode_ins_hex("0004 0008 00000000", &back, &acts,
                                    &msg), 0);
    assert_int_equal(back.present, OFPINST_APPLY_ACTIONS);
    assert_int_equal(back.n_apply_actions, 0);
    buf_uninit(&acts);
    buf_uninit(&msg);

    {
        static const struct {
            const char *hex;
            enum ofperr error;
        } cases[] = {
            { "0001 0008 03 000000 0001 0008 04 000000",
              OFPERR_OFPBIC_UNSUP_INST },
            { "0004 0008 00000000 0004 0008 00000000",
              OFPERR_OFPBIC_UNSUP_INST },
            { "0001 0008 ff 000000", OFPERR_OFPBIC_BAD_TABLE_ID },
            { "0007 0008 00000000", OFPERR_OFPBIC_UNKNOWN_INST },
            { "0000 0008 00000000", OFPERR_OFPBIC_UNKNOWN_INST },
            { "0001 0010 03 000000 00000000 00000000",
              OFPERR_OFPBIC_BAD_LEN },
            { "0002 0010 00000000 0000000000000001", OFPERR_OFPBIC_BAD_LEN },
            { "0005 0010 00000000 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
            { "0006 0010 00000007 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
            { "0001 0000 03 000000", OFPERR_OFPBIC_BAD_LEN },
            { "0001 0004 03 000000", OFPERR_OFPBIC_BAD_LEN },
            { "0001 000c 03 000000 00000000", OFPERR_OFPBIC_BAD_LEN },
            { "0004 0018 00000000 0000 0010 00000002", OFPERR_OFPBIC_BAD_LEN },
            { "0001 0008 03 000000 0001", OFPERR_OFPBIC_BAD_LEN },
            /* Action errors inside an instruction are action errors. */
            { "0004 0010 00000000 0000 0000 00000002",
              OFPERR_OFPBAC_BAD_LEN },
            { "0003 0010 00000000 0001 0008 00000000",
              OFPERR_OFPBAC_BAD_TYPE },
        };
        size_t i;

        for (i = 0; i < ARRAY_SIZE(cases); i++) {
            enum ofperr error = decode_ins_hex(cases[i].hex, &back, &acts,
                                               &msg);
            if (error != cases[i].error) {
                print_error("case %zu (%s): got %s, want %s\n", i,
                            cases[i].hex, ofperr_get_name(error),
                            ofperr_get_name(cases[i].error));
                fail();
            }
            /* Nothing is left behind on error. */
            assert_int_equal(acts.size, 0);
            assert_int_equal(back.present, 0);
            buf_uninit(&acts);
            buf_uninit(&msg);
        }
    }
}

static void
test_equal(void **state)
{
    struct ofp_action a[2], b[2];
    static const uint8_t other[8] = { 1, 2, 3, 4, 5, 6, 7, 9 };

    (void) state;
    a[0] = ofp_action_output(1, 0);
    b[0] = ofp_action_output(1, 0);
    assert_true(ofp_actions_equal(a, 1, b, 1));
    b[0].output.max_len = 1;
    assert_false(ofp_actions_equal(a, 1, b, 1));
    assert_false(ofp_actions_equal(a, 1, b, 0));
    a[1] = act(OFPACT_EXPERIMENTER);
    a[1].experimenter.data = exp_data;
    a[1].experimenter.size = 8;
    b[0] = a[0];
    b[1] = a[1];
    assert_true(ofp_actions_equal(a, 2, b, 2));
    b[1].experimenter.data = other;
    assert_false(ofp_actions_equal(a, 2, b, 2));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output),
        cmocka_unit_test(test_output_errors),
        cmocka_unit_test(test_actions10),
        cmocka_unit_test(test_actions13),
        cmocka_unit_test(test_set_field_every_field),
        cmocka_unit_test(test_cross_version),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_instructions),
        cmocka_unit_test(test_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
