/* ofp-group: see ofp-group.h. */
#include "ofp/ofp-group.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-meter.h"
#include "ofp/ofp-port.h"


static void
format_group_id(struct ds *s, uint32_t id)
{
    switch (id) {
    case OFPG13_ALL: ds_put_cstr(s, "ALL"); break;
    case OFPG13_ANY: ds_put_cstr(s, "ANY"); break;
    default: ds_put_format(s, "%"PRIu32, id); break;
    }
}

/* ---- Statistics ---- */

enum ofperr
ofp_group_stats_request_encode(uint32_t group_id, enum ofp_version version,
                               uint32_t xid, struct buf *out)
{
    struct ofp13_group_stats_request *o;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, false, OFPMP_GROUP, 0,
                                xid);
    o = buf_put_zeros(out, sizeof *o);
    o->group_id = htonl(group_id);
    return ofp_multipart_msg_end(out, start);
}

enum ofperr
ofp_group_stats_request_decode(uint32_t *group_id,
                               const struct ofp_header *oh)
{
    const struct ofp13_group_stats_request *o;
    struct ofp_mp_iter iter;
    enum ofperr error;

    error = ofp_mp_iter_init_msg(&iter, oh, false, OFPMP_GROUP);
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
    *group_id = ntohl(o->group_id);
    return 0;
}

void
ofp_group_stats_request_format(struct ds *s, uint32_t group_id)
{
    ds_put_cstr(s, " group_id=");
    format_group_id(s, group_id);
}

enum ofperr
ofp_group_stats_reply_decode(struct ofp_mp_iter *iter,
                             const struct ofp_header *oh)
{
    enum ofperr error = ofp_mp_iter_init_msg(iter, oh, true, OFPMP_GROUP);

    return !error && oh->version != OFP13_VERSION
           ? OFPERR_OFPBRC_BAD_VERSION : error;
}

int
ofp_group_stats_next(struct ofp_mp_iter *iter, struct ofp_group_stats *gs,
                     struct buf *counters)
{
    const struct ofp13_group_stats *o;
    const struct ofp13_bucket_counter *obc;
    struct cursor entry;
    size_t i, n;
    int error;

    memset(gs, 0, sizeof *gs);
    buf_clear(counters);
    error = ofp_mp_iter_pull_var(iter, sizeof *o, 0, false,
                                 OFPERR_OFPBRC_BAD_LEN, &entry);
    if (error) {
        return error;
    }
    if ((entry.size - sizeof *o) % sizeof *obc) {
        iter->body.size = 0;
        return OFPERR_OFPBRC_BAD_LEN;
    }
    o = (const void *) entry.data;
    gs->group_id = ntohl(o->group_id);
    gs->ref_count = ntohl(o->ref_count);
    gs->packet_count = ntohll(o->packet_count);
    gs->byte_count = ntohll(o->byte_count);
    gs->duration_sec = ntohl(o->duration_sec);
    gs->duration_nsec = ntohl(o->duration_nsec);
    n = (entry.size - sizeof *o) / sizeof *obc;
    obc = (const void *) (entry.data + sizeof *o);
    for (i = 0; i < n; i++) {
        struct ofp_bucket_counter *bc = buf_put_uninit(counters, sizeof *bc);

        bc->packet_count = ntohll(obc[i].packet_count);
        bc->byte_count = ntohll(obc[i].byte_count);
    }
    gs->buckets = n ? (const void *) counters->data : NULL;
    gs->n_buckets = n;
    return 0;
}

enum ofperr
ofp_group_stats_reply_encode(const struct ofp_group_stats *gs, size_t n,
                             enum ofp_version version, uint32_t xid,
                             struct buf *out)
{
    size_t start, i, j;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    for (i = 0; i < n; i++) {
        if (gs[i].n_buckets > (UINT16_MAX - sizeof(struct ofp13_group_stats))
                              / sizeof(struct ofp13_bucket_counter)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    start = ofp_mp_start(out, version, true, OFPMP_GROUP, 0, xid);
    for (i = 0; i < n; i++) {
        struct ofp13_group_stats *o = buf_put_zeros(out, sizeof *o);

        o->length = htons((uint16_t) (sizeof *o + gs[i].n_buckets
                                      * sizeof(struct ofp13_bucket_counter)));
        o->group_id = htonl(gs[i].group_id);
        o->ref_count = htonl(gs[i].ref_count);
        o->packet_count = htonll(gs[i].packet_count);
        o->byte_count = htonll(gs[i].byte_count);
        o->duration_sec = htonl(gs[i].duration_sec);
        o->duration_nsec = htonl(gs[i].duration_nsec);
        for (j = 0; j < gs[i].n_buckets; j++) {
            buf_put_be64(out, gs[i].buckets[j].packet_count);
            buf_put_be64(out, gs[i].buckets[j].byte_count);
        }
    }
    return ofp_multipart_msg_end(out, start);
}

void
ofp_group_stats_format(struct ds *s, const struct ofp_group_stats *gs)
{
    size_t i;

    ds_put_cstr(s, "\n group_id=");
    format_group_id(s, gs->group_id);
    ds_put_cstr(s, ",duration=");
    ofp_meter_format_duration(s, gs->duration_sec, gs->duration_nsec);
    ds_put_format(s, ",ref_count=%"PRIu32",packet_count=%"PRIu64
                  ",byte_count=%"PRIu64, gs->ref_count, gs->packet_count,
                  gs->byte_count);
    for (i = 0; i < gs->n_buckets; i++) {
        ds_put_format(s, ",bucket%zu:packet_count=%"PRIu64",byte_count=%"
                      PRIu64, i, gs->buckets[i].packet_count,
                      gs->buckets[i].byte_count);
    }
}

enum ofperr
ofp_group_stats_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_group_stats gs;
    struct ofp_mp_iter iter;
    struct buf counters;
    int error;

    error = ofp_group_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    buf_init(&counters, 0);
    while (!(error = ofp_group_stats_next(&iter, &gs, &counters))) {
        ofp_group_stats_format(s, &gs);
    }
    buf_uninit(&counters);
    return error == EOF ? 0 : error;
}

/* ---- Features ---- */

enum ofperr
ofp_group_features_request_encode(enum ofp_version version, uint32_t xid,
                                  struct buf *out)
{
    return ofp_mp_empty_request_encode(version, true, OFPMP_GROUP_FEATURES, xid, out);
}

enum ofperr
ofp_group_features_request_decode(const struct ofp_header *oh)
{
    return ofp_mp_empty_request_decode(oh, true, OFPMP_GROUP_FEATURES);
}

enum ofperr
ofp_group_features_decode(struct ofp_group_features *gf,
                          const struct ofp_header *oh)
{
    const struct ofp13_group_features *o;
    struct ofp_mp_iter iter;
    enum ofperr error;
    int i;

    error = ofp_mp_iter_init_msg(&iter, oh, true, OFPMP_GROUP_FEATURES);
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
    gf->types = ntohl(o->types);
    gf->capabilities = ntohl(o->capabilities);
    for (i = 0; i < 4; i++) {
        gf->max_groups[i] = ntohl(o->max_groups[i]);
        gf->actions[i] = ntohl(o->actions[i]);
    }
    return 0;
}

enum ofperr
ofp_group_features_encode(const struct ofp_group_features *gf,
                          enum ofp_version version, uint32_t xid,
                          struct buf *out)
{
    struct ofp13_group_features *o;
    size_t start;
    int i;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_GROUP_FEATURES,
                                0, xid);
    o = buf_put_zeros(out, sizeof *o);
    o->types = htonl(gf->types);
    o->capabilities = htonl(gf->capabilities);
    for (i = 0; i < 4; i++) {
        o->max_groups[i] = htonl(gf->max_groups[i]);
        o->actions[i] = htonl(gf->actions[i]);
    }
    return ofp_multipart_msg_end(out, start);
}

/* Appends the names of the OFPAT13_* bits of 'actions'. */
static void
format_action_bits(struct ds *s, uint32_t actions)
{
    static const char *const names[32] = {
        [0] = "output", [11] = "copy_ttl_out", [12] = "copy_ttl_in",
        [15] = "set_mpls_ttl", [16] = "dec_mpls_ttl", [17] = "push_vlan",
        [18] = "strip_vlan", [19] = "push_mpls", [20] = "pop_mpls",
        [21] = "set_queue", [22] = "group", [23] = "mod_nw_ttl",
        [24] = "dec_ttl", [25] = "set_field", [26] = "push_pbb",
        [27] = "pop_pbb",
    };
    int i;

    if (!actions) {
        ds_put_cstr(s, " <none>");
        return;
    }
    for (i = 0; i < 32; i++) {
        if (actions & (1u << i)) {
            if (names[i]) {
                ds_put_format(s, " %s", names[i]);
            } else {
                ds_put_format(s, " action%d", i);
            }
        }
    }
}

void
ofp_group_features_format(struct ds *s, const struct ofp_group_features *gf)
{
    static const char *const type_names[4] = {
        "all", "select", "indirect", "fast failover",
    };
    int i;

    ds_put_format(s, "\n Group table:\n    Types:  0x%"PRIx32
                  "\n    Capabilities:  0x%"PRIx32, gf->types,
                  gf->capabilities);
    for (i = 0; i < 4; i++) {
        if (gf->types & (1u << i)) {
            ds_put_format(s, "\n    %s group:\n       max_groups=0x%"PRIx32
                          "\n       actions:", type_names[i],
                          gf->max_groups[i]);
            format_action_bits(s, gf->actions[i]);
        }
    }
}

/* ---- Description request ---- */

enum ofperr
ofp_group_desc_request_encode(enum ofp_version version, uint32_t xid,
                              struct buf *out)
{
    return ofp_mp_empty_request_encode(version, true, OFPMP_GROUP_DESC, xid, out);
}

enum ofperr
ofp_group_desc_request_decode(const struct ofp_header *oh)
{
    return ofp_mp_empty_request_decode(oh, true, OFPMP_GROUP_DESC);
}

/* ---- Buckets ---- */

/* Decodes the buckets in 'size' bytes at 'p' into 'buckets' and their
 * actions into 'actions' (both cleared first). */
static enum ofperr
decode_buckets(const uint8_t *p, size_t size, struct buf *buckets,
               struct buf *actions, const struct ofp_bucket **bucketsp,
               size_t *n_bucketsp)
{
    struct ofp_bucket *b;
    size_t n = 0, i;

    buf_clear(buckets);
    buf_clear(actions);
    *bucketsp = NULL;
    *n_bucketsp = 0;
    while (size) {
        const struct ofp13_bucket *ob = (const void *) p;
        struct ofp_bucket bucket;
        size_t len, before;
        struct cursor c;
        enum ofperr error;

        if (size < sizeof *ob) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        len = ntohs(ob->len);
        if (len < sizeof *ob || len > size || len % 8) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        before = actions->size;
        c = cursor_make(p + sizeof *ob, len - sizeof *ob);
        error = ofp_actions_decode(OFP13_VERSION, &c, len - sizeof *ob,
                                   actions);
        if (error) {
            return error;
        }
        memset(&bucket, 0, sizeof bucket);
        bucket.weight = ntohs(ob->weight);
        bucket.watch_port = ntohl(ob->watch_port);
        bucket.watch_group = ntohl(ob->watch_group);
        bucket.n_actions = (actions->size - before)
                           / sizeof(struct ofp_action);
        buf_put(buckets, &bucket, sizeof bucket);
        p += len;
        size -= len;
        n++;
    }

    /* The action array only stopped growing now: point the buckets at it. */
    b = n ? (struct ofp_bucket *) (void *) buckets->data : NULL;
    if (actions->size) {
        const struct ofp_action *a = (const void *) actions->data;

        for (i = 0; i < n; i++) {
            b[i].actions = b[i].n_actions ? a : NULL;
            a += b[i].n_actions;
        }
    }
    *bucketsp = b;
    *n_bucketsp = n;
    return 0;
}

/* Appends the 'n' buckets of 'buckets' to 'out'. On error, 'out' may hold
 * a partial bucket: the caller truncates. */
static enum ofperr
encode_buckets(const struct ofp_bucket *buckets, size_t n, struct buf *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        struct ofp13_bucket *ob;
        size_t ofs = out->size, len;
        enum ofperr error;

        ob = buf_put_zeros(out, sizeof *ob);
        ob->weight = htons(buckets[i].weight);
        ob->watch_port = htonl(buckets[i].watch_port);
        ob->watch_group = htonl(buckets[i].watch_group);
        error = ofp_actions_encode(buckets[i].actions, buckets[i].n_actions,
                                   OFP13_VERSION, out);
        if (error) {
            return error;
        }
        len = out->size - ofs;
        if (len > UINT16_MAX) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ob = buf_at(out, ofs, sizeof *ob);
        ob->len = htons((uint16_t) len);
    }
    return 0;
}

static void
format_type(struct ds *s, uint8_t type)
{
    static const char *const names[] = { "all", "select", "indirect", "ff" };

    if (type < ARRAY_SIZE(names)) {
        ds_put_cstr(s, names[type]);
    } else {
        ds_put_format(s, "%u", type);
    }
}

static void
format_buckets(struct ds *s, uint8_t type, const struct ofp_bucket *buckets,
               size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct ofp_bucket *b = &buckets[i];

        ds_put_cstr(s, ",bucket=");
        /* Like ovs-ofctl: the weight only when not the type's default. */
        if (b->weight != (type == OFPGT13_SELECT ? 1 : 0)) {
            ds_put_format(s, "weight:%u,", b->weight);
        }
        if (b->watch_port != 0xffffffffu) {
            ds_put_cstr(s, "watch_port:");
            ofp_port_no_format(s, b->watch_port);
            ds_put_char(s, ',');
        }
        if (b->watch_group != OFPG13_ANY) {
            ds_put_format(s, "watch_group:%"PRIu32",", b->watch_group);
        }
        ds_put_cstr(s, "actions=");
        ofp_actions_format(s, b->actions, b->n_actions);
    }
}

/* ---- GROUP_MOD ---- */

enum ofperr
ofp_group_mod_decode(struct ofp_group_mod *gm, const struct ofp_header *oh,
                     struct buf *buckets, struct buf *actions)
{
    const struct ofp13_group_mod *o;
    enum ofperr error;

    memset(gm, 0, sizeof *gm);
    buf_clear(buckets);
    buf_clear(actions);
    error = ofp_multipart_check_msg(oh, OFPTYPE_GROUP_MOD,
                                    sizeof *oh + sizeof *o, false);
    if (error) {
        return error;
    }
    o = (const void *) (oh + 1);
    gm->command = ntohs(o->command);
    gm->type = o->type;
    gm->group_id = ntohl(o->group_id);
    if (gm->command > OFPGC13_DELETE) {
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
    if (gm->type > OFPGT13_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gm->group_id > OFPG13_MAX
        && !(gm->command == OFPGC13_DELETE && gm->group_id == OFPG13_ALL)) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    return decode_buckets((const uint8_t *) (o + 1),
                          ntohs(oh->length) - sizeof *oh - sizeof *o,
                          buckets, actions, &gm->buckets, &gm->n_buckets);
}

enum ofperr
ofp_group_mod_encode(const struct ofp_group_mod *gm, enum ofp_version version,
                     uint32_t xid, struct buf *out)
{
    struct ofp13_group_mod *o;
    enum ofperr error;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, OFPTYPE_GROUP_MOD, xid);
    o = buf_put_zeros(out, sizeof *o);
    o->command = htons(gm->command);
    o->type = gm->type;
    o->group_id = htonl(gm->group_id);
    error = encode_buckets(gm->buckets, gm->n_buckets, out);
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    return ofp_multipart_msg_end(out, start);
}

void
ofp_group_mod_format(struct ds *s, const struct ofp_group_mod *gm)
{
    switch (gm->command) {
    case OFPGC13_ADD: ds_put_cstr(s, "\n ADD"); break;
    case OFPGC13_MODIFY: ds_put_cstr(s, "\n MOD"); break;
    case OFPGC13_DELETE: ds_put_cstr(s, "\n DEL"); break;
    default: ds_put_format(s, "\n cmd:%u", gm->command); break;
    }
    ds_put_format(s, " group_id=%"PRIu32",type=", gm->group_id);
    format_type(s, gm->type);
    format_buckets(s, gm->type, gm->buckets, gm->n_buckets);
}

/* ---- GROUP_DESC reply ---- */

enum ofperr
ofp_group_desc_reply_decode(struct ofp_mp_iter *iter,
                            const struct ofp_header *oh)
{
    enum ofperr error = ofp_mp_iter_init_msg(iter, oh, true,
                                             OFPMP_GROUP_DESC);

    return !error && oh->version != OFP13_VERSION
           ? OFPERR_OFPBRC_BAD_VERSION : error;
}

int
ofp_group_desc_next(struct ofp_mp_iter *iter, struct ofp_group_desc *gd,
                    struct buf *buckets, struct buf *actions)
{
    const struct ofp13_group_desc_stats *o;
    struct cursor entry;
    int error;

    memset(gd, 0, sizeof *gd);
    buf_clear(buckets);
    buf_clear(actions);
    error = ofp_mp_iter_pull_var(iter, sizeof *o, 0, true,
                                 OFPERR_OFPBRC_BAD_LEN, &entry);
    if (error) {
        return error;
    }
    o = (const void *) entry.data;
    gd->type = o->type;
    gd->group_id = ntohl(o->group_id);
    error = decode_buckets(entry.data + sizeof *o, entry.size - sizeof *o,
                           buckets, actions, &gd->buckets, &gd->n_buckets);
    if (error) {
        iter->body.size = 0;
    }
    return error;
}

enum ofperr
ofp_group_desc_reply_encode(const struct ofp_group_desc *gd, size_t n,
                            enum ofp_version version, uint32_t xid,
                            struct buf *out)
{
    size_t start, i;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_GROUP_DESC, 0,
                                xid);
    for (i = 0; i < n; i++) {
        struct ofp13_group_desc_stats *o;
        size_t ofs = out->size;
        enum ofperr error;

        o = buf_put_zeros(out, sizeof *o);
        o->type = gd[i].type;
        o->group_id = htonl(gd[i].group_id);
        error = encode_buckets(gd[i].buckets, gd[i].n_buckets, out);
        if (!error && out->size - ofs > UINT16_MAX) {
            error = OFPERR_OFPBRC_BAD_LEN;
        }
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
ofp_group_desc_format(struct ds *s, const struct ofp_group_desc *gd)
{
    ds_put_cstr(s, "\n group_id=");
    format_group_id(s, gd->group_id);
    ds_put_cstr(s, ",type=");
    format_type(s, gd->type);
    format_buckets(s, gd->type, gd->buckets, gd->n_buckets);
}

enum ofperr
ofp_group_desc_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_group_desc gd;
    struct ofp_mp_iter iter;
    struct buf buckets, actions;
    int error;

    error = ofp_group_desc_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    if (iter.flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    while (!(error = ofp_group_desc_next(&iter, &gd, &buckets, &actions))) {
        ofp_group_desc_format(s, &gd);
    }
    buf_uninit(&buckets);
    buf_uninit(&actions);
    return error == EOF ? 0 : error;
}
