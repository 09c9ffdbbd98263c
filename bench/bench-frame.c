/* bench-frame: see bench-frame.h. */
#include "bench-frame.h"

#include <string.h>

#define BENCH_IP_BASE 0xc6120000u       /* 198.18.0.0 */
#define BENCH_IP_MASK 0x0001ffffu       /* /15 */

/* Returns the datapath id of switch 'sw'. */
uint64_t
bench_frame_dpid(uint32_t sw)
{
    return (uint64_t) sw + 1;
}

/* Stores MAC 'idx' of switch 'sw' in 'mac'. */
void
bench_frame_mac(uint32_t sw, uint32_t idx, struct eth_addr *mac)
{
    mac->ea[0] = 0x02;                  /* Locally administered, unicast. */
    mac->ea[1] = sw >> 8;
    mac->ea[2] = sw;
    mac->ea[3] = idx >> 16;
    mac->ea[4] = idx >> 8;
    mac->ea[5] = idx;
}

/* Parses a kumo-bench MAC back into switch and MAC index. */
bool
bench_frame_mac_parse(const struct eth_addr *mac, uint32_t *sw,
                      uint32_t *idx)
{
    if (mac->ea[0] != 0x02) {
        return false;
    }
    *sw = (uint32_t) mac->ea[1] << 8 | mac->ea[2];
    *idx = (uint32_t) mac->ea[3] << 16 | (uint32_t) mac->ea[4] << 8
           | mac->ea[5];
    return true;
}

/* Returns the peer of MAC 'idx' among 'n_macs' (>= 2). */
uint32_t
bench_frame_peer(uint32_t idx, uint32_t n_macs)
{
    uint32_t peer = idx ^ 1;

    return peer < n_macs ? peer : idx - 1;
}

/* Returns the 1-based port of MAC 'idx'. */
uint32_t
bench_frame_port(uint32_t idx, uint32_t n_ports)
{
    return 1 + idx % n_ports;
}

/* Returns the ones' complement sum over 'size' bytes, folded and inverted. */
uint16_t
bench_frame_ip_csum(const uint8_t *p, size_t size)
{
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < size; i += 2) {
        sum += (uint32_t) p[i] << 8 | p[i + 1];
    }
    if (size % 2) {
        sum += (uint32_t) p[size - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
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

/* Builds a 60-byte IPv4/UDP frame into 'frame'. */
void
bench_frame_build(uint8_t *frame, const struct eth_addr *dst,
                  const struct eth_addr *src, uint32_t src_idx,
                  uint32_t dst_idx)
{
    uint8_t *ip = frame + 14;
    uint8_t *udp = ip + 20;

    memset(frame, 0, BENCH_FRAME_SIZE);
    bench_frame_set_macs(frame, dst, src);
    put16(frame + 12, 0x0800);

    ip[0] = 0x45;                       /* IPv4, 20-byte header. */
    put16(ip + 2, BENCH_FRAME_SIZE - 14);
    ip[8] = 64;                         /* TTL. */
    ip[9] = 17;                         /* UDP. */
    put32(ip + 12, BENCH_IP_BASE | (src_idx & BENCH_IP_MASK));
    put32(ip + 16, BENCH_IP_BASE | (dst_idx & BENCH_IP_MASK));
    put16(ip + 10, bench_frame_ip_csum(ip, 20));

    put16(udp, 1024 + (src_idx & 0x3fff));
    put16(udp + 2, 1024 + (dst_idx & 0x3fff));
    put16(udp + 4, BENCH_FRAME_SIZE - 14 - 20);
    /* UDP checksum 0: none, allowed for IPv4. */
}

/* Writes 'dst' and 'src' into the Ethernet header of 'frame'. */
void
bench_frame_set_macs(uint8_t *frame, const struct eth_addr *dst,
                     const struct eth_addr *src)
{
    memcpy(frame + BENCH_FRAME_DST_OFS, dst->ea, 6);
    memcpy(frame + BENCH_FRAME_SRC_OFS, src->ea, 6);
}
