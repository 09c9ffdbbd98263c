/* cli-rest: kumoctl's client of kumod's REST API (docs/api.md).
 *
 * A small HTTP/1.1 client of our own over one TCP connection per request
 * ("Connection: close"), rather than libcurl: kumoctl only ever talks plain
 * HTTP to kumod's API (libmicrohttpd answers every response with a
 * Content-Length, never chunked, since api-server.c builds responses from
 * a buffer), so a few hundred lines avoid a new build and package
 * dependency. HTTPS (a TLS reverse proxy in front of kumod) is refused
 * with a clear message; use an SSH tunnel or run kumoctl on the host.
 *
 * The pure parts (URL, request text, response parsing, error text, exit
 * status) are separate from the socket so that unit tests run them
 * without a network (tests/unit/test-cli.c).
 *
 * Exit statuses follow kumoctl's (README.md): 0 ok, 1 the API answered
 * an error (4xx/5xx: the message names the field), 2 usage error, 3 the
 * API could not be reached or answered something that is not HTTP+JSON. */
#ifndef KUMO_CLI_CLI_REST_H
#define KUMO_CLI_CLI_REST_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct cli_options;

enum cli_rest_exit {
    CLI_REST_OK = 0,
    CLI_REST_API_ERROR = 1,     /* The API answered 4xx/5xx. */
    CLI_REST_USAGE = 2,         /* Bad command line. */
    CLI_REST_UNREACHABLE = 3,   /* No connection, timeout, garbage. */
};

#define CLI_REST_DEFAULT_URL "http://127.0.0.1:8181"
/* Items asked for per page when following a list's pagination. */
#define CLI_REST_PAGE_SIZE 1000

/* Where and how to reach the API. */
struct cli_rest {
    char *url;          /* The URL as given (for messages). */
    char *host;         /* Host name or literal address, no brackets. */
    char *port;         /* Port number as text. */
    char *prefix;       /* Path prefix without trailing '/', or "". */
    char *token;        /* Bearer token, or NULL. */
    size_t page_size;   /* "limit" when listing. */
    int timeout_ms;     /* Connect and reply timeout. */
};

/* Maps a field the API names in an error to the kumoctl option that sets
 * it, so that an error tells the user what to change. Arrays of these end
 * with a { NULL, NULL } entry. */
struct cli_rest_hint {
    const char *field;  /* API field, e.g. "binding.vlan". */
    const char *option; /* kumoctl option, e.g. "--vlan". */
};

/* Parses 'url' ("http://HOST[:PORT][/PREFIX]" or "HOST:PORT"; HOST may be
 * "[IPV6]") into the url/host/port/prefix members of 'rest' (replacing
 * them). Returns NULL, or an error string (caller frees). */
char *cli_rest_url_parse(struct cli_rest *rest, const char *url);

/* Initializes 'rest' from 'opts' and the environment: URL from --api, else
 * $KUMO_API, else CLI_REST_DEFAULT_URL; token from --token, else the first
 * line of --token-file, else $KUMO_API_TOKEN; page size from
 * $KUMO_API_PAGE_SIZE (for tests), else CLI_REST_PAGE_SIZE. Returns 0, or
 * CLI_REST_USAGE after printing why ('rest' is then empty). */
int cli_rest_init(struct cli_rest *rest, const struct cli_options *opts);
/* Frees what 'rest' owns. */
void cli_rest_uninit(struct cli_rest *rest);

/* Returns the text of an HTTP/1.1 request (caller frees): 'method' on
 * 'path' (starts with '/', appended to the prefix), the bearer token if
 * any, and 'body' (JSON text, or NULL). */
char *cli_rest_request_build(const struct cli_rest *rest, const char *method,
                             const char *path, const char *body);

/* A parsed HTTP response. */
struct cli_rest_reply {
    int status;         /* HTTP status. */
    char *body;         /* Owned, NUL-terminated; "" when empty. */
    size_t body_size;
};

/* Parses the 'size' bytes in 'data' received so far; 'eof' says the peer
 * closed. Returns 1 with '*reply' filled (caller frees with
 * cli_rest_reply_uninit) when a whole response is there, 0 if more bytes
 * are needed, -1 with '*errorp' set (caller frees) if the bytes are not an
 * HTTP response kumoctl understands. */
int cli_rest_reply_parse(const char *data, size_t size, bool eof,
                         struct cli_rest_reply *reply, char **errorp);
/* Frees what 'reply' owns. */
void cli_rest_reply_uninit(struct cli_rest_reply *reply);

/* Returns the exit status for HTTP status 'status': 0 for 2xx, else
 * CLI_REST_API_ERROR. */
int cli_rest_exit_status(int status);

/* Returns the message to print for an error answer (caller frees):
 * 'status', its reason phrase, and from the API's error body 'body' (may
 * be NULL or not the error shape) the field and message; a field listed
 * in 'hints' (may be NULL) also names its kumoctl option. */
char *cli_rest_error_format(int status, const json_t *body,
                            const struct cli_rest_hint *hints);

/* Sends 'method' 'path' with JSON 'body' (borrowed; NULL: none) and
 * waits for the answer. On 2xx stores the decoded JSON body in '*resultp'
 * (caller releases; NULL for an empty body) and returns 0. Otherwise
 * prints the error (naming the field, see cli_rest_error_format) and
 * returns the exit status. */
int cli_rest_call(const struct cli_rest *rest, const char *method,
                  const char *path, const json_t *body,
                  const struct cli_rest_hint *hints, json_t **resultp);

/* Lists collection 'path' with optional query 'query' ("a=b", or NULL),
 * following the pagination to the end. Stores every item in one new
 * array in '*itemsp' (caller releases) and returns 0, or prints the
 * error and returns the exit status. */
int cli_rest_list(const struct cli_rest *rest, const char *path,
                  const char *query, json_t **itemsp);

/* Given the list page 'page' ({"items", "total", "offset"}) that answered
 * a request at '*offset', appends its items to 'items' and advances
 * '*offset'. Returns 1 if more pages remain, 0 at the end, -1 if 'page'
 * does not have the list shape (or would never end). */
int cli_rest_page_next(const json_t *page, json_t *items, size_t *offset);

#endif /* cli-rest.h */
