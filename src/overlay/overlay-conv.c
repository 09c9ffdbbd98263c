/* overlay-conv: replica + intent -> one OVSDB transaction (see
 * overlay-conv.h). */
#include "overlay/overlay-conv.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-datum.h"
#include "ovsdb/ovsdb-replica.h"
#include "ovsdb/ovsdb-txn.h"
#include "vnet/vnet.h"

static const char *const ovs_cols[] = { "bridges" };
static const char *const bridge_cols[] = {
    "name", "ports", "controller", "fail_mode", "protocols",
    "datapath_type", "datapath_id", "external_ids",
};
static const char *const port_cols[] = { "name", "interfaces",
                                         "external_ids" };
static const char *const iface_cols[] = {
    "name", "type", "options", "external_ids", "ofport", "mtu", "error",
};
static const char *const ctl_cols[] = { "target", "is_connected",
                                        "external_ids" };

const struct overlay_conv_table overlay_conv_monitor[] = {
    { "Open_vSwitch", ovs_cols, ARRAY_SIZE(ovs_cols) },
    { "Bridge", bridge_cols, ARRAY_SIZE(bridge_cols) },
    { "Port", port_cols, ARRAY_SIZE(port_cols) },
    { "Interface", iface_cols, ARRAY_SIZE(iface_cols) },
    { "Controller", ctl_cols, ARRAY_SIZE(ctl_cols) },
};
const size_t overlay_conv_n_monitor = ARRAY_SIZE(overlay_conv_monitor);

static const unsigned int all_encaps[] = {
    VNET_ENCAP_VXLAN, VNET_ENCAP_GENEVE, VNET_ENCAP_GRE,
};

const char *
overlay_conv_port_name(unsigned int encap)
{
    switch (encap) {
    case VNET_ENCAP_VXLAN: return "kumo-vxlan";
    case VNET_ENCAP_GENEVE: return "kumo-geneve";
    case VNET_ENCAP_GRE: return "kumo-gre";
    default: return NULL;
    }
}

const char *
overlay_conv_iface_type(unsigned int encap)
{
    switch (encap) {
    case VNET_ENCAP_VXLAN: return "vxlan";
    case VNET_ENCAP_GENEVE: return "geneve";
    case VNET_ENCAP_GRE: return "gre";
    default: return NULL;
    }
}

int
overlay_conv_overhead(unsigned int encap, bool ipv6)
{
    int o;

    switch (encap) {
    case VNET_ENCAP_VXLAN: o = OVERLAY_OVERHEAD_VXLAN; break;
    case VNET_ENCAP_GENEVE: o = OVERLAY_OVERHEAD_GENEVE; break;
    case VNET_ENCAP_GRE: o = OVERLAY_OVERHEAD_GRE; break;
    default: return 0;
    }
    return o + (ipv6 ? OVERLAY_IPV6_EXTRA : 0);
}

/* Which encap's tunnel port name is 'name'; 0 if none. */
static unsigned int
encap_of_port_name(const char *name)
{
    size_t i;

    for (i = 0; name && i < ARRAY_SIZE(all_encaps); i++) {
        if (!strcmp(name, overlay_conv_port_name(all_encaps[i]))) {
            return all_encaps[i];
        }
    }
    return 0;
}

static const char *
str_col(const json_t *row, const char *col)
{
    const char *s = json_string_value(json_object_get(row, col));

    return s ? s : "";
}

/* An integer column (a bare integer; an empty set means none): 'dflt' if
 * absent. */
static int64_t
int_col(const json_t *row, const char *col, int64_t dflt)
{
    const json_t *v = json_object_get(row, col);

    if (json_is_integer(v)) {
        return json_integer_value(v);
    }
    if (ovsdb_datum_set_size(v) == 1) {
        v = ovsdb_datum_set_get(v, 0);
        if (json_is_integer(v)) {
            return json_integer_value(v);
        }
    }
    return dflt;
}

static bool
row_owned(const json_t *row)
{
    const char *v = ovsdb_datum_map_get_string(
        json_object_get(row, "external_ids"), OVERLAY_OWNER_KEY);

    return v && !strcmp(v, "true");
}

static json_t *
owner_ids(void)
{
    json_t *m = ovsdb_datum_map_new();

    ovsdb_datum_map_add_string(m, OVERLAY_OWNER_KEY, "true");
    return m;
}

static json_t *
tunnel_options(void)
{
    json_t *m = ovsdb_datum_map_new();

    ovsdb_datum_map_add_string(m, "key", "flow");
    ovsdb_datum_map_add_string(m, "remote_ip", "flow");
    return m;
}

static bool
tunnel_options_ok(const json_t *options)
{
    const char *k = ovsdb_datum_map_get_string(options, "key");
    const char *ip = ovsdb_datum_map_get_string(options, "remote_ip");

    return ovsdb_datum_map_size(options) == 2 && k && !strcmp(k, "flow")
           && ip && !strcmp(ip, "flow");
}

/* The first row of the Open_vSwitch table (its uuid in '*uuidp'). */
static json_t *
find_root(const struct ovsdb_replica *r, const char **uuidp)
{
    json_t *t = ovsdb_replica_get_table(r, "Open_vSwitch");
    const char *uuid;
    json_t *row;

    json_object_foreach(t, uuid, row) {
        *uuidp = uuid;
        return row;
    }
    return NULL;
}

/* The uuid strings of uuid-set column 'col' of 'row', in order: the
 * element at 'i' (borrowed), or NULL. */
static const char *
uuid_at(const json_t *row, const char *col, size_t i)
{
    return ovsdb_datum_get_uuid(
        ovsdb_datum_set_get(json_object_get(row, col), i));
}

static size_t
n_in(const json_t *row, const char *col)
{
    return ovsdb_datum_set_size(json_object_get(row, col));
}

/* True if 'name' is taken by a Port or Interface anywhere. */
static bool
name_taken(const struct ovsdb_replica *r, const char *name)
{
    return ovsdb_replica_find(r, "Port", "name", name, NULL)
           || ovsdb_replica_find(r, "Interface", "name", name, NULL);
}

/* Lazily created transaction with the wait ops guarding it. */
struct plan {
    struct ovsdb_txn *txn;
    const struct overlay_intent *in;
    const char *bridge_uuid;
    const json_t *bridge_row;
    json_t *port_add, *port_del;    /* Sets for Bridge.ports. */
    json_t *ctl_add, *ctl_del;      /* Sets for Bridge.controller. */
};

static struct ovsdb_txn *
plan_txn(struct plan *p)
{
    if (!p->txn) {
        json_t *row = json_object();
        json_t *v;

        p->txn = ovsdb_txn_create(p->in->database);
        v = json_object_get(p->bridge_row, "ports");
        json_object_set_new(row, "ports",
                            v ? json_deep_copy(v) : ovsdb_datum_set_new());
        v = json_object_get(p->bridge_row, "controller");
        json_object_set_new(row, "controller",
                            v ? json_deep_copy(v) : ovsdb_datum_set_new());
        ovsdb_txn_wait(p->txn, "Bridge", ovsdb_where_uuid(p->bridge_uuid),
                       json_pack("[ss]", "ports", "controller"), "==",
                       json_pack("[o]", row), 0);
    }
    return p->txn;
}

/* Inserts the Interface + Port rows of tunnel 'encap' into 'txn'; the
 * port's uuid-name is "kport_<type>".  Returns the named-uuid atom. */
static json_t *
insert_tunnel(struct ovsdb_txn *txn, unsigned int encap)
{
    const char *name = overlay_conv_port_name(encap);
    const char *type = overlay_conv_iface_type(encap);
    char iname[32], pname[32];

    snprintf(iname, sizeof iname, "kiface_%s", type);
    snprintf(pname, sizeof pname, "kport_%s", type);
    ovsdb_txn_insert(txn, "Interface",
                     json_pack("{s:s, s:s, s:o, s:o}", "name", name,
                               "type", type, "options", tunnel_options(),
                               "external_ids", owner_ids()), iname);
    ovsdb_txn_insert(txn, "Port",
                     json_pack("{s:s, s:o, s:o}", "name", name,
                               "interfaces", ovsdb_datum_named_uuid(iname),
                               "external_ids", owner_ids()), pname);
    return ovsdb_datum_named_uuid(pname);
}

/* Inserts a Controller row for 'target' named "kctl<i>"; returns the
 * named-uuid atom. */
static json_t *
insert_controller(struct ovsdb_txn *txn, const char *target, size_t i)
{
    char name[32];

    snprintf(name, sizeof name, "kctl%zu", i);
    /* Reconnect quickly after a kumod restart (OVS's default backoff
     * reaches 8 s). */
    ovsdb_txn_insert(txn, "Controller",
                     json_pack("{s:s, s:i, s:o}", "target", target,
                               "max_backoff", 1000,
                               "external_ids", owner_ids()), name);
    return ovsdb_datum_named_uuid(name);
}

static json_t *
protocols_13(void)
{
    json_t *s = ovsdb_datum_set_new();

    ovsdb_datum_set_add(s, json_string("OpenFlow13"));
    return s;
}

static bool
protocols_ok(const json_t *v)
{
    const json_t *a = ovsdb_datum_set_get(v, 0);

    return ovsdb_datum_set_size(v) == 1 && json_is_string(a)
           && !strcmp(json_string_value(a), "OpenFlow13");
}

/* Creates the whole bridge (none of that name exists). */
static struct ovsdb_txn *
plan_create(const struct ovsdb_replica *r, const struct overlay_intent *in,
            const char *root_uuid, struct overlay_observed *obs,
            struct ds *summary)
{
    struct ovsdb_txn *txn = ovsdb_txn_create(in->database);
    json_t *ports = ovsdb_datum_set_new();
    json_t *ctls = ovsdb_datum_set_new();
    json_t *other = ovsdb_datum_map_new();
    size_t i, n_tunnels = 0;

    ovsdb_txn_wait(txn, "Bridge",
                   json_pack("[o]", ovsdb_condition("name", "==",
                                                    json_string(in->bridge))),
                   json_pack("[s]", "name"), "==", json_array(), 0);
    if (name_taken(r, in->bridge)) {
        snprintf(obs->problem, sizeof obs->problem, "cannot create bridge "
                 "%s: a port or interface of that name exists elsewhere",
                 in->bridge);
        ovsdb_txn_destroy(txn);
        json_decref(ports);
        json_decref(ctls);
        json_decref(other);
        return NULL;
    }
    ovsdb_txn_insert(txn, "Interface",
                     json_pack("{s:s, s:s, s:o}", "name", in->bridge,
                               "type", "internal",
                               "external_ids", owner_ids()), "kiface_br");
    ovsdb_txn_insert(txn, "Port",
                     json_pack("{s:s, s:o, s:o}", "name", in->bridge,
                               "interfaces",
                               ovsdb_datum_named_uuid("kiface_br"),
                               "external_ids", owner_ids()), "kport_br");
    ovsdb_datum_set_add(ports, ovsdb_datum_named_uuid("kport_br"));
    for (i = 0; i < ARRAY_SIZE(all_encaps); i++) {
        unsigned int e = all_encaps[i];

        if (!(in->encaps & e)) {
            continue;
        }
        if (name_taken(r, overlay_conv_port_name(e))) {
            snprintf(obs->problem, sizeof obs->problem, "tunnel port %s: "
                     "the name is taken by a port Kumo does not own",
                     overlay_conv_port_name(e));
            continue;
        }
        ovsdb_datum_set_add(ports, insert_tunnel(txn, e));
        n_tunnels++;
    }
    for (i = 0; i < in->n_controllers; i++) {
        ovsdb_datum_set_add(ctls, insert_controller(txn, in->controllers[i],
                                                    i));
    }
    /* No hidden in-band flows: the controller is reached out of band. */
    ovsdb_datum_map_add_string(other, "disable-in-band", "true");
    ovsdb_txn_insert(txn, "Bridge",
                     json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
                               "name", in->bridge,
                               "datapath_type", in->datapath_type,
                               "fail_mode", "secure",
                               "protocols", protocols_13(),
                               "controller", ctls, "ports", ports,
                               "other_config", other,
                               "external_ids", owner_ids()), "kbridge");
    ovsdb_txn_mutate(txn, "Open_vSwitch", ovsdb_where_uuid(root_uuid),
                     json_pack("[o]", ovsdb_mutation(
                         "bridges", "insert",
                         ovsdb_datum_named_uuid("kbridge"))));
    if (summary) {
        ds_put_format(summary, "create bridge %s (%s) with %zu tunnel "
                      "port%s and %zu controller%s", in->bridge,
                      in->datapath_type, n_tunnels, n_tunnels == 1 ? "" : "s",
                      in->n_controllers, in->n_controllers == 1 ? "" : "s");
    }
    return txn;
}

/* Controllers: add the missing targets, drop Kumo's that are not wanted
 * (only when targets are configured at all). */
static void
plan_controllers(const struct ovsdb_replica *r, struct plan *p,
                 struct overlay_observed *obs, struct ds *changes)
{
    const struct overlay_intent *in = p->in;
    const json_t *br = p->bridge_row;
    size_t i, j, n = n_in(br, "controller");

    obs->controllers_ok = true;
    for (i = 0; i < in->n_controllers; i++) {
        bool found = false;

        for (j = 0; j < n && !found; j++) {
            const char *u = uuid_at(br, "controller", j);
            json_t *c = u ? ovsdb_replica_get_row(r, "Controller", u) : NULL;

            if (c && !strcmp(str_col(c, "target"), in->controllers[i])) {
                found = true;
            }
        }
        if (!found) {
            obs->controllers_ok = false;
            plan_txn(p);
            ovsdb_datum_set_add(p->ctl_add,
                                insert_controller(p->txn, in->controllers[i],
                                                  i));
            ds_put_format(changes, "%scontroller %s added",
                          changes->length ? ", " : "", in->controllers[i]);
        }
    }
    for (j = 0; j < n; j++) {
        const char *u = uuid_at(br, "controller", j);
        json_t *c = u ? ovsdb_replica_get_row(r, "Controller", u) : NULL;
        bool wanted = false;

        if (!c || !row_owned(c)) {
            continue;
        }
        for (i = 0; i < in->n_controllers; i++) {
            if (!strcmp(str_col(c, "target"), in->controllers[i])) {
                wanted = true;
            }
        }
        if (wanted) {
            if (json_is_true(json_object_get(c, "is_connected"))) {
                obs->controller_connected = true;
            }
        } else if (in->n_controllers) {
            plan_txn(p);
            ovsdb_datum_set_add(p->ctl_del, ovsdb_datum_uuid(u));
            ds_put_format(changes, "%scontroller %s removed",
                          changes->length ? ", " : "", str_col(c, "target"));
        }
    }
}

/* Tunnel ports: keep the right ones, fix wrong ones in place, add the
 * missing, delete Kumo's unwanted ones. */
static void
plan_ports(const struct ovsdb_replica *r, struct plan *p,
           struct overlay_observed *obs, struct ds *changes)
{
    const struct overlay_intent *in = p->in;
    const json_t *br = p->bridge_row;
    unsigned int seen = 0;
    size_t i, n = n_in(br, "ports");

    for (i = 0; i < n; i++) {
        const char *u = uuid_at(br, "ports", i);
        json_t *port = u ? ovsdb_replica_get_row(r, "Port", u) : NULL;
        const char *name = port ? str_col(port, "name") : "";
        unsigned int e = encap_of_port_name(name);
        const char *iu;
        json_t *iface;

        if (!port) {
            continue;
        }
        if (!row_owned(port)) {
            if (strcmp(name, in->bridge)) {
                obs->n_foreign_ports++;
            }
            continue;
        }
        if (!e) {
            continue;       /* Kumo's bridge-internal port. */
        }
        if (!(in->encaps & e) || (seen & e)) {
            plan_txn(p);
            ovsdb_datum_set_add(p->port_del, ovsdb_datum_uuid(u));
            ds_put_format(changes, "%sport %s removed",
                          changes->length ? ", " : "", name);
            continue;
        }
        seen |= e;
        iu = uuid_at(port, "interfaces", 0);
        iface = iu ? ovsdb_replica_get_row(r, "Interface", iu) : NULL;
        if (!iface) {
            continue;       /* Not in the replica yet. */
        }
        if (strcmp(str_col(iface, "type"), overlay_conv_iface_type(e))
            || !tunnel_options_ok(json_object_get(iface, "options"))) {
            plan_txn(p);
            ovsdb_txn_update(p->txn, "Interface", ovsdb_where_uuid(iu),
                             json_pack("{s:s, s:o}", "type",
                                       overlay_conv_iface_type(e),
                                       "options", tunnel_options()));
            ds_put_format(changes, "%sport %s fixed",
                          changes->length ? ", " : "", name);
        } else {
            obs->tunnels |= e;
            obs->tunnel_ofports[__builtin_ctz(e)] = MAX(0, int_col(iface,
                                                                "ofport", 0));
        }
    }
    for (i = 0; i < ARRAY_SIZE(all_encaps); i++) {
        unsigned int e = all_encaps[i];

        if (!(in->encaps & e) || (seen & e)) {
            continue;
        }
        if (name_taken(r, overlay_conv_port_name(e))) {
            snprintf(obs->problem, sizeof obs->problem, "tunnel port %s: "
                     "the name is taken by a port Kumo does not own",
                     overlay_conv_port_name(e));
            continue;
        }
        plan_txn(p);
        ovsdb_datum_set_add(p->port_add, insert_tunnel(p->txn, e));
        ds_put_format(changes, "%sport %s added",
                      changes->length ? ", " : "", overlay_conv_port_name(e));
    }
}

/* Adds the mutations of Bridge.ports / Bridge.controller collected in
 * 'p' to its transaction. */
static void
plan_finish(struct plan *p)
{
    json_t *muts = json_array();

    if (ovsdb_datum_set_size(p->port_add)) {
        json_array_append_new(muts, ovsdb_mutation("ports", "insert",
                                                   json_incref(p->port_add)));
    }
    if (ovsdb_datum_set_size(p->port_del)) {
        json_array_append_new(muts, ovsdb_mutation("ports", "delete",
                                                   json_incref(p->port_del)));
    }
    if (ovsdb_datum_set_size(p->ctl_add)) {
        json_array_append_new(muts, ovsdb_mutation("controller", "insert",
                                                   json_incref(p->ctl_add)));
    }
    if (ovsdb_datum_set_size(p->ctl_del)) {
        json_array_append_new(muts, ovsdb_mutation("controller", "delete",
                                                   json_incref(p->ctl_del)));
    }
    if (json_array_size(muts)) {
        ovsdb_txn_mutate(p->txn, "Bridge", ovsdb_where_uuid(p->bridge_uuid),
                         muts);
    } else {
        json_decref(muts);
    }
}

static void
plan_init(struct plan *p, const struct overlay_intent *in,
          const char *bridge_uuid, const json_t *bridge_row)
{
    p->txn = NULL;
    p->in = in;
    p->bridge_uuid = bridge_uuid;
    p->bridge_row = bridge_row;
    p->port_add = ovsdb_datum_set_new();
    p->port_del = ovsdb_datum_set_new();
    p->ctl_add = ovsdb_datum_set_new();
    p->ctl_del = ovsdb_datum_set_new();
}

static void
plan_uninit(struct plan *p)
{
    json_decref(p->port_add);
    json_decref(p->port_del);
    json_decref(p->ctl_add);
    json_decref(p->ctl_del);
}

struct ovsdb_txn *
overlay_conv_plan(const struct ovsdb_replica *r,
                  const struct overlay_intent *in,
                  struct overlay_observed *obs, struct ds *summary)
{
    struct ds changes = DS_EMPTY_INITIALIZER;
    const char *root_uuid = NULL, *br_uuid = NULL;
    struct ovsdb_txn *txn;
    json_t *br, *upd;
    struct plan p;

    memset(obs, 0, sizeof *obs);
    obs->underlay_mtu = overlay_conv_underlay_mtu(r, in->bridge);
    if (!find_root(r, &root_uuid)) {
        snprintf(obs->problem, sizeof obs->problem, "the database has no "
                 "Open_vSwitch row (not initialised: ovs-vsctl init)");
        return NULL;
    }
    obs->has_root = true;
    br = ovsdb_replica_find(r, "Bridge", "name", in->bridge, &br_uuid);
    if (!br) {
        return plan_create(r, in, root_uuid, obs, summary);
    }
    obs->bridge_present = true;
    obs->bridge_owned = row_owned(br);
    snprintf(obs->bridge_uuid, sizeof obs->bridge_uuid, "%s", br_uuid);
    snprintf(obs->datapath_id, sizeof obs->datapath_id, "%s",
             str_col(br, "datapath_id"));
    snprintf(obs->datapath_type, sizeof obs->datapath_type, "%s",
             str_col(br, "datapath_type"));

    plan_init(&p, in, br_uuid, br);
    plan_controllers(r, &p, obs, &changes);
    plan_ports(r, &p, obs, &changes);

    upd = json_object();
    obs->fail_mode_ok = !strcmp(str_col(br, "fail_mode"), "secure");
    if (!obs->fail_mode_ok) {
        json_object_set_new(upd, "fail_mode", json_string("secure"));
        ds_put_format(&changes, "%sfail_mode secure",
                      changes.length ? ", " : "");
    }
    obs->protocols_ok = protocols_ok(json_object_get(br, "protocols"));
    if (!obs->protocols_ok) {
        json_object_set_new(upd, "protocols", protocols_13());
        ds_put_format(&changes, "%sprotocols OpenFlow13",
                      changes.length ? ", " : "");
    }
    if (json_object_size(upd)) {
        plan_txn(&p);
        ovsdb_txn_update(p.txn, "Bridge", ovsdb_where_uuid(br_uuid), upd);
    } else {
        json_decref(upd);
    }
    if (p.txn) {
        plan_finish(&p);
    }
    txn = p.txn;
    plan_uninit(&p);
    if (summary && txn) {
        ds_put_format(summary, "bridge %s: %s", in->bridge,
                      ds_cstr(&changes));
    }
    ds_destroy(&changes);
    return txn;
}

struct ovsdb_txn *
overlay_conv_plan_remove(const struct ovsdb_replica *r,
                         const struct overlay_intent *in)
{
    const char *br_uuid = NULL;
    struct ovsdb_txn *txn;
    json_t *br;
    struct plan p;
    size_t i;

    br = ovsdb_replica_find(r, "Bridge", "name", in->bridge, &br_uuid);
    if (!br) {
        return NULL;
    }
    plan_init(&p, in, br_uuid, br);
    for (i = 0; i < n_in(br, "ports"); i++) {
        const char *u = uuid_at(br, "ports", i);
        json_t *port = u ? ovsdb_replica_get_row(r, "Port", u) : NULL;

        if (port && row_owned(port)
            && encap_of_port_name(str_col(port, "name"))) {
            plan_txn(&p);
            ovsdb_datum_set_add(p.port_del, ovsdb_datum_uuid(u));
        }
    }
    for (i = 0; i < n_in(br, "controller"); i++) {
        const char *u = uuid_at(br, "controller", i);
        json_t *c = u ? ovsdb_replica_get_row(r, "Controller", u) : NULL;

        if (c && row_owned(c)) {
            plan_txn(&p);
            ovsdb_datum_set_add(p.ctl_del, ovsdb_datum_uuid(u));
        }
    }
    if (p.txn) {
        plan_finish(&p);
    }
    txn = p.txn;
    plan_uninit(&p);
    return txn;
}

static bool
is_virtual_type(const char *type)
{
    static const char *const types[] = {
        "vxlan", "geneve", "gre", "stt", "lisp", "erspan", "ip6erspan",
        "ip6gre", "gtpu", "bareudp", "srv6", "patch",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(types); i++) {
        if (!strcmp(type, types[i])) {
            return true;
        }
    }
    return false;
}

/* True if 'br' has a patch interface: it is joined to another bridge
 * (a VM-side access bridge patched to the integration bridge, or a
 * provider bridge) and carries tenant frames, not the underlay, whose
 * NIC and tunnel-IP port sit on a bridge of their own. */
static bool
bridge_is_patched(const struct ovsdb_replica *r, const json_t *br)
{
    size_t i, j;

    for (i = 0; i < n_in(br, "ports"); i++) {
        const char *pu = uuid_at(br, "ports", i);
        json_t *port = pu ? ovsdb_replica_get_row(r, "Port", pu) : NULL;

        for (j = 0; port && j < n_in(port, "interfaces"); j++) {
            const char *iu = uuid_at(port, "interfaces", j);
            json_t *iface = iu ? ovsdb_replica_get_row(r, "Interface", iu)
                               : NULL;

            if (iface && !strcmp(str_col(iface, "type"), "patch")) {
                return true;
            }
        }
    }
    return false;
}

int
overlay_conv_underlay_mtu(const struct ovsdb_replica *r, const char *bridge)
{
    json_t *bridges = ovsdb_replica_get_table(r, "Bridge");
    const char *uuid;
    json_t *br;
    int best = 0;

    json_object_foreach(bridges, uuid, br) {
        size_t i, j;

        if (!strcmp(str_col(br, "name"), bridge)
            || bridge_is_patched(r, br)) {
            continue;
        }
        for (i = 0; i < n_in(br, "ports"); i++) {
            const char *pu = uuid_at(br, "ports", i);
            json_t *port = pu ? ovsdb_replica_get_row(r, "Port", pu) : NULL;

            for (j = 0; port && j < n_in(port, "interfaces"); j++) {
                const char *iu = uuid_at(port, "interfaces", j);
                json_t *iface = iu ? ovsdb_replica_get_row(r, "Interface", iu)
                                   : NULL;
                int64_t mtu;

                if (!iface || is_virtual_type(str_col(iface, "type"))) {
                    continue;
                }
                mtu = int_col(iface, "mtu", 0);
                if (mtu > 0 && (!best || mtu < best)) {
                    best = (int) mtu;
                }
            }
        }
    }
    return best;
}

bool
overlay_conv_mtu_check(int underlay_mtu, int network_mtu,
                       unsigned int encaps, bool ipv6, struct ds *err)
{
    bool ok = true;
    size_t i;

    if (underlay_mtu <= 0) {
        return true;
    }
    for (i = 0; i < ARRAY_SIZE(all_encaps); i++) {
        unsigned int e = all_encaps[i];
        int need = network_mtu + overlay_conv_overhead(e, ipv6);

        if (!(encaps & e) || underlay_mtu >= need) {
            continue;
        }
        if (ok) {
            ds_put_format(err, "underlay MTU %d cannot carry network MTU %d:",
                          underlay_mtu, network_mtu);
        }
        ok = false;
        ds_put_format(err, " %s needs %d", overlay_conv_iface_type(e), need);
    }
    if (!ok) {
        ds_put_cstr(err, " (raise the underlay MTU or lower the tenant "
                    "MTU; oversized frames are dropped)");
    }
    return ok;
}

static int
vif_cmp(const void *a_, const void *b_)
{
    const struct overlay_vif *a = a_, *b = b_;
    int c = strcmp(a->iface_id, b->iface_id);

    return c ? c : strcmp(a->name, b->name);
}

void
overlay_conv_vifs(const struct ovsdb_replica *r, const char *bridge,
                  struct overlay_vif **vifs, size_t *n)
{
    json_t *br = ovsdb_replica_find(r, "Bridge", "name", bridge, NULL);
    size_t i, j, first = *n;

    for (i = 0; br && i < n_in(br, "ports"); i++) {
        const char *pu = uuid_at(br, "ports", i);
        json_t *port = pu ? ovsdb_replica_get_row(r, "Port", pu) : NULL;

        for (j = 0; port && j < n_in(port, "interfaces"); j++) {
            const char *iu = uuid_at(port, "interfaces", j);
            json_t *iface = iu ? ovsdb_replica_get_row(r, "Interface", iu)
                               : NULL;
            const json_t *ids = iface ? json_object_get(iface,
                                                        "external_ids")
                                      : NULL;
            const char *id = ovsdb_datum_map_get_string(ids, "iface-id");
            const char *mac = ovsdb_datum_map_get_string(ids,
                                                         "attached-mac");
            struct overlay_vif *v;
            struct eth_addr ea;

            if (!id || !id[0] || strlen(id) >= sizeof v->iface_id) {
                continue;
            }
            *vifs = xrealloc(*vifs, (*n + 1) * sizeof **vifs);
            v = &(*vifs)[(*n)++];
            memset(v, 0, sizeof *v);
            snprintf(v->iface_id, sizeof v->iface_id, "%s", id);
            snprintf(v->name, sizeof v->name, "%s", str_col(iface, "name"));
            v->ofport = int_col(iface, "ofport", 0);
            if (mac && vnet_mac_parse(mac, &ea)) {
                v->has_mac = true;
                vnet_mac_format(&ea, v->mac);
            }
        }
    }
    if (*n > first) {
        qsort(*vifs + first, *n - first, sizeof **vifs, vif_cmp);
    }
}
