/* api-topo: see api-topo.h. */
#include "api/api-topo.h"

#include <stdlib.h>
#include <string.h>

#include "fabric/fabric.h"
#include "lib/util.h"

/* Returns the view's result, or NULL with '*errorp' and '*statusp'. */
static json_t *
view_result(json_t *result, bool not_running, char *error, char **errorp,
            int *statusp)
{
    if (result) {
        return result;
    }
    if (not_running) {
        *errorp = xstrdup("the fabric is not running (kumod runs with "
                          "forwarding = learning)");
        *statusp = 503;
        return NULL;
    }
    *errorp = error ? error : xstrdup("fabric view failed");
    *statusp = error ? 404 : 500;
    if (error && strstr(error, "is not a MAC")) {
        *statusp = 400;
    }
    return NULL;
}

json_t *
api_topo_fabric_topology(char **errorp, int *statusp)
{
    bool not_running;
    char *error;
    json_t *result = fabric_run_topology(&not_running, &error);

    return view_result(result, not_running, error, errorp, statusp);
}

json_t *
api_topo_fabric_path(const char *src, const char *dst, char **errorp,
                     int *statusp)
{
    bool not_running;
    char *error;
    json_t *result = fabric_run_path(src, dst, &not_running, &error);

    return view_result(result, not_running, error, errorp, statusp);
}

/* Answers a page of topology member 'member' ("links" or "hosts"). */
static void
topology_list(const struct api_ctx *ctx, const struct api_request *req,
              const char *member, struct api_response *resp)
{
    static const char *const allowed[] = { "offset", "limit", NULL };
    struct api_page page;
    json_t *topo, *all, *items;
    char *error = NULL;
    int status = 503;
    size_t i, total;

    if (!api_query_check(req, allowed, resp)
        || !api_page_parse(req, &page, resp)) {
        return;
    }
    topo = ctx->topology ? ctx->topology(&error, &status) : NULL;
    if (!topo) {
        api_error(resp, status, NULL, "%s",
                  error ? error : "the fabric is not available");
        free(error);
        return;
    }
    all = json_object_get(topo, member);
    total = json_array_size(all);
    items = json_array();
    for (i = page.offset; i < total && i - page.offset < page.limit; i++) {
        json_array_append(items, json_array_get(all, i));
    }
    api_reply(resp, 200, api_page_result(items, total, &page));
    json_decref(topo);
}

void
api_topo_links(const struct api_ctx *ctx, const struct api_request *req,
               char *const args[], struct api_response *resp)
{
    (void) args;
    topology_list(ctx, req, "links", resp);
}

void
api_topo_hosts(const struct api_ctx *ctx, const struct api_request *req,
               char *const args[], struct api_response *resp)
{
    (void) args;
    topology_list(ctx, req, "hosts", resp);
}

void
api_topo_path(const struct api_ctx *ctx, const struct api_request *req,
              char *const args[], struct api_response *resp)
{
    static const char *const allowed[] = { "src", "dst", NULL };
    const char *src = api_query_get(req, "src");
    const char *dst = api_query_get(req, "dst");
    char *error = NULL;
    int status = 503;
    json_t *path;

    (void) args;
    if (!api_query_check(req, allowed, resp)) {
        return;
    }
    if (!src || !src[0] || !dst || !dst[0]) {
        const char *missing = !src || !src[0] ? "src" : "dst";
        api_error(resp, 400, missing, "query parameter \"%s\" (a host's "
                  "MAC, IPv4 or IPv6 address) is required", missing);
        return;
    }
    path = ctx->path ? ctx->path(src, dst, &error, &status) : NULL;
    if (path) {
        api_reply(resp, 200, path);
        return;
    }
    /* The fabric names the source or the destination in its message. */
    api_error(resp, status,
              !error ? NULL
              : !strncmp(error, "source", 6) ? "src"
              : !strncmp(error, "destination", 11) ? "dst" : NULL,
              "%s", error ? error : "the fabric is not available");
    free(error);
}
