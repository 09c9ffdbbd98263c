/* ctl-table: see ctl-table.h. */
#include "core/ctl-table.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ds.h"

void
ctl_table_init(struct ctl_table *t, size_t n_columns,
               const char *const headings[])
{
    size_t i;

    memset(t, 0, sizeof *t);
    t->n_columns = n_columns;
    t->headings = xcalloc(n_columns, sizeof *t->headings);
    t->right = xcalloc(n_columns, sizeof *t->right);
    for (i = 0; i < n_columns; i++) {
        const char *h = headings[i];

        if (h[0] == '>') {
            t->right[i] = true;
            h++;
        }
        t->headings[i] = xstrdup(h);
    }
}

void
ctl_table_uninit(struct ctl_table *t)
{
    size_t i;

    for (i = 0; i < t->n_columns; i++) {
        free(t->headings[i]);
    }
    for (i = 0; i < t->n_rows * t->n_columns; i++) {
        free(t->cells[i]);
    }
    free(t->headings);
    free(t->right);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

void
ctl_table_add_row(struct ctl_table *t)
{
    size_t i;

    if (t->n_rows >= t->allocated_rows) {
        t->allocated_rows = t->allocated_rows ? t->allocated_rows * 2 : 8;
        t->cells = xrealloc(t->cells, t->allocated_rows * t->n_columns
                                      * sizeof *t->cells);
    }
    for (i = 0; i < t->n_columns; i++) {
        t->cells[t->n_rows * t->n_columns + i] = xstrdup("");
    }
    t->n_rows++;
}

void
ctl_table_set(struct ctl_table *t, size_t column, const char *format, ...)
{
    char **cell;
    va_list args;

    if (!t->n_rows || column >= t->n_columns) {
        kumo_fatal("ctl_table_set: no cell %zu in row %zu", column, t->n_rows);
    }
    cell = &t->cells[(t->n_rows - 1) * t->n_columns + column];
    free(*cell);
    va_start(args, format);
    *cell = xvasprintf(format, args);
    va_end(args);
}

static void
put_row(struct ds *s, const struct ctl_table *t, char *const cells[],
        const size_t widths[])
{
    size_t start = s->length;
    size_t i;

    for (i = 0; i < t->n_columns; i++) {
        size_t len = strlen(cells[i]);
        size_t pad = widths[i] - len;

        if (i) {
            ds_put_cstr(s, "  ");
        }
        if (t->right[i]) {
            ds_put_format(s, "%*s", (int) pad, "");
        }
        ds_put_cstr(s, cells[i]);
        if (!t->right[i]) {
            ds_put_format(s, "%*s", (int) pad, "");
        }
    }
    /* No trailing spaces (left-aligned last column). */
    while (s->length > start && s->string[s->length - 1] == ' ') {
        s->length--;
    }
    if (s->string) {
        s->string[s->length] = '\0';
    }
    ds_put_char(s, '\n');
}

void
ctl_table_format(const struct ctl_table *t, struct ds *s)
{
    size_t *widths = xcalloc(t->n_columns ? t->n_columns : 1, sizeof *widths);
    size_t r, i;

    for (i = 0; i < t->n_columns; i++) {
        widths[i] = strlen(t->headings[i]);
        for (r = 0; r < t->n_rows; r++) {
            size_t len = strlen(t->cells[r * t->n_columns + i]);
            widths[i] = MAX(widths[i], len);
        }
    }
    put_row(s, t, t->headings, widths);
    for (r = 0; r < t->n_rows; r++) {
        put_row(s, t, &t->cells[r * t->n_columns], widths);
    }
    free(widths);
}

/* ---- Result shapes ---- */

/* Fetches member 'key' of object 'o' as a string into '*v'; on a missing or
 * mistyped member returns an error naming it. */
static char *
get_str(const json_t *o, const char *key, const char **v)
{
    const json_t *m = json_object_get(o, key);

    /* Always set: the compiler cannot tell that callers read '*v' only
     * after a NULL return (xasprintf() is not known to be non-null). */
    *v = "";
    if (!json_is_string(m)) {
        return xasprintf("result entry has no string \"%s\"", key);
    }
    *v = json_string_value(m);
    return NULL;
}

static char *
get_int(const json_t *o, const char *key, json_int_t *v)
{
    const json_t *m = json_object_get(o, key);

    *v = 0;                     /* Always set: see get_str(). */
    if (!json_is_integer(m)) {
        return xasprintf("result entry has no integer \"%s\"", key);
    }
    *v = json_integer_value(m);
    return NULL;
}

static char *
expect_array_of_objects(const json_t *result)
{
    size_t i;
    const json_t *v;

    if (!json_is_array(result)) {
        return xstrdup("result is not an array");
    }
    json_array_foreach(result, i, v) {
        if (!json_is_object(v)) {
            return xasprintf("result[%zu] is not an object", i);
        }
    }
    return NULL;
}

/* Formats a duration in seconds as "3d04h", "2h05m", "4m07s" or "9s". */
static void
format_age(char *buf, size_t size, json_int_t secs)
{
    if (secs < 0) {
        secs = 0;
    }
    if (secs >= 86400) {
        snprintf(buf, size, "%lldd%02lldh", (long long) (secs / 86400),
                 (long long) (secs % 86400 / 3600));
    } else if (secs >= 3600) {
        snprintf(buf, size, "%lldh%02lldm", (long long) (secs / 3600),
                 (long long) (secs % 3600 / 60));
    } else if (secs >= 60) {
        snprintf(buf, size, "%lldm%02llds", (long long) (secs / 60),
                 (long long) (secs % 60));
    } else {
        snprintf(buf, size, "%llds", (long long) secs);
    }
}

static char *
render_switches(struct ds *s, const json_t *result)
{
    static const char *const headings[] = {
        "DPID", "ADDRESS", "VERSION", ">PORTS", "CONNECTED SINCE", ">UP",
        "ROLE",
    };
    struct ctl_table t;
    const json_t *sw;
    char *error = expect_array_of_objects(result);
    size_t i;

    if (error) {
        return error;
    }
    ctl_table_init(&t, ARRAY_SIZE(headings), headings);
    json_array_foreach(result, i, sw) {
        const char *dpid, *address, *version, *since, *role;
        json_int_t n_ports, secs;
        char age[32];

        if ((error = get_str(sw, "dpid", &dpid))
            || (error = get_str(sw, "address", &address))
            || (error = get_str(sw, "version", &version))
            || (error = get_int(sw, "n_ports", &n_ports))
            || (error = get_str(sw, "connected_since", &since))
            || (error = get_int(sw, "connected_secs", &secs))
            || (error = get_str(sw, "role", &role))) {
            break;
        }
        format_age(age, sizeof age, secs);
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", dpid);
        ctl_table_set(&t, 1, "%s", address);
        ctl_table_set(&t, 2, "OpenFlow %s", version);
        ctl_table_set(&t, 3, "%lld", (long long) n_ports);
        ctl_table_set(&t, 4, "%s", since);
        ctl_table_set(&t, 5, "%s", age);
        ctl_table_set(&t, 6, "%s", role);
    }
    if (!error) {
        ctl_table_format(&t, s);
        ds_put_format(s, "%zu switch%s\n", json_array_size(result),
                      json_array_size(result) == 1 ? "" : "es");
    }
    ctl_table_uninit(&t);
    return error;
}

/* Formats a speed in kbps as "10G", "100M", "" (unknown). */
static void
format_speed(char *buf, size_t size, json_int_t kbps)
{
    if (kbps <= 0) {
        snprintf(buf, size, "-");
    } else if (kbps % 1000000 == 0) {
        snprintf(buf, size, "%lldG", (long long) (kbps / 1000000));
    } else if (kbps % 1000 == 0) {
        snprintf(buf, size, "%lldM", (long long) (kbps / 1000));
    } else {
        snprintf(buf, size, "%lldk", (long long) kbps);
    }
}

static char *
render_ports(struct ds *s, const json_t *result)
{
    static const char *const headings[] = {
        ">PORT", "NAME", "MAC", "STATE", ">SPEED", "CONFIG",
    };
    struct ctl_table t;
    const json_t *p;
    char *error = expect_array_of_objects(result);
    size_t i;

    if (error) {
        return error;
    }
    ctl_table_init(&t, ARRAY_SIZE(headings), headings);
    json_array_foreach(result, i, p) {
        const char *port, *name, *mac, *state;
        json_int_t speed;
        const json_t *config = json_object_get(p, "config");
        struct ds flags = DS_EMPTY_INITIALIZER;
        const json_t *flag;
        size_t j;
        char speed_text[32];

        if ((error = get_str(p, "port", &port))
            || (error = get_str(p, "name", &name))
            || (error = get_str(p, "hw_addr", &mac))
            || (error = get_str(p, "state", &state))
            || (error = get_int(p, "curr_speed_kbps", &speed))) {
            break;
        }
        if (!json_is_array(config)) {
            error = xstrdup("result entry has no array \"config\"");
            break;
        }
        json_array_foreach(config, j, flag) {
            if (!json_is_string(flag)) {
                error = xstrdup("\"config\" holds a non-string");
                break;
            }
            ds_put_format(&flags, "%s%s", j ? "," : "",
                          json_string_value(flag));
        }
        if (error) {
            ds_destroy(&flags);
            break;
        }
        format_speed(speed_text, sizeof speed_text, speed);
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", port);
        ctl_table_set(&t, 1, "%s", name);
        ctl_table_set(&t, 2, "%s", mac);
        ctl_table_set(&t, 3, "%s", state);
        ctl_table_set(&t, 4, "%s", speed_text);
        ctl_table_set(&t, 5, "%s", flags.length ? ds_cstr(&flags) : "-");
        ds_destroy(&flags);
    }
    if (!error) {
        ctl_table_format(&t, s);
    }
    ctl_table_uninit(&t);
    return error;
}

static char *
render_flows(struct ds *s, const json_t *result)
{
    static const char *const headings[] = {
        ">TABLE", ">PRIORITY", ">PACKETS", ">BYTES", ">AGE", ">IDLE",
        "MATCH", "ACTIONS",
    };
    struct ctl_table t;
    const json_t *f;
    char *error = expect_array_of_objects(result);
    size_t i;

    if (error) {
        return error;
    }
    ctl_table_init(&t, ARRAY_SIZE(headings), headings);
    json_array_foreach(result, i, f) {
        json_int_t table, prio, packets, bytes, secs, idle;
        const char *match, *actions;
        char age[32];

        if ((error = get_int(f, "table_id", &table))
            || (error = get_int(f, "priority", &prio))
            || (error = get_int(f, "n_packets", &packets))
            || (error = get_int(f, "n_bytes", &bytes))
            || (error = get_int(f, "duration_sec", &secs))
            || (error = get_int(f, "idle_timeout", &idle))
            || (error = get_str(f, "match", &match))
            || (error = get_str(f, "actions", &actions))) {
            break;
        }
        format_age(age, sizeof age, secs);
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%lld", (long long) table);
        ctl_table_set(&t, 1, "%lld", (long long) prio);
        ctl_table_set(&t, 2, "%lld", (long long) packets);
        ctl_table_set(&t, 3, "%lld", (long long) bytes);
        ctl_table_set(&t, 4, "%s", age);
        ctl_table_set(&t, 5, idle ? "%llds" : "-", (long long) idle);
        ctl_table_set(&t, 6, "%s", *match ? match : "*");
        ctl_table_set(&t, 7, "%s", *actions ? actions : "drop");
    }
    if (!error) {
        ctl_table_format(&t, s);
        ds_put_format(s, "%zu flow%s\n", json_array_size(result),
                      json_array_size(result) == 1 ? "" : "s");
    }
    ctl_table_uninit(&t);
    return error;
}

/* Appends "NAME  VALUE" rows for every integer member of 'o'. */
static char *
render_counter_object(struct ds *s, const json_t *o)
{
    static const char *const headings[] = { "COUNTER", ">VALUE" };
    struct ctl_table t;
    const char *key;
    const json_t *v;

    if (!json_is_object(o)) {
        return xstrdup("counters are not an object");
    }
    ctl_table_init(&t, 2, headings);
    json_object_foreach((json_t *) o, key, v) {
        if (!json_is_integer(v)) {
            ctl_table_uninit(&t);
            return xasprintf("counter \"%s\" is not an integer", key);
        }
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", key);
        ctl_table_set(&t, 1, "%lld", (long long) json_integer_value(v));
    }
    ctl_table_format(&t, s);
    ctl_table_uninit(&t);
    return NULL;
}

static char *
render_counters(struct ds *s, const json_t *result)
{
    static const char *const headings[] = {
        "DPID", ">PACKET-INS", ">IN-DROPS", ">FLOW-MODS", ">PACKET-OUTS",
        ">OUT-DROPS", ">ERRORS-RX", ">QUEUE-MAX",
    };
    json_int_t n_workers, n_conns, n_switches;
    const json_t *switches, *sw;
    struct ctl_table t;
    char *error;
    size_t i;

    if (!json_is_object(result)) {
        return xstrdup("result is not an object");
    }
    if ((error = get_int(result, "n_workers", &n_workers))
        || (error = get_int(result, "n_connections", &n_conns))
        || (error = get_int(result, "n_switches", &n_switches))) {
        return error;
    }
    ds_put_format(s, "workers: %lld  connections: %lld  switches: %lld\n\n",
                  (long long) n_workers, (long long) n_conns,
                  (long long) n_switches);
    ds_put_cstr(s, "daemon:\n");
    if ((error = render_counter_object(s, json_object_get(result, "global")))) {
        return error;
    }
    ds_put_cstr(s, "\nall switches:\n");
    if ((error = render_counter_object(s, json_object_get(result, "total")))) {
        return error;
    }
    if (json_object_get(result, "l2switch")) {
        ds_put_cstr(s, "\nlearning switch:\n");
        error = render_counter_object(s, json_object_get(result, "l2switch"));
        if (error) {
            return error;
        }
    }
    if (json_object_get(result, "fabric")) {
        ds_put_cstr(s, "\nfabric:\n");
        error = render_counter_object(s, json_object_get(result, "fabric"));
        if (error) {
            return error;
        }
    }
    switches = json_object_get(result, "switches");
    if ((error = expect_array_of_objects(switches))) {
        return error;
    }
    if (!json_array_size(switches)) {
        return NULL;
    }
    ds_put_cstr(s, "\nper switch:\n");
    ctl_table_init(&t, ARRAY_SIZE(headings), headings);
    json_array_foreach(switches, i, sw) {
        static const char *const names[] = {
            "packet_ins", "packet_in_drops", "flow_mods", "packet_outs",
            "packet_out_drops", "errors_rx", "send_queue_max",
        };
        const json_t *c = json_object_get(sw, "counters");
        const char *dpid;
        size_t j;

        if ((error = get_str(sw, "dpid", &dpid))) {
            break;
        }
        if (!json_is_object(c)) {
            error = xstrdup("switch entry has no object \"counters\"");
            break;
        }
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", dpid);
        for (j = 0; j < ARRAY_SIZE(names); j++) {
            json_int_t v;

            if ((error = get_int(c, names[j], &v))) {
                break;
            }
            ctl_table_set(&t, j + 1, "%lld", (long long) v);
        }
        if (error) {
            break;
        }
    }
    if (!error) {
        ctl_table_format(&t, s);
    }
    ctl_table_uninit(&t);
    return error;
}

static char *
render_macs(struct ds *s, const json_t *result)
{
    static const char *const headings[] = { ">VLAN", "MAC", ">PORT", ">AGE" };
    struct ctl_table t;
    const json_t *m;
    char *error = expect_array_of_objects(result);
    size_t i;

    if (error) {
        return error;
    }
    ctl_table_init(&t, ARRAY_SIZE(headings), headings);
    json_array_foreach(result, i, m) {
        const char *mac, *port;
        json_int_t vlan, age;
        char age_text[32];

        if ((error = get_int(m, "vlan", &vlan))
            || (error = get_str(m, "mac", &mac))
            || (error = get_str(m, "port", &port))
            || (error = get_int(m, "age_sec", &age))) {
            break;
        }
        format_age(age_text, sizeof age_text, age);
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%lld", (long long) vlan);
        ctl_table_set(&t, 1, "%s", mac);
        ctl_table_set(&t, 2, "%s", port);
        ctl_table_set(&t, 3, "%s", age_text);
    }
    if (!error) {
        ctl_table_format(&t, s);
        ds_put_format(s, "%zu MAC%s\n", json_array_size(result),
                      json_array_size(result) == 1 ? "" : "s");
    }
    ctl_table_uninit(&t);
    return error;
}

static char *
render_log_levels(struct ds *s, const json_t *result)
{
    static const char *const headings[] = { "MODULE", "LEVEL" };
    struct ctl_table t;
    const json_t *m;
    char *error = expect_array_of_objects(result);
    size_t i;

    if (error) {
        return error;
    }
    ctl_table_init(&t, 2, headings);
    json_array_foreach(result, i, m) {
        const char *module, *level;

        if ((error = get_str(m, "module", &module))
            || (error = get_str(m, "level", &level))) {
            break;
        }
        ctl_table_add_row(&t);
        ctl_table_set(&t, 0, "%s", module);
        ctl_table_set(&t, 1, "%s", level);
    }
    if (!error) {
        ctl_table_format(&t, s);
    }
    ctl_table_uninit(&t);
    return error;
}

char *
ctl_table_render(struct ds *s, const char *cmd, const json_t *result)
{
    if (!strcmp(cmd, "switches")) {
        return render_switches(s, result);
    } else if (!strcmp(cmd, "ports")) {
        return render_ports(s, result);
    } else if (!strcmp(cmd, "flows")) {
        return render_flows(s, result);
    } else if (!strcmp(cmd, "macs")) {
        return render_macs(s, result);
    } else if (!strcmp(cmd, "counters")) {
        return render_counters(s, result);
    } else if (!strcmp(cmd, "log-levels")) {
        return render_log_levels(s, result);
    } else if (json_is_null(result)) {
        return NULL;
    } else if (json_is_string(result)) {
        ds_put_format(s, "%s\n", json_string_value(result));
        return NULL;
    } else {
        char *text = json_dumps(result, JSON_INDENT(2) | JSON_ENCODE_ANY);

        if (text) {
            ds_put_format(s, "%s\n", text);
            free(text);
        }
        return NULL;
    }
}
