/* Unit tests for src/core/l2mac: learning, moves, LRU eviction, aging,
 * port flush, and a randomized comparison against a naive model that
 * exercises backward-shift deletion under heavy collisions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/l2mac.h"

static struct eth_addr
mac_n(uint32_t n)
{
    struct eth_addr ea = { { 0x02, 0x00, (uint8_t) (n >> 24),
                             (uint8_t) (n >> 16), (uint8_t) (n >> 8),
                             (uint8_t) n } };
    return ea;
}

static void
test_learn_lookup_move(void **state)
{
    struct l2mac *m = l2mac_create(16, 16, 300000);
    struct eth_addr a = mac_n(1), b = mac_n(2);
    uint32_t port = 0, old = 0;

    (void) state;
    assert_false(l2mac_lookup(m, &a, 0, 0, &port));
    assert_int_equal(l2mac_learn(m, &a, 0, 1, 0, &old), L2MAC_NEW);
    assert_int_equal(l2mac_learn(m, &a, 0, 1, 10, &old), L2MAC_REFRESHED);
    assert_true(l2mac_lookup(m, &a, 0, 10, &port));
    assert_int_equal(port, 1);
    /* Same MAC on another VLAN is a different entry. */
    assert_false(l2mac_lookup(m, &a, 10, 10, &port));
    assert_int_equal(l2mac_learn(m, &a, 10, 7, 10, NULL), L2MAC_NEW);
    assert_int_equal(l2mac_learn(m, &b, 0, 2, 20, NULL), L2MAC_NEW);
    assert_int_equal(l2mac_count(m), 3);
    /* Move. */
    assert_int_equal(l2mac_learn(m, &a, 0, 3, 30, &old), L2MAC_MOVED);
    assert_int_equal(old, 1);
    assert_true(l2mac_lookup(m, &a, 0, 30, &port));
    assert_int_equal(port, 3);
    assert_true(l2mac_lookup(m, &a, 10, 30, &port));
    assert_int_equal(port, 7);
    assert_int_equal(l2mac_get_stats(m)->learned, 3);
    assert_int_equal(l2mac_get_stats(m)->moved, 1);
    assert_int_equal(l2mac_capacity(m), 16);
    l2mac_destroy(m);
    l2mac_destroy(NULL);
}

static void
test_lru_eviction(void **state)
{
    struct l2mac *m = l2mac_create(4, 4, 0);
    struct eth_addr e[6];
    uint32_t port;
    int i;

    (void) state;
    for (i = 0; i < 6; i++) {
        e[i] = mac_n((uint32_t) i);
    }
    for (i = 0; i < 4; i++) {
        l2mac_learn(m, &e[i], 0, (uint32_t) i + 1, i, NULL);
    }
    /* Refresh e[0] so e[1] becomes the oldest. */
    l2mac_learn(m, &e[0], 0, 1, 10, NULL);
    l2mac_learn(m, &e[4], 0, 5, 11, NULL);
    assert_int_equal(l2mac_count(m), 4);
    assert_false(l2mac_lookup(m, &e[1], 0, 11, &port));
    assert_true(l2mac_lookup(m, &e[0], 0, 11, &port));
    l2mac_learn(m, &e[5], 0, 6, 12, NULL);
    assert_false(l2mac_lookup(m, &e[2], 0, 12, &port));
    assert_true(l2mac_lookup(m, &e[3], 0, 12, &port));
    assert_int_equal(l2mac_get_stats(m)->evicted, 2);
    /* No aging when max_age <= 0. */
    assert_true(l2mac_lookup(m, &e[3], 0, INT64_C(1) << 50, &port));
    l2mac_destroy(m);
}

static void
test_aging(void **state)
{
    struct l2mac *m = l2mac_create(2, 8, 1000);
    struct eth_addr a = mac_n(1), b = mac_n(2), c = mac_n(3);
    uint32_t port;

    (void) state;
    l2mac_learn(m, &a, 0, 1, 0, NULL);
    l2mac_learn(m, &b, 0, 2, 500, NULL);
    assert_true(l2mac_lookup(m, &a, 0, 999, &port));
    assert_false(l2mac_lookup(m, &a, 0, 1000, &port));
    assert_true(l2mac_lookup(m, &b, 0, 1000, &port));
    /* An aged entry re-learned counts as new, even on another port. */
    assert_int_equal(l2mac_learn(m, &a, 0, 4, 1200, NULL), L2MAC_NEW);
    assert_int_equal(l2mac_count(m), 2);
    assert_int_equal(l2mac_expire(m, 1500), 1);     /* b */
    assert_int_equal(l2mac_count(m), 1);
    assert_int_equal(l2mac_expire(m, 1500), 0);
    l2mac_learn(m, &c, 0, 3, 1600, NULL);
    assert_int_equal(l2mac_expire(m, 10000), 2);
    assert_int_equal(l2mac_count(m), 0);
    assert_int_equal(l2mac_get_stats(m)->expired, 4);
    l2mac_destroy(m);
}

static void
test_growth(void **state)
{
    struct l2mac *m = l2mac_create(1, 1000, 0);
    struct eth_addr e;
    uint32_t i, port;

    (void) state;
    for (i = 0; i < 1000; i++) {
        e = mac_n(i * 7919);
        assert_int_equal(l2mac_learn(m, &e, (uint16_t) (i % 3), i, i, NULL),
                         L2MAC_NEW);
    }
    assert_int_equal(l2mac_count(m), 1000);
    assert_int_equal(l2mac_get_stats(m)->evicted, 0);
    assert_int_equal(l2mac_get_stats(m)->grown, 10);    /* 1 -> 1000. */
    for (i = 0; i < 1000; i++) {
        e = mac_n(i * 7919);
        assert_true(l2mac_lookup(m, &e, (uint16_t) (i % 3), 2000, &port));
        assert_int_equal(port, i);
    }
    /* At the maximum: the oldest goes. */
    e = mac_n(123456789);
    l2mac_learn(m, &e, 0, 5, 3000, NULL);
    assert_int_equal(l2mac_get_stats(m)->evicted, 1);
    e = mac_n(0);
    assert_false(l2mac_lookup(m, &e, 0, 3000, &port));
    assert_int_equal(l2mac_capacity(m), 1000);
    l2mac_destroy(m);
}

static void
test_flush_port(void **state)
{
    struct l2mac *m = l2mac_create(4, 64, 0);
    struct eth_addr e;
    uint32_t i, port;

    (void) state;
    for (i = 0; i < 40; i++) {
        e = mac_n(i);
        l2mac_learn(m, &e, 0, i % 4, i, NULL);
    }
    assert_int_equal(l2mac_flush_port(m, 2), 10);
    assert_int_equal(l2mac_count(m), 30);
    for (i = 0; i < 40; i++) {
        e = mac_n(i);
        assert_int_equal(l2mac_lookup(m, &e, 0, 100, &port), i % 4 != 2);
    }
    assert_int_equal(l2mac_get_stats(m)->flushed, 10);
    l2mac_destroy(m);
}

struct walk {
    int n;
    int64_t last_age;
};

static void
walk_cb(const struct eth_addr *mac, uint16_t vlan, uint32_t port,
        int64_t age_ms, void *aux)
{
    struct walk *w = aux;

    (void) mac;
    (void) vlan;
    (void) port;
    assert_true(age_ms >= w->last_age);
    w->last_age = age_ms;
    w->n++;
}

static void
test_for_each(void **state)
{
    struct l2mac *m = l2mac_create(8, 8, 100);
    struct walk w = { 0, 0 };
    struct eth_addr e;
    uint32_t i;

    (void) state;
    for (i = 0; i < 6; i++) {
        e = mac_n(i);
        l2mac_learn(m, &e, 0, 1, i * 20, NULL);
    }
    /* At 130, entries seen at 0, 20 are aged (age >= 100). */
    l2mac_for_each(m, 130, walk_cb, &w);
    assert_int_equal(w.n, 4);
    l2mac_destroy(m);
}

/* Naive model for the randomized test. */
struct model_entry {
    uint32_t mac;
    uint16_t vlan;
    uint32_t port;
    int64_t seen;
    uint64_t seq;           /* Recency order (ties in 'seen' are common). */
    bool used;
};

static void
test_random_vs_model(void **state)
{
    enum { CAP = 64, N_MACS = 200, AGE = 500 };
    struct model_entry model[CAP];
    struct l2mac *m = l2mac_create(3, CAP, AGE);
    unsigned int seed = 12345;
    int64_t now = 0;
    int step;

    (void) state;
    memset(model, 0, sizeof model);
    for (step = 0; step < 20000; step++) {
        uint32_t mac = (uint32_t) (rand_r(&seed) % N_MACS);
        uint16_t vlan = (uint16_t) (rand_r(&seed) % 2);
        uint32_t port = (uint32_t) (rand_r(&seed) % 5);
        struct eth_addr ea = mac_n(mac);
        int op = rand_r(&seed) % 100;
        int i, found = -1, oldest = -1, free_i = -1;
        uint32_t got;

        now += rand_r(&seed) % 5;
        for (i = 0; i < CAP; i++) {
            if (model[i].used && now - model[i].seen >= AGE) {
                model[i].used = false;
            }
        }
        for (i = 0; i < CAP; i++) {
            if (!model[i].used) {
                if (free_i < 0) {
                    free_i = i;
                }
                continue;
            }
            if (model[i].mac == mac && model[i].vlan == vlan) {
                found = i;
            }
            if (oldest < 0 || model[i].seq < model[oldest].seq) {
                oldest = i;
            }
        }
        if (op < 60) {
            enum l2mac_result r = l2mac_learn(m, &ea, vlan, port, now, NULL);
            if (found >= 0) {
                assert_int_equal(r, model[found].port == port
                                 ? L2MAC_REFRESHED : L2MAC_MOVED);
                model[found].port = port;
                model[found].seen = now;
                model[found].seq = (uint64_t) step;
            } else {
                assert_int_equal(r, L2MAC_NEW);
                i = free_i >= 0 ? free_i : oldest;
                model[i] = (struct model_entry) { mac, vlan, port, now,
                                                  (uint64_t) step, true };
            }
        } else if (op < 98) {
            bool hit = l2mac_lookup(m, &ea, vlan, now, &got);
            assert_int_equal(hit, found >= 0);
            if (hit) {
                assert_int_equal(got, model[found].port);
            }
        } else {
            size_t n = 0;
            for (i = 0; i < CAP; i++) {
                if (model[i].used && model[i].port == port) {
                    model[i].used = false;
                    n++;
                }
            }
            l2mac_expire(m, now);
            assert_int_equal(l2mac_flush_port(m, port), n);
        }
    }
    l2mac_destroy(m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_lookup_move),
        cmocka_unit_test(test_lru_eviction),
        cmocka_unit_test(test_aging),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_flush_port),
        cmocka_unit_test(test_for_each),
        cmocka_unit_test(test_random_vs_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
