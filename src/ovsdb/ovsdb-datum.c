/* ovsdb-datum: builders and readers for OVSDB's JSON value encodings (see
 * ovsdb-datum.h). */
#include "ovsdb/ovsdb-datum.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

bool
ovsdb_uuid_is_valid(const char *s)
{
    size_t i;

    if (!s || strlen(s) != OVSDB_UUID_LEN) {
        return false;
    }
    for (i = 0; i < OVSDB_UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return false;
            }
        } else if (!isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

/* [a, b], taking both references. */
static json_t *
pair_new(json_t *a, json_t *b)
{
    json_t *array = json_array();

    json_array_append_new(array, a);
    json_array_append_new(array, b);
    return array;
}

json_t *
ovsdb_datum_uuid(const char *uuid)
{
    return pair_new(json_string("uuid"), json_string(uuid));
}

json_t *
ovsdb_datum_named_uuid(const char *name)
{
    return pair_new(json_string("named-uuid"), json_string(name));
}

json_t *
ovsdb_datum_set_new(void)
{
    return pair_new(json_string("set"), json_array());
}

void
ovsdb_datum_set_add(json_t *set, json_t *atom)
{
    json_array_append_new(json_array_get(set, 1), atom);
}

json_t *
ovsdb_datum_map_new(void)
{
    return pair_new(json_string("map"), json_array());
}

void
ovsdb_datum_map_add(json_t *map, json_t *key, json_t *value)
{
    json_array_append_new(json_array_get(map, 1), pair_new(key, value));
}

void
ovsdb_datum_map_add_string(json_t *map, const char *key, const char *value)
{
    ovsdb_datum_map_add(map, json_string(key), json_string(value));
}

/* If 'datum' is [tag, array] returns the array, else NULL. */
static const json_t *
tagged_array(const json_t *datum, const char *tag)
{
    const json_t *t;

    if (!json_is_array(datum) || json_array_size(datum) != 2) {
        return NULL;
    }
    t = json_array_get(datum, 0);
    if (!json_is_string(t) || strcmp(json_string_value(t), tag)) {
        return NULL;
    }
    t = json_array_get(datum, 1);
    return json_is_array(t) ? t : NULL;
}

const char *
ovsdb_datum_get_uuid(const json_t *atom)
{
    const json_t *tag, *value;

    if (!json_is_array(atom) || json_array_size(atom) != 2) {
        return NULL;
    }
    tag = json_array_get(atom, 0);
    value = json_array_get(atom, 1);
    if (!json_is_string(tag) || strcmp(json_string_value(tag), "uuid")
        || !json_is_string(value)
        || !ovsdb_uuid_is_valid(json_string_value(value))) {
        return NULL;
    }
    return json_string_value(value);
}

/* True if 'atom' is an atom encoding (scalar, uuid or named-uuid). */
static bool
is_atom(const json_t *atom)
{
    const json_t *tag;

    if (json_is_string(atom) || json_is_number(atom)
        || json_is_boolean(atom)) {
        return true;
    }
    if (!json_is_array(atom) || json_array_size(atom) != 2) {
        return false;
    }
    tag = json_array_get(atom, 0);
    return json_is_string(tag)
           && (!strcmp(json_string_value(tag), "uuid")
               || !strcmp(json_string_value(tag), "named-uuid"))
           && json_is_string(json_array_get(atom, 1));
}

size_t
ovsdb_datum_set_size(const json_t *datum)
{
    const json_t *elems = tagged_array(datum, "set");

    if (elems) {
        return json_array_size(elems);
    }
    return is_atom(datum) ? 1 : 0;
}

const json_t *
ovsdb_datum_set_get(const json_t *datum, size_t i)
{
    const json_t *elems = tagged_array(datum, "set");

    if (elems) {
        return json_array_get(elems, i);
    }
    return i == 0 && is_atom(datum) ? datum : NULL;
}

bool
ovsdb_datum_set_contains(const json_t *datum, const json_t *atom)
{
    size_t i, n = ovsdb_datum_set_size(datum);

    for (i = 0; i < n; i++) {
        if (json_equal((json_t *) ovsdb_datum_set_get(datum, i),
                       (json_t *) atom)) {
            return true;
        }
    }
    return false;
}

bool
ovsdb_datum_set_contains_uuid(const json_t *datum, const char *uuid)
{
    size_t i, n = ovsdb_datum_set_size(datum);

    for (i = 0; i < n; i++) {
        const char *u = ovsdb_datum_get_uuid(ovsdb_datum_set_get(datum, i));
        if (u && !strcasecmp(u, uuid)) {
            return true;
        }
    }
    return false;
}

size_t
ovsdb_datum_map_size(const json_t *datum)
{
    const json_t *pairs = tagged_array(datum, "map");
    return pairs ? json_array_size(pairs) : 0;
}

const json_t *
ovsdb_datum_map_get(const json_t *datum, const char *key)
{
    const json_t *pairs = tagged_array(datum, "map");
    size_t i;

    for (i = 0; pairs && i < json_array_size(pairs); i++) {
        const json_t *p = json_array_get(pairs, i);
        const json_t *k = json_array_get(p, 0);
        if (json_is_array(p) && json_array_size(p) == 2
            && json_is_string(k) && !strcmp(json_string_value(k), key)) {
            return json_array_get(p, 1);
        }
    }
    return NULL;
}

const char *
ovsdb_datum_map_get_string(const json_t *datum, const char *key)
{
    return json_string_value(ovsdb_datum_map_get(datum, key));
}

json_t *
ovsdb_condition(const char *column, const char *function, json_t *value)
{
    json_t *c = json_array();

    json_array_append_new(c, json_string(column));
    json_array_append_new(c, json_string(function));
    json_array_append_new(c, value);
    return c;
}

json_t *
ovsdb_where_uuid(const char *uuid)
{
    json_t *where = json_array();

    json_array_append_new(where, ovsdb_condition("_uuid", "==",
                                                 ovsdb_datum_uuid(uuid)));
    return where;
}

json_t *
ovsdb_mutation(const char *column, const char *mutator, json_t *value)
{
    return ovsdb_condition(column, mutator, value);
}
