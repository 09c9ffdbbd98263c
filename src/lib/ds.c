/* ds: see ds.h. */
#include "lib/ds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ds_init(struct ds *ds)
{
    ds->string = NULL;
    ds->length = 0;
    ds->allocated = 0;
}

void
ds_destroy(struct ds *ds)
{
    free(ds->string);
    ds_init(ds);
}

void
ds_clear(struct ds *ds)
{
    ds->length = 0;
    if (ds->string) {
        ds->string[0] = '\0';
    }
}

void
ds_reserve(struct ds *ds, size_t min_length)
{
    if (min_length > ds->allocated || !ds->string) {
        ds->allocated = MAX(min_length, ds->allocated * 2);
        ds->allocated = MAX(ds->allocated, (size_t) 31);
        ds->string = xrealloc(ds->string, ds->allocated + 1);
        ds->string[ds->length] = '\0';
    }
}

void
ds_put_buffer(struct ds *ds, const char *s, size_t n)
{
    ds_reserve(ds, ds->length + n);
    memcpy(ds->string + ds->length, s, n);
    ds->length += n;
    ds->string[ds->length] = '\0';
}

void
ds_put_char(struct ds *ds, char c)
{
    ds_put_buffer(ds, &c, 1);
}

void
ds_put_cstr(struct ds *ds, const char *s)
{
    ds_put_buffer(ds, s, strlen(s));
}

void
ds_put_format_valist(struct ds *ds, const char *format, va_list args)
{
    va_list args2;
    size_t avail;
    int n;

    ds_reserve(ds, ds->length + 16);
    va_copy(args2, args);
    avail = ds->allocated - ds->length + 1;
    n = vsnprintf(ds->string + ds->length, avail, format, args);
    if (n < 0) {
        va_end(args2);
        return;
    }
    if ((size_t) n >= avail) {
        ds_reserve(ds, ds->length + (size_t) n);
        avail = ds->allocated - ds->length + 1;
        vsnprintf(ds->string + ds->length, avail, format, args2);
    }
    ds->length += (size_t) n;
    va_end(args2);
}

void
ds_put_format(struct ds *ds, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
}

/* Appends 'n' bytes at 'p' as lowercase hex without separators. */
void
ds_put_hex(struct ds *ds, const void *p_, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = p_;
    size_t i;

    ds_reserve(ds, ds->length + 2 * n);
    for (i = 0; i < n; i++) {
        ds->string[ds->length++] = digits[p[i] >> 4];
        ds->string[ds->length++] = digits[p[i] & 15];
    }
    ds->string[ds->length] = '\0';
}

void
ds_put_eth_addr(struct ds *ds, const struct eth_addr *ea)
{
    const uint8_t *e = ea->ea;
    ds_put_format(ds, "%02x:%02x:%02x:%02x:%02x:%02x",
                  e[0], e[1], e[2], e[3], e[4], e[5]);
}

void
ds_put_ipv4(struct ds *ds, be32 addr)
{
    const uint8_t *b = (const uint8_t *) &addr;
    ds_put_format(ds, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

void
ds_put_ipv6(struct ds *ds, const void *addr16)
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, addr16, text, sizeof text);
    ds_put_cstr(ds, text);
}

const char *
ds_cstr(struct ds *ds)
{
    if (!ds->string) {
        ds_reserve(ds, 0);
    }
    ds->string[ds->length] = '\0';
    return ds->string;
}

/* Returns the string (caller frees) and leaves 'ds' empty. */
char *
ds_steal_cstr(struct ds *ds)
{
    char *s;
    ds_cstr(ds);
    s = ds->string;
    ds_init(ds);
    return s;
}

/* Removes trailing characters equal to 'c'. */
void
ds_chomp(struct ds *ds, int c)
{
    while (ds->length > 0 && ds->string[ds->length - 1] == (char) c) {
        ds->string[--ds->length] = '\0';
    }
}

void
ds_truncate(struct ds *ds, size_t length)
{
    if (length < ds->length) {
        ds->length = length;
        ds->string[length] = '\0';
    }
}
