/* l2switch: see l2switch.h for the behaviour and the choice of match. */
#include "core/l2switch.h"

#include <stdlib.h>
#include <string.h>

#include "core/l2mac.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "net/net-packet.h"
#include "net/net-proto.h"
#include "ofp/ofp-actions.h"
#include "ofp/ofp-flow.h"
#include "ofp/ofp-match.h"
#include "ofp/ofp-packet.h"
#include "ofp/ofp-port.h"

LOG_MODULE(l2switch)

struct l2switch {
    struct l2switch_config cfg;
    enum ofp_version version;
    struct l2mac *macs;
    uint32_t next_xid;          /* See next_xid(). */
    struct l2switch_stats own_stats;
    struct l2switch_stats *stats;   /* &own_stats or shared. */
};

/* Bumps a counter with a relaxed atomic store: a plain add on x86, yet
 * other threads may read the counter without a data race. */
#define STAT_ADD(SW, FIELD, N)                                          \
    __atomic_store_n(&(SW)->stats->FIELD, (SW)->stats->FIELD + (N),     \
                     __ATOMIC_RELAXED)
#define STAT_INC(SW, FIELD) STAT_ADD(SW, FIELD, 1)

void
l2switch_config_init(struct l2switch_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->idle_timeout = 60;
    cfg->hard_timeout = 0;
    cfg->priority = L2SWITCH_PRIORITY;
    cfg->max_macs = 8192;
    cfg->mac_max_age_ms = 300000;
    cfg->miss_max_len = OFPCML_NO_BUFFER;
}

struct l2switch *
l2switch_create(const struct l2switch_config *cfg, enum ofp_version version,
                struct l2switch_stats *stats)
{
    struct l2switch *sw = xzalloc(sizeof *sw);

    sw->cfg = *cfg;
    sw->version = version;
    sw->macs = l2mac_create(cfg->max_macs, cfg->mac_max_age_ms);
    /* The learning switch's xids have the top bit set; core hands out
     * xids for tracked requests (ofswitch_next_xid()) from the low half, so
     * an error reply to one of our flow-mods is never mistaken for the
     * reply to a request. */
    sw->next_xid = 0x80000000u;
    sw->stats = stats ? stats : &sw->own_stats;
    return sw;
}

void
l2switch_destroy(struct l2switch *sw)
{
    if (sw) {
        l2mac_destroy(sw->macs);
        free(sw);
    }
}

static uint32_t
next_xid(struct l2switch *sw)
{
    uint32_t xid = sw->next_xid;

    sw->next_xid = 0x80000000u | (sw->next_xid + 1);
    return xid;
}

static enum ofperr
encode_flow_mod(struct l2switch *sw, const struct ofp_flow_mod *fm,
                struct buf *out)
{
    enum ofperr error = ofp_flow_mod_encode(fm, sw->version, next_xid(sw),
                                            out);
    if (error) {
        static struct log_ratelimit rl = LOG_RATELIMIT_INIT(6, 2);

        STAT_INC(sw, encode_errors);
        LOG_ERR_RL(&rl, "cannot encode flow-mod: %s", ofperr_get_name(error));
    }
    return error;
}

enum ofperr
l2switch_switch_up(struct l2switch *sw, struct buf *out)
{
    struct ofp_action to_controller;
    struct ofp_flow_mod fm;

    if (sw->version < OFP13_VERSION) {
        return 0;               /* 1.0 sends misses to the controller. */
    }
    to_controller = ofp_action_output(OFPP_CONTROLLER, sw->cfg.miss_max_len);
    ofp_flow_mod_init(&fm);
    fm.command = OFPFC_ADD;
    fm.priority = 0;
    fm.cookie = L2SWITCH_COOKIE;
    ofp_instructions_set_apply(&fm.instructions, &to_controller, 1);
    return encode_flow_mod(sw, &fm, out);
}

/* Appends a packet-out of 'pin''s packet (by buffer or with its data) with
 * output to 'port'. */
static enum ofperr
packet_out(struct l2switch *sw, const struct ofp_packet_in *pin,
           uint32_t port, struct buf *out)
{
    bool unbuffered = pin->buffer_id == OFP_NO_BUFFER;
    enum ofperr error;

    error = ofp_packet_out_encode_output(pin->buffer_id, pin->in_port, port,
                                         unbuffered ? pin->data : NULL,
                                         unbuffered ? pin->data_len : 0,
                                         sw->version, next_xid(sw), out);
    if (error) {
        static struct log_ratelimit rl = LOG_RATELIMIT_INIT(6, 2);

        STAT_INC(sw, encode_errors);
        LOG_ERR_RL(&rl, "cannot encode packet-out: %s",
                   ofperr_get_name(error));
    }
    return error;
}

/* Sets the VLAN match for 'vid' (0 = untagged) on 'm'. */
static void
match_vlan(struct ofp_match *m, const struct net_key *key)
{
    ofp_match_set_vlan_vid(m, key->layers & NET_L_VLAN
                              ? OFPVID_PRESENT | (key->vlan_tci
                                                  & NET_VLAN_VID_MASK)
                              : OFPVID_NONE);
}

/* Initializes a delete of the learning switch's flows. */
static void
delete_init(struct l2switch *sw, struct ofp_flow_mod *fm)
{
    ofp_flow_mod_init(fm);
    fm->command = OFPFC_DELETE;
    fm->table_id = OFPTT_ALL;
    if (sw->version >= OFP13_VERSION) {
        fm->cookie = L2SWITCH_COOKIE;
        fm->cookie_mask = UINT64_MAX;
    }
}

/* True for 01:80:c2:00:00:00..0f, which 802.1D bridges never relay. */
static bool
is_link_local(const struct eth_addr *ea)
{
    return ea->ea[0] == 0x01 && ea->ea[1] == 0x80 && ea->ea[2] == 0xc2
           && ea->ea[3] == 0x00 && ea->ea[4] == 0x00
           && (ea->ea[5] & 0xf0) == 0x00;
}

enum ofperr
l2switch_packet_in(struct l2switch *sw, const struct ofp_packet_in *pin,
                   int64_t now, struct buf *out)
{
    struct net_key key;
    uint32_t out_port, old_port;
    uint16_t vlan;
    enum ofperr error;

    STAT_INC(sw, packet_ins);
    if (net_packet_parse(pin->data, pin->data_len, &key)) {
        STAT_INC(sw, bad_packets);
        return 0;
    }
    if (key.eth_type == NET_ETH_TYPE_LLDP || is_link_local(&key.eth_dst)) {
        STAT_INC(sw, link_local);
        return 0;
    }
    if (net_eth_is_multicast(&key.eth_src)) {
        STAT_INC(sw, bad_sources);
        return 0;
    }
    vlan = key.layers & NET_L_VLAN ? key.vlan_tci & NET_VLAN_VID_MASK : 0;

    /* Learn the source. */
    if (l2mac_learn(sw->macs, &key.eth_src, vlan, pin->in_port, now,
                    &old_port) == L2MAC_MOVED) {
        struct ofp_flow_mod fm;

        LOG_DBG("%02x:%02x:%02x:%02x:%02x:%02x vlan %u moved from port %u "
                "to %u", key.eth_src.ea[0], key.eth_src.ea[1],
                key.eth_src.ea[2], key.eth_src.ea[3], key.eth_src.ea[4],
                key.eth_src.ea[5], vlan, old_port, pin->in_port);
        delete_init(sw, &fm);
        ofp_match_set_eth_dst(&fm.match, &key.eth_src);
        match_vlan(&fm.match, &key);
        error = encode_flow_mod(sw, &fm, out);
        if (error) {
            return error;
        }
        STAT_INC(sw, flows_deleted);
    }

    /* Forward. */
    if (net_eth_is_multicast(&key.eth_dst)
        || !l2mac_lookup(sw->macs, &key.eth_dst, vlan, now, &out_port)) {
        STAT_INC(sw, floods);
        return packet_out(sw, pin, OFPP_FLOOD, out);
    }
    if (out_port == pin->in_port) {
        STAT_INC(sw, same_port_drops);
        return 0;
    } else {
        struct ofp_action output = ofp_action_output(out_port, 0);
        struct ofp_flow_mod fm;

        ofp_flow_mod_init(&fm);
        fm.command = OFPFC_ADD;
        fm.cookie = L2SWITCH_COOKIE;
        fm.priority = sw->cfg.priority;
        fm.idle_timeout = sw->cfg.idle_timeout;
        fm.hard_timeout = sw->cfg.hard_timeout;
        fm.buffer_id = pin->buffer_id;
        ofp_match_set_in_port(&fm.match, pin->in_port);
        match_vlan(&fm.match, &key);
        ofp_match_set_eth_src(&fm.match, &key.eth_src);
        ofp_match_set_eth_dst(&fm.match, &key.eth_dst);
        ofp_instructions_set_apply(&fm.instructions, &output, 1);
        error = encode_flow_mod(sw, &fm, out);
        if (error) {
            return error;
        }
        STAT_INC(sw, flows_added);
        if (pin->buffer_id == OFP_NO_BUFFER) {
            STAT_INC(sw, unicasts);
            return packet_out(sw, pin, out_port, out);
        }
        return 0;
    }
}

enum ofperr
l2switch_port_status(struct l2switch *sw, const struct ofp_port_status *ps,
                     int64_t now, struct buf *out)
{
    uint32_t port = ps->desc.port_no;
    struct ofp_flow_mod fm;
    enum ofperr error;
    size_t n;

    (void) now;
    if (ps->reason != OFPPR_DELETE
        && !(ps->desc.state & OFPPS_LINK_DOWN)
        && !(ps->desc.config & OFPPC_PORT_DOWN)) {
        return 0;
    }
    if (port >= OFPP_MAX) {
        return 0;               /* LOCAL and friends: nothing learned. */
    }
    n = l2mac_flush_port(sw->macs, port);
    LOG_DBG("port %u down: forgot %zu MACs", port, n);

    /* Flows that send to the port... */
    delete_init(sw, &fm);
    fm.out_port = port;
    error = encode_flow_mod(sw, &fm, out);
    if (error) {
        return error;
    }
    /* ...and flows for traffic that entered on it. */
    delete_init(sw, &fm);
    ofp_match_set_in_port(&fm.match, port);
    error = encode_flow_mod(sw, &fm, out);
    if (error) {
        return error;
    }
    STAT_ADD(sw, flows_deleted, 2);
    return 0;
}

void
l2switch_run(struct l2switch *sw, int64_t now)
{
    l2mac_expire(sw->macs, now);
}

const struct l2switch_stats *
l2switch_get_stats(const struct l2switch *sw)
{
    return sw->stats;
}

const struct l2mac *
l2switch_get_macs(const struct l2switch *sw)
{
    return sw->macs;
}
