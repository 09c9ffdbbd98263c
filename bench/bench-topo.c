/* bench-topo: see bench-topo.h. */
#include "bench-topo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "net/net-proto.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-packet.h"

#define MAX_SWITCHES 65536u     /* kumo-bench's datapath id scheme. */
#define MAX_PORTS 4096u         /* Per switch. */

/* splitmix64. */
uint64_t
bench_topo_rng(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t
rng_below(uint64_t *state, uint32_t n)
{
    return bench_topo_rng(state) % n;
}

/* Links under construction: ports are numbered per switch in the order the
 * links are added; host ports come after. */
struct builder {
    uint32_t n_switches;
    uint32_t *degree;
    struct bench_topo_link *links;
    size_t n_links, allocated;
};

static void
builder_init(struct builder *b, uint32_t n_switches)
{
    b->n_switches = n_switches;
    b->degree = xcalloc(n_switches, sizeof *b->degree);
    b->links = NULL;
    b->n_links = b->allocated = 0;
}

static void
builder_link(struct builder *b, uint32_t x, uint32_t y)
{
    struct bench_topo_link *l;

    if (b->n_links == b->allocated) {
        b->allocated = b->allocated ? 2 * b->allocated : 64;
        b->links = xrealloc(b->links, b->allocated * sizeof *b->links);
    }
    l = &b->links[b->n_links++];
    l->a.sw = x;
    l->a.port = ++b->degree[x];
    l->b.sw = y;
    l->b.port = ++b->degree[y];
}

/* Turns 'b' into 't', adding hosts[s] host ports to switch s. */
static char *
builder_finish(struct builder *b, const uint32_t *hosts, const char *name,
               struct bench_topo *t)
{
    uint32_t s;
    size_t i;

    memset(t, 0, sizeof *t);
    t->n_switches = b->n_switches;
    t->n_ports = xcalloc(b->n_switches, sizeof *t->n_ports);
    t->port_base = xcalloc(b->n_switches, sizeof *t->port_base);
    for (s = 0; s < b->n_switches; s++) {
        t->n_ports[s] = b->degree[s] + hosts[s];
        if (t->n_ports[s] > MAX_PORTS) {
            free(b->degree);
            free(b->links);
            free(t->n_ports);
            free(t->port_base);
            return xasprintf("topology \"%s\": switch %u would have %u "
                             "ports (at most %u)", name, s + 1,
                             t->n_ports[s], MAX_PORTS);
        }
        t->port_base[s] = t->n_port_total;
        t->n_port_total += t->n_ports[s];
        t->n_hosts += hosts[s];
    }
    t->peers = xmalloc(t->n_port_total * sizeof *t->peers);
    t->port_link = xmalloc(t->n_port_total * sizeof *t->port_link);
    for (i = 0; i < t->n_port_total; i++) {
        t->peers[i].sw = t->peers[i].port = BENCH_TOPO_NONE;
        t->port_link[i] = BENCH_TOPO_NONE;
    }
    for (i = 0; i < b->n_links; i++) {
        const struct bench_topo_link *l = &b->links[i];
        size_t ia = t->port_base[l->a.sw] + l->a.port - 1;
        size_t ib = t->port_base[l->b.sw] + l->b.port - 1;

        t->peers[ia] = l->b;
        t->peers[ib] = l->a;
        t->port_link[ia] = t->port_link[ib] = i;
    }
    t->hosts = xmalloc((t->n_hosts ? t->n_hosts : 1) * sizeof *t->hosts);
    t->n_hosts = 0;
    for (s = 0; s < b->n_switches; s++) {
        uint32_t h;

        for (h = 0; h < hosts[s]; h++) {
            t->hosts[t->n_hosts].sw = s;
            t->hosts[t->n_hosts++].port = b->degree[s] + h + 1;
        }
    }
    t->links = b->links;
    t->n_links = b->n_links;
    t->cut = xcalloc(t->n_links ? t->n_links : 1, sizeof *t->cut);
    t->name = xstrdup(name);
    free(b->degree);
    return NULL;
}

static char *
gen_fattree(uint32_t k, const char *name, struct bench_topo *t)
{
    uint32_t half = k / 2, n_core = half * half;
    uint32_t n = n_core + k * k;
    uint32_t *hosts = xcalloc(n, sizeof *hosts);
    struct builder b;
    uint32_t p, e, j, i;
    char *error;

    builder_init(&b, n);
    /* Pod p: aggregation switch j is n_core + p*k + j, edge switch e is
     * n_core + p*k + half + e. */
    for (p = 0; p < k; p++) {
        for (e = 0; e < half; e++) {
            uint32_t edge = n_core + p * k + half + e;

            for (j = 0; j < half; j++) {
                builder_link(&b, edge, n_core + p * k + j);
            }
            hosts[edge] = half;
        }
    }
    for (p = 0; p < k; p++) {
        for (j = 0; j < half; j++) {
            for (i = 0; i < half; i++) {
                builder_link(&b, n_core + p * k + j, j * half + i);
            }
        }
    }
    error = builder_finish(&b, hosts, name, t);
    free(hosts);
    return error;
}

/* Open-addressing set of unordered switch pairs, to refuse parallel
 * links. */
struct pair_set {
    uint64_t *slots;            /* 0 = empty; key + 1 otherwise. */
    size_t mask;
};

static void
pair_set_init(struct pair_set *ps, size_t n)
{
    size_t size = 16;

    while (size < 2 * n) {
        size *= 2;
    }
    ps->slots = xcalloc(size, sizeof *ps->slots);
    ps->mask = size - 1;
}

/* Adds the pair {x, y}; returns false if it was there. */
static bool
pair_set_add(struct pair_set *ps, uint32_t x, uint32_t y)
{
    uint64_t key = ((uint64_t) MIN(x, y) << 32 | MAX(x, y)) + 1;
    size_t i = (key * 0x9e3779b97f4a7c15ull >> 20) & ps->mask;

    while (ps->slots[i]) {
        if (ps->slots[i] == key) {
            return false;
        }
        i = (i + 1) & ps->mask;
    }
    ps->slots[i] = key;
    return true;
}

static char *
gen_random(uint32_t n, double degree, uint64_t seed, uint32_t n_hosts,
           const char *name, struct bench_topo *t)
{
    uint64_t want = (uint64_t) (n * degree / 2 + 0.5);
    uint64_t max = (uint64_t) n * (n - 1) / 2;
    uint64_t state = seed;
    uint32_t *perm, *hosts;
    struct pair_set ps;
    struct builder b;
    uint32_t i;
    char *error;

    want = MAX(want, n - 1);
    if (want > max) {
        return xasprintf("topology \"%s\": average degree %g needs %llu "
                         "links, more than the %llu pairs of switches", name,
                         degree,
                         (unsigned long long) want,
                         (unsigned long long) max);
    }
    builder_init(&b, n);
    pair_set_init(&ps, want);
    perm = xmalloc(n * sizeof *perm);
    for (i = 0; i < n; i++) {
        perm[i] = i;
    }
    for (i = n - 1; i > 0; i--) {           /* Fisher-Yates. */
        uint32_t j = rng_below(&state, i + 1), tmp = perm[i];

        perm[i] = perm[j];
        perm[j] = tmp;
    }
    /* A random recursive tree keeps the graph connected... */
    for (i = 1; i < n; i++) {
        uint32_t x = perm[i], y = perm[rng_below(&state, i)];

        pair_set_add(&ps, x, y);
        builder_link(&b, x, y);
    }
    /* ...and random extra cables bring the degree up. */
    while (b.n_links < want) {
        uint32_t x = rng_below(&state, n), y = rng_below(&state, n);

        if (x != y && pair_set_add(&ps, x, y)) {
            builder_link(&b, x, y);
        }
    }
    free(perm);
    free(ps.slots);
    hosts = xmalloc(n * sizeof *hosts);
    for (i = 0; i < n; i++) {
        hosts[i] = n_hosts;
    }
    error = builder_finish(&b, hosts, name, t);
    free(hosts);
    return error;
}

static char *
gen_chain(uint32_t n, bool ring, uint32_t n_hosts, const char *name,
          struct bench_topo *t)
{
    uint32_t *hosts = xmalloc(n * sizeof *hosts);
    struct builder b;
    uint32_t i;
    char *error;

    builder_init(&b, n);
    for (i = 0; i + 1 < n; i++) {
        builder_link(&b, i, i + 1);
    }
    if (ring) {
        builder_link(&b, n - 1, 0);
    }
    for (i = 0; i < n; i++) {
        hosts[i] = n_hosts;
    }
    error = builder_finish(&b, hosts, name, t);
    free(hosts);
    return error;
}

static char *
gen_leafspine(uint32_t spines, uint32_t leaves, uint32_t n_hosts,
              const char *name, struct bench_topo *t)
{
    uint32_t n = spines + leaves;
    uint32_t *hosts = xcalloc(n, sizeof *hosts);
    struct builder b;
    uint32_t l, s;
    char *error;

    builder_init(&b, n);
    for (l = 0; l < leaves; l++) {
        for (s = 0; s < spines; s++) {
            builder_link(&b, spines + l, s);
        }
        hosts[spines + l] = n_hosts;
    }
    error = builder_finish(&b, hosts, name, t);
    free(hosts);
    return error;
}

/* Parses an unsigned integer field of a spec. */
static char *
spec_uint(const char *spec, const char *s, const char *what, uint64_t min,
          uint64_t max, uint64_t *v)
{
    char *end;

    errno = 0;
    *v = strtoull(s, &end, 10);
    if (s[0] == '-' || errno || end == s || *end || *v < min || *v > max) {
        return xasprintf("topology \"%s\": %s \"%s\" is not an integer in "
                         "[%llu, %llu]", spec, what, s,
                         (unsigned long long) min, (unsigned long long) max);
    }
    return NULL;
}

/* Parses a topology spec. */
char *
bench_topo_parse(const char *spec, uint32_t n_hosts, struct bench_topo *t)
{
    char *copy = xstrdup(spec), *fields[5], *save = NULL, *tok;
    size_t n_fields = 0;
    uint64_t a, b, seed = 1;
    char *error = NULL;

    memset(t, 0, sizeof *t);
    for (tok = strtok_r(copy, ":", &save); tok && n_fields < 5;
         tok = strtok_r(NULL, ":", &save)) {
        fields[n_fields++] = tok;
    }
    if (!n_fields || tok) {
        error = xasprintf("topology \"%s\": expected fattree:K, "
                          "random:N:DEGREE[:SEED], ring:N, line:N or "
                          "leafspine:SPINES:LEAVES", spec);
    } else if (!strcmp(fields[0], "fattree") && n_fields == 2) {
        error = spec_uint(spec, fields[1], "K", 2, 64, &a);
        if (!error && a % 2) {
            error = xasprintf("topology \"%s\": K must be even", spec);
        }
        if (!error) {
            error = gen_fattree(a, spec, t);
        }
    } else if (!strcmp(fields[0], "random")
               && (n_fields == 3 || n_fields == 4)) {
        char *end;
        double degree;

        error = spec_uint(spec, fields[1], "N", 2, MAX_SWITCHES, &a);
        errno = 0;
        degree = strtod(fields[2], &end);
        if (!error && (errno || end == fields[2] || *end || degree < 1
                       || degree > MAX_PORTS)) {
            error = xasprintf("topology \"%s\": average degree \"%s\" is "
                              "not a number in [1, %u]", spec, fields[2],
                              MAX_PORTS);
        }
        if (!error && n_fields == 4) {
            error = spec_uint(spec, fields[3], "SEED", 0, UINT64_MAX, &seed);
        }
        if (!error) {
            error = gen_random(a, degree, seed, n_hosts, spec, t);
        }
    } else if ((!strcmp(fields[0], "ring") || !strcmp(fields[0], "line"))
               && n_fields == 2) {
        bool ring = fields[0][0] == 'r';

        error = spec_uint(spec, fields[1], "N", ring ? 3 : 2, MAX_SWITCHES,
                          &a);
        if (!error) {
            error = gen_chain(a, ring, n_hosts, spec, t);
        }
    } else if (!strcmp(fields[0], "leafspine") && n_fields == 3) {
        error = spec_uint(spec, fields[1], "SPINES", 1, MAX_PORTS, &a);
        if (!error) {
            error = spec_uint(spec, fields[2], "LEAVES", 1, MAX_PORTS, &b);
        }
        if (!error) {
            error = gen_leafspine(a, b, n_hosts, spec, t);
        }
    } else {
        error = xasprintf("topology \"%s\": expected fattree:K, "
                          "random:N:DEGREE[:SEED], ring:N, line:N or "
                          "leafspine:SPINES:LEAVES", spec);
    }
    free(copy);
    if (error) {
        memset(t, 0, sizeof *t);
    }
    return error;
}

/* Frees 't'. */
void
bench_topo_uninit(struct bench_topo *t)
{
    free(t->name);
    free(t->n_ports);
    free(t->port_base);
    free(t->peers);
    free(t->port_link);
    free(t->cut);
    free(t->links);
    free(t->hosts);
    memset(t, 0, sizeof *t);
}

/* Returns the datapath id of switch 'sw'. */
uint64_t
bench_topo_dpid(uint32_t sw)
{
    return (uint64_t) sw + 1;
}

/* Returns the switch of 'dpid'. */
uint32_t
bench_topo_sw(const struct bench_topo *t, uint64_t dpid)
{
    return dpid >= 1 && dpid <= t->n_switches ? dpid - 1 : BENCH_TOPO_NONE;
}

static size_t
port_index(const struct bench_topo *t, uint32_t sw, uint32_t port)
{
    if (sw >= t->n_switches || port < 1 || port > t->n_ports[sw]) {
        return SIZE_MAX;
    }
    return t->port_base[sw] + port - 1;
}

/* Returns the peer of (sw, port). */
struct bench_topo_end
bench_topo_peer(const struct bench_topo *t, uint32_t sw, uint32_t port)
{
    static const struct bench_topo_end none = { BENCH_TOPO_NONE,
                                                BENCH_TOPO_NONE };
    size_t i = port_index(t, sw, port);

    return i == SIZE_MAX ? none : t->peers[i];
}

/* Returns the link on (sw, port). */
uint32_t
bench_topo_port_link(const struct bench_topo *t, uint32_t sw, uint32_t port)
{
    size_t i = port_index(t, sw, port);

    return i == SIZE_MAX ? BENCH_TOPO_NONE : t->port_link[i];
}

/* Breadth-first search from switch 0 that does not cross 'skip'. */
bool
bench_topo_connected_without(const struct bench_topo *t, size_t skip)
{
    uint32_t *queue = xmalloc(t->n_switches * sizeof *queue);
    bool *seen = xcalloc(t->n_switches, sizeof *seen);
    size_t head = 0, tail = 0;

    seen[0] = true;
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t s = queue[head++], p;

        for (p = 1; p <= t->n_ports[s]; p++) {
            size_t i = t->port_base[s] + p - 1;
            uint32_t peer = t->peers[i].sw;

            if (peer != BENCH_TOPO_NONE && t->port_link[i] != skip
                && !seen[peer]) {
                seen[peer] = true;
                queue[tail++] = peer;
            }
        }
    }
    free(queue);
    free(seen);
    return tail == t->n_switches;
}

/* Picks a link whose cut keeps the topology connected. */
uint32_t
bench_topo_pick_link(const struct bench_topo *t, uint64_t seed)
{
    uint64_t state = seed;
    size_t start, i;

    if (!t->n_links) {
        return BENCH_TOPO_NONE;
    }
    if (!strncmp(t->name, "fattree:", 8)) {
        /* The aggregation-core links follow the K^3/4 edge-aggregation
         * ones; the first is aggregation switch 0 of pod 0 to core 0. */
        start = t->n_links / 2;
    } else {
        start = bench_topo_rng(&state) % t->n_links;
    }
    for (i = 0; i < t->n_links; i++) {
        size_t link = (start + i) % t->n_links;

        if (bench_topo_connected_without(t, link)) {
            return link;
        }
    }
    return BENCH_TOPO_NONE;
}

static bool
is_lldp(const void *frame_, size_t size)
{
    const uint8_t *frame = frame_;

    return size >= 14 && (frame[12] << 8 | frame[13]) == NET_ETH_TYPE_LLDP;
}

/* Plays the wire for packet-out 'oh' on 'sw'. */
int
bench_topo_wire(const struct bench_topo *t, uint32_t sw,
                const struct ofp_header *oh, struct bench_topo_delivery *out,
                size_t max, struct bench_topo_wire_stats *stats, int *error)
{
    uint64_t stub[2048 / 8];
    struct ofp_packet_out po;
    struct buf actions;
    size_t i;
    int n = 0;

    buf_use_stub(&actions, stub, sizeof stub);
    *error = ofp_packet_out_decode(&po, oh);
    if (!*error) {
        *error = ofp_packet_out_decode_actions(&po, oh->version, &actions);
    }
    if (*error) {
        buf_uninit(&actions);
        return -1;
    }
    for (i = 0; i < po.n_ofp_actions; i++) {
        const struct ofp_action *a = &po.ofp_actions[i];
        struct bench_topo_end peer;
        uint32_t link;

        if (a->type != OFPACT_OUTPUT) {
            continue;
        }
        peer = bench_topo_peer(t, sw, a->output.port);
        link = bench_topo_port_link(t, sw, a->output.port);
        if (po.buffer_id != OFP_NO_BUFFER
            || port_index(t, sw, a->output.port) == SIZE_MAX) {
            stats->other++;
        } else if (peer.sw == BENCH_TOPO_NONE) {
            stats->to_host++;
        } else if (!is_lldp(po.data, po.data_len)) {
            stats->not_lldp++;
        } else if (t->cut[link]) {
            stats->cut++;
        } else if ((size_t) n < max) {
            out[n].sw = peer.sw;
            out[n].port = peer.port;
            out[n].frame = po.data;
            out[n].size = po.data_len;
            n++;
            stats->lldp++;
        }
    }
    buf_uninit(&actions);
    return n;
}
