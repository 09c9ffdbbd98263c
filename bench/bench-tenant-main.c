/* bench-tenant-main: see bench-tenant-main.h. */
#include "bench-tenant-main.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-opt.h"
#include "bench-ofp.h"
#include "bench-tenant.h"
#include "bench-tenant-calc.h"
#include "bench-tenant-run.h"
#include "bench-topo.h"
#include "lib/util.h"
#include "vnet/vnet.h"

static void
usage(void)
{
    printf("\
kumo-bench --tenant: tenant network benchmarks (issue 5 item 10)\n\
usage: kumo-bench --tenant-calc [OPTIONS]   time Kumo's tenant code in-process\n\
       kumo-bench --tenant [OPTIONS]        live: emulated switches + REST API\n\
\n\
common:\n\
      --topo SPEC      emulated fabric (random:100:4), see kumo-bench --topo -h,\n\
                       or hv:N: N switches without links (hypervisors' br-int)\n\
      --hosts N        edge ports per switch (8; at most 4096)\n\
      --seed N         model, switch choice (1)\n\
      --json           print the result as one line of JSON\n\
--tenant-calc:\n\
      --networks N     networks in the model (1000)\n\
      --ports N        ports in the model (10000)\n\
      --spread N       switches per network (4)\n\
      --iface-id       hypervisor model: ports bound by iface-id to one VIF\n\
                       each on the switches' edge ports (br-ints; use with\n\
                       --topo hv:N and enough --hosts), carried by VNI\n\
      --rec-switch N   switch (1-based) to reconcile (the one with most flows)\n\
      --fill-db PATH   only write the model into the store at PATH (for a\n\
                       kumod --db) and exit\n\
--tenant (live):\n\
  -c, --controller HOST:PORT  kumod's OpenFlow listener (127.0.0.1:6653)\n\
      --api HOST:PORT  kumod's REST API (127.0.0.1:8181)\n\
      --token TOKEN    bearer token for the API (none)\n\
      --ctl PATH       kumod's control socket (discovery, counters)\n\
      --pid PID        kumod: RSS and CPU from /proc\n\
      --posts N        ports to POST, one at a time (200; 0: none)\n\
      --quiet-ms MS    a POST is done when no mod came for MS (100)\n\
      --http-close     a new API connection per request (default: one\n\
                       persistent HTTP/1.1 connection)\n\
      --timeout MS     time allowed per phase (60000)\n\
      --reconnect      then disconnect the switch with the most flows and\n\
                       reconnect it holding its table, and again with 1%%\n\
                       of its flows different\n\
      --tunnel-ports   name each switch's last 3 ports kumo-vxlan,\n\
                       kumo-geneve, kumo-gre (emulated br-ints)\n\
      --wait-file PATH after the posts: create PATH.ready, wait for PATH\n\
                       (the hypervisors are being configured), then until\n\
                       PATH.done exists and every switch is synchronised,\n\
                       quiet and holds tun_dst actions (overlay_ms from\n\
                       PATH appearing to the last mod)\n\
  -q, --quiet          no progress lines on stderr\n\
  -h, --help           this help\n");
}

/* True if argv holds "--tenant" or "--tenant-calc". */
bool
bench_tenant_main_wanted(int argc, char *argv[])
{
    return (bench_opt_given(argc, argv, "tenant")
            || bench_opt_given(argc, argv, "tenant-calc"));
}

static void
print_calc(const struct bench_topo *t, const struct bench_tenant_model *m,
           const struct bench_tenant_calc_result *c, bool json)
{
    if (json) {
        printf("{\"mode\":\"tenant-calc\",\"topo\":\"%s\",\"switches\":%u,"
               "\"edge_ports\":%zu,\"networks\":%u,\"ports\":%u,"
               "\"spread\":%u,\"iface_id\":%s,\"nets_carried\":%u,"
               "\"skipped\":%zu,"
               "\"fill_s\":%.3f,\"store_kb\":%zu,\"snapshot_ms\":%.3f,"
               "\"snapshot_kb\":%zu,\"tview_ms\":%.3f,\"tview_kb\":%zu,"
               "\"compile_ms\":%.3f,\"flows\":%zu,\"tenant_flows\":%zu,"
               "\"groups\":%zu,\"flows_max\":%zu,\"groups_max\":%zu,"
               "\"state_kb\":%zu,\"add_write_ms\":%.3f,"
               "\"add_snapshot_ms\":%.3f,\"add_tview_ms\":%.3f,"
               "\"add_compile_ms\":%.3f,\"add_fabric_ms\":%.3f,"
               "\"add_part_compile_ms\":%.3f,\"add_part_diff_ms\":%.3f,"
               "\"add_part_merge_ms\":%.3f,\"add_msgs\":%zu,"
               "\"add_switches\":%zu,\"rec_switch\":%u,\"rec_flows\":%zu,"
               "\"rec_groups\":%zu,\"rec_kb\":%zu,\"rec_ms\":%.3f,"
               "\"rec_msgs\":%zu,\"rec1_changed\":%zu,\"rec1_ms\":%.3f,"
               "\"rec1_msgs\":%zu,\"rss_kb\":%ld,\"hwm_kb\":%ld}\n",
               t->name, t->n_switches, t->n_hosts, m->n_networks,
               m->n_ports, m->spread, m->iface_id ? "true" : "false",
               c->n_nets_carried, c->n_skipped, c->fill_s,
               c->store_bytes / 1024, c->snapshot_ms,
               c->snapshot_bytes / 1024, c->tview_ms, c->tview_bytes / 1024,
               c->compile_ms, c->flows, c->tenant_flows, c->groups,
               c->flows_max, c->groups_max, c->state_bytes / 1024,
               c->add_write_ms, c->add_snapshot_ms, c->add_tview_ms,
               c->add_compile_ms, c->add_fabric_ms, c->add_part_compile_ms,
               c->add_part_diff_ms, c->add_part_merge_ms, c->add_msgs,
               c->add_switches, c->rec_sw + 1, c->rec_flows, c->rec_groups,
               c->rec_bytes / 1024, c->rec_ms, c->rec_msgs, c->rec1_changed,
               c->rec1_ms, c->rec1_msgs, c->rss_kb, c->hwm_kb);
        return;
    }
    printf("topology %s: %u switches, %zu edge ports; model: %u networks "
           "(%u carried, %zu networks/bindings not carried), %u ports "
           "(bound by %s), %u switches per network\n", t->name,
           t->n_switches, t->n_hosts, m->n_networks, c->n_nets_carried,
           c->n_skipped, m->n_ports, m->iface_id ? "iface-id" : "port-vlan",
           m->spread);
    printf("store (SQLite :memory:): %.2f s to write, %zu kB heap\n",
           c->fill_s, c->store_bytes / 1024);
    printf("snapshot: %.2f ms, %zu kB; tenant view: %.2f ms, %zu kB\n",
           c->snapshot_ms, c->snapshot_bytes / 1024, c->tview_ms,
           c->tview_bytes / 1024);
    printf("full recompute, every switch: %.2f ms: %zu flows (%zu tenant) "
           "and %zu groups (busiest switch %zu and %zu), %zu kB of state\n",
           c->compile_ms, c->flows, c->tenant_flows, c->groups, c->flows_max,
           c->groups_max, c->state_bytes / 1024);
    printf("one port added: store %.2f ms, snapshot %.2f ms, tenant view "
           "%.2f ms, recompile + diff of every switch %.2f ms (compile "
           "%.2f, diffs %.2f, merge %.2f; the fabric's own compile alone "
           "%.2f ms): %zu messages to %zu switches\n", c->add_write_ms,
           c->add_snapshot_ms, c->add_tview_ms, c->add_compile_ms,
           c->add_part_compile_ms, c->add_part_diff_ms,
           c->add_part_merge_ms, c->add_fabric_ms, c->add_msgs,
           c->add_switches);
    printf("reconcile switch %u (%zu flows, %zu groups, %zu kB read back): "
           "identical %.2f ms, %zu messages; %zu flows different %.2f ms, "
           "%zu messages\n", c->rec_sw + 1, c->rec_flows, c->rec_groups,
           c->rec_bytes / 1024, c->rec_ms, c->rec_msgs, c->rec1_changed,
           c->rec1_ms, c->rec1_msgs);
    printf("process RSS %ld kB (peak %ld kB)\n", c->rss_kb, c->hwm_kb);
}

enum {
    OPT_TENANT = 256, OPT_TENANT_CALC, OPT_TOPO, OPT_HOSTS, OPT_SEED,
    OPT_JSON, OPT_NETWORKS, OPT_PORTS, OPT_SPREAD, OPT_REC_SWITCH, OPT_API,
    OPT_TOKEN, OPT_CTL, OPT_PID, OPT_POSTS, OPT_QUIET_MS, OPT_HTTP_CLOSE, OPT_TIMEOUT,
    OPT_RECONNECT, OPT_FILL_DB, OPT_WAIT_FILE, OPT_TUNNEL_PORTS,
    OPT_IFACE_ID,
};

/* Runs the tenant modes. */
int
bench_tenant_main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "tenant", no_argument, NULL, OPT_TENANT },
        { "tenant-calc", no_argument, NULL, OPT_TENANT_CALC },
        { "topo", required_argument, NULL, OPT_TOPO },
        { "hosts", required_argument, NULL, OPT_HOSTS },
        { "seed", required_argument, NULL, OPT_SEED },
        { "json", no_argument, NULL, OPT_JSON },
        { "networks", required_argument, NULL, OPT_NETWORKS },
        { "ports", required_argument, NULL, OPT_PORTS },
        { "spread", required_argument, NULL, OPT_SPREAD },
        { "rec-switch", required_argument, NULL, OPT_REC_SWITCH },
        { "controller", required_argument, NULL, 'c' },
        { "api", required_argument, NULL, OPT_API },
        { "token", required_argument, NULL, OPT_TOKEN },
        { "ctl", required_argument, NULL, OPT_CTL },
        { "pid", required_argument, NULL, OPT_PID },
        { "posts", required_argument, NULL, OPT_POSTS },
        { "quiet-ms", required_argument, NULL, OPT_QUIET_MS },
        { "http-close", no_argument, NULL, OPT_HTTP_CLOSE },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "reconnect", no_argument, NULL, OPT_RECONNECT },
        { "fill-db", required_argument, NULL, OPT_FILL_DB },
        { "wait-file", required_argument, NULL, OPT_WAIT_FILE },
        { "tunnel-ports", no_argument, NULL, OPT_TUNNEL_PORTS },
        { "iface-id", no_argument, NULL, OPT_IFACE_ID },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct bench_tenant_model m = {
        .n_networks = 1000, .n_ports = 10000, .spread = 4, .seed = 1,
    };
    struct bench_tenant_config cfg;
    const char *spec = "random:100:4";
    const char *fill_db = NULL;
    uint32_t hosts = 8, rec_sw = UINT32_MAX;
    bool calc = false, json = false;
    struct bench_topo t;
    char *error;
    int c, status = 0;

    bench_tenant_config_init(&cfg);
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:qh", options, NULL)) != -1) {
        switch (c) {
        case OPT_TENANT:
            break;
        case OPT_TENANT_CALC:
            calc = true;
            break;
        case OPT_TOPO:
            spec = optarg;
            break;
        case OPT_HOSTS:
            hosts = bench_opt_uint("--hosts", optarg, 0, 4096);
            break;
        case OPT_SEED:
            m.seed = cfg.seed = bench_opt_uint("--seed", optarg, 0,
                                               UINT32_MAX);
            break;
        case OPT_JSON:
            json = true;
            break;
        case OPT_NETWORKS:
            m.n_networks = bench_opt_uint("--networks", optarg, 1, 1000000);
            break;
        case OPT_PORTS:
            m.n_ports = bench_opt_uint("--ports", optarg, 0, 10000000);
            break;
        case OPT_SPREAD:
            m.spread = bench_opt_uint("--spread", optarg, 1, 100000);
            break;
        case OPT_REC_SWITCH:
            rec_sw = bench_opt_uint("--rec-switch", optarg, 1, 1000000) - 1;
            break;
        case 'c':
            bench_opt_hostport("-c", optarg, &cfg.controller);
            break;
        case OPT_API:
            bench_opt_hostport("--api", optarg, &cfg.api);
            break;
        case OPT_TOKEN:
            cfg.token = optarg;
            break;
        case OPT_CTL:
            cfg.ctl_path = optarg;
            break;
        case OPT_WAIT_FILE:
            cfg.wait_file = optarg;
            break;
        case OPT_IFACE_ID:
            m.iface_id = true;
            break;
        case OPT_TUNNEL_PORTS:
            bench_ofp_set_tunnel_names(true);
            break;
        case OPT_PID:
            cfg.pid = bench_opt_uint("--pid", optarg, 1, INT32_MAX);
            break;
        case OPT_POSTS:
            cfg.n_posts = bench_opt_uint("--posts", optarg, 0, 100000);
            break;
        case OPT_QUIET_MS:
            cfg.quiet_ms = bench_opt_uint("--quiet-ms", optarg, 1, 600000);
            break;
        case OPT_HTTP_CLOSE:
            cfg.http_close = true;
            break;
        case OPT_TIMEOUT:
            cfg.timeout_ms = bench_opt_uint("--timeout", optarg, 1, 3600000);
            break;
        case OPT_RECONNECT:
            cfg.reconnect = true;
            break;
        case OPT_FILL_DB:
            fill_db = optarg;
            break;
        case 'q':
            cfg.quiet = true;
            break;
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "kumo-bench: try --tenant --help\n");
            return 2;
        }
    }
    bench_opt_no_operands(argc, argv);
    if (!strncmp(spec, "hv:", 3)) {
        bench_tenant_topo_isolated(bench_opt_uint("--topo hv:N", spec + 3, 1,
                                              65535), hosts, &t);
        error = NULL;
    } else {
        error = bench_topo_parse(spec, hosts, &t);
    }
    if (error) {
        return bench_opt_fail(error, 2);
    }
    signal(SIGPIPE, SIG_IGN);
    if (fill_db) {
        struct vnet_error err;
        struct vnet_db *db = vnet_db_open(fill_db, &err);

        error = db ? bench_tenant_model_fill(db, &t, &m)
                   : xasprintf("%s: %s", fill_db, err.message);
        vnet_db_close(db);
    } else if (calc) {
        struct bench_tenant_calc_result res;

        error = bench_tenant_calc(&t, &m, rec_sw, &res);
        if (!error) {
            print_calc(&t, &m, &res, json);
        }
    } else {
        struct bench_tenant_result res;

        error = bench_tenant_run(&cfg, &t, &res);
        if (!error) {
            bench_tenant_result_print(&t, &cfg, &res, json);
            status = res.timed_out ? 1 : 0;
        }
        bench_tenant_result_uninit(&res);
    }
    if (error) {
        status = bench_opt_fail(error, 1);
    }
    bench_topo_uninit(&t);
    return status;
}
