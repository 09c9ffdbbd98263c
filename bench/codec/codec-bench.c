/* kumo-codec-bench: nanoseconds per message on the codec's hot paths, and
 * proof that they allocate nothing per message.
 *
 *     kumo-codec-bench [ITERATIONS]
 *
 * Measures, for OpenFlow 1.0 and 1.3: packet-in decode, flow-mod encode (a
 * learning switch's L2 flow: in_port + eth_src + eth_dst -> output) and
 * packet-out encode (single output, carrying a 64-byte frame). Each figure
 * is the median of 7 runs of ITERATIONS messages (default 1,000,000).
 * Encoders write into a buffer on a stack stub, cleared per message, as a
 * worker thread would. Allocations are counted through lib's
 * util_alloc_hook (every x*alloc passes through it) during the timed loops
 * and reported per message: the expected figure is 0.
 *
 * A figure to read, not a pass/fail test (see docs/performance.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-packet.h"
#include "openflow/openflow-common.h"

#define N_RUNS 7

static unsigned long long n_allocs;

static bool
count_alloc(size_t size)
{
    (void) size;
    n_allocs++;
    return true;
}

static double
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int
cmp_double(const void *a_, const void *b_)
{
    double a = *(const double *) a_, b = *(const double *) b_;

    return a < b ? -1 : a > b;
}

/* One benchmark: 'run' performs 'n' operations on 'aux' and returns a
 * checksum (so the work cannot be optimized away) or -1 on error. */
struct bench {
    const char *name;
    long (*run)(void *aux, long n);
    void *aux;
};

static const uint8_t frame[64] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x32,
};

/* ---- packet-in decode ---- */

struct pin_aux {
    struct buf msg;
};

static long
run_pin_decode(void *aux_, long n)
{
    struct pin_aux *aux = aux_;
    const struct ofp_header *oh = (const void *) aux->msg.data;
    long sum = 0;

    for (long i = 0; i < n; i++) {
        struct ofp_packet_in pin;

        if (ofp_packet_in_decode(&pin, oh)) {
            return -1;
        }
        sum += pin.in_port + (long) pin.data_len;
    }
    return sum;
}

/* ---- flow-mod encode ---- */

struct fm_aux {
    enum ofp_version version;
    struct ofp_flow_mod fm;
    struct ofp_action action;
};

static long
run_fm_encode(void *aux_, long n)
{
    struct fm_aux *aux = aux_;
    uint64_t stub[64];
    struct buf b;
    long sum = 0;

    buf_use_stub(&b, stub, sizeof stub);
    for (long i = 0; i < n; i++) {
        buf_clear(&b);
        aux->fm.match.v.in_port = htonl((uint32_t) (i & 0xff) + 1);
        if (ofp_flow_mod_encode(&aux->fm, aux->version, (uint32_t) i, &b)) {
            return -1;
        }
        sum += (long) b.size;
    }
    buf_uninit(&b);
    return sum;
}

/* ---- packet-out encode ---- */

static long
run_po_encode(void *aux_, long n)
{
    enum ofp_version version = *(enum ofp_version *) aux_;
    uint64_t stub[32];
    struct buf b;
    long sum = 0;

    buf_use_stub(&b, stub, sizeof stub);
    for (long i = 0; i < n; i++) {
        buf_clear(&b);
        if (ofp_packet_out_encode_output(OFP_NO_BUFFER, 1,
                                         (uint32_t) (i & 0xff) + 2, frame,
                                         sizeof frame, version,
                                         (uint32_t) i, &b)) {
            return -1;
        }
        sum += (long) b.size;
    }
    buf_uninit(&b);
    return sum;
}

static void
run_bench(const struct bench *bm, long iterations)
{
    double ns[N_RUNS];
    unsigned long long allocs;

    /* Warm-up; also checks that the operation works at all. */
    if (bm->run(bm->aux, iterations / 10 + 1) < 0) {
        printf("%-28s encode/decode failed\n", bm->name);
        return;
    }
    n_allocs = 0;
    util_alloc_hook = count_alloc;
    for (int r = 0; r < N_RUNS; r++) {
        double start = now_ns();
        bm->run(bm->aux, iterations);
        ns[r] = (now_ns() - start) / (double) iterations;
    }
    util_alloc_hook = NULL;
    allocs = n_allocs;
    qsort(ns, N_RUNS, sizeof ns[0], cmp_double);
    printf("%-28s %8.1f ns/msg  (min %.1f, max %.1f)  %.3f allocs/msg\n",
           bm->name, ns[N_RUNS / 2], ns[0], ns[N_RUNS - 1],
           (double) allocs / ((double) iterations * N_RUNS));
}

int
main(int argc, char *argv[])
{
    long iterations = argc > 1 ? atol(argv[1]) : 1000000;
    static const enum ofp_version versions[] = { OFP10_VERSION,
                                                 OFP13_VERSION };
    struct pin_aux pins[2];
    struct fm_aux fms[2];
    struct bench benches[6];
    size_t n = 0;

    if (iterations <= 0) {
        fprintf(stderr, "usage: kumo-codec-bench [ITERATIONS]\n");
        return 2;
    }
    for (int v = 0; v < 2; v++) {
        static const struct eth_addr src = { { 0, 0, 0, 0, 0, 1 } };
        static const struct eth_addr dst = { { 0, 0, 0, 0, 0, 2 } };
        struct ofp_packet_in pin = {
            .buffer_id = OFP_NO_BUFFER, .total_len = sizeof frame,
            .in_port = 3, .reason = OFPR_NO_MATCH, .data = frame,
            .data_len = sizeof frame,
        };

        buf_init(&pins[v].msg, 256);
        if (ofp_packet_in_encode(&pin, versions[v], 1, &pins[v].msg)) {
            fprintf(stderr, "packet-in encode failed\n");
            return 1;
        }
        fms[v].version = versions[v];
        ofp_flow_mod_init(&fms[v].fm);
        fms[v].fm.idle_timeout = 60;
        fms[v].fm.priority = 100;
        fms[v].fm.buffer_id = OFP_NO_BUFFER;
        ofp_match_set_in_port(&fms[v].fm.match, 1);
        ofp_match_set_eth_src(&fms[v].fm.match, &src);
        ofp_match_set_eth_dst(&fms[v].fm.match, &dst);
        fms[v].action = ofp_action_output(2, 0);
        ofp_instructions_set_apply(&fms[v].fm.instructions, &fms[v].action,
                                   1);
    }
    for (int v = 0; v < 2; v++) {
        const char *vn = v ? "1.3" : "1.0";
        static char names[6][40];

        snprintf(names[n], sizeof names[n], "packet-in decode (%s)", vn);
        benches[n] = (struct bench) { names[n], run_pin_decode, &pins[v] };
        n++;
        snprintf(names[n], sizeof names[n], "flow-mod encode (%s)", vn);
        benches[n] = (struct bench) { names[n], run_fm_encode, &fms[v] };
        n++;
        snprintf(names[n], sizeof names[n], "packet-out encode (%s)", vn);
        benches[n] = (struct bench) { names[n], run_po_encode,
                                      (void *) &versions[v] };
        n++;
    }
    printf("kumo-codec-bench: %ld messages x %d runs each, median\n",
           iterations, N_RUNS);
    for (size_t i = 0; i < n; i++) {
        run_bench(&benches[i], iterations);
    }
    for (int v = 0; v < 2; v++) {
        buf_uninit(&pins[v].msg);
    }
    return 0;
}
