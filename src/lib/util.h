/* util: allocation that aborts on exhaustion, byte order, small macros.
 * The bottom of the dependency graph: includes only libc. */
#ifndef KUMO_LIB_UTIL_H
#define KUMO_LIB_UTIL_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <endian.h>

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])
#define MIN(A, B) ((A) < (B) ? (A) : (B))
#define MAX(A, B) ((A) > (B) ? (A) : (B))
#define ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y) * (Y))
#define DIV_ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y))
#define CONTAINER_OF(PTR, TYPE, MEMBER) \
    ((TYPE *) (void *) ((char *) (PTR) - offsetof(TYPE, MEMBER)))
#define KUMO_NORETURN __attribute__((noreturn))
#define KUMO_PRINTF(FMT, ARG1) __attribute__((format(printf, FMT, ARG1)))
#define KUMO_UNUSED __attribute__((unused))
#define KUMO_LIKELY(X) __builtin_expect(!!(X), 1)
#define KUMO_UNLIKELY(X) __builtin_expect(!!(X), 0)

/* Big-endian ("network order") integer types. Only a naming convention: the
 * compiler does not check them, review does. */
typedef uint16_t be16;
typedef uint32_t be32;
typedef uint64_t be64;

static inline be64 htonll(uint64_t x) { return htobe64(x); }
static inline uint64_t ntohll(be64 x) { return be64toh(x); }

/* An Ethernet address. */
struct eth_addr {
    uint8_t ea[6];
};

/* Aborts the process with a message: for our own bugs and for out-of-memory,
 * never for bad input. */
KUMO_NORETURN void kumo_fatal(const char *format, ...) KUMO_PRINTF(1, 2);

/* Allocation wrappers: never return NULL (abort instead). */
void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xmemdup(const void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *format, ...) KUMO_PRINTF(1, 2);
char *xvasprintf(const char *format, va_list args) KUMO_PRINTF(1, 0);

/* Test hook for fault injection: when non-NULL, called before every x*alloc;
 * returning false makes that allocation fail (which aborts). */
extern bool (*util_alloc_hook)(size_t size);

#endif /* util.h */
