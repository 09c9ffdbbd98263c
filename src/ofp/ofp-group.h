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

/* ---- Buckets, GROUP_MOD, GROUP_DESC ---- */

/* One bucket. */
struct ofp_bucket {
    uint16_t weight;            /* Select groups: relative weight. */
    uint32_t watch_port;        /* Fast failover: port whose liveness
                                 * gates the bucket, or OFPP_ANY. */
    uint32_t watch_group;       /* Fast failover: group, or OFPG13_ANY. */
    const struct ofp_action *actions;   /* Borrowed, see the decoders. */
    size_t n_actions;
};

/* A decoded GROUP_MOD. */
struct ofp_group_mod {
    uint16_t command;           /* OFPGC13_*. */
    uint8_t type;               /* OFPGT13_*. */
    uint32_t group_id;          /* <= OFPG13_MAX, or OFPG13_ALL to delete. */
    const struct ofp_bucket *buckets;   /* Borrowed, see decode. */
    size_t n_buckets;
};

/* Decodes GROUP_MOD 'oh' (whole message, length validated). Buckets go to
 * 'buckets' and their actions to 'actions' (both cleared first; the caller
 * owns and reuses them); 'gm' points into them until they change, and
 * experimenter action payloads point into 'oh'. Returns 0, a framing
 * error, OFPGMFC_BAD_COMMAND, OFPGMFC_BAD_TYPE, OFPGMFC_INVALID_GROUP (a
 * reserved id other than ALL for delete), OFPGMFC_BAD_BUCKET (a bucket
 * length that lies: short, misaligned or past the message), or an action
 * error (OFPBAC_BAD_LEN ...). */
enum ofperr ofp_group_mod_decode(struct ofp_group_mod *gm,
                                 const struct ofp_header *oh,
                                 struct buf *buckets, struct buf *actions);
/* Appends 'gm' as a GROUP_MOD in 'version' with 'xid' to 'out'. Returns 0,
 * OFPBRC_BAD_VERSION (1.0), an action encoding error, or OFPBRC_BAD_LEN if
 * it does not fit one message; on error 'out' is unchanged. */
enum ofperr ofp_group_mod_encode(const struct ofp_group_mod *gm,
                                 enum ofp_version version, uint32_t xid,
                                 struct buf *out);
/* Appends 'gm' in ovs-ofctl style ("\n ADD group_id=1,type=select,
 * bucket=weight:10,actions=output:1"). */
void ofp_group_mod_format(struct ds *s, const struct ofp_group_mod *gm);

/* One GROUP_DESC reply entry. */
struct ofp_group_desc {
    uint8_t type;               /* OFPGT13_*. */
    uint32_t group_id;
    const struct ofp_bucket *buckets;   /* Borrowed. */
    size_t n_buckets;
};

/* Starts 'iter' on the entries of GROUP_DESC reply 'oh'. */
enum ofperr ofp_group_desc_reply_decode(struct ofp_mp_iter *iter,
                                        const struct ofp_header *oh);
/* Decodes the next entry into '*gd', its buckets into 'buckets' and their
 * actions into 'actions' (both cleared first, reused across entries).
 * Returns 0, EOF, OFPBRC_BAD_LEN (entry length lies), OFPGMFC_BAD_BUCKET
 * (bucket length lies) or an action error. */
int ofp_group_desc_next(struct ofp_mp_iter *iter, struct ofp_group_desc *gd,
                        struct buf *buckets, struct buf *actions);
/* Appends a GROUP_DESC reply with the 'n' entries of 'gd'. */
enum ofperr ofp_group_desc_reply_encode(const struct ofp_group_desc *gd,
                                        size_t n, enum ofp_version version,
                                        uint32_t xid, struct buf *out);
/* Appends one entry ("\n group_id=1,type=select,bucket=..."). */
void ofp_group_desc_format(struct ds *s, const struct ofp_group_desc *gd);
/* Decodes and formats a whole GROUP_DESC reply. */
enum ofperr ofp_group_desc_reply_format(struct ds *s,
                                        const struct ofp_header *oh);

#endif /* ofp-group.h */
