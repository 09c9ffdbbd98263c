/* bench-frame: the traffic model of kumo-bench, pure.
 *
 * Emulated switch 'sw' (0-based) has datapath id sw + 1 and hosts
 * n_macs MAC addresses 02:SS:SS:II:II:II (SS = switch index, II = MAC
 * index), MAC 'idx' sitting on port 1 + idx % n_ports. A packet-in for MAC
 * 'idx' carries a 60-byte IPv4/UDP frame from MAC 'idx' to its peer MAC
 * (idx ^ 1, or idx - 1 for the last MAC of an odd count). With an even
 * port count the peer is always on another port, so once the controller
 * has learned every MAC (the learning phase sends one broadcast frame from
 * each) every packet-in asks for a unicast flow, as in cbench. IPv4
 * addresses come from 198.18.0.0/15, the range set aside for benchmarks. */
#ifndef KUMO_BENCH_FRAME_H
#define KUMO_BENCH_FRAME_H 1

#include <stdbool.h>
#include <stdint.h>

#include "lib/util.h"

#define BENCH_FRAME_SIZE 60         /* Ethernet + IPv4 + UDP + 18 bytes. */
#define BENCH_FRAME_MAX_SWITCHES 65536
#define BENCH_FRAME_MAX_MACS (1u << 24)

/* Offsets of the addresses inside a frame. */
#define BENCH_FRAME_DST_OFS 0
#define BENCH_FRAME_SRC_OFS 6

/* Returns the datapath id of switch 'sw'. */
uint64_t bench_frame_dpid(uint32_t sw);

/* Stores MAC 'idx' of switch 'sw' in '*mac'. */
void bench_frame_mac(uint32_t sw, uint32_t idx, struct eth_addr *mac);

/* Inverse of bench_frame_mac(): returns true and stores the switch and MAC
 * index of 'mac' if it is a kumo-bench MAC, false otherwise. */
bool bench_frame_mac_parse(const struct eth_addr *mac, uint32_t *sw,
                           uint32_t *idx);

/* Returns the index of the MAC that MAC 'idx' sends to (n_macs >= 2). */
uint32_t bench_frame_peer(uint32_t idx, uint32_t n_macs);

/* Returns the (1-based) port where MAC 'idx' sits among 'n_ports'. */
uint32_t bench_frame_port(uint32_t idx, uint32_t n_ports);

/* Writes a BENCH_FRAME_SIZE-byte IPv4/UDP frame from 'src' to 'dst' into
 * 'frame', with IPv4 addresses derived from 'src_idx' and 'dst_idx' and a
 * valid IPv4 header checksum. */
void bench_frame_build(uint8_t *frame, const struct eth_addr *dst,
                       const struct eth_addr *src, uint32_t src_idx,
                       uint32_t dst_idx);

/* Overwrites the Ethernet addresses of 'frame' (the hot path: the IPv4
 * header does not cover them, so its checksum stays valid). */
void bench_frame_set_macs(uint8_t *frame, const struct eth_addr *dst,
                          const struct eth_addr *src);

/* Returns the IPv4 header checksum of the 'size' bytes at 'p' (with the
 * checksum field as stored): 0 means a header with a valid checksum. */
uint16_t bench_frame_ip_csum(const uint8_t *p, size_t size);

#endif /* bench-frame.h */
