/* of-evil: a hostile (or merely fake) OpenFlow switch for kumod's
 * end-to-end tests. Built by the test scripts with plain `cc`; it uses no
 * Kumo code on purpose, so a codec bug cannot hide itself in the test.
 *
 *   of-evil [-V 1|4] [-t SECONDS] HOST PORT SCENARIO...
 *   of-evil [-V 1|4] HOST PORT switch DPID SECONDS
 *
 * Each malformed-input SCENARIO opens a fresh TCP connection, sends its
 * bytes and then reads until the controller answers with OFPT_ERROR or
 * closes the connection (both count as handled; the result is printed).
 * Anything else within the timeout (default 3 s) is a failure. "all" runs
 * every scenario. Exit status: 0 all handled, 1 some scenario failed,
 * 2 usage or connection error.
 *
 * "switch" completes a normal handshake as datapath DPID (hex), answers
 * echo, features, config, barrier, role and multipart requests, and holds
 * the connection for SECONDS. Exit status 0 if it was still connected at
 * the end, 3 if the controller closed it first.
 *
 * "flood" sends N_MSGS 32 KiB echo requests without reading any reply and
 * holds the connection HOLD_SECONDS (backpressure check, see run_flood()). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define OFP10 1
#define OFP13 4

/* Message types used here (same number in 1.0 and 1.3 unless noted). */
enum {
    T_HELLO = 0, T_ERROR = 1, T_ECHO_REQ = 2, T_ECHO_REPLY = 3,
    T_FEATURES_REQ = 5, T_FEATURES_REPLY = 6, T_GET_CONFIG_REQ = 7,
    T_GET_CONFIG_REPLY = 8, T_PACKET_IN = 10,
    T10_STATS_REQ = 16, T10_STATS_REPLY = 17,
    T10_BARRIER_REQ = 18, T10_BARRIER_REPLY = 19,
    T13_MP_REQ = 18, T13_MP_REPLY = 19,
    T13_BARRIER_REQ = 20, T13_BARRIER_REPLY = 21,
    T13_ROLE_REQ = 24, T13_ROLE_REPLY = 25,
};

/* Outcome of reading the controller's reaction. */
enum outcome { GOT_ERROR, GOT_CLOSE, GOT_NOTHING, GOT_IO_ERROR };

static const char *host;
static const char *port;
static int version = OFP13;
static int timeout_ms = 3000;
static uint16_t last_err_type, last_err_code;

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void
put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static void
put64(uint8_t *p, uint64_t v)
{
    put32(p, v >> 32);
    put32(p + 4, v);
}

static uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

/* Writes an OpenFlow header into 'p'. */
static void
put_header(uint8_t *p, int ver, int type, uint16_t length, uint32_t xid)
{
    p[0] = ver;
    p[1] = type;
    put16(p + 2, length);
    put32(p + 4, xid);
}

static int
connect_to(void)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *res, *ai;
    int fd = -1, err, one = 1;

    err = getaddrinfo(host, port, &hints, &res);
    if (err) {
        fprintf(stderr, "of-evil: %s:%s: %s\n", host, port, gai_strerror(err));
        exit(2);
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen)) {
            break;
        }
        if (fd >= 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "of-evil: connect %s:%s: %s\n", host, port, strerror(errno));
        exit(2);
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Sends all 'n' bytes; returns false if the peer is gone. */
static bool
send_all(int fd, const void *data, size_t n)
{
    const uint8_t *p = data;

    while (n) {
        ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return false;
        }
        p += r;
        n -= r;
    }
    return true;
}

/* Reads exactly 'n' bytes with a deadline. Returns 1 ok, 0 EOF/reset,
 * -1 timeout. */
static int
recv_all(int fd, uint8_t *p, size_t n, int64_t deadline)
{
    while (n) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int64_t left = deadline - now_ms();
        ssize_t r;

        if (left <= 0 || poll(&pfd, 1, (int) left) == 0) {
            return -1;
        }
        r = recv(fd, p, n, 0);
        if (r == 0 || (r < 0 && (errno == ECONNRESET || errno == EPIPE))) {
            return 0;
        }
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return 0;
        }
        p += r;
        n -= r;
    }
    return 1;
}

/* Reads one message into 'buf' (65535 bytes). Returns 1 ok, 0 closed,
 * -1 timeout. */
static int
recv_msg(int fd, uint8_t *buf, int64_t deadline)
{
    uint16_t len;
    int r = recv_all(fd, buf, 8, deadline);

    if (r <= 0) {
        return r;
    }
    len = get16(buf + 2);
    if (len < 8) {
        fprintf(stderr, "of-evil: controller sent a message with length %u\n", len);
        return 0;
    }
    return recv_all(fd, buf + 8, len - 8, deadline);
}

/* Answers the requests a fake switch must answer; other messages are
 * ignored. 'dpid' identifies the switch. Returns false if sending failed. */
static bool
answer(int fd, const uint8_t *msg, uint64_t dpid)
{
    static uint8_t out[2048];
    int ver = msg[0], type = msg[1];
    uint16_t len = get16(msg + 2);
    uint32_t xid = (uint32_t) msg[4] << 24 | msg[5] << 16 | msg[6] << 8 | msg[7];
    size_t n = 0;

    memset(out, 0, sizeof out);
    if (type == T_ECHO_REQ) {
        if (len > sizeof out) {
            return true;
        }
        memcpy(out, msg, len);
        out[1] = T_ECHO_REPLY;
        n = len;
    } else if (type == T_FEATURES_REQ) {
        n = 32;
        put_header(out, ver, T_FEATURES_REPLY, n, xid);
        put64(out + 8, dpid);
        put32(out + 16, 256);           /* n_buffers */
        out[20] = ver == OFP10 ? 1 : 254; /* n_tables */
        put32(out + 24, 0xc7);          /* capabilities */
        if (ver == OFP10) {
            put32(out + 28, 0xfff);     /* actions */
        }
    } else if (type == T_GET_CONFIG_REQ) {
        n = 12;
        put_header(out, ver, T_GET_CONFIG_REPLY, n, xid);
        put16(out + 10, 128);
    } else if ((ver == OFP10 && type == T10_BARRIER_REQ)
               || (ver == OFP13 && type == T13_BARRIER_REQ)) {
        n = 8;
        put_header(out, ver, ver == OFP10 ? T10_BARRIER_REPLY : T13_BARRIER_REPLY,
                   n, xid);
    } else if (ver == OFP13 && type == T13_ROLE_REQ && len >= 24) {
        memcpy(out, msg, 24);
        out[1] = T13_ROLE_REPLY;
        n = 24;
    } else if ((ver == OFP10 && type == T10_STATS_REQ && len >= 12)
               || (ver == OFP13 && type == T13_MP_REQ && len >= 16)) {
        /* Empty reply of the same kind; "desc" needs its fixed body. */
        uint16_t mp_type = get16(msg + 8);
        size_t hdr = ver == OFP10 ? 12 : 16;

        n = hdr + (mp_type == 0 ? 1056 : 0);
        put_header(out, ver, ver == OFP10 ? T10_STATS_REPLY : T13_MP_REPLY, n, xid);
        put16(out + 8, mp_type);
        if (mp_type == 0) {
            snprintf((char *) out + hdr, 256, "of-evil");
        }
    }
    return n == 0 || send_all(fd, out, n);
}

/* Reads the controller's reaction until OFPT_ERROR, close, or timeout.
 * Requests that a switch must answer are answered on the way. */
static enum outcome
await_reaction(int fd)
{
    static uint8_t buf[65536];
    int64_t deadline = now_ms() + timeout_ms;

    for (;;) {
        int r = recv_msg(fd, buf, deadline);

        if (r == 0) {
            return GOT_CLOSE;
        } else if (r < 0) {
            return GOT_NOTHING;
        }
        if (buf[1] == T_ERROR && get16(buf + 2) >= 12) {
            last_err_type = get16(buf + 8);
            last_err_code = get16(buf + 10);
            return GOT_ERROR;
        }
        if (!answer(fd, buf, 0xe0e0e0e0e0e0e0e0ULL)) {
            return GOT_CLOSE;
        }
    }
}

/* Sends a HELLO for 'version' (1.3 with a version bitmap of 1.0 + 1.3). */
static bool
send_hello(int fd, int ver)
{
    uint8_t m[16];

    if (ver == OFP13) {
        put_header(m, ver, T_HELLO, 16, 1);
        put16(m + 8, 1);                /* OFPHET_VERSIONBITMAP */
        put16(m + 10, 8);
        put32(m + 12, (1u << OFP10) | (1u << OFP13));
        return send_all(fd, m, 16);
    }
    put_header(m, ver, T_HELLO, 8, 1);
    return send_all(fd, m, 8);
}

/* Deterministic filler bytes (xorshift), so failures reproduce. */
static void
fill_garbage(uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t x = seed ? seed : 1;

    while (n--) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *p++ = x;
    }
}

/* The scenarios. Each returns the outcome of one connection. */

/* Half a header, then end of stream. */
static enum outcome
sc_truncated_header(int fd)
{
    uint8_t m[8];

    put_header(m, version, T_HELLO, 8, 1);
    send_all(fd, m, 5);
    shutdown(fd, SHUT_WR);
    return await_reaction(fd);
}

/* Hello, then a header announcing 64 bytes followed by only 20, then end. */
static enum outcome
sc_truncated_body(int fd)
{
    uint8_t m[28] = { 0 };

    send_hello(fd, version);
    put_header(m, version, T_ECHO_REQ, 64, 2);
    send_all(fd, m, sizeof m);
    shutdown(fd, SHUT_WR);
    return await_reaction(fd);
}

/* Length field smaller than the header itself. */
static enum outcome
sc_length_too_small(int fd)
{
    uint8_t m[16] = { 0 };

    send_hello(fd, version);
    put_header(m, version, T_ECHO_REQ, 4, 2);
    send_all(fd, m, sizeof m);
    return await_reaction(fd);
}

/* PACKET_IN cut to its header: shorter than the type's fixed part. */
static enum outcome
sc_short_packet_in(int fd)
{
    uint8_t m[8];

    send_hello(fd, version);
    put_header(m, version, T_PACKET_IN, 8, 3);
    send_all(fd, m, sizeof m);
    return await_reaction(fd);
}

/* A message whose inner length lies: 1.3 PACKET_IN with a match length of
 * 200 in a 40-byte message; 1.0 FEATURES_REPLY whose port array is not a
 * whole number of ports. */
static enum outcome
sc_lying_inner_length(int fd)
{
    uint8_t m[64] = { 0 };
    size_t n;

    send_hello(fd, version);
    if (version == OFP13) {
        n = 40;
        put_header(m, version, T_PACKET_IN, n, 4);
        put32(m + 8, 0xffffffff);       /* buffer_id */
        put16(m + 12, 60);              /* total_len */
        put16(m + 24, 1);               /* match type OXM */
        put16(m + 26, 200);             /* match length: lies */
    } else {
        n = 32 + 20;
        put_header(m, version, T_FEATURES_REPLY, n, 4);
        put64(m + 8, 0xe0e0);
    }
    send_all(fd, m, n);
    return await_reaction(fd);
}

/* A valid HELLO directly followed by 64 bytes of garbage. The garbage's
 * length field says 64, so it is one complete (nonsense) message: a
 * random length would just look like a message still in transit. */
static enum outcome
sc_garbage_after_hello(int fd)
{
    uint8_t g[64];

    send_hello(fd, version);
    fill_garbage(g, sizeof g, 42);
    g[0] = 0x7f;                        /* make sure the version is bad */
    put16(g + 2, sizeof g);
    send_all(fd, g, sizeof g);
    return await_reaction(fd);
}

/* Largest possible message (65535 bytes) of an undefined type. */
static enum outcome
sc_oversized(int fd)
{
    static uint8_t m[65535];

    send_hello(fd, version);
    fill_garbage(m, sizeof m, 7);
    put_header(m, version, 0xee, 0xffff, 5);
    send_all(fd, m, sizeof m);
    return await_reaction(fd);
}

/* 65535-byte OpenFlow 1.3 HELLO whose first element (a version bitmap)
 * claims length 0, which is invalid (a parser that loops on element
 * length must not spin). Always 1.3: a 1.0 HELLO's body is ignored. */
static enum outcome
sc_oversized_hello(int fd)
{
    static uint8_t m[65535];

    memset(m, 0, sizeof m);
    put_header(m, OFP13, T_HELLO, 0xffff, 6);
    put16(m + 8, 1);
    send_all(fd, m, sizeof m);
    return await_reaction(fd);
}

/* No common version. 1.3 mode: a HELLO whose version bitmap offers only
 * OpenFlow 1.1 and 1.2. 1.0 mode: a HELLO with version 0, which exists in
 * no bitmap. (A bare version-2 HELLO is not bad: without a bitmap a peer
 * is taken to support every version up to its own, so 1.0 is common.) */
static enum outcome
sc_bad_version_hello(int fd)
{
    uint8_t m[16];

    if (version == OFP13) {
        put_header(m, OFP13, T_HELLO, 16, 7);
        put16(m + 8, 1);                /* OFPHET_VERSIONBITMAP */
        put16(m + 10, 8);
        put32(m + 12, (1u << 2) | (1u << 3));
        send_all(fd, m, 16);
    } else {
        put_header(m, 0, T_HELLO, 8, 7);
        send_all(fd, m, 8);
    }
    return await_reaction(fd);
}

/* Negotiate normally, then send an echo request with another version. */
static enum outcome
sc_bad_version_msg(int fd)
{
    uint8_t m[8];

    send_hello(fd, version);
    put_header(m, version == OFP13 ? 0x05 : 0x03, T_ECHO_REQ, 8, 8);
    send_all(fd, m, sizeof m);
    return await_reaction(fd);
}

/* Sends 'n_msgs' 32 KiB echo requests without ever reading the replies,
 * then holds the connection 'hold_s' seconds. A controller with bounded
 * send queues either stops reading (our sends stall), or closes; one that
 * buffers every reply grows by ~64 MiB (the test measures its RSS while
 * the connection is held). Prints what happened; returns 0. */
static int
run_flood(int n_msgs, int hold_s)
{
    static uint8_t m[32768];
    int fd = connect_to(), i;
    int64_t t0 = now_ms();
    const char *what = "all sent";

    send_hello(fd, version);
    memset(m, 0, sizeof m);
    put_header(m, version, T_ECHO_REQ, sizeof m, 9);
    for (i = 0; i < n_msgs; i++) {
        size_t off = 0;

        while (off < sizeof m) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            ssize_t r;

            if (poll(&pfd, 1, 2000) == 0) {
                what = "stalled (controller stopped reading)";
                goto done;
            }
            r = send(fd, m + off, sizeof m - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            } else if (r <= 0) {
                what = "closed by the controller";
                goto done;
            }
            off += r;
        }
    }
done:
    printf("of-evil: flood: %s after %d of %d messages (%lld ms)\n", what, i,
           n_msgs, (long long) (now_ms() - t0));
    fflush(stdout);
    sleep(hold_s);
    close(fd);
    return 0;
}

struct scenario {
    const char *name;
    enum outcome (*run)(int fd);
};

static const struct scenario scenarios[] = {
    { "truncated-header", sc_truncated_header },
    { "truncated-body", sc_truncated_body },
    { "length-too-small", sc_length_too_small },
    { "short-packet-in", sc_short_packet_in },
    { "lying-inner-length", sc_lying_inner_length },
    { "garbage-after-hello", sc_garbage_after_hello },
    { "oversized", sc_oversized },
    { "oversized-hello", sc_oversized_hello },
    { "bad-version-hello", sc_bad_version_hello },
    { "bad-version-msg", sc_bad_version_msg },
};

static bool
run_scenario(const struct scenario *sc)
{
    int64_t t0 = now_ms();
    int fd = connect_to();
    enum outcome o = sc->run(fd);
    long ms = (long) (now_ms() - t0);

    close(fd);
    switch (o) {
    case GOT_ERROR:
        printf("of-evil: OF%s %-20s -> OFPT_ERROR type=%u code=%u (%ld ms)\n",
               version == OFP10 ? "1.0" : "1.3", sc->name,
               last_err_type, last_err_code, ms);
        return true;
    case GOT_CLOSE:
        printf("of-evil: OF%s %-20s -> connection closed (%ld ms)\n",
               version == OFP10 ? "1.0" : "1.3", sc->name, ms);
        return true;
    case GOT_NOTHING:
    case GOT_IO_ERROR:
    default:
        printf("of-evil: OF%s %-20s -> FAILED: neither OFPT_ERROR nor close "
               "within %d ms\n", version == OFP10 ? "1.0" : "1.3", sc->name,
               timeout_ms);
        return false;
    }
}

/* Fake switch: handshake as 'dpid', hold the connection 'seconds'. */
static int
run_switch(uint64_t dpid, int seconds)
{
    static uint8_t buf[65536];
    int64_t t0 = now_ms(), deadline = t0 + (int64_t) seconds * 1000;
    int fd = connect_to();

    send_hello(fd, version);
    for (;;) {
        int r = recv_msg(fd, buf, deadline);

        if (r < 0) {
            printf("of-evil: switch %016llx held the connection for %d s\n",
                   (unsigned long long) dpid, seconds);
            close(fd);
            return 0;
        }
        if (r == 0 || !answer(fd, buf, dpid)) {
            printf("of-evil: switch %016llx: connection closed by the "
                   "controller after %lld ms\n", (unsigned long long) dpid,
                   (long long) (now_ms() - t0));
            close(fd);
            return 3;
        }
        if (buf[1] == T_ERROR && get16(buf + 2) >= 12) {
            printf("of-evil: switch %016llx got OFPT_ERROR type=%u code=%u\n",
                   (unsigned long long) dpid, get16(buf + 8), get16(buf + 10));
        }
        fflush(stdout);
    }
}

static void
usage(void)
{
    size_t i;

    fprintf(stderr, "usage: of-evil [-V 1|4] [-t SECONDS] HOST PORT SCENARIO...\n"
            "       of-evil [-V 1|4] HOST PORT switch DPID SECONDS\n"
            "       of-evil [-V 1|4] HOST PORT flood N_MSGS HOLD_SECONDS\n"
            "scenarios: all");
    for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        fprintf(stderr, " %s", scenarios[i].name);
    }
    fprintf(stderr, "\n");
    exit(2);
}

int
main(int argc, char *argv[])
{
    int opt, i, failed = 0;
    size_t j;

    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    while ((opt = getopt(argc, argv, "V:t:")) != -1) {
        if (opt == 'V') {
            version = atoi(optarg);
            if (version != OFP10 && version != OFP13) {
                usage();
            }
        } else if (opt == 't') {
            timeout_ms = atoi(optarg) * 1000;
        } else {
            usage();
        }
    }
    if (argc - optind < 3) {
        usage();
    }
    host = argv[optind];
    port = argv[optind + 1];
    if (!strcmp(argv[optind + 2], "flood")) {
        if (argc - optind != 5) {
            usage();
        }
        return run_flood(atoi(argv[optind + 3]), atoi(argv[optind + 4]));
    }
    if (!strcmp(argv[optind + 2], "switch")) {
        if (argc - optind != 5) {
            usage();
        }
        return run_switch(strtoull(argv[optind + 3], NULL, 16),
                          atoi(argv[optind + 4]));
    }
    for (i = optind + 2; i < argc; i++) {
        bool all = !strcmp(argv[i], "all"), found = all;

        for (j = 0; j < sizeof scenarios / sizeof scenarios[0]; j++) {
            if (all || !strcmp(argv[i], scenarios[j].name)) {
                found = true;
                failed += !run_scenario(&scenarios[j]);
            }
        }
        if (!found) {
            usage();
        }
    }
    return failed ? 1 : 0;
}
