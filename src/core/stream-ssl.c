/* stream-ssl: TLS streams (server side, mutual authentication) with
 * OpenSSL, behind the stream vtable; and the client side for active
 * "ssl:IP:PORT" connections (stream_open(), e.g. the OVSDB client).
 *
 * Every switch must present a certificate signed by the configured CA;
 * anything else fails the handshake and is logged with the peer address,
 * the certificate subject and OpenSSL's verify error. */
#include "core/stream-provider.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(ssl);

struct stream_ssl_ctx {
    SSL_CTX *ctx;
};

struct ssl_stream {
    struct stream up;
    SSL *ssl;
    bool want_write;        /* Last operation wanted the fd writable. */
    bool verify_logged;     /* The verify callback already explained. */
    bool tcp_connecting;    /* Client: non-blocking connect() pending. */
};

static struct log_ratelimit verify_rl = LOG_RATELIMIT_INIT(60, 20);

/* Appends OpenSSL's queued errors to a string (caller frees), clearing
 * the queue. */
static char *
ssl_errors(void)
{
    char buf[256];
    char *s = NULL;
    unsigned long e;

    while ((e = ERR_get_error()) != 0) {
        char *next;
        ERR_error_string_n(e, buf, sizeof buf);
        next = s ? xasprintf("%s; %s", s, buf) : xstrdup(buf);
        free(s);
        s = next;
    }
    return s ? s : xstrdup("unknown error");
}

/* Logs the first certificate that fails verification, naming the peer. */
static int
verify_cb(int ok, X509_STORE_CTX *store)
{
    SSL *ssl;
    struct ssl_stream *s;

    if (ok) {
        return ok;
    }
    ssl = X509_STORE_CTX_get_ex_data(store,
                                     SSL_get_ex_data_X509_STORE_CTX_idx());
    s = ssl ? SSL_get_app_data(ssl) : NULL;
    if (s && !s->verify_logged) {
        X509 *cert = X509_STORE_CTX_get_current_cert(store);
        int err = X509_STORE_CTX_get_error(store);
        char subject[256] = "?";

        if (cert) {
            X509_NAME_oneline(X509_get_subject_name(cert), subject,
                              sizeof subject);
        }
        s->verify_logged = true;
        LOG_WARN_RL(&verify_rl, "%s: refusing switch: certificate \"%s\" "
                    "failed verification: %s", s->up.name, subject,
                    X509_verify_cert_error_string(err));
    }
    return ok;
}

/* Sets what both sides share on 'ctx': TLS 1.2 at least, partial writes,
 * our certificate chain and key (checked to match), and the CA that peers
 * must be signed by.  Returns NULL, or an error naming the file (caller
 * frees). */
static char *
ssl_ctx_load(SSL_CTX *ctx, const struct stream_ssl_options *o)
{
    char *e, *error;

    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE
                     | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
                     | SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1) {
        e = ssl_errors();
        error = xasprintf("loading certificate %s: %s", o->cert, e);
    } else if (SSL_CTX_use_PrivateKey_file(ctx, o->key,
                                           SSL_FILETYPE_PEM) != 1) {
        e = ssl_errors();
        error = xasprintf("loading private key %s: %s", o->key, e);
    } else if (SSL_CTX_check_private_key(ctx) != 1) {
        e = ssl_errors();
        error = xasprintf("private key %s does not match certificate %s: "
                          "%s", o->key, o->cert, e);
    } else if (SSL_CTX_load_verify_locations(ctx, o->ca, NULL) != 1) {
        e = ssl_errors();
        error = xasprintf("loading CA certificate %s: %s", o->ca, e);
    } else {
        return NULL;
    }
    free(e);
    return error;
}

struct stream_ssl_ctx *
stream_ssl_ctx_create(const struct stream_ssl_options *o, char **errorp)
{
    struct stream_ssl_ctx *c;
    SSL_CTX *ctx;
    STACK_OF(X509_NAME) *cas;

    *errorp = NULL;
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        *errorp = ssl_errors();
        return NULL;
    }
    *errorp = ssl_ctx_load(ctx, o);
    if (*errorp) {
        goto error;
    }
    cas = SSL_load_client_CA_file(o->ca);
    if (cas) {
        SSL_CTX_set_client_CA_list(ctx, cas);
    }
    ERR_clear_error();
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       verify_cb);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);

    c = xmalloc(sizeof *c);
    c->ctx = ctx;
    return c;

error:
    SSL_CTX_free(ctx);
    return NULL;
}

void
stream_ssl_ctx_destroy(struct stream_ssl_ctx *c)
{
    if (c) {
        SSL_CTX_free(c->ctx);
        free(c);
    }
}

static struct ssl_stream *
ssl_stream_cast(const struct stream *s)
{
    return CONTAINER_OF(s, struct ssl_stream, up);
}

/* Maps the result 'ret' of an SSL_* I/O call to 0 / negative errno. */
static int
ssl_result(struct ssl_stream *s, int ret, const char *op)
{
    int err = SSL_get_error(s->ssl, ret);

    s->want_write = false;
    switch (err) {
    case SSL_ERROR_WANT_READ:
        return -EAGAIN;
    case SSL_ERROR_WANT_WRITE:
        s->want_write = true;
        return -EAGAIN;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL:
        ERR_clear_error();
        return errno ? -errno : -EPIPE;
    default: {
        char *e = ssl_errors();
        LOG_DBG("%s: %s: %s", s->up.name, op, e);
        free(e);
        return -EPROTO;
    }
    }
}

static int
ssl_handshake(struct stream *s_)
{
    struct ssl_stream *s = ssl_stream_cast(s_);
    int ret;

    ERR_clear_error();
    ret = SSL_accept(s->ssl);
    if (ret == 1) {
        s->want_write = false;
        return 0;
    }
    ret = ssl_result(s, ret, "handshake");
    if (ret == -EAGAIN) {
        return EAGAIN;
    }
    if (!s->verify_logged) {
        long vr = SSL_get_verify_result(s->ssl);
        if (vr != X509_V_OK) {
            LOG_WARN_RL(&verify_rl, "%s: refusing switch: certificate "
                        "verify failed: %s", s->up.name,
                        X509_verify_cert_error_string(vr));
        } else {
            LOG_WARN_RL(&verify_rl, "%s: TLS handshake failed (%s)",
                        s->up.name, ret == -EPROTO ? "protocol error or no "
                        "client certificate" : strerror(-ret));
        }
    }
    return EPROTO;
}

static ssize_t
ssl_recv(struct stream *s_, void *data, size_t size)
{
    struct ssl_stream *s = ssl_stream_cast(s_);
    int ret;

    ERR_clear_error();
    ret = SSL_read(s->ssl, data, size > INT32_MAX ? INT32_MAX : (int) size);
    if (ret > 0) {
        s->want_write = false;
        return ret;
    }
    return ssl_result(s, ret, "read");
}

static ssize_t
ssl_send(struct stream *s_, const void *data, size_t size)
{
    struct ssl_stream *s = ssl_stream_cast(s_);
    int ret;

    ERR_clear_error();
    ret = SSL_write(s->ssl, data, size > INT32_MAX ? INT32_MAX : (int) size);
    if (ret > 0) {
        s->want_write = false;
        return ret;
    }
    ret = ssl_result(s, ret, "write");
    return ret ? ret : -EPIPE;
}

static bool
ssl_want_write(const struct stream *s)
{
    return ssl_stream_cast(s)->want_write;
}

static void
ssl_close(struct stream *s_)
{
    struct ssl_stream *s = ssl_stream_cast(s_);

    if (SSL_is_init_finished(s->ssl)) {
        SSL_shutdown(s->ssl);   /* Best effort close_notify. */
    }
    SSL_free(s->ssl);
    ERR_clear_error();
    close(s->up.fd);
    free(s->up.name);
    free(s);
}

static const struct stream_class ssl_stream_class = {
    "ssl", true, ssl_handshake, ssl_recv, ssl_send, ssl_want_write, ssl_close,
};

struct stream *
stream_ssl_accept(struct stream_ssl_ctx *c, int fd, char *name)
{
    struct ssl_stream *s = xzalloc(sizeof *s);

    stream_init(&s->up, &ssl_stream_class, fd, name);
    s->ssl = SSL_new(c->ctx);
    if (!s->ssl) {
        kumo_fatal("SSL_new failed");
    }
    SSL_set_fd(s->ssl, fd);
    SSL_set_accept_state(s->ssl);
    SSL_set_app_data(s->ssl, s);
    return &s->up;
}

char *
stream_ssl_check_options(const struct stream_ssl_options *o)
{
    struct stream_ssl_ctx *c;
    char *error;

    if (!o->key || !o->cert || !o->ca) {
        return xstrdup("TLS needs a key, a certificate and a CA "
                       "certificate");
    }
    c = stream_ssl_ctx_create(o, &error);
    stream_ssl_ctx_destroy(c);
    return c ? NULL : error;
}

/* ---- Client side (stream_open("ssl:...")). ---- */

struct stream_ssl_ctx *
stream_ssl_client_ctx_create(const struct stream_ssl_options *o,
                             char **errorp)
{
    struct stream_ssl_ctx *c;
    SSL_CTX *ctx;

    *errorp = NULL;
    ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        *errorp = ssl_errors();
        return NULL;
    }
    *errorp = ssl_ctx_load(ctx, o);
    if (*errorp) {
        goto error;
    }
    ERR_clear_error();
    /* The server must present a certificate signed by 'ca'.  Like OVS,
     * trust comes from the CA alone (no host name check): ovs-pki
     * certificates do not name hosts. */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

    c = xmalloc(sizeof *c);
    c->ctx = ctx;
    return c;

error:
    SSL_CTX_free(ctx);
    return NULL;
}

static int
ssl_client_handshake(struct stream *s_)
{
    struct ssl_stream *s = ssl_stream_cast(s_);
    int ret;

    if (s->tcp_connecting) {
        struct pollfd pfd = { .fd = s->up.fd, .events = POLLOUT };
        socklen_t len = sizeof ret;

        if (poll(&pfd, 1, 0) <= 0) {
            s->want_write = true;
            return EAGAIN;
        }
        ret = 0;
        if (getsockopt(s->up.fd, SOL_SOCKET, SO_ERROR, &ret, &len) < 0) {
            return errno;
        }
        if (ret) {
            return ret;
        }
        s->tcp_connecting = false;
        s->want_write = false;
    }
    ERR_clear_error();
    ret = SSL_connect(s->ssl);
    if (ret == 1) {
        s->want_write = false;
        return 0;
    }
    ret = ssl_result(s, ret, "handshake");
    if (ret == -EAGAIN) {
        return EAGAIN;
    }
    {
        long vr = SSL_get_verify_result(s->ssl);
        if (vr != X509_V_OK) {
            LOG_WARN_RL(&verify_rl, "%s: server certificate verify failed: "
                        "%s", s->up.name, X509_verify_cert_error_string(vr));
        } else {
            LOG_WARN_RL(&verify_rl, "%s: TLS handshake failed (%s)",
                        s->up.name, ret == -EPROTO ? "protocol error"
                        : strerror(-ret));
        }
    }
    return EPROTO;
}

static const struct stream_class ssl_client_stream_class = {
    "ssl", true, ssl_client_handshake, ssl_recv, ssl_send, ssl_want_write,
    ssl_close,
};

struct stream *
stream_ssl_connect(struct stream_ssl_ctx *c, int fd, char *name,
                   bool connecting)
{
    struct ssl_stream *s = xzalloc(sizeof *s);

    stream_init(&s->up, &ssl_client_stream_class, fd, name);
    s->ssl = SSL_new(c->ctx);
    if (!s->ssl) {
        kumo_fatal("SSL_new failed");
    }
    SSL_set_fd(s->ssl, fd);
    SSL_set_connect_state(s->ssl);
    SSL_set_app_data(s->ssl, s);
    s->tcp_connecting = connecting;
    s->want_write = connecting;
    return &s->up;
}
