/* fabric-fixture: see fabric-fixture.h. */
#include "fabric-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fabric/fabric-sync.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
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

        memset(&fs, 0, sizeof fs);
        fs.table_id = f->table_id;
        fs.match = f->match;
        fs.priority = f->priority;
        fs.idle_timeout = f->idle_timeout;
        fs.hard_timeout = f->hard_timeout;
        fs.flags = f->flags;
        fs.cookie = f->cookie;
        fs.instructions = f->instructions;
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
