/* ovsdb-client: non-blocking I/O shell for the OVSDB protocol core (see
 * ovsdb-client.h). */
#include "ovsdb/ovsdb-client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(ovsdb_client);

struct ovsdb_client {
    char *target;
    char *ssl_key, *ssl_cert, *ssl_ca;
    struct ovsdb_proto *proto;
    struct stream *stream;      /* NULL while disconnected. */
    bool handshaking;           /* Connect/TLS handshake not done. */
};

int64_t
ovsdb_client_time_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *
strdup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

struct ovsdb_client *
ovsdb_client_create(const struct ovsdb_client_config *cfg, char **errorp)
{
    struct ovsdb_proto_config pcfg = cfg->proto;
    struct ovsdb_client *c;

    *errorp = cfg->target ? stream_verify_target(cfg->target)
                          : xstrdup("no OVSDB target given");
    if (*errorp) {
        return NULL;
    }
    c = xzalloc(sizeof *c);
    c->target = xstrdup(cfg->target);
    c->ssl_key = strdup_or_null(cfg->ssl.key);
    c->ssl_cert = strdup_or_null(cfg->ssl.cert);
    c->ssl_ca = strdup_or_null(cfg->ssl.ca);
    if (!pcfg.name) {
        pcfg.name = cfg->target;
    }
    c->proto = ovsdb_proto_create(&pcfg);
    return c;
}

static void
close_stream(struct ovsdb_client *c)
{
    stream_close(c->stream);
    c->stream = NULL;
    c->handshaking = false;
}

void
ovsdb_client_destroy(struct ovsdb_client *c)
{
    if (c) {
        close_stream(c);
        ovsdb_proto_destroy(c->proto);
        free(c->target);
        free(c->ssl_key);
        free(c->ssl_cert);
        free(c->ssl_ca);
        free(c);
    }
}

struct ovsdb_proto *
ovsdb_client_get_proto(struct ovsdb_client *c)
{
    return c->proto;
}

/* The connection failed with 'error' while doing 'what'. */
static void
connection_failed(struct ovsdb_client *c, int64_t now, const char *what,
                  int error)
{
    char *why = error ? xasprintf("%s: %s", what, strerror(error))
                      : xstrdup(what);

    close_stream(c);
    ovsdb_proto_disconnected(c->proto, now, why);
    free(why);
}

static void
start_connect(struct ovsdb_client *c, int64_t now)
{
    struct stream_ssl_options ssl = { c->ssl_key, c->ssl_cert, c->ssl_ca };
    char *error;
    int retval;

    retval = stream_open(c->target, &ssl, &c->stream, &error);
    if (retval) {
        ovsdb_proto_disconnected(c->proto, now, error);
        free(error);
        return;
    }
    c->handshaking = true;
}

/* Reads until EAGAIN.  Returns false if the connection is gone. */
static bool
do_recv(struct ovsdb_client *c, int64_t now)
{
    char buf[65536];

    for (;;) {
        ssize_t n = stream_recv(c->stream, buf, sizeof buf);
        if (n > 0) {
            if (ovsdb_proto_receive(c->proto, buf, n, now)) {
                close_stream(c);    /* The core already went to BACKOFF. */
                return false;
            }
        } else if (n == 0) {
            connection_failed(c, now, "connection closed by peer", 0);
            return false;
        } else if (n == -EAGAIN || n == -EINTR) {
            return true;
        } else {
            connection_failed(c, now, "receive", (int) -n);
            return false;
        }
    }
}

/* Sends queued output until done or EAGAIN.  Returns false if the
 * connection is gone. */
static bool
do_send(struct ovsdb_client *c, int64_t now)
{
    for (;;) {
        const struct buf *out = ovsdb_proto_output(c->proto);
        ssize_t n;

        if (!out->size) {
            return true;
        }
        n = stream_send(c->stream, out->data, out->size);
        if (n > 0) {
            ovsdb_proto_output_consumed(c->proto, n);
        } else if (n == -EAGAIN || n == -EINTR) {
            return true;
        } else {
            connection_failed(c, now, "send", (int) -n);
            return false;
        }
    }
}

void
ovsdb_client_run(struct ovsdb_client *c, int64_t now)
{
    int i;

    /* A few rounds: connecting can finish at once (unix sockets), and
     * received requests (echo) produce output to send. */
    for (i = 0; i < 4; i++) {
        enum ovsdb_proto_action act = ovsdb_proto_run(c->proto, now);

        if (act == OVSDB_ACT_DISCONNECT) {
            close_stream(c);
        } else if (act == OVSDB_ACT_CONNECT) {
            start_connect(c, now);
        }
        if (!c->stream) {
            if (act == OVSDB_ACT_NONE) {
                return;
            }
            continue;
        }
        if (c->handshaking) {
            int error = stream_handshake(c->stream);
            if (error == EAGAIN) {
                return;
            } else if (error) {
                connection_failed(c, now, error == EPROTO
                                  ? "TLS handshake failed" : "connect",
                                  error == EPROTO ? 0 : error);
                continue;
            }
            c->handshaking = false;
            ovsdb_proto_connected(c->proto, now);
        }
        if (do_recv(c, now) && do_send(c, now)) {
            return;
        }
    }
}

int
ovsdb_client_get_fd(const struct ovsdb_client *c)
{
    return c->stream ? stream_get_fd(c->stream) : -1;
}

bool
ovsdb_client_want_write(const struct ovsdb_client *c)
{
    if (!c->stream) {
        return false;
    }
    return stream_want_write(c->stream)
           || (!c->handshaking && ovsdb_proto_output(c->proto)->size > 0);
}

int64_t
ovsdb_client_next_wake(const struct ovsdb_client *c)
{
    return ovsdb_proto_next_wake(c->proto);
}

void
ovsdb_client_wait(const struct ovsdb_client *c, int64_t now, int64_t max_ms)
{
    struct pollfd pfd;
    int64_t wake = ovsdb_client_next_wake(c);
    int64_t timeout = max_ms;

    if (wake != INT64_MAX) {
        timeout = MIN(timeout, MAX(wake - now, 0));
    }
    pfd.fd = ovsdb_client_get_fd(c);
    pfd.events = POLLIN | (ovsdb_client_want_write(c) ? POLLOUT : 0);
    pfd.revents = 0;
    poll(&pfd, pfd.fd >= 0 ? 1 : 0, (int) MIN(timeout, INT32_MAX));
}
