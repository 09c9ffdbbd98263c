/* ofp-flow: see ofp-flow.h.
 *
 * Every decoder reads only through bounds-checked cursors over the
 * message's own length; every encoder appends to the caller's buffer and
 * restores it on error, so a failed encode leaves no half message. */
#include "ofp/ofp-flow.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-port.h"

static bool
version_ok(enum ofp_version version)
{
    return version == OFP10_VERSION || version == OFP13_VERSION;
}

/* ---- Framing ---- */

/* Sets the length of the message at 'start'. Returns 0, or
 * OFPERR_OFPBRC_BAD_LEN (and drops the message) if it outgrew 64 kB. */
static enum ofperr
msg_finish(struct buf *b, size_t start)
{
    if (b->size - start > OFP_MAX_MSG_SIZE) {
        buf_truncate(b, start);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_msg_finish(b, start);
    return 0;
}

/* Splits the multipart message 'oh' into direction, subtype, flags and
 * body (see ofp_mp_decode()). */
static enum ofperr
mp_decode(const struct ofp_header *oh, bool *reply, enum ofp_mp_type *type,
          uint16_t *flags, struct cursor *body)
{
    if (oh->version != OFP10_VERSION && oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    *reply = (oh->version == OFP10_VERSION
              ? oh->type == OFPT10_STATS_REPLY
              : oh->type == OFPT13_MULTIPART_REPLY);
    return ofp_mp_decode(oh, type, flags, body);
}

/* Returns a cursor over the body of 'oh' after the header, or sets
 * *error to OFPERR_OFPBRC_BAD_LEN if the body is shorter than 'min'. */
static enum ofperr
msg_body(const struct ofp_header *oh, size_t min, struct cursor *body)
{
    size_t len = ntohs(oh->length);

    if (len < sizeof *oh + min) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *body = cursor_make((const uint8_t *) oh + sizeof *oh,
                        len - sizeof *oh);
    return 0;
}

/* Pulls 'size' bytes from 'c' into 'dst' (caller checked they exist). */
static void
pull_into(struct cursor *c, void *dst, size_t size)
{
    memcpy(dst, cursor_pull(c, size), size);
}

/* ---- Flow mod ---- */

/* Sets defaults (see ofp-flow.h). */
void
ofp_flow_mod_init(struct ofp_flow_mod *fm)
{
    /* All zeros is also the catch-all match and the empty instructions. */
    memset(fm, 0, sizeof *fm);
    fm->command = OFPFC_ADD;
    fm->priority = 0x8000;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

/* Appends the actions of a 1.0 message from 'ins' (apply_actions only). */
static enum ofperr
put_actions10(const struct ofp_instructions *ins, struct buf *out)
{
    if (ins->present & ~(uint32_t) OFPINST_APPLY_ACTIONS) {
        return OFPERR_OFPBIC_UNSUP_INST;
    }
    return ofp_actions_encode(ins->apply_actions, ins->n_apply_actions,
                              OFP10_VERSION, out);
}

/* Appends 'fm' as a FLOW_MOD (see ofp-flow.h). */
enum ofperr
ofp_flow_mod_encode(const struct ofp_flow_mod *fm, enum ofp_version version,
                    uint32_t xid, struct buf *out)
{
    size_t start = out->size;
    enum ofperr error;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if ((unsigned int) fm->command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    ofp_msg_start(out, version, OFPTYPE_FLOW_MOD, xid);
    if (version == OFP10_VERSION) {
        struct ofp10_match m10;
        uint16_t out_port = ofp_port_to_10(fm->out_port);

        error = ofp_match_check_prereqs(&fm->match);
        error = error ? error : ofp_match_to_ofp10(&fm->match, &m10);
        if (!error && !ofp_port_is_valid_10(fm->out_port)) {
            error = OFPERR_OFPBRC_BAD_PORT;
        }
        if (!error) {
            buf_put(out, &m10, sizeof m10);
            buf_put_be64(out, fm->cookie);
            buf_put_be16(out, (uint16_t) fm->command);
            buf_put_be16(out, fm->idle_timeout);
            buf_put_be16(out, fm->hard_timeout);
            buf_put_be16(out, fm->priority);
            buf_put_be32(out, fm->buffer_id);
            buf_put_be16(out, out_port);
            buf_put_be16(out, fm->flags);
            error = put_actions10(&fm->instructions, out);
        }
    } else {
        buf_put_be64(out, fm->cookie);
        buf_put_be64(out, fm->cookie_mask);
        buf_put_u8(out, fm->table_id);
        buf_put_u8(out, (uint8_t) fm->command);
        buf_put_be16(out, fm->idle_timeout);
        buf_put_be16(out, fm->hard_timeout);
        buf_put_be16(out, fm->priority);
        buf_put_be32(out, fm->buffer_id);
        buf_put_be32(out, fm->out_port);
        buf_put_be32(out, fm->out_group);
        buf_put_be16(out, fm->flags);
        buf_put_zeros(out, 2);
        error = ofp_match_encode(&fm->match, version, out);
        error = error ? error
                : ofp_instructions_encode(&fm->instructions, out);
    }
    error = error ? error : msg_finish(out, start);
    if (error) {
        buf_truncate(out, start);
    }
    return error;
}

/* Decodes a FLOW_MOD (see ofp-flow.h). */
enum ofperr
ofp_flow_mod_decode(struct ofp_flow_mod *fm, const struct ofp_header *oh,
                    struct buf *actions)
{
    struct cursor body;
    enum ofperr error;

    ofp_flow_mod_init(fm);
    if (oh->type != OFPT13_FLOW_MOD) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (oh->version == OFP10_VERSION) {
        struct ofp10_flow_mod w;
        size_t before = actions->size;
        size_t n;

        error = msg_body(oh, sizeof w - sizeof w.header, &body);
        if (error) {
            return error;
        }
        pull_into(&body, &w.match, sizeof w - sizeof w.header);
        error = ofp_match_from_ofp10(&fm->match, &w.match);
        if (error) {
            return error;
        }
        fm->cookie = ntohll(w.cookie);
        fm->command = ntohs(w.command);
        fm->idle_timeout = ntohs(w.idle_timeout);
        fm->hard_timeout = ntohs(w.hard_timeout);
        fm->priority = ntohs(w.priority);
        fm->buffer_id = ntohl(w.buffer_id);
        fm->out_port = ofp_port_from_10(ntohs(w.out_port));
        fm->flags = ntohs(w.flags);
        fm->table_id = 0;
        if (ntohs(w.command) > OFPFC_DELETE_STRICT) {
            return OFPERR_OFPFMFC_BAD_COMMAND;
        }
        if (before % sizeof(struct ofp_action)) {
            buf_put_zeros(actions, sizeof(struct ofp_action)
                          - before % sizeof(struct ofp_action));
            before = actions->size;
        }
        error = ofp_actions_decode(OFP10_VERSION, &body, body.size, actions);
        if (error) {
            return error;
        }
        n = (actions->size - before) / sizeof(struct ofp_action);
        if (n) {
            ofp_instructions_set_apply(&fm->instructions,
                                       (const struct ofp_action *)
                                       (void *) (actions->data + before), n);
        }
        return 0;
    } else if (oh->version == OFP13_VERSION) {
        struct ofp13_flow_mod w;

        /* The fixed part and at least the 8 bytes of an empty match. */
        error = msg_body(oh, sizeof w - sizeof w.header + 8, &body);
        if (error) {
            return error;
        }
        pull_into(&body, &w.cookie, sizeof w - sizeof w.header);
        fm->cookie = ntohll(w.cookie);
        fm->cookie_mask = ntohll(w.cookie_mask);
        fm->table_id = w.table_id;
        fm->command = w.command;
        fm->idle_timeout = ntohs(w.idle_timeout);
        fm->hard_timeout = ntohs(w.hard_timeout);
        fm->priority = ntohs(w.priority);
        fm->buffer_id = ntohl(w.buffer_id);
        fm->out_port = ntohl(w.out_port);
        fm->out_group = ntohl(w.out_group);
        fm->flags = ntohs(w.flags);
        if (w.command > OFPFC_DELETE_STRICT) {
            return OFPERR_OFPFMFC_BAD_COMMAND;
        }
        if (w.table_id == OFPTT_ALL && w.command != OFPFC_DELETE
            && w.command != OFPFC_DELETE_STRICT) {
            return OFPERR_OFPFMFC_BAD_TABLE_ID;
        }
        if (fm->flags & ~0x1fu) {
            return OFPERR_OFPFMFC_BAD_FLAGS;
        }
        error = ofp_match_decode(&fm->match, OFP13_VERSION, &body);
        if (error) {
            return error;
        }
        return ofp_instructions_decode(&fm->instructions, &body, body.size,
                                       actions);
    }
    return OFPERR_OFPBRC_BAD_VERSION;
}

static const char *
command_name(enum ofp_flow_mod_command command)
{
    switch (command) {
    case OFPFC_ADD:
        return "ADD";
    case OFPFC_MODIFY:
        return "MOD";
    case OFPFC_MODIFY_STRICT:
        return "MOD_STRICT";
    case OFPFC_DELETE:
        return "DEL";
    case OFPFC_DELETE_STRICT:
        return "DEL_STRICT";
    }
    return "***unknown command***";
}

/* Appends "priority=N," (unless default) and the match, then a space. */
static void
put_priority_match(struct ds *s, uint16_t priority,
                   const struct ofp_match *match, enum ofp_version version)
{
    size_t start = s->length;

    if (priority != 0x8000) {
        ds_put_format(s, "priority=%"PRIu16",", priority);
    }
    ofp_match_format_version(s, match, version);
    ds_chomp(s, ',');
    if (s->length > start) {
        ds_put_char(s, ' ');
    }
}

static void
put_flow_flags(struct ds *s, uint16_t flags, enum ofp_version version)
{
    if (flags & OFPFF_SEND_FLOW_REM) {
        ds_put_cstr(s, "send_flow_rem ");
    }
    if (flags & OFPFF_CHECK_OVERLAP) {
        ds_put_cstr(s, "check_overlap ");
    }
    if (version == OFP10_VERSION) {
        if (flags & OFPFF10_EMERG) {
            ds_put_cstr(s, "emerg ");
        }
        return;
    }
    if (flags & OFPFF_RESET_COUNTS) {
        ds_put_cstr(s, "reset_counts ");
    }
    if (flags & OFPFF_NO_PKT_COUNTS) {
        ds_put_cstr(s, "no_packet_counts ");
    }
    if (flags & OFPFF_NO_BYT_COUNTS) {
        ds_put_cstr(s, "no_byte_counts ");
    }
}

/* Appends 'fm' as ovs-ofctl prints a flow-mod body (see ofp-flow.h). */
void
ofp_flow_mod_format(struct ds *s, const struct ofp_flow_mod *fm,
                    enum ofp_version version)
{
    ds_put_char(s, ' ');
    ds_put_cstr(s, command_name(fm->command));
    if (fm->table_id) {
        ds_put_format(s, " table:%u", fm->table_id);
    }
    ds_put_char(s, ' ');
    put_priority_match(s, fm->priority, &fm->match, version);
    if (version == OFP13_VERSION && fm->command != OFPFC_ADD) {
        if (fm->cookie_mask) {
            ds_put_format(s, "cookie:%#"PRIx64"/%#"PRIx64" ", fm->cookie,
                          fm->cookie_mask);
        }
    } else if (fm->cookie) {
        ds_put_format(s, "cookie:%#"PRIx64" ", fm->cookie);
    }
    if (fm->idle_timeout) {
        ds_put_format(s, "idle:%"PRIu16" ", fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        ds_put_format(s, "hard:%"PRIu16" ", fm->hard_timeout);
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        ds_put_format(s, "buf:%#"PRIx32" ", fm->buffer_id);
    }
    if (fm->out_port != OFPP_ANY) {
        ds_put_cstr(s, "out_port:");
        ofp_match_format_port(s, fm->out_port);
        ds_put_char(s, ' ');
    }
    if (version != OFP10_VERSION && fm->out_group != OFPG_ANY) {
        ds_put_format(s, "out_group:%"PRIu32" ", fm->out_group);
    }
    put_flow_flags(s, fm->flags, version);
    ds_put_cstr(s, "actions=");
    ofp_instructions_format(s, &fm->instructions);
}

/* ---- Flow removed ---- */

/* Appends 'fr' as a FLOW_REMOVED of 'version'. Returns 0,
 * OFPERR_OFPBRC_BAD_VERSION or a match encoding error. */
enum ofperr
ofp_flow_removed_encode(const struct ofp_flow_removed *fr,
                        enum ofp_version version, uint32_t xid,
                        struct buf *out)
{
    size_t start = out->size;
    enum ofperr error;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_msg_start(out, version, OFPTYPE_FLOW_REMOVED, xid);
    if (version == OFP10_VERSION) {
        error = ofp_match_encode(&fr->match, version, out);
        if (!error) {
            buf_put_be64(out, fr->cookie);
            buf_put_be16(out, fr->priority);
            buf_put_u8(out, fr->reason);
            buf_put_zeros(out, 1);
            buf_put_be32(out, fr->duration_sec);
            buf_put_be32(out, fr->duration_nsec);
            buf_put_be16(out, fr->idle_timeout);
            buf_put_zeros(out, 2);
            buf_put_be64(out, fr->packet_count);
            buf_put_be64(out, fr->byte_count);
        }
    } else {
        buf_put_be64(out, fr->cookie);
        buf_put_be16(out, fr->priority);
        buf_put_u8(out, fr->reason);
        buf_put_u8(out, fr->table_id);
        buf_put_be32(out, fr->duration_sec);
        buf_put_be32(out, fr->duration_nsec);
        buf_put_be16(out, fr->idle_timeout);
        buf_put_be16(out, fr->hard_timeout);
        buf_put_be64(out, fr->packet_count);
        buf_put_be64(out, fr->byte_count);
        error = ofp_match_encode(&fr->match, version, out);
    }
    error = error ? error : msg_finish(out, start);
    if (error) {
        buf_truncate(out, start);
    }
    return error;
}

/* Decodes a FLOW_REMOVED (see ofp-flow.h). */
enum ofperr
ofp_flow_removed_decode(struct ofp_flow_removed *fr,
                        const struct ofp_header *oh)
{
    struct cursor body;
    enum ofperr error;

    memset(fr, 0, sizeof *fr);
    ofp_match_init_catchall(&fr->match);
    if (oh->type != OFPT13_FLOW_REMOVED) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (oh->version == OFP10_VERSION) {
        struct ofp10_flow_removed w;

        error = msg_body(oh, sizeof w - sizeof w.header, &body);
        if (error) {
            return error;
        }
        if (body.size != sizeof w - sizeof w.header) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pull_into(&body, &w.match, sizeof w - sizeof w.header);
        fr->cookie = ntohll(w.cookie);
        fr->priority = ntohs(w.priority);
        fr->reason = w.reason;
        fr->duration_sec = ntohl(w.duration_sec);
        fr->duration_nsec = ntohl(w.duration_nsec);
        fr->idle_timeout = ntohs(w.idle_timeout);
        fr->packet_count = ntohll(w.packet_count);
        fr->byte_count = ntohll(w.byte_count);
        return ofp_match_from_ofp10(&fr->match, &w.match);
    } else if (oh->version == OFP13_VERSION) {
        struct ofp13_flow_removed w;

        error = msg_body(oh, sizeof w - sizeof w.header + 8, &body);
        if (error) {
            return error;
        }
        pull_into(&body, &w.cookie, sizeof w - sizeof w.header);
        fr->cookie = ntohll(w.cookie);
        fr->priority = ntohs(w.priority);
        fr->reason = w.reason;
        fr->table_id = w.table_id;
        fr->duration_sec = ntohl(w.duration_sec);
        fr->duration_nsec = ntohl(w.duration_nsec);
        fr->idle_timeout = ntohs(w.idle_timeout);
        fr->hard_timeout = ntohs(w.hard_timeout);
        fr->packet_count = ntohll(w.packet_count);
        fr->byte_count = ntohll(w.byte_count);
        error = ofp_match_decode(&fr->match, OFP13_VERSION, &body);
        if (!error && body.size) {
            error = OFPERR_OFPBRC_BAD_LEN;
        }
        return error;
    }
    return OFPERR_OFPBRC_BAD_VERSION;
}

static const char *
removed_reason_name(uint8_t reason)
{
    switch (reason) {
    case OFPRR_IDLE_TIMEOUT:
        return "idle";
    case OFPRR_HARD_TIMEOUT:
        return "hard";
    case OFPRR_DELETE:
        return "delete";
    case OFPRR_GROUP_DELETE:
        return "group_delete";
    case OFPRR_METER_DELETE:
        return "meter_delete";
    }
    return NULL;
}

/* Appends 'fr' as ovs-ofctl prints a flow-removed body. */
void
ofp_flow_removed_format(struct ds *s, const struct ofp_flow_removed *fr,
                        enum ofp_version version)
{
    const char *reason = removed_reason_name(fr->reason);

    ds_put_char(s, ' ');
    put_priority_match(s, fr->priority, &fr->match, version);
    if (reason) {
        ds_put_format(s, "reason=%s", reason);
    } else {
        ds_put_format(s, "reason=%u", fr->reason);
    }
    if (fr->table_id) {
        ds_put_format(s, " table_id=%u", fr->table_id);
    }
    if (fr->cookie) {
        ds_put_format(s, " cookie:%#"PRIx64, fr->cookie);
    }
    ds_put_format(s, " duration%"PRIu32".%03"PRIu32"s", fr->duration_sec,
                  fr->duration_nsec / 1000000);
    if (fr->idle_timeout) {
        ds_put_format(s, " idle%"PRIu16, fr->idle_timeout);
    }
    if (fr->hard_timeout) {
        ds_put_format(s, " hard%"PRIu16, fr->hard_timeout);
    }
    ds_put_format(s, " pkts%"PRIu64" bytes%"PRIu64, fr->packet_count,
                  fr->byte_count);
}

/* ---- Flow and aggregate stats requests ---- */

/* Sets defaults (see ofp-flow.h). */
void
ofp_flow_stats_request_init(struct ofp_flow_stats_request *req,
                            bool aggregate)
{
    memset(req, 0, sizeof *req);
    req->aggregate = aggregate;
    ofp_match_init_catchall(&req->match);
    req->table_id = OFPTT_ALL;
    req->out_port = OFPP_ANY;
    req->out_group = OFPG_ANY;
}

/* Appends a FLOW or AGGREGATE stats request. Returns 0,
 * OFPERR_OFPBRC_BAD_VERSION, OFPERR_OFPBRC_BAD_PORT (port 1.0 cannot
 * express) or a match error. */
enum ofperr
ofp_flow_stats_request_encode(const struct ofp_flow_stats_request *req,
                              enum ofp_version version, uint32_t xid,
                              struct buf *out)
{
    size_t start = out->size;
    enum ofp_mp_type type = (req->aggregate ? OFPMP_AGGREGATE
                             : OFPMP_FLOW);
    enum ofperr error;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_mp_start(out, version, false, type, 0, xid);
    if (version == OFP10_VERSION) {
        uint16_t port = ofp_port_to_10(req->out_port);

        error = ofp_match_encode(&req->match, version, out);
        if (!error && !ofp_port_is_valid_10(req->out_port)) {
            error = OFPERR_OFPBRC_BAD_PORT;
        }
        if (!error) {
            buf_put_u8(out, req->table_id);
            buf_put_zeros(out, 1);
            buf_put_be16(out, port);
        }
    } else {
        buf_put_u8(out, req->table_id);
        buf_put_zeros(out, 3);
        buf_put_be32(out, req->out_port);
        buf_put_be32(out, req->out_group);
        buf_put_zeros(out, 4);
        buf_put_be64(out, req->cookie);
        buf_put_be64(out, req->cookie_mask);
        error = ofp_match_encode(&req->match, version, out);
    }
    error = error ? error : msg_finish(out, start);
    if (error) {
        buf_truncate(out, start);
    }
    return error;
}

/* Decodes a FLOW or AGGREGATE stats request (see ofp-flow.h). */
enum ofperr
ofp_flow_stats_request_decode(struct ofp_flow_stats_request *req,
                              const struct ofp_header *oh)
{
    struct cursor body;
    enum ofp_mp_type type;
    uint16_t flags;
    bool reply;
    enum ofperr error;

    ofp_flow_stats_request_init(req, false);
    error = mp_decode(oh, &reply, &type, &flags, &body);
    if (error) {
        return error;
    }
    if (reply || (type != OFPMP_FLOW && type != OFPMP_AGGREGATE)) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    req->aggregate = type == OFPMP_AGGREGATE;
    if (oh->version == OFP10_VERSION) {
        struct ofp10_flow_stats_request w;

        if (body.size != sizeof w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pull_into(&body, &w, sizeof w);
        req->table_id = w.table_id;
        req->out_port = ofp_port_from_10(ntohs(w.out_port));
        return ofp_match_from_ofp10(&req->match, &w.match);
    } else {
        struct ofp13_flow_stats_request w;

        if (body.size < sizeof w + 8) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pull_into(&body, &w, sizeof w);
        req->table_id = w.table_id;
        req->out_port = ntohl(w.out_port);
        req->out_group = ntohl(w.out_group);
        req->cookie = ntohll(w.cookie);
        req->cookie_mask = ntohll(w.cookie_mask);
        error = ofp_match_decode(&req->match, OFP13_VERSION, &body);
        if (!error && body.size) {
            error = OFPERR_OFPBRC_BAD_LEN;
        }
        return error;
    }
}

/* Appends the request's parameters as ovs-ofctl prints them (it shows
 * neither out_group nor the cookie). */
void
ofp_flow_stats_request_format(struct ds *s,
                              const struct ofp_flow_stats_request *req,
                              enum ofp_version version)
{
    if (req->table_id != OFPTT_ALL) {
        ds_put_format(s, " table=%u", req->table_id);
    }
    if (req->out_port != OFPP_ANY) {
        ds_put_cstr(s, " out_port=");
        ofp_match_format_port(s, req->out_port);
    }
    ds_put_char(s, ' ');
    ofp_match_format_version(s, &req->match, version);
    ds_chomp(s, ' ');
}

/* ---- Flow stats reply ---- */

/* Starts a FLOW stats reply (see ofp-flow.h); returns its offset. */
size_t
ofp_flow_stats_reply_start(struct buf *out, enum ofp_version version,
                           uint16_t flags, uint32_t xid)
{
    return ofp_mp_start(out, version, true, OFPMP_FLOW, flags, xid);
}

/* Appends one entry (see ofp-flow.h). Returns 0,
 * OFPERR_OFPBRC_BAD_VERSION, OFPERR_OFPBRC_BAD_LEN (entry over 64 kB) or
 * a match/action error; 'out' is unchanged on error. */
enum ofperr
ofp_flow_stats_reply_append(struct buf *out, enum ofp_version version,
                            const struct ofp_flow_stats *fs)
{
    size_t start = out->size;
    enum ofperr error;
    size_t len;
    be16 len16;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    buf_put_zeros(out, 2);
    buf_put_u8(out, fs->table_id);
    buf_put_zeros(out, 1);
    if (version == OFP10_VERSION) {
        error = ofp_match_encode(&fs->match, version, out);
        if (!error) {
            buf_put_be32(out, fs->duration_sec);
            buf_put_be32(out, fs->duration_nsec);
            buf_put_be16(out, fs->priority);
            buf_put_be16(out, fs->idle_timeout);
            buf_put_be16(out, fs->hard_timeout);
            buf_put_zeros(out, 6);
            buf_put_be64(out, fs->cookie);
            buf_put_be64(out, fs->packet_count);
            buf_put_be64(out, fs->byte_count);
            error = put_actions10(&fs->instructions, out);
        }
    } else {
        buf_put_be32(out, fs->duration_sec);
        buf_put_be32(out, fs->duration_nsec);
        buf_put_be16(out, fs->priority);
        buf_put_be16(out, fs->idle_timeout);
        buf_put_be16(out, fs->hard_timeout);
        buf_put_be16(out, fs->flags);
        buf_put_zeros(out, 4);
        buf_put_be64(out, fs->cookie);
        buf_put_be64(out, fs->packet_count);
        buf_put_be64(out, fs->byte_count);
        error = ofp_match_encode(&fs->match, version, out);
        error = error ? error
                : ofp_instructions_encode(&fs->instructions, out);
    }
    len = out->size - start;
    if (!error && len > UINT16_MAX) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    len16 = htons((uint16_t) len);
    memcpy(buf_at(out, start, 2), &len16, 2);
    return 0;
}

/* Sets the reply's length; the caller must keep it under 64 kB (start a
 * new reply with OFPMPF_MORE on the previous one before that). */
void
ofp_flow_stats_reply_finish(struct buf *out, size_t start)
{
    be16 len = htons((uint16_t) MIN(out->size - start,
                                    (size_t) OFP_MAX_MSG_SIZE));

    memcpy(out->data + start + offsetof(struct ofp_header, length), &len,
           sizeof len);
}

/* Checks a FLOW stats reply and returns its body (see ofp-flow.h). */
enum ofperr
ofp_flow_stats_reply_init(const struct ofp_header *oh, struct cursor *body,
                          uint16_t *flags)
{
    enum ofp_mp_type type;
    bool reply;
    enum ofperr error = mp_decode(oh, &reply, &type, flags, body);

    if (error) {
        return error;
    }
    return reply && type == OFPMP_FLOW ? 0 : OFPERR_OFPBRC_BAD_MULTIPART;
}

/* Pulls the next flow stats entry (see ofp-flow.h). */
int
ofp_flow_stats_next(struct cursor *body, enum ofp_version version,
                    struct ofp_flow_stats *fs, struct buf *actions)
{
    size_t fixed = (version == OFP10_VERSION
                    ? sizeof(struct ofp10_flow_stats)
                    : sizeof(struct ofp13_flow_stats));
    struct cursor entry;
    enum ofperr error;
    const uint8_t *p;
    size_t len;
    be16 len16;

    memset(fs, 0, sizeof *fs);
    ofp_match_init_catchall(&fs->match);
    buf_clear(actions);
    if (!body->size) {
        return EOF;
    }
    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (body->size < fixed) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    memcpy(&len16, body->data, 2);
    len = ntohs(len16);
    if (len < fixed || len > body->size || len % 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = cursor_pull(body, len);
    entry = cursor_make(p, len);
    if (version == OFP10_VERSION) {
        struct ofp10_flow_stats w;
        size_t n;

        pull_into(&entry, &w, sizeof w);
        fs->table_id = w.table_id;
        fs->duration_sec = ntohl(w.duration_sec);
        fs->duration_nsec = ntohl(w.duration_nsec);
        fs->priority = ntohs(w.priority);
        fs->idle_timeout = ntohs(w.idle_timeout);
        fs->hard_timeout = ntohs(w.hard_timeout);
        fs->cookie = ntohll(w.cookie);
        fs->packet_count = ntohll(w.packet_count);
        fs->byte_count = ntohll(w.byte_count);
        error = ofp_match_from_ofp10(&fs->match, &w.match);
        error = error ? error : ofp_actions_decode(OFP10_VERSION, &entry,
                                                   entry.size, actions);
        if (error) {
            return error;
        }
        n = actions->size / sizeof(struct ofp_action);
        if (n) {
            ofp_instructions_set_apply(&fs->instructions,
                                       (const void *) actions->data, n);
        }
        return 0;
    } else {
        struct ofp13_flow_stats w;

        pull_into(&entry, &w, sizeof w);
        fs->table_id = w.table_id;
        fs->duration_sec = ntohl(w.duration_sec);
        fs->duration_nsec = ntohl(w.duration_nsec);
        fs->priority = ntohs(w.priority);
        fs->idle_timeout = ntohs(w.idle_timeout);
        fs->hard_timeout = ntohs(w.hard_timeout);
        fs->flags = ntohs(w.flags);
        fs->cookie = ntohll(w.cookie);
        fs->packet_count = ntohll(w.packet_count);
        fs->byte_count = ntohll(w.byte_count);
        error = ofp_match_decode(&fs->match, OFP13_VERSION, &entry);
        return error ? error
               : ofp_instructions_decode(&fs->instructions, &entry,
                                         entry.size, actions);
    }
}

/* Appends one entry as ovs-ofctl dump-flows prints it. */
void
ofp_flow_stats_format(struct ds *s, const struct ofp_flow_stats *fs,
                      enum ofp_version version)
{
    ds_put_format(s, " cookie=%#"PRIx64", duration=%"PRIu32".%03"PRIu32"s, "
                  "table=%u, n_packets=%"PRIu64", n_bytes=%"PRIu64", ",
                  fs->cookie, fs->duration_sec, fs->duration_nsec / 1000000,
                  fs->table_id, fs->packet_count, fs->byte_count);
    if (fs->idle_timeout) {
        ds_put_format(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    if (version != OFP10_VERSION) {
        if (fs->flags & OFPFF_SEND_FLOW_REM) {
            ds_put_cstr(s, "send_flow_rem ");
        }
        if (fs->flags & OFPFF_CHECK_OVERLAP) {
            ds_put_cstr(s, "check_overlap ");
        }
        if (fs->flags & OFPFF_RESET_COUNTS) {
            ds_put_cstr(s, "reset_counts ");
        }
        if (fs->flags & OFPFF_NO_PKT_COUNTS) {
            ds_put_cstr(s, "no_packet_counts ");
        }
        if (fs->flags & OFPFF_NO_BYT_COUNTS) {
            ds_put_cstr(s, "no_byte_counts ");
        }
    }
    put_priority_match(s, fs->priority, &fs->match, version);
    ds_put_cstr(s, "actions=");
    ofp_instructions_format(s, &fs->instructions);
}

/* ---- Aggregate reply ---- */

/* Appends an AGGREGATE stats reply. Returns 0 or
 * OFPERR_OFPBRC_BAD_VERSION. */
enum ofperr
ofp_flow_aggregate_reply_encode(const struct ofp_aggregate_stats *as,
                                enum ofp_version version, uint32_t xid,
                                struct buf *out)
{
    size_t start = out->size;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    ofp_mp_start(out, version, true, OFPMP_AGGREGATE, 0, xid);
    buf_put_be64(out, as->packet_count);
    buf_put_be64(out, as->byte_count);
    buf_put_be32(out, as->flow_count);
    buf_put_zeros(out, 4);
    return msg_finish(out, start);
}

/* Decodes an AGGREGATE stats reply (see ofp-flow.h). */
enum ofperr
ofp_flow_aggregate_reply_decode(struct ofp_aggregate_stats *as,
                                const struct ofp_header *oh)
{
    struct ofp_aggregate_stats_reply w;
    struct cursor body;
    enum ofp_mp_type type;
    uint16_t flags;
    bool reply;
    enum ofperr error;

    memset(as, 0, sizeof *as);
    error = mp_decode(oh, &reply, &type, &flags, &body);
    if (error) {
        return error;
    }
    if (!reply || type != OFPMP_AGGREGATE) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    if (body.size != sizeof w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pull_into(&body, &w, sizeof w);
    as->packet_count = ntohll(w.packet_count);
    as->byte_count = ntohll(w.byte_count);
    as->flow_count = ntohl(w.flow_count);
    return 0;
}

/* Appends the counts as ovs-ofctl prints an aggregate reply. */
void
ofp_flow_aggregate_reply_format(struct ds *s,
                                const struct ofp_aggregate_stats *as)
{
    ds_put_format(s, " packet_count=%"PRIu64" byte_count=%"PRIu64
                  " flow_count=%"PRIu32, as->packet_count, as->byte_count,
                  as->flow_count);
}

/* Appends every entry of the FLOW stats reply 'oh', each on a new line, as
 * ovs-ofctl prints them. Returns 0 or the decode error (the entries before
 * it are printed). */
enum ofperr
ofp_flow_stats_reply_format(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_action stub[32];
    struct ofp_flow_stats fs;
    struct cursor body;
    struct buf actions;
    uint16_t flags;
    enum ofperr error;
    int retval;

    error = ofp_flow_stats_reply_init(oh, &body, &flags);
    if (error) {
        return error;
    }
    if (flags & OFPMPF_MORE) {
        ds_put_cstr(s, " flags=[more]");
    }
    buf_use_stub(&actions, stub, sizeof stub);
    while ((retval = ofp_flow_stats_next(&body, oh->version, &fs,
                                         &actions)) == 0) {
        ds_put_char(s, '\n');
        ofp_flow_stats_format(s, &fs, oh->version);
    }
    buf_uninit(&actions);
    return retval == EOF ? 0 : retval;
}
