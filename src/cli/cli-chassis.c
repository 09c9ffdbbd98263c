/* kumoctl chassis [--json]: the hypervisors kumod manages over OVSDB
 * (src/overlay): OVSDB session, integration bridge, controller, tunnel
 * ports, VM interfaces, underlay MTU check and the last error.  The JSON
 * is the control socket's result (src/overlay/overlay-ctl.c).
 *
 * Registering and removing a chassis goes through the REST API
 * (cli-rest.h, POST/DELETE /v1/chassis), like the tenant commands:
 *
 *   kumoctl chassis add NAME --ovsdb ADDR --tunnel-ip IP
 *                       [--encaps vxlan,geneve,gre] [--datapath-type T]
 *   kumoctl chassis delete NAME|UUID */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api-proto.h"
#include "cli/cli-rest.h"
#include "core/ctl-table.h"
#include "lib/ds.h"
#include "lib/util.h"

enum { EXIT_USAGE = 2, EXIT_BAD_RESULT = 3 };

static const char *
str_or(const json_t *o, const char *name, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, name));

    return s ? s : dflt;
}

static const char *
yes_no(const json_t *o, const char *name)
{
    return json_is_true(json_object_get(o, name)) ? "yes" : "no";
}

static void
render_chassis(struct ds *s, const json_t *r)
{
    static const char *const head[] = {
        "NAME", "OVSDB", "CONNECTED", "SYNCED", "BRIDGE", "CONTROLLER",
        "TUNNELS", ">VIFS", ">MTU", "ERROR",
    };
    const json_t *c, *v;
    struct ctl_table t;
    size_t i, j;

    ctl_table_init(&t, ARRAY_SIZE(head), head);
    json_array_foreach(r, i, c) {
        const json_t *br = json_object_get(c, "bridge");
        const json_t *ctl = json_object_get(c, "controller");
        const json_t *mtu = json_object_get(c, "underlay_mtu");
        struct ds tun = DS_EMPTY_INITIALIZER;
        const char *err = str_or(c, "mtu_error", NULL);

        json_array_foreach(json_object_get(c, "tunnels"), j, v) {
            ds_put_format(&tun, "%s%s", j ? "," : "", json_string_value(v));
        }
        if (!err) {
            err = str_or(c, "last_error", "-");
        }
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", str_or(c, "name", "?"));
        ctl_table_set(&t, 1, "%s", str_or(c, "ovsdb_addr", "?"));
        ctl_table_set(&t, 2, "%s", yes_no(c, "connected"));
        ctl_table_set(&t, 3, "%s", yes_no(c, "synced"));
        ctl_table_set(&t, 4, "%s",
                      !json_is_true(json_object_get(br, "present")) ? "absent"
                      : json_is_true(json_object_get(br, "owned")) ? "kumo"
                      : "adopted");
        ctl_table_set(&t, 5, "%s",
                      json_is_true(json_object_get(ctl, "connected"))
                      ? "connected"
                      : json_is_true(json_object_get(ctl, "configured"))
                      ? "set" : "missing");
        ctl_table_set(&t, 6, "%s", tun.length ? ds_cstr(&tun) : "-");
        ctl_table_set(&t, 7, "%zu",
                      json_array_size(json_object_get(c, "vifs")));
        if (json_is_integer(mtu)) {
            ctl_table_set(&t, 8, "%lld", (long long) json_integer_value(mtu));
        } else {
            ctl_table_set(&t, 8, "?");
        }
        ctl_table_set(&t, 9, "%s", err);
        ds_destroy(&tun);
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

static const struct cli_rest_hint chassis_hints[] = {
    { "name", "NAME" },
    { "ovsdb_addr", "--ovsdb" },
    { "tunnel_ip", "--tunnel-ip" },
    { "encaps", "--encaps" },
    { "datapath_type", "--datapath-type" },
    { NULL, NULL },
};

static const char chassis_add_usage[] =
    "kumoctl chassis add NAME --ovsdb ADDR --tunnel-ip IP "
    "[--encaps vxlan,geneve,gre] [--datapath-type T] [--json]";

/* Builds the POST /v1/chassis body from "add"'s arguments (after "add").
 * Returns it (caller releases), or NULL with '*errorp' set (a usage error;
 * caller frees).  "--encaps" is a comma-separated list, passed on as given
 * so that the API validates it and names the field. */
static json_t *
chassis_add_body(int argc, char *argv[], bool *json, char **errorp)
{
    static const char *const opts[][2] = {
        { "--ovsdb", "ovsdb_addr" },
        { "--tunnel-ip", "tunnel_ip" },
        { "--datapath-type", "datapath_type" },
    };
    json_t *body = json_object();
    int i;
    size_t j;

    *errorp = NULL;
    for (i = 0; i < argc && !*errorp; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--json")) {
            *json = true;
            continue;
        }
        if (a[0] != '-') {
            if (json_object_get(body, "name")) {
                *errorp = xasprintf("unexpected argument \"%s\"", a);
            } else {
                json_object_set_new(body, "name", json_string(a));
            }
            continue;
        }
        if (i + 1 >= argc) {
            *errorp = xasprintf("%s needs a value", a);
            break;
        }
        if (!strcmp(a, "--encaps")) {
            char *list = xstrdup(argv[++i]), *save = NULL, *e;
            json_t *arr = json_array();

            for (e = strtok_r(list, ",", &save); e;
                 e = strtok_r(NULL, ",", &save)) {
                json_array_append_new(arr, json_string(e));
            }
            free(list);
            json_object_set_new(body, "encaps", arr);
            continue;
        }
        for (j = 0; j < ARRAY_SIZE(opts); j++) {
            if (!strcmp(a, opts[j][0])) {
                json_object_set_new(body, opts[j][1],
                                    json_string(argv[++i]));
                break;
            }
        }
        if (j == ARRAY_SIZE(opts)) {
            *errorp = xasprintf("unknown option \"%s\"", a);
        }
    }
    if (!*errorp && !json_object_get(body, "name")) {
        *errorp = xstrdup("give the chassis' NAME");
    }
    if (*errorp) {
        json_decref(body);
        return NULL;
    }
    return body;
}

/* "chassis add": POST /v1/chassis; prints the stored object. */
static int
chassis_add(const struct cli_options *opts_, int argc, char *argv[])
{
    struct cli_options opts = *opts_;
    struct cli_rest rest;
    json_t *body, *obj = NULL;
    char *error;
    int status;

    body = chassis_add_body(argc, argv, &opts.json, &error);
    if (!body) {
        fprintf(stderr, "kumoctl: chassis add: %s\nusage: %s\n", error,
                chassis_add_usage);
        free(error);
        return EXIT_USAGE;
    }
    status = cli_rest_init(&rest, &opts);
    if (!status) {
        status = cli_rest_call(&rest, "POST", "/v1/chassis", body,
                               chassis_hints, &obj);
        cli_rest_uninit(&rest);
    }
    if (!status && opts.json) {
        cli_print_json(obj);
    } else if (!status) {
        printf("chassis %s registered: %s\n",
               str_or(obj, "name", "?"), str_or(obj, "uuid", "?"));
    }
    json_decref(obj);
    json_decref(body);
    return status;
}

/* "chassis delete NAME|UUID": resolves a name through the list, then
 * DELETE /v1/chassis/UUID. */
static int
chassis_delete(const struct cli_options *opts_, int argc, char *argv[])
{
    struct cli_options opts = *opts_;
    const char *ref = NULL, *uuid = NULL;
    json_t *items = NULL, *obj = NULL;
    struct cli_rest rest;
    char *path;
    size_t i, n = 0;
    int status;

    for (i = 0; i < (size_t) argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            opts.json = true;
        } else if (!ref && argv[i][0] != '-') {
            ref = argv[i];
        } else {
            ref = NULL;
            break;
        }
    }
    if (!ref || i < (size_t) argc) {
        fprintf(stderr, "kumoctl: usage: kumoctl chassis delete "
                "NAME|UUID\n");
        return EXIT_USAGE;
    }
    status = cli_rest_init(&rest, &opts);
    if (status) {
        return status;
    }
    if (api_is_uuid(ref)) {
        uuid = ref;
    } else if (!(status = cli_rest_list(&rest, "/v1/chassis", NULL,
                                        &items))) {
        const json_t *c;

        json_array_foreach(items, i, c) {
            if (!strcmp(str_or(c, "name", ""), ref)) {
                uuid = str_or(c, "uuid", NULL);
                n++;
            }
        }
        if (n != 1) {
            fprintf(stderr, "kumoctl: chassis delete: %s chassis named "
                    "\"%s\"\n", n ? "more than one" : "no", ref);
            status = CLI_REST_API_ERROR;
        }
    }
    if (!status) {
        path = xasprintf("/v1/chassis/%s", uuid);
        status = cli_rest_call(&rest, "DELETE", path, NULL, chassis_hints,
                               &obj);
        free(path);
        if (!status && opts.json) {
            json_t *d = json_pack("{s:s}", "deleted", uuid);

            cli_print_json(d);
            json_decref(d);
        } else if (!status) {
            printf("chassis %s deleted\n", ref);
        }
    }
    json_decref(obj);
    json_decref(items);
    cli_rest_uninit(&rest);
    return status;
}

static int
chassis_run(const struct cli_options *opts_, int argc, char *argv[])
{
    struct cli_options opts = *opts_;
    json_t *result;
    int i, status;

    if (argc > 0 && !strcmp(argv[0], "add")) {
        return chassis_add(opts_, argc - 1, argv + 1);
    }
    if (argc > 0 && !strcmp(argv[0], "delete")) {
        return chassis_delete(opts_, argc - 1, argv + 1);
    }

    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            opts.json = true;
        } else {
            fprintf(stderr, "kumoctl: usage: kumoctl chassis [--json]\n"
                    "       %s\n"
                    "       kumoctl chassis delete NAME|UUID\n",
                    chassis_add_usage);
            return EXIT_USAGE;
        }
    }
    status = cli_ctl_call(&opts, "chassis", 0, NULL, &result);
    if (status) {
        return status;
    }
    if (opts.json) {
        cli_print_json(result);
    } else if (!json_is_array(result)) {
        fprintf(stderr, "kumoctl: unexpected result from kumod for "
                "chassis\n");
        status = EXIT_BAD_RESULT;
    } else {
        struct ds out = DS_EMPTY_INITIALIZER;

        render_chassis(&out, result);
        fputs(ds_cstr(&out), stdout);
        ds_destroy(&out);
    }
    json_decref(result);
    return status;
}

const struct cli_command cli_chassis_command = {
    "chassis", "chassis [--json] | chassis add NAME --ovsdb ADDR "
    "--tunnel-ip IP [--encaps LIST] | chassis delete NAME",
    "hypervisors managed over OVSDB: bridge, tunnels, VIFs, errors; "
    "register (REST API) or remove one",
    chassis_run,
};
