/* Unit test: the hand-written OpenAPI document served at /v1/openapi.json
 * (api-openapi.c) agrees with the router's table (api-router.c): every
 * route is documented with the right method, path parameters and security,
 * every documented operation is routed, operation ids are unique and every
 * "$ref" resolves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <cmocka.h>

#include "api/api-openapi.h"
#include "api/api-router.h"
#include "lib/util.h"

static json_t *doc;

static int
setup(void **state)
{
    json_error_t jerr;

    (void) state;
    doc = json_loads(api_openapi_text(), 0, &jerr);
    if (!doc) {
        fail_msg("the OpenAPI document does not parse: %s (line %d, "
                 "column %d)", jerr.text, jerr.line, jerr.column);
    }
    return 0;
}

static int
teardown(void **state)
{
    (void) state;
    json_decref(doc);
    return 0;
}

static void
lower(const char *in, char *out, size_t size)
{
    size_t i;

    for (i = 0; in[i] && i + 1 < size; i++) {
        out[i] = (char) tolower((unsigned char) in[i]);
    }
    out[i] = '\0';
}

/* Resolves "#/a/b/c" in 'doc'; NULL if it does not. */
static json_t *
resolve(const char *ref)
{
    char *copy, *p, *save = NULL;
    json_t *node = doc;

    if (strncmp(ref, "#/", 2)) {
        return NULL;
    }
    copy = xstrdup(ref + 2);
    for (p = strtok_r(copy, "/", &save); p && node;
         p = strtok_r(NULL, "/", &save)) {
        node = json_object_get(node, p);
    }
    free(copy);
    return node;
}

static json_t *
deref(json_t *node)
{
    json_t *ref = json_object_get(node, "$ref");

    return ref ? resolve(json_string_value(ref)) : node;
}

static const struct api_route *
find_route(const char *method, const char *pattern)
{
    const struct api_route *routes;
    size_t n, i;

    routes = api_router_routes(&n);
    for (i = 0; i < n; i++) {
        if (!strcmp(routes[i].pattern, pattern)
            && !strcmp(routes[i].method, method)) {
            return &routes[i];
        }
    }
    return NULL;
}

static void
test_every_route_documented(void **state)
{
    const struct api_route *routes;
    json_t *paths = json_object_get(doc, "paths");
    size_t n, i;

    (void) state;
    routes = api_router_routes(&n);
    assert_true(n > 0);
    for (i = 0; i < n; i++) {
        const struct api_route *r = &routes[i];
        json_t *op, *params, *security, *p;
        char method[16];
        const char *s;
        size_t j, k;

        lower(r->method, method, sizeof method);
        op = json_object_get(json_object_get(paths, r->pattern), method);
        if (!op) {
            fail_msg("route %s %s is not in the OpenAPI document", r->method,
                     r->pattern);
        }
        if (!json_is_object(json_object_get(op, "responses"))
            || !json_object_size(json_object_get(op, "responses"))) {
            fail_msg("%s %s: no responses documented", r->method,
                     r->pattern);
        }

        /* Every {name} of the pattern is a documented path parameter. */
        params = json_object_get(op, "parameters");
        for (s = strchr(r->pattern, '{'); s; s = strchr(s + 1, '{')) {
            size_t len = strcspn(s + 1, "}");
            bool found = false;

            json_array_foreach (params, j, p) {
                json_t *param = deref(p);
                const char *name = json_string_value(
                    json_object_get(param, "name"));
                const char *in = json_string_value(
                    json_object_get(param, "in"));
                if (name && in && !strcmp(in, "path")
                    && strlen(name) == len && !strncmp(name, s + 1, len)) {
                    found = true;
                }
            }
            if (!found) {
                fail_msg("%s %s: path parameter %.*s not documented",
                         r->method, r->pattern, (int) len, s + 1);
            }
        }
        /* ...and no other path parameter is documented. */
        json_array_foreach (params, j, p) {
            json_t *param = deref(p);
            const char *name = json_string_value(json_object_get(param,
                                                                 "name"));
            const char *in = json_string_value(json_object_get(param, "in"));
            char braced[64];

            assert_non_null(name);
            assert_non_null(in);
            snprintf(braced, sizeof braced, "{%s}", name);
            if (!strcmp(in, "path") && !strstr(r->pattern, braced)) {
                fail_msg("%s %s: documents path parameter %s it lacks",
                         r->method, r->pattern, name);
            }
        }

        /* Security matches the route's authentication. */
        security = json_object_get(op, "security");
        switch (r->auth) {
        case API_AUTH_NONE:
            if (!json_is_array(security) || json_array_size(security)) {
                fail_msg("%s %s is open: needs \"security\": []", r->method,
                         r->pattern);
            }
            break;
        case API_AUTH_BEARER:
            if (security) {
                fail_msg("%s %s uses the default bearer security: no "
                         "override expected", r->method, r->pattern);
            }
            if (!json_object_get(json_object_get(op, "responses"), "401")) {
                fail_msg("%s %s: 401 not documented", r->method, r->pattern);
            }
            break;
        case API_AUTH_SESSION:
            k = json_array_size(security);
            if (k != 1 || !json_object_get(json_array_get(security, 0),
                                           "sspSession")) {
                fail_msg("%s %s needs \"security\": [{\"sspSession\": []}]",
                         r->method, r->pattern);
            }
            if (!json_object_get(json_object_get(op, "responses"), "401")) {
                fail_msg("%s %s: 401 not documented", r->method, r->pattern);
            }
            break;
        }
    }
}

static void
test_every_operation_routed(void **state)
{
    static const char *const methods[] = {
        "get", "post", "put", "delete", "patch", "head", "options", "trace",
    };
    json_t *paths = json_object_get(doc, "paths");
    json_t *ids = json_object();
    const char *path;
    json_t *item;
    size_t n_ops = 0, n_routes, i;

    (void) state;
    api_router_routes(&n_routes);
    json_object_foreach (paths, path, item) {
        const char *key;
        json_t *op;

        json_object_foreach (item, key, op) {
            bool is_method = false;
            char upper[16];
            const char *id;

            for (i = 0; i < ARRAY_SIZE(methods); i++) {
                is_method |= !strcmp(key, methods[i]);
            }
            if (!is_method) {
                if (strcmp(key, "parameters") && strcmp(key, "summary")) {
                    fail_msg("%s: unexpected member \"%s\"", path, key);
                }
                continue;
            }
            for (i = 0; key[i] && i + 1 < sizeof upper; i++) {
                upper[i] = (char) toupper((unsigned char) key[i]);
            }
            upper[i] = '\0';
            if (!find_route(upper, path)) {
                fail_msg("documented %s %s is not routed", upper, path);
            }
            id = json_string_value(json_object_get(op, "operationId"));
            if (!id) {
                fail_msg("%s %s: no operationId", upper, path);
            }
            if (json_object_get(ids, id)) {
                fail_msg("operationId %s used twice", id);
            }
            json_object_set_new(ids, id, json_true());
            n_ops++;
        }
    }
    json_decref(ids);
    assert_int_equal(n_ops, n_routes);
}

/* Walks 'node' and checks that every "$ref" resolves. */
static void
check_refs(json_t *node)
{
    const char *key;
    json_t *child;
    size_t i;

    if (json_is_object(node)) {
        json_object_foreach (node, key, child) {
            if (!strcmp(key, "$ref")) {
                if (!json_is_string(child)
                    || !resolve(json_string_value(child))) {
                    fail_msg("$ref %s does not resolve",
                             json_string_value(child));
                }
            } else {
                check_refs(child);
            }
        }
    } else if (json_is_array(node)) {
        json_array_foreach (node, i, child) {
            check_refs(child);
        }
    }
}

static void
test_refs_resolve(void **state)
{
    (void) state;
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")),
                        "3.0.3");
    assert_non_null(json_object_get(json_object_get(doc, "info"), "title"));
    check_refs(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_documented),
        cmocka_unit_test(test_every_operation_routed),
        cmocka_unit_test(test_refs_resolve),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
