/* fabric-ctl: the fabric's control-socket commands, "topology" and "path
 * SRC DST", and the "fabric" section of "counters". Handlers run on the
 * control thread and read the fabric's state by running a view
 * (fabric-show.h) on the fabric thread (fabric_call()), which owns it. */
#include "fabric/fabric-ctl.h"

#include <stdlib.h>

#include "core/ctl-cmd.h"
#include "fabric/fabric-show.h"
#include "fabric/fabric.h"
#include "lib/util.h"

struct view_ctx {
    const char *src, *dst;      /* "path" arguments. */
    json_t *result;
    char *error;
};

static void
topology_on_fabric(struct fabric_core *fc, void *ctx_, uint64_t now)
{
    struct view_ctx *ctx = ctx_;

    ctx->result = fabric_show_topology(fc, now);
}

static void
path_on_fabric(struct fabric_core *fc, void *ctx_, uint64_t now)
{
    struct view_ctx *ctx = ctx_;

    ctx->result = fabric_show_path(fc, ctx->src, ctx->dst, now, &ctx->error);
}

/* Runs 'fn' on the fabric thread; returns its result or NULL with
 * '*errorp' set. */
static json_t *
run_view(void (*fn)(struct fabric_core *, void *, uint64_t),
         struct view_ctx *ctx, char **errorp)
{
    if (fabric_call(fn, ctx)) {
        *errorp = xstrdup("fabric forwarding is not running (forwarding = "
                          "learning)");
        return NULL;
    }
    if (!ctx->result) {
        *errorp = ctx->error ? ctx->error : xstrdup("fabric view failed");
        return NULL;
    }
    free(ctx->error);
    return ctx->result;
}

static json_t *
topology_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct view_ctx ctx = { NULL, NULL, NULL, NULL };

    (void) n_args;
    (void) args;
    (void) aux;
    return run_view(topology_on_fabric, &ctx, errorp);
}

static json_t *
path_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct view_ctx ctx = { args[0], args[1], NULL, NULL };

    (void) n_args;
    (void) aux;
    return run_view(path_on_fabric, &ctx, errorp);
}

/* The "fabric" section of "counters": the copy the fabric thread
 * publishes every FABRIC_PUBLISH_MS, so polling it never waits for a busy
 * fabric thread. */
static json_t *
fabric_counters(void *aux)
{
    struct fabric_counters c;
    struct fabric_stats fs;
    json_t *result;

    (void) aux;
    if (!fabric_get_counters(&c)) {
        return NULL;
    }
    result = fabric_show_counters(&c);
    if (fabric_get_stats(&fs)) {
        json_object_set_new(result, "events",
                            json_integer((json_int_t) fs.events));
        json_object_set_new(result, "queue_pin_drops",
                            json_integer((json_int_t) fs.pin_drops));
        json_object_set_new(result, "send_errors",
                            json_integer((json_int_t) fs.send_errors));
        json_object_set_new(result, "wakeups",
                            json_integer((json_int_t) fs.wakeups));
    }
    return result;
}

void
fabric_ctl_register(void)
{
    ctl_cmd_register("topology", "topology", 0, 0, topology_cmd, NULL);
    ctl_cmd_register("path", "path SRC DST", 2, 2, path_cmd, NULL);
    ctl_cmd_register_counters("fabric", fabric_counters, NULL);
}
