/* bench-io: see bench-io.h. */
#include "bench-io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

/* Reads per call of bench_io_read(), so that one busy connection cannot
 * starve the others. */
#define BENCH_IO_READS_PER_CALL 4

static char *
parse_port(const char *s, uint16_t *port)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < 1 || v > 65535) {
        return xasprintf("\"%s\": not a TCP port number", s);
    }
    *port = v;
    return NULL;
}

static char *
resolve(const char *host, struct in_addr *addr)
{
    struct addrinfo hints, *res;
    int error;

    if (inet_pton(AF_INET, host, addr) == 1) {
        return NULL;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    error = getaddrinfo(host, NULL, &hints, &res);
    if (error) {
        return xasprintf("%s: %s", host, gai_strerror(error));
    }
    *addr = ((const struct sockaddr_in *) (void *) res->ai_addr)->sin_addr;
    freeaddrinfo(res);
    return NULL;
}

/* Parses "HOST:PORT" into 'sin'. */
char *
bench_io_parse_hostport(const char *s, struct sockaddr_in *sin)
{
    const char *colon = strrchr(s, ':');
    uint16_t port;
    char *host, *error;

    if (!colon || colon == s) {
        return xasprintf("\"%s\": expected HOST:PORT", s);
    }
    error = parse_port(colon + 1, &port);
    if (error) {
        return error;
    }
    host = xmemdup(s, colon - s + 1);
    host[colon - s] = '\0';
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    error = resolve(host, &sin->sin_addr);
    free(host);
    return error;
}

/* Parses "ptcp:PORT[:IP]" into 'sin'. */
char *
bench_io_parse_ptcp(const char *s, struct sockaddr_in *sin)
{
    char *copy, *port, *ip, *error;

    if (strncmp(s, "ptcp:", 5)) {
        return xasprintf("\"%s\": expected ptcp:PORT[:IP]", s);
    }
    copy = xstrdup(s + 5);
    port = copy;
    ip = strchr(copy, ':');
    if (ip) {
        *ip++ = '\0';
    }
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    error = parse_port(port, &sin->sin_port);
    if (!error) {
        sin->sin_port = htons(sin->sin_port);
        error = resolve(ip ? ip : "127.0.0.1", &sin->sin_addr);
    }
    free(copy);
    return error;
}

/* Returns CLOCK_MONOTONIC in ns. */
uint64_t
bench_io_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Raises RLIMIT_NOFILE's soft limit to the hard limit. */
void
bench_io_raise_fd_limit(void)
{
    struct rlimit rl;

    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Initializes 'io' for socket 'fd'. */
void
bench_io_init(struct bench_io *io, int fd)
{
    io->fd = fd;
    buf_init(&io->carry, 0);
    buf_init(&io->tx, 0);
    io->tx_ofs = 0;
    io->pollout = false;
    io->dead = false;
}

/* Closes 'io' and frees its buffers; 'io' stays valid (closed). */
void
bench_io_close(struct bench_io *io)
{
    if (io->fd >= 0) {
        close(io->fd);
        io->fd = -1;
    }
    buf_uninit(&io->carry);
    buf_uninit(&io->tx);
    buf_init(&io->carry, 0);            /* So that closing twice is safe. */
    buf_init(&io->tx, 0);
    io->tx_ofs = 0;
}

/* Calls 'cb' for each complete message in the 'size' bytes at 'p'; returns
 * how many bytes it consumed, or SIZE_MAX on a bad length.
 *
 * Messages follow each other at any offset in the stream, but wire structs
 * need their natural alignment, so a message that does not start on an
 * 8-byte boundary is first copied to one (rare: most messages are a
 * multiple of 8 bytes long). */
static size_t
frame(struct bench_io *io, const uint8_t *p, size_t size,
      bench_io_msg_func *cb, void *aux)
{
    static uint64_t aligned[OFP_MAX_MSG_SIZE / 8 + 1];  /* One thread. */
    size_t ofs = 0;

    while (size - ofs >= sizeof(struct ofp_header) && !io->dead) {
        const uint8_t *msg = p + ofs;
        size_t len = (size_t) msg[2] << 8 | msg[3];

        if (len < sizeof(struct ofp_header)) {
            return SIZE_MAX;
        }
        if (len > size - ofs) {
            break;
        }
        if ((uintptr_t) msg % 8) {
            memcpy(aligned, msg, len);
            msg = (const uint8_t *) aligned;
        }
        cb(aux, io, (const struct ofp_header *) (const void *) msg, len);
        ofs += len;
    }
    return ofs;
}

/* Reads from 'io' and dispatches complete messages to 'cb'. */
int
bench_io_read(struct bench_io *io, uint8_t *scratch, size_t scratch_size,
              bench_io_msg_func *cb, void *aux)
{
    int i;

    for (i = 0; i < BENCH_IO_READS_PER_CALL && !io->dead; i++) {
        size_t have = io->carry.size;
        size_t used;
        ssize_t n;

        if (have) {
            memcpy(scratch, io->carry.data, have);
        }
        n = read(io->fd, scratch + have, scratch_size - have);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return 0;
            }
            return n ? errno : EPIPE;
        }
        used = frame(io, scratch, have + n, cb, aux);
        if (used == SIZE_MAX) {
            return EPROTO;
        }
        buf_clear(&io->carry);
        buf_put(&io->carry, scratch + used, have + n - used);
        if ((size_t) n < scratch_size - have) {
            break;                      /* Drained the socket. */
        }
    }
    return 0;
}

static int
set_pollout(struct bench_io *io, int epfd, uint64_t token, bool on)
{
    struct epoll_event ev;

    if (io->pollout == on) {
        return 0;
    }
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0);
    ev.data.u64 = token;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, io->fd, &ev)) {
        return errno;
    }
    io->pollout = on;
    return 0;
}

/* Writes queued output of 'io'. */
int
bench_io_flush(struct bench_io *io, int epfd, uint64_t token)
{
    while (bench_io_pending(io)) {
        ssize_t n = write(io->fd, io->tx.data + io->tx_ofs,
                          bench_io_pending(io));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                return set_pollout(io, epfd, token, true);
            }
            return errno;
        }
        io->tx_ofs += n;
    }
    buf_clear(&io->tx);
    io->tx_ofs = 0;
    return set_pollout(io, epfd, token, false);
}

static int
new_socket(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;

    if (fd < 0) {
        return -errno;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Starts a non-blocking connection to 'sin'. */
int
bench_io_connect(const struct sockaddr_in *sin)
{
    int fd = new_socket();

    if (fd < 0) {
        return fd;
    }
    if (connect(fd, (const struct sockaddr *) sin, sizeof *sin)
        && errno != EINPROGRESS) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

/* Creates a listening socket on 'sin'. */
int
bench_io_listen(const struct sockaddr_in *sin)
{
    int fd = new_socket();
    int one = 1;

    if (fd < 0) {
        return fd;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (const struct sockaddr *) sin, sizeof *sin)
        || listen(fd, 4096)) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}
