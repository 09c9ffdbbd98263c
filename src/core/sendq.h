/* sendq: a bounded per-connection send queue.
 *
 * One contiguous byte buffer per connection: messages are appended at the
 * tail and written from the head with one send call per loop iteration, so
 * many small messages (flow-mods, packet-outs) leave in one write.  The
 * queue never grows without bound: above 'soft_cap' bytes, droppable
 * messages (packet-outs) are refused; above 'hard_cap', everything is.
 * Pure: no I/O, no clock. */
#ifndef KUMO_CORE_SENDQ_H
#define KUMO_CORE_SENDQ_H 1

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

struct sendq {
    struct buf buf;         /* Queued bytes are buf.data[head, buf.size). */
    size_t head;            /* Bytes at the front already sent. */
    size_t soft_cap;        /* Above this, droppable messages are refused. */
    size_t hard_cap;        /* Above this, every message is refused. */
};

/* Initializes an empty queue with the given caps (soft <= hard). */
void sendq_init(struct sendq *, size_t soft_cap, size_t hard_cap);
/* Frees the queue's memory. */
void sendq_uninit(struct sendq *);

/* Returns the number of queued, unsent bytes. */
static inline size_t
sendq_size(const struct sendq *q)
{
    return q->buf.size - q->head;
}

/* Returns true if a message of 'size' bytes would be accepted now. */
bool sendq_can_push(const struct sendq *, size_t size, bool droppable);

/* Appends 'size' bytes from 'data' (copied).  Returns 0, or ENOBUFS if the
 * queue is over the cap that applies ('droppable' messages use the soft
 * cap, others the hard cap); then nothing was queued. */
int sendq_push(struct sendq *, const void *data, size_t size, bool droppable);

/* Returns the queued bytes (borrowed until the next push/consume) and sets
 * '*size'; NULL if empty. */
const void *sendq_peek(const struct sendq *, size_t *size);

/* Removes 'n' sent bytes from the front (n <= sendq_size()).  Releases the
 * memory of a large buffer once it drains, so idle connections stay
 * small. */
void sendq_consume(struct sendq *, size_t n);

#endif /* sendq.h */
