/* bench-responder: see bench-responder.h. */
#define _GNU_SOURCE 1               /* accept4() */
#include "bench-responder.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-io.h"
#include "bench-ofp.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"

#define SCRATCH_SIZE (1024 * 1024)
#define LISTENER_TOKEN UINT64_MAX

struct peer {
    struct bench_io io;
    uint8_t version;            /* Negotiated; 0 before the hello. */
};

struct responder {
    uint32_t versions;
    int epfd;
    struct peer **peers;        /* Indexed by epoll token; NULL = free. */
    size_t n_peers;
    uint8_t *scratch;
    uint64_t n_packet_ins;
    uint64_t n_bad;
};

static volatile sig_atomic_t stop;

static void
on_signal(int signo)
{
    (void) signo;
    stop = 1;
}

static void
on_msg(void *r_, struct bench_io *io, const struct ofp_header *oh,
       size_t size)
{
    struct responder *r = r_;
    struct peer *p = CONTAINER_OF(io, struct peer, io);
    enum ofptype type;

    if (bench_ofp_classify(oh, size, &type)) {
        r->n_bad++;
        return;
    }
    if (type == OFPTYPE_HELLO) {
        p->version = bench_ofp_negotiate(oh, size, r->versions);
        if (!p->version) {
            bench_ofp_error_reply(&io->tx, oh, size,
                                  OFPERR_OFPHFC_INCOMPATIBLE);
            io->dead = true;
            return;
        }
        bench_ofp_features_request(&io->tx, p->version, 1);
    } else if (!p->version || oh->version != p->version) {
        return;
    } else if (type == OFPTYPE_PACKET_IN) {
        r->n_packet_ins++;
        if (bench_ofp_packet_out_for(&io->tx, oh, size)) {
            r->n_bad++;
        }
    } else if (type == OFPTYPE_ECHO_REQUEST) {
        bench_ofp_echo(&io->tx, p->version, true, ntohl(oh->xid), oh + 1,
                       size - sizeof *oh);
    }
}

static void
drop_peer(struct responder *r, size_t idx)
{
    struct peer *p = r->peers[idx];

    bench_io_close(&p->io);
    free(p);
    r->peers[idx] = NULL;
}

static void
accept_peers(struct responder *r, int listener)
{
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        struct epoll_event ev;
        struct peer *p;
        size_t idx;

        if (fd < 0) {
            return;
        }
        for (idx = 0; idx < r->n_peers && r->peers[idx]; idx++) {
            continue;
        }
        if (idx == r->n_peers) {
            r->n_peers = r->n_peers ? r->n_peers * 2 : 64;
            r->peers = xrealloc(r->peers, r->n_peers * sizeof *r->peers);
            memset(r->peers + idx, 0,
                   (r->n_peers - idx) * sizeof *r->peers);
        }
        p = xzalloc(sizeof *p);
        bench_io_init(&p->io, fd);
        bench_ofp_hello(&p->io.tx, r->versions);
        r->peers[idx] = p;
        ev.events = EPOLLIN;
        ev.data.u64 = idx;
        if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev)
            || bench_io_flush(&p->io, r->epfd, idx)) {
            drop_peer(r, idx);
        }
    }
}

static void
handle_event(struct responder *r, size_t idx)
{
    struct peer *p = r->peers[idx];
    int error;

    if (!p) {
        return;
    }
    error = bench_io_read(&p->io, r->scratch, SCRATCH_SIZE, on_msg, r);
    if (!error) {
        error = bench_io_flush(&p->io, r->epfd, idx);
    }
    if (error || p->io.dead) {
        drop_peer(r, idx);
    }
}

/* Runs the responder on 'addr'. */
char *
bench_responder_run(const struct sockaddr_in *addr, uint32_t versions)
{
    struct responder r;
    struct epoll_event ev;
    struct sigaction sa;
    int listener;
    size_t i;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    bench_io_raise_fd_limit();

    listener = bench_io_listen(addr);
    if (listener < 0) {
        return xasprintf("listen: %s", strerror(-listener));
    }
    memset(&r, 0, sizeof r);
    r.versions = versions;
    r.scratch = xmalloc(SCRATCH_SIZE);
    r.epfd = epoll_create1(EPOLL_CLOEXEC);
    ev.events = EPOLLIN;
    ev.data.u64 = LISTENER_TOKEN;
    if (r.epfd < 0 || epoll_ctl(r.epfd, EPOLL_CTL_ADD, listener, &ev)) {
        close(listener);
        free(r.scratch);
        return xasprintf("epoll: %s", strerror(errno));
    }

    while (!stop) {
        struct epoll_event events[256];
        int n = epoll_wait(r.epfd, events, ARRAY_SIZE(events), 1000);
        int j;

        for (j = 0; j < n; j++) {
            if (events[j].data.u64 == LISTENER_TOKEN) {
                accept_peers(&r, listener);
            } else if (events[j].events & EPOLLOUT) {
                struct peer *p = r.peers[events[j].data.u64];

                if (p && bench_io_flush(&p->io, r.epfd,
                                        events[j].data.u64)) {
                    drop_peer(&r, events[j].data.u64);
                } else if (events[j].events & (EPOLLIN | EPOLLHUP
                                               | EPOLLERR)) {
                    handle_event(&r, events[j].data.u64);
                }
            } else {
                handle_event(&r, events[j].data.u64);
            }
        }
    }

    fprintf(stderr, "kumo-bench responder: %llu packet-ins answered, "
            "%llu malformed\n", (unsigned long long) r.n_packet_ins,
            (unsigned long long) r.n_bad);
    for (i = 0; i < r.n_peers; i++) {
        if (r.peers[i]) {
            drop_peer(&r, i);
        }
    }
    free(r.peers);
    free(r.scratch);
    close(r.epfd);
    close(listener);
    return NULL;
}
