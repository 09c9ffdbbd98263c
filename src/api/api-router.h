/* api-router: the route table of kumod's HTTP APIs and the dispatcher that
 * matches a request's method and path against it, checks authentication
 * and runs the handler.
 *
 * A route is a method, a path pattern whose segments are literals or
 * "{name}" parameters (one whole path segment each, passed to the handler
 * in order), the authentication it needs and a handler.  Unknown paths
 * get 404, known paths with another method 405 (with "Allow"), a missing
 * or wrong bearer token 401 with "WWW-Authenticate: Bearer", an SSP call
 * without a valid session cookie 401.
 *
 * Socket-free: unit tests call api_router_dispatch() with hand-built
 * requests.  Handlers run on the HTTP server's threads, several at once;
 * they share 'struct api_ctx' read-only (the store and the authenticator
 * are thread-safe). */
#ifndef KUMO_API_API_ROUTER_H
#define KUMO_API_API_ROUTER_H 1

#include <stddef.h>
#include <stdint.h>

#include "api/api-proto.h"

struct api_auth;
struct buf;
struct core_reply;
struct core_snapshot;
struct vnet_db;

/* What a handler may use.  Shared by every request; set up once. */
struct api_ctx {
    struct vnet_db *db;             /* The store (NULL: model routes answer
                                     * 503). */
    struct api_auth *auth;          /* Never NULL. */
    /* Switch state: core_snapshot_take() and core_switch_request() in
     * kumod; unit tests plug in fakes. */
    struct core_snapshot *(*snapshot_take)(void);
    int (*switch_request)(uint64_t dpid, const struct buf *msg,
                          int timeout_ms, struct core_reply *reply);
    int flows_timeout_ms;           /* Wait for a flow stats reply. */
    /* Topology from the fabric thread (api-topo.h has the kumod versions):
     * each returns a new JSON value, or NULL with '*errorp' set (caller
     * frees) and '*statusp' the HTTP status to answer. */
    json_t *(*topology)(char **errorp, int *statusp);
    json_t *(*path)(const char *src, const char *dst, char **errorp,
                    int *statusp);
    /* Live state of the chassis from the chassis manager (kumod:
     * overlay_chassis_states_json() over overlay_get_chassis()): a new
     * JSON object mapping each chassis uuid the manager knows to its
     * state object; NULL (or a NULL callback) when there is no manager.
     * Chassis objects carry it as "state" (null when unknown). */
    json_t *(*chassis_states)(void *aux);
    void *chassis_aux;              /* For 'chassis_states'. */
};

/* Authentication a route needs. */
enum api_auth_kind {
    API_AUTH_NONE,                  /* Open (login, the OpenAPI document). */
    API_AUTH_BEARER,                /* Native API: bearer token. */
    API_AUTH_SESSION,               /* SSP API: session cookie. */
};

/* Most "{name}" parameters in one pattern. */
#define API_MAX_PATH_ARGS 4

/* A handler: 'args' are the decoded path parameters, in pattern order
 * (borrowed).  Fills 'resp' (status and body). */
typedef void api_handler(const struct api_ctx *ctx,
                         const struct api_request *req, char *const args[],
                         struct api_response *resp);

struct api_route {
    const char *method;             /* "GET", "POST", "PUT", "DELETE". */
    const char *pattern;            /* E.g. "/v1/tenants/{uuid}". */
    enum api_auth_kind auth;
    api_handler *handler;
};

/* Returns the route table (static) and its size in '*n'. */
const struct api_route *api_router_routes(size_t *n);

/* Handles 'req' with the matching route's handler, or fills 'resp' with
 * the 401/404/405 error.  'resp' must be initialized (api_response_init)
 * and is always filled with a status. */
void api_router_dispatch(const struct api_ctx *ctx,
                         const struct api_request *req,
                         struct api_response *resp);

/* Matches 'path' against 'pattern'.  On a match stores up to
 * API_MAX_PATH_ARGS parameter values in 'args' (caller frees each) and
 * their number in '*n_args', and returns true. */
bool api_router_match(const char *pattern, const char *path,
                      char *args[API_MAX_PATH_ARGS], size_t *n_args);

#endif /* api-router.h */
