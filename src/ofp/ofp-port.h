/* ofp-port: switch ports in OpenFlow 1.0 and 1.3.
 *
 * Port numbers are 32-bit everywhere in decoded structs; 1.0's 16-bit
 * numbers are widened (special ports 0xff00+x <-> 0xffffff00+x). Also here:
 * the port description (ofp_phy_port / ofp_port), PORT_STATUS, PORT_MOD,
 * the port description multipart (1.3 OFPMP_PORT_DESC) and port stats.
 *
 * Lists of ports or port stats are never copied into heap memory while
 * decoding: a decoded message keeps a bounds-checked cursor over its
 * entries (struct ofp_port_list / ofp_port_stats_list) and the caller walks
 * it with ofp_port_next() / ofp_port_stats_next().
 *
 * Format functions append the text ovs-ofctl prints after the message's
 * "OFPT_X (xid=0x1):" prefix: it starts with a space or a newline and ends
 * with a newline. */
#ifndef KUMO_OFP_PORT_H
#define KUMO_OFP_PORT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-errors.h"
#include "openflow/openflow-common.h"

struct ds;

/* 32-bit port numbers (OpenFlow 1.3 values). */
#define OFPP_MAX        0xffffff00u  /* Highest physical port + 1. */
#define OFPP_IN_PORT    0xfffffff8u
#define OFPP_TABLE      0xfffffff9u
#define OFPP_NORMAL     0xfffffffau
#define OFPP_FLOOD      0xfffffffbu
#define OFPP_ALL        0xfffffffcu
#define OFPP_CONTROLLER 0xfffffffdu
#define OFPP_LOCAL      0xfffffffeu
#define OFPP_ANY        0xffffffffu  /* 1.0: OFPP_NONE. */
#define OFPP_NONE       OFPP_ANY

/* Widens a 1.0 port number: 0xff00..0xffff -> 0xffffff00..0xffffffff. */
static inline uint32_t
ofp_port_from_10(uint16_t port)
{
    return port >= 0xff00 ? (uint32_t) port + 0xffff0000u : port;
}

/* Narrows a 32-bit port number to 1.0. Physical ports below 0xff00 and the
 * special ports 0xffffff00.. map exactly; any other value (not expressible
 * in 1.0; see ofp_port_is_valid_10()) maps to 0xffff (OFPP_NONE). */
static inline uint16_t
ofp_port_to_10(uint32_t port)
{
    if (port < 0xff00) {
        return (uint16_t) port;
    }
    return port >= 0xffffff00u ? (uint16_t) (port - 0xffff0000u) : 0xffff;
}

/* Returns true if 'port' can be expressed as a 1.0 port number. */
static inline bool
ofp_port_is_valid_10(uint32_t port)
{
    return port < 0xff00 || port >= 0xffffff00u;
}

/* Port config bits (same positions in 1.0 and 1.3; the STP ones are 1.0
 * only). */
#define OFPPC_PORT_DOWN     (1u << 0)
#define OFPPC_NO_STP        (1u << 1)   /* 1.0 only. */
#define OFPPC_NO_RECV       (1u << 2)
#define OFPPC_NO_RECV_STP   (1u << 3)   /* 1.0 only. */
#define OFPPC_NO_FLOOD      (1u << 4)   /* 1.0 only. */
#define OFPPC_NO_FWD        (1u << 5)
#define OFPPC_NO_PACKET_IN  (1u << 6)

/* Port state bits: LINK_DOWN is common; BLOCKED and LIVE are 1.3, the STP
 * field (bits 8-9) is 1.0. They do not overlap, so one field holds both. */
#define OFPPS_LINK_DOWN     (1u << 0)
#define OFPPS_BLOCKED       (1u << 1)   /* 1.3 only. */
#define OFPPS_LIVE          (1u << 2)   /* 1.3 only. */
#define OFPPS10_STP_LISTEN  (0u << 8)
#define OFPPS10_STP_LEARN   (1u << 8)
#define OFPPS10_STP_FORWARD (2u << 8)
#define OFPPS10_STP_BLOCK   (3u << 8)
#define OFPPS10_STP_MASK    (3u << 8)

/* Port feature bits, in the 1.3 layout for every version (1.0 bits 7-11
 * are converted; 40GB/100GB/1TB/OTHER do not exist in 1.0 and are dropped
 * when encoding 1.0). */
#define OFPPF_10MB_HD    (1u << 0)
#define OFPPF_10MB_FD    (1u << 1)
#define OFPPF_100MB_HD   (1u << 2)
#define OFPPF_100MB_FD   (1u << 3)
#define OFPPF_1GB_HD     (1u << 4)
#define OFPPF_1GB_FD     (1u << 5)
#define OFPPF_10GB_FD    (1u << 6)
#define OFPPF_40GB_FD    (1u << 7)
#define OFPPF_100GB_FD   (1u << 8)
#define OFPPF_1TB_FD     (1u << 9)
#define OFPPF_OTHER      (1u << 10)
#define OFPPF_COPPER     (1u << 11)
#define OFPPF_FIBER      (1u << 12)
#define OFPPF_AUTONEG    (1u << 13)
#define OFPPF_PAUSE      (1u << 14)
#define OFPPF_PAUSE_ASYM (1u << 15)

/* Converts feature bitmaps between the 1.0 wire layout and the 1.3 layout
 * used in decoded structs: from_10 moves bits 7..11 up to 11..15;
 * to_10 moves them back and drops 40GB/100GB/1TB/OTHER. Pure functions. */
uint32_t ofp_port_features_from_10(uint32_t features10);
uint32_t ofp_port_features_to_10(uint32_t features);

/* A port description, either version. */
struct ofp_port {
    uint32_t port_no;
    struct eth_addr hw_addr;
    char name[OFP_MAX_PORT_NAME_LEN + 1];   /* Always NUL-terminated. */
    uint32_t config;            /* OFPPC_* */
    uint32_t state;             /* OFPPS_* */
    uint32_t curr;              /* OFPPF_* (1.3 layout). */
    uint32_t advertised;
    uint32_t supported;
    uint32_t peer;
    uint32_t curr_speed;        /* kbps; 1.3 only (0 from 1.0). */
    uint32_t max_speed;         /* kbps; 1.3 only (0 from 1.0). */
};

/* Size of one port description on the wire in 'version' (48 or 64), or 0
 * if the version is not supported. */
size_t ofp_port_wire_size(enum ofp_version version);

/* Decodes one wire port description of 'version' from the front of 'c'
 * into 'port' and advances 'c'. Returns 0, EOF if 'c' is empty, or
 * OFPBRC_BAD_LEN if fewer bytes remain than one port. A port number that
 * 1.3 reserves (0xffffff00..0xfffffffd except LOCAL) is accepted as is. */
int ofp_port_next(struct cursor *c, enum ofp_version version,
                  struct ofp_port *port);

/* Appends 'port' in the wire format of 'version' to 'b' (no header).
 * Returns 0, or OFPBRC_BAD_PORT if the port number cannot be expressed in
 * 1.0 (then nothing is appended). */
enum ofperr ofp_port_put(const struct ofp_port *port,
                         enum ofp_version version, struct buf *b);

/* Appends a one-line description of 'port' in ovs-ofctl style
 * (" 1(eth0): addr:..." followed by config/state/speed lines). */
void ofp_port_format(struct ds *s, const struct ofp_port *port);

/* A list of wire port descriptions inside a decoded message (features
 * reply in 1.0, port desc reply in 1.3). 'ports' is borrowed from the
 * message; its size was validated to be a multiple of the port size. */
struct ofp_port_list {
    enum ofp_version version;
    struct cursor ports;        /* Walk a copy with ofp_port_next(). */
    size_t n_ports;
};

/* Port status. */
enum ofp_port_reason {
    OFPPR_ADD = 0,
    OFPPR_DELETE = 1,
    OFPPR_MODIFY = 2,
};

struct ofp_port_status {
    uint8_t reason;             /* enum ofp_port_reason. */
    struct ofp_port desc;
};

/* Decodes OFPT_PORT_STATUS 'oh'. Returns 0 or an ofperr. */
enum ofperr ofp_port_status_decode(struct ofp_port_status *out,
                                   const struct ofp_header *oh);
/* Appends an OFPT_PORT_STATUS message to 'out'. Returns 0, or
 * OFPBRC_BAD_PORT if the port is not expressible in 'version' (then 'out'
 * is unchanged). */
enum ofperr ofp_port_status_encode(const struct ofp_port_status *ps,
                                   enum ofp_version version, uint32_t xid,
                                   struct buf *out);
/* Appends "ADD: 1(eth0): addr:..." (ovs-ofctl style body) to 's'. */
void ofp_port_status_format(struct ds *s, const struct ofp_port_status *ps);

/* Port mod. */
struct ofp_port_mod {
    uint32_t port_no;
    struct eth_addr hw_addr;
    uint32_t config;            /* OFPPC_* values for the bits in 'mask'. */
    uint32_t mask;              /* OFPPC_* bits to change. */
    uint32_t advertise;         /* OFPPF_* (1.3 layout), 0 = unchanged. */
};

/* Decodes OFPT_PORT_MOD 'oh'. Returns 0 or an ofperr. */
enum ofperr ofp_port_mod_decode(struct ofp_port_mod *out,
                                const struct ofp_header *oh);
/* Appends an OFPT_PORT_MOD message to 'out'. Returns 0, or
 * OFPPMFC_BAD_PORT if the port is not expressible in 'version'. */
enum ofperr ofp_port_mod_encode(const struct ofp_port_mod *pm,
                                enum ofp_version version, uint32_t xid,
                                struct buf *out);
/* Appends "port: 1: addr:... config: ... mask: ... advertise: ..." */
void ofp_port_mod_format(struct ds *s, const struct ofp_port_mod *pm);

/* Port description multipart (1.3 OFPMP_PORT_DESC; not in 1.0, where the
 * features reply carries the ports). */

/* Appends a port desc request. Returns 0, or OFPBRC_BAD_VERSION for 1.0. */
enum ofperr ofp_port_desc_request_encode(enum ofp_version version,
                                         uint32_t xid, struct buf *out);
/* Appends one port desc reply holding 'ports[0..n_ports)', with 'flags'
 * (OFPMPF_MORE) in its multipart header. Returns 0, OFPBRC_BAD_VERSION for
 * 1.0, or OFPBRC_BAD_LEN if the ports do not fit one message (more than
 * 1023): split them with OFPMPF_MORE. On error 'out' is unchanged. */
enum ofperr ofp_port_desc_reply_encode(const struct ofp_port *ports,
                                       size_t n_ports, uint16_t flags,
                                       enum ofp_version version, uint32_t xid,
                                       struct buf *out);
/* Decodes a port desc reply 'oh': its multipart flags into '*flags' and its
 * ports into 'list' (borrowed from 'oh'). Returns 0 or an ofperr
 * (OFPBRC_BAD_LEN if the body is not a whole number of ports). */
enum ofperr ofp_port_desc_reply_decode(struct ofp_port_list *list,
                                       uint16_t *flags,
                                       const struct ofp_header *oh);

/* Port statistics. */

/* Appends a port stats request for 'port_no' (OFPP_ANY for all). Returns 0
 * or OFPBRC_BAD_PORT if 'port_no' cannot be expressed in 1.0. */
enum ofperr ofp_port_stats_request_encode(uint32_t port_no,
                                          enum ofp_version version,
                                          uint32_t xid, struct buf *out);
/* Decodes a port stats request 'oh' into '*port_no'. */
enum ofperr ofp_port_stats_request_decode(uint32_t *port_no,
                                          const struct ofp_header *oh);

/* One port's counters. UINT64_MAX means "not supported" as in the spec. */
struct ofp_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets;
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped;
    uint64_t rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err;
    uint64_t collisions;
    bool has_duration;          /* From 1.3 (which always carries it). */
    uint32_t duration_sec;      /* 1.3 only (0 from 1.0). */
    uint32_t duration_nsec;     /* 1.3 only (0 from 1.0). */
};

/* The entries of a decoded port stats reply (borrowed from the message). */
struct ofp_port_stats_list {
    enum ofp_version version;
    struct cursor entries;      /* Walk a copy with ofp_port_stats_next(). */
    size_t n_entries;
};

/* Appends one port stats reply with 'stats[0..n)' and 'flags'. Returns 0,
 * OFPBRC_BAD_LEN if they do not fit one message, or OFPBRC_BAD_PORT if a
 * port number cannot be expressed in 1.0. On error 'out' is unchanged. */
enum ofperr ofp_port_stats_reply_encode(const struct ofp_port_stats *stats,
                                        size_t n, uint16_t flags,
                                        enum ofp_version version,
                                        uint32_t xid, struct buf *out);
/* Decodes a port stats reply 'oh' into 'list' and '*flags'. Returns 0 or
 * OFPBRC_BAD_LEN if the body is not a whole number of entries. */
enum ofperr ofp_port_stats_reply_decode(struct ofp_port_stats_list *list,
                                        uint16_t *flags,
                                        const struct ofp_header *oh);
/* Decodes the next entry of 'c' (wire format of 'version') into 'ps'.
 * Returns 0, EOF at the end, or OFPBRC_BAD_LEN for a partial entry. */
int ofp_port_stats_next(struct cursor *c, enum ofp_version version,
                        struct ofp_port_stats *ps);
/* Appends the ovs-ofctl style text for one entry ("  port  1: rx pkts=..."). */
void ofp_port_stats_format(struct ds *s, const struct ofp_port_stats *ps);

/* Multipart text, as ovs-ofctl prints it after "OFPST_PORT_DESC reply
 * (xid=0x2):" etc. ('flags' adds " flags=[more]" when OFPMPF_MORE is set):
 *   port desc reply:    "\n 1(eth0): ..." one block per port;
 *   port stats request: " port_no=ANY\n";
 *   port stats reply:   " 2 ports\n" then one block per entry. */
void ofp_port_desc_reply_format(struct ds *s, const struct ofp_port_list *list,
                                uint16_t flags);
void ofp_port_stats_request_format(struct ds *s, uint32_t port_no);
void ofp_port_stats_reply_format(struct ds *s,
                                 const struct ofp_port_stats_list *list,
                                 uint16_t flags);

/* Appends a port number as ovs-ofctl prints it: "LOCAL", "CONTROLLER",
 * "ANY", ... or the decimal number. */
void ofp_port_no_format(struct ds *s, uint32_t port_no);

#endif /* ofp-port.h */
