/* Hostile input against the whole codec, through the printer (which runs
 * the owning module's decoder for every message type).
 *
 * Each case is one message written out as hex: truncated and over-long
 * messages, length fields that lie at every nesting level (message, match,
 * OXM, instruction, action, bucket, band, multipart body and entry),
 * unknown types, bad OXM prerequisites, duplicate fields, zero-length
 * actions, missing padding. Each must be rejected with the error the
 * OpenFlow spec names for it. A valid twin of each structure is decoded
 * first, so a case fails for the reason it is about, not because its
 * baseline was wrong.
 *
 * Every input is copied to a heap block of exactly its size, so that ASan
 * (make asan-check) reports any read past the message. */
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
#include "ofp/ofp-errors.h"
#include "ofp/ofp-print.h"

/* A hostile case: 'hex' spells the message (spaces allowed). If 'fix_len'
 * the header's length field is set to the real size first, so that the lie
 * is only where the case puts it. */
struct hostile {
    const char *name;
    const char *hex;
    bool fix_len;
    enum ofperr expected;
};

/* Decodes 'h' (see struct hostile) from an exactly-sized heap copy and
 * returns what ofp_print() says. */
static enum ofperr
run_case(const struct hostile *h, struct ds *text)
{
    struct buf b;
    uint8_t *copy;
    enum ofperr error;

    buf_init(&b, 256);
    assert_null(hex_decode(h->hex, &b));
    if (h->fix_len && b.size >= 4) {
        b.data[2] = (uint8_t) (b.size >> 8);
        b.data[3] = (uint8_t) b.size;
    }
    copy = malloc(b.size ? b.size : 1);
    memcpy(copy, b.data, b.size);
    error = ofp_print(text, copy, b.size);
    free(copy);
    buf_uninit(&b);
    return error;
}

static void
check_cases(const struct hostile *cases, size_t n)
{
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        struct ds text = DS_EMPTY_INITIALIZER;
        enum ofperr error = run_case(&cases[i], &text);

        if (error != cases[i].expected) {
            print_error("%s: expected %s, got %s\n%s", cases[i].name,
                        cases[i].expected
                        ? ofperr_get_name(cases[i].expected) : "success",
                        error ? ofperr_get_name(error) : "success",
                        ds_cstr(&text));
            failures++;
        } else if (error) {
            /* The printer must name the error it returns. */
            if (!strstr(ds_cstr(&text), ofperr_get_name(error))) {
                print_error("%s: text does not name %s:\n%s",
                            cases[i].name, ofperr_get_name(error),
                            ds_cstr(&text));
                failures++;
            }
        }
        ds_destroy(&text);
    }
    assert_int_equal(failures, 0);
}

/* ---- building blocks (hex) ---- */

/* OpenFlow 1.3 FLOW_MOD fixed part: header (length fixed up), cookie,
 * cookie_mask, table 0, ADD, timeouts 0, priority 0x8000, no buffer, any
 * port, any group, flags 0, pad. 48 bytes. */
#define FM13 "04 0e 0000 00000001 0000000000000000 0000000000000000 " \
             "00 00 0000 0000 8000 ffffffff ffffffff ffffffff 0000 0000 "
/* An OXM match holding only in_port=1: 12 bytes + 4 of padding. */
#define M_IN_PORT "0001 000c 80000004 00000001 00000000 "
/* Catch-all OXM match: header + 4 of padding. */
#define M_ANY "0001 0004 00000000 "
/* output:2 action (16 bytes). */
#define A_OUT2 "0000 0010 00000002 ffe5 000000000000 "
/* apply_actions(output:2) instruction (24 bytes). */
#define I_APPLY_OUT2 "0004 0018 00000000 " A_OUT2

/* OpenFlow 1.0 FLOW_MOD fixed part: header, a match with everything
 * wildcarded, cookie, ADD, timeouts, priority, buffer, out_port NONE,
 * flags. 72 bytes. */
#define FM10 "01 0e 0000 00000001 " \
             "003fffff 0000 000000000000 000000000000 0000 00 00 0000 " \
             "00 00 0000 00000000 00000000 0000 0000 " \
             "0000000000000000 0000 0000 0000 8000 ffffffff ffff 0000 "
/* 1.0 output:2 action (8 bytes). */
#define A10_OUT2 "0000 0008 0002 ffff "

/* ---- message framing ---- */

static void
test_framing(void **state)
{
    static const struct hostile cases[] = {
        { "valid barrier", "04 14 0008 00000001", false, 0 },
        { "truncated header", "04 14 00", false, OFPERR_OFPBRC_BAD_LEN },
        { "empty input", "", false, OFPERR_OFPBRC_BAD_LEN },
        { "length below header", "04 14 0004 00000001", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "length past the bytes", "04 14 0010 00000001", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "bytes past the length", "04 14 0008 00000001 00000000", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "over-long barrier", "04 14 0010 00000001 0000000000000000",
          false, OFPERR_OFPBRC_BAD_LEN },
        { "over-long features request 1.0",
          "01 05 000c 00000001 00000000", false, OFPERR_OFPBRC_BAD_LEN },
        { "short set_config", "01 09 000a 00000001 0000", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "over-long set_config", "04 09 0010 00000001 0000 0080 00000000",
          false, OFPERR_OFPBRC_BAD_LEN },
        { "short features reply 1.3",
          "04 06 0010 00000001 0000000000000001", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "unsupported version", "03 05 0008 00000001", false,
          OFPERR_OFPBRC_BAD_VERSION },
        { "version 0", "00 05 0008 00000001", false,
          OFPERR_OFPBRC_BAD_VERSION },
        { "unknown type 1.3", "04 1e 0008 00000001", false,
          OFPERR_OFPBRC_BAD_TYPE },
        { "unknown type 0xff", "04 ff 0008 00000001", false,
          OFPERR_OFPBRC_BAD_TYPE },
        { "1.3-only type in 1.0 (role request)",
          "01 18 0018 00000001 00000002 00000000 0000000000000000", false,
          OFPERR_OFPBRC_BAD_TYPE },
        { "1.0 type 22 does not exist", "01 16 0008 00000001", false,
          OFPERR_OFPBRC_BAD_TYPE },
        { "valid hello with bitmap",
          "04 00 0010 00000001 0001 0008 00000012", false, 0 },
        { "hello element longer than message",
          "04 00 0010 00000001 0001 0010 00000012", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "hello element shorter than its header",
          "04 00 0010 00000001 0001 0002 00000012", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "hello bitmap not whole words",
          "04 00 0010 00000001 0001 0006 00120000", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "short error message", "04 01 000a 00000001 0001", false,
          OFPERR_OFPBRC_BAD_LEN },
        { "short packet-in 1.3", "04 0a 0010 00000001 ffffffff 0032 00 00",
          false, OFPERR_OFPBRC_BAD_LEN },
    };
    (void) state;
    check_cases(cases, ARRAY_SIZE(cases));
}

/* ---- matches and OXM ---- */

static void
test_match(void **state)
{
    static const struct hostile cases[] = {
        { "valid flow-mod", FM13 M_IN_PORT I_APPLY_OUT2, true, 0 },
        { "valid catch-all flow-mod", FM13 M_ANY, true, 0 },
        { "fixed part truncated", "04 0e 0000 00000001 0000000000000000",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "no match at all", FM13, true, OFPERR_OFPBRC_BAD_LEN },
        { "match length past message",
          FM13 "0001 0040 80000004 00000001 00000000", true,
          OFPERR_OFPBMC_BAD_LEN },
        { "match length below its header", FM13 "0001 0002 00000000", true,
          OFPERR_OFPBMC_BAD_LEN },
        { "standard (1.1) match type", FM13 "0000 0004 00000000", true,
          OFPERR_OFPBMC_BAD_TYPE },
        { "match padding missing",
          FM13 "0001 000c 80000004 00000001", true, OFPERR_OFPBMC_BAD_LEN },
        { "OXM runs past the match",
          FM13 "0001 000c 80000008 00000001 00000000", true,
          OFPERR_OFPBMC_BAD_LEN },
        { "OXM header truncated",
          FM13 "0001 0006 8000 000000000000", true, OFPERR_OFPBMC_BAD_LEN },
        { "OXM length wrong for in_port",
          FM13 "0001 000a 80000002 0001 000000000000", true,
          OFPERR_OFPBMC_BAD_LEN },
        { "OXM length zero",
          FM13 "0001 0008 80000000 ", true, OFPERR_OFPBMC_BAD_LEN },
        { "unknown OXM field",
          FM13 "0001 000c 8000fe04 00000000 00000000", true,
          OFPERR_OFPBMC_BAD_FIELD },
        { "duplicate in_port",
          FM13 "0001 0014 80000004 00000001 80000004 00000002 00000000",
          true, OFPERR_OFPBMC_DUP_FIELD },
        { "ipv4_src without eth_type",
          FM13 "0001 000c 80001604 0a000001 00000000", true,
          OFPERR_OFPBMC_BAD_PREREQ },
        { "ipv4_src with eth_type ARP",
          FM13 "0001 0012 80000a02 0806 80001604 0a000001 000000000000",
          true, OFPERR_OFPBMC_BAD_PREREQ },
        { "tcp_src without ip_proto",
          FM13 "0001 0010 80000a02 0800 80001a02 0050", true,
          OFPERR_OFPBMC_BAD_PREREQ },
        { "tcp_src with ip_proto UDP",
          FM13 "0001 0015 80000a02 0800 80001401 11 80001a02 0050 000000",
          true, OFPERR_OFPBMC_BAD_PREREQ },
        { "prerequisite after the field",
          FM13 "0001 0012 80001604 0a000001 80000a02 0800 000000000000",
          true, OFPERR_OFPBMC_BAD_PREREQ },
        { "vlan_pcp without vlan",
          FM13 "0001 0009 80000e01 05 00000000000000", true,
          OFPERR_OFPBMC_BAD_PREREQ },
        { "mask on in_port",
          FM13 "0001 0010 80000108 00000001 ffffffff", true,
          OFPERR_OFPBMC_BAD_MASK },
        { "value bits outside the mask",
          FM13 "0001 0016 80000a02 0800 80001708 0a000001 ffffff00 0000",
          true, OFPERR_OFPBMC_BAD_WILDCARDS },
        { "vlan_pcp 8",
          FM13 "0001 000f 80000c02 1064 80000e01 08 00", true,
          OFPERR_OFPBMC_BAD_VALUE },
        { "mask length not twice the value",
          FM13 "0001 000e 80001706 0a0000ffffff 0000", true,
          OFPERR_OFPBMC_BAD_LEN },
    };
    (void) state;
    check_cases(cases, ARRAY_SIZE(cases));
}

/* ---- instructions and actions ---- */

static void
test_instructions_actions(void **state)
{
    static const struct hostile cases[] = {
        { "valid goto_table", FM13 M_ANY "0001 0008 01 000000", true, 0 },
        { "instruction length zero", FM13 M_ANY "0001 0000 01 000000",
          true, OFPERR_OFPBIC_BAD_LEN },
        { "instruction length past message",
          FM13 M_ANY "0001 0010 01 000000", true, OFPERR_OFPBIC_BAD_LEN },
        { "goto_table too short", FM13 M_ANY "0001 0004 0000 0000", true,
          OFPERR_OFPBIC_BAD_LEN },
        { "instruction header truncated", FM13 M_ANY "0001", true,
          OFPERR_OFPBIC_BAD_LEN },
        { "unknown instruction", FM13 M_ANY "0042 0008 00000000", true,
          OFPERR_OFPBIC_UNKNOWN_INST },
        { "duplicate goto_table",
          FM13 M_ANY "0001 0008 01 000000 0001 0008 02 000000", true,
          OFPERR_OFPBIC_UNSUP_INST },
        { "action length zero",
          FM13 M_ANY "0004 0018 00000000 0000 0000 00000002 ffe5 000000000000",
          true, OFPERR_OFPBAC_BAD_LEN },
        { "action length not a multiple of 8",
          FM13 M_ANY "0004 0018 00000000 0000 000c 00000002 ffe5 000000000000",
          true, OFPERR_OFPBAC_BAD_LEN },
        { "action length past its instruction",
          FM13 M_ANY "0004 0018 00000000 0000 0018 00000002 ffe5 000000000000",
          true, OFPERR_OFPBAC_BAD_LEN },
        { "output action too short",
          FM13 M_ANY "0004 0010 00000000 0000 0008 00000002", true,
          OFPERR_OFPBAC_BAD_LEN },
        { "unknown action type",
          FM13 M_ANY "0004 0010 00000000 0077 0008 00000000", true,
          OFPERR_OFPBAC_BAD_TYPE },
        { "set_field of unknown field",
          FM13 M_ANY "0004 0018 00000000 0019 0010 8000fe04 00000001 00000000",
          true, OFPERR_OFPBAC_BAD_SET_TYPE },
        { "1.0 action length zero", FM10 "0000 0000 0002 ffff", true,
          OFPERR_OFPBAC_BAD_LEN },
        { "1.0 action past message", FM10 "0000 0010 0002 ffff", true,
          OFPERR_OFPBAC_BAD_LEN },
        { "valid 1.0 flow-mod", FM10 A10_OUT2, true, 0 },
        { "1.0 flow-mod truncated", "01 0e 0000 00000001 003fffff 0000",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "valid 1.0 packet-out",
          "01 0d 0000 00000001 ffffffff fffd 0008 " A10_OUT2 "aabbcc", true,
          0 },
        { "1.0 packet-out actions_len past message",
          "01 0d 0000 00000001 ffffffff fffd 0040 " A10_OUT2, true,
          OFPERR_OFPBRC_BAD_LEN },
        { "1.0 packet-out zero-length action",
          "01 0d 0000 00000001 ffffffff fffd 0008 0000 0000 0002 ffff", true,
          OFPERR_OFPBAC_BAD_LEN },
        { "1.3 packet-out action past actions_len",
          "04 0d 0000 00000001 ffffffff fffffffd 0010 000000000000 "
          "0000 0018 00000002 ffe5 000000000000", true,
          OFPERR_OFPBAC_BAD_LEN },
    };
    (void) state;
    check_cases(cases, ARRAY_SIZE(cases));
}

/* ---- multipart bodies and entries ---- */

/* 1.3 multipart reply header for 'TYPE' (4 hex digits). */
#define MP13_REPLY(TYPE) "04 13 0000 00000001 " TYPE " 0000 00000000 "
#define MP13_REQUEST(TYPE) "04 12 0000 00000001 " TYPE " 0000 00000000 "

static void
test_multipart(void **state)
{
    static const struct hostile cases[] = {
        { "valid desc request", MP13_REQUEST("0000"), true, 0 },
        { "multipart header truncated", "04 12 000c 00000001 0000 0000",
          false, OFPERR_OFPBRC_BAD_LEN },
        { "unknown multipart type", MP13_REQUEST("0042"), true,
          OFPERR_OFPBRC_BAD_MULTIPART },
        { "1.3-only multipart type in 1.0 (group)",
          "01 10 000c 00000001 0006 0000", false,
          OFPERR_OFPBRC_BAD_MULTIPART },
        { "desc reply truncated", MP13_REPLY("0000") "4b756d6f", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "port stats reply not whole entries",
          MP13_REPLY("0004") "00000001 00000000 0000000000000001", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "port desc reply not whole ports",
          MP13_REPLY("000d") "00000001 00000000 020000000001", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "valid empty flow stats reply", MP13_REPLY("0001"), true, 0 },
        { "flow stats entry length past body",
          MP13_REPLY("0001") "0080 00 00 00000000 00000000 0000 0000 0000 0000"
          "00000000 0000000000000000 0000000000000000 0000000000000000 "
          M_ANY, true, OFPERR_OFPBRC_BAD_LEN },
        { "flow stats entry length below its fixed part",
          MP13_REPLY("0001") "0008 00 00 00000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "flow stats request match lies",
          MP13_REQUEST("0001") "00 000000 ffffffff ffffffff 00000000 "
          "0000000000000000 0000000000000000 0001 0040 00000000", true,
          OFPERR_OFPBMC_BAD_LEN },
        { "aggregate reply truncated", MP13_REPLY("0002") "0000000000000001",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "table stats reply not whole entries", MP13_REPLY("0003") "00000000",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "queue stats reply not whole entries", MP13_REPLY("0005") "00000001",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "meter config entry length past body",
          MP13_REPLY("000a") "0040 0001 00000001", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "meter stats entry length below fixed part",
          MP13_REPLY("0009") "00000001 0008 000000000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "table features entry length past body",
          MP13_REPLY("000c") "0100 00 0000000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "table features property length past entry",
          MP13_REPLY("000c") "0048 00 0000000000 "
          "0000000000000000000000000000000000000000000000000000000000000000 "
          "ffffffffffffffff ffffffffffffffff 00000000 00000100 "
          "0000 0040 00000000", true, OFPERR_OFPTFFC_BAD_LEN },
    };
    (void) state;
    check_cases(cases, ARRAY_SIZE(cases));
}

/* ---- group buckets, meter bands, queue properties ---- */

/* GROUP_MOD header: ADD, type all, group 1. */
#define GM13 "04 0f 0000 00000001 0000 00 00 00000001 "
/* METER_MOD header: ADD, kbps, meter 1. */
#define MM13 "04 1d 0000 00000001 0000 0001 00000001 "

static void
test_bands_properties(void **state)
{
    static const struct hostile cases[] = {
        { "valid meter mod", MM13 "0001 0010 000003e8 00000064 00000000",
          true, 0 },
        { "band length past message",
          MM13 "0001 0020 000003e8 00000064 00000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "band length below band header",
          MM13 "0001 0008 000003e8 00000064 00000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "band length zero", MM13 "0001 0000 000003e8 00000064 00000000",
          true, OFPERR_OFPBRC_BAD_LEN },
        { "band truncated", MM13 "0001 0010 000003e8", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "unknown band type",
          MM13 "0042 0010 000003e8 00000064 00000000", true,
          OFPERR_OFPMMFC_BAD_BAND },
        { "valid group mod",
          GM13 "0020 0000 ffffffff ffffffff 00000000 " A_OUT2, true, 0 },
        { "bucket length past message",
          GM13 "0040 0000 ffffffff ffffffff 00000000 " A_OUT2, true,
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "bucket length below bucket header",
          GM13 "0008 0000 ffffffff ffffffff 00000000 " A_OUT2, true,
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "bucket length zero",
          GM13 "0000 0000 ffffffff ffffffff 00000000 " A_OUT2, true,
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "action length past its bucket",
          GM13 "0020 0000 ffffffff ffffffff 00000000 "
          "0000 0018 00000002 ffe5 000000000000", true,
          OFPERR_OFPBAC_BAD_LEN },
        { "bad meter command",
          "04 1d 0000 00000001 0009 0001 00000001", true,
          OFPERR_OFPMMFC_BAD_COMMAND },
        { "queue property length past reply",
          "04 17 0000 00000001 00000001 00000000 "
          "00000001 00000001 0020 000000000000 "
          "0001 0020 00000000 0064 000000000000", true,
          OFPERR_OFPBRC_BAD_LEN },
        { "valid queue get-config reply",
          "04 17 0000 00000001 00000001 00000000 "
          "00000001 00000001 0020 000000000000 "
          "0001 0010 00000000 0064 000000000000", true, 0 },
    };
    (void) state;
    check_cases(cases, ARRAY_SIZE(cases));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_instructions_actions),
        cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_bands_properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
