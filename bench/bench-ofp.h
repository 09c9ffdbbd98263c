/* bench-ofp: the OpenFlow messages kumo-bench sends and reads, for both the
 * emulated switches and the do-nothing responder.
 *
 * Builders append one complete message to a 'struct buf'. The hot path of
 * the load generator (counting flow-mods and packet-outs and matching them to
 * outstanding packet-ins) reads only the header and the buffer id at its
 * fixed offset: the generator must stay far faster than the controller it
 * measures. bench_ofp_verify() decodes a response fully when asked. */
#ifndef KUMO_BENCH_OFP_H
#define KUMO_BENCH_OFP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-msgs.h"
#include "openflow/openflow-common.h"

/* Classifies the 'size'-byte message 'oh' (size == ntohs(oh->length)) into
 * '*type' with Kumo's codec. A hello is accepted in any version (a peer may
 * offer versions we do not speak); other messages must be well-framed 1.0
 * or 1.3 messages. Returns 0 or the OpenFlow error to reply with. */
enum ofperr bench_ofp_classify(const struct ofp_header *oh, size_t size,
                               enum ofptype *type);

/* Returns the buffer id of a flow-mod or packet-out 'oh' of 'size' bytes,
 * or OFP_NO_BUFFER if the message is too short to have one. */
uint32_t bench_ofp_buffer_id(const struct ofp_header *oh, size_t size,
                             enum ofptype type);

/* Decodes the flow-mod or packet-out 'oh' fully with Kumo's codec. For a
 * flow-mod whose match names the Ethernet destination of a kumo-bench MAC
 * of switch 'sw' (see bench-frame.h), also checks that it outputs to the
 * port where that MAC sits among 'n_ports'. Returns 0, the decoding error
 * (an enum ofperr), or EINVAL if the flow sends elsewhere. */
int bench_ofp_verify(const struct ofp_header *oh, enum ofptype type,
                     uint32_t sw, uint32_t n_ports);

/* Appends a hello offering the versions in 'bitmap' (bit N = version N):
 * its header carries the highest one, and a version bitmap element is added
 * when that is 1.3 or later. */
void bench_ofp_hello(struct buf *, uint32_t bitmap);

/* Returns the version to speak after receiving hello 'oh' of 'size' bytes
 * when we support the versions in 'our_bitmap' (bit N = version N), or 0
 * if there is none in common. */
uint8_t bench_ofp_negotiate(const struct ofp_header *oh, size_t size,
                            uint32_t our_bitmap);

/* Appends a features reply for datapath 'dpid' with 'n_buffers' buffers
 * and 'n_ports' ports (1.0 lists them; 1.3 has port desc for that). */
void bench_ofp_features_reply(struct buf *, uint8_t version, uint32_t xid,
                              uint64_t dpid, uint32_t n_buffers,
                              uint32_t n_ports);

/* Fills 'ports' with the descriptions of ports 1..'n' of datapath 'dpid'
 * that kumo-bench's switches report (port desc, features reply): hardware
 * address 0a:DD:DD:DD:PP:PP, name "sDPID-ethPORT", 10 Gb/s copper. */
struct ofp_port;
/* If 'on', each switch's last three ports are named "kumo-vxlan",
 * "kumo-geneve", "kumo-gre" (an emulated br-int). */
void bench_ofp_set_tunnel_names(bool on);
void bench_ofp_make_ports(struct ofp_port *ports, size_t n, uint64_t dpid);

/* Appends an echo request or reply with 'size' payload bytes from 'data'. */
void bench_ofp_echo(struct buf *, uint8_t version, bool reply, uint32_t xid,
                    const void *data, size_t size);

/* Appends a barrier reply. */
void bench_ofp_barrier_reply(struct buf *, uint8_t version, uint32_t xid);

/* Appends a get-config reply (no fragment handling, miss_send_len 128). */
void bench_ofp_get_config_reply(struct buf *, uint8_t version, uint32_t xid);

/* Appends the reply of a switch with datapath 'dpid' and 'n_ports' ports to
 * the multipart request 'oh' of 'size' bytes: port desc, desc, flow and
 * aggregate stats (an emulated switch has no flows), table stats, port
 * stats (zeros). Anything else gets an error reply. */
void bench_ofp_multipart_reply(struct buf *, const struct ofp_header *oh,
                               size_t size, uint64_t dpid, uint32_t n_ports);

/* Appends a role reply echoing the role asked for in request 'oh'. */
void bench_ofp_role_reply(struct buf *, const struct ofp_header *oh,
                          size_t size);

/* Appends an error reply of 'error' to request 'oh' of 'size' bytes. */
void bench_ofp_error_reply(struct buf *, const struct ofp_header *oh,
                           size_t size, enum ofperr error);

/* Appends a packet-in (reason no-match) carrying 'size' bytes of 'frame'
 * from 'in_port' with 'buffer_id'. Returns the offset in 'b' of the copy of
 * the frame, so that callers can patch it in place. */
size_t bench_ofp_packet_in(struct buf *, uint8_t version, uint32_t xid,
                           uint32_t buffer_id, uint32_t in_port,
                           const uint8_t *frame, size_t size);

/* Offset of the buffer id in a packet-in (both versions). */
#define BENCH_OFP_PI_BUFFER_ID_OFS 8

/* Appends a features request (the responder's half of the handshake). */
void bench_ofp_features_request(struct buf *, uint8_t version, uint32_t xid);

/* Appends the do-nothing responder's answer to packet-in 'oh': one
 * packet-out that floods the packet (releasing its buffer, or carrying the
 * data if unbuffered). Returns 0 or an OpenFlow error if 'oh' is not a
 * well-formed packet-in. */
enum ofperr bench_ofp_packet_out_for(struct buf *, const struct ofp_header *oh,
                             size_t size);

#endif /* bench-ofp.h */
