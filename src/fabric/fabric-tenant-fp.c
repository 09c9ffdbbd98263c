/* fabric-tenant-fp: per-switch fingerprints of the tenant compiler's
 * inputs, for fabric-core's incremental recompile (see the header). */
#include "fabric/fabric-tenant-fp.h"

#include <stdlib.h>
#include <string.h>

#include "fabric/fabric-compile.h"
#include "fabric/fabric-tenant.h"
#include "lib/util.h"
#include "topo/topo-path.h"

/* A 64-bit finaliser (splitmix64's). */
static uint64_t
mix(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/* Chains 'v' into the ordered hash 'h'. */
static uint64_t
hx(uint64_t h, uint64_t v)
{
    return mix(h ^ mix(v + UINT64_C(0x9e3779b97f4a7c15)));
}

static uint64_t
mac_u64(const struct eth_addr *ea)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < 6; i++) {
        v = v << 8 | ea->ea[i];
    }
    return v;
}

static int
u32_cmp(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_, b = *(const uint32_t *) b_;

    return a < b ? -1 : a > b;
}

static int
local_cmp(const void *a_, const void *b_)
{
    const struct fabric_tenant_fp_local *a = a_, *b = b_;

    return a->dpid < b->dpid ? -1 : a->dpid > b->dpid;
}

/* Index of 'net_id' in tv->nets, or SIZE_MAX. */
static size_t
net_index(const struct fabric_tenant_view *tv, uint32_t net_id)
{
    const uint32_t *p = tv->n_nets
                        ? bsearch(&net_id, tv->nets, tv->n_nets,
                                  sizeof *tv->nets, u32_cmp)
                        : NULL;

    return p ? (size_t) (p - tv->nets) : SIZE_MAX;
}

/* True if the fabric view of 'tv' has a host on (dpid, port). */
static bool
fabric_host_at(const struct fabric_tenant_view *tv, uint64_t dpid,
               uint32_t port)
{
    const struct fabric_view *fv = tv->fview;
    size_t lo = 0, hi = fv ? fv->n_hosts : 0;

    while (lo < hi) {           /* First host at or after (dpid, port). */
        size_t mid = lo + (hi - lo) / 2;
        const struct fabric_host *h = &fv->hosts[mid];

        if (h->dpid < dpid || (h->dpid == dpid && h->port < port)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < (fv ? fv->n_hosts : 0) && fv->hosts[lo].dpid == dpid
           && fv->hosts[lo].port == port;
}

/* Adds item hash 'h' (of an item of network 'net_id') to its network's
 * part ('dest': its destination part), or to the global part if the
 * network is not carried. Sums: the parts are sets, in any order. */
static void
add_net(struct fabric_tenant_fp *fp, const struct fabric_tenant_view *tv,
        uint32_t net_id, uint64_t h, bool dest)
{
    size_t i = net_index(tv, net_id);

    if (i == SIZE_MAX) {
        fp->global += hx(h, 0xdead);
    } else if (dest) {
        fp->net_dest_fp[i] += h;
    } else {
        fp->net_fp[i] += h;
    }
}

/* Records item hash 'h' as part of switch 'dpid''s local part. */
static void
add_local(struct fabric_tenant_fp_local **v, size_t *n, size_t *cap,
          uint64_t dpid, uint64_t h)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[*n].dpid = dpid;
    (*v)[*n].fp = h;
    (*n)++;
}

/* Builds 'fp' from 'tv' (read during the call only). */
void
fabric_tenant_fp_init(struct fabric_tenant_fp *fp,
                      const struct fabric_tenant_view *tv)
{
    struct fabric_tenant_fp_local *locals = NULL;
    size_t n = 0, cap = 0, i, j;
    uint64_t h;

    memset(fp, 0, sizeof *fp);
    fp->net_fp = xcalloc(tv->n_nets + 1, sizeof *fp->net_fp);
    fp->net_dest_fp = xcalloc(tv->n_nets + 1, sizeof *fp->net_dest_fp);

    /* Global, ordered. */
    h = hx(0x7e4a47, tv->n_nets);
    for (i = 0; i < tv->n_nets; i++) {
        h = hx(h, tv->nets[i]);
        fp->net_fp[i] = hx(0x4e7, tv->nets[i]);
    }
    h = hx(h, tv->mac_mode);
    h = hx(h, tv->quarantine_net);
    h = hx(h, tv->gateway);
    h = hx(h, tv->scoped);
    h = hx(h, tv->n_unresolved);
    h = hx(h, tv->n_chassis);
    for (i = 0; i < tv->n_chassis; i++) {
        const struct fabric_tenant_chassis *c = &tv->chassis[i];

        h = hx(h, c->dpid);
        h = hx(h, c->tunnel_ip);
        h = hx(h, c->encaps);
        h = hx(h, c->fabric_attached);
        for (j = 0; j < FABRIC_OVERLAY_N_ENCAPS; j++) {
            h = hx(h, c->tunnel_ports[j]);
        }
    }
    fp->global = h;

    /* Global, unordered: MAC bindings (located anywhere) and VIF ports. */
    for (i = 0; i < tv->n_macs; i++) {
        const struct fabric_tenant_mac *m = &tv->macs[i];

        fp->global += hx(hx(hx(hx(1, mac_u64(&m->mac)), m->net_id),
                            m->dpid), m->port);
    }
    for (i = 0; i < tv->n_vif_ports; i++) {
        const struct fabric_tenant_vif_port *v = &tv->vif_ports[i];

        fp->global += hx(hx(2, v->dpid), v->port);
    }

    /* Per network and local, unordered. */
    for (i = 0; i < tv->n_binds; i++) {
        const struct fabric_tenant_bind *b = &tv->binds[i];

        h = hx(hx(hx(hx(hx(hx(3, b->dpid), b->port), b->vlan), b->net_id),
                  b->has_mac), b->has_mac ? mac_u64(&b->mac) : 0);
        /* Not in the network's part: another switch's compile reads a
         * binding only through the network's scope (hashed below), its
         * overlay placement (net_info, below) and the claimed ports
         * where the fabric knows a host (global, below). */
        add_local(&locals, &n, &cap, b->dpid, h);
        if (fabric_host_at(tv, b->dpid, b->port)) {
            /* The port is taken out of the fabric's part: every switch's
             * fabric entries for the host there go. */
            fp->global += hx(hx(8, b->dpid), b->port);
        }
    }
    for (i = 0; i < tv->n_hosts; i++) {
        const struct fabric_tenant_host *t = &tv->hosts[i];

        h = hx(hx(hx(hx(hx(4, t->net_id), mac_u64(&t->mac)), t->dpid),
                  t->port), t->vlan);
        add_net(fp, tv, t->net_id, h, true);
        add_local(&locals, &n, &cap, t->dpid, h);
    }
    for (i = 0; i < tv->n_attaches; i++) {
        const struct fabric_tenant_attach *a = &tv->attaches[i];

        h = hx(hx(hx(hx(hx(5, a->dpid), a->vlan), a->net_id), a->has_mac),
               a->has_mac ? mac_u64(&a->mac) : 0);
        add_net(fp, tv, a->net_id, h, false);
        add_local(&locals, &n, &cap, a->dpid, h);
    }
    /* The scope is not hashed per network: a switch's compile reads it
     * only for itself and its link peers (fabric_tenant_fp_switch_parts()
     * hashes those). */
    for (i = 0; tv->net_info && i < tv->n_nets; i++) {
        const struct fabric_tenant_net *ni = &tv->net_info[i];

        h = hx(hx(hx(7, ni->vni), ni->fabric_side), ni->n_chassis);
        for (j = 0; j < ni->n_chassis; j++) {
            h = hx(h, ni->chassis[j]);
        }
        fp->net_fp[i] += h;
    }

    /* One local part per switch. */
    if (n) {
        qsort(locals, n, sizeof *locals, local_cmp);
        for (i = j = 0; i < n; i++) {
            if (j && locals[j - 1].dpid == locals[i].dpid) {
                locals[j - 1].fp += locals[i].fp;
            } else {
                locals[j++] = locals[i];
            }
        }
        n = j;
    }
    fp->locals = locals;
    fp->n_locals = n;
}

/* Frees what 'fp' owns. */
void
fabric_tenant_fp_uninit(struct fabric_tenant_fp *fp)
{
    free(fp->net_fp);
    free(fp->net_dest_fp);
    free(fp->locals);
    memset(fp, 0, sizeof *fp);
}

/* True if br-int 'dpid' has ports of network 'i' of 'tv'. */
static bool
chassis_has_net(const struct fabric_tenant_view *tv, size_t i, uint64_t dpid)
{
    const struct fabric_tenant_net *ni;
    size_t j;

    if (!tv->net_info) {
        return false;
    }
    ni = &tv->net_info[i];
    for (j = 0; j < ni->n_chassis; j++) {
        if (ni->chassis[j] == dpid) {
            return true;
        }
    }
    return false;
}

/* Computes the two parts of switch 'dpid''s tenant fingerprint. */
void
fabric_tenant_fp_switch_parts(const struct fabric_tenant_fp *fp,
                              const struct fabric_tenant_view *tv,
                              uint64_t dpid, uint64_t *base, uint64_t *dests)
{
    struct fabric_tenant_fp_local key = { dpid, 0 };
    const struct fabric_tenant_fp_local *loc;
    uint64_t h = hx(fp->global, dpid);
    uint64_t d = hx(0xde57, dpid);
    struct topo_hop *links = NULL;
    size_t n_links = 0, i, j;

    if (tv->scoped && tv->fview && tv->fview->path) {
        /* Its flood groups go to the tree neighbours that carry a
         * network (fabric-tenant.c, tree_port_carries()). */
        n_links = topo_path_links(tv->fview->path, dpid, NULL, 0);
        links = xcalloc(n_links + 1, sizeof *links);
        n_links = MIN(n_links, topo_path_links(tv->fview->path, dpid, links,
                                               n_links));
    }
    for (i = 0; i < tv->n_nets; i++) {
        bool carries = fabric_tenant_carries(tv, dpid, tv->nets[i]);

        if (carries || (tv->gateway && tv->gateway == dpid)
            || chassis_has_net(tv, i, dpid)) {
            h = hx(h, fp->net_fp[i] + carries);
            for (j = 0; j < n_links; j++) {
                h = hx(h, fabric_tenant_carries(tv, links[j].peer_dpid,
                                                tv->nets[i]));
            }
            d = hx(d, fp->net_dest_fp[i]);
        } else {
            h = hx(h, 0);
        }
    }
    free(links);
    loc = fp->n_locals
          ? bsearch(&key, fp->locals, fp->n_locals, sizeof *fp->locals,
                    local_cmp)
          : NULL;
    *base = hx(h, loc ? loc->fp : 0);
    *dests = d;
}

/* Returns the tenant fingerprint of switch 'dpid'. */
uint64_t
fabric_tenant_fp_switch(const struct fabric_tenant_fp *fp,
                        const struct fabric_tenant_view *tv, uint64_t dpid)
{
    uint64_t base, dests;

    fabric_tenant_fp_switch_parts(fp, tv, dpid, &base, &dests);
    return hx(base, dests);
}
