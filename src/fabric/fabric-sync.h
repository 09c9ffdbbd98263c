/* fabric-sync: one switch's OpenFlow 1.3 flows and groups as a set, and the
 * difference between two such sets as OpenFlow messages.
 *
 * A struct fabric_state holds flows keyed by (table, priority, match), each
 * with its instructions, cookie, timeouts and flags, and groups keyed by
 * group id, each with its type and buckets. It is filled by the compiler
 * (fabric-compile: the desired state) or from a switch's own tables read
 * back with flow-stats and group-desc replies (the actual state).
 * fabric_sync_diff() then appends the messages that turn one into the
 * other, in an order that never disturbs traffic that does not change:
 *
 *   1. GROUP_MOD ADD for new groups (before any flow can point at them);
 *   2. FLOW_MOD ADD for new flows and for flows whose cookie, timeouts or
 *      flags changed (an ADD over an identical (table, priority, match)
 *      replaces the entry atomically), FLOW_MOD MODIFY_STRICT for flows
 *      whose instructions alone changed (never delete + add);
 *   3. GROUP_MOD MODIFY for groups whose type or buckets changed;
 *   4. FLOW_MOD DELETE_STRICT for flows that are gone;
 *   5. GROUP_MOD DELETE for groups that are gone (after the flows that
 *      used them).
 * Within each step, entries go in a fixed order (flows by table, then
 * priority from high to low, then match; groups by id), so the output is
 * deterministic.
 *
 * Ownership: a flow in 'old' is Kumo's (of the app the options name) when
 * (cookie & cookie_mask) == cookie_match; a group is when (group_id &
 * group_mask) == group_match. Entries of 'old' that are not owned are left
 * alone unless remove_foreign is set; entries of 'new' are always
 * installed (an owned desired flow replaces a foreign one at the same
 * key).
 *
 * Pure: no I/O, no clock, no globals; a state is not thread-safe (one
 * owner, e.g. the fabric thread). */
#ifndef KUMO_FABRIC_SYNC_H
#define KUMO_FABRIC_SYNC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp/ofp-actions.h"
#include "ofp/ofp-errors.h"
#include "ofp/ofp-group.h"
#include "ofp/ofp-match.h"

struct buf;
struct ds;
struct ofp_flow_stats;
struct ofp_header;

/* Cookie layout shared by every Kumo app: the high 16 bits are "KU", the
 * next 8 bits name the owning app, the low 40 bits are the app's own (e.g.
 * a generation). */
#define FABRIC_COOKIE_KU 0x4b55000000000000ull
#define FABRIC_COOKIE_KU_MASK 0xffff000000000000ull
#define FABRIC_COOKIE_APP_SHIFT 40
#define FABRIC_COOKIE_APP_MASK 0xffffff0000000000ull   /* KU + app. */
#define FABRIC_COOKIE(APP) \
    (FABRIC_COOKIE_KU | (uint64_t) (APP) << FABRIC_COOKIE_APP_SHIFT)

/* Group ids: the high 8 bits name the owning app too (0x01 fabric, 0x02
 * tenant networks), the low 24 bits are the app's own. */
#define FABRIC_GROUP_APP_SHIFT 24
#define FABRIC_GROUP_APP_MASK 0xff000000u

/* Apps, for cookies and group ids. */
enum fabric_app {
    FABRIC_APP_FABRIC = 1,      /* Topology forwarding (fabric-compile). */
    FABRIC_APP_VNET = 2,        /* Tenant networks (later). */
};

/* One flow entry. When passed to fabric_state_add_flow() every pointer is
 * borrowed for the call; flows returned by a state point into the state
 * (valid until it next changes). */
struct fabric_flow {
    uint8_t table_id;
    uint16_t priority;
    struct ofp_match match;
    uint64_t cookie;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t flags;                     /* OFPFF_*, as installed. */
    struct ofp_instructions instructions;
};

/* One group. Same borrowing rules as struct fabric_flow. */
struct fabric_group {
    uint32_t group_id;
    uint8_t type;                       /* OFPGT13_*. */
    const struct ofp_bucket *buckets;
    size_t n_buckets;
};

struct fabric_state;

/* Creates an empty state. Free with fabric_state_destroy(). */
struct fabric_state *fabric_state_create(void);

/* Frees 's' and everything in it. Accepts NULL. */
void fabric_state_destroy(struct fabric_state *s);

/* Removes every flow and group from 's'. */
void fabric_state_clear(struct fabric_state *s);

/* Returns a deep copy of 's' (caller frees). */
struct fabric_state *fabric_state_clone(const struct fabric_state *s);

/* Adds a deep copy of 'flow' (nothing of it is kept) to 's', replacing a
 * flow with the same (table, priority, match). Returns true if the key was
 * new. */
bool fabric_state_add_flow(struct fabric_state *s,
                           const struct fabric_flow *flow);

/* Adds a deep copy of 'group' to 's', replacing a group with the same id.
 * Returns true if the id was new. */
bool fabric_state_add_group(struct fabric_state *s,
                            const struct fabric_group *group);

/* Removes the flow with this key from 's'. Returns true if there was one.
 * Moves the last flow into its index. */
bool fabric_state_remove_flow(struct fabric_state *s, uint8_t table_id,
                              uint16_t priority,
                              const struct ofp_match *match);

/* Removes group 'group_id' from 's'. Returns true if there was one. Moves
 * the last group into its index. */
bool fabric_state_remove_group(struct fabric_state *s, uint32_t group_id);

/* Adds every entry of the OpenFlow 1.3 FLOW multipart reply 'oh' (a whole
 * message, length validated; one message of a possibly multi-message
 * reply: call once per message) to 's'. Returns 0, or the decode error of
 * the first bad entry (entries before it are kept). */
enum ofperr fabric_state_add_flow_stats(struct fabric_state *s,
                                        const struct ofp_header *oh);

/* Fills '*fs' with the flow-stats entry a switch holding 'f' reports
 * (counters and durations zero; 'fs' borrows f's match and instructions):
 * what emulated switches answer a read-back with. */
void fabric_flow_to_stats(const struct fabric_flow *f,
                          struct ofp_flow_stats *fs);

/* Same for the entries of a GROUP_DESC reply 'oh'. */
enum ofperr fabric_state_add_group_desc(struct fabric_state *s,
                                        const struct ofp_header *oh);

/* Counts, and access by index in insertion order (an index stays valid
 * until 's' next changes). */
size_t fabric_state_n_flows(const struct fabric_state *s);
size_t fabric_state_n_groups(const struct fabric_state *s);
const struct fabric_flow *fabric_state_flow_at(const struct fabric_state *s,
                                               size_t i);
const struct fabric_group *fabric_state_group_at(
    const struct fabric_state *s, size_t i);

/* Returns the flow with this key (borrowed until 's' changes), or NULL. */
const struct fabric_flow *fabric_state_find_flow(
    const struct fabric_state *s, uint8_t table_id, uint16_t priority,
    const struct ofp_match *match);

/* Returns group 'group_id' (borrowed until 's' changes), or NULL. */
const struct fabric_group *fabric_state_find_group(
    const struct fabric_state *s, uint32_t group_id);

/* True if 'a' and 'b' hold the same flows (key, instructions, cookie,
 * timeouts, flags) and the same groups. */
bool fabric_state_equal(const struct fabric_state *a,
                        const struct fabric_state *b);

/* True if the two flows / groups carry the same content. */
bool fabric_flow_equal(const struct fabric_flow *a,
                       const struct fabric_flow *b);
bool fabric_group_equal(const struct fabric_group *a,
                        const struct fabric_group *b);

/* Appends 's' as text, one line per group then per flow, in the
 * deterministic order of the file comment, in the style of ovs-ofctl
 * dump-groups / dump-flows ("group_id=...,type=...,bucket=..." and
 * "table=0, priority=100, cookie=0x..., in_port=1 actions=...");
 * each line ends with "\n". */
void fabric_state_format(struct ds *ds, const struct fabric_state *s);

/* What fabric_sync_diff() may touch. */
struct fabric_sync_options {
    uint64_t cookie_match;      /* Owned flows: (cookie & cookie_mask) ==  */
    uint64_t cookie_mask;       /*   cookie_match. */
    uint32_t group_match;       /* Owned groups: (id & group_mask) == */
    uint32_t group_mask;        /*   group_match. */
    bool remove_foreign;        /* Also delete unowned entries that 'new'
                                 * does not have. */
};

/* Sets 'opts' to own the flows and groups of 'app' and to keep foreign
 * ones. */
void fabric_sync_options_init(struct fabric_sync_options *opts,
                              enum fabric_app app);

/* What a diff produced. */
struct fabric_sync_counts {
    size_t group_adds;
    size_t flow_adds;           /* Including replacing ADDs. */
    size_t flow_modifies;       /* MODIFY_STRICT. */
    size_t group_modifies;
    size_t flow_deletes;
    size_t group_deletes;
    size_t n_msgs;              /* Sum of the above. */
};

/* Appends to 'out' the OpenFlow 1.3 FLOW_MOD and GROUP_MOD messages that
 * turn the switch state 'old' into 'new', per the file comment; 'old' NULL
 * means empty. Message i gets xid *next_xid + i; on return *next_xid is
 * past the last one used. Fills '*counts' (if nonnull). Appends no
 * barrier. Returns 0, or an encoding error (e.g. OFPERR_OFPBRC_BAD_LEN for
 * a group too big for one message); then 'out' is back to its size on
 * entry and '*next_xid' unchanged. */
enum ofperr fabric_sync_diff(const struct fabric_state *old,
                             const struct fabric_state *new,
                             const struct fabric_sync_options *opts,
                             uint32_t *next_xid, struct buf *out,
                             struct fabric_sync_counts *counts);

/* Appends the requests that read a switch's state back: a FLOW stats
 * request for all tables (only flows with the owned cookie, unless
 * opts->remove_foreign) with xid *next_xid, then a GROUP_DESC request with
 * the next xid; advances *next_xid by 2. Feed the replies to
 * fabric_state_add_flow_stats() / fabric_state_add_group_desc(). Returns 0
 * or an encoding error. */
enum ofperr fabric_sync_readback_encode(const struct fabric_sync_options *opts,
                                        uint32_t *next_xid, struct buf *out);

#endif /* fabric-sync.h */
