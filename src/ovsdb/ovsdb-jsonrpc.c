/* ovsdb-jsonrpc: framing of JSON values on a byte stream and JSON-RPC 1.0
 * message classification for the OVSDB client (see ovsdb-jsonrpc.h). */
#include "ovsdb/ovsdb-jsonrpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"

void
ovsdb_jsonrpc_framer_init(struct ovsdb_jsonrpc_framer *f, size_t max_size)
{
    memset(f, 0, sizeof *f);
    f->max_size = max_size ? max_size : OVSDB_JSONRPC_MAX_SIZE_DEFAULT;
}

void
ovsdb_jsonrpc_framer_uninit(struct ovsdb_jsonrpc_framer *f)
{
    free(f->data);
    f->data = NULL;
    f->size = f->allocated = 0;
}

void
ovsdb_jsonrpc_framer_reset(struct ovsdb_jsonrpc_framer *f)
{
    size_t max_size = f->max_size;
    char *data = f->data;
    size_t allocated = f->allocated;

    memset(f, 0, sizeof *f);
    f->max_size = max_size;
    f->data = data;
    f->allocated = allocated;
}

void
ovsdb_jsonrpc_framer_push(struct ovsdb_jsonrpc_framer *f, const void *data,
                          size_t size)
{
    /* Drop what earlier values consumed, so the buffer holds at most one
     * partial value plus the new bytes. */
    if (f->start) {
        memmove(f->data, f->data + f->start, f->size - f->start);
        f->size -= f->start;
        f->pos -= f->start;
        f->start = 0;
    }
    if (f->size + size > f->allocated) {
        size_t want = MAX(f->allocated * 2, f->size + size);
        f->data = xrealloc(f->data, MAX(want, 4096));
        f->allocated = MAX(want, 4096);
    }
    memcpy(f->data + f->size, data, size);
    f->size += size;
}

size_t
ovsdb_jsonrpc_framer_pending(const struct ovsdb_jsonrpc_framer *f)
{
    return f->size - f->start;
}

static int
framer_fail(struct ovsdb_jsonrpc_framer *f, int error, char **errorp,
            char *msg)
{
    f->failed = true;
    *errorp = msg;
    return error;
}

int
ovsdb_jsonrpc_framer_next(struct ovsdb_jsonrpc_framer *f, json_t **valuep,
                          char **errorp)
{
    *valuep = NULL;
    *errorp = NULL;
    if (f->failed) {
        *errorp = xstrdup("input stream already failed");
        return EPROTO;
    }
    while (f->pos < f->size) {
        unsigned char c = f->data[f->pos];

        if (!f->in_value) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                f->start = ++f->pos;
                continue;
            }
            if (c != '{' && c != '[') {
                return framer_fail(f, EPROTO, errorp, xasprintf(
                    "unexpected byte 0x%02x ('%c') where a JSON value "
                    "should start", c, c >= 0x20 && c < 0x7f ? c : '?'));
            }
            f->in_value = true;
            f->depth = 1;
            f->pos++;
            continue;
        }

        f->pos++;
        if (f->in_string) {
            if (f->escape) {
                f->escape = false;
            } else if (c == '\\') {
                f->escape = true;
            } else if (c == '"') {
                f->in_string = false;
            }
        } else if (c == '"') {
            f->in_string = true;
        } else if (c == '{' || c == '[') {
            f->depth++;
        } else if (c == '}' || c == ']') {
            f->depth--;
        }
        if (f->pos - f->start > f->max_size) {
            return framer_fail(f, EMSGSIZE, errorp, xasprintf(
                "JSON value longer than the %zu-byte limit", f->max_size));
        }
        if (!f->depth && !f->in_string) {
            json_error_t jerr;
            json_t *json = json_loadb(f->data + f->start, f->pos - f->start,
                                      0, &jerr);
            f->in_value = false;
            f->start = f->pos;
            if (!json) {
                return framer_fail(f, EPROTO, errorp, xasprintf(
                    "bad JSON (column %d): %s", jerr.column, jerr.text));
            }
            *valuep = json;
            return 0;
        }
    }
    return EAGAIN;
}

char *
ovsdb_jsonrpc_msg_parse(json_t *json, struct ovsdb_jsonrpc_msg *msg)
{
    json_t *method;

    memset(msg, 0, sizeof *msg);
    if (!json_is_object(json)) {
        return xstrdup("JSON-RPC message is not an object");
    }
    method = json_object_get(json, "method");
    msg->id = json_object_get(json, "id");
    if (method) {
        if (!json_is_string(method)) {
            return xstrdup("JSON-RPC \"method\" is not a string");
        }
        msg->method = json_string_value(method);
        msg->params = json_object_get(json, "params");
        if (!json_is_array(msg->params)) {
            return xasprintf("JSON-RPC request \"%s\": \"params\" is not an "
                             "array", msg->method);
        }
        if (json_object_get(json, "result") || json_object_get(json, "error")) {
            return xasprintf("JSON-RPC request \"%s\" also has \"result\" or "
                             "\"error\"", msg->method);
        }
        msg->type = !msg->id || json_is_null(msg->id)
                    ? OVSDB_JSONRPC_NOTIFY : OVSDB_JSONRPC_REQUEST;
        return NULL;
    }
    msg->result = json_object_get(json, "result");
    msg->error = json_object_get(json, "error");
    if (!msg->result && !msg->error) {
        return xstrdup("JSON-RPC message has neither \"method\" nor "
                       "\"result\"/\"error\"");
    }
    if (!msg->id) {
        return xstrdup("JSON-RPC reply has no \"id\"");
    }
    if (msg->error && !json_is_null(msg->error)) {
        msg->type = OVSDB_JSONRPC_ERROR;
    } else if (msg->result) {
        msg->type = OVSDB_JSONRPC_REPLY;
    } else {
        return xstrdup("JSON-RPC reply has null \"error\" and no \"result\"");
    }
    return NULL;
}

json_t *
ovsdb_jsonrpc_request(const char *method, json_t *params, json_t *id)
{
    json_t *req = json_object();

    json_object_set_new(req, "method", json_string(method));
    json_object_set_new(req, "params", params ? params : json_array());
    json_object_set_new(req, "id", id ? id : json_null());
    return req;
}

json_t *
ovsdb_jsonrpc_reply(json_t *result, json_t *id)
{
    json_t *reply = json_object();

    json_object_set_new(reply, "result", result ? result : json_null());
    json_object_set_new(reply, "error", json_null());
    json_object_set(reply, "id", id ? id : json_null());
    return reply;
}

void
ovsdb_jsonrpc_encode(const json_t *json, struct buf *out)
{
    char *s = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);

    if (!s) {
        kumo_fatal("json_dumps failed");
    }
    buf_put(out, s, strlen(s));
    free(s);
}

char *
ovsdb_jsonrpc_to_string(const json_t *json)
{
    char *s = json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS
                         | JSON_ENCODE_ANY);
    return s ? s : xstrdup("?");
}
