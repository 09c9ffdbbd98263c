/* hex: hex text <-> bytes. */
#ifndef KUMO_LIB_HEX_H
#define KUMO_LIB_HEX_H 1

#include <stddef.h>

struct buf;

/* Appends the bytes spelled by 'text' to 'out'. White space, ':' and '.'
 * between byte pairs are ignored, as is a leading "0x". Returns NULL on
 * success, otherwise a static string saying what was wrong (and 'out' holds
 * what was decoded before the error). */
const char *hex_decode(const char *text, struct buf *out);

#endif /* hex.h */
