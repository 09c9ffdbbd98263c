/* of-capture: a minimal OpenFlow "switch" on a unix socket, used to capture
 * the bytes Open vSwitch's own encoder produces.
 *
 *     of-capture SOCKET
 *
 * Listens on SOCKET, accepts connections one after another (from e.g.
 * `ovs-ofctl -O OpenFlow13 add-flow unix:SOCKET ...`; some commands, like
 * mod-port, connect twice), prints every message
 * the peer sends as one line of hex on stdout, and answers just enough for
 * ovs-ofctl to finish its command normally: HELLO, ECHO, FEATURES, GET_CONFIG,
 * BARRIER and (empty, or one-port) multipart/stats replies. Exits when no
 * new connection arrives within 0.3 seconds of the last one closing (10
 * seconds for the first), or after 10 seconds of silence on a connection.
 *
 * The replies are built from raw wire layouts here, on purpose: this tool is
 * the independent side of the OVS -> Kumo golden test, so it does not depend
 * on the codec under test. Uses only src/lib and the wire headers. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/openflow-common.h"

/* Appends an OpenFlow header to 'b' and returns its offset. */
static size_t
put_header(struct buf *b, uint8_t version, uint8_t type, uint32_t xid)
{
    size_t start = b->size;

    buf_put_u8(b, version);
    buf_put_u8(b, type);
    buf_put_be16(b, 0);
    buf_put_be32(b, xid);
    return start;
}

/* Sets the length of the message at 'start' to reach the end of 'b'. */
static void
finish(struct buf *b, size_t start)
{
    be16 len = htons((uint16_t) (b->size - start));

    memcpy(b->data + start + 2, &len, 2);
}

/* Appends a port named "p<no>" with a fixed MAC, in the layout of
 * 'version' (1.0 ofp_phy_port, 48 bytes; 1.3 ofp_port, 64 bytes). */
static void
put_port(struct buf *b, uint8_t version, uint32_t port_no)
{
    static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
    char name[16];

    memset(name, 0, sizeof name);
    snprintf(name, sizeof name, "p%u", port_no);
    if (version == OFP10_VERSION) {
        buf_put_be16(b, (uint16_t) port_no);
        buf_put(b, mac, 6);
        buf_put(b, name, 16);
        buf_put_be32(b, 0);         /* config */
        buf_put_be32(b, 0);         /* state */
        buf_put_be32(b, 0x20 | 0x800);  /* curr: 1GB_FD, COPPER */
        buf_put_be32(b, 0);         /* advertised */
        buf_put_be32(b, 0);         /* supported */
        buf_put_be32(b, 0);         /* peer */
    } else {
        buf_put_be32(b, port_no);
        buf_put_zeros(b, 4);
        buf_put(b, mac, 6);
        buf_put_zeros(b, 2);
        buf_put(b, name, 16);
        buf_put_be32(b, 0);         /* config */
        buf_put_be32(b, 4);         /* state: LIVE */
        buf_put_be32(b, 0x20 | 0x800);  /* curr: 1GB_FD, COPPER */
        buf_put_be32(b, 0);
        buf_put_be32(b, 0);
        buf_put_be32(b, 0);
        buf_put_be32(b, 1000000);   /* curr_speed */
        buf_put_be32(b, 1000000);   /* max_speed */
    }
}

/* The switch's config flags, as last set by SET_CONFIG (set-frags reads
 * them back). */
static uint16_t frag_flags;

/* Builds the reply (if any) to the message 'oh' of 'size' bytes into 'b'. */
static void
make_reply(const struct ofp_header *oh, size_t size, struct buf *b)
{
    uint8_t v = oh->version;
    uint32_t xid = ntohl(oh->xid);
    bool v10 = v == OFP10_VERSION;
    const uint8_t *body = (const uint8_t *) oh + sizeof *oh;
    size_t start;

    switch (oh->type) {
    case OFPT13_HELLO:
        finish(b, put_header(b, v, OFPT13_HELLO, xid));
        break;
    case OFPT13_ECHO_REQUEST:
        start = put_header(b, v, OFPT13_ECHO_REPLY, xid);
        buf_put(b, body, size - sizeof *oh);
        finish(b, start);
        break;
    case OFPT13_FEATURES_REQUEST:
        start = put_header(b, v, OFPT13_FEATURES_REPLY, xid);
        buf_put_be64(b, 0x0000000000000abcULL);   /* datapath_id */
        buf_put_be32(b, 256);                      /* n_buffers */
        buf_put_u8(b, 254);                        /* n_tables */
        if (v10) {
            buf_put_zeros(b, 3);
            buf_put_be32(b, 0xc7);                 /* capabilities */
            buf_put_be32(b, 0xfff);                /* actions */
            put_port(b, v, 1);
            put_port(b, v, 2);
        } else {
            buf_put_u8(b, 0);                      /* auxiliary_id */
            buf_put_zeros(b, 2);
            buf_put_be32(b, 0x4f);                 /* capabilities */
            buf_put_be32(b, 0);                    /* reserved */
        }
        finish(b, start);
        break;
    case OFPT13_SET_CONFIG:
        if (size >= sizeof *oh + 2) {
            frag_flags = (uint16_t) (body[0] << 8 | body[1]);
        }
        break;
    case OFPT13_GET_CONFIG_REQUEST:
        start = put_header(b, v, OFPT13_GET_CONFIG_REPLY, xid);
        buf_put_be16(b, frag_flags);
        buf_put_be16(b, 128);
        finish(b, start);
        break;
    default:
        if (oh->type == (v10 ? OFPT10_BARRIER_REQUEST
                                : OFPT13_BARRIER_REQUEST)) {
            finish(b, put_header(b, v, v10 ? OFPT10_BARRIER_REPLY
                                           : OFPT13_BARRIER_REPLY, xid));
        } else if (oh->type == (v10 ? OFPT10_STATS_REQUEST
                                       : OFPT13_MULTIPART_REQUEST)
                   && size >= sizeof *oh + 4) {
            /* Empty reply of the requested kind, except port
             * descriptions, which carry one port so that mod-port finds
             * port 1. */
            uint16_t mp_type = (uint16_t) (body[0] << 8 | body[1]);

            start = put_header(b, v, v10 ? OFPT10_STATS_REPLY
                                         : OFPT13_MULTIPART_REPLY, xid);
            buf_put_be16(b, mp_type);
            buf_put_be16(b, 0);
            if (!v10) {
                buf_put_zeros(b, 4);
            }
            if (!v10 && mp_type == 13) {
                put_port(b, v, 1);
            } else if (mp_type == 0) {
                buf_put_zeros(b, 4 * 256 + 32);     /* ofp_desc */
            } else if (!v10 && mp_type == 8) {
                buf_put_zeros(b, 40);               /* group features */
            } else if (!v10 && mp_type == 11) {
                buf_put_zeros(b, 16);               /* meter features */
            } else if (!v10 && mp_type == 12) {
                /* One table with the eight required properties, each
                 * empty: instructions, next_tables, write/apply actions,
                 * match, wildcards, write/apply setfield. */
                buf_put_be16(b, 64 + 8 * 8);
                buf_put_zeros(b, 62);
                for (uint16_t prop = 0; prop < 16; prop += 2) {
                    buf_put_be16(b, prop);
                    buf_put_be16(b, 4);
                    buf_put_zeros(b, 4);
                }
            } else if (mp_type == 2) {
                buf_put_zeros(b, 24);               /* aggregate */
            }
            finish(b, start);
        } else if (oh->type == (v10 ? OFPT10_QUEUE_GET_CONFIG_REQUEST
                                       : OFPT13_QUEUE_GET_CONFIG_REQUEST)
                   && size >= sizeof *oh + 4) {
            /* The port asked about, with no queues. */
            start = put_header(b, v, v10 ? OFPT10_QUEUE_GET_CONFIG_REPLY
                                         : OFPT13_QUEUE_GET_CONFIG_REPLY,
                               xid);
            buf_put(b, body, v10 ? 2 : 4);
            buf_put_zeros(b, v10 ? 6 : 4);
            finish(b, start);
        }
        break;
    }
}

static bool
write_all(int fd, const void *p_, size_t n)
{
    const uint8_t *p = p_;

    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return false;
        }
        p += w;
        n -= (size_t) w;
    }
    return true;
}

/* Serves one connection until EOF or a 10-second silence. */
static int
serve(int fd)
{
    struct buf in, out;
    struct ds line = DS_EMPTY_INITIALIZER;
    int rc = 0;

    buf_init(&in, 65536);
    buf_init(&out, 4096);
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        uint8_t chunk[8192];
        ssize_t n;

        if (poll(&pfd, 1, 10000) <= 0) {
            fprintf(stderr, "of-capture: timeout\n");
            rc = 1;
            break;
        }
        n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        buf_put(&in, chunk, (size_t) n);
        while (in.size >= sizeof(struct ofp_header)) {
            const struct ofp_header *oh = (const void *) in.data;
            size_t len = ntohs(oh->length);

            if (len < sizeof *oh) {
                fprintf(stderr, "of-capture: bad length %zu\n", len);
                rc = 1;
                goto out;
            }
            if (in.size < len) {
                break;
            }
            ds_clear(&line);
            ds_put_hex(&line, in.data, len);
            printf("%s\n", ds_cstr(&line));
            fflush(stdout);

            buf_clear(&out);
            make_reply(oh, len, &out);
            if (out.size && !write_all(fd, out.data, out.size)) {
                goto out;
            }
            memmove(in.data, in.data + len, in.size - len);
            in.size -= len;
        }
    }
out:
    ds_destroy(&line);
    buf_uninit(&in);
    buf_uninit(&out);
    return rc;
}

int
main(int argc, char *argv[])
{
    struct sockaddr_un sun;
    int lfd, fd, rc;

    if (argc != 2 || strlen(argv[1]) >= sizeof sun.sun_path) {
        fprintf(stderr, "usage: of-capture SOCKET\n");
        return 2;
    }
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, argv[1]);
    unlink(argv[1]);
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *) &sun, sizeof sun)
        || listen(lfd, 1)) {
        perror("of-capture");
        return 1;
    }
    rc = 0;
    for (int n = 0; ; n++) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };

        if (poll(&pfd, 1, n ? 300 : 10000) <= 0) {
            if (!n) {
                fprintf(stderr, "of-capture: nobody connected\n");
                rc = 1;
            }
            break;
        }
        fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            perror("of-capture: accept");
            rc = 1;
            break;
        }
        rc |= serve(fd);
        close(fd);
    }
    close(lfd);
    unlink(argv[1]);
    return rc;
}
