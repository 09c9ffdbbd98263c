/* Unit tests of the chassis manager's pure convergence logic
 * (overlay-conv): replica + intent -> one OVSDB transaction.  The
 * transactions are executed by a small fake OVSDB (insert with named
 * uuids, update, mutate of sets, delete, wait, and garbage collection of
 * unreferenced Port/Interface/Controller rows, all or nothing) so the
 * tests check behaviour: converging twice changes nothing, rows Kumo does
 * not own survive byte for byte, a plan made from a stale replica is
 * refused by its "wait" guard.  Also the MTU check, the underlay MTU and
 * the VM interface list.  No sockets, no clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ds.h"
#include "ovsdb/ovsdb-datum.h"
#include "ovsdb/ovsdb-replica.h"
#include "ovsdb/ovsdb-txn.h"
#include "overlay/overlay-conv.h"
#include "vnet/vnet.h"

#define ROOT "00000000-0000-4000-8000-0000000000aa"

/* ---- A fake ovsdb-server: tables as {table: {uuid: row}} ---- */

struct fake {
    json_t *db;             /* {table: {uuid: row}}. */
    unsigned int next_uuid;
    unsigned int n_txns;
};

static void
fake_init(struct fake *f)
{
    f->db = json_pack("{s:{s:{s:[s,[]]}}}", "Open_vSwitch", ROOT, "bridges",
                      "set");
    f->next_uuid = 1;
    f->n_txns = 0;
}

/* Replaces ["named-uuid", N] in 'v' by ["uuid", names[N]] (in place). */
static json_t *
resolve(json_t *v, json_t *names)
{
    size_t i;
    json_t *e;

    if (json_is_array(v) && json_array_size(v) == 2
        && json_is_string(json_array_get(v, 0))
        && !strcmp(json_string_value(json_array_get(v, 0)), "named-uuid")) {
        const char *u = json_string_value(
            json_object_get(names, json_string_value(json_array_get(v, 1))));

        assert_non_null(u);
        return json_pack("[ss]", "uuid", u);
    }
    if (json_is_array(v)) {
        json_t *out = json_array();

        json_array_foreach(v, i, e) {
            json_array_append_new(out, resolve(e, names));
        }
        return out;
    }
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *k;

        json_object_foreach(v, k, e) {
            json_object_set_new(out, k, resolve(e, names));
        }
        return out;
    }
    return json_incref(v);
}

/* Does 'row' ('uuid') match the conditions 'where' (== only)? */
static bool
matches(const char *uuid, const json_t *row, const json_t *where)
{
    const json_t *c;
    size_t i;

    json_array_foreach(where, i, c) {
        const char *col = json_string_value(json_array_get(c, 0));
        const json_t *val = json_array_get(c, 2);

        assert_string_equal(json_string_value(json_array_get(c, 1)), "==");
        if (!strcmp(col, "_uuid")) {
            if (strcmp(ovsdb_datum_get_uuid(val), uuid)) {
                return false;
            }
        } else if (!json_equal(json_object_get(row, col), val)) {
            return false;
        }
    }
    return true;
}

/* A set datum as a canonical ["set", [sorted elements]]. */
static json_t *
set_norm(const json_t *v)
{
    size_t i, n = v ? ovsdb_datum_set_size(v) : 0;
    char **dumps = calloc(n + 1, sizeof *dumps);
    json_t *out = json_array();

    for (i = 0; i < n; i++) {
        dumps[i] = json_dumps(ovsdb_datum_set_get(v, i), JSON_ENCODE_ANY
                              | JSON_COMPACT);
    }
    for (i = 0; i + 1 < n; i++) {
        size_t j;

        for (j = i + 1; j < n; j++) {
            if (strcmp(dumps[i], dumps[j]) > 0) {
                char *t = dumps[i];
                dumps[i] = dumps[j];
                dumps[j] = t;
            }
        }
    }
    for (i = 0; i < n; i++) {
        json_array_append_new(out, json_loads(dumps[i], JSON_DECODE_ANY,
                                              NULL));
        free(dumps[i]);
    }
    free(dumps);
    return json_pack("[so]", "set", out);
}

static void
gc_refs(json_t *db, json_t *live, const char *from, const char *col)
{
    json_t *t = json_object_get(db, from), *row;
    const char *uuid;

    json_object_foreach(t, uuid, row) {
        const json_t *v = json_object_get(row, col);
        size_t i;

        for (i = 0; v && i < ovsdb_datum_set_size(v); i++) {
            const char *u = ovsdb_datum_get_uuid(ovsdb_datum_set_get(v, i));

            if (u) {
                json_object_set_new(live, u, json_true());
            }
        }
    }
}

static void
gc_table(json_t *db, const char *table, json_t *live)
{
    json_t *t = json_object_get(db, table), *row;
    const char *uuid;
    void *tmp;

    json_object_foreach_safe(t, tmp, uuid, row) {
        if (!json_object_get(live, uuid)) {
            json_object_del(t, uuid);
        }
    }
}

/* Removes rows of non-root tables that nothing references (ports and
 * controllers first, then the interfaces of the ports left). */
static void
gc(json_t *db)
{
    json_t *live = json_object();

    gc_refs(db, live, "Bridge", "ports");
    gc_refs(db, live, "Bridge", "controller");
    gc_table(db, "Port", live);
    gc_table(db, "Controller", live);
    json_object_clear(live);
    gc_refs(db, live, "Port", "interfaces");
    gc_table(db, "Interface", live);
    json_decref(live);
}

/* Executes 'txn' (taken) all or nothing.  Returns -1 on success or the
 * index of the failed op. */
static int
fake_transact(struct fake *f, struct ovsdb_txn *txn)
{
    json_t *db = json_deep_copy(f->db);
    json_t *names = json_object();
    json_t *op;
    size_t i;
    int failed = -1;

    assert_string_equal(json_string_value(json_array_get(txn->params, 0)),
                        "Open_vSwitch");
    for (i = 1; i < json_array_size(txn->params) && failed < 0; i++) {
        const char *kind, *table;
        json_t *t, *row;
        const char *uuid;
        void *tmp;

        op = json_array_get(txn->params, i);
        kind = json_string_value(json_object_get(op, "op"));
        table = json_string_value(json_object_get(op, "table"));
        t = json_object_get(db, table);
        if (!t) {
            t = json_object();
            json_object_set_new(db, table, t);
        }
        if (!strcmp(kind, "insert")) {
            char u[40];

            snprintf(u, sizeof u, "00000000-0000-4000-8000-%012x",
                     f->next_uuid++);
            json_object_set_new(t, u, resolve(json_object_get(op, "row"),
                                              names));
            if (json_object_get(op, "uuid-name")) {
                json_object_set_new(names, json_string_value(
                    json_object_get(op, "uuid-name")), json_string(u));
            }
            continue;
        }
        if (!strcmp(kind, "wait")) {
            json_t *want = json_object_get(op, "rows");
            json_t *cols = json_object_get(op, "columns");
            size_t n_match = 0;

            assert_string_equal(json_string_value(json_object_get(op,
                                                                  "until")),
                                "==");
            assert_int_equal(json_integer_value(json_object_get(op,
                                                                "timeout")),
                             0);
            json_object_foreach(t, uuid, row) {
                size_t c;
                json_t *w;

                if (!matches(uuid, row, json_object_get(op, "where"))) {
                    continue;
                }
                w = json_array_get(want, n_match++);
                for (c = 0; w && c < json_array_size(cols); c++) {
                    const char *col = json_string_value(json_array_get(cols,
                                                                       c));
                    json_t *a = set_norm(json_object_get(row, col));
                    json_t *b = set_norm(json_object_get(w, col));

                    if (!json_equal(a, b)) {
                        failed = (int) i - 1;
                    }
                    json_decref(a);
                    json_decref(b);
                }
            }
            if (n_match != json_array_size(want)) {
                failed = (int) i - 1;
            }
            continue;
        }
        json_object_foreach_safe(t, tmp, uuid, row) {
            if (!matches(uuid, row, json_object_get(op, "where"))) {
                continue;
            }
            if (!strcmp(kind, "delete")) {
                json_object_del(t, uuid);
            } else if (!strcmp(kind, "update")) {
                json_t *nrow = json_deep_copy(row);
                json_t *upd = resolve(json_object_get(op, "row"), names);

                json_object_update(nrow, upd);
                json_decref(upd);
                json_object_set_new(t, uuid, nrow);
            } else if (!strcmp(kind, "mutate")) {
                json_t *nrow = json_deep_copy(row), *m;
                size_t k;

                json_array_foreach(json_object_get(op, "mutations"), k, m) {
                    const char *col = json_string_value(json_array_get(m, 0));
                    const char *how = json_string_value(json_array_get(m, 1));
                    json_t *arg = resolve(json_array_get(m, 2), names);
                    json_t *cur = json_object_get(nrow, col);
                    json_t *out = ovsdb_datum_set_new();
                    size_t e;

                    for (e = 0; cur && e < ovsdb_datum_set_size(cur); e++) {
                        const json_t *a = ovsdb_datum_set_get(cur, e);

                        if (strcmp(how, "delete")
                            || !ovsdb_datum_set_contains(arg, a)) {
                            ovsdb_datum_set_add(out, json_deep_copy(a));
                        }
                    }
                    for (e = 0; !strcmp(how, "insert")
                         && e < ovsdb_datum_set_size(arg); e++) {
                        const json_t *a = ovsdb_datum_set_get(arg, e);

                        if (!cur || !ovsdb_datum_set_contains(cur, a)) {
                            ovsdb_datum_set_add(out, json_deep_copy(a));
                        }
                    }
                    json_object_set_new(nrow, col, out);
                    json_decref(arg);
                }
                json_object_set_new(t, uuid, nrow);
            } else {
                fail_msg("unexpected op %s", kind);
            }
        }
    }
    ovsdb_txn_destroy(txn);
    json_decref(names);
    if (failed < 0) {
        gc(db);
        json_decref(f->db);
        f->db = db;
        f->n_txns++;
    } else {
        json_decref(db);
    }
    return failed;
}

/* Makes 'r' equal to the fake's tables. */
static void
fake_replica(const struct fake *f, struct ovsdb_replica *r)
{
    json_t *initial = json_object(), *t, *row;
    const char *table, *uuid;
    char *error;

    json_object_foreach(f->db, table, t) {
        json_t *ut = json_object();

        json_object_foreach(t, uuid, row) {
            json_object_set_new(ut, uuid, json_pack("{s:O}", "new", row));
        }
        json_object_set_new(initial, table, ut);
    }
    error = ovsdb_replica_resync(r, initial, NULL, NULL);
    assert_null(error);
    json_decref(initial);
}

/* Adds a row by hand (as an operator would with ovs-vsctl). */
static const char *
fake_add(struct fake *f, const char *table, const char *uuid, json_t *row)
{
    json_t *t = json_object_get(f->db, table);

    if (!t) {
        t = json_object();
        json_object_set_new(f->db, table, t);
    }
    json_object_set_new(t, uuid, row);
    return uuid;
}

static void
fake_ref(struct fake *f, const char *table, const char *uuid,
         const char *col, const char *ref)
{
    json_t *row = json_object_get(json_object_get(f->db, table), uuid);
    json_t *cur = json_object_get(row, col);
    json_t *out = ovsdb_datum_set_new();
    size_t i;

    for (i = 0; cur && i < ovsdb_datum_set_size(cur); i++) {
        ovsdb_datum_set_add(out, json_deep_copy(ovsdb_datum_set_get(cur, i)));
    }
    ovsdb_datum_set_add(out, ovsdb_datum_uuid(ref));
    json_object_set_new(row, col, out);
}

static json_t *
fake_row(const struct fake *f, const char *table, const char *uuid)
{
    return json_object_get(json_object_get(f->db, table), uuid);
}

static size_t
fake_count(const struct fake *f, const char *table)
{
    return json_object_size(json_object_get(f->db, table));
}

/* The uuid of the row of 'table' named 'name', or NULL. */
static const char *
fake_find(const struct fake *f, const char *table, const char *name)
{
    json_t *t = json_object_get(f->db, table), *row;
    const char *uuid;

    json_object_foreach(t, uuid, row) {
        if (!strcmp(json_string_value(json_object_get(row, "name")), name)) {
            return uuid;
        }
    }
    return NULL;
}

/* ---- Fixtures ---- */

static const char *const ctls[] = { "tcp:198.18.255.254:6653" };

static void
intent_init(struct overlay_intent *in, unsigned int encaps)
{
    memset(in, 0, sizeof *in);
    in->database = "Open_vSwitch";
    in->bridge = "br-int";
    in->datapath_type = "netdev";
    in->controllers = ctls;
    in->n_controllers = 1;
    in->encaps = encaps;
}

/* Plans from the fake's state and executes the plan.  Returns the number
 * of transactions it took (0 when already converged). */
static int
converge(struct fake *f, const struct overlay_intent *in,
         struct overlay_observed *obs)
{
    int n = 0;

    for (;;) {
        struct ovsdb_replica r;
        struct ovsdb_txn *txn;

        ovsdb_replica_init(&r);
        fake_replica(f, &r);
        txn = overlay_conv_plan(&r, in, obs, NULL);
        ovsdb_replica_uninit(&r);
        if (!txn) {
            return n;
        }
        assert_int_equal(fake_transact(f, txn), -1);
        n++;
        assert_true(n < 5);
    }
}

static bool
owned(const json_t *row)
{
    const char *v = ovsdb_datum_map_get_string(
        json_object_get(row, "external_ids"), OVERLAY_OWNER_KEY);

    return v && !strcmp(v, "true");
}

/* ---- Tests ---- */

static void
test_create_then_idempotent(void **state)
{
    struct overlay_intent in;
    struct overlay_observed obs;
    struct fake f;
    const char *br, *port, *iface;
    json_t *row;

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_ALL);
    assert_int_equal(converge(&f, &in, &obs), 1);

    br = fake_find(&f, "Bridge", "br-int");
    assert_non_null(br);
    row = fake_row(&f, "Bridge", br);
    assert_true(owned(row));
    assert_string_equal(json_string_value(json_object_get(row, "fail_mode")),
                        "secure");
    assert_string_equal(json_string_value(json_object_get(row,
                                                          "datapath_type")),
                        "netdev");
    {
        json_t *of13 = json_string("OpenFlow13");

        assert_true(ovsdb_datum_set_contains(json_object_get(row,
                                                             "protocols"),
                                             of13));
        json_decref(of13);
    }
    assert_int_equal(ovsdb_datum_set_size(json_object_get(row, "protocols")),
                     1);
    assert_true(ovsdb_datum_set_contains_uuid(
        json_object_get(fake_row(&f, "Open_vSwitch", ROOT), "bridges"), br));
    /* Bridge-internal port + 3 tunnels; one controller. */
    assert_int_equal(fake_count(&f, "Port"), 4);
    assert_int_equal(fake_count(&f, "Interface"), 4);
    assert_int_equal(fake_count(&f, "Controller"), 1);
    iface = fake_find(&f, "Interface", "kumo-geneve");
    assert_non_null(iface);
    row = fake_row(&f, "Interface", iface);
    assert_string_equal(json_string_value(json_object_get(row, "type")),
                        "geneve");
    assert_string_equal(ovsdb_datum_map_get_string(
        json_object_get(row, "options"), "remote_ip"), "flow");
    assert_string_equal(ovsdb_datum_map_get_string(
        json_object_get(row, "options"), "key"), "flow");
    port = fake_find(&f, "Port", "kumo-gre");
    assert_true(owned(fake_row(&f, "Port", port)));

    /* Converged: nothing more, and the observation says so. */
    assert_int_equal(converge(&f, &in, &obs), 0);
    assert_true(obs.bridge_present);
    assert_true(obs.bridge_owned);
    assert_true(obs.controllers_ok);
    assert_true(obs.fail_mode_ok && obs.protocols_ok);
    assert_int_equal(obs.tunnels, VNET_ENCAP_ALL);
    assert_string_equal(obs.problem, "");
    assert_int_equal(f.n_txns, 1);
    json_decref(f.db);
}

static void
test_encaps_change_in_place(void **state)
{
    struct overlay_intent in;
    struct overlay_observed obs;
    struct fake f;
    char vxlan_port[40], vxlan_iface[40];

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE);
    assert_int_equal(converge(&f, &in, &obs), 1);
    snprintf(vxlan_port, sizeof vxlan_port, "%s",
             fake_find(&f, "Port", "kumo-vxlan"));
    snprintf(vxlan_iface, sizeof vxlan_iface, "%s",
             fake_find(&f, "Interface", "kumo-vxlan"));

    /* geneve -> gre: one transaction; vxlan's rows keep their uuids. */
    in.encaps = VNET_ENCAP_VXLAN | VNET_ENCAP_GRE;
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_null(fake_find(&f, "Port", "kumo-geneve"));
    assert_null(fake_find(&f, "Interface", "kumo-geneve"));
    assert_non_null(fake_find(&f, "Port", "kumo-gre"));
    assert_string_equal(fake_find(&f, "Port", "kumo-vxlan"), vxlan_port);

    /* Someone edits Kumo's tunnel options: fixed by an update of the same
     * Interface row, not a delete + insert. */
    json_object_set_new(fake_row(&f, "Interface", vxlan_iface), "options",
                        json_pack("[s,[[s,s],[s,s]]]", "map", "key", "5",
                                  "remote_ip", "198.18.0.9"));
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_string_equal(fake_find(&f, "Interface", "kumo-vxlan"),
                        vxlan_iface);
    assert_string_equal(ovsdb_datum_map_get_string(json_object_get(
        fake_row(&f, "Interface", vxlan_iface), "options"), "key"), "flow");
    json_decref(f.db);
}

/* An operator's port, interface and controller on the bridge survive
 * every plan unchanged; an operator's bridge is adopted, not owned. */
static void
test_foreign_rows_untouched(void **state)
{
    static const char BR[] = "00000000-0000-4000-8000-0000000000b1";
    static const char P1[] = "00000000-0000-4000-8000-0000000000b2";
    static const char I1[] = "00000000-0000-4000-8000-0000000000b3";
    static const char C1[] = "00000000-0000-4000-8000-0000000000b4";
    struct overlay_intent in;
    struct overlay_observed obs;
    json_t *p1, *i1, *c1, *br;
    struct fake f;

    (void) state;
    fake_init(&f);
    fake_add(&f, "Interface", I1, json_pack("{s:s, s:s, s:[s,[[s,s]]]}",
                                            "name", "eth9", "type", "",
                                            "external_ids", "map", "owner",
                                            "ops"));
    fake_add(&f, "Port", P1, json_pack("{s:s, s:[s,s]}", "name", "eth9",
                                       "interfaces", "uuid", I1));
    fake_add(&f, "Controller", C1, json_pack("{s:s}", "target",
                                             "tcp:192.0.2.1:6653"));
    fake_add(&f, "Bridge", BR, json_pack("{s:s, s:[s,s], s:[s,s], s:s,"
                                         " s:[s,[]]}", "name", "br-int",
                                         "ports", "uuid", P1, "controller",
                                         "uuid", C1, "fail_mode",
                                         "standalone", "protocols", "set"));
    fake_ref(&f, "Open_vSwitch", ROOT, "bridges", BR);
    p1 = json_deep_copy(fake_row(&f, "Port", P1));
    i1 = json_deep_copy(fake_row(&f, "Interface", I1));
    c1 = json_deep_copy(fake_row(&f, "Controller", C1));

    intent_init(&in, VNET_ENCAP_VXLAN);
    assert_int_equal(converge(&f, &in, &obs), 1);
    br = fake_row(&f, "Bridge", BR);
    assert_false(owned(br));
    assert_false(obs.bridge_owned);
    assert_int_equal(obs.n_foreign_ports, 1);
    assert_string_equal(json_string_value(json_object_get(br, "fail_mode")),
                        "secure");
    assert_true(ovsdb_datum_set_contains_uuid(json_object_get(br, "ports"),
                                              P1));
    assert_true(ovsdb_datum_set_contains_uuid(json_object_get(br,
                                                              "controller"),
                                              C1));
    assert_int_equal(ovsdb_datum_set_size(json_object_get(br, "controller")),
                     2);
    assert_true(json_equal(fake_row(&f, "Port", P1), p1));
    assert_true(json_equal(fake_row(&f, "Interface", I1), i1));
    assert_true(json_equal(fake_row(&f, "Controller", C1), c1));

    /* Dropping every encap removes Kumo's tunnel, never eth9. */
    in.encaps = 0;
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_null(fake_find(&f, "Port", "kumo-vxlan"));
    assert_true(json_equal(fake_row(&f, "Port", P1), p1));

    /* Withdrawal: Kumo's controller goes, the operator's stays. */
    in.encaps = VNET_ENCAP_GRE;
    assert_int_equal(converge(&f, &in, &obs), 1);
    {
        struct ovsdb_replica r;
        struct ovsdb_txn *txn;

        ovsdb_replica_init(&r);
        fake_replica(&f, &r);
        txn = overlay_conv_plan_remove(&r, &in);
        assert_non_null(txn);
        assert_int_equal(fake_transact(&f, txn), -1);
        ovsdb_replica_uninit(&r);
        ovsdb_replica_init(&r);
        fake_replica(&f, &r);
        assert_null(overlay_conv_plan_remove(&r, &in));
        ovsdb_replica_uninit(&r);
    }
    br = fake_row(&f, "Bridge", BR);
    assert_null(fake_find(&f, "Port", "kumo-gre"));
    assert_int_equal(ovsdb_datum_set_size(json_object_get(br, "controller")),
                     1);
    assert_true(json_equal(fake_row(&f, "Controller", C1), c1));
    assert_true(json_equal(fake_row(&f, "Port", P1), p1));
    json_decref(p1);
    json_decref(i1);
    json_decref(c1);
    json_decref(f.db);
}

/* A port Kumo does not own with a tunnel's name is a reported problem,
 * never replaced; the other tunnels are still made. */
static void
test_name_clash(void **state)
{
    static const char P1[] = "00000000-0000-4000-8000-0000000000c2";
    static const char I1[] = "00000000-0000-4000-8000-0000000000c3";
    struct overlay_intent in;
    struct overlay_observed obs;
    struct fake f;

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN | VNET_ENCAP_GRE);
    assert_int_equal(converge(&f, &in, &obs), 1);
    /* Replace Kumo's kumo-gre by an operator's port of that name. */
    in.encaps = VNET_ENCAP_VXLAN;
    assert_int_equal(converge(&f, &in, &obs), 1);
    fake_add(&f, "Interface", I1, json_pack("{s:s, s:s}", "name", "kumo-gre",
                                            "type", "gre"));
    fake_add(&f, "Port", P1, json_pack("{s:s, s:[s,s]}", "name", "kumo-gre",
                                       "interfaces", "uuid", I1));
    fake_ref(&f, "Bridge", fake_find(&f, "Bridge", "br-int"), "ports", P1);
    in.encaps = VNET_ENCAP_VXLAN | VNET_ENCAP_GRE;
    assert_int_equal(converge(&f, &in, &obs), 0);
    assert_non_null(strstr(obs.problem, "kumo-gre"));
    assert_int_equal(obs.tunnels, VNET_ENCAP_VXLAN);
    assert_non_null(fake_row(&f, "Port", P1));
    assert_int_equal(fake_count(&f, "Port"), 3);
    json_decref(f.db);
}

/* A plan made from a stale replica is refused by its first "wait". */
static void
test_stale_plan_refused(void **state)
{
    struct overlay_intent in;
    struct overlay_observed obs;
    struct ovsdb_replica r;
    struct ovsdb_txn *t1, *t2;
    struct fake f;

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN);
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    /* Two plans from the same (empty) replica: the second would create a
     * second br-int. */
    t1 = overlay_conv_plan(&r, &in, &obs, NULL);
    t2 = overlay_conv_plan(&r, &in, &obs, NULL);
    assert_int_equal(fake_transact(&f, t1), -1);
    assert_int_equal(fake_transact(&f, t2), 0);
    assert_int_equal(fake_count(&f, "Bridge"), 1);

    /* Same for an existing bridge whose ports changed meanwhile. */
    ovsdb_replica_uninit(&r);
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    in.encaps = VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE;
    t1 = overlay_conv_plan(&r, &in, &obs, NULL);
    t2 = overlay_conv_plan(&r, &in, &obs, NULL);
    assert_int_equal(fake_transact(&f, t1), -1);
    assert_int_equal(fake_transact(&f, t2), 0);
    assert_int_equal(fake_count(&f, "Port"), 3);
    ovsdb_replica_uninit(&r);
    json_decref(f.db);
}

static void
test_controllers(void **state)
{
    static const char *const two[] = { "tcp:198.18.255.254:6653",
                                       "tcp:198.18.255.253:6653" };
    struct overlay_intent in;
    struct overlay_observed obs;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ovsdb_replica r;
    struct fake f;

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN);
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_false(obs.controller_connected);
    {
        json_t *t = json_object_get(f.db, "Controller"), *row;
        const char *uuid;

        json_object_foreach(t, uuid, row) {
            json_object_set_new(row, "is_connected", json_true());
        }
    }
    assert_int_equal(converge(&f, &in, &obs), 0);
    assert_true(obs.controller_connected);

    /* A second target is added, then the first moved away. */
    in.controllers = two;
    in.n_controllers = 2;
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_int_equal(fake_count(&f, "Controller"), 2);
    in.controllers = two + 1;
    in.n_controllers = 1;
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    ovsdb_txn_destroy(overlay_conv_plan(&r, &in, &obs, &s));
    ovsdb_replica_uninit(&r);
    assert_string_equal(ds_cstr(&s), "bridge br-int: controller "
                        "tcp:198.18.255.254:6653 removed");
    ds_destroy(&s);
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_int_equal(fake_count(&f, "Controller"), 1);

    /* No target configured: the controller set is left alone. */
    in.n_controllers = 0;
    assert_int_equal(converge(&f, &in, &obs), 0);
    assert_int_equal(fake_count(&f, "Controller"), 1);
    json_decref(f.db);
}

static void
test_no_root(void **state)
{
    struct overlay_intent in;
    struct overlay_observed obs;
    struct ovsdb_replica r;

    (void) state;
    intent_init(&in, VNET_ENCAP_VXLAN);
    ovsdb_replica_init(&r);
    assert_null(overlay_conv_plan(&r, &in, &obs, NULL));
    assert_false(obs.has_root);
    assert_non_null(strstr(obs.problem, "ovs-vsctl init"));
    ovsdb_replica_uninit(&r);
}

static void
test_mtu(void **state)
{
    static const char BP[] = "00000000-0000-4000-8000-0000000000d1";
    static const char PP[] = "00000000-0000-4000-8000-0000000000d2";
    static const char IP[] = "00000000-0000-4000-8000-0000000000d3";
    static const char PU[] = "00000000-0000-4000-8000-0000000000d4";
    static const char IU[] = "00000000-0000-4000-8000-0000000000d5";
    static const char AB[] = "00000000-0000-4000-8000-0000000000d6";
    static const char AVP[] = "00000000-0000-4000-8000-0000000000d7";
    static const char AV[] = "00000000-0000-4000-8000-0000000000d8";
    static const char AIP[] = "00000000-0000-4000-8000-0000000000d9";
    static const char AI[] = "00000000-0000-4000-8000-0000000000da";
    struct ds err = DS_EMPTY_INITIALIZER;
    struct overlay_intent in;
    struct overlay_observed obs;
    struct ovsdb_replica r;
    struct fake f;

    (void) state;
    assert_int_equal(overlay_conv_overhead(VNET_ENCAP_VXLAN, false), 50);
    assert_int_equal(overlay_conv_overhead(VNET_ENCAP_GENEVE, false), 58);
    assert_int_equal(overlay_conv_overhead(VNET_ENCAP_GRE, false), 42);
    assert_int_equal(overlay_conv_overhead(VNET_ENCAP_VXLAN, true), 70);

    assert_true(overlay_conv_mtu_check(1550, 1500, VNET_ENCAP_VXLAN, false,
                                       &err));
    assert_true(overlay_conv_mtu_check(0, 1500, VNET_ENCAP_ALL, false, &err));
    assert_true(overlay_conv_mtu_check(9000, 1500, VNET_ENCAP_ALL, false,
                                       &err));
    assert_int_equal(err.length, 0);
    assert_false(overlay_conv_mtu_check(1549, 1500, VNET_ENCAP_VXLAN, false,
                                        &err));
    assert_string_equal(ds_cstr(&err), "underlay MTU 1549 cannot carry "
                        "network MTU 1500: vxlan needs 1550 (raise the "
                        "underlay MTU or lower the tenant MTU; oversized "
                        "frames are dropped)");
    ds_clear(&err);
    /* GRE fits in 1550, Geneve does not. */
    assert_false(overlay_conv_mtu_check(1550, 1500, VNET_ENCAP_ALL, false,
                                        &err));
    assert_non_null(strstr(ds_cstr(&err), "geneve needs 1558"));
    assert_null(strstr(ds_cstr(&err), "vxlan"));
    assert_null(strstr(ds_cstr(&err), "gre"));
    ds_clear(&err);
    assert_false(overlay_conv_mtu_check(1550, 1500, VNET_ENCAP_VXLAN, true,
                                        &err));
    assert_non_null(strstr(ds_cstr(&err), "vxlan needs 1570"));
    ds_destroy(&err);

    /* The underlay MTU: smallest interface MTU outside br-int (br-phy's
     * NIC and internal port), tunnels ignored. */
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN);
    assert_int_equal(converge(&f, &in, &obs), 1);
    assert_int_equal(obs.underlay_mtu, 0);
    fake_add(&f, "Interface", IP, json_pack("{s:s, s:s, s:i}", "name",
                                            "br-phy", "type", "internal",
                                            "mtu", 9000));
    fake_add(&f, "Interface", IU, json_pack("{s:s, s:s, s:i}", "name", "ul0",
                                            "type", "", "mtu", 1500));
    fake_add(&f, "Port", PP, json_pack("{s:s, s:[s,s]}", "name", "br-phy",
                                       "interfaces", "uuid", IP));
    fake_add(&f, "Port", PU, json_pack("{s:s, s:[s,s]}", "name", "ul0",
                                       "interfaces", "uuid", IU));
    fake_add(&f, "Bridge", BP, json_pack("{s:s, s:[s,[[s,s],[s,s]]]}",
                                         "name", "br-phy", "ports", "set",
                                         "uuid", PP, "uuid", PU));
    fake_ref(&f, "Open_vSwitch", ROOT, "bridges", BP);
    /* br-int's own interfaces (MTU 1400 here) do not count. */
    json_object_set_new(fake_row(&f, "Interface",
                                 fake_find(&f, "Interface", "br-int")),
                        "mtu", json_integer(1400));
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    assert_int_equal(overlay_conv_underlay_mtu(&r, "br-int"), 1500);
    ovsdb_txn_destroy(overlay_conv_plan(&r, &in, &obs, NULL));
    assert_int_equal(obs.underlay_mtu, 1500);
    ovsdb_replica_uninit(&r);

    /* A VM-side access bridge patched to br-int (1400-byte VM port) is
     * not the underlay; without its patch port it would count. */
    fake_add(&f, "Interface", AV, json_pack("{s:s, s:s, s:i}", "name",
                                            "vm0", "type", "", "mtu", 1400));
    fake_add(&f, "Port", AVP, json_pack("{s:s, s:[s,s]}", "name", "vm0",
                                        "interfaces", "uuid", AV));
    fake_add(&f, "Bridge", AB, json_pack("{s:s, s:[s,[[s,s]]]}",
                                         "name", "br-vm", "ports", "set",
                                         "uuid", AVP));
    fake_ref(&f, "Open_vSwitch", ROOT, "bridges", AB);
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    assert_int_equal(overlay_conv_underlay_mtu(&r, "br-int"), 1400);
    ovsdb_replica_uninit(&r);
    fake_add(&f, "Interface", AI, json_pack("{s:s, s:s, s:i}", "name",
                                            "pv0", "type", "patch",
                                            "mtu", 1400));
    fake_add(&f, "Port", AIP, json_pack("{s:s, s:[s,s]}", "name", "pv0",
                                        "interfaces", "uuid", AI));
    fake_ref(&f, "Bridge", AB, "ports", AIP);
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    assert_int_equal(overlay_conv_underlay_mtu(&r, "br-int"), 1500);
    ovsdb_replica_uninit(&r);
    json_decref(f.db);
}

static void
test_vifs(void **state)
{
    static const char P1[] = "00000000-0000-4000-8000-0000000000e1";
    static const char I1[] = "00000000-0000-4000-8000-0000000000e2";
    static const char P2[] = "00000000-0000-4000-8000-0000000000e3";
    static const char I2[] = "00000000-0000-4000-8000-0000000000e4";
    static const char I3[] = "00000000-0000-4000-8000-0000000000e5";
    struct overlay_intent in;
    struct overlay_observed obs;
    struct overlay_vif *vifs = NULL;
    struct ovsdb_replica r;
    struct fake f;
    const char *br;
    size_t n = 0;

    (void) state;
    fake_init(&f);
    intent_init(&in, VNET_ENCAP_VXLAN);
    assert_int_equal(converge(&f, &in, &obs), 1);
    br = fake_find(&f, "Bridge", "br-int");
    fake_add(&f, "Interface", I1, json_pack(
        "{s:s, s:i, s:[s,[[s,s],[s,s]]]}", "name", "tap-b", "ofport", 7,
        "external_ids", "map", "iface-id", "vm-b", "attached-mac",
        "02:00:00:00:00:0B"));
    fake_add(&f, "Interface", I2, json_pack(
        "{s:s, s:[s,[]], s:[s,[[s,s]]]}", "name", "tap-a", "ofport", "set",
        "external_ids", "map", "iface-id", "vm-a"));
    /* An interface without iface-id is no VIF. */
    fake_add(&f, "Interface", I3, json_pack("{s:s, s:i}", "name", "tap-c",
                                            "ofport", 9));
    fake_add(&f, "Port", P1, json_pack("{s:s, s:[s,s]}", "name", "tap-b",
                                       "interfaces", "uuid", I1));
    fake_add(&f, "Port", P2, json_pack("{s:s, s:[s,[[s,s],[s,s]]]}", "name",
                                       "bond", "interfaces", "set", "uuid",
                                       I2, "uuid", I3));
    fake_ref(&f, "Bridge", br, "ports", P1);
    fake_ref(&f, "Bridge", br, "ports", P2);
    ovsdb_replica_init(&r);
    fake_replica(&f, &r);
    overlay_conv_vifs(&r, "br-int", &vifs, &n);
    assert_int_equal(n, 2);
    assert_string_equal(vifs[0].iface_id, "vm-a");
    assert_string_equal(vifs[0].name, "tap-a");
    assert_int_equal(vifs[0].ofport, 0);
    assert_false(vifs[0].has_mac);
    assert_string_equal(vifs[1].iface_id, "vm-b");
    assert_int_equal(vifs[1].ofport, 7);
    assert_true(vifs[1].has_mac);
    assert_string_equal(vifs[1].mac, "02:00:00:00:00:0b");
    /* Foreign VIF ports do not make Kumo change anything. */
    ovsdb_txn_destroy(overlay_conv_plan(&r, &in, &obs, NULL));
    assert_int_equal(obs.n_foreign_ports, 2);
    assert_int_equal(converge(&f, &in, &obs), 0);
    /* Another bridge's VIFs are not br-int's. */
    overlay_conv_vifs(&r, "br-other", &vifs, &n);
    assert_int_equal(n, 2);
    free(vifs);
    ovsdb_replica_uninit(&r);
    json_decref(f.db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_then_idempotent),
        cmocka_unit_test(test_encaps_change_in_place),
        cmocka_unit_test(test_foreign_rows_untouched),
        cmocka_unit_test(test_name_clash),
        cmocka_unit_test(test_stale_plan_refused),
        cmocka_unit_test(test_controllers),
        cmocka_unit_test(test_no_root),
        cmocka_unit_test(test_mtu),
        cmocka_unit_test(test_vifs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
