/* api-router: see api-router.h. */
#include "api/api-router.h"

#include <stdlib.h>
#include <string.h>

#include "api/api-auth.h"
#include "api/api-openapi.h"
#include "api/api-ssp.h"
#include "api/api-switch.h"
#include "api/api-topo.h"
#include "api/api-v1.h"
#include "lib/ds.h"
#include "lib/util.h"

/* The route table.  docs/api.md and the OpenAPI document
 * (api-openapi.c) describe every entry; test-api-openapi checks that the
 * document and this table list the same routes. */
static const struct api_route routes[] = {
    { "GET", "/v1/openapi.json", API_AUTH_NONE, api_openapi_get },

    { "GET", "/v1/switches", API_AUTH_BEARER, api_switch_list },
    { "GET", "/v1/switches/{dpid}", API_AUTH_BEARER, api_switch_get },
    { "GET", "/v1/switches/{dpid}/ports", API_AUTH_BEARER,
      api_switch_ports },
    { "GET", "/v1/switches/{dpid}/flows", API_AUTH_BEARER,
      api_switch_flows },
    { "GET", "/v1/links", API_AUTH_BEARER, api_topo_links },
    { "GET", "/v1/hosts", API_AUTH_BEARER, api_topo_hosts },
    { "GET", "/v1/path", API_AUTH_BEARER, api_topo_path },

    { "GET", "/v1/tenants", API_AUTH_BEARER, api_v1_tenant_list },
    { "POST", "/v1/tenants", API_AUTH_BEARER, api_v1_tenant_create },
    { "GET", "/v1/tenants/{uuid}", API_AUTH_BEARER, api_v1_tenant_get },
    { "PUT", "/v1/tenants/{uuid}", API_AUTH_BEARER, api_v1_tenant_update },
    { "DELETE", "/v1/tenants/{uuid}", API_AUTH_BEARER,
      api_v1_tenant_delete },

    { "GET", "/v1/networks", API_AUTH_BEARER, api_v1_network_list },
    { "POST", "/v1/networks", API_AUTH_BEARER, api_v1_network_create },
    { "GET", "/v1/networks/{uuid}", API_AUTH_BEARER, api_v1_network_get },
    { "PUT", "/v1/networks/{uuid}", API_AUTH_BEARER,
      api_v1_network_update },
    { "DELETE", "/v1/networks/{uuid}", API_AUTH_BEARER,
      api_v1_network_delete },

    { "GET", "/v1/ports", API_AUTH_BEARER, api_v1_port_list },
    { "POST", "/v1/ports", API_AUTH_BEARER, api_v1_port_create },
    { "GET", "/v1/ports/{uuid}", API_AUTH_BEARER, api_v1_port_get },
    { "PUT", "/v1/ports/{uuid}", API_AUTH_BEARER, api_v1_port_update },
    { "DELETE", "/v1/ports/{uuid}", API_AUTH_BEARER, api_v1_port_delete },

    { "GET", "/v1/chassis", API_AUTH_BEARER, api_v1_chassis_list },
    { "POST", "/v1/chassis", API_AUTH_BEARER, api_v1_chassis_create },
    { "GET", "/v1/chassis/{uuid}", API_AUTH_BEARER, api_v1_chassis_get },
    { "PUT", "/v1/chassis/{uuid}", API_AUTH_BEARER,
      api_v1_chassis_update },
    { "DELETE", "/v1/chassis/{uuid}", API_AUTH_BEARER,
      api_v1_chassis_delete },

    { "GET", "/v1/config", API_AUTH_BEARER, api_v1_config_get },
    { "PUT", "/v1/config", API_AUTH_BEARER, api_v1_config_update },

    { "POST", "/ws.v1/login", API_AUTH_NONE, api_ssp_login },
    { "POST", "/ssp.v1/tenant-networks", API_AUTH_SESSION,
      api_ssp_network_create },
    { "DELETE", "/ssp.v1/tenant-networks/{uuid}", API_AUTH_SESSION,
      api_ssp_network_delete },
    { "POST", "/ssp.v1/tenant-ports", API_AUTH_SESSION,
      api_ssp_port_create },
    { "PUT", "/ssp.v1/tenant-ports/{uuid}", API_AUTH_SESSION,
      api_ssp_port_update },
    { "DELETE", "/ssp.v1/tenant-ports/{uuid}", API_AUTH_SESSION,
      api_ssp_port_delete },
};

const struct api_route *
api_router_routes(size_t *n)
{
    *n = ARRAY_SIZE(routes);
    return routes;
}

/* Returns the length of the path segment starting at 's'. */
static size_t
segment_len(const char *s)
{
    const char *slash = strchr(s, '/');
    return slash ? (size_t) (slash - s) : strlen(s);
}

bool
api_router_match(const char *pattern, const char *path,
                 char *args[API_MAX_PATH_ARGS], size_t *n_args)
{
    const char *p = pattern, *q = path;
    size_t n = 0, i;

    *n_args = 0;
    while (*p == '/' && *q == '/') {
        size_t plen, qlen;

        p++;
        q++;
        plen = segment_len(p);
        qlen = segment_len(q);
        if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
            if (!qlen || n >= API_MAX_PATH_ARGS) {
                goto mismatch;
            }
            args[n] = xmemdup(q, qlen + 1);
            args[n][qlen] = '\0';
            n++;
        } else if (plen != qlen || memcmp(p, q, plen)) {
            goto mismatch;
        }
        p += plen;
        q += qlen;
    }
    if (*p || *q) {
        goto mismatch;
    }
    *n_args = n;
    return true;

mismatch:
    for (i = 0; i < n; i++) {
        free(args[i]);
    }
    return false;
}

static bool
authorized(const struct api_ctx *ctx, const struct api_route *route,
           const struct api_request *req, struct api_response *resp)
{
    char *session;
    bool ok;

    switch (route->auth) {
    case API_AUTH_NONE:
        return true;
    case API_AUTH_BEARER:
        if (api_auth_check_bearer(ctx->auth, req->authorization)) {
            return true;
        }
        api_error(resp, 401, "Authorization", req->authorization
                  ? "the bearer token is not valid"
                  : "this API needs \"Authorization: Bearer TOKEN\"");
        resp->challenge = true;
        return false;
    case API_AUTH_SESSION:
        session = req->cookie ? api_cookie_get(req->cookie, API_AUTH_COOKIE)
                              : NULL;
        ok = api_auth_session_check(ctx->auth, session, req->now);
        free(session);
        if (!ok) {
            api_error(resp, 401, "Cookie", "no valid session: log in at "
                      "/ws.v1/login first");
        }
        return ok;
    }
    return false;
}

void
api_router_dispatch(const struct api_ctx *ctx, const struct api_request *req,
                    struct api_response *resp)
{
    struct ds allow = DS_EMPTY_INITIALIZER;
    char *args[API_MAX_PATH_ARGS];
    char *path = NULL;
    size_t i, j, n_args;

    /* "/v1/tenants/" is "/v1/tenants". */
    if (strlen(req->path) > 1 && req->path[strlen(req->path) - 1] == '/') {
        path = xstrdup(req->path);
        path[strlen(path) - 1] = '\0';
    }
    for (i = 0; i < ARRAY_SIZE(routes); i++) {
        const struct api_route *route = &routes[i];

        if (!api_router_match(route->pattern, path ? path : req->path, args,
                              &n_args)) {
            continue;
        }
        if (strcmp(route->method, req->method)) {
            ds_put_format(&allow, "%s%s", allow.length ? ", " : "",
                          route->method);
            for (j = 0; j < n_args; j++) {
                free(args[j]);
            }
            continue;
        }
        if (authorized(ctx, route, req, resp)) {
            route->handler(ctx, req, args, resp);
            if (!resp->status) {
                api_error(resp, 500, NULL, "handler gave no answer");
            }
        }
        for (j = 0; j < n_args; j++) {
            free(args[j]);
        }
        ds_destroy(&allow);
        free(path);
        return;
    }
    if (allow.length) {
        api_error(resp, 405, NULL, "method %s is not allowed on %s (allowed: "
                  "%s)", req->method, req->path, ds_cstr(&allow));
        free(resp->allow);
        resp->allow = ds_steal_cstr(&allow);
    } else {
        api_error(resp, 404, NULL, "no such resource: %s", req->path);
    }
    ds_destroy(&allow);
    free(path);
}
