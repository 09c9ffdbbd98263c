/* cli-rest: see cli-rest.h. */
#include "cli/cli-rest.h"

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/api-proto.h"
#include "cli/cli.h"
#include "lib/ds.h"
#include "lib/util.h"

#define REST_TIMEOUT_MS 30000
/* Largest response accepted (a flow table page of 1000 flows fits). */
#define REST_MAX_REPLY (64 * 1024 * 1024)

static void
rest_clear_url(struct cli_rest *rest)
{
    free(rest->url);
    free(rest->host);
    free(rest->port);
    free(rest->prefix);
    rest->url = rest->host = rest->port = rest->prefix = NULL;
}

static bool
rest_is_port(const char *s)
{
    char *end;
    long n;

    if (!*s || strspn(s, "0123456789") != strlen(s)) {
        return false;
    }
    n = strtol(s, &end, 10);
    return n > 0 && n <= 65535;
}

char *
cli_rest_url_parse(struct cli_rest *rest, const char *url)
{
    const char *p = url, *host_end, *slash;
    char *host, *port;
    bool scheme = false;

    if (!strncasecmp(p, "https://", 8)) {
        return xasprintf("%s: https is not supported: kumoctl speaks plain "
                         "HTTP to kumod's API (run it on kumod's host or "
                         "through an SSH tunnel)", url);
    }
    if (!strncasecmp(p, "http://", 7)) {
        p += 7;
        scheme = true;
    } else if (strstr(p, "://")) {
        return xasprintf("%s: not an http:// URL", url);
    }
    slash = strchr(p, '/');
    if (!slash) {
        slash = p + strlen(p);
    }
    if (*p == '[') {
        host_end = memchr(p, ']', (size_t) (slash - p));
        if (!host_end || host_end == p + 1) {
            return xasprintf("%s: bad [IPv6] address", url);
        }
        host = xmemdup(p + 1, (size_t) (host_end - p - 1) + 1);
        host[host_end - p - 1] = '\0';
        host_end++;
    } else {
        host_end = p;
        while (host_end < slash && *host_end != ':') {
            host_end++;
        }
        if (host_end == p) {
            return xasprintf("%s: no host", url);
        }
        host = xmemdup(p, (size_t) (host_end - p) + 1);
        host[host_end - p] = '\0';
    }
    if (host_end < slash && *host_end == ':') {
        port = xmemdup(host_end + 1, (size_t) (slash - host_end - 1) + 1);
        port[slash - host_end - 1] = '\0';
        if (!rest_is_port(port)) {
            char *error = xasprintf("%s: bad port \"%s\"", url, port);

            free(host);
            free(port);
            return error;
        }
    } else if (host_end == slash && scheme) {
        port = xstrdup("80");
    } else {
        free(host);
        return xasprintf("%s: expected http://HOST[:PORT] or HOST:PORT", url);
    }
    if (strpbrk(slash, "?# \r\n")) {
        free(host);
        free(port);
        return xasprintf("%s: the URL must not have a query, fragment or "
                         "spaces", url);
    }
    rest_clear_url(rest);
    rest->url = xstrdup(url);
    rest->host = host;
    rest->port = port;
    rest->prefix = xstrdup(slash);
    while (*rest->prefix && rest->prefix[strlen(rest->prefix) - 1] == '/') {
        rest->prefix[strlen(rest->prefix) - 1] = '\0';
    }
    return NULL;
}

/* Reads the first line of 'path' into '*tokenp'. Returns NULL or an error
 * string (caller frees). */
static char *
rest_read_token_file(const char *path, char **tokenp)
{
    char line[4096];
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f) {
        return xasprintf("--token-file %s: %s", path, strerror(errno));
    }
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return xasprintf("--token-file %s: empty file", path);
    }
    fclose(f);
    n = strcspn(line, "\r\n");
    line[n] = '\0';
    while (n > 0 && isspace((unsigned char) line[n - 1])) {
        line[--n] = '\0';
    }
    if (!n) {
        return xasprintf("--token-file %s: the first line is empty", path);
    }
    *tokenp = xstrdup(line);
    return NULL;
}

int
cli_rest_init(struct cli_rest *rest, const struct cli_options *opts)
{
    const char *env_url = getenv("KUMO_API");
    const char *env_token = getenv("KUMO_API_TOKEN");
    const char *env_page = getenv("KUMO_API_PAGE_SIZE");
    const char *url = opts->api_url ? opts->api_url
                      : env_url && *env_url ? env_url : CLI_REST_DEFAULT_URL;
    char *error;

    memset(rest, 0, sizeof *rest);
    rest->timeout_ms = REST_TIMEOUT_MS;
    rest->page_size = CLI_REST_PAGE_SIZE;
    error = cli_rest_url_parse(rest, url);
    if (!error && opts->token) {
        rest->token = xstrdup(opts->token);
    } else if (!error && opts->token_file) {
        error = rest_read_token_file(opts->token_file, &rest->token);
    } else if (!error && env_token && *env_token) {
        rest->token = xstrdup(env_token);
    }
    if (!error && rest->token && strpbrk(rest->token, "\r\n")) {
        error = xstrdup("the API token must not contain line breaks");
    }
    if (!error && env_page && *env_page) {
        char *end;
        unsigned long n = strtoul(env_page, &end, 10);

        if (*end || n < 1 || n > API_MAX_LIMIT) {
            error = xasprintf("KUMO_API_PAGE_SIZE=%s: expected 1..%d",
                              env_page, API_MAX_LIMIT);
        } else {
            rest->page_size = n;
        }
    }
    if (error) {
        fprintf(stderr, "kumoctl: %s\n", error);
        free(error);
        cli_rest_uninit(rest);
        return CLI_REST_USAGE;
    }
    return 0;
}

void
cli_rest_uninit(struct cli_rest *rest)
{
    rest_clear_url(rest);
    free(rest->token);
    rest->token = NULL;
}

char *
cli_rest_request_build(const struct cli_rest *rest, const char *method,
                       const char *path, const char *body)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    bool v6 = strchr(rest->host, ':') != NULL;

    ds_put_format(&s, "%s %s%s HTTP/1.1\r\n", method, rest->prefix, path);
    ds_put_format(&s, "Host: %s%s%s:%s\r\n", v6 ? "[" : "", rest->host,
                  v6 ? "]" : "", rest->port);
    ds_put_cstr(&s, "User-Agent: kumoctl\r\n"
                "Accept: application/json\r\n"
                "Connection: close\r\n");
    if (rest->token) {
        ds_put_format(&s, "Authorization: Bearer %s\r\n", rest->token);
    }
    if (body) {
        ds_put_format(&s, "Content-Type: application/json\r\n"
                      "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    } else {
        ds_put_cstr(&s, "\r\n");
    }
    return ds_steal_cstr(&s);
}

/* Returns the first occurrence of the 'n'-byte 'needle' in the 'size'
 * bytes at 'data', or NULL. */
static const char *
rest_find(const char *data, size_t size, const char *needle, size_t n)
{
    size_t i;

    for (i = 0; i + n <= size; i++) {
        if (!memcmp(data + i, needle, n)) {
            return data + i;
        }
    }
    return NULL;
}

/* Returns the value of header 'name' in the header block 'h' (from after
 * the status line up to the blank line, 'size' bytes) as a new string, or
 * NULL if absent. */
static char *
rest_header_get(const char *h, size_t size, const char *name)
{
    size_t name_len = strlen(name);
    const char *end = h + size;

    while (h < end) {
        const char *eol = rest_find(h, (size_t) (end - h), "\r\n", 2);

        if (!eol) {
            eol = end;
        }
        if ((size_t) (eol - h) > name_len && !strncasecmp(h, name, name_len)
            && h[name_len] == ':') {
            const char *v = h + name_len + 1;
            const char *ve = eol;

            while (v < ve && (*v == ' ' || *v == '\t')) {
                v++;
            }
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) {
                ve--;
            }
            char *value = xmalloc((size_t) (ve - v) + 1);

            memcpy(value, v, (size_t) (ve - v));
            value[ve - v] = '\0';
            return value;
        }
        h = eol + 2;
    }
    return NULL;
}

int
cli_rest_reply_parse(const char *data, size_t size, bool eof,
                     struct cli_rest_reply *reply, char **errorp)
{
    const char *head_end = rest_find(data, size, "\r\n\r\n", 4);
    const char *line_end, *body;
    char *te, *cl;
    size_t body_size;
    int status, n = 0;

    memset(reply, 0, sizeof *reply);
    *errorp = NULL;
    if (size >= 5 && strncmp(data, "HTTP/", 5)) {
        *errorp = xstrdup("the answer is not HTTP");
        return -1;
    }
    if (!head_end) {
        if (eof) {
            *errorp = xstrdup(size ? "the answer ended inside its headers"
                              : "the connection closed without an answer");
            return -1;
        }
        return 0;
    }
    line_end = rest_find(data, (size_t) (head_end - data) + 2, "\r\n", 2);
    if (sscanf(data, "HTTP/1.%*1[01] %3d%n", &status, &n) != 1
        || n != 12 || status < 100 || status > 599
        || (data[n] != ' ' && data[n] != '\r')) {
        *errorp = xstrdup("the answer has a bad HTTP status line");
        return -1;
    }
    te = rest_header_get(line_end + 2, (size_t) (head_end - line_end),
                         "Transfer-Encoding");
    if (te) {
        *errorp = xasprintf("unsupported Transfer-Encoding \"%s\"", te);
        free(te);
        return -1;
    }
    body = head_end + 4;
    body_size = size - (size_t) (body - data);
    cl = rest_header_get(line_end + 2, (size_t) (head_end - line_end),
                         "Content-Length");
    if (cl) {
        char *end;
        unsigned long long len = strtoull(cl, &end, 10);
        bool bad = !*cl || *end || !isdigit((unsigned char) *cl)
                   || len > REST_MAX_REPLY;

        free(cl);
        if (bad) {
            *errorp = xstrdup("the answer has a bad Content-Length");
            return -1;
        }
        if (body_size < len) {
            if (eof) {
                *errorp = xasprintf("the answer ended after %zu of its %llu "
                                    "body bytes", body_size, len);
                return -1;
            }
            return 0;
        }
        body_size = (size_t) len;
    } else if (status != 204 && status != 304 && status >= 200 && !eof) {
        /* No length: the body ends when the server closes. */
        return 0;
    } else if (status == 204 || status == 304 || status < 200) {
        body_size = 0;
    }
    reply->status = status;
    reply->body = xmalloc(body_size + 1);
    memcpy(reply->body, body, body_size);
    reply->body[body_size] = '\0';
    reply->body_size = body_size;
    return 1;
}

void
cli_rest_reply_uninit(struct cli_rest_reply *reply)
{
    free(reply->body);
    reply->body = NULL;
}

int
cli_rest_exit_status(int status)
{
    return status >= 200 && status < 300 ? CLI_REST_OK : CLI_REST_API_ERROR;
}

char *
cli_rest_error_format(int status, const json_t *body,
                      const struct cli_rest_hint *hints)
{
    const json_t *e = json_object_get(body, "error");
    const char *field = json_string_value(json_object_get(e, "field"));
    const char *message = json_string_value(json_object_get(e, "message"));
    struct ds s = DS_EMPTY_INITIALIZER;

    if (field) {
        const char *option = NULL;

        for (; hints && hints->field; hints++) {
            if (!strcmp(hints->field, field)) {
                option = hints->option;
                break;
            }
        }
        ds_put_format(&s, "field \"%s\"", field);
        if (option) {
            ds_put_format(&s, " (%s)", option);
        }
        ds_put_cstr(&s, ": ");
    }
    ds_put_format(&s, "%s (HTTP %d %s)",
                  message && *message ? message : "the API refused the request",
                  status, api_status_reason(status));
    if (status == 401) {
        ds_put_cstr(&s, "; give a token with --token, --token-file or "
                    "KUMO_API_TOKEN");
    }
    return ds_steal_cstr(&s);
}

/* Waits up to 'rest->timeout_ms' for 'events' on 'fd'. Returns 0 or an
 * errno (ETIMEDOUT). */
static int
rest_wait(const struct cli_rest *rest, int fd, short events)
{
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = events };
        int r = poll(&pfd, 1, rest->timeout_ms);

        if (r > 0) {
            return 0;
        } else if (r == 0) {
            return ETIMEDOUT;
        } else if (errno != EINTR) {
            return errno;
        }
    }
}

/* Connects to the API. Returns the fd, or -1 with '*errorp' set. */
static int
rest_connect(const struct cli_rest *rest, char **errorp)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai, *a;
    int err = 0, fd = -1;
    int gai = getaddrinfo(rest->host, rest->port, &hints, &ai);

    if (gai) {
        *errorp = xasprintf("cannot resolve \"%s\": %s", rest->host,
                            gai_strerror(gai));
        return -1;
    }
    for (a = ai; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC
                    | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
            err = errno;
            if (err == EINPROGRESS) {
                socklen_t len = sizeof err;

                err = rest_wait(rest, fd, POLLOUT);
                if (!err && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
                                       &len) < 0) {
                    err = errno;
                }
            }
        }
        if (!err) {
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        *errorp = xasprintf("cannot reach kumod's API at %s: %s (is kumod "
                            "running with --api?)", rest->url,
                            strerror(err ? err : ECONNREFUSED));
    }
    return fd;
}

/* Sends 'request' and reads the reply into '*reply'. Returns 0, or an
 * error string in '*errorp'. */
static int
rest_exchange(const struct cli_rest *rest, const char *request,
              struct cli_rest_reply *reply, char **errorp)
{
    struct ds in = DS_EMPTY_INITIALIZER;
    size_t size = strlen(request), done = 0;
    int fd = rest_connect(rest, errorp);
    int r = -1, err = 0;

    if (fd < 0) {
        return -1;
    }
    while (done < size && !err) {
        ssize_t n = send(fd, request + done, size - done, MSG_NOSIGNAL);

        if (n >= 0) {
            done += (size_t) n;
        } else if (errno == EAGAIN) {
            err = rest_wait(rest, fd, POLLOUT);
        } else if (errno != EINTR) {
            err = errno;
        }
    }
    while (!err) {
        char chunk[16384];
        ssize_t n = read(fd, chunk, sizeof chunk);

        if (n > 0) {
            ds_put_buffer(&in, chunk, (size_t) n);
        } else if (n < 0 && errno == EAGAIN) {
            err = rest_wait(rest, fd, POLLIN);
            continue;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0) {
            err = errno;
            break;
        }
        r = cli_rest_reply_parse(in.string ? in.string : "", in.length,
                                 n == 0, reply, errorp);
        if (r) {
            break;
        } else if (in.length > REST_MAX_REPLY) {
            *errorp = xstrdup("the answer is too large");
            r = -1;
            break;
        }
    }
    close(fd);
    ds_destroy(&in);
    if (err) {
        *errorp = xasprintf("%s: %s", rest->url,
                            err == ETIMEDOUT ? "no answer from kumod's API "
                            "(timed out)" : strerror(err));
        return -1;
    }
    if (r < 0) {
        char *e = *errorp;

        *errorp = xasprintf("bad answer from kumod's API at %s: %s",
                            rest->url, e);
        free(e);
        return -1;
    }
    return 0;
}

int
cli_rest_call(const struct cli_rest *rest, const char *method,
              const char *path, const json_t *body,
              const struct cli_rest_hint *hints, json_t **resultp)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    char *request = cli_rest_request_build(rest, method, path, text);
    struct cli_rest_reply reply;
    json_t *result = NULL;
    char *error = NULL;
    int status;

    *resultp = NULL;
    free(text);
    if (rest_exchange(rest, request, &reply, &error)) {
        free(request);
        fprintf(stderr, "kumoctl: %s\n", error);
        free(error);
        return CLI_REST_UNREACHABLE;
    }
    free(request);
    if (reply.body_size) {
        json_error_t jerr;

        result = json_loadb(reply.body, reply.body_size, JSON_DECODE_ANY,
                            &jerr);
        if (!result) {
            fprintf(stderr, "kumoctl: %s %s: HTTP %d with a body that is not "
                    "JSON: %s\n", method, path, reply.status, jerr.text);
            cli_rest_reply_uninit(&reply);
            return CLI_REST_UNREACHABLE;
        }
    }
    status = cli_rest_exit_status(reply.status);
    if (status) {
        error = cli_rest_error_format(reply.status, result, hints);
        fprintf(stderr, "kumoctl: %s\n", error);
        free(error);
        json_decref(result);
    } else {
        *resultp = result;
    }
    cli_rest_reply_uninit(&reply);
    return status;
}

int
cli_rest_page_next(const json_t *page, json_t *items, size_t *offset)
{
    const json_t *list = json_object_get(page, "items");
    json_int_t total = json_integer_value(json_object_get(page, "total"));

    if (!json_is_array(list)
        || !json_is_integer(json_object_get(page, "total")) || total < 0) {
        return -1;
    }
    json_array_extend(items, (json_t *) list);
    *offset += json_array_size(list);
    if (*offset >= (size_t) total) {
        return 0;
    }
    /* An empty page before the end would loop forever: the collection
     * shrank under us; what we have is what there is. */
    return json_array_size(list) ? 1 : 0;
}

int
cli_rest_list(const struct cli_rest *rest, const char *path,
              const char *query, json_t **itemsp)
{
    json_t *items = json_array();
    size_t offset = 0;

    *itemsp = NULL;
    for (;;) {
        char *url = xasprintf("%s?%s%soffset=%zu&limit=%zu", path,
                              query ? query : "", query ? "&" : "", offset,
                              rest->page_size);
        json_t *page;
        int status = cli_rest_call(rest, "GET", url, NULL, NULL, &page);
        int more;

        free(url);
        if (status) {
            json_decref(items);
            return status;
        }
        more = cli_rest_page_next(page, items, &offset);
        json_decref(page);
        if (more < 0) {
            fprintf(stderr, "kumoctl: GET %s: the answer is not a list "
                    "page\n", path);
            json_decref(items);
            return CLI_REST_UNREACHABLE;
        } else if (!more) {
            break;
        }
    }
    *itemsp = items;
    return 0;
}
