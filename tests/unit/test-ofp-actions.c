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

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"

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
    assert_buf_hex(&b, hex);
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

    hex_to_buf(hex, &b);
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output),
        cmocka_unit_test(test_output_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
