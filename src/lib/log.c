/* log: see log.h. */
#include "lib/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static struct log_module *modules;
static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static bool to_syslog;
static int default_level = KLOG_INFO;

static const char *const level_names[] = { "off", "err", "warn", "info", "dbg" };

void
log_register(struct log_module *m)
{
    pthread_mutex_lock(&registry_mutex);
    m->level = default_level;
    m->next = modules;
    modules = m;
    pthread_mutex_unlock(&registry_mutex);
}

const char *
log_level_to_string(enum log_level level)
{
    return (unsigned) level < ARRAY_SIZE(level_names) ? level_names[level] : "?";
}

bool
log_level_from_string(const char *s, enum log_level *level)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (!strcmp(s, level_names[i])) {
            *level = (enum log_level) i;
            return true;
        }
    }
    if (!strcmp(s, "debug")) {
        *level = KLOG_DBG;
        return true;
    } else if (!strcmp(s, "error")) {
        *level = KLOG_ERR;
        return true;
    } else if (!strcmp(s, "warning")) {
        *level = KLOG_WARN;
        return true;
    }
    return false;
}

void
log_set_all(enum log_level level)
{
    struct log_module *m;

    pthread_mutex_lock(&registry_mutex);
    default_level = level;
    for (m = modules; m; m = m->next) {
        m->level = level;
    }
    pthread_mutex_unlock(&registry_mutex);
}

char *
log_set_level(const char *module, const char *level_name)
{
    enum log_level level;
    struct log_module *m;
    bool found = false;

    if (!log_level_from_string(level_name, &level)) {
        return xasprintf("unknown log level \"%s\" (use off, err, warn, "
                         "info or dbg)", level_name);
    }
    if (!strcmp(module, "all")) {
        log_set_all(level);
        return NULL;
    }
    pthread_mutex_lock(&registry_mutex);
    for (m = modules; m; m = m->next) {
        if (!strcmp(m->name, module)) {
            m->level = level;
            found = true;
        }
    }
    pthread_mutex_unlock(&registry_mutex);
    return found ? NULL : xasprintf("unknown log module \"%s\"", module);
}

void
log_for_each(void (*cb)(const struct log_module *, void *), void *aux)
{
    struct log_module *m;

    pthread_mutex_lock(&registry_mutex);
    for (m = modules; m; m = m->next) {
        cb(m, aux);
    }
    pthread_mutex_unlock(&registry_mutex);
}

void
log_use_syslog(bool on, const char *ident)
{
    to_syslog = on;
    if (on) {
        openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
    }
}

void
log_write(const struct log_module *m, enum log_level level,
          const char *format, ...)
{
    char msg[1024];
    va_list args;

    va_start(args, format);
    vsnprintf(msg, sizeof msg, format, args);
    va_end(args);

    if (to_syslog) {
        static const int prio[] = { LOG_DEBUG, LOG_ERR, LOG_WARNING,
                                    LOG_INFO, LOG_DEBUG };
        syslog(prio[level], "%s|%s|%s", m->name, log_level_to_string(level),
               msg);
    } else {
        struct timespec ts;
        struct tm tm;
        char when[32];

        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ldZ|%s|%s|%s\n", when, ts.tv_nsec / 1000000,
                m->name, log_level_to_string(level), msg);
    }
}

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Not locked: call sites are per module and a lost update only lets one
 * extra line through. */
bool
log_ratelimit_allow(struct log_ratelimit *rl)
{
    int64_t now = now_ms();

    if (rl->last_ms) {
        rl->tokens += (double) (now - rl->last_ms) * rl->per_min / 60000.0;
        if (rl->tokens > rl->burst) {
            rl->tokens = rl->burst;
        }
    }
    rl->last_ms = now;
    if (rl->tokens >= 1.0) {
        rl->tokens -= 1.0;
        return true;
    }
    rl->suppressed++;
    return false;
}
