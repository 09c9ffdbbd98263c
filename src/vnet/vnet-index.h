/* vnet-index: a string-keyed hash multimap of pointers, private to the
 * vnet store (the in-memory indexes of vnet-db.c: port by uuid, by
 * network, by binding key, by hypervisor). Several values may share a key;
 * (key, value) pairs are unique by convention of the caller.
 *
 * Not thread-safe (the store's mutex guards it). */
#ifndef KUMO_VNET_VNET_INDEX_H
#define KUMO_VNET_VNET_INDEX_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vnet_index_entry {
    struct vnet_index_entry *next;      /* Hash chain. */
    uint32_t hash;
    void *value;
    char key[];
};

struct vnet_index {
    struct vnet_index_entry **buckets;
    size_t n_buckets;                   /* Power of 2, or 0 when empty. */
    size_t n;                           /* Entries. */
};

/* Initializes 'idx' empty. */
void vnet_index_init(struct vnet_index *idx);

/* Frees all entries of 'idx' (not the values) and leaves it empty. */
void vnet_index_destroy(struct vnet_index *idx);

/* Adds ('key', 'value'); 'key' is copied, 'value' is not owned. */
void vnet_index_insert(struct vnet_index *idx, const char *key, void *value);

/* Removes the pair ('key', 'value'); returns false if absent. */
bool vnet_index_remove(struct vnet_index *idx, const char *key,
                       const void *value);

/* The first entry with 'key' (NULL if none); then vnet_index_next() with
 * the same 'key' for the others. Borrowed until 'idx' next changes. */
const struct vnet_index_entry *vnet_index_first(const struct vnet_index *idx,
                                                const char *key);
const struct vnet_index_entry *vnet_index_next(
    const struct vnet_index_entry *e, const char *key);

/* The value of the first entry with 'key', or NULL. */
void *vnet_index_find(const struct vnet_index *idx, const char *key);

#endif /* vnet-index.h */
