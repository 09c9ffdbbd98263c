/* ds: a growable, always NUL-terminated string, for formatting. */
#ifndef KUMO_LIB_DS_H
#define KUMO_LIB_DS_H 1

#include <stdarg.h>
#include <stddef.h>

#include "lib/util.h"

struct ds {
    char *string;       /* NUL-terminated once anything was put; may be NULL. */
    size_t length;      /* Characters, not counting the NUL. */
    size_t allocated;   /* Bytes available for characters, not the NUL. */
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_destroy(struct ds *);
void ds_clear(struct ds *);
void ds_reserve(struct ds *, size_t min_length);
void ds_put_char(struct ds *, char);
void ds_put_cstr(struct ds *, const char *);
void ds_put_buffer(struct ds *, const char *, size_t);
void ds_put_format(struct ds *, const char *, ...) KUMO_PRINTF(2, 3);
void ds_put_format_valist(struct ds *, const char *, va_list) KUMO_PRINTF(2, 0);
void ds_put_hex(struct ds *, const void *, size_t);
void ds_put_eth_addr(struct ds *, const struct eth_addr *);
void ds_put_ipv4(struct ds *, be32 addr);
void ds_put_ipv6(struct ds *, const void *addr16);
const char *ds_cstr(struct ds *);
char *ds_steal_cstr(struct ds *);
void ds_chomp(struct ds *, int c);
void ds_truncate(struct ds *, size_t length);

#endif /* ds.h */
