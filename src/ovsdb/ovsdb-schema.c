/* ovsdb-schema: parsing of RFC 7047 schemas (see ovsdb-schema.h). */
#include "ovsdb/ovsdb-schema.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

/* Parses a <base-type> (a string or {"type": ..., "refTable": ...}) into
 * '*typep' and '*refp' (both new strings, '*refp' may be NULL). */
static char *
parse_base_type(const json_t *json, const char *where, char **typep,
                char **refp)
{
    const json_t *type = json;
    const json_t *ref = NULL;

    if (json_is_object(json)) {
        type = json_object_get(json, "type");
        ref = json_object_get(json, "refTable");
    }
    if (!json_is_string(type)) {
        return xasprintf("%s: type is not a string or {\"type\": ...}", where);
    }
    *typep = xstrdup(json_string_value(type));
    if (refp && json_is_string(ref)) {
        *refp = xstrdup(json_string_value(ref));
    }
    return NULL;
}

static char *
parse_column(const char *name, const json_t *json, const char *table,
             struct ovsdb_schema_column *c)
{
    const json_t *type = json_object_get(json, "type");
    char *where = xasprintf("table %s column %s", table, name);
    char *error = NULL;

    c->name = xstrdup(name);
    c->min = c->max = 1;
    if (!json_is_object(json) || !type) {
        error = xasprintf("%s: no \"type\"", where);
    } else if (json_is_string(type)) {
        error = parse_base_type(type, where, &c->key_type, NULL);
    } else if (json_is_object(type)) {
        const json_t *min = json_object_get(type, "min");
        const json_t *max = json_object_get(type, "max");
        const json_t *value = json_object_get(type, "value");

        error = parse_base_type(json_object_get(type, "key"), where,
                                &c->key_type, &c->ref_table);
        if (!error && value) {
            error = parse_base_type(value, where, &c->value_type, NULL);
        }
        if (!error && min) {
            if (!json_is_integer(min) || json_integer_value(min) < 0
                || json_integer_value(min) > 1) {
                error = xasprintf("%s: bad \"min\"", where);
            } else {
                c->min = json_integer_value(min);
            }
        }
        if (!error && max) {
            if (json_is_string(max)
                && !strcmp(json_string_value(max), "unlimited")) {
                c->max = OVSDB_SCHEMA_UNLIMITED;
            } else if (json_is_integer(max) && json_integer_value(max) >= 1
                       && json_integer_value(max) < OVSDB_SCHEMA_UNLIMITED) {
                c->max = json_integer_value(max);
            } else {
                error = xasprintf("%s: bad \"max\"", where);
            }
        }
    } else {
        error = xasprintf("%s: \"type\" is neither a string nor an object",
                          where);
    }
    free(where);
    return error;
}

struct ovsdb_schema *
ovsdb_schema_parse(const json_t *json, char **errorp)
{
    struct ovsdb_schema *s;
    const json_t *name, *version, *tables, *tjson;
    const char *tname;
    size_t i;

    *errorp = NULL;
    if (!json_is_object(json)) {
        *errorp = xstrdup("schema is not a JSON object");
        return NULL;
    }
    name = json_object_get(json, "name");
    version = json_object_get(json, "version");
    tables = json_object_get(json, "tables");
    if (!json_is_string(name)) {
        *errorp = xstrdup("schema has no \"name\" string");
        return NULL;
    }
    if (!json_is_object(tables)) {
        *errorp = xstrdup("schema has no \"tables\" object");
        return NULL;
    }
    s = xzalloc(sizeof *s);
    s->name = xstrdup(json_string_value(name));
    s->version = xstrdup(json_is_string(version)
                         ? json_string_value(version) : "");
    s->tables = xcalloc(json_object_size(tables) + 1, sizeof *s->tables);
    i = 0;
    json_object_foreach((json_t *) tables, tname, tjson) {
        struct ovsdb_schema_table *t = &s->tables[i++];
        const json_t *columns = json_object_get(tjson, "columns");
        const json_t *cjson;
        const char *cname;

        s->n_tables = i;
        t->name = xstrdup(tname);
        t->is_root = json_is_true(json_object_get(tjson, "isRoot"));
        if (!json_is_object(columns)) {
            *errorp = xasprintf("table %s: no \"columns\" object", tname);
            goto error;
        }
        t->columns = xcalloc(json_object_size(columns) + 1,
                             sizeof *t->columns);
        json_object_foreach((json_t *) columns, cname, cjson) {
            *errorp = parse_column(cname, cjson, tname,
                                   &t->columns[t->n_columns++]);
            if (*errorp) {
                goto error;
            }
        }
    }
    return s;

error:
    ovsdb_schema_destroy(s);
    return NULL;
}

void
ovsdb_schema_destroy(struct ovsdb_schema *s)
{
    size_t i, j;

    if (!s) {
        return;
    }
    for (i = 0; i < s->n_tables; i++) {
        struct ovsdb_schema_table *t = &s->tables[i];
        for (j = 0; j < t->n_columns; j++) {
            free(t->columns[j].name);
            free(t->columns[j].key_type);
            free(t->columns[j].value_type);
            free(t->columns[j].ref_table);
        }
        free(t->columns);
        free(t->name);
    }
    free(s->tables);
    free(s->name);
    free(s->version);
    free(s);
}

const struct ovsdb_schema_table *
ovsdb_schema_find_table(const struct ovsdb_schema *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->n_tables; i++) {
        if (!strcmp(s->tables[i].name, name)) {
            return &s->tables[i];
        }
    }
    return NULL;
}

const struct ovsdb_schema_column *
ovsdb_schema_find_column(const struct ovsdb_schema_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->n_columns; i++) {
        if (!strcmp(t->columns[i].name, name)) {
            return &t->columns[i];
        }
    }
    return NULL;
}
