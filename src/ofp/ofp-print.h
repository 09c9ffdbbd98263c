/* ofp-print: renders OpenFlow messages as readable text. */
#ifndef KUMO_OFP_PRINT_H
#define KUMO_OFP_PRINT_H 1

#include <stddef.h>

#include "ofp/ofp-errors.h"

struct ds;

/* Appends a description of the single OpenFlow message in 'data'/'size' to
 * 's'. Returns 0 if the message decoded cleanly, otherwise the decode error
 * (and 's' says what was wrong, naming the error). */
enum ofperr ofp_print(struct ds *s, const void *data, size_t size);

/* Splits 'data'/'size' into messages by their header lengths and prints
 * each, one block per message. Returns 0, or the first error: a framing
 * error (truncated header or body) stops the walk. */
enum ofperr ofp_print_stream(struct ds *s, const void *data, size_t size);

#endif /* ofp-print.h */
