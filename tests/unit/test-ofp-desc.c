/* Unit tests for ofp-desc: switch description request and reply. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-desc.h"

static void
fill_desc(struct ofp_desc *d)
{
    memset(d, 0, sizeof *d);
    strcpy(d->mfr_desc, "Nicira");
    strcpy(d->hw_desc, "OVS");
    strcpy(d->sw_desc, "3.1");
    strcpy(d->serial_num, "None");
    strcpy(d->dp_desc, "dp");
}

static void
test_desc_roundtrip_both_versions(void **state)
{
    static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };
    size_t i;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(versions); i++) {
        struct ofp_desc d, d2;
        struct buf b, b2;

        fill_desc(&d);
        buf_init(&b, 0);
        assert_int_equal(ofp_desc_encode(&d, versions[i], 7, &b), 0);
        assert_int_equal(b.size, versions[i] == OFP10_VERSION ? 1068 : 1072);
        assert_int_equal(ofp_desc_decode(&d2, (void *) b.data), 0);
        assert_memory_equal(&d, &d2, sizeof d);
        buf_init(&b2, 0);
        assert_int_equal(ofp_desc_encode(&d2, versions[i], 7, &b2), 0);
        assert_int_equal(b.size, b2.size);
        assert_memory_equal(b.data, b2.data, b.size);
        buf_uninit(&b);
        buf_uninit(&b2);
    }
}

static void
test_desc_full_width_strings(void **state)
{
    struct ofp_desc d, d2;
    struct buf b;

    (void) state;
    memset(&d, 0, sizeof d);
    memset(d.mfr_desc, 'm', DESC_STR_LEN);
    memset(d.serial_num, 's', SERIAL_NUM_LEN);
    buf_init(&b, 0);
    assert_int_equal(ofp_desc_encode(&d, OFP13_VERSION, 1, &b), 0);
    assert_int_equal(ofp_desc_decode(&d2, (void *) b.data), 0);
    assert_int_equal(strlen(d2.mfr_desc), DESC_STR_LEN);
    assert_int_equal(strlen(d2.serial_num), SERIAL_NUM_LEN);
    assert_memory_equal(&d, &d2, sizeof d);
    buf_uninit(&b);
}

static void
test_desc_format_matches_ovs(void **state)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_desc d;

    (void) state;
    fill_desc(&d);
    ofp_desc_format(&s, &d);
    /* ovs-ofctl ofp-print, after "OFPST_DESC reply (OF1.3) (xid=0x1):". */
    assert_string_equal(ds_cstr(&s), "\nManufacturer: Nicira\nHardware: OVS\n"
                        "Software: 3.1\nSerial Num: None\nDP Description: dp");
    ds_destroy(&s);
}

static void
test_desc_hostile(void **state)
{
    struct ofp_desc d;
    struct buf b;
    struct ofp_header *oh;

    (void) state;
    fill_desc(&d);
    buf_init(&b, 0);
    ofp_desc_encode(&d, OFP13_VERSION, 1, &b);
    oh = (void *) b.data;
    /* Body one byte short (a message length that lies about the body). */
    oh->length = htons((uint16_t) (b.size - 1));
    assert_int_equal(ofp_desc_decode(&d, oh), OFPERR_OFPBRC_BAD_LEN);
    /* Shorter than the multipart header. */
    oh->length = htons(12);
    assert_int_equal(ofp_desc_decode(&d, oh), OFPERR_OFPBRC_BAD_LEN);
    /* Not a reply. */
    oh->length = htons((uint16_t) b.size);
    oh->type = OFPT13_MULTIPART_REQUEST;
    assert_int_equal(ofp_desc_decode(&d, oh), OFPERR_OFPBRC_BAD_TYPE);
    /* Wrong subtype. */
    oh->type = OFPT13_MULTIPART_REPLY;
    b.data[9] = 3;
    assert_int_equal(ofp_desc_decode(&d, oh), OFPERR_OFPBRC_BAD_MULTIPART);
    /* Unknown version. */
    b.data[9] = 0;
    oh->version = 3;
    assert_int_equal(ofp_desc_decode(&d, oh), OFPERR_OFPBRC_BAD_VERSION);
    buf_uninit(&b);
}

static void
test_desc_request(void **state)
{
    static const uint8_t want13[] = {
        0x04, 0x12, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    struct buf b;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_desc_request_encode(OFP13_VERSION, 1, &b), 0);
    assert_int_equal(b.size, sizeof want13);
    assert_memory_equal(b.data, want13, sizeof want13);
    assert_int_equal(ofp_desc_request_decode((void *) b.data), 0);
    buf_clear(&b);
    assert_int_equal(ofp_desc_request_encode(OFP10_VERSION, 1, &b), 0);
    assert_int_equal(b.size, 12);
    assert_int_equal(b.data[1], OFPT10_STATS_REQUEST);
    assert_int_equal(ofp_desc_request_decode((void *) b.data), 0);
    /* A request with a body. */
    buf_put_zeros(&b, 4);
    ((struct ofp_header *) b.data)->length = htons(16);
    assert_int_equal(ofp_desc_request_decode((void *) b.data),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(ofp_desc_request_encode(3, 1, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    buf_uninit(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_desc_roundtrip_both_versions),
        cmocka_unit_test(test_desc_full_width_strings),
        cmocka_unit_test(test_desc_format_matches_ovs),
        cmocka_unit_test(test_desc_hostile),
        cmocka_unit_test(test_desc_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
