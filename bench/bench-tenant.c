/* bench-tenant: see bench-tenant.h. */
#include "bench-tenant.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-ofp.h"
#include "bench-topo.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-tenant.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-port.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-path.h"
#include "vnet/vnet.h"

#define MSG_SPLIT 60000         /* Start a new multipart message past it. */

/* Index in t->hosts of the first edge port of each switch, and their
 * number; only switches with edge ports are listed in 'edge_sws'. */
struct edges {
    uint32_t *first;            /* Per switch. */
    uint32_t *count;            /* Per switch. */
    uint32_t *edge_sws;
    uint32_t n_edge_sws;
};

static void
edges_init(struct edges *e, const struct bench_topo *t)
{
    size_t h;

    e->first = xcalloc(t->n_switches, sizeof *e->first);
    e->count = xcalloc(t->n_switches, sizeof *e->count);
    e->edge_sws = xcalloc(t->n_switches, sizeof *e->edge_sws);
    e->n_edge_sws = 0;
    for (h = 0; h < t->n_hosts; h++) {
        uint32_t sw = t->hosts[h].sw;

        if (!e->count[sw]++) {
            e->first[sw] = h;
            e->edge_sws[e->n_edge_sws++] = sw;
        }
    }
}

static void
edges_uninit(struct edges *e)
{
    free(e->first);
    free(e->count);
    free(e->edge_sws);
}

/* Switch 'k' (0..spread-1) of network 'net': a seeded pick per network
 * (picks may repeat on small fabrics). */
static uint32_t
net_switch(const struct edges *e, const struct bench_tenant_model *m,
           uint32_t net, uint32_t k)
{
    uint64_t state = m->seed * 0x100000001b3ull + net * 64ull + k;

    return e->edge_sws[bench_topo_rng(&state) % e->n_edge_sws];
}

/* Binding of the next port on switch 'sw' (per-switch counter 'seq'):
 * the switch's edge ports in turn, and on one edge port VLANs 1, 2, ...
 * Returns false when the switch has no (port, VLAN) left. */
static bool
next_binding(const struct edges *e, const struct bench_topo *t,
             uint32_t *seq, uint32_t sw, uint32_t *port, uint16_t *vlan)
{
    uint32_t n_edge = e->count[sw], slot = seq[sw]++;

    if (!n_edge || slot / n_edge >= VNET_VLAN_MAX) {
        return false;
    }
    *port = t->hosts[e->first[sw] + slot % n_edge].port;
    *vlan = 1 + slot / n_edge;
    return true;
}

/* The MAC of model port 'index'. */
static void
port_mac(uint32_t index, struct eth_addr *mac)
{
    memset(mac, 0, sizeof *mac);
    mac->ea[0] = 0x02;
    mac->ea[1] = 0x6b;
    mac->ea[2] = index >> 24;
    mac->ea[3] = index >> 16;
    mac->ea[4] = index >> 8;
    mac->ea[5] = index;
}

struct bench_tenant_binder {
    const struct bench_topo *t;
    struct edges e;
    uint32_t *seq;
    uint32_t n;                 /* Ports handed out. */
    uint64_t rng;
};

struct bench_tenant_binder *
bench_tenant_binder_create(const struct bench_topo *t, uint64_t seed)
{
    struct bench_tenant_binder *b = xzalloc(sizeof *b);

    b->t = t;
    edges_init(&b->e, t);
    b->seq = xcalloc(t->n_switches, sizeof *b->seq);
    b->rng = seed;
    return b;
}

void
bench_tenant_binder_destroy(struct bench_tenant_binder *b)
{
    if (b) {
        edges_uninit(&b->e);
        free(b->seq);
        free(b);
    }
}

bool
bench_tenant_binder_next(struct bench_tenant_binder *b, uint32_t *sw,
                         uint32_t *port, uint16_t *vlan, struct eth_addr *mac)
{
    int tries;

    for (tries = 0; tries < 64 && b->e.n_edge_sws; tries++) {
        *sw = b->e.edge_sws[bench_topo_rng(&b->rng) % b->e.n_edge_sws];
        if (next_binding(&b->e, b->t, b->seq, *sw, port, vlan)) {
            /* VLANs from 4094 down, MACs with bit 31 set: clear of the
             * model's (VLANs from 1 up), as long as an edge port does
             * not run out. */
            *vlan = VNET_VLAN_MAX + 1 - *vlan;
            port_mac(0x80000000u | b->n++, mac);
            return true;
        }
    }
    return false;
}

/* Fills the store. */
char *
bench_tenant_model_fill(struct vnet_db *db, const struct bench_topo *t,
                        const struct bench_tenant_model *m)
{
    struct vnet_tenant tenant, tout;
    struct vnet_error err;
    char (*uuids)[VNET_UUID_SIZE] = NULL;
    uint32_t *seq = NULL;
    char *error = NULL;
    struct edges e;
    uint32_t i;

    if (!m->n_networks) {
        return xstrdup("the model needs at least one network");
    }
    edges_init(&e, t);
    if (!e.n_edge_sws) {
        edges_uninit(&e);
        return xasprintf("%s has no edge ports to bind", t->name);
    }
    memset(&tenant, 0, sizeof tenant);
    snprintf(tenant.name, sizeof tenant.name, "bench");
    if (vnet_db_tenant_create(db, &tenant, &tout, &err)) {
        error = xasprintf("tenant: %s", err.message);
        goto out;
    }
    seq = xcalloc(t->n_switches, sizeof *seq);
    uuids = xcalloc(m->n_networks, sizeof *uuids);
    for (i = 0; i < m->n_networks; i++) {
        struct vnet_network n, nout;

        memset(&n, 0, sizeof n);
        memcpy(n.tenant_uuid, tout.uuid, sizeof n.tenant_uuid);
        snprintf(n.name, sizeof n.name, "net-%u", i + 1);
        if (vnet_db_network_create(db, &n, &nout, &err)) {
            error = xasprintf("network %u: %s", i + 1, err.message);
            goto out;
        }
        memcpy(uuids[i], nout.uuid, VNET_UUID_SIZE);
    }
    for (i = 0; i < m->n_ports; i++) {
        struct vnet_port p;
        uint32_t sw, port, net;
        uint16_t vlan;

        memset(&p, 0, sizeof p);
        net = i % m->n_networks;
        sw = net_switch(&e, m, net, (i / m->n_networks) % MAX(m->spread, 1));
        if (!next_binding(&e, t, seq, sw, &port, &vlan)) {
            error = xasprintf("port %u: switch %u has no (port, VLAN) "
                              "left", i, sw + 1);
            goto out;
        }
        port_mac(i, &p.mac);
        p.has_mac = true;
        memcpy(p.network_uuid, uuids[net], VNET_UUID_SIZE);
        if (m->iface_id) {
            /* One VIF per edge port (bench_tenant_overlay()). */
            if (vlan != 1) {
                error = xasprintf("port %u: switch %u has more VIFs than "
                                  "edge ports (%u): raise --hosts", i,
                                  sw + 1, e.count[sw]);
                goto out;
            }
            p.binding.kind = VNET_BIND_IFACE_ID;
            snprintf(p.binding.iface_id, sizeof p.binding.iface_id,
                     "bench-vif-%u", i);
        } else {
            p.binding.kind = VNET_BIND_PORT_VLAN;
            p.binding.dpid = bench_topo_dpid(sw);
            p.binding.port_no = port;
            p.binding.vlan = vlan;
        }
        if (vnet_db_port_create(db, &p, NULL, &err)) {
            error = xasprintf("port %u: %s: %s", i, err.field, err.message);
            goto out;
        }
    }
out:
    free(seq);
    free(uuids);
    edges_uninit(&e);
    return error;
}

struct fabric_overlay *
bench_tenant_overlay(const struct bench_topo *t,
                     const struct bench_tenant_model *m, bool extra,
                     uint32_t *extra_sw)
{
    struct fabric_overlay *ov = fabric_overlay_create();
    uint32_t *seq = xcalloc(t->n_switches + 1, sizeof *seq);
    struct fabric_overlay_vif vif;
    struct edges e;
    uint32_t i, s;

    edges_init(&e, t);
    for (s = 0; s < t->n_switches; s++) {
        struct fabric_overlay_chassis ch;

        memset(&ch, 0, sizeof ch);
        snprintf(ch.uuid, sizeof ch.uuid,
                 "00000000-0000-4000-8000-%012"PRIx32, s + 1);
        snprintf(ch.name, sizeof ch.name, "hv%"PRIu32, s + 1);
        ch.dpid = bench_topo_dpid(s);
        ch.tunnel_ip = htonl(0x64400000u + s + 1);
        ch.encaps = VNET_ENCAP_VXLAN;
        ch.tunnel_ports[0] = BENCH_TENANT_TUNNEL_PORT;
        fabric_overlay_add_chassis(ov, &ch);
    }
    for (i = 0; e.n_edge_sws && i < m->n_ports; i++) {
        uint32_t net = i % m->n_networks, port;
        uint32_t sw = net_switch(&e, m, net,
                                 (i / m->n_networks) % MAX(m->spread, 1));
        uint16_t vlan;

        if (!next_binding(&e, t, seq, sw, &port, &vlan) || vlan != 1) {
            continue;       /* bench_tenant_model_fill() refused it. */
        }
        memset(&vif, 0, sizeof vif);
        snprintf(vif.iface_id, sizeof vif.iface_id, "bench-vif-%u", i);
        vif.dpid = bench_topo_dpid(sw);
        vif.ofport = port;
        fabric_overlay_add_vif(ov, &vif);
    }
    *extra_sw = UINT32_MAX;
    for (i = 0; extra && i < e.n_edge_sws; i++) {
        uint32_t sw = e.edge_sws[i], port;
        uint16_t vlan;

        if (next_binding(&e, t, seq, sw, &port, &vlan) && vlan == 1) {
            memset(&vif, 0, sizeof vif);
            snprintf(vif.iface_id, sizeof vif.iface_id, "bench-vif-extra");
            vif.dpid = bench_topo_dpid(sw);
            vif.ofport = port;
            fabric_overlay_add_vif(ov, &vif);
            *extra_sw = sw;
            break;
        }
    }
    fabric_overlay_finish(ov);
    edges_uninit(&e);
    free(seq);
    return ov;
}

/* The fabric view. */
void
bench_tenant_fabric_init(struct bench_tenant_fabric *f,
                         const struct bench_topo *t)
{
    struct ofp_port *ports = NULL;
    size_t allocated = 0, i;
    uint32_t s, p;

    memset(f, 0, sizeof *f);
    f->graph = topo_graph_create(TOPO_WEIGHT_HOPS);
    for (s = 0; s < t->n_switches; s++) {
        uint64_t dpid = bench_topo_dpid(s);

        if (t->n_ports[s] > allocated) {
            allocated = t->n_ports[s];
            ports = xrealloc(ports, allocated * sizeof *ports);
        }
        bench_ofp_make_ports(ports, t->n_ports[s], dpid);
        topo_graph_switch_add(f->graph, dpid);
        for (p = 0; p < t->n_ports[s]; p++) {
            topo_graph_port_set(f->graph, dpid, ports[p].port_no,
                                &ports[p].hw_addr, true,
                                ports[p].curr_speed);
        }
    }
    free(ports);
    for (i = 0; i < t->n_links; i++) {
        const struct bench_topo_link *l = &t->links[i];
        uint64_t a = bench_topo_dpid(l->a.sw), b = bench_topo_dpid(l->b.sw);

        topo_graph_link_seen(f->graph, a, l->a.port, b, l->b.port, 1);
        topo_graph_link_seen(f->graph, b, l->b.port, a, l->a.port, 1);
    }
    f->path = topo_path_compute(f->graph);
    f->hosts = topo_host_create(16);
    fabric_view_init(&f->view, f->graph, f->path, NULL, f->hosts, NULL);
}

void
bench_tenant_fabric_uninit(struct bench_tenant_fabric *f)
{
    fabric_view_uninit(&f->view);
    topo_host_destroy(f->hosts);
    topo_path_destroy(f->path);
    topo_graph_destroy(f->graph);
}

/* One switch's compilation. */
void
bench_tenant_compile(const struct fabric_view *view,
                     const struct fabric_tenant_view *tv, uint64_t dpid,
                     struct fabric_state *fabric, struct fabric_state *tenant)
{
    fabric_compile_switch(view, dpid, fabric);
    if (tv) {
        fabric_tenant_compile_switch(tv, dpid, fabric, tenant);
    } else {
        fabric_state_clear(tenant);
    }
}

/* Clears OFPMPF_REPLY_MORE of the multipart message at 'start'. */
static void
clear_more(struct buf *b, size_t start)
{
    struct ofp13_multipart_msg *mp;

    mp = (void *) ((uint8_t *) b->data + start + sizeof(struct ofp_header));
    mp->flags = htons(ntohs(mp->flags) & ~1u);
}

/* The read-back replies. */
enum ofperr
bench_tenant_readback_encode(const struct fabric_state *s, uint32_t flow_xid,
                             uint32_t group_xid, struct buf *flows,
                             struct buf *groups)
{
    size_t i, start, n = fabric_state_n_flows(s);
    struct buf one;
    enum ofperr error = 0;

    if (!flows) {
        goto groups;
    }
    start = ofp_flow_stats_reply_start(flows, OFP13_VERSION, 1, flow_xid);
    for (i = 0; i < n && !error; i++) {
        const struct fabric_flow *f = fabric_state_flow_at(s, i);
        struct ofp_flow_stats fs;

        if (flows->size - start > MSG_SPLIT) {
            ofp_flow_stats_reply_finish(flows, start);
            start = ofp_flow_stats_reply_start(flows, OFP13_VERSION, 1,
                                               flow_xid);
        }
        fabric_flow_to_stats(f, &fs);
        error = ofp_flow_stats_reply_append(flows, OFP13_VERSION, &fs);
    }
    ofp_flow_stats_reply_finish(flows, start);
    clear_more(flows, start);

groups:
    if (!groups || error) {
        return error;
    }
    /* Groups: each encoded alone, its entry moved into the current
     * message. */
    buf_init(&one, 4096);
    n = fabric_state_n_groups(s);
    start = ofp_mp_start(groups, OFP13_VERSION, true, OFPMP_GROUP_DESC, 1,
                         group_xid);
    for (i = 0; i < n && !error; i++) {
        const struct fabric_group *g = fabric_state_group_at(s, i);
        struct ofp_group_desc gd;
        size_t head = sizeof(struct ofp_header)
                      + sizeof(struct ofp13_multipart_msg);

        gd.type = g->type;
        gd.group_id = g->group_id;
        gd.buckets = g->buckets;
        gd.n_buckets = g->n_buckets;
        buf_clear(&one);
        error = ofp_group_desc_reply_encode(&gd, 1, OFP13_VERSION, group_xid,
                                            &one);
        if (error) {
            break;
        }
        if (groups->size - start + one.size > MSG_SPLIT) {
            ofp_msg_finish(groups, start);
            start = ofp_mp_start(groups, OFP13_VERSION, true,
                                 OFPMP_GROUP_DESC, 1, group_xid);
        }
        buf_put(groups, (uint8_t *) one.data + head, one.size - head);
    }
    ofp_msg_finish(groups, start);
    clear_more(groups, start);
    buf_uninit(&one);
    return error;
}

/* The emulated flow table. */
enum ofperr
bench_tenant_apply(struct fabric_state *s, const struct ofp_header *oh)
{
    uint64_t stub1[4096 / 8], stub2[4096 / 8];
    struct buf b1, b2;
    enum ofperr error = 0;

    buf_use_stub(&b1, stub1, sizeof stub1);
    buf_use_stub(&b2, stub2, sizeof stub2);
    if (oh->type == OFPT13_FLOW_MOD) {
        struct ofp_flow_mod fm;

        error = ofp_flow_mod_decode(&fm, oh, &b1);
        if (!error) {
            struct fabric_flow f;
            const struct fabric_flow *old;

            memset(&f, 0, sizeof f);
            f.table_id = fm.table_id;
            f.priority = fm.priority;
            f.match = fm.match;
            f.cookie = fm.cookie;
            f.idle_timeout = fm.idle_timeout;
            f.hard_timeout = fm.hard_timeout;
            f.flags = fm.flags;
            f.instructions = fm.instructions;
            switch (fm.command) {
            case OFPFC_ADD:
                fabric_state_add_flow(s, &f);
                break;
            case OFPFC_MODIFY_STRICT:
                /* Instructions change; cookie, timeouts, flags stay. */
                old = fabric_state_find_flow(s, f.table_id, f.priority,
                                             &f.match);
                if (old) {
                    f.cookie = old->cookie;
                    f.idle_timeout = old->idle_timeout;
                    f.hard_timeout = old->hard_timeout;
                    f.flags = old->flags;
                    fabric_state_add_flow(s, &f);
                }
                break;
            case OFPFC_DELETE_STRICT:
                fabric_state_remove_flow(s, f.table_id, f.priority,
                                         &f.match);
                break;
            default:
                error = OFPERR_OFPBRC_BAD_TYPE;
                break;
            }
        }
    } else if (oh->type == OFPT13_GROUP_MOD) {
        struct ofp_group_mod gm;

        error = ofp_group_mod_decode(&gm, oh, &b1, &b2);
        if (!error) {
            struct fabric_group g = {
                .group_id = gm.group_id, .type = gm.type,
                .buckets = gm.buckets, .n_buckets = gm.n_buckets,
            };

            if (gm.command == OFPGC13_ADD || gm.command == OFPGC13_MODIFY) {
                fabric_state_add_group(s, &g);
            } else if (gm.command == OFPGC13_DELETE) {
                fabric_state_remove_group(s, gm.group_id);
            } else {
                error = OFPERR_OFPBRC_BAD_TYPE;
            }
        }
    } else {
        error = OFPERR_OFPBRC_BAD_TYPE;
    }
    buf_uninit(&b1);
    buf_uninit(&b2);
    return error;
}

/* Every 100th flow made different. */
size_t
bench_tenant_perturb(struct fabric_state *s)
{
    size_t i, n = fabric_state_n_flows(s), changed = 0, n_gone = 0;
    struct fabric_flow *gone = xcalloc(n / 100 + 1, sizeof *gone);

    for (i = 50; i < n; i += 100, changed++) {
        struct fabric_flow f = *fabric_state_flow_at(s, i);

        if (changed % 2) {
            f.cookie ^= 0x5a5a;            /* Another generation. */
            fabric_state_add_flow(s, &f);  /* Same key: replaced. */
        } else {
            gone[n_gone++] = f;
        }
    }
    /* Removal moves the last flow into the hole: remove after the walk,
     * by key (the matches were copied by value). */
    for (i = 0; i < n_gone; i++) {
        fabric_state_remove_flow(s, gone[i].table_id, gone[i].priority,
                                 &gone[i].match);
    }
    free(gone);
    return changed;
}

/* N switches without links. */
void
bench_tenant_topo_isolated(uint32_t n, uint32_t hosts, struct bench_topo *t)
{
    uint32_t s, p;

    memset(t, 0, sizeof *t);
    t->name = xasprintf("hv:%u", n);
    t->n_switches = n;
    t->n_ports = xcalloc(n + 1, sizeof *t->n_ports);
    t->port_base = xcalloc(n + 1, sizeof *t->port_base);
    t->n_port_total = (size_t) n * hosts;
    t->peers = xcalloc(t->n_port_total + 1, sizeof *t->peers);
    t->port_link = xcalloc(t->n_port_total + 1, sizeof *t->port_link);
    t->cut = xcalloc(1, sizeof *t->cut);
    t->links = xcalloc(1, sizeof *t->links);
    t->hosts = xcalloc(t->n_port_total + 1, sizeof *t->hosts);
    for (s = 0; s < n; s++) {
        t->n_ports[s] = hosts;
        t->port_base[s] = (size_t) s * hosts;
        for (p = 0; p < hosts; p++) {
            size_t i = t->port_base[s] + p;

            t->peers[i].sw = BENCH_TOPO_NONE;
            t->peers[i].port = 0;
            t->port_link[i] = BENCH_TOPO_NONE;
            t->hosts[t->n_hosts].sw = s;
            t->hosts[t->n_hosts].port = p + 1;
            t->n_hosts++;
        }
    }
}
