/* Wire structures and constants shared by every OpenFlow version.
 * Wire structs only: no functions. Every struct has a size assertion. */
#ifndef KUMO_OPENFLOW_COMMON_H
#define KUMO_OPENFLOW_COMMON_H 1

#include <assert.h>
#include <stdint.h>

#include "lib/util.h"

#define OFP_ASSERT(EXPR) static_assert(EXPR, #EXPR)

/* Version numbers on the wire. */
enum ofp_version {
    OFP10_VERSION = 0x01,
    OFP11_VERSION = 0x02,
    OFP12_VERSION = 0x03,
    OFP13_VERSION = 0x04,
    OFP14_VERSION = 0x05,
    OFP15_VERSION = 0x06,
};

#define OFP_TCP_PORT 6653
#define OFP_OLD_PORT 6633
#define OFP_MAX_MSG_SIZE 65535
#define OFP_ETH_ALEN 6
#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_MAX_TABLE_NAME_LEN 32
#define DESC_STR_LEN 256
#define SERIAL_NUM_LEN 32
#define OFP_NO_BUFFER 0xffffffffu

/* Header on every OpenFlow message. */
struct ofp_header {
    uint8_t version;
    uint8_t type;
    be16 length;        /* Including this header. */
    be32 xid;
};
OFP_ASSERT(sizeof(struct ofp_header) == 8);

/* Message type numbers, 1.0 (they differ from 1.3 after BARRIER). */
enum ofp10_type {
    OFPT10_HELLO = 0, OFPT10_ERROR = 1, OFPT10_ECHO_REQUEST = 2,
    OFPT10_ECHO_REPLY = 3, OFPT10_VENDOR = 4, OFPT10_FEATURES_REQUEST = 5,
    OFPT10_FEATURES_REPLY = 6, OFPT10_GET_CONFIG_REQUEST = 7,
    OFPT10_GET_CONFIG_REPLY = 8, OFPT10_SET_CONFIG = 9, OFPT10_PACKET_IN = 10,
    OFPT10_FLOW_REMOVED = 11, OFPT10_PORT_STATUS = 12, OFPT10_PACKET_OUT = 13,
    OFPT10_FLOW_MOD = 14, OFPT10_PORT_MOD = 15, OFPT10_STATS_REQUEST = 16,
    OFPT10_STATS_REPLY = 17, OFPT10_BARRIER_REQUEST = 18,
    OFPT10_BARRIER_REPLY = 19, OFPT10_QUEUE_GET_CONFIG_REQUEST = 20,
    OFPT10_QUEUE_GET_CONFIG_REPLY = 21,
};

/* Message type numbers, 1.3. */
enum ofp13_type {
    OFPT13_HELLO = 0, OFPT13_ERROR = 1, OFPT13_ECHO_REQUEST = 2,
    OFPT13_ECHO_REPLY = 3, OFPT13_EXPERIMENTER = 4,
    OFPT13_FEATURES_REQUEST = 5, OFPT13_FEATURES_REPLY = 6,
    OFPT13_GET_CONFIG_REQUEST = 7, OFPT13_GET_CONFIG_REPLY = 8,
    OFPT13_SET_CONFIG = 9, OFPT13_PACKET_IN = 10, OFPT13_FLOW_REMOVED = 11,
    OFPT13_PORT_STATUS = 12, OFPT13_PACKET_OUT = 13, OFPT13_FLOW_MOD = 14,
    OFPT13_GROUP_MOD = 15, OFPT13_PORT_MOD = 16, OFPT13_TABLE_MOD = 17,
    OFPT13_MULTIPART_REQUEST = 18, OFPT13_MULTIPART_REPLY = 19,
    OFPT13_BARRIER_REQUEST = 20, OFPT13_BARRIER_REPLY = 21,
    OFPT13_QUEUE_GET_CONFIG_REQUEST = 22, OFPT13_QUEUE_GET_CONFIG_REPLY = 23,
    OFPT13_ROLE_REQUEST = 24, OFPT13_ROLE_REPLY = 25,
    OFPT13_GET_ASYNC_REQUEST = 26, OFPT13_GET_ASYNC_REPLY = 27,
    OFPT13_SET_ASYNC = 28, OFPT13_METER_MOD = 29,
};

/* OFPT_ERROR body (both versions). */
struct ofp_error_msg {
    be16 type;
    be16 code;
    /* Followed by at least 64 bytes of the failed request, or text for
     * HELLO_FAILED. */
};
OFP_ASSERT(sizeof(struct ofp_error_msg) == 4);

/* OFPET_EXPERIMENTER error body (1.3). */
struct ofp13_error_experimenter_msg {
    be16 type;              /* 0xffff */
    be16 exp_type;
    be32 experimenter;
};
OFP_ASSERT(sizeof(struct ofp13_error_experimenter_msg) == 8);

/* Hello elements (1.3). */
enum ofp_hello_elem_type {
    OFPHET_VERSIONBITMAP = 1,
};
struct ofp_hello_elem_header {
    be16 type;
    be16 length;            /* Without padding to 8 bytes. */
};
OFP_ASSERT(sizeof(struct ofp_hello_elem_header) == 4);

#endif /* openflow-common.h */
