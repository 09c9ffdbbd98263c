/* ofp-meter: see ofp-meter.h. */
#include "ofp/ofp-meter.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"


#define OFPMF13_ALL_FLAGS (OFPMF13_KBPS | OFPMF13_PKTPS | OFPMF13_BURST \
                           | OFPMF13_STATS)

/* Decodes the bands in 'size' bytes at 'p' into 'bands' (cleared first).
 * Returns 0, OFPBRC_BAD_LEN or OFPMMFC_BAD_BAND. */
static enum ofperr
decode_bands(const uint8_t *p, size_t size, struct buf *bands,
             const struct ofp_meter_band **bandsp, size_t *n_bandsp)
{
    size_t n = 0;

    buf_clear(bands);
    while (size) {
        const struct ofp13_meter_band_header *obh;
        struct ofp_meter_band *band;
        size_t len;

        if (size < sizeof(struct ofp13_meter_band_drop)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        obh = (const void *) p;
        len = ntohs(obh->len);
        if (len < sizeof(struct ofp13_meter_band_drop) || len > size
            || len % 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        band = buf_put_zeros(bands, sizeof *band);
        band->type = ntohs(obh->type);
        band->rate = ntohl(obh->rate);
        band->burst_size = ntohl(obh->burst_size);
        switch (band->type) {
        case OFPMBT13_DROP:
            if (len != sizeof(struct ofp13_meter_band_drop)) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            break;
        case OFPMBT13_DSCP_REMARK: {
            const struct ofp13_meter_band_dscp_remark *d = (const void *) p;

            if (len != sizeof *d) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            band->prec_level = d->prec_level;
            break;
        }
        case OFPMBT13_EXPERIMENTER: {
            const struct ofp13_meter_band_experimenter *e = (const void *) p;

            band->experimenter = ntohl(e->experimenter);
            band->exp_data = p + sizeof *e;
            band->exp_data_size = len - sizeof *e;
            break;
        }
        default:
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        p += len;
        size -= len;
        n++;
    }
    *bandsp = n ? (const void *) bands->data : NULL;
    *n_bandsp = n;
    return 0;
}

/* Appends the 'n' bands of 'bands' to 'out'. Returns 0 or
 * OFPMMFC_BAD_BAND. */
static enum ofperr
encode_bands(const struct ofp_meter_band *bands, size_t n, struct buf *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct ofp_meter_band *b = &bands[i];
        struct ofp13_meter_band_header *obh;
        size_t len = sizeof(struct ofp13_meter_band_drop);

        if (b->type == OFPMBT13_EXPERIMENTER) {
            if (b->exp_data_size % 8 || b->exp_data_size > UINT16_MAX - len) {
                return OFPERR_OFPMMFC_BAD_BAND;
            }
            len += b->exp_data_size;
        } else if (b->type != OFPMBT13_DROP
                   && b->type != OFPMBT13_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        obh = buf_put_zeros(out, sizeof(struct ofp13_meter_band_drop));
        obh->type = htons(b->type);
        obh->len = htons((uint16_t) len);
        obh->rate = htonl(b->rate);
        obh->burst_size = htonl(b->burst_size);
        if (b->type == OFPMBT13_DSCP_REMARK) {
            ((struct ofp13_meter_band_dscp_remark *) obh)->prec_level
                = b->prec_level;
        } else if (b->type == OFPMBT13_EXPERIMENTER) {
            ((struct ofp13_meter_band_experimenter *) obh)->experimenter
                = htonl(b->experimenter);
            buf_put(out, b->exp_data, b->exp_data_size);
        }
    }
    return 0;
}

static size_t
bands_size(const struct ofp_meter_band *bands, size_t n)
{
    size_t size = 0, i;

    for (i = 0; i < n; i++) {
        size += sizeof(struct ofp13_meter_band_drop);
        if (bands[i].type == OFPMBT13_EXPERIMENTER) {
            size += bands[i].exp_data_size;
        }
    }
    return size;
}

/* Meter ids are 1..OFPM13_MAX plus the virtual meters SLOWPATH and
 * CONTROLLER; ALL only names every meter for a delete. */
static bool
meter_id_ok(uint32_t id, uint16_t command)
{
    return (id != 0 && id <= OFPM13_MAX)
           || id == OFPM13_SLOWPATH || id == OFPM13_CONTROLLER
           || (id == OFPM13_ALL && command == OFPMC13_DELETE);
}

enum ofperr
ofp_meter_mod_decode(struct ofp_meter_mod *mm, const struct ofp_header *oh,
                     struct buf *bands)
{
    const struct ofp13_meter_mod *omm;
    enum ofperr error;

    memset(mm, 0, sizeof *mm);
    buf_clear(bands);
    error = ofp_multipart_check_msg(oh, OFPTYPE_METER_MOD,
                                    sizeof *oh + sizeof *omm, false);
    if (error) {
        return error;
    }
    omm = (const void *) (oh + 1);
    mm->command = ntohs(omm->command);
    mm->flags = ntohs(omm->flags);
    mm->meter_id = ntohl(omm->meter_id);
    if (mm->command > OFPMC13_DELETE) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    if (mm->flags & ~OFPMF13_ALL_FLAGS) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (!meter_id_ok(mm->meter_id, mm->command)) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    return decode_bands((const uint8_t *) (omm + 1),
                        ntohs(oh->length) - sizeof *oh - sizeof *omm,
                        bands, &mm->bands, &mm->n_bands);
}

enum ofperr
ofp_meter_mod_encode(const struct ofp_meter_mod *mm, enum ofp_version version,
                     uint32_t xid, struct buf *out)
{
    struct ofp13_meter_mod *omm;
    size_t start, size;
    enum ofperr error;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size = bands_size(mm->bands, mm->n_bands);
    if (size > UINT16_MAX - sizeof(struct ofp_header) - sizeof *omm) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    start = ofp_msg_start(out, version, OFPTYPE_METER_MOD, xid);
    omm = buf_put_zeros(out, sizeof *omm);
    omm->command = htons(mm->command);
    omm->flags = htons(mm->flags);
    omm->meter_id = htonl(mm->meter_id);
    error = encode_bands(mm->bands, mm->n_bands, out);
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    return ofp_multipart_msg_end(out, start);
}

static void
format_meter_id(struct ds *s, uint32_t id)
{
    switch (id) {
    case OFPM13_ALL: ds_put_cstr(s, "all"); break;
    case OFPM13_CONTROLLER: ds_put_cstr(s, "controller"); break;
    case OFPM13_SLOWPATH: ds_put_cstr(s, "slowpath"); break;
    default: ds_put_format(s, "%"PRIu32, id); break;
    }
}

static void
format_meter_flags(struct ds *s, uint16_t flags)
{
    static const char *const names[] = { "kbps", "pktps", "burst", "stats" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            ds_put_format(s, " %s", names[i]);
        }
    }
    if (flags & ~OFPMF13_ALL_FLAGS) {
        ds_put_format(s, " flags:0x%x", (unsigned int) (flags
                                                       & ~OFPMF13_ALL_FLAGS));
    }
}

void
ofp_meter_bands_format(struct ds *s, const struct ofp_meter_band *bands,
                       size_t n, uint16_t flags)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct ofp_meter_band *b = &bands[i];

        ds_put_cstr(s, "\ntype=");
        switch (b->type) {
        case OFPMBT13_DROP: ds_put_cstr(s, "drop"); break;
        case OFPMBT13_DSCP_REMARK: ds_put_cstr(s, "dscp_remark"); break;
        case OFPMBT13_EXPERIMENTER: ds_put_cstr(s, "experimenter"); break;
        default: ds_put_format(s, "%u", b->type); break;
        }
        ds_put_format(s, " rate=%"PRIu32, b->rate);
        if (flags & OFPMF13_BURST) {
            ds_put_format(s, " burst_size=%"PRIu32, b->burst_size);
        }
        if (b->type == OFPMBT13_DSCP_REMARK) {
            ds_put_format(s, " prec_level=%u", b->prec_level);
        } else if (b->type == OFPMBT13_EXPERIMENTER) {
            ds_put_format(s, " experimenter=0x%"PRIx32, b->experimenter);
            if (b->exp_data_size) {
                ds_put_cstr(s, " data=");
                ds_put_hex(s, b->exp_data, b->exp_data_size);
            }
        }
    }
}

void
ofp_meter_mod_format(struct ds *s, const struct ofp_meter_mod *mm)
{
    switch (mm->command) {
    case OFPMC13_ADD: ds_put_cstr(s, " ADD"); break;
    case OFPMC13_MODIFY: ds_put_cstr(s, " MOD"); break;
    case OFPMC13_DELETE: ds_put_cstr(s, " DEL"); break;
    default: ds_put_format(s, " cmd:%u", mm->command); break;
    }
    ds_put_cstr(s, " meter=");
    format_meter_id(s, mm->meter_id);
    format_meter_flags(s, mm->flags);
    ds_put_cstr(s, " bands=");
    ofp_meter_bands_format(s, mm->bands, mm->n_bands, mm->flags);
}

void
ofp_meter_format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec) {
        char frac[16];
        int len = snprintf(frac, sizeof frac, "%09"PRIu32, nsec % 1000000000u);

        while (len > 0 && frac[len - 1] == '0') {
            len--;
        }
        ds_put_format(s, ".%.*s", len, frac);
    }
    ds_put_char(s, 's');
}

/* ---- Requests ---- */

enum ofperr
ofp_meter_request_encode(const struct ofp_meter_request *mr,
                         enum ofp_version version, uint32_t xid,
                         struct buf *out)
{
    struct ofp13_meter_multipart_request *omr;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, false,
                                mr->config ? OFPMP_METER_CONFIG
                                           : OFPMP_METER, 0, xid);
    omr = buf_put_zeros(out, sizeof *omr);
    omr->meter_id = htonl(mr->meter_id);
    return ofp_multipart_msg_end(out, start);
}

enum ofperr
ofp_meter_request_decode(struct ofp_meter_request *mr,
                         const struct ofp_header *oh)
{
    const struct ofp13_meter_multipart_request *omr;
    uint16_t type, flags;
    struct cursor body;
    enum ofperr error;
    bool reply;

    error = ofp_multipart_decode(oh, &reply, &type, &flags, &body);
    if (error) {
        return error;
    }
    if (oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (reply) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (type != OFPMP_METER && type != OFPMP_METER_CONFIG) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    if (body.size != sizeof *omr) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    omr = (const void *) body.data;
    mr->config = type == OFPMP_METER_CONFIG;
    mr->meter_id = ntohl(omr->meter_id);
    return 0;
}

void
ofp_meter_request_format(struct ds *s, const struct ofp_meter_request *mr)
{
    ds_put_cstr(s, " meter=");
    format_meter_id(s, mr->meter_id);
}

/* ---- METER stats ---- */

enum ofperr
ofp_meter_stats_reply_decode(struct ofp_mp_iter *iter,
                             const struct ofp_header *oh)
{
    enum ofperr error = ofp_mp_iter_init_msg(iter, oh, true, OFPMP_METER);

    return !error && oh->version != OFP13_VERSION
           ? OFPERR_OFPBRC_BAD_VERSION : error;
}

int
ofp_meter_stats_next(struct ofp_mp_iter *iter, struct ofp_meter_stats *ms,
                     struct buf *bands)
{
    const struct ofp13_meter_stats *o;
    const struct ofp13_meter_band_stats *obs;
    struct cursor entry;
    size_t i, n;
    int error;

    memset(ms, 0, sizeof *ms);
    buf_clear(bands);
    error = ofp_mp_iter_pull_var(iter, sizeof *o, 4, false,
                                 OFPERR_OFPBRC_BAD_LEN, &entry);
    if (error) {
        return error;
    }
    if ((entry.size - sizeof *o) % sizeof *obs) {
        iter->body.size = 0;
        return OFPERR_OFPBRC_BAD_LEN;
    }
    o = (const void *) entry.data;
    ms->meter_id = ntohl(o->meter_id);
    ms->flow_count = ntohl(o->flow_count);
    ms->packet_in_count = ntohll(o->packet_in_count);
    ms->byte_in_count = ntohll(o->byte_in_count);
    ms->duration_sec = ntohl(o->duration_sec);
    ms->duration_nsec = ntohl(o->duration_nsec);
    n = (entry.size - sizeof *o) / sizeof *obs;
    obs = (const void *) (o + 1);
    for (i = 0; i < n; i++) {
        struct ofp_meter_band_stats *bs = buf_put_uninit(bands, sizeof *bs);

        bs->packet_band_count = ntohll(obs[i].packet_band_count);
        bs->byte_band_count = ntohll(obs[i].byte_band_count);
    }
    ms->bands = n ? (const void *) bands->data : NULL;
    ms->n_bands = n;
    return 0;
}

enum ofperr
ofp_meter_stats_reply_encode(const struct ofp_meter_stats *ms, size_t n,
                             enum ofp_version version, uint32_t xid,
                             struct buf *out)
{
    size_t start, i, j;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    for (i = 0; i < n; i++) {
        if (ms[i].n_bands > (UINT16_MAX - sizeof(struct ofp13_meter_stats))
                            / sizeof(struct ofp13_meter_band_stats)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    start = ofp_mp_start(out, version, true, OFPMP_METER, 0, xid);
    for (i = 0; i < n; i++) {
        struct ofp13_meter_stats *o = buf_put_zeros(out, sizeof *o);

        o->meter_id = htonl(ms[i].meter_id);
        o->len = htons((uint16_t) (sizeof *o + ms[i].n_bands
                                   * sizeof(struct ofp13_meter_band_stats)));
        o->flow_count = htonl(ms[i].flow_count);
        o->packet_in_count = htonll(ms[i].packet_in_count);
        o->byte_in_count = htonll(ms[i].byte_in_count);
        o->duration_sec = htonl(ms[i].duration_sec);
        o->duration_nsec = htonl(ms[i].duration_nsec);
        for (j = 0; j < ms[i].n_bands; j++) {
            buf_put_be64(out, ms[i].bands[j].packet_band_count);
            buf_put_be64(out, ms[i].bands[j].byte_band_count);
        }
    }
    return ofp_multipart_msg_end(out, start);
}

void
ofp_meter_stats_format(struct ds *s, const struct ofp_meter_stats *ms)
{
    size_t i;

    ds_put_cstr(s, "\nmeter:");
    format_meter_id(s, ms->meter_id);
    ds_put_format(s, " flow_count:%"PRIu32" packet_in_count:%"PRIu64
                  " byte_in_count:%"PRIu64" duration:", ms->flow_count,
                  ms->packet_in_count, ms->byte_in_count);
    ofp_meter_format_duration(s, ms->duration_sec, ms->duration_nsec);
    ds_put_cstr(s, " bands:");
    for (i = 0; i < ms->n_bands; i++) {
        ds_put_format(s, "\n%zu: packet_count:%"PRIu64" byte_count:%"PRIu64,
                      i, ms->bands[i].packet_band_count,
                      ms->bands[i].byte_band_count);
    }
}

enum ofperr
ofp_meter_stats_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_meter_stats ms;
    struct ofp_mp_iter iter;
    struct buf bands;
    int error;

    error = ofp_meter_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    buf_init(&bands, 0);
    while (!(error = ofp_meter_stats_next(&iter, &ms, &bands))) {
        ofp_meter_stats_format(s, &ms);
    }
    buf_uninit(&bands);
    return error == EOF ? 0 : error;
}

/* ---- METER_CONFIG ---- */

enum ofperr
ofp_meter_config_reply_decode(struct ofp_mp_iter *iter,
                              const struct ofp_header *oh)
{
    enum ofperr error = ofp_mp_iter_init_msg(iter, oh, true,
                                             OFPMP_METER_CONFIG);

    return !error && oh->version != OFP13_VERSION
           ? OFPERR_OFPBRC_BAD_VERSION : error;
}

int
ofp_meter_config_next(struct ofp_mp_iter *iter, struct ofp_meter_config *mc,
                      struct buf *bands)
{
    const struct ofp13_meter_config *o;
    struct cursor entry;
    int error;

    memset(mc, 0, sizeof *mc);
    buf_clear(bands);
    error = ofp_mp_iter_pull_var(iter, sizeof *o, 0, true,
                                 OFPERR_OFPBRC_BAD_LEN, &entry);
    if (error) {
        return error;
    }
    o = (const void *) entry.data;
    mc->flags = ntohs(o->flags);
    mc->meter_id = ntohl(o->meter_id);
    error = decode_bands(entry.data + sizeof *o, entry.size - sizeof *o,
                         bands, &mc->bands, &mc->n_bands);
    if (error) {
        iter->body.size = 0;
    }
    return error;
}

enum ofperr
ofp_meter_config_reply_encode(const struct ofp_meter_config *mc, size_t n,
                              enum ofp_version version, uint32_t xid,
                              struct buf *out)
{
    size_t start, i;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    for (i = 0; i < n; i++) {
        if (bands_size(mc[i].bands, mc[i].n_bands)
            > UINT16_MAX - sizeof(struct ofp13_meter_config)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    start = ofp_mp_start(out, version, true, OFPMP_METER_CONFIG,
                                0, xid);
    for (i = 0; i < n; i++) {
        size_t ofs = out->size;
        struct ofp13_meter_config *o = buf_put_zeros(out, sizeof *o);
        enum ofperr error;

        o->flags = htons(mc[i].flags);
        o->meter_id = htonl(mc[i].meter_id);
        error = encode_bands(mc[i].bands, mc[i].n_bands, out);
        if (error) {
            buf_truncate(out, start);
            return error;
        }
        o = buf_at(out, ofs, sizeof *o);
        o->length = htons((uint16_t) (out->size - ofs));
    }
    return ofp_multipart_msg_end(out, start);
}

void
ofp_meter_config_format(struct ds *s, const struct ofp_meter_config *mc)
{
    ds_put_cstr(s, "\nmeter=");
    format_meter_id(s, mc->meter_id);
    format_meter_flags(s, mc->flags);
    ds_put_cstr(s, " bands=");
    ofp_meter_bands_format(s, mc->bands, mc->n_bands, mc->flags);
}

enum ofperr
ofp_meter_config_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_meter_config mc;
    struct ofp_mp_iter iter;
    struct buf bands;
    bool first = true;
    int error;

    error = ofp_meter_config_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    buf_init(&bands, 0);
    while (!(error = ofp_meter_config_next(&iter, &mc, &bands))) {
        if (!first) {
            ds_put_char(s, '\n');
        }
        first = false;
        ofp_meter_config_format(s, &mc);
    }
    buf_uninit(&bands);
    return error == EOF ? 0 : error;
}

/* ---- METER_FEATURES ---- */

enum ofperr
ofp_meter_features_request_encode(enum ofp_version version, uint32_t xid,
                                  struct buf *out)
{
    return ofp_mp_empty_request_encode(version, true, OFPMP_METER_FEATURES,
                                       xid, out);
}

enum ofperr
ofp_meter_features_request_decode(const struct ofp_header *oh)
{
    return ofp_mp_empty_request_decode(oh, true, OFPMP_METER_FEATURES);
}

enum ofperr
ofp_meter_features_decode(struct ofp_meter_features *mf,
                          const struct ofp_header *oh)
{
    const struct ofp13_meter_features *o;
    struct ofp_mp_iter iter;
    enum ofperr error;

    error = ofp_mp_iter_init_msg(&iter, oh, true, OFPMP_METER_FEATURES);
    if (error) {
        return error;
    }
    if (oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (iter.body.size != sizeof *o) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    o = (const void *) iter.body.data;
    mf->max_meter = ntohl(o->max_meter);
    mf->band_types = ntohl(o->band_types);
    mf->capabilities = ntohl(o->capabilities);
    mf->max_bands = o->max_bands;
    mf->max_color = o->max_color;
    return 0;
}

enum ofperr
ofp_meter_features_encode(const struct ofp_meter_features *mf,
                          enum ofp_version version, uint32_t xid,
                          struct buf *out)
{
    struct ofp13_meter_features *o;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_METER_FEATURES,
                                0, xid);
    o = buf_put_zeros(out, sizeof *o);
    o->max_meter = htonl(mf->max_meter);
    o->band_types = htonl(mf->band_types);
    o->capabilities = htonl(mf->capabilities);
    o->max_bands = mf->max_bands;
    o->max_color = mf->max_color;
    return ofp_multipart_msg_end(out, start);
}

void
ofp_meter_features_format(struct ds *s, const struct ofp_meter_features *mf)
{
    ds_put_format(s, "\nmax_meter:%"PRIu32" max_bands:%u max_color:%u",
                  mf->max_meter, mf->max_bands, mf->max_color);
    ds_put_cstr(s, "\nband_types:");
    if (mf->band_types & (1u << OFPMBT13_DROP)) {
        ds_put_cstr(s, " drop");
    }
    if (mf->band_types & (1u << OFPMBT13_DSCP_REMARK)) {
        ds_put_cstr(s, " dscp_remark");
    }
    if (mf->band_types & ~((1u << OFPMBT13_DROP)
                           | (1u << OFPMBT13_DSCP_REMARK))) {
        ds_put_format(s, " 0x%"PRIx32, mf->band_types
                      & ~((1u << OFPMBT13_DROP) | (1u << OFPMBT13_DSCP_REMARK)));
    }
    ds_put_cstr(s, "\ncapabilities:");
    format_meter_flags(s, (uint16_t) mf->capabilities);
}
