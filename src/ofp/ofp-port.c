/* ofp-port: see ofp-port.h. */
#include "ofp/ofp-port.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "openflow/of10.h"
#include "openflow/of13.h"

/* Bits 7..11 of 1.0 (COPPER..PAUSE_ASYM) sit at 11..15 in 1.3. */
#define FEATURES_COMMON 0x7fu           /* 10MB_HD .. 10GB_FD */
#define FEATURES10_MEDIUM 0xf80u        /* COPPER .. PAUSE_ASYM in 1.0 */
#define FEATURES13_MEDIUM 0xf800u       /* the same in 1.3 */

uint32_t
ofp_port_features_from_10(uint32_t f)
{
    return (f & FEATURES_COMMON) | ((f & FEATURES10_MEDIUM) << 4);
}

uint32_t
ofp_port_features_to_10(uint32_t f)
{
    return (f & FEATURES_COMMON) | ((f & FEATURES13_MEDIUM) >> 4);
}

/* Speed in kbps implied by the fastest rate bit of 'features' (1.3
 * layout), as 1.0 ports carry no speed fields. */
static uint32_t
features_to_kbps(uint32_t f)
{
    /* 1 Tb/s does not fit 32-bit kbps; saturate. */
    return (f & OFPPF_1TB_FD ? UINT32_MAX
            : f & OFPPF_100GB_FD ? 100000000u
            : f & OFPPF_40GB_FD ? 40000000u
            : f & OFPPF_10GB_FD ? 10000000u
            : f & (OFPPF_1GB_HD | OFPPF_1GB_FD) ? 1000000u
            : f & (OFPPF_100MB_HD | OFPPF_100MB_FD) ? 100000u
            : f & (OFPPF_10MB_HD | OFPPF_10MB_FD) ? 10000u
            : 0);
}

size_t
ofp_port_wire_size(enum ofp_version version)
{
    switch (version) {
    case OFP10_VERSION:
        return sizeof(struct ofp10_phy_port);
    case OFP13_VERSION:
        return sizeof(struct ofp13_port);
    case OFP11_VERSION:
    case OFP12_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
    default:
        return 0;
    }
}

static void
copy_name(char dst[OFP_MAX_PORT_NAME_LEN + 1], const char *src)
{
    memcpy(dst, src, OFP_MAX_PORT_NAME_LEN);
    dst[OFP_MAX_PORT_NAME_LEN] = '\0';
}

int
ofp_port_next(struct cursor *c, enum ofp_version version,
              struct ofp_port *port)
{
    size_t size = ofp_port_wire_size(version);

    if (!size) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!c->size) {
        return EOF;
    }
    if (c->size < size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(port, 0, sizeof *port);
    if (version == OFP10_VERSION) {
        const struct ofp10_phy_port *pp = cursor_pull(c, size);

        port->port_no = ofp_port_from_10(ntohs(pp->port_no));
        memcpy(port->hw_addr.ea, pp->hw_addr, OFP_ETH_ALEN);
        copy_name(port->name, pp->name);
        port->config = ntohl(pp->config);
        port->state = ntohl(pp->state);
        port->curr = ofp_port_features_from_10(ntohl(pp->curr));
        port->advertised = ofp_port_features_from_10(ntohl(pp->advertised));
        port->supported = ofp_port_features_from_10(ntohl(pp->supported));
        port->peer = ofp_port_features_from_10(ntohl(pp->peer));
        port->curr_speed = features_to_kbps(port->curr);
        port->max_speed = features_to_kbps(port->supported);
    } else {
        const struct ofp13_port *op = cursor_pull(c, size);

        port->port_no = ntohl(op->port_no);
        memcpy(port->hw_addr.ea, op->hw_addr, OFP_ETH_ALEN);
        copy_name(port->name, op->name);
        port->config = ntohl(op->config);
        port->state = ntohl(op->state);
        port->curr = ntohl(op->curr);
        port->advertised = ntohl(op->advertised);
        port->supported = ntohl(op->supported);
        port->peer = ntohl(op->peer);
        port->curr_speed = ntohl(op->curr_speed);
        port->max_speed = ntohl(op->max_speed);
    }
    return 0;
}

/* Copies a name into a fixed wire field, NUL-padding it. A name of exactly
 * 16 characters fills the field without a terminator, as the spec allows. */
static void
put_name(char dst[OFP_MAX_PORT_NAME_LEN], const char *src)
{
    size_t n = strnlen(src, OFP_MAX_PORT_NAME_LEN);

    memset(dst, 0, OFP_MAX_PORT_NAME_LEN);
    memcpy(dst, src, n);
}

enum ofperr
ofp_port_put(const struct ofp_port *port, enum ofp_version version,
             struct buf *b)
{
    if (version == OFP10_VERSION) {
        struct ofp10_phy_port *pp;

        if (!ofp_port_is_valid_10(port->port_no)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        pp = buf_put_zeros(b, sizeof *pp);
        pp->port_no = htons(ofp_port_to_10(port->port_no));
        memcpy(pp->hw_addr, port->hw_addr.ea, OFP_ETH_ALEN);
        put_name(pp->name, port->name);
        pp->config = htonl(port->config);
        pp->state = htonl(port->state);
        pp->curr = htonl(ofp_port_features_to_10(port->curr));
        pp->advertised = htonl(ofp_port_features_to_10(port->advertised));
        pp->supported = htonl(ofp_port_features_to_10(port->supported));
        pp->peer = htonl(ofp_port_features_to_10(port->peer));
    } else if (version == OFP13_VERSION) {
        struct ofp13_port *op = buf_put_zeros(b, sizeof *op);

        op->port_no = htonl(port->port_no);
        memcpy(op->hw_addr, port->hw_addr.ea, OFP_ETH_ALEN);
        put_name(op->name, port->name);
        op->config = htonl(port->config);
        op->state = htonl(port->state);
        op->curr = htonl(port->curr);
        op->advertised = htonl(port->advertised);
        op->supported = htonl(port->supported);
        op->peer = htonl(port->peer);
        op->curr_speed = htonl(port->curr_speed);
        op->max_speed = htonl(port->max_speed);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    return 0;
}

/* Formatting. */

void
ofp_port_no_format(struct ds *s, uint32_t port_no)
{
    switch (port_no) {
    case OFPP_IN_PORT: ds_put_cstr(s, "IN_PORT"); break;
    case OFPP_TABLE: ds_put_cstr(s, "TABLE"); break;
    case OFPP_NORMAL: ds_put_cstr(s, "NORMAL"); break;
    case OFPP_FLOOD: ds_put_cstr(s, "FLOOD"); break;
    case OFPP_ALL: ds_put_cstr(s, "ALL"); break;
    case OFPP_CONTROLLER: ds_put_cstr(s, "CONTROLLER"); break;
    case OFPP_LOCAL: ds_put_cstr(s, "LOCAL"); break;
    case OFPP_ANY: ds_put_cstr(s, "ANY"); break;
    default: ds_put_format(s, "%"PRIu32, port_no); break;
    }
}

/* Appends the names of the bits set in 'bits' (names[i] for bit i, NULL
 * for unnamed bits, printed as 0x...) separated by spaces; "0" if none. */
static void
format_bits(struct ds *s, uint32_t bits, const char *const names[],
            size_t n_names)
{
    bool any = false;
    size_t i;

    for (i = 0; i < 32; i++) {
        uint32_t bit = 1u << i;
        if (!(bits & bit)) {
            continue;
        }
        if (any) {
            ds_put_char(s, ' ');
        }
        if (i < n_names && names[i]) {
            ds_put_cstr(s, names[i]);
        } else {
            ds_put_format(s, "0x%"PRIx32, bit);
        }
        any = true;
    }
    if (!any) {
        ds_put_char(s, '0');
    }
}

static void
format_config(struct ds *s, uint32_t config)
{
    static const char *const names[] = {
        "PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD",
        "NO_FWD", "NO_PACKET_IN",
    };
    format_bits(s, config, names, ARRAY_SIZE(names));
}

static void
format_state(struct ds *s, uint32_t state)
{
    static const char *const names[] = { "LINK_DOWN", "BLOCKED", "LIVE" };
    static const char *const stp[] = {
        "STP_LISTEN", "STP_LEARN", "STP_FORWARD", "STP_BLOCK",
    };
    uint32_t stp_bits = state & OFPPS10_STP_MASK;
    uint32_t rest = state & ~OFPPS10_STP_MASK;

    if (stp_bits) {
        ds_put_cstr(s, stp[stp_bits >> 8]);
        if (rest) {
            ds_put_char(s, ' ');
        }
    }
    if (rest || !stp_bits) {
        format_bits(s, rest, names, ARRAY_SIZE(names));
    }
}

static void
format_features(struct ds *s, uint32_t features)
{
    static const char *const names[] = {
        "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
        "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER",
        "FIBER", "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
    };
    format_bits(s, features, names, ARRAY_SIZE(names));
}

void
ofp_port_format(struct ds *s, const struct ofp_port *port)
{
    ofp_port_no_format(s, port->port_no);
    ds_put_format(s, "(%s): addr:", port->name);
    ds_put_eth_addr(s, &port->hw_addr);
    ds_put_cstr(s, "\n     config:     ");
    format_config(s, port->config);
    ds_put_cstr(s, "\n     state:      ");
    format_state(s, port->state);
    if (port->curr) {
        ds_put_cstr(s, "\n     current:    ");
        format_features(s, port->curr);
    }
    if (port->advertised) {
        ds_put_cstr(s, "\n     advertised: ");
        format_features(s, port->advertised);
    }
    if (port->supported) {
        ds_put_cstr(s, "\n     supported:  ");
        format_features(s, port->supported);
    }
    if (port->peer) {
        ds_put_cstr(s, "\n     peer:       ");
        format_features(s, port->peer);
    }
    ds_put_format(s, "\n     speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max\n",
                  port->curr_speed / 1000, port->max_speed / 1000);
}

/* Port status. */

enum ofperr
ofp_port_status_decode(struct ofp_port_status *out,
                       const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);
    const uint8_t *reason;
    int error;

    memset(out, 0, sizeof *out);
    reason = cursor_pull(&c, 8);
    if (!reason || c.size != ofp_port_wire_size(oh->version)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    out->reason = *reason;
    error = ofp_port_next(&c, oh->version, &out->desc);
    return error == EOF ? OFPERR_OFPBRC_BAD_LEN : (enum ofperr) error;
}

enum ofperr
ofp_port_status_encode(const struct ofp_port_status *ps,
                       enum ofp_version version, uint32_t xid,
                       struct buf *out)
{
    size_t start;
    enum ofperr error;

    if (!ofp_port_wire_size(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, OFPTYPE_PORT_STATUS, xid);
    buf_put_u8(out, ps->reason);
    buf_put_zeros(out, 7);
    error = ofp_port_put(&ps->desc, version, out);
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    ofp_msg_finish(out, start);
    return 0;
}

void
ofp_port_status_format(struct ds *s, const struct ofp_port_status *ps)
{
    switch (ps->reason) {
    case OFPPR_ADD: ds_put_cstr(s, " ADD: "); break;
    case OFPPR_DELETE: ds_put_cstr(s, " DEL: "); break;
    case OFPPR_MODIFY: ds_put_cstr(s, " MOD: "); break;
    default: ds_put_format(s, " reason=%u: ", ps->reason); break;
    }
    ofp_port_format(s, &ps->desc);
}

/* Port mod. */

enum ofperr
ofp_port_mod_decode(struct ofp_port_mod *out, const struct ofp_header *oh)
{
    struct cursor c = ofp_msg_body(oh);

    memset(out, 0, sizeof *out);
    if (oh->version == OFP10_VERSION) {
        const struct ofp10_port_mod *pm = cursor_pull(&c, sizeof *pm);

        if (!pm || c.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->port_no = ofp_port_from_10(ntohs(pm->port_no));
        memcpy(out->hw_addr.ea, pm->hw_addr, OFP_ETH_ALEN);
        out->config = ntohl(pm->config);
        out->mask = ntohl(pm->mask);
        out->advertise = ofp_port_features_from_10(ntohl(pm->advertise));
    } else if (oh->version == OFP13_VERSION) {
        const struct ofp13_port_mod *pm = cursor_pull(&c, sizeof *pm);

        if (!pm || c.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        out->port_no = ntohl(pm->port_no);
        memcpy(out->hw_addr.ea, pm->hw_addr, OFP_ETH_ALEN);
        out->config = ntohl(pm->config);
        out->mask = ntohl(pm->mask);
        out->advertise = ntohl(pm->advertise);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    return 0;
}

enum ofperr
ofp_port_mod_encode(const struct ofp_port_mod *pm, enum ofp_version version,
                    uint32_t xid, struct buf *out)
{
    size_t start;

    if (version == OFP10_VERSION) {
        struct ofp10_port_mod *w;

        if (!ofp_port_is_valid_10(pm->port_no)) {
            return OFPERR_OFPPMFC_BAD_PORT;
        }
        start = ofp_msg_start(out, version, OFPTYPE_PORT_MOD, xid);
        w = buf_put_zeros(out, sizeof *w);
        w->port_no = htons(ofp_port_to_10(pm->port_no));
        memcpy(w->hw_addr, pm->hw_addr.ea, OFP_ETH_ALEN);
        w->config = htonl(pm->config);
        w->mask = htonl(pm->mask);
        w->advertise = htonl(ofp_port_features_to_10(pm->advertise));
    } else if (version == OFP13_VERSION) {
        struct ofp13_port_mod *w;

        start = ofp_msg_start(out, version, OFPTYPE_PORT_MOD, xid);
        w = buf_put_zeros(out, sizeof *w);
        w->port_no = htonl(pm->port_no);
        memcpy(w->hw_addr, pm->hw_addr.ea, OFP_ETH_ALEN);
        w->config = htonl(pm->config);
        w->mask = htonl(pm->mask);
        w->advertise = htonl(pm->advertise);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_finish(out, start);
    return 0;
}

void
ofp_port_mod_format(struct ds *s, const struct ofp_port_mod *pm)
{
    ds_put_cstr(s, " port: ");
    ofp_port_no_format(s, pm->port_no);
    ds_put_cstr(s, ": addr:");
    ds_put_eth_addr(s, &pm->hw_addr);
    ds_put_cstr(s, "\n     config: ");
    format_config(s, pm->config);
    ds_put_cstr(s, "\n     mask:   ");
    format_config(s, pm->mask);
    ds_put_cstr(s, "\n     advertise: ");
    if (pm->advertise) {
        format_features(s, pm->advertise);
    } else {
        ds_put_cstr(s, "UNCHANGED");
    }
    ds_put_char(s, '\n');
}

/* Port description multipart. */

enum ofperr
ofp_port_desc_request_encode(enum ofp_version version, uint32_t xid,
                             struct buf *out)
{
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, false, OFPMP_PORT_DESC, 0, xid);
    ofp_msg_finish(out, start);
    return 0;
}

/* Appends 'n' ports to 'out' in 'version' format, or truncates 'out' back
 * to 'start' and returns the error. */
static enum ofperr
put_ports(const struct ofp_port *ports, size_t n, enum ofp_version version,
          size_t start, struct buf *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        enum ofperr error = ofp_port_put(&ports[i], version, out);
        if (error) {
            buf_truncate(out, start);
            return error;
        }
    }
    return 0;
}

enum ofperr
ofp_port_desc_reply_encode(const struct ofp_port *ports, size_t n_ports,
                           uint16_t flags, enum ofp_version version,
                           uint32_t xid, struct buf *out)
{
    size_t start;
    enum ofperr error;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (n_ports > (OFP_MAX_MSG_SIZE - OFP13_MP_HEADER_LEN)
                  / sizeof(struct ofp13_port)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_mp_start(out, version, true, OFPMP_PORT_DESC, flags, xid);
    error = put_ports(ports, n_ports, version, start, out);
    if (error) {
        return error;
    }
    ofp_msg_finish(out, start);
    return 0;
}

/* Decodes the multipart header of 'oh', checks that it is a 'want' reply
 * (or request if !reply) whose body is a whole number of 'entry_size'
 * entries. */
static enum ofperr
decode_mp_array(const struct ofp_header *oh, enum ofp_mp_type want,
                bool reply, size_t entry_size, uint16_t *flags,
                struct cursor *body)
{
    enum ofp_mp_type type;
    enum ofptype ot;
    enum ofperr error;

    error = ofp_msg_decode_type(oh, ntohs(oh->length), &ot);
    if (error) {
        return error;
    }
    if (ot != (reply ? OFPTYPE_MULTIPART_REPLY : OFPTYPE_MULTIPART_REQUEST)) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    error = ofp_mp_decode(oh, &type, flags, body);
    if (error) {
        return error;
    }
    if (type != want) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    if (body->size % entry_size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

enum ofperr
ofp_port_desc_reply_decode(struct ofp_port_list *list, uint16_t *flags,
                           const struct ofp_header *oh)
{
    size_t size = ofp_port_wire_size(oh->version);
    enum ofperr error;

    if (oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    error = decode_mp_array(oh, OFPMP_PORT_DESC, true, size, flags,
                            &list->ports);
    if (error) {
        return error;
    }
    list->version = (enum ofp_version) oh->version;
    list->n_ports = list->ports.size / size;
    return 0;
}

/* Port stats. */

enum ofperr
ofp_port_stats_request_encode(uint32_t port_no, enum ofp_version version,
                              uint32_t xid, struct buf *out)
{
    size_t start;

    if (version == OFP10_VERSION) {
        if (!ofp_port_is_valid_10(port_no)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        start = ofp_mp_start(out, version, false, OFPMP_PORT_STATS, 0, xid);
        buf_put_be16(out, ofp_port_to_10(port_no));
        buf_put_zeros(out, 6);
    } else if (version == OFP13_VERSION) {
        start = ofp_mp_start(out, version, false, OFPMP_PORT_STATS, 0, xid);
        buf_put_be32(out, port_no);
        buf_put_zeros(out, 4);
    } else {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_port_stats_request_decode(uint32_t *port_no, const struct ofp_header *oh)
{
    struct cursor body;
    uint16_t flags;
    const uint8_t *p;
    enum ofperr error;

    error = decode_mp_array(oh, OFPMP_PORT_STATS, false, 1, &flags, &body);
    if (error) {
        return error;
    }
    p = cursor_pull(&body, 8);
    if (!p || body.size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (oh->version == OFP10_VERSION) {
        *port_no = ofp_port_from_10((uint16_t) (p[0] << 8 | p[1]));
    } else {
        *port_no = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
                   | (uint32_t) p[2] << 8 | p[3];
    }
    return 0;
}

static size_t
port_stats_size(enum ofp_version version)
{
    return (version == OFP10_VERSION ? sizeof(struct ofp10_port_stats)
            : version == OFP13_VERSION ? sizeof(struct ofp13_port_stats)
            : 0);
}

/* The twelve 64-bit counters, in wire order, for table-driven coding. */
static uint64_t *
counters(struct ofp_port_stats *ps, size_t i)
{
    uint64_t *const fields[12] = {
        &ps->rx_packets, &ps->tx_packets, &ps->rx_bytes, &ps->tx_bytes,
        &ps->rx_dropped, &ps->tx_dropped, &ps->rx_errors, &ps->tx_errors,
        &ps->rx_frame_err, &ps->rx_over_err, &ps->rx_crc_err,
        &ps->collisions,
    };
    return fields[i];
}

enum ofperr
ofp_port_stats_reply_encode(const struct ofp_port_stats *stats, size_t n,
                            uint16_t flags, enum ofp_version version,
                            uint32_t xid, struct buf *out)
{
    size_t size = port_stats_size(version);
    size_t hdr = version == OFP10_VERSION ? OFP10_MP_HEADER_LEN
                                          : OFP13_MP_HEADER_LEN;
    size_t start, i, j;

    if (!size) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (n > (OFP_MAX_MSG_SIZE - hdr) / size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_mp_start(out, version, true, OFPMP_PORT_STATS, flags, xid);
    for (i = 0; i < n; i++) {
        struct ofp_port_stats ps = stats[i];

        if (version == OFP10_VERSION) {
            if (!ofp_port_is_valid_10(ps.port_no)) {
                buf_truncate(out, start);
                return OFPERR_OFPBRC_BAD_PORT;
            }
            buf_put_be16(out, ofp_port_to_10(ps.port_no));
            buf_put_zeros(out, 6);
        } else {
            buf_put_be32(out, ps.port_no);
            buf_put_zeros(out, 4);
        }
        for (j = 0; j < 12; j++) {
            buf_put_be64(out, *counters(&ps, j));
        }
        if (version == OFP13_VERSION) {
            buf_put_be32(out, ps.duration_sec);
            buf_put_be32(out, ps.duration_nsec);
        }
    }
    ofp_msg_finish(out, start);
    return 0;
}

enum ofperr
ofp_port_stats_reply_decode(struct ofp_port_stats_list *list,
                            uint16_t *flags, const struct ofp_header *oh)
{
    size_t size = port_stats_size(oh->version);
    enum ofperr error;

    if (!size) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    error = decode_mp_array(oh, OFPMP_PORT_STATS, true, size, flags,
                            &list->entries);
    if (error) {
        return error;
    }
    list->version = (enum ofp_version) oh->version;
    list->n_entries = list->entries.size / size;
    return 0;
}

static uint64_t
get_be64(const uint8_t *p)
{
    be64 x;
    memcpy(&x, p, 8);
    return ntohll(x);
}

static uint32_t
get_be32(const uint8_t *p)
{
    be32 x;
    memcpy(&x, p, 4);
    return ntohl(x);
}

int
ofp_port_stats_next(struct cursor *c, enum ofp_version version,
                    struct ofp_port_stats *ps)
{
    size_t size = port_stats_size(version);
    const uint8_t *p;
    size_t j;

    if (!size) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!c->size) {
        return EOF;
    }
    p = cursor_pull(c, size);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memset(ps, 0, sizeof *ps);
    if (version == OFP10_VERSION) {
        ps->port_no = ofp_port_from_10((uint16_t) (p[0] << 8 | p[1]));
    } else {
        ps->port_no = get_be32(p);
    }
    for (j = 0; j < 12; j++) {
        *counters(ps, j) = get_be64(p + 8 + 8 * j);
    }
    if (version == OFP13_VERSION) {
        ps->has_duration = true;
        ps->duration_sec = get_be32(p + 104);
        ps->duration_nsec = get_be32(p + 108);
    }
    return 0;
}

static void
format_counter(struct ds *s, const char *name, uint64_t value, bool last)
{
    if (value == UINT64_MAX) {
        ds_put_format(s, "%s=?", name);
    } else {
        ds_put_format(s, "%s=%"PRIu64, name, value);
    }
    ds_put_cstr(s, last ? "\n" : ", ");
}

void
ofp_port_stats_format(struct ds *s, const struct ofp_port_stats *ps)
{
    ds_put_cstr(s, "  port ");
    if (ps->port_no < OFPP_MAX) {
        ds_put_format(s, "%2"PRIu32, ps->port_no);
    } else {
        ofp_port_no_format(s, ps->port_no);
    }
    ds_put_cstr(s, ": rx ");
    format_counter(s, "pkts", ps->rx_packets, false);
    format_counter(s, "bytes", ps->rx_bytes, false);
    format_counter(s, "drop", ps->rx_dropped, false);
    format_counter(s, "errs", ps->rx_errors, false);
    format_counter(s, "frame", ps->rx_frame_err, false);
    format_counter(s, "over", ps->rx_over_err, false);
    format_counter(s, "crc", ps->rx_crc_err, true);
    ds_put_cstr(s, "           tx ");
    format_counter(s, "pkts", ps->tx_packets, false);
    format_counter(s, "bytes", ps->tx_bytes, false);
    format_counter(s, "drop", ps->tx_dropped, false);
    format_counter(s, "errs", ps->tx_errors, false);
    format_counter(s, "coll", ps->collisions, true);
    if (ps->has_duration && ps->duration_sec != UINT32_MAX) {
        ds_put_format(s, "           duration=%"PRIu32, ps->duration_sec);
        if (ps->duration_nsec) {
            /* Nanoseconds without trailing zeros, as ovs-ofctl does. */
            char frac[16];
            size_t n = (size_t) snprintf(frac, sizeof frac, "%09"PRIu32,
                                         ps->duration_nsec % 1000000000u);
            while (n > 0 && frac[n - 1] == '0') {
                frac[--n] = '\0';
            }
            ds_put_format(s, ".%s", frac);
        }
        ds_put_cstr(s, "s\n");
    }
}

static void
format_mp_flags(struct ds *s, uint16_t flags)
{
    if (flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    if (flags & ~OFPMPF_MORE) {
        ds_put_format(s, " flags=0x%"PRIx16, flags);
    }
}

void
ofp_port_desc_reply_format(struct ds *s, const struct ofp_port_list *list,
                           uint16_t flags)
{
    struct cursor c = list->ports;
    struct ofp_port port;

    format_mp_flags(s, flags);
    ds_put_char(s, '\n');
    while (ofp_port_next(&c, list->version, &port) == 0) {
        ds_put_char(s, ' ');
        ofp_port_format(s, &port);
    }
}

void
ofp_port_stats_request_format(struct ds *s, uint32_t port_no)
{
    ds_put_cstr(s, " port_no=");
    ofp_port_no_format(s, port_no);
    ds_put_char(s, '\n');
}

void
ofp_port_stats_reply_format(struct ds *s,
                            const struct ofp_port_stats_list *list,
                            uint16_t flags)
{
    struct cursor c = list->entries;
    struct ofp_port_stats ps;

    format_mp_flags(s, flags);
    ds_put_format(s, " %zu ports\n", list->n_entries);
    while (ofp_port_stats_next(&c, list->version, &ps) == 0) {
        ofp_port_stats_format(s, &ps);
    }
}
