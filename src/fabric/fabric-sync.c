/* fabric-sync: see fabric-sync.h.
 *
 * A state is two arrays (flows, groups) in insertion order, each indexed
 * by a chained hash table of array positions. Every entry owns one "blob"
 * holding deep copies of its action lists (and buckets) and of any
 * experimenter payloads, so a state never points into a message. The diff
 * sorts pointers to the entries of both states (O(n log n)) to emit
 * messages in a fixed order. */
#include "fabric/fabric-sync.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"
#include "openflow/of-flow.h"
#include "openflow/of13.h"
#include "openflow/openflow-common.h"

struct flow_entry {
    struct fabric_flow flow;
    uint32_t hash;
    size_t next;                /* Chain: index + 1 of the next, 0 = end. */
    void *blob;                 /* Owned copies of actions and payloads. */
};

struct group_entry {
    struct fabric_group group;
    size_t next;
    void *blob;
};

struct fabric_state {
    struct flow_entry *flows;
    size_t n_flows, allocated_flows;
    size_t *flow_heads;         /* index + 1, 0 = empty. */
    size_t flow_mask;           /* n_heads - 1. */

    struct group_entry *groups;
    size_t n_groups, allocated_groups;
    size_t *group_heads;
    size_t group_mask;
};

/* ---- Hashing and ordering of flow keys ---- */

static uint32_t
hash_bytes(uint32_t h, const void *p_, size_t n)
{
    const uint8_t *p = p_;
    size_t i;

    for (i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

static uint32_t
hash_key(uint8_t table_id, uint16_t priority, const struct ofp_match *m)
{
    uint32_t h = 2166136261u;
    uint64_t present = m->present;

    h = hash_bytes(h, &table_id, sizeof table_id);
    h = hash_bytes(h, &priority, sizeof priority);
    h = hash_bytes(h, &present, sizeof present);
    while (present) {
        enum mf_field f = (enum mf_field) __builtin_ctzll(present);
        const struct mf_field_info *info = ofp_match_field_info(f);

        present &= present - 1;
        h = hash_bytes(h, (const uint8_t *) &m->v + info->offset, info->size);
        h = hash_bytes(h, (const uint8_t *) &m->m + info->offset, info->size);
    }
    h ^= h >> 16;
    return h;
}

/* Compares matches field by field (only present fields, so padding never
 * matters). */
static int
match_cmp(const struct ofp_match *a, const struct ofp_match *b)
{
    uint64_t present;

    if (a->present != b->present) {
        return a->present < b->present ? -1 : 1;
    }
    present = a->present;
    while (present) {
        enum mf_field f = (enum mf_field) __builtin_ctzll(present);
        const struct mf_field_info *info = ofp_match_field_info(f);
        int c;

        present &= present - 1;
        c = memcmp((const uint8_t *) &a->v + info->offset,
                   (const uint8_t *) &b->v + info->offset, info->size);
        if (!c) {
            c = memcmp((const uint8_t *) &a->m + info->offset,
                       (const uint8_t *) &b->m + info->offset, info->size);
        }
        if (c) {
            return c;
        }
    }
    return 0;
}

static bool
key_equal(const struct fabric_flow *f, uint8_t table_id, uint16_t priority,
          const struct ofp_match *m)
{
    return f->table_id == table_id && f->priority == priority
           && !match_cmp(&f->match, m);
}

/* Table ascending, priority descending, match. */
static int
flow_order(const struct fabric_flow *a, const struct fabric_flow *b)
{
    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return match_cmp(&a->match, &b->match);
}

/* The order flows are added in: later tables first, then as flow_order().
 * An entry that leads into another table appears only after what it
 * leads to is there (a port accepted in table 0 only once table 20 knows
 * not to flood what comes from it), so a switch part-way through a diff
 * never forwards by a half-installed pipeline. */
static int
flow_add_order(const struct fabric_flow *a, const struct fabric_flow *b)
{
    if (a->table_id != b->table_id) {
        return a->table_id > b->table_id ? -1 : 1;
    }
    return flow_order(a, b);
}

/* ---- Deep copies ---- */

/* Bytes needed to copy 'n' actions and their experimenter payloads. */
static size_t
actions_blob_size(const struct ofp_action *a, size_t n)
{
    size_t size = n * sizeof *a;
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i].type == OFPACT_EXPERIMENTER) {
            size += a[i].experimenter.size;
        }
    }
    return size;
}

/* Copies 'n' actions to '*actsp' (advanced) with payloads at '*bytesp'
 * (advanced). Returns the copy. */
static struct ofp_action *
actions_copy(const struct ofp_action *a, size_t n, struct ofp_action **actsp,
             uint8_t **bytesp)
{
    struct ofp_action *copy = *actsp;
    size_t i;

    if (!n) {
        return NULL;
    }
    memcpy(copy, a, n * sizeof *a);
    *actsp += n;
    for (i = 0; i < n; i++) {
        if (a[i].type == OFPACT_EXPERIMENTER && a[i].experimenter.size) {
            memcpy(*bytesp, a[i].experimenter.data, a[i].experimenter.size);
            copy[i].experimenter.data = *bytesp;
            *bytesp += a[i].experimenter.size;
        }
    }
    return copy;
}

/* Fills 'dst' with a copy of 'src' whose lists live in a new blob, which
 * it returns. */
static void *
flow_copy(struct fabric_flow *dst, const struct fabric_flow *src)
{
    const struct ofp_instructions *ins = &src->instructions;
    size_t n_acts = ins->n_apply_actions + ins->n_write_actions;
    size_t size;
    struct ofp_action *acts;
    uint8_t *bytes;
    void *blob;

    size = actions_blob_size(ins->apply_actions, ins->n_apply_actions)
           + actions_blob_size(ins->write_actions, ins->n_write_actions)
           + ins->experimenter_size;
    memcpy(dst, src, sizeof *dst);
    if (!size) {
        dst->instructions.apply_actions = NULL;
        dst->instructions.write_actions = NULL;
        dst->instructions.experimenter_data = NULL;
        return NULL;
    }
    blob = xmalloc(size);
    acts = blob;
    bytes = (uint8_t *) (acts + n_acts);
    dst->instructions.apply_actions
        = actions_copy(ins->apply_actions, ins->n_apply_actions, &acts, &bytes);
    dst->instructions.write_actions
        = actions_copy(ins->write_actions, ins->n_write_actions, &acts, &bytes);
    if (ins->experimenter_size) {
        memcpy(bytes, ins->experimenter_data, ins->experimenter_size);
        dst->instructions.experimenter_data = bytes;
    } else {
        dst->instructions.experimenter_data = NULL;
    }
    return blob;
}

static void *
group_copy(struct fabric_group *dst, const struct fabric_group *src)
{
    size_t n_acts = 0, size = 0, i;
    struct ofp_bucket *buckets;
    struct ofp_action *acts;
    uint8_t *bytes;
    void *blob;

    *dst = *src;
    for (i = 0; i < src->n_buckets; i++) {
        n_acts += src->buckets[i].n_actions;
        size += actions_blob_size(src->buckets[i].actions,
                                  src->buckets[i].n_actions);
    }
    size += src->n_buckets * sizeof *buckets;
    if (!size) {
        dst->buckets = NULL;
        return NULL;
    }
    blob = xmalloc(size);
    buckets = blob;
    acts = (struct ofp_action *) (buckets + src->n_buckets);
    bytes = (uint8_t *) (acts + n_acts);
    for (i = 0; i < src->n_buckets; i++) {
        buckets[i] = src->buckets[i];
        buckets[i].actions = actions_copy(src->buckets[i].actions,
                                          src->buckets[i].n_actions,
                                          &acts, &bytes);
    }
    dst->buckets = buckets;
    return blob;
}

/* ---- State ---- */

struct fabric_state *
fabric_state_create(void)
{
    struct fabric_state *s = xzalloc(sizeof *s);

    s->flow_mask = 15;
    s->flow_heads = xcalloc(s->flow_mask + 1, sizeof *s->flow_heads);
    s->group_mask = 15;
    s->group_heads = xcalloc(s->group_mask + 1, sizeof *s->group_heads);
    return s;
}

void
fabric_state_clear(struct fabric_state *s)
{
    size_t i;

    for (i = 0; i < s->n_flows; i++) {
        free(s->flows[i].blob);
    }
    for (i = 0; i < s->n_groups; i++) {
        free(s->groups[i].blob);
    }
    s->n_flows = 0;
    s->n_groups = 0;
    memset(s->flow_heads, 0, (s->flow_mask + 1) * sizeof *s->flow_heads);
    memset(s->group_heads, 0, (s->group_mask + 1) * sizeof *s->group_heads);
}

void
fabric_state_destroy(struct fabric_state *s)
{
    if (!s) {
        return;
    }
    fabric_state_clear(s);
    free(s->flows);
    free(s->flow_heads);
    free(s->groups);
    free(s->group_heads);
    free(s);
}

struct fabric_state *
fabric_state_clone(const struct fabric_state *s)
{
    struct fabric_state *c = fabric_state_create();
    size_t i;

    for (i = 0; i < s->n_groups; i++) {
        fabric_state_add_group(c, &s->groups[i].group);
    }
    for (i = 0; i < s->n_flows; i++) {
        fabric_state_add_flow(c, &s->flows[i].flow);
    }
    return c;
}

static struct flow_entry *
flow_lookup(const struct fabric_state *s, uint8_t table_id,
            uint16_t priority, const struct ofp_match *m, uint32_t hash)
{
    size_t idx = s->flow_heads[hash & s->flow_mask];

    while (idx) {
        struct flow_entry *e = &s->flows[idx - 1];

        if (e->hash == hash && key_equal(&e->flow, table_id, priority, m)) {
            return e;
        }
        idx = e->next;
    }
    return NULL;
}

static void
flow_rehash(struct fabric_state *s)
{
    size_t n_heads = (s->flow_mask + 1) * 4;
    size_t i;

    free(s->flow_heads);
    s->flow_heads = xcalloc(n_heads, sizeof *s->flow_heads);
    s->flow_mask = n_heads - 1;
    for (i = 0; i < s->n_flows; i++) {
        size_t *head = &s->flow_heads[s->flows[i].hash & s->flow_mask];

        s->flows[i].next = *head;
        *head = i + 1;
    }
}

bool
fabric_state_add_flow(struct fabric_state *s, const struct fabric_flow *flow)
{
    uint32_t hash = hash_key(flow->table_id, flow->priority, &flow->match);
    struct flow_entry *e = flow_lookup(s, flow->table_id, flow->priority,
                                       &flow->match, hash);
    size_t *head;

    if (e) {
        struct fabric_flow copy;
        void *blob;

        /* 'flow' may point into the entry it replaces: copy first. */
        blob = flow_copy(&copy, flow);
        free(e->blob);
        e->blob = blob;
        memcpy(&e->flow, &copy, sizeof copy);
        return false;
    }
    if (s->n_flows >= s->allocated_flows) {
        s->allocated_flows = s->allocated_flows ? s->allocated_flows * 2 : 64;
        s->flows = xrealloc(s->flows, s->allocated_flows * sizeof *s->flows);
    }
    e = &s->flows[s->n_flows++];
    e->blob = flow_copy(&e->flow, flow);
    e->hash = hash;
    head = &s->flow_heads[hash & s->flow_mask];
    e->next = *head;
    *head = s->n_flows;
    if (s->n_flows > (s->flow_mask + 1) * 2) {
        flow_rehash(s);
    }
    return true;
}

static struct group_entry *
group_lookup(const struct fabric_state *s, uint32_t group_id)
{
    size_t idx = s->group_heads[(group_id * 2654435761u) & s->group_mask];

    while (idx) {
        struct group_entry *e = &s->groups[idx - 1];

        if (e->group.group_id == group_id) {
            return e;
        }
        idx = e->next;
    }
    return NULL;
}

static void
group_rehash(struct fabric_state *s)
{
    size_t n_heads = (s->group_mask + 1) * 4;
    size_t i;

    free(s->group_heads);
    s->group_heads = xcalloc(n_heads, sizeof *s->group_heads);
    s->group_mask = n_heads - 1;
    for (i = 0; i < s->n_groups; i++) {
        uint32_t id = s->groups[i].group.group_id;
        size_t *head = &s->group_heads[(id * 2654435761u) & s->group_mask];

        s->groups[i].next = *head;
        *head = i + 1;
    }
}

bool
fabric_state_add_group(struct fabric_state *s,
                       const struct fabric_group *group)
{
    struct group_entry *e = group_lookup(s, group->group_id);
    size_t *head;

    if (e) {
        struct fabric_group copy;
        void *blob;

        blob = group_copy(&copy, group);
        free(e->blob);
        e->blob = blob;
        e->group = copy;
        return false;
    }
    if (s->n_groups >= s->allocated_groups) {
        s->allocated_groups = s->allocated_groups ? s->allocated_groups * 2
                                                  : 16;
        s->groups = xrealloc(s->groups,
                             s->allocated_groups * sizeof *s->groups);
    }
    e = &s->groups[s->n_groups++];
    e->blob = group_copy(&e->group, group);
    head = &s->group_heads[(group->group_id * 2654435761u) & s->group_mask];
    e->next = *head;
    *head = s->n_groups;
    if (s->n_groups > (s->group_mask + 1) * 2) {
        group_rehash(s);
    }
    return true;
}

/* Unlinks entry index 'idx' from the chain that starts at '*head' (entries
 * of 'next' fields at 'next_of(idx)'), given the array of next fields. */
static void
chain_unlink(size_t *head, size_t idx, size_t *(*next_of)(void *, size_t),
             void *aux)
{
    size_t *link = head;

    while (*link != idx + 1) {
        link = next_of(aux, *link - 1);
    }
    *link = *next_of(aux, idx);
}

static size_t *
flow_next_of(void *s_, size_t idx)
{
    struct fabric_state *s = s_;

    return &s->flows[idx].next;
}

static size_t *
group_next_of(void *s_, size_t idx)
{
    struct fabric_state *s = s_;

    return &s->groups[idx].next;
}

/* Moves the entry at 'from' (being the last) to the free index 'to' and
 * repoints the chain link that led to it. */
static void
chain_move(size_t *head, size_t from, size_t to,
           size_t *(*next_of)(void *, size_t), void *aux)
{
    size_t *link = head;

    while (*link != from + 1) {
        link = next_of(aux, *link - 1);
    }
    *link = to + 1;
}

bool
fabric_state_remove_flow(struct fabric_state *s, uint8_t table_id,
                         uint16_t priority, const struct ofp_match *match)
{
    uint32_t hash = hash_key(table_id, priority, match);
    struct flow_entry *e = flow_lookup(s, table_id, priority, match, hash);
    size_t idx, last;

    if (!e) {
        return false;
    }
    idx = (size_t) (e - s->flows);
    chain_unlink(&s->flow_heads[hash & s->flow_mask], idx, flow_next_of, s);
    free(e->blob);
    last = s->n_flows - 1;
    if (idx != last) {
        struct flow_entry *l = &s->flows[last];

        chain_move(&s->flow_heads[l->hash & s->flow_mask], last, idx,
                   flow_next_of, s);
        memcpy(e, l, sizeof *e);
    }
    s->n_flows--;
    return true;
}

bool
fabric_state_remove_group(struct fabric_state *s, uint32_t group_id)
{
    struct group_entry *e = group_lookup(s, group_id);
    size_t idx, last;

    if (!e) {
        return false;
    }
    idx = (size_t) (e - s->groups);
    chain_unlink(&s->group_heads[(group_id * 2654435761u) & s->group_mask],
                 idx, group_next_of, s);
    free(e->blob);
    last = s->n_groups - 1;
    if (idx != last) {
        struct group_entry *l = &s->groups[last];
        uint32_t lid = l->group.group_id;

        chain_move(&s->group_heads[(lid * 2654435761u) & s->group_mask],
                   last, idx, group_next_of, s);
        *e = *l;
    }
    s->n_groups--;
    return true;
}

enum ofperr
fabric_state_add_flow_stats(struct fabric_state *s,
                            const struct ofp_header *oh)
{
    struct cursor body;
    uint16_t flags;
    struct buf actions;
    enum ofperr error;
    int retval;

    error = ofp_flow_stats_reply_init(oh, &body, &flags);
    if (error) {
        return error;
    }
    buf_init(&actions, 0);
    for (;;) {
        struct ofp_flow_stats fs;
        struct fabric_flow flow;

        retval = ofp_flow_stats_next(&body, oh->version, &fs, &actions);
        if (retval) {
            break;
        }
        memset(&flow, 0, sizeof flow);
        flow.table_id = fs.table_id;
        flow.priority = fs.priority;
        memcpy(&flow.match, &fs.match, sizeof flow.match);
        flow.cookie = fs.cookie;
        flow.idle_timeout = fs.idle_timeout;
        flow.hard_timeout = fs.hard_timeout;
        flow.flags = fs.flags;
        flow.instructions = fs.instructions;
        fabric_state_add_flow(s, &flow);
    }
    buf_uninit(&actions);
    return retval == EOF ? 0 : (enum ofperr) retval;
}

void
fabric_flow_to_stats(const struct fabric_flow *f, struct ofp_flow_stats *fs)
{
    memset(fs, 0, sizeof *fs);
    fs->table_id = f->table_id;
    fs->match = f->match;
    fs->priority = f->priority;
    fs->idle_timeout = f->idle_timeout;
    fs->hard_timeout = f->hard_timeout;
    fs->flags = f->flags;
    fs->cookie = f->cookie;
    fs->instructions = f->instructions;
}

enum ofperr
fabric_state_add_group_desc(struct fabric_state *s,
                            const struct ofp_header *oh)
{
    struct ofp_mp_iter iter;
    struct buf buckets, actions;
    enum ofperr error;
    int retval;

    error = ofp_group_desc_reply_decode(&iter, oh);
    if (error) {
        return error;
    }
    buf_init(&buckets, 0);
    buf_init(&actions, 0);
    for (;;) {
        struct ofp_group_desc gd;
        struct fabric_group group;

        retval = ofp_group_desc_next(&iter, &gd, &buckets, &actions);
        if (retval) {
            break;
        }
        group.group_id = gd.group_id;
        group.type = gd.type;
        group.buckets = gd.buckets;
        group.n_buckets = gd.n_buckets;
        fabric_state_add_group(s, &group);
    }
    buf_uninit(&buckets);
    buf_uninit(&actions);
    return retval == EOF ? 0 : (enum ofperr) retval;
}

size_t
fabric_state_n_flows(const struct fabric_state *s)
{
    return s->n_flows;
}

size_t
fabric_state_n_groups(const struct fabric_state *s)
{
    return s->n_groups;
}

const struct fabric_flow *
fabric_state_flow_at(const struct fabric_state *s, size_t i)
{
    return i < s->n_flows ? &s->flows[i].flow : NULL;
}

const struct fabric_group *
fabric_state_group_at(const struct fabric_state *s, size_t i)
{
    return i < s->n_groups ? &s->groups[i].group : NULL;
}

const struct fabric_flow *
fabric_state_find_flow(const struct fabric_state *s, uint8_t table_id,
                       uint16_t priority, const struct ofp_match *match)
{
    struct flow_entry *e = flow_lookup(s, table_id, priority, match,
                                       hash_key(table_id, priority, match));

    return e ? &e->flow : NULL;
}

const struct fabric_group *
fabric_state_find_group(const struct fabric_state *s, uint32_t group_id)
{
    struct group_entry *e = group_lookup(s, group_id);

    return e ? &e->group : NULL;
}

/* True if only the instructions of the two flows (same key) may differ. */
static bool
flow_attrs_equal(const struct fabric_flow *a, const struct fabric_flow *b)
{
    return a->cookie == b->cookie && a->idle_timeout == b->idle_timeout
           && a->hard_timeout == b->hard_timeout && a->flags == b->flags;
}

bool
fabric_flow_equal(const struct fabric_flow *a, const struct fabric_flow *b)
{
    return key_equal(a, b->table_id, b->priority, &b->match)
           && flow_attrs_equal(a, b)
           && ofp_instructions_equal(&a->instructions, &b->instructions);
}

bool
fabric_group_equal(const struct fabric_group *a,
                   const struct fabric_group *b)
{
    size_t i;

    if (a->group_id != b->group_id || a->type != b->type
        || a->n_buckets != b->n_buckets) {
        return false;
    }
    for (i = 0; i < a->n_buckets; i++) {
        const struct ofp_bucket *x = &a->buckets[i], *y = &b->buckets[i];

        if (x->weight != y->weight || x->watch_port != y->watch_port
            || x->watch_group != y->watch_group
            || !ofp_actions_equal(x->actions, x->n_actions,
                                  y->actions, y->n_actions)) {
            return false;
        }
    }
    return true;
}

bool
fabric_state_equal(const struct fabric_state *a, const struct fabric_state *b)
{
    size_t i;

    if (a->n_flows != b->n_flows || a->n_groups != b->n_groups) {
        return false;
    }
    for (i = 0; i < a->n_flows; i++) {
        const struct fabric_flow *f = &a->flows[i].flow;
        const struct fabric_flow *g = fabric_state_find_flow(
            b, f->table_id, f->priority, &f->match);

        if (!g || !fabric_flow_equal(f, g)) {
            return false;
        }
    }
    for (i = 0; i < a->n_groups; i++) {
        const struct fabric_group *g = &a->groups[i].group;
        const struct fabric_group *h = fabric_state_find_group(b,
                                                               g->group_id);

        if (!h || !fabric_group_equal(g, h)) {
            return false;
        }
    }
    return true;
}

/* ---- Sorted views ---- */

static int
flow_add_ptr_cmp(const void *a_, const void *b_)
{
    const struct fabric_flow *const *a = a_, *const *b = b_;

    return flow_add_order(*a, *b);
}

static int
flow_ptr_cmp(const void *a_, const void *b_)
{
    const struct fabric_flow *const *a = a_;
    const struct fabric_flow *const *b = b_;

    return flow_order(*a, *b);
}

static int
group_ptr_cmp(const void *a_, const void *b_)
{
    const struct fabric_group *const *a = a_;
    const struct fabric_group *const *b = b_;

    return ((*a)->group_id > (*b)->group_id)
           - ((*a)->group_id < (*b)->group_id);
}

/* Returns a new array (caller frees) of pointers to the flows of 's' in
 * diff order. */
static const struct fabric_flow **
sorted_flows(const struct fabric_state *s)
{
    const struct fabric_flow **v = xmalloc((s->n_flows + 1) * sizeof *v);
    size_t i;

    for (i = 0; i < s->n_flows; i++) {
        v[i] = &s->flows[i].flow;
    }
    qsort(v, s->n_flows, sizeof *v, flow_ptr_cmp);
    return v;
}

static const struct fabric_group **
sorted_groups(const struct fabric_state *s)
{
    const struct fabric_group **v = xmalloc((s->n_groups + 1) * sizeof *v);
    size_t i;

    for (i = 0; i < s->n_groups; i++) {
        v[i] = &s->groups[i].group;
    }
    qsort(v, s->n_groups, sizeof *v, group_ptr_cmp);
    return v;
}

static const char *
group_type_name(uint8_t type)
{
    switch (type) {
    case OFPGT13_ALL: return "all";
    case OFPGT13_SELECT: return "select";
    case OFPGT13_INDIRECT: return "indirect";
    case OFPGT13_FF: return "ff";
    default: return "unknown";
    }
}

static void
format_group(struct ds *ds, const struct fabric_group *g)
{
    size_t i;

    ds_put_format(ds, "group_id=%#"PRIx32",type=%s", g->group_id,
                  group_type_name(g->type));
    for (i = 0; i < g->n_buckets; i++) {
        const struct ofp_bucket *b = &g->buckets[i];

        ds_put_cstr(ds, ",bucket=");
        if (g->type == OFPGT13_SELECT) {
            ds_put_format(ds, "weight:%"PRIu16",", b->weight);
        }
        if (b->watch_port != OFPP13_ANY) {
            ds_put_cstr(ds, "watch_port:");
            ofp_match_format_port(ds, b->watch_port);
            ds_put_char(ds, ',');
        }
        if (b->watch_group != OFPG13_ANY) {
            ds_put_format(ds, "watch_group:%"PRIu32",", b->watch_group);
        }
        ds_put_cstr(ds, "actions=");
        ofp_actions_format(ds, b->actions, b->n_actions);
    }
}

static void
format_flow(struct ds *ds, const struct fabric_flow *f)
{
    size_t start;

    ds_put_format(ds, "table=%u, priority=%u, cookie=%#"PRIx64", ",
                  f->table_id, f->priority, f->cookie);
    if (f->idle_timeout) {
        ds_put_format(ds, "idle_timeout=%u, ", f->idle_timeout);
    }
    if (f->hard_timeout) {
        ds_put_format(ds, "hard_timeout=%u, ", f->hard_timeout);
    }
    if (f->flags) {
        ds_put_format(ds, "flags=%#x, ", f->flags);
    }
    start = ds->length;
    ofp_match_format(ds, &f->match);
    if (ds->length != start) {
        ds_put_char(ds, ' ');
    }
    ds_put_cstr(ds, "actions=");
    ofp_instructions_format(ds, &f->instructions);
}

void
fabric_state_format(struct ds *ds, const struct fabric_state *s)
{
    const struct fabric_group **groups = sorted_groups(s);
    const struct fabric_flow **flows = sorted_flows(s);
    size_t i;

    for (i = 0; i < s->n_groups; i++) {
        format_group(ds, groups[i]);
        ds_put_char(ds, '\n');
    }
    for (i = 0; i < s->n_flows; i++) {
        format_flow(ds, flows[i]);
        ds_put_char(ds, '\n');
    }
    free(groups);
    free(flows);
}

/* ---- Diff ---- */

void
fabric_sync_options_init(struct fabric_sync_options *opts,
                         enum fabric_app app)
{
    memset(opts, 0, sizeof *opts);
    opts->cookie_match = FABRIC_COOKIE(app);
    opts->cookie_mask = FABRIC_COOKIE_APP_MASK;
    opts->group_match = (uint32_t) app << FABRIC_GROUP_APP_SHIFT;
    opts->group_mask = FABRIC_GROUP_APP_MASK;
    opts->remove_foreign = false;
}

static bool
flow_owned(const struct fabric_sync_options *opts,
           const struct fabric_flow *f)
{
    return (f->cookie & opts->cookie_mask) == opts->cookie_match;
}

static bool
group_owned(const struct fabric_sync_options *opts,
            const struct fabric_group *g)
{
    return (g->group_id & opts->group_mask) == opts->group_match;
}

/* Appends a FLOW_MOD of 'command' for 'f'. */
static enum ofperr
put_flow_mod(const struct fabric_flow *f, enum ofp_flow_mod_command command,
             uint64_t cookie, uint64_t cookie_mask, uint32_t xid,
             struct buf *out)
{
    struct ofp_flow_mod fm;

    ofp_flow_mod_init(&fm);
    memcpy(&fm.match, &f->match, sizeof fm.match);
    fm.table_id = f->table_id;
    fm.priority = f->priority;
    fm.command = command;
    fm.cookie = cookie;
    fm.cookie_mask = cookie_mask;
    if (command != OFPFC_DELETE_STRICT) {
        fm.idle_timeout = f->idle_timeout;
        fm.hard_timeout = f->hard_timeout;
        fm.flags = f->flags;
        fm.instructions = f->instructions;
    }
    return ofp_flow_mod_encode(&fm, OFP13_VERSION, xid, out);
}

static enum ofperr
put_group_mod(const struct fabric_group *g, uint16_t command, uint32_t xid,
              struct buf *out)
{
    struct ofp_group_mod gm;

    memset(&gm, 0, sizeof gm);
    gm.command = command;
    gm.type = g->type;
    gm.group_id = g->group_id;
    if (command != OFPGC13_DELETE) {
        gm.buckets = g->buckets;
        gm.n_buckets = g->n_buckets;
    }
    return ofp_group_mod_encode(&gm, OFP13_VERSION, xid, out);
}

enum ofperr
fabric_sync_diff(const struct fabric_state *old,
                 const struct fabric_state *new,
                 const struct fabric_sync_options *opts,
                 uint32_t *next_xid, struct buf *out,
                 struct fabric_sync_counts *countsp)
{
    struct fabric_state *empty = NULL;
    const struct fabric_flow **old_flows, **new_flows;
    const struct fabric_group **old_groups, **new_groups;
    struct fabric_sync_counts counts;
    size_t start = out->size;
    uint32_t xid = *next_xid;
    enum ofperr error = 0;
    size_t i;

    if (!old) {
        old = empty = fabric_state_create();
    }
    memset(&counts, 0, sizeof counts);
    old_flows = sorted_flows(old);
    new_flows = sorted_flows(new);
    old_groups = sorted_groups(old);
    new_groups = sorted_groups(new);

    /* 1. New groups. */
    for (i = 0; !error && i < new->n_groups; i++) {
        const struct fabric_group *g = new_groups[i];

        if (!fabric_state_find_group(old, g->group_id)) {
            error = put_group_mod(g, OFPGC13_ADD, xid++, out);
            counts.group_adds++;
        }
    }

    /* 2. New and changed flows, later tables first. */
    qsort(new_flows, new->n_flows, sizeof *new_flows, flow_add_ptr_cmp);
    for (i = 0; !error && i < new->n_flows; i++) {
        const struct fabric_flow *f = new_flows[i];
        const struct fabric_flow *o = fabric_state_find_flow(
            old, f->table_id, f->priority, &f->match);

        if (!o || !flow_attrs_equal(o, f)) {
            error = put_flow_mod(f, OFPFC_ADD, f->cookie, 0, xid++, out);
            counts.flow_adds++;
        } else if (!ofp_instructions_equal(&o->instructions,
                                           &f->instructions)) {
            error = put_flow_mod(f, OFPFC_MODIFY_STRICT, f->cookie, 0,
                                 xid++, out);
            counts.flow_modifies++;
        }
    }

    /* 3. Changed groups. */
    for (i = 0; !error && i < new->n_groups; i++) {
        const struct fabric_group *g = new_groups[i];
        const struct fabric_group *o = fabric_state_find_group(old,
                                                               g->group_id);

        if (o && !fabric_group_equal(o, g)) {
            error = put_group_mod(g, OFPGC13_MODIFY, xid++, out);
            counts.group_modifies++;
        }
    }

    /* 4. Flows that are gone. */
    for (i = 0; !error && i < old->n_flows; i++) {
        const struct fabric_flow *o = old_flows[i];
        bool owned = flow_owned(opts, o);

        if ((owned || opts->remove_foreign)
            && !fabric_state_find_flow(new, o->table_id, o->priority,
                                       &o->match)) {
            error = put_flow_mod(o, OFPFC_DELETE_STRICT,
                                 owned ? opts->cookie_match : 0,
                                 owned ? opts->cookie_mask : 0, xid++, out);
            counts.flow_deletes++;
        }
    }

    /* 5. Groups that are gone. */
    for (i = 0; !error && i < old->n_groups; i++) {
        const struct fabric_group *o = old_groups[i];

        if ((group_owned(opts, o) || opts->remove_foreign)
            && !fabric_state_find_group(new, o->group_id)) {
            error = put_group_mod(o, OFPGC13_DELETE, xid++, out);
            counts.group_deletes++;
        }
    }

    free(old_flows);
    free(new_flows);
    free(old_groups);
    free(new_groups);
    fabric_state_destroy(empty);

    if (error) {
        buf_truncate(out, start);
        memset(&counts, 0, sizeof counts);
    } else {
        *next_xid = xid;
        counts.n_msgs = counts.group_adds + counts.flow_adds
                        + counts.flow_modifies + counts.group_modifies
                        + counts.flow_deletes + counts.group_deletes;
    }
    if (countsp) {
        *countsp = counts;
    }
    return error;
}

enum ofperr
fabric_sync_readback_encode(const struct fabric_sync_options *opts,
                            uint32_t *next_xid, struct buf *out)
{
    struct ofp_flow_stats_request req;
    size_t start = out->size;
    enum ofperr error;

    ofp_flow_stats_request_init(&req, false);
    req.table_id = OFPTT_ALL;
    if (!opts->remove_foreign) {
        req.cookie = opts->cookie_match;
        req.cookie_mask = opts->cookie_mask;
    }
    error = ofp_flow_stats_request_encode(&req, OFP13_VERSION, *next_xid,
                                          out);
    if (!error) {
        error = ofp_group_desc_request_encode(OFP13_VERSION, *next_xid + 1,
                                              out);
    }
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    *next_xid += 2;
    return 0;
}
