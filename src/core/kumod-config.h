/* kumod-config: kumod's settings, from defaults, a config file and the
 * command line, validated strictly.
 *
 * Config file format: one "key = value" per line; '#' starts a comment
 * (outside quotes: values are taken verbatim after trimming, or written in
 * double quotes to keep leading/trailing blanks or a '#').  Blank lines
 * are ignored.  Keys are the long option names without "--" ('-' and '_'
 * are the same).  "listen", "log_level" and "api_token" may be repeated;
 * any other key given twice, an unknown key, or a value of the wrong type is an error
 * that names FILE:LINE and the key.  Command-line flags override the file
 * (--listen on the command line replaces the file's listeners; an
 * --api-token replaces the file's tokens). */
#ifndef KUMO_CORE_KUMOD_CONFIG_H
#define KUMO_CORE_KUMOD_CONFIG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KUMOD_DEFAULT_CTL "/run/kumo/kumod.ctl"
#define KUMOD_DEFAULT_LISTEN "ptcp:6653"
#define KUMOD_DEFAULT_API "127.0.0.1:8181"
#define KUMOD_DEFAULT_DB "/var/lib/kumo/kumo.db"
#define KUMOD_DEFAULT_OVERLAY_BRIDGE "br-int"
#define KUMOD_DEFAULT_OVERLAY_DPTYPE "netdev"

/* What forwards traffic ("forwarding" key). */
enum kumod_forwarding {
    KUMOD_FORWARDING_FABRIC,    /* Topology-wide fabric (OpenFlow 1.3;
                                 * other switches get the learning
                                 * switch). */
    KUMOD_FORWARDING_LEARNING,  /* Per-switch learning switch only. */
};

struct kumod_config {
    char **listens;             /* Listener targets, e.g. "ptcp:6653". */
    size_t n_listens;
    char *ctl_path;             /* Control socket path. */
    int n_workers;              /* 0: one per core. */
    char *ssl_key, *ssl_cert, *ssl_ca;
    char **log_levels;          /* "[MODULE:]LEVEL", applied in order. */
    size_t n_log_levels;
    char *pidfile;              /* NULL: none. */
    bool syslog;                /* Log to syslog instead of stderr. */

    /* Switch connections. */
    int echo_interval_ms;       /* Idle time before an echo request. */
    int echo_misses;            /* Unanswered probes before closing. */
    int handshake_timeout_ms;   /* Hello..port-desc must finish in this. */
    int miss_send_len;          /* SET_CONFIG miss_send_len. */
    size_t send_queue_soft;     /* Bytes: packet-outs dropped above. */
    size_t send_queue_hard;     /* Bytes: everything dropped above. */
    int packet_in_budget;       /* Per switch per loop iteration. */
    int packet_in_rate;         /* Per switch per second; 0: unlimited. */

    /* Learning switch. */
    int flow_idle_timeout;      /* Seconds, 0: none. */
    int flow_hard_timeout;      /* Seconds, 0: none. */

    /* Fabric. */
    int forwarding;             /* enum kumod_forwarding. */
    int lldp_interval_ms;       /* LLDP probe period. */
    int host_idle_timeout;      /* Seconds a host may be silent; 0: kept
                                 * until its port or switch goes down. */
    /* HTTP APIs (src/api) and the tenant store (src/vnet). */
    char *api;                  /* "IPV4:PORT", "[IPV6]:PORT" or "off". */
    char *db_path;              /* SQLite file of the store. */
    char **api_tokens;          /* Bearer tokens; none: the native API is
                                 * open (loopback addresses only). */
    size_t n_api_tokens;
    char *ssp_username;         /* SSP API login; both or neither. */
    char *ssp_password;

    /* Overlays (src/overlay): hypervisors configured over OVSDB. */
    char *overlay_bridge;       /* Integration bridge name. */
    char *overlay_datapath_type;    /* Its datapath type when a chassis
                                     * does not name one. */
    char *overlay_controller;   /* OpenFlow target(s) for the hypervisors'
                                 * bridges, comma-separated; NULL: derived
                                 * from a ptcp:PORT:IP listener. */
    int overlay_network_mtu;    /* Tenant frames' MTU, for the underlay
                                 * MTU check. */

    /* Which scalar keys were set by the file (to reject duplicates). */
    uint64_t seen;
};

/* What kumod_config_parse_args() asks the caller to do. */
enum kumod_action {
    KUMOD_RUN,
    KUMOD_CHECK_CONFIG,         /* --check-config: validate and exit. */
    KUMOD_HELP,                 /* --help: print kumod_config_usage(). */
    KUMOD_VERSION,
};

/* Initializes 'c' with the defaults. */
void kumod_config_init(struct kumod_config *c);
/* Frees everything 'c' owns. */
void kumod_config_uninit(struct kumod_config *c);

/* Sets 'key' (file spelling, e.g. "ssl_key") to 'value'.  Returns NULL or
 * an error message naming the key (caller frees). */
char *kumod_config_set(struct kumod_config *c, const char *key,
                       const char *value);

/* Parses config text 'text'; 'file_name' is used in error messages.
 * Returns NULL or "FILE:LINE: ..." (caller frees). */
char *kumod_config_parse_text(struct kumod_config *c, const char *text,
                              const char *file_name);
/* Reads and parses 'file_name'.  Returns NULL or an error (caller frees). */
char *kumod_config_load_file(struct kumod_config *c, const char *file_name);

/* Parses the command line (after loading --config FILE if given) into 'c'.
 * Returns NULL and sets '*action', or an error (caller frees). */
char *kumod_config_parse_args(struct kumod_config *c, int argc,
                              char *argv[], enum kumod_action *action);

/* Checks cross-field constraints (e.g. pssl: needs the TLS files) and
 * that every log module exists.  Returns NULL or an error (caller
 * frees). */
char *kumod_config_validate(const struct kumod_config *c);

/* Returns the --help text (static). */
const char *kumod_config_usage(void);

#endif /* kumod-config.h */
