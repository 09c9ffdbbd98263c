/* Unit tests of the printer itself (ofp-print): the header line, streams of
 * several messages (at any alignment), framing errors, error text, the hex
 * dump and the canonical re-encoding. The per-type texts are covered by the
 * golden tests (tests/golden). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ofp/ofp-print.h"

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-switch.h"

static void
test_header_line(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    buf_init(&b, 64);
    assert_int_equal(ofp_barrier_request_encode(OFP13_VERSION, 0x1234, &b),
                     0);
    assert_int_equal(ofp_print(&s, b.data, b.size), 0);
    assert_string_equal(ds_cstr(&s),
                        "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x1234):\n");

    ds_clear(&s);
    buf_clear(&b);
    assert_int_equal(ofp_barrier_reply_encode(OFP10_VERSION, 7, &b), 0);
    assert_int_equal(ofp_print(&s, b.data, b.size), 0);
    assert_string_equal(ds_cstr(&s), "OFPT_BARRIER_REPLY (xid=0x7):\n");

    /* Multipart messages are named like ovs-ofctl does. */
    ds_clear(&s);
    buf_clear(&b);
    assert_int_equal(ofp_port_stats_request_encode(OFPP_ANY, OFP13_VERSION,
                                                   9, &b), 0);
    assert_int_equal(ofp_print(&s, b.data, b.size), 0);
    assert_string_equal(ds_cstr(&s), "OFPST_PORT request (OF1.3) (xid=0x9):"
                        " port_no=ANY\n");
    ds_destroy(&s);
    buf_uninit(&b);
}

/* Three messages in one buffer, the second at an odd offset: each printed,
 * in order, one block each. */
static void
test_stream(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;
    static const uint8_t payload[3] = { 1, 2, 3 };

    (void) state;
    buf_init(&b, 64);
    ofp_echo_encode(false, payload, sizeof payload, OFP13_VERSION, 1, &b);
    ofp_barrier_request_encode(OFP10_VERSION, 2, &b);
    ofp_features_request_encode(OFP13_VERSION, 3, &b);
    assert_int_equal(ofp_print_stream(&s, b.data, b.size), 0);
    assert_non_null(strstr(ds_cstr(&s), "OFPT_ECHO_REQUEST (OF1.3) (xid=0x1)"));
    assert_non_null(strstr(ds_cstr(&s), "\nOFPT_BARRIER_REQUEST (xid=0x2):\n"
                           "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x3):\n"));
    ds_destroy(&s);
    buf_uninit(&b);
}

static void
test_framing_errors(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    buf_init(&b, 64);
    ofp_barrier_request_encode(OFP13_VERSION, 2, &b);
    buf_put_zeros(&b, 3);      /* Trailing bytes: not a header. */
    assert_int_equal(ofp_print_stream(&s, b.data, b.size),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_non_null(strstr(ds_cstr(&s), "OFPT_BARRIER_REQUEST"));
    assert_non_null(strstr(ds_cstr(&s), "***decode error: OFPBRC_BAD_LEN***"));

    /* The same message alone, with bytes past its length. */
    ds_clear(&s);
    assert_int_equal(ofp_print(&s, b.data, b.size), OFPERR_OFPBRC_BAD_LEN);

    /* A header that promises more than there is. */
    ds_clear(&s);
    b.data[3] = 0x40;
    assert_int_equal(ofp_print_stream(&s, b.data, b.size),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_non_null(strstr(ds_cstr(&s), "header says 64 bytes, 11 available"));
    ds_destroy(&s);
    buf_uninit(&b);
}

/* A message that frames but does not decode does not stop the stream; the
 * first error is returned. */
static void
test_decode_error_continues(void **state)
{
    static const uint8_t msgs[] = {
        0x04, 0x1e, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,   /* bad type */
        0x04, 0x14, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02,   /* barrier */
    };
    struct ds s = DS_EMPTY_INITIALIZER;

    (void) state;
    assert_int_equal(ofp_print_stream(&s, msgs, sizeof msgs),
                     OFPERR_OFPBRC_BAD_TYPE);
    assert_non_null(strstr(ds_cstr(&s), "OFPT (type=30) (OF1.3) (xid=0x1):\n"
                           "***decode error: OFPBRC_BAD_TYPE***\n"
                           "00000000  04 1e 00 08 00 00 00 01"));
    assert_non_null(strstr(ds_cstr(&s),
                           "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x2):\n"));
    ds_destroy(&s);
}

static void
test_hex_dump(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    uint8_t data[18];

    (void) state;
    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t) (0x41 + i);
    }
    data[17] = 0;
    ofp_print_hex_dump(&s, data, sizeof data);
    assert_string_equal(ds_cstr(&s),
        "00000000  41 42 43 44 45 46 47 48-49 4a 4b 4c 4d 4e 4f 50 "
        "|ABCDEFGHIJKLMNOP|\n"
        "00000010  51 00                                           "
        "|Q.              |\n");
    ds_destroy(&s);
}

static void
test_reencode(void **state)
{
    struct ofp_flow_mod fm;
    struct ofp_action out2 = ofp_action_output(2, 0);
    struct buf b, again;

    (void) state;
    buf_init(&b, 256);
    buf_init(&again, 256);
    ofp_flow_mod_init(&fm);
    ofp_match_set_in_port(&fm.match, 1);
    ofp_instructions_set_apply(&fm.instructions, &out2, 1);
    assert_int_equal(ofp_flow_mod_encode(&fm, OFP13_VERSION, 5, &b), 0);

    buf_put(&again, "x", 1);
    assert_int_equal(ofp_print_reencode((const void *) b.data, b.size,
                                        &again), 0);
    assert_int_equal(again.size, b.size + 1);
    assert_memory_equal(again.data + 1, b.data, b.size);

    /* On error the output is left as it was. */
    b.data[54] = 0xfe;              /* in_port -> unknown OXM field. */
    assert_int_not_equal(ofp_print_reencode((const void *) b.data, b.size,
                                            &again), 0);
    assert_int_equal(again.size, b.size + 1);
    buf_uninit(&b);
    buf_uninit(&again);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_line),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_framing_errors),
        cmocka_unit_test(test_decode_error_continues),
        cmocka_unit_test(test_hex_dump),
        cmocka_unit_test(test_reencode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
