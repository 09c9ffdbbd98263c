/* l2switch-app: the shell around the pure learning switch (l2switch.c):
 * registers with core as an app (app.h), keeps one l2switch per connected
 * switch in the switch's app-data slot, and sends what the core returns.
 *
 * Each switch's state has a reusable output buffer, so the packet-in path
 * allocates nothing once the buffer has grown to the largest message.
 * Counters are kept per worker thread (one struct l2switch_stats shared by
 * that thread's switches, never written by another thread) and summed on
 * demand by l2switch_get_total_stats(). */
#include "core/l2switch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/l2mac.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"

LOG_MODULE(l2switch_app)

/* Per-switch app data. */
struct l2switch_app_data {
    struct l2switch *l2;
    struct buf out;             /* Reused for every batch of messages. */
};

/* Per-thread counters, linked for summing. Never freed: a worker thread's
 * block outlives it so totals stay monotonic (a few hundred bytes per
 * worker). */
struct stats_block {
    struct l2switch_stats stats;
    struct stats_block *next;
};

static struct l2switch_config config;
static bool config_set;
static pthread_mutex_t config_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct stats_block *all_stats;           /* Under stats_mutex. */
static pthread_mutex_t stats_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread struct stats_block *thread_stats;

static struct l2switch_stats *
get_thread_stats(void)
{
    if (!thread_stats) {
        struct stats_block *b = xzalloc(sizeof *b);

        pthread_mutex_lock(&stats_mutex);
        b->next = all_stats;
        all_stats = b;
        pthread_mutex_unlock(&stats_mutex);
        thread_stats = b;
    }
    return &thread_stats->stats;
}

static void
get_config(struct l2switch_config *cfg)
{
    pthread_mutex_lock(&config_mutex);
    if (!config_set) {
        l2switch_config_init(&config);
        config_set = true;
    }
    *cfg = config;
    pthread_mutex_unlock(&config_mutex);
}

void
l2switch_set_config(const struct l2switch_config *cfg)
{
    pthread_mutex_lock(&config_mutex);
    config = *cfg;
    config_set = true;
    pthread_mutex_unlock(&config_mutex);
}

void
l2switch_set_timeouts(uint16_t idle, uint16_t hard)
{
    struct l2switch_config cfg;

    get_config(&cfg);
    cfg.idle_timeout = idle;
    cfg.hard_timeout = hard;
    l2switch_set_config(&cfg);
}

void
l2switch_get_total_stats(struct l2switch_stats *total)
{
    const struct stats_block *b;

    memset(total, 0, sizeof *total);
    pthread_mutex_lock(&stats_mutex);
    for (b = all_stats; b; b = b->next) {
#define SUM(FIELD) \
        total->FIELD += __atomic_load_n(&b->stats.FIELD, __ATOMIC_RELAXED)
        SUM(packet_ins);
        SUM(flows_added);
        SUM(flows_deleted);
        SUM(unicasts);
        SUM(floods);
        SUM(same_port_drops);
        SUM(bad_packets);
        SUM(bad_sources);
        SUM(link_local);
        SUM(encode_errors);
#undef SUM
    }
    pthread_mutex_unlock(&stats_mutex);
}

/* Sends what accumulated in 'd->out' (ofswitch_send() clears it). */
static void
flush(struct ofswitch *sw, struct l2switch_app_data *d)
{
    if (d->out.size) {
        ofswitch_send(sw, &d->out);
    }
}

static void
app_switch_up(struct ofswitch *sw, int64_t now)
{
    struct l2switch_app_data *d = xzalloc(sizeof *d);
    struct l2switch_config cfg;

    (void) now;
    get_config(&cfg);
    if (ofswitch_get_n_buffers(sw) > 0
        && ofswitch_get_miss_send_len(sw) > 0) {
        /* Let a buffering switch keep table misses buffered. */
        cfg.miss_max_len = ofswitch_get_miss_send_len(sw);
    }
    cfg.dpid = ofswitch_get_dpid(sw);
    d->l2 = l2switch_create(&cfg, ofswitch_get_version(sw),
                            get_thread_stats());
    buf_init(&d->out, 512);         /* Grows to the largest batch once. */
    ofswitch_set_app_data(sw, d);
    l2switch_switch_up(d->l2, &d->out);
    flush(sw, d);
}

static void
app_packet_in(struct ofswitch *sw, const struct ofp_packet_in *pin,
              int64_t now)
{
    struct l2switch_app_data *d = ofswitch_get_app_data(sw);

    if (d) {
        l2switch_packet_in(d->l2, pin, now, &d->out);
        flush(sw, d);
    }
}

static void
app_port_status(struct ofswitch *sw, const struct ofp_port_status *ps,
                int64_t now)
{
    struct l2switch_app_data *d = ofswitch_get_app_data(sw);

    if (d) {
        l2switch_port_status(d->l2, ps, now, &d->out);
        flush(sw, d);
    }
}

static void
app_tick(struct ofswitch *sw, int64_t now)
{
    struct l2switch_app_data *d = ofswitch_get_app_data(sw);

    if (d) {
        l2switch_run(d->l2, now);
    }
}

static void
app_switch_down(struct ofswitch *sw, int64_t now)
{
    struct l2switch_app_data *d = ofswitch_get_app_data(sw);

    (void) now;
    if (d) {
        ofswitch_set_app_data(sw, NULL);
        l2switch_destroy(d->l2);
        buf_uninit(&d->out);
        free(d);
    }
}

bool
l2switch_app_for_each_mac(struct ofswitch *sw, int64_t now,
                          void (*cb)(const struct eth_addr *, uint16_t,
                                     uint32_t, int64_t, void *),
                          void *aux)
{
    struct l2switch_app_data *d = ofswitch_get_app_data(sw);

    if (!d) {
        return false;
    }
    l2mac_for_each(l2switch_get_macs(d->l2), now, cb, aux);
    return true;
}

static const struct app_ops l2switch_ops = {
    .name = "l2switch",
    .switch_up = app_switch_up,
    .packet_in = app_packet_in,
    .port_status = app_port_status,
    .tick = app_tick,
    .switch_down = app_switch_down,
};

const struct app_ops *
l2switch_app(void)
{
    return &l2switch_ops;
}
