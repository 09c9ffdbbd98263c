/* fabric-overlay: the hypervisor facts the fabric compiles overlay
 * forwarding from (issue 6). The chassis manager (src/overlay) configures
 * each hypervisor's integration bridge (br-int) over OVSDB and sees its
 * datapath id, its flow-based tunnel ports and the VM interfaces on it;
 * kumod copies those facts into a struct fabric_overlay that the fabric
 * thread hands to the core (fabric_core_set_overlay()), and the tenant
 * compiler (fabric-tenant.h) reads it to
 *   - bind ports of kind iface-id to (br-int, ofport) of their VIF,
 *   - bind SSP VIF attachments (hypervisor IP + local VLAN) on br-int,
 *   - carry each network between br-ints in tunnels keyed by its VNI.
 * docs/pipeline.md ("Overlay") has the tables.
 *
 * A struct fabric_overlay is a plain value: built, sorted by
 * fabric_overlay_finish(), then read only. Pure: no I/O or globals. */
#ifndef KUMO_FABRIC_OVERLAY_H
#define KUMO_FABRIC_OVERLAY_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"
#include "vnet/vnet.h"

/* Encapsulations, indexed like the bits of enum vnet_encap (VXLAN,
 * Geneve, GRE). */
#define FABRIC_OVERLAY_N_ENCAPS 3

/* One hypervisor. */
struct fabric_overlay_chassis {
    char uuid[VNET_UUID_SIZE];
    char name[VNET_NAME_SIZE];
    uint64_t dpid;              /* Its br-int's datapath id; 0: unknown. */
    be32 tunnel_ip;             /* IPv4 underlay address; 0: none (an
                                 * IPv6 underlay is not carried yet). */
    unsigned int encaps;        /* Allowed: enum vnet_encap bits. */
    uint32_t tunnel_ports[FABRIC_OVERLAY_N_ENCAPS];  /* OpenFlow port of
                                 * kumo-vxlan, -geneve, -gre on br-int;
                                 * 0: none (yet). */
};

/* One VM interface (an Interface with external_ids:iface-id). */
struct fabric_overlay_vif {
    char iface_id[VNET_IFACE_ID_SIZE];
    uint64_t dpid;              /* br-int it is on (0: unknown). */
    uint32_t ofport;            /* 0: no usable port number yet. */
    bool has_mac;               /* external_ids:attached-mac. */
    struct eth_addr mac;
};

struct fabric_overlay {
    struct fabric_overlay_chassis *chassis;  /* Sorted by (dpid, uuid). */
    size_t n_chassis;
    struct fabric_overlay_vif *vifs;    /* Sorted by (iface_id, dpid,
                                         * ofport). */
    size_t n_vifs;
};

/* Returns a new, empty set of facts (caller owns). */
struct fabric_overlay *fabric_overlay_create(void);
/* Frees 'ov'. Accepts NULL. */
void fabric_overlay_destroy(struct fabric_overlay *ov);
/* Returns a deep copy of 'ov' (may be NULL: an empty set). */
struct fabric_overlay *fabric_overlay_clone(const struct fabric_overlay *ov);

/* Append a copy of 'ch' / 'vif'; call fabric_overlay_finish() after the
 * last one. */
void fabric_overlay_add_chassis(struct fabric_overlay *ov,
                                const struct fabric_overlay_chassis *ch);
void fabric_overlay_add_vif(struct fabric_overlay *ov,
                            const struct fabric_overlay_vif *vif);
/* Sorts 'ov' (the lookups below need it). */
void fabric_overlay_finish(struct fabric_overlay *ov);

/* Fills what 'ov' (finished) does not know from 'old' (finished, may be
 * NULL): a chassis without a datapath id or a tunnel port number takes
 * the old one of the same chassis (uuid), a VIF without br-int or port
 * number the old one of the same iface-id. Those columns are ephemeral
 * in OVSDB: an ovsdb-server restart empties them until ovs-vswitchd
 * writes them again, while the datapath goes on forwarding; forgetting
 * them for that moment would withdraw every flow of the hypervisor. A VIF
 * or chassis that is gone from 'ov' stays gone. */
void fabric_overlay_keep_known(struct fabric_overlay *ov,
                               const struct fabric_overlay *old);

/* True if 'a' and 'b' (finished; either may be NULL = empty) hold the
 * same facts. */
bool fabric_overlay_equal(const struct fabric_overlay *a,
                          const struct fabric_overlay *b);

/* The chassis whose br-int is 'dpid' (nonzero), or NULL. Borrowed. */
const struct fabric_overlay_chassis *fabric_overlay_find_dpid(
    const struct fabric_overlay *ov, uint64_t dpid);
/* The first VIF (lowest dpid, ofport) with 'iface_id', or NULL. */
const struct fabric_overlay_vif *fabric_overlay_find_vif(
    const struct fabric_overlay *ov, const char *iface_id);

/* The encapsulation traffic from 'a' to 'b' uses: the first of VXLAN,
 * Geneve, GRE that both allow and both have a tunnel port for. Returns
 * its index (0..FABRIC_OVERLAY_N_ENCAPS-1), or -1 if there is none. */
int fabric_overlay_common_encap(const struct fabric_overlay_chassis *a,
                                const struct fabric_overlay_chassis *b);

/* Parses dotted-quad 's' into '*ip'. Returns false (and 0) if 's' is not
 * an IPv4 address. */
bool fabric_overlay_parse_ipv4(const char *s, be32 *ip);

/* Parses a datapath id as OVSDB shows it (16 hex digits). Returns 0 if
 * 's' is not one. */
uint64_t fabric_overlay_parse_dpid(const char *s);

#endif /* fabric-overlay.h */
