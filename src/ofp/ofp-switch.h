/* ofp-switch: the connection-level messages of OpenFlow 1.0 and 1.3 —
 * HELLO (with version bitmaps) and version negotiation, ERROR, ECHO,
 * EXPERIMENTER (1.0 VENDOR), FEATURES, GET/SET_CONFIG and BARRIER.
 *
 * These are what a switch connection's handshake and keepalive speak. Pure
 * codec: decoded structs may point into the message they came from
 * ("borrowed": valid as long as that message is).
 *
 * Format functions append the text ovs-ofctl prints after the message's
 * "OFPT_X (xid=0x1):" prefix: it starts with a space or a newline and ends
 * with a newline. */
#ifndef KUMO_OFP_SWITCH_H
#define KUMO_OFP_SWITCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-port.h"
#include "openflow/openflow-common.h"

struct ds;

/* Version bitmaps: bit N set = wire version N supported. */
#define OFP_VERSION_BIT(V) (1u << (V))
#define OFP_SUPPORTED_VERSIONS \
    (OFP_VERSION_BIT(OFP10_VERSION) | OFP_VERSION_BIT(OFP13_VERSION))

/* HELLO. */
struct ofp_hello {
    uint8_t version;            /* Header version. */
    bool has_bitmap;            /* Carried an OFPHET_VERSIONBITMAP element. */
    uint32_t version_bitmap;    /* First 32 bits of that bitmap, else 0. */
};

/* Appends a HELLO advertising 'version_bitmap' (must be nonzero, bits 1..31)
 * to 'out'. The header carries the highest version in the bitmap. If that
 * is 1.0 the hello is the plain 8-byte one 1.0 peers expect; otherwise it
 * carries one version-bitmap element. Returns 0, or OFPBRC_BAD_VERSION for
 * an empty bitmap. */
enum ofperr ofp_hello_encode(uint32_t version_bitmap, uint32_t xid,
                             struct buf *out);
/* Decodes HELLO 'oh' (of any version). Unknown element types are skipped;
 * an element whose length is shorter than its header, runs past the
 * message, or a bitmap element that is not a whole number of 32-bit words,
 * yields OFPBRC_BAD_LEN. Elements are only read when the header version
 * is 1.3 or later (earlier versions define no body). */
enum ofperr ofp_hello_decode(struct ofp_hello *out,
                             const struct ofp_header *oh);
/* Returns the version to speak with a peer that sent 'peer', given our own
 * 'our_bitmap': the highest version in both bitmaps. A peer without a
 * bitmap is taken to support every version up to its header version (as
 * Open vSwitch does). Returns 0 if there is no common version. */
enum ofp_version ofp_negotiate_version(uint32_t our_bitmap,
                                       const struct ofp_hello *peer);
/* Appends "\n version bitmap: 0x01, 0x04\n" (a hello without a bitmap
 * shows the versions it implies, as ovs-ofctl does). */
void ofp_hello_format(struct ds *s, const struct ofp_hello *hello);

/* ERROR. (The decoded struct is 'ofp_error': 'ofp_error_msg' is the wire
 * struct in openflow-common.h.) */
struct ofp_error {
    enum ofperr error;          /* Known error, or 0 if (type, code) is not
                                 * one Kumo knows. */
    uint16_t type;              /* Raw wire type (0xffff = experimenter). */
    uint16_t code;              /* Raw code (exp_type for experimenter). */
    uint32_t experimenter;      /* Experimenter id, if type == 0xffff. */
    const void *data;           /* Borrowed: request bytes or text. */
    size_t data_len;
};

/* Appends an ERROR reply to 'request' (may be NULL; then xid 0 and no data)
 * reporting 'error' in 'version'. The data is the first 64 bytes of the
 * request (at most 'request_size'). An error that does not exist in
 * 'version' is sent as the closest generic one (see
 * ofperr_encode_type_code()). 'version' may be any of 1.0..1.5, so that a
 * peer whose hello failed hears OFPHFC_INCOMPATIBLE in its own version
 * (1.3 numbering for 1.1+); an invalid version is answered in 1.3.
 * Returns 0. */
enum ofperr ofp_error_reply_encode(enum ofperr error,
                                   const struct ofp_header *request,
                                   size_t request_size, uint8_t version,
                                   struct buf *out);
/* Appends an ERROR with the raw fields of 'err' ('error' is ignored; 1.3
 * experimenter errors carry 'experimenter') in 'version' (1.0..1.5).
 * Returns 0, OFPBRC_BAD_VERSION for an experimenter error in 1.0 or an
 * invalid version, or OFPBRC_BAD_LEN if the data does not fit. */
enum ofperr ofp_error_encode(const struct ofp_error *err, uint8_t version,
                             uint32_t xid, struct buf *out);
/* Decodes ERROR 'oh' into 'out' (data borrowed from 'oh'). */
enum ofperr ofp_error_decode(struct ofp_error *out,
                             const struct ofp_header *oh);
/* Appends "OFPBRC_BAD_LEN" and a description of the data, in the style of
 * ovs-ofctl ("OFPBRC_BAD_LEN\n(hex dump)"). 'version' selects type names. */
void ofp_error_format(struct ds *s, const struct ofp_error *err,
                      uint8_t version);

/* ECHO request/reply. */
struct ofp_echo {
    const void *data;           /* Borrowed payload. */
    size_t data_len;
};

/* Appends an ECHO_REQUEST (or ECHO_REPLY if 'reply') carrying 'payload'
 * ('size' bytes, copied). Returns 0, or OFPBRC_BAD_LEN if it cannot fit
 * one message. */
enum ofperr ofp_echo_encode(bool reply, const void *payload, size_t size,
                            uint8_t version, uint32_t xid, struct buf *out);
/* Decodes an ECHO_REQUEST or ECHO_REPLY (payload borrowed from 'oh').
 * Always succeeds on a message ofp_msg_decode_type() accepted. */
enum ofperr ofp_echo_decode(struct ofp_echo *out, const struct ofp_header *oh);
/* Appends " 8 bytes of payload\n" and a hex dump of it. */
void ofp_echo_format(struct ds *s, const struct ofp_echo *echo);
/* Appends the ECHO_REPLY that answers ECHO_REQUEST 'request' (same version,
 * xid and payload). Returns 0. */
enum ofperr ofp_echo_reply_from_request(const struct ofp_header *request,
                                        struct buf *out);

/* EXPERIMENTER (1.0: VENDOR). */
struct ofp_experimenter {
    uint32_t experimenter;      /* 1.0: vendor id. */
    uint32_t exp_type;          /* 1.3 only (0 from 1.0). */
    const void *data;           /* Borrowed. */
    size_t data_len;
};
/* Appends an EXPERIMENTER (1.0: VENDOR, without exp_type) carrying a copy
 * of 'exp->data'. Returns 0, OFPBRC_BAD_LEN if the data does not fit one
 * message, or OFPBRC_BAD_VERSION. */
enum ofperr ofp_experimenter_encode(const struct ofp_experimenter *exp,
                                    enum ofp_version version, uint32_t xid,
                                    struct buf *out);
/* Decodes an EXPERIMENTER / VENDOR message into 'out' (data borrowed from
 * 'oh'). Kumo knows no experimenter messages; callers that do not either
 * answer OFPBRC_BAD_EXPERIMENTER. */
enum ofperr ofp_experimenter_decode(struct ofp_experimenter *out,
                                    const struct ofp_header *oh);
/* Appends " experimenter=0x... exp_type=N (M bytes of data)\n" and a hex
 * dump of the data. */
void ofp_experimenter_format(struct ds *s, const struct ofp_experimenter *exp);

/* FEATURES request/reply. */

/* Capabilities bits (OFPC_*). */
#define OFPC_FLOW_STATS     (1u << 0)
#define OFPC_TABLE_STATS    (1u << 1)
#define OFPC_PORT_STATS     (1u << 2)
#define OFPC10_STP          (1u << 3)   /* 1.0 only. */
#define OFPC_GROUP_STATS    (1u << 3)   /* 1.3 only. */
#define OFPC_IP_REASM       (1u << 5)
#define OFPC_QUEUE_STATS    (1u << 6)
#define OFPC_ARP_MATCH_IP   (1u << 7)   /* 1.0 only. */
#define OFPC_PORT_BLOCKED   (1u << 8)   /* 1.3 only. */

struct ofp_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;       /* 1.3 only. */
    uint32_t capabilities;      /* OFPC_* of the message's version. */
    uint32_t actions;           /* 1.0 only: OFPAT10_* bitmap. */
    /* Encoding: the ports to include (1.0 only; must be NULL/0 for 1.3). */
    const struct ofp_port *ports;
    size_t n_ports;
    /* Decoding: the ports of a 1.0 reply (empty for 1.3), borrowed. */
    struct ofp_port_list port_list;
};

/* Appends a FEATURES_REQUEST (no body). Returns 0 or OFPBRC_BAD_VERSION. */
enum ofperr ofp_features_request_encode(enum ofp_version version,
                                        uint32_t xid, struct buf *out);
/* Appends a FEATURES_REPLY. Returns 0, OFPBRC_BAD_VERSION if ports are
 * given for 1.3, OFPBRC_BAD_LEN if too many ports, or OFPBRC_BAD_PORT. */
enum ofperr ofp_switch_features_encode(const struct ofp_switch_features *sf,
                                       enum ofp_version version, uint32_t xid,
                                       struct buf *out);
/* Decodes FEATURES_REPLY 'oh'. 'out->ports' is set to NULL, 'n_ports' and
 * 'port_list' describe the 1.0 ports (walk with ofp_port_next()). */
enum ofperr ofp_switch_features_decode(struct ofp_switch_features *out,
                                       const struct ofp_header *oh);
/* Appends the ovs-ofctl style text ("dpid:... n_tables:..., ...", then the
 * ports). 'version' selects capability/action names. */
void ofp_switch_features_format(struct ds *s,
                                const struct ofp_switch_features *sf,
                                uint8_t version);

/* GET_CONFIG / SET_CONFIG. */
#define OFPC_FRAG_NORMAL 0
#define OFPC_FRAG_DROP 1
#define OFPC_FRAG_REASM 2
#define OFPC_FRAG_MASK 3
#define OFPCML_NO_BUFFER 0xffff     /* miss_send_len: send whole packet. */

struct ofp_switch_config {
    uint16_t flags;             /* OFPC_FRAG_* */
    uint16_t miss_send_len;
};

/* Appends a GET_CONFIG_REQUEST (no body). Returns 0 or
 * OFPBRC_BAD_VERSION. */
enum ofperr ofp_get_config_request_encode(enum ofp_version version,
                                          uint32_t xid, struct buf *out);
/* Appends a SET_CONFIG, or a GET_CONFIG_REPLY if 'reply'. Returns 0 or
 * OFPBRC_BAD_VERSION. */
enum ofperr ofp_switch_config_encode(const struct ofp_switch_config *cfg,
                                     bool reply, enum ofp_version version,
                                     uint32_t xid, struct buf *out);
/* Decodes a SET_CONFIG or GET_CONFIG_REPLY (OFPBRC_BAD_LEN unless the body
 * is exactly 4 bytes). */
enum ofperr ofp_switch_config_decode(struct ofp_switch_config *out,
                                     const struct ofp_header *oh);
/* Appends " frags=normal miss_send_len=128\n". */
void ofp_switch_config_format(struct ds *s,
                              const struct ofp_switch_config *cfg);

/* BARRIER. Each appends the bodiless message; returns 0 or
 * OFPBRC_BAD_VERSION. A barrier has no body to decode: classifying it with
 * ofp_msg_decode_type() (which checks its length is 8) is all it takes. */
enum ofperr ofp_barrier_request_encode(enum ofp_version version,
                                       uint32_t xid, struct buf *out);
enum ofperr ofp_barrier_reply_encode(enum ofp_version version, uint32_t xid,
                                     struct buf *out);

/* Appends a message of 'type' that has no body (FEATURES_REQUEST,
 * GET_CONFIG_REQUEST, BARRIER_*, GET_ASYNC_REQUEST). Returns 0, or
 * OFPBRC_BAD_VERSION if 'type' does not exist in 'version'. */
enum ofperr ofp_empty_msg_encode(enum ofptype type, enum ofp_version version,
                                 uint32_t xid, struct buf *out);

#endif /* ofp-switch.h */
