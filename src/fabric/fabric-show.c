/* fabric-show: see fabric-show.h. */
#include "fabric/fabric-show.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric-core.h"
#include "lib/ds.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "topo/topo-graph.h"
#include "topo/topo-host.h"
#include "topo/topo-lldp.h"
#include "topo/topo-path.h"

/* Most equal-cost next hops listed per hop. */
#define MAX_ECMP 16
/* Longest path listed. */
#define MAX_HOPS 256

static json_t *
dpid_json(uint64_t dpid)
{
    char s[17];

    snprintf(s, sizeof s, "%016"PRIx64, dpid);
    return json_string(s);
}

static json_t *
mac_json(const struct eth_addr *ea)
{
    char s[18];

    snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", ea->ea[0],
             ea->ea[1], ea->ea[2], ea->ea[3], ea->ea[4], ea->ea[5]);
    return json_string(s);
}

static json_t *
host_json(const struct topo_host *h, uint64_t now)
{
    json_t *o = json_object();
    json_t *v4 = json_array(), *v6 = json_array();
    size_t i;

    json_object_set_new(o, "mac", mac_json(&h->mac));
    json_object_set_new(o, "vlan", json_integer(h->vlan));
    json_object_set_new(o, "dpid", dpid_json(h->dpid));
    json_object_set_new(o, "port", json_integer(h->port));
    for (i = 0; i < h->n_ipv4; i++) {
        char s[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, &h->ipv4[i], s, sizeof s);
        json_array_append_new(v4, json_string(s));
    }
    for (i = 0; i < h->n_ipv6; i++) {
        char s[INET6_ADDRSTRLEN];

        inet_ntop(AF_INET6, h->ipv6[i], s, sizeof s);
        json_array_append_new(v6, json_string(s));
    }
    json_object_set_new(o, "ipv4", v4);
    json_object_set_new(o, "ipv6", v6);
    json_object_set_new(o, "age_sec", json_integer(
                            now > h->last_seen
                            ? (json_int_t) ((now - h->last_seen) / 1000) : 0));
    return o;
}

struct host_list {
    const struct topo_host **hosts;
    size_t n, allocated;
};

static void
collect_host(const struct topo_host *h, void *list_)
{
    struct host_list *list = list_;

    if (list->n == list->allocated) {
        list->allocated = list->allocated * 2 + 16;
        list->hosts = xrealloc(list->hosts,
                               list->allocated * sizeof *list->hosts);
    }
    list->hosts[list->n++] = h;
}

static int
compare_hosts(const void *a_, const void *b_)
{
    const struct topo_host *a = *(const struct topo_host *const *) a_;
    const struct topo_host *b = *(const struct topo_host *const *) b_;

    if (a->dpid != b->dpid) {
        return a->dpid < b->dpid ? -1 : 1;
    }
    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    if (a->vlan != b->vlan) {
        return a->vlan < b->vlan ? -1 : 1;
    }
    return memcmp(&a->mac, &b->mac, sizeof a->mac);
}

/* Finds the directed link src -> dst by bisection over the sorted list. */
static const struct topo_dlink *
find_dlink(const struct topo_graph *g, uint64_t src_dpid, uint32_t src_port,
           uint64_t dst_dpid, uint32_t dst_port)
{
    size_t lo = 0, hi = topo_graph_n_dlinks(g);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct topo_dlink *d = topo_graph_dlink_at(g, mid);
        int c = d->src_dpid != src_dpid ? (d->src_dpid < src_dpid ? -1 : 1)
                : d->src_port != src_port ? (d->src_port < src_port ? -1 : 1)
                : d->dst_dpid != dst_dpid ? (d->dst_dpid < dst_dpid ? -1 : 1)
                : d->dst_port != dst_port ? (d->dst_port < dst_port ? -1 : 1)
                : 0;

        if (!c) {
            return d;
        } else if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static const char *
port_kind_name(enum topo_port_kind kind)
{
    switch (kind) {
    case TOPO_PORT_UNKNOWN:
        return "unknown";
    case TOPO_PORT_DOWN:
        return "down";
    case TOPO_PORT_EDGE:
        return "edge";
    case TOPO_PORT_FABRIC:
        return "fabric";
    case TOPO_PORT_UNIDIR:
        return "one-way";
    case TOPO_PORT_SHARED:
        return "shared";
    case TOPO_PORT_SHARED_BLOCKED:
        return "shared-blocked";
    }
    return "unknown";
}

/* Number of usable bidirectional links (each counted once). */
static size_t
count_up_links(const struct topo_graph *g)
{
    size_t i, n = 0;

    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        const struct topo_dlink *d = topo_graph_dlink_at(g, i);

        if (!d->shared
            && (d->src_dpid < d->dst_dpid
                || (d->src_dpid == d->dst_dpid && d->src_port < d->dst_port))
            && find_dlink(g, d->dst_dpid, d->dst_port, d->src_dpid,
                          d->src_port)) {
            n++;
        }
    }
    return n;
}

json_t *
fabric_show_topology(struct fabric_core *fc, uint64_t now)
{
    const struct topo_graph *g = fabric_core_graph(fc);
    /* Polled during discovery (kumo-bench): never recompute paths here;
     * "tree" and "n_tree_links" are those of "paths_seq". */
    const struct topo_path *paths = fabric_core_last_paths(fc);
    const struct topo_host_table *ht = fabric_core_hosts(fc);
    json_t *o = json_object();
    json_t *switches = json_array(), *links = json_array();
    json_t *hosts = json_array();
    struct host_list hl = { NULL, 0, 0 };
    size_t i, j;

    for (i = 0; i < topo_graph_n_switches(g); i++) {
        const struct topo_switch *ts = topo_graph_switch_at(g, i);
        json_t *s = json_object(), *ports = json_array();

        json_object_set_new(s, "dpid", dpid_json(ts->dpid));
        json_object_set_new(s, "synced", json_boolean(
                                fabric_core_switch_synced(fc, ts->dpid)));
        for (j = 0; j < ts->n_ports; j++) {
            const struct topo_port *tp = &ts->ports[j];
            json_t *p = json_object();

            json_object_set_new(p, "port", json_integer(tp->port_no));
            json_object_set_new(p, "state",
                                json_string(tp->live ? "up" : "down"));
            json_object_set_new(p, "kind", json_string(port_kind_name(
                topo_graph_port_kind(g, ts->dpid, tp->port_no))));
            json_array_append_new(ports, p);
        }
        json_object_set_new(s, "ports", ports);
        json_array_append_new(switches, s);
    }

    for (i = 0; i < topo_graph_n_dlinks(g); i++) {
        const struct topo_dlink *d = topo_graph_dlink_at(g, i);
        const struct topo_dlink *r = find_dlink(g, d->dst_dpid, d->dst_port,
                                                d->src_dpid, d->src_port);
        bool canonical = d->src_dpid < d->dst_dpid
                         || (d->src_dpid == d->dst_dpid
                             && d->src_port < d->dst_port);
        uint64_t seen;
        json_t *l;

        if (r && !canonical) {
            continue;           /* Listed with its reverse. */
        }
        seen = r && r->last_seen < d->last_seen ? r->last_seen : d->last_seen;
        l = json_object();
        json_object_set_new(l, "a_dpid", dpid_json(d->src_dpid));
        json_object_set_new(l, "a_port", json_integer(d->src_port));
        json_object_set_new(l, "b_dpid", dpid_json(d->dst_dpid));
        json_object_set_new(l, "b_port", json_integer(d->dst_port));
        json_object_set_new(l, "state", json_string(
                                d->shared || (r && r->shared) ? "shared"
                                : r ? "up" : "one-way"));
        json_object_set_new(l, "tree", json_boolean(
                                r && topo_path_is_tree_port(paths, d->src_dpid,
                                                            d->src_port)
                                && topo_path_is_tree_port(paths, d->dst_dpid,
                                                          d->dst_port)));
        json_object_set_new(l, "age_ms", json_integer(
                                now > seen ? (json_int_t) (now - seen) : 0));
        json_array_append_new(links, l);
    }

    topo_host_foreach(ht, collect_host, &hl);
    if (hl.n) {
        qsort(hl.hosts, hl.n, sizeof *hl.hosts, compare_hosts);
    }
    for (i = 0; i < hl.n; i++) {
        json_array_append_new(hosts, host_json(hl.hosts[i], now));
    }
    free(hl.hosts);

    json_object_set_new(o, "n_switches",
                        json_integer((json_int_t) topo_graph_n_switches(g)));
    json_object_set_new(o, "n_links",
                        json_integer((json_int_t) count_up_links(g)));
    json_object_set_new(o, "n_dlinks",
                        json_integer((json_int_t) topo_graph_n_dlinks(g)));
    json_object_set_new(o, "n_hosts",
                        json_integer((json_int_t) topo_host_count(ht)));
    json_object_set_new(o, "n_tree_links", json_integer(
                            (json_int_t) topo_path_n_tree_links(paths)));
    json_object_set_new(o, "change_seq",
                        json_integer((json_int_t) topo_graph_change_seq(g)));
    json_object_set_new(o, "host_seq",
                        json_integer((json_int_t) topo_host_change_seq(ht)));
    json_object_set_new(o, "paths_seq",
                        json_integer((json_int_t) topo_path_seq(paths)));
    json_object_set_new(o, "switches", switches);
    json_object_set_new(o, "links", links);
    json_object_set_new(o, "hosts", hosts);
    return o;
}

/* Finds host 'name' (MAC, IPv4 or IPv6). Returns NULL with '*errorp'. */
static const struct topo_host *
find_host(const struct topo_host_table *ht, const char *what,
          const char *name, char **errorp)
{
    const struct topo_host *h = NULL;
    struct eth_addr mac;
    uint8_t ip6[16];
    be32 ip4;

    if (net_eth_addr_parse(name, &mac)) {
        h = topo_host_find(ht, &mac, 0);
        if (!h) {
            /* Any VLAN: walk the table (operator command, not hot). */
            size_t v;

            for (v = 1; v < 4096 && !h; v++) {
                h = topo_host_find(ht, &mac, (uint16_t) v);
            }
        }
    } else if (inet_pton(AF_INET, name, &ip4) == 1) {
        h = topo_host_find_ipv4(ht, ip4);
    } else if (inet_pton(AF_INET6, name, ip6) == 1) {
        h = topo_host_find_ipv6(ht, ip6);
    } else {
        *errorp = xasprintf("%s \"%s\" is not a MAC, IPv4 or IPv6 address",
                            what, name);
        return NULL;
    }
    if (!h) {
        *errorp = xasprintf("%s host %s is not known (hosts are learned "
                            "from their traffic)", what, name);
    }
    return h;
}

json_t *
fabric_show_path(struct fabric_core *fc, const char *src, const char *dst,
                 uint64_t now, char **errorp)
{
    const struct topo_host_table *ht = fabric_core_hosts(fc);
    const struct topo_host *a, *b;
    const struct topo_path *paths;
    struct topo_hop *route;
    size_t n_hops, i;
    uint32_t in_port;
    json_t *o, *hops;

    a = find_host(ht, "source", src, errorp);
    if (!a) {
        return NULL;
    }
    b = find_host(ht, "destination", dst, errorp);
    if (!b) {
        return NULL;
    }
    paths = fabric_core_paths(fc);
    if (a->dpid != b->dpid
        && topo_path_distance(paths, a->dpid, b->dpid)
           == TOPO_PATH_INFINITY) {
        *errorp = xasprintf("no path from switch %016"PRIx64" to switch "
                            "%016"PRIx64, a->dpid, b->dpid);
        return NULL;
    }
    route = xcalloc(MAX_HOPS, sizeof *route);
    n_hops = topo_path_route(paths, a->dpid, b->dpid, route, MAX_HOPS);
    if (n_hops > MAX_HOPS) {
        n_hops = MAX_HOPS;
    }
    o = json_object();
    hops = json_array();
    in_port = a->port;
    for (i = 0; i <= n_hops; i++) {
        uint64_t dpid = i < n_hops ? route[i].dpid : b->dpid;
        json_t *h = json_object(), *ecmp = json_array();
        struct topo_hop backup;

        json_object_set_new(h, "dpid", dpid_json(dpid));
        json_object_set_new(h, "in_port", json_integer(in_port));
        if (i < n_hops) {
            struct topo_hop alts[MAX_ECMP];
            size_t n_alts, k;

            json_object_set_new(h, "out_port", json_integer(route[i].port));
            json_object_set_new(h, "peer_dpid",
                                dpid_json(route[i].peer_dpid));
            n_alts = topo_path_next_hops(paths, dpid, b->dpid, alts,
                                         MAX_ECMP);
            for (k = 0; k < n_alts && k < MAX_ECMP; k++) {
                json_array_append_new(ecmp, json_integer(alts[k].port));
            }
            if (topo_path_backup(paths, dpid, b->dpid, &backup)) {
                json_t *bk = json_object();

                json_object_set_new(bk, "port", json_integer(backup.port));
                json_object_set_new(bk, "peer_dpid",
                                    dpid_json(backup.peer_dpid));
                json_object_set_new(h, "backup", bk);
            } else {
                json_object_set_new(h, "backup", json_null());
            }
            in_port = route[i].peer_port;
        } else {
            json_object_set_new(h, "out_port", json_integer(b->port));
            json_object_set_new(h, "peer_dpid", json_null());
            json_object_set_new(h, "backup", json_null());
        }
        json_object_set_new(h, "ecmp", ecmp);
        json_array_append_new(hops, h);
    }
    free(route);
    json_object_set_new(o, "src", host_json(a, now));
    json_object_set_new(o, "dst", host_json(b, now));
    json_object_set_new(o, "distance", json_integer(
                            topo_path_distance(paths, a->dpid, b->dpid)));
    json_object_set_new(o, "hops", hops);
    return o;
}

json_t *
fabric_show_counters(const struct fabric_counters *c)
{
    const struct fabric_core_stats *s = &c->core;
    const struct topo_host_stats *hs = &c->hosts;
    const struct topo_lldp_stats *ls = &c->lldp;
    json_t *o = json_object();

#define PUT(NAME, VALUE) \
    json_object_set_new(o, NAME, json_integer((json_int_t) (VALUE)))
    PUT("n_switches", c->n_switches);
    PUT("n_synced", c->n_synced);
    PUT("n_unconfirmed", c->n_unconfirmed);
    PUT("n_resyncing", c->n_resyncing);
    PUT("n_links", c->n_links);
    PUT("n_dlinks", c->n_dlinks);
    PUT("n_hosts", c->n_hosts);
    PUT("change_seq", c->change_seq);
    PUT("host_seq", c->host_seq);
    PUT("switch_ups", s->switch_ups);
    PUT("switch_downs", s->switch_downs);
    PUT("port_status", s->port_status);
    PUT("stale_events", s->stale_events);
    PUT("packet_ins", s->packet_ins);
    PUT("lldp_rx", s->lldp_rx);
    PUT("host_frames", s->host_frames);
    PUT("non_edge_frames", s->non_edge_frames);
    PUT("bad_frames", s->bad_frames);
    PUT("unicast_outs", s->unicast_outs);
    PUT("flood_outs", s->flood_outs);
    PUT("probes_tx", s->probes_tx);
    PUT("recomputes", s->recomputes);
    PUT("last_recompute_us", s->last_recompute_us);
    PUT("compiles", s->compiles);
    PUT("compiles_skipped", s->compiles_skipped);
    PUT("delta_compiles", s->delta_compiles);
    PUT("flow_mods", s->flow_mods);
    PUT("group_mods", s->group_mods);
    PUT("transitions", s->transitions);
    PUT("msgs_tx", s->msgs_tx);
    PUT("readbacks", s->readbacks);
    PUT("readback_errors", s->readback_errors);
    PUT("encode_errors", s->encode_errors);
    PUT("host_polls", s->host_polls);
    PUT("host_refreshes", s->host_refreshes);
    PUT("poll_errors", s->poll_errors);
    PUT("sends_lost", s->sends_lost);
    PUT("resyncs", s->resyncs);
    PUT("diff_barriers", s->diff_barriers);
    PUT("diff_confirms", s->diff_confirms);
    PUT("lldp_tx_probes", ls->tx_probes);
    PUT("lldp_rx_links", ls->rx_links);
    PUT("lldp_rx_malformed", ls->rx_malformed);
    PUT("lldp_rx_foreign", ls->rx_foreign);
    PUT("lldp_rx_unknown", ls->rx_unknown);
    PUT("lldp_rx_bad_in_port", ls->rx_bad_in_port);
    PUT("lldp_links_expired", ls->links_expired);
    PUT("hosts_learned", hs->learned);
    PUT("host_moves", hs->moves);
    PUT("hosts_ignored", hs->ignored);
    PUT("hosts_evicted", hs->evicted);
    PUT("hosts_expired", hs->expired);
#undef PUT
    return o;
}
