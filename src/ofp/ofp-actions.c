/* ofp-actions: see ofp-actions.h.
 *
 * Decoding checks every length before reading: an action's 'len' must be at
 * least 8, a multiple of 8, fit what is left, and equal the fixed size of
 * its type (OFPBAC_BAD_LEN otherwise). Arguments the spec bounds are
 * checked too, so a decoded list can be re-encoded as it came. */
#include "ofp/ofp-actions.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-port.h"

/* Highest group number an action may name (ofp-group.h has no name for
 * it in this codec's headers). */
#define GROUP_MAX 0xffffff00u
#define TABLE_ALL 0xff

/* Reads a big-endian 16-bit value at 'p' (any alignment). */
static uint16_t
get_be16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

/* True if 'port' may be an output port: a physical port or one of the
 * special ports IN_PORT..LOCAL (not ANY, not the reserved range). */
static bool
is_output_port(uint32_t port)
{
    return port < OFPP_MAX || (port >= OFPP_IN_PORT && port <= OFPP_LOCAL);
}

/* Returns an output action (see ofp-actions.h). */
struct ofp_action
ofp_action_output(uint32_t port, uint16_t max_len)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPACT_OUTPUT;
    a.output.port = port;
    a.output.max_len = max_len;
    return a;
}

/* Returns a set_field action (see ofp-actions.h). */
struct ofp_action
ofp_action_set_field(enum mf_field field, const union mf_value *value)
{
    const struct mf_field_info *info = ofp_match_field_info(field);
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPACT_SET_FIELD;
    a.set_field.field = field;
    if (info) {
        memcpy(a.set_field.value.bytes, value->bytes, info->size);
    }
    return a;
}

/* ---- Encoding ----
 *
 * Wire actions are built in aligned local structs and copied out: the
 * output buffer may hold the message at any byte offset. */

/* Sets the type and length of the wire action 'wire' (a local struct of
 * 'len' bytes that starts with type and len) and appends it to 'out'. */
static void
put_wire(struct buf *out, void *wire, uint16_t type, size_t len)
{
    struct ofp_action_header *ah = wire;

    ah->type = htons(type);
    ah->len = htons((uint16_t) len);
    buf_put(out, wire, len);
}

/* Appends an 8-byte action with no arguments. */
static void
put_bare(struct buf *out, uint16_t type)
{
    struct ofp_action_header ah;

    memset(&ah, 0, sizeof ah);
    put_wire(out, &ah, type, sizeof ah);
}

/* Appends an 8-byte action whose argument is one byte at offset 4. */
static void
put_u8_arg(struct buf *out, uint16_t type, uint8_t arg)
{
    struct ofp_action_header ah;

    memset(&ah, 0, sizeof ah);
    ah.pad[0] = arg;
    put_wire(out, &ah, type, sizeof ah);
}

/* Appends an 8-byte action whose argument is 16 bits at offset 4. */
static void
put_be16_arg(struct buf *out, uint16_t type, uint16_t arg)
{
    struct ofp_action_header ah;
    be16 x = htons(arg);

    memset(&ah, 0, sizeof ah);
    memcpy(ah.pad, &x, 2);
    put_wire(out, &ah, type, sizeof ah);
}

/* Appends an 8-byte action whose argument is 32 bits at offset 4. */
static void
put_be32_arg(struct buf *out, uint16_t type, be32 arg)
{
    struct ofp_action_header ah;

    memset(&ah, 0, sizeof ah);
    memcpy(ah.pad, &arg, 4);
    put_wire(out, &ah, type, sizeof ah);
}

/* Fields a set_field may write (1.3): everything but in_phy_port and the
 * ipv6_exthdr pseudo-field. */
static bool
is_settable(enum mf_field f)
{
    return (unsigned int) f < MFF_N_IDS && f != MFF_IN_PHY_PORT
           && f != MFF_IPV6_EXTHDR;
}

/* Checks a set_field value against its field. */
static enum ofperr
check_set_field(const struct ofp_action *a)
{
    struct ofp_match scratch;

    if (!is_settable(a->set_field.field)) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    /* A value beyond the field's width fails the match-field checks. */
    ofp_match_init_catchall(&scratch);
    return ofp_match_set_field(&scratch, a->set_field.field,
                               &a->set_field.value, NULL)
           ? OFPERR_OFPBAC_BAD_SET_ARGUMENT : 0;
}

static void
put_set_field13(struct buf *out, enum mf_field field,
                const union mf_value *value)
{
    const struct mf_field_info *info = ofp_match_field_info(field);
    size_t len = ROUND_UP(4 + 4 + info->size, 8);
    size_t start = out->size;

    buf_put_be16(out, OFPAT13_SET_FIELD);
    buf_put_be16(out, (uint16_t) len);
    ofp_match_oxm_put(out, field, value, NULL);
    buf_put_zeros(out, start + len - out->size);
}

static void
put_set_field13_u8(struct buf *out, enum mf_field field, uint8_t x)
{
    union mf_value v;
    memset(&v, 0, sizeof v);
    v.u8 = x;
    put_set_field13(out, field, &v);
}

static void
put_set_field13_mac(struct buf *out, enum mf_field field,
                    const struct eth_addr *ea)
{
    union mf_value v;
    memset(&v, 0, sizeof v);
    v.mac = *ea;
    put_set_field13(out, field, &v);
}

static void
put_set_field13_be32(struct buf *out, enum mf_field field, be32 x)
{
    union mf_value v;
    memset(&v, 0, sizeof v);
    v.be32 = x;
    put_set_field13(out, field, &v);
}

static void
put_experimenter(struct buf *out, uint16_t type, const struct ofp_action *a)
{
    size_t len = ROUND_UP(8 + a->experimenter.size, 8);

    buf_put_be16(out, type);
    buf_put_be16(out, (uint16_t) len);
    buf_put_be32(out, a->experimenter.experimenter);
    if (a->experimenter.size) {
        buf_put(out, a->experimenter.data, a->experimenter.size);
    }
    buf_put_zeros(out, len - 8 - a->experimenter.size);
}

static enum ofperr
encode13(const struct ofp_action *a, struct buf *out)
{
    switch (a->type) {
    case OFPACT_OUTPUT: {
        struct ofp13_action_output o;
        if (!is_output_port(a->output.port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        memset(&o, 0, sizeof o);
        o.port = htonl(a->output.port);
        o.max_len = htons(a->output.max_len);
        put_wire(out, &o, OFPAT13_OUTPUT, sizeof o);
        return 0;
    }
    case OFPACT_SET_VLAN_VID: {
        union mf_value v;
        if (a->vlan_vid > 0xfff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        memset(&v, 0, sizeof v);
        v.be16 = htons(OFPVID_PRESENT | a->vlan_vid);
        put_set_field13(out, MFF_VLAN_VID, &v);
        return 0;
    }
    case OFPACT_SET_VLAN_PCP:
        if (a->vlan_pcp > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_set_field13_u8(out, MFF_VLAN_PCP, a->vlan_pcp);
        return 0;
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        put_bare(out, OFPAT13_POP_VLAN);
        return 0;
    case OFPACT_SET_DL_SRC:
        put_set_field13_mac(out, MFF_ETH_SRC, &a->dl_addr);
        return 0;
    case OFPACT_SET_DL_DST:
        put_set_field13_mac(out, MFF_ETH_DST, &a->dl_addr);
        return 0;
    case OFPACT_SET_NW_SRC:
        put_set_field13_be32(out, MFF_IPV4_SRC, a->nw_addr);
        return 0;
    case OFPACT_SET_NW_DST:
        put_set_field13_be32(out, MFF_IPV4_DST, a->nw_addr);
        return 0;
    case OFPACT_SET_NW_TOS:
        if (a->nw_tos & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_set_field13_u8(out, MFF_IP_DSCP, a->nw_tos >> 2);
        return 0;
    case OFPACT_SET_TP_SRC:
    case OFPACT_SET_TP_DST:
    case OFPACT_ENQUEUE:
        return OFPERR_OFPBAC_BAD_TYPE;
    case OFPACT_COPY_TTL_OUT:
        put_bare(out, OFPAT13_COPY_TTL_OUT);
        return 0;
    case OFPACT_COPY_TTL_IN:
        put_bare(out, OFPAT13_COPY_TTL_IN);
        return 0;
    case OFPACT_SET_MPLS_TTL:
        put_u8_arg(out, OFPAT13_SET_MPLS_TTL, a->ttl);
        return 0;
    case OFPACT_DEC_MPLS_TTL:
        put_bare(out, OFPAT13_DEC_MPLS_TTL);
        return 0;
    case OFPACT_PUSH_VLAN:
    case OFPACT_PUSH_MPLS:
    case OFPACT_PUSH_PBB:
    case OFPACT_POP_MPLS: {
        static const uint16_t types[] = {
            [OFPACT_PUSH_VLAN] = OFPAT13_PUSH_VLAN,
            [OFPACT_PUSH_MPLS] = OFPAT13_PUSH_MPLS,
            [OFPACT_PUSH_PBB] = OFPAT13_PUSH_PBB,
            [OFPACT_POP_MPLS] = OFPAT13_POP_MPLS,
        };
        uint16_t et = a->ethertype;

        if ((a->type == OFPACT_PUSH_VLAN && et != 0x8100 && et != 0x88a8)
            || (a->type == OFPACT_PUSH_MPLS && et != 0x8847 && et != 0x8848)
            || (a->type == OFPACT_PUSH_PBB && et != 0x88e7)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_be16_arg(out, types[a->type], et);
        return 0;
    }
    case OFPACT_SET_QUEUE:
        put_be32_arg(out, OFPAT13_SET_QUEUE, htonl(a->queue_id));
        return 0;
    case OFPACT_GROUP:
        if (a->group_id > GROUP_MAX) {
            return OFPERR_OFPBAC_BAD_OUT_GROUP;
        }
        put_be32_arg(out, OFPAT13_GROUP, htonl(a->group_id));
        return 0;
    case OFPACT_SET_NW_TTL:
        put_u8_arg(out, OFPAT13_SET_NW_TTL, a->ttl);
        return 0;
    case OFPACT_DEC_NW_TTL:
        put_bare(out, OFPAT13_DEC_NW_TTL);
        return 0;
    case OFPACT_SET_FIELD: {
        enum ofperr error = check_set_field(a);
        if (error) {
            return error;
        }
        put_set_field13(out, a->set_field.field, &a->set_field.value);
        return 0;
    }
    case OFPACT_POP_PBB:
        put_bare(out, OFPAT13_POP_PBB);
        return 0;
    case OFPACT_EXPERIMENTER:
        put_experimenter(out, OFPAT13_EXPERIMENTER, a);
        return 0;
    case OFPACT_N_TYPES:
        break;
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Encodes a 1.0 action whose kind is a set of 'field' to 'value'. */
static enum ofperr
encode10_set(enum mf_field field, const union mf_value *value,
             struct buf *out)
{
    switch (field) {
    case MFF_VLAN_VID: {
        uint16_t vid = ntohs(value->be16);
        if (!(vid & OFPVID_PRESENT)) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        put_be16_arg(out, OFPAT10_SET_VLAN_VID, vid & 0xfff);
        return 0;
    }
    case MFF_VLAN_PCP:
        put_u8_arg(out, OFPAT10_SET_VLAN_PCP, value->u8);
        return 0;
    case MFF_ETH_SRC:
    case MFF_ETH_DST: {
        struct ofp10_action_dl_addr d;
        memset(&d, 0, sizeof d);
        memcpy(d.dl_addr, value->mac.ea, 6);
        put_wire(out, &d, field == MFF_ETH_SRC ? OFPAT10_SET_DL_SRC
                 : OFPAT10_SET_DL_DST, sizeof d);
        return 0;
    }
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
        put_be32_arg(out, field == MFF_IPV4_SRC ? OFPAT10_SET_NW_SRC
                     : OFPAT10_SET_NW_DST, value->be32);
        return 0;
    case MFF_IP_DSCP:
        put_u8_arg(out, OFPAT10_SET_NW_TOS, (uint8_t) (value->u8 << 2));
        return 0;
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST: {
        bool src = field == MFF_TCP_SRC || field == MFF_UDP_SRC
                   || field == MFF_SCTP_SRC;
        put_be16_arg(out, src ? OFPAT10_SET_TP_SRC : OFPAT10_SET_TP_DST,
                     ntohs(value->be16));
        return 0;
    }
    default:
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
}

static enum ofperr
encode10(const struct ofp_action *a, struct buf *out)
{
    union mf_value v;

    memset(&v, 0, sizeof v);
    switch (a->type) {
    case OFPACT_OUTPUT: {
        struct ofp10_action_output o;
        if (!is_output_port(a->output.port)
            || !ofp_port_is_valid_10(a->output.port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        memset(&o, 0, sizeof o);
        o.port = htons(ofp_port_to_10(a->output.port));
        o.max_len = htons(a->output.max_len);
        put_wire(out, &o, OFPAT10_OUTPUT, sizeof o);
        return 0;
    }
    case OFPACT_SET_VLAN_VID:
        if (a->vlan_vid > 0xfff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        v.be16 = htons(OFPVID_PRESENT | a->vlan_vid);
        return encode10_set(MFF_VLAN_VID, &v, out);
    case OFPACT_SET_VLAN_PCP:
        if (a->vlan_pcp > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        v.u8 = a->vlan_pcp;
        return encode10_set(MFF_VLAN_PCP, &v, out);
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        put_bare(out, OFPAT10_STRIP_VLAN);
        return 0;
    case OFPACT_SET_DL_SRC:
    case OFPACT_SET_DL_DST:
        v.mac = a->dl_addr;
        return encode10_set(a->type == OFPACT_SET_DL_SRC ? MFF_ETH_SRC
                            : MFF_ETH_DST, &v, out);
    case OFPACT_SET_NW_SRC:
    case OFPACT_SET_NW_DST:
        v.be32 = a->nw_addr;
        return encode10_set(a->type == OFPACT_SET_NW_SRC ? MFF_IPV4_SRC
                            : MFF_IPV4_DST, &v, out);
    case OFPACT_SET_NW_TOS:
        if (a->nw_tos & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        v.u8 = a->nw_tos >> 2;
        return encode10_set(MFF_IP_DSCP, &v, out);
    case OFPACT_SET_TP_SRC:
    case OFPACT_SET_TP_DST:
        v.be16 = htons(a->tp_port);
        return encode10_set(a->type == OFPACT_SET_TP_SRC ? MFF_TCP_SRC
                            : MFF_TCP_DST, &v, out);
    case OFPACT_ENQUEUE: {
        struct ofp10_action_enqueue e;
        if (!is_output_port(a->enqueue.port)
            || !ofp_port_is_valid_10(a->enqueue.port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        memset(&e, 0, sizeof e);
        e.port = htons(ofp_port_to_10(a->enqueue.port));
        e.queue_id = htonl(a->enqueue.queue_id);
        put_wire(out, &e, OFPAT10_ENQUEUE, sizeof e);
        return 0;
    }
    case OFPACT_SET_FIELD: {
        enum ofperr error = check_set_field(a);
        return error ? error
               : encode10_set(a->set_field.field, &a->set_field.value, out);
    }
    case OFPACT_EXPERIMENTER:
        put_experimenter(out, OFPAT10_VENDOR, a);
        return 0;
    case OFPACT_COPY_TTL_OUT: case OFPACT_COPY_TTL_IN:
    case OFPACT_SET_MPLS_TTL: case OFPACT_DEC_MPLS_TTL:
    case OFPACT_PUSH_VLAN: case OFPACT_PUSH_MPLS: case OFPACT_POP_MPLS:
    case OFPACT_SET_QUEUE: case OFPACT_GROUP: case OFPACT_SET_NW_TTL:
    case OFPACT_DEC_NW_TTL: case OFPACT_PUSH_PBB: case OFPACT_POP_PBB:
    case OFPACT_N_TYPES:
        break;
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Appends 'n' actions in 'version' (see ofp-actions.h). */
enum ofperr
ofp_actions_encode(const struct ofp_action *actions, size_t n,
                   enum ofp_version version, struct buf *out)
{
    size_t start = out->size;
    size_t i;

    if (version != OFP10_VERSION && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    for (i = 0; i < n; i++) {
        enum ofperr error = (version == OFP10_VERSION
                             ? encode10(&actions[i], out)
                             : encode13(&actions[i], out));
        if (error) {
            buf_truncate(out, start);
            return error;
        }
    }
    return 0;
}

/* ---- Decoding ---- */

/* Checks that an action of type-specific size 'want' has length 'len'. */
static enum ofperr
want_len(size_t len, size_t want)
{
    return len == want ? 0 : OFPERR_OFPBAC_BAD_LEN;
}

static enum ofperr
decode10(const uint8_t *p, size_t len, struct ofp_action *a)
{
    uint16_t type = get_be16(p);
    enum ofperr error;

    switch (type) {
    case OFPAT10_OUTPUT: {
        struct ofp10_action_output o_buf, *o = &o_buf;
        if ((error = want_len(len, sizeof *o))) {
            return error;
        }
        memcpy(o, p, sizeof *o);
        a->type = OFPACT_OUTPUT;
        a->output.port = ofp_port_from_10(ntohs(o->port));
        a->output.max_len = ntohs(o->max_len);
        return is_output_port(a->output.port) ? 0
               : OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    case OFPAT10_SET_VLAN_VID: {
        struct ofp10_action_vlan_vid v_buf, *v = &v_buf;
        if ((error = want_len(len, sizeof *v))) {
            return error;
        }
        memcpy(v, p, sizeof *v);
        a->type = OFPACT_SET_VLAN_VID;
        a->vlan_vid = ntohs(v->vlan_vid);
        return a->vlan_vid > 0xfff ? OFPERR_OFPBAC_BAD_ARGUMENT : 0;
    }
    case OFPAT10_SET_VLAN_PCP: {
        struct ofp10_action_vlan_pcp v_buf, *v = &v_buf;
        if ((error = want_len(len, sizeof *v))) {
            return error;
        }
        memcpy(v, p, sizeof *v);
        a->type = OFPACT_SET_VLAN_PCP;
        a->vlan_pcp = v->vlan_pcp;
        return a->vlan_pcp > 7 ? OFPERR_OFPBAC_BAD_ARGUMENT : 0;
    }
    case OFPAT10_STRIP_VLAN:
        a->type = OFPACT_STRIP_VLAN;
        return want_len(len, 8);
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST: {
        struct ofp10_action_dl_addr d_buf, *d = &d_buf;
        if ((error = want_len(len, sizeof *d))) {
            return error;
        }
        memcpy(d, p, sizeof *d);
        a->type = type == OFPAT10_SET_DL_SRC ? OFPACT_SET_DL_SRC
                  : OFPACT_SET_DL_DST;
        memcpy(a->dl_addr.ea, d->dl_addr, 6);
        return 0;
    }
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST: {
        struct ofp10_action_nw_addr n_buf, *n = &n_buf;
        if ((error = want_len(len, sizeof *n))) {
            return error;
        }
        memcpy(n, p, sizeof *n);
        a->type = type == OFPAT10_SET_NW_SRC ? OFPACT_SET_NW_SRC
                  : OFPACT_SET_NW_DST;
        memcpy(&a->nw_addr, &n->nw_addr, 4);
        return 0;
    }
    case OFPAT10_SET_NW_TOS: {
        struct ofp10_action_nw_tos t_buf, *t = &t_buf;
        if ((error = want_len(len, sizeof *t))) {
            return error;
        }
        memcpy(t, p, sizeof *t);
        a->type = OFPACT_SET_NW_TOS;
        a->nw_tos = t->nw_tos;
        return a->nw_tos & 3 ? OFPERR_OFPBAC_BAD_ARGUMENT : 0;
    }
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST: {
        struct ofp10_action_tp_port t_buf, *t = &t_buf;
        if ((error = want_len(len, sizeof *t))) {
            return error;
        }
        memcpy(t, p, sizeof *t);
        a->type = type == OFPAT10_SET_TP_SRC ? OFPACT_SET_TP_SRC
                  : OFPACT_SET_TP_DST;
        a->tp_port = ntohs(t->tp_port);
        return 0;
    }
    case OFPAT10_ENQUEUE: {
        struct ofp10_action_enqueue e_buf, *e = &e_buf;
        if ((error = want_len(len, sizeof *e))) {
            return error;
        }
        memcpy(e, p, sizeof *e);
        a->type = OFPACT_ENQUEUE;
        a->enqueue.port = ofp_port_from_10(ntohs(e->port));
        memcpy(&a->enqueue.queue_id, &e->queue_id, 4);
        a->enqueue.queue_id = ntohl(a->enqueue.queue_id);
        return is_output_port(a->enqueue.port) ? 0
               : OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    case OFPAT10_VENDOR: {
        be32 id;
        memcpy(&id, p + 4, 4);
        a->type = OFPACT_EXPERIMENTER;
        a->experimenter.experimenter = ntohl(id);
        a->experimenter.data = p + 8;
        a->experimenter.size = len - 8;
        return 0;
    }
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Decodes the set_field action 'p' of 'len' bytes (>= 8). */
static enum ofperr
decode_set_field(const uint8_t *p, size_t len, struct ofp_action *a)
{
    struct cursor c = cursor_make(p + 4, len - 4);
    const struct mf_field_info *info;
    union mf_value value, mask;
    enum mf_field field;
    uint32_t header;
    be32 h;
    enum ofperr error;

    memcpy(&h, p + 4, 4);
    header = ntohl(h);
    info = ofp_match_field_from_oxm(OXM_CLASS(header), OXM_FIELD(header));
    if (!info) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (OXM_HASMASK(header)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (OXM_LENGTH(header) != info->size
        || len != ROUND_UP(8 + (size_t) info->size, 8)) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    error = ofp_match_oxm_pull(&c, &field, &value, &mask);
    if (error) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    for (size_t i = 0; i < c.size; i++) {
        if (c.data[i]) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
    }
    if (!is_settable(field)) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    a->type = OFPACT_SET_FIELD;
    a->set_field.field = field;
    a->set_field.value = value;
    return 0;
}

static enum ofperr
decode13(const uint8_t *p, size_t len, struct ofp_action *a)
{
    uint16_t type = get_be16(p);
    enum ofperr error;
    be16 x16;
    be32 x32;

    switch (type) {
    case OFPAT13_OUTPUT: {
        if ((error = want_len(len, sizeof(struct ofp13_action_output)))) {
            return error;
        }
        memcpy(&x32, p + 4, 4);
        memcpy(&x16, p + 8, 2);
        a->type = OFPACT_OUTPUT;
        a->output.port = ntohl(x32);
        a->output.max_len = ntohs(x16);
        return is_output_port(a->output.port) ? 0
               : OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    case OFPAT13_COPY_TTL_OUT:
        a->type = OFPACT_COPY_TTL_OUT;
        return want_len(len, 8);
    case OFPAT13_COPY_TTL_IN:
        a->type = OFPACT_COPY_TTL_IN;
        return want_len(len, 8);
    case OFPAT13_DEC_MPLS_TTL:
        a->type = OFPACT_DEC_MPLS_TTL;
        return want_len(len, 8);
    case OFPAT13_POP_VLAN:
        a->type = OFPACT_POP_VLAN;
        return want_len(len, 8);
    case OFPAT13_DEC_NW_TTL:
        a->type = OFPACT_DEC_NW_TTL;
        return want_len(len, 8);
    case OFPAT13_POP_PBB:
        a->type = OFPACT_POP_PBB;
        return want_len(len, 8);
    case OFPAT13_SET_MPLS_TTL:
    case OFPAT13_SET_NW_TTL:
        a->type = type == OFPAT13_SET_MPLS_TTL ? OFPACT_SET_MPLS_TTL
                  : OFPACT_SET_NW_TTL;
        a->ttl = p[4];
        return want_len(len, 8);
    case OFPAT13_PUSH_VLAN:
    case OFPAT13_PUSH_MPLS:
    case OFPAT13_PUSH_PBB:
    case OFPAT13_POP_MPLS: {
        uint16_t et;
        if ((error = want_len(len, 8))) {
            return error;
        }
        memcpy(&x16, p + 4, 2);
        et = ntohs(x16);
        a->ethertype = et;
        switch (type) {
        case OFPAT13_PUSH_VLAN:
            a->type = OFPACT_PUSH_VLAN;
            return et == 0x8100 || et == 0x88a8 ? 0
                   : OFPERR_OFPBAC_BAD_ARGUMENT;
        case OFPAT13_PUSH_MPLS:
            a->type = OFPACT_PUSH_MPLS;
            return et == 0x8847 || et == 0x8848 ? 0
                   : OFPERR_OFPBAC_BAD_ARGUMENT;
        case OFPAT13_PUSH_PBB:
            a->type = OFPACT_PUSH_PBB;
            return et == 0x88e7 ? 0 : OFPERR_OFPBAC_BAD_ARGUMENT;
        default:
            a->type = OFPACT_POP_MPLS;
            return 0;
        }
    }
    case OFPAT13_SET_QUEUE:
    case OFPAT13_GROUP:
        if ((error = want_len(len, 8))) {
            return error;
        }
        memcpy(&x32, p + 4, 4);
        if (type == OFPAT13_SET_QUEUE) {
            a->type = OFPACT_SET_QUEUE;
            a->queue_id = ntohl(x32);
            return 0;
        }
        a->type = OFPACT_GROUP;
        a->group_id = ntohl(x32);
        return a->group_id > GROUP_MAX ? OFPERR_OFPBAC_BAD_OUT_GROUP : 0;
    case OFPAT13_SET_FIELD:
        return decode_set_field(p, len, a);
    case OFPAT13_EXPERIMENTER:
        memcpy(&x32, p + 4, 4);
        a->type = OFPACT_EXPERIMENTER;
        a->experimenter.experimenter = ntohl(x32);
        a->experimenter.data = p + 8;
        a->experimenter.size = len - 8;
        return 0;
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Pulls 'size' bytes of actions (see ofp-actions.h). */
enum ofperr
ofp_actions_decode(enum ofp_version version, struct cursor *c, size_t size,
                   struct buf *out)
{
    size_t start = out->size;
    const uint8_t *p;
    struct cursor ac;

    if (version != OFP10_VERSION && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    p = cursor_pull(c, size);
    if (!p) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    ac = cursor_make(p, size);
    while (ac.size > 0) {
        struct ofp_action a;
        enum ofperr error;
        size_t len = 0;

        if (ac.size < 8) {
            error = OFPERR_OFPBAC_BAD_LEN;
        } else {
            len = get_be16(ac.data + 2);
            if (len < 8 || len % 8 || len > ac.size) {
                error = OFPERR_OFPBAC_BAD_LEN;
            } else {
                memset(&a, 0, sizeof a);
                error = (version == OFP10_VERSION
                         ? decode10(ac.data, len, &a)
                         : decode13(ac.data, len, &a));
            }
        }
        if (error) {
            buf_truncate(out, start);
            return error;
        }
        buf_put(out, &a, sizeof a);
        cursor_pull(&ac, len);
    }
    return 0;
}

/* True if 'a' and 'b' are the same action. */
static bool
action_equal(const struct ofp_action *a, const struct ofp_action *b)
{
    if (a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case OFPACT_OUTPUT:
        return a->output.port == b->output.port
               && a->output.max_len == b->output.max_len;
    case OFPACT_ENQUEUE:
        return a->enqueue.port == b->enqueue.port
               && a->enqueue.queue_id == b->enqueue.queue_id;
    case OFPACT_SET_VLAN_VID:
        return a->vlan_vid == b->vlan_vid;
    case OFPACT_SET_VLAN_PCP:
        return a->vlan_pcp == b->vlan_pcp;
    case OFPACT_SET_DL_SRC:
    case OFPACT_SET_DL_DST:
        return !memcmp(&a->dl_addr, &b->dl_addr, sizeof a->dl_addr);
    case OFPACT_SET_NW_SRC:
    case OFPACT_SET_NW_DST:
        return a->nw_addr == b->nw_addr;
    case OFPACT_SET_NW_TOS:
        return a->nw_tos == b->nw_tos;
    case OFPACT_SET_TP_SRC:
    case OFPACT_SET_TP_DST:
        return a->tp_port == b->tp_port;
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_SET_NW_TTL:
        return a->ttl == b->ttl;
    case OFPACT_PUSH_VLAN:
    case OFPACT_PUSH_MPLS:
    case OFPACT_PUSH_PBB:
    case OFPACT_POP_MPLS:
        return a->ethertype == b->ethertype;
    case OFPACT_SET_QUEUE:
        return a->queue_id == b->queue_id;
    case OFPACT_GROUP:
        return a->group_id == b->group_id;
    case OFPACT_SET_FIELD: {
        const struct mf_field_info *info
            = ofp_match_field_info(a->set_field.field);
        return a->set_field.field == b->set_field.field
               && info
               && !memcmp(a->set_field.value.bytes, b->set_field.value.bytes,
                          info->size);
    }
    case OFPACT_EXPERIMENTER:
        return a->experimenter.experimenter == b->experimenter.experimenter
               && a->experimenter.size == b->experimenter.size
               && (!a->experimenter.size
                   || !memcmp(a->experimenter.data, b->experimenter.data,
                              a->experimenter.size));
    case OFPACT_STRIP_VLAN: case OFPACT_COPY_TTL_OUT:
    case OFPACT_COPY_TTL_IN: case OFPACT_DEC_MPLS_TTL: case OFPACT_POP_VLAN:
    case OFPACT_DEC_NW_TTL: case OFPACT_POP_PBB: case OFPACT_N_TYPES:
        return true;
    }
    return false;
}

/* True if the two action lists are equal. */
bool
ofp_actions_equal(const struct ofp_action *a, size_t n_a,
                  const struct ofp_action *b, size_t n_b)
{
    size_t i;

    if (n_a != n_b) {
        return false;
    }
    for (i = 0; i < n_a; i++) {
        if (!action_equal(&a[i], &b[i])) {
            return false;
        }
    }
    return true;
}

/* ---- Text ---- */

/* Appends one action in ovs-ofctl syntax. */
void
ofp_action_format(struct ds *s, const struct ofp_action *a)
{
    switch (a->type) {
    case OFPACT_OUTPUT:
        if (a->output.port == OFPP_CONTROLLER) {
            ds_put_format(s, "CONTROLLER:%"PRIu16, a->output.max_len);
        } else if (a->output.port >= OFPP_IN_PORT) {
            ofp_match_format_port(s, a->output.port);
        } else {
            ds_put_format(s, "output:%"PRIu32, a->output.port);
        }
        break;
    case OFPACT_ENQUEUE:
        ds_put_cstr(s, "enqueue:");
        ofp_match_format_port(s, a->enqueue.port);
        ds_put_format(s, ":%"PRIu32, a->enqueue.queue_id);
        break;
    case OFPACT_SET_VLAN_VID:
        ds_put_format(s, "mod_vlan_vid:%"PRIu16, a->vlan_vid);
        break;
    case OFPACT_SET_VLAN_PCP:
        ds_put_format(s, "mod_vlan_pcp:%u", a->vlan_pcp);
        break;
    case OFPACT_STRIP_VLAN:
        ds_put_cstr(s, "strip_vlan");
        break;
    case OFPACT_SET_DL_SRC:
    case OFPACT_SET_DL_DST:
        ds_put_cstr(s, a->type == OFPACT_SET_DL_SRC ? "mod_dl_src:"
                    : "mod_dl_dst:");
        ds_put_eth_addr(s, &a->dl_addr);
        break;
    case OFPACT_SET_NW_SRC:
    case OFPACT_SET_NW_DST:
        ds_put_cstr(s, a->type == OFPACT_SET_NW_SRC ? "mod_nw_src:"
                    : "mod_nw_dst:");
        ds_put_ipv4(s, a->nw_addr);
        break;
    case OFPACT_SET_NW_TOS:
        ds_put_format(s, "mod_nw_tos:%u", a->nw_tos);
        break;
    case OFPACT_SET_TP_SRC:
    case OFPACT_SET_TP_DST:
        ds_put_format(s, "%s:%"PRIu16,
                      a->type == OFPACT_SET_TP_SRC ? "mod_tp_src"
                      : "mod_tp_dst", a->tp_port);
        break;
    case OFPACT_COPY_TTL_OUT:
        ds_put_cstr(s, "copy_ttl_out");
        break;
    case OFPACT_COPY_TTL_IN:
        ds_put_cstr(s, "copy_ttl_in");
        break;
    case OFPACT_SET_MPLS_TTL:
        ds_put_format(s, "set_mpls_ttl(%u)", a->ttl);
        break;
    case OFPACT_DEC_MPLS_TTL:
        ds_put_cstr(s, "dec_mpls_ttl");
        break;
    case OFPACT_PUSH_VLAN:
        ds_put_format(s, "push_vlan:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_VLAN:
        ds_put_cstr(s, "pop_vlan");
        break;
    case OFPACT_PUSH_MPLS:
        ds_put_format(s, "push_mpls:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_MPLS:
        ds_put_format(s, "pop_mpls:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_SET_QUEUE:
        ds_put_format(s, "set_queue:%"PRIu32, a->queue_id);
        break;
    case OFPACT_GROUP:
        ds_put_format(s, "group:%"PRIu32, a->group_id);
        break;
    case OFPACT_SET_NW_TTL:
        ds_put_format(s, "mod_nw_ttl:%u", a->ttl);
        break;
    case OFPACT_DEC_NW_TTL:
        ds_put_cstr(s, "dec_ttl");
        break;
    case OFPACT_SET_FIELD: {
        const struct mf_field_info *info
            = ofp_match_field_info(a->set_field.field);
        ds_put_cstr(s, "set_field:");
        if (info && info->id == MFF_IPV6_FLABEL) {
            /* Unlike in a match, ovs-ofctl does not pad this one. */
            ds_put_format(s, "%#"PRIx32"->%s",
                          ntohl(a->set_field.value.be32), info->oxm_name);
        } else if (info) {
            ofp_match_format_value(s, info->id, &a->set_field.value, NULL);
            ds_put_format(s, "->%s", info->oxm_name);
        }
        break;
    }
    case OFPACT_PUSH_PBB:
        ds_put_format(s, "push_pbb:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_PBB:
        ds_put_cstr(s, "pop_pbb");
        break;
    case OFPACT_EXPERIMENTER:
        ds_put_format(s, "experimenter(%#"PRIx32",", 
                      a->experimenter.experimenter);
        ds_put_hex(s, a->experimenter.data, a->experimenter.size);
        ds_put_char(s, ')');
        break;
    case OFPACT_N_TYPES:
        break;
    }
}

/* Appends a list of actions, "drop" if empty. */
void
ofp_actions_format(struct ds *s, const struct ofp_action *actions, size_t n)
{
    size_t i;

    if (!n) {
        ds_put_cstr(s, "drop");
        return;
    }
    for (i = 0; i < n; i++) {
        if (i) {
            ds_put_char(s, ',');
        }
        ofp_action_format(s, &actions[i]);
    }
}

/* ---- Instructions ---- */

/* Makes 'ins' empty. */
void
ofp_instructions_init(struct ofp_instructions *ins)
{
    memset(ins, 0, sizeof *ins);
}

/* Makes 'ins' hold only apply_actions. */
void
ofp_instructions_set_apply(struct ofp_instructions *ins,
                           const struct ofp_action *actions, size_t n)
{
    ofp_instructions_init(ins);
    ins->present = OFPINST_APPLY_ACTIONS;
    ins->apply_actions = actions;
    ins->n_apply_actions = n;
}

static enum ofperr
put_actions_inst(struct buf *out, uint16_t type,
                 const struct ofp_action *actions, size_t n)
{
    size_t start = out->size;
    enum ofperr error;
    be16 len;

    buf_put_be16(out, type);
    buf_put_zeros(out, 6);
    error = ofp_actions_encode(actions, n, OFP13_VERSION, out);
    if (error) {
        return error;
    }
    len = htons((uint16_t) (out->size - start));
    memcpy(out->data + start + 2, &len, 2);
    return 0;
}

/* Appends 'ins' as 1.3 instructions (see ofp-actions.h). */
enum ofperr
ofp_instructions_encode(const struct ofp_instructions *ins, struct buf *out)
{
    size_t start = out->size;
    enum ofperr error = 0;

    if (ins->present & OFPINST_METER) {
        buf_put_be16(out, OFPIT13_METER);
        buf_put_be16(out, sizeof(struct ofp13_instruction_meter));
        buf_put_be32(out, ins->meter_id);
    }
    if (ins->present & OFPINST_APPLY_ACTIONS) {
        error = put_actions_inst(out, OFPIT13_APPLY_ACTIONS,
                                 ins->apply_actions, ins->n_apply_actions);
    }
    if (!error && ins->present & OFPINST_CLEAR_ACTIONS) {
        error = put_actions_inst(out, OFPIT13_CLEAR_ACTIONS, NULL, 0);
    }
    if (!error && ins->present & OFPINST_WRITE_ACTIONS) {
        error = put_actions_inst(out, OFPIT13_WRITE_ACTIONS,
                                 ins->write_actions, ins->n_write_actions);
    }
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    if (ins->present & OFPINST_WRITE_METADATA) {
        buf_put_be16(out, OFPIT13_WRITE_METADATA);
        buf_put_be16(out, sizeof(struct ofp13_instruction_write_metadata));
        buf_put_zeros(out, 4);
        buf_put_be64(out, ins->metadata);
        buf_put_be64(out, ins->metadata_mask);
    }
    if (ins->present & OFPINST_GOTO_TABLE) {
        buf_put_be16(out, OFPIT13_GOTO_TABLE);
        buf_put_be16(out, sizeof(struct ofp13_instruction_goto_table));
        buf_put_u8(out, ins->goto_table);
        buf_put_zeros(out, 3);
    }
    if (ins->present & OFPINST_EXPERIMENTER) {
        size_t len = ROUND_UP(8 + ins->experimenter_size, 8);

        buf_put_be16(out, OFPIT13_EXPERIMENTER);
        buf_put_be16(out, (uint16_t) len);
        buf_put_be32(out, ins->experimenter);
        if (ins->experimenter_size) {
            buf_put(out, ins->experimenter_data, ins->experimenter_size);
        }
        buf_put_zeros(out, len - 8 - ins->experimenter_size);
    }
    return 0;
}

/* Decodes one instruction of 'len' bytes at 'p' into 'ins'. For action
 * instructions, appends the actions to 'actions' and stores their first
 * index and count in *first and *n. */
static enum ofperr
decode_inst(const uint8_t *p, size_t len, struct ofp_instructions *ins,
            struct buf *actions, size_t *first, size_t *n, uint32_t *bit)
{
    uint16_t type;
    be32 x32;
    be64 x64;

    memcpy(&x32, p, 4);
    type = (uint16_t) (ntohl(x32) >> 16);
    switch (type) {
    case OFPIT13_GOTO_TABLE:
        *bit = OFPINST_GOTO_TABLE;
        if (len != sizeof(struct ofp13_instruction_goto_table)) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        ins->goto_table = p[4];
        return ins->goto_table == TABLE_ALL ? OFPERR_OFPBIC_BAD_TABLE_ID : 0;
    case OFPIT13_WRITE_METADATA:
        *bit = OFPINST_WRITE_METADATA;
        if (len != sizeof(struct ofp13_instruction_write_metadata)) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        memcpy(&x64, p + 8, 8);
        ins->metadata = ntohll(x64);
        memcpy(&x64, p + 16, 8);
        ins->metadata_mask = ntohll(x64);
        return 0;
    case OFPIT13_WRITE_ACTIONS:
    case OFPIT13_APPLY_ACTIONS:
    case OFPIT13_CLEAR_ACTIONS: {
        struct cursor c = cursor_make(p + 8, len - 8);
        size_t before = actions->size;
        enum ofperr error;

        *bit = (type == OFPIT13_WRITE_ACTIONS ? OFPINST_WRITE_ACTIONS
                : type == OFPIT13_APPLY_ACTIONS ? OFPINST_APPLY_ACTIONS
                : OFPINST_CLEAR_ACTIONS);
        if (type == OFPIT13_CLEAR_ACTIONS) {
            return len == 8 ? 0 : OFPERR_OFPBIC_BAD_LEN;
        }
        error = ofp_actions_decode(OFP13_VERSION, &c, len - 8, actions);
        if (error) {
            return error;
        }
        *first = before / sizeof(struct ofp_action);
        *n = (actions->size - before) / sizeof(struct ofp_action);
        return 0;
    }
    case OFPIT13_METER:
        *bit = OFPINST_METER;
        if (len != sizeof(struct ofp13_instruction_meter)) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        memcpy(&x32, p + 4, 4);
        ins->meter_id = ntohl(x32);
        return 0;
    case OFPIT13_EXPERIMENTER:
        *bit = OFPINST_EXPERIMENTER;
        memcpy(&x32, p + 4, 4);
        ins->experimenter = ntohl(x32);
        ins->experimenter_data = p + 8;
        ins->experimenter_size = len - 8;
        return 0;
    }
    return OFPERR_OFPBIC_UNKNOWN_INST;
}

/* Pulls 'size' bytes of 1.3 instructions (see ofp-actions.h). */
enum ofperr
ofp_instructions_decode(struct ofp_instructions *ins, struct cursor *c,
                        size_t size, struct buf *actions)
{
    size_t start = actions->size;
    size_t apply_first = 0, n_apply = 0, write_first = 0, n_write = 0;
    struct cursor ic;
    const uint8_t *p;

    ofp_instructions_init(ins);
    if (start % sizeof(struct ofp_action)) {
        /* Keep the array aligned: pad to a whole action. */
        buf_put_zeros(actions, sizeof(struct ofp_action)
                      - start % sizeof(struct ofp_action));
        start = actions->size;
    }
    p = cursor_pull(c, size);
    if (!p) {
        return OFPERR_OFPBIC_BAD_LEN;
    }
    ic = cursor_make(p, size);
    while (ic.size > 0) {
        size_t first = 0, n = 0, len = 0;
        uint32_t bit = 0;
        enum ofperr error;

        if (ic.size < 8) {
            error = OFPERR_OFPBIC_BAD_LEN;
        } else {
            len = get_be16(ic.data + 2);
            if (len < 8 || len % 8 || len > ic.size) {
                error = OFPERR_OFPBIC_BAD_LEN;
            } else {
                error = decode_inst(ic.data, len, ins, actions, &first, &n,
                                    &bit);
                if (!error && (ins->present & bit)) {
                    error = OFPERR_OFPBIC_UNSUP_INST;
                }
            }
        }
        if (error) {
            buf_truncate(actions, start);
            ofp_instructions_init(ins);
            return error;
        }
        ins->present |= bit;
        if (bit == OFPINST_APPLY_ACTIONS) {
            apply_first = first, n_apply = n;
        } else if (bit == OFPINST_WRITE_ACTIONS) {
            write_first = first, n_write = n;
        }
        cursor_pull(&ic, len);
    }
    /* Pointers are set last: 'actions' may have moved while growing. */
    if (n_apply) {
        ins->apply_actions = (const struct ofp_action *) (void *) actions->data
                             + apply_first;
        ins->n_apply_actions = n_apply;
    }
    if (n_write) {
        ins->write_actions = (const struct ofp_action *) (void *) actions->data
                             + write_first;
        ins->n_write_actions = n_write;
    }
    return 0;
}

/* True if the two instruction sets are equal. */
bool
ofp_instructions_equal(const struct ofp_instructions *a,
                       const struct ofp_instructions *b)
{
    uint32_t p = a->present;

    return p == b->present
           && (!(p & OFPINST_GOTO_TABLE) || a->goto_table == b->goto_table)
           && (!(p & OFPINST_WRITE_METADATA)
               || (a->metadata == b->metadata
                   && a->metadata_mask == b->metadata_mask))
           && (!(p & OFPINST_METER) || a->meter_id == b->meter_id)
           && (!(p & OFPINST_APPLY_ACTIONS)
               || ofp_actions_equal(a->apply_actions, a->n_apply_actions,
                                    b->apply_actions, b->n_apply_actions))
           && (!(p & OFPINST_WRITE_ACTIONS)
               || ofp_actions_equal(a->write_actions, a->n_write_actions,
                                    b->write_actions, b->n_write_actions))
           && (!(p & OFPINST_EXPERIMENTER)
               || (a->experimenter == b->experimenter
                   && a->experimenter_size == b->experimenter_size
                   && (!a->experimenter_size
                       || !memcmp(a->experimenter_data, b->experimenter_data,
                                  a->experimenter_size))));
}

/* Appends 'ins' as ovs-ofctl prints a 1.3 flow's actions. */
void
ofp_instructions_format(struct ds *s, const struct ofp_instructions *ins)
{
    size_t start = s->length;

    if (ins->present & OFPINST_METER) {
        ds_put_format(s, "meter:%"PRIu32",", ins->meter_id);
    }
    if (ins->present & OFPINST_APPLY_ACTIONS && ins->n_apply_actions) {
        ofp_actions_format(s, ins->apply_actions, ins->n_apply_actions);
        ds_put_char(s, ',');
    }
    if (ins->present & OFPINST_CLEAR_ACTIONS) {
        ds_put_cstr(s, "clear_actions,");
    }
    if (ins->present & OFPINST_WRITE_ACTIONS) {
        ds_put_cstr(s, "write_actions(");
        if (ins->n_write_actions) {
            ofp_actions_format(s, ins->write_actions, ins->n_write_actions);
        }
        ds_put_cstr(s, "),");
    }
    if (ins->present & OFPINST_WRITE_METADATA) {
        ds_put_format(s, "write_metadata:%#"PRIx64, ins->metadata);
        if (ins->metadata_mask != UINT64_MAX) {
            ds_put_format(s, "/%#"PRIx64, ins->metadata_mask);
        }
        ds_put_char(s, ',');
    }
    if (ins->present & OFPINST_GOTO_TABLE) {
        ds_put_format(s, "goto_table:%u,", ins->goto_table);
    }
    if (ins->present & OFPINST_EXPERIMENTER) {
        ds_put_format(s, "experimenter(%#"PRIx32",", ins->experimenter);
        ds_put_hex(s, ins->experimenter_data, ins->experimenter_size);
        ds_put_cstr(s, "),");
    }
    if (s->length == start) {
        ds_put_cstr(s, "drop");
    } else {
        ds_chomp(s, ',');
    }
}
