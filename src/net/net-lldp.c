/* net-lldp: see net-lldp.h. */
#include "net/net-lldp.h"

#include <errno.h>
#include <string.h>

#include "lib/buf.h"
#include "net/net-packet.h"
#include "net/net-proto.h"

const struct eth_addr net_lldp_multicast = {
    { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e }
};

/* The datapath-id TLV's OUI and subtype. */
static const uint8_t dpid_oui[3] = { 0x00, 0x26, 0xe1 };
#define DPID_SUBTYPE 0

static void
put_tlv_header(struct buf *b, unsigned int type, size_t len)
{
    if (len > NET_LLDP_TLV_MAX_LEN) {
        kumo_fatal("LLDP TLV %u too long (%zu bytes)", type, len);
    }
    buf_put_be16(b, (uint16_t) ((type << 9) | len));
}

static void
put_id_tlv(struct buf *b, unsigned int type, uint8_t subtype,
           const uint8_t *id, size_t len)
{
    if (len < 1 || len > 255) {
        kumo_fatal("LLDP ID TLV %u must be 1 to 255 bytes, not %zu", type,
                   len);
    }
    put_tlv_header(b, type, len + 1);
    buf_put_u8(b, subtype);
    buf_put(b, id, len);
}

void
net_lldp_build(struct buf *b, const struct eth_addr *src,
               const struct net_lldp *lldp)
{
    size_t start = b->size;

    net_packet_put_eth(b, &net_lldp_multicast, src, 0, NET_ETH_TYPE_LLDP);
    put_id_tlv(b, NET_LLDP_TLV_CHASSIS_ID, lldp->chassis_subtype,
               lldp->chassis_id, lldp->chassis_id_len);
    put_id_tlv(b, NET_LLDP_TLV_PORT_ID, lldp->port_subtype, lldp->port_id,
               lldp->port_id_len);
    put_tlv_header(b, NET_LLDP_TLV_TTL, 2);
    buf_put_be16(b, lldp->ttl);
    if (lldp->system_name) {
        put_tlv_header(b, NET_LLDP_TLV_SYSTEM_NAME, lldp->system_name_len);
        buf_put(b, lldp->system_name, lldp->system_name_len);
    }
    if (lldp->has_dpid) {
        put_tlv_header(b, NET_LLDP_TLV_ORG_SPECIFIC, 3 + 1 + 8);
        buf_put(b, dpid_oui, sizeof dpid_oui);
        buf_put_u8(b, DPID_SUBTYPE);
        buf_put_be64(b, lldp->dpid);
    }
    put_tlv_header(b, NET_LLDP_TLV_END, 0);
    if (b->size - start < NET_ETH_MIN_FRAME) {
        buf_put_zeros(b, NET_ETH_MIN_FRAME - (b->size - start));
    }
}

int
net_lldp_parse(const void *frame, size_t size, struct net_lldp *lldp)
{
    struct net_key key;
    struct cursor c;
    int n_mandatory = 0;

    memset(lldp, 0, sizeof *lldp);
    if (net_packet_parse(frame, size, &key)
        || !(key.layers & NET_L_LLDP)) {
        return EINVAL;
    }
    c = cursor_make((const uint8_t *) frame + key.l3_ofs, size - key.l3_ofs);
    for (;;) {
        const uint8_t *hdr = cursor_pull(&c, 2);
        const uint8_t *v;
        unsigned int type;
        size_t len;

        if (!hdr) {
            /* A frame without an End TLV is accepted if it ends exactly at
             * a TLV boundary; a stray byte means a cut-off header. */
            if (c.size) {
                return EINVAL;
            }
            break;
        }
        type = hdr[0] >> 1;
        len = ((size_t) (hdr[0] & 1) << 8) | hdr[1];
        v = cursor_pull(&c, len);
        if (!v) {
            return EINVAL;
        }
        if (type == NET_LLDP_TLV_END) {
            break;
        }
        /* The first three TLVs must be chassis ID, port ID, TTL. */
        if (n_mandatory < 3 && type != (unsigned int) n_mandatory + 1) {
            return EINVAL;
        }
        switch (type) {
        case NET_LLDP_TLV_CHASSIS_ID:
        case NET_LLDP_TLV_PORT_ID:
            if (n_mandatory >= 3) {
                return EINVAL;  /* Duplicate mandatory TLV. */
            }
            if (len < 2 || len > 256) {
                return EINVAL;
            }
            if (type == NET_LLDP_TLV_CHASSIS_ID) {
                lldp->chassis_subtype = v[0];
                lldp->chassis_id = v + 1;
                lldp->chassis_id_len = len - 1;
            } else {
                lldp->port_subtype = v[0];
                lldp->port_id = v + 1;
                lldp->port_id_len = len - 1;
            }
            n_mandatory++;
            break;
        case NET_LLDP_TLV_TTL:
            if (n_mandatory >= 3 || len < 2) {
                return EINVAL;
            }
            lldp->ttl = (uint16_t) ((v[0] << 8) | v[1]);
            n_mandatory++;
            break;
        case NET_LLDP_TLV_SYSTEM_NAME:
            lldp->system_name = (const char *) v;
            lldp->system_name_len = len;
            break;
        case NET_LLDP_TLV_ORG_SPECIFIC:
            if (len == 12 && !memcmp(v, dpid_oui, 3) && v[3] == DPID_SUBTYPE) {
                uint64_t dpid = 0;
                int i;

                for (i = 0; i < 8; i++) {
                    dpid = (dpid << 8) | v[4 + i];
                }
                lldp->dpid = dpid;
                lldp->has_dpid = true;
            }
            break;
        default:
            break;
        }
    }
    return n_mandatory == 3 ? 0 : EINVAL;
}
