/* stream-provider: the vtable behind struct stream / struct pstream, for
 * the implementations in stream.c (tcp, unix) and stream-ssl.c (ssl). */
#ifndef KUMO_CORE_STREAM_PROVIDER_H
#define KUMO_CORE_STREAM_PROVIDER_H 1

#include "core/stream.h"

struct stream_class {
    const char *name;                       /* "tcp", "unix", "ssl". */
    bool buffered;          /* May hold input the fd does not show (TLS):
                             * read until EAGAIN, not just until a short
                             * read. */
    int (*handshake)(struct stream *);      /* NULL: nothing to do. */
    ssize_t (*recv)(struct stream *, void *, size_t);
    ssize_t (*send)(struct stream *, const void *, size_t);
    bool (*want_write)(const struct stream *);  /* NULL: never. */
    void (*close)(struct stream *);         /* Frees the whole object. */
};

struct stream {
    const struct stream_class *class;
    int fd;
    char *name;             /* Peer, e.g. "tcp:IP:PORT". */
};

struct pstream {
    int fd;
    char *name;             /* e.g. "ptcp:6653:0.0.0.0". */
    char *unlink_path;      /* punix: socket to remove on close. */
    const char *peer_prefix;    /* "tcp", "ssl", "unix". */
    struct stream_ssl_ctx *ssl;     /* pssl: only. */
};

/* Initializes the common part of a stream ('name' taken). */
void stream_init(struct stream *, const struct stream_class *, int fd,
                 char *name);

/* stream-ssl.c: the TLS context of a pssl: listener. */
struct stream_ssl_ctx *stream_ssl_ctx_create(
    const struct stream_ssl_options *, char **errorp);
void stream_ssl_ctx_destroy(struct stream_ssl_ctx *);
/* Wraps accepted socket 'fd' (taken) as a server-side TLS stream named
 * 'name' (taken). */
struct stream *stream_ssl_accept(struct stream_ssl_ctx *, int fd,
                                 char *name);

/* stream-ssl.c: a TLS client context (certificate + key to present, CA
 * that must sign the server), for stream_open("ssl:..."). */
struct stream_ssl_ctx *stream_ssl_client_ctx_create(
    const struct stream_ssl_options *, char **errorp);
/* Wraps socket 'fd' (taken), whose non-blocking connect may still be in
 * progress if 'connecting', as a client-side TLS stream named 'name'
 * (taken).  The stream keeps its own reference to 'ctx'. */
struct stream *stream_ssl_connect(struct stream_ssl_ctx *ctx, int fd,
                                  char *name, bool connecting);

#endif /* stream-provider.h */
