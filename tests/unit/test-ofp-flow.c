/* Unit tests for src/ofp/ofp-flow: flow-mod, flow-removed, flow and
 * aggregate stats in both versions — bytes (cross-checked once against
 * ovs-ofctl ofp-print, which printed the same text), round trips, text and
 * hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"

static void
hex_to_buf(const char *hex, struct buf *b)
{
    buf_init(b, 0);
    assert_null(hex_decode(hex, b));
}

static void
assert_buf_hex(const struct buf *b, const char *hex)
{
    struct buf want;

    hex_to_buf(hex, &want);
    if (want.size != b->size || memcmp(want.data, b->data, b->size)) {
        struct ds w = DS_EMPTY_INITIALIZER, g = DS_EMPTY_INITIALIZER;
        ds_put_hex(&w, want.data, want.size);
        ds_put_hex(&g, b->data, b->size);
        print_error("want %s\n got %s\n", ds_cstr(&w), ds_cstr(&g));
        ds_destroy(&w);
        ds_destroy(&g);
        fail();
    }
    buf_uninit(&want);
}

/* The flow-mod used by several tests: priority 100, idle 10, cookie
 * 0x1234, tcp from 10/8 to port 80 on in_port 1 for 00:..:01, output:2
 * and to the controller (and in 1.3 more instructions). */
static struct ofp_action test_actions[3];

static void
make_flow_mod(struct ofp_flow_mod *fm, enum ofp_version version)
{
    struct eth_addr d = { { 0, 0, 0, 0, 0, 1 } };
    union mf_value v;
    size_t n = 0;

    ofp_flow_mod_init(fm);
    fm->priority = 100;
    fm->idle_timeout = 10;
    fm->cookie = 0x1234;
    ofp_match_set_in_port(&fm->match, 1);
    ofp_match_set_eth_dst(&fm->match, &d);
    ofp_match_set_eth_type(&fm->match, 0x0800);
    ofp_match_set_ip_proto(&fm->match, 6);
    ofp_match_set_ipv4_src_masked(&fm->match, htonl(0x0a000000),
                                  htonl(0xff000000));
    ofp_match_set_tcp_dst(&fm->match, 80);
    test_actions[n++] = ofp_action_output(2, 0);
    test_actions[n++] = ofp_action_output(0xfffffffd, 0xffff);
    if (version == OFP13_VERSION) {
        memset(&v, 0, sizeof v);
        v.be32 = htonl(0x01020304);
        test_actions[n++] = ofp_action_set_field(MFF_TUN_IPV4_DST, &v);
    }
    ofp_instructions_set_apply(&fm->instructions, test_actions, n);
    if (version == OFP13_VERSION) {
        struct ofp_instructions *ins = &fm->instructions;
        ins->present |= (OFPINST_GOTO_TABLE | OFPINST_WRITE_METADATA
                         | OFPINST_METER | OFPINST_CLEAR_ACTIONS
                         | OFPINST_WRITE_ACTIONS);
        ins->goto_table = 3;
        ins->metadata = 5;
        ins->metadata_mask = 0xff;
        ins->meter_id = 7;
        ins->write_actions = test_actions;
        ins->n_write_actions = 1;
    }
}

static const char flow_mod10_hex[] =
    "010e005800000001003818460001000000000000000000000001000000000800"
    "000600000a000000000000000000005000000000000012340000000a00000064"
    "ffffffffffff0000000000080002000000000008fffdffff";
static const char flow_mod10_text[] =
    " ADD priority=100,tcp,in_port=1,dl_dst=00:00:00:00:00:01,"
    "nw_src=10.0.0.0/8,tp_dst=80 cookie:0x1234 idle:10 "
    "actions=output:2,CONTROLLER:65535";
static const char flow_mod13_hex[] =
    "040e00e800000001000000000000123400000000000000000000000a00000064"
    "ffffffffffffffffffffffff0000000000010033800000040000000180000606"
    "00000000000180000a020800800017080a000000ff000000800014010680001c"
    "0200500000000000000600080000000700040038000000000000001000000002"
    "000000000000000000000010fffffffdffff0000000000000019001000014004"
    "0102030400000000000500080000000000030018000000000000001000000002"
    "00000000000000000002001800000000000000000000000500000000000000ff"
    "0001000803000000";
static const char flow_mod13_text[] =
    " ADD priority=100,tcp,in_port=1,dl_dst=00:00:00:00:00:01,"
    "nw_src=10.0.0.0/8,tp_dst=80 cookie:0x1234 idle:10 "
    "actions=meter:7,output:2,CONTROLLER:65535,"
    "set_field:1.2.3.4->tun_dst,clear_actions,write_actions(output:2),"
    "write_metadata:0x5/0xff,goto_table:3";

/* Encodes, compares bytes and text, decodes, compares the struct. */
static void
check_flow_mod(enum ofp_version version, const char *hex, const char *text)
{
    struct ofp_flow_mod fm, back;
    struct ofp_action stub[16];
    uint8_t msg_stub[512];
    struct buf b, acts;
    struct ds s = DS_EMPTY_INITIALIZER;

    make_flow_mod(&fm, version);
    buf_use_stub(&b, msg_stub, sizeof msg_stub);
    assert_int_equal(ofp_flow_mod_encode(&fm, version, 1, &b), 0);
    /* The hot path: no heap when the stub is big enough. */
    assert_ptr_equal(b.data, msg_stub);
    assert_buf_hex(&b, hex);
    ofp_flow_mod_format(&s, &fm, version);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);

    buf_use_stub(&acts, stub, sizeof stub);
    assert_int_equal(ofp_flow_mod_decode(&back, (const void *) b.data,
                                         &acts), 0);
    assert_true(ofp_match_equal(&fm.match, &back.match));
    assert_true(ofp_instructions_equal(&fm.instructions,
                                       &back.instructions));
    assert_int_equal(back.cookie, fm.cookie);
    assert_int_equal(back.priority, fm.priority);
    assert_int_equal(back.idle_timeout, fm.idle_timeout);
    assert_int_equal(back.hard_timeout, fm.hard_timeout);
    assert_int_equal(back.buffer_id, fm.buffer_id);
    assert_int_equal(back.out_port, fm.out_port);
    assert_int_equal(back.command, fm.command);
    assert_int_equal(back.flags, fm.flags);
    assert_ptr_equal(acts.data, stub);

    /* Re-encoding the decoded message gives the same bytes. */
    buf_uninit(&b);
    buf_init(&b, 0);
    assert_int_equal(ofp_flow_mod_encode(&back, version, 1, &b), 0);
    assert_buf_hex(&b, hex);
    buf_uninit(&b);
    buf_uninit(&acts);
}

static void
test_flow_mod10(void **state)
{
    (void) state;
    check_flow_mod(OFP10_VERSION, flow_mod10_hex, flow_mod10_text);
}

static void
test_flow_mod13(void **state)
{
    (void) state;
    check_flow_mod(OFP13_VERSION, flow_mod13_hex, flow_mod13_text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_mod10),
        cmocka_unit_test(test_flow_mod13),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
