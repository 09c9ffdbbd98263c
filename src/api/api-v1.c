/* api-v1: see api-v1.h.
 *
 * The four object types share one set of handlers driven by a 'struct
 * kind' (conversions to and from JSON, and adapters over the store's
 * functions), so that paging, filters, error mapping and the create /
 * update / delete rules are written once. */
#include "api/api-v1.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctl-proto.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vnet/vnet.h"

LOG_MODULE(api_v1)

/* Every object starts with its uuid (the generic handlers rely on it). */
static_assert(offsetof(struct vnet_tenant, uuid) == 0, "uuid first");
static_assert(offsetof(struct vnet_network, uuid) == 0, "uuid first");
static_assert(offsetof(struct vnet_port, uuid) == 0, "uuid first");
static_assert(offsetof(struct vnet_chassis, uuid) == 0, "uuid first");

void
api_v1_store_error(struct api_response *resp, const struct vnet_error *err)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 10);
    int status = err->status;

    if (status < 400 || status > 599) {
        status = 500;
    }
    if (status >= 500) {
        LOG_ERR_RL(&rl, "store error: %s", err->message);
    }
    api_error(resp, status, err->field[0] ? err->field : NULL, "%s",
              err->message[0] ? err->message : "store error");
}

bool
api_v1_have_store(const struct api_ctx *ctx, struct api_response *resp)
{
    if (!ctx->db) {
        api_error(resp, 503, NULL, "the tenant store is not open");
        return false;
    }
    return true;
}

/* ---- JSON field helpers ---- */

/* Reads text member 'key' of 'obj' into 'dst' ('size' bytes, NUL
 * included): absent leaves 'dst' alone; null or "" clears it if
 * 'optional' (else 400); a non-string, too long or control characters are
 * 400 naming 'field' (the full name, e.g. "binding.iface_id"). */
static bool
get_text(const json_t *obj, const char *key, const char *field,
         bool optional, char *dst, size_t size, struct api_response *resp)
{
    const json_t *v = json_object_get(obj, key);
    const char *s;
    size_t i, len;

    if (!v) {
        return true;
    }
    if (json_is_null(v)) {
        if (!optional) {
            api_error(resp, 400, field, "field \"%s\" must not be null",
                      field);
            return false;
        }
        dst[0] = '\0';
        return true;
    }
    if (!json_is_string(v)) {
        api_error(resp, 400, field, "field \"%s\" must be a string", field);
        return false;
    }
    s = json_string_value(v);
    len = json_string_length(v);
    if (!len && !optional) {
        api_error(resp, 400, field, "field \"%s\" must not be empty", field);
        return false;
    }
    if (len >= size) {
        api_error(resp, 400, field, "field \"%s\" is longer than %zu bytes",
                  field, size - 1);
        return false;
    }
    for (i = 0; i < len; i++) {
        if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f) {
            api_error(resp, 400, field, "field \"%s\" contains a control "
                      "character", field);
            return false;
        }
    }
    memcpy(dst, s, len + 1);
    return true;
}

/* Reads an integer member into '*out' if present and not null ('*set'
 * tells; 'set' may be NULL).  Null sets '*nulled' if nonnull, else is 400. */
static bool
get_uint(const json_t *obj, const char *key, const char *field,
         unsigned long long min, unsigned long long max,
         unsigned long long *out, bool *set, bool *nulled,
         struct api_response *resp)
{
    const json_t *v = json_object_get(obj, key);
    json_int_t i;

    if (set) {
        *set = false;
    }
    if (!v) {
        return true;
    }
    if (json_is_null(v)) {
        if (!nulled) {
            api_error(resp, 400, field, "field \"%s\" must not be null",
                      field);
            return false;
        }
        *nulled = true;
        return true;
    }
    if (!json_is_integer(v)) {
        api_error(resp, 400, field, "field \"%s\" must be an integer",
                  field);
        return false;
    }
    i = json_integer_value(v);
    if (i < 0 || (unsigned long long) i < min
        || (unsigned long long) i > max) {
        api_error(resp, 400, field, "field \"%s\" must be from %llu to %llu, "
                  "got %lld", field, min, max, (long long) i);
        return false;
    }
    *out = (unsigned long long) i;
    if (set) {
        *set = true;
    }
    return true;
}

/* On update, a "uuid" in the body must name the object in the path. */
static bool
check_body_uuid(const json_t *obj, const char *uuid,
                struct api_response *resp)
{
    const json_t *v = json_object_get(obj, "uuid");
    char a[VNET_UUID_SIZE], b[VNET_UUID_SIZE];

    if (!v) {
        return true;
    }
    if (!json_is_string(v) || !vnet_uuid_normalize(json_string_value(v), a)
        || !vnet_uuid_normalize(uuid, b) || strcmp(a, b)) {
        api_error(resp, 400, "uuid", "field \"uuid\" does not match the "
                  "object in the path (%s)", uuid);
        return false;
    }
    return true;
}

/* An immutable reference (tenant_uuid of a network, network_uuid of a
 * port): on update it may be absent or repeat the current value. */
static bool
check_immutable(const json_t *obj, const char *key, const char *current,
                struct api_response *resp)
{
    const json_t *v = json_object_get(obj, key);
    char norm[VNET_UUID_SIZE];

    if (!v) {
        return true;
    }
    if (!json_is_string(v) || !vnet_uuid_normalize(json_string_value(v), norm)
        || strcmp(norm, current)) {
        api_error(resp, 400, key, "field \"%s\" cannot be changed", key);
        return false;
    }
    return true;
}

static json_t *
text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

/* ---- Tenants ---- */

static const char *const tenant_fields[] = {
    "uuid", "name", "description", NULL,
};

static bool
tenant_from_json(const json_t *obj, void *t_, bool create,
                 struct api_response *resp)
{
    struct vnet_tenant *t = t_;

    return ((!create || get_text(obj, "uuid", "uuid", true, t->uuid,
                                 sizeof t->uuid, resp))
            && get_text(obj, "name", "name", false, t->name, sizeof t->name,
                        resp)
            && get_text(obj, "description", "description", true,
                        t->description, sizeof t->description, resp));
}

static json_t *
tenant_to_json(const void *t_)
{
    const struct vnet_tenant *t = t_;

    return json_pack("{s:s, s:s, s:s}", "uuid", t->uuid, "name", t->name,
                     "description", t->description);
}

static int
tenant_create(struct vnet_db *db, const void *in, void *out,
              struct vnet_error *err)
{
    return vnet_db_tenant_create(db, in, out, err);
}

static int
tenant_get(struct vnet_db *db, const char *uuid, void *out,
           struct vnet_error *err)
{
    return vnet_db_tenant_get(db, uuid, out, err);
}

static int
tenant_update(struct vnet_db *db, const void *in, void *out,
              struct vnet_error *err)
{
    return vnet_db_tenant_update(db, in, out, err);
}

static int
tenant_delete(struct vnet_db *db, const char *uuid, bool cascade,
              struct vnet_error *err)
{
    return vnet_db_tenant_delete(db, uuid, cascade, err);
}

static int
tenant_list(struct vnet_db *db, const char *filter, size_t offset,
            size_t limit, void **objs, size_t *n, size_t *total,
            struct vnet_error *err)
{
    struct vnet_tenant *t = NULL;
    int error;

    (void) filter;
    error = vnet_db_tenant_list(db, offset, limit, &t, n, total, err);
    *objs = t;
    return error;
}

/* ---- Networks ---- */

static const char *const network_fields[] = {
    "uuid", "tenant_uuid", "name", "net_id", "vni", "description", NULL,
};

static bool
network_from_json(const json_t *obj, void *n_, bool create,
                  struct api_response *resp)
{
    struct vnet_network *n = n_;
    unsigned long long v;
    bool set, nulled = false;

    if (create) {
        if (!get_text(obj, "uuid", "uuid", true, n->uuid, sizeof n->uuid,
                      resp)
            || !get_text(obj, "tenant_uuid", "tenant_uuid", false,
                         n->tenant_uuid, sizeof n->tenant_uuid, resp)) {
            return false;
        }
        if (!n->tenant_uuid[0]) {
            api_error(resp, 400, "tenant_uuid", "field \"tenant_uuid\" is "
                      "required");
            return false;
        }
    } else if (!check_immutable(obj, "tenant_uuid", n->tenant_uuid, resp)) {
        return false;
    }
    if (!get_text(obj, "name", "name", false, n->name, sizeof n->name, resp)
        || !get_text(obj, "description", "description", true,
                     n->description, sizeof n->description, resp)) {
        return false;
    }
    if (!get_uint(obj, "net_id", "net_id", 0, VNET_NETWORK_ID_MAX, &v, &set,
                  &nulled, resp)) {
        return false;
    }
    if (set) {
        n->net_id = (uint32_t) v;
    } else if (nulled) {
        n->net_id = 0;
    }
    nulled = false;
    if (!get_uint(obj, "vni", "vni", 1, VNET_VNI_MAX, &v, &set, &nulled,
                  resp)) {
        return false;
    }
    if (set) {
        n->has_vni = true;
        n->vni = (uint32_t) v;
    } else if (nulled) {
        n->has_vni = false;
        n->vni = 0;
    }
    return true;
}

static json_t *
network_to_json(const void *n_)
{
    const struct vnet_network *n = n_;

    return json_pack("{s:s, s:s, s:s, s:I, s:o, s:s}", "uuid", n->uuid,
                     "tenant_uuid", n->tenant_uuid, "name", n->name,
                     "net_id", (json_int_t) n->net_id,
                     "vni", n->has_vni ? json_integer(n->vni) : json_null(),
                     "description", n->description);
}

static int
network_create(struct vnet_db *db, const void *in, void *out,
               struct vnet_error *err)
{
    return vnet_db_network_create(db, in, out, err);
}

static int
network_get(struct vnet_db *db, const char *uuid, void *out,
            struct vnet_error *err)
{
    return vnet_db_network_get(db, uuid, out, err);
}

static int
network_update(struct vnet_db *db, const void *in, void *out,
               struct vnet_error *err)
{
    return vnet_db_network_update(db, in, out, err);
}

static int
network_delete(struct vnet_db *db, const char *uuid, bool cascade,
               struct vnet_error *err)
{
    return vnet_db_network_delete(db, uuid, cascade, err);
}

static int
network_list(struct vnet_db *db, const char *filter, size_t offset,
             size_t limit, void **objs, size_t *n, size_t *total,
             struct vnet_error *err)
{
    struct vnet_network *v = NULL;
    int error;

    error = vnet_db_network_list(db, filter, offset, limit, &v, n, total,
                                 err);
    *objs = v;
    return error;
}

/* ---- Ports ---- */

static const char *const port_fields[] = {
    "uuid", "network_uuid", "name", "mac", "ips", "binding",
    "attachment_type", "attachment_ip",
    "tenant_uuid", "vlan_id",           /* Output only: ignored. */
    NULL,
};

static const char *const binding_fields[] = {
    "kind", "dpid", "port_no", "vlan", "mac", "iface_id", NULL,
};

static bool
binding_from_json(const json_t *v, struct vnet_binding *b,
                  struct api_response *resp)
{
    const json_t *kind = json_object_get(v, "kind");
    const json_t *dpid = json_object_get(v, "dpid");
    unsigned long long u;
    const char *key;
    json_t *member;
    bool set;

    memset(b, 0, sizeof *b);
    if (json_is_null(v)) {
        return true;
    }
    if (!json_is_object(v)) {
        api_error(resp, 400, "binding", "field \"binding\" must be an "
                  "object or null");
        return false;
    }
    json_object_foreach ((json_t *) v, key, member) {
        size_t i;
        bool ok = false;

        (void) member;
        for (i = 0; binding_fields[i]; i++) {
            ok |= !strcmp(key, binding_fields[i]);
        }
        if (!ok) {
            char field[80];
            snprintf(field, sizeof field, "binding.%s", key);
            api_error(resp, 400, field, "unknown field \"%s\"", field);
            return false;
        }
    }
    if (!json_is_string(kind)
        || !vnet_binding_kind_from_string(json_string_value(kind),
                                          &b->kind)) {
        api_error(resp, 400, "binding.kind", "field \"binding.kind\" must be "
                  "one of \"none\", \"switch-port\", \"port-vlan\", \"mac\", "
                  "\"iface-id\"");
        return false;
    }
    if (dpid) {
        json_int_t i = json_integer_value(dpid);
        if (json_is_integer(dpid) && i >= 0) {
            b->dpid = (uint64_t) i;
        } else if (!json_is_string(dpid)
                   || !ctl_proto_parse_dpid(json_string_value(dpid),
                                            &b->dpid)) {
            api_error(resp, 400, "binding.dpid", "field \"binding.dpid\" "
                      "must be a datapath id (a string such as "
                      "\"0x1\" or \"00:00:00:00:00:00:00:01\", or an "
                      "integer)");
            return false;
        }
    }
    if (!get_uint(v, "port_no", "binding.port_no", 0, UINT32_MAX, &u, &set,
                  NULL, resp)) {
        return false;
    }
    if (set) {
        b->port_no = (uint32_t) u;
    }
    if (!get_uint(v, "vlan", "binding.vlan", 0, UINT16_MAX, &u, &set, NULL,
                  resp)) {
        return false;
    }
    if (set) {
        b->vlan = (uint16_t) u;
    }
    if (json_object_get(v, "mac")) {
        const json_t *m = json_object_get(v, "mac");
        if (!json_is_string(m)
            || !vnet_mac_parse(json_string_value(m), &b->mac)) {
            api_error(resp, 400, "binding.mac", "field \"binding.mac\" must "
                      "be a MAC address such as \"02:00:00:00:00:01\"");
            return false;
        }
    }
    return get_text(v, "iface_id", "binding.iface_id", false, b->iface_id,
                    sizeof b->iface_id, resp);
}

static json_t *
binding_to_json(const struct vnet_binding *b)
{
    json_t *o = json_pack("{s:s}", "kind",
                          vnet_binding_kind_to_string(b->kind));
    char text[18];

    switch (b->kind) {
    case VNET_BIND_NONE:
        break;
    case VNET_BIND_PORT_VLAN:
        json_object_set_new(o, "vlan", json_integer(b->vlan));
        /* Fall through. */
    case VNET_BIND_SWITCH_PORT:
        ctl_proto_format_dpid(b->dpid, text);
        json_object_set_new(o, "dpid", json_string(text));
        json_object_set_new(o, "port_no", json_integer(b->port_no));
        break;
    case VNET_BIND_MAC:
        vnet_mac_format(&b->mac, text);
        json_object_set_new(o, "mac", json_string(text));
        break;
    case VNET_BIND_IFACE_ID:
        json_object_set_new(o, "iface_id", json_string(b->iface_id));
        break;
    }
    return o;
}

static bool
port_from_json(const json_t *obj, void *p_, bool create,
               struct api_response *resp)
{
    struct vnet_port *p = p_;
    const json_t *v;

    if (create) {
        if (!get_text(obj, "uuid", "uuid", true, p->uuid, sizeof p->uuid,
                      resp)
            || !get_text(obj, "network_uuid", "network_uuid", false,
                         p->network_uuid, sizeof p->network_uuid, resp)) {
            return false;
        }
        if (!p->network_uuid[0]) {
            api_error(resp, 400, "network_uuid", "field \"network_uuid\" is "
                      "required");
            return false;
        }
    } else if (!check_immutable(obj, "network_uuid", p->network_uuid,
                                resp)) {
        return false;
    }
    if (!get_text(obj, "name", "name", true, p->name, sizeof p->name,
                  resp)) {
        return false;
    }
    v = json_object_get(obj, "mac");
    if (json_is_null(v)) {
        p->has_mac = false;
        memset(&p->mac, 0, sizeof p->mac);
    } else if (v) {
        if (!json_is_string(v) || !vnet_mac_parse(json_string_value(v),
                                                  &p->mac)) {
            api_error(resp, 400, "mac", "field \"mac\" must be a MAC address "
                      "such as \"02:00:00:00:00:01\", or null");
            return false;
        }
        p->has_mac = true;
    }
    v = json_object_get(obj, "ips");
    if (json_is_null(v)) {
        p->n_ips = 0;
    } else if (v) {
        const json_t *ip;
        size_t i;

        if (!json_is_array(v) || json_array_size(v) > VNET_PORT_MAX_IPS) {
            api_error(resp, 400, "ips", "field \"ips\" must be an array of "
                      "at most %d IP addresses", VNET_PORT_MAX_IPS);
            return false;
        }
        json_array_foreach ((json_t *) v, i, ip) {
            if (!json_is_string(ip)
                || !vnet_ip_normalize(json_string_value(ip), p->ips[i])) {
                api_error(resp, 400, "ips", "field \"ips\": element %zu is "
                          "not an IPv4 or IPv6 address", i);
                return false;
            }
        }
        p->n_ips = json_array_size(v);
    }
    v = json_object_get(obj, "binding");
    if (v && !binding_from_json(v, &p->binding, resp)) {
        return false;
    }
    v = json_object_get(obj, "attachment_type");
    if (v && (!json_is_string(v)
              || !vnet_attach_type_from_string(json_string_value(v),
                                               &p->attachment_type))) {
        api_error(resp, 400, "attachment_type", "field \"attachment_type\" "
                  "must be \"NoAttachment\" or \"VifAttachment\"");
        return false;
    }
    if (!get_text(obj, "attachment_ip", "attachment_ip", true,
                  p->attachment_ip, sizeof p->attachment_ip, resp)) {
        return false;
    }
    if (p->attachment_type == VNET_ATTACH_NONE) {
        p->attachment_ip[0] = '\0';
    }
    return true;
}

static json_t *
port_to_json(const void *p_)
{
    const struct vnet_port *p = p_;
    json_t *ips = json_array();
    char mac[18];
    size_t i;

    for (i = 0; i < p->n_ips; i++) {
        json_array_append_new(ips, json_string(p->ips[i]));
    }
    vnet_mac_format(&p->mac, mac);
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o}",
                     "uuid", p->uuid, "network_uuid", p->network_uuid,
                     "tenant_uuid", p->tenant_uuid, "name", p->name,
                     "mac", p->has_mac ? json_string(mac) : json_null(),
                     "ips", ips, "binding", binding_to_json(&p->binding),
                     "attachment_type",
                     vnet_attach_type_to_string(p->attachment_type),
                     "attachment_ip", text_or_null(p->attachment_ip),
                     "vlan_id", p->vlan_id ? json_integer(p->vlan_id)
                                           : json_null());
}

static int
port_create(struct vnet_db *db, const void *in, void *out,
            struct vnet_error *err)
{
    return vnet_db_port_create(db, in, out, err);
}

static int
port_get(struct vnet_db *db, const char *uuid, void *out,
         struct vnet_error *err)
{
    return vnet_db_port_get(db, uuid, out, err);
}

static int
port_update(struct vnet_db *db, const void *in, void *out,
            struct vnet_error *err)
{
    return vnet_db_port_update(db, in, out, err);
}

static int
port_delete(struct vnet_db *db, const char *uuid, bool cascade,
            struct vnet_error *err)
{
    (void) cascade;
    return vnet_db_port_delete(db, uuid, err);
}

static int
port_list(struct vnet_db *db, const char *filter, size_t offset,
          size_t limit, void **objs, size_t *n, size_t *total,
          struct vnet_error *err)
{
    struct vnet_port *v = NULL;
    int error;

    error = vnet_db_port_list(db, filter, offset, limit, &v, n, total, err);
    *objs = v;
    return error;
}

/* ---- Chassis ---- */

/* "state" is output only (the chassis manager's live view): accepted and
 * ignored on input, so a GET body can be PUT back. */
static const char *const chassis_fields[] = {
    "uuid", "name", "ovsdb_addr", "tunnel_ip", "encaps", "datapath_type",
    "state", NULL,
};

static bool
chassis_from_json(const json_t *obj, void *c_, bool create,
                  struct api_response *resp)
{
    struct vnet_chassis *c = c_;
    const json_t *v;

    if (!(!create || get_text(obj, "uuid", "uuid", true, c->uuid,
                              sizeof c->uuid, resp))
        || !get_text(obj, "name", "name", false, c->name, sizeof c->name,
                     resp)
        || !get_text(obj, "ovsdb_addr", "ovsdb_addr", false, c->ovsdb_addr,
                     sizeof c->ovsdb_addr, resp)
        || !get_text(obj, "tunnel_ip", "tunnel_ip", false, c->tunnel_ip,
                     sizeof c->tunnel_ip, resp)
        || !get_text(obj, "datapath_type", "datapath_type", true,
                     c->datapath_type, sizeof c->datapath_type, resp)) {
        return false;
    }
    v = json_object_get(obj, "encaps");
    if (v) {
        const json_t *e;
        size_t i;

        if (!json_is_array(v)) {
            api_error(resp, 400, "encaps", "field \"encaps\" must be an "
                      "array of \"vxlan\", \"geneve\", \"gre\"");
            return false;
        }
        c->encaps = 0;
        json_array_foreach ((json_t *) v, i, e) {
            enum vnet_encap encap;

            if (!json_is_string(e)
                || !vnet_encap_from_string(json_string_value(e), &encap)) {
                api_error(resp, 400, "encaps", "field \"encaps\": element "
                          "%zu is not one of \"vxlan\", \"geneve\", "
                          "\"gre\"", i);
                return false;
            }
            c->encaps |= encap;
        }
    }
    return true;
}

static json_t *
chassis_to_json(const void *c_)
{
    const struct vnet_chassis *c = c_;
    static const enum vnet_encap all[] = {
        VNET_ENCAP_VXLAN, VNET_ENCAP_GENEVE, VNET_ENCAP_GRE,
    };
    json_t *encaps = json_array();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(all); i++) {
        if (c->encaps & all[i]) {
            json_array_append_new(encaps,
                                  json_string(vnet_encap_to_string(all[i])));
        }
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "uuid", c->uuid,
                     "name", c->name, "ovsdb_addr", c->ovsdb_addr,
                     "tunnel_ip", c->tunnel_ip, "encaps", encaps,
                     "datapath_type", c->datapath_type);
}

static int
chassis_create(struct vnet_db *db, const void *in, void *out,
               struct vnet_error *err)
{
    return vnet_db_chassis_create(db, in, out, err);
}

static int
chassis_get(struct vnet_db *db, const char *uuid, void *out,
            struct vnet_error *err)
{
    return vnet_db_chassis_get(db, uuid, out, err);
}

static int
chassis_update(struct vnet_db *db, const void *in, void *out,
               struct vnet_error *err)
{
    return vnet_db_chassis_update(db, in, out, err);
}

static int
chassis_delete(struct vnet_db *db, const char *uuid, bool cascade,
               struct vnet_error *err)
{
    (void) cascade;
    return vnet_db_chassis_delete(db, uuid, err);
}

static int
chassis_list(struct vnet_db *db, const char *filter, size_t offset,
             size_t limit, void **objs, size_t *n, size_t *total,
             struct vnet_error *err)
{
    struct vnet_chassis *v = NULL;
    int error;

    (void) filter;
    error = vnet_db_chassis_list(db, offset, limit, &v, n, total, err);
    *objs = v;
    return error;
}

/* The chassis manager's live states (uuid -> state object), or NULL when
 * kumod has none.  Caller decrefs. */
static json_t *
chassis_states_take(const struct api_ctx *ctx)
{
    return ctx->chassis_states ? ctx->chassis_states(ctx->chassis_aux) : NULL;
}

/* Adds "state" to chassis object 'obj': its entry in 'states' (borrowed)
 * or null (no manager, or the manager has not seen the chassis yet). */
static void
chassis_add_state(json_t *obj, const json_t *states)
{
    const char *uuid = json_string_value(json_object_get(obj, "uuid"));
    json_t *st = uuid && states ? json_object_get(states, uuid) : NULL;

    json_object_set_new(obj, "state", st ? json_incref(st) : json_null());
}

/* ---- Generic handlers ---- */

struct kind {
    const char *name;                   /* "tenant". */
    size_t size;                        /* Of the model struct. */
    const char *const *fields;          /* Accepted JSON members. */
    const char *filter;                 /* List filter argument, or NULL. */
    bool has_cascade;                   /* DELETE takes ?cascade=. */
    bool (*from_json)(const json_t *, void *obj, bool create,
                      struct api_response *);
    json_t *(*to_json)(const void *obj);
    int (*create)(struct vnet_db *, const void *in, void *out,
                  struct vnet_error *);
    int (*get)(struct vnet_db *, const char *uuid, void *out,
               struct vnet_error *);
    int (*update)(struct vnet_db *, const void *in, void *out,
                  struct vnet_error *);
    int (*delete)(struct vnet_db *, const char *uuid, bool cascade,
                  struct vnet_error *);
    int (*list)(struct vnet_db *, const char *filter, size_t offset,
                size_t limit, void **objs, size_t *n, size_t *total,
                struct vnet_error *);
};

static const struct kind tenant_kind = {
    "tenant", sizeof(struct vnet_tenant), tenant_fields, NULL, true,
    tenant_from_json, tenant_to_json, tenant_create, tenant_get,
    tenant_update, tenant_delete, tenant_list,
};

static const struct kind network_kind = {
    "network", sizeof(struct vnet_network), network_fields, "tenant_uuid",
    true, network_from_json, network_to_json, network_create, network_get,
    network_update, network_delete, network_list,
};

static const struct kind port_kind = {
    "port", sizeof(struct vnet_port), port_fields, "network_uuid", false,
    port_from_json, port_to_json, port_create, port_get, port_update,
    port_delete, port_list,
};

static const struct kind chassis_kind = {
    "chassis", sizeof(struct vnet_chassis), chassis_fields, NULL, false,
    chassis_from_json, chassis_to_json, chassis_create, chassis_get,
    chassis_update, chassis_delete, chassis_list,
};

static void
do_list(const struct kind *k, const struct api_ctx *ctx,
        const struct api_request *req, struct api_response *resp)
{
    const char *allowed[] = { "offset", "limit", k->filter, NULL };
    struct vnet_error err;
    struct api_page page;
    size_t n = 0, total = 0, i;
    const char *filter;
    json_t *items, *states;
    void *objs = NULL;

    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, allowed, resp)
        || !api_page_parse(req, &page, resp)) {
        return;
    }
    filter = k->filter ? api_query_get(req, k->filter) : NULL;
    memset(&err, 0, sizeof err);
    if (k->list(ctx->db, filter, page.offset, page.limit, &objs, &n, &total,
                &err)) {
        api_v1_store_error(resp, &err);
        return;
    }
    items = json_array();
    states = k == &chassis_kind ? chassis_states_take(ctx) : NULL;
    for (i = 0; i < n; i++) {
        json_t *o = k->to_json((char *) objs + i * k->size);

        if (k == &chassis_kind) {
            chassis_add_state(o, states);
        }
        json_array_append_new(items, o);
    }
    json_decref(states);
    free(objs);
    api_reply(resp, 200, api_page_result(items, total, &page));
}

/* k->to_json(obj), with the live "state" for a chassis. */
static json_t *
kind_to_json(const struct kind *k, const struct api_ctx *ctx,
             const void *obj)
{
    json_t *j = k->to_json(obj);

    if (k == &chassis_kind) {
        json_t *states = chassis_states_take(ctx);

        chassis_add_state(j, states);
        json_decref(states);
    }
    return j;
}

static void
do_create(const struct kind *k, const struct api_ctx *ctx,
          const struct api_request *req, struct api_response *resp)
{
    static const char *const none[] = { NULL };
    struct vnet_error err;
    void *in, *out;
    json_t *obj;

    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, none, resp)
        || !(obj = api_body_object(req, resp))) {
        return;
    }
    in = xzalloc(k->size);
    out = xzalloc(k->size);
    memset(&err, 0, sizeof err);
    if (api_json_check_keys(obj, k->fields, resp)
        && k->from_json(obj, in, true, resp)) {
        if (k->create(ctx->db, in, out, &err)) {
            api_v1_store_error(resp, &err);
        } else {
            LOG_DBG("created %s %s", k->name, (const char *) out);
            api_reply(resp, 201, kind_to_json(k, ctx, out));
        }
    }
    json_decref(obj);
    free(in);
    free(out);
}

static void
do_get(const struct kind *k, const struct api_ctx *ctx,
       const struct api_request *req, const char *uuid,
       struct api_response *resp)
{
    static const char *const none[] = { NULL };
    struct vnet_error err;
    void *obj;

    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, none, resp)) {
        return;
    }
    obj = xzalloc(k->size);
    memset(&err, 0, sizeof err);
    if (k->get(ctx->db, uuid, obj, &err)) {
        api_v1_store_error(resp, &err);
    } else {
        api_reply(resp, 200, kind_to_json(k, ctx, obj));
    }
    free(obj);
}

static void
do_update(const struct kind *k, const struct api_ctx *ctx,
          const struct api_request *req, const char *uuid,
          struct api_response *resp)
{
    static const char *const none[] = { NULL };
    struct vnet_error err;
    void *cur, *out;
    json_t *obj;

    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, none, resp)
        || !(obj = api_body_object(req, resp))) {
        return;
    }
    cur = xzalloc(k->size);
    out = xzalloc(k->size);
    memset(&err, 0, sizeof err);
    /* Read, merge the fields of the body, write back: under the store's
     * update lock, so that a concurrent PUT (or SSP attachment) of the
     * same object is never overwritten with what we read before it. A
     * body or value the merge or the store refuses writes nothing. */
    vnet_db_update_lock(ctx->db);
    if (!api_json_check_keys(obj, k->fields, resp)
        || !check_body_uuid(obj, uuid, resp)) {
        /* 'resp' is filled. */
    } else if (k->get(ctx->db, uuid, cur, &err)) {
        api_v1_store_error(resp, &err);
    } else if (k->from_json(obj, cur, false, resp)) {
        if (k->update(ctx->db, cur, out, &err)) {
            api_v1_store_error(resp, &err);
        } else {
            api_reply(resp, 200, kind_to_json(k, ctx, out));
        }
    }
    vnet_db_update_unlock(ctx->db);
    json_decref(obj);
    free(cur);
    free(out);
}

static void
do_delete(const struct kind *k, const struct api_ctx *ctx,
          const struct api_request *req, const char *uuid,
          struct api_response *resp)
{
    const char *allowed[] = { k->has_cascade ? "cascade" : NULL, NULL };
    struct vnet_error err;
    const char *cascade;
    bool cascade_on = false;

    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, allowed,
                                                          resp)) {
        return;
    }
    cascade = api_query_get(req, "cascade");
    if (cascade) {
        if (!strcmp(cascade, "true") || !strcmp(cascade, "1")) {
            cascade_on = true;
        } else if (strcmp(cascade, "false") && strcmp(cascade, "0")) {
            api_error(resp, 400, "cascade", "cascade must be true or false, "
                      "got \"%s\"", cascade);
            return;
        }
    }
    memset(&err, 0, sizeof err);
    if (k->delete(ctx->db, uuid, cascade_on, &err)) {
        api_v1_store_error(resp, &err);
    } else {
        LOG_DBG("deleted %s %s", k->name, uuid);
        api_reply(resp, 204, NULL);
    }
}

#define KIND_HANDLERS(KIND)                                             \
    void                                                                \
    api_v1_##KIND##_list(const struct api_ctx *ctx,                     \
                         const struct api_request *req,                 \
                         char *const args[], struct api_response *resp) \
    {                                                                   \
        (void) args;                                                    \
        do_list(&KIND##_kind, ctx, req, resp);                          \
    }                                                                   \
    void                                                                \
    api_v1_##KIND##_create(const struct api_ctx *ctx,                   \
                           const struct api_request *req,               \
                           char *const args[],                          \
                           struct api_response *resp)                   \
    {                                                                   \
        (void) args;                                                    \
        do_create(&KIND##_kind, ctx, req, resp);                        \
    }                                                                   \
    void                                                                \
    api_v1_##KIND##_get(const struct api_ctx *ctx,                      \
                        const struct api_request *req,                  \
                        char *const args[], struct api_response *resp)  \
    {                                                                   \
        do_get(&KIND##_kind, ctx, req, args[0], resp);                  \
    }                                                                   \
    void                                                                \
    api_v1_##KIND##_update(const struct api_ctx *ctx,                   \
                           const struct api_request *req,               \
                           char *const args[],                          \
                           struct api_response *resp)                   \
    {                                                                   \
        do_update(&KIND##_kind, ctx, req, args[0], resp);               \
    }                                                                   \
    void                                                                \
    api_v1_##KIND##_delete(const struct api_ctx *ctx,                   \
                           const struct api_request *req,               \
                           char *const args[],                          \
                           struct api_response *resp)                   \
    {                                                                   \
        do_delete(&KIND##_kind, ctx, req, args[0], resp);               \
    }

KIND_HANDLERS(tenant)
KIND_HANDLERS(network)
KIND_HANDLERS(port)
KIND_HANDLERS(chassis)

/* ---- The unknown-MAC policy ---- */

static json_t *
config_to_json(const struct vnet_config *c)
{
    return json_pack("{s:s, s:o}", "unknown_mac",
                     vnet_unknown_mac_to_string(c->unknown_mac),
                     "quarantine_network",
                     text_or_null(c->quarantine_network));
}

void
api_v1_config_get(const struct api_ctx *ctx, const struct api_request *req,
                  char *const args[], struct api_response *resp)
{
    static const char *const none[] = { NULL };
    struct vnet_config c;

    (void) args;
    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, none, resp)) {
        return;
    }
    vnet_db_config_get(ctx->db, &c);
    api_reply(resp, 200, config_to_json(&c));
}

void
api_v1_config_update(const struct api_ctx *ctx, const struct api_request *req,
                     char *const args[], struct api_response *resp)
{
    static const char *const none[] = { NULL };
    static const char *const fields[] = {
        "unknown_mac", "quarantine_network", NULL,
    };
    struct vnet_error err;
    struct vnet_config c;
    const json_t *v;
    json_t *obj;

    (void) args;
    if (!api_v1_have_store(ctx, resp) || !api_query_check(req, none, resp)
        || !(obj = api_body_object(req, resp))) {
        return;
    }
    vnet_db_update_lock(ctx->db);       /* See do_update(). */
    vnet_db_config_get(ctx->db, &c);
    v = json_object_get(obj, "unknown_mac");
    if (!api_json_check_keys(obj, fields, resp)) {
        /* 'resp' is filled. */
    } else if (v && (!json_is_string(v)
                     || !vnet_unknown_mac_from_string(json_string_value(v),
                                                      &c.unknown_mac))) {
        api_error(resp, 400, "unknown_mac", "field \"unknown_mac\" must be "
                  "\"drop\" or \"quarantine\"");
    } else if (get_text(obj, "quarantine_network", "quarantine_network",
                        true, c.quarantine_network,
                        sizeof c.quarantine_network, resp)) {
        if (c.unknown_mac == VNET_UNKNOWN_MAC_DROP
            && !json_object_get(obj, "quarantine_network")) {
            c.quarantine_network[0] = '\0';
        }
        memset(&err, 0, sizeof err);
        if (vnet_db_config_set(ctx->db, &c, &err)) {
            api_v1_store_error(resp, &err);
        } else {
            vnet_db_config_get(ctx->db, &c);
            api_reply(resp, 200, config_to_json(&c));
        }
    }
    vnet_db_update_unlock(ctx->db);
    json_decref(obj);
}
