/* cli-vnet: kumoctl's tenant-network commands over kumod's REST API
 * (cli-rest.h, docs/api.md):
 *
 *   tenant create NAME [--description D]
 *   tenant list | show TENANT | delete TENANT [--cascade]
 *   network create TENANT NAME [--id N] [--vni N] [--description D]
 *   network list [--tenant T] | show NETWORK | delete NETWORK [--cascade]
 *   port create NETWORK [--name N] [--switch DPID --port P [--vlan V]
 *                                   | --mac MAC | --iface-id ID]
 *               (no binding option: an unbound port, binding "none")
 *   port list [--network N] | show PORT | delete PORT
 *   flows DPID
 *
 * Objects are named by uuid or by name; a name is resolved through a list
 * call and must match exactly one object ("--tenant T" narrows a network
 * name, "--network N" a port name). Lists follow the pagination to the
 * end. Output: aligned tables and "key: value" views for humans, the
 * API's JSON with --json (lists: the array of every item; show/create:
 * the object; delete: {"deleted": UUID}).
 *
 * Values are passed to the API as typed (digits as JSON integers, anything
 * else as strings) so that the API alone validates them and its error
 * names the field; kumoctl adds the option that sets it.
 *
 * "flows DPID" reads the flow table through the API
 * (/v1/switches/DPID/flows) when --api is given, or when --ctl is not
 * given and $KUMO_API is set or the control socket does not exist;
 * otherwise through the control socket as before (cli-ctl.c). Both print
 * the same table and the same JSON array. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api-proto.h"
#include "cli/cli-rest.h"
#include "core/ctl-proto.h"
#include "core/ctl-table.h"
#include "lib/ds.h"
#include "lib/util.h"

/* kumod's default control socket (as in cli-ctl.c). */
#define VNET_CTL_DEFAULT_PATH "/run/kumo/kumod.ctl"

/* The parsed command line of one subcommand. */
struct vnet_args {
    struct cli_options opts;    /* Global options, overridden by options
                                 * given after the command. */
    const char *pos[4];         /* Positional arguments. */
    int n_pos;
    const char *description;
    const char *id;             /* --id: network number. */
    const char *vni;
    const char *tenant;         /* --tenant: filter/scope. */
    const char *network;        /* --network: filter/scope. */
    const char *name;           /* --name (port). */
    const char *sw;             /* --switch DPID. */
    const char *port;           /* --port P. */
    const char *vlan;
    const char *mac;
    const char *iface_id;
    bool cascade;
};

/* An option with a value, and where it goes. */
struct vnet_option {
    const char *name;
    size_t offset;              /* Of a 'const char *' in vnet_args. */
};

#define VNET_OPT(NAME, MEMBER) { NAME, offsetof(struct vnet_args, MEMBER) }
static const struct vnet_option vnet_options[] = {
    VNET_OPT("--description", description),
    VNET_OPT("--id", id),
    VNET_OPT("--vni", vni),
    VNET_OPT("--tenant", tenant),
    VNET_OPT("--network", network),
    VNET_OPT("--name", name),
    VNET_OPT("--switch", sw),
    VNET_OPT("--port", port),
    VNET_OPT("--vlan", vlan),
    VNET_OPT("--mac", mac),
    VNET_OPT("--iface-id", iface_id),
    VNET_OPT("--api", opts.api_url),
    VNET_OPT("--token", opts.token),
    VNET_OPT("--token-file", opts.token_file),
    VNET_OPT("--ctl", opts.ctl_path),
};

/* Parses 'argv' into 'a' (starting from 'opts'). 'allowed' is a
 * space-separated list, with a space at each end, of the options this
 * subcommand takes besides
 * --json, --api, --token, --token-file and --ctl ("--cascade" is a flag);
 * at most 'max_pos' positional arguments. Returns NULL or an error string
 * (caller frees). */
static char *
vnet_parse_args(const struct cli_options *opts, int argc, char *argv[],
                const char *allowed, int max_pos, struct vnet_args *a)
{
    static const char common[] = " --json --api --token --token-file --ctl ";
    bool options = true;
    int i;

    memset(a, 0, sizeof *a);
    a->opts = *opts;
    for (i = 0; i < argc; i++) {
        const char *arg = argv[i];
        char key[64];
        size_t j;

        if (options && !strcmp(arg, "--")) {
            options = false;        /* Only arguments follow. */
            continue;
        } else if (!options || arg[0] != '-' || !arg[1]) {
            if (a->n_pos >= max_pos
                || a->n_pos >= (int) ARRAY_SIZE(a->pos)) {
                return xasprintf("unexpected argument \"%s\"", arg);
            }
            a->pos[a->n_pos++] = arg;
            continue;
        }
        snprintf(key, sizeof key, " %s ", arg);
        if (!strstr(common, key) && !strstr(allowed, key)) {
            return xasprintf("unknown option \"%s\"", arg);
        }
        if (!strcmp(arg, "--json")) {
            a->opts.json = true;
            continue;
        } else if (!strcmp(arg, "--cascade")) {
            a->cascade = true;
            continue;
        }
        for (j = 0; j < ARRAY_SIZE(vnet_options); j++) {
            if (!strcmp(arg, vnet_options[j].name)) {
                break;
            }
        }
        if (j == ARRAY_SIZE(vnet_options)) {
            return xasprintf("unknown option \"%s\"", arg);
        }
        if (i + 1 >= argc) {
            return xasprintf("option \"%s\" needs a value", arg);
        }
        *(const char **) ((char *) a + vnet_options[j].offset) = argv[++i];
    }
    return NULL;
}

/* Returns 'text' as a JSON integer if it is one (decimal), else as a
 * string: the API then names the field that must be an integer. */
static json_t *
vnet_int_or_string(const char *text)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(text, &end, 10);
    if (*text && !*end && !errno && strspn(text, "-0123456789") ==
        strlen(text)) {
        return json_integer(n);
    }
    return json_string(text);
}

/* Adds string member 'key' = 'value' to 'o' if 'value' is not NULL. */
static void
vnet_put_str(json_t *o, const char *key, const char *value)
{
    if (value) {
        json_object_set_new(o, key, json_string(value));
    }
}

static void
vnet_put_int(json_t *o, const char *key, const char *value)
{
    if (value) {
        json_object_set_new(o, key, vnet_int_or_string(value));
    }
}

/* Builds the POST /v1/ports body for network 'network_uuid' from 'a'.
 * Returns it, or NULL with '*errorp' set (a usage error: binding options
 * that do not go together). */
static json_t *
vnet_port_body(const struct vnet_args *a, const char *network_uuid,
               char **errorp)
{
    json_t *body = json_pack("{s:s}", "network_uuid", network_uuid);
    json_t *b = NULL;
    int n_kinds = (a->sw || a->port || a->vlan) + !!a->mac + !!a->iface_id;

    *errorp = NULL;
    vnet_put_str(body, "name", a->name);
    if (n_kinds > 1) {
        *errorp = xstrdup("give one binding: --switch DPID --port P "
                          "[--vlan V], --mac MAC or --iface-id ID");
    } else if ((a->sw || a->port || a->vlan) && !(a->sw && a->port)) {
        *errorp = xstrdup("a switch-port binding needs both --switch DPID "
                          "and --port P (and optionally --vlan V)");
    } else if (a->sw) {
        b = json_pack("{s:s}", "kind", a->vlan ? "port-vlan" : "switch-port");
        vnet_put_str(b, "dpid", a->sw);
        vnet_put_int(b, "port_no", a->port);
        vnet_put_int(b, "vlan", a->vlan);
    } else if (a->mac) {
        /* The port's own MAC is the one it is bound by. */
        b = json_pack("{s:s, s:s}", "kind", "mac", "mac", a->mac);
        vnet_put_str(body, "mac", a->mac);
    } else if (a->iface_id) {
        b = json_pack("{s:s, s:s}", "kind", "iface-id", "iface_id",
                      a->iface_id);
    }
    if (*errorp) {
        json_decref(body);
        return NULL;
    }
    if (b) {
        json_object_set_new(body, "binding", b);
    }
    return body;
}

/* ---- Rendering (pure). */

static const char *
vnet_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* Returns the name of the object with uuid 'uuid' in 'items' (borrowed),
 * or 'uuid' itself if it is not there. */
static const char *
vnet_name_of(const json_t *items, const char *uuid)
{
    const json_t *v;
    size_t i;

    json_array_foreach(items, i, v) {
        if (!strcmp(vnet_str(v, "uuid"), uuid)) {
            return vnet_str(v, "name");
        }
    }
    return uuid;
}

/* Appends the one-line text of a port binding. */
static void
vnet_format_binding(struct ds *s, const json_t *b)
{
    const char *kind = vnet_str(b, "kind");

    if (!strcmp(kind, "switch-port") || !strcmp(kind, "port-vlan")) {
        ds_put_format(s, "switch %s port %lld", vnet_str(b, "dpid"),
                      (long long) json_integer_value(
                          json_object_get(b, "port_no")));
        if (!strcmp(kind, "port-vlan")) {
            ds_put_format(s, " vlan %lld", (long long) json_integer_value(
                              json_object_get(b, "vlan")));
        }
    } else if (!strcmp(kind, "mac")) {
        ds_put_format(s, "mac %s", vnet_str(b, "mac"));
    } else if (!strcmp(kind, "iface-id")) {
        ds_put_format(s, "iface-id %s", vnet_str(b, "iface_id"));
    } else {
        ds_put_cstr(s, *kind ? kind : "none");
    }
}

/* Appends the SSP attachment of port 'p', or "-". */
static void
vnet_format_attachment(struct ds *s, const json_t *p)
{
    const json_t *vlan = json_object_get(p, "vlan_id");

    if (!strcmp(vnet_str(p, "attachment_type"), "VifAttachment")) {
        ds_put_format(s, "vif %s", vnet_str(p, "attachment_ip"));
        if (json_is_integer(vlan)) {
            ds_put_format(s, " vlan %lld",
                          (long long) json_integer_value(vlan));
        }
    } else {
        ds_put_cstr(s, "-");
    }
}

static const char *
vnet_or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void
vnet_render_tenants(struct ds *s, const json_t *items)
{
    static const char *const head[] = { "UUID", "NAME", "DESCRIPTION" };
    struct ctl_table t;
    const json_t *v;
    size_t i;

    ctl_table_init(&t, ARRAY_SIZE(head), head);
    json_array_foreach(items, i, v) {
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", vnet_str(v, "uuid"));
        ctl_table_set(&t, 1, "%s", vnet_str(v, "name"));
        ctl_table_set(&t, 2, "%s", vnet_or_dash(vnet_str(v, "description")));
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

/* 'tenants' (may be NULL) names the tenant column. */
static void
vnet_render_networks(struct ds *s, const json_t *items,
                     const json_t *tenants)
{
    static const char *const head[] = {
        "UUID", "TENANT", "NAME", ">NET-ID", ">VNI", "DESCRIPTION",
    };
    struct ctl_table t;
    const json_t *v;
    size_t i;

    ctl_table_init(&t, ARRAY_SIZE(head), head);
    json_array_foreach(items, i, v) {
        const json_t *vni = json_object_get(v, "vni");

        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", vnet_str(v, "uuid"));
        ctl_table_set(&t, 1, "%s",
                      vnet_name_of(tenants, vnet_str(v, "tenant_uuid")));
        ctl_table_set(&t, 2, "%s", vnet_str(v, "name"));
        ctl_table_set(&t, 3, "%lld", (long long) json_integer_value(
                          json_object_get(v, "net_id")));
        if (json_is_integer(vni)) {
            ctl_table_set(&t, 4, "%lld", (long long) json_integer_value(vni));
        } else {
            ctl_table_set(&t, 4, "-");
        }
        ctl_table_set(&t, 5, "%s", vnet_or_dash(vnet_str(v, "description")));
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

/* 'networks' (may be NULL) names the network column. */
static void
vnet_render_ports(struct ds *s, const json_t *items, const json_t *networks)
{
    static const char *const head[] = {
        "UUID", "NETWORK", "NAME", "BINDING", "MAC", "ATTACHMENT",
    };
    struct ctl_table t;
    const json_t *v;
    size_t i;

    ctl_table_init(&t, ARRAY_SIZE(head), head);
    json_array_foreach(items, i, v) {
        struct ds x = DS_EMPTY_INITIALIZER;

        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", vnet_str(v, "uuid"));
        ctl_table_set(&t, 1, "%s",
                      vnet_name_of(networks, vnet_str(v, "network_uuid")));
        ctl_table_set(&t, 2, "%s", vnet_or_dash(vnet_str(v, "name")));
        vnet_format_binding(&x, json_object_get(v, "binding"));
        ctl_table_set(&t, 3, "%s", ds_cstr(&x));
        ds_clear(&x);
        ctl_table_set(&t, 4, "%s", vnet_or_dash(vnet_str(v, "mac")));
        vnet_format_attachment(&x, v);
        ctl_table_set(&t, 5, "%s", ds_cstr(&x));
        ds_destroy(&x);
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
}

/* Appends the "key: value" line of member 'key' = 'v'. */
static void
vnet_render_member(struct ds *s, const char *key, const json_t *v)
{
    char label[80];

    snprintf(label, sizeof label, "%s:", key);
    ds_put_format(s, "%-17s ", label);
    if (json_is_string(v)) {
        ds_put_cstr(s, vnet_or_dash(json_string_value(v)));
    } else if (json_is_null(v)) {
        ds_put_cstr(s, "-");
    } else if (!strcmp(key, "binding") && json_is_object(v)) {
        vnet_format_binding(s, v);
    } else if (json_is_array(v) && !json_array_size(v)) {
        ds_put_cstr(s, "-");
    } else if (json_is_array(v)) {
        const json_t *e;
        size_t i;

        json_array_foreach(v, i, e) {
            char *t = json_is_string(e) ? xstrdup(json_string_value(e))
                      : json_dumps(e, JSON_COMPACT | JSON_ENCODE_ANY);

            ds_put_format(s, "%s%s", i ? "," : "", t ? t : "?");
            free(t);
        }
    } else {
        char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

        ds_put_cstr(s, t ? t : "?");
        free(t);
    }
    ds_put_char(s, '\n');
}

/* Appends "key: value" lines for object 'o': identity and references
 * first, in a fixed order, then any other member in the API's order. */
static void
vnet_render_object(struct ds *s, const json_t *o)
{
    static const char *const order[] = {
        "uuid", "name", "tenant_uuid", "network_uuid", "net_id", "vni",
        "description", "binding", "mac", "ips", "attachment_type",
        "attachment_ip", "vlan_id",
    };
    const char *key;
    json_t *v;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(order); i++) {
        v = json_object_get(o, order[i]);
        if (v) {
            vnet_render_member(s, order[i], v);
        }
    }
    json_object_foreach((json_t *) o, key, v) {
        for (i = 0; i < ARRAY_SIZE(order); i++) {
            if (!strcmp(order[i], key)) {
                break;
            }
        }
        if (i == ARRAY_SIZE(order)) {
            vnet_render_member(s, key, v);
        }
    }
}

/* ---- Commands. */

/* Prints 'result' as JSON with --json, else with 'render'. */
static void
vnet_print(const struct vnet_args *a, const json_t *result,
           void (*render)(struct ds *, const json_t *))
{
    if (a->opts.json) {
        cli_print_json(result);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        render(&s, result);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
}

/* Resolves 'ref', a uuid or the name of an object of collection 'path'
 * ("/v1/networks") listed with filter 'query' (NULL: none), into 'uuid'.
 * 'kind' ("network"), 'scope' (the option that narrows a name, or NULL)
 * and 'within' (the scope given, e.g. "--tenant acme", or NULL) are for
 * messages. Returns 0 or the exit status after printing why. */
static int
vnet_resolve(const struct cli_rest *rest, const char *kind, const char *path,
             const char *query, const char *scope, const char *within,
             const char *ref, char uuid[37])
{
    struct ds matches = DS_EMPTY_INITIALIZER;
    const json_t *v;
    json_t *items;
    size_t i, n = 0;
    int status;

    if (api_is_uuid(ref)) {
        for (i = 0; i < 36; i++) {
            uuid[i] = (char) (ref[i] >= 'A' && ref[i] <= 'F'
                              ? ref[i] - 'A' + 'a' : ref[i]);
        }
        uuid[36] = '\0';
        return 0;
    }
    status = cli_rest_list(rest, path, query, &items);
    if (status) {
        return status;
    }
    json_array_foreach(items, i, v) {
        if (!strcmp(vnet_str(v, "name"), ref)) {
            if (n++) {
                ds_put_cstr(&matches, ", ");
            }
            ds_put_cstr(&matches, vnet_str(v, "uuid"));
            snprintf(uuid, 37, "%s", vnet_str(v, "uuid"));
        }
    }
    json_decref(items);
    if (n == 1) {
        status = 0;
    } else if (!n) {
        fprintf(stderr, "kumoctl: no %s named \"%s\"%s%s%s\n", kind, ref,
                within ? " (with " : "", within ? within : "",
                within ? ")" : "");
        status = CLI_REST_API_ERROR;
    } else {
        fprintf(stderr, "kumoctl: %s name \"%s\" is ambiguous (%zu %ss: %s): "
                "give the uuid%s%s\n", kind, ref, n, kind, ds_cstr(&matches),
                scope ? " or narrow it with " : "", scope ? scope : "");
        status = CLI_REST_API_ERROR;
    }
    ds_destroy(&matches);
    return status;
}

/* Resolves the optional scope 'ref' ('a->tenant' or 'a->network') to a
 * query "KEY=UUID" in '*queryp' (caller frees; NULL without 'ref'). */
static int
vnet_scope(const struct cli_rest *rest, const char *ref, const char *kind,
           const char *path, const char *key, char **queryp)
{
    char uuid[37];
    int status;

    *queryp = NULL;
    if (!ref) {
        return 0;
    }
    status = vnet_resolve(rest, kind, path, NULL, NULL, NULL, ref, uuid);
    if (!status) {
        *queryp = xasprintf("%s=%s", key, uuid);
    }
    return status;
}

/* GETs 'path'/'uuid' and prints it. */
static int
vnet_show(const struct cli_rest *rest, const struct vnet_args *a,
          const char *path, const char *uuid)
{
    char *url = xasprintf("%s/%s", path, uuid);
    json_t *obj;
    int status = cli_rest_call(rest, "GET", url, NULL, NULL, &obj);

    free(url);
    if (!status) {
        vnet_print(a, obj, vnet_render_object);
        json_decref(obj);
    }
    return status;
}

/* POSTs 'body' (takes ownership) to 'path' and prints the new object. */
static int
vnet_create(const struct cli_rest *rest, const struct vnet_args *a,
            const char *path, json_t *body,
            const struct cli_rest_hint *hints)
{
    json_t *obj;
    int status = cli_rest_call(rest, "POST", path, body, hints, &obj);

    json_decref(body);
    if (!status) {
        vnet_print(a, obj, vnet_render_object);
        json_decref(obj);
    }
    return status;
}

/* DELETEs 'path'/'uuid' (with ?cascade=true if asked). */
static int
vnet_delete(const struct cli_rest *rest, const struct vnet_args *a,
            const char *kind, const char *path, const char *uuid)
{
    char *url = xasprintf("%s/%s%s", path, uuid,
                          a->cascade ? "?cascade=true" : "");
    json_t *obj;
    int status = cli_rest_call(rest, "DELETE", url, NULL, NULL, &obj);

    free(url);
    json_decref(obj);
    if (!status) {
        if (a->opts.json) {
            json_t *r = json_pack("{s:s}", "deleted", uuid);

            cli_print_json(r);
            json_decref(r);
        } else {
            printf("deleted %s %s\n", kind, uuid);
        }
    }
    return status;
}

static const struct cli_rest_hint tenant_hints[] = {
    { "name", "NAME" },
    { "description", "--description" },
    { NULL, NULL },
};

static const struct cli_rest_hint network_hints[] = {
    { "tenant_uuid", "TENANT" },
    { "name", "NAME" },
    { "net_id", "--id" },
    { "vni", "--vni" },
    { "description", "--description" },
    { NULL, NULL },
};

static const struct cli_rest_hint port_hints[] = {
    { "network_uuid", "NETWORK" },
    { "name", "--name" },
    { "mac", "--mac" },
    { "binding", "--switch/--port/--vlan, --mac or --iface-id" },
    { "binding.dpid", "--switch" },
    { "binding.port_no", "--port" },
    { "binding.vlan", "--vlan" },
    { "binding.mac", "--mac" },
    { "binding.iface_id", "--iface-id" },
    { NULL, NULL },
};

static int
tenant_create(const struct cli_rest *rest, const struct vnet_args *a)
{
    json_t *body = json_pack("{s:s}", "name", a->pos[0]);

    vnet_put_str(body, "description", a->description);
    return vnet_create(rest, a, "/v1/tenants", body, tenant_hints);
}

static int
tenant_list(const struct cli_rest *rest, const struct vnet_args *a)
{
    json_t *items;
    int status = cli_rest_list(rest, "/v1/tenants", NULL, &items);

    if (!status) {
        vnet_print(a, items, vnet_render_tenants);
        json_decref(items);
    }
    return status;
}

static int
tenant_show(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = vnet_resolve(rest, "tenant", "/v1/tenants", NULL, NULL,
                              NULL, a->pos[0], uuid);

    return status ? status : vnet_show(rest, a, "/v1/tenants", uuid);
}

static int
tenant_delete(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = vnet_resolve(rest, "tenant", "/v1/tenants", NULL, NULL,
                              NULL, a->pos[0], uuid);

    return status ? status
           : vnet_delete(rest, a, "tenant", "/v1/tenants", uuid);
}

static int
network_create(const struct cli_rest *rest, const struct vnet_args *a)
{
    char tenant[37];
    int status = vnet_resolve(rest, "tenant", "/v1/tenants", NULL, NULL,
                              NULL, a->pos[0], tenant);
    json_t *body;

    if (status) {
        return status;
    }
    body = json_pack("{s:s, s:s}", "tenant_uuid", tenant, "name", a->pos[1]);
    vnet_put_int(body, "net_id", a->id);
    vnet_put_int(body, "vni", a->vni);
    vnet_put_str(body, "description", a->description);
    return vnet_create(rest, a, "/v1/networks", body, network_hints);
}

/* Prints networks with their tenants' names (a second list call) unless
 * --json. */
static void
network_print(const struct cli_rest *rest, const struct vnet_args *a,
              const json_t *items)
{
    json_t *tenants = NULL;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (a->opts.json) {
        cli_print_json(items);
        return;
    }
    if (json_array_size(items)
        && cli_rest_list(rest, "/v1/tenants", NULL, &tenants)) {
        tenants = NULL;   /* Printed why; show uuids. */
    }
    vnet_render_networks(&s, items, tenants);
    fputs(ds_cstr(&s), stdout);
    ds_destroy(&s);
    json_decref(tenants);
}

static int
network_list(const struct cli_rest *rest, const struct vnet_args *a)
{
    json_t *items;
    char *query;
    int status = vnet_scope(rest, a->tenant, "tenant", "/v1/tenants",
                            "tenant_uuid", &query);

    if (!status) {
        status = cli_rest_list(rest, "/v1/networks", query, &items);
    }
    if (!status) {
        network_print(rest, a, items);
        json_decref(items);
    }
    free(query);
    return status;
}

/* Resolves network 'ref' (narrowed by --tenant). */
static int
network_resolve(const struct cli_rest *rest, const struct vnet_args *a,
                const char *ref, char uuid[37])
{
    char *query;
    int status = vnet_scope(rest, a->tenant, "tenant", "/v1/tenants",
                            "tenant_uuid", &query);
    char *within = a->tenant ? xasprintf("--tenant %s", a->tenant) : NULL;

    if (!status) {
        status = vnet_resolve(rest, "network", "/v1/networks", query,
                              "--tenant", within, ref, uuid);
    }
    free(within);
    free(query);
    return status;
}

static int
network_show(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = network_resolve(rest, a, a->pos[0], uuid);

    return status ? status : vnet_show(rest, a, "/v1/networks", uuid);
}

static int
network_delete(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = network_resolve(rest, a, a->pos[0], uuid);

    return status ? status
           : vnet_delete(rest, a, "network", "/v1/networks", uuid);
}

static int
port_create(const struct cli_rest *rest, const struct vnet_args *a)
{
    char network[37];
    char *error;
    json_t *body;
    int status = network_resolve(rest, a, a->pos[0], network);

    if (status) {
        return status;
    }
    body = vnet_port_body(a, network, &error);
    if (!body) {
        fprintf(stderr, "kumoctl: port create: %s\n", error);
        free(error);
        return CLI_REST_USAGE;
    }
    return vnet_create(rest, a, "/v1/ports", body, port_hints);
}

/* Resolves --network (narrowed by --tenant) into a query. */
static int
port_scope(const struct cli_rest *rest, const struct vnet_args *a,
           char **queryp)
{
    char uuid[37];
    int status;

    *queryp = NULL;
    if (!a->network) {
        return 0;
    }
    status = network_resolve(rest, a, a->network, uuid);
    if (!status) {
        *queryp = xasprintf("network_uuid=%s", uuid);
    }
    return status;
}

static int
port_list(const struct cli_rest *rest, const struct vnet_args *a)
{
    json_t *items, *networks = NULL;
    char *query;
    int status = port_scope(rest, a, &query);

    if (!status) {
        status = cli_rest_list(rest, "/v1/ports", query, &items);
    }
    free(query);
    if (status) {
        return status;
    }
    if (a->opts.json) {
        cli_print_json(items);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        if (json_array_size(items)
            && cli_rest_list(rest, "/v1/networks", NULL, &networks)) {
            networks = NULL;
        }
        vnet_render_ports(&s, items, networks);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        json_decref(networks);
    }
    json_decref(items);
    return 0;
}

static int
port_resolve(const struct cli_rest *rest, const struct vnet_args *a,
             char uuid[37])
{
    char *query;
    int status = port_scope(rest, a, &query);
    char *within = a->network ? xasprintf("--network %s", a->network) : NULL;

    if (!status) {
        status = vnet_resolve(rest, "port", "/v1/ports", query, "--network",
                              within, a->pos[0], uuid);
    }
    free(within);
    free(query);
    return status;
}

static int
port_show(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = port_resolve(rest, a, uuid);

    return status ? status : vnet_show(rest, a, "/v1/ports", uuid);
}

static int
port_delete(const struct cli_rest *rest, const struct vnet_args *a)
{
    char uuid[37];
    int status = port_resolve(rest, a, uuid);

    return status ? status : vnet_delete(rest, a, "port", "/v1/ports", uuid);
}

/* One subcommand of "tenant", "network" or "port". */
struct vnet_sub {
    const char *name;
    const char *usage;          /* After "kumoctl OBJECT ". */
    const char *allowed;        /* Options (see vnet_parse_args). */
    int min_pos, max_pos;
    int (*run)(const struct cli_rest *, const struct vnet_args *);
};

static const struct vnet_sub tenant_subs[] = {
    { "create", "create NAME [--description D]", " --description ", 1, 1,
      tenant_create },
    { "list", "list", " ", 0, 0, tenant_list },
    { "show", "show TENANT", " ", 1, 1, tenant_show },
    { "delete", "delete TENANT [--cascade]", " --cascade ", 1, 1,
      tenant_delete },
};

static const struct vnet_sub network_subs[] = {
    { "create", "create TENANT NAME [--id N] [--vni N] [--description D]",
      " --id --vni --description ", 2, 2, network_create },
    { "list", "list [--tenant T]", " --tenant ", 0, 0, network_list },
    { "show", "show NETWORK [--tenant T]", " --tenant ", 1, 1,
      network_show },
    { "delete", "delete NETWORK [--tenant T] [--cascade]",
      " --tenant --cascade ", 1, 1, network_delete },
};

static const struct vnet_sub port_subs[] = {
    { "create", "create NETWORK [--tenant T] [--name N] [--switch DPID "
      "--port P [--vlan V] | --mac MAC | --iface-id ID]",
      " --tenant --name --switch --port --vlan --mac --iface-id ", 1, 1,
      port_create },
    { "list", "list [--network N [--tenant T]]", " --network --tenant ", 0,
      0, port_list },
    { "show", "show PORT [--network N [--tenant T]]", " --network --tenant ",
      1, 1, port_show },
    { "delete", "delete PORT [--network N [--tenant T]]",
      " --network --tenant ", 1, 1, port_delete },
};

static void
vnet_usage(FILE *out, const char *object, const struct vnet_sub *subs,
           size_t n)
{
    size_t i;

    fprintf(out, "usage:\n");
    for (i = 0; i < n; i++) {
        fprintf(out, "  kumoctl %s %s\n", object, subs[i].usage);
    }
    fprintf(out, "options anywhere: --json, --api URL (default %s, "
            "$KUMO_API), --token T ($KUMO_API_TOKEN), --token-file FILE\n",
            CLI_REST_DEFAULT_URL);
}

/* Runs subcommand argv[0] of 'object'. */
static int
vnet_dispatch(const char *object, const struct vnet_sub *subs, size_t n,
              const struct cli_options *opts, int argc, char *argv[])
{
    const struct vnet_sub *sub = NULL;
    struct vnet_args a;
    struct cli_rest rest;
    char *error;
    size_t i;
    int status;

    if (argc >= 1 && (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help")
                      || !strcmp(argv[0], "-h"))) {
        vnet_usage(stdout, object, subs, n);
        return 0;
    }
    for (i = 0; argc >= 1 && i < n; i++) {
        if (!strcmp(argv[0], subs[i].name)) {
            sub = &subs[i];
        }
    }
    if (!sub) {
        if (argc >= 1) {
            fprintf(stderr, "kumoctl: %s: unknown subcommand \"%s\"\n",
                    object, argv[0]);
        }
        vnet_usage(stderr, object, subs, n);
        return CLI_REST_USAGE;
    }
    error = vnet_parse_args(opts, argc - 1, argv + 1, sub->allowed,
                            sub->max_pos, &a);
    if (!error && a.n_pos < sub->min_pos) {
        error = xstrdup("missing argument");
    }
    if (error) {
        fprintf(stderr, "kumoctl: %s %s: %s\nusage: kumoctl %s %s\n", object,
                sub->name, error, object, sub->usage);
        free(error);
        return CLI_REST_USAGE;
    }
    status = cli_rest_init(&rest, &a.opts);
    if (status) {
        return status;
    }
    status = sub->run(&rest, &a);
    cli_rest_uninit(&rest);
    return status;
}

static int
tenant_run(const struct cli_options *opts, int argc, char *argv[])
{
    return vnet_dispatch("tenant", tenant_subs, ARRAY_SIZE(tenant_subs), opts,
                         argc, argv);
}

static int
network_run(const struct cli_options *opts, int argc, char *argv[])
{
    return vnet_dispatch("network", network_subs, ARRAY_SIZE(network_subs),
                         opts, argc, argv);
}

static int
port_run(const struct cli_options *opts, int argc, char *argv[])
{
    return vnet_dispatch("port", port_subs, ARRAY_SIZE(port_subs), opts,
                         argc, argv);
}

/* Returns true if "flows" should use the REST API with options 'o': --api
 * given; else the control socket if --ctl is given; else the API if
 * $KUMO_API is set or the control socket ($KUMO_CTL or the default) does
 * not exist. */
static bool
vnet_flows_use_api(const struct cli_options *o)
{
    const char *env_api = getenv("KUMO_API");
    const char *env_ctl = getenv("KUMO_CTL");
    struct stat st;

    if (o->api_url) {
        return true;
    } else if (o->ctl_path) {
        return false;
    } else if (env_api && *env_api) {
        return true;
    }
    return stat(env_ctl && *env_ctl ? env_ctl : VNET_CTL_DEFAULT_PATH, &st)
           && errno == ENOENT;
}

static int
vnet_flows_run(const struct cli_options *opts, int argc, char *argv[])
{
    static const char usage[] = "flows DPID [--json] [--api URL | --ctl PATH]";
    struct cli_rest rest;
    struct vnet_args a;
    char dpid_text[17];
    char *error, *path;
    json_t *items;
    uint64_t dpid;
    int status;

    error = vnet_parse_args(opts, argc, argv, " ", 1, &a);
    if (!error && a.n_pos != 1) {
        error = xstrdup("expected one DPID");
    }
    if (error) {
        fprintf(stderr, "kumoctl: flows: %s\nusage: kumoctl %s\n", error,
                usage);
        free(error);
        return CLI_REST_USAGE;
    }
    if (!vnet_flows_use_api(&a.opts)) {
        char *args[1] = { (char *) a.pos[0] };

        return cli_flows_command.run(&a.opts, 1, args);
    }
    if (!ctl_proto_parse_dpid(a.pos[0], &dpid)) {
        fprintf(stderr, "kumoctl: \"%s\" is not a datapath id (use decimal, "
                "0x-prefixed hex or 16 hex digits)\n", a.pos[0]);
        return CLI_REST_USAGE;
    }
    ctl_proto_format_dpid(dpid, dpid_text);
    status = cli_rest_init(&rest, &a.opts);
    if (status) {
        return status;
    }
    path = xasprintf("/v1/switches/%s/flows", dpid_text);
    status = cli_rest_list(&rest, path, NULL, &items);
    free(path);
    cli_rest_uninit(&rest);
    if (status) {
        return status;
    }
    if (a.opts.json) {
        cli_print_json(items);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        error = ctl_table_render(&s, "flows", items);
        if (error) {
            fprintf(stderr, "kumoctl: unexpected flows from kumod's API: "
                    "%s\n", error);
            free(error);
            status = CLI_REST_UNREACHABLE;
        } else {
            fputs(ds_cstr(&s), stdout);
        }
        ds_destroy(&s);
    }
    json_decref(items);
    return status;
}

const struct cli_command cli_tenant_command = {
    "tenant", "tenant create|list|show|delete",
    "tenants (REST API; \"kumoctl tenant help\")", tenant_run,
};
const struct cli_command cli_network_command = {
    "network", "network create|list|show|delete",
    "tenant networks (REST API; \"kumoctl network help\")", network_run,
};
const struct cli_command cli_port_command = {
    "port", "port create|list|show|delete",
    "ports and their bindings (REST API; \"kumoctl port help\")", port_run,
};
const struct cli_command cli_vnet_flows_command = {
    "flows", "flows DPID",
    "read a switch's flow table (control socket, or the API: see README)",
    vnet_flows_run,
};
