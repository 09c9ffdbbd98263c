/* api-switch: read-only switch routes of the native API, from core
 * snapshots (src/core/app.h) and, for flows, a flow stats request to the
 * switch (core_switch_request through api_ctx, so unit tests can fake it):
 *
 *   GET /v1/switches                   paginated list
 *   GET /v1/switches/{dpid}            one switch with its counters
 *   GET /v1/switches/{dpid}/ports      paginated ports
 *   GET /v1/switches/{dpid}/flows      paginated flow entries
 *
 * {dpid} is written as in kumoctl: decimal, 0x-hex, 16 hex digits or
 * colon-separated bytes.  The objects are those of the control socket's
 * "switches", "ports" and "flows" results (ctl-proto.h). */
#ifndef KUMO_API_API_SWITCH_H
#define KUMO_API_API_SWITCH_H 1

#include "api/api-router.h"

api_handler api_switch_list;
api_handler api_switch_get;
api_handler api_switch_ports;
api_handler api_switch_flows;

#endif /* api-switch.h */
