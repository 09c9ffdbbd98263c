/* kumoctl chassis [--json]: the hypervisors kumod manages over OVSDB
 * (src/overlay): OVSDB session, integration bridge, controller, tunnel
 * ports, VM interfaces, underlay MTU check and the last error.  The JSON
 * is the control socket's result (src/overlay/overlay-ctl.c). */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

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

static int
chassis_run(const struct cli_options *opts_, int argc, char *argv[])
{
    struct cli_options opts = *opts_;
    json_t *result;
    int i, status;

    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            opts.json = true;
        } else {
            fprintf(stderr, "kumoctl: usage: kumoctl chassis [--json]\n");
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
    "chassis", "chassis [--json]",
    "hypervisors managed over OVSDB: bridge, tunnels, VIFs, errors",
    chassis_run,
};
