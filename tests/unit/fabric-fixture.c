/* fabric-fixture: see fabric-fixture.h. */
#include "fabric-fixture.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "fabric/fabric-core.h"
#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-packet.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "vnet/vnet.h"

/* Host address 02:00:00:00:A:B. */
struct eth_addr
fabric_fixture_mac(uint8_t a, uint8_t b)
{
    struct eth_addr ea = { { 0x02, 0x00, 0x00, 0x00, a, b } };
    return ea;
}

/* Sets a switch port. */
void
fabric_fixture_port_set(struct topo_graph *g, uint64_t dpid, uint32_t port,
                        bool live)
{
    struct eth_addr ea = fabric_fixture_mac((uint8_t) dpid, (uint8_t) port);

    ea.ea[0] = 0x06;
    topo_graph_port_set(g, dpid, port, &ea, live, 10000000);
}

/* Adds every flow and group of 'src' to 'dst'. */
void
fabric_fixture_merge(struct fabric_state *dst, const struct fabric_state *src)
{
    size_t i;

    for (i = 0; i < fabric_state_n_flows(src); i++) {
        assert_true(fabric_state_add_flow(dst, fabric_state_flow_at(src, i)));
    }
    for (i = 0; i < fabric_state_n_groups(src); i++) {
        assert_true(fabric_state_add_group(dst,
                                           fabric_state_group_at(src, i)));
    }
}

/* Creates a tenant. */
void
fabric_fixture_tenant(struct vnet_db *db, const char *name, char *uuid)
{
    struct vnet_tenant t, out;
    struct vnet_error err;

    memset(&t, 0, sizeof t);
    snprintf(t.name, sizeof t.name, "%s", name);
    assert_int_equal(vnet_db_tenant_create(db, &t, &out, &err), 0);
    memcpy(uuid, out.uuid, VNET_UUID_SIZE);
}

/* Creates a network. */
uint32_t
fabric_fixture_network(struct vnet_db *db, const char *tenant_uuid,
                       const char *name, uint32_t net_id, uint32_t vni,
                       char *uuid)
{
    struct vnet_network n, out;
    struct vnet_error err;

    memset(&n, 0, sizeof n);
    snprintf(n.tenant_uuid, sizeof n.tenant_uuid, "%s", tenant_uuid);
    snprintf(n.name, sizeof n.name, "%s", name);
    n.net_id = net_id;
    n.has_vni = vni != 0;
    n.vni = vni;
    assert_int_equal(vnet_db_network_create(db, &n, &out, &err), 0);
    memcpy(uuid, out.uuid, VNET_UUID_SIZE);
    return out.net_id;
}

/* Learns a host. */
void
fabric_fixture_learn(struct topo_host_table *hosts,
                     const struct topo_graph *g, struct eth_addr mac,
                     uint64_t dpid, uint32_t port, uint16_t vlan,
                     uint64_t now)
{
    struct topo_host_obs obs;

    memset(&obs, 0, sizeof obs);
    obs.mac = mac;
    obs.vlan = vlan;
    obs.dpid = dpid;
    obs.port = port;
    assert_int_not_equal(topo_host_learn(hosts, g, &obs, now, NULL),
                         TOPO_HOST_IGNORED);
}

/* An untagged frame. */
struct fabric_sim_packet
fabric_fixture_packet(uint32_t in_port, struct eth_addr src,
                      struct eth_addr dst, uint16_t eth_type)
{
    struct fabric_sim_packet p;

    memset(&p, 0, sizeof p);
    p.in_port = in_port;
    p.eth_src = src;
    p.eth_dst = dst;
    p.eth_type = eth_type;
    p.vlan_vid = OFPVID_NONE;
    return p;
}

/* Sends an IPv4 frame through the simulator. */
void
fabric_fixture_send(const struct fabric_sim *sim, uint64_t dpid,
                    uint32_t in_port, struct eth_addr dst,
                    struct eth_addr src, uint16_t vlan, size_t max_hops,
                    struct fabric_sim_result *r)
{
    struct fabric_sim_packet pkt = fabric_fixture_packet(in_port, src, dst,
                                                         0x0800);

    if (vlan) {
        pkt.vlan_vid = (uint16_t) (OFPVID_PRESENT | vlan);
    }
    fabric_sim_result_clear(r);
    fabric_sim_run(sim, dpid, &pkt, max_hops, r, NULL);
    assert_false(r->ambiguous);
}

/* The flow a flow-mod adds. */
void
fabric_fixture_flow_from_mod(const struct ofp_flow_mod *fm,
                             struct fabric_flow *f)
{
    memset(f, 0, sizeof *f);
    f->table_id = fm->table_id;
    f->priority = fm->priority;
    memcpy(&f->match, &fm->match, sizeof f->match);
    f->cookie = fm->cookie;
    f->idle_timeout = fm->idle_timeout;
    f->hard_timeout = fm->hard_timeout;
    f->flags = fm->flags;
    f->instructions = fm->instructions;
}

/* Encodes a state as read-back reply bodies. */
void
fabric_fixture_readback(const struct fabric_state *st, struct buf *flows,
                        struct buf *groups)
{
    struct ofp_group_desc *gds;
    size_t i, n_groups = fabric_state_n_groups(st);
    struct buf msg;

    buf_init(&msg, 0);
    for (i = 0; i < fabric_state_n_flows(st); i++) {
        const struct fabric_flow *f = fabric_state_flow_at(st, i);
        struct ofp_flow_stats fs;
        size_t start;

        fabric_flow_to_stats(f, &fs);
        buf_clear(&msg);
        start = ofp_flow_stats_reply_start(&msg, OFP13_VERSION, 0, 1);
        assert_int_equal(ofp_flow_stats_reply_append(&msg, OFP13_VERSION,
                                                     &fs), 0);
        ofp_flow_stats_reply_finish(&msg, start);
        buf_put(flows, msg.data + 16, msg.size - 16);
    }
    gds = xcalloc(n_groups + 1, sizeof *gds);
    for (i = 0; i < n_groups; i++) {
        const struct fabric_group *g = fabric_state_group_at(st, i);

        gds[i].type = g->type;
        gds[i].group_id = g->group_id;
        gds[i].buckets = g->buckets;
        gds[i].n_buckets = g->n_buckets;
    }
    buf_clear(&msg);
    assert_int_equal(ofp_group_desc_reply_encode(gds, n_groups, OFP13_VERSION,
                                                 1, &msg), 0);
    buf_put(groups, msg.data + 16, msg.size - 16);
    free(gds);
    buf_uninit(&msg);
}

/* The random generator's state. */
static uint64_t rng_state;

/* Seeds the generator. */
void
fabric_fixture_rng_seed(uint64_t seed)
{
    rng_state = seed;
}

static uint64_t
rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

/* A random number below 'n'. */
uint32_t
fabric_fixture_rng_below(uint32_t n)
{
    return (uint32_t) (rng() % n);
}

/* Adds a cable. */
struct fabric_fixture_cable *
fabric_fixture_cable_add(struct fabric_fixture_cable *cables,
                         size_t *n_cables, size_t max_cables, uint64_t a,
                         uint32_t *a_ports, uint64_t b, uint32_t *b_ports)
{
    struct fabric_fixture_cable *c;

    if (a == b || *n_cables >= max_cables) {
        return NULL;
    }
    c = &cables[(*n_cables)++];
    c->a = a;
    c->b = b;
    c->pa = ++*a_ports;
    c->pb = ++*b_ports;
    c->up = true;
    return c;
}

/* Device address number 'n'. */
struct eth_addr
fabric_fixture_mac_seq(uint32_t n)
{
    struct eth_addr ea = { { 0x02, 0x5a, (uint8_t) (n >> 16),
                             (uint8_t) (n >> 8), (uint8_t) n, 0x01 } };
    return ea;
}

/* Picks a live network. */
bool
fabric_fixture_net_pick(const bool *net_live, size_t n_nets, size_t *net)
{
    size_t *live = xcalloc(n_nets + 1, sizeof *live);
    size_t n_live = 0, i;

    for (i = 0; i < n_nets; i++) {
        if (net_live[i]) {
            live[n_live++] = i;
        }
    }
    if (n_live) {
        *net = live[fabric_fixture_rng_below((uint32_t) n_live)];
    }
    free(live);
    return n_live != 0;
}

/* A new port of a network. */
void
fabric_fixture_vnet_port_init(struct vnet_port *p, const char *network_uuid,
                              uint32_t *mac_seq)
{
    memset(p, 0, sizeof *p);
    snprintf(p->network_uuid, sizeof p->network_uuid, "%s", network_uuid);
    snprintf(p->name, sizeof p->name, "p%"PRIu32, ++*mac_seq);
    p->mac = fabric_fixture_mac_seq(*mac_seq);
}

/* Creates and records a port. */
bool
fabric_fixture_mport_create(struct vnet_db *db, const struct vnet_port *p,
                            struct fabric_fixture_mport *ports,
                            size_t *n_ports)
{
    struct fabric_fixture_mport *m = &ports[*n_ports];
    struct vnet_port out;
    struct vnet_error err;

    memset(&err, 0, sizeof err);
    if (vnet_db_port_create(db, p, &out, &err)) {
        return false;
    }
    memcpy(m->uuid, out.uuid, VNET_UUID_SIZE);
    m->mac_bound = p->binding.kind == VNET_BIND_MAC;
    m->mac = p->mac;
    (*n_ports)++;
    return true;
}

/* Deletes a random port. */
void
fabric_fixture_mport_delete(struct vnet_db *db,
                            struct fabric_fixture_mport *ports,
                            size_t *n_ports)
{
    struct vnet_error err;
    size_t i;

    if (!*n_ports) {
        return;
    }
    i = fabric_fixture_rng_below((uint32_t) *n_ports);
    memset(&err, 0, sizeof err);
    vnet_db_port_delete(db, ports[i].uuid, &err);
    ports[i] = ports[--*n_ports];
}

/* Forgets ports whose network went (cascade). */
void
fabric_fixture_mports_prune(struct vnet_db *db,
                            struct fabric_fixture_mport *ports,
                            size_t *n_ports)
{
    struct vnet_port out;
    struct vnet_error err;
    size_t i = 0;

    while (i < *n_ports) {
        memset(&err, 0, sizeof err);
        if (vnet_db_port_get(db, ports[i].uuid, &out, &err)) {
            ports[i] = ports[--*n_ports];
        } else {
            i++;
        }
    }
}

/* Deletes a network and forgets its ports. */
void
fabric_fixture_net_delete(struct vnet_db *db, const char *uuid,
                          struct fabric_fixture_mport *ports,
                          size_t *n_ports)
{
    struct vnet_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(vnet_db_network_delete(db, uuid, true, &err), 0);
    fabric_fixture_mports_prune(db, ports, n_ports);
}

/* Creates network 'i'. */
void
fabric_fixture_net_create(struct vnet_db *db, const char *tenant_uuid,
                          char (*nets)[VNET_UUID_SIZE], bool *net_live,
                          size_t i, uint64_t now)
{
    char name[32];

    snprintf(name, sizeof name, "n%zu-%"PRIu64, i, now);
    fabric_fixture_network(db, tenant_uuid, name, 0, 0, nets[i]);
    net_live[i] = true;
}

/* Deletes or creates a random network. */
void
fabric_fixture_net_flip(struct vnet_db *db, const char *tenant_uuid,
                        char (*nets)[VNET_UUID_SIZE], bool *net_live,
                        size_t n_nets, uint64_t now,
                        struct fabric_fixture_mport *ports, size_t *n_ports)
{
    size_t i = fabric_fixture_rng_below((uint32_t) n_nets);

    if (net_live[i]) {
        fabric_fixture_net_delete(db, nets[i], ports, n_ports);
        net_live[i] = false;
    } else {
        fabric_fixture_net_create(db, tenant_uuid, nets, net_live, i, now);
    }
}

static void
apply_flow_mod(struct fabric_state *t, const struct ofp_header *oh,
               bool strict, struct buf *ofpacts)
{
    struct ofp_flow_mod fm;
    struct fabric_flow f;
    const struct fabric_flow *old;

    assert_int_equal(ofp_flow_mod_decode(&fm, oh, ofpacts), 0);
    fabric_fixture_flow_from_mod(&fm, &f);
    if (fm.command == OFPFC_ADD) {
        fabric_state_add_flow(t, &f);
    } else if (fm.command == OFPFC_MODIFY_STRICT) {
        old = fabric_state_find_flow(t, f.table_id, f.priority, &f.match);
        if (strict) {
            assert_non_null(old);
        }
        if (old) {
            f.cookie = old->cookie;
            f.idle_timeout = old->idle_timeout;
            f.hard_timeout = old->hard_timeout;
            f.flags = old->flags;
            fabric_state_add_flow(t, &f);
        }
    } else {
        bool removed;

        assert_int_equal(fm.command, OFPFC_DELETE_STRICT);
        removed = fabric_state_remove_flow(t, f.table_id, f.priority,
                                           &f.match);
        if (strict) {
            assert_true(removed);
        }
    }
}

static void
apply_group_mod(struct fabric_state *t, const struct ofp_header *oh,
                bool strict, struct buf *buckets, struct buf *ofpacts)
{
    struct ofp_group_mod gm;
    struct fabric_group g;

    assert_int_equal(oh->type, OFPT13_GROUP_MOD);
    assert_int_equal(ofp_group_mod_decode(&gm, oh, buckets, ofpacts), 0);
    memset(&g, 0, sizeof g);
    g.group_id = gm.group_id;
    g.type = gm.type;
    g.buckets = gm.buckets;
    g.n_buckets = gm.n_buckets;
    if (gm.command == OFPGC13_DELETE) {
        bool removed = fabric_state_remove_group(t, gm.group_id);

        if (strict) {
            assert_true(removed);
        }
    } else {
        /* An ADD of an existing group fails on a real switch. */
        if (gm.command == OFPGC13_ADD) {
            assert_null(fabric_state_find_group(t, gm.group_id));
        } else if (strict) {
            assert_non_null(fabric_state_find_group(t, gm.group_id));
        }
        fabric_state_add_group(t, &g);
    }
}

/* Applies a FLOW_MOD or GROUP_MOD. */
void
fabric_fixture_apply_mod(struct fabric_state *t, const struct ofp_header *oh,
                         bool strict)
{
    struct buf b1, b2;

    buf_init(&b1, 0);
    buf_init(&b2, 0);
    if (oh->type == OFPT13_FLOW_MOD) {
        apply_flow_mod(t, oh, strict, &b1);
    } else {
        apply_group_mod(t, oh, strict, &b1, &b2);
    }
    buf_uninit(&b1);
    buf_uninit(&b2);
}

/* Records an LLDP PACKET_OUT. */
bool
fabric_fixture_probe_take(struct fabric_fixture_probes *probes,
                          uint64_t dpid, const struct ofp_header *oh)
{
    struct ofp_packet_out po;
    struct net_eth_key eth;
    struct buf actions;

    if (oh->type != OFPT13_PACKET_OUT) {
        return false;
    }
    buf_init(&actions, 0);
    assert_int_equal(ofp_packet_out_decode(&po, oh), 0);
    assert_int_equal(ofp_packet_out_decode_actions(&po, OFP13_VERSION,
                                                   &actions), 0);
    assert_int_equal(net_packet_parse_eth(po.data, po.data_len, &eth), 0);
    if (eth.eth_type == NET_ETH_TYPE_LLDP
        && probes->n < ARRAY_SIZE(probes->p)
        && po.data_len <= sizeof probes->p[0].frame) {
        struct fabric_fixture_probe *p = &probes->p[probes->n++];

        p->dpid = dpid;
        p->port = po.ofp_actions[0].output.port;
        memcpy(p->frame, po.data, po.data_len);
        p->size = po.data_len;
    }
    buf_uninit(&actions);
    return true;
}

/* Delivers the LLDP frames over the cables. */
void
fabric_fixture_probes_deliver(struct fabric_fixture_probes *probes,
                              struct fabric_core *fc,
                              fabric_fixture_peer_func *peer_of, void *aux,
                              uint64_t now)
{
    size_t i;

    for (i = 0; i < probes->n; i++) {
        const struct fabric_fixture_probe *p = &probes->p[i];
        uint64_t peer, session;
        uint32_t pport;

        if (peer_of(aux, p->dpid, p->port, &peer, &pport, &session)) {
            fabric_core_packet_in(fc, peer, session, pport, p->frame,
                                  p->size, now);
        }
    }
    probes->n = 0;
}
