/* util: see util.h. */
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool (*util_alloc_hook)(size_t size);

void
kumo_fatal(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fputs("kumo: fatal: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    abort();
}

static void *
check_alloc(void *p, size_t size)
{
    if (!p && size) {
        kumo_fatal("out of memory allocating %zu bytes", size);
    }
    return p;
}

static void
run_hook(size_t size)
{
    if (util_alloc_hook && !util_alloc_hook(size)) {
        kumo_fatal("allocation of %zu bytes refused by test hook", size);
    }
}

void *
xmalloc(size_t size)
{
    run_hook(size);
    return check_alloc(malloc(size ? size : 1), size ? size : 1);
}

void *
xzalloc(size_t size)
{
    return xcalloc(1, size);
}

void *
xcalloc(size_t n, size_t size)
{
    run_hook(n * size);
    return check_alloc(calloc(n ? n : 1, size ? size : 1), 1);
}

void *
xrealloc(void *p, size_t size)
{
    run_hook(size);
    return check_alloc(realloc(p, size ? size : 1), size ? size : 1);
}

void *
xmemdup(const void *p, size_t size)
{
    void *q = xmalloc(size);
    if (size) {
        memcpy(q, p, size);
    }
    return q;
}

char *
xstrdup(const char *s)
{
    return xmemdup(s, strlen(s) + 1);
}

char *
xvasprintf(const char *format, va_list args)
{
    va_list args2;
    int n;
    char *s;

    va_copy(args2, args);
    n = vsnprintf(NULL, 0, format, args);
    if (n < 0) {
        kumo_fatal("vsnprintf failed");
    }
    s = xmalloc((size_t) n + 1);
    vsnprintf(s, (size_t) n + 1, format, args2);
    va_end(args2);
    return s;
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    s = xvasprintf(format, args);
    va_end(args);
    return s;
}
