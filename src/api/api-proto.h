/* api-proto: the socket-free half of kumod's HTTP APIs: a request and a
 * response as plain structs, the JSON error body every API error uses,
 * strict JSON body parsing with field-level validation, pagination
 * ("?offset=&limit=", the reply carries "total"), form-urlencoded bodies
 * and cookie headers (for the Stratosphere SSP login).
 *
 * Everything here is pure: no sockets, no threads, no clock.  The HTTP shell
 * (api-server.c) fills a struct api_request from libmicrohttpd, the router
 * (api-router.c) runs a handler that fills a struct api_response, and the
 * shell sends it.  Unit tests build requests by hand.
 *
 * Error body, for every 4xx/5xx answer:
 *   {"error": {"status": 400, "field": "name", "message": "..."}}
 * "field" is null when no single field is at fault. */
#ifndef KUMO_API_API_PROTO_H
#define KUMO_API_API_PROTO_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

/* Largest request body accepted (bytes); larger ones get 413. */
#define API_MAX_BODY (64 * 1024)
/* Pagination defaults and bounds. */
#define API_DEFAULT_LIMIT 100
#define API_MAX_LIMIT 1000
/* Longest string value accepted in any JSON field (bytes). */
#define API_MAX_STRING 1024

/* A decoded name=value pair (query argument or form field). */
struct api_param {
    char *name;
    char *value;
};

/* One HTTP request.  Every pointer is borrowed for the handler call. */
struct api_request {
    const char *method;             /* "GET", "POST", "PUT", "DELETE"... */
    const char *path;               /* Decoded path, no query string. */
    const struct api_param *query;  /* Decoded query arguments. */
    size_t n_query;
    const char *authorization;      /* "Authorization" header, or NULL. */
    const char *cookie;             /* "Cookie" header, or NULL. */
    const char *content_type;       /* "Content-Type" header, or NULL. */
    const char *body;               /* Request body (not NUL-terminated), */
    size_t body_size;               /* or NULL/0. */
    bool body_too_large;            /* The body exceeded API_MAX_BODY and
                                     * was discarded. */
    int64_t now;                    /* Monotonic ms (session expiry). */
};

/* One HTTP response, filled by a handler. */
struct api_response {
    int status;                     /* HTTP status; 0 until set. */
    json_t *body;                   /* Owned; NULL: empty body. */
    char *set_cookie;               /* Owned "Set-Cookie" value, or NULL. */
    char *allow;                    /* Owned "Allow" value (405), or NULL. */
    bool challenge;                 /* Add "WWW-Authenticate: Bearer". */
};

/* Initializes 'r' as empty (status 0, no body). */
void api_response_init(struct api_response *r);
/* Frees what 'r' owns and empties it. */
void api_response_uninit(struct api_response *r);

/* Sets 'r' to 'status' with body 'body' (takes ownership; NULL: empty),
 * replacing any earlier body. */
void api_reply(struct api_response *r, int status, json_t *body);
/* Sets 'r' to the error body for 'status', naming 'field' (NULL: none)
 * and the message formatted from 'format'.  Replaces any earlier body. */
void api_error(struct api_response *r, int status, const char *field,
               const char *format, ...) KUMO_PRINTF(4, 5);

/* Returns the standard reason phrase of 'status' ("Not Found"), or
 * "Unknown". */
const char *api_status_reason(int status);

/* Returns the value of query argument 'name' in 'req' (borrowed), or
 * NULL if absent. */
const char *api_query_get(const struct api_request *req, const char *name);

/* Fails the request with 400 naming the first query argument of 'req' that
 * is not in the NULL-terminated list 'allowed'.  Returns true if all are
 * allowed. */
bool api_query_check(const struct api_request *req,
                     const char *const allowed[], struct api_response *r);

/* Pagination window. */
struct api_page {
    size_t offset;
    size_t limit;
};

/* Parses "offset" (default 0) and "limit" (default API_DEFAULT_LIMIT, 1 to
 * API_MAX_LIMIT) from 'req' into 'page'.  On bad values fills 'r' with a
 * 400 naming the argument and returns false. */
bool api_page_parse(const struct api_request *req, struct api_page *page,
                    struct api_response *r);
/* Returns {"items": ITEMS, "total": TOTAL, "offset": .., "limit": ..}.
 * Takes ownership of 'items'. */
json_t *api_page_result(json_t *items, size_t total,
                        const struct api_page *page);

/* Parses the body of 'req' as a JSON object.  Returns it (new reference)
 * or NULL after filling 'r': 413 when the body was too large, 400 when it
 * is missing, not JSON (with line and column) or not an object. */
json_t *api_body_object(const struct api_request *req,
                        struct api_response *r);

/* Fails with 400 naming the first member of 'obj' whose name is not in the
 * NULL-terminated list 'allowed'.  Returns true if there is none. */
bool api_json_check_keys(const json_t *obj, const char *const allowed[],
                         struct api_response *r);

/* Reads string member 'key' of 'obj' into '*out' (borrowed from 'obj').
 * Absent or null: '*out' = NULL, and a 400 if 'required'.  A non-string,
 * an empty string, more than API_MAX_STRING bytes or control characters:
 * 400 naming 'key'.  Returns false after filling 'r'. */
bool api_json_get_string(const json_t *obj, const char *key, bool required,
                         const char **out, struct api_response *r);

/* Reads integer member 'key' of 'obj' into '*out' if present ('*present'
 * tells; may be NULL when 'required').  Not an integer, or outside
 * ['min', 'max']: 400 naming 'key'.  Returns false after filling 'r'. */
bool api_json_get_int(const json_t *obj, const char *key, bool required,
                      long long min, long long max, long long *out,
                      bool *present, struct api_response *r);

/* Parses an application/x-www-form-urlencoded body 'body'/'size' into
 * '*params'/'*n' ('+' is a space, %XX decoded).  Returns true, or false on
 * a malformed escape or a NUL byte (then nothing is returned).  Free with
 * api_params_free(). */
bool api_form_parse(const char *body, size_t size, struct api_param **params,
                    size_t *n);
/* Returns the value of 'name' in 'params' (borrowed) or NULL. */
const char *api_params_get(const struct api_param *params, size_t n,
                           const char *name);
/* Frees 'n' params and the array.  Accepts NULL. */
void api_params_free(struct api_param *params, size_t n);

/* Returns the value of cookie 'name' in Cookie header 'header' (caller
 * frees), or NULL if absent. */
char *api_cookie_get(const char *header, const char *name);

/* Returns true if 's' is a canonical UUID text (8-4-4-4-12 hex digits,
 * either case). */
bool api_is_uuid(const char *s);

#endif /* api-proto.h */
