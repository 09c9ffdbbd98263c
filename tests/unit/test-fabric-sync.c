/* Unit tests for src/fabric/fabric-sync: the flow/group set, reading it
 * back from flow-stats and group-desc replies, and the diff: nothing for
 * identical states, one GROUP_MOD MODIFY for changed buckets,
 * MODIFY_STRICT for changed instructions, ownership by cookie and group id,
 * the message order, and apply(diff(old, new), old) == new for real
 * compiled states (every link of a ring and a leaf-spine cut). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fabric-fixture.h"
#include "fabric/fabric-compile.h"
#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-flow.h"
#include "openflow/of13.h"
#include "openflow/openflow-common.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"

#define KU_FABRIC FABRIC_COOKIE(FABRIC_APP_FABRIC)

/* ---- Small builders ---- */

static struct ofp_action out_acts[8];

static void
init_actions(void)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(out_acts); i++) {
        out_acts[i] = ofp_action_output((uint32_t) i + 1, 0);
    }
}

/* A flow in table 'table' matching in_port 'in_port' that outputs to
 * 'out' (1..8). */
static struct fabric_flow
flow(uint8_t table, uint16_t priority, uint32_t in_port, size_t out,
     uint64_t cookie)
{
    struct fabric_flow f;

    memset(&f, 0, sizeof f);
    f.table_id = table;
    f.priority = priority;
    ofp_match_init_catchall(&f.match);
    ofp_match_set_in_port(&f.match, in_port);
    f.cookie = cookie;
    ofp_instructions_init(&f.instructions);
    ofp_instructions_set_apply(&f.instructions, &out_acts[out - 1], 1);
    return f;
}

/* A select group over ports 1..n_buckets. */
static void
add_group(struct fabric_state *s, uint32_t id, size_t n_buckets,
          uint16_t weight)
{
    struct ofp_bucket b[8];
    struct fabric_group g;
    size_t i;

    memset(b, 0, sizeof b);
    for (i = 0; i < n_buckets; i++) {
        b[i].weight = weight;
        b[i].watch_port = (uint32_t) i + 1;
        b[i].watch_group = OFPG13_ANY;
        b[i].actions = &out_acts[i];
        b[i].n_actions = 1;
    }
    g.group_id = id;
    g.type = OFPGT13_SELECT;
    g.buckets = b;
    g.n_buckets = n_buckets;
    fabric_state_add_group(s, &g);
}

static uint32_t
fabric_gid(uint32_t low)
{
    return (uint32_t) FABRIC_APP_FABRIC << FABRIC_GROUP_APP_SHIFT | low;
}

/* One decoded message of a diff. */
struct msg {
    enum ofptype type;
    uint32_t xid;
    uint16_t command;           /* OFPFC_* or OFPGC13_*. */
    uint32_t group_id;
    uint8_t table_id;
    uint16_t priority;
    uint64_t cookie, cookie_mask;
};

/* Decodes every message of 'b' into 'msgs' (at most 'max'). Returns the
 * count. Also applies each to 'apply' if nonnull. */
static size_t
decode_msgs(const struct buf *b, struct msg *msgs, size_t max,
            struct fabric_state *apply)
{
    size_t ofs = 0, n = 0;
    struct buf acts, buckets, gacts;

    buf_init(&acts, 0);
    buf_init(&buckets, 0);
    buf_init(&gacts, 0);
    while (ofs < b->size) {
        const struct ofp_header *oh = buf_at(b, ofs, sizeof *oh);
        size_t len;
        struct msg *m;

        assert_non_null(oh);
        len = ntohs(oh->length);
        assert_true(len >= sizeof *oh && ofs + len <= b->size);
        assert_int_equal(oh->version, OFP13_VERSION);
        assert_true(n < max);
        m = &msgs[n++];
        memset(m, 0, sizeof *m);
        assert_int_equal(ofp_msg_decode_type(oh, len, &m->type), 0);
        m->xid = ntohl(oh->xid);
        if (m->type == OFPTYPE_FLOW_MOD) {
            struct ofp_flow_mod fm;
            struct fabric_flow f;

            assert_int_equal(ofp_flow_mod_decode(&fm, oh, &acts), 0);
            m->command = (uint16_t) fm.command;
            m->table_id = fm.table_id;
            m->priority = fm.priority;
            m->cookie = fm.cookie;
            m->cookie_mask = fm.cookie_mask;
            if (apply) {
                const struct fabric_flow *old = fabric_state_find_flow(
                    apply, fm.table_id, fm.priority, &fm.match);

                fabric_fixture_flow_from_mod(&fm, &f);
                switch (fm.command) {
                case OFPFC_ADD:
                    fabric_state_add_flow(apply, &f);
                    break;
                case OFPFC_MODIFY_STRICT:
                    /* Keeps cookie, timeouts and flags (OpenFlow 1.3). */
                    assert_non_null(old);
                    f.cookie = old->cookie;
                    f.idle_timeout = old->idle_timeout;
                    f.hard_timeout = old->hard_timeout;
                    f.flags = old->flags;
                    fabric_state_add_flow(apply, &f);
                    break;
                case OFPFC_DELETE_STRICT:
                    assert_non_null(old);
                    assert_int_equal(old->cookie & fm.cookie_mask,
                                     fm.cookie & fm.cookie_mask);
                    assert_true(fabric_state_remove_flow(
                                    apply, fm.table_id, fm.priority,
                                    &fm.match));
                    break;
                default:
                    fail();
                }
            }
        } else if (m->type == OFPTYPE_GROUP_MOD) {
            struct ofp_group_mod gm;
            struct fabric_group g;

            assert_int_equal(ofp_group_mod_decode(&gm, oh, &buckets, &gacts),
                             0);
            m->command = gm.command;
            m->group_id = gm.group_id;
            if (apply) {
                g.group_id = gm.group_id;
                g.type = gm.type;
                g.buckets = gm.buckets;
                g.n_buckets = gm.n_buckets;
                switch (gm.command) {
                case OFPGC13_ADD:
                    assert_null(fabric_state_find_group(apply, gm.group_id));
                    fabric_state_add_group(apply, &g);
                    break;
                case OFPGC13_MODIFY:
                    assert_non_null(fabric_state_find_group(apply,
                                                            gm.group_id));
                    fabric_state_add_group(apply, &g);
                    break;
                case OFPGC13_DELETE:
                    assert_true(fabric_state_remove_group(apply,
                                                          gm.group_id));
                    break;
                default:
                    fail();
                }
            }
        } else {
            fail();
        }
        ofs += len;
    }
    buf_uninit(&acts);
    buf_uninit(&buckets);
    buf_uninit(&gacts);
    return n;
}

/* Diffs and returns the message count, checking xids run from 'xid'. */
static size_t
diff(const struct fabric_state *old, const struct fabric_state *new,
     const struct fabric_sync_options *opts, struct msg *msgs, size_t max,
     struct fabric_sync_counts *counts)
{
    struct buf out;
    uint32_t xid = 1000;
    size_t n, i;

    buf_init(&out, 0);
    assert_int_equal(fabric_sync_diff(old, new, opts, &xid, &out, counts), 0);
    n = decode_msgs(&out, msgs, max, NULL);
    assert_int_equal(n, counts->n_msgs);
    assert_int_equal(xid, 1000 + n);
    for (i = 0; i < n; i++) {
        assert_int_equal(msgs[i].xid, 1000 + i);
    }
    buf_uninit(&out);
    return n;
}

/* ---- Tests ---- */

static void
test_state_basics(void **state)
{
    struct fabric_state *s = fabric_state_create(), *c;
    struct fabric_flow f = flow(0, 10, 1, 2, KU_FABRIC);
    struct ofp_match m;
    size_t i;

    (void) state;
    assert_true(fabric_state_add_flow(s, &f));
    f = flow(0, 10, 1, 3, KU_FABRIC);           /* Same key: replaced. */
    assert_false(fabric_state_add_flow(s, &f));
    assert_int_equal(fabric_state_n_flows(s), 1);
    assert_int_equal(fabric_state_flow_at(s, 0)->instructions
                     .apply_actions[0].output.port, 3);
    /* Replacing a flow with itself (pointers into the state). */
    assert_false(fabric_state_add_flow(s, fabric_state_flow_at(s, 0)));
    assert_int_equal(fabric_state_flow_at(s, 0)->instructions
                     .apply_actions[0].output.port, 3);

    /* Many flows: rehashing keeps every one findable. */
    for (i = 0; i < 1000; i++) {
        f = flow((uint8_t) (i % 3), (uint16_t) (i % 7), (uint32_t) i + 2,
                 1 + i % 8, KU_FABRIC);
        assert_true(fabric_state_add_flow(s, &f));
        add_group(s, (uint32_t) i, 1 + i % 8, 1);
    }
    assert_int_equal(fabric_state_n_flows(s), 1001);
    assert_int_equal(fabric_state_n_groups(s), 1000);
    for (i = 0; i < 1000; i++) {
        const struct fabric_flow *g;

        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, (uint32_t) i + 2);
        g = fabric_state_find_flow(s, (uint8_t) (i % 3), (uint16_t) (i % 7),
                                   &m);
        assert_non_null(g);
        assert_int_equal(g->instructions.apply_actions[0].output.port,
                         1 + i % 8);
        assert_null(fabric_state_find_flow(s, (uint8_t) (i % 3 + 1),
                                           (uint16_t) (i % 7), &m));
        assert_int_equal(fabric_state_find_group(s, (uint32_t) i)->n_buckets,
                         1 + i % 8);
    }
    c = fabric_state_clone(s);
    assert_true(fabric_state_equal(s, c));

    /* Removal keeps the rest findable. */
    for (i = 0; i < 1000; i += 2) {
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, (uint32_t) i + 2);
        assert_true(fabric_state_remove_flow(s, (uint8_t) (i % 3),
                                             (uint16_t) (i % 7), &m));
        assert_false(fabric_state_remove_flow(s, (uint8_t) (i % 3),
                                              (uint16_t) (i % 7), &m));
        assert_true(fabric_state_remove_group(s, (uint32_t) i));
        assert_false(fabric_state_remove_group(s, (uint32_t) i));
    }
    assert_int_equal(fabric_state_n_flows(s), 501);
    assert_int_equal(fabric_state_n_groups(s), 500);
    assert_false(fabric_state_equal(s, c));
    for (i = 1; i < 1000; i += 2) {
        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, (uint32_t) i + 2);
        assert_non_null(fabric_state_find_flow(s, (uint8_t) (i % 3),
                                               (uint16_t) (i % 7), &m));
        assert_non_null(fabric_state_find_group(s, (uint32_t) i));
    }
    fabric_state_clear(s);
    assert_int_equal(fabric_state_n_flows(s), 0);
    assert_int_equal(fabric_state_n_groups(s), 0);
    fabric_state_destroy(s);
    fabric_state_destroy(c);
    fabric_state_destroy(NULL);
}

static void
test_identical(void **state)
{
    struct fabric_state *a = fabric_state_create(), *b;
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    struct msg msgs[16];
    struct fabric_flow f;

    (void) state;
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    f = flow(0, 10, 1, 2, KU_FABRIC);
    fabric_state_add_flow(a, &f);
    add_group(a, fabric_gid(5), 3, 1);
    b = fabric_state_clone(a);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 0);
    /* Empty to empty. */
    fabric_state_clear(a);
    fabric_state_clear(b);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 0);
    assert_int_equal(diff(NULL, b, &opts, msgs, 16, &counts), 0);
    fabric_state_destroy(a);
    fabric_state_destroy(b);
}

static void
test_changes(void **state)
{
    struct fabric_state *a = fabric_state_create(), *b;
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    struct msg msgs[16];
    struct fabric_flow f;

    (void) state;
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    f = flow(0, 10, 1, 2, KU_FABRIC);
    fabric_state_add_flow(a, &f);
    add_group(a, fabric_gid(5), 3, 1);

    /* Changed buckets: one GROUP_MOD MODIFY. */
    b = fabric_state_clone(a);
    add_group(b, fabric_gid(5), 2, 1);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 1);
    assert_int_equal(msgs[0].type, OFPTYPE_GROUP_MOD);
    assert_int_equal(msgs[0].command, OFPGC13_MODIFY);
    assert_int_equal(msgs[0].group_id, fabric_gid(5));
    assert_int_equal(counts.group_modifies, 1);
    /* Changed weight alone is a change too. */
    add_group(b, fabric_gid(5), 3, 2);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 1);
    fabric_state_destroy(b);

    /* Changed instructions: MODIFY_STRICT, no cookie filter. */
    b = fabric_state_clone(a);
    f = flow(0, 10, 1, 3, KU_FABRIC);
    fabric_state_add_flow(b, &f);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 1);
    assert_int_equal(msgs[0].type, OFPTYPE_FLOW_MOD);
    assert_int_equal(msgs[0].command, OFPFC_MODIFY_STRICT);
    assert_int_equal(msgs[0].cookie_mask, 0);
    assert_int_equal(counts.flow_modifies, 1);

    /* Changed cookie (e.g. a generation) or timeout: a replacing ADD. */
    f = flow(0, 10, 1, 2, KU_FABRIC | 7);
    fabric_state_add_flow(b, &f);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 1);
    assert_int_equal(msgs[0].command, OFPFC_ADD);
    assert_int_equal(msgs[0].cookie, KU_FABRIC | 7);
    f = flow(0, 10, 1, 2, KU_FABRIC);
    f.idle_timeout = 5;
    fabric_state_add_flow(b, &f);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 1);
    assert_int_equal(msgs[0].command, OFPFC_ADD);
    assert_int_equal(counts.flow_adds, 1);
    fabric_state_destroy(b);

    /* Same match, other priority or table: another flow. */
    b = fabric_state_clone(a);
    f = flow(0, 11, 1, 2, KU_FABRIC);
    fabric_state_add_flow(b, &f);
    f = flow(1, 10, 1, 2, KU_FABRIC);
    fabric_state_add_flow(b, &f);
    assert_int_equal(diff(a, b, &opts, msgs, 16, &counts), 2);
    assert_int_equal(counts.flow_adds, 2);
    fabric_state_destroy(b);

    fabric_state_destroy(a);
}

/* Foreign flows and groups: kept, unless remove_foreign. Owned ones that
 * are gone: strict deletes filtered on the owner's cookie. */
static void
test_ownership(void **state)
{
    struct fabric_state *old = fabric_state_create();
    struct fabric_state *new = fabric_state_create();
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    struct msg msgs[16];
    struct fabric_flow f;

    (void) state;
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    f = flow(0, 10, 1, 2, KU_FABRIC | 3);           /* Ours, gone. */
    fabric_state_add_flow(old, &f);
    f = flow(0, 10, 2, 2, 0);                       /* Foreign. */
    fabric_state_add_flow(old, &f);
    f = flow(0, 10, 3, 2, FABRIC_COOKIE(FABRIC_APP_VNET));   /* Other app. */
    fabric_state_add_flow(old, &f);
    f = flow(0, 0, 4, 2, 0);                        /* Foreign, replaced. */
    fabric_state_add_flow(old, &f);
    add_group(old, fabric_gid(1), 2, 1);            /* Ours, gone. */
    add_group(old, 7, 2, 1);                        /* Foreign. */

    f = flow(0, 0, 4, 3, KU_FABRIC);
    fabric_state_add_flow(new, &f);

    assert_int_equal(diff(old, new, &opts, msgs, 16, &counts), 3);
    assert_int_equal(msgs[0].type, OFPTYPE_FLOW_MOD);
    assert_int_equal(msgs[0].command, OFPFC_ADD);   /* Cookie differs. */
    assert_int_equal(msgs[1].command, OFPFC_DELETE_STRICT);
    assert_int_equal(msgs[1].cookie, KU_FABRIC);
    assert_int_equal(msgs[1].cookie_mask, FABRIC_COOKIE_APP_MASK);
    assert_int_equal(msgs[2].type, OFPTYPE_GROUP_MOD);
    assert_int_equal(msgs[2].command, OFPGC13_DELETE);
    assert_int_equal(msgs[2].group_id, fabric_gid(1));

    opts.remove_foreign = true;
    assert_int_equal(diff(old, new, &opts, msgs, 16, &counts), 6);
    assert_int_equal(counts.flow_deletes, 3);
    assert_int_equal(counts.group_deletes, 2);
    assert_int_equal(msgs[2].command, OFPFC_DELETE_STRICT);
    assert_int_equal(msgs[2].cookie_mask, 0);       /* Foreign. */
    assert_int_equal(msgs[4].group_id, 7);          /* By id. */
    assert_int_equal(msgs[5].group_id, fabric_gid(1));
    fabric_state_destroy(old);
    fabric_state_destroy(new);
}

static size_t
rank(const struct msg *m)
{
    if (m->type == OFPTYPE_GROUP_MOD) {
        return m->command == OFPGC13_ADD ? 0 : m->command == OFPGC13_MODIFY
                                               ? 2 : 4;
    }
    return m->command == OFPFC_DELETE_STRICT ? 3 : 1;
}

/* Builds a small network, compiles it, cuts every cable in turn and
 * checks the diff from the intact to the cut state of every switch: the
 * messages come in the documented order, apply to the old state to give
 * the new one, and the reverse diff brings it back. */
static void
check_network(struct topo_graph *g, struct topo_host_table *hosts)
{
    struct topo_path *p0 = topo_path_compute(g), *p1;
    struct fabric_view v0, v1;
    struct fabric_sync_options opts;
    struct topo_link *links;
    size_t n_links = topo_graph_up_links(g, &links);
    size_t l, i, n_sw = topo_graph_n_switches(g);
    struct msg *msgs = xcalloc(4096, sizeof *msgs);

    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    fabric_view_init(&v0, g, p0, NULL, hosts, NULL);
    for (l = 0; l < n_links; l++) {
        struct eth_addr ea = { { 2, 0, 0, 0, 0, 1 } };

        topo_graph_port_set(g, links[l].a_dpid, links[l].a_port, &ea, false,
                            0);
        p1 = topo_path_compute(g);
        fabric_view_init(&v1, g, p1, NULL, hosts, NULL);
        for (i = 0; i < n_sw; i++) {
            uint64_t dpid = topo_graph_switch_at(g, i)->dpid;
            struct fabric_state *s0 = fabric_state_create();
            struct fabric_state *s1 = fabric_state_create();
            struct fabric_state *applied;
            struct fabric_sync_counts counts;
            struct buf out;
            uint32_t xid = 1;
            size_t n, k;

            fabric_compile_switch(&v0, dpid, s0);
            fabric_compile_switch(&v1, dpid, s1);
            applied = fabric_state_clone(s0);
            buf_init(&out, 0);
            assert_int_equal(fabric_sync_diff(s0, s1, &opts, &xid, &out,
                                              &counts), 0);
            n = decode_msgs(&out, msgs, 4096, applied);
            assert_int_equal(n, counts.n_msgs);
            assert_true(fabric_state_equal(applied, s1));
            for (k = 0; k < n; k++) {
                assert_true(!k || rank(&msgs[k - 1]) <= rank(&msgs[k]));
                /* Host entries do not depend on paths: untouched. */
                assert_false(msgs[k].type == OFPTYPE_FLOW_MOD
                             && msgs[k].table_id == FABRIC_TABLE_L2
                             && msgs[k].priority == FABRIC_PRIO_HOST_DST);
            }

            buf_clear(&out);
            assert_int_equal(fabric_sync_diff(s1, s0, &opts, &xid, &out,
                                              &counts), 0);
            decode_msgs(&out, msgs, 4096, applied);
            assert_true(fabric_state_equal(applied, s0));
            buf_uninit(&out);
            fabric_state_destroy(applied);
            fabric_state_destroy(s0);
            fabric_state_destroy(s1);
        }
        fabric_view_uninit(&v1);
        topo_path_destroy(p1);
        topo_graph_port_set(g, links[l].a_dpid, links[l].a_port, &ea, true,
                            0);
        assert_true(topo_graph_link_seen(g, links[l].a_dpid, links[l].a_port,
                                         links[l].b_dpid, links[l].b_port,
                                         1000));
        assert_true(topo_graph_link_seen(g, links[l].b_dpid, links[l].b_port,
                                         links[l].a_dpid, links[l].a_port,
                                         1000));
    }
    fabric_view_uninit(&v0);
    topo_path_destroy(p0);
    free(links);
    free(msgs);
}

static void
cable(struct topo_graph *g, uint64_t a, uint32_t pa, uint64_t b, uint32_t pb)
{
    struct eth_addr ea = { { 2, 0, 0, 0, 0, 1 } };

    topo_graph_port_set(g, a, pa, &ea, true, 0);
    topo_graph_port_set(g, b, pb, &ea, true, 0);
    assert_true(topo_graph_link_seen(g, a, pa, b, pb, 1000));
    assert_true(topo_graph_link_seen(g, b, pb, a, pa, 1000));
}

static void
host(struct topo_graph *g, struct topo_host_table *t, uint64_t dpid,
     uint32_t port)
{
    struct eth_addr ea = { { 2, 0, 0, 0, 0, 1 } };
    struct topo_host_obs obs;

    topo_graph_port_set(g, dpid, port, &ea, true, 0);
    memset(&obs, 0, sizeof obs);
    obs.mac = (struct eth_addr) { { 0x0a, 0, 0, (uint8_t) dpid,
                                    (uint8_t) (port >> 8), (uint8_t) port } };
    obs.dpid = dpid;
    obs.port = port;
    assert_int_equal(topo_host_learn(t, g, &obs, 1000, NULL), TOPO_HOST_NEW);
}

static void
test_ring_diffs(void **state)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct topo_host_table *t = topo_host_create(100);
    size_t i;

    (void) state;
    for (i = 1; i <= 5; i++) {
        topo_graph_switch_add(g, i);
    }
    for (i = 1; i <= 5; i++) {
        cable(g, i, 1, i % 5 + 1, 2);
    }
    for (i = 1; i <= 5; i++) {
        host(g, t, i, 100);
    }
    check_network(g, t);
    topo_host_destroy(t);
    topo_graph_destroy(g);
}

static void
test_leaf_spine_diffs(void **state)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct topo_host_table *t = topo_host_create(100);
    size_t l, s;

    (void) state;
    for (l = 1; l <= 4; l++) {
        for (s = 1; s <= 2; s++) {
            cable(g, 100 + l, (uint32_t) s, s, (uint32_t) l);
        }
        host(g, t, 100 + l, 100);
        host(g, t, 100 + l, 101);
    }
    check_network(g, t);
    topo_host_destroy(t);
    topo_graph_destroy(g);
}

/* Encodes the flows of 's' as FLOW stats replies of at most 'per_msg'
 * entries each (all but the last with the MORE flag), and its groups as a
 * GROUP_DESC reply, as a switch would answer; reads them back. */
static struct fabric_state *
read_back(const struct fabric_state *s, size_t per_msg,
          const struct fabric_state *extra)
{
    struct fabric_state *r = fabric_state_create();
    size_t n = fabric_state_n_flows(s), n_extra = 0, i, total;
    struct ofp_group_desc *gd;
    struct buf b;

    if (extra) {
        n_extra = fabric_state_n_flows(extra);
    }
    total = n + n_extra;
    buf_init(&b, 0);
    for (i = 0; i < total; i += per_msg) {
        size_t start, j;

        buf_clear(&b);
        start = ofp_flow_stats_reply_start(
            &b, OFP13_VERSION, i + per_msg < total ? OFPMPF_MORE : 0, 7);
        for (j = i; j < MIN(total, i + per_msg); j++) {
            const struct fabric_flow *f
                = j < n ? fabric_state_flow_at(s, j)
                        : fabric_state_flow_at(extra, j - n);
            struct ofp_flow_stats fs;

            memset(&fs, 0, sizeof fs);
            fs.table_id = f->table_id;
            memcpy(&fs.match, &f->match, sizeof fs.match);
            fs.duration_sec = 12;
            fs.priority = f->priority;
            fs.idle_timeout = f->idle_timeout;
            fs.hard_timeout = f->hard_timeout;
            fs.flags = f->flags;
            fs.cookie = f->cookie;
            fs.packet_count = 99;
            fs.byte_count = 9999;
            fs.instructions = f->instructions;
            assert_int_equal(ofp_flow_stats_reply_append(&b, OFP13_VERSION,
                                                         &fs), 0);
        }
        ofp_flow_stats_reply_finish(&b, start);
        assert_int_equal(fabric_state_add_flow_stats(r, (const void *) b.data),
                         0);
    }

    gd = xcalloc(fabric_state_n_groups(s) + 1, sizeof *gd);
    for (i = 0; i < fabric_state_n_groups(s); i++) {
        const struct fabric_group *g = fabric_state_group_at(s, i);

        gd[i].type = g->type;
        gd[i].group_id = g->group_id;
        gd[i].buckets = g->buckets;
        gd[i].n_buckets = g->n_buckets;
    }
    buf_clear(&b);
    assert_int_equal(ofp_group_desc_reply_encode(gd, fabric_state_n_groups(s),
                                                 OFP13_VERSION, 8, &b), 0);
    assert_int_equal(fabric_state_add_group_desc(r, (const void *) b.data), 0);
    free(gd);
    buf_uninit(&b);
    return r;
}

/* A restart: the switch's tables read back equal what was compiled, so
 * reconciliation sends nothing; a switch missing some entries and holding
 * foreign ones gets exactly the missing ones. */
static void
test_readback(void **state)
{
    struct topo_graph *g = topo_graph_create(TOPO_WEIGHT_HOPS);
    struct topo_host_table *t = topo_host_create(100);
    struct topo_path *p;
    struct fabric_view v;
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    struct fabric_state *s = fabric_state_create(), *r, *foreign;
    struct msg *msgs = xcalloc(4096, sizeof *msgs);
    struct fabric_flow f;
    size_t i, n;

    (void) state;
    for (i = 1; i <= 4; i++) {
        cable(g, i, 1, i % 4 + 1, 2);
        host(g, t, i, 100);
    }
    p = topo_path_compute(g);
    fabric_view_init(&v, g, p, NULL, t, NULL);
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    assert_true(fabric_compile_switch(&v, 1, s));

    r = read_back(s, 5, NULL);
    assert_true(fabric_state_equal(r, s));
    assert_int_equal(diff(r, s, &opts, msgs, 4096, &counts), 0);
    fabric_state_destroy(r);

    /* The same in one message. */
    r = read_back(s, 10000, NULL);
    assert_true(fabric_state_equal(r, s));
    fabric_state_destroy(r);

    /* Foreign flows (kept) and two lost entries (re-added). */
    foreign = fabric_state_create();
    f = flow(0, 5, 77, 1, 0);
    fabric_state_add_flow(foreign, &f);
    r = read_back(s, 7, foreign);
    fabric_state_remove_flow(r, fabric_state_flow_at(s, 3)->table_id,
                             fabric_state_flow_at(s, 3)->priority,
                             &fabric_state_flow_at(s, 3)->match);
    fabric_state_remove_group(r, fabric_state_group_at(s, 2)->group_id);
    n = diff(r, s, &opts, msgs, 4096, &counts);
    assert_int_equal(n, 2);
    assert_int_equal(counts.group_adds, 1);
    assert_int_equal(counts.flow_adds, 1);
    assert_int_equal(msgs[0].type, OFPTYPE_GROUP_MOD);
    assert_int_equal(msgs[1].type, OFPTYPE_FLOW_MOD);

    fabric_state_destroy(foreign);
    fabric_state_destroy(r);
    fabric_state_destroy(s);
    fabric_view_uninit(&v);
    topo_path_destroy(p);
    topo_host_destroy(t);
    topo_graph_destroy(g);
    free(msgs);
}

/* A bad reply is refused with the decoder's error; entries before it are
 * kept. */
static void
test_readback_errors(void **state)
{
    struct fabric_state *r = fabric_state_create();
    struct buf b;
    uint8_t *data;

    (void) state;
    buf_init(&b, 0);
    assert_int_equal(ofp_group_desc_request_encode(OFP13_VERSION, 1, &b), 0);
    /* A request is not a reply. */
    assert_int_not_equal(fabric_state_add_flow_stats(r, (const void *) b.data),
                         0);
    assert_int_not_equal(fabric_state_add_group_desc(r, (const void *) b.data),
                         0);

    /* A group-desc reply whose entry length lies. */
    buf_clear(&b);
    {
        struct ofp_bucket bk;
        struct ofp_group_desc gd;

        memset(&bk, 0, sizeof bk);
        bk.watch_port = OFPP13_ANY;
        bk.watch_group = OFPG13_ANY;
        bk.actions = &out_acts[0];
        bk.n_actions = 1;
        gd.type = OFPGT13_ALL;
        gd.group_id = 3;
        gd.buckets = &bk;
        gd.n_buckets = 1;
        assert_int_equal(ofp_group_desc_reply_encode(&gd, 1, OFP13_VERSION, 1,
                                                     &b), 0);
    }
    data = b.data;
    data[16 + 1] = 0xff;        /* Entry length (low byte). */
    assert_int_not_equal(fabric_state_add_group_desc(r, (const void *) data),
                         0);
    assert_int_equal(fabric_state_n_groups(r), 0);
    buf_uninit(&b);
    fabric_state_destroy(r);
}

/* An encoding error leaves 'out' and the xid as they were. */
static void
test_diff_error(void **state)
{
    struct fabric_state *a = fabric_state_create();
    struct ofp_bucket *b = xcalloc(5000, sizeof *b);
    struct fabric_sync_options opts;
    struct fabric_sync_counts counts;
    struct fabric_group g;
    struct fabric_flow f;
    struct buf out;
    uint32_t xid = 5;
    size_t i;

    (void) state;
    for (i = 0; i < 5000; i++) {
        b[i].watch_port = OFPP13_ANY;
        b[i].watch_group = OFPG13_ANY;
        b[i].actions = &out_acts[0];
        b[i].n_actions = 1;
    }
    f = flow(0, 1, 1, 1, KU_FABRIC);
    fabric_state_add_flow(a, &f);
    g.group_id = fabric_gid(1);
    g.type = OFPGT13_ALL;
    g.buckets = b;
    g.n_buckets = 5000;        /* 5000 x 32 bytes: more than a message. */
    fabric_state_add_group(a, &g);
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    buf_init(&out, 0);
    buf_put(&out, "abc", 3);
    assert_int_not_equal(fabric_sync_diff(NULL, a, &opts, &xid, &out,
                                          &counts), 0);
    assert_int_equal(out.size, 3);
    assert_int_equal(xid, 5);
    assert_int_equal(counts.n_msgs, 0);
    buf_uninit(&out);
    free(b);
    fabric_state_destroy(a);
}

static void
test_readback_request(void **state)
{
    struct fabric_sync_options opts;
    struct ofp_flow_stats_request req;
    const struct ofp_header *oh;
    enum ofptype type;
    struct buf b;
    uint32_t xid = 40;

    (void) state;
    fabric_sync_options_init(&opts, FABRIC_APP_FABRIC);
    buf_init(&b, 0);
    assert_int_equal(fabric_sync_readback_encode(&opts, &xid, &b), 0);
    assert_int_equal(xid, 42);
    oh = (const void *) b.data;
    assert_int_equal(ofp_msg_decode_type(oh, b.size, &type), 0);
    assert_int_equal(ofp_flow_stats_request_decode(&req, oh), 0);
    assert_false(req.aggregate);
    assert_int_equal(req.table_id, OFPTT_ALL);
    assert_int_equal(req.cookie, KU_FABRIC);
    assert_int_equal(req.cookie_mask, FABRIC_COOKIE_APP_MASK);
    assert_int_equal(ntohl(oh->xid), 40);
    oh = buf_at(&b, ntohs(oh->length), sizeof *oh);
    assert_non_null(oh);
    assert_int_equal(ofp_group_desc_request_decode(oh), 0);
    assert_int_equal(ntohl(oh->xid), 41);

    /* Foreign flows wanted too: no cookie filter. */
    opts.remove_foreign = true;
    buf_clear(&b);
    assert_int_equal(fabric_sync_readback_encode(&opts, &xid, &b), 0);
    assert_int_equal(ofp_flow_stats_request_decode(&req, (const void *) b.data),
                     0);
    assert_int_equal(req.cookie_mask, 0);
    buf_uninit(&b);
}

static void
test_format(void **state)
{
    struct fabric_state *s = fabric_state_create();
    struct fabric_flow f = flow(20, 100, 3, 2, KU_FABRIC);
    struct ds ds = DS_EMPTY_INITIALIZER;

    (void) state;
    fabric_state_add_flow(s, &f);
    f = flow(0, 100, 3, 1, KU_FABRIC);
    f.idle_timeout = 10;
    fabric_state_add_flow(s, &f);
    add_group(s, fabric_gid(2), 2, 1);
    fabric_state_format(&ds, s);
    assert_string_equal(ds_cstr(&ds),
        "group_id=0x1000002,type=select,"
        "bucket=weight:1,watch_port:1,actions=output:1,"
        "bucket=weight:1,watch_port:2,actions=output:2\n"
        "table=0, priority=100, cookie=0x4b55010000000000, idle_timeout=10, "
        "in_port=3 actions=output:1\n"
        "table=20, priority=100, cookie=0x4b55010000000000, "
        "in_port=3 actions=output:2\n");
    ds_destroy(&ds);
    fabric_state_destroy(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_basics),
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_ownership),
        cmocka_unit_test(test_ring_diffs),
        cmocka_unit_test(test_leaf_spine_diffs),
        cmocka_unit_test(test_readback),
        cmocka_unit_test(test_readback_errors),
        cmocka_unit_test(test_diff_error),
        cmocka_unit_test(test_readback_request),
        cmocka_unit_test(test_format),
    };

    init_actions();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
