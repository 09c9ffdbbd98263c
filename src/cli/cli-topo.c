/* kumoctl's fabric commands: "topology" (switches, links, hosts) and
 * "path SRC DST" (the hops between two hosts now, with equal-cost
 * alternatives and backups). Both accept --json before or after the
 * command name; the JSON is the control socket's result, described in
 * src/fabric/fabric-view.h. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/ctl-table.h"
#include "lib/ds.h"
#include "lib/util.h"

enum { EXIT_USAGE = 2, EXIT_BAD_RESULT = 3 };

/* Strips "--json" from 'argv' (setting '*json'); returns the new argc. */
static int
take_json_flag(int argc, char *argv[], bool *json)
{
    int i, n = 0;

    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            *json = true;
        } else {
            argv[n++] = argv[i];
        }
    }
    return n;
}

static const char *
str_member(const json_t *o, const char *name)
{
    const char *s = json_string_value(json_object_get(o, name));

    return s ? s : "?";
}

static long long
int_member(const json_t *o, const char *name)
{
    return (long long) json_integer_value(json_object_get(o, name));
}

/* Joins the strings of array 'a' with ','. */
static void
put_joined(struct ds *s, const json_t *a)
{
    const json_t *v;
    size_t i;

    json_array_foreach(a, i, v) {
        if (i) {
            ds_put_char(s, ',');
        }
        if (json_is_string(v)) {
            ds_put_cstr(s, json_string_value(v));
        } else if (json_is_integer(v)) {
            ds_put_format(s, "%lld", (long long) json_integer_value(v));
        }
    }
}

static void
render_topology(struct ds *s, const json_t *r)
{
    static const char *const sw_head[] = {
        "SWITCH", "SYNCED", ">PORTS", ">EDGE", ">FABRIC", ">OTHER",
    };
    static const char *const link_head[] = {
        "SWITCH-A", ">PORT-A", "SWITCH-B", ">PORT-B", "STATE", "TREE",
        ">AGE-MS",
    };
    static const char *const host_head[] = {
        "MAC", ">VLAN", "SWITCH", ">PORT", "IPV4", "IPV6", ">AGE-S",
    };
    const json_t *v, *p;
    struct ctl_table t;
    size_t i, j;

    ds_put_format(s, "switches: %lld  links: %lld  hosts: %lld  "
                  "change_seq: %lld\n\n", int_member(r, "n_switches"),
                  int_member(r, "n_links"), int_member(r, "n_hosts"),
                  int_member(r, "change_seq"));

    ctl_table_init(&t, ARRAY_SIZE(sw_head), sw_head);
    json_array_foreach(json_object_get(r, "switches"), i, v) {
        int n_edge = 0, n_fabric = 0, n_other = 0;

        json_array_foreach(json_object_get(v, "ports"), j, p) {
            const char *kind = str_member(p, "kind");

            if (!strcmp(kind, "edge")) {
                n_edge++;
            } else if (!strcmp(kind, "fabric")) {
                n_fabric++;
            } else {
                n_other++;
            }
        }
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", str_member(v, "dpid"));
        ctl_table_set(&t, 1, "%s", json_is_true(json_object_get(v, "synced"))
                                   ? "yes" : "no");
        ctl_table_set(&t, 2, "%zu",
                      json_array_size(json_object_get(v, "ports")));
        ctl_table_set(&t, 3, "%d", n_edge);
        ctl_table_set(&t, 4, "%d", n_fabric);
        ctl_table_set(&t, 5, "%d", n_other);
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);

    ds_put_cstr(s, "\n");
    ctl_table_init(&t, ARRAY_SIZE(link_head), link_head);
    json_array_foreach(json_object_get(r, "links"), i, v) {
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", str_member(v, "a_dpid"));
        ctl_table_set(&t, 1, "%lld", int_member(v, "a_port"));
        ctl_table_set(&t, 2, "%s", str_member(v, "b_dpid"));
        ctl_table_set(&t, 3, "%lld", int_member(v, "b_port"));
        ctl_table_set(&t, 4, "%s", str_member(v, "state"));
        ctl_table_set(&t, 5, "%s", json_is_true(json_object_get(v, "tree"))
                                   ? "yes" : "no");
        ctl_table_set(&t, 6, "%lld", int_member(v, "age_ms"));
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);

    ds_put_cstr(s, "\n");
    ctl_table_init(&t, ARRAY_SIZE(host_head), host_head);
    json_array_foreach(json_object_get(r, "hosts"), i, v) {
        struct ds a = DS_EMPTY_INITIALIZER;

        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", str_member(v, "mac"));
        ctl_table_set(&t, 1, "%lld", int_member(v, "vlan"));
        ctl_table_set(&t, 2, "%s", str_member(v, "dpid"));
        ctl_table_set(&t, 3, "%lld", int_member(v, "port"));
        put_joined(&a, json_object_get(v, "ipv4"));
        ctl_table_set(&t, 4, "%s", a.length ? ds_cstr(&a) : "-");
        ds_clear(&a);
        put_joined(&a, json_object_get(v, "ipv6"));
        ctl_table_set(&t, 5, "%s", a.length ? ds_cstr(&a) : "-");
        ds_destroy(&a);
        ctl_table_set(&t, 6, "%lld", int_member(v, "age_sec"));
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

static void
put_host(struct ds *s, const json_t *h)
{
    ds_put_format(s, "%s", str_member(h, "mac"));
    if (json_array_size(json_object_get(h, "ipv4"))) {
        ds_put_cstr(s, " (");
        put_joined(s, json_object_get(h, "ipv4"));
        ds_put_cstr(s, ")");
    }
    ds_put_format(s, " at %s port %lld", str_member(h, "dpid"),
                  int_member(h, "port"));
}

static void
render_path(struct ds *s, const json_t *r)
{
    static const char *const head[] = {
        ">HOP", "SWITCH", ">IN", ">OUT", "NEXT", "ECMP", "BACKUP",
    };
    const json_t *v;
    struct ctl_table t;
    size_t i;

    ds_put_cstr(s, "from ");
    put_host(s, json_object_get(r, "src"));
    ds_put_cstr(s, "\nto   ");
    put_host(s, json_object_get(r, "dst"));
    ds_put_format(s, "\ndistance %lld\n\n", int_member(r, "distance"));
    ctl_table_init(&t, ARRAY_SIZE(head), head);
    json_array_foreach(json_object_get(r, "hops"), i, v) {
        const json_t *bk = json_object_get(v, "backup");
        const json_t *next = json_object_get(v, "peer_dpid");
        struct ds e = DS_EMPTY_INITIALIZER;

        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%zu", i + 1);
        ctl_table_set(&t, 1, "%s", str_member(v, "dpid"));
        ctl_table_set(&t, 2, "%lld", int_member(v, "in_port"));
        ctl_table_set(&t, 3, "%lld", int_member(v, "out_port"));
        ctl_table_set(&t, 4, "%s", json_is_string(next)
                                   ? json_string_value(next) : "host");
        put_joined(&e, json_object_get(v, "ecmp"));
        ctl_table_set(&t, 5, "%s", e.length ? ds_cstr(&e) : "-");
        ds_destroy(&e);
        if (json_is_object(bk)) {
            ctl_table_set(&t, 6, "port %lld to %s", int_member(bk, "port"),
                          str_member(bk, "peer_dpid"));
        } else {
            ctl_table_set(&t, 6, "-");
        }
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

/* Runs 'cmd' and prints its result as JSON or with 'render'. */
static int
run(const struct cli_options *opts_, bool json, const char *cmd,
    size_t n_args, char *args[],
    void (*render)(struct ds *, const json_t *))
{
    struct cli_options opts = *opts_;
    json_t *result;
    int status;

    opts.json = opts.json || json;
    status = cli_ctl_call(&opts, cmd, n_args, args, &result);
    if (status) {
        return status;
    }
    if (opts.json) {
        cli_print_json(result);
    } else if (!json_is_object(result)) {
        fprintf(stderr, "kumoctl: unexpected result from kumod for %s\n",
                cmd);
        status = EXIT_BAD_RESULT;
    } else {
        struct ds out = DS_EMPTY_INITIALIZER;

        render(&out, result);
        fputs(ds_cstr(&out), stdout);
        ds_destroy(&out);
    }
    json_decref(result);
    return status;
}

static int
topology_run(const struct cli_options *opts, int argc, char *argv[])
{
    bool json = false;

    argc = take_json_flag(argc, argv, &json);
    if (argc) {
        fprintf(stderr, "kumoctl: usage: kumoctl topology [--json]\n");
        return EXIT_USAGE;
    }
    return run(opts, json, "topology", 0, NULL, render_topology);
}

static int
path_run(const struct cli_options *opts, int argc, char *argv[])
{
    bool json = false;

    argc = take_json_flag(argc, argv, &json);
    if (argc != 2) {
        fprintf(stderr, "kumoctl: usage: kumoctl path SRC DST [--json] "
                "(hosts by MAC, IPv4 or IPv6 address)\n");
        return EXIT_USAGE;
    }
    return run(opts, json, "path", 2, argv, render_path);
}

const struct cli_command cli_topology_command = {
    "topology", "topology [--json]",
    "fabric switches, links (ports, state) and hosts", topology_run,
};
const struct cli_command cli_path_command = {
    "path", "path SRC DST [--json]",
    "hops between two hosts (MAC or IP) now, with backups", path_run,
};
