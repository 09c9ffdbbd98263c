/* api-switch: see api-switch.h. */
#include "api/api-switch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/ctl-proto.h"
#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-flow.h"

/* Returns the items of 'array' in the window 'page' (new array); takes
 * ownership of 'array'. */
static json_t *
page_slice(json_t *array, const struct api_page *page)
{
    size_t total = json_array_size(array);
    json_t *items = json_array();
    size_t i;

    for (i = page->offset; i < total && i - page->offset < page->limit;
         i++) {
        json_array_append(items, json_array_get(array, i));
    }
    json_decref(array);
    return api_page_result(items, total, page);
}

static bool
list_query_ok(const struct api_request *req, struct api_page *page,
              struct api_response *resp)
{
    static const char *const allowed[] = { "offset", "limit", NULL };

    return api_query_check(req, allowed, resp)
           && api_page_parse(req, page, resp);
}

static struct core_snapshot *
take_snapshot(const struct api_ctx *ctx, struct api_response *resp)
{
    struct core_snapshot *snap = ctx->snapshot_take
                                 ? ctx->snapshot_take() : NULL;
    if (!snap) {
        api_error(resp, 503, NULL, "switch state is not available (kumod "
                  "is starting or stopping)");
    }
    return snap;
}

static bool
parse_dpid(const char *arg, uint64_t *dpid, struct api_response *resp)
{
    if (!ctl_proto_parse_dpid(arg, dpid)) {
        api_error(resp, 400, "dpid", "\"%s\" is not a datapath id (decimal, "
                  "0x-hex, 16 hex digits or xx:xx:xx:xx:xx:xx:xx:xx)", arg);
        return false;
    }
    return true;
}

static void
no_switch(uint64_t dpid, struct api_response *resp)
{
    char s[17];

    ctl_proto_format_dpid(dpid, s);
    api_error(resp, 404, "dpid", "no switch with datapath id %s is "
              "connected", s);
}

void
api_switch_list(const struct api_ctx *ctx, const struct api_request *req,
                char *const args[], struct api_response *resp)
{
    struct core_snapshot *snap;
    struct api_page page;

    (void) args;
    if (!list_query_ok(req, &page, resp) || !(snap = take_snapshot(ctx, resp))) {
        return;
    }
    api_reply(resp, 200, page_slice(ctl_proto_switches_json(
                                        snap, core_wall_msec()), &page));
    core_snapshot_destroy(snap);
}

void
api_switch_get(const struct api_ctx *ctx, const struct api_request *req,
               char *const args[], struct api_response *resp)
{
    const struct core_switch_info *sw;
    static const char *const none[] = { NULL };
    struct core_snapshot *snap;
    json_t *all, *one = NULL;
    uint64_t dpid;
    size_t i;

    if (!api_query_check(req, none, resp) || !parse_dpid(args[0], &dpid, resp)
        || !(snap = take_snapshot(ctx, resp))) {
        return;
    }
    sw = core_snapshot_find(snap, dpid);
    if (!sw) {
        no_switch(dpid, resp);
        core_snapshot_destroy(snap);
        return;
    }
    /* The list rendering is sorted like the snapshot: pick our entry. */
    all = ctl_proto_switches_json(snap, core_wall_msec());
    for (i = 0; i < snap->n_switches; i++) {
        if (&snap->switches[i] == sw) {
            one = json_incref(json_array_get(all, i));
        }
    }
    json_decref(all);
    json_object_set_new(one, "counters",
                        ctl_proto_switch_counters_json(&sw->counters));
    json_object_set_new(one, "send_queue_bytes",
                        json_integer((json_int_t) sw->send_queue_bytes));
    api_reply(resp, 200, one);
    core_snapshot_destroy(snap);
}

void
api_switch_ports(const struct api_ctx *ctx, const struct api_request *req,
                 char *const args[], struct api_response *resp)
{
    const struct core_switch_info *sw;
    struct core_snapshot *snap;
    struct api_page page;
    uint64_t dpid;

    if (!list_query_ok(req, &page, resp) || !parse_dpid(args[0], &dpid, resp)
        || !(snap = take_snapshot(ctx, resp))) {
        return;
    }
    sw = core_snapshot_find(snap, dpid);
    if (sw) {
        api_reply(resp, 200, page_slice(ctl_proto_ports_json(sw), &page));
    } else {
        no_switch(dpid, resp);
    }
    core_snapshot_destroy(snap);
}

void
api_switch_flows(const struct api_ctx *ctx, const struct api_request *req,
                 char *const args[], struct api_response *resp)
{
    struct ofp_flow_stats_request fsr;
    const struct core_switch_info *sw;
    struct core_snapshot *snap;
    struct core_reply reply;
    enum ofp_version version;
    struct api_page page;
    char *error_text = NULL;
    json_t *flows;
    struct buf msg;
    uint64_t dpid;
    char s[17];
    int error;

    if (!list_query_ok(req, &page, resp) || !parse_dpid(args[0], &dpid, resp)
        || !(snap = take_snapshot(ctx, resp))) {
        return;
    }
    sw = core_snapshot_find(snap, dpid);
    version = sw ? sw->version : 0;
    core_snapshot_destroy(snap);
    if (!sw) {
        no_switch(dpid, resp);
        return;
    }
    ctl_proto_format_dpid(dpid, s);

    ofp_flow_stats_request_init(&fsr, false);
    buf_init(&msg, 128);
    error = ofp_flow_stats_request_encode(&fsr, version, 0, &msg);
    if (error) {
        buf_uninit(&msg);
        api_error(resp, 500, NULL, "cannot encode a flow stats request: %s",
                  ofperr_get_name(error));
        return;
    }
    memset(&reply, 0, sizeof reply);
    error = ctx->switch_request(dpid, &msg, ctx->flows_timeout_ms, &reply);
    buf_uninit(&msg);
    if (!error) {
        error = reply.error;
    }
    if (error == ENOENT || error == ENOTCONN) {
        api_error(resp, 404, "dpid", "switch %s disconnected", s);
    } else if (error == ETIMEDOUT) {
        api_error(resp, 504, NULL, "switch %s did not answer the flow stats "
                  "request within %d ms", s, ctx->flows_timeout_ms);
    } else if (error == ESHUTDOWN) {
        api_error(resp, 503, NULL, "kumod is stopping");
    } else if (ofperr_is_valid(error)) {
        api_error(resp, 502, NULL, "switch %s refused the flow stats "
                  "request: %s", s, ofperr_get_name(error));
    } else if (error) {
        api_error(resp, 502, NULL, "flow stats request to %s failed: %s", s,
                  strerror(error));
    } else if (!reply.body) {
        api_error(resp, 502, NULL, "switch %s sent no flow stats body", s);
    } else if (!(flows = ctl_proto_flows_json(version, reply.body->data,
                                              reply.body->size,
                                              &error_text))) {
        api_error(resp, 502, NULL, "switch %s sent bad flow stats: %s", s,
                  error_text);
        free(error_text);
    } else {
        api_reply(resp, 200, page_slice(flows, &page));
    }
    core_reply_uninit(&reply);
}
