/* cli: shared declarations of kumoctl's subcommands. */
#ifndef KUMO_CLI_H
#define KUMO_CLI_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct cli_options {
    bool json;              /* --json: machine-readable output. */
    const char *ctl_path;   /* --ctl: kumod control socket, or NULL. */
    const char *api_url;    /* --api: kumod's REST API URL, or NULL. */
    const char *token;      /* --token: API bearer token, or NULL. */
    const char *token_file; /* --token-file: file holding it, or NULL. */
};

struct cli_command {
    const char *name;
    const char *usage;
    const char *help;
    /* Runs the command with the arguments after its name; returns the exit
     * status. */
    int (*run)(const struct cli_options *, int argc, char *argv[]);
};

extern const struct cli_command cli_ofp_print_command;
/* Control-socket commands (cli-ctl.c). */
extern const struct cli_command cli_switches_command;
extern const struct cli_command cli_ports_command;
extern const struct cli_command cli_flows_command;
extern const struct cli_command cli_macs_command;
extern const struct cli_command cli_counters_command;
extern const struct cli_command cli_log_level_command;
extern const struct cli_command cli_log_levels_command;
extern const struct cli_command cli_shutdown_command;
/* Fabric commands (cli-topo.c). */
extern const struct cli_command cli_topology_command;
extern const struct cli_command cli_path_command;
/* Overlay commands (cli-chassis.c). */
extern const struct cli_command cli_chassis_command;
/* REST API commands (cli-vnet.c): tenants, networks, ports, and "flows"
 * through the API or, without --api, the control socket. */
extern const struct cli_command cli_tenant_command;
extern const struct cli_command cli_network_command;
extern const struct cli_command cli_port_command;
extern const struct cli_command cli_vnet_flows_command;

/* Sends control-socket command 'cmd' with 'n_args' 'args' to kumod and
 * stores its result in '*resultp' (caller releases). Returns 0, or the
 * exit status after printing the error: 1 kumod reported an error, 3 kumod
 * unreachable or garbled (cli-ctl.c). */
int cli_ctl_call(const struct cli_options *opts, const char *cmd,
                 size_t n_args, char *const args[], json_t **resultp);
/* Prints 'result' as indented JSON and a newline on stdout. */
void cli_print_json(const json_t *result);

#endif /* cli.h */
