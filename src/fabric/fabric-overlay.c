/* fabric-overlay: see fabric-overlay.h. */
#include "fabric/fabric-overlay.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct fabric_overlay *
fabric_overlay_create(void)
{
    return xzalloc(sizeof(struct fabric_overlay));
}

void
fabric_overlay_destroy(struct fabric_overlay *ov)
{
    if (ov) {
        free(ov->chassis);
        free(ov->vifs);
        free(ov);
    }
}

struct fabric_overlay *
fabric_overlay_clone(const struct fabric_overlay *ov)
{
    struct fabric_overlay *c = fabric_overlay_create();

    if (ov && ov->n_chassis) {
        c->chassis = xmemdup(ov->chassis, ov->n_chassis * sizeof *c->chassis);
        c->n_chassis = ov->n_chassis;
    }
    if (ov && ov->n_vifs) {
        c->vifs = xmemdup(ov->vifs, ov->n_vifs * sizeof *c->vifs);
        c->n_vifs = ov->n_vifs;
    }
    return c;
}

void
fabric_overlay_add_chassis(struct fabric_overlay *ov,
                           const struct fabric_overlay_chassis *ch)
{
    ov->chassis = xrealloc(ov->chassis, (ov->n_chassis + 1)
                                        * sizeof *ov->chassis);
    ov->chassis[ov->n_chassis++] = *ch;
}

void
fabric_overlay_add_vif(struct fabric_overlay *ov,
                       const struct fabric_overlay_vif *vif)
{
    ov->vifs = xrealloc(ov->vifs, (ov->n_vifs + 1) * sizeof *ov->vifs);
    ov->vifs[ov->n_vifs++] = *vif;
}

static int
chassis_cmp(const void *a_, const void *b_)
{
    const struct fabric_overlay_chassis *a = a_, *b = b_;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    return strcmp(a->uuid, b->uuid);
}

static int
vif_cmp(const void *a_, const void *b_)
{
    const struct fabric_overlay_vif *a = a_, *b = b_;
    int c = strcmp(a->iface_id, b->iface_id);

    if (c) {
        return c;
    }
    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    return (a->ofport > b->ofport) - (a->ofport < b->ofport);
}

void
fabric_overlay_finish(struct fabric_overlay *ov)
{
    if (ov->n_chassis) {
        qsort(ov->chassis, ov->n_chassis, sizeof *ov->chassis, chassis_cmp);
    }
    if (ov->n_vifs) {
        qsort(ov->vifs, ov->n_vifs, sizeof *ov->vifs, vif_cmp);
    }
}

void
fabric_overlay_keep_known(struct fabric_overlay *ov,
                          const struct fabric_overlay *old)
{
    bool resort = false;
    size_t i, j, k;

    for (i = 0; old && i < ov->n_chassis; i++) {
        struct fabric_overlay_chassis *ch = &ov->chassis[i];

        for (j = 0; j < old->n_chassis; j++) {
            const struct fabric_overlay_chassis *o = &old->chassis[j];

            if (strcmp(o->uuid, ch->uuid)) {
                continue;
            }
            if (!ch->dpid && o->dpid) {
                ch->dpid = o->dpid;
                resort = true;
            }
            for (k = 0; k < FABRIC_OVERLAY_N_ENCAPS; k++) {
                if (!ch->tunnel_ports[k] && ch->encaps & (1u << k)) {
                    ch->tunnel_ports[k] = o->tunnel_ports[k];
                }
            }
        }
    }
    for (i = 0; old && i < ov->n_vifs; i++) {
        struct fabric_overlay_vif *v = &ov->vifs[i];
        const struct fabric_overlay_vif *o;

        if (v->dpid && v->ofport) {
            continue;
        }
        o = fabric_overlay_find_vif(old, v->iface_id);
        if (o && (!v->dpid || v->dpid == o->dpid)) {
            v->dpid = o->dpid;
            v->ofport = v->ofport ? v->ofport : o->ofport;
            resort = true;
        }
    }
    if (resort) {
        fabric_overlay_finish(ov);
    }
}

/* Field by field: the structs have padding and text after the NUL. */
static bool
chassis_equal(const struct fabric_overlay_chassis *a,
              const struct fabric_overlay_chassis *b)
{
    return !strcmp(a->uuid, b->uuid) && !strcmp(a->name, b->name)
           && a->dpid == b->dpid && a->tunnel_ip == b->tunnel_ip
           && a->encaps == b->encaps
           && !memcmp(a->tunnel_ports, b->tunnel_ports,
                      sizeof a->tunnel_ports);
}

static bool
vif_equal(const struct fabric_overlay_vif *a,
          const struct fabric_overlay_vif *b)
{
    return !strcmp(a->iface_id, b->iface_id) && a->dpid == b->dpid
           && a->ofport == b->ofport && a->has_mac == b->has_mac
           && (!a->has_mac || !memcmp(&a->mac, &b->mac, sizeof a->mac));
}

bool
fabric_overlay_equal(const struct fabric_overlay *a,
                     const struct fabric_overlay *b)
{
    size_t na = a ? a->n_chassis : 0, nb = b ? b->n_chassis : 0, i;

    if (na != nb) {
        return false;
    }
    for (i = 0; i < na; i++) {
        if (!chassis_equal(&a->chassis[i], &b->chassis[i])) {
            return false;
        }
    }
    na = a ? a->n_vifs : 0;
    nb = b ? b->n_vifs : 0;
    if (na != nb) {
        return false;
    }
    for (i = 0; i < na; i++) {
        if (!vif_equal(&a->vifs[i], &b->vifs[i])) {
            return false;
        }
    }
    return true;
}

const struct fabric_overlay_chassis *
fabric_overlay_find_dpid(const struct fabric_overlay *ov, uint64_t dpid)
{
    size_t lo = 0, hi = ov ? ov->n_chassis : 0;

    if (!dpid) {
        return NULL;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ov->chassis[mid].dpid < dpid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return ov && lo < ov->n_chassis && ov->chassis[lo].dpid == dpid
           ? &ov->chassis[lo] : NULL;
}

const struct fabric_overlay_vif *
fabric_overlay_find_vif(const struct fabric_overlay *ov, const char *iface_id)
{
    size_t lo = 0, hi = ov ? ov->n_vifs : 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(ov->vifs[mid].iface_id, iface_id) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return ov && lo < ov->n_vifs && !strcmp(ov->vifs[lo].iface_id, iface_id)
           ? &ov->vifs[lo] : NULL;
}

int
fabric_overlay_common_encap(const struct fabric_overlay_chassis *a,
                            const struct fabric_overlay_chassis *b)
{
    int i;

    for (i = 0; i < FABRIC_OVERLAY_N_ENCAPS; i++) {
        unsigned int bit = 1u << i;

        if (a->encaps & b->encaps & bit && a->tunnel_ports[i]
            && b->tunnel_ports[i]) {
            return i;
        }
    }
    return -1;
}

bool
fabric_overlay_parse_ipv4(const char *s, be32 *ip)
{
    struct in_addr a;

    *ip = 0;
    if (!s || inet_pton(AF_INET, s, &a) != 1) {
        return false;
    }
    *ip = a.s_addr;
    return true;
}

uint64_t
fabric_overlay_parse_dpid(const char *s)
{
    uint64_t v = 0;
    size_t i;

    if (!s || strlen(s) != 16) {
        return 0;
    }
    for (i = 0; i < 16; i++) {
        int c = tolower((unsigned char) s[i]);

        if (!isxdigit(c)) {
            return 0;
        }
        v = v << 4 | (uint64_t) (isdigit(c) ? c - '0' : c - 'a' + 10);
    }
    return v;
}
