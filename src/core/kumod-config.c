/* kumod-config: see kumod-config.h. */
#include "core/kumod-config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "core/stream.h"
#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"

enum key_type {
    KT_STRING,              /* Non-empty text. */
    KT_INT,                 /* Decimal integer in [min, max]. */
    KT_BOOL,                /* true/false, yes/no, on/off, 1/0. */
    KT_DURATION,            /* N (seconds), Ns or Nms; stored in ms. */
    KT_SIZE,                /* N, Nk or Nm bytes. */
    KT_LISTEN,              /* Listener target; repeatable. */
    KT_LOG_LEVEL,           /* [MODULE:]LEVEL; repeatable. */
    KT_FORWARDING,          /* fabric or learning. */
    KT_API,                 /* IPV4:PORT, [IPV6]:PORT or "off". */
    KT_TOKEN,               /* API bearer token; repeatable. */
};

struct key_def {
    const char *name;
    enum key_type type;
    size_t offset;
    long long min, max;
};

#define F(MEMBER) offsetof(struct kumod_config, MEMBER)
static const struct key_def keys[] = {
    { "listen", KT_LISTEN, 0, 0, 0 },
    { "ctl", KT_STRING, F(ctl_path), 0, 0 },
    { "workers", KT_INT, F(n_workers), 0, 256 },
    { "ssl_key", KT_STRING, F(ssl_key), 0, 0 },
    { "ssl_cert", KT_STRING, F(ssl_cert), 0, 0 },
    { "ssl_ca", KT_STRING, F(ssl_ca), 0, 0 },
    { "log_level", KT_LOG_LEVEL, 0, 0, 0 },
    { "pidfile", KT_STRING, F(pidfile), 0, 0 },
    { "syslog", KT_BOOL, F(syslog), 0, 0 },
    { "echo_interval", KT_DURATION, F(echo_interval_ms), 100, 3600000 },
    { "echo_misses", KT_INT, F(echo_misses), 1, 100 },
    { "handshake_timeout", KT_DURATION, F(handshake_timeout_ms), 100,
      3600000 },
    { "miss_send_len", KT_INT, F(miss_send_len), 0, 65535 },
    { "send_queue_soft", KT_SIZE, F(send_queue_soft), 4096, 1 << 30 },
    { "send_queue_hard", KT_SIZE, F(send_queue_hard), 4096, 1 << 30 },
    { "packet_in_budget", KT_INT, F(packet_in_budget), 1, 1000000 },
    { "packet_in_rate", KT_INT, F(packet_in_rate), 0, 100000000 },
    { "flow_idle_timeout", KT_INT, F(flow_idle_timeout), 0, 65535 },
    { "flow_hard_timeout", KT_INT, F(flow_hard_timeout), 0, 65535 },
    { "forwarding", KT_FORWARDING, F(forwarding), 0, 0 },
    { "lldp_interval", KT_DURATION, F(lldp_interval_ms), 100, 60000 },
    { "host_idle_timeout", KT_INT, F(host_idle_timeout), 0, 86400 },
    { "api", KT_API, F(api), 0, 0 },
    { "db", KT_STRING, F(db_path), 0, 0 },
    { "api_token", KT_TOKEN, 0, 0, 0 },
    { "ssp_username", KT_STRING, F(ssp_username), 0, 0 },
    { "ssp_password", KT_STRING, F(ssp_password), 0, 0 },
    { "overlay_bridge", KT_STRING, F(overlay_bridge), 0, 0 },
    { "overlay_datapath_type", KT_STRING, F(overlay_datapath_type), 0, 0 },
    { "overlay_controller", KT_STRING, F(overlay_controller), 0, 0 },
    { "overlay_network_mtu", KT_INT, F(overlay_network_mtu), 576, 65000 },
};
#undef F

static void
push_string(char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

void
kumod_config_init(struct kumod_config *c)
{
    memset(c, 0, sizeof *c);
    c->ctl_path = xstrdup(KUMOD_DEFAULT_CTL);
    push_string(&c->listens, &c->n_listens, KUMOD_DEFAULT_LISTEN);
    c->n_workers = 0;
    c->echo_interval_ms = 5000;
    c->echo_misses = 3;
    c->handshake_timeout_ms = 10000;
    c->miss_send_len = 128;
    c->send_queue_soft = 256 * 1024;
    c->send_queue_hard = 1024 * 1024;
    c->packet_in_budget = 1024;
    c->packet_in_rate = 0;
    c->flow_idle_timeout = 60;
    c->flow_hard_timeout = 0;
    c->forwarding = KUMOD_FORWARDING_FABRIC;
    c->lldp_interval_ms = 1000;
    c->host_idle_timeout = 0;
    c->api = xstrdup(KUMOD_DEFAULT_API);
    c->db_path = xstrdup(KUMOD_DEFAULT_DB);
    c->overlay_bridge = xstrdup(KUMOD_DEFAULT_OVERLAY_BRIDGE);
    c->overlay_datapath_type = xstrdup(KUMOD_DEFAULT_OVERLAY_DPTYPE);
    c->overlay_network_mtu = 1500;
}

static void
free_strings(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void
kumod_config_uninit(struct kumod_config *c)
{
    if (c) {
        free_strings(c->listens, c->n_listens);
        free_strings(c->log_levels, c->n_log_levels);
        free(c->ctl_path);
        free(c->ssl_key);
        free(c->ssl_cert);
        free(c->ssl_ca);
        free(c->pidfile);
        free(c->api);
        free(c->db_path);
        free_strings(c->api_tokens, c->n_api_tokens);
        free(c->ssp_username);
        free(c->ssp_password);
        free(c->overlay_bridge);
        free(c->overlay_datapath_type);
        free(c->overlay_controller);
        memset(c, 0, sizeof *c);
    }
}


/* Normalizes 'key' ('-' -> '_') and finds it; NULL if unknown. */
static const struct key_def *
find_key(const char *key)
{
    char norm[64];
    size_t i;

    if (strlen(key) >= sizeof norm) {
        return NULL;
    }
    for (i = 0; key[i]; i++) {
        norm[i] = key[i] == '-' ? '_' : key[i];
    }
    norm[i] = '\0';
    for (i = 0; i < ARRAY_SIZE(keys); i++) {
        if (!strcmp(keys[i].name, norm)) {
            return &keys[i];
        }
    }
    return NULL;
}

static bool
parse_ll(const char *s, long long *v, const char **endp)
{
    char *end;

    if (!isdigit((unsigned char) s[0]) && s[0] != '-') {
        return false;
    }
    errno = 0;
    *v = strtoll(s, &end, 10);
    if (errno || end == s) {
        return false;
    }
    *endp = end;
    return true;
}

static bool
parse_bool(const char *s, bool *b)
{
    static const char *const yes[] = { "true", "yes", "on", "1" };
    static const char *const no[] = { "false", "no", "off", "0" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcasecmp(s, yes[i])) {
            *b = true;
            return true;
        } else if (!strcasecmp(s, no[i])) {
            *b = false;
            return true;
        }
    }
    return false;
}

/* Checks "[MODULE:]LEVEL" syntax and that the level is known. */
static char *
check_log_level(const char *spec)
{
    const char *colon = strchr(spec, ':');
    const char *level = colon ? colon + 1 : spec;
    enum log_level l;

    if (colon == spec) {
        return xasprintf("empty module name in \"%s\"", spec);
    }
    if (!log_level_from_string(level, &l)) {
        return xasprintf("unknown log level \"%s\" (use off, err, warn, "
                         "info or dbg)", level);
    }
    return NULL;
}

/* Splits "IPV4:PORT" or "[IPV6]:PORT" and checks both parts; "off" is
 * fine.  On success stores whether the address is a loopback one in
 * '*loopback' (may be NULL).  Returns NULL or an error. */
static char *
parse_api_address(const char *s, bool *loopback)
{
    char host[INET6_ADDRSTRLEN + 1];
    const char *port;
    uint8_t addr[16];
    size_t host_len;
    long long v;
    const char *end;

    if (loopback) {
        *loopback = true;
    }
    if (!strcmp(s, "off")) {
        return NULL;
    }
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':') {
            return xasprintf("expected IPV4:PORT, [IPV6]:PORT or off, got "
                             "\"%s\"", s);
        }
        host_len = (size_t) (close - s - 1);
        port = close + 2;
        if (host_len >= sizeof host) {
            return xasprintf("bad IPv6 address in \"%s\"", s);
        }
        memcpy(host, s + 1, host_len);
        host[host_len] = '\0';
        if (inet_pton(AF_INET6, host, addr) != 1) {
            return xasprintf("bad IPv6 address \"%s\"", host);
        }
        if (loopback) {
            *loopback = !memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1",
                                16);
        }
    } else {
        const char *colon = strchr(s, ':');
        if (!colon || strchr(colon + 1, ':')) {
            return xasprintf("expected IPV4:PORT, [IPV6]:PORT or off, got "
                             "\"%s\"", s);
        }
        host_len = (size_t) (colon - s);
        port = colon + 1;
        if (host_len >= sizeof host) {
            return xasprintf("bad IPv4 address in \"%s\"", s);
        }
        memcpy(host, s, host_len);
        host[host_len] = '\0';
        if (inet_pton(AF_INET, host, addr) != 1) {
            return xasprintf("bad IPv4 address \"%s\" (a literal address "
                             "is needed)", host);
        }
        if (loopback) {
            *loopback = addr[0] == 127;
        }
    }
    if (!parse_ll(port, &v, &end) || *end || v < 0 || v > 65535) {
        return xasprintf("bad port \"%s\" (0 to 65535)", port);
    }
    return NULL;
}

static char *
check_api_address(const char *s)
{
    return parse_api_address(s, NULL);
}

/* Tokens travel in an HTTP header: printable ASCII without blanks, and
 * long enough not to be guessed. */
static char *
check_token(const char *s)
{
    size_t i, len = strlen(s);

    if (len < 16) {
        return xstrdup("a token needs at least 16 characters");
    }
    for (i = 0; i < len; i++) {
        if (s[i] <= ' ' || s[i] >= 0x7f) {
            return xstrdup("a token may only contain printable ASCII "
                           "characters without blanks");
        }
    }
    return NULL;
}

char *
kumod_config_set(struct kumod_config *c, const char *key, const char *value)
{
    const struct key_def *k = find_key(key);
    char *base = (char *) c;
    const char *end;
    long long v = 0;
    char *error;

    if (!k) {
        return xasprintf("unknown key \"%s\"", key);
    }
    if (!value[0]) {
        return xasprintf("key \"%s\": empty value", k->name);
    }
    switch (k->type) {
    case KT_STRING: {
        char **p = (char **) (base + k->offset);
        free(*p);
        *p = xstrdup(value);
        return NULL;
    }
    case KT_INT:
        if (!parse_ll(value, &v, &end) || *end || v < k->min || v > k->max) {
            return xasprintf("key \"%s\": expected an integer from %lld to "
                             "%lld, got \"%s\"", k->name, k->min, k->max,
                             value);
        }
        *(int *) (base + k->offset) = (int) v;
        return NULL;
    case KT_BOOL:
        if (!parse_bool(value, (bool *) (base + k->offset))) {
            return xasprintf("key \"%s\": expected true or false, got "
                             "\"%s\"", k->name, value);
        }
        return NULL;
    case KT_DURATION:
        if (!parse_ll(value, &v, &end) || v < 0
            || (*end && strcmp(end, "s") && strcmp(end, "ms"))) {
            return xasprintf("key \"%s\": expected a duration (N seconds, "
                             "Ns or Nms), got \"%s\"", k->name, value);
        }
        if (strcmp(end, "ms")) {
            v = v > LLONG_MAX / 1000 ? LLONG_MAX : v * 1000;
        }
        if (v < k->min || v > k->max) {
            return xasprintf("key \"%s\": duration \"%s\" out of range "
                             "(%lldms to %llds)", k->name, value, k->min,
                             k->max / 1000);
        }
        *(int *) (base + k->offset) = (int) v;
        return NULL;
    case KT_SIZE: {
        long long mult = 1;
        if (!parse_ll(value, &v, &end) || v < 0) {
            end = "?";
        }
        if (!strcasecmp(end, "k")) {
            mult = 1024;
        } else if (!strcasecmp(end, "m")) {
            mult = 1024 * 1024;
        } else if (*end) {
            return xasprintf("key \"%s\": expected a size in bytes (N, Nk "
                             "or Nm), got \"%s\"", k->name, value);
        }
        if (v > k->max / mult || v * mult < k->min) {
            return xasprintf("key \"%s\": size \"%s\" out of range (%lld "
                             "to %lld bytes)", k->name, value, k->min,
                             k->max);
        }
        *(size_t *) (base + k->offset) = (size_t) (v * mult);
        return NULL;
    }
    case KT_LISTEN:
        error = pstream_verify_target(value);
        if (error) {
            char *e = xasprintf("key \"listen\": %s", error);
            free(error);
            return e;
        }
        push_string(&c->listens, &c->n_listens, value);
        return NULL;
    case KT_FORWARDING:
        if (!strcmp(value, "fabric")) {
            *(int *) (base + k->offset) = KUMOD_FORWARDING_FABRIC;
        } else if (!strcmp(value, "learning")) {
            *(int *) (base + k->offset) = KUMOD_FORWARDING_LEARNING;
        } else {
            return xasprintf("key \"%s\": expected fabric or learning, got "
                             "\"%s\"", k->name, value);
        }
        return NULL;
    case KT_LOG_LEVEL:
        error = check_log_level(value);
        if (error) {
            char *e = xasprintf("key \"log_level\": %s", error);
            free(error);
            return e;
        }
        push_string(&c->log_levels, &c->n_log_levels, value);
        return NULL;
    case KT_API:
        error = check_api_address(value);
        if (error) {
            char *e = xasprintf("key \"api\": %s", error);
            free(error);
            return e;
        }
        free(c->api);
        c->api = xstrdup(value);
        return NULL;
    case KT_TOKEN:
        error = check_token(value);
        if (error) {
            char *e = xasprintf("key \"api_token\": %s", error);
            free(error);
            return e;
        }
        push_string(&c->api_tokens, &c->n_api_tokens, value);
        return NULL;
    }
    return xasprintf("key \"%s\": internal error", key);
}

static bool
is_repeatable(const struct key_def *k)
{
    return (k->type == KT_LISTEN || k->type == KT_LOG_LEVEL
            || k->type == KT_TOKEN);
}

/* Parses the value part of a line: trims blanks, handles a double-quoted
 * value and strips a '#' comment.  Returns the value (caller frees) or
 * NULL with '*errorp' set. */
static char *
parse_value(const char *p, char **errorp)
{
    size_t len;

    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p == '"') {
        const char *close = strchr(p + 1, '"');
        const char *q;
        char *v;
        if (!close) {
            *errorp = xstrdup("missing closing quote");
            return NULL;
        }
        for (q = close + 1; *q == ' ' || *q == '\t'; q++) {
            continue;
        }
        if (*q && *q != '#') {
            *errorp = xstrdup("text after closing quote");
            return NULL;
        }
        v = xmemdup(p + 1, close - p);
        v[close - p - 1] = '\0';
        return v;
    }
    {
        const char *hash = strchr(p, '#');
        char *v;
        len = hash ? (size_t) (hash - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'
                       || p[len - 1] == '\r')) {
            len--;
        }
        v = xmalloc(len + 1);
        memcpy(v, p, len);
        v[len] = '\0';
        return v;
    }
}

/* Parses one line; returns NULL or an error without the location. */
static char *
parse_line(struct kumod_config *c, char *line, bool *listen_seen)
{
    const struct key_def *k;
    char *p = line;
    char *eq, *key_end, *value, *error;

    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (!*p || *p == '#' || *p == '\r') {
        return NULL;
    }
    eq = strchr(p, '=');
    if (!eq) {
        return xasprintf("expected \"key = value\", got \"%s\"", p);
    }
    for (key_end = eq; key_end > p && (key_end[-1] == ' '
                                       || key_end[-1] == '\t'); key_end--) {
        continue;
    }
    *key_end = '\0';
    if (!*p) {
        return xstrdup("missing key before '='");
    }
    k = find_key(p);
    if (!k) {
        return xasprintf("unknown key \"%s\"", p);
    }
    if (!is_repeatable(k)) {
        uint64_t bit = UINT64_C(1) << (k - keys);
        if (c->seen & bit) {
            return xasprintf("key \"%s\" given twice", k->name);
        }
        c->seen |= bit;
    } else if (k->type == KT_LISTEN && !*listen_seen) {
        /* The file's first listener replaces the default. */
        free_strings(c->listens, c->n_listens);
        c->listens = NULL;
        c->n_listens = 0;
        *listen_seen = true;
    }
    error = NULL;
    value = parse_value(eq + 1, &error);
    if (!value) {
        char *e = xasprintf("key \"%s\": %s", k->name, error);
        free(error);
        return e;
    }
    error = kumod_config_set(c, k->name, value);
    free(value);
    return error;
}

char *
kumod_config_parse_text(struct kumod_config *c, const char *text,
                        const char *file_name)
{
    bool listen_seen = false;
    const char *p = text;
    int line_no = 0;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t) (nl - p) : strlen(p);
        char *line = xmemdup(p, len + 1);
        char *error;

        line[len] = '\0';
        line_no++;
        if (memchr(p, '\0', len)) {
            error = xstrdup("NUL byte in line");
        } else {
            error = parse_line(c, line, &listen_seen);
        }
        free(line);
        if (error) {
            char *e = xasprintf("%s:%d: %s", file_name, line_no, error);
            free(error);
            return e;
        }
        p = nl ? nl + 1 : p + len;
    }
    return NULL;
}

char *
kumod_config_load_file(struct kumod_config *c, const char *file_name)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    char chunk[4096];
    size_t n;
    char *error;
    FILE *f;

    f = fopen(file_name, "r");
    if (!f) {
        return xasprintf("%s: %s", file_name, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (memchr(chunk, '\0', n)) {
            fclose(f);
            ds_destroy(&text);
            return xasprintf("%s: binary file (NUL byte)", file_name);
        }
        ds_put_buffer(&text, chunk, n);
        if (text.length > 1024 * 1024) {
            fclose(f);
            ds_destroy(&text);
            return xasprintf("%s: file too large", file_name);
        }
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        ds_destroy(&text);
        return xasprintf("%s: %s", file_name, strerror(e));
    }
    fclose(f);
    error = kumod_config_parse_text(c, text.string ? text.string : "",
                                    file_name);
    ds_destroy(&text);
    return error;
}

const char *
kumod_config_usage(void)
{
    return
"usage: kumod [OPTIONS]\n"
"OpenFlow 1.0/1.3 controller daemon.\n"
"\n"
"  --listen TARGET       ptcp:PORT[:IP], pssl:PORT[:IP] or punix:PATH\n"
"                        (repeatable; default " KUMOD_DEFAULT_LISTEN ")\n"
"  --ctl PATH            control socket (default " KUMOD_DEFAULT_CTL ")\n"
"  --workers N           worker threads (default: one per core)\n"
"  --config FILE         read settings from FILE (key = value lines)\n"
"  --check-config        validate the configuration and exit 0 or 1\n"
"  --ssl-key FILE        TLS private key (for pssl:)\n"
"  --ssl-cert FILE       TLS certificate (for pssl:)\n"
"  --ssl-ca FILE         CA certificate that signs switch certificates\n"
"  --log-level [MODULE:]LEVEL   off, err, warn, info, dbg (repeatable)\n"
"  --pidfile FILE        write the process id to FILE\n"
"  --syslog              log to syslog instead of stderr\n"
"  --echo-interval DUR   idle time before an echo request (default 5s)\n"
"  --echo-misses N       unanswered echoes before disconnecting (3)\n"
"  --handshake-timeout DUR     (default 10s)\n"
"  --miss-send-len N     bytes of a missed packet sent to us (128)\n"
"  --send-queue-soft SIZE / --send-queue-hard SIZE   per-switch send\n"
"                        queue caps (256k / 1m)\n"
"  --packet-in-budget N  packet-ins per switch per loop turn (1024)\n"
"  --packet-in-rate N    packet-ins per switch per second, 0 = no limit\n"
"  --flow-idle-timeout S / --flow-hard-timeout S   learning switch flows\n"
"  --forwarding MODE     fabric (topology-wide paths, OpenFlow 1.3; 1.0\n"
"                        switches get the learning switch) or learning\n"
"                        (default fabric)\n"
"  --lldp-interval DUR   fabric: LLDP probe period (default 1s)\n"
"  --host-idle-timeout S fabric: forget hosts silent this long (0: only\n"
"                        when their port or switch goes down)\n"
"  --api ADDR:PORT       HTTP APIs (REST /v1, SSP), IPV4:PORT or\n"
"                        [IPV6]:PORT, or off (default " KUMOD_DEFAULT_API ")\n"
"  --db PATH             SQLite file of the tenant store\n"
"                        (default " KUMOD_DEFAULT_DB ")\n"
"  --api-token TOKEN     bearer token of the REST API (repeatable; at\n"
"                        least 16 characters; better in the config file)\n"
"  --ssp-username NAME / --ssp-password PASSWORD   SSP API login\n"
"  --overlay-bridge NAME hypervisors' integration bridge (default br-int)\n"
"  --overlay-datapath-type TYPE   its datapath type (default netdev)\n"
"  --overlay-controller TARGET[,TARGET]   OpenFlow target the\n"
"                        hypervisors use (default: from a ptcp:PORT:IP\n"
"                        listener)\n"
"  --overlay-network-mtu N   tenant MTU for the underlay check (1500)\n"
"  --help, --version\n"
"Every option can also be written in the config file as \"key = value\"\n"
"(e.g. ssl_key = /etc/kumo/key.pem).\n";
}

char *
kumod_config_parse_args(struct kumod_config *c, int argc, char *argv[],
                        enum kumod_action *action)
{
    bool cli_listen = false, cli_token = false;
    int pass, i;

    *action = KUMOD_RUN;
    /* Pass 0 loads --config; pass 1 applies every other flag on top. */
    for (pass = 0; pass < 2; pass++) {
        for (i = 1; i < argc; i++) {
            const char *arg = argv[i];
            const char *name, *eq, *value;
            const struct key_def *k;
            char namebuf[64];
            char *error;

            if (strncmp(arg, "--", 2) || !arg[2]) {
                return xasprintf("unexpected argument \"%s\" (see --help)",
                                 arg);
            }
            name = arg + 2;
            eq = strchr(name, '=');
            if (eq) {
                if ((size_t) (eq - name) >= sizeof namebuf) {
                    return xasprintf("unknown option \"%s\"", arg);
                }
                memcpy(namebuf, name, eq - name);
                namebuf[eq - name] = '\0';
                name = namebuf;
            }
            if (!strcmp(name, "help") || !strcmp(name, "version")
                || !strcmp(name, "check-config")) {
                if (eq) {
                    return xasprintf("option \"--%s\" takes no value", name);
                }
                if (pass == 1) {
                    *action = (!strcmp(name, "help") ? KUMOD_HELP
                               : !strcmp(name, "version") ? KUMOD_VERSION
                               : *action == KUMOD_RUN ? KUMOD_CHECK_CONFIG
                               : *action);
                }
                continue;
            }
            k = find_key(name);
            if (!k && strcmp(name, "config")) {
                return xasprintf("unknown option \"--%s\" (see --help)",
                                 name);
            }
            if (eq) {
                value = eq + 1;
            } else if (k && k->type == KT_BOOL) {
                value = "true";
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                return xasprintf("option \"--%s\" needs a value", name);
            }

            if (!k) {
                /* --config FILE */
                if (pass == 0) {
                    error = kumod_config_load_file(c, value);
                    if (error) {
                        return error;
                    }
                }
                continue;
            }
            if (pass == 0) {
                continue;
            }
            if (k->type == KT_LISTEN && !cli_listen) {
                free_strings(c->listens, c->n_listens);
                c->listens = NULL;
                c->n_listens = 0;
                cli_listen = true;
            }
            if (k->type == KT_TOKEN && !cli_token) {
                free_strings(c->api_tokens, c->n_api_tokens);
                c->api_tokens = NULL;
                c->n_api_tokens = 0;
                cli_token = true;
            }
            error = kumod_config_set(c, k->name, value);
            if (error) {
                char *e = xasprintf("--%s: %s", name, error);
                free(error);
                return e;
            }
        }
    }
    return NULL;
}

struct module_search {
    const char *name;
    size_t len;
    bool found;
};

static void
module_search_cb(const struct log_module *m, void *aux_)
{
    struct module_search *aux = aux_;
    if (strlen(m->name) == aux->len && !memcmp(m->name, aux->name, aux->len)) {
        aux->found = true;
    }
}

char *
kumod_config_validate(const struct kumod_config *c)
{
    bool any_ssl = false;
    size_t i;

    for (i = 0; i < c->n_listens; i++) {
        if (!strncmp(c->listens[i], "pssl:", 5)) {
            any_ssl = true;
        }
    }
    if (any_ssl && (!c->ssl_key || !c->ssl_cert || !c->ssl_ca)) {
        return xstrdup("a pssl: listener needs ssl_key, ssl_cert and "
                       "ssl_ca (--ssl-key, --ssl-cert, --ssl-ca)");
    }
    if (!c->ssp_username != !c->ssp_password) {
        return xstrdup("ssp_username and ssp_password go together (the SSP "
                       "API login needs both)");
    }
    if (c->api && strcmp(c->api, "off")) {
        bool loopback;
        char *error = parse_api_address(c->api, &loopback);
        if (error) {
            char *e = xasprintf("api: %s", error);
            free(error);
            return e;
        }
        if (!loopback && !c->n_api_tokens) {
            return xasprintf("api \"%s\" is not a loopback address: "
                             "configure at least one api_token", c->api);
        }
    }
    if (c->send_queue_hard < c->send_queue_soft) {
        return xasprintf("send_queue_hard (%zu) is smaller than "
                         "send_queue_soft (%zu)", c->send_queue_hard,
                         c->send_queue_soft);
    }
    for (i = 0; i < c->n_log_levels; i++) {
        const char *spec = c->log_levels[i];
        const char *colon = strchr(spec, ':');
        if (colon) {
            struct module_search s = { spec, colon - spec, false };
            if (s.len == 3 && !memcmp(spec, "all", 3)) {
                continue;
            }
            log_for_each(module_search_cb, &s);
            if (!s.found) {
                return xasprintf("log_level \"%s\": unknown log module "
                                 "\"%.*s\"", spec, (int) s.len, spec);
            }
        }
    }
    return NULL;
}
