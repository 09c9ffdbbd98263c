/* buf: see buf.h. */
#include "lib/buf.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

void
buf_init(struct buf *b, size_t capacity)
{
    b->data = capacity ? xmalloc(capacity) : NULL;
    b->size = 0;
    b->allocated = capacity;
    b->heap = true;
}

/* Starts 'b' on 'stub' (borrowed; must outlive 'b' or its move to the heap). */
void
buf_use_stub(struct buf *b, void *stub, size_t stub_size)
{
    b->data = stub;
    b->size = 0;
    b->allocated = stub_size;
    b->heap = false;
}

void
buf_uninit(struct buf *b)
{
    if (b && b->heap) {
        free(b->data);
    }
}

struct buf *
buf_create(size_t capacity)
{
    struct buf *b = xmalloc(sizeof *b);
    buf_init(b, capacity);
    return b;
}

void
buf_destroy(struct buf *b)
{
    if (b) {
        buf_uninit(b);
        free(b);
    }
}

void
buf_clear(struct buf *b)
{
    b->size = 0;
}

void
buf_reserve(struct buf *b, size_t more)
{
    size_t need;

    if (more <= b->allocated - b->size) {
        return;
    }
    if (more > SIZE_MAX / 2 - b->size) {
        kumo_fatal("buffer size overflow");
    }
    need = MAX(b->size + more, b->allocated * 2);
    need = MAX(need, (size_t) 64);
    if (b->heap) {
        b->data = xrealloc(b->data, need);
    } else {
        uint8_t *p = xmalloc(need);
        if (b->size) {
            memcpy(p, b->data, b->size);
        }
        b->data = p;
        b->heap = true;
    }
    b->allocated = need;
}

void *
buf_put_uninit(struct buf *b, size_t size)
{
    void *p;

    buf_reserve(b, size ? size : 1);    /* Never NULL + 0 (UB). */
    p = b->data + b->size;
    b->size += size;
    return p;
}

void *
buf_put_zeros(struct buf *b, size_t size)
{
    void *p = buf_put_uninit(b, size);
    if (size) {
        memset(p, 0, size);
    }
    return p;
}

void *
buf_put(struct buf *b, const void *src, size_t size)
{
    void *p = buf_put_uninit(b, size);
    if (size) {
        memcpy(p, src, size);
    }
    return p;
}

void
buf_put_u8(struct buf *b, uint8_t v)
{
    *(uint8_t *) buf_put_uninit(b, 1) = v;
}

void
buf_put_be16(struct buf *b, uint16_t v)
{
    be16 x = htons(v);
    buf_put(b, &x, 2);
}

void
buf_put_be32(struct buf *b, uint32_t v)
{
    be32 x = htonl(v);
    buf_put(b, &x, 4);
}

void
buf_put_be64(struct buf *b, uint64_t v)
{
    be64 x = htonll(v);
    buf_put(b, &x, 8);
}

/* Appends zeros until the size is a multiple of 'alignment'. */
void
buf_pad_to(struct buf *b, size_t alignment)
{
    size_t pad = ROUND_UP(b->size, alignment) - b->size;
    buf_put_zeros(b, pad);
}

void
buf_truncate(struct buf *b, size_t size)
{
    if (size < b->size) {
        b->size = size;
    }
}

/* Returns the contents as a heap block the caller owns (copying from a stub
 * if needed) and leaves 'b' empty. */
uint8_t *
buf_steal(struct buf *b, size_t *sizep)
{
    uint8_t *p;

    if (!b->heap) {
        p = xmemdup(b->data, b->size);
    } else {
        p = b->data;
    }
    *sizep = b->size;
    b->data = NULL;
    b->size = b->allocated = 0;
    b->heap = true;
    return p;
}
