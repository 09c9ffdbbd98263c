/* net-lldp: builds and parses LLDP (IEEE 802.1AB) frames for topology
 * discovery: the mandatory chassis ID, port ID and TTL TLVs, an optional
 * system name, and an optional datapath-id TLV (organizationally specific,
 * OUI 00:26:e1 subtype 0, as OpenFlow controllers conventionally use) so a
 * controller can recognise its own probes without parsing strings.
 * Pure: no allocation when parsing (results borrow from the frame). */
#ifndef KUMO_NET_LLDP_H
#define KUMO_NET_LLDP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct buf;

/* The nearest-bridge group address LLDP is sent to (01:80:c2:00:00:0e). */
extern const struct eth_addr net_lldp_multicast;

/* The TLVs of one LLDP frame. Pointers are borrowed: from the caller when
 * building, from the frame when parsing. */
struct net_lldp {
    uint8_t chassis_subtype;        /* NET_LLDP_CHASSIS_*. */
    const uint8_t *chassis_id;      /* 1 to 255 bytes. */
    size_t chassis_id_len;
    uint8_t port_subtype;           /* NET_LLDP_PORT_*. */
    const uint8_t *port_id;         /* 1 to 255 bytes. */
    size_t port_id_len;
    uint16_t ttl;                   /* Seconds. */
    const char *system_name;        /* Optional (NULL): not NUL-terminated
                                     * when parsed; see system_name_len. */
    size_t system_name_len;
    bool has_dpid;                  /* Datapath-id TLV present. */
    uint64_t dpid;
};

/* Appends a complete LLDP frame from 'src' to net_lldp_multicast carrying
 * 'lldp' to 'b', padded to the Ethernet minimum. The IDs must be 1 to 255
 * bytes and the system name at most 511 (our own bug otherwise: aborts). */
void net_lldp_build(struct buf *b, const struct eth_addr *src,
                    const struct net_lldp *lldp);

/* Parses the Ethernet frame 'frame'/'size' (borrowed; may be VLAN-tagged) as
 * LLDP into 'lldp', whose pointers then borrow from 'frame'. Returns 0, or
 * EINVAL if it is not LLDP, a TLV runs past the frame, or the mandatory
 * chassis ID, port ID and TTL TLVs are missing or out of order. Unknown TLVs
 * are skipped. */
int net_lldp_parse(const void *frame, size_t size, struct net_lldp *lldp);

#endif /* net-lldp.h */
