/* bench-topo-main: see bench-topo-main.h. */
#include "bench-topo-main.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-opt.h"
#include "bench-topo-calc.h"
#include "bench-topo-run.h"
#include "bench-topo.h"
#include "lib/util.h"

static void
usage(void)
{
    printf("\
kumo-bench --topo: topology scale benchmark\n\
usage: kumo-bench --topo SPEC [OPTIONS]          emulate SPEC against a controller\n\
       kumo-bench --topo SPEC --calc [OPTIONS]   time Kumo's topo modules in-process\n\
\n\
SPEC: fattree:K | random:N:DEGREE[:SEED] | ring:N | line:N |\n\
      leafspine:SPINES:LEAVES   (see bench/bench-topo.h)\n\
\n\
  -c, --controller HOST:PORT  controller to connect to (127.0.0.1:6653)\n\
      --ctl PATH       controller's control socket: poll \"counters\" for\n\
                       the fabric's link, host and mod counts (else\n\
                       discovery is judged by LLDP delivery)\n\
      --pid PID        controller process: RSS and CPU from /proc\n\
      --hosts N        hosts per switch (random, ring, line) or per leaf (1)\n\
      --quiet-ms MS    settled = no flow/group mod for MS (1000)\n\
      --poll-ms MS     control socket poll period (50)\n\
      --timeout MS     time allowed per phase (60000)\n\
      --max-run MS     time allowed for the whole run (no limit)\n\
      --seed N         picks the failed link and the host pairs (1)\n\
      --no-hosts       skip the host phase\n\
      --no-fail        skip the link failure and restore phases\n\
      --bare-fail      also fail and restore the link before the hosts\n\
      --calc           no controller: micro-benchmarks of src/topo\n\
      --pairs N        --calc: host pairs to route (10000)\n\
      --reps N         --calc: repetitions, median reported (3)\n\
      --no-compile     --calc: skip the fabric compiler and differ\n\
      --json           print the result as one line of JSON\n\
  -q, --quiet          no progress lines on stderr\n\
  -h, --help           this help\n");
}

/* True if argv holds "--topo" or "--topo=...". */
bool
bench_topo_main_wanted(int argc, char *argv[])
{
    return bench_opt_given(argc, argv, "topo");
}

static void
print_topo(const struct bench_topo *t, bool json)
{
    if (json) {
        printf("\"topo\":\"%s\",\"switches\":%u,\"links\":%zu,"
               "\"hosts\":%zu,\"ports\":%zu,", t->name, t->n_switches,
               t->n_links, t->n_hosts, t->n_port_total);
    } else {
        printf("topology %s: %u switches, %zu links, %zu hosts, %zu ports\n",
               t->name, t->n_switches, t->n_links, t->n_hosts,
               t->n_port_total);
    }
}

static void
print_calc(const struct bench_topo *t, const struct bench_topo_calc_result *c,
           bool json)
{
    if (json) {
        printf("{\"mode\":\"calc\",");
        print_topo(t, true);
        printf("\"graph_ms\":%.3f,\"lldp_ms\":%.3f,\"lldp_total_ms\":%.3f,"
               "\"lldp_refresh_ms\":%.3f,"
               "\"lldp_probes\":%zu,\"links_found\":%zu,\"graph_kb\":%zu,"
               "\"kinds_ms\":%.3f,\"path_ms\":%.3f,\"path_kb\":%zu,"
               "\"pairs\":%zu,"
               "\"pairs_ms\":%.3f,\"pair_us\":%.3f,\"hops_mean\":%.3f,"
               "\"backup_share\":%.3f,\"unreachable\":%zu,"
               "\"fail_link\":%ld,\"fail_ms\":%.3f,"
               "\"changed_next_hops\":%zu,\"changed_switches\":%zu,"
               "\"fail_unreachable\":%zu",
               c->graph_ms, c->lldp_ms, c->lldp_total_ms, c->lldp_refresh_ms,
               c->lldp_probes,
               c->links_found, c->graph_bytes / 1024, c->kinds_ms, c->path_ms,
               c->path_bytes / 1024, c->n_pairs, c->pairs_ms,
               c->n_pairs ? c->pairs_ms * 1e3 / c->n_pairs : 0, c->hops_mean,
               c->backup_share, c->unreachable,
               c->fail_link == BENCH_TOPO_NONE ? -1L : (long) c->fail_link,
               c->fail_ms, c->changed_next_hops, c->changed_switches,
               c->fail_unreachable);
        if (!c->flows) {
            printf("}\n");             /* The compiler did not run. */
            return;
        }
        printf(",\"compile_ms\":%.3f,\"flows\":%zu,\"groups\":%zu,"
               "\"flows_max\":%zu,\"groups_max\":%zu,\"state_kb\":%zu,"
               "\"fail_compile_ms\":%.3f,\"fail_msgs\":%zu,"
               "\"fail_msg_switches\":%zu,\"fail_msg_kb\":%zu,"
               "\"incr_ms\":%.3f,\"incr_switches\":%zu,"
               "\"incr_missed\":%zu}\n",
               c->compile_ms, c->flows, c->groups, c->flows_max,
               c->groups_max, c->state_bytes / 1024, c->fail_compile_ms,
               c->fail_msgs, c->fail_msg_switches, c->fail_msg_bytes / 1024,
               c->incr_ms, c->incr_switches, c->incr_missed);
        return;
    }
    print_topo(t, false);
    printf("graph of switches and ports: %.2f ms\n", c->graph_ms);
    printf("one LLDP round (%zu probes): %.2f ms in topo_lldp, %.2f ms with "
           "codec and wire; %zu links found; graph + discovery heap %zu kB\n",
           c->lldp_probes, c->lldp_ms, c->lldp_total_ms, c->links_found,
           c->graph_bytes / 1024);
    printf("next LLDP round (every link known): %.2f ms in topo_lldp\n",
           c->lldp_refresh_ms);
    printf("topo_graph_port_kind of every port: %.2f ms\n", c->kinds_ms);
    printf("topo_path_compute: %.2f ms, snapshot heap %zu kB\n", c->path_ms,
           c->path_bytes / 1024);
    printf("%zu host pairs, route + backup at every hop: %.2f ms "
           "(%.2f us/pair), %.2f hops on average, %.0f%% of hops with a "
           "backup\n", c->n_pairs, c->pairs_ms,
           c->n_pairs ? c->pairs_ms * 1e3 / c->n_pairs : 0, c->hops_mean,
           100 * c->backup_share);
    if (c->fail_link != BENCH_TOPO_NONE) {
        const struct bench_topo_link *l = &t->links[c->fail_link];

        printf("link %u (s%u port %u - s%u port %u) down + recompute: "
               "%.2f ms; %zu next hops changed on %zu switches\n",
               c->fail_link, l->a.sw + 1, l->a.port, l->b.sw + 1, l->b.port,
               c->fail_ms, c->changed_next_hops, c->changed_switches);
    }
    if (c->flows) {
        printf("fabric compiler, every host known: %.2f ms for every "
               "switch: %zu flows and %zu groups (busiest switch %zu and "
               "%zu), %zu kB of state\n", c->compile_ms, c->flows,
               c->groups, c->flows_max, c->groups_max,
               c->state_bytes / 1024);
        printf("after the failure: %.2f ms to recompile every switch and "
               "diff: %zu flow/group mods (%zu kB) for %zu switches\n",
               c->fail_compile_ms, c->fail_msgs, c->fail_msg_bytes / 1024,
               c->fail_msg_switches);
        printf("incrementally (as kumod): %.2f ms for every switch's "
               "fingerprint and the new state and diff of the %zu whose "
               "fingerprint moved (%zu with an unchanged fingerprint but "
               "mods: must be 0)\n", c->incr_ms, c->incr_switches,
               c->incr_missed);
    }
}

static void
print_mods(const char *name, const struct bench_topo_mods *m, bool json)
{
    if (json) {
        printf("\"%s_flow_mods\":%llu,\"%s_group_mods\":%llu,"
               "\"%s_mods\":%llu,\"%s_switches\":%u,", name,
               (unsigned long long) m->flow_mods, name,
               (unsigned long long) m->group_mods, name,
               (unsigned long long) (m->flow_mods + m->group_mods), name,
               m->switches);
    } else {
        printf(" (%llu flow-mods, %llu group-mods to %u switches)\n",
               (unsigned long long) m->flow_mods,
               (unsigned long long) m->group_mods, m->switches);
    }
}

static void
print_fail(const char *name, const struct bench_topo_fail *f, bool json)
{
    if (json) {
        char *rname = xasprintf("%s_restore", name);

        printf("\"%s_seen_ms\":%.3f,\"%s_ms\":%.3f,", name, f->seen_ms, name,
               f->ms);
        print_mods(name, &f->mods, true);
        printf("\"%s_seen_ms\":%.3f,\"%s_ms\":%.3f,", rname,
               f->restore_seen_ms, rname, f->restore_ms);
        print_mods(rname, &f->restore_mods, true);
        free(rname);
        return;
    }
    if (f->ms < 0) {
        return;
    }
    printf("link down %s: controller dropped it after %.1f ms, last mod "
           "after %.1f ms", name, f->seen_ms, f->ms);
    print_mods("", &f->mods, false);
    printf("  restored: listed again after %.1f ms, last mod after %.1f ms",
           f->restore_seen_ms, f->restore_ms);
    print_mods("", &f->restore_mods, false);
}

static void
print_run(const struct bench_topo *t, const struct bench_topo_result *r,
          bool json)
{
    if (json) {
        printf("{\"mode\":\"live\",");
        print_topo(t, true);
        printf("\"handshaked\":%u,\"connect_ms\":%.3f,\"ready_ms\":%.3f,"
               "\"lldp_ms\":%.3f,\"discovered_ms\":%.3f,"
               "\"discovered_asked_ms\":%.3f,"
               "\"links_reported\":%ld,\"settled_ms\":%.3f,",
               r->n_ready, r->connect_ms, r->ready_ms, r->lldp_ms,
               r->discovered_ms, r->discovered_asked_ms, r->links_reported,
               r->settled_ms);
        print_mods("settle", &r->settle, true);
        printf("\"hosts_reported\":%ld,\"hosts_learned_ms\":%.3f,"
               "\"hosts_ms\":%.3f,", r->hosts_reported, r->hosts_learned_ms,
               r->hosts_ms);
        print_mods("hosts", &r->host_mods, true);
        printf("\"fail_link\":%ld,",
               r->fail_link == BENCH_TOPO_NONE ? -1L : (long) r->fail_link);
        print_fail("fail0", &r->fail0, true);
        print_fail("fail", &r->fail, true);
        printf("\"timed_out\":\"%s\",\"flow_mods\":%llu,\"group_mods\":%llu,"
               "\"barriers\":%llu,\"packet_outs\":%llu,\"packet_ins\":%llu,"
               "\"bad_msgs\":%llu,\"errors\":%llu,\"disconnects\":%llu,"
               "\"lldp_delivered\":%llu,\"lldp_cut\":%llu,"
               "\"lldp_peer_down\":%llu,\"out_to_host\":%llu,"
               "\"out_not_lldp\":%llu,\"out_other\":%llu,",
               r->timed_out ? r->timed_out : "",
               (unsigned long long) r->flow_mods,
               (unsigned long long) r->group_mods,
               (unsigned long long) r->barriers,
               (unsigned long long) r->packet_outs,
               (unsigned long long) r->packet_ins,
               (unsigned long long) r->bad_mods,
               (unsigned long long) r->errors,
               (unsigned long long) r->disconnects,
               (unsigned long long) r->lldp_delivered,
               (unsigned long long) r->lldp_cut,
               (unsigned long long) r->lldp_peer_down,
               (unsigned long long) r->out_to_host,
               (unsigned long long) r->out_not_lldp,
               (unsigned long long) r->out_other);
        printf("\"rss_ready_kb\":%ld,\"rss_discovered_kb\":%ld,"
               "\"rss_hosts_kb\":%ld,\"rss_end_kb\":%ld,\"hwm_end_kb\":%ld,"
               "\"ctl_cpu_s\":%.3f,\"gen_cpu_s\":%.3f,\"ctl_polls\":%llu,"
               "\"ctl_max_ms\":%.3f,\"topology_ms\":%.3f,\"run_s\":%.3f}\n",
               r->rss_ready_kb, r->rss_discovered_kb, r->rss_hosts_kb,
               r->rss_end_kb, r->hwm_end_kb, r->ctl_cpu_s, r->gen_cpu_s,
               (unsigned long long) r->ctl_polls, r->ctl_max_ms,
               r->topology_ms, r->run_s);
        return;
    }
    print_topo(t, false);
    printf("handshaked %u of %u: all connected %.1f ms, all handshaked "
           "%.1f ms\n", r->n_ready, t->n_switches, r->connect_ms,
           r->ready_ms);
    if (r->lldp_ms >= 0) {
        printf("LLDP crossed every cable both ways at %.1f ms\n",
               r->lldp_ms);
    } else {
        printf("LLDP did not cross every cable both ways (%llu frames "
               "delivered)\n", (unsigned long long) r->lldp_delivered);
    }
    if (r->discovered_ms >= 0) {
        printf("controller listed all %zu links at %.1f ms (in the answer "
               "to a request sent at %.1f ms)\n", t->n_links,
               r->discovered_ms, r->discovered_asked_ms);
    } else {
        printf("controller's link count not known (no usable --ctl)\n");
    }
    printf("initial programming settled at %.1f ms", r->settled_ms);
    print_mods("", &r->settle, false);
    if (r->host_mods.flow_mods || r->host_mods.group_mods
        || r->hosts_reported >= 0) {
        printf("hosts: listed after %.1f ms (%ld reported), last mod after "
               "%.1f ms", r->hosts_learned_ms, r->hosts_reported,
               r->hosts_ms);
        print_mods("", &r->host_mods, false);
    }
    if (r->fail_link != BENCH_TOPO_NONE) {
        const struct bench_topo_link *l = &t->links[r->fail_link];

        printf("failed link %u: s%u port %u - s%u port %u\n", r->fail_link,
               l->a.sw + 1, l->a.port, l->b.sw + 1, l->b.port);
        print_fail("before the hosts", &r->fail0, false);
        print_fail("with the hosts", &r->fail, false);
    }
    printf("totals: %llu flow-mods, %llu group-mods, %llu barriers, "
           "%llu packet-outs (%llu LLDP delivered, %llu on a cut cable, "
           "%llu to a switch not up, %llu to hosts, %llu non-LLDP, "
           "%llu other), %llu packet-ins; %llu bad messages, %llu errors, "
           "%llu disconnects%s%s\n",
           (unsigned long long) r->flow_mods,
           (unsigned long long) r->group_mods,
           (unsigned long long) r->barriers,
           (unsigned long long) r->packet_outs,
           (unsigned long long) r->lldp_delivered,
           (unsigned long long) r->lldp_cut,
           (unsigned long long) r->lldp_peer_down,
           (unsigned long long) r->out_to_host,
           (unsigned long long) r->out_not_lldp,
           (unsigned long long) r->out_other,
           (unsigned long long) r->packet_ins,
           (unsigned long long) r->bad_mods,
           (unsigned long long) r->errors,
           (unsigned long long) r->disconnects,
           r->timed_out ? "; TIMED OUT in phase " : "",
           r->timed_out ? r->timed_out : "");
    if (r->ctl_polls) {
        printf("control socket: %llu \"counters\" answers, the slowest "
               "took %.1f ms; one \"topology\" answer at the end took "
               "%.1f ms\n", (unsigned long long) r->ctl_polls,
               r->ctl_max_ms, r->topology_ms);
    }
    if (r->rss_end_kb >= 0) {
        printf("controller RSS: %ld kB handshaked, %ld kB discovered, "
               "%ld kB with hosts, %ld kB at the end (peak %ld kB); "
               "CPU %.2f s over %.1f s (kumo-bench: %.2f s)\n",
               r->rss_ready_kb, r->rss_discovered_kb, r->rss_hosts_kb,
               r->rss_end_kb, r->hwm_end_kb, r->ctl_cpu_s, r->run_s,
               r->gen_cpu_s);
    }
}

enum {
    OPT_TOPO = 256, OPT_CTL, OPT_PID, OPT_HOSTS, OPT_QUIET_MS, OPT_POLL_MS,
    OPT_TIMEOUT, OPT_SEED, OPT_NO_HOSTS, OPT_NO_FAIL, OPT_CALC, OPT_PAIRS,
    OPT_REPS, OPT_JSON, OPT_BARE_FAIL, OPT_NO_COMPILE, OPT_MAX_RUN,
};

/* Runs topology mode. */
int
bench_topo_main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "topo", required_argument, NULL, OPT_TOPO },
        { "controller", required_argument, NULL, 'c' },
        { "ctl", required_argument, NULL, OPT_CTL },
        { "pid", required_argument, NULL, OPT_PID },
        { "hosts", required_argument, NULL, OPT_HOSTS },
        { "quiet-ms", required_argument, NULL, OPT_QUIET_MS },
        { "poll-ms", required_argument, NULL, OPT_POLL_MS },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "max-run", required_argument, NULL, OPT_MAX_RUN },
        { "seed", required_argument, NULL, OPT_SEED },
        { "no-hosts", no_argument, NULL, OPT_NO_HOSTS },
        { "no-fail", no_argument, NULL, OPT_NO_FAIL },
        { "bare-fail", no_argument, NULL, OPT_BARE_FAIL },
        { "calc", no_argument, NULL, OPT_CALC },
        { "pairs", required_argument, NULL, OPT_PAIRS },
        { "reps", required_argument, NULL, OPT_REPS },
        { "no-compile", no_argument, NULL, OPT_NO_COMPILE },
        { "json", no_argument, NULL, OPT_JSON },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct bench_topo_config cfg;
    struct bench_topo t;
    const char *spec = NULL;
    uint32_t hosts = 1, pairs = 10000, reps = 3;
    bool calc = false, json = false, compile = true;
    char *error;
    int c, status = 0;

    bench_topo_config_init(&cfg);
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:qh", options, NULL)) != -1) {
        switch (c) {
        case OPT_TOPO:
            if (!strcmp(optarg, "--help") || !strcmp(optarg, "-h")) {
                usage();
                return 0;
            }
            spec = optarg;
            break;
        case 'c':
            bench_opt_hostport("-c", optarg, &cfg.controller);
            break;
        case OPT_CTL:
            cfg.ctl_path = optarg;
            break;
        case OPT_PID:
            cfg.pid = bench_opt_uint("--pid", optarg, 1, INT32_MAX);
            break;
        case OPT_HOSTS:
            hosts = bench_opt_uint("--hosts", optarg, 0, 1024);
            break;
        case OPT_QUIET_MS:
            cfg.quiet_ms = bench_opt_uint("--quiet-ms", optarg, 1, 600000);
            break;
        case OPT_POLL_MS:
            cfg.poll_ms = bench_opt_uint("--poll-ms", optarg, 1, 600000);
            break;
        case OPT_TIMEOUT:
            cfg.timeout_ms = bench_opt_uint("--timeout", optarg, 1, 3600000);
            break;
        case OPT_MAX_RUN:
            cfg.max_run_ms = bench_opt_uint("--max-run", optarg, 1, 86400000);
            break;
        case OPT_SEED:
            cfg.seed = bench_opt_uint("--seed", optarg, 0, UINT32_MAX);
            break;
        case OPT_NO_HOSTS:
            cfg.hosts = false;
            break;
        case OPT_NO_FAIL:
            cfg.fail = false;
            break;
        case OPT_BARE_FAIL:
            cfg.bare_fail = true;
            break;
        case OPT_CALC:
            calc = true;
            break;
        case OPT_PAIRS:
            pairs = bench_opt_uint("--pairs", optarg, 0, 100000000);
            break;
        case OPT_NO_COMPILE:
            compile = false;
            break;
        case OPT_REPS:
            reps = bench_opt_uint("--reps", optarg, 1, 1000);
            break;
        case OPT_JSON:
            json = true;
            break;
        case 'q':
            cfg.quiet = true;
            break;
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "kumo-bench: try --topo --help\n");
            return 2;
        }
    }
    bench_opt_no_operands(argc, argv);
    if (!spec) {
        usage();
        return 2;
    }
    error = bench_topo_parse(spec, hosts, &t);
    if (error) {
        return bench_opt_fail(error, 2);
    }
    signal(SIGPIPE, SIG_IGN);
    if (calc) {
        struct bench_topo_calc_result res;

        error = bench_topo_calc(&t, pairs, cfg.seed, reps, compile, &res);
        if (!error) {
            print_calc(&t, &res, json);
        }
    } else {
        struct bench_topo_result res;

        error = bench_topo_run(&cfg, &t, &res);
        if (!error) {
            print_run(&t, &res, json);
            status = res.timed_out ? 1 : 0;
        }
    }
    if (error) {
        status = bench_opt_fail(error, 1);
    }
    bench_topo_uninit(&t);
    return status;
}
