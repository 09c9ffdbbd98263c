/* l2switch: see l2switch.h for the behaviour and the choice of match. */
#include "core/l2switch.h"

#include <inttypes.h>
#include <stddef.h>
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

/* One variable field of the flow-mod template: where its bytes lie. */
struct template_field {
    uint16_t ofs;
    uint8_t len;                /* 2 or 4 (ports, VLAN), 4, 6 (MACs). */
};

/* The learned-flow flow-mod pre-encoded by the codec, with the positions
 * of the fields that change from packet to packet found by encoding
 * variants and diffing them (so this module needs no knowledge of the wire
 * layout) and verified against the codec before use. Filling it in costs a
 * memcpy and a few stores instead of building and encoding a match. There
 * is one template for untagged and one for tagged packets, because a
 * version may encode the two differently beyond the VLAN field itself
 * (OpenFlow 1.0 wildcards the PCP only when a VID is matched). */
struct fm_template {
    bool ok;                    /* Verified: use it. */
    bool tagged;                /* Matches a VID (else "no tag"). */
    uint8_t bytes[256];
    size_t size;
    struct template_field in_port, vlan, eth_src, eth_dst, buffer_id;
    struct template_field out_port;
    uint16_t vlan_tag_bits;     /* Tagged: OR'ed into the VID. */
};

struct l2switch {
    struct l2switch_config cfg;
    enum ofp_version version;
    struct fm_template tmpl[2];     /* [0] untagged, [1] tagged. */
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
    cfg->initial_macs = 64;
    cfg->max_macs = 8192;
    cfg->mac_max_age_ms = 300000;
    cfg->miss_max_len = OFPCML_NO_BUFFER;
}

/* The variable parts of a learned flow. */
struct learned_flow {
    uint32_t in_port;
    uint16_t vlan_vid;          /* OFPVID_NONE or OFPVID_PRESENT | VID. */
    struct eth_addr eth_src;
    struct eth_addr eth_dst;
    uint32_t buffer_id;
    uint32_t out_port;
};

/* Encodes 'lf' as a flow-mod with the codec (the reference encoding). */
static enum ofperr
encode_learned_slow(const struct l2switch *sw, const struct learned_flow *lf,
                    uint32_t xid, struct buf *out)
{
    struct ofp_action output = ofp_action_output(lf->out_port, 0);
    struct ofp_flow_mod fm;

    ofp_flow_mod_init(&fm);
    fm.command = OFPFC_ADD;
    fm.cookie = L2SWITCH_COOKIE;
    fm.priority = sw->cfg.priority;
    fm.idle_timeout = sw->cfg.idle_timeout;
    fm.hard_timeout = sw->cfg.hard_timeout;
    fm.buffer_id = lf->buffer_id;
    ofp_match_set_in_port(&fm.match, lf->in_port);
    ofp_match_set_vlan_vid(&fm.match, lf->vlan_vid);
    ofp_match_set_eth_src(&fm.match, &lf->eth_src);
    ofp_match_set_eth_dst(&fm.match, &lf->eth_dst);
    ofp_instructions_set_apply(&fm.instructions, &output, 1);
    return ofp_flow_mod_encode(&fm, sw->version, xid, out);
}

/* Encodes 'lf' into 'b' (cleared first). Returns true on success. */
static bool
encode_variant(const struct l2switch *sw, const struct learned_flow *lf,
               struct buf *b)
{
    buf_clear(b);
    return !encode_learned_slow(sw, lf, 0, b) && b->size <= 256;
}

/* Finds the one contiguous byte range where 'a' and 'b' differ. */
static bool
diff_field(const struct buf *a, const struct buf *b, struct template_field *f)
{
    size_t i, first = SIZE_MAX, last = 0;

    if (a->size != b->size) {
        return false;
    }
    for (i = 0; i < a->size; i++) {
        if (a->data[i] != b->data[i]) {
            first = MIN(first, i);
            last = i;
        }
    }
    if (first == SIZE_MAX || last - first + 1 > 8) {
        return false;
    }
    f->ofs = (uint16_t) first;
    f->len = (uint8_t) (last - first + 1);
    return true;
}

static void
put_be(uint8_t *p, uint64_t value, size_t len)
{
    size_t i;

    for (i = len; i > 0; i--) {
        p[i - 1] = (uint8_t) value;
        value >>= 8;
    }
}

static uint64_t
get_be(const uint8_t *p, size_t len)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* True if port 'port' can be written into a 'len'-byte field unchanged:
 * 4 bytes always; 2 bytes (OpenFlow 1.0) only below the special ports,
 * which 1.0 numbers differently. */
static bool
port_fits(uint32_t port, size_t len)
{
    return len >= 4 || port < 0xff00;
}

/* Appends the flow-mod for 'lf' with 'xid' by patching the template.
 * The caller checked template_usable(). */
static void
template_put(const struct fm_template *t, const struct learned_flow *lf,
             uint32_t xid, struct buf *out)
{
    uint8_t *p = buf_put(out, t->bytes, t->size);
    be32 xid_be = htonl(xid);

    /* 'p' may be unaligned: messages follow each other in 'out'. */
    memcpy(p + offsetof(struct ofp_header, xid), &xid_be, sizeof xid_be);
    put_be(p + t->in_port.ofs, lf->in_port, t->in_port.len);
    if (t->tagged) {
        put_be(p + t->vlan.ofs, (lf->vlan_vid & 0xfff) | t->vlan_tag_bits,
               t->vlan.len);
    }
    memcpy(p + t->eth_src.ofs, lf->eth_src.ea, 6);
    memcpy(p + t->eth_dst.ofs, lf->eth_dst.ea, 6);
    put_be(p + t->buffer_id.ofs, lf->buffer_id, 4);
    put_be(p + t->out_port.ofs, lf->out_port, t->out_port.len);
}

static bool
template_usable(const struct fm_template *t, const struct learned_flow *lf)
{
    return t->ok && t->tagged == (lf->vlan_vid != OFPVID_NONE)
           && port_fits(lf->in_port, t->in_port.len)
           && port_fits(lf->out_port, t->out_port.len);
}

/* Builds and verifies 't' for tagged or untagged flows; leaves t->ok false
 * if the codec's output does not behave like fixed fields at fixed
 * places. */
static void
template_init(struct l2switch *sw, struct fm_template *t, bool tagged)
{
    static const struct eth_addr src0 = { { 0x02, 0x11, 0x22, 0x33, 0x44,
                                            0x55 } };
    static const struct eth_addr dst0 = { { 0x02, 0x66, 0x77, 0x88, 0x99,
                                            0xaa } };
    static const struct eth_addr src1 = { { 0xfd, 0xee, 0xdd, 0xcc, 0xbb,
                                            0xaa } };
    static const struct eth_addr dst1 = { { 0xfd, 0x99, 0x88, 0x77, 0x66,
                                            0x55 } };
    static bool warned[2];
    struct learned_flow base, v;
    struct buf b0, b1;
    unsigned int i;

    memset(t, 0, sizeof *t);
    t->tagged = tagged;
    buf_init(&b0, 256);
    buf_init(&b1, 256);
    /* Ports that differ in all four bytes where the version has 32-bit
     * ports, else in both bytes of a 16-bit one. */
    base = (struct learned_flow) {
        .in_port = 0x01020304,
        .vlan_vid = tagged ? OFPVID_PRESENT | 0x0ab : OFPVID_NONE,
        .eth_src = src0,
        .eth_dst = dst0, .buffer_id = 0x01020304, .out_port = 0x05060708,
    };
    if (!encode_variant(sw, &base, &b0)) {
        base.in_port = 0x0102;
        base.out_port = 0x0506;
        if (!encode_variant(sw, &base, &b0)) {
            goto out;
        }
    }
    memcpy(t->bytes, b0.data, b0.size);
    t->size = b0.size;

#define VARY(FIELD, MEMBER, VALUE)                                      \
    v = base;                                                           \
    v.MEMBER = VALUE;                                                   \
    if (!encode_variant(sw, &v, &b1) || !diff_field(&b0, &b1, &t->FIELD)) { \
        goto out;                                                       \
    }
    VARY(in_port, in_port, base.in_port > 0xffff ? 0x04030201 : 0x0201);
    VARY(out_port, out_port, base.out_port > 0xffff ? 0x08070605 : 0x0605);
    VARY(buffer_id, buffer_id, 0x04030201);
    VARY(eth_src, eth_src, src1);
    VARY(eth_dst, eth_dst, dst1);
    if (tagged) {
        /* VIDs 0x0ab and 0x354 differ in both bytes. */
        VARY(vlan, vlan_vid, OFPVID_PRESENT | 0x354);
        if (t->vlan.len != 2) {
            goto out;
        }
        t->vlan_tag_bits = (uint16_t) (get_be(b0.data + t->vlan.ofs, 2)
                                       ^ 0x0ab);
    }
#undef VARY
    if (t->buffer_id.len != 4 || t->eth_src.len != 6 || t->eth_dst.len != 6
        || t->in_port.len != t->out_port.len
        || (t->in_port.len != 2 && t->in_port.len != 4)) {
        goto out;
    }

    /* Verify against the codec with other values. */
    for (i = 0; i < 4; i++) {
        struct buf patched;

        v = (struct learned_flow) {
            .in_port = 1 + i * 7777,
            .vlan_vid = tagged ? OFPVID_PRESENT | (i * 1000 + 1)
                               : OFPVID_NONE,
            .eth_src = src1, .eth_dst = dst0,
            .buffer_id = i < 2 ? OFP_NO_BUFFER : i * 0x10203,
            .out_port = 2 + i * 3,
        };
        v.eth_src.ea[5] = (uint8_t) i;
        buf_init(&patched, 256);
        t->ok = true;
        template_put(t, &v, 0x80000000u + i, &patched);
        t->ok = false;
        buf_clear(&b1);
        if (encode_learned_slow(sw, &v, 0x80000000u + i, &b1)
            || patched.size != b1.size
            || memcmp(patched.data, b1.data, b1.size)) {
            buf_uninit(&patched);
            goto out;
        }
        buf_uninit(&patched);
        buf_clear(&b1);
    }
    t->ok = true;
out:
    if (!t->ok && !__atomic_exchange_n(&warned[tagged], true,
                                       __ATOMIC_RELAXED)) {
        LOG_WARN("switch %016"PRIx64": %s flow-mod template unusable for "
                 "OpenFlow 0x%02x: using the generic encoder for every such "
                 "flow", sw->cfg.dpid, tagged ? "tagged" : "untagged",
                 sw->version);
    }
    buf_uninit(&b0);
    buf_uninit(&b1);
}

struct l2switch *
l2switch_create(const struct l2switch_config *cfg, enum ofp_version version,
                struct l2switch_stats *stats)
{
    struct l2switch *sw = xzalloc(sizeof *sw);

    sw->cfg = *cfg;
    sw->version = version;
    sw->macs = l2mac_create(cfg->initial_macs, cfg->max_macs,
                            cfg->mac_max_age_ms);
    /* The learning switch's xids have the top bit set; core hands out
     * xids for tracked requests (ofswitch_next_xid()) from the low half, so
     * an error reply to one of our flow-mods is never mistaken for the
     * reply to a request. */
    sw->next_xid = 0x80000000u;
    sw->stats = stats ? stats : &sw->own_stats;
    template_init(sw, &sw->tmpl[0], false);
    template_init(sw, &sw->tmpl[1], true);
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
        LOG_ERR_RL(&rl, "switch %016"PRIx64": cannot encode flow-mod: %s",
                   sw->cfg.dpid, ofperr_get_name(error));
    }
    return error;
}

enum ofperr
l2switch_switch_up(struct l2switch *sw, struct buf *out)
{
    struct ofp_action to_controller;
    struct ofp_flow_mod fm;

    /* OpenFlow 1.0 switches send misses to the controller by default, but
     * not all of them, always (an OVS bridge may be set not to): say it
     * explicitly in both versions. */
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
        LOG_ERR_RL(&rl, "switch %016"PRIx64": cannot encode packet-out: %s",
                   sw->cfg.dpid, ofperr_get_name(error));
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

        LOG_DBG("switch %016"PRIx64": %02x:%02x:%02x:%02x:%02x:%02x vlan %u "
                "moved from port %u to %u", sw->cfg.dpid, key.eth_src.ea[0], key.eth_src.ea[1],
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
        struct learned_flow lf = {
            .in_port = pin->in_port,
            .vlan_vid = key.layers & NET_L_VLAN ? OFPVID_PRESENT | vlan
                                                : OFPVID_NONE,
            .eth_src = key.eth_src, .eth_dst = key.eth_dst,
            .buffer_id = pin->buffer_id, .out_port = out_port,
        };

        const struct fm_template *t = &sw->tmpl[lf.vlan_vid != OFPVID_NONE];

        if (template_usable(t, &lf)) {
            template_put(t, &lf, next_xid(sw), out);
        } else {
            error = encode_learned_slow(sw, &lf, next_xid(sw), out);
            if (error) {
                static struct log_ratelimit rl = LOG_RATELIMIT_INIT(6, 2);

                STAT_INC(sw, encode_errors);
                LOG_ERR_RL(&rl, "switch %016"PRIx64": cannot encode "
                           "flow-mod: %s", sw->cfg.dpid,
                           ofperr_get_name(error));
                return error;
            }
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
    LOG_DBG("switch %016"PRIx64": port %u down: forgot %zu MACs",
            sw->cfg.dpid, port, n);

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

bool
l2switch_uses_template(const struct l2switch *sw)
{
    return sw->tmpl[0].ok && sw->tmpl[1].ok;
}

const struct l2mac *
l2switch_get_macs(const struct l2switch *sw)
{
    return sw->macs;
}
