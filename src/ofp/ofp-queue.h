/* ofp-queue: queue configuration (QUEUE_GET_CONFIG request/reply, with the
 * min_rate, 1.3 max_rate and 1.3 experimenter properties) and queue
 * statistics (OFPMP_QUEUE / OFPST_QUEUE), OpenFlow 1.0 and 1.3.
 *
 * Ports are 32-bit in decoded structs; 1.0's 16-bit reserved ports
 * 0xff00.. map to 0xffffff00.. */
#ifndef KUMO_OFP_QUEUE_H
#define KUMO_OFP_QUEUE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;

/* ---- QUEUE_GET_CONFIG ---- */

struct ofp_queue_get_config_request {
    uint32_t port;          /* 1.3 allows OFPP_ANY (0xffffffff). */
};

/* Appends a QUEUE_GET_CONFIG_REQUEST. Returns 0, OFPBRC_BAD_VERSION, or
 * OFPQOFC_BAD_PORT if 'port' is not a valid port for 'version'. */
enum ofperr ofp_queue_get_config_request_encode(
    const struct ofp_queue_get_config_request *rq, enum ofp_version version,
    uint32_t xid, struct buf *out);
/* Decodes a QUEUE_GET_CONFIG_REQUEST. Returns 0, a framing error or
 * OFPQOFC_BAD_PORT. */
enum ofperr ofp_queue_get_config_request_decode(
    struct ofp_queue_get_config_request *rq, const struct ofp_header *oh);
/* Appends " port=N" (or " port=ANY"). */
void ofp_queue_get_config_request_format(
    struct ds *s, const struct ofp_queue_get_config_request *rq);

/* One queue of a QUEUE_GET_CONFIG_REPLY. */
struct ofp_queue_config {
    uint32_t queue_id;
    uint32_t port;              /* 1.3: the queue's port; 1.0: the reply's. */
    bool has_min_rate;
    uint16_t min_rate;          /* 1/10 %; > OFPQ_RATE_MAX: disabled. */
    bool has_max_rate;          /* 1.3 only. */
    uint16_t max_rate;
    const uint8_t *exp_props;   /* 1.3: raw OFPQT13_EXPERIMENTER properties,
                                 * validated, borrowed. */
    size_t exp_props_size;
};

/* Decodes QUEUE_GET_CONFIG_REPLY 'oh': sets '*port' and starts 'iter' on
 * its queues (read them with ofp_queue_config_next()). */
enum ofperr ofp_queue_get_config_reply_decode(struct ofp_mp_iter *iter,
                                              uint32_t *port,
                                              const struct ofp_header *oh);
/* Decodes the next queue. Returns 0, EOF, or OFPBRC_BAD_LEN for a queue or
 * property length that lies. Properties are encoded in the canonical order
 * min_rate, max_rate, experimenter; other orders decode but re-encode in
 * that order; 1.0 OFPQT_NONE and unknown property types are skipped. */
int ofp_queue_config_next(struct ofp_mp_iter *iter,
                          struct ofp_queue_config *qc);
/* Appends a QUEUE_GET_CONFIG_REPLY for 'port' with the 'n' queues of 'qc'.
 * Returns 0, OFPBRC_BAD_VERSION, OFPQOFC_BAD_PORT, or OFPBRC_BAD_LEN
 * (experimenter properties not valid, or too big). 1.0 cannot carry
 * max_rate or experimenter properties: OFPBRC_BAD_VERSION. */
enum ofperr ofp_queue_get_config_reply_encode(uint32_t port,
                                              const struct ofp_queue_config *qc,
                                              size_t n,
                                              enum ofp_version version,
                                              uint32_t xid, struct buf *out);
/* Appends one queue in ovs-ofctl style ("\nqueue 1: min_rate:50.0%"). */
void ofp_queue_config_format(struct ds *s, const struct ofp_queue_config *qc);
/* Decodes and formats a whole QUEUE_GET_CONFIG_REPLY (" port=1\nqueue..."). */
enum ofperr ofp_queue_get_config_reply_format(struct ds *s,
                                              const struct ofp_header *oh);

/* ---- Queue statistics ---- */

struct ofp_queue_stats_request {
    uint32_t port_no;           /* OFPP_ANY (1.0: OFPP_ALL) for all. */
    uint32_t queue_id;          /* OFPQ_ALL for all. */
};

struct ofp_queue_stats {
    uint32_t port_no;
    uint32_t queue_id;
    uint64_t tx_bytes;
    uint64_t tx_packets;
    uint64_t tx_errors;
    uint32_t duration_sec;      /* 1.3 only; UINT32_MAX if unknown (1.0). */
    uint32_t duration_nsec;     /* 1.3 only; UINT32_MAX if unknown (1.0). */
};

/* Appends a queue stats request. "All ports" is OFPP_ANY in the decoded
 * struct for both versions (1.0 wire: OFPP_ALL). */
enum ofperr ofp_queue_stats_request_encode(
    const struct ofp_queue_stats_request *rq, enum ofp_version version,
    uint32_t xid, struct buf *out);
enum ofperr ofp_queue_stats_request_decode(struct ofp_queue_stats_request *rq,
                                           const struct ofp_header *oh);
/* Appends " port=ANY queue=ALL". */
void ofp_queue_stats_request_format(struct ds *s,
                                    const struct ofp_queue_stats_request *rq);

/* Starts 'iter' on the entries of queue stats reply 'oh'. */
enum ofperr ofp_queue_stats_reply_decode(struct ofp_mp_iter *iter,
                                         const struct ofp_header *oh);
/* Decodes the next entry. Returns 0, EOF or OFPBRC_BAD_LEN. */
int ofp_queue_stats_next(struct ofp_mp_iter *iter, struct ofp_queue_stats *qs);
/* Appends a queue stats reply with the 'n' entries of 'qs'. */
enum ofperr ofp_queue_stats_reply_encode(const struct ofp_queue_stats *qs,
                                         size_t n, enum ofp_version version,
                                         uint32_t xid, struct buf *out);
/* Appends one entry ("\n  port 1 queue 2: bytes=..."). */
void ofp_queue_stats_format(struct ds *s, const struct ofp_queue_stats *qs);
/* Decodes and formats a queue stats reply (" N queues\n  port ..."). */
enum ofperr ofp_queue_stats_reply_format(struct ds *s,
                                         const struct ofp_header *oh);

/* Appends port 'port' as ovs-ofctl names it ("1", "LOCAL", "ANY"). */
void ofp_queue_format_port(struct ds *s, uint32_t port);

#endif /* ofp-queue.h */
