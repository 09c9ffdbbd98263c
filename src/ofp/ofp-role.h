/* ofp-role: controller roles (ROLE_REQUEST / ROLE_REPLY, with generation
 * ids) and the asynchronous-message configuration (GET_ASYNC_REQUEST,
 * GET_ASYNC_REPLY, SET_ASYNC), OpenFlow 1.3. OpenFlow 1.0 has neither:
 * every encoder returns OFPBRC_BAD_VERSION for it. */
#ifndef KUMO_OFP_ROLE_H
#define KUMO_OFP_ROLE_H 1

#include <stdbool.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;

/* A role request or reply. */
struct ofp_role {
    uint32_t role;              /* OFPCR13_ROLE_*. */
    uint64_t generation_id;     /* Ignored for EQUAL and NOCHANGE. */
};

/* Decodes ROLE_REQUEST or ROLE_REPLY 'oh' (whole message, length
 * validated); '*reply' tells which. Returns 0, OFPBRC_BAD_LEN,
 * OFPBRC_BAD_VERSION, OFPBRC_BAD_TYPE or OFPRRFC_BAD_ROLE (role beyond
 * SLAVE). */
enum ofperr ofp_role_decode(struct ofp_role *role, bool *reply,
                            const struct ofp_header *oh);
/* Appends 'role' as a ROLE_REQUEST (or ROLE_REPLY if 'reply') to 'out'.
 * Returns 0, OFPBRC_BAD_VERSION or OFPRRFC_BAD_ROLE. */
enum ofperr ofp_role_encode(const struct ofp_role *role, bool reply,
                            enum ofp_version version, uint32_t xid,
                            struct buf *out);
/* Appends " role=primary generation_id=N" as ovs-ofctl does (no
 * generation id for nochange). */
void ofp_role_format(struct ds *s, const struct ofp_role *role);

/* Returns true if a master/slave request with 'generation_id' is stale
 * against the last seen 'cached' (spec 6.3.6: distance as signed 64-bit
 * difference is negative). 'have_cached' false: never stale. */
bool ofp_role_generation_is_stale(bool have_cached, uint64_t cached,
                                  uint64_t generation_id);

/* The asynchronous configuration: element [0] applies when the controller
 * is master or equal, [1] when it is slave. */
struct ofp_role_async {
    uint32_t packet_in_mask[2];     /* Bits 1 << OFPR_*. */
    uint32_t port_status_mask[2];   /* Bits 1 << OFPPR_*. */
    uint32_t flow_removed_mask[2];  /* Bits 1 << OFPRR_*. */
};

/* Appends a GET_ASYNC_REQUEST. Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_role_async_request_encode(enum ofp_version version,
                                          uint32_t xid, struct buf *out);
/* Checks a GET_ASYNC_REQUEST (header only). */
enum ofperr ofp_role_async_request_decode(const struct ofp_header *oh);
/* Decodes GET_ASYNC_REPLY or SET_ASYNC 'oh'; '*set' true for SET_ASYNC. */
enum ofperr ofp_role_async_decode(struct ofp_role_async *async, bool *set,
                                  const struct ofp_header *oh);
/* Appends 'async' as SET_ASYNC (if 'set') or GET_ASYNC_REPLY. */
enum ofperr ofp_role_async_encode(const struct ofp_role_async *async,
                                  bool set, enum ofp_version version,
                                  uint32_t xid, struct buf *out);
/* Appends the masks as ovs-ofctl does ("\n primary:\n       PACKET_IN:
 * no_match action\n ..."). */
void ofp_role_async_format(struct ds *s, const struct ofp_role_async *async);

#endif /* ofp-role.h */
