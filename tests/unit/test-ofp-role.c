/* Unit tests for ofp-role: role request/reply and get/set async. The
 * expected hex and text were checked with ovs-ofctl ofp-print. */
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
#include "ofp/ofp-role.h"

static void
check_role(const char *hex, bool want_reply, const char *text)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_role role;
    struct buf in, out;
    bool reply;

    ofp_fixture_hex(hex, &in);
    assert_int_equal(ofp_role_decode(&role, &reply, (void *) in.data), 0);
    assert_int_equal(reply, want_reply);
    buf_init(&out, 0);
    assert_int_equal(ofp_role_encode(&role, reply, OFP13_VERSION, 1, &out), 0);
    ofp_fixture_buf_eq(&in, &out);
    ofp_role_format(&s, &role);
    assert_string_equal(ds_cstr(&s), text);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
}

static void
test_role_samples(void **state)
{
    (void) state;
    check_role("041800180000000100000002000000000000000000012345", false,
               " role=primary generation_id=74565");
    check_role("041900180000000100000003000000000000000000000000", true,
               " role=secondary generation_id=0");
    check_role("04180018000000010000000000000000ffffffffffffffff", false,
               " role=nochange");
    check_role("041800180000000100000001000000000000000000012345", false,
               " role=equal generation_id=74565");
}

static void
test_role_roundtrip_struct(void **state)
{
    struct ofp_role role = { OFPCR13_ROLE_MASTER, UINT64_MAX - 3 }, role2;
    struct buf b;
    bool reply;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_role_encode(&role, true, OFP13_VERSION, 77, &b), 0);
    assert_int_equal(ofp_role_decode(&role2, &reply, (void *) b.data), 0);
    assert_true(reply);
    assert_int_equal(role2.role, role.role);
    assert_int_equal(role2.generation_id, role.generation_id);
    buf_clear(&b);
    assert_int_equal(ofp_role_encode(&role, false, OFP10_VERSION, 77, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    role.role = 4;
    assert_int_equal(ofp_role_encode(&role, false, OFP13_VERSION, 77, &b),
                     OFPERR_OFPRRFC_BAD_ROLE);
    assert_int_equal(b.size, 0);
    buf_uninit(&b);
}

static void
test_role_hostile(void **state)
{
    struct ofp_role role;
    struct buf b;
    bool reply;

    (void) state;
    ofp_fixture_hex("041800180000000100000009000000000000000000012345", &b);
    assert_int_equal(ofp_role_decode(&role, &reply, (void *) b.data),
                     OFPERR_OFPRRFC_BAD_ROLE);
    b.data[11] = 2;
    ((struct ofp_header *) b.data)->length = htons(16);
    assert_int_equal(ofp_role_decode(&role, &reply, (void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    ((struct ofp_header *) b.data)->length = htons(24);
    b.data[0] = OFP10_VERSION;
    assert_int_equal(ofp_role_decode(&role, &reply, (void *) b.data),
                     OFPERR_OFPBRC_BAD_VERSION);
    b.data[0] = OFP13_VERSION;
    b.data[1] = OFPT13_SET_ASYNC;
    assert_int_equal(ofp_role_decode(&role, &reply, (void *) b.data),
                     OFPERR_OFPBRC_BAD_TYPE);
    buf_uninit(&b);
}

static void
test_role_generation(void **state)
{
    (void) state;
    assert_false(ofp_role_generation_is_stale(false, 10, 1));
    assert_false(ofp_role_generation_is_stale(true, 10, 10));
    assert_false(ofp_role_generation_is_stale(true, 10, 11));
    assert_true(ofp_role_generation_is_stale(true, 10, 9));
    /* Wrap-around: a small id after a huge one is newer. */
    assert_false(ofp_role_generation_is_stale(true, UINT64_MAX - 1, 2));
    assert_true(ofp_role_generation_is_stale(true, 2, UINT64_MAX - 1));
}

static const char async_text[] =
    "\n primary:\n"
    "       PACKET_IN: no_match action\n"
    "     PORT_STATUS: add delete modify\n"
    "    FLOW_REMOVED: idle hard delete group_delete\n"
    "     ROLE_STATUS: (off)\n"
    "    TABLE_STATUS: (off)\n"
    "  REQUESTFORWARD: (off)\n"
    "\n secondary:\n"
    "       PACKET_IN: no_match\n"
    "     PORT_STATUS: add delete modify\n"
    "    FLOW_REMOVED: (off)\n"
    "     ROLE_STATUS: (off)\n"
    "    TABLE_STATUS: (off)\n"
    "  REQUESTFORWARD: (off)";

static void
test_async(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_role_async async;
    struct buf in, out;
    bool set;

    (void) state;
    ofp_fixture_hex("041b0020000000010000000300000001000000070000000700"
                    "00000f00000000", &in);
    assert_int_equal(ofp_role_async_decode(&async, &set, (void *) in.data), 0);
    assert_false(set);
    assert_int_equal(async.packet_in_mask[0], 3);
    assert_int_equal(async.flow_removed_mask[0], 15);
    ofp_role_async_format(&s, &async);
    assert_string_equal(ds_cstr(&s), async_text);
    buf_init(&out, 0);
    assert_int_equal(ofp_role_async_encode(&async, false, OFP13_VERSION, 1,
                                           &out), 0);
    ofp_fixture_buf_eq(&in, &out);

    /* SET_ASYNC: same body, type 28. */
    buf_clear(&out);
    assert_int_equal(ofp_role_async_encode(&async, true, OFP13_VERSION, 1,
                                           &out), 0);
    assert_int_equal(out.data[1], OFPT13_SET_ASYNC);
    assert_int_equal(ofp_role_async_decode(&async, &set, (void *) out.data),
                     0);
    assert_true(set);

    /* Lying lengths and 1.0. */
    ((struct ofp_header *) out.data)->length = htons(28);
    assert_int_equal(ofp_role_async_decode(&async, &set, (void *) out.data),
                     OFPERR_OFPBRC_BAD_LEN);
    buf_clear(&out);
    assert_int_equal(ofp_role_async_encode(&async, true, OFP10_VERSION, 1,
                                           &out), OFPERR_OFPBRC_BAD_VERSION);

    /* GET_ASYNC_REQUEST: header only. */
    assert_int_equal(ofp_role_async_request_encode(OFP13_VERSION, 5, &out), 0);
    assert_int_equal(out.size, 8);
    assert_int_equal(ofp_role_async_request_decode((void *) out.data), 0);
    buf_put_zeros(&out, 8);
    ((struct ofp_header *) out.data)->length = htons(16);
    assert_int_equal(ofp_role_async_request_decode((void *) out.data),
                     OFPERR_OFPBRC_BAD_LEN);
    ds_destroy(&s);
    buf_uninit(&in);
    buf_uninit(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_samples),
        cmocka_unit_test(test_role_roundtrip_struct),
        cmocka_unit_test(test_role_hostile),
        cmocka_unit_test(test_role_generation),
        cmocka_unit_test(test_async),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
