/* Unit tests for ofp-multipart: body iterators and REQ_MORE/REPLY_MORE
 * reassembly. */
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
#include "ofp/ofp-desc.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-meter.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"
#include "ofp/ofp-queue.h"
#include "ofp/ofp-role.h"
#include "ofp/ofp-table.h"

#define MP_TABLE 3
#define MP_QUEUE 5
#define MORE 1

/* Appends a 1.3 table stats reply part with 'n' entries whose table ids
 * start at 'first' to 'b'; returns its offset. */
static size_t
put_table_part(struct buf *b, uint8_t version, uint32_t xid, uint16_t flags,
               int first, int n)
{
    size_t start = ofp_mp_start(b, version, true, MP_TABLE, flags, xid);
    int i;

    for (i = 0; i < n; i++) {
        struct ofp13_table_stats *ts = buf_put_zeros(b, sizeof *ts);

        ts->table_id = (uint8_t) (first + i);
        ts->active_count = htonl((uint32_t) (first + i) * 10);
    }
    ofp_msg_finish(b, start);
    return start;
}

static const struct ofp_header *
msg_at(const struct buf *b, size_t ofs)
{
    return (const void *) (b->data + ofs);
}

static void
test_reassembly_three_fragments(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_table_stats ts;
    struct ofp_mp_body body;
    struct ofp_mp_iter iter;
    struct buf b;
    size_t p1, p2, p3;
    bool complete;
    int i, error;

    (void) state;
    buf_init(&b, 0);
    p1 = put_table_part(&b, OFP13_VERSION, 42, MORE, 0, 2);
    p2 = put_table_part(&b, OFP13_VERSION, 42, MORE, 2, 3);
    p3 = put_table_part(&b, OFP13_VERSION, 42, 0, 5, 1);

    ofp_mp_reassembly_init(&r, 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    assert_false(complete);
    assert_true(ofp_mp_reassembly_busy(&r));
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p2), &body,
                                           &complete), 0);
    assert_false(complete);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p3), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_false(ofp_mp_reassembly_busy(&r));
    assert_int_equal(body.n_parts, 3);
    assert_int_equal(body.xid, 42);
    assert_int_equal(body.type, MP_TABLE);
    assert_true(body.reply);
    assert_int_equal(body.version, OFP13_VERSION);
    assert_int_equal(body.size, 6 * sizeof(struct ofp13_table_stats));

    /* The reassembled body walks like one message's body. */
    ofp_mp_iter_init_body(&iter, &body);
    for (i = 0; i < 6; i++) {
        assert_int_equal(ofp_table_stats_next(&iter, &ts), 0);
        assert_int_equal(ts.table_id, i);
        assert_int_equal(ts.active_count, i * 10);
    }
    error = ofp_table_stats_next(&iter, &ts);
    assert_int_equal(error, EOF);
    ofp_mp_reassembly_uninit(&r);
    buf_uninit(&b);
}

static void
test_reassembly_lone_part_no_copy(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    struct buf b;
    size_t p;
    bool complete;

    (void) state;
    buf_init(&b, 0);
    p = put_table_part(&b, OFP10_VERSION, 7, 0, 0, 0);
    put_table_part(&b, OFP13_VERSION, 8, 0, 0, 1);
    ofp_mp_reassembly_init(&r, 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_int_equal(body.n_parts, 1);
    assert_int_equal(body.size, 0);
    assert_int_equal(body.version, OFP10_VERSION);
    p = 12;
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p), &body,
                                           &complete), 0);
    assert_true(complete);
    /* Points into the message itself. */
    assert_ptr_equal(body.data, b.data + p + 16);
    assert_int_equal(body.size, 24);
    assert_int_equal(r.body.allocated, 0);
    ofp_mp_reassembly_uninit(&r);
    buf_uninit(&b);
}

static void
test_reassembly_requests(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    struct buf b;
    size_t p1, p2;
    bool complete;

    (void) state;
    buf_init(&b, 0);
    p1 = ofp_mp_start(&b, OFP13_VERSION, false, 12, MORE, 9);
    buf_put_zeros(&b, 64);
    ofp_msg_finish(&b, p1);
    p2 = ofp_mp_start(&b, OFP13_VERSION, false, 12, 0, 9);
    buf_put_zeros(&b, 64);
    ofp_msg_finish(&b, p2);
    ofp_mp_reassembly_init(&r, 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    assert_false(complete);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p2), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_false(body.reply);
    assert_int_equal(body.type, 12);
    assert_int_equal(body.size, 128);
    ofp_mp_reassembly_uninit(&r);
    buf_uninit(&b);
}

/* Feeds a MORE part with xid 1, then 'second'; expects 'error' and a reset
 * reassembly that then accepts a fresh sequence. */
static void
check_mismatch(struct buf *b, size_t second, enum ofperr want)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    size_t first, last;
    bool complete;

    first = put_table_part(b, OFP13_VERSION, 1, MORE, 0, 1);
    last = put_table_part(b, OFP13_VERSION, 3, 0, 0, 1);
    ofp_mp_reassembly_init(&r, 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(b, first), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(b, second), &body,
                                           &complete), want);
    assert_false(complete);
    assert_false(ofp_mp_reassembly_busy(&r));
    assert_int_equal(r.body.size, 0);
    /* Clean afterwards: a new sequence works. */
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(b, first), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(b, first), &body,
                                           &complete), 0);
    assert_false(complete);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(b, last), &body,
                                           &complete),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    ofp_mp_reassembly_uninit(&r);
}

static void
test_reassembly_mismatches(void **state)
{
    struct buf b;
    size_t p;

    (void) state;
    buf_init(&b, 0);
    /* Other xid. */
    p = put_table_part(&b, OFP13_VERSION, 2, 0, 0, 1);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_MULTIPART);
    /* Other subtype, same xid. */
    p = ofp_mp_start(&b, OFP13_VERSION, true, MP_QUEUE, 0, 1);
    ofp_msg_finish(&b, p);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_MULTIPART);
    /* A request in a reply sequence. */
    p = ofp_mp_start(&b, OFP13_VERSION, false, MP_TABLE, 0, 1);
    ofp_msg_finish(&b, p);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_MULTIPART);
    /* Other version. */
    p = put_table_part(&b, OFP10_VERSION, 1, 0, 0, 0);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_VERSION);
    /* Not multipart at all. */
    p = ofp_msg_start(&b, OFP13_VERSION, OFPTYPE_BARRIER_REPLY, 1);
    ofp_msg_finish(&b, p);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_TYPE);
    /* Shorter than a multipart header. */
    p = ofp_msg_start(&b, OFP13_VERSION, OFPTYPE_MULTIPART_REPLY, 1);
    buf_put_zeros(&b, 4);
    ofp_msg_finish(&b, p);
    check_mismatch(&b, p, OFPERR_OFPBRC_BAD_LEN);
    buf_uninit(&b);
}

static void
test_reassembly_overflow(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    struct buf b;
    size_t p1, p2, p3;
    bool complete;

    (void) state;
    buf_init(&b, 0);
    p1 = put_table_part(&b, OFP13_VERSION, 5, MORE, 0, 2);     /* 48 bytes */
    p2 = put_table_part(&b, OFP13_VERSION, 5, MORE, 2, 2);     /* 96 */
    p3 = put_table_part(&b, OFP13_VERSION, 5, 0, 4, 1);        /* 120 */

    /* Exactly at the bound: accepted. */
    ofp_mp_reassembly_init(&r, 120);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p2), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p3), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_int_equal(body.size, 120);
    ofp_mp_reassembly_uninit(&r);

    /* One byte less: the third part overflows and everything is dropped. */
    ofp_mp_reassembly_init(&r, 119);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p2), &body,
                                           &complete), 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p3), &body,
                                           &complete),
                     OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW);
    assert_false(complete);
    assert_false(ofp_mp_reassembly_busy(&r));
    assert_int_equal(r.body.allocated, 0);
    /* A peer that never stops sending MORE hits the bound too. */
    for (;;) {
        enum ofperr error = ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                                  &complete);
        if (error) {
            assert_int_equal(error, OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW);
            break;
        }
        assert_true(r.body.size <= 119);
    }
    ofp_mp_reassembly_uninit(&r);
    buf_uninit(&b);
}

static void
test_reassembly_releases_big_buffers(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    struct buf b;
    size_t parts[5], lone;
    bool complete;
    int i;

    (void) state;
    buf_init(&b, 0);
    for (i = 0; i < 5; i++) {
        /* 5 parts of 1000 entries (24 kB each): 120 kB reassembled. */
        parts[i] = put_table_part(&b, OFP13_VERSION, 3, i < 4 ? MORE : 0, 0,
                                  1000);
    }
    lone = put_table_part(&b, OFP13_VERSION, 4, 0, 0, 1);
    ofp_mp_reassembly_init(&r, 0);
    for (i = 0; i < 5; i++) {
        assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, parts[i]),
                                               &body, &complete), 0);
    }
    assert_true(complete);
    assert_int_equal(body.size, 5 * 1000 * 24);
    assert_true(r.body.allocated >= body.size);
    /* The next message releases the big buffer (the lone part needs none). */
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, lone), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_int_equal(r.body.allocated, 0);
    ofp_mp_reassembly_uninit(&r);
    buf_uninit(&b);
}

static void
test_reassembly_reset_and_reuse(void **state)
{
    struct ofp_mp_reassembly r;
    struct ofp_mp_body body;
    struct buf b;
    size_t p1, p2;
    bool complete;

    (void) state;
    buf_init(&b, 0);
    p1 = put_table_part(&b, OFP13_VERSION, 5, MORE, 0, 2);
    p2 = put_table_part(&b, OFP13_VERSION, 6, 0, 0, 1);
    ofp_mp_reassembly_init(&r, 0);
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    ofp_mp_reassembly_reset(&r);
    assert_false(ofp_mp_reassembly_busy(&r));
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p2), &body,
                                           &complete), 0);
    assert_true(complete);
    assert_int_equal(body.xid, 6);
    /* Uninit with a sequence in flight frees it (ASan checks). */
    assert_int_equal(ofp_mp_reassembly_add(&r, msg_at(&b, p1), &body,
                                           &complete), 0);
    ofp_mp_reassembly_uninit(&r);
    ofp_mp_reassembly_uninit(NULL);
    buf_uninit(&b);
}

static void
test_iter_pull(void **state)
{
    static const uint8_t body[] = {
        0x00, 0x08, 1, 2, 3, 4, 5, 6,       /* len 8 */
        0x00, 0x0c, 1, 2, 3, 4, 5, 6,       /* len 12: not aligned */
        0, 0, 0, 0,
    };
    struct ofp_mp_iter iter;
    struct cursor entry;
    const void *p;

    (void) state;
    ofp_mp_iter_init(&iter, OFP13_VERSION, body, sizeof body);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 4, 0, true,
                                          OFPERR_OFPGMFC_BAD_BUCKET, &entry),
                     0);
    assert_int_equal(entry.size, 8);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 4, 0, true,
                                          OFPERR_OFPGMFC_BAD_BUCKET, &entry),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    assert_true(ofp_mp_iter_done(&iter));
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 4, 0, true,
                                          OFPERR_OFPGMFC_BAD_BUCKET, &entry),
                     EOF);

    /* Without alignment the 12-byte entry is fine and ends the body. */
    ofp_mp_iter_init(&iter, OFP13_VERSION, body + 8, sizeof body - 8);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 8, 0, false,
                                          OFPERR_OFPBRC_BAD_LEN, &entry), 0);
    assert_int_equal(entry.size, 12);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 8, 0, false,
                                          OFPERR_OFPBRC_BAD_LEN, &entry),
                     EOF);
    /* Fewer bytes left than the minimum entry. */
    ofp_mp_iter_init(&iter, OFP13_VERSION, body + 16, 4);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 8, 0, false,
                                          OFPERR_OFPBRC_BAD_LEN, &entry),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Length field beyond the remaining bytes. */
    ofp_mp_iter_init(&iter, OFP13_VERSION, body + 8, 10);
    assert_int_equal(ofp_mp_iter_pull_var(&iter, 8, 0, false,
                                          OFPERR_OFPBRC_BAD_LEN, &entry),
                     OFPERR_OFPBRC_BAD_LEN);
    /* Fixed-size pulls. */
    ofp_mp_iter_init(&iter, OFP13_VERSION, body, 12);
    assert_int_equal(ofp_mp_iter_pull_fixed(&iter, 8, &p), 0);
    assert_ptr_equal(p, body);
    assert_int_equal(ofp_mp_iter_pull_fixed(&iter, 8, &p),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_null(p);
    assert_int_equal(ofp_mp_iter_pull_fixed(&iter, 8, &p), EOF);
}

static void
test_iter_init_msg(void **state)
{
    struct ofp_mp_iter iter;
    struct buf b;
    size_t p;

    (void) state;
    buf_init(&b, 0);
    p = put_table_part(&b, OFP10_VERSION, 1, MORE, 0, 0);
    assert_int_equal(ofp_mp_iter_init_msg(&iter, msg_at(&b, p), true,
                                          MP_TABLE), 0);
    assert_int_equal(iter.flags, MORE);
    assert_int_equal(iter.version, OFP10_VERSION);
    assert_int_equal(ofp_mp_iter_init_msg(&iter, msg_at(&b, p), false,
                                          MP_TABLE), OFPERR_OFPBRC_BAD_TYPE);
    assert_int_equal(ofp_mp_iter_init_msg(&iter, msg_at(&b, p), true,
                                          MP_QUEUE),
                     OFPERR_OFPBRC_BAD_MULTIPART);
    b.data[0] = 2;
    assert_int_equal(ofp_mp_iter_init_msg(&iter, msg_at(&b, p), true,
                                          MP_TABLE),
                     OFPERR_OFPBRC_BAD_VERSION);
    buf_uninit(&b);
}

/* Runs every decoder and printer of the mp modules over 'oh' (whole
 * message, length valid). They may fail; they must not read outside the
 * message (ASan and the exact-size heap copy catch it). */
static void
decode_everything(const struct ofp_header *oh)
{
    struct buf s1, s2;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_mp_reassembly r;
    struct ofp_mp_body mpb;
    struct ofp_mp_iter iter;
    union {
        struct ofp_desc desc;
        struct ofp_table_mod tm;
        struct ofp_table_stats ts;
        struct ofp_table_features tf;
        struct ofp_meter_mod mm;
        struct ofp_meter_request mr;
        struct ofp_meter_stats ms;
        struct ofp_meter_config mc;
        struct ofp_meter_features mf;
        struct ofp_queue_get_config_request qgc;
        struct ofp_queue_config qc;
        struct ofp_queue_stats_request qsr;
        struct ofp_queue_stats qs;
        struct ofp_role role;
        struct ofp_role_async async;
        struct ofp_group_stats gs;
        struct ofp_group_features gf;
        struct ofp_group_mod gm;
    } u;
    uint32_t u32;
    bool flag;

    buf_init(&s1, 0);
    buf_init(&s2, 0);
    ofp_desc_decode(&u.desc, oh);
    ofp_desc_request_decode(oh);
    ofp_table_mod_decode(&u.tm, oh);
    ofp_table_stats_request_decode(oh);
    ofp_table_stats_reply_format(&s, oh);
    ofp_table_features_msg_format(&s, oh);
    ofp_meter_mod_decode(&u.mm, oh, &s1);
    ofp_meter_request_decode(&u.mr, oh);
    ofp_meter_stats_reply_format(&s, oh);
    ofp_meter_config_reply_format(&s, oh);
    ofp_meter_features_decode(&u.mf, oh);
    ofp_meter_features_request_decode(oh);
    ofp_queue_get_config_request_decode(&u.qgc, oh);
    ofp_queue_get_config_reply_format(&s, oh);
    ofp_queue_stats_request_decode(&u.qsr, oh);
    ofp_queue_stats_reply_format(&s, oh);
    ofp_role_decode(&u.role, &flag, oh);
    ofp_role_async_decode(&u.async, &flag, oh);
    ofp_role_async_request_decode(oh);
    ofp_group_stats_request_decode(&u32, oh);
    ofp_group_stats_reply_format(&s, oh);
    ofp_group_features_decode(&u.gf, oh);
    ofp_group_features_request_decode(oh);
    ofp_group_desc_request_decode(oh);
    ofp_group_mod_decode(&u.gm, oh, &s1, &s2);
    ofp_group_desc_reply_format(&s, oh);
    if (!ofp_table_features_decode(&iter, &flag, oh)) {
        while (!ofp_table_features_next(&iter, &u.tf)) {
            continue;
        }
    }
    ofp_mp_reassembly_init(&r, 256);
    ofp_mp_reassembly_add(&r, oh, &mpb, &flag);
    ofp_mp_reassembly_add(&r, oh, &mpb, &flag);
    ofp_mp_reassembly_uninit(&r);
    ds_destroy(&s);
    buf_uninit(&s1);
    buf_uninit(&s2);
}

/* Samples of every message kind (valid, from the other test files). */
static const char *const samples[] = {
    "040f00500000000100000100000000010020000affffffffffffffff0000000000"
    "00001000000001ffff0000000000000020000affffffffffffffff000000000000"
    "001000000001ffff000000000000",
    "0413005800000001000700000000000000480100000000010020000affffffffff"
    "ffffff000000000000001000000001ffff0000000000000020000affffffffffff"
    "ffff000000000000001000000001ffff000000000000",
    "0411001000000001ff00000000000003",
    "0111004c000000010003000000000000636c6173736966696572000000000000"
    "00000000000000000000000000000000003fffff000f42400000000500000000"
    "000000640000000000000032",
    "0413004000000001000300000000000000000000000000050000000000000064"
    "0000000000000032010000000000000000000000000000000000000000000000",
    "041d0030000000010000000d0000000700010010000003e80000006400000000"
    "00020010000007d0000000c801000000",
    "04120018000000010009000000000000ffffffff00000000",
    "0413005800000001000900000000000000000007004800000000000000000002"
    "000000000000006400000000000007d00000000a000001f40000000000000001"
    "000000000000000200000000000000030000000000000004",
    "0413005000000001000a0000000000000028000d0000000700010010000003e8"
    "000000640000000000020010000007d0000000c8010000000018000200000008"
    "00010010000000050000000000000000",
    "0413002000000001000b00000000000000000064000000060000000f02000000",
    "0416001000000001ffffffff00000000",
    "011500300000000100010000000000000000000100180000000100100000000001f4"
    "0000000000000000000200080000",
    "0417005000000001000000010000000000000001000000010030000000000000"
    "000100100000000001f4000000000000000200100000000003200000000000000000"
    "0002000000010010000000000000",
    "011000140000000100050000fffc0000ffffffff",
    "0111002c000000010005000000010000000000020000000000000064000000000000"
    "000a0000000000000000",
    "041800180000000100000002000000000000000000012345",
    "041b002000000001000000030000000100000007000000070000000f00000000",
    "04120018000000010006000000000000fffffffc00000000",
    "041300380000000100080000000000000000000f000000050000000100000002"
    "000000030000000400000001000000000000000100000000",
    "0413007000000001000c00000000000000600000000000006d61696e00000000"
    "000000000000000000000000000000000000000000000000ffffffffffffffff"
    "ffffffffffffffff00000003000f42400000000c000100040004000400000000"
    "00020006010200000008000880000004",
};

/* Checks that the unmutated sample 'oh' is accepted by its own decoder, so
 * the mutations start from valid input. */
static void
check_sample_valid(const struct ofp_header *oh)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    uint16_t mp_type = 0, flags;
    struct cursor body;
    bool reply;

    if (!ofp_multipart_decode(oh, &reply, &mp_type, &flags, &body)
        && reply) {
        switch (mp_type) {
        case 3: assert_int_equal(ofp_table_stats_reply_format(&s, oh), 0);
            break;
        case 5: assert_int_equal(ofp_queue_stats_reply_format(&s, oh), 0);
            break;
        case 6: assert_int_equal(ofp_group_stats_reply_format(&s, oh), 0);
            break;
        case 7: assert_int_equal(ofp_group_desc_reply_format(&s, oh), 0);
            break;
        case 9: assert_int_equal(ofp_meter_stats_reply_format(&s, oh), 0);
            break;
        case 10: assert_int_equal(ofp_meter_config_reply_format(&s, oh), 0);
            break;
        case 12: assert_int_equal(ofp_table_features_msg_format(&s, oh), 0);
            break;
        default:
            break;
        }
    }
    ds_destroy(&s);
}

static void
test_all_decoders_survive_mutation(void **state)
{
    uint32_t rng = 12345;
    size_t i;
    int round;

    (void) state;
    for (i = 0; i < ARRAY_SIZE(samples); i++) {
        struct buf orig;

        buf_init(&orig, 0);
        assert_null(hex_decode(samples[i], &orig));
        decode_everything((void *) orig.data);
        check_sample_valid((void *) orig.data);
        for (round = 0; round < 3000; round++) {
            size_t size = orig.size, k, n_flips;
            uint8_t *copy;

            rng ^= rng << 13;
            rng ^= rng >> 17;
            rng ^= rng << 5;
            if (rng % 4 == 0) {
                size = 8 + rng / 7 % (orig.size - 7);   /* truncate */
            }
            copy = xmemdup(orig.data, size);
            n_flips = size > 8 ? 1 + rng / 11 % 4 : 0;
            for (k = 0; k < n_flips; k++) {
                rng ^= rng << 13;
                rng ^= rng >> 17;
                rng ^= rng << 5;
                copy[8 + rng % (size - 8)] = (uint8_t) (rng >> 8);
            }
            /* The framing layer guarantees length == size for us. */
            copy[2] = (uint8_t) (size >> 8);
            copy[3] = (uint8_t) size;
            decode_everything((void *) copy);
            free(copy);
        }
        buf_uninit(&orig);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reassembly_three_fragments),
        cmocka_unit_test(test_reassembly_lone_part_no_copy),
        cmocka_unit_test(test_reassembly_requests),
        cmocka_unit_test(test_reassembly_mismatches),
        cmocka_unit_test(test_reassembly_overflow),
        cmocka_unit_test(test_reassembly_reset_and_reuse),
        cmocka_unit_test(test_reassembly_releases_big_buffers),
        cmocka_unit_test(test_iter_pull),
        cmocka_unit_test(test_iter_init_msg),
        cmocka_unit_test(test_all_decoders_survive_mutation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
