/* ovsdb-datum: helpers for RFC 7047's JSON encodings of OVSDB values.
 *
 * An atom is a JSON string, number or boolean, or ["uuid", "<uuid>"] /
 * ["named-uuid", "<name>"].  A set is ["set", [atom...]] except that a
 * set of exactly one element may be written as the bare atom; a map is
 * ["map", [[key, value]...]].  Readers here accept both set forms, so
 * callers never special-case one-element sets.
 *
 * Pure and stateless; builders return new references (caller owns),
 * readers return borrowed pointers into their argument. */
#ifndef KUMO_OVSDB_DATUM_H
#define KUMO_OVSDB_DATUM_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Length of a UUID in text form, without the terminator. */
#define OVSDB_UUID_LEN 36

/* True if 's' is a UUID in canonical text form (8-4-4-4-12 hex digits). */
bool ovsdb_uuid_is_valid(const char *s);

/* ["uuid", uuid].  'uuid' is copied. */
json_t *ovsdb_datum_uuid(const char *uuid);
/* ["named-uuid", name].  'name' is copied. */
json_t *ovsdb_datum_named_uuid(const char *name);
/* An empty set ["set", []]. */
json_t *ovsdb_datum_set_new(void);
/* Appends 'atom' (ownership taken) to set 'set' built by
 * ovsdb_datum_set_new(). */
void ovsdb_datum_set_add(json_t *set, json_t *atom);
/* An empty map ["map", []]. */
json_t *ovsdb_datum_map_new(void);
/* Appends the pair key -> value (ownership of both taken) to 'map'. */
void ovsdb_datum_map_add(json_t *map, json_t *key, json_t *value);
/* Appends string pair key -> value (copied) to 'map'. */
void ovsdb_datum_map_add_string(json_t *map, const char *key,
                                const char *value);

/* If 'atom' is ["uuid", U] with a valid U, returns U (borrowed), else
 * NULL. */
const char *ovsdb_datum_get_uuid(const json_t *atom);

/* Number of elements of set 'datum' (a bare atom counts as one; ["set",
 * [...]] its length), or 0 if 'datum' is not a set encoding. */
size_t ovsdb_datum_set_size(const json_t *datum);
/* Element 'i' of set 'datum' (borrowed), or NULL if out of range. */
const json_t *ovsdb_datum_set_get(const json_t *datum, size_t i);
/* True if set 'datum' holds an element equal to 'atom'. */
bool ovsdb_datum_set_contains(const json_t *datum, const json_t *atom);
/* True if set 'datum' holds ["uuid", uuid]. */
bool ovsdb_datum_set_contains_uuid(const json_t *datum, const char *uuid);

/* Number of pairs of map 'datum', or 0 if it is not a map encoding. */
size_t ovsdb_datum_map_size(const json_t *datum);
/* The value for string key 'key' in map 'datum' (borrowed), or NULL. */
const json_t *ovsdb_datum_map_get(const json_t *datum, const char *key);
/* Like ovsdb_datum_map_get() for a string value; NULL if absent or not a
 * string. */
const char *ovsdb_datum_map_get_string(const json_t *datum, const char *key);

/* Condition [column, function, value] for "where" clauses.  Takes
 * ownership of 'value'. */
json_t *ovsdb_condition(const char *column, const char *function,
                        json_t *value);
/* The clause [["_uuid", "==", ["uuid", uuid]]]. */
json_t *ovsdb_where_uuid(const char *uuid);
/* Mutation [column, mutator, value].  Takes ownership of 'value'. */
json_t *ovsdb_mutation(const char *column, const char *mutator,
                       json_t *value);

#endif /* ovsdb-datum.h */
