/* bench-run: kumo-bench's emulated switches and its measurement modes.
 *
 * One thread, one epoll set. Every emulated switch is a TCP connection to
 * the controller that does the switch side of the handshake (hello,
 * features reply, port desc, config, barrier, echo, role, stats), then, in
 * the load modes, sends packet-ins (see bench-frame.h for the traffic) and
 * counts the flow-mods and packet-outs that come back.
 *
 * A switch counts as handshaked ("ready") once it has sent its features
 * reply and an echo request sent after its answer to the controller's last
 * handshake request has come back: the controller handles a connection's
 * messages in order, so by then it has taken in everything the switch told
 * it. */
#ifndef KUMO_BENCH_RUN_H
#define KUMO_BENCH_RUN_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench-stats.h"

enum bench_mode {
    BENCH_THROUGHPUT,   /* Pipelined: 'window' packet-ins outstanding. */
    BENCH_LATENCY,      /* One outstanding packet-in per switch. */
    BENCH_STORM,        /* Connect every switch at once, time handshakes. */
};

struct bench_config {
    struct sockaddr_in controller;
    enum bench_mode mode;
    uint8_t version;            /* OFP10_VERSION or OFP13_VERSION. */
    uint32_t n_switches;
    uint32_t n_macs;            /* Per switch, >= 2. */
    uint32_t n_ports;           /* Per switch, even. */
    uint32_t loops;             /* Measured loops. */
    uint32_t loop_ms;
    uint32_t warmup;            /* Loops run before measuring. */
    uint32_t window;            /* Throughput mode: per switch. */
    uint32_t ready_timeout_ms;  /* Time allowed for every handshake. */
    pid_t pid;                  /* Controller to read RSS of, or 0. */
    bool verify;                /* Decode every response fully. */
    bool quiet;                 /* No per-loop lines on stderr. */
};

/* Sets 'cfg' to kumo-bench's defaults (controller 127.0.0.1:6653). */
void bench_run_config_init(struct bench_config *cfg);

struct bench_result {
    /* Load modes: one sample per measured loop. */
    double *rates;              /* Responses (flow-mods + packet-outs)/s. */
    double *answered;           /* Packet-ins answered per second. */
    size_t n_loops;
    struct bench_stats_summary rate;
    struct bench_stats_summary answer_rate;
    uint64_t flow_mods;         /* During measured loops. */
    uint64_t packet_outs;
    uint64_t packet_ins;        /* Sent during measured loops. */
    uint64_t errors;            /* OFPT_ERROR received, whole run. */
    uint64_t stalls;            /* Windows given up as lost (timeout). */
    uint64_t verify_errors;     /* Responses --verify failed to decode. */
    uint64_t bad_msgs;          /* Messages the codec rejected. */
    uint64_t sw_answered_min;   /* Fairness: fewest and most packet-ins */
    uint64_t sw_answered_max;   /* answered for one switch (measured). */
    uint64_t disconnects;       /* Switches the controller dropped. */

    /* Latency mode: nanoseconds, over measured loops. */
    uint64_t lat_n;
    uint32_t lat_p50_ns;
    uint32_t lat_p99_ns;
    double lat_mean_ns;

    /* Connection phase (every mode). */
    uint32_t n_ready;           /* Switches handshaked. */
    double connect_ms;          /* Until every TCP connection was up. */
    double features_ms;         /* Until every features reply was sent. */
    double ready_ms;            /* Until every switch was handshaked. */
    double learn_ms;            /* Learning phase (load modes). */

    /* CPU time used during the measured loops (load modes) or the
     * handshakes (storm), in seconds, by the controller (--pid; -1
     * without) and by kumo-bench itself. On a shared machine responses per
     * controller CPU-second are steadier than responses per second. */
    double ctl_cpu_s;
    double gen_cpu_s;
    double measured_s;          /* Wall time of the loops or handshakes. */

    /* Memory of --pid, in kB, or -1: after the handshakes; at the end. */
    long rss_ready_kb;
    long rss_end_kb;
    long hwm_end_kb;
};

/* Runs the benchmark 'cfg' and fills in 'result' (release it with
 * bench_run_result_uninit()). Returns NULL or an error string (caller
 * frees) if the benchmark could not be run. */
char *bench_run(const struct bench_config *cfg, struct bench_result *result);

/* Frees the samples of 'result'. */
void bench_run_result_uninit(struct bench_result *result);

/* Reads field 'field' ("VmRSS", "VmHWM") of /proc/'pid'/status, in kB.
 * Returns -1 if it cannot. */
long bench_run_read_status_kb(pid_t pid, const char *field);

/* Returns the user + system CPU time of process 'pid' (0: this process) in
 * seconds, from /proc/PID/stat, or -1 if it cannot be read. */
double bench_run_read_cpu_s(pid_t pid);

#endif /* bench-run.h */
