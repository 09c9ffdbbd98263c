/* api-server: kumod's HTTP server for the native REST API (/v1/...) and
 * the Stratosphere SSP-compatible API (/ws.v1/login, /ssp.v1/...).
 *
 * libmicrohttpd runs the connections on its own threads (one per
 * connection, at most API_SERVER_MAX_CONNECTIONS); each request's body is
 * collected (up to API_MAX_BODY), turned into a struct api_request and
 * handed to the router (api-router.h), whose answer is sent as JSON.  The
 * server never touches a switch or the model directly: handlers go
 * through core snapshots / core_switch_request() and the thread-safe
 * store (src/vnet/vnet.h), so any number of requests may run at once.
 * A write is answered only after the store has returned, i.e. after it
 * is durable. */
#ifndef KUMO_API_API_SERVER_H
#define KUMO_API_API_SERVER_H 1

#include <stddef.h>

struct json_t;
struct sockaddr_storage;
struct vnet_db;

/* Most simultaneous HTTP connections. */
#define API_SERVER_MAX_CONNECTIONS 64
/* Idle connections are closed after this many seconds. */
#define API_SERVER_IDLE_TIMEOUT_S 60

struct api_server_options {
    const char *address;            /* "IPV4:PORT" or "[IPV6]:PORT"; port
                                     * 0 picks a free one. */
    struct vnet_db *db;             /* Borrowed; must outlive the server. */
    char *const *tokens;            /* Bearer tokens (copied). */
    size_t n_tokens;
    const char *ssp_user;           /* SSP login (copied); NULL: none. */
    const char *ssp_password;
    /* Live chassis state (struct api_ctx 'chassis_states'); may be NULL.
     * 'chassis_aux' is borrowed and must outlive the server. */
    struct json_t *(*chassis_states)(void *aux);
    void *chassis_aux;
};

/* Binds 'o->address' and starts serving.  Returns the server, or NULL with
 * '*errorp' set (caller frees) if the address is malformed or cannot be
 * bound. */
struct api_server *api_server_start(const struct api_server_options *o,
                                    char **errorp);

/* Returns the address actually bound, e.g. "127.0.0.1:8181" (borrowed). */
const char *api_server_get_address(const struct api_server *);

/* Stops serving (waits for running requests), frees.  Accepts NULL. */
void api_server_stop(struct api_server *);

/* Parses "IPV4:PORT" or "[IPV6]:PORT" into the socket address '*ss' and
 * its length '*len'.  Returns NULL or an error message (caller frees). */
char *api_server_parse_address(const char *s, struct sockaddr_storage *ss,
                               size_t *len);

#endif /* api-server.h */
