/* ofp-msgs: see ofp-msgs.h. Table-driven: one row per enum ofptype with the
 * wire number and size rule of each version. */
#include "ofp/ofp-msgs.h"

#include <string.h>

#include "lib/util.h"
#include "openflow/of10.h"
#include "openflow/of13.h"

/* How the length of a message relates to its minimum size. */
enum size_rule {
    SZ_EXACT = 0,               /* length == min */
    SZ_ANY = 1,                 /* length >= min */
    /* Larger values N: length >= min and (length - min) % N == 0. */
};

struct ofptype_info {
    const char *name;
    int raw10, min10, step10;   /* raw10 < 0: not in 1.0. */
    int raw13, min13, step13;   /* raw13 < 0: not in 1.3. */
};

static const struct ofptype_info infos[OFPTYPE_N] = {
    [OFPTYPE_HELLO] = { "OFPT_HELLO", 0, 8, SZ_ANY, 0, 8, SZ_ANY },
    [OFPTYPE_ERROR] = { "OFPT_ERROR", 1, 12, SZ_ANY, 1, 12, SZ_ANY },
    [OFPTYPE_ECHO_REQUEST] = { "OFPT_ECHO_REQUEST", 2, 8, SZ_ANY,
                               2, 8, SZ_ANY },
    [OFPTYPE_ECHO_REPLY] = { "OFPT_ECHO_REPLY", 3, 8, SZ_ANY, 3, 8, SZ_ANY },
    [OFPTYPE_EXPERIMENTER] = { "OFPT_EXPERIMENTER", 4, 12, SZ_ANY,
                               4, 16, SZ_ANY },
    [OFPTYPE_FEATURES_REQUEST] = { "OFPT_FEATURES_REQUEST", 5, 8, SZ_EXACT,
                                   5, 8, SZ_EXACT },
    [OFPTYPE_FEATURES_REPLY] = { "OFPT_FEATURES_REPLY",
                                 6, 32, (int) sizeof(struct ofp10_phy_port),
                                 6, 32, SZ_EXACT },
    [OFPTYPE_GET_CONFIG_REQUEST] = { "OFPT_GET_CONFIG_REQUEST",
                                     7, 8, SZ_EXACT, 7, 8, SZ_EXACT },
    [OFPTYPE_GET_CONFIG_REPLY] = { "OFPT_GET_CONFIG_REPLY",
                                   8, 12, SZ_EXACT, 8, 12, SZ_EXACT },
    [OFPTYPE_SET_CONFIG] = { "OFPT_SET_CONFIG", 9, 12, SZ_EXACT,
                             9, 12, SZ_EXACT },
    /* 1.3: 16 fixed + match (at least 8 with padding) + 2 pad. */
    [OFPTYPE_PACKET_IN] = { "OFPT_PACKET_IN", 10, 18, SZ_ANY,
                            10, 34, SZ_ANY },
    [OFPTYPE_FLOW_REMOVED] = { "OFPT_FLOW_REMOVED", 11, 88, SZ_EXACT,
                               11, 56, SZ_ANY },
    [OFPTYPE_PORT_STATUS] = { "OFPT_PORT_STATUS", 12, 64, SZ_EXACT,
                              12, 80, SZ_EXACT },
    [OFPTYPE_PACKET_OUT] = { "OFPT_PACKET_OUT", 13, 16, SZ_ANY,
                             13, 24, SZ_ANY },
    [OFPTYPE_FLOW_MOD] = { "OFPT_FLOW_MOD", 14, 72, SZ_ANY, 14, 56, SZ_ANY },
    [OFPTYPE_GROUP_MOD] = { "OFPT_GROUP_MOD", -1, 0, 0, 15, 16, SZ_ANY },
    [OFPTYPE_PORT_MOD] = { "OFPT_PORT_MOD", 15, 32, SZ_EXACT,
                           16, 40, SZ_EXACT },
    [OFPTYPE_TABLE_MOD] = { "OFPT_TABLE_MOD", -1, 0, 0, 17, 16, SZ_EXACT },
    [OFPTYPE_MULTIPART_REQUEST] = { "OFPT_MULTIPART_REQUEST",
                                    16, OFP10_MP_HEADER_LEN, SZ_ANY,
                                    18, OFP13_MP_HEADER_LEN, SZ_ANY },
    [OFPTYPE_MULTIPART_REPLY] = { "OFPT_MULTIPART_REPLY",
                                  17, OFP10_MP_HEADER_LEN, SZ_ANY,
                                  19, OFP13_MP_HEADER_LEN, SZ_ANY },
    [OFPTYPE_BARRIER_REQUEST] = { "OFPT_BARRIER_REQUEST", 18, 8, SZ_EXACT,
                                  20, 8, SZ_EXACT },
    [OFPTYPE_BARRIER_REPLY] = { "OFPT_BARRIER_REPLY", 19, 8, SZ_EXACT,
                                21, 8, SZ_EXACT },
    [OFPTYPE_QUEUE_GET_CONFIG_REQUEST] = { "OFPT_QUEUE_GET_CONFIG_REQUEST",
                                           20, 12, SZ_EXACT,
                                           22, 16, SZ_EXACT },
    [OFPTYPE_QUEUE_GET_CONFIG_REPLY] = { "OFPT_QUEUE_GET_CONFIG_REPLY",
                                         21, 16, SZ_ANY, 23, 16, SZ_ANY },
    [OFPTYPE_ROLE_REQUEST] = { "OFPT_ROLE_REQUEST", -1, 0, 0,
                               24, 24, SZ_EXACT },
    [OFPTYPE_ROLE_REPLY] = { "OFPT_ROLE_REPLY", -1, 0, 0, 25, 24, SZ_EXACT },
    [OFPTYPE_GET_ASYNC_REQUEST] = { "OFPT_GET_ASYNC_REQUEST", -1, 0, 0,
                                    26, 8, SZ_EXACT },
    [OFPTYPE_GET_ASYNC_REPLY] = { "OFPT_GET_ASYNC_REPLY", -1, 0, 0,
                                  27, 32, SZ_EXACT },
    [OFPTYPE_SET_ASYNC] = { "OFPT_SET_ASYNC", -1, 0, 0, 28, 32, SZ_EXACT },
    [OFPTYPE_METER_MOD] = { "OFPT_METER_MOD", -1, 0, 0, 29, 16, SZ_ANY },
};

/* Reverse maps, wire type -> ofptype, for the decode hot path. They repeat
 * the raw numbers of 'infos'; the unit tests check both agree. */
static const uint8_t raw10_types[] = {
    OFPTYPE_HELLO, OFPTYPE_ERROR, OFPTYPE_ECHO_REQUEST, OFPTYPE_ECHO_REPLY,
    OFPTYPE_EXPERIMENTER, OFPTYPE_FEATURES_REQUEST, OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST, OFPTYPE_GET_CONFIG_REPLY, OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN, OFPTYPE_FLOW_REMOVED, OFPTYPE_PORT_STATUS,
    OFPTYPE_PACKET_OUT, OFPTYPE_FLOW_MOD, OFPTYPE_PORT_MOD,
    OFPTYPE_MULTIPART_REQUEST, OFPTYPE_MULTIPART_REPLY,
    OFPTYPE_BARRIER_REQUEST, OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST, OFPTYPE_QUEUE_GET_CONFIG_REPLY,
};
static const uint8_t raw13_types[] = {
    OFPTYPE_HELLO, OFPTYPE_ERROR, OFPTYPE_ECHO_REQUEST, OFPTYPE_ECHO_REPLY,
    OFPTYPE_EXPERIMENTER, OFPTYPE_FEATURES_REQUEST, OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST, OFPTYPE_GET_CONFIG_REPLY, OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN, OFPTYPE_FLOW_REMOVED, OFPTYPE_PORT_STATUS,
    OFPTYPE_PACKET_OUT, OFPTYPE_FLOW_MOD, OFPTYPE_GROUP_MOD,
    OFPTYPE_PORT_MOD, OFPTYPE_TABLE_MOD, OFPTYPE_MULTIPART_REQUEST,
    OFPTYPE_MULTIPART_REPLY, OFPTYPE_BARRIER_REQUEST, OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST, OFPTYPE_QUEUE_GET_CONFIG_REPLY,
    OFPTYPE_ROLE_REQUEST, OFPTYPE_ROLE_REPLY, OFPTYPE_GET_ASYNC_REQUEST,
    OFPTYPE_GET_ASYNC_REPLY, OFPTYPE_SET_ASYNC, OFPTYPE_METER_MOD,
};

/* Maps a wire type of 'version' (1.0 or 1.3) to its ofptype. */
static bool
raw_to_ofptype(uint8_t version, uint8_t raw, enum ofptype *type)
{
    if (version == OFP10_VERSION) {
        if (raw >= ARRAY_SIZE(raw10_types)) {
            return false;
        }
        *type = (enum ofptype) raw10_types[raw];
    } else {
        if (raw >= ARRAY_SIZE(raw13_types)) {
            return false;
        }
        *type = (enum ofptype) raw13_types[raw];
    }
    return true;
}

static bool
version_is_supported(uint8_t version)
{
    return version == OFP10_VERSION || version == OFP13_VERSION;
}

enum ofperr
ofp_msg_decode_type(const struct ofp_header *oh, size_t size,
                    enum ofptype *type)
{
    const struct ofptype_info *info;
    size_t length, min;
    int step;

    if (size < sizeof *oh) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    length = ntohs(oh->length);
    if (length < sizeof *oh || length > size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (!version_is_supported(oh->version)) {
        /* HELLO (0) and ERROR (1) have these numbers in every version and
         * must get through: the peer's bitmap has to be read, and its
         * HELLO_FAILED reported. */
        if (oh->version == 0 || oh->type > 1) {
            return OFPERR_OFPBRC_BAD_VERSION;
        }
        *type = oh->type ? OFPTYPE_ERROR : OFPTYPE_HELLO;
        return length >= (oh->type ? 12u : 8u) ? 0 : OFPERR_OFPBRC_BAD_LEN;
    }
    if (!raw_to_ofptype(oh->version, oh->type, type)) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    info = &infos[*type];
    min = (size_t) (oh->version == OFP10_VERSION ? info->min10 : info->min13);
    step = oh->version == OFP10_VERSION ? info->step10 : info->step13;
    if (length < min
        || (step == SZ_EXACT && length != min)
        || (step > SZ_ANY && (length - min) % (size_t) step)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

int
ofptype_to_raw(enum ofptype type, enum ofp_version version)
{
    if ((unsigned) type >= OFPTYPE_N) {
        return -1;
    }
    switch (version) {
    case OFP10_VERSION:
        return infos[type].raw10;
    case OFP13_VERSION:
        return infos[type].raw13;
    case OFP11_VERSION:
    case OFP12_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
    default:
        /* HELLO and ERROR have the same number in every version, so a
         * failed negotiation can be reported in the peer's version. */
        return (type == OFPTYPE_HELLO ? 0
                : type == OFPTYPE_ERROR && version > 0 ? 1
                : -1);
    }
}

bool
ofptype_exists(enum ofptype type, enum ofp_version version)
{
    return ofptype_to_raw(type, version) >= 0;
}

size_t
ofp_msg_start(struct buf *b, enum ofp_version version, enum ofptype type,
              uint32_t xid)
{
    int raw = ofptype_to_raw(type, version);
    size_t start = b->size;
    struct ofp_header oh;

    if (raw < 0) {
        kumo_fatal("ofp_msg_start: %s does not exist in version 0x%02x",
                   ofptype_name(type), version);
    }
    oh.version = (uint8_t) version;
    oh.type = (uint8_t) raw;
    oh.length = htons(sizeof oh);
    oh.xid = htonl(xid);
    /* Copied, not cast: the message may start at any offset of 'b'. */
    buf_put(b, &oh, sizeof oh);
    return start;
}

void
ofp_msg_finish(struct buf *b, size_t start)
{
    size_t length = b->size - start;
    be16 len16;

    if (start > b->size || length < sizeof(struct ofp_header)
        || length > OFP_MAX_MSG_SIZE) {
        kumo_fatal("ofp_msg_finish: bad message length %zu", length);
    }
    len16 = htons((uint16_t) length);
    /* The header may sit at any offset: write the field bytewise. */
    memcpy(b->data + start + offsetof(struct ofp_header, length), &len16, 2);
}

bool
ofp_mp_type_exists(enum ofp_mp_type type, enum ofp_version version)
{
    if (type == OFPMP_EXPERIMENTER) {
        return version == OFP10_VERSION || version == OFP13_VERSION;
    }
    switch (version) {
    case OFP10_VERSION:
        return type <= OFPMP_QUEUE;
    case OFP13_VERSION:
        return type <= OFPMP_PORT_DESC;
    case OFP11_VERSION:
    case OFP12_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
    default:
        return false;
    }
}

size_t
ofp_mp_start(struct buf *b, enum ofp_version version, bool reply,
             enum ofp_mp_type type, uint16_t flags, uint32_t xid)
{
    size_t start;

    if (!ofp_mp_type_exists(type, version)) {
        kumo_fatal("ofp_mp_start: multipart type %d not in version 0x%02x",
                   (int) type, version);
    }
    start = ofp_msg_start(b, version, reply ? OFPTYPE_MULTIPART_REPLY
                          : OFPTYPE_MULTIPART_REQUEST, xid);
    buf_put_be16(b, (uint16_t) type);
    buf_put_be16(b, flags);
    if (version != OFP10_VERSION) {
        buf_put_zeros(b, 4);
    }
    return start;
}

struct cursor
ofp_msg_body(const struct ofp_header *oh)
{
    size_t length = ntohs(oh->length);

    return cursor_make(oh + 1, length > sizeof *oh ? length - sizeof *oh : 0);
}

enum ofperr
ofp_mp_decode(const struct ofp_header *oh, enum ofp_mp_type *type,
              uint16_t *flags, struct cursor *body)
{
    struct cursor c = ofp_msg_body(oh);
    enum ofptype ot;
    const uint8_t *p;
    uint16_t raw;

    if (!version_is_supported(oh->version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!raw_to_ofptype(oh->version, oh->type, &ot)
        || (ot != OFPTYPE_MULTIPART_REQUEST
            && ot != OFPTYPE_MULTIPART_REPLY)) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    p = cursor_pull(&c, oh->version == OFP10_VERSION
                    ? sizeof(struct ofp10_stats_msg)
                    : sizeof(struct ofp13_multipart_msg));
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    raw = (uint16_t) (p[0] << 8 | p[1]);
    if (!ofp_mp_type_exists((enum ofp_mp_type) raw,
                            (enum ofp_version) oh->version)) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    *type = (enum ofp_mp_type) raw;
    *flags = (uint16_t) (p[2] << 8 | p[3]);
    *body = c;
    return 0;
}

const char *
ofptype_name(enum ofptype type)
{
    return (unsigned) type < OFPTYPE_N ? infos[type].name : "OFPT_UNKNOWN";
}

const char *
ofp_mp_type_name(enum ofp_mp_type type)
{
    static const char *const names[] = {
        [OFPMP_DESC] = "OFPMP_DESC",
        [OFPMP_FLOW] = "OFPMP_FLOW",
        [OFPMP_AGGREGATE] = "OFPMP_AGGREGATE",
        [OFPMP_TABLE] = "OFPMP_TABLE",
        [OFPMP_PORT_STATS] = "OFPMP_PORT_STATS",
        [OFPMP_QUEUE] = "OFPMP_QUEUE",
        [OFPMP_GROUP] = "OFPMP_GROUP",
        [OFPMP_GROUP_DESC] = "OFPMP_GROUP_DESC",
        [OFPMP_GROUP_FEATURES] = "OFPMP_GROUP_FEATURES",
        [OFPMP_METER] = "OFPMP_METER",
        [OFPMP_METER_CONFIG] = "OFPMP_METER_CONFIG",
        [OFPMP_METER_FEATURES] = "OFPMP_METER_FEATURES",
        [OFPMP_TABLE_FEATURES] = "OFPMP_TABLE_FEATURES",
        [OFPMP_PORT_DESC] = "OFPMP_PORT_DESC",
    };

    if (type == OFPMP_EXPERIMENTER) {
        return "OFPMP_EXPERIMENTER";
    }
    return (unsigned) type < ARRAY_SIZE(names) ? names[type] : "OFPMP_UNKNOWN";
}

const char *
ofp_version_name(uint8_t version)
{
    switch (version) {
    case OFP10_VERSION: return "OpenFlow 1.0";
    case OFP11_VERSION: return "OpenFlow 1.1";
    case OFP12_VERSION: return "OpenFlow 1.2";
    case OFP13_VERSION: return "OpenFlow 1.3";
    case OFP14_VERSION: return "OpenFlow 1.4";
    case OFP15_VERSION: return "OpenFlow 1.5";
    default: return NULL;
    }
}
