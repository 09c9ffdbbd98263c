/* bench-ofp: see bench-ofp.h. */
#include "bench-ofp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-frame.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-desc.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-role.h"
#include "ofp/ofp-switch.h"

static uint32_t
get32(const void *p_)
{
    const uint8_t *p = p_;
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
           | (uint32_t) p[2] << 8 | p[3];
}

/* Codec encoders only fail on arguments kumo-bench chose itself. */
static void
check(enum ofperr error, const char *what)
{
    if (error) {
        kumo_fatal("bench: encoding %s failed: %s", what,
                   ofperr_get_name(error));
    }
}

/* Classifies 'oh'. */
enum ofperr
bench_ofp_classify(const struct ofp_header *oh, size_t size,
                   enum ofptype *type)
{
    if (size >= sizeof *oh && oh->type == OFPT10_HELLO) {
        *type = OFPTYPE_HELLO;          /* Same number in every version. */
        return 0;
    }
    return ofp_msg_decode_type(oh, size, type);
}

/* Returns the buffer id of flow-mod or packet-out 'oh'. */
uint32_t
bench_ofp_buffer_id(const struct ofp_header *oh, size_t size,
                    enum ofptype type)
{
    size_t ofs;

    if (type == OFPTYPE_PACKET_OUT) {
        ofs = 8;
    } else if (type == OFPTYPE_FLOW_MOD) {
        /* 1.0: header, 40-byte match, cookie, command, timeouts, priority;
         * 1.3: header, cookie + mask, table, command, timeouts, priority. */
        ofs = oh->version == OFP10_VERSION ? 64 : 32;
    } else {
        return OFP_NO_BUFFER;
    }
    return size >= ofs + 4 ? get32((const uint8_t *) oh + ofs)
                           : OFP_NO_BUFFER;
}

static bool
outputs_to(const struct ofp_action *actions, size_t n, uint32_t port)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (actions[i].type == OFPACT_OUTPUT
            && actions[i].output.port == port) {
            return true;
        }
    }
    return false;
}

/* Decodes and checks flow-mod or packet-out 'oh'. */
int
bench_ofp_verify(const struct ofp_header *oh, enum ofptype type,
                 uint32_t sw, uint32_t n_ports)
{
    uint64_t stub[1024 / 8];
    struct ofp_flow_mod fm;
    struct ofp_packet_out po;
    uint32_t mac_sw, mac_idx;
    enum ofperr error;
    struct buf actions;

    if (type == OFPTYPE_PACKET_OUT) {
        return ofp_packet_out_decode(&po, oh);
    } else if (type != OFPTYPE_FLOW_MOD) {
        return 0;
    }
    buf_use_stub(&actions, stub, sizeof stub);
    error = ofp_flow_mod_decode(&fm, oh, &actions);
    if (!error && ofp_match_has(&fm.match, MFF_ETH_DST)
        && bench_frame_mac_parse(&fm.match.v.eth_dst, &mac_sw, &mac_idx)
        && mac_sw == sw
        && !outputs_to(fm.instructions.apply_actions,
                       fm.instructions.n_apply_actions,
                       bench_frame_port(mac_idx, n_ports))) {
        error = EINVAL;
    }
    buf_uninit(&actions);
    return error;
}

/* Appends a hello offering the versions in 'bitmap'. */
void
bench_ofp_hello(struct buf *b, uint32_t bitmap)
{
    check(ofp_hello_encode(bitmap, 0, b), "hello");
}

/* Negotiates a version from hello 'oh'. */
uint8_t
bench_ofp_negotiate(const struct ofp_header *oh, size_t size,
                    uint32_t our_bitmap)
{
    struct ofp_hello hello;

    (void) size;                        /* The header's length is checked. */
    if (ofp_hello_decode(&hello, oh)) {
        return 0;
    }
    return ofp_negotiate_version(our_bitmap, &hello);
}

/* If true, a switch's last three ports are named like the flow-based
 * tunnel ports Kumo's chassis manager creates on a br-int. */
static bool tunnel_names;

/* Fills 'ports' with 'n' ports of switch 'dpid'. */
static void
make_ports(struct ofp_port *ports, size_t n, uint64_t dpid)
{
    size_t i;

    memset(ports, 0, n * sizeof *ports);
    for (i = 0; i < n; i++) {
        struct ofp_port *p = &ports[i];
        uint32_t port_no = i + 1;

        p->port_no = port_no;
        p->hw_addr.ea[0] = 0x0a;
        p->hw_addr.ea[1] = dpid >> 16;
        p->hw_addr.ea[2] = dpid >> 8;
        p->hw_addr.ea[3] = dpid;
        p->hw_addr.ea[4] = port_no >> 8;
        p->hw_addr.ea[5] = port_no;
        {
            /* Long dpids are cut to the port-name field, as a switch would. */
            char name[48];

            static const char *const tunnels[3] = {
                "kumo-vxlan", "kumo-geneve", "kumo-gre",
            };

            if (tunnel_names && n >= 3 && i >= n - 3) {
                snprintf(name, sizeof name, "%s", tunnels[i - (n - 3)]);
            } else {
                snprintf(name, sizeof name, "s%llu-eth%u",
                         (unsigned long long) dpid, (unsigned) port_no);
            }
            snprintf(p->name, sizeof p->name, "%.*s",
                     (int) sizeof p->name - 1, name);
        }
        p->curr = p->advertised = p->supported = OFPPF_10GB_FD | OFPPF_COPPER;
        p->curr_speed = p->max_speed = 10000000;
    }
}

/* Fills 'ports' with the descriptions of ports 1..'n' of switch 'dpid'. */
void
bench_ofp_make_ports(struct ofp_port *ports, size_t n, uint64_t dpid)
{
    make_ports(ports, n, dpid);
}

/* If 'on', every switch's last three ports (of at least three) are named
 * "kumo-vxlan", "kumo-geneve", "kumo-gre" (an emulated hypervisor's
 * br-int); otherwise all are named "sDPID-ethN" (the default). */
void
bench_ofp_set_tunnel_names(bool on)
{
    tunnel_names = on;
}

/* Appends a features reply. */
void
bench_ofp_features_reply(struct buf *b, uint8_t version, uint32_t xid,
                         uint64_t dpid, uint32_t n_buffers, uint32_t n_ports)
{
    struct ofp_switch_features sf;
    struct ofp_port *ports = NULL;

    memset(&sf, 0, sizeof sf);
    sf.datapath_id = dpid;
    sf.n_buffers = n_buffers;
    sf.n_tables = version == OFP10_VERSION ? 1 : 2;
    sf.capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS;
    if (version == OFP10_VERSION) {
        sf.actions = 0xfff;             /* Every 1.0 action. */
        ports = xmalloc(n_ports * sizeof *ports);
        make_ports(ports, n_ports, dpid);
        sf.ports = ports;
        sf.n_ports = n_ports;
    }
    check(ofp_switch_features_encode(&sf, version, xid, b), "features");
    free(ports);
}

/* Appends an echo request or reply. */
void
bench_ofp_echo(struct buf *b, uint8_t version, bool reply, uint32_t xid,
               const void *data, size_t size)
{
    check(ofp_echo_encode(reply, data, size, version, xid, b), "echo");
}

/* Appends a barrier reply. */
void
bench_ofp_barrier_reply(struct buf *b, uint8_t version, uint32_t xid)
{
    check(ofp_barrier_reply_encode(version, xid, b), "barrier reply");
}

/* Appends a get-config reply. */
void
bench_ofp_get_config_reply(struct buf *b, uint8_t version, uint32_t xid)
{
    struct ofp_switch_config sc = { .flags = 0, .miss_send_len = 128 };

    check(ofp_switch_config_encode(&sc, true, version, xid, b),
          "get-config reply");
}

/* Appends the reply of an empty (or all-zero) multipart body. */
static void
empty_mp_reply(struct buf *b, uint8_t version, enum ofp_mp_type type,
               uint32_t xid, size_t zeros)
{
    size_t start = ofp_mp_start(b, version, true, type, 0, xid);

    buf_put_zeros(b, zeros);
    ofp_msg_finish(b, start);
}

/* Appends a multipart reply to 'oh'. */
void
bench_ofp_multipart_reply(struct buf *b, const struct ofp_header *oh,
                          size_t size, uint64_t dpid, uint32_t n_ports)
{
    uint8_t version = oh->version;
    uint32_t xid = ntohl(oh->xid);
    enum ofp_mp_type type;
    struct cursor body;
    uint16_t flags;
    enum ofperr error;

    error = ofp_mp_decode(oh, &type, &flags, &body);
    if (error) {
        bench_ofp_error_reply(b, oh, size, error);
        return;
    }
    switch ((int) type) {
    case OFPMP_DESC: {
        struct ofp_desc desc;

        memset(&desc, 0, sizeof desc);
        snprintf(desc.mfr_desc, sizeof desc.mfr_desc, "Kumo");
        snprintf(desc.hw_desc, sizeof desc.hw_desc, "kumo-bench emulated");
        snprintf(desc.sw_desc, sizeof desc.sw_desc, "kumo-bench");
        snprintf(desc.serial_num, sizeof desc.serial_num, "none");
        snprintf(desc.dp_desc, sizeof desc.dp_desc, "switch %llu",
                 (unsigned long long) dpid);
        check(ofp_desc_encode(&desc, version, xid, b), "desc reply");
        break;
    }
    case OFPMP_FLOW:
    case OFPMP_TABLE:
        empty_mp_reply(b, version, type, xid, 0);  /* No flows, tables. */
        break;
    case OFPMP_AGGREGATE:
        /* packet_count, byte_count, flow_count, pad: all zero. */
        empty_mp_reply(b, version, type, xid, 24);
        break;
    case OFPMP_PORT_STATS: {
        struct ofp_port_stats *stats = xcalloc(n_ports, sizeof *stats);
        uint32_t i;

        for (i = 0; i < n_ports; i++) {
            stats[i].port_no = i + 1;
        }
        check(ofp_port_stats_reply_encode(stats, n_ports, 0, version, xid,
                                          b), "port stats reply");
        free(stats);
        break;
    }
    case OFPMP_PORT_DESC:
        if (version != OFP10_VERSION) {
            struct ofp_port *ports = xmalloc(n_ports * sizeof *ports);

            make_ports(ports, n_ports, dpid);
            check(ofp_port_desc_reply_encode(ports, n_ports, 0, version,
                                             xid, b), "port desc reply");
            free(ports);
            break;
        }
        /* Fall through. */
    default:
        bench_ofp_error_reply(b, oh, size, OFPERR_OFPBRC_BAD_MULTIPART);
        break;
    }
}

/* Appends a role reply echoing the request's role and generation id. */
void
bench_ofp_role_reply(struct buf *b, const struct ofp_header *oh, size_t size)
{
    struct ofp_role role;
    enum ofperr error;
    bool reply;

    error = ofp_role_decode(&role, &reply, oh);
    if (!error) {
        error = ofp_role_encode(&role, true, oh->version, ntohl(oh->xid), b);
    }
    if (error) {
        bench_ofp_error_reply(b, oh, size, error);
    }
}

/* Appends an error reply of 'error' to 'oh'. */
void
bench_ofp_error_reply(struct buf *b, const struct ofp_header *oh,
                      size_t size, enum ofperr error)
{
    uint8_t version = (oh->version == OFP10_VERSION
                       || oh->version == OFP13_VERSION
                       ? oh->version : OFP13_VERSION);

    check(ofp_error_reply_encode(error, oh, size, version, b), "error");
}

/* Appends a packet-in; returns the offset of its frame. */
size_t
bench_ofp_packet_in(struct buf *b, uint8_t version, uint32_t xid,
                    uint32_t buffer_id, uint32_t in_port,
                    const uint8_t *frame, size_t size)
{
    struct ofp_packet_in pin;

    memset(&pin, 0, sizeof pin);
    pin.buffer_id = buffer_id;
    pin.total_len = size;
    pin.in_port = in_port;
    pin.reason = OFPR_NO_MATCH;
    pin.data = frame;
    pin.data_len = size;
    check(ofp_packet_in_encode(&pin, version, xid, b), "packet-in");
    return b->size - size;              /* The frame ends the message. */
}

/* Appends a features request. */
void
bench_ofp_features_request(struct buf *b, uint8_t version, uint32_t xid)
{
    check(ofp_features_request_encode(version, xid, b), "features request");
}

/* Appends a flooding packet-out answering packet-in 'oh'. */
enum ofperr
bench_ofp_packet_out_for(struct buf *b, const struct ofp_header *oh,
                         size_t size)
{
    struct ofp_packet_in pin;
    enum ofperr error;
    bool buffered;

    (void) size;
    error = ofp_packet_in_decode(&pin, oh);
    if (error) {
        return error;
    }
    buffered = pin.buffer_id != OFP_NO_BUFFER;
    return ofp_packet_out_encode_output(pin.buffer_id, pin.in_port,
                                        OFPP_FLOOD,
                                        buffered ? NULL : pin.data,
                                        buffered ? 0 : pin.data_len,
                                        oh->version, ntohl(oh->xid), b);
}
