/* vnet-index: see vnet-index.h. Chained hashing (FNV-1a), doubling when the
 * table holds as many entries as buckets. */
#include "vnet/vnet-index.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static uint32_t
hash_key(const char *key)
{
    uint32_t h = 2166136261u;

    for (; *key; key++) {
        h = (h ^ (uint8_t) *key) * 16777619u;
    }
    return h;
}

void
vnet_index_init(struct vnet_index *idx)
{
    memset(idx, 0, sizeof *idx);
}

void
vnet_index_destroy(struct vnet_index *idx)
{
    size_t i;

    for (i = 0; i < idx->n_buckets; i++) {
        struct vnet_index_entry *e, *next;

        for (e = idx->buckets[i]; e; e = next) {
            next = e->next;
            free(e);
        }
    }
    free(idx->buckets);
    vnet_index_init(idx);
}

static void
index_resize(struct vnet_index *idx, size_t n_buckets)
{
    struct vnet_index_entry **buckets = xcalloc(n_buckets, sizeof *buckets);
    size_t i;

    for (i = 0; i < idx->n_buckets; i++) {
        struct vnet_index_entry *e, *next;

        for (e = idx->buckets[i]; e; e = next) {
            struct vnet_index_entry **b = &buckets[e->hash & (n_buckets - 1)];

            next = e->next;
            e->next = *b;
            *b = e;
        }
    }
    free(idx->buckets);
    idx->buckets = buckets;
    idx->n_buckets = n_buckets;
}

void
vnet_index_insert(struct vnet_index *idx, const char *key, void *value)
{
    size_t len = strlen(key);
    struct vnet_index_entry *e = xmalloc(sizeof *e + len + 1);
    struct vnet_index_entry **b;

    if (idx->n >= idx->n_buckets) {
        index_resize(idx, idx->n_buckets ? idx->n_buckets * 2 : 64);
    }
    e->hash = hash_key(key);
    e->value = value;
    memcpy(e->key, key, len + 1);
    b = &idx->buckets[e->hash & (idx->n_buckets - 1)];
    e->next = *b;
    *b = e;
    idx->n++;
}

bool
vnet_index_remove(struct vnet_index *idx, const char *key, const void *value)
{
    uint32_t h = hash_key(key);
    struct vnet_index_entry **p;

    if (!idx->n_buckets) {
        return false;
    }
    for (p = &idx->buckets[h & (idx->n_buckets - 1)]; *p; p = &(*p)->next) {
        struct vnet_index_entry *e = *p;

        if (e->hash == h && e->value == value && !strcmp(e->key, key)) {
            *p = e->next;
            free(e);
            idx->n--;
            return true;
        }
    }
    return false;
}

/* The first entry with 'key' from 'e' on along its chain. */
static const struct vnet_index_entry *
chain_find(const struct vnet_index_entry *e, uint32_t h, const char *key)
{
    for (; e; e = e->next) {
        if (e->hash == h && !strcmp(e->key, key)) {
            return e;
        }
    }
    return NULL;
}

const struct vnet_index_entry *
vnet_index_first(const struct vnet_index *idx, const char *key)
{
    uint32_t h = hash_key(key);

    return idx->n_buckets
           ? chain_find(idx->buckets[h & (idx->n_buckets - 1)], h, key)
           : NULL;
}

const struct vnet_index_entry *
vnet_index_next(const struct vnet_index_entry *e, const char *key)
{
    return chain_find(e->next, e->hash, key);
}

void *
vnet_index_find(const struct vnet_index *idx, const char *key)
{
    const struct vnet_index_entry *e = vnet_index_first(idx, key);

    return e ? e->value : NULL;
}
