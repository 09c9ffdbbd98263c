/* ovsdb-replica: the client's local copy of monitored OVSDB tables, kept
 * in step with "monitor" results and "update" notifications (RFC 7047
 * sections 4.1.5 and 4.1.6), and the diff that resynchronises it with a
 * fresh monitor result after a reconnect.
 *
 * Rows are JSON objects (column name -> datum in RFC 7047 encoding)
 * indexed by table name and row UUID.  A row object is never modified
 * once stored: a change stores a new object, so a reference to an old row
 * (e.g. in a change event) stays valid and unchanged.  Treat every row as
 * read-only.
 *
 * Pure; owned by one thread. */
#ifndef KUMO_OVSDB_REPLICA_H
#define KUMO_OVSDB_REPLICA_H 1

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum ovsdb_row_change {
    OVSDB_ROW_INSERT,       /* 'new' set, 'old' NULL. */
    OVSDB_ROW_MODIFY,       /* both set (full rows before and after). */
    OVSDB_ROW_DELETE,       /* 'old' set, 'new' NULL. */
};

/* Called once per row change.  'old' and 'new' are borrowed for the call
 * (add a reference to keep them). */
typedef void ovsdb_replica_cb(void *aux, enum ovsdb_row_change,
                              const char *table, const char *uuid,
                              json_t *old, json_t *new);

struct ovsdb_replica {
    json_t *tables;         /* table name -> {uuid -> row object}. */
    uint64_t change_seq;    /* Bumped on every row change. */
};

/* Initializes 'r' empty. */
void ovsdb_replica_init(struct ovsdb_replica *r);
/* Frees the rows of 'r'. */
void ovsdb_replica_uninit(struct ovsdb_replica *r);
/* Removes every row, reporting each as a delete through 'cb' (may be
 * NULL). */
void ovsdb_replica_clear(struct ovsdb_replica *r, ovsdb_replica_cb *cb,
                         void *aux);

/* The row objects of 'updates' and 'initial' below are referenced, not
 * copied (a full copy of a large initial state would double its memory):
 * the caller must not modify them afterwards. */

/* Applies <table-updates> 'updates' (borrowed) from an "update"
 * notification, reporting each change through 'cb' (may be NULL).
 * Returns NULL, or an error message (caller frees) for a malformed update
 * (the well-formed rows before it have been applied: the caller should
 * resynchronise). */
char *ovsdb_replica_apply(struct ovsdb_replica *r, const json_t *updates,
                          ovsdb_replica_cb *cb, void *aux);
/* Makes 'r' equal to 'initial' (borrowed): the <table-updates> result of a
 * new "monitor" request, in which every row has only "new".  Reports the
 * difference between the old contents and 'initial' through 'cb': rows
 * gone are deletes, new rows inserts, changed rows modifies; unchanged
 * rows report nothing.  Returns NULL or an error message (caller frees);
 * on error 'r' is unchanged. */
char *ovsdb_replica_resync(struct ovsdb_replica *r, const json_t *initial,
                           ovsdb_replica_cb *cb, void *aux);

/* The row 'uuid' of 'table' (borrowed until the replica changes), or
 * NULL. */
json_t *ovsdb_replica_get_row(const struct ovsdb_replica *r,
                              const char *table, const char *uuid);
/* Table 'table' as a JSON object uuid -> row (borrowed until the replica
 * changes), or NULL if it has no rows.  Iterate with
 * json_object_foreach(). */
json_t *ovsdb_replica_get_table(const struct ovsdb_replica *r,
                                const char *table);
/* Number of rows in 'table'. */
size_t ovsdb_replica_count(const struct ovsdb_replica *r, const char *table);
/* The first row of 'table' whose 'column' equals the string 'value'
 * (borrowed), storing its uuid in '*uuidp' if not NULL; NULL if none. */
json_t *ovsdb_replica_find(const struct ovsdb_replica *r, const char *table,
                           const char *column, const char *value,
                           const char **uuidp);

/* The first row of 'table' whose map column 'column' has string key 'key'
 * with string value 'value' (e.g. Interface external_ids:iface-id=X), or
 * NULL; stores its uuid in '*uuidp' if not NULL.  Linear in the table. */
json_t *ovsdb_replica_find_by_map(const struct ovsdb_replica *r,
                                  const char *table, const char *column,
                                  const char *key, const char *value,
                                  const char **uuidp);

#endif /* ovsdb-replica.h */
