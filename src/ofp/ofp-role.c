/* ofp-role: see ofp-role.h. */
#include "ofp/ofp-role.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"

enum ofperr
ofp_role_decode(struct ofp_role *role, bool *reply,
                const struct ofp_header *oh)
{
    const struct ofp13_role_request *o;
    size_t len = sizeof *oh + sizeof *o;
    enum ofperr error;

    error = ofp_multipart_check_msg(oh, OFPTYPE_ROLE_REQUEST, len, true);
    if (error == OFPERR_OFPBRC_BAD_TYPE) {
        error = ofp_multipart_check_msg(oh, OFPTYPE_ROLE_REPLY, len, true);
    }
    if (error) {
        return error;
    }
    *reply = oh->type == OFPT13_ROLE_REPLY;
    o = (const void *) (oh + 1);
    role->role = ntohl(o->role);
    role->generation_id = ntohll(o->generation_id);
    return role->role > OFPCR13_ROLE_SLAVE ? OFPERR_OFPRRFC_BAD_ROLE : 0;
}

enum ofperr
ofp_role_encode(const struct ofp_role *role, bool reply,
                enum ofp_version version, uint32_t xid, struct buf *out)
{
    struct ofp13_role_request *o;
    size_t start;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (role->role > OFPCR13_ROLE_SLAVE) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    start = ofp_msg_start(out, version, reply ? OFPTYPE_ROLE_REPLY
                                                        : OFPTYPE_ROLE_REQUEST,
                                    xid);
    o = buf_put_zeros(out, sizeof *o);
    o->role = htonl(role->role);
    o->generation_id = htonll(role->generation_id);
    return ofp_multipart_msg_end(out, start);
}

void
ofp_role_format(struct ds *s, const struct ofp_role *role)
{
    static const char *const names[] = {
        "nochange", "equal", "primary", "secondary",
    };

    if (role->role < ARRAY_SIZE(names)) {
        ds_put_format(s, " role=%s", names[role->role]);
    } else {
        ds_put_format(s, " role=%"PRIu32, role->role);
    }
    if (role->role != OFPCR13_ROLE_NOCHANGE) {
        ds_put_format(s, " generation_id=%"PRIu64, role->generation_id);
    }
}

bool
ofp_role_generation_is_stale(bool have_cached, uint64_t cached,
                             uint64_t generation_id)
{
    /* Wrap-around safe: compare as a signed distance. */
    return have_cached && (int64_t) (generation_id - cached) < 0;
}

/* ---- Asynchronous configuration ---- */

enum ofperr
ofp_role_async_request_encode(enum ofp_version version, uint32_t xid,
                              struct buf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_finish(out, ofp_msg_start(
                                 out, version, OFPTYPE_GET_ASYNC_REQUEST, xid));
    return 0;
}

enum ofperr
ofp_role_async_request_decode(const struct ofp_header *oh)
{
    return ofp_multipart_check_msg(oh, OFPTYPE_GET_ASYNC_REQUEST,
                                   sizeof *oh, true);
}

enum ofperr
ofp_role_async_decode(struct ofp_role_async *async, bool *set,
                      const struct ofp_header *oh)
{
    const struct ofp13_async_config *o;
    size_t len = sizeof *oh + sizeof *o;
    enum ofperr error;
    int i;

    error = ofp_multipart_check_msg(oh, OFPTYPE_SET_ASYNC, len, true);
    if (error == OFPERR_OFPBRC_BAD_TYPE) {
        error = ofp_multipart_check_msg(oh, OFPTYPE_GET_ASYNC_REPLY, len,
                                        true);
    }
    if (error) {
        return error;
    }
    *set = oh->type == OFPT13_SET_ASYNC;
    o = (const void *) (oh + 1);
    for (i = 0; i < 2; i++) {
        async->packet_in_mask[i] = ntohl(o->packet_in_mask[i]);
        async->port_status_mask[i] = ntohl(o->port_status_mask[i]);
        async->flow_removed_mask[i] = ntohl(o->flow_removed_mask[i]);
    }
    return 0;
}

enum ofperr
ofp_role_async_encode(const struct ofp_role_async *async, bool set,
                      enum ofp_version version, uint32_t xid, struct buf *out)
{
    struct ofp13_async_config *o;
    size_t start;
    int i;

    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_msg_start(out, version, set
                                    ? OFPTYPE_SET_ASYNC
                                    : OFPTYPE_GET_ASYNC_REPLY, xid);
    o = buf_put_zeros(out, sizeof *o);
    for (i = 0; i < 2; i++) {
        o->packet_in_mask[i] = htonl(async->packet_in_mask[i]);
        o->port_status_mask[i] = htonl(async->port_status_mask[i]);
        o->flow_removed_mask[i] = htonl(async->flow_removed_mask[i]);
    }
    return ofp_multipart_msg_end(out, start);
}

/* Appends the names of the bits of 'mask' from 'names' (n of them), or
 * "(off)". Unknown bits are shown as a number. */
static void
format_mask(struct ds *s, uint32_t mask, const char *const *names, size_t n)
{
    size_t i;

    if (!mask) {
        ds_put_cstr(s, " (off)");
        return;
    }
    for (i = 0; i < 32; i++) {
        if (mask & (1u << i)) {
            if (i < n) {
                ds_put_format(s, " %s", names[i]);
            } else {
                ds_put_format(s, " %zu", i);
            }
        }
    }
}

void
ofp_role_async_format(struct ds *s, const struct ofp_role_async *async)
{
    static const char *const pin[] = { "no_match", "action", "invalid_ttl" };
    static const char *const ps[] = { "add", "delete", "modify" };
    static const char *const fr[] = {
        "idle", "hard", "delete", "group_delete", "meter_delete", "eviction",
    };
    int i;

    for (i = 0; i < 2; i++) {
        ds_put_cstr(s, i == 0 ? "\n primary:" : "\n\n secondary:");
        ds_put_cstr(s, "\n       PACKET_IN:");
        format_mask(s, async->packet_in_mask[i], pin, ARRAY_SIZE(pin));
        ds_put_cstr(s, "\n     PORT_STATUS:");
        format_mask(s, async->port_status_mask[i], ps, ARRAY_SIZE(ps));
        ds_put_cstr(s, "\n    FLOW_REMOVED:");
        format_mask(s, async->flow_removed_mask[i], fr, ARRAY_SIZE(fr));
        /* 1.3 has no role/table status or request forward messages; shown
         * to match ovs-ofctl's layout. */
        ds_put_cstr(s, "\n     ROLE_STATUS: (off)"
                       "\n    TABLE_STATUS: (off)"
                       "\n  REQUESTFORWARD: (off)");
    }
}
