/* kumo-bench: a cbench-class load generator for OpenFlow controllers, and
 * the do-nothing responder its latency figures are compared with.
 *
 * This file is the command line: options, mode dispatch, output. The
 * emulated switches live in bench-run.c, the responder in
 * bench-responder.c. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-io.h"
#include "bench-opt.h"
#include "bench-responder.h"
#include "bench-run.h"
#include "bench-tenant-main.h"
#include "bench-topo-main.h"
#include "lib/util.h"
#include "openflow/openflow-common.h"

static void
usage(void)
{
    printf("\
kumo-bench: OpenFlow controller benchmark (cbench-like)\n\
usage: kumo-bench [OPTIONS]                 benchmark a controller\n\
       kumo-bench --responder ptcp:PORT[:IP] [-O VER]   do-nothing controller\n\
       kumo-bench --topo SPEC [OPTIONS]     topology scale (--topo --help)\n\
\n\
  -c, --controller HOST:PORT  controller to connect to (127.0.0.1:6653)\n\
  -s, --switches N     emulated switches (16)\n\
  -M, --macs N         source MACs per switch, >= 2 (1000)\n\
  -P, --ports N        ports per switch, even (4)\n\
  -l, --loops N        measured loops (10)\n\
  -m, --ms MS          length of a loop in ms (1000)\n\
  -w, --warmup N       loops run before measuring (1)\n\
  -W, --window N       throughput mode: packet-ins outstanding per switch (256)\n\
  -O, --version V      OpenFlow version: 1.0 or 1.3 (1.0)\n\
  -t, --latency        latency mode: one outstanding packet-in per switch\n\
      --storm          connect-storm mode: time until all switches handshaked\n\
      --pid PID        report the controller's RSS (from /proc/PID/status)\n\
      --timeout MS     time allowed for all handshakes (30000)\n\
      --verify         decode every response fully with Kumo's codec\n\
      --json           print the result as one line of JSON\n\
  -q, --quiet          no per-loop lines on stderr\n\
      --responder ptcp:PORT[:IP]  run the do-nothing responder (IP 127.0.0.1)\n\
  -h, --help           this help\n\
\n\
Throughput counts the flow-mods and packet-outs received per second (median\n\
over the measured loops); latency mode adds per-request latency percentiles.\n");
}

static uint8_t
parse_version(const char *s)
{
    if (!strcmp(s, "1.0") || !strcmp(s, "OpenFlow10")) {
        return OFP10_VERSION;
    } else if (!strcmp(s, "1.3") || !strcmp(s, "OpenFlow13")) {
        return OFP13_VERSION;
    }
    fprintf(stderr, "kumo-bench: -O: \"%s\": expected 1.0 or 1.3\n", s);
    exit(2);
}

static const char *
mode_name(enum bench_mode mode)
{
    return (mode == BENCH_THROUGHPUT ? "throughput"
            : mode == BENCH_LATENCY ? "latency" : "storm");
}

static void
print_text(const struct bench_config *cfg, const struct bench_result *res)
{
    printf("mode %s, OpenFlow %s, %u switches, %u MACs/switch\n",
           mode_name(cfg->mode), cfg->version == OFP10_VERSION ? "1.0" : "1.3",
           cfg->n_switches, cfg->n_macs);
    printf("handshaked: %u of %u; all connected %.1f ms, all features "
           "replies %.1f ms, all handshaked %.1f ms\n", res->n_ready,
           cfg->n_switches, res->connect_ms, res->features_ms,
           res->ready_ms);
    if (cfg->mode != BENCH_STORM) {
        printf("learning phase: %.1f ms\n", res->learn_ms);
        printf("responses/s over %zu loops: median %.0f, min %.0f, "
               "max %.0f, mean %.0f\n", res->n_loops, res->rate.median,
               res->rate.min, res->rate.max, res->rate.mean);
        printf("packet-ins answered/s: median %.0f; per switch over the "
               "measured loops: fewest %llu, most %llu\n",
               res->answer_rate.median,
               (unsigned long long) res->sw_answered_min,
               (unsigned long long) res->sw_answered_max);
        printf("totals: %llu packet-ins sent, %llu flow-mods, "
               "%llu packet-outs; %llu errors, %llu stalls, "
               "%llu disconnects, %llu verify failures, %llu bad messages\n",
               (unsigned long long) res->packet_ins,
               (unsigned long long) res->flow_mods,
               (unsigned long long) res->packet_outs,
               (unsigned long long) res->errors,
               (unsigned long long) res->stalls,
               (unsigned long long) res->disconnects,
               (unsigned long long) res->verify_errors,
               (unsigned long long) res->bad_msgs);
    }
    if (res->measured_s > 0) {
        uint64_t responses = res->flow_mods + res->packet_outs;

        printf("CPU over %.1f s measured: kumo-bench %.2f s", res->measured_s,
               res->gen_cpu_s);
        if (res->ctl_cpu_s >= 0 && cfg->mode == BENCH_STORM) {
            printf(", controller %.2f s (%.0f%% of a core)", res->ctl_cpu_s,
                   100 * res->ctl_cpu_s / res->measured_s);
        } else if (res->ctl_cpu_s > 0) {
            printf(", controller %.2f s (%.0f%% of a core): %.0f responses "
                   "per controller CPU-second", res->ctl_cpu_s,
                   100 * res->ctl_cpu_s / res->measured_s,
                   responses / res->ctl_cpu_s);
        }
        printf("\n");
    }
    if (cfg->mode == BENCH_LATENCY) {
        printf("latency over %llu requests: median %.1f us, p99 %.1f us, "
               "mean %.1f us\n", (unsigned long long) res->lat_n,
               res->lat_p50_ns / 1e3, res->lat_p99_ns / 1e3,
               res->lat_mean_ns / 1e3);
    }
    if (cfg->pid) {
        printf("controller pid %ld: RSS %ld kB after handshakes, %ld kB at "
               "end (peak %ld kB)\n", (long) cfg->pid, res->rss_ready_kb,
               res->rss_end_kb, res->hwm_end_kb);
    }
}

static void
print_json(const struct bench_config *cfg, const struct bench_result *res)
{
    size_t i;

    printf("{\"mode\":\"%s\",\"version\":\"%s\",\"switches\":%u,"
           "\"macs\":%u,\"loops\":%u,\"loop_ms\":%u,\"warmup\":%u,"
           "\"window\":%u,", mode_name(cfg->mode),
           cfg->version == OFP10_VERSION ? "1.0" : "1.3", cfg->n_switches,
           cfg->n_macs, cfg->loops, cfg->loop_ms, cfg->warmup, cfg->window);
    printf("\"handshaked\":%u,\"connect_ms\":%.3f,\"features_ms\":%.3f,"
           "\"ready_ms\":%.3f,\"learn_ms\":%.3f,", res->n_ready,
           res->connect_ms, res->features_ms, res->ready_ms, res->learn_ms);
    printf("\"median\":%.0f,\"min\":%.0f,\"max\":%.0f,\"mean\":%.0f,"
           "\"answered_median\":%.0f,\"samples\":[", res->rate.median,
           res->rate.min, res->rate.max, res->rate.mean,
           res->answer_rate.median);
    for (i = 0; i < res->n_loops; i++) {
        printf("%s%.0f", i ? "," : "", res->rates[i]);
    }
    printf("],\"packet_ins\":%llu,\"flow_mods\":%llu,\"packet_outs\":%llu,"
           "\"errors\":%llu,\"stalls\":%llu,\"disconnects\":%llu,"
           "\"verify_errors\":%llu,\"bad_msgs\":%llu,"
           "\"sw_answered_min\":%llu,\"sw_answered_max\":%llu,",
           (unsigned long long) res->packet_ins,
           (unsigned long long) res->flow_mods,
           (unsigned long long) res->packet_outs,
           (unsigned long long) res->errors,
           (unsigned long long) res->stalls,
           (unsigned long long) res->disconnects,
           (unsigned long long) res->verify_errors,
           (unsigned long long) res->bad_msgs,
           (unsigned long long) res->sw_answered_min,
           (unsigned long long) res->sw_answered_max);
    printf("\"lat_n\":%llu,\"lat_p50_us\":%.3f,\"lat_p99_us\":%.3f,"
           "\"lat_mean_us\":%.3f,", (unsigned long long) res->lat_n,
           res->lat_p50_ns / 1e3, res->lat_p99_ns / 1e3,
           res->lat_mean_ns / 1e3);
    printf("\"measured_s\":%.3f,\"gen_cpu_s\":%.3f,\"ctl_cpu_s\":%.3f,"
           "\"per_ctl_cpu_s\":%.0f,", res->measured_s, res->gen_cpu_s,
           res->ctl_cpu_s, (res->ctl_cpu_s > 0
                            ? (res->flow_mods + res->packet_outs)
                              / res->ctl_cpu_s : 0));
    printf("\"rss_ready_kb\":%ld,\"rss_end_kb\":%ld,\"hwm_end_kb\":%ld}\n",
           res->rss_ready_kb, res->rss_end_kb, res->hwm_end_kb);
}

enum {
    OPT_STORM = 256, OPT_PID, OPT_JSON, OPT_RESPONDER, OPT_VERIFY,
    OPT_TIMEOUT,
};

int
main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "controller", required_argument, NULL, 'c' },
        { "switches", required_argument, NULL, 's' },
        { "macs", required_argument, NULL, 'M' },
        { "ports", required_argument, NULL, 'P' },
        { "loops", required_argument, NULL, 'l' },
        { "ms", required_argument, NULL, 'm' },
        { "warmup", required_argument, NULL, 'w' },
        { "window", required_argument, NULL, 'W' },
        { "version", required_argument, NULL, 'O' },
        { "latency", no_argument, NULL, 't' },
        { "quiet", no_argument, NULL, 'q' },
        { "storm", no_argument, NULL, OPT_STORM },
        { "pid", required_argument, NULL, OPT_PID },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "verify", no_argument, NULL, OPT_VERIFY },
        { "json", no_argument, NULL, OPT_JSON },
        { "responder", required_argument, NULL, OPT_RESPONDER },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct bench_config cfg;
    struct bench_result res;
    const char *responder = NULL;
    bool json = false, version_set = false;
    char *error;
    int c;

    /* Before --topo: the tenant modes take a --topo option too. */
    if (bench_tenant_main_wanted(argc, argv)) {
        return bench_tenant_main(argc, argv);
    }
    if (bench_topo_main_wanted(argc, argv)) {
        return bench_topo_main(argc, argv);
    }
    bench_run_config_init(&cfg);
    while ((c = getopt_long(argc, argv, "c:s:M:P:l:m:w:W:O:tqh", options,
                            NULL)) != -1) {
        switch (c) {
        case 'c':
            bench_opt_hostport("-c", optarg, &cfg.controller);
            break;
        case 's':
            cfg.n_switches = bench_opt_uint("-s", optarg, 1, 65536);
            break;
        case 'M':
            cfg.n_macs = bench_opt_uint("-M", optarg, 2, 1u << 24);
            break;
        case 'P':
            cfg.n_ports = bench_opt_uint("-P", optarg, 2, 1000);
            if (cfg.n_ports % 2) {
                fprintf(stderr, "kumo-bench: -P: port count must be even\n");
                return 2;
            }
            break;
        case 'l':
            cfg.loops = bench_opt_uint("-l", optarg, 1, 1000000);
            break;
        case 'm':
            cfg.loop_ms = bench_opt_uint("-m", optarg, 10, 3600000);
            break;
        case 'w':
            cfg.warmup = bench_opt_uint("-w", optarg, 0, 1000000);
            break;
        case 'W':
            cfg.window = bench_opt_uint("-W", optarg, 1, 65536);
            break;
        case 'O':
            cfg.version = parse_version(optarg);
            version_set = true;
            break;
        case 't':
            cfg.mode = BENCH_LATENCY;
            break;
        case 'q':
            cfg.quiet = true;
            break;
        case OPT_STORM:
            cfg.mode = BENCH_STORM;
            break;
        case OPT_PID:
            cfg.pid = bench_opt_uint("--pid", optarg, 1, INT32_MAX);
            break;
        case OPT_TIMEOUT:
            cfg.ready_timeout_ms = bench_opt_uint("--timeout", optarg, 1,
                                              3600000);
            break;
        case OPT_VERIFY:
            cfg.verify = true;
            break;
        case OPT_JSON:
            json = true;
            break;
        case OPT_RESPONDER:
            responder = optarg;
            break;
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "kumo-bench: try --help\n");
            return 2;
        }
    }
    bench_opt_no_operands(argc, argv);
    signal(SIGPIPE, SIG_IGN);

    if (responder) {
        struct sockaddr_in sin;
        uint32_t versions = (version_set ? 1u << cfg.version
                             : (1u << OFP10_VERSION) | (1u << OFP13_VERSION));

        error = bench_io_parse_ptcp(responder, &sin);
        if (!error) {
            error = bench_responder_run(&sin, versions);
        }
        if (error) {
            fprintf(stderr, "kumo-bench: --responder: %s\n", error);
            free(error);
            return 1;
        }
        return 0;
    }

    error = bench_run(&cfg, &res);
    if (error) {
        bench_run_result_uninit(&res);
        return bench_opt_fail(error, 1);
    }
    if (json) {
        print_json(&cfg, &res);
    } else {
        print_text(&cfg, &res);
    }
    bench_run_result_uninit(&res);
    return 0;
}
