/* bench-io: non-blocking TCP plumbing shared by kumo-bench's emulated
 * switches and its do-nothing responder: address parsing, sockets, and a
 * connection that frames OpenFlow messages out of a byte stream and queues
 * what it sends.
 *
 * Everything runs on one thread around one epoll set, so reads go through
 * one shared scratch buffer; a connection keeps only the partial message a
 * read ended in ('carry') and its unsent output ('tx'). */
#ifndef KUMO_BENCH_IO_H
#define KUMO_BENCH_IO_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "openflow/openflow-common.h"

/* Parses "HOST:PORT" (HOST a name or IPv4 address) into '*sin'. Returns
 * NULL or an error string (caller frees). */
char *bench_io_parse_hostport(const char *s, struct sockaddr_in *sin);

/* Parses an OVS-style passive target "ptcp:PORT[:IP]" (IP defaults to
 * 127.0.0.1). Returns NULL or an error string (caller frees). */
char *bench_io_parse_ptcp(const char *s, struct sockaddr_in *sin);

/* Returns the monotonic clock in nanoseconds. */
uint64_t bench_io_now_ns(void);

/* Raises the open-file limit to its hard maximum (1,000 switches need
 * more than the usual 1,024 descriptors). */
void bench_io_raise_fd_limit(void);

/* One OpenFlow connection. */
struct bench_io {
    int fd;                     /* -1 when closed. */
    struct buf carry;           /* Start of a message not yet complete. */
    struct buf tx;              /* Output; bytes before 'tx_ofs' are sent. */
    size_t tx_ofs;
    bool pollout;               /* EPOLLOUT is registered. */
    bool dead;                  /* Set by anyone to close it soon. */
};

/* Called for each complete message 'oh' of 'size' bytes read from 'io';
 * may append to io->tx or set io->dead (which ends the read). */
typedef void bench_io_msg_func(void *aux, struct bench_io *io,
                               const struct ofp_header *oh, size_t size);

/* Initializes 'io' around connected or connecting socket 'fd'. */
void bench_io_init(struct bench_io *io, int fd);

/* Closes the socket of 'io' (if open) and frees its buffers. */
void bench_io_close(struct bench_io *io);

/* Reads what 'io' has to offer (a bounded amount, for fairness) through
 * 'scratch' and calls 'cb' for each complete message. Returns 0, or a
 * positive errno value when the connection failed or the peer closed it
 * (EPIPE for end of stream, EPROTO for a length below 8). */
int bench_io_read(struct bench_io *io, uint8_t *scratch, size_t scratch_size,
                  bench_io_msg_func *cb, void *aux);

/* Writes as much of io->tx as the socket takes and (un)registers EPOLLOUT
 * in epoll set 'epfd' for the rest, with 'token' as the event's data.
 * Returns 0 or a positive errno value. */
int bench_io_flush(struct bench_io *io, int epfd, uint64_t token);

/* Returns the number of bytes queued in io->tx and not yet written. */
static inline size_t
bench_io_pending(const struct bench_io *io)
{
    return io->tx.size - io->tx_ofs;
}

/* Creates a non-blocking TCP socket with TCP_NODELAY and starts connecting
 * it to 'sin'. Returns the socket or a negative errno value. */
int bench_io_connect(const struct sockaddr_in *sin);

/* Creates a non-blocking listening TCP socket bound to 'sin'. Returns the
 * socket or a negative errno value. */
int bench_io_listen(const struct sockaddr_in *sin);

#endif /* bench-io.h */
