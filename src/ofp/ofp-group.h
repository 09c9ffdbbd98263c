/* ofp-group: groups, OpenFlow 1.3 only: GROUP_MOD (add/modify/delete of
 * all/select/indirect/fast-failover groups and their buckets), and the
 * multipart GROUP (statistics), GROUP_DESC and GROUP_FEATURES requests and
 * replies. Every encoder returns OFPBRC_BAD_VERSION for OpenFlow 1.0.
 *
 * Bucket actions are struct ofp_action lists from ofp-actions (flow). */
#ifndef KUMO_OFP_GROUP_H
#define KUMO_OFP_GROUP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;
struct ofp_action;

/* ---- Statistics request ---- */

/* Appends a GROUP stats request for 'group_id' (OFPG13_ALL for all).
 * Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_group_stats_request_encode(uint32_t group_id,
                                           enum ofp_version version,
                                           uint32_t xid, struct buf *out);
/* Decodes a GROUP stats request into '*group_id'. */
enum ofperr ofp_group_stats_request_decode(uint32_t *group_id,
                                           const struct ofp_header *oh);
/* Appends " group_id=ALL" / " group_id=N". */
void ofp_group_stats_request_format(struct ds *s, uint32_t group_id);

/* ---- Statistics reply ---- */

struct ofp_bucket_counter {
    uint64_t packet_count;
    uint64_t byte_count;
};

struct ofp_group_stats {
    uint32_t group_id;
    uint32_t ref_count;         /* Flows or groups forwarding to it. */
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    const struct ofp_bucket_counter *buckets;   /* Borrowed. */
    size_t n_buckets;
};

/* Starts 'iter' on the entries of GROUP stats reply 'oh'. */
enum ofperr ofp_group_stats_reply_decode(struct ofp_mp_iter *iter,
                                         const struct ofp_header *oh);
/* Decodes the next entry into '*gs', its bucket counters into 'counters'
 * (cleared first, reused across entries). Returns 0, EOF after the last
 * entry, or OFPBRC_BAD_LEN for a lying entry length. */
int ofp_group_stats_next(struct ofp_mp_iter *iter, struct ofp_group_stats *gs,
                         struct buf *counters);
/* Appends a GROUP stats reply with the 'n' entries of 'gs'. Returns 0,
 * OFPBRC_BAD_VERSION, or OFPBRC_BAD_LEN if an entry is too big. */
enum ofperr ofp_group_stats_reply_encode(const struct ofp_group_stats *gs,
                                         size_t n, enum ofp_version version,
                                         uint32_t xid, struct buf *out);
/* Appends one entry in ovs-ofctl style ("\n group_id=1,duration=..."). */
void ofp_group_stats_format(struct ds *s, const struct ofp_group_stats *gs);
/* Decodes and formats a whole GROUP stats reply. */
enum ofperr ofp_group_stats_reply_format(struct ds *s,
                                         const struct ofp_header *oh);

/* ---- Group features ---- */

struct ofp_group_features {
    uint32_t types;             /* Bitmap of 1 << OFPGT13_*. */
    uint32_t capabilities;      /* OFPGFC13_*. */
    uint32_t max_groups[4];     /* Indexed by OFPGT13_*. */
    uint32_t actions[4];        /* Bitmaps of 1 << OFPAT13_*, by type. */
};

/* Appends a GROUP_FEATURES request. */
enum ofperr ofp_group_features_request_encode(enum ofp_version version,
                                              uint32_t xid, struct buf *out);
/* Checks a GROUP_FEATURES request (empty body). */
enum ofperr ofp_group_features_request_decode(const struct ofp_header *oh);
/* Decodes a GROUP_FEATURES reply (body exactly one features struct). */
enum ofperr ofp_group_features_decode(struct ofp_group_features *gf,
                                      const struct ofp_header *oh);
/* Appends a GROUP_FEATURES reply. */
enum ofperr ofp_group_features_encode(const struct ofp_group_features *gf,
                                      enum ofp_version version, uint32_t xid,
                                      struct buf *out);
/* Appends 'gf' in ovs-ofctl style ("\n Group table:\n    Types: ..."). */
void ofp_group_features_format(struct ds *s,
                               const struct ofp_group_features *gf);

/* ---- Group description request ---- */

/* Appends a GROUP_DESC request (empty body: all groups). */
enum ofperr ofp_group_desc_request_encode(enum ofp_version version,
                                          uint32_t xid, struct buf *out);
/* Checks a GROUP_DESC request. */
enum ofperr ofp_group_desc_request_decode(const struct ofp_header *oh);

#endif /* ofp-group.h */
