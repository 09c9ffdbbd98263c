/* Unit tests for src/lib: buf, ds, hex, errors table. */
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
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"

static void
test_buf_stub_grows_to_heap(void **state)
{
    uint8_t stub[8];
    struct buf b;
    size_t i;

    (void) state;
    buf_use_stub(&b, stub, sizeof stub);
    buf_put_be32(&b, 0x01020304);
    assert_ptr_equal(b.data, stub);
    for (i = 0; i < 100; i++) {
        buf_put_u8(&b, (uint8_t) i);
    }
    assert_false(b.data == stub);
    assert_int_equal(b.size, 104);
    assert_int_equal(b.data[0], 1);
    assert_int_equal(b.data[3], 4);
    assert_int_equal(b.data[103], 99);
    assert_null(buf_at(&b, 100, 5));
    assert_non_null(buf_at(&b, 100, 4));
    buf_pad_to(&b, 8);
    assert_int_equal(b.size, 104);
    buf_put_u8(&b, 0);
    buf_pad_to(&b, 8);
    assert_int_equal(b.size, 112);
    buf_uninit(&b);
}

static void
test_cursor_bounds(void **state)
{
    static const uint8_t data[4] = { 1, 2, 3, 4 };
    struct cursor c = cursor_make(data, sizeof data);

    (void) state;
    assert_non_null(cursor_pull(&c, 3));
    assert_null(cursor_pull(&c, 2));
    assert_int_equal(c.size, 1);
    assert_non_null(cursor_pull(&c, 1));
    assert_null(cursor_pull(&c, 1));
}

static void
test_ds_format(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct eth_addr ea = { { 0, 0x11, 0x22, 0xaa, 0xbb, 0xcc } };
    int i;

    (void) state;
    ds_put_format(&s, "x=%d", 42);
    ds_put_char(&s, ' ');
    ds_put_eth_addr(&s, &ea);
    assert_string_equal(ds_cstr(&s), "x=42 00:11:22:aa:bb:cc");
    ds_clear(&s);
    for (i = 0; i < 1000; i++) {
        ds_put_format(&s, "%04d", i);
    }
    assert_int_equal(s.length, 4000);
    assert_memory_equal(s.string + 3996, "0999", 4);
    ds_destroy(&s);
}

static void
test_hex_decode(void **state)
{
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_null(hex_decode("01 0a:ff\n 0x10", &b));
    assert_int_equal(b.size, 4);
    assert_int_equal(b.data[2], 0xff);
    assert_int_equal(b.data[3], 0x10);
    buf_clear(&b);
    assert_string_equal(hex_decode("abc", &b), "odd number of hex digits");
    assert_string_equal(hex_decode("zz", &b), "invalid hex digit");
    buf_uninit(&b);
}

static void
test_ofperr_table(void **state)
{
    uint16_t type, code;

    (void) state;
    assert_true(ofperr_encode_type_code(OFPERR_OFPBRC_BAD_LEN, 4, &type, &code));
    assert_int_equal(type, 1);
    assert_int_equal(code, 6);
    assert_true(ofperr_encode_type_code(OFPERR_OFPFMFC_OVERLAP, 1, &type, &code));
    assert_int_equal(type, 3);
    assert_int_equal(code, 1);
    assert_true(ofperr_encode_type_code(OFPERR_OFPFMFC_OVERLAP, 4, &type, &code));
    assert_int_equal(type, 5);
    assert_int_equal(code, 3);
    assert_false(ofperr_encode_type_code(OFPERR_OFPBMC_BAD_PREREQ, 1, &type, &code));
    assert_int_equal(ofperr_decode_type_code(4, 4, 9), OFPERR_OFPBMC_BAD_PREREQ);
    assert_int_equal(ofperr_decode_type_code(1, 5, 1), OFPERR_OFPQOFC_BAD_QUEUE);
    assert_int_equal(ofperr_decode_type_code(4, 99, 0), 0);
    assert_string_equal(ofperr_get_name(OFPERR_OFPGMFC_BAD_WATCH), "OFPGMFC_BAD_WATCH");
    assert_int_equal(ofperr_from_name("OFPMMFC_OUT_OF_BANDS"), OFPERR_OFPMMFC_OUT_OF_BANDS);
    assert_string_equal(ofperr_type_name(1, 3), "FLOW_MOD_FAILED");
    assert_string_equal(ofperr_type_name(4, 3), "BAD_INSTRUCTION");
}

LOG_MODULE(test_lib)

static void
test_log_levels(void **state)
{
    char *err;

    (void) state;
    assert_null(log_set_level("test_lib", "dbg"));
    assert_true(LOG_IS_DBG());
    err = log_set_level("no_such_module", "dbg");
    assert_non_null(err);
    free(err);
    err = log_set_level("test_lib", "loud");
    assert_non_null(strstr(err, "loud"));
    free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_stub_grows_to_heap),
        cmocka_unit_test(test_cursor_bounds),
        cmocka_unit_test(test_ds_format),
        cmocka_unit_test(test_hex_decode),
        cmocka_unit_test(test_ofperr_table),
        cmocka_unit_test(test_log_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
