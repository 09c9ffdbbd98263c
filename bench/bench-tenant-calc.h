/* bench-tenant-calc: in-process micro-benchmarks of Kumo's tenant-network
 * code on a generated model ("kumo-bench --tenant-calc", issue 5 item 10).
 * No controller, no sockets: this times what kumod's API thread and
 * fabric thread run, not kumod.
 *
 *  - store: the model (bench-tenant.h) written through vnet_db into an
 *    in-memory SQLite store (":memory:", no fsync; durability costs are
 *    the live benchmark's business), and its heap;
 *  - snapshot: vnet_db_snapshot() after a write (kumod's fabric thread
 *    takes one per change of the model) and its heap;
 *  - tenant view: fabric_tenant_view_init() over that snapshot (with
 *    the chassis manager's facts, bench_tenant_overlay(), in the
 *    hypervisor model: ports bound by iface-id, one port added as a VM
 *    on a free edge port);
 *  - full recompute: every switch compiled as kumod does (fabric part,
 *    then tenant part), the states kept as kumod keeps them per switch:
 *    time, flows and groups (total, busiest switch), heap;
 *  - one port added: the store write, the snapshot, the view and every
 *    switch recompiled and diffed against its state, which is what kumod
 *    does today for any change of the model; the messages that yields;
 *    and, apart, the fabric's own compilation of every switch alone
 *    (the share of that work a tenant change does not need);
 *  - reconcile: the switch with the most flows (or 'rec_sw') holds
 *    exactly its desired state, read back as flow-stats and group-desc
 *    replies; time to decode that read-back, compile the switch and diff
 *    (kumod's work when it reconnects), and the messages (0 expected);
 *    then the same with 1% of its flows different (every 100th flow: one
 *    missing, the next with another cookie, in turn).
 * Times are CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID),
 * heap from mallinfo2(), RSS from /proc/self/status. */
#ifndef KUMO_BENCH_TENANT_CALC_H
#define KUMO_BENCH_TENANT_CALC_H 1

#include <stddef.h>
#include <stdint.h>

#include "bench-tenant.h"

struct bench_topo;

struct bench_tenant_calc_result {
    uint32_t n_nets_carried;    /* Ids <= 4094, and tunnels-only ones
                                 * above (the hypervisor model). */
    size_t n_skipped;           /* Networks/bindings not carried. */
    double fill_s;              /* Store writes (wall-clock CPU). */
    size_t store_bytes;
    double snapshot_ms;
    size_t snapshot_bytes;
    double tview_ms;
    size_t tview_bytes;
    double compile_ms;          /* Every switch. */
    size_t flows, groups, flows_max, groups_max, tenant_flows;
    size_t state_bytes;
    double add_write_ms, add_snapshot_ms, add_tview_ms, add_compile_ms;
    double add_fabric_ms;       /* fabric_compile_switch() alone, every
                                 * switch (a part of add_compile_ms). */
    double add_part_compile_ms; /* add_compile_ms split: compile (fabric */
    double add_part_diff_ms;    /* + tenant), the two diffs, and the */
    double add_part_merge_ms;   /* merge into one installed state. */
    size_t add_msgs, add_switches;
    uint32_t rec_sw;            /* Switch index reconciled. */
    size_t rec_flows, rec_groups, rec_bytes;
    double rec_ms;              /* Decode + compile + diff, identical. */
    size_t rec_msgs;
    double rec1_ms;             /* Same, 1% of the flows different. */
    size_t rec1_changed, rec1_msgs;
    long rss_kb, hwm_kb;
};

/* Runs the micro-benchmarks for model 'm' on 't'; 'rec_sw' is the switch
 * to reconcile (UINT32_MAX: the one with the most flows). Returns NULL or
 * an error string (caller frees). */
char *bench_tenant_calc(const struct bench_topo *t,
                        const struct bench_tenant_model *m, uint32_t rec_sw,
                        struct bench_tenant_calc_result *res);

#endif /* bench-tenant-calc.h */
