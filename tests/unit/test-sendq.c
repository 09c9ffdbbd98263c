/* Unit tests for src/core/sendq.c: the bounded per-connection send
 * queue. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/sendq.h"

static void
test_caps(void **state)
{
    uint8_t msg[1000];
    struct sendq q;
    int i;

    (void) state;
    memset(msg, 7, sizeof msg);
    sendq_init(&q, 4000, 8000);
    /* Droppable messages fill up to the soft cap... */
    for (i = 0; i < 4; i++) {
        assert_int_equal(sendq_push(&q, msg, sizeof msg, true), 0);
    }
    assert_int_equal(sendq_size(&q), 4000);
    assert_int_equal(sendq_push(&q, msg, sizeof msg, true), ENOBUFS);
    assert_int_equal(sendq_push(&q, msg, 1, true), ENOBUFS);
    assert_int_equal(sendq_size(&q), 4000);
    /* ...others up to the hard cap, never beyond. */
    for (i = 0; i < 4; i++) {
        assert_int_equal(sendq_push(&q, msg, sizeof msg, false), 0);
    }
    assert_int_equal(sendq_push(&q, msg, 1, false), ENOBUFS);
    assert_int_equal(sendq_size(&q), 8000);
    assert_false(sendq_can_push(&q, 1, false));
    sendq_uninit(&q);
}

static void
test_order_and_consume(void **state)
{
    uint8_t a[100], b[200];
    const uint8_t *p;
    struct sendq q;
    size_t size;

    (void) state;
    memset(a, 'a', sizeof a);
    memset(b, 'b', sizeof b);
    sendq_init(&q, 1000, 1000);
    assert_null(sendq_peek(&q, &size));
    assert_int_equal(size, 0);
    sendq_push(&q, a, sizeof a, false);
    sendq_push(&q, b, sizeof b, true);
    p = sendq_peek(&q, &size);
    assert_int_equal(size, 300);
    assert_memory_equal(p, a, 100);
    assert_memory_equal(p + 100, b, 200);

    /* A partial write leaves the rest in order. */
    sendq_consume(&q, 150);
    p = sendq_peek(&q, &size);
    assert_int_equal(size, 150);
    assert_int_equal(p[0], 'b');

    /* Space freed by sending counts against the cap again. */
    assert_int_equal(sendq_push(&q, a, 851, false), ENOBUFS);
    assert_int_equal(sendq_push(&q, a, 100, false), 0);
    p = sendq_peek(&q, &size);
    assert_int_equal(size, 250);
    assert_int_equal(p[149], 'b');
    assert_int_equal(p[150], 'a');
    sendq_consume(&q, 250);
    assert_int_equal(sendq_size(&q), 0);
    assert_null(sendq_peek(&q, &size));
    sendq_uninit(&q);
}

/* A big burst's memory is released once it drains. */
static void
test_release(void **state)
{
    static uint8_t big[100000];
    struct sendq q;

    (void) state;
    sendq_init(&q, 1 << 20, 1 << 20);
    assert_int_equal(sendq_push(&q, big, sizeof big, false), 0);
    assert_true(q.buf.allocated >= sizeof big);
    sendq_consume(&q, 50000);
    assert_true(q.buf.allocated >= sizeof big);
    sendq_consume(&q, 50000);
    assert_true(q.buf.allocated < sizeof big);
    sendq_uninit(&q);
}

/* Repeated partial drains reuse the buffer instead of growing it. */
static void
test_compaction(void **state)
{
    uint8_t msg[64];
    struct sendq q;
    size_t peak = 0;
    int i;

    (void) state;
    memset(msg, 1, sizeof msg);
    sendq_init(&q, 4096, 4096);
    for (i = 0; i < 10000; i++) {
        assert_int_equal(sendq_push(&q, msg, sizeof msg, false), 0);
        if (sendq_size(&q) > 1024) {
            sendq_consume(&q, 960);
        }
        peak = q.buf.allocated > peak ? q.buf.allocated : peak;
    }
    assert_true(peak <= 8192);
    sendq_uninit(&q);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_order_and_consume),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_compaction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
