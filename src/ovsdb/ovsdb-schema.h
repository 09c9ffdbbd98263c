/* ovsdb-schema: the parts of an RFC 7047 database schema (the result of
 * "get_schema") the client needs: tables, their columns and the columns'
 * types, so monitors and transactions can be checked before they are sent.
 *
 * Pure; a schema is immutable once parsed and may be shared read-only. */
#ifndef KUMO_OVSDB_SCHEMA_H
#define KUMO_OVSDB_SCHEMA_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Unlimited "max" of a column type. */
#define OVSDB_SCHEMA_UNLIMITED 0xffffffffu

struct ovsdb_schema_column {
    char *name;
    char *key_type;         /* "integer", "real", "boolean", "string",
                             * "uuid". */
    char *value_type;       /* Maps only; NULL otherwise. */
    char *ref_table;        /* Key refTable for uuid keys, or NULL. */
    unsigned int min;       /* Element count bounds: 1,1 = scalar. */
    unsigned int max;       /* OVSDB_SCHEMA_UNLIMITED for "unlimited". */
};

struct ovsdb_schema_table {
    char *name;
    bool is_root;
    size_t n_columns;
    struct ovsdb_schema_column *columns;
};

struct ovsdb_schema {
    char *name;             /* Database name, e.g. "Open_vSwitch". */
    char *version;          /* e.g. "8.3.1"; "" if absent. */
    size_t n_tables;
    struct ovsdb_schema_table *tables;
};

/* Parses 'json' (a get_schema result; borrowed).  Returns the schema
 * (caller frees with ovsdb_schema_destroy()) and sets '*errorp' to NULL,
 * or returns NULL with an error message naming the bad member in
 * '*errorp' (caller frees). */
struct ovsdb_schema *ovsdb_schema_parse(const json_t *json, char **errorp);
/* Frees 'schema'.  Accepts NULL. */
void ovsdb_schema_destroy(struct ovsdb_schema *schema);
/* The table named 'name' (borrowed from 'schema'), or NULL. */
const struct ovsdb_schema_table *ovsdb_schema_find_table(
    const struct ovsdb_schema *schema, const char *name);
/* The column named 'name' of 'table' (borrowed), or NULL.  The implicit
 * columns "_uuid" and "_version" are not listed. */
const struct ovsdb_schema_column *ovsdb_schema_find_column(
    const struct ovsdb_schema_table *table, const char *name);

#endif /* ovsdb-schema.h */
