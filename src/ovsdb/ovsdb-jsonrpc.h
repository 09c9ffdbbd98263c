/* ovsdb-jsonrpc: JSON-RPC 1.0 as RFC 7047 uses it, on a byte stream.
 *
 * Pure: no sockets, no clock.  Two parts:
 *  - a framer that cuts a byte stream into complete JSON values.  RFC 7047
 *    has no length prefix: values follow each other, possibly split across
 *    reads or several in one read.  The framer tracks nesting and strings
 *    to find where a value ends, then parses exactly those bytes with
 *    jansson.  A value larger than the configured bound, or bytes that
 *    cannot start a value, are a protocol error (the caller drops the
 *    connection: after garbage there is no way to resynchronise).
 *  - message classification (request, notification, reply) and builders
 *    for requests and replies.
 *
 * Threads: a framer belongs to the thread that owns its connection. */
#ifndef KUMO_OVSDB_JSONRPC_H
#define KUMO_OVSDB_JSONRPC_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Default bound on one JSON value (bytes), as received. */
#define OVSDB_JSONRPC_MAX_SIZE_DEFAULT (64u * 1024 * 1024)

struct ovsdb_jsonrpc_framer {
    char *data;             /* Received bytes not yet returned. */
    size_t size;            /* Bytes in 'data'. */
    size_t allocated;
    size_t start;           /* Offset of the value being scanned. */
    size_t pos;             /* Next byte to scan. */
    size_t max_size;        /* Bound on one value. */
    int depth;              /* Open '{' / '[' of the current value. */
    bool in_value;          /* Saw the first byte of a value. */
    bool in_string;
    bool escape;            /* Previous byte in a string was '\'. */
    bool failed;            /* A protocol error happened: stays failed. */
};

/* Initializes 'f' with a bound of 'max_size' bytes per value (0: the
 * default). */
void ovsdb_jsonrpc_framer_init(struct ovsdb_jsonrpc_framer *f,
                               size_t max_size);
/* Frees what 'f' holds. */
void ovsdb_jsonrpc_framer_uninit(struct ovsdb_jsonrpc_framer *f);
/* Forgets buffered bytes and any error (for a new connection). */
void ovsdb_jsonrpc_framer_reset(struct ovsdb_jsonrpc_framer *f);
/* Appends 'size' bytes of 'data' (copied) to the framer's input. */
void ovsdb_jsonrpc_framer_push(struct ovsdb_jsonrpc_framer *f,
                               const void *data, size_t size);
/* Extracts the next complete value.  Returns 0 and stores it in '*valuep'
 * (caller owns), EAGAIN if no complete value is buffered yet, or EPROTO /
 * EMSGSIZE with a message in '*errorp' (caller frees); after an error the
 * framer keeps failing until reset. */
int ovsdb_jsonrpc_framer_next(struct ovsdb_jsonrpc_framer *f,
                              json_t **valuep, char **errorp);
/* Bytes buffered but not yet returned as values. */
size_t ovsdb_jsonrpc_framer_pending(const struct ovsdb_jsonrpc_framer *f);

enum ovsdb_jsonrpc_type {
    OVSDB_JSONRPC_REQUEST,      /* method, params, id != null. */
    OVSDB_JSONRPC_NOTIFY,       /* method, params, id null. */
    OVSDB_JSONRPC_REPLY,        /* result (error null), id. */
    OVSDB_JSONRPC_ERROR,        /* error != null, id. */
};

/* A classified message: every pointer is borrowed from the json_t it was
 * parsed from. */
struct ovsdb_jsonrpc_msg {
    enum ovsdb_jsonrpc_type type;
    const char *method;         /* Requests and notifications. */
    json_t *params;             /* Requests and notifications: an array. */
    json_t *result;             /* Replies. */
    json_t *error;              /* Errors. */
    json_t *id;                 /* json null for notifications. */
};

/* Classifies 'json' as a JSON-RPC message into '*msg' (pointers borrowed
 * from 'json').  Returns NULL or an error message (caller frees) naming
 * what is wrong. */
char *ovsdb_jsonrpc_msg_parse(json_t *json, struct ovsdb_jsonrpc_msg *msg);

/* Builds {"method": method, "params": params, "id": id}.  Takes ownership
 * of 'params' and 'id' ('id' NULL: a notification with id null).  Returns
 * a new reference. */
json_t *ovsdb_jsonrpc_request(const char *method, json_t *params, json_t *id);
/* Builds {"result": result, "error": null, "id": id}.  Takes ownership of
 * 'result'; 'id' is borrowed (a reference is added). */
json_t *ovsdb_jsonrpc_reply(json_t *result, json_t *id);
/* Serializes 'json' compactly and appends it to 'out'. */
void ovsdb_jsonrpc_encode(const json_t *json, struct buf *out);
/* Formats 'json' compactly with sorted keys; caller frees.  For logs and
 * test output. */
char *ovsdb_jsonrpc_to_string(const json_t *json);

#endif /* ovsdb-jsonrpc.h */
