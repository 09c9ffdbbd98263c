/* hex: see hex.h. */
#include "lib/hex.h"

#include <ctype.h>

#include "lib/buf.h"

static int
hex_digit(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

const char *
hex_decode(const char *text, struct buf *out)
{
    const char *p = text;

    while (*p) {
        int hi, lo;

        if (isspace((unsigned char) *p) || *p == ':' || *p == '.') {
            p++;
            continue;
        }
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            p += 2;
            continue;
        }
        hi = hex_digit((unsigned char) p[0]);
        if (hi < 0) {
            return "invalid hex digit";
        }
        lo = hex_digit((unsigned char) p[1]);
        if (lo < 0) {
            return p[1] ? "invalid hex digit" : "odd number of hex digits";
        }
        buf_put_u8(out, (uint8_t) (hi << 4 | lo));
        p += 2;
    }
    return NULL;
}
