/* bench-topo-run: kumo-bench's topology mode ("kumo-bench --topo SPEC"):
 * every switch of a generated topology (bench-topo.h) is emulated as an
 * OpenFlow 1.3 connection to the controller, and the cables between them
 * are played by bench_topo_wire(): an LLDP packet-out on switch A port p
 * comes back as a packet-in on the peer switch B with in_port q, the same
 * frame. The switches answer what a controller asks a freshly started
 * switch (features with ports per the topology, port desc, config, desc,
 * empty flow stats, group desc and group stats, group features, barrier,
 * echo, role) and accept flow-mods and group-mods: each is decoded with
 * Kumo's codec (failures counted) and counted, with its arrival time.
 * Their flow tables are not emulated: a flow or group stats request gets
 * the empty reply of a switch that has just connected, and only LLDP
 * crosses a cable (bench-topo.h).
 *
 * Phases, timed from the moment the connections start (t0):
 *  1. connect and handshake every switch;
 *  2. discovery: until the controller reports every link (--ctl: its
 *     control socket's "counters" command, whose "fabric" section has
 *     the link and host counts and the mods the fabric sent; polled every
 *     'poll_ms', or twice the time its last answer took if longer) or,
 *     without a control socket, until LLDP has crossed every cable in both
 *     directions (a lower bound: the controller has not necessarily
 *     processed it);
 *  3. settle: until every switch has had mods and the mods have settled:
 *     every mod the fabric counts as sent has arrived, and none has come
 *     for 'quiet_ms' plus twice the fabric's latest path recomputation
 *     (it spaces recomputations that far apart), not counting time in
 *     which kumod took long to answer (its fabric thread was busy); the
 *     mods of phases 1-3 count as the initial programming;
 *  4. (with 'bare_fail') link failure, before any host is known: port-status "link down" on
 *     both ends of one link (bench_topo_pick_link()), the cable is cut; the
 *     convergence time is the time from then until the last
 *     flow-mod/group-mod before the mods settle as in 3 (the quiet period
 *     itself is not counted), and, with --ctl, not before the
 *     controller has dropped the link; then restore: port-status "up" on
 *     both ends, the cable carries LLDP again; time until the controller
 *     lists the link again and the mods have settled;
 *  5. hosts: every host port sends one gratuitous ARP as a packet-in (so
 *     the controller learns a host there), then settle again (and, with
 *     --ctl, until the controller lists every host);
 *  6. the same link failure and restore as in 4, now with every host
 *     known (so with paths to them installed).
 * A phase that times out ends the run (later figures would measure the
 * aftermath, not the phase). At the end, one "topology" request is timed
 * (what "kumoctl topology" costs at this size). The controller's RSS
 * (--pid) is read after the handshakes, after discovery, after the hosts,
 * and at the end.
 *
 * One thread, one epoll set, like the rest of kumo-bench. */
#ifndef KUMO_BENCH_TOPO_RUN_H
#define KUMO_BENCH_TOPO_RUN_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench-topo.h"

struct bench_topo_config {
    struct sockaddr_in controller;
    const char *ctl_path;       /* Controller's control socket, or NULL. */
    pid_t pid;                  /* Controller to read RSS/CPU of, or 0. */
    uint32_t quiet_ms;          /* Settled: no mods for this long. */
    uint32_t poll_ms;           /* Control-socket poll period. */
    uint32_t timeout_ms;        /* Per phase. */
    uint32_t max_run_ms;        /* Whole run (the phase then running
                                 * times out), or 0 for no limit. */
    uint64_t seed;              /* Picks the failed link. */
    bool hosts;                 /* Run phase 5 (and 6). */
    bool fail;                  /* Run phase 6 (and 4 if 'bare_fail'). */
    bool bare_fail;             /* Run phase 4. */
    bool quiet;                 /* No progress lines on stderr. */
};

/* Mods seen in one phase. */
struct bench_topo_mods {
    uint64_t flow_mods;
    uint64_t group_mods;
    uint32_t switches;          /* Switches that received any. */
};

/* One link failure and restoration; times in ms from the port-status,
 * -1 if not measured. */
struct bench_topo_fail {
    double seen_ms;             /* The ctl no longer lists the link. */
    double ms;                  /* Last mod: convergence. */
    struct bench_topo_mods mods;
    double restore_seen_ms;     /* The ctl lists the link again. */
    double restore_ms;          /* Last mod after the restoration. */
    struct bench_topo_mods restore_mods;
};

struct bench_topo_result {
    uint32_t n_ready;           /* Switches handshaked. */
    double connect_ms;          /* Every TCP connection up. */
    double ready_ms;            /* Every switch handshaked. */
    double lldp_ms;             /* LLDP crossed every cable both ways. */
    double discovered_ms;       /* Controller listed every link: the
                                 * answer that said so came then; -1. */
    double discovered_asked_ms; /* ...and was asked for then (the state
                                 * it shows is from between the two). */
    long links_reported;        /* Last link count from the ctl; -1. */
    double settled_ms;          /* Last mod of the initial programming. */
    struct bench_topo_mods settle;
    long hosts_reported;        /* Last host count from the ctl; -1. */
    double hosts_learned_ms;    /* Since announce: ctl lists them; -1. */
    double hosts_ms;            /* Since announce: last mod. */
    struct bench_topo_mods host_mods;
    uint32_t fail_link;         /* Link index, or BENCH_TOPO_NONE. */
    struct bench_topo_fail fail0;   /* Phase 4: before the hosts. */
    struct bench_topo_fail fail;    /* Phase 6: with the hosts. */
    const char *timed_out;      /* Phase that timed out, or NULL. */

    /* Whole run. */
    uint64_t flow_mods, group_mods, barriers, packet_outs, packet_ins;
    uint64_t bad_mods;          /* Flow/group mods the codec rejected. */
    uint64_t errors;            /* OFPT_ERROR received. */
    uint64_t disconnects;
    uint64_t lldp_delivered, lldp_cut, lldp_peer_down;
    uint64_t out_to_host, out_not_lldp, out_other;
    long rss_ready_kb, rss_discovered_kb, rss_hosts_kb, rss_end_kb;
    long hwm_end_kb;
    double ctl_cpu_s;           /* Controller CPU over the run, or -1. */
    double gen_cpu_s;           /* kumo-bench's own CPU over the run. */
    uint64_t ctl_polls;         /* "counters" answers received. */
    double topology_ms;         /* One "topology" answer at the end. */
    double ctl_max_ms;          /* Slowest answer (the next poll waits at
                                 * least twice as long as the last answer
                                 * took, so that polling stays a small
                                 * part of the controller's work). */
    double run_s;
};

/* Sets 'cfg' to the defaults. */
void bench_topo_config_init(struct bench_topo_config *cfg);

/* Runs topology mode with topology 't' (its cut state changes during the
 * run) and fills 'res'. Returns NULL or an error string (caller frees). */
char *bench_topo_run(const struct bench_topo_config *cfg,
                     struct bench_topo *t, struct bench_topo_result *res);

#endif /* bench-topo-run.h */
