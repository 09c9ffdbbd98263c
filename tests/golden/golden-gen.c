/* golden-gen: the Kumo -> OVS golden table.
 *
 *     golden-gen                 prints "NAME HEX" for every message below
 *     golden-gen --reencode HEX  prints Kumo's canonical re-encoding of HEX
 *
 * The table encodes, with Kumo's encoders, every message type of OpenFlow
 * 1.0 and 1.3, every OXM field (exact and masked, with its prerequisites),
 * every action of both versions (and set_field for every field), every
 * instruction and every error code. test-kumo-to-ovs.sh feeds each to
 * `ovs-ofctl ofp-print` (an independent decoder); test-kumo-print.sh to
 * `kumoctl ofp-print`.
 *
 * Every message is also checked here: decode(encode(x)) must re-encode to
 * the very same bytes (ofp_print_reencode), so decoding lost nothing that
 * the encoder wrote. A failure is reported on stderr and makes the exit
 * status nonzero. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-desc.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-meter.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-print.h"
#include "ofp/ofp-queue.h"
#include "ofp/ofp-role.h"
#include "ofp/ofp-switch.h"
#include "ofp/ofp-table.h"
#include "openflow/openflow-common.h"

static int n_failures;
static int n_messages;
static uint32_t next_xid = 1;

static const enum ofp_version versions[] = { OFP10_VERSION, OFP13_VERSION };

static const char *
vname(enum ofp_version v)
{
    return v == OFP10_VERSION ? "of10" : "of13";
}

static void KUMO_PRINTF(1, 2)
fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fputs("golden-gen: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    n_failures++;
}

/* Prints message 'b' (one complete message, encoded with 'error') as
 * "NAME HEX" after checking its round trip. */
static void
emit(const char *name, enum ofperr error, const struct buf *b)
{
    struct ds hex = DS_EMPTY_INITIALIZER;
    struct buf again;

    if (error) {
        fail("%s: encode failed: %s", name, ofperr_get_name(error));
        return;
    }
    buf_init(&again, b->size);
    error = ofp_print_reencode((const void *) b->data, b->size, &again);
    if (error) {
        fail("%s: our own bytes do not decode: %s", name,
             ofperr_get_name(error));
    } else if (again.size != b->size || memcmp(again.data, b->data,
                                               b->size)) {
        struct ds h2 = DS_EMPTY_INITIALIZER;
        ds_put_hex(&hex, b->data, b->size);
        ds_put_hex(&h2, again.data, again.size);
        fail("%s: decode(encode(x)) re-encodes differently:\n  %s\n  %s",
             name, ds_cstr(&hex), ds_cstr(&h2));
        ds_destroy(&h2);
        ds_clear(&hex);
    }
    ds_put_hex(&hex, b->data, b->size);
    printf("%s %s\n", name, ds_cstr(&hex));
    n_messages++;
    buf_uninit(&again);
    ds_destroy(&hex);
}

/* Formats a name into a static buffer (names are used at once). */
static const char * KUMO_PRINTF(1, 2)
nm(const char *format, ...)
{
    static char name[128];
    va_list args;

    va_start(args, format);
    vsnprintf(name, sizeof name, format, args);
    va_end(args);
    return name;
}

/* Runs 'ENCODE' (an expression using 'b' and returning enum ofperr) on a
 * fresh buffer and emits the result as NAME. */
#define GEN(NAME, ENCODE)                       \
    do {                                        \
        struct buf b;                           \
        enum ofperr error_;                     \
        buf_init(&b, 256);                      \
        error_ = (ENCODE);                      \
        emit(NAME, error_, &b);                 \
        buf_uninit(&b);                         \
    } while (0)

static uint32_t
xid(void)
{
    return next_xid++;
}

/* ---- sample values ---- */

static const struct eth_addr mac1 = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
static const struct eth_addr mac2 = { { 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb } };
static const struct eth_addr mac_mask = { { 0xff, 0xff, 0xff, 0x00, 0x00, 0x00 } };

/* An Ethernet + IPv4 + UDP frame, for packet-in and packet-out data. */
static const uint8_t frame[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11,
    0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0x02, 0x00, 0x35,
    0x00, 0x35, 0x00, 0x10, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe,
    0xf0, 0x0d,
};

static void
put_ipv6(union mf_value *v, const char *last8)
{
    static const uint8_t prefix[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0 };
    memcpy(v->ipv6, prefix, 8);
    memcpy(v->ipv6 + 8, last8, 8);
}

/* Sets 'value' (and 'mask', if the field is maskable, else all ones) to a
 * sample for 'field'. Returns true if 'mask' is a real (partial) mask. */
static bool
sample_value(enum mf_field field, union mf_value *value, union mf_value *mask)
{
    memset(value, 0, sizeof *value);
    memset(mask, 0xff, sizeof *mask);
    switch (field) {
    case MFF_IN_PORT:
    case MFF_IN_PHY_PORT:
        value->be32 = htonl(7);
        return false;
    case MFF_METADATA:
        value->be64 = htonll(0x0123456789abcdefULL);
        mask->be64 = htonll(0xffff0000ffff0000ULL);
        value->be64 &= mask->be64;
        return true;
    case MFF_ETH_DST:
    case MFF_ETH_SRC:
    case MFF_ARP_SHA:
    case MFF_ARP_THA:
        value->mac = field == MFF_ETH_SRC || field == MFF_ARP_SHA ? mac1
                                                                  : mac2;
        mask->mac = mac_mask;
        for (int i = 3; i < 6; i++) {
            value->mac.ea[i] = 0;
        }
        return true;
    case MFF_IPV6_ND_SLL:
        value->mac = mac1;
        return false;
    case MFF_IPV6_ND_TLL:
        value->mac = mac2;
        return false;
    case MFF_ETH_TYPE:
        value->be16 = htons(0x88cc);
        return false;
    case MFF_VLAN_VID:
        value->be16 = htons(0x1000 | 100);
        return false;
    case MFF_VLAN_PCP:
        value->u8 = 5;
        return false;
    case MFF_IP_DSCP:
        value->u8 = 46;
        return false;
    case MFF_IP_ECN:
        value->u8 = 2;
        return false;
    case MFF_IP_PROTO:
        value->u8 = 47;
        return false;
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
    case MFF_ARP_SPA:
    case MFF_ARP_TPA:
    case MFF_TUN_IPV4_SRC:
    case MFF_TUN_IPV4_DST:
        value->be32 = htonl(field == MFF_IPV4_SRC || field == MFF_ARP_SPA
                            || field == MFF_TUN_IPV4_SRC
                            ? 0x0a010000 : 0xc0a80000);
        mask->be32 = htonl(0xffff0000);
        return true;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        value->be16 = htons(1234);
        return false;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        value->be16 = htons(443);
        return false;
    case MFF_ICMPV4_TYPE:
        value->u8 = 8;
        return false;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        value->u8 = 3;
        return false;
    case MFF_ARP_OP:
        value->be16 = htons(2);
        return false;
    case MFF_IPV6_SRC:
    case MFF_IPV6_DST:
        put_ipv6(value, field == MFF_IPV6_SRC ? "\0\0\0\0\0\0\0\1"
                                              : "\0\0\0\0\0\0\0\2");
        memset(mask->ipv6 + 8, 0, 8);
        memset(value->ipv6 + 8, 0, 8);
        return true;
    case MFF_IPV6_ND_TARGET:
        put_ipv6(value, "\0\0\0\0\0\0\0\3");
        return false;
    case MFF_IPV6_FLABEL:
        value->be32 = htonl(0x12345);
        mask->be32 = htonl(0xff0ff);
        value->be32 &= mask->be32;
        return true;
    case MFF_ICMPV6_TYPE:
        value->u8 = 128;
        return false;
    case MFF_MPLS_LABEL:
        value->be32 = htonl(1000);
        return false;
    case MFF_MPLS_TC:
        value->u8 = 5;
        return false;
    case MFF_MPLS_BOS:
        value->u8 = 1;
        return false;
    case MFF_PBB_ISID:
        value->bytes[0] = 0x12;
        value->bytes[1] = 0x34;
        value->bytes[2] = 0x56;
        mask->bytes[2] = 0;
        value->bytes[2] = 0;
        return true;
    case MFF_TUNNEL_ID:
        value->be64 = htonll(0x1122334455667788ULL);
        mask->be64 = htonll(0xffffffff00000000ULL);
        value->be64 &= mask->be64;
        return true;
    case MFF_IPV6_EXTHDR:
        value->be16 = htons(0x0041);
        mask->be16 = htons(0x00c1);
        return true;
    case MFF_N_IDS:
    default:
        abort();
    }
}

/* Adds to 'm' exact matches on what 'prereq' requires. */
static void
add_prereqs(struct ofp_match *m, enum mf_prereq prereq)
{
    switch (prereq) {
    case MFP_NONE:
        break;
    case MFP_IN_PORT:
        ofp_match_set_in_port(m, 7);
        break;
    case MFP_VLAN:
        ofp_match_set_vlan_vid(m, 0x1000 | 100);
        break;
    case MFP_IP_ANY:
    case MFP_IPV4:
        ofp_match_set_eth_type(m, 0x0800);
        break;
    case MFP_IPV6:
        ofp_match_set_eth_type(m, 0x86dd);
        break;
    case MFP_ARP:
        ofp_match_set_eth_type(m, 0x0806);
        break;
    case MFP_MPLS:
        ofp_match_set_eth_type(m, 0x8847);
        break;
    case MFP_PBB:
        ofp_match_set_eth_type(m, 0x88e7);
        break;
    case MFP_TCP:
        ofp_match_set_eth_type(m, 0x0800);
        ofp_match_set_ip_proto(m, 6);
        break;
    case MFP_UDP:
        ofp_match_set_eth_type(m, 0x0800);
        ofp_match_set_ip_proto(m, 17);
        break;
    case MFP_SCTP:
        ofp_match_set_eth_type(m, 0x0800);
        ofp_match_set_ip_proto(m, 132);
        break;
    case MFP_ICMPV4:
        ofp_match_set_eth_type(m, 0x0800);
        ofp_match_set_ip_proto(m, 1);
        break;
    case MFP_ICMPV6:
    case MFP_ND:
    case MFP_ND_SOLICIT:
    case MFP_ND_ADVERT: {
        union mf_value type;

        ofp_match_set_eth_type(m, 0x86dd);
        ofp_match_set_ip_proto(m, 58);
        if (prereq != MFP_ICMPV6) {
            memset(&type, 0, sizeof type);
            type.u8 = prereq == MFP_ND_ADVERT ? 136 : 135;
            ofp_match_set_field(m, MFF_ICMPV6_TYPE, &type, NULL);
        }
        break;
    }
    }
}

/* ---- connection-level messages ---- */

static void
gen_switch(enum ofp_version v)
{
    const char *vn = vname(v);
    static const uint8_t payload[] = { 'k', 'u', 'm', 'o', 0, 1, 2, 3 };

    GEN(nm("%s-hello", vn), ofp_hello_encode(OFP_VERSION_BIT(v), xid(), &b));
    if (v == OFP13_VERSION) {
        GEN("of13-hello-bitmap-10-13",
            ofp_hello_encode(OFP_SUPPORTED_VERSIONS, xid(), &b));
    }
    GEN(nm("%s-echo-request", vn), ofp_echo_encode(false, NULL, 0, v, xid(),
                                                   &b));
    GEN(nm("%s-echo-request-payload", vn),
        ofp_echo_encode(false, payload, sizeof payload, v, xid(), &b));
    GEN(nm("%s-echo-reply", vn),
        ofp_echo_encode(true, payload, sizeof payload, v, xid(), &b));

    struct ofp_experimenter exp = {
        .experimenter = 0x00abcdef, .exp_type = v == OFP13_VERSION ? 7 : 0,
        .data = payload, .data_len = sizeof payload,
    };
    GEN(nm("%s-experimenter", vn), ofp_experimenter_encode(&exp, v, xid(),
                                                           &b));

    GEN(nm("%s-features-request", vn),
        ofp_features_request_encode(v, xid(), &b));
    struct ofp_port ports[2];
    memset(ports, 0, sizeof ports);
    for (int i = 0; i < 2; i++) {
        ports[i].port_no = i ? OFPP_LOCAL : 1;
        ports[i].hw_addr = i ? mac2 : mac1;
        snprintf(ports[i].name, sizeof ports[i].name, i ? "br0" : "eth1");
        ports[i].config = i ? OFPPC_PORT_DOWN : 0;
        ports[i].state = i ? OFPPS_LINK_DOWN : 0;
        ports[i].curr = OFPPF_1GB_FD | OFPPF_COPPER | OFPPF_AUTONEG;
        ports[i].advertised = OFPPF_1GB_FD | OFPPF_100MB_FD;
        ports[i].supported = OFPPF_1GB_FD | OFPPF_100MB_FD | OFPPF_10MB_HD;
    }
    struct ofp_switch_features sf = {
        .datapath_id = 0x0000feedbeef0001ULL, .n_buffers = 256,
        .n_tables = 254,
        .capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                        | OFPC_QUEUE_STATS
                        | (v == OFP10_VERSION ? OFPC_ARP_MATCH_IP
                                              : OFPC_GROUP_STATS),
        .actions = v == OFP10_VERSION ? 0xfff : 0,
        .ports = v == OFP10_VERSION ? ports : NULL,
        .n_ports = v == OFP10_VERSION ? 2 : 0,
        .auxiliary_id = 0,
    };
    GEN(nm("%s-features-reply", vn),
        ofp_switch_features_encode(&sf, v, xid(), &b));

    GEN(nm("%s-get-config-request", vn),
        ofp_get_config_request_encode(v, xid(), &b));
    struct ofp_switch_config cfg = { OFPC_FRAG_REASM, 128 };
    GEN(nm("%s-get-config-reply", vn),
        ofp_switch_config_encode(&cfg, true, v, xid(), &b));
    cfg.flags = OFPC_FRAG_DROP;
    cfg.miss_send_len = OFPCML_NO_BUFFER;
    GEN(nm("%s-set-config", vn),
        ofp_switch_config_encode(&cfg, false, v, xid(), &b));
    GEN(nm("%s-barrier-request", vn),
        ofp_barrier_request_encode(v, xid(), &b));
    GEN(nm("%s-barrier-reply", vn), ofp_barrier_reply_encode(v, xid(), &b));
}

/* Every error code of the table that exists in 'v', each as a reply to a
 * barrier request (the data). */
static void
gen_errors(enum ofp_version v)
{
    struct buf req;

    buf_init(&req, 16);
    ofp_barrier_request_encode(v, 0x55, &req);
    for (int e = OFPERR_OFS; e < OFPERR_LAST_; e++) {
        uint16_t type, code;

        if (ofperr_encode_type_code(e, v, &type, &code)) {
            GEN(nm("%s-error-%s", vname(v), ofperr_get_name(e)),
                ofp_error_reply_encode(e, (const void *) req.data, req.size,
                                       v, &b));
        }
    }
    buf_uninit(&req);

    /* HELLO_FAILED carries text, not a request. */
    static const char text[] = "no common version";
    struct ofp_error err = {
        .error = OFPERR_OFPHFC_INCOMPATIBLE, .type = 0, .code = 0,
        .data = text, .data_len = strlen(text),
    };
    GEN(nm("%s-error-hello-failed-text", vname(v)),
        ofp_error_encode(&err, v, xid(), &b));
    if (v == OFP13_VERSION) {
        struct ofp_error exp = {
            .type = 0xffff, .code = 3, .experimenter = 0x00abcdef,
        };
        GEN("of13-error-experimenter", ofp_error_encode(&exp, v, xid(), &b));
    }
}

/* ---- ports ---- */

static void
sample_port(struct ofp_port *p, uint32_t port_no)
{
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    p->hw_addr = mac1;
    if (port_no == OFPP_LOCAL) {
        snprintf(p->name, sizeof p->name, "br0");
    } else {
        snprintf(p->name, sizeof p->name, "eth%u", (unsigned) port_no);
    }
    p->config = OFPPC_NO_RECV | OFPPC_NO_PACKET_IN;
    p->state = OFPPS_LINK_DOWN;
    p->curr = OFPPF_10GB_FD | OFPPF_FIBER;
    p->advertised = OFPPF_10GB_FD | OFPPF_PAUSE;
    p->supported = OFPPF_10GB_FD | OFPPF_1GB_FD | OFPPF_PAUSE_ASYM;
    p->peer = OFPPF_10GB_FD;
}

static void
gen_ports(enum ofp_version v)
{
    const char *vn = vname(v);
    struct ofp_port_status ps;
    static const char *const reasons[] = { "add", "delete", "modify" };

    for (int r = 0; r < 3; r++) {
        ps.reason = (uint8_t) r;
        sample_port(&ps.desc, 3);
        if (v == OFP13_VERSION) {
            ps.desc.state = OFPPS_LIVE;
            ps.desc.curr_speed = 10000000;
            ps.desc.max_speed = 10000000;
        }
        GEN(nm("%s-port-status-%s", vn, reasons[r]),
            ofp_port_status_encode(&ps, v, xid(), &b));
    }

    struct ofp_port_mod pm = {
        .port_no = 3, .hw_addr = mac1, .config = OFPPC_PORT_DOWN,
        .mask = OFPPC_PORT_DOWN | OFPPC_NO_RECV, .advertise = 0,
    };
    GEN(nm("%s-port-mod", vn), ofp_port_mod_encode(&pm, v, xid(), &b));
    pm.config = 0;
    pm.mask = OFPPC_NO_PACKET_IN;
    pm.advertise = OFPPF_1GB_FD | OFPPF_AUTONEG;
    GEN(nm("%s-port-mod-advertise", vn),
        ofp_port_mod_encode(&pm, v, xid(), &b));

    GEN(nm("%s-port-stats-request", vn),
        ofp_port_stats_request_encode(2, v, xid(), &b));
    GEN(nm("%s-port-stats-request-all", vn),
        ofp_port_stats_request_encode(OFPP_ANY, v, xid(), &b));
    struct ofp_port_stats st[2];
    memset(st, 0, sizeof st);
    for (int i = 0; i < 2; i++) {
        st[i].port_no = i ? OFPP_LOCAL : 1;
        st[i].rx_packets = 100 + i;
        st[i].tx_packets = 200 + i;
        st[i].rx_bytes = 10000 + i;
        st[i].tx_bytes = 20000 + i;
        st[i].rx_dropped = 1;
        st[i].tx_dropped = 2;
        st[i].rx_errors = 3;
        st[i].tx_errors = 4;
        st[i].rx_frame_err = 5;
        st[i].rx_over_err = 6;
        st[i].rx_crc_err = 7;
        st[i].collisions = 8;
        if (v == OFP13_VERSION) {
            st[i].duration_sec = 10;
            st[i].duration_nsec = 500000000;
        }
    }
    GEN(nm("%s-port-stats-reply", vn),
        ofp_port_stats_reply_encode(st, 2, 0, v, xid(), &b));

    if (v == OFP13_VERSION) {
        struct ofp_port ports[2];

        sample_port(&ports[0], 1);
        sample_port(&ports[1], OFPP_LOCAL);
        ports[0].curr_speed = ports[1].curr_speed = 1000000;
        GEN("of13-port-desc-request",
            ofp_port_desc_request_encode(v, xid(), &b));
        GEN("of13-port-desc-reply",
            ofp_port_desc_reply_encode(ports, 2, 0, v, xid(), &b));
        GEN("of13-port-desc-reply-more",
            ofp_port_desc_reply_encode(ports, 1, OFPMPF_MORE, v, xid(), &b));
    }
}

/* ---- packets ---- */

static void
gen_packets(enum ofp_version v)
{
    const char *vn = vname(v);
    struct ofp_packet_in pin = {
        .buffer_id = OFP_NO_BUFFER, .total_len = sizeof frame, .in_port = 3,
        .reason = OFPR_NO_MATCH, .data = frame, .data_len = sizeof frame,
    };

    GEN(nm("%s-packet-in", vn), ofp_packet_in_encode(&pin, v, xid(), &b));
    pin.buffer_id = 0x100;
    pin.reason = OFPR_ACTION;
    pin.in_port = OFPP_LOCAL;
    pin.data_len = 20;
    if (v == OFP13_VERSION) {
        pin.table_id = 3;
        pin.cookie = 0xfedcba9876543210ULL;
    }
    GEN(nm("%s-packet-in-buffered", vn),
        ofp_packet_in_encode(&pin, v, xid(), &b));
    if (v == OFP13_VERSION) {
        pin.reason = OFPR_INVALID_TTL;
        GEN("of13-packet-in-invalid-ttl",
            ofp_packet_in_encode(&pin, v, xid(), &b));
    }
}

/* A 1.3 packet-in whose match carries more than in_port (as OVS sends for
 * tunnelled packets). */
static void
gen_packet_in_rich_match(void)
{
    struct buf oxm;
    union mf_value value, mask;
    struct ofp_packet_in pin = {
        .buffer_id = OFP_NO_BUFFER, .total_len = sizeof frame, .in_port = 9,
        .reason = OFPR_ACTION, .table_id = 1, .cookie = 0x77,
        .data = frame, .data_len = sizeof frame,
    };

    buf_init(&oxm, 64);
    memset(&value, 0, sizeof value);
    value.be32 = htonl(9);
    ofp_match_oxm_put(&oxm, MFF_IN_PORT, &value, NULL);
    value.be64 = htonll(0x5555);
    ofp_match_oxm_put(&oxm, MFF_METADATA, &value, NULL);
    value.be64 = htonll(0x64);
    ofp_match_oxm_put(&oxm, MFF_TUNNEL_ID, &value, NULL);
    memset(&mask, 0xff, sizeof mask);
    value.be32 = htonl(0xc0a80001);
    ofp_match_oxm_put(&oxm, MFF_TUN_IPV4_SRC, &value, &mask);
    pin.match_oxm = oxm.data;
    pin.match_oxm_len = oxm.size;
    GEN("of13-packet-in-tunnel-match",
        ofp_packet_in_encode(&pin, OFP13_VERSION, xid(), &b));
    buf_uninit(&oxm);
}

/* ---- flows ---- */

static void
gen_flow_mod(const char *name, enum ofp_version v,
             const struct ofp_flow_mod *fm)
{
    GEN(name, ofp_flow_mod_encode(fm, v, xid(), &b));
}

/* A flow-mod of 'v' applying 'actions' under the prerequisites
 * 'prereq' (and a VLAN tag if 'vlan'). */
static void
gen_action_flow(const char *name, enum ofp_version v,
                const struct ofp_action *actions, size_t n,
                enum mf_prereq prereq, bool vlan)
{
    struct ofp_flow_mod fm;

    ofp_flow_mod_init(&fm);
    fm.priority = 100;
    add_prereqs(&fm.match, prereq);
    if (vlan) {
        ofp_match_set_vlan_vid(&fm.match, 0x1000 | 100);
    }
    ofp_instructions_set_apply(&fm.instructions, actions, n);
    gen_flow_mod(name, v, &fm);
}

static void
gen_flows(enum ofp_version v)
{
    const char *vn = vname(v);
    struct ofp_flow_mod fm;
    struct ofp_action acts[4];
    static const char *const commands[] = {
        "add", "modify", "modify-strict", "delete", "delete-strict",
    };

    acts[0] = ofp_action_output(2, 0);
    for (int c = OFPFC_ADD; c <= OFPFC_DELETE_STRICT; c++) {
        ofp_flow_mod_init(&fm);
        fm.command = c;
        fm.priority = (uint16_t) (1000 + c);
        ofp_match_set_in_port(&fm.match, 1);
        if (c < OFPFC_DELETE) {
            ofp_instructions_set_apply(&fm.instructions, acts, 1);
        } else {
            fm.out_port = 2;
        }
        gen_flow_mod(nm("%s-flow-mod-%s", vn, commands[c]), v, &fm);
    }

    /* Every header field set. */
    ofp_flow_mod_init(&fm);
    fm.cookie = 0x0123456789abcdefULL;
    fm.idle_timeout = 30;
    fm.hard_timeout = 600;
    fm.priority = 0xfffe;
    fm.buffer_id = 0x42;
    fm.flags = OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP;
    if (v == OFP13_VERSION) {
        fm.table_id = 5;
        fm.flags |= OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS
                    | OFPFF_NO_BYT_COUNTS;
    }
    ofp_match_set_eth_type(&fm.match, 0x0800);
    ofp_match_set_ip_proto(&fm.match, 6);
    ofp_match_set_eth_src(&fm.match, &mac1);
    ofp_match_set_eth_dst(&fm.match, &mac2);
    ofp_match_set_vlan_vid(&fm.match, 0x1000 | 10);
    ofp_match_set_vlan_pcp(&fm.match, 3);
    ofp_match_set_ipv4_src_masked(&fm.match, htonl(0x0a000000),
                                  htonl(0xff000000));
    ofp_match_set_ipv4_dst_masked(&fm.match, htonl(0xc0a80101),
                                  htonl(0xffffffff));
    ofp_match_set_tcp_src(&fm.match, 80);
    ofp_match_set_tcp_dst(&fm.match, 8080);
    ofp_match_set_in_port(&fm.match, 4);
    acts[0] = ofp_action_output(OFPP_CONTROLLER, 128);
    acts[1] = ofp_action_output(3, 0);
    ofp_instructions_set_apply(&fm.instructions, acts, 2);
    gen_flow_mod(nm("%s-flow-mod-full", vn), v, &fm);

    if (v == OFP10_VERSION) {
        /* Emergency flows must not time out. */
        ofp_flow_mod_init(&fm);
        fm.flags = OFPFF10_EMERG;
        ofp_match_set_in_port(&fm.match, 1);
        acts[0] = ofp_action_output(2, 0);
        ofp_instructions_set_apply(&fm.instructions, acts, 1);
        gen_flow_mod("of10-flow-mod-emerg", v, &fm);
    }

    /* Catch-all table-miss flow and a drop flow. */
    ofp_flow_mod_init(&fm);
    fm.priority = 0;
    acts[0] = ofp_action_output(OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    ofp_instructions_set_apply(&fm.instructions, acts, 1);
    gen_flow_mod(nm("%s-flow-mod-table-miss", vn), v, &fm);
    ofp_flow_mod_init(&fm);
    ofp_match_set_eth_type(&fm.match, 0x88cc);
    gen_flow_mod(nm("%s-flow-mod-drop", vn), v, &fm);
    if (v == OFP13_VERSION) {
        ofp_flow_mod_init(&fm);
        fm.command = OFPFC_DELETE;
        fm.table_id = OFPTT_ALL;
        fm.cookie = 0x10;
        fm.cookie_mask = 0xff;
        fm.out_group = 7;
        gen_flow_mod("of13-flow-mod-delete-cookie-group", v, &fm);
    }
    /* 1.0 ARP: nw_src/nw_dst/nw_proto are the ARP fields. */
    ofp_flow_mod_init(&fm);
    ofp_match_set_eth_type(&fm.match, 0x0806);
    {
        union mf_value val, mask;
        sample_value(MFF_ARP_OP, &val, &mask);
        ofp_match_set_field(&fm.match, MFF_ARP_OP, &val, NULL);
        sample_value(MFF_ARP_SPA, &val, &mask);
        ofp_match_set_field(&fm.match, MFF_ARP_SPA, &val, &mask);
        sample_value(MFF_ARP_TPA, &val, &mask);
        ofp_match_set_field(&fm.match, MFF_ARP_TPA, &val, NULL);
    }
    acts[0] = ofp_action_output(OFPP_FLOOD, 0);
    ofp_instructions_set_apply(&fm.instructions, acts, 1);
    gen_flow_mod(nm("%s-flow-mod-arp", vn), v, &fm);
    /* Untagged-only match. */
    ofp_flow_mod_init(&fm);
    ofp_match_set_vlan_vid(&fm.match, 0);
    acts[0] = ofp_action_output(OFPP_NORMAL, 0);
    ofp_instructions_set_apply(&fm.instructions, acts, 1);
    gen_flow_mod(nm("%s-flow-mod-untagged", vn), v, &fm);

    /* Flow removed. */
    struct ofp_flow_removed fr;
    static const char *const rr[] = {
        "idle", "hard", "delete", "group-delete",
    };
    for (int r = 0; r < (v == OFP13_VERSION ? 4 : 3); r++) {
        memset(&fr, 0, sizeof fr);
        ofp_match_init_catchall(&fr.match);
        ofp_match_set_in_port(&fr.match, 5);
        ofp_match_set_eth_type(&fr.match, 0x0800);
        ofp_match_set_ipv4_dst_masked(&fr.match, htonl(0x0a000001),
                                      htonl(0xffffffff));
        fr.cookie = 0xabcdef;
        fr.priority = 300;
        fr.reason = (uint8_t) r;
        fr.duration_sec = 123;
        fr.duration_nsec = 456000000;
        fr.idle_timeout = 60;
        fr.packet_count = 1000;
        fr.byte_count = 64000;
        if (v == OFP13_VERSION) {
            fr.table_id = 2;
            fr.hard_timeout = 300;
        }
        GEN(nm("%s-flow-removed-%s", vn, rr[r]),
            ofp_flow_removed_encode(&fr, v, xid(), &b));
    }

    /* Flow stats and aggregate requests. */
    for (int agg = 0; agg < 2; agg++) {
        struct ofp_flow_stats_request req;

        ofp_flow_stats_request_init(&req, agg);
        GEN(nm("%s-%s-request-all", vn, agg ? "aggregate" : "flow-stats"),
            ofp_flow_stats_request_encode(&req, v, xid(), &b));
        ofp_match_set_in_port(&req.match, 1);
        ofp_match_set_eth_type(&req.match, 0x0800);
        req.out_port = 2;
        if (v == OFP13_VERSION) {
            req.table_id = 1;
            req.out_group = 3;
            req.cookie = 0x5;
            req.cookie_mask = 0xf;
        } else {
            req.table_id = 0;
        }
        GEN(nm("%s-%s-request", vn, agg ? "aggregate" : "flow-stats"),
            ofp_flow_stats_request_encode(&req, v, xid(), &b));
    }
    struct ofp_aggregate_stats as = { 1000, 64000, 12 };
    GEN(nm("%s-aggregate-reply", vn),
        ofp_flow_aggregate_reply_encode(&as, v, xid(), &b));

    /* Flow stats reply with two entries. */
    {
        struct buf b;
        struct ofp_flow_stats fs;
        size_t start;
        enum ofperr error = 0;

        buf_init(&b, 512);
        start = ofp_flow_stats_reply_start(&b, v, 0, xid());
        for (int i = 0; i < 2 && !error; i++) {
            memset(&fs, 0, sizeof fs);
            ofp_match_init_catchall(&fs.match);
            ofp_instructions_init(&fs.instructions);
            fs.table_id = v == OFP13_VERSION ? (uint8_t) i : 0;
            fs.duration_sec = 10 + i;
            fs.duration_nsec = 5000;
            fs.priority = (uint16_t) (100 * (i + 1));
            fs.idle_timeout = 10;
            fs.hard_timeout = 20;
            fs.flags = v == OFP13_VERSION ? OFPFF_SEND_FLOW_REM : 0;
            fs.cookie = 0x99 + (uint64_t) i;
            fs.packet_count = 5;
            fs.byte_count = 500;
            if (i) {
                ofp_match_set_in_port(&fs.match, 2);
                acts[0] = ofp_action_output(1, 0);
                ofp_instructions_set_apply(&fs.instructions, acts, 1);
            }
            error = ofp_flow_stats_reply_append(&b, v, &fs);
        }
        ofp_flow_stats_reply_finish(&b, start);
        emit(nm("%s-flow-stats-reply", vn), error, &b);
        buf_uninit(&b);
    }
}

/* Every match field, exact and (if it can be) masked, in a 1.3 flow-mod;
 * and the fields 1.0 can express in a 1.0 flow-mod. */
static void
gen_match_fields(void)
{
    for (int f = 0; f < MFF_N_IDS; f++) {
        const struct mf_field_info *info = ofp_match_field_info(f);
        union mf_value value, mask;
        bool masked = sample_value(f, &value, &mask);
        struct ofp_flow_mod fm;

        for (int with_mask = 0; with_mask <= (masked && info->maskable);
             with_mask++) {
            ofp_flow_mod_init(&fm);
            add_prereqs(&fm.match, info->prereq);
            if (ofp_match_set_field(&fm.match, f, &value,
                                    with_mask ? &mask : NULL)) {
                fail("match field %s: set_field refused", info->name);
                continue;
            }
            gen_flow_mod(nm("of13-match-%s%s", info->oxm_name,
                            with_mask ? "-masked" : ""), OFP13_VERSION, &fm);
            /* The same in 1.0, where it fits. */
            struct ofp10_match m10;
            if (!ofp_match_to_ofp10(&fm.match, &m10)) {
                gen_flow_mod(nm("of10-match-%s%s", info->oxm_name,
                                with_mask ? "-masked" : ""),
                             OFP10_VERSION, &fm);
            }
        }
    }
}

/* ---- actions and instructions ---- */

/* Sets 'a' to a sample action of 'type' and returns the prerequisite the
 * flow needs for it (a VLAN tag is required if '*vlan' comes back true). */
static enum mf_prereq
sample_action(struct ofp_action *a, enum ofp_action_type type, bool *vlan)
{
    static const uint8_t exp_data[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    memset(a, 0, sizeof *a);
    a->type = type;
    *vlan = false;
    switch (type) {
    case OFPACT_OUTPUT:
        *a = ofp_action_output(5, 0);
        return MFP_NONE;
    case OFPACT_SET_VLAN_VID:
        a->vlan_vid = 42;
        *vlan = true;           /* 1.3 writes it as set_field. */
        return MFP_NONE;
    case OFPACT_SET_VLAN_PCP:
        a->vlan_pcp = 6;
        *vlan = true;
        return MFP_NONE;
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        *vlan = true;
        return MFP_NONE;
    case OFPACT_SET_DL_SRC:
        a->dl_addr = mac1;
        return MFP_NONE;
    case OFPACT_SET_DL_DST:
        a->dl_addr = mac2;
        return MFP_NONE;
    case OFPACT_SET_NW_SRC:
        a->nw_addr = htonl(0x01020304);
        return MFP_IPV4;
    case OFPACT_SET_NW_DST:
        a->nw_addr = htonl(0x05060708);
        return MFP_IPV4;
    case OFPACT_SET_NW_TOS:
        a->nw_tos = 0xb8;
        return MFP_IP_ANY;
    case OFPACT_SET_TP_SRC:
        a->tp_port = 1000;
        return MFP_TCP;
    case OFPACT_SET_TP_DST:
        a->tp_port = 2000;
        return MFP_TCP;
    case OFPACT_ENQUEUE:
        a->enqueue.port = 3;
        a->enqueue.queue_id = 7;
        return MFP_NONE;
    case OFPACT_COPY_TTL_OUT:
    case OFPACT_COPY_TTL_IN:
    case OFPACT_DEC_MPLS_TTL:
        return MFP_MPLS;
    case OFPACT_SET_MPLS_TTL:
        a->ttl = 17;
        return MFP_MPLS;
    case OFPACT_PUSH_VLAN:
        a->ethertype = 0x8100;
        return MFP_NONE;
    case OFPACT_PUSH_MPLS:
        a->ethertype = 0x8847;
        return MFP_IPV4;
    case OFPACT_POP_MPLS:
        a->ethertype = 0x0800;
        return MFP_MPLS;
    case OFPACT_SET_QUEUE:
        a->queue_id = 9;
        return MFP_NONE;
    case OFPACT_GROUP:
        a->group_id = 11;
        return MFP_NONE;
    case OFPACT_SET_NW_TTL:
        a->ttl = 33;
        return MFP_IPV4;
    case OFPACT_DEC_NW_TTL:
        return MFP_IPV4;
    case OFPACT_PUSH_PBB:
        a->ethertype = 0x88e7;
        return MFP_NONE;
    case OFPACT_POP_PBB:
        return MFP_PBB;
    case OFPACT_EXPERIMENTER:
        a->experimenter.experimenter = 0x00abcdef;
        a->experimenter.data = exp_data;
        a->experimenter.size = sizeof exp_data;
        return MFP_NONE;
    case OFPACT_SET_FIELD:
    case OFPACT_N_TYPES:
    default:
        abort();
    }
}

static const char *const action_names[OFPACT_N_TYPES] = {
    [OFPACT_OUTPUT] = "output",
    [OFPACT_SET_VLAN_VID] = "set_vlan_vid",
    [OFPACT_SET_VLAN_PCP] = "set_vlan_pcp",
    [OFPACT_STRIP_VLAN] = "strip_vlan",
    [OFPACT_SET_DL_SRC] = "set_dl_src",
    [OFPACT_SET_DL_DST] = "set_dl_dst",
    [OFPACT_SET_NW_SRC] = "set_nw_src",
    [OFPACT_SET_NW_DST] = "set_nw_dst",
    [OFPACT_SET_NW_TOS] = "set_nw_tos",
    [OFPACT_SET_TP_SRC] = "set_tp_src",
    [OFPACT_SET_TP_DST] = "set_tp_dst",
    [OFPACT_ENQUEUE] = "enqueue",
    [OFPACT_COPY_TTL_OUT] = "copy_ttl_out",
    [OFPACT_COPY_TTL_IN] = "copy_ttl_in",
    [OFPACT_SET_MPLS_TTL] = "set_mpls_ttl",
    [OFPACT_DEC_MPLS_TTL] = "dec_mpls_ttl",
    [OFPACT_PUSH_VLAN] = "push_vlan",
    [OFPACT_POP_VLAN] = "pop_vlan",
    [OFPACT_PUSH_MPLS] = "push_mpls",
    [OFPACT_POP_MPLS] = "pop_mpls",
    [OFPACT_SET_QUEUE] = "set_queue",
    [OFPACT_GROUP] = "group",
    [OFPACT_SET_NW_TTL] = "set_nw_ttl",
    [OFPACT_DEC_NW_TTL] = "dec_nw_ttl",
    [OFPACT_SET_FIELD] = "set_field",
    [OFPACT_PUSH_PBB] = "push_pbb",
    [OFPACT_POP_PBB] = "pop_pbb",
    [OFPACT_EXPERIMENTER] = "experimenter",
};

static void
gen_actions(void)
{
    /* Every action kind in every version that can express it. */
    for (size_t vi = 0; vi < ARRAY_SIZE(versions); vi++) {
        enum ofp_version v = versions[vi];

        for (int t = 0; t < OFPACT_N_TYPES; t++) {
            struct ofp_action a;
            enum mf_prereq prereq;
            struct buf probe;
            bool vlan;

            if (t == OFPACT_SET_FIELD) {
                continue;
            }
            prereq = sample_action(&a, t, &vlan);
            buf_init(&probe, 64);
            if (!ofp_actions_encode(&a, 1, v, &probe)) {
                gen_action_flow(nm("%s-action-%s", vname(v),
                                   action_names[t]), v, &a, 1, prereq,
                                vlan);
            }
            buf_uninit(&probe);
        }

        /* Output to every special port, and max_len. */
        static const uint32_t ports[] = {
            OFPP_IN_PORT, OFPP_TABLE, OFPP_NORMAL, OFPP_FLOOD, OFPP_ALL,
            OFPP_CONTROLLER, OFPP_LOCAL,
        };
        struct ofp_action outs[ARRAY_SIZE(ports)];
        for (size_t i = 0; i < ARRAY_SIZE(ports); i++) {
            outs[i] = ofp_action_output(ports[i],
                                        ports[i] == OFPP_CONTROLLER ? 200
                                                                    : 0);
        }
        /* OFPP_TABLE is for packet-out only: give flows the rest. */
        gen_action_flow(nm("%s-action-output-special", vname(v)), v,
                        outs, 1, MFP_IN_PORT, false);
        gen_action_flow(nm("%s-action-output-reserved", vname(v)), v,
                        outs + 2, ARRAY_SIZE(ports) - 2, MFP_NONE, false);
    }

    /* set_field for every field (1.3), with the field's prerequisites in
     * the match. */
    for (int f = 0; f < MFF_N_IDS; f++) {
        const struct mf_field_info *info = ofp_match_field_info(f);
        union mf_value value, mask;
        struct ofp_action a;
        struct buf probe;

        sample_value(f, &value, &mask);
        a = ofp_action_set_field(f, &value);
        buf_init(&probe, 64);
        if (!ofp_actions_encode(&a, 1, OFP13_VERSION, &probe)) {
            gen_action_flow(nm("of13-set-field-%s", info->oxm_name),
                            OFP13_VERSION, &a, 1, info->prereq,
                            f == MFF_VLAN_VID || f == MFF_VLAN_PCP);
        }
        buf_uninit(&probe);
    }
}

static void
gen_instructions(void)
{
    struct ofp_action apply[2], write[2];
    struct ofp_flow_mod fm;

    apply[0] = ofp_action_output(1, 0);
    apply[1] = ofp_action_output(2, 0);
    write[0].type = OFPACT_GROUP;
    write[0].group_id = 4;
    write[1] = ofp_action_output(3, 0);

    ofp_flow_mod_init(&fm);
    fm.instructions.present = OFPINST_GOTO_TABLE;
    fm.instructions.goto_table = 10;
    gen_flow_mod("of13-inst-goto-table", OFP13_VERSION, &fm);

    ofp_flow_mod_init(&fm);
    fm.instructions.present = OFPINST_WRITE_METADATA;
    fm.instructions.metadata = 0xab00;
    fm.instructions.metadata_mask = 0xff00;
    gen_flow_mod("of13-inst-write-metadata", OFP13_VERSION, &fm);

    ofp_flow_mod_init(&fm);
    fm.instructions.present = OFPINST_WRITE_ACTIONS;
    fm.instructions.write_actions = write;
    fm.instructions.n_write_actions = 2;
    gen_flow_mod("of13-inst-write-actions", OFP13_VERSION, &fm);

    ofp_flow_mod_init(&fm);
    ofp_instructions_set_apply(&fm.instructions, apply, 2);
    gen_flow_mod("of13-inst-apply-actions", OFP13_VERSION, &fm);

    ofp_flow_mod_init(&fm);
    fm.instructions.present = OFPINST_CLEAR_ACTIONS;
    gen_flow_mod("of13-inst-clear-actions", OFP13_VERSION, &fm);

    ofp_flow_mod_init(&fm);
    fm.instructions.present = OFPINST_METER;
    fm.instructions.meter_id = 5;
    gen_flow_mod("of13-inst-meter", OFP13_VERSION, &fm);

    /* All of them in one flow. */
    ofp_flow_mod_init(&fm);
    fm.table_id = 1;
    fm.instructions.present = OFPINST_METER | OFPINST_APPLY_ACTIONS
                              | OFPINST_CLEAR_ACTIONS | OFPINST_WRITE_ACTIONS
                              | OFPINST_WRITE_METADATA | OFPINST_GOTO_TABLE;
    fm.instructions.meter_id = 2;
    fm.instructions.apply_actions = apply;
    fm.instructions.n_apply_actions = 1;
    fm.instructions.write_actions = write;
    fm.instructions.n_write_actions = 2;
    fm.instructions.metadata = 0x1;
    fm.instructions.metadata_mask = 0x1;
    fm.instructions.goto_table = 2;
    gen_flow_mod("of13-inst-all", OFP13_VERSION, &fm);
}

/* ---- tables, meters, queues, roles, descriptions ---- */

static void
gen_tables(enum ofp_version v)
{
    const char *vn = vname(v);
    struct ofp_table_stats ts[2];

    GEN(nm("%s-table-stats-request", vn),
        ofp_table_stats_request_encode(v, xid(), &b));
    memset(ts, 0, sizeof ts);
    for (int i = 0; i < 2; i++) {
        ts[i].table_id = (uint8_t) i;
        snprintf(ts[i].name, sizeof ts[i].name, "table%d", i);
        ts[i].wildcards = v == OFP10_VERSION ? 0x3fffff : 0;
        ts[i].max_entries = 1000000;
        ts[i].active_count = 10 + (uint32_t) i;
        ts[i].lookup_count = 5000;
        ts[i].matched_count = 4000;
    }
    GEN(nm("%s-table-stats-reply", vn),
        ofp_table_stats_reply_encode(ts, 2, v, xid(), &b));
    if (v == OFP10_VERSION) {
        return;
    }

    struct ofp_table_mod tm = { .table_id = 3, .config = 0 };
    GEN("of13-table-mod", ofp_table_mod_encode(&tm, v, xid(), &b));
    tm.table_id = OFPTT_ALL;
    tm.config = 3;
    GEN("of13-table-mod-all-deprecated",
        ofp_table_mod_encode(&tm, v, xid(), &b));

    GEN("of13-table-features-request",
        ofp_table_features_encode(NULL, 0, false, v, xid(), &b));
    /* One table with every required property present but empty (props
     * are raw bytes in Kumo: type, length 4, padding). */
    static const uint8_t props[] = {
        0, 0, 0, 4, 0, 0, 0, 0,     0, 2, 0, 4, 0, 0, 0, 0,
        0, 4, 0, 4, 0, 0, 0, 0,     0, 6, 0, 4, 0, 0, 0, 0,
        0, 8, 0, 4, 0, 0, 0, 0,     0, 10, 0, 4, 0, 0, 0, 0,
        0, 12, 0, 4, 0, 0, 0, 0,    0, 14, 0, 4, 0, 0, 0, 0,
    };
    struct ofp_table_features tf = {
        .table_id = 0, .metadata_match = UINT64_MAX,
        .metadata_write = UINT64_MAX, .config = 0, .max_entries = 1000,
        .props = props, .props_size = sizeof props, .n_props = 8,
    };
    snprintf(tf.name, sizeof tf.name, "classifier");
    GEN("of13-table-features-reply",
        ofp_table_features_encode(&tf, 1, true, v, xid(), &b));
}

static void
gen_meters(void)
{
    const enum ofp_version v = OFP13_VERSION;
    struct ofp_meter_band bands[2];
    struct ofp_meter_mod mm;
    static const char *const cmds[] = { "add", "modify", "delete" };

    memset(bands, 0, sizeof bands);
    bands[0].type = OFPMBT13_DROP;
    bands[0].rate = 1000;
    bands[0].burst_size = 100;
    bands[1].type = OFPMBT13_DSCP_REMARK;
    bands[1].rate = 500;
    bands[1].burst_size = 50;
    bands[1].prec_level = 1;
    for (int c = 0; c < 3; c++) {
        mm.command = (uint16_t) c;
        mm.flags = OFPMF13_KBPS | OFPMF13_BURST | OFPMF13_STATS;
        mm.meter_id = 7;
        mm.bands = bands;
        mm.n_bands = c == 2 ? 0 : 2;
        GEN(nm("of13-meter-mod-%s", cmds[c]),
            ofp_meter_mod_encode(&mm, v, xid(), &b));
    }
    mm.command = OFPMC13_ADD;
    mm.flags = OFPMF13_PKTPS;
    mm.meter_id = 8;
    mm.n_bands = 1;
    GEN("of13-meter-mod-pktps", ofp_meter_mod_encode(&mm, v, xid(), &b));

    for (int config = 0; config < 2; config++) {
        struct ofp_meter_request mr = { .config = config,
                                        .meter_id = OFPM13_ALL };
        GEN(nm("of13-meter-%s-request-all", config ? "config" : "stats"),
            ofp_meter_request_encode(&mr, v, xid(), &b));
        mr.meter_id = 7;
        GEN(nm("of13-meter-%s-request", config ? "config" : "stats"),
            ofp_meter_request_encode(&mr, v, xid(), &b));
    }

    struct ofp_meter_band_stats bs[2] = { { 10, 1000 }, { 20, 2000 } };
    struct ofp_meter_stats ms[2];
    memset(ms, 0, sizeof ms);
    for (int i = 0; i < 2; i++) {
        ms[i].meter_id = 7 + (uint32_t) i;
        ms[i].flow_count = 3;
        ms[i].packet_in_count = 100;
        ms[i].byte_in_count = 10000;
        ms[i].duration_sec = 5;
        ms[i].duration_nsec = 1000;
        ms[i].bands = bs;
        ms[i].n_bands = (size_t) i + 1;
    }
    GEN("of13-meter-stats-reply",
        ofp_meter_stats_reply_encode(ms, 2, v, xid(), &b));

    struct ofp_meter_config mc[2] = {
        { OFPMF13_KBPS | OFPMF13_BURST, 7, bands, 2 },
        { OFPMF13_PKTPS, 8, bands, 1 },
    };
    GEN("of13-meter-config-reply",
        ofp_meter_config_reply_encode(mc, 2, v, xid(), &b));

    GEN("of13-meter-features-request",
        ofp_meter_features_request_encode(v, xid(), &b));
    struct ofp_meter_features mf = {
        .max_meter = 1000,
        .band_types = 1u << OFPMBT13_DROP | 1u << OFPMBT13_DSCP_REMARK,
        .capabilities = OFPMF13_KBPS | OFPMF13_PKTPS | OFPMF13_BURST
                        | OFPMF13_STATS,
        .max_bands = 4, .max_color = 8,
    };
    GEN("of13-meter-features-reply",
        ofp_meter_features_encode(&mf, v, xid(), &b));
}

static void
gen_queues(enum ofp_version v)
{
    const char *vn = vname(v);
    struct ofp_queue_get_config_request rq = { .port = 1 };

    GEN(nm("%s-queue-get-config-request", vn),
        ofp_queue_get_config_request_encode(&rq, v, xid(), &b));
    struct ofp_queue_config qc[2];
    memset(qc, 0, sizeof qc);
    for (int i = 0; i < 2; i++) {
        qc[i].queue_id = 1 + (uint32_t) i;
        qc[i].port = 1;
        qc[i].has_min_rate = true;
        qc[i].min_rate = (uint16_t) (100 * (i + 1));
        qc[i].has_max_rate = v == OFP13_VERSION && i == 1;
        qc[i].max_rate = qc[i].has_max_rate ? 900 : 0;
    }
    GEN(nm("%s-queue-get-config-reply", vn),
        ofp_queue_get_config_reply_encode(1, qc, 2, v, xid(), &b));

    struct ofp_queue_stats_request qsr = { .port_no = 1, .queue_id = 2 };
    GEN(nm("%s-queue-stats-request", vn),
        ofp_queue_stats_request_encode(&qsr, v, xid(), &b));
    qsr.port_no = v == OFP10_VERSION ? OFPP_ALL : OFPP_ANY;
    qsr.queue_id = OFPQ_ALL;
    GEN(nm("%s-queue-stats-request-all", vn),
        ofp_queue_stats_request_encode(&qsr, v, xid(), &b));
    struct ofp_queue_stats qs = {
        .port_no = 1, .queue_id = 2, .tx_bytes = 3000, .tx_packets = 30,
        .tx_errors = 1,
        .duration_sec = v == OFP13_VERSION ? 100 : UINT32_MAX,
        .duration_nsec = v == OFP13_VERSION ? 200 : UINT32_MAX,
    };
    GEN(nm("%s-queue-stats-reply", vn),
        ofp_queue_stats_reply_encode(&qs, 1, v, xid(), &b));
}

static void
gen_roles(void)
{
    const enum ofp_version v = OFP13_VERSION;
    static const char *const roles[] = {
        "nochange", "equal", "master", "slave",
    };

    for (uint32_t r = OFPCR13_ROLE_NOCHANGE; r <= OFPCR13_ROLE_SLAVE; r++) {
        struct ofp_role role = { .role = r, .generation_id = 0x1234 + r };
        GEN(nm("of13-role-request-%s", roles[r]),
            ofp_role_encode(&role, false, v, xid(), &b));
        GEN(nm("of13-role-reply-%s", roles[r]),
            ofp_role_encode(&role, true, v, xid(), &b));
    }
    GEN("of13-get-async-request",
        ofp_role_async_request_encode(v, xid(), &b));
    struct ofp_role_async async = {
        .packet_in_mask = { 0x3, 0x0 },
        .port_status_mask = { 0x7, 0x7 },
        .flow_removed_mask = { 0xf, 0x0 },
    };
    GEN("of13-get-async-reply",
        ofp_role_async_encode(&async, false, v, xid(), &b));
    async.packet_in_mask[1] = 0x4;
    GEN("of13-set-async", ofp_role_async_encode(&async, true, v, xid(), &b));
}

static void
gen_desc(enum ofp_version v)
{
    struct ofp_desc desc;

    GEN(nm("%s-desc-request", vname(v)),
        ofp_desc_request_encode(v, xid(), &b));
    memset(&desc, 0, sizeof desc);
    snprintf(desc.mfr_desc, sizeof desc.mfr_desc, "Kumo project");
    snprintf(desc.hw_desc, sizeof desc.hw_desc, "golden hardware");
    snprintf(desc.sw_desc, sizeof desc.sw_desc, "kumo 0.1");
    snprintf(desc.serial_num, sizeof desc.serial_num, "SN-0001");
    snprintf(desc.dp_desc, sizeof desc.dp_desc, "golden datapath");
    GEN(nm("%s-desc-reply", vname(v)), ofp_desc_encode(&desc, v, xid(), &b));
}

static void
gen_groups(void)
{
    const enum ofp_version v = OFP13_VERSION;

    GEN("of13-group-stats-request",
        ofp_group_stats_request_encode(5, v, xid(), &b));
    GEN("of13-group-stats-request-all",
        ofp_group_stats_request_encode(OFPG13_ALL, v, xid(), &b));
    struct ofp_bucket_counter bc[2] = { { 10, 1000 }, { 20, 2000 } };
    struct ofp_group_stats gs[2];
    memset(gs, 0, sizeof gs);
    for (int i = 0; i < 2; i++) {
        gs[i].group_id = 5 + (uint32_t) i;
        gs[i].ref_count = 2;
        gs[i].packet_count = 30;
        gs[i].byte_count = 3000;
        gs[i].duration_sec = 12;
        gs[i].duration_nsec = 345000000;
        gs[i].buckets = bc;
        gs[i].n_buckets = (size_t) i + 1;
    }
    GEN("of13-group-stats-reply",
        ofp_group_stats_reply_encode(gs, 2, v, xid(), &b));
    GEN("of13-group-desc-request",
        ofp_group_desc_request_encode(v, xid(), &b));
    GEN("of13-group-features-request",
        ofp_group_features_request_encode(v, xid(), &b));
    struct ofp_group_features gf = {
        .types = 0xf,
        .capabilities = OFPGFC13_SELECT_WEIGHT | OFPGFC13_SELECT_LIVENESS
                        | OFPGFC13_CHAINING,
        .max_groups = { 100, 200, 300, 400 },
        .actions = { 1u << 0 | 1u << 22, 1u << 0 | 1u << 25, 1u << 22,
                     1u << 0 | 1u << 17 | 1u << 18 },
    };
    GEN("of13-group-features-reply",
        ofp_group_features_encode(&gf, v, xid(), &b));

    /* GROUP_MOD of every type and command, and a GROUP_DESC reply. */
    struct ofp_action acts[3];
    acts[0] = ofp_action_output(1, 0);
    acts[1] = ofp_action_output(2, 0);
    memset(&acts[2], 0, sizeof acts[2]);
    acts[2].type = OFPACT_DEC_NW_TTL;
    struct ofp_bucket buckets[2] = {
        { .weight = 0, .watch_port = OFPP_ANY, .watch_group = OFPG13_ANY,
          .actions = acts, .n_actions = 1 },
        { .weight = 0, .watch_port = OFPP_ANY, .watch_group = OFPG13_ANY,
          .actions = acts + 1, .n_actions = 1 },
    };
    static const char *const types[] = { "all", "select", "indirect", "ff" };
    for (int t = OFPGT13_ALL; t <= OFPGT13_FF; t++) {
        struct ofp_bucket bk[2] = { buckets[0], buckets[1] };
        struct ofp_group_mod gm = {
            .command = OFPGC13_ADD, .type = (uint8_t) t,
            .group_id = 10 + (uint32_t) t, .buckets = bk,
            .n_buckets = t == OFPGT13_INDIRECT ? 1 : 2,
        };
        if (t == OFPGT13_SELECT) {
            bk[0].weight = 10;
            bk[1].weight = 20;
        } else if (t == OFPGT13_FF) {
            bk[0].watch_port = 1;
            bk[1].watch_port = 2;
            bk[1].watch_group = 9;
        }
        GEN(nm("of13-group-mod-add-%s", types[t]),
            ofp_group_mod_encode(&gm, v, xid(), &b));
    }
    struct ofp_bucket bk3 = buckets[0];
    bk3.actions = acts + 1;
    bk3.n_actions = 2;
    struct ofp_group_mod gm = {
        .command = OFPGC13_MODIFY, .type = OFPGT13_ALL, .group_id = 10,
        .buckets = &bk3, .n_buckets = 1,
    };
    GEN("of13-group-mod-modify", ofp_group_mod_encode(&gm, v, xid(), &b));
    gm.command = OFPGC13_DELETE;
    gm.n_buckets = 0;
    GEN("of13-group-mod-delete", ofp_group_mod_encode(&gm, v, xid(), &b));
    gm.group_id = OFPG13_ALL;
    GEN("of13-group-mod-delete-all",
        ofp_group_mod_encode(&gm, v, xid(), &b));
    struct ofp_group_desc gd[2] = {
        { OFPGT13_ALL, 10, buckets, 2 },
        { OFPGT13_INDIRECT, 12, &bk3, 1 },
    };
    GEN("of13-group-desc-reply",
        ofp_group_desc_reply_encode(gd, 2, v, xid(), &b));
}

/* ---- main ---- */

static int
reencode(int argc, char *argv[])
{
    struct buf in, out;
    struct ds hex = DS_EMPTY_INITIALIZER;
    const char *herr = NULL;
    enum ofperr error;

    buf_init(&in, 256);
    buf_init(&out, 256);
    for (int i = 0; i < argc && !herr; i++) {
        herr = hex_decode(argv[i], &in);
    }
    if (herr || in.size < sizeof(struct ofp_header)) {
        fprintf(stderr, "golden-gen: bad hex: %s\n", herr ? herr : "short");
        return 2;
    }
    error = ofp_print_reencode((const void *) in.data, in.size, &out);
    if (error) {
        fprintf(stderr, "golden-gen: %s\n", ofperr_get_name(error));
    } else {
        ds_put_hex(&hex, out.data, out.size);
        printf("%s\n", ds_cstr(&hex));
    }
    ds_destroy(&hex);
    buf_uninit(&in);
    buf_uninit(&out);
    return error ? 1 : 0;
}

int
main(int argc, char *argv[])
{
    if (argc > 1 && !strcmp(argv[1], "--reencode")) {
        return reencode(argc - 2, argv + 2);
    }
    if (argc > 1) {
        fprintf(stderr, "usage: golden-gen [--reencode HEX...]\n");
        return 2;
    }
    for (size_t vi = 0; vi < ARRAY_SIZE(versions); vi++) {
        enum ofp_version v = versions[vi];

        gen_switch(v);
        gen_errors(v);
        gen_ports(v);
        gen_packets(v);
        gen_flows(v);
        gen_tables(v);
        gen_queues(v);
        gen_desc(v);
    }
    gen_packet_in_rich_match();
    gen_match_fields();
    gen_actions();
    gen_instructions();
    gen_meters();
    gen_groups();
    gen_roles();
    fprintf(stderr, "golden-gen: %d messages, %d failures\n", n_messages,
            n_failures);
    return n_failures ? 1 : 0;
}
