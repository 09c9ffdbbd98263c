/* ovsdb-replica: local copy of monitored tables (see ovsdb-replica.h). */
#include "ovsdb/ovsdb-replica.h"

#include <string.h>

#include "lib/util.h"
#include "ovsdb/ovsdb-datum.h"

void
ovsdb_replica_init(struct ovsdb_replica *r)
{
    r->tables = json_object();
    r->change_seq = 0;
}

void
ovsdb_replica_uninit(struct ovsdb_replica *r)
{
    json_decref(r->tables);
    r->tables = NULL;
}

static void
report(struct ovsdb_replica *r, ovsdb_replica_cb *cb, void *aux,
       enum ovsdb_row_change change, const char *table, const char *uuid,
       json_t *old, json_t *new)
{
    r->change_seq++;
    if (cb) {
        cb(aux, change, table, uuid, old, new);
    }
}

void
ovsdb_replica_clear(struct ovsdb_replica *r, ovsdb_replica_cb *cb, void *aux)
{
    json_t *old = r->tables;
    const char *tname, *uuid;
    json_t *rows, *row;

    r->tables = json_object();
    json_object_foreach(old, tname, rows) {
        json_object_foreach(rows, uuid, row) {
            report(r, cb, aux, OVSDB_ROW_DELETE, tname, uuid, row, NULL);
        }
    }
    json_decref(old);
}

/* The rows object of 'table', created if 'create'. */
static json_t *
table_rows(struct ovsdb_replica *r, const char *table, bool create)
{
    json_t *rows = json_object_get(r->tables, table);

    if (!rows && create) {
        rows = json_object();
        json_object_set_new(r->tables, table, rows);
    }
    return rows;
}

/* Checks that 'updates' is {table: {uuid: {"old"?: {...}, "new"?: {...}}}}.
 * 'initial' requires "new" in every row. */
static char *
check_updates(const json_t *updates, bool initial)
{
    const char *tname, *uuid;
    json_t *rows, *ru;

    if (!json_is_object(updates)) {
        return xstrdup("table updates are not a JSON object");
    }
    json_object_foreach((json_t *) updates, tname, rows) {
        if (!json_is_object(rows)) {
            return xasprintf("table %s: updates are not a JSON object",
                             tname);
        }
        json_object_foreach(rows, uuid, ru) {
            json_t *old = json_object_get(ru, "old");
            json_t *new = json_object_get(ru, "new");

            if (!ovsdb_uuid_is_valid(uuid)) {
                return xasprintf("table %s: bad row UUID \"%s\"", tname,
                                 uuid);
            }
            if (!json_is_object(ru) || (old && !json_is_object(old))
                || (new && !json_is_object(new))) {
                return xasprintf("table %s row %s: malformed row update",
                                 tname, uuid);
            }
            if (initial && !new) {
                return xasprintf("table %s row %s: initial row without "
                                 "\"new\"", tname, uuid);
            }
        }
    }
    return NULL;
}

char *
ovsdb_replica_apply(struct ovsdb_replica *r, const json_t *updates,
                    ovsdb_replica_cb *cb, void *aux)
{
    const char *tname, *uuid;
    json_t *rows, *ru;
    char *error = check_updates(updates, false);

    if (error) {
        return error;
    }
    json_object_foreach((json_t *) updates, tname, rows) {
        json_object_foreach(rows, uuid, ru) {
            json_t *new = json_object_get(ru, "new");
            json_t *trows = table_rows(r, tname, new != NULL);
            json_t *cur = trows ? json_object_get(trows, uuid) : NULL;

            if (new && !cur) {
                /* Shared, not copied: rows are never modified. */
                json_t *row = json_incref(new);
                json_object_set_new(trows, uuid, row);
                report(r, cb, aux, OVSDB_ROW_INSERT, tname, uuid, NULL, row);
            } else if (new) {
                /* "new" may carry only some columns: merge into a copy so
                 * the old row object stays intact for the event. */
                json_t *row = json_copy(cur);
                json_object_update(row, new);
                if (json_equal(row, cur)) {
                    json_decref(row);
                    continue;
                }
                json_incref(cur);
                json_object_set_new(trows, uuid, row);
                report(r, cb, aux, OVSDB_ROW_MODIFY, tname, uuid, cur, row);
                json_decref(cur);
            } else if (cur) {
                json_incref(cur);
                json_object_del(trows, uuid);
                if (!json_object_size(trows)) {
                    json_object_del(r->tables, tname);
                }
                report(r, cb, aux, OVSDB_ROW_DELETE, tname, uuid, cur, NULL);
                json_decref(cur);
            }
            /* A delete of a row we do not have changes nothing. */
        }
    }
    return NULL;
}

char *
ovsdb_replica_resync(struct ovsdb_replica *r, const json_t *initial,
                     ovsdb_replica_cb *cb, void *aux)
{
    json_t *old = r->tables;
    const char *tname, *uuid;
    json_t *rows, *ru, *row;
    char *error = check_updates(initial, true);

    if (error) {
        return error;
    }
    /* Build the new contents first, then report against the old. */
    r->tables = json_object();
    json_object_foreach((json_t *) initial, tname, rows) {
        json_object_foreach(rows, uuid, ru) {
            json_object_set_new(table_rows(r, tname, true), uuid,
                                json_incref(json_object_get(ru, "new")));
        }
    }
    json_object_foreach(old, tname, rows) {
        json_t *nrows = json_object_get(r->tables, tname);
        json_object_foreach(rows, uuid, row) {
            if (!nrows || !json_object_get(nrows, uuid)) {
                report(r, cb, aux, OVSDB_ROW_DELETE, tname, uuid, row, NULL);
            }
        }
    }
    json_object_foreach(r->tables, tname, rows) {
        json_t *orows = json_object_get(old, tname);
        json_object_foreach(rows, uuid, row) {
            json_t *prev = orows ? json_object_get(orows, uuid) : NULL;
            if (!prev) {
                report(r, cb, aux, OVSDB_ROW_INSERT, tname, uuid, NULL, row);
            } else if (!json_equal(prev, row)) {
                report(r, cb, aux, OVSDB_ROW_MODIFY, tname, uuid, prev, row);
            }
        }
    }
    json_decref(old);
    return NULL;
}

json_t *
ovsdb_replica_get_row(const struct ovsdb_replica *r, const char *table,
                      const char *uuid)
{
    json_t *rows = json_object_get(r->tables, table);
    return rows ? json_object_get(rows, uuid) : NULL;
}

json_t *
ovsdb_replica_get_table(const struct ovsdb_replica *r, const char *table)
{
    return json_object_get(r->tables, table);
}

size_t
ovsdb_replica_count(const struct ovsdb_replica *r, const char *table)
{
    return json_object_size(json_object_get(r->tables, table));
}

json_t *
ovsdb_replica_find(const struct ovsdb_replica *r, const char *table,
                   const char *column, const char *value, const char **uuidp)
{
    json_t *rows = json_object_get(r->tables, table);
    const char *uuid;
    json_t *row;

    json_object_foreach(rows, uuid, row) {
        const char *s = json_string_value(json_object_get(row, column));
        if (s && !strcmp(s, value)) {
            if (uuidp) {
                *uuidp = uuid;
            }
            return row;
        }
    }
    return NULL;
}

json_t *
ovsdb_replica_find_by_map(const struct ovsdb_replica *r, const char *table,
                          const char *column, const char *key,
                          const char *value, const char **uuidp)
{
    json_t *rows = json_object_get(r->tables, table);
    const char *uuid;
    json_t *row;

    json_object_foreach(rows, uuid, row) {
        const char *s = ovsdb_datum_map_get_string(
            json_object_get(row, column), key);
        if (s && !strcmp(s, value)) {
            if (uuidp) {
                *uuidp = uuid;
            }
            return row;
        }
    }
    return NULL;
}
