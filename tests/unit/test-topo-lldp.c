/* Unit tests for src/topo/topo-lldp: probe scheduling, discovery of a ring
 * by delivering probes over simulated cables, foreign and malformed LLDP,
 * aging, port down, and shared-segment detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-lldp.h"
#include "net/net-proto.h"
#include "topo/topo-graph.h"
#include "topo/topo-lldp.h"

/* A cable from (a, pa) to (b, pb); a legacy hub is several cables from
 * the same port. */
struct cable {
    uint64_t a;
    uint32_t pa;
    uint64_t b;
    uint32_t pb;
};

static void
port_up(struct topo_graph *g, uint64_t dpid, uint32_t port)
{
    struct eth_addr ea = { { 0x02, 0, 0, (uint8_t) dpid, 0, (uint8_t) port } };

    topo_graph_port_set(g, dpid, port, &ea, true, 0);
}

/* Delivers every probe along 'cables' (both directions); returns how many
 * links were recorded. */
static size_t
deliver(struct topo_lldp *l, struct topo_graph *g,
        const struct topo_lldp_probes *probes, const struct cable *cables,
        size_t n_cables, uint64_t now)
{
    size_t i, j, n = 0;

    for (i = 0; i < probes->n; i++) {
        const struct topo_lldp_probe *pr = &probes->probes[i];
        const void *frame = topo_lldp_probe_frame(probes, i);

        assert_non_null(frame);
        for (j = 0; j < n_cables; j++) {
            const struct cable *c = &cables[j];
            struct topo_lldp_link link;

            if (c->a == pr->dpid && c->pa == pr->port) {
                assert_int_equal(topo_lldp_rx(l, g, c->b, c->pb, frame,
                                              pr->size, now, &link),
                                 TOPO_LLDP_LINK);
                assert_int_equal(link.src_dpid, c->a);
                assert_int_equal(link.src_port, c->pa);
                assert_int_equal(link.dst_dpid, c->b);
                assert_int_equal(link.dst_port, c->pb);
                assert_int_equal(link.seen, now);
                n++;
            } else if (c->b == pr->dpid && c->pb == pr->port) {
                assert_int_equal(topo_lldp_rx(l, g, c->a, c->pa, frame,
                                              pr->size, now, NULL),
                                 TOPO_LLDP_LINK);
                n++;
            }
        }
    }
    return n;
}

static const struct cable ring[] = {
    { 1, 1, 2, 2 }, { 2, 1, 3, 2 }, { 3, 1, 4, 2 }, { 4, 1, 1, 2 },
};

/* Ring of 4 with host port 3 on each switch, no links yet. */
static struct topo_graph *
make_switches(void)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    uint64_t i;

    for (i = 1; i <= 4; i++) {
        port_up(g, i, 1);
        port_up(g, i, 2);
        port_up(g, i, 3);
        /* The LOCAL port is never probed. */
        port_up(g, i, 0xfffffffeu);
    }
    return g;
}

static void
test_discover_ring(void **state KUMO_UNUSED)
{
    struct topo_lldp_config cfg = { .interval_ms = 1000, .miss_limit = 3,
                                    .secret = 0x1234 };
    struct topo_lldp *l = topo_lldp_create(&cfg);
    struct topo_graph *g = make_switches();
    struct topo_lldp_probes probes;
    struct net_lldp parsed;
    uint64_t seq;

    topo_lldp_probes_init(&probes);
    assert_int_equal(topo_lldp_next_wake(l), 0);
    assert_int_equal(topo_lldp_run(l, g, 10, &probes), 12);
    assert_int_equal(topo_lldp_next_wake(l), 1010);
    /* The probe carries the datapath id, chassis and port. */
    assert_int_equal(net_lldp_parse(topo_lldp_probe_frame(&probes, 0),
                                    probes.probes[0].size, &parsed), 0);
    assert_true(parsed.has_dpid);
    assert_int_equal(parsed.dpid, probes.probes[0].dpid);
    assert_int_equal(parsed.ttl, 3);
    assert_int_equal(parsed.chassis_id_len, 21);
    assert_memory_equal(parsed.chassis_id, "dpid:0000000000000001", 21);

    seq = topo_graph_change_seq(g);
    assert_int_equal(deliver(l, g, &probes, ring, ARRAY_SIZE(ring), 20), 8);
    assert_true(topo_graph_change_seq(g) > seq);
    assert_int_equal(topo_graph_n_dlinks(g), 8);
    assert_int_equal(topo_graph_port_kind(g, 1, 1), TOPO_PORT_FABRIC);
    assert_int_equal(topo_graph_port_kind(g, 1, 3), TOPO_PORT_EDGE);
    assert_int_equal(topo_lldp_get_stats(l)->rx_links, 8);
    assert_int_equal(topo_lldp_get_stats(l)->tx_probes, 12);

    /* Not due yet: nothing sent. */
    topo_lldp_probes_clear(&probes);
    assert_int_equal(topo_lldp_run(l, g, 500, &probes), 0);
    assert_int_equal(probes.n, 0);
    /* Next round, refreshes are not changes. */
    assert_int_equal(topo_lldp_run(l, g, 1010, &probes), 12);
    seq = topo_graph_change_seq(g);
    deliver(l, g, &probes, ring, ARRAY_SIZE(ring), 1020);
    assert_int_equal(topo_graph_change_seq(g), seq);

    /* The 4-1 cable stops carrying LLDP: after 3 missed intervals its
     * links age out, the others stay. */
    {
        uint64_t now;

        for (now = 2010; now <= 5010; now += 1000) {
            topo_lldp_probes_clear(&probes);
            topo_lldp_run(l, g, now, &probes);
            deliver(l, g, &probes, ring, 3, now + 10);
        }
        assert_int_equal(topo_graph_n_dlinks(g), 6);
        assert_int_equal(topo_lldp_get_stats(l)->links_expired, 2);
        assert_int_equal(topo_graph_port_kind(g, 4, 1), TOPO_PORT_EDGE);
    }

    /* Port down removes links at once. */
    {
        struct eth_addr ea = { { 0x02, 0, 0, 2, 0, 1 } };

        seq = topo_graph_change_seq(g);
        topo_graph_port_set(g, 2, 1, &ea, false, 0);
        assert_true(topo_graph_change_seq(g) > seq);
        assert_int_equal(topo_graph_n_dlinks(g), 4);
        /* And a down port is not probed. */
        topo_lldp_probes_clear(&probes);
        assert_false(topo_lldp_probe_port(l, g, 2, 1, &probes));
        assert_false(topo_lldp_probe_port(l, g, 9, 1, &probes));
        assert_true(topo_lldp_probe_port(l, g, 2, 2, &probes));
        assert_int_equal(probes.n, 1);
    }
    topo_lldp_probes_uninit(&probes);
    topo_lldp_destroy(l);
    topo_graph_destroy(g);
}

static void
test_foreign_malformed(void **state KUMO_UNUSED)
{
    struct topo_lldp_config cfg = { .secret = 42 };
    struct topo_lldp_config other_cfg = { .secret = 43 };
    struct topo_lldp *l = topo_lldp_create(&cfg);
    struct topo_lldp *other = topo_lldp_create(&other_cfg);
    struct topo_graph *g = make_switches();
    struct topo_lldp_probes probes, theirs;
    const uint8_t *frame;
    size_t size, i;
    uint64_t n_foreign;
    struct buf b;

    topo_lldp_probes_init(&probes);
    topo_lldp_probes_init(&theirs);
    assert_true(topo_lldp_probe_port(l, g, 1, 1, &probes));
    assert_true(topo_lldp_probe_port(other, g, 1, 1, &theirs));
    frame = topo_lldp_probe_frame(&probes, 0);
    size = probes.probes[0].size;

    /* Another controller's probe (different secret): foreign. */
    assert_int_equal(topo_lldp_rx(l, g, 2, 2, topo_lldp_probe_frame(&theirs, 0),
                                  theirs.probes[0].size, 5, NULL),
                     TOPO_LLDP_FOREIGN);
    assert_int_equal(topo_lldp_get_stats(l)->rx_foreign, 1);

    /* Every truncation of a valid probe is malformed or (when cut inside
     * the padding) still valid; never a crash. */
    for (i = 0; i < size; i++) {
        uint8_t *copy = xmalloc(i + 1);
        enum topo_lldp_rx_result r;

        memcpy(copy, frame, i);
        r = topo_lldp_rx(l, g, 2, 2, copy, i, 5, NULL);
        assert_true(r == TOPO_LLDP_MALFORMED || r == TOPO_LLDP_LINK
                    || r == TOPO_LLDP_FOREIGN);
        free(copy);
    }
    assert_true(topo_lldp_get_stats(l)->rx_malformed > 10);
    n_foreign = topo_lldp_get_stats(l)->rx_foreign;

    /* A tampered port id: the tag no longer matches. */
    {
        uint8_t *copy = xmemdup(frame, size);
        struct net_lldp parsed;
        size_t ofs;

        assert_int_equal(net_lldp_parse(copy, size, &parsed), 0);
        ofs = (size_t) (parsed.port_id - copy);
        copy[ofs + 3] ^= 2;                 /* Port 1 -> port 3. */
        assert_int_equal(topo_lldp_rx(l, g, 2, 2, copy, size, 5, NULL),
                         TOPO_LLDP_FOREIGN);
        free(copy);
    }

    /* LLDP from an ordinary (non-controller) bridge: no dpid TLV. */
    {
        static const uint8_t chassis[] = { 0, 1, 2, 3, 4, 5 };
        static const uint8_t port[] = { 'e', 't', 'h', '0' };
        struct eth_addr src = { { 0, 1, 2, 3, 4, 5 } };
        struct net_lldp lldp = {
            .chassis_subtype = NET_LLDP_CHASSIS_MAC, .chassis_id = chassis,
            .chassis_id_len = sizeof chassis,
            .port_subtype = NET_LLDP_PORT_NAME, .port_id = port,
            .port_id_len = sizeof port, .ttl = 120,
        };

        buf_init(&b, 64);
        net_lldp_build(&b, &src, &lldp);
        assert_int_equal(topo_lldp_rx(l, g, 2, 2, b.data, b.size, 5, NULL),
                         TOPO_LLDP_FOREIGN);
        /* Not LLDP at all. */
        b.data[12] = 0x08;
        b.data[13] = 0x00;
        assert_int_equal(topo_lldp_rx(l, g, 2, 2, b.data, b.size, 5, NULL),
                         TOPO_LLDP_MALFORMED);
        buf_uninit(&b);
    }

    /* Ours, but received on an unknown port, or looped back to its own
     * port. */
    assert_int_equal(topo_lldp_rx(l, g, 2, 77, frame, size, 5, NULL),
                     TOPO_LLDP_BAD_IN_PORT);
    assert_int_equal(topo_lldp_rx(l, g, 1, 1, frame, size, 5, NULL),
                     TOPO_LLDP_BAD_IN_PORT);
    assert_int_equal(topo_lldp_get_stats(l)->rx_bad_in_port, 2);

    /* Ours, but the sending switch has gone. */
    topo_graph_switch_remove(g, 1);
    assert_int_equal(topo_lldp_rx(l, g, 2, 2, frame, size, 5, NULL),
                     TOPO_LLDP_UNKNOWN_SOURCE);
    assert_int_equal(topo_lldp_get_stats(l)->rx_unknown, 1);
    assert_int_equal(topo_lldp_get_stats(l)->rx_foreign, n_foreign + 2);
    assert_int_equal(topo_graph_n_dlinks(g), 0);

    topo_lldp_probes_uninit(&probes);
    topo_lldp_probes_uninit(&theirs);
    topo_lldp_destroy(l);
    topo_lldp_destroy(other);
    topo_graph_destroy(g);
}

static void
test_shared_segment(void **state KUMO_UNUSED)
{
    struct topo_lldp_config cfg = { .interval_ms = 500, .secret = 7 };
    struct topo_lldp *l = topo_lldp_create(&cfg);
    struct topo_graph *g = make_switches();
    struct topo_lldp_probes probes;
    /* Port 3 of switches 1, 2 and 3 on one legacy switch (a hub): every
     * probe reaches the two other ports. */
    static const struct cable hub[] = {
        { 1, 3, 2, 3 }, { 1, 3, 3, 3 }, { 2, 3, 3, 3 },
    };
    size_t i;

    topo_lldp_probes_init(&probes);
    topo_lldp_run(l, g, 0, &probes);
    assert_int_equal(deliver(l, g, &probes, hub, ARRAY_SIZE(hub), 1), 6);
    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        assert_true(topo_graph_dlink_at(g, i)->shared);
    }
    assert_int_equal(topo_graph_port_kind(g, 1, 3), TOPO_PORT_SHARED);
    assert_int_equal(topo_graph_port_kind(g, 2, 3), TOPO_PORT_SHARED_BLOCKED);
    assert_int_equal(topo_graph_port_kind(g, 3, 3), TOPO_PORT_SHARED_BLOCKED);
    assert_int_equal(topo_graph_port_kind(g, 4, 3), TOPO_PORT_EDGE);
    {
        struct topo_link *links;
        assert_int_equal(topo_graph_up_links(g, &links), 0);
        free(links);
    }
    topo_lldp_probes_uninit(&probes);
    topo_lldp_destroy(l);
    topo_graph_destroy(g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discover_ring),
        cmocka_unit_test(test_foreign_malformed),
        cmocka_unit_test(test_shared_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
