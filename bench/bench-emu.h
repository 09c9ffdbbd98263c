/* bench-emu: the switch side that kumo-bench's emulated switches share:
 * the load generator's (bench-run.c), the topology mode's
 * (bench-topo-run.c) and the tenant benchmark's (bench-tenant-run.c).
 *
 * Each mode keeps its own switch struct and event loop, because what it
 * counts and when a switch is "ready" differ; what is the same in all of
 * them lives here: starting a connection with a hello, completing it,
 * reading it, the handshake and keep-alive answers (version negotiation,
 * echo, get-config, barrier, role), the messages a switch of a generated
 * topology answers with (features, group statistics, packet-ins of what
 * came over a cable), and logging the errors the controller sends. Builders append one complete
 * message to a 'struct buf' and abort on an encoding failure (the
 * arguments are kumo-bench's own). */
#ifndef KUMO_BENCH_EMU_H
#define KUMO_BENCH_EMU_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench-io.h"
#include "lib/buf.h"
#include "ofp/ofp-msgs.h"

/* Sets 'sin' to the default controller, 127.0.0.1:6653. */
void bench_emu_default_controller(struct sockaddr_in *sin);

/* Starts connecting 'io' (closed, with empty buffers) to 'controller',
 * queues a hello offering the versions in 'versions' (bit N = version N)
 * and registers the socket in epoll set 'epfd' for input and output with
 * 'token' as the event's data. Returns NULL or an error string ("connect:
 * ..." or "epoll_ctl: ...", caller frees); on error 'io' may hold the
 * socket, which bench_io_close() closes. */
char *bench_emu_connect(struct bench_io *io,
                        const struct sockaddr_in *controller,
                        uint32_t versions, int epfd, uint64_t token);

/* For a connection still being established, given epoll 'events' on it:
 * returns 0 once it is established, EINPROGRESS while 'events' do not
 * tell yet, or the positive errno value of the failed connect. */
int bench_emu_connect_done(const struct bench_io *io, uint32_t events);

/* Reads what 'events' say 'io' has (nothing if they don't), passing each
 * message to 'cb' with 'aux'. Returns 0 or, when the connection is over,
 * a positive errno value: the read's, or EPROTO if 'cb' marked the
 * connection dead (what it queued, say an error reply, is flushed first,
 * with 'epfd' and 'token' as for bench_io_flush()). */
int bench_emu_read(struct bench_io *io, uint32_t events, uint8_t *scratch,
                   size_t scratch_size, bench_io_msg_func *cb, void *aux,
                   int epfd, uint64_t token);

/* Takes in message 'oh' of 'size' bytes that emulated switch 'index'
 * (0-based) received on 'io', whose negotiated version is '*version' (0
 * until the hello), and answers it if it is one that every emulated
 * switch answers alike:
 *  - a hello: negotiates '*version' among 'versions' (bit N = version N);
 *    with none in common, logs it, answers with an error and marks 'io'
 *    dead;
 *  - echo, get-config, barrier and role requests: the reply.
 * A message that does not decode is counted in '*n_bad', logged (the
 * first five) and answered with an error (unless it is an error itself).
 * Returns true, with its type in '*type', if the caller should act on
 * the message too (answered or not); false if it is done with: it did
 * not decode, or it came before the hello. */
bool bench_emu_receive(struct bench_io *io, uint8_t *version,
                       uint32_t versions, uint32_t index,
                       const struct ofp_header *oh, size_t size,
                       uint64_t *n_bad, enum ofptype *type);

/* Appends the OpenFlow 1.3 features reply of a switch of a generated
 * topology with datapath 'dpid': no buffers (packet-ins carry the
 * frame), 254 tables, flow, table, port and group statistics. */
void bench_emu_features_reply(struct buf *tx, uint8_t version, uint32_t xid,
                              uint64_t dpid);

/* Answers a group multipart request of 'type' as a switch without groups
 * does: an empty group desc or group stats reply, or the group features
 * of an OpenFlow 1.3 switch (every group type, 65536 groups each).
 * Returns false, appending nothing, for any other 'type'. */
bool bench_emu_group_reply(struct buf *tx, uint8_t version,
                           enum ofp_mp_type type, uint32_t xid);

/* Appends a packet-in (reason action, unbuffered) of the 'size'-byte
 * 'frame' received on 'in_port'. */
void bench_emu_packet_in(struct buf *tx, uint8_t version, uint32_t in_port,
                         const void *frame, size_t size);

/* Counts the error message 'oh' of 'size' bytes in '*n_errors' and logs
 * the first five to stderr with their type and code. */
void bench_emu_log_error(const struct ofp_header *oh, size_t size,
                         uint64_t *n_errors);

#endif /* bench-emu.h */
