/* ofp-fixture: helpers that the OpenFlow codec unit tests (test-ofp-*.c)
 * share: messages spelled in hex turned into buffers (and checked to
 * frame as the message type they should be), and buffers compared with
 * each other or with hex (a mismatch prints both sides in hex before
 * failing).
 *
 * Built into the unit tests' fixture library (tests/CMakeLists.txt);
 * failures are cmocka assertions in the calling test. */
#ifndef KUMO_TESTS_OFP_FIXTURE_H
#define KUMO_TESTS_OFP_FIXTURE_H 1

#include "ofp/ofp-msgs.h"

struct buf;

/* Initializes 'b' with the bytes spelled by 'hex' (the caller uninits it);
 * fails the test if 'hex' does not decode. */
void ofp_fixture_hex(const char *hex, struct buf *b);

/* Asserts that 'a' and 'b' hold the same bytes. */
void ofp_fixture_buf_eq(const struct buf *a, const struct buf *b);

/* Asserts that 'b' holds exactly the bytes spelled by 'hex'. */
void ofp_fixture_buf_hex(const struct buf *b, const char *hex);

/* Fills 'b' (cleared first) with the message spelled by 'hex', asserts
 * that it frames as a message of 'type' and returns it (borrowed from
 * 'b'). */
const struct ofp_header *ofp_fixture_msg(struct buf *b, const char *hex,
                                         enum ofptype type);

#endif /* ofp-fixture.h */
