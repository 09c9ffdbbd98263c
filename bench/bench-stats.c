/* bench-stats: see bench-stats.h. */
#include "bench-stats.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static int
compare_doubles(const void *a_, const void *b_)
{
    double a = *(const double *) a_;
    double b = *(const double *) b_;

    return a < b ? -1 : a > b;
}

static int
compare_u32(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_;
    uint32_t b = *(const uint32_t *) b_;

    return a < b ? -1 : a > b;
}

/* Summarizes 'n' samples from 'samples' into 'out'. */
void
bench_stats_summarize(const double *samples, size_t n,
                      struct bench_stats_summary *out)
{
    double *sorted;
    double sum = 0;
    size_t i;

    memset(out, 0, sizeof *out);
    if (!n) {
        return;
    }
    sorted = xmemdup(samples, n * sizeof *samples);
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    for (i = 0; i < n; i++) {
        sum += sorted[i];
    }
    out->n = n;
    out->min = sorted[0];
    out->max = sorted[n - 1];
    out->mean = sum / n;
    out->median = (n % 2 ? sorted[n / 2]
                   : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    free(sorted);
}

/* Returns the median of 'n' samples, 0 for none. */
double
bench_stats_median(const double *samples, size_t n)
{
    struct bench_stats_summary s;

    bench_stats_summarize(samples, n, &s);
    return s.median;
}

/* Initializes 'lat' empty. */
void
bench_stats_lat_init(struct bench_stats_lat *lat)
{
    lat->ns = NULL;
    lat->n = 0;
    lat->allocated = 0;
}

/* Frees the samples of 'lat'. */
void
bench_stats_lat_uninit(struct bench_stats_lat *lat)
{
    free(lat->ns);
    bench_stats_lat_init(lat);
}

/* Appends 'ns' to 'lat', clamped to UINT32_MAX. */
void
bench_stats_lat_add(struct bench_stats_lat *lat, uint64_t ns)
{
    if (lat->n >= lat->allocated) {
        lat->allocated = lat->allocated ? lat->allocated * 2 : 4096;
        lat->ns = xrealloc(lat->ns, lat->allocated * sizeof *lat->ns);
    }
    lat->ns[lat->n++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t) ns;
}

/* Returns the nearest-rank 'p'th percentile of 'lat', sorting it. */
uint32_t
bench_stats_lat_percentile(struct bench_stats_lat *lat, double p)
{
    double exact;
    size_t rank;

    if (!lat->n) {
        return 0;
    }
    qsort(lat->ns, lat->n, sizeof *lat->ns, compare_u32);
    p = p < 0 ? 0 : p > 100 ? 100 : p;
    exact = p / 100.0 * lat->n;
    rank = (size_t) exact;
    if (rank < exact) {
        rank++;                 /* Ceiling, without libm. */
    }
    return lat->ns[rank ? rank - 1 : 0];
}
