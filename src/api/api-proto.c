/* api-proto: see api-proto.h. */
#include "api/api-proto.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

void
api_response_init(struct api_response *r)
{
    memset(r, 0, sizeof *r);
}

void
api_response_uninit(struct api_response *r)
{
    if (r) {
        json_decref(r->body);
        free(r->set_cookie);
        free(r->allow);
        memset(r, 0, sizeof *r);
    }
}

void
api_reply(struct api_response *r, int status, json_t *body)
{
    json_decref(r->body);
    r->status = status;
    r->body = body;
}

void
api_error(struct api_response *r, int status, const char *field,
          const char *format, ...)
{
    va_list args;
    char *message;

    va_start(args, format);
    message = xvasprintf(format, args);
    va_end(args);
    api_reply(r, status,
              json_pack("{s:{s:i, s:o, s:s}}", "error", "status", status,
                        "field", field ? json_string(field) : json_null(),
                        "message", message));
    free(message);
}

const char *
api_status_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

const char *
api_query_get(const struct api_request *req, const char *name)
{
    return api_params_get(req->query, req->n_query, name);
}

static bool
name_in(const char *name, const char *const list[])
{
    size_t i;

    for (i = 0; list && list[i]; i++) {
        if (!strcmp(list[i], name)) {
            return true;
        }
    }
    return false;
}

bool
api_query_check(const struct api_request *req, const char *const allowed[],
                struct api_response *r)
{
    size_t i;

    for (i = 0; i < req->n_query; i++) {
        if (!name_in(req->query[i].name, allowed)) {
            api_error(r, 400, req->query[i].name,
                      "unknown query parameter \"%s\"", req->query[i].name);
            return false;
        }
    }
    return true;
}

/* Parses a decimal in [min, max]; no sign, no blanks. */
static bool
parse_size(const char *s, size_t min, size_t max, size_t *out)
{
    unsigned long long v;
    char *end;

    if (!isdigit((unsigned char) s[0]) || strlen(s) > 12) {
        return false;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        return false;
    }
    *out = (size_t) v;
    return true;
}

bool
api_page_parse(const struct api_request *req, struct api_page *page,
               struct api_response *r)
{
    const char *offset = api_query_get(req, "offset");
    const char *limit = api_query_get(req, "limit");

    page->offset = 0;
    page->limit = API_DEFAULT_LIMIT;
    if (offset && !parse_size(offset, 0, 1000000000, &page->offset)) {
        api_error(r, 400, "offset", "offset must be an integer from 0 to "
                  "1000000000, got \"%s\"", offset);
        return false;
    }
    if (limit && !parse_size(limit, 1, API_MAX_LIMIT, &page->limit)) {
        api_error(r, 400, "limit", "limit must be an integer from 1 to %d, "
                  "got \"%s\"", API_MAX_LIMIT, limit);
        return false;
    }
    return true;
}

json_t *
api_page_result(json_t *items, size_t total, const struct api_page *page)
{
    return json_pack("{s:o, s:I, s:I, s:I}", "items", items,
                     "total", (json_int_t) total,
                     "offset", (json_int_t) page->offset,
                     "limit", (json_int_t) page->limit);
}

json_t *
api_body_object(const struct api_request *req, struct api_response *r)
{
    json_error_t jerr;
    json_t *obj;

    if (req->body_too_large) {
        api_error(r, 413, NULL, "request body larger than %d bytes",
                  API_MAX_BODY);
        return NULL;
    }
    if (!req->body || !req->body_size) {
        api_error(r, 400, NULL, "a JSON object is required as the request "
                  "body");
        return NULL;
    }
    obj = json_loadb(req->body, req->body_size,
                     JSON_REJECT_DUPLICATES, &jerr);
    if (!obj) {
        api_error(r, 400, NULL, "request body is not valid JSON: %s (line "
                  "%d, column %d)", jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        api_error(r, 400, NULL, "request body must be a JSON object");
        return NULL;
    }
    return obj;
}

bool
api_json_check_keys(const json_t *obj, const char *const allowed[],
                    struct api_response *r)
{
    const char *key;
    json_t *value;

    json_object_foreach ((json_t *) obj, key, value) {
        (void) value;
        if (!name_in(key, allowed)) {
            api_error(r, 400, key, "unknown field \"%s\"", key);
            return false;
        }
    }
    return true;
}

bool
api_json_get_string(const json_t *obj, const char *key, bool required,
                    const char **out, struct api_response *r)
{
    const json_t *v = json_object_get(obj, key);
    const char *s;
    size_t i, len;

    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) {
            api_error(r, 400, key, "field \"%s\" is required", key);
            return false;
        }
        return true;
    }
    if (!json_is_string(v)) {
        api_error(r, 400, key, "field \"%s\" must be a string", key);
        return false;
    }
    s = json_string_value(v);
    len = json_string_length(v);
    if (!len) {
        api_error(r, 400, key, "field \"%s\" must not be empty", key);
        return false;
    }
    if (len > API_MAX_STRING) {
        api_error(r, 400, key, "field \"%s\" is longer than %d bytes", key,
                  API_MAX_STRING);
        return false;
    }
    for (i = 0; i < len; i++) {
        if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f) {
            api_error(r, 400, key, "field \"%s\" contains a control "
                      "character", key);
            return false;
        }
    }
    *out = s;
    return true;
}

bool
api_json_get_int(const json_t *obj, const char *key, bool required,
                 long long min, long long max, long long *out, bool *present,
                 struct api_response *r)
{
    const json_t *v = json_object_get(obj, key);
    json_int_t i;

    if (present) {
        *present = false;
    }
    if (!v || json_is_null(v)) {
        if (required) {
            api_error(r, 400, key, "field \"%s\" is required", key);
            return false;
        }
        return true;
    }
    if (!json_is_integer(v)) {
        api_error(r, 400, key, "field \"%s\" must be an integer", key);
        return false;
    }
    i = json_integer_value(v);
    if (i < min || i > max) {
        api_error(r, 400, key, "field \"%s\" must be from %lld to %lld, got "
                  "%lld", key, min, max, (long long) i);
        return false;
    }
    *out = i;
    if (present) {
        *present = true;
    }
    return true;
}

static int
hex_value(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Decodes 's'/'len' ('+' -> ' ', %XX).  Returns NULL if malformed. */
static char *
form_decode(const char *s, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[n++] = ' ';
        } else if (s[i] == '%') {
            int hi = i + 2 < len ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < len ? hex_value(s[i + 2]) : -1;

            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            out[n++] = (char) (hi * 16 + lo);
            i += 2;
        } else if (s[i] == '\0') {
            free(out);
            return NULL;
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    return out;
}

bool
api_form_parse(const char *body, size_t size, struct api_param **params,
               size_t *n)
{
    struct api_param *p = NULL;
    size_t np = 0, pos = 0;

    while (pos < size) {
        const char *start = body + pos;
        const char *amp = memchr(start, '&', size - pos);
        size_t len = amp ? (size_t) (amp - start) : size - pos;
        const char *eq = memchr(start, '=', len);
        size_t name_len = eq ? (size_t) (eq - start) : len;
        char *name, *value;

        pos += len + 1;
        if (!len) {
            continue;
        }
        name = form_decode(start, name_len);
        value = eq ? form_decode(eq + 1, len - name_len - 1) : xstrdup("");
        if (!name || !value) {
            free(name);
            free(value);
            api_params_free(p, np);
            *params = NULL;
            *n = 0;
            return false;
        }
        p = xrealloc(p, (np + 1) * sizeof *p);
        p[np].name = name;
        p[np].value = value;
        np++;
    }
    *params = p;
    *n = np;
    return true;
}

const char *
api_params_get(const struct api_param *params, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!strcmp(params[i].name, name)) {
            return params[i].value;
        }
    }
    return NULL;
}

void
api_params_free(struct api_param *params, size_t n)
{
    size_t i;

    for (i = 0; params && i < n; i++) {
        free(params[i].name);
        free(params[i].value);
    }
    free(params);
}

char *
api_cookie_get(const char *header, const char *name)
{
    size_t name_len = strlen(name);
    const char *p = header;

    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t) (end - p) : strlen(p);

        while (len && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        if (len > name_len && !memcmp(p, name, name_len)
            && p[name_len] == '=') {
            const char *v = p + name_len + 1;
            size_t vlen = len - name_len - 1;
            char *value;

            while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) {
                vlen--;
            }
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
                v++;
                vlen -= 2;
            }
            value = xmalloc(vlen + 1);
            memcpy(value, v, vlen);
            value[vlen] = '\0';
            return value;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

bool
api_is_uuid(const char *s)
{
    size_t i;

    for (i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return s[36] == '\0';
}
