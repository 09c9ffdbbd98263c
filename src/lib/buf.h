/* buf: a growable byte buffer for building messages, plus a read cursor for
 * parsing them.
 *
 * Hot paths avoid the heap by starting a buffer on a caller-supplied stub
 * (usually a stack array) with buf_use_stub(): it moves to the heap only if
 * the message outgrows the stub. */
#ifndef KUMO_LIB_BUF_H
#define KUMO_LIB_BUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
    uint8_t *data;          /* Start of contents. */
    size_t size;            /* Bytes in use. */
    size_t allocated;       /* Bytes available at 'data'. */
    bool heap;              /* True if 'data' is ours to free. */
};

void buf_init(struct buf *, size_t capacity);
void buf_use_stub(struct buf *, void *stub, size_t stub_size);
void buf_uninit(struct buf *);
struct buf *buf_create(size_t capacity);
void buf_destroy(struct buf *);        /* Accepts NULL. */
void buf_clear(struct buf *);
void buf_reserve(struct buf *, size_t more);
void *buf_put_uninit(struct buf *, size_t size);
void *buf_put_zeros(struct buf *, size_t size);
void *buf_put(struct buf *, const void *p, size_t size);
void buf_put_u8(struct buf *, uint8_t);
void buf_put_be16(struct buf *, uint16_t host_value);
void buf_put_be32(struct buf *, uint32_t host_value);
void buf_put_be64(struct buf *, uint64_t host_value);
void buf_pad_to(struct buf *, size_t alignment);
void buf_truncate(struct buf *, size_t size);
uint8_t *buf_steal(struct buf *, size_t *sizep);

/* Returns a pointer to 'size' bytes at 'offset', or NULL if out of range.
 * Valid until the buffer next grows. */
static inline void *
buf_at(const struct buf *b, size_t offset, size_t size)
{
    return offset <= b->size && size <= b->size - offset
           ? b->data + offset : NULL;
}

/* A read cursor over borrowed bytes. Every pull is bounds-checked: a pull
 * past the end returns NULL and leaves the cursor unchanged. */
struct cursor {
    const uint8_t *data;
    size_t size;            /* Bytes remaining. */
};

static inline struct cursor
cursor_make(const void *data, size_t size)
{
    struct cursor c = { data, size };
    return c;
}

static inline const void *
cursor_pull(struct cursor *c, size_t n)
{
    const void *p;
    if (n > c->size) {
        return NULL;
    }
    p = c->data;
    c->data += n;
    c->size -= n;
    return p;
}

static inline const void *
cursor_peek(const struct cursor *c, size_t n)
{
    return n <= c->size ? c->data : NULL;
}

#endif /* buf.h */
