/* fabric-core: see fabric-core.h.
 *
 * Costs, per event (S switches, P ports, L links, H hosts):
 * - LLDP packet-in: a graph lookup and at most an insert (O(log L), a
 *   memmove on insert);
 * - host frame: O(1) host table work plus the packet-out; a flood walks
 *   every fabric switch's ports once (O(S + P)), but only frames from
 *   unknown sources or to unknown destinations get here, and only until
 *   the pipeline knows them;
 * - topology or host change: one path computation (S Dijkstras) and one
 *   compilation per switch, coalesced over 'recompute_ms', never per
 *   packet-in. */
#include "fabric/fabric-core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric-compile.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric-tenant.h"
#include "fabric/fabric-tenant-fp.h"
#include "lib/log.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"
#include "ofp/ofp-switch.h"
#include "openflow/of-match.h"
#include "openflow/of13.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-lldp.h"
#include "topo/topo-path.h"

LOG_MODULE(fabric_core);

#define ETH_ADDR_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define ETH_ADDR_ARGS(A) (A).ea[0], (A).ea[1], (A).ea[2], (A).ea[3], \
                         (A).ea[4], (A).ea[5]

/* Flows and groups compiled per fabric_core_run() call at most (a round
 * on a big fabric is spread over several calls). */
#define FABRIC_SYNC_BUDGET 5000

/* A final round returns to its caller after this many switches got
 * messages, so their output goes to the workers (and the wire) while the
 * round goes on: a tenant change touching ~100 switches reaches the
 * first ones before the last are compiled. */
#define FABRIC_SYNC_BATCH 16

/* While switches wait for their first synchronisation (a fabric coming
 * up, a kumod restart), a change that only adds to the graph (discovery:
 * topo_graph_loss_seq() did not move) waits until the graph has been
 * quiet this long (plus an LLDP interval while links are known one way
 * only: their other direction is a probe round away), but no longer than
 * GROWTH_MAX_MS: a fabric being discovered is then compiled once, not
 * after every burst of links (and through a transitional round each
 * time). A loss, and any change once every switch is synchronised (a
 * link coming back, which the restore logic handles at once), go on at
 * once. */
#define GROWTH_QUIET_MS 300
#define GROWTH_MAX_MS 5000

/* A failed resynchronisation read-back is asked for again after this
 * (ms): the switch's send queue is likely still full. */
#define FABRIC_RESYNC_RETRY_MS 500

/* Bytes of output a switch may have on its way (handed to the shell and
 * not yet covered by an answered barrier): the rest waits in its output
 * buffer.  Well below kumod's default hard send-queue cap (1 MiB) minus
 * the packet-outs allowed under the soft cap (256 kB), so the fabric's
 * own output never overflows it. */
#define FABRIC_SEND_WINDOW (384 * 1024)

/* Most output ports one flood packet-out lists (more take several). */
#define FLOOD_BATCH 64

/* One fabric switch (an OpenFlow 1.3 session). */
struct fabric_sw {
    uint64_t dpid;
    uint64_t session;
    uint64_t up_since;          /* 'now' of switch up. */
    bool read_back;             /* Read-back arrived. */
    uint64_t sync_after;        /* First diff not before this. */
    uint64_t hold_until;        /* Read back with flows of ours: the
                                 * first diff waits (until this at most)
                                 * for the links it had to come back. */
    uint32_t *held_ports;       /* Its fabric ports in the read-back. */
    size_t n_held_ports;
    bool held_overlay;          /* Read back with a br-int's overlay
                                 * flows: also waits for the overlay
                                 * facts to name it. */
    bool synced;                /* First diff done: diffs flow. */
    bool ready_pending;         /* Read back, not synchronised yet
                                 * (counted in n_ready_pending). */
    struct fabric_state *installed;     /* What the switch has (read back,
                                         * then as we changed it) but the
                                         * tenant app's entries; NULL
                                         * before the read-back. */
    struct fabric_state *tinstalled;    /* The tenant app's entries
                                         * (FABRIC_APP_VNET), kept apart
                                         * so a tenant change never merges
                                         * states; NULL: none. */
    struct fabric_state *whole;         /* Both, for
                                         * fabric_core_switch_state();
                                         * built on demand, NULL when
                                         * either changes. */
    bool fp_valid;              /* 'installed' is what a view with
                                 * fingerprint 'fp' compiles to. */
    uint64_t fp;                /* fabric_view_fingerprint(). */
    uint64_t tbase;             /* With 'fp_valid': the fingerprint of the
                                 * inputs of everything but the tenant
                                 * destinations of other switches
                                 * (sw_tenant_fingerprint()). */
    uint64_t tround;            /* Serial of the round whose view the
                                 * states were last brought to, or 0. */
    uint64_t vfp;               /* fabric_view_fingerprint() of the view */
    uint64_t vfp_view;          /* ...with this id (sync_round), or 0. */
    bool awaiting;              /* Barrier 'barrier_xid' outstanding. */
    uint32_t barrier_xid;
    uint32_t confirm_xid;       /* Barrier after the last non-empty diff,
                                 * not answered yet; 0 if none. */
    bool resync;                /* Lost messages: read back again, then
                                 * synchronise (fabric_core_send_lost()). */
    bool readback_wanted;       /* The shell is to ask for the read-back
                                 * (fabric_core_take_readbacks()), not
                                 * before 'readback_at'. */
    uint64_t readback_at;
    size_t unacked;             /* Bytes handed to the shell that no
                                 * answered pacing barrier covers. */
    uint32_t pace_xid;          /* Outstanding pacing barrier, or 0. */
    size_t pace_bytes;          /* 'unacked' when it was queued. */
    uint64_t next_poll;         /* Next host activity poll. */
    uint32_t poll_xid;          /* Outstanding poll, or 0. */
    struct buf out;             /* Queued messages. */
    struct probation *probation;    /* Ports that came up, not yet heard
                                     * by LLDP (see "Probation"). */
    size_t n_probation;
    struct retired_group *retired;  /* Select groups in 'installed' that
                                     * nothing uses any more, to delete
                                     * (see "Retired select groups"). */
    size_t n_retired;
    bool dirty;                 /* In 'dirty' (has output). */
    struct fabric_sw *dirty_next;
    struct fabric_sw *hash_next;
};

/* A port that came up and has not been heard by LLDP yet: until 'until'
 * it is neither a host port nor a fabric port (see "Probation"). */
struct probation {
    uint32_t port;
    uint64_t until;
};

/* A select group kept on a switch after its last use, until 'until'. */
struct retired_group {
    uint32_t group_id;
    uint64_t until;
};

/* Host activity: the packet count of a host's source entry when last
 * polled. A host whose count moved was active since: it is refreshed in
 * the host table (its frames no longer reach us once its flows are in). */
struct host_count {
    struct eth_addr mac;
    uint16_t vlan;
    uint64_t packets;
    struct host_count *next;
};

/* One synchronisation round: every switch compiled from one frozen copy
 * of the graph and one path snapshot, a bounded number of entries per
 * fabric_core_run() call so that events (LLDP, port status, packet-ins)
 * are handled in between even on a fabric of thousands of switches. */
struct sync_round {
    bool active;
    bool trans;                     /* Transitional (with barriers). */
    struct topo_graph *graph;       /* Frozen copy the view borrows. */
    struct topo_path *path;         /* Snapshot of this round. */
    struct fabric_view view;
    uint64_t *dpids;                /* Switches to bring up to date. */
    size_t n, next;
    uint64_t graph_seq, host_seq;   /* What the round brings them to. */
    uint64_t loss_seq;
    uint64_t vnet_gen;
    bool has_tview;                 /* Tenant networks: 'tview' is set. */
    struct fabric_tenant_view tview;    /* Over 'view'. */
    struct fabric_tenant_fp tfp;        /* Of 'tview', if 'has_tview'. */
    uint64_t tfp_seed;                  /* The round's graph, path and
                                         * host generations, mixed. */
    uint64_t serial;                    /* Unique per round (from 1). */
    bool view_kept;                     /* 'graph' and 'view' are the
                                         * previous round's (reused). */
    uint64_t view_id;                   /* Serial of the round that built
                                         * 'view'. */
    /* Destination delta (sync_delta()), tenant networks only: */
    struct fabric_tenant_host *hosts;   /* tview's destinations sorted by
                                         * (network, MAC), stably; owned. */
    size_t n_hosts;
    bool delta;                 /* Switches brought to the last final
                                 * round's view may take the delta: this
                                 * round is final, has its generations
                                 * and differs in the tenant model. */
    struct fabric_tenant_host *dkeys;   /* One per (network, MAC) whose
                                         * destinations changed since the
                                         * last final round; owned. */
    size_t n_dkeys;
    struct fabric_tenant_host *dnew;    /* This round's destinations with
                                         * those keys, in 'hosts' order;
                                         * owned. */
    size_t n_dnew;
};

/* The graph copy and fabric view of the last final round, kept for the
 * next one if nothing they are built from moved (a tenant-only change). */
struct kept_view {
    struct topo_graph *graph;       /* NULL: none. */
    struct fabric_view view;
    struct topo_path *path;
    uint64_t graph_seq, host_seq, loss_seq;
    uint64_t view_id;
    bool has_tview;
    struct fabric_tenant_view tview;    /* That round's (over 'view'):
                                         * the next one reuses its network
                                         * scopes where their members did
                                         * not move. */
};

struct fabric_core {
    struct fabric_config cfg;
    struct topo_graph *graph;
    struct topo_lldp *lldp;
    struct topo_host_table *hosts;
    struct topo_path *paths;        /* NULL until first needed. */
    struct topo_lldp_probes probes;

    /* Switches by dpid. */
    struct fabric_sw **buckets;
    size_t n_buckets;               /* Power of 2. */
    size_t n_switches;
    struct fabric_sw *dirty;        /* Switches with output. */
    size_t n_ready_pending;         /* Switches with 'ready_pending'. */
    size_t n_readback_wanted;       /* Switches with 'readback_wanted'. */

    /* Synchronisation. Every synchronised switch floods only on tree
     * ports of 'base' (a path snapshot), so moving to a new tree goes
     * through a transitional state on every switch (tree ports of both,
     * fabric-compile.h), confirmed by barriers, before the final one. */
    struct fabric_options compile_opts;
    struct fabric_sync_options sync_opts;
    struct topo_path *base;         /* NULL: no flooding installed yet. */
    struct topo_path *trans_target; /* WAIT phase: the new snapshot. */
    bool waiting;                   /* Transitional barriers outstanding. */
    size_t n_pending;               /* Switches yet to answer them. */
    uint64_t wait_deadline;
    uint64_t recompute_gap;         /* Adaptive recompute period. */
    uint64_t tenant_gap;            /* The same for a round that only a
                                     * tenant-model change calls for
                                     * (round_gap()). */
    struct sync_round round;        /* The round being sent, if any. */
    uint64_t synced_graph_seq;      /* Graph seq of the last sync. */
    uint64_t synced_host_seq;       /* Host seq of the last sync. */
    uint64_t synced_loss_seq;       /* Graph loss seq of the last sync. */
    uint64_t seen_graph_seq;        /* Graph seq fabric_core_run() saw, */
    uint64_t graph_changed_at;      /* ...first at this 'now'. */
    uint64_t growth_since;          /* Holding a growth-only change since
                                     * ('now'), or 0. */

    /* Tenant networks (fabric-tenant.h), once fabric_core_set_vnet() was
     * called: the model, the claimed ports it implies, and a generation
     * that moves with each new model. */
    bool vnet_on;
    const struct vnet_snapshot *vnet;
    struct fabric_tenant_view claims;
    uint64_t vnet_gen, synced_vnet_gen;
    struct fabric_sync_options vnet_sync_opts;
    struct fabric_overlay *overlay;     /* Hypervisor facts (owned), or
                                         * NULL. */
    bool force_sync;                /* A switch became ready to sync. */
    uint64_t n_rounds;              /* Rounds started (serials). */
    struct kept_view kept;
    uint64_t last_serial;           /* Serial of the last round if it was
                                     * a final one with tenant networks
                                     * (the next one may take the delta
                                     * from it, sync_delta()), else 0. */
    uint64_t last_seed;             /* Its tfp_seed. */
    struct fabric_tenant_host *last_hosts;  /* Its sorted destinations;
                                             * owned. */
    size_t n_last_hosts;
    uint64_t last_recompute;        /* 'now' of the last recomputation. */
    bool recomputed_once;
    uint64_t next_host_aging;
    uint64_t next_poll_scan;
    struct host_count **count_buckets;  /* Host activity (host_idle_ms). */
    size_t n_count_buckets, n_counts;
    uint32_t xid;

    struct fabric_core_stats stats;
};

void
fabric_config_init(struct fabric_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->lldp_interval_ms = 1000;
    cfg->lldp_miss_limit = 3;
    cfg->max_hosts = 65536;
    cfg->host_idle_ms = 0;
    cfg->recompute_ms = 50;
}

struct fabric_core *
fabric_core_create(const struct fabric_config *cfg)
{
    struct fabric_core *fc = xzalloc(sizeof *fc);
    struct topo_lldp_config lc;

    fc->cfg = *cfg;
    if (!fc->cfg.lldp_interval_ms) {
        fc->cfg.lldp_interval_ms = 1000;
    }
    if (!fc->cfg.lldp_miss_limit) {
        fc->cfg.lldp_miss_limit = 3;
    }
    if (!fc->cfg.max_hosts) {
        fc->cfg.max_hosts = 65536;
    }
    if (!fc->cfg.recompute_ms) {
        fc->cfg.recompute_ms = 50;
    }
    if (!fc->cfg.settle_ms) {
        fc->cfg.settle_ms = 2 * fc->cfg.lldp_interval_ms;
    }
    memset(&lc, 0, sizeof lc);
    lc.interval_ms = fc->cfg.lldp_interval_ms;
    lc.miss_limit = fc->cfg.lldp_miss_limit;
    lc.secret = fc->cfg.secret;
    fc->graph = topo_graph_create(TOPO_WEIGHT_HOPS);
    fc->lldp = topo_lldp_create(&lc);
    fc->hosts = topo_host_create(fc->cfg.max_hosts);
    topo_lldp_probes_init(&fc->probes);
    fc->n_buckets = 64;
    fc->buckets = xcalloc(fc->n_buckets, sizeof *fc->buckets);
    fabric_options_init(&fc->compile_opts);
    fabric_sync_options_init(&fc->sync_opts, FABRIC_APP_FABRIC);
    fabric_sync_options_init(&fc->vnet_sync_opts, FABRIC_APP_VNET);
    fc->recompute_gap = fc->cfg.recompute_ms;
    fc->tenant_gap = fc->cfg.recompute_ms;   /* Until a round is timed. */
    fc->n_count_buckets = 1024;
    fc->count_buckets = xcalloc(fc->n_count_buckets,
                                sizeof *fc->count_buckets);
    return fc;
}

static void round_end(struct fabric_core *);
static void kept_view_drop(struct fabric_core *);
static void probation_start(struct fabric_core *, struct fabric_sw *,
                            uint32_t port, uint64_t now);
static bool probation_end(struct fabric_core *, uint64_t dpid,
                          uint32_t port);
static void probation_reprobe(struct fabric_core *);
static void sw_split_readback(struct fabric_core *, struct fabric_sw *);
static void sw_hold_for_links(struct fabric_core *, struct fabric_sw *,
                              uint64_t now);

/* Forgets what 'sw' has (both parts): it is to be read back. */
static void
sw_forget_state(struct fabric_sw *sw)
{
    fabric_state_destroy(sw->installed);
    fabric_state_destroy(sw->tinstalled);
    fabric_state_destroy(sw->whole);
    sw->installed = sw->tinstalled = sw->whole = NULL;
    sw->n_retired = 0;
    sw->fp_valid = false;
    sw->tround = 0;
}

static void
sw_free(struct fabric_sw *sw)
{
    free(sw->probation);
    free(sw->retired);
    sw_forget_state(sw);
    buf_uninit(&sw->out);
    free(sw->held_ports);
    free(sw);
}

/* Destroys path snapshot 'p' unless the core still refers to it. */
static void
drop_path(struct fabric_core *fc, struct topo_path *p)
{
    if (p && p != fc->paths && p != fc->base && p != fc->trans_target
        && p != fc->round.path && p != fc->kept.path) {
        topo_path_destroy(p);
    }
}

void
fabric_core_destroy(struct fabric_core *fc)
{
    size_t i;

    if (!fc) {
        return;
    }
    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw, *next;

        for (sw = fc->buckets[i]; sw; sw = next) {
            next = sw->hash_next;
            sw_free(sw);
        }
    }
    free(fc->buckets);
    for (i = 0; i < fc->n_count_buckets; i++) {
        struct host_count *c, *next;

        for (c = fc->count_buckets[i]; c; c = next) {
            next = c->next;
            free(c);
        }
    }
    free(fc->count_buckets);
    topo_lldp_probes_uninit(&fc->probes);
    round_end(fc);
    kept_view_drop(fc);
    free(fc->last_hosts);
    {
        struct topo_path *a = fc->paths, *b = fc->base, *c = fc->trans_target;

        topo_path_destroy(a);
        if (b != a) {
            topo_path_destroy(b);
        }
        if (c != a && c != b) {
            topo_path_destroy(c);
        }
    }
    fabric_tenant_view_uninit(&fc->claims);
    fabric_overlay_destroy(fc->overlay);
    topo_host_destroy(fc->hosts);
    topo_lldp_destroy(fc->lldp);
    topo_graph_destroy(fc->graph);
    free(fc);
}

void
fabric_core_set_vnet(struct fabric_core *fc, const struct vnet_snapshot *snap)
{
    fabric_tenant_view_uninit(&fc->claims);
    fc->vnet = snap;
    fc->vnet_on = true;
    fabric_tenant_view_init_claims_overlay(&fc->claims, snap, fc->graph,
                                           fc->overlay);
    fc->vnet_gen++;
}

void
fabric_core_set_overlay(struct fabric_core *fc, struct fabric_overlay *ov)
{
    fabric_overlay_destroy(fc->overlay);
    fc->overlay = ov;
    if (fc->vnet_on) {
        fabric_tenant_view_uninit(&fc->claims);
        fabric_tenant_view_init_claims_overlay(&fc->claims, fc->vnet,
                                               fc->graph, ov);
    }
    fc->vnet_gen++;
}

/* True if the tenant pipeline owns (dpid, port): the core must not send
 * untenanted frames there, nor send on frames that came from there. */
static bool
tenant_claims(const struct fabric_core *fc, uint64_t dpid, uint32_t port)
{
    return fc->vnet_on && fabric_tenant_port_claimed(&fc->claims, dpid, port);
}

/* ---- Switch table. ---- */

static size_t
dpid_hash(uint64_t dpid)
{
    dpid ^= dpid >> 33;
    dpid *= UINT64_C(0xff51afd7ed558ccd);
    dpid ^= dpid >> 33;
    return (size_t) dpid;
}

static struct fabric_sw **
sw_slot(struct fabric_core *fc, uint64_t dpid)
{
    struct fabric_sw **slot = &fc->buckets[dpid_hash(dpid)
                                           & (fc->n_buckets - 1)];

    while (*slot && (*slot)->dpid != dpid) {
        slot = &(*slot)->hash_next;
    }
    return slot;
}

static struct fabric_sw *
sw_find(const struct fabric_core *fc, uint64_t dpid)
{
    return *sw_slot((struct fabric_core *) fc, dpid);
}

static void
sw_grow(struct fabric_core *fc)
{
    size_t n = fc->n_buckets * 2, i;
    struct fabric_sw **b = xcalloc(n, sizeof *b);

    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw, *next;

        for (sw = fc->buckets[i]; sw; sw = next) {
            size_t h = dpid_hash(sw->dpid) & (n - 1);

            next = sw->hash_next;
            sw->hash_next = b[h];
            b[h] = sw;
        }
    }
    free(fc->buckets);
    fc->buckets = b;
    fc->n_buckets = n;
}

static struct fabric_sw *
sw_add(struct fabric_core *fc, uint64_t dpid)
{
    struct fabric_sw *sw;

    if (fc->n_switches >= fc->n_buckets) {
        sw_grow(fc);
    }
    sw = xzalloc(sizeof *sw);
    sw->dpid = dpid;
    buf_init(&sw->out, 0);
    sw->hash_next = fc->buckets[dpid_hash(dpid) & (fc->n_buckets - 1)];
    fc->buckets[dpid_hash(dpid) & (fc->n_buckets - 1)] = sw;
    fc->n_switches++;
    return sw;
}

/* Sets whether 'sw' waits for its first synchronisation. */
static void
sw_set_ready_pending(struct fabric_core *fc, struct fabric_sw *sw, bool on)
{
    if (sw->ready_pending != on) {
        sw->ready_pending = on;
        if (on) {
            fc->n_ready_pending++;
        } else {
            fc->n_ready_pending--;
        }
    }
}

/* Sets whether the shell is to ask for 'sw''s read-back (at 'at'). */
static void
sw_set_readback_wanted(struct fabric_core *fc, struct fabric_sw *sw, bool on,
                       uint64_t at)
{
    if (sw->readback_wanted != on) {
        sw->readback_wanted = on;
        if (on) {
            fc->n_readback_wanted++;
        } else {
            fc->n_readback_wanted--;
        }
    }
    sw->readback_at = at;
}

/* Forgets 'sw''s outstanding transitional barrier, if any. */
static void
sw_cancel_barrier(struct fabric_core *fc, struct fabric_sw *sw)
{
    if (sw->awaiting) {
        sw->awaiting = false;
        if (fc->n_pending) {
            fc->n_pending--;
        }
    }
}

static void
sw_remove(struct fabric_core *fc, struct fabric_sw *sw)
{
    struct fabric_sw **slot = sw_slot(fc, sw->dpid);
    struct fabric_sw **d;

    sw_cancel_barrier(fc, sw);
    sw_set_ready_pending(fc, sw, false);
    sw_set_readback_wanted(fc, sw, false, 0);
    *slot = sw->hash_next;
    for (d = &fc->dirty; *d; d = &(*d)->dirty_next) {
        if (*d == sw) {
            *d = sw->dirty_next;
            break;
        }
    }
    fc->n_switches--;
    sw_free(sw);
}

/* Returns the buffer to append 'sw''s next messages to. */
static struct buf *
sw_out(struct fabric_core *fc, struct fabric_sw *sw)
{
    if (!sw->dirty) {
        sw->dirty = true;
        sw->dirty_next = fc->dirty;
        fc->dirty = sw;
    }
    return &sw->out;
}

static uint32_t
next_xid(struct fabric_core *fc)
{
    return ++fc->xid ? fc->xid : ++fc->xid;
}

/* ---- Ports and switches. ---- */

static bool
port_is_live(const struct fabric_port *p)
{
    return !(p->config & OFPPC_PORT_DOWN) && !(p->state & OFPPS_LINK_DOWN);
}

/* True if (dpid, port) is a VM interface or a tunnel port of a
 * hypervisor's br-int: never a link to another switch, so no LLDP probe
 * goes there (a VM would receive it; a flow-based tunnel port has no
 * destination for it). */
static bool
no_probe(const struct fabric_core *fc, uint64_t dpid, uint32_t port)
{
    return fc->vnet_on && fabric_tenant_port_is_overlay(&fc->claims, dpid,
                                                        port);
}

/* Sends an LLDP probe out of (sw, port) now, if the port is live. */
static void
probe_port(struct fabric_core *fc, struct fabric_sw *sw, uint32_t port)
{
    topo_lldp_probes_clear(&fc->probes);
    if (!no_probe(fc, sw->dpid, port)
        && topo_lldp_probe_port(fc->lldp, fc->graph, sw->dpid, port,
                                &fc->probes)) {
        const struct topo_lldp_probe *p = &fc->probes.probes[0];

        if (!ofp_packet_out_encode_output(OFP_NO_BUFFER, OFPP_CONTROLLER,
                                          p->port,
                                          topo_lldp_probe_frame(&fc->probes,
                                                                0),
                                          p->size, OFP13_VERSION,
                                          next_xid(fc), sw_out(fc, sw))) {
            fc->stats.probes_tx++;
            fc->stats.msgs_tx++;
        } else {
            fc->stats.encode_errors++;
        }
    }
}

/* Updates the graph for port 'p' of 'sw'; returns true if it came up. */
static bool
apply_port(struct fabric_core *fc, struct fabric_sw *sw,
           const struct fabric_port *p)
{
    const struct topo_port *old;
    bool live = port_is_live(p);
    bool was_live;

    if (p->port_no >= TOPO_GRAPH_PORT_MAX) {
        return false;
    }
    old = topo_graph_port_find(fc->graph, sw->dpid, p->port_no);
    was_live = old && old->live;
    topo_graph_port_set(fc->graph, sw->dpid, p->port_no, &p->hw_addr, live,
                        p->curr_speed);
    if (was_live && !live) {
        size_t n = topo_host_port_down(fc->hosts, sw->dpid, p->port_no);

        if (n) {
            LOG_INFO("switch %016"PRIx64" port %"PRIu32" down: %zu host%s "
                     "forgotten", sw->dpid, p->port_no, n, n == 1 ? "" : "s");
        }
    }
    return live && !was_live;
}

void
fabric_core_switch_up(struct fabric_core *fc, uint64_t dpid,
                      uint64_t session, const struct fabric_port *ports,
                      size_t n_ports, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);
    size_t i;

    fc->stats.switch_ups++;
    if (sw && sw->session > session) {
        fc->stats.stale_events++;
        return;
    }
    if (!sw) {
        sw = sw_add(fc, dpid);
    } else {
        /* A new session of a known switch (the old one's down may still
         * be on its way): start over, but keep the graph entry so links
         * need not be rediscovered. */
        buf_clear(&sw->out);
        sw_cancel_barrier(fc, sw);
        sw_set_ready_pending(fc, sw, false);
        sw_set_readback_wanted(fc, sw, false, 0);
        sw->resync = false;
        sw->confirm_xid = 0;
        sw->unacked = sw->pace_bytes = 0;
        sw->pace_xid = 0;
        sw_forget_state(sw);
    }
    sw->session = session;
    sw->up_since = now;
    sw->read_back = false;
    sw->synced = false;
    topo_graph_switch_add(fc->graph, dpid);
    for (i = 0; i < n_ports; i++) {
        apply_port(fc, sw, &ports[i]);
    }
    /* Drop ports the switch no longer has. */
    {
        const struct topo_switch *ts = topo_graph_switch_find(fc->graph,
                                                              dpid);
        size_t j = ts ? ts->n_ports : 0;

        while (j-- > 0) {
            uint32_t port_no;
            bool found = false;

            ts = topo_graph_switch_find(fc->graph, dpid);
            port_no = ts->ports[j].port_no;
            for (i = 0; i < n_ports && !found; i++) {
                found = ports[i].port_no == port_no;
            }
            if (!found) {
                topo_graph_port_remove(fc->graph, dpid, port_no);
                topo_host_port_down(fc->hosts, dpid, port_no);
            }
        }
    }
    for (i = 0; i < n_ports; i++) {
        if (port_is_live(&ports[i])) {
            probe_port(fc, sw, ports[i].port_no);
        }
    }
}

void
fabric_core_switch_down(struct fabric_core *fc, uint64_t dpid,
                        uint64_t session, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);

    (void) now;
    fc->stats.switch_downs++;
    if (!sw || sw->session != session) {
        fc->stats.stale_events++;
        return;
    }
    topo_host_switch_down(fc->hosts, dpid);
    topo_graph_switch_remove(fc->graph, dpid);
    sw_remove(fc, sw);
}

void
fabric_core_port_status(struct fabric_core *fc, uint64_t dpid,
                        uint64_t session, uint8_t reason,
                        const struct fabric_port *port, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);

    fc->stats.port_status++;
    if (!sw || sw->session != session) {
        fc->stats.stale_events++;
        return;
    }
    if (port->port_no >= TOPO_GRAPH_PORT_MAX) {
        return;
    }
    LOG_DBG("switch %016"PRIx64" port %"PRIu32": status %s", dpid,
            port->port_no, reason == OFPPR_DELETE ? "deleted"
            : port_is_live(port) ? "live" : "down");
    if (reason == OFPPR_DELETE) {
        topo_graph_port_remove(fc->graph, dpid, port->port_no);
        topo_host_port_down(fc->hosts, dpid, port->port_no);
        probation_end(fc, dpid, port->port_no);
    } else if (apply_port(fc, sw, port)) {
        probation_start(fc, sw, port->port_no, now);
        probation_reprobe(fc);
    } else if (!port_is_live(port)) {
        probation_end(fc, dpid, port->port_no);
    }
}

/* ---- Probation. ----
 *
 * A port that comes up (port-status) is an edge port for the graph until
 * LLDP proves a link on it. If the port is really an inter-switch cable
 * being restored, treating it as a host port even for a moment does harm:
 * both switches would flood broadcasts into the cable, each would send
 * what arrives from it to the controller, and the controller would learn
 * the broadcasts' senders at the cable (a host "moves" into the fabric),
 * sending their traffic the wrong way until they speak again. LLDP is
 * usually seen within milliseconds, but the probe sent at port-up is lost
 * whenever it reaches the other switch before that switch's own
 * port-status reached us; the next probe round is a whole interval later.
 *
 * So a port that comes up is on probation until LLDP is seen from or to
 * it, or for two probe intervals: it is not flooded to, frames from it
 * other than LLDP are dropped in the data plane (its table-0 entry to
 * the controller is withheld) and neither learned from nor sent on by the
 * core, and no group uses it (groups use fabric links only). When it
 * comes up, every port on probation is probed again, so a restored cable
 * is found as soon as both ends are known up. A host plugged into a port
 * waits for the probation to end (at most two probe intervals) before it
 * is learned. */

static struct probation *
probation_find(const struct fabric_sw *sw, uint32_t port)
{
    size_t i;

    for (i = 0; i < sw->n_probation; i++) {
        if (sw->probation[i].port == port) {
            return &sw->probation[i];
        }
    }
    return NULL;
}

static void
probation_start(struct fabric_core *fc, struct fabric_sw *sw, uint32_t port,
                uint64_t now)
{
    struct probation *p = probation_find(sw, port);

    if (!p) {
        sw->probation = xrealloc(sw->probation, (sw->n_probation + 1)
                                 * sizeof *sw->probation);
        p = &sw->probation[sw->n_probation++];
        p->port = port;
    }
    p->until = now + 2 * fc->cfg.lldp_interval_ms;
    sw->fp_valid = false;       /* Its state changes with the view. */
    LOG_DBG("switch %016"PRIx64" port %"PRIu32": on probation until LLDP is "
            "seen", sw->dpid, port);
}

/* Ends the probation of ('dpid', 'port'), if any. Returns true if there
 * was one. */
static bool
probation_end(struct fabric_core *fc, uint64_t dpid, uint32_t port)
{
    struct fabric_sw *sw = sw_find(fc, dpid);
    struct probation *p = sw ? probation_find(sw, port) : NULL;

    if (!p) {
        return false;
    }
    *p = sw->probation[--sw->n_probation];
    sw->fp_valid = false;
    return true;
}

/* Probes every port on probation again (a port just came up: its peer may
 * be one of them, whose first probe we could not accept yet). */
static void
probation_reprobe(struct fabric_core *fc)
{
    size_t i, j;

    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            for (j = 0; j < sw->n_probation; j++) {
                probe_port(fc, sw, sw->probation[j].port);
            }
        }
    }
}

/* Ends the probations that ran out at 'now': the port is a host port.
 * The graph does not change (the port was an edge port all along), so
 * the port is announced to it again, down then up, which moves its change
 * counter: the next round gives the port its edge entries. */
static void
probation_run(struct fabric_core *fc, uint64_t now)
{
    size_t i, j;

    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            for (j = 0; j < sw->n_probation; ) {
                uint32_t port = sw->probation[j].port;
                const struct topo_port *tp;

                if (now < sw->probation[j].until) {
                    j++;
                    continue;
                }
                sw->probation[j] = sw->probation[--sw->n_probation];
                sw->fp_valid = false;
                tp = topo_graph_port_find(fc->graph, sw->dpid, port);
                if (tp && tp->live
                    && topo_graph_port_kind(fc->graph, sw->dpid, port)
                       == TOPO_PORT_EDGE) {
                    struct eth_addr hw = tp->hw_addr;
                    uint32_t speed = tp->speed_kbps;

                    LOG_DBG("switch %016"PRIx64" port %"PRIu32": no LLDP "
                            "seen, a host port", sw->dpid, port);
                    topo_graph_port_set(fc->graph, sw->dpid, port, &hw,
                                        false, speed);
                    topo_graph_port_set(fc->graph, sw->dpid, port, &hw, true,
                                        speed);
                }
            }
        }
    }
}

/* The earliest per-switch deadline: the end of a probation or the time a
 * retired select group is to go (see "Retired select groups"), or
 * UINT64_MAX. One pass over the switches for both. */
static uint64_t
sw_timers_next(const struct fabric_core *fc)
{
    uint64_t t = UINT64_MAX;
    size_t i, j;

    for (i = 0; i < fc->n_buckets; i++) {
        const struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            for (j = 0; j < sw->n_probation; j++) {
                t = MIN(t, sw->probation[j].until);
            }
            for (j = 0; j < sw->n_retired; j++) {
                t = MIN(t, sw->retired[j].until);
            }
        }
    }
    return t;
}

/* Takes the ports of 'sw' on probation out of its compiled state 'st':
 * no flood bucket, and no table-0 entry sending their frames to the
 * controller (they fall to the table's drop; LLDP keeps its own entry). A
 * port the state accepts fabric traffic on keeps that entry. */
static void
probation_strip(const struct fabric_sw *sw, struct fabric_state *st)
{
    uint32_t flood_id = fabric_group_id(FABRIC_APP_FABRIC, FABRIC_GROUP_FLOOD,
                                        0);
    const struct fabric_group *g;
    size_t i, j, n = 0;

    if (!sw->n_probation) {
        return;
    }
    for (i = 0; i < sw->n_probation; i++) {
        const struct fabric_flow *f;
        struct ofp_match m;

        ofp_match_init_catchall(&m);
        ofp_match_set_in_port(&m, sw->probation[i].port);
        f = fabric_state_find_flow(st, FABRIC_TABLE_CLASSIFY,
                                   FABRIC_PRIO_PORT, &m);
        if (f && !(f->instructions.present & OFPINST_GOTO_TABLE)) {
            fabric_state_remove_flow(st, FABRIC_TABLE_CLASSIFY,
                                     FABRIC_PRIO_PORT, &m);
        }
    }
    g = fabric_state_find_group(st, flood_id);
    if (g) {
        struct ofp_bucket *buckets = xcalloc(g->n_buckets + 1,
                                             sizeof *buckets);
        struct fabric_group ng = *g;

        for (i = 0; i < g->n_buckets; i++) {
            const struct ofp_bucket *b = &g->buckets[i];
            bool keep = true;

            for (j = 0; j < b->n_actions && keep; j++) {
                keep = !(b->actions[j].type == OFPACT_OUTPUT
                         && probation_find(sw, b->actions[j].output.port));
            }
            if (keep) {
                buckets[n++] = *b;
            }
        }
        if (n != g->n_buckets) {
            ng.buckets = buckets;
            ng.n_buckets = n;
            fabric_state_add_group(st, &ng);    /* Copies 'ng' first. */
        }
        free(buckets);
    }
}

/* ---- Packet-ins. ---- */

/* Sends 'frame' out of every port in 'ports' of 'sw' (one packet-out per
 * FLOOD_BATCH ports). */
static void
send_frame(struct fabric_core *fc, struct fabric_sw *sw,
           const uint32_t *ports, size_t n_ports, const void *frame,
           size_t size)
{
    struct ofp_action actions[FLOOD_BATCH];
    size_t i = 0;

    while (i < n_ports) {
        struct ofp_packet_out po;
        size_t n = 0;

        while (i < n_ports && n < FLOOD_BATCH) {
            actions[n++] = ofp_action_output(ports[i++], 0);
        }
        memset(&po, 0, sizeof po);
        po.buffer_id = OFP_NO_BUFFER;
        po.in_port = OFPP_CONTROLLER;
        po.ofp_actions = actions;
        po.n_ofp_actions = n;
        po.data = frame;
        po.data_len = size;
        if (ofp_packet_out_encode(&po, OFP13_VERSION, next_xid(fc),
                                  sw_out(fc, sw))) {
            fc->stats.encode_errors++;
        } else {
            fc->stats.msgs_tx++;
        }
    }
}

/* Sends 'frame' once to every edge port of every fabric switch except
 * (in_dpid, in_port). */
static void
flood_frame(struct fabric_core *fc, uint64_t in_dpid, uint32_t in_port,
            const void *frame, size_t size)
{
    size_t n_sw = topo_graph_n_switches(fc->graph);
    uint32_t *ports = NULL;
    size_t allocated = 0;
    size_t i, j;

    for (i = 0; i < n_sw; i++) {
        const struct topo_switch *ts = topo_graph_switch_at(fc->graph, i);
        struct fabric_sw *sw = sw_find(fc, ts->dpid);
        size_t n = 0;

        if (!sw) {
            continue;
        }
        for (j = 0; j < ts->n_ports; j++) {
            const struct topo_port *tp = &ts->ports[j];

            if (!tp->live || (ts->dpid == in_dpid && tp->port_no == in_port)
                || !topo_graph_port_is_edge(fc->graph, ts->dpid,
                                            tp->port_no)
                || probation_find(sw, tp->port_no)
                || tenant_claims(fc, ts->dpid, tp->port_no)) {
                continue;
            }
            if (n == allocated) {
                allocated = allocated * 2 + 16;
                ports = xrealloc(ports, allocated * sizeof *ports);
            }
            ports[n++] = tp->port_no;
        }
        if (n) {
            send_frame(fc, sw, ports, n, frame, size);
        }
    }
    free(ports);
    fc->stats.flood_outs++;
}

/* Is 'ea' in 01:80:c2:00:00:00/44 (bridge link-local: never forwarded)? */
static bool
is_link_local(const struct eth_addr *ea)
{
    return ea->ea[0] == 0x01 && ea->ea[1] == 0x80 && ea->ea[2] == 0xc2
           && ea->ea[3] == 0x00 && ea->ea[4] == 0x00
           && (ea->ea[5] & 0xf0) == 0x00;
}

static bool
ipv6_is_unspecified(const uint8_t ip[16])
{
    static const uint8_t zero[16];

    return !memcmp(ip, zero, 16);
}

/* New hosts and moves are logged, but not thousands a second. */
static struct log_ratelimit host_rl = LOG_RATELIMIT_INIT(600, 100);

static void
host_frame(struct fabric_core *fc, struct fabric_sw *sw, uint32_t in_port,
           const void *frame, size_t size, uint64_t now)
{
    struct topo_host_event ev;
    struct topo_host_obs obs;
    const struct topo_host *dst;
    struct net_key key;
    uint16_t vlan;

    fc->stats.host_frames++;
    if (net_packet_parse(frame, size, &key)) {
        fc->stats.bad_frames++;
        return;
    }
    if (!topo_graph_port_is_edge(fc->graph, sw->dpid, in_port)
        || probation_find(sw, in_port)) {
        /* Fabric ports never teach hosts; the pipeline sends such frames
         * here only while it is being updated. Nor do ports on probation
         * (maybe a cable coming back). */
        fc->stats.non_edge_frames++;
        return;
    }
    vlan = key.layers & NET_L_VLAN ? key.vlan_tci & NET_VLAN_VID_MASK : 0;
    memset(&obs, 0, sizeof obs);
    obs.mac = key.eth_src;
    obs.vlan = vlan;
    obs.dpid = sw->dpid;
    obs.port = in_port;
    if (key.layers & NET_L_ARP && key.arp_spa
        && !memcmp(&key.arp_sha, &key.eth_src, sizeof key.eth_src)) {
        obs.has_ipv4 = true;
        obs.ipv4 = key.arp_spa;
    } else if (key.layers & NET_L_IPV4 && key.ipv4_src) {
        obs.has_ipv4 = true;
        obs.ipv4 = key.ipv4_src;
    } else if (key.layers & NET_L_IPV6 && !ipv6_is_unspecified(key.ipv6_src)) {
        obs.has_ipv6 = true;
        memcpy(obs.ipv6, key.ipv6_src, 16);
    }
    switch (topo_host_learn(fc->hosts, fc->graph, &obs, now, &ev)) {
    case TOPO_HOST_NEW:
        LOG_INFO_RL(&host_rl, "host "ETH_ADDR_FMT" vlan %"PRIu16" at switch %016"PRIx64
                 " port %"PRIu32, ETH_ADDR_ARGS(obs.mac), vlan, sw->dpid,
                 in_port);
        break;
    case TOPO_HOST_MOVED:
        LOG_INFO_RL(&host_rl, "host "ETH_ADDR_FMT" vlan %"PRIu16" moved from switch %016"
                 PRIx64" port %"PRIu32" to switch %016"PRIx64" port %"PRIu32,
                 ETH_ADDR_ARGS(obs.mac), vlan, ev.old_dpid, ev.old_port,
                 sw->dpid, in_port);
        break;
    case TOPO_HOST_IGNORED:
    case TOPO_HOST_REFRESHED:
        break;
    }

    /* Send the frame on, once. A tenant port's frames (a MAC-bound
     * device being located) are not: the tenant pipeline carries them
     * once its flows are in. */
    if (is_link_local(&key.eth_dst) || tenant_claims(fc, sw->dpid, in_port)) {
        return;
    }
    dst = net_eth_is_multicast(&key.eth_dst)
          ? NULL : topo_host_find(fc->hosts, &key.eth_dst, vlan);
    if (dst) {
        struct fabric_sw *dsw = sw_find(fc, dst->dpid);

        if (dsw && !(dst->dpid == sw->dpid && dst->port == in_port)
            && !tenant_claims(fc, dst->dpid, dst->port)) {
            send_frame(fc, dsw, &dst->port, 1, frame, size);
            fc->stats.unicast_outs++;
        }
    } else {
        flood_frame(fc, sw->dpid, in_port, frame, size);
    }
}

void
fabric_core_packet_in(struct fabric_core *fc, uint64_t dpid,
                      uint64_t session, uint32_t in_port, const void *frame,
                      size_t size, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);
    struct net_eth_key eth;

    fc->stats.packet_ins++;
    if (!sw || sw->session != session) {
        fc->stats.stale_events++;
        return;
    }
    if (net_packet_parse_eth(frame, size, &eth)) {
        fc->stats.bad_frames++;
        return;
    }
    if (eth.eth_type == NET_ETH_TYPE_LLDP) {
        uint64_t seq = topo_graph_change_seq(fc->graph);
        struct topo_lldp_link link;

        fc->stats.lldp_rx++;
        if (topo_lldp_rx(fc->lldp, fc->graph, dpid, in_port, frame, size, now,
                         &link) == TOPO_LLDP_LINK) {
            probation_end(fc, link.src_dpid, link.src_port);
            probation_end(fc, link.dst_dpid, link.dst_port);
            /* A port with a link is no host port: hosts learned there
             * (a cable whose probes were lost for a whole probation) are
             * forgotten, and found again where they really are. Only
             * when the graph changed (a refresh of a known link finds no
             * host there: none is learned on a fabric port), since each
             * call scans the host table. */
            if (seq != topo_graph_change_seq(fc->graph)
                && topo_graph_port_kind(fc->graph, link.dst_dpid,
                                        link.dst_port) == TOPO_PORT_FABRIC) {
                topo_host_port_down(fc->hosts, link.src_dpid, link.src_port);
                topo_host_port_down(fc->hosts, link.dst_dpid, link.dst_port);
            }
        }
        if (seq != topo_graph_change_seq(fc->graph)) {
            LOG_DBG("switch %016"PRIx64" port %"PRIu32": LLDP changed the "
                    "graph (seq %"PRIu64")", dpid, in_port,
                    topo_graph_change_seq(fc->graph));
        }
        return;
    }
    host_frame(fc, sw, in_port, frame, size, now);
}

/* ---- Read-back and synchronisation. ---- */

/* Calls 'cb(oh, aux)' with the reassembled multipart reply body
 * 'body'/'size' of 'type' (entries that each start with their be16 length)
 * cut into OpenFlow 1.3 reply messages of at most 64 kB each. Returns 0,
 * the first error 'cb' returns, or OFPBRC_BAD_LEN for a bad entry
 * length. */
static enum ofperr
for_each_chunk(uint16_t type, const uint8_t *body, size_t size,
               enum ofperr (*cb)(const struct ofp_header *, void *aux),
               void *aux)
{
    const size_t max_body = 65535 - 16;
    struct buf msg;
    size_t ofs = 0;
    enum ofperr error = 0;

    buf_init(&msg, 0);
    while (ofs < size && !error) {
        size_t n = 0;

        /* Whole entries up to max_body bytes. */
        while (ofs + n + 2 <= size) {
            size_t len = (size_t) body[ofs + n] << 8 | body[ofs + n + 1];

            if (len < 8 || ofs + n + len > size) {
                error = OFPERR_OFPBRC_BAD_LEN;
                break;
            }
            if (n + len > max_body) {
                break;
            }
            n += len;
        }
        if (!n) {
            error = error ? error : OFPERR_OFPBRC_BAD_LEN;
            break;
        }
        buf_clear(&msg);
        buf_put_u8(&msg, OFP13_VERSION);
        buf_put_u8(&msg, OFPT13_MULTIPART_REPLY);
        buf_put_be16(&msg, (uint16_t) (16 + n));
        buf_put_be32(&msg, 0);
        buf_put_be16(&msg, type);
        buf_put_be16(&msg, 0);
        buf_put_be32(&msg, 0);
        buf_put(&msg, body + ofs, n);
        error = cb((const struct ofp_header *) msg.data, aux);
        ofs += n;
    }
    buf_uninit(&msg);
    return error;
}

static enum ofperr
add_flows_cb(const struct ofp_header *oh, void *st)
{
    return fabric_state_add_flow_stats(st, oh);
}

static enum ofperr
add_groups_cb(const struct ofp_header *oh, void *st)
{
    return fabric_state_add_group_desc(st, oh);
}

/* Learns the hosts that the read-back source entries of 'sw' name, so a
 * kumod restart keeps forwarding to them before they talk again. */
static void
hosts_from_readback(struct fabric_core *fc, const struct fabric_sw *sw,
                    uint64_t now)
{
    size_t i, n = fabric_state_n_flows(sw->installed);

    for (i = 0; i < n; i++) {
        const struct fabric_flow *f = fabric_state_flow_at(sw->installed, i);
        struct topo_host_obs obs;

        if (f->table_id != FABRIC_TABLE_CLASSIFY
            || (f->priority != FABRIC_PRIO_HOST_SRC
                && f->priority != FABRIC_TENANT_PRIO_MAC_HERE)
            || !ofp_match_has(&f->match, MFF_IN_PORT)
            || !ofp_match_has(&f->match, MFF_ETH_SRC)) {
            continue;
        }
        memset(&obs, 0, sizeof obs);
        obs.mac = f->match.v.eth_src;
        if (ofp_match_has(&f->match, MFF_VLAN_VID)) {
            obs.vlan = ntohs(f->match.v.vlan_vid) & NET_VLAN_VID_MASK;
        }
        obs.dpid = sw->dpid;
        obs.port = ntohl(f->match.v.in_port);
        if (!topo_host_find(fc->hosts, &obs.mac, obs.vlan)) {
            topo_host_learn(fc->hosts, fc->graph, &obs, now, NULL);
        }
    }
}

void
fabric_core_readback(struct fabric_core *fc, uint64_t dpid,
                     uint64_t session, int error, const void *flows,
                     size_t flows_size, const void *groups,
                     size_t groups_size, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);

    if (!sw || sw->session != session) {
        fc->stats.stale_events++;
        return;
    }
    if (sw->resync && error) {
        /* Never assume "none of ours" here: the switch has most of its
         * flows, and re-adding its groups would fail.  Ask again soon
         * (its send queue is likely still full). */
        fc->stats.readback_errors++;
        sw_set_readback_wanted(fc, sw, true, now + FABRIC_RESYNC_RETRY_MS);
        return;
    }
    sw_forget_state(sw);
    sw->installed = fabric_state_create();
    if (!error) {
        error = for_each_chunk(OFPMP_FLOW, flows, flows_size, add_flows_cb,
                               sw->installed);
    }
    if (!error) {
        error = for_each_chunk(OFPMP_GROUP_DESC, groups, groups_size,
                               add_groups_cb, sw->installed);
    }
    if (error) {
        fc->stats.readback_errors++;
        LOG_INFO("switch %016"PRIx64": reading its flows and groups failed "
                 "(%s); assuming it has none of ours", dpid,
                 ofperr_is_valid(error) ? ofperr_get_name(error)
                 : error > 0 ? strerror(error) : "error");
        fabric_state_clear(sw->installed);
    } else {
        LOG_INFO("switch %016"PRIx64" has %zu fabric flows and %zu groups",
                 dpid, fabric_state_n_flows(sw->installed),
                 fabric_state_n_groups(sw->installed));
        hosts_from_readback(fc, sw, now);
    }
    fc->stats.readbacks++;
    sw->read_back = true;
    sw_set_ready_pending(fc, sw, !sw->synced);
    /* A switch with flows of ours (kumod restarted, or the switch
     * reconnected) keeps them until discovery has had time to find its
     * links; an empty one needs its pipeline (LLDP to us) at once. */
    sw->sync_after = now + (!sw->resync
                            && (fabric_state_n_flows(sw->installed)
                                || fabric_state_n_groups(sw->installed))
                            ? fc->cfg.settle_ms : 0);
    if (sw->resync) {
        /* Its links never went away: synchronise it at once. */
        sw->resync = false;
        LOG_INFO("switch %016"PRIx64": read back after lost messages",
                 dpid);
    }
    /* Switches reconnect to a restarted kumod at different times (OVS
     * backs off for seconds): a switch whose neighbours are not back yet
     * would otherwise be "fixed" to a smaller topology and then back,
     * touching flows that never needed to change. */
    sw_hold_for_links(fc, sw, now);
    sw_split_readback(fc, sw);
}

/* Moves the tenant app's entries of 'sw''s read-back from 'installed' to
 * 'tinstalled' (each diff owns only its app's entries, so this is how
 * they read the switch). */
static void
sw_split_readback(struct fabric_core *fc, struct fabric_sw *sw)
{
    const struct fabric_sync_options *o = &fc->vnet_sync_opts;
    size_t i = fabric_state_n_flows(sw->installed);

    sw->tinstalled = fabric_state_create();
    /* Backwards: a removal moves the last entry (already seen) to 'i'. */
    while (i-- > 0) {
        const struct fabric_flow *f = fabric_state_flow_at(sw->installed, i);

        if ((f->cookie & o->cookie_mask) == o->cookie_match) {
            struct ofp_match m = f->match;

            fabric_state_add_flow(sw->tinstalled, f);
            fabric_state_remove_flow(sw->installed, f->table_id, f->priority,
                                     &m);
        }
    }
    i = fabric_state_n_groups(sw->installed);
    while (i-- > 0) {
        const struct fabric_group *g = fabric_state_group_at(sw->installed, i);

        if ((g->group_id & o->group_mask) == o->group_match) {
            uint32_t id = g->group_id;

            fabric_state_add_group(sw->tinstalled, g);
            fabric_state_remove_group(sw->installed, id);
        }
    }
}

/* Records the fabric ports of 'sw's read-back (table 0 entries that pass
 * an in_port on to the pipeline) so that its first diff waits for their
 * links, for at most 5 settle periods. */
static void
sw_hold_for_links(struct fabric_core *fc, struct fabric_sw *sw, uint64_t now)
{
    size_t i, n = fabric_state_n_flows(sw->installed);

    free(sw->held_ports);
    sw->held_ports = NULL;
    sw->n_held_ports = 0;
    sw->hold_until = 0;
    for (i = 0; i < n; i++) {
        const struct fabric_flow *f = fabric_state_flow_at(sw->installed, i);

        if (f->table_id == 0 && f->priority == FABRIC_PRIO_PORT
            && ((f->cookie >> 40) & 0xff) == FABRIC_APP_FABRIC
            && (f->instructions.present & OFPINST_GOTO_TABLE)
            && ofp_match_has(&f->match, MFF_IN_PORT)) {
            sw->held_ports = xrealloc(sw->held_ports, (sw->n_held_ports + 1)
                                      * sizeof *sw->held_ports);
            sw->held_ports[sw->n_held_ports++] = ntohl(f->match.v.in_port);
        }
    }
    /* A hypervisor's br-int (flows in the from-tunnel table): the chassis
     * manager may learn its VIFs and tunnel ports after the read-back. */
    sw->held_overlay = false;
    for (i = 0; i < n && !sw->held_overlay; i++) {
        const struct fabric_flow *f = fabric_state_flow_at(sw->installed, i);

        sw->held_overlay = f->table_id == FABRIC_TENANT_TABLE_FROM_TUNNEL
                           && ((f->cookie >> 40) & 0xff) == FABRIC_APP_VNET;
    }
    if (sw->n_held_ports || sw->held_overlay) {
        sw->hold_until = now + 5 * fc->cfg.settle_ms;
    }
}

/* True once every fabric port 'sw' had before is a fabric link again or
 * is down (and, for a br-int, once the overlay facts know its tunnel
 * ports). */
static bool
sw_held_links_back(const struct fabric_core *fc, const struct fabric_sw *sw)
{
    size_t i;

    if (sw->held_overlay) {
        const struct fabric_overlay_chassis *ch
            = fabric_overlay_find_dpid(fc->overlay, sw->dpid);

        if (!ch || !(ch->tunnel_ports[0] | ch->tunnel_ports[1]
                     | ch->tunnel_ports[2])) {
            return false;
        }
    }
    for (i = 0; i < sw->n_held_ports; i++) {
        enum topo_port_kind k = topo_graph_port_kind(fc->graph, sw->dpid,
                                                     sw->held_ports[i]);

        if (k != TOPO_PORT_FABRIC && k != TOPO_PORT_DOWN
            && k != TOPO_PORT_UNKNOWN) {
            return false;
        }
    }
    return true;
}

/* The earliest time read-back switch 'sw' may take its first diff: after
 * its settle time, and while links it had are still missing, not before
 * its hold expires (a link coming back changes the graph, which starts a
 * round anyway). */
static uint64_t
sw_ready_at(const struct fabric_core *fc, const struct fabric_sw *sw)
{
    if ((sw->n_held_ports || sw->held_overlay)
        && sw->hold_until > sw->sync_after
        && !sw_held_links_back(fc, sw)) {
        return sw->hold_until;
    }
    return sw->sync_after;
}

static size_t
host_count_hash(const struct eth_addr *mac, uint16_t vlan)
{
    uint64_t x = vlan;
    size_t i;

    for (i = 0; i < 6; i++) {
        x = (x << 8) | mac->ea[i];
    }
    x *= UINT64_C(0x9e3779b97f4a7c15);
    return (size_t) (x >> 32);
}

/* Returns the count entry of (mac, vlan), created at 0 if missing. */
static struct host_count *
host_count_get(struct fabric_core *fc, const struct eth_addr *mac,
               uint16_t vlan, bool *created)
{
    size_t h = host_count_hash(mac, vlan) & (fc->n_count_buckets - 1);
    struct host_count *c;

    for (c = fc->count_buckets[h]; c; c = c->next) {
        if (c->vlan == vlan && !memcmp(&c->mac, mac, sizeof *mac)) {
            *created = false;
            return c;
        }
    }
    c = xzalloc(sizeof *c);
    c->mac = *mac;
    c->vlan = vlan;
    c->next = fc->count_buckets[h];
    fc->count_buckets[h] = c;
    fc->n_counts++;
    *created = true;
    return c;
}

/* Drops count entries of hosts no longer in the table (bounds memory). */
static void
host_counts_prune(struct fabric_core *fc)
{
    size_t i;

    for (i = 0; i < fc->n_count_buckets; i++) {
        struct host_count **p = &fc->count_buckets[i];

        while (*p) {
            struct host_count *c = *p;

            if (!topo_host_find(fc->hosts, &c->mac, c->vlan)) {
                *p = c->next;
                free(c);
                fc->n_counts--;
            } else {
                p = &c->next;
            }
        }
    }
}

struct poll_ctx {
    struct fabric_core *fc;
    uint64_t dpid;
    uint64_t now;
};

static enum ofperr
poll_chunk_cb(const struct ofp_header *oh, void *ctx_)
{
    struct poll_ctx *ctx = ctx_;
    struct fabric_core *fc = ctx->fc;
    struct cursor body;
    struct buf actions;
    uint16_t flags;
    enum ofperr error;
    int retval;

    error = ofp_flow_stats_reply_init(oh, &body, &flags);
    if (error) {
        return error;
    }
    buf_init(&actions, 0);
    for (;;) {
        struct topo_host_obs obs;
        struct ofp_flow_stats fs;
        struct host_count *c;
        bool created;

        retval = ofp_flow_stats_next(&body, OFP13_VERSION, &fs, &actions);
        if (retval) {
            break;
        }
        if (fs.table_id != FABRIC_TABLE_CLASSIFY
            || fs.priority != FABRIC_PRIO_HOST_SRC
            || !ofp_match_has(&fs.match, MFF_IN_PORT)
            || !ofp_match_has(&fs.match, MFF_ETH_SRC)) {
            continue;
        }
        memset(&obs, 0, sizeof obs);
        obs.mac = fs.match.v.eth_src;
        if (ofp_match_has(&fs.match, MFF_VLAN_VID)) {
            obs.vlan = ntohs(fs.match.v.vlan_vid) & NET_VLAN_VID_MASK;
        }
        obs.dpid = ctx->dpid;
        obs.port = ntohl(fs.match.v.in_port);
        c = host_count_get(fc, &obs.mac, obs.vlan, &created);
        if (!created && c->packets != fs.packet_count) {
            const struct topo_host *h = topo_host_find(fc->hosts, &obs.mac,
                                                       obs.vlan);

            /* Refresh only where the host is now (a stale entry of a
             * moved host must not move it back). */
            if (h && h->dpid == obs.dpid && h->port == obs.port) {
                topo_host_learn(fc->hosts, fc->graph, &obs, ctx->now, NULL);
                fc->stats.host_refreshes++;
            }
        }
        c->packets = fs.packet_count;
    }
    buf_uninit(&actions);
    return retval == EOF ? 0 : (enum ofperr) retval;
}

void
fabric_core_flow_stats(struct fabric_core *fc, uint64_t dpid,
                       uint64_t session, uint32_t xid, const void *body,
                       size_t size, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);
    struct poll_ctx ctx = { fc, dpid, now };

    if (!sw || sw->session != session || !sw->poll_xid
        || sw->poll_xid != xid) {
        fc->stats.stale_events++;
        return;
    }
    sw->poll_xid = 0;
    if (for_each_chunk(OFPMP_FLOW, body, size, poll_chunk_cb, &ctx)) {
        fc->stats.poll_errors++;
    }
}

/* Asks every synchronised switch, each once per poll period (spread by
 * dpid), for its table-0 flows, whose host entries' packet counts tell
 * which hosts were active. */
static void
poll_hosts(struct fabric_core *fc, uint64_t now)
{
    uint64_t period = MAX(fc->cfg.host_idle_ms / 3, 1000);
    size_t i;

    if (now < fc->next_poll_scan) {
        return;
    }
    fc->next_poll_scan = now + 1000;
    host_counts_prune(fc);
    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            struct ofp_flow_stats_request fsr;

            if (!sw->synced) {
                continue;
            }
            if (!sw->next_poll) {
                sw->next_poll = now + dpid_hash(sw->dpid) % period;
            }
            if (now < sw->next_poll) {
                continue;
            }
            sw->next_poll = now + period;
            ofp_flow_stats_request_init(&fsr, false);
            fsr.table_id = FABRIC_TABLE_CLASSIFY;
            fsr.cookie = FABRIC_COOKIE(FABRIC_APP_FABRIC);
            fsr.cookie_mask = FABRIC_COOKIE_APP_MASK;
            sw->poll_xid = next_xid(fc);
            if (ofp_flow_stats_request_encode(&fsr, OFP13_VERSION,
                                              sw->poll_xid, sw_out(fc, sw))) {
                fc->stats.encode_errors++;
                sw->poll_xid = 0;
            } else {
                fc->stats.msgs_tx++;
                fc->stats.host_polls++;
            }
        }
    }
}

void
fabric_core_barrier_reply(struct fabric_core *fc, uint64_t dpid,
                          uint64_t session, uint32_t xid)
{
    struct fabric_sw *sw = sw_find(fc, dpid);

    if (!sw || sw->session != session) {
        return;
    }
    if (sw->pace_xid && xid == sw->pace_xid) {
        sw->unacked -= MIN(sw->unacked, sw->pace_bytes);
        sw->pace_xid = 0;
        if (sw->out.size) {
            sw_out(fc, sw);     /* Send on. */
        }
    }
    if (sw->confirm_xid
        && (xid == sw->confirm_xid
            || (sw->awaiting && sw->barrier_xid == xid
                && (int32_t) (xid - sw->confirm_xid) > 0))) {
        /* A barrier's reply also answers every earlier one. */
        sw->confirm_xid = 0;
        fc->stats.diff_confirms++;
    }
    if (sw->awaiting && sw->barrier_xid == xid) {
        sw_cancel_barrier(fc, sw);
    }
}

void
fabric_core_send_lost(struct fabric_core *fc, uint64_t dpid,
                      uint64_t session, uint64_t now)
{
    struct fabric_sw *sw = sw_find(fc, dpid);

    if (!sw || sw->session != session) {
        fc->stats.stale_events++;
        return;
    }
    if (!sw->read_back) {
        /* A read-back is on its way, queued behind whatever was lost
         * (and the core sends no mods until it arrives). */
        return;
    }
    fc->stats.sends_lost++;
    fc->stats.resyncs++;
    LOG_WARN("switch %016"PRIx64": its send queue dropped messages; "
             "reading it back to resynchronise", dpid);
    /* Nothing queued but not yet taken goes out (it was computed against
     * the state now in doubt); packet-outs may follow, no mods. */
    buf_clear(&sw->out);
    sw_cancel_barrier(fc, sw);
    sw->confirm_xid = 0;
    sw->unacked = sw->pace_bytes = 0;
    sw->pace_xid = 0;
    sw_set_ready_pending(fc, sw, false);
    sw_forget_state(sw);
    sw->read_back = false;
    sw->synced = false;
    sw->poll_xid = 0;
    sw->resync = true;
    sw_set_readback_wanted(fc, sw, true, now);
}

void
fabric_core_take_readbacks(struct fabric_core *fc, uint64_t now,
                           void (*cb)(uint64_t, uint64_t, void *), void *aux)
{
    size_t i;

    for (i = 0; i < fc->n_buckets && fc->n_readback_wanted; i++) {
        struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            if (sw->readback_wanted && now >= sw->readback_at) {
                sw_set_readback_wanted(fc, sw, false, 0);
                cb(sw->dpid, sw->session, aux);
            }
        }
    }
}

/* Returns the earliest 'readback_at' of a switch whose read-back is
 * wanted, or UINT64_MAX. */
static uint64_t
earliest_readback(const struct fabric_core *fc)
{
    uint64_t t = UINT64_MAX;
    size_t i;

    for (i = 0; i < fc->n_buckets && fc->n_readback_wanted; i++) {
        const struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            if (sw->readback_wanted) {
                t = MIN(t, sw->readback_at);
            }
        }
    }
    return t;
}

/* Queues a barrier after 'sw''s diff just queued; its reply marks the
 * diff confirmed (fabric_core_switch_confirmed()). */
static void
sw_confirm_barrier(struct fabric_core *fc, struct fabric_sw *sw)
{
    uint32_t xid = next_xid(fc);

    if (ofp_barrier_request_encode(OFP13_VERSION, xid, sw_out(fc, sw))) {
        fc->stats.encode_errors++;
        return;
    }
    fc->stats.msgs_tx++;
    fc->stats.diff_barriers++;
    sw->confirm_xid = xid;
}

/* Recomputes paths if the graph moved since the snapshot. */
static void
refresh_paths(struct fabric_core *fc)
{
    uint64_t seq = topo_graph_change_seq(fc->graph);

    if (!fc->paths || topo_path_seq(fc->paths) != seq) {
        struct topo_path *old = fc->paths;

        fc->paths = topo_path_compute(fc->graph);
        drop_path(fc, old);
        fc->stats.recomputes++;
    }
}

/* Adds every flow and group of 'src' to 'dst'. */
static void
state_merge(struct fabric_state *dst, const struct fabric_state *src)
{
    size_t i;

    for (i = 0; i < fabric_state_n_flows(src); i++) {
        fabric_state_add_flow(dst, fabric_state_flow_at(src, i));
    }
    for (i = 0; i < fabric_state_n_groups(src); i++) {
        fabric_state_add_group(dst, fabric_state_group_at(src, i));
    }
}

/* True if 'tview' (may be NULL) compiles nothing and claims no port (no
 * tenant networks, no overlay facts): the fabric's compiled state is then
 * a switch's whole state. */
static bool
tenant_view_empty(const struct fabric_tenant_view *tview)
{
    return !tview || (!tview->n_nets && !tview->n_binds && !tview->n_macs
                      && !tview->n_hosts && !tview->mac_mode
                      && !tview->quarantine_net && !tview->n_chassis
                      && !tview->n_attaches && !tview->n_vif_ports
                      && !tview->n_unresolved && !tview->n_scope);
}

/* Returns the fingerprint of what 'sw''s fabric state is compiled from:
 * the view's (fabric_view_fingerprint(); cached per switch for the view
 * with id 'view_id', if nonzero: a view kept across tenant-only rounds
 * is not fingerprinted again) and the ports 'sw' has on probation
 * (probation_strip()), in any order. */
static uint64_t
sw_fingerprint(struct fabric_sw *sw, struct fabric_view *view,
               uint64_t view_id)
{
    uint64_t fp;
    uint64_t acc = sw->n_probation;
    size_t i;

    if (view_id && sw->vfp_view == view_id) {
        fp = sw->vfp;
    } else {
        fp = fabric_view_fingerprint(view, sw->dpid);
        sw->vfp = fp;
        sw->vfp_view = view_id;
    }
    for (i = 0; i < sw->n_probation; i++) {
        uint64_t x = (sw->probation[i].port + UINT64_C(1))
                     * UINT64_C(0x9e3779b97f4a7c15);

        acc += x ^ x >> 29;
    }
    fp ^= acc * UINT64_C(0xff51afd7ed558ccd);
    return fp ^ fp >> 32;
}

/* Returns the fingerprint of what 'sw''s whole state (fabric and tenant
 * parts) is compiled from in round 'r', which has tenant networks: its
 * sw_fingerprint(), its tenant fingerprint (fabric_tenant_fp_switch()) and
 * the round's graph, path and host generations (the tenant compiler also
 * reads other switches' ports and paths, which the fabric fingerprint
 * does not cover: any topology or host change recompiles every switch,
 * a tenant-model change only the switches it reaches). Sets '*base' to
 * the same without the destinations of other switches
 * (fabric_tenant_fp_switch_parts()). */
static uint64_t
sw_tenant_fingerprint(struct fabric_sw *sw, struct sync_round *r,
                      uint64_t *base)
{
    uint64_t fp = sw_fingerprint(sw, &r->view, r->view_id);
    uint64_t tb, td, b;

    fabric_tenant_fp_switch_parts(&r->tfp, &r->tview, sw->dpid, &tb, &td);
    fp ^= (tb ^ r->tfp_seed) * UINT64_C(0xc4ceb9fe1a85ec53);
    fp ^= fp >> 29;
    b = fp * UINT64_C(0x9e3779b97f4a7c15) + 1;
    *base = b ? b : 1;
    fp ^= td * UINT64_C(0xff51afd7ed558ccd);
    fp ^= fp >> 31;
    return fp * UINT64_C(0x9e3779b97f4a7c15) + 1;
}

/* Drops 'sw''s cached whole state (its parts changed). */
static void
sw_states_changed(struct fabric_sw *sw)
{
    fabric_state_destroy(sw->whole);
    sw->whole = NULL;
}

/* Adds the counts of 'b' to 'a'. */
static void
counts_add(struct fabric_sync_counts *a, const struct fabric_sync_counts *b)
{
    a->group_adds += b->group_adds;
    a->flow_adds += b->flow_adds;
    a->flow_modifies += b->flow_modifies;
    a->group_modifies += b->group_modifies;
    a->flow_deletes += b->flow_deletes;
    a->group_deletes += b->group_deletes;
    a->n_msgs += b->n_msgs;
}

/* Counts the messages of 'counts' and queues the confirming barrier after
 * them, if any. */
static void
sw_note_diff(struct fabric_core *fc, struct fabric_sw *sw,
             const struct fabric_sync_counts *counts)
{
    fc->stats.msgs_tx += counts->n_msgs;
    fc->stats.flow_mods += counts->flow_adds + counts->flow_modifies
                           + counts->flow_deletes;
    fc->stats.group_mods += counts->group_adds + counts->group_modifies
                            + counts->group_deletes;
    if (counts->n_msgs && !fc->round.trans) {
        /* (A transitional round queues its own barrier next.) */
        sw_confirm_barrier(fc, sw);
    }
}

/* ---- Retired select groups. ----
 *
 * Open vSwitch runs a select group through a hash and a recirculation:
 * the datapath flow it caches for a packet ends in "hash, recirculate",
 * and the bucket is picked after the recirculation, from the group with
 * that id as it is then. The cached flow is revalidated only some time
 * after a flow-mod moved the traffic to another group (tens of ms on a
 * loaded machine), so a packet that still takes it after the old group
 * was deleted finds no group and is dropped. That lost one packet when a
 * link came back: a spine whose way to a leaf had been a select group
 * over the other leaves got its direct port, and the first packet the
 * upstream leaf sent it over the new path hit the spine's stale cached
 * flow into the deleted group. So a select group that a switch's new
 * state no longer has stays (unused, harmless) FABRIC_CORE_RETIRE_MS
 * longer, then it is deleted; if a later state wants it again, it
 * stays. */

/* Keeps in 'desired' (the state 'sw' is to get at 'now') the select
 * groups of sw->installed it lacks, and notes when each is to go. */
static void
retire_keep(struct fabric_core *fc, struct fabric_sw *sw,
            struct fabric_state *desired, uint64_t now)
{
    size_t i, n;

    if (!sw->installed) {
        return;
    }
    for (i = 0; i < sw->n_retired; ) {
        uint32_t id = sw->retired[i].group_id;
        const struct fabric_group *g
            = fabric_state_find_group(sw->installed, id);

        if (!g || fabric_state_find_group(desired, id)) {
            sw->retired[i] = sw->retired[--sw->n_retired];   /* In use. */
            continue;
        }
        fabric_state_add_group(desired, g);
        i++;
    }
    n = fabric_state_n_groups(sw->installed);
    for (i = 0; i < n; i++) {
        const struct fabric_group *g = fabric_state_group_at(sw->installed,
                                                             i);

        if (g->type != OFPGT13_SELECT
            || (g->group_id & fc->sync_opts.group_mask)
               != fc->sync_opts.group_match
            || fabric_state_find_group(desired, g->group_id)) {
            continue;
        }
        fabric_state_add_group(desired, g);
        sw->retired = xrealloc(sw->retired, (sw->n_retired + 1)
                               * sizeof *sw->retired);
        sw->retired[sw->n_retired].group_id = g->group_id;
        sw->retired[sw->n_retired].until = now + FABRIC_CORE_RETIRE_MS;
        sw->n_retired++;
    }
}

/* Deletes the retired groups whose time came at 'now'. */
static void
retire_run(struct fabric_core *fc, uint64_t now)
{
    size_t i, j;

    for (i = 0; i < fc->n_buckets; i++) {
        struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            struct fabric_sync_counts counts;
            struct fabric_state *gone = NULL, *none;
            struct buf *out;
            size_t out_size;

            /* Only the expired groups are diffed (against nothing: their
             * deletes), not the switch's whole state. */
            for (j = 0; j < sw->n_retired; ) {
                const struct fabric_group *g;

                if (now < sw->retired[j].until || !sw->installed) {
                    j++;
                    continue;
                }
                g = fabric_state_find_group(sw->installed,
                                            sw->retired[j].group_id);
                if (g) {
                    if (!gone) {
                        gone = fabric_state_create();
                    }
                    fabric_state_add_group(gone, g);
                }
                sw->retired[j] = sw->retired[--sw->n_retired];
            }
            if (!gone) {
                continue;
            }
            none = fabric_state_create();
            out = sw_out(fc, sw);
            out_size = out->size;
            if (fabric_sync_diff(gone, none, &fc->sync_opts, &fc->xid, out,
                                 &counts)) {
                buf_truncate(out, out_size);
                fc->stats.encode_errors++;
            } else {
                sw_note_diff(fc, sw, &counts);
                for (j = 0; j < fabric_state_n_groups(gone); j++) {
                    fabric_state_remove_group(
                        sw->installed, fabric_state_group_at(gone, j)->group_id);
                }
                sw_states_changed(sw);
            }
            fabric_state_destroy(none);
            fabric_state_destroy(gone);
        }
    }
}

/* The destination delta: 'sw''s states are those of the last final
 * round's views (sw->tround), and everything its compile reads but other
 * switches' destinations is unchanged in this round (same generations,
 * same fabric and tenant "base" fingerprints), so its new state differs
 * from the one it has at most in the destination entries of the
 * (network, MAC) keys whose destinations changed (r->dkeys): those alone
 * are compiled (fabric_tenant_compile_hosts()), diffed against the same
 * keys of 'tinstalled', and patched into it. O(changed keys), not
 * O(switch state). */
static size_t
sync_delta(struct fabric_core *fc, struct fabric_sw *sw, uint64_t fp,
           uint64_t tbase)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 5);
    struct sync_round *r = &fc->round;
    struct fabric_state *old = fabric_state_create();
    struct fabric_state *new = fabric_state_create();
    struct fabric_sync_counts counts;
    struct buf *out = sw_out(fc, sw);
    size_t out_size = out->size, i, work;
    uint32_t xid = fc->xid;
    enum ofperr error;

    fabric_tenant_find_hosts(sw->tinstalled, r->dkeys, r->n_dkeys, old);
    fabric_tenant_compile_hosts(&r->tview, sw->dpid, sw->tinstalled,
                                r->dnew, r->n_dnew, new);
    memset(&counts, 0, sizeof counts);
    error = fabric_sync_diff(old, new, &fc->vnet_sync_opts, &fc->xid, out,
                             &counts);
    fc->stats.delta_compiles++;
    work = 1 + fabric_state_n_flows(old) + fabric_state_n_flows(new);
    if (error) {
        buf_truncate(out, out_size);
        fc->xid = xid;
        fc->stats.encode_errors++;
        LOG_WARN_RL(&rl, "switch %016"PRIx64": cannot encode its changes: "
                    "%s", sw->dpid, ofperr_get_name(error));
        sw->fp_valid = false;
        sw->tround = 0;
    } else {
        for (i = 0; i < fabric_state_n_flows(old); i++) {
            const struct fabric_flow *f = fabric_state_flow_at(old, i);

            fabric_state_remove_flow(sw->tinstalled, f->table_id,
                                     f->priority, &f->match);
        }
        for (i = 0; i < fabric_state_n_flows(new); i++) {
            fabric_state_add_flow(sw->tinstalled,
                                  fabric_state_flow_at(new, i));
        }
        sw_states_changed(sw);
        sw_note_diff(fc, sw, &counts);
        sw->fp = fp;
        sw->tbase = tbase;
        sw->tround = r->serial;
    }
    fabric_state_destroy(old);
    fabric_state_destroy(new);
    return work;
}

/* Compiles 'sw''s desired state from 'view' (and the tenant networks of
 * 'tview', if nonnull) and queues the difference to what it has: the
 * tenant app's entries first (so a newly bound port's tenant flows are in
 * before the fabric's entries for it go), then the fabric's. The fabric's
 * part is diffed against (and replaces) 'sw->installed', the tenant's
 * against 'sw->tinstalled': the two are never merged.
 *
 * Incremental: a switch whose compiler inputs (sw_fingerprint(), and
 * with tenant networks or overlay facts sw_tenant_fingerprint()) are
 * those of the state it has is neither recompiled nor diffed: that would
 * yield no message. So a topology change costs compiling the switches it
 * reaches, and a tenant-model change the switches that carry the
 * networks it touches, not the fabric; and where only other switches'
 * destinations moved, just their entries (sync_delta()). */
static size_t
sync_one(struct fabric_core *fc, struct fabric_sw *sw,
         struct fabric_view *view,
         const struct fabric_tenant_view *tview, uint64_t now)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 5);
    struct sync_round *r = &fc->round;
    struct fabric_state *desired;
    struct fabric_state *tdesired = NULL;
    struct fabric_sync_counts counts, tcounts;
    struct buf *out;
    size_t out_size;
    uint32_t xid = fc->xid;
    enum ofperr error = 0;
    bool plain = tenant_view_empty(tview);
    bool in_round = tview == &r->tview && view == &r->view;
    uint64_t fp = 0, tbase = 0;

    if (plain) {
        fp = sw_fingerprint(sw, view, view == &r->view ? r->view_id : 0);
    } else if (in_round) {
        fp = sw_tenant_fingerprint(sw, r, &tbase);
    }
    if (fp && sw->fp_valid && sw->fp == fp && sw->installed) {
        fc->stats.compiles_skipped++;
        sw->tround = in_round ? r->serial : 0;
        sw->tbase = tbase;
        return 1;
    }
    if (in_round && !plain && r->delta && sw->fp_valid && sw->installed
        && sw->tinstalled && sw->tround && sw->tround == fc->last_serial
        && sw->tbase == tbase) {
        return sync_delta(fc, sw, fp, tbase);
    }
    desired = fabric_state_create();
    out = sw_out(fc, sw);
    out_size = out->size;
    fabric_compile_switch(view, sw->dpid, desired);
    probation_strip(sw, desired);
    fc->stats.compiles++;
    memset(&tcounts, 0, sizeof tcounts);
    memset(&counts, 0, sizeof counts);
    if (tview) {
        tdesired = fabric_state_create();
        /* Also takes the tenant ports out of the fabric's part. */
        fabric_tenant_compile_switch(tview, sw->dpid, desired, tdesired);
        error = fabric_sync_diff(sw->tinstalled, tdesired,
                                 &fc->vnet_sync_opts, &fc->xid, out,
                                 &tcounts);
    }
    if (!error) {
        retire_keep(fc, sw, desired, now);
        error = fabric_sync_diff(sw->installed, desired, &fc->sync_opts,
                                 &fc->xid, out, &counts);
    }
    counts_add(&counts, &tcounts);
    if (error) {
        buf_truncate(out, out_size);
        fc->xid = xid;
        fc->stats.encode_errors++;
        LOG_WARN_RL(&rl, "switch %016"PRIx64": cannot encode its changes: "
                    "%s", sw->dpid, ofperr_get_name(error));
        fabric_state_destroy(desired);
        fabric_state_destroy(tdesired);
        sw->fp_valid = false;
        sw->tround = 0;
        return 1;
    }
    sw_note_diff(fc, sw, &counts);
    fabric_state_destroy(sw->installed);
    sw->installed = desired;
    if (tdesired) {
        /* (Without a tenant view the switch keeps whatever tenant entries
         * it has: nothing owns them now.) */
        fabric_state_destroy(sw->tinstalled);
        sw->tinstalled = tdesired;
    }
    sw_states_changed(sw);
    sw->fp_valid = fp != 0;
    sw->fp = fp;
    sw->tbase = tbase;
    sw->tround = in_round && tview ? r->serial : 0;
    return 1 + fabric_state_n_flows(desired) + fabric_state_n_groups(desired)
           + (tdesired ? fabric_state_n_flows(tdesired)
                         + fabric_state_n_groups(tdesired) : 0);
}

/* Queues a barrier on 'sw' that the transitional phase waits for. */
static void
sw_barrier(struct fabric_core *fc, struct fabric_sw *sw, uint64_t now)
{
    (void) now;
    sw->barrier_xid = next_xid(fc);
    if (ofp_barrier_request_encode(OFP13_VERSION, sw->barrier_xid,
                                   sw_out(fc, sw))) {
        fc->stats.encode_errors++;
        return;
    }
    fc->stats.msgs_tx++;
    sw->awaiting = true;
    fc->n_pending++;
    /* It also confirms the diff just queued before it. */
    fc->stats.diff_barriers++;
    sw->confirm_xid = sw->barrier_xid;
}

/* Returns a copy of 'g' (same switches, ports and directed links). */
static struct topo_graph *
graph_clone(const struct topo_graph *g)
{
    struct topo_graph *c = topo_graph_create(TOPO_WEIGHT_HOPS);
    size_t i, j;

    for (i = 0; i < topo_graph_n_switches(g); i++) {
        const struct topo_switch *ts = topo_graph_switch_at(g, i);

        topo_graph_switch_add(c, ts->dpid);
        for (j = 0; j < ts->n_ports; j++) {
            const struct topo_port *tp = &ts->ports[j];

            topo_graph_port_set(c, ts->dpid, tp->port_no, &tp->hw_addr,
                                tp->live, tp->speed_kbps);
        }
    }
    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        const struct topo_dlink *d = topo_graph_dlink_at(g, i);

        topo_graph_link_seen(c, d->src_dpid, d->src_port, d->dst_dpid,
                             d->dst_port, d->last_seen);
    }
    return c;
}

/* Frees the kept graph copy and view, if any. */
static void
kept_view_drop(struct fabric_core *fc)
{
    struct kept_view *k = &fc->kept;
    struct topo_path *path = k->path;

    if (k->graph) {
        fabric_view_uninit(&k->view);
        topo_graph_destroy(k->graph);
    }
    if (k->has_tview) {
        fabric_tenant_view_uninit(&k->tview);
    }
    memset(k, 0, sizeof *k);
    drop_path(fc, path);
}

/* Frees what the current round holds; with 'keep', its graph copy and
 * view are kept for the next round instead (fc->kept). */
static void
round_end_keep(struct fabric_core *fc, bool keep)
{
    struct sync_round *r = &fc->round;
    struct topo_path *path = r->path;

    if (r->has_tview) {
        fabric_tenant_fp_uninit(&r->tfp);
    }
    if (r->has_tview && !(r->graph && keep)) {
        fabric_tenant_view_uninit(&r->tview);
    }
    free(r->hosts);
    free(r->dkeys);
    free(r->dnew);
    if (r->graph && keep) {
        kept_view_drop(fc);
        fc->kept.graph = r->graph;
        fc->kept.view = r->view;
        fc->kept.path = r->path;
        fc->kept.graph_seq = r->graph_seq;
        fc->kept.host_seq = r->host_seq;
        fc->kept.loss_seq = r->loss_seq;
        fc->kept.view_id = r->view_id;
        fc->kept.has_tview = r->has_tview;
        if (r->has_tview) {
            fc->kept.tview = r->tview;
        }
    } else if (r->graph) {
        fabric_view_uninit(&r->view);
        topo_graph_destroy(r->graph);
    }
    free(r->dpids);
    memset(r, 0, sizeof *r);
    drop_path(fc, path);
}

/* Frees what the current round holds. */
static void
round_end(struct fabric_core *fc)
{
    round_end_keep(fc, false);
}

/* Orders destinations by (network, MAC), then by their index in the view
 * (so that, of several at the same key, the view's last stays last). */
struct host_ref {
    struct fabric_tenant_host h;
    size_t index;
};

static int
host_key_cmp(const struct fabric_tenant_host *a,
             const struct fabric_tenant_host *b)
{
    if (a->net_id != b->net_id) {
        return a->net_id < b->net_id ? -1 : 1;
    }
    return memcmp(&a->mac, &b->mac, sizeof a->mac);
}

static int
host_ref_cmp(const void *a_, const void *b_)
{
    const struct host_ref *a = a_, *b = b_;
    int c = host_key_cmp(&a->h, &b->h);

    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* True if destinations 'a' and 'b' are at the same place. */
static bool
host_same(const struct fabric_tenant_host *a,
          const struct fabric_tenant_host *b)
{
    return !host_key_cmp(a, b) && a->dpid == b->dpid && a->port == b->port
           && a->vlan == b->vlan;
}

/* Sets r->hosts to r->tview's destinations, sorted (host_ref_cmp()). */
static void
round_sort_hosts(struct sync_round *r)
{
    size_t i, n = r->tview.n_hosts;
    struct host_ref *refs = xcalloc(n + 1, sizeof *refs);

    for (i = 0; i < n; i++) {
        refs[i].h = r->tview.hosts[i];
        refs[i].index = i;
    }
    qsort(refs, n, sizeof *refs, host_ref_cmp);
    r->hosts = xcalloc(n + 1, sizeof *r->hosts);
    for (i = 0; i < n; i++) {
        r->hosts[i] = refs[i].h;
    }
    r->n_hosts = n;
    free(refs);
}

/* Sets r->dkeys and r->dnew: the (network, MAC) keys whose destinations
 * differ between 'old' (the last final round's, sorted alike) and
 * r->hosts, and r->hosts' destinations at those keys. One merge pass. */
static void
round_diff_hosts(struct sync_round *r, const struct fabric_tenant_host *old,
                 size_t n_old)
{
    size_t i = 0, j = 0, n_new = r->n_hosts;

    while (i < n_old || j < n_new) {
        const struct fabric_tenant_host *key
            = (j >= n_new || (i < n_old && host_key_cmp(&old[i],
                                                         &r->hosts[j]) < 0))
              ? &old[i] : &r->hosts[j];
        size_t i2 = i, j2 = j, k;
        bool same;

        while (i2 < n_old && !host_key_cmp(&old[i2], key)) {
            i2++;
        }
        while (j2 < n_new && !host_key_cmp(&r->hosts[j2], key)) {
            j2++;
        }
        same = i2 - i == j2 - j;
        for (k = 0; same && k < i2 - i; k++) {
            same = host_same(&old[i + k], &r->hosts[j + k]);
        }
        if (!same) {
            r->dkeys = xrealloc(r->dkeys, (r->n_dkeys + 1) * sizeof *r->dkeys);
            r->dkeys[r->n_dkeys++] = *key;
            if (j2 > j) {
                r->dnew = xrealloc(r->dnew,
                                   (r->n_dnew + j2 - j) * sizeof *r->dnew);
                memcpy(&r->dnew[r->n_dnew], &r->hosts[j],
                       (j2 - j) * sizeof *r->dnew);
                r->n_dnew += j2 - j;
            }
        }
        i = i2;
        j = j2;
    }
}

/* Returns a hash of round 'r''s graph, loss, path and host generations and
 * of its previous snapshot 'base' (transitional rounds; else NULL). */
static uint64_t
round_seed(const struct sync_round *r, const struct topo_path *base)
{
    uint64_t v[6] = { r->graph_seq, r->loss_seq, r->host_seq,
                      r->path ? topo_path_seq(r->path) : 0, r->trans,
                      base ? topo_path_seq(base) : 0 };
    uint64_t h = UINT64_C(0x5eed);
    size_t i;

    for (i = 0; i < ARRAY_SIZE(v); i++) {
        h = (h ^ v[i]) * UINT64_C(0x100000001b3);
        h ^= h >> 31;
    }
    return h;
}

/* Starts a round that brings the switches up to date with the current
 * paths and hosts: a transitional round (confirmed by barriers) when the
 * flooding tree may have moved since 'base', else the final state on
 * every synchronised or newly ready switch. */
static void
round_start(struct fabric_core *fc, uint64_t now)
{
    struct sync_round *r = &fc->round;
    struct fabric_tenant_view prev_tview;
    bool has_prev_tview = false;
    bool trans = false;
    size_t i;

    if (fc->base && topo_path_seq(fc->base) != topo_path_seq(fc->paths)) {
        for (i = 0; i < fc->n_buckets && !trans; i++) {
            const struct fabric_sw *sw;

            for (sw = fc->buckets[i]; sw && !trans; sw = sw->hash_next) {
                trans = sw->synced;
            }
        }
    }
    memset(r, 0, sizeof *r);
    r->active = true;
    r->trans = trans;
    r->path = fc->paths;
    r->graph_seq = topo_graph_change_seq(fc->graph);
    r->loss_seq = topo_graph_loss_seq(fc->graph);
    r->host_seq = topo_host_change_seq(fc->hosts);
    r->serial = ++fc->n_rounds;
    if (!trans && fc->kept.graph && fc->kept.path == r->path
        && fc->kept.graph_seq == r->graph_seq
        && fc->kept.host_seq == r->host_seq
        && fc->kept.loss_seq == r->loss_seq) {
        /* Nothing the view is built from moved (a tenant-only change):
         * the last final round's copy and view are this round's (and the
         * view's fingerprint digests are already computed). */
        r->graph = fc->kept.graph;
        r->view = fc->kept.view;
        r->view_id = fc->kept.view_id;
        r->view_kept = true;
        prev_tview = fc->kept.tview;
        has_prev_tview = fc->kept.has_tview;
        memset(&fc->kept, 0, sizeof fc->kept);
    } else {
        kept_view_drop(fc);
        r->view_id = r->serial;
        r->graph = graph_clone(fc->graph);
        fabric_view_init(&r->view, r->graph, r->path,
                         trans ? fc->base : NULL, fc->hosts,
                         &fc->compile_opts);
    }
    r->dpids = xcalloc(fc->n_switches + 1, sizeof *r->dpids);
    r->vnet_gen = fc->vnet_gen;
    r->has_tview = fc->vnet_on;
    if (fc->vnet_on) {
        fabric_tenant_view_init_reuse(&r->tview, fc->vnet, &r->view,
                                      fc->overlay,
                                      has_prev_tview ? &prev_tview : NULL);
        if (r->tview.n_skipped) {
            static struct log_ratelimit rl = LOG_RATELIMIT_INIT(1, 60);

            LOG_WARN_RL(&rl, "tenant networks: %zu networks or bindings not "
                        "carried (network id above %u with ports on the "
                        "fabric side, or a VNI another network has)",
                        r->tview.n_skipped, FABRIC_TENANT_MAX_NET_ID);
        }
        fabric_tenant_fp_init(&r->tfp, &r->tview);
        r->tfp_seed = round_seed(r, trans ? fc->base : NULL);
        round_sort_hosts(r);
        r->delta = !trans && fc->last_serial
                   && fc->last_seed == r->tfp_seed;
        if (r->delta) {
            round_diff_hosts(r, fc->last_hosts, fc->n_last_hosts);
        }
    }
    if (has_prev_tview) {
        fabric_tenant_view_uninit(&prev_tview);
    }
    for (i = 0; i < fc->n_buckets; i++) {
        const struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            if (sw->synced
                || (!trans && sw->read_back
                    && now >= sw_ready_at(fc, sw))) {
                r->dpids[r->n++] = sw->dpid;
            }
        }
    }
    if (trans) {
        fc->stats.transitions++;
    }
    LOG_DBG("%s round to graph seq %"PRIu64", host seq %"PRIu64": %zu "
            "switch(es)", trans ? "transitional" : "final", r->graph_seq,
            r->host_seq, r->n);
}

/* Goes on with the current round within the entry budget. Returns true
 * when it has finished. */
static bool
round_continue(struct fabric_core *fc, uint64_t now)
{
    struct sync_round *r = &fc->round;
    size_t work = 0, n_out = 0;

    while (r->next < r->n && work < FABRIC_SYNC_BUDGET
           && n_out < FABRIC_SYNC_BATCH) {
        struct fabric_sw *sw = sw_find(fc, r->dpids[r->next++]);
        size_t out_before;

        if (!sw || !sw->read_back) {
            continue;           /* Gone, or a new session not read yet. */
        }
        if (r->trans) {
            if (sw->synced) {
                work += sync_one(fc, sw, &r->view,
                                 r->has_tview ? &r->tview : NULL, now);
                sw_barrier(fc, sw, now);
            }
        } else {
            if (!sw->synced) {
                LOG_INFO("switch %016"PRIx64": synchronising its flows and "
                         "groups", sw->dpid);
                sw->synced = true;
                sw_set_ready_pending(fc, sw, false);
            }
            out_before = sw->out.size;
            work += sync_one(fc, sw, &r->view,
                             r->has_tview ? &r->tview : NULL, now);
            n_out += sw->out.size > out_before;
        }
    }
    if (r->next < r->n) {
        return false;
    }
    if (r->trans) {
        struct topo_path *old = fc->trans_target;

        fc->trans_target = r->path;
        drop_path(fc, old);
        fc->waiting = true;
        fc->wait_deadline = now + 2000;
    } else {
        struct topo_path *old = fc->base;

        fc->base = r->path;
        drop_path(fc, old);
        fc->synced_graph_seq = r->graph_seq;
        fc->synced_host_seq = r->host_seq;
        fc->synced_loss_seq = r->loss_seq;
        fc->synced_vnet_gen = r->vnet_gen;
    }
    if (!r->trans && r->has_tview) {
        /* The next round may take the delta from this one. */
        free(fc->last_hosts);
        fc->last_hosts = r->hosts;
        fc->n_last_hosts = r->n_hosts;
        r->hosts = NULL;
        fc->last_serial = r->serial;
        fc->last_seed = r->tfp_seed;
    } else {
        fc->last_serial = 0;
    }
    round_end_keep(fc, !r->trans);
    return true;
}

/* Returns the earliest time a read-back switch that is not synchronised
 * yet may be, or UINT64_MAX if there is none. */
static uint64_t
earliest_ready(const struct fabric_core *fc)
{
    uint64_t t = UINT64_MAX;
    size_t i;

    if (!fc->n_ready_pending) {
        return t;               /* The common case, in O(1). */
    }
    for (i = 0; i < fc->n_buckets; i++) {
        const struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            if (sw->read_back && !sw->synced) {
                t = MIN(t, sw_ready_at(fc, sw));
            }
        }
    }
    return t;
}

/* Returns the 'now' before which the pending change may not start a
 * round, or 0: a change that only grew the graph while switches wait for
 * their first synchronisation (per GROWTH_QUIET_MS, once
 * fabric_core_run() noted it), nothing else pending. */
static uint64_t
growth_hold_until(const struct fabric_core *fc)
{
    if (!fc->growth_since || !fc->n_ready_pending
        || topo_graph_loss_seq(fc->graph) != fc->synced_loss_seq
        || topo_host_change_seq(fc->hosts) != fc->synced_host_seq
        || fc->vnet_gen != fc->synced_vnet_gen) {
        return 0;
    }
    return MIN(fc->graph_changed_at + GROWTH_QUIET_MS
               + (topo_graph_n_oneway(fc->graph)
                  ? fc->cfg.lldp_interval_ms : 0),
               fc->growth_since + GROWTH_MAX_MS);
}

/* Returns how long after the last round's start the next one may start:
 * 'recompute_gap', but for a change of the tenant model alone (no path
 * to recompute, no host or switch to bring in) only twice the last
 * round's duration: a lone port added right after another change is not
 * held back by 'recompute_ms' (tens of ms) when rounds take a few, and a
 * burst of changes is still coalesced (the fabric thread spends at most
 * a third of its time in rounds). */
static uint64_t
round_gap(const struct fabric_core *fc)
{
    if (fc->vnet_gen != fc->synced_vnet_gen
        && topo_graph_change_seq(fc->graph) == fc->synced_graph_seq
        && topo_host_change_seq(fc->hosts) == fc->synced_host_seq
        && !fc->n_ready_pending) {
        return MIN(fc->tenant_gap, fc->recompute_gap);
    }
    return fc->recompute_gap;
}

bool
fabric_core_run(struct fabric_core *fc, uint64_t now)
{
    uint64_t graph_seq, host_seq;
    size_t i;

    probation_run(fc, now);

    /* LLDP probes and link aging. */
    topo_lldp_probes_clear(&fc->probes);
    if (topo_lldp_run(fc->lldp, fc->graph, now, &fc->probes)) {
        for (i = 0; i < fc->probes.n; i++) {
            const struct topo_lldp_probe *p = &fc->probes.probes[i];
            struct fabric_sw *sw = sw_find(fc, p->dpid);

            if (!sw || no_probe(fc, p->dpid, p->port)) {
                continue;
            }
            if (ofp_packet_out_encode_output(
                    OFP_NO_BUFFER, OFPP_CONTROLLER, p->port,
                    topo_lldp_probe_frame(&fc->probes, i), p->size,
                    OFP13_VERSION, next_xid(fc), sw_out(fc, sw))) {
                fc->stats.encode_errors++;
            } else {
                fc->stats.probes_tx++;
                fc->stats.msgs_tx++;
            }
        }
    }

    /* Host aging, with activity read from the switches. */
    if (fc->cfg.host_idle_ms) {
        poll_hosts(fc, now);
        if (now >= fc->next_host_aging) {
            size_t n = topo_host_run(fc->hosts, now, fc->cfg.host_idle_ms);

            if (n) {
                LOG_INFO("%zu silent host%s forgotten", n, n == 1 ? "" : "s");
            }
            fc->next_host_aging = now + 1000;
        }
    }

    /* A transitional round ends when every switch confirmed it. */
    if (fc->waiting) {
        if (fc->n_pending && now < fc->wait_deadline) {
            return false;
        }
        if (fc->n_pending) {
            LOG_INFO("%zu switch(es) did not confirm the transitional "
                     "flooding state in time; going on", fc->n_pending);
        }
        for (i = 0; i < fc->n_buckets; i++) {
            struct fabric_sw *sw;

            for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
                sw_cancel_barrier(fc, sw);
            }
        }
        fc->waiting = false;
        LOG_DBG("transitional round confirmed");
        {
            struct topo_path *old = fc->base;

            fc->base = fc->trans_target;
            fc->trans_target = NULL;
            drop_path(fc, old);
        }
        fc->last_recompute = 0;         /* Go on at once. */
    }

    /* A round in progress goes on first. */
    if (fc->round.active) {
        return round_continue(fc, now);
    }
    retire_run(fc, now);

    /* Recompute and synchronise. */
    graph_seq = topo_graph_change_seq(fc->graph);
    host_seq = topo_host_change_seq(fc->hosts);
    if (graph_seq != fc->seen_graph_seq) {
        fc->seen_graph_seq = graph_seq;
        fc->graph_changed_at = now;
    }
    if (graph_seq != fc->synced_graph_seq) {
        if (!fc->growth_since) {
            fc->growth_since = now;
        }
        if (now < growth_hold_until(fc)) {
            return false;
        }
    }
    if ((graph_seq != fc->synced_graph_seq || host_seq != fc->synced_host_seq
         || fc->vnet_gen != fc->synced_vnet_gen
         || earliest_ready(fc) <= now)
        && (!fc->recomputed_once
            || now >= fc->last_recompute + round_gap(fc))) {
        refresh_paths(fc);
        round_start(fc, now);
        fc->growth_since = 0;
        fc->last_recompute = now;
        fc->recomputed_once = true;
        return round_continue(fc, now);
    }
    return false;
}

void
fabric_core_note_duration(struct fabric_core *fc, uint64_t us)
{
    uint64_t gap = 2 * us / 1000;

    fc->stats.last_recompute_us = us;
    fc->recompute_gap = MAX(fc->cfg.recompute_ms, MIN(gap, 5000));
    fc->tenant_gap = MIN(gap, 5000);
}

bool
fabric_core_round_active(const struct fabric_core *fc)
{
    return fc->round.active;
}

uint64_t
fabric_core_next_wake(const struct fabric_core *fc)
{
    uint64_t next = MIN(topo_lldp_next_wake(fc->lldp), sw_timers_next(fc));

    if (fc->cfg.host_idle_ms && fc->next_host_aging < next) {
        next = fc->next_host_aging;
    }
    next = MIN(next, earliest_readback(fc));
    if (fc->round.active) {
        return 0;
    }
    if (fc->waiting) {
        return MIN(next, fc->n_pending ? fc->wait_deadline : 0);
    }
    {
        bool dirty = topo_graph_change_seq(fc->graph) != fc->synced_graph_seq
                     || topo_host_change_seq(fc->hosts) != fc->synced_host_seq
                     || fc->vnet_gen != fc->synced_vnet_gen;
        uint64_t hold = (topo_graph_change_seq(fc->graph)
                         != fc->seen_graph_seq ? 0 : growth_hold_until(fc));
        uint64_t work_at = dirty ? hold : earliest_ready(fc);
        uint64_t t = fc->recomputed_once
                     ? fc->last_recompute + round_gap(fc) : 0;

        if (work_at != UINT64_MAX) {
            next = MIN(next, MAX(work_at, t));
        }
    }
    return next;
}

/* Counts 'n' more bytes of 'sw' on their way and, once half the window
 * is, appends a pacing barrier to 'out' (if none is outstanding). */
static void
sw_pace_barrier(struct fabric_core *fc, struct fabric_sw *sw, size_t n,
                struct buf *out)
{
    sw->unacked += n;
    if (sw->unacked > FABRIC_SEND_WINDOW / 2 && !sw->pace_xid) {
        uint32_t xid = next_xid(fc);

        if (!ofp_barrier_request_encode(OFP13_VERSION, xid, out)) {
            fc->stats.msgs_tx++;
            sw->pace_xid = xid;
            sw->pace_bytes = sw->unacked;
        }
    }
}

/* Hands as much of 'sw''s output to 'cb' as FABRIC_SEND_WINDOW allows
 * (whole messages, in order), followed by a pacing barrier once half the
 * window is on its way; keeps the rest for when the barrier's reply
 * comes (fabric_core_barrier_reply()). */
static void
sw_send_paced(struct fabric_core *fc, struct fabric_sw *sw,
              void (*cb)(uint64_t, struct buf *, void *), void *aux)
{
    size_t budget = (sw->unacked < FABRIC_SEND_WINDOW
                     ? FABRIC_SEND_WINDOW - sw->unacked : 0);
    size_t n = 0;
    struct buf chunk;

    while (n < sw->out.size) {
        const uint8_t *p = sw->out.data + n;
        size_t len = ((size_t) p[2] << 8) | p[3];

        if (n + len > budget && (n || sw->unacked)) {
            break;
        }
        n += len;
    }
    if (n == sw->out.size) {
        sw_pace_barrier(fc, sw, n, &sw->out);
        cb(sw->dpid, &sw->out, aux);
        buf_clear(&sw->out);
        return;
    }
    buf_init(&chunk, n + 16);
    buf_put(&chunk, sw->out.data, n);
    memmove(sw->out.data, sw->out.data + n, sw->out.size - n);
    buf_truncate(&sw->out, sw->out.size - n);
    sw_pace_barrier(fc, sw, n, &chunk);
    if (chunk.size) {
        cb(sw->dpid, &chunk, aux);
    }
    buf_uninit(&chunk);
}

void
fabric_core_take_output(struct fabric_core *fc,
                        void (*cb)(uint64_t, struct buf *, void *),
                        void *aux)
{
    struct fabric_sw *sw, *next;

    for (sw = fc->dirty; sw; sw = next) {
        next = sw->dirty_next;
        sw->dirty = false;
        sw->dirty_next = NULL;
        if (sw->out.size) {
            sw_send_paced(fc, sw, cb, aux);
        }
        if (!sw->out.size && sw->out.allocated > 65536) {
            buf_uninit(&sw->out);
            buf_init(&sw->out, 0);
        }
    }
    fc->dirty = NULL;
}

/* ---- Read-only access. ---- */

const struct topo_graph *
fabric_core_graph(const struct fabric_core *fc)
{
    return fc->graph;
}

const struct topo_host_table *
fabric_core_hosts(const struct fabric_core *fc)
{
    return fc->hosts;
}

const struct topo_path *
fabric_core_paths(struct fabric_core *fc)
{
    refresh_paths(fc);
    return fc->paths;
}

void
fabric_core_get_counters(const struct fabric_core *fc,
                         struct fabric_counters *c)
{
    struct topo_link *links;

    memset(c, 0, sizeof *c);
    c->core = fc->stats;
    c->lldp = *topo_lldp_get_stats(fc->lldp);
    c->hosts = *topo_host_get_stats(fc->hosts);
    c->n_switches = fc->n_switches;
    c->n_synced = fabric_core_n_synced(fc);
    {
        size_t i;

        for (i = 0; i < fc->n_buckets; i++) {
            const struct fabric_sw *sw;

            for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
                c->n_unconfirmed += sw->confirm_xid != 0;
                c->n_resyncing += sw->resync;
            }
        }
    }
    c->n_links = topo_graph_up_links(fc->graph, &links);
    free(links);
    c->n_dlinks = topo_graph_n_dlinks(fc->graph);
    c->n_hosts = topo_host_count(fc->hosts);
    c->change_seq = topo_graph_change_seq(fc->graph);
    c->host_seq = topo_host_change_seq(fc->hosts);
}

const struct topo_path *
fabric_core_last_paths(struct fabric_core *fc)
{
    if (!fc->paths) {
        refresh_paths(fc);
    }
    return fc->paths;
}

const struct fabric_core_stats *
fabric_core_get_stats(const struct fabric_core *fc)
{
    return &fc->stats;
}

struct fabric_core_stats *
fabric_core_stats_rw(struct fabric_core *fc)
{
    return &fc->stats;
}

size_t
fabric_core_n_switches(const struct fabric_core *fc)
{
    return fc->n_switches;
}

size_t
fabric_core_n_synced(const struct fabric_core *fc)
{
    size_t i, n = 0;

    for (i = 0; i < fc->n_buckets; i++) {
        const struct fabric_sw *sw;

        for (sw = fc->buckets[i]; sw; sw = sw->hash_next) {
            n += sw->synced;
        }
    }
    return n;
}

bool
fabric_core_switch_synced(const struct fabric_core *fc, uint64_t dpid)
{
    const struct fabric_sw *sw = sw_find(fc, dpid);

    return sw && sw->synced;
}

bool
fabric_core_switch_confirmed(const struct fabric_core *fc, uint64_t dpid)
{
    const struct fabric_sw *sw = sw_find(fc, dpid);

    return sw && !sw->confirm_xid;
}

const struct fabric_state *
fabric_core_switch_state(const struct fabric_core *fc, uint64_t dpid)
{
    /* (Building 'whole' changes no state the core works from.) */
    struct fabric_sw *sw = sw_find(fc, dpid);

    if (!sw || !sw->installed) {
        return NULL;
    }
    if (!sw->tinstalled || (!fabric_state_n_flows(sw->tinstalled)
                            && !fabric_state_n_groups(sw->tinstalled))) {
        return sw->installed;
    }
    if (!sw->whole) {
        sw->whole = fabric_state_clone(sw->installed);
        state_merge(sw->whole, sw->tinstalled);
    }
    return sw->whole;
}
