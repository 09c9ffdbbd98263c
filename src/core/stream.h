/* stream: byte streams to switches (tcp, unix, ssl) behind one small
 * interface, and the passive listeners ("pstreams") that accept them.
 *
 * Everything is non-blocking.  Functions return 0 or a positive errno;
 * EAGAIN means "nothing now": wait for the fd to become readable (or
 * writable when stream_want_write() says so).  Listeners are opened on the
 * accepting thread; an accepted stream is then used by exactly one worker
 * thread (streams are not thread-safe, pstreams may be shared). */
#ifndef KUMO_CORE_STREAM_H
#define KUMO_CORE_STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct stream;
struct pstream;

/* TLS files for pssl: listeners (paths borrowed for the call). */
struct stream_ssl_options {
    const char *key;        /* PEM private key. */
    const char *cert;       /* PEM certificate (chain) matching 'key'. */
    const char *ca;         /* PEM CA certificate(s) that sign switches. */
};

/* Loads the TLS files of 'ssl' as a pssl: listener would (key, matching
 * certificate, CA) without opening anything.  Returns NULL or an error
 * message (caller frees). */
char *stream_ssl_check_options(const struct stream_ssl_options *ssl);

/* Opens a listener for 'target': "ptcp:PORT[:IP]", "pssl:PORT[:IP]" or
 * "punix:PATH".  IP defaults to 0.0.0.0 (an IPv6 address may be written
 * in brackets).  'ssl' is needed for pssl: only.  On success stores the
 * listener in '*psp' and returns 0; otherwise returns a positive errno and
 * stores an error message (caller frees) in '*errorp'. */
int pstream_open(const char *target, const struct stream_ssl_options *ssl,
                 struct pstream **psp, char **errorp);

/* Checks the syntax of 'target' without opening anything.  Returns NULL or
 * an error message (caller frees). */
char *pstream_verify_target(const char *target);

/* Accepts one connection: returns 0 and stores the new stream in '*sp'
 * (caller owns), EAGAIN if none is pending, or another errno. */
int pstream_accept(struct pstream *, struct stream **sp);
int pstream_get_fd(const struct pstream *);
/* The listener's name with the bound port, e.g. "ptcp:6653:0.0.0.0". */
const char *pstream_get_name(const struct pstream *);
/* Closes the listener (and unlinks a punix: socket).  Accepts NULL. */
void pstream_close(struct pstream *);

/* Starts an active connection to 'target': "tcp:IP:PORT", "ssl:IP:PORT"
 * (an IPv6 address in brackets) or "unix:PATH".  Non-blocking: on success
 * stores the new stream in '*sp' (caller owns) and returns 0 while the
 * connection may still be in progress; stream_handshake() then returns
 * EAGAIN until the connection (and for ssl: the TLS handshake, as a
 * client presenting ssl->cert and checking the server against ssl->ca)
 * is complete, and stream_want_write() is true while waiting for the
 * socket to connect.  On failure returns a positive errno and stores an
 * error message (caller frees) in '*errorp'. */
int stream_open(const char *target, const struct stream_ssl_options *ssl,
                struct stream **sp, char **errorp);

/* Checks the syntax of active target 'target' without opening anything.
 * Returns NULL or an error message (caller frees). */
char *stream_verify_target(const char *target);

/* Drives the stream's own handshake (TLS).  Returns 0 once done (at once
 * for tcp/unix), EAGAIN to be called again when the fd is ready, or an
 * errno (EPROTO for a failed TLS handshake; the reason is logged). */
int stream_handshake(struct stream *);

/* Receives up to 'size' bytes.  Returns the number of bytes (> 0), 0 at
 * end of stream, or a negative errno (-EAGAIN: nothing now). */
ssize_t stream_recv(struct stream *, void *data, size_t size);
/* Sends up to 'size' bytes.  Returns the number sent (> 0) or a negative
 * errno (-EAGAIN: the kernel buffer is full). */
ssize_t stream_send(struct stream *, const void *data, size_t size);
/* True if the stream needs EPOLLOUT to make progress even with nothing
 * queued (a TLS handshake or renegotiation waiting to write). */
bool stream_want_write(const struct stream *);
/* True if the stream may hold received bytes that the fd does not show
 * as readable (TLS records already decrypted): then read until EAGAIN.
 * Otherwise a short read means the socket is drained. */
bool stream_is_buffered(const struct stream *);
int stream_get_fd(const struct stream *);
/* The peer, e.g. "tcp:198.18.255.1:43210" (borrowed). */
const char *stream_get_name(const struct stream *);
/* Closes the stream and frees it.  Accepts NULL. */
void stream_close(struct stream *);

#endif /* stream.h */
