/* l2mac: see l2mac.h.
 *
 * Layout: a fixed pool of entries (indices stable for the table's life) and
 * an open-addressing index of 32-bit slots (entry index + 1, 0 = empty) with
 * linear probing and backward-shift deletion, so no tombstones build up.
 * The index has at least twice as many slots as the pool has entries, so
 * probes stay short even when the table is full. The pool starts small and
 * doubles up to its maximum, so a thousand idle switches cost little
 * memory; a table allocates at most log2(max / initial) times in its life,
 * never in the steady state. A doubly linked list
 * through the pool, in learning order, gives O(1) LRU eviction and lets
 * expiry stop at the first fresh entry. */
#include "core/l2mac.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

struct l2mac_entry {
    uint64_t key;               /* make_key(mac, vlan). */
    uint32_t port;
    uint32_t prev;              /* Toward more recent (NIL at the head). */
    uint32_t next;              /* Toward older (NIL at the tail); free-list
                                 * link while unused. */
    int64_t seen;               /* 'now' of the last l2mac_learn(). */
};

struct l2mac {
    struct l2mac_entry *entries;    /* Pool of 'capacity'. */
    size_t capacity;            /* Grows by doubling up to max_entries. */
    size_t max_entries;
    size_t n_used;              /* Pool high-water mark: entries at or above
                                 * it were never touched. */
    uint32_t free_head;         /* Reusable entries below n_used. */
    size_t count;               /* Entries in the index. */
    uint32_t *slots;            /* Index: entry + 1, or 0. */
    size_t slot_mask;           /* Slots - 1 (a power of two minus one). */
    unsigned int slot_shift;    /* 64 - log2(slots), for hashing. */
    uint32_t head, tail;        /* LRU: most and least recently learned. */
    int64_t max_age_ms;         /* <= 0: no aging. */
    struct l2mac_stats stats;
};

/* Packs ('mac', 'vlan') into one integer: comparing keys is then one
 * instruction instead of a memcmp. */
static uint64_t
make_key(const struct eth_addr *mac, uint16_t vlan)
{
    uint64_t key = 0;
    int i;

    for (i = 0; i < 6; i++) {
        key = (key << 8) | mac->ea[i];
    }
    return key | (uint64_t) vlan << 48;
}

static struct eth_addr
key_mac(uint64_t key)
{
    struct eth_addr ea;
    int i;

    for (i = 5; i >= 0; i--) {
        ea.ea[i] = (uint8_t) key;
        key >>= 8;
    }
    return ea;
}

/* Fibonacci hashing: the top bits of the product depend on every key bit,
 * so addresses that differ only in their last bytes spread evenly. */
static size_t
home_slot(const struct l2mac *m, uint64_t key)
{
    return (size_t) ((key * UINT64_C(0x9e3779b97f4a7c15)) >> m->slot_shift);
}

static bool
is_expired(const struct l2mac *m, const struct l2mac_entry *e, int64_t now)
{
    return m->max_age_ms > 0 && now - e->seen >= m->max_age_ms;
}

/* Allocates an index for 'capacity' entries: at least twice as many slots,
 * a power of two. Frees the old index; the caller reinserts. */
static void
index_alloc(struct l2mac *m, size_t capacity)
{
    size_t n_slots = 4;
    unsigned int bits = 2;

    while (n_slots < capacity * 2) {
        n_slots *= 2;
        bits++;
    }
    free(m->slots);
    m->slots = xcalloc(n_slots, sizeof *m->slots);
    m->slot_mask = n_slots - 1;
    m->slot_shift = 64 - bits;
}

static void
index_insert(struct l2mac *m, uint32_t idx)
{
    size_t i = home_slot(m, m->entries[idx].key);

    while (m->slots[i]) {
        i = (i + 1) & m->slot_mask;
    }
    m->slots[i] = idx + 1;
}

struct l2mac *
l2mac_create(size_t initial, size_t max_entries, int64_t max_age_ms)
{
    struct l2mac *m = xzalloc(sizeof *m);

    if (max_entries < 1) {
        max_entries = 1;
    }
    if (max_entries >= NIL / 4) {
        kumo_fatal("l2mac: %zu entries is too many", max_entries);
    }
    initial = MIN(MAX(initial, 1), max_entries);
    m->entries = xcalloc(initial, sizeof *m->entries);
    m->capacity = initial;
    m->max_entries = max_entries;
    index_alloc(m, initial);
    m->free_head = NIL;
    m->head = m->tail = NIL;
    m->max_age_ms = max_age_ms;
    return m;
}

/* Doubles the pool (up to the maximum) and rebuilds the index. Entry
 * indices, and with them the LRU links and the free list, stay valid. */
static void
grow(struct l2mac *m)
{
    size_t capacity = MIN(m->capacity * 2, m->max_entries);
    uint32_t idx;

    m->entries = xrealloc(m->entries, capacity * sizeof *m->entries);
    memset(&m->entries[m->capacity], 0,
           (capacity - m->capacity) * sizeof *m->entries);
    m->capacity = capacity;
    index_alloc(m, capacity);
    for (idx = m->head; idx != NIL; idx = m->entries[idx].next) {
        index_insert(m, idx);
    }
    m->stats.grown++;
}

void
l2mac_destroy(struct l2mac *m)
{
    if (m) {
        free(m->entries);
        free(m->slots);
        free(m);
    }
}

/* Returns the slot holding 'key', or SIZE_MAX. */
static size_t
find_slot(const struct l2mac *m, uint64_t key)
{
    size_t i = home_slot(m, key);

    while (m->slots[i]) {
        if (m->entries[m->slots[i] - 1].key == key) {
            return i;
        }
        i = (i + 1) & m->slot_mask;
    }
    return SIZE_MAX;
}

static void
lru_unlink(struct l2mac *m, uint32_t idx)
{
    struct l2mac_entry *e = &m->entries[idx];

    if (e->prev != NIL) {
        m->entries[e->prev].next = e->next;
    } else {
        m->head = e->next;
    }
    if (e->next != NIL) {
        m->entries[e->next].prev = e->prev;
    } else {
        m->tail = e->prev;
    }
}

static void
lru_push_head(struct l2mac *m, uint32_t idx)
{
    struct l2mac_entry *e = &m->entries[idx];

    e->prev = NIL;
    e->next = m->head;
    if (m->head != NIL) {
        m->entries[m->head].prev = idx;
    } else {
        m->tail = idx;
    }
    m->head = idx;
}

/* Empties slot 'i' and shifts later members of its probe run back so that
 * every entry stays reachable from its home slot. */
static void
index_remove_slot(struct l2mac *m, size_t i)
{
    size_t j = i;

    for (;;) {
        size_t home;

        j = (j + 1) & m->slot_mask;
        if (!m->slots[j]) {
            break;
        }
        home = home_slot(m, m->entries[m->slots[j] - 1].key);
        /* Move slots[j] to the hole at 'i' unless its home lies cyclically
         * in (i, j], where it would no longer be found. */
        if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
            m->slots[i] = m->slots[j];
            i = j;
        }
    }
    m->slots[i] = 0;
}

/* Removes entry 'idx' from the index and the LRU list and frees it. */
static void
remove_entry(struct l2mac *m, uint32_t idx)
{
    struct l2mac_entry *e = &m->entries[idx];
    size_t slot = find_slot(m, e->key);

    if (slot == SIZE_MAX) {
        kumo_fatal("l2mac: entry %u missing from index", idx);
    }
    index_remove_slot(m, slot);
    lru_unlink(m, idx);
    e->next = m->free_head;
    m->free_head = idx;
    m->count--;
}

static uint32_t
alloc_entry(struct l2mac *m)
{
    uint32_t idx;

    if (m->free_head != NIL) {
        idx = m->free_head;
        m->free_head = m->entries[idx].next;
        return idx;
    }
    if (m->n_used == m->capacity && m->capacity < m->max_entries) {
        grow(m);
    }
    if (m->n_used < m->capacity) {
        return (uint32_t) m->n_used++;
    }
    /* Full: evict the least recently learned entry. */
    idx = m->tail;
    remove_entry(m, idx);
    m->stats.evicted++;
    m->free_head = m->entries[idx].next;
    return idx;
}

enum l2mac_result
l2mac_learn(struct l2mac *m, const struct eth_addr *mac, uint16_t vlan,
            uint32_t port, int64_t now, uint32_t *old_port)
{
    uint64_t key = make_key(mac, vlan);
    size_t slot = find_slot(m, key);
    struct l2mac_entry *e;
    uint32_t idx;

    if (slot != SIZE_MAX) {
        idx = m->slots[slot] - 1;
        e = &m->entries[idx];
        if (!is_expired(m, e, now)) {
            enum l2mac_result result = L2MAC_REFRESHED;

            if (e->port != port) {
                if (old_port) {
                    *old_port = e->port;
                }
                e->port = port;
                m->stats.moved++;
                result = L2MAC_MOVED;
            }
            /* The list is kept in order of 'seen', newest first; an entry
             * already refreshed at 'now' is among the newest, so the
             * common case of many packets per millisecond skips the
             * relinking (and the cache misses on its neighbours). */
            if (e->seen != now) {
                e->seen = now;
                lru_unlink(m, idx);
                lru_push_head(m, idx);
            }
            return result;
        }
        /* Aged out: forget it and learn afresh. */
        remove_entry(m, idx);
        m->stats.expired++;
    }

    /* Reclaim aged entries first so that they, not live ones, make room. */
    l2mac_expire(m, now);
    idx = alloc_entry(m);
    e = &m->entries[idx];
    e->key = key;
    e->port = port;
    e->seen = now;
    lru_push_head(m, idx);
    index_insert(m, idx);
    m->count++;
    m->stats.learned++;
    return L2MAC_NEW;
}

bool
l2mac_lookup(const struct l2mac *m, const struct eth_addr *mac,
             uint16_t vlan, int64_t now, uint32_t *port)
{
    size_t slot = find_slot(m, make_key(mac, vlan));
    const struct l2mac_entry *e;

    if (slot == SIZE_MAX) {
        return false;
    }
    e = &m->entries[m->slots[slot] - 1];
    if (is_expired(m, e, now)) {
        return false;
    }
    *port = e->port;
    return true;
}

size_t
l2mac_flush_port(struct l2mac *m, uint32_t port)
{
    uint32_t idx = m->head;
    size_t n = 0;

    while (idx != NIL) {
        uint32_t next = m->entries[idx].next;

        if (m->entries[idx].port == port) {
            remove_entry(m, idx);
            n++;
        }
        idx = next;
    }
    m->stats.flushed += n;
    return n;
}

size_t
l2mac_expire(struct l2mac *m, int64_t now)
{
    size_t n = 0;

    while (m->tail != NIL && is_expired(m, &m->entries[m->tail], now)) {
        remove_entry(m, m->tail);
        n++;
    }
    m->stats.expired += n;
    return n;
}

size_t
l2mac_count(const struct l2mac *m)
{
    return m->count;
}

size_t
l2mac_capacity(const struct l2mac *m)
{
    return m->max_entries;
}

const struct l2mac_stats *
l2mac_get_stats(const struct l2mac *m)
{
    return &m->stats;
}

void
l2mac_for_each(const struct l2mac *m, int64_t now,
               void (*cb)(const struct eth_addr *, uint16_t, uint32_t,
                          int64_t, void *),
               void *aux)
{
    uint32_t idx;

    for (idx = m->head; idx != NIL; idx = m->entries[idx].next) {
        const struct l2mac_entry *e = &m->entries[idx];

        if (is_expired(m, e, now)) {
            break;              /* The rest are older still. */
        }
        struct eth_addr mac = key_mac(e->key);

        cb(&mac, (uint16_t) (e->key >> 48), e->port, now - e->seen, aux);
    }
}
