/* overlay: the chassis manager thread (see overlay.h): one OVSDB session
 * per chassis of the vnet store, convergence through overlay-conv, and
 * the published state and VM interface set. */
#include "overlay/overlay.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-client.h"
#include "ovsdb/ovsdb-proto.h"
#include "vnet/vnet.h"

LOG_MODULE(overlay);

/* How long the manager sleeps at most: it polls vnet_db_seq() this
 * often. */
#define OVERLAY_POLL_MS 200
/* After a committed transaction, wait this long for its update before
 * planning again from an unchanged replica. */
#define OVERLAY_HOLD_MS 2000
/* Retry delays after a failed transaction. */
#define OVERLAY_RETRY_MIN_MS 500
#define OVERLAY_RETRY_MAX_MS 8000
/* How long a deleted chassis gets to withdraw Kumo's rows. */
#define OVERLAY_REMOVE_MS 5000

/* One chassis' session; owned by the manager thread. */
struct session {
    struct vnet_chassis ch;         /* As in the store. */
    struct ovsdb_client *client;
    struct overlay_chassis_state st;
    bool dirty;                     /* Plan again (intent changed, retry,
                                     * or after a commit). */
    uint64_t planned_seq;           /* Replica change_seq last planned. */
    uint64_t vifs_seq;              /* Replica change_seq of 'vifs'. */
    uint64_t pending_id;            /* Transaction in flight, 0 if none. */
    uint64_t sent_seq;              /* change_seq when it was sent. */
    int64_t hold_until;
    int64_t retry_at, retry_delay;
    bool removing;                  /* Chassis deleted: withdraw, then
                                     * close. */
    bool remove_sent, remove_done;
    int64_t remove_deadline;
    struct overlay_vif *vifs;
    size_t n_vifs;
    char last_connect_error[256];   /* To log each distinct one once. */
};

struct overlay {
    /* Configuration (owned copies). */
    struct vnet_db *db;
    char *bridge, *datapath_type;
    char **controllers;
    size_t n_controllers;
    int network_mtu;
    int64_t min_backoff_ms, max_backoff_ms;

    pthread_t thread;
    int stop_fd;                    /* eventfd: stop. */
    atomic_bool stop;

    /* Manager thread only. */
    struct session **sessions;
    size_t n_sessions;
    uint64_t db_seq;
    bool db_loaded;
    bool vifs_changed;

    /* Published (mutex). */
    pthread_mutex_t mutex;
    struct overlay_chassis_state *pub;
    size_t n_pub;
    struct overlay_vif_set *vif_set;
    atomic_uint_fast64_t vifs_seq;
    atomic_uint_fast64_t chassis_seq;
};

static struct overlay_vif_set *
vif_set_create(uint64_t seq, struct overlay_chassis_vif *vifs, size_t n)
{
    struct overlay_vif_set *s = xzalloc(sizeof *s);

    s->seq = seq;
    s->vifs = vifs;
    s->n = n;
    s->refcount_ = 1;
    return s;
}

void
overlay_vif_set_release(const struct overlay_vif_set *s_)
{
    struct overlay_vif_set *s = (struct overlay_vif_set *) s_;

    if (s && __atomic_sub_fetch(&s->refcount_, 1, __ATOMIC_ACQ_REL) == 0) {
        free(s->vifs);
        free(s);
    }
}

const struct overlay_vif_set *
overlay_vifs_get(struct overlay *ov)
{
    struct overlay_vif_set *s;

    pthread_mutex_lock(&ov->mutex);
    s = ov->vif_set;
    __atomic_add_fetch(&s->refcount_, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&ov->mutex);
    return s;
}

uint64_t
overlay_vifs_seq(const struct overlay *ov)
{
    return atomic_load(&((struct overlay *) ov)->vifs_seq);
}

uint64_t
overlay_chassis_seq(const struct overlay *ov)
{
    return atomic_load(&((struct overlay *) ov)->chassis_seq);
}

size_t
overlay_get_chassis(struct overlay *ov, struct overlay_chassis_state **states)
{
    size_t n;

    pthread_mutex_lock(&ov->mutex);
    n = ov->n_pub;
    *states = n ? xmemdup(ov->pub, n * sizeof *ov->pub) : NULL;
    pthread_mutex_unlock(&ov->mutex);
    return n;
}

char *
overlay_parse_controllers(const char *list, char ***targets, size_t *n)
{
    char *copy = xstrdup(list), *save = NULL, *tok;

    *targets = NULL;
    *n = 0;
    for (tok = strtok_r(copy, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        if (strncmp(tok, "tcp:", 4) && strncmp(tok, "ssl:", 4)) {
            char *error = xasprintf("overlay_controller: \"%s\" is not "
                                    "tcp:IP:PORT or ssl:IP:PORT", tok);
            size_t i;

            for (i = 0; i < *n; i++) {
                free((*targets)[i]);
            }
            free(*targets);
            *targets = NULL;
            *n = 0;
            free(copy);
            return error;
        }
        *targets = xrealloc(*targets, (*n + 1) * sizeof **targets);
        (*targets)[(*n)++] = xstrdup(tok);
    }
    free(copy);
    if (!*n) {
        return xstrdup("overlay_controller: no target given");
    }
    return NULL;
}

/* ---- Sessions ---- */

static void
session_set_error(struct session *s, const char *msg)
{
    snprintf(s->st.last_error, sizeof s->st.last_error, "%s", msg);
}

static void
session_copy_chassis(struct session *s, const struct vnet_chassis *ch)
{
    s->ch = *ch;
    snprintf(s->st.uuid, sizeof s->st.uuid, "%s", ch->uuid);
    snprintf(s->st.name, sizeof s->st.name, "%s", ch->name);
    snprintf(s->st.ovsdb_addr, sizeof s->st.ovsdb_addr, "%s", ch->ovsdb_addr);
    snprintf(s->st.tunnel_ip, sizeof s->st.tunnel_ip, "%s", ch->tunnel_ip);
    s->st.encaps = ch->encaps;
}

static struct session *
session_create(struct overlay *ov, const struct vnet_chassis *ch)
{
    struct session *s = xzalloc(sizeof *s);
    struct ovsdb_client_config cfg;
    char *error = NULL;
    size_t i;

    session_copy_chassis(s, ch);
    s->dirty = true;
    s->retry_delay = OVERLAY_RETRY_MIN_MS;
    memset(&cfg, 0, sizeof cfg);
    cfg.target = ch->ovsdb_addr;
    cfg.proto.name = ch->name;
    cfg.proto.database = "Open_vSwitch";
    cfg.proto.min_backoff_ms = ov->min_backoff_ms;
    cfg.proto.max_backoff_ms = ov->max_backoff_ms;
    /* The manager reads the replica; row events would only be freed. */
    cfg.proto.no_row_events = true;
    s->client = ovsdb_client_create(&cfg, &error);
    if (!s->client) {
        LOG_ERR("chassis %s: OVSDB address %s: %s", ch->name, ch->ovsdb_addr,
                error);
        session_set_error(s, error);
        free(error);
        return s;
    }
    for (i = 0; i < overlay_conv_n_monitor; i++) {
        const struct overlay_conv_table *t = &overlay_conv_monitor[i];

        ovsdb_proto_monitor_table(ovsdb_client_get_proto(s->client),
                                  t->table, t->columns, t->n_columns);
    }
    LOG_INFO("chassis %s: managing %s (tunnel IP %s)", ch->name,
             ch->ovsdb_addr, ch->tunnel_ip);
    return s;
}

static void
session_destroy(struct session *s)
{
    if (s) {
        ovsdb_client_destroy(s->client);
        free(s->vifs);
        free(s);
    }
}

static void
session_intent(const struct overlay *ov, const struct session *s,
               struct overlay_intent *in)
{
    in->database = "Open_vSwitch";
    in->bridge = ov->bridge;
    in->datapath_type = s->ch.datapath_type[0] ? s->ch.datapath_type
                                               : ov->datapath_type;
    in->controllers = (const char *const *) ov->controllers;
    in->n_controllers = ov->n_controllers;
    in->encaps = s->ch.encaps;
}

static void
session_send(struct session *s, struct ovsdb_txn *txn, int64_t now)
{
    struct ovsdb_proto *p = ovsdb_client_get_proto(s->client);

    s->pending_id = ovsdb_proto_transact(p, txn);
    s->sent_seq = ovsdb_proto_get_replica(p)->change_seq;
    ovsdb_client_run(s->client, now);
}

static void
session_event(struct overlay *ov, struct session *s, struct ovsdb_event *ev,
              int64_t now)
{
    struct ds d = DS_EMPTY_INITIALIZER;

    (void) ov;
    switch (ev->type) {
    case OVSDB_EV_CONNECTED:
        s->st.connected = true;
        s->st.n_connects++;
        s->last_connect_error[0] = '\0';
        LOG_INFO("chassis %s: OVSDB connected (%s)", s->ch.name,
                 s->ch.ovsdb_addr);
        break;
    case OVSDB_EV_CONNECT_FAILED:
        session_set_error(s, ev->text ? ev->text : "connect failed");
        if (strcmp(s->last_connect_error, s->st.last_error)) {
            snprintf(s->last_connect_error, sizeof s->last_connect_error,
                     "%s", s->st.last_error);
            LOG_INFO("chassis %s: OVSDB: %s (retrying with backoff)",
                     s->ch.name, s->st.last_error);
        }
        break;
    case OVSDB_EV_DISCONNECTED:
        s->st.connected = s->st.synced = s->st.converged = false;
        session_set_error(s, ev->text ? ev->text : "disconnected");
        LOG_INFO("chassis %s: OVSDB disconnected: %s", s->ch.name,
                 s->st.last_error);
        break;
    case OVSDB_EV_SYNCED:
        s->dirty = true;
        LOG_INFO("chassis %s: OVSDB %s", s->ch.name,
                 ev->resync ? "resynchronised" : "synchronised");
        break;
    case OVSDB_EV_TXN:
        if (ev->id != s->pending_id) {
            break;
        }
        s->pending_id = 0;
        s->dirty = true;
        if (s->removing) {
            s->remove_done = true;
            ovsdb_txn_result_format(&ev->txn, &d);
            LOG_INFO("chassis %s: withdrawn (%s)", s->ch.name, ds_cstr(&d));
        } else if (ovsdb_txn_result_ok(&ev->txn)) {
            s->st.n_txns++;
            s->hold_until = now + OVERLAY_HOLD_MS;
            s->retry_delay = OVERLAY_RETRY_MIN_MS;
        } else {
            s->st.n_txn_failures++;
            ovsdb_txn_result_format(&ev->txn, &d);
            session_set_error(s, ds_cstr(&d));
            /* A failed "wait" (op 0) means the replica was stale: not
             * worth a warning, the next plan uses the fresh rows. */
            if (ev->txn.failed_op == 0) {
                LOG_INFO("chassis %s: transaction not applied (state "
                         "changed meanwhile): %s", s->ch.name, ds_cstr(&d));
            } else {
                LOG_WARN("chassis %s: transaction failed: %s", s->ch.name,
                         ds_cstr(&d));
            }
            s->retry_at = now + s->retry_delay;
            s->retry_delay = MIN(s->retry_delay * 2, OVERLAY_RETRY_MAX_MS);
        }
        break;
    case OVSDB_EV_ERROR:
        session_set_error(s, ev->text ? ev->text : "error");
        LOG_WARN("chassis %s: OVSDB: %s", s->ch.name, s->st.last_error);
        break;
    case OVSDB_EV_SCHEMA:
    case OVSDB_EV_ROW:
    case OVSDB_EV_MONITOR_CANCELED:
    case OVSDB_EV_REPLY:
        break;
    }
    ds_destroy(&d);
}

/* Plans and, if needed, sends a transaction. */
static void
session_plan(struct overlay *ov, struct session *s, int64_t now)
{
    struct ovsdb_proto *p = ovsdb_client_get_proto(s->client);
    const struct ovsdb_replica *r = ovsdb_proto_get_replica(p);
    struct ds summary = DS_EMPTY_INITIALIZER;
    struct ds mtu = DS_EMPTY_INITIALIZER;
    struct overlay_intent in;
    struct ovsdb_txn *txn;
    char old_problem[sizeof s->st.obs.problem];

    session_intent(ov, s, &in);
    memcpy(old_problem, s->st.obs.problem, sizeof old_problem);
    txn = overlay_conv_plan(r, &in, &s->st.obs, &summary);
    s->planned_seq = r->change_seq;
    s->dirty = false;
    if (s->st.obs.problem[0]) {
        session_set_error(s, s->st.obs.problem);
        if (strcmp(old_problem, s->st.obs.problem)) {
            LOG_WARN("chassis %s: %s", s->ch.name, s->st.obs.problem);
        }
    }
    if (!ov->n_controllers && !s->st.obs.problem[0]
        && !s->st.last_error[0]) {
        session_set_error(s, "no overlay_controller configured: the "
                          "bridge's controllers are left as they are");
    }
    if (!overlay_conv_mtu_check(s->st.obs.underlay_mtu, ov->network_mtu,
                                s->ch.encaps, strchr(s->ch.tunnel_ip, ':'),
                                &mtu)) {
        if (strcmp(s->st.mtu_error, ds_cstr(&mtu))) {
            LOG_ERR("chassis %s: %s", s->ch.name, ds_cstr(&mtu));
        }
        snprintf(s->st.mtu_error, sizeof s->st.mtu_error, "%s",
                 ds_cstr(&mtu));
    } else if (s->st.mtu_error[0]) {
        LOG_INFO("chassis %s: underlay MTU %d is enough now", s->ch.name,
                 s->st.obs.underlay_mtu);
        s->st.mtu_error[0] = '\0';
    }
    if (txn) {
        LOG_INFO("chassis %s: %s", s->ch.name, ds_cstr(&summary));
        s->st.converged = false;
        session_send(s, txn, now);
        if (!s->pending_id) {
            s->dirty = true;
        }
    } else {
        s->st.converged = !s->st.obs.problem[0];
        if (s->st.converged && s->st.n_txn_failures
            && !strncmp(s->st.last_error, "op", 2)) {
            s->st.last_error[0] = '\0';
        }
    }
    ds_destroy(&summary);
    ds_destroy(&mtu);
}

/* Recomputes the session's VM interfaces if the replica moved. */
static void
session_vifs(struct overlay *ov, struct session *s)
{
    const struct ovsdb_replica *r = ovsdb_proto_get_replica(
        ovsdb_client_get_proto(s->client));
    struct overlay_vif *vifs = NULL;
    size_t n = 0;

    if (s->removing || r->change_seq == s->vifs_seq) {
        return;
    }
    s->vifs_seq = r->change_seq;
    overlay_conv_vifs(r, ov->bridge, &vifs, &n);
    if (n != s->n_vifs || (n && memcmp(vifs, s->vifs, n * sizeof *vifs))) {
        free(s->vifs);
        s->vifs = vifs;
        s->n_vifs = n;
        s->st.n_vifs = n;
        ov->vifs_changed = true;
    } else {
        free(vifs);
    }
}

static void
session_run(struct overlay *ov, struct session *s, int64_t now)
{
    struct ovsdb_proto *p;
    struct ovsdb_event *ev;
    uint64_t seq;

    if (!s->client) {
        return;
    }
    p = ovsdb_client_get_proto(s->client);
    ovsdb_client_run(s->client, now);
    while ((ev = ovsdb_proto_pop_event(p))) {
        session_event(ov, s, ev, now);
        ovsdb_event_destroy(ev);
    }
    s->st.synced = ovsdb_proto_is_synced(p);
    if (!s->st.synced) {
        s->st.converged = false;
        return;
    }
    session_vifs(ov, s);
    if (s->pending_id) {
        return;
    }
    seq = ovsdb_proto_get_replica(p)->change_seq;
    if (s->removing) {
        struct overlay_intent in;
        struct ovsdb_txn *txn;

        if (s->remove_sent) {
            return;
        }
        s->remove_sent = true;
        session_intent(ov, s, &in);
        txn = overlay_conv_plan_remove(ovsdb_proto_get_replica(p), &in);
        if (txn) {
            session_send(s, txn, now);
        }
        if (!s->pending_id) {
            s->remove_done = true;
        }
        return;
    }
    if ((s->dirty || seq != s->planned_seq) && now >= s->retry_at
        && (seq != s->sent_seq || now >= s->hold_until)) {
        session_plan(ov, s, now);
    }
}

static int64_t
session_next_wake(const struct session *s)
{
    int64_t t;

    if (!s->client) {
        return INT64_MAX;
    }
    t = ovsdb_client_next_wake(s->client);
    if (s->dirty && !s->pending_id && s->st.synced) {
        t = MIN(t, MAX(s->retry_at, s->hold_until));
    }
    if (s->removing) {
        t = MIN(t, s->remove_deadline);
    }
    return t;
}

/* ---- Chassis list ---- */

static struct session *
find_session(struct overlay *ov, const char *uuid)
{
    size_t i;

    for (i = 0; i < ov->n_sessions; i++) {
        if (!ov->sessions[i]->removing
            && !strcmp(ov->sessions[i]->ch.uuid, uuid)) {
            return ov->sessions[i];
        }
    }
    return NULL;
}

static void
start_removal(struct overlay *ov, struct session *s, int64_t now)
{
    (void) ov;
    s->removing = true;
    s->remove_deadline = now + OVERLAY_REMOVE_MS;
    LOG_INFO("chassis %s: deleted from the store: withdrawing Kumo's "
             "tunnel ports and controllers from %s", s->ch.name,
             s->ch.ovsdb_addr);
    if (s->n_vifs) {
        s->n_vifs = 0;
        ov->vifs_changed = true;
    }
}

/* Brings the session list in step with the store. */
static void
sync_chassis(struct overlay *ov, int64_t now)
{
    const struct vnet_snapshot *snap = vnet_db_snapshot(ov->db);
    struct session **keep = xcalloc(snap->n_chassis + 1, sizeof *keep);
    size_t i, n_keep = 0;

    for (i = 0; i < snap->n_chassis; i++) {
        const struct vnet_chassis *ch = &snap->chassis[i];
        struct session *s = find_session(ov, ch->uuid);

        if (s && strcmp(s->ch.ovsdb_addr, ch->ovsdb_addr)) {
            /* A new address is a new session (the old one is dropped
             * without withdrawing: it may be the same hypervisor). */
            LOG_INFO("chassis %s: OVSDB address changed to %s", ch->name,
                     ch->ovsdb_addr);
            s->removing = true;
            s->remove_done = true;
            ov->vifs_changed = true;
            s = NULL;
        }
        if (!s) {
            s = session_create(ov, ch);
            ov->sessions = xrealloc(ov->sessions, (ov->n_sessions + 1)
                                    * sizeof *ov->sessions);
            ov->sessions[ov->n_sessions++] = s;
        } else if (memcmp(&s->ch, ch, sizeof *ch)) {
            session_copy_chassis(s, ch);
            s->dirty = true;
        }
        keep[n_keep++] = s;
    }
    for (i = 0; i < ov->n_sessions; i++) {
        struct session *s = ov->sessions[i];
        size_t j;
        bool kept = false;

        for (j = 0; j < n_keep && !kept; j++) {
            kept = keep[j] == s;
        }
        if (!kept && !s->removing) {
            start_removal(ov, s, now);
        }
    }
    /* Store order first (for "kumoctl chassis"), then those leaving. */
    for (i = 0; i < ov->n_sessions; i++) {
        if (ov->sessions[i]->removing) {
            keep = xrealloc(keep, (n_keep + 1) * sizeof *keep);
            keep[n_keep++] = ov->sessions[i];
        }
    }
    free(ov->sessions);
    ov->sessions = keep;
    ov->n_sessions = n_keep;
    ov->db_seq = snap->seq;
    vnet_snapshot_destroy(snap);
}

/* Destroys sessions whose withdrawal is over. */
static void
reap_sessions(struct overlay *ov, int64_t now)
{
    size_t i, n = 0;

    for (i = 0; i < ov->n_sessions; i++) {
        struct session *s = ov->sessions[i];

        if (s->removing
            && (s->remove_done || !s->client || now >= s->remove_deadline
                || (!s->st.synced && !s->remove_sent))) {
            if (!s->remove_done && s->client) {
                LOG_INFO("chassis %s: closed without withdrawing (OVSDB "
                         "not reachable)", s->ch.name);
            }
            session_destroy(s);
        } else {
            ov->sessions[n++] = s;
        }
    }
    ov->n_sessions = n;
}

/* ---- Publishing ---- */

static int
chassis_vif_cmp(const void *a_, const void *b_)
{
    const struct overlay_chassis_vif *a = a_, *b = b_;
    int c = strcmp(a->chassis_name, b->chassis_name);

    if (c) {
        return c;
    }
    c = strcmp(a->vif.iface_id, b->vif.iface_id);
    return c ? c : strcmp(a->vif.name, b->vif.name);
}

/* True if 'a' and 'b' agree on everything overlay forwarding reads. */
static bool
forwarding_facts_equal(const struct overlay_chassis_state *a, size_t n_a,
                       const struct overlay_chassis_state *b, size_t n_b)
{
    size_t i;

    if (n_a != n_b) {
        return false;
    }
    for (i = 0; i < n_a; i++) {
        if (strcmp(a[i].uuid, b[i].uuid)
            || strcmp(a[i].tunnel_ip, b[i].tunnel_ip)
            || a[i].encaps != b[i].encaps
            || strcmp(a[i].obs.datapath_id, b[i].obs.datapath_id)
            || memcmp(a[i].obs.tunnel_ofports, b[i].obs.tunnel_ofports,
                      sizeof a[i].obs.tunnel_ofports)) {
            return false;
        }
    }
    return true;
}

static void
publish(struct overlay *ov)
{
    struct overlay_chassis_state *pub = NULL;
    struct overlay_vif_set *old = NULL;
    size_t i, j, n = 0;

    for (i = 0; i < ov->n_sessions; i++) {
        if (!ov->sessions[i]->removing) {
            pub = xrealloc(pub, (n + 1) * sizeof *pub);
            pub[n++] = ov->sessions[i]->st;
        }
    }
    if (ov->vifs_changed) {
        struct overlay_chassis_vif *vifs = NULL;
        size_t n_vifs = 0;

        ov->vifs_changed = false;
        for (i = 0; i < ov->n_sessions; i++) {
            struct session *s = ov->sessions[i];

            if (s->removing) {
                continue;
            }
            for (j = 0; j < s->n_vifs; j++) {
                struct overlay_chassis_vif *v;

                vifs = xrealloc(vifs, (n_vifs + 1) * sizeof *vifs);
                v = &vifs[n_vifs++];
                memset(v, 0, sizeof *v);
                snprintf(v->chassis_uuid, sizeof v->chassis_uuid, "%s",
                         s->ch.uuid);
                snprintf(v->chassis_name, sizeof v->chassis_name, "%s",
                         s->ch.name);
                snprintf(v->datapath_id, sizeof v->datapath_id, "%s",
                         s->st.obs.datapath_id);
                v->vif = s->vifs[j];
            }
        }
        if (n_vifs) {
            qsort(vifs, n_vifs, sizeof *vifs, chassis_vif_cmp);
        }
        pthread_mutex_lock(&ov->mutex);
        old = ov->vif_set;
        ov->vif_set = vif_set_create(old->seq + 1, vifs, n_vifs);
        atomic_store(&ov->vifs_seq, old->seq + 1);
        pthread_mutex_unlock(&ov->mutex);
        overlay_vif_set_release(old);
    }
    pthread_mutex_lock(&ov->mutex);
    if (!forwarding_facts_equal(ov->pub, ov->n_pub, pub, n)) {
        atomic_fetch_add(&ov->chassis_seq, 1);
    }
    free(ov->pub);
    ov->pub = pub;
    ov->n_pub = n;
    pthread_mutex_unlock(&ov->mutex);
}

/* ---- The thread ---- */

static void *
overlay_main(void *ov_)
{
    struct overlay *ov = ov_;
    struct pollfd *pfds = NULL;

    while (!atomic_load(&ov->stop)) {
        int64_t now = ovsdb_client_time_ms();
        int64_t wake = now + OVERLAY_POLL_MS;
        size_t i, n_pfds = 0;
        int timeout;

        if (!ov->db_loaded || vnet_db_seq(ov->db) != ov->db_seq) {
            ov->db_loaded = true;
            sync_chassis(ov, now);
        }
        for (i = 0; i < ov->n_sessions; i++) {
            session_run(ov, ov->sessions[i], now);
        }
        reap_sessions(ov, now);
        publish(ov);

        pfds = xrealloc(pfds, (ov->n_sessions + 1) * sizeof *pfds);
        pfds[n_pfds].fd = ov->stop_fd;
        pfds[n_pfds].events = POLLIN;
        n_pfds++;
        for (i = 0; i < ov->n_sessions; i++) {
            struct session *s = ov->sessions[i];
            int fd = s->client ? ovsdb_client_get_fd(s->client) : -1;

            wake = MIN(wake, session_next_wake(s));
            if (fd >= 0) {
                pfds[n_pfds].fd = fd;
                pfds[n_pfds].events = POLLIN;
                if (ovsdb_client_want_write(s->client)) {
                    pfds[n_pfds].events |= POLLOUT;
                }
                n_pfds++;
            }
        }
        timeout = (int) MAX(0, MIN(wake - now, OVERLAY_POLL_MS));
        if (poll(pfds, n_pfds, timeout) < 0 && errno != EINTR) {
            LOG_ERR("poll: %s", strerror(errno));
        }
    }
    free(pfds);
    return NULL;
}

struct overlay *
overlay_start(const struct overlay_config *cfg, char **errorp)
{
    struct overlay *ov = xzalloc(sizeof *ov);
    size_t i;
    int error;

    ov->db = cfg->db;
    ov->bridge = xstrdup(cfg->bridge ? cfg->bridge : "br-int");
    ov->datapath_type = xstrdup(cfg->datapath_type ? cfg->datapath_type
                                                    : "netdev");
    ov->n_controllers = cfg->n_controllers;
    ov->controllers = xcalloc(cfg->n_controllers + 1,
                              sizeof *ov->controllers);
    for (i = 0; i < cfg->n_controllers; i++) {
        ov->controllers[i] = xstrdup(cfg->controllers[i]);
    }
    ov->network_mtu = cfg->network_mtu ? cfg->network_mtu : 1500;
    ov->min_backoff_ms = cfg->min_backoff_ms;
    ov->max_backoff_ms = cfg->max_backoff_ms;
    pthread_mutex_init(&ov->mutex, NULL);
    ov->vif_set = vif_set_create(0, NULL, 0);
    atomic_init(&ov->vifs_seq, 0);
    atomic_init(&ov->chassis_seq, 0);
    atomic_init(&ov->stop, false);
    ov->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ov->stop_fd < 0) {
        *errorp = xasprintf("eventfd: %s", strerror(errno));
        ov->stop_fd = -1;
        overlay_stop(ov);
        return NULL;
    }
    error = pthread_create(&ov->thread, NULL, overlay_main, ov);
    if (error) {
        *errorp = xasprintf("cannot start the overlay thread: %s",
                            strerror(error));
        close(ov->stop_fd);
        ov->stop_fd = -1;
        overlay_stop(ov);
        return NULL;
    }
    LOG_INFO("chassis manager: bridge %s (datapath %s), controller%s %s, "
             "network MTU %d", ov->bridge, ov->datapath_type,
             ov->n_controllers == 1 ? "" : "s",
             ov->n_controllers ? ov->controllers[0] : "(none)",
             ov->network_mtu);
    return ov;
}

void
overlay_stop(struct overlay *ov)
{
    size_t i;

    if (!ov) {
        return;
    }
    if (ov->stop_fd >= 0) {
        uint64_t one = 1;

        atomic_store(&ov->stop, true);
        if (write(ov->stop_fd, &one, sizeof one) < 0) {
            LOG_ERR("eventfd write: %s", strerror(errno));
        }
        pthread_join(ov->thread, NULL);
        close(ov->stop_fd);
    }
    /* No withdrawal on shutdown: a restarted kumod finds everything in
     * place and changes nothing. */
    for (i = 0; i < ov->n_sessions; i++) {
        session_destroy(ov->sessions[i]);
    }
    free(ov->sessions);
    free(ov->pub);
    overlay_vif_set_release(ov->vif_set);
    pthread_mutex_destroy(&ov->mutex);
    for (i = 0; i < ov->n_controllers; i++) {
        free(ov->controllers[i]);
    }
    free(ov->controllers);
    free(ov->bridge);
    free(ov->datapath_type);
    free(ov);
}
