/* kumod: the Kumo controller daemon.  Wiring only: parse flags and the
 * config file, set up logging and signals, create the core (listeners and
 * worker threads), register the apps, start the control socket server and
 * the HTTP APIs, run until SIGTERM/SIGINT or "kumoctl shutdown", then tear
 * everything down. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api-server.h"
#include "core/app.h"
#include "core/core.h"
#include "core/ctl.h"
#include "core/kumod-config.h"
#include "core/l2switch.h"
#include "core/stream.h"
#include "fabric/fabric-app.h"
#include "fabric/fabric-ctl.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric.h"
#include "lib/log.h"
#include "lib/util.h"
#include "overlay/overlay-ctl.h"
#include "overlay/overlay.h"
#include "vnet/vnet.h"

LOG_MODULE(kumod);

static void
on_signal(int signo)
{
    (void) signo;
    core_request_shutdown();
}

static void
setup_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

/* Thousands of switches need thousands of descriptors. */
static void
raise_fd_limit(void)
{
    struct rlimit rl;

    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static char *
apply_log_levels(const struct kumod_config *cfg)
{
    size_t i;

    for (i = 0; i < cfg->n_log_levels; i++) {
        const char *spec = cfg->log_levels[i];
        const char *colon = strchr(spec, ':');
        char *error;

        if (colon) {
            char *module = xmemdup(spec, colon - spec + 1);
            module[colon - spec] = '\0';
            error = log_set_level(module, colon + 1);
            free(module);
        } else {
            error = log_set_level("all", spec);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Checks that the TLS files exist, are readable and, when all three are
 * given, load as a pssl: listener would load them. */
static char *
check_files(const struct kumod_config *cfg)
{
    const char *files[3] = { cfg->ssl_key, cfg->ssl_cert, cfg->ssl_ca };
    const char *names[3] = { "ssl_key", "ssl_cert", "ssl_ca" };
    struct stream_ssl_options ssl;
    size_t i;

    for (i = 0; i < 3; i++) {
        if (files[i] && access(files[i], R_OK)) {
            return xasprintf("%s: %s: %s", names[i], files[i],
                             strerror(errno));
        }
    }
    if (cfg->ssl_key && cfg->ssl_cert && cfg->ssl_ca) {
        ssl.key = cfg->ssl_key;
        ssl.cert = cfg->ssl_cert;
        ssl.ca = cfg->ssl_ca;
        return stream_ssl_check_options(&ssl);
    }
    return NULL;
}

/* The fabric thread's view of the tenant store (fabric_config.vnet). */
static uint64_t
vnet_source_seq(void *db)
{
    return vnet_db_seq(db);
}

static const struct vnet_snapshot *
vnet_source_snapshot(void *db)
{
    return vnet_db_snapshot(db);
}

/* The fabric thread's view of the hypervisors (fabric_config.overlay):
 * the chassis manager's published state, as overlay forwarding facts. */
static uint64_t
overlay_source_seq(void *ov)
{
    /* Both only grow: the sum moves whenever either does. */
    return overlay_chassis_seq(ov) + overlay_vifs_seq(ov);
}

static struct fabric_overlay *
overlay_source_get(void *ov_)
{
    struct overlay *ov = ov_;
    struct fabric_overlay *facts = fabric_overlay_create();
    struct overlay_chassis_state *states;
    const struct overlay_vif_set *set;
    size_t n = overlay_get_chassis(ov, &states), i, j;

    for (i = 0; i < n; i++) {
        const struct overlay_chassis_state *st = &states[i];
        struct fabric_overlay_chassis ch;

        memset(&ch, 0, sizeof ch);
        snprintf(ch.uuid, sizeof ch.uuid, "%s", st->uuid);
        snprintf(ch.name, sizeof ch.name, "%s", st->name);
        ch.dpid = fabric_overlay_parse_dpid(st->obs.datapath_id);
        fabric_overlay_parse_ipv4(st->tunnel_ip, &ch.tunnel_ip);
        ch.encaps = st->encaps;
        for (j = 0; j < FABRIC_OVERLAY_N_ENCAPS; j++) {
            int64_t p = st->obs.tunnel_ofports[j];

            ch.tunnel_ports[j] = p > 0 && p < 0xff00 ? (uint32_t) p : 0;
        }
        fabric_overlay_add_chassis(facts, &ch);
    }
    set = overlay_vifs_get(ov);
    for (i = 0; i < set->n; i++) {
        const struct overlay_chassis_vif *cv = &set->vifs[i];
        struct fabric_overlay_vif v;

        memset(&v, 0, sizeof v);
        snprintf(v.iface_id, sizeof v.iface_id, "%s", cv->vif.iface_id);
        /* The chassis' current datapath id (the VIF set is not
         * republished when only that changes). */
        for (j = 0; j < n; j++) {
            if (!strcmp(states[j].uuid, cv->chassis_uuid)) {
                v.dpid = fabric_overlay_parse_dpid(states[j].obs.datapath_id);
            }
        }
        v.ofport = cv->vif.ofport > 0 && cv->vif.ofport < 0xff00
                   ? (uint32_t) cv->vif.ofport : 0;
        v.has_mac = cv->vif.has_mac && vnet_mac_parse(cv->vif.mac, &v.mac);
        fabric_overlay_add_vif(facts, &v);
    }
    overlay_vif_set_release(set);
    free(states);
    fabric_overlay_finish(facts);
    return facts;
}

/* Opens the tenant store at 'path', creating its directory (mode 0750) if
 * missing.  Returns NULL after logging why. */
static struct vnet_db *
open_db(const char *path)
{
    struct vnet_error err;
    struct vnet_db *db;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0750) && errno != EEXIST) {
            LOG_ERR("db %s: cannot create directory %s: %s", path, dir,
                    strerror(errno));
            fprintf(stderr, "kumod: db %s: cannot create directory %s: %s\n",
                    path, dir, strerror(errno));
            free(dir);
            return NULL;
        }
    }
    free(dir);
    memset(&err, 0, sizeof err);
    db = vnet_db_open(path, &err);
    if (!db) {
        LOG_ERR("db %s: %s", path, err.message);
        fprintf(stderr, "kumod: db %s: %s\n", path, err.message);
        return NULL;
    }
    LOG_INFO("tenant store: %s", path);
    return db;
}

static int
write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return errno;
    }
    fprintf(f, "%ld\n", (long) getpid());
    fclose(f);
    return 0;
}

static void
core_options_from_config(struct core_options *o,
                         const struct kumod_config *cfg)
{
    core_options_init(o);
    o->listens = cfg->listens;
    o->n_listens = cfg->n_listens;
    o->ssl.key = cfg->ssl_key;
    o->ssl.cert = cfg->ssl_cert;
    o->ssl.ca = cfg->ssl_ca;
    o->n_workers = cfg->n_workers;
    o->ofconn.echo_interval_ms = cfg->echo_interval_ms;
    o->ofconn.echo_misses = cfg->echo_misses;
    o->ofconn.handshake_timeout_ms = cfg->handshake_timeout_ms;
    o->ofconn.miss_send_len = (uint16_t) cfg->miss_send_len;
    o->send_queue_soft = cfg->send_queue_soft;
    o->send_queue_hard = cfg->send_queue_hard;
    o->packet_in_budget = cfg->packet_in_budget;
    o->packet_in_rate = cfg->packet_in_rate;
}

/* The OpenFlow targets hypervisors' integration bridges use: the
 * overlay_controller key, or "tcp:IP:PORT" from the first ptcp:PORT:IP
 * listener with a specific IP.  Returns NULL or an error (caller frees);
 * no targets (n = 0) is allowed and logged. */
static char *
overlay_targets(const struct kumod_config *cfg, char ***targets, size_t *n)
{
    size_t i;

    *targets = NULL;
    *n = 0;
    if (cfg->overlay_controller) {
        return overlay_parse_controllers(cfg->overlay_controller, targets, n);
    }
    for (i = 0; i < cfg->n_listens; i++) {
        const char *l = cfg->listens[i];
        const char *colon;

        if (strncmp(l, "ptcp:", 5)) {
            continue;
        }
        colon = strchr(l + 5, ':');
        if (colon && colon[1] && strcmp(colon + 1, "0.0.0.0")
            && strcmp(colon + 1, "[::]")) {
            *targets = xmalloc(sizeof **targets);
            (*targets)[0] = xasprintf("tcp:%s:%.*s", colon + 1,
                                      (int) (colon - (l + 5)), l + 5);
            *n = 1;
            return NULL;
        }
    }
    LOG_INFO("overlay: no overlay_controller and no ptcp:PORT:IP listener: "
             "hypervisor bridges' controllers are left as they are");
    return NULL;
}

/* Starts the chassis manager; returns NULL after logging why. */
static struct overlay *
start_overlay(const struct kumod_config *cfg, struct vnet_db *db)
{
    struct overlay_config oc;
    struct overlay *ov;
    char **targets;
    size_t n, i;
    char *error;

    error = overlay_targets(cfg, &targets, &n);
    if (error) {
        LOG_ERR("%s", error);
        fprintf(stderr, "kumod: %s\n", error);
        free(error);
        return NULL;
    }
    memset(&oc, 0, sizeof oc);
    oc.db = db;
    oc.bridge = cfg->overlay_bridge;
    oc.datapath_type = cfg->overlay_datapath_type;
    oc.controllers = (const char *const *) targets;
    oc.n_controllers = n;
    oc.network_mtu = cfg->overlay_network_mtu;
    ov = overlay_start(&oc, &error);
    if (!ov) {
        LOG_ERR("overlay: %s", error);
        fprintf(stderr, "kumod: overlay: %s\n", error);
        free(error);
    }
    for (i = 0; i < n; i++) {
        free(targets[i]);
    }
    free(targets);
    return ov;
}

int
main(int argc, char *argv[])
{
    struct kumod_config cfg;
    struct core_options opts;
    enum kumod_action action;
    struct core *core;
    char *error;
    int status = 0;
    size_t i;
    struct ctl_server *ctl = NULL;
    struct fabric *fabric = NULL;
    struct api_server *api = NULL;
    struct vnet_db *db = NULL;
    struct overlay *overlay = NULL;

    kumod_config_init(&cfg);
    error = kumod_config_parse_args(&cfg, argc, argv, &action);
    if (!error && action == KUMOD_RUN) {
        error = kumod_config_validate(&cfg);
    }
    if (!error && action == KUMOD_CHECK_CONFIG) {
        error = kumod_config_validate(&cfg);
        if (!error) {
            error = check_files(&cfg);
        }
    }
    if (error) {
        fprintf(stderr, "kumod: %s\n", error);
        free(error);
        kumod_config_uninit(&cfg);
        return 1;
    }
    switch (action) {
    case KUMOD_HELP:
        fputs(kumod_config_usage(), stdout);
        kumod_config_uninit(&cfg);
        return 0;
    case KUMOD_VERSION:
        puts("kumod (Kumo) 0.1");
        kumod_config_uninit(&cfg);
        return 0;
    case KUMOD_CHECK_CONFIG:
        printf("kumod: configuration OK (%zu listener%s)\n", cfg.n_listens,
               cfg.n_listens == 1 ? "" : "s");
        kumod_config_uninit(&cfg);
        return 0;
    case KUMOD_RUN:
        break;
    }

    if (cfg.syslog) {
        log_use_syslog(true, "kumod");
    }
    error = apply_log_levels(&cfg);
    if (error) {
        fprintf(stderr, "kumod: %s\n", error);
        free(error);
        kumod_config_uninit(&cfg);
        return 1;
    }
    setup_signals();
    raise_fd_limit();

    db = open_db(cfg.db_path);
    if (!db) {
        kumod_config_uninit(&cfg);
        return 1;
    }

    /* The chassis manager first: the fabric thread reads its facts. */
    overlay = start_overlay(&cfg, db);
    if (!overlay) {
        vnet_db_close(db);
        kumod_config_uninit(&cfg);
        return 1;
    }
    overlay_ctl_register(overlay);

    l2switch_set_timeouts((uint16_t) cfg.flow_idle_timeout,
                          (uint16_t) cfg.flow_hard_timeout);
    if (cfg.forwarding == KUMOD_FORWARDING_FABRIC) {
        struct fabric_config fcfg;

        fabric_config_init(&fcfg);
        fcfg.lldp_interval_ms = (uint64_t) cfg.lldp_interval_ms;
        fcfg.host_idle_ms = (uint64_t) cfg.host_idle_timeout * 1000;
        /* Tenant networks: the fabric thread compiles the model and is
         * woken after each committed write. */
        fcfg.vnet.aux = db;
        fcfg.vnet.seq = vnet_source_seq;
        fcfg.vnet.snapshot = vnet_source_snapshot;
        fcfg.vnet.release = vnet_snapshot_destroy;
        /* Overlay networks: VIFs, tunnel ports and tunnel IPs of the
         * hypervisors' br-ints. */
        fcfg.overlay.aux = overlay;
        fcfg.overlay.seq = overlay_source_seq;
        fcfg.overlay.get = overlay_source_get;
        /* Before the workers start: they post to it without a lock. The
         * fabric app hands non-1.3 switches to the learning switch. */
        fabric = fabric_start(&fcfg);
        vnet_db_set_notify(db, fabric_vnet_changed, NULL);
        core_app_register(fabric_app());
        fabric_ctl_register();
    } else {
        LOG_INFO("forwarding: learning switch on every switch");
        core_app_register(l2switch_app());
    }


    core_options_from_config(&opts, &cfg);
    if (core_create(&opts, &core, &error)) {
        LOG_ERR("%s", error);
        fprintf(stderr, "kumod: %s\n", error);
        free(error);
        fabric_stop(fabric);        /* It reads the overlay. */
        overlay_stop(overlay);
        vnet_db_close(db);
        kumod_config_uninit(&cfg);
        return 1;
    }
    ctl = ctl_server_start(cfg.ctl_path, &error);
    if (!ctl) {
        LOG_ERR("control socket %s: %s", cfg.ctl_path, error);
        fprintf(stderr, "kumod: control socket %s: %s\n", cfg.ctl_path,
                error);
        free(error);
        core_destroy(core);
        fabric_stop(fabric);        /* It reads the overlay. */
        overlay_stop(overlay);
        vnet_db_close(db);
        kumod_config_uninit(&cfg);
        return 1;
    }
    if (strcmp(cfg.api, "off")) {
        struct api_server_options ao = {
            .address = cfg.api,
            .db = db,
            .tokens = cfg.api_tokens,
            .n_tokens = cfg.n_api_tokens,
            .ssp_user = cfg.ssp_username,
            .ssp_password = cfg.ssp_password,
            .chassis_states = overlay_ctl_chassis_states,
            .chassis_aux = overlay,
        };
        api = api_server_start(&ao, &error);
        if (!api) {
            LOG_ERR("api %s", error);
            fprintf(stderr, "kumod: api %s\n", error);
            free(error);
            status = 1;
            goto out;
        }
    }
    if (cfg.pidfile && write_pidfile(cfg.pidfile)) {
        status = 1;
        goto out;
    }
    for (i = 0; i < core_get_n_listeners(core); i++) {
        LOG_INFO("ready: %s", core_get_listener_name(core, i));
    }

    core_run(core);
    LOG_INFO("shutting down");

out:
    api_server_stop(api);
    ctl_server_stop(ctl);
    core_destroy(core);
    vnet_db_set_notify(db, NULL, NULL);
    fabric_stop(fabric);            /* It reads the overlay. */
    overlay_stop(overlay);
    vnet_db_close(db);
    if (cfg.pidfile && !status) {
        unlink(cfg.pidfile);
    }
    kumod_config_uninit(&cfg);
    return status;
}
