/* ctl-proto: the pure parts of kumod's control-socket protocol, shared by
 * the server (src/core/ctl.c) and the client (kumoctl).
 *
 * Protocol: over a unix stream socket the client writes one JSON object per
 * line, {"cmd":"NAME","args":["ARG",...]}, and the server answers each with
 * one line, {"ok":true,"result":...} or {"ok":false,"error":"TEXT"}.
 *
 * This module parses and builds those lines, parses datapath ids, and
 * renders daemon state (snapshots from core, flow stats bodies from a
 * switch) as JSON results. No sockets, no threads, no clock: time is a
 * parameter. JSON values are jansson's json_t. */
#ifndef KUMO_CORE_CTL_PROTO_H
#define KUMO_CORE_CTL_PROTO_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-errors.h"
#include "openflow/openflow-common.h"

struct core_snapshot;
struct core_switch_info;
struct ofswitch_counters;
struct core_global_counters;
struct l2switch_stats;

/* Longest request line the server accepts (bytes, without the newline). */
#define CTL_PROTO_MAX_LINE 65536

/* A parsed request. */
struct ctl_request {
    char *cmd;              /* Command name (owned). */
    size_t n_args;
    char **args;            /* 'n_args' owned strings. */
};

/* Parses the request line 'line'/'size' (without its newline) into 'req'.
 * Returns NULL on success (caller then calls ctl_request_uninit()), or an
 * error string (caller frees; 'req' is then empty) naming what was wrong:
 * not JSON, not an object, "cmd" missing or not a string, "args" not an
 * array of strings, or an unknown key. */
char *ctl_proto_parse_request(const char *line, size_t size,
                              struct ctl_request *req);
/* Frees what 'req' owns. */
void ctl_request_uninit(struct ctl_request *req);

/* Returns the request line for 'cmd' with 'args' (n_args strings), with a
 * trailing newline. Caller frees. */
char *ctl_proto_build_request(const char *cmd, size_t n_args,
                              char *const args[]);

/* Returns the reply line {"ok":true,"result":RESULT} with a trailing
 * newline. Takes ownership of 'result' (NULL means JSON null). Caller frees
 * the returned string. */
char *ctl_proto_reply_ok(json_t *result);
/* Returns the reply line {"ok":false,"error":MESSAGE} with a trailing
 * newline. Caller frees. */
char *ctl_proto_reply_error(const char *message);

/* Parses the reply line 'line'/'size'. On success returns NULL and sets
 * '*okp' and either '*resultp' (new reference, caller releases with
 * json_decref()) when ok, or '*errorp' (caller frees) when not ok. On a
 * malformed reply returns an error string (caller frees). */
char *ctl_proto_parse_reply(const char *line, size_t size, bool *okp,
                            json_t **resultp, char **errorp);

/* Parses a datapath id written as decimal ("1"), 0x-prefixed hex ("0x1a"),
 * exactly 16 hex digits ("000000000000001a"), or 8 colon-separated hex
 * byte pairs ("00:00:00:00:00:00:00:1a"). Returns true on success. */
bool ctl_proto_parse_dpid(const char *s, uint64_t *dpid);
/* Writes 'dpid' as 16 lowercase hex digits plus NUL into 'buf'. */
void ctl_proto_format_dpid(uint64_t dpid, char buf[17]);

/* Returns "1.0", "1.3", ... for an OpenFlow wire version, or "?". */
const char *ctl_proto_version_name(enum ofp_version version);

/* Formats 'ms' (wall clock, ms since the epoch) as ISO 8601 UTC,
 * "2026-11-29T06:40:01Z", into 'buf' (at least 21 bytes). */
void ctl_proto_format_time(int64_t ms, char *buf, size_t size);

/* Result of "switches": an array with one object per switch in 'snap':
 * dpid, address, version, n_ports, n_buffers, n_tables, connected_since,
 * connected_secs (relative to 'wall_now_ms'), role, worker. */
json_t *ctl_proto_switches_json(const struct core_snapshot *snap,
                                int64_t wall_now_ms);

/* Result of "ports DPID": an array with one object per port of 'sw':
 * port_no, name, hw_addr, state ("up", "down", "blocked"), link_down,
 * admin_down, config (array of flag names), curr_speed_kbps, max_speed_kbps,
 * features (array of current feature names). */
json_t *ctl_proto_ports_json(const struct core_switch_info *sw);

/* Result of "counters": {"global":{...}, "total":{...}, "n_workers",
 * "n_connections", "n_switches", "switches":[{"dpid", "counters":{...}}]}.
 * Counter objects map each counter's name to its value. */
json_t *ctl_proto_counters_json(const struct core_snapshot *snap);
/* One switch's counters as an object of name -> value. */
json_t *ctl_proto_switch_counters_json(const struct ofswitch_counters *c);

/* Result of "flows DPID": decodes the reassembled FLOW multipart reply
 * body 'body'/'size' (every part's body after its multipart header) of a
 * switch speaking 'version' into an array with one object per flow:
 * table_id, priority, cookie ("0x..."), duration_sec, idle_timeout,
 * hard_timeout, n_packets, n_bytes, match and actions (ovs-ofctl syntax,
 * "" for catch-all / no actions) and text (the whole ovs-ofctl dump-flows
 * line). Returns the array, or NULL with '*errorp' set (caller frees) if
 * the body does not decode. */
json_t *ctl_proto_flows_json(enum ofp_version version, const void *body,
                             size_t size, char **errorp);

/* Appends one learned MAC to 'array' (a "macs DPID" result entry):
 * {"mac", "vlan", "port", "age_sec"}. */
void ctl_proto_mac_json(json_t *array, const struct eth_addr *mac,
                        uint16_t vlan, uint32_t port, int64_t age_ms);

/* The learning switch's counters as an object of name -> value (added to
 * the "counters" result as "l2switch"). */
json_t *ctl_proto_l2switch_stats_json(const struct l2switch_stats *st);

/* Result of "log-levels": an array of {"module", "level"} sorted by module
 * name, from the log registry. */
json_t *ctl_proto_log_levels_json(void);

#endif /* ctl-proto.h */
