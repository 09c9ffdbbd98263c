/* ovsdb-txn: "transact" request building and result reading (see
 * ovsdb-txn.h). */
#include "ovsdb/ovsdb-txn.h"

#include <stdlib.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-datum.h"

struct ovsdb_txn *
ovsdb_txn_create(const char *db)
{
    struct ovsdb_txn *txn = xmalloc(sizeof *txn);

    txn->params = json_array();
    json_array_append_new(txn->params, json_string(db));
    return txn;
}

void
ovsdb_txn_destroy(struct ovsdb_txn *txn)
{
    if (txn) {
        json_decref(txn->params);
        free(txn);
    }
}

size_t
ovsdb_txn_n_ops(const struct ovsdb_txn *txn)
{
    return json_array_size(txn->params) - 1;
}

size_t
ovsdb_txn_add_raw(struct ovsdb_txn *txn, json_t *op)
{
    json_array_append_new(txn->params, op);
    return ovsdb_txn_n_ops(txn) - 1;
}

/* A new op object {"op": op, "table": table}. */
static json_t *
op_new(const char *op, const char *table)
{
    json_t *o = json_object();

    json_object_set_new(o, "op", json_string(op));
    if (table) {
        json_object_set_new(o, "table", json_string(table));
    }
    return o;
}

size_t
ovsdb_txn_insert(struct ovsdb_txn *txn, const char *table, json_t *row,
                 const char *uuid_name)
{
    json_t *o = op_new("insert", table);

    json_object_set_new(o, "row", row ? row : json_object());
    if (uuid_name) {
        json_object_set_new(o, "uuid-name", json_string(uuid_name));
    }
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_update(struct ovsdb_txn *txn, const char *table, json_t *where,
                 json_t *row)
{
    json_t *o = op_new("update", table);

    json_object_set_new(o, "where", where ? where : json_array());
    json_object_set_new(o, "row", row ? row : json_object());
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_mutate(struct ovsdb_txn *txn, const char *table, json_t *where,
                 json_t *mutations)
{
    json_t *o = op_new("mutate", table);

    json_object_set_new(o, "where", where ? where : json_array());
    json_object_set_new(o, "mutations", mutations ? mutations : json_array());
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_delete(struct ovsdb_txn *txn, const char *table, json_t *where)
{
    json_t *o = op_new("delete", table);

    json_object_set_new(o, "where", where ? where : json_array());
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_select(struct ovsdb_txn *txn, const char *table, json_t *where,
                 json_t *columns)
{
    json_t *o = op_new("select", table);

    json_object_set_new(o, "where", where ? where : json_array());
    if (columns) {
        json_object_set_new(o, "columns", columns);
    }
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_wait(struct ovsdb_txn *txn, const char *table, json_t *where,
               json_t *columns, const char *until, json_t *rows,
               int64_t timeout_ms)
{
    json_t *o = op_new("wait", table);

    json_object_set_new(o, "where", where ? where : json_array());
    json_object_set_new(o, "columns", columns ? columns : json_array());
    json_object_set_new(o, "until", json_string(until));
    json_object_set_new(o, "rows", rows ? rows : json_array());
    if (timeout_ms >= 0) {
        json_object_set_new(o, "timeout", json_integer(timeout_ms));
    }
    return ovsdb_txn_add_raw(txn, o);
}

size_t
ovsdb_txn_comment(struct ovsdb_txn *txn, const char *comment)
{
    json_t *o = op_new("comment", NULL);

    json_object_set_new(o, "comment", json_string(comment));
    return ovsdb_txn_add_raw(txn, o);
}

static void
result_init(struct ovsdb_txn_result *res, size_t n_ops)
{
    size_t i;

    memset(res, 0, sizeof *res);
    res->n_ops = n_ops;
    res->ops = xcalloc(n_ops + 1, sizeof *res->ops);
    res->failed_op = SIZE_MAX;
    for (i = 0; i < n_ops; i++) {
        res->ops[i].count = -1;
    }
}

void
ovsdb_txn_result_set_error(struct ovsdb_txn_result *res, size_t n_ops,
                           const char *error)
{
    result_init(res, n_ops);
    res->error = xstrdup(error);
}

/* Reads an {"error": ..., "details": ...} object into 'op'; returns true
 * if it is one. */
static bool
parse_op_error(const json_t *o, struct ovsdb_op_result *op)
{
    const json_t *e = json_object_get(o, "error");

    if (!json_is_string(e)) {
        return false;
    }
    op->error = json_string_value(e);
    op->details = json_string_value(json_object_get(o, "details"));
    return true;
}

void
ovsdb_txn_result_parse(struct ovsdb_txn_result *res, const json_t *result,
                       size_t n_ops)
{
    size_t i, n;

    result_init(res, n_ops);
    if (!json_is_array(result)) {
        res->error = xstrdup("transaction result is not an array");
        return;
    }
    res->reply = json_incref((json_t *) result);
    n = json_array_size(result);
    if (n < n_ops) {
        res->error = xasprintf("transaction result has %zu elements for "
                               "%zu operations", n, n_ops);
        return;
    }
    for (i = 0; i < n_ops; i++) {
        const json_t *o = json_array_get(result, i);
        struct ovsdb_op_result *op = &res->ops[i];
        const json_t *v;

        if (json_is_null(o)) {
            continue;           /* Not executed: an earlier op failed. */
        }
        if (!json_is_object(o)) {
            res->error = xasprintf("operation %zu: result is not an object",
                                   i);
            return;
        }
        op->executed = true;
        if (parse_op_error(o, op)) {
            if (res->failed_op == SIZE_MAX) {
                res->failed_op = i;
            }
            continue;
        }
        v = json_object_get(o, "uuid");
        if (v) {
            op->uuid = ovsdb_datum_get_uuid(v);
        }
        v = json_object_get(o, "count");
        if (json_is_integer(v)) {
            op->count = json_integer_value(v);
        }
        v = json_object_get(o, "rows");
        if (json_is_array(v)) {
            op->rows = (json_t *) v;
        }
    }
    /* One extra element: the commit failed after every op succeeded. */
    if (n > n_ops) {
        struct ovsdb_op_result extra;
        memset(&extra, 0, sizeof extra);
        if (parse_op_error(json_array_get(result, n_ops), &extra)) {
            res->error = extra.details
                ? xasprintf("commit failed: %s: %s", extra.error,
                            extra.details)
                : xasprintf("commit failed: %s", extra.error);
        } else {
            res->error = xasprintf("transaction result has %zu elements "
                                   "for %zu operations", n, n_ops);
        }
    } else if (res->failed_op == SIZE_MAX) {
        for (i = 0; i < n_ops; i++) {
            if (!res->ops[i].executed) {
                res->error = xasprintf("operation %zu was not executed but "
                                       "no operation failed", i);
                break;
            }
        }
    }
}

void
ovsdb_txn_result_uninit(struct ovsdb_txn_result *res)
{
    json_decref(res->reply);
    free(res->error);
    free(res->ops);
    memset(res, 0, sizeof *res);
}

bool
ovsdb_txn_result_ok(const struct ovsdb_txn_result *res)
{
    return !res->error && res->failed_op == SIZE_MAX;
}

void
ovsdb_txn_result_format(const struct ovsdb_txn_result *res, struct ds *ds)
{
    if (res->failed_op != SIZE_MAX) {
        const struct ovsdb_op_result *op = &res->ops[res->failed_op];
        ds_put_format(ds, "operation %zu failed: %s", res->failed_op,
                      op->error);
        if (op->details) {
            ds_put_format(ds, ": %s", op->details);
        }
        if (res->error) {
            ds_put_format(ds, "; %s", res->error);
        }
    } else if (res->error) {
        ds_put_cstr(ds, res->error);
    } else {
        ds_put_cstr(ds, "ok");
    }
}
