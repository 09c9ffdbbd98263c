/* sendq: see sendq.h. */
#include "core/sendq.h"

#include <errno.h>
#include <string.h>

#include "lib/util.h"

/* A drained buffer bigger than this is freed instead of kept for reuse:
 * with thousands of mostly idle switches, keeping every peak allocation
 * would dominate memory. It is above what one loop turn's answers to a
 * busy switch take (a 256-deep packet-in window costs about 20 kB of
 * flow-mods, whose buffer doubles to 32 kB): freeing and reallocating that
 * every turn cost about 15% of a worker's time in brk() and page faults.
 * Idle switches never come near it; 1,000 busy ones cost 64 MB at most. */
#define SENDQ_KEEP_BYTES 65536

void
sendq_init(struct sendq *q, size_t soft_cap, size_t hard_cap)
{
    buf_init(&q->buf, 0);
    q->head = 0;
    q->soft_cap = soft_cap;
    q->hard_cap = hard_cap < soft_cap ? soft_cap : hard_cap;
}

void
sendq_uninit(struct sendq *q)
{
    buf_uninit(&q->buf);
    q->buf.data = NULL;
    q->buf.size = q->buf.allocated = 0;
    q->head = 0;
}

bool
sendq_can_push(const struct sendq *q, size_t size, bool droppable)
{
    size_t cap = droppable ? q->soft_cap : q->hard_cap;
    size_t used = sendq_size(q);

    return used <= cap && size <= cap - used;
}

int
sendq_push(struct sendq *q, const void *data, size_t size, bool droppable)
{
    size_t used = sendq_size(q);

    /* Fast path (every message of a busy switch): under the soft cap and
     * room in the kept buffer: one bounds check and the copy. */
    if (q->buf.allocated && used <= q->soft_cap
        && size <= q->soft_cap - used
        && size <= q->buf.allocated - q->buf.size) {
        memcpy(q->buf.data + q->buf.size, data, size);
        q->buf.size += size;
        return 0;
    }
    if (!sendq_can_push(q, size, droppable)) {
        return ENOBUFS;
    }
    if (q->head && size > q->buf.allocated - q->buf.size) {
        /* Reclaim the sent prefix before growing. */
        memmove(q->buf.data, q->buf.data + q->head, used);
        q->buf.size = used;
        q->head = 0;
    }
    buf_put(&q->buf, data, size);
    return 0;
}

const void *
sendq_peek(const struct sendq *q, size_t *size)
{
    *size = sendq_size(q);
    return *size ? q->buf.data + q->head : NULL;
}

void
sendq_consume(struct sendq *q, size_t n)
{
    q->head += n;
    if (q->head >= q->buf.size) {
        q->head = 0;
        q->buf.size = 0;
        if (q->buf.allocated > SENDQ_KEEP_BYTES) {
            buf_uninit(&q->buf);
            buf_init(&q->buf, 0);
        }
    }
}
