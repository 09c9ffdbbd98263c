/* log: per-module leveled logging to stderr or syslog, levels changeable at
 * run time, with a rate limiter for anything a peer can trigger.
 *
 * Each .c file that logs says LOG_MODULE(name) once, then uses
 * LOG_ERR/LOG_WARN/LOG_INFO/LOG_DBG. Thread-safe: a line is written with one
 * call, and levels are read without a lock (a stale level for one message is
 * harmless). */
#ifndef KUMO_LIB_LOG_H
#define KUMO_LIB_LOG_H 1

#include <stdbool.h>
#include <stdint.h>

#include "lib/util.h"

enum log_level {
    KLOG_OFF,
    KLOG_ERR,
    KLOG_WARN,
    KLOG_INFO,
    KLOG_DBG,
};

struct log_module {
    const char *name;
    volatile int level;             /* enum log_level */
    struct log_module *next;        /* In the registry; set at load time. */
};

void log_register(struct log_module *);

#define LOG_MODULE(NAME)                                                \
    static struct log_module log_this_module = { #NAME, KLOG_INFO, NULL }; \
    __attribute__((constructor)) static void log_init_##NAME(void)      \
    {                                                                   \
        log_register(&log_this_module);                                 \
    }

void log_write(const struct log_module *, enum log_level,
               const char *format, ...) KUMO_PRINTF(3, 4);

#define LOG_AT(LEVEL, ...)                                              \
    do {                                                                \
        if (log_this_module.level >= (LEVEL)) {                         \
            log_write(&log_this_module, LEVEL, __VA_ARGS__);            \
        }                                                               \
    } while (0)
#define LOG_ERR(...) LOG_AT(KLOG_ERR, __VA_ARGS__)
#define LOG_WARN(...) LOG_AT(KLOG_WARN, __VA_ARGS__)
#define LOG_INFO(...) LOG_AT(KLOG_INFO, __VA_ARGS__)
#define LOG_DBG(...) LOG_AT(KLOG_DBG, __VA_ARGS__)
#define LOG_IS_DBG() (log_this_module.level >= KLOG_DBG)

/* Token-bucket rate limit: at most 'burst' messages, refilled at 'per_min'
 * a minute. Declare one static per call site. */
struct log_ratelimit {
    int per_min;
    int burst;
    double tokens;
    int64_t last_ms;
    uint64_t suppressed;
};
#define LOG_RATELIMIT_INIT(PER_MIN, BURST) { PER_MIN, BURST, BURST, 0, 0 }
bool log_ratelimit_allow(struct log_ratelimit *);

#define LOG_RL(RL, LEVEL, ...)                                          \
    do {                                                                \
        if (log_this_module.level >= (LEVEL)                            \
            && log_ratelimit_allow(RL)) {                               \
            log_write(&log_this_module, LEVEL, __VA_ARGS__);            \
        }                                                               \
    } while (0)
#define LOG_WARN_RL(RL, ...) LOG_RL(RL, KLOG_WARN, __VA_ARGS__)
#define LOG_ERR_RL(RL, ...) LOG_RL(RL, KLOG_ERR, __VA_ARGS__)
#define LOG_INFO_RL(RL, ...) LOG_RL(RL, KLOG_INFO, __VA_ARGS__)

/* Sets the level of 'module' ("all" for every module) to 'level' ("off",
 * "err", "warn", "info", "dbg"). Returns NULL or an error string (caller
 * frees). */
char *log_set_level(const char *module, const char *level);
/* Sets every module's level. */
void log_set_all(enum log_level);
bool log_level_from_string(const char *, enum log_level *);
const char *log_level_to_string(enum log_level);
/* Sends log lines to syslog (true) or stderr (false). */
void log_use_syslog(bool, const char *ident);
/* Calls 'cb' for every registered module (for listing levels). */
void log_for_each(void (*cb)(const struct log_module *, void *aux), void *aux);

#endif /* log.h */
