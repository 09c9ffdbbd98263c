/* bench-tenant-calc: see bench-tenant-calc.h. */
#include "bench-tenant-calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-run.h"
#include "bench-topo-calc.h"
#include "bench-topo.h"
#include "fabric/fabric-overlay.h"
#include "fabric/fabric-sync.h"
#include "fabric/fabric-tenant.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "openflow/openflow-common.h"
#include "vnet/vnet.h"

static double
ms_since(uint64_t t0)
{
    return (bench_topo_calc_cpu_ns() - t0) / 1e6;
}

static size_t
heap_since(size_t h0)
{
    size_t h = bench_topo_calc_heap();

    return h > h0 ? h - h0 : 0;
}

/* What kumod keeps per switch, and the sync options it diffs with. */
struct calc_sw {
    struct fabric_state *installed;     /* Fabric + tenant entries. */
};

struct calc_sync {
    struct fabric_sync_options fabric_opts, vnet_opts;
    uint32_t xid;
    uint64_t compile_ns, diff_ns, merge_ns;     /* sync_switch()'s parts. */
};

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

/* Compiles switch 'dpid', diffs it against '*installed' as fabric-core's
 * sync_one() does (tenant entries first, then the fabric's), appends the
 * messages to 'out' and replaces '*installed' by the new state. Returns
 * the number of messages. */
static size_t
sync_switch(struct calc_sync *cs, const struct fabric_view *view,
            const struct fabric_tenant_view *tv, uint64_t dpid,
            struct fabric_state **installed, struct buf *out)
{
    struct fabric_state *desired = fabric_state_create();
    struct fabric_state *tdesired = fabric_state_create();
    struct fabric_sync_counts c1, c2;

    uint64_t t0 = bench_topo_calc_cpu_ns(), t1, t2;

    memset(&c1, 0, sizeof c1);
    memset(&c2, 0, sizeof c2);
    bench_tenant_compile(view, tv, dpid, desired, tdesired);
    t1 = bench_topo_calc_cpu_ns();
    fabric_sync_diff(*installed, tdesired, &cs->vnet_opts, &cs->xid, out,
                     &c1);
    fabric_sync_diff(*installed, desired, &cs->fabric_opts, &cs->xid, out,
                     &c2);
    t2 = bench_topo_calc_cpu_ns();
    state_merge(desired, tdesired);
    cs->compile_ns += t1 - t0;
    cs->diff_ns += t2 - t1;
    cs->merge_ns += bench_topo_calc_cpu_ns() - t2;
    fabric_state_destroy(tdesired);
    fabric_state_destroy(*installed);
    *installed = desired;
    return c1.n_msgs + c2.n_msgs;
}

/* Decodes the read-back 'flows'/'groups' (concatenated messages) into a
 * new state, as kumod's fabric_core_readback() does. */
static struct fabric_state *
decode_readback(const struct buf *flows, const struct buf *groups)
{
    struct fabric_state *s = fabric_state_create();
    const struct buf *bufs[2] = { flows, groups };
    size_t i;

    for (i = 0; i < 2; i++) {
        const uint8_t *p = bufs[i]->data;
        size_t left = bufs[i]->size;

        while (left >= sizeof(struct ofp_header)) {
            const struct ofp_header *oh = (const void *) p;
            size_t len = ntohs(oh->length);

            if (len < sizeof *oh || len > left) {
                break;
            }
            if (i == 0) {
                fabric_state_add_flow_stats(s, oh);
            } else {
                fabric_state_add_group_desc(s, oh);
            }
            p += len;
            left -= len;
        }
    }
    return s;
}

/* Reconciles switch 'sw' holding 'held': encodes the read-back, then
 * times decode + compile + diff. Stores the messages in '*msgs'. */
static double
reconcile(struct calc_sync *cs, const struct fabric_view *view,
          const struct fabric_tenant_view *tv, uint64_t dpid,
          const struct fabric_state *held, size_t *msgs, size_t *bytes)
{
    struct fabric_state *installed;
    struct buf flows, groups, out;
    uint64_t t0;
    double ms;

    buf_init(&flows, 1 << 20);
    buf_init(&groups, 1 << 16);
    buf_init(&out, 4096);
    if (bench_tenant_readback_encode(held, 1, 2, &flows, &groups)) {
        kumo_fatal("bench: cannot encode a read-back");
    }
    *bytes = flows.size + groups.size;
    t0 = bench_topo_calc_cpu_ns();
    installed = decode_readback(&flows, &groups);
    *msgs = sync_switch(cs, view, tv, dpid, &installed, &out);
    ms = ms_since(t0);
    fabric_state_destroy(installed);
    buf_uninit(&flows);
    buf_uninit(&groups);
    buf_uninit(&out);
    return ms;
}

/* Runs the micro-benchmarks. */
char *
bench_tenant_calc(const struct bench_topo *t,
                  const struct bench_tenant_model *m, uint32_t rec_sw,
                  struct bench_tenant_calc_result *res)
{
    const struct vnet_snapshot *snap, *snap2;
    struct fabric_tenant_view tv, tv2;
    struct bench_tenant_fabric fab;
    struct calc_sw *sws = NULL;
    struct fabric_overlay *ov = NULL;
    uint32_t extra_sw = UINT32_MAX;
    struct calc_sync cs;
    struct vnet_error err;
    struct vnet_db *db;
    struct buf out;
    char *error;
    size_t h0, i;
    uint64_t t0;

    memset(res, 0, sizeof *res);
    memset(&cs, 0, sizeof cs);
    fabric_sync_options_init(&cs.fabric_opts, FABRIC_APP_FABRIC);
    fabric_sync_options_init(&cs.vnet_opts, FABRIC_APP_VNET);
    bench_tenant_fabric_init(&fab, t);

    h0 = bench_topo_calc_heap();
    db = vnet_db_open(":memory:", &err);
    if (!db) {
        bench_tenant_fabric_uninit(&fab);
        return xasprintf("vnet_db_open: %s", err.message);
    }
    t0 = bench_topo_calc_cpu_ns();
    error = bench_tenant_model_fill(db, t, m);
    res->fill_s = ms_since(t0) / 1e3;
    res->store_bytes = heap_since(h0);
    if (error) {
        goto out_db;
    }

    h0 = bench_topo_calc_heap();
    t0 = bench_topo_calc_cpu_ns();
    snap = vnet_db_snapshot(db);
    res->snapshot_ms = ms_since(t0);
    res->snapshot_bytes = heap_since(h0);

    if (m->iface_id) {
        /* The chassis manager's facts: kumod keeps them anyway. */
        ov = bench_tenant_overlay(t, m, true, &extra_sw);
    }
    h0 = bench_topo_calc_heap();
    t0 = bench_topo_calc_cpu_ns();
    fabric_tenant_view_init_overlay(&tv, snap, &fab.view, ov);
    res->tview_ms = ms_since(t0);
    res->tview_bytes = heap_since(h0);
    res->n_nets_carried = tv.n_nets;
    res->n_skipped = tv.n_skipped;

    /* Full recompute: the first round after a restart with every switch
     * empty. */
    buf_init(&out, 1 << 20);
    sws = xcalloc(t->n_switches, sizeof *sws);
    h0 = bench_topo_calc_heap();
    t0 = bench_topo_calc_cpu_ns();
    for (i = 0; i < t->n_switches; i++) {
        struct fabric_state *desired = fabric_state_create();
        struct fabric_state *tdesired = fabric_state_create();

        bench_tenant_compile(&fab.view, &tv, bench_topo_dpid(i), desired,
                             tdesired);
        res->tenant_flows += fabric_state_n_flows(tdesired);
        state_merge(desired, tdesired);
        fabric_state_destroy(tdesired);
        sws[i].installed = desired;
    }
    res->compile_ms = ms_since(t0);
    res->state_bytes = heap_since(h0);
    for (i = 0; i < t->n_switches; i++) {
        size_t nf = fabric_state_n_flows(sws[i].installed);
        size_t ng = fabric_state_n_groups(sws[i].installed);

        res->flows += nf;
        res->groups += ng;
        if (nf > res->flows_max && rec_sw >= t->n_switches) {
            res->rec_sw = i;
        }
        res->flows_max = MAX(res->flows_max, nf);
        res->groups_max = MAX(res->groups_max, ng);
    }
    if (rec_sw < t->n_switches) {
        res->rec_sw = rec_sw;
    }

    /* One port added: what kumod does for it today. */
    {
        struct bench_tenant_binder *b = bench_tenant_binder_create(t, 7);
        struct vnet_port p;
        uint32_t sw, port;
        uint16_t vlan;

        memset(&p, 0, sizeof p);
        if (m->iface_id) {
            /* A VM on the free edge port bench_tenant_overlay() gave the
             * VIF "bench-vif-extra". */
            static const struct eth_addr mac = {
                { 0x02, 0x6b, 0x80, 0x00, 0x00, 0x01 } };

            memcpy(p.network_uuid, snap->networks[0].uuid,
                   sizeof p.network_uuid);
            p.has_mac = true;
            p.mac = mac;
            p.binding.kind = VNET_BIND_IFACE_ID;
            snprintf(p.binding.iface_id, sizeof p.binding.iface_id,
                     "bench-vif-extra");
            t0 = bench_topo_calc_cpu_ns();
            if (extra_sw == UINT32_MAX) {
                error = xstrdup("no free edge port for one more VIF: "
                                "raise --hosts");
            } else if (vnet_db_port_create(db, &p, NULL, &err)) {
                error = xasprintf("one more port: %s: %s", err.field,
                                  err.message);
            }
            res->add_write_ms = ms_since(t0);
        } else if (!bench_tenant_binder_next(b, &sw, &port, &vlan, &p.mac)) {
            error = xstrdup("no binding left for one more port");
        } else {
            /* The first network of the model. */
            memcpy(p.network_uuid, snap->networks[0].uuid,
                   sizeof p.network_uuid);
            p.has_mac = true;
            p.binding.kind = VNET_BIND_PORT_VLAN;
            p.binding.dpid = bench_topo_dpid(sw);
            p.binding.port_no = port;
            p.binding.vlan = vlan;
            t0 = bench_topo_calc_cpu_ns();
            if (vnet_db_port_create(db, &p, NULL, &err)) {
                error = xasprintf("one more port: %s: %s", err.field,
                                  err.message);
            }
            res->add_write_ms = ms_since(t0);
        }
        bench_tenant_binder_destroy(b);
    }
    if (!error) {
        t0 = bench_topo_calc_cpu_ns();
        snap2 = vnet_db_snapshot(db);
        res->add_snapshot_ms = ms_since(t0);
        t0 = bench_topo_calc_cpu_ns();
        fabric_tenant_view_init_overlay(&tv2, snap2, &fab.view, ov);
        res->add_tview_ms = ms_since(t0);
        cs.compile_ns = cs.diff_ns = cs.merge_ns = 0;
        t0 = bench_topo_calc_cpu_ns();
        for (i = 0; i < t->n_switches; i++) {
            size_t n = sync_switch(&cs, &fab.view, &tv2, bench_topo_dpid(i),
                                   &sws[i].installed, &out);

            res->add_msgs += n;
            res->add_switches += n > 0;
        }
        res->add_compile_ms = ms_since(t0);
        res->add_part_compile_ms = cs.compile_ns / 1e6;
        res->add_part_diff_ms = cs.diff_ns / 1e6;
        res->add_part_merge_ms = cs.merge_ns / 1e6;

        /* How much of that is the fabric's own part, which a change of
         * the tenant model does not change. */
        t0 = bench_topo_calc_cpu_ns();
        for (i = 0; i < t->n_switches; i++) {
            struct fabric_state *f = fabric_state_create();

            fabric_compile_switch(&fab.view, bench_topo_dpid(i), f);
            fabric_state_destroy(f);
        }
        res->add_fabric_ms = ms_since(t0);

        /* Reconcile one switch: identical, then 1% different. */
        if (t->n_switches) {
            struct fabric_state *held;
            uint64_t dpid = bench_topo_dpid(res->rec_sw);

            held = fabric_state_clone(sws[res->rec_sw].installed);
            res->rec_flows = fabric_state_n_flows(held);
            res->rec_groups = fabric_state_n_groups(held);
            res->rec_ms = reconcile(&cs, &fab.view, &tv2, dpid, held,
                                    &res->rec_msgs, &res->rec_bytes);
            res->rec1_changed = bench_tenant_perturb(held);
            res->rec1_ms = reconcile(&cs, &fab.view, &tv2, dpid, held,
                                     &res->rec1_msgs, &res->rec_bytes);
            fabric_state_destroy(held);
        }
        res->rss_kb = bench_run_read_status_kb(getpid(), "VmRSS");
        res->hwm_kb = bench_run_read_status_kb(getpid(), "VmHWM");
        fabric_tenant_view_uninit(&tv2);
        vnet_snapshot_destroy(snap2);
    }
    for (i = 0; i < t->n_switches; i++) {
        fabric_state_destroy(sws[i].installed);
    }
    free(sws);
    buf_uninit(&out);
    fabric_tenant_view_uninit(&tv);
    vnet_snapshot_destroy(snap);
    fabric_overlay_destroy(ov);
out_db:
    vnet_db_close(db);
    bench_tenant_fabric_uninit(&fab);
    return error;
}
