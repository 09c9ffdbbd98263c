/* bench-stats: the summary statistics kumo-bench reports (median, mean,
 * percentiles) over per-loop rate samples and per-request latencies.
 * Pure: no I/O, no clock. */
#ifndef KUMO_BENCH_STATS_H
#define KUMO_BENCH_STATS_H 1

#include <stddef.h>
#include <stdint.h>

/* Summary of a set of double samples. All fields are 0 for an empty set. */
struct bench_stats_summary {
    size_t n;
    double min;
    double max;
    double mean;
    double median;      /* Mean of the two middle samples when 'n' is even. */
};

/* Computes the summary of the 'n' samples in 'samples' (unchanged: a copy
 * is sorted). */
void bench_stats_summarize(const double *samples, size_t n,
                           struct bench_stats_summary *out);

/* Returns the median of the 'n' samples (0 if 'n' is 0). */
double bench_stats_median(const double *samples, size_t n);

/* A growable array of latency samples in nanoseconds. */
struct bench_stats_lat {
    uint32_t *ns;
    size_t n;
    size_t allocated;
};

void bench_stats_lat_init(struct bench_stats_lat *);
void bench_stats_lat_uninit(struct bench_stats_lat *);
/* Appends one sample; values above UINT32_MAX ns (4.2 s) are clamped. */
void bench_stats_lat_add(struct bench_stats_lat *, uint64_t ns);

/* Returns the 'p'th percentile (0 <= p <= 100) of the samples in 'lat', by
 * the nearest-rank method: the smallest sample with at least p% of the
 * samples at or below it. Sorts 'lat' in place. Returns 0 if empty. */
uint32_t bench_stats_lat_percentile(struct bench_stats_lat *, double p);

#endif /* bench-stats.h */
