/* ofp-desc: the switch description (OFPMP_DESC / OFPST_DESC) request and
 * reply, OpenFlow 1.0 and 1.3 (same body in both). */
#ifndef KUMO_OFP_DESC_H
#define KUMO_OFP_DESC_H 1

#include "ofp/ofp-errors.h"
#include "openflow/of-tables.h"

struct buf;
struct ds;

/* The decoded description. Each string is the wire field up to its first
 * NUL (a field that fills its whole width is kept whole), NUL-terminated. */
struct ofp_desc {
    char mfr_desc[DESC_STR_LEN + 1];
    char hw_desc[DESC_STR_LEN + 1];
    char sw_desc[DESC_STR_LEN + 1];
    char serial_num[SERIAL_NUM_LEN + 1];
    char dp_desc[DESC_STR_LEN + 1];
};

/* Appends a desc request in 'version' with 'xid' to 'out'. Returns 0 or
 * OFPBRC_BAD_VERSION. */
enum ofperr ofp_desc_request_encode(enum ofp_version version, uint32_t xid,
                                    struct buf *out);
/* Checks that 'oh' (whole message) is a well-formed desc request (empty
 * body). Returns 0 or an error. */
enum ofperr ofp_desc_request_decode(const struct ofp_header *oh);

/* Decodes desc reply 'oh' (whole message, length validated) into '*desc'.
 * Returns 0, or OFPBRC_BAD_LEN if the body is not exactly one
 * description, or a framing error. */
enum ofperr ofp_desc_decode(struct ofp_desc *desc,
                            const struct ofp_header *oh);
/* Appends a desc reply carrying 'desc' in 'version' with 'xid' to 'out'.
 * Strings longer than their field are truncated. Returns 0 or
 * OFPBRC_BAD_VERSION. */
enum ofperr ofp_desc_encode(const struct ofp_desc *desc,
                            enum ofp_version version, uint32_t xid,
                            struct buf *out);
/* Appends 'desc' in ovs-ofctl style to 's': the text that follows the
 * header line "OFPST_DESC reply (xid=...):", starting with its newline. */
void ofp_desc_format(struct ds *s, const struct ofp_desc *desc);

#endif /* ofp-desc.h */
