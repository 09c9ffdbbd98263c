/* ctl-proto: see ctl-proto.h. */
#include "core/ctl-proto.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/l2switch.h"
#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"

void
ctl_request_uninit(struct ctl_request *req)
{
    size_t i;

    if (!req) {
        return;
    }
    free(req->cmd);
    for (i = 0; i < req->n_args; i++) {
        free(req->args[i]);
    }
    free(req->args);
    memset(req, 0, sizeof *req);
}

char *
ctl_proto_parse_request(const char *line, size_t size,
                        struct ctl_request *req)
{
    json_error_t jerr;
    json_t *root, *cmd, *args;
    const char *key;
    json_t *value;
    char *error = NULL;
    size_t i;

    memset(req, 0, sizeof *req);
    root = json_loadb(line, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        return xasprintf("request is not valid JSON: %s", jerr.text);
    }
    if (!json_is_object(root)) {
        error = xstrdup("request must be a JSON object");
        goto out;
    }
    json_object_foreach(root, key, value) {
        if (strcmp(key, "cmd") && strcmp(key, "args")) {
            error = xasprintf("unknown key \"%s\" in request (expected "
                              "\"cmd\" and \"args\")", key);
            goto out;
        }
    }
    cmd = json_object_get(root, "cmd");
    if (!cmd) {
        error = xstrdup("request has no \"cmd\"");
        goto out;
    }
    if (!json_is_string(cmd)) {
        error = xstrdup("\"cmd\" must be a string");
        goto out;
    }
    args = json_object_get(root, "args");
    if (args && !json_is_array(args)) {
        error = xstrdup("\"args\" must be an array of strings");
        goto out;
    }
    if (args) {
        json_array_foreach(args, i, value) {
            if (!json_is_string(value)) {
                error = xasprintf("\"args\"[%zu] must be a string", i);
                goto out;
            }
        }
    }
    req->cmd = xstrdup(json_string_value(cmd));
    req->n_args = args ? json_array_size(args) : 0;
    req->args = xcalloc(req->n_args ? req->n_args : 1, sizeof *req->args);
    for (i = 0; i < req->n_args; i++) {
        req->args[i] = xstrdup(json_string_value(json_array_get(args, i)));
    }
out:
    json_decref(root);
    return error;
}

/* Serializes 'root' (consumed) compactly plus a newline. */
static char *
dump_line(json_t *root)
{
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    char *line;

    json_decref(root);
    if (!text) {
        kumo_fatal("ctl-proto: cannot serialize JSON");
    }
    line = xasprintf("%s\n", text);
    free(text);
    return line;
}

char *
ctl_proto_build_request(const char *cmd, size_t n_args, char *const args[])
{
    json_t *root = json_object();
    json_t *array = json_array();
    size_t i;

    json_object_set_new(root, "cmd", json_string(cmd));
    for (i = 0; i < n_args; i++) {
        json_array_append_new(array, json_string(args[i]));
    }
    json_object_set_new(root, "args", array);
    return dump_line(root);
}

char *
ctl_proto_reply_ok(json_t *result)
{
    json_t *root = json_object();

    json_object_set_new(root, "ok", json_true());
    json_object_set_new(root, "result", result ? result : json_null());
    return dump_line(root);
}

char *
ctl_proto_reply_error(const char *message)
{
    json_t *root = json_object();

    json_object_set_new(root, "ok", json_false());
    json_object_set_new(root, "error", json_string(message));
    return dump_line(root);
}

char *
ctl_proto_parse_reply(const char *line, size_t size, bool *okp,
                      json_t **resultp, char **errorp)
{
    json_error_t jerr;
    json_t *root, *ok;
    char *error = NULL;

    *okp = false;
    *resultp = NULL;
    *errorp = NULL;
    root = json_loadb(line, size, 0, &jerr);
    if (!root) {
        return xasprintf("reply is not valid JSON: %s", jerr.text);
    }
    ok = json_object_get(root, "ok");
    if (!json_is_object(root) || !json_is_boolean(ok)) {
        error = xstrdup("reply has no boolean \"ok\"");
    } else if (json_is_true(ok)) {
        json_t *result = json_object_get(root, "result");

        *okp = true;
        *resultp = json_incref(result ? result : json_null());
    } else {
        json_t *msg = json_object_get(root, "error");

        if (!json_is_string(msg)) {
            error = xstrdup("error reply has no string \"error\"");
        } else {
            *errorp = xstrdup(json_string_value(msg));
        }
    }
    json_decref(root);
    return error;
}

static int
hex_value(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Parses exactly 'n' hex digits at 's' into '*value' (accumulating). */
static bool
parse_hex_digits(const char *s, size_t n, uint64_t *value)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int d = hex_value((unsigned char) s[i]);
        if (d < 0) {
            return false;
        }
        *value = (*value << 4) | (uint64_t) d;
    }
    return true;
}

bool
ctl_proto_parse_dpid(const char *s, uint64_t *dpid)
{
    size_t len = strlen(s);
    uint64_t value = 0;
    size_t i;

    if (len == 23 && s[2] == ':') {
        /* 00:00:00:00:00:00:00:01 */
        for (i = 0; i < 8; i++) {
            if (!parse_hex_digits(s + i * 3, 2, &value)
                || (i < 7 && s[i * 3 + 2] != ':')) {
                return false;
            }
        }
    } else if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (len - 2 > 16 || !parse_hex_digits(s + 2, len - 2, &value)) {
            return false;
        }
    } else if (len == 16) {
        if (!parse_hex_digits(s, 16, &value)) {
            return false;
        }
    } else if (len > 0 && len <= 20) {
        for (i = 0; i < len; i++) {
            unsigned int d;

            if (!isdigit((unsigned char) s[i])) {
                return false;
            }
            d = (unsigned int) (s[i] - '0');
            if (value > (UINT64_MAX - d) / 10) {
                return false;   /* Overflow. */
            }
            value = value * 10 + d;
        }
    } else {
        return false;
    }
    *dpid = value;
    return true;
}

void
ctl_proto_format_dpid(uint64_t dpid, char buf[17])
{
    snprintf(buf, 17, "%016" PRIx64, dpid);
}

const char *
ctl_proto_version_name(enum ofp_version version)
{
    switch (version) {
    case OFP10_VERSION:
        return "1.0";
    case OFP11_VERSION:
        return "1.1";
    case OFP12_VERSION:
        return "1.2";
    case OFP13_VERSION:
        return "1.3";
    case OFP14_VERSION:
        return "1.4";
    case OFP15_VERSION:
        return "1.5";
    }
    return "?";
}

void
ctl_proto_format_time(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t) (ms / 1000);
    struct tm tm;

    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ",
                                        &tm)) {
        snprintf(buf, size, "?");
    }
}

static const char *
role_name(enum ofswitch_role role)
{
    switch (role) {
    case OFSWITCH_ROLE_EQUAL:
        return "equal";
    case OFSWITCH_ROLE_MASTER:
        return "master";
    case OFSWITCH_ROLE_SLAVE:
        return "slave";
    }
    return "?";
}

static json_t *
dpid_json(uint64_t dpid)
{
    char s[17];

    ctl_proto_format_dpid(dpid, s);
    return json_string(s);
}

json_t *
ctl_proto_switches_json(const struct core_snapshot *snap, int64_t wall_now_ms)
{
    json_t *array = json_array();
    size_t i;

    for (i = 0; i < snap->n_switches; i++) {
        const struct core_switch_info *sw = &snap->switches[i];
        json_t *o = json_object();
        char when[32];
        int64_t secs = (wall_now_ms - sw->connected_since) / 1000;

        ctl_proto_format_time(sw->connected_since, when, sizeof when);
        json_object_set_new(o, "dpid", dpid_json(sw->dpid));
        json_object_set_new(o, "address", json_string(sw->remote));
        json_object_set_new(o, "version",
                            json_string(ctl_proto_version_name(sw->version)));
        json_object_set_new(o, "n_ports", json_integer((json_int_t) sw->n_ports));
        json_object_set_new(o, "n_buffers", json_integer(sw->n_buffers));
        json_object_set_new(o, "n_tables", json_integer(sw->n_tables));
        json_object_set_new(o, "connected_since", json_string(when));
        json_object_set_new(o, "connected_secs",
                            json_integer(secs > 0 ? secs : 0));
        json_object_set_new(o, "role", json_string(role_name(sw->role)));
        json_object_set_new(o, "worker", json_integer(sw->worker));
        json_array_append_new(array, o);
    }
    return array;
}

/* OFPPC_* bit names (positions are the same in 1.0 and 1.3; the STP and
 * NO_FLOOD bits exist in 1.0 only). */
static const struct {
    uint32_t bit;
    const char *name;
} port_config_names[] = {
    { 1u << 0, "port_down" },
    { 1u << 1, "no_stp" },
    { 1u << 2, "no_recv" },
    { 1u << 3, "no_recv_stp" },
    { 1u << 4, "no_flood" },
    { 1u << 5, "no_fwd" },
    { 1u << 6, "no_packet_in" },
};
#define PORT_CONFIG_DOWN (1u << 0)
#define PORT_STATE_LINK_DOWN (1u << 0)
#define PORT_STATE_BLOCKED (1u << 1)    /* 1.3 */

static void
format_port_no(char *buf, size_t size, uint32_t port_no)
{
    if (port_no == 0xfffffffeu) {
        snprintf(buf, size, "LOCAL");
    } else {
        snprintf(buf, size, "%" PRIu32, port_no);
    }
}

json_t *
ctl_proto_ports_json(const struct core_switch_info *sw)
{
    json_t *array = json_array();
    size_t i, j;

    for (i = 0; i < sw->n_ports; i++) {
        const struct ofswitch_port *p = &sw->ports[i];
        json_t *o = json_object();
        json_t *config = json_array();
        struct ds mac = DS_EMPTY_INITIALIZER;
        char num[16];
        const char *state;
        char name[sizeof p->name + 1];

        memcpy(name, p->name, sizeof p->name);
        name[sizeof p->name] = '\0';
        if (p->config & PORT_CONFIG_DOWN || p->state & PORT_STATE_LINK_DOWN) {
            state = "down";
        } else if (sw->version >= OFP13_VERSION
                   && p->state & PORT_STATE_BLOCKED) {
            state = "blocked";
        } else {
            state = "up";
        }
        for (j = 0; j < ARRAY_SIZE(port_config_names); j++) {
            if (p->config & port_config_names[j].bit) {
                json_array_append_new(config,
                                      json_string(port_config_names[j].name));
            }
        }
        ds_put_eth_addr(&mac, &p->hw_addr);
        format_port_no(num, sizeof num, p->port_no);
        json_object_set_new(o, "port_no", json_integer(p->port_no));
        json_object_set_new(o, "port", json_string(num));
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(o, "hw_addr", json_string(ds_cstr(&mac)));
        json_object_set_new(o, "state", json_string(state));
        json_object_set_new(o, "link_down",
                            json_boolean(p->state & PORT_STATE_LINK_DOWN));
        json_object_set_new(o, "admin_down",
                            json_boolean(p->config & PORT_CONFIG_DOWN));
        json_object_set_new(o, "config", config);
        json_object_set_new(o, "curr_speed_kbps", json_integer(p->curr_speed));
        json_object_set_new(o, "max_speed_kbps", json_integer(p->max_speed));
        json_array_append_new(array, o);
        ds_destroy(&mac);
    }
    return array;
}

json_t *
ctl_proto_switch_counters_json(const struct ofswitch_counters *c)
{
    json_t *o = json_object();

#define COUNTER(NAME) \
    json_object_set_new(o, #NAME, json_integer((json_int_t) c->NAME))
    COUNTER(rx_msgs);
    COUNTER(tx_msgs);
    COUNTER(rx_bytes);
    COUNTER(tx_bytes);
    COUNTER(packet_ins);
    COUNTER(packet_ins_handled);
    COUNTER(packet_in_drops);
    COUNTER(packet_outs);
    COUNTER(packet_out_drops);
    COUNTER(flow_mods);
    COUNTER(tx_drops);
    COUNTER(port_status);
    COUNTER(errors_rx);
    COUNTER(errors_tx);
    COUNTER(echo_requests_tx);
    COUNTER(echo_replies_rx);
    COUNTER(echo_requests_rx);
    COUNTER(barriers);
    COUNTER(multipart_replies);
    COUNTER(unknown_xid);
    COUNTER(send_queue_full);
    COUNTER(send_queue_max);
#undef COUNTER
    return o;
}

static json_t *
global_counters_json(const struct core_global_counters *g)
{
    json_t *o = json_object();

#define COUNTER(NAME) \
    json_object_set_new(o, #NAME, json_integer((json_int_t) g->NAME))
    COUNTER(accepted);
    COUNTER(closed);
    COUNTER(handshakes);
    COUNTER(handshake_failures);
    COUNTER(hello_failures);
    COUNTER(tls_failures);
    COUNTER(echo_timeouts);
    COUNTER(dpid_replaced);
    COUNTER(framing_errors);
    COUNTER(decode_errors);
#undef COUNTER
    return o;
}

json_t *
ctl_proto_counters_json(const struct core_snapshot *snap)
{
    json_t *o = json_object();
    json_t *switches = json_array();
    size_t i;

    json_object_set_new(o, "n_workers", json_integer((json_int_t) snap->n_workers));
    json_object_set_new(o, "n_connections",
                        json_integer((json_int_t) snap->n_connections));
    json_object_set_new(o, "n_switches",
                        json_integer((json_int_t) snap->n_switches));
    json_object_set_new(o, "global", global_counters_json(&snap->global));
    json_object_set_new(o, "total",
                        ctl_proto_switch_counters_json(&snap->total));
    for (i = 0; i < snap->n_switches; i++) {
        const struct core_switch_info *sw = &snap->switches[i];
        json_t *s = json_object();

        json_object_set_new(s, "dpid", dpid_json(sw->dpid));
        json_object_set_new(s, "send_queue_bytes",
                            json_integer((json_int_t) sw->send_queue_bytes));
        json_object_set_new(s, "counters",
                            ctl_proto_switch_counters_json(&sw->counters));
        json_array_append_new(switches, s);
    }
    json_object_set_new(o, "switches", switches);
    return o;
}

void
ctl_proto_mac_json(json_t *array, const struct eth_addr *mac, uint16_t vlan,
                   uint32_t port, int64_t age_ms)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    char num[16];
    json_t *o = json_object();

    ds_put_eth_addr(&s, mac);
    format_port_no(num, sizeof num, port);
    json_object_set_new(o, "mac", json_string(ds_cstr(&s)));
    json_object_set_new(o, "vlan", json_integer(vlan));
    json_object_set_new(o, "port", json_string(num));
    json_object_set_new(o, "port_no", json_integer(port));
    json_object_set_new(o, "age_sec", json_integer(age_ms / 1000));
    json_array_append_new(array, o);
    ds_destroy(&s);
}

json_t *
ctl_proto_l2switch_stats_json(const struct l2switch_stats *st)
{
    json_t *o = json_object();

#define COUNTER(NAME) \
    json_object_set_new(o, #NAME, json_integer((json_int_t) st->NAME))
    COUNTER(packet_ins);
    COUNTER(flows_added);
    COUNTER(flows_deleted);
    COUNTER(unicasts);
    COUNTER(floods);
    COUNTER(same_port_drops);
    COUNTER(bad_packets);
    COUNTER(bad_sources);
    COUNTER(link_local);
    COUNTER(encode_errors);
#undef COUNTER
    return o;
}

static void
collect_level(const struct log_module *m, void *aux)
{
    json_t *array = aux;
    json_t *o = json_object();

    json_object_set_new(o, "module", json_string(m->name));
    json_object_set_new(o, "level",
                        json_string(log_level_to_string(m->level)));
    json_array_append_new(array, o);
}

static int
compare_module(const void *a_, const void *b_)
{
    json_t *const *a = a_;
    json_t *const *b = b_;

    return strcmp(json_string_value(json_object_get(*a, "module")),
                  json_string_value(json_object_get(*b, "module")));
}

json_t *
ctl_proto_log_levels_json(void)
{
    json_t *unsorted = json_array();
    json_t *sorted = json_array();
    json_t **items;
    size_t i, n;

    log_for_each(collect_level, unsorted);
    n = json_array_size(unsorted);
    items = xcalloc(n ? n : 1, sizeof *items);
    for (i = 0; i < n; i++) {
        items[i] = json_array_get(unsorted, i);
    }
    qsort(items, n, sizeof *items, compare_module);
    for (i = 0; i < n; i++) {
        json_array_append(sorted, items[i]);
    }
    free(items);
    json_decref(unsorted);
    return sorted;
}

json_t *
ctl_proto_flows_json(enum ofp_version version, const void *body, size_t size,
                     char **errorp)
{
    struct cursor c = cursor_make(body, size);
    json_t *array = json_array();
    struct buf actions;
    struct ds text = DS_EMPTY_INITIALIZER;

    buf_init(&actions, 1024);
    for (;;) {
        struct ofp_flow_stats fs;
        char cookie[24];
        int error = ofp_flow_stats_next(&c, version, &fs, &actions);
        json_t *o;

        if (error == EOF) {
            break;
        } else if (error) {
            *errorp = xasprintf("cannot decode flow stats from the switch: %s",
                                ofperr_is_valid(error)
                                ? ofperr_get_name(error) : strerror(error));
            json_decref(array);
            array = NULL;
            break;
        }
        o = json_object();
        snprintf(cookie, sizeof cookie, "0x%" PRIx64, fs.cookie);
        json_object_set_new(o, "table_id", json_integer(fs.table_id));
        json_object_set_new(o, "priority", json_integer(fs.priority));
        json_object_set_new(o, "cookie", json_string(cookie));
        json_object_set_new(o, "duration_sec",
                            json_integer(fs.duration_sec));
        json_object_set_new(o, "idle_timeout",
                            json_integer(fs.idle_timeout));
        json_object_set_new(o, "hard_timeout",
                            json_integer(fs.hard_timeout));
        json_object_set_new(o, "n_packets",
                            json_integer((json_int_t) fs.packet_count));
        json_object_set_new(o, "n_bytes",
                            json_integer((json_int_t) fs.byte_count));
        ds_clear(&text);
        ofp_match_format(&text, &fs.match);
        json_object_set_new(o, "match", json_string(ds_cstr(&text)));
        ds_clear(&text);
        ofp_instructions_format(&text, &fs.instructions);
        json_object_set_new(o, "actions", json_string(ds_cstr(&text)));
        ds_clear(&text);
        ofp_flow_stats_format(&text, &fs, version);
        ds_chomp(&text, '\n');
        json_object_set_new(o, "text", json_string(ds_cstr(&text)));
        json_array_append_new(array, o);
    }
    ds_destroy(&text);
    buf_uninit(&actions);
    return array;
}
