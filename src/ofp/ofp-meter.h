/* ofp-meter: meters, OpenFlow 1.3 only: METER_MOD, and the multipart
 * METER (statistics), METER_CONFIG and METER_FEATURES requests and
 * replies. Every encoder returns OFPBRC_BAD_VERSION for OpenFlow 1.0. */
#ifndef KUMO_OFP_METER_H
#define KUMO_OFP_METER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;

/* One meter band. */
struct ofp_meter_band {
    uint16_t type;              /* OFPMBT13_*. */
    uint32_t rate;              /* kb/s or packets/s, per the meter flags. */
    uint32_t burst_size;
    uint8_t prec_level;         /* OFPMBT13_DSCP_REMARK only. */
    uint32_t experimenter;      /* OFPMBT13_EXPERIMENTER only. */
    const uint8_t *exp_data;    /* EXPERIMENTER: bytes after the 16-byte
                                 * band (multiple of 8), borrowed. */
    size_t exp_data_size;
};

/* A decoded METER_MOD. */
struct ofp_meter_mod {
    uint16_t command;           /* OFPMC13_*. */
    uint16_t flags;             /* OFPMF13_*. */
    uint32_t meter_id;
    const struct ofp_meter_band *bands;     /* Borrowed, see decode. */
    size_t n_bands;
};

/* Decodes METER_MOD 'oh' (whole message, length validated). The bands are
 * stored in 'bands' (cleared first; caller owns and reuses it) and
 * 'mm->bands' points there, valid until 'bands' changes; experimenter data
 * points into 'oh'. Returns 0, a framing error, OFPBRC_BAD_LEN (a band
 * length that lies), OFPMMFC_BAD_COMMAND, OFPMMFC_BAD_FLAGS (unknown
 * flags), OFPMMFC_INVALID_METER (meter id 0, a reserved id, or ALL other
 * than in a delete), OFPMMFC_BAD_BAND (unknown band type). */
enum ofperr ofp_meter_mod_decode(struct ofp_meter_mod *mm,
                                 const struct ofp_header *oh,
                                 struct buf *bands);
/* Appends 'mm' as a METER_MOD in 'version' with 'xid' to 'out'. Returns 0,
 * OFPBRC_BAD_VERSION (1.0), OFPMMFC_BAD_BAND (experimenter data not a
 * multiple of 8) or OFPBRC_BAD_LEN (too big for one message). */
enum ofperr ofp_meter_mod_encode(const struct ofp_meter_mod *mm,
                                 enum ofp_version version, uint32_t xid,
                                 struct buf *out);
/* Appends 'mm' in ovs-ofctl style (" ADD meter=7 kbps bands=\n..."). */
void ofp_meter_mod_format(struct ds *s, const struct ofp_meter_mod *mm);

/* Appends the 'n' bands of 'bands' of a meter with 'flags' (OFPMF13_*) in
 * ovs-ofctl style ("\ntype=drop ..." per band; burst sizes only for
 * OFPMF13_BURST meters). */
void ofp_meter_bands_format(struct ds *s, const struct ofp_meter_band *bands,
                            size_t n, uint16_t flags);

/* ---- Statistics and configuration requests ---- */

/* A METER (statistics) or METER_CONFIG request. */
struct ofp_meter_request {
    bool config;                /* METER_CONFIG (true) or METER (false). */
    uint32_t meter_id;          /* OFPM13_ALL for every meter. */
};

/* Appends 'mr' as a request to 'out'. Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_meter_request_encode(const struct ofp_meter_request *mr,
                                     enum ofp_version version, uint32_t xid,
                                     struct buf *out);
/* Decodes a METER or METER_CONFIG request. */
enum ofperr ofp_meter_request_decode(struct ofp_meter_request *mr,
                                     const struct ofp_header *oh);
/* Appends " meter=all" / " meter=N". */
void ofp_meter_request_format(struct ds *s,
                              const struct ofp_meter_request *mr);

/* ---- METER statistics reply ---- */

struct ofp_meter_band_stats {
    uint64_t packet_band_count;
    uint64_t byte_band_count;
};

struct ofp_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count;
    uint64_t byte_in_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    const struct ofp_meter_band_stats *bands;   /* Borrowed. */
    size_t n_bands;
};

/* Starts 'iter' on the entries of METER reply 'oh'. */
enum ofperr ofp_meter_stats_reply_decode(struct ofp_mp_iter *iter,
                                         const struct ofp_header *oh);
/* Decodes the next entry into '*ms', its band counters into 'bands'
 * (cleared first, reused across entries: no allocation per entry once it
 * has grown). Returns 0, EOF after the last entry, or OFPBRC_BAD_LEN. */
int ofp_meter_stats_next(struct ofp_mp_iter *iter, struct ofp_meter_stats *ms,
                         struct buf *bands);
/* Appends a METER reply with the 'n' entries of 'ms'. Returns 0,
 * OFPBRC_BAD_VERSION, or OFPBRC_BAD_LEN if an entry is too big. */
enum ofperr ofp_meter_stats_reply_encode(const struct ofp_meter_stats *ms,
                                         size_t n, enum ofp_version version,
                                         uint32_t xid, struct buf *out);
/* Appends one entry in ovs-ofctl style (starting with "\nmeter:"). */
void ofp_meter_stats_format(struct ds *s, const struct ofp_meter_stats *ms);
/* Decodes and formats METER reply 'oh'. */
enum ofperr ofp_meter_stats_reply_format(struct ds *s,
                                         const struct ofp_header *oh);

/* ---- METER_CONFIG reply ---- */

struct ofp_meter_config {
    uint16_t flags;             /* OFPMF13_*. */
    uint32_t meter_id;
    const struct ofp_meter_band *bands;     /* Borrowed. */
    size_t n_bands;
};

/* Starts 'iter' on the entries of METER_CONFIG reply 'oh'. */
enum ofperr ofp_meter_config_reply_decode(struct ofp_mp_iter *iter,
                                          const struct ofp_header *oh);
/* Decodes the next entry into '*mc', its bands into 'bands' (cleared
 * first, reused). Returns 0, EOF, OFPBRC_BAD_LEN (entry or band length
 * lies) or OFPMMFC_BAD_BAND (unknown band type). */
int ofp_meter_config_next(struct ofp_mp_iter *iter,
                          struct ofp_meter_config *mc, struct buf *bands);
/* Appends a METER_CONFIG reply with the 'n' entries of 'mc'. */
enum ofperr ofp_meter_config_reply_encode(const struct ofp_meter_config *mc,
                                          size_t n, enum ofp_version version,
                                          uint32_t xid, struct buf *out);
/* Appends one entry in ovs-ofctl style (starting with "\nmeter="). */
void ofp_meter_config_format(struct ds *s, const struct ofp_meter_config *mc);
/* Decodes and formats METER_CONFIG reply 'oh'. */
enum ofperr ofp_meter_config_reply_format(struct ds *s,
                                          const struct ofp_header *oh);

/* ---- METER_FEATURES ---- */

struct ofp_meter_features {
    uint32_t max_meter;
    uint32_t band_types;        /* Bitmap of 1 << OFPMBT13_*. */
    uint32_t capabilities;      /* OFPMF13_*. */
    uint8_t max_bands;
    uint8_t max_color;
};

/* Appends a METER_FEATURES request. */
enum ofperr ofp_meter_features_request_encode(enum ofp_version version,
                                              uint32_t xid, struct buf *out);
/* Checks a METER_FEATURES request (empty body). */
enum ofperr ofp_meter_features_request_decode(const struct ofp_header *oh);
/* Decodes a METER_FEATURES reply (body exactly one features struct). */
enum ofperr ofp_meter_features_decode(struct ofp_meter_features *mf,
                                      const struct ofp_header *oh);
/* Appends a METER_FEATURES reply. */
enum ofperr ofp_meter_features_encode(const struct ofp_meter_features *mf,
                                      enum ofp_version version, uint32_t xid,
                                      struct buf *out);
/* Appends 'mf' in ovs-ofctl style ("\nmax_meter:..."). */
void ofp_meter_features_format(struct ds *s,
                               const struct ofp_meter_features *mf);

/* Appends a duration as ovs-ofctl does: "10.0000005s", "0s". */
void ofp_meter_format_duration(struct ds *s, uint32_t sec, uint32_t nsec);

#endif /* ofp-meter.h */
