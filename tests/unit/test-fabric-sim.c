/* Unit tests for src/fabric/fabric-sim, the pipeline model the fabric
 * tests trust: priorities and masks, goto_table and write_metadata,
 * fast-failover liveness, select groups explored in every live bucket,
 * IN_PORT versus output to the in_port, dead ports, hop limits on loops,
 * the storm cap, ambiguous overlaps. Hand-written flows, so a bug in the
 * compiler cannot hide one in the simulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fabric/fabric-sim.h"
#include "fabric/fabric-sync.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"

static const struct eth_addr mac_a = { { 0x0a, 0, 0, 0, 0, 1 } };
static const struct eth_addr mac_b = { { 0x0a, 0, 0, 0, 0, 2 } };

static struct fabric_sim_packet
pkt(uint32_t in_port, struct eth_addr dst)
{
    struct fabric_sim_packet p;

    memset(&p, 0, sizeof p);
    p.in_port = in_port;
    p.eth_src = mac_a;
    p.eth_dst = dst;
    p.eth_type = 0x0800;
    p.vlan_vid = OFPVID_NONE;
    return p;
}

/* Adds a flow: 'in_port' (0: any), 'dst' (NULL: any), 'metadata' under
 * 'md_mask' (mask 0: any); apply 'acts', then metadata and goto if
 * 'goto_table' is nonzero. */
static void
flow(struct fabric_state *s, uint8_t table, uint16_t prio, uint32_t in_port,
     const struct eth_addr *dst, uint64_t md, uint64_t md_mask,
     const struct ofp_action *acts, size_t n_acts, uint64_t write_md,
     uint8_t goto_table)
{
    struct fabric_flow f;

    memset(&f, 0, sizeof f);
    f.table_id = table;
    f.priority = prio;
    ofp_match_init_catchall(&f.match);
    if (in_port) {
        ofp_match_set_in_port(&f.match, in_port);
    }
    if (dst) {
        ofp_match_set_eth_dst(&f.match, dst);
    }
    if (md_mask) {
        ofp_match_set_metadata_masked(&f.match, md, md_mask);
    }
    ofp_instructions_init(&f.instructions);
    if (n_acts) {
        ofp_instructions_set_apply(&f.instructions, acts, n_acts);
    }
    if (goto_table) {
        f.instructions.present |= OFPINST_GOTO_TABLE | OFPINST_WRITE_METADATA;
        f.instructions.goto_table = goto_table;
        f.instructions.metadata = write_md;
        f.instructions.metadata_mask = UINT64_MAX;
    }
    fabric_state_add_flow(s, &f);
}

static struct ofp_action
out(uint32_t port)
{
    return ofp_action_output(port, 0);
}

static struct ofp_action
grp(uint32_t id)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPACT_GROUP;
    a.group_id = id;
    return a;
}

/* Adds a group of 'type' with buckets output:ports[i], watching
 * watch[i]. */
static void
group(struct fabric_state *s, uint32_t id, uint8_t type,
      const uint32_t *ports, const uint32_t *watch, size_t n)
{
    struct ofp_bucket b[8];
    struct ofp_action a[8];
    struct fabric_group g;
    size_t i;

    memset(b, 0, sizeof b);
    for (i = 0; i < n; i++) {
        a[i] = out(ports[i]);
        b[i].watch_port = watch[i];
        b[i].watch_group = OFPG13_ANY;
        b[i].actions = &a[i];
        b[i].n_actions = 1;
    }
    g.group_id = id;
    g.type = type;
    g.buckets = b;
    g.n_buckets = n;
    fabric_state_add_group(s, &g);
}

/* Priorities, masks, goto and metadata on one switch. */
static void
test_tables(void **state)
{
    struct fabric_state *s = fabric_state_create();
    struct fabric_sim *sim = fabric_sim_create();
    struct fabric_sim_result r;
    struct fabric_sim_packet p;
    struct ofp_action a;

    (void) state;
    fabric_sim_set_switch(sim, 1, s);
    /* Table 0: everything to table 5 with metadata 7. */
    flow(s, 0, 1, 0, NULL, 0, 0, NULL, 0, 7, 5);
    /* Table 5: dst B with metadata 7 -> port 2, higher priority than the
     * catch-all to port 3; metadata 8 never matches. */
    a = out(2);
    flow(s, 5, 10, 0, &mac_b, 7, UINT64_MAX, &a, 1, 0, 0);
    a = out(4);
    flow(s, 5, 20, 0, &mac_b, 8, UINT64_MAX, &a, 1, 0, 0);
    a = out(3);
    flow(s, 5, 1, 0, NULL, 0, 0, &a, 1, 0, 0);

    fabric_sim_result_init(&r);
    p = pkt(1, mac_b);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DELIVER);
    assert_int_equal(r.events[0].port, 2);
    assert_false(r.ambiguous);

    fabric_sim_result_clear(&r);
    p = pkt(1, mac_a);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].port, 3);

    /* Output to the in_port: dropped; IN_PORT: sent back. */
    fabric_sim_result_clear(&r);
    p = pkt(3, mac_a);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);
    a = out(OFPP13_IN_PORT);
    flow(s, 5, 1, 0, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DELIVER);
    assert_int_equal(r.events[0].port, 3);

    /* Controller; two equal-priority matches are flagged. */
    a = out(OFPP13_CONTROLLER);
    flow(s, 5, 1, 9, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_result_clear(&r);
    p = pkt(9, mac_a);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_true(r.ambiguous);

    /* A dead output port drops; a table without a match drops. */
    fabric_sim_set_port_live(sim, 1, 2, false);
    fabric_sim_result_clear(&r);
    p = pkt(1, mac_b);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);
    fabric_sim_set_port_live(sim, 1, 2, true);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 2, &p, 8, &r, NULL);       /* Unknown switch. */
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);

    fabric_sim_result_uninit(&r);
    fabric_sim_destroy(sim);
    fabric_state_destroy(s);
}

/* Two switches: 1 --(1:1)-- 2. Switch 1 sends dst B into a group; switch
 * 2 delivers dst B on port 5 and sends anything else back. */
static void
test_groups(void **state)
{
    struct fabric_state *s1 = fabric_state_create();
    struct fabric_state *s2 = fabric_state_create();
    struct fabric_sim *sim = fabric_sim_create();
    struct fabric_sim_result r;
    struct fabric_sim_packet p = pkt(9, mac_b);
    uint32_t ports[3] = { 1, 2, 3 };
    uint32_t watch[3] = { 1, 2, 3 };
    uint32_t any[3] = { OFPP13_ANY, OFPP13_ANY, OFPP13_ANY };
    struct ofp_action a;
    struct ds trace = DS_EMPTY_INITIALIZER;

    (void) state;
    fabric_sim_set_switch(sim, 1, s1);
    fabric_sim_set_switch(sim, 2, s2);
    fabric_sim_cable(sim, 1, 1, 2, 1);
    a = out(5);
    flow(s2, 0, 10, 0, &mac_b, 0, 0, &a, 1, 0, 0);
    a = out(OFPP13_IN_PORT);
    flow(s2, 0, 1, 0, NULL, 0, 0, &a, 1, 0, 0);
    a = grp(10);
    flow(s1, 0, 1, 0, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_result_init(&r);

    /* Fast failover: port 1 (to switch 2) first, then 2. */
    group(s1, 10, OFPGT13_FF, ports, watch, 2);
    fabric_sim_run(sim, 1, &p, 8, &r, &trace);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DELIVER);
    assert_int_equal(r.events[0].dpid, 2);
    assert_int_equal(r.events[0].port, 5);
    assert_int_equal(r.events[0].n_hops, 1);
    assert_non_null(strstr(ds_cstr(&trace), "group 0xa"));
    /* The peer's port dead (cable cut at the far end): the local port is
     * still live, so FF keeps it and the packet is lost. */
    fabric_sim_set_port_live(sim, 2, 1, false);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);
    /* Both ends dead: FF moves to port 2 (a host there). */
    fabric_sim_set_link_live(sim, 1, 1, false);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DELIVER);
    assert_int_equal(r.events[0].dpid, 1);
    assert_int_equal(r.events[0].port, 2);
    fabric_sim_set_link_live(sim, 1, 1, true);
    /* No live bucket: drop. */
    fabric_sim_set_port_live(sim, 1, 1, false);
    fabric_sim_set_port_live(sim, 1, 2, false);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DROP, 0, 0), 1);
    fabric_sim_set_port_live(sim, 1, 1, true);
    fabric_sim_set_port_live(sim, 1, 2, true);

    /* Select: every live bucket is a possible path. */
    group(s1, 10, OFPGT13_SELECT, ports, watch, 3);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 3);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 2, 5), 1);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 1, 2), 1);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 1, 3), 1);
    fabric_sim_set_port_live(sim, 1, 3, false);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 2);

    /* ALL: every bucket, except the in_port. */
    fabric_sim_set_port_live(sim, 1, 3, true);
    group(s1, 10, OFPGT13_ALL, ports, any, 3);
    fabric_sim_result_clear(&r);
    p.in_port = 3;
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 2);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 1, 3), 0);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DROP, 0, 0), 1);

    /* A second cable, and switch 2 sending what comes over the first one
     * back over the second: a loop, cut by the hop limit. */
    fabric_sim_cable(sim, 1, 2, 2, 2);
    a = out(2);
    flow(s2, 0, 5, 1, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_result_clear(&r);
    p = pkt(9, mac_a);
    group(s1, 10, OFPGT13_FF, ports, watch, 1);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_LOOP);
    assert_int_equal(r.events[0].n_hops, 8);

    /* A missing group drops. */
    a = grp(11);
    flow(s1, 0, 1, 0, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_result_clear(&r);
    fabric_sim_run(sim, 1, &p, 8, &r, NULL);
    assert_int_equal(r.n_events, 1);
    assert_int_equal(r.events[0].type, FABRIC_SIM_DROP);

    ds_destroy(&trace);
    fabric_sim_result_uninit(&r);
    fabric_sim_destroy(sim);
    fabric_state_destroy(s1);
    fabric_state_destroy(s2);
}

/* A broadcast storm (two switches flooding to each other over two
 * cables) is cut off, not followed forever. */
static void
test_storm(void **state)
{
    struct fabric_state *s = fabric_state_create();
    struct fabric_sim *sim = fabric_sim_create();
    struct fabric_sim_result r;
    struct fabric_sim_packet p = pkt(9, mac_b);
    uint32_t ports[3] = { 1, 2, 9 };
    uint32_t any[3] = { OFPP13_ANY, OFPP13_ANY, OFPP13_ANY };
    struct ofp_action a = grp(1);

    (void) state;
    group(s, 1, OFPGT13_ALL, ports, any, 3);
    flow(s, 0, 1, 0, NULL, 0, 0, &a, 1, 0, 0);
    fabric_sim_set_switch(sim, 1, s);
    fabric_sim_set_switch(sim, 2, s);
    fabric_sim_cable(sim, 1, 1, 2, 1);
    fabric_sim_cable(sim, 1, 2, 2, 2);
    fabric_sim_result_init(&r);
    fabric_sim_run(sim, 1, &p, 30, &r, NULL);
    assert_true(r.truncated || fabric_sim_count(&r, FABRIC_SIM_LOOP, 0, 0));
    assert_true(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0) > 2);
    fabric_sim_result_uninit(&r);
    fabric_sim_destroy(sim);
    fabric_state_destroy(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_storm),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
