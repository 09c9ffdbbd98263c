/* ofp-table: see ofp-table.h. */
#include "ofp/ofp-table.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"


static bool
version_ok(enum ofp_version version)
{
    return version == OFP10_VERSION || version == OFP13_VERSION;
}

static void
get_string(char *dst, const char *src, size_t width)
{
    size_t n = strnlen(src, width);

    memcpy(dst, src, n);
    memset(dst + n, 0, width + 1 - n);
}

static void
put_string(char *dst, const char *src, size_t width)
{
    size_t n = strnlen(src, width);

    memcpy(dst, src, n);
    memset(dst + n, 0, width - n);
}

/* ---- TABLE_MOD ---- */

enum ofperr
ofp_table_mod_decode(struct ofp_table_mod *tm, const struct ofp_header *oh)
{
    const struct ofp13_table_mod *otm;
    enum ofperr error;

    memset(tm, 0, sizeof *tm);
    error = ofp_multipart_check_msg(oh, OFPTYPE_TABLE_MOD,
                                    sizeof *oh + sizeof *otm, true);
    if (error) {
        return error;
    }
    otm = (const void *) (oh + 1);
    tm->table_id = otm->table_id;
    tm->config = ntohl(otm->config);
    if (tm->config & ~OFPTC13_DEPRECATED_MASK) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    return 0;
}

enum ofperr
ofp_table_mod_encode(const struct ofp_table_mod *tm, enum ofp_version version,
                     uint32_t xid, struct buf *out)
{
    struct ofp13_table_mod *otm;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, OFPTYPE_TABLE_MOD, xid);
    otm = buf_put_zeros(out, sizeof *otm);
    otm->table_id = tm->table_id;
    otm->config = htonl(tm->config);
    return ofp_multipart_msg_end(out, start);
}

void
ofp_table_mod_format(struct ds *s, const struct ofp_table_mod *tm)
{
    if (tm->table_id == OFPTT_ALL) {
        ds_put_cstr(s, " table_id: ALL_TABLES");
    } else {
        ds_put_format(s, " table_id=%u", tm->table_id);
    }
    if (tm->config) {
        ds_put_format(s, ", config=0x%"PRIx32, tm->config);
    }
}

/* ---- Table stats ---- */

enum ofperr
ofp_table_stats_request_encode(enum ofp_version version, uint32_t xid,
                               struct buf *out)
{
    return ofp_mp_empty_request_encode(version, false, OFPMP_TABLE, xid, out);
}

enum ofperr
ofp_table_stats_request_decode(const struct ofp_header *oh)
{
    return ofp_mp_empty_request_decode(oh, false, OFPMP_TABLE);
}

enum ofperr
ofp_table_stats_reply_decode(struct ofp_mp_iter *iter,
                             const struct ofp_header *oh)
{
    return ofp_mp_iter_init_msg(iter, oh, true, OFPMP_TABLE);
}

int
ofp_table_stats_next(struct ofp_mp_iter *iter, struct ofp_table_stats *ts)
{
    const void *p;
    int error;

    memset(ts, 0, sizeof *ts);
    if (iter->version == OFP10_VERSION) {
        const struct ofp10_table_stats *o;

        error = ofp_mp_iter_pull_fixed(iter, sizeof *o, &p);
        if (error) {
            return error;
        }
        o = p;
        ts->table_id = o->table_id;
        get_string(ts->name, o->name, sizeof o->name);
        ts->wildcards = ntohl(o->wildcards);
        ts->max_entries = ntohl(o->max_entries);
        ts->active_count = ntohl(o->active_count);
        ts->lookup_count = ntohll(o->lookup_count);
        ts->matched_count = ntohll(o->matched_count);
    } else {
        const struct ofp13_table_stats *o;

        error = ofp_mp_iter_pull_fixed(iter, sizeof *o, &p);
        if (error) {
            return error;
        }
        o = p;
        ts->table_id = o->table_id;
        ts->active_count = ntohl(o->active_count);
        ts->lookup_count = ntohll(o->lookup_count);
        ts->matched_count = ntohll(o->matched_count);
    }
    return 0;
}

enum ofperr
ofp_table_stats_reply_encode(const struct ofp_table_stats *ts, size_t n,
                             enum ofp_version version, uint32_t xid,
                             struct buf *out)
{
    size_t start, i;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_TABLE, 0, xid);
    for (i = 0; i < n; i++) {
        if (version == OFP10_VERSION) {
            struct ofp10_table_stats *o = buf_put_zeros(out, sizeof *o);

            o->table_id = ts[i].table_id;
            put_string(o->name, ts[i].name, sizeof o->name);
            o->wildcards = htonl(ts[i].wildcards);
            o->max_entries = htonl(ts[i].max_entries);
            o->active_count = htonl(ts[i].active_count);
            o->lookup_count = htonll(ts[i].lookup_count);
            o->matched_count = htonll(ts[i].matched_count);
        } else {
            struct ofp13_table_stats *o = buf_put_zeros(out, sizeof *o);

            o->table_id = ts[i].table_id;
            o->active_count = htonl(ts[i].active_count);
            o->lookup_count = htonll(ts[i].lookup_count);
            o->matched_count = htonll(ts[i].matched_count);
        }
    }
    return ofp_multipart_msg_end(out, start);
}

/* Names of the OpenFlow 1.0 match fields a table can wildcard, in the order
 * ovs-ofctl lists them, with the wildcard bit(s) of each. */
static const struct {
    const char *prefix;
    const char *suffix;
    uint32_t bits;          /* For nw_src/nw_dst: the 6-bit count field. */
} wildcard_fields[] = {
    { "in_port", NULL, 1u << 0 },
    { "eth", "src", 1u << 2 },
    { "eth", "dst", 1u << 3 },
    { "eth", "type", 1u << 4 },
    { "vlan", "vid", 1u << 1 },
    { "vlan", "pcp", 1u << 20 },
    { "ip", "src", 0x3fu << 8 },
    { "ip", "dst", 0x3fu << 14 },
    { "nw", "proto", 1u << 5 },
    { "nw", "tos", 1u << 21 },
    { "tcp", "src", 1u << 6 },
    { "tcp", "dst", 1u << 7 },
};

static bool
wildcard_has(uint32_t wildcards, size_t i)
{
    uint32_t bits = wildcard_fields[i].bits;

    if (bits == 0x3fu << 8 || bits == 0x3fu << 14) {
        /* A CIDR wildcard count of 32 or more: fully wildcardable. */
        unsigned int shift = bits == 0x3fu << 8 ? 8 : 14;
        return ((wildcards >> shift) & 0x3f) >= 32;
    }
    return (wildcards & bits) != 0;
}

/* Appends the wildcardable fields, grouping runs that share a prefix as
 * "eth_{src,dst,type}". */
static void
format_wildcards(struct ds *s, uint32_t wildcards)
{
    size_t i = 0;

    while (i < ARRAY_SIZE(wildcard_fields)) {
        size_t j, n = 0;

        if (!wildcard_has(wildcards, i)) {
            i++;
            continue;
        }
        ds_put_char(s, ' ');
        if (!wildcard_fields[i].suffix) {
            ds_put_cstr(s, wildcard_fields[i].prefix);
            i++;
            continue;
        }
        for (j = i; j < ARRAY_SIZE(wildcard_fields)
                    && wildcard_fields[j].suffix
                    && !strcmp(wildcard_fields[j].prefix,
                               wildcard_fields[i].prefix); j++) {
            n += wildcard_has(wildcards, j);
        }
        ds_put_cstr(s, wildcard_fields[i].prefix);
        ds_put_char(s, '_');
        if (n > 1) {
            const char *sep = "{";
            size_t k;

            for (k = i; k < j; k++) {
                if (wildcard_has(wildcards, k)) {
                    ds_put_format(s, "%s%s", sep, wildcard_fields[k].suffix);
                    sep = ",";
                }
            }
            ds_put_char(s, '}');
        } else {
            ds_put_cstr(s, wildcard_fields[i].suffix);
        }
        i = j;
    }
}

void
ofp_table_stats_format(struct ds *s, const struct ofp_table_stats *ts,
                       enum ofp_version version)
{
    ds_put_format(s, "\n  table %u", ts->table_id);
    if (version == OFP10_VERSION && ts->name[0]) {
        ds_put_format(s, " (\"%s\")", ts->name);
    }
    ds_put_format(s, ":\n    active=%"PRIu32", lookup=%"PRIu64
                  ", matched=%"PRIu64, ts->active_count, ts->lookup_count,
                  ts->matched_count);
    if (version == OFP10_VERSION) {
        if (ts->max_entries) {
            ds_put_format(s, "\n    max_entries=%"PRIu32, ts->max_entries);
        }
        if (ts->wildcards) {
            ds_put_cstr(s, "\n    matching:\n      exact match or wildcard:");
            format_wildcards(s, ts->wildcards);
        }
    }
}

enum ofperr
ofp_table_stats_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_table_stats ts;
    struct ofp_mp_iter iter;
    bool first = true;
    int error;

    error = ofp_table_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    while (!(error = ofp_table_stats_next(&iter, &ts))) {
        if (!first) {
            ds_put_char(s, '\n');
        }
        first = false;
        ofp_table_stats_format(s, &ts, iter.version);
    }
    return error == EOF ? 0 : error;
}

/* ---- Table features ---- */

/* Checks the list of 'size' bytes of TLVs at 'p' whose 16-bit length
 * follows a 16-bit type (instructions, actions): every element at least 4
 * bytes and inside the list. */
static bool
tlv_list_ok(const uint8_t *p, size_t size)
{
    while (size) {
        size_t len;

        if (size < 4) {
            return false;
        }
        len = ((size_t) p[2] << 8) | p[3];
        if (len < 4 || len > size) {
            return false;
        }
        p += len;
        size -= len;
    }
    return true;
}

/* Checks a list of OXM headers (4 bytes, 8 for experimenter classes). */
static bool
oxm_list_ok(const uint8_t *p, size_t size)
{
    while (size) {
        size_t len = p[0] == 0xff && size >= 2 && p[1] == 0xff ? 8 : 4;

        if (size < len) {
            return false;
        }
        p += len;
        size -= len;
    }
    return true;
}

/* Validates the properties at 'props'/'size'. Returns 0 or OFPTFFC_BAD_LEN
 * and stores the number of properties in '*n_props'. */
static enum ofperr
check_props(const uint8_t *props, size_t size, size_t *n_props)
{
    *n_props = 0;
    while (size) {
        uint16_t type;
        size_t len, padded;
        const uint8_t *body;
        bool ok;

        if (size < 4) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        type = (uint16_t) ((props[0] << 8) | props[1]);
        len = ((size_t) props[2] << 8) | props[3];
        padded = ROUND_UP(len, 8);
        if (len < 4 || padded > size) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        body = props + 4;
        switch (type) {
        case OFPTFPT13_INSTRUCTIONS:
        case OFPTFPT13_INSTRUCTIONS_MISS:
        case OFPTFPT13_WRITE_ACTIONS:
        case OFPTFPT13_WRITE_ACTIONS_MISS:
        case OFPTFPT13_APPLY_ACTIONS:
        case OFPTFPT13_APPLY_ACTIONS_MISS:
            ok = tlv_list_ok(body, len - 4);
            break;
        case OFPTFPT13_MATCH:
        case OFPTFPT13_WILDCARDS:
        case OFPTFPT13_WRITE_SETFIELD:
        case OFPTFPT13_WRITE_SETFIELD_MISS:
        case OFPTFPT13_APPLY_SETFIELD:
        case OFPTFPT13_APPLY_SETFIELD_MISS:
            ok = oxm_list_ok(body, len - 4);
            break;
        case OFPTFPT13_EXPERIMENTER:
        case OFPTFPT13_EXPERIMENTER_MISS:
            ok = len >= 12;     /* experimenter + exp_type */
            break;
        default:
            /* Next-tables lists are bytes; unknown types are skipped. */
            ok = true;
            break;
        }
        if (!ok) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        props += padded;
        size -= padded;
        ++*n_props;
    }
    return 0;
}

enum ofperr
ofp_table_features_encode(const struct ofp_table_features *tf, size_t n,
                          bool reply, enum ofp_version version, uint32_t xid,
                          struct buf *out)
{
    size_t start, i;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    for (i = 0; i < n; i++) {
        size_t n_props;

        if (tf[i].props_size > UINT16_MAX - sizeof(struct ofp13_table_features)
            || check_props(tf[i].props, tf[i].props_size, &n_props)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    start = ofp_mp_start(out, version, reply,
                                OFPMP_TABLE_FEATURES, 0, xid);
    for (i = 0; i < n; i++) {
        struct ofp13_table_features *o = buf_put_zeros(out, sizeof *o);

        o->length = htons((uint16_t) (sizeof *o + tf[i].props_size));
        o->table_id = tf[i].table_id;
        put_string(o->name, tf[i].name, sizeof o->name);
        o->metadata_match = htonll(tf[i].metadata_match);
        o->metadata_write = htonll(tf[i].metadata_write);
        o->config = htonl(tf[i].config);
        o->max_entries = htonl(tf[i].max_entries);
        buf_put(out, tf[i].props, tf[i].props_size);
    }
    return ofp_multipart_msg_end(out, start);
}

enum ofperr
ofp_table_features_decode(struct ofp_mp_iter *iter, bool *reply,
                          const struct ofp_header *oh)
{
    uint16_t type, flags;
    struct cursor body;
    enum ofperr error;

    error = ofp_multipart_decode(oh, reply, &type, &flags, &body);
    if (error) {
        return error;
    }
    if (oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (type != OFPMP_TABLE_FEATURES) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_mp_iter_init(iter, oh->version, body.data, body.size);
    iter->flags = flags;
    return 0;
}

int
ofp_table_features_next(struct ofp_mp_iter *iter,
                        struct ofp_table_features *tf)
{
    const struct ofp13_table_features *o;
    struct cursor entry;
    int error;

    memset(tf, 0, sizeof *tf);
    error = ofp_mp_iter_pull_var(iter, sizeof *o, 0, true,
                                 OFPERR_OFPBRC_BAD_LEN, &entry);
    if (error) {
        return error;
    }
    o = (const void *) entry.data;
    tf->table_id = o->table_id;
    get_string(tf->name, o->name, sizeof o->name);
    tf->metadata_match = ntohll(o->metadata_match);
    tf->metadata_write = ntohll(o->metadata_write);
    tf->config = ntohl(o->config);
    tf->max_entries = ntohl(o->max_entries);
    tf->props = entry.data + sizeof *o;
    tf->props_size = entry.size - sizeof *o;
    error = check_props(tf->props, tf->props_size, &tf->n_props);
    if (error) {
        iter->body.size = 0;
    }
    return error;
}

static const char *
prop_name(uint16_t type)
{
    switch (type) {
    case OFPTFPT13_INSTRUCTIONS: return "instructions";
    case OFPTFPT13_INSTRUCTIONS_MISS: return "instructions_miss";
    case OFPTFPT13_NEXT_TABLES: return "next_tables";
    case OFPTFPT13_NEXT_TABLES_MISS: return "next_tables_miss";
    case OFPTFPT13_WRITE_ACTIONS: return "write_actions";
    case OFPTFPT13_WRITE_ACTIONS_MISS: return "write_actions_miss";
    case OFPTFPT13_APPLY_ACTIONS: return "apply_actions";
    case OFPTFPT13_APPLY_ACTIONS_MISS: return "apply_actions_miss";
    case OFPTFPT13_MATCH: return "match";
    case OFPTFPT13_WILDCARDS: return "wildcards";
    case OFPTFPT13_WRITE_SETFIELD: return "write_setfield";
    case OFPTFPT13_WRITE_SETFIELD_MISS: return "write_setfield_miss";
    case OFPTFPT13_APPLY_SETFIELD: return "apply_setfield";
    case OFPTFPT13_APPLY_SETFIELD_MISS: return "apply_setfield_miss";
    case OFPTFPT13_EXPERIMENTER: return "experimenter";
    case OFPTFPT13_EXPERIMENTER_MISS: return "experimenter_miss";
    default: return NULL;
    }
}

void
ofp_table_features_format(struct ds *s, const struct ofp_table_features *tf)
{
    const uint8_t *p = tf->props;
    size_t size = tf->props_size;

    ds_put_format(s, "\n  table %u", tf->table_id);
    if (tf->name[0]) {
        ds_put_format(s, " (\"%s\")", tf->name);
    }
    /* The fixed part as ovs-ofctl prints it; config only when it has more
     * than the bits 1.3 deprecated (ovs-ofctl never shows those). */
    ds_put_format(s, ":\n    metadata: match=%#"PRIx64" write=%#"PRIx64,
                  tf->metadata_match, tf->metadata_write);
    if (tf->config & ~OFPTC13_DEPRECATED_MASK) {
        ds_put_format(s, "\n    config=%#"PRIx32, tf->config);
    }
    ds_put_format(s, "\n    max_entries=%"PRIu32, tf->max_entries);
    ds_put_format(s, "\n    properties (%zu):", tf->n_props);
    /* Walk only what check_props() accepted. */
    while (size >= 4) {
        uint16_t type = (uint16_t) ((p[0] << 8) | p[1]);
        size_t len = ((size_t) p[2] << 8) | p[3];
        size_t padded = ROUND_UP(len, 8);
        const char *name = prop_name(type);

        if (len < 4 || padded > size) {
            break;
        }
        if (name) {
            ds_put_format(s, " %s(%zu)", name, len - 4);
        } else {
            ds_put_format(s, " type%u(%zu)", type, len - 4);
        }
        p += padded;
        size -= padded;
    }
}

enum ofperr
ofp_table_features_msg_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_table_features tf;
    struct ofp_mp_iter iter;
    bool reply;
    int error;

    error = ofp_table_features_decode(&iter, &reply, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    while (!(error = ofp_table_features_next(&iter, &tf))) {
        ofp_table_features_format(s, &tf);
    }
    return error == EOF ? 0 : error;
}
