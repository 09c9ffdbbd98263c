/* stream: target parsing, listeners, and the plain fd streams (tcp, unix).
 * TLS lives in stream-ssl.c behind the same vtable. */
#include "core/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/stream-provider.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(stream);

void
stream_init(struct stream *s, const struct stream_class *class, int fd,
            char *name)
{
    s->class = class;
    s->fd = fd;
    s->name = name;
}

/* ---- Plain fd streams (tcp and unix). ---- */

static ssize_t
fd_recv(struct stream *s, void *data, size_t size)
{
    ssize_t n = recv(s->fd, data, size, 0);
    return n >= 0 ? n : -errno;
}

static ssize_t
fd_send(struct stream *s, const void *data, size_t size)
{
    ssize_t n = send(s->fd, data, size, MSG_NOSIGNAL);
    return n >= 0 ? n : -errno;
}

static void
fd_close(struct stream *s)
{
    close(s->fd);
    free(s->name);
    free(s);
}

static const struct stream_class tcp_stream_class = {
    "tcp", false, NULL, fd_recv, fd_send, NULL, fd_close,
};

static const struct stream_class unix_stream_class = {
    "unix", false, NULL, fd_recv, fd_send, NULL, fd_close,
};

/* ---- Generic stream functions. ---- */

int
stream_handshake(struct stream *s)
{
    return s->class->handshake ? s->class->handshake(s) : 0;
}

ssize_t
stream_recv(struct stream *s, void *data, size_t size)
{
    return s->class->recv(s, data, size);
}

ssize_t
stream_send(struct stream *s, const void *data, size_t size)
{
    return s->class->send(s, data, size);
}

bool
stream_is_buffered(const struct stream *s)
{
    return s->class->buffered;
}

bool
stream_want_write(const struct stream *s)
{
    return s->class->want_write && s->class->want_write(s);
}

int
stream_get_fd(const struct stream *s)
{
    return s->fd;
}

const char *
stream_get_name(const struct stream *s)
{
    return s->name;
}

void
stream_close(struct stream *s)
{
    if (s) {
        s->class->close(s);
    }
}

/* ---- Target parsing. ---- */

enum pstream_kind { PSTREAM_TCP, PSTREAM_SSL, PSTREAM_UNIX };

struct pstream_target {
    enum pstream_kind kind;
    char *port;             /* tcp/ssl. */
    char *host;             /* tcp/ssl: numeric IP, default 0.0.0.0. */
    char *path;             /* unix. */
};

static void
pstream_target_uninit(struct pstream_target *t)
{
    free(t->port);
    free(t->host);
    free(t->path);
}

/* Parses 'target' into 't'.  Returns NULL or an error message. */
static char *
pstream_target_parse(const char *target, struct pstream_target *t)
{
    const char *rest;
    const char *colon;
    char *end;
    long port;

    memset(t, 0, sizeof *t);
    if (!strncmp(target, "ptcp:", 5)) {
        t->kind = PSTREAM_TCP;
        rest = target + 5;
    } else if (!strncmp(target, "pssl:", 5)) {
        t->kind = PSTREAM_SSL;
        rest = target + 5;
    } else if (!strncmp(target, "punix:", 6)) {
        t->kind = PSTREAM_UNIX;
        if (!target[6]) {
            return xasprintf("%s needs a socket path", target);
        }
        if (strlen(target + 6) >= sizeof ((struct sockaddr_un *) 0)->sun_path) {
            return xasprintf("%s: socket path too long", target);
        }
        t->path = xstrdup(target + 6);
        return NULL;
    } else {
        return xasprintf("%s: unknown listener type (use ptcp:PORT[:IP], "
                         "pssl:PORT[:IP] or punix:PATH)", target);
    }

    colon = strchr(rest, ':');
    t->port = colon ? xmemdup(rest, colon - rest + 1) : xstrdup(rest);
    if (colon) {
        t->port[colon - rest] = '\0';
    }
    errno = 0;
    port = strtol(t->port, &end, 10);
    if (!t->port[0] || *end || errno || port < 0 || port > 65535) {
        return xasprintf("%s: bad port \"%s\" (0 to 65535)", target,
                         t->port);
    }
    if (colon) {
        const char *host = colon + 1;
        size_t len = strlen(host);
        if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
            t->host = xmemdup(host + 1, len - 1);
            t->host[len - 2] = '\0';
        } else {
            t->host = xstrdup(host);
        }
        if (!t->host[0]) {
            return xasprintf("%s: empty IP address", target);
        }
        {
            struct in6_addr a6;
            struct in_addr a4;
            if (inet_pton(AF_INET, t->host, &a4) != 1
                && inet_pton(AF_INET6, t->host, &a6) != 1) {
                return xasprintf("%s: bad IP address \"%s\"", target,
                                 t->host);
            }
        }
    } else {
        t->host = xstrdup("0.0.0.0");
    }
    return NULL;
}

char *
pstream_verify_target(const char *target)
{
    struct pstream_target t;
    char *error = pstream_target_parse(target, &t);
    pstream_target_uninit(&t);
    return error;
}

static void
set_cloexec_nonblock(int fd)
{
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Formats 'ss' as "IP:PORT" ([IP]:PORT for IPv6). */
static char *
format_sockaddr(const struct sockaddr_storage *ss)
{
    char host[INET6_ADDRSTRLEN];

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const void *) ss;
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        return xasprintf("%s:%u", host, ntohs(sin->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const void *) ss;
        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        return xasprintf("[%s]:%u", host, ntohs(sin6->sin6_port));
    }
    return xstrdup("?");
}

static int
open_inet_listener(const struct pstream_target *t, int *fdp, char **namep,
                   char **errorp, const char *target)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int on = 1;
    int fd;

    memset(&ss, 0, sizeof ss);
    if (strchr(t->host, ':')) {
        struct sockaddr_in6 *sin6 = (void *) &ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(atoi(t->port));
        inet_pton(AF_INET6, t->host, &sin6->sin6_addr);
        len = sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (void *) &ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(atoi(t->port));
        inet_pton(AF_INET, t->host, &sin->sin_addr);
        len = sizeof *sin;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int error = errno;
        *errorp = xasprintf("%s: socket: %s", target, strerror(error));
        return error;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, (struct sockaddr *) &ss, len) < 0
        || listen(fd, 4096) < 0) {
        int error = errno;
        *errorp = xasprintf("%s: %s", target, strerror(error));
        close(fd);
        return error;
    }
    len = sizeof ss;
    getsockname(fd, (struct sockaddr *) &ss, &len);
    {
        char *addr = format_sockaddr(&ss);
        char *port = strrchr(addr, ':');
        *port++ = '\0';
        *namep = xasprintf("%s:%s:%s", t->kind == PSTREAM_SSL ? "pssl"
                           : "ptcp", port, addr);
        free(addr);
    }
    *fdp = fd;
    return 0;
}

static int
open_unix_listener(const struct pstream_target *t, int *fdp, char **errorp,
                   const char *target)
{
    struct sockaddr_un sun;
    int fd;

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, t->path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int error = errno;
        *errorp = xasprintf("%s: socket: %s", target, strerror(error));
        return error;
    }
    /* A stale socket from a previous run would make bind fail. */
    {
        struct stat st;
        if (!stat(t->path, &st) && S_ISSOCK(st.st_mode)) {
            unlink(t->path);
        }
    }
    if (bind(fd, (struct sockaddr *) &sun, sizeof sun) < 0
        || listen(fd, 4096) < 0) {
        int error = errno;
        *errorp = xasprintf("%s: %s", target, strerror(error));
        close(fd);
        return error;
    }
    *fdp = fd;
    return 0;
}

int
pstream_open(const char *target, const struct stream_ssl_options *ssl,
             struct pstream **psp, char **errorp)
{
    struct pstream_target t;
    struct pstream *ps;
    char *error;
    int retval;

    *psp = NULL;
    *errorp = NULL;
    error = pstream_target_parse(target, &t);
    if (error) {
        pstream_target_uninit(&t);
        *errorp = error;
        return EINVAL;
    }

    ps = xzalloc(sizeof *ps);
    ps->fd = -1;
    if (t.kind == PSTREAM_SSL) {
        if (!ssl || !ssl->key || !ssl->cert || !ssl->ca) {
            *errorp = xasprintf("%s: pssl: needs --ssl-key, --ssl-cert and "
                                "--ssl-ca", target);
            retval = EINVAL;
            goto error;
        }
        ps->ssl = stream_ssl_ctx_create(ssl, &error);
        if (!ps->ssl) {
            *errorp = xasprintf("%s: %s", target, error);
            free(error);
            retval = EINVAL;
            goto error;
        }
    }
    if (t.kind == PSTREAM_UNIX) {
        retval = open_unix_listener(&t, &ps->fd, errorp, target);
        ps->name = xstrdup(target);
        ps->unlink_path = xstrdup(t.path);
        ps->peer_prefix = "unix";
    } else {
        retval = open_inet_listener(&t, &ps->fd, &ps->name, errorp, target);
        ps->peer_prefix = t.kind == PSTREAM_SSL ? "ssl" : "tcp";
    }
    if (retval) {
        free(ps->unlink_path);
        ps->unlink_path = NULL;
        goto error;
    }
    pstream_target_uninit(&t);
    *psp = ps;
    return 0;

error:
    pstream_target_uninit(&t);
    pstream_close(ps);
    return retval;
}

int
pstream_accept(struct pstream *ps, struct stream **sp)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char *name;
    int fd;

    *sp = NULL;
    fd = accept(ps->fd, (struct sockaddr *) &ss, &len);
    if (fd < 0) {
        return errno == EWOULDBLOCK ? EAGAIN : errno;
    }
    set_cloexec_nonblock(fd);
    if (ss.ss_family == AF_UNIX) {
        name = xasprintf("unix:%s", ps->unlink_path ? ps->unlink_path : "?");
    } else {
        int on = 1;
        char *addr = format_sockaddr(&ss);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        name = xasprintf("%s:%s", ps->peer_prefix, addr);
        free(addr);
    }

    if (ps->ssl) {
        *sp = stream_ssl_accept(ps->ssl, fd, name);
    } else {
        struct stream *s = xmalloc(sizeof *s);
        stream_init(s, ss.ss_family == AF_UNIX ? &unix_stream_class
                    : &tcp_stream_class, fd, name);
        *sp = s;
    }
    LOG_DBG("%s: accepted %s", ps->name, name);
    return 0;
}

int
pstream_get_fd(const struct pstream *ps)
{
    return ps->fd;
}

const char *
pstream_get_name(const struct pstream *ps)
{
    return ps->name;
}

void
pstream_close(struct pstream *ps)
{
    if (ps) {
        if (ps->fd >= 0) {
            close(ps->fd);
        }
        if (ps->unlink_path) {
            unlink(ps->unlink_path);
            free(ps->unlink_path);
        }
        stream_ssl_ctx_destroy(ps->ssl);
        free(ps->name);
        free(ps);
    }
}

/* ---- Active connections (tcp:, ssl:, unix:). ---- */

/* A plain fd stream whose non-blocking connect() may be in progress. */
struct active_stream {
    struct stream up;           /* First: fd_close() frees the whole. */
    bool connecting;
};

/* Checks a non-blocking connect on 'fd': 0 if connected, EAGAIN if still
 * in progress, else the connect error. */
static int
check_connect(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    socklen_t len;
    int error = 0;

    if (poll(&pfd, 1, 0) < 0) {
        return errno == EINTR ? EAGAIN : errno;
    }
    if (!pfd.revents) {
        return EAGAIN;
    }
    len = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        return errno;
    }
    return error;
}

static int
active_handshake(struct stream *s)
{
    struct active_stream *as = CONTAINER_OF(s, struct active_stream, up);

    if (as->connecting) {
        int error = check_connect(s->fd);
        if (error) {
            return error;
        }
        as->connecting = false;
    }
    return 0;
}

static bool
active_want_write(const struct stream *s)
{
    return CONTAINER_OF(s, struct active_stream, up)->connecting;
}

static const struct stream_class active_tcp_stream_class = {
    "tcp", false, active_handshake, fd_recv, fd_send, active_want_write,
    fd_close,
};

static const struct stream_class active_unix_stream_class = {
    "unix", false, active_handshake, fd_recv, fd_send, active_want_write,
    fd_close,
};

/* Parses "tcp:IP:PORT" / "ssl:IP:PORT" (IPv6 in brackets) into 'ss' and
 * '*lenp', or "unix:PATH".  Returns NULL or an error message. */
static char *
active_target_parse(const char *target, struct sockaddr_storage *ss,
                    socklen_t *lenp, bool *sslp)
{
    const char *rest, *colon;
    char host[INET6_ADDRSTRLEN + 2];
    char *end;
    long port;

    memset(ss, 0, sizeof *ss);
    *sslp = false;
    if (!strncmp(target, "unix:", 5)) {
        struct sockaddr_un *sun = (void *) ss;
        if (!target[5]) {
            return xasprintf("%s needs a socket path", target);
        }
        if (strlen(target + 5) >= sizeof sun->sun_path) {
            return xasprintf("%s: socket path too long", target);
        }
        sun->sun_family = AF_UNIX;
        strcpy(sun->sun_path, target + 5);
        *lenp = sizeof *sun;
        return NULL;
    }
    if (!strncmp(target, "tcp:", 4)) {
        rest = target + 4;
    } else if (!strncmp(target, "ssl:", 4)) {
        rest = target + 4;
        *sslp = true;
    } else {
        return xasprintf("%s: unknown connection type (use tcp:IP:PORT, "
                         "ssl:IP:PORT or unix:PATH)", target);
    }
    colon = strrchr(rest, ':');
    if (!colon || colon == rest) {
        return xasprintf("%s: expected IP:PORT", target);
    }
    if ((size_t) (colon - rest) >= sizeof host) {
        return xasprintf("%s: bad IP address", target);
    }
    memcpy(host, rest, colon - rest);
    host[colon - rest] = '\0';
    errno = 0;
    port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || errno || port <= 0 || port > 65535) {
        return xasprintf("%s: bad port \"%s\" (1 to 65535)", target,
                         colon + 1);
    }
    if (host[0] == '[') {
        struct sockaddr_in6 *sin6 = (void *) ss;
        size_t len = strlen(host);
        if (len < 3 || host[len - 1] != ']') {
            return xasprintf("%s: bad IP address \"%s\"", target, host);
        }
        host[len - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) != 1) {
            return xasprintf("%s: bad IP address \"%s\"", target, host + 1);
        }
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        *lenp = sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (void *) ss;
        if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
            return xasprintf("%s: bad IP address \"%s\"", target, host);
        }
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        *lenp = sizeof *sin;
    }
    return NULL;
}

char *
stream_verify_target(const char *target)
{
    struct sockaddr_storage ss;
    socklen_t len;
    bool ssl;

    return active_target_parse(target, &ss, &len, &ssl);
}

int
stream_open(const char *target, const struct stream_ssl_options *ssl,
            struct stream **sp, char **errorp)
{
    struct stream_ssl_ctx *ctx = NULL;
    struct sockaddr_storage ss;
    socklen_t len = 0;
    bool is_ssl, connecting;
    int fd, error;

    *sp = NULL;
    *errorp = active_target_parse(target, &ss, &len, &is_ssl);
    if (*errorp) {
        return EINVAL;
    }
    if (is_ssl) {
        char *e;
        if (!ssl || !ssl->key || !ssl->cert || !ssl->ca) {
            *errorp = xasprintf("%s: needs a TLS key, certificate and CA "
                                "certificate", target);
            return EINVAL;
        }
        ctx = stream_ssl_client_ctx_create(ssl, &e);
        if (!ctx) {
            *errorp = xasprintf("%s: %s", target, e);
            free(e);
            return EINVAL;
        }
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        *errorp = xasprintf("%s: socket: %s", target, strerror(error));
        stream_ssl_ctx_destroy(ctx);
        return error;
    }
    if (ss.ss_family != AF_UNIX) {
        int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    connecting = false;
    if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
        error = errno;
        if (error != EINPROGRESS) {
            *errorp = xasprintf("%s: connect: %s", target, strerror(error));
            close(fd);
            stream_ssl_ctx_destroy(ctx);
            return error;
        }
        connecting = true;
    }
    if (ctx) {
        *sp = stream_ssl_connect(ctx, fd, xstrdup(target), connecting);
        stream_ssl_ctx_destroy(ctx);    /* The stream keeps a reference. */
    } else {
        struct active_stream *as = xzalloc(sizeof *as);
        stream_init(&as->up, ss.ss_family == AF_UNIX
                    ? &active_unix_stream_class : &active_tcp_stream_class,
                    fd, xstrdup(target));
        as->connecting = connecting;
        *sp = &as->up;
    }
    return 0;
}
