/* ctl-cmd: the command registry and dispatcher of kumod's control socket.
 *
 * Modules register commands by name (before the server starts); the server
 * (ctl.c) hands each request line to ctl_cmd_dispatch() and writes back the
 * reply line it returns. No sockets here, so dispatch is unit-tested with
 * plain strings. Handlers run on the control thread, one at a time. */
#ifndef KUMO_CORE_CTL_CMD_H
#define KUMO_CORE_CTL_CMD_H 1

#include <jansson.h>
#include <stddef.h>

/* A command handler: 'args' are the request's 'n_args' strings (borrowed).
 * Returns the result (new reference, may be json_null()) or NULL after
 * setting '*errorp' to an error message (caller frees). */
typedef json_t *ctl_cmd_handler(size_t n_args, char *const args[],
                                void *aux, char **errorp);

/* Registers command 'name' taking 'min_args' to 'max_args' arguments,
 * described by 'usage' (e.g. "ports DPID"). 'name' and 'usage' must stay
 * valid (string literals); 'aux' is passed to 'handler'. Registering a
 * name again replaces the earlier entry. Not thread-safe: call before
 * ctl_server_start() or from the control thread. */
void ctl_cmd_register(const char *name, const char *usage, size_t min_args,
                      size_t max_args, ctl_cmd_handler *handler, void *aux);

/* A section of the "counters" result: returns a new JSON value, or NULL
 * to leave the section out. Runs on the control thread. */
typedef json_t *ctl_counters_fn(void *aux);

/* Registers section 'name' (a string literal) of the "counters" result,
 * filled by 'fn' (so modules above core, e.g. the fabric, can add their
 * counters). Registering a name again replaces it. Same threading rules
 * as ctl_cmd_register(). */
void ctl_cmd_register_counters(const char *name, ctl_counters_fn *fn,
                               void *aux);

/* Adds every registered counters section to object 'result'. */
void ctl_cmd_add_counters(json_t *result);

/* Removes every registered command and counters section (for tests and
 * daemon teardown). */
void ctl_cmd_unregister_all(void);

/* Registers the commands that need only the log registry: "log-level
 * MODULE LEVEL" and "log-levels"; and "help" (lists commands). */
void ctl_cmd_register_common(void);

/* Handles one request line 'line'/'size' (without newline): parses it,
 * checks the argument count, runs the handler. Returns the reply line,
 * newline-terminated (caller frees). Never fails: every problem becomes an
 * {"ok":false,...} reply. */
char *ctl_cmd_dispatch(const char *line, size_t size);

#endif /* ctl-cmd.h */
