/* bench-responder: the do-nothing controller that kumo-bench's latency
 * figures are compared with ("kumo-bench --responder ptcp:PORT").
 *
 * It does the least a controller can: hello, a features request, echo
 * replies, and for each packet-in exactly one packet-out (flood, releasing
 * the buffer), decoded and encoded with Kumo's codec. No learning, no
 * flows, no threads: one epoll loop, like kumo-bench itself. */
#ifndef KUMO_BENCH_RESPONDER_H
#define KUMO_BENCH_RESPONDER_H 1

#include <netinet/in.h>
#include <stdint.h>

/* Listens on 'addr' and answers switches speaking any version in
 * 'versions' (bit N = OpenFlow wire version N) until SIGINT or SIGTERM.
 * Returns NULL on a clean stop or an error string (caller frees). */
char *bench_responder_run(const struct sockaddr_in *addr, uint32_t versions);

#endif /* bench-responder.h */
