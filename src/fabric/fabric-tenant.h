/* fabric-tenant: the pure compiler of tenant networks (issue 5) into the
 * fabric's OpenFlow 1.3 pipeline. It takes the tenant model (an immutable
 * vnet_snapshot), the fabric's view (graph, paths, hosts, slots) and the
 * fabric's own compiled state for one switch, and
 *   - adds the tenant flows and groups (cookie app FABRIC_APP_VNET, group
 *     app byte 0x02) to a second state, and
 *   - takes the tenant's ports out of the fabric's default forwarding in
 *     the fabric's state (flood group buckets, in_port and host entries),
 *     so untenanted traffic never reaches a tenant port.
 * docs/pipeline.md, section "Tenant networks", has the tables and why.
 *
 * In short: table 0 classifies edge frames by binding (switch port, port +
 * VLAN with the edge VLAN popped, MAC on any unbound edge port; unknown
 * MACs there to the quarantine network or dropped) into metadata bits
 * 63..32 = network id, and frames tagged with a network's transport VLAN
 * (VLAN id = network id) on inter-switch ports through table 1 (pop,
 * metadata); table 10 drops untenanted frames that carry a transport VLAN;
 * table 21 looks up (network, eth_dst): local ports directly (VLAN pushed
 * for port + VLAN bindings), other switches by pushing the transport VLAN
 * and handing over to the fabric's path table 30, the rest flooded through
 * the network's own ALL group (the network's local ports + the fabric's
 * flooding-tree ports, tagged). A switch carries a network (its table 1,
 * 21 and flood group entries) only where fabric_tenant_carries() says.
 *
 * Overlay (issue 6), with the hypervisors' facts (fabric-overlay.h): on a
 * br-int, ports of kind iface-id are bound to their VIF, SSP attachments
 * classify tagged frames of its attachment ports, frames from tunnel
 * ports are classified by tun_id into table 22 (local delivery only), and
 * other br-ints are reached by set_field tun_id/tun_dst + output to a
 * tunnel port (flooding: one copy per br-int with ports of the network);
 * a gateway br-int with fabric links joins the two sides. docs/pipeline.md,
 * section "Overlay", has the tables.
 *
 * Pure: no I/O, clock or globals. A view borrows its snapshot and fabric
 * view until fabric_tenant_view_uninit(). */
#ifndef KUMO_FABRIC_TENANT_H
#define KUMO_FABRIC_TENANT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fabric/fabric-overlay.h"
#include "lib/util.h"

struct fabric_state;
struct fabric_view;
struct topo_graph;
struct vnet_snapshot;

/* Tables of the tenant pipeline (0, 10 and 30 are shared with the
 * fabric; see fabric-compile.h). */
enum fabric_tenant_table {
    FABRIC_TENANT_TABLE_TRANSPORT = 1,  /* Tagged frames from fabric ports. */
    FABRIC_TENANT_TABLE_L2 = 21,        /* (network, eth_dst) lookup. */
    FABRIC_TENANT_TABLE_FROM_TUNNEL = 22,   /* br-int: the same for frames
                                             * that came from a tunnel
                                             * (delivered locally only). */
};

/* Priorities. */
enum fabric_tenant_priority {
    /* Table 0. */
    FABRIC_TENANT_PRIO_TRANSPORT = 50000,   /* Fabric port, tagged. */
    FABRIC_TENANT_PRIO_TUNNEL = 48000,      /* br-int tunnel port, tun_id. */
    FABRIC_TENANT_PRIO_BIND = 47000,        /* Port / port+VLAN binding. */
    FABRIC_TENANT_PRIO_BOUND_PORT = 46500,  /* Rest of a bound port: drop. */
    FABRIC_TENANT_PRIO_MAC_HERE = 46000,    /* MAC-bound host, located. */
    FABRIC_TENANT_PRIO_MAC_LEARN = 45000,   /* MAC-bound host -> ctl. */
    FABRIC_TENANT_PRIO_UNKNOWN_MAC = 44000, /* Quarantine or drop. */
    /* Table 1. */
    FABRIC_TENANT_PRIO_NET_VLAN = 1000,
    /* Table 10. */
    FABRIC_TENANT_PRIO_GUARD = 50000,       /* Untenanted + transport VLAN. */
    /* Table 21. */
    FABRIC_TENANT_PRIO_DST = 30000,
    FABRIC_TENANT_PRIO_NO_FLOOD = 20000,    /* Non-tree fabric port. */
    FABRIC_TENANT_PRIO_FLOOD = 10000,
};

/* Metadata bits 63..32 carry the network id (bits 16..0 stay the
 * fabric's). */
#define FABRIC_TENANT_META_SHIFT 32
#define FABRIC_TENANT_META_MASK 0xffffffff00000000ull

/* Highest id of a network with a fabric side (ports on fabric switches,
 * on br-ints with fabric links, MAC bindings, quarantine): the id is its
 * transport VLAN id on inter-switch links. A network above it is carried
 * only while it is tunnels-only (every port on br-ints without fabric
 * links; between them it travels as its VNI in tun_id and never gets a
 * VLAN); otherwise it is skipped (counted in n_skipped). */
#define FABRIC_TENANT_MAX_NET_ID 4094u

/* Highest network id carried at all: flood group ids hold 20 bits of it
 * (below). The store refuses higher ids (VNET_NETWORK_ID_MAX is the
 * same); the compiler skips them, so two networks never share a group. */
#define FABRIC_TENANT_MAX_OVERLAY_NET_ID 0xfffffu

/* Highest VNI: tun_id carries 24 bits (VXLAN, Geneve). */
#define FABRIC_TENANT_MAX_VNI 0xffffffu

/* True if network 'net_id' may have a transport VLAN (a fabric side). A
 * carried network above it is tunnels-only: no table-1 entry, table-10
 * guard, fabric-tree flood bucket or fabric route anywhere. */
static inline bool
fabric_tenant_has_transport(uint32_t net_id)
{
    return net_id <= FABRIC_TENANT_MAX_NET_ID;
}

/* Group id of network 'net_id''s flood group (net_id at most
 * FABRIC_TENANT_MAX_OVERLAY_NET_ID: the id is not masked into another
 * network's). */
static inline uint32_t
fabric_tenant_flood_group(uint32_t net_id)
{
    return 0x02000000u | (net_id & FABRIC_TENANT_MAX_OVERLAY_NET_ID);
}

/* Group id of network 'net_id''s flood group for frames that came from a
 * tunnel (br-int: local ports, and the fabric tree on the gateway). */
static inline uint32_t
fabric_tenant_tunnel_flood_group(uint32_t net_id)
{
    return 0x02100000u | (net_id & FABRIC_TENANT_MAX_OVERLAY_NET_ID);
}

/* One port binding (switch port, or switch port + VLAN; a port of kind
 * iface-id becomes a switch-port binding of its VIF's (br-int, ofport)). */
struct fabric_tenant_bind {
    uint64_t dpid;
    uint32_t port;
    uint16_t vlan;              /* 0: whole port (untagged frames). */
    uint32_t net_id;
    bool has_mac;               /* Anti-spoofing: only this source. */
    struct eth_addr mac;
};

/* A MAC binding, and where the fabric last saw it (dpid 0: nowhere). */
struct fabric_tenant_mac {
    struct eth_addr mac;
    uint32_t net_id;
    uint64_t dpid;
    uint32_t port;
};

/* A destination the tenant pipeline knows: (network, MAC) at a port. */
struct fabric_tenant_host {
    uint32_t net_id;
    struct eth_addr mac;
    uint64_t dpid;
    uint32_t port;              /* 0: an SSP attachment of br-int 'dpid':
                                 * its attachment ports (see below). */
    uint16_t vlan;              /* Edge VLAN to push on delivery, or 0. */
};

/* An SSP VIF attachment: frames tagged 'vlan' on the non-tunnel edge
 * ports of br-int 'dpid' that no port binding holds (its "attachment
 * ports") belong to 'net_id'. */
struct fabric_tenant_attach {
    uint64_t dpid;
    uint16_t vlan;
    uint32_t net_id;
    bool has_mac;               /* Anti-spoofing: only this source. */
    struct eth_addr mac;
};

/* A hypervisor's br-int as the tenant pipeline sees it. */
struct fabric_tenant_chassis {
    uint64_t dpid;
    be32 tunnel_ip;
    unsigned int encaps;
    uint32_t tunnel_ports[FABRIC_OVERLAY_N_ENCAPS];
    bool fabric_attached;       /* Has links to fabric switches. */
};

/* A port that carries a VM interface (bound or not). */
struct fabric_tenant_vif_port {
    uint64_t dpid;
    uint32_t port;
};

/* Where a carried network lives in the overlay (parallel to 'nets'). */
struct fabric_tenant_net {
    uint32_t vni;               /* tun_id between br-ints: the network's
                                 * VNI, or its id. */
    bool fabric_side;           /* Ports on fabric switches or on
                                 * fabric-attached br-ints. */
    uint64_t *chassis;          /* br-ints with ports of it; owned. */
    size_t n_chassis;
};

/* What the compiler reads; build with fabric_tenant_view_init(). */
struct fabric_tenant_view {
    const struct vnet_snapshot *snap;   /* Not dereferenced after init
                                         * (nonnull: there is a model). */
    const struct fabric_view *fview;    /* Borrowed; may be NULL. */
    const struct topo_graph *graph;     /* Borrowed: fview's, or the one
                                         * given to _init_claims(). */
    uint32_t *nets;             /* Network ids carried, sorted; owned. */
    size_t n_nets;
    struct fabric_tenant_bind *binds;   /* Sorted by (dpid, port, vlan). */
    size_t n_binds;
    struct fabric_tenant_mac *macs;     /* Owned. */
    size_t n_macs;
    struct fabric_tenant_host *hosts;   /* Owned. */
    size_t n_hosts;
    bool mac_mode;              /* MAC bindings or a quarantine network:
                                 * every unbound edge port is classified
                                 * by source MAC. */
    uint32_t quarantine_net;    /* 0: unknown MACs are dropped. */
    size_t n_skipped;           /* Networks / bindings not carried: id
                                 * above FABRIC_TENANT_MAX_NET_ID with a
                                 * fabric side, id above
                                 * FABRIC_TENANT_MAX_OVERLAY_NET_ID, a VNI
                                 * out of range or another network's,
                                 * unknown network. */

    /* Overlay (issue 6); empty without overlay facts. */
    struct fabric_tenant_net *net_info;     /* Parallel to 'nets'. */
    struct fabric_tenant_chassis *chassis;  /* Sorted by dpid; owned. */
    size_t n_chassis;
    struct fabric_tenant_attach *attaches;  /* Owned. */
    size_t n_attaches;
    uint64_t gateway;           /* The br-int that bridges tunnels and the
                                 * fabric: the lowest-dpid fabric-attached
                                 * one; 0: none. */
    struct fabric_tenant_vif_port *vif_ports;   /* Every VIF's (br-int,
                                                 * ofport), sorted; owned. */
    size_t n_vif_ports;
    size_t n_unresolved;        /* iface-id ports without a VIF, VIF
                                 * attachments without a chassis. */
    struct fabric_tenant_scope *scope;  /* Where each network is carried:
                                         * sorted by (dpid, net_id);
                                         * owned. */
    size_t n_scope;
    bool scoped;                /* 'scope' was computed (the fabric view
                                 * has paths); else every switch carries
                                 * every network. */
    struct fabric_tenant_scope *scope_members;  /* The switches with ports
                                                 * of each network the
                                                 * scope is computed from,
                                                 * sorted by (net_id,
                                                 * dpid); owned. */
    size_t n_scope_members;
};

/* Switch 'dpid' carries network 'net_id' (see fabric_tenant_carries()). */
struct fabric_tenant_scope {
    uint64_t dpid;
    uint32_t net_id;
};

/* Builds 'tv' from the model 'snap' (may be NULL: no tenants; read only
 * during this call, so it may be released afterwards: 'tv' keeps what it
 * needs) and the fabric's view 'fview' (its hosts locate MAC-bound
 * devices; borrowed until fabric_tenant_view_uninit()). */
void fabric_tenant_view_init(struct fabric_tenant_view *tv,
                             const struct vnet_snapshot *snap,
                             const struct fabric_view *fview);

/* The same, with the hypervisors' facts 'ov' (read only during this call;
 * NULL: no overlay): ports of kind iface-id are bound to their VIF, SSP
 * VIF attachments to their chassis' br-int, and br-ints get the overlay
 * pipeline (docs/pipeline.md, "Overlay"). */
void fabric_tenant_view_init_overlay(struct fabric_tenant_view *tv,
                                     const struct vnet_snapshot *snap,
                                     const struct fabric_view *fview,
                                     const struct fabric_overlay *ov);

/* The same, taking each network's scope from 'prev' (nonnull: a view
 * built over a fabric view with the same contents as 'fview', e.g. the
 * same one; read during the call only) where the network's member
 * switches are those it had there: a tenant change that adds a port on a
 * switch that already has ports of its network does not recompute the
 * network's paths. */
void fabric_tenant_view_init_reuse(struct fabric_tenant_view *tv,
                                   const struct vnet_snapshot *snap,
                                   const struct fabric_view *fview,
                                   const struct fabric_overlay *ov,
                                   const struct fabric_tenant_view *prev);

/* Builds 'tv' from 'snap' and 'graph' only, for
 * fabric_tenant_port_claimed() (MAC-bound devices are not located, and
 * 'tv' cannot compile). Both borrowed. */
void fabric_tenant_view_init_claims(struct fabric_tenant_view *tv,
                                    const struct vnet_snapshot *snap,
                                    const struct topo_graph *graph);

/* The same with overlay facts 'ov' (read during the call only). */
void fabric_tenant_view_init_claims_overlay(struct fabric_tenant_view *tv,
                                            const struct vnet_snapshot *snap,
                                            const struct topo_graph *graph,
                                            const struct fabric_overlay *ov);

/* Frees what 'tv' owns. */
void fabric_tenant_view_uninit(struct fabric_tenant_view *tv);

/* True if port (dpid, port) belongs to the tenant pipeline: bound by a
 * switch-port or port+VLAN binding, an edge port of the graph while
 * MAC classification is on, or any edge or tunnel port of a br-int. The fabric must neither flood untenanted
 * frames there nor send on frames that came from there. */
bool fabric_tenant_port_claimed(const struct fabric_tenant_view *tv,
                                uint64_t dpid, uint32_t port);

/* True if (dpid, port) is a tunnel port or a VM interface (bound or not)
 * of a hypervisor's br-int. */
bool fabric_tenant_port_is_overlay(const struct fabric_tenant_view *tv,
                                   uint64_t dpid, uint32_t port);
/* True if switch 'dpid' carries network 'net_id': it has ports of the
 * network (a port or port+VLAN binding on an edge port, a located
 * MAC-bound device, or, for the quarantine network, an unbound edge port
 * without a MAC-bound device), or it lies on the flooding tree between
 * two such switches, or on a path (any equal-cost or backup next hop, in
 * the current or the transitional paths) from one such switch to
 * another. Only those switches get the network's table-1, table-21 and
 * flood-group entries, and flood groups send the network only to tree
 * neighbours that carry it. Every switch keeps the network's table-10
 * guard: a frame of the network that reaches a switch not carrying it
 * (a failover detour, a switch not yet updated) is dropped there, never
 * handed to the fabric's untenanted forwarding. */
bool fabric_tenant_carries(const struct fabric_tenant_view *tv,
                           uint64_t dpid, uint32_t net_id);

/* Compiles switch 'dpid': 'fabric' holds the fabric's compiled state of
 * that switch (fabric_compile_switch()) and is edited in place so that no
 * untenanted traffic reaches, or comes from, a claimed port; 'out' is
 * cleared and receives the tenant flows and groups. */
void fabric_tenant_compile_switch(const struct fabric_tenant_view *tv,
                                  uint64_t dpid, struct fabric_state *fabric,
                                  struct fabric_state *out);

/* Compiles, for switch 'dpid', just the destination entries (tables 21
 * and, on a br-int, 22) of 'hosts' (in order: of several with the same
 * network and MAC the last one wins, as in the view's 'hosts'), exactly
 * as fabric_tenant_compile_switch() compiles them for a view like 'tv'
 * (the hosts need not be tv's: a view whose switch 'dpid' has the same
 * fabric_tenant_fp_switch_parts() 'base' compiles them alike); hosts of
 * networks the switch does not carry yield nothing. 'tenant' is the
 * switch's tenant state as fabric_tenant_compile_switch() compiled it
 * from such a view (read: whether the switch has fabric ports). 'out' is
 * cleared first. Cost: O(n_hosts) plus the switch's scope lookup. */
void fabric_tenant_compile_hosts(const struct fabric_tenant_view *tv,
                                 uint64_t dpid,
                                 const struct fabric_state *tenant,
                                 const struct fabric_tenant_host *hosts,
                                 size_t n_hosts, struct fabric_state *out);

/* Adds to 'out' the entries of 'tenant' (a switch's tenant state) that
 * sit where destinations 'hosts' have theirs (table 21 and 22, their
 * network and MAC), whatever they hold. */
void fabric_tenant_find_hosts(const struct fabric_state *tenant,
                              const struct fabric_tenant_host *hosts,
                              size_t n_hosts, struct fabric_state *out);

#endif /* fabric-tenant.h */
