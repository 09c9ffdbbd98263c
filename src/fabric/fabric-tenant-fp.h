/* fabric-tenant-fp: per-switch fingerprints of the tenant compiler's
 * inputs (fabric-tenant.h), so that a tenant-model change recompiles only
 * the switches whose tenant entries it can move, not the whole fabric.
 *
 * A switch's tenant fingerprint mixes
 *   - a global part: the carried networks (table-10 guards are on every
 *     switch), the bound ports where the fabric knows a host (the
 *     fabric's entries for it go on every switch), MAC classification (mac_mode, quarantine network, every MAC
 *     binding and where it is located), the overlay's chassis, gateway
 *     and VIF ports, whether scopes were computed;
 *   - one part per network the switch carries (fabric_tenant_carries(),
 *     or a br-int with ports of it, or the gateway): the network's
 *     attachments and overlay placement, whether the switch carries it
 *     and which of its link peers do (its flood groups go to the tree
 *     neighbours that carry it: the rest of the network's scope is not
 *     read), and apart
 *     from those its destinations (the view's 'hosts': the only input
 *     behind another switch's table-21/22 destination entries that is
 *     not in the rest). A network's port bindings are not in it: the
 *     compiler of switch S reads other switches' bindings only through
 *     the network's scope, its overlay placement and the claimed ports
 *     where the fabric knows a host (global part), all hashed;
 *   - a local part: the bindings, destinations and attachments on the
 *     switch itself, whatever their network.
 * So a port added on switch X moves X's local part, the network's
 * destination part and, if the network's scope moves, the scope bits of
 * the switches at and next to the move: the other switches that carry
 * the network keep their non-destination part
 * ("base"), and fabric-core compiles just the destination entries that
 * changed there (fabric_tenant_compile_hosts()).
 * It is conservative: anything else the tenant compiler may read about a
 * network reaches every switch that carries it. It does NOT cover the
 * fabric view (graph, paths, hosts): the caller mixes that in (fabric-core
 * adds fabric_view_fingerprint() and the round's graph and path
 * generations).
 *
 * Pure: no I/O. */
#ifndef KUMO_FABRIC_TENANT_FP_H
#define KUMO_FABRIC_TENANT_FP_H 1

#include <stddef.h>
#include <stdint.h>

struct fabric_tenant_view;

/* Precomputed per-view parts; build with fabric_tenant_fp_init(). */
struct fabric_tenant_fp {
    uint64_t global;
    uint64_t *net_fp;           /* Parallel to the view's 'nets'; owned. */
    uint64_t *net_dest_fp;      /* Destinations part of each; owned. */
    struct fabric_tenant_fp_local *locals;  /* Sorted by dpid; owned. */
    size_t n_locals;
};

/* The local part of one switch. */
struct fabric_tenant_fp_local {
    uint64_t dpid;
    uint64_t fp;
};

/* Builds 'fp' from 'tv' (read during the call only). O(n log n) in the
 * view's bindings, destinations and scope entries. */
void fabric_tenant_fp_init(struct fabric_tenant_fp *fp,
                           const struct fabric_tenant_view *tv);

/* Frees what 'fp' owns. */
void fabric_tenant_fp_uninit(struct fabric_tenant_fp *fp);

/* Returns the tenant fingerprint of switch 'dpid': two views (with their
 * 'fp's) that give a switch the same value, over fabric views that give
 * it the same fabric fingerprint and graph/path generations, compile its
 * tenant and fabric parts to the same states (barring 64-bit hash
 * collisions). 'tv' must be the view 'fp' was built from. */
uint64_t fabric_tenant_fp_switch(const struct fabric_tenant_fp *fp,
                                 const struct fabric_tenant_view *tv,
                                 uint64_t dpid);

/* Sets '*base' to the fingerprint of everything switch 'dpid''s tenant
 * compile reads but the destinations of the networks it carries on other
 * switches, and '*dests' to the fingerprint of those destinations (with
 * fabric_tenant_fp_switch(), which mixes both, the same conditions):
 * two views that give a switch the same '*base' compile it to states
 * that differ at most in table-21/22 destination entries
 * (fabric_tenant_compile_hosts()). */
void fabric_tenant_fp_switch_parts(const struct fabric_tenant_fp *fp,
                                   const struct fabric_tenant_view *tv,
                                   uint64_t dpid, uint64_t *base,
                                   uint64_t *dests);

#endif /* fabric-tenant-fp.h */
