/* ctl-cmd: see ctl-cmd.h. */
#include "core/ctl-cmd.h"

#include <stdlib.h>
#include <string.h>

#include "core/ctl-proto.h"
#include "lib/log.h"
#include "lib/util.h"

LOG_MODULE(ctl_cmd)

struct ctl_cmd {
    const char *name;
    const char *usage;
    size_t min_args, max_args;
    ctl_cmd_handler *handler;
    void *aux;
};

static struct ctl_cmd *cmds;
static size_t n_cmds, allocated_cmds;

struct ctl_counters_section {
    const char *name;
    ctl_counters_fn *fn;
    void *aux;
};

static struct ctl_counters_section *sections;
static size_t n_sections;

void
ctl_cmd_register_counters(const char *name, ctl_counters_fn *fn, void *aux)
{
    size_t i;

    for (i = 0; i < n_sections; i++) {
        if (!strcmp(sections[i].name, name)) {
            break;
        }
    }
    if (i == n_sections) {
        sections = xrealloc(sections, (n_sections + 1) * sizeof *sections);
        n_sections++;
    }
    sections[i].name = name;
    sections[i].fn = fn;
    sections[i].aux = aux;
}

void
ctl_cmd_add_counters(json_t *result)
{
    size_t i;

    for (i = 0; i < n_sections; i++) {
        json_t *v = sections[i].fn(sections[i].aux);

        if (v) {
            json_object_set_new(result, sections[i].name, v);
        }
    }
}

void
ctl_cmd_register(const char *name, const char *usage, size_t min_args,
                 size_t max_args, ctl_cmd_handler *handler, void *aux)
{
    struct ctl_cmd *c = NULL;
    size_t i;

    for (i = 0; i < n_cmds; i++) {
        if (!strcmp(cmds[i].name, name)) {
            c = &cmds[i];
        }
    }
    if (!c) {
        if (n_cmds >= allocated_cmds) {
            allocated_cmds = allocated_cmds ? allocated_cmds * 2 : 16;
            cmds = xrealloc(cmds, allocated_cmds * sizeof *cmds);
        }
        c = &cmds[n_cmds++];
    }
    c->name = name;
    c->usage = usage;
    c->min_args = min_args;
    c->max_args = max_args;
    c->handler = handler;
    c->aux = aux;
}

void
ctl_cmd_unregister_all(void)
{
    free(cmds);
    cmds = NULL;
    n_cmds = allocated_cmds = 0;
    free(sections);
    sections = NULL;
    n_sections = 0;
}

static const struct ctl_cmd *
find_cmd(const char *name)
{
    size_t i;

    for (i = 0; i < n_cmds; i++) {
        if (!strcmp(cmds[i].name, name)) {
            return &cmds[i];
        }
    }
    return NULL;
}

char *
ctl_cmd_dispatch(const char *line, size_t size)
{
    struct ctl_request req;
    const struct ctl_cmd *c;
    char *error, *reply;
    json_t *result;

    error = ctl_proto_parse_request(line, size, &req);
    if (error) {
        reply = ctl_proto_reply_error(error);
        free(error);
        return reply;
    }
    c = find_cmd(req.cmd);
    if (!c) {
        error = xasprintf("unknown command \"%s\" (try \"help\")", req.cmd);
    } else if (req.n_args < c->min_args || req.n_args > c->max_args) {
        error = xasprintf("wrong number of arguments: usage: %s", c->usage);
    } else {
        error = NULL;
        result = c->handler(req.n_args, req.args, c->aux, &error);
        if (result) {
            reply = ctl_proto_reply_ok(result);
            free(error);
            ctl_request_uninit(&req);
            return reply;
        }
        if (!error) {
            error = xasprintf("%s failed", req.cmd);
        }
    }
    LOG_DBG("command %s failed: %s", req.cmd, error);
    reply = ctl_proto_reply_error(error);
    free(error);
    ctl_request_uninit(&req);
    return reply;
}

static json_t *
log_level_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    char *error;

    (void) n_args;
    (void) aux;
    error = log_set_level(args[0], args[1]);
    if (error) {
        *errorp = error;
        return NULL;
    }
    LOG_INFO("log level of %s set to %s", args[0], args[1]);
    return json_null();
}

static json_t *
log_levels_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    (void) n_args;
    (void) args;
    (void) aux;
    (void) errorp;
    return ctl_proto_log_levels_json();
}

static json_t *
help_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    json_t *array = json_array();
    size_t i;

    (void) n_args;
    (void) args;
    (void) aux;
    (void) errorp;
    for (i = 0; i < n_cmds; i++) {
        json_array_append_new(array, json_string(cmds[i].usage));
    }
    return array;
}

void
ctl_cmd_register_common(void)
{
    ctl_cmd_register("log-level", "log-level MODULE LEVEL", 2, 2,
                     log_level_cmd, NULL);
    ctl_cmd_register("log-levels", "log-levels", 0, 0, log_levels_cmd, NULL);
    ctl_cmd_register("help", "help", 0, 0, help_cmd, NULL);
}
