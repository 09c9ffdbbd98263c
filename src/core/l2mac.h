/* l2mac: a bounded MAC learning table, (VLAN, MAC) -> port, for one switch.
 *
 * Pure and single-threaded: owned by the worker thread of its switch.
 * Lookups never allocate; learning allocates only when the table doubles
 * its size (from 'initial' up to 'max_entries', so at most a handful of
 * times in a switch's life, never once the table has reached the size its
 * network needs). When the table is at its maximum and full, the least
 * recently refreshed entry is evicted; entries not refreshed for
 * 'max_age_ms' count as absent and are reclaimed lazily (and by
 * l2mac_expire()). Time is a parameter ('now', monotonic milliseconds). */
#ifndef KUMO_CORE_L2MAC_H
#define KUMO_CORE_L2MAC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct l2mac;

/* What l2mac_learn() did. */
enum l2mac_result {
    L2MAC_NEW,          /* Address was unknown (or aged out): added. */
    L2MAC_REFRESHED,    /* Known on the same port: age reset. */
    L2MAC_MOVED,        /* Known on another port: now on the new one. */
};

/* Counters since creation. */
struct l2mac_stats {
    uint64_t learned;       /* New entries. */
    uint64_t moved;         /* Port changes. */
    uint64_t evicted;       /* Dropped to make room (table full). */
    uint64_t expired;       /* Reclaimed after 'max_age_ms'. */
    uint64_t flushed;       /* Removed by l2mac_flush_port(). */
    uint64_t grown;         /* Times the table doubled. */
};

/* Creates a table with room for 'initial' addresses that grows up to
 * 'max_entries' (at least 1) and forgets an address 'max_age_ms' after it
 * was last learned (<= 0: never). Returns the table (caller owns;
 * l2mac_destroy() frees). */
struct l2mac *l2mac_create(size_t initial, size_t max_entries,
                           int64_t max_age_ms);
/* Frees 'm'. Accepts NULL. */
void l2mac_destroy(struct l2mac *m);

/* Records that 'mac' on VLAN 'vlan' (0 = untagged) was seen on 'port' at
 * 'now'. If the address moved, '*old_port' (if not NULL) receives the port
 * it was on. Grows the table if it is full and below its maximum, else
 * evicts the least recently learned entry. */
enum l2mac_result l2mac_learn(struct l2mac *m, const struct eth_addr *mac,
                              uint16_t vlan, uint32_t port, int64_t now,
                              uint32_t *old_port);

/* Looks up 'mac' on 'vlan'. Returns true and sets '*port' if it is known
 * and not older than the table's maximum age at 'now'. */
bool l2mac_lookup(const struct l2mac *m, const struct eth_addr *mac,
                  uint16_t vlan, int64_t now, uint32_t *port);

/* Forgets every address learned on 'port'. Returns how many. O(capacity):
 * for port-status events, not the packet path. */
size_t l2mac_flush_port(struct l2mac *m, uint32_t port);

/* Removes every entry older than the maximum age at 'now'. Returns how
 * many. Cost is proportional to the entries removed plus one. */
size_t l2mac_expire(struct l2mac *m, int64_t now);

/* Number of live entries (aged entries not yet reclaimed count too). */
size_t l2mac_count(const struct l2mac *m);
/* Maximum size given to l2mac_create(). */
size_t l2mac_capacity(const struct l2mac *m);
/* Returns the counters (borrowed). */
const struct l2mac_stats *l2mac_get_stats(const struct l2mac *m);

/* Calls 'cb' for every entry not older than the maximum age at 'now', most
 * recently learned first. 'cb' must not modify 'm'. */
void l2mac_for_each(const struct l2mac *m, int64_t now,
                    void (*cb)(const struct eth_addr *mac, uint16_t vlan,
                               uint32_t port, int64_t age_ms, void *aux),
                    void *aux);

#endif /* l2mac.h */
