/* ofp-fixture: see ofp-fixture.h. */
#include "ofp-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"

/* Decodes hex into a new buffer. */
void
ofp_fixture_hex(const char *hex, struct buf *b)
{
    buf_init(b, 0);
    assert_null(hex_decode(hex, b));
}

/* Compares two buffers. */
void
ofp_fixture_buf_eq(const struct buf *a, const struct buf *b)
{
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->data, b->data, a->size);
}

/* Compares a buffer with hex. */
void
ofp_fixture_buf_hex(const struct buf *b, const char *hex)
{
    struct buf want;

    ofp_fixture_hex(hex, &want);
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

/* A message from hex. */
const struct ofp_header *
ofp_fixture_msg(struct buf *b, const char *hex, enum ofptype type)
{
    enum ofptype got;

    buf_clear(b);
    assert_null(hex_decode(hex, b));
    assert_int_equal(ofp_msg_decode_type((void *) b->data, b->size, &got), 0);
    assert_int_equal(got, type);
    return (const void *) b->data;
}
