/* ofp-print: see ofp-print.h.
 *
 * One handler per message type. A handler decodes with the owning module
 * and then, depending on what the caller asked for, formats ('s' != NULL)
 * and/or encodes again ('out' != NULL): printing and the canonical
 * re-encoding share the decode, so the two can never disagree about what a
 * message means. Decoded action lists live on a stack stub (no malloc for
 * ordinary messages). */
#include "ofp/ofp-print.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-desc.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-meter.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-queue.h"
#include "ofp/ofp-role.h"
#include "ofp/ofp-switch.h"
#include "ofp/ofp-table.h"
#include "openflow/openflow-common.h"

/* What a handler is asked to do with the decoded message. */
struct print_op {
    struct ds *s;               /* Append text here, if nonnull. */
    struct buf *out;            /* Append the re-encoding here, if nonnull. */
};

/* Stack storage for decoded actions: enough for any ordinary flow. */
#define ACTION_STUB_N 64

typedef enum ofperr print_handler(const struct ofp_header *,
                                  const struct print_op *);

static uint32_t
xid_of(const struct ofp_header *oh)
{
    return ntohl(oh->xid);
}

/* Ends the text of one message: exactly one newline. */
static void
end_line(struct ds *s)
{
    ds_chomp(s, '\n');
    ds_put_char(s, '\n');
}

void
ofp_print_hex_dump(struct ds *s, const void *data_, size_t size)
{
    const uint8_t *data = data_;
    size_t ofs;

    for (ofs = 0; ofs < size; ofs += 16) {
        size_t n = MIN(size - ofs, 16), i;

        ds_put_format(s, "%08zx  ", ofs);
        for (i = 0; i < 16; i++) {
            if (i < n) {
                ds_put_format(s, "%02x", data[ofs + i]);
            } else {
                ds_put_cstr(s, "  ");
            }
            ds_put_char(s, i == 7 && i < n ? '-' : ' ');
        }
        ds_put_char(s, '|');
        for (i = 0; i < 16; i++) {
            ds_put_char(s, i >= n ? ' '
                        : isprint(data[ofs + i]) ? (char) data[ofs + i]
                        : '.');
        }
        ds_put_cstr(s, "|\n");
    }
}

/* Starts a new line for the next entry of a reply (the text so far follows
 * the header line) unless the text already ends with one. */
static void
new_line(struct ds *s)
{
    if (!s->length || s->string[s->length - 1] != '\n') {
        ds_put_char(s, '\n');
    }
}

/* ---- connection-level messages (ofp-switch) ---- */

static enum ofperr
do_hello(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_hello hello;
    enum ofperr error = ofp_hello_decode(&hello, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_hello_format(op->s, &hello);
    }
    if (op->out) {
        /* The encoder writes the plain 8-byte hello for 1.0 and a hello
         * with a bitmap element, whose highest bit is the header version
         * (as the spec says a sender does), for later versions. Other
         * hellos (a bare 1.3 hello, or one whose header disagrees with its
         * bitmap) are valid but have no re-encoding. */
        uint32_t bitmap;

        if (hello.has_bitmap) {
            bitmap = hello.version_bitmap;
        } else if (hello.version == OFP10_VERSION) {
            bitmap = OFP_VERSION_BIT(OFP10_VERSION);
        } else {
            return OFPERR_OFPBRC_BAD_VERSION;
        }
        if (!bitmap || 31 - __builtin_clz(bitmap) != hello.version) {
            return OFPERR_OFPBRC_BAD_VERSION;
        }
        error = ofp_hello_encode(bitmap, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_error(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_error err;
    enum ofperr error = ofp_error_decode(&err, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_error_format(op->s, &err, oh->version);
    }
    if (op->out) {
        error = ofp_error_encode(&err, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_echo(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_echo echo;
    enum ofperr error = ofp_echo_decode(&echo, oh);

    if (error) {
        return error;
    }
    if (op->s && echo.data_len) {
        ds_put_format(op->s, " %zu bytes of payload\n", echo.data_len);
        ofp_print_hex_dump(op->s, echo.data, echo.data_len);
    }
    if (op->out) {
        bool reply = oh->type == OFPT13_ECHO_REPLY;
        error = ofp_echo_encode(reply, echo.data, echo.data_len, oh->version,
                                xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_experimenter(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_experimenter exp;
    enum ofperr error = ofp_experimenter_decode(&exp, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_experimenter_format(op->s, &exp);
    }
    if (op->out) {
        error = ofp_experimenter_encode(&exp, oh->version, xid_of(oh),
                                        op->out);
    }
    return error;
}

/* Bodiless messages: FEATURES_REQUEST, GET_CONFIG_REQUEST, BARRIER_*,
 * GET_ASYNC_REQUEST. ofp_msg_decode_type() already checked the length. */
static enum ofperr
do_empty(const struct ofp_header *oh, const struct print_op *op)
{
    enum ofptype type;
    enum ofperr error = ofp_msg_decode_type(oh, ntohs(oh->length), &type);

    if (!error && op->out) {
        error = ofp_empty_msg_encode(type, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_features_reply(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_switch_features sf;
    enum ofperr error = ofp_switch_features_decode(&sf, oh);
    struct ofp_port stub[16];
    struct buf ports;

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_switch_features_format(op->s, &sf, oh->version);
    }
    if (!op->out) {
        return 0;
    }
    /* The encoder takes an array of ports. */
    buf_use_stub(&ports, stub, sizeof stub);
    struct cursor c = sf.port_list.ports;
    struct ofp_port port;
    int retval;
    while ((retval = ofp_port_next(&c, sf.port_list.version, &port)) == 0) {
        buf_put(&ports, &port, sizeof port);
    }
    if (retval != EOF) {
        error = retval;
    } else {
        sf.ports = (const struct ofp_port *) ports.data;
        sf.n_ports = ports.size / sizeof port;
        error = ofp_switch_features_encode(&sf, oh->version, xid_of(oh),
                                           op->out);
    }
    buf_uninit(&ports);
    return error;
}

static enum ofperr
do_switch_config(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_switch_config cfg;
    enum ofperr error = ofp_switch_config_decode(&cfg, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_switch_config_format(op->s, &cfg);
    }
    if (op->out) {
        bool reply = oh->type == OFPT13_GET_CONFIG_REPLY;
        error = ofp_switch_config_encode(&cfg, reply, oh->version,
                                         xid_of(oh), op->out);
    }
    return error;
}

/* ---- ports and packets (ofp-port, ofp-packet) ---- */

static enum ofperr
do_port_status(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_port_status ps;
    enum ofperr error = ofp_port_status_decode(&ps, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_port_status_format(op->s, &ps);
    }
    if (op->out) {
        error = ofp_port_status_encode(&ps, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_port_mod(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_port_mod pm;
    enum ofperr error = ofp_port_mod_decode(&pm, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_port_mod_format(op->s, &pm);
    }
    if (op->out) {
        error = ofp_port_mod_encode(&pm, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_packet_in(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_packet_in pin;
    enum ofperr error = ofp_packet_in_decode(&pin, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_packet_in_format(op->s, &pin, oh->version);
    }
    if (op->out) {
        error = ofp_packet_in_encode(&pin, oh->version, xid_of(oh), op->out);
    }
    return error;
}

/* Packet-out: ofp-packet checks the structure of the action list, the
 * actions module interprets it; the re-encoding writes the decoded actions
 * (their canonical form), not the received bytes. */
static enum ofperr
do_packet_out(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_action stub[ACTION_STUB_N];
    struct ofp_packet_out po;
    struct buf actions;
    enum ofperr error;

    error = ofp_packet_out_decode(&po, oh);
    if (error) {
        return error;
    }
    buf_use_stub(&actions, stub, sizeof stub);
    error = ofp_packet_out_decode_actions(&po, oh->version, &actions);
    if (!error && op->s) {
        ofp_packet_out_format(op->s, &po, oh->version);
    }
    if (!error && op->out) {
        error = ofp_packet_out_encode(&po, oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&actions);
    return error;
}

/* ---- flows (ofp-flow) ---- */

static enum ofperr
do_flow_mod(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_action stub[ACTION_STUB_N];
    struct ofp_flow_mod fm;
    struct buf actions;
    enum ofperr error;

    buf_use_stub(&actions, stub, sizeof stub);
    error = ofp_flow_mod_decode(&fm, oh, &actions);
    if (!error && op->s) {
        ofp_flow_mod_format(op->s, &fm, oh->version);
    }
    if (!error && op->out) {
        error = ofp_flow_mod_encode(&fm, oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&actions);
    return error;
}

static enum ofperr
do_flow_removed(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_flow_removed fr;
    enum ofperr error = ofp_flow_removed_decode(&fr, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_flow_removed_format(op->s, &fr, oh->version);
    }
    if (op->out) {
        error = ofp_flow_removed_encode(&fr, oh->version, xid_of(oh),
                                        op->out);
    }
    return error;
}

/* ---- controller roles and async config (ofp-role) ---- */

static enum ofperr
do_role(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_role role;
    bool reply;
    enum ofperr error = ofp_role_decode(&role, &reply, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_role_format(op->s, &role);
    }
    if (op->out) {
        error = ofp_role_encode(&role, reply, oh->version, xid_of(oh),
                                op->out);
    }
    return error;
}

static enum ofperr
do_async(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_role_async async;
    bool set;
    enum ofperr error = ofp_role_async_decode(&async, &set, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_role_async_format(op->s, &async);
    }
    if (op->out) {
        error = ofp_role_async_encode(&async, set, oh->version, xid_of(oh),
                                      op->out);
    }
    return error;
}

/* ---- tables, meters, queues (ofp-table, ofp-meter, ofp-queue) ---- */

static enum ofperr
do_table_mod(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_table_mod tm;
    enum ofperr error = ofp_table_mod_decode(&tm, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_table_mod_format(op->s, &tm);
    }
    if (op->out) {
        error = ofp_table_mod_encode(&tm, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
do_meter_mod(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_meter_band stub[8];
    struct ofp_meter_mod mm;
    struct buf bands;
    enum ofperr error;

    buf_use_stub(&bands, stub, sizeof stub);
    error = ofp_meter_mod_decode(&mm, oh, &bands);
    if (!error && op->s) {
        ofp_meter_mod_format(op->s, &mm);
    }
    if (!error && op->out) {
        error = ofp_meter_mod_encode(&mm, oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&bands);
    return error;
}

static enum ofperr
do_group_mod(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_action action_stub[ACTION_STUB_N];
    struct ofp_bucket bucket_stub[16];
    struct ofp_group_mod gm;
    struct buf buckets, actions;
    enum ofperr error;

    buf_use_stub(&buckets, bucket_stub, sizeof bucket_stub);
    buf_use_stub(&actions, action_stub, sizeof action_stub);
    error = ofp_group_mod_decode(&gm, oh, &buckets, &actions);
    if (!error && op->s) {
        ofp_group_mod_format(op->s, &gm);
    }
    if (!error && op->out) {
        error = ofp_group_mod_encode(&gm, oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&buckets);
    buf_uninit(&actions);
    return error;
}

static enum ofperr
do_queue_get_config_request(const struct ofp_header *oh,
                            const struct print_op *op)
{
    struct ofp_queue_get_config_request rq;
    enum ofperr error = ofp_queue_get_config_request_decode(&rq, oh);

    if (error) {
        return error;
    }
    if (op->s) {
        ofp_queue_get_config_request_format(op->s, &rq);
    }
    if (op->out) {
        error = ofp_queue_get_config_request_encode(&rq, oh->version,
                                                    xid_of(oh), op->out);
    }
    return error;
}

/* Walks the entries of a decoded reply: 'next' pulls one into 'entry'
 * ('size' bytes), 'format' prints it; the entries are collected in
 * 'entries' for re-encoding. Returns 0 or the iterator's error. */
#define COLLECT_ENTRIES(NEXT_CALL, ENTRY, FORMAT_CALL, ENTRIES)   \
    ({                                                                  \
        int retval_;                                                    \
        while ((retval_ = (NEXT_CALL)) == 0) {                          \
            if (op->s) {                                                \
                FORMAT_CALL;                                            \
            }                                                           \
            buf_put(ENTRIES, &(ENTRY), sizeof (ENTRY));                 \
        }                                                               \
        retval_ == EOF ? 0 : (enum ofperr) retval_;                     \
    })

static enum ofperr
do_queue_get_config_reply(const struct ofp_header *oh,
                          const struct print_op *op)
{
    struct ofp_queue_config qc;
    struct ofp_mp_iter iter;
    struct buf entries;
    uint32_t port;
    enum ofperr error;

    error = ofp_queue_get_config_reply_decode(&iter, &port, oh);
    if (error) {
        return error;
    }
    if (op->s) {
        ds_put_cstr(op->s, " port=");
        ofp_queue_format_port(op->s, port);
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_queue_config_next(&iter, &qc), qc,
                            ofp_queue_config_format(op->s, &qc), &entries);
    if (!error && op->out) {
        error = ofp_queue_get_config_reply_encode(
            port, (const void *) entries.data, entries.size / sizeof qc,
            oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&entries);
    return error;
}

/* ---- multipart ---- */

/* Re-encodes an opaque (experimenter) multipart body as it came. */
static enum ofperr
copy_verbatim(const struct ofp_header *oh, struct buf *out)
{
    buf_put(out, oh, ntohs(oh->length));
    return 0;
}

static enum ofperr
mp_desc(const struct ofp_header *oh, bool reply, const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        error = ofp_desc_request_decode(oh);
        if (!error && op->out) {
            error = ofp_desc_request_encode(oh->version, xid_of(oh),
                                            op->out);
        }
        return error;
    }

    struct ofp_desc desc;
    error = ofp_desc_decode(&desc, oh);
    if (!error && op->s) {
        ofp_desc_format(op->s, &desc);
    }
    if (!error && op->out) {
        error = ofp_desc_encode(&desc, oh->version, xid_of(oh), op->out);
    }
    return error;
}

static enum ofperr
mp_flow(const struct ofp_header *oh, bool reply, bool aggregate,
        const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        struct ofp_flow_stats_request req;

        error = ofp_flow_stats_request_decode(&req, oh);
        if (!error && op->s) {
            ofp_flow_stats_request_format(op->s, &req, oh->version);
        }
        if (!error && op->out) {
            error = ofp_flow_stats_request_encode(&req, oh->version,
                                                  xid_of(oh), op->out);
        }
        return error;
    }
    if (aggregate) {
        struct ofp_aggregate_stats as;

        error = ofp_flow_aggregate_reply_decode(&as, oh);
        if (!error && op->s) {
            ofp_flow_aggregate_reply_format(op->s, &as);
        }
        if (!error && op->out) {
            error = ofp_flow_aggregate_reply_encode(&as, oh->version,
                                                    xid_of(oh), op->out);
        }
        return error;
    }

    /* Flow stats: entries are re-encoded one by one as they are decoded
     * (each entry's actions live only until the next). */
    struct ofp_action stub[ACTION_STUB_N];
    struct ofp_flow_stats fs;
    struct cursor body;
    struct buf actions;
    uint16_t flags;
    size_t start = 0;
    int retval;

    error = ofp_flow_stats_reply_init(oh, &body, &flags);
    if (error) {
        return error;
    }
    if (op->out) {
        start = ofp_flow_stats_reply_start(op->out, oh->version, flags,
                                           xid_of(oh));
    }
    buf_use_stub(&actions, stub, sizeof stub);
    while ((retval = ofp_flow_stats_next(&body, oh->version, &fs,
                                         &actions)) == 0) {
        if (op->s) {
            new_line(op->s);
            ofp_flow_stats_format(op->s, &fs, oh->version);
        }
        if (op->out) {
            error = ofp_flow_stats_reply_append(op->out, oh->version, &fs);
            if (error) {
                break;
            }
        }
    }
    buf_uninit(&actions);
    if (!error && retval != EOF) {
        error = retval;
    }
    if (!error && op->out) {
        ofp_flow_stats_reply_finish(op->out, start);
    }
    return error;
}

static enum ofperr
mp_table(const struct ofp_header *oh, bool reply, const struct print_op *op)
{
    struct ofp_table_stats ts;
    struct ofp_mp_iter iter;
    struct buf entries;
    enum ofperr error;

    if (!reply) {
        error = ofp_table_stats_request_decode(oh);
        if (!error && op->out) {
            error = ofp_table_stats_request_encode(oh->version, xid_of(oh),
                                                   op->out);
        }
        return error;
    }
    error = ofp_table_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_table_stats_next(&iter, &ts), ts,
                            ofp_table_stats_format(op->s, &ts, oh->version),
                            &entries);
    if (!error && op->out) {
        error = ofp_table_stats_reply_encode((const void *) entries.data,
                                             entries.size / sizeof ts,
                                             oh->version, xid_of(oh),
                                             op->out);
    }
    buf_uninit(&entries);
    return error;
}

static enum ofperr
mp_port_stats(const struct ofp_header *oh, bool reply,
              const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        uint32_t port_no;

        error = ofp_port_stats_request_decode(&port_no, oh);
        if (!error && op->s) {
            ds_put_cstr(op->s, " port_no=");
            ofp_port_no_format(op->s, port_no);
        }
        if (!error && op->out) {
            error = ofp_port_stats_request_encode(port_no, oh->version,
                                                  xid_of(oh), op->out);
        }
        return error;
    }

    struct ofp_port_stats_list list;
    struct ofp_port_stats ps;
    struct buf entries;
    uint16_t flags;

    error = ofp_port_stats_reply_decode(&list, &flags, oh);
    if (error) {
        return error;
    }
    if (op->s) {
        ds_put_format(op->s, " %zu ports", list.n_entries);
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_port_stats_next(&list.entries,
                                                      list.version, &ps),
                            ps, (new_line(op->s),
                                 ofp_port_stats_format(op->s, &ps)),
                            &entries);
    if (!error && op->out) {
        error = ofp_port_stats_reply_encode((const void *) entries.data,
                                            entries.size / sizeof ps, flags,
                                            oh->version, xid_of(oh),
                                            op->out);
    }
    buf_uninit(&entries);
    return error;
}

static enum ofperr
mp_port_desc(const struct ofp_header *oh, bool reply,
             const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        /* The request body is a port number in 1.5 only: empty here. */
        if (op->out) {
            return ofp_port_desc_request_encode(oh->version, xid_of(oh),
                                                op->out);
        }
        return 0;
    }

    struct ofp_port_list list;
    struct ofp_port port;
    struct buf entries;
    uint16_t flags;

    error = ofp_port_desc_reply_decode(&list, &flags, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_port_next(&list.ports, list.version,
                                                &port),
                            port, (new_line(op->s), ds_put_char(op->s, ' '),
                                   ofp_port_format(op->s, &port)),
                            &entries);
    if (!error && op->out) {
        error = ofp_port_desc_reply_encode((const void *) entries.data,
                                           entries.size / sizeof port, flags,
                                           oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&entries);
    return error;
}

static enum ofperr
mp_queue(const struct ofp_header *oh, bool reply, const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        struct ofp_queue_stats_request rq;

        error = ofp_queue_stats_request_decode(&rq, oh);
        if (!error && op->s) {
            ofp_queue_stats_request_format(op->s, &rq);
        }
        if (!error && op->out) {
            error = ofp_queue_stats_request_encode(&rq, oh->version,
                                                   xid_of(oh), op->out);
        }
        return error;
    }

    struct ofp_queue_stats qs;
    struct ofp_mp_iter iter;
    struct buf entries;

    error = ofp_queue_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_queue_stats_next(&iter, &qs), qs,
                            ofp_queue_stats_format(op->s, &qs), &entries);
    if (!error && op->out) {
        error = ofp_queue_stats_reply_encode((const void *) entries.data,
                                             entries.size / sizeof qs,
                                             oh->version, xid_of(oh),
                                             op->out);
    }
    buf_uninit(&entries);
    return error;
}

/* Meter entries carry borrowed band arrays that the iterator reuses: for
 * re-encoding, the bands of every entry are copied to 'bands' and the
 * entries' pointers fixed up once all are collected (the buffer may move
 * while it grows). */
static enum ofperr
mp_meter(const struct ofp_header *oh, bool reply, bool config,
         const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        struct ofp_meter_request mr;

        error = ofp_meter_request_decode(&mr, oh);
        if (!error && op->s) {
            ofp_meter_request_format(op->s, &mr);
        }
        if (!error && op->out) {
            error = ofp_meter_request_encode(&mr, oh->version, xid_of(oh),
                                             op->out);
        }
        return error;
    }

    struct ofp_mp_iter iter;
    struct buf entries, bands, all_bands;
    size_t i, n;
    int retval;

    error = (config ? ofp_meter_config_reply_decode
                    : ofp_meter_stats_reply_decode)(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    buf_init(&bands, 0);
    buf_init(&all_bands, 0);
    if (config) {
        struct ofp_meter_config mc;

        while ((retval = ofp_meter_config_next(&iter, &mc, &bands)) == 0) {
            if (op->s) {
                ofp_meter_config_format(op->s, &mc);
            }
            size_t ofs = all_bands.size;
            buf_put(&all_bands, mc.bands, mc.n_bands * sizeof *mc.bands);
            mc.bands = (const void *) (uintptr_t) ofs;
            buf_put(&entries, &mc, sizeof mc);
        }
        n = entries.size / sizeof mc;
        for (i = 0; i < n; i++) {
            struct ofp_meter_config *e = (void *) entries.data;
            e[i].bands = (!e[i].n_bands ? NULL
                          : (const void *) (all_bands.data
                                            + (uintptr_t) e[i].bands));
        }
        if (retval == EOF && op->out) {
            error = ofp_meter_config_reply_encode((const void *) entries.data,
                                                  n, oh->version, xid_of(oh),
                                                  op->out);
        }
    } else {
        struct ofp_meter_stats ms;

        while ((retval = ofp_meter_stats_next(&iter, &ms, &bands)) == 0) {
            if (op->s) {
                ofp_meter_stats_format(op->s, &ms);
            }
            size_t ofs = all_bands.size;
            buf_put(&all_bands, ms.bands, ms.n_bands * sizeof *ms.bands);
            ms.bands = (const void *) (uintptr_t) ofs;
            buf_put(&entries, &ms, sizeof ms);
        }
        n = entries.size / sizeof ms;
        for (i = 0; i < n; i++) {
            struct ofp_meter_stats *e = (void *) entries.data;
            e[i].bands = (!e[i].n_bands ? NULL
                          : (const void *) (all_bands.data
                                            + (uintptr_t) e[i].bands));
        }
        if (retval == EOF && op->out) {
            error = ofp_meter_stats_reply_encode((const void *) entries.data,
                                                 n, oh->version, xid_of(oh),
                                                 op->out);
        }
    }
    if (retval != EOF) {
        error = retval;
    }
    buf_uninit(&entries);
    buf_uninit(&bands);
    buf_uninit(&all_bands);
    return error;
}

static enum ofperr
mp_meter_features(const struct ofp_header *oh, bool reply,
                  const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        error = ofp_meter_features_request_decode(oh);
        if (!error && op->out) {
            error = ofp_meter_features_request_encode(oh->version,
                                                      xid_of(oh), op->out);
        }
        return error;
    }

    struct ofp_meter_features mf;
    error = ofp_meter_features_decode(&mf, oh);
    if (!error && op->s) {
        ofp_meter_features_format(op->s, &mf);
    }
    if (!error && op->out) {
        error = ofp_meter_features_encode(&mf, oh->version, xid_of(oh),
                                          op->out);
    }
    return error;
}

static enum ofperr
mp_table_features(const struct ofp_header *oh, const struct print_op *op)
{
    struct ofp_table_features tf;
    struct ofp_mp_iter iter;
    struct buf entries;
    bool reply;
    enum ofperr error;

    error = ofp_table_features_decode(&iter, &reply, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    error = COLLECT_ENTRIES(ofp_table_features_next(&iter, &tf), tf,
                            ofp_table_features_format(op->s, &tf), &entries);
    if (!error && op->out) {
        error = ofp_table_features_encode((const void *) entries.data,
                                          entries.size / sizeof tf, reply,
                                          oh->version, xid_of(oh), op->out);
    }
    buf_uninit(&entries);
    return error;
}

/* Group statistics: like meter statistics, each entry's bucket counters
 * are borrowed from a buffer the iterator reuses, so they are copied for
 * re-encoding. */
static enum ofperr
mp_group(const struct ofp_header *oh, bool reply, const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        uint32_t group_id;

        error = ofp_group_stats_request_decode(&group_id, oh);
        if (!error && op->s) {
            ofp_group_stats_request_format(op->s, group_id);
        }
        if (!error && op->out) {
            error = ofp_group_stats_request_encode(group_id, oh->version,
                                                   xid_of(oh), op->out);
        }
        return error;
    }

    struct ofp_group_stats gs;
    struct ofp_mp_iter iter;
    struct buf entries, counters, all_counters;
    size_t i, n;
    int retval;

    error = ofp_group_stats_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    buf_init(&counters, 0);
    buf_init(&all_counters, 0);
    while ((retval = ofp_group_stats_next(&iter, &gs, &counters)) == 0) {
        if (op->s) {
            ofp_group_stats_format(op->s, &gs);
        }
        size_t ofs = all_counters.size;
        buf_put(&all_counters, gs.buckets, gs.n_buckets * sizeof *gs.buckets);
        gs.buckets = (const void *) (uintptr_t) ofs;
        buf_put(&entries, &gs, sizeof gs);
    }
    n = entries.size / sizeof gs;
    for (i = 0; i < n; i++) {
        struct ofp_group_stats *e = (void *) entries.data;
        e[i].buckets = (!e[i].n_buckets ? NULL
                        : (const void *) (all_counters.data
                                          + (uintptr_t) e[i].buckets));
    }
    if (retval != EOF) {
        error = retval;
    } else if (op->out) {
        error = ofp_group_stats_reply_encode((const void *) entries.data, n,
                                             oh->version, xid_of(oh),
                                             op->out);
    }
    buf_uninit(&entries);
    buf_uninit(&counters);
    buf_uninit(&all_counters);
    return error;
}

static enum ofperr
mp_group_features(const struct ofp_header *oh, bool reply,
                  const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        error = ofp_group_features_request_decode(oh);
        if (!error && op->out) {
            error = ofp_group_features_request_encode(oh->version,
                                                      xid_of(oh), op->out);
        }
        return error;
    }

    struct ofp_group_features gf;
    error = ofp_group_features_decode(&gf, oh);
    if (!error && op->s) {
        ofp_group_features_format(op->s, &gf);
    }
    if (!error && op->out) {
        error = ofp_group_features_encode(&gf, oh->version, xid_of(oh),
                                          op->out);
    }
    return error;
}

static enum ofperr
mp_group_desc(const struct ofp_header *oh, bool reply,
              const struct print_op *op)
{
    enum ofperr error;

    if (!reply) {
        error = ofp_group_desc_request_decode(oh);
        if (!error && op->out) {
            error = ofp_group_desc_request_encode(oh->version, xid_of(oh),
                                                  op->out);
        }
        return error;
    }

    /* Each entry's buckets and their actions live in buffers that the
     * iterator reuses: copy them for re-encoding, as offsets first (the
     * copies move while they grow), fixed up into pointers at the end. */
    struct ofp_group_desc gd;
    struct ofp_mp_iter iter;
    struct buf entries, buckets, actions, all_buckets, all_actions;
    size_t i, n;
    int retval;

    error = ofp_group_desc_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&entries, 0);
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    buf_init(&all_buckets, 0);
    buf_init(&all_actions, 0);
    while ((retval = ofp_group_desc_next(&iter, &gd, &buckets,
                                         &actions)) == 0) {
        if (op->s) {
            ofp_group_desc_format(op->s, &gd);
        }
        size_t bofs = all_buckets.size;
        for (i = 0; i < gd.n_buckets; i++) {
            struct ofp_bucket bucket = gd.buckets[i];
            size_t aofs = all_actions.size;

            buf_put(&all_actions, bucket.actions,
                    bucket.n_actions * sizeof *bucket.actions);
            bucket.actions = (const void *) (uintptr_t) aofs;
            buf_put(&all_buckets, &bucket, sizeof bucket);
        }
        gd.buckets = (const void *) (uintptr_t) bofs;
        buf_put(&entries, &gd, sizeof gd);
    }
    struct ofp_bucket *all = (void *) all_buckets.data;
    for (i = 0; i < all_buckets.size / sizeof *all; i++) {
        /* No pointer arithmetic on an empty (NULL) buffer: UB. */
        all[i].actions = (!all[i].n_actions ? NULL
                          : (const void *) (all_actions.data
                                            + (uintptr_t) all[i].actions));
    }
    n = entries.size / sizeof gd;
    struct ofp_group_desc *e = (void *) entries.data;
    for (i = 0; i < n; i++) {
        e[i].buckets = (!e[i].n_buckets ? NULL
                        : (const void *) (all_buckets.data
                                          + (uintptr_t) e[i].buckets));
    }
    if (retval != EOF) {
        error = retval;
    } else if (op->out) {
        error = ofp_group_desc_reply_encode(e, n, oh->version, xid_of(oh),
                                            op->out);
    }
    buf_uninit(&entries);
    buf_uninit(&buckets);
    buf_uninit(&actions);
    buf_uninit(&all_buckets);
    buf_uninit(&all_actions);
    return error;
}

static enum ofperr
do_multipart(const struct ofp_header *oh, const struct print_op *op)
{
    bool reply = (oh->version == OFP10_VERSION
                  ? oh->type == OFPT10_STATS_REPLY
                  : oh->type == OFPT13_MULTIPART_REPLY);
    enum ofp_mp_type mp_type;
    struct cursor body;
    uint16_t flags;
    enum ofperr error;

    error = ofp_mp_decode(oh, &mp_type, &flags, &body);
    if (error) {
        return error;
    }
    if (op->s && flags & OFPMPF_MORE) {
        ds_put_cstr(op->s, " flags=more");
    }
    if (op->out && flags & OFPMPF_MORE
        && !(reply && (mp_type == OFPMP_FLOW || mp_type == OFPMP_PORT_STATS
                       || mp_type == OFPMP_PORT_DESC))) {
        /* Only these encoders can set the MORE flag. */
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    switch (mp_type) {
    case OFPMP_DESC:
        return mp_desc(oh, reply, op);
    case OFPMP_FLOW:
        return mp_flow(oh, reply, false, op);
    case OFPMP_AGGREGATE:
        return mp_flow(oh, reply, true, op);
    case OFPMP_TABLE:
        return mp_table(oh, reply, op);
    case OFPMP_PORT_STATS:
        return mp_port_stats(oh, reply, op);
    case OFPMP_QUEUE:
        return mp_queue(oh, reply, op);
    case OFPMP_METER:
        return mp_meter(oh, reply, false, op);
    case OFPMP_METER_CONFIG:
        return mp_meter(oh, reply, true, op);
    case OFPMP_METER_FEATURES:
        return mp_meter_features(oh, reply, op);
    case OFPMP_TABLE_FEATURES:
        return mp_table_features(oh, op);
    case OFPMP_PORT_DESC:
        return mp_port_desc(oh, reply, op);
    case OFPMP_EXPERIMENTER:
        if (op->s) {
            ds_put_format(op->s, " %zu bytes of experimenter body\n",
                          body.size);
            ofp_print_hex_dump(op->s, body.data, body.size);
        }
        return op->out ? copy_verbatim(oh, op->out) : 0;
    case OFPMP_GROUP:
        return mp_group(oh, reply, op);
    case OFPMP_GROUP_DESC:
        return mp_group_desc(oh, reply, op);
    case OFPMP_GROUP_FEATURES:
        return mp_group_features(oh, reply, op);
    default:
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
}

/* ---- dispatch ---- */

static print_handler *const handlers[OFPTYPE_N] = {
    [OFPTYPE_HELLO] = do_hello,
    [OFPTYPE_ERROR] = do_error,
    [OFPTYPE_ECHO_REQUEST] = do_echo,
    [OFPTYPE_ECHO_REPLY] = do_echo,
    [OFPTYPE_EXPERIMENTER] = do_experimenter,
    [OFPTYPE_FEATURES_REQUEST] = do_empty,
    [OFPTYPE_FEATURES_REPLY] = do_features_reply,
    [OFPTYPE_GET_CONFIG_REQUEST] = do_empty,
    [OFPTYPE_GET_CONFIG_REPLY] = do_switch_config,
    [OFPTYPE_SET_CONFIG] = do_switch_config,
    [OFPTYPE_PACKET_IN] = do_packet_in,
    [OFPTYPE_FLOW_REMOVED] = do_flow_removed,
    [OFPTYPE_PORT_STATUS] = do_port_status,
    [OFPTYPE_PACKET_OUT] = do_packet_out,
    [OFPTYPE_FLOW_MOD] = do_flow_mod,
    [OFPTYPE_PORT_MOD] = do_port_mod,
    [OFPTYPE_BARRIER_REQUEST] = do_empty,
    [OFPTYPE_BARRIER_REPLY] = do_empty,
    [OFPTYPE_GET_ASYNC_REQUEST] = do_empty,
    [OFPTYPE_GET_ASYNC_REPLY] = do_async,
    [OFPTYPE_SET_ASYNC] = do_async,
    [OFPTYPE_ROLE_REQUEST] = do_role,
    [OFPTYPE_ROLE_REPLY] = do_role,
    [OFPTYPE_TABLE_MOD] = do_table_mod,
    [OFPTYPE_METER_MOD] = do_meter_mod,
    [OFPTYPE_GROUP_MOD] = do_group_mod,
    [OFPTYPE_QUEUE_GET_CONFIG_REQUEST] = do_queue_get_config_request,
    [OFPTYPE_QUEUE_GET_CONFIG_REPLY] = do_queue_get_config_reply,
    [OFPTYPE_MULTIPART_REQUEST] = do_multipart,
    [OFPTYPE_MULTIPART_REPLY] = do_multipart,
};

/* Appends "OFPT_FLOW_MOD (OF1.3) (xid=0x2):" for 'oh', of 'type' if
 * 'framed' (else the raw type number: framing failed). */
static void
put_header_line(struct ds *s, const struct ofp_header *oh, bool framed,
                enum ofptype type)
{
    enum ofp_mp_type mp_type;
    uint16_t flags;
    struct cursor body;

    if (!framed) {
        ds_put_format(s, "OFPT (type=%u)", oh->type);
    } else if ((type == OFPTYPE_MULTIPART_REQUEST
                || type == OFPTYPE_MULTIPART_REPLY)
               && !ofp_mp_decode(oh, &mp_type, &flags, &body)) {
        /* ovs-ofctl's names: OFPST_PORT for port stats, otherwise the
         * subtype's name. */
        const char *name = (mp_type == OFPMP_PORT_STATS ? "OFPMP_PORT"
                            : ofp_mp_type_name(mp_type));
        ds_put_format(s, "OFPST_%s %s",
                      !strncmp(name, "OFPMP_", 6) ? name + 6 : name,
                      type == OFPTYPE_MULTIPART_REQUEST ? "request"
                                                        : "reply");
    } else {
        ds_put_cstr(s, ofptype_name(type));
    }
    if (oh->version == OFP13_VERSION) {
        ds_put_cstr(s, " (OF1.3)");
    } else if (oh->version != OFP10_VERSION) {
        ds_put_format(s, " (OF 0x%02x)", oh->version);
    }
    ds_put_format(s, " (xid=0x%"PRIx32"):", ntohl(oh->xid));
}

/* Frames and runs the handler of the message in 'data'/'size'; see
 * ofp_print() and ofp_print_reencode(). */
static enum ofperr
run(const void *data, size_t size, const struct print_op *op)
{
    /* Handlers read the message through struct pointers: give them an
     * aligned copy when the caller's bytes are not (a stream of messages
     * puts the second one anywhere). */
    uint64_t stub[512];
    const struct ofp_header *oh = data;
    struct buf copy;
    enum ofptype type = OFPTYPE_HELLO;
    enum ofperr error;

    buf_use_stub(&copy, stub, sizeof stub);
    if ((uintptr_t) data % 8) {
        oh = buf_put(&copy, data, size);
    }
    if (size < sizeof *oh) {
        if (op->s) {
            ds_put_format(op->s, "(***truncated: %zu bytes***)", size);
        }
        error = OFPERR_OFPBRC_BAD_LEN;
    } else {
        bool framed;

        error = ofp_msg_decode_type(oh, size, &type);
        framed = !error;
        if (!error && ntohs(oh->length) != size) {
            error = OFPERR_OFPBRC_BAD_LEN;      /* Trailing bytes. */
        }
        if (op->s) {
            put_header_line(op->s, oh, framed, type);
        }
        if (!error) {
            print_handler *handler = handlers[type];
            struct ds body = DS_EMPTY_INITIALIZER;
            struct print_op op2 = { .s = op->s ? &body : NULL,
                                    .out = op->out };

            error = handler ? handler(oh, &op2) : OFPERR_OFPBRC_BAD_TYPE;
            if (body.length) {
                /* Modules start their text with a space or a newline as
                 * ovs-ofctl does, or not: make it uniform. */
                if (body.string[0] != ' ' && body.string[0] != '\n') {
                    ds_put_char(op->s, ' ');
                }
                ds_put_buffer(op->s, body.string, body.length);
            }
            ds_destroy(&body);
        }
    }
    if (error && op->s) {
        end_line(op->s);
        ds_put_format(op->s, "***decode error: %s***\n",
                      ofperr_get_name(error));
        ofp_print_hex_dump(op->s, data, size);
    }
    if (op->s) {
        end_line(op->s);
    }
    buf_uninit(&copy);
    return error;
}

enum ofperr
ofp_print(struct ds *s, const void *data, size_t size)
{
    struct print_op op = { .s = s, .out = NULL };

    return run(data, size, &op);
}

enum ofperr
ofp_print_reencode(const struct ofp_header *oh, size_t size, struct buf *out)
{
    size_t start = out->size;
    struct print_op op = { .s = NULL, .out = out };
    enum ofperr error;

    /* HELLO and ERROR frame in any version (negotiation must work), but
     * Kumo encodes only the versions it speaks. */
    if (size >= sizeof *oh
        && oh->version != OFP10_VERSION && oh->version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    error = run(oh, size, &op);

    if (error) {
        buf_truncate(out, start);
    }
    return error;
}

enum ofperr
ofp_print_stream(struct ds *s, const void *data_, size_t size)
{
    const uint8_t *data = data_;
    enum ofperr first = 0;

    while (size > 0) {
        const struct ofp_header *oh = (const void *) data;
        size_t len;
        enum ofperr error;

        if (size < sizeof *oh) {
            ds_put_format(s, "(***%zu trailing bytes: truncated header***)\n"
                          "***decode error: %s***\n", size,
                          ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
            ofp_print_hex_dump(s, data, size);
            return first ? first : OFPERR_OFPBRC_BAD_LEN;
        }
        len = (size_t) data[2] << 8 | data[3];
        if (len < sizeof *oh || len > size) {
            ds_put_format(s, "(***header says %zu bytes, %zu available***)\n"
                          "***decode error: %s***\n", len, size,
                          ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
            ofp_print_hex_dump(s, data, size);
            return first ? first : OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp_print(s, data, len);
        if (error && !first) {
            first = error;
        }
        data += len;
        size -= len;
    }
    return first;
}
