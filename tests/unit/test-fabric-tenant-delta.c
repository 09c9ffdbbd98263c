/* Unit tests for fabric-core's tenant destination delta (sync_delta():
 * a tenant-model change that only moves other switches' destinations
 * compiles just those table-21/22 entries on a switch and patches its
 * tenant state) and for keeping each switch's fabric and tenant states
 * apart.
 *
 * A harness drives a real fabric_core over random fabrics (a ring plus
 * random chords, edge ports 10..13 on every switch) of emulated switches,
 * each with a flow table the FLOW_MODs and GROUP_MODs it receives are
 * applied to; LLDP crosses the cables. Random tenant-model changes go
 * through a vnet store and fabric_core_set_vnet(): networks created and
 * deleted, ports created (switch-port, port + VLAN, MAC bindings, with or
 * without a MAC) and deleted, ports moved (binding changed, maybe to the
 * same switch) and given another MAC, devices seen by the fabric (host
 * changes), now and then a cable cut or restored. After every change has
 * been synchronised, every switch's table must equal what the core
 * records (fabric_core_switch_state(): both parts) and a compilation from
 * scratch of the same graph, paths, hosts and model; and the delta must
 * have been taken (counter delta_compiles) on most port changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "fabric/fabric-compile.h"
#include "fabric/fabric-core.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-tenant.h"
#include "fabric-fixture.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "ofp/ofp-port.h"
#include "openflow/openflow-common.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define MAX_SW 12
#define MAX_NETS 4
#define MAX_PORTS 48
#define MAX_CABLES 24
#define EDGE_FIRST 10
#define EDGE_LAST 13

/* One emulated switch. */
struct tsw {
    uint64_t session;
    struct fabric_state *table;     /* What the switch has. */
    uint32_t n_ports;               /* Fabric ports 1..n_ports. */
    uint32_t barrier_xid;           /* Last BARRIER_REQUEST, or 0. */
};

struct world {
    struct fabric_core *fc;
    struct tsw sw[MAX_SW + 1];      /* By dpid 1..n_sw. */
    size_t n_sw;
    struct fabric_fixture_cable cables[MAX_CABLES];
    size_t n_cables;
    uint64_t now;
    struct fabric_fixture_probes probes;    /* LLDP frames to deliver. */

    struct vnet_db *db;
    const struct vnet_snapshot *snap;   /* Given to the core. */
    char tenant[VNET_UUID_SIZE];
    char nets[MAX_NETS][VNET_UUID_SIZE];
    bool net_live[MAX_NETS];
    struct fabric_fixture_mport ports[MAX_PORTS];
    size_t n_ports;
    uint32_t mac_seq;
    bool ports_only;                /* Only port-vlan / switch-port ports
                                     * with a MAC change (the port-add
                                     * benchmark's kind of change). */
};

/* The core's recompute_ms in the worlds created next. */
static uint64_t world_recompute_ms = 10;

static void
take_cb(uint64_t dpid, struct buf *msgs, void *w_)
{
    struct world *w = w_;
    struct tsw *s = &w->sw[dpid];
    size_t ofs = 0;

    assert_true(dpid >= 1 && dpid <= w->n_sw);
    while (ofs < msgs->size) {
        const struct ofp_header *oh = (const void *) (msgs->data + ofs);
        size_t len = ntohs(oh->length);

        if (fabric_fixture_probe_take(&w->probes, dpid, oh)) {
            /* An LLDP probe, recorded. */
        } else if (oh->type == OFPT13_FLOW_MOD
                   || oh->type == OFPT13_GROUP_MOD) {
            fabric_fixture_apply_mod(s->table, oh, true);
        } else if (oh->type == OFPT13_BARRIER_REQUEST) {
            s->barrier_xid = ntohl(oh->xid);
        }
        ofs += len;
    }
}

/* The peer of (dpid, port) over a cable that is up. */
static bool
peer_of(void *w_, uint64_t dpid, uint32_t port, uint64_t *peer,
        uint32_t *peer_port, uint64_t *peer_session)
{
    const struct world *w = w_;
    size_t i;

    for (i = 0; i < w->n_cables; i++) {
        const struct fabric_fixture_cable *c = &w->cables[i];

        if (!c->up) {
            continue;
        }
        if (c->a == dpid && c->pa == port) {
            *peer = c->b;
            *peer_port = c->pb;
            *peer_session = w->sw[c->b].session;
            return true;
        }
        if (c->b == dpid && c->pb == port) {
            *peer = c->a;
            *peer_port = c->pa;
            *peer_session = w->sw[c->a].session;
            return true;
        }
    }
    return false;
}

/* Runs the core, applies its output, delivers LLDP over the cables and
 * answers the barriers. */
static void
turn(struct world *w)
{
    uint64_t d;

    fabric_core_run(w->fc, w->now);
    fabric_core_take_output(w->fc, take_cb, w);
    fabric_fixture_probes_deliver(&w->probes, w->fc, peer_of, w, w->now);
    for (d = 1; d <= w->n_sw; d++) {
        if (w->sw[d].barrier_xid) {
            uint32_t xid = w->sw[d].barrier_xid;

            w->sw[d].barrier_xid = 0;
            fabric_core_barrier_reply(w->fc, d, w->sw[d].session, xid);
        }
    }
    w->now += 20;
}

static void
settle(struct world *w, uint64_t ms)
{
    uint64_t end = w->now + ms;

    while (w->now < end) {
        turn(w);
    }
}

static struct fabric_port
mk_port(uint64_t dpid, uint32_t port_no, bool live)
{
    struct fabric_port p;

    memset(&p, 0, sizeof p);
    p.port_no = port_no;
    p.hw_addr = (struct eth_addr) { { 0x06, 0, 0, (uint8_t) dpid,
                                      (uint8_t) (port_no >> 8),
                                      (uint8_t) port_no } };
    p.curr_speed = 10000000;
    if (!live) {
        p.state = OFPPS_LINK_DOWN;
    }
    return p;
}

static void
cable_add(struct world *w, uint64_t a, uint64_t b)
{
    fabric_fixture_cable_add(w->cables, &w->n_cables, MAX_CABLES,
                             a, &w->sw[a].n_ports, b, &w->sw[b].n_ports);
}

/* Device 'mac' sends an ARP request on (dpid, port): the fabric learns
 * it. */
static void
device_seen(struct world *w, struct eth_addr mac, uint64_t dpid,
            uint32_t port)
{
    struct net_arp arp;
    struct buf b;

    memset(&arp, 0, sizeof arp);
    arp.eth_dst = (struct eth_addr) { { 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff } };
    arp.eth_src = mac;
    arp.op = NET_ARP_OP_REQUEST;
    arp.sha = mac;
    arp.spa = htonl(0xc6120000 | mac.ea[4]);
    arp.tpa = htonl(0xc6130000 | 250);
    buf_init(&b, 64);
    net_packet_build_arp(&b, &arp);
    fabric_core_packet_in(w->fc, dpid, w->sw[dpid].session, port, b.data,
                          b.size, w->now);
    buf_uninit(&b);
}

/* Gives the core the store's current model. */
static void
push_model(struct world *w)
{
    const struct vnet_snapshot *old = w->snap;

    w->snap = vnet_db_snapshot(w->db);
    fabric_core_set_vnet(w->fc, w->snap);
    if (old) {
        vnet_snapshot_destroy(old);
    }
}

static void
world_init(struct world *w, size_t n_sw, size_t chords)
{
    struct fabric_config cfg;
    struct vnet_error err;
    uint64_t d;
    size_t i;

    memset(w, 0, sizeof *w);
    w->n_sw = n_sw;
    w->now = 1000;
    for (d = 1; d <= n_sw; d++) {
        cable_add(w, d, d % n_sw + 1);
    }
    for (i = 0; i < chords; i++) {
        cable_add(w, 1 + fabric_fixture_rng_below((uint32_t) n_sw),
                  1 + fabric_fixture_rng_below((uint32_t) n_sw));
    }
    fabric_config_init(&cfg);
    cfg.secret = 0x1234;
    cfg.recompute_ms = world_recompute_ms;
    cfg.settle_ms = 200;
    w->fc = fabric_core_create(&cfg);

    memset(&err, 0, sizeof err);
    w->db = vnet_db_open(":memory:", &err);
    assert_non_null(w->db);
    fabric_fixture_tenant(w->db, "t", w->tenant);
    fabric_fixture_net_create(w->db, w->tenant, w->nets, w->net_live, 0,
                              w->now);
    fabric_fixture_net_create(w->db, w->tenant, w->nets, w->net_live, 1,
                              w->now);
    push_model(w);

    for (d = 1; d <= n_sw; d++) {
        struct fabric_port ports[MAX_CABLES + 8];
        size_t n = 0;
        uint32_t p;

        w->sw[d].session = 100 + d;
        w->sw[d].table = fabric_state_create();
        for (p = 1; p <= w->sw[d].n_ports; p++) {
            ports[n++] = mk_port(d, p, true);
        }
        for (p = EDGE_FIRST; p <= EDGE_LAST; p++) {
            ports[n++] = mk_port(d, p, true);
        }
        fabric_core_switch_up(w->fc, d, w->sw[d].session, ports, n, w->now);
        /* An empty switch. */
        fabric_core_readback(w->fc, d, w->sw[d].session, 0, NULL, 0, NULL,
                             0, w->now);
    }
    settle(w, 4000);
    for (d = 1; d <= n_sw; d++) {
        assert_true(fabric_core_switch_synced(w->fc, d));
    }
}

static void
world_uninit(struct world *w)
{
    uint64_t d;

    fabric_core_destroy(w->fc);
    for (d = 1; d <= w->n_sw; d++) {
        fabric_state_destroy(w->sw[d].table);
    }
    vnet_snapshot_destroy(w->snap);
    vnet_db_close(w->db);
}

/* Fills 'p''s binding with a random switch-port, port + VLAN or MAC
 * binding (on switch 'dpid' if nonzero). */
static void
random_binding(struct world *w, struct vnet_port *p, uint64_t dpid)
{
    uint32_t kind = fabric_fixture_rng_below(w->ports_only ? 7 : 8);

    memset(&p->binding, 0, sizeof p->binding);
    if (kind == 7) {
        p->binding.kind = VNET_BIND_MAC;
        p->binding.mac = p->mac;
        p->has_mac = true;
        return;
    }
    p->binding.kind = kind ? VNET_BIND_PORT_VLAN : VNET_BIND_SWITCH_PORT;
    p->binding.dpid = dpid ? dpid
                           : 1 + fabric_fixture_rng_below((uint32_t) w->n_sw);
    p->binding.port_no = EDGE_FIRST + fabric_fixture_rng_below(EDGE_LAST
                                                               - EDGE_FIRST
                                                               + 1);
    p->binding.vlan = kind ? (uint16_t) (100 + fabric_fixture_rng_below(6))
                           : 0;
}

static void
port_create(struct world *w)
{
    struct vnet_port p;
    size_t net;

    if (w->n_ports >= MAX_PORTS
        || !fabric_fixture_net_pick(w->net_live, MAX_NETS, &net)) {
        return;
    }
    fabric_fixture_vnet_port_init(&p, w->nets[net], &w->mac_seq);
    p.has_mac = w->ports_only || fabric_fixture_rng_below(8) != 0;
    random_binding(w, &p, 0);
    /* A conflicting binding is no change. */
    fabric_fixture_mport_create(w->db, &p, w->ports, &w->n_ports);
}

/* Moves a port (another binding, maybe on the same switch) or gives it
 * another MAC. */
static void
port_update(struct world *w)
{
    struct vnet_port p, out;
    struct vnet_error err;
    struct fabric_fixture_mport *m;

    if (!w->n_ports) {
        return;
    }
    m = &w->ports[fabric_fixture_rng_below((uint32_t) w->n_ports)];
    memset(&err, 0, sizeof err);
    if (vnet_db_port_get(w->db, m->uuid, &p, &err)) {
        return;
    }
    if (fabric_fixture_rng_below(2)) {
        p.mac = fabric_fixture_mac_seq(++w->mac_seq);
        p.has_mac = true;
        if (p.binding.kind == VNET_BIND_MAC) {
            p.binding.mac = p.mac;
        }
    } else {
        random_binding(w, &p,
                       fabric_fixture_rng_below(2) ? p.binding.dpid : 0);
    }
    if (vnet_db_port_update(w->db, &p, &out, &err)) {
        return;
    }
    m->mac_bound = out.binding.kind == VNET_BIND_MAC;
    m->mac = out.mac;
}

/* One random change. Returns true if it was a port change only. */
static bool
world_change(struct world *w)
{
    uint32_t r = fabric_fixture_rng_below(100);
    size_t i;

    if (w->ports_only) {
        r = 6 + fabric_fixture_rng_below(78);
    }
    if (r < 6) {
        fabric_fixture_net_flip(w->db, w->tenant, w->nets, w->net_live,
                                MAX_NETS, w->now, w->ports, &w->n_ports);
    } else if (r < 50) {
        port_create(w);
        push_model(w);
        return true;
    } else if (r < 68) {
        port_update(w);
        push_model(w);
        return true;
    } else if (r < 84) {
        fabric_fixture_mport_delete(w->db, w->ports, &w->n_ports);
        push_model(w);
        return true;
    } else if (r < 92) {
        /* A device is seen: a MAC-bound port's (located, maybe moved) or
         * an untenanted one. */
        struct eth_addr mac
            = fabric_fixture_mac_seq(0x800000 + fabric_fixture_rng_below(8));

        for (i = 0; i < w->n_ports; i++) {
            if (w->ports[i].mac_bound && fabric_fixture_rng_below(2)) {
                mac = w->ports[i].mac;
                break;
            }
        }
        device_seen(w, mac, 1 + fabric_fixture_rng_below((uint32_t) w->n_sw),
                    EDGE_FIRST + fabric_fixture_rng_below(EDGE_LAST
                                                          - EDGE_FIRST + 1));
    } else if (w->n_cables) {
        struct fabric_fixture_cable *c
            = &w->cables[fabric_fixture_rng_below((uint32_t) w->n_cables)];
        struct fabric_port pa, pb;

        c->up = !c->up;
        pa = mk_port(c->a, c->pa, c->up);
        pb = mk_port(c->b, c->pb, c->up);
        fabric_core_port_status(w->fc, c->a, w->sw[c->a].session,
                                OFPPR_MODIFY, &pa, w->now);
        fabric_core_port_status(w->fc, c->b, w->sw[c->b].session,
                                OFPPR_MODIFY, &pb, w->now);
    }
    push_model(w);
    return false;
}

/* Compiles switch 'dpid' from scratch (fabric part minus the tenant
 * ports, plus the tenant part) into 'out'. */
static void
compile_whole(struct fabric_view *view, struct fabric_tenant_view *tv,
              uint64_t dpid, struct fabric_state *out)
{
    struct fabric_state *t = fabric_state_create();

    fabric_compile_switch(view, dpid, out);
    fabric_tenant_compile_switch(tv, dpid, out, t);
    fabric_fixture_merge(out, t);
    fabric_state_destroy(t);
}

/* Every switch's table equals the core's record of it and a compilation
 * from scratch. */
static void
check_all(struct world *w, size_t step)
{
    struct fabric_state *full = fabric_state_create();
    struct fabric_tenant_view tv;
    struct fabric_view view;
    uint64_t d;

    fabric_view_init(&view, fabric_core_graph(w->fc),
                     fabric_core_paths(w->fc), NULL, fabric_core_hosts(w->fc),
                     NULL);
    fabric_tenant_view_init(&tv, w->snap, &view);
    for (d = 1; d <= w->n_sw; d++) {
        const struct fabric_state *rec = fabric_core_switch_state(w->fc, d);

        assert_non_null(rec);
        fabric_state_clear(full);
        compile_whole(&view, &tv, d, full);
        if (!fabric_state_equal(w->sw[d].table, rec)) {
            fail_msg("step %zu, switch %"PRIu64": table differs from the "
                     "core's record", step, d);
        }
        if (!fabric_state_equal(full, rec)) {
            fail_msg("step %zu, switch %"PRIu64": state differs from a full "
                     "compile (%zu/%zu flows, %zu/%zu groups)", step, d,
                     fabric_state_n_flows(rec), fabric_state_n_flows(full),
                     fabric_state_n_groups(rec),
                     fabric_state_n_groups(full));
        }
    }
    fabric_tenant_view_uninit(&tv);
    fabric_view_uninit(&view);
    fabric_state_destroy(full);
}

/* Creates a port of network 'net' bound to (dpid, port) with VLAN 'vlan',
 * with a new MAC, in the store. */
static void
port_vlan_create(struct world *w, size_t net, uint64_t dpid, uint32_t port,
                 uint16_t vlan)
{
    struct vnet_port p, out;
    struct vnet_error err;

    memset(&p, 0, sizeof p);
    memset(&err, 0, sizeof err);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->nets[net]);
    p.has_mac = true;
    p.mac = fabric_fixture_mac_seq(++w->mac_seq);
    p.binding.kind = VNET_BIND_PORT_VLAN;
    p.binding.dpid = dpid;
    p.binding.port_no = port;
    p.binding.vlan = vlan;
    assert_int_equal(vnet_db_port_create(w->db, &p, &out, &err), 0);
}

/* Binds a port of network 'net' with a MAC and VLAN 'vlan' on every
 * switch. */
static void
spread_net(struct world *w, size_t net, uint16_t vlan)
{
    uint64_t d;

    for (d = 1; d <= w->n_sw; d++) {
        port_vlan_create(w, net, d, EDGE_FIRST, vlan);
    }
    push_model(w);
    settle(w, 200);
}

/* 'steps' random changes on a fabric of 'n_sw' switches (a ring and
 * 'chords' random cables); 'ports_only': network 0 spread over every
 * switch, then port changes only. Returns how many port changes took the
 * delta; '*work' is set to how many port changes compiled anything. */
static size_t
run(uint64_t seed, size_t n_sw, size_t chords, size_t steps, bool ports_only,
    size_t *work)
{
    const struct fabric_core_stats *st;
    uint64_t deltas, compiles;
    size_t step, port_steps = 0, delta_steps = 0, work_steps = 0;

    fabric_fixture_rng_seed(seed);
    {
        struct world *w = xzalloc(sizeof *w);

        world_init(w, n_sw, chords);
        if (ports_only) {
            spread_net(w, 0, 10);
            w->ports_only = true;
        }
        check_all(w, 0);
        st = fabric_core_get_stats(w->fc);
        for (step = 1; step <= steps; step++) {
            bool port_only;

            deltas = st->delta_compiles;
            compiles = st->compiles;
            port_only = world_change(w);
            /* Long enough for a cut cable's link to age out (and for
             * the select groups a cable change retired to go). */
            settle(w, port_only ? 100 : 400 + FABRIC_CORE_RETIRE_MS);
            check_all(w, step);
            if (port_only) {
                port_steps++;
                work_steps += st->delta_compiles > deltas
                              || st->compiles > compiles;
                delta_steps += st->delta_compiles > deltas;
                if (getenv("TDELTA_STEPS")) {
                    fprintf(stderr, "step %zu: %"PRIu64" compiles, %"PRIu64
                            " deltas\n", step, st->compiles - compiles,
                            st->delta_compiles - deltas);
                }
            }
        }
        if (getenv("TDELTA_VERBOSE")) {
            fprintf(stderr, "seed %"PRIu64": %zu port changes, %zu with "
                    "work, %zu took the delta; %"PRIu64" compiles, "
                    "%"PRIu64" skipped, %"PRIu64" deltas\n", seed,
                    port_steps, work_steps, delta_steps, st->compiles,
                    st->compiles_skipped, st->delta_compiles);
        }
        world_uninit(w);
        free(w);
    }
    *work = work_steps;
    return delta_steps;
}

/* Every kind of change. On small fabrics many port changes move a
 * network's scope, or MAC classification, or land on a port where the
 * fabric knows a device, and those recompile whole; still, the delta must
 * be taken. */
static void
test_tenant_delta_random(void **state)
{
    size_t deltas = 0, work = 0, w;
    uint64_t seed;

    (void) state;
    deltas += run(1, 5, 1, 60, false, &w);
    work += w;
    for (seed = 40; seed < 46; seed++) {
        deltas += run(seed, 6 + (size_t) (seed % 3) * 3, 4, 50, false, &w);
        work += w;
    }
    assert_true(deltas * 4 > work);
}

/* Port changes only, on a network spread over the fabric (the port-add
 * benchmark's case): most take the delta. */
static void
test_tenant_delta_ports(void **state)
{
    size_t deltas = 0, work = 0, w;
    uint64_t seed;

    (void) state;
    for (seed = 60; seed < 64; seed++) {
        deltas += run(seed, 8 + (size_t) (seed % 2) * 4, 3, 50, true, &w);
        work += w;
    }
    if (getenv("TDELTA_VERBOSE")) {
        fprintf(stderr, "ports only: %zu of %zu took the delta\n", deltas,
                work);
    }
    assert_true(deltas * 3 > work * 2);
}

/* A port added on one switch of a network spread over the fabric: every
 * other switch carrying it takes the delta, and its one new destination
 * entry is all that is sent there. */
static void
test_tenant_delta_one_port(void **state)
{
    const struct fabric_core_stats *st;
    struct world *w = xzalloc(sizeof *w);
    uint64_t deltas, compiles, mods;

    (void) state;
    fabric_fixture_rng_seed(7);
    world_init(w, 8, 2);
    /* Network 0 on every switch. */
    spread_net(w, 0, 100);
    check_all(w, 0);

    st = fabric_core_get_stats(w->fc);
    deltas = st->delta_compiles;
    compiles = st->compiles;
    mods = st->flow_mods + st->group_mods;
    port_vlan_create(w, 0, 3, EDGE_FIRST + 1, 101);
    push_model(w);
    settle(w, 100);
    check_all(w, 1);
    /* Switch 3 compiled whole, the 7 others by delta, one flow-mod each
     * there (switch 3: its destination, binding entries, flood group). */
    assert_int_equal(st->compiles - compiles, 1);
    assert_int_equal(st->delta_compiles - deltas, w->n_sw - 1);
    assert_true(st->flow_mods + st->group_mods - mods >= w->n_sw - 1 + 3);
    assert_true(st->flow_mods + st->group_mods - mods <= w->n_sw - 1 + 6);
    world_uninit(w);
    free(w);
}

/* Adds a port-vlan port of network 0 on switch 'dpid'. */
static void
add_port(struct world *w, uint64_t dpid, uint32_t port)
{
    port_vlan_create(w, 0, dpid, port, 200);
    push_model(w);
}

/* Rounds are spaced by recompute_ms, but one that only a tenant-model
 * change calls for only by twice the last round's duration. */
static void
test_tenant_round_gap(void **state)
{
    const struct fabric_core_stats *st;
    struct world *w = xzalloc(sizeof *w);
    uint64_t work, t;

    (void) state;
    fabric_fixture_rng_seed(9);
    world_recompute_ms = 500;
    world_init(w, 6, 1);
    world_recompute_ms = 10;
    spread_net(w, 0, 10);
    settle(w, 1000);
    check_all(w, 0);
    st = fabric_core_get_stats(w->fc);
    fabric_core_note_duration(w->fc, 1000);     /* Rounds take 1 ms. */

    t = w->now;
    add_port(w, 2, EDGE_FIRST + 1);
    work = st->compiles + st->delta_compiles;
    assert_true(fabric_core_run(w->fc, t));
    assert_true(st->compiles + st->delta_compiles > work);
    fabric_core_take_output(w->fc, take_cb, w);

    /* 3 ms later: another port goes in at once. */
    add_port(w, 4, EDGE_FIRST + 1);
    work = st->compiles + st->delta_compiles;
    assert_true(fabric_core_run(w->fc, t + 3));
    assert_true(st->compiles + st->delta_compiles > work);
    fabric_core_take_output(w->fc, take_cb, w);

    /* A host change waits for recompute_ms. */
    device_seen(w, fabric_fixture_mac_seq(0x800001), 5, EDGE_LAST);
    work = st->compiles + st->delta_compiles + st->compiles_skipped;
    assert_false(fabric_core_run(w->fc, t + 6));
    assert_int_equal(st->compiles + st->delta_compiles
                     + st->compiles_skipped, work);
    assert_true(fabric_core_next_wake(w->fc) >= t + 500);
    w->now = t + 500;
    settle(w, 200);
    check_all(w, 1);
    world_uninit(w);
    free(w);
}

int
main(int argc, char *argv[])
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tenant_delta_one_port),
        cmocka_unit_test(test_tenant_delta_random),
        cmocka_unit_test(test_tenant_delta_ports),
        cmocka_unit_test(test_tenant_round_gap),
    };

    (void) argc;
    (void) argv;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
