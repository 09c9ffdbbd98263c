/* list: a minimal intrusive doubly-linked circular list, for the worker
 * loop's connection lists (insert and remove in O(1), no allocation). */
#ifndef KUMO_CORE_LIST_H
#define KUMO_CORE_LIST_H 1

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct list {
    struct list *prev, *next;
};

/* Makes 'l' an empty list (or an unlinked node). */
static inline void
list_init(struct list *l)
{
    l->prev = l->next = l;
}

static inline bool
list_is_empty(const struct list *l)
{
    return l->next == l;
}

/* Appends 'node' at the end of 'l'. */
static inline void
list_push_back(struct list *l, struct list *node)
{
    node->prev = l->prev;
    node->next = l;
    l->prev->next = node;
    l->prev = node;
}

/* Unlinks 'node' from its list and leaves it unlinked (self-linked). */
static inline void
list_remove(struct list *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    list_init(node);
}

/* Iterates over 'LIST' with 'ITER' pointing to the struct containing each
 * node; the current element may be removed.  'NODE' and 'NEXT' are
 * caller-declared struct list pointers. */
#define LIST_FOR_EACH_SAFE(ITER, NODE, NEXT, MEMBER, LIST)                \
    for (NODE = (LIST)->next;                                             \
         NODE != (LIST)                                                   \
         && ((NEXT = NODE->next),                                         \
             (ITER = CONTAINER_OF(NODE, __typeof__(*ITER), MEMBER)), 1);  \
         NODE = NEXT)

#endif /* list.h */
