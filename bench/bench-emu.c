/* bench-emu: see bench-emu.h. */
#include "bench-emu.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "bench-ofp.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-switch.h"

/* Encoders only fail on arguments kumo-bench chose itself. */
static void
check(enum ofperr error, const char *what)
{
    if (error) {
        kumo_fatal("bench: encoding %s failed: %s", what,
                   ofperr_get_name(error));
    }
}

/* Sets 'sin' to 127.0.0.1:6653. */
void
bench_emu_default_controller(struct sockaddr_in *sin)
{
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(OFP_TCP_PORT);
    sin->sin_addr.s_addr = htonl(0x7f000001);
}

/* Starts a connection of an emulated switch. */
char *
bench_emu_connect(struct bench_io *io, const struct sockaddr_in *controller,
                  uint32_t versions, int epfd, uint64_t token)
{
    struct epoll_event ev;
    int fd = bench_io_connect(controller);

    if (fd < 0) {
        return xasprintf("connect: %s", strerror(-fd));
    }
    bench_io_init(io, fd);
    bench_ofp_hello(&io->tx, versions);
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = token;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
        return xasprintf("epoll_ctl: %s", strerror(errno));
    }
    io->pollout = true;
    return NULL;
}

/* Completes a connection in progress. */
int
bench_emu_connect_done(const struct bench_io *io, uint32_t events)
{
    socklen_t len;
    int error;

    if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        return EINPROGRESS;
    }
    len = sizeof error;
    if (getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &error, &len)) {
        error = errno;
    }
    return error;
}

/* Reads a connection. */
int
bench_emu_read(struct bench_io *io, uint32_t events, uint8_t *scratch,
               size_t scratch_size, bench_io_msg_func *cb, void *aux,
               int epfd, uint64_t token)
{
    int error;

    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
        return 0;
    }
    error = bench_io_read(io, scratch, scratch_size, cb, aux);
    if (!error && io->dead) {
        bench_io_flush(io, epfd, token);
        error = EPROTO;
    }
    return error;
}

/* Takes in and answers a message. */
bool
bench_emu_receive(struct bench_io *io, uint8_t *version, uint32_t versions,
                  uint32_t index, const struct ofp_header *oh, size_t size,
                  uint64_t *n_bad, enum ofptype *type)
{
    uint32_t xid = ntohl(oh->xid);
    enum ofperr error = bench_ofp_classify(oh, size, type);

    if (error) {
        if (++*n_bad <= 5) {
            fprintf(stderr, "kumo-bench: switch %u: bad message from "
                    "controller: %s\n", index + 1, ofperr_get_name(error));
        }
        if (oh->type != OFPT10_ERROR) {
            bench_ofp_error_reply(&io->tx, oh, size, error);
        }
        return false;
    }
    if (!*version && *type != OFPTYPE_HELLO) {
        return false;                   /* Nothing counts before hello. */
    }
    switch ((int) *type) {
    case OFPTYPE_HELLO:
        *version = bench_ofp_negotiate(oh, size, versions);
        if (!*version) {
            fprintf(stderr, "kumo-bench: switch %u: no OpenFlow version in "
                    "common with the controller\n", index + 1);
            bench_ofp_error_reply(&io->tx, oh, size,
                                  OFPERR_OFPHFC_INCOMPATIBLE);
            io->dead = true;
        }
        break;
    case OFPTYPE_ECHO_REQUEST:
        bench_ofp_echo(&io->tx, *version, true, xid, oh + 1,
                       size - sizeof *oh);
        break;
    case OFPTYPE_GET_CONFIG_REQUEST:
        bench_ofp_get_config_reply(&io->tx, *version, xid);
        break;
    case OFPTYPE_BARRIER_REQUEST:
        bench_ofp_barrier_reply(&io->tx, *version, xid);
        break;
    case OFPTYPE_ROLE_REQUEST:
        bench_ofp_role_reply(&io->tx, oh, size);
        break;
    default:
        break;
    }
    return true;
}

/* Appends a features reply of a topology switch. */
void
bench_emu_features_reply(struct buf *tx, uint8_t version, uint32_t xid,
                         uint64_t dpid)
{
    struct ofp_switch_features sf;

    memset(&sf, 0, sizeof sf);
    sf.datapath_id = dpid;
    sf.n_buffers = 0;                   /* Packet-ins carry the frame. */
    sf.n_tables = 254;
    sf.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                       | OFPC_GROUP_STATS);
    check(ofp_switch_features_encode(&sf, version, xid, tx),
          "features reply");
}

/* Answers a group multipart request. */
bool
bench_emu_group_reply(struct buf *tx, uint8_t version, enum ofp_mp_type type,
                      uint32_t xid)
{
    if (type == OFPMP_GROUP_DESC || type == OFPMP_GROUP) {
        size_t start = ofp_mp_start(tx, version, true, type, 0, xid);

        ofp_msg_finish(tx, start);      /* No groups. */
    } else if (type == OFPMP_GROUP_FEATURES) {
        struct ofp_group_features gf;
        int i;

        memset(&gf, 0, sizeof gf);
        gf.types = (1u << OFPGT13_ALL | 1u << OFPGT13_SELECT
                    | 1u << OFPGT13_INDIRECT | 1u << OFPGT13_FF);
        gf.capabilities = (OFPGFC13_SELECT_WEIGHT | OFPGFC13_SELECT_LIVENESS
                           | OFPGFC13_CHAINING);
        for (i = 0; i < 4; i++) {
            gf.max_groups[i] = 65536;
            gf.actions[i] = 0x03ff8001;     /* Output .. set-field etc. */
        }
        check(ofp_group_features_encode(&gf, version, xid, tx),
              "group features");
    } else {
        return false;
    }
    return true;
}

/* Appends a packet-in of a frame that came over a cable. */
void
bench_emu_packet_in(struct buf *tx, uint8_t version, uint32_t in_port,
                    const void *frame, size_t size)
{
    struct ofp_packet_in pin;

    memset(&pin, 0, sizeof pin);
    pin.buffer_id = OFP_NO_BUFFER;
    pin.total_len = size;
    pin.in_port = in_port;
    pin.reason = OFPR_ACTION;
    pin.data = frame;
    pin.data_len = size;
    check(ofp_packet_in_encode(&pin, version, 0, tx), "packet-in");
}

/* Counts and logs an error from the controller. */
void
bench_emu_log_error(const struct ofp_header *oh, size_t size,
                    uint64_t *n_errors)
{
    const uint8_t *p = (const uint8_t *) (oh + 1);

    if (++*n_errors <= 5 && size >= sizeof *oh + 4) {
        uint16_t type = p[0] << 8 | p[1];
        uint16_t code = p[2] << 8 | p[3];
        enum ofperr error = ofperr_decode_type_code(oh->version, type, code);

        fprintf(stderr, "kumo-bench: switch got error %s (type %u code %u)\n",
                error ? ofperr_get_name(error) : "unknown", type, code);
    }
}
