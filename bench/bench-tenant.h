/* bench-tenant: what kumo-bench's tenant-network benchmarks share
 * (issue 5 item 10): a generated tenant model on a generated topology
 * (bench-topo.h), the fabric view kumod's fabric thread would hold for
 * that topology, the per-switch compilation kumod does (fabric + tenant,
 * as fabric-core's sync_one()), and an emulated switch flow table (a
 * fabric_state kept up to date by the flow-mods and group-mods a switch
 * receives, answered back as flow-stats and group-desc replies).
 *
 * The model: 'n_networks' networks of one tenant ("net-1".. with ids
 * allocated by the store: 1, 2, ...), each present on 'spread' switches
 * picked at random (seeded) among the switches with edge ports, and
 * 'n_ports' ports spread round-robin over the networks; a network's j-th
 * port lands on the (j mod spread)-th of its switches, on that switch's
 * edge ports in turn, bound as "port-vlan" with the next VLAN unused on
 * that edge port (one network can be reached on many edges, each with its
 * own VLAN), and with a MAC of its own (so the tenant pipeline installs
 * it as a known destination).
 *
 * The network id is the transport VLAN on inter-switch links, so the
 * fabric carries ids 1..4094 only (FABRIC_TENANT_MAX_NET_ID) for networks
 * with ports on the fabric; networks above are in the model but not
 * compiled (counted as skipped).
 *
 * The hypervisor model ('iface_id', e.g. on "--topo hv:N"): every switch
 * is a hypervisor's br-int (bench_tenant_overlay() gives the chassis
 * manager's facts: one VXLAN tunnel port each, one VIF per port) and
 * each port is bound by iface-id to its own VIF on the switch's next
 * unused edge port (so a switch needs as many edge ports as VIFs:
 * --hosts). Networks then live on hypervisors only and are carried by
 * VNI whatever their id. */
#ifndef KUMO_BENCH_TENANT_H
#define KUMO_BENCH_TENANT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fabric/fabric-compile.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"

struct bench_topo;
struct buf;
struct fabric_state;
struct fabric_tenant_view;
struct ofp_header;
struct topo_graph;
struct topo_host_table;
struct topo_path;
struct vnet_db;

struct bench_tenant_model {
    uint32_t n_networks;
    uint32_t n_ports;
    uint32_t spread;            /* Switches per network (>= 1). */
    uint64_t seed;
    bool iface_id;              /* Hypervisor model: ports bound by
                                 * iface-id to VIFs (see above). */
};

/* Fills 'db' (empty) with tenant "bench" and the model 'm' on topology
 * 't'. Returns NULL or an error string (caller frees). */
char *bench_tenant_model_fill(struct vnet_db *db, const struct bench_topo *t,
                              const struct bench_tenant_model *m);

/* The chassis manager's facts for the hypervisor model 'm' (iface_id) on
 * 't': every switch a chassis (VXLAN, tunnel port
 * BENCH_TENANT_TUNNEL_PORT, tunnel IP 100.64.0.0 + switch index + 1) and
 * the VIF of every model port ("bench-vif-INDEX", on the edge port the
 * model bound it to). Also the VIF "bench-vif-extra" on a free edge port
 * (for one port added after the model) if 'extra' and one is left; its
 * switch index goes to '*extra_sw' (UINT32_MAX: none). Returns the facts,
 * finished (caller frees with fabric_overlay_destroy()). */
struct fabric_overlay;
#define BENCH_TENANT_TUNNEL_PORT 0xfff0u
struct fabric_overlay *bench_tenant_overlay(const struct bench_topo *t,
                                            const struct bench_tenant_model *m,
                                            bool extra, uint32_t *extra_sw);

/* Hands out bindings for ports added after the model (what a live
 * benchmark POSTs): a random (seeded) switch with edge ports, its edge
 * ports in turn, on each the VLANs 4094, 4093, ... in turn, and MACs the
 * model does not use. Borrows 't' until destroyed. */
struct bench_tenant_binder;
struct bench_tenant_binder *bench_tenant_binder_create(
    const struct bench_topo *t, uint64_t seed);
void bench_tenant_binder_destroy(struct bench_tenant_binder *);
/* Returns false when no binding is left (every edge VLAN taken). */
bool bench_tenant_binder_next(struct bench_tenant_binder *, uint32_t *sw,
                              uint32_t *port, uint16_t *vlan,
                              struct eth_addr *mac);

/* The fabric's view of a fully discovered topology 't', no hosts. */
struct bench_tenant_fabric {
    struct topo_graph *graph;
    struct topo_path *path;
    struct topo_host_table *hosts;
    struct fabric_view view;
};

void bench_tenant_fabric_init(struct bench_tenant_fabric *f,
                              const struct bench_topo *t);
void bench_tenant_fabric_uninit(struct bench_tenant_fabric *f);

/* Compiles switch 'dpid' as kumod does: the fabric's state from 'view',
 * then the tenant part from 'tv' (which edits the fabric's part), into
 * 'fabric' and 'tenant' (both replaced). */
void bench_tenant_compile(const struct fabric_view *view,
                          const struct fabric_tenant_view *tv, uint64_t dpid,
                          struct fabric_state *fabric,
                          struct fabric_state *tenant);

/* Appends to 'flows' the OpenFlow 1.3 FLOW multipart reply (xid
 * 'flow_xid') and to 'groups' the GROUP_DESC reply (xid 'group_xid') of a
 * switch holding 's', each split into messages of at most about 60 kB
 * with OFPMPF_REPLY_MORE on all but the last; either may be NULL (that
 * part is skipped). Returns 0 or an encoding error. */
enum ofperr bench_tenant_readback_encode(const struct fabric_state *s,
                                         uint32_t flow_xid,
                                         uint32_t group_xid,
                                         struct buf *flows,
                                         struct buf *groups);

/* Applies FLOW_MOD or GROUP_MOD 'oh' (whole message) to the table 's' as
 * an OpenFlow 1.3 switch would for the commands Kumo sends (ADD,
 * MODIFY_STRICT, DELETE_STRICT; group ADD, MODIFY, DELETE). Returns 0, a
 * decode error, or OFPERR_OFPBRC_BAD_TYPE for other messages or
 * commands. */
enum ofperr bench_tenant_apply(struct fabric_state *s,
                               const struct ofp_header *oh);

/* Makes every 100th flow of 's' (from the 51st) different from what
 * kumod wants: one removed, the next given another cookie generation, in
 * turn. Returns how many were changed. */
size_t bench_tenant_perturb(struct fabric_state *s);

/* Fills 't' (free with bench_topo_uninit()) with 'n' switches of
 * 'hosts' edge ports each and no links: the integration bridges of 'n'
 * hypervisors, which meet over an IP underlay, not over cables ("--topo
 * hv:N"). */
void bench_tenant_topo_isolated(uint32_t n, uint32_t hosts,
                                struct bench_topo *t);

#endif /* bench-tenant.h */
