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

/* Returns the view's result, or NULL with '*errorp' set. */
static json_t *
view_result(json_t *result, bool not_running, char *error, char **errorp)
{
    if (!result) {
        *errorp = not_running
                  ? xstrdup("fabric forwarding is not running (forwarding = "
                            "learning)")
                  : error ? error : xstrdup("fabric view failed");
    }
    return result;
}

static json_t *
topology_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    bool not_running;
    char *error;
    json_t *result = fabric_run_topology(&not_running, &error);

    (void) n_args;
    (void) args;
    (void) aux;
    return view_result(result, not_running, error, errorp);
}

static json_t *
path_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    bool not_running;
    char *error;
    json_t *result = fabric_run_path(args[0], args[1], &not_running, &error);

    (void) n_args;
    (void) aux;
    return view_result(result, not_running, error, errorp);
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
