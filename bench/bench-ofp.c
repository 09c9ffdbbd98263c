/* bench-ofp: see bench-ofp.h. */
#include "bench-ofp.h"

#include <stdio.h>
#include <string.h>

#include "ofp/ofp-errors.h"

/* Multipart (1.0: stats) types, 1.3 numbering; 1.0 has no port desc. */
enum {
    MP_DESC = 0, MP_FLOW = 1, MP_AGGREGATE = 2, MP_TABLE = 3,
    MP_PORT_STATS = 4, MP_PORT_DESC = 13,
};

static uint16_t
get16(const void *p_)
{
    const uint8_t *p = p_;
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32(const void *p_)
{
    const uint8_t *p = p_;
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
           | (uint32_t) p[2] << 8 | p[3];
}

static size_t
start(struct buf *b, uint8_t version, uint8_t type, uint32_t xid)
{
    size_t ofs = b->size;

    buf_put_u8(b, version);
    buf_put_u8(b, type);
    buf_put_be16(b, 0);
    buf_put_be32(b, xid);
    return ofs;
}

static void
finish(struct buf *b, size_t ofs)
{
    uint8_t *len = b->data + ofs + 2;
    size_t size = b->size - ofs;

    len[0] = size >> 8;
    len[1] = size;
}

/* Classifies 'oh' by version and type. */
enum bench_ofp_kind
bench_ofp_classify(const struct ofp_header *oh, size_t size)
{
    if (size < sizeof *oh) {
        return BENCH_OFP_OTHER;
    }
    if (oh->version == OFP10_VERSION) {
        switch (oh->type) {
        case OFPT10_HELLO: return BENCH_OFP_HELLO;
        case OFPT10_ERROR: return BENCH_OFP_ERROR;
        case OFPT10_ECHO_REQUEST: return BENCH_OFP_ECHO_REQUEST;
        case OFPT10_ECHO_REPLY: return BENCH_OFP_ECHO_REPLY;
        case OFPT10_FEATURES_REQUEST: return BENCH_OFP_FEATURES_REQUEST;
        case OFPT10_FEATURES_REPLY: return BENCH_OFP_FEATURES_REPLY;
        case OFPT10_GET_CONFIG_REQUEST: return BENCH_OFP_GET_CONFIG_REQUEST;
        case OFPT10_SET_CONFIG: return BENCH_OFP_SET_CONFIG;
        case OFPT10_PACKET_IN: return BENCH_OFP_PACKET_IN;
        case OFPT10_PACKET_OUT: return BENCH_OFP_PACKET_OUT;
        case OFPT10_FLOW_MOD: return BENCH_OFP_FLOW_MOD;
        case OFPT10_STATS_REQUEST: return BENCH_OFP_MULTIPART_REQUEST;
        case OFPT10_BARRIER_REQUEST: return BENCH_OFP_BARRIER_REQUEST;
        default: return BENCH_OFP_OTHER;
        }
    } else if (oh->version == OFP13_VERSION) {
        switch (oh->type) {
        case OFPT13_HELLO: return BENCH_OFP_HELLO;
        case OFPT13_ERROR: return BENCH_OFP_ERROR;
        case OFPT13_ECHO_REQUEST: return BENCH_OFP_ECHO_REQUEST;
        case OFPT13_ECHO_REPLY: return BENCH_OFP_ECHO_REPLY;
        case OFPT13_FEATURES_REQUEST: return BENCH_OFP_FEATURES_REQUEST;
        case OFPT13_FEATURES_REPLY: return BENCH_OFP_FEATURES_REPLY;
        case OFPT13_GET_CONFIG_REQUEST: return BENCH_OFP_GET_CONFIG_REQUEST;
        case OFPT13_SET_CONFIG: return BENCH_OFP_SET_CONFIG;
        case OFPT13_PACKET_IN: return BENCH_OFP_PACKET_IN;
        case OFPT13_PACKET_OUT: return BENCH_OFP_PACKET_OUT;
        case OFPT13_FLOW_MOD: return BENCH_OFP_FLOW_MOD;
        case OFPT13_MULTIPART_REQUEST: return BENCH_OFP_MULTIPART_REQUEST;
        case OFPT13_BARRIER_REQUEST: return BENCH_OFP_BARRIER_REQUEST;
        case OFPT13_ROLE_REQUEST: return BENCH_OFP_ROLE_REQUEST;
        default: return BENCH_OFP_OTHER;
        }
    } else if (oh->type == OFPT10_HELLO) {
        return BENCH_OFP_HELLO;         /* Same number in every version. */
    }
    return BENCH_OFP_OTHER;
}

/* Returns the buffer id of flow-mod or packet-out 'oh'. */
uint32_t
bench_ofp_buffer_id(const struct ofp_header *oh, size_t size,
                    enum bench_ofp_kind kind)
{
    size_t ofs;

    if (kind == BENCH_OFP_PACKET_OUT) {
        ofs = 8;
    } else if (kind == BENCH_OFP_FLOW_MOD) {
        /* 1.0: header, 40-byte match, cookie, command, timeouts, priority;
         * 1.3: header, cookie + mask, table, command, timeouts, priority. */
        ofs = oh->version == OFP10_VERSION ? 64 : 32;
    } else {
        return OFP_NO_BUFFER;
    }
    return size >= ofs + 4 ? get32((const uint8_t *) oh + ofs)
                           : OFP_NO_BUFFER;
}

/* Checks that flow-mod or packet-out 'oh' is well formed. */
int
bench_ofp_verify(const struct ofp_header *oh, size_t size,
                 enum bench_ofp_kind kind)
{
    size_t min = (kind == BENCH_OFP_PACKET_OUT ? 16
                  : oh->version == OFP10_VERSION ? 72 : 56);

    return size >= min ? 0 : OFPERR_OFPBRC_BAD_LEN;
}

/* Appends a hello offering the versions in 'bitmap'. */
void
bench_ofp_hello(struct buf *b, uint32_t bitmap)
{
    uint8_t version = 31 - __builtin_clz(bitmap);
    size_t ofs = start(b, version, OFPT10_HELLO, 0);

    if (version >= OFP13_VERSION) {
        buf_put_be16(b, OFPHET_VERSIONBITMAP);
        buf_put_be16(b, 8);
        buf_put_be32(b, bitmap);
    }
    finish(b, ofs);
}

/* Negotiates a version from hello 'oh'. */
uint8_t
bench_ofp_negotiate(const struct ofp_header *oh, size_t size,
                    uint32_t our_bitmap)
{
    const uint8_t *p = (const uint8_t *) oh + sizeof *oh;
    const uint8_t *end = (const uint8_t *) oh + size;
    uint32_t peer = 0;
    size_t step;
    int v;

    while (end - p >= 4) {
        uint16_t type = get16(p);
        uint16_t len = get16(p + 2);

        if (len < 4 || len > end - p) {
            break;
        }
        if (type == OFPHET_VERSIONBITMAP && len >= 8) {
            peer = get32(p + 4);
        }
        step = ROUND_UP((size_t) len, 8);
        p += step <= (size_t) (end - p) ? step : len;
    }
    if (!peer) {
        /* No bitmap: the peer supports every version up to its own. */
        peer = oh->version >= 31 ? UINT32_MAX
                                 : (2u << oh->version) - 2;
    }
    for (v = 31; v > 0; v--) {
        if (our_bitmap & peer & (1u << v)) {
            return v;
        }
    }
    return 0;
}

static void
put_port(struct buf *b, uint8_t version, uint64_t dpid, uint32_t port_no)
{
    static const uint32_t curr = 1 << 6;        /* 10GB_FD, both versions. */
    uint8_t mac[6] = { 0x0a, (uint8_t) (dpid >> 16), (uint8_t) (dpid >> 8),
                       (uint8_t) dpid, (uint8_t) (port_no >> 8),
                       (uint8_t) port_no };
    char name[OFP_MAX_PORT_NAME_LEN];

    memset(name, 0, sizeof name);
    snprintf(name, sizeof name, "s%llu-eth%u", (unsigned long long) dpid,
             (unsigned) port_no);
    if (version == OFP10_VERSION) {
        buf_put_be16(b, port_no);
        buf_put(b, mac, 6);
    } else {
        buf_put_be32(b, port_no);
        buf_put_zeros(b, 4);
        buf_put(b, mac, 6);
        buf_put_zeros(b, 2);
    }
    buf_put(b, name, sizeof name);
    buf_put_be32(b, 0);                 /* config */
    buf_put_be32(b, 0);                 /* state: link up */
    buf_put_be32(b, curr);              /* curr */
    buf_put_be32(b, curr);              /* advertised */
    buf_put_be32(b, curr);              /* supported */
    buf_put_be32(b, 0);                 /* peer */
    if (version != OFP10_VERSION) {
        buf_put_be32(b, 10000000);      /* curr_speed, kbps */
        buf_put_be32(b, 10000000);      /* max_speed */
    }
}

/* Appends a features reply. */
void
bench_ofp_features_reply(struct buf *b, uint8_t version, uint32_t xid,
                         uint64_t dpid, uint32_t n_buffers, uint32_t n_ports)
{
    size_t ofs = start(b, version, OFPT10_FEATURES_REPLY, xid);
    uint32_t i;

    buf_put_be64(b, dpid);
    buf_put_be32(b, n_buffers);
    buf_put_u8(b, version == OFP10_VERSION ? 1 : 2);   /* n_tables */
    buf_put_zeros(b, 3);                               /* aux id + pad */
    buf_put_be32(b, 0x7);       /* FLOW_STATS | TABLE_STATS | PORT_STATS */
    if (version == OFP10_VERSION) {
        buf_put_be32(b, 0xfff);         /* actions: all 1.0 actions */
        for (i = 1; i <= n_ports; i++) {
            put_port(b, version, dpid, i);
        }
    } else {
        buf_put_be32(b, 0);             /* reserved */
    }
    finish(b, ofs);
}

/* Appends an echo request or reply. */
void
bench_ofp_echo(struct buf *b, uint8_t version, bool reply, uint32_t xid,
               const void *data, size_t size)
{
    size_t ofs = start(b, version,
                       reply ? OFPT10_ECHO_REPLY : OFPT10_ECHO_REQUEST, xid);

    buf_put(b, data, size);
    finish(b, ofs);
}

/* Appends a barrier reply. */
void
bench_ofp_barrier_reply(struct buf *b, uint8_t version, uint32_t xid)
{
    size_t ofs = start(b, version, (version == OFP10_VERSION
                                    ? OFPT10_BARRIER_REPLY
                                    : OFPT13_BARRIER_REPLY), xid);
    finish(b, ofs);
}

/* Appends a get-config reply. */
void
bench_ofp_get_config_reply(struct buf *b, uint8_t version, uint32_t xid)
{
    size_t ofs = start(b, version, OFPT10_GET_CONFIG_REPLY, xid);

    buf_put_be16(b, 0);
    buf_put_be16(b, 128);
    finish(b, ofs);
}

static size_t
mp_start(struct buf *b, uint8_t version, uint16_t type, uint32_t xid)
{
    size_t ofs = start(b, version, (version == OFP10_VERSION
                                    ? OFPT10_STATS_REPLY
                                    : OFPT13_MULTIPART_REPLY), xid);

    buf_put_be16(b, type);
    buf_put_be16(b, 0);
    if (version != OFP10_VERSION) {
        buf_put_zeros(b, 4);
    }
    return ofs;
}

static void
put_desc_string(struct buf *b, const char *s, size_t size)
{
    char *p = buf_put_zeros(b, size);

    strncpy(p, s, size - 1);
}

/* Appends a multipart reply to 'oh'. */
void
bench_ofp_multipart_reply(struct buf *b, const struct ofp_header *oh,
                          size_t size, uint64_t dpid, uint32_t n_ports)
{
    uint8_t version = oh->version;
    uint32_t xid = ntohl(oh->xid);
    size_t ofs;
    uint16_t type;
    uint32_t i;

    if (size < sizeof *oh + 4) {
        bench_ofp_error_reply(b, oh, size, OFPERR_OFPBRC_BAD_LEN);
        return;
    }
    type = get16(oh + 1);
    switch (type) {
    case MP_DESC:
        ofs = mp_start(b, version, type, xid);
        put_desc_string(b, "Kumo", DESC_STR_LEN);
        put_desc_string(b, "kumo-bench emulated switch", DESC_STR_LEN);
        put_desc_string(b, "kumo-bench", DESC_STR_LEN);
        put_desc_string(b, "none", SERIAL_NUM_LEN);
        put_desc_string(b, "emulated", DESC_STR_LEN);
        break;
    case MP_FLOW:
        ofs = mp_start(b, version, type, xid);       /* No flows. */
        break;
    case MP_AGGREGATE:
        ofs = mp_start(b, version, type, xid);
        buf_put_zeros(b, 24);
        break;
    case MP_TABLE:
        ofs = mp_start(b, version, type, xid);       /* No tables listed. */
        break;
    case MP_PORT_STATS:
        ofs = mp_start(b, version, type, xid);
        for (i = 1; i <= n_ports; i++) {
            if (version == OFP10_VERSION) {
                buf_put_be16(b, i);
                buf_put_zeros(b, 6 + 12 * 8);
            } else {
                buf_put_be32(b, i);
                buf_put_zeros(b, 4 + 12 * 8 + 8);
            }
        }
        break;
    case MP_PORT_DESC:
        if (version != OFP10_VERSION) {
            ofs = mp_start(b, version, type, xid);
            for (i = 1; i <= n_ports; i++) {
                put_port(b, version, dpid, i);
            }
            break;
        }
        /* Fall through. */
    default:
        bench_ofp_error_reply(b, oh, size, OFPERR_OFPBRC_BAD_MULTIPART);
        return;
    }
    finish(b, ofs);
}

/* Appends a role reply echoing the request's role and generation id. */
void
bench_ofp_role_reply(struct buf *b, const struct ofp_header *oh, size_t size)
{
    size_t ofs;

    if (size < sizeof *oh + 16) {
        bench_ofp_error_reply(b, oh, size, OFPERR_OFPBRC_BAD_LEN);
        return;
    }
    ofs = start(b, oh->version, OFPT13_ROLE_REPLY, ntohl(oh->xid));
    buf_put(b, oh + 1, 16);
    finish(b, ofs);
}

/* Appends an error reply of 'error' to 'oh'. */
void
bench_ofp_error_reply(struct buf *b, const struct ofp_header *oh,
                      size_t size, int error)
{
    uint16_t type, code;
    size_t ofs;

    ofperr_encode_type_code(error, oh->version, &type, &code);
    ofs = start(b, oh->version, OFPT10_ERROR, ntohl(oh->xid));
    buf_put_be16(b, type);
    buf_put_be16(b, code);
    buf_put(b, oh, MIN(size, 64));
    finish(b, ofs);
}

/* Appends a packet-in; returns the offset of its frame. */
size_t
bench_ofp_packet_in(struct buf *b, uint8_t version, uint32_t xid,
                    uint32_t buffer_id, uint32_t in_port,
                    const uint8_t *frame, size_t size)
{
    size_t ofs = start(b, version, OFPT10_PACKET_IN, xid);
    size_t data_ofs;

    buf_put_be32(b, buffer_id);
    buf_put_be16(b, size);                      /* total_len */
    if (version == OFP10_VERSION) {
        buf_put_be16(b, in_port);
        buf_put_u8(b, 0);                       /* OFPR_NO_MATCH */
        buf_put_u8(b, 0);
    } else {
        buf_put_u8(b, 0);                       /* OFPR_NO_MATCH */
        buf_put_u8(b, 0);                       /* table_id */
        buf_put_be64(b, 0);                     /* cookie */
        buf_put_be16(b, 1);                     /* OFPMT_OXM */
        buf_put_be16(b, 12);
        buf_put_be32(b, 0x80000004);            /* OXM_OF_IN_PORT */
        buf_put_be32(b, in_port);
        buf_put_zeros(b, 4);                    /* Match padding. */
        buf_put_zeros(b, 2);
    }
    data_ofs = b->size;
    buf_put(b, frame, size);
    finish(b, ofs);
    return data_ofs;
}

/* Appends a features request. */
void
bench_ofp_features_request(struct buf *b, uint8_t version, uint32_t xid)
{
    finish(b, start(b, version, OFPT10_FEATURES_REQUEST, xid));
}

/* Appends a flooding packet-out answering packet-in 'oh'. */
int
bench_ofp_packet_out_for(struct buf *b, const struct ofp_header *oh,
                         size_t size)
{
    const uint8_t *p = (const uint8_t *) oh;
    uint32_t buffer_id, in_port;
    size_t data_ofs, ofs;

    if (oh->version == OFP10_VERSION) {
        if (size < 18) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        in_port = get16(p + 14);
        data_ofs = 18;
    } else {
        uint16_t match_len;

        if (size < 24 + 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        match_len = get16(p + 26);
        data_ofs = 24 + ROUND_UP(match_len, 8) + 2;
        if (match_len < 4 || data_ofs > size) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        in_port = match_len >= 12 && get32(p + 28) == 0x80000004
                  ? get32(p + 32) : 0xfffffffd;
    }
    buffer_id = get32(p + 8);

    ofs = start(b, oh->version, (oh->version == OFP10_VERSION
                                 ? OFPT10_PACKET_OUT : OFPT13_PACKET_OUT),
                ntohl(oh->xid));
    buf_put_be32(b, buffer_id);
    if (oh->version == OFP10_VERSION) {
        buf_put_be16(b, in_port);
        buf_put_be16(b, 8);                     /* actions_len */
        buf_put_be16(b, 0);                     /* OFPAT10_OUTPUT */
        buf_put_be16(b, 8);
        buf_put_be16(b, 0xfffb);                /* OFPP10_FLOOD */
        buf_put_be16(b, 0);
    } else {
        buf_put_be32(b, in_port);
        buf_put_be16(b, 16);                    /* actions_len */
        buf_put_zeros(b, 6);
        buf_put_be16(b, 0);                     /* OFPAT13_OUTPUT */
        buf_put_be16(b, 16);
        buf_put_be32(b, 0xfffffffb);            /* OFPP_FLOOD */
        buf_put_be16(b, 0);
        buf_put_zeros(b, 6);
    }
    if (buffer_id == OFP_NO_BUFFER) {
        buf_put(b, p + data_ofs, size - data_ofs);
    }
    finish(b, ofs);
    return 0;
}
