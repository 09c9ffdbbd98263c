/* Unit tests for src/topo/topo-host: learning only on edge ports, IP
 * addresses, moves, aging, port/switch down and the size bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/util.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"

static void
port_up(struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = { { 0x02, 0, 0, (uint8_t) dpid, 0, (uint8_t) port } };

    topo_graph_port_set(g, dpid, port, &ea, true, 0);
}

/* Two switches cabled 1:1 <-> 2:1; host ports 2 and 3 on each. */
static struct topo_graph *
make_graph(void)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    uint64_t s;

    for (s = 1; s <= 2; s++) {
        port_up(g, s, 1);
        port_up(g, s, 2);
        port_up(g, s, 3);
    }
    topo_graph_link_seen(g, 1, 1, 2, 1, 0);
    topo_graph_link_seen(g, 2, 1, 1, 1, 0);
    return g;
}

static struct topo_host_obs
obs_make(uint8_t id, uint64_t dpid, uint32_t port)
{
    struct topo_host_obs o;

    memset(&o, 0, sizeof o);
    o.mac = (struct eth_addr) { { 0x00, 0x00, 0x00, 0x00, 0x00, id } };
    o.dpid = dpid;
    o.port = port;
    return o;
}

static void
test_learn_move(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_graph();
    struct topo_host_table *t = topo_host_create(16);
    struct topo_host_obs o = obs_make(0xa, 1, 2);
    struct topo_host_event ev;
    const struct topo_host *h;
    uint64_t seq;

    o.has_ipv4 = true;
    o.ipv4 = htonl(0x0a000001);
    assert_int_equal(topo_host_learn(t, g, &o, 100, &ev), TOPO_HOST_NEW);
    assert_int_equal(ev.result, TOPO_HOST_NEW);
    h = topo_host_find(t, &o.mac, 0);
    assert_non_null(h);
    assert_int_equal(h->dpid, 1);
    assert_int_equal(h->port, 2);
    assert_int_equal(h->n_ipv4, 1);
    assert_ptr_equal(topo_host_find_ipv4(t, htonl(0x0a000001)), h);
    assert_null(topo_host_find_ipv4(t, htonl(0x0a000002)));
    /* Other VLAN: another host. */
    assert_null(topo_host_find(t, &o.mac, 10));

    /* The same frame flooded over the inter-switch link: never learned
     * there. */
    {
        struct topo_host_obs fab = obs_make(0xa, 2, 1);
        assert_int_equal(topo_host_learn(t, g, &fab, 110, &ev),
                         TOPO_HOST_IGNORED);
        fab = obs_make(0xb, 1, 1);
        assert_int_equal(topo_host_learn(t, g, &fab, 110, NULL),
                         TOPO_HOST_IGNORED);
        /* Broadcast/multicast and zero sources are not hosts. */
        fab = obs_make(0, 1, 3);
        assert_int_equal(topo_host_learn(t, g, &fab, 110, NULL),
                         TOPO_HOST_IGNORED);
        fab.mac.ea[0] = 0x01;
        assert_int_equal(topo_host_learn(t, g, &fab, 110, NULL),
                         TOPO_HOST_IGNORED);
        /* Unknown switch. */
        fab = obs_make(0xb, 9, 1);
        assert_int_equal(topo_host_learn(t, g, &fab, 110, NULL),
                         TOPO_HOST_IGNORED);
        assert_int_equal(topo_host_get_stats(t)->ignored, 5);
    }
    h = topo_host_find(t, &o.mac, 0);
    assert_int_equal(h->dpid, 1);

    /* Refresh: no change. IPv6 recorded. */
    seq = topo_host_change_seq(t);
    o.has_ipv4 = false;
    o.has_ipv6 = true;
    o.ipv6[0] = 0xfe;
    o.ipv6[1] = 0x80;
    o.ipv6[15] = 1;
    assert_int_equal(topo_host_learn(t, g, &o, 200, NULL),
                     TOPO_HOST_REFRESHED);
    assert_int_equal(topo_host_change_seq(t), seq);
    assert_ptr_equal(topo_host_find_ipv6(t, o.ipv6), h);
    assert_int_equal(h->last_seen, 200);
    assert_int_equal(h->first_seen, 100);

    /* Move to the other switch. */
    o = obs_make(0xa, 2, 3);
    assert_int_equal(topo_host_learn(t, g, &o, 300, &ev), TOPO_HOST_MOVED);
    assert_int_equal(ev.old_dpid, 1);
    assert_int_equal(ev.old_port, 2);
    assert_int_equal(ev.new_dpid, 2);
    assert_int_equal(ev.new_port, 3);
    assert_true(topo_host_change_seq(t) > seq);
    assert_int_equal(topo_host_get_stats(t)->moves, 1);
    h = topo_host_find(t, &o.mac, 0);
    assert_int_equal(h->dpid, 2);
    assert_int_equal(h->port, 3);
    assert_int_equal(h->n_ipv4, 1);     /* Addresses travel with it. */
    assert_int_equal(topo_host_count(t), 1);

    topo_host_destroy(t);
    topo_graph_destroy(g);
}

static void
test_addresses_bounded(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_graph();
    struct topo_host_table *t = topo_host_create(4);
    struct topo_host_obs o = obs_make(1, 1, 2);
    const struct topo_host *h;
    uint32_t i;

    for (i = 1; i <= TOPO_HOST_MAX_ADDRS + 2; i++) {
        o.has_ipv4 = true;
        o.ipv4 = htonl(0x0a000000 + i);
        topo_host_learn(t, g, &o, i, NULL);
        topo_host_learn(t, g, &o, i, NULL);     /* Duplicates not kept. */
    }
    h = topo_host_find(t, &o.mac, 0);
    assert_int_equal(h->n_ipv4, TOPO_HOST_MAX_ADDRS);
    assert_int_equal(h->ipv4[0], htonl(0x0a000003));    /* Oldest dropped. */
    assert_null(topo_host_find_ipv4(t, htonl(0x0a000001)));

    /* Table bound: the fifth host evicts the least recently seen. */
    for (i = 2; i <= 4; i++) {
        o = obs_make((uint8_t) i, 1, 3);
        topo_host_learn(t, g, &o, 100 + i, NULL);
    }
    o = obs_make(1, 1, 2);
    topo_host_learn(t, g, &o, 200, NULL);                /* 1 is fresh. */
    assert_int_equal(topo_host_count(t), 4);
    o = obs_make(5, 2, 2);
    assert_int_equal(topo_host_learn(t, g, &o, 201, NULL), TOPO_HOST_NEW);
    assert_int_equal(topo_host_count(t), 4);
    assert_int_equal(topo_host_get_stats(t)->evicted, 1);
    o = obs_make(2, 1, 3);
    assert_null(topo_host_find(t, &o.mac, 0));
    o = obs_make(1, 1, 2);
    assert_non_null(topo_host_find(t, &o.mac, 0));

    topo_host_destroy(t);
    topo_graph_destroy(g);
}

static void
count_cb(const struct topo_host *h KUMO_UNUSED, void *aux)
{
    (*(size_t *) aux)++;
}

static void
test_aging(void **state KUMO_UNUSED)
{
    struct topo_graph *g = make_graph();
    struct topo_host_table *t = topo_host_create(100);
    struct topo_host_obs o;
    size_t n = 0;
    uint8_t i;

    for (i = 1; i <= 20; i++) {
        o = obs_make(i, 1 + (i & 1), 2 + (i % 4 >= 2));
        o.vlan = i % 3;
        assert_int_equal(topo_host_learn(t, g, &o, 1000 + i * 100, NULL),
                         TOPO_HOST_NEW);
    }
    topo_host_foreach(t, count_cb, &n);
    assert_int_equal(n, 20);
    /* Idle 1000 ms at now=3000: hosts last seen before 2000 go (1..9). */
    assert_int_equal(topo_host_run(t, 3000, 1000), 9);
    assert_int_equal(topo_host_count(t), 11);
    assert_int_equal(topo_host_run(t, 3000, 1000), 0);
    /* Port down: the hosts there go at once. */
    {
        size_t before = topo_host_count(t);
        size_t gone = topo_host_port_down(t, 1, 2);

        assert_true(gone > 0);
        assert_int_equal(topo_host_count(t), before - gone);
        assert_int_equal(topo_host_port_down(t, 1, 2), 0);
    }
    /* Switch down: all its hosts. */
    topo_host_switch_down(t, 2);
    n = 0;
    topo_host_foreach(t, count_cb, &n);
    assert_int_equal(n, topo_host_count(t));
    assert_int_equal(n, 3);             /* Hosts 10, 14, 18. */
    for (i = 1; i <= 20; i++) {
        const struct topo_host *h;

        o = obs_make(i, 0, 0);
        h = topo_host_find(t, &o.mac, i % 3);
        assert_true(!h || (h->dpid == 1 && h->port == 3));
    }
    assert_int_equal(topo_host_get_stats(t)->expired, 20 - n);
    topo_host_destroy(t);
    topo_graph_destroy(g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_move),
        cmocka_unit_test(test_addresses_bounded),
        cmocka_unit_test(test_aging),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
