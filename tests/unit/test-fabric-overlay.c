/* Unit tests for overlay forwarding (src/fabric/fabric-overlay and the
 * br-int pipeline of fabric-tenant), run through fabric-sim with tunnels.
 *
 * The world: two fabric switches (1, 2, one link), three hypervisors
 * without fabric links (br-ints H1, H2, H3: VXLAN + Geneve, H3 Geneve
 * only), the gateway hypervisor GW whose br-int is cabled to switch 2 and
 * a second fabric-attached hypervisor GW2 on switch 1 (not the gateway).
 * Two tenants: A1 (VNI 5001) has VIFs on H1, H2 (bound by iface-id; one
 * known by the VIF's attached-mac only), on G, an SSP VIF attachment on
 * H2's trunk port, a VIF on GW2 and a switch port on fabric switch 1 (a
 * mixed network); B1 has VIFs on H1 and H2 with the SAME MACs as A1's and an
 * SSP attachment on the same trunk; C has VIFs on H1 and H3 (Geneve).
 *
 * Checked: every endpoint's broadcast and unknown unicast reach every
 * other endpoint of its network exactly once (with its VLAN) and nothing
 * else; unicast reaches exactly its destination, in its own tenant even
 * when the other tenant has the same MAC; tunnel copies go only to
 * hypervisors with ports in the network (and the gateway for a mixed
 * network), carry the network's VNI, use an encapsulation both ends
 * have; frames from a tunnel never re-enter one; spoofed tags and
 * sources reach nothing; a VIF that moves (new ofport) is followed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "fabric-fixture.h"
#include "fabric/fabric-compile.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric-sim.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-tenant.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define SW1 1
#define SW2 2
#define H1 0x101
#define H2 0x102
#define H3 0x103
#define GW 0x104
#define GW2 0x105
#define N_SW 7
#define MAX_EP 32
#define PORT_VXLAN 100
#define PORT_GENEVE 101
#define TRUNK 20

static const uint64_t dpids[N_SW] = { SW1, SW2, H1, H2, H3, GW, GW2 };

struct ep {
    const char *name;
    uint64_t dpid;
    uint32_t port;
    uint16_t vlan;
    struct eth_addr mac;
    uint32_t net_id;
};

struct world {
    struct topo_graph *g;
    struct topo_host_table *hosts;
    struct topo_path *path;
    struct fabric_sim *sim;
    struct fabric_state *fabric[N_SW], *tenant[N_SW], *merged[N_SW];
    struct vnet_db *db;
    struct fabric_overlay *ov;
    struct ep eps[MAX_EP];
    size_t n_eps;
    char tenant_a[VNET_UUID_SIZE], tenant_b[VNET_UUID_SIZE];
    char net_uuid[5][VNET_UUID_SIZE];
    uint32_t net_ids[5];
    struct fabric_tenant_view last_tv;      /* Of the last compile. */
};

static be32
ip_of(uint64_t dpid)
{
    return htonl(0xc6120000u | (uint32_t) (dpid & 0xff));    /* 198.18.0.x */
}

static void
port_set(struct world *w, uint64_t dpid, uint32_t port)
{
    fabric_fixture_port_set(w->g, dpid, port, true);
}

static void
add_chassis(struct world *w, uint64_t dpid, unsigned int encaps)
{
    struct fabric_overlay_chassis ch;

    memset(&ch, 0, sizeof ch);
    snprintf(ch.uuid, sizeof ch.uuid, "00000000-0000-4000-8000-%012"PRIx64,
             dpid);
    snprintf(ch.name, sizeof ch.name, "hv-%"PRIx64, dpid);
    ch.dpid = dpid;
    ch.tunnel_ip = ip_of(dpid);
    ch.encaps = encaps;
    if (encaps & VNET_ENCAP_VXLAN) {
        ch.tunnel_ports[0] = PORT_VXLAN;
        port_set(w, dpid, PORT_VXLAN);
        fabric_sim_add_tunnel(w->sim, dpid, PORT_VXLAN, VNET_ENCAP_VXLAN,
                              ch.tunnel_ip);
    }
    if (encaps & VNET_ENCAP_GENEVE) {
        ch.tunnel_ports[1] = PORT_GENEVE;
        port_set(w, dpid, PORT_GENEVE);
        fabric_sim_add_tunnel(w->sim, dpid, PORT_GENEVE, VNET_ENCAP_GENEVE,
                              ch.tunnel_ip);
    }
    fabric_overlay_add_chassis(w->ov, &ch);
}

static void
add_vif(struct world *w, const char *iface_id, uint64_t dpid, uint32_t port,
        const struct eth_addr *mac)
{
    struct fabric_overlay_vif v;

    memset(&v, 0, sizeof v);
    snprintf(v.iface_id, sizeof v.iface_id, "%s", iface_id);
    v.dpid = dpid;
    v.ofport = port;
    v.has_mac = mac != NULL;
    if (mac) {
        v.mac = *mac;
    }
    port_set(w, dpid, port);
    fabric_overlay_add_vif(w->ov, &v);
}

static struct world *
world_create(void)
{
    struct world *w = xzalloc(sizeof *w);
    struct vnet_error err;
    size_t i;

    w->g = topo_graph_create(TOPO_WEIGHT_HOPS);
    w->hosts = topo_host_create(100);
    w->sim = fabric_sim_create();
    w->ov = fabric_overlay_create();
    for (i = 0; i < N_SW; i++) {
        topo_graph_switch_add(w->g, dpids[i]);
        w->fabric[i] = fabric_state_create();
        w->tenant[i] = fabric_state_create();
        w->merged[i] = fabric_state_create();
        fabric_sim_set_switch(w->sim, dpids[i], w->merged[i]);
    }
    /* SW1:1 - SW2:2, SW2:3 - GW:1, SW1:4 - GW2:1. */
    port_set(w, SW1, 4);
    port_set(w, GW2, 1);
    assert_true(topo_graph_link_seen(w->g, SW1, 4, GW2, 1, 1000));
    assert_true(topo_graph_link_seen(w->g, GW2, 1, SW1, 4, 1000));
    fabric_sim_cable(w->sim, SW1, 4, GW2, 1);
    port_set(w, SW1, 1);
    port_set(w, SW2, 2);
    port_set(w, SW2, 3);
    port_set(w, GW, 1);
    port_set(w, SW1, 10);
    assert_true(topo_graph_link_seen(w->g, SW1, 1, SW2, 2, 1000));
    assert_true(topo_graph_link_seen(w->g, SW2, 2, SW1, 1, 1000));
    assert_true(topo_graph_link_seen(w->g, SW2, 3, GW, 1, 1000));
    assert_true(topo_graph_link_seen(w->g, GW, 1, SW2, 3, 1000));
    fabric_sim_cable(w->sim, SW1, 1, SW2, 2);
    fabric_sim_cable(w->sim, SW2, 3, GW, 1);

    add_chassis(w, H1, VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE);
    add_chassis(w, H2, VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE);
    add_chassis(w, H3, VNET_ENCAP_GENEVE);
    add_chassis(w, GW, VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE);
    add_chassis(w, GW2, VNET_ENCAP_VXLAN);
    port_set(w, H2, TRUNK);
    memset(&err, 0, sizeof err);
    w->db = vnet_db_open(":memory:", &err);
    assert_non_null(w->db);
    return w;
}

static void
world_destroy(struct world *w)
{
    size_t i;

    for (i = 0; i < N_SW; i++) {
        fabric_state_destroy(w->fabric[i]);
        fabric_state_destroy(w->tenant[i]);
        fabric_state_destroy(w->merged[i]);
    }
    fabric_tenant_view_uninit(&w->last_tv);
    fabric_overlay_destroy(w->ov);
    fabric_sim_destroy(w->sim);
    topo_path_destroy(w->path);
    topo_host_destroy(w->hosts);
    topo_graph_destroy(w->g);
    vnet_db_close(w->db);
    free(w);
}

static void
world_compile(struct world *w)
{
    const struct vnet_snapshot *snap = vnet_db_snapshot(w->db);
    struct fabric_overlay *ov = fabric_overlay_clone(w->ov);
    struct fabric_view view;
    size_t i;

    fabric_overlay_finish(ov);
    topo_path_destroy(w->path);
    w->path = topo_path_compute(w->g);
    fabric_view_init(&view, w->g, w->path, NULL, w->hosts, NULL);
    fabric_tenant_view_uninit(&w->last_tv);
    fabric_tenant_view_init_overlay(&w->last_tv, snap, &view, ov);
    /* The view keeps nothing of the facts. */
    fabric_overlay_destroy(ov);
    for (i = 0; i < N_SW; i++) {
        assert_true(fabric_compile_switch(&view, dpids[i], w->fabric[i]));
        fabric_tenant_compile_switch(&w->last_tv, dpids[i], w->fabric[i],
                                     w->tenant[i]);
        fabric_state_clear(w->merged[i]);
        fabric_fixture_merge(w->merged[i], w->fabric[i]);
        fabric_fixture_merge(w->merged[i], w->tenant[i]);
    }
    w->last_tv.fview = NULL;        /* 'view' goes now. */
    fabric_view_uninit(&view);
    vnet_snapshot_destroy(snap);
}

/* ---- The model ---- */

/* Network 'idx' with id 'net_id' (0: allocated) and VNI 'vni' (0:
 * none). */
static void
mk_net_id(struct world *w, size_t idx, const char *tenant, const char *name,
          uint32_t net_id, uint32_t vni)
{
    w->net_ids[idx] = fabric_fixture_network(w->db, tenant, name, net_id,
                                             vni, w->net_uuid[idx]);
}

static void
mk_net(struct world *w, size_t idx, const char *tenant, const char *name,
       uint32_t vni)
{
    mk_net_id(w, idx, tenant, name, 0, vni);
}

static struct ep *
new_ep(struct world *w, const char *name, size_t net, uint64_t dpid,
       uint32_t port, uint16_t vlan, struct eth_addr mac)
{
    struct ep *e = &w->eps[w->n_eps++];

    e->name = name;
    e->dpid = dpid;
    e->port = port;
    e->vlan = vlan;
    e->mac = mac;
    e->net_id = w->net_ids[net];
    return e;
}

/* A VM: a port of kind iface-id and its VIF on (dpid, port). The port
 * has its own MAC if 'port_mac', else only the VIF's attached-mac. */
static struct ep *
mk_vm(struct world *w, const char *name, size_t net, uint64_t dpid,
      uint32_t port, struct eth_addr mac, bool port_mac)
{
    struct vnet_port p;
    struct vnet_error err;

    memset(&p, 0, sizeof p);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[net]);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.has_mac = port_mac;
    p.mac = mac;
    p.binding.kind = VNET_BIND_IFACE_ID;
    snprintf(p.binding.iface_id, sizeof p.binding.iface_id, "%s", name);
    assert_int_equal(vnet_db_port_create(w->db, &p, NULL, &err), 0);
    add_vif(w, name, dpid, port, port_mac ? NULL : &mac);
    return new_ep(w, name, net, dpid, port, 0, mac);
}

/* An SSP port attached to hypervisor 'dpid': its VM sends tagged with the
 * vlan_id the store allocates, on 'dpid''s trunk. */
static struct ep *
mk_ssp(struct world *w, const char *name, size_t net, uint64_t dpid,
       struct eth_addr mac)
{
    struct vnet_port p, out;
    struct vnet_error err;
    char ip[INET_ADDRSTRLEN];
    be32 a = ip_of(dpid);

    memset(&p, 0, sizeof p);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[net]);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.has_mac = true;
    p.mac = mac;
    assert_int_equal(vnet_db_port_create(w->db, &p, &out, &err), 0);
    inet_ntop(AF_INET, &a, ip, sizeof ip);
    assert_int_equal(vnet_db_port_set_attachment(w->db, out.uuid,
                                                 VNET_ATTACH_VIF, ip, &out,
                                                 &err), 0);
    assert_true(out.vlan_id > 0);
    return new_ep(w, name, net, dpid, TRUNK, out.vlan_id, mac);
}

/* A physical server on fabric switch 'dpid' port 'port'. */
static struct ep *
mk_phys(struct world *w, const char *name, size_t net, uint64_t dpid,
        uint32_t port, struct eth_addr mac)
{
    struct vnet_port p;
    struct vnet_error err;

    memset(&p, 0, sizeof p);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", w->net_uuid[net]);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.has_mac = true;
    p.mac = mac;
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = dpid;
    p.binding.port_no = port;
    assert_int_equal(vnet_db_port_create(w->db, &p, NULL, &err), 0);
    return new_ep(w, name, net, dpid, port, 0, mac);
}

/* The world of the header comment. */
static void
build(struct world *w, bool with_gateway_side)
{
    struct eth_addr m1 = fabric_fixture_mac(0xaa, 0x01);
    struct eth_addr m2 = fabric_fixture_mac(0xaa, 0x02);

    fabric_fixture_tenant(w->db, "A", w->tenant_a);
    fabric_fixture_tenant(w->db, "B", w->tenant_b);
    mk_net(w, 0, w->tenant_a, "A1", 5001);
    mk_net(w, 1, w->tenant_b, "B1", 0);
    mk_net(w, 2, w->tenant_b, "C", 7000);
    mk_vm(w, "a-h1", 0, H1, 10, m1, true);
    mk_vm(w, "a-h2", 0, H2, 10, m2, false);
    mk_ssp(w, "a-ssp", 0, H2, fabric_fixture_mac(0xaa, 0x05));
    mk_vm(w, "b-h1", 1, H1, 11, m1, true);
    mk_vm(w, "b-h2", 1, H2, 11, m2, true);
    mk_ssp(w, "b-ssp", 1, H2, fabric_fixture_mac(0xbb, 0x05));
    mk_vm(w, "c-h1", 2, H1, 12, fabric_fixture_mac(0xcc, 0x01), true);
    mk_vm(w, "c-h3", 2, H3, 10, fabric_fixture_mac(0xcc, 0x03), true);
    if (with_gateway_side) {
        mk_vm(w, "a-gw", 0, GW, 10, fabric_fixture_mac(0xaa, 0x04), true);
        mk_vm(w, "a-gw2", 0, GW2, 10, fabric_fixture_mac(0xaa, 0x07), true);
        mk_phys(w, "a-phys", 0, SW1, 10, fabric_fixture_mac(0xaa, 0x06));
    }
    world_compile(w);
}

/* ---- Checks ---- */

static const struct ep *
ep_at(const struct world *w, uint64_t dpid, uint32_t port, uint16_t vid)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        const struct ep *e = &w->eps[i];
        uint16_t want = e->vlan ? (uint16_t) (OFPVID_PRESENT | e->vlan)
                                : (uint16_t) OFPVID_NONE;

        if (e->dpid == dpid && e->port == port && want == vid) {
            return e;
        }
    }
    return NULL;
}

static void
send_from(const struct world *w, const struct ep *src, struct eth_addr dst,
          struct eth_addr eth_src, uint16_t vlan,
          struct fabric_sim_result *r)
{
    fabric_fixture_send(w->sim, src->dpid, src->port, dst, eth_src, vlan, 16,
                        r);
    assert_false(r->truncated);
    assert_int_equal(fabric_sim_count(r, FABRIC_SIM_LOOP, 0, 0), 0);
    assert_int_equal(fabric_sim_count(r, FABRIC_SIM_CONTROLLER, 0, 0), 0);
}

/* Every delivery lands on an endpoint of src's network with its VLAN and
 * one tag at most; returns the deliveries to 'to'. */
static size_t
check_deliveries(const struct world *w, const struct ep *src,
                 const struct fabric_sim_result *r, const struct ep *to,
                 const char *what)
{
    size_t i, n_to = 0;

    for (i = 0; i < r->n_events; i++) {
        const struct fabric_sim_event *e = &r->events[i];
        const struct ep *d;

        if (e->type != FABRIC_SIM_DELIVER) {
            continue;
        }
        d = ep_at(w, e->dpid, e->port, e->vlan_vid);
        if (!d || d->net_id != src->net_id || e->n_tags > 1) {
            fail_msg("%s from %s: delivered at %#"PRIx64" port %"PRIu32
                     " vlan %#x: %s", what, src->name, e->dpid, e->port,
                     e->vlan_vid, d ? d->name : "no endpoint there");
        }
        n_to += d == to;
    }
    /* Tunnel copies carry the network's VNI and go only where it has
     * ports (or to the gateway). */
    for (i = 0; i < r->n_tunnel_rx; i++) {
        const struct fabric_sim_tunnel_rx *t = &r->tunnel_rx[i];
        size_t j;
        bool there = t->dpid == GW;

        for (j = 0; j < w->n_eps; j++) {
            there |= w->eps[j].dpid == t->dpid
                     && w->eps[j].net_id == src->net_id;
        }
        if (!there) {
            fail_msg("%s from %s: tunnel copy to %#"PRIx64", which has no "
                     "port of the network", what, src->name, t->dpid);
        }
        /* Sent by a switch that got the frame from a tunnel: never. */
        for (j = 0; j < r->n_tunnel_rx; j++) {
            if (r->tunnel_rx[j].dpid == t->from_dpid) {
                fail_msg("%s from %s: %#"PRIx64" sent a tunnel copy of a "
                         "frame it got from a tunnel", what, src->name,
                         t->from_dpid);
            }
        }
    }
    return n_to;
}

/* The full matrix from every endpoint but 'skip' (may be NULL). */
static void
check_matrix_except(const struct world *w, const struct ep *skip)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct eth_addr unknown = fabric_fixture_mac(0xee, 0xee);
    struct fabric_sim_result r;
    size_t i, j;

    fabric_sim_result_init(&r);
    for (i = 0; i < w->n_eps; i++) {
        const struct ep *s = &w->eps[i];
        int k;

        if (s == skip) {
            continue;
        }
        for (k = 0; k < 2; k++) {
            send_from(w, s, k ? unknown : bcast, s->mac, s->vlan, &r);
            for (j = 0; j < w->n_eps; j++) {
                const struct ep *d = &w->eps[j];
                size_t n = check_deliveries(w, s, &r, d, "broadcast");

                if (d != s && d != skip && d->net_id == s->net_id
                    && n != 1) {
                    fail_msg("%s from %s reached %s %zu times",
                             k ? "unknown unicast" : "broadcast", s->name,
                             d->name, n);
                }
            }
        }
        for (j = 0; j < w->n_eps; j++) {
            const struct ep *d = &w->eps[j];
            size_t n;

            if (d == s || d == skip) {
                continue;
            }
            send_from(w, s, d->mac, s->mac, s->vlan, &r);
            n = check_deliveries(w, s, &r, d, "unicast");
            if (d->net_id == s->net_id && n != 1) {
                fail_msg("unicast from %s reached %s %zu times", s->name,
                         d->name, n);
            }
            /* Known destinations are never flooded. */
            if (d->net_id == s->net_id
                && fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0) != 1) {
                fail_msg("unicast from %s to %s was flooded", s->name,
                         d->name);
            }
        }
    }
    fabric_sim_result_uninit(&r);
}

static void
check_matrix(const struct world *w)
{
    check_matrix_except(w, NULL);
}

static struct ep *
ep_named(struct world *w, const char *name)
{
    size_t i;

    for (i = 0; i < w->n_eps; i++) {
        if (!strcmp(w->eps[i].name, name)) {
            return &w->eps[i];
        }
    }
    fail_msg("no endpoint %s", name);
    return NULL;
}

/* ---- Tests ---- */

static void
test_overlay_matrix(void **state)
{
    struct world *w = world_create();

    (void) state;
    build(w, true);
    assert_int_equal(w->last_tv.gateway, GW);
    assert_int_equal(w->last_tv.n_unresolved, 0);
    check_matrix(w);
    world_destroy(w);
}

static void
test_overlay_only(void **state)
{
    struct world *w = world_create();

    (void) state;
    build(w, false);
    check_matrix(w);
    world_destroy(w);
}

/* Head-end replication: how many copies go where, with which VNI and
 * encapsulation. */
static void
test_replication(void **state)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct world *w = world_create();
    struct fabric_sim_result r;
    size_t i;

    (void) state;
    build(w, true);
    fabric_sim_result_init(&r);

    /* A1 from H1: one copy to H2 and one to the gateway, none to H3. */
    send_from(w, ep_named(w, "a-h1"), bcast, ep_named(w, "a-h1")->mac, 0,
              &r);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H2), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, GW), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H3), 0);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, 0), 2);
    for (i = 0; i < r.n_tunnel_rx; i++) {
        assert_int_equal(r.tunnel_rx[i].tun_id, 5001);
        assert_int_equal(r.tunnel_rx[i].port, PORT_VXLAN);
    }

    /* From the physical server: the gateway replicates to H1 and H2. */
    send_from(w, ep_named(w, "a-phys"), bcast, ep_named(w, "a-phys")->mac,
              0, &r);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H1), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H2), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, 0), 2);

    /* C: H1 <-> H3 over Geneve (H3 has no VXLAN), VNI 7000. */
    send_from(w, ep_named(w, "c-h1"), ep_named(w, "c-h3")->mac,
              ep_named(w, "c-h1")->mac, 0, &r);
    assert_int_equal(r.n_tunnel_rx, 1);
    assert_int_equal(r.tunnel_rx[0].dpid, H3);
    assert_int_equal(r.tunnel_rx[0].port, PORT_GENEVE);
    assert_int_equal(r.tunnel_rx[0].tun_id, 7000);

    /* B1 (no VNI): its network id is the tun_id. */
    send_from(w, ep_named(w, "b-h1"), ep_named(w, "b-h2")->mac,
              ep_named(w, "b-h1")->mac, 0, &r);
    assert_int_equal(r.n_tunnel_rx, 1);
    assert_int_equal(r.tunnel_rx[0].tun_id, w->net_ids[1]);

    /* C from H3: only H1 gets a copy. */
    send_from(w, ep_named(w, "c-h3"), bcast, ep_named(w, "c-h3")->mac, 0,
              &r);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, 0), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H1), 1);
    fabric_sim_result_uninit(&r);
    world_destroy(w);
}

/* Frames that claim what they are not reach nothing: another VM's MAC
 * from a bound VIF, an SSP VLAN nobody was given, an untagged frame on
 * the trunk, a tunnel frame with an unknown VNI. */
static void
test_spoofing(void **state)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct world *w = world_create();
    struct fabric_sim_result r;
    const struct ep *a = NULL;
    struct ep fake;

    (void) state;
    build(w, true);
    fabric_sim_result_init(&r);
    a = ep_named(w, "a-h1");
    send_from(w, a, bcast, fabric_fixture_mac(0x66, 0x66), 0, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    assert_int_equal(r.n_tunnel_rx, 0);

    fake = *ep_named(w, "a-ssp");
    send_from(w, &fake, bcast, fake.mac, 999, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    send_from(w, &fake, bcast, fake.mac, 0, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    /* a-ssp's tag with b-ssp's source: not b-ssp's network either. */
    send_from(w, &fake, bcast, ep_named(w, "b-ssp")->mac, fake.vlan, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);

    /* A frame entering H2's VXLAN port with an unknown VNI. */
    fake.dpid = H2;
    fake.port = PORT_VXLAN;
    send_from(w, &fake, bcast, fake.mac, 0, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    fabric_sim_result_uninit(&r);
    world_destroy(w);
}

/* A VM moves: its VIF shows up on another hypervisor; traffic follows.
 * A VIF not yet seen leaves its port unbound (unresolved), nothing
 * else changes. */
static void
test_vif_move(void **state)
{
    struct world *w = world_create();
    struct ep *e;
    size_t i;

    (void) state;
    build(w, false);
    for (i = 0; i < w->ov->n_vifs; i++) {
        if (!strcmp(w->ov->vifs[i].iface_id, "a-h2")) {
            w->ov->vifs[i].dpid = H3;
            w->ov->vifs[i].ofport = 15;
        }
    }
    port_set(w, H3, 15);
    assert_true(topo_graph_port_remove(w->g, H2, 10));
    e = ep_named(w, "a-h2");
    e->dpid = H3;
    e->port = 15;
    world_compile(w);
    check_matrix(w);

    /* The VIF goes away: the port is unresolved, the rest still works. */
    for (i = 0; i < w->ov->n_vifs; i++) {
        if (!strcmp(w->ov->vifs[i].iface_id, "a-h2")) {
            snprintf(w->ov->vifs[i].iface_id, sizeof w->ov->vifs[i].iface_id,
                     "gone");
        }
    }
    e->dpid = 0x999;        /* Nowhere. */
    world_compile(w);
    assert_int_equal(w->last_tv.n_unresolved, 1);
    check_matrix_except(w, e);
    world_destroy(w);
}

/* The gateway's fabric link goes: the next fabric-attached br-int (GW2)
 * becomes the gateway and the mixed network is whole again. */
static void
test_gateway_moves(void **state)
{
    struct world *w = world_create();

    (void) state;
    build(w, true);
    assert_true(topo_graph_link_remove(w->g, SW2, 3, GW, 1));
    assert_true(topo_graph_link_remove(w->g, GW, 1, SW2, 3));
    fabric_sim_set_link_live(w->sim, SW2, 3, false);
    world_compile(w);
    assert_int_equal(w->last_tv.gateway, GW2);
    check_matrix(w);
    world_destroy(w);
}

/* ---- Networks above 4094 (tunnels only, by VNI) ---- */

static int
u32_cmp_test(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_, b = *(const uint32_t *) b_;

    return (a > b) - (a < b);
}

/* True if 'a' (n) pushes a VLAN or sets a VLAN id. */
static bool
actions_touch_vlan(const struct ofp_action *a, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i].type == OFPACT_PUSH_VLAN
            || (a[i].type == OFPACT_SET_FIELD
                && a[i].set_field.field == MFF_VLAN_VID)) {
            return true;
        }
    }
    return false;
}

/* Network 'net_id' (tunnels-only) has no VLAN anywhere: no flow of it
 * (metadata) pushes or sets a VLAN, its flood groups have no VLAN bucket,
 * no table-1 entry writes its metadata, and no switch without a port of
 * it ('members', n) has a flow or group of it. Returns the number of its
 * flows. */
static size_t
check_no_vlan(const struct world *w, uint32_t net_id,
              const uint64_t *members, size_t n_members)
{
    uint64_t meta = (uint64_t) net_id << FABRIC_TENANT_META_SHIFT;
    size_t i, j, k, n_flows = 0;

    for (i = 0; i < N_SW; i++) {
        const struct fabric_state *s = w->tenant[i];
        bool member = false;
        uint32_t gids[2] = { fabric_tenant_flood_group(net_id),
                             fabric_tenant_tunnel_flood_group(net_id) };

        for (k = 0; k < n_members; k++) {
            member |= members[k] == dpids[i];
        }
        for (j = 0; j < fabric_state_n_flows(s); j++) {
            const struct fabric_flow *f = fabric_state_flow_at(s, j);
            const struct ofp_instructions *ins = &f->instructions;
            bool mine = (ofp_match_has(&f->match, MFF_METADATA)
                         && (ntohll(f->match.v.metadata)
                             & FABRIC_TENANT_META_MASK) == meta)
                        || (ins->present & OFPINST_WRITE_METADATA
                            && ins->metadata == meta);

            if (!mine) {
                continue;
            }
            n_flows++;
            if (!member) {
                fail_msg("switch %#"PRIx64" has a flow of network %"PRIu32
                         " (table %u)", dpids[i], net_id, f->table_id);
            }
            if (f->table_id == FABRIC_TENANT_TABLE_TRANSPORT) {
                fail_msg("switch %#"PRIx64" maps a transport VLAN to "
                         "network %"PRIu32, dpids[i], net_id);
            }
            if (ins->present & OFPINST_APPLY_ACTIONS
                && actions_touch_vlan(ins->apply_actions,
                                      ins->n_apply_actions)) {
                fail_msg("switch %#"PRIx64": a flow of network %"PRIu32
                         " tags frames (table %u)", dpids[i], net_id,
                         f->table_id);
            }
        }
        for (k = 0; k < 2; k++) {
            const struct fabric_group *g = fabric_state_find_group(s,
                                                                   gids[k]);

            if (g && !member) {
                fail_msg("switch %#"PRIx64" has group %#"PRIx32,
                         dpids[i], gids[k]);
            }
            for (j = 0; g && j < g->n_buckets; j++) {
                if (actions_touch_vlan(g->buckets[j].actions,
                                       g->buckets[j].n_actions)) {
                    fail_msg("switch %#"PRIx64": group %#"PRIx32" tags "
                             "frames", dpids[i], gids[k]);
                }
            }
        }
    }
    return n_flows;
}

/* A network with id 5000 (no vni: its VNI is 5000) and VMs on three
 * hypervisors without fabric links, next to the fabric's and the other
 * tenants' networks: carried, by tunnels with tun_id 5000 only; no VLAN
 * anywhere (5000 as a 12-bit VLAN would be 904, another network's
 * transport); full reachability and isolation, with a second network
 * above 4094 (id 9096: 5000 + 4096, the same low 12 bits) whose VMs have
 * the SAME MACs on the same hypervisors. */
static void
test_big_net_tunnels_only(void **state)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    const uint64_t members[] = { H1, H2, H3 };
    struct world *w = world_create();
    struct fabric_sim_result r;
    const struct ep *src;
    size_t i;

    (void) state;
    fabric_fixture_tenant(w->db, "A", w->tenant_a);
    fabric_fixture_tenant(w->db, "B", w->tenant_b);
    mk_net(w, 0, w->tenant_a, "A1", 5001);
    mk_net_id(w, 1, w->tenant_a, "big", 5000, 0);
    mk_net_id(w, 2, w->tenant_b, "big2", 5000 + 4096, 0);
    mk_net(w, 3, w->tenant_b, "low", 0);
    mk_vm(w, "a-h1", 0, H1, 10, fabric_fixture_mac(0xaa, 0x01), true);
    mk_vm(w, "a-h2", 0, H2, 10, fabric_fixture_mac(0xaa, 0x02), true);
    mk_vm(w, "big-h1", 1, H1, 11, fabric_fixture_mac(0xbb, 0x01), true);
    mk_vm(w, "big-h2", 1, H2, 11, fabric_fixture_mac(0xbb, 0x02), false);
    mk_vm(w, "big-h3", 1, H3, 11, fabric_fixture_mac(0xbb, 0x03), true);
    mk_vm(w, "big2-h1", 2, H1, 12, fabric_fixture_mac(0xbb, 0x01), true);
    mk_vm(w, "big2-h3", 2, H3, 12, fabric_fixture_mac(0xbb, 0x03), true);
    mk_phys(w, "low-phys", 3, SW1, 10, fabric_fixture_mac(0xdd, 0x01));
    mk_phys(w, "low-phys2", 3, SW2, 10, fabric_fixture_mac(0xdd, 0x02));
    port_set(w, SW2, 10);
    world_compile(w);

    assert_int_equal(w->last_tv.n_skipped, 0);
    assert_int_equal(w->last_tv.n_unresolved, 0);
    assert_non_null(bsearch(&w->net_ids[1], w->last_tv.nets,
                            w->last_tv.n_nets, sizeof *w->last_tv.nets,
                            u32_cmp_test));
    check_matrix(w);
    assert_true(check_no_vlan(w, 5000, members, 3) > 0);
    assert_true(check_no_vlan(w, 9096, members, 3) > 0);
    /* Nor a table-10 guard for the alias VLAN 904 on behalf of 5000:
     * the only guards are those of the networks <= 4094. */
    for (i = 0; i < N_SW; i++) {
        const struct fabric_state *s = w->tenant[i];
        size_t j, n_guards = 0;

        for (j = 0; j < fabric_state_n_flows(s); j++) {
            const struct fabric_flow *f = fabric_state_flow_at(s, j);

            n_guards += f->table_id == FABRIC_TABLE_POLICY
                        && f->priority == FABRIC_TENANT_PRIO_GUARD;
        }
        assert_int_equal(n_guards, 2);      /* A1 (id 1) and low (2). */
    }

    /* Broadcast from big-h1: one copy each to H2 and H3 with tun_id
     * 5000, none to the gateway or anywhere on the fabric. */
    fabric_sim_result_init(&r);
    src = ep_named(w, "big-h1");
    send_from(w, src, bcast, src->mac, 0, &r);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, 0), 2);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H2), 1);
    assert_int_equal(fabric_sim_count_tunnel_rx(&r, H3), 1);
    for (i = 0; i < r.n_tunnel_rx; i++) {
        assert_int_equal(r.tunnel_rx[i].tun_id, 5000);
    }
    /* Unicast to big-h3 (same MAC as big2-h3 on the same br-int). */
    send_from(w, src, ep_named(w, "big-h3")->mac, src->mac, 0, &r);
    assert_int_equal(r.n_tunnel_rx, 1);
    assert_int_equal(r.tunnel_rx[0].tun_id, 5000);
    assert_int_equal(r.tunnel_rx[0].port, PORT_GENEVE);
    fabric_sim_result_uninit(&r);
    world_destroy(w);
}

/* A network above 4094 with a port on the fabric side (a VIF on the
 * gateway's br-int, which has fabric links) is not carried: its id cannot
 * be a transport VLAN. Counted (the network and its two bindings), no
 * flow of it anywhere, and everything else unchanged. */
static void
test_big_net_mixed_skipped(void **state)
{
    struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    struct world *w = world_create();
    struct fabric_sim_result r;
    struct ep big_h1;
    size_t n_eps;

    (void) state;
    fabric_fixture_tenant(w->db, "A", w->tenant_a);
    fabric_fixture_tenant(w->db, "B", w->tenant_b);
    mk_net(w, 0, w->tenant_a, "A1", 5001);
    mk_net(w, 1, w->tenant_b, "B1", 0);
    mk_net(w, 2, w->tenant_b, "C", 7000);
    mk_net_id(w, 3, w->tenant_a, "big", 5000, 0);
    mk_vm(w, "a-h1", 0, H1, 10, fabric_fixture_mac(0xaa, 0x01), true);
    mk_vm(w, "a-gw", 0, GW, 10, fabric_fixture_mac(0xaa, 0x04), true);
    mk_phys(w, "a-phys", 0, SW1, 10, fabric_fixture_mac(0xaa, 0x06));
    mk_vm(w, "b-h1", 1, H1, 11, fabric_fixture_mac(0xaa, 0x01), true);
    mk_vm(w, "b-h2", 1, H2, 11, fabric_fixture_mac(0xaa, 0x02), true);
    n_eps = w->n_eps;
    big_h1 = *mk_vm(w, "big-h1", 3, H1, 12, fabric_fixture_mac(0xbb, 0x01),
                    true);
    mk_vm(w, "big-gw", 3, GW, 12, fabric_fixture_mac(0xbb, 0x04), true);
    w->n_eps = n_eps;       /* Not expected to reach anything. */
    world_compile(w);

    assert_null(bsearch(&w->net_ids[3], w->last_tv.nets, w->last_tv.n_nets,
                        sizeof *w->last_tv.nets, u32_cmp_test));
    assert_int_equal(w->last_tv.n_skipped, 3);
    assert_int_equal(check_no_vlan(w, 5000, NULL, 0), 0);
    check_matrix(w);

    fabric_sim_result_init(&r);
    send_from(w, &big_h1, bcast, big_h1.mac, 0, &r);
    assert_int_equal(fabric_sim_count(&r, FABRIC_SIM_DELIVER, 0, 0), 0);
    assert_int_equal(r.n_tunnel_rx, 0);
    fabric_sim_result_uninit(&r);
    world_destroy(w);
}

/* What the compiler does with ids and VNIs the store refuses (an older
 * store, a bug): ids above FABRIC_TENANT_MAX_OVERLAY_NET_ID (they would
 * share flood groups), VNIs above 24 bits, and two networks with one
 * VNI (the lower id stays) are not carried. And the flood group ids of
 * every id the store accepts are distinct, also from the tunnel flood
 * groups. */
static void
test_big_net_ids_and_groups(void **state)
{
    struct vnet_network nets[5];
    struct vnet_snapshot snap;
    struct fabric_tenant_view tv;
    uint8_t *seen;
    uint32_t id;
    size_t i;

    (void) state;
    memset(nets, 0, sizeof nets);
    memset(&snap, 0, sizeof snap);
    for (i = 0; i < ARRAY_SIZE(nets); i++) {
        snprintf(nets[i].uuid, sizeof nets[i].uuid,
                 "00000000-0000-4000-8000-%012zu", i);
    }
    nets[0].net_id = 5000;                  /* VNI 5000... */
    nets[1].net_id = 7;
    nets[1].has_vni = true;
    nets[1].vni = 5000;                     /* ... too: 7 stays. */
    nets[2].net_id = FABRIC_TENANT_MAX_OVERLAY_NET_ID + 1;
    nets[3].net_id = 6000;
    nets[3].has_vni = true;
    nets[3].vni = FABRIC_TENANT_MAX_VNI + 1;
    nets[4].net_id = FABRIC_TENANT_MAX_OVERLAY_NET_ID;
    snap.networks = nets;
    snap.n_networks = ARRAY_SIZE(nets);
    fabric_tenant_view_init(&tv, &snap, NULL);
    assert_int_equal(tv.n_nets, 2);
    assert_int_equal(tv.nets[0], 7);
    assert_int_equal(tv.nets[1], FABRIC_TENANT_MAX_OVERLAY_NET_ID);
    assert_int_equal(tv.net_info[0].vni, 5000);
    assert_int_equal(tv.n_skipped, 3);
    fabric_tenant_view_uninit(&tv);

    seen = xzalloc(0x02200000u / 8);
    for (id = 1; id <= VNET_NETWORK_ID_MAX; id++) {
        uint32_t g[2] = { fabric_tenant_flood_group(id),
                          fabric_tenant_tunnel_flood_group(id) };

        for (i = 0; i < 2; i++) {
            assert_true(g[i] >= 0x02000000u && g[i] < 0x02200000u);
            assert_false(seen[g[i] / 8] & (1u << (g[i] % 8)));
            seen[g[i] / 8] |= (uint8_t) (1u << (g[i] % 8));
        }
    }
    free(seen);
}

/* Facts: equality, lookups, parsing. */
static void
test_facts(void **state)
{
    struct fabric_overlay *a = fabric_overlay_create(), *b;
    struct fabric_overlay_chassis ch;
    struct fabric_overlay_vif v;
    be32 ip;

    (void) state;
    memset(&ch, 0, sizeof ch);
    snprintf(ch.uuid, sizeof ch.uuid, "c7");
    ch.dpid = 7;
    ch.encaps = VNET_ENCAP_GRE | VNET_ENCAP_GENEVE;
    ch.tunnel_ports[1] = 3;
    ch.tunnel_ports[2] = 4;
    fabric_overlay_add_chassis(a, &ch);
    snprintf(ch.uuid, sizeof ch.uuid, "c5");
    ch.dpid = 5;
    ch.encaps = VNET_ENCAP_GRE | VNET_ENCAP_VXLAN;
    ch.tunnel_ports[0] = 9;
    ch.tunnel_ports[1] = 0;
    fabric_overlay_add_chassis(a, &ch);
    memset(&v, 0, sizeof v);
    snprintf(v.iface_id, sizeof v.iface_id, "vm1");
    v.dpid = 7;
    v.ofport = 12;
    fabric_overlay_add_vif(a, &v);
    fabric_overlay_finish(a);
    assert_int_equal(a->chassis[0].dpid, 5);
    assert_non_null(fabric_overlay_find_dpid(a, 7));
    assert_null(fabric_overlay_find_dpid(a, 6));
    assert_null(fabric_overlay_find_dpid(a, 0));
    assert_int_equal(fabric_overlay_find_vif(a, "vm1")->ofport, 12);
    assert_null(fabric_overlay_find_vif(a, "vm2"));
    /* GRE is the only encapsulation both allow and have. */
    assert_int_equal(fabric_overlay_common_encap(&a->chassis[0],
                                                 &a->chassis[1]), 2);

    b = fabric_overlay_clone(a);
    assert_true(fabric_overlay_equal(a, b));
    /* An ovsdb-server restart: datapath id and port numbers unknown for
     * a moment; the old ones are kept. */
    b->chassis[1].dpid = 0;
    b->chassis[1].tunnel_ports[2] = 0;
    b->vifs[0].ofport = 0;
    b->vifs[0].dpid = 0;
    fabric_overlay_finish(b);
    fabric_overlay_keep_known(b, a);
    assert_true(fabric_overlay_equal(a, b));
    fabric_overlay_keep_known(b, NULL);
    assert_true(fabric_overlay_equal(a, b));
    b->vifs[0].ofport = 13;
    assert_false(fabric_overlay_equal(a, b));
    assert_false(fabric_overlay_equal(a, NULL));
    assert_true(fabric_overlay_equal(NULL, NULL));
    fabric_overlay_destroy(b);
    fabric_overlay_destroy(a);

    assert_true(fabric_overlay_parse_ipv4("198.18.0.1", &ip));
    assert_int_equal(ntohl(ip), 0xc6120001);
    assert_false(fabric_overlay_parse_ipv4("fd00::1", &ip));
    assert_int_equal(fabric_overlay_parse_dpid("00000a0b0c0d0e0f"),
                     0xa0b0c0d0e0full);
    assert_int_equal(fabric_overlay_parse_dpid("0a0b"), 0);
    assert_int_equal(fabric_overlay_parse_dpid("zz000a0b0c0d0e0f"), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts),
        cmocka_unit_test(test_overlay_only),
        cmocka_unit_test(test_overlay_matrix),
        cmocka_unit_test(test_replication),
        cmocka_unit_test(test_spoofing),
        cmocka_unit_test(test_vif_move),
        cmocka_unit_test(test_gateway_moves),
        cmocka_unit_test(test_big_net_tunnels_only),
        cmocka_unit_test(test_big_net_mixed_skipped),
        cmocka_unit_test(test_big_net_ids_and_groups),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
