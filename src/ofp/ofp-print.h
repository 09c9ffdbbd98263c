/* ofp-print: renders any OpenFlow 1.0/1.3 message as readable text.
 *
 * The top of the codec: frames a message (ofp_msg_decode_type), runs the
 * decoder of the module that owns its type and that module's _format, in
 * the style of `ovs-ofctl ofp-print`:
 *
 *     OFPT_FLOW_MOD (OF1.3) (xid=0x2): ADD priority=100,in_port=1 actions=output:2
 *
 * Malformed input is never asserted on: the text names the decode error
 * ("***decode error: OFPBMC_BAD_PREREQ***") followed by a hex dump, and the
 * error is returned.
 *
 * Also here, for tests (golden, fuzz): ofp_print_reencode(), which decodes
 * any message and encodes the result again, so that
 * encode(decode(bytes)) == bytes can be checked for every type through one
 * entry point. */
#ifndef KUMO_OFP_PRINT_H
#define KUMO_OFP_PRINT_H 1

#include <stddef.h>

#include "ofp/ofp-errors.h"

struct buf;
struct ds;
struct ofp_header;

/* Appends a description of the single OpenFlow message in 'data'/'size'
 * (borrowed; any alignment) to 's', ending with a newline. Returns 0 if the
 * message framed and decoded cleanly, otherwise the first error, which the
 * text then names. */
enum ofperr ofp_print(struct ds *s, const void *data, size_t size);

/* Splits 'data'/'size' into messages by their header lengths and prints
 * each (see ofp_print()). Returns 0, or the first error; a framing error
 * (truncated header or body) stops the walk, a decode error of one message
 * does not. */
enum ofperr ofp_print_stream(struct ds *s, const void *data, size_t size);

/* Appends a hex dump of 'data'/'size' to 's' in the layout ovs-ofctl uses
 * ("00000000  01 02 ...-... |ascii|"), one line per 16 bytes. */
void ofp_print_hex_dump(struct ds *s, const void *data, size_t size);

/* Decodes the message 'oh' ('size' bytes: exactly its length) with the
 * module decoder of its type and appends the result, encoded again in the
 * same version with the same xid, to 'out': Kumo's canonical form of the
 * message. Returns 0, or the decode or encode error (then 'out' is
 * unchanged). Some valid messages have no re-encoding: any message of a
 * version other than 1.0 and 1.3 (OFPBRC_BAD_VERSION; HELLO and ERROR frame
 * in every version), a HELLO whose header
 * version is not the highest of its bitmap (OFPBRC_BAD_VERSION), and a
 * multipart message with the MORE flag whose module encoder cannot set it
 * (OFPBRC_BAD_MULTIPART). */
enum ofperr ofp_print_reencode(const struct ofp_header *oh, size_t size,
                               struct buf *out);

#endif /* ofp-print.h */
