/* fabric-sim: see fabric-sim.h. Small arrays and linear searches: meant
 * for test networks of tens of switches. */
#include "fabric/fabric-sim.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric-sync.h"
#include "lib/ds.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-match.h"
#include "openflow/of13.h"

#define MAX_EVENTS 100000       /* A storm stops here. */
#define MAX_TABLE_STEPS 64      /* goto_table only goes forward; a guard. */

struct sim_switch {
    uint64_t dpid;
    const struct fabric_state *state;
};

struct sim_port {
    uint64_t dpid;
    uint32_t port;
};

struct sim_cable {
    struct sim_port a, b;
};

struct sim_tunnel {
    uint64_t dpid;
    uint32_t port;
    unsigned int kind;
    be32 ip;
};

struct fabric_sim {
    struct sim_tunnel *tunnels;
    size_t n_tunnels;
    struct sim_switch *switches;
    size_t n_switches;
    struct sim_cable *cables;
    size_t n_cables;
    struct sim_port *dead;
    size_t n_dead;
};

struct fabric_sim *
fabric_sim_create(void)
{
    return xzalloc(sizeof(struct fabric_sim));
}

void
fabric_sim_destroy(struct fabric_sim *sim)
{
    if (sim) {
        free(sim->switches);
        free(sim->tunnels);
        free(sim->cables);
        free(sim->dead);
        free(sim);
    }
}

void
fabric_sim_set_switch(struct fabric_sim *sim, uint64_t dpid,
                      const struct fabric_state *state)
{
    size_t i;

    for (i = 0; i < sim->n_switches; i++) {
        if (sim->switches[i].dpid == dpid) {
            sim->switches[i].state = state;
            return;
        }
    }
    sim->switches = xrealloc(sim->switches, (sim->n_switches + 1)
                                            * sizeof *sim->switches);
    sim->switches[sim->n_switches].dpid = dpid;
    sim->switches[sim->n_switches].state = state;
    sim->n_switches++;
}

void
fabric_sim_cable(struct fabric_sim *sim, uint64_t a_dpid, uint32_t a_port,
                 uint64_t b_dpid, uint32_t b_port)
{
    sim->cables = xrealloc(sim->cables, (sim->n_cables + 1)
                                        * sizeof *sim->cables);
    sim->cables[sim->n_cables].a = (struct sim_port) { a_dpid, a_port };
    sim->cables[sim->n_cables].b = (struct sim_port) { b_dpid, b_port };
    sim->n_cables++;
}

void
fabric_sim_add_tunnel(struct fabric_sim *sim, uint64_t dpid, uint32_t port,
                      unsigned int kind, be32 ip)
{
    sim->tunnels = xrealloc(sim->tunnels, (sim->n_tunnels + 1)
                                          * sizeof *sim->tunnels);
    sim->tunnels[sim->n_tunnels++] = (struct sim_tunnel) {
        dpid, port, kind, ip
    };
}

static const struct sim_tunnel *
tunnel_at(const struct fabric_sim *sim, uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < sim->n_tunnels; i++) {
        if (sim->tunnels[i].dpid == dpid && sim->tunnels[i].port == port) {
            return &sim->tunnels[i];
        }
    }
    return NULL;
}

static const struct sim_tunnel *
tunnel_to(const struct fabric_sim *sim, unsigned int kind, be32 ip)
{
    size_t i;

    for (i = 0; i < sim->n_tunnels; i++) {
        if (sim->tunnels[i].kind == kind && sim->tunnels[i].ip == ip) {
            return &sim->tunnels[i];
        }
    }
    return NULL;
}

static bool
port_live(const struct fabric_sim *sim, uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < sim->n_dead; i++) {
        if (sim->dead[i].dpid == dpid && sim->dead[i].port == port) {
            return false;
        }
    }
    return true;
}

void
fabric_sim_set_port_live(struct fabric_sim *sim, uint64_t dpid,
                         uint32_t port, bool live)
{
    size_t i;

    for (i = 0; i < sim->n_dead; i++) {
        if (sim->dead[i].dpid == dpid && sim->dead[i].port == port) {
            if (live) {
                sim->dead[i] = sim->dead[--sim->n_dead];
            }
            return;
        }
    }
    if (!live) {
        sim->dead = xrealloc(sim->dead, (sim->n_dead + 1) * sizeof *sim->dead);
        sim->dead[sim->n_dead++] = (struct sim_port) { dpid, port };
    }
}

/* Returns the far end of the cable at (dpid, port), or NULL. */
static const struct sim_port *
peer_of(const struct fabric_sim *sim, uint64_t dpid, uint32_t port)
{
    size_t i;

    for (i = 0; i < sim->n_cables; i++) {
        const struct sim_cable *c = &sim->cables[i];

        if (c->a.dpid == dpid && c->a.port == port) {
            return &c->b;
        }
        if (c->b.dpid == dpid && c->b.port == port) {
            return &c->a;
        }
    }
    return NULL;
}

void
fabric_sim_set_link_live(struct fabric_sim *sim, uint64_t dpid,
                         uint32_t port, bool live)
{
    const struct sim_port *peer = peer_of(sim, dpid, port);

    fabric_sim_set_port_live(sim, dpid, port, live);
    if (peer) {
        fabric_sim_set_port_live(sim, peer->dpid, peer->port, live);
    }
}

void
fabric_sim_result_init(struct fabric_sim_result *r)
{
    memset(r, 0, sizeof *r);
}

void
fabric_sim_result_clear(struct fabric_sim_result *r)
{
    r->n_events = 0;
    r->n_tunnel_rx = 0;
    r->ambiguous = false;
    r->truncated = false;
}

void
fabric_sim_result_uninit(struct fabric_sim_result *r)
{
    free(r->events);
    free(r->tunnel_rx);
    memset(r, 0, sizeof *r);
}

size_t
fabric_sim_count(const struct fabric_sim_result *r,
                 enum fabric_sim_event_type type, uint64_t dpid,
                 uint32_t port)
{
    size_t i, n = 0;

    for (i = 0; i < r->n_events; i++) {
        const struct fabric_sim_event *e = &r->events[i];

        n += (e->type == type
              && (!dpid || type != FABRIC_SIM_DELIVER
                  || (e->dpid == dpid && e->port == port)));
    }
    return n;
}

size_t
fabric_sim_count_tunnel_rx(const struct fabric_sim_result *r, uint64_t dpid)
{
    size_t i, n = 0;

    for (i = 0; i < r->n_tunnel_rx; i++) {
        n += !dpid || r->tunnel_rx[i].dpid == dpid;
    }
    return n;
}

/* ---- Running ---- */

/* One packet copy in flight. */
struct sim_pkt {
    struct ofp_match_fields f;  /* Packet fields, network order. */
    uint32_t in_port;
    uint64_t dpid;
    size_t n_hops;
    be16 inner_vlans[4];        /* VLAN tags under the outer one
                                 * (f.vlan_vid), innermost first. */
    size_t n_inner;
};

struct run {
    const struct fabric_sim *sim;
    size_t max_hops;
    struct fabric_sim_result *r;
    struct ds *trace;
};

static void
add_event(struct run *run, enum fabric_sim_event_type type,
          const struct sim_pkt *p, uint32_t port)
{
    struct fabric_sim_result *r = run->r;

    if (r->n_events >= MAX_EVENTS) {
        r->truncated = true;
        return;
    }
    if (r->n_events >= r->allocated_events) {
        r->allocated_events = r->allocated_events ? 2 * r->allocated_events
                                                  : 16;
        r->events = xrealloc(r->events,
                             r->allocated_events * sizeof *r->events);
    }
    r->events[r->n_events++] = (struct fabric_sim_event) {
        .type = type, .dpid = p->dpid, .port = port, .n_hops = p->n_hops,
        .vlan_vid = ntohs(p->f.vlan_vid), .n_tags = (p->f.vlan_vid
                                                    ? 1 + p->n_inner : 0),
        .tun_id = ntohll(p->f.tunnel_id),
    };
    if (run->trace) {
        static const char *const names[] = {
            "deliver", "controller", "drop", "loop"
        };
        ds_put_format(run->trace, "  -> %s at %#"PRIx64" port %"PRIu32
                      " after %zu hops\n", names[type], p->dpid, port,
                      p->n_hops);
    }
}

static const struct fabric_state *
state_of(const struct fabric_sim *sim, uint64_t dpid)
{
    size_t i;

    for (i = 0; i < sim->n_switches; i++) {
        if (sim->switches[i].dpid == dpid) {
            return sim->switches[i].state;
        }
    }
    return NULL;
}

static bool
flow_matches(const struct ofp_match *m, const struct ofp_match_fields *f)
{
    uint64_t present = m->present;

    while (present) {
        enum mf_field field = (enum mf_field) __builtin_ctzll(present);
        const struct mf_field_info *info = ofp_match_field_info(field);
        const uint8_t *v = (const uint8_t *) &m->v + info->offset;
        const uint8_t *mk = (const uint8_t *) &m->m + info->offset;
        const uint8_t *pv = (const uint8_t *) f + info->offset;
        unsigned int i;

        present &= present - 1;
        for (i = 0; i < info->size; i++) {
            if ((pv[i] & mk[i]) != v[i]) {
                return false;
            }
        }
    }
    return true;
}

static void process(struct run *, struct sim_pkt *, uint8_t table_id);
static void do_actions(struct run *, struct sim_pkt *,
                       const struct ofp_action *, size_t);

/* Carries 'p', output on tunnel port 'from', to the far end. */
static void
do_tunnel(struct run *run, const struct sim_pkt *p,
          const struct sim_tunnel *from)
{
    const struct sim_tunnel *to = p->f.tun_ipv4_dst
                                  ? tunnel_to(run->sim, from->kind,
                                              p->f.tun_ipv4_dst)
                                  : NULL;
    struct fabric_sim_result *r = run->r;
    struct sim_pkt next;

    if (!to || to->dpid == p->dpid
        || !port_live(run->sim, to->dpid, to->port)) {
        add_event(run, FABRIC_SIM_DROP, p, from->port);
        return;
    }
    if (p->n_hops >= run->max_hops) {
        add_event(run, FABRIC_SIM_LOOP, p, from->port);
        return;
    }
    if (r->n_tunnel_rx >= r->allocated_tunnel_rx) {
        r->allocated_tunnel_rx = r->allocated_tunnel_rx
                                 ? 2 * r->allocated_tunnel_rx : 16;
        r->tunnel_rx = xrealloc(r->tunnel_rx, r->allocated_tunnel_rx
                                              * sizeof *r->tunnel_rx);
    }
    r->tunnel_rx[r->n_tunnel_rx++] = (struct fabric_sim_tunnel_rx) {
        to->dpid, to->port, ntohll(p->f.tunnel_id), p->dpid
    };
    next = *p;
    next.dpid = to->dpid;
    next.in_port = to->port;
    next.f.in_port = htonl(to->port);
    next.f.metadata = 0;
    next.f.tun_ipv4_src = from->ip;
    next.f.tun_ipv4_dst = to->ip;
    next.n_hops++;
    if (run->trace) {
        ds_put_format(run->trace, "  %#"PRIx64":%"PRIu32" => tunnel "
                      "tun_id %#"PRIx64" => %#"PRIx64":%"PRIu32"\n", p->dpid,
                      from->port, ntohll(p->f.tunnel_id), to->dpid, to->port);
    }
    process(run, &next, 0);
}

/* Sends 'p' out of 'port' ('out_port' resolved from IN_PORT). */
static void
do_output(struct run *run, const struct sim_pkt *p, uint32_t port)
{
    const struct sim_port *peer;
    struct sim_pkt next;

    if (port == OFPP13_CONTROLLER) {
        add_event(run, FABRIC_SIM_CONTROLLER, p, 0);
        return;
    }
    if (port == OFPP13_IN_PORT) {
        port = p->in_port;
    } else if (port == p->in_port) {
        /* OpenFlow: a plain output never goes back to the in_port. */
        add_event(run, FABRIC_SIM_DROP, p, port);
        return;
    }
    if (port >= OFPP13_MAX || !port_live(run->sim, p->dpid, port)) {
        add_event(run, FABRIC_SIM_DROP, p, port);
        return;
    }
    if (tunnel_at(run->sim, p->dpid, port)) {
        do_tunnel(run, p, tunnel_at(run->sim, p->dpid, port));
        return;
    }
    peer = peer_of(run->sim, p->dpid, port);
    if (!peer) {
        add_event(run, FABRIC_SIM_DELIVER, p, port);
        return;
    }
    if (!port_live(run->sim, peer->dpid, peer->port)) {
        add_event(run, FABRIC_SIM_DROP, p, port);
        return;
    }
    if (p->n_hops >= run->max_hops) {
        add_event(run, FABRIC_SIM_LOOP, p, port);
        return;
    }
    next = *p;
    next.dpid = peer->dpid;
    next.in_port = peer->port;
    next.f.in_port = htonl(peer->port);
    next.f.metadata = 0;
    next.n_hops++;
    if (run->trace) {
        ds_put_format(run->trace, "  %#"PRIx64":%"PRIu32" -> %#"PRIx64
                      ":%"PRIu32"\n", p->dpid, port, peer->dpid, peer->port);
    }
    process(run, &next, 0);
}

static bool
bucket_live(const struct run *run, const struct sim_pkt *p,
            const struct ofp_bucket *b)
{
    return b->watch_port == OFPP13_ANY
           || port_live(run->sim, p->dpid, b->watch_port);
}

static void
do_group(struct run *run, const struct sim_pkt *p, uint32_t group_id)
{
    const struct fabric_group *g
        = fabric_state_find_group(state_of(run->sim, p->dpid), group_id);
    size_t i;

    if (!g) {
        if (run->trace) {
            ds_put_format(run->trace, "  no group %#"PRIx32"\n", group_id);
        }
        add_event(run, FABRIC_SIM_DROP, p, 0);
        return;
    }
    if (run->trace) {
        ds_put_format(run->trace, "  group %#"PRIx32"\n", group_id);
    }
    switch (g->type) {
    case OFPGT13_ALL:
    case OFPGT13_INDIRECT:
        for (i = 0; i < g->n_buckets; i++) {
            struct sim_pkt copy = *p;

            do_actions(run, &copy, g->buckets[i].actions,
                       g->buckets[i].n_actions);
        }
        if (!g->n_buckets) {
            add_event(run, FABRIC_SIM_DROP, p, 0);
        }
        return;
    case OFPGT13_SELECT: {
        bool any = false;

        for (i = 0; i < g->n_buckets; i++) {
            if (bucket_live(run, p, &g->buckets[i])) {
                struct sim_pkt copy = *p;

                any = true;
                do_actions(run, &copy, g->buckets[i].actions,
                           g->buckets[i].n_actions);
            }
        }
        if (!any) {
            add_event(run, FABRIC_SIM_DROP, p, 0);
        }
        return;
    }
    case OFPGT13_FF:
        for (i = 0; i < g->n_buckets; i++) {
            if (bucket_live(run, p, &g->buckets[i])) {
                struct sim_pkt copy = *p;

                do_actions(run, &copy, g->buckets[i].actions,
                           g->buckets[i].n_actions);
                return;
            }
        }
        add_event(run, FABRIC_SIM_DROP, p, 0);
        return;
    default:
        add_event(run, FABRIC_SIM_DROP, p, 0);
        return;
    }
}

/* Runs the action list 'a' on 'p', which the VLAN actions change (for
 * the rest of the list and, from apply_actions, the next tables). */
static void
do_actions(struct run *run, struct sim_pkt *p,
           const struct ofp_action *a, size_t n)
{
    size_t i;

    for (i = 0; i < n && !run->r->truncated; i++) {
        switch (a[i].type) {
        case OFPACT_OUTPUT:
            do_output(run, p, a[i].output.port);
            break;
        case OFPACT_GROUP:
            do_group(run, p, a[i].group_id);
            break;
        case OFPACT_PUSH_VLAN:
            /* The new tag copies the VID of the old outer one, if any. */
            if (p->f.vlan_vid) {
                if (p->n_inner < ARRAY_SIZE(p->inner_vlans)) {
                    p->inner_vlans[p->n_inner++] = p->f.vlan_vid;
                }
            } else {
                p->f.vlan_vid = htons(OFPVID_PRESENT);
            }
            break;
        case OFPACT_POP_VLAN:
        case OFPACT_STRIP_VLAN:
            p->f.vlan_vid = p->n_inner ? p->inner_vlans[--p->n_inner]
                                       : htons(OFPVID_NONE);
            break;
        case OFPACT_SET_FIELD:
            if (a[i].set_field.field == MFF_VLAN_VID && p->f.vlan_vid) {
                p->f.vlan_vid = a[i].set_field.value.be16
                                | htons(OFPVID_PRESENT);
            } else if (a[i].set_field.field == MFF_TUNNEL_ID
                       || a[i].set_field.field == MFF_TUN_IPV4_DST
                       || a[i].set_field.field == MFF_ETH_SRC
                       || a[i].set_field.field == MFF_ETH_DST) {
                const struct mf_field_info *info
                    = ofp_match_field_info(a[i].set_field.field);

                memcpy((uint8_t *) &p->f + info->offset,
                       a[i].set_field.value.bytes, info->size);
            }
            break;
        default:
            break;
        }
    }
}

static void
process(struct run *run, struct sim_pkt *p, uint8_t table_id)
{
    const struct fabric_state *s = state_of(run->sim, p->dpid);
    size_t steps;

    if (!s) {
        add_event(run, FABRIC_SIM_DROP, p, 0);
        return;
    }
    for (steps = 0; steps < MAX_TABLE_STEPS; steps++) {
        const struct fabric_flow *best = NULL;
        const struct ofp_instructions *ins;
        size_t i, n = fabric_state_n_flows(s);

        for (i = 0; i < n; i++) {
            const struct fabric_flow *f = fabric_state_flow_at(s, i);

            if (f->table_id != table_id || !flow_matches(&f->match, &p->f)) {
                continue;
            }
            if (best && f->priority == best->priority) {
                run->r->ambiguous = true;
            }
            if (!best || f->priority > best->priority) {
                best = f;
            }
        }
        if (!best) {
            if (run->trace) {
                ds_put_format(run->trace, "  %#"PRIx64" table %u: miss\n",
                              p->dpid, table_id);
            }
            add_event(run, FABRIC_SIM_DROP, p, 0);
            return;
        }
        if (run->trace) {
            ds_put_format(run->trace, "  %#"PRIx64" table %u: priority %u "
                          "in_port %"PRIu32": ", p->dpid, table_id,
                          best->priority, p->in_port);
            ofp_match_format(run->trace, &best->match);
            ds_put_cstr(run->trace, " actions=");
            ofp_instructions_format(run->trace, &best->instructions);
            ds_put_char(run->trace, '\n');
        }
        ins = &best->instructions;
        if (ins->present & OFPINST_APPLY_ACTIONS) {
            do_actions(run, p, ins->apply_actions, ins->n_apply_actions);
        }
        if (ins->present & OFPINST_WRITE_METADATA) {
            uint64_t md = ntohll(p->f.metadata);

            md = (md & ~ins->metadata_mask)
                 | (ins->metadata & ins->metadata_mask);
            p->f.metadata = htonll(md);
        }
        if (!(ins->present & OFPINST_GOTO_TABLE)) {
            if (!(ins->present & OFPINST_APPLY_ACTIONS)
                || !ins->n_apply_actions) {
                add_event(run, FABRIC_SIM_DROP, p, 0);
            }
            return;
        }
        if (ins->goto_table <= table_id) {
            add_event(run, FABRIC_SIM_DROP, p, 0);
            return;
        }
        table_id = ins->goto_table;
    }
}

void
fabric_sim_run(const struct fabric_sim *sim, uint64_t dpid,
               const struct fabric_sim_packet *pkt, size_t max_hops,
               struct fabric_sim_result *result, struct ds *trace)
{
    struct run run = { sim, max_hops, result, trace };
    struct sim_pkt p;

    memset(&p, 0, sizeof p);
    p.dpid = dpid;
    p.in_port = pkt->in_port;
    p.f.in_port = htonl(pkt->in_port);
    p.f.eth_src = pkt->eth_src;
    p.f.eth_dst = pkt->eth_dst;
    p.f.eth_type = htons(pkt->eth_type);
    p.f.vlan_vid = htons(pkt->vlan_vid);
    process(&run, &p, 0);
}
