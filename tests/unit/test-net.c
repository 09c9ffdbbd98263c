/* Unit tests for src/net: frame parsing (every header, VLAN stacks,
 * fragments, truncation at every byte), ARP and LLDP builders. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "lib/util.h"
#include "net/net-lldp.h"
#include "net/net-packet.h"
#include "net/net-proto.h"

static const struct eth_addr mac1 = { { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } };
static const struct eth_addr mac2 = { { 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 } };
static const struct eth_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

/* Decodes hex 'text' into 'b' (initialised here). */
static void
hex_frame(struct buf *b, const char *text)
{
    buf_init(b, 128);
    assert_null(hex_decode(text, b));
}

/* Parses every strict prefix of 'frame' from an exactly-sized heap copy, so
 * ASan catches any read past the end; checks that short frames fail and
 * longer ones parse with no more layers than the whole frame has. */
static void
check_all_prefixes(const uint8_t *frame, size_t size)
{
    struct net_key full, key;
    size_t n;

    assert_int_equal(net_packet_parse(frame, size, &full), 0);
    for (n = 0; n < size; n++) {
        uint8_t *copy = xmalloc(n ? n : 1);
        int error;

        memcpy(copy, frame, n);
        error = net_packet_parse(copy, n, &key);
        if (n < NET_ETH_HEADER_LEN) {
            assert_int_equal(error, EINVAL);
            assert_int_equal(key.layers, 0);
        } else {
            assert_int_equal(error, 0);
            assert_true(key.layers & NET_L_ETH);
            assert_int_equal(key.layers & ~full.layers, 0);
        }
        free(copy);
    }
}

/* Ethernet + IPv4 (no options) + TCP 1234 -> 80. */
static const char tcp4_hex[] =
    "000000000002 000000000001 0800"
    "45 10 0028 1234 4000 40 06 0000 0a000001 0a000002"
    "04d2 0050 00000000 00000000 5002 ffff 0000 0000";

static void
test_parse_ipv4_tcp(void **state)
{
    struct net_key key;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;

    (void) state;
    hex_frame(&b, tcp4_hex);
    assert_int_equal(b.size, 54);
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV4 | NET_L_L4);
    assert_false(key.truncated);
    assert_memory_equal(&key.eth_src, &mac1, 6);
    assert_memory_equal(&key.eth_dst, &mac2, 6);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_IP);
    assert_int_equal(key.ipv4_src, htonl(0x0a000001));
    assert_int_equal(key.ipv4_dst, htonl(0x0a000002));
    assert_int_equal(key.ip_proto, NET_IPPROTO_TCP);
    assert_int_equal(key.ip_tos, 0x10);
    assert_int_equal(key.ip_ttl, 64);
    assert_int_equal(key.ip_frag, NET_FRAG_NONE);
    assert_int_equal(key.l4_src, 1234);
    assert_int_equal(key.l4_dst, 80);
    assert_int_equal(key.l3_ofs, 14);
    assert_int_equal(key.l4_ofs, 34);
    net_packet_format(&s, &key);
    assert_string_equal(ds_cstr(&s), "00:00:00:00:00:01>00:00:00:00:00:02 "
                        "ip 10.0.0.1>10.0.0.2 tcp 1234>80");
    check_all_prefixes(b.data, b.size);

    /* Cut inside the TCP header: IPv4 parsed, L4 not, flagged. */
    assert_int_equal(net_packet_parse(b.data, 40, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV4);
    assert_true(key.truncated);
    assert_int_equal(key.l4_src, 0);
    /* Cut inside the IPv4 header. */
    assert_int_equal(net_packet_parse(b.data, 33, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH);
    assert_true(key.truncated);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_IP);
    assert_int_equal(key.ipv4_src, 0);
    ds_destroy(&s);
    buf_uninit(&b);
}

static void
test_parse_ipv4_options_and_lying_ihl(void **state)
{
    struct net_key key;
    struct buf b;

    (void) state;
    /* IHL 6 (4 bytes of options) then UDP 53 -> 5353. */
    hex_frame(&b, "000000000002 000000000001 0800"
              "46 00 0024 0000 0000 40 11 0000 c0a80001 c0a80002 01010101"
              "0035 14e9 0008 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV4 | NET_L_L4);
    assert_int_equal(key.ip_proto, NET_IPPROTO_UDP);
    assert_int_equal(key.l4_src, 53);
    assert_int_equal(key.l4_dst, 5353);
    assert_int_equal(key.l4_ofs, 38);
    check_all_prefixes(b.data, b.size);
    buf_uninit(&b);

    /* IHL 15 (60 bytes) in a 34-byte frame: must not be believed. */
    hex_frame(&b, "000000000002 000000000001 0800"
              "4f 00 0024 0000 0000 40 11 0000 c0a80001 c0a80002");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH);
    assert_true(key.truncated);
    buf_uninit(&b);

    /* IHL 4 (shorter than the fixed header) and version 6 in an IPv4
     * ethertype are both rejected. */
    hex_frame(&b, "000000000002 000000000001 0800"
              "44 00 0024 0000 0000 40 11 0000 c0a80001 c0a80002");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH);
    b.data[14] = 0x65;
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH);
    buf_uninit(&b);
}

static void
test_parse_ipv4_fragments_and_icmp(void **state)
{
    struct net_key key;
    struct buf b;

    (void) state;
    /* ICMP echo request (type 8 code 0). */
    hex_frame(&b, "000000000002 000000000001 0800"
              "45 00 001c 0000 0000 40 01 0000 0a000001 0a000002"
              "0800 f7ff 0000 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV4 | NET_L_L4);
    assert_int_equal(key.l4_src, 8);
    assert_int_equal(key.l4_dst, 0);
    /* First fragment (MF set, offset 0): L4 still parsed. */
    b.data[20] = 0x20;
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.ip_frag, NET_FRAG_FIRST);
    assert_true(key.layers & NET_L_L4);
    /* Later fragment: no L4 header to parse. */
    b.data[20] = 0x00;
    b.data[21] = 0x10;
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.ip_frag, NET_FRAG_LATER);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV4);
    assert_int_equal(key.l4_src, 0);
    assert_false(key.truncated);
    buf_uninit(&b);
}

static void
test_parse_vlan_and_qinq(void **state)
{
    struct net_key key;
    struct buf b;

    (void) state;
    /* 802.1ad outer tag VID 100 PCP 5, 802.1Q inner VID 200, then ARP. */
    hex_frame(&b, "ffffffffffff 000000000001 88a8 a064 8100 00c8 0806"
              "0001 0800 06 04 0001 000000000001 0a000001"
              "000000000000 0a000002");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_VLAN | NET_L_ARP);
    assert_int_equal(key.n_vlans, 2);
    assert_int_equal(key.vlan_tci & NET_VLAN_VID_MASK, 100);
    assert_int_equal(key.vlan_tci >> NET_VLAN_PCP_SHIFT, 5);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_ARP);
    assert_int_equal(key.arp_op, NET_ARP_OP_REQUEST);
    assert_int_equal(key.arp_spa, htonl(0x0a000001));
    assert_int_equal(key.arp_tpa, htonl(0x0a000002));
    assert_memory_equal(&key.arp_sha, &mac1, 6);
    assert_int_equal(key.l3_ofs, 22);
    check_all_prefixes(b.data, b.size);

    /* Cut inside the second tag: the ethertype is the TPID we stopped at. */
    assert_int_equal(net_packet_parse(b.data, 19, &key), 0);
    assert_true(key.truncated);
    assert_int_equal(key.n_vlans, 1);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_VLAN);
    buf_uninit(&b);

    /* Three tags: only two are skipped; the third TPID is the ethertype. */
    hex_frame(&b, "ffffffffffff 000000000001 8100 0001 8100 0002 8100 0003"
              "0800 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.n_vlans, 2);
    assert_int_equal(key.vlan_tci, 1);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_VLAN);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_VLAN);
    buf_uninit(&b);
}

static void
test_parse_ipv6(void **state)
{
    struct net_key key;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buf b;
    static const uint8_t src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

    (void) state;
    /* IPv6, hop-by-hop options (8 bytes), then UDP 546 -> 547. */
    hex_frame(&b, "333300010002 000000000001 86dd"
              "6a000000 0010 00 40"
              "20010db8000000000000000000000001"
              "ff020000000000000000000000010002"
              "11 00 0000 00000000"
              "0222 0223 0008 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV6 | NET_L_L4);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_IPV6);
    assert_memory_equal(key.ipv6_src, src6, 16);
    assert_int_equal(key.ipv6_dst[0], 0xff);
    assert_int_equal(key.ip_proto, NET_IPPROTO_UDP);
    assert_int_equal(key.ip_tos, 0xa0);
    assert_int_equal(key.ip_ttl, 64);
    assert_int_equal(key.l4_src, 546);
    assert_int_equal(key.l4_dst, 547);
    assert_int_equal(key.l4_ofs, 14 + 40 + 8);
    net_packet_format(&s, &key);
    assert_string_equal(ds_cstr(&s), "00:00:00:00:00:01>33:33:00:01:00:02 "
                        "ipv6 2001:db8::1>ff02::1:2 udp 546>547");
    check_all_prefixes(b.data, b.size);

    /* Extension header that claims more than the frame has. */
    b.data[14 + 40 + 1] = 10;
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV6);
    assert_true(key.truncated);
    ds_destroy(&s);
    buf_uninit(&b);

    /* Non-first fragment header: no L4. */
    hex_frame(&b, "333300010002 000000000001 86dd"
              "60000000 0010 2c 40"
              "20010db8000000000000000000000001"
              "20010db8000000000000000000000002"
              "3a 00 0100 00000001"
              "8000 0000 0000 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.ip_frag, NET_FRAG_LATER);
    assert_int_equal(key.ip_proto, NET_IPPROTO_ICMPV6);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV6);
    /* Offset 0: ICMPv6 echo request type 128 parsed. */
    b.data[14 + 40 + 2] = 0;
    b.data[14 + 40 + 3] = 0;
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.ip_frag, NET_FRAG_NONE);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_IPV6 | NET_L_L4);
    assert_int_equal(key.l4_src, 128);
    buf_uninit(&b);
}

static void
test_parse_l2_only(void **state)
{
    struct net_key key;
    struct buf b;

    (void) state;
    /* 802.3 length field + LLC: OpenFlow's "not Ethernet II" type. */
    hex_frame(&b, "0180c2000000 000000000001 0026 4242 03 0000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.eth_type, NET_ETH_TYPE_NONE);
    assert_int_equal(key.layers, NET_L_ETH);
    assert_true(net_eth_is_multicast(&key.eth_dst));
    assert_false(net_eth_is_broadcast(&key.eth_dst));
    buf_uninit(&b);

    /* Non-Ethernet ARP (hardware type 6): L2 only, not an error. */
    hex_frame(&b, "ffffffffffff 000000000001 0806"
              "0006 0800 06 04 0001 000000000001 0a000001"
              "000000000000 0a000002");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH);
    assert_false(key.truncated);
    assert_int_equal(key.l3_ofs, 0);
    buf_uninit(&b);

    /* Exactly an Ethernet header. */
    hex_frame(&b, "ffffffffffff 000000000001 9000");
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.eth_type, 0x9000);
    assert_int_equal(key.layers, NET_L_ETH);
    assert_int_equal(net_packet_parse(b.data, 13, &key), EINVAL);
    assert_int_equal(net_packet_parse(NULL, 0, &key), EINVAL);
    buf_uninit(&b);
}

static void
test_build_arp(void **state)
{
    struct net_arp arp = {
        .eth_dst = bcast, .eth_src = mac1, .vlan_vid = 0,
        .op = NET_ARP_OP_REQUEST, .sha = mac1, .spa = htonl(0x0a000001),
        .tpa = htonl(0x0a000002),
    };
    struct net_key key;
    struct buf b, expect;

    (void) state;
    buf_init(&b, 0);
    net_packet_build_arp(&b, &arp);
    assert_int_equal(b.size, NET_ETH_MIN_FRAME);
    hex_frame(&expect, "ffffffffffff 000000000001 0806"
              "0001 0800 06 04 0001 000000000001 0a000001"
              "000000000000 0a000002"
              "000000000000000000000000000000000000");
    assert_int_equal(expect.size, b.size);
    assert_memory_equal(b.data, expect.data, b.size);
    buf_uninit(&expect);

    /* A tagged reply parses back to the same fields. */
    buf_clear(&b);
    arp.op = NET_ARP_OP_REPLY;
    arp.vlan_vid = 42;
    arp.eth_dst = mac2;
    arp.tha = mac2;
    net_packet_build_arp(&b, &arp);
    assert_int_equal(b.size, NET_ETH_MIN_FRAME);
    assert_int_equal(net_packet_parse(b.data, b.size, &key), 0);
    assert_int_equal(key.layers, NET_L_ETH | NET_L_VLAN | NET_L_ARP);
    assert_int_equal(key.vlan_tci, 42);
    assert_int_equal(key.arp_op, NET_ARP_OP_REPLY);
    assert_memory_equal(&key.arp_tha, &mac2, 6);
    assert_memory_equal(&key.eth_dst, &mac2, 6);
    assert_int_equal(key.arp_spa, arp.spa);
    assert_int_equal(key.arp_tpa, arp.tpa);
    buf_uninit(&b);
}

static void
test_lldp_round_trip(void **state)
{
    static const uint8_t chassis[] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x07 };
    static const uint8_t port[] = "3";
    struct net_lldp in = {
        .chassis_subtype = NET_LLDP_CHASSIS_MAC,
        .chassis_id = chassis, .chassis_id_len = sizeof chassis,
        .port_subtype = NET_LLDP_PORT_LOCAL,
        .port_id = port, .port_id_len = 1,
        .ttl = 120,
        .system_name = "kumo", .system_name_len = 4,
        .has_dpid = true, .dpid = 0x0000aabbccddeeffULL,
    };
    struct net_lldp out;
    struct buf b, expect;
    size_t n;

    (void) state;
    buf_init(&b, 0);
    net_lldp_build(&b, &mac1, &in);
    hex_frame(&expect, "0180c200000e 000000000001 88cc"
              "0207 04 020000000007"
              "0402 07 33"
              "0602 0078"
              "0a04 6b756d6f"
              "fe0c 0026e1 00 0000aabbccddeeff"
              "0000 00000000000000");
    assert_int_equal(b.size, expect.size);
    assert_memory_equal(b.data, expect.data, b.size);
    buf_uninit(&expect);

    assert_int_equal(net_lldp_parse(b.data, b.size, &out), 0);
    assert_int_equal(out.chassis_subtype, NET_LLDP_CHASSIS_MAC);
    assert_int_equal(out.chassis_id_len, sizeof chassis);
    assert_memory_equal(out.chassis_id, chassis, sizeof chassis);
    assert_int_equal(out.port_subtype, NET_LLDP_PORT_LOCAL);
    assert_int_equal(out.port_id_len, 1);
    assert_int_equal(out.port_id[0], '3');
    assert_int_equal(out.ttl, 120);
    assert_int_equal(out.system_name_len, 4);
    assert_memory_equal(out.system_name, "kumo", 4);
    assert_true(out.has_dpid);
    assert_true(out.dpid == 0x0000aabbccddeeffULL);

    /* Every truncation inside the TLVs is rejected, never over-read. The
     * last prefix that ends exactly before the End TLV is complete. */
    for (n = 0; n < b.size - 2; n++) {
        uint8_t *copy = xmalloc(n ? n : 1);
        int error;

        memcpy(copy, b.data, n);
        error = net_lldp_parse(copy, n, &out);
        if (n < 14 + 9 + 4 + 4) {
            assert_int_equal(error, EINVAL);
        } else if (n == 14 + 9 + 4 + 4) {
            assert_int_equal(error, 0);     /* Mandatory TLVs complete. */
        } else if (n > 14 + 9 + 4 + 4 && n < 14 + 9 + 4 + 4 + 6) {
            assert_int_equal(error, EINVAL);   /* Inside the name TLV. */
        }
        free(copy);
    }
    buf_uninit(&b);
}

static void
test_lldp_rejects(void **state)
{
    struct net_lldp out;
    struct buf b;

    (void) state;
    /* Port ID before chassis ID. */
    hex_frame(&b, "0180c200000e 000000000001 88cc"
              "0402 07 33 0207 04 020000000007 0602 0078 0000");
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), EINVAL);
    buf_uninit(&b);
    /* Missing TTL. */
    hex_frame(&b, "0180c200000e 000000000001 88cc"
              "0207 04 020000000007 0402 07 33 0000");
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), EINVAL);
    buf_uninit(&b);
    /* TLV length past the end of the frame. */
    hex_frame(&b, "0180c200000e 000000000001 88cc"
              "0207 04 020000000007 0402 07 33 0602 0078 0aff 6b");
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), EINVAL);
    buf_uninit(&b);
    /* Empty chassis ID (length 1: subtype only). */
    hex_frame(&b, "0180c200000e 000000000001 88cc"
              "0201 04 0402 07 33 0602 0078 0000");
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), EINVAL);
    buf_uninit(&b);
    /* Not LLDP at all. */
    hex_frame(&b, tcp4_hex);
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), EINVAL);
    buf_uninit(&b);
    /* Tagged LLDP without End TLV but complete: accepted. */
    hex_frame(&b, "0180c200000e 000000000001 8100 0005 88cc"
              "0207 04 020000000007 0402 07 33 0602 0078");
    assert_int_equal(net_lldp_parse(b.data, b.size, &out), 0);
    assert_int_equal(out.ttl, 120);
    assert_false(out.has_dpid);
    buf_uninit(&b);
}

/* Random frames (deterministic seed) with the ethertypes and protocol
 * numbers the parser branches on, each in an exactly-sized heap copy so
 * ASan sees any over-read; the key must stay self-consistent. */
static void
test_random_frames(void **state)
{
    static const uint16_t types[] = {
        NET_ETH_TYPE_IP, NET_ETH_TYPE_IPV6, NET_ETH_TYPE_ARP,
        NET_ETH_TYPE_VLAN, NET_ETH_TYPE_VLAN_8021AD, NET_ETH_TYPE_LLDP, 0x0042,
    };
    static const uint8_t protos[] = {
        NET_IPPROTO_TCP, NET_IPPROTO_UDP, NET_IPPROTO_ICMP,
        NET_IPPROTO_ICMPV6, NET_IPPROTO_SCTP, NET_IPPROTO_HOPOPTS,
        NET_IPPROTO_ROUTING, NET_IPPROTO_FRAGMENT, NET_IPPROTO_DSTOPTS,
    };
    unsigned int seed = 42;
    int iter;

    (void) state;
    for (iter = 0; iter < 20000; iter++) {
        size_t size = (size_t) (rand_r(&seed) % 140);
        uint8_t *frame = xmalloc(size ? size : 1);
        struct net_key key;
        struct net_lldp lldp;
        size_t i;

        for (i = 0; i < size; i++) {
            frame[i] = (uint8_t) rand_r(&seed);
        }
        /* Plant plausible ethertypes, IP versions and protocols. */
        for (i = 12; i + 1 < size && i < 22; i += 4) {
            uint16_t t = types[rand_r(&seed) % ARRAY_SIZE(types)];

            frame[i] = (uint8_t) (t >> 8);
            frame[i + 1] = (uint8_t) t;
        }
        for (i = 14; i < size && i < 26; i++) {
            if (rand_r(&seed) % 3 == 0) {
                frame[i] = rand_r(&seed) % 2 ? 0x45 : 0x60;
            } else if (rand_r(&seed) % 3 == 0) {
                frame[i] = protos[rand_r(&seed) % ARRAY_SIZE(protos)];
            }
        }
        if (!net_packet_parse(frame, size, &key)) {
            assert_true(key.layers & NET_L_ETH);
            assert_true(key.l3_ofs <= size);
            assert_true(key.l4_ofs <= size);
            if (key.layers & NET_L_L4) {
                assert_true(key.layers & (NET_L_IPV4 | NET_L_IPV6));
                assert_true(key.l4_ofs > key.l3_ofs);
            }
            assert_false((key.layers & NET_L_IPV4)
                         && (key.layers & NET_L_IPV6));
        } else {
            assert_true(size < NET_ETH_HEADER_LEN);
        }
        if (!net_lldp_parse(frame, size, &lldp)) {
            assert_true(lldp.chassis_id_len >= 1);
            assert_true(lldp.port_id_len >= 1);
            assert_true(lldp.chassis_id >= frame
                        && lldp.chassis_id + lldp.chassis_id_len
                           <= frame + size);
        }
        free(frame);
    }
}

static void
test_eth_addr_parse(void **state)
{
    struct eth_addr ea;

    (void) state;
    assert_true(net_eth_addr_parse("00:00:00:00:00:01", &ea));
    assert_memory_equal(&ea, &mac1, 6);
    assert_true(net_eth_addr_parse("ff:FF:ff:ff:ff:ff", &ea));
    assert_true(net_eth_is_broadcast(&ea));
    assert_false(net_eth_addr_parse("00:00:00:00:00", &ea));
    assert_false(net_eth_addr_parse("00:00:00:00:00:01:02", &ea));
    assert_false(net_eth_addr_parse("0:0:0:0:0:1", &ea));
    memset(&ea, 0, sizeof ea);
    assert_true(net_eth_is_zero(&ea));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ipv4_tcp),
        cmocka_unit_test(test_parse_ipv4_options_and_lying_ihl),
        cmocka_unit_test(test_parse_ipv4_fragments_and_icmp),
        cmocka_unit_test(test_parse_vlan_and_qinq),
        cmocka_unit_test(test_parse_ipv6),
        cmocka_unit_test(test_parse_l2_only),
        cmocka_unit_test(test_build_arp),
        cmocka_unit_test(test_lldp_round_trip),
        cmocka_unit_test(test_lldp_rejects),
        cmocka_unit_test(test_random_frames),
        cmocka_unit_test(test_eth_addr_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
