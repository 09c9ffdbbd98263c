/* topo-host: see topo-host.h. A chained hash table keyed by (MAC, VLAN);
 * one allocation per new host, none when refreshing a known one. */
#include "topo/topo-host.h"

#include <stdlib.h>
#include <string.h>

#include "topo/topo-graph.h"

struct topo_host_table {
    struct topo_host **buckets;
    size_t mask;                /* n_buckets - 1 (a power of 2). */
    size_t n, max;
    uint64_t change_seq;
    struct topo_host_stats stats;
};

struct topo_host_table *
topo_host_create(size_t max_hosts)
{
    struct topo_host_table *t = xzalloc(sizeof *t);
    size_t n_buckets = 16;

    t->max = MAX(max_hosts, 1);
    while (n_buckets < t->max && n_buckets < ((size_t) 1 << 20)) {
        n_buckets *= 2;
    }
    t->buckets = xcalloc(n_buckets, sizeof *t->buckets);
    t->mask = n_buckets - 1;
    return t;
}

void
topo_host_destroy(struct topo_host_table *t)
{
    size_t i;

    if (!t) {
        return;
    }
    for (i = 0; i <= t->mask; i++) {
        struct topo_host *h = t->buckets[i];

        while (h) {
            struct topo_host *next = h->next;
            free(h);
            h = next;
        }
    }
    free(t->buckets);
    free(t);
}

static size_t
host_hash(const struct eth_addr *mac, uint16_t vlan)
{
    uint64_t x = vlan;
    int i;

    for (i = 0; i < 6; i++) {
        x = (x << 8) | mac->ea[i];
    }
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 32;
    return (size_t) x;
}

static struct topo_host **
host_slot(const struct topo_host_table *t, const struct eth_addr *mac,
          uint16_t vlan)
{
    struct topo_host **slot = &t->buckets[host_hash(mac, vlan) & t->mask];

    while (*slot && ((*slot)->vlan != vlan
                     || memcmp(&(*slot)->mac, mac, sizeof *mac))) {
        slot = &(*slot)->next;
    }
    return slot;
}

const struct topo_host *
topo_host_find(const struct topo_host_table *t, const struct eth_addr *mac,
               uint16_t vlan)
{
    return *host_slot(t, mac, vlan);
}

/* Removes every host for which 'pred' holds; returns how many. */
static size_t
remove_if(struct topo_host_table *t,
          bool (*pred)(const struct topo_host *, const void *aux),
          const void *aux)
{
    size_t i, n = 0;

    if (!t->n) {
        return 0;               /* No bucket scan (up to 2^20 of them). */
    }
    for (i = 0; i <= t->mask; i++) {
        struct topo_host **slot = &t->buckets[i];

        while (*slot) {
            struct topo_host *h = *slot;

            if (pred(h, aux)) {
                *slot = h->next;
                free(h);
                n++;
            } else {
                slot = &h->next;
            }
        }
    }
    if (n) {
        t->n -= n;
        t->change_seq++;
    }
    return n;
}

static bool
is_host(const struct topo_host *h, const void *aux)
{
    return h == aux;
}

/* Evicts the least recently seen host. */
static void
evict_oldest(struct topo_host_table *t)
{
    const struct topo_host *oldest = NULL;
    size_t i;

    for (i = 0; i <= t->mask; i++) {
        const struct topo_host *h;

        for (h = t->buckets[i]; h; h = h->next) {
            if (!oldest || h->last_seen < oldest->last_seen) {
                oldest = h;
            }
        }
    }
    if (oldest) {
        remove_if(t, is_host, oldest);
        t->stats.evicted++;
    }
}

static void
add_ipv4(struct topo_host *h, be32 ip)
{
    size_t i;

    for (i = 0; i < h->n_ipv4; i++) {
        if (h->ipv4[i] == ip) {
            return;
        }
    }
    if (h->n_ipv4 == TOPO_HOST_MAX_ADDRS) {
        memmove(&h->ipv4[0], &h->ipv4[1], (h->n_ipv4 - 1) * sizeof h->ipv4[0]);
        h->n_ipv4--;
    }
    h->ipv4[h->n_ipv4++] = ip;
}

static void
add_ipv6(struct topo_host *h, const uint8_t ip[16])
{
    size_t i;

    for (i = 0; i < h->n_ipv6; i++) {
        if (!memcmp(h->ipv6[i], ip, 16)) {
            return;
        }
    }
    if (h->n_ipv6 == TOPO_HOST_MAX_ADDRS) {
        memmove(&h->ipv6[0], &h->ipv6[1], (h->n_ipv6 - 1) * 16);
        h->n_ipv6--;
    }
    memcpy(h->ipv6[h->n_ipv6++], ip, 16);
}

enum topo_host_result
topo_host_learn(struct topo_host_table *t, const struct topo_graph *g,
                const struct topo_host_obs *obs, uint64_t now,
                struct topo_host_event *ev)
{
    struct topo_host_event event = {
        .result = TOPO_HOST_IGNORED,
        .new_dpid = obs->dpid, .new_port = obs->port,
    };
    struct topo_host **slot;
    struct topo_host *h;
    bool zero = true;
    int i;

    for (i = 0; i < 6; i++) {
        zero = zero && !obs->mac.ea[i];
    }
    if (zero || (obs->mac.ea[0] & 1)
        || !topo_graph_port_is_edge(g, obs->dpid, obs->port)) {
        t->stats.ignored++;
        goto out;
    }
    slot = host_slot(t, &obs->mac, obs->vlan);
    h = *slot;
    if (!h) {
        if (t->n >= t->max) {
            evict_oldest(t);
            slot = host_slot(t, &obs->mac, obs->vlan);
        }
        h = xzalloc(sizeof *h);
        h->mac = obs->mac;
        h->vlan = obs->vlan;
        h->dpid = obs->dpid;
        h->port = obs->port;
        h->first_seen = now;
        *slot = h;
        t->n++;
        t->change_seq++;
        t->stats.learned++;
        event.result = TOPO_HOST_NEW;
    } else if (h->dpid != obs->dpid || h->port != obs->port) {
        event.result = TOPO_HOST_MOVED;
        event.old_dpid = h->dpid;
        event.old_port = h->port;
        h->dpid = obs->dpid;
        h->port = obs->port;
        t->change_seq++;
        t->stats.moves++;
    } else {
        event.result = TOPO_HOST_REFRESHED;
    }
    h->last_seen = MAX(h->last_seen, now);
    if (obs->has_ipv4 && obs->ipv4) {
        add_ipv4(h, obs->ipv4);
    }
    if (obs->has_ipv6) {
        add_ipv6(h, obs->ipv6);
    }
out:
    if (ev) {
        *ev = event;
    }
    return event.result;
}

const struct topo_host *
topo_host_find_ipv4(const struct topo_host_table *t, be32 ip)
{
    const struct topo_host *best = NULL;
    size_t i, j;

    for (i = 0; i <= t->mask; i++) {
        const struct topo_host *h;

        for (h = t->buckets[i]; h; h = h->next) {
            for (j = 0; j < h->n_ipv4; j++) {
                if (h->ipv4[j] == ip
                    && (!best || h->last_seen > best->last_seen)) {
                    best = h;
                }
            }
        }
    }
    return best;
}

const struct topo_host *
topo_host_find_ipv6(const struct topo_host_table *t, const uint8_t ip[16])
{
    const struct topo_host *best = NULL;
    size_t i, j;

    for (i = 0; i <= t->mask; i++) {
        const struct topo_host *h;

        for (h = t->buckets[i]; h; h = h->next) {
            for (j = 0; j < h->n_ipv6; j++) {
                if (!memcmp(h->ipv6[j], ip, 16)
                    && (!best || h->last_seen > best->last_seen)) {
                    best = h;
                }
            }
        }
    }
    return best;
}

static bool
is_idle(const struct topo_host *h, const void *aux)
{
    return h->last_seen < *(const uint64_t *) aux;
}

struct attach {
    uint64_t dpid;
    uint32_t port;
    bool any_port;
};

static bool
is_attached(const struct topo_host *h, const void *aux_)
{
    const struct attach *a = aux_;

    return h->dpid == a->dpid && (a->any_port || h->port == a->port);
}

size_t
topo_host_run(struct topo_host_table *t, uint64_t now, uint64_t idle_ms)
{
    uint64_t deadline = now > idle_ms ? now - idle_ms : 0;
    size_t n = remove_if(t, is_idle, &deadline);

    t->stats.expired += n;
    return n;
}

size_t
topo_host_port_down(struct topo_host_table *t, uint64_t dpid, uint32_t port)
{
    struct attach a = { dpid, port, false };
    size_t n = remove_if(t, is_attached, &a);

    t->stats.expired += n;
    return n;
}

size_t
topo_host_switch_down(struct topo_host_table *t, uint64_t dpid)
{
    struct attach a = { dpid, 0, true };
    size_t n = remove_if(t, is_attached, &a);

    t->stats.expired += n;
    return n;
}

size_t
topo_host_count(const struct topo_host_table *t)
{
    return t->n;
}

uint64_t
topo_host_change_seq(const struct topo_host_table *t)
{
    return t->change_seq;
}

void
topo_host_foreach(const struct topo_host_table *t,
                  void (*cb)(const struct topo_host *, void *aux), void *aux)
{
    size_t i;

    for (i = 0; i <= t->mask; i++) {
        const struct topo_host *h;

        for (h = t->buckets[i]; h; h = h->next) {
            cb(h, aux);
        }
    }
}

const struct topo_host_stats *
topo_host_get_stats(const struct topo_host_table *t)
{
    return &t->stats;
}
