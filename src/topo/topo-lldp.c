/* topo-lldp: see topo-lldp.h. */
#include "topo/topo-lldp.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/util.h"
#include "net/net-lldp.h"
#include "net/net-proto.h"
#include "topo/topo-graph.h"

LOG_MODULE(topo_lldp);

#define CHASSIS_LEN 21          /* "dpid:" + 16 hex digits. */
#define TAG_LEN 21              /* "kumo:" + 16 hex digits. */

struct topo_lldp {
    struct topo_lldp_config cfg;
    uint64_t next_round;        /* When the next probe round is due. */
    bool started;
    struct topo_lldp_stats stats;
};

void
topo_lldp_probes_init(struct topo_lldp_probes *p)
{
    buf_init(&p->frames, 0);
    p->probes = NULL;
    p->n = p->allocated = 0;
}

void
topo_lldp_probes_clear(struct topo_lldp_probes *p)
{
    buf_clear(&p->frames);
    p->n = 0;
}

void
topo_lldp_probes_uninit(struct topo_lldp_probes *p)
{
    buf_uninit(&p->frames);
    free(p->probes);
    p->probes = NULL;
    p->n = p->allocated = 0;
}

const void *
topo_lldp_probe_frame(const struct topo_lldp_probes *p, size_t i)
{
    return buf_at(&p->frames, p->probes[i].ofs, p->probes[i].size);
}

struct topo_lldp *
topo_lldp_create(const struct topo_lldp_config *cfg)
{
    struct topo_lldp *l = xzalloc(sizeof *l);

    l->cfg = *cfg;
    if (!l->cfg.interval_ms) {
        l->cfg.interval_ms = 1000;
    }
    if (!l->cfg.miss_limit) {
        l->cfg.miss_limit = 3;
    }
    return l;
}

void
topo_lldp_destroy(struct topo_lldp *l)
{
    free(l);
}

/* A 64-bit mixing step (the splitmix64 finaliser). */
static uint64_t
mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* The keyed tag of a probe from (dpid, port). */
static uint64_t
probe_tag(const struct topo_lldp *l, uint64_t dpid, uint32_t port)
{
    return mix64(mix64(l->cfg.secret ^ dpid) ^ ((uint64_t) port << 7)
                 ^ l->cfg.secret);
}

static void
append_probe(struct topo_lldp *l, uint64_t dpid,
             const struct topo_port *port, struct topo_lldp_probes *out)
{
    char chassis[CHASSIS_LEN + 1], tag[TAG_LEN + 1];
    uint8_t port_id[4];
    struct net_lldp lldp;
    uint64_t ttl;
    size_t ofs = out->frames.size;

    snprintf(chassis, sizeof chassis, "dpid:%016" PRIx64, dpid);
    snprintf(tag, sizeof tag, "kumo:%016" PRIx64,
             probe_tag(l, dpid, port->port_no));
    port_id[0] = (uint8_t) (port->port_no >> 24);
    port_id[1] = (uint8_t) (port->port_no >> 16);
    port_id[2] = (uint8_t) (port->port_no >> 8);
    port_id[3] = (uint8_t) port->port_no;
    ttl = DIV_ROUND_UP(l->cfg.interval_ms * l->cfg.miss_limit, 1000);

    memset(&lldp, 0, sizeof lldp);
    lldp.chassis_subtype = NET_LLDP_CHASSIS_LOCAL;
    lldp.chassis_id = (const uint8_t *) chassis;
    lldp.chassis_id_len = CHASSIS_LEN;
    lldp.port_subtype = NET_LLDP_PORT_LOCAL;
    lldp.port_id = port_id;
    lldp.port_id_len = sizeof port_id;
    lldp.ttl = (uint16_t) MIN(ttl, UINT16_MAX);
    lldp.system_name = tag;
    lldp.system_name_len = TAG_LEN;
    lldp.has_dpid = true;
    lldp.dpid = dpid;
    net_lldp_build(&out->frames, &port->hw_addr, &lldp);

    if (out->n == out->allocated) {
        out->allocated = out->allocated * 2 + 16;
        out->probes = xrealloc(out->probes,
                               out->allocated * sizeof *out->probes);
    }
    out->probes[out->n++] = (struct topo_lldp_probe) {
        .dpid = dpid, .port = port->port_no,
        .ofs = ofs, .size = out->frames.size - ofs,
    };
    l->stats.tx_probes++;
}

size_t
topo_lldp_run(struct topo_lldp *l, struct topo_graph *g, uint64_t now,
              struct topo_lldp_probes *probes)
{
    uint64_t max_age = l->cfg.interval_ms * l->cfg.miss_limit;
    size_t n = 0, i, j;

    if (now > max_age) {
        size_t n_expired = topo_graph_links_expire(g, now - max_age);

        if (n_expired) {
            l->stats.links_expired += n_expired;
            LOG_INFO("%zu directed link(s) aged out", n_expired);
        }
    }
    if (l->started && now < l->next_round) {
        return 0;
    }
    l->started = true;
    l->next_round = now + l->cfg.interval_ms;
    for (i = 0; i < topo_graph_n_switches(g); i++) {
        const struct topo_switch *sw = topo_graph_switch_at(g, i);

        for (j = 0; j < sw->n_ports; j++) {
            const struct topo_port *port = &sw->ports[j];

            if (port->live && port->port_no < TOPO_GRAPH_PORT_MAX) {
                append_probe(l, sw->dpid, port, probes);
                n++;
            }
        }
    }
    return n;
}

uint64_t
topo_lldp_next_wake(const struct topo_lldp *l)
{
    return l->started ? l->next_round : 0;
}

bool
topo_lldp_probe_port(struct topo_lldp *l, const struct topo_graph *g,
                     uint64_t dpid, uint32_t port_no,
                     struct topo_lldp_probes *probes)
{
    const struct topo_port *port = topo_graph_port_find(g, dpid, port_no);

    if (!port || !port->live || port_no >= TOPO_GRAPH_PORT_MAX) {
        return false;
    }
    append_probe(l, dpid, port, probes);
    return true;
}

/* Parses 16 lower-case hex digits. */
static bool
parse_hex64(const char *s, uint64_t *value)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 16; i++) {
        int c = s[i];

        if (c >= '0' && c <= '9') {
            v = (v << 4) | (uint64_t) (c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v = (v << 4) | (uint64_t) (c - 'a' + 10);
        } else {
            return false;
        }
    }
    *value = v;
    return true;
}

enum topo_lldp_rx_result
topo_lldp_rx(struct topo_lldp *l, struct topo_graph *g, uint64_t dpid,
             uint32_t in_port, const void *frame, size_t size, uint64_t now,
             struct topo_lldp_link *link)
{
    const struct topo_port *src, *dst;
    uint64_t chassis_dpid, tag;
    struct net_lldp lldp;
    uint32_t src_port;

    if (net_lldp_parse(frame, size, &lldp)) {
        l->stats.rx_malformed++;
        return TOPO_LLDP_MALFORMED;
    }
    /* Every field of our format must agree, or it is not ours. */
    if (!lldp.has_dpid
        || lldp.chassis_subtype != NET_LLDP_CHASSIS_LOCAL
        || lldp.chassis_id_len != CHASSIS_LEN
        || memcmp(lldp.chassis_id, "dpid:", 5)
        || !parse_hex64((const char *) lldp.chassis_id + 5, &chassis_dpid)
        || chassis_dpid != lldp.dpid
        || lldp.port_subtype != NET_LLDP_PORT_LOCAL
        || lldp.port_id_len != 4
        || !lldp.system_name || lldp.system_name_len != TAG_LEN
        || memcmp(lldp.system_name, "kumo:", 5)
        || !parse_hex64(lldp.system_name + 5, &tag)) {
        l->stats.rx_foreign++;
        return TOPO_LLDP_FOREIGN;
    }
    src_port = ((uint32_t) lldp.port_id[0] << 24)
               | ((uint32_t) lldp.port_id[1] << 16)
               | ((uint32_t) lldp.port_id[2] << 8) | lldp.port_id[3];
    if (tag != probe_tag(l, lldp.dpid, src_port)) {
        l->stats.rx_foreign++;
        return TOPO_LLDP_FOREIGN;
    }
    src = topo_graph_port_find(g, lldp.dpid, src_port);
    if (!src || !src->live) {
        l->stats.rx_unknown++;
        return TOPO_LLDP_UNKNOWN_SOURCE;
    }
    dst = topo_graph_port_find(g, dpid, in_port);
    if (!dst || !dst->live || (dpid == lldp.dpid && in_port == src_port)) {
        l->stats.rx_bad_in_port++;
        return TOPO_LLDP_BAD_IN_PORT;
    }
    topo_graph_link_seen(g, lldp.dpid, src_port, dpid, in_port, now);
    l->stats.rx_links++;
    if (link) {
        *link = (struct topo_lldp_link) {
            .src_dpid = lldp.dpid, .src_port = src_port,
            .dst_dpid = dpid, .dst_port = in_port, .seen = now,
        };
    }
    return TOPO_LLDP_LINK;
}

const struct topo_lldp_stats *
topo_lldp_get_stats(const struct topo_lldp *l)
{
    return &l->stats;
}
