/* ofp-table: flow table messages, OpenFlow 1.0 and 1.3: TABLE_MOD (1.3),
 * table statistics (OFPMP_TABLE / OFPST_TABLE) and table features
 * (OFPMP_TABLE_FEATURES, 1.3: fixed part decoded, properties validated and
 * skipped). */
#ifndef KUMO_OFP_TABLE_H
#define KUMO_OFP_TABLE_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;

/* ---- TABLE_MOD (1.3 only) ---- */

struct ofp_table_mod {
    uint8_t table_id;       /* Or OFPTT_ALL. */
    uint32_t config;        /* Deprecated bits (OFPTC13_DEPRECATED_MASK). */
};

/* Decodes TABLE_MOD 'oh' (whole message, length validated). Returns 0,
 * OFPBRC_BAD_LEN, OFPBRC_BAD_VERSION (1.0 has no table mod) or
 * OFPTMFC_BAD_CONFIG (config bits beyond OFPTC13_DEPRECATED_MASK). */
enum ofperr ofp_table_mod_decode(struct ofp_table_mod *tm,
                                 const struct ofp_header *oh);
/* Appends 'tm' as a TABLE_MOD in 'version' with 'xid' to 'out'. Returns 0
 * or OFPBRC_BAD_VERSION (1.0). */
enum ofperr ofp_table_mod_encode(const struct ofp_table_mod *tm,
                                 enum ofp_version version, uint32_t xid,
                                 struct buf *out);
/* Appends 'tm' in ovs-ofctl style (text after "OFPT_TABLE_MOD (..):"). */
void ofp_table_mod_format(struct ds *s, const struct ofp_table_mod *tm);

/* ---- Table statistics ---- */

/* One table's statistics. 'name', 'wildcards' and 'max_entries' exist in
 * OpenFlow 1.0 only (zero / empty when decoded from 1.3; not encoded in
 * 1.3). */
struct ofp_table_stats {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];
    uint32_t wildcards;     /* OFPFW10_* bits the table can wildcard. */
    uint32_t max_entries;
    uint32_t active_count;
    uint64_t lookup_count;
    uint64_t matched_count;
};

/* Appends a table stats request to 'out'. Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_table_stats_request_encode(enum ofp_version version,
                                           uint32_t xid, struct buf *out);
/* Checks table stats request 'oh' (empty body). */
enum ofperr ofp_table_stats_request_decode(const struct ofp_header *oh);
/* Starts 'iter' on the entries of table stats reply 'oh'. */
enum ofperr ofp_table_stats_reply_decode(struct ofp_mp_iter *iter,
                                         const struct ofp_header *oh);
/* Decodes the next entry of 'iter' into '*ts'. Returns 0, EOF after the
 * last entry, or OFPBRC_BAD_LEN for a truncated entry. */
int ofp_table_stats_next(struct ofp_mp_iter *iter,
                         struct ofp_table_stats *ts);
/* Appends a table stats reply with the 'n' entries of 'ts' to 'out'.
 * Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_table_stats_reply_encode(const struct ofp_table_stats *ts,
                                         size_t n, enum ofp_version version,
                                         uint32_t xid, struct buf *out);
/* Appends one entry in ovs-ofctl style (starting with "\n  table N"). */
void ofp_table_stats_format(struct ds *s, const struct ofp_table_stats *ts,
                            enum ofp_version version);
/* Decodes and formats every entry of table stats reply 'oh'. Returns 0 or
 * the decode error (after formatting the entries before it). */
enum ofperr ofp_table_stats_reply_format(struct ds *s,
                                         const struct ofp_header *oh);

/* ---- Table features (1.3 only) ---- */

/* One table's features. The properties are validated (lengths, padding)
 * and kept as raw bytes borrowed from the message. */
struct ofp_table_features {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];
    uint64_t metadata_match;
    uint64_t metadata_write;
    uint32_t config;
    uint32_t max_entries;
    const uint8_t *props;   /* Borrowed properties, padding included. */
    size_t props_size;
    size_t n_props;         /* Number of properties in 'props'. */
};

/* Appends a table features request (if 'n' == 0, the plain query) or reply
 * with the 'n' entries of 'tf' (their 'props' copied verbatim) to 'out'.
 * Returns 0, OFPBRC_BAD_VERSION (1.0), or OFPBRC_BAD_LEN if an entry does
 * not fit in a 16-bit length or its properties are not valid. */
enum ofperr ofp_table_features_encode(const struct ofp_table_features *tf,
                                      size_t n, bool reply,
                                      enum ofp_version version, uint32_t xid,
                                      struct buf *out);
/* Starts 'iter' on the entries of table features request or reply 'oh'
 * ('*reply' says which). */
enum ofperr ofp_table_features_decode(struct ofp_mp_iter *iter, bool *reply,
                                      const struct ofp_header *oh);
/* Decodes the next entry of 'iter' into '*tf' (properties borrowed from the
 * iterator's bytes). Returns 0, EOF after the last entry, OFPBRC_BAD_LEN
 * for a lying entry length, OFPTFFC_BAD_LEN for a lying property length. */
int ofp_table_features_next(struct ofp_mp_iter *iter,
                            struct ofp_table_features *tf);
/* Appends one entry as text (starting with "\n  table N"). */
void ofp_table_features_format(struct ds *s,
                               const struct ofp_table_features *tf);
/* Decodes and formats every entry of table features message 'oh'. */
enum ofperr ofp_table_features_msg_format(struct ds *s,
                                          const struct ofp_header *oh);

#endif /* ofp-table.h */
