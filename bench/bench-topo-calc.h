/* bench-topo-calc: in-process micro-benchmarks of Kumo's pure topology
 * modules (src/topo) on kumo-bench's generated topologies
 * ("kumo-bench --topo SPEC --calc"). No controller, no sockets: this times
 * the code kumod's fabric thread runs, not kumod.
 *
 *  - graph: topo_graph with every switch and port of the topology;
 *  - discovery round: topo_lldp_run() makes one probe per port, each goes
 *    through the codec as a packet-out, across bench_topo_wire(), back
 *    through the codec as a packet-in, into topo_lldp_rx(); afterwards the
 *    graph must hold exactly the topology's links (checked); then the
 *    next round, which only refreshes known links (the steady state);
 *  - port kinds: topo_graph_port_kind() once for every port (what a
 *    controller asks when it floods or classifies ports);
 *  - paths: topo_path_compute() (Dijkstra from every switch, backups,
 *    flooding tree) and its heap footprint (mallinfo2);
 *  - host pairs: for 'n_pairs' seeded random pairs of hosts, the primary
 *    route (topo_path_route()) and the backup next hop at every hop
 *    (topo_path_backup()), what "kumoctl path" shows;
 *  - link failure: both ends of one link (bench_topo_pick_link()) go down
 *    in the graph and the paths are recomputed; the (switch, destination
 *    switch) next hops that changed are counted;
 *  - fabric compiler (with 'compile'): with every host learned
 *    (topo_host_learn()), fabric_compile_switch() for every switch (the
 *    initial programming: flows, groups, heap), then, after the failure,
 *    every switch's new state and fabric_sync_diff() from the old one:
 *    the flow-mods and group-mods the fabric sends for that failure
 *    (final state only; kumod first installs a transitional state).
 *
 * Times are CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), not
 * wall time: on a shared machine they measure the work, not the other
 * users; each is the median of 'reps' repetitions. */
#ifndef KUMO_BENCH_TOPO_CALC_H
#define KUMO_BENCH_TOPO_CALC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bench_topo;

struct bench_topo_calc_result {
    double graph_ms;            /* Build the graph (switches, ports). */
    double lldp_ms;             /* topo_lldp_run + every topo_lldp_rx. */
    double lldp_total_ms;       /* The same plus codec and wire. */
    double lldp_refresh_ms;     /* The next round, every link known: the
                                 * steady cost per probe interval. */
    size_t lldp_probes;
    size_t links_found;         /* Bidirectional links after the round. */
    double kinds_ms;            /* topo_graph_port_kind() of every port
                                 * once, after discovery. */
    double path_ms;             /* topo_path_compute(). */
    size_t path_bytes;          /* Heap held by one path snapshot. */
    size_t graph_bytes;         /* Heap held by the graph + discovery. */
    size_t n_pairs;
    double pairs_ms;            /* All pairs: route + backups. */
    double hops_mean;           /* Mean primary-path length, in hops. */
    double backup_share;        /* Hops that have a backup next hop. */
    size_t unreachable;         /* Pairs without a route (must be 0). */
    uint32_t fail_link;         /* Index in the topology, or NONE. */
    double fail_ms;             /* Ports down + topo_path_compute(). */
    size_t changed_next_hops;   /* (switch, dst) primary next hops that
                                 * changed with the failure. */
    size_t changed_switches;    /* Switches with at least one of those. */
    size_t fail_unreachable;    /* (switch, dst) pairs cut off (0). */

    /* With 'compile' (one run, not repeated): the fabric's compiler
     * (fabric-compile) and differ (fabric-sync) with every host known. */
    double compile_ms;          /* Every switch's desired state. */
    size_t flows, groups;       /* Their flows and groups, in total... */
    size_t flows_max, groups_max;   /* ...and on the busiest switch. */
    size_t state_bytes;         /* Heap of all those states. */
    double fail_compile_ms;     /* After the failure: every switch's new
                                 * state and its diff from the old one. */
    size_t fail_msgs;           /* Flow-mods + group-mods of those diffs, */
    size_t fail_msg_switches;   /* the switches that get any, */
    size_t fail_msg_bytes;      /* and their size. */
    double incr_ms;             /* What kumod does instead: every switch's
                                 * fingerprint (fabric_view_fingerprint()),
                                 * then new state and diff only where it
                                 * moved, */
    size_t incr_switches;       /* on this many switches; */
    size_t incr_missed;         /* switches whose fingerprint stayed but
                                 * whose diff was not empty (a bug: 0). */
};

/* Returns this thread's CPU time in ns (CLOCK_THREAD_CPUTIME_ID): on a
 * shared machine it measures the work done, where wall time would also
 * measure the other users. The micro-benchmarks time with it. */
uint64_t bench_topo_calc_cpu_ns(void);

/* Returns the bytes of heap in use (mallinfo2: allocated chunks plus
 * mmapped blocks). */
size_t bench_topo_calc_heap(void);

/* Runs the micro-benchmarks on 't' (whose cut state it leaves alone) with
 * 'n_pairs' host pairs drawn from 'seed', timing each 'reps' (>= 1) times;
 * with 'compile', also the fabric compiler and differ (once).
 * Returns NULL or an error string (caller frees), e.g. when the discovery
 * round does not find exactly the topology's links. */
char *bench_topo_calc(const struct bench_topo *t, uint32_t n_pairs,
                      uint64_t seed, uint32_t reps, bool compile,
                      struct bench_topo_calc_result *res);

#endif /* bench-topo-calc.h */
