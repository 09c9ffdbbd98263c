/* bench-tenant-run: kumo-bench's live tenant-network benchmark
 * ("kumo-bench --tenant", issue 5 item 10) against a running kumod with
 * its OpenFlow listener, control socket and REST API.
 *
 * Every switch of a generated topology (bench-topo.h) is emulated as an
 * OpenFlow 1.3 switch WITH a flow table: the flow-mods and group-mods it
 * receives are applied to a fabric_state (bench_tenant_apply()), and the
 * read-back kumod does on connect (flow stats, group desc) is answered
 * from that table. LLDP crosses the cables as in "kumo-bench --topo", so
 * kumod discovers the fabric. Barriers are answered at once (the table
 * is updated before the next message is read).
 *
 * Phases, each bounded by 'timeout_ms':
 *  1. connect and handshake every switch; discovery: until the control
 *     socket's "counters" list every link; settle: until every switch is
 *     synchronised (n_synced) and no mod came for a second;
 *  2. over the REST API: a tenant and a network ("POST /v1/tenants",
 *     "POST /v1/networks"), then settle;
 *  3. 'n_posts' times, one at a time: "POST /v1/ports" with a port-vlan
 *     binding on an edge port of a random switch (bench_tenant_binder),
 *     then wait until the reply has come and no mod has arrived for
 *     'quiet_ms'. Per POST: the time from sending the request to its HTTP
 *     reply, and to the last flow-mod/group-mod it caused on any switch
 *     (or to the BARRIER_REPLY that the switch sent after that mod, when
 *     kumod asked for one), the number of mods and of switches;
 *  4. with 'reconnect': the switch with the most flows closes its
 *     connection and connects again holding its table; then again with 1%
 *     of its Kumo flows different (every 100th: one removed, the next
 *     with another cookie, in turn). Before each reconnection the
 *     fabric is left to settle without the switch (its neighbours lose
 *     the links to it). Each time: the time from the new connection to
 *     the read-back request and its answer, the mods the switch received
 *     and when the last came, the mods fabric-wide (the neighbours get
 *     the links back), and when the control socket showed every switch
 *     synchronised again. */
#ifndef KUMO_BENCH_TENANT_RUN_H
#define KUMO_BENCH_TENANT_RUN_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bench_topo;

struct bench_tenant_config {
    struct sockaddr_in controller;
    struct sockaddr_in api;
    const char *token;          /* Bearer token, or NULL. */
    const char *ctl_path;       /* Required for discovery. */
    pid_t pid;                  /* kumod, for RSS/CPU, or 0. */
    uint32_t n_posts;
    uint32_t quiet_ms;
    bool http_close;            /* A new connection per request
                                 * ("Connection: close"); default: one
                                 * persistent connection, as an
                                 * orchestrator's HTTP client keeps. */
    uint32_t timeout_ms;
    uint64_t seed;
    bool reconnect;
    bool quiet;
    const char *wait_file;      /* Overlay phase: see bench_tenant_run(). */
};

/* One reconnection. Times in ms from the new connection, -1 if not
 * seen. */
struct bench_tenant_reconnect {
    size_t flows, groups;       /* What the switch held. */
    size_t changed;             /* Flows made different. */
    double readback_ms;         /* Flow stats request received. */
    double replied_ms;          /* Its reply queued (whole read-back). */
    double last_mod_ms;         /* Last mod received, or -1 if none. */
    double synced_ms;           /* Control socket: all synchronised. */
    uint64_t flow_mods, group_mods;    /* Fabric-wide (the neighbours get
                                         * the switch's links back). */
    uint64_t sw_mods;                   /* To the reconnected switch. */
    double sw_last_mod_ms;              /* Its last one, or -1. */
    bool equal_after;           /* Table == before (identical case) or
                                 * == the table before the change. */
};

struct bench_tenant_result {
    uint32_t n_ready;
    double ready_ms, discovered_ms, settled_ms;
    uint64_t settle_mods;
    double tenant_ms, network_ms;       /* HTTP reply times. */
    uint32_t n_posts;                   /* POSTs answered 201. */
    double *http_ms;                    /* Per POST (owned). */
    double *flows_ms;                   /* Per POST: last mod or its
                                         * barrier reply; -1: no mod. */
    double *first_ms;                   /* Per POST: first mod; -1. */
    uint32_t *post_mods, *post_switches;
    uint64_t post_barriers;             /* Barriers after a POST's mods. */
    struct bench_tenant_reconnect rec[2];
    uint32_t rec_sw;                    /* Switch index, or UINT32_MAX. */
    uint64_t flow_mods, group_mods, bad_msgs, errors, disconnects;
    long rss_settled_kb, rss_end_kb, hwm_end_kb;
    long tx_drops;                      /* kumod's "counters" total
                                         * tx_drops at the end, or -1. */
    double ctl_cpu_s, run_s;
    const char *timed_out;              /* Phase, or NULL. */
    /* Overlay phase (--wait-file), -1/0 if not run: from the file
     * appearing to the last mod, once every switch holds flows or
     * buckets that set tun_dst; mods in that phase; per switch at the
     * end: flows, groups, "tun_dst" actions (min / max). */
    double overlay_ms;
    uint64_t overlay_mods;
    size_t ov_flows_min, ov_flows_max, ov_groups_min, ov_groups_max;
    size_t ov_tun_min, ov_tun_max;
};

/* Sets 'cfg' to the defaults. */
void bench_tenant_config_init(struct bench_tenant_config *cfg);

/* Runs the benchmark on topology 't' (its cut state is left alone) and
 * fills 'res' (free with bench_tenant_result_uninit(), also after an
 * error). Returns NULL or an error string (caller frees). */
char *bench_tenant_run(const struct bench_tenant_config *cfg,
                       const struct bench_topo *t,
                       struct bench_tenant_result *res);

/* Prints 'res' as text or one JSON line. */
void bench_tenant_result_print(const struct bench_topo *t,
                               const struct bench_tenant_config *cfg,
                               const struct bench_tenant_result *res,
                               bool json);

void bench_tenant_result_uninit(struct bench_tenant_result *res);

#endif /* bench-tenant-run.h */
