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
 *     bindings, destinations, attachments, overlay placement and the set
 *     of switches that carry it (flood groups go to tree neighbours that
 *     carry it);
 *   - a local part: the bindings, destinations and attachments on the
 *     switch itself, whatever their network.
 * It is conservative: anything the tenant compiler may read about a
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

#endif /* fabric-tenant-fp.h */
